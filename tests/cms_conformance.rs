//! The MS-DRG grouper and the MCE against the CMS reference software itself (the CMS Java
//! grouper 43.1 and MCE 2.0, `cmsref`), on committed claims with CMS's answers:
//!
//! - `tests/fixtures/cms/v{430,431}.jsonl`: claims from `scripts/oracle/make_cms_fixtures.py`
//!   (seeded), answered by `cmsref`; one `{"claim", "expected"}` a line;
//! - the CMS reference probes (`../shared/cms/reference-probes/probes.jsonl`), read where they are.
//!
//! Every field CMS answers is compared, and there is no list of accepted differences: where
//! Codeglass and CMS disagree, CMS is right and the test fails.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use codeglass_grouper::{Claim, GroupResult, VersionChoice};
use codeglass_tests::{cms_root, grouper, mce, project_root, skipped};
use serde::Deserialize;
use serde_json::Value;

/// CMS's answer for one claim, in `cmsref`'s vocabulary.
#[derive(Deserialize)]
struct Expected {
    initial_drg: u16,
    final_drg: u16,
    initial_mdc: u8,
    final_mdc: u8,
    initial_return_code: String,
    return_code: String,
    sdx_severity: Vec<String>,
    sdx_severity_final: Vec<String>,
    hac: ExpectedHac,
    proc_is_or: Vec<bool>,
    /// Absent where CMS's MCE failed (`mce_error`: it throws on a 96-hour ventilation
    /// procedure without a length of stay); ours must then say the edit could not be checked.
    mce_edit_type: Option<String>,
    #[serde(default)]
    mce_edits: Vec<ExpectedEdit>,
    mce_error: Option<String>,
}

#[derive(Deserialize)]
struct ExpectedHac {
    status: String,
    categories: usize,
    criteria_met: Vec<(usize, u8)>,
}

#[derive(Deserialize)]
struct ExpectedEdit {
    name: String,
    count: u32,
}

