//! The Codeglass JavaScript API: bindings only. Each method converts its arguments, calls a
//! core crate and maps errors through [`js_error`]; no coding logic lives here.
#![forbid(unsafe_code)]

use std::sync::Arc;

use codeglass_tables::{Catalog, Date, System};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** A Codeglass error: `code` is stable, `message` is for people. */
export interface CodeglassError extends Error { code: string; }
/** One loaded table. */
export interface TableSummary { kind: "icd10cm" | "icd10pcs" | "msdrg"; version: string; effective_from: string; effective_to: string; bytes: number; }
/** Counts of codes valid on the last day of each fiscal year, and the grouper versions. */
export interface Stats {
  icd10cm: Record<string, { billable: number; headers: number }>;
  icd10pcs: Record<string, { codes: number }>;
  msdrg: { versions: number[] };
}
export interface Versions { tables: TableSummary[]; stats: Stats; grouper: GrouperVersion[]; }
export interface GrouperVersion { version: number; name: string; fiscal_year: number; effective_from: string; effective_to: string; }
"#;

/// Builds a JS `Error` carrying a stable `code` property.
fn js_error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error("INTERNAL", &e.to_string()))
}

#[derive(Serialize)]
struct GrouperVersionJs {
    version: u16,
    name: String,
    fiscal_year: u32,
    effective_from: String,
    effective_to: String,
}

#[derive(Serialize)]
struct VersionsJs<'a> {
    tables: &'a [codeglass_tables::TableSummary],
    stats: codeglass_tables::Stats,
    grouper: Vec<GrouperVersionJs>,
}

/// The engine: the loaded tables and what can be asked of them.
#[wasm_bindgen]
pub struct Engine {
    catalog: Catalog<Arc<[u8]>>,
    tables: Vec<codeglass_tables::TableSummary>,
}

impl Default for Engine {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Engine {
        Engine { catalog: Catalog::new(), tables: Vec::new() }
    }

    /// Adds a compiled table (the bytes of a `.cgt` file). Throws `TABLE_*` errors.
    #[wasm_bindgen(js_name = addTable, unchecked_return_type = "TableSummary")]
    pub fn add_table(&mut self, bytes: Vec<u8>) -> Result<JsValue, JsValue> {
        let summary = self.catalog.add(Arc::from(bytes)).map_err(|e| js_error(e.code(), &e.to_string()))?;
        self.tables.retain(|t| !(t.kind == summary.kind && t.version == summary.version));
        self.tables.push(summary.clone());
        to_js(&summary)
    }

    /// The loaded tables, code counts per fiscal year and grouper versions.
    #[wasm_bindgen(unchecked_return_type = "Versions")]
    pub fn versions(&self) -> Result<JsValue, JsValue> {
        let grouper = self
            .catalog
            .drg()
            .map(|d| {
                d.versions()
                    .iter()
                    .map(|v| GrouperVersionJs {
                        version: v.version,
                        name: v.name.clone(),
                        fiscal_year: v.fiscal_year,
                        effective_from: v.effective_from.to_string(),
                        effective_to: v.effective_to.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        to_js(&VersionsJs { tables: &self.tables, stats: self.catalog.stats(), grouper })
    }

    /// The code-set fiscal year that applies to a discharge date (`YYYY-MM-DD`).
    /// Throws `BAD_DATE`, `DATE_NOT_SUPPORTED`, `TABLE_NOT_LOADED` or `BAD_SYSTEM`.
    #[wasm_bindgen(js_name = fiscalYearFor)]
    pub fn fiscal_year_for(&self, system: &str, date: &str) -> Result<u32, JsValue> {
        let system: System = system.parse().map_err(|e: String| js_error("BAD_SYSTEM", &e))?;
        let date: Date = date.parse().map_err(|e: codeglass_tables::DateError| js_error("BAD_DATE", &e.to_string()))?;
        self.catalog.code_set(system, date).map(|s| s.fiscal_year()).map_err(|e| js_error(e.code(), &e.to_string()))
    }
}
