//! ICD-10-CM: FY2026 from the order file and the Tabular XML; FY2027 from FY2026 plus the
//! FY2027 order addenda (the kit has no FY2027 Tabular, so new codes carry no notes of their own).

use std::collections::{HashMap, HashSet};

use codeglass_tables::{flags, CodeSetBuilder, Date, EntryInput, GroupInput, System};

use crate::error::{CompileError, Result};
use crate::order_file::{footer_counts, parse_cm_order_addenda, parse_order, Action};
use crate::sources::Sources;
use crate::tabular::{parse_tabular, Tabular};

pub const ORDER_2026: &str = "icd10cm/icd10cm_order_2026.txt";
pub const TABULAR_2026: &str = "icd10cm/icd10c-tabular-April-1-2026.xml";
pub const ADDENDA_2027: &str = "fy2027/icd10cm/icd10cm_order_addenda_2027.txt";

/// Builds the FY2026 and FY2027 ICD-10-CM tables.
pub fn build(src: &Sources) -> Result<(CodeSetBuilder, CodeSetBuilder)> {
    let order = parse_order(&src.read_text(ORDER_2026)?, &src.path(ORDER_2026))?;
    let tabular = parse_tabular(&src.read_text(TABULAR_2026)?, &src.path(TABULAR_2026))?;
    let fy2026 = build_2026(&order, &tabular);
    let fy2027 = build_2027(src, &fy2026, &tabular)?;
    Ok((fy2026, fy2027))
}

fn groups(tab: &Tabular) -> Vec<GroupInput> {
    let chapters = tab.chapters.iter().map(|c| GroupInput {
        name: c.name.clone(),
        title: c.title.clone(),
        first: c.first.clone(),
        last: c.last.clone(),
        chapter: None,
        notes: c.notes.clone(),
    });
    let sections = tab.sections.iter().map(|s| GroupInput {
        name: s.id.clone(),
        title: s.title.clone(),
        first: s.first.clone(),
        last: s.last.clone(),
        chapter: Some(s.chapter as u16),
        notes: s.notes.clone(),
    });
    chapters.chain(sections).collect()
}

/// Chapter and block of a category: from the Tabular, else from the block whose range holds
/// it, else only the chapter whose range holds it (new FY2027 categories outside any range).
fn placement(tab: &Tabular, category: &str) -> (Option<u16>, Option<u16>) {
    let chapters = tab.chapters.len();
    let section = tab
        .category_section
        .get(category)
        .copied()
        .or_else(|| tab.sections.iter().position(|s| s.first.as_str() <= category && category <= s.last.as_str()));
    match section {
        Some(s) => (Some(tab.sections[s].chapter as u16), Some((chapters + s) as u16)),
        None => {
            let chapter = tab.chapters.iter().position(|c| c.first.as_str() <= category && category <= c.last.as_str());
            (chapter.map(|c| c as u16), None)
        }
    }
}

fn base(fy: u32, tab: &Tabular) -> CodeSetBuilder {
    let mut b = CodeSetBuilder::new(System::Icd10Cm, fy);
    b.groups = groups(tab);
    b.meta.set("tabular_version", format!("{} (April 1 2026 update)", tab.version));
    b
}

fn build_2026(order: &[crate::order_file::OrderRow], tab: &Tabular) -> CodeSetBuilder {
    let mut b = base(2026, tab);
    b.meta.set("source", "CMS icd10cm_order_2026.txt + NCHS icd10c-tabular-April-1-2026.xml");
    let validity = Date::fiscal_year_bounds(2026);
    for row in order {
        let (chapter, block) = placement(tab, &row.code[..3]);
        b.entries.push(EntryInput {
            code: row.code.clone(),
            billable: row.billable,
            title: Some(row.long_title.clone()),
            short_title: Some(row.short_title.clone()),
            extra_flags: 0,
            chapter,
            block,
            validity,
            notes: tab.notes.get(&row.code).cloned().unwrap_or_default(),
        });
    }
    b
}

