//! Every DRG and HAC formula of the compiled grouper versions parses, and prints back to a
//! tree that parses the same.

use std::collections::BTreeSet;
use std::path::Path;

use codeglass_grouper::{Formula, Prefix};
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
