//! The Medicare Code Editor as CMS MCE 2.0 applies it to ICD-10 claims, from the kit's MCE
//! tables (`mce_*` in `msdrg/reference`, compiled into the `msdrg` table).
//!
//! The tables give each code's flags by date (`mcedx`, `mcepr`), the age groups, the valid
//! discharge statuses and the `Edit` enum with each edit's type; which flag feeds which edit,
//! and the conditions on age, sex, dates and other codes, are the MCE logic written here.

use codeglass_grouper::{Claim, ClaimError, Sex, MAX_AGE};
use codeglass_tables::{Date, DrgTables, KeyedTable, TableError};

/// The first discharge date the compiled MCE rows cover (older rows are not compiled).
pub const MCE_FROM: Date = Date::from_ymd_const(2025, 10, 1);
/// The MCE build in the kit (msdrg.mdb's) ends here (kit README §1 and §8): later discharges
/// get `INVALID_DISCHARGE_DATE`, as CMS's MCE gives for dates outside its build.
pub const MCE_THROUGH: Date = Date::from_ymd_const(2027, 3, 31);
const DIED: u8 = 20;
/// ICD-10: a ventilation procedure flagged `los` needs a stay of at least this many days.
const MIN_LOS_FOR_LONG_VENTILATION: u32 = 5;

/// The MCE attributes this logic reads (CMS `Attribute` names; `mceflag` maps flags to them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Attr {
    Female,
    Male,
    Nonspecific,
    NcovD,
    NcovE,
    NcovG,
    Ncov2,
    Ncov3,
    Adult,
    Clintrial,
    Delout,
    Ecodepdx,
    Maternity,
    Type1Diabetes,
    Newborn,
    Pediatric,
    Qadm,
    Reqsdx,
    Unacceptable,
    Wrngproc,
    Unspecified,
    Msp,
    Mdc08,
    Ncov4,
    Ncov5,
    Ncov2AgeLt78,
    Ncov2AgeLt64,
    Ncov89,
    Manif,
    CovZ006A,
    CovZ006B,
    Csect,
    Lcov,
    Los,
    NcovA,
    KidneyTransplant,
    NcovBPxp,
    NcovF,
    Vagdel,
    Biopsy,
    Bilateral,
    OrIndicator,
    Ncov8,
    Ncov9,
    Ncov13A,
    Ncov13B,
    LcovArtHeart,
    LcovKidney,
    LcovPancreas,
    LcovLvrs,
    LcovLung,
    LcovHeartLung,
    LcovHeart,
    LcovHeartSystem,
    LcovIntestine,
    LcovLiver,
}

impl Attr {
    fn from_name(name: &str) -> Option<Attr> {
        use Attr::*;
        Some(match name {
            "FEMALE" => Female,
            "MALE" => Male,
            "NONSPECIFIC" => Nonspecific,
            "NCOV_D" => NcovD,
            "NCOV_E" => NcovE,
            "NCOV_G" => NcovG,
            "NCOV2" => Ncov2,
            "NCOV3" => Ncov3,
            "ADULT" => Adult,
            "CLINTRIAL" => Clintrial,
            "DELOUT" => Delout,
            "ECODEPDX" => Ecodepdx,
            "MATERNITY" => Maternity,
            "NCOV_B" => Type1Diabetes,
            "NEWBORN" => Newborn,
            "PEDIATRIC" => Pediatric,
            "QADM" => Qadm,
            "REQSDX" => Reqsdx,
            "UNACCEPTABLE" => Unacceptable,
            "WRNGPROC" => Wrngproc,
            "UNSPECIFIED" => Unspecified,
            "MSP" => Msp,
            "MDC08" => Mdc08,
            "NCOV4" => Ncov4,
            "NCOV5" => Ncov5,
            "NCOV2AGELT78" => Ncov2AgeLt78,
            "NCOV2AGELT64" => Ncov2AgeLt64,
            "NCOV89" => Ncov89,
            "MANIF" => Manif,
            "COV_Z006A" => CovZ006A,
            "COV_Z006B" => CovZ006B,
            "CSECT" => Csect,
            "LCOV" => Lcov,
            "LOS" => Los,
            "NCOV_A" => NcovA,
            "NCOV_B_KXP" => KidneyTransplant,
            "NCOV_B_PXP" => NcovBPxp,
            "NCOV_F" => NcovF,
            "VAGDEL" => Vagdel,
            "BIOPSY" => Biopsy,
            "BILATERAL" => Bilateral,
            "OR_INDC" => OrIndicator,
            "NCOV8" => Ncov8,
            "NCOV9" => Ncov9,
            "NCOV13A" => Ncov13A,
            "NCOV13B" => Ncov13B,
            "LCOV_ARTHEARTXP" => LcovArtHeart,
            "LCOV_KIDNEYXP" => LcovKidney,
            "LCOV_PANCREASXP" => LcovPancreas,
            "LCOV_LVRS" => LcovLvrs,
            "LCOV_LUNGXP" => LcovLung,
            "LCOV_HEARTLUNGXP" => LcovHeartLung,
            "LCOV_HEARTXP" => LcovHeart,
            "LCOV_HEARTSYS" => LcovHeartSystem,
            "LCOV_INTXP" => LcovIntestine,
            "LCOV_LIVERXP" => LcovLiver,
            _ => return None,
        })
    }
}

