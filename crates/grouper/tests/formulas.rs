//! Every DRG and HAC formula of the compiled grouper versions parses, and prints back to a
//! tree that parses the same.

use std::collections::BTreeSet;
use std::path::Path;

use codeglass_grouper::{CodeKey, Formula, Prefix};
use codeglass_tables::DrgTables;

#[test]
fn every_formula_in_the_tables_parses() {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../code_tables/msdrg.cgt")).unwrap();
    let drg = DrgTables::open(&bytes[..]).unwrap();
    let mut distinct = BTreeSet::new();
    let mut prefixes = BTreeSet::new();
    for (table, column) in [("formulas", "formula"), ("hacf", "formula")] {
        let t = drg.table(table).unwrap();
        let col = t.column(column).unwrap();
        for (_, rows) in t.entries() {
            for r in rows {
                let text = r.fields().nth(col).unwrap();
                let f: Formula = text.parse().unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(f.to_string(), text);
                let again: Formula = f.expr.to_string().parse().unwrap();
                assert_eq!(again.expr, f.expr, "{text}");
                for a in f.expr.atoms() {
                    prefixes.insert(format!("{:?}", a.prefix));
                }
                distinct.insert(text.to_string());
            }
        }
    }
    println!("{} distinct formulas parsed", distinct.len());
    assert!(distinct.len() > 800, "{} formulas", distinct.len());
    for p in [Prefix::Pdx, Prefix::Sdx, Prefix::Any, Prefix::Only, Prefix::None] {
        assert!(prefixes.contains(&format!("{p:?}")), "no {p:?} atom seen");
    }
}

#[test]
fn version_data_reads_what_the_reference_documents() {
    use codeglass_grouper::{Severity, VersionData};
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../code_tables/msdrg.cgt")).unwrap();
    let drg = DrgTables::open(&bytes[..]).unwrap();
    let v430 = VersionData::load(&drg, 430).unwrap();
    assert_eq!(v430.dx.len(), 74_719);
    assert_eq!(v430.dx.values().filter(|d| d.severity == Severity::Mcc).count(), 3_354);
    assert_eq!(v430.dx.values().filter(|d| d.severity == Severity::Cc).count(), 15_078);
    assert_eq!(v430.dx.values().filter(|d| d.mdc == 0).count(), 7_461, "MDC 0 holds the external-cause codes");
    assert_eq!(v430.gender_mdc.len(), 73);
    assert_eq!(v430.gender_mdc[&CodeKey::new("N393")], (11, 13));
    let i5023 = v430.dx("I5023").unwrap();
    assert_eq!((i5023.mdc, i5023.severity), (5, Severity::Mcc));
    assert_eq!(v430.formulas.values().map(Vec::len).sum::<usize>(), 828);
    assert_eq!(v430.hac_formulas.len(), 14);
    // Each list is in evaluation order; MDC 8 rank 72 holds DRG 517 before the reroute to 29.
    for list in v430.formulas.values() {
        assert!(list.windows(2).all(|w| (w[0].rank, w[0].tie_order) <= (w[1].rank, w[1].tie_order)));
    }
    let rank72: Vec<(u16, u8)> =
        v430.formulas[&8].iter().filter(|r| r.rank == 72).map(|r| (r.drg, r.reroute_mdc)).collect();
    assert_eq!(rank72, [(517, 0), (0, 29)]);
    // PDX exclusions, in the proven direction: the PDX excludes the secondary.
    assert!(v430.exclusion_group.contains_key(&CodeKey::new("A000")));
    let v440 = VersionData::load(&drg, 440).unwrap();
    assert_eq!(v440.dx.len(), 74_879);
    assert_eq!(v440.formulas.values().map(Vec::len).sum::<usize>(), 824);
    assert!(VersionData::load(&drg, 401).is_err());
}
