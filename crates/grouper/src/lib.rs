//! MS-DRG grouping from the compiled CMS reference tables.
//!
//! In progress. What is here: the CMS formula language ([`Formula`]) that the DRG and HAC
//! logic is written in (grammar in the kit's `msdrg/reference/README.md` §5), parsed once and
//! evaluated against any set of facts ([`Facts`]); and one version's reference data read from
//! the compiled tables ([`VersionData`]). Pure Rust, no I/O.
#![forbid(unsafe_code)]

mod data;
mod formula;

pub use data::{Cluster, DataError, Dx, FormulaRow, Names, Severity, VersionData};
pub use formula::{Atom, Expr, Facts, Formula, FormulaError, Prefix};
