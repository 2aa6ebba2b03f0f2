//! The Codeglass JavaScript API: bindings only. Each method converts its arguments, calls a
//! core crate and maps errors through [`js_error`]; no coding logic lives here.
#![forbid(unsafe_code)]

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use codeglass_grouper::{Change, Claim, ClaimError, Grouper};
use codeglass_lookup::{LookupError, SearchOptions};
use codeglass_tables::{Date, System};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
export type Poa = "Y" | "N" | "U" | "W" | "1" | "";
export interface ClaimDiagnosis { code: string; poa?: Poa | null; }
/** A claim, as `codeglass group` reads it; give `discharge_date` or `version`. */
export interface Claim {
  id?: string | number; discharge_date?: string; version?: number; age: number; sex: "M" | "F" | "U";
  discharge_status: string | number; los?: number; pdx: ClaimDiagnosis; admit_dx?: ClaimDiagnosis;
  sdx?: ClaimDiagnosis[]; procedures?: ({ code: string } | string)[];
  hospital_status?: "NOT_EXEMPT" | "EXEMPT" | "UNKNOWN"; base_rate?: number;
}
export type CodeSeverity = "MCC" | "CC" | "MCC_EXCLUDED" | "CC_EXCLUDED" | "MCC_EXCLUDED_BY_DRG_LOGIC" | "CC_EXCLUDED_BY_DRG_LOGIC" | "NEITHER";
export type Level = "NONE" | "CC" | "MCC";
export interface GroupResult {
  id: string | null; version: number; version_name: string;
  initial_drg: number; final_drg: number; initial_mdc: number; final_mdc: number;
  initial_return_code: string; return_code: string; initial_severity: Level; final_severity: Level;
  drg_title: string | null; mdc_title: string | null; initial_drg_title: string | null; surgical: boolean;
  sdx_severity: CodeSeverity[]; sdx_severity_final: CodeSeverity[];
  hac: { status: "NOT_APPLICABLE" | "FINAL_DRG_NO_CHANGE" | "FINAL_DRG_CHANGES" | "FINAL_DRG_UNGROUPABLE"; categories: number; criteria_met: [number, number][] };
  proc_is_or: boolean[];
  /** IPPS Table 5 of the discharge's fiscal year (FY2026 for v43.x, FY2027 for v44.0). The weight
   *  and stays are null only for a DRG without a weight (998, 999); `weight_unavailable` then says why. */
  relative_weight: number | null; gmlos: number | null; amlos: number | null; post_acute: boolean | null; special_pay: boolean | null;
  weight_source: string | null; weight_unavailable: string | null;
  payment: { base_rate: number; amount: number } | null;
  /** Present when `{ explain: true }`: why each code counts, which rows and procedures decided. */
  explanation?: unknown;
}
export interface GroupOptions { explain?: boolean; }
export type Change =
  | { op: "add_sdx"; code: string; poa?: Poa } | { op: "remove_sdx"; code: string }
  | { op: "replace"; from: string; to: string } | { op: "set_pdx"; code: string }
  | { op: "set_poa"; code: string; poa: Poa } | { op: "add_procedure"; code: string }
  | { op: "remove_procedure"; code: string } | { op: "set_age"; age: number }
  | { op: "set_discharge_status"; discharge_status: string | number };
