//! Errors raised while opening a compiled table.
//!
//! Two levels, as in `fst`: [`TableError`] says what is wrong with the bytes and what to do
//! about it; the wrapped [`fst::Error`] keeps the index library's own detail.

use std::fmt;

/// Why a compiled table could not be opened or read.
#[derive(Debug)]
#[non_exhaustive]
pub enum TableError {
    /// Fewer bytes than a header needs: the download or the file was cut short.
    Truncated { needed: usize, found: usize },
    /// The bytes do not start with the Codeglass table magic: not a table file at all.
    BadMagic,
    /// A table written by another format version of the compiler.
    UnsupportedFormat { found: u32, supported: u32 },
    /// The payload does not match the checksum in the header: the file is corrupted.
    ChecksumMismatch { expected: u32, found: u32 },
    /// A section the reader needs is absent.
    MissingSection { name: String },
    /// A section or a record points outside the file.
    OutOfBounds { what: &'static str },
    /// The table is valid but of another kind than the caller asked for.
    WrongKind { expected: &'static str, found: String },
    /// A metadata field is missing or malformed.
    BadMeta { key: &'static str, detail: String },
    /// An FST index inside the table is malformed.
    Fst(fst::Error),
}

impl TableError {
    /// A stable, machine-readable code for this error (used by the CLI and the JS API).
    pub fn code(&self) -> &'static str {
        match self {
            TableError::Truncated { .. } => "TABLE_TRUNCATED",
            TableError::BadMagic => "TABLE_BAD_MAGIC",
            TableError::UnsupportedFormat { .. } => "TABLE_UNSUPPORTED_FORMAT",
            TableError::ChecksumMismatch { .. } => "TABLE_CHECKSUM_MISMATCH",
            TableError::MissingSection { .. } => "TABLE_MISSING_SECTION",
            TableError::OutOfBounds { .. } => "TABLE_OUT_OF_BOUNDS",
            TableError::WrongKind { .. } => "TABLE_WRONG_KIND",
            TableError::BadMeta { .. } => "TABLE_BAD_META",
            TableError::Fst(_) => "TABLE_BAD_INDEX",
        }
    }
}

const REBUILD: &str = "rebuild the tables with `codeglass tables build` or fetch them again";

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::Truncated { needed, found } => {
                write!(f, "code table truncated: needed at least {needed} bytes, found {found}; {REBUILD}")
            }
            TableError::BadMagic => write!(
                f,
                "not a Codeglass code table (bad magic bytes); check the URL or path points at a \
                 `.cgt` file from `code_tables/`"
            ),
            TableError::UnsupportedFormat { found, supported } => write!(
                f,
                "code table format version {found} is not supported (this build reads version \
                 {supported}); {REBUILD} with this version of Codeglass"
            ),
            TableError::ChecksumMismatch { expected, found } => write!(
                f,
                "code table corrupted: checksum {found:08x} does not match header {expected:08x}; \
                 {REBUILD}"
            ),
            TableError::MissingSection { name } => {
                write!(f, "code table lacks section `{name}`; {REBUILD}")
            }
            TableError::OutOfBounds { what } => {
                write!(f, "code table {what} points outside the file; {REBUILD}")
            }
            TableError::WrongKind { expected, found } => {
                write!(f, "expected a `{expected}` table but this file holds `{found}`; pass the right file")
            }
            TableError::BadMeta { key, detail } => {
                write!(f, "code table metadata `{key}` is invalid: {detail}; {REBUILD}")
            }
            TableError::Fst(e) => write!(f, "code table index is malformed ({e}); {REBUILD}"),
        }
    }
}

impl std::error::Error for TableError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TableError::Fst(e) => Some(e),
            _ => None,
        }
    }
}

impl From<fst::Error> for TableError {
    fn from(e: fst::Error) -> Self {
        TableError::Fst(e)
    }
}
