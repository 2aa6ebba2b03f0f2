//! MS-DRG grouping from the compiled CMS reference tables, as the CMS grouper does it.
//!
//! ```text
//! claim ──▶ Prepared (codes looked up, clusters, CC exclusions, facts)
//!        ──▶ initial pass (pre-MDC list 0 → PDX's MDC list → reroutes 24/25/11/29)
//!        ──▶ HAC step (POA of HAC codes)  ──▶ final pass (HAC codes no longer count)
//! ```
//!
//! The formula language ([`Formula`]) is the CMS one (grammar in the kit's
//! `msdrg/reference/README.md` §5); a version's reference data ([`VersionData`]) is read from
//! the compiled `msdrg` table on first use. Pure Rust, no I/O.
//!
//! ```no_run
//! # fn demo(tables: codeglass_tables::DrgTables<Vec<u8>>) {
//! use codeglass_grouper::{Claim, Grouper};
//! let grouper = Grouper::new(tables);
//! let claim = Claim::from_json(r#"{"discharge_date":"2026-10-15","age":70,"sex":"F",
//!     "discharge_status":"01","pdx":{"code":"I50.23"},"sdx":[{"code":"N17.9","poa":"Y"}]}"#).unwrap();
//! let result = grouper.group(&claim).unwrap();
//! println!("DRG {} ({:?})", result.final_drg, result.drg_title);
//! # }
//! ```
#![forbid(unsafe_code)]

mod claim;
mod data;
mod facts;
mod formula;
mod group;
mod grouper;
mod prepare;
mod result;
mod whatif;

pub use claim::{
    Claim, ClaimError, Diagnosis, HospitalStatus, Poa, Sex, VersionChoice, MAX_AGE, MAX_PROCEDURES, MAX_SDX,
};
pub use data::{Cluster, CodeKey, DataError, Dx, FormulaRow, Names, Severity, VersionData};
pub use formula::{Atom, Expr, Facts, Formula, FormulaError, Prefix};
pub use group::{Level, ReturnCode};
pub use grouper::Grouper;
pub use prepare::{HacEntry, HacUsage};
pub use result::{
    CodeSeverity, GroupResult, Hac, HacStatus, MatchNote, Payment, ProcedureNote, Reason, SdxNote, Weight,
};
pub use whatif::{Change, Opportunities, WhatIf, CHANGE_OPS};
