//! Search: codes (exact, prefix, 7th character with X placeholders) and words (titles,
//! inclusion terms, includes notes; prefix, stem and typo matches; synonyms), ranked the way a
//! coder reads a list.
//!
//! Ranking, first by tier, then by score, then billable before header, then Tabular order:
//! 0. the exact code (or the code completed with X placeholders);
//! 1. codes that start with the typed code;
//! 2. the words are the whole title or a whole inclusion term, once the nonessential
//!    modifiers in parentheses are set aside ("Essential (primary) hypertension");
//! 3. the words as a phrase in the title;
//! 4. every word in the title;
//! 5. every word, some only in inclusion terms or includes notes;
//! 6. all but one word (when nothing matches every word).
//!
//! When the typed text is a known abbreviation or lay term, its expansions lead: the text as
//! typed and any code it happens to prefix ("DM2…" in ICD-10-PCS for `dm2`) rank one tier lower.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use codeglass_tables::{
    core_words, core_words_with_negations, fields, words, Catalog, CodeSet, Date, Entry, NoteKind, StoredHit, System,
};
use fst::{IntoStreamer, Streamer};
use serde::Serialize;

use crate::answers::stored_answer;
use crate::combinations::guideline_defaults;
use crate::error::LookupError;
use crate::numbers::in_a_range;
use crate::procedure::{build_codes, usual_approaches};
use crate::query::{parse, MAX_WORDS};
use crate::title::{
    complication_of_care, diabetes_of_a_stated_kind, external_cause, is_phrase, is_whole, perinatal_chapter,
    pregnancy_chapter, said_without, unasked_complications, TitleWords, CM_CONTEXT_WORDS, CONTEXT_WORDS,
    DIABETES_KIND_WORDS, INJURY_STRUCTURE_WORDS, INJURY_WORDS, NEWBORN_WORDS, PREGNANCY_WORDS, WENT_WRONG_WORDS,
};
use crate::token::{best_word, number, respelled, TokenMatches};

/// Ordinals are small integers: a multiplicative hash is enough and much cheaper than SipHash
/// on this hot path.
#[derive(Default, Clone, Copy)]
pub(crate) struct OrdinalHasher(u64);

impl std::hash::Hasher for OrdinalHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub(crate) type FastHash = std::hash::BuildHasherDefault<OrdinalHasher>;
pub(crate) type OrdinalMap<V> = HashMap<u32, V, FastHash>;
pub(crate) type WordSet = HashSet<String, FastHash>;

/// What to search and how many results to return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// `None`: both ICD-10-CM and ICD-10-PCS.
    pub system: Option<System>,
    pub limit: usize,
    pub billable_only: bool,
    /// An ICD-10-CM chapter number ("9"); codes of other chapters (and PCS) are left out.
    pub chapter: Option<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { system: None, limit: 20, billable_only: false, chapter: None }
    }
}

/// The most results one call returns, whatever the caller asks.
pub const MAX_LIMIT: usize = 500;

/// One search result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// As shown: ICD-10-CM dotted.
    pub code: String,
    pub system: &'static str,
    /// The official long title; `null` where the kit has none.
    pub display: Option<String>,
    pub billable: bool,
    /// The code set's fiscal year ("2027").
    pub version: String,
    /// Why it ranked where it did: `code`, `code_prefix`, `phrase`, `title`, `text`, `partial`.
    #[serde(rename = "match")]
    pub match_kind: &'static str,
}

const TIER_NAMES: [&str; 7] = ["code", "code_prefix", "exact_title", "phrase", "title", "text", "partial"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rank {
    pub(crate) tier: u8,
    pub(crate) score: i32,
}

impl Rank {
    fn better(self, other: Rank) -> bool {
        (self.tier, -self.score) < (other.tier, -other.score)
    }
}

/// Searches the code sets valid on `date`.
// One copy in the wasm: the widget, the JS API and the warm-up each inlined the whole search
// (about 100 KB of engine apiece).
#[inline(never)]
pub fn search<D: AsRef<[u8]> + Clone>(
    catalog: &Catalog<D>,
    text: &str,
    date: Date,
    opts: &SearchOptions,
) -> Result<Vec<Hit>, LookupError> {
    let Some(ranking) = rank(catalog, text, date, opts, Stored::Use)? else { return Ok(Vec::new()) };
    let limit = opts.limit.min(MAX_LIMIT);
    Ok(ranking
        .ranked
        .into_iter()
        .take(limit)
        .filter_map(|(rank, _, si, ordinal)| {
            let set = ranking.sets[si];
            let e = set.entry(ordinal)?;
            Some(Hit {
                code: e.display_code(),
                system: set.system().as_str(),
                display: e.title().map(str::to_string),
                billable: e.billable(),
                version: set.fiscal_year().to_string(),
                match_kind: TIER_NAMES[rank.tier as usize],
            })
        })
        .collect())
}

/// Whether a search reads the answers stored at table compile time (never while they are
/// being ranked).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stored {
    Use,
    Ignore,
}

/// A search's codes in their final order, before the limit cuts the list.
pub(crate) struct Ranking<'c, D> {
    pub(crate) sets: Vec<&'c CodeSet<D>>,
    /// (rank, billable, set index, ordinal), best first.
    pub(crate) ranked: Vec<(Rank, bool, usize, u32)>,
    /// Codes found per set before the partial pass (which runs when they are few).
    pub(crate) found_before_partial: Vec<usize>,
}

