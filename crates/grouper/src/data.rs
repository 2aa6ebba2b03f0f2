//! One grouper version's reference data, read once from the compiled `msdrg` table into the
//! shapes grouping needs: attribute names interned to small integers, formulas parsed and
//! ordered as CMS evaluates them (by rank, then stored order).

use std::sync::Arc;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

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

/// A canonical code packed into 8 bytes: map keys compare as integers, with no pointer to
/// chase (the 75k-code maps are read several times per claim).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CodeKey(u64);

/// The packed bytes share long prefixes (`I50…`): mix them all into the bits the map uses.
impl std::hash::Hash for CodeKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let mut z = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        state.write_u64(z ^ (z >> 31));
    }
}

impl CodeKey {
    /// Codes are at most 7 characters; a longer string gets a key no code has.
    pub fn new(code: &str) -> CodeKey {
        let b = code.as_bytes();
        if b.len() > 8 {
            return CodeKey(u64::MAX);
        }
        let mut k = [0u8; 8];
        k[..b.len()].copy_from_slice(b);
        CodeKey(u64::from_le_bytes(k))
    }
}

impl From<&str> for CodeKey {
    fn from(code: &str) -> CodeKey {
        CodeKey::new(code)
    }
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

/// What the grouper's own code makes of an attribute name (the counting atoms' inputs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Plain,
    /// One of `JOINT_SITES` (its index): two or more give `BILATERAL`.
    Joint(u8),
    /// `vesselN`: N vessels treated.
    Vessel(u8),
    /// `stentN`: N stents inserted.
    Stent(u8),
    DrugStent,
    PlainStent,
    /// On an unrelated-O.R. list (`d468`, `d477`).
    OrList,
    /// `ornec`: an O.R. procedure in CMS's output flag, though on no unrelated-O.R. list.
    OrNec,
    SglAntFuse,
    SglPostFuse1,
    SglAntSectXFuse,
    SglPostFuse,
}

/// The significant-trauma body sites; two or more sites make `MULTST`.
pub(crate) const TRAUMA_SITES: [&str; 8] =
    ["sthead", "stchest", "stabdom", "stkidney", "sturin", "stpel", "stuplimb", "stlolimb"];
/// Joint sites; procedures on two or more make `BILATERAL`.
pub(crate) const JOINT_SITES: [&str; 6] = ["righthip", "lefthip", "leftknee", "rightknee", "leftankle", "rightankle"];
/// The counting atoms, in the order of [`Atoms::counters`].
pub(crate) const COUNTERS: [&str; 12] = [
    "MULTST",
    "BILATERAL",
    "FOUR_NON_DRUG_ELUTING_STENTS",
    "FOUR_DRUG_ELUTING_STENTS",
    "FOUR_VESSELS",
    "FOUR_STENTS",
    "MULTFUSE",
    "SGLANTSECTXCTR",
    "SGLPOSTFUSECTR",
    "SINGLEFUSIONCTR",
    "SGLANTCTR",
    "SGLPOST1CTR",
];

/// The ids of the names the grouper's code gives meaning to, looked up once per version so
/// that grouping a claim compares no strings.
#[derive(Clone, Debug)]
pub(crate) struct Atoms {
    pub orproc: Option<u16>,
    pub invalid_pdx: Option<u16>,
    pub pdx_ecode: Option<u16>,
    pub incident: Option<u16>,
    pub invalid_sex: Option<u16>,
    pub mdc_20_fall_thru: Option<u16>,
    pub alive: Option<u16>,
    pub died: Option<u16>,
    pub ama: Option<u16>,
    pub xfrnba: Option<u16>,
    pub invalid_dstat: Option<u16>,
    pub anydx: Option<u16>,
    pub mccalive: Option<u16>,
    pub ecode: Option<u16>,
    pub hac06_sdx: Option<u16>,
    /// `MCC`, `CC`, `NONE`.
    pub levels: [Option<u16>; 3],
    pub trauma_sites: Vec<u16>,
    pub counters: [Option<u16>; 12],
    /// By name id.
    pub roles: Vec<Role>,
}

