//! Codeglass's Yew components: [`components::SearchBox`] (a WAI-ARIA combobox),
//! [`components::CodeDetail`], [`components::PcsBuilder`], [`components::ClaimEditor`],
//! [`components::DrgPanel`], [`components::EditsPanel`], and [`components::App`] which lays
//! them out for a mode (`lookup`, `claim` or the whole `app`).
//!
//! The components call the core crates directly through a shared [`EngineRef`]; the state of
//! each is a pure reducer in [`state`]. Browser-only glue (mounting into an element, today's
//! date, timing) stays in [`browser`].
#![forbid(unsafe_code)]

use std::cell::RefCell;
use std::rc::Rc;

use codeglass_engine::Engine;
use codeglass_tables::System;

pub mod browser;
pub mod components;
pub mod messages;
pub mod state;

/// The engine shared by the JS API and every mounted widget. Compared by identity, so a
/// component re-renders when it is given another engine, not when the tables change.
#[derive(Clone, Default)]
pub struct EngineRef(pub Rc<RefCell<Engine>>);

impl PartialEq for EngineRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A chosen code, as the `codeglass-select` event carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// As shown: ICD-10-CM dotted.
    pub code: String,
    pub display: Option<String>,
    /// `icd10cm` or `icd10pcs`.
    pub system: String,
    /// The code set's fiscal year.
    pub version: String,
}

impl Selection {
    /// The FHIR `Coding.system` URI of the code system.
    pub fn fhir_system(&self) -> &'static str {
        self.system.parse().unwrap_or(System::Icd10Cm).fhir_uri()
    }
}
