//! The claim object shared by grouping, what-if and the edits, and its JSON form.
//!
//! ```json
//! {"id": "A1", "discharge_date": "2026-10-15", "age": 67, "sex": "F", "discharge_status": "01",
//!  "los": 4, "pdx": {"code": "I50.23", "poa": "Y"}, "sdx": [{"code": "N17.9", "poa": "N"}],
//!  "procedures": [{"code": "02HV33Z"}], "hospital_status": "NOT_EXEMPT"}
//! ```
//!
//! Codes are accepted dotted or not, in any case; `"version": 431` may replace the date.
//! What the CMS software grades is taken as it is and graded as CMS grades it: any age, codes
//! of any length or shape (an invalid code is a return code or an edit, not an error), any
//! one-character POA. What is not a claim at all is a [`ClaimError`] with a stable code: not
//! JSON, wrong types, missing or unknown fields (a misspelt `"sdx"` silently dropped would
//! group to a wrong DRG), too many codes.

use std::fmt;

use codeglass_tables::{canonical_code, Date};
use serde_json::{Map, Value};

/// CMS grouper limits: 24 secondary diagnoses and 25 procedures (the UB-04 claim).
pub const MAX_SDX: usize = 24;
pub const MAX_PROCEDURES: usize = 25;
/// The oldest age the MCE accepts; an older one is graded `INVALID_AGE`, not refused.
pub const MAX_AGE: i32 = 124;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
    Unknown,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "M",
            Sex::Female => "F",
            Sex::Unknown => "U",
        }
    }
}

/// Present-on-admission indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Poa {
    Y,
    N,
    U,
    W,
    /// `1`: exempt from POA reporting (CMS treats it as invalid on a HAC code).
    One,
    Blank,
    /// Any other character: CMS grades it as an invalid indicator (as `1` or blank on a HAC code).
    Invalid(char),
}

impl fmt::Display for Poa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Poa::Y => f.write_str("Y"),
            Poa::N => f.write_str("N"),
            Poa::U => f.write_str("U"),
            Poa::W => f.write_str("W"),
            Poa::One => f.write_str("1"),
            Poa::Blank => Ok(()),
            Poa::Invalid(c) => write!(f, "{c}"),
        }
    }
}

impl Poa {
    /// `Y` or `W`: the condition was present on admission (clinically undetermined counts as present).
    pub fn present(self) -> bool {
        matches!(self, Poa::Y | Poa::W)
    }
    /// Blank, `1` or another character: no usable indicator.
    pub fn missing(self) -> bool {
        matches!(self, Poa::Blank | Poa::One | Poa::Invalid(_))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HospitalStatus {
    NotExempt,
    Exempt,
    Unknown,
}

impl HospitalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            HospitalStatus::NotExempt => "NOT_EXEMPT",
            HospitalStatus::Exempt => "EXEMPT",
            HospitalStatus::Unknown => "UNKNOWN",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnosis {
    /// Canonical: upper case, no dot.
    pub code: String,
    pub poa: Poa,
}

/// Which grouper version: by date (the normal case) or named.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VersionChoice {
    Date(Date),
    Version(u16),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub id: Option<String>,
    pub version: VersionChoice,
    /// Years; any whole number (CMS grades one outside 0–124 with the MCE's `INVALID_AGE`).
    pub age: i32,
    pub sex: Sex,
    /// Two-digit UB-04 patient discharge status, as a number (01 → 1).
    pub discharge_status: u8,
    pub los: Option<u32>,
    pub pdx: Diagnosis,
    pub admit_dx: Option<Diagnosis>,
    pub sdx: Vec<Diagnosis>,
    pub procedures: Vec<String>,
    pub hospital_status: HospitalStatus,
    /// Hospital base rate for an estimated payment (weight × base rate).
    pub base_rate: Option<f64>,
}

/// Why a claim was refused. `code` is stable; `message` says what to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimError {
    pub code: &'static str,
    pub message: String,
}

impl fmt::Display for ClaimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ClaimError {}

pub(crate) fn err(code: &'static str, message: impl Into<String>) -> ClaimError {
    ClaimError { code, message: message.into() }
}

const FIELDS: [&str; 13] = [
    "id",
    "discharge_date",
    "version",
    "age",
    "sex",
    "discharge_status",
    "los",
    "pdx",
    "admit_dx",
    "sdx",
    "procedures",
    "hospital_status",
    "base_rate",
];

impl Claim {
    /// Parses one claim from JSON text.
    pub fn from_json(text: &str) -> Result<Claim, ClaimError> {
        let v: Value = serde_json::from_str(text).map_err(|e| err("BAD_JSON", format!("not valid JSON: {e}")))?;
        Claim::from_value(&v)
    }

