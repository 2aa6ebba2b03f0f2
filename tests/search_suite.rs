//! Search quality on queries nobody tuned the engine with: `fixtures/search_suite.tsv`, written
//! by a coder from the coding conventions alone (Index defaults, Official Guidelines, PCS
//! conventions) before the ranking was changed for it.
//!
//! The suite is split once by a fixed rule: a query whose SHA-256 starts with an odd byte is
//! in the **held-out half**, which is only ever scored. Its misses are never printed, so the
//! engine cannot be tuned on them; the tuning half's misses are printed to work from. The test
//! fails when the held-out figures fall below the ones recorded in the README (the floors
//! below), when a query with a codeable word returns nothing, or when an answer is not a
//! billable code on the queries' date.

use std::collections::BTreeMap;

use codeglass_lookup::{search, SearchOptions};
use codeglass_tables::{canonical_code, Date, System};
use codeglass_tests::{catalog, project_root};
use sha2::{Digest, Sha256};

/// The held-out half's figures recorded in the README; the test fails below them.
const HELD_OUT_TOP1_FLOOR: f64 = 92.2;
const HELD_OUT_TOP5_FLOOR: f64 = 96.6;
/// The second tuning set's top-1 recorded in the README.
const SECOND_SET_TOP1_FLOOR: f64 = 98.2;
/// Its queries that return nothing (the goal is none).
const SECOND_SET_MAX_EMPTY: u32 = 0;
/// The third tuning set's top-1 recorded in the README, and its queries that return nothing.
const THIRD_SET_TOP1_FLOOR: f64 = 96.0;
const THIRD_SET_MAX_EMPTY: u32 = 0;
/// The fourth tuning set's top-1 recorded in the README, and its queries that return nothing.
const FOURTH_SET_TOP1_FLOOR: f64 = 95.1;
const FOURTH_SET_MAX_EMPTY: u32 = 0;
/// The fifth tuning set's top-1 recorded in the README, and its queries that return nothing.
const FIFTH_SET_TOP1_FLOOR: f64 = 92.9;
const FIFTH_SET_MAX_EMPTY: u32 = 0;
/// The sixth tuning set's top-1 recorded in the README, and its queries that return nothing.
const SIXTH_SET_TOP1_FLOOR: f64 = 93.1;
const SIXTH_SET_MAX_EMPTY: u32 = 0;
/// The seventh tuning set's top-1 recorded in the README, and its queries that return nothing.
const SEVENTH_SET_TOP1_FLOOR: f64 = 97.8;
const SEVENTH_SET_MAX_EMPTY: u32 = 0;
/// The eighth tuning set's top-1 recorded in the README, and its queries that return nothing.
const EIGHTH_SET_TOP1_FLOOR: f64 = 90.0;
const EIGHTH_SET_MAX_EMPTY: u32 = 0;
/// The ninth tuning set's top-1 recorded in the README, and its queries that return nothing.
const NINTH_SET_TOP1_FLOOR: f64 = 90.3;
const NINTH_SET_MAX_EMPTY: u32 = 0;
/// The tenth tuning set's top-1 recorded in the README, and its queries that return nothing.
const TENTH_SET_TOP1_FLOOR: f64 = 86.7;
const TENTH_SET_MAX_EMPTY: u32 = 0;
/// Queries (both halves) that return nothing; the goal is none.
const MAX_EMPTY: u32 = 1;

struct Query {
    text: String,
    system: System,
    kind: String,
    answers: Vec<String>,
}

fn suite(file: &str) -> Vec<Query> {
    let text = std::fs::read_to_string(project_root().join("tests/fixtures").join(file)).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty() && !l.starts_with("query\t"))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 5, "bad suite line {l:?}");
            Query {
                text: f[0].to_string(),
                system: f[1].parse().unwrap_or_else(|_| panic!("system {:?}", f[1])),
                kind: f[2].to_string(),
                answers: f[3].split(' ').map(|c| canonical_code(c).unwrap()).collect(),
            }
        })
        .collect()
}

/// The fixed split: the first byte of the query's SHA-256 is odd.
fn held_out(query: &str) -> bool {
    Sha256::digest(query.as_bytes())[0] & 1 == 1
}

