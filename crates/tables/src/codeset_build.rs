//! Writing a [`CodeSet`](crate::CodeSet) table from parsed source data (native, at compile time).

use std::collections::{BTreeMap, HashMap};

use crate::bytes::ByteWriter;
use crate::code::System;
use crate::codeset::{fields, flags, NoteKind, RecordLayout, NONE_U16, NONE_U32};
use crate::container::ContainerWriter;
use crate::date::Date;
use crate::meta::Meta;
use crate::strings::StringPoolWriter;
use crate::text::{core_words, words};

/// A note to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteInput {
    pub kind: NoteKind,
    pub aux: u8,
    pub text: String,
}

/// A code to store; entries are written in the order given (Tabular order).
#[derive(Clone, Debug)]
pub struct EntryInput {
    pub code: String,
    pub billable: bool,
    /// `None` where no official title exists: stored as "title unavailable", never invented.
    pub title: Option<String>,
    pub short_title: Option<String>,
    /// Extra [`flags`] (`OWN_NOTES_UNAVAILABLE`, `ADDED`, `TITLE_REVISED`).
    pub extra_flags: u8,
    pub chapter: Option<u16>,
    pub block: Option<u16>,
    pub validity: (Date, Date),
    pub notes: Vec<NoteInput>,
}

/// A chapter (`chapter == None`) or block to store; its index is its position.
#[derive(Clone, Debug)]
pub struct GroupInput {
    pub name: String,
    pub title: String,
    pub first: String,
    pub last: String,
    pub chapter: Option<u16>,
    pub notes: Vec<NoteInput>,
}

/// Everything a code-set table holds.
pub struct CodeSetBuilder {
    pub system: System,
    pub fiscal_year: u32,
    pub meta: Meta,
    pub entries: Vec<EntryInput>,
    pub groups: Vec<GroupInput>,
    /// Additional sections (e.g. the ICD-10-PCS axis tables), written after the standard ones.
    pub extra_sections: Vec<(String, Vec<u8>)>,
}

impl CodeSetBuilder {
    pub fn new(system: System, fiscal_year: u32) -> Self {
        let (from, to) = Date::fiscal_year_bounds(fiscal_year);
        let mut meta = Meta::new();
        meta.set("kind", system.as_str())
            .set("fiscal_year", fiscal_year.to_string())
            .set("effective_from", from.to_string())
            .set("effective_to", to.to_string());
        CodeSetBuilder {
            system,
            fiscal_year,
            meta,
            entries: Vec::new(),
            groups: Vec::new(),
            extra_sections: Vec::new(),
        }
    }

