//! `codeglass group`: claims in, one JSON per line on stdin; one result per line on stdout.

use std::io::{BufRead, BufWriter, Write};
use std::sync::Arc;

use codeglass_grouper::{Claim, ClaimError, Grouper};
use codeglass_tables::DrgTables;
use serde_json::{json, Value};

use crate::args::{Args, CliError};
use crate::tables::tables_dir;

/// The grouper over `<tables>/msdrg.cgt` (only that table is read).
/// The bytes are shared (`Arc`): every table section is a view of them, and a `Vec` would be
/// copied per section.
pub fn load_grouper(args: &mut Args) -> Result<Grouper<Arc<[u8]>>, CliError> {
    let path = tables_dir(args)?.join("msdrg.cgt");
    let bytes = std::fs::read(&path).map_err(|e| {
        CliError::new("TABLES_NOT_FOUND", format!("{}: {e} (build it with `codeglass tables build`)", path.display()))
    })?;
    Ok(Grouper::new(DrgTables::open(Arc::<[u8]>::from(bytes))?))
}

/// The claim's `"id"` when the line is JSON with one, for error lines.
fn id_of(line: &str) -> Value {
    serde_json::from_str::<Value>(line).ok().and_then(|v| v.get("id").cloned()).unwrap_or(Value::Null)
}

pub fn run(mut args: Args) -> Result<(), CliError> {
    let explain = args.flag("explain");
    let grouper = load_grouper(&mut args)?;
    args.finish()?;
    each_line(|line| Ok(grouper.group(&Claim::from_json(line)?)?.to_json_string(explain)))
}

/// JSONL in, JSONL out: `answer` turns one claim line into its result line; a typed error
/// becomes `{"id", "error": {"code", "message", "line"}}` and the run goes on.
pub fn each_line(mut answer: impl FnMut(&str) -> Result<String, ClaimError>) -> Result<(), CliError> {
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = line.map_err(|e| CliError::new("READ_ERROR", format!("stdin line {}: {e}", n + 1)))?;
        if line.trim().is_empty() {
            continue;
        }
        let text = match answer(&line) {
            Ok(text) => text,
            Err(e) => {
                json!({"id": id_of(&line), "error": {"code": e.code, "message": e.message, "line": n + 1}}).to_string()
            }
        };
        if writeln!(out, "{text}").is_err() {
            return Ok(()); // the reader went away (e.g. `| head`)
        }
    }
    out.flush().ok();
    Ok(())
}
