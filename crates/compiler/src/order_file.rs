//! CMS order files and their addenda (fixed-width text, shared by ICD-10-CM and ICD-10-PCS).

use std::path::Path;

use crate::error::{CompileError, Result};

/// A row of an order file: `ooooo ccccccc f short-title(60) long-title`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderRow {
    pub code: String,
    pub billable: bool,
    pub short_title: String,
    pub long_title: String,
}

fn col(line: &str, from: usize, to: usize) -> &str {
    line.get(from..to.min(line.len())).unwrap_or("").trim()
}

/// Parses an order file (columns 1–5 order, 7–13 code, 15 flag, 17–76 short, 78– long).
pub fn parse_order(text: &str, path: &Path) -> Result<Vec<OrderRow>> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let code = col(line, 6, 13);
        let flag = col(line, 14, 15);
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) || !matches!(flag, "0" | "1") {
            return Err(CompileError::at(path, i + 1, "expected `order code flag short long` columns"));
        }
        rows.push(OrderRow {
            code: code.to_string(),
            billable: flag == "1",
            short_title: col(line, 16, 76).to_string(),
            long_title: line.get(77..).unwrap_or("").trim().to_string(),
        });
    }
    Ok(rows)
}

/// One change line of an addenda file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub action: Action,
    pub code: String,
    /// ICD-10-CM order addenda carry the billable flag; PCS codes addenda do not.
    pub billable: Option<bool>,
    pub short_title: Option<String>,
    pub long_title: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Add,
    Delete,
    ReviseFrom,
    ReviseTo,
}

fn action_of(line: &str) -> Option<Action> {
    let head = line.get(..13)?.trim();
    Some(match head {
        "Add:" => Action::Add,
        "Delete:" => Action::Delete,
        "Revise from:" => Action::ReviseFrom,
        "Revise to:" => Action::ReviseTo,
        _ => return None,
    })
}

/// ICD-10-CM order addenda: `Action(13) flag code(8) short(60) long`.
pub fn parse_cm_order_addenda(text: &str, path: &Path) -> Result<Vec<Change>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(action) = action_of(line) else { continue };
        let flag = col(line, 13, 14);
        let code = col(line, 15, 23);
        if !matches!(flag, "0" | "1") || code.is_empty() {
            return Err(CompileError::at(path, i + 1, "expected `Action: flag code short long`"));
        }
        out.push(Change {
            action,
            code: code.to_string(),
            billable: Some(flag == "1"),
            short_title: Some(col(line, 23, 83).to_string()),
            long_title: line.get(84..).unwrap_or("").trim().to_string(),
        });
    }
    Ok(out)
}

/// ICD-10-PCS codes addenda: `Action(13) code(7) long`.
pub fn parse_pcs_codes_addenda(text: &str, path: &Path) -> Result<Vec<Change>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(action) = action_of(line) else { continue };
        let code = col(line, 13, 20);
        if code.len() != 7 {
            return Err(CompileError::at(path, i + 1, "expected `Action: code long-title`"));
        }
        out.push(Change {
            action,
            code: code.to_string(),
            billable: None,
            short_title: None,
            long_title: line.get(21..).unwrap_or("").trim().to_string(),
        });
    }
    Ok(out)
}

/// Reads the `N codes in FILE` lines of an addenda footer (the target count is checked).
pub fn footer_counts(text: &str) -> Vec<(u32, String)> {
    text.lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            let n = it.next()?.parse().ok()?;
            (it.next()? == "codes" && it.next()? == "in").then(|| (n, it.next().unwrap_or("").to_string()))
        })
        .collect()
}
