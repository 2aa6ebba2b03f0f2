//! Table metadata: a `meta` section of `key=value` lines, readable with `strings`.

use crate::date::Date;
use crate::error::TableError;

/// Ordered metadata of a table (kind, system, version, effective dates, provenance notes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    entries: Vec<(String, String)>,
}

impl Meta {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an entry; keys and values must not contain line breaks or `=` in the key.
    pub fn set(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        let value = value.into();
        assert!(!key.contains(['=', '\n']) && !value.contains('\n'), "bad meta entry {key}");
        self.entries.push((key.to_string(), value));
        self
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn require(&self, key: &'static str) -> Result<&str, TableError> {
        self.get(key).ok_or(TableError::BadMeta { key, detail: "missing".into() })
    }

    pub fn date(&self, key: &'static str) -> Result<Date, TableError> {
        self.require(key)?
            .parse()
            .map_err(|e: crate::date::DateError| TableError::BadMeta { key, detail: e.to_string() })
    }

    pub fn number(&self, key: &'static str) -> Result<u32, TableError> {
        let v = self.require(key)?;
        v.parse().map_err(|_| TableError::BadMeta { key, detail: format!("{v:?} is not a number") })
    }

    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut s = String::new();
        for (k, v) in &self.entries {
            s.push_str(k);
            s.push('=');
            s.push_str(v);
            s.push('\n');
        }
        s.into_bytes()
    }

    pub fn parse(bytes: &[u8]) -> Result<Meta, TableError> {
        let text =
            std::str::from_utf8(bytes).map_err(|_| TableError::BadMeta { key: "meta", detail: "not UTF-8".into() })?;
        let mut meta = Meta::new();
        for line in text.lines().filter(|l| !l.is_empty()) {
            let (k, v) =
                line.split_once('=').ok_or(TableError::BadMeta { key: "meta", detail: format!("line {line:?}") })?;
            meta.entries.push((k.to_string(), v.to_string()));
        }
        Ok(meta)
    }
}