impl Atoms {
    fn new(names: &Names) -> Atoms {
        let g = |n: &str| names.get(n);
        let number = |n: &str, prefix: &str, max: u8| {
            n.strip_prefix(prefix).and_then(|k| k.parse::<u8>().ok()).filter(|k| (1..=max).contains(k))
        };
        let roles = names
            .names
            .iter()
            .map(|n| {
                if let Some(i) = JOINT_SITES.iter().position(|j| j == n) {
                    return Role::Joint(i as u8);
                }
                if let Some(k) = number(n, "vessel", 9) {
                    return Role::Vessel(k);
                }
                if let Some(k) = number(n, "stent", 4) {
                    return Role::Stent(k);
                }
                match n.as_str() {
                    "NORdrugstent" => Role::DrugStent,
                    "NORstent" => Role::PlainStent,
                    "d468" | "d477" => Role::OrList,
                    "ornec" => Role::OrNec,
                    "sglantfuse" => Role::SglAntFuse,
                    "sglpostfuse1" => Role::SglPostFuse1,
                    "sglantsectXfuse" => Role::SglAntSectXFuse,
                    "sglpostfuse" => Role::SglPostFuse,
                    _ => Role::Plain,
                }
            })
            .collect();
        Atoms {
            orproc: g("ORPROC"),
            invalid_pdx: g("INVALID_PDX"),
            pdx_ecode: g("PDX_ECODE"),
            incident: g("incident"),
            invalid_sex: g("INVALID_SEX"),
            mdc_20_fall_thru: g("MDC_20_FALL_THRU"),
            alive: g("ALIVE"),
            died: g("DIED"),
            ama: g("AMA"),
            xfrnba: g("XFRNBA"),
            invalid_dstat: g("INVALID_DSTAT"),
            anydx: g("ANYDX"),
            mccalive: g("mccalive"),
            ecode: g("ecode"),
            hac06_sdx: g("hac06_sdx"),
            levels: ["MCC", "CC", "NONE"].map(g),
            trauma_sites: TRAUMA_SITES.iter().filter_map(|n| g(n)).collect(),
            counters: COUNTERS.map(g),
            roles,
        }
    }
}

/// A diagnosis code in one version. Its three attribute lists share one allocation, so the
/// 75k-entry map stays small enough for the caches (grouping is bound by these lookups).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dx {
    /// MDC as principal diagnosis (0: external cause).
    pub mdc: u8,
    pub severity: Severity,
    /// `attributes`, then `hac_attributes`, then `dxcat`.
    ids: Box<[u16]>,
    n_attributes: u16,
    n_hac: u16,
}

