//! The Codeglass JavaScript API: bindings only. Each method converts its arguments, calls a
//! core crate and maps errors through [`js_error`]; no coding logic lives here.
#![forbid(unsafe_code)]

use std::sync::Arc;

use codeglass_lookup::{LookupError, SearchOptions};
use codeglass_tables::{Catalog, Date, System};
use serde::{Deserialize, Serialize};
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
export interface SearchOptions { system?: "icd10cm" | "icd10pcs"; limit?: number; date?: string; billable?: boolean; chapter?: string; }
export interface Hit { code: string; system: "icd10cm" | "icd10pcs"; display: string | null; billable: boolean; version: string; match: string; }
export interface DateOptions { date?: string; system?: "icd10cm" | "icd10pcs"; }
"#;

/// Builds a JS `Error` carrying a stable `code` property.
fn js_error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

fn lookup_error(e: LookupError) -> JsValue {
    js_error(e.code(), &e.to_string())
}

/// Options as JS passes them: every field optional.
#[derive(Deserialize, Default)]
struct JsOptions {
    system: Option<String>,
    /// Read from the raw object by `limit_of` (serde would let `NaN` through as absent).
    #[allow(dead_code)]
    limit: Option<serde::de::IgnoredAny>,
    date: Option<String>,
    billable: Option<bool>,
    chapter: Option<String>,
}

const OPTION_KEYS: [&str; 5] = ["system", "limit", "date", "billable", "chapter"];

fn options(value: JsValue) -> Result<JsOptions, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(JsOptions::default());
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(js_error("BAD_OPTIONS", "options must be an object, e.g. { date: \"2026-10-01\" }"));
    }
    // serde-wasm-bindgen reads only the fields it knows: check for typos ourselves.
    for key in js_sys::Object::keys(&js_sys::Object::from(value.clone())).iter() {
        let key = key.as_string().unwrap_or_default();
        if !OPTION_KEYS.contains(&key.as_str()) {
            return Err(js_error("BAD_OPTIONS", &format!("unknown option {key:?}; known: {}", OPTION_KEYS.join(", "))));
        }
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| js_error("BAD_OPTIONS", &format!("invalid options: {e}")))
}

fn parse_system(s: Option<&str>) -> Result<Option<System>, JsValue> {
    s.map(|s| s.parse().map_err(|e: String| js_error("BAD_SYSTEM", &e))).transpose()
}

/// The given date, or today in the browser's clock (UTC).
fn parse_date(s: Option<&str>) -> Result<Date, JsValue> {
    match s {
        Some(s) => s.parse().map_err(|e: codeglass_tables::DateError| js_error("BAD_DATE", &e.to_string())),
        None => {
            let now = js_sys::Date::new_0();
            Date::new(now.get_utc_full_year(), now.get_utc_month() + 1, now.get_utc_date())
                .ok_or_else(|| js_error("BAD_DATE", "the clock gives no valid date"))
        }
    }
}

/// Options and the date they name (today when absent).
fn dated(value: JsValue) -> Result<(JsOptions, Date), JsValue> {
    let o = options(value)?;
    let date = parse_date(o.date.as_deref())?;
    Ok((o, date))
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

    /// Searches codes by code, words, abbreviations or lay terms. Throws `BAD_OPTIONS`,
    /// `BAD_SYSTEM`, `BAD_DATE`, `DATE_NOT_SUPPORTED`, `TABLE_NOT_LOADED`.
    #[wasm_bindgen(unchecked_return_type = "Hit[]")]
    pub fn search(
        &self,
        query: &str,
        #[wasm_bindgen(unchecked_param_type = "SearchOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let raw_limit = if opts.is_object() {
            js_sys::Reflect::get(&opts, &JsValue::from_str("limit")).unwrap_or(JsValue::UNDEFINED)
        } else {
            JsValue::UNDEFINED
        };
        let (o, date) = dated(opts)?;
        let limit = match raw_limit.as_f64() {
            _ if raw_limit.is_undefined() => 20,
            Some(n) if n.is_finite() && n >= 0.0 => n.min(codeglass_lookup::MAX_LIMIT as f64) as usize,
            _ => return Err(js_error("BAD_OPTIONS", "limit must be a finite, non-negative number")),
        };
        let opts = SearchOptions {
            system: parse_system(o.system.as_deref())?,
            limit,
            billable_only: o.billable.unwrap_or(false),
            chapter: o.chapter,
        };
        let hits = codeglass_lookup::search(&self.catalog, query, date, &opts).map_err(lookup_error)?;
        to_js(&hits)
    }

    /// Everything about one code: title, hierarchy, children, inherited Tabular notes,
    /// 7th characters, PCS axes. Throws `BAD_CODE`, `CODE_NOT_FOUND` and the date errors.
    pub fn describe(
        &self,
        code: &str,
        #[wasm_bindgen(unchecked_param_type = "DateOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let o = options(opts)?;
        let date = parse_date(o.date.as_deref())?;
        let d = codeglass_lookup::describe(&self.catalog, code, date, parse_system(o.system.as_deref())?)
            .map_err(lookup_error)?;
        to_js(&d)
    }

    /// The ICD-10-PCS builder: valid next characters after `prefix` (0–6 characters), or the
    /// complete code. Throws `BAD_CODE`, `PCS_PREFIX_NOT_FOUND` and the date errors.
    #[wasm_bindgen(js_name = pcsNext)]
    pub fn pcs_next(
        &self,
        prefix: &str,
        #[wasm_bindgen(unchecked_param_type = "DateOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let o = options(opts)?;
        let date = parse_date(o.date.as_deref())?;
        let next = codeglass_lookup::pcs_next(&self.catalog, prefix, date).map_err(lookup_error)?;
        to_js(&next)
    }
}
