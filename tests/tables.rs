//! The committed code tables: equal to a fresh compile, official counts, spot checks of
//! titles, notes, PCS axes and date selection, and typed errors on damaged bytes.

use codeglass_tables::{flags, Catalog, CodeSet, Date, NoteKind, System, TableError};
use codeglass_tests::{catalog, cms_root, extra_root, skipped, tables_dir};

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn cm(fy: u32) -> &'static CodeSet<std::sync::Arc<[u8]>> {
    let d = Date::fiscal_year_bounds(fy).1;
    catalog().code_set(System::Icd10Cm, d).unwrap()
}

fn pcs(fy: u32) -> &'static CodeSet<std::sync::Arc<[u8]>> {
    let d = Date::fiscal_year_bounds(fy).1;
    catalog().code_set(System::Icd10Pcs, d).unwrap()
}

#[test]
fn committed_tables_equal_a_fresh_compile() {
    let Some(cms) = cms_root() else {
        return skipped("committed_tables_equal_a_fresh_compile", "no CMS kit at ../shared/cms or $CMS_SOURCES");
    };
    let Some(extra) = extra_root() else {
        return skipped(
            "committed_tables_equal_a_fresh_compile",
            "no extra folder (FY2027 Table 5) beside the CMS kit or at $EXTRA_SOURCES",
        );
    };
    let compiled = codeglass_compiler::compile(&cms, &extra).expect("the kit and the extra folder compile");
    let diffs = compiled.differences(&tables_dir());
    assert!(diffs.is_empty(), "code_tables/ is stale ({}); run `codeglass tables build`", diffs.join(", "));
    // Every input the compiler read is listed with its checksum.
    let paths: Vec<&str> = compiled.manifest.inputs.iter().map(|i| i.path.as_str()).collect();
    for needed in [
        "icd10cm/icd10cm_order_2026.txt",
        "icd10cm/icd10c-tabular-April-1-2026.xml",
        "fy2027/icd10cm/icd10cm_order_addenda_2027.txt",
        "icd10pcs/icd10pcs_tables_2026.xml",
        "fy2027/icd10pcs/icd10pcs_codes_addenda_2027.txt",
        "msdrg/reference/dx_attributes.csv",
        "msdrg/FY2026_FR_Table_5.txt",
        "extra/msdrg/FY2027_Table_5.tsv",
    ] {
        assert!(paths.contains(&needed), "manifest lacks input {needed}");
    }
    for input in &compiled.manifest.inputs {
        let path = match input.path.strip_prefix(codeglass_compiler::EXTRA_PREFIX) {
            Some(rel) => extra.join(rel),
            None => cms.join(&input.path),
        };
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(codeglass_compiler::sha256_hex(&bytes), input.sha256, "{}", input.path);
        assert_eq!(bytes.len() as u64, input.bytes, "{}", input.path);
    }
    // The FY2027 weights say what they are; the gap they closed is gone.
    let t5 = compiled.manifest.inputs.iter().find(|i| i.path == "extra/msdrg/FY2027_Table_5.tsv").unwrap();
    assert!(t5.note.as_deref().is_some_and(|n| n.contains("CMS-1849-CN") && n.contains("not a byte copy")), "{t5:?}");
    assert!(compiled.manifest.inputs.iter().filter(|i| i.note.is_some()).count() == 1, "CMS files carry no note");
    assert!(!compiled.manifest.known_gaps.iter().any(|g| g.contains("Table 5")), "{:?}", compiled.manifest.known_gaps);
}

#[test]
fn official_counts_hold() {
    let stats = catalog().stats();
    let json = serde_json::to_value(&stats).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "icd10cm": {"2026": {"billable": 74719, "headers": 23467}, "2027": {"billable": 74879, "headers": 23524}},
            "icd10pcs": {"2026": {"codes": 79193}, "2027": {"codes": 79256}},
            "msdrg": {"versions": [430, 431, 440]}
        })
    );
    // The October 2025 PCS release alone: codes valid on the first day of FY2026.
    assert_eq!(pcs(2026).counts_on(date("2025-10-01")).billable, 79115);
}

