//! The PCS builder: any prefix gives the next characters, the
//! complete code, or a typed error.
#![no_main]
use codeglass_lookup::pcs_next;
use codeglass_tables::Date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(prefix) = std::str::from_utf8(data) else { return };
    let date = Date::from_ymd_const(2026, 11, 22);
    let _ = pcs_next(codeglass_fuzz::catalog(), prefix, date);
});
