//! What recent searches computed and the next keystroke asks again: each keystroke searches
//! the words typed so far, and only the word being typed is new.
//! - A word's matches in a code set (its prefix completions, stems and typos: a walk of the
//!   word index).
//! - The codes scored on a set of words when no filter applies: the partial pass of "atrial
//!   f", "atrial fi", "atrial fib"… scores "atrial" alone each time.
//!
//! Both are functions of the table and the words alone, so keeping them changes no result.
//! Tables are told apart by [`CodeSet::instance`], never by address. The memory is bounded:
//! past its capacity the oldest half is forgotten.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use codeglass_tables::CodeSet;

use crate::search::{Scored, ScoredWords};
use crate::token::{token_matches, TokenMatches};

/// Words remembered (per thread): a few queries' worth in each code set.
const CAPACITY: usize = 64;
/// Scored word sets remembered (per thread; each up to a few thousand codes).
const SCORED_CAPACITY: usize = 8;

thread_local! {
    static RECENT: RefCell<VecDeque<(u64, Rc<TokenMatches>)>> = const { RefCell::new(VecDeque::new()) };
    static SCORED: RefCell<VecDeque<(u64, ScoredWords, Rc<Scored>)>> = const { RefCell::new(VecDeque::new()) };
}

/// `compute()`, or what it gave lately for the same words in `set` (computed without a filter).
pub(crate) fn scored<D: AsRef<[u8]> + Clone>(
    set: &CodeSet<D>,
    words: &ScoredWords,
    compute: impl FnOnce() -> Scored,
) -> Rc<Scored> {
    let instance = set.instance();
    let known = SCORED.with_borrow(|recent| {
        recent.iter().find(|(i, w, _)| *i == instance && w == words).map(|(_, _, s)| Rc::clone(s))
    });
    if let Some(s) = known {
        return s;
    }
    let s = Rc::new(compute());
    SCORED.with_borrow_mut(|recent| {
        if recent.len() >= SCORED_CAPACITY {
            recent.drain(..SCORED_CAPACITY / 2);
        }
        recent.push_back((instance, words.clone(), Rc::clone(&s)));
    });
    s
}

/// [`token_matches`], from the recent searches when `set` matched `token` lately.
pub(crate) fn matches<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, token: &str) -> Rc<TokenMatches> {
    let instance = set.instance();
    let known = RECENT.with_borrow(|recent| {
        recent.iter().find(|(i, m)| *i == instance && m.token == token).map(|(_, m)| Rc::clone(m))
    });
    if let Some(m) = known {
        return m;
    }
    let m = Rc::new(token_matches(set, token));
    RECENT.with_borrow_mut(|recent| {
        if recent.len() >= CAPACITY {
            recent.drain(..CAPACITY / 2);
        }
        recent.push_back((instance, Rc::clone(&m)));
    });
    m
}

/// Forgets every remembered word and scored set (the warm-up's searches are nobody's).
pub(crate) fn forget() {
    RECENT.with_borrow_mut(VecDeque::clear);
    SCORED.with_borrow_mut(VecDeque::clear);
}
