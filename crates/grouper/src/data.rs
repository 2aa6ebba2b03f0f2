//! One grouper version's reference data, read once from the compiled `msdrg` table into the
//! shapes grouping needs: attribute names interned to small integers, formulas parsed and
//! ordered as CMS evaluates them (by rank, then stored order).

use std::collections::{HashMap, HashSet};

use codeglass_tables::{DrgTables, KeyedTable, TableError};

use crate::facts::CExpr;
use crate::formula::{Formula, FormulaError};

/// Why a version's data could not be read.
#[derive(Debug)]
pub enum DataError {
    Table(TableError),
    Formula(FormulaError),
    /// The table has no rows for this version.
    UnknownVersion(u16),
    /// A value in a reference table is not what the reference README documents.
    Malformed {
        table: &'static str,
        key: String,
        detail: String,
    },
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataError::Table(e) => e.fmt(f),
            DataError::Formula(e) => e.fmt(f),
            DataError::UnknownVersion(v) => write!(f, "the grouper tables hold no version {v}"),
            DataError::Malformed { table, key, detail } => write!(f, "{table} row {key}: {detail}"),
        }
    }
}

impl std::error::Error for DataError {}

impl From<TableError> for DataError {
    fn from(e: TableError) -> Self {
        DataError::Table(e)
    }
}

impl From<FormulaError> for DataError {
    fn from(e: FormulaError) -> Self {
        DataError::Formula(e)
    }
}

/// A diagnosis code's severity as a secondary diagnosis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Ncc,
    Cc,
    Mcc,
}

/// Attribute names ↔ small integers, shared by diagnoses, procedures and formulas.
#[derive(Clone, Debug, Default)]
pub struct Names {
    ids: HashMap<String, u16>,
    names: Vec<String>,
}

impl Names {
    pub fn id(&mut self, name: &str) -> u16 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = u16::try_from(self.names.len()).expect("fewer than 65,536 attribute names");
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }
    pub fn get(&self, name: &str) -> Option<u16> {
        self.ids.get(name).copied()
    }
    pub fn len(&self) -> usize {
        self.names.len()
    }
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
    pub fn name(&self, id: u16) -> &str {
        &self.names[id as usize]
    }
    fn list(&mut self, space_separated: &str) -> Vec<u16> {
        space_separated.split_whitespace().map(|n| self.id(n)).collect()
    }
}

/// A diagnosis code in one version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dx {
    /// MDC as principal diagnosis (0: external cause).
    pub mdc: u8,
    pub severity: Severity,
    pub attributes: Vec<u16>,
    pub hac_attributes: Vec<u16>,
    pub dxcat: Vec<u16>,
}

/// One row of a formula list.
#[derive(Clone, Debug)]
pub struct FormulaRow {
    pub rank: u32,
    pub tie_order: u32,
    /// 0: the row assigns no DRG.
    pub drg: u16,
    pub base_drg: u16,
    pub surgical: bool,
    /// Non-zero: evaluation continues in that list.
    pub reroute_mdc: u8,
    pub drg_severity: u8,
    /// Diagnosis attributes whose codes do not count toward CC/MCC for this formula.
    pub severity_suppression: Vec<u16>,
    pub formula: Formula,
    pub(crate) compiled: CExpr,
}

/// A procedure cluster: satisfied by one code of every choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    pub suppression_mdcs: Vec<u8>,
    pub choices: Vec<Vec<String>>,
}

/// Everything one grouper version reads.
#[derive(Clone, Debug)]
pub struct VersionData {
    pub version: u16,
    pub names: Names,
    pub dx: HashMap<String, Dx>,
    /// Sex-dependent MDC: (male, female).
    pub gender_mdc: HashMap<String, (u8, u8)>,
    pub pr: HashMap<String, Vec<u16>>,
    /// PDX → the secondary diagnoses it excludes from CC/MCC.
    pub exclusion_group: HashMap<String, u32>,
    pub exclusion_groups: HashMap<u32, HashSet<String>>,
    pub pr_clusters: HashMap<String, Vec<String>>,
    pub clusters: HashMap<String, Cluster>,
    /// Formula lists by MDC list number (0 pre-MDC, 1–25, 29 unrelated OR, 99 errors).
    pub formulas: HashMap<u8, Vec<FormulaRow>>,
    /// HAC category → its formula.
    pub hac_formulas: Vec<(u8, Formula)>,
    pub(crate) hac_compiled: Vec<(u8, CExpr)>,
    /// Discharge status codes the grouper knows (CMS `MsdrgDischargeStatus`).
    pub discharge_statuses: Vec<u8>,
    /// DRG → (title, base DRG title if the kit has one).
    pub drg_titles: HashMap<u16, String>,
    pub mdc_titles: HashMap<u8, String>,
    pub hac_titles: HashMap<u8, String>,
}

