//! Word normalisation shared by the index builder and by search, so both see the same words.

/// Folds one character to lower-case ASCII where a plain equivalent exists
/// (`É` → `e`, `ö` → `o`); returns `None` for characters that separate words.
fn fold(c: char) -> Option<char> {
    if c.is_ascii_alphanumeric() {
        return Some(c.to_ascii_lowercase());
    }
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        _ => return None,
    };
    Some(folded)
}

/// Splits text into normalised words: lower-case ASCII letters and digits.
/// Apostrophes inside a word are dropped (`Alzheimer's` → `alzheimers`).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if let Some(f) = fold(c) {
            cur.push(f);
        } else if (c == '\'' || c == '’') && !cur.is_empty() {
            // keep going: the apostrophe joins the word
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Like [`words`], into reused buffers: the words are written to `buf` one after another and
/// their byte ranges pushed to `spans` (search reads many titles a keystroke).
pub fn words_into(text: &str, buf: &mut String, spans: &mut Vec<(usize, usize)>) {
    let mut start = buf.len();
    for c in text.chars() {
        if let Some(f) = fold(c) {
            buf.push(f);
        } else if (c == '\'' || c == '’') && buf.len() > start {
            // the apostrophe joins the word
        } else if buf.len() > start {
            spans.push((start, buf.len()));
            start = buf.len();
        }
    }
    if buf.len() > start {
        spans.push((start, buf.len()));
    }
}

/// Words that carry no meaning for matching titles.
const STOP_WORDS: &[&str] =
    &["a", "an", "and", "at", "by", "for", "from", "in", "into", "is", "of", "on", "or", "the", "to", "nos"];

pub fn is_stop_word(w: &str) -> bool {
    STOP_WORDS.contains(&w)
}

/// The words of a title or inclusion term outside parentheses (nonessential modifiers) and
/// brackets, without stop words, and without what only says "nothing more is known"
/// ("unspecified", ", unspecified organism", ", site not specified", ", without rupture",
/// "without complications" up to a following "with"): the Index's default for a bare term is
/// exactly that code ("pneumonia" → J18.9, "type 2 diabetes" → E11.9).
pub fn core_words(text: &str) -> Vec<String> {
    core(text, true)
}

/// Like [`core_words`], keeping what "without" says ("migraine without aura" names aura).
pub fn core_words_with_negations(text: &str) -> Vec<String> {
    core(text, false)
}

/// Whether `word` is still inside what a "without" negates, given whether the word before it
/// was: a "without" opens the negation and a "with" ends it ("without perforation or abscess
/// with bleeding" negates perforation and abscess, not bleeding).
pub fn negation_continues(negated: bool, word: &str) -> bool {
    (negated || word == "without") && word != "with"
}

fn core(text: &str, drop_negated: bool) -> Vec<String> {
    // One pass: words outside brackets, gathered per comma clause, each clause kept unless it
    // only says "unspecified" (search reads this for every candidate it ranks).
    let mut out = Vec::new();
    let mut clause: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut depth = 0i32;
    let end_word = |cur: &mut String, clause: &mut Vec<String>| {
        if !cur.is_empty() {
            clause.push(std::mem::take(cur));
        }
    };
    let end_clause = |clause: &mut Vec<String>, out: &mut Vec<String>| {
        if !only_unspecified(clause) {
            // "… without perforation or abscess" says the uncomplicated default, up to a "with".
            let mut negated = false;
            for w in clause.drain(..) {
                negated = negation_continues(negated, &w);
                let said_nothing = is_stop_word(&w) || w == "unspecified" || (negated && drop_negated);
                if !said_nothing {
                    out.push(w);
                }
            }
        }
        clause.clear();
    };
    for c in text.chars() {
        match c {
            // A bracket does not end a word: "Dermato(poly)myositis" reads "dermatomyositis".
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            ',' => {
                end_word(&mut cur, &mut clause);
                end_clause(&mut clause, &mut out);
            }
            _ => match fold(c) {
                Some(f) => cur.push(f),
                None if (c == '\'' || c == '’') && !cur.is_empty() => {}
                None => end_word(&mut cur, &mut clause),
            },
        }
    }
    end_word(&mut cur, &mut clause);
    end_clause(&mut clause, &mut out);
    out
}

/// Words that only say the documentation is silent.
const UNSPECIFIED_WORDS: [&str; 12] = [
    "unspecified",
    "organism",
    "site",
    "not",
    "specified",
    "nos",
    "uncomplicated",
    "without",
    "complication",
    "complications",
    "type",
    "cause",
];

/// A comma clause such as ", unspecified", ", unspecified organism", ", site not specified",
/// or one that opens with "without" (", without rupture": the default when nothing is said) or
/// "unspecified as to" (", unspecified as to cause").
fn only_unspecified(w: &[String]) -> bool {
    // ", unspecified as to partial versus complete obstruction" says no more than the bare term.
    if w.first().is_some_and(|x| x == "without") || w.starts_with(&["unspecified".to_string(), "as".to_string()]) {
        return true;
    }
    !w.is_empty()
        && w.iter().all(|x| UNSPECIFIED_WORDS.contains(&x.as_str()) || is_stop_word(x))
        && w.iter().any(|x| matches!(x.as_str(), "unspecified" | "specified" | "nos" | "uncomplicated" | "without"))
}

#[cfg(test)]
mod tests {
    use super::{core_words, words};

    #[test]
    fn words_into_reads_the_same_words() {
        let (mut buf, mut spans) = (String::new(), Vec::new());
        let t = "Sézary disease, NOS (Alzheimer's)";
        super::words_into(t, &mut buf, &mut spans);
        let got: Vec<&str> = spans.iter().map(|&(a, b)| &buf[a..b]).collect();
        assert_eq!(got, words(t));
    }

    #[test]
    fn core_words_set_aside_what_says_nothing_more() {
        assert_eq!(core_words("Pneumonia, unspecified organism"), ["pneumonia"]);
        assert_eq!(core_words("Essential (primary) hypertension"), ["essential", "hypertension"]);
        assert_eq!(core_words("Abdominal aortic aneurysm, without rupture"), ["abdominal", "aortic", "aneurysm"]);
        assert_eq!(core_words("Urinary tract infection, site not specified"), ["urinary", "tract", "infection"]);
    }

    #[test]
    fn splits_and_folds() {
        assert_eq!(words("Sézary disease, NOS"), ["sezary", "disease", "nos"]);
        assert_eq!(words("Alzheimer's (G30.9)"), ["alzheimers", "g30", "9"]);
        assert!(words(" -- ").is_empty());
    }
}
