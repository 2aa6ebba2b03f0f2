//! Code systems and the canonical form of codes: upper case, no dot.

use std::fmt;
use std::str::FromStr;

/// The code systems a table can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum System {
    Icd10Cm,
    Icd10Pcs,
}

impl System {
    /// The short name used in table metadata, the CLI and the JS API.
    pub fn as_str(self) -> &'static str {
        match self {
            System::Icd10Cm => "icd10cm",
            System::Icd10Pcs => "icd10pcs",
        }
    }

    /// The FHIR `Coding.system` URI.
    pub fn fhir_uri(self) -> &'static str {
        match self {
            System::Icd10Cm => "http://hl7.org/fhir/sid/icd-10-cm",
            System::Icd10Pcs => "http://www.cms.gov/Medicare/Coding/ICD10",
        }
    }

    /// How a canonical code is shown: ICD-10-CM gets its dot after the category.
    pub fn display(self, canonical: &str) -> String {
        match self {
            // A dot only in what could be a code: claim text of any shape is shown as it is.
            System::Icd10Cm if canonical.len() > 3 && canonical.is_char_boundary(3) => {
                format!("{}.{}", &canonical[..3], &canonical[3..])
            }
            _ => canonical.to_string(),
        }
    }
}

impl fmt::Display for System {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for System {
    type Err = String;
    fn from_str(s: &str) -> Result<System, String> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "icd10cm" => Ok(System::Icd10Cm),
            "icd10pcs" => Ok(System::Icd10Pcs),
            _ => Err(format!("unknown code system {s:?}: expected icd10cm or icd10pcs")),
        }
    }
}

/// The canonical form of a typed code: surrounding space trimmed, dots removed, upper case.
///
/// Returns `None` when what remains is empty, longer than 7 characters or not ASCII
/// alphanumeric, so no lookup is ever attempted with junk.
pub fn canonical_code(input: &str) -> Option<String> {
    let trimmed = input.trim();
    if trimmed.len() > 16 {
        return None;
    }
    let mut out = String::with_capacity(7);
    for c in trimmed.chars() {
        match c {
            '.' => {}
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_uppercase()),
            _ => return None,
        }
    }
    (!out.is_empty() && out.len() <= 7).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(canonical_code(" i50.23 ").as_deref(), Some("I5023"));
        assert_eq!(canonical_code("S72001A").as_deref(), Some("S72001A"));
        assert_eq!(canonical_code("02703dz").as_deref(), Some("02703DZ"));
        assert_eq!(canonical_code(""), None);
        assert_eq!(canonical_code("I50 23"), None);
        assert_eq!(canonical_code("S72.001AA"), None);
        assert_eq!(canonical_code("<script>"), None);
        assert_eq!(System::Icd10Cm.display("I5023"), "I50.23");
        assert_eq!(System::Icd10Cm.display("I50"), "I50");
        assert_eq!(System::Icd10Pcs.display("02703DZ"), "02703DZ");
        assert_eq!("ICD-10-CM".parse::<System>(), Ok(System::Icd10Cm));
        assert!("hcpcs".parse::<System>().is_err());
    }
}