#[test]
fn icd10cm_titles_and_hierarchy() {
    let set = cm(2026);
    let e = set.get("i50.23").unwrap();
    assert_eq!(e.code(), "I5023");
    assert_eq!(e.display_code(), "I50.23");
    assert_eq!(e.title(), Some("Acute on chronic systolic (congestive) heart failure"));
    assert!(e.billable());
    let path: Vec<&str> = e.ancestors().iter().map(|a| a.code()).collect();
    assert_eq!(path, ["I50", "I502"]);
    assert_eq!(e.chapter().unwrap().name(), "9");
    assert!(e.chapter().unwrap().title().starts_with("Diseases of the circulatory system"));
    assert_eq!(e.block().unwrap().name(), "I30-I5A");
    assert!(!set.get("I50").unwrap().billable(), "a category is a header");
    assert_eq!(set.get("E1165").unwrap().title(), Some("Type 2 diabetes mellitus with hyperglycemia"));
    assert!(set.get("I50.2").is_some() && set.get("I5020").is_some());
    assert!(set.get("I50.99").is_none());
    // Diacritics are kept from the Tabular only where the source has them; the order file is ASCII.
    assert_eq!(set.get("C84A0").unwrap().short_title().map(|s| s.len() <= 60), Some(true));
}

#[test]
fn seventh_characters_are_stated_at_the_category() {
    let set = cm(2026);
    let e = set.get("S72.001A").unwrap();
    assert_eq!(
        e.title(),
        Some("Fracture of unspecified part of neck of right femur, initial encounter for closed fracture")
    );
    assert!(e.own_notes().is_empty(), "expanded 7th-character codes have no notes of their own");
    let s72 = e.ancestors().into_iter().find(|a| a.code() == "S72").unwrap();
    let sevenths: Vec<(char, &str)> = s72
        .own_notes()
        .iter()
        .filter(|n| n.kind == NoteKind::SeventhCharacter)
        .map(|n| (n.aux as char, n.text))
        .collect();
    assert_eq!(sevenths.len(), 16);
    assert_eq!(sevenths[0], ('A', "initial encounter for closed fracture"));
    assert_eq!(sevenths[15], ('S', "sequela"));
    let extra: Vec<(char, &str)> = s72
        .own_notes()
        .iter()
        .filter(|n| n.kind == NoteKind::SeventhCharacterExtra)
        .map(|n| (n.aux as char, n.text))
        .collect();
    assert_eq!(extra, [('B', "initial encounter for open fracture NOS")]);
    assert!(s72.own_notes().iter().any(|n| n.kind == NoteKind::SeventhCharacterNote));
}

#[test]
fn excludes1_is_stated_at_the_category_of_e11_65() {
    let set = cm(2026);
    let e = set.get("E11.65").unwrap();
    let inherited: Vec<(String, NoteKind, &str)> = e
        .ancestors()
        .iter()
        .flat_map(|a| a.own_notes().into_iter().map(move |n| (a.code().to_string(), n.kind, n.text)))
        .collect();
    assert!(inherited.contains(&(
        "E11".into(),
        NoteKind::Excludes1,
        "diabetes mellitus due to underlying condition (E08.-)"
    )));
    assert!(inherited.iter().any(|(c, k, t)| c == "E11" && *k == NoteKind::UseAdditionalCode && t.contains("Z79.4")));
    // Notes stated at a block and a chapter are kept too.
    let chapter = set.get("A00.0").unwrap().chapter().unwrap();
    assert!(chapter.notes().iter().any(|n| n.kind == NoteKind::Excludes2 && n.text.contains("(Z22.-)")));
    let b90 = set.get("B90.0").unwrap().block().unwrap();
    assert_eq!(b90.name(), "B90-B94");
    assert!(b90.notes().iter().any(|n| n.kind == NoteKind::CodeFirst));
}

