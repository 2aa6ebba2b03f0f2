//! Guideline defaults for combinations (`data/combinations.tsv`): hypertension with heart
//! failure is I11.0, COPD with pneumonia J44.0, diabetes with CKD (type not stated) E11.22…
//! Each row cites the Official Guidelines section it comes from; the codes are the
//! Guidelines', not guessed from titles.

use std::sync::OnceLock;

use codeglass_tables::{canonical_code, words};

use crate::query::is_stop_word;

static COMBINATIONS_TSV: &str = include_str!("../data/combinations.tsv");

type Phrase = Vec<String>;

struct Row {
    code: String,
    /// Every concept must be named; each concept is one of its phrases.
    concepts: Vec<Vec<Phrase>>,
    unless: Vec<Phrase>,
}

fn phrase(text: &str) -> Phrase {
    words(text).into_iter().filter(|w| !is_stop_word(w)).collect()
}

fn rows() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| {
        COMBINATIONS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let code = canonical_code(f.first()?)?;
                let concepts = f.get(1)?.split(';').map(|c| c.split('|').map(phrase).collect()).collect();
                let unless = f.get(2).map(|u| u.split('|').map(phrase).filter(|p| !p.is_empty()).collect());
                Some(Row { code, concepts, unless: unless.unwrap_or_default() })
            })
            .collect()
    })
}

/// Whether any variant holds the phrase's words in order, at most a few words apart: a reading
/// says a word once ("hypertensive heart disease with … heart failure" reads "… systolic
/// failure").
fn named(variants: &[Vec<String>], p: &Phrase) -> bool {
    !p.is_empty() && variants.iter().any(|v| (0..v.len()).any(|start| in_order(&v[start..], p)))
}

/// Whether `words` begins with the phrase's first word and holds the rest in order within
/// [`PHRASE_GAP`] words of each other.
fn in_order(words: &[String], p: &Phrase) -> bool {
    if words.first() != p.first() {
        return false;
    }
    let mut at = 0;
    for w in &p[1..] {
        match words.iter().skip(at + 1).take(PHRASE_GAP + 1).position(|x| x == w) {
            Some(i) => at += 1 + i,
            None => return false,
        }
    }
    true
}

/// Words that may come between two of a phrase's words.
const PHRASE_GAP: usize = 6;

/// Words a query may add to a combination without changing it: a CKD stage's number (1–4: stage
/// 5 has rows of its own) qualifies the CKD the row reads, "type not documented" is what the
/// rows' type 2 default is for, a heart failure's type and acuity ("hfpef": diastolic) are its
/// own second code, as is a respiratory failure's (hypoxic, hypercapnic), the "e" of "e coli"
/// is read with "coli", and "patient" says nothing.
const NEUTRAL: &[&str] = &[
    "with",
    "w",
    "and",
    "mellitus",
    "type",
    "2",
    "ii",
    "disease",
    "stage",
    "1",
    "3",
    "3a",
    "3b",
    "4",
    "due",
    "not",
    "documented",
    "specified",
    "stated",
    "unspecified",
    "patient",
    "pt",
    "acute",
    "chronic",
    "diastolic",
    "systolic",
    "e",
    "hypoxic",
    "hypoxemic",
    "hypercapnic",
    "hypercarbic",
    // What is not known names no other code ("unk organism", "source unclear").
    "unk",
    "unknown",
    "organism",
    "source",
    "unclear",
    // How one condition led to another ("neutropenic fever after chemo", "bleed likely
    // diverticular"); a fever or the insulin taken is a code of its own beside the combination.
    "after",
    "d",
    "t",
    "secondary",
    "induced",
    "related",
    "likely",
    "fever",
    "febrile",
    "long",
    "term",
    "insulin",
    // Dialysis is a status of its own (Z99.2), coded beside the combination.
    "dialysis",
    "hemodialysis",
    "hd",
];

