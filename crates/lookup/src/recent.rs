//! Token matches kept from recent searches: each keystroke searches the words typed so far
//! again, and a word's matches in a code set (its prefix completions, stems and typos: a walk
//! of the word index) do not change between keystrokes. Only the word being typed is new.
//!
//! The matches are a function of the table and the word alone, so keeping them changes no
//! result. Tables are told apart by [`CodeSet::instance`], never by address. The memory is
//! bounded: past [`CAPACITY`] words the oldest half is forgotten.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use codeglass_tables::CodeSet;

use crate::token::{token_matches, TokenMatches};

/// Words remembered (per thread): a few queries' worth in each code set.
const CAPACITY: usize = 64;

thread_local! {
    static RECENT: RefCell<VecDeque<(u64, Rc<TokenMatches>)>> = const { RefCell::new(VecDeque::new()) };
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