#[test]
fn fy2027_applies_the_addenda() {
    let (old, new) = (cm(2026), cm(2027));
    // Billable → header.
    assert!(old.get("I42.0").unwrap().billable());
    assert!(!new.get("I42.0").unwrap().billable());
    assert!(!new.get("I42.0").unwrap().own_notes().is_empty() || old.get("I42.0").unwrap().own_notes().is_empty());
    // New code: title from the addenda, no notes of its own (the kit has no FY2027 Tabular).
    let n = new.get("I42.00").unwrap();
    assert_eq!(n.title(), Some("Dilated cardiomyopathy, unspecified"));
    assert!(n.flags() & flags::ADDED != 0 && n.flags() & flags::OWN_NOTES_UNAVAILABLE != 0);
    assert_eq!(n.parent().unwrap().code(), "I420");
    assert!(old.get("I42.00").is_none());
    // Deleted.
    assert!(old.get("S23.420A").is_some() && new.get("S23.420A").is_none());
    // Revised title.
    let r = new.get("L02.232").unwrap();
    assert_eq!(r.title(), Some("Carbuncle of back [any part, except buttock and flank]"));
    assert!(r.flags() & flags::TITLE_REVISED != 0);
    // A new category with no block in the FY2026 ranges still gets its chapter.
    let k6a = new.get("K6A01").unwrap();
    assert_eq!(k6a.chapter().unwrap().name(), "11");
    // Tabular order: the new code sits right after its parent.
    assert_eq!(new.entry(n.ordinal() - 1).unwrap().code(), "I420");
}

#[test]
fn icd10pcs_codes_axes_and_definitions() {
    let set = pcs(2026);
    let e = set.get("02703dz").unwrap();
    assert_eq!(
        e.title(),
        Some("Dilation of Coronary Artery, One Artery with Intraluminal Device, Percutaneous Approach")
    );
    assert_eq!(e.parent().unwrap().code(), "027");
    assert_eq!(e.parent().unwrap().title(), Some("Heart and Great Vessels, Dilation"));
    // April 2026 addition: valid from 2026-04-01, no official title in the kit.
    let april = set.get("02HM3JZ").unwrap();
    assert_eq!(april.validity(), (date("2026-04-01"), date("2026-09-30")));
    assert_eq!(april.title(), None);
    assert!(!april.is_valid_on(date("2026-01-15")));
    // An April code whose title the FY2027 addenda quote ("Revise from"), then revise.
    assert!(set.get("XW0E33B").unwrap().title().unwrap().contains("DB-OTO"));
    assert!(pcs(2027).get("XW0E33B").unwrap().title().unwrap().contains("Lunsotogene Parvec-cwha"));
    // FY2027 additions and deletions.
    assert!(pcs(2027).get("028F3Z0").is_some() && set.get("028F3Z0").is_none());
    assert!(set.get("XXE5XR7").is_some() && pcs(2027).get("XXE5XR7").is_none());

    let axes = catalog().pcs_axes(date("2026-01-01")).unwrap();
    assert_eq!(axes.table_count(), 914);
    let t = axes.table("027").unwrap();
    assert_eq!(t.labels, ["Medical and Surgical", "Heart and Great Vessels", "Dilation"]);
    assert_eq!(t.axis_titles[3], "Body Part");
    assert!(t.definition.starts_with("Expanding an orifice or the lumen"));
    let row = t.rows.iter().find(|r| r[0].iter().any(|v| v.character == '0')).unwrap();
    assert!(row[1].iter().any(|v| v.character == '3' && v.label == "Percutaneous"));
    let bypass =
        axes.terms().into_iter().find(|t| t.section == '0' && t.position == 3 && t.titles == ["Bypass"]).unwrap();
    assert_eq!(bypass.definition, "Altering the route of passage of the contents of a tubular body part");
    assert_eq!(axes.aggregates().len(), 60);
}

