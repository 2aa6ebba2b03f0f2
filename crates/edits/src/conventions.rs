//! ICD-10-CM Tabular conventions that the MCE does not check: Excludes1 pairs on one claim,
//! code-first / manifestation sequencing, use-additional-code reminders, 7th characters and
//! placeholders, header codes, duplicates, POA against the exempt list, and codes (diagnoses
//! and procedures) that are not valid on the discharge date.

use codeglass_grouper::{Claim, ClaimError, HospitalStatus, Poa};
use codeglass_lookup::{code_notes, describe, CodeNotes, Note};
use codeglass_tables::{Catalog, Date, NoteKind, System};

use crate::mce::Mce;
use crate::refs::{self, CodeRef};

/// How much a convention edit matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The claim is wrong as coded.
    Error,
    /// Probably wrong; check the record.
    Warning,
    /// A reminder the Tabular gives (for example "use additional code").
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The Tabular note an edit comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteSource {
    /// `excludes1`, `codeFirst`, `useAdditionalCode`, `sevenChrDef`, `poaExempt`…
    pub kind: String,
    /// Where it is stated: a code, `block E08-E13`, `chapter 4`, or the list it comes from.
    pub source: String,
    pub text: String,
}

/// One convention edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConventionEdit {
    /// Stable identifier (see [`IDS`]).
    pub id: &'static str,
    pub severity: Severity,
    /// The codes involved, as written on the claim (canonical).
    pub codes: Vec<String>,
    pub message: String,
    pub note: Option<NoteSource>,
}

/// Every convention edit id, with its severity and what it means (documented in the README).
pub const IDS: [(&str, &str, &str); 16] = [
    ("EXCLUDES1_CONFLICT", "error", "two codes on the claim that an Excludes1 note says are never coded together"),
    (
        "MANIFESTATION_AS_PRINCIPAL",
        "error",
        "a manifestation code (\"in diseases classified elsewhere\") sequenced first",
    ),
    (
        "CODE_FIRST_SEQUENCE",
        "warning",
        "the condition a code-first note names is on the claim but sequenced after the code",
    ),
    (
        "CODE_FIRST_MISSING",
        "warning",
        "a manifestation code whose code-first note lists the etiologies, none of them on the claim",
    ),
    (
        "USE_ADDITIONAL_CODE",
        "info",
        "a use-additional-code note whose codes are not on the claim (a reminder: if applicable)",
    ),
    ("SEVENTH_CHARACTER_MISSING", "error", "a code under a 7th-character rule given without its 7th character"),
    ("SEVENTH_CHARACTER_INVALID", "error", "a 7th character the code's rule does not define"),
    ("PLACEHOLDER_MISSING", "error", "a 7th character given without the placeholder X the code needs"),
    ("HEADER_CODE", "error", "a category or subcategory header: not billable, a more specific code is needed"),
    ("CODE_NOT_VALID_ON_DATE", "error", "a code that exists, but not on the discharge date (added later or deleted)"),
    ("UNKNOWN_CODE", "error", "a code none of Codeglass's code sets holds"),
    ("DUPLICATE_CODE", "warning", "the same diagnosis reported twice"),
    ("DUPLICATE_PROCEDURE", "info", "the same procedure reported twice (right only if it was performed twice)"),
    ("POA_REPORTED_FOR_EXEMPT_CODE", "warning", "a POA indicator Y, N, U or W on a code of the POA-exempt list"),
    ("POA_EXEMPT_INDICATOR_ON_REPORTABLE_CODE", "error", "POA 1 (exempt) on a code that is not on the POA-exempt list"),
    ("POA_MISSING", "warning", "no POA indicator on a diagnosis that needs one"),
];

fn select_error(e: codeglass_tables::SelectError) -> ClaimError {
    ClaimError { code: e.code(), message: e.to_string() }
}

/// One diagnosis of the claim with what the code set says about it.
struct Dx<'a> {
    code: &'a str,
    poa: Poa,
    /// Position in PDX, SDX order.
    pos: usize,
    desc: Option<CodeNotes>,
}