export interface WhatIf { before: GroupResult; after: GroupResult; drg_changed: boolean; weight_delta: number | null; }
export interface MceEdit { name: string; count: number; edit_type: "PREPAYMENT" | "POSTPAYMENT" | "NONE"; codes: string[]; }
export interface ConventionEdit {
  id: string; severity: "error" | "warning" | "info"; codes: string[]; message: string;
  note: { kind: string; source: string; text: string } | null;
}
/** The MCE and the Tabular convention edits of one claim. */
export interface EditReport {
  id: string | null; discharge_date: string;
  mce_edit_type: "NONE" | "PREPAYMENT" | "POSTPAYMENT" | "BOTH" | "INVALID_DISCHARGE_DATE";
  mce_edits: MceEdit[]; mce_notes: string[]; convention_edits: ConventionEdit[];
}
export interface CodeNode { code: string; display: string | null; billable: boolean; }
export interface GroupInfo { name: string; title: string; first: string; last: string; }
export interface Note { kind: "inclusionTerm" | "includes" | "excludes1" | "excludes2" | "codeFirst" | "useAdditionalCode" | "codeAlso" | "notes"; text: string; source: string; inherited: boolean; }
export interface SeventhCharacters { source: string; note: string[]; values: { character: string; meaning: string; also: string[]; code: string | null }[]; }
/** Everything about one code (`describe`). */
export interface Description {
  code: string; system: "icd10cm" | "icd10pcs"; version: string; display: string | null; short_display: string | null;
  billable: boolean; valid_from: string; valid_to: string; title_available: boolean; own_notes_available: boolean;
  added_this_year: boolean; title_revised_this_year: boolean; chapter: GroupInfo | null; block: GroupInfo | null;
  hierarchy: CodeNode[]; children: CodeNode[]; notes: Note[]; seventh_characters: SeventhCharacters | null;
  needs_seventh_character: boolean; seventh_character_meaning: string | null;
  pcs_axes: { position: number; title: string; character: string; label: string | null }[] | null;
  default_code: CodeNode | null;
}
/** The ICD-10-PCS builder's next step (`pcsNext`). */
export interface PcsNext {
  prefix: string; version: string; position: number; axis_title: string | null;
  values: { character: string; label: string | null; definition: string | null; includes: string[]; complete: boolean }[];
  complete: { code: string; display: string | null; composed: string; billable: boolean } | null;
}
export interface MountOptions { mode?: "lookup" | "claim" | "app"; date?: string; system?: "icd10cm" | "icd10pcs"; }
/** A chosen code, as the widget reports it (the `codeglass-select` event's detail). */
export interface Selection {
  code: string; display: string | null; system: "icd10cm" | "icd10pcs"; version: string;
  fhir: { system: string; code: string; display: string | null; version: string };
}
export interface Opportunities {
  current: GroupResult;
  family: { level: Level; drg: number; title: string | null; weight: number | null }[];
  counting: number[];
  next_level: { level: Level; drg: number; weight_delta: number | null } | null;
}
"#;

/// Installed when the module starts: a Rust panic (a bug) is logged and announced as a
/// `codeglass-panic` event (`detail: {code: "PANIC", message}`) on the global object, so the
/// page learns of it; the call that panicked throws a `WebAssembly.RuntimeError`, and the JS
/// loader (www/codeglass.js) starts a fresh engine.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!("codeglass engine panic (a bug): {info}");
        let global = js_sys::global();
        let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        if let Ok(error) = get(&get(&global, "console"), "error").dyn_into::<js_sys::Function>() {
            let _ = error.call1(&JsValue::NULL, &JsValue::from_str(&message));
        }
        let (Ok(dispatch), Ok(ctor)) = (
            get(&global, "dispatchEvent").dyn_into::<js_sys::Function>(),
            get(&global, "CustomEvent").dyn_into::<js_sys::Function>(),
        ) else {
            return; // Node has no global event target: the log line is all.
        };
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &JsValue::from_str("code"), &JsValue::from_str("PANIC"));
        let _ = js_sys::Reflect::set(&detail, &JsValue::from_str("message"), &JsValue::from_str(&message));
        let init = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&init, &JsValue::from_str("detail"), &detail);
        let args = js_sys::Array::of2(&JsValue::from_str("codeglass-panic"), &init);
        if let Ok(event) = js_sys::Reflect::construct(&ctor, &args) {
            let _ = dispatch.call1(&global, &event);
        }
    }));
}

/// Builds a JS `Error` carrying a stable `code` property.
fn js_error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

fn claim_error(e: ClaimError) -> JsValue {
    js_error(e.code, &e.message)
}

