//! `CodeDetail`: a code's title, billable badge, hierarchy, Tabular notes (its own and those it
//! inherits) and the 7th-character picker.

use codeglass_lookup::{Description, Note};
use codeglass_tables::System;
use yew::prelude::*;

use crate::components::parse_date;
use crate::{EngineRef, Selection};

#[derive(Properties, PartialEq)]
pub struct CodeDetailProps {
    pub engine: EngineRef,
    /// Bumped when tables are added: ask the engine again.
    #[prop_or_default]
    pub epoch: u32,
    pub date: AttrValue,
    /// The code to show, dotted or not.
    pub code: AttrValue,
    #[prop_or_default]
    pub system: Option<AttrValue>,
    /// Codes already chosen (the element's value, or the claim's codes): "Use this code" is
    /// not offered twice for one code.
    #[prop_or_default]
    pub chosen: Vec<String>,
    /// Another code was clicked (parent, child, default code, 7th character).
    pub on_navigate: Callback<String>,
    /// "Use this code": only ever a billable code.
    pub on_choose: Callback<Selection>,
}

/// Headings of the note kinds, in the order a coder acts on them: what the code covers, then
/// the instructions to follow (code first, use additional code), then what it excludes.
const NOTE_KINDS: [(&str, &str); 8] = [
    ("inclusionTerm", "Inclusion terms"),
    ("includes", "Includes"),
    ("codeFirst", "Code first"),
    ("useAdditionalCode", "Use additional code"),
    ("codeAlso", "Code also"),
    ("excludes1", "Excludes1 — never coded together"),
    ("excludes2", "Excludes2 — not included here"),
    ("notes", "Notes"),
];

/// A block's or chapter's group with more notes than this starts folded (what a category
/// states, its Code first above all, stays open).
const FOLD_OVER: usize = 4;

/// Buttons for the single codes a note refers to ("cardiac arrest (I46.-)" → I46); ranges of
/// codes are left as text.
fn note_links(text: &str, on_navigate: &Callback<String>) -> Html {
    let mut codes: Vec<String> = Vec::new();
    for r in codeglass_edits::refs::parse(text) {
        if r.from == r.to && !codes.contains(&r.from) {
            codes.push(r.from);
        }
    }
    codes
        .into_iter()
        .map(|code| {
            // Notes are ICD-10-CM: shown dotted.
            let shown = System::Icd10Cm.display(&code);
            let onclick = {
                let (code, cb) = (code.clone(), on_navigate.clone());
                Callback::from(move |_| cb.emit(code.clone()))
            };
            html! {
                <button type="button" class="cg-link cg-ref" data-code={code} title={format!("Show {shown}")} {onclick}>{ format!("→ {shown}") }</button>
            }
        })
        .collect()
}

/// The notes of one source, by kind.
fn notes_by_kind(notes: &[&Note], on_navigate: &Callback<String>) -> Html {
    NOTE_KINDS
        .iter()
        .filter_map(|(kind, heading)| {
            let of_kind: Vec<&Note> = notes.iter().copied().filter(|n| n.kind == *kind).collect();
            (!of_kind.is_empty()).then(|| {
                html! {
                    <section class={classes!("cg-notes", format!("cg-note-{kind}"))} data-kind={*kind}>
                        <h5>{ *heading }</h5>
                        <ul>
                            { for of_kind.iter().map(|n| html! { <li>{ &n.text }{ note_links(&n.text, on_navigate) }</li> }) }
                        </ul>
                    </section>
                }
            })
        })
        .collect()
}

