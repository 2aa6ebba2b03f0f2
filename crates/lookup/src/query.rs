//! Turning typed text into what the engine searches: a possible code, and word variants
//! (the words as typed, and with abbreviations and lay terms replaced by their search terms).

use std::collections::HashMap;
use std::sync::OnceLock;

use codeglass_tables::{canonical_code, words};

/// Text past this many characters is ignored (a pasted note is not a query).
pub const MAX_QUERY_CHARS: usize = 200;
/// At most this many words are searched.
pub const MAX_WORDS: usize = 10;

pub use codeglass_tables::is_stop_word;

/// The clinical vocabulary (abbreviations, word forms, synonyms, eponyms, lay terms,
/// ICD-10-PCS procedure names → root operation and body part words).
static VOCABULARY_TSV: &str = include_str!("../data/vocabulary.tsv");

/// Term (normalised words) → alternative search phrasings (normalised words).
pub fn synonyms() -> &'static HashMap<Vec<String>, Vec<Vec<String>>> {
    static TABLE: OnceLock<HashMap<Vec<String>, Vec<Vec<String>>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map: HashMap<Vec<String>, Vec<Vec<String>>> = HashMap::new();
        for line in VOCABULARY_TSV.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let Some((term, expansions)) = line.split_once('\t') else { continue };
            let key = words(term);
            if key.is_empty() {
                continue;
            }
            let entry = map.entry(key).or_default();
            for e in expansions.split('|') {
                let w = words(e);
                if !w.is_empty() && !entry.contains(&w) {
                    entry.push(w);
                }
            }
        }
        // A term is also known without its stop words ("history dvt" for "history of dvt"):
        // expansions are searched without them, so an abbreviation expanded inside a term
        // ("hx dvt") meets the term that way. One-word remainders ("t&a" → "t") are not terms.
        let aliases: Vec<(Vec<String>, Vec<Vec<String>>)> = map
            .iter()
            .filter_map(|(k, e)| {
                let content: Vec<String> = k.iter().filter(|w| !is_stop_word(w)).cloned().collect();
                (content.len() >= 2 && content.len() < k.len()).then(|| (content, e.clone()))
            })
            .collect();
        for (k, e) in aliases {
            map.entry(k).or_insert(e);
        }
        // Notes write "with" as "w" ("myringotomy w tubes"): a term with "with" is also
        // known that way.
        let shorthand: Vec<(Vec<String>, Vec<Vec<String>>)> = map
            .iter()
            .filter(|(k, _)| k.iter().any(|w| w == "with"))
            .map(|(k, e)| {
                (k.iter().map(|w| if w == "with" { "w".to_string() } else { w.clone() }).collect(), e.clone())
            })
            .collect();
        for (k, e) in shorthand {
            map.entry(k).or_insert(e);
        }
        map
    })
}

/// Every word of the vocabulary's terms, sorted: a word is found by a binary search, and its
/// completions and its first letter's words are each one range.
fn term_words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut all: Vec<&'static str> = synonyms().keys().flatten().map(String::as_str).collect();
        all.sort_unstable();
        all.dedup();
        all
    })
}

/// Whether some vocabulary term has the word.
pub(crate) fn in_a_term(word: &str) -> bool {
    term_words().binary_search(&word).is_ok()
}

/// The vocabulary word a word no title's word is or begins is the start of ("appendectom",
/// typed so far: appendectomy), five letters typed or more: the shortest such word.
pub(crate) fn completed_term_word(word: &str) -> Option<String> {
    if word.len() < 5 {
        return None;
    }
    let all = term_words();
    let from = all.partition_point(|w| *w < word);
    all[from..]
        .iter()
        .take_while(|w| w.starts_with(word))
        .filter(|w| w.len() > word.len())
        .min_by_key(|w| w.len())
        .map(|w| w.to_string())
}

/// The vocabulary word a query word misspells ("tonsilectomy" → tonsillectomy,
/// "pericardiocentisis" → pericardiocentesis), for a word that is no vocabulary word and begins
/// none (a word being typed is not a typo): one edit away (two would read "salpingostomy" as
/// salpingectomy), five letters or more, with the same first letter; the first in order. A word
/// not found (a typo of a word the titles have) costs a scan of its first letter's vocabulary
/// words, once per keystroke.
pub(crate) fn respelled_term_word(word: &str) -> Option<String> {
    if word.len() < 5 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let all = term_words();
    let from = all.partition_point(|w| *w < word);
    if all.get(from).is_some_and(|w| w.starts_with(word)) {
        return None;
    }
    let first = &word[..1];
    let letter = all.partition_point(|w| *w < first);
    all[letter..]
        .iter()
        .take_while(|w| w.starts_with(first))
        .find(|w| w.len() >= 5 && w.len().abs_diff(word.len()) <= 1 && crate::fuzzy::distance(word, w) == 1)
        .map(|w| w.to_string())
}