/// A code's MCE attributes on one date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Attrs(u64);

impl Attrs {
    fn has(self, a: Attr) -> bool {
        self.0 & (1 << a as u8) != 0
    }
    fn any(self, a: &[Attr]) -> bool {
        a.iter().any(|&x| self.has(x))
    }
}

/// The CMS MCE `Edit` enum entries this logic raises, declared in CMS `Edit` order (the derived
/// `Ord` is the order results are reported in).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edit {
    InvalidCode,
    SexConflict,
    AgeConflict,
    QuestionableAdmission,
    ManifestationAsPdx,
    NonspecificPdx,
    ECodeAsPdx,
    UnacceptablePdx,
    DuplicateOfPdx,
    MedicareIsSecondaryPayer,
    RequiresSdx,
    NonspecificOr,
    OpenBiopsy,
    NonCovered,
    Bilateral,
    LimitedCoverageLvrs,
    LimitedCoverage,
    LimitedCoverageLungTransplant,
    QuestionableObstetricAdmission,
    LimitedCoverageHeartLungTransplant,
    LimitedCoverageHeartTransplant,
    LimitedCoverageHeartImplant,
    LimitedCoverageIntestineTransplant,
    LimitedCoverageLiverTransplant,
    InvalidAdmitDx,
    InvalidAge,
    InvalidSex,
    InvalidDischargeStatus,
    LimitedCoverageKidneyTransplant,
    LimitedCoveragePancreasTransplant,
    WrongProcedurePerformed,
    InconsistentWithLengthOfStay,
    Unspecified,
}

impl Edit {
    /// The CMS `Edit` name.
    pub fn name(self) -> &'static str {
        use Edit::*;
        match self {
            InvalidCode => "INVALID_CODE",
            SexConflict => "SEX_CONFLICT",
            AgeConflict => "AGE_CONFLICT",
            QuestionableAdmission => "QUESTIONABLE_ADMISSION",
            ManifestationAsPdx => "MANIFESTATION_AS_PDX",
            NonspecificPdx => "NONSPECIFIC_PDX",
            ECodeAsPdx => "E_CODE_AS_PDX",
            UnacceptablePdx => "UNACCEPTABLE_PDX",
            DuplicateOfPdx => "DUPLICATE_OF_PDX",
            MedicareIsSecondaryPayer => "MEDICARE_IS_SECONDARY_PAYER",
            RequiresSdx => "REQUIRES_SDX",
            NonspecificOr => "NONSPECIFIC_OR",
            OpenBiopsy => "OPEN_BIOPSY",
            NonCovered => "NON_COVERED",
            Bilateral => "BILATERAL",
            LimitedCoverageLvrs => "LIMITED_COVERAGE_LVRS",
            LimitedCoverage => "LIMITED_COVERAGE",
            LimitedCoverageLungTransplant => "LIMITED_COVERAGE_LUNG_TRANSPLANT",
            QuestionableObstetricAdmission => "QUESTIONABLE_OBSTETRIC_ADMISSION",
            LimitedCoverageHeartLungTransplant => "LIMITED_COVERAGE_COMBINATION_HEART_LUNG_TRANSPLANT",
            LimitedCoverageHeartTransplant => "LIMITED_COVERAGE_HEART_TRANSPLANT",
            LimitedCoverageHeartImplant => "LIMITED_COVERAGE_HEART_IMPLANT",
            LimitedCoverageIntestineTransplant => "LIMITED_COVERAGE_INTESTINE_MULTI_VISCERAL_TRANSPLANT",
            LimitedCoverageLiverTransplant => "LIMITED_COVERAGE_LIVER_TRANSPLANT",
            InvalidAdmitDx => "INVALID_ADMIT_DX",
            InvalidAge => "INVALID_AGE",
            InvalidSex => "INVALID_SEX",
            InvalidDischargeStatus => "INVALID_DISCHARGE_STATUS",
            LimitedCoverageKidneyTransplant => "LIMITED_COVERAGE_KIDNEY_TRANSPLANT",
            LimitedCoveragePancreasTransplant => "LIMITED_COVERAGE_PANCREAS_TRANSPLANT",
            WrongProcedurePerformed => "WRONG_PROCEDURE_PERFORMED",
            InconsistentWithLengthOfStay => "INCONSISTENT_WITH_LENGTH_OF_STAY",
            Unspecified => "UNSPECIFIED",
        }
    }
}

