//! Numbers in titles that stand for ranges: "Body mass index [BMI] 40.0-44.9, adult",
//! "Respiratory Ventilation, 24-96 Consecutive Hours", "Burns involving 20-29% of body surface",
//! "Glasgow coma scale score 3-8", "70 or greater", "Less than 24 Consecutive Hours". A query
//! says the measured value ("bmi 41", "ventilation 48 hours"); the Tabular names its band.

/// Whether `text` names a range (or an open-ended bound) that holds `value`.
pub(crate) fn in_a_range(text: &str, value: f64) -> bool {
    let tokens = tokens(text);
    tokens.iter().enumerate().any(|(i, t)| {
        let Token::Number(a) = *t else { return false };
        let word = |k: usize| match tokens.get(k) {
            Some(Token::Word(w)) => Some(w.as_str()),
            _ => None,
        };
        let number = |k: usize| match tokens.get(k) {
            Some(Token::Number(n)) => Some(*n),
            _ => None,
        };
        // "a-b" and "a to b", the latter with a unit between ("1 hour to 5 hours").
        let upper = match tokens.get(i + 1) {
            Some(Token::Dash) => number(i + 2),
            Some(Token::Word(w)) if w == "to" => number(i + 2),
            Some(Token::Word(_)) if word(i + 2) == Some("to") => number(i + 3),
            _ => None,
        };
        if let Some(b) = upper {
            return a <= value && value <= b;
        }
        let before = |k: usize| i.checked_sub(k).and_then(word);
        let after = (word(i + 1), word(i + 2));
        match (before(2), before(1), after) {
            (_, _, (Some("or"), Some("more" | "greater" | "over" | "higher"))) => value >= a,
            (_, _, (Some("or"), Some("less" | "fewer" | "under"))) => value <= a,
            (Some("less" | "fewer"), Some("than"), _) => value < a,
            (Some("greater" | "more"), Some("than"), _) => value > a,
            _ => false,
        }
    })
}

#[derive(Debug, PartialEq)]
enum Token {
    Number(f64),
    Word(String),
    Dash,
}

/// Numbers (with a decimal point), lowercase words and dashes; other characters separate.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while let Some(&(i, d)) = chars.peek() {
                let decimal = d == '.' && text[i + 1..].starts_with(|n: char| n.is_ascii_digit());
                if !(d.is_ascii_digit() || decimal) {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            out.extend(text[start..end].parse().ok().map(Token::Number));
        } else if c.is_alphabetic() {
            let mut word = c.to_lowercase().to_string();
            while let Some(&(_, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                word.extend(d.to_lowercase());
                chars.next();
            }
            out.push(Token::Word(word));
        } else if c == '-' || c == '–' {
            out.push(Token::Dash);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::in_a_range;

    #[test]
    fn a_value_falls_in_the_band_a_title_names() {
        let bmi = "Body mass index [BMI] 40.0-44.9, adult";
        assert!(in_a_range(bmi, 41.0));
        assert!(in_a_range(bmi, 44.9));
        assert!(!in_a_range(bmi, 45.0));
        assert!(in_a_range("Respiratory Ventilation, 24-96 Consecutive Hours", 48.0));
        assert!(in_a_range("Burns involving 20-29% of body surface", 25.0));
        assert!(in_a_range("Corrosions involving 30-39% of body surface with 10% to 19% third degree corrosion", 15.0));
        assert!(in_a_range("loss of consciousness of 1 hour to 5 hours 59 minutes", 3.0));
        assert!(in_a_range("Body mass index [BMI] 70 or greater, adult", 72.0));
        assert!(in_a_range("Body mass index [BMI] 19.9 or less, adult", 18.0));
        assert!(in_a_range("Respiratory Ventilation, Less than 24 Consecutive Hours", 12.0));
        assert!(in_a_range("Respiratory Ventilation, Greater than 96 Consecutive Hours", 120.0));
        assert!(!in_a_range("Respiratory Ventilation, Greater than 96 Consecutive Hours", 48.0));
        // A number alone is not a range.
        assert!(!in_a_range("Type 2 diabetes mellitus", 2.0));
        assert!(!in_a_range("Chronic kidney disease, stage 4 (severe)", 4.0));
    }
}