/// The integer after `"field":` in a one-level JSON object (the enum table's `fields` column).
fn json_int(json: &str, field: &str) -> Option<i64> {
    let at = json.find(&format!("\"{field}\":"))? + field.len() + 3;
    let rest = json[at..].trim_start();
    let end = rest.find(|c: char| c != '-' && !c.is_ascii_digit()).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

fn malformed(table: &'static str, key: &str, detail: impl Into<String>) -> DataError {
    DataError::Malformed { table, key: key.to_string(), detail: detail.into() }
}

fn num<T: std::str::FromStr>(table: &'static str, key: &str, field: &str) -> Result<T, DataError> {
    field.parse().map_err(|_| malformed(table, key, format!("{field:?} is not a number")))
}

/// The value columns of `key`'s row valid in `version`, by column name.
struct Fields<'a, D> {
    table: &'a KeyedTable<D>,
    values: Vec<&'a str>,
}

impl<'a, D: AsRef<[u8]> + Clone> Fields<'a, D> {
    fn get(&self, column: &str) -> &'a str {
        self.table.column(column).and_then(|i| self.values.get(i).copied()).unwrap_or("")
    }
}

/// Calls `f(key, fields)` for the row of each key valid in `version` (the first, if several).
fn each_row<'a, D: AsRef<[u8]> + Clone>(
    table: &'a KeyedTable<D>,
    version: u16,
    mut f: impl FnMut(String, Fields<'a, D>) -> Result<(), DataError>,
) -> Result<(), DataError> {
    for (key, rows) in table.entries() {
        if let Some(r) = rows.into_iter().find(|r| r.covers(version)) {
            f(key, Fields { table, values: r.fields().collect() })?;
        }
    }
    Ok(())
}

