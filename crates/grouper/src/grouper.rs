//! The grouper: versions loaded on first use, a claim in, a [`GroupResult`] out.

use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

use codeglass_tables::{DrgTables, DrgWeight, GrouperVersion};

use crate::claim::{err, Claim, ClaimError, VersionChoice};
use crate::data::{Severity, VersionData};
use crate::group::{Pass, ReturnCode};
use crate::prepare::{HacUsage, Prepared};
use crate::result::{
    no_weight, CodeSeverity, GroupResult, Hac, HacStatus, Payment, ProcedureNote, Reason, SdxNote, Weight,
};

/// Groups claims with the CMS MS-DRG logic of every version the `msdrg` table holds.
pub struct Grouper<D> {
    tables: DrgTables<D>,
    versions: Vec<GrouperVersion>,
    loaded: Vec<OnceLock<Result<Loaded, String>>>,
}

struct Loaded {
    data: VersionData,
    weights: HashMap<u16, DrgWeight>,
}

impl<D: AsRef<[u8]> + Clone> Grouper<D> {
    pub fn new(tables: DrgTables<D>) -> Grouper<D> {
        let versions = tables.versions().to_vec();
        let loaded = versions.iter().map(|_| OnceLock::new()).collect();
        Grouper { tables, versions, loaded }
    }

    pub fn versions(&self) -> &[GrouperVersion] {
        &self.versions
    }

    pub fn tables(&self) -> &DrgTables<D> {
        &self.tables
    }

    /// The version a claim asks for, by discharge date or by number.
    pub fn version_of(&self, claim: &Claim) -> Result<&GrouperVersion, ClaimError> {
        match claim.version {
            VersionChoice::Date(date) => {
                self.versions.iter().find(|v| v.effective_from <= date && date <= v.effective_to).ok_or_else(|| {
                    let covered: Vec<String> =
                        self.versions.iter().map(|v| format!("{}–{}", v.effective_from, v.effective_to)).collect();
                    err(
                        "DATE_NOT_SUPPORTED",
                        format!(
                            "no MS-DRG version covers a discharge on {date}; the tables cover {}",
                            covered.join(", ")
                        ),
                    )
                })
            }
            VersionChoice::Version(n) => self.versions.iter().find(|v| v.version == n).ok_or_else(|| {
                let held: Vec<String> = self.versions.iter().map(|v| v.version.to_string()).collect();
                err("VERSION_NOT_SUPPORTED", format!("no MS-DRG version {n}; the tables hold {}", held.join(", ")))
            }),
        }
    }

    /// One version's data, read from the table on first use.
    pub fn data(&self, version: u16) -> Result<&VersionData, ClaimError> {
        Ok(&self.loaded_version(version)?.data)
    }

    fn loaded_version(&self, version: u16) -> Result<&Loaded, ClaimError> {
        let i = self
            .versions
            .iter()
            .position(|v| v.version == version)
            .ok_or_else(|| err("VERSION_NOT_SUPPORTED", format!("no MS-DRG version {version}")))?;
        self.loaded[i]
            .get_or_init(|| {
                let data = VersionData::load(&self.tables, version).map_err(|e| e.to_string())?;
                let weights =
                    data.drg_titles.keys().filter_map(|&drg| Some((drg, self.tables.weight(drg, version)?))).collect();
                Ok(Loaded { data, weights })
            })
            .as_ref()
            .map_err(|e| err("TABLE_ERROR", format!("the grouper table for version {version} is unusable: {e}")))
    }

