//! JS API tests in Node.
#[macro_use]
mod common;

js_api_tests!(
    loads_tables_and_reports_versions,
    bad_input_throws_errors_with_stable_codes,
    search_describe_and_build_through_the_js_api,
    groups_claims_and_answers_what_if_through_the_js_api,
    edits_a_claim_through_the_js_api
);
