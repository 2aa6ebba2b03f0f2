//! The MS-DRG differential corpus (tests/fixtures/grouper, made by scripts/oracle with the
//! msdrg 1.2.0 oracle): well-formed, unique ids, and each claim's discharge date selects the
//! grouper version of its file.

use std::collections::HashSet;

use codeglass_tests::{catalog, project_root};

#[test]
fn corpus_claims_are_well_formed_and_dated_to_their_version() {
    let mut ids = HashSet::new();
    for version in [430u16, 431, 440] {
        let path = project_root().join(format!("tests/fixtures/grouper/v{version}.jsonl"));
        let text = std::fs::read_to_string(&path).unwrap();
        let mut n = 0;
        for line in text.lines() {
            let row: serde_json::Value = serde_json::from_str(line).unwrap();
            let claim = &row["claim"];
            assert!(ids.insert(claim["id"].as_str().unwrap().to_string()), "duplicate id");
            let date = claim["discharge_date"].as_str().unwrap().parse().unwrap();
            assert_eq!(catalog().grouper_version(date).unwrap().version, version);
            assert!(claim["pdx"]["code"].as_str().is_some_and(|c| !c.is_empty() && !c.contains('.')));
            let oracle = &row["msdrg"];
            assert!(oracle["final_drg"].is_u64() || oracle["return_code"].is_string(), "{line}");
            n += 1;
        }
        assert_eq!(n, 1280, "{}", path.display());
    }
}
