//! What-if for CDI: regroup a claim with one change, and what would move it up a level.

use serde_json::{json, Value};

use crate::claim::{self, err, Claim, ClaimError, Diagnosis, Poa};
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
    SetAge(i32),
    SetDischargeStatus(u8),
}

/// The change kinds as JSON names them (`"op"`).
pub const CHANGE_OPS: [&str; 9] = [
    "add_sdx",
    "remove_sdx",
    "replace",
    "set_pdx",
    "set_poa",
    "add_procedure",
    "remove_procedure",
    "set_age",
    "set_discharge_status",
];

impl Change {
    /// Reads a change from JSON: `{"op": "add_sdx", "code": "E87.1", "poa": "Y"}`,
    /// `{"op": "remove_sdx", "code"}`, `{"op": "replace", "from", "to"}`, `{"op": "set_pdx", "code"}`,
    /// `{"op": "set_poa", "code", "poa"}`, `{"op": "add_procedure", "code"}`,
    /// `{"op": "remove_procedure", "code"}`, `{"op": "set_age", "age"}`,
    /// `{"op": "set_discharge_status", "discharge_status"}`. Codes are taken dotted or not.
    pub fn from_value(v: &Value) -> Result<Change, ClaimError> {
        let o = v.as_object().ok_or_else(|| err("BAD_CHANGE", "a change is an object {\"op\": …}"))?;
        let op = o.get("op").and_then(Value::as_str).unwrap_or_default();
        let fields: &[&str] = match op {
            "add_sdx" | "set_poa" => &["op", "code", "poa"],
            "remove_sdx" | "set_pdx" | "add_procedure" | "remove_procedure" => &["op", "code"],
            "replace" => &["op", "from", "to"],
            "set_age" => &["op", "age"],
            "set_discharge_status" => &["op", "discharge_status"],
            _ => {
                return Err(err(
                    "BAD_CHANGE",
                    format!(
                        "\"op\" must be one of {}, not {}",
                        CHANGE_OPS.join(", "),
                        o.get("op").unwrap_or(&Value::Null)
                    ),
                ))
            }
        };
        let o = claim::object(v, "change", fields)?;
        let code = |k: &str| claim::code(o.get(k), &format!("change.{k}"));
        Ok(match op {
            "add_sdx" => Change::AddSdx { code: code("code")?, poa: claim::poa(o.get("poa"), "change")? },
            "set_poa" => Change::SetPoa { code: code("code")?, poa: claim::poa(o.get("poa"), "change")? },
            "remove_sdx" => Change::RemoveSdx { code: code("code")? },
            "set_pdx" => Change::SetPdx { code: code("code")? },
            "add_procedure" => Change::AddProcedure { code: code("code")? },
            "remove_procedure" => Change::RemoveProcedure { code: code("code")? },
            "replace" => Change::Replace { from: code("from")?, to: code("to")? },
            "set_age" => Change::SetAge(claim::age(o.get("age").unwrap_or(&Value::Null))?),
            _ => {
                Change::SetDischargeStatus(claim::discharge_status(o.get("discharge_status").unwrap_or(&Value::Null))?)
            }
        })
    }

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
            Change::SetAge(a) => c.age = *a,
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

impl WhatIf {
    /// `{"before", "after", "drg_changed", "weight_delta"}`; results without explanations
    /// unless `explain`.
    pub fn to_json_with(&self, explain: bool) -> Value {
        json!({"before": self.before.to_json_with(explain), "after": self.after.to_json_with(explain),
               "drg_changed": self.drg_changed, "weight_delta": self.weight_delta})
    }
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
                family.push((level, drg, d.drg_titles.get(&drg).map(|t| t.to_string()), weight));
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

impl Opportunities {
    /// `{"current", "family": [{"level","drg","title","weight"}], "counting": [sdx index],
    /// "next_level": {"level","drg","weight_delta"} | null}`.
    pub fn to_json_with(&self, explain: bool) -> Value {
        json!({
            "current": self.current.to_json_with(explain),
            "family": self.family.iter().map(|(l, drg, title, w)|
                json!({"level": l.as_str(), "drg": drg, "title": title, "weight": w})).collect::<Vec<_>>(),
            "counting": self.counting,
            "next_level": self.next_level.map(|(l, drg, d)| json!({"level": l.as_str(), "drg": drg, "weight_delta": d})),
        })
    }
}
