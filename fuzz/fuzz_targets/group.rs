//! Any claim JSON: a typed error or a result, never a panic; what-if on a parsed claim too.
#![no_main]
use codeglass_grouper::{Change, Claim};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(claim) = Claim::from_json(text) else { return };
    let g = codeglass_fuzz::grouper();
    if let Ok(r) = g.group(&claim) {
        let _ = r.to_json_string(true);
        // Grouping is deterministic.
        assert_eq!(g.group(&claim).unwrap(), r);
        let _ = g.opportunities(&claim);
        if let Some(first) = claim.sdx.first() {
            let _ = g.what_if(&claim, &Change::RemoveSdx { code: first.code.clone() });
        }
    }
});
