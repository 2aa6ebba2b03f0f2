//! One query word against a code set's word index: its exact, singular, prefix and typo
//! matches with their quality, and how well it matches a word of a code's text.

use std::collections::HashMap;

use codeglass_tables::{words, CodeSet};
use fst::{IntoStreamer, Streamer};

use crate::fuzzy::{distance, Levenshtein};
use crate::query::is_stop_word;
use crate::search::{FastHash, WordSet};

/// A query word's matches in the word index.
pub(crate) struct Expansion {
    pub(crate) offset: u64,
    pub(crate) quality: f32,
}

/// What one query word matches in a code set.
pub(crate) struct TokenMatches {
    pub(crate) token: String,
    pub(crate) expansions: Vec<Expansion>,
    /// Every index word the token matched (exact, stem, listed prefixes, typos), for checks
    /// on titles; words beyond the prefix cap are recognised by `quality_of`.
    pub(crate) words: WordSet,
    /// Typo matches with their quality.
    pub(crate) fuzzy: HashMap<String, f32, FastHash>,
    /// Matches a byte-prefix test cannot see: singular stems and typo matches.
    pub(crate) extras: WordSet,
    pub(crate) cost: u64,
    /// Whether the prefix completions stop at a cap ("c": the 40 shortest of thousands): the
    /// postings then miss most codes a word it begins is in.
    pub(crate) capped: bool,
    /// A number also matches the ranges titles name ("bmi 41" → "40.0-44.9"): it is checked
    /// on each candidate's text, never made the candidates from its postings.
    pub(crate) number: Option<f64>,
}

impl TokenMatches {
    /// How well a word of a code's text matches the token (0: not at all).
    pub(crate) fn quality_of(&self, w: &str) -> f32 {
        if w == self.token {
            1.0
        } else if w.len() > self.token.len() && w.starts_with(self.token.as_str()) && !opposite(&self.token, w) {
            0.6 + 0.3 * self.token.len() as f32 / w.len() as f32
        } else if self.words.contains(w) {
            self.fuzzy.get(w).copied().unwrap_or(0.95)
        } else {
            0.0
        }
    }
}

/// The value of a word that is a number ("41").
pub(crate) fn number(word: &str) -> Option<f64> {
    word.bytes().all(|b| b.is_ascii_digit()).then(|| word.parse().ok()).flatten()
}

/// Index words within `max` edits of the token, with the same first letter (by far the
/// common case: searching only that letter's words makes the walk about twenty times smaller).
fn typos<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, token: &str, max: u8) -> Vec<(usize, String, u64)> {
    let Some(lev) = Levenshtein::new(token, max) else { return Vec::new() };
    let first = &token.as_bytes()[..1];
    let after = [first[0] + 1];
    let mut stream = set.word_index().search(lev).ge(first).lt(&after[..]).into_stream();
    let mut out = Vec::new();
    while let Some((k, v)) = stream.next() {
        if out.len() >= 64 {
            break;
        }
        let w = String::from_utf8_lossy(k).into_owned();
        out.push((distance(token, &w), w, v));
    }
    out
}

/// The index words a word that is in no title (and begins none) misspells, likeliest first:
/// distance 1 from 5 letters, 2 from 7 (a swap of neighbours, "siezure", is one), 2 from 6
/// when one finds nothing ("athsma") and 3 from 9 when two find nothing; same first letter,
/// else a first letter dropped or added ("ciatica"); among words as near, the one more titles
/// use ("artheritis": arthritis before arteritis).
fn misspellings<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, token: &str) -> Vec<(usize, String, u64)> {
    let mut fuzzy = typos(set, token, if token.len() >= 7 { 2 } else { 1 });
    if fuzzy.is_empty() && token.len() >= 6 {
        fuzzy = typos(set, token, 2);
    }
    // A long word still reads through three slips ("hemmoroids": hemorrhoids).
    if fuzzy.is_empty() && token.len() >= 9 {
        fuzzy = typos(set, token, 3);
    }
    // A slip of the first letter is one edit, nearer than two after it.
    if fuzzy.iter().all(|(d, ..)| *d > 1) {
        let index = set.word_index();
        let dropped = token.get(1..).map(str::to_string);
        let added = ('a'..='z').map(|c| format!("{c}{token}"));
        fuzzy.extend(dropped.into_iter().chain(added).filter_map(|w| index.get(&w).map(|off| (1, w, off))));
    }
    // Among words as near, one with the same letters in another order ("chrons": crohns, not
    // chronic) is the likelier slip.
    fuzzy.sort_by_cached_key(|(d, w, off)| {
        (*d, !same_letters(token, w), std::cmp::Reverse(set.posting_len(*off)), w.clone())
    });
    fuzzy
}