/// CMS MCE edit types: what an edit means for payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditType {
    None,
    Prepayment,
    Postpayment,
    Both,
    /// The discharge date is outside the MCE build: no edit was run.
    InvalidDischargeDate,
}

impl EditType {
    pub fn as_str(self) -> &'static str {
        match self {
            EditType::None => "NONE",
            EditType::Prepayment => "PREPAYMENT",
            EditType::Postpayment => "POSTPAYMENT",
            EditType::Both => "BOTH",
            EditType::InvalidDischargeDate => "INVALID_DISCHARGE_DATE",
        }
    }
}

/// One raised MCE edit: how often, of which type, and the codes that raised it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaisedEdit {
    pub edit: Edit,
    pub name: &'static str,
    pub count: u32,
    /// `PREPAYMENT`, `POSTPAYMENT` or `NONE` (from the kit's `Edit` enum).
    pub edit_type: String,
    /// The codes that raised it, in claim order (claim-level edits such as an invalid
    /// discharge status name no code).
    pub codes: Vec<String>,
}

/// The MCE's answer for one claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MceResult {
    pub edit_type: EditType,
    /// In CMS `Edit` order.
    pub edits: Vec<RaisedEdit>,
    /// Why no edit ran, when `edit_type` is `INVALID_DISCHARGE_DATE`; or a check that could
    /// not run (no `los` for the ventilation edit).
    pub notes: Vec<String>,
}

#[derive(Clone, Debug)]
struct AgeGroup {
    name: String,
    start: u8,
    end: u8,
    from: Date,
    through: Option<Date>,
}

/// The MCE tables of the `msdrg` table, ready to edit claims. Cheap to build: code flags are
/// read from the compiled tables per claim code, not copied.
#[derive(Clone)]
pub struct Mce<D> {
    dx: KeyedTable<D>,
    pr: KeyedTable<D>,
    /// Flag string (`female`, `lcov`…) → attribute, from `mceflag`.
    flags: Vec<(String, Option<Attr>)>,
    ages: Vec<AgeGroup>,
    statuses: Vec<(u8, Date, Option<Date>)>,
    /// Edit name → edit type (`mceedit`).
    edit_types: Vec<(String, String)>,
}

fn optional_date(s: &str) -> Result<Option<Date>, TableError> {
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some).map_err(|_| TableError::BadMeta { key: "mce", detail: format!("bad date {s:?}") })
}

fn covers(from: Date, through: Option<Date>, date: Date) -> bool {
    from <= date && through.is_none_or(|t| date <= t)
}

