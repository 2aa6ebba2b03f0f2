//! Search answers stored at table compile time: for the short words a search spends the most
//! on (one- and two-letter prefixes, the commonest three-letter ones), the ranked codes it
//! returns, so a keystroke reads about twenty codes instead of ranking thousands.
//!
//! Two optional sections (a table without them searches every word itself):
//! - `answer_words`: FST, word → offset in `answers`;
//! - `answers`: a header (`u32` date as YYYYMMDD the answers were ranked for, `u16` the result
//!   limit they were ranked with), then per word a varint count and per code, in ordinal
//!   order, a varint of the ordinal's distance from the previous one and a varint of the
//!   zigzagged score (the ranking's score over ten, which is what its final order compares)
//!   shifted over the 3-bit tier. Tier and score order the codes again when read, so the
//!   ordinal order costs nothing and the small distances compress well.
//!
//! The answers are whatever `codeglass-lookup` ranks at compile time; this module only
//! stores them. A ranking change therefore needs the tables rebuilt, which the test comparing
//! `code_tables/` with a fresh compile enforces.

use std::collections::BTreeMap;

use crate::bytes::{u16_at, u32_at, varint_at, ByteWriter, Slice};
use crate::container::Container;
use crate::date::Date;
use crate::error::TableError;

/// One ranked code of a stored answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoredHit {
    pub ordinal: u32,
    pub tier: u8,
    /// The score over ten (the final order's key).
    pub score: i32,
}

const HEADER_LEN: usize = 6;

/// The `answer_words` and `answers` sections for the answers ranked on `date` with `limit`.
pub fn write_answer_sections(
    date: Date,
    limit: usize,
    answers: &BTreeMap<String, Vec<StoredHit>>,
) -> Vec<(String, Vec<u8>)> {
    let mut blob = ByteWriter::new();
    blob.u32(date.yyyymmdd()).u16(u16::try_from(limit).expect("answer limit over 65,535"));
    let mut offsets = Vec::with_capacity(answers.len());
    for (word, hits) in answers {
        offsets.push((word.as_str(), blob.len() as u64));
        blob.varint(hits.len() as u64);
        let mut by_ordinal = hits.clone();
        by_ordinal.sort_by_key(|h| h.ordinal);
        let mut previous = 0;
        for h in by_ordinal {
            assert!(h.tier < 8, "tier {} over 3 bits", h.tier);
            let zigzag = ((h.score << 1) ^ (h.score >> 31)) as u32;
            blob.varint(u64::from(h.ordinal - previous)).varint((u64::from(zigzag) << 3) | u64::from(h.tier));
            previous = h.ordinal;
        }
    }
    let words = fst::Map::from_iter(offsets).expect("sorted words").into_fst().into_inner();
    vec![("answer_words".to_string(), words), ("answers".to_string(), blob.into_inner())]
}

/// The stored answers of a code set.
#[derive(Clone)]
pub struct StoredAnswers<D> {
    words: fst::Map<Slice<D>>,
    blob: Slice<D>,
    date: Date,
    limit: usize,
}

impl<D: AsRef<[u8]> + Clone> StoredAnswers<D> {
    /// `None` when the table has no answers; an error when they are damaged.
    pub(crate) fn open(c: &Container<D>) -> Result<Option<Self>, TableError> {
        let (Ok(words), Ok(blob)) = (c.section("answer_words"), c.section("answers")) else { return Ok(None) };
        let b = blob.as_ref();
        if b.len() < HEADER_LEN {
            return Err(TableError::OutOfBounds { what: "answers header" });
        }
        let date = Date::from_yyyymmdd(u32_at(b, 0))
            .ok_or_else(|| TableError::BadMeta { key: "answers", detail: "bad date".into() })?;
        let limit = usize::from(u16_at(b, 4));
        Ok(Some(StoredAnswers { words: crate::bytes::verified_map(words)?, blob, date, limit }))
    }

    /// The date the answers were ranked for: they hold on dates with the same valid codes.
    pub fn date(&self) -> Date {
        self.date
    }

    /// The result limit the answers were ranked with.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The stored answer for `word`, in ordinal order (`None`: not stored, or damaged).
    pub fn get(&self, word: &str) -> Option<Vec<StoredHit>> {
        let offset = usize::try_from(self.words.get(word)?).ok()?;
        let b = self.blob.as_ref();
        let (count, mut pos) = varint_at(b, offset)?;
        let mut hits = Vec::with_capacity(usize::try_from(count).ok()?.min(self.limit));
        let mut ordinal = 0u32;
        for _ in 0..count {
            let (distance, next) = varint_at(b, pos)?;
            let (packed, next) = varint_at(b, next)?;
            ordinal = ordinal.checked_add(u32::try_from(distance).ok()?)?;
            let zigzag = u32::try_from(packed >> 3).ok()?;
            let score = (zigzag >> 1) as i32 ^ -((zigzag & 1) as i32);
            hits.push(StoredHit { ordinal, tier: (packed & 7) as u8, score });
            pos = next;
        }
        Some(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::container::ContainerWriter;

    #[test]
    fn answers_round_trip() {
        let date = Date::new(2026, 9, 30).unwrap();
        let hit = |ordinal, tier, score| StoredHit { ordinal, tier, score };
        let mut answers = BTreeMap::new();
        answers.insert("di".to_string(), vec![hit(0, 2, 300), hit(3, 6, -12), hit(70_000, 4, 81)]);
        answers.insert("a".to_string(), vec![hit(1, 0, 0)]);
        let mut w = ContainerWriter::new();
        for (name, bytes) in write_answer_sections(date, 20, &answers) {
            w.section(&name, bytes);
        }
        let c = Container::open(w.finish()).unwrap();
        let stored = StoredAnswers::open(&c).unwrap().unwrap();
        assert_eq!((stored.date(), stored.limit()), (date, 20));
        assert_eq!(stored.get("di").unwrap(), answers["di"]);
        assert_eq!(stored.get("a").unwrap(), answers["a"]);
        assert!(stored.get("d").is_none());
        let empty = Container::open(ContainerWriter::new().finish()).unwrap();
        assert!(StoredAnswers::open(&empty).unwrap().is_none(), "answers are optional");
    }
}
