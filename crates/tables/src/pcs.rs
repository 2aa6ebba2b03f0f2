//! ICD-10-PCS axis tables (what each character means, which combinations are valid) and
//! definitions (root operations, approaches, devices, body parts, device aggregation).
//!
//! Sections inside an `icd10pcs` code-set table:
//! - `pcs_tables`: `u32` count, an index of `(prefix [u8; 3], pad, offset u32)` sorted by
//!   prefix, then per table: labels of positions 1–3, titles of positions 1–7, the definition
//!   of position 3, a `u16` row count and rows of four axes (positions 4–7), each a `u8` count
//!   and `(character, label)` pairs.
//! - `pcs_defs`: `u32` count, 32-byte terms `(section, position, axis title, titles, definition,
//!   explanation, includes)`; multi-valued fields are joined with `\n`.
//! - `pcs_aggr`: `u32` count, device-aggregation rows `(device, operation, body systems,
//!   parent character, parent label)`.
//! - `pcs_strings`: the string pool of the three.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use crate::bytes::{u16_at, u32_at, u8_at, ByteWriter, Slice};
use crate::container::Container;
use crate::error::TableError;
use crate::strings::{str_ref, StringPoolWriter, STR_REF};
use crate::text::words;

/// One value of an axis: its character and label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AxisValue<S> {
    pub character: char,
    pub label: S,
}

/// A PCS table (the first three characters) with its rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PcsTable<S> {
    pub prefix: String,
    /// Labels of characters 1–3 (section, body system, operation).
    pub labels: [S; 3],
    /// Axis titles of positions 1–7 ("Section", …, "Qualifier"; they vary by section).
    pub axis_titles: [S; 7],
    /// The definition of the position-3 value (the root operation), where the XML has one.
    pub definition: S,
    /// Rows: for positions 4–7, the values allowed together.
    pub rows: Vec<[Vec<AxisValue<S>>; 4]>,
}

/// A definitions entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PcsTerm<S> {
    pub section: char,
    pub position: u8,
    pub axis_title: S,
    pub titles: Vec<S>,
    pub definition: S,
    pub explanation: S,
    pub includes: Vec<S>,
}

/// A device-aggregation entry: a specific device value and the general value it maps to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PcsAggregate<S> {
    pub device: S,
    pub operation: S,
    pub body_systems: Vec<S>,
    pub parent_character: char,
    pub parent_label: S,
}

const TERM: usize = 2 + 5 * STR_REF;
const AGGR: usize = 1 + 4 * STR_REF;

/// Writes the PCS sections.
pub fn write_pcs_sections(
    tables: &[PcsTable<String>],
    terms: &[PcsTerm<String>],
    aggregates: &[PcsAggregate<String>],
) -> Vec<(String, Vec<u8>)> {
    let mut pool = StringPoolWriter::new();
    let mut sorted: Vec<&PcsTable<String>> = tables.iter().collect();
    sorted.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    let mut body = ByteWriter::new();
    let mut index = ByteWriter::new();
    let header = 4 + 8 * sorted.len();
    for t in &sorted {
        assert_eq!(t.prefix.len(), 3, "PCS table prefix {}", t.prefix);
        index.bytes(t.prefix.as_bytes()).u8(0).u32((header + body.len()) as u32);
        for s in t.labels.iter().chain(&t.axis_titles).chain([&t.definition]) {
            pool.write_ref(&mut body, s);
        }
        body.u16(t.rows.len() as u16);
        for row in &t.rows {
            for axis in row {
                body.u8(axis.len() as u8);
                for v in axis {
                    body.u8(v.character as u8);
                    pool.write_ref(&mut body, &v.label);
                }
            }
        }
    }
    let mut table_bytes = ByteWriter::new();
    table_bytes.u32(sorted.len() as u32).bytes(&index.into_inner()).bytes(&body.into_inner());

    let mut defs = ByteWriter::new();
    defs.u32(terms.len() as u32);
    for t in terms {
        defs.u8(t.section as u8).u8(t.position);
        for s in [&t.axis_title, &t.titles.join("\n"), &t.definition, &t.explanation, &t.includes.join("\n")] {
            pool.write_ref(&mut defs, s);
        }
    }
    let mut aggr = ByteWriter::new();
    aggr.u32(aggregates.len() as u32);
    for a in aggregates {
        aggr.u8(a.parent_character as u8);
        for s in [&a.device, &a.operation, &a.body_systems.join("\n"), &a.parent_label] {
            pool.write_ref(&mut aggr, s);
        }
    }
    vec![
        ("pcs_tables".into(), table_bytes.into_inner()),
        ("pcs_defs".into(), defs.into_inner()),
        ("pcs_aggr".into(), aggr.into_inner()),
        ("pcs_strings".into(), pool.into_bytes()),
    ]
}

