//! The MS-DRG grouper: version by date, explanations, what-if and opportunities, bad input.
//! (Agreement with the CMS logic is measured in grouper_conformance.rs.)

use codeglass_grouper::{Change, Claim, CodeSeverity, Level, Poa, ReturnCode};
use codeglass_tests::grouper;
use serde_json::json;

fn claim(v: serde_json::Value) -> Claim {
    Claim::from_value(&v).unwrap()
}

fn heart_failure(date: &str) -> serde_json::Value {
    json!({"id": "hf", "discharge_date": date, "age": 70, "sex": "F", "discharge_status": "01",
           "pdx": {"code": "I50.23", "poa": "Y"}, "sdx": [{"code": "n17.9", "poa": "Y"}], "procedures": []})
}

#[test]
fn the_discharge_date_picks_the_version() {
    for (date, version) in
        [("2025-10-01", 430), ("2026-03-31", 430), ("2026-04-01", 431), ("2026-09-30", 431), ("2026-10-01", 440)]
    {
        let r = grouper().group(&claim(heart_failure(date))).unwrap();
        assert_eq!(r.version, version, "{date}");
        assert_eq!((r.final_drg, r.final_mdc), (292, 5), "{date}");
    }
    for date in ["2025-09-30", "2027-10-01"] {
        let e = grouper().group(&claim(heart_failure(date))).unwrap_err();
        assert_eq!(e.code, "DATE_NOT_SUPPORTED", "{date}");
    }
    let mut v = heart_failure("2026-05-15");
    v.as_object_mut().unwrap().remove("discharge_date");
    v["version"] = json!(440);
    assert_eq!(grouper().group(&claim(v.clone())).unwrap().version, 440);
    v["version"] = json!(420);
    assert_eq!(grouper().group(&claim(v)).unwrap_err().code, "VERSION_NOT_SUPPORTED");
}

#[test]
fn weights_come_from_the_table_5_of_the_discharge_year() {
    let r = grouper().group(&claim(heart_failure("2026-05-15"))).unwrap();
    let json = r.to_json();
    assert!(json["relative_weight"].as_f64().is_some_and(|w| w > 0.5 && w < 2.0), "{json}");
    assert!(json["gmlos"].as_f64().is_some());
    assert_eq!(json["drg_title"], "Heart Failure and Shock with CC");
    assert_eq!(json["weight_source"], "FY2026 IPPS Final Rule Table 5");
    assert!(json["weight_unavailable"].is_null());
    // A FY2027 discharge (v44.0) gets the FY2027 Table 5 figures, as v43.x gets FY2026's.
    let mut v = heart_failure("2026-11-15");
    v["base_rate"] = json!(6500);
    let r = grouper().group(&claim(v)).unwrap().to_json();
    assert_eq!((r["version"].as_u64(), r["final_drg"].as_u64()), (Some(440), Some(292)));
    assert_eq!(r["relative_weight"], 0.8616, "{r}");
    assert_eq!((r["gmlos"].as_f64(), r["amlos"].as_f64()), (Some(2.9), Some(3.7)));
    assert_eq!((r["post_acute"].as_bool(), r["special_pay"].as_bool()), (Some(true), Some(false)));
    assert_eq!(r["weight_source"], "FY2027 IPPS Final Rule Table 5, correction notice CMS-1849-CN");
    assert!(r["weight_unavailable"].is_null(), "{r}");
    assert_eq!(r["payment"], json!({"base_rate": 6500.0, "amount": 5600.4}));
}

/// The four FY2027 canaries (cap-applied weight / GMLOS / AMLOS) through grouped v44.0 claims.
#[test]
fn fy2027_canaries_through_grouped_claims() {
    let base = |pdx: &str, sdx: &[&str], procedures: &[&str]| {
        json!({"discharge_date": "2026-11-15", "age": 66, "sex": "F", "discharge_status": "01",
               "pdx": {"code": pdx, "poa": "Y"},
               "sdx": sdx.iter().map(|c| json!({"code": c, "poa": "Y"})).collect::<Vec<_>>(),
               "procedures": procedures.iter().map(|c| json!({"code": c})).collect::<Vec<_>>(), "base_rate": 10000})
    };
    for (v, drg, w, gmlos, amlos, amount) in [
        (base("I50.23", &["J96.01"], &["02YA0Z0"]), 1, 28.0947, 24.5, 35.5, 280_947.0),
        (base("I50.23", &["J96.01"], &[]), 291, 1.2685, 3.8, 4.9, 12_685.0),
        (base("M17.11", &[], &["0SRC0J9"]), 470, 1.9563, 2.0, 2.3, 19_563.0),
        (base("A41.9", &["J96.01"], &[]), 871, 1.9320, 4.8, 6.3, 19_320.0),
    ] {
        let r = grouper().group(&claim(v)).unwrap();
        assert_eq!((r.version, r.final_drg), (440, drg));
        assert_eq!(r.relative_weight(), Some(w), "DRG {drg}");
        let codeglass_grouper::Weight::Known(t) = &r.weight else { panic!("DRG {drg}: {:?}", r.weight) };
        assert_eq!((t.gmlos, t.amlos, t.fiscal_year), (Some(gmlos), Some(amlos), 2027), "DRG {drg}");
        let p = r.payment.as_ref().unwrap();
        assert_eq!((p.base_rate, p.amount), (10_000.0, amount), "DRG {drg}");
        assert_eq!(r.weight_unavailable(), None);
    }
}

