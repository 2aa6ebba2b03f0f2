//! A deduplicated UTF-8 string pool, addressed by `(offset: u32, length: u16)` references.

use std::collections::HashMap;

use crate::bytes::{u16_at, u32_at, ByteWriter};

/// Size of a string reference in records.
pub const STR_REF: usize = 6;

/// Writes strings once each and hands out references.
#[derive(Default)]
pub struct StringPoolWriter {
    bytes: Vec<u8>,
    seen: HashMap<String, u32>,
}

impl StringPoolWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Interns `s` (at most 65,535 bytes) and writes its reference to `w`.
    pub fn write_ref(&mut self, w: &mut ByteWriter, s: &str) {
        let (off, len) = self.intern(s);
        w.u32(off).u16(len);
    }

    pub fn intern(&mut self, s: &str) -> (u32, u16) {
        let len = u16::try_from(s.len()).expect("string longer than 65,535 bytes");
        if let Some(&off) = self.seen.get(s) {
            return (off, len);
        }
        let off = u32::try_from(self.bytes.len()).expect("string pool over 4 GiB");
        self.bytes.extend_from_slice(s.as_bytes());
        self.seen.insert(s.to_string(), off);
        (off, len)
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Reads the string referenced at `at` in `record`; a reference outside the pool or not on
/// character boundaries reads as the empty string (the checksum makes that a builder bug).
pub fn str_ref<'a>(pool: &'a [u8], record: &[u8], at: usize) -> &'a str {
    let off = u32_at(record, at) as usize;
    let len = u16_at(record, at + 4) as usize;
    pool.get(off..off + len).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
}
