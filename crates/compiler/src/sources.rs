//! The CMS source kit and the extra reference folder on disk; every file read is recorded
//! (path, sha256, size) for the manifest.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{CompileError, Result};

/// One input file as the manifest lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct InputFile {
    /// Path with `/` separators: relative to the CMS kit root, or, for the extra folder's files,
    /// `extra/…` (relative to the folder that holds `cms/` and `extra/`, e.g. `../shared`).
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// What the file is, where it is not an official CMS file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The manifest path prefix of the extra folder's files.
pub const EXTRA_PREFIX: &str = "extra/";

/// The extra reference folder beside a CMS kit: `<cms>/../extra`.
pub fn default_extra(cms_root: &Path) -> PathBuf {
    match (cms_root.file_name(), cms_root.parent()) {
        (Some(_), Some(parent)) => parent.join("extra"),
        _ => cms_root.join("..").join("extra"),
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads files below the kit root (and the extra folder) and remembers them.
pub struct Sources {
    root: PathBuf,
    extra: PathBuf,
    read: RefCell<Vec<InputFile>>,
}

impl Sources {
    /// The CMS kit at `root` and the extra reference folder at `extra` (see
    /// [`default_extra`]); both must exist.
    pub fn new(root: impl Into<PathBuf>, extra: impl Into<PathBuf>) -> Result<Self> {
        let (root, extra) = (root.into(), extra.into());
        if !root.join("icd10cm").is_dir() {
            return Err(CompileError::new(
                &root,
                "not a CMS source kit (no icd10cm/ folder); pass --cms DIR or set CMS_SOURCES",
            ));
        }
        if !extra.join("msdrg").is_dir() {
            return Err(CompileError::new(
                &extra,
                "no extra reference folder here (it holds msdrg/FY2027_Table_5.tsv, the FY2027 MS-DRG weights); \
                 pass --extra DIR or set EXTRA_SOURCES (default: the extra/ folder beside the CMS kit)",
            ));
        }
        Ok(Sources { root, extra, read: RefCell::new(Vec::new()) })
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// A file of the extra folder (`rel` relative to it).
    pub fn extra_path(&self, rel: &str) -> PathBuf {
        self.extra.join(rel)
    }

    /// Reads a file and records it as an input.
    pub fn read(&self, rel: &str) -> Result<Vec<u8>> {
        let path = self.path(rel);
        let bytes = std::fs::read(&path).map_err(|e| CompileError::io(&path, e))?;
        self.record(rel.to_string(), &bytes, None);
        Ok(bytes)
    }

    /// Reads a UTF-8 file of the extra folder and records it as the input `extra/<rel>`, with
    /// `note` saying what it is.
    pub fn read_extra_text(&self, rel: &str, note: &str) -> Result<String> {
        let path = self.extra_path(rel);
        let bytes = std::fs::read(&path).map_err(|e| {
            CompileError::new(
                &path,
                format!("{e} (pass --extra DIR or set EXTRA_SOURCES to the folder holding msdrg/FY2027_Table_5.tsv)"),
            )
        })?;
        self.record(format!("{EXTRA_PREFIX}{rel}"), &bytes, Some(note));
        String::from_utf8(bytes).map_err(|e| CompileError::new(&path, format!("not UTF-8: {e}")))
    }

    fn record(&self, path: String, bytes: &[u8], note: Option<&str>) {
        let mut read = self.read.borrow_mut();
        if !read.iter().any(|f| f.path == path) {
            read.push(InputFile {
                path,
                sha256: sha256_hex(bytes),
                bytes: bytes.len() as u64,
                note: note.map(str::to_string),
            });
        }
    }

    /// Reads a UTF-8 (or ASCII) text file.
    pub fn read_text(&self, rel: &str) -> Result<String> {
        let bytes = self.read(rel)?;
        String::from_utf8(bytes).map_err(|e| CompileError::new(&self.path(rel), format!("not UTF-8: {e}")))
    }

    /// Reads a Windows-1252 text file (IPPS Table 5 uses it for em dashes).
    pub fn read_cp1252(&self, rel: &str) -> Result<String> {
        Ok(self.read(rel)?.iter().map(|&b| cp1252(b)).collect())
    }

    /// Every file read so far, sorted by path.
    pub fn inputs(&self) -> Vec<InputFile> {
        let mut v = self.read.borrow().clone();
        v.sort_by(|a, b| a.path.cmp(&b.path));
        v
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn extra_root(&self) -> &Path {
        &self.extra
    }
}

fn cp1252(b: u8) -> char {
    match b {
        0x80 => '€',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x96 => '–',
        0x97 => '—',
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extra_folder_is_beside_the_kit() {
        assert_eq!(default_extra(Path::new("../shared/cms")), Path::new("../shared/extra"));
        assert_eq!(default_extra(Path::new("/data/cms/")), Path::new("/data/extra"));
        assert_eq!(default_extra(Path::new("cms")), Path::new("extra"));
        assert_eq!(default_extra(Path::new(".")), Path::new("./../extra"));
        assert_eq!(default_extra(Path::new("..")), Path::new("../../extra"));
    }
}