/// A claim or change as JS passes it: a plain object, or its JSON text.
fn json_value(value: JsValue, what: &str) -> Result<serde_json::Value, JsValue> {
    if let Some(text) = value.as_string() {
        return serde_json::from_str(&text).map_err(|e| js_error("BAD_JSON", &format!("{what}: not valid JSON: {e}")));
    }
    if !value.is_object() {
        return Err(js_error(
            if what == "claim" { "BAD_CLAIM" } else { "BAD_CHANGE" },
            &format!("{what} must be an object"),
        ));
    }
    // Through JSON text: V8's JSON.stringify is several times faster than reading the object
    // field by field across the boundary. Undefined fields vanish; NaN and Infinity would
    // become null (an absent `los` is legal), so the replacer writes them as strings, which
    // the claim reader refuses with the field's own code (BAD_AGE, BAD_LOS…).
    let bad = if what == "claim" { "BAD_CLAIM" } else { "BAD_CHANGE" };
    let replacer = Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(|_key: JsValue, v: JsValue| match v.as_f64() {
        Some(n) if !n.is_finite() => JsValue::from_str(&n.to_string()),
        _ => v,
    });
    let text = js_sys::JSON::stringify_with_replacer(&value, replacer.as_ref().unchecked_ref())
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| js_error(bad, &format!("{what} cannot be read as JSON (a BigInt or a cycle?)")))?;
    serde_json::from_str(&text)
        .map_err(|e| js_error(bad, &format!("{what}: {e} (a lone UTF-16 surrogate in a string is not valid text)")))
}

/// A JSON result as a JS object, by JSON.parse (faster than building it field by field).
fn text_to_js(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text).map_err(|_| js_error("INTERNAL", "a result did not parse back as JSON"))
}

fn json_to_js(value: &serde_json::Value) -> Result<JsValue, JsValue> {
    text_to_js(&serde_json::to_string(value).map_err(|e| js_error("INTERNAL", &e.to_string()))?)
}

fn claim(value: JsValue) -> Result<Claim, JsValue> {
    Claim::from_value(&json_value(value, "claim")?).map_err(claim_error)
}

/// `{ explain?: boolean }`.
fn explain(value: &JsValue) -> Result<bool, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    let bad = || js_error("BAD_OPTIONS", "options must be { explain?: boolean }");
    if !value.is_object() {
        return Err(bad());
    }
    for key in js_sys::Object::keys(&js_sys::Object::from(value.clone())).iter() {
        if key.as_string().as_deref() != Some("explain") {
            return Err(bad());
        }
    }
    let e = js_sys::Reflect::get(value, &JsValue::from_str("explain")).unwrap_or(JsValue::UNDEFINED);
    if e.is_undefined() {
        return Ok(false);
    }
    e.as_bool().ok_or_else(bad)
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

