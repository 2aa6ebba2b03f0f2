//! `EditsPanel`: the Medicare Code Editor's edits and the ICD-10-CM convention edits of the
//! claim. Errors and warnings are listed; info-level reminders are folded away.

use serde_json::Value;
use yew::prelude::*;

use crate::components::read_claim;
use crate::state::ClaimState;
use crate::EngineRef;

#[derive(Properties, PartialEq)]
pub struct EditsPanelProps {
    pub engine: EngineRef,
    /// Bumped when tables are added: ask the engine again.
    #[prop_or_default]
    pub epoch: u32,
    pub claim: UseReducerHandle<ClaimState>,
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn codes(v: &Value) -> String {
    v.get("codes")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "))
        .unwrap_or_default()
}

fn convention(e: &Value) -> Html {
    let note = e.get("note").filter(|n| !n.is_null());
    html! {
        <li class={classes!("cg-edit", format!("cg-{}", text(e, "severity")))} data-id={text(e, "id").to_string()}>
            <span class="cg-badge">{ text(e, "severity") }</span>{ " " }
            <strong>{ text(e, "id") }</strong>{ " " }{ text(e, "message") }
            if let Some(n) = note {
                <blockquote>{ format!("{} ({}): {}", text(n, "kind"), text(n, "source"), text(n, "text")) }</blockquote>
            }
        </li>
    }
}

#[function_component]
pub fn EditsPanel(props: &EditsPanelProps) -> Html {
    let engine = props.engine.0.borrow();
    let Some(mce) = engine.mce() else {
        return html! { <p class="cg-hint" role="status">{ "Loading the MS-DRG tables (they carry the MCE)…" }</p> };
    };
    let catalog = engine.catalog();
    let report = read_claim(&props.claim, false, catalog)
        .and_then(|c| codeglass_edits::check(catalog, mce, &c).map_err(|e| crate::messages::claim(&e, catalog)))
        .map(|r| r.to_json());
    let body = match report {
        Err(message) => html! { <p class="cg-hint">{ message }</p> },
        Ok(r) => {
            let empty = Vec::new();
            let list = |key: &str| r.get(key).and_then(Value::as_array).unwrap_or(&empty).clone();
            let conventions = list("convention_edits");
            let (info, shown): (Vec<&Value>, Vec<&Value>) =
                conventions.iter().partition(|e| text(e, "severity") == "info");
            let mce_edits = list("mce_edits");
            html! { <>
                <p class="cg-mce-type">{ format!("MCE: {}", text(&r, "mce_edit_type")) }</p>
                <ul class="cg-mce">{ for mce_edits.iter().map(|e| html! {
                    <li class="cg-edit" data-id={text(e, "name").to_string()}>
                        <span class="cg-badge">{ text(e, "edit_type") }</span>{ " " }<strong>{ text(e, "name") }</strong>{ " " }{ codes(e) }
                    </li>
                }) }</ul>
                <ul class="cg-notes-list">{ for list("mce_notes").iter().map(|n| html! { <li>{ n.as_str().unwrap_or("") }</li> }) }</ul>
                <ul class="cg-conventions">{ for shown.iter().map(|e| convention(e)) }</ul>
                if !info.is_empty() {
                    <details class="cg-info">
                        <summary>{ format!("{} reminders (info)", info.len()) }</summary>
                        <ul>{ for info.iter().map(|e| convention(e)) }</ul>
                    </details>
                }
                if mce_edits.is_empty() && shown.is_empty() { <p class="cg-ok">{ "No MCE edits, no convention errors or warnings." }</p> }
            </> }
        }
    };
    html! { <section class="cg-edits-panel" part="edits" aria-label="Edits"><h3>{ "Edits" }</h3>{ body }</section> }
}
