//! The JS API checks, run both in Node (`node.rs`) and in headless Chromium (`web.rs`).

use codeglass_wasm::Engine;
use wasm_bindgen::{JsCast, JsValue};

static CM_2027: &[u8] = include_bytes!("../../../../code_tables/icd10cm-2027.cgt");
static DRG: &[u8] = include_bytes!("../../../../code_tables/msdrg.cgt");
static PCS_2027: &[u8] = include_bytes!("../../../../code_tables/icd10pcs-2027.cgt");

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

pub fn search_describe_and_build_through_the_js_api() {
    let engine = Engine::new();
    engine.add_table(CM_2027.to_vec()).unwrap();
    engine.add_table(PCS_2027.to_vec()).unwrap();
    let date = ("date", JsValue::from_str("2026-11-22"));
    let hits = js_sys::Array::from(
        &engine.search("chf", options(&[date.clone(), ("limit", JsValue::from_f64(5.0))])).unwrap(),
    );
    assert_eq!(hits.length(), 5);
    assert!(get(&hits.get(0), &["code"]).as_string().unwrap().starts_with("I50"));
    assert_eq!(get(&hits.get(0), &["system"]).as_string().as_deref(), Some("icd10cm"));
    assert_eq!(get(&hits.get(0), &["version"]).as_string().as_deref(), Some("2027"));
    // Options may be omitted: today's date and the defaults apply.
    assert!(engine.search("I10", JsValue::UNDEFINED).is_ok());
    let d = engine.describe("e11.65", options(std::slice::from_ref(&date))).unwrap();
    assert_eq!(get(&d, &["display"]).as_string().as_deref(), Some("Type 2 diabetes mellitus with hyperglycemia"));
    let next = engine.pcs_next("0270", options(std::slice::from_ref(&date))).unwrap();
    assert_eq!(get(&next, &["axis_title"]).as_string().as_deref(), Some("Approach"));
    let bad = |v: Result<JsValue, JsValue>| error_code(&v.unwrap_err());
    assert_eq!(bad(engine.search("x", options(&[("limit", JsValue::from_f64(f64::NAN))]))), "BAD_OPTIONS");
    assert_eq!(bad(engine.search("x", options(&[("limit", JsValue::from_str("5"))]))), "BAD_OPTIONS");
    assert_eq!(bad(engine.search("x", options(&[("colour", JsValue::TRUE)]))), "BAD_OPTIONS");
    assert_eq!(bad(engine.search("x", options(&[("system", JsValue::from_str("hcpcs"))]))), "BAD_SYSTEM");
    assert_eq!(bad(engine.search("x", options(&[("date", JsValue::from_str("yesterday"))]))), "BAD_DATE");
    assert_eq!(bad(engine.search("x", options(&[("date", JsValue::from_str("2020-01-01"))]))), "DATE_NOT_SUPPORTED");
    assert_eq!(bad(engine.describe("<b>", options(std::slice::from_ref(&date)))), "BAD_CODE");
    assert_eq!(bad(engine.pcs_next("0I", options(std::slice::from_ref(&date)))), "PCS_PREFIX_NOT_FOUND");
    // A lone UTF-16 surrogate arrives as U+FFFD: an ordinary, empty search.
    let lone = js_sys::JsString::from_char_code1(0xD800).as_string().unwrap_or_default();
    assert!(engine.search(&lone, options(&[date])).is_ok());
}

fn get(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |acc, key| js_sys::Reflect::get(&acc, &JsValue::from_str(key)).unwrap())
}

fn error_code(e: &JsValue) -> String {
    assert!(e.is_instance_of::<js_sys::Error>(), "thrown value is an Error");
    get(e, &["code"]).as_string().unwrap()
}

pub fn loads_tables_and_reports_versions() {
    let engine = Engine::new();
    let summary = engine.add_table(CM_2027.to_vec()).unwrap();
    assert_eq!(get(&summary, &["kind"]).as_string().as_deref(), Some("icd10cm"));
    assert_eq!(get(&summary, &["effective_from"]).as_string().as_deref(), Some("2026-10-01"));
    engine.add_table(DRG.to_vec()).unwrap();
    let v = engine.versions().unwrap();
    assert_eq!(get(&v, &["stats", "icd10cm", "2027", "billable"]).as_f64(), Some(74879.0));
    assert_eq!(get(&v, &["stats", "icd10cm", "2027", "headers"]).as_f64(), Some(23524.0));
    let grouper = js_sys::Array::from(&get(&v, &["grouper"]));
    assert_eq!(grouper.length(), 3);
    assert_eq!(get(&grouper.get(2), &["name"]).as_string().as_deref(), Some("44.0"));
    assert_eq!(engine.fiscal_year_for("icd10cm", "2026-10-01").unwrap(), 2027);
    assert_eq!(engine.fiscal_year_for("ICD-10-CM", "2027-09-30").unwrap(), 2027);
}