/// The engine: the loaded tables and what can be asked of them. The state is shared with
/// widgets mounted by [`Engine::mount`], so tables added later reach them too.
#[wasm_bindgen]
pub struct Engine {
    core: Rc<RefCell<codeglass_engine::Engine>>,
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
        Engine { core: Rc::default() }
    }

    /// Adds a compiled table (the bytes of a `.cgt` file). Throws `TABLE_*` errors.
    #[wasm_bindgen(js_name = addTable, unchecked_return_type = "TableSummary")]
    pub fn add_table(&self, bytes: Vec<u8>) -> Result<JsValue, JsValue> {
        let summary =
            self.core.borrow_mut().add_table(Arc::from(bytes)).map_err(|e| js_error(e.code(), &e.to_string()))?;
        to_js(&summary)
    }

    /// Runs one keystroke of the engine's warm-up searches on the date (today when absent):
    /// a page calls it while idle until it returns `false`, so that the user's first
    /// keystrokes are as fast as the rest. Throws `BAD_OPTIONS` and `BAD_DATE`.
    #[wasm_bindgen(js_name = warmUp)]
    pub fn warm_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateOptions")] opts: JsValue,
    ) -> Result<bool, JsValue> {
        let (_, date) = dated(opts)?;
        Ok(self.core.borrow_mut().warm_up(date))
    }

    /// The loaded tables, code counts per fiscal year and grouper versions.
    #[wasm_bindgen(unchecked_return_type = "Versions")]
    pub fn versions(&self) -> Result<JsValue, JsValue> {
        let core = self.core.borrow();
        let grouper = core
            .catalog()
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
        to_js(&VersionsJs { tables: core.tables(), stats: core.catalog().stats(), grouper })
    }

    /// The code-set fiscal year that applies to a discharge date (`YYYY-MM-DD`).
    /// Throws `BAD_DATE`, `DATE_NOT_SUPPORTED`, `TABLE_NOT_LOADED` or `BAD_SYSTEM`.
    #[wasm_bindgen(js_name = fiscalYearFor)]
    pub fn fiscal_year_for(&self, system: &str, date: &str) -> Result<u32, JsValue> {
        let system: System = system.parse().map_err(|e: String| js_error("BAD_SYSTEM", &e))?;
        let date: Date = date.parse().map_err(|e: codeglass_tables::DateError| js_error("BAD_DATE", &e.to_string()))?;
        self.core
            .borrow()
            .catalog()
            .code_set(system, date)
            .map(|s| s.fiscal_year())
            .map_err(|e| js_error(e.code(), &e.to_string()))
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
        let hits = codeglass_lookup::search(self.core.borrow().catalog(), query, date, &opts).map_err(lookup_error)?;
        to_js(&hits)
    }

    /// Everything about one code: title, hierarchy, children, inherited Tabular notes,
    /// 7th characters, PCS axes. Throws `BAD_CODE`, `CODE_NOT_FOUND` and the date errors.
    #[wasm_bindgen(unchecked_return_type = "Description")]
    pub fn describe(
        &self,
        code: &str,
        #[wasm_bindgen(unchecked_param_type = "DateOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let o = options(opts)?;
        let date = parse_date(o.date.as_deref())?;
        let d =
            codeglass_lookup::describe(self.core.borrow().catalog(), code, date, parse_system(o.system.as_deref())?)
                .map_err(lookup_error)?;
        to_js(&d)
    }

    /// The ICD-10-PCS builder: valid next characters after `prefix` (0–6 characters), or the
    /// complete code. Throws `BAD_CODE`, `PCS_PREFIX_NOT_FOUND` and the date errors.
    #[wasm_bindgen(js_name = pcsNext, unchecked_return_type = "PcsNext")]
    pub fn pcs_next(
        &self,
        prefix: &str,
        #[wasm_bindgen(unchecked_param_type = "DateOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let o = options(opts)?;
        let date = parse_date(o.date.as_deref())?;
        let next = codeglass_lookup::pcs_next(self.core.borrow().catalog(), prefix, date).map_err(lookup_error)?;
        to_js(&next)
    }

    /// Runs `f` with the grouper, or throws `TABLE_NOT_LOADED`.
    fn with_grouper<T>(&self, f: impl FnOnce(&Grouper<Arc<[u8]>>) -> Result<T, JsValue>) -> Result<T, JsValue> {
        let core = self.core.borrow();
        f(core
            .grouper()
            .ok_or_else(|| js_error("TABLE_NOT_LOADED", "no msdrg table is loaded: add msdrg.cgt first"))?)
    }

    /// Groups a claim to its MS-DRG (the version its discharge date picks). Throws the claim
    /// errors (`BAD_JSON`, `BAD_CLAIM`, `UNKNOWN_FIELD`, `MISSING_FIELD`, `BAD_AGE`, `BAD_CODE`,
    /// `DATE_NOT_SUPPORTED`, …) and `TABLE_NOT_LOADED`.
    #[wasm_bindgen(unchecked_return_type = "GroupResult")]
    pub fn group(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Claim | string")] claim_value: JsValue,
        #[wasm_bindgen(unchecked_param_type = "GroupOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let explain = explain(&opts)?;
        let claim = claim(claim_value)?;
        let result = self.with_grouper(|g| g.group(&claim).map_err(claim_error))?;
        text_to_js(&result.to_json_string(explain))
    }

    /// `group` with JSON text in and out: for batches, where building JS objects would cost
    /// more than the grouping. Throws like `group`.
    #[wasm_bindgen(js_name = groupJson)]
    pub fn group_json(&self, claim_json: &str, explain: Option<bool>) -> Result<String, JsValue> {
        let claim = Claim::from_json(claim_json).map_err(claim_error)?;
        let result = self.with_grouper(|g| g.group(&claim).map_err(claim_error))?;
        Ok(result.to_json_string(explain.unwrap_or(false)))
    }

    /// Regroups the claim with one change and says how the DRG and weight moved. Throws the
    /// claim errors, `BAD_CHANGE` and `CODE_NOT_ON_CLAIM`.
    #[wasm_bindgen(js_name = whatIf, unchecked_return_type = "WhatIf")]
    pub fn what_if(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Claim | string")] claim_value: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Change | string")] change: JsValue,
        #[wasm_bindgen(unchecked_param_type = "GroupOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let explain = explain(&opts)?;
        let claim = claim(claim_value)?;
        let change = Change::from_value(&json_value(change, "change")?).map_err(claim_error)?;
        let w = self.with_grouper(|g| g.what_if(&claim, &change).map_err(claim_error))?;
        json_to_js(&w.to_json_with(explain))
    }

    /// The claim's DRG family (without CC/MCC, with CC, with MCC), the level that would move
    /// it, and which of its codes count now.
    #[wasm_bindgen(unchecked_return_type = "Opportunities")]
    pub fn opportunities(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Claim | string")] claim_value: JsValue,
        #[wasm_bindgen(unchecked_param_type = "GroupOptions")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let explain = explain(&opts)?;
        let claim = claim(claim_value)?;
        let o = self.with_grouper(|g| g.opportunities(&claim).map_err(claim_error))?;
        json_to_js(&o.to_json_with(explain))
    }

    /// The CMS Medicare Code Editor and the ICD-10-CM convention edits of a claim (the claim
    /// of `group`; its `discharge_date` picks the rows). Throws the claim errors,
    /// `MISSING_FIELD` for a claim without a date, `TABLE_NOT_LOADED`.
    #[wasm_bindgen(unchecked_return_type = "EditReport")]
    pub fn edits(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Claim | string")] claim_value: JsValue,
    ) -> Result<JsValue, JsValue> {
        let claim = claim(claim_value)?;
        let core = self.core.borrow();
        let mce =
            core.mce().ok_or_else(|| js_error("TABLE_NOT_LOADED", "no msdrg table is loaded: add msdrg.cgt first"))?;
        let report = codeglass_edits::check(core.catalog(), mce, &claim).map_err(claim_error)?;
        json_to_js(&report.to_json())
    }

    /// Mounts the Codeglass widget into `element` (typically a `<div>` in a shadow root),
    /// sharing this engine's tables. `options`: `{ mode?: "lookup" | "claim" | "app", date?,
    /// system? }`. `onSelect` receives each chosen code as a `Selection` (with its FHIR
    /// `Coding`): only an explicit choice of a billable code, never a header; `onCodes`, the
    /// claim's codes whenever they change; `onNeed(kind, date)`, a table the widget needs (the
    /// page fetches it, adds it, then calls `refresh()`); `onHighlight`, the search option the
    /// user moved to (a preview, not a choice). Throws `BAD_OPTIONS`, `BAD_DATE`, `BAD_SYSTEM`.
    pub fn mount(
        &self,
        element: web_sys::Element,
        #[wasm_bindgen(unchecked_param_type = "MountOptions")] options: JsValue,
        #[wasm_bindgen(js_name = onSelect, unchecked_param_type = "(selection: Selection) => void")]
        on_select: js_sys::Function,
        #[wasm_bindgen(js_name = onCodes, unchecked_param_type = "(codes: string[]) => void")] on_codes: Option<
            js_sys::Function,
        >,
        #[wasm_bindgen(js_name = onNeed, unchecked_param_type = "(kind: string, date: string) => void")]
        on_need: Option<js_sys::Function>,
        #[wasm_bindgen(js_name = onHighlight, unchecked_param_type = "(selection: Selection) => void")]
        on_highlight: Option<js_sys::Function>,
    ) -> Result<Widget, JsValue> {
        let props = mount_props(&self.core, &options, Some(on_select), on_codes, on_need, on_highlight)?;
        Ok(Widget { mounted: codeglass_widget::browser::mount(element, props) })
    }

    /// Panics on purpose, so tests can check that a panic is reported (`codeglass-panic`) and
    /// that the loader recovers. Never called by the library itself.
    #[wasm_bindgen(js_name = panicForTesting)]
    pub fn panic_for_testing(&self) {
        panic!("a panic requested by a test (Engine.panicForTesting)");
    }
}

