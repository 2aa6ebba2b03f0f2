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

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn splits_and_folds() {
        assert_eq!(words("Sézary disease, NOS"), ["sezary", "disease", "nos"]);
        assert_eq!(words("Alzheimer's (G30.9)"), ["alzheimers", "g30", "9"]);
        assert!(words(" -- ").is_empty());
    }
}
