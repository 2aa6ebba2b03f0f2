//! `codeglass search`, `describe` and `pcs-next`.

use codeglass_lookup::{describe, pcs_next, search, LookupError, SearchOptions};
use codeglass_tables::{Date, System};

use crate::args::{Args, CliError};
use crate::tables::{load, tables_dir};

impl From<LookupError> for CliError {
    fn from(e: LookupError) -> Self {
        CliError::new(e.code(), e.to_string())
    }
}

/// Today in UTC, from the system clock (the core crates never read a clock).
pub fn today() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    // Days since 1970-01-01 → civil date (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::new(y as u32, m as u32, d as u32).expect("the clock gives a real date")
}

pub fn date_option(args: &mut Args) -> Result<Date, CliError> {
    match args.value("date")? {
        Some(d) => d.parse().map_err(|e: codeglass_tables::DateError| CliError::new("BAD_DATE", e.to_string())),
        None => Ok(today()),
    }
}

fn system_option(args: &mut Args) -> Result<Option<System>, CliError> {
    args.value("system")?.map(|s| s.parse().map_err(|e: String| CliError::new("BAD_SYSTEM", e))).transpose()
}

fn rest(args: &mut Args) -> String {
    let mut parts = Vec::new();
    while let Some(p) = args.next_positional() {
        parts.push(p);
    }
    parts.join(" ")
}

pub fn run_search(mut args: Args) -> Result<(), CliError> {
    let json = args.flag("json");
    let billable_only = args.flag("billable");
    let date = date_option(&mut args)?;
    let system = system_option(&mut args)?;
    let limit = match args.value("limit")? {
        Some(n) => n.parse().map_err(|_| CliError::new("BAD_LIMIT", format!("--limit {n:?} is not a number")))?,
        None => 20,
    };
    let chapter = args.value("chapter")?;
    let dir = tables_dir(&mut args)?;
    let query = rest(&mut args);
    args.finish()?;
    let (catalog, _) = load(&dir)?;
    let hits = search(&catalog, &query, date, &SearchOptions { system, limit, billable_only, chapter })?;
    if json {
        out!("{}", serde_json::to_string(&hits).expect("hits serialise"));
    } else if hits.is_empty() {
        out!("no codes found for {query:?}");
    } else {
        for h in hits {
            let kind = if h.billable { "" } else { "  [header]" };
            out!("{:<9} {}{kind}", h.code, h.display.as_deref().unwrap_or("(no official title in the CMS kit)"));
        }
    }
    Ok(())
}

pub fn run_describe(mut args: Args) -> Result<(), CliError> {
    let json = args.flag("json");
    let date = date_option(&mut args)?;
    let system = system_option(&mut args)?;
    let dir = tables_dir(&mut args)?;
    let code = args.next_positional().ok_or_else(|| CliError::usage("describe needs a CODE"))?;
    args.finish()?;
    let (catalog, _) = load(&dir)?;
    let d = describe(&catalog, &code, date, system)?;
    if json {
        out!("{}", serde_json::to_string(&d).expect("description serialises"));
        return Ok(());
    }
    let kind = if d.billable { "billable" } else { "header (not valid for claims)" };
    out!("{} {} — {}", d.code, d.display.as_deref().unwrap_or("(no official title in the CMS kit)"), kind);
    out!("{} FY{}, valid {} to {}", d.system, d.version, d.valid_from, d.valid_to);
    if let Some(c) = &d.chapter {
        out!("chapter {}: {}", c.name, c.title);
    }
    if let Some(b) = &d.block {
        out!("block {}: {}", b.name, b.title);
    }
    for h in &d.hierarchy {
        out!("  ⊂ {} {}", h.code, h.display.as_deref().unwrap_or(""));
    }
    if !d.own_notes_available {
        out!("(the CMS kit has no Tabular notes of this code's own: it is new in FY{})", d.version);
    }
    for n in &d.notes {
        out!("{:<18} {}  [{}]", n.kind, n.text, n.source);
    }
    if let Some(s) = &d.seventh_characters {
        out!("7th characters (stated at {}):", s.source);
        for v in &s.values {
            out!("  {}  {}", v.character, v.meaning);
        }
    }
    for c in &d.children {
        out!("  → {} {}", c.code, c.display.as_deref().unwrap_or(""));
    }
    if let Some(axes) = &d.pcs_axes {
        for a in axes {
            out!("  {}. {:<14} {}  {}", a.position, a.title, a.character, a.label.as_deref().unwrap_or("?"));
        }
    }
    Ok(())
}

pub fn run_pcs_next(mut args: Args) -> Result<(), CliError> {
    let json = args.flag("json");
    let date = date_option(&mut args)?;
    let dir = tables_dir(&mut args)?;
    let prefix = args.next_positional().unwrap_or_default();
    args.finish()?;
    let (catalog, _) = load(&dir)?;
    let next = pcs_next(&catalog, &prefix, date)?;
    if json {
        out!("{}", serde_json::to_string(&next).expect("serialises"));
        return Ok(());
    }
    if let Some(c) = &next.complete {
        out!("{} {}", c.code, c.display.as_deref().unwrap_or("(no official title in the CMS kit)"));
        out!("composed: {}", c.composed);
        return Ok(());
    }
    out!(
        "position {} ({}) after {:?}, FY{}:",
        next.position,
        next.axis_title.as_deref().unwrap_or("?"),
        next.prefix,
        next.version
    );
    for v in &next.values {
        let done = if v.complete { "  ✓ complete code" } else { "" };
        out!("  {}  {}{done}", v.character, v.label.as_deref().unwrap_or("(label not in the kit's axis tables)"));
    }
    Ok(())
}
