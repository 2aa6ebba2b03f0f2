//! Search quality: real-world queries (abbreviations, lay terms, misspellings, codes,
//! procedure words) with accepted answers, in `fixtures/search_quality.tsv`. Prints top-1
//! and top-5 hit rates overall and by kind; fails below 95% top-5.

use std::collections::BTreeMap;

use codeglass_lookup::{search, SearchOptions};
use codeglass_tables::System;
use codeglass_tests::{catalog, project_root};

fn accepts(pattern: &str, code: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => code.starts_with(prefix),
        None => code == pattern,
    }
}

#[test]
fn top5_hit_rate_is_at_least_95_percent() {
    let text = std::fs::read_to_string(project_root().join("tests/fixtures/search_quality.tsv")).unwrap();
    let date = "2026-11-22".parse().unwrap();
    let mut by_kind: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let (mut total, mut top1, mut top5) = (0, 0, 0);
    let mut misses = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "bad fixture line {line:?}");
        let (query, system, accepted, kind) = (f[0], f[1], f[2], f[3]);
        let system = match system {
            "any" => None,
            s => Some(s.parse::<System>().unwrap()),
        };
        let opts = SearchOptions { system, limit: 5, ..SearchOptions::default() };
        let hits = search(catalog(), query, date, &opts).unwrap();
        let codes: Vec<&str> = hits.iter().map(|h| h.code.as_str()).collect();
        let ok = |c: &&str| accepted.split(' ').any(|p| accepts(p, c));
        let hit1 = codes.first().is_some_and(ok);
        let hit5 = codes.iter().any(ok);
        total += 1;
        top1 += usize::from(hit1);
        top5 += usize::from(hit5);
        let k = by_kind.entry(kind.to_string()).or_default();
        k.0 += 1;
        k.1 += usize::from(hit1);
        k.2 += usize::from(hit5);
        if !hit5 {
            misses.push(format!("  {query:?} wants {accepted}; got {codes:?}"));
        }
    }
    let pct = |n: usize, d: usize| 100.0 * n as f64 / d as f64;
    println!("search quality over {total} queries: top-1 {:.1}%, top-5 {:.1}%", pct(top1, total), pct(top5, total));
    for (kind, (n, h1, h5)) in &by_kind {
        println!("  {kind:<24} {n:>3} queries  top-1 {:>5.1}%  top-5 {:>5.1}%", pct(*h1, *n), pct(*h5, *n));
    }
    if !misses.is_empty() {
        println!("not in the top 5:\n{}", misses.join("\n"));
    }
    assert!(total >= 100, "the fixture must hold at least 100 queries");
    assert!(pct(top5, total) >= 95.0, "top-5 hit rate {:.1}% is below 95%", pct(top5, total));
}
