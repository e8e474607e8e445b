//! Example leads: leads the room agreed must, or must not, be MQLs, kept in the scenario and
//! checked against the scoring model like tests.
//!
//! An [`Example`] is self-contained: it holds the lead's fields themselves (as the lead table
//! has them: text, a number, yes/no, a date, or empty), so it can be checked against any scoring
//! model without the sample it came from. [`check`] scores each example with the same
//! [`Scorer`] as the sample (over a one-row lead table of the example's fields) and says whether
//! the agreement holds; [`explain_lead`] gives the same explanation for a lead of a sample, and
//! [`example_from_lead`] captures such a lead as an example, which then scores exactly as the
//! lead does in its sample (dates are kept to the minute).
//!
//! No silent zeros: a field the model's rules read that an example does not give is listed in
//! [`Explanation::missing_fields`] (a field given as empty is empty on purpose, and is not); and
//! [`field_problems`] says which fields of an example a lead table has no column for, or holds
//! another kind of value in.
//!
//! What this module must not do: change how any lead scores (that is [`crate::scoring`]'s), or
//! know where the examples are shown.

use std::collections::BTreeMap;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::civil::{format_date, format_timestamp, parse_timestamp, MINUTES_PER_DAY_I};
use crate::leads::{Column, FieldKind, LeadTable, Value};
use crate::scoring::{Contribution, Qualify, Score, Scorer, ScoringModel};
use crate::validate::{in_range, invalid, not_blank, number, Checked, Unit};

/// The most examples one scenario keeps.
pub const MAX_EXAMPLES: usize = 200;
/// The most fields one example holds (a CRM export may have hundreds of columns).
pub const MAX_FIELDS: usize = 500;
/// The longest name of an example or of a field, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest text value or note, in characters; a captured lead's longer text is cut.
pub const MAX_TEXT_CHARS: usize = 2000;
/// The largest number a field may hold, either way.
pub const MAX_NUMBER: f64 = 1e15;

/// A lead the room agreed on: what it is called, its fields, and whether it must be an MQL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// What the room calls it: "VP at a 500-person fintech who asked for a demo".
    pub name: String,
    /// The lead's fields by name, kept in the order of their names; names are matched to the
    /// model's fields ignoring case and surrounding spaces, as the lead table's columns are.
    pub fields: Fields,
    pub expect: Expect,
    /// Why the room agreed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The day the example's dates are counted to when decay reads a date field (the newest
    /// date of the sample it came from, the day of the export); without it, the newest date
    /// among the example's own fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

/// What the room agreed an example must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    Mql,
    NotMql,
}

impl Expect {
    pub fn is_mql(self) -> bool {
        self == Expect::Mql
    }

    /// The expectation a lead meets: `Mql` for an MQL.
    pub fn of(mql: bool) -> Expect {
        if mql {
            Expect::Mql
        } else {
            Expect::NotMql
        }
    }
}

/// One field's value, as a lead table holds it. In JSON: text, a number, `true`/`false`, `null`
/// for an empty field, or `{"date": "2026-03-01"}` (`YYYY-MM-DD`, optionally ` HH:MM`).
#[derive(Clone, Debug, PartialEq)]
pub enum FieldValue {
    Empty,
    Bool(bool),
    Number(f64),
    Text(String),
    /// A date or date-time as written (`2026-03-01`, `2026-03-01 09:15`).
    Date(String),
}

impl FieldValue {
    /// The kind of column this value belongs in; `None` for an empty value, which fits any.
    pub fn kind(&self) -> Option<FieldKind> {
        match self {
            FieldValue::Empty => None,
            FieldValue::Bool(_) => Some(FieldKind::Bool),
            FieldValue::Number(_) => Some(FieldKind::Number),
            FieldValue::Text(_) => Some(FieldKind::Text),
            FieldValue::Date(_) => Some(FieldKind::Time),
        }
    }

    /// The cell a lead table holds for this value (a date that does not parse is empty).
    pub fn to_value(&self) -> Value {
        match self {
            FieldValue::Empty => Value::Missing,
            FieldValue::Bool(b) => Value::Bool(*b),
            FieldValue::Number(x) => Value::Number(*x),
            FieldValue::Text(s) => Value::Text(s.clone()),
            FieldValue::Date(d) => {
                parse_timestamp(d).map_or(Value::Missing, |m| Value::Number(m as f64))
            }
        }
    }