#[test]
fn a_drg_without_a_weight_says_why_in_plain_words() {
    for date in ["2026-05-15", "2026-11-15"] {
        let mut v = heart_failure(date);
        v["pdx"] = json!({"code": "I50"});
        v["base_rate"] = json!(6500);
        let r = grouper().group(&claim(v)).unwrap();
        assert_eq!(r.final_drg, 999);
        let json = r.to_json();
        assert!(json["relative_weight"].is_null() && json["payment"].is_null(), "{json}");
        assert_eq!(json["weight_unavailable"], "DRG 999 (ungroupable) has no relative weight", "{date}");
        assert!(!json.to_string().contains("kit"), "{json}");
    }
}

#[test]
fn severity_is_explained_code_by_code() {
    // N17.9 is a CC; with I50.23 as PDX, I50.9 as a secondary is excluded by the PDX.
    let mut v = heart_failure("2026-05-15");
    v["sdx"] = json!([{"code": "N179", "poa": "Y"}, {"code": "I5022", "poa": "Y"}, {"code": "E1165", "poa": "Y"}, {"code": "ZZZ99"}]);
    let r = grouper().group(&claim(v)).unwrap();
    let sev: Vec<CodeSeverity> = r.sdx.iter().map(|s| s.initial).collect();
    assert_eq!(sev, [CodeSeverity::Cc, CodeSeverity::CcExcluded, CodeSeverity::Neither, CodeSeverity::Neither]);
    assert!(r.sdx[1].reason.to_string().contains("excluded by the principal diagnosis"), "{}", r.sdx[1].reason);
    assert!(r.sdx[3].reason.to_string().contains("not a valid"), "{}", r.sdx[3].reason);
    assert_eq!(r.final_rows.last().unwrap().drg, 292);
    assert!(r.final_rows.last().unwrap().formula.contains("CC"));
}

#[test]
fn a_hac_not_present_on_admission_leaves_the_final_drg() {
    // S32464B (open acetabulum fracture) is an MCC on the HAC 05 (falls and trauma) list.
    let v = json!({"discharge_date": "2025-10-15", "age": 78, "sex": "M", "discharge_status": "01",
                   "pdx": {"code": "S0689AS", "poa": "Y"}, "sdx": [{"code": "S32464B", "poa": "N"}]});
    let r = grouper().group(&claim(v.clone())).unwrap();
    assert_eq!((r.initial_drg, r.final_drg), (91, 93));
    assert_eq!(r.hac.criteria_met, vec![(0, 5)]);
    assert_eq!(r.hac.status.as_str(), "FINAL_DRG_CHANGES");
    assert_eq!(r.sdx[0].initial, CodeSeverity::Mcc);
    // CMS: a HAC code's final usage is NEITHER (reference probes, final_severity_of_hac_codes).
    assert_eq!(r.sdx[0].final_, CodeSeverity::Neither);
    assert!(r.sdx[0].reason.to_string().contains("HAC 05"), "{}", r.sdx[0].reason);
    let mut exempt = v.clone();
    exempt["hospital_status"] = json!("EXEMPT");
    assert_eq!(grouper().group(&claim(exempt)).unwrap().final_drg, 91);
    let mut blank = v;
    blank["sdx"][0]["poa"] = json!("");
    let r = grouper().group(&claim(blank)).unwrap();
    assert_eq!((r.final_drg, r.return_code), (999, ReturnCode::HacMissingOnePoa));
}

#[test]
fn invalid_codes_get_cms_return_codes_not_guesses() {
    let mut v = heart_failure("2026-05-15");
    v["pdx"] = json!({"code": "I50"}); // a header, not a valid code
    let r = grouper().group(&claim(v.clone())).unwrap();
    assert_eq!((r.final_drg, r.return_code), (999, ReturnCode::InvalidPdx));
    v["pdx"] = json!({"code": "W19XXXA"}); // external cause
    let r = grouper().group(&claim(v)).unwrap();
    assert_eq!((r.final_drg, r.return_code), (999, ReturnCode::DxCannotBePdx));
}

