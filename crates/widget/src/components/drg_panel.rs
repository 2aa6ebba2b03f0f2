//! `DrgPanel`: the live MS-DRG, MDC, weight, mean stays and payment estimate; each secondary
//! diagnosis's CC/MCC badge with its reason; what-if toggles (regroup as if a code were absent,
//! or as if a queried code were added) and the claim's DRG family.

use codeglass_grouper::{GroupResult, Weight};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::{read_claim, SearchBox};
use crate::state::{ClaimAction, ClaimState};
use crate::{EngineRef, Selection};

#[derive(Properties, PartialEq)]
pub struct DrgPanelProps {
    pub engine: EngineRef,
    /// Bumped when tables are added: ask the engine again.
    #[prop_or_default]
    pub epoch: u32,
    pub claim: UseReducerHandle<ClaimState>,
}

fn badge(severity: &str) -> (&'static str, &'static str) {
    match severity {
        "MCC" => ("MCC", "cg-mcc"),
        "CC" => ("CC", "cg-cc"),
        "MCC_EXCLUDED" | "MCC_EXCLUDED_BY_DRG_LOGIC" => ("MCC excluded", "cg-excluded"),
        "CC_EXCLUDED" | "CC_EXCLUDED_BY_DRG_LOGIC" => ("CC excluded", "cg-excluded"),
        _ => ("neither", "cg-neither"),
    }
}

/// Dollars with thousands separators: `$12,345.67`.
pub(crate) fn money(v: f64) -> String {
    let cents = format!("{:.2}", v.abs());
    let (whole, frac) = cents.split_once('.').unwrap_or((&cents, "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}${grouped}.{frac}", if v < 0.0 { "-" } else { "" })
}

fn fmt_opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "—".into(), |v| format!("{v:.digits$}"))
}

/// The payment estimate (`Ok`), or why there is none (`Err`), in plain words.
pub fn payment_estimate(r: &GroupResult) -> Result<String, String> {
    match (&r.payment, r.relative_weight()) {
        (Some(p), Some(w)) => Ok(format!("{} (base rate {} × weight {w:.4})", money(p.amount), money(p.base_rate))),
        (_, None) => Err(format!(
            "No payment estimate: {}.",
            r.weight_unavailable().unwrap_or_else(|| format!("DRG {:03} has no relative weight", r.final_drg))
        )),
        (None, Some(_)) => Err("No payment estimate yet: enter the hospital's base rate below.".into()),
    }
}

/// The weight change from `before` to `after`, or why it is not known.
pub fn weight_change(before: &GroupResult, after: &GroupResult) -> String {
    match (before.relative_weight(), after.relative_weight()) {
        (Some(b), Some(a)) => format!("weight change {:+.4}", ((a - b) * 10_000.0).round() / 10_000.0),
        _ => {
            let why = before.weight_unavailable().or_else(|| after.weight_unavailable()).unwrap_or_default();
            format!("weight change unknown: {why}")
        }
    }
}

fn summary(r: &GroupResult, class: &str) -> Html {
    let known = match &r.weight {
        Weight::Known(w) => Some(w.clone()),
        Weight::Unavailable(_) => None,
    };
    let payment = payment_estimate(r);
    html! {
        <dl class={classes!("cg-drg", class.to_string())} data-drg={r.final_drg.to_string()}>
            <dt>{ "MS-DRG" }</dt>
            <dd class="cg-drg-number"><strong>{ format!("{:03}", r.final_drg) }</strong>{ " " }{ r.drg_title.as_deref().unwrap_or("") }</dd>
            <dt>{ "MDC" }</dt>
            <dd>{ format!("{:02} ", r.final_mdc) }{ r.mdc_title.as_deref().unwrap_or("") }</dd>
            <dt>{ "Relative weight" }</dt>
            <dd class="cg-weight">{ fmt_opt(r.relative_weight(), 4) }
                if let Some(why) = r.weight_unavailable() { <span class="cg-gap">{ format!(" ({why})") }</span> }
            </dd>
            <dt>{ "GMLOS / AMLOS" }</dt>
            <dd>{ format!("{} / {}", fmt_opt(known.as_ref().and_then(|w| w.gmlos), 1), fmt_opt(known.as_ref().and_then(|w| w.amlos), 1)) }</dd>
            <dt>{ "Grouper" }</dt>
            <dd>{ format!("MS-DRG v{} · {} · severity {}", r.version_name, r.return_code.as_str(), r.final_severity.as_str()) }</dd>
            <dt>{ "Payment estimate" }</dt>
            { match payment {
                Ok(text) => html! { <dd class="cg-payment">{ text }</dd> },
                Err(why) => html! { <dd class="cg-payment-none">{ why }</dd> },
            } }
        </dl>
    }
}

