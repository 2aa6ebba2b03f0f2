//! The CMS grouper formula language.
//!
//! ```text
//! expr    := term ( " | " term )*   |   term ( " & " term )*
//! term    := atom | "~" atom | "(" expr ")" | "~(" expr ")"
//! atom    := [PREFIX ":"] NAME        PREFIX := PDX | SDX | ANY | ONLY
//! ```
//!
//! `&` and `|` never stand side by side at one bracket level in the CMS data, so no
//! precedence is needed: mixing them is rejected rather than guessed at.

use std::fmt;

/// Which diagnoses an atom is tested on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Prefix {
    /// No prefix: a procedure attribute, a special atom (`MCC`, `ORPROC`, `DIED`…) or, in a few
    /// rows, a diagnosis attribute.
    None,
    Pdx,
    Sdx,
    Any,
    Only,
}

/// A name with its prefix, e.g. `PDX:dxc0501`, `SDX:mccalive`, `ORPROC`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Atom {
    pub prefix: Prefix,
    pub name: String,
}

/// A parsed formula.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    Atom(Atom),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

/// What a formula is evaluated against.
pub trait Facts {
    fn holds(&self, atom: &Atom) -> bool;
}

impl<F: Fn(&Atom) -> bool> Facts for F {
    fn holds(&self, atom: &Atom) -> bool {
        self(atom)
    }
}

/// A formula as stored in the tables, parsed; the CMS text is kept to explain results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Formula {
    pub source: String,
    pub expr: Expr,
}

/// Why a formula string was rejected (a table problem, never user input).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormulaError {
    pub formula: String,
    pub at: usize,
    pub reason: &'static str,
}

impl fmt::Display for FormulaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "formula {:?} at byte {}: {}", self.formula, self.at, self.reason)
    }
}

impl std::error::Error for FormulaError {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token<'a> {
    Open,
    Close,
    Not,
    And,
    Or,
    Name(&'a str),
}

fn tokenize(s: &str) -> Result<Vec<(usize, Token<'_>)>, FormulaError> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let t = match b[i] {
            b' ' => {
                i += 1;
                continue;
            }
            b'(' => Token::Open,
            b')' => Token::Close,
            b'~' => Token::Not,
            b'&' => Token::And,
            b'|' => Token::Or,
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b':') {
                    i += 1;
                }
                out.push((start, Token::Name(&s[start..i])));
                continue;
            }
            _ => return Err(FormulaError { formula: s.into(), at: i, reason: "unexpected character" }),
        };
        out.push((i, t));
        i += 1;
    }
    Ok(out)
}

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<(usize, Token<'a>)>,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn err(&self, reason: &'static str) -> FormulaError {
        let at = self.tokens.get(self.pos).map_or(self.src.len(), |t| t.0);
        FormulaError { formula: self.src.into(), at, reason }
    }

    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).map(|t| t.1)
    }

    fn expr(&mut self) -> Result<Expr, FormulaError> {
        let first = self.term()?;
        let Some(op @ (Token::And | Token::Or)) = self.peek() else { return Ok(first) };
        let mut items = vec![first];
        while let Some(t) = self.peek() {
            match t {
                Token::And | Token::Or if t == op => {
                    self.pos += 1;
                    items.push(self.term()?);
                }
                Token::And | Token::Or => return Err(self.err("`&` and `|` mixed at one level")),
                _ => break,
            }
        }
        Ok(if op == Token::And { Expr::And(items) } else { Expr::Or(items) })
    }

    fn term(&mut self) -> Result<Expr, FormulaError> {
        match self.peek() {
            Some(Token::Not) => {
                self.pos += 1;
                Ok(Expr::Not(Box::new(self.term()?)))
            }
            Some(Token::Open) => {
                self.pos += 1;
                let e = self.expr()?;
                if self.peek() != Some(Token::Close) {
                    return Err(self.err("missing `)`"));
                }
                self.pos += 1;
                Ok(e)
            }
            Some(Token::Name(n)) => {
                self.pos += 1;
                atom(n).map(Expr::Atom).ok_or_else(|| self.err("bad atom"))
            }
            _ => Err(self.err("expected a name, `~` or `(`")),
        }
    }
}

