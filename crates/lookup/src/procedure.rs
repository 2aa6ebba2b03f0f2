//! ICD-10-PCS codes built from the query, axis by axis, the way a coder builds them from the
//! tables: the root operation names the table, the body part, approach, device and qualifier
//! are the row values whose labels the query's words name. Where the words name no value,
//! the conventions decide: no device and no qualifier, not diagnostic unless asked, and the
//! approach the procedure is done by unless the record says otherwise.
//!
//! Titles need every word; this needs only the words that name axis values, so
//! "cabg x4 saphenous vein grafts" finds the bypass of four arteries with venous tissue even
//! though "saphenous" and "grafts" are in no title.

use std::collections::HashMap;

use codeglass_tables::{negation_continues, AxisValue, CodeSet, PcsAxes, PcsTable};

use crate::query::is_stop_word;

/// Query words scored at most (one bit each).
const MAX_QUERY_WORDS: usize = 24;
/// Values per axis tried in combination, best first.
const PER_AXIS: usize = 3;
/// Root operations whose purpose is diagnostic: "diagnostic" adds nothing to them.
const DIAGNOSTIC_OPERATIONS: [&str; 3] = ["Inspection", "Measurement", "Monitoring"];
/// Codes scoring this far below the best are dropped as they are built (a word read is 100
/// points on a ten-word query).
const PRUNE_MARGIN: i32 = 150;
/// Codes returned at most.
const MAX_CODES: usize = 5;

/// A built code and how well it reads the query (higher is better).
pub(crate) struct Built {
    pub code: String,
    /// Every word of the query names a value of the code.
    pub complete: bool,
}

/// The codes the words build, best first, when the words name a root operation and a body
/// part of one of its tables and most of the words are read.
pub(crate) fn build_codes<D: AsRef<[u8]> + Clone>(
    set: &CodeSet<D>,
    axes: &PcsAxes<D>,
    variants: &[Vec<String>],
    keep: &dyn Fn(u32) -> bool,
) -> Vec<Built> {
    let mut reader = Reader { cost: 0, best: i32::MIN / 2, out: Vec::new() };
    for (vi, variant) in variants.iter().enumerate() {
        let q = procedure_words(variant);
        if q.is_empty() {
            continue;
        }
        let mut tables: Vec<u32> = q
            .iter()
            .flat_map(|w| stems(w).into_iter().flatten())
            .flat_map(|f| axes.tables_with_operation_word(f).iter().copied())
            .collect();
        tables.sort_unstable();
        tables.dedup();
        let named = tables_naming_a_body_part(axes, &q);
        tables.retain(|t| named.binary_search(t).is_ok());
        for i in tables {
            let i = i as usize;
            let Some(labels) = axes.labels_at(i) else { continue };
            let operation = mask_of(labels[2], &q).0;
            if operation == 0 {
                continue;
            }
            let Some(table) = axes.table_at(i) else { continue };
            // Inspection and measurement are diagnostic by definition.
            let diagnostic = if DIAGNOSTIC_OPERATIONS.contains(&labels[2]) { mask_of("Diagnostic", &q).0 } else { 0 };
            // A scope's inspection is part of the procedure done through it ("egd with biopsy").
            let inspection = if labels[2] == "Inspection" { 0 } else { mask_of("Inspection", &q).0 };
            let system = mask_of(labels[1], &q).0 | diagnostic | inspection;
            reader.cost = 25 * vi.saturating_sub(1).min(8) as i32;
            read_table(&table, &q, operation | system, &mut reader);
        }
    }
    let mut all = reader.out;
    all.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut out: Vec<Built> = Vec::new();
    for (_, code, complete) in all {
        if out.len() >= MAX_CODES {
            break;
        }
        let Ok(code) = std::str::from_utf8(&code) else { continue };
        if out.iter().any(|b| b.code == code) {
            continue;
        }
        if set.get(code).is_some_and(|e| keep(e.ordinal()) && e.billable()) {
            out.push(Built { code: code.to_string(), complete });
        }
    }
    out
}

