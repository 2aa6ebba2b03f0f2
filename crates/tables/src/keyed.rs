//! Versioned keyed tables: the MS-DRG grouper and MCE reference tables.
//!
//! Each reference CSV becomes one keyed table inside an `msdrg` container:
//! - `NAME.k`: FST, key → `first_row << 16 | row_count`;
//! - `NAME.r`: 10-byte rows `(version_start u16, version_end u16, value ref)`, grouped by key in
//!   source order;
//! - values are the non-key columns joined by tabs, interned once in the shared `values` pool
//!   (most rows share a value: 76k diagnosis rows have a few thousand distinct attribute sets).
//!
//! Column names are in the `meta` section as `columns.NAME=a,b,c`. Rows without versions use
//! `0..=65535`. Typed readers (the grouper, the code editor) parse values once into their own
//! structures; this layer only finds them.

use fst::{IntoStreamer, Streamer};

use crate::bytes::{u16_at, Slice};
use crate::container::Container;
use crate::error::TableError;
use crate::meta::Meta;
use crate::strings::str_ref;

const ROW: usize = 10;

/// All rows of one key valid in any version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row<'a> {
    pub version_start: u16,
    pub version_end: u16,
    /// The non-key columns, tab-separated, in the order of [`KeyedTable::columns`].
    pub value: &'a str,
}

impl<'a> Row<'a> {
    pub fn covers(&self, version: u16) -> bool {
        self.version_start <= version && version <= self.version_end
    }
    /// The value's columns.
    pub fn fields(&self) -> std::str::Split<'a, char> {
        self.value.split('\t')
    }
}

/// One keyed table over shared storage.
#[derive(Clone)]
pub struct KeyedTable<D> {
    name: String,
    columns: Vec<String>,
    keys: fst::Map<Slice<D>>,
    rows: Slice<D>,
    values: Slice<D>,
}

impl<D: AsRef<[u8]> + Clone> KeyedTable<D> {
    pub(crate) fn open(c: &Container<D>, meta: &Meta, name: &str, values: Slice<D>) -> Result<Self, TableError> {
        let columns = meta
            .get(&format!("columns.{name}"))
            .ok_or_else(|| TableError::MissingSection { name: format!("columns.{name}") })?
            .split(',')
            .map(str::to_string)
            .collect();
        let rows = c.section(&format!("{name}.r"))?;
        if rows.as_ref().len() % ROW != 0 {
            return Err(TableError::OutOfBounds { what: "keyed rows" });
        }
        Ok(KeyedTable {
            name: name.to_string(),
            columns,
            keys: crate::bytes::verified_map(c.section(&format!("{name}.k"))?)?,
            rows,
            values,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }
    /// Names of the value columns.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }
    /// Position of a value column, for [`Row::fields`].
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }
    pub fn row_count(&self) -> usize {
        self.rows.as_ref().len() / ROW
    }

    /// Every row stored for `key`, in source order.
    pub fn rows(&self, key: &str) -> Vec<Row<'_>> {
        match self.keys.get(key.as_bytes()) {
            Some(packed) => self.rows_at(packed),
            None => Vec::new(),
        }
    }

    /// The first row of `key` valid in `version`.
    pub fn get(&self, key: &str, version: u16) -> Option<Row<'_>> {
        self.rows(key).into_iter().find(|r| r.covers(version))
    }

    /// Every key with its rows, in key order.
    pub fn entries(&self) -> Vec<(String, Vec<Row<'_>>)> {
        // The key count comes from the (checksummed, but possibly damaged) FST: never trust it
        // for an allocation; there cannot be more keys than rows.
        let mut out = Vec::with_capacity(self.keys.len().min(self.row_count()));
        let mut stream = self.keys.stream();
        while let Some((k, packed)) = stream.next() {
            out.push((String::from_utf8_lossy(k).into_owned(), self.rows_at(packed)));
        }
        out
    }

    /// Keys in `[from, to]` (inclusive), for range scans.
    pub fn keys_in(&self, from: &str, to: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = self.keys.range().ge(from.as_bytes()).le(to.as_bytes()).into_stream();
        while let Some((k, _)) = stream.next() {
            out.push(String::from_utf8_lossy(k).into_owned());
        }
        out
    }

    fn rows_at(&self, packed: u64) -> Vec<Row<'_>> {
        let first = (packed >> 16) as usize;
        let count = (packed & 0xffff) as usize;
        let b = self.rows.as_ref();
        let pool = self.values.as_ref();
        (first..first + count)
            .filter_map(|i| {
                let r = b.get(i * ROW..(i + 1) * ROW)?;
                Some(Row { version_start: u16_at(r, 0), version_end: u16_at(r, 2), value: str_ref(pool, r, 4) })
            })
            .collect()
    }
}

/// Builds keyed tables into one container (see the module docs for the layout).
/// A row to write: `(key, version_start, version_end, tab-joined value)`.
pub type RowInput = (String, u16, u16, String);

#[derive(Default)]
pub struct KeyedTablesWriter {
    tables: Vec<(String, Vec<String>, Vec<RowInput>)>,
}

impl KeyedTablesWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a table: `rows` are `(key, version_start, version_end, tab-joined value)` in source
    /// order; rows of one key keep their relative order.
    pub fn table(&mut self, name: &str, columns: &[&str], rows: Vec<RowInput>) {
        assert!(name.len() <= 14, "table name too long: {name}");
        self.tables.push((name.to_string(), columns.iter().map(|c| c.to_string()).collect(), rows));
    }

    /// Writes the tables' sections and column names; the caller adds `meta` and `values`.
    pub fn write(&self, meta: &mut Meta, values: &mut crate::strings::StringPoolWriter) -> Vec<(String, Vec<u8>)> {
        let mut sections = Vec::new();
        for (name, columns, rows) in &self.tables {
            meta.set(&format!("columns.{name}"), columns.join(","));
            let mut order: Vec<usize> = (0..rows.len()).collect();
            order.sort_by(|&a, &b| rows[a].0.cmp(&rows[b].0).then(a.cmp(&b)));
            let mut out = crate::bytes::ByteWriter::new();
            let mut keys: Vec<(String, u64)> = Vec::new();
            for (i, &r) in order.iter().enumerate() {
                let (key, vs, ve, value) = &rows[r];
                match keys.last_mut() {
                    Some((k, packed)) if k == key => *packed += 1,
                    _ => keys.push((key.clone(), (i as u64) << 16 | 1)),
                }
                assert!(keys.last().unwrap().1 & 0xffff < 0xffff, "too many rows for key {key}");
                out.u16(*vs).u16(*ve);
                values.write_ref(&mut out, value);
            }
            let fst = fst::Map::from_iter(keys).expect("sorted keys").into_fst().into_inner();
            sections.push((format!("{name}.k"), fst));
            sections.push((format!("{name}.r"), out.into_inner()));
        }
        sections
    }
}