/// Ranks the codes of the code sets valid on `date` (`None`: nothing to search).
pub(crate) fn rank<'c, D: AsRef<[u8]> + Clone>(
    catalog: &'c Catalog<D>,
    text: &str,
    date: Date,
    opts: &SearchOptions,
    stored: Stored,
) -> Result<Option<Ranking<'c, D>>, LookupError> {
    let systems: Vec<System> = match opts.system {
        Some(s) => vec![s],
        None => vec![System::Icd10Cm, System::Icd10Pcs],
    };
    let mut sets = Vec::new();
    for s in &systems {
        match catalog.code_set(*s, date) {
            Ok(set) => sets.push(set),
            // Searching "everything" tolerates a system that is not loaded (yet).
            Err(e) if opts.system.is_none() && e.code() == "TABLE_NOT_LOADED" => {}
            Err(e) => return Err(e.into()),
        }
    }
    if sets.is_empty() {
        // Neither system is loaded: report it the way a single-system search would.
        return match catalog.code_set(System::Icd10Cm, date) {
            Err(e) => Err(e.into()),
            Ok(_) => Ok(None),
        };
    }
    let limit = opts.limit.min(MAX_LIMIT);
    let mut query = parse(text);
    join_compounds(&mut query, &sets);
    respell(&mut query, &sets);
    spell_out_initials(&mut query, &sets);
    if limit == 0 || (query.code.is_none() && query.variants.is_empty()) {
        return Ok(None);
    }
    let mut ranked: Vec<(Rank, bool, usize, u32)> = Vec::new();
    let mut per_set: Vec<OrdinalMap<Rank>> = Vec::with_capacity(sets.len());
    // Per set, the codes only the guideline defaults gave.
    let mut guided: Vec<Vec<u32>> = vec![Vec::new(); sets.len()];
    // Variants (per set) searched; the partial pass revisits them when results are few.
    let mut searched: Vec<(usize, usize)> = Vec::new();
    let expanded = query.variants.len() > 1;
    // The text as typed yields a tier to its expansions unless the vocabulary lists it too.
    let typed_yields = expanded && query.typed_expansion.is_none();
    let filtered = opts.billable_only || opts.chapter.is_some();
    let keep = |set: &CodeSet<D>, ordinal: u32| -> bool {
        let Some(e) = set.entry(ordinal) else { return false };
        e.is_valid_on(date)
            && (!opts.billable_only || e.billable())
            && opts.chapter.as_ref().is_none_or(|c| e.chapter().is_some_and(|ch| ch.name() == c.as_str()))
    };
    // Candidates are filtered as they are found only when a filter could empty the list;
    // otherwise once, on the final few.
    let gather = |set: &CodeSet<D>, ordinal: u32| -> bool { !filtered || keep(set, ordinal) };
    // A variant's place among the expansions, listed most likely first: a later one yields
    // among equals; the text as typed, when the vocabulary lists it, takes its own place.
    let place = |vi: usize| match query.typed_expansion {
        None => vi.saturating_sub(usize::from(typed_yields)),
        Some(k) if vi == 0 => k,
        Some(k) => vi - usize::from(vi - 1 < k),
    };
    let cost = |vi: usize| VariantCost {
        tier: u8::from(vi == 0 && typed_yields),
        score: 25 * i32::try_from(place(vi)).unwrap_or(8).min(8),
        later: vi >= 2,
    };
    let words: Vec<SetWords<D>> = sets.iter().map(|s| SetWords::new(s, filtered)).collect();
    // A set that stores this query's answer (a short prefix) is not searched. Its answer had
    // enough codes before the partial pass, so no pass below runs differently for it.
    let answers: Vec<Option<Vec<StoredHit>>> = sets
        .iter()
        .map(|set| (stored == Stored::Use && !filtered).then(|| stored_answer(set, &query, date, limit)).flatten())
        .collect();
    let answered = answers.iter().any(Option::is_some);
    for (si, set) in sets.iter().enumerate() {
        let mut found: OrdinalMap<Rank> = OrdinalMap::default();
        if answers[si].is_some() {
            per_set.push(found);
            continue;
        }
        if let Some(code) = &query.code {
            code_matches(set, code, expanded, &mut found);
            if found.is_empty() {
                replacements(catalog, &words[si], code, &mut found);
                near_codes(set, code, &mut found);
            }
        }
        if found.is_empty() || expanded {
            for (vi, variant) in query.variants.iter().enumerate() {
                word_matches(&words[si], variant, limit, cost(vi), false, &|o| gather(set, o), &mut found);
                searched.push((si, vi));
            }
        }
        // ICD-10-PCS codes built axis by axis from the words lead the title matches.
        if set.system() == System::Icd10Pcs {
            if let Ok(axes) = catalog.pcs_axes(date) {
                let built = build_codes(set, axes, &query.variants, &|o| keep(set, o));
                for (i, b) in built.iter().enumerate() {
                    if let Some(e) = set.get(&b.code) {
                        // A code that leaves words unread ranks behind titles with every word.
                        let tier = if b.complete { 2 } else { 5 };
                        insert(&mut found, e.ordinal(), Rank { tier, score: BUILT_SCORE - 20 * i as i32 });
                    }
                }
            }
        }
        // What the Guidelines assign for the combination the query names comes first.
        if set.system() == System::Icd10Cm {
            for code in guideline_defaults(&query.variants) {
                if let Some(e) = set.get(code) {
                    if !found.contains_key(&e.ordinal()) {
                        guided[si].push(e.ordinal());
                    }
                    insert(&mut found, e.ordinal(), Rank { tier: 2, score: 2000 });
                }
            }
        }
        per_set.push(found);
    }
    let found_before_partial: Vec<usize> = per_set.iter().map(OrdinalMap::len).collect();
    // Codes missing one word fill the list when full matches are few.
    if !answered && found_before_partial.iter().sum::<usize>() < limit.min(PARTIAL_BELOW) {
        // A term of the query alone ranks among the partial matches.
        for (si, set) in sets.iter().enumerate().filter(|(_, s)| s.system() == System::Icd10Cm) {
            for v in &query.term_readings {
                let cost = VariantCost { tier: 6, score: TERM_READING_COST, later: true };
                word_matches(&words[si], v, limit, cost, false, &|o| gather(set, o), &mut per_set[si]);
            }
        }
        for (si, vi) in searched {
            let set = sets[si];
            let v = &query.variants[vi];
            word_matches(&words[si], v, limit, cost(vi), true, &|o| gather(set, o), &mut per_set[si]);
        }
    }
    // A query with a codeable word never comes back empty: the words that match anything
    // are searched with ever more of them left out (ranked as partial matches).
    // (A guideline default alone is no match of the words: "hypertensive heart disease w/
    // acute on chronic systolic hf" still gets the codes of its words.)
    if !answered && per_set.iter().zip(&guided).all(|(f, g)| f.keys().all(|o| g.contains(o))) {
        for (si, set) in sets.iter().enumerate() {
            last_resort(&words[si], &query.variants, limit, &|o| gather(set, o), &mut per_set[si]);
        }
    }
    // The numbers a query in words states (a typed code's digits are not).
    let numbers: Vec<f64> = match query.code {
        Some(_) => Vec::new(),
        None => query.variants.first().into_iter().flatten().filter_map(|w| number(w)).collect(),
    };
    // The sides a reading of the query states.
    let sides: Vec<&str> = SIDE_WORDS.into_iter().filter(|s| query.variants.iter().flatten().any(|w| w == s)).collect();
    for (si, found) in per_set.iter_mut().enumerate() {
        if query.through_a_scope && sets[si].system() == System::Icd10Pcs {
            behind_the_procedure(sets[si], found);
        }
        promote_defaults(sets[si], found, &numbers, &sides);
    }
    for (si, found) in per_set.into_iter().enumerate() {
        let set = sets[si];
        // A stored score is the score over ten, all the order below compares.
        let stored = answers[si].iter().flatten().map(|h| (h.ordinal, Rank { tier: h.tier, score: h.score * 10 }));
        for (ordinal, rank) in found.into_iter().chain(stored) {
            if keep(set, ordinal) {
                let billable = set.entry(ordinal).is_some_and(|e| e.billable());
                ranked.push((rank, billable, si, ordinal));
            }
        }
    }
    // Scores within 10 points count as equal, so billable-before-header decides.
    ranked.sort_by_key(|(r, billable, si, o)| (r.tier, -(r.score / 10), !*billable, *si, *o));
    headers_after_first_codes(&mut ranked);
    Ok(Some(Ranking { sets, ranked, found_before_partial }))
}

