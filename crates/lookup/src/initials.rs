//! Abbreviations the vocabulary does not list, read from the titles themselves: "plmd" is
//! the initials of "periodic limb movement disorder", "gvhd" of "graft-versus-host disease",
//! "ttp" of the inclusion term "thrombotic thrombocytopenic purpura". Coders type such
//! initialisms for conditions whose titles spell them out; the vocabulary cannot list them all
//! (nor is every initialism one letter a word: "cteph" spells "thromboembolic" twice).
//!
//! A word is read this way only when no code set knows it (no title word, completion or typo)
//! and the vocabulary has no term with it: then the alternative is an empty list. Which codes
//! spell which initials is indexed once per code set, on the first such word (the page's idle
//! warm-up types one), so a keystroke reads a few codes, not every title.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use codeglass_tables::{is_stop_word, words_into, CodeSet, Entry, NoteKind};

/// Initialisms shorter than this match too many phrases by chance ("bv": any two words).
const MIN_LETTERS: usize = 3;
/// Longer ones are rarely initialisms (and six letters pack into a `u32`).
const MAX_LETTERS: usize = 6;
/// Code sets indexed (per thread): the two systems of a year or two.
const CAPACITY: usize = 4;

/// A code set's initials: (packed initials, ordinal) for every whole clause of a title or
/// inclusion term that spells 3 to 6 letters, sorted.
struct Index {
    instance: u64,
    keys: Vec<(u32, u32)>,
}

thread_local! {
    static INDEXES: RefCell<Vec<Rc<Index>>> = const { RefCell::new(Vec::new()) };
}

/// The phrase whose initials spell `token` as a whole clause of the most codes' titles and
/// inclusion terms (see [`spell`]: "tof" is "tetralogy of fallot"), as search words without
/// stop words; `None` when no phrase does or `token` is no initialism.
pub(crate) fn spelled_out<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, token: &str) -> Option<Vec<String>> {
    let key = pack(token.as_bytes())?;
    let index = index(set);
    let from = index.keys.partition_point(|&(k, _)| k < key);
    let ordinals = index.keys[from..].iter().take_while(|&&(k, _)| k == key).map(|&(_, o)| o);
    // Phrase → (codes that say it, words skipped, first seen): the likeliest reading is the
    // commonest, then the one whose every word gave a letter.
    let mut counts: HashMap<String, (u32, usize, u32)> = HashMap::new();
    let (mut buf, mut spans) = (String::new(), Vec::new());
    let mut in_entry: Vec<(String, usize)> = Vec::new();
    for entry in ordinals.filter_map(|o| set.entry(o)) {
        for clause in clauses(&entry) {
            let words = clause_words(clause, &mut buf, &mut spans);
            if spell(&words, 0, token.as_bytes(), 0) == Some(words.len()) {
                let phrase = words.iter().filter(|w| !is_stop_word(w)).copied().collect::<Vec<_>>().join(" ");
                if !in_entry.iter().any(|(p, _)| *p == phrase) {
                    in_entry.push((phrase, words.len() - token.len()));
                }
            }
        }
        for (phrase, skipped) in in_entry.drain(..) {
            let seen = counts.len() as u32;
            counts.entry(phrase).or_insert((0, skipped, seen)).0 += 1;
        }
    }
    let (phrase, _) =
        counts.into_iter().max_by_key(|(_, (n, skipped, first))| (*n, std::cmp::Reverse((*skipped, *first))))?;
    Some(phrase.split(' ').map(str::to_string).collect())
}

/// The set's index, built on first use.
fn index<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>) -> Rc<Index> {
    let instance = set.instance();
    if let Some(i) = INDEXES.with_borrow(|all| all.iter().find(|i| i.instance == instance).cloned()) {
        return i;
    }
    let mut keys = Vec::new();
    let (mut buf, mut spans, mut found) = (String::new(), Vec::new(), Vec::new());
    // A 7th character's code repeats its parent's title: the parent (a header) says it once.
    for entry in set.iter().filter(|e| e.code().len() < 7) {
        for clause in clauses(&entry).filter(|c| may_spell(c)) {
            let words = clause_words(clause, &mut buf, &mut spans);
            found.clear();
            spellings(&words, 0, 0, 0, &mut found);
            keys.extend(found.iter().map(|&k| (k, entry.ordinal())));
        }
    }
    keys.sort_unstable();
    keys.dedup();
    let index = Rc::new(Index { instance, keys });
    INDEXES.with_borrow_mut(|all| {
        if all.len() >= CAPACITY {
            all.remove(0);
        }
        all.push(Rc::clone(&index));
    });
    index
}