/// The longest synonym term in words, to bound the phrase scan.
fn longest_term() -> usize {
    static N: OnceLock<usize> = OnceLock::new();
    *N.get_or_init(|| synonyms().keys().map(Vec::len).max().unwrap_or(1))
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The canonical code, when the text could be a code (letters and digits with a digit).
    pub code: Option<String>,
    /// Word variants to search; the first is the text as typed (stop words removed).
    pub variants: Vec<Vec<String>>,
    /// Whether the typed text ended inside a word (the last word is still being typed).
    pub open_last_word: bool,
    /// Where the vocabulary lists the text as typed among its own expansions, counted among
    /// the other variants' expansions ("heartburn → heartburn | gastro-esophageal reflux": 0;
    /// "osteoporosis → age-related osteoporosis … | osteoporosis": 1): then it takes that
    /// place instead of yielding to them all.
    pub typed_expansion: Option<usize>,
    /// The expansions of the vocabulary term a longer query opens with, read alone: searched
    /// (in ICD-10-CM) only when the whole query's readings find few codes, and ranked among its
    /// partial matches.
    pub term_readings: Vec<Vec<String>>,
    /// Whether the query names a scope and a procedure done through it ("egd with biopsy"):
    /// then the procedure is coded, not the inspection (ICD-10-PCS guideline B3.11a).
    pub through_a_scope: bool,
}

pub fn parse(text: &str) -> Query {
    let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
    let code = typed_code(&text);
    let all: Vec<String> =
        spinal_levels(without_durations(&without_measures(words(&text)))).into_iter().take(MAX_WORDS).collect();
    let open_last_word = text.chars().last().is_some_and(|c| c.is_alphanumeric());
    let mut variants = Vec::new();
    let typed = content_words(&all);
    if !typed.is_empty() {
        variants.push(typed);
    }
    let mut expanded = status_reading(&all);
    expanded.extend(expand(&all, open_last_word));
    // The Index's "main term, subterm" ("Fracture, hip, right") says the phrase backwards
    // ("right hip fracture"): the vocabulary reads it that way too.
    if text.contains(',') {
        let backwards: Vec<String> = text.rsplit(',').flat_map(words).take(MAX_WORDS).collect();
        if backwards != all {
            expanded.extend(expand(&backwards, open_last_word));
        }
    }
    // A procedure word no list knows is read by its parts (cystoscopy → inspection bladder).
    if expanded.is_empty() {
        let read: Vec<Vec<String>> =
            all.iter().map(|w| crate::morphology::procedure_words(w).unwrap_or_else(|| vec![w.clone()])).collect();
        if read.len() != all.len() || read.iter().zip(&all).any(|(r, w)| r.len() != 1 || &r[0] != w) {
            expanded.push(read.concat());
        }
    }
    // An injury said with how it happened ("L1 compression fx after fall", "s/p mechanical fall
    // w/ rt hip fx") is coded as the injury; the fall is an external cause code of its own.
    expanded.extend(without_the_fall(&all));
    expanded.extend(without_the_treatment(&all));
    expanded.extend(weeks_as_trimester(&all));
    // A family history names the relative, which no title does ("fhx breast ca mother").
    let without_relatives: Vec<Vec<String>> = expanded
        .iter()
        .chain(variants.first())
        .filter(|v| v.windows(2).any(|w| w[0] == "family" && w[1] == "history"))
        .filter(|v| v.iter().any(|w| RELATIVES.contains(&w.as_str())))
        .map(|v| v.iter().filter(|w| !RELATIVES.contains(&w.as_str())).cloned().collect())
        .collect();
    expanded.extend(without_relatives);
    let mut typed_expansion = None;
    for v in expanded {
        // Two terms can expand to the same words ("cabg" and "lima to lad" both say "bypass
        // coronary artery"): a word said twice reads no more. An ordinal says which of two
        // things ("first pregnancy, first trimester").
        let mut v = content_words(&v);
        let mut said = std::collections::HashSet::new();
        v.retain(|w| matches!(w.as_str(), "first" | "second" | "third") || said.insert(w.clone()));
        if typed_expansion.is_none() && variants.first() == Some(&v) {
            typed_expansion = Some(variants.len() - 1);
        }
        if !v.is_empty() && !variants.contains(&v) {
            variants.push(v);
        }
    }
    let term_readings =
        term_readings(&all).into_iter().map(|v| content_words(&v)).filter(|v| !variants.contains(v)).collect();
    let through_a_scope = all.iter().any(|w| SCOPES.contains(&w.as_str()))
        && all.iter().any(|w| DONE_THROUGH_A_SCOPE.contains(&w.as_str()));
    Query { code, variants, open_last_word, typed_expansion, term_readings, through_a_scope }
}

/// A procedure or device said as a status ("left bka status", "history of hip replacement")
/// reads as the vocabulary's "status post …" term for it (acquired absence, presence of an
/// implant): the Z code a coder assigns for a patient who had it. Nothing when no such term
/// reads every word (a condition's history is a "personal history of" title).
fn status_reading(all: &[String]) -> Vec<Vec<String>> {
    let rest: Vec<&String> = match all.iter().position(|w| w == "status") {
        Some(i) if i > 0 => all.iter().enumerate().filter(|&(j, _)| j != i).map(|(_, w)| w).collect(),
        _ if matches!(all.first().map(String::as_str), Some("history" | "hx")) => {
            all[1..].iter().skip_while(|w| *w == "of").collect()
        }
        // "s/p lt hip arthroplasty": the term is said after "s/p" with a side in it.
        _ if all.starts_with(&["s".to_string(), "p".to_string()]) && all.len() > 3 => all[2..].iter().collect(),
        _ => return Vec::new(),
    };
    let status: Vec<String> = vec!["status".into(), "post".into()];
    let (sides, key) = split_sides(status.iter().chain(rest));
    let Some(expansions) = synonyms().get(&key) else { return Vec::new() };
    expansions.iter().map(|e| e.iter().chain(&sides).cloned().collect()).collect()
}

