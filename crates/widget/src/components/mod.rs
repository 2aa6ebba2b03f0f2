//! The components. Each reads the engine through [`crate::EngineRef`] and keeps its state in
//! a reducer from [`crate::state`].

mod app;
mod claim_editor;
mod code_detail;
mod drg_panel;
mod edits_panel;
mod pcs_builder;
mod search_box;

pub use app::{App, AppProps, Mode};
pub use claim_editor::ClaimEditor;
pub use code_detail::CodeDetail;
pub use drg_panel::{payment_estimate, weight_change, DrgPanel};
pub use edits_panel::EditsPanel;
pub use pcs_builder::PcsBuilder;
pub use search_box::SearchBox;

use codeglass_grouper::Claim;
use codeglass_tables::{Catalog, Date};

use crate::state::ClaimState;

/// The date of a text field, or a message for the page.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    text.trim().parse().map_err(|e: codeglass_tables::DateError| e.to_string())
}

/// The claim of the editor (or its what-if variant), read as the grouper reads it; `Err` is a
/// sentence for the user.
pub(crate) fn read_claim<D: AsRef<[u8]> + Clone>(
    state: &ClaimState,
    what_if: bool,
    catalog: &Catalog<D>,
) -> Result<Claim, String> {
    let value = if what_if { state.to_what_if_claim()? } else { state.to_claim()? };
    Claim::from_value(&value).map_err(|e| crate::messages::claim(&e, catalog))
}
