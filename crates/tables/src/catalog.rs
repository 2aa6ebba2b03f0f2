//! A set of loaded tables, and the choice of table by discharge date.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::code::System;
use crate::codeset::{CodeSet, Counts};
use crate::container::Container;
use crate::date::Date;
use crate::drg::{DrgTables, GrouperVersion};
use crate::error::TableError;
use crate::meta::Meta;
use crate::pcs::PcsAxes;

/// No loaded table covers a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectError {
    /// What was asked for ("icd10cm", "icd10pcs", "msdrg").
    pub what: &'static str,
    pub date: Date,
    /// The date ranges that loaded tables of that kind cover.
    pub covered: Vec<(Date, Date)>,
}

impl SelectError {
    /// Stable error code.
    pub fn code(&self) -> &'static str {
        if self.covered.is_empty() {
            "TABLE_NOT_LOADED"
        } else {
            "DATE_NOT_SUPPORTED"
        }
    }
}

impl fmt::Display for SelectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.covered.is_empty() {
            return write!(f, "no {} table is loaded", self.what);
        }
        let ranges: Vec<String> = self.covered.iter().map(|(a, b)| format!("{a} to {b}")).collect();
        write!(f, "no {} table covers {}: supported dates are {}", self.what, self.date, ranges.join(", "))
    }
}

impl std::error::Error for SelectError {}

/// What one loaded table is, for listings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TableSummary {
    pub kind: String,
    /// Fiscal year (code sets) or grouper versions (msdrg), as text.
    pub version: String,
    pub effective_from: String,
    pub effective_to: String,
    pub bytes: usize,
}

/// Counts by code system and fiscal year, as `codeglass stats --json` prints them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub icd10cm: BTreeMap<String, CmCounts>,
    pub icd10pcs: BTreeMap<String, PcsCounts>,
    pub msdrg: DrgStats,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CmCounts {
    pub billable: u32,
    pub headers: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PcsCounts {
    pub codes: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DrgStats {
    pub versions: Vec<u16>,
}

/// Every table a process has loaded, selectable by date.
#[derive(Clone, Default)]
pub struct Catalog<D> {
    cm: Vec<CodeSet<D>>,
    pcs: Vec<(CodeSet<D>, PcsAxes<D>)>,
    drg: Option<DrgTables<D>>,
}

impl<D: AsRef<[u8]> + Clone> Catalog<D> {
    pub fn new() -> Self {
        Catalog { cm: Vec::new(), pcs: Vec::new(), drg: None }
    }

    /// Opens any compiled table and adds it; a table of the same system and year is replaced.
    pub fn add(&mut self, data: D) -> Result<TableSummary, TableError> {
        let bytes = data.as_ref().len();
        let c = Container::open(data)?;
        let meta = Meta::parse(c.section("meta")?.as_ref())?;
        match meta.require("kind")? {
            "icd10cm" | "icd10pcs" => {
                let set = CodeSet::from_container(&c)?;
                let (from, to) = set.effective();
                let summary = TableSummary {
                    kind: set.system().as_str().into(),
                    version: set.fiscal_year().to_string(),
                    effective_from: from.to_string(),
                    effective_to: to.to_string(),
                    bytes,
                };
                let fy = set.fiscal_year();
                match set.system() {
                    System::Icd10Cm => {
                        self.cm.retain(|s| s.fiscal_year() != fy);
                        self.cm.push(set);
                        self.cm.sort_by_key(|s| s.fiscal_year());
                    }
                    System::Icd10Pcs => {
                        let axes = PcsAxes::from_container(&c)?;
                        self.pcs.retain(|(s, _)| s.fiscal_year() != fy);
                        self.pcs.push((set, axes));
                        self.pcs.sort_by_key(|(s, _)| s.fiscal_year());
                    }
                }
                Ok(summary)
            }
            "msdrg" => {
                let drg = DrgTables::from_container(&c)?;
                let versions = drg.versions();
                let summary = TableSummary {
                    kind: "msdrg".into(),
                    version: versions.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(","),
                    effective_from: versions.first().map(|v| v.effective_from.to_string()).unwrap_or_default(),
                    effective_to: versions.last().map(|v| v.effective_to.to_string()).unwrap_or_default(),
                    bytes,
                };
                self.drg = Some(drg);
                Ok(summary)
            }
            other => Err(TableError::WrongKind { expected: "icd10cm, icd10pcs or msdrg", found: other.into() }),
        }
    }

    /// The code set of `system` that applies on `date`.
    pub fn code_set(&self, system: System, date: Date) -> Result<&CodeSet<D>, SelectError> {
        let sets: Vec<&CodeSet<D>> = match system {
            System::Icd10Cm => self.cm.iter().collect(),
            System::Icd10Pcs => self.pcs.iter().map(|(s, _)| s).collect(),
        };
        sets.iter().find(|s| s.effective().0 <= date && date <= s.effective().1).copied().ok_or_else(|| SelectError {
            what: system.as_str(),
            date,
            covered: sets.iter().map(|s| s.effective()).collect(),
        })
    }

    /// The ICD-10-PCS axis tables that apply on `date`.
    pub fn pcs_axes(&self, date: Date) -> Result<&PcsAxes<D>, SelectError> {
        let set = self.code_set(System::Icd10Pcs, date)?;
        let fy = set.fiscal_year();
        Ok(&self.pcs.iter().find(|(s, _)| s.fiscal_year() == fy).expect("loaded together").1)
    }

    /// Every loaded code set of a system, oldest first.
    pub fn code_sets(&self, system: System) -> Vec<&CodeSet<D>> {
        match system {
            System::Icd10Cm => self.cm.iter().collect(),
            System::Icd10Pcs => self.pcs.iter().map(|(s, _)| s).collect(),
        }
    }

    pub fn drg(&self) -> Option<&DrgTables<D>> {
        self.drg.as_ref()
    }

    /// The MS-DRG grouper version that applies on `date`.
    pub fn grouper_version(&self, date: Date) -> Result<&GrouperVersion, SelectError> {
        let versions = self.drg.as_ref().map(|d| d.versions()).unwrap_or(&[]);
        versions.iter().find(|v| v.effective_from <= date && date <= v.effective_to).ok_or_else(|| SelectError {
            what: "msdrg",
            date,
            covered: versions.iter().map(|v| (v.effective_from, v.effective_to)).collect(),
        })
    }

    /// Counts of each fiscal year's codes valid on its last day, and the grouper versions.
    pub fn stats(&self) -> Stats {
        let last_day = |s: &CodeSet<D>| -> Counts { s.counts_on(s.effective().1) };
        Stats {
            icd10cm: self
                .cm
                .iter()
                .map(|s| {
                    let c = last_day(s);
                    (s.fiscal_year().to_string(), CmCounts { billable: c.billable, headers: c.headers })
                })
                .collect(),
            icd10pcs: self
                .pcs
                .iter()
                .map(|(s, _)| (s.fiscal_year().to_string(), PcsCounts { codes: last_day(s).billable }))
                .collect(),
            msdrg: DrgStats {
                versions: self.drg.iter().flat_map(|d| d.versions().iter().map(|v| v.version)).collect(),
            },
        }
    }
}
