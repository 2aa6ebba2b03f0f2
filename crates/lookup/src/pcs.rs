//! The ICD-10-PCS builder: for a prefix of 0–6 characters, the characters that can come next
//! (only those that lead to a valid code on the date), with their labels and definitions.

use codeglass_tables::{Catalog, CodeSet, Date, PcsAxes, PcsTable, System};
use fst::{IntoStreamer, Streamer};
use serde::Serialize;

use crate::error::LookupError;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NextValue {
    pub character: String,
    /// The axis label; `null` where the kit's axis tables do not cover it (tables new in FY2027).
    pub label: Option<String>,
    /// The definition of this value (root operations, approaches, devices…), where one exists.
    pub definition: Option<String>,
    /// Synonyms and examples the definitions list for it ("includes").
    pub includes: Vec<String>,
    /// `prefix + character` is a complete, valid code.
    pub complete: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Complete {
    pub code: String,
    pub display: Option<String>,
    /// The seven axis labels joined, as the tables compose the code.
    pub composed: String,
    pub billable: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PcsNext {
    pub prefix: String,
    pub version: String,
    /// 1-based position of the next character (8 when the prefix is a complete code).
    pub position: u8,
    pub axis_title: Option<String>,
    pub values: Vec<NextValue>,
    /// When the prefix itself is a complete code.
    pub complete: Option<Complete>,
}

/// The label of character `i` (≥ 4th) of `chars` in the first row of `table` whose earlier
/// axes (4th onward) hold the characters before it.
pub(crate) fn label_in_rows(table: &PcsTable<&str>, chars: &[char], i: usize) -> Option<String> {
    table.rows.iter().find_map(|row| {
        let earlier_ok = (3..i).all(|p| row[p - 3].iter().any(|v| v.character == chars[p]));
        if !earlier_ok {
            return None;
        }
        row[i - 3].iter().find(|v| v.character == chars[i]).map(|v| v.label.to_string())
    })
}

fn label_for(axes: &PcsAxes<impl AsRef<[u8]> + Clone>, chars: &[char], i: usize) -> (Option<String>, Option<String>) {
    if i < 3 {
        let prefix: String = chars[..=i].iter().collect();
        return match axes.first_table_starting_with(&prefix) {
            Some(t) => (Some(t.labels[i].to_string()), Some(t.axis_titles[i].to_string())),
            None => (None, None),
        };
    }
    let p: String = chars[..3].iter().collect();
    match axes.table(&p) {
        Some(t) => (label_in_rows(&t, chars, i), Some(t.axis_titles[i].to_string()).filter(|s| !s.is_empty())),
        None => (None, None),
    }
}

/// The next characters after `prefix` on `date`.
pub fn pcs_next<D: AsRef<[u8]> + Clone>(
    catalog: &Catalog<D>,
    prefix: &str,
    date: Date,
) -> Result<PcsNext, LookupError> {
    let set = catalog.code_set(System::Icd10Pcs, date)?;
    let axes = catalog.pcs_axes(date)?;
    let prefix: String = prefix.trim().to_ascii_uppercase();
    if prefix.len() > 7 || !prefix.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(LookupError::BadCode { input: prefix });
    }
    let chars: Vec<char> = prefix.chars().collect();
    let version = set.fiscal_year().to_string();
    let complete = set.get(&prefix).filter(|e| prefix.len() == 7 && e.is_valid_on(date)).map(|e| {
        let composed: Vec<String> =
            (0..7).map(|i| label_for(axes, &chars, i).0.unwrap_or_else(|| format!("[{}]", chars[i]))).collect();
        Complete {
            code: prefix.clone(),
            display: e.title().map(str::to_string),
            composed: composed.join(", "),
            billable: e.billable(),
        }
    });
    if prefix.len() == 7 {
        return match complete {
            Some(c) => {
                Ok(PcsNext { prefix, version, position: 8, axis_title: None, values: vec![], complete: Some(c) })
            }
            None => Err(LookupError::PcsPrefixNotFound { prefix, version: set.fiscal_year() }),
        };
    }
    let next = next_characters(set, &prefix, date);
    if next.is_empty() {
        return Err(LookupError::PcsPrefixNotFound { prefix, version: set.fiscal_year() });
    }
    let position = prefix.len() + 1;
    let section = chars.first().copied();
    let terms = axes.terms();
    let mut axis_title = None;
    let values = next
        .into_iter()
        .map(|(c, complete)| {
            let mut with = chars.clone();
            with.push(c);
            let (label, title) = label_for(axes, &with, prefix.len());
            if axis_title.is_none() {
                axis_title = title;
            }
            let term = label.as_deref().and_then(|l| {
                terms.iter().find(|t| {
                    Some(t.section) == section.or(Some(c))
                        && usize::from(t.position) == position
                        && t.titles.iter().any(|x| x.eq_ignore_ascii_case(l))
                })
            });
            NextValue {
                character: c.to_string(),
                label,
                definition: term.map(|t| t.definition.to_string()).filter(|d| !d.is_empty()),
                includes: term.map(|t| t.includes.iter().map(|s| s.to_string()).collect()).unwrap_or_default(),
                complete,
            }
        })
        .collect();
    Ok(PcsNext { prefix, version, position: position as u8, axis_title, values, complete: None })
}

/// Distinct characters at the prefix's next position among codes valid on `date`, skipping
/// from one character to the next through the code index instead of reading every code.
fn next_characters<D: AsRef<[u8]> + Clone>(set: &CodeSet<D>, prefix: &str, date: Date) -> Vec<(char, bool)> {
    let n = prefix.len();
    let mut out: Vec<(char, bool)> = Vec::new();
    let mut from: Vec<u8> = prefix.as_bytes().to_vec();
    'outer: loop {
        let mut stream = set.code_index().range().ge(&from).into_stream();
        while let Some((k, v)) = stream.next() {
            if !k.starts_with(prefix.as_bytes()) {
                break 'outer;
            }
            if k.len() <= n {
                continue;
            }
            let valid = k.len() == 7 && set.entry(v as u32).is_some_and(|e| e.is_valid_on(date));
            if !valid {
                continue;
            }
            let c = k[n];
            let complete = n + 1 == 7;
            out.push((c as char, complete));
            // Jump past every code with this character here.
            from = k[..=n].to_vec();
            match from.last_mut() {
                Some(last) if *last < u8::MAX => *last += 1,
                _ => break 'outer,
            }
            continue 'outer;
        }
        break;
    }
    out
}