/// A scope's inspection (Medical and Surgical, root operation J) ranks a tier behind the
/// procedure done through it: the inspection is not coded then (guideline B3.11a).
fn behind_the_procedure<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, found: &mut OrdinalMap<Rank>) {
    for (&ordinal, rank) in found.iter_mut() {
        let inspection = set
            .entry(ordinal)
            .is_some_and(|e| e.code().as_bytes().get(..3).is_some_and(|c| c[0] == b'0' && c[2] == b'J'));
        if inspection {
            rank.tier = (rank.tier + 1).min(6);
        }
    }
}

/// Codes a coder can assign that the first screen shows before any header: a header among them
/// (the group of a code above it) waits until after them, so that the first few results are
/// all candidates.
const CODES_BEFORE_HEADERS: usize = 5;

fn headers_after_first_codes(ranked: &mut [(Rank, bool, usize, u32)]) {
    let mut codes = 0;
    let Some(end) = ranked.iter().position(|(_, billable, ..)| {
        codes += usize::from(*billable);
        codes == CODES_BEFORE_HEADERS
    }) else {
        return;
    };
    // Stable: codes keep their order, headers theirs, right after the fifth code.
    ranked[..=end].sort_by_key(|(_, billable, ..)| !*billable);
}

/// Searches a set for a query no code matches even with one word missing: subsets of its
/// words (see [`fewer_words`]), else its rarest words, the commonest left out one by one
/// until some code has all that are left.
fn last_resort<D: AsRef<[u8]> + Clone>(
    words: &SetWords<'_, D>,
    variants: &[Vec<String>],
    limit: usize,
    keep: &dyn Fn(u32) -> bool,
    found: &mut OrdinalMap<Rank>,
) {
    let set = words.set;
    // Each reading's words with how many codes carry each (0: none).
    let costs: Vec<Vec<(&String, u64)>> =
        variants.iter().map(|v| v.iter().map(|t| (t, words.matches(t).cost)).collect()).collect();
    for (variant, costs) in variants.iter().zip(&costs) {
        // One- and two-letter words left over ("f/u") say nothing alone.
        let all_short = variant.iter().all(|v| v.chars().count() <= 2);
        let long = |t: &String| all_short || t.chars().count() > 2;
        let mut known: Vec<(String, f32)> = costs
            .iter()
            .filter(|(t, cost)| *cost > 0 && long(t))
            .map(|(t, cost)| ((*t).clone(), says(set.len(), *cost)))
            .collect();
        let most = known.iter().map(|k| k.1).fold(f32::MIN_POSITIVE, f32::max);
        known.iter_mut().for_each(|k| k.1 /= most);
        // A word this set does not know is left out as the most telling word would be: the
        // other set may know it.
        let unknown = costs.iter().filter(|(t, cost)| *cost == 0 && long(t)).count() as f32;
        for (kept, said) in fewer_words(&known) {
            let cost = VariantCost { tier: 6, score: (LEFT_OUT_WORD_COST * (said + unknown)) as i32, later: true };
            word_matches(words, &kept, limit, cost, false, keep, found);
        }
        if !found.is_empty() {
            return;
        }
    }
    for costs in &costs {
        let mut known: Vec<&(&String, u64)> = costs.iter().filter(|(_, cost)| *cost > 0).collect();
        known.sort_by_key(|(_, cost)| *cost);
        while !known.is_empty() {
            let kept: Vec<String> = known.iter().map(|(w, _)| (*w).clone()).collect();
            let cost = VariantCost { tier: 6, score: 0, later: false };
            if word_matches(words, &kept, limit, cost, false, keep, found) {
                break;
            }
            known.pop();
        }
    }
}

/// How much a word carried by `cost` of a set's `len` codes says: the inverse of how many
/// codes carry it, on a log scale.
fn says(len: usize, cost: u64) -> f32 {
    ((len as f32 + 1.0) / (cost.min(len as u64) as f32 + 1.0)).ln()
}

/// What a reading of one term of the query alone costs (among partial matches).
const TERM_READING_COST: i32 = 900;
/// What the last-resort pass costs a code per word left out (times what the word says): more
/// than a partial match's missed word, since the words left there may say little.
const LEFT_OUT_WORD_COST: f32 = 400.0;
/// Word subsets the last-resort pass searches, at most this many per set and variant.
const FEWER_WORDS_TRIES: usize = 64;

/// The query's known words with some left out, for a query no code matches even when one word
/// is missing ("ruptured achilles tendon left playing basketball": a note phrase that tells
/// the injury and how it happened), each with what its left-out words said: fewest left out
/// first and, among as many, the words that say least ("syncopal episode at home": "syncopal"
/// alone says more than "episode home").
fn fewer_words(known: &[(String, f32)]) -> Vec<(Vec<String>, f32)> {
    let n = known.len();
    let said = |mask: u32| (0..n).filter(|i| mask & (1 << i) != 0).map(|i| known[i].1).sum::<f32>();
    let mut masks: Vec<(u32, f32)> =
        (0u32..1 << n).filter(|m| (m.count_ones() as usize) < n).map(|m| (m, said(m))).collect();
    masks.sort_by(|a, b| a.0.count_ones().cmp(&b.0.count_ones()).then(a.1.total_cmp(&b.1)));
    masks
        .into_iter()
        .take(FEWER_WORDS_TRIES)
        .map(|(mask, said)| ((0..n).filter(|i| mask & (1 << i) == 0).map(|i| known[i].0.clone()).collect(), said))
        .collect()
}

/// The words that say a side.
const SIDE_WORDS: [&str; 3] = ["left", "right", "bilateral"];

/// A header that matched brings its default billable code (stored at compile time) just
/// ahead of it: the header stays in the list as the group, never before the code a coder
/// would take. A number the query states is not left to the default: "bmi 41" matches the
/// header "40 or greater" but its default is "70 or greater". Nor is a side: the default of
/// "femoral vein, left" is the unspecified side's code when the header has a left one.
fn promote_defaults<D: AsRef<[u8]> + Clone>(
    set: &CodeSet<D>,
    found: &mut OrdinalMap<Rank>,
    numbers: &[f64],
    sides: &[&str],
) {
    let headers: Vec<(u32, Rank)> = found.iter().map(|(&o, &r)| (o, r)).collect();
    let fits = |title: &str| {
        numbers.iter().all(|&v| in_a_range(title, v) || words(title).iter().any(|w| number(w) == Some(v)))
    };
    let has_side = |title: &str, side: &str| words(title).iter().any(|w| w == side);
    // The header has a code of the side the query states, and the default is not it.
    let side_left_out = |header: &str, default: &str| {
        sides.iter().any(|side| {
            !has_side(default, side)
                && words(default).iter().any(|w| w == "unspecified")
                && descendants(set, header)
                    .any(|o| set.entry(o).is_some_and(|c| has_side(c.title().unwrap_or(""), side)))
        })
    };
    for (ordinal, rank) in headers {
        let Some(header) = set.entry(ordinal) else { continue };
        let takes = |d: &Entry<'_, D>| {
            let title = d.title().unwrap_or("");
            fits(title) && !side_left_out(header.code(), title)
        };
        if let Some(d) = header.default_code().filter(takes) {
            insert(found, d.ordinal(), Rank { tier: rank.tier, score: rank.score + 15 });
        }
    }
    // A header is the group its codes belong to: it never leads a code of its own that
    // matched, and comes right after the best of them.
    // (The headers found are few: a code's ancestors are looked up among them, not in the
    // code index.)
    let headers: HashMap<&str, u32, FastHash> =
        found.keys().filter_map(|&o| set.entry(o).filter(|e| !e.billable()).map(|e| (e.code(), o))).collect();
    let mut best_child: OrdinalMap<Rank> = OrdinalMap::default();
    if !headers.is_empty() {
        for (&ordinal, &rank) in found.iter() {
            let Some(e) = set.entry(ordinal).filter(|e| e.billable()) else { continue };
            let code = e.code();
            if let Some(&parent) = (3..code.len()).rev().find_map(|n| headers.get(&code[..n])) {
                insert(&mut best_child, parent, rank);
            }
        }
    }
    for (parent, rank) in best_child {
        if let Some(slot) = found.get_mut(&parent).filter(|slot| slot.better(rank)) {
            *slot = rank;
        }
    }
}