#[test]
fn secondary_order_changes_nothing_but_the_order_of_per_code_outputs() {
    let mut v = heart_failure("2026-05-15");
    v["sdx"] = json!([{"code": "N179", "poa": "Y"}, {"code": "J9601", "poa": "Y"}, {"code": "E1165", "poa": "Y"}]);
    let a = grouper().group(&claim(v.clone())).unwrap();
    v["sdx"] = json!([{"code": "E1165", "poa": "Y"}, {"code": "J9601", "poa": "Y"}, {"code": "N179", "poa": "Y"}]);
    let b = grouper().group(&claim(v)).unwrap();
    assert_eq!((a.final_drg, a.final_severity), (b.final_drg, b.final_severity));
    assert_eq!(a.final_drg, 291);
    let mut sa: Vec<_> = a.sdx.iter().map(|s| (s.code.clone(), s.final_)).collect();
    let mut sb: Vec<_> = b.sdx.iter().map(|s| (s.code.clone(), s.final_)).collect();
    sa.sort_by(|x, y| x.0.cmp(&y.0));
    sb.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(sa, sb);
}

#[test]
fn what_if_regroups_and_remove_after_add_gives_the_original_back() {
    let c = claim(heart_failure("2026-05-15"));
    let g = grouper();
    let add = g.what_if(&c, &Change::AddSdx { code: "J9601".into(), poa: Poa::Y }).unwrap();
    assert_eq!((add.before.final_drg, add.after.final_drg), (292, 291));
    assert!(add.drg_changed && add.weight_delta.unwrap() > 0.0);
    let added = Change::AddSdx { code: "J9601".into(), poa: Poa::Y }.apply(&c).unwrap();
    let back = g.what_if(&added, &Change::RemoveSdx { code: "J9601".into() }).unwrap();
    assert_eq!(back.after, g.group(&c).unwrap());
    let drop = g.what_if(&c, &Change::RemoveSdx { code: "N179".into() }).unwrap();
    assert_eq!(drop.after.final_drg, 293);
    assert_eq!(g.what_if(&c, &Change::RemoveSdx { code: "A000".into() }).unwrap_err().code, "CODE_NOT_ON_CLAIM");
    let died = g.what_if(&c, &Change::SetDischargeStatus(20)).unwrap();
    assert_eq!(died.after.final_drg, 292);
}

#[test]
fn what_if_and_opportunities_carry_fy2027_weights() {
    let c = claim(heart_failure("2026-11-15"));
    let g = grouper();
    let add = g.what_if(&c, &Change::AddSdx { code: "J9601".into(), poa: Poa::Y }).unwrap();
    assert_eq!((add.before.version, add.before.final_drg, add.after.final_drg), (440, 292, 291));
    // 1.2685 (291) − 0.8616 (292), FY2027 Table 5.
    assert_eq!(add.weight_delta, Some(0.4069));
    let json = add.to_json_with(false);
    assert_eq!(json["weight_delta"], 0.4069);
    let o = g.opportunities(&c).unwrap();
    let family: Vec<(Level, u16, Option<f64>)> = o.family.iter().map(|(l, d, _, w)| (*l, *d, *w)).collect();
    let w = |drg: u16| g.tables().weight(drg, 440).and_then(|w| w.weight);
    assert_eq!(family, [(Level::None, 293, w(293)), (Level::Cc, 292, Some(0.8616)), (Level::Mcc, 291, Some(1.2685))]);
    assert!(w(293).is_some_and(|x| x > 0.0 && x < 0.8616));
    assert_eq!(o.next_level, Some((Level::Mcc, 291, Some(0.4069))));
    assert_eq!(o.current.relative_weight(), Some(0.8616));
}

#[test]
fn opportunities_show_the_drg_family_and_the_next_level() {
    let o = grouper().opportunities(&claim(heart_failure("2026-05-15"))).unwrap();
    let drgs: Vec<(Level, u16)> = o.family.iter().map(|(l, d, _, _)| (*l, *d)).collect();
    assert_eq!(drgs, [(Level::None, 293), (Level::Cc, 292), (Level::Mcc, 291)]);
    assert_eq!(o.counting, vec![0]);
    let (level, drg, delta) = o.next_level.unwrap();
    assert_eq!((level, drg), (Level::Mcc, 291));
    assert!(delta.unwrap() > 0.0);
}

