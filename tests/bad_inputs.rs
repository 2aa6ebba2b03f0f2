//! The bad-input matrix, Rust API side (tests/fixtures/bad_inputs.json; the CLI and JS API
//! run the same file). Every case gives its stable code, none panics, and a good call works
//! after each one. Every code of the matrix is documented in docs/errors.md, and every
//! documented code is one the sources emit.

use codeglass_grouper::{Change, Claim, ClaimError};
use codeglass_lookup::{describe, pcs_next, search, SearchOptions};
use codeglass_tables::{Catalog, Date};
use codeglass_tests::{catalog, grouper, mce, project_root, tables_dir};
use serde_json::{json, Value};

pub fn matrix() -> Value {
    serde_json::from_str(&std::fs::read_to_string(project_root().join("tests/fixtures/bad_inputs.json")).unwrap())
        .unwrap()
}

/// Replaces the placeholders a Rust caller can send.
fn expand(v: &Value) -> Value {
    match v {
        Value::String(s) if s == "$MB" => json!("A".repeat(1 << 20)),
        Value::String(s) if s == "$HUGE" => Value::Array(vec![json!({"code": "N179"}); 100_000]),
        Value::String(s) if s == "$25_SDX" => Value::Array(vec![json!({"code": "N179"}); 25]),
        Value::String(s) if s == "$26_PROCEDURES" => Value::Array(vec![json!({"code": "0DTJ4ZZ"}); 26]),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), expand(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(expand).collect()),
        other => other.clone(),
    }
}

/// The claim text a case sends: its raw text, its claim, or the good claim patched.
pub fn claim_text(m: &Value, case: &Value) -> String {
    if let Some(t) = case["text"].as_str() {
        return t.to_string();
    }
    if !case["claim"].is_null() {
        return case["claim"].to_string();
    }
    let mut c = m["good_claim"].clone();
    if let Some(field) = case["remove"].as_str() {
        c.as_object_mut().unwrap().remove(field);
    }
    if let Some(patch) = case["patch"].as_object() {
        for (k, v) in patch {
            c[k] = expand(v);
        }
    }
    c.to_string()
}

fn table_bytes(kind: &str) -> Vec<u8> {
    let real = std::fs::read(tables_dir().join("icd10cm-2027.cgt")).unwrap();
    match kind {
        "empty" => Vec::new(),
        "text" => b"this is not a code table, just some text".to_vec(),
        "truncated" => real[..real.len() / 2].to_vec(),
        "header" => real[..16].to_vec(),
        "flipped" => {
            let mut b = real;
            b[4_000] ^= 0x55;
            b
        }
        other => panic!("unknown table bytes {other}"),
    }
}

fn run(m: &Value, case: &Value) -> Result<(), String> {
    let date = Date::from_ymd_const(2026, 11, 22);
    let code = |r: Result<(), ClaimError>| r.map_err(|e| e.code.to_string());
    match case["op"].as_str().unwrap() {
        "group" => code(Claim::from_json(&claim_text(m, case)).and_then(|c| grouper().group(&c).map(|_| ()))),
        "edits" => code(
            Claim::from_json(&claim_text(m, case))
                .and_then(|c| codeglass_edits::check(catalog(), mce(), &c).map(|_| ())),
        ),
        "whatIf" => {
            let claim = Claim::from_value(&m["good_claim"]).unwrap();
            code(Change::from_value(&expand(&case["change"])).and_then(|ch| grouper().what_if(&claim, &ch).map(|_| ())))
        }
        "search" => {
            let d: Date = case["options"]["date"].as_str().map_or(date, |s| s.parse().unwrap());
            search(catalog(), case["query"].as_str().unwrap(), d, &SearchOptions::default())
                .map(|_| ())
                .map_err(|e| e.code().to_string())
        }
        "describe" => {
            let arg = expand(&case["code_arg"]);
            describe(catalog(), arg.as_str().unwrap(), date, None).map(|_| ()).map_err(|e| e.code().to_string())
        }
        "pcs" => {
            pcs_next(catalog(), case["code_arg"].as_str().unwrap(), date).map(|_| ()).map_err(|e| e.code().to_string())
        }
        "table" => {
            let mut c = Catalog::new();
            c.add(table_bytes(case["bytes"].as_str().unwrap())).map(|_| ()).map_err(|e| e.code().to_string())
        }
        other => panic!("unknown op {other}"),
    }
}

