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

/// The facts of one claim.
#[derive(Clone, Debug)]
pub(crate) struct FactSet {
    /// 0: absent; else `PRESENT | suppression bits`.
    slots: Vec<u64>,
}

const PRESENT: u64 = 1 << 32;

impl FactSet {
    pub(crate) fn new(names: usize) -> FactSet {
        FactSet { slots: vec![0; names * PREFIXES as usize] }
    }

    pub(crate) fn holds(&self, k: u32, list: u8) -> bool {
        let v = self.slots.get(k as usize).copied().unwrap_or(0);
        v != 0 && (list >= 32 || v & (1u64 << list) == 0)
    }

    fn put(&mut self, k: u32, suppressed_in: u32) {
        if let Some(slot) = self.slots.get_mut(k as usize) {
            *slot = if *slot == 0 {
                PRESENT | u64::from(suppressed_in)
            } else {
                *slot & (PRESENT | u64::from(suppressed_in))
            };
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
            if let Some(slot) = self.slots.get_mut(key(p, id) as usize) {
                *slot = 0;
            }
        }
    }
}