/// Words typed around a code that are not part of it ("e11.22 code", "icd-10 J18.9").
const CODE_NOISE: [&str; 9] = ["code", "codes", "icd", "icd10", "icd-10", "icd-10-cm", "10", "cm", "dx"];

/// The code the text is, when it is one: as typed ("I50.23", "s72001a"), or typed by hand in
/// pieces, quoted or with a word around it ("s72.001 a", "J18 .9", "'Z87.891'", "e11.22 code").
/// Pieces are joined only when the first reads as an ICD-10-CM category (a letter, a digit, a
/// third character) and the rest as its digits or a 7th character, so words with a number
/// ("bmi 41", "t12 l1") stay words.
fn typed_code(text: &str) -> Option<String> {
    let is_code = |c: &String| c.bytes().any(|b| b.is_ascii_digit());
    let text = &slips_around_a_code(text);
    if let Some(c) = canonical_code(text).filter(is_code) {
        return Some(c);
    }
    if let Some(c) = one_character_too_many(text) {
        return Some(c);
    }
    let pieces: Vec<&str> = text
        .split_whitespace()
        .map(|p| p.trim_matches(|c: char| matches!(c, '\'' | '"' | '(' | ')' | '[' | ']' | ',' | ':' | ';')))
        .filter(|p| !p.is_empty() && !CODE_NOISE.contains(&p.to_ascii_lowercase().as_str()))
        .collect();
    // The letter typed apart from the digits ("i 50.22").
    let pieces = match pieces.as_slice() {
        [letter, digits, rest @ ..]
            if letter.len() == 1
                && letter.as_bytes()[0].is_ascii_alphabetic()
                && digits.as_bytes().get(..2).is_some_and(|d| d.iter().all(u8::is_ascii_digit)) =>
        {
            std::iter::once(format!("{letter}{digits}")).chain(rest.iter().map(|p| p.to_string())).collect()
        }
        _ => pieces.iter().map(|p| p.to_string()).collect::<Vec<String>>(),
    };
    let (first, rest) = pieces.split_first()?;
    let f = first.as_bytes();
    let category = f.len() >= 3 && f[0].is_ascii_alphabetic() && f[1].is_ascii_digit();
    let continues = |p: &&str| {
        p.bytes().all(|b| b.is_ascii_digit() || b == b'.') || (p.len() == 1 && p.as_bytes()[0].is_ascii_alphabetic())
    };
    if !category || rest.len() > 2 || !rest.iter().map(String::as_str).all(|p| continues(&p)) {
        return None;
    }
    canonical_code(&pieces.concat()).filter(is_code)
}

/// A code's text without the slips of a hand typing it: a comma for the dot ("E78,5") and a
/// stray key after it ("J44.9`"). Anything else is left as typed.
fn slips_around_a_code(text: &str) -> String {
    let t = text.trim();
    let t = t.strip_suffix(['`', '\\', '/', '-', '=', ',', ';']).unwrap_or(t);
    if t.contains(char::is_whitespace) || !t.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return t.to_string();
    }
    let chars: Vec<char> = t.chars().collect();
    let between_digits =
        |i: usize| i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(char::is_ascii_digit);
    chars.iter().enumerate().map(|(i, &c)| if c == ',' && between_digits(i) { '.' } else { c }).collect()
}

/// A code with one character more than any code has ("S52.501AA", "0DTJ4ZZZ"): its canonical
/// form, for the codes one slip away to be found. Letters and digits both, as every such code.
fn one_character_too_many(text: &str) -> Option<String> {
    let c: String = text.chars().filter(|c| *c != '.').map(|c| c.to_ascii_uppercase()).collect();
    let b = c.as_bytes();
    let code_like = b.iter().all(u8::is_ascii_alphanumeric)
        && b.iter().any(u8::is_ascii_digit)
        && b.iter().any(u8::is_ascii_alphabetic);
    (b.len() == 8 && code_like).then_some(c)
}

/// Words that say an injury happened in a fall (the fall itself, and the words around it).
const FALL_WORDS: [&str; 6] = ["fall", "falls", "fell", "tripped", "slipped", "mechanical"];
/// An injury a fall left that [`crate::title::INJURY_WORDS`] does not list (a hematoma can be
/// spontaneous; after a fall it is an injury).
const BRUISE_WORDS: [&str; 3] = ["hematoma", "bruise", "bruised"];
/// Words that tie a fall to the injury ("after", "s/p", "ground level", "off a ladder").
const AROUND_A_FALL: [&str; 20] = [
    "after",
    "from",
    "following",
    "due",
    "to",
    "s",
    "p",
    "status",
    "post",
    "ground",
    "level",
    "off",
    "down",
    "ladder",
    "stairs",
    "steps",
    "roof",
    "bed",
    "chair",
    "tree",
];

