//! Conditions on one lead field, and whether a value meets them.
//!
//! The scoring model (a rule's `when`), the market model (a multiplier's `when`) and an import's
//! mapping (which export values become which model values, which outcome means success) say
//! "this field equals / is one of / contains a word / is in a range / is present" in the same
//! words, and must agree on what a value matches, so the test lives here once.
//!
//! What this module must not do: know what a match is for (points, odds) or how a condition is
//! validated at the edge (the scenario paths belong to the model that holds the condition).

use serde::{Deserialize, Serialize};

use crate::leads::Value;

/// A literal in a condition: compared as a number when both sides are numbers (booleans count
/// as 1/0), otherwise as text without regard to case or surrounding spaces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Literal {
    Bool(bool),
    Number(f64),
    Text(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "is", rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    Equals {
        value: Literal,
    },
    OneOf {
        values: Vec<Literal>,
    },
    /// `min ≤ x < max`; either end may be left open.
    Range {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// The text holds one of these words or phrases as whole words, ignoring case and
    /// punctuation: "vp" matches "VP, Sales" but not "SVP"; "vice president" matches "Vice
    /// President of Marketing". Real exports need it for free text such as job titles.
    Contains {
        words: Vec<String>,
    },
    /// The field has a value (non-empty text, any number, `true`).
    Present,
}

/// A literal as a user wrote it: text trimmed, numbers and booleans as JSON spells them.
impl std::fmt::Display for Literal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Number(x) => write!(f, "{x}"),
            Literal::Text(s) => f.write_str(s.trim()),
        }
    }
}

fn literal_number(l: &Literal) -> Option<f64> {
    match l {
        Literal::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        Literal::Number(x) => Some(*x),
        Literal::Text(_) => None,
    }
}

fn equals(lit: &Literal, v: &Value) -> bool {
    match (v, lit) {
        (Value::Missing, _) => false,
        (Value::Text(s), Literal::Text(t)) => s.trim().eq_ignore_ascii_case(t.trim()),
        (Value::Text(s), Literal::Bool(b)) => s.trim().eq_ignore_ascii_case(&b.to_string()),
        (Value::Text(s), Literal::Number(x)) => s.trim().parse::<f64>().is_ok_and(|y| y == *x),
        (v, lit) => match (v.as_number(), literal_number(lit)) {
            (Some(a), Some(b)) => a == b,
            _ => match lit {
                Literal::Text(t) => v.to_string().eq_ignore_ascii_case(t.trim()),
                _ => false,
            },
        },
    }
}

/// Whether a condition holds for a value. Missing values match nothing.
pub fn matches(cond: &Condition, v: &Value) -> bool {
    match cond {
        Condition::Equals { value } => equals(value, v),
        Condition::OneOf { values } => values.iter().any(|l| equals(l, v)),
        Condition::Range { min, max } => match v.as_number() {
            Some(x) => min.is_none_or(|lo| x >= lo) && max.is_none_or(|hi| x < hi),
            None => false,
        },
        Condition::Contains { words } => match v {
            Value::Text(s) => {
                let hay = words_of(s);
                words.iter().any(|w| holds_phrase(&hay, &words_of(w)))
            }
            _ => false,
        },
        Condition::Present => v.is_present(),
    }
}

/// Text as lower-case words: runs of letters and digits, everything else a separator.
pub fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `phrase` (words) appears in `hay` (words) as consecutive whole words; an empty phrase
/// matches nothing, so a blank entry in a list cannot match every lead.
fn holds_phrase(hay: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && hay.windows(phrase.len()).any(|w| w == phrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_matches_whole_words_and_phrases() {
        let c = |words: &[&str]| Condition::Contains {
            words: words.iter().map(|w| w.to_string()).collect(),
        };
        let t = |s: &str| Value::Text(s.into());
        assert!(matches(&c(&["vp"]), &t("VP, Sales")));
        assert!(matches(&c(&["VP"]), &t("Regional vp of sales")));
        assert!(!matches(&c(&["vp"]), &t("SVP Revenue")));
        assert!(!matches(&c(&["cto"]), &t("Director of IT")));
        assert!(matches(
            &c(&["cto", "vice president"]),
            &t("Vice President, Marketing")
        ));
        assert!(!matches(&c(&["vice president"]), &t("President, Vice")));
        assert!(matches(&c(&["head of"]), &t("Head of Growth")));
        assert!(!matches(&c(&[""]), &t("anything")));
        assert!(!matches(&c(&[" , "]), &t("a, b")));
        assert!(!matches(&c(&["vp"]), &Value::Missing));
        assert!(!matches(&c(&["1"]), &Value::Number(1.0)));
        assert!(matches(
            &c(&["Gesch\u{e4}ftsf\u{fc}hrer"]),
            &t("GESCH\u{c4}FTSF\u{dc}HRER")
        ));
    }

    #[test]
    fn conditions() {
        use Condition::*;
        use Value::*;
        let lit = |s: &str| Literal::Text(s.into());
        let cases: Vec<(Condition, Value, bool)> = vec![
            (
                Equals {
                    value: lit(" SaaS "),
                },
                Text("saas".into()),
                true,
            ),
            (Equals { value: lit("saas") }, Missing, false),
            (
                Equals {
                    value: Literal::Number(3.0),
                },
                Number(3.0),
                true,
            ),
            (
                Equals {
                    value: Literal::Number(3.0),
                },
                Text("3".into()),
                true,
            ),
            (
                Equals {
                    value: Literal::Bool(true),
                },
                Number(1.0),
                true,
            ),
            (
                Equals {
                    value: Literal::Bool(true),
                },
                Text("TRUE".into()),
                true,
            ),
            (
                Equals {
                    value: Literal::Bool(false),
                },
                Bool(true),
                false,
            ),
            (
                OneOf {
                    values: vec![lit("a"), lit("b")],
                },
                Text("B".into()),
                true,
            ),
            (
                OneOf {
                    values: vec![lit("a"), lit("b")],
                },
                Text("c".into()),
                false,
            ),
            (
                Range {
                    min: Some(10.0),
                    max: Some(20.0),
                },
                Number(10.0),
                true,
            ),
            (
                Range {
                    min: Some(10.0),
                    max: Some(20.0),
                },
                Number(20.0),
                false,
            ),
            (
                Range {
                    min: None,
                    max: Some(20.0),
                },
                Number(-5.0),
                true,
            ),
            (
                Range {
                    min: Some(1.0),
                    max: None,
                },
                Text("7".into()),
                false,
            ),
            (
                Range {
                    min: Some(1.0),
                    max: None,
                },
                Missing,
                false,
            ),
            (Present, Text("x".into()), true),
            (Present, Missing, false),
            (Present, Bool(false), false),
        ];
        for (cond, v, want) in cases {
            assert_eq!(matches(&cond, &v), want, "{cond:?} on {v:?}");
        }
    }

    #[test]
    fn literals_print_as_written() {
        let cases = [
            (Literal::Text(" sofware ".into()), "sofware"),
            (Literal::Number(1000.0), "1000"),
            (Literal::Number(2.5), "2.5"),
            (Literal::Bool(true), "true"),
        ];
        for (lit, want) in cases {
            assert_eq!(lit.to_string(), want, "{lit:?}");
        }
    }
}
