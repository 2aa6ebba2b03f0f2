//! The widget's state: pure reducers (an `Action` enum each), unit-tested without a DOM.

pub mod claim;
pub mod pcs;
pub mod search;

pub use claim::{ClaimAction, ClaimState, Dx, Field, FieldMessage, Query, AGES};
pub use pcs::{PcsAction, PcsState};
pub use search::{NavKey, SearchAction, SearchState};
