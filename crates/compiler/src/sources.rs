//! The CMS source kit on disk; every file read is recorded (path, sha256, size) for the manifest.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{CompileError, Result};

/// One input file as the manifest lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct InputFile {
    /// Path relative to the kit root, with `/` separators.
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads files below the kit root and remembers them.
pub struct Sources {
    root: PathBuf,
    read: RefCell<Vec<InputFile>>,
}

impl Sources {
    pub fn new(root: impl Into<PathBuf>) -> Result<Self> {
        let root = root.into();
        if !root.join("icd10cm").is_dir() {
            return Err(CompileError::new(
                &root,
                "not a CMS source kit (no icd10cm/ folder); pass --cms DIR or set CMS_SOURCES",
            ));
        }
        Ok(Sources { root, read: RefCell::new(Vec::new()) })
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Reads a file and records it as an input.
    pub fn read(&self, rel: &str) -> Result<Vec<u8>> {
        let path = self.path(rel);
        let bytes = std::fs::read(&path).map_err(|e| CompileError::io(&path, e))?;
        let mut read = self.read.borrow_mut();
        if !read.iter().any(|f| f.path == rel) {
            read.push(InputFile { path: rel.to_string(), sha256: sha256_hex(&bytes), bytes: bytes.len() as u64 });
        }
        Ok(bytes)
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