impl VersionData {
    /// Reads version `version` (430, 431, 440) from the `msdrg` table.
    pub fn load<D: AsRef<[u8]> + Clone>(tables: &DrgTables<D>, version: u16) -> Result<VersionData, DataError> {
        if !tables.versions().iter().any(|v| v.version == version) {
            return Err(DataError::UnknownVersion(version));
        }
        let mut names = Names::default();
        let mut dx = HashMap::new();
        each_row(tables.table("dx")?, version, |code, f| {
            let severity = match f.get("severity") {
                "MCC" => Severity::Mcc,
                "CC" => Severity::Cc,
                "NCC" => Severity::Ncc,
                other => return Err(malformed("dx_attributes", &code, format!("severity {other:?}"))),
            };
            let d = Dx {
                mdc: num("dx_attributes", &code, f.get("mdc"))?,
                severity,
                attributes: names.list(f.get("attributes")),
                hac_attributes: names.list(f.get("hac_attributes")),
                dxcat: names.list(f.get("dxcat_attributes")),
            };
            dx.insert(code, d);
            Ok(())
        })?;
        let mut gender_mdc = HashMap::new();
        each_row(tables.table("dxsex")?, version, |code, f| {
            let male = num("dx_gender_mdc", &code, f.get("male_mdc"))?;
            let female = num("dx_gender_mdc", &code, f.get("female_mdc"))?;
            gender_mdc.insert(code, (male, female));
            Ok(())
        })?;
        let mut pr = HashMap::new();
        each_row(tables.table("pr")?, version, |code, f| {
            pr.insert(code, names.list(f.get("attributes")));
            Ok(())
        })?;
        let mut exclusion_group = HashMap::new();
        let mut needed = HashSet::new();
        each_row(tables.table("ccpdx")?, version, |code, f| {
            let g: u32 = num("cc_exclusion_pdx", &code, f.get("exclusion_group"))?;
            needed.insert(g);
            exclusion_group.insert(code, g);
            Ok(())
        })?;
        let mut exclusion_groups = HashMap::new();
        let t = tables.table("ccgrp")?;
        for g in needed {
            let row = t
                .get(&format!("{g:05}"), 0)
                .ok_or_else(|| malformed("cc_exclusion_groups", &g.to_string(), "missing"))?;
            exclusion_groups.insert(g, row.value.split(' ').map(str::to_string).collect());
        }
        let mut pr_clusters = HashMap::new();
        each_row(tables.table("prcl")?, version, |code, f| {
            pr_clusters.insert(code, f.get("clusters").split_whitespace().map(str::to_string).collect());
            Ok(())
        })?;
        let mut clusters: HashMap<String, Cluster> = HashMap::new();
        let t = tables.table("cl")?;
        for (id, rows) in t.entries() {
            for r in rows.into_iter().filter(|r| r.covers(version)) {
                let f = Fields { table: t, values: r.fields().collect() };
                let mdcs = f
                    .get("suppression_mdcs")
                    .split_whitespace()
                    .map(|m| num("clusters", &id, m))
                    .collect::<Result<Vec<u8>, _>>()?;
                let c = clusters.entry(id.clone()).or_insert(Cluster { suppression_mdcs: mdcs, choices: Vec::new() });
                c.choices.push(f.get("codes").split_whitespace().map(str::to_string).collect());
            }
        }
        let mut formulas: HashMap<u8, Vec<FormulaRow>> = HashMap::new();
        let t = tables.table("formulas")?;
        for (mdc, rows) in t.entries() {
            let list: u8 = num("drg_formulas", &mdc, &mdc)?;
            for r in rows.into_iter().filter(|r| r.covers(version)) {
                let f = Fields { table: t, values: r.fields().collect() };
                let row = FormulaRow {
                    rank: num("drg_formulas", &mdc, f.get("rank"))?,
                    tie_order: num("drg_formulas", &mdc, f.get("rank_tie_order"))?,
                    drg: num("drg_formulas", &mdc, f.get("drg"))?,
                    base_drg: num("drg_formulas", &mdc, f.get("base_drg"))?,
                    surgical: f.get("surgical") == "SURGICAL",
                    reroute_mdc: num("drg_formulas", &mdc, f.get("reroute_mdc"))?,
                    drg_severity: num("drg_formulas", &mdc, f.get("drg_severity"))?,
                    severity_suppression: names.list(f.get("severity_suppression")),
                    formula: f.get("formula").parse()?,
                    compiled: CExpr::Key(0),
                };
                formulas.entry(list).or_default().push(row);
            }
        }
        // CMS sorts each list stably by rank over the stored order (`rank_tie_order`).
        for list in formulas.values_mut() {
            list.sort_by_key(|r| (r.rank, r.tie_order));
        }
        let mut hac_formulas: Vec<(u8, Formula)> = Vec::new();
        each_row(tables.table("hacf")?, version, |hac, f| {
            hac_formulas.push((num("hac_formulas", &hac, &hac)?, f.get("formula").parse()?));
            Ok(())
        })?;
        hac_formulas.sort_by_key(|(h, _)| *h);
        for list in formulas.values_mut() {
            for row in list.iter_mut() {
                row.compiled = CExpr::compile(&row.formula.expr, &mut names);
            }
        }
        let hac_compiled = hac_formulas.iter().map(|(h, f)| (*h, CExpr::compile(&f.expr, &mut names))).collect();
        let mut discharge_statuses = Vec::new();
        let t = tables.table("enums")?;
        for (name, rows) in t.entries() {
            if name != "MsdrgDischargeStatus" {
                continue;
            }
            for r in rows {
                let fields = Fields { table: t, values: r.fields().collect() }.get("fields");
                if let Some(status) = json_int(fields, "dischargeStatus").and_then(|v| u8::try_from(v).ok()) {
                    discharge_statuses.push(status);
                }
            }
        }
        if discharge_statuses.is_empty() {
            return Err(malformed("grouper_enums", "MsdrgDischargeStatus", "no discharge status"));
        }
        discharge_statuses.sort_unstable();
        let titles = |name: &str| -> Result<Vec<(String, String)>, DataError> {
            let mut out = Vec::new();
            each_row(tables.table(name)?, version, |key, f| {
                out.push((key, f.values.first().copied().unwrap_or("").to_string()));
                Ok(())
            })?;
            Ok(out)
        };
        let drg_titles = titles("drgdesc")?.into_iter().filter_map(|(k, v)| Some((k.parse().ok()?, v))).collect();
        let mdc_titles = titles("mdcdesc")?.into_iter().filter_map(|(k, v)| Some((k.parse().ok()?, v))).collect();
        let hac_titles = titles("hacdesc")?.into_iter().filter_map(|(k, v)| Some((k.parse().ok()?, v))).collect();
        Ok(VersionData {
            version,
            names,
            dx,
            gender_mdc,
            pr,
            exclusion_group,
            exclusion_groups,
            pr_clusters,
            clusters,
            formulas,
            hac_formulas,
            hac_compiled,
            discharge_statuses,
            drg_titles,
            mdc_titles,
            hac_titles,
        })
    }

    /// Whether `sdx` loses its CC/MCC status when `pdx` is the principal diagnosis.
    pub fn excluded_by_pdx(&self, pdx: &str, sdx: &str) -> bool {
        self.exclusion_group.get(pdx).and_then(|g| self.exclusion_groups.get(g)).is_some_and(|set| set.contains(sdx))
    }
}
