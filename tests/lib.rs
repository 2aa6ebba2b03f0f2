//! Helpers shared by the cross-crate tests: where the project, its tables and the CMS kit are.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use codeglass_tables::Catalog;

/// The workspace root.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// The committed compiled tables.
pub fn tables_dir() -> PathBuf {
    project_root().join("code_tables")
}

/// The CMS source kit: `$CMS_SOURCES`, else `../shared/cms` beside the project; `None` when
/// absent (tests that need it say they skipped).
pub fn cms_root() -> Option<PathBuf> {
    let root =
        std::env::var_os("CMS_SOURCES").map(PathBuf::from).unwrap_or_else(|| project_root().join("../shared/cms"));
    root.join("icd10cm").is_dir().then_some(root)
}

/// The extra reference folder (FY2027 Table 5): `$EXTRA_SOURCES`, else the `extra/` folder
/// beside the CMS kit; `None` when absent.
pub fn extra_root() -> Option<PathBuf> {
    let root = match std::env::var_os("EXTRA_SOURCES") {
        Some(p) => PathBuf::from(p),
        None => codeglass_compiler::default_extra(&cms_root()?),
    };
    root.join("msdrg").is_dir().then_some(root)
}

/// Prints why a test did nothing; the message is grep-able in CI logs.
pub fn skipped(test: &str, why: &str) {
    println!("SKIPPED {test}: {why}");
}

/// Every committed table, loaded once per test binary.
pub fn catalog() -> &'static Catalog<Arc<[u8]>> {
    static CATALOG: OnceLock<Catalog<Arc<[u8]>>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut c = Catalog::new();
        let mut files: Vec<PathBuf> = std::fs::read_dir(tables_dir())
            .expect("code_tables/ exists")
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "cgt"))
            .collect();
        files.sort();
        for f in files {
            c.add(Arc::from(std::fs::read(&f).unwrap())).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        }
        c
    })
}

/// Reads a file of the CMS kit as text (Windows-1252 bytes mapped one to one).
pub fn kit_text(cms: &Path, rel: &str) -> String {
    let bytes = std::fs::read(cms.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    bytes.iter().map(|&b| b as char).collect()
}

/// The grouper over the committed `msdrg` table, built once per test binary.
pub fn grouper() -> &'static codeglass_grouper::Grouper<Arc<[u8]>> {
    static GROUPER: OnceLock<codeglass_grouper::Grouper<Arc<[u8]>>> = OnceLock::new();
    GROUPER.get_or_init(|| codeglass_grouper::Grouper::new(catalog().drg().expect("msdrg table").clone()))
}

/// The MCE over the committed `msdrg` table, built once per test binary.
pub fn mce() -> &'static codeglass_edits::Mce<Arc<[u8]>> {
    static MCE: OnceLock<codeglass_edits::Mce<Arc<[u8]>>> = OnceLock::new();
    MCE.get_or_init(|| codeglass_edits::Mce::new(catalog().drg().expect("msdrg table")).expect("MCE tables"))
}

/// The grouper conformance corpora, one file a version: v43.0 and v43.1 answered by the CMS
/// reference (`tests/fixtures/cms`), v44.0 by msdrg (`tests/fixtures/grouper`).
pub fn corpus_files() -> [PathBuf; 3] {
    let f = project_root().join("tests/fixtures");
    [f.join("cms/v430.jsonl"), f.join("cms/v431.jsonl"), f.join("grouper/v440.jsonl")]
}
