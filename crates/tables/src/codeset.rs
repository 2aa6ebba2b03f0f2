//! A code set (ICD-10-CM or ICD-10-PCS for one fiscal year): codes, titles, hierarchy,
//! Tabular notes and a word index.
//!
//! Records are stored by column, in Tabular order (the ordinal), because columns compress
//! several times better than rows when the tables travel to a browser:
//! - `meta`: kind, system, fiscal year, effective dates, provenance.
//! - `codes`: FST, canonical code → ordinal.
//! - `flags`: one byte per code: bits 0–4 [`flags`], bits 5–7 an index into `validity`.
//! - `title_len`, `short_len`: `u16` per code; `short_len` = `0xFFFF` when the short title
//!   equals the long one.
//! - `titles`: per code, its long title then its short title (when distinct), back to back.
//! - `chapter` (`u8`), `block` (`u16`), `notes` (`u32` offset): per code, `0xFF…` for none.
//! - `strings`: deduplicated UTF-8 pool for notes and group names.
//! - `notes`: per node, `u16` count then 8-byte entries `(kind, aux, text ref)`.
//! - `groups`: chapters and blocks (32 bytes each).
//! - `validity`: up to 8 `(from, to)` date pairs.
//! - `words` + `postings`: FST word → offset of a posting list of `(ordinal, field mask)`.
//! - `answer_words` + `answers` (optional): search answers ranked at compile time
//!   ([`StoredAnswers`]).
//!
//! Two small indexes are derived on first use instead of stored: ordinal → code (one pass
//! over the code FST) and ordinal → title offset (a prefix sum of the lengths). Every blob
//! stays zero-copy; parents are found by looking the code's prefixes up in the FST.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use fst::{IntoStreamer, Streamer};

use crate::answers::StoredAnswers;
use crate::bytes::{u16_at, u32_at, u8_at, varint_at, Slice};
use crate::code::{canonical_code, System};
use crate::container::Container;
use crate::date::Date;
use crate::error::TableError;
use crate::meta::Meta;
use crate::strings::str_ref;

/// Sizes of the fixed-width parts.
pub struct RecordLayout;

impl RecordLayout {
    /// Bytes per chapter/block entry in `groups`.
    pub const GROUP_SIZE: usize = 32;
    /// `short_len` value meaning "same as the long title".
    pub const SAME_AS_LONG: u16 = u16::MAX;
}

/// Record flag bits.
pub mod flags {
    /// A billable (valid for claims) code; otherwise a header.
    pub const BILLABLE: u8 = 1;
    /// The kit has no Tabular notes for this code itself (e.g. new FY2027 ICD-10-CM codes).
    pub const OWN_NOTES_UNAVAILABLE: u8 = 2;
    /// The kit has no official title for this code (e.g. April 2026 ICD-10-PCS additions).
    pub const TITLE_UNAVAILABLE: u8 = 4;
    /// Added in this fiscal year's update.
    pub const ADDED: u8 = 8;
    /// Title revised in this fiscal year's update.
    pub const TITLE_REVISED: u8 = 16;
    pub(crate) const MASK: u8 = 0x1f;
}

/// "No such record/group/notes" sentinel.
pub const NONE_U32: u32 = u32::MAX;
pub const NONE_U16: u16 = u16::MAX;

/// The kinds of Tabular note.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum NoteKind {
    InclusionTerm = 1,
    Includes = 2,
    Excludes1 = 3,
    Excludes2 = 4,
    CodeFirst = 5,
    UseAdditionalCode = 6,
    CodeAlso = 7,
    Note = 8,
    SeventhCharacterNote = 9,
    /// `aux` is the 7th character; the text is its meaning.
    SeventhCharacter = 10,
    /// An extra line under the 7th character `aux` (e.g. "initial encounter for open fracture NOS").
    SeventhCharacterExtra = 11,
}

impl NoteKind {
    pub const ALL: [NoteKind; 11] = [
        NoteKind::InclusionTerm,
        NoteKind::Includes,
        NoteKind::Excludes1,
        NoteKind::Excludes2,
        NoteKind::CodeFirst,
        NoteKind::UseAdditionalCode,
        NoteKind::CodeAlso,
        NoteKind::Note,
        NoteKind::SeventhCharacterNote,
        NoteKind::SeventhCharacter,
        NoteKind::SeventhCharacterExtra,
    ];