/// The words without how the injury happened (as typed, then their expansions), when they name
/// an injury and a fall.
fn without_the_fall(all: &[String]) -> Vec<Vec<String>> {
    let injury =
        all.iter().any(|w| crate::title::INJURY_WORDS.contains(&w.as_str()) || BRUISE_WORDS.contains(&w.as_str()));
    let fall = all.iter().any(|w| FALL_WORDS.contains(&w.as_str()));
    if !injury || !fall {
        return Vec::new();
    }
    let kept: Vec<String> = all
        .iter()
        .filter(|w| !FALL_WORDS.contains(&w.as_str()) && !AROUND_A_FALL.contains(&w.as_str()))
        .skip_while(|w| matches!(w.as_str(), "w" | "with"))
        .cloned()
        .collect();
    with_expansions(kept)
}

/// A reading of the query, then the vocabulary's expansions of it.
fn with_expansions(words: Vec<String>) -> Vec<Vec<String>> {
    let mut read = expand(&words, false);
    read.insert(0, words);
    read
}

/// Words that say what a condition is treated with, after "on" ("started on", "maintained on").
const TREATED_WITH: [&str; 4] = ["started", "maintained", "placed", "kept"];

/// Treatments a note says a patient is "on" (with "daily", "home" and the like before them).
const TREATMENTS: [&str; 24] = [
    "insulin",
    "cpap",
    "bipap",
    "oxygen",
    "o2",
    "dialysis",
    "hd",
    "coumadin",
    "warfarin",
    "eliquis",
    "xarelto",
    "apixaban",
    "heparin",
    "lovenox",
    "aspirin",
    "asa",
    "steroids",
    "prednisone",
    "chemo",
    "chemotherapy",
    "metformin",
    "antibiotics",
    "abx",
    "ventilator",
];
/// Words between "on" and the treatment ("on daily asa", "on home o2").
const TREATMENT_FILLER: [&str; 5] = ["daily", "home", "chronic", "long", "term"];

/// The condition without its treatment, when a note says both: "osa on cpap", "gdm on
/// insulin", "cap, started on rocephin" (the treatment is a status or drug code of its own, or
/// none), and a history without the surgery that treated it ("h/o breast ca s/p lumpectomy").
/// A site ("bed sore on tailbone") and a dependence ("dependent on home o2") are not
/// treatments.
fn without_the_treatment(all: &[String]) -> Vec<Vec<String>> {
    let history = all.first().is_some_and(|w| w == "hx" || w == "history")
        || all.starts_with(&["h".to_string(), "o".to_string()]);
    let status_post = all.windows(2).position(|w| w[0] == "s" && w[1] == "p").filter(|_| history);
    let treated_on = |i: usize| {
        let before = i.checked_sub(1).map(|b| all[b].as_str());
        let started = before.is_some_and(|b| TREATED_WITH.contains(&b));
        let treatment = all[i + 1..].iter().find(|w| !TREATMENT_FILLER.contains(&w.as_str()));
        !matches!(before, Some("dependent" | "dependence" | "dependency"))
            && (started || treatment.is_some_and(|t| TREATMENTS.contains(&t.as_str())))
    };
    let on = all.iter().position(|w| w == "on").filter(|&i| treated_on(i));
    let Some(end) = [status_post, on].into_iter().flatten().min() else { return Vec::new() };
    let mut kept = all[..end].to_vec();
    while kept.last().is_some_and(|w| TREATED_WITH.contains(&w.as_str())) {
        kept.pop();
    }
    // "pt on coumadin for afib": the condition is what the treatment is for.
    let treated_for = on
        .filter(|&i| i == end)
        .and_then(|i| all[i..].iter().position(|w| w == "for").map(|f| all[i + f + 1..].to_vec()));
    let says_something =
        |v: &Vec<String>| v.iter().any(|w| !is_stop_word(w) && w.len() > 1 && w != "pt" && w != "patient");
    [Some(kept), treated_for].into_iter().flatten().filter(says_something).flat_map(with_expansions).collect()
}

/// Words besides [`crate::title::PREGNANCY_WORDS`] that put a query in a pregnancy.
const PREGNANCY_NOTE_WORDS: [&str; 7] = ["prenatal", "pprom", "prom", "chorio", "chorioamnionitis", "gdm", "iup"];
/// How notes write weeks, after a number ("33 wks") or joined to it ("33w").
const WEEKS_WORDS: [&str; 5] = ["weeks", "week", "wks", "wk", "w"];

/// The weeks said at `all[i]`, and how many words say them ("33w": 1, "33 wks": 2).
fn weeks_at(all: &[String], i: usize) -> Option<(u32, usize)> {
    let w = &all[i];
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let n = digits.parse::<u32>().ok().filter(|n| (1..=45).contains(n))?;
    let unit = &w[digits.len()..];
    if unit.is_empty() {
        all.get(i + 1).filter(|next| WEEKS_WORDS.contains(&next.as_str())).map(|_| (n, 2))
    } else {
        WEEKS_WORDS.contains(&unit).then_some((n, 1))
    }
}

