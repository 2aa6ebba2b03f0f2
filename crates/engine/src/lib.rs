//! The Codeglass facade: one value that holds the loaded tables, the MS-DRG grouper and the
//! Medicare Code Editor built from them. The JS API (`codeglass-wasm`) and the widget
//! (`codeglass-widget`) share it, so a page that uses both loads the tables once.
//!
//! ```no_run
//! # fn main() -> Result<(), codeglass_tables::TableError> {
//! use std::sync::Arc;
//! let mut engine = codeglass_engine::Engine::new();
//! for file in ["icd10cm-2027.cgt", "icd10pcs-2027.cgt", "msdrg.cgt"] {
//!     let bytes: Arc<[u8]> = std::fs::read(format!("code_tables/{file}")).unwrap().into();
//!     engine.add_table(bytes)?;
//! }
//! let date = "2026-11-22".parse().unwrap();
//! let hits = codeglass_lookup::search(engine.catalog(), "chf", date, &Default::default());
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]

use std::sync::Arc;

use codeglass_edits::Mce;
use codeglass_grouper::Grouper;
use codeglass_tables::{Catalog, TableError, TableSummary};

/// Table bytes as every edge holds them: shared, never copied after loading.
pub type Bytes = Arc<[u8]>;

/// The loaded tables and what is built from them.
#[derive(Default)]
pub struct Engine {
    catalog: Catalog<Bytes>,
    tables: Vec<TableSummary>,
    /// Built when the `msdrg` table is added; loads each version's data on first use.
    grouper: Option<Grouper<Bytes>>,
    mce: Option<Mce<Bytes>>,
    /// Idle-time searches that warm the engine up; started again by each code set added.
    warm_up: codeglass_lookup::WarmUp,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Adds a compiled table (the bytes of a `.cgt` file); a table of the same kind and
    /// version replaces the earlier one.
    pub fn add_table(&mut self, bytes: Bytes) -> Result<TableSummary, TableError> {
        let summary = self.catalog.add(bytes)?;
        self.tables.retain(|t| !(t.kind == summary.kind && t.version == summary.version));
        self.tables.push(summary.clone());
        if summary.kind == "msdrg" {
            self.mce = self.catalog.drg().map(Mce::new).transpose()?;
            self.grouper = self.catalog.drg().cloned().map(Grouper::new);
        } else if let Ok(system) = summary.kind.parse::<codeglass_tables::System>() {
            // What search builds on first use is built now, while the table arrives, not on
            // the user's first keystroke: the code set's derived indexes, the PCS builder's word
            // indexes and the vocabulary.
            for set in self.catalog.code_sets(system) {
                let _ = set.entry(0).map(|e| e.code());
                // The PCS builder's word indexes (operation and body-part words → tables).
                if let Ok(axes) = self.catalog.pcs_axes(set.effective().0) {
                    let _ = axes.tables_with_operation_word("").len() + axes.body_part_words().len();
                }
            }
            let _ = codeglass_lookup::synonyms().len();
            self.warm_up = codeglass_lookup::WarmUp::new();
        }
        Ok(summary)
    }

    /// Runs one keystroke of the warm-up searches on `date` (see [`codeglass_lookup::WarmUp`]);
    /// `false` once the engine is warm. A page calls it while idle, until it says `false`.
    pub fn warm_up(&mut self, date: codeglass_tables::Date) -> bool {
        self.warm_up.step(&self.catalog, date)
    }

    pub fn catalog(&self) -> &Catalog<Bytes> {
        &self.catalog
    }

    /// The loaded tables, in the order they were added.
    pub fn tables(&self) -> &[TableSummary] {
        &self.tables
    }

    /// The grouper, once an `msdrg` table is loaded.
    pub fn grouper(&self) -> Option<&Grouper<Bytes>> {
        self.grouper.as_ref()
    }

    /// The Medicare Code Editor, once an `msdrg` table is loaded.
    pub fn mce(&self) -> Option<&Mce<Bytes>> {
        self.mce.as_ref()
    }
}