/// Reads the PCS sections of an `icd10pcs` table.
#[derive(Clone)]
pub struct PcsAxes<D> {
    tables: Slice<D>,
    defs: Slice<D>,
    aggr: Slice<D>,
    strings: Slice<D>,
    /// Root operation word → the tables of that operation, built on first use (search reads it
    /// for every keystroke; reading 900 labels each time cost more than the rest of a search).
    operations: Arc<OnceLock<HashMap<String, Vec<u32>>>>,
    /// Body part word → the tables with a body part (4th character) label holding it; built on
    /// first use, for the same reason.
    body_parts: Arc<OnceLock<BTreeMap<String, Vec<u32>>>>,
}

fn split_lines(s: &str) -> Vec<&str> {
    if s.is_empty() {
        Vec::new()
    } else {
        s.split('\n').collect()
    }
}

impl<D: AsRef<[u8]> + Clone> PcsAxes<D> {
    pub fn open(data: D) -> Result<Self, TableError> {
        Self::from_container(&Container::open(data)?)
    }

    pub(crate) fn from_container(c: &Container<D>) -> Result<Self, TableError> {
        Ok(PcsAxes {
            tables: c.section("pcs_tables")?,
            defs: c.section("pcs_defs")?,
            aggr: c.section("pcs_aggr")?,
            strings: c.section("pcs_strings")?,
            operations: Arc::default(),
            body_parts: Arc::default(),
        })
    }

    pub fn table_count(&self) -> usize {
        u32_at(self.tables.as_ref(), 0) as usize
    }

    fn prefix_at(&self, i: usize) -> &[u8] {
        let b = self.tables.as_ref();
        b.get(4 + i * 8..4 + i * 8 + 3).unwrap_or(b"")
    }

