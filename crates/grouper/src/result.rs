//! What grouping returns, in CMS vocabulary, and its JSON form (flat keys, per the CLI and JS
//! API contract).

use codeglass_tables::DrgWeight;
use std::sync::Arc;

use serde::Serialize;
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
    pub reason: Reason,
    pub initial_reason: Reason,
}

/// Why a secondary diagnosis has its flag; rendered to words only when shown (`Display`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    NotValid {
        version: u16,
    },
    Neither,
    Counts {
        mcc: bool,
        version: u16,
    },
    /// On the CC exclusion list of the principal diagnosis.
    ExcludedByPdx {
        mcc: bool,
        list: u32,
    },
    /// An `mccalive` code on a claim where the patient died.
    DeathExcluded {
        mcc: bool,
    },
    /// The claim could not be grouped (the initial return code), so no code counts.
    Ungrouped {
        return_code: ReturnCode,
    },
    /// HAC categories met (not present on admission): not counted for the final DRG.
    HacNotPoa {
        mcc: bool,
        hacs: Vec<u8>,
    },
    /// The deciding DRG does not count codes of this severity-suppression list.
    ByDrgLogic {
        mcc: bool,
        drg: u16,
        list: String,
    },
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = |mcc: bool| if mcc { "MCC" } else { "CC" };
        match self {
            Reason::NotValid { version } => write!(f, "not a valid diagnosis code in MS-DRG v{version}"),
            Reason::Neither => f.write_str("neither a CC nor an MCC"),
            Reason::Counts { mcc, version } => write!(f, "{} (MS-DRG v{version} severity)", level(*mcc)),
            Reason::ExcludedByPdx { mcc, list } => {
                write!(f, "{} excluded by the principal diagnosis (CC exclusion list {list:05})", level(*mcc))
            }
            Reason::DeathExcluded { mcc } => {
                write!(f, "{} only when the patient is discharged alive (mccalive)", level(*mcc))
            }
            Reason::Ungrouped { return_code } => {
                write!(f, "not counted: the claim could not be grouped ({})", return_code.as_str())
            }
            Reason::HacNotPoa { mcc, hacs } => {
                let n: Vec<String> = hacs.iter().map(|h| format!("HAC {h:02}")).collect();
                write!(f, "{} not counted for the final DRG: {} not present on admission", level(*mcc), n.join(", "))
            }
            Reason::ByDrgLogic { mcc, drg, list } => {
                write!(f, "{} excluded by DRG logic: DRG {drg} does not count codes of list {list}", level(*mcc))
            }
        }
    }
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

/// The final DRG's Table 5 figures, or why there are none.
#[derive(Clone, Debug, PartialEq)]
pub enum Weight {
    /// The DRG's Table 5 row; its `weight` is `None` for 998 and 999.
    Known(DrgWeight),
    /// No Table 5 row for the DRG, and why, in plain words.
    Unavailable(String),
}

