//! A Levenshtein automaton for `fst` searches: the state is the last two rows of the
//! edit-distance table, so no DFA is built up front and the walk prunes every branch that
//! cannot come back within the allowed distance. Two swapped neighbours count as one edit
//! ("athsma" → asthma), the commonest slip of a typing hand.

use fst::Automaton;

/// Longest word the automaton handles; longer query words are not fuzzed.
pub const MAX_LEN: usize = 31;

/// Matches words within `max` edits (insertions, deletions, substitutions, swaps of two
/// neighbours) of `word`.
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

/// The last row of the edit-distance table (`row[i]`: distance from the input so far to
/// `word[..i]`), the row before it and the byte read before the last, for swaps.
#[derive(Clone, Copy)]
pub struct Row {
    row: [u8; MAX_LEN + 1],
    before: [u8; MAX_LEN + 1],
    last: Option<u8>,
}

impl Automaton for Levenshtein<'_> {
    type State = Row;

    fn start(&self) -> Row {
        let mut r = [u8::MAX; MAX_LEN + 1];
        for (i, slot) in r.iter_mut().enumerate().take(self.word.len() + 1) {
            *slot = i as u8;
        }
        Row { row: r, before: [u8::MAX; MAX_LEN + 1], last: None }
    }

    fn is_match(&self, state: &Row) -> bool {
        state.row[self.word.len()] <= self.max
    }

    fn can_match(&self, state: &Row) -> bool {
        // A swap reaches back two rows: the row before may still lead to a match.
        let near = |r: &[u8; MAX_LEN + 1]| r[..=self.word.len()].iter().any(|&d| d <= self.max);
        near(&state.row) || (state.last.is_some() && near(&state.before))
    }

    fn accept(&self, state: &Row, byte: u8) -> Row {
        let prev = &state.row;
        let mut next = [u8::MAX; MAX_LEN + 1];
        next[0] = prev[0].saturating_add(1);
        // Only the band within `max` of the input's length can hold a distance within `max`
        // (row[i] is at least |read - i|); the cells outside stay "too far".
        let read = usize::from(next[0]);
        let max = usize::from(self.max);
        for i in read.saturating_sub(max).max(1)..=(read + max).min(self.word.len()) {
            let substitute = prev[i - 1].saturating_add(u8::from(self.word[i - 1] != byte));
            next[i] = substitute.min(prev[i].saturating_add(1)).min(next[i - 1].saturating_add(1));
            if i >= 2 && state.last == Some(self.word[i - 1]) && byte == self.word[i - 2] && byte != self.word[i - 1] {
                next[i] = next[i].min(state.before[i - 2].saturating_add(1));
            }
        }
        Row { row: next, before: *prev, last: Some(byte) }
    }
}

/// The same edit distance (a swap of neighbours is one edit), for grading the words the
/// automaton found.
pub fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // d[i][j]: distance from a[..i] to b[..j].
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, slot) in d[0].iter_mut().enumerate() {
        *slot = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let mut best =
                (d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1])).min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
            if i >= 2 && j >= 2 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && a[i - 1] != a[i - 2] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
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
        assert_eq!(find("pnuemonia", 1), ["pneumonia"]);
        assert_eq!(find("ashtma", 1), ["asthma"]);
        assert!(find("pnuemoina", 1).is_empty());
        assert_eq!(distance("pnuemonia", "pneumonia"), 1);
        assert_eq!(distance("athsma", "asthma"), 2);
        assert_eq!(distance("ab", "ba"), 1);
        assert_eq!(distance("abc", "ca"), 3);
        assert_eq!(distance("", "abc"), 3);
    }
}