    pub fn from_u8(v: u8) -> Option<NoteKind> {
        NoteKind::ALL.iter().copied().find(|k| *k as u8 == v)
    }

    /// The element name in the CMS Tabular XML (and the key used in JSON output).
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::InclusionTerm => "inclusionTerm",
            NoteKind::Includes => "includes",
            NoteKind::Excludes1 => "excludes1",
            NoteKind::Excludes2 => "excludes2",
            NoteKind::CodeFirst => "codeFirst",
            NoteKind::UseAdditionalCode => "useAdditionalCode",
            NoteKind::CodeAlso => "codeAlso",
            NoteKind::Note => "notes",
            NoteKind::SeventhCharacterNote => "sevenChrNote",
            NoteKind::SeventhCharacter => "sevenChrDef",
            NoteKind::SeventhCharacterExtra => "sevenChrDefExtra",
        }
    }
}

/// Field bits of a posting: where in a code's text a word occurs.
pub mod fields {
    pub const LONG_TITLE: u8 = 1;
    pub const SHORT_TITLE: u8 = 2;
    pub const INCLUSION_TERM: u8 = 4;
    pub const INCLUDES: u8 = 8;
}

/// One code set, loaded zero-copy over storage `D`.
#[derive(Clone)]
pub struct CodeSet<D> {
    meta: Meta,
    system: System,
    fiscal_year: u32,
    effective: (Date, Date),
    len: usize,
    codes: fst::Map<Slice<D>>,
    flags: Slice<D>,
    title_len: Slice<D>,
    short_len: Slice<D>,
    titles: Slice<D>,
    chapter: Slice<D>,
    block: Slice<D>,
    note_offsets: Slice<D>,
    /// Per entry: its default billable descendant (headers), else `NONE_U32`.
    defaults: Slice<D>,
    /// Per entry: how many words its title has once parenthesised modifiers, stop words and
    /// "unspecified" clauses are set aside ([`crate::core_words`]).
    core_len: Slice<D>,
    strings: Slice<D>,
    notes: Slice<D>,
    groups: Slice<D>,
    validity: Vec<(Date, Date)>,
    words: fst::Map<Slice<D>>,
    postings: Slice<D>,
    /// Search answers ranked at compile time (optional sections).
    answers: Option<StoredAnswers<D>>,
    /// Distinct for every table opened in this process; clones share it.
    instance: u64,
    derived: OnceLock<Derived>,
}

/// The next [`CodeSet::instance`] number.
static NEXT_INSTANCE: AtomicU64 = AtomicU64::new(0);

/// Indexes computed on first use (see the module docs).
#[derive(Clone)]
struct Derived {
    codes: Vec<[u8; 7]>,
    title_offsets: Vec<u32>,
}

impl<D: AsRef<[u8]> + Clone> CodeSet<D> {
    /// Opens a code-set table (checks magic, format, checksum, kind and every section).
    pub fn open(data: D) -> Result<Self, TableError> {
        Self::from_container(&Container::open(data)?)
    }

