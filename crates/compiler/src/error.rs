//! Compile errors name the input file (and line) and say what was expected there.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct CompileError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl CompileError {
    pub fn new(file: &Path, message: impl Into<String>) -> Self {
        CompileError { file: file.to_path_buf(), line: None, message: message.into() }
    }
    pub fn at(file: &Path, line: usize, message: impl Into<String>) -> Self {
        CompileError { file: file.to_path_buf(), line: Some(line), message: message.into() }
    }
    pub fn io(file: &Path, e: std::io::Error) -> Self {
        let hint = if e.kind() == std::io::ErrorKind::NotFound {
            " (set --cms DIR or CMS_SOURCES to the folder holding the CMS kit, e.g. ../shared/cms)"
        } else {
            ""
        };
        CompileError::new(file, format!("{e}{hint}"))
    }
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file.display(), line, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for CompileError {}

pub type Result<T> = std::result::Result<T, CompileError>;