#[test]
fn every_bad_input_gets_its_stable_code_and_the_engine_keeps_working() {
    let m = matrix();
    let good = Claim::from_value(&m["good_claim"]).unwrap();
    let mut ran = 0;
    let mut failures = Vec::new();
    for case in m["cases"].as_array().unwrap() {
        if !case["surfaces"].as_array().unwrap().iter().any(|s| s == "rust") {
            continue;
        }
        let id = case["id"].as_str().unwrap();
        let want = case["code"].as_str().unwrap();
        let got = std::panic::catch_unwind(|| run(&m, case));
        match got {
            Ok(Err(code)) if code == want => {}
            Ok(Err(code)) => failures.push(format!("{id}: {code}, expected {want}")),
            Ok(Ok(())) => failures.push(format!("{id}: accepted, expected {want}")),
            Err(_) => failures.push(format!("{id}: PANIC")),
        }
        assert_eq!(grouper().group(&good).unwrap().final_drg, 292, "after {id}");
        ran += 1;
    }
    println!("{ran} bad inputs through the Rust API");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(ran >= 40);
}

/// What the CMS software grades is answered, not refused: each graded case of the matrix
/// gets CMS's return code, final DRG and MCE edits.
#[test]
fn every_graded_input_gets_the_cms_answer() {
    let m = matrix();
    let mut failures = Vec::new();
    let graded = m["graded"].as_array().unwrap();
    for case in graded {
        let id = case["id"].as_str().unwrap();
        let claim = match Claim::from_json(&claim_text(&m, case)) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{id}: refused with {e}"));
                continue;
            }
        };
        let r = grouper().group(&claim).unwrap();
        let report = codeglass_edits::check(catalog(), mce(), &claim).unwrap();
        let edits: Vec<&str> = report.mce.edits.iter().map(|e| e.name).collect();
        let want: Vec<&str> = case["mce_edits"].as_array().unwrap().iter().map(|e| e.as_str().unwrap()).collect();
        if r.return_code.as_str() != case["return_code"] || u64::from(r.final_drg) != case["final_drg"] || edits != want
        {
            failures.push(format!(
                "{id}: {} / DRG {} / MCE {edits:?}, CMS {} / DRG {} / MCE {want:?}",
                r.return_code.as_str(),
                r.final_drg,
                case["return_code"],
                case["final_drg"]
            ));
        }
    }
    println!("{} graded inputs through the Rust API", graded.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_code_is_documented_and_every_documented_code_is_real() {
    let doc = std::fs::read_to_string(project_root().join("docs/errors.md")).unwrap();
    let documented: std::collections::BTreeSet<String> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect();
    let m = matrix();
    for case in m["cases"].as_array().unwrap() {
        let code = case["code"].as_str().unwrap();
        assert!(documented.contains(code), "{code} (case {}) is not in docs/errors.md", case["id"]);
    }
    // Each documented code appears as a string literal in our sources.
    let mut sources = String::new();
    for dir in ["crates", "www"] {
        let mut stack = vec![project_root().join(dir)];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap().flatten() {
                let path = e.path();
                if path.is_dir() && !path.ends_with("pkg") {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "rs" || x == "js") {
                    sources.push_str(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
    }
    for code in &documented {
        let emitted = sources.contains(&format!("\"{code}\"")) || sources.contains(&format!("'{code}'"));
        assert!(emitted, "{code} is documented but no source emits it");
    }
    assert!(documented.len() >= 40, "{} codes documented", documented.len());
}