/// "2 Code first, 10 Excludes2": what a folded group holds.
fn kinds_summary(notes: &[&Note]) -> String {
    NOTE_KINDS
        .iter()
        .filter_map(|(kind, heading)| {
            let n = notes.iter().filter(|x| x.kind == *kind).count();
            let short = heading.split(" — ").next().unwrap_or(heading);
            (n > 0).then(|| format!("{n} {short}"))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether a note's source is a code (a category or subcategory above), not a block or chapter.
fn is_code(source: &str) -> bool {
    !(source.starts_with("block ") || source.starts_with("chapter "))
}

/// Where an inherited note is stated, as a reader says it ("I50 (above this code)", "chapter 9").
fn source_label(source: &str) -> String {
    if is_code(source) {
        format!("{source} (above this code)")
    } else {
        source.to_string()
    }
}

/// The code's own notes first; then, nearest first, the notes it inherits, grouped under the
/// code, block or chapter that states them, long groups folded.
fn notes_view(d: &Description, on_navigate: &Callback<String>) -> Html {
    let own: Vec<&Note> = d.notes.iter().filter(|n| !n.inherited).collect();
    let mut sources: Vec<&str> = Vec::new();
    for n in d.notes.iter().filter(|n| n.inherited) {
        if !sources.contains(&n.source.as_str()) {
            sources.push(&n.source);
        }
    }
    html! { <>
        if !own.is_empty() {
            <section class="cg-own-notes">
                <h4>{ format!("Notes of {}", d.code) }</h4>
                { notes_by_kind(&own, on_navigate) }
            </section>
        }
        if !sources.is_empty() {
            <h4>{ "Inherited notes" }</h4>
        }
        { for sources.iter().map(|source| {
            let notes: Vec<&Note> = d.notes.iter().filter(|n| n.inherited && n.source == *source).collect();
            html! {
                <details class="cg-inherited" data-source={source.to_string()} open={is_code(source) || notes.len() <= FOLD_OVER}>
                    <summary>{ format!("From {}: {}", source_label(source), kinds_summary(&notes)) }</summary>
                    { notes_by_kind(&notes, on_navigate) }
                </details>
            }
        }) }
    </> }
}

fn seventh_view(d: &Description, p: &CodeDetailProps) -> Html {
    let Some(rule) = &d.seventh_characters else { return html! {} };
    let complete: Vec<_> = rule.values.iter().filter(|v| v.code.is_some()).collect();
    html! {
        <section class="cg-seventh" aria-label="7th characters">
            <h4>{ format!("7th characters (stated at {})", rule.source) }</h4>
            { for rule.note.iter().map(|n| html! { <p>{ n }</p> }) }
            if d.needs_seventh_character && !complete.is_empty() {
                <p class="cg-gap">{ "This code needs a 7th character: pick one." }</p>
                <div class="cg-picker" role="group" aria-label="Pick the 7th character">
                    { for complete.iter().map(|v| {
                        let target = v.code.clone().unwrap_or_default();
                        let onclick = { let cb = p.on_navigate.clone(); let t = target.clone(); Callback::from(move |_| cb.emit(t.clone())) };
                        html! { <button type="button" class="cg-seventh-value" data-character={v.character.clone()} data-code={target} {onclick}>
                            <span class="cg-code">{ &v.character }</span>{ " " }{ &v.meaning }
                        </button> }
                    }) }
                </div>
            } else {
                if d.needs_seventh_character {
                    <p class="cg-gap cg-pick-first">{ "The 7th character completes a full subcategory code: choose one of the codes below first." }</p>
                }
                <ul>{ for rule.values.iter().map(|v| html! { <li><span class="cg-code">{ &v.character }</span>{ " " }{ &v.meaning }</li> }) }</ul>
            }
        </section>
    }
}

fn node_button(code: &str, label: Option<&str>, on_navigate: &Callback<String>) -> Html {
    let onclick = {
        let (code, cb) = (code.to_string(), on_navigate.clone());
        Callback::from(move |_| cb.emit(code.clone()))
    };
    html! {
        <button type="button" class="cg-link" data-code={code.to_string()} {onclick}>
            <span class="cg-code">{ code }</span>
            if let Some(l) = label { { " " } { l } }
        </button>
    }
}

/// The choose action: "Use this code" for a billable code not chosen yet; a header is never
/// chosen, its default code is offered instead.
fn choose_view(d: &Description, p: &CodeDetailProps) -> Html {
    if !d.billable {
        return match &d.default_code {
            Some(def) => {
                let onclick = {
                    let (cb, code) = (p.on_navigate.clone(), def.code.clone());
                    Callback::from(move |_| cb.emit(code.clone()))
                };
                html! { <button type="button" class="cg-default" data-code={def.code.clone()} {onclick}>{ format!("Show the default code {}", def.code) }</button> }
            }
            None => html! {},
        };
    }
    if p.chosen.contains(&d.code) {
        return html! { <button type="button" class="cg-use" disabled=true>{ "✓ Chosen" }</button> };
    }
    let selection = Selection {
        code: d.code.clone(),
        display: d.display.clone(),
        system: d.system.into(),
        version: d.version.clone(),
    };
    let onclick = {
        let cb = p.on_choose.clone();
        Callback::from(move |_| cb.emit(selection.clone()))
    };
    html! { <button type="button" class="cg-use" {onclick}>{ "Use this code" }</button> }
}

fn detail_view(d: &Description, p: &CodeDetailProps) -> Html {
    html! {
        <article class="cg-detail" part="detail" data-code={d.code.clone()}>
            <header>
                <h3><span class="cg-code">{ &d.code }</span>{ " " }{ d.display.clone().unwrap_or_else(|| "(no official title in the CMS files)".into()) }</h3>
                <p class="cg-badges">
                    if d.billable {
                        <span class="cg-badge cg-billable">{ "billable" }</span>
                    } else {
                        <span class="cg-badge cg-header">{ "header — not billable" }</span>
                    }
                    <span class="cg-badge">{ format!("{} FY{}", if d.system == "icd10pcs" { "ICD-10-PCS" } else { "ICD-10-CM" }, d.version) }</span>
                    if d.added_this_year { <span class="cg-badge cg-new">{ "new this year" }</span> }
                    if d.title_revised_this_year { <span class="cg-badge">{ "title revised" }</span> }
                    { choose_view(d, p) }
                </p>
                if let (false, Some(def)) = (d.billable, &d.default_code) {
                    <p class="cg-hint">{ format!("A header is not a code to report. When nothing more is documented a coder reports {} {}.", def.code, def.display.clone().unwrap_or_default()) }</p>
                }
                if !d.title_available { <p class="cg-gap">{ "The CMS files Codeglass is built from have no official title for this code." }</p> }
                if !d.own_notes_available { <p class="cg-gap">{ "The CMS files Codeglass is built from have no Tabular notes of this code's own (it is new this fiscal year); the notes it inherits are shown." }</p> }
            </header>
            <nav class="cg-hierarchy" aria-label="Hierarchy">
                if let Some(c) = &d.chapter { <span class="cg-chapter">{ format!("Chapter {}: {}", c.name, c.title) }</span> }
                if let Some(b) = &d.block { <span class="cg-block">{ &b.title }</span> }
                { for d.hierarchy.iter().map(|n| node_button(&n.code, n.display.as_deref(), &p.on_navigate)) }
            </nav>
            if let Some(meaning) = &d.seventh_character_meaning {
                <p>{ format!("7th character: {meaning}") }</p>
            }
            { seventh_view(d, p) }
            if !d.children.is_empty() {
                <section class="cg-children">
                    <h4>{ format!("{} codes below", d.children.len()) }</h4>
                    <ul>{ for d.children.iter().map(|n| html! {
                        <li>
                            { node_button(&n.code, n.display.as_deref(), &p.on_navigate) }
                            if n.billable { <span class="cg-badge cg-billable">{ "billable" }</span> }
                        </li>
                    }) }</ul>
                </section>
            }
            { notes_view(d, &p.on_navigate) }
            if let Some(axes) = &d.pcs_axes {
                <table class="cg-axes">
                    <caption>{ "Axes" }</caption>
                    <tbody>{ for axes.iter().map(|a| html! {
                        <tr><th scope="row">{ a.position }{ " " }{ &a.title }</th><td class="cg-code">{ &a.character }</td><td>{ a.label.clone().unwrap_or_default() }</td></tr>
                    }) }</tbody>
                </table>
            }
        </article>
    }
}

#[function_component]
pub fn CodeDetail(props: &CodeDetailProps) -> Html {
    let engine = props.engine.0.borrow();
    let catalog = engine.catalog();
    let described = parse_date(&props.date).and_then(|date| {
        let system = props.system.as_deref().map(str::parse).transpose()?;
        codeglass_lookup::describe(catalog, &props.code, date, system).map_err(|e| crate::messages::lookup(&e, catalog))
    });
    match described {
        Ok(d) => detail_view(&d, props),
        Err(message) => html! { <p class="cg-error" role="alert">{ message }</p> },
    }
}
