//! The compiled MS-DRG table against the FY2026 IPPS Final Rule tables in the kit:
//! Table 5 (weights), 6I (MCC list), 6J (CC list) and 6K (CC exclusions).

use std::collections::{BTreeSet, HashMap};

use codeglass_tests::{catalog, cms_root, kit_text, skipped};

fn drg() -> &'static codeglass_tables::DrgTables<std::sync::Arc<[u8]>> {
    catalog().drg().expect("msdrg.cgt loaded")
}

fn codes_with_severity(version: u16, level: &str) -> BTreeSet<String> {
    let t = drg().table("dx").unwrap();
    let col = t.column("severity").unwrap();
    t.entries()
        .into_iter()
        .filter(|(_, rows)| rows.iter().any(|r| r.covers(version) && r.fields().nth(col) == Some(level)))
        .map(|(k, _)| k)
        .collect()
}

fn list_file(cms: &std::path::Path, rel: &str) -> BTreeSet<String> {
    kit_text(cms, rel)
        .lines()
        .skip(2)
        .filter_map(|l| l.split('\t').next())
        .filter(|c| !c.trim().is_empty())
        .map(|c| c.trim().replace('.', ""))
        .collect()
}

#[test]
fn versions_and_dates() {
    let v: Vec<(u16, String, String, String)> = drg()
        .versions()
        .iter()
        .map(|v| (v.version, v.name.clone(), v.effective_from.to_string(), v.effective_to.to_string()))
        .collect();
    assert_eq!(
        v,
        [
            (430, "43.0".into(), "2025-10-01".into(), "2026-03-31".into()),
            (431, "43.1".into(), "2026-04-01".into(), "2026-09-30".into()),
            (440, "44.0".into(), "2026-10-01".into(), "2027-09-30".into()),
        ]
    );
    assert_eq!(drg().versions()[2].dx_codes, 74879);
    assert_eq!(drg().drg_title(291, 430), Some("Heart Failure and Shock with MCC"));
    assert_eq!(drg().mdc_title(5, 440), Some("Diseases and Disorders of the Circulatory System"));
}

#[test]
fn severity_lists_equal_tables_6i_and_6j() {
    let Some(cms) = cms_root() else { return skipped("severity_lists_equal_tables_6i_and_6j", "no CMS kit") };
    let mcc = list_file(&cms, "msdrg/FY2026_FR_Table_6I.txt");
    let cc = list_file(&cms, "msdrg/FY2026_FR_Table_6J.txt");
    assert_eq!((mcc.len(), cc.len()), (3354, 15078));
    assert_eq!(codes_with_severity(430, "MCC"), mcc);
    assert_eq!(codes_with_severity(430, "CC"), cc);
}

#[test]
fn exclusions_equal_table_6k() {
    let Some(cms) = cms_root() else { return skipped("exclusions_equal_table_6k", "no CMS kit") };
    let text = kit_text(&cms, "msdrg/FY2026_FR_Table_6K.txt");
    // Part 1 rows: " CODE  LEV  NNNN:N codes  description" (or "No Excl"), then blocks
    // "PDX collection NNNN" listing one PDX code per line.
    let mut code_collection: HashMap<String, Option<String>> = HashMap::new();
    let mut collections: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut current: Option<String> = None;
    let mut part = 0;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("K Part ") {
            part = rest.chars().next().and_then(|c| c.to_digit(10)).unwrap_or(0);
            continue;
        }
        if part != 1 {
            continue;
        }
        if let Some(n) = line.strip_prefix("PDX collection ") {
            current = Some(n.trim().to_string());
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        if current.is_none() && f.len() >= 3 && (f[1] == "CC" || f[1] == "MCC") {
            let coll = f[2].split_once(':').map(|(c, _)| c.to_string());
            assert!(coll.is_some() || f[2] == "No", "{line}");
            code_collection.insert(f[0].to_string(), coll);
        } else if let (Some(c), Some(code)) = (&current, f.first()) {
            collections.entry(c.clone()).or_default().insert(code.to_string());
        }
    }
    if collections.is_empty() {
        // The layout of the collection part differs from what this parser expects: say so
        // rather than passing vacuously.
        panic!("no PDX collections parsed from Table 6K; {} CC/MCC rows parsed", code_collection.len());
    }
    assert_eq!(code_collection.len(), 18432, "6K Part 1 lists every CC and MCC");
    // Invert: PDX → set of excluded SDX (the CC/MCC codes whose collection holds the PDX).
    let mut excluded: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (sdx, coll) in &code_collection {
        let Some(coll) = coll else { continue };
        for pdx in collections.get(coll).into_iter().flatten() {
            excluded.entry(pdx.as_str()).or_default().insert(sdx.as_str());
        }
    }
    let ccpdx = drg().table("ccpdx").unwrap();
    let groups = drg().table("ccgrp").unwrap();
    let mut checked = 0;
    for (pdx, expected) in &excluded {
        let row = ccpdx.get(pdx, 430).unwrap_or_else(|| panic!("{pdx} has no exclusion group"));
        let group = format!("{:0>5}", row.value);
        let actual: BTreeSet<&str> = groups.get(&group, 0).unwrap().value.split(' ').collect();
        assert_eq!(&actual, expected, "PDX {pdx}");
        checked += 1;
    }
    assert_eq!(checked, 26090, "every PDX with exclusions is checked");
}

#[test]
fn weights_equal_table_5() {
    let w = drg().weight(1, 430).unwrap();
    assert_eq!((w.weight, w.gmlos, w.amlos), (Some(28.0239), Some(25.8), Some(36.2)));
    assert_eq!(w.drg_type, "SURG");
    let w = drg().weight(3, 431).unwrap();
    assert!(w.post_acute && !w.special_pay);
    let w = drg().weight(999, 430).unwrap();
    assert_eq!(w.weight, None);
    // The kit has no FY2027 Table 5: v44.0 has no weights rather than borrowed ones.
    assert!(drg().weight(291, 440).is_none());
    let Some(cms) = cms_root() else { return skipped("weights_equal_table_5 (full file)", "no CMS kit") };
    let text = kit_text(&cms, "msdrg/FY2026_FR_Table_5.txt");
    let mut n = 0;
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let Ok(drg_no) = f[0].parse::<u16>() else { continue };
        if f.len() < 10 || f[0].len() != 3 {
            continue;
        }
        let w = drg().weight(drg_no, 430).unwrap();
        assert_eq!(w.weight, f[7].trim().parse().ok(), "DRG {drg_no}");
        assert_eq!(w.gmlos, f[8].trim().parse().ok(), "DRG {drg_no}");
        n += 1;
    }
    assert_eq!(n, 772);
}