#[function_component]
pub fn DrgPanel(props: &DrgPanelProps) -> Html {
    let claim = &props.claim;
    let engine = props.engine.0.borrow();
    let Some(grouper) = engine.grouper() else {
        return html! { <p class="cg-hint" role="status">{ "Loading the MS-DRG tables…" }</p> };
    };
    let catalog = engine.catalog();
    let group_error = |e: codeglass_grouper::ClaimError| crate::messages::claim(&e, catalog);
    // `opportunities` groups the claim itself: its `current` is the result, so the claim is
    // grouped once. Only if it fails is the claim grouped alone, for the DRG or its error.
    let grouped = read_claim(claim, false, catalog).and_then(|c| match grouper.opportunities(&c) {
        Ok(o) => Ok((o.current.clone(), Some(o))),
        Err(_) => grouper.group(&c).map(|r| (r, None)).map_err(group_error),
    });
    let (result, opportunities) = match grouped {
        Ok(r) => r,
        Err(message) => {
            return html! { <section class="cg-drg-panel" aria-label="MS-DRG"><h3>{ "MS-DRG" }</h3><p class="cg-hint" role="status">{ message }</p></section> };
        }
    };
    let what_if = claim
        .has_what_if()
        .then(|| read_claim(claim, true, catalog).and_then(|c| grouper.group(&c).map_err(group_error)));
    let on_rate = {
        let d = claim.dispatcher();
        Callback::from(move |e: InputEvent| {
            d.dispatch(ClaimAction::SetBaseRate(e.target_unchecked_into::<HtmlInputElement>().value()));
        })
    };
    let on_query = {
        let d = claim.dispatcher();
        Callback::from(move |s: Selection| d.dispatch(ClaimAction::AddQuery { code: s.code, display: s.display }))
    };

    html! {
        <section class="cg-drg-panel" part="drg" aria-label="MS-DRG" aria-live="polite">
            <h3>{ "MS-DRG" }</h3>
            { summary(&result, "cg-current") }
            <label class="cg-field" for="cg-base-rate">{ "Base rate ($, for the payment estimate)" }
                <input id="cg-base-rate" type="number" min="0" step="0.01" value={claim.base_rate.clone()} oninput={on_rate} />
            </label>
            <h4>{ "Secondary diagnoses: CC/MCC" }</h4>
            <ul class="cg-severity">
                { for result.sdx.iter().enumerate().map(|(i, note)| {
                    let (text, class) = badge(note.final_.as_str());
                    let absent = claim.sdx.get(i).is_some_and(|d| d.as_if_absent);
                    let toggle = { let d = claim.dispatcher(); Callback::from(move |_| d.dispatch(ClaimAction::ToggleAbsent(i))) };
                    let id = format!("cg-absent-{i}");
                    html! {
                        <li data-code={note.code.clone()} data-severity={note.final_.as_str()}>
                            <span class="cg-code">{ claim.sdx.get(i).map_or(note.code.clone(), |d| d.code.clone()) }</span>
                            <span class={classes!("cg-badge", class)} title={note.reason.to_string()}>{ text }</span>
                            <span class="cg-reason">{ note.reason.to_string() }</span>
                            <label for={id.clone()} class="cg-toggle">
                                <input id={id} type="checkbox" checked={absent} onchange={toggle} />{ " what if absent" }
                            </label>
                        </li>
                    }
                }) }
            </ul>
            <h4>{ "What if: query a diagnosis" }</h4>
            <SearchBox engine={props.engine.clone()} epoch={props.epoch} clear_on_choose=true date={claim.discharge_date.clone()} system={Some(AttrValue::from("icd10cm"))}
                id="cg-query-search" label="Regroup as if this diagnosis were added" limit={10} on_choose={on_query} />
            <ul class="cg-queries">
                { for claim.queries.iter().enumerate().map(|(i, q)| {
                    let toggle = { let d = claim.dispatcher(); Callback::from(move |_| d.dispatch(ClaimAction::ToggleQuery(i))) };
                    let remove = { let d = claim.dispatcher(); Callback::from(move |_| d.dispatch(ClaimAction::RemoveQuery(i))) };
                    let id = format!("cg-query-{i}");
                    html! { <li data-code={q.code.clone()}>
                        <label for={id.clone()} class="cg-toggle"><input id={id} type="checkbox" checked={q.active} onchange={toggle} />
                            { " as if added: " }<span class="cg-code">{ &q.code }</span>{ " " }{ q.display.clone().unwrap_or_default() }</label>
                        <button type="button" aria-label={format!("Remove query {}", q.code)} onclick={remove}>{ "Remove" }</button>
                    </li> }
                }) }
            </ul>
            if let Some(w) = what_if {
                <section class="cg-what-if" aria-label="What-if result">
                    <h4>{ "What-if result" }</h4>
                    { match w {
                        Ok(after) => {
                            let delta = weight_change(&result, &after);
                            html! { <>
                                { summary(&after, "cg-after") }
                                <p class="cg-delta">{ if after.final_drg == result.final_drg { format!("DRG unchanged; {delta}") } else { format!("DRG {:03} → {:03}; {delta}", result.final_drg, after.final_drg) } }</p>
                            </> }
                        }
                        Err(message) => html! { <p class="cg-error">{ message }</p> },
                    } }
                </section>
            }
            if let Some(o) = opportunities {
                <section class="cg-family" aria-label="DRG family">
                    <h4>{ "DRG family" }</h4>
                    <table>
                        <thead><tr><th scope="col">{ "Level" }</th><th scope="col">{ "DRG" }</th><th scope="col">{ "Weight" }</th></tr></thead>
                        <tbody>{ for o.family.iter().map(|(level, drg, title, weight)| html! {
                            <tr class={classes!((*drg == result.final_drg).then_some("cg-current-row"))}>
                                <td>{ level.as_str() }</td><td>{ format!("{drg:03} ") }{ title.clone().unwrap_or_default() }</td><td>{ fmt_opt(*weight, 4) }</td>
                            </tr>
                        }) }</tbody>
                    </table>
                    if let Some((level, drg, delta)) = o.next_level {
                        <p>{ format!("A documented {} would move the claim to DRG {drg:03} (weight {}).", level.as_str(), delta.map_or_else(|| "change unknown".into(), |d| format!("{d:+.4}"))) }</p>
                    }
                </section>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn money_groups_thousands() {
        assert_eq!(super::money(5094.0), "$5,094.00");
        assert_eq!(super::money(123.456), "$123.46");
        assert_eq!(super::money(1_234_567.0), "$1,234,567.00");
        assert_eq!(super::money(-0.5), "-$0.50");
    }
}
