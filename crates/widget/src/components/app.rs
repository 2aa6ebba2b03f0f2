//! `App`: the components laid out for a mode. `lookup`: search and code detail. `claim`: the
//! claim editor with its DRG and edits panels. `app`: both, plus the PCS builder, in tabs.

use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::components::{ClaimEditor, CodeDetail, DrgPanel, EditsPanel, PcsBuilder, SearchBox};
use crate::state::{ClaimAction, ClaimState};
use crate::{EngineRef, Selection};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Lookup,
    Claim,
    App,
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Mode, String> {
        match s {
            "lookup" => Ok(Mode::Lookup),
            "claim" => Ok(Mode::Claim),
            "app" => Ok(Mode::App),
            _ => Err(format!("unknown mode {s:?}: use lookup, claim or app")),
        }
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    pub engine: EngineRef,
    pub mode: Mode,
    /// The date that picks code sets and grouper versions, `YYYY-MM-DD` (today when absent).
    #[prop_or_default]
    pub date: Option<AttrValue>,
    /// `icd10cm` or `icd10pcs` for the lookup search; both when absent.
    #[prop_or_default]
    pub system: Option<AttrValue>,
    /// A code was chosen (Enter or a click on a billable result, or "Use this code"): only
    /// explicit choices, only billable codes.
    pub on_select: Callback<Selection>,
    /// A search option became active (arrows or pointer): a preview, never a choice.
    #[prop_or_default]
    pub on_highlight: Callback<Selection>,
    /// The claim's codes changed (principal diagnosis first): the element's form value.
    #[prop_or_default]
    pub on_codes: Callback<Vec<String>>,
    /// The widget needs the table of a kind (`icd10cm`, `icd10pcs`, `msdrg`) for a date: the
    /// page fetches it if it is not loaded, then bumps `tables_epoch`.
    #[prop_or_default]
    pub on_need: Callback<(String, String)>,
    /// Bumped by the page when tables are added, so that the panels ask the engine again.
    #[prop_or_default]
    pub tables_epoch: u32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Lookup,
    Pcs,
    Claim,
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let date: AttrValue = props.date.clone().unwrap_or_else(|| crate::browser::today().into());
    let shown = use_state(|| None::<String>);
    // Lookup mode: the code last chosen (the element's value), so it is not offered twice.
    let chosen = use_state(|| None::<String>);
    let tab = use_state(|| if props.mode == Mode::Claim { Tab::Claim } else { Tab::Lookup });
    let claim = use_reducer(|| ClaimState::new(&date));
    {
        let on_codes = props.on_codes.clone();
        use_effect_with(claim.codes(), move |codes| on_codes.emit(codes.clone()));
    }
    // The tables this view needs, for the page to fetch if they are not loaded yet.
    {
        let claim_date = if crate::components::parse_date(&claim.discharge_date).is_ok() {
            claim.discharge_date.clone()
        } else {
            date.to_string()
        };
        let lookup_kinds: &[&str] = match props.system.as_deref() {
            Some("icd10cm") => &["icd10cm"],
            Some("icd10pcs") => &["icd10pcs"],
            _ => &["icd10cm", "icd10pcs"],
        };
        let needs: Vec<(String, String)> = match (props.mode, *tab) {
            (Mode::Lookup, _) | (Mode::App, Tab::Lookup) => {
                lookup_kinds.iter().map(|k| (k.to_string(), date.to_string())).collect()
            }
            (Mode::App, Tab::Pcs) => vec![("icd10pcs".into(), date.to_string())],
            (Mode::Claim | Mode::App, _) => {
                ["msdrg", "icd10cm", "icd10pcs"].iter().map(|k| (k.to_string(), claim_date.clone())).collect()
            }
        };
        let on_need = props.on_need.clone();
        use_effect_with(needs, move |needs| {
            for n in needs {
                on_need.emit(n.clone());
            }
        });
    }
    // In the app, "Use this code" also puts the code on the claim.
    let use_code = {
        let (on_select, claim, mode, chosen) =
            (props.on_select.clone(), claim.dispatcher(), props.mode, chosen.clone());
        Callback::from(move |s: Selection| {
            chosen.set(Some(s.code.clone()));
            if mode != Mode::Lookup {
                claim.dispatch(ClaimAction::Add {
                    code: s.code.clone(),
                    system: s.system.clone(),
                    display: s.display.clone(),
                });
            }
            on_select.emit(s);
        })
    };
    // Lookup mode (an EHR's code field): Enter or a click on a result is the choice. In the
    // app it opens the code; "Use this code" puts it on the claim and is the choice.
    let on_search_choose = {
        let (on_select, shown, chosen, mode) = (props.on_select.clone(), shown.clone(), chosen.clone(), props.mode);
        Callback::from(move |s: Selection| {
            shown.set(Some(s.code.clone()));
            if mode == Mode::Lookup {
                chosen.set(Some(s.code.clone()));
                on_select.emit(s);
            }
        })
    };
    let on_open = {
        let shown = shown.clone();
        Callback::from(move |s: Selection| shown.set(Some(s.code)))
    };
    let chosen_codes: Vec<String> =
        if props.mode == Mode::Lookup { (*chosen).iter().cloned().collect() } else { claim.codes() };
    let on_navigate = {
        let shown = shown.clone();
        Callback::from(move |code: String| shown.set(Some(code)))
    };
    let lookup = html! {
        <div class="cg-lookup">
            <SearchBox engine={props.engine.clone()} epoch={props.tables_epoch} date={date.clone()} system={props.system.clone()} id="cg-search"
                label="Search ICD-10 codes" placeholder="words, abbreviations or a code, e.g. chf or I50.9" on_choose={on_search_choose} on_highlight={props.on_highlight.clone()} {on_open} />
            if let Some(code) = (*shown).clone() {
                <CodeDetail engine={props.engine.clone()} epoch={props.tables_epoch} date={date.clone()} code={code} chosen={chosen_codes} on_navigate={on_navigate} on_choose={use_code.clone()} />
            }
        </div>
    };
    let claim_view = html! {
        <div class="cg-claim-view">
            <ClaimEditor engine={props.engine.clone()} epoch={props.tables_epoch} claim={claim.clone()} />
            <div class="cg-side">
                <DrgPanel engine={props.engine.clone()} epoch={props.tables_epoch} claim={claim.clone()} />
                <EditsPanel engine={props.engine.clone()} epoch={props.tables_epoch} claim={claim.clone()} />
            </div>
        </div>
    };
    match props.mode {
        Mode::Lookup => html! { <div class="cg-root" part="root" data-mode="lookup">{ lookup }</div> },
        Mode::Claim => html! { <div class="cg-root" part="root" data-mode="claim">{ claim_view }</div> },
        Mode::App => {
            const TABS: [Tab; 3] = [Tab::Lookup, Tab::Pcs, Tab::Claim];
            // The WAI-ARIA tabs pattern: arrows, Home and End move between the tabs.
            let onkeydown = {
                let tab = tab.clone();
                Callback::from(move |e: KeyboardEvent| {
                    let i = TABS.iter().position(|t| *t == *tab).unwrap_or(0);
                    let next = match e.key().as_str() {
                        "ArrowRight" => (i + 1) % TABS.len(),
                        "ArrowLeft" => (i + TABS.len() - 1) % TABS.len(),
                        "Home" => 0,
                        "End" => TABS.len() - 1,
                        _ => return,
                    };
                    e.prevent_default();
                    tab.set(TABS[next]);
                    // Focus follows the selection.
                    let target: Option<web_sys::Element> = e.target_dyn_into();
                    if let Some(button) =
                        target.and_then(|t| t.parent_element()).and_then(|l| l.children().item(next as u32))
                    {
                        if let Ok(b) = button.dyn_into::<web_sys::HtmlElement>() {
                            let _ = b.focus();
                        }
                    }
                })
            };
            let tab_button = |t: Tab, id: &str, label: &str| {
                let selected = *tab == t;
                let onclick = {
                    let tab = tab.clone();
                    Callback::from(move |_| tab.set(t))
                };
                html! {
                    <button type="button" role="tab" id={format!("cg-tab-{id}")} aria-selected={selected.to_string()}
                        aria-controls="cg-tabpanel" tabindex={if selected { "0" } else { "-1" }} {onclick} onkeydown={onkeydown.clone()}>{ label }</button>
                }
            };
            let panel = match *tab {
                Tab::Lookup => lookup,
                Tab::Pcs => {
                    html! { <PcsBuilder engine={props.engine.clone()} epoch={props.tables_epoch} date={date.clone()} on_choose={use_code.clone()} /> }
                }
                Tab::Claim => claim_view,
            };
            let count = claim.codes().len();
            html! {
                <div class="cg-root" part="root" data-mode="app">
                    <div role="tablist" aria-label="Codeglass" class="cg-tabs">
                        { tab_button(Tab::Lookup, "lookup", "Look up") }
                        { tab_button(Tab::Pcs, "pcs", "PCS builder") }
                        { tab_button(Tab::Claim, "claim", &format!("Claim & DRG ({count})")) }
                    </div>
                    <div role="tabpanel" id="cg-tabpanel" class="cg-tabpanel" aria-labelledby={format!("cg-tab-{}", match *tab { Tab::Lookup => "lookup", Tab::Pcs => "pcs", Tab::Claim => "claim" })}>{ panel }</div>
                </div>
            }
        }
    }
}
