//! The claim editor's state and its what-if toggles. Pure: it builds the claim JSON that the
//! grouper and the editor read, and the "as if" claim a CDI query would produce.

use std::rc::Rc;

use codeglass_tables::canonical_code;
use serde_json::{json, Map, Value};
use yew::Reducible;

/// A diagnosis on the claim (or a queried one), as shown (ICD-10-CM dotted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dx {
    pub code: String,
    pub display: Option<String>,
    /// `Y`, `N`, `U`, `W`, `1` or empty (not reported).
    pub poa: String,
    /// What-if: regroup as if this code were absent.
    pub as_if_absent: bool,
}

/// A code the CDI specialist would query the physician about: regrouped as if added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub code: String,
    pub display: Option<String>,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ClaimAction {
    SetAge(String),
    SetSex(String),
    SetDischargeStatus(String),
    SetDischargeDate(String),
    SetLos(String),
    SetBaseRate(String),
    /// A chosen code: ICD-10-PCS goes to the procedures; ICD-10-CM becomes the principal
    /// diagnosis when there is none, else a secondary one. A code already there is ignored.
    Add {
        code: String,
        system: String,
        display: Option<String>,
    },
    RemovePdx,
    RemoveSdx(usize),
    /// Secondary diagnosis `i` becomes the principal one; the principal one becomes secondary.
    MakePdx(usize),
    /// `None`: the principal diagnosis.
    SetPoa(Option<usize>, String),
    RemoveProcedure(usize),
    ToggleAbsent(usize),
    /// A code to regroup as if added (ICD-10-CM).
    AddQuery {
        code: String,
        display: Option<String>,
    },
    ToggleQuery(usize),
    RemoveQuery(usize),
    Clear,
}

/// A claim field the editor can mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Age,
    DischargeDate,
    Los,
    BaseRate,
}

/// What to tell the user next to a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMessage {
    pub field: Field,
    pub message: String,
    /// The claim cannot be grouped until it is fixed (otherwise it is a warning: the claim is
    /// graded as CMS grades it).
    pub blocking: bool,
}

/// Ages the grouper and the Code Editor take as valid; others are graded, not refused.
pub const AGES: std::ops::RangeInclusive<i32> = 0..=124;

#[derive(Clone, Debug, PartialEq)]
pub struct ClaimState {
    pub age: String,
    pub sex: String,
    pub discharge_status: String,
    pub discharge_date: String,
    pub los: String,
    pub base_rate: String,
    pub pdx: Option<Dx>,
    pub sdx: Vec<Dx>,
    pub procedures: Vec<(String, Option<String>)>,
    pub queries: Vec<Query>,
}

/// The most secondary diagnoses and procedures a claim may carry (the grouper's limits).
pub const MAX_SDX: usize = 24;
pub const MAX_PROCEDURES: usize = 25;

impl ClaimState {
    pub fn new(discharge_date: &str) -> ClaimState {
        ClaimState {
            age: "65".into(),
            sex: "F".into(),
            discharge_status: "01".into(),
            discharge_date: discharge_date.into(),
            los: String::new(),
            base_rate: String::new(),
            pdx: None,
            sdx: Vec::new(),
            procedures: Vec::new(),
            queries: Vec::new(),
        }
    }

    /// Every code on the claim, principal diagnosis first (the form value of the element).
    pub fn codes(&self) -> Vec<String> {
        let dx = self.pdx.iter().chain(&self.sdx).map(|d| d.code.clone());
        dx.chain(self.procedures.iter().map(|(c, _)| c.clone())).collect()
    }

    fn has(&self, code: &str) -> bool {
        let same = |c: &str| canonical(c) == canonical(code);
        self.pdx.iter().chain(&self.sdx).any(|d| same(&d.code)) || self.procedures.iter().any(|(c, _)| same(c))
    }

    /// Whether any what-if toggle is on.
    pub fn has_what_if(&self) -> bool {
        self.sdx.iter().any(|d| d.as_if_absent) || self.queries.iter().any(|q| q.active)
    }

    /// The claim as the grouper reads it; `Err` names the first field to fix.
    pub fn to_claim(&self) -> Result<Value, String> {
        self.build(false)
    }

    /// The claim with the what-if toggles applied: absent codes left out, queried codes added.
    pub fn to_what_if_claim(&self) -> Result<Value, String> {
        self.build(true)
    }

    /// What is wrong with the fields as typed, in plain words, for the editor to show beside
    /// each field.
    pub fn field_messages(&self) -> Vec<FieldMessage> {
        let mut out = Vec::new();
        let mut say =
            |field, blocking, message: &str| out.push(FieldMessage { field, message: message.into(), blocking });
        match self.age.trim().parse::<i32>() {
            Err(_) if self.age.trim().is_empty() => say(Field::Age, true, "Enter the age in years (0–124)."),
            Err(_) => say(Field::Age, true, "Age must be a whole number of years (0–124)."),
            Ok(a) if !AGES.contains(&a) => say(
                Field::Age,
                false,
                "Age must be 0–124 years. The claim is still grouped as the CMS software grades it, and the Code Editor flags the age.",
            ),
            Ok(_) => {}
        }
        if self.discharge_date.trim().parse::<codeglass_tables::Date>().is_err() {
            say(Field::DischargeDate, true, "Enter the discharge date as a date (YYYY-MM-DD).");
        }
        if !self.los.trim().is_empty() && self.los.trim().parse::<u32>().is_err() {
            say(Field::Los, true, "Length of stay must be a whole number of days.");
        }
        if !self.base_rate.trim().is_empty() && self.base_rate().is_none() {
            say(Field::BaseRate, false, "Base rate must be a number of dollars, e.g. 6500.00.");
        }
        out
    }