    /// Index of the first table whose prefix is not less than `key` (the index is sorted).
    fn lower_bound(&self, key: &[u8]) -> usize {
        let (mut lo, mut hi) = (0, self.table_count());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.prefix_at(mid) < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The table for the first three characters of a code.
    pub fn table(&self, prefix: &str) -> Option<PcsTable<&str>> {
        let i = self.lower_bound(prefix.as_bytes());
        (i < self.table_count() && self.prefix_at(i) == prefix.as_bytes()).then(|| self.decode(i)).flatten()
    }

    /// The first table (in prefix order) whose prefix starts with `start` (1–3 characters).
    pub fn first_table_starting_with(&self, start: &str) -> Option<PcsTable<&str>> {
        let i = self.lower_bound(start.as_bytes());
        (i < self.table_count() && self.prefix_at(i).starts_with(start.as_bytes())).then(|| self.decode(i)).flatten()
    }

    /// The section, body system and root operation labels of the `i`-th table (in prefix
    /// order), read without decoding its rows: enough to pick the tables a query names.
    pub fn labels_at(&self, i: usize) -> Option<[&str; 3]> {
        let b = self.tables.as_ref();
        let pool = self.strings.as_ref();
        if i >= self.table_count() {
            return None;
        }
        let pos = u32_at(b, 4 + i * 8 + 4) as usize;
        (pos + 3 * STR_REF <= b.len()).then(|| [0, 1, 2].map(|k| str_ref(pool, b, pos + k * STR_REF)))
    }

    /// The tables (indices in prefix order) whose root operation label has `word` (a
    /// normalised word: "excision", "tomography").
    pub fn tables_with_operation_word(&self, word: &str) -> &[u32] {
        let index = self.operations.get_or_init(|| {
            let mut map: HashMap<String, Vec<u32>> = HashMap::new();
            for i in 0..self.table_count() {
                let Some(labels) = self.labels_at(i) else { continue };
                for w in words(labels[2]) {
                    let tables = map.entry(w).or_default();
                    if tables.last() != Some(&(i as u32)) {
                        tables.push(i as u32);
                    }
                }
            }
            map
        });
        index.get(word).map_or(&[], Vec::as_slice)
    }

    /// Every word of the body part (4th character) labels, with the tables (indices in prefix
    /// order) whose labels hold it; sorted, so words starting with a prefix are one range.
    pub fn body_part_words(&self) -> &BTreeMap<String, Vec<u32>> {
        self.body_parts.get_or_init(|| {
            let mut map: BTreeMap<String, Vec<u32>> = BTreeMap::new();
            for i in 0..self.table_count() {
                let Some(table) = self.decode(i) else { continue };
                for value in table.rows.iter().flat_map(|row| &row[0]) {
                    for w in words(value.label) {
                        let tables = map.entry(w).or_default();
                        if tables.last() != Some(&(i as u32)) {
                            tables.push(i as u32);
                        }
                    }
                }
            }
            map
        })
    }

    /// The `i`-th table in prefix order.
    pub fn table_at(&self, i: usize) -> Option<PcsTable<&str>> {
        (i < self.table_count()).then(|| self.decode(i)).flatten()
    }

    fn decode(&self, i: usize) -> Option<PcsTable<&str>> {
        let b = self.tables.as_ref();
        let pool = self.strings.as_ref();
        let mut pos = u32_at(b, 4 + i * 8 + 4) as usize;
        let mut text = || {
            let s = str_ref(pool, b, pos);
            pos += STR_REF;
            s
        };
        let labels = [text(), text(), text()];
        let axis_titles = [text(), text(), text(), text(), text(), text(), text()];
        let definition = text();
        let row_count = u16_at(b, pos) as usize;
        pos += 2;
        let mut rows = Vec::with_capacity(row_count);
        for _ in 0..row_count {
            let mut axes: [Vec<AxisValue<&str>>; 4] = Default::default();
            for axis in &mut axes {
                let count = u8_at(b, pos) as usize;
                pos += 1;
                for _ in 0..count {
                    let character = u8_at(b, pos) as char;
                    axis.push(AxisValue { character, label: str_ref(pool, b, pos + 1) });
                    pos += 1 + STR_REF;
                }
            }
            rows.push(axes);
        }
        (pos <= b.len()).then(|| PcsTable {
            prefix: String::from_utf8_lossy(self.prefix_at(i)).into_owned(),
            labels,
            axis_titles,
            definition,
            rows,
        })
    }

    /// Every definitions term.
    pub fn terms(&self) -> Vec<PcsTerm<&str>> {
        let b = self.defs.as_ref();
        let pool = self.strings.as_ref();
        (0..u32_at(b, 0) as usize)
            .map(|i| {
                let at = 4 + i * TERM;
                let s = |k: usize| str_ref(pool, b, at + 2 + k * STR_REF);
                PcsTerm {
                    section: u8_at(b, at) as char,
                    position: u8_at(b, at + 1),
                    axis_title: s(0),
                    titles: split_lines(s(1)),
                    definition: s(2),
                    explanation: s(3),
                    includes: split_lines(s(4)),
                }
            })
            .collect()
    }

    /// Every device-aggregation entry.
    pub fn aggregates(&self) -> Vec<PcsAggregate<&str>> {
        let b = self.aggr.as_ref();
        let pool = self.strings.as_ref();
        (0..u32_at(b, 0) as usize)
            .map(|i| {
                let at = 4 + i * AGGR;
                let s = |k: usize| str_ref(pool, b, at + 1 + k * STR_REF);
                PcsAggregate {
                    parent_character: u8_at(b, at) as char,
                    device: s(0),
                    operation: s(1),
                    body_systems: split_lines(s(2)),
                    parent_label: s(3),
                }
            })
            .collect()
    }
}
