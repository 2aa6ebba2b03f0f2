//! Benchmarks (not tests), one mode per engine part:
//! `codeglass-bench search [--queries-out FILE]` and `codeglass-bench group --corpus-out FILE`.
#![forbid(unsafe_code)]

mod group;
mod search;

use std::path::PathBuf;
use std::sync::Arc;

use codeglass_tables::Catalog;

/// The project root (the benchmarks read the committed tables and fixtures).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A catalog of the named committed tables (`code_tables/<file>`).
pub fn catalog(files: &[&str]) -> Catalog<Arc<[u8]>> {
    let mut catalog = Catalog::new();
    for f in files {
        let bytes = std::fs::read(root().join("code_tables").join(f)).expect("tables");
        catalog.add(Arc::<[u8]>::from(bytes)).expect("table opens");
    }
    catalog
}

fn main() {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        None | Some("search") => search::run(args),
        Some("group") => group::run(args),
        Some(other) => {
            eprintln!("unknown mode {other:?}; usage: codeglass-bench search|group [options]");
            std::process::exit(2);
        }
    }
}
