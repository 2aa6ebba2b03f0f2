//! Warming the engine up while the page is idle, before the user types.
//!
//! A page's first searches are its slowest: in a browser the engine's WebAssembly is compiled
//! function by function on first call and runs unoptimised until it has run a while, so the
//! first keystrokes that reach the ranking, the typo pass or the procedure grammar take several
//! milliseconds each. A page can spend idle time instead on searches nobody asked for, one
//! keystroke at a time ([`WarmUp::step`]). What they leave in the recent-search memory is
//! forgotten at the end, so nothing the user then types finds their words remembered.

use codeglass_tables::{Catalog, Date};

use crate::search::{search, SearchOptions};

/// Queries that reach every part of the search between them: plain words, a clinical
/// abbreviation, a typo, a combination, an injury with its side, codes of both systems typed in
/// pieces, and procedure names and abbreviations. None is a query the budgets type.
const QUERIES: &[&str] = &[
    "asthma with acute exacerbation",
    "hx of cva",
    "laceration of left hand",
    "migrane headache",
    "type 2 diabetes with neuropathy",
    "J45.909",
    "0SRC0J9",
    "lap chole",
    "total knee replacement right",
    "biopsy of liver",
    "pnuemonia",
    "acute resp failure w hypoxia",
    "ckd stage 3",
    "fx of left femur",
    "htn with chf",
    "I10",
    "colonoscopy with biopsy",
];

/// Where the warm-up is: the query and how many of its characters were typed.
#[derive(Clone, Debug, Default)]
pub struct WarmUp {
    round: usize,
    query: usize,
    typed: usize,
}

/// Times the queries are typed: V8 optimises a function only once it has run a while, and a
/// second round (with the first's memory forgotten, so that it computes again) takes the
/// functions one round left half-warm over that line.
const ROUNDS: usize = 2;

impl WarmUp {
    pub fn new() -> WarmUp {
        WarmUp::default()
    }

    /// Searches the warm-up's next keystroke in `catalog` on `date`, as the search box would;
    /// `false` once every query was typed (and what they left in memory was forgotten).
    pub fn step<D: AsRef<[u8]> + Clone>(&mut self, catalog: &Catalog<D>, date: Date) -> bool {
        let Some(query) = QUERIES.get(self.query).filter(|_| self.round < ROUNDS) else { return false };
        self.typed += 1;
        let typed: String = query.chars().take(self.typed).collect();
        let _ = search(catalog, &typed, date, &SearchOptions::default());
        if self.typed >= query.chars().count() {
            self.query += 1;
            self.typed = 0;
        }
        if self.query == QUERIES.len() {
            crate::recent::forget();
            self.round += 1;
            self.query = 0;
            return self.round < ROUNDS;
        }
        true
    }
}
