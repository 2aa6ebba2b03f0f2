//! Everything about one code: title, hierarchy, children, and the Tabular notes that apply to
//! it, inherited from its ancestors, block and chapter as the Tabular conventions say.

use codeglass_tables::{canonical_code, flags, Catalog, CodeSet, Date, Entry, Group, NoteKind, NoteRef, System};
use serde::Serialize;

use crate::error::LookupError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    pub code: String,
    pub display: Option<String>,
    pub billable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupInfo {
    /// Chapter number or block range ("9", "I30-I5A").
    pub name: String,
    pub title: String,
    pub first: String,
    pub last: String,
}

/// One note that applies to the code, with where the Tabular states it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// `inclusionTerm`, `includes`, `excludes1`, `excludes2`, `codeFirst`, `useAdditionalCode`,
    /// `codeAlso`, `notes`.
    pub kind: &'static str,
    pub text: String,
    /// The code, `block A00-A09` or `chapter 1` where it is stated.
    pub source: String,
    pub inherited: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SeventhCharacter {
    pub character: String,
    pub meaning: String,
    /// Further lines under the character (e.g. "initial encounter for open fracture NOS").
    pub also: Vec<String>,
    /// The complete code this character makes of the described code (X placeholders filled),
    /// where that code exists on the date: a category such as S72 makes none, its
    /// subcategories must be chosen first.
    pub code: Option<String>,
}