impl<D: AsRef<[u8]> + Clone> Mce<D> {
    pub fn new(tables: &DrgTables<D>) -> Result<Mce<D>, TableError> {
        let bad = |detail: String| TableError::BadMeta { key: "mce", detail };
        let flags = tables
            .table("mceflag")?
            .entries()
            .into_iter()
            .map(|(flag, rows)| {
                let attr = rows.first().and_then(|r| r.fields().next()).and_then(Attr::from_name);
                (flag, attr)
            })
            .collect();
        let mut ages = Vec::new();
        for (name, rows) in tables.table("mceage")?.entries() {
            for r in rows {
                let f: Vec<&str> = r.fields().collect();
                let [start, end, from, through] = f[..] else { return Err(bad(format!("age group {name}"))) };
                ages.push(AgeGroup {
                    name: name.clone(),
                    start: start.parse().map_err(|_| bad(format!("age group {name}")))?,
                    end: end.parse().map_err(|_| bad(format!("age group {name}")))?,
                    from: optional_date(from)?.ok_or_else(|| bad(format!("age group {name}")))?,
                    through: optional_date(through)?,
                });
            }
        }
        let mut statuses = Vec::new();
        for (code, rows) in tables.table("mcedst")?.entries() {
            for r in rows {
                let f: Vec<&str> = r.fields().collect();
                let [from, through] = f[..] else { return Err(bad(format!("discharge status {code}"))) };
                let n: u8 = code.parse().map_err(|_| bad(format!("discharge status {code}")))?;
                let from = optional_date(from)?.ok_or_else(|| bad(format!("discharge status {code}")))?;
                statuses.push((n, from, optional_date(through)?));
            }
        }
        let t = tables.table("mceedit")?;
        let col = t.column("edit_type").ok_or_else(|| bad("mceedit has no edit_type".into()))?;
        let edit_types = t
            .entries()
            .into_iter()
            .map(|(name, rows)| {
                let ty = rows.first().and_then(|r| r.fields().nth(col)).unwrap_or("NONE").to_string();
                (name, ty)
            })
            .collect();
        Ok(Mce {
            dx: tables.table("mcedx")?.clone(),
            pr: tables.table("mcepr")?.clone(),
            flags,
            ages,
            statuses,
            edit_types,
        })
    }

