//! The scoring model: the rules a team tunes to decide which leads are MQLs.
//!
//! A score is the sum of points from rules over lead fields, split into fit (who they are) and
//! engagement (what they did), with caps per group of rules and engagement decay. Every score can
//! be explained: the contributions listed by [`Scorer::explain`] add up to the total.
//!
//! The scoring model decides only which leads sales works on; it never changes how buyers behave
//! (that is the market model's job).
//!
//! A model that quietly scores nothing is worse than one that fails: binding a model to a sample
//! ([`Scorer::new`]) looks once at the sample and says, in [`Scorer::warnings`], which rules
//! can never fire there and why, and how a date column used for decay is read.

use serde::{Deserialize, Serialize};

use crate::civil::{format_date, format_timestamp, MINUTES_PER_DAY_I};
use crate::leads::{Column, FieldKind, LeadTable, Value, MINUTES_PER_DAY};
use crate::validate::{
    above, in_range, invalid, not_blank, number, show, Checked, Unit, DAYS, POINTS,
};

// Rules' conditions are spelled `scoring::Condition` by the app and the presets; they stay there.
pub use crate::conditions::{matches, Condition, Literal};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringModel {
    pub rules: Vec<Rule>,
    #[serde(default)]
    pub caps: Vec<Cap>,
    #[serde(default)]
    pub decay: Option<Decay>,
    pub grades: Grades,
    pub qualify: Qualify,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScoreKind {
    Fit,
    Engagement,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    pub kind: ScoreKind,
    pub field: String,
    pub when: Condition,
    /// Points added when the rule fires; negative points are allowed (students, competitors).
    pub points: f64,
    /// The cap group this rule's points count towards, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    pub group: String,
    /// The most points the group's rules may add together.
    pub max: f64,
}

/// Engagement points fade by half every `half_life_days` since the lead's last activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decay {
    /// A numeric field holding days since the last activity, or a date column holding the last
    /// activity itself (days are then counted up to the newest date in the leads).
    pub field: String,
    pub half_life_days: f64,
}

/// Score cut-offs for the fit letter (A ≥ a, B ≥ b, C ≥ c, else D) and the engagement digit
/// (1 ≥ e1, 2 ≥ e2, 3 ≥ e3, else 4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grades {
    pub fit: [f64; 3],
    pub engagement: [f64; 3],
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case", deny_unknown_fields)]
pub enum Qualify {
    /// MQL when fit + engagement ≥ threshold.
    Score { threshold: f64 },
    /// MQL when the lead's grade (e.g. "B2") is one of these cells.
    Grid { cells: Vec<String> },
}

/// A fit × engagement grade: fit letter A–D (0–3) and engagement digit 1–4 (0–3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grade {
    pub fit: u8,
    pub engagement: u8,
}

impl Grade {
    pub fn parse(s: &str) -> Option<Grade> {
        let b = s.trim().as_bytes();
        if b.len() != 2 {
            return None;
        }
        let fit = b[0].to_ascii_uppercase().checked_sub(b'A')?;
        let engagement = b[1].checked_sub(b'1')?;
        (fit < 4 && engagement < 4).then_some(Grade { fit, engagement })
    }

    fn index(self) -> usize {
        (self.fit * 4 + self.engagement) as usize
    }
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", (b'A' + self.fit) as char, self.engagement + 1)
    }
}

/// Points that bound any single rule, cap or threshold: far beyond any real model, small enough
/// that sums stay exact to the cent.
pub const MAX_POINTS: f64 = 1e6;

