//! A Levenshtein automaton for `fst` searches: the state is one row of the edit-distance
//! table, so no DFA is built up front and the walk prunes every branch that cannot come back
//! within the allowed distance.

use fst::Automaton;

/// Longest word the automaton handles; longer query words are not fuzzed.
pub const MAX_LEN: usize = 31;

/// Matches words within `max` edits (insertions, deletions, substitutions) of `word`.
pub struct Levenshtein<'a> {
    word: &'a [u8],
    max: u8,
}

impl<'a> Levenshtein<'a> {
    /// `None` when the word is too long to fuzz.
    pub fn new(word: &'a str, max: u8) -> Option<Self> {
        (word.len() <= MAX_LEN).then_some(Levenshtein { word: word.as_bytes(), max })
    }
}

/// A row of the edit-distance table (`row[i]`: distance from the input so far to `word[..i]`).
#[derive(Clone, Copy)]
pub struct Row([u8; MAX_LEN + 1]);

impl Automaton for Levenshtein<'_> {
    type State = Row;

    fn start(&self) -> Row {
        let mut r = [u8::MAX; MAX_LEN + 1];
        for (i, slot) in r.iter_mut().enumerate().take(self.word.len() + 1) {
            *slot = i as u8;
        }
        Row(r)
    }

    fn is_match(&self, state: &Row) -> bool {
        state.0[self.word.len()] <= self.max
    }

    fn can_match(&self, state: &Row) -> bool {
        state.0[..=self.word.len()].iter().any(|&d| d <= self.max)
    }

    fn accept(&self, state: &Row, byte: u8) -> Row {
        let prev = &state.0;
        let mut next = [u8::MAX; MAX_LEN + 1];
        next[0] = prev[0].saturating_add(1);
        for i in 1..=self.word.len() {
            let substitute = prev[i - 1].saturating_add(u8::from(self.word[i - 1] != byte));
            next[i] = substitute.min(prev[i].saturating_add(1)).min(next[i - 1].saturating_add(1));
        }
        Row(next)
    }
}

/// Plain edit distance, for grading the words the automaton found.
pub fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(cur + 1).min(row[j] + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Set, Streamer};

    #[test]
    fn finds_words_within_the_distance() {
        let set = Set::from_iter(["asthma", "diabetes", "diabetic", "pneumonia", "zebra"]).unwrap();
        let find = |w: &str, k: u8| {
            let mut out = Vec::new();
            let mut s = set.search(Levenshtein::new(w, k).unwrap()).into_stream();
            while let Some(k) = s.next() {
                out.push(String::from_utf8(k.to_vec()).unwrap());
            }
            out
        };
        assert_eq!(find("diabtes", 1), ["diabetes"]);
        assert_eq!(find("astma", 1), ["asthma"]);
        assert_eq!(find("pnuemonia", 2), ["pneumonia"]);
        assert!(find("pnuemonia", 1).is_empty());
        assert_eq!(distance("pnuemonia", "pneumonia"), 2);
        assert_eq!(distance("", "abc"), 3);
    }
}
