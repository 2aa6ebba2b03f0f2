//! The grouping flow: pre-MDC list, the PDX's MDC list, reroutes, then the HAC step and the
//! final DRG (CMS `MsdrgInitial…`/`MsdrgFinal…` grouping, `MsdrgHacProcessor`).

use crate::claim::{Claim, HospitalStatus};
use crate::data::{FormulaRow, Severity};
use crate::facts::key;
use crate::formula::Prefix;
use crate::prepare::{HacUsage, Prepared};

/// CMS grouper return codes (`MsdrgGrouperReturnCode`), plus `UNGROUPABLE` when no formula
/// assigns a DRG.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReturnCode {
    Ok,
    DxCannotBePdx,
    InvalidSex,
    InvalidDischargeStatus,
    InvalidPdx,
    InvalidAge,
    HacMissingOnePoa,
    HacStatusInvalidPoaNOrU,
    HacStatusInvalidPoaInvalidOr1,
    HacStatusInvalidMultHacsPoaNotYW,
    Ungroupable,
}

impl ReturnCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ReturnCode::Ok => "OK",
            ReturnCode::DxCannotBePdx => "DX_CANNOT_BE_PDX",
            ReturnCode::InvalidSex => "INVALID_SEX",
            ReturnCode::InvalidDischargeStatus => "INVALID_DISCHARGE_STATUS",
            ReturnCode::InvalidPdx => "INVALID_PDX",
            ReturnCode::InvalidAge => "INVALID_AGE",
            ReturnCode::HacMissingOnePoa => "HAC_MISSING_ONE_POA",
            ReturnCode::HacStatusInvalidPoaNOrU => "HAC_STATUS_INVALID_POA_N_OR_U",
            ReturnCode::HacStatusInvalidPoaInvalidOr1 => "HAC_STATUS_INVALID_POA_INVALID_OR_1",
            ReturnCode::HacStatusInvalidMultHacsPoaNotYW => "HAC_STATUS_INVALID_MULT_HACS_POA_NOT_Y_W",
            ReturnCode::Ungroupable => "UNGROUPABLE",
        }
    }
    pub fn is_hac(self) -> bool {
        matches!(
            self,
            ReturnCode::HacMissingOnePoa
                | ReturnCode::HacStatusInvalidPoaNOrU
                | ReturnCode::HacStatusInvalidPoaInvalidOr1
                | ReturnCode::HacStatusInvalidMultHacsPoaNotYW
        )
    }
}

/// The claim-level CC/MCC level a formula saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    None,
    Cc,
    Mcc,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "NONE",
            Level::Cc => "CC",
            Level::Mcc => "MCC",
        }
    }
}

/// A formula row that matched: `list` is the MDC list, `index` its position there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub list: u8,
    pub index: usize,
    pub level: Level,
}

/// One grouping pass (initial or final).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pass {
    pub drg: u16,
    pub mdc: u8,
    pub return_code: ReturnCode,
    /// The rows that decided, in order (pre-MDC or MDC row, then reroute rows). The last one
    /// assigned the DRG.
    pub trail: Vec<Match>,
}

impl Pass {
    fn error(rc: ReturnCode, trail: Vec<Match>) -> Pass {
        Pass { drg: 999, mdc: 0, return_code: rc, trail }
    }
    /// The claim's CC/MCC level as the deciding formula saw it (`None` when no DRG was assigned).
    pub fn level(&self) -> Level {
        match (self.return_code, self.deciding()) {
            (ReturnCode::Ok, Some(m)) => m.level,
            _ => Level::None,
        }
    }

    /// The row that assigned the DRG.
    pub fn deciding(&self) -> Option<Match> {
        self.trail.last().copied()
    }
}

enum ListOutcome {
    Row(Match),
    Error(ReturnCode, Match),
    NoMatch,
}

/// The return code of an error row (`drg` 0, no reroute) from its special atom.
fn error_code(row: &FormulaRow) -> Option<ReturnCode> {
    row.formula.expr.atoms().iter().find_map(|a| match a.name.as_str() {
        "INVALID_PDX" => Some(ReturnCode::InvalidPdx),
        "PDX_ECODE" => Some(ReturnCode::DxCannotBePdx),
        "INVALID_SEX" => Some(ReturnCode::InvalidSex),
        "INVALID_DSTAT" => Some(ReturnCode::InvalidDischargeStatus),
        "INVALID_AGE" => Some(ReturnCode::InvalidAge),
        _ => None,
    })
}

