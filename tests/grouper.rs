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
fn weights_come_from_table_5_and_fy2027_says_it_has_none() {
    let r = grouper().group(&claim(heart_failure("2026-05-15"))).unwrap();
    let json = r.to_json();
    assert!(json["relative_weight"].as_f64().is_some_and(|w| w > 0.5 && w < 2.0), "{json}");
    assert!(json["gmlos"].as_f64().is_some());
    assert_eq!(json["drg_title"], "Heart Failure and Shock with CC");
    let r = grouper().group(&claim(heart_failure("2026-11-01"))).unwrap().to_json();
    assert!(r["relative_weight"].is_null());
    assert!(r["weight_unavailable"].as_str().unwrap().contains("FY2027"), "{r}");
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
