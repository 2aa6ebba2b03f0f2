//! The ICD-10-CM convention edits on hand-written cases taken from real Tabular notes
//! (tests/fixtures/conventions.tsv): each case names the edits that must be raised (id,
//! severity, the note's source, the codes) and those that must not.

use codeglass_edits::{convention_edits, ConventionEdit, CONVENTION_EDITS};
use codeglass_grouper::{Claim, VersionChoice};
use codeglass_tests::{catalog, corpus_files, grouper, mce, project_root};
use serde_json::{json, Value};

struct Expect {
    id: String,
    severity: Option<String>,
    source: Option<String>,
    codes: Vec<String>,
}

fn expectation(item: &str) -> Expect {
    let mut words = item.split_whitespace();
    let head = words.next().unwrap_or_default();
    let (head, source) = match head.split_once('@') {
        Some((h, s)) => (h, Some(s.to_string())),
        None => (head, None),
    };
    let (id, severity) = match head.split_once('/') {
        Some((i, s)) => (i.to_string(), Some(s.to_string())),
        None => (head.to_string(), None),
    };
    // A source may hold spaces ("chapter 4", "block I10-I1A"): its words come before the codes.
    let mut source = source;
    let mut codes = Vec::new();
    for w in words {
        let is_code = w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) && w.len() >= 3;
        match (&mut source, is_code && w.chars().any(|c| c.is_ascii_digit())) {
            (Some(s), false) => {
                s.push(' ');
                s.push_str(w);
            }
            _ => codes.push(w.to_string()),
        }
    }
    Expect { id, severity, source, codes }
}

fn matches(e: &ConventionEdit, x: &Expect) -> bool {
    e.id == x.id
        && x.severity.as_deref().is_none_or(|s| s == e.severity.as_str())
        && x.source.as_deref().is_none_or(|s| e.note.as_ref().is_some_and(|n| n.source == s))
        && x.codes.iter().all(|c| e.codes.contains(c))
}

fn claim(date: &str, diagnoses: &str, procedures: &str, options: &str) -> Claim {
    let dx: Vec<Value> = diagnoses
        .split_whitespace()
        .map(|d| match d.split_once(':') {
            Some((code, poa)) => json!({"code": code, "poa": poa}),
            None => json!({"code": d}),
        })
        .collect();
    let mut v = json!({"discharge_date": date, "age": 60, "sex": "F", "discharge_status": "01",
        "pdx": dx[0], "sdx": dx[1..], "procedures": procedures.split_whitespace().collect::<Vec<_>>()});
    if let Some(h) = options.strip_prefix("hospital=") {
        v["hospital_status"] = json!(h);
    }
    Claim::from_value(&v).unwrap()
}

#[test]
fn convention_cases_from_the_tabular() {
    let text = std::fs::read_to_string(project_root().join("tests/fixtures/conventions.tsv")).unwrap();
    let mut cases = 0;
    let mut failures = Vec::new();
    let mut ids_seen = std::collections::BTreeSet::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let get = |i: usize| f.get(i).copied().unwrap_or("");
        let (name, date) = (get(0), get(1));
        let c = claim(date, get(2), get(3), get(6));
        let VersionChoice::Date(d) = c.version else { unreachable!() };
        let edits = convention_edits(catalog(), Some(mce()), &c, d).unwrap();
        cases += 1;
        let shown = || {
            edits
                .iter()
                .map(|e| format!("{} {:?} {:?}", e.id, e.codes, e.note.as_ref().map(|n| &n.source)))
                .collect::<Vec<_>>()
        };
        for item in get(4).split(';').map(str::trim).filter(|s| !s.is_empty()) {
            let x = expectation(item);
            ids_seen.insert(x.id.clone());
            if !edits.iter().any(|e| matches(e, &x)) {
                failures.push(format!("{name}: expected {item}; got {:?}", shown()));
            }
        }
        for item in get(5).split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (id, source) = item.split_once('@').map_or((item, None), |(i, s)| (i, Some(s)));
            if let Some(e) = edits
                .iter()
                .find(|e| e.id == id && source.is_none_or(|s| e.note.as_ref().is_some_and(|n| n.source == s)))
            {
                failures.push(format!("{name}: {item} must not be raised; got {} {:?}: {}", e.id, e.codes, e.message));
            }
        }
    }
    println!("{cases} convention cases");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(cases >= 50, "{cases} cases");
    // Every documented edit id is exercised by at least one case.
    let missing: Vec<&str> =
        CONVENTION_EDITS.iter().map(|(id, _, _)| *id).filter(|id| !ids_seen.contains(*id)).collect();
    assert!(missing.is_empty(), "no case raises {missing:?}");
}