    /// A table's cell as an example holds it; a date column's minutes become a date.
    pub fn from_value(v: &Value, kind: FieldKind) -> FieldValue {
        match (v, kind) {
            (Value::Missing, _) => FieldValue::Empty,
            (Value::Number(m), FieldKind::Time) => FieldValue::Date(moment(*m)),
            (Value::Number(x), _) => FieldValue::Number(*x),
            (Value::Bool(b), _) => FieldValue::Bool(*b),
            (Value::Text(s), _) => FieldValue::Text(s.clone()),
        }
    }
}

impl Serialize for FieldValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldValue::Empty => s.serialize_unit(),
            FieldValue::Bool(b) => s.serialize_bool(*b),
            FieldValue::Number(x) => s.serialize_f64(*x),
            FieldValue::Text(t) => s.serialize_str(t),
            // A struct, not a map: it stays a plain object in JavaScript too.
            FieldValue::Date(d) => {
                let mut st = s.serialize_struct("Date", 1)?;
                st.serialize_field("date", d)?;
                st.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FieldValue, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "text, a number, true or false, null for an empty field, or \
                     {\"date\": \"YYYY-MM-DD\"}",
                )
            }
            fn visit_unit<E>(self) -> Result<FieldValue, E> {
                Ok(FieldValue::Empty)
            }
            fn visit_none<E>(self) -> Result<FieldValue, E> {
                Ok(FieldValue::Empty)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<FieldValue, D::Error> {
                FieldValue::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<FieldValue, E> {
                Ok(FieldValue::Bool(b))
            }
            fn visit_i64<E>(self, x: i64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(x as f64))
            }
            fn visit_u64<E>(self, x: u64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(x as f64))
            }
            fn visit_f64<E>(self, x: f64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(x))
            }
            fn visit_str<E>(self, s: &str) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(s))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldValue, A::Error> {
                let wrong = || {
                    de::Error::custom(
                        "an object as a field's value must be a date: {\"date\": \"YYYY-MM-DD\"}",
                    )
                };
                let mut date = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key != "date" || date.is_some() {
                        return Err(wrong());
                    }
                    date = Some(map.next_value::<String>()?);
                }
                date.map(FieldValue::Date).ok_or_else(wrong)
            }
        }
        d.deserialize_any(V)
    }
}

/// An example's fields: names with values (JSON: an object). Kept in the order of their names,
/// as a JSON object is read back, so that a scenario is the same after a trip through its file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Fields(pub BTreeMap<String, FieldValue>);