    pub(crate) fn from_container(c: &Container<D>) -> Result<Self, TableError> {
        let meta = Meta::parse(c.section("meta")?.as_ref())?;
        let kind = meta.require("kind")?;
        let system = kind
            .parse::<System>()
            .map_err(|_| TableError::WrongKind { expected: "icd10cm or icd10pcs", found: kind.to_string() })?;
        let codes = crate::bytes::verified_map(c.section("codes")?)?;
        let len = codes.len();
        let column = |name: &str, width: usize| -> Result<Slice<D>, TableError> {
            let s = c.section(name)?;
            if s.as_ref().len() != len * width {
                return Err(TableError::OutOfBounds { what: "record column" });
            }
            Ok(s)
        };
        let validity_bytes = c.section("validity")?;
        let vb = validity_bytes.as_ref();
        let mut validity = Vec::new();
        for i in 0..vb.len() / 8 {
            let from = Date::from_yyyymmdd(u32_at(vb, i * 8));
            let to = Date::from_yyyymmdd(u32_at(vb, i * 8 + 4));
            match (from, to) {
                (Some(f), Some(t)) => validity.push((f, t)),
                _ => return Err(TableError::BadMeta { key: "validity", detail: "bad date".into() }),
            }
        }
        if validity.is_empty() || validity.len() > 8 {
            return Err(TableError::BadMeta { key: "validity", detail: "1 to 8 ranges".into() });
        }
        Ok(CodeSet {
            system,
            fiscal_year: meta.number("fiscal_year")?,
            effective: (meta.date("effective_from")?, meta.date("effective_to")?),
            len,
            flags: column("flags", 1)?,
            title_len: column("title_len", 2)?,
            short_len: column("short_len", 2)?,
            titles: c.section("titles")?,
            chapter: column("chapter", 1)?,
            block: column("block", 2)?,
            note_offsets: column("note_offsets", 4)?,
            defaults: column("defaults", 4)?,
            core_len: column("core_len", 1)?,
            codes,
            strings: c.section("strings")?,
            notes: c.section("notes")?,
            groups: c.section("groups")?,
            validity,
            words: crate::bytes::verified_map(c.section("words")?)?,
            postings: c.section("postings")?,
            answers: StoredAnswers::open(c)?,
            meta,
            instance: NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed),
            derived: OnceLock::new(),
        })
    }

    fn derived(&self) -> &Derived {
        self.derived.get_or_init(|| {
            let mut codes = vec![[0u8; 7]; self.len];
            let mut stream = self.codes.stream();
            while let Some((k, v)) = stream.next() {
                if let Some(slot) = codes.get_mut(v as usize) {
                    let n = k.len().min(7);
                    slot[..n].copy_from_slice(&k[..n]);
                }
            }
            let (tl, sl) = (self.title_len.as_ref(), self.short_len.as_ref());
            let mut title_offsets = Vec::with_capacity(self.len);
            let mut off = 0u32;
            for i in 0..self.len {
                title_offsets.push(off);
                let short = u16_at(sl, i * 2);
                let short = if short == RecordLayout::SAME_AS_LONG { 0 } else { u32::from(short) };
                off = off.saturating_add(u32::from(u16_at(tl, i * 2))).saturating_add(short);
            }
            Derived { codes, title_offsets }
        })
    }

    pub fn system(&self) -> System {
        self.system
    }
    pub fn fiscal_year(&self) -> u32 {
        self.fiscal_year
    }
    /// First and last discharge date this code set applies to.
    pub fn effective(&self) -> (Date, Date) {
        self.effective
    }
    pub fn meta(&self) -> &Meta {
        &self.meta
    }
    /// Number of records (billable codes and headers, whatever their validity dates).
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The FST of canonical codes → ordinals, for prefix and range queries.
    pub fn code_index(&self) -> &fst::Map<Slice<D>> {
        &self.codes
    }
    /// A number no other table opened in this process has (clones of this one share it): a
    /// key for what callers derive from a table and keep, which another table at the same
    /// address later must not find.
    pub fn instance(&self) -> u64 {
        self.instance
    }

    /// The search answers stored at compile time, if the table has them.
    pub fn stored_answers(&self) -> Option<&StoredAnswers<D>> {
        self.answers.as_ref()
    }

    /// Whether the same codes are valid on both dates (every validity range holds both or
    /// neither): what is ranked for one date then holds for the other.
    pub fn same_codes_valid(&self, a: Date, b: Date) -> bool {
        self.validity.iter().all(|&(from, to)| (from <= a && a <= to) == (from <= b && b <= to))
    }

    /// The FST of normalised words → posting offsets.
    pub fn word_index(&self) -> &fst::Map<Slice<D>> {
        &self.words
    }

    /// Looks a code up in any accepted form (`i50.23`, `I5023`).
    pub fn get(&self, code: &str) -> Option<Entry<'_, D>> {
        let canonical = canonical_code(code)?;
        let ordinal = self.codes.get(canonical.as_bytes())?;
        self.entry(ordinal as u32)
    }

    /// The entry at an ordinal (Tabular order).
    pub fn entry(&self, ordinal: u32) -> Option<Entry<'_, D>> {
        ((ordinal as usize) < self.len()).then_some(Entry { set: self, ordinal })
    }

    pub fn iter(&self) -> impl Iterator<Item = Entry<'_, D>> + '_ {
        (0..self.len() as u32).map(move |ordinal| Entry { set: self, ordinal })
    }

    /// Entries whose canonical code starts with `prefix` (already canonical), in code order.
    pub fn with_prefix(&self, prefix: &str) -> Vec<Entry<'_, D>> {
        let mut out = Vec::new();
        let mut stream = self.codes.range().ge(prefix.as_bytes()).into_stream();
        while let Some((k, v)) = stream.next() {
            if !k.starts_with(prefix.as_bytes()) {
                break;
            }
            if let Some(e) = self.entry(v as u32) {
                out.push(e);
            }
        }
        out
    }

    /// Billable and header counts of the codes valid on `date`.
    pub fn counts_on(&self, date: Date) -> Counts {
        let mut c = Counts::default();
        for e in self.iter().filter(|e| e.is_valid_on(date)) {
            if e.billable() {
                c.billable += 1;
            } else {
                c.headers += 1;
            }
        }
        c
    }

    /// The posting list of a normalised word: `(ordinal, field mask)` pairs.
    pub fn postings(&self, word: &str) -> Vec<(u32, u8)> {
        self.words.get(word.as_bytes()).map(|off| self.postings_at(off)).unwrap_or_default()
    }

    /// Decodes the posting list at an offset taken from the word index.
    pub fn postings_at(&self, offset: u64) -> Vec<(u32, u8)> {
        let mut out = Vec::with_capacity(self.posting_len(offset).min(1 << 20) as usize);
        self.for_each_posting(offset, |o, m| out.push((o, m)));
        out
    }

    /// The length of the posting list at an offset, without decoding it.
    pub fn posting_len(&self, offset: u64) -> u64 {
        varint_at(self.postings.as_ref(), offset as usize).map_or(0, |(n, _)| n)
    }

    /// Calls `f(ordinal, field mask)` for each posting at an offset, in ordinal order.
    pub fn for_each_posting(&self, offset: u64, f: impl FnMut(u32, u8)) {
        self.for_each_posting_up_to(offset, u64::MAX, f);
    }

    /// Like [`for_each_posting`](Self::for_each_posting), for the first `max` postings only.
    pub fn for_each_posting_up_to(&self, offset: u64, max: u64, mut f: impl FnMut(u32, u8)) {
        let b = self.postings.as_ref();
        let Some((count, mut pos)) = varint_at(b, offset as usize) else { return };
        let mut ordinal = 0u64;
        for _ in 0..count.min(max) {
            let Some((delta, next)) = varint_at(b, pos) else { break };
            ordinal += delta;
            f(ordinal as u32, u8_at(b, next));
            pos = next + 1;
        }
    }

    /// A chapter or block by index.
    pub fn group(&self, index: u16) -> Option<Group<'_, D>> {
        let off = index as usize * RecordLayout::GROUP_SIZE;
        (index != NONE_U16 && off + RecordLayout::GROUP_SIZE <= self.groups.as_ref().len())
            .then_some(Group { set: self, index })
    }

    /// All chapters and blocks, chapters first.
    pub fn groups(&self) -> impl Iterator<Item = Group<'_, D>> + '_ {
        let n = self.groups.as_ref().len() / RecordLayout::GROUP_SIZE;
        (0..n as u16).map(move |index| Group { set: self, index })
    }

    fn notes_at(&self, offset: u32) -> Vec<NoteRef<'_>> {
        if offset == NONE_U32 {
            return Vec::new();
        }
        let b = self.notes.as_ref();
        let pool = self.strings.as_ref();
        let off = offset as usize;
        let count = u16_at(b, off) as usize;
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let e = off + 2 + i * 8;
            let Some(entry) = b.get(e..e + 8) else { break };
            if let Some(kind) = NoteKind::from_u8(entry[0]) {
                out.push(NoteRef { kind, aux: entry[1], text: str_ref(pool, entry, 2) });
            }
        }
        out
    }
}