/// A mounted widget (see `Engine.mount`).
#[wasm_bindgen]
pub struct Widget {
    mounted: codeglass_widget::browser::Mounted,
}

#[wasm_bindgen]
impl Widget {
    /// Removes the widget from its element.
    pub fn destroy(&mut self) {
        self.mounted.destroy();
    }

    /// Tables were added to the engine: the widget asks again.
    pub fn refresh(&mut self) {
        self.mounted.refresh();
    }

    /// New `{mode, date, system}`: the widget re-renders in place, keeping what was entered.
    /// Throws `BAD_OPTIONS`, `BAD_DATE`, `BAD_SYSTEM` (and then changes nothing).
    pub fn update(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "MountOptions")] options: JsValue,
    ) -> Result<(), JsValue> {
        let view = view_options(&options)?;
        self.mounted.set_view(view.0, view.1.map(Into::into), view.2.map(Into::into));
        Ok(())
    }
}

/// A string field of the mount options, if present.
fn option_string(options: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    let v = js_sys::Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| js_error("BAD_OPTIONS", &format!("option {key} must be a string")))
}

/// `{mode, date, system}` read and checked: the view a widget shows.
fn view_options(
    options: &JsValue,
) -> Result<(codeglass_widget::components::Mode, Option<String>, Option<String>), JsValue> {
    use codeglass_widget::components::Mode;
    const KEYS: [&str; 3] = ["mode", "date", "system"];
    if !(options.is_undefined() || options.is_null()) {
        if !options.is_object() {
            return Err(js_error("BAD_OPTIONS", "options must be { mode?, date?, system? }"));
        }
        for key in js_sys::Object::keys(&js_sys::Object::from(options.clone())).iter() {
            let key = key.as_string().unwrap_or_default();
            if !KEYS.contains(&key.as_str()) {
                return Err(js_error("BAD_OPTIONS", &format!("unknown option {key:?}; known: {}", KEYS.join(", "))));
            }
        }
    }
    let get = |key| if options.is_object() { option_string(options, key) } else { Ok(None) };
    let mode: Mode =
        get("mode")?.as_deref().unwrap_or("lookup").parse().map_err(|e: String| js_error("BAD_OPTIONS", &e))?;
    let date = get("date")?.filter(|d| !d.is_empty());
    if let Some(d) = &date {
        d.parse::<Date>().map_err(|e| js_error("BAD_DATE", &e.to_string()))?;
    }
    let system = get("system")?.filter(|s| !s.is_empty());
    parse_system(system.as_deref())?;
    Ok((mode, date, system))
}