pub fn bad_input_throws_errors_with_stable_codes() {
    let engine = Engine::new();
    assert_eq!(error_code(&engine.add_table(Vec::new()).unwrap_err()), "TABLE_BAD_MAGIC");
    assert_eq!(
        error_code(&engine.add_table(CM_2027[..CM_2027.len() / 2].to_vec()).unwrap_err()),
        "TABLE_CHECKSUM_MISMATCH"
    );
    let mut flipped = CM_2027.to_vec();
    flipped[1000] ^= 0xff;
    assert_eq!(error_code(&engine.add_table(flipped).unwrap_err()), "TABLE_CHECKSUM_MISMATCH");
    assert_eq!(error_code(&engine.fiscal_year_for("icd10cm", "2026-10-01").unwrap_err()), "TABLE_NOT_LOADED");
    engine.add_table(CM_2027.to_vec()).unwrap();
    assert_eq!(error_code(&engine.fiscal_year_for("icd10cm", "2026-02-30").unwrap_err()), "BAD_DATE");
    assert_eq!(error_code(&engine.fiscal_year_for("icd10cm", "2025-10-01").unwrap_err()), "DATE_NOT_SUPPORTED");
    assert_eq!(error_code(&engine.fiscal_year_for("hcpcs", "2026-10-01").unwrap_err()), "BAD_SYSTEM");
    // The engine keeps working after every error.
    assert_eq!(engine.fiscal_year_for("icd10cm", "2027-01-01").unwrap(), 2027);
}

fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

const HEART_FAILURE: &str = r#"{"id": "hf", "discharge_date": "2026-05-15", "age": 70, "sex": "F",
    "discharge_status": "01", "pdx": {"code": "I50.23", "poa": "Y"}, "sdx": [{"code": "n17.9", "poa": "Y"}]}"#;

