//! Byte-level helpers: a cheap sub-slice of shared storage, little-endian readers and a writer.

/// A window into shared storage `D` (for example `&[u8]`, `Arc<[u8]>` or `Rc<[u8]>`).
///
/// Cloning clones `D`, so pick a `D` whose clone is cheap: the FST indexes of one table
/// each hold a `Slice` over the same buffer, and nothing is copied.
#[derive(Clone)]
pub struct Slice<D> {
    data: D,
    start: usize,
    end: usize,
}

impl<D: AsRef<[u8]>> Slice<D> {
    pub(crate) fn new(data: D, start: usize, end: usize) -> Option<Self> {
        (start <= end && end <= data.as_ref().len()).then_some(Slice { data, start, end })
    }
}

impl<D: AsRef<[u8]>> AsRef<[u8]> for Slice<D> {
    fn as_ref(&self) -> &[u8] {
        &self.data.as_ref()[self.start..self.end]
    }
}

impl<D> std::fmt::Debug for Slice<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Slice({}..{})", self.start, self.end)
    }
}

pub(crate) fn u8_at(b: &[u8], off: usize) -> u8 {
    b.get(off).copied().unwrap_or(0)
}

pub(crate) fn u16_at(b: &[u8], off: usize) -> u16 {
    match b.get(off..off + 2) {
        Some(s) => u16::from_le_bytes([s[0], s[1]]),
        None => 0,
    }
}

pub(crate) fn u32_at(b: &[u8], off: usize) -> u32 {
    match b.get(off..off + 4) {
        Some(s) => u32::from_le_bytes([s[0], s[1], s[2], s[3]]),
        None => 0,
    }
}

/// Reads an unsigned LEB128 varint; returns the value and the offset after it.
pub(crate) fn varint_at(b: &[u8], mut off: usize) -> Option<(u64, usize)> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let byte = *b.get(off)?;
        off += 1;
        if shift > 63 {
            return None;
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some((value, off));
        }
        shift += 7;
    }
}

/// Appends little-endian values to a buffer (table building).
#[derive(Default, Debug, Clone)]
pub struct ByteWriter {
    pub(crate) buf: Vec<u8>,
}

impl ByteWriter {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn len(&self) -> usize {
        self.buf.len()
    }
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
    pub fn u8(&mut self, v: u8) -> &mut Self {
        self.buf.push(v);
        self
    }
    pub fn u16(&mut self, v: u16) -> &mut Self {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn u32(&mut self, v: u32) -> &mut Self {
        self.buf.extend_from_slice(&v.to_le_bytes());
        self
    }
    pub fn bytes(&mut self, v: &[u8]) -> &mut Self {
        self.buf.extend_from_slice(v);
        self
    }
    pub fn varint(&mut self, mut v: u64) -> &mut Self {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(byte);
                return self;
            }
            self.buf.push(byte | 0x80);
        }
    }
    pub fn into_inner(self) -> Vec<u8> {
        self.buf
    }
}

/// Opens an FST map over `bytes` and verifies its own checksum: traversing a damaged FST can
/// panic inside the `fst` crate, so damage must be caught when the table is opened.
pub(crate) fn verified_map<D: AsRef<[u8]>>(bytes: Slice<D>) -> Result<fst::Map<Slice<D>>, crate::TableError> {
    let map = fst::Map::new(bytes)?;
    map.as_fst().verify()?;
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trips() {
        let mut w = ByteWriter::new();
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            w.varint(v);
        }
        let b = w.into_inner();
        let mut off = 0;
        for v in [0u64, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let (got, next) = varint_at(&b, off).unwrap();
            assert_eq!(got, v);
            off = next;
        }
        assert_eq!(off, b.len());
        assert!(varint_at(&[0x80], 0).is_none(), "a cut varint is rejected");
    }

    #[test]
    fn out_of_range_reads_are_zero_not_panics() {
        assert_eq!(u32_at(&[1, 2], 0), 0);
        assert_eq!(u16_at(&[], 5), 0);
        assert!(Slice::new(&[1u8, 2, 3][..], 2, 4).is_none());
    }
}