    /// The flags (space-separated) of the master row of `code` valid on `date`, or `None` when
    /// the master has no row for it then.
    fn flags_on<'t>(table: &'t KeyedTable<D>, code: &str, date: Date) -> Option<&'t str> {
        table.rows(code).into_iter().find_map(|r| {
            let mut f = r.fields();
            let (Ok(Some(from)), Ok(through)) = (optional_date(f.next()?), optional_date(f.next()?)) else {
                return None;
            };
            covers(from, through, date).then(|| f.next().unwrap_or(""))
        })
    }

    /// A code's attributes on `date`, or `None` when the master has no row for it then.
    fn attrs(&self, table: &KeyedTable<D>, code: &str, date: Date) -> Option<Attrs> {
        let flags = Self::flags_on(table, code, date)?;
        let mut a = Attrs::default();
        for flag in flags.split(' ').filter(|s| !s.is_empty()) {
            if let Some((_, Some(attr))) = self.flags.iter().find(|(f, _)| f == flag) {
                a.0 |= 1 << *attr as u8;
            }
        }
        Some(a)
    }

    /// A diagnosis code's MCE flags on `date` as their flag strings (for explanations).
    pub fn dx_flags(&self, code: &str, date: Date) -> Option<Vec<&str>> {
        Self::flags_on(&self.dx, code, date).map(|f| f.split(' ').filter(|s| !s.is_empty()).collect())
    }

    fn in_age_group(&self, group: &str, age: i32, date: Date) -> bool {
        self.ages
            .iter()
            .filter(|g| g.name == group && covers(g.from, g.through, date))
            .any(|g| i32::from(g.start) <= age && age <= i32::from(g.end))
    }

    fn age_conflict(&self, a: Attrs, age: i32, date: Date) -> bool {
        [
            (Attr::Pediatric, "Pediatric"),
            (Attr::Newborn, "Newborn"),
            (Attr::Maternity, "Maternity"),
            (Attr::Adult, "Adult"),
        ]
        .iter()
        .any(|(attr, group)| a.has(*attr) && !self.in_age_group(group, age, date))
    }

    fn sex_conflict(a: Attrs, sex: Sex) -> bool {
        // Since 2024-10-01 an unknown sex raises no conflict (every supported date is later).
        sex != Sex::Unknown && ((a.has(Attr::Male) && sex != Sex::Male) || (a.has(Attr::Female) && sex != Sex::Female))
    }

    /// Edits `claim` (its discharge date picks the MCE rows). A claim given by grouper
    /// `version` has no date: `MISSING_FIELD`.
    pub fn edit(&self, claim: &Claim, date: Date) -> MceResult {
        let mut out = Raised::default();
        if date > MCE_THROUGH || date < MCE_FROM {
            return MceResult {
                edit_type: EditType::InvalidDischargeDate,
                edits: Vec::new(),
                notes: vec![format!(
                    "the CMS Code Editor tables Codeglass has cover discharges from {MCE_FROM} to {MCE_THROUGH}; {date} is outside them, so no MCE edit ran"
                )],
            };
        }
        let mut notes = Vec::new();
        // Validation: codes that are not in the master on the date.
        let dx = |code: &str| if blank(code) { Some(Attrs::default()) } else { self.attrs(&self.dx, code, date) };
        let pr = |code: &str| if blank(code) { Some(Attrs::default()) } else { self.attrs(&self.pr, code, date) };
        let admit = claim.admit_dx.as_ref().map(|a| (a.code.as_str(), dx(&a.code)));
        if let Some((code, None)) = admit {
            out.raise(Edit::InvalidAdmitDx, Some(code));
        }
        let pdx_code = claim.pdx.code.as_str();
        let pdx = dx(pdx_code);
        if pdx.is_none() || blank(pdx_code) {
            out.raise(Edit::InvalidCode, Some(pdx_code));
        }
        let sdx: Vec<(&str, Attrs)> = claim
            .sdx
            .iter()
            .map(|s| {
                let a = dx(&s.code);
                if a.is_none() {
                    out.raise(Edit::InvalidCode, Some(&s.code));
                }
                (s.code.as_str(), a.unwrap_or_default())
            })
            .collect();
        let procs: Vec<(&str, Attrs)> = claim
            .procedures
            .iter()
            .map(|p| {
                let a = pr(p);
                if a.is_none() {
                    out.raise(Edit::InvalidCode, Some(p));
                }
                (p.as_str(), a.unwrap_or_default())
            })
            .collect();
        if !self.statuses.iter().any(|(n, from, through)| *n == claim.discharge_status && covers(*from, *through, date))
        {
            out.raise(Edit::InvalidDischargeStatus, None);
        }
        // CMS still checks the age groups with an invalid age as given. The claim reader
        // refuses sexes other than M/F/U, so INVALID_SEX cannot arise here.
        let (age, sex) = (claim.age, claim.sex);
        if !(0..=MAX_AGE).contains(&age) {
            out.raise(Edit::InvalidAge, None);
        }
        let pdx = pdx.unwrap_or_default();
        // Principal diagnosis.
        if pdx.has(Attr::Ecodepdx) {
            out.raise(Edit::ECodeAsPdx, Some(pdx_code));
        }
        if pdx.has(Attr::Manif) {
            out.raise(Edit::ManifestationAsPdx, Some(pdx_code));
        }
        if pdx.has(Attr::Unacceptable) {
            if !pdx.has(Attr::Reqsdx) {
                out.raise(Edit::UnacceptablePdx, Some(pdx_code));
            } else if sdx.is_empty() {
                out.raise(Edit::RequiresSdx, Some(pdx_code));
            }
        }
        if pdx.has(Attr::Nonspecific) && claim.discharge_status != DIED {
            out.raise(Edit::NonspecificPdx, Some(pdx_code));
        }
        if pdx.has(Attr::Qadm) {
            out.raise(Edit::QuestionableAdmission, Some(pdx_code));
        }
        self.dx_edits(&mut out, pdx_code, pdx, age, sex, date, true);
        // Secondary diagnoses.
        for &(code, a) in &sdx {
            if code == pdx_code {
                out.raise(Edit::DuplicateOfPdx, Some(code));
            }
            self.dx_edits(&mut out, code, a, age, sex, date, false);
        }
        // Procedures: claim-wide facts first.
        let any_pr = |x: Attr| procs.iter().any(|(_, a)| a.has(x));
        let any_dx = |x: Attr| pdx.has(x) || sdx.iter().any(|(_, a)| a.has(x));
        let any_sdx = |x: Attr| sdx.iter().any(|(_, a)| a.has(x));
        let z006 = any_pr(Attr::CovZ006A) && any_pr(Attr::CovZ006B);
        let clintrial = any_dx(Attr::Clintrial);
        let specific_or = procs.iter().any(|(_, a)| a.has(Attr::OrIndicator) && !a.has(Attr::Nonspecific));
        let mut bilateral: Vec<&str> = procs.iter().filter(|(_, a)| a.has(Attr::Bilateral)).map(|(c, _)| *c).collect();
        bilateral.sort_unstable();
        bilateral.dedup();
        for &(code, a) in &procs {
            if Self::sex_conflict(a, sex) {
                out.raise(Edit::SexConflict, Some(code));
            }
            if a.has(Attr::Nonspecific) && !specific_or {
                out.raise(Edit::NonspecificOr, Some(code));
            }
            if a.has(Attr::Biopsy) {
                out.raise(Edit::OpenBiopsy, Some(code));
            }
            if a.has(Attr::Los) {
                match claim.los {
                    Some(los) if los < MIN_LOS_FOR_LONG_VENTILATION => {
                        out.raise(Edit::InconsistentWithLengthOfStay, Some(code));
                    }
                    Some(_) => {}
                    None => notes.push(format!(
                        "{code} is a ventilation procedure of 96 or more consecutive hours; without \"los\" the length-of-stay edit could not be checked"
                    )),
                }
            }
            let non_covered = (a.has(Attr::NcovA))
                || (a.has(Attr::NcovBPxp) && !any_pr(Attr::KidneyTransplant) && !any_dx(Attr::Type1Diabetes))
                || (a.any(&[Attr::CovZ006A, Attr::CovZ006B]) && z006 && !clintrial)
                || (a.has(Attr::NcovD) && any_dx(Attr::NcovD))
                || (a.has(Attr::NcovE) && any_dx(Attr::NcovE))
                || (a.has(Attr::NcovF) && age > 60)
                || (a.has(Attr::NcovG) && any_dx(Attr::NcovG))
                || (a.has(Attr::Ncov2)
                    && !any_dx(Attr::Ncov2)
                    && if any_dx(Attr::Ncov2AgeLt64) {
                        age >= 64
                    } else if any_dx(Attr::Ncov2AgeLt78) {
                        age >= 78
                    } else {
                        true
                    })
                || (a.has(Attr::Ncov3) && !any_dx(Attr::Ncov3))
                || (a.has(Attr::Ncov8) && (!any_sdx(Attr::Ncov89) || !any_pr(Attr::Ncov9)))
                || (a.has(Attr::Ncov13A) && !any_pr(Attr::Ncov13B))
                || (a.has(Attr::LcovArtHeart) && !clintrial);
            if non_covered {
                out.raise(Edit::NonCovered, Some(code));
            } else {
                if a.has(Attr::Lcov) || (a.any(&[Attr::CovZ006A, Attr::CovZ006B]) && z006 && clintrial) {
                    out.raise(Edit::LimitedCoverage, Some(code));
                }
                let specific = [
                    (Attr::LcovLvrs, Edit::LimitedCoverageLvrs),
                    (Attr::LcovLung, Edit::LimitedCoverageLungTransplant),
                    (Attr::LcovHeartLung, Edit::LimitedCoverageHeartLungTransplant),
                    (Attr::LcovHeart, Edit::LimitedCoverageHeartTransplant),
                    (Attr::LcovHeartSystem, Edit::LimitedCoverageHeartImplant),
                    (Attr::LcovIntestine, Edit::LimitedCoverageIntestineTransplant),
                    (Attr::LcovLiver, Edit::LimitedCoverageLiverTransplant),
                    (Attr::LcovKidney, Edit::LimitedCoverageKidneyTransplant),
                    (Attr::LcovPancreas, Edit::LimitedCoveragePancreasTransplant),
                    (Attr::LcovArtHeart, Edit::LimitedCoverage),
                ];
                if let Some((_, e)) = specific.iter().find(|(x, _)| a.has(*x)) {
                    out.raise(*e, Some(code));
                }
            }
            // Bilateral joint procedures on a musculoskeletal PDX: counted once per claim.
            if a.has(Attr::Bilateral) && pdx.has(Attr::Mdc08) && bilateral.len() >= 2 {
                out.raise_once(Edit::Bilateral, code);
            }
            if a.any(&[Attr::Csect, Attr::Vagdel]) && !any_sdx(Attr::Delout) {
                out.raise(Edit::QuestionableObstetricAdmission, Some(code));
            }
        }
        let edits = out.finish(&self.edit_types);
        let edit_type = edit_type_of(&edits);
        MceResult { edit_type, edits, notes }
    }

    #[allow(clippy::too_many_arguments)]
    fn dx_edits(&self, out: &mut Raised, code: &str, a: Attrs, age: i32, sex: Sex, date: Date, principal: bool) {
        if principal {
            if a.has(Attr::Wrngproc) {
                out.raise(Edit::WrongProcedurePerformed, Some(code));
            }
            if a.has(Attr::Msp) {
                out.raise(Edit::MedicareIsSecondaryPayer, Some(code));
            }
            if a.has(Attr::Unspecified) {
                out.raise(Edit::Unspecified, Some(code));
            }
        } else {
            if a.has(Attr::Msp) {
                out.raise(Edit::MedicareIsSecondaryPayer, Some(code));
            }
            if a.has(Attr::Unspecified) {
                out.raise(Edit::Unspecified, Some(code));
            }
            if a.has(Attr::Wrngproc) {
                out.raise(Edit::WrongProcedurePerformed, Some(code));
            }
        }
        if self.age_conflict(a, age, date) {
            out.raise(Edit::AgeConflict, Some(code));
        }
        if Self::sex_conflict(a, sex) {
            out.raise(Edit::SexConflict, Some(code));
        }
    }
}

