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
    let mut engine = Engine::new();
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
    let mut engine = Engine::new();
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
    let mut engine = Engine::new();
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
