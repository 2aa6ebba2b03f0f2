//! Lookup errors: each has a stable code for the CLI and the JS API.

use std::fmt;

use codeglass_tables::SelectError;

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LookupError {
    /// No table covers the date, or none is loaded.
    Select(SelectError),
    /// The text is not a code in any accepted form (`I50.23`, `i5023`, `02703DZ`).
    BadCode { input: String },
    /// A well-formed code that the code set of that date does not hold.
    CodeNotFound { code: String, system: &'static str, version: u32 },
    /// A PCS prefix with characters no valid code has at those positions.
    PcsPrefixNotFound { prefix: String, version: u32 },
}

impl LookupError {
    pub fn code(&self) -> &'static str {
        match self {
            LookupError::Select(e) => e.code(),
            LookupError::BadCode { .. } => "BAD_CODE",
            LookupError::CodeNotFound { .. } => "CODE_NOT_FOUND",
            LookupError::PcsPrefixNotFound { .. } => "PCS_PREFIX_NOT_FOUND",
        }
    }
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::Select(e) => e.fmt(f),
            LookupError::BadCode { input } => {
                let shown: String = input.chars().take(24).collect();
                write!(f, "{shown:?} is not a code: expected letters and digits, e.g. I50.23 or 02703DZ")
            }
            LookupError::CodeNotFound { code, system, version } => {
                write!(f, "{code} is not a {system} code in FY{version}")
            }
            LookupError::PcsPrefixNotFound { prefix, version } => {
                write!(f, "no FY{version} ICD-10-PCS code starts with {prefix:?}")
            }
        }
    }
}

impl std::error::Error for LookupError {}

impl From<SelectError> for LookupError {
    fn from(e: SelectError) -> Self {
        LookupError::Select(e)
    }
}