/// The convention edits of one claim on `date` (the ICD-10-CM and -PCS code sets of that date).
pub fn check<D: AsRef<[u8]> + Clone>(
    catalog: &Catalog<D>,
    mce: Option<&Mce<D>>,
    claim: &Claim,
    date: Date,
) -> Result<Vec<ConventionEdit>, ClaimError> {
    let cm = catalog.code_set(System::Icd10Cm, date).map_err(select_error)?;
    let mut out = Vec::new();
    let diagnoses: Vec<(&str, Poa)> =
        std::iter::once(&claim.pdx).chain(&claim.sdx).map(|d| (d.code.as_str(), d.poa)).collect();
    let mut dxs: Vec<Dx> = Vec::new();
    for (pos, &(code, poa)) in diagnoses.iter().enumerate() {
        let valid = cm.get(code).filter(|e| e.is_valid_on(date));
        let desc = match valid {
            Some(_) => code_notes(cm, code, &[NoteKind::Excludes1, NoteKind::CodeFirst, NoteKind::UseAdditionalCode]),
            None => {
                out.push(not_found(catalog, System::Icd10Cm, code, date));
                None
            }
        };
        if let Some(d) = &desc {
            if !d.billable {
                out.push(not_billable(catalog, d, code, date));
            }
        }
        dxs.push(Dx { code, poa, pos, desc });
    }
    if let Some(a) = &claim.admit_dx {
        if !cm.get(&a.code).is_some_and(|e| e.is_valid_on(date)) {
            out.push(not_found(catalog, System::Icd10Cm, &a.code, date));
        }
    }
    duplicates(&diagnoses, &claim.procedures, &mut out);
    excludes1(&dxs, &mut out);
    code_first(&dxs, mce, date, &mut out);
    use_additional(&dxs, &mut out);
    poa(catalog, &dxs, claim, date, &mut out);
    let pcs = catalog.code_set(System::Icd10Pcs, date).map_err(select_error)?;
    for p in &claim.procedures {
        if !pcs.get(p).is_some_and(|e| e.is_valid_on(date) && e.billable()) {
            out.push(not_found(catalog, System::Icd10Pcs, p, date));
        }
    }
    Ok(out)
}

fn edit(
    id: &'static str,
    severity: Severity,
    codes: &[&str],
    message: String,
    note: Option<NoteSource>,
) -> ConventionEdit {
    ConventionEdit { id, severity, codes: codes.iter().map(|c| c.to_string()).collect(), message, note }
}

fn show(system: System, code: &str) -> String {
    system.display(code)
}