impl ScoringModel {
    pub fn validate(&self, path: &str) -> Checked {
        for (i, r) in self.rules.iter().enumerate() {
            let p = format!("{path}.rules[{i}]");
            not_blank(
                &format!("{p}.name"),
                &r.name,
                &format!("rule {} has no name: enter one", i + 1),
            )?;
            let rule = format!("rule '{}'", r.name);
            not_blank(
                &format!("{p}.field"),
                &r.field,
                &format!("{rule} reads no lead field: enter the field it scores"),
            )?;
            in_range(
                &format!("{p}.points"),
                r.points,
                -MAX_POINTS,
                MAX_POINTS,
                &format!("the points of {rule}"),
                POINTS,
            )?;
            match &r.when {
                Condition::Range { min, max } => {
                    for (end, v) in [("min", min), ("max", max)] {
                        if let Some(v) = v {
                            let which = if end == "min" {
                                "lower end (at least)"
                            } else {
                                "upper end (below)"
                            };
                            in_range(
                                &format!("{p}.when.{end}"),
                                *v,
                                -1e15,
                                1e15,
                                &format!("the {which} of the range of {rule}"),
                                Unit::Number,
                            )?;
                        }
                    }
                    if let (Some(lo), Some(hi)) = (min, max) {
                        if lo >= hi {
                            return Err(invalid(
                                format!("{p}.when"),
                                format!(
                                    "{rule} matches no value: it asks for at least {} and below \
                                     {}; make the lower end smaller than the upper end",
                                    number(*lo),
                                    number(*hi)
                                ),
                            ));
                        }
                    }
                    if min.is_none() && max.is_none() {
                        return Err(invalid(
                            format!("{p}.when"),
                            format!(
                                "the range of {rule} has no end: give it a lower end (at least), an \
                                 upper end (below), or both"
                            ),
                        ));
                    }
                }
                Condition::OneOf { values } if values.is_empty() => {
                    return Err(invalid(
                        format!("{p}.when.values"),
                        format!("{rule} lists no value to match: enter at least one"),
                    ));
                }
                Condition::Contains { words } => {
                    crate::validate::words_to_look_for(&format!("{p}.when.words"), words, &rule)?
                }
                _ => {}
            }
            if let Some(g) = &r.group {
                not_blank(
                    &format!("{p}.group"),
                    g,
                    &format!(
                        "the cap group of {rule} is empty: enter a group, or leave it out if \
                         no cap applies"
                    ),
                )?;
            }
        }
        for (i, c) in self.caps.iter().enumerate() {
            let p = format!("{path}.caps[{i}]");
            not_blank(
                &format!("{p}.group"),
                &c.group,
                &format!("cap {} names no group: choose the group it caps", i + 1),
            )?;
            in_range(
                &format!("{p}.max"),
                c.max,
                0.0,
                MAX_POINTS,
                &format!("the most points for group '{}'", c.group),
                POINTS,
            )?;
            if !self
                .rules
                .iter()
                .any(|r| r.group.as_deref() == Some(c.group.as_str()))
            {
                return Err(invalid(
                    format!("{p}.group"),
                    format!(
                        "no rule is in group '{}', so its cap limits nothing: put a rule in the \
                         group or remove the cap",
                        c.group
                    ),
                ));
            }
        }
        if let Some(d) = &self.decay {
            not_blank(
                &format!("{path}.decay.field"),
                &d.field,
                "the days-inactive field is empty: enter the lead field that holds days since \
                 the last activity, or the date of that activity",
            )?;
            above(
                &format!("{path}.decay.half_life_days"),
                d.half_life_days,
                0.0,
                3650.0,
                "the half-life of engagement points",
                DAYS,
            )?;
        }
        for (name, cuts, grades) in [
            ("fit", &self.grades.fit, ["Fit A", "Fit B", "Fit C"]),
            (
                "engagement",
                &self.grades.engagement,
                ["Engagement 1", "Engagement 2", "Engagement 3"],
            ),
        ] {
            for (i, c) in cuts.iter().enumerate() {
                in_range(
                    &format!("{path}.grades.{name}[{i}]"),
                    *c,
                    -MAX_POINTS,
                    MAX_POINTS,
                    &format!("the least score for {}", grades[i]),
                    POINTS,
                )?;
            }
            if !(cuts[0] > cuts[1] && cuts[1] > cuts[2]) {
                return Err(invalid(
                    format!("{path}.grades.{name}"),
                    format!(
                        "each {name} grade must need more points than the next: {} from {}, {} \
                         from {}, {} from {}; make {} need the most points and {} the fewest",
                        grades[0],
                        show(cuts[0], POINTS),
                        grades[1],
                        show(cuts[1], POINTS),
                        grades[2],
                        show(cuts[2], POINTS),
                        grades[0],
                        grades[2]
                    ),
                ));
            }
        }
        match &self.qualify {
            Qualify::Score { threshold } => in_range(
                &format!("{path}.qualify.threshold"),
                *threshold,
                -MAX_POINTS,
                MAX_POINTS,
                "the MQL threshold (fit + engagement at least)",
                POINTS,
            )?,
            Qualify::Grid { cells } => {
                if cells.is_empty() {
                    return Err(invalid(
                        format!("{path}.qualify.cells"),
                        "no grade qualifies as MQL: choose at least one, such as A1",
                    ));
                }
                for (i, c) in cells.iter().enumerate() {
                    if Grade::parse(c).is_none() {
                        return Err(invalid(
                            format!("{path}.qualify.cells[{i}]"),
                            format!(
                                "'{c}' is not a grade: use a letter A–D then a digit 1–4, such \
                                 as B2"
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// One lead's score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    pub fit: f64,
    pub engagement: f64,
    pub total: f64,
    pub grade: Grade,
    pub mql: bool,
}

/// One line of a score's explanation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contribution {
    pub label: String,
    pub points: f64,
    /// The score these points count towards: a rule's kind, a capped group's kind; decay is
    /// always engagement.
    pub kind: ScoreKind,
    /// What made the line: a rule that fired, a cap that bound, or decay.
    pub source: Source,
}

/// Where a line of an explanation comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Source {
    /// The rule at this index of the model's rules fired.
    Rule { index: usize },
    /// The group's rules added up to more than its cap: the line takes off the excess.
    Cap { group: String },
    /// Engagement faded with the time since the last activity.
    Decay,
}

/// A scoring model bound to the columns of one lead table.
#[derive(Clone, Debug)]
pub struct Scorer {
    rules: Vec<BoundRule>,
    groups: Vec<(String, ScoreKind, Option<f64>)>,
    decay: Option<BoundDecay>,
    grades: Grades,
    qualify_threshold: Option<f64>,
    qualifying_cells: [bool; 16],
    warnings: Vec<String>,
}

#[derive(Clone, Debug)]
struct BoundRule {
    name: String,
    kind: ScoreKind,
    column: Option<usize>,
    when: Condition,
    points: f64,
    group: Option<usize>,
}

/// Decay bound to a column, with how that column's values become days since the last activity.
#[derive(Clone, Debug)]
struct BoundDecay {
    column: Option<usize>,
    half_life: f64,
    field: String,
    /// For a date column: the moment (minutes since 1970-01-01) the days are counted up to.
    dated_to: Option<f64>,
}

impl BoundDecay {
    fn days(&self, v: &Value) -> Option<f64> {
        let x = v.as_number()?;
        Some(match self.dated_to {
            Some(to) => (to - x) / MINUTES_PER_DAY,
            None => x,
        })
    }

    /// The explanation line's label for a lead whose decay field holds `value`.
    fn label(&self, value: &Value, days: f64) -> String {
        let (field, half_life) = (&self.field, self.half_life);
        match (self.dated_to, value.as_number()) {
            (Some(to), Some(at)) => format!(
                "engagement decay ({field} {}: {} days before {}, half-life {half_life} days)",
                moment(at),
                round_days(days),
                moment(to)
            ),
            _ => format!("engagement decay ({field} = {days}, half-life {half_life} days)"),
        }
    }
}

impl Scorer {
    /// Binds a validated model to a table's columns. Rules over fields the table lacks never
    /// fire; rules that match no lead of the table, and decay read from a date column, are
    /// reported too: all in [`Scorer::warnings`]. This reads the whole table once per rule.
    pub fn new(model: &ScoringModel, table: &LeadTable) -> Scorer {
        let mut warnings = Vec::new();
        let mut groups: Vec<(String, ScoreKind, Option<f64>)> = Vec::new();
        let rules = model
            .rules
            .iter()
            .map(|r| {
                let column = table.column_index(&r.field);
                match column {
                    None => warnings.push(format!(
                        "rule '{}' reads field '{}', which the leads do not have: it never fires",
                        r.name, r.field
                    )),
                    Some(c) => warnings.extend(unmatched_rule(r, table, c)),
                }
                let group = r.group.as_ref().map(|g| {
                    groups
                        .iter()
                        .position(|(n, k, _)| n == g && *k == r.kind)
                        .unwrap_or_else(|| {
                            let cap = model.caps.iter().find(|c| &c.group == g).map(|c| c.max);
                            groups.push((g.clone(), r.kind, cap));
                            groups.len() - 1
                        })
                });
                BoundRule {
                    name: r.name.clone(),
                    kind: r.kind,
                    column,
                    when: r.when.clone(),
                    points: r.points,
                    group,
                }
            })
            .collect();
        let decay = model
            .decay
            .as_ref()
            .map(|d| bind_decay(d, table, &mut warnings));
        let mut qualifying_cells = [false; 16];
        let qualify_threshold = match &model.qualify {
            Qualify::Score { threshold } => Some(*threshold),
            Qualify::Grid { cells } => {
                for g in cells.iter().filter_map(|c| Grade::parse(c)) {
                    qualifying_cells[g.index()] = true;
                }
                None
            }
        };
        Scorer {
            rules,
            groups,
            decay,
            grades: model.grades.clone(),
            qualify_threshold,
            qualifying_cells,
            warnings,
        }
    }

    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// When decay reads a date column: the moment (minutes since 1970-01-01) its days are
    /// counted up to, and the field's name as the model spells it.
    pub fn decay_dated_to(&self) -> Option<(&str, f64)> {
        let d = self.decay.as_ref()?;
        d.dated_to.map(|to| (d.field.as_str(), to))
    }

    /// Counts the days of a decay over a date column up to `to` (minutes since 1970-01-01)
    /// instead of the newest date of the table: a lead kept apart from its sample (an example)
    /// then decays as it did there. Changes nothing when decay does not read a date column.
    pub fn count_dates_to(&mut self, to: f64) {
        if let Some(d) = self.decay.as_mut().filter(|d| d.dated_to.is_some()) {
            d.dated_to = Some(to);
        }
    }

    /// Scores one row of the table the scorer was bound to.
    pub fn score(&self, row: &[Value]) -> Score {
        self.score_inner(row, None)
    }

    /// Scores one row and lists what made the score: fired rules, caps, decay.
    pub fn explain(&self, row: &[Value]) -> (Score, Vec<Contribution>) {
        let mut lines = Vec::new();
        let s = self.score_inner(row, Some(&mut lines));
        (s, lines)
    }

    fn score_inner(&self, row: &[Value], mut explain: Option<&mut Vec<Contribution>>) -> Score {
        let mut fit = 0.0;
        let mut engagement = 0.0;
        // Group sums are small in number; a stack array avoids allocating per lead.
        let mut group_sums = [0.0f64; 32];
        let mut spill: Vec<f64> = Vec::new();
        if self.groups.len() > group_sums.len() {
            spill = vec![0.0; self.groups.len()];
        }
        for (index, r) in self.rules.iter().enumerate() {
            let Some(col) = r.column else { continue };
            if !matches(&r.when, &row[col]) {
                continue;
            }
            if let Some(lines) = explain.as_deref_mut() {
                lines.push(Contribution {
                    label: r.name.clone(),
                    points: r.points,
                    kind: r.kind,
                    source: Source::Rule { index },
                });
            }
            match r.group {
                Some(g) if g < group_sums.len() => group_sums[g] += r.points,
                Some(g) => spill[g] += r.points,
                None => match r.kind {
                    ScoreKind::Fit => fit += r.points,
                    ScoreKind::Engagement => engagement += r.points,
                },
            }
        }
        for (g, (name, kind, cap)) in self.groups.iter().enumerate() {
            let sum = if g < group_sums.len() {
                group_sums[g]
            } else {
                spill[g]
            };
            let capped = match cap {
                Some(max) if sum > *max => {
                    if let Some(lines) = explain.as_deref_mut() {
                        lines.push(Contribution {
                            label: format!("cap on {name} ({max} points)"),
                            points: max - sum,
                            kind: *kind,
                            source: Source::Cap {
                                group: name.clone(),
                            },
                        });
                    }
                    *max
                }
                _ => sum,
            };
            match kind {
                ScoreKind::Fit => fit += capped,
                ScoreKind::Engagement => engagement += capped,
            }
        }
        if let Some(decay) = &self.decay {
            let value = decay.column.map_or(&Value::Missing, |c| &row[c]);
            if let Some(days) = decay.days(value) {
                if days > 0.0 && engagement != 0.0 {
                    let kept = engagement * libm::exp2(-days / decay.half_life);
                    if let Some(lines) = explain {
                        lines.push(Contribution {
                            label: decay.label(value, days),
                            points: kept - engagement,
                            kind: ScoreKind::Engagement,
                            source: Source::Decay,
                        });
                    }
                    engagement = kept;
                }
            }
        }
        let total = fit + engagement;
        let grade = Grade {
            fit: band(fit, &self.grades.fit),
            engagement: band(engagement, &self.grades.engagement),
        };
        let mql = match self.qualify_threshold {
            Some(t) => total >= t,
            None => self.qualifying_cells[grade.index()],
        };
        Score {
            fit,
            engagement,
            total,
            grade,
            mql,
        }
    }
}

fn band(x: f64, cuts: &[f64; 3]) -> u8 {
    cuts.iter().position(|c| x >= *c).unwrap_or(3) as u8
}

/// Scores every lead of a table; the returned vector is indexed like the table's rows.
pub fn score_all(model: &ScoringModel, table: &LeadTable) -> (Vec<Score>, Vec<String>) {
    let scorer = Scorer::new(model, table);
    let scores = table.rows().map(|r| scorer.score(r)).collect();
    (scores, scorer.warnings)
}

// ---------------------------------------------------------------------------------------------
// What the sample says about the model: rules that cannot fire, and how decay reads its field.

/// How many of a text column's values a warning lists, most common first.
const SHOWN_VALUES: usize = 5;
/// Longest value a warning quotes; exports hold free text (notes, addresses) too.
const SHOWN_CHARS: usize = 40;

/// Binds decay to its column and says how that column will be read when that is not plain days.
fn bind_decay(d: &Decay, table: &LeadTable, warnings: &mut Vec<String>) -> BoundDecay {
    let column = table.column_index(&d.field);
    let mut dated_to = None;
    match column {
        None => warnings.push(format!(
            "decay reads field '{}', which the leads do not have: engagement does not decay",
            d.field
        )),
        Some(c) if !has_values(table, c) => warnings.push(format!(
            "decay reads '{}', which is empty for every lead: engagement does not decay",
            table.columns()[c].name
        )),
        Some(c) => {
            let col = &table.columns()[c];
            match col.kind {
                // Minutes since 1970 read as days would halve engagement a million times over:
                // count the days from each lead's date to the newest date instead, the closest
                // the engine (which has no clock) comes to the day the leads were exported.
                FieldKind::Time => {
                    if let Some((newest, in_column)) = newest_date(table) {
                        dated_to = Some(newest);
                        warnings.push(format!(
                            "decay reads '{}', a date column: engagement decays by the days from \
                             each lead's date to {}, the newest date in the leads (column '{}')",
                            col.name,
                            moment(newest),
                            table.columns()[in_column].name
                        ));
                    }
                }
                FieldKind::Text => warnings.push(format!(
                    "decay reads '{}', which holds text, not a number of days: engagement does \
                     not decay",
                    col.name
                )),
                FieldKind::Number | FieldKind::Bool => {}
            }
        }
    }
    BoundDecay {
        column,
        half_life: d.half_life_days,
        field: d.field.clone(),
        dated_to,
    }
}

/// The latest moment held in any date column, and the column holding it (the first, on a tie).
fn newest_date(table: &LeadTable) -> Option<(f64, usize)> {
    let mut newest: Option<(f64, usize)> = None;
    for (c, col) in table.columns().iter().enumerate() {
        if col.kind != FieldKind::Time {
            continue;
        }
        for row in table.rows() {
            if let Value::Number(at) = row[c] {
                if newest.is_none_or(|(t, _)| at > t) {
                    newest = Some((at, c));
                }
            }
        }
    }
    newest
}

/// A warning when `rule`, over column `c`, matches no lead of the table: what the rule looks for
/// and what the column holds instead. `None` when some lead matches, or there are no leads.
fn unmatched_rule(rule: &Rule, table: &LeadTable, c: usize) -> Option<String> {
    if table.is_empty() || table.rows().any(|row| matches(&rule.when, &row[c])) {
        return None;
    }
    let col = &table.columns()[c];
    let head = format!("rule '{}' matches no lead: field '{}'", rule.name, col.name);
    if !has_values(table, c) {
        return Some(format!("{head} is empty for every lead"));
    }
    let looked_for = match &rule.when {
        Condition::Equals { value } => format!("never holds {}", quoted(value)),
        Condition::OneOf { values } => {
            format!("never holds {}", or_list(values.iter().map(quoted)))
        }
        Condition::Range { .. } if col.kind == FieldKind::Text => {
            "is text, and a range only matches numbers".to_string()
        }
        Condition::Range { min, max } => match (min, max) {
            (Some(lo), Some(hi)) => format!("is never at least {lo} and below {hi}"),
            (Some(lo), None) => format!("is never at least {lo}"),
            (None, Some(hi)) => format!("is never below {hi}"),
            (None, None) => "is never a number".to_string(),
        },
        Condition::Contains { words } if col.kind != FieldKind::Text => format!(
            "is not text, and 'contains' looks for {} in text",
            or_list(words.iter().map(|w| format!("'{}'", clipped(w.trim()))))
        ),
        Condition::Contains { words } => format!(
            "never contains the word {}",
            or_list(words.iter().map(|w| format!("'{}'", clipped(w.trim()))))
        ),
        // A column with values that are never "present" holds only `false`.
        Condition::Present => "is never true".to_string(),
    };
    Some(format!("{head} {looked_for} ({})", holdings(table, col, c)))
}

/// Whether any lead has a value in column `c` (blank text counts as none).
fn has_values(table: &LeadTable, c: usize) -> bool {
    table.rows().any(|row| match &row[c] {
        Value::Missing => false,
        Value::Text(s) => !s.trim().is_empty(),
        Value::Number(_) | Value::Bool(_) => true,
    })
}

/// What column `c` holds, in the words of its kind: most common texts, yes/no, range of numbers
/// or of dates.
fn holdings(table: &LeadTable, col: &Column, c: usize) -> String {
    let values = || table.rows().map(move |row| &row[c]);
    match col.kind {
        FieldKind::Bool => {
            let seen = |b: bool| values().any(|v| *v == Value::Bool(b));
            match (seen(true), seen(false)) {
                (true, true) => "a yes/no field, which holds true or false".to_string(),
                (true, false) => "a yes/no field, which holds only true".to_string(),
                _ => "a yes/no field, which holds only false".to_string(),
            }
        }
        FieldKind::Number | FieldKind::Time => {
            let (lo, hi) = values()
                .filter_map(Value::as_number)
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
                    (lo.min(x), hi.max(x))
                });
            if col.kind == FieldKind::Number {
                if lo == hi {
                    format!("its only value is {lo}")
                } else {
                    format!("its values run from {lo} to {hi}")
                }
            } else {
                let dates = if lo == hi {
                    format!("its only date is {}", moment(lo))
                } else {
                    format!("its dates run from {} to {}", moment(lo), moment(hi))
                };
                format!("a date column: {dates}, compared as minutes since 1970-01-01")
            }
        }
        FieldKind::Text => {
            // Counted as the condition compares text (ignoring case and surrounding spaces),
            // shown as first spelled; ties keep the order of first appearance.
            let mut counts: Vec<(String, usize)> = Vec::new();
            let mut index: std::collections::HashMap<String, usize> = Default::default();
            for v in values() {
                let text = v.to_string();
                let text = text.trim();
                if text.is_empty() {
                    continue;
                }
                let i = *index.entry(text.to_ascii_lowercase()).or_insert_with(|| {
                    counts.push((text.to_string(), 0));
                    counts.len() - 1
                });
                counts[i].1 += 1;
            }
            counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            let mut shown: Vec<String> = counts
                .iter()
                .take(SHOWN_VALUES)
                .map(|(text, _)| clipped(text))
                .collect();
            if counts.len() > SHOWN_VALUES {
                shown.push("…".to_string());
            }
            format!("its values: {}", shown.join(", "))
        }
    }
}

/// A literal as a warning quotes it: text in quotes, numbers and yes/no bare.
fn quoted(l: &Literal) -> String {
    match l {
        Literal::Text(_) => format!("'{}'", clipped(&l.to_string())),
        _ => l.to_string(),
    }
}

/// "a", "a or b", "a, b or c".
fn or_list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Text cut to [`SHOWN_CHARS`] on one line, so a warning stays a short sentence.
fn clipped(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(SHOWN_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// A date column's value as a user reads it: the day, with the time when it is not midnight.
fn moment(minutes: f64) -> String {
    let m = minutes as i64;
    if m.rem_euclid(MINUTES_PER_DAY_I) == 0 {
        format_date(m)
    } else {
        format_timestamp(m)
    }
}

/// Days for an explanation: whole when whole, else to a tenth.
fn round_days(days: f64) -> String {
    let tenths = libm::round(days * 10.0) / 10.0;
    format!("{tenths}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> LeadTable {
        let cols = [
            ("industry", FieldKind::Text),
            ("employees", FieldKind::Number),
            ("pricing_visits", FieldKind::Number),
            ("demo", FieldKind::Bool),
            ("days_idle", FieldKind::Number),
            ("email", FieldKind::Text),
        ]
        .map(|(n, k)| Column {
            name: n.into(),
            kind: k,
        })
        .to_vec();
        use Value::*;
        let rows = vec![
            vec![
                Text("Software".into()),
                Number(500.0),
                Number(3.0),
                Bool(true),
                Number(0.0),
                Text("a@acme.com".into()),
            ],
            vec![
                Text("retail".into()),
                Number(20.0),
                Number(0.0),
                Bool(false),
                Number(30.0),
                Text("b@gmail.com".into()),
            ],
            vec![
                Missing,
                Missing,
                Number(9.0),
                Bool(true),
                Number(60.0),
                Missing,
            ],
        ];
        LeadTable::new(cols, rows, vec![0.0; 3]).unwrap()
    }

    fn rule(name: &str, kind: ScoreKind, field: &str, when: Condition, points: f64) -> Rule {
        Rule {
            name: name.into(),
            kind,
            field: field.into(),
            when,
            points,
            group: None,
        }
    }

    fn model() -> ScoringModel {
        use Condition::*;
        use ScoreKind::*;
        let mut pricing = rule(
            "pricing page",
            Engagement,
            "pricing_visits",
            Range {
                min: Some(1.0),
                max: None,
            },
            15.0,
        );
        pricing.group = Some("web".into());
        let mut pricing_many = rule(
            "pricing page 3+",
            Engagement,
            "pricing_visits",
            Range {
                min: Some(3.0),
                max: None,
            },
            15.0,
        );
        pricing_many.group = Some("web".into());
        ScoringModel {
            rules: vec![
                rule(
                    "target industry",
                    Fit,
                    "industry",
                    OneOf {
                        values: vec![
                            Literal::Text("software".into()),
                            Literal::Text("fintech".into()),
                        ],
                    },
                    20.0,
                ),
                rule(
                    "mid-market+",
                    Fit,
                    "employees",
                    Range {
                        min: Some(200.0),
                        max: None,
                    },
                    15.0,
                ),
                rule(
                    "tiny company",
                    Fit,
                    "employees",
                    Range {
                        min: None,
                        max: Some(50.0),
                    },
                    -10.0,
                ),
                rule(
                    "personal email",
                    Fit,
                    "email",
                    Equals {
                        value: Literal::Text("b@gmail.com".into()),
                    },
                    -5.0,
                ),
                pricing,
                pricing_many,
                rule(
                    "demo request",
                    Engagement,
                    "demo",
                    Equals {
                        value: Literal::Bool(true),
                    },
                    25.0,
                ),
            ],
            caps: vec![Cap {
                group: "web".into(),
                max: 20.0,
            }],
            decay: Some(Decay {
                field: "days_idle".into(),
                half_life_days: 30.0,
            }),
            grades: Grades {
                fit: [30.0, 15.0, 0.0],
                engagement: [40.0, 20.0, 10.0],
            },
            qualify: Qualify::Score { threshold: 50.0 },
        }
    }

    #[test]
    fn scores_add_up_rules_caps_and_decay() {
        let t = table();
        let m = model();
        let s = Scorer::new(&m, &t);
        // (fit, engagement, grade, mql) per row
        let cases = [
            (35.0, 45.0, "A1", true), // web group 30 capped to 20, plus demo 25; no decay
            (-15.0, 0.0, "D4", false), // retail, tiny, personal email
            (0.0, 11.25, "C3", false), // web 20 + demo 25, halved twice (60 days, half-life 30)
        ];
        for (i, (fit, eng, grade, mql)) in cases.into_iter().enumerate() {
            let got = s.score(t.row(i));
            assert!((got.fit - fit).abs() < 1e-12, "row {i} fit {}", got.fit);
            assert!(
                (got.engagement - eng).abs() < 1e-12,
                "row {i} engagement {}",
                got.engagement
            );
            assert_eq!(got.total, got.fit + got.engagement);
            assert_eq!(got.grade.to_string(), grade, "row {i}");
            assert_eq!(got.mql, mql, "row {i}");
        }
    }

    #[test]
    fn explanations_sum_to_the_score() {
        let t = table();
        let s = Scorer::new(&model(), &t);
        for i in 0..t.len() {
            let (score, lines) = s.explain(t.row(i));
            let sum: f64 = lines.iter().map(|l| l.points).sum();
            assert!((sum - score.total).abs() < 1e-9, "row {i}: {lines:?}");
        }
        let (_, lines) = s.explain(t.row(0));
        let labels: Vec<&str> = lines.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "target industry",
                "mid-market+",
                "pricing page",
                "pricing page 3+",
                "demo request",
                "cap on web (20 points)"
            ]
        );
        assert_eq!(lines.last().unwrap().points, -10.0);
    }

    #[test]
    fn grid_qualification() {
        let t = table();
        let mut m = model();
        m.qualify = Qualify::Grid {
            cells: vec!["A1".into(), "C3".into()],
        };
        let s = Scorer::new(&m, &t);
        let mql: Vec<bool> = t.rows().map(|r| s.score(r).mql).collect();
        assert_eq!(mql, [true, false, true]);
    }

    #[test]
    fn missing_fields_warn_and_never_fire() {
        let t = table();
        let mut m = model();
        m.rules.push(rule(
            "webinar",
            ScoreKind::Engagement,
            "webinar",
            Condition::Present,
            10.0,
        ));
        let (scores, warnings) = score_all(&m, &t);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("'webinar'"), "{warnings:?}");
        assert_eq!(scores[0].engagement, 45.0);
    }

    /// industry, employees, demo, webinar, notes, Last Activity Date, Create Date.
    type Lead<'a> = (
        &'a str,
        Option<f64>,
        Option<bool>,
        Option<bool>,
        &'a str,
        &'a str,
        &'a str,
    );

    /// A sample for the warnings: text with more than five values (one in two spellings), a
    /// number column with a gap, a yes/no column with both answers and one that is always
    /// false, an empty column, and two date columns, the newest date being in the second.
    fn sample() -> LeadTable {
        let date = |s: &str| match s {
            "" => Value::Missing,
            s => Value::Number(crate::civil::parse_timestamp(s).expect("a date") as f64),
        };
        let text = |s: &str| match s {
            "" => Value::Missing,
            s => Value::Text(s.into()),
        };
        let rows: Vec<Lead> = vec![
            (
                "software",
                Some(5.0),
                Some(true),
                Some(false),
                "",
                "2026-03-01",
                "2026-01-05",
            ),
            (
                "Software",
                Some(20.0),
                Some(false),
                Some(false),
                "  ",
                "2026-01-30",
                "2026-01-06",
            ),
            (
                "retail",
                Some(50.0),
                Some(false),
                None,
                "",
                "",
                "2026-01-07",
            ),
            (
                "software",
                Some(120.0),
                Some(true),
                Some(false),
                "",
                "2026-03-16 12:00",
                "2026-02-10",
            ),
            (
                "retail",
                Some(300.0),
                Some(false),
                Some(false),
                "",
                "2026-01-05",
                "2026-03-31",
            ),
            (
                "healthcare",
                Some(500.0),
                None,
                Some(false),
                "",
                "2026-02-01",
                "2026-03-02",
            ),
            (
                "education",
                Some(950.0),
                Some(false),
                Some(false),
                "",
                "2026-02-02",
                "2026-03-03",
            ),
            (
                "government",
                None,
                Some(false),
                Some(false),
                "",
                "2026-02-03",
                "",
            ),
            (
                "manufacturing",
                Some(950.0),
                Some(false),
                Some(false),
                "",
                "2026-02-04",
                "2026-03-04",
            ),
        ];
        let columns = [
            ("industry", FieldKind::Text),
            ("employees", FieldKind::Number),
            ("demo", FieldKind::Bool),
            ("webinar", FieldKind::Bool),
            ("notes", FieldKind::Text),
            ("Last Activity Date", FieldKind::Time),
            ("Create Date", FieldKind::Time),
        ]
        .map(|(name, kind)| Column {
            name: name.into(),
            kind,
        })
        .to_vec();
        let n = rows.len();
        let rows = rows
            .into_iter()
            .map(
                |(industry, employees, demo, webinar, notes, activity, created)| {
                    vec![
                        text(industry),
                        employees.map_or(Value::Missing, Value::Number),
                        demo.map_or(Value::Missing, Value::Bool),
                        webinar.map_or(Value::Missing, Value::Bool),
                        text(notes),
                        date(activity),
                        date(created),
                    ]
                },
            )
            .collect();
        LeadTable::new(columns, rows, vec![0.0; n]).unwrap()
    }

    /// A model of the given rules and decay, with grades and a threshold that do not matter here.
    fn model_of(rules: Vec<Rule>, decay: Option<Decay>) -> ScoringModel {
        ScoringModel {
            rules,
            caps: vec![],
            decay,
            grades: Grades {
                fit: [30.0, 15.0, 0.0],
                engagement: [40.0, 20.0, 10.0],
            },
            qualify: Qualify::Score { threshold: 50.0 },
        }
    }

    #[test]
    fn rules_that_match_no_lead_say_why() {
        use Condition::*;
        let text = |s: &str| Literal::Text(s.into());
        let industries = "its values: software, retail, healthcare, education, government, …";
        let cases: Vec<(&str, &str, Condition, Option<String>)> = vec![
            (
                "Target industry",
                "industry",
                OneOf {
                    values: vec![text("sofware")],
                },
                Some(format!(
                    "rule 'Target industry' matches no lead: field 'industry' never holds \
                     'sofware' ({industries})"
                )),
            ),
            (
                "Target industry",
                "Industry",
                OneOf {
                    values: vec![text("fintek"), text(" insurance "), text("banking")],
                },
                Some(format!(
                    "rule 'Target industry' matches no lead: field 'industry' never holds \
                     'fintek', 'insurance' or 'banking' ({industries})"
                )),
            ),
            (
                "Big industry",
                "industry",
                Range {
                    min: Some(1.0),
                    max: None,
                },
                Some(format!(
                    "rule 'Big industry' matches no lead: field 'industry' is text, and a range \
                     only matches numbers ({industries})"
                )),
            ),
            (
                "Demo",
                "demo",
                Equals { value: text("yes") },
                Some(
                    "rule 'Demo' matches no lead: field 'demo' never holds 'yes' (a yes/no \
                     field, which holds true or false)"
                        .into(),
                ),
            ),
            (
                "Webinar",
                "webinar",
                Equals {
                    value: Literal::Bool(true),
                },
                Some(
                    "rule 'Webinar' matches no lead: field 'webinar' never holds true (a yes/no \
                     field, which holds only false)"
                        .into(),
                ),
            ),
            (
                "Webinar",
                "webinar",
                Present,
                Some(
                    "rule 'Webinar' matches no lead: field 'webinar' is never true (a yes/no \
                     field, which holds only false)"
                        .into(),
                ),
            ),
            (
                "Enterprise",
                "employees",
                Range {
                    min: Some(1000.0),
                    max: None,
                },
                Some(
                    "rule 'Enterprise' matches no lead: field 'employees' is never at least 1000 \
                     (its values run from 5 to 950)"
                        .into(),
                ),
            ),
            (
                "Upper mid-market",
                "employees",
                Range {
                    min: Some(600.0),
                    max: Some(900.0),
                },
                Some(
                    "rule 'Upper mid-market' matches no lead: field 'employees' is never at \
                     least 600 and below 900 (its values run from 5 to 950)"
                        .into(),
                ),
            ),
            (
                "Sole trader",
                "employees",
                Range {
                    min: None,
                    max: Some(2.5),
                },
                Some(
                    "rule 'Sole trader' matches no lead: field 'employees' is never below 2.5 \
                     (its values run from 5 to 950)"
                        .into(),
                ),
            ),
            (
                "Answer",
                "employees",
                Equals {
                    value: Literal::Number(42.0),
                },
                Some(
                    "rule 'Answer' matches no lead: field 'employees' never holds 42 (its \
                     values run from 5 to 950)"
                        .into(),
                ),
            ),
            (
                "Active last month",
                "Last Activity Date",
                Range {
                    min: None,
                    max: Some(30.0),
                },
                Some(
                    "rule 'Active last month' matches no lead: field 'Last Activity Date' is \
                     never below 30 (a date column: its dates run from 2026-01-05 to \
                     2026-03-16 12:00, compared as minutes since 1970-01-01)"
                        .into(),
                ),
            ),
            (
                "Has notes",
                "notes",
                Present,
                Some(
                    "rule 'Has notes' matches no lead: field 'notes' is empty for every lead"
                        .into(),
                ),
            ),
            (
                "Webinar",
                "webinar_attended",
                Present,
                Some(
                    "rule 'Webinar' reads field 'webinar_attended', which the leads do not \
                     have: it never fires"
                        .into(),
                ),
            ),
            // Rules that fire for at least one lead say nothing, whatever the spelling.
            (
                "Target industry",
                "industry",
                OneOf {
                    values: vec![text("SOFTWARE"), text("fintech")],
                },
                None,
            ),
            (
                "Demo",
                "demo",
                Equals {
                    value: Literal::Bool(true),
                },
                None,
            ),
            (
                "Big",
                "employees",
                Range {
                    min: Some(950.0),
                    max: None,
                },
                None,
            ),
        ];
        let t = sample();
        for (name, field, when, want) in cases {
            let m = model_of(
                vec![rule(name, ScoreKind::Fit, field, when.clone(), 10.0)],
                None,
            );
            let got = Scorer::new(&m, &t).warnings().to_vec();
            assert_eq!(got, Vec::from_iter(want), "{name}: {when:?}");
        }
    }

    #[test]
    fn an_empty_table_has_nothing_to_say_about_rules() {
        let t = LeadTable::new(sample().columns().to_vec(), vec![], vec![]).unwrap();
        let m = model_of(
            vec![rule(
                "Demo",
                ScoreKind::Fit,
                "demo",
                Condition::Present,
                10.0,
            )],
            None,
        );
        assert_eq!(Scorer::new(&m, &t).warnings(), [] as [String; 0]);
    }

    #[test]
    fn decay_over_a_date_counts_days_to_the_newest_date() {
        let t = sample();
        let everyone = rule(
            "Engaged",
            ScoreKind::Engagement,
            "industry",
            Condition::Present,
            40.0,
        );
        let decay = |field: &str| {
            Some(Decay {
                field: field.into(),
                half_life_days: 30.0,
            })
        };
        let undecayed = vec![40.0; t.len()];
        // Days from each lead's last activity to 2026-03-31, the newest date (a Create Date).
        let days = [30.0, 60.0, 0.0, 14.5, 85.0, 58.0, 57.0, 56.0, 55.0];
        let dated: Vec<f64> = days.iter().map(|d| 40.0 * libm::exp2(-d / 30.0)).collect();
        let cases: Vec<(&str, &str, Vec<f64>)> = vec![
            (
                "Last Activity Date",
                "decay reads 'Last Activity Date', a date column: engagement decays by the days \
                 from each lead's date to 2026-03-31, the newest date in the leads (column \
                 'Create Date')",
                dated,
            ),
            (
                "notes",
                "decay reads 'notes', which is empty for every lead: engagement does not decay",
                undecayed.clone(),
            ),
            (
                "industry",
                "decay reads 'industry', which holds text, not a number of days: engagement \
                 does not decay",
                undecayed.clone(),
            ),
            (
                "last_activity",
                "decay reads field 'last_activity', which the leads do not have: engagement \
                 does not decay",
                undecayed,
            ),
        ];
        for (field, warning, engagement) in cases {
            let m = model_of(vec![everyone.clone()], decay(field));
            let s = Scorer::new(&m, &t);
            assert_eq!(s.warnings(), [warning], "{field}");
            let got: Vec<f64> = t.rows().map(|r| s.score(r).engagement).collect();
            assert_eq!(got.len(), engagement.len());
            for (i, (g, w)) in got.iter().zip(&engagement).enumerate() {
                assert!((g - w).abs() < 1e-12, "{field}, lead {i}: {g} vs {w}");
            }
        }
        // Round numbers, to see the formula above is the one meant: 30 days is half, 60 a quarter.
        let m = model_of(vec![everyone], decay("Last Activity Date"));
        let s = Scorer::new(&m, &t);
        let scores: Vec<f64> = (0..3).map(|i| s.score(t.row(i)).engagement).collect();
        assert_eq!(scores, [20.0, 10.0, 40.0]);

        let labels: Vec<String> = [0, 3]
            .map(|i| s.explain(t.row(i)).1.last().unwrap().label.clone())
            .to_vec();
        assert_eq!(
            labels,
            [
                "engagement decay (Last Activity Date 2026-03-01: 30 days before 2026-03-31, \
                 half-life 30 days)",
                "engagement decay (Last Activity Date 2026-03-16 12:00: 14.5 days before \
                 2026-03-31, half-life 30 days)",
            ]
        );
    }

    #[test]
    fn grades_parse_and_print() {
        for s in ["A1", "b4", "D2"] {
            assert_eq!(Grade::parse(s).unwrap().to_string(), s.to_uppercase());
        }
        for s in ["E1", "A5", "A0", "", "A12", "1A"] {
            assert!(Grade::parse(s).is_none(), "{s}");
        }
    }

    #[test]
    fn validation_names_the_field() {
        let check = |f: &dyn Fn(&mut ScoringModel), path: &str| {
            let mut m = model();
            f(&mut m);
            let e = m.validate("scoring").unwrap_err();
            assert_eq!(e.path, path, "{e}");
        };
        assert!(model().validate("scoring").is_ok());
        check(
            &|m| m.rules[1].points = f64::INFINITY,
            "scoring.rules[1].points",
        );
        check(
            &|m| {
                m.rules[1].when = Condition::Range {
                    min: Some(5.0),
                    max: Some(1.0),
                }
            },
            "scoring.rules[1].when",
        );
        check(
            &|m| m.rules[0].when = Condition::OneOf { values: vec![] },
            "scoring.rules[0].when.values",
        );
        check(&|m| m.rules[2].name = " ".into(), "scoring.rules[2].name");
        check(&|m| m.caps[0].max = -1.0, "scoring.caps[0].max");
        check(
            &|m| m.caps[0].group = "nope".into(),
            "scoring.caps[0].group",
        );
        check(
            &|m| m.decay.as_mut().unwrap().half_life_days = 0.0,
            "scoring.decay.half_life_days",
        );
        check(&|m| m.grades.fit = [10.0, 20.0, 0.0], "scoring.grades.fit");
        check(
            &|m| {
                m.qualify = Qualify::Grid {
                    cells: vec!["Z9".into()],
                }
            },
            "scoring.qualify.cells[0]",
        );
        check(
            &|m| {
                m.qualify = Qualify::Score {
                    threshold: f64::NAN,
                }
            },
            "scoring.qualify.threshold",
        );
    }
}