/// The codes under `code` (at most [`PREFIX_CAP`]), in code order.
fn descendants<'s, D: AsRef<[u8]> + Clone>(set: &'s CodeSet<D>, code: &'s str) -> impl Iterator<Item = u32> + 's {
    let mut stream = set.code_index().range().gt(code.as_bytes()).into_stream();
    std::iter::from_fn(move || stream.next().filter(|(k, _)| k.starts_with(code.as_bytes())).map(|(_, v)| v as u32))
        .take(PREFIX_CAP)
}

fn insert(found: &mut OrdinalMap<Rank>, ordinal: u32, rank: Rank) {
    let slot = found.entry(ordinal).or_insert(rank);
    if rank.better(*slot) {
        *slot = rank;
    }
}

/// Where codes built from the PCS axes rank: ahead of title matches of the same tier.
const BUILT_SCORE: i32 = 3000;

/// How many codes a code prefix lists at most.
const PREFIX_CAP: usize = 400;

fn code_matches<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, code: &str, expanded: bool, found: &mut OrdinalMap<Rank>) {
    let prefix_tier = if expanded { 5 } else { 1 };
    if let Some(e) = set.get(code) {
        insert(found, e.ordinal(), Rank { tier: 0, score: 1000 });
    }
    // `W21.89A` → `W21.89XA`: a 7th character typed without its X placeholders.
    if set.system() == System::Icd10Cm && (4..=6).contains(&code.len()) {
        let (stem, last) = code.split_at(code.len() - 1);
        if last.bytes().all(|b| b.is_ascii_alphabetic()) {
            if let Some(e) = set.get(&crate::describe::with_seventh(stem, last)) {
                insert(found, e.ordinal(), Rank { tier: 0, score: 990 });
            }
        }
    }
    let mut stream = set.code_index().range().ge(code.as_bytes()).into_stream();
    let mut n = 0;
    while let Some((k, v)) = stream.next() {
        if !k.starts_with(code.as_bytes()) || n >= PREFIX_CAP {
            break;
        }
        if k.len() > code.len() {
            // Nearer descendants first: a subcategory before its grandchildren.
            insert(found, v as u32, Rank { tier: prefix_tier, score: 1000 - 10 * (k.len() - code.len()) as i32 });
            n += 1;
        }
    }
}

/// A code deleted from this year's set (S23.420A in FY2027) is looked up in the year before and
/// its title searched here: the codes that took its place (S43.60XA "Sprain of unspecified
/// sternoclavicular joint") lead the codes one slip away. (The kit has no FY2027 conversion
/// table; the old title is what a coder would look up.)
fn replacements<D: AsRef<[u8]> + Clone>(
    catalog: &Catalog<D>,
    words: &SetWords<'_, D>,
    code: &str,
    found: &mut OrdinalMap<Rank>,
) {
    let set = words.set;
    let old_title = catalog
        .code_sets(set.system())
        .into_iter()
        .rev()
        .filter(|s| s.fiscal_year() < set.fiscal_year())
        .find_map(|s| s.get(code).and_then(|e| e.title()));
    let Some(variant) = old_title.and_then(|t| parse(t).variants.into_iter().next()) else { return };
    let mut by_title: OrdinalMap<Rank> = OrdinalMap::default();
    let cost = VariantCost { tier: 0, score: 0, later: false };
    if !word_matches(words, &variant, REPLACEMENTS, cost, false, &|_| true, &mut by_title) {
        word_matches(words, &variant, REPLACEMENTS, cost, true, &|_| true, &mut by_title);
    }
    let mut best: Vec<(Rank, u32)> = by_title.into_iter().map(|(o, r)| (r, o)).collect();
    best.sort_by_key(|(r, o)| (r.tier, -r.score, *o));
    for (i, (_, ordinal)) in best.into_iter().take(REPLACEMENTS).enumerate() {
        insert(found, ordinal, Rank { tier: 0, score: 960 - 10 * i as i32 });
    }
}

/// How many codes a deleted code's old title offers.
const REPLACEMENTS: usize = 3;

/// Codes typed by hand with one slip: a stray character, two characters swapped, or a letter
/// for a digit (O/0, I/1, L/1, S/5, Z/2, B/8). Each valid code one slip away is offered.
fn near_codes<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, code: &str, found: &mut OrdinalMap<Rank>) {
    let b = code.as_bytes();
    // Each candidate with its score: a slip that keeps the length (swap, look-alike) before a
    // stray character, by ten points (scores within ten tie: I25.01 is I25.10 before I20.1).
    // Each score is as a complete code and as a header: a header left by dropping a character
    // (E11.56 → E11.5) is shorter than what was typed, so it and its default rank behind a
    // complete code one slip away (E11.65).
    let mut candidates: Vec<(Vec<u8>, i32, i32)> = Vec::new();
    for i in 0..b.len() {
        let mut v = b.to_vec();
        v.remove(i);
        candidates.push((v, 900, 870));
        if i + 1 < b.len() && b[i] != b[i + 1] {
            let mut v = b.to_vec();
            v.swap(i, i + 1);
            candidates.push((v, 915, 915));
        }
        let look_alike = match b[i] {
            b'O' => Some(b'0'),
            b'0' => Some(b'O'),
            b'I' | b'L' => Some(b'1'),
            b'1' => Some(b'I'),
            b'S' => Some(b'5'),
            b'5' => Some(b'S'),
            b'Z' => Some(b'2'),
            b'B' => Some(b'8'),
            _ => None,
        };
        if let Some(c) = look_alike {
            let mut v = b.to_vec();
            v[i] = c;
            candidates.push((v, 915, 915));
        }
    }
    // A placeholder X that a later year's codes fill with a digit (T52.8X1A → T52.891A): the
    // residual "other" (9) first, then 0; a code that was valid is likelier than a slip.
    for (i, _) in b.iter().enumerate().filter(|(_, &c)| c == b'X') {
        for digit in b'0'..=b'9' {
            let mut v = b.to_vec();
            v[i] = digit;
            let score = 890 + 30 * i32::from(digit == b'9') + 20 * i32::from(digit == b'0');
            candidates.push((v, score, score));
        }
    }
    for (c, as_code, as_header) in candidates {
        if let Some(e) = std::str::from_utf8(&c).ok().and_then(|c| set.get(c)) {
            let score = if e.billable() { as_code } else { as_header };
            insert(found, e.ordinal(), Rank { tier: 0, score });
        }
    }
    // Nothing near: the codes of the longest part of it that exists (a code deleted this
    // year shows the group it was in).
    if found.is_empty() {
        if let Some(stem) = (3..code.len()).rev().map(|n| &code[..n]).find(|p| set.get(p).is_some()) {
            code_matches(set, stem, false, found);
        }
    }
}

