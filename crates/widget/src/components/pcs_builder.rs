//! `PcsBuilder`: builds an ICD-10-PCS code axis by axis. Only values that lead to a valid
//! code on the date are offered; typing a value's character picks it, Backspace goes back.

use codeglass_lookup::PcsNext;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::components::parse_date;
use crate::state::{PcsAction, PcsState};
use crate::{EngineRef, Selection};

#[derive(Properties, PartialEq)]
pub struct PcsBuilderProps {
    pub engine: EngineRef,
    /// Bumped when tables are added: ask the engine again.
    #[prop_or_default]
    pub epoch: u32,
    pub date: AttrValue,
    pub on_choose: Callback<Selection>,
}

fn next(engine: &EngineRef, date: &str, prefix: &str) -> Result<PcsNext, String> {
    let date = parse_date(date)?;
    codeglass_lookup::pcs_next(engine.0.borrow().catalog(), prefix, date).map_err(|e| match e.code() {
        "TABLE_NOT_LOADED" => "Loading the ICD-10-PCS tables…".to_string(),
        code => format!("{code}: {e}"),
    })
}

#[function_component]
pub fn PcsBuilder(props: &PcsBuilderProps) -> Html {
    let state = use_reducer(PcsState::default);
    let current = next(&props.engine, &props.date, &state.prefix);
    // An axis with one value only is taken at once (and shown as taken).
    {
        let only = current.as_ref().ok().filter(|n| n.complete.is_none() && n.values.len() == 1);
        let only = only.and_then(|n| n.values[0].character.chars().next());
        let dispatch = state.dispatcher();
        use_effect_with((state.prefix.clone(), only), move |(_, only)| {
            if let Some(c) = only {
                dispatch.dispatch(PcsAction::Auto(*c));
            }
        });
    }
    // The axes chosen so far, with their titles and labels, from the shorter prefixes.
    let chosen: Vec<(usize, char, String, String)> = state
        .prefix
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let step = next(&props.engine, &props.date, &state.prefix[..i]).ok();
            let title = step.as_ref().and_then(|s| s.axis_title.clone()).unwrap_or_default();
            let label = step
                .and_then(|s| s.values.into_iter().find(|v| v.character.starts_with(c)))
                .and_then(|v| v.label)
                .unwrap_or_default();
            (i, c, title, label)
        })
        .collect();

    let onkeydown = {
        let state = state.clone();
        let values: Vec<String> =
            current.as_ref().map(|n| n.values.iter().map(|v| v.character.clone()).collect()).unwrap_or_default();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Backspace" && !state.prefix.is_empty() {
                e.prevent_default();
                state.dispatch(PcsAction::Back);
            } else if key.chars().count() == 1 && !e.ctrl_key() && !e.meta_key() && !e.alt_key() {
                let upper = key.to_ascii_uppercase();
                if values.contains(&upper) {
                    e.prevent_default();
                    state.dispatch(PcsAction::Pick(upper.chars().next().unwrap_or('0')));
                }
            }
        })
    };

    let body = match &current {
        Err(message) => html! { <p class="cg-hint" role="status">{ message }</p> },
        Ok(n) => html! {
            <>
                if let Some(done) = &n.complete {
                    <div class="cg-complete" data-code={done.code.clone()}>
                        <p><span class="cg-code">{ &done.code }</span>{ " " }{ done.display.clone().unwrap_or_else(|| done.composed.clone()) }</p>
                        <button type="button" class="cg-use" onclick={{
                            let cb = props.on_choose.clone();
                            let sel = Selection { code: done.code.clone(), display: done.display.clone(), system: "icd10pcs".into(), version: n.version.clone() };
                            Callback::from(move |_| cb.emit(sel.clone()))
                        }}>{ "Use this code" }</button>
                    </div>
                }
                if !n.values.is_empty() {
                    <fieldset class="cg-axis">
                        <legend>{ format!("Character {}: {}", n.position, n.axis_title.clone().unwrap_or_else(|| "(axis title not in the CMS files)".into())) }</legend>
                        <div class="cg-values">
                            { for n.values.iter().map(|v| {
                                let c = v.character.chars().next().unwrap_or('0');
                                let onclick = { let d = state.dispatcher(); Callback::from(move |_| d.dispatch(PcsAction::Pick(c))) };
                                html! {
                                    <button type="button" class="cg-value" data-character={v.character.clone()} {onclick}>
                                        <span class="cg-code">{ &v.character }</span>{ " " }
                                        { v.label.clone().unwrap_or_else(|| "(label not in the CMS files)".into()) }
                                        if let Some(d) = &v.definition { <span class="cg-definition">{ d }</span> }
                                    </button>
                                }
                            }) }
                        </div>
                    </fieldset>
                }
            </>
        },
    };

    html! {
        <section class="cg-pcs" part="pcs" aria-label="ICD-10-PCS builder" tabindex="0" {onkeydown} data-prefix={state.prefix.clone()}>
            <ol class="cg-chosen" aria-label="Chosen axes">
                { for chosen.iter().map(|(i, c, title, label)| {
                    let onclick = { let d = state.dispatcher(); let n = *i; Callback::from(move |_| d.dispatch(PcsAction::Truncate(n))) };
                    let auto = state.auto.contains(i);
                    html! { <li class={classes!(auto.then_some("cg-auto"))}><button type="button" class="cg-link" aria-label={format!("Change {title}: {c} {label}")} {onclick}>
                        <span class="cg-code">{ c }</span>{ format!(" {label}") }
                        if auto { <span class="cg-badge">{ "only value" }</span> }
                    </button></li> }
                }) }
            </ol>
            <p class="cg-actions">
                <button type="button" disabled={state.prefix.is_empty()} onclick={{ let d = state.dispatcher(); Callback::from(move |_| d.dispatch(PcsAction::Back)) }}>{ "Back" }</button>
                <button type="button" disabled={state.prefix.is_empty()} onclick={{ let d = state.dispatcher(); Callback::from(move |_| d.dispatch(PcsAction::Reset)) }}>{ "Start over" }</button>
                <span class="cg-hint">{ "Type a value's character to pick it; Backspace goes back." }</span>
            </p>
            { body }
        </section>
    }
}