    /// Groups one claim.
    pub fn group(&self, claim: &Claim) -> Result<GroupResult, ClaimError> {
        let v = self.version_of(claim)?;
        let loaded = self.loaded_version(v.version)?;
        let d = &loaded.data;
        let mut p = Prepared::new(d, claim);
        let initial = p.pass(false);
        let initial_sdx = sdx_notes(&p, &initial, None);
        let (final_pass, hac_rc) = if initial.return_code == ReturnCode::Ok {
            match p.hac_step(claim) {
                Some(rc) => (Pass { drg: 999, mdc: 0, return_code: rc, trail: Vec::new() }, Some(rc)),
                None => (p.pass(true), None),
            }
        } else {
            (initial.clone(), None)
        };
        let final_sdx = sdx_notes(&p, &final_pass, Some((initial.return_code, &initial_sdx)));
        let criteria_met: Vec<(usize, u8)> = p
            .sdx
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                let mut n: Vec<u8> =
                    s.hacs.iter().filter(|h| h.status == HacUsage::CriteriaMet).map(|h| h.number).collect();
                // One code can reach a category through several lists (K68.11: HAC11, hac11_sdx,
                // hac11_13_common): each category once.
                n.sort_unstable();
                n.dedup();
                n.into_iter().map(move |n| (i, n))
            })
            .collect();
        let mut categories: Vec<u8> = criteria_met.iter().map(|(_, n)| *n).collect();
        categories.sort_unstable();
        categories.dedup();
        let status = if categories.is_empty() {
            HacStatus::NotApplicable
        } else if hac_rc.is_some() {
            HacStatus::FinalDrgUngroupable
        } else if final_pass.drg != initial.drg {
            HacStatus::FinalDrgChanges
        } else {
            HacStatus::FinalDrgNoChange
        };
        let hac = Hac {
            status,
            categories: categories.len(),
            criteria_met,
            per_sdx: p.sdx.iter().map(|s| s.hacs.clone()).collect(),
        };
        let decided_by = final_pass.deciding().map(|m| p.deciding_procedures(m)).unwrap_or_default();
        let procedures = claim
            .procedures
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let st = &p.procs[i];
                ProcedureNote {
                    code: code.clone(),
                    valid: st.attributes.is_some(),
                    is_or: st.is_or,
                    decided_drg: decided_by.contains(&i),
                    clusters: st.clusters.clone(),
                }
            })
            .collect();
        let drg_title = d.drg_titles.get(&final_pass.drg).cloned();
        let weight = match loaded.weights.get(&final_pass.drg) {
            Some(w) => Weight::Known(w.clone()),
            // 998 and 999 have no weight in any year; another DRG only if Table 5 omits it.
            None if final_pass.drg == 998 || final_pass.drg == 999 => {
                Weight::Unavailable(no_weight(final_pass.drg, drg_title.as_deref()))
            }
            None => Weight::Unavailable(format!(
                "DRG {:03} has no relative weight: the FY{} IPPS Table 5 does not list it",
                final_pass.drg, v.fiscal_year
            )),
        };
        let payment = match (&weight, claim.base_rate) {
            (Weight::Known(w), Some(rate)) => {
                w.weight.map(|rw| Payment { base_rate: rate, amount: (rw * rate * 100.0).round() / 100.0 })
            }
            _ => None,
        };
        let explain = |pass: &Pass| pass.trail.iter().map(|&m| crate::result::MatchNote::new(&p, m)).collect();
        Ok(GroupResult {
            id: claim.id.clone(),
            version: v.version,
            version_name: v.name.clone(),
            initial_drg: initial.drg,
            initial_mdc: initial.mdc,
            initial_return_code: initial.return_code,
            initial_severity: initial.level(),
            final_drg: final_pass.drg,
            final_mdc: final_pass.mdc,
            return_code: final_pass.return_code,
            final_severity: final_pass.level(),
            drg_title,
            mdc_title: d.mdc_titles.get(&final_pass.mdc).cloned(),
            initial_drg_title: d.drg_titles.get(&initial.drg).cloned(),
            surgical: final_pass.deciding().is_some_and(|m| p.row(m).surgical),
            sdx: claim
                .sdx
                .iter()
                .zip(initial_sdx.into_iter().zip(final_sdx))
                .map(|(s, (i, f))| SdxNote {
                    code: s.code.clone(),
                    poa: s.poa,
                    initial: i.0,
                    final_: f.0,
                    reason: f.1,
                    initial_reason: i.1,
                })
                .collect(),
            procedures,
            hac,
            weight,
            payment,
            initial_rows: explain(&initial),
            final_rows: explain(&final_pass),
            clusters: p.clusters.clone(),
        })
    }
}

/// Each secondary diagnosis's severity usage in a pass, and why, as CMS reports it. `initial`
/// is given for the final pass: the initial pass's return code and usage of each code.
fn sdx_notes(
    p: &Prepared,
    pass: &Pass,
    initial: Option<(ReturnCode, &[(CodeSeverity, Reason)])>,
) -> Vec<(CodeSeverity, Reason)> {
    let d = p.d;
    let deciding = pass.deciding().map(|m| p.row(m));
    // A claim the initial grouping could not group counts no secondary diagnosis, initial or
    // final.
    let first_rc = initial.map_or(pass.return_code, |(rc, _)| rc);
    let ungrouped = (first_rc != ReturnCode::Ok).then_some(first_rc);
    let initial = initial.map(|(_, usage)| usage);
    // When the HAC step makes the final DRG 999, codes without HAC criteria keep their
    // initial usage (CMS does not regroup them).
    let hac_ungroupable = initial.is_some() && pass.return_code.is_hac();
    (0..p.sdx.len())
        .map(|i| {
            let s = &p.sdx[i];
            let Some(x) = s.dx else {
                return (CodeSeverity::Neither, Reason::NotValid { version: d.version });
            };
            let mcc = match x.severity {
                Severity::Mcc => true,
                Severity::Cc => false,
                Severity::Ncc => return (CodeSeverity::Neither, Reason::Neither),
            };
            if let Some(return_code) = ungrouped {
                return (CodeSeverity::Neither, Reason::Ungrouped { return_code });
            }
            if s.pdx_excluded {
                let list = d.exclusion_group.get(&crate::data::CodeKey::new(&p.pdx_code)).copied().unwrap_or(0);
                return (CodeSeverity::excluded(mcc), Reason::ExcludedByPdx { mcc, list });
            }
            if s.death_excluded {
                return (CodeSeverity::Neither, Reason::DeathExcluded { mcc });
            }
            if let Some(first) = initial.filter(|_| s.hac_met()) {
                // A HAC code no longer counts; one the initial DRG's logic had already set
                // aside keeps that usage.
                if matches!(first[i].0, CodeSeverity::MccExcludedByDrgLogic | CodeSeverity::CcExcludedByDrgLogic) {
                    return first[i].clone();
                }
                let hacs = s.hacs.iter().filter(|h| h.status == HacUsage::CriteriaMet).map(|h| h.number).collect();
                return (CodeSeverity::Neither, Reason::HacNotPoa { mcc, hacs });
            }
            if let Some(first) = initial.filter(|_| hac_ungroupable) {
                return first[i].clone();
            }
            if let Some(row) = deciding {
                if let Some(&a) = row.severity_suppression.iter().find(|a| x.attributes().contains(a)) {
                    let list = d.names.name(a).to_string();
                    return (CodeSeverity::by_drg_logic(mcc), Reason::ByDrgLogic { mcc, drg: row.drg, list });
                }
            }
            (if mcc { CodeSeverity::Mcc } else { CodeSeverity::Cc }, Reason::Counts { mcc, version: d.version })
        })
        .collect()
}
