//! What a claim makes true, as a flat table indexed by interned (prefix, name) keys, and the
//! formulas compiled to those keys so evaluating one is a few array reads.
//!
//! A fact carries the set of MDC lists in which it is *suppressed* (bit `m` = list `m`): the
//! components of a satisfied procedure cluster lose their own attributes in the cluster's
//! suppression MDCs. When several codes give the same fact, it is suppressed only where every
//! one of them is.

use crate::data::Names;
use crate::formula::{Expr, Prefix};

const PREFIXES: u32 = 5;

/// The key of `prefix:name` in a [`FactSet`].
pub(crate) fn key(prefix: Prefix, id: u16) -> u32 {
    let p = match prefix {
        Prefix::None => 0,
        Prefix::Pdx => 1,
        Prefix::Sdx => 2,
        Prefix::Any => 3,
        Prefix::Only => 4,
    };
    u32::from(id) * PREFIXES + p
}

/// A formula over fact keys.
#[derive(Clone, Debug)]
pub(crate) enum CExpr {
    Key(u32),
    Not(Box<CExpr>),
    And(Vec<CExpr>),
    Or(Vec<CExpr>),
}

impl CExpr {
    pub(crate) fn compile(e: &Expr, names: &mut Names) -> CExpr {
        match e {
            Expr::Atom(a) => CExpr::Key(key(a.prefix, names.id(&a.name))),
            Expr::Not(e) => CExpr::Not(Box::new(CExpr::compile(e, names))),
            Expr::And(v) => CExpr::And(v.iter().map(|e| CExpr::compile(e, names)).collect()),
            Expr::Or(v) => CExpr::Or(v.iter().map(|e| CExpr::compile(e, names)).collect()),
        }
    }

    /// Evaluated in formula list `list` (suppression is per list).
    pub(crate) fn eval(&self, facts: &FactSet, list: u8) -> bool {
        match self {
            CExpr::Key(k) => facts.holds(*k, list),
            CExpr::Not(e) => !e.eval(facts, list),
            CExpr::And(v) => v.iter().all(|e| e.eval(facts, list)),
            CExpr::Or(v) => v.iter().any(|e| e.eval(facts, list)),
        }
    }

    /// The keys that hold and make the formula true (the atoms of the true branches).
    pub(crate) fn true_keys(&self, facts: &FactSet, list: u8, out: &mut Vec<u32>) {
        match self {
            CExpr::Key(k) => {
                if facts.holds(*k, list) {
                    out.push(*k);
                }
            }
            CExpr::Not(_) => {}
            CExpr::And(v) | CExpr::Or(v) => {
                for e in v.iter().filter(|e| e.eval(facts, list)) {
                    e.true_keys(facts, list, out);
                }
            }
        }
    }
}

/// The facts of one claim: a presence bitmap over every key (a few KB, cheap to clear) and,
/// for the rare facts that are suppressed somewhere, their suppression bits.
#[derive(Clone, Debug)]
pub(crate) struct FactSet {
    present: Vec<u64>,
    /// (key, MDC lists where it is suppressed), sorted by key; absent = suppressed nowhere.
    suppressed: Vec<(u32, u32)>,
}

impl FactSet {
    pub(crate) fn new(names: usize) -> FactSet {
        FactSet { present: vec![0; (names * PREFIXES as usize).div_ceil(64)], suppressed: Vec::new() }
    }

    fn is_present(&self, k: u32) -> bool {
        self.present.get(k as usize / 64).is_some_and(|w| w & (1 << (k % 64)) != 0)
    }

    pub(crate) fn holds(&self, k: u32, list: u8) -> bool {
        if !self.is_present(k) {
            return false;
        }
        if list >= 32 || self.suppressed.is_empty() {
            return true;
        }
        match self.suppressed.binary_search_by_key(&k, |e| e.0) {
            Ok(i) => self.suppressed[i].1 & (1 << list) == 0,
            Err(_) => true,
        }
    }

    /// A fact given by one more code: suppressed only where every code giving it is.
    fn put(&mut self, k: u32, suppressed_in: u32) {
        let Some(word) = self.present.get_mut(k as usize / 64) else { return };
        let was_present = *word & (1 << (k % 64)) != 0;
        *word |= 1 << (k % 64);
        let at = self.suppressed.binary_search_by_key(&k, |e| e.0);
        match (was_present, at) {
            (false, Err(i)) if suppressed_in != 0 => self.suppressed.insert(i, (k, suppressed_in)),
            (true, Ok(i)) => {
                self.suppressed[i].1 &= suppressed_in;
                if self.suppressed[i].1 == 0 {
                    self.suppressed.remove(i);
                }
            }
            _ => {}
        }
    }

    /// An attribute of a procedure, cluster or special fact: true bare and with `ANY:`.
    pub(crate) fn add(&mut self, id: u16, suppressed_in: u32) {
        self.put(key(Prefix::None, id), suppressed_in);
        self.put(key(Prefix::Any, id), suppressed_in);
    }

    /// An attribute of the principal diagnosis.
    pub(crate) fn add_pdx(&mut self, id: u16) {
        self.add(id, 0);
        self.put(key(Prefix::Pdx, id), 0);
    }

    /// An attribute of a secondary diagnosis.
    pub(crate) fn add_sdx(&mut self, id: u16) {
        self.add(id, 0);
        self.put(key(Prefix::Sdx, id), 0);
    }

    pub(crate) fn add_only(&mut self, id: u16) {
        self.put(key(Prefix::Only, id), 0);
    }

    pub(crate) fn remove(&mut self, id: u16) {
        for p in [Prefix::None, Prefix::Any] {
            let k = key(p, id);
            if let Some(word) = self.present.get_mut(k as usize / 64) {
                *word &= !(1 << (k % 64));
            }
            if let Ok(i) = self.suppressed.binary_search_by_key(&k, |e| e.0) {
                self.suppressed.remove(i);
            }
        }
    }
}
