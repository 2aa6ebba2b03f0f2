//! `SearchBox`: the WAI-ARIA editable combobox with list autocomplete. The engine answers on
//! every keystroke, synchronously, so the list is never a keystroke behind.

use codeglass_lookup::{Hit, SearchOptions};
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::browser::now_ms;
use crate::components::parse_date;
use crate::state::{NavKey, SearchAction, SearchState};
use crate::{EngineRef, Selection};

#[derive(Properties, PartialEq)]
pub struct SearchBoxProps {
    pub engine: EngineRef,
    /// Bumped when tables are added: ask the engine again.
    #[prop_or_default]
    pub epoch: u32,
    /// The date that picks the code set, `YYYY-MM-DD`.
    pub date: AttrValue,
    /// `icd10cm`, `icd10pcs`, or both when absent.
    #[prop_or_default]
    pub system: Option<AttrValue>,
    /// Unique among the page's search boxes: the ids of the list and its options derive from it.
    pub id: AttrValue,
    #[prop_or(AttrValue::from("Search codes"))]
    pub label: AttrValue,
    #[prop_or_default]
    pub placeholder: AttrValue,
    #[prop_or(20)]
    pub limit: usize,
    /// Empty the box after a choice (when it adds codes to a list).
    #[prop_or_default]
    pub clear_on_choose: bool,
    /// An explicit choice (Enter or a click on a billable code): never a header.
    pub on_choose: Callback<Selection>,
    /// The active option changed (arrows or pointer): a preview, not a choice.
    #[prop_or_default]
    pub on_highlight: Callback<Selection>,
    /// A header was opened (Enter or a click on it): its codes now fill the list.
    #[prop_or_default]
    pub on_open: Callback<Selection>,
}

/// What a search needs besides the query.
#[derive(Clone)]
struct Scope {
    engine: EngineRef,
    date: AttrValue,
    system: Option<AttrValue>,
    limit: usize,
}

impl Scope {
    fn of(p: &SearchBoxProps) -> Scope {
        Scope { engine: p.engine.clone(), date: p.date.clone(), system: p.system.clone(), limit: p.limit }
    }

    /// The answer and the milliseconds the engine took (shown as `data-engine-ms`).
    fn timed_search(&self, query: &str) -> (Result<Vec<Hit>, String>, f64) {
        let start = now_ms();
        let hits = self.search(query);
        (hits, now_ms() - start)
    }

    fn search(&self, query: &str) -> Result<Vec<Hit>, String> {
        if query.trim().is_empty() {
            return Ok(Vec::new());
        }
        let date = parse_date(&self.date)?;
        let system = self.system.as_deref().map(str::parse).transpose()?;
        let opts = SearchOptions { system, limit: self.limit, ..SearchOptions::default() };
        let engine = self.engine.0.borrow();
        // TABLE_NOT_LOADED reads "Loading…": the page is fetching it and the list fills when
        // it arrives.
        codeglass_lookup::search(engine.catalog(), query, date, &opts)
            .map_err(|e| crate::messages::lookup(&e, engine.catalog()))
    }

    /// A header opened: the codes under it, with the one a coder takes by default active
    /// (added to the list when the search's limit cut it off).
    fn open(&self, header: &Hit) -> SearchAction {
        let mut hits = self.search(&header.code).unwrap_or_default();
        let default = parse_date(&self.date).ok().and_then(|date| {
            let engine = self.engine.0.borrow();
            let system = header.system.parse().ok();
            codeglass_lookup::describe(engine.catalog(), &header.code, date, system).ok()?.default_code
        });
        let active = default.map(|d| match hits.iter().position(|h| h.code == d.code) {
            Some(i) => i,
            None => {
                let hit = Hit {
                    code: d.code,
                    display: d.display,
                    billable: d.billable,
                    match_kind: "code_prefix",
                    ..header.clone()
                };
                hits.insert(0, hit);
                0
            }
        });
        SearchAction::Opened { query: header.code.clone(), hits, active }
    }
}

fn selection(hit: &Hit) -> Selection {
    Selection {
        code: hit.code.clone(),
        display: hit.display.clone(),
        system: hit.system.into(),
        version: hit.version.clone(),
    }
}