/// Blank or all-zero codes are skipped by the MCE's code validation (an all-zero PDX is an
/// invalid code of its own).
fn blank(code: &str) -> bool {
    code.is_empty() || code.bytes().all(|b| b == b'0')
}

#[derive(Default)]
struct Raised {
    counts: Vec<(Edit, u32, Vec<String>)>,
}

impl Raised {
    fn entry(&mut self, e: Edit) -> &mut (Edit, u32, Vec<String>) {
        if let Some(i) = self.counts.iter().position(|(x, _, _)| *x == e) {
            &mut self.counts[i]
        } else {
            self.counts.push((e, 0, Vec::new()));
            self.counts.last_mut().expect("just pushed")
        }
    }
    fn raise(&mut self, e: Edit, code: Option<&str>) {
        let entry = self.entry(e);
        entry.1 += 1;
        if let Some(c) = code {
            entry.2.push(c.to_string());
        }
    }
    fn raise_once(&mut self, e: Edit, code: &str) {
        let entry = self.entry(e);
        entry.1 = 1;
        entry.2.push(code.to_string());
    }
    fn finish(mut self, types: &[(String, String)]) -> Vec<RaisedEdit> {
        self.counts.sort_by_key(|(e, _, _)| *e);
        self.counts
            .into_iter()
            .map(|(edit, count, codes)| RaisedEdit {
                edit,
                name: edit.name(),
                count,
                edit_type: types.iter().find(|(n, _)| n == edit.name()).map_or("NONE", |(_, t)| t.as_str()).to_string(),
                codes,
            })
            .collect()
    }
}

fn edit_type_of(edits: &[RaisedEdit]) -> EditType {
    let pre = edits.iter().any(|e| e.edit_type == "PREPAYMENT" || e.edit_type == "BOTH");
    let post = edits.iter().any(|e| e.edit_type == "POSTPAYMENT" || e.edit_type == "BOTH");
    match (pre, post) {
        (true, true) => EditType::Both,
        (true, false) => EditType::Prepayment,
        (false, true) => EditType::Postpayment,
        (false, false) => EditType::None,
    }
}

/// A typed error for a claim the MCE cannot take.
pub(crate) fn date_of(claim: &Claim) -> Result<Date, ClaimError> {
    match claim.version {
        codeglass_grouper::VersionChoice::Date(d) => Ok(d),
        codeglass_grouper::VersionChoice::Version(_) => Err(ClaimError {
            code: "MISSING_FIELD",
            message: "edits need \"discharge_date\": the MCE rows and the code sets are picked by date, not by grouper version"
                .into(),
        }),
    }
}