/// Why a DRG without a relative weight has none: "DRG 999 (ungroupable) has no relative weight".
pub(crate) fn no_weight(drg: u16, title: Option<&str>) -> String {
    match title {
        Some(t) => format!("DRG {drg:03} ({}) has no relative weight", t.to_lowercase()),
        None => format!("DRG {drg:03} has no relative weight"),
    }
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
    /// The CMS formula text.
    pub formula: Arc<str>,
    pub severity_suppression: Arc<[String]>,
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
            formula: Arc::clone(&row.text),
            severity_suppression: Arc::clone(&row.suppression_names),
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
    pub drg_title: Option<Arc<str>>,
    pub mdc_title: Option<Arc<str>>,
    pub initial_drg_title: Option<Arc<str>>,
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
    /// The relative weight of the final DRG (`None` for 998, 999).
    pub fn relative_weight(&self) -> Option<f64> {
        match &self.weight {
            Weight::Known(w) => w.weight,
            Weight::Unavailable(_) => None,
        }
    }

    /// Why the final DRG has no relative weight, in plain words (`None` when it has one).
    pub fn weight_unavailable(&self) -> Option<String> {
        match &self.weight {
            Weight::Known(w) if w.weight.is_none() => Some(no_weight(self.final_drg, self.drg_title.as_deref())),
            Weight::Known(_) => None,
            Weight::Unavailable(why) => Some(why.clone()),
        }
    }

    /// The result as JSON, with its explanation.
    pub fn to_json(&self) -> Value {
        self.to_json_with(true)
    }

    /// The result as JSON; `explain` adds the `"explanation"` object (reasons, deciding rows).
    pub fn to_json_with(&self, explain: bool) -> Value {
        serde_json::to_value(self.flat(explain)).unwrap_or(Value::Null)
    }

    /// The JSON text of [`GroupResult::to_json_with`], written without building a `Value`
    /// first (the CLI and the JS API send many of these).
    pub fn to_json_string(&self, explain: bool) -> String {
        serde_json::to_string(&self.flat(explain)).unwrap_or_default()
    }

    fn flat(&self, explain: bool) -> Flat<'_> {
        let known = match &self.weight {
            Weight::Known(w) => Some(w),
            Weight::Unavailable(_) => None,
        };
        Flat {
            id: self.id.as_deref(),
            version: self.version,
            version_name: &self.version_name,
            initial_drg: self.initial_drg,
            final_drg: self.final_drg,
            initial_mdc: self.initial_mdc,
            final_mdc: self.final_mdc,
            initial_return_code: self.initial_return_code.as_str(),
            return_code: self.return_code.as_str(),
            initial_severity: self.initial_severity.as_str(),
            final_severity: self.final_severity.as_str(),
            drg_title: self.drg_title.as_deref(),
            mdc_title: self.mdc_title.as_deref(),
            initial_drg_title: self.initial_drg_title.as_deref(),
            surgical: self.surgical,
            sdx_severity: self.sdx.iter().map(|s| s.initial.as_str()).collect(),
            sdx_severity_final: self.sdx.iter().map(|s| s.final_.as_str()).collect(),
            hac: FlatHac {
                status: self.hac.status.as_str(),
                categories: self.hac.categories,
                criteria_met: &self.hac.criteria_met,
            },
            proc_is_or: self.procedures.iter().map(|p| p.is_or).collect(),
            relative_weight: known.and_then(|w| w.weight),
            gmlos: known.and_then(|w| w.gmlos),
            amlos: known.and_then(|w| w.amlos),
            post_acute: known.map(|w| w.post_acute),
            special_pay: known.map(|w| w.special_pay),
            weight_source: known.map(|w| w.source.as_str()),
            weight_unavailable: self.weight_unavailable(),
            payment: self.payment.as_ref().map(|p| FlatPayment { base_rate: p.base_rate, amount: p.amount }),
            explanation: explain.then(|| self.explanation()),
        }
    }

    fn explanation(&self) -> Value {
        let rows = |r: &[MatchNote]| -> Value {
            r.iter()
                .map(|m| {
                    json!({"list": m.list, "rank": m.rank, "drg": m.drg, "reroute_mdc": m.reroute_mdc,
                           "severity": m.level.as_str(), "formula": &*m.formula,
                           "severity_suppression": &*m.severity_suppression})
                })
                .collect()
        };
        json!({
            "sdx": self.sdx.iter().zip(&self.hac.per_sdx).map(|(s, hacs)| json!({"code": s.code,
                "severity": s.final_.as_str(), "why": s.reason.to_string(), "initial_why": s.initial_reason.to_string(),
                "hacs": hacs.iter().map(|e| json!({"hac": e.number, "list": e.list, "status": e.status.as_str()})).collect::<Vec<_>>()})).collect::<Vec<_>>(),
            "procedures": self.procedures.iter().map(|p| json!({"code": p.code, "valid": p.valid, "is_or": p.is_or,
                "decided_drg": p.decided_drg, "clusters": p.clusters})).collect::<Vec<_>>(),
            "initial_rows": rows(&self.initial_rows),
            "final_rows": rows(&self.final_rows),
            "clusters": self.clusters,
        })
    }
}

/// The flat JSON form of a result, in the order people read it.
#[derive(Serialize)]
struct Flat<'a> {
    id: Option<&'a str>,
    version: u16,
    version_name: &'a str,
    initial_drg: u16,
    final_drg: u16,
    initial_mdc: u8,
    final_mdc: u8,
    initial_return_code: &'static str,
    return_code: &'static str,
    initial_severity: &'static str,
    final_severity: &'static str,
    drg_title: Option<&'a str>,
    mdc_title: Option<&'a str>,
    initial_drg_title: Option<&'a str>,
    surgical: bool,
    sdx_severity: Vec<&'static str>,
    sdx_severity_final: Vec<&'static str>,
    hac: FlatHac<'a>,
    proc_is_or: Vec<bool>,
    relative_weight: Option<f64>,
    gmlos: Option<f64>,
    amlos: Option<f64>,
    post_acute: Option<bool>,
    special_pay: Option<bool>,
    weight_source: Option<&'a str>,
    weight_unavailable: Option<String>,
    payment: Option<FlatPayment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<Value>,
}

#[derive(Serialize)]
struct FlatHac<'a> {
    status: &'static str,
    categories: usize,
    criteria_met: &'a [(usize, u8)],
}

#[derive(Serialize)]
struct FlatPayment {
    base_rate: f64,
    amount: f64,
}
