//! What a title says against the query: its words read into a reused buffer, whether the
//! query is the whole title or a phrase of it, and the conventions that make a title a
//! context the query did not ask for (pregnancy, a complication, "with" an unasked
//! complication, "without" what the query says).

use std::rc::Rc;

use codeglass_tables::words;

use crate::query::is_stop_word;
use crate::token::TokenMatches;

/// Whether some query word appears in the title only in a "without …" or "not …" phrase
/// (which ends at a comma, "of", "with" or "due to": "Laceration without foreign body of scalp"
/// says scalp; "…, not specified as recurrent" does not say recurrent).
pub(crate) fn said_without(title: &str, matches: &[Rc<TokenMatches>]) -> bool {
    let lower = title.to_ascii_lowercase();
    if negation(&lower).is_none() {
        return false;
    }
    let (mut inside, mut outside) = (String::new(), String::new());
    for clause in lower.split(',').flat_map(|c| c.split(" of ")).flat_map(|c| c.split(" due to ")) {
        let mut rest = clause;
        while let Some(at) = negation(rest) {
            outside.push_str(&rest[..at]);
            outside.push(' ');
            let after = &rest[at..];
            let end = after.find(" with ").unwrap_or(after.len());
            inside.push_str(&after[..end]);
            inside.push(' ');
            rest = &after[end..];
        }
        outside.push_str(rest);
        outside.push(' ');
    }
    let (inside, outside) = (words(&inside), words(&outside));
    matches.iter().any(|m| inside.iter().any(|w| m.words.contains(w)) && !outside.iter().any(|w| m.words.contains(w)))
}

/// Where the first "without" or "not" starting a word is in `text`.
fn negation(text: &str) -> Option<usize> {
    // A byte scan: a substring searcher set up per title costs more than the scan itself.
    let b = text.as_bytes();
    (0..b.len()).find(|&at| {
        (at == 0 || b[at - 1] == b' ') && (b[at..].starts_with(b"without ") || b[at..].starts_with(b"not "))
    })
}

/// Title words in a "with …" clause that no query word matched.
pub(crate) fn unasked_complications(title: &TitleWords, matches: &[Rc<TokenMatches>]) -> i32 {
    let mut in_with = false;
    let mut n = 0;
    for w in title.iter() {
        match w {
            "with" => in_with = true,
            "without" => in_with = false,
            // A subsequent encounter's "with routine healing" is its default course, not a
            // complication (delayed healing still counts "delayed").
            "routine" | "healing" => {}
            _ if in_with && !matches.iter().any(|m| m.words.contains(w)) => n += 1,
            _ => {}
        }
    }
    n
}

/// Title words that put a code in a context a query must name to want it.
pub(crate) const CONTEXT_WORDS: [&str; 21] = [
    "pregnancy",
    "gestational",
    "childbirth",
    "puerperium",
    "puerperal",
    "trimester",
    "obstetric",
    "maternal",
    "newborn",
    "neonatal",
    "perinatal",
    "fetus",
    "fetal",
    "postprocedural",
    "postoperative",
    "following",
    "complicating",
    "complication",
    "sequela",
    "subsequent",
    "intraoperative",
];

/// ICD-10-CM title words that change what kind of condition it is, which a coder takes only
/// when documented: a fracture is traumatic, closed and displaced unless the record says
/// stress, pathological, open or nondisplaced; a condition is current unless the record says
/// history, and that history is the patient's own unless it says family (Z85–Z87 before
/// Z80–Z84); a fracture near a joint replacement is periprosthetic only when it says so; a
/// poisoning is accidental unless the record says assault, self-harm or undetermined (OCG
/// I.C.19.e.5.b), and not an underdosing unless it says so (I.C.19.e.5.c); a condition is
/// acquired unless it says congenital; a laceration is of the skin unless it names a vessel or
/// nerve.
pub(crate) const CM_CONTEXT_WORDS: [&str; 16] = [
    "history",
    "periprosthetic",
    "stress",
    "underdosing",
    "pathological",
    "nontraumatic",
    "fatigue",
    "open",
    "nondisplaced",
    "family",
    "assault",
    "self",
    "undetermined",
    "congenital",
    "vessel",
    "nerve",
];

/// An injury (S codes) is of the skin and the bone unless the record names a deeper
/// structure: "laceration of right heel" is S91.311A, not a laceration of a toe's flexor tendon.
pub(crate) const INJURY_STRUCTURE_WORDS: [&str; 10] =
    ["artery", "arteries", "vein", "veins", "vessel", "vessels", "muscle", "muscles", "tendon", "tendons"];

/// Complications of care (T80–T88) are a context too, whatever their titles say ("Breakdown
/// (mechanical) of insulin pump"): a coder takes one only when the record says what went wrong.
pub(crate) fn complication_of_care(code: &str) -> bool {
    matches!(code.as_bytes(), [b'T', b'8', b'0'..=b'8', ..])
}

/// Chapter 15 is pregnancy, childbirth and the puerperium even where a title does not say so
/// ("Cervical shortening", "Hyperemesis gravidarum with metabolic disturbance"): a coder takes
/// one only when the record says the patient is pregnant or names an obstetric condition.
pub(crate) fn pregnancy_chapter(code: &str) -> bool {
    code.starts_with('O')
}

/// Chapter 16 is the perinatal period even where a title does not say so ("Congenital
/// pneumonia, unspecified", "Transient tachypnea"): a coder takes one only for a newborn.
pub(crate) fn perinatal_chapter(code: &str) -> bool {
    code.starts_with('P')
}