    /// The base rate typed, when it is a number of dollars.
    fn base_rate(&self) -> Option<f64> {
        self.base_rate.trim().parse().ok().filter(|r: &f64| r.is_finite() && *r >= 0.0)
    }

    fn build(&self, what_if: bool) -> Result<Value, String> {
        if let Some(m) = self.field_messages().into_iter().find(|m| m.blocking) {
            return Err(m.message);
        }
        let pdx = self.pdx.as_ref().ok_or("Add a principal diagnosis to see the MS-DRG and the edits.")?;
        let age: i32 = self.age.trim().parse().map_err(|_| "Age must be a whole number of years (0–124).")?;
        let dx = |d: &Dx| json!({"code": d.code, "poa": d.poa});
        let mut sdx: Vec<Value> = self.sdx.iter().filter(|d| !(what_if && d.as_if_absent)).map(dx).collect();
        if what_if {
            let queried = self.queries.iter().filter(|q| q.active && !self.has(&q.code));
            sdx.extend(queried.map(|q| json!({"code": q.code, "poa": "Y"})));
        }
        let mut claim = Map::new();
        claim.insert("discharge_date".into(), json!(self.discharge_date.trim()));
        claim.insert("age".into(), json!(age));
        claim.insert("sex".into(), json!(self.sex));
        claim.insert("discharge_status".into(), json!(self.discharge_status.trim()));
        if let Ok(los) = self.los.trim().parse::<u32>() {
            claim.insert("los".into(), json!(los));
        }
        // A base rate that is not a number is marked at its field; the DRG still shows.
        if let Some(rate) = self.base_rate() {
            claim.insert("base_rate".into(), json!(rate));
        }
        claim.insert("pdx".into(), dx(pdx));
        claim.insert("sdx".into(), Value::Array(sdx));
        claim.insert("procedures".into(), self.procedures.iter().map(|(c, _)| json!(c)).collect());
        Ok(Value::Object(claim))
    }

    pub fn apply(mut self, action: ClaimAction) -> ClaimState {
        match action {
            ClaimAction::SetAge(v) => self.age = v,
            ClaimAction::SetSex(v) => self.sex = v,
            ClaimAction::SetDischargeStatus(v) => self.discharge_status = v,
            ClaimAction::SetDischargeDate(v) => self.discharge_date = v,
            ClaimAction::SetLos(v) => self.los = v,
            ClaimAction::SetBaseRate(v) => self.base_rate = v,
            ClaimAction::Add { code, system, display } => {
                if self.has(&code) {
                    return self;
                }
                if system == "icd10pcs" {
                    if self.procedures.len() < MAX_PROCEDURES {
                        self.procedures.push((code, display));
                    }
                } else {
                    // POA starts blank and is asked for: a "Y" nobody chose would silently turn
                    // the HAC logic off (the grouper treats blank as CMS does).
                    let dx = Dx { code, display, poa: String::new(), as_if_absent: false };
                    if self.pdx.is_none() {
                        self.pdx = Some(dx);
                    } else if self.sdx.len() < MAX_SDX {
                        self.sdx.push(dx);
                    }
                }
            }
            ClaimAction::RemovePdx => self.pdx = None,
            ClaimAction::RemoveSdx(i) if i < self.sdx.len() => {
                self.sdx.remove(i);
            }
            ClaimAction::MakePdx(i) if i < self.sdx.len() => {
                let mut new_pdx = self.sdx.remove(i);
                new_pdx.as_if_absent = false;
                if let Some(old) = self.pdx.replace(new_pdx) {
                    self.sdx.insert(i, old);
                }
            }
            ClaimAction::SetPoa(None, poa) => {
                if let Some(p) = self.pdx.as_mut() {
                    p.poa = poa;
                }
            }
            ClaimAction::SetPoa(Some(i), poa) => {
                if let Some(d) = self.sdx.get_mut(i) {
                    d.poa = poa;
                }
            }
            ClaimAction::RemoveProcedure(i) if i < self.procedures.len() => {
                self.procedures.remove(i);
            }
            ClaimAction::ToggleAbsent(i) => {
                if let Some(d) = self.sdx.get_mut(i) {
                    d.as_if_absent = !d.as_if_absent;
                }
            }
            ClaimAction::AddQuery { code, display } => {
                if !self.queries.iter().any(|q| canonical(&q.code) == canonical(&code)) {
                    self.queries.push(Query { code, display, active: true });
                }
            }
            ClaimAction::ToggleQuery(i) => {
                if let Some(q) = self.queries.get_mut(i) {
                    q.active = !q.active;
                }
            }
            ClaimAction::RemoveQuery(i) if i < self.queries.len() => {
                self.queries.remove(i);
            }
            ClaimAction::Clear => return ClaimState::new(&self.discharge_date),
            // An index that is out of range (a stale click) changes nothing.
            ClaimAction::RemoveSdx(_)
            | ClaimAction::MakePdx(_)
            | ClaimAction::RemoveProcedure(_)
            | ClaimAction::RemoveQuery(_) => {}
        }
        self
    }
}

/// The stored form of a code (no dot, upper case), to compare codes however they were written.
fn canonical(code: &str) -> String {
    canonical_code(code).unwrap_or_else(|| code.to_uppercase())
}

impl Reducible for ClaimState {
    type Action = ClaimAction;
    fn reduce(self: Rc<Self>, action: ClaimAction) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}