/// Whether two words have the same letters, as many times each.
fn same_letters(a: &str, b: &str) -> bool {
    let sorted = |w: &str| {
        let mut v: Vec<u8> = w.bytes().collect();
        v.sort_unstable();
        v
    };
    a.len() == b.len() && sorted(a) == sorted(b)
}

/// The word a misspelt query word most likely means, when no word of the index is or begins
/// with it ("osteoporsis" → osteoporosis), so the vocabulary can read it: the likeliest of its
/// typo matches (computed once per keystroke, with its other matches).
pub(crate) fn respelled<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, token: &str) -> Option<String> {
    if token.len() < 5 || !token.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let m = crate::recent::matches(set, token);
    m.fuzzy.iter().max_by(|a, b| a.1.total_cmp(b.1)).map(|(w, _)| w.clone())
}

/// "with" and "without" are opposites, never a word and its completion; nor is an ordinal.
fn opposite(token: &str, word: &str) -> bool {
    // "2nd trimester" is not "secondary".
    (token == "with" && word.starts_with("without"))
        || matches!(token, "first" | "second" | "third" | "fourth" | "fifth")
}

/// Other forms of the word that titles use: the singular (`fractures` → `fracture`,
/// `injuries` → `injury`), the "-ing" form and back, and the condition's noun or adjective.
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
    // An act and its "-ing" form ("hx of falls": "History of falling"; "bleed": bleeding).
    let acts: Vec<String> = std::iter::once(token.to_string())
        .chain(out.iter().cloned())
        .filter(|b| b.len() >= 3 && !b.ends_with("ing") && !b.ends_with('e'))
        .map(|b| format!("{b}ing"))
        .collect();
    out.extend(acts);
    if let Some(s) = token.strip_suffix("ing").filter(|s| s.len() >= 4) {
        out.push(s.to_string());
    }
    // The noun and its adjective name one condition in titles ("hypertension urgency" is
    // "Hypertensive urgency", "necrotic" is "necrosis").
    if token.len() > 6 {
        for (noun, adjective) in WORD_FORMS {
            if let Some(s) = token.strip_suffix(noun) {
                out.push(format!("{s}{adjective}"));
            } else if let Some(s) = token.strip_suffix(adjective) {
                out.push(format!("{s}{noun}"));
            }
        }
    }
    out
}

/// Noun and adjective endings of one condition.
const WORD_FORMS: [(&str, &str); 7] = [
    ("sion", "sive"),
    ("tion", "tive"),
    ("osis", "otic"),
    ("emia", "emic"),
    ("ence", "ent"),
    ("ation", "ated"),
    ("ction", "cted"),
];

