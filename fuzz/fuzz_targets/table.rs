//! Table bytes: raw (the checksum must refuse them) and damaged-but-checksummed copies of
//! small valid tables (the structure checks must refuse them, or the reader must cope).
#![no_main]
use std::sync::OnceLock;

use codeglass_lookup::{describe, search, SearchOptions};
use codeglass_tables::{Catalog, Date};
use libfuzzer_sys::fuzz_target;

fn bases() -> &'static [Vec<u8>; 2] {
    static B: OnceLock<[Vec<u8>; 2]> = OnceLock::new();
    B.get_or_init(|| [codeglass_fuzz::tiny_code_set(), codeglass_fuzz::tiny_drg()])
}

fn exercise(bytes: Vec<u8>) {
    let mut c = Catalog::new();
    if c.add(bytes).is_err() {
        return;
    }
    let date = Date::from_ymd_const(2026, 11, 22);
    let _ = c.stats();
    let _ = search(&c, "heart failure", date, &SearchOptions::default());
    let _ = search(&c, "I50", date, &SearchOptions::default());
    let _ = describe(&c, "I5023", date, None);
    let _ = describe(&c, "S72001A", date, None);
    if let Some(d) = c.drg() {
        let _ = d.drg_title(291, 440);
        let _ = d.weight(291, 440);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    match mode % 3 {
        0 => exercise(rest.to_vec()),
        1 => exercise(codeglass_fuzz::damaged(&bases()[0], rest)),
        _ => exercise(codeglass_fuzz::damaged(&bases()[1], rest)),
    }
});
