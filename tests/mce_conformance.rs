//! The Medicare Code Editor for FY2027 discharges against msdrg 1.2.0's `MceEditor` on the
//! committed corpus (tests/fixtures/mce/mce.jsonl, made by scripts/oracle/make_mce_fixtures.py).
//! FY2026 discharges are proved against the CMS MCE itself (tests/cms_conformance.rs); the CMS
//! build here (43.1) ends on 2026-09-30, so for later dates msdrg stays the oracle and the
//! corpus's FY2026 lines are skipped here.
//!
//! Compared per claim: the edit type, and each edit's name and count. The one known
//! difference: msdrg's `INCONSISTENT_WITH_LENGTH_OF_STAY` compares the patient's age where
//! CMS compares the length of stay (`los`). A claim differing there is accepted only if our
//! editor, given the age as the length of stay, gives exactly msdrg's answer; it is counted
//! and printed. Any other difference fails the test.

use std::collections::BTreeMap;

use codeglass_edits::MceResult;
use codeglass_grouper::{Claim, VersionChoice};
use codeglass_tables::Date;
use codeglass_tests::{mce, project_root};
use serde_json::Value;

fn ours(r: &MceResult) -> (String, Vec<(String, u64)>) {
    (r.edit_type.as_str().to_string(), r.edits.iter().map(|e| (e.name.to_string(), u64::from(e.count))).collect())
}

fn theirs(v: &Value) -> (String, Vec<(String, u64)>) {
    let edits = v["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["name"].as_str().unwrap().to_string(), e["count"].as_u64().unwrap()))
        .collect();
    (v["edit_type"].as_str().unwrap().to_string(), edits)
}

#[test]
fn the_mce_agrees_with_the_oracle_on_every_claim() {
    let text = std::fs::read_to_string(project_root().join("tests/fixtures/mce/mce.jsonl")).unwrap();
    let mut total = 0;
    let mut los_differences = Vec::new();
    let mut failures = Vec::new();
    // Per edit name: claims where msdrg or we raise it, and those where the counts agree.
    let mut per_edit: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut per_type: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for line in text.lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        let claim = Claim::from_value(&row["claim"]).unwrap();
        let VersionChoice::Date(date) = claim.version else { panic!("corpus claims carry dates") };
        if date < Date::from_ymd_const(2026, 10, 1) {
            continue;
        }
        let got = ours(&mce().edit(&claim, date));
        let want = theirs(&row["msdrg"]);
        total += 1;
        let t = per_type.entry(want.0.clone()).or_default();
        t.0 += 1;
        let mut agreed = got == want;
        if !agreed {
            // The known difference: msdrg takes the age for the length of stay.
            let mut as_msdrg = claim.clone();
            as_msdrg.los = Some(u32::try_from(claim.age).unwrap_or(0));
            if ours(&mce().edit(&as_msdrg, date)) == want {
                los_differences.push(claim.id.clone().unwrap_or_default());
            } else {
                failures.push(format!("{}: ours {got:?}, msdrg {want:?}", claim.id.clone().unwrap_or_default()));
            }
        }
        if agreed || got.0 == want.0 {
            t.1 += 1;
        }
        let names: std::collections::BTreeSet<&String> = got.1.iter().chain(&want.1).map(|(n, _)| n).collect();
        for n in names {
            let count = |v: &Vec<(String, u64)>| v.iter().find(|(x, _)| x == n).map_or(0, |(_, c)| *c);
            let e = per_edit.entry(n.clone()).or_default();
            e.0 += 1;
            agreed = count(&got.1) == count(&want.1);
            if agreed {
                e.1 += 1;
            }
        }
    }
    println!("MCE conformance on {total} FY2027 claims (msdrg 1.2.0 MceEditor):");
    println!("  by msdrg edit type (claims, edit type equal):");
    for (t, (n, ok)) in &per_type {
        println!("    {t:<24} {ok:>5}/{n:<5} {:.2}%", 100.0 * f64::from(*ok) / f64::from(*n));
    }
    println!("  by edit (claims where either side raises it, counts equal):");
    for (e, (n, ok)) in &per_edit {
        println!("    {e:<34} {ok:>5}/{n:<5} {:.2}%", 100.0 * f64::from(*ok) / f64::from(*n));
    }
    println!(
        "  known difference (msdrg compares the age, CMS the length of stay): {} claims {:?}",
        los_differences.len(),
        los_differences.iter().take(5).collect::<Vec<_>>()
    );
    assert!(failures.is_empty(), "{} unexplained differences:\n{}", failures.len(), failures.join("\n"));
    assert!(total > 2_500, "the corpus holds {total} FY2027 claims");
}
