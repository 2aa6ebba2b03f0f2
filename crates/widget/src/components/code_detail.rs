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
    /// Another code was clicked (parent, child, 7th character).
    pub on_navigate: Callback<String>,
    /// "Use this code".
    pub on_choose: Callback<Selection>,
}

/// Headings of the note kinds, in the order a coder reads them.
const NOTE_KINDS: [(&str, &str); 8] = [
    ("inclusionTerm", "Inclusion terms"),
    ("includes", "Includes"),
    ("excludes1", "Excludes1 — never coded together"),
    ("excludes2", "Excludes2 — not included here"),
    ("codeFirst", "Code first"),
    ("useAdditionalCode", "Use additional code"),
    ("codeAlso", "Code also"),
    ("notes", "Notes"),
];

/// The code with 7th character `c`: placeholders X fill it to six characters first.
pub(crate) fn with_seventh(code: &str, c: &str) -> String {
    let mut plain: String = code.chars().filter(|c| *c != '.').collect();
    while plain.len() < 6 {
        plain.push('X');
    }
    plain.push_str(c);
    plain
}

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

fn notes_view(notes: &[Note], on_navigate: &Callback<String>) -> Html {
    NOTE_KINDS
        .iter()
        .filter_map(|(kind, heading)| {
            let of_kind: Vec<&Note> = notes.iter().filter(|n| n.kind == *kind).collect();
            (!of_kind.is_empty()).then(|| {
                html! {
                    <section class={classes!("cg-notes", format!("cg-note-{kind}"))} data-kind={*kind}>
                        <h4>{ *heading }</h4>
                        <ul>
                            { for of_kind.iter().map(|n| html! {
                                <li>
                                    { &n.text }
                                    if n.inherited { <span class="cg-source">{ format!(" — from {}", n.source) }</span> }
                                    { note_links(&n.text, on_navigate) }
                                </li>
                            }) }
                        </ul>
                    </section>
                }
            })
        })
        .collect()
}

fn node_button(code: &str, label: Option<&str>, on_navigate: &Callback<String>) -> Html {
    let onclick = {
        let (code, cb) = (code.to_string(), on_navigate.clone());
        Callback::from(move |_| cb.emit(code.clone()))
    };
    html! {
        <button type="button" class="cg-link" {onclick}>
            <span class="cg-code">{ code }</span>
            if let Some(l) = label { { " " } { l } }
        </button>
    }
}

fn detail_view(d: &Description, p: &CodeDetailProps) -> Html {
    let choose = {
        let (cb, sel) = (
            p.on_choose.clone(),
            Selection {
                code: d.code.clone(),
                display: d.display.clone(),
                system: d.system.into(),
                version: d.version.clone(),
            },
        );
        Callback::from(move |_| cb.emit(sel.clone()))
    };
    html! {
        <article class="cg-detail" data-code={d.code.clone()}>
            <header>
                <h3><span class="cg-code">{ &d.code }</span>{ " " }{ d.display.clone().unwrap_or_else(|| "(no official title in the kit)".into()) }</h3>
                <p class="cg-badges">
                    if d.billable {
                        <span class="cg-badge cg-billable">{ "billable" }</span>
                    } else {
                        <span class="cg-badge cg-header">{ "header — not billable" }</span>
                    }
                    <span class="cg-badge">{ format!("{} FY{}", if d.system == "icd10pcs" { "ICD-10-PCS" } else { "ICD-10-CM" }, d.version) }</span>
                    if d.added_this_year { <span class="cg-badge cg-new">{ "new this year" }</span> }
                    if d.title_revised_this_year { <span class="cg-badge">{ "title revised" }</span> }
                    <button type="button" class="cg-use" onclick={choose}>{ if d.billable { "Use this code" } else { "Use this header (not billable)" } }</button>
                </p>
                if !d.title_available { <p class="cg-gap">{ "The source kit has no official title for this code." }</p> }
                if !d.own_notes_available { <p class="cg-gap">{ "The source kit has no Tabular notes of this code's own (new this fiscal year); inherited notes are shown." }</p> }
            </header>
            <nav class="cg-hierarchy" aria-label="Hierarchy">
                if let Some(c) = &d.chapter { <span class="cg-chapter">{ format!("Chapter {}: {}", c.name, c.title) }</span> }
                if let Some(b) = &d.block { <span class="cg-block">{ &b.title }</span> }
                { for d.hierarchy.iter().map(|n| node_button(&n.code, n.display.as_deref(), &p.on_navigate)) }
            </nav>
            if d.needs_seventh_character {
                <p class="cg-gap">{ "This code needs a 7th character: pick one below." }</p>
            }
            if let Some(meaning) = &d.seventh_character_meaning {
                <p>{ format!("7th character: {meaning}") }</p>
            }
            if let Some(rule) = &d.seventh_characters {
                <section class="cg-seventh" aria-label="7th characters">
                    <h4>{ format!("7th characters (stated at {})", rule.source) }</h4>
                    { for rule.note.iter().map(|n| html! { <p>{ n }</p> }) }
                    if d.needs_seventh_character {
                        <div class="cg-picker" role="group" aria-label="Pick the 7th character">
                            { for rule.values.iter().map(|v| {
                                let target = with_seventh(&d.code, &v.character);
                                let onclick = { let cb = p.on_navigate.clone(); Callback::from(move |_| cb.emit(target.clone())) };
                                html! { <button type="button" class="cg-seventh-value" data-character={v.character.clone()} {onclick}>
                                    <span class="cg-code">{ &v.character }</span>{ " " }{ &v.meaning }
                                </button> }
                            }) }
                        </div>
                    } else {
                        <ul>{ for rule.values.iter().map(|v| html! { <li><span class="cg-code">{ &v.character }</span>{ " " }{ &v.meaning }</li> }) }</ul>
                    }
                </section>
            }
            { notes_view(&d.notes, &p.on_navigate) }
            if let Some(axes) = &d.pcs_axes {
                <table class="cg-axes">
                    <caption>{ "Axes" }</caption>
                    <tbody>{ for axes.iter().map(|a| html! {
                        <tr><th scope="row">{ a.position }{ " " }{ &a.title }</th><td class="cg-code">{ &a.character }</td><td>{ a.label.clone().unwrap_or_default() }</td></tr>
                    }) }</tbody>
                </table>
            }
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
        </article>
    }
}

#[function_component]
pub fn CodeDetail(props: &CodeDetailProps) -> Html {
    let described = parse_date(&props.date).and_then(|date| {
        let system = props.system.as_deref().map(str::parse).transpose()?;
        codeglass_lookup::describe(props.engine.0.borrow().catalog(), &props.code, date, system)
            .map_err(|e| format!("{}: {e}", e.code()))
    });
    match described {
        Ok(d) => detail_view(&d, props),
        Err(message) => html! { <p class="cg-error" role="alert">{ message }</p> },
    }
}

#[cfg(test)]
mod tests {
    use super::with_seventh;

    #[test]
    fn seventh_character_fills_placeholders() {
        assert_eq!(with_seventh("S52.5", "A"), "S525XXA");
        assert_eq!(with_seventh("T36.0X1", "D"), "T360X1D");
        assert_eq!(with_seventh("S72.001", "A"), "S72001A");
    }
}
