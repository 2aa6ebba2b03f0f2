//! The ICD-10-PCS Tables XML and Definitions XML.

use std::path::Path;

use codeglass_tables::{AxisValue, PcsAggregate, PcsTable, PcsTerm};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{CompileError, Result};

/// What [`walk`] reports: an element's start, or its end with its parent and trimmed text.
enum Ev<'a> {
    Start(&'a [u8], &'a BytesStart<'a>),
    End(&'a [u8], &'a [u8], String),
}

/// Walks an XML document, reporting starts and ends to one handler.
fn walk(xml: &str, path: &Path, mut on: impl FnMut(Ev) -> Result<()>) -> Result<()> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut text = String::new();
    loop {
        let pos = reader.buffer_position();
        let err = |m: String| CompileError::new(path, format!("at byte {pos}: {m}"));
        match reader.read_event().map_err(|e| err(e.to_string()))? {
            Event::Start(e) => {
                let name = e.name().as_ref().to_vec();
                on(Ev::Start(&name, &e))?;
                stack.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.unescape().map_err(|e| err(e.to_string()))?),
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let parent = stack.last().cloned().unwrap_or_default();
                on(Ev::End(&name, &parent, std::mem::take(&mut text).trim().to_string()))?;
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn attr(e: &BytesStart, key: &str, path: &Path) -> Result<String> {
    let bad = |m: String| CompileError::new(path, m);
    Ok(match e.try_get_attribute(key).map_err(|x| bad(x.to_string()))? {
        Some(a) => a.unescape_value().map_err(|x| bad(x.to_string()))?.into_owned(),
        None => String::new(),
    })
}

fn one_char(s: &str, path: &Path) -> Result<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) if c.is_ascii_alphanumeric() => Ok(c),
        _ => Err(CompileError::new(path, format!("expected one axis character, found {s:?}"))),
    }
}

/// Parses the Tables XML into one [`PcsTable`] per `<pcsTable>`.
pub fn parse_tables(xml: &str, path: &Path) -> Result<Vec<PcsTable<String>>> {
    #[derive(Default)]
    struct Cur {
        codes: [char; 3],
        labels: [String; 3],
        titles: [String; 7],
        definition: String,
        rows: Vec<[Vec<AxisValue<String>>; 4]>,
    }
    let mut tables = Vec::new();
    let mut cur = Cur::default();
    let mut pos = 0usize;
    let mut label_code = ' ';
    walk(xml, path, |ev| match ev {
        Ev::Start(name, e) => {
            match name {
                b"pcsTable" => cur = Cur::default(),
                b"pcsRow" => cur.rows.push(Default::default()),
                b"axis" => {
                    pos = attr(e, "pos", path)?.parse().map_err(|_| CompileError::new(path, "bad axis pos"))?;
                    if !(1..=7).contains(&pos) {
                        return Err(CompileError::new(path, format!("axis pos {pos} outside 1..7")));
                    }
                }
                b"label" => label_code = one_char(&attr(e, "code", path)?, path)?,
                _ => {}
            }
            Ok(())
        }
        Ev::End(name, parent, text) => {
            match (name, parent) {
                (b"title", b"axis") => cur.titles[pos - 1] = text,
                (b"definition", b"axis") => cur.definition = text,
                (b"label", b"axis") if pos <= 3 => {
                    cur.codes[pos - 1] = label_code;
                    cur.labels[pos - 1] = text;
                }
                (b"label", b"axis") => {
                    let row = cur.rows.last_mut().ok_or_else(|| CompileError::new(path, "label outside a row"))?;
                    row[pos - 4].push(AxisValue { character: label_code, label: text });
                }
                (b"pcsTable", _) => {
                    let c = std::mem::take(&mut cur);
                    tables.push(PcsTable {
                        prefix: c.codes.iter().collect(),
                        labels: c.labels,
                        axis_titles: c.titles,
                        definition: c.definition,
                        rows: c.rows,
                    });
                }
                _ => {}
            }
            Ok(())
        }
    })?;
    Ok(tables)
}

/// Terms and device-aggregation entries of the Definitions XML.
pub type Definitions = (Vec<PcsTerm<String>>, Vec<PcsAggregate<String>>);

/// Parses the Definitions XML into terms and device-aggregation entries.
pub fn parse_definitions(xml: &str, path: &Path) -> Result<Definitions> {
    let mut terms = Vec::new();
    let mut aggregates = Vec::new();
    let mut section = ' ';
    let mut position = 0u8;
    let mut axis_title = String::new();
    let mut term: Option<PcsTerm<String>> = None;
    let mut aggregate: Option<PcsAggregate<String>> = None;
    walk(xml, path, |ev| match ev {
        Ev::Start(name, e) => {
            match name {
                b"section" => section = one_char(&attr(e, "code", path)?, path)?,
                b"axis" => {
                    position = attr(e, "pos", path)?.parse().map_err(|_| CompileError::new(path, "bad axis pos"))?;
                }
                b"terms" => {
                    term = Some(PcsTerm {
                        section,
                        position,
                        axis_title: axis_title.clone(),
                        titles: Vec::new(),
                        definition: String::new(),
                        explanation: String::new(),
                        includes: Vec::new(),
                    });
                }
                b"aggregate" => {
                    aggregate = Some(PcsAggregate {
                        device: String::new(),
                        operation: String::new(),
                        body_systems: Vec::new(),
                        parent_character: ' ',
                        parent_label: String::new(),
                    });
                }
                b"parent" => {
                    if let Some(a) = aggregate.as_mut() {
                        a.parent_character = one_char(&attr(e, "value", path)?, path)?;
                    }
                }
                _ => {}
            }
            Ok(())
        }
        Ev::End(name, parent, text) => {
            match (name, parent) {
                (b"title", b"axis") => axis_title = text,
                (b"title", b"terms") => term.iter_mut().for_each(|t| t.titles.push(text.clone())),
                (b"definition", b"terms") => term.iter_mut().for_each(|t| t.definition = text.clone()),
                (b"explanation", b"terms") => term.iter_mut().for_each(|t| t.explanation = text.clone()),
                (b"includes", b"terms") => term.iter_mut().for_each(|t| t.includes.push(text.clone())),
                (b"terms", _) => terms.extend(term.take()),
                (b"device", b"aggregate") => aggregate.iter_mut().for_each(|a| a.device = text.clone()),
                (b"operation", b"aggregate") => aggregate.iter_mut().for_each(|a| a.operation = text.clone()),
                (b"bodySys", b"aggregate") => aggregate.iter_mut().for_each(|a| a.body_systems.push(text.clone())),
                (b"parent", b"aggregate") => aggregate.iter_mut().for_each(|a| a.parent_label = text.clone()),
                (b"aggregate", _) => aggregates.extend(aggregate.take()),
                _ => {}
            }
            Ok(())
        }
    })?;
    Ok((terms, aggregates))
}