/// Every claim of both differential corpora goes through the whole edit check without a
/// panic, and claims the edits cannot take get typed errors.
#[test]
fn every_corpus_claim_is_edited_and_bad_claims_get_typed_errors() {
    let mut n = 0;
    let files = std::iter::once(project_root().join("tests/fixtures/mce/mce.jsonl")).chain(corpus_files());
    for file in files {
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            let row: Value = serde_json::from_str(line).unwrap();
            let c = Claim::from_value(&row["claim"]).unwrap();
            let report =
                codeglass_edits::check(catalog(), mce(), &c).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert!(report.to_json()["convention_edits"].is_array());
            n += 1;
        }
    }
    assert!(n > 10_000, "{n} claims");
    let err =
        |json: Value| codeglass_edits::check(catalog(), mce(), &Claim::from_value(&json).unwrap()).unwrap_err().code;
    let base = json!({"discharge_date": "2026-11-22", "age": 60, "sex": "F", "discharge_status": "01", "pdx": {"code": "I5023"}});
    let mut v = base.clone();
    v.as_object_mut().unwrap().remove("discharge_date");
    v["version"] = json!(440);
    assert_eq!(err(v), "MISSING_FIELD");
    let mut v = base.clone();
    v["discharge_date"] = json!("2025-09-30");
    assert_eq!(err(v), "DATE_NOT_SUPPORTED");
    // Odd but well-formed codes are edits, not failures.
    let mut v = base;
    v["sdx"] = json!([{"code": "A0"}, {"code": "ZZZZZZZ"}, {"code": "S72"}, {"code": "S7200"}, {"code": "0000"}]);
    v["procedures"] = json!(["0", "ZZZZZZZ", "0DT"]);
    let c = Claim::from_value(&v).unwrap();
    let r = codeglass_edits::check(catalog(), mce(), &c).unwrap();
    assert!(r.conventions.iter().filter(|e| e.id == "UNKNOWN_CODE").count() >= 4, "{:?}", r.conventions);
}

/// Claim codes are any text CMS grades (issue 16): a code with characters outside ASCII, or
/// punctuation, is an `UNKNOWN_CODE` edit, never a panic (found by the edits fuzzer on
/// "T438X" followed by a combining mark).
#[test]
fn codes_of_any_text_are_unknown_codes_not_panics() {
    for odd in ["T438X\u{5ac}", "é", "I50-23", "S72.00\u{1F600}", "\u{0}"] {
        let claim = Claim::from_value(&json!({
            "discharge_date": "2026-11-15", "age": 85, "sex": "U", "discharge_status": "50",
            "pdx": {"code": "S9430XA", "poa": "Y"}, "sdx": [{"code": odd, "poa": "Y"}],
            "procedures": [{"code": odd}]}))
        .unwrap();
        let report = codeglass_edits::check(catalog(), mce(), &claim).unwrap();
        let unknown = report.conventions.iter().filter(|e| e.id == "UNKNOWN_CODE").count();
        assert!(unknown >= 2, "{odd:?}: {:?}", report.conventions);
        assert_eq!(grouper().group(&claim).unwrap().sdx[0].initial.as_str(), "NEITHER");
    }
}