#[test]
fn tables_are_selected_by_discharge_date() {
    let c = catalog();
    assert_eq!(c.code_set(System::Icd10Cm, date("2026-09-30")).unwrap().fiscal_year(), 2026);
    assert_eq!(c.code_set(System::Icd10Cm, date("2026-10-01")).unwrap().fiscal_year(), 2027);
    assert_eq!(c.code_set(System::Icd10Pcs, date("2025-10-01")).unwrap().fiscal_year(), 2026);
    let err = c.code_set(System::Icd10Cm, date("2025-09-30")).unwrap_err();
    assert_eq!(err.code(), "DATE_NOT_SUPPORTED");
    assert!(err.to_string().contains("2025-10-01 to 2026-09-30"), "{err}");
    assert!(c.code_set(System::Icd10Cm, date("2027-10-01")).is_err());
    assert_eq!(c.grouper_version(date("2026-03-31")).unwrap().version, 430);
    assert_eq!(c.grouper_version(date("2026-04-01")).unwrap().version, 431);
    assert_eq!(c.grouper_version(date("2026-10-01")).unwrap().version, 440);
    assert_eq!(c.grouper_version(date("2027-09-30")).unwrap().version, 440);
    assert_eq!(c.grouper_version(date("2025-09-30")).unwrap_err().code(), "DATE_NOT_SUPPORTED");
    assert_eq!(Catalog::<&[u8]>::new().grouper_version(date("2026-01-01")).unwrap_err().code(), "TABLE_NOT_LOADED");
}

#[test]
fn damaged_tables_fail_with_typed_errors() {
    let bytes = std::fs::read(tables_dir().join("icd10cm-2026.cgt")).unwrap();
    let open = |b: &[u8]| Catalog::new().add(b.to_vec()).map(|_| ()).unwrap_err();
    assert!(matches!(
        open(&bytes[..bytes.len() / 2]),
        TableError::ChecksumMismatch { .. } | TableError::Truncated { .. }
    ));
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 3] ^= 1;
    assert_eq!(open(&flipped).code(), "TABLE_CHECKSUM_MISMATCH");
    assert_eq!(open(b"<html>not found</html>").code(), "TABLE_BAD_MAGIC");
    assert_eq!(open(&bytes[..10]).code(), "TABLE_TRUNCATED");
    let mut newer = bytes.clone();
    newer[8] = 99;
    let e = open(&newer);
    assert_eq!(e.code(), "TABLE_UNSUPPORTED_FORMAT");
    assert!(e.to_string().contains("codeglass tables build"));
    // A code-set reader refuses the grouper table.
    let drg = std::fs::read(tables_dir().join("msdrg.cgt")).unwrap();
    assert_eq!(CodeSet::open(&drg[..]).err().unwrap().code(), "TABLE_WRONG_KIND");
}

#[test]
fn every_code_round_trips_through_its_table() {
    for set in catalog().code_sets(System::Icd10Cm).into_iter().chain(catalog().code_sets(System::Icd10Pcs)) {
        for e in set.iter() {
            let again = set.get(e.code()).unwrap();
            assert_eq!(again.ordinal(), e.ordinal());
            assert_eq!(set.get(&e.display_code()).unwrap().ordinal(), e.ordinal());
            if e.flags() & flags::TITLE_UNAVAILABLE == 0 {
                assert!(!e.title().unwrap().is_empty(), "{} has an empty title", e.code());
            }
        }
    }
}

#[test]
fn word_index_finds_titles_and_inclusion_terms() {
    let set = cm(2026);
    let hits = set.postings("cardiac");
    let asthma = set.get("I50.1").unwrap().ordinal();
    // "Cardiac asthma" is an inclusion term of I50.1, not its title.
    let entry = hits.iter().find(|(o, _)| *o == asthma).expect("I50.1 indexed by its inclusion term");
    assert_eq!(entry.1 & codeglass_tables::fields::INCLUSION_TERM, codeglass_tables::fields::INCLUSION_TERM);
    assert!(set.postings("sezary").len() > 1, "diacritics folded (Sézary)");
}
