//! What grouping returns, in CMS vocabulary, and its JSON form (flat keys, per the CLI and JS
//! API contract).

use codeglass_tables::DrgWeight;
use serde_json::{json, Value};

use crate::claim::Poa;
use crate::group::{Level, Match, ReturnCode};
use crate::prepare::{HacEntry, Prepared};

/// CMS `MsdrgCodeSeverityFlag`: how a secondary diagnosis counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodeSeverity {
    Mcc,
    Cc,
    MccExcluded,
    CcExcluded,
    MccExcludedByDrgLogic,
    CcExcludedByDrgLogic,
    Neither,
}

impl CodeSeverity {
    pub(crate) fn excluded(mcc: bool) -> Self {
        if mcc {
            CodeSeverity::MccExcluded
        } else {
            CodeSeverity::CcExcluded
        }
    }
    pub(crate) fn by_drg_logic(mcc: bool) -> Self {
        if mcc {
            CodeSeverity::MccExcludedByDrgLogic
        } else {
            CodeSeverity::CcExcludedByDrgLogic
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            CodeSeverity::Mcc => "MCC",
            CodeSeverity::Cc => "CC",
            CodeSeverity::MccExcluded => "MCC_EXCLUDED",
            CodeSeverity::CcExcluded => "CC_EXCLUDED",
            CodeSeverity::MccExcludedByDrgLogic => "MCC_EXCLUDED_BY_DRG_LOGIC",
            CodeSeverity::CcExcludedByDrgLogic => "CC_EXCLUDED_BY_DRG_LOGIC",
            CodeSeverity::Neither => "NEITHER",
        }
    }
    /// Whether the code counted toward the claim's CC/MCC level.
    pub fn counts(self) -> bool {
        matches!(self, CodeSeverity::Mcc | CodeSeverity::Cc)
    }
}

/// CMS `MsdrgHacStatus`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HacStatus {
    NotApplicable,
    FinalDrgNoChange,
    FinalDrgChanges,
    FinalDrgUngroupable,
}

