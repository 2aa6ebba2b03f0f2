//! `ClaimEditor`: the patient and stay fields, the principal and secondary diagnoses with POA,
//! and the procedures; codes are added from a search box.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::SearchBox;
use crate::state::{ClaimAction, ClaimState, Dx, Field, FieldMessage};
use crate::{EngineRef, Selection};

#[derive(Properties, PartialEq)]
pub struct ClaimEditorProps {
    pub engine: EngineRef,
    /// Bumped when tables are added: ask the engine again.
    #[prop_or_default]
    pub epoch: u32,
    pub claim: UseReducerHandle<ClaimState>,
}

/// The NUBC patient discharge status codes most claims carry (the grouper accepts the rest by
/// number through the JS API).
const DISCHARGE_STATUSES: [(&str, &str); 20] = [
    ("01", "home or self care"),
    ("02", "short-term general hospital"),
    ("03", "skilled nursing facility"),
    ("04", "intermediate care facility"),
    ("05", "designated cancer center or children's hospital"),
    ("06", "home under a home health organization"),
    ("07", "left against medical advice"),
    ("20", "expired"),
    ("21", "court or law enforcement"),
    ("30", "still a patient"),
    ("43", "federal health care facility"),
    ("50", "hospice, home"),
    ("51", "hospice, medical facility"),
    ("61", "swing bed"),
    ("62", "inpatient rehabilitation facility"),
    ("63", "long-term care hospital"),
    ("64", "nursing facility, Medicaid only"),
    ("65", "psychiatric hospital or unit"),
    ("66", "critical access hospital"),
    ("70", "another type of institution"),
];

const POA: [(&str, &str); 6] = [
    ("Y", "present"),
    ("N", "not present"),
    ("U", "documentation insufficient"),
    ("W", "clinically undetermined"),
    ("1", "exempt"),
    ("", "not reported yet"),
];

/// A text field with, when it needs one, its message right below it (and named by it).
fn text_input(
    id: &str,
    label: &str,
    value: &str,
    kind: &str,
    message: Option<&FieldMessage>,
    on: Callback<String>,
) -> Html {
    let oninput = Callback::from(move |e: InputEvent| on.emit(e.target_unchecked_into::<HtmlInputElement>().value()));
    let message_id = format!("{id}-message");
    html! {
        <label class={classes!("cg-field", message.map(|m| if m.blocking { "cg-invalid" } else { "cg-warning" }))} for={id.to_string()}>{ label }
            <input id={id.to_string()} type={kind.to_string()} value={value.to_string()} {oninput}
                aria-invalid={message.map(|m| m.blocking.to_string())} aria-describedby={message.map(|_| message_id.clone())} />
            if let Some(m) = message { <span id={message_id} class="cg-field-message">{ &m.message }</span> }
        </label>
    }
}

fn select(id: &str, label: &str, value: &str, options: &[(&str, &str)], on: Callback<String>) -> Html {
    select_named(id, label, None, value, options, on)
}

/// A select whose accessible name says more than its visible label ("POA for N17.9").
fn select_named(
    id: &str,
    label: &str,
    name: Option<String>,
    value: &str,
    options: &[(&str, &str)],
    on: Callback<String>,
) -> Html {
    let onchange = Callback::from(move |e: Event| on.emit(e.target_unchecked_into::<HtmlSelectElement>().value()));
    html! {
        <label class="cg-field" for={id.to_string()}>{ label }
            <select id={id.to_string()} aria-label={name} {onchange}>
                { for options.iter().map(|(v, text)| html! {
                    <option value={v.to_string()} selected={*v == value}>{ if v.is_empty() { text.to_string() } else { format!("{v} {text}") } }</option>
                }) }
            </select>
        </label>
    }
}

fn dx_row(claim: &UseReducerHandle<ClaimState>, index: Option<usize>, d: &Dx) -> Html {
    let dispatch = claim.dispatcher();
    let on_poa = {
        let d = dispatch.clone();
        Callback::from(move |poa: String| d.dispatch(ClaimAction::SetPoa(index, poa)))
    };
    let id = format!("cg-poa-{}", index.map_or("pdx".to_string(), |i| i.to_string()));
    let poa_options: Vec<(&str, &str)> = POA.iter().map(|(v, t)| (*v, *t)).collect();
    let remove = {
        let d = dispatch.clone();
        Callback::from(move |_| d.dispatch(index.map_or(ClaimAction::RemovePdx, ClaimAction::RemoveSdx)))
    };
    html! {
        <li class="cg-dx" data-code={d.code.clone()}>
            <span class="cg-code">{ &d.code }</span>
            <span class="cg-title">{ d.display.clone().unwrap_or_default() }</span>
            { select_named(&id, "POA", Some(format!("POA for {}", d.code)), &d.poa, &poa_options, on_poa) }
            if let Some(i) = index {
                <button type="button" onclick={{ let d = dispatch.clone(); Callback::from(move |_| d.dispatch(ClaimAction::MakePdx(i))) }}>{ "Make principal" }</button>
            }
            <button type="button" aria-label={format!("Remove {}", d.code)} onclick={remove}>{ "Remove" }</button>
        </li>
    }
}

