//! `code_tables/manifest.json`: what went in, what came out.

use std::io::Write;

use codeglass_tables::{Catalog, CodeSet, DrgTables, PcsAxes, FORMAT_VERSION};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::error::CompileError;
use crate::sources::{sha256_hex, InputFile};
use crate::Output;

pub const MANIFEST_FILE: &str = "manifest.json";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    pub generator: String,
    /// Inputs: CMS kit files relative to the kit root, the extra folder's as `extra/…`.
    pub inputs: Vec<InputFile>,
    pub outputs: Vec<OutputFile>,
    /// Gaps of the kit the tables carry as "unavailable" rather than invented.
    pub known_gaps: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutputFile {
    pub file: String,
    pub kind: String,
    pub version: String,
    pub effective_from: String,
    pub effective_to: String,
    pub sha256: String,
    pub bytes: u64,
    /// Size after `gzip -9`-level DEFLATE, as a web server would send it.
    pub gzip_bytes: u64,
    pub counts: Value,
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("in-memory write");
    enc.finish().expect("in-memory gzip").len() as u64
}

fn code_set_counts(bytes: &[u8]) -> Result<Value, codeglass_tables::TableError> {
    let set = CodeSet::open(bytes)?;
    let last = set.counts_on(set.effective().1);
    let notes: usize =
        set.iter().map(|e| e.own_notes().len()).sum::<usize>() + set.groups().map(|g| g.notes().len()).sum::<usize>();
    let untitled = set.iter().filter(|e| e.title().is_none()).count();
    let mut v = json!({
        "records": set.len(),
        "billable_on_last_day": last.billable,
        "headers_on_last_day": last.headers,
        "notes": notes,
        "titles_unavailable": untitled,
        "words": set.word_index().len(),
        "groups": set.groups().count(),
    });
    if let Ok(axes) = PcsAxes::open(bytes) {
        v["pcs_tables"] = json!(axes.table_count());
        v["pcs_definitions"] = json!(axes.terms().len());
    }
    Ok(v)
}

fn drg_counts(bytes: &[u8]) -> Result<Value, codeglass_tables::TableError> {
    let drg = DrgTables::open(bytes)?;
    let tables: serde_json::Map<String, Value> = drg
        .tables()
        .iter()
        .map(|t| (t.name().to_string(), json!({"keys": t.key_count(), "rows": t.row_count()})))
        .collect();
    Ok(json!({
        "versions": drg.versions().iter().map(|v| v.version).collect::<Vec<_>>(),
        "tables": tables,
    }))
}

impl Manifest {
    /// Opens every output with the reader (so a malformed table fails the build) and
    /// records its size, checksum and counts.
    pub fn describe(inputs: Vec<InputFile>, outputs: &[Output]) -> Result<Manifest, CompileError> {
        let mut files = Vec::new();
        for o in outputs {
            let fail = |e: codeglass_tables::TableError| {
                CompileError::new(std::path::Path::new(&o.file), format!("compiled table does not open: {e}"))
            };
            let mut catalog = Catalog::new();
            let summary = catalog.add(&o.bytes[..]).map_err(fail)?;
            let counts =
                if summary.kind == "msdrg" { drg_counts(&o.bytes) } else { code_set_counts(&o.bytes) }.map_err(fail)?;
            files.push(OutputFile {
                file: o.file.clone(),
                kind: summary.kind,
                version: summary.version,
                effective_from: summary.effective_from,
                effective_to: summary.effective_to,
                sha256: sha256_hex(&o.bytes),
                bytes: o.bytes.len() as u64,
                gzip_bytes: gzip_len(&o.bytes),
                counts,
            });
        }
        Ok(Manifest {
            format_version: FORMAT_VERSION,
            generator: format!("codeglass-compiler {}", env!("CARGO_PKG_VERSION")),
            inputs,
            outputs: files,
            known_gaps: vec![
                "No ICD-10-CM/PCS Alphabetic Index, Neoplasm Table or Table of Drugs in the kit".into(),
                "No FY2027 ICD-10-CM Tabular: codes new in FY2027 have no notes of their own".into(),
                "No FY2027 ICD-10-PCS tables/definitions XML: FY2027 axes are the FY2026 ones".into(),
                "April 2026 ICD-10-PCS additions have no official title in the kit (titles_unavailable)".into(),
                "No FY2027 POA-exempt list; no HCPCS Level II file".into(),
                "The kit's Medicare Code Editor build ends 2027-03-31: later discharges get INVALID_DISCHARGE_DATE from the MCE".into(),
            ],
        })
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("manifest serialises");
        s.push('\n');
        s
    }
}