/// Counts of valid codes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub billable: u32,
    pub headers: u32,
}

/// One Tabular note as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoteRef<'a> {
    pub kind: NoteKind,
    /// The 7th character for `SeventhCharacter*` notes, else 0.
    pub aux: u8,
    pub text: &'a str,
}

/// A code of a [`CodeSet`].
pub struct Entry<'a, D> {
    set: &'a CodeSet<D>,
    ordinal: u32,
}

// Manual impls: an entry is a reference and an index, copyable whatever `D` is.
impl<D> Clone for Entry<'_, D> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<D> Copy for Entry<'_, D> {}

impl<'a, D: AsRef<[u8]> + Clone> Entry<'a, D> {
    fn at(&self) -> usize {
        self.ordinal as usize
    }
    pub fn ordinal(&self) -> u32 {
        self.ordinal
    }
    /// Canonical code (upper case, no dot).
    pub fn code(&self) -> &'a str {
        let raw = &self.set.derived().codes[self.at()];
        let len = raw.iter().position(|&c| c == 0).unwrap_or(7);
        std::str::from_utf8(&raw[..len]).unwrap_or("")
    }
    /// The code as shown to people (ICD-10-CM dotted).
    pub fn display_code(&self) -> String {
        self.set.system.display(self.code())
    }
    fn raw_flags(&self) -> u8 {
        u8_at(self.set.flags.as_ref(), self.at())
    }
    pub fn flags(&self) -> u8 {
        self.raw_flags() & flags::MASK
    }
    pub fn billable(&self) -> bool {
        self.flags() & flags::BILLABLE != 0
    }
    fn title_text(&self, short: bool) -> &'a str {
        std::str::from_utf8(self.title_bytes_of(short)).unwrap_or("")
    }
    fn title_bytes_of(&self, short: bool) -> &'a [u8] {
        let start = self.set.derived().title_offsets[self.at()] as usize;
        let long = u16_at(self.set.title_len.as_ref(), self.at() * 2) as usize;
        let short_len = u16_at(self.set.short_len.as_ref(), self.at() * 2);
        let (from, len) = match (short, short_len) {
            (true, RecordLayout::SAME_AS_LONG) | (false, _) => (start, long),
            (true, n) => (start + long, n as usize),
        };
        self.set.titles.as_ref().get(from..from + len).unwrap_or(&[])
    }
    /// The long title's bytes, not checked as UTF-8 (for scans that read words byte by byte
    /// thousands of times a keystroke); empty when unavailable.
    pub fn title_bytes(&self) -> &'a [u8] {
        if self.flags() & flags::TITLE_UNAVAILABLE != 0 {
            return &[];
        }
        self.title_bytes_of(false)
    }
    /// The abbreviated title's bytes, as [`Entry::title_bytes`].
    pub fn short_title_bytes(&self) -> &'a [u8] {
        if self.flags() & flags::TITLE_UNAVAILABLE != 0 {
            return &[];
        }
        self.title_bytes_of(true)
    }
    /// For a header, the billable code a coder takes when nothing more is known (the
    /// unspecified, uncomplicated, initial-encounter form, found down to a complete code at
    /// compile time); `None` for a billable code.
    pub fn default_code(&self) -> Option<Entry<'a, D>> {
        let d = u32_at(self.set.defaults.as_ref(), self.at() * 4);
        (d != NONE_U32).then(|| self.set.entry(d)).flatten()
    }
    /// How many words the title has besides nonessential modifiers, stop words and what only
    /// says "unspecified" (computed at compile time).
    pub fn core_len(&self) -> usize {
        usize::from(u8_at(self.set.core_len.as_ref(), self.at()))
    }
    /// Length in bytes of the long title (0 when unavailable), without reading it.
    pub fn title_len(&self) -> usize {
        if self.flags() & flags::TITLE_UNAVAILABLE != 0 {
            return 0;
        }
        u16_at(self.set.title_len.as_ref(), self.at() * 2) as usize
    }
    /// The long (full) title; `None` where the kit has no official title.
    pub fn title(&self) -> Option<&'a str> {
        (self.flags() & flags::TITLE_UNAVAILABLE == 0).then(|| self.title_text(false))
    }
    /// The abbreviated (60-character) title, where the source has one.
    pub fn short_title(&self) -> Option<&'a str> {
        let s = self.title_text(true);
        (self.flags() & flags::TITLE_UNAVAILABLE == 0 && !s.is_empty()).then_some(s)
    }
    /// The nearest code that is a proper prefix of this one (category, subcategory, PCS table).
    pub fn parent(&self) -> Option<Entry<'a, D>> {
        let code = self.code();
        (1..code.len()).rev().find_map(|n| {
            let ordinal = self.set.codes.get(&code.as_bytes()[..n])?;
            self.set.entry(ordinal as u32)
        })
    }
    /// Ancestors from the category (or PCS table) down to the direct parent.
    pub fn ancestors(&self) -> Vec<Entry<'a, D>> {
        let mut out = Vec::new();
        let mut cur = self.parent();
        while let Some(p) = cur {
            cur = p.parent();
            out.push(p);
        }
        out.reverse();
        out
    }
    pub fn chapter(&self) -> Option<Group<'a, D>> {
        match u8_at(self.set.chapter.as_ref(), self.at()) {
            0xff => None,
            c => self.set.group(u16::from(c)),
        }
    }
    pub fn block(&self) -> Option<Group<'a, D>> {
        self.set.group(u16_at(self.set.block.as_ref(), self.at() * 2))
    }
    /// Notes stated at this code itself (not inherited).
    pub fn own_notes(&self) -> Vec<NoteRef<'a>> {
        self.set.notes_at(u32_at(self.set.note_offsets.as_ref(), self.at() * 4))
    }
    /// First and last date this code is valid within the code set's fiscal year.
    pub fn validity(&self) -> (Date, Date) {
        let idx = (self.raw_flags() >> 5) as usize;
        self.set.validity.get(idx).copied().unwrap_or(self.set.effective)
    }
    pub fn is_valid_on(&self, date: Date) -> bool {
        let (from, to) = self.validity();
        from <= date && date <= to
    }
}