#[function_component]
pub fn ClaimEditor(props: &ClaimEditorProps) -> Html {
    let claim = &props.claim;
    let set = |f: fn(String) -> ClaimAction| {
        let d = claim.dispatcher();
        Callback::from(move |v: String| d.dispatch(f(v)))
    };
    let on_choose = {
        let d = claim.dispatcher();
        Callback::from(move |s: Selection| {
            d.dispatch(ClaimAction::Add { code: s.code, system: s.system, display: s.display });
        })
    };
    let sexes = [("F", "female"), ("M", "male"), ("U", "unknown")];
    let date = if claim.discharge_date.is_empty() { crate::browser::today() } else { claim.discharge_date.clone() };
    let mut messages = claim.field_messages();
    // A real date no grouper version covers: the same sentence as every panel.
    if let Ok(d) = claim.discharge_date.trim().parse() {
        let engine = props.engine.0.borrow();
        let catalog = engine.catalog();
        if catalog.drg().is_some() && catalog.grouper_version(d).is_err() {
            messages.push(FieldMessage {
                field: Field::DischargeDate,
                message: crate::messages::no_grouper_for(catalog),
                blocking: true,
            });
        }
    }
    let message = |f: Field| messages.iter().find(|m| m.field == f);
    html! {
        <section class="cg-claim" part="claim" aria-labelledby="cg-claim-h">
            <h3 id="cg-claim-h">{ "Claim" }</h3>
            <div class="cg-fields">
                { text_input("cg-age", "Age", &claim.age, "number", message(Field::Age), set(ClaimAction::SetAge)) }
                { select("cg-sex", "Sex", &claim.sex, &sexes, set(ClaimAction::SetSex)) }
                { select("cg-status", "Discharge status", &claim.discharge_status, &DISCHARGE_STATUSES, set(ClaimAction::SetDischargeStatus)) }
                { text_input("cg-date", "Discharge date", &claim.discharge_date, "date", message(Field::DischargeDate), set(ClaimAction::SetDischargeDate)) }
                { text_input("cg-los", "Length of stay (days)", &claim.los, "number", message(Field::Los), set(ClaimAction::SetLos)) }
            </div>
            <SearchBox engine={props.engine.clone()} epoch={props.epoch} clear_on_choose=true date={date} id="cg-claim-search"
                label="Add a diagnosis or procedure" placeholder="words or a code; Enter adds it" {on_choose} />
            <h4>{ "Principal diagnosis" }</h4>
            <ul class="cg-codes cg-pdx">
                if let Some(p) = &claim.pdx { { dx_row(claim, None, p) } } else { <li class="cg-empty">{ "none yet: the first diagnosis added becomes principal" }</li> }
            </ul>
            <h4>{ format!("Secondary diagnoses ({})", claim.sdx.len()) }</h4>
            <ul class="cg-codes cg-sdx">
                { for claim.sdx.iter().enumerate().map(|(i, d)| dx_row(claim, Some(i), d)) }
            </ul>
            <h4>{ format!("Procedures ({})", claim.procedures.len()) }</h4>
            <ul class="cg-codes cg-procedures">
                { for claim.procedures.iter().enumerate().map(|(i, (code, display))| {
                    let d = claim.dispatcher();
                    html! { <li class="cg-proc" data-code={code.clone()}>
                        <span class="cg-code">{ code }</span><span class="cg-title">{ display.clone().unwrap_or_default() }</span>
                        <button type="button" aria-label={format!("Remove {code}")} onclick={Callback::from(move |_| d.dispatch(ClaimAction::RemoveProcedure(i)))}>{ "Remove" }</button>
                    </li> }
                }) }
            </ul>
            <p><button type="button" onclick={{ let d = claim.dispatcher(); Callback::from(move |_| d.dispatch(ClaimAction::Clear)) }}>{ "New claim" }</button></p>
        </section>
    }
}