#[test]
fn bad_claims_are_typed_errors() {
    let base = heart_failure("2026-05-15");
    let big = "A".repeat(1 << 20);
    let mut unknown = base.clone();
    unknown["ages"] = json!(1);
    let mut all: Vec<(serde_json::Value, &str)> = vec![
        (json!([]), "BAD_CLAIM"),
        (unknown, "UNKNOWN_FIELD"),
        (json!({"discharge_date": "2026-05-15"}), "MISSING_FIELD"),
    ];
    let mut with = |f: &dyn Fn(&mut serde_json::Value), code: &'static str| {
        let mut b = base.clone();
        f(&mut b);
        all.push((b, code));
    };
    with(&|b| b["age"] = json!(70.5), "BAD_AGE");
    with(&|b| b["age"] = json!("70"), "BAD_AGE");
    with(&|b| b["sex"] = json!("X"), "BAD_SEX");
    with(&|b| b["discharge_status"] = json!("1a"), "BAD_DISCHARGE_STATUS");
    with(&|b| b["discharge_status"] = json!(100), "BAD_DISCHARGE_STATUS");
    with(&|b| b["los"] = json!(-2), "BAD_LOS");
    with(&|b| b["discharge_date"] = json!("2026-02-30"), "BAD_DATE");
    with(&|b| b["discharge_date"] = json!(20260515), "BAD_DATE");
    with(&|b| b["pdx"] = json!({"code": big.clone()}), "BAD_CODE");
    with(&|b| b["pdx"] = json!({"code": "I5023", "poa": "YN"}), "BAD_POA");
    with(&|b| b["pdx"] = json!({"code": 5023}), "BAD_CODE");
    with(&|b| b["pdx"] = json!("I5023"), "BAD_FIELD");
    with(&|b| b["pdx"] = json!({"code": "I5023", "extra": 1}), "UNKNOWN_FIELD");
    with(&|b| b["sdx"] = json!(vec![json!({"code": "N179"}); 25]), "TOO_MANY_CODES");
    with(&|b| b["procedures"] = json!(vec![json!({"code": "02HV33Z"}); 26]), "TOO_MANY_CODES");
    with(&|b| b["sdx"] = json!({"code": "N179"}), "BAD_FIELD");
    with(&|b| b["hospital_status"] = json!("MAYBE"), "BAD_FIELD");
    with(&|b| b["base_rate"] = json!(-5), "BAD_FIELD");
    with(&|b| b["version"] = json!(431), "BAD_FIELD");
    for (v, code) in all {
        let e = Claim::from_value(&v).expect_err(&v.to_string().chars().take(200).collect::<String>());
        assert_eq!(e.code, code, "{}: {}", e.message, v.to_string().chars().take(200).collect::<String>());
        assert!(!e.message.is_empty());
    }
    assert_eq!(Claim::from_json("{").unwrap_err().code, "BAD_JSON");
    assert_eq!(Claim::from_json("").unwrap_err().code, "BAD_JSON");
}

#[test]
fn a_death_removes_mccalive_codes() {
    // I46.9 (cardiac arrest) is an MCC only when the patient leaves alive (Table 6K Part 2).
    let mut v = heart_failure("2026-05-15");
    v["sdx"] = json!([{"code": "I469", "poa": "Y"}]);
    let alive = grouper().group(&claim(v.clone())).unwrap();
    assert_eq!((alive.final_drg, alive.sdx[0].final_), (291, CodeSeverity::Mcc));
    v["discharge_status"] = json!("20");
    let died = grouper().group(&claim(v)).unwrap();
    // CMS: NEITHER, not MCC_EXCLUDED (reference probes, mccalive_code_patient_died).
    assert_eq!(
        (died.final_drg, died.sdx[0].initial, died.sdx[0].final_),
        (293, CodeSeverity::Neither, CodeSeverity::Neither)
    );
    assert!(died.sdx[0].reason.to_string().contains("alive"), "{}", died.sdx[0].reason);
}

#[test]
fn a_code_on_several_lists_of_one_hac_is_reported_once_per_category() {
    // K68.11 carries HAC11, HAC12, HAC13, hac11_13_common and hac11_sdx; with an obesity PDX
    // (hac11_pdx) and a procedure of each of HAC 11, 12 and 13, it meets all three.
    let v = json!({"discharge_date": "2026-11-15", "age": 50, "sex": "F", "discharge_status": "01",
                   "pdx": {"code": "E6601", "poa": "Y"}, "sdx": [{"code": "K6811", "poa": "N"}],
                   "procedures": [{"code": "0D16079"}, {"code": "0RG0070"}, {"code": "02H40JZ"}]});
    let r = grouper().group(&claim(v)).unwrap();
    assert_eq!(r.hac.criteria_met, vec![(0, 11), (0, 12), (0, 13)]);
    assert_eq!(r.hac.categories, 3);
    assert_eq!((r.initial_drg, r.final_drg), (620, 621));
}