    /// Reads a claim from a parsed JSON value.
    pub fn from_value(v: &Value) -> Result<Claim, ClaimError> {
        let o = v.as_object().ok_or_else(|| err("BAD_CLAIM", "a claim is a JSON object"))?;
        if let Some(k) = o.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            return Err(err("UNKNOWN_FIELD", format!("unknown field {k:?}; the fields are {}", FIELDS.join(", "))));
        }
        let id = match o.get("id") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(_) => return Err(err("BAD_FIELD", "\"id\" must be a string or a number")),
        };
        let version = match (o.get("discharge_date"), o.get("version")) {
            (Some(d), None) => VersionChoice::Date(date(d)?),
            (None, Some(v)) => VersionChoice::Version(version(v)?),
            (Some(_), Some(_)) => {
                return Err(err("BAD_FIELD", "give \"discharge_date\" or \"version\", not both"));
            }
            (None, None) => return Err(err("MISSING_FIELD", "\"discharge_date\" (YYYY-MM-DD) is required")),
        };
        let age = age(required(o, "age")?)?;
        let sex = match required(o, "sex")?.as_str() {
            Some("M" | "m") => Sex::Male,
            Some("F" | "f") => Sex::Female,
            Some("U" | "u") => Sex::Unknown,
            _ => return Err(err("BAD_SEX", "\"sex\" must be \"M\", \"F\" or \"U\"")),
        };
        let discharge_status = discharge_status(required(o, "discharge_status")?)?;
        let los = match o.get("los") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| err("BAD_LOS", format!("\"los\" must be a whole number of days ≥ 0, not {v}")))?,
            ),
        };
        let pdx = diagnosis(required(o, "pdx")?, "pdx")?;
        let admit_dx = match o.get("admit_dx") {
            None | Some(Value::Null) => None,
            Some(v) => Some(diagnosis(v, "admit_dx")?),
        };
        let sdx = list(o, "sdx", MAX_SDX)?
            .iter()
            .enumerate()
            .map(|(i, v)| diagnosis(v, &format!("sdx[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        let procedures = list(o, "procedures", MAX_PROCEDURES)?
            .iter()
            .enumerate()
            .map(|(i, v)| procedure(v, i))
            .collect::<Result<Vec<_>, _>>()?;
        let hospital_status = match o.get("hospital_status") {
            None | Some(Value::Null) => HospitalStatus::NotExempt,
            Some(v) => match v.as_str() {
                Some("NOT_EXEMPT") => HospitalStatus::NotExempt,
                Some("EXEMPT") => HospitalStatus::Exempt,
                Some("UNKNOWN") => HospitalStatus::Unknown,
                _ => {
                    return Err(err(
                        "BAD_FIELD",
                        "\"hospital_status\" must be \"NOT_EXEMPT\", \"EXEMPT\" or \"UNKNOWN\"",
                    ))
                }
            },
        };
        let base_rate = match o.get("base_rate") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_f64()
                    .filter(|r| r.is_finite() && *r >= 0.0)
                    .ok_or_else(|| err("BAD_FIELD", "\"base_rate\" must be a number ≥ 0 (dollars)"))?,
            ),
        };
        Ok(Claim {
            id,
            version,
            age,
            sex,
            discharge_status,
            los,
            pdx,
            admit_dx,
            sdx,
            procedures,
            hospital_status,
            base_rate,
        })
    }

    /// The claim as JSON, in the form [`Claim::from_value`] reads.
    pub fn to_value(&self) -> Value {
        let dx = |d: &Diagnosis| {
            let mut m = Map::new();
            m.insert("code".into(), d.code.clone().into());
            if d.poa != Poa::Blank {
                m.insert("poa".into(), d.poa.to_string().into());
            }
            Value::Object(m)
        };
        let mut m = Map::new();
        if let Some(id) = &self.id {
            m.insert("id".into(), id.clone().into());
        }
        match self.version {
            VersionChoice::Date(d) => m.insert("discharge_date".into(), d.to_string().into()),
            VersionChoice::Version(v) => m.insert("version".into(), v.into()),
        };
        m.insert("age".into(), self.age.into());
        m.insert("sex".into(), self.sex.as_str().into());
        m.insert("discharge_status".into(), format!("{:02}", self.discharge_status).into());
        if let Some(los) = self.los {
            m.insert("los".into(), los.into());
        }
        m.insert("pdx".into(), dx(&self.pdx));
        if let Some(a) = &self.admit_dx {
            m.insert("admit_dx".into(), dx(a));
        }
        m.insert("sdx".into(), self.sdx.iter().map(dx).collect());
        m.insert("procedures".into(), self.procedures.iter().map(|c| serde_json::json!({ "code": c })).collect());
        m.insert("hospital_status".into(), self.hospital_status.as_str().into());
        if let Some(r) = self.base_rate {
            m.insert("base_rate".into(), r.into());
        }
        Value::Object(m)
    }
}

fn required<'a>(o: &'a Map<String, Value>, field: &str) -> Result<&'a Value, ClaimError> {
    o.get(field).ok_or_else(|| err("MISSING_FIELD", format!("{field:?} is required")))
}