/// A code the date's code set does not hold as valid: another year's, a missing 7th
/// character or placeholder, an undefined 7th character, or unknown.
fn not_found<D: AsRef<[u8]> + Clone>(catalog: &Catalog<D>, system: System, code: &str, date: Date) -> ConventionEdit {
    // A claim code can be any text (CMS grades it invalid): only letters and digits can be a
    // code of some year, a 7th character away from one, or an incomplete PCS code.
    if !code.bytes().all(|b| b.is_ascii_alphanumeric()) || code.is_empty() {
        return edit(
            "UNKNOWN_CODE",
            Severity::Error,
            &[code],
            format!("{code:?} is not a code: codes are letters and digits"),
            None,
        );
    }
    let shown = show(system, code);
    for set in catalog.code_sets(system) {
        if let Some(e) = set.get(code) {
            let (from, to) = e.validity();
            if !(from <= date && date <= to) && e.billable() {
                return edit(
                    "CODE_NOT_VALID_ON_DATE",
                    Severity::Error,
                    &[code],
                    format!("{shown} is valid from {from} to {to}, not on the discharge date {date}"),
                    None,
                );
            }
        }
    }
    if system == System::Icd10Cm {
        if let Ok(cm) = catalog.code_set(system, date) {
            // "T401A": the 7th character without its placeholder X.
            if (4..7).contains(&code.len()) {
                let (head, last) = code.split_at(code.len() - 1);
                let candidate = format!("{head:X<6}{last}");
                if cm.get(&candidate).is_some_and(|e| e.billable() && e.is_valid_on(date)) {
                    return edit(
                        "PLACEHOLDER_MISSING",
                        Severity::Error,
                        &[code],
                        format!(
                            "{shown} is not a code; with the placeholder X it is {} (the 7th character must be in position 7)",
                            show(system, &candidate)
                        ),
                        None,
                    );
                }
            }
            // "S72001Z": a 7th character the rule does not define.
            if code.len() == 7 {
                if let Ok(d) = describe(catalog, &code[..6], date, Some(system)) {
                    if let Some(rule) = &d.seventh_characters {
                        let allowed: Vec<String> =
                            rule.values.iter().map(|v| format!("{} {}", v.character, v.meaning)).collect();
                        return edit(
                            "SEVENTH_CHARACTER_INVALID",
                            Severity::Error,
                            &[code],
                            format!(
                                "{shown}: 7th character {:?} is not defined for {}; the rule ({}) allows: {}",
                                &code[6..],
                                d.code,
                                rule.source,
                                allowed.join("; ")
                            ),
                            Some(NoteSource {
                                kind: "sevenChrDef".into(),
                                source: rule.source.clone(),
                                text: allowed.join("; "),
                            }),
                        );
                    }
                }
            }
        }
    }
    let what = match system {
        System::Icd10Cm => "ICD-10-CM",
        System::Icd10Pcs => "ICD-10-PCS",
    };
    let message = if system == System::Icd10Pcs && code.len() < 7 {
        format!("{shown} is incomplete: an ICD-10-PCS code has 7 characters")
    } else {
        format!("{shown} is not an {what} code in FY{} or any other year Codeglass holds", date.fiscal_year())
    };
    edit("UNKNOWN_CODE", Severity::Error, &[code], message, None)
}

fn not_billable<D: AsRef<[u8]> + Clone>(catalog: &Catalog<D>, d: &CodeNotes, code: &str, date: Date) -> ConventionEdit {
    if d.needs_seventh_character {
        let rule = d.seventh_characters.as_ref();
        let values: Vec<String> = rule
            .map(|r| r.values.iter().map(|v| format!("{} {}", v.character, v.meaning)).collect())
            .unwrap_or_default();
        return edit(
            "SEVENTH_CHARACTER_MISSING",
            Severity::Error,
            &[code],
            format!("{} needs a 7th character: {}", d.code, values.join("; ")),
            rule.map(|r| NoteSource { kind: "sevenChrDef".into(), source: r.source.clone(), text: values.join("; ") }),
        );
    }
    let all_children = describe(catalog, code, date, Some(System::Icd10Cm)).map(|x| x.children).unwrap_or_default();
    let children: Vec<String> = all_children.iter().take(6).map(|c| c.code.clone()).collect();
    edit(
        "HEADER_CODE",
        Severity::Error,
        &[code],
        format!(
            "{} ({}) is a header, not a billable code: code to the highest specificity ({}{})",
            d.code,
            d.display.as_deref().unwrap_or("no title"),
            children.join(", "),
            if all_children.len() > children.len() { ", …" } else { "" }
        ),
        None,
    )
}