    /// Serialises the table. Panics on inputs that break the format's limits (a compiler bug).
    pub fn build(&self) -> Vec<u8> {
        let effective = Date::fiscal_year_bounds(self.fiscal_year);
        let mut strings = StringPoolWriter::new();
        let mut notes = ByteWriter::new();

        let mut validity = vec![effective];
        let mut extra: Vec<(Date, Date)> =
            self.entries.iter().map(|e| e.validity).filter(|v| *v != effective).collect();
        extra.sort();
        extra.dedup();
        validity.extend(extra);
        assert!(validity.len() <= 8, "more than 8 validity ranges");

        let ordinals: HashMap<&str, u32> =
            self.entries.iter().enumerate().map(|(i, e)| (e.code.as_str(), i as u32)).collect();
        assert_eq!(ordinals.len(), self.entries.len(), "duplicate codes");

        let n = self.entries.len();
        let (mut flag_col, mut title_len, mut short_len, mut titles) =
            (ByteWriter::new(), ByteWriter::new(), ByteWriter::new(), ByteWriter::new());
        let (mut chapter_col, mut block_col, mut notes_col) = (ByteWriter::new(), ByteWriter::new(), ByteWriter::new());
        let mut index: BTreeMap<String, BTreeMap<u32, u8>> = BTreeMap::new();
        for (ordinal, e) in self.entries.iter().enumerate() {
            assert!(
                !e.code.is_empty() && e.code.len() <= 7 && e.code.bytes().all(|b| b.is_ascii_alphanumeric()),
                "bad code {}",
                e.code
            );
            let mut f = e.extra_flags & !flags::BILLABLE & !flags::TITLE_UNAVAILABLE;
            if e.billable {
                f |= flags::BILLABLE;
            }
            if e.title.is_none() {
                f |= flags::TITLE_UNAVAILABLE;
            }
            let v = validity.iter().position(|v| *v == e.validity).unwrap() as u8;
            flag_col.u8(f | (v << 5));
            let long = e.title.as_deref().unwrap_or("");
            let short = e.short_title.as_deref().unwrap_or("");
            title_len.u16(u16::try_from(long.len()).expect("title over 65,534 bytes"));
            titles.bytes(long.as_bytes());
            if short == long {
                short_len.u16(RecordLayout::SAME_AS_LONG);
            } else {
                short_len
                    .u16(u16::try_from(short.len()).ok().filter(|&l| l != u16::MAX).expect("short title too long"));
                titles.bytes(short.as_bytes());
            }
            chapter_col.u8(e.chapter.map(|c| u8::try_from(c).expect("over 254 chapters")).unwrap_or(0xff));
            block_col.u16(e.block.unwrap_or(NONE_U16));
            notes_col.u32(write_notes(&mut notes, &mut strings, &e.notes));

            let ordinal = ordinal as u32;
            let mut add = |text: &str, field: u8| {
                for w in words(text) {
                    *index.entry(w).or_default().entry(ordinal).or_default() |= field;
                }
            };
            if let Some(t) = &e.title {
                add(t, fields::LONG_TITLE);
            }
            if let Some(t) = &e.short_title {
                add(t, fields::SHORT_TITLE);
            }
            for n in &e.notes {
                match n.kind {
                    NoteKind::InclusionTerm => add(&n.text, fields::INCLUSION_TERM),
                    NoteKind::Includes => add(&n.text, fields::INCLUDES),
                    _ => {}
                }
            }
        }
        debug_assert_eq!(flag_col.len(), n);

        let mut groups = ByteWriter::new();
        for g in &self.groups {
            for s in [&g.name, &g.title, &g.first, &g.last] {
                strings.write_ref(&mut groups, s);
            }
            groups.u16(g.chapter.unwrap_or(NONE_U16));
            groups.u32(write_notes(&mut notes, &mut strings, &g.notes));
            groups.u16(0);
        }

        let mut sorted: Vec<(&str, u32)> = ordinals.into_iter().collect();
        sorted.sort();
        let codes = fst::Map::from_iter(sorted.into_iter().map(|(c, o)| (c, u64::from(o))))
            .expect("sorted unique codes")
            .into_fst()
            .into_inner();

        let mut postings = ByteWriter::new();
        let mut word_offsets = Vec::with_capacity(index.len());
        for (word, list) in &index {
            word_offsets.push((word.as_str(), postings.len() as u64));
            postings.varint(list.len() as u64);
            let mut prev = 0u32;
            for (&ordinal, &mask) in list {
                postings.varint(u64::from(ordinal - prev)).u8(mask);
                prev = ordinal;
            }
        }
        let words_fst = fst::Map::from_iter(word_offsets).expect("sorted words").into_fst().into_inner();

        // What each title adds to a query that names it, counted once here for search's brevity.
        let mut core_len_col = ByteWriter::new();
        for e in &self.entries {
            let n = core_words(e.title.as_deref().unwrap_or("")).len();
            core_len_col.u8(u8::try_from(n).unwrap_or(u8::MAX));
        }
        let mut defaults_col = ByteWriter::new();
        for d in default_codes(&self.entries, effective) {
            defaults_col.u32(d);
        }

        let mut validity_bytes = ByteWriter::new();
        for (from, to) in &validity {
            validity_bytes.u32(from.yyyymmdd()).u32(to.yyyymmdd());
        }

        let mut w = ContainerWriter::new();
        w.section("meta", self.meta.to_bytes())
            .section("codes", codes)
            .section("flags", flag_col.into_inner())
            .section("title_len", title_len.into_inner())
            .section("short_len", short_len.into_inner())
            .section("titles", titles.into_inner())
            .section("chapter", chapter_col.into_inner())
            .section("block", block_col.into_inner())
            .section("note_offsets", notes_col.into_inner())
            .section("defaults", defaults_col.into_inner())
            .section("core_len", core_len_col.into_inner())
            .section("strings", strings.into_bytes())
            .section("notes", notes.into_inner())
            .section("groups", groups.into_inner())
            .section("validity", validity_bytes.into_inner())
            .section("words", words_fst)
            .section("postings", postings.into_inner());
        for (name, bytes) in &self.extra_sections {
            w.section(name, bytes.clone());
        }
        w.finish()
    }
}

