//! `codeglass edits`: the MCE and the Tabular convention edits, one claim JSON per line on
//! stdin (the claims of `codeglass group`), one report per line on stdout.

use codeglass_edits::{check, Mce};
use codeglass_grouper::Claim;

use crate::args::{Args, CliError};
use crate::group::each_line;
use crate::tables::{load, tables_dir};

pub fn run(mut args: Args) -> Result<(), CliError> {
    let dir = tables_dir(&mut args)?;
    args.finish()?;
    let (catalog, _) = load(&dir)?;
    let drg =
        catalog.drg().ok_or_else(|| CliError::new("TABLES_NOT_FOUND", format!("no msdrg.cgt in {}", dir.display())))?;
    let mce = Mce::new(drg).map_err(|e| CliError::new(e.code(), format!("msdrg.cgt: {e}")))?;
    each_line(|line| Ok(check(&catalog, &mce, &Claim::from_json(line)?)?.to_json().to_string()))
}