/// Query words that name a newborn or the perinatal period.
pub(crate) const NEWBORN_WORDS: [&str; 14] = [
    "newborn",
    "neonatal",
    "neonate",
    "neonates",
    "infant",
    "baby",
    "perinatal",
    "fetal",
    "fetus",
    "congenital",
    "premature",
    "preterm",
    "prematurity",
    "birth",
];

/// External causes (V00–Y99) say how an injury happened; the Guidelines (I.C.20) never list one
/// first, so a query that names the injury wants the injury before its cause.
pub(crate) fn external_cause(code: &str) -> bool {
    matches!(code.as_bytes().first(), Some(b'V' | b'W' | b'X' | b'Y'))
}

/// Query words that name an injury, with the shortenings a note writes for them ("fx": the
/// reading as typed names the injury too, not only the vocabulary's "fracture").
pub(crate) const INJURY_WORDS: [&str; 24] = [
    "fx",
    "fxs",
    "lac",
    "lacs",
    "fractured",
    "broken",
    "fracture",
    "laceration",
    "sprain",
    "strain",
    "rupture",
    "tear",
    "contusion",
    "dislocation",
    "subluxation",
    "wound",
    "puncture",
    "abrasion",
    "burn",
    "bite",
    "concussion",
    "injury",
    "avulsion",
    "amputation",
];

/// Query words that name pregnancy, childbirth or an obstetric condition.
pub(crate) const PREGNANCY_WORDS: [&str; 30] = [
    "pregnancy",
    "pregnant",
    "gestation",
    "gestational",
    "childbirth",
    "puerperium",
    "puerperal",
    "postpartum",
    "antepartum",
    "intrapartum",
    "trimester",
    "obstetric",
    "obstetrical",
    "maternal",
    "labor",
    "delivery",
    "abortion",
    "ectopic",
    "miscarriage",
    "eclampsia",
    "preeclampsia",
    "placenta",
    "placental",
    "previa",
    "cesarean",
    "gravidarum",
    "amniotic",
    "lactation",
    "preterm",
    "weeks",
];

/// Diabetes without a stated type is type 2 (OCG I.C.4.a.2): the codes for diabetes due to an
/// underlying condition (E08), drug or chemical induced (E09), type 1 (E10) and other specified
/// (E13) need the query to say which.
pub(crate) fn diabetes_of_a_stated_kind(code: &str) -> bool {
    matches!(code.as_bytes(), [b'E', b'0', b'8' | b'9', ..] | [b'E', b'1', b'0' | b'3', ..])
}

/// Query words that state a kind of diabetes.
pub(crate) const DIABETES_KIND_WORDS: [&str; 16] = [
    "type",
    "1",
    "2",
    "i",
    "ii",
    "juvenile",
    "secondary",
    "induced",
    "drug",
    "chemical",
    "steroid",
    "underlying",
    "due",
    "other",
    "specified",
    "iddm",
];

/// Query words that say something went wrong with care, a device or a graft.
pub(crate) const WENT_WRONG_WORDS: [&str; 40] = [
    "complication",
    "complications",
    "complicated",
    "breakdown",
    "broken",
    "malfunction",
    "malfunctioning",
    "mechanical",
    "displacement",
    "displaced",
    "dislodged",
    "dislodgement",
    "migrated",
    "leak",
    "leakage",
    "leaking",
    "infection",
    "infected",
    "inflammatory",
    "reaction",
    "rejection",
    "failure",
    "failed",
    "erosion",
    "exposure",
    "obstruction",
    "occlusion",
    "occluded",
    "perforation",
    "protrusion",
    "dehiscence",
    "disruption",
    "stenosis",
    "thrombosis",
    "embolism",
    "hemorrhage",
    "pain",
    "fibrosis",
    "shock",
    "overload",
];

/// Whether the words are exactly the tokens (in any order), each matched by its token.
pub(crate) fn is_whole(core: &[String], matches: &[Rc<TokenMatches>]) -> bool {
    core.len() == matches.len() && {
        let mut used = vec![false; core.len()];
        matches.iter().all(|m| {
            let hit = core.iter().enumerate().find(|(i, w)| !used[*i] && m.words.contains(*w));
            hit.map(|(i, _)| used[i] = true).is_some()
        })
    }
}

/// Whether the tokens appear in the title as consecutive words, in order.
pub(crate) fn is_phrase(title: &TitleWords, matches: &[Rc<TokenMatches>], n: usize) -> bool {
    if n == 0 || title.len() < n {
        return n == 0;
    }
    (0..=title.len() - n).any(|start| (0..n).all(|j| matches[j].words.contains(title.get(start + j))))
}

/// A title's normalised words without stop words, read into one reused buffer: ranking reads
/// dozens of titles a keystroke, and a `String` per word was a good part of its time.
#[derive(Default)]
pub(crate) struct TitleWords {
    text: String,
    spans: Vec<(usize, usize)>,
}

impl TitleWords {
    pub(crate) fn read(&mut self, title: &str) {
        self.text.clear();
        self.spans.clear();
        codeglass_tables::words_into(title, &mut self.text, &mut self.spans);
        let text = &self.text;
        self.spans.retain(|&(a, b)| !is_stop_word(&text[a..b]));
    }
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }
    pub(crate) fn get(&self, i: usize) -> &str {
        self.spans.get(i).map_or("", |&(a, b)| &self.text[a..b])
    }
    pub(crate) fn first(&self) -> Option<&str> {
        (!self.spans.is_empty()).then(|| self.get(0))
    }
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.spans.iter().map(|&(a, b)| &self.text[a..b])
    }
}