/// A 7th-character rule and where it is stated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SeventhCharacters {
    pub source: String,
    pub note: Vec<String>,
    pub values: Vec<SeventhCharacter>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PcsAxis {
    pub position: u8,
    pub title: String,
    pub character: String,
    pub label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Description {
    pub code: String,
    pub system: &'static str,
    pub version: String,
    pub display: Option<String>,
    pub short_display: Option<String>,
    pub billable: bool,
    pub valid_from: String,
    pub valid_to: String,
    /// False where the kit has no official title for this code.
    pub title_available: bool,
    /// False for codes whose own Tabular notes the kit lacks (new FY2027 codes).
    pub own_notes_available: bool,
    pub added_this_year: bool,
    pub title_revised_this_year: bool,
    pub chapter: Option<GroupInfo>,
    pub block: Option<GroupInfo>,
    /// From the category down to the direct parent.
    pub hierarchy: Vec<Node>,
    pub children: Vec<Node>,
    /// The code's own notes first, then its ancestors', its block's and its chapter's.
    pub notes: Vec<Note>,
    pub seventh_characters: Option<SeventhCharacters>,
    /// A header under a 7th-character rule: a complete code needs the 7th character.
    pub needs_seventh_character: bool,
    /// The meaning of this code's own 7th character, where it has one.
    pub seventh_character_meaning: Option<String>,
    /// ICD-10-PCS: each character's axis and label.
    pub pcs_axes: Option<Vec<PcsAxis>>,
    /// For a header, the billable code a coder takes when nothing more is known (computed at
    /// table-compile time: unspecified, uncomplicated, initial encounter).
    pub default_code: Option<Node>,
}

fn node<D: AsRef<[u8]> + Clone>(e: &Entry<'_, D>) -> Node {
    Node { code: e.display_code(), display: e.title().map(str::to_string), billable: e.billable() }
}

fn group_info<D: AsRef<[u8]> + Clone>(g: &Group<'_, D>) -> GroupInfo {
    let (first, last) = g.range();
    GroupInfo { name: g.name().into(), title: g.title().into(), first: first.into(), last: last.into() }
}

fn is_seventh(kind: NoteKind) -> bool {
    matches!(kind, NoteKind::SeventhCharacter | NoteKind::SeventhCharacterExtra | NoteKind::SeventhCharacterNote)
}

fn push_notes(out: &mut Vec<Note>, notes: &[NoteRef<'_>], source: &str, inherited: bool) {
    for n in notes.iter().filter(|n| !is_seventh(n.kind)) {
        // Inclusion terms describe the node they are listed under; they are not inherited.
        if inherited && n.kind == NoteKind::InclusionTerm {
            continue;
        }
        out.push(Note { kind: n.kind.as_str(), text: n.text.to_string(), source: source.to_string(), inherited });
    }
}

fn seventh_rule(source: String, notes: &[NoteRef<'_>]) -> Option<SeventhCharacters> {
    let mut values: Vec<SeventhCharacter> = Vec::new();
    for n in notes {
        match n.kind {
            NoteKind::SeventhCharacter => values.push(SeventhCharacter {
                character: (n.aux as char).to_string(),
                meaning: n.text.into(),
                also: vec![],
                code: None,
            }),
            NoteKind::SeventhCharacterExtra => {
                if let Some(v) = values.iter_mut().rev().find(|v| v.character.as_bytes() == [n.aux]) {
                    v.also.push(n.text.into());
                }
            }
            _ => {}
        }
    }
    if values.is_empty() {
        return None;
    }
    let note = notes.iter().filter(|n| n.kind == NoteKind::SeventhCharacterNote).map(|n| n.text.to_string()).collect();
    Some(SeventhCharacters { source, note, values })
}

/// Describes a code of the code set valid on `date`.
pub fn describe<D: AsRef<[u8]> + Clone>(
    catalog: &Catalog<D>,
    code: &str,
    date: Date,
    system: Option<System>,
) -> Result<Description, LookupError> {
    let canonical = canonical_code(code).ok_or_else(|| LookupError::BadCode { input: code.to_string() })?;
    let systems = match system {
        Some(s) => vec![s],
        None => vec![System::Icd10Cm, System::Icd10Pcs],
    };
    let mut first_err = None;
    for s in &systems {
        match catalog.code_set(*s, date) {
            Ok(set) => {
                if let Some(e) = set.get(&canonical) {
                    return Ok(describe_entry(catalog, set, &e, date));
                }
            }
            Err(e) => {
                first_err.get_or_insert(LookupError::from(e));
            }
        }
    }
    if let (Some(e), true) = (first_err, systems.len() == 1) {
        return Err(e);
    }
    let set_system = systems[0];
    let version = catalog.code_set(set_system, date).map(|s| s.fiscal_year()).unwrap_or(date.fiscal_year());
    Err(LookupError::CodeNotFound { code: set_system.display(&canonical), system: set_system.as_str(), version })
}

/// A code's own and inherited notes (own first, then its ancestors', block's and chapter's),
/// and the nearest 7th-character rule.
fn notes_and_rule<D: AsRef<[u8]> + Clone>(
    e: &Entry<'_, D>,
    ancestors: &[Entry<'_, D>],
    kinds: Option<&[NoteKind]>,
) -> (Vec<Note>, Option<SeventhCharacters>) {
    let mut notes = Vec::new();
    let mut push = |refs: Vec<NoteRef<'_>>, source: &dyn Fn() -> String, inherited: bool| {
        let refs: Vec<NoteRef<'_>> = refs.into_iter().filter(|n| kinds.is_none_or(|k| k.contains(&n.kind))).collect();
        if !refs.is_empty() {
            push_notes(&mut notes, &refs, &source(), inherited);
        }
    };
    push(e.own_notes(), &|| e.display_code(), false);
    for a in ancestors.iter().rev() {
        push(a.own_notes(), &|| a.display_code(), true);
    }
    if let Some(b) = e.block() {
        push(b.notes(), &|| format!("block {}", b.name()), true);
    }
    if let Some(c) = e.chapter() {
        push(c.notes(), &|| format!("chapter {}", c.name()), true);
    }
    // The nearest statement of a 7th-character rule wins (a subcategory can restate it).
    let seventh = std::iter::once(*e)
        .chain(ancestors.iter().rev().copied())
        .find_map(|n| seventh_rule(n.display_code(), &n.own_notes()));
    (notes, seventh)
}

/// What the claim edits need of a code, without the hierarchy and children [`describe`]
/// also builds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeNotes {
    pub code: String,
    pub display: Option<String>,
    pub billable: bool,
    pub needs_seventh_character: bool,
    pub seventh_characters: Option<SeventhCharacters>,
    pub notes: Vec<Note>,
}

/// The Tabular notes of the given kinds that apply to `code` (canonical) in `set`, own and
/// inherited.
pub fn code_notes<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, code: &str, kinds: &[NoteKind]) -> Option<CodeNotes> {
    let e = set.get(code)?;
    let ancestors = e.ancestors();
    let (notes, seventh) = notes_and_rule(&e, &ancestors, Some(kinds));
    Some(CodeNotes {
        code: e.display_code(),
        display: e.title().map(str::to_string),
        billable: e.billable(),
        needs_seventh_character: seventh.is_some() && !e.billable() && e.code().len() < 7,
        seventh_characters: seventh,
        notes,
    })
}

fn describe_entry<D: AsRef<[u8]> + Clone>(
    catalog: &Catalog<D>,
    set: &CodeSet<D>,
    e: &Entry<'_, D>,
    date: Date,
) -> Description {
    let ancestors = e.ancestors();
    let (notes, seventh) = notes_and_rule(e, &ancestors, None);
    let code = e.code();
    let seventh_character_meaning = seventh.as_ref().filter(|_| code.len() == 7).and_then(|s| {
        let last = &code[6..];
        s.values.iter().find(|v| v.character == last).map(|v| v.meaning.clone())
    });
    let needs_seventh_character = seventh.is_some() && !e.billable() && code.len() < 7;
    let mut seventh = seventh;
    if let (Some(rule), true) = (seventh.as_mut(), needs_seventh_character) {
        for v in &mut rule.values {
            let complete = with_seventh(code, &v.character);
            v.code = set.get(&complete).filter(|c| c.is_valid_on(date)).map(|c| c.display_code());
        }
    }
    let default_code = e.default_code().filter(|d| d.ordinal() != e.ordinal() && d.is_valid_on(date)).map(|d| node(&d));
    let children = set
        .with_prefix(code)
        .into_iter()
        .filter(|c| c.code().len() > code.len() && c.is_valid_on(date))
        .filter(|c| c.parent().is_some_and(|p| p.ordinal() == e.ordinal()))
        .map(|c| node(&c))
        .collect();
    let pcs_axes = (set.system() == System::Icd10Pcs).then(|| pcs_axes(catalog, code, date)).flatten();
    let (from, to) = e.validity();
    Description {
        code: e.display_code(),
        system: set.system().as_str(),
        version: set.fiscal_year().to_string(),
        display: e.title().map(str::to_string),
        short_display: e.short_title().map(str::to_string),
        billable: e.billable(),
        valid_from: from.to_string(),
        valid_to: to.to_string(),
        title_available: e.flags() & flags::TITLE_UNAVAILABLE == 0,
        own_notes_available: e.flags() & flags::OWN_NOTES_UNAVAILABLE == 0,
        added_this_year: e.flags() & flags::ADDED != 0,
        title_revised_this_year: e.flags() & flags::TITLE_REVISED != 0,
        chapter: e.chapter().map(|g| group_info(&g)),
        block: e.block().map(|g| group_info(&g)),
        hierarchy: ancestors.iter().map(node).collect(),
        children,
        notes,
        seventh_characters: seventh,
        needs_seventh_character,
        seventh_character_meaning,
        pcs_axes,
        default_code,
    }
}

/// `code` (canonical) completed by 7th character `c`, placeholders X filling it to six.
pub(crate) fn with_seventh(code: &str, c: &str) -> String {
    let mut plain: String = code.chars().filter(|c| *c != '.').collect();
    while plain.len() < 6 {
        plain.push('X');
    }
    plain.push_str(c);
    plain
}

/// Labels of each character of a PCS code (or prefix), from the axis tables.
fn pcs_axes<D: AsRef<[u8]> + Clone>(catalog: &Catalog<D>, code: &str, date: Date) -> Option<Vec<PcsAxis>> {
    let axes = catalog.pcs_axes(date).ok()?;
    let table = code.get(..3).and_then(|p| axes.table(p));
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let (title, label) = match &table {
            Some(t) if i < 3 => (t.axis_titles[i].to_string(), Some(t.labels[i].to_string())),
            Some(t) => {
                let label = crate::pcs::label_in_rows(t, &chars, i);
                (t.axis_titles[i].to_string(), label)
            }
            None => (String::new(), None),
        };
        out.push(PcsAxis { position: i as u8 + 1, title, character: c.to_string(), label });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::with_seventh;

    #[test]
    fn seventh_character_fills_placeholders() {
        assert_eq!(with_seventh("S52.5", "A"), "S525XXA");
        assert_eq!(with_seventh("T360X1", "D"), "T360X1D");
        assert_eq!(with_seventh("S72001", "A"), "S72001A");
    }
}
