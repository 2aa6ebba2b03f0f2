//! Any claim JSON through the MCE and the convention edits: a typed error or a report.
#![no_main]
use codeglass_grouper::Claim;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(claim) = Claim::from_json(text) else { return };
    if let Ok(report) = codeglass_edits::check(codeglass_fuzz::catalog(), codeglass_fuzz::mce(), &claim) {
        let _ = report.to_json().to_string();
    }
});