#[derive(Default, Clone, Copy)]
struct Score {
    n: u32,
    top1: u32,
    top5: u32,
    empty: u32,
}

impl Score {
    fn add(&mut self, top1: bool, top5: bool, empty: bool) {
        self.n += 1;
        self.top1 += u32::from(top1);
        self.top5 += u32::from(top5);
        self.empty += u32::from(empty);
    }
    fn pct(n: u32, d: u32) -> f64 {
        100.0 * f64::from(n) / f64::from(d.max(1))
    }
    /// As the README records it: to one decimal.
    fn recorded(n: u32, d: u32) -> f64 {
        (Self::pct(n, d) * 10.0).round() / 10.0
    }
    fn line(&self, label: &str) -> String {
        format!(
            "  {label:<22} {:>4} queries  top-1 {:>5.1}%  top-5 {:>5.1}%  no result {}",
            self.n,
            Self::pct(self.top1, self.n),
            Self::pct(self.top5, self.n),
            self.empty
        )
    }
}

/// Figures per half (overall, per system, per kind), the tuning half's misses, and answers that
/// are not billable codes on the date.
struct Scored {
    halves: [BTreeMap<String, Score>; 2],
    tuning_misses: Vec<String>,
    bad_answers: Vec<String>,
}

/// Scores `queries`; `half` puts a query in the tuning half (0) or the held-out half (1).
fn score(queries: &[Query], half: impl Fn(&str) -> usize) -> Scored {
    let date: Date = "2026-12-06".parse().unwrap();
    let mut out = Scored { halves: Default::default(), tuning_misses: Vec::new(), bad_answers: Vec::new() };
    for q in queries {
        let set = catalog().code_set(q.system, date).unwrap();
        for a in &q.answers {
            if !set.get(a).is_some_and(|e| e.billable()) {
                out.bad_answers.push(format!(
                    "{:?}: {a} is not a billable {} code on {date}",
                    q.text,
                    q.system.as_str()
                ));
            }
        }
        let opts = SearchOptions { system: Some(q.system), limit: 5, ..SearchOptions::default() };
        let hits = search(catalog(), &q.text, date, &opts).unwrap_or_default();
        let codes: Vec<String> = hits.iter().map(|h| canonical_code(&h.code).unwrap_or_default()).collect();
        let right = |c: &String| q.answers.contains(c);
        let (top1, top5, empty) = (codes.first().is_some_and(right), codes.iter().any(right), codes.is_empty());
        let h = half(&q.text);
        for key in ["all".to_string(), q.system.as_str().to_string(), format!("{}/{}", q.system.as_str(), q.kind)] {
            out.halves[h].entry(key).or_default().add(top1, top5, empty);
        }
        if h == 0 && !top1 {
            let shown: Vec<String> = hits.iter().map(|h| h.code.clone()).collect();
            out.tuning_misses.push(format!("  {:?} wants {}; got {shown:?}", q.text, q.answers.join(" ")));
        }
    }
    out
}

fn print_figures(name: &str, half: &BTreeMap<String, Score>) {
    println!("{name}:");
    for (key, s) in half {
        println!("{}", s.line(key));
    }
}

#[test]
fn the_coders_code_comes_first_on_queries_the_engine_was_not_tuned_on() {
    let queries = suite("search_suite.tsv");
    let scored = score(&queries, |q| usize::from(held_out(q)));
    print_figures("search suite, tuning half", &scored.halves[0]);
    print_figures("search suite, held-out half", &scored.halves[1]);
    println!("tuning-half queries whose first result is not the coder's code:\n{}", scored.tuning_misses.join("\n"));
    assert!(scored.bad_answers.is_empty(), "{}", scored.bad_answers.join("\n"));
    assert!(queries.len() >= 400, "the suite holds {} queries", queries.len());
    let held = scored.halves[1]["all"];
    let all_empty = scored.halves[0]["all"].empty + held.empty;
    assert!(all_empty <= MAX_EMPTY, "{all_empty} queries returned nothing (at most {MAX_EMPTY})");
    let (top1, top5) = (Score::recorded(held.top1, held.n), Score::recorded(held.top5, held.n));
    assert!(top1 >= HELD_OUT_TOP1_FLOOR, "held-out top-1 {top1:.1}% fell below {HELD_OUT_TOP1_FLOOR}%");
    assert!(top5 >= HELD_OUT_TOP5_FLOOR, "held-out top-5 {top5:.1}% fell below {HELD_OUT_TOP5_FLOOR}%");
}