fn build_2027(src: &Sources, fy2026: &CodeSetBuilder, tab: &Tabular) -> Result<CodeSetBuilder> {
    let path = src.path(ADDENDA_2027);
    let text = src.read_text(ADDENDA_2027)?;
    let changes = parse_cm_order_addenda(&text, &path)?;
    let mut b = base(2027, tab);
    b.meta.set("source", "FY2026 table + CMS icd10cm_order_addenda_2027.txt").set(
        "notes_source",
        "FY2026 April Tabular; the kit has no FY2027 Tabular, so codes new in FY2027 have no notes of their own",
    );
    let validity = Date::fiscal_year_bounds(2027);

    let deleted: HashSet<&str> =
        changes.iter().filter(|c| c.action == Action::Delete).map(|c| c.code.as_str()).collect();
    // A Delete (flag 1) plus an Add (flag 0) of one code is a billable → header change: the
    // node stays where it is, with its notes.
    let readded: HashMap<&str, &crate::order_file::Change> = changes
        .iter()
        .filter(|c| c.action == Action::Add && deleted.contains(c.code.as_str()))
        .map(|c| (c.code.as_str(), c))
        .collect();
    let mut entries: Vec<EntryInput> = Vec::with_capacity(fy2026.entries.len() + 256);
    for e in &fy2026.entries {
        let mut e = e.clone();
        e.validity = validity;
        if let Some(add) = readded.get(e.code.as_str()) {
            e.billable = add.billable == Some(true);
            e.title = Some(add.long_title.clone());
            e.short_title = add.short_title.clone();
        } else if deleted.contains(e.code.as_str()) {
            continue;
        }
        entries.push(e);
    }
    let mut adds: Vec<&crate::order_file::Change> =
        changes.iter().filter(|c| c.action == Action::Add && !readded.contains_key(c.code.as_str())).collect();
    adds.sort_by(|a, b| a.code.cmp(&b.code));
    for add in adds {
        if entries.iter().any(|e| e.code == add.code) {
            return Err(CompileError::new(&path, format!("Add of existing code {}", add.code)));
        }
        let (chapter, block) = placement(tab, &add.code[..3]);
        let at = insertion_point(&entries, &add.code);
        entries.insert(
            at,
            EntryInput {
                code: add.code.clone(),
                billable: add.billable == Some(true),
                title: Some(add.long_title.clone()),
                short_title: add.short_title.clone(),
                extra_flags: flags::ADDED | flags::OWN_NOTES_UNAVAILABLE,
                chapter,
                block,
                validity,
                notes: Vec::new(),
            },
        );
    }
    for rev in changes.iter().filter(|c| c.action == Action::ReviseTo) {
        let e = entries
            .iter_mut()
            .find(|e| e.code == rev.code)
            .ok_or_else(|| CompileError::new(&path, format!("Revise of unknown code {}", rev.code)))?;
        e.title = Some(rev.long_title.clone());
        e.short_title = rev.short_title.clone();
        e.extra_flags |= flags::TITLE_REVISED;
    }
    let billable = entries.iter().filter(|e| e.billable).count() as u32;
    if let Some((expected, _)) = footer_counts(&text).into_iter().find(|(_, f)| f.contains("2027")) {
        if expected != billable {
            return Err(CompileError::new(
                &path,
                format!("FY2027 has {billable} billable codes after applying the addenda; its footer says {expected}"),
            ));
        }
    }
    b.entries = entries;
    Ok(b)
}

/// Where a new code goes in Tabular order: after the last code of its nearest existing
/// ancestor's run that sorts before it; a new category goes after the run of the greatest
/// existing category before it.
fn insertion_point(entries: &[EntryInput], code: &str) -> usize {
    let anchor = (1..code.len()).rev().find_map(|n| {
        let p = &code[..n];
        entries.iter().position(|e| e.code == p).map(|i| (p.to_string(), i))
    });
    let (prefix, start) = match anchor {
        Some(a) => a,
        None => {
            let category = &code[..3.min(code.len())];
            let before = entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.code.len() == 3 && e.code.as_str() < category && e.code[..1] == category[..1])
                .max_by(|a, b| a.1.code.cmp(&b.1.code));
            match before {
                Some((i, e)) => (e.code.clone(), i),
                None => return entries.len(),
            }
        }
    };
    // Walk the run; both cases stop before the first code of the run that sorts after this one.
    let mut at = start + 1;
    while at < entries.len() && entries[at].code.starts_with(&prefix) && entries[at].code.as_str() < code {
        at += 1;
    }
    at
}
