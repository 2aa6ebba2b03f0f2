//! Procedure names built from Greek and Latin parts, read the way ICD-10-PCS names them: a
//! body part and a root operation ("cystoscopy" → bladder + inspection, "nephrectomy" →
//! kidney + resection, "colostomy" → colon + bypass). Used for words the vocabulary does not
//! list, so a procedure name nobody wrote down still finds its PCS table.

/// Word endings → the root operation's title word (PCS root operations by objective).
const OPERATIONS: [(&str, &str); 10] = [
    ("ectomy", "resection"),
    ("ostomy", "bypass"),
    ("otomy", "drainage"),
    ("oscopy", "inspection"),
    ("plasty", "repair"),
    ("pexy", "reposition"),
    ("rrhaphy", "repair"),
    ("centesis", "drainage"),
    ("tripsy", "fragmentation"),
    ("lysis", "release"),
];

/// Word beginnings → the body part's title words, longest first where they overlap.
const BODY_PARTS: [(&str, &str); 40] = [
    ("choledocho", "common bile duct"),
    ("cholecyst", "gallbladder"),
    ("chole", "gallbladder"),
    ("cysto", "bladder"),
    ("nephro", "kidney"),
    ("nephr", "kidney"),
    ("pyelo", "kidney pelvis"),
    ("ureter", "ureter"),
    ("urethr", "urethra"),
    ("colono", "colon"),
    ("colo", "colon"),
    ("sigmoido", "sigmoid colon"),
    ("procto", "rectum"),
    ("gastro", "stomach"),
    ("gastr", "stomach"),
    ("esophag", "esophagus"),
    ("duoden", "duodenum"),
    ("jejun", "jejunum"),
    ("ileo", "ileum"),
    ("append", "appendix"),
    ("hepat", "liver"),
    ("splen", "spleen"),
    ("pancreat", "pancreas"),
    ("hyster", "uterus"),
    ("oophor", "ovary"),
    ("salping", "fallopian tube"),
    ("orchi", "testis"),
    ("prostat", "prostate"),
    ("mast", "breast"),
    ("thyroid", "thyroid gland"),
    ("parathyroid", "parathyroid gland"),
    ("tonsill", "tonsils"),
    ("adenoid", "adenoids"),
    ("laryng", "larynx"),
    ("trache", "trachea"),
    ("broncho", "bronchus"),
    ("pleur", "pleura"),
    ("pericardi", "pericardium"),
    ("arthro", "joint"),
    ("laparo", "peritoneal cavity"),
];

/// The PCS reading of one word, when it is built from a known body part and operation.
pub fn procedure_words(token: &str) -> Option<Vec<String>> {
    if token.len() < 7 {
        return None;
    }
    let (ending, operation) = OPERATIONS.iter().find(|(e, _)| token.ends_with(e))?;
    let stem = &token[..token.len() - ending.len()];
    let mut parts = BODY_PARTS.iter().filter(|(p, _)| stem.starts_with(p) || p.starts_with(stem));
    let (_, body) = parts.next()?;
    let mut out = vec![operation.to_string()];
    out.extend(body.split(' ').map(str::to_string));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedure_names_read_as_body_part_and_operation() {
        let w = |t: &str| procedure_words(t).map(|v| v.join(" "));
        assert_eq!(w("cystoscopy").as_deref(), Some("inspection bladder"));
        assert_eq!(w("nephrectomy").as_deref(), Some("resection kidney"));
        assert_eq!(w("colostomy").as_deref(), Some("bypass colon"));
        assert_eq!(w("cholecystectomy").as_deref(), Some("resection gallbladder"));
        assert_eq!(w("pneumonia"), None);
        assert_eq!(w("ectomy"), None);
    }
}