impl Fields {
    /// The value of a field, its name matched ignoring case and surrounding spaces.
    pub fn get(&self, name: &str) -> Option<&FieldValue> {
        self.0.get(name).or_else(|| {
            self.iter()
                .find(|(n, _)| same_name(n, name))
                .map(|(_, v)| v)
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &FieldValue)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sets a field, replacing any value it had under exactly that name.
    pub fn insert(&mut self, name: impl Into<String>, value: FieldValue) {
        self.0.insert(name.into(), value);
    }
}

impl<S: Into<String>> FromIterator<(S, FieldValue)> for Fields {
    fn from_iter<I: IntoIterator<Item = (S, FieldValue)>>(iter: I) -> Fields {
        Fields(iter.into_iter().map(|(n, v)| (n.into(), v)).collect())
    }
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

// ---------------------------------------------------------------------------------------------
// Validation at the edge.

/// Checks a scenario's examples; `path` is where they are in the scenario (`examples`).
pub fn validate(path: &str, examples: &[Example]) -> Checked {
    if examples.len() > MAX_EXAMPLES {
        return Err(invalid(
            path,
            format!(
                "the scenario holds {} examples, and at most {MAX_EXAMPLES} are kept: remove the \
                 ones the room no longer needs",
                examples.len()
            ),
        ));
    }
    for (i, e) in examples.iter().enumerate() {
        let p = format!("{path}[{i}]");
        e.validate(&p, i)?;
        if let Some(first) = examples[..i]
            .iter()
            .position(|o| same_name(&o.name, &e.name))
        {
            return Err(invalid(
                format!("{p}.name"),
                format!(
                    "examples {} and {} are both called '{}': give each example its own name",
                    first + 1,
                    i + 1,
                    e.name.trim()
                ),
            ));
        }
    }
    Ok(())
}

/// `text` must be at most `max` characters long.
fn not_longer(path: &str, text: &str, max: usize, what: &str) -> Checked {
    let n = text.chars().count();
    if n > max {
        Err(invalid(
            path,
            format!(
                "{what} is {} characters long: keep it to at most {}",
                number(n as f64),
                number(max as f64)
            ),
        ))
    } else {
        Ok(())
    }
}

impl Example {
    /// Checks one example; `path` is its place in the scenario (`examples[3]`), `i` its index.
    pub fn validate(&self, path: &str, i: usize) -> Checked {
        not_blank(
            &format!("{path}.name"),
            &self.name,
            &format!(
                "example {} has no name: enter what the room calls it, such as \"VP at a \
                 500-person fintech who asked for a demo\"",
                i + 1
            ),
        )?;
        not_longer(
            &format!("{path}.name"),
            &self.name,
            MAX_NAME_CHARS,
            &format!("the name of example {}", i + 1),
        )?;
        let example = format!("example '{}'", self.name.trim());
        if self.fields.is_empty() {
            return Err(invalid(
                format!("{path}.fields"),
                format!(
                    "{example} has no fields: give the lead's fields (such as industry or \
                     company_size), so that the model has something to score"
                ),
            ));
        }
        if self.fields.len() > MAX_FIELDS {
            return Err(invalid(
                format!("{path}.fields"),
                format!(
                    "{example} has {} fields, and an example keeps at most {MAX_FIELDS}: keep \
                     the fields the scoring model may read",
                    number(self.fields.len() as f64)
                ),
            ));
        }
        // Each name as columns are matched (trimmed, ASCII case folded), with its spelling.
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for (name, value) in self.fields.iter() {
            if name.trim().is_empty() {
                return Err(invalid(
                    format!("{path}.fields"),
                    format!(
                        "{example} has a field with no name: name each field as the leads' \
                         column is named"
                    ),
                ));
            }
            let p = format!("{path}.fields.{name}");
            not_longer(
                &p,
                name,
                MAX_NAME_CHARS,
                &format!("the name of field '{}' of {example}", clipped(name, 40)),
            )?;
            if let Some(first) = seen.insert(name.trim().to_ascii_lowercase(), name) {
                return Err(invalid(
                    p,
                    format!(
                        "{example} gives field '{}' twice (as '{first}' and as '{name}'; field \
                         names are matched ignoring case): keep one",
                        name.trim()
                    ),
                ));
            }
            let what = format!("field '{}' of {example}", name.trim());
            match value {
                FieldValue::Empty | FieldValue::Bool(_) => {}
                FieldValue::Number(x) => in_range(
                    &p,
                    *x,
                    -MAX_NUMBER,
                    MAX_NUMBER,
                    &format!("the value of {what}"),
                    Unit::Number,
                )?,
                FieldValue::Text(t) => {
                    not_longer(&p, t, MAX_TEXT_CHARS, &format!("the text of {what}"))?
                }
                FieldValue::Date(d) => {
                    if parse_timestamp(d).is_none() {
                        return Err(invalid(
                            p,
                            format!(
                                "{what} holds the date '{}', which is not one: write it as \
                                 YYYY-MM-DD, with the time after a space if it matters \
                                 (2026-03-01 09:15)",
                                clipped(d, 40)
                            ),
                        ));
                    }
                }
            }
        }
        if let Some(note) = &self.note {
            not_longer(
                &format!("{path}.note"),
                note,
                MAX_TEXT_CHARS,
                &format!("the note of {example}"),
            )?;
        }
        if let Some(as_of) = &self.as_of {
            if parse_timestamp(as_of).is_none() {
                return Err(invalid(
                    format!("{path}.as_of"),
                    format!(
                        "the day the dates of {example} are counted to is '{}', which is not a \
                         date: write it as YYYY-MM-DD (2026-03-31), or leave it out",
                        clipped(as_of, 40)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The example as a one-row lead table: a column per field, of its value's kind (an empty
    /// field is a text column), arriving at 0.
    pub fn table(&self) -> LeadTable {
        let columns = self
            .fields
            .iter()
            .map(|(name, v)| Column {
                name: name.to_string(),
                kind: v.kind().unwrap_or(FieldKind::Text),
            })
            .collect();
        let row = self.fields.iter().map(|(_, v)| v.to_value()).collect();
        LeadTable::new(columns, vec![row], vec![0.0])
            .expect("one row with a value per column, arriving at 0")
    }
}

// ---------------------------------------------------------------------------------------------
// Scoring examples and sample leads.

/// One lead's score and what made it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub fit: f64,
    /// Engagement after decay.
    pub engagement: f64,
    pub total: f64,
    /// The fit × engagement grade, such as "B2".
    pub grade: String,
    pub mql: bool,
    /// Every rule that fired with its points, each binding cap and decay, in that order; they
    /// add up to `total`.
    pub lines: Vec<Contribution>,
    /// Fields the model's rules (or its decay) read that the lead does not have, as the model
    /// spells them: they count as empty, so their rules do not fire.
    pub missing_fields: Vec<String>,
}

impl Explanation {
    fn new(model: &ScoringModel, scorer: &Scorer, table: &LeadTable, row: usize) -> Explanation {
        let (s, lines): (Score, _) = scorer.explain(table.row(row));
        Explanation {
            fit: s.fit,
            engagement: s.engagement,
            total: s.total,
            grade: s.grade.to_string(),
            mql: s.mql,
            lines,
            missing_fields: missing_fields(model, table),
        }
    }
}

/// A sample lead with its explanation: what the page's lead inspector shows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeadExplanation {
    /// The lead's fields, as an example holds them.
    pub fields: Fields,
    pub explanation: Explanation,
}

/// An example checked against a scoring model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExampleResult {
    pub name: String,
    pub expect: Expect,
    /// Whether the model agrees with the room: the example is an MQL exactly when it must be.
    pub holds: bool,
    pub explanation: Explanation,
    /// One sentence: "must be an MQL but scores 42 (threshold 55)".
    pub summary: String,
    /// What else the reader should know about how the example was scored (decay counted to the
    /// example's own newest date).
    pub notes: Vec<String>,
}

/// Scores each example with the model, as its own one-row sample, and says whether it is an
/// MQL exactly when the room agreed it must be. Results are in the order of the examples.
pub fn check(model: &ScoringModel, examples: &[Example]) -> Vec<ExampleResult> {
    examples.iter().map(|e| check_one(model, e)).collect()
}

fn check_one(model: &ScoringModel, e: &Example) -> ExampleResult {
    let table = e.table();
    let mut scorer = Scorer::new(model, &table);
    let mut notes = Vec::new();
    if let Some((field, to)) = scorer.decay_dated_to() {
        match e.as_of.as_deref().and_then(parse_timestamp) {
            Some(at) => scorer.count_dates_to(at as f64),
            None => notes.push(format!(
                "decay reads '{field}', a date: its days are counted to {}, the newest date in \
                 this example; set the example's as_of to the day its leads were exported to \
                 count them as there",
                moment(to)
            )),
        }
    }
    let explanation = Explanation::new(model, &scorer, &table, 0);
    let holds = explanation.mql == e.expect.is_mql();
    let summary = summary(model, e.expect, &explanation, holds);
    ExampleResult {
        name: e.name.clone(),
        expect: e.expect,
        holds,
        explanation,
        summary,
        notes,
    }
}

/// Explains the score of lead `row` of `table`, as scored in that sample; `None` when the table
/// has no such row. This binds the model to the whole table (reading it once per rule).
pub fn explain_lead(
    model: &ScoringModel,
    table: &LeadTable,
    row: usize,
) -> Option<LeadExplanation> {
    if row >= table.len() {
        return None;
    }
    let scorer = Scorer::new(model, table);
    Some(LeadExplanation {
        fields: lead_fields(table, row, false),
        explanation: Explanation::new(model, &scorer, table, row),
    })
}

/// Captures lead `row` of `table` as an example: every field (up to [`MAX_FIELDS`], text cut to
/// [`MAX_TEXT_CHARS`]), and the newest date of the table as `as_of`, so that the example scores
/// as the lead does there. `None` when the table has no such row.
pub fn example_from_lead(
    table: &LeadTable,
    row: usize,
    name: &str,
    expect: Expect,
) -> Option<Example> {
    if row >= table.len() {
        return None;
    }
    let as_of = newest_date(table).map(moment);
    Some(Example {
        name: name.to_string(),
        fields: lead_fields(table, row, true),
        expect,
        note: None,
        as_of,
    })
}

/// Lead `row`'s fields; `limited` keeps what an example may hold (the first [`MAX_FIELDS`]
/// columns, text cut to [`MAX_TEXT_CHARS`]).
fn lead_fields(table: &LeadTable, row: usize, limited: bool) -> Fields {
    let (fields, chars) = if limited {
        (MAX_FIELDS, MAX_TEXT_CHARS)
    } else {
        (usize::MAX, usize::MAX)
    };
    table
        .columns()
        .iter()
        .zip(table.row(row))
        .take(fields)
        .map(|(c, v)| {
            let value = match FieldValue::from_value(v, c.kind) {
                FieldValue::Text(t) if t.chars().nth(chars).is_some() => {
                    FieldValue::Text(t.chars().take(chars).collect())
                }
                other => other,
            };
            (c.name.clone(), value)
        })
        .collect()
}

/// Fields the model reads (rules, then decay) that the table has no column for, each once.
fn missing_fields(model: &ScoringModel, table: &LeadTable) -> Vec<String> {
    let read = model
        .rules
        .iter()
        .map(|r| r.field.as_str())
        .chain(model.decay.as_ref().map(|d| d.field.as_str()));
    let mut out: Vec<String> = Vec::new();
    for f in read {
        if table.column_index(f).is_none() && !out.iter().any(|o| same_name(o, f)) {
            out.push(f.trim().to_string());
        }
    }
    out
}

/// The sentence a result is read by: what the example must be, and the score or grade that
/// decides it.
fn summary(model: &ScoringModel, expect: Expect, x: &Explanation, holds: bool) -> String {
    let decides = match &model.qualify {
        Qualify::Score { threshold } => format!(
            "scores {} (threshold {})",
            shown_score(x.total, *threshold),
            number(*threshold)
        ),
        Qualify::Grid { cells } => {
            let cells: Vec<String> = cells.iter().map(|c| c.trim().to_uppercase()).collect();
            format!("is graded {} (MQL grades: {})", x.grade, cells.join(", "))
        }
    };
    match (expect, holds) {
        (Expect::Mql, true) => format!("is an MQL, as agreed: {decides}"),
        (Expect::Mql, false) => format!("must be an MQL but {decides}"),
        (Expect::NotMql, true) => format!("is not an MQL, as agreed: {decides}"),
        (Expect::NotMql, false) => format!("must not be an MQL but {decides}"),
    }
}

/// A score to two decimals, unless rounding would put it on the other side of the threshold or
/// on it (54.996 is not "55" against a threshold of 55).
fn shown_score(total: f64, threshold: f64) -> String {
    let rounded = (total * 100.0).round() / 100.0;
    if (rounded >= threshold) == (total >= threshold)
        && (rounded != threshold || total == threshold)
    {
        number(rounded)
    } else {
        number(total)
    }
}

// ---------------------------------------------------------------------------------------------
// Examples against a lead table's columns.

/// Why a field of an example does not fit a lead table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Misfit {
    /// The table has no column of that name (ignoring case); the closest name, if one is close.
    NoSuchColumn { suggestion: Option<String> },
    /// The column holds another kind of value than the example gives.
    OtherKind {
        example: FieldKind,
        leads: FieldKind,
    },
}

/// A field of an example that does not fit a lead table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldProblem {
    /// The field as the example names it.
    pub field: String,
    pub misfit: Misfit,
    /// One sentence: "field 'industy' is not a column of the leads (did you mean 'industry'?)".
    pub message: String,
}

/// The fields of `example` that `table` has no column for (a typo, most often), or whose
/// column holds another kind of value (text where the leads hold numbers, which no range
/// matches). Empty fields fit any column, and any field fits a column that is empty throughout.
pub fn field_problems(example: &Example, table: &LeadTable) -> Vec<FieldProblem> {
    let mut out = Vec::new();
    for (name, value) in example.fields.iter() {
        let field = name.trim();
        let Some(c) = table.column_index(name) else {
            let suggestion = closest_column(field, table);
            let message = match &suggestion {
                Some(s) => {
                    format!("field '{field}' is not a column of the leads (did you mean '{s}'?)")
                }
                None => format!("field '{field}' is not a column of the leads"),
            };
            out.push(FieldProblem {
                field: field.to_string(),
                misfit: Misfit::NoSuchColumn { suggestion },
                message,
            });
            continue;
        };
        let col = &table.columns()[c];
        let Some(kind) = value.kind() else { continue };
        if kind == col.kind || !table.rows().any(|r| r[c] != Value::Missing) {
            continue;
        }
        let mut message = format!(
            "field '{field}' is {} in the example, but {} in the leads",
            value_words(kind),
            column_words(col.kind)
        );
        if let (FieldValue::Text(t), FieldKind::Time) = (value, col.kind) {
            if parse_timestamp(t).is_some() {
                message.push_str(&format!(
                    ": write it as a date, {{\"date\": \"{}\"}}",
                    t.trim()
                ));
            }
        }
        out.push(FieldProblem {
            field: field.to_string(),
            misfit: Misfit::OtherKind {
                example: kind,
                leads: col.kind,
            },
            message,
        });
    }
    out
}

fn value_words(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Number => "a number",
        FieldKind::Bool => "yes/no",
        FieldKind::Text => "text",
        FieldKind::Time => "a date",
    }
}

fn column_words(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Number => "a number column",
        FieldKind::Bool => "a yes/no column",
        FieldKind::Text => "a text column",
        FieldKind::Time => "a date column",
    }
}

/// The longest name a suggestion is looked for, so that long names stay cheap to check.
const SUGGESTED_CHARS: usize = 64;

/// The column whose name is nearest `name` (by edits, ignoring case; spaces, `-` and `_` alike),
/// when it is near enough to be a typo of it.
fn closest_column(name: &str, table: &LeadTable) -> Option<String> {
    let norm = |s: &str| -> Vec<char> {
        s.trim()
            .chars()
            .map(|c| match c {
                ' ' | '-' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect()
    };
    let wanted = norm(name);
    if wanted.len() > SUGGESTED_CHARS {
        return None;
    }
    let near = (wanted.len() / 4).clamp(1, 3);
    table
        .columns()
        .iter()
        .filter_map(|c| {
            let other = norm(&c.name);
            // Edits are at least the difference in length: skip what cannot be near.
            (other.len().abs_diff(wanted.len()) <= near).then(|| (edits(&wanted, &other), &c.name))
        })
        .filter(|(d, _)| *d <= near)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.clone())
}

/// Edits between two names (insert, delete, replace, or swap two neighbours: a typo's edits).
fn edits(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let mut best = (d[(i - 1) * w + j - 1] + usize::from(a[i - 1] != b[j - 1]))
                    .min(d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * w + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * w + b.len()]
}

/// The latest moment held in any date column of the table.
fn newest_date(table: &LeadTable) -> Option<f64> {
    let dated: Vec<usize> = (0..table.columns().len())
        .filter(|c| table.columns()[*c].kind == FieldKind::Time)
        .collect();
    table
        .rows()
        .flat_map(|r| dated.iter().filter_map(move |c| r[*c].as_number()))
        .fold(None, |newest: Option<f64>, at| {
            Some(newest.map_or(at, |n| n.max(at)))
        })
}

/// A date column's value as an example writes it: the day, with the time (to the minute) when
/// it is not midnight.
fn moment(minutes: f64) -> String {
    let m = libm::floor(minutes) as i64;
    if m.rem_euclid(MINUTES_PER_DAY_I) == 0 {
        format_date(m)
    } else {
        format_timestamp(m)
    }
}

fn clipped(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_values_read_and_write_as_json_values() {
        let text = r#"{"a": "software", "b": 500, "c": true, "d": null, "e": {"date": "2026-03-01"}, "f": -2.5}"#;
        let f: Fields = serde_json::from_str(text).unwrap();
        assert_eq!(
            f.iter()
                .map(|(n, v)| (n.to_string(), v.clone()))
                .collect::<Vec<_>>(),
            vec![
                ("a".to_string(), FieldValue::Text("software".into())),
                ("b".to_string(), FieldValue::Number(500.0)),
                ("c".to_string(), FieldValue::Bool(true)),
                ("d".to_string(), FieldValue::Empty),
                ("e".to_string(), FieldValue::Date("2026-03-01".into())),
                ("f".to_string(), FieldValue::Number(-2.5)),
            ]
        );
        let back = serde_json::to_string(&f).unwrap();
        assert_eq!(
            back,
            r#"{"a":"software","b":500.0,"c":true,"d":null,"e":{"date":"2026-03-01"},"f":-2.5}"#
        );
        assert_eq!(serde_json::from_str::<Fields>(&back).unwrap(), f);
        assert_eq!(f.get(" A "), Some(&FieldValue::Text("software".into())));
        for bad in [
            r#"{"a": [1]}"#,
            r#"{"a": {"day": "x"}}"#,
            r#"{"a": {}}"#,
            "[1]",
        ] {
            assert!(serde_json::from_str::<Fields>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_captured_lead_keeps_what_an_example_may_hold() {
        let long = "word ".repeat(1000);
        let columns = (0..MAX_FIELDS + 3)
            .map(|i| Column {
                name: format!("f{i:03}"),
                kind: FieldKind::Text,
            })
            .collect();
        let row = (0..MAX_FIELDS + 3)
            .map(|_| Value::Text(long.clone()))
            .collect();
        let t = LeadTable::new(columns, vec![row], vec![0.0]).unwrap();
        let e = example_from_lead(&t, 0, "wordy", Expect::NotMql).unwrap();
        assert_eq!(e.fields.len(), MAX_FIELDS);
        assert_eq!(e.as_of, None, "no date column, no day to count to");
        let FieldValue::Text(kept) = e.fields.get("f000").unwrap() else {
            panic!("text stays text")
        };
        assert_eq!(kept.chars().count(), MAX_TEXT_CHARS);
        assert!(e.validate("examples[0]", 0).is_ok());
        // The inspector shows the lead whole.
        let model = crate::presets::scoring_model();
        let x = explain_lead(&model, &t, 0).unwrap();
        assert_eq!(x.fields.len(), MAX_FIELDS + 3);
        assert_eq!(x.fields.get("f001"), Some(&FieldValue::Text(long)));
    }

    #[test]
    fn typos_find_the_column_meant() {
        let cols = ["industry", "company_size", "Last Activity Date", "region"];
        let t = LeadTable::new(
            cols.iter()
                .map(|n| Column {
                    name: n.to_string(),
                    kind: FieldKind::Text,
                })
                .collect(),
            vec![],
            vec![],
        )
        .unwrap();
        let cases = [
            ("industy", Some("industry")),
            ("company size", Some("company_size")),
            ("Company-Size", Some("company_size")),
            ("last_activity_date", Some("Last Activity Date")),
            ("regoin", Some("region")),
            ("seniority", None),
            ("x", None),
        ];
        for (name, want) in cases {
            assert_eq!(closest_column(name, &t).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn scores_are_shown_on_the_right_side_of_the_threshold() {
        assert_eq!(shown_score(42.0, 55.0), "42");
        assert_eq!(shown_score(37.071_067_811_865, 55.0), "37.07");
        assert_eq!(shown_score(54.996, 55.0), "54.996");
        assert_eq!(shown_score(55.0, 55.0), "55");
        assert_eq!(shown_score(55.001, 55.0), "55.001");
        assert_eq!(shown_score(-20.0, 55.0), "−20");
    }
}