fn atom(text: &str) -> Option<Atom> {
    let (prefix, name) = match text.split_once(':') {
        Some(("PDX", n)) => (Prefix::Pdx, n),
        Some(("SDX", n)) => (Prefix::Sdx, n),
        Some(("ANY", n)) => (Prefix::Any, n),
        Some(("ONLY", n)) => (Prefix::Only, n),
        Some(_) => return None,
        None => (Prefix::None, text),
    };
    (!name.is_empty() && !name.contains(':')).then(|| Atom { prefix, name: name.to_string() })
}

impl std::str::FromStr for Formula {
    type Err = FormulaError;

    fn from_str(s: &str) -> Result<Formula, FormulaError> {
        let mut p = Parser { src: s, tokens: tokenize(s)?, pos: 0 };
        let expr = p.expr()?;
        if p.pos != p.tokens.len() {
            return Err(p.err("text after the end of the formula"));
        }
        Ok(Formula { source: s.to_string(), expr })
    }
}

impl Expr {
    /// Evaluates with short-circuiting, in the stored order.
    pub fn eval(&self, facts: &dyn Facts) -> bool {
        match self {
            Expr::Atom(a) => facts.holds(a),
            Expr::Not(e) => !e.eval(facts),
            Expr::And(items) => items.iter().all(|e| e.eval(facts)),
            Expr::Or(items) => items.iter().any(|e| e.eval(facts)),
        }
    }

    /// Every atom, in order of appearance.
    pub fn atoms(&self) -> Vec<&Atom> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a Atom>) {
        match self {
            Expr::Atom(a) => out.push(a),
            Expr::Not(e) => e.collect(out),
            Expr::And(items) | Expr::Or(items) => items.iter().for_each(|e| e.collect(out)),
        }
    }
}

impl Formula {
    pub fn eval(&self, facts: &dyn Facts) -> bool {
        self.expr.eval(facts)
    }
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = match self.prefix {
            Prefix::None => "",
            Prefix::Pdx => "PDX:",
            Prefix::Sdx => "SDX:",
            Prefix::Any => "ANY:",
            Prefix::Only => "ONLY:",
        };
        write!(f, "{p}{}", self.name)
    }
}

/// Writes the CMS spelling back: one space around `&` and `|`, none elsewhere.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let group = |f: &mut fmt::Formatter<'_>, e: &Expr| match e {
            Expr::And(_) | Expr::Or(_) => write!(f, "({e})"),
            _ => write!(f, "{e}"),
        };
        match self {
            Expr::Atom(a) => write!(f, "{a}"),
            Expr::Not(e) => {
                f.write_str("~")?;
                group(f, e)
            }
            Expr::And(items) | Expr::Or(items) => {
                let op = if matches!(self, Expr::And(_)) { " & " } else { " | " };
                for (i, e) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(op)?;
                    }
                    group(f, e)?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Formula {
        s.parse().unwrap()
    }

    #[test]
    fn parses_the_grammar_and_prints_it_back() {
        for s in [
            "MDC00",
            "SDX:mccalive & INVALID_DSTAT",
            "~PDX:postop",
            "(PDX:hiv & SDX:hivmaj) & (hiv | hivmaj)",
            "~(kidneyxp & ANY:renalfail)",
            "(d468 | d477)",
            "ONLY:incident",
            "5",
        ] {
            let f = parse(s);
            assert_eq!(f.to_string(), s);
            // Printing the tree and parsing it again gives the same tree.
            assert_eq!(parse(&f.expr.to_string()).expr, f.expr, "{s}");
        }
        let f = parse("PDX:dxc0501 & (ORPROC | MCC)");
        let atoms: Vec<String> = f.expr.atoms().iter().map(|a| a.to_string()).collect();
        assert_eq!(atoms, ["PDX:dxc0501", "ORPROC", "MCC"]);
    }

    #[test]
    fn evaluates_with_facts() {
        let f = parse("PDX:ami & ~DIED & (MCC | CC)");
        let facts = |a: &Atom| matches!(a.name.as_str(), "ami" | "CC");
        assert!(f.eval(&facts));
        let dead = |a: &Atom| matches!(a.name.as_str(), "ami" | "CC" | "DIED");
        assert!(!f.eval(&dead));
    }

    #[test]
    fn rejects_what_the_grammar_does_not_allow() {
        for bad in ["a & b | c", "(a & b", "a b", "", "X:y", "a & ", "a # b", "PDX:"] {
            assert!(bad.parse::<Formula>().is_err(), "{bad:?}");
        }
    }
}