pub(crate) fn token_matches<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, token: &str) -> TokenMatches {
    let index = set.word_index();
    let mut expansions = Vec::new();
    let mut seen = WordSet::default();
    let mut fuzzy_quality: HashMap<String, f32, FastHash> = HashMap::default();
    let mut add = |word: &str, offset: u64, quality: f32, expansions: &mut Vec<Expansion>| {
        if seen.insert(word.to_string()) {
            expansions.push(Expansion { offset, quality });
        }
    };
    if let Some(off) = index.get(token) {
        add(token, off, 1.0, &mut expansions);
    }
    let mut extras = WordSet::default();
    for s in stems(token) {
        if let Some(off) = index.get(&s) {
            add(&s, off, 0.95, &mut expansions);
            extras.insert(s);
        }
    }
    let exact_found = !expansions.is_empty();
    // Prefix: every word starting with the token (the shortest completions first).
    let cap = if token.len() <= 2 { 40 } else { 200 };
    let mut prefixed: Vec<(String, u64)> = Vec::new();
    let mut capped = false;
    let mut stream = index.range().ge(token.as_bytes()).into_stream();
    while let Some((k, v)) = stream.next() {
        capped = prefixed.len() >= cap;
        if !k.starts_with(token.as_bytes()) || capped {
            break;
        }
        // "o" must not bring in "of": stop words are never searched.
        let w = std::str::from_utf8(k).unwrap_or("");
        if k.len() > token.len() && !is_stop_word(w) && !opposite(token, w) {
            prefixed.push((w.to_string(), v));
        }
    }
    prefixed.sort_by(|(a, _), (b, _)| (a.len(), a).cmp(&(b.len(), b)));
    for (w, off) in &prefixed {
        let quality = 0.6 + 0.3 * token.len() as f32 / w.len() as f32;
        add(w, *off, quality, &mut expansions);
    }
    // Typos, only when nothing in the index is or starts with the word (a word being typed
    // is not a typo) and the vocabulary does not know it (it is spelt right: "appendectomy";
    // or being typed: "appendectom").
    let in_vocabulary = || crate::query::in_a_term(token) || crate::query::completed_term_word(token).is_some();
    if !exact_found && prefixed.is_empty() && token.len() >= 5 && !in_vocabulary() {
        for (i, (d, w, off)) in misspellings(set, token).into_iter().enumerate() {
            let q = if d <= 1 { 0.72 } else { 0.58 } - if i == 0 { 0.0 } else { 0.02 };
            fuzzy_quality.insert(w.clone(), q);
            if !w.starts_with(token) {
                extras.insert(w.clone());
            }
            add(&w, off, q, &mut expansions);
        }
    }
    let cost = expansions.iter().map(|e| set.posting_len(e.offset)).sum();
    // A percentile is said as an ordinal ("97th percentile": the band "95th … to less than
    // 120% of the 95th"); ordinals under ten name a finger, rib or vertebra (the vocabulary's).
    let number = number(token).or_else(|| {
        ["st", "nd", "rd", "th"].iter().find_map(|s| token.strip_suffix(s)).and_then(number).filter(|n| *n >= 10.0)
    });
    TokenMatches {
        token: token.to_string(),
        expansions,
        words: seen,
        fuzzy: fuzzy_quality,
        extras,
        cost,
        capped,
        number,
    }
}

/// The best match of the token among the words of `bytes` (a title or note, not checked as
/// UTF-8). ASCII words are compared in place; only words with other characters (rare) go
/// through `words`.
pub(crate) fn best_word(m: &TokenMatches, bytes: &[u8]) -> f32 {
    let token = m.token.as_bytes();
    let mut best = 0.0f32;
    let mut i = 0;
    while i < bytes.len() {
        if !is_word_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut ascii = true;
        while i < bytes.len() && is_word_byte(bytes[i]) {
            ascii &= bytes[i].is_ascii();
            i += 1;
        }
        let word = &bytes[start..i];
        let q = if !ascii {
            words(&String::from_utf8_lossy(word)).iter().map(|w| m.quality_of(w)).fold(0.0, f32::max)
        } else if word.len() >= token.len() && word[..token.len()].eq_ignore_ascii_case(token) {
            if word.len() == token.len() {
                1.0
            } else if m.token == "with" && word[..].eq_ignore_ascii_case(b"without") {
                0.0
            } else {
                0.6 + 0.3 * token.len() as f32 / word.len() as f32
            }
        } else if !m.extras.is_empty() {
            m.quality_of(&String::from_utf8_lossy(word).to_ascii_lowercase())
        } else {
            0.0
        };
        if q > best {
            best = q;
            if best >= 1.0 {
                break;
            }
        }
    }
    best
}

/// Letters, digits, apostrophes (inside words) and any non-ASCII byte.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'\'' || !b.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::stems;

    #[test]
    fn a_condition_is_found_as_noun_or_adjective() {
        assert!(stems("hypertension").contains(&"hypertensive".to_string()));
        assert!(stems("obstructive").contains(&"obstruction".to_string()));
        assert!(stems("necrotic").contains(&"necrosis".to_string()));
        assert!(stems("dehydrated").contains(&"dehydration".to_string()));
        assert!(stems("dependent").contains(&"dependence".to_string()));
        assert!(stems("falls").contains(&"falling".to_string()));
        assert!(stems("bleeding").contains(&"bleed".to_string()));
        assert!(stems("fractures").contains(&"fracture".to_string()));
        assert!(!stems("lesion").iter().any(|s| s.ends_with("sive")), "short words keep their form");
    }
}