/// The codes the Guidelines assign for the combination the query names, most specific rows
/// only (canonical codes). One reading of the query (as typed or one of its expansions) must
/// name every concept of the row and none of its "unless" words, and every word of that
/// reading must belong to the row's concepts: a further word ("pneumococcal sepsis") names
/// something the row does not decide. (Readings are judged one by one: an expansion's word,
/// "neuropathy" read as polyneuropathy, does not rule out the row for the words as typed.)
pub fn guideline_defaults(variants: &[Vec<String>]) -> Vec<&'static str> {
    // Each row that applies, with how many of the query's words its concepts read.
    let mut hits: Vec<(usize, &Row)> = Vec::new();
    for v in variants {
        let one = std::slice::from_ref(v);
        let reads = |r: &Row, w: &String| r.concepts.iter().flatten().any(|p| named(one, p) && p.contains(w));
        let applying: Vec<&Row> = rows()
            .iter()
            .filter(|r| {
                r.concepts.iter().all(|c| c.iter().any(|p| named(one, p))) && !r.unless.iter().any(|p| named(one, p))
            })
            .collect();
        // Every word must belong to a row that applies: a query naming two combinations
        // ("dm2 and htn with ckd 3") gets both codes; one with a word no row reads, none.
        if v.iter().all(|w| NEUTRAL.contains(&w.as_str()) || applying.iter().any(|r| reads(r, w))) {
            hits.extend(applying.into_iter().map(|r| (v.iter().filter(|w| reads(r, w)).count(), r)));
        }
    }
    // The most specific rows win: those reading the most words, then naming the most concepts.
    let best = hits.iter().map(|(n, r)| (*n, r.concepts.len())).max().unwrap_or((0, 0));
    let mut codes: Vec<&str> = Vec::new();
    for (_, r) in hits.into_iter().filter(|(n, r)| (*n, r.concepts.len()) == best) {
        if !codes.contains(&r.code.as_str()) {
            codes.push(&r.code);
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    fn codes(q: &str) -> Vec<&'static str> {
        guideline_defaults(&parse(q).variants)
    }

    #[test]
    fn the_guidelines_combine_what_the_query_names() {
        assert_eq!(codes("htn with chf"), ["I110"]);
        assert_eq!(codes("htn and esrd on hemodialysis"), ["I120"]);
        assert_eq!(codes("severe sepsis w shock, unk organism"), ["A419"]);
        assert_eq!(codes("neutropenic fever after chemo"), ["D701"]);
        assert_eq!(codes("ugib 2/2 duodenal ulcer"), ["K264"]);
        assert_eq!(codes("mrsa sepsis with aki"), ["A4102"]);
        assert_eq!(codes("hfpef in patient with htn"), ["I110"]);
        assert_eq!(codes("hypertensive heart disease w/ acute on chronic systolic hf"), ["I110"]);
        assert_eq!(codes("hypertension chf ckd"), ["I130"]);
        assert_eq!(codes("diabetes with ckd"), ["E1122"]);
        assert_eq!(codes("type 1 diabetes with ckd"), Vec::<&str>::new());
        assert_eq!(codes("sepsis"), ["A419"]);
        assert_eq!(codes("sepsis due to e coli"), ["A4151"]);
        assert!(codes("sepsis due to pseudomonas").is_empty());
        assert!(codes("pneumococcal sepsis").is_empty());
        assert_eq!(codes("type 2 diabetes with ckd stage 3"), ["E1122"]);
        assert!(codes("fracture of femur").is_empty());
        assert!(rows().len() >= 20 && rows().iter().all(|r| !r.concepts.is_empty()));
    }

    #[test]
    fn the_most_specific_rows_apply_and_two_combinations_give_both() {
        assert_eq!(codes("diabetic peripheral neuropathy type 2"), ["E1142"]);
        let mut both = codes("dm2 and htn with ckd 3");
        both.sort_unstable();
        assert_eq!(both, ["E1122", "I129"]);
        assert_eq!(codes("septic shock from pneumonia"), ["A419"]);
        assert_eq!(codes("severe sepsis w/o shock from pna"), ["A419"]);
        assert_eq!(codes("septic shock 2/2 e coli uti"), ["A4151"]);
        assert_eq!(codes("acute kidney injury with sepsis"), ["A419"]);
        assert_eq!(codes("dm with pad and gangrene"), ["E1152"]);
        assert_eq!(codes("hydronephrosis due to kidney stone"), ["N132"]);
        assert_eq!(codes("flu a w pneumonia"), ["J1000"]);
        assert_eq!(codes("influenza with pneumonia"), ["J1100"]);
        assert_eq!(codes("acute hypoxic resp failure 2/2 covid-19"), ["U071"]);
        assert_eq!(codes("aki on ckd"), ["N179"]);
        assert!(codes("diabetes with gastroparesis and nausea").is_empty(), "a word no row reads");
    }

    #[test]
    fn a_stroke_s_deficit_is_a_sequela_on_the_side_s_dominance() {
        assert_eq!(codes("hx of cva with left sided hemiparesis"), ["I69354"]);
        assert_eq!(codes("old stroke with right hemiplegia"), ["I69351"]);
        assert_eq!(codes("residual right hemiplegia from old stroke left handed"), ["I69353"]);
        assert_eq!(codes("history of stroke with hemiparesis"), ["I69359"]);
        assert!(codes("history of stroke").is_empty(), "no deficit: not a sequela row");
    }
}
