//! Properties over generated inputs (proptest): grouping is deterministic and order-blind,
//! what-if undoes itself, search keeps its limit; and every compiled code round-trips.

use std::collections::BTreeSet;

use codeglass_grouper::{Change, Claim, Poa};
use codeglass_lookup::{search, SearchOptions};
use codeglass_tables::{canonical_code, Date, System};
use codeglass_tests::{catalog, corpus_files, grouper};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Diagnosis and procedure codes seen in the grouper corpus: real codes of every MDC, with
/// CC/MCC, HAC and cluster codes among them.
fn pools() -> &'static (Vec<String>, Vec<String>) {
    static P: std::sync::OnceLock<(Vec<String>, Vec<String>)> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let (mut dx, mut pr) = (BTreeSet::new(), BTreeSet::new());
        for file in corpus_files() {
            let text = std::fs::read_to_string(file).unwrap();
            for line in text.lines() {
                let row: Value = serde_json::from_str(line).unwrap();
                let c = &row["claim"];
                dx.insert(c["pdx"]["code"].as_str().unwrap().to_string());
                for s in c["sdx"].as_array().unwrap() {
                    dx.insert(s["code"].as_str().unwrap().to_string());
                }
                for p in c["procedures"].as_array().unwrap() {
                    pr.insert(p["code"].as_str().unwrap().to_string());
                }
            }
        }
        (dx.into_iter().collect(), pr.into_iter().collect())
    })
}

fn claim_strategy() -> impl Strategy<Value = Claim> {
    let (dx, pr) = pools();
    let n_dx = dx.len();
    let n_pr = pr.len();
    (
        0..n_dx,
        proptest::collection::vec((0..n_dx, 0usize..6), 0..12),
        proptest::collection::vec(0..n_pr, 0..5),
        0u8..=124,
        0usize..3,
        prop::sample::select(vec!["01", "02", "06", "07", "20", "30", "62", "65"]),
        prop::sample::select(vec!["2025-11-15", "2026-05-15", "2026-11-15"]),
        any::<bool>(),
    )
        .prop_map(move |(p, sdx, procs, age, sex, dstat, date, exempt)| {
            let (dx, pr) = pools();
            let poa = ["Y", "N", "U", "W", "1", ""];
            let sex = ["M", "F", "U"][sex];
            json!({
                "discharge_date": date, "age": age, "sex": sex, "discharge_status": dstat,
                "pdx": {"code": dx[p]}, "hospital_status": if exempt { "EXEMPT" } else { "NOT_EXEMPT" },
                "sdx": sdx.iter().map(|(i, k)| json!({"code": dx[*i], "poa": poa[*k]})).collect::<Vec<_>>(),
                "procedures": procs.iter().map(|i| json!({"code": pr[*i]})).collect::<Vec<_>>(),
            })
        })
        .prop_map(|v| Claim::from_value(&v).expect("generated claims are well-formed"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn grouping_is_deterministic(claim in claim_strategy()) {
        let g = grouper();
        prop_assert_eq!(g.group(&claim).unwrap(), g.group(&claim).unwrap());
    }

    #[test]
    fn secondary_order_only_reorders_the_per_code_outputs(claim in claim_strategy(), seed in any::<u64>()) {
        let g = grouper();
        let a = g.group(&claim).unwrap();
        let mut shuffled = claim.clone();
        // A deterministic permutation from the seed.
        let n = shuffled.sdx.len();
        for i in (1..n).rev() {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % (i as u64 + 1)) as usize;
            shuffled.sdx.swap(i, j);
        }
        let b = g.group(&shuffled).unwrap();
        prop_assert_eq!((a.initial_drg, a.final_drg, a.return_code, a.hac.status), (b.initial_drg, b.final_drg, b.return_code, b.hac.status));
        let flags = |r: &codeglass_grouper::GroupResult| {
            let mut v: Vec<(String, &str, &str)> = r.sdx.iter().map(|s| (s.code.clone(), s.initial.as_str(), s.final_.as_str())).collect();
            v.sort();
            v
        };
        prop_assert_eq!(flags(&a), flags(&b));
    }

    #[test]
    fn removing_what_was_added_gives_the_original_back(claim in claim_strategy(), i in 0usize..10_000) {
        let g = grouper();
        let (dx, _) = pools();
        let code = dx[i % dx.len()].clone();
        prop_assume!(claim.sdx.len() < 24 && !claim.sdx.iter().any(|s| s.code == code));
        let added = Change::AddSdx { code: code.clone(), poa: Poa::N }.apply(&claim).unwrap();
        let back = g.what_if(&added, &Change::RemoveSdx { code }).unwrap();
        prop_assert_eq!(back.after, g.group(&claim).unwrap());
    }

    #[test]
    fn search_never_panics_and_keeps_its_limit(q in "\\PC{0,40}", limit in 0usize..40, cm in any::<bool>()) {
        let o = SearchOptions { limit, system: Some(if cm { System::Icd10Cm } else { System::Icd10Pcs }), ..SearchOptions::default() };
        let hits = search(catalog(), &q, Date::from_ymd_const(2026, 11, 22), &o).unwrap();
        prop_assert!(hits.len() <= limit);
    }
}

/// Every code of every compiled code set: its dotted form reads back to it, and looking it up
/// finds the same entry.
#[test]
fn every_compiled_code_round_trips_through_its_table() {
    let mut n = 0;
    for system in [System::Icd10Cm, System::Icd10Pcs] {
        for set in catalog().code_sets(system) {
            for e in set.iter() {
                let code = e.code();
                assert_eq!(canonical_code(&e.display_code()).as_deref(), Some(code));
                assert_eq!(canonical_code(&code.to_lowercase()).as_deref(), Some(code));
                assert_eq!(set.get(code).map(|x| x.ordinal()), Some(e.ordinal()), "{code}");
                n += 1;
            }
        }
    }
    assert!(n > 350_000, "{n} codes");
}
