//! JS API tests in Node.
mod common;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn loads_tables_and_reports_versions() {
    common::loads_tables_and_reports_versions();
}

#[wasm_bindgen_test]
fn bad_input_throws_errors_with_stable_codes() {
    common::bad_input_throws_errors_with_stable_codes();
}

#[wasm_bindgen_test]
fn search_describe_and_build_through_the_js_api() {
    common::search_describe_and_build_through_the_js_api();
}