/// A pregnancy's weeks read as the trimester its codes name (OCG I.C.15.a.3: first trimester
/// less than 14 weeks 0 days, second 14 weeks 0 days to less than 28 weeks 0 days, third from
/// 28 weeks): "pprom at 33w", "prenatal visit first pregnancy 10 weeks". The weeks as typed
/// stay in the first reading (Z3A, weeks of gestation).
fn weeks_as_trimester(all: &[String]) -> Vec<Vec<String>> {
    let pregnancy = all.iter().any(|w| {
        w != "weeks"
            && (crate::title::PREGNANCY_WORDS.contains(&w.as_str()) || PREGNANCY_NOTE_WORDS.contains(&w.as_str()))
    });
    // "34 weeks gestation" is the weeks alone (Z3A): a condition or an encounter must be named.
    let general = |w: &String| {
        WEEKS_WORDS.contains(&w.as_str())
            || matches!(w.as_str(), "gestation" | "pregnancy" | "pregnant")
            || w.trim_end_matches(|c: char| c.is_ascii_alphabetic()).parse::<u32>().is_ok()
    };
    if !pregnancy || all.iter().all(|w| general(w) || is_stop_word(w)) {
        return Vec::new();
    }
    let mut read = Vec::with_capacity(all.len());
    let mut found = false;
    let mut i = 0;
    while i < all.len() {
        match weeks_at(all, i) {
            Some((weeks, said_in)) => {
                let trimester = match weeks {
                    0..=13 => "first",
                    14..=27 => "second",
                    _ => "third",
                };
                read.extend([trimester.to_string(), "trimester".to_string()]);
                found = true;
                i += said_in;
            }
            None => {
                read.push(all[i].clone());
                i += 1;
            }
        }
    }
    if found {
        with_expansions(read)
    } else {
        Vec::new()
    }
}

/// Expansion words too general to stand for a query on their own.
const GENERAL_WORDS: [&str; 12] = [
    "disease",
    "disorder",
    "elevated",
    "acute",
    "chronic",
    "history",
    "status",
    "post",
    "removal",
    "insertion",
    "left",
    "right",
];

/// The vocabulary term a longer query opens with, read alone (the longest): a note names the
/// condition first, then what goes with it ("demand ischemia, troponin leak"; "sss w/
/// symptomatic brady, ppm placed"), which no title may read whole.
fn term_readings(all: &[String]) -> Vec<Vec<String>> {
    let table = synonyms();
    let Some(key) = (1..all.len()).rev().map(|len| &all[..len]).find(|key| {
        key.iter().any(|w| w.chars().count() > 2 && !is_stop_word(w) && side_of(w).is_none())
            && table.contains_key(*key)
    }) else {
        return Vec::new();
    };
    table[key]
        .iter()
        .filter(|x| x.iter().any(|w| !is_stop_word(w) && !GENERAL_WORDS.contains(&w.as_str())))
        .cloned()
        .collect()
}

/// Words that name an endoscopy.
const SCOPES: [&str; 17] = [
    "egd",
    "colonoscopy",
    "colonscopy",
    "bronch",
    "bronchoscopy",
    "cystoscopy",
    "ureteroscopy",
    "urs",
    "hysteroscopy",
    "arthroscopy",
    "sigmoidoscopy",
    "sig",
    "endoscopy",
    "scope",
    "eus",
    "esophagogastroduodenoscopy",
    "thoracoscopy",
];
/// Procedures done through a scope, more definitive than looking (guideline B3.11a).
const DONE_THROUGH_A_SCOPE: [&str; 24] = [
    "biopsy",
    "bx",
    "removal",
    "clipping",
    "clip",
    "dilation",
    "polypectomy",
    "excision",
    "ablation",
    "stent",
    "lithotripsy",
    "bal",
    "lavage",
    "banding",
    "resection",
    "extraction",
    "repair",
    "cauterization",
    "destruction",
    "sphincterotomy",
    "meniscectomy",
    "debridement",
    "evl",
    "brushings",
];

/// Words that name a spinal fusion, whose levels say how many joints are fused.
const FUSION_WORDS: [&str; 9] = ["fusion", "arthrodesis", "acdf", "tlif", "plif", "alif", "xlif", "olif", "psf"];

