//! The compiled MS-DRG table against the FY2026 IPPS Final Rule tables in the kit:
//! Table 5 (weights), 6I (MCC list), 6J (CC list) and 6K (CC exclusions); and against the
//! FY2027 Table 5 (CMS-1849-CN) of the extra folder: its canaries, rows, DRGs and 10% cap.

use std::collections::{BTreeSet, HashMap};

use codeglass_tests::{catalog, cms_root, extra_root, kit_text, skipped};

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
    assert_eq!((w.fiscal_year, w.source.as_str()), (2026, "FY2026 IPPS Final Rule Table 5"));
    // v44.0 reads the FY2027 Table 5, never the FY2026 figures.
    assert_eq!(drg().weight(291, 431).unwrap().weight, Some(1.2838));
    assert_eq!(drg().weight(291, 440).unwrap().fiscal_year, 2027);
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

/// The DRGs with a Table 5 row valid in `version`.
fn weight_drgs(version: u16) -> BTreeSet<String> {
    let t = drg().table("weights").unwrap();
    t.entries().into_iter().filter(|(_, rows)| rows.iter().any(|r| r.covers(version))).map(|(k, _)| k).collect()
}

fn weight(drg_no: u16, version: u16) -> f64 {
    drg().weight(drg_no, version).and_then(|w| w.weight).unwrap_or_else(|| panic!("DRG {drg_no} v{version}"))
}

#[test]
fn fy2027_canaries_read_through_the_compiled_table() {
    // Cap-applied weight / GMLOS / AMLOS (extra/README.md section 1).
    for (drg_no, w, gmlos, amlos) in
        [(1, 28.0947, 24.5, 35.5), (291, 1.2685, 3.8, 4.9), (470, 1.9563, 2.0, 2.3), (871, 1.9320, 4.8, 6.3)]
    {
        let t = drg().weight(drg_no, 440).unwrap();
        assert_eq!((t.weight, t.gmlos, t.amlos), (Some(w), Some(gmlos), Some(amlos)), "DRG {drg_no}");
        assert_eq!(t.fiscal_year, 2027);
        assert_eq!(t.source, "FY2027 IPPS Final Rule Table 5, correction notice CMS-1849-CN");
    }
    let t = drg().weight(291, 440).unwrap();
    assert!(t.post_acute && !t.special_pay);
    assert_eq!(t.drg_type, "MED");
    // Flags that changed in v44.0: special pay No → Yes for 456–458, post-acute too.
    assert!(!drg().weight(456, 431).unwrap().special_pay);
    let t = drg().weight(456, 440).unwrap();
    assert!(t.special_pay && t.post_acute);
    for drg_no in [998, 999] {
        let t = drg().weight(drg_no, 440).unwrap();
        assert_eq!((t.weight, t.weight_before_cap, t.gmlos, t.amlos), (None, None, None, None), "DRG {drg_no}");
    }
}

#[test]
fn fy2027_rows_are_the_v440_drg_list() {
    let fy2027 = weight_drgs(440);
    assert_eq!(fy2027.len(), 768);
    assert_eq!(weight_drgs(430).len(), 772);
    assert_eq!(weight_drgs(431), weight_drgs(430));
    let descs = drg().table("drgdesc").unwrap();
    let v440: BTreeSet<String> =
        descs.entries().into_iter().filter(|(_, rows)| rows.iter().any(|r| r.covers(440))).map(|(k, _)| k).collect();
    assert_eq!(fy2027, v440, "one FY2027 Table 5 row per v44.0 DRG");
    // 754 DRGs in both years; 14 new in v44.0, 18 gone.
    let fy2026 = weight_drgs(431);
    let new: Vec<&str> = fy2027.difference(&fy2026).map(String::as_str).collect();
    let gone: Vec<&str> = fy2026.difference(&fy2027).map(String::as_str).collect();
    assert_eq!(new, ["210", "211", "361", "362", "400", "403", "404", "449", "523", "524", "525", "731", "732", "733"]);
    assert_eq!(gone.len(), 18);
    assert_eq!(fy2027.intersection(&fy2026).count(), 754);
}

#[test]
fn fy2027_weights_keep_the_10_percent_cap_against_fy2026() {
    let mut capped = Vec::new();
    for key in weight_drgs(440).intersection(&weight_drgs(431)) {
        let drg_no: u16 = key.parse().unwrap();
        let t = drg().weight(drg_no, 440).unwrap();
        let (Some(w27), Some(before)) = (t.weight, t.weight_before_cap) else {
            assert!(drg_no == 998 || drg_no == 999, "DRG {drg_no} has no FY2027 weight");
            continue;
        };
        let w26 = weight(drg_no, 431);
        // No weight falls by more than 10% (to the 4th decimal).
        assert!(w27 >= 0.9 * w26 - 0.000_05, "DRG {drg_no}: {w27} < 0.9 × {w26}");
        if w27 != before {
            // A capped weight is 0.9 × the FY2026 weight, rounded to 4 decimals.
            let expected = (0.9 * w26 * 10_000.0).round() / 10_000.0;
            assert!((w27 - expected).abs() < 1e-9, "DRG {drg_no}: {w27} ≠ round(0.9 × {w26}) = {expected}");
            assert!(before < w27, "DRG {drg_no}: the cap raises the weight");
            capped.push(drg_no);
        }
    }
    assert_eq!(
        capped,
        [
            17, 81, 96, 116, 137, 265, 285, 289, 290, 320, 411, 420, 426, 434, 457, 461, 463, 506, 508, 547, 594, 599,
            618, 619, 672, 697, 709, 724, 734, 735, 756, 817, 819, 865, 883, 886, 906, 933, 934, 939, 976
        ]
    );
    // The new DRGs have no FY2026 weight to cap against, and none is capped.
    for key in weight_drgs(440).difference(&weight_drgs(431)) {
        let t = drg().weight(key.parse().unwrap(), 440).unwrap();
        assert_eq!(t.weight, t.weight_before_cap, "DRG {key}");
    }
}

#[test]
fn fy2027_weights_equal_the_extra_folder_table_5() {
    let Some(extra) = extra_root() else {
        return skipped("fy2027_weights_equal_the_extra_folder_table_5", "no extra folder (FY2027 Table 5)");
    };
    let text = std::fs::read_to_string(extra.join("msdrg/FY2027_Table_5.tsv")).unwrap();
    let mut n = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 10, "{line}");
        let w = drg().weight(f[0].parse().unwrap(), 440).unwrap();
        let num = |s: &str| s.parse::<f64>().ok();
        assert_eq!(
            (w.post_acute, w.special_pay, w.drg_type.as_str()),
            (f[1] == "Yes", f[2] == "Yes", f[4]),
            "DRG {}",
            f[0]
        );
        assert_eq!((w.weight_before_cap, w.weight, w.gmlos, w.amlos), (num(f[6]), num(f[7]), num(f[8]), num(f[9])));
        n += 1;
    }
    assert_eq!(n, 768);
}
