//! `codeglass tables …` and `codeglass stats`, plus loading the compiled tables.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use codeglass_tables::{Catalog, TableSummary};

use crate::args::{Args, CliError};

pub type Tables = Catalog<Arc<[u8]>>;

fn default_cms() -> PathBuf {
    std::env::var_os("CMS_SOURCES").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("../shared/cms"))
}

/// `--cms` (else `$CMS_SOURCES`, else `../shared/cms`) and `--extra` (else `$EXTRA_SOURCES`,
/// else the `extra/` folder beside the kit).
fn sources(args: &mut Args) -> Result<(PathBuf, PathBuf), CliError> {
    let cms = args.path("cms")?.unwrap_or_else(default_cms);
    let extra = match args.path("extra")? {
        Some(p) => p,
        None => std::env::var_os("EXTRA_SOURCES")
            .map(PathBuf::from)
            .unwrap_or_else(|| codeglass_compiler::default_extra(&cms)),
    };
    Ok((cms, extra))
}

/// `--tables`, else `$CODEGLASS_TABLES`, else `./code_tables`, else the source tree's.
pub fn tables_dir(args: &mut Args) -> Result<PathBuf, CliError> {
    if let Some(p) = args.path("tables")? {
        return Ok(p);
    }
    if let Some(p) = std::env::var_os("CODEGLASS_TABLES") {
        return Ok(PathBuf::from(p));
    }
    let local = PathBuf::from("code_tables");
    if local.join("manifest.json").is_file() {
        return Ok(local);
    }
    Ok(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../code_tables"))
}

/// Loads every `.cgt` file of a folder.
pub fn load(dir: &Path) -> Result<(Tables, Vec<(String, TableSummary)>), CliError> {
    let read_dir = std::fs::read_dir(dir).map_err(|e| {
        CliError::new("TABLES_NOT_FOUND", format!("{}: {e}; build them with `codeglass tables build`", dir.display()))
    })?;
    let mut files: Vec<PathBuf> = read_dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "cgt"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(CliError::new(
            "TABLES_NOT_FOUND",
            format!("no .cgt tables in {}; build them with `codeglass tables build`", dir.display()),
        ));
    }
    let mut catalog = Catalog::new();
    let mut summaries = Vec::new();
    for f in files {
        let bytes =
            std::fs::read(&f).map_err(|e| CliError::new("TABLES_NOT_FOUND", format!("{}: {e}", f.display())))?;
        let summary =
            catalog.add(Arc::from(bytes)).map_err(|e| CliError::new(e.code(), format!("{}: {e}", f.display())))?;
        summaries.push((f.file_name().unwrap_or_default().to_string_lossy().into_owned(), summary));
    }
    Ok((catalog, summaries))
}

pub fn run(mut args: Args) -> Result<(), CliError> {
    match args.next_positional().as_deref() {
        Some("build") => {
            let (cms, extra) = sources(&mut args)?;
            let out = args.path("out")?.unwrap_or_else(|| PathBuf::from("code_tables"));
            args.finish()?;
            let compiled = codeglass_compiler::compile(&cms, &extra)?;
            compiled.write(&out)?;
            for o in &compiled.manifest.outputs {
                out!("{:<20} {:>10} bytes  {:>9} gzip  {} {}", o.file, o.bytes, o.gzip_bytes, o.kind, o.version);
            }
            out!("wrote {} tables and manifest.json to {}", compiled.outputs.len(), out.display());
            Ok(())
        }
        Some("check") => {
            let (cms, extra) = sources(&mut args)?;
            let out = args.path("out")?.unwrap_or_else(|| PathBuf::from("code_tables"));
            args.finish()?;
            let diffs = codeglass_compiler::compile(&cms, &extra)?.differences(&out);
            if diffs.is_empty() {
                out!("{} equals a fresh compile of {} and {}", out.display(), cms.display(), extra.display());
                Ok(())
            } else {
                Err(CliError::new("TABLES_STALE", format!("{}; run `codeglass tables build`", diffs.join(", "))))
            }
        }
        Some("list") => {
            let json = args.flag("json");
            let dir = tables_dir(&mut args)?;
            args.finish()?;
            let (_, summaries) = load(&dir)?;
            if json {
                let list: Vec<serde_json::Value> =
                    summaries.iter().map(|(f, s)| serde_json::json!({"file": f, "table": s})).collect();
                out!("{}", serde_json::Value::Array(list));
            } else {
                for (f, s) in summaries {
                    out!(
                        "{f:<20} {:<9} {:<16} {} .. {}  {} bytes",
                        s.kind,
                        s.version,
                        s.effective_from,
                        s.effective_to,
                        s.bytes
                    );
                }
            }
            Ok(())
        }
        Some(other) => Err(CliError::usage(format!("unknown `tables` command {other:?}"))),
        None => Err(CliError::usage("`tables` needs build, check or list")),
    }
}

pub fn stats(mut args: Args) -> Result<(), CliError> {
    let json = args.flag("json");
    let dir = tables_dir(&mut args)?;
    args.finish()?;
    let (catalog, _) = load(&dir)?;
    let stats = catalog.stats();
    if json {
        out!("{}", serde_json::to_string(&stats).expect("stats serialise"));
        return Ok(());
    }
    for (fy, c) in &stats.icd10cm {
        out!("ICD-10-CM  FY{fy}: {:>6} billable codes, {:>6} headers", c.billable, c.headers);
    }
    for (fy, c) in &stats.icd10pcs {
        out!("ICD-10-PCS FY{fy}: {:>6} codes", c.codes);
    }
    let names: Vec<String> = stats.msdrg.versions.iter().map(|v| format!("{}.{}", v / 10, v % 10)).collect();
    out!("MS-DRG grouper versions: {}", names.join(", "));
    Ok(())
}