/// The widget's properties from the JS mount options and callbacks.
fn mount_props(
    core: &Rc<RefCell<codeglass_engine::Engine>>,
    options: &JsValue,
    on_select: Option<js_sys::Function>,
    on_codes: Option<js_sys::Function>,
    on_need: Option<js_sys::Function>,
    on_highlight: Option<js_sys::Function>,
) -> Result<codeglass_widget::components::AppProps, JsValue> {
    use codeglass_widget::components::AppProps;
    use codeglass_widget::EngineRef;
    let (mode, date, system) = view_options(options)?;
    let on_codes = yew::Callback::from(move |codes: Vec<String>| {
        if let Some(f) = &on_codes {
            let array: js_sys::Array = codes.iter().map(|c| JsValue::from_str(c)).collect();
            let _ = f.call1(&JsValue::NULL, &array);
        }
    });
    let on_need = yew::Callback::from(move |(kind, date): (String, String)| {
        if let Some(f) = &on_need {
            let _ = f.call2(&JsValue::NULL, &JsValue::from_str(&kind), &JsValue::from_str(&date));
        }
    });
    Ok(AppProps {
        engine: EngineRef(Rc::clone(core)),
        mode,
        date: date.map(Into::into),
        system: system.map(Into::into),
        on_select: selection_callback(on_select),
        on_highlight: selection_callback(on_highlight),
        on_codes,
        on_need,
        tables_epoch: 0,
    })
}

/// A JS callback given each `Selection` as `{code, display, system, version, fhir}`.
fn selection_callback(f: Option<js_sys::Function>) -> yew::Callback<codeglass_widget::Selection> {
    yew::Callback::from(move |s: codeglass_widget::Selection| {
        let Some(f) = &f else { return };
        let fhir_system = s.fhir_system();
        let value = serde_json::json!({
            "code": s.code, "display": s.display, "system": s.system, "version": s.version,
            "fhir": {"system": fhir_system, "code": s.code, "display": s.display, "version": s.version},
        });
        if let Ok(js) = json_to_js(&value) {
            let _ = f.call1(&JsValue::NULL, &js);
        }
    })
}