fn field_weight(mask: u8) -> (f32, bool) {
    if mask & fields::LONG_TITLE != 0 {
        (1.0, true)
    } else if mask & fields::SHORT_TITLE != 0 {
        (0.95, true)
    } else if mask & fields::INCLUSION_TERM != 0 {
        (0.85, false)
    } else {
        (0.7, false)
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Acc {
    best: [f32; MAX_WORDS],
    in_title: u16,
}

/// Marks a ranked candidate that matched every word.
const FULL_MATCH: u32 = u32::MAX;

/// The partial pass (codes missing one word) runs when fewer full matches than this exist.
pub(crate) const PARTIAL_BELOW: usize = 5;

/// Postings of the first (rarest) word decoded at most, best matches first: bounds the cost
/// of one- and two-letter prefixes.
const POSTING_BUDGET: u64 = 4_000;
/// A later word's postings are decoded when they are at most this many times the candidates
/// (reading one candidate's text costs about as much as decoding 50–100 postings); otherwise the
/// candidates' own text is checked for it.
const VERIFY_RATIO: u64 = 80;
/// Candidates per requested result whose titles and terms are read for the exact, phrase
/// and brevity checks (at least `REFINE_MIN`, which is what the widget's 20 results read, so
/// that the first results do not depend on how many are asked for).
const REFINE_PER_RESULT: usize = 3;
const REFINE_MIN: usize = 60;
/// Candidates read for a later variant (an expansion after the words as typed), which
/// rarely changes the first results: fewer, since every variant is read each keystroke.
const REFINE_LATER: usize = 20;

/// Words scored together: each with its place in the variant, in the order scored.
pub(crate) type ScoredWords = Vec<(String, usize)>;
/// Codes scored on some words.
pub(crate) type Scored = OrdinalMap<Acc>;

/// A code set with the token matches computed so far in one search: the variants of a query
/// (and the partial pass) share most words, and a short prefix's matches cost a stream over
/// the word index.
struct SetWords<'a, D> {
    set: &'a CodeSet<D>,
    /// Whether a filter (billable only, a chapter) admits the codes scored.
    filtered: bool,
    cache: RefCell<HashMap<String, Rc<TokenMatches>, FastHash>>,
    /// Scored codes by the words scored (word, its place in the variant), in order: every
    /// pass of one search admits codes by the same test, and variants that differ in one
    /// word leave the same word alone in the partial pass ("atrial f", "atrium f": "f").
    scored: RefCell<HashMap<ScoredWords, Rc<Scored>>>,
}

impl<'a, D: AsRef<[u8]> + Clone> SetWords<'a, D> {
    fn new(set: &'a CodeSet<D>, filtered: bool) -> Self {
        SetWords { set, filtered, cache: RefCell::default(), scored: RefCell::default() }
    }

    /// [`score_all`] over the words `order` picks, once per search.
    fn scored(
        &self,
        tokens: &[&String],
        matches: &[Rc<TokenMatches>],
        order: &[usize],
        keep: &dyn Fn(u32) -> bool,
    ) -> Rc<OrdinalMap<Acc>> {
        let key: ScoredWords = order.iter().map(|&i| (tokens[i].clone(), i)).collect();
        if let Some(s) = self.scored.borrow().get(&key) {
            return Rc::clone(s);
        }
        let compute = || score_all(self.set, matches, order, keep);
        // Unfiltered, the scores are the words' alone: later keystrokes may ask for them again.
        let s = if self.filtered { Rc::new(compute()) } else { crate::recent::scored(self.set, &key, compute) };
        self.scored.borrow_mut().insert(key, Rc::clone(&s));
        s
    }

    fn matches(&self, token: &str) -> Rc<TokenMatches> {
        if let Some(m) = self.cache.borrow().get(token) {
            return Rc::clone(m);
        }
        let m = crate::recent::matches(self.set, token);
        self.cache.borrow_mut().insert(token.to_string(), Rc::clone(&m));
        m
    }
}

fn word_matches<D: AsRef<[u8]> + Clone>(
    words: &SetWords<'_, D>,
    tokens: &[String],
    limit: usize,
    cost: VariantCost,
    partial: bool,
    keep: &dyn Fn(u32) -> bool,
    found: &mut OrdinalMap<Rank>,
) -> bool {
    let tokens: Vec<&String> = tokens.iter().take(MAX_WORDS).collect();
    let n = tokens.len();
    let set = words.set;
    let matches: Vec<Rc<TokenMatches>> = tokens.iter().map(|t| words.matches(t)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (matches[i].number.is_some(), matches[i].cost));
    // How much each word says, against the query's most telling word (1.0): the inverse of
    // how many codes carry it, on a log scale.
    let says = |m: &Rc<TokenMatches>| says(set.len(), m.cost);
    let most = matches.iter().map(says).fold(f32::MIN_POSITIVE, f32::max);
    let telling: Vec<f32> = matches.iter().map(|m| says(m) / most).collect();
    // A word with no match at all rules out full matches; the partial pass needs no full run.
    let possible = matches.iter().all(|m| m.cost > 0 || m.number.is_some());
    let full = if partial || !possible { Rc::default() } else { words.scored(&tokens, &matches, &order, keep) };
    let has_all = |a: &Acc| a.best.iter().take(n).all(|&q| q > 0.0);
    let any_full = full.values().any(has_all);
    // Codes missing one word, for the partial pass.
    // Each word left out in turn: the words kept and their scored codes.
    let mut partials: Vec<(Vec<usize>, Rc<OrdinalMap<Acc>>)> = Vec::new();
    if partial && n >= 2 {
        // Too few codes have every word: add codes missing one word (a stray or unknown word).
        let unmatched: Vec<usize> = (0..n).filter(|&i| matches[i].cost == 0 && matches[i].number.is_none()).collect();
        // A last word being typed whose completions were capped ("diabetes with c") misses its
        // codes with any other word left out too: only leaving it out finds more. (A word the
        // vocabulary reads alone, "l" for left, is a word of its own.)
        let typed_last =
            matches[n - 1].capped && !crate::query::synonyms().contains_key(std::slice::from_ref(tokens[n - 1]));
        for skip in 0..n {
            // Dropping one word cannot help while another word matches nothing.
            if unmatched.iter().any(|&u| u != skip) || (typed_last && skip + 1 != n) {
                continue;
            }
            let sub: Vec<usize> = order.iter().copied().filter(|&i| i != skip).collect();
            // One- and two-letter words alone ("o" of "fracture o", typed so far) match
            // thousands of codes by chance: they say nothing yet.
            if sub.iter().all(|&i| tokens[i].chars().count() <= 2) {
                continue;
            }
            let scored = words.scored(&tokens, &matches, &sub, keep);
            partials.push((sub, scored));
        }
    }
    // Cheap score first, then read the titles of the best few.
    let cheap = |a: &Acc| -> f32 { a.best.iter().take(n).sum::<f32>() / n as f32 };
    // Shorter titles first among equals: exact and phrase matches are short titles.
    let title_len = |o: u32| set.entry(o).map_or(u32::MAX, |e| e.title_len() as u32);
    // The order, best first, packed into one integer (thousands of candidates are ordered per
    // keystroke): every word first, more words in the title, better cheap score, shorter
    // title, Tabular order (the low 32 bits: the ordinal). The cheap score is never negative,
    // so its bits order like it.
    // A partial match missing a telling word pays for it here as in the final score
    // (MISSED_WORD_COST against quality's 600), so the cut below keeps those missing a
    // common word ("thumb" of "bennett fracture left thumb", not "bennett").
    let missed_share = MISSED_WORD_COST / 600.0;
    // How telling the words a candidate misses are, together (0 for a full match).
    let missed_telling = |a: &Acc| (0..n).filter(|&i| a.best[i] == 0.0).map(|i| telling[i]).sum::<f32>();
    let pre_key = |o: u32, a: &Acc, complete: bool| -> u128 {
        let missing = u128::from(!complete);
        let not_in_title = u128::from(u16::BITS - a.in_title.count_ones());
        let cheap = (cheap(a) - missed_share * missed_telling(a) + missed_share * n as f32).max(0.0);
        let worse = u128::from(u32::MAX - cheap.to_bits());
        (missing << 101) | (not_in_title << 96) | (worse << 64) | (u128::from(title_len(o)) << 32) | u128::from(o)
    };
    // Each key with where its candidate is: a full match, else the partial set it is from
    // (in the order the sets were scored, which breaks ties as a stable sort would); the
    // key's low 32 bits are the ordinal.
    let mut keyed: Vec<(u128, u32)> =
        full.iter().filter(|(_, a)| has_all(a)).map(|(&o, a)| (pre_key(o, a, true), FULL_MATCH)).collect();
    for ((sub, scored), p) in partials.iter().zip(0u32..) {
        let kept = |a: &Acc| sub.iter().all(|&i| a.best[i] > 0.0);
        keyed.extend(scored.iter().filter(|(_, a)| kept(a)).map(|(&o, a)| (pre_key(o, a, false), p)));
    }
    let refine = if cost.later { limit.max(REFINE_LATER) } else { (limit * REFINE_PER_RESULT).max(REFINE_MIN) };
    if keyed.len() > refine {
        keyed.select_nth_unstable(refine);
        keyed.truncate(refine);
    }
    keyed.sort_unstable();
    let candidates: Vec<(u32, Acc, bool)> = keyed
        .into_iter()
        .filter_map(|(key, i)| match i {
            FULL_MATCH => full.get(&(key as u32)).map(|a| (key as u32, *a, true)),
            p => partials.get(p as usize).and_then(|(_, s)| s.get(&(key as u32))).map(|a| (key as u32, *a, false)),
        })
        .collect();
    let mut scratch = TitleWords::default();
    // A query that says "without" asks for what a title's "without …" says.
    let says_without = matches.iter().any(|m| m.token == "without");
    let went_wrong = matches.iter().any(|m| WENT_WRONG_WORDS.contains(&m.token.as_str()));
    let names = |list: &[&str]| matches.iter().any(|m| list.iter().any(|w| m.token == *w || m.words.contains(*w)));
    let pregnant = names(&PREGNANCY_WORDS);
    let newborn = names(&NEWBORN_WORDS);
    let injured = names(&INJURY_WORDS);
    let new_technology = names(&["technology"]);
    let diabetes_of_no_kind = names(&["diabetes", "diabetic"]) && !names(&DIABETES_KIND_WORDS);
    let core = |text: &str| if says_without { core_words_with_negations(text) } else { core_words(text) };
    for (ordinal, acc, complete) in candidates {
        let Some(e) = set.entry(ordinal) else { continue };
        let title = e.title().unwrap_or("");
        scratch.read(title);
        let title_words = &scratch;
        // Brevity counts what the title adds to the query, not its "unspecified" defaults.
        let added_words = e.core_len();
        let used: Vec<usize> = (0..n).filter(|&i| acc.best[i] > 0.0).collect();
        let all_in_title = used.iter().all(|&i| acc.in_title & (1 << i) != 0);
        // The stored core-word count rules most titles out without reading their words (it
        // leaves out what "without" says, which a query saying "without" asks for).
        let exact_title =
            complete && all_in_title && (says_without || e.core_len() == n) && is_whole(&core(title), &matches);
        let exact_note = if complete && !exact_title {
            e.own_notes().into_iter().find(|nt| {
                matches!(nt.kind, NoteKind::InclusionTerm | NoteKind::Includes) && is_whole(&core(nt.text), &matches)
            })
        } else {
            None
        };
        let exact_term = exact_note.is_some();
        // The Tabular's "X NOS" term says where X with nothing more is coded ("Concussion
        // NOS" under S06.0XA … status unknown): the title's "with …" is then the default's.
        let nos_term = exact_note.is_some_and(|nt| codeglass_tables::words(nt.text).iter().any(|w| w == "nos"));
        let phrase = all_in_title && complete && is_phrase(title_words, &matches, n);
        let tier = match (complete, exact_title || exact_term, phrase, all_in_title) {
            (false, ..) => 6,
            (true, true, ..) => 2,
            (true, false, true, _) => 3,
            (true, false, false, true) => 4,
            _ => 5,
        };
        // A context the query did not name (pregnancy, the newborn, a complication of care,
        // a later encounter) costs a tier: a coder takes it only when it is documented.
        let cm = set.system() == System::Icd10Cm;
        // "Open" is a kind of fracture to be documented, but an open bite or wound is the wound.
        let fracture = cm && title_words.iter().any(|w| w == "fracture");
        let injury = cm && e.code().starts_with('S');
        let context = |w: &str| {
            CONTEXT_WORDS.contains(&w)
                || (cm && CM_CONTEXT_WORDS.contains(&w) && (w != "open" || fracture))
                || (injury && INJURY_STRUCTURE_WORDS.contains(&w))
        };
        let unasked = title_words.iter().any(|w| context(w) && !matches.iter().any(|m| m.words.contains(w)))
            || (cm && complication_of_care(e.code()) && !went_wrong)
            || (cm && pregnancy_chapter(e.code()) && !pregnant)
            || (cm && perinatal_chapter(e.code()) && !newborn)
            || (cm && injured && external_cause(e.code()))
            // New Technology (section X) is coded only when the record names the technology.
            || (set.system() == System::Icd10Pcs && e.code().starts_with('X') && !new_technology)
            || (cm && diabetes_of_no_kind && diabetes_of_a_stated_kind(e.code()));
        // A title that says "without X" for a query that says X names the opposite.
        let contradicts = said_without(title, &matches);
        // Partial matches have no tier below: there the same costs come off the score.
        let off_context = unasked || contradicts;
        let (tier, context_cost) =
            if tier < 6 { (tier + u8::from(off_context), 0) } else { (tier, 150 * i32::from(off_context)) };
        let quality = used.iter().map(|&i| acc.best[i]).sum::<f32>() / n as f32;
        // An inclusion term that is the whole query adds nothing to it.
        let brevity = if exact_term { 1.0 } else { used.len() as f32 / added_words.max(used.len()).max(1) as f32 };
        // A code missing a word had better miss a common one: the rarest word says the most
        // ("bimalleolar fracture right ankle": the titles say "lower leg", not "ankle").
        let missed = missed_telling(&acc);
        // A title that opens with a query word names the head concept (PCS titles open with
        // the root operation: "Bypass Coronary Artery…" for "coronary artery bypass").
        let opens = title_words.first().is_some_and(|w| matches.iter().any(|m| m.words.contains(w)));
        // ICD-10-PCS: the diagnostic qualifier only when the query says so (biopsy, diagnostic);
        // the open approach only when asked where the usual way is not open (see below).
        let unasked = |w: &str| title_words.iter().any(|t| t == w) && !matches.iter().any(|m| m.words.contains(w));
        let pcs_penalty = if set.system() == System::Icd10Pcs {
            120 * (i32::from(unasked("diagnostic"))
                + i32::from(unasked("open") && !usual_approaches(e.code()).contains(&b'0')))
        } else {
            0
        };
        // Among equals, the unspecified form is the Index's default for words that say no more.
        let unspecified = title_words.iter().any(|w| w == "unspecified" || w == "nos");
        // "Other …" is the residual a coder takes only for a condition documented as other.
        let residual = title_words.first() == Some("other") && !matches.iter().any(|m| m.token == "other");
        // A complication the query did not name ("with perforation") is not the default;
        // "without …" is the uncomplicated form the Index gives a bare term.
        let unasked_with = unasked_complications(title_words, &matches);
        // The opening word names the head concept in PCS (the root operation) far more
        // surely than in ICD-10-CM, where the unspecified form is the default.
        let opens_bonus = match (opens, set.system()) {
            (false, _) => 0.0,
            (true, System::Icd10Pcs) => 150.0,
            (true, System::Icd10Cm) => 30.0,
        };
        let score = (quality * 600.0 + brevity * 300.0 + opens_bonus) as i32
            - if nos_term {
                -15
            } else if exact_term {
                50
            } else {
                0
            }
            - pcs_penalty
            - cost.score
            + if unspecified { 40 } else { 0 }
            - if residual { 40 } else { 0 }
            - (MISSED_WORD_COST * missed) as i32
            - context_cost
            - if nos_term { 0 } else { WITH_COST * unasked_with.min(2) };
        insert(found, ordinal, Rank { tier: (tier + cost.tier).min(6), score });
    }
    any_full
}

/// What a partial match pays for missing the query's most telling word (less for a commoner one).
const MISSED_WORD_COST: f32 = 120.0;

/// What a title's unasked "with …" words cost each (at most two counted).
const WITH_COST: i32 = 30;

/// Two typed words that the titles write as one ("heat stroke" → heatstroke, "pace maker" →
/// pacemaker) are also searched joined, as a variant of the text as typed.
fn join_compounds<D: AsRef<[u8]> + Clone>(query: &mut crate::Query, sets: &[&CodeSet<D>]) {
    let Some(typed) = query.variants.first() else { return };
    let mut joined = Vec::new();
    for i in 0..typed.len().saturating_sub(1) {
        let (a, b) = (&typed[i], &typed[i + 1]);
        let letters = |w: &String| w.len() >= 3 && w.bytes().all(|c| c.is_ascii_lowercase());
        if !letters(a) || !letters(b) {
            continue;
        }
        let word = format!("{a}{b}");
        if sets.iter().any(|s| s.word_index().contains_key(&word)) {
            let mut v = typed.clone();
            v.splice(i..i + 2, [word]);
            joined.push(v);
        }
    }
    for v in joined {
        if !query.variants.contains(&v) {
            query.variants.push(v);
        }
    }
}

/// A misspelt word that a vocabulary term has once respelt ("osteoporsis"), or the start of a
/// vocabulary word only ("appendectom"): the respelt text's expansions join the variants, after
/// those of the text as typed.
fn respell<D: AsRef<[u8]> + Clone>(query: &mut crate::Query, sets: &[&CodeSet<D>]) {
    let Some(typed) = query.variants.first() else { return };
    let mut changed = false;
    // A word that is no title's word and begins none in any set (at most a typo of one) may
    // misspell a vocabulary word the titles never use ("tonsilectomy").
    let unknown = |w: &String| {
        sets.iter().all(|s| crate::recent::matches(s, w).expansions.is_empty() || respelled(s, w).is_some())
    };
    // The word being typed may begin a vocabulary word even where titles have words it begins
    // ("lap cholecystec": cholecystectomy, which only a title of a complication has).
    let open = if query.open_last_word { typed.len().checked_sub(1) } else { None };
    let respelt: Vec<String> = typed
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let completed = || {
                (open == Some(i) && !crate::query::in_a_term(w)).then(|| crate::query::completed_term_word(w)).flatten()
            };
            match sets
                .iter()
                .find_map(|s| respelled(s, w))
                .filter(|r| crate::query::in_a_term(r))
                .or_else(|| unknown(w).then(|| crate::query::respelled_term_word(w)).flatten())
                .or_else(completed)
            {
                Some(r) => {
                    changed = true;
                    r
                }
                None => w.clone(),
            }
        })
        .collect();
    if !changed {
        return;
    }
    for v in crate::query::parse(&respelt.join(" ")).variants.into_iter().skip(1) {
        if !query.variants.contains(&v) {
            query.variants.push(v);
        }
    }
}