/// A further tuning set, written the same way from the conventions (without the queries of
/// the suite), all of it for tuning. Its figures before any tuning on it are in the README; the
/// test fails below the top-1 floor recorded there or with more empty results than recorded.
fn tuning_set_holds(file: &str, name: &str, top1_floor: f64, max_empty: u32) {
    let queries = suite(file);
    let scored = score(&queries, |_| 0);
    print_figures(name, &scored.halves[0]);
    println!("{name}: queries whose first result is not the coder's code:\n{}", scored.tuning_misses.join("\n"));
    assert!(scored.bad_answers.is_empty(), "{}", scored.bad_answers.join("\n"));
    let all = scored.halves[0]["all"];
    assert!(all.empty <= max_empty, "{} queries of the {name} returned nothing", all.empty);
    let top1 = Score::recorded(all.top1, all.n);
    assert!(top1 >= top1_floor, "{name} top-1 {top1:.1}% fell below {top1_floor}%");
}

/// `fixtures/search_suite_more.tsv` (2026-12-06).
#[test]
fn the_second_tuning_set_holds_its_figures() {
    tuning_set_holds("search_suite_more.tsv", "second tuning set", SECOND_SET_TOP1_FLOOR, SECOND_SET_MAX_EMPTY);
}

/// `fixtures/search_suite_third.tsv` (2026-12-07).
#[test]
fn the_third_tuning_set_holds_its_figures() {
    tuning_set_holds("search_suite_third.tsv", "third tuning set", THIRD_SET_TOP1_FLOOR, THIRD_SET_MAX_EMPTY);
}

/// `fixtures/search_suite_fourth.tsv` (2026-12-07).
#[test]
fn the_fourth_tuning_set_holds_its_figures() {
    tuning_set_holds("search_suite_fourth.tsv", "fourth tuning set", FOURTH_SET_TOP1_FLOOR, FOURTH_SET_MAX_EMPTY);
}

/// `fixtures/search_suite_fifth.tsv` (2026-12-07).
#[test]
fn the_fifth_tuning_set_holds_its_figures() {
    tuning_set_holds("search_suite_fifth.tsv", "fifth tuning set", FIFTH_SET_TOP1_FLOOR, FIFTH_SET_MAX_EMPTY);
}

/// `fixtures/search_suite_sixth.tsv` (2026-12-07).
#[test]
fn the_sixth_tuning_set_holds_its_figures() {
    tuning_set_holds("search_suite_sixth.tsv", "sixth tuning set", SIXTH_SET_TOP1_FLOOR, SIXTH_SET_MAX_EMPTY);
}

/// `fixtures/search_suite_seventh.tsv` (2026-12-07).
#[test]
fn the_seventh_tuning_set_holds_its_figures() {
    tuning_set_holds("search_suite_seventh.tsv", "seventh tuning set", SEVENTH_SET_TOP1_FLOOR, SEVENTH_SET_MAX_EMPTY);
}

/// `fixtures/search_suite_eighth.tsv` (2026-12-07).
#[test]
fn the_eighth_tuning_set_holds_its_figures() {
    tuning_set_holds("search_suite_eighth.tsv", "eighth tuning set", EIGHTH_SET_TOP1_FLOOR, EIGHTH_SET_MAX_EMPTY);
}

/// `fixtures/search_suite_ninth.tsv` (2026-12-07).
#[test]
fn the_ninth_tuning_set_holds_its_figures() {
    tuning_set_holds("search_suite_ninth.tsv", "ninth tuning set", NINTH_SET_TOP1_FLOOR, NINTH_SET_MAX_EMPTY);
}

/// `fixtures/search_suite_tenth.tsv` (2026-12-08).
#[test]
fn the_tenth_tuning_set_holds_its_figures() {
    tuning_set_holds("search_suite_tenth.tsv", "tenth tuning set", TENTH_SET_TOP1_FLOOR, TENTH_SET_MAX_EMPTY);
}
