//! `codeglass-bench search [--queries-out FILE]`: per-query search latency over a query set
//! built from the quality fixture: every keystroke prefix of every query (so one-letter
//! prefixes are in), plus a typo of each longer word. Prints p50 / p99 / max.

use std::time::Instant;

use codeglass_lookup::{search, SearchOptions};

use crate::root;

/// The benchmark's queries, deterministic.
pub fn queries() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/search_quality.tsv")).expect("fixture");
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let q = line.split('\t').next().unwrap_or("");
        let chars: Vec<char> = q.chars().collect();
        for n in 1..=chars.len() {
            out.push(chars[..n].iter().collect::<String>());
        }
        // A typo: the 2nd and 3rd letters of each word of 5+ letters swapped.
        let typo: Vec<String> = q
            .split(' ')
            .map(|w| {
                let mut c: Vec<char> = w.chars().collect();
                if c.len() >= 5 {
                    c.swap(1, 2);
                }
                c.into_iter().collect()
            })
            .collect();
        out.push(typo.join(" "));
    }
    out
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub fn run(mut args: impl Iterator<Item = String>) {
    let mut queries_out = None;
    while let Some(a) = args.next() {
        if a == "--queries-out" {
            queries_out = args.next();
        }
    }
    if let Ok(typed) = std::env::var("BENCH_TYPE") {
        return type_each(&typed);
    }
    let mut qs = queries();
    if let Ok(only) = std::env::var("BENCH_ONLY") {
        let times = std::env::var("BENCH_TIMES").ok().and_then(|t| t.parse().ok()).unwrap_or(50);
        qs = vec![only; times];
    }
    if let Some(f) = queries_out {
        std::fs::write(&f, serde_json::to_string(&qs).unwrap()).expect("write queries");
    }
    let catalog = crate::catalog(&["icd10cm-2027.cgt", "icd10pcs-2027.cgt"]);
    let date = "2026-11-22".parse().unwrap();
    let opts = SearchOptions { limit: 20, ..SearchOptions::default() };
    // Warm-up pass: the lazily derived indexes and the synonym table are built here.
    for q in &qs {
        let _ = search(&catalog, q, date, &opts);
    }
    let mut times = Vec::with_capacity(qs.len());
    let mut results = 0usize;
    let mut slowest: Vec<(f64, &String)> = Vec::new();
    for q in &qs {
        let t = Instant::now();
        let hits = search(&catalog, q, date, &opts).expect("search");
        let us = t.elapsed().as_secs_f64() * 1e6;
        times.push(us);
        slowest.push((us, q));
        results += hits.len();
    }
    if std::env::var_os("BENCH_SLOWEST").is_some() {
        slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (us, q) in slowest.iter().take(25) {
            eprintln!("{us:>9.0} µs  {q:?}");
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "native\t{}\t{:.0}\t{:.0}\t{:.0}\t{:.1}",
        qs.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times[times.len() - 1],
        results as f64 / qs.len() as f64
    );
}

/// `BENCH_TYPE="chf|copd exacerbation"`: types each query one character at a time on a fresh
/// catalog after the engine's warm-up, as the browser budget does, and prints every
/// keystroke's time: what the budget's keystroke p99 measures, natively (`BENCH_PASSES`
/// types them that many times, for a profiler).
fn type_each(typed: &str) {
    let catalog = crate::catalog(&["icd10cm-2027.cgt", "icd10pcs-2027.cgt"]);
    let date = "2026-11-22".parse().unwrap();
    let opts = SearchOptions { limit: 20, ..SearchOptions::default() };
    let mut warm_up = codeglass_lookup::WarmUp::new();
    while warm_up.step(&catalog, date) {}
    let passes: usize = std::env::var("BENCH_PASSES").ok().and_then(|p| p.parse().ok()).unwrap_or(1);
    for q in std::iter::repeat_n(typed.split('|'), passes).flatten() {
        let chars: Vec<char> = q.chars().collect();
        for n in 1..=chars.len() {
            let prefix: String = chars[..n].iter().collect();
            let t = Instant::now();
            let hits = search(&catalog, &prefix, date, &opts).expect("search");
            println!("{:>8.0} µs  {prefix:?} ({} results)", t.elapsed().as_secs_f64() * 1e6, hits.len());
        }
    }
}