/// One compared field: its name and both sides, written the same way.
type Field = (&'static str, String, String);

fn fields(claim: &Claim, r: &GroupResult, e: &Expected) -> Vec<Field> {
    let join = |v: &[String]| v.join(" ");
    let ours_sdx = |initial: bool| {
        r.sdx.iter().map(|s| if initial { s.initial.as_str() } else { s.final_.as_str() }).collect::<Vec<_>>().join(" ")
    };
    let VersionChoice::Date(date) = claim.version else { panic!("fixture claims carry dates") };
    let m = mce().edit(claim, date);
    let ours_edits: Vec<String> = m.edits.iter().map(|x| format!("{}:{}", x.name, x.count)).collect();
    let mut cms_edits: Vec<String> = e.mce_edits.iter().map(|x| format!("{}:{}", x.name, x.count)).collect();
    let mut ours_sorted = ours_edits;
    ours_sorted.sort();
    cms_edits.sort();
    let (ours_type, cms_type) = match (&e.mce_edit_type, &e.mce_error) {
        (Some(t), _) => (m.edit_type.as_str().to_string(), t.clone()),
        (None, error) => {
            // CMS's MCE stopped on this claim: ours must not claim a clean answer either.
            let noted = m.notes.iter().any(|n| n.contains("could not be checked"));
            (format!("noted: {noted}"), format!("noted: true (CMS MCE failed: {})", error.as_deref().unwrap_or("?")))
        }
    };
    let cms_type =
        if ours_type == "noted: true" && cms_type.starts_with("noted: true") { ours_type.clone() } else { cms_type };
    vec![
        ("initial_drg", r.initial_drg.to_string(), e.initial_drg.to_string()),
        ("final_drg", r.final_drg.to_string(), e.final_drg.to_string()),
        ("initial_mdc", r.initial_mdc.to_string(), e.initial_mdc.to_string()),
        ("final_mdc", r.final_mdc.to_string(), e.final_mdc.to_string()),
        ("initial_return_code", r.initial_return_code.as_str().into(), e.initial_return_code.clone()),
        ("return_code", r.return_code.as_str().into(), e.return_code.clone()),
        ("sdx_severity", ours_sdx(true), join(&e.sdx_severity)),
        ("sdx_severity_final", ours_sdx(false), join(&e.sdx_severity_final)),
        ("hac.status", r.hac.status.as_str().into(), e.hac.status.clone()),
        ("hac.categories", r.hac.categories.to_string(), e.hac.categories.to_string()),
        ("hac.criteria_met", format!("{:?}", r.hac.criteria_met), format!("{:?}", e.hac.criteria_met)),
        (
            "proc_is_or",
            format!("{:?}", r.procedures.iter().map(|p| p.is_or).collect::<Vec<_>>()),
            format!("{:?}", e.proc_is_or),
        ),
        ("mce_edit_type", ours_type, cms_type),
        // Where CMS's MCE failed it gave no edits to compare with.
        if e.mce_error.is_some() {
            ("mce_edits", String::new(), String::new())
        } else {
            ("mce_edits", ours_sorted.join(" "), cms_edits.join(" "))
        },
    ]
}

/// Per field: (claims, agreeing); and the first disagreements, for the message.
#[derive(Default)]
struct Tally {
    per_field: BTreeMap<&'static str, (u32, u32)>,
    claims: u32,
    agreeing: u32,
    failures: Vec<String>,
}

impl Tally {
    fn add(&mut self, id: &str, claim: &Value, hospital: Option<&str>, fields: &[Field]) {
        self.claims += 1;
        let mut bad = String::new();
        for (name, ours, cms) in fields {
            let f = self.per_field.entry(name).or_default();
            f.0 += 1;
            if ours == cms {
                f.1 += 1;
            } else {
                let _ = write!(bad, "\n    {name}: ours {ours:?}, CMS {cms:?}");
            }
        }
        if bad.is_empty() {
            self.agreeing += 1;
        } else {
            self.failures.push(format!("{id} (hospital {}) {claim}{bad}", hospital.unwrap_or("NOT_EXEMPT")));
        }
    }

    fn report(&self, what: &str) {
        println!(
            "{what}: {}/{} claims agree on every field ({:.2}%)",
            self.agreeing,
            self.claims,
            100.0 * f64::from(self.agreeing) / f64::from(self.claims.max(1))
        );
        for (name, (n, ok)) in &self.per_field {
            println!("  {name:<22} {ok:>6}/{n:<6} {:.2}%", 100.0 * f64::from(*ok) / f64::from((*n).max(1)));
        }
    }

    fn assert_all_agree(&self, what: &str) {
        assert!(
            self.failures.is_empty(),
            "{what}: {} claims differ from CMS (first 25):\n{}",
            self.failures.len(),
            // CODEGLASS_ALL_DIFFERENCES=1 lists every one (for studying a change, not for CI logs).
            self.failures
                .iter()
                .take(if std::env::var_os("CODEGLASS_ALL_DIFFERENCES").is_some() { usize::MAX } else { 25 })
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// Groups and edits `claim` and compares every field with CMS's answer.
fn compare(tally: &mut Tally, id: &str, claim_json: &Value, expected: &Value) {
    let e: Expected = serde_json::from_value(expected.clone()).unwrap_or_else(|x| panic!("{id}: expected: {x}"));
    let hospital = claim_json.get("hospital_status").and_then(Value::as_str);
    // CMS grades every fixture claim: a refusal or a grouping error is a difference too.
    let got = Claim::from_value(claim_json).and_then(|c| grouper().group(&c).map(|r| fields(&c, &r, &e)));
    match got {
        Ok(f) => tally.add(id, claim_json, hospital, &f),
        Err(x) => tally.add(id, claim_json, hospital, &[("claim accepted", format!("refused: {x}"), "graded".into())]),
    }
}

#[test]
fn the_grouper_and_the_mce_agree_with_cms_on_every_fixture_claim() {
    let mut all = Tally::default();
    for v in [430, 431] {
        let path = project_root().join(format!("tests/fixtures/cms/v{v}.jsonl"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut t = Tally::default();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let row: Value = serde_json::from_str(line).unwrap();
            let id = row["claim"]["id"].as_str().unwrap_or("?").to_string();
            compare(&mut t, &id, &row["claim"], &row["expected"]);
        }
        t.report(&format!("v{v} against the CMS reference (tests/fixtures/cms/v{v}.jsonl)"));
        assert!(t.claims >= 5_000, "v{v}: the corpus holds {} claims; at least 5,000 are promised", t.claims);
        all.claims += t.claims;
        all.agreeing += t.agreeing;
        all.failures.extend(t.failures);
    }
    all.assert_all_agree("CMS fixtures");
}

#[test]
fn every_cms_reference_probe_agrees() {
    let Some(cms) = cms_root() else {
        skipped("every_cms_reference_probe_agrees", "no CMS kit beside the project");
        return;
    };
    let path = cms.join("reference-probes/probes.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        skipped("every_cms_reference_probe_agrees", "no reference-probes/probes.jsonl in the kit");
        return;
    };
    let mut t = Tally::default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let row: Value = serde_json::from_str(line).unwrap();
        let id = row["id"].as_str().unwrap().to_string();
        let mut claim = row["claim"].clone();
        claim["id"] = Value::String(id.clone());
        compare(&mut t, &id, &claim, &row["expected"]);
    }
    t.report("CMS reference probes");
    assert_eq!(t.claims, 47, "the probe file holds 47 claims");
    t.assert_all_agree("CMS reference probes");
}