/// A word no set and no vocabulary term knows, of a few letters, may be the initials of a
/// phrase the titles spell out ("plmd"): each reading is searched with the phrase in its place
/// too. Without it the word reads nothing, so nothing else changes.
fn spell_out_initials<D: AsRef<[u8]> + Clone>(query: &mut crate::Query, sets: &[&CodeSet<D>]) {
    let Some(typed) = query.variants.first() else { return };
    // Diagnosis titles are names coders shorten; ICD-10-PCS titles spell chance initials
    // ("Inspection of Hepatobiliary Duct": "ihd").
    let cm: Vec<&&CodeSet<D>> = sets.iter().filter(|s| s.system() == System::Icd10Cm).collect();
    let unknown = |w: &String| {
        !crate::query::in_a_term(w) && sets.iter().all(|s| crate::recent::matches(s, w).expansions.is_empty())
    };
    let phrases: Vec<(String, Vec<String>)> = typed
        .iter()
        .filter(|w| unknown(w))
        .filter_map(|w| Some((w.clone(), cm.iter().find_map(|s| crate::initials::spelled_out(s, w))?)))
        .collect();
    if phrases.is_empty() {
        return;
    }
    let read: Vec<Vec<String>> = query
        .variants
        .iter()
        .map(|v| {
            v.iter()
                .flat_map(|w| phrases.iter().find(|(t, _)| t == w).map_or_else(|| vec![w.clone()], |(_, p)| p.clone()))
                .collect()
        })
        .collect();
    for v in read {
        if !query.variants.contains(&v) {
            query.variants.push(v);
        }
    }
}

