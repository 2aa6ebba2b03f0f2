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

use std::collections::{HashMap, HashSet};

use codeglass_tables::{fields, words, Catalog, CodeSet, Date, NoteKind, System};
use fst::{IntoStreamer, Streamer};
use serde::Serialize;

use crate::error::LookupError;
use crate::fuzzy::{distance, Levenshtein};
use crate::query::{is_stop_word, parse, MAX_WORDS};

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
struct Rank {
    tier: u8,
    score: i32,
}

impl Rank {
    fn better(self, other: Rank) -> bool {
        (self.tier, -self.score) < (other.tier, -other.score)
    }
}

/// Searches the code sets valid on `date`.
pub fn search<D: AsRef<[u8]> + Clone>(
    catalog: &Catalog<D>,
    text: &str,
    date: Date,
    opts: &SearchOptions,
) -> Result<Vec<Hit>, LookupError> {
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
        return Err(catalog.code_set(System::Icd10Cm, date).err().expect("no set loaded").into());
    }
    let limit = opts.limit.min(MAX_LIMIT);
    let query = parse(text);
    if limit == 0 || (query.code.is_none() && query.variants.is_empty()) {
        return Ok(Vec::new());
    }
    let mut ranked: Vec<(Rank, bool, usize, u32)> = Vec::new();
    for (si, set) in sets.iter().enumerate() {
        let keep = |ordinal: u32| -> bool {
            let Some(e) = set.entry(ordinal) else { return false };
            e.is_valid_on(date)
                && (!opts.billable_only || e.billable())
                && opts.chapter.as_ref().is_none_or(|c| e.chapter().is_some_and(|ch| ch.name() == c.as_str()))
        };
        let mut found: HashMap<u32, Rank> = HashMap::new();
        let expanded = query.variants.len() > 1;
        if let Some(code) = &query.code {
            code_matches(set, code, expanded, &mut found);
        }
        if found.is_empty() || expanded {
            for (vi, variant) in query.variants.iter().enumerate() {
                // The text as typed yields to the expansions of a known abbreviation.
                let demote = if vi == 0 && expanded { 1 } else { 0 };
                word_matches(set, variant, demote, &keep, &mut found);
            }
        }
        for (ordinal, rank) in found {
            if keep(ordinal) {
                let billable = set.entry(ordinal).is_some_and(|e| e.billable());
                ranked.push((rank, billable, si, ordinal));
            }
        }
    }
    // Scores within 10 points count as equal, so billable-before-header decides.
    ranked.sort_by_key(|(r, billable, si, o)| (r.tier, -(r.score / 10), !*billable, *si, *o));
    Ok(ranked
        .into_iter()
        .take(limit)
        .filter_map(|(rank, _, si, ordinal)| {
            let set = sets[si];
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

fn insert(found: &mut HashMap<u32, Rank>, ordinal: u32, rank: Rank) {
    let slot = found.entry(ordinal).or_insert(rank);
    if rank.better(*slot) {
        *slot = rank;
    }
}

/// How many codes a code prefix lists at most.
const PREFIX_CAP: usize = 400;

fn code_matches<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, code: &str, expanded: bool, found: &mut HashMap<u32, Rank>) {
    let prefix_tier = if expanded { 5 } else { 1 };
    if let Some(e) = set.get(code) {
        insert(found, e.ordinal(), Rank { tier: 0, score: 1000 });
    }
    // `W21.89A` → `W21.89XA`: a 7th character typed without its X placeholders.
    if set.system() == System::Icd10Cm && (4..=6).contains(&code.len()) {
        let (stem, last) = code.split_at(code.len() - 1);
        if last.bytes().all(|b| b.is_ascii_alphabetic()) {
            let padded = format!("{stem}{}{last}", "X".repeat(6 - stem.len()));
            if let Some(e) = set.get(&padded) {
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

/// A query word's matches in the word index.
struct Expansion {
    offset: u64,
    quality: f32,
}

struct TokenMatches {
    expansions: Vec<Expansion>,
    /// Every index word the token matched, for phrase checks on titles.
    words: HashSet<String>,
    cost: u64,
}

/// Singular forms to try: `fractures` → `fracture`, `injuries` → `injury`, `pains` → `pain`.
fn stems(token: &str) -> Vec<String> {
    let mut out = Vec::new();
    if token.len() > 4 {
        if let Some(s) = token.strip_suffix("ies") {
            out.push(format!("{s}y"));
        }
        if let Some(s) = token.strip_suffix("es") {
            out.push(s.to_string());
        }
    }
    if token.len() > 3 && !token.ends_with("ss") && !token.ends_with("us") && !token.ends_with("is") {
        if let Some(s) = token.strip_suffix('s') {
            out.push(s.to_string());
        }
    }
    out
}

fn token_matches<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, token: &str) -> TokenMatches {
    let index = set.word_index();
    let mut expansions = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut add = |word: &str, offset: u64, quality: f32, expansions: &mut Vec<Expansion>| {
        if seen.insert(word.to_string()) {
            expansions.push(Expansion { offset, quality });
        }
    };
    if let Some(off) = index.get(token) {
        add(token, off, 1.0, &mut expansions);
    }
    for s in stems(token) {
        if let Some(off) = index.get(&s) {
            add(&s, off, 0.95, &mut expansions);
        }
    }
    let exact_found = !expansions.is_empty();
    // Prefix: every word starting with the token (the shortest completions first).
    let cap = if token.len() <= 2 { 40 } else { 400 };
    let mut prefixed: Vec<(String, u64)> = Vec::new();
    let mut stream = index.range().ge(token.as_bytes()).into_stream();
    while let Some((k, v)) = stream.next() {
        if !k.starts_with(token.as_bytes()) || prefixed.len() >= cap {
            break;
        }
        if k.len() > token.len() {
            prefixed.push((String::from_utf8_lossy(k).into_owned(), v));
        }
    }
    prefixed.sort_by_key(|(w, _)| (w.len(), w.clone()));
    for (w, off) in &prefixed {
        let quality = 0.6 + 0.3 * token.len() as f32 / w.len() as f32;
        add(w, *off, quality, &mut expansions);
    }
    // Typos: distance 1 from 5 letters, 2 from 9, only when the word itself is unknown.
    if !exact_found && token.len() >= 5 {
        let max = if token.len() >= 9 { 2 } else { 1 };
        if let Some(lev) = Levenshtein::new(token, max) {
            let mut stream = index.search(lev).into_stream();
            let mut fuzzy = Vec::new();
            while let Some((k, v)) = stream.next() {
                if fuzzy.len() >= 64 {
                    break;
                }
                let w = String::from_utf8_lossy(k).into_owned();
                let d = distance(token, &w);
                fuzzy.push((d, w, v));
            }
            fuzzy.sort();
            for (d, w, off) in fuzzy {
                add(&w, off, if d <= 1 { 0.72 } else { 0.58 }, &mut expansions);
            }
        }
    }
    let cost = expansions.iter().map(|e| set.posting_len(e.offset)).sum();
    TokenMatches { expansions, words: seen, cost }
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
struct Acc {
    best: [f32; MAX_WORDS],
    in_title: u16,
}

/// Postings decoded per query word at most: bounds the cost of one-letter prefixes.
const POSTING_BUDGET: u64 = 60_000;
/// Candidates whose titles are read for the phrase and brevity checks.
const REFINE: usize = 300;

fn word_matches<D: AsRef<[u8]> + Clone>(
    set: &CodeSet<D>,
    tokens: &[String],
    demote: u8,
    keep: &dyn Fn(u32) -> bool,
    found: &mut HashMap<u32, Rank>,
) {
    let tokens: Vec<&String> = tokens.iter().take(MAX_WORDS).collect();
    let n = tokens.len();
    let matches: Vec<TokenMatches> = tokens.iter().map(|t| token_matches(set, t)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| matches[i].cost);
    let full = score_all(set, &matches, &order, keep);
    let any_full = full.values().any(|acc| acc.best.iter().take(n).all(|&q| q > 0.0));
    let mut candidates: Vec<(u32, Acc, bool)> =
        full.into_iter().filter(|(_, a)| a.best.iter().take(n).all(|&q| q > 0.0)).map(|(o, a)| (o, a, true)).collect();
    if !any_full && n >= 2 {
        // Nothing has every word: accept codes missing one word (a stray or unknown word).
        for skip in 0..n {
            let sub: Vec<usize> = order.iter().copied().filter(|&i| i != skip).collect();
            for (o, a) in score_all(set, &matches, &sub, keep) {
                if sub.iter().all(|&i| a.best[i] > 0.0) {
                    candidates.push((o, a, false));
                }
            }
        }
    }
    // Cheap score first, then read the titles of the best few.
    let cheap = |a: &Acc| -> f32 { a.best.iter().take(n).sum::<f32>() / n as f32 };
    candidates.sort_by(|x, y| {
        let tx = x.1.in_title.count_ones();
        let ty = y.1.in_title.count_ones();
        (y.2, ty).cmp(&(x.2, tx)).then(cheap(&y.1).total_cmp(&cheap(&x.1))).then(x.0.cmp(&y.0))
    });
    candidates.truncate(REFINE.max(1) * 2);
    for (ordinal, acc, complete) in candidates {
        let Some(e) = set.entry(ordinal) else { continue };
        let title = e.title().unwrap_or("");
        let title_words: Vec<String> = words(title).into_iter().filter(|w| !is_stop_word(w)).collect();
        let used: Vec<usize> = (0..n).filter(|&i| acc.best[i] > 0.0).collect();
        let all_in_title = used.iter().all(|&i| acc.in_title & (1 << i) != 0);
        let exact_title = complete && all_in_title && is_whole(&core_words(title), &matches);
        let exact_term = complete
            && !exact_title
            && e.own_notes().iter().any(|nt| {
                matches!(nt.kind, NoteKind::InclusionTerm | NoteKind::Includes)
                    && is_whole(&core_words(nt.text), &matches)
            });
        let phrase = all_in_title && complete && is_phrase(&title_words, &matches, n);
        let tier = match (complete, exact_title || exact_term, phrase, all_in_title) {
            (false, ..) => 6,
            (true, true, ..) => 2,
            (true, false, true, _) => 3,
            (true, false, false, true) => 4,
            _ => 5,
        };
        let quality = used.iter().map(|&i| acc.best[i]).sum::<f32>() / n as f32;
        let brevity = used.len() as f32 / title_words.len().max(used.len()).max(1) as f32;
        // A title that opens with a query word names the head concept (PCS titles open with
        // the root operation: "Bypass Coronary Artery…" for "coronary artery bypass").
        let opens = title_words.first().is_some_and(|w| matches.iter().any(|m| m.words.contains(w)));
        let score = (quality * 600.0 + brevity * 300.0 + if opens { 150.0 } else { 0.0 }) as i32
            - if exact_term { 50 } else { 0 };
        insert(found, ordinal, Rank { tier: (tier + demote).min(6), score });
    }
}

/// The words of a title or inclusion term outside parentheses (nonessential modifiers) and
/// brackets, without stop words.
fn core_words(text: &str) -> Vec<String> {
    let mut depth = 0i32;
    let mut kept = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    words(&kept).into_iter().filter(|w| !is_stop_word(w)).collect()
}

/// Whether the words are exactly the tokens (in any order), each matched by its token.
fn is_whole(core: &[String], matches: &[TokenMatches]) -> bool {
    core.len() == matches.len() && {
        let mut used = vec![false; core.len()];
        matches.iter().all(|m| {
            let hit = core.iter().enumerate().find(|(i, w)| !used[*i] && m.words.contains(*w));
            hit.map(|(i, _)| used[i] = true).is_some()
        })
    }
}

/// Scores codes over the tokens in `order` (cheapest first): the first token's postings make
/// the candidates, later tokens only update them.
fn score_all<D: AsRef<[u8]> + Clone>(
    set: &CodeSet<D>,
    matches: &[TokenMatches],
    order: &[usize],
    keep: &dyn Fn(u32) -> bool,
) -> HashMap<u32, Acc> {
    let mut acc: HashMap<u32, Acc> = HashMap::new();
    for (step, &i) in order.iter().enumerate() {
        let mut budget = POSTING_BUDGET;
        for ex in &matches[i].expansions {
            if budget == 0 {
                break;
            }
            budget = budget.saturating_sub(set.posting_len(ex.offset));
            set.for_each_posting(ex.offset, |ordinal, mask| {
                let slot = if step == 0 {
                    if !keep(ordinal) {
                        return;
                    }
                    acc.entry(ordinal).or_insert(Acc { best: [0.0; MAX_WORDS], in_title: 0 })
                } else {
                    match acc.get_mut(&ordinal) {
                        Some(s) => s,
                        None => return,
                    }
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
    acc
}

/// Whether the tokens appear in the title as consecutive words, in order.
fn is_phrase(title: &[String], matches: &[TokenMatches], n: usize) -> bool {
    if n == 0 || title.len() < n {
        return n == 0;
    }
    (0..=title.len() - n).any(|start| (0..n).all(|j| matches[j].words.contains(&title[start + j])))
}