#[function_component]
pub fn SearchBox(props: &SearchBoxProps) -> Html {
    let state = use_reducer(SearchState::default);
    let list_ref = use_node_ref();
    let listbox_id = format!("{}-listbox", props.id);
    let option_id = |i: usize| format!("{}-option-{i}", props.id);

    // Keeps the active option visible when the arrows move past the list's edge.
    {
        let list_ref = list_ref.clone();
        use_effect_with(state.active, move |active| {
            if let (Some(i), Some(list)) = (active, list_ref.cast::<web_sys::Element>()) {
                if let Some(option) = list.children().item(*i as u32) {
                    option.scroll_into_view_with_bool(false);
                }
            }
        });
    }

    let scope = Scope::of(props);
    // Tables arrived (a lazily loaded code set): the same query is asked again.
    {
        let (scope, dispatch, query) = (scope.clone(), state.dispatcher(), state.query.clone());
        use_effect_with(props.epoch, move |_| {
            if !query.trim().is_empty() {
                let (hits, engine_ms) = scope.timed_search(&query);
                dispatch.dispatch(SearchAction::Refreshed { hits, engine_ms });
            }
        });
    }
    let oninput = {
        let scope = scope.clone();
        let dispatch = state.dispatcher();
        Callback::from(move |e: InputEvent| {
            let query = e.target_unchecked_into::<HtmlInputElement>().value();
            let (hits, engine_ms) = scope.timed_search(&query);
            dispatch.dispatch(SearchAction::Results { query, hits, engine_ms });
        })
    };
    // The preview: each newly active option is announced, apart from a choice.
    {
        let on_highlight = props.on_highlight.clone();
        let active = state.active.and_then(|i| state.hits.get(i)).map(selection);
        use_effect_with(active, move |active| {
            if let Some(s) = active {
                on_highlight.emit(s.clone());
            }
        });
    }
    let choose = {
        let state = state.clone();
        let scope = scope.clone();
        let (on_choose, on_open, clear) = (props.on_choose.clone(), props.on_open.clone(), props.clear_on_choose);
        move |i: Option<usize>| {
            let Some(hit) = i.or(state.active).and_then(|i| state.hits.get(i)) else { return };
            // A header is never chosen: it opens, showing its codes.
            if !hit.billable {
                on_open.emit(selection(hit));
                state.dispatch(scope.open(hit));
                return;
            }
            on_choose.emit(selection(hit));
            state.dispatch(SearchAction::Choose(i));
            if clear {
                state.dispatch(SearchAction::Clear);
            }
        }
    };
    let onkeydown = {
        let state = state.clone();
        let choose = choose.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Enter" {
                // The highlighted option; else the code typed in full; else the list opens
                // on its first option (an incomplete code offers its completions).
                let target = state.active.filter(|_| state.expanded).or_else(|| state.exact_code());
                if target.is_some() {
                    e.prevent_default();
                    choose(target);
                } else if !state.hits.is_empty() {
                    e.prevent_default();
                    state.dispatch(SearchAction::Key(NavKey::Down));
                }
                return;
            }
            if let Some(k) = NavKey::from_key(&key) {
                if state.handles(k) {
                    e.prevent_default();
                    state.dispatch(SearchAction::Key(k));
                }
            }
        })
    };
    let onblur = {
        let dispatch = state.dispatcher();
        Callback::from(move |_| dispatch.dispatch(SearchAction::Close))
    };
    let input_id = format!("{}-input", props.id);
    let active_id = state.active.map(option_id);
    let expanded = state.expanded && !state.hits.is_empty();

    html! {
        <div class="cg-combobox">
            <label for={input_id.clone()}>{ props.label.clone() }</label>
            <input id={input_id} part="search-input" type="text" role="combobox" aria-autocomplete="list"
                aria-expanded={expanded.to_string()} aria-controls={listbox_id.clone()}
                aria-activedescendant={active_id} autocomplete="off" autocapitalize="off"
                spellcheck="false" placeholder={props.placeholder.clone()}
                value={state.query.clone()} {oninput} {onkeydown} {onblur} />
            <ul id={listbox_id} part="listbox" role="listbox" aria-label={props.label.clone()} ref={list_ref}
                class={classes!("cg-listbox", (!expanded).then_some("cg-hidden"))}
                data-engine-ms={format!("{:.3}", state.engine_ms)}>
                { for state.hits.iter().enumerate().map(|(i, hit)| {
                    let selected = state.active == Some(i);
                    let onmousedown = {
                        let choose = choose.clone();
                        Callback::from(move |e: MouseEvent| { e.prevent_default(); choose(Some(i)); })
                    };
                    let onmousemove = {
                        let dispatch = state.dispatcher();
                        Callback::from(move |_: MouseEvent| if !selected { dispatch.dispatch(SearchAction::Hover(i)) })
                    };
                    html! {
                        <li id={option_id(i)} part="option" role="option" aria-selected={selected.to_string()}
                            class={classes!("cg-option", selected.then_some("cg-active"))}
                            data-code={hit.code.clone()} {onmousedown} {onmousemove}>
                            <span class="cg-code">{ &hit.code }</span>
                            <span class="cg-title">{ hit.display.clone().unwrap_or_else(|| "(no official title in the CMS files)".into()) }</span>
                            if !hit.billable { <span class="cg-badge cg-header">{ "header" }</span> }
                            if hit.system == "icd10pcs" { <span class="cg-badge">{ "PCS" }</span> }
                        </li>
                    }
                }) }
            </ul>
            if let Some(message) = &state.error { <p class="cg-hint cg-search-message">{ message }</p> }
            <div role="status" aria-live="polite" class="cg-sr-only">{ state.announcement() }</div>
        </div>
    }
}