pub fn groups_claims_and_answers_what_if_through_the_js_api() {
    let engine = Engine::new();
    let bad = |v: Result<JsValue, JsValue>| error_code(&v.unwrap_err());
    assert_eq!(bad(engine.group(js(HEART_FAILURE), JsValue::UNDEFINED)), "TABLE_NOT_LOADED");
    engine.add_table(DRG.to_vec()).unwrap();
    let r = engine.group(js(HEART_FAILURE), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&r, &["final_drg"]).as_f64(), Some(292.0));
    assert_eq!(get(&r, &["final_mdc"]).as_f64(), Some(5.0));
    assert_eq!(get(&r, &["version"]).as_f64(), Some(431.0));
    assert_eq!(get(&r, &["id"]).as_string().as_deref(), Some("hf"));
    assert_eq!(js_sys::Array::from(&get(&r, &["sdx_severity"])).get(0).as_string().as_deref(), Some("CC"));
    assert!(get(&r, &["relative_weight"]).as_f64().unwrap() > 0.0);
    assert!(get(&r, &["explanation"]).is_undefined(), "no explanation unless asked");
    // A FY2027 discharge (v44.0): the FY2027 Table 5 weight and a payment estimate.
    let fy2027 = HEART_FAILURE.replace("2026-05-15", "2026-11-15").replace("\"sdx\"", "\"base_rate\": 6500, \"sdx\"");
    let r = engine.group(js(&fy2027), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&r, &["version"]).as_f64(), Some(440.0));
    assert_eq!(get(&r, &["relative_weight"]).as_f64(), Some(0.8616));
    assert_eq!(get(&r, &["payment", "amount"]).as_f64(), Some(5600.4));
    assert!(get(&r, &["weight_unavailable"]).is_null());
    // JSON text is taken too, and an explanation on request.
    let explained = engine.group(JsValue::from_str(HEART_FAILURE), js(r#"{"explain": true}"#)).unwrap();
    let why = get(&js_sys::Array::from(&get(&explained, &["explanation", "sdx"])).get(0), &["why"]);
    assert!(why.as_string().unwrap().contains("CC"), "{why:?}");
    // What-if: an MCC added moves 292 to 291; removing the only CC moves it to 293.
    let w = engine
        .what_if(js(HEART_FAILURE), js(r#"{"op": "add_sdx", "code": "J96.01", "poa": "Y"}"#), JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(get(&w, &["after", "final_drg"]).as_f64(), Some(291.0));
    assert_eq!(get(&w, &["drg_changed"]).as_bool(), Some(true));
    assert!(get(&w, &["weight_delta"]).as_f64().unwrap() > 0.0);
    let w =
        engine.what_if(js(HEART_FAILURE), js(r#"{"op": "remove_sdx", "code": "N179"}"#), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&w, &["after", "final_drg"]).as_f64(), Some(293.0));
    let o = engine.opportunities(js(HEART_FAILURE), JsValue::UNDEFINED).unwrap();
    let family = js_sys::Array::from(&get(&o, &["family"]));
    let drgs: Vec<f64> = family.iter().map(|f| get(&f, &["drg"]).as_f64().unwrap()).collect();
    assert_eq!(drgs, [293.0, 292.0, 291.0]);
    assert_eq!(get(&o, &["next_level", "level"]).as_string().as_deref(), Some("MCC"));
    // Bad claims and changes throw typed errors, and the engine goes on working.
    let group = |c: &str| bad(engine.group(js(c), JsValue::UNDEFINED));
    assert_eq!(group(&HEART_FAILURE.replace("\"age\": 70", "\"age\": 70.5")), "BAD_AGE");
    // An age CMS grades (above 124) is grouped, not refused.
    let old = engine.group(js(&HEART_FAILURE.replace("\"age\": 70", "\"age\": 125")), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&old, &["return_code"]).as_string().as_deref(), Some("OK"));
    assert_eq!(group(&HEART_FAILURE.replace("\"age\": 70", "\"age\": \"70\"")), "BAD_AGE");
    assert_eq!(group(&HEART_FAILURE.replace("2026-05-15", "2020-01-01")), "DATE_NOT_SUPPORTED");
    assert_eq!(group(&HEART_FAILURE.replace("\"sex\"", "\"gender\"")), "UNKNOWN_FIELD");
    assert_eq!(group("[1, 2]"), "BAD_CLAIM");
    assert_eq!(bad(engine.group(JsValue::from_str("{not json"), JsValue::UNDEFINED)), "BAD_JSON");
    assert_eq!(bad(engine.group(JsValue::from_f64(f64::NAN), JsValue::UNDEFINED)), "BAD_CLAIM");
    // A NaN age reaches the claim reader as null.
    let nan_age = js(HEART_FAILURE);
    js_sys::Reflect::set(&nan_age, &JsValue::from_str("age"), &JsValue::from_f64(f64::NAN)).unwrap();
    assert_eq!(bad(engine.group(nan_age, JsValue::UNDEFINED)), "BAD_AGE");
    assert_eq!(bad(engine.group(js(HEART_FAILURE), js(r#"{"explain": "yes"}"#))), "BAD_OPTIONS");
    let change = |c: &str| bad(engine.what_if(js(HEART_FAILURE), js(c), JsValue::UNDEFINED));
    assert_eq!(change(r#"{"op": "delete_everything"}"#), "BAD_CHANGE");
    assert_eq!(change(r#"{"op": "remove_sdx", "code": "A00.0"}"#), "CODE_NOT_ON_CLAIM");
    assert_eq!(change(r#"{"op": "set_age", "age": "old"}"#), "BAD_AGE");
    assert_eq!(change(r#"{"op": "add_sdx", "code": "J96.01", "colour": 1}"#), "UNKNOWN_FIELD");
    assert!(engine.group(js(HEART_FAILURE), JsValue::UNDEFINED).is_ok());
}

pub fn edits_a_claim_through_the_js_api() {
    let engine = Engine::new();
    let bad = |v: Result<JsValue, JsValue>| error_code(&v.unwrap_err());
    let claim = r#"{"id": "dm", "discharge_date": "2026-11-22", "age": 70, "sex": "F", "discharge_status": "01",
        "pdx": {"code": "G63", "poa": "Y"}, "sdx": [{"code": "E11.9", "poa": "Y"}, {"code": "E10.9", "poa": "Y"}]}"#;
    assert_eq!(bad(engine.edits(js(claim))), "TABLE_NOT_LOADED");
    engine.add_table(DRG.to_vec()).unwrap();
    engine.add_table(CM_2027.to_vec()).unwrap();
    engine.add_table(PCS_2027.to_vec()).unwrap();
    let r = engine.edits(js(claim)).unwrap();
    assert_eq!(get(&r, &["mce_edit_type"]).as_string().as_deref(), Some("PREPAYMENT"));
    let mce = js_sys::Array::from(&get(&r, &["mce_edits"]));
    assert_eq!(get(&mce.get(0), &["name"]).as_string().as_deref(), Some("MANIFESTATION_AS_PDX"));
    let conventions = js_sys::Array::from(&get(&r, &["convention_edits"]));
    let ids: Vec<String> = conventions.iter().map(|e| get(&e, &["id"]).as_string().unwrap()).collect();
    assert!(ids.iter().any(|i| i == "EXCLUDES1_CONFLICT"), "{ids:?}");
    assert_eq!(
        bad(engine.edits(js(
            r#"{"version": 440, "age": 70, "sex": "F", "discharge_status": "01", "pdx": {"code": "I5023"}}"#
        ))),
        "MISSING_FIELD"
    );
    assert_eq!(bad(engine.edits(js(&claim.replace("2026-11-22", "2020-01-01")))), "DATE_NOT_SUPPORTED");
    assert_eq!(bad(engine.edits(JsValue::from_str("{"))), "BAD_JSON");
    assert!(engine.edits(js(claim)).is_ok(), "the engine keeps working");
}

/// The same tests, declared once for both runners (`node.rs`, `web.rs`).
macro_rules! js_api_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            fn $name() {
                common::$name();
            }
        )*
    };
}
