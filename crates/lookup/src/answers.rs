//! Answers ranked at table compile time for the short words a keystroke spends the most on:
//! a one- or two-letter prefix (or a common three-letter one) matches thousands of codes, and
//! ranking them is most of a keystroke's time, while the answer is the same every time.
//!
//! The table compiler calls [`answers_to_store`], which runs this crate's own ranking, and
//! stores the result; [`crate::search`] reads it back when the query is exactly such a word
//! with the default options. Results are identical either way. A ranking change needs the
//! tables rebuilt (`codeglass tables build`); the test that compares `code_tables/` with a
//! fresh compile fails until they are.

use std::collections::{BTreeMap, BTreeSet};

use codeglass_tables::{Catalog, CodeSet, Date, StoredHit, System};
use fst::Streamer;

use crate::query::{parse, Query};
use crate::search::{rank, SearchOptions, Stored, PARTIAL_BELOW};
use crate::token::token_matches;

/// The result limit answers are ranked with: the search's default, the widget's list.
pub const ANSWER_LIMIT: usize = 20;

/// A three-letter prefix is stored when its readings' words have at least this many postings
/// (the posting budget a one-word search decodes at most): about 60 per code set.
const THREE_LETTER_POSTINGS: u64 = 4000;

/// The stored answer for `query` in `set`, when it holds: the query is one stored word and
/// reads exactly as that word does, with the limit it was ranked with, on a date with the
/// same valid codes as the date it was ranked for.
pub(crate) fn stored_answer<D: AsRef<[u8]> + Clone>(
    set: &CodeSet<D>,
    query: &Query,
    date: Date,
    limit: usize,
) -> Option<Vec<StoredHit>> {
    let answers = set.stored_answers()?;
    let [word] = query.variants.first()?.as_slice() else { return None };
    if query.code.is_some() || limit != answers.limit() || !set.same_codes_valid(date, answers.date()) {
        return None;
    }
    let hits = answers.get(word)?;
    // Other text that reads as this word ("DI", "di ") gets its answer; text that reads
    // otherwise ("the di": other expansions) does not.
    let stored = parse(word);
    let same = stored.code == query.code
        && stored.variants == query.variants
        && stored.typed_expansion == query.typed_expansion;
    same.then_some(hits)
}

/// The answers a `system` table valid on `date` stores: for each short word, its ranked
/// codes (at most [`ANSWER_LIMIT`]), as a search of that system alone ranks them.
pub fn answers_to_store<D: AsRef<[u8]> + Clone>(
    catalog: &Catalog<D>,
    system: System,
    date: Date,
) -> BTreeMap<String, Vec<StoredHit>> {
    let mut out = BTreeMap::new();
    let Ok(set) = catalog.code_set(system, date) else { return out };
    let opts = SearchOptions { system: Some(system), limit: ANSWER_LIMIT, ..SearchOptions::default() };
    for word in costly_prefixes(set) {
        // Only a word that reads as itself alone (no code, one word as typed).
        let query = parse(&word);
        if query.code.is_some() || query.variants.first().is_none_or(|v| v != std::slice::from_ref(&word)) {
            continue;
        }
        let Ok(Some(ranking)) = rank(catalog, &word, date, &opts, Stored::Ignore) else { continue };
        // With few codes found the partial pass would run, which depends on the other
        // system's codes in a search of both: such words are left to the search.
        if ranking.found_before_partial.iter().sum::<usize>() < PARTIAL_BELOW {
            continue;
        }
        let hits: Vec<StoredHit> = ranking
            .ranked
            .iter()
            .take(ANSWER_LIMIT)
            .map(|&(r, _, _, ordinal)| StoredHit { ordinal, tier: r.tier, score: r.score / 10 })
            .collect();
        out.insert(word, hits);
    }
    out
}

/// The postings a search of `word` reads in `set`: every word of every reading of it (the
/// text as typed and the vocabulary's expansions).
fn postings_read<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, word: &str) -> u64 {
    parse(word).variants.iter().flatten().map(|t| token_matches(set, t).cost).sum()
}

/// Every one- and two-letter prefix of the index's words, and the three-letter ones whose
/// readings read many postings (letters only: a digit makes a code query).
fn costly_prefixes<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>) -> BTreeSet<String> {
    let mut prefixes = BTreeSet::new();
    let mut stream = set.word_index().stream();
    while let Some((word, _)) = stream.next() {
        for n in 1..=3.min(word.len()) {
            if word[..n].iter().all(u8::is_ascii_lowercase) {
                prefixes.insert(String::from_utf8_lossy(&word[..n]).into_owned());
            }
        }
    }
    prefixes.retain(|p| p.len() < 3 || postings_read(set, p) >= THREE_LETTER_POSTINGS);
    prefixes
}