/// For each entry, the billable code a coder takes when only the entry's words are known:
/// the entry itself when billable; for a header, its default child, chosen down to a complete
/// code (`NONE_U32` where no billable descendant exists). Computed here, once, so a search
/// reads one column instead of walking a category's children per keystroke.
fn default_codes(entries: &[EntryInput], effective: (Date, Date)) -> Vec<u32> {
    let ordinal: HashMap<&str, usize> = entries.iter().enumerate().map(|(i, e)| (e.code.as_str(), i)).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    for (i, e) in entries.iter().enumerate() {
        // The parent is the longest shorter code that exists (W06 is W06XXXA's parent).
        if let Some(p) = (1..e.code.len()).rev().find_map(|n| ordinal.get(&e.code[..n])) {
            children[*p].push(i);
        }
    }
    let mut out = vec![NONE_U32; entries.len()];
    // Children come after their parent in Tabular order: resolve from the end.
    for i in (0..entries.len()).rev() {
        if entries[i].billable {
            out[i] = i as u32;
            continue;
        }
        let full_year: Vec<usize> = children[i].iter().copied().filter(|&c| entries[c].validity == effective).collect();
        let pool = if full_year.is_empty() { &children[i] } else { &full_year };
        let parent_words = words(entries[i].title.as_deref().unwrap_or(""));
        // The parent's head words: "Other sepsis" is about sepsis (A41.9 Sepsis, unspecified…).
        let parent_head: Vec<&String> =
            parent_words.iter().filter(|w| !matches!(w.as_str(), "other" | "specified" | "unspecified")).collect();
        let best = pool.iter().copied().filter(|&c| out[c] != NONE_U32).max_by_key(|&c| {
            let title = entries[c].title.as_deref().unwrap_or("");
            // Among equals, the child that repeats the parent's words and adds the fewest is
            // its plain form (I50 Heart failure → I50.9 Heart failure, unspecified, not I50.1
            // Left ventricular failure…; J18 → J18.9, not J18.1 Lobar pneumonia…).
            let child_words = words(title);
            let same = parent_head.iter().all(|w| child_words.contains(w));
            let added: Vec<&String> = child_words.iter().filter(|w| !parent_words.contains(w)).collect();
            // "Other <the parent>" is the residual default where no unspecified child exists
            // (D61.81 Pancytopenia → D61.818 Other pancytopenia).
            let residual = same && added.len() == 1 && added[0] == "other";
            // A child that is the parent itself, unspecified ("Pneumonia, unspecified organism"
            // under J18) is the default before any residual "Other …".
            let itself = same && added.is_empty();
            // The Tabular names the default itself when a child's inclusion term is the
            // parent's concept "NOS" (S06.0XA … status unknown: "Concussion NOS"; O72.1
            // "Postpartum hemorrhage (atonic) NOS": modifiers aside), not a further concept
            // NOS ("Nephrotic syndrome with proliferative glomerulonephritis NOS" under N04.8
            // … other morphologic changes).
            let nos = entries[c].notes.iter().any(|n| {
                let term = words(&n.text);
                n.kind == NoteKind::InclusionTerm
                    && term.iter().any(|w| w == "nos")
                    && parent_head.iter().all(|w| term.contains(w))
                    && core_words(&n.text).iter().all(|w| parent_words.contains(w))
            });
            let preference = default_preference(title, same)
                + if nos { 40 } else { 0 }
                + if same { 5 } else { 0 }
                + if residual { 20 } else { 0 }
                + if itself { 30 } else { 0 };
            (preference, std::cmp::Reverse(added.len()), std::cmp::Reverse(c))
        });
        if let Some(c) = best {
            out[i] = out[c];
        }
    }
    for (i, e) in entries.iter().enumerate() {
        if e.billable {
            out[i] = NONE_U32;
        }
    }
    out
}