fn date(v: &Value) -> Result<Date, ClaimError> {
    let s = v.as_str().ok_or_else(|| err("BAD_DATE", "\"discharge_date\" must be a string YYYY-MM-DD"))?;
    s.parse().map_err(|_| err("BAD_DATE", format!("{s:?} is not a date YYYY-MM-DD")))
}

fn version(v: &Value) -> Result<u16, ClaimError> {
    v.as_u64()
        .and_then(|n| u16::try_from(n).ok())
        .ok_or_else(|| err("BAD_VERSION", format!("\"version\" must be a grouper version number such as 431, not {v}")))
}

pub(crate) fn discharge_status(v: &Value) -> Result<u8, ClaimError> {
    let bad =
        || err("BAD_DISCHARGE_STATUS", format!("\"discharge_status\" must be a two-digit code \"01\"–\"99\", not {v}"));
    match v {
        Value::String(s) if (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().map_err(|_| bad())
        }
        Value::Number(n) => n.as_u64().filter(|n| *n <= 99).map(|n| n as u8).ok_or_else(bad),
        _ => Err(bad()),
    }
}

fn list<'a>(o: &'a Map<String, Value>, field: &str, max: usize) -> Result<&'a [Value], ClaimError> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) if a.len() <= max => Ok(a),
        Some(Value::Array(a)) => {
            Err(err("TOO_MANY_CODES", format!("{} {field} codes; the CMS grouper takes at most {max}", a.len())))
        }
        Some(_) => Err(err("BAD_FIELD", format!("{field:?} must be a list"))),
    }
}

/// A claim code as CMS receives it: any string (an invalid one is graded, not refused), in
/// canonical form where it has one (`i50.23` → `I5023`), else trimmed, undotted, upper case.
pub(crate) fn code(v: Option<&Value>, at: &str) -> Result<String, ClaimError> {
    let s = v.and_then(Value::as_str).ok_or_else(|| err("BAD_CODE", format!("{at}: \"code\" must be a string")))?;
    if s.len() > MAX_CODE_LEN {
        return Err(err("BAD_CODE", format!("{at}: a code of {} characters is not a code field", s.len())));
    }
    Ok(canonical_code(s).unwrap_or_else(|| s.trim().replace('.', "").to_uppercase()))
}

/// Longer strings are not codes at all (a claim field is 7 characters); CMS grades what fits
/// a field with room to spare, so this only refuses what could not be one.
const MAX_CODE_LEN: usize = 64;

pub(crate) fn object<'a>(v: &'a Value, at: &str, fields: &[&str]) -> Result<&'a Map<String, Value>, ClaimError> {
    let o = v.as_object().ok_or_else(|| err("BAD_FIELD", format!("{at} must be an object {{\"code\": …}}")))?;
    if let Some(k) = o.keys().find(|k| !fields.contains(&k.as_str())) {
        return Err(err("UNKNOWN_FIELD", format!("{at}: unknown field {k:?}")));
    }
    Ok(o)
}

fn diagnosis(v: &Value, at: &str) -> Result<Diagnosis, ClaimError> {
    let o = object(v, at, &["code", "poa"])?;
    let code = code(o.get("code"), at)?;
    let poa = poa(o.get("poa"), at)?;
    Ok(Diagnosis { code, poa })
}

fn procedure(v: &Value, i: usize) -> Result<String, ClaimError> {
    let at = format!("procedures[{i}]");
    match v {
        Value::String(_) => code(Some(v), &at),
        _ => code(object(v, &at, &["code"])?.get("code"), &at),
    }
}

pub(crate) fn poa(v: Option<&Value>, at: &str) -> Result<Poa, ClaimError> {
    Ok(match v {
        None | Some(Value::Null) => Poa::Blank,
        Some(Value::String(s)) => match s.trim() {
            "Y" | "y" => Poa::Y,
            "N" | "n" => Poa::N,
            "U" | "u" => Poa::U,
            "W" | "w" => Poa::W,
            "1" => Poa::One,
            "" => Poa::Blank,
            other => {
                let mut chars = other.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Poa::Invalid(c),
                    _ => {
                        return Err(err(
                            "BAD_POA",
                            format!("{at}: POA {other:?} is not one character (Y, N, U, W, 1 or blank)"),
                        ));
                    }
                }
            }
        },
        Some(other) => return Err(err("BAD_POA", format!("{at}: POA must be a string, not {other}"))),
    })
}

/// Any whole number of years: CMS groups an odd age and its MCE says `INVALID_AGE`.
pub(crate) fn age(v: &Value) -> Result<i32, ClaimError> {
    v.as_i64()
        .and_then(|n| i32::try_from(n).ok())
        .ok_or_else(|| err("BAD_AGE", format!("\"age\" must be a whole number of years, not {v}")))
}