impl Dx {
    pub fn new(mdc: u8, severity: Severity, attributes: &[u16], hac_attributes: &[u16], dxcat: &[u16]) -> Dx {
        let n = |v: &[u16]| u16::try_from(v.len()).expect("fewer than 65,536 attributes per code");
        Dx {
            mdc,
            severity,
            ids: [attributes, hac_attributes, dxcat].concat().into_boxed_slice(),
            n_attributes: n(attributes),
            n_hac: n(hac_attributes),
        }
    }
    pub fn attributes(&self) -> &[u16] {
        &self.ids[..usize::from(self.n_attributes)]
    }
    pub fn hac_attributes(&self) -> &[u16] {
        &self.ids[usize::from(self.n_attributes)..usize::from(self.n_attributes + self.n_hac)]
    }
    pub fn dxcat(&self) -> &[u16] {
        &self.ids[usize::from(self.n_attributes + self.n_hac)..]
    }
    /// Every attribute of the three lists.
    pub fn all(&self) -> &[u16] {
        &self.ids
    }
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
    /// For explanations, shared by every result that cites this row.
    pub(crate) text: Arc<str>,
    pub(crate) suppression_names: Arc<[String]>,
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
    pub dx: HashMap<CodeKey, Dx>,
    /// Sex-dependent MDC: (male, female).
    pub gender_mdc: HashMap<CodeKey, (u8, u8)>,
    pub pr: HashMap<CodeKey, Vec<u16>>,
    /// PDX → the secondary diagnoses it excludes from CC/MCC.
    pub exclusion_group: HashMap<CodeKey, u32>,
    pub exclusion_groups: HashMap<u32, HashSet<CodeKey>>,
    pub pr_clusters: HashMap<CodeKey, Vec<String>>,
    pub clusters: HashMap<String, Cluster>,
    /// Formula lists by MDC list number (0 pre-MDC, 1–25, 29 unrelated OR, 99 errors).
    pub formulas: HashMap<u8, Vec<FormulaRow>>,
    /// HAC category → its formula.
    pub hac_formulas: Vec<(u8, Formula)>,
    pub(crate) hac_compiled: Vec<(u8, CExpr)>,
    /// Discharge status codes the grouper knows (CMS `MsdrgDischargeStatus`).
    pub discharge_statuses: Vec<u8>,
    /// DRG → (title, base DRG title if the kit has one).
    pub drg_titles: HashMap<u16, Arc<str>>,
    pub mdc_titles: HashMap<u8, Arc<str>>,
    pub hac_titles: HashMap<u8, Arc<str>>,
    pub(crate) atoms: Atoms,
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
        let mut dx = HashMap::default();
        each_row(tables.table("dx")?, version, |code, f| {
            let severity = match f.get("severity") {
                "MCC" => Severity::Mcc,
                "CC" => Severity::Cc,
                "NCC" => Severity::Ncc,
                other => return Err(malformed("dx_attributes", &code, format!("severity {other:?}"))),
            };
            let d = Dx::new(
                num("dx_attributes", &code, f.get("mdc"))?,
                severity,
                &names.list(f.get("attributes")),
                &names.list(f.get("hac_attributes")),
                &names.list(f.get("dxcat_attributes")),
            );
            dx.insert(CodeKey::new(&code), d);
            Ok(())
        })?;
        let mut gender_mdc = HashMap::default();
        each_row(tables.table("dxsex")?, version, |code, f| {
            let male = num("dx_gender_mdc", &code, f.get("male_mdc"))?;
            let female = num("dx_gender_mdc", &code, f.get("female_mdc"))?;
            gender_mdc.insert(CodeKey::new(&code), (male, female));
            Ok(())
        })?;
        let mut pr = HashMap::default();
        each_row(tables.table("pr")?, version, |code, f| {
            pr.insert(CodeKey::new(&code), names.list(f.get("attributes")));
            Ok(())
        })?;
        let mut exclusion_group = HashMap::default();
        let mut needed = HashSet::default();
        each_row(tables.table("ccpdx")?, version, |code, f| {
            let g: u32 = num("cc_exclusion_pdx", &code, f.get("exclusion_group"))?;
            needed.insert(g);
            exclusion_group.insert(CodeKey::new(&code), g);
            Ok(())
        })?;
        let mut exclusion_groups = HashMap::default();
        let t = tables.table("ccgrp")?;
        for g in needed {
            let row = t
                .get(&format!("{g:05}"), 0)
                .ok_or_else(|| malformed("cc_exclusion_groups", &g.to_string(), "missing"))?;
            exclusion_groups.insert(g, row.value.split(' ').map(CodeKey::new).collect());
        }
        let mut pr_clusters = HashMap::default();
        each_row(tables.table("prcl")?, version, |code, f| {
            pr_clusters.insert(CodeKey::new(&code), f.get("clusters").split_whitespace().map(str::to_string).collect());
            Ok(())
        })?;
        let mut clusters: HashMap<String, Cluster> = HashMap::default();
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
        let mut formulas: HashMap<u8, Vec<FormulaRow>> = HashMap::default();
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
                    text: Arc::from(f.get("formula")),
                    suppression_names: f.get("severity_suppression").split_whitespace().map(str::to_string).collect(),
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
        let titles = |name: &str| -> Result<Vec<(String, Arc<str>)>, DataError> {
            let mut out = Vec::new();
            each_row(tables.table(name)?, version, |key, f| {
                out.push((key, Arc::from(f.values.first().copied().unwrap_or(""))));
                Ok(())
            })?;
            Ok(out)
        };
        let drg_titles = titles("drgdesc")?.into_iter().filter_map(|(k, v)| Some((k.parse().ok()?, v))).collect();
        let mdc_titles = titles("mdcdesc")?.into_iter().filter_map(|(k, v)| Some((k.parse().ok()?, v))).collect();
        let hac_titles = titles("hacdesc")?.into_iter().filter_map(|(k, v)| Some((k.parse().ok()?, v))).collect();
        let atoms = Atoms::new(&names);
        Ok(VersionData {
            version,
            atoms,
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

    /// The diagnosis `code` (canonical) in this version.
    pub fn dx(&self, code: &str) -> Option<&Dx> {
        self.dx.get(&CodeKey::new(code))
    }

    /// Whether `sdx` loses its CC/MCC status when `pdx` is the principal diagnosis.
    pub fn excluded_by_pdx(&self, pdx: &str, sdx: &str) -> bool {
        self.exclusion_group
            .get(&CodeKey::new(pdx))
            .and_then(|g| self.exclusion_groups.get(g))
            .is_some_and(|set| set.contains(&CodeKey::new(sdx)))
    }
}
