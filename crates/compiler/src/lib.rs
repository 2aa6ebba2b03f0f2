//! Compiles the official CMS source kit, and the extra reference folder beside it (the FY2027
//! IPPS Table 5), into Codeglass tables (`code_tables/`).
//!
//! ```no_run
//! use std::path::Path;
//! let cms = Path::new("../shared/cms");
//! let compiled = codeglass_compiler::compile(cms, &codeglass_compiler::default_extra(cms)).unwrap();
//! compiled.write(Path::new("code_tables")).unwrap();
//! ```
//!
//! The output is deterministic: the same inputs give the same bytes, so a test can compare
//! the committed tables with a fresh compile. `manifest.json` lists every input (path, sha256,
//! size) and every output (sha256, size raw and gzip, counts, format version).
#![forbid(unsafe_code)]

mod error;
mod icd10cm;
mod icd10pcs;
mod manifest;
mod msdrg;
mod order_file;
mod pcs_xml;
mod sources;
mod tabular;

use std::path::Path;

use codeglass_tables::{write_answer_sections, Catalog, CodeSetBuilder, Date};

pub use error::CompileError;
pub use manifest::{Manifest, OutputFile, MANIFEST_FILE};
pub use sources::{default_extra, sha256_hex, InputFile, Sources, EXTRA_PREFIX};

/// One compiled table file.
pub struct Output {
    pub file: String,
    pub bytes: Vec<u8>,
}

/// Everything `codeglass tables build` writes.
pub struct Compiled {
    pub outputs: Vec<Output>,
    pub manifest: Manifest,
}

/// Reads the kit at `cms_root` and the extra folder at `extra_root` (usually
/// [`default_extra`]`(cms_root)`) and compiles every table in memory.
pub fn compile(cms_root: &Path, extra_root: &Path) -> Result<Compiled, CompileError> {
    let src = Sources::new(cms_root, extra_root)?;
    let (cm26, cm27) = icd10cm::build(&src)?;
    let (pcs26, pcs27) = icd10pcs::build(&src)?;
    let outputs = vec![
        Output { file: "icd10cm-2026.cgt".into(), bytes: with_search_answers(cm26) },
        Output { file: "icd10cm-2027.cgt".into(), bytes: with_search_answers(cm27) },
        Output { file: "icd10pcs-2026.cgt".into(), bytes: with_search_answers(pcs26) },
        Output { file: "icd10pcs-2027.cgt".into(), bytes: with_search_answers(pcs27) },
        Output { file: "msdrg.cgt".into(), bytes: msdrg::build(&src)? },
    ];
    let manifest = Manifest::describe(src.inputs(), &outputs)?;
    Ok(Compiled { outputs, manifest })
}

/// A code set's bytes with the search answers of its short words stored: the table is built
/// once without them, searched with the lookup's own ranking on its fiscal year's last day,
/// and built again with what that ranking returned (so the committed tables change, and the
/// test comparing them with a fresh compile fails, whenever the ranking does).
fn with_search_answers(mut builder: CodeSetBuilder) -> Vec<u8> {
    let plain = builder.build();
    let mut catalog = Catalog::new();
    catalog.add(plain.as_slice()).expect("a code set just built opens");
    let date = Date::fiscal_year_bounds(builder.fiscal_year).1;
    let answers = codeglass_lookup::answers_to_store(&catalog, builder.system, date);
    builder.extra_sections.extend(write_answer_sections(date, codeglass_lookup::ANSWER_LIMIT, &answers));
    builder.build()
}

impl Compiled {
    /// Writes the tables and `manifest.json` into `dir` (created if needed).
    pub fn write(&self, dir: &Path) -> Result<(), CompileError> {
        std::fs::create_dir_all(dir).map_err(|e| CompileError::io(dir, e))?;
        for o in &self.outputs {
            let path = dir.join(&o.file);
            std::fs::write(&path, &o.bytes).map_err(|e| CompileError::io(&path, e))?;
        }
        let path = dir.join(MANIFEST_FILE);
        std::fs::write(&path, self.manifest.to_json()).map_err(|e| CompileError::io(&path, e))
    }

    /// Files in `dir` that differ from this compile (empty: identical).
    pub fn differences(&self, dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for o in &self.outputs {
            match std::fs::read(dir.join(&o.file)) {
                Ok(b) if b == o.bytes => {}
                Ok(_) => out.push(format!("{} differs", o.file)),
                Err(e) => out.push(format!("{}: {e}", o.file)),
            }
        }
        match std::fs::read_to_string(dir.join(MANIFEST_FILE)) {
            Ok(m) if m == self.manifest.to_json() => {}
            Ok(_) => out.push(format!("{MANIFEST_FILE} differs")),
            Err(e) => out.push(format!("{MANIFEST_FILE}: {e}")),
        }
        out
    }
}