/// The tables (sorted) with a body part label that some query word names.
fn tables_naming_a_body_part<D: AsRef<[u8]> + Clone>(axes: &PcsAxes<D>, q: &[&str]) -> Vec<u32> {
    let index = axes.body_part_words();
    let mut out: Vec<u32> = Vec::new();
    for w in q {
        // Every word `same_word` accepts starts with the query word's shortest stem.
        let shortest = stems(w).into_iter().flatten().min_by_key(|s| s.len()).unwrap_or(w);
        let from = if w.len() > 3 { shortest } else { w };
        for (label_word, tables) in index.range::<str, _>((std::ops::Bound::Included(from), std::ops::Bound::Unbounded))
        {
            if !label_word.starts_with(from) {
                break;
            }
            if same_word(w, label_word) {
                out.extend_from_slice(tables);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The words that name axis values: stop words and what "without" negates ("without
/// contrast", "without intraluminal device") left out. Words that say what is taken out
/// choose the root operation as PCS defines it and are read by that choice: "partial" or a
/// lesion (tumor, polyp…) makes a resection an excision (Resection takes all of the body part, Excision a portion); solid
/// matter (a stone, a clot, a foreign body, a hematoma) makes a removal, an evacuation or an
/// extraction an extirpation (Removal takes out a device, Extraction pulls out a body part).
fn procedure_words(variant: &[String]) -> Vec<&str> {
    let has = |set: &[&str]| variant.iter().any(|w| set.contains(&w.as_str()));
    // "Partial thickness" is a skin graft's qualifier, not a portion.
    let portion_word =
        |i: usize| PORTION_WORDS.contains(&variant[i].as_str()) && variant.get(i + 1).is_none_or(|n| n != "thickness");
    let portion = (0..variant.len()).any(portion_word);
    let matter = has(&MATTER_WORDS);
    let mut out = Vec::new();
    // What "without" negates runs to the next "with" or the end: an expanded term says it
    // in several words ("no stent" → without intraluminal device).
    let mut negated = false;
    for (i, w) in variant.iter().enumerate() {
        let w = w.as_str();
        negated = negation_continues(negated, w);
        if negated || skipped(w) || (portion && portion_word(i)) {
            continue;
        }
        out.push(match w {
            "resection" if portion => "excision",
            "removal" | "evacuation" | "extraction" if matter => "extirpation",
            _ => w,
        });
        if out.len() == MAX_QUERY_WORDS {
            break;
        }
    }
    if matter && out.contains(&"extirpation") {
        out.retain(|w| !MATTER_WORDS.contains(w));
    }
    out
}

/// Words that say only a portion of a body part is taken out.
const PORTION_WORDS: [&str; 8] = ["partial", "tumor", "tumour", "lesion", "mass", "polyp", "nodule", "cyst"];
/// Solid matter taken out of a body part (PCS Extirpation), not a device.
const MATTER_WORDS: [&str; 11] =
    ["stone", "stones", "calculus", "calculi", "clot", "thrombus", "embolus", "hematoma", "bolus", "foreign", "body"];

/// Words that name no axis value: stop words and the connectives of composed titles.
fn skipped(w: &str) -> bool {
    is_stop_word(w) || w == "with" || w == "using"
}

/// One axis value as the query reads it.
#[derive(Clone, Copy)]
struct Reading {
    character: char,
    /// The query words its label names.
    mask: u32,
    /// Label words the query does not name.
    extra: i32,
    /// The convention's preference when the query names nothing on this axis.
    preferred: bool,
    /// A value that changes the procedure's purpose (diagnostic) and needs asking for.
    unasked_purpose: bool,
}

impl Reading {
    fn local(&self) -> i32 {
        100 * self.mask.count_ones() as i32 - self.extra + 5 * i32::from(self.preferred)
            - 300 * i32::from(self.unasked_purpose)
    }
}

/// What a query has read so far: the codes it built and the best score among them.
struct Reader {
    /// The variant's cost: later expansions are less likely readings of the words.
    cost: i32,
    best: i32,
    out: Vec<(i32, [u8; 7], bool)>,
}

fn read_table(table: &PcsTable<&str>, q: &[&str], head: u32, reader: &mut Reader) {
    let n = q.len() as i32;
    // Rows repeat the same labels (a body part in several rows): each is read once.
    let mut seen: HashMap<(usize, usize), (u32, i32)> = HashMap::new();
    let mut read_axis = |axis: usize, values: &[AxisValue<&str>]| {
        let mut r: Vec<Reading> = values
            .iter()
            .map(|v| {
                let read =
                    *seen.entry((v.label.as_ptr() as usize, v.label.len())).or_insert_with(|| mask_of(v.label, q));
                read_value(table, axis + 3, v.character, v.label, read)
            })
            .collect();
        r.sort_by_key(|x| -x.local());
        r.truncate(PER_AXIS);
        r
    };
    for row in &table.rows {
        // The body part must be named: the operation alone says too little.
        let body_parts = read_axis(0, &row[0]);
        if body_parts.first().is_none_or(|r| r.mask & !head == 0) {
            continue;
        }
        let readings = [body_parts, read_axis(1, &row[1]), read_axis(2, &row[2]), read_axis(3, &row[3])];
        for body in &readings[0] {
            if body.mask & !head == 0 {
                continue;
            }
            // The usual approach can depend on the body part (the tonsils: external).
            let mut four = [0u8; 4];
            four[..3].copy_from_slice(&table.prefix.as_bytes()[..3]);
            four[3] = body.character as u8;
            let usual = usual_approaches(std::str::from_utf8(&four).unwrap_or(""));
            for approach in &readings[1] {
                let usual_here = approach.mask == 0 && usual.contains(&(approach.character as u8));
                let approach_bonus = 5 * (i32::from(usual_here) - i32::from(approach.preferred));
                for device in &readings[2] {
                    for qualifier in &readings[3] {
                        let parts = [body, approach, device, qualifier];
                        let mask = parts.iter().fold(head, |m, r| m | r.mask);
                        let read = mask.count_ones() as i32;
                        // Most of the words must be read, or the query is about something else.
                        if 2 * read < n {
                            continue;
                        }
                        let score = 1000 * read / n - 3 * body.extra - reader.cost
                            + approach_bonus
                            + parts[1..].iter().map(|r| r.local() - 98 * r.mask.count_ones() as i32).sum::<i32>();
                        // Far behind the best so far: never among the codes returned.
                        if score < reader.best - PRUNE_MARGIN {
                            continue;
                        }
                        reader.best = reader.best.max(score);
                        let mut code = [0u8; 7];
                        for (slot, c) in
                            code.iter_mut().zip(table.prefix.chars().chain(parts.iter().map(|r| r.character)))
                        {
                            *slot = c as u8;
                        }
                        reader.out.push((score, code, read == n));
                    }
                }
            }
        }
    }
}

fn read_value(table: &PcsTable<&str>, position: usize, character: char, label: &str, read: (u32, i32)) -> Reading {
    let (mask, extra) = read;
    let diagnostic = label.eq_ignore_ascii_case("diagnostic");
    Reading {
        character,
        mask,
        extra,
        preferred: mask == 0 && preferred(&table.prefix, position, character),
        unasked_purpose: diagnostic && mask == 0,
    }
}

/// What a coder takes on an axis the record says nothing about: the usual approach, no
/// device and no qualifier ("None" for contrast), a synthetic substitute where a device is the
/// procedure, donor blood.
fn preferred(prefix: &str, position: usize, character: char) -> bool {
    let b = prefix.as_bytes();
    match position {
        4 => usual_approaches(prefix).contains(&(character as u8)),
        // A joint or valve replaced, or a body part supplemented, takes the synthetic
        // substitute unless the record names the material (a spacer, tissue, a bearing surface).
        5 if b.first() == Some(&b'0') && matches!(b.get(2), Some(b'R' | b'U')) => character == 'J',
        // Blood from a donor unless the record says autologous.
        6 if b.starts_with(b"302") => character == '1',
        _ => character == 'Z',
    }
}

/// The approaches a procedure is done by unless the record says otherwise, from the first
/// three characters of its code: open in the Medical and Surgical section, except
/// endovascular insertion, dilation and occlusion (heart, great vessels, arteries, veins:
/// percutaneous), drainage of a body cavity (a chest tube, thoracentesis, paracentesis:
/// percutaneous), airway insertion and the procedures on the uterus, cervix and vagina that
/// go through the vagina (removal and insertion of a device, extraction, excision,
/// destruction: via the natural opening); obstetrics through the vagina; imaging without an
/// approach; elsewhere percutaneous or external. With the body part known (a fourth
/// character): what is done through the mouth on the lips, gums, tongue, palate, uvula,
/// tonsils and adenoids, and to the foreskin, is external as coded (tonsillectomy,
/// circumcision); a bone marrow biopsy is percutaneous. A heart ablation and a joint's
/// drainage are percutaneous (catheter, needle), the prostate's excision and destruction
/// transurethral.
pub(crate) fn usual_approaches(code: &str) -> &'static [u8] {
    let b = code.as_bytes();
    let (section, system, operation) = (b.first(), b.get(1), b.get(2));
    let external = match (section, system, b.get(3)) {
        (Some(b'0'), Some(b'C'), Some(part)) => matches!(part, b'0'..=b'7' | b'N' | b'P' | b'Q'),
        (Some(b'0'), Some(b'V'), Some(part)) => *part == b'T',
        _ => false,
    };
    let marrow = (section, system, operation) == (Some(&b'0'), Some(&b'7'), Some(&b'D'));
    let endovascular =
        section == Some(&b'0') && matches!(system, Some(b'2'..=b'6')) && matches!(operation, Some(b'H' | b'7' | b'L'));
    let cavity_drainage = (section, system, operation) == (Some(&b'0'), Some(&b'W'), Some(&b'9'));
    // A heart ablation goes through a catheter; a joint is drained with a needle.
    let catheter_ablation = (section, system, operation) == (Some(&b'0'), Some(&b'2'), Some(&b'5'));
    let arthrocentesis = section == Some(&b'0') && matches!(system, Some(b'R' | b'S')) && operation == Some(&b'9');
    // The prostate is resected, excised and ablated through the urethra (TURP, laser).
    let transurethral = (section, system, b.get(3)) == (Some(&b'0'), Some(&b'V'), Some(&b'0'))
        && matches!(operation, Some(b'B' | b'5'));
    let through_an_opening = match (section, system, operation) {
        (Some(b'0'), Some(b'B'), Some(b'H')) | (Some(b'1'), ..) => true,
        (Some(b'0'), Some(b'U'), Some(op)) => matches!(op, b'P' | b'H' | b'D' | b'B' | b'5'),
        _ => false,
    };
    match section {
        _ if external => b"X",
        _ if endovascular || marrow || cavity_drainage || catheter_ablation || arthrocentesis => b"3",
        _ if through_an_opening => b"7",
        _ if transurethral => b"8",
        Some(b'0') => b"0",
        Some(b'B') => b"Z",
        _ => b"3X",
    }
}

/// The query words (bits) a label names, and how many of its words the query does not name.
/// Reads the label in place: it runs for every value of every row a query's operation names.
fn mask_of(label: &str, q: &[&str]) -> (u32, i32) {
    // "No Device", "No Qualifier", "None": the absence of a value names nothing.
    if label.starts_with("No ") || label == "None" {
        return (0, 0);
    }
    let mut mask = 0u32;
    let mut extra = 0;
    let mut buf = [0u8; 32];
    for word in label.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let Some(lower) = buf.get_mut(..word.len()) else {
            extra += 1;
            continue;
        };
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        let w = std::str::from_utf8(lower).unwrap_or("");
        if skipped(w) {
            continue;
        }
        let mut hit = false;
        for (i, t) in q.iter().enumerate() {
            if same_word(t, w) {
                mask |= 1 << i;
                hit = true;
            }
        }
        extra += i32::from(!hit);
    }
    (mask, extra)
}

/// The same word, a plural ("arteries", "artery"; "testes", "testis") or a word the query
/// shortens ("poly" for "polyethylene").
fn same_word(query: &str, label: &str) -> bool {
    // Every form keeps the first letter: most pairs end here.
    if query.as_bytes().first() != label.as_bytes().first() {
        return false;
    }
    query == label
        || (query.len() >= 4 && label.len() > query.len() && label.starts_with(query))
        || (query.len() > 3 && label.len() > 3 && {
            let theirs = stems(label);
            stems(query).iter().flatten().any(|s| theirs.contains(&Some(s)))
        })
}

/// A word without its plural endings, to compare with another's: "arteries" and "artery"
/// both give "arter", "testes" and "testis" both "test", "tubes" and "tube" both "tube".
fn stems(w: &str) -> [Option<&str>; 6] {
    let plain_s = !w.ends_with("ss") && !w.ends_with("us");
    [
        Some(w),
        w.strip_suffix("ies"),
        w.strip_suffix('y'),
        w.strip_suffix("es"),
        w.strip_suffix("is"),
        w.strip_suffix('s').filter(|_| plain_s),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_their_plurals_are_the_same_word() {
        assert!(same_word("arteries", "artery"));
        assert!(same_word("kidney", "kidneys"));
        assert!(same_word("testes", "testis"));
        assert!(same_word("tubes", "tube"));
        assert!(same_word("poly", "polyethylene"));
        assert!(!same_word("bypass", "bypas"));
        assert!(!same_word("as", "a"));
    }

    #[test]
    fn the_conventions_pick_an_axis_the_query_leaves_open() {
        assert!(preferred("0DT", 4, '0'));
        assert!(preferred("02H", 4, '3'));
        assert!(preferred("0BH", 4, '7'));
        assert!(preferred("0UP", 4, '7'), "an IUD comes out through the vagina");
        assert!(preferred("0UT", 4, '0'), "a hysterectomy is open unless said");
        assert!(preferred("0DT", 6, 'Z'));
        assert!(!preferred("0DT", 6, 'X'));
    }
}
