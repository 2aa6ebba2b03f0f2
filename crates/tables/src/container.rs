//! The container every compiled table is stored in.
//!
//! ```text
//! offset  size  field
//!      0     8  magic  b"CGLSTBL\0"
//!      8     4  format version (u32 LE)
//!     12     4  CRC-32 of every byte from offset 16 to the end
//!     16     4  section count N
//!     20  24*N  directory: name (16 bytes, NUL padded), offset (u32), length (u32)
//!      …        section payloads, each starting on an 8-byte boundary
//! ```
//!
//! Sections are opaque byte ranges; the typed readers (`CodeSet`, `KeyedTable`, …) give them
//! meaning. The directory keeps the writer's order, so the same sections give the same bytes.

use crate::bytes::{u32_at, Slice};
use crate::error::TableError;

/// The first eight bytes of every compiled table.
pub const MAGIC: [u8; 8] = *b"CGLSTBL\0";
/// The container and section layout version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

const HEADER: usize = 20;
const DIR_ENTRY: usize = 24;
const NAME_LEN: usize = 16;

/// Builds a container from named sections.
#[derive(Default)]
pub struct ContainerWriter {
    sections: Vec<(String, Vec<u8>)>,
}

impl ContainerWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a section. Names are at most 16 bytes and unique.
    pub fn section(&mut self, name: &str, bytes: Vec<u8>) -> &mut Self {
        assert!(name.len() <= NAME_LEN, "section name too long: {name}");
        assert!(self.sections.iter().all(|(n, _)| n != name), "duplicate section {name}");
        self.sections.push((name.to_string(), bytes));
        self
    }

    /// Serialises the container: header, directory, payloads, checksum.
    pub fn finish(&self) -> Vec<u8> {
        let dir_end = HEADER + DIR_ENTRY * self.sections.len();
        let mut offsets = Vec::with_capacity(self.sections.len());
        let mut pos = align8(dir_end);
        for (_, bytes) in &self.sections {
            offsets.push(pos);
            pos = align8(pos + bytes.len());
        }
        let mut out = vec![0u8; pos];
        out[0..8].copy_from_slice(&MAGIC);
        out[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        out[16..20].copy_from_slice(&(self.sections.len() as u32).to_le_bytes());
        for (i, ((name, bytes), &off)) in self.sections.iter().zip(&offsets).enumerate() {
            let e = HEADER + i * DIR_ENTRY;
            out[e..e + name.len()].copy_from_slice(name.as_bytes());
            out[e + 16..e + 20].copy_from_slice(&(off as u32).to_le_bytes());
            out[e + 20..e + 24].copy_from_slice(&(bytes.len() as u32).to_le_bytes());
            out[off..off + bytes.len()].copy_from_slice(bytes);
        }
        let crc = crc32fast::hash(&out[16..]);
        out[12..16].copy_from_slice(&crc.to_le_bytes());
        out
    }
}

fn align8(n: usize) -> usize {
    (n + 7) & !7
}

/// A validated container over storage `D`; sections are handed out as zero-copy [`Slice`]s.
#[derive(Clone)]
pub struct Container<D> {
    data: D,
    sections: Vec<(String, usize, usize)>,
}

