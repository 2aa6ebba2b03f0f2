//! The codes a Tabular note refers to: "(E08.-)", "(O24.4-)", "(P70-P74)",
//! "(E00-E07, E15-E16)", "(E08.22, E09.22)", "(E08-E13 with .42)".
//!
//! A reference is a code prefix or a range of prefixes; a claim code matches when it falls
//! under one. Forms the Tabular states in words ("B27.0-B27.9 with fifth character 1") are
//! left out rather than guessed: a missed reference only loses a hint, a wrong one would
//! raise a false edit.

/// One referenced code prefix or range of prefixes (canonical: no dots, no dashes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeRef {
    pub from: String,
    pub to: String,
}

impl CodeRef {
    /// Whether `code` (canonical) is under this reference.
    pub fn matches(&self, code: &str) -> bool {
        if self.from == self.to {
            return code.starts_with(&self.from);
        }
        let head = code.get(..code.len().min(self.to.len())).unwrap_or(code);
        let from = self.from.get(..self.from.len().min(head.len())).unwrap_or(&self.from);
        from <= head && head <= self.to.as_str()
    }
}

/// A code as the Tabular writes it: letter, digit, alphanumeric, then an optional dot and up
/// to four alphanumerics; returns it canonical and the bytes read.
fn code_at(s: &[u8]) -> Option<(String, usize)> {
    let ok = s.len() >= 3 && s[0].is_ascii_uppercase() && s[1].is_ascii_digit() && s[2].is_ascii_alphanumeric();
    if !ok {
        return None;
    }
    let mut code: String = s[..3].iter().map(|&b| b as char).collect();
    let mut i = 3;
    if s.get(i) == Some(&b'.') {
        let start = i + 1;
        let mut j = start;
        while j < s.len() && j - start < 4 && (s[j].is_ascii_uppercase() || s[j].is_ascii_digit()) {
            j += 1;
        }
        code.extend(s[start..j].iter().map(|&b| b as char));
        i = j;
        // "E08.-": the dot introduced only the dash.
        if j == start && s.get(j) == Some(&b'-') {
            i = j;
        }
    }
    // A code must not run on into a word ("E08abc").
    if s.get(i).is_some_and(|b| b.is_ascii_lowercase()) {
        return None;
    }
    Some((code, i))
}

/// The references in one note line; only the parenthesised lists count (the words before
/// them describe, they do not refer).
pub fn parse(text: &str) -> Vec<CodeRef> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(')') else { break };
        parse_list(&after[..close], &mut out);
        rest = &after[close + 1..];
    }
    out
}

fn parse_list(list: &str, out: &mut Vec<CodeRef>) {
    for item in list.split(',').map(str::trim) {
        let b = item.as_bytes();
        let Some((from, n)) = code_at(b) else { continue };
        let mut to = from.clone();
        let mut i = n;
        // "-" then another code: a range; a bare trailing "-" means "and its subcodes".
        if b.get(i) == Some(&b'-') {
            if let Some((end, m)) = code_at(&b[i + 1..]) {
                to = end;
                i += 1 + m;
                // "E00-E03.-": the range's end written as a category with its subcodes (the
                // dot is read with the code).
                if b.get(i) == Some(&b'-') {
                    i += 1;
                }
            } else {
                i += 1;
            }
        }
        let tail = item[i.min(item.len())..].trim();
        if tail.is_empty() {
            out.push(CodeRef { from, to });
        } else if let Some(suffix) =
            tail.strip_prefix("with .").filter(|s| s.bytes().all(|c| c.is_ascii_alphanumeric()))
        {
            // "E08-E13 with .42": each category of the range with that subcode.
            for cat in categories(&from, &to) {
                let code = format!("{cat}{suffix}");
                out.push(CodeRef { from: code.clone(), to: code });
            }
        }
        // Anything else in words ("with fifth character 1") is not guessed.
    }
}

/// The three-character categories from `from` to `to` (same letter, numeric second part).
fn categories(from: &str, to: &str) -> Vec<String> {
    let (a, b) = (from.as_bytes(), to.as_bytes());
    if a.len() != 3 || b.len() != 3 || a[0] != b[0] {
        return Vec::new();
    }
    let (Ok(x), Ok(y)) = (from[1..].parse::<u32>(), to[1..].parse::<u32>()) else { return Vec::new() };
    (x..=y.min(x + 99)).map(|n| format!("{}{n:02}", a[0] as char)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(from: &str, to: &str) -> CodeRef {
        CodeRef { from: from.into(), to: to.into() }
    }

    #[test]
    fn parses_the_tabular_forms() {
        assert_eq!(parse("diabetes mellitus due to underlying condition (E08.-)"), [r("E08", "E08")]);
        assert_eq!(parse("gestational diabetes (O24.4-)"), [r("O244", "O244")]);
        assert_eq!(parse("neonatal diabetes mellitus (P70.2)"), [r("P702", "P702")]);
        assert_eq!(parse("transitory ... (P70-P74)"), [r("P70", "P74")]);
        assert_eq!(
            parse("endocrine disease (E00-E07, E15-E16, E20-E34)"),
            [r("E00", "E07"), r("E15", "E16"), r("E20", "E34")]
        );
        assert_eq!(parse("hypothyroidism, acquired (E00-E03.-)"), [r("E00", "E03")]);
        assert_eq!(parse("multiple sclerosis (G35-)"), [r("G35", "G35")]);
        assert_eq!(parse("trypanosomiasis (B56.-, B57.-)"), [r("B56", "B56"), r("B57", "B57")]);
        assert_eq!(parse("diabetes mellitus (E08-E13 with .42)").len(), 6);
        assert!(parse("mononucleosis (B27.0-B27.9 with fifth character 1)").is_empty());
        assert!(parse("certain localized infections - see body system-related chapters").is_empty());
        assert_eq!(parse("human immunodeficiency virus [HIV] disease (B20)"), [r("B20", "B20")]);
    }

    #[test]
    fn matches_prefixes_and_ranges() {
        assert!(r("E08", "E08").matches("E0822"));
        assert!(!r("E08", "E08").matches("E0922"));
        assert!(r("P70", "P74").matches("P742"));
        assert!(!r("P70", "P74").matches("P76"));
        assert!(r("E00", "E03").matches("E039"));
        assert!(r("B270", "B279").matches("B2790"));
        assert!(!r("B270", "B279").matches("B28"));
    }
}