fn duplicates(diagnoses: &[(&str, Poa)], procedures: &[String], out: &mut Vec<ConventionEdit>) {
    let mut seen: Vec<&str> = Vec::new();
    for &(code, _) in diagnoses {
        if seen.contains(&code) {
            out.push(edit(
                "DUPLICATE_CODE",
                Severity::Warning,
                &[code],
                format!("{} is reported more than once: report each diagnosis once", show(System::Icd10Cm, code)),
                None,
            ));
        } else {
            seen.push(code);
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for p in procedures {
        if seen.contains(&p.as_str()) {
            out.push(edit(
                "DUPLICATE_PROCEDURE",
                Severity::Info,
                &[p],
                format!("{p} is reported more than once: right only if the procedure was performed more than once"),
                None,
            ));
        } else {
            seen.push(p);
        }
    }
}

fn notes<'a>(d: &'a Dx, kind: &'a str) -> impl Iterator<Item = &'a Note> + 'a {
    d.desc.iter().flat_map(|x| x.notes.iter()).filter(move |n| n.kind == kind)
}

fn source_of(n: &Note) -> NoteSource {
    NoteSource { kind: n.kind.to_string(), source: n.source.clone(), text: n.text.clone() }
}

fn excludes1(dxs: &[Dx], out: &mut Vec<ConventionEdit>) {
    let mut reported: Vec<(&str, &str)> = Vec::new();
    let billable = |d: &&Dx| d.desc.as_ref().is_some_and(|x| x.billable);
    for a in dxs.iter().filter(billable) {
        for n in notes(a, "excludes1") {
            let refs = refs::parse(&n.text);
            if refs.is_empty() {
                continue;
            }
            for b in dxs.iter().filter(billable).filter(|b| b.code != a.code) {
                let pair = (a.code.min(b.code), a.code.max(b.code));
                if reported.contains(&pair) || !refs.iter().any(|r| r.matches(b.code)) {
                    continue;
                }
                reported.push(pair);
                let (sa, sb) = (show(System::Icd10Cm, a.code), show(System::Icd10Cm, b.code));
                out.push(edit(
                    "EXCLUDES1_CONFLICT",
                    Severity::Error,
                    &[a.code, b.code],
                    format!(
                        "{sa} and {sb} are not coded together: Excludes1 at {} — \"{}\" (the exception: the two conditions are unrelated)",
                        n.source, n.text
                    ),
                    Some(source_of(n)),
                ));
            }
        }
    }
}

/// The note lines of one kind grouped by where they are stated (a note's header line and its
/// list lines share a source).
fn grouped<'a>(d: &'a Dx, kind: &'a str) -> Vec<(&'a str, Vec<&'a Note>)> {
    let mut groups: Vec<(&str, Vec<&Note>)> = Vec::new();
    for n in notes(d, kind) {
        match groups.iter_mut().find(|(s, _)| *s == n.source) {
            Some((_, v)) => v.push(n),
            None => groups.push((n.source.as_str(), vec![n])),
        }
    }
    groups
}

fn is_manifestation<D: AsRef<[u8]> + Clone>(d: &Dx, mce: Option<&Mce<D>>, date: Date) -> bool {
    let flagged = mce.and_then(|m| m.dx_flags(d.code, date)).is_some_and(|f| f.contains(&"manifestation"));
    let titled = d.desc.as_ref().and_then(|x| x.display.as_deref()).is_some_and(|t| t.contains("classified elsewhere"));
    flagged || titled
}

fn code_first<D: AsRef<[u8]> + Clone>(dxs: &[Dx], mce: Option<&Mce<D>>, date: Date, out: &mut Vec<ConventionEdit>) {
    for x in dxs.iter().filter(|d| d.desc.as_ref().is_some_and(|x| x.billable)) {
        let manifestation = is_manifestation(x, mce, date);
        let shown = show(System::Icd10Cm, x.code);
        let groups = grouped(x, "codeFirst");
        if manifestation && x.pos == 0 {
            out.push(edit(
                "MANIFESTATION_AS_PRINCIPAL",
                Severity::Error,
                &[x.code],
                format!("{shown} is a manifestation code: code first the underlying condition, then {shown}"),
                groups.first().and_then(|(_, v)| v.first()).map(|n| source_of(n)),
            ));
        }
        for (source, lines) in groups {
            let refs: Vec<CodeRef> = lines.iter().flat_map(|n| refs::parse(&n.text)).collect();
            if refs.is_empty() {
                continue;
            }
            let matching: Vec<&Dx> =
                dxs.iter().filter(|d| d.code != x.code && refs.iter().any(|r| r.matches(d.code))).collect();
            let text = lines.iter().map(|n| n.text.as_str()).collect::<Vec<_>>().join("; ");
            let note = NoteSource { kind: "codeFirst".into(), source: source.to_string(), text: text.clone() };
            if !matching.is_empty() && matching.iter().all(|d| d.pos > x.pos) {
                let names: Vec<String> = matching.iter().map(|d| show(System::Icd10Cm, d.code)).collect();
                let mut codes = vec![x.code];
                codes.extend(matching.iter().map(|d| d.code));
                out.push(edit(
                    "CODE_FIRST_SEQUENCE",
                    Severity::Warning,
                    &codes,
                    format!(
                        "code first {}: sequence it before {shown} (code first note at {source})",
                        names.join(", ")
                    ),
                    Some(note),
                ));
            } else if matching.is_empty() && manifestation && !text.contains("such as") {
                out.push(edit(
                    "CODE_FIRST_MISSING",
                    Severity::Warning,
                    &[x.code],
                    format!("{shown} is a manifestation: its etiology ({text}) is not on the claim"),
                    Some(note),
                ));
            }
        }
    }
}

