//! Claim edits: the CMS Medicare Code Editor and the ICD-10-CM Tabular conventions.
//!
//! ```text
//! claim (the grouper's Claim; its discharge date picks the rows)
//!   ├─▶ MCE (mce.rs): the code masters' flags by date, the CMS edit logic → edit type,
//!   │     each edit's name and count, and the codes that raised it
//!   └─▶ conventions (conventions.rs): Excludes1 pairs, code first / manifestations,
//!         use additional code, 7th characters, headers, duplicates, POA, codes not valid
//!         on the date — each with an id, a severity and the Tabular note it comes from
//! ```
//!
//! ```no_run
//! # fn demo(catalog: codeglass_tables::Catalog<Vec<u8>>) {
//! use codeglass_edits::{check, Mce};
//! use codeglass_grouper::Claim;
//! let mce = Mce::new(catalog.drg().expect("msdrg table")).unwrap();
//! let claim = Claim::from_json(r#"{"discharge_date":"2026-11-15","age":70,"sex":"F",
//!     "discharge_status":"01","pdx":{"code":"G63"},"sdx":[{"code":"E11.9","poa":"Y"}]}"#).unwrap();
//! let report = check(&catalog, &mce, &claim).unwrap();
//! println!("{}", report.to_json());
//! # }
//! ```
#![forbid(unsafe_code)]

mod conventions;
mod mce;
pub mod refs;

pub use conventions::{check as convention_edits, ConventionEdit, NoteSource, Severity, IDS as CONVENTION_EDITS};
pub use mce::{Edit, EditType, Mce, MceResult, RaisedEdit, MCE_FROM, MCE_THROUGH};

use codeglass_grouper::{Claim, ClaimError};
use codeglass_tables::{Catalog, Date};
use serde_json::{json, Value};

/// Both kinds of edits for one claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditReport {
    pub id: Option<String>,
    pub discharge_date: Date,
    pub mce: MceResult,
    pub conventions: Vec<ConventionEdit>,
}

/// Runs the MCE and the convention edits on `claim`. Typed errors: `MISSING_FIELD` (a claim
/// given by grouper version has no date), `DATE_NOT_SUPPORTED`, `TABLE_NOT_LOADED`.
pub fn check<D: AsRef<[u8]> + Clone>(
    catalog: &Catalog<D>,
    mce: &Mce<D>,
    claim: &Claim,
) -> Result<EditReport, ClaimError> {
    let date = mce::date_of(claim)?;
    let conventions = conventions::check(catalog, Some(mce), claim, date)?;
    Ok(EditReport { id: claim.id.clone(), discharge_date: date, mce: mce.edit(claim, date), conventions })
}

impl EditReport {
    /// `{"id", "discharge_date", "mce_edit_type", "mce_edits": [{"name", "count", "edit_type",
    /// "codes"}], "mce_notes", "convention_edits": [{"id", "severity", "codes", "message", "note"}]}`.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "discharge_date": self.discharge_date.to_string(),
            "mce_edit_type": self.mce.edit_type.as_str(),
            "mce_edits": self.mce.edits.iter().map(|e| json!({"name": e.name, "count": e.count,
                "edit_type": e.edit_type, "codes": e.codes})).collect::<Vec<_>>(),
            "mce_notes": self.mce.notes,
            "convention_edits": self.conventions.iter().map(|c| json!({"id": c.id, "severity": c.severity.as_str(),
                "codes": c.codes, "message": c.message,
                "note": c.note.as_ref().map(|n| json!({"kind": n.kind, "source": n.source, "text": n.text}))})).collect::<Vec<_>>(),
        })
    }
}