impl HacStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HacStatus::NotApplicable => "NOT_APPLICABLE",
            HacStatus::FinalDrgNoChange => "FINAL_DRG_NO_CHANGE",
            HacStatus::FinalDrgChanges => "FINAL_DRG_CHANGES",
            HacStatus::FinalDrgUngroupable => "FINAL_DRG_UNGROUPABLE",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Hac {
    pub status: HacStatus,
    /// Distinct HAC categories whose criteria are met.
    pub categories: usize,
    /// (secondary diagnosis index, HAC number).
    pub criteria_met: Vec<(usize, u8)>,
    pub per_sdx: Vec<Vec<HacEntry>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SdxNote {
    pub code: String,
    pub poa: Poa,
    pub initial: CodeSeverity,
    pub final_: CodeSeverity,
    /// Why, for the final DRG.
    pub reason: String,
    pub initial_reason: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProcedureNote {
    pub code: String,
    pub valid: bool,
    /// An operating-room procedure (on the unrelated-O.R. lists `d468`/`d477`).
    pub is_or: bool,
    /// One of the procedures whose attributes made the final DRG's formula true.
    pub decided_drg: bool,
    /// Satisfied clusters the code is part of.
    pub clusters: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Weight {
    Known(DrgWeight),
    Unavailable(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Payment {
    pub base_rate: f64,
    pub amount: f64,
}

/// A formula row that decided, for explanations.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchNote {
    pub list: u8,
    pub rank: u32,
    pub drg: u16,
    pub reroute_mdc: u8,
    pub level: Level,
    pub formula: String,
    pub severity_suppression: Vec<String>,
}

impl MatchNote {
    pub(crate) fn new(p: &Prepared, m: Match) -> MatchNote {
        let row = p.row(m);
        MatchNote {
            list: m.list,
            rank: row.rank,
            drg: row.drg,
            reroute_mdc: row.reroute_mdc,
            level: m.level,
            formula: row.formula.source.clone(),
            severity_suppression: row.severity_suppression.iter().map(|&a| p.d.names.name(a).to_string()).collect(),
        }
    }
}

/// The result of grouping one claim.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupResult {
    pub id: Option<String>,
    pub version: u16,
    pub version_name: String,
    pub initial_drg: u16,
    pub initial_mdc: u8,
    pub initial_return_code: ReturnCode,
    pub initial_severity: Level,
    pub final_drg: u16,
    pub final_mdc: u8,
    pub return_code: ReturnCode,
    pub final_severity: Level,
    pub drg_title: Option<String>,
    pub mdc_title: Option<String>,
    pub initial_drg_title: Option<String>,
    pub surgical: bool,
    pub sdx: Vec<SdxNote>,
    pub procedures: Vec<ProcedureNote>,
    pub hac: Hac,
    pub weight: Weight,
    pub payment: Option<Payment>,
    pub initial_rows: Vec<MatchNote>,
    pub final_rows: Vec<MatchNote>,
    pub clusters: Vec<String>,
}

impl GroupResult {
    /// The relative weight of the final DRG, when the kit has it.
    pub fn relative_weight(&self) -> Option<f64> {
        match &self.weight {
            Weight::Known(w) => w.weight,
            Weight::Unavailable(_) => None,
        }
    }

    pub fn to_json(&self) -> Value {
        let rows = |r: &[MatchNote]| -> Value {
            r.iter()
                .map(|m| {
                    json!({"list": m.list, "rank": m.rank, "drg": m.drg, "reroute_mdc": m.reroute_mdc,
                           "severity": m.level.as_str(), "formula": m.formula,
                           "severity_suppression": m.severity_suppression})
                })
                .collect()
        };
        let (weight, gmlos, amlos, post_acute, special_pay, weight_source, weight_note) = match &self.weight {
            Weight::Known(w) => (
                json!(w.weight),
                json!(w.gmlos),
                json!(w.amlos),
                json!(w.post_acute),
                json!(w.special_pay),
                json!(format!("FY{} IPPS Final Rule Table 5", w.fiscal_year)),
                if w.weight.is_none() {
                    json!(format!("DRG {} has no relative weight in Table 5", w.drg))
                } else {
                    Value::Null
                },
            ),
            Weight::Unavailable(why) => {
                (Value::Null, Value::Null, Value::Null, Value::Null, Value::Null, Value::Null, json!(why))
            }
        };
        json!({
            "id": self.id,
            "version": self.version,
            "version_name": self.version_name,
            "initial_drg": self.initial_drg,
            "final_drg": self.final_drg,
            "initial_mdc": self.initial_mdc,
            "final_mdc": self.final_mdc,
            "initial_return_code": self.initial_return_code.as_str(),
            "return_code": self.return_code.as_str(),
            "initial_severity": self.initial_severity.as_str(),
            "final_severity": self.final_severity.as_str(),
            "drg_title": self.drg_title,
            "mdc_title": self.mdc_title,
            "initial_drg_title": self.initial_drg_title,
            "surgical": self.surgical,
            "sdx_severity": self.sdx.iter().map(|s| s.initial.as_str()).collect::<Vec<_>>(),
            "sdx_severity_final": self.sdx.iter().map(|s| s.final_.as_str()).collect::<Vec<_>>(),
            "hac": {
                "status": self.hac.status.as_str(),
                "categories": self.hac.categories,
                "criteria_met": self.hac.criteria_met.iter().map(|(i, n)| json!([i, n])).collect::<Vec<_>>(),
            },
            "proc_is_or": self.procedures.iter().map(|p| p.is_or).collect::<Vec<_>>(),
            "relative_weight": weight,
            "gmlos": gmlos,
            "amlos": amlos,
            "post_acute": post_acute,
            "special_pay": special_pay,
            "weight_source": weight_source,
            "weight_unavailable": weight_note,
            "payment": self.payment.as_ref().map(|p| json!({"base_rate": p.base_rate, "amount": p.amount})),
            "explanation": {
                "sdx": self.sdx.iter().zip(&self.hac.per_sdx).map(|(s, hacs)| json!({"code": s.code,
                    "severity": s.final_.as_str(), "why": s.reason, "initial_why": s.initial_reason,
                    "hacs": hacs.iter().map(|e| json!({"hac": e.number, "list": e.list, "status": e.status.as_str()})).collect::<Vec<_>>()})).collect::<Vec<_>>(),
                "procedures": self.procedures.iter().map(|p| json!({"code": p.code, "valid": p.valid, "is_or": p.is_or,
                    "decided_drg": p.decided_drg, "clusters": p.clusters})).collect::<Vec<_>>(),
                "initial_rows": rows(&self.initial_rows),
                "final_rows": rows(&self.final_rows),
                "clusters": self.clusters,
            },
        })
    }
}