fn use_additional(dxs: &[Dx], out: &mut Vec<ConventionEdit>) {
    for x in dxs.iter().filter(|d| d.desc.as_ref().is_some_and(|x| x.billable)) {
        for (source, lines) in grouped(x, "useAdditionalCode") {
            let refs: Vec<CodeRef> = lines.iter().flat_map(|n| refs::parse(&n.text)).collect();
            if refs.is_empty() || dxs.iter().any(|d| d.code != x.code && refs.iter().any(|r| r.matches(d.code))) {
                continue;
            }
            let text = lines.iter().map(|n| n.text.as_str()).collect::<Vec<_>>().join("; ");
            out.push(edit(
                "USE_ADDITIONAL_CODE",
                Severity::Info,
                &[x.code],
                format!("{}: use additional code, if applicable — {text}", show(System::Icd10Cm, x.code)),
                Some(NoteSource { kind: "useAdditionalCode".into(), source: source.to_string(), text }),
            ));
        }
    }
}

/// The FY2026 POA-exempt list is the only one in the kit; later dates use it with a note.
fn poa<D: AsRef<[u8]> + Clone>(
    catalog: &Catalog<D>,
    dxs: &[Dx],
    claim: &Claim,
    date: Date,
    out: &mut Vec<ConventionEdit>,
) {
    let Some(list) = catalog.drg().and_then(|t| t.table("poaex").ok()) else { return };
    let later = date.fiscal_year() > 2026;
    let (list_name, downgrade) = if later {
        ("FY2026 POA-exempt list (the CMS files Codeglass is built from have no FY2027 list)", true)
    } else {
        ("FY2026 POA-exempt list", false)
    };
    let severity = |s: Severity| if downgrade { Severity::Info } else { s };
    let note = |code: &str, text: &str| NoteSource {
        kind: "poaExempt".into(),
        source: list_name.into(),
        text: format!("{code} {text}"),
    };
    for d in dxs.iter().filter(|d| d.desc.as_ref().is_some_and(|x| x.billable)) {
        let exempt = list.get(d.code, 431);
        let shown = show(System::Icd10Cm, d.code);
        match (exempt, d.poa) {
            (Some(row), Poa::Y | Poa::N | Poa::U | Poa::W) => out.push(edit(
                "POA_REPORTED_FOR_EXEMPT_CODE",
                severity(Severity::Warning),
                &[d.code],
                format!("{shown} is exempt from POA reporting ({list_name}): leave the indicator blank (1 on electronic claims), not {}", d.poa),
                Some(note(&shown, row.value)),
            )),
            (None, Poa::One) => out.push(edit(
                "POA_EXEMPT_INDICATOR_ON_REPORTABLE_CODE",
                severity(Severity::Error),
                &[d.code],
                format!("{shown} is not on the {list_name}: POA must be Y, N, U or W, not 1"),
                None,
            )),
            (None, Poa::Blank) if claim.hospital_status != HospitalStatus::Exempt => out.push(edit(
                "POA_MISSING",
                severity(Severity::Warning),
                &[d.code],
                format!("{shown} needs a POA indicator (Y, N, U or W): it is not on the {list_name}"),
                None,
            )),
            _ => {}
        }
    }
}
