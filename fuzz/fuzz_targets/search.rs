//! Search never panics and never returns more than its limit, whatever the query.
#![no_main]
use codeglass_lookup::{search, SearchOptions};
use codeglass_tables::{Date, System};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&opts, rest)) = data.split_first() else { return };
    let query = String::from_utf8_lossy(rest);
    let limit = usize::from(opts % 32);
    let system = match opts >> 6 {
        0 => None,
        1 => Some(System::Icd10Cm),
        _ => Some(System::Icd10Pcs),
    };
    let date = if opts & 32 == 0 { Date::from_ymd_const(2026, 11, 22) } else { Date::from_ymd_const(2026, 5, 1) };
    let o = SearchOptions { system, limit, ..SearchOptions::default() };
    let hits = search(codeglass_fuzz::catalog(), &query, date, &o).expect("dates in range always search");
    assert!(hits.len() <= limit, "{} hits for limit {limit}", hits.len());
});