impl Prepared<'_> {
    /// Whether secondary diagnosis `i` counts toward CC/MCC under `row`'s suppression set.
    pub(crate) fn counts(&self, i: usize, suppression: &[u16], final_pass: bool) -> bool {
        let s = &self.sdx[i];
        let Some(x) = s.dx else { return false };
        !(s.pdx_excluded
            || s.death_excluded
            || (final_pass && s.hac_met())
            || suppression.iter().any(|a| x.attributes().contains(a)))
    }

    fn level(&self, suppression: &[u16], final_pass: bool) -> Level {
        let mut level = self.level_floor;
        for (i, s) in self.sdx.iter().enumerate() {
            let l = match s.severity() {
                Severity::Mcc => Level::Mcc,
                Severity::Cc => Level::Cc,
                Severity::Ncc => continue,
            };
            if l > level && self.counts(i, suppression, final_pass) {
                level = l;
                if level == Level::Mcc {
                    break;
                }
            }
        }
        level
    }

    fn set_level(&mut self, level: Level) {
        if self.level_set == Some(level) {
            return;
        }
        self.level_set = Some(level);
        let [mcc, cc, none] = self.d.atoms.levels;
        for (atom, on) in [(mcc, level == Level::Mcc), (cc, level == Level::Cc), (none, level == Level::None)] {
            if let Some(id) = atom {
                if on {
                    self.facts.add(id, 0);
                } else {
                    self.facts.remove(id);
                }
            }
        }
    }

    fn eval_list(&mut self, list: u8, final_pass: bool) -> ListOutcome {
        let d = self.d;
        let Some(rows) = d.formulas.get(&list) else { return ListOutcome::NoMatch };
        let base = self.level(&[], final_pass);
        for (index, row) in rows.iter().enumerate() {
            let level = if row.severity_suppression.is_empty() {
                base
            } else {
                self.level(&row.severity_suppression, final_pass)
            };
            self.set_level(level);
            if !row.compiled.eval(&self.facts, list) {
                continue;
            }
            let m = Match { list, index, level };
            if row.drg == 0 && row.reroute_mdc == 0 {
                if let Some(rc) = error_code(row) {
                    return ListOutcome::Error(rc, m);
                }
                continue;
            }
            return ListOutcome::Row(m);
        }
        ListOutcome::NoMatch
    }

    pub(crate) fn row(&self, m: Match) -> &FormulaRow {
        &self.d.formulas[&m.list][m.index]
    }

    /// One grouping pass; `final_pass` leaves out the HAC codes.
    pub(crate) fn pass(&mut self, final_pass: bool) -> Pass {
        if self.pdx.is_some_and(|p| self.d.atoms.ecode.is_some_and(|e| p.attributes().contains(&e))) {
            return Pass::error(ReturnCode::DxCannotBePdx, Vec::new());
        }
        let mut trail = Vec::new();
        let (first, mut mdc) = match self.eval_list(0, final_pass) {
            ListOutcome::Error(rc, m) => return Pass::error(rc, vec![m]),
            ListOutcome::Row(m) => (Some(m), self.pdx_mdc.unwrap_or(0)),
            ListOutcome::NoMatch => match self.pdx_mdc {
                Some(pdx_mdc) => match self.eval_list(pdx_mdc, final_pass) {
                    ListOutcome::Error(rc, m) => return Pass::error(rc, vec![m]),
                    ListOutcome::Row(m) => (Some(m), pdx_mdc),
                    ListOutcome::NoMatch => (None, 0),
                },
                None => (None, 0),
            },
        };
        let Some(first) = first else { return Pass::error(ReturnCode::Ungroupable, trail) };
        trail.push(first);
        // A reroute continues in another list, at most twice (pre-MDC → 24/25/11 → 29).
        let mut current = first;
        for depth in 0..2 {
            let to = self.row(current).reroute_mdc;
            if to == 0 {
                break;
            }
            match self.eval_list(to, final_pass) {
                ListOutcome::Error(rc, m) => {
                    trail.push(m);
                    return Pass::error(rc, trail);
                }
                ListOutcome::Row(m) => {
                    if first.list == 0 && depth == 0 {
                        mdc = to;
                    }
                    trail.push(m);
                    current = m;
                }
                ListOutcome::NoMatch => break,
            }
        }
        let drg = self.row(current).drg;
        if drg == 0 {
            return Pass::error(ReturnCode::Ungroupable, trail);
        }
        Pass { drg, mdc, return_code: ReturnCode::Ok, trail }
    }

    /// The HAC step between the initial and the final DRG: judges each HAC code and returns
    /// the POA return code that makes the final DRG ungroupable, if any.
    pub(crate) fn hac_step(&mut self, claim: &Claim) -> Option<ReturnCode> {
        if claim.hospital_status == HospitalStatus::Exempt {
            for s in &mut self.sdx {
                for h in &mut s.hacs {
                    h.status = HacUsage::NotApplicableExempt;
                }
            }
            return None;
        }
        let d = self.d;
        // HAC 06's formula `SDX:hac06_sdx | (SDX:hac06_sdx & SDX:hac06_show)` is met by a
        // catheter-associated UTI code not present on admission and not excluded by the PDX,
        // whatever the UTI code's POA. For a hospital of unknown POA status CMS reads the same
        // formula over every code on the claim.
        let hac06_on = |eligible_only: bool| {
            d.atoms.hac06_sdx.is_some_and(|id| {
                self.sdx.iter().any(|s| {
                    (!eligible_only || (!s.poa.present() && !s.pdx_excluded))
                        && s.dx.is_some_and(|x| x.hac_attributes().contains(&id))
                })
            })
        };
        let (hac06_met, hac06_any) = (hac06_on(true), hac06_on(false));
        let mut invalid_poa_on_claim = false;
        // A HAC code whose formula holds and whose POA is not Y or W: for an unknown status
        // hospital that alone makes the final DRG ungroupable, criteria met or not.
        let mut unknown_status_invalid = false;
        for i in 0..self.sdx.len() {
            let poa = self.sdx[i].poa;
            let excluded = self.sdx[i].pdx_excluded;
            for h in 0..self.sdx[i].hacs.len() {
                let number = self.sdx[i].hacs[h].number;
                let status = if poa.present() {
                    HacUsage::CriteriaNotMet
                } else if excluded {
                    HacUsage::NotApplicableExclusion
                } else {
                    let (met, formula_holds) = if number == 6 {
                        (hac06_met, hac06_any)
                    } else {
                        let holds = d
                            .hac_compiled
                            .iter()
                            .find(|(n, _)| *n == number)
                            .is_some_and(|(_, f)| f.eval(&self.facts, 0));
                        (holds, holds)
                    };
                    if poa.missing() {
                        invalid_poa_on_claim = true;
                    }
                    unknown_status_invalid |= formula_holds;
                    if met {
                        HacUsage::CriteriaMet
                    } else {
                        HacUsage::CriteriaNotMet
                    }
                };
                self.sdx[i].hacs[h].status = status;
            }
        }
        if claim.hospital_status == HospitalStatus::Unknown {
            return unknown_status_invalid.then_some(ReturnCode::HacStatusInvalidMultHacsPoaNotYW);
        }
        let met: Vec<usize> = (0..self.sdx.len()).filter(|&i| self.sdx[i].hac_met()).collect();
        if met.is_empty() {
            return None;
        }
        (invalid_poa_on_claim || met.iter().any(|&i| self.sdx[i].poa.missing())).then_some(ReturnCode::HacMissingOnePoa)
    }

    /// The keys of a procedure code's attributes that made row `m` true: which procedures
    /// decided a surgical DRG.
    pub(crate) fn deciding_procedures(&self, m: Match) -> Vec<usize> {
        let mut keys = Vec::new();
        self.row(m).compiled.true_keys(&self.facts, m.list, &mut keys);
        self.procs
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.attributes.is_some_and(|attrs| {
                    p.suppressed_in & (1u32.checked_shl(u32::from(m.list)).unwrap_or(0)) == 0
                        && attrs
                            .iter()
                            .any(|&a| keys.contains(&key(Prefix::None, a)) || keys.contains(&key(Prefix::Any, a)))
                })
            })
            .map(|(i, _)| i)
            .collect()
    }
}
