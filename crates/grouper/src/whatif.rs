//! What-if for CDI: regroup a claim with one change, and what would move it up a level.

use crate::claim::{err, Claim, ClaimError, Diagnosis, Poa};
use crate::group::Level;
use crate::grouper::Grouper;
use crate::prepare::Prepared;
use crate::result::GroupResult;

/// One change to a claim ("what if the query confirms …").
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    AddSdx {
        code: String,
        poa: Poa,
    },
    RemoveSdx {
        code: String,
    },
    /// Replace a code wherever it is (PDX, SDX or procedure) by another.
    Replace {
        from: String,
        to: String,
    },
    SetPdx {
        code: String,
    },
    SetPoa {
        code: String,
        poa: Poa,
    },
    AddProcedure {
        code: String,
    },
    RemoveProcedure {
        code: String,
    },
    SetAge(u8),
    SetDischargeStatus(u8),
}

impl Change {
    /// The claim with this change applied; a change that names a code the claim lacks is an
    /// error, not a silent no-op.
    pub fn apply(&self, claim: &Claim) -> Result<Claim, ClaimError> {
        let mut c = claim.clone();
        let missing = |code: &str| err("CODE_NOT_ON_CLAIM", format!("{code} is not on the claim"));
        match self {
            Change::AddSdx { code, poa } => {
                if c.sdx.len() >= crate::claim::MAX_SDX {
                    return Err(err("TOO_MANY_CODES", "the claim already has 24 secondary diagnoses"));
                }
                c.sdx.push(Diagnosis { code: code.clone(), poa: *poa });
            }
            Change::RemoveSdx { code } => {
                let i = c.sdx.iter().position(|d| &d.code == code).ok_or_else(|| missing(code))?;
                c.sdx.remove(i);
            }
            Change::Replace { from, to } => {
                let mut found = false;
                for d in std::iter::once(&mut c.pdx).chain(c.sdx.iter_mut()) {
                    if &d.code == from {
                        d.code = to.clone();
                        found = true;
                    }
                }
                for p in c.procedures.iter_mut().filter(|p| *p == from) {
                    *p = to.clone();
                    found = true;
                }
                if !found {
                    return Err(missing(from));
                }
            }
            Change::SetPdx { code } => c.pdx.code = code.clone(),
            Change::SetPoa { code, poa } => {
                let d = std::iter::once(&mut c.pdx)
                    .chain(c.sdx.iter_mut())
                    .find(|d| &d.code == code)
                    .ok_or_else(|| missing(code))?;
                d.poa = *poa;
            }
            Change::AddProcedure { code } => {
                if c.procedures.len() >= crate::claim::MAX_PROCEDURES {
                    return Err(err("TOO_MANY_CODES", "the claim already has 25 procedures"));
                }
                c.procedures.push(code.clone());
            }
            Change::RemoveProcedure { code } => {
                let i = c.procedures.iter().position(|p| p == code).ok_or_else(|| missing(code))?;
                c.procedures.remove(i);
            }
            Change::SetAge(a) => {
                if i64::from(*a) > crate::claim::MAX_AGE {
                    return Err(err("BAD_AGE", format!("age {a} is outside 0–124")));
                }
                c.age = *a;
            }
            Change::SetDischargeStatus(s) => c.discharge_status = *s,
        }
        Ok(c)
    }
}

/// A regrouped claim and how it moved.
#[derive(Clone, Debug, PartialEq)]
pub struct WhatIf {
    pub before: GroupResult,
    pub after: GroupResult,
    pub drg_changed: bool,
    /// After minus before, when both weights are known.
    pub weight_delta: Option<f64>,
}

/// The claim's DRG family and what would move it.
#[derive(Clone, Debug, PartialEq)]
pub struct Opportunities {
    pub current: GroupResult,
    /// The DRGs the claim would group to at each CC/MCC level: (level, DRG, title, weight).
    pub family: Vec<(Level, u16, Option<String>, Option<f64>)>,
    /// The claim's secondary diagnoses that count toward CC/MCC now (indices).
    pub counting: Vec<usize>,
    /// The lowest level that would move the final DRG, if any: (level, DRG, weight delta).
    pub next_level: Option<(Level, u16, Option<f64>)>,
}

impl<D: AsRef<[u8]> + Clone> Grouper<D> {
    /// Regroups `claim` with `change` applied.
    pub fn what_if(&self, claim: &Claim, change: &Change) -> Result<WhatIf, ClaimError> {
        let before = self.group(claim)?;
        let after = self.group(&change.apply(claim)?)?;
        let weight_delta = match (before.relative_weight(), after.relative_weight()) {
            (Some(b), Some(a)) => Some(((a - b) * 10_000.0).round() / 10_000.0),
            _ => None,
        };
        Ok(WhatIf { drg_changed: before.final_drg != after.final_drg, before, after, weight_delta })
    }

    /// The DRG at each CC/MCC level for this claim (as if a secondary diagnosis of that level
    /// were added and counted), and which of its codes count now.
    pub fn opportunities(&self, claim: &Claim) -> Result<Opportunities, ClaimError> {
        let current = self.group(claim)?;
        let v = self.version_of(claim)?.version;
        let d = self.data(v)?;
        let mut family = Vec::new();
        for level in [Level::None, Level::Cc, Level::Mcc] {
            let drg = if level == Level::None {
                // A floor cannot remove codes: the no-CC DRG is the claim without them.
                let mut bare = claim.clone();
                bare.sdx.clear();
                Prepared::new(d, &bare).pass(true).drg
            } else {
                let mut p = Prepared::new(d, claim);
                p.level_floor = level;
                p.pass(true).drg
            };
            let weight = self.tables().weight(drg, v).and_then(|w| w.weight);
            if !family.iter().any(|(_, f, _, _)| *f == drg) {
                family.push((level, drg, d.drg_titles.get(&drg).cloned(), weight));
            }
        }
        let counting = current.sdx.iter().enumerate().filter(|(_, s)| s.final_.counts()).map(|(i, _)| i).collect();
        let next_level = [Level::Cc, Level::Mcc].into_iter().filter(|l| *l > current.final_severity).find_map(|l| {
            let (_, drg, _, w) = family.iter().find(|(fl, _, _, _)| *fl == l)?;
            (*drg != current.final_drg).then(|| {
                (l, *drg, w.zip(current.relative_weight()).map(|(a, b)| ((a - b) * 10_000.0).round() / 10_000.0))
            })
        });
        Ok(Opportunities { current, family, counting, next_level })
    }
}
