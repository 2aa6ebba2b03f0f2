//! Code lookup over the compiled tables: what a coder types, the codes they want.
//!
//! ```no_run
//! use codeglass_lookup::{search, SearchOptions};
//! # let catalog: codeglass_tables::Catalog<&[u8]> = codeglass_tables::Catalog::new();
//! let date = "2026-11-22".parse().unwrap();
//! for hit in search(&catalog, "chf", date, &SearchOptions::default()).unwrap() {
//!     println!("{} {}", hit.code, hit.display.unwrap_or_default());
//! }
//! ```
//!
//! - [`search`]: codes in any form (`i50.2`, `I502`, `W21.89A` → `W21.89XA`) and words in any
//!   order, with prefixes, plurals, typos and a shipped table of clinical abbreviations, lay
//!   terms and synonyms (`data/vocabulary.tsv`: terms map to search words, never to codes).
//! - [`describe`]: title, hierarchy, children and the Tabular notes that apply, inherited from
//!   category, block and chapter, with 7th-character rules.
//! - [`pcs_next`]: the ICD-10-PCS builder, axis by axis.
//!
//! Everything takes the discharge (or service) date that selects the code set; nothing here
//! reads a clock, so it runs the same natively and in the browser.
#![forbid(unsafe_code)]

mod answers;
mod combinations;
mod describe;
mod error;
mod fuzzy;
mod initials;
mod morphology;
mod numbers;
mod pcs;
mod procedure;
mod query;
mod recent;
mod search;
mod title;
mod token;
mod warm;

pub use answers::{answers_to_store, ANSWER_LIMIT};
pub use describe::{
    code_notes, describe, CodeNotes, Description, GroupInfo, Node, Note, PcsAxis, SeventhCharacter, SeventhCharacters,
};
pub use error::LookupError;
pub use pcs::{pcs_next, Complete, NextValue, PcsNext};
pub use query::{parse, synonyms, Query, MAX_QUERY_CHARS, MAX_WORDS};
pub use search::{search, Hit, SearchOptions, MAX_LIMIT};
pub use warm::WarmUp;