/// What a word variant's matches give up: the typed text yields a tier to the expansions of
/// a known abbreviation; later expansions yield a few points among equals.
#[derive(Clone, Copy)]
struct VariantCost {
    tier: u8,
    score: i32,
    /// Later expansions read fewer candidates' titles: they fill in behind the first ones.
    later: bool,
}

/// Scores codes over the tokens in `order` (cheapest first): the first token's postings make
/// the candidates, later tokens only update them, from their postings or the codes' text.
///
/// When even the rarest word is common ("radius": thousands of codes), reading its postings up
/// to a budget would keep only the first codes in Tabular order; then the two rarest words'
/// postings are intersected in full (a bit set, no map), as long as both lists together are
/// short enough for a keystroke.
fn score_all<D: AsRef<[u8]> + Clone>(
    set: &CodeSet<D>,
    matches: &[Rc<TokenMatches>],
    order: &[usize],
    keep: &dyn Fn(u32) -> bool,
) -> OrdinalMap<Acc> {
    let budget = if order.len() == 1 { POSTING_BUDGET } else { POSTING_BUDGET / 4 };
    let (mut acc, done) = match order {
        [a, b, ..] if matches[*a].cost > budget && matches[*a].cost + matches[*b].cost <= INTERSECT_LIMIT => {
            (intersect_two(set, matches, *a, *b, keep), 2)
        }
        _ => {
            let mut acc = OrdinalMap::with_capacity_and_hasher(budget as usize, Default::default());
            if let Some(&i) = order.first() {
                add_postings(set, &matches[i], i, budget, Admit::New(keep), &mut acc);
            }
            (acc, 1)
        }
    };
    for step in done..order.len() {
        let i = order[step];
        // Only codes with every word so far can still match every word.
        let prev = order[step - 1];
        acc.retain(|_, a| a.best[prev] > 0.0);
        if matches[i].number.is_some() || matches[i].cost > VERIFY_RATIO * acc.len() as u64 {
            verify_by_text(set, &matches[i], i, &mut acc);
        } else {
            // Most postings miss the candidates: a bit test is cheaper than a map lookup.
            let mut members = OrdinalBits::new(set.len());
            acc.keys().for_each(|&o| members.insert(o));
            add_postings(set, &matches[i], i, u64::MAX, Admit::Existing(&|o| members.contains(o)), &mut acc);
        }
    }
    acc
}

