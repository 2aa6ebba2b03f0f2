//! Codeglass compiled code tables.
//!
//! The CMS source files (order files, Tabular XML, PCS tables, MS-DRG and MCE reference
//! tables) are compiled once, natively, by `codeglass tables build` into a few `.cgt` files.
//! This crate reads those files on any target, the browser included, without copying them:
//! every reader is generic over its storage `D: AsRef<[u8]> + Clone`, so the same code runs over
//! `&'static [u8]` from `include_bytes!`, an `Arc<[u8]>` of fetched bytes, or a memory map.
//!
//! # Opening a table
//!
//! ```no_run
//! use codeglass_tables::{Catalog, Date, System};
//!
//! let bytes = std::fs::read("code_tables/icd10cm-2027.cgt").unwrap();
//! let mut catalog = Catalog::new();
//! catalog.add(std::sync::Arc::<[u8]>::from(bytes)).unwrap();
//!
//! let date: Date = "2026-11-22".parse().unwrap();
//! let cm = catalog.code_set(System::Icd10Cm, date).unwrap();
//! let e = cm.get("i50.23").unwrap();
//! assert_eq!(e.display_code(), "I50.23");
//! assert_eq!(e.title(), Some("Acute on chronic systolic (congestive) heart failure"));
//! ```
//!
//! Opening checks the magic bytes, the format version and a CRC-32 of the whole payload, then
//! hands each section out as a zero-copy [`Slice`]. Every failure is a [`TableError`] whose
//! message says what to do (usually: rebuild or fetch the table again) and whose
//! [`code`](TableError::code) is stable for programs.
//!
//! # What is inside
//!
//! - [`CodeSet`]: one code system for one fiscal year. An FST maps canonical codes to 32-byte
//!   records (titles, billable flag, parent, chapter, block, validity dates, notes); a second
//!   FST maps normalised words to posting lists for search.
//! - [`PcsAxes`]: the ICD-10-PCS tables (valid axis values and their labels) and definitions.
//! - [`DrgTables`]: the MS-DRG grouper and Medicare Code Editor reference tables of several
//!   versions as [`KeyedTable`]s (FST key → version-ranged rows), plus IPPS Table 5 weights.
//!
//! Every table knows its version and effective dates; [`Catalog`] picks the one that applies
//! to a discharge date.
#![forbid(unsafe_code)]

mod answers;
mod bytes;
mod catalog;
mod code;
mod codeset;
mod codeset_build;
mod container;
mod date;
mod drg;
mod error;
mod keyed;
mod meta;
mod pcs;
mod strings;
mod text;

pub use answers::{write_answer_sections, StoredAnswers, StoredHit};
pub use bytes::{ByteWriter, Slice};
pub use catalog::{Catalog, CmCounts, DrgStats, PcsCounts, SelectError, Stats, TableSummary};
pub use code::{canonical_code, System};
pub use codeset::{fields, flags, CodeSet, Counts, Entry, Group, NoteKind, NoteRef, RecordLayout};
pub use codeset_build::{CodeSetBuilder, EntryInput, GroupInput, NoteInput};
pub use container::{Container, ContainerWriter, FORMAT_VERSION, MAGIC};
pub use date::{Date, DateError};
pub use drg::{DrgTables, DrgWeight, GrouperVersion};
pub use error::TableError;
pub use keyed::{KeyedTable, KeyedTablesWriter, Row};
pub use meta::Meta;
pub use pcs::{write_pcs_sections, AxisValue, PcsAggregate, PcsAxes, PcsTable, PcsTerm};
pub use strings::StringPoolWriter;
pub use text::{core_words, core_words_with_negations, is_stop_word, negation_continues, words, words_into};