/// The clauses of a code's title and inclusion terms: a phrase is a whole clause ("Graft-versus-
/// host disease, unspecified"), since initials spelled by words inside a longer clause are
/// mostly chance ("tendon of the posterior").
fn clauses<'a, D: AsRef<[u8]> + Clone>(entry: &Entry<'a, D>) -> impl Iterator<Item = &'a str> {
    let inclusions = entry.own_notes().into_iter().filter(|n| n.kind == NoteKind::InclusionTerm).map(|n| n.text);
    entry.title().into_iter().chain(inclusions).flat_map(|t| t.split([',', '(', ')', '[', ']', ';', ':']))
}

/// A clause's words, stop words included (they may spell "of"), read into reused buffers.
fn clause_words<'b>(clause: &str, buf: &'b mut String, spans: &mut Vec<(usize, usize)>) -> Vec<&'b str> {
    buf.clear();
    spans.clear();
    words_into(clause, buf, spans);
    spans.iter().map(|&(a, b)| &buf[a..b]).collect()
}

/// Whether a clause has about as many words as initials can have (a cheap look before it is
/// read word by word: most clauses are longer).
fn may_spell(clause: &str) -> bool {
    let mut words = 0;
    let mut in_word = false;
    for b in clause.bytes() {
        let letter = b.is_ascii_alphanumeric() || b >= 0x80;
        words += usize::from(letter && !in_word);
        in_word = letter;
    }
    (MIN_LETTERS..=MAX_LETTERS + 3).contains(&words)
}

/// Letters a to z, five bits each, first letter highest: equal initials, equal keys.
fn pack(letters: &[u8]) -> Option<u32> {
    if !(MIN_LETTERS..=MAX_LETTERS).contains(&letters.len()) || !letters.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    Some(letters.iter().fold(0, |k, &b| k << 5 | u32::from(b - b'a' + 1)))
}

/// Every packed initials the whole of `words` from `at` spells (by [`spell`]'s rules), given
/// `key` of `len` letters so far.
fn spellings(words: &[&str], at: usize, key: u32, len: usize, out: &mut Vec<u32>) {
    let Some(word) = words.get(at) else {
        if len >= MIN_LETTERS && !out.contains(&key) {
            out.push(key);
        }
        return;
    };
    let stop = is_stop_word(word);
    let first = word.as_bytes()[0];
    if (!stop || *word == "of") && len < MAX_LETTERS && first.is_ascii_lowercase() {
        spellings(words, at + 1, key << 5 | u32::from(first - b'a' + 1), len + 1, out);
    }
    if len > 0 && stop {
        spellings(words, at + 1, key, len, out);
    }
}

/// Where the words from `at` spell `initials[k..]`, the end of the phrase: each word gives its
/// first letter, except that a stop word inside the phrase may give none ("in the", "a"), and
/// of them only "of" is ever spelled ("tof", "loc").
fn spell(words: &[&str], at: usize, initials: &[u8], k: usize) -> Option<usize> {
    if k == initials.len() {
        return Some(at);
    }
    let word = *words.get(at)?;
    let stop = is_stop_word(word);
    if (!stop || word == "of") && word.as_bytes().first() == Some(&initials[k]) {
        if let Some(end) = spell(words, at + 1, initials, k + 1) {
            return Some(end);
        }
    }
    (k > 0 && stop).then(|| spell(words, at + 1, initials, k)).flatten()
}

#[cfg(test)]
mod tests {
    use super::{pack, spell, spellings};

    #[test]
    fn spells_through_stop_words() {
        let words = ["tetralogy", "of", "fallot"];
        assert_eq!(spell(&words, 0, b"tof", 0), Some(3));
        assert_eq!(spell(&words, 0, b"tf", 0), Some(3));
        assert_eq!(spell(&words, 1, b"of", 0), Some(3));
        assert_eq!(spell(&words, 0, b"tfx", 0), None);
        assert_eq!(spell(&["thromboembolism", "in", "the", "puerperium"], 0, b"ttp", 0), None);
        assert_eq!(spell(&["thromboembolism", "in", "the", "puerperium"], 0, b"tp", 0), Some(4));
    }

    #[test]
    fn spellings_are_what_spell_reads() {
        let mut out = Vec::new();
        spellings(&["tetralogy", "of", "fallot", "x"], 0, 0, 0, &mut out);
        let mut want = vec![pack(b"tofx").unwrap(), pack(b"tfx").unwrap()];
        want.sort_unstable();
        out.sort_unstable();
        assert_eq!(out, want);
        assert_eq!(pack(b"ab"), None);
        assert_ne!(pack(b"abc"), pack(b"abca"));
    }
}
