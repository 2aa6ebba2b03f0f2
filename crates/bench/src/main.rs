//! Benchmarks (not tests), one mode per engine part:
//! `codeglass-bench search [--queries-out FILE]` and `codeglass-bench group --corpus-out FILE`.
#![forbid(unsafe_code)]

mod group;
mod search;

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
