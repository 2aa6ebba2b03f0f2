//! The ICD-10-CM Tabular List XML: chapters, sections (blocks), and the notes of every node.

use std::collections::HashMap;
use std::path::Path;

use codeglass_tables::{canonical_code, NoteInput, NoteKind};
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::{CompileError, Result};

#[derive(Clone, Debug, Default)]
pub struct Chapter {
    pub name: String,
    pub title: String,
    pub first: String,
    pub last: String,
    pub notes: Vec<NoteInput>,
}

#[derive(Clone, Debug, Default)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub first: String,
    pub last: String,
    pub chapter: usize,
    pub notes: Vec<NoteInput>,
}

/// What the Tabular says beyond codes and titles.
#[derive(Clone, Debug, Default)]
pub struct Tabular {
    pub version: String,
    pub chapters: Vec<Chapter>,
    pub sections: Vec<Section>,
    /// Canonical code → notes stated at that code.
    pub notes: HashMap<String, Vec<NoteInput>>,
    /// Category (3 characters) → index into `sections`.
    pub category_section: HashMap<String, usize>,
    /// Canonical code → description, to cross-check titles.
    pub descriptions: HashMap<String, String>,
}

enum Owner {
    Chapter(usize),
    Section(usize),
    Diag(String),
    Other,
}

fn note_kind(parent: &[u8]) -> Option<NoteKind> {
    Some(match parent {
        b"inclusionTerm" => NoteKind::InclusionTerm,
        b"includes" => NoteKind::Includes,
        b"excludes1" => NoteKind::Excludes1,
        b"excludes2" => NoteKind::Excludes2,
        b"codeFirst" => NoteKind::CodeFirst,
        b"useAdditionalCode" => NoteKind::UseAdditionalCode,
        b"codeAlso" => NoteKind::CodeAlso,
        b"notes" => NoteKind::Note,
        b"sevenChrNote" => NoteKind::SeventhCharacterNote,
        b"sevenChrDef" => NoteKind::SeventhCharacterExtra,
        _ => return None,
    })
}

/// Parses the Tabular XML. Empty notes (the real file has some) are skipped.
pub fn parse_tabular(xml: &str, path: &Path) -> Result<Tabular> {
    let mut reader = Reader::from_str(xml);
    let mut tab = Tabular::default();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut owners: Vec<Owner> = Vec::new();
    let mut text = String::new();
    let mut ext_char = 0u8;
    let mut section_refs: HashMap<String, (String, String)> = HashMap::new();
    let err = |reader: &Reader<&[u8]>, m: String| {
        CompileError::new(path, format!("at byte {}: {m}", reader.buffer_position()))
    };
    loop {
        let event = reader.read_event().map_err(|e| err(&reader, e.to_string()))?;
        match event {
            Event::Start(e) => {
                let name = e.name().as_ref().to_vec();
                let attr = |key: &str| -> Result<String> {
                    match e.try_get_attribute(key).map_err(|x| err(&reader, x.to_string()))? {
                        Some(a) => Ok(a.unescape_value().map_err(|x| err(&reader, x.to_string()))?.into_owned()),
                        None => Ok(String::new()),
                    }
                };
                match name.as_slice() {
                    b"chapter" => {
                        tab.chapters.push(Chapter::default());
                        owners.push(Owner::Chapter(tab.chapters.len() - 1));
                    }
                    b"section" => {
                        let id = attr("id")?;
                        let chapter = tab
                            .chapters
                            .len()
                            .checked_sub(1)
                            .ok_or_else(|| err(&reader, "section outside a chapter".into()))?;
                        tab.sections.push(Section { id, chapter, ..Section::default() });
                        owners.push(Owner::Section(tab.sections.len() - 1));
                    }
                    b"diag" => owners.push(Owner::Diag(String::new())),
                    b"extension" => ext_char = attr("char")?.bytes().next().unwrap_or(0),
                    b"sectionRef" => {
                        section_refs.insert(attr("id")?, (attr("first")?, attr("last")?));
                    }
                    b"visualImpairment" => owners.push(Owner::Other),
                    _ => {}
                }
                stack.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.unescape().map_err(|x| err(&reader, x.to_string()))?),
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(&t)),
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let parent = stack.last().map(Vec::as_slice).unwrap_or(b"");
                let value = text.trim().to_string();
                match name.as_slice() {
                    b"version" if parent == b"ICD10CM.tabular" => tab.version = value,
                    b"name" => match (parent, owners.last()) {
                        (b"diag", Some(Owner::Diag(_))) => {
                            let code = canonical_code(&value)
                                .ok_or_else(|| err(&reader, format!("bad diag name {value:?}")))?;
                            // A diag directly inside a section is a category.
                            if let Some(Owner::Section(s)) = owners.iter().rev().nth(1) {
                                tab.category_section.insert(code.clone(), *s);
                            }
                            if let Some(Owner::Diag(c)) = owners.last_mut() {
                                *c = code;
                            }
                        }
                        (b"chapter", Some(Owner::Chapter(i))) => tab.chapters[*i].name = value,
                        _ => {}
                    },
                    b"desc" => match (parent, owners.last()) {
                        (b"chapter", Some(Owner::Chapter(i))) => tab.chapters[*i].title = value,
                        (b"section", Some(Owner::Section(i))) => tab.sections[*i].title = value,
                        (b"diag", Some(Owner::Diag(code))) => {
                            tab.descriptions.insert(code.clone(), value);
                        }
                        _ => {}
                    },
                    b"note" | b"extension" if !value.is_empty() => {
                        let (kind, aux) = if name == b"extension" {
                            (Some(NoteKind::SeventhCharacter), ext_char)
                        } else {
                            let kind = note_kind(parent);
                            (kind, if kind == Some(NoteKind::SeventhCharacterExtra) { ext_char } else { 0 })
                        };
                        if let Some(kind) = kind {
                            let note = NoteInput { kind, aux, text: value };
                            match owners.last() {
                                Some(Owner::Chapter(i)) => tab.chapters[*i].notes.push(note),
                                Some(Owner::Section(i)) => tab.sections[*i].notes.push(note),
                                Some(Owner::Diag(code)) => tab.notes.entry(code.clone()).or_default().push(note),
                                _ => {}
                            }
                        }
                    }
                    b"chapter" | b"section" | b"diag" | b"visualImpairment" => {
                        owners.pop();
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for s in &mut tab.sections {
        let (first, last) = match section_refs.get(&s.id) {
            Some((f, l)) if !f.is_empty() => (f.clone(), l.clone()),
            _ => match s.id.split_once('-') {
                Some((f, l)) => (f.to_string(), l.to_string()),
                None => (s.id.clone(), s.id.clone()),
            },
        };
        s.first = first;
        s.last = last;
    }
    for (i, c) in tab.chapters.iter_mut().enumerate() {
        let mut in_chapter = tab.sections.iter().filter(|s| s.chapter == i);
        c.first = in_chapter.next().map(|s| s.first.clone()).unwrap_or_default();
        c.last = tab.sections.iter().rfind(|s| s.chapter == i).map(|s| s.last.clone()).unwrap_or_default();
    }
    if tab.chapters.is_empty() || tab.category_section.is_empty() {
        return Err(CompileError::new(path, "no chapters or categories found: is this the ICD-10-CM Tabular XML?"));
    }
    Ok(tab)
}
