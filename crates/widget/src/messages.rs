//! What people read. The engine's errors carry stable codes (`BAD_DATE`, `CODE_NOT_FOUND`) for
//! programs; the widget shows a plain sentence instead, one wording per situation, so the same
//! problem reads the same in every panel.

use codeglass_grouper::ClaimError;
use codeglass_lookup::LookupError;
use codeglass_tables::{Catalog, Date, System};

/// The one sentence for the dates Codeglass covers: every loaded table's dates, joined where
/// they meet ("… from 2025-10-01 to 2027-09-30").
pub fn supported_dates<D: AsRef<[u8]> + Clone>(catalog: &Catalog<D>) -> String {
    let mut spans: Vec<(Date, Date)> = Vec::new();
    for system in [System::Icd10Cm, System::Icd10Pcs] {
        spans.extend(catalog.code_sets(system).iter().map(|s| s.effective()));
    }
    if let Some(drg) = catalog.drg() {
        spans.extend(drg.versions().iter().map(|v| (v.effective_from, v.effective_to)));
    }
    spans.sort();
    let mut merged: Vec<(Date, Date)> = Vec::new();
    for (from, to) in spans {
        match merged.last_mut() {
            Some(last) if from.previous_day().is_none_or(|p| p <= last.1) => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    if merged.is_empty() {
        return "The code tables are still loading.".into();
    }
    let ranges: Vec<String> = merged.iter().map(|(a, b)| format!("{a} to {b}")).collect();
    format!("Codeglass covers dates from {}.", ranges.join(" and from "))
}

/// A lookup error as a sentence.
pub fn lookup<D: AsRef<[u8]> + Clone>(e: &LookupError, catalog: &Catalog<D>) -> String {
    match e {
        LookupError::Select(s) if s.code() == "TABLE_NOT_LOADED" => "Loading the code tables…".into(),
        LookupError::Select(_) => format!("No code set covers that date. {}", supported_dates(catalog)),
        LookupError::CodeNotFound { code, system, version } => {
            let name = match system.parse::<System>() {
                Ok(System::Icd10Pcs) => "ICD-10-PCS",
                _ => "ICD-10-CM",
            };
            format!("{code} is not an {name} code in FY{version}.")
        }
        _ => format!("{}.", capitalised(&e.to_string())),
    }
}

/// The sentence for a discharge date no MS-DRG version covers: the claim's date field and
/// every panel say it alike.
pub fn no_grouper_for<D: AsRef<[u8]> + Clone>(catalog: &Catalog<D>) -> String {
    format!("No MS-DRG version covers that discharge date. {}", supported_dates(catalog))
}

/// A grouping or edit-check error as a sentence (the claim's own fields are checked before
/// this, next to each field).
pub fn claim<D: AsRef<[u8]> + Clone>(e: &ClaimError, catalog: &Catalog<D>) -> String {
    match e.code {
        "DATE_NOT_SUPPORTED" => no_grouper_for(catalog),
        "TABLE_NOT_LOADED" => "Loading the MS-DRG tables…".into(),
        _ => format!("{}.", capitalised(&e.message)),
    }
}

fn capitalised(s: &str) -> String {
    let s = s.trim_end_matches('.');
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
