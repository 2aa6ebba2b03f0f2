//! The JS API checks, run both in Node (`node.rs`) and in headless Chromium (`web.rs`).

use codeglass_wasm::Engine;
use wasm_bindgen::{JsCast, JsValue};

static CM_2027: &[u8] = include_bytes!("../../../../code_tables/icd10cm-2027.cgt");
static DRG: &[u8] = include_bytes!("../../../../code_tables/msdrg.cgt");

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