/// A fusion's levels read as ICD-10-PCS counts them: joints, not vertebrae. "acdf c5-6" fuses
/// one cervical joint, "c4-c6" two ("2 or more"), "t4-t12" eight ("8 or more"); L5-S1 is the
/// lumbosacral joint. Elsewhere ("c5-c6 disc herniation") the levels stay as typed: ICD-10-CM
/// titles name them.
fn spinal_levels(all: Vec<String>) -> Vec<String> {
    if !all.iter().any(|w| FUSION_WORDS.contains(&w.as_str())) {
        return all;
    }
    let level = |w: &str| -> Option<(char, u32)> {
        let mut chars = w.chars();
        let region = chars.next().filter(|c| matches!(c, 'c' | 't' | 'l' | 's'))?;
        Some((region, chars.as_str().parse().ok()?))
    };
    let mut out = Vec::with_capacity(all.len());
    let mut i = 0;
    while i < all.len() {
        let from = level(&all[i]).filter(|(r, _)| *r != 's');
        // "t3 to t11", "l3 through l5".
        let between = usize::from(all.get(i + 1).is_some_and(|w| matches!(w.as_str(), "to" | "through" | "thru")));
        // The second level may leave out its region ("c5-6").
        let to = all
            .get(i + 1 + between)
            .and_then(|w| level(w).or_else(|| from.and_then(|(r, _)| w.parse().ok().map(|n| (r, n)))));
        let read = match (from, to) {
            (Some((r, a)), Some((q, b))) if r == q && b > a => {
                let region = match r {
                    'c' => "cervical",
                    't' => "thoracic",
                    _ => "lumbar",
                };
                let joints = b - a;
                Some(if joints == 1 { vec![region.to_string()] } else { vec![joints.to_string(), region.to_string()] })
            }
            (Some(('c', 7)), Some(('t', 1))) => Some(vec!["cervicothoracic".to_string()]),
            (Some(('t', 12)), Some(('l', 1))) => Some(vec!["thoracolumbar".to_string()]),
            (Some(('l', 5)), Some(('s', 1))) => Some(vec!["lumbosacral".to_string()]),
            _ => None,
        };
        match read {
            Some(words) => {
                out.extend(words);
                i += 2 + between;
            }
            None => {
                out.push(all[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// Units a note measures a wound or a mass in, which no ICD-10 title does.
const LENGTH_UNITS: [&str; 3] = ["cm", "mm", "cms"];

/// The words without a length ("aaa 4.2 cm", "lac r heel 2 cm", "3cm"): the size is
/// documented, never coded. Unchanged when the length is all there is.
fn without_measures(all: Vec<String>) -> Vec<String> {
    let number = |w: &str| crate::token::number(w).is_some();
    let glued = |w: &str| LENGTH_UNITS.iter().any(|u| w.strip_suffix(u).is_some_and(|n| number(&n.replace('.', ""))));
    let mut kept: Vec<String> = Vec::with_capacity(all.len());
    for w in &all {
        if LENGTH_UNITS.contains(&w.as_str()) && kept.last().is_some_and(|p| number(p)) {
            // "4.2" is read as "4" "2": both go.
            kept.pop();
            if kept.last().is_some_and(|p| number(p)) {
                kept.pop();
            }
        } else if !glued(w) {
            kept.push(w.clone());
        }
    }
    if kept.is_empty() {
        all
    } else {
        kept
    }
}

/// The relatives a family history names.
const RELATIVES: [&str; 20] = [
    "mother",
    "father",
    "sister",
    "brother",
    "sibling",
    "siblings",
    "parent",
    "parents",
    "mom",
    "dad",
    "maternal",
    "paternal",
    "grandmother",
    "grandfather",
    "aunt",
    "uncle",
    "son",
    "daughter",
    "cousin",
    "twin",
];

/// Words that say a side, which a term may carry inside it, with the side each says.
const SIDES: [(&str, &str); 9] = [
    ("left", "left"),
    ("right", "right"),
    ("bilateral", "bilateral"),
    ("l", "left"),
    ("lt", "left"),
    ("r", "right"),
    ("rt", "right"),
    ("bilat", "bilateral"),
    ("b/l", "bilateral"),
];

/// The side a word says, spelled as titles spell it.
fn side_of(w: &str) -> Option<&'static str> {
    SIDES.iter().find(|(said, _)| *said == w).map(|(_, side)| *side)
}

/// The words that say a side (as titles spell it) and the others.
fn split_sides<'a>(words: impl IntoIterator<Item = &'a String>) -> (Vec<String>, Vec<String>) {
    let mut sides = Vec::new();
    let mut rest = Vec::new();
    for w in words {
        match side_of(w) {
            Some(side) => sides.push(side.to_string()),
            None => rest.push(w.clone()),
        }
    }
    (sides, rest)
}

/// Words that qualify a condition without naming one: a side, "and", "without".
fn modifier(w: &str) -> bool {
    SIDES.iter().any(|(_, side)| *side == w) || matches!(w, "and" | "without")
}

/// Words of a note that tell the story, not the condition ("pt admitted with copd
/// exacerbation", "cap, started on rocephin").
const NOTE_FILLER: [&str; 17] = [
    "pt",
    "patient",
    "admitted",
    "presents",
    "presenting",
    "presented",
    "complains",
    "noted",
    "started",
    "placed",
    "given",
    "found",
    "reports",
    "states",
    // An uncertain diagnosis at discharge is coded as if it existed (OCG II.H, III.C); no
    // title says these words.
    "likely",
    "probable",
    "possible",
];

/// Units of how long something has lasted.
const DURATION_UNITS: [&str; 14] =
    ["d", "day", "days", "wk", "wks", "week", "weeks", "mo", "mos", "month", "months", "yr", "yrs", "years"];

/// The words without how long something has lasted ("n/v x2 days", "cough for 3 weeks"): the
/// story, not the condition. Only with "x" or "for" before the count: "newborn 5 days old" and
/// "10 weeks pregnant" say what is coded.
fn without_durations(all: &[String]) -> Vec<String> {
    let unit = |i: usize| all.get(i).is_some_and(|u| DURATION_UNITS.contains(&u.as_str()));
    let count = |i: usize| all.get(i).is_some_and(|n| crate::token::number(n).is_some());
    let times = |w: &str| w.strip_prefix('x').is_some_and(|n| crate::token::number(n).is_some());
    let mut out = Vec::with_capacity(all.len());
    let mut i = 0;
    while i < all.len() {
        let w = all[i].as_str();
        if times(w) && unit(i + 1) {
            i += 2;
        } else if matches!(w, "x" | "for") && count(i + 1) && unit(i + 2) {
            i += 3;
        } else {
            out.push(all[i].clone());
            i += 1;
        }
    }
    out
}

/// Drops stop words and a note's filler words, unless nothing else is left.
fn content_words(all: &[String]) -> Vec<String> {
    let content: Vec<String> =
        all.iter().filter(|w| !is_stop_word(w) && !NOTE_FILLER.contains(&w.as_str())).cloned().collect();
    if content.is_empty() {
        all.to_vec()
    } else {
        content
    }
}

/// Every variant with one synonym term (longest first, leftmost first) replaced by each of
/// its expansions; several terms in one query are all replaced. A side said inside a term
/// ("status post left below knee amputation") does not break it: the term is read without
/// it and the side follows its expansion.
fn expand(all: &[String], open_last_word: bool) -> Vec<Vec<String>> {
    // The words, their expansions, and the sides said inside them.
    type Segment<'a> = (Vec<String>, Option<&'a Vec<Vec<String>>>, Vec<String>);
    let table = synonyms();
    let side = |w: &String| side_of(w).is_some();
    // Segment the words into terms greedily: at each position take the longest known term.
    let mut segments: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        // (One word more than the longest term: a side inside it.)
        let hit = (1..=(longest_term() + 1).min(all.len() - i)).rev().find_map(|n| {
            let window = &all[i..i + n];
            if let Some(e) = table.get(window) {
                return Some((n, e, Vec::new()));
            }
            // Only a side between the term's first and last words (no copies otherwise: this
            // runs for every window of every keystroke).
            if n < 3 || !window[1..n - 1].iter().any(side) || side(&window[0]) || side(&window[n - 1]) {
                return None;
            }
            let (sides, key) = split_sides(window);
            // "cellulitis of right hand" is the term "cellulitis hand" (terms are also known
            // without their stop words).
            let content = || key.iter().filter(|w| !is_stop_word(w)).cloned().collect::<Vec<_>>();
            table.get(&key).or_else(|| table.get(&content())).map(|e| (n, e, sides))
        });
        // An abbreviation that opens a longer term once expanded ("hx dvt": "history of dvt").
        let hit = match (headed_term(table, &all[i..]), hit) {
            (Some((n, e)), h) if h.as_ref().is_none_or(|(m, ..)| n > *m) => Some((n, e, Vec::new())),
            (_, h) => h,
        };
        // A letter still being typed that would only say a side or "without" ("r", "l", "no")
        // is more likely the start of a word ("rheumatoid", "norovirus"); "rt" and "lt" begin
        // no word.
        let typing = |n: usize, e: &Vec<Vec<String>>| {
            open_last_word
                && i + n == all.len()
                && n == 1
                && (all[i].len() == 1 || all[i] == "no")
                && e.iter().flatten().all(|w| modifier(w))
        };
        let hit = hit.filter(|(n, e, _)| !typing(*n, e));
        match hit {
            Some((n, e, sides)) => {
                segments.push((all[i..i + n].to_vec(), Some(e), sides));
                i += n;
            }
            None => {
                segments.push((vec![all[i].clone()], None, Vec::new()));
                i += 1;
            }
        }
    }
    if segments.iter().all(|(_, e, _)| e.is_none()) {
        return Vec::new();
    }
    // Cartesian product over the expansions, bounded.
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for (words, expansions, sides) in &segments {
        let choices: Vec<&Vec<String>> = match expansions {
            Some(e) => e.iter().collect(),
            None => vec![words],
        };
        let mut next = Vec::new();
        for prefix in &out {
            for c in &choices {
                if next.len() >= 8 {
                    break;
                }
                let mut v = prefix.clone();
                v.extend(c.iter().cloned());
                v.extend(sides.iter().cloned());
                next.push(v);
            }
        }
        out = next;
    }
    out
}

/// The longest term that an abbreviation opening `rest` (one or two words) begins once
/// expanded, with how many of `rest`'s words it covers: "hx dvt" → "history dvt", a term.
fn headed_term<'a>(
    table: &'a HashMap<Vec<String>, Vec<Vec<String>>>,
    rest: &[String],
) -> Option<(usize, &'a Vec<Vec<String>>)> {
    let mut best: Option<(usize, &Vec<Vec<String>>)> = None;
    for m in 1..=2.min(rest.len()) {
        let Some(heads) = table.get(&rest[..m]) else { continue };
        for head in heads {
            for n in (1..=longest_term().min(rest.len() - m)).rev() {
                if best.is_some_and(|(b, _)| b >= m + n) {
                    break;
                }
                let key: Vec<String> =
                    head.iter().chain(&rest[m..m + n]).filter(|w| !is_stop_word(w)).cloned().collect();
                if let Some(e) = table.get(&key) {
                    best = Some((m + n, e));
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(words: &[&str]) -> Vec<String> {
        words.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn codes_abbreviations_and_stop_words() {
        let q = parse("i50.2");
        assert_eq!(q.code.as_deref(), Some("I502"));
        let q = parse("CHF");
        assert_eq!(q.code, None);
        assert_eq!(q.variants[0], v(&["chf"]));
        assert!(q.variants.contains(&v(&["congestive", "heart", "failure"])));
        let q = parse("fracture of the femur");
        assert_eq!(q.variants, [v(&["fracture", "femur"])]);
        let q = parse("heart attack with chf");
        assert!(q
            .variants
            .iter()
            .any(|x| x == &v(&["acute", "myocardial", "infarction", "with", "congestive", "heart", "failure"])));
        assert!(parse("").variants.is_empty());
        assert!(parse("!!! ??").variants.is_empty());
        assert!(synonyms().len() >= 150, "{} synonym terms", synonyms().len());
    }

    #[test]
    fn a_code_typed_in_pieces_or_with_words_around_it_is_a_code() {
        for (typed, code) in [
            ("s72.001 a", "S72001A"),
            ("J18 .9", "J189"),
            ("j44 1", "J441"),
            ("'Z87.891'", "Z87891"),
            ("e11.22 code", "E1122"),
            ("ICD-10 code I10", "I10"),
            ("E78,5", "E785"),
            ("J44.9`", "J449"),
            ("i 50.22", "I5022"),
            ("S52.501AA", "S52501AA"),
            ("0dtj4zzz", "0DTJ4ZZZ"),
        ] {
            assert_eq!(parse(typed).code.as_deref(), Some(code), "{typed}");
        }
        for words in
            ["bmi 41", "ckd 3", "type 2 diabetes", "covid 19", "t12 fracture", "t12 l1", "c5 c6", "l5-s1", "bmi 31,5"]
        {
            assert_eq!(parse(words).code, None, "{words}");
        }
    }

    #[test]
    fn how_long_something_lasted_is_not_searched() {
        assert_eq!(parse("n/v x2 days").variants[0], v(&["n", "v"]));
        assert_eq!(parse("cough for 3 weeks").variants[0], v(&["cough"]));
        assert_eq!(parse("newborn 5 days old").variants[0], v(&["newborn", "5", "days", "old"]));
    }

    #[test]
    fn an_abbreviation_opens_a_longer_term_once_expanded() {
        let q = parse("hx dvt");
        assert!(
            q.variants.contains(&v(&["personal", "history", "other", "venous", "thrombosis", "embolism"])),
            "{:?}",
            q.variants
        );
        let q = parse("history dvt");
        assert!(q.variants.iter().any(|x| x.contains(&"venous".to_string())), "{:?}", q.variants);
    }

    #[test]
    fn a_procedure_said_as_a_status_reads_as_its_status_term() {
        let first = |q: &str| parse(q).variants.get(1).cloned().unwrap_or_default();
        assert_eq!(first("left bka status"), v(&["acquired", "absence", "leg", "below", "knee", "left"]));
        assert_eq!(first("history of hip replacement"), v(&["presence", "artificial", "hip", "joint"]));
        assert_eq!(first("s/p lt hip arthroplasty"), v(&["presence", "artificial", "hip", "joint", "left"]));
        assert!(status_reading(&v(&["history", "of", "stroke"])).is_empty());
    }

    #[test]
    fn an_injury_is_read_without_the_fall_that_caused_it() {
        let q = parse("L1 compression fx after fall");
        assert!(q.variants.contains(&v(&["l1", "compression", "fx"])), "{:?}", q.variants);
        let q = parse("s/p mechanical fall w/ rt hip fx");
        assert!(
            q.variants.iter().any(|r| r.starts_with(&v(&["right", "fracture", "neck", "femur"]))),
            "{:?}",
            q.variants
        );
        assert!(without_the_fall(&v(&["fall", "from", "ladder"])).is_empty(), "no injury named");
    }

    #[test]
    fn a_letter_being_typed_is_not_yet_a_side() {
        assert_eq!(parse("r").variants, vec![v(&["r"])]);
        assert_eq!(parse("no").variants, vec![v(&["no"])]);
        assert!(parse("lac r heel").variants.contains(&v(&["laceration", "right", "heel"])));
        assert!(parse("chest pain r ").variants.contains(&v(&["chest", "pain", "right"])));
    }

    #[test]
    fn a_side_inside_a_term_follows_its_expansion() {
        let q = parse("status post left below knee amputation");
        assert!(q.variants.contains(&v(&["acquired", "absence", "leg", "below", "knee", "left"])), "{:?}", q.variants);
        // A term that names a side itself is read as it is.
        assert!(parse("left heart cath").variants.len() > 1);
        assert!(parse("s/p L BKA").variants.contains(&v(&["acquired", "absence", "leg", "below", "knee", "left"])));
    }

    #[test]
    fn huge_and_odd_input_is_bounded() {
        let long = "pneumonia ".repeat(1000);
        let q = parse(&long);
        assert!(q.variants[0].len() <= MAX_WORDS);
        let q = parse("<script>alert(1)</script>; DROP TABLE codes; -- 🫀\u{0}\u{7}");
        assert!(q.variants[0].iter().all(|w| w.bytes().all(|b| b.is_ascii_alphanumeric())));
    }
}