impl<D: AsRef<[u8]> + Clone> Container<D> {
    /// Checks magic, format version, checksum and the directory, without copying the payload.
    pub fn open(data: D) -> Result<Self, TableError> {
        let b = data.as_ref();
        if b.len() < 8 || b[0..8] != MAGIC {
            // A short file that starts like a table was cut, anything else is not a table.
            return Err(if b.len() < 8 && MAGIC.starts_with(b) && !b.is_empty() {
                TableError::Truncated { needed: HEADER, found: b.len() }
            } else {
                TableError::BadMagic
            });
        }
        if b.len() < HEADER {
            return Err(TableError::Truncated { needed: HEADER, found: b.len() });
        }
        let version = u32_at(b, 8);
        if version != FORMAT_VERSION {
            return Err(TableError::UnsupportedFormat { found: version, supported: FORMAT_VERSION });
        }
        let count = u32_at(b, 16) as usize;
        let dir_end = count
            .checked_mul(DIR_ENTRY)
            .and_then(|n| n.checked_add(HEADER))
            .ok_or(TableError::OutOfBounds { what: "directory" })?;
        if b.len() < dir_end {
            return Err(TableError::Truncated { needed: dir_end, found: b.len() });
        }
        let expected = u32_at(b, 12);
        let found = crc32fast::hash(&b[16..]);
        if expected != found {
            return Err(TableError::ChecksumMismatch { expected, found });
        }
        let mut sections = Vec::with_capacity(count);
        for i in 0..count {
            let e = HEADER + i * DIR_ENTRY;
            let raw = &b[e..e + NAME_LEN];
            let name_len = raw.iter().position(|&c| c == 0).unwrap_or(NAME_LEN);
            let name = std::str::from_utf8(&raw[..name_len])
                .map_err(|_| TableError::OutOfBounds { what: "section name" })?
                .to_string();
            let off = u32_at(b, e + 16) as usize;
            let len = u32_at(b, e + 20) as usize;
            if off < dir_end || off.checked_add(len).is_none_or(|end| end > b.len()) {
                return Err(TableError::OutOfBounds { what: "section" });
            }
            sections.push((name, off, off + len));
        }
        Ok(Container { data, sections })
    }

    /// The named section, or an error naming it.
    pub fn section(&self, name: &str) -> Result<Slice<D>, TableError> {
        let (_, start, end) = self
            .sections
            .iter()
            .find(|(n, _, _)| n == name)
            .ok_or_else(|| TableError::MissingSection { name: name.to_string() })?;
        Slice::new(self.data.clone(), *start, *end).ok_or(TableError::OutOfBounds { what: "section" })
    }

    /// Section names in file order.
    pub fn section_names(&self) -> impl Iterator<Item = &str> {
        self.sections.iter().map(|(n, _, _)| n.as_str())
    }

    /// Total size of the underlying bytes.
    pub fn byte_len(&self) -> usize {
        self.data.as_ref().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut w = ContainerWriter::new();
        w.section("meta", b"kind=test\n".to_vec()).section("data", vec![1, 2, 3]);
        w.finish()
    }

    #[test]
    fn round_trip_and_alignment() {
        let bytes = sample();
        let c = Container::open(&bytes[..]).unwrap();
        assert_eq!(c.section("data").unwrap().as_ref(), &[1, 2, 3]);
        assert_eq!(c.section_names().collect::<Vec<_>>(), ["meta", "data"]);
        assert_eq!(bytes.len() % 8, 0);
        assert_eq!(sample(), bytes, "writing is deterministic");
    }

    #[test]
    fn every_corruption_is_a_typed_error() {
        let bytes = sample();
        assert!(matches!(Container::open(&b""[..]), Err(TableError::BadMagic)));
        assert!(matches!(Container::open(&bytes[..5]), Err(TableError::Truncated { .. })));
        assert!(matches!(Container::open(&bytes[..12]), Err(TableError::Truncated { .. })));
        assert!(matches!(Container::open(&b"PK\x03\x04zipfile"[..]), Err(TableError::BadMagic)));
        let mut v = bytes.clone();
        v[8] = 9;
        assert!(matches!(Container::open(&v[..]), Err(TableError::UnsupportedFormat { found: 9, .. })));
        let mut v = bytes.clone();
        let last = v.len() - 9;
        v[last] ^= 0x55;
        assert!(matches!(Container::open(&v[..]), Err(TableError::ChecksumMismatch { .. })));
        let cut = &bytes[..bytes.len() - 8];
        assert!(Container::open(cut).is_err());
        let c = Container::open(&bytes[..]).unwrap();
        let err = c.section("nope").err().unwrap();
        assert_eq!(err.code(), "TABLE_MISSING_SECTION");
        assert!(err.to_string().contains("codeglass tables build"));
    }
}
