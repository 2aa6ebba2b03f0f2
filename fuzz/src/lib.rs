//! What the fuzz targets share: the committed tables, loaded once per process, and tiny
//! tables built in memory for the table-bytes target.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use codeglass_edits::Mce;
use codeglass_grouper::Grouper;
use codeglass_tables::{
    Catalog, ContainerWriter, Date, EntryInput, GroupInput, KeyedTablesWriter, Meta, NoteInput, NoteKind,
    StringPoolWriter, System,
};

/// Every committed table.
pub fn catalog() -> &'static Catalog<Arc<[u8]>> {
    static CATALOG: OnceLock<Catalog<Arc<[u8]>>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../code_tables");
        let mut c = Catalog::new();
        for f in ["icd10cm-2026.cgt", "icd10cm-2027.cgt", "icd10pcs-2026.cgt", "icd10pcs-2027.cgt", "msdrg.cgt"] {
            let bytes = std::fs::read(dir.join(f)).expect("code_tables/ (run from a checkout)");
            c.add(Arc::from(bytes)).expect("committed table opens");
        }
        c
    })
}

pub fn grouper() -> &'static Grouper<Arc<[u8]>> {
    static G: OnceLock<Grouper<Arc<[u8]>>> = OnceLock::new();
    G.get_or_init(|| Grouper::new(catalog().drg().expect("msdrg").clone()))
}

pub fn mce() -> &'static Mce<Arc<[u8]>> {
    static M: OnceLock<Mce<Arc<[u8]>>> = OnceLock::new();
    M.get_or_init(|| Mce::new(catalog().drg().expect("msdrg")).expect("MCE tables"))
}

/// A small ICD-10-CM table with every part the reader parses: entries, groups, notes, 7th
/// characters, validity ranges.
pub fn tiny_code_set() -> Vec<u8> {
    let mut b = codeglass_tables::CodeSetBuilder::new(System::Icd10Cm, 2027);
    let (from, to) = Date::fiscal_year_bounds(2027);
    let note = |kind, text: &str| NoteInput { kind, aux: 0, text: text.into() };
    b.groups.push(GroupInput { name: "9".into(), title: "Circulatory".into(), first: "I00".into(), last: "I99".into(), chapter: None, notes: vec![note(NoteKind::Excludes2, "x (A00-B99)")] });
    b.groups.push(GroupInput { name: "I30-I5A".into(), title: "Other heart".into(), first: "I30".into(), last: "I5A".into(), chapter: Some(0), notes: vec![] });
    for (code, billable, notes) in [
        ("I50", false, vec![note(NoteKind::Excludes1, "heart failure due to hypertension (I11.0)")]),
        ("I502", false, vec![note(NoteKind::CodeFirst, "x (I11.0)")]),
        ("I5023", true, vec![note(NoteKind::InclusionTerm, "acute on chronic")]),
        ("S72", false, vec![NoteInput { kind: NoteKind::SeventhCharacter, aux: b'A', text: "initial".into() }]),
        ("S72001A", true, vec![]),
    ] {
        b.entries.push(EntryInput {
            code: code.into(),
            billable,
            title: Some(format!("title of {code}")),
            short_title: None,
            extra_flags: 0,
            chapter: Some(0),
            block: Some(1),
            validity: (from, to),
            notes,
        });
    }
    b.build()
}

/// A small `msdrg` table: a versions table and one keyed table.
pub fn tiny_drg() -> Vec<u8> {
    let mut w = KeyedTablesWriter::new();
    let cols = ["msdrg_version", "fiscal_year", "effective_from", "effective_to", "source", "dx_codes", "pr_codes", "cluster_pseudo_codes"];
    w.table("versions", &cols, vec![("440".into(), 0, u16::MAX, "44.0\t2027\t2026-10-01\t2027-09-30\tkit\t1\t1\t0".into())]);
    w.table("drgdesc", &["title"], vec![("291".into(), 440, 440, "Heart Failure and Shock with MCC".into())]);
    let mut meta = Meta::new();
    meta.set("kind", "msdrg");
    let mut values = StringPoolWriter::new();
    let sections = w.write(&mut meta, &mut values);
    meta.set("tables", "drgdesc,versions");
    let mut c = ContainerWriter::new();
    c.section("meta", meta.to_bytes());
    for (name, bytes) in sections {
        c.section(&name, bytes);
    }
    c.section("values", values.into_bytes());
    c.finish()
}

/// Applies `edits` (pairs of position, byte) to `base` and makes the checksum right again, so
/// the reader's structure checks — not only the checksum — meet the damage.
pub fn damaged(base: &[u8], edits: &[u8]) -> Vec<u8> {
    let mut b = base.to_vec();
    let mut it = edits.chunks_exact(3);
    for chunk in &mut it {
        let pos = usize::from(u16::from_le_bytes([chunk[0], chunk[1]]));
        if !b.is_empty() {
            let i = pos % b.len();
            b[i] = chunk[2];
        }
    }
    if let Some(&cut) = it.remainder().first() {
        // A truncation, as a last instruction.
        let keep = b.len() * usize::from(cut) / 255;
        b.truncate(keep.max(1));
    }
    if b.len() >= 16 {
        let crc = crc32fast::hash(&b[16..]);
        b[12..16].copy_from_slice(&crc.to_le_bytes());
    }
    b
}
