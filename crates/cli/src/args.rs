//! A small argument reader: positionals, `--flag`, `--key value` / `--key=value`.

use std::path::PathBuf;

/// An error the CLI reports as `error[CODE]: message`.
#[derive(Debug)]
pub struct CliError {
    pub code: &'static str,
    pub message: String,
}

impl CliError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        CliError { code, message: message.into() }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::new("USAGE", message)
    }
}

impl From<codeglass_tables::TableError> for CliError {
    fn from(e: codeglass_tables::TableError) -> Self {
        CliError::new(e.code(), e.to_string())
    }
}

impl From<codeglass_compiler::CompileError> for CliError {
    fn from(e: codeglass_compiler::CompileError) -> Self {
        CliError::new("COMPILE_FAILED", e.to_string())
    }
}

/// Options that take a value; every other `--x` is a boolean flag.
const VALUE_OPTIONS: &[&str] = &["cms", "extra", "out", "tables", "system", "limit", "date", "chapter", "dir", "port"];

pub struct Args {
    items: Vec<String>,
}

impl Args {
    pub fn from_env() -> Self {
        Args { items: std::env::args().skip(1).collect() }
    }

    #[cfg(test)]
    pub fn from(items: &[&str]) -> Self {
        Args { items: items.iter().map(|s| s.to_string()).collect() }
    }

    /// Removes and returns the first argument that is not an option.
    pub fn next_positional(&mut self) -> Option<String> {
        let mut i = 0;
        while i < self.items.len() {
            if let Some(name) = self.items[i].strip_prefix("--") {
                i += if VALUE_OPTIONS.contains(&name) { 2 } else { 1 };
                continue;
            }
            return Some(self.items.remove(i));
        }
        None
    }

    /// Removes a boolean `--name`.
    pub fn flag(&mut self, name: &str) -> bool {
        let key = format!("--{name}");
        match self.items.iter().position(|a| *a == key) {
            Some(i) => {
                self.items.remove(i);
                true
            }
            None => false,
        }
    }

    /// Removes `--name value` or `--name=value`.
    pub fn value(&mut self, name: &str) -> Result<Option<String>, CliError> {
        let key = format!("--{name}");
        let prefix = format!("--{name}=");
        if let Some(i) = self.items.iter().position(|a| a.starts_with(&prefix)) {
            return Ok(Some(self.items.remove(i)[prefix.len()..].to_string()));
        }
        match self.items.iter().position(|a| *a == key) {
            Some(i) if i + 1 < self.items.len() => {
                self.items.remove(i);
                Ok(Some(self.items.remove(i)))
            }
            Some(_) => Err(CliError::usage(format!("{key} needs a value"))),
            None => Ok(None),
        }
    }

    pub fn path(&mut self, name: &str) -> Result<Option<PathBuf>, CliError> {
        Ok(self.value(name)?.map(PathBuf::from))
    }

    /// Fails on anything left over, so typos are not silently ignored.
    pub fn finish(self) -> Result<(), CliError> {
        match self.items.first() {
            Some(a) => Err(CliError::usage(format!("unexpected argument {a:?}"))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_options_in_any_order() {
        let mut a = Args::from(&["--json", "tables", "--out=x", "build", "--cms", "k"]);
        assert_eq!(a.next_positional().as_deref(), Some("tables"));
        assert!(a.flag("json"));
        assert_eq!(a.value("cms").unwrap().as_deref(), Some("k"));
        assert_eq!(a.value("out").unwrap().as_deref(), Some("x"));
        assert_eq!(a.next_positional().as_deref(), Some("build"));
        assert!(a.finish().is_ok());
        let mut b = Args::from(&["--cms"]);
        assert_eq!(b.value("cms").unwrap_err().code, "USAGE");
        assert!(Args::from(&["--bogus"]).finish().is_err());
    }
}