/// Both lists together at most this many postings for the full intersection.
const INTERSECT_LIMIT: u64 = 24_000;

/// The codes carrying both tokens `a` and `b`, scored on both.
fn intersect_two<D: AsRef<[u8]> + Clone>(
    set: &CodeSet<D>,
    matches: &[Rc<TokenMatches>],
    a: usize,
    b: usize,
    keep: &dyn Fn(u32) -> bool,
) -> OrdinalMap<Acc> {
    let mut seen = OrdinalBits::new(set.len());
    for ex in &matches[a].expansions {
        set.for_each_posting(ex.offset, |o, _| seen.insert(o));
    }
    let mut acc: OrdinalMap<Acc> = OrdinalMap::default();
    let in_a = |o: u32| seen.contains(o);
    add_postings(set, &matches[b], b, u64::MAX, Admit::New(&|o| in_a(o) && keep(o)), &mut acc);
    add_postings(set, &matches[a], a, u64::MAX, Admit::Existing(&in_a), &mut acc);
    acc
}

/// A set of a code set's ordinals, one bit each.
struct OrdinalBits(Vec<u64>);

impl OrdinalBits {
    fn new(len: usize) -> Self {
        OrdinalBits(vec![0; len.div_ceil(64)])
    }

    fn insert(&mut self, o: u32) {
        if let Some(w) = self.0.get_mut(o as usize / 64) {
            *w |= 1 << (o % 64);
        }
    }

    fn contains(&self, o: u32) -> bool {
        self.0.get(o as usize / 64).is_some_and(|w| w & (1 << (o % 64)) != 0)
    }
}

/// Which postings a pass reads into the candidates.
enum Admit<'a> {
    /// New candidates, the codes this test lets in.
    New(&'a dyn Fn(u32) -> bool),
    /// Updates of existing candidates only; this test (true for every candidate) rules most
    /// other codes out before the map is looked at.
    Existing(&'a dyn Fn(u32) -> bool),
}

/// Reads token `i`'s postings (at most `budget`, best matches first) into `acc`.
fn add_postings<D: AsRef<[u8]> + Clone>(
    set: &CodeSet<D>,
    m: &TokenMatches,
    i: usize,
    mut budget: u64,
    admit: Admit<'_>,
    acc: &mut OrdinalMap<Acc>,
) {
    for ex in &m.expansions {
        if budget == 0 {
            break;
        }
        let take = budget.min(set.posting_len(ex.offset));
        budget -= take;
        set.for_each_posting_up_to(ex.offset, take, |ordinal, mask| {
            let slot = match admit {
                Admit::New(admit) => {
                    if !admit(ordinal) {
                        return;
                    }
                    acc.entry(ordinal).or_insert(Acc { best: [0.0; MAX_WORDS], in_title: 0 })
                }
                Admit::Existing(known) => match known(ordinal).then(|| acc.get_mut(&ordinal)).flatten() {
                    Some(s) => s,
                    None => return,
                },
            };
            let (weight, title) = field_weight(mask);
            let q = ex.quality * weight;
            if q > slot.best[i] {
                slot.best[i] = q;
            }
            if title {
                slot.in_title |= 1 << i;
            }
        });
    }
}

/// Scores token `i` on each candidate by reading the candidate's titles, inclusion terms and
/// includes notes (cheaper than decoding a posting list far longer than the candidate set).
fn verify_by_text<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, m: &TokenMatches, i: usize, acc: &mut OrdinalMap<Acc>) {
    for (&ordinal, slot) in acc.iter_mut() {
        let Some(e) = set.entry(ordinal) else { continue };
        let mut best = best_word(m, e.title_bytes());
        if best == 0.0 {
            best = 0.95 * best_word(m, e.short_title_bytes());
        }
        if best == 0.0 && m.number.is_some_and(|v| e.title().is_some_and(|t| in_a_range(t, v))) {
            best = 0.95;
        }
        if best > 0.0 {
            slot.in_title |= 1 << i;
        } else {
            for n in e.own_notes() {
                let w = match n.kind {
                    NoteKind::InclusionTerm => 0.85,
                    NoteKind::Includes => 0.7,
                    _ => continue,
                };
                best = best.max(w * best_word(m, n.text.as_bytes()));
            }
        }
        if best > slot.best[i] {
            slot.best[i] = best;
        }
    }
}
