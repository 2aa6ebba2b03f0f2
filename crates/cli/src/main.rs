//! `codeglass`: compile the CMS kit into code tables and work with them from the shell.
#![forbid(unsafe_code)]

/// `println!` for the command's output: see [`emit`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::emit(format_args!($($arg)*))
    };
}

mod args;
mod edits;
mod group;
mod lookup;
mod serve;
mod tables;

use std::process::ExitCode;

use args::{Args, CliError};

const USAGE: &str = "\
codeglass — medical coding tables, search and grouping on your own machine

USAGE:
    codeglass tables build [--cms DIR] [--extra DIR] [--out DIR]
                                                     compile the CMS kit into code tables
    codeglass tables check [--cms DIR] [--extra DIR] [--out DIR]
                                                     verify committed tables equal a fresh compile
    codeglass tables list  [--tables DIR] [--json]   list the compiled tables and their versions
    codeglass stats [--tables DIR] [--json]          code counts per code set and fiscal year
    codeglass search QUERY [--system icd10cm|icd10pcs] [--limit N] [--date YYYY-MM-DD]
                     [--billable] [--chapter N] [--json]
                                                     find codes by code, words, abbreviations
    codeglass describe CODE [--date D] [--json]      title, hierarchy, Tabular notes, 7th characters
    codeglass pcs-next PREFIX [--date D] [--json]    ICD-10-PCS builder: the valid next characters
    codeglass group [--explain] < claims.jsonl       MS-DRG grouping: one claim JSON per line in,
                                                     one result per line out (bad lines: an error)
    codeglass edits [--tables DIR] < claims.jsonl   claim edits: the CMS MCE and the Tabular
                                                     conventions, one report per claim line
    codeglass serve [--dir www] [--port 8080] [--log]  serve the demo pages on 127.0.0.1 (--log: a line per response)

OPTIONS:
    --cms DIR      CMS source kit (default: $CMS_SOURCES, else ../shared/cms)
    --extra DIR    extra reference folder with msdrg/FY2027_Table_5.tsv (default: $EXTRA_SOURCES,
                   else the extra/ folder beside the CMS kit)
    --out DIR      where compiled tables go (default: code_tables)
    --date D       discharge date that picks the code set (default: today)
    --tables DIR   compiled tables to read (default: $CODEGLASS_TABLES, else ./code_tables,
                   else the tables of the source tree this binary was built from)
";

fn run(mut args: Args) -> Result<(), CliError> {
    match args.next_positional().as_deref() {
        Some("tables") => tables::run(args),
        Some("stats") => tables::stats(args),
        Some("serve") => serve::run(args),
        Some("search") => lookup::run_search(args),
        Some("describe") => lookup::run_describe(args),
        Some("pcs-next") => lookup::run_pcs_next(args),
        Some("group") => group::run(args),
        Some("edits") => edits::run(args),
        Some("help" | "--help" | "-h") | None => {
            out!("{}", USAGE.trim_end());
            Ok(())
        }
        Some("--version" | "-V") => {
            out!("codeglass {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some(other) => Err(CliError::usage(format!("unknown command {other:?}"))),
    }
}

/// Writes one line of output. A reader that has gone (`codeglass describe I10 | head -1`) ends
/// the program quietly, as other Unix tools do; `println!` would panic.
fn emit(line: std::fmt::Arguments) {
    use std::io::Write;
    if let Err(e) = writeln!(std::io::stdout().lock(), "{line}") {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error[OUTPUT]: cannot write the output: {e}");
            std::process::exit(1);
        }
        std::process::exit(0);
    }
}

fn main() -> ExitCode {
    match run(Args::from_env()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error[{}]: {}", e.code, e.message);
            if e.code == "USAGE" {
                eprintln!("\n{USAGE}");
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