impl<D> std::fmt::Debug for Entry<'_, D>
where
    D: AsRef<[u8]> + Clone,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Entry({})", self.code())
    }
}

/// A chapter or a block (section) of the Tabular.
pub struct Group<'a, D> {
    set: &'a CodeSet<D>,
    index: u16,
}

impl<D> Clone for Group<'_, D> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<D> Copy for Group<'_, D> {}

impl<'a, D: AsRef<[u8]> + Clone> Group<'a, D> {
    fn rec(&self) -> &'a [u8] {
        let off = self.index as usize * RecordLayout::GROUP_SIZE;
        &self.set.groups.as_ref()[off..off + RecordLayout::GROUP_SIZE]
    }
    fn text(&self, at: usize) -> &'a str {
        str_ref(self.set.strings.as_ref(), self.rec(), at)
    }
    pub fn index(&self) -> u16 {
        self.index
    }
    /// Chapter number ("9") or block id ("I30-I5A").
    pub fn name(&self) -> &'a str {
        self.text(0)
    }
    pub fn title(&self) -> &'a str {
        self.text(6)
    }
    /// First and last category of the range.
    pub fn range(&self) -> (&'a str, &'a str) {
        (self.text(12), self.text(18))
    }
    /// The chapter a block belongs to; `None` for a chapter.
    pub fn chapter(&self) -> Option<Group<'a, D>> {
        self.set.group(u16_at(self.rec(), 24))
    }
    pub fn is_chapter(&self) -> bool {
        u16_at(self.rec(), 24) == NONE_U16
    }
    pub fn notes(&self) -> Vec<NoteRef<'a>> {
        self.set.notes_at(u32_at(self.rec(), 26))
    }
}

impl<D> std::fmt::Debug for CodeSet<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CodeSet({} FY{}, {} codes)", self.system, self.fiscal_year, self.len)
    }
}