/// How strongly a child's title says "the one to take when nothing more is known": the
/// Index's defaults are the unspecified, uncomplicated, initial-encounter and closed forms.
/// `same`: the child repeats its parent's head words; an "unspecified" child that does not
/// is another concept left unspecified (G20 Parkinson's disease → not G20.C Parkinsonism,
/// unspecified).
fn default_preference(title: &str, same: bool) -> i32 {
    let t = title.to_ascii_lowercase();
    let words: Vec<&str> = t.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has = |w: &str| words.contains(&w);
    let mut score = 0;
    // "Unspecified" says the child is the plain form only when it qualifies the head concept
    // ("Unspecified atrial fibrillation", "Other and unspecified asthma", "Heart failure,
    // unspecified"), not a detail ("Atherosclerosis of unspecified type of bypass graft").
    let head_unspecified = t.starts_with("unspecified")
        || t.starts_with("other and unspecified")
        || (t.contains(", unspecified") && !t.contains(", unspecified as to"))
        || has("nos");
    if head_unspecified && same {
        score += 20;
    } else if has("unspecified") {
        score += 5;
    }
    // The side is unspecified unless documented (its own child where the Tabular has one).
    if has("right") || has("left") || has("bilateral") {
        score -= 5;
    }
    if t.contains("uncomplicated") || t.contains("without complication") {
        score += 15;
    }
    // "Not specified as recurrent" is what a record that does not say so gets.
    if t.contains("not specified as") {
        score += 10;
    }
    if t.contains("not intractable") {
        score += 10;
    }
    if has("without") {
        score += 8;
    }
    if has("with") {
        score -= 8;
    }
    // A neoplasm has not achieved remission unless the record says so.
    if t.contains("not having achieved remission") {
        score += 10;
    } else if t.contains("in remission") || t.contains("in relapse") {
        score -= 10;
    }
    // A poisoning's intent is accidental unless documented otherwise (OCG I.C.19.e.5.b).
    if has("accidental") {
        score += 10;
    }
    if has("assault") || has("undetermined") || t.contains("self-harm") {
        score -= 10;
    }
    if t.contains("initial encounter") {
        score += 30;
    }
    if t.contains("open fracture") {
        score -= 15;
    }
    if has("subsequent") || has("sequela") {
        score -= 30;
    }
    if has("nondisplaced") {
        score -= 5;
    }
    if words.first() == Some(&"other") && !t.starts_with("other and unspecified") {
        score -= 10;
    }
    score
}

fn write_notes(out: &mut ByteWriter, strings: &mut StringPoolWriter, notes: &[NoteInput]) -> u32 {
    if notes.is_empty() {
        return NONE_U32;
    }
    let at = u32::try_from(out.len()).expect("notes section over 4 GiB");
    out.u16(u16::try_from(notes.len()).expect("too many notes on one node"));
    for n in notes {
        out.u8(n.kind as u8).u8(n.aux);
        strings.write_ref(out, &n.text);
    }
    at
}
