//! A scoring model as a points table an admin can enter by hand into a CRM's own scoring.
//!
//! The engine scores leads with rules over model fields (`industry` = `software`); a CRM scores
//! its records with criteria over its own fields ("Industry" is any of "Computer Software"). This
//! module turns a [`ScoringModel`], read through the scenario's [`Mapping`] when there is one,
//! into one row per criterion the admin enters in HubSpot, Marketo Engage, Salesforce Account
//! Engagement (formerly Pardot) or Mautic, in that tool's words: where it goes (a group, a smart
//! campaign, an automation rule), the CRM field (the export column the mapping reads), the
//! operator, the CRM's own values (translated back through the mapping), the points, and the
//! rule it came from. What the tool cannot express (caps, decay, the MQL threshold, whole
//! points, word matching) becomes a note saying what to do instead.
//!
//! What this module must not do: claim a tool behaves in a way its documentation does not say.
//! The tools' terms and limits below cite the page they come from; where none was found, the
//! notes say "check in the tool".

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::conditions::{matches, Condition, Literal};
use crate::csv_leads::spreadsheet_safe;
use crate::leads::Value;
use crate::mapping::{FieldMap, Mapping};
use crate::scoring::{Grade, Qualify, Rule, ScoreKind, ScoringModel};

// ---------------------------------------------------------------------------------------------
// The tools, and what their documentation says.
//
// HubSpot (knowledge.hubspot.com, "Build fit scores to qualify contacts and companies", and the
// lead scoring overview it links to): scores are built in Marketing > Lead Scoring as fit,
// engagement or combined scores (combined: Marketing Hub Enterprise only). A score holds groups
// ("property groups" for fit, "event groups" for engagement); each group can have a maximum of
// points, and the groups together add up to at most the score limit, 100 by default (the page
// says Enterprise can raise it, up to 500 in the version read; check in the tool). Each rule
// adds or subtracts points. Event groups can decay, by a share of each event's points as time
// passes since the event. The older score properties (Settings > Properties, up to 100
// attributes) stopped updating on 31 August 2025 (knowledge.hubspot.com, "Set up score
// properties"), so this table targets the lead scoring tool. Whether a rule takes fractional
// points was not found: check in the tool.
//
// Marketo Engage (experienceleague.adobe.com): the "Change Score" flow step picks a score field
// and takes "+5", "-5" (negative numbers allowed) or "=5" ("Change Score" flow action). Score is
// a field type of its own, the glossary's examples being "Behavior Score / Demographic Score"
// and whole numbers, listed apart from Float ("Custom Field Type Glossary"); Adobe's scoring
// program templates need custom score fields named "Behavior Score" and "Demographic Score"
// ("OP-Scoring-Behavior", "OP-Scoring-Demographic"), and the behaviour template decays the score
// with "Decrease Score - No Activity" campaigns. Smart list string filters: "is" (exact, case
// insensitive), "contains" (any letters match: "for" matches "california"), "is not empty";
// integer filters: "at least" (inclusive), "less than", "between" (inclusive of both ends)
// ("Smart List Filter Operators Glossary"). Points are entered as whole numbers here.
//
// Account Engagement (help.salesforce.com; Trailhead "Use Grading"; the Pardot knowledge base):
// grades are letters from F to A+ (F, D-, D, D+, C-, C, C+, B-, B, B+, A-, A, A+), every
// prospect starts at D, and each grading profile criterion raises the grade by 1/3, 2/3 or 3/3
// of a letter when it matches and lowers it by as much when it does not match. Automation rules
// set criteria to "matches" / "doesn't match" ("Change profile criteria") and adjust the score
// ("Adjust Prospect Score": by a number, or reset to one) ("Automation Rule Actions"); their
// criteria read prospect default or custom fields, several values in one line separated by
// semicolons mean any of them with "is" or "contains", the value box holds 255 characters, and a
// rule matches a prospect once unless "Repeat rule" is on; actions already applied are not
// undone when a prospect stops matching ("Automation Rule Criteria", Trailhead "Use Automation
// Rules", "Troubleshoot an Account Engagement Automation Rule"). "Greater than" excludes the
// number itself according to a consultant's write-up (marcloudconsulting.com), not Salesforce's
// own pages: check in the tool. Score adjustments are entered as whole numbers here.
//
// Mautic (github.com/mautic/user-documentation: docs/points/points.rst, point_groups.rst,
// docs/segments/manage_segments.rst): point actions change a contact's points by a signed
// number ("When subtracting Points, add the - symbol") on behaviours (page visits, emails,
// forms); point triggers fire at a minimum number of points and run events (modify segments,
// push the contact to an integration), optionally for contacts already above it. There is one
// points score per contact; Point Groups (Mautic 5) keep separate group scores with their own
// triggers and segment filters. Field values are scored with a dynamic segment (filters "is
// equal to", "includes any of", "greater than or equal", "less than", "contains", "is not empty";
// text filters take several values separated by "|") as a campaign's source and the campaign
// action "Adjust contact's points" (add, subtract, multiply or divide). Points are whole
// numbers: the point action form reads its change with precision 0 (mautic/mautic,
// PointBundle/Form/Type/PointType.php).

/// A CRM or marketing automation tool the table is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tool {
    #[serde(rename = "hubspot")]
    HubSpot,
    #[serde(rename = "marketo")]
    Marketo,
    /// Salesforce Marketing Cloud Account Engagement, formerly Pardot.
    #[serde(rename = "account-engagement")]
    AccountEngagement,
    #[serde(rename = "mautic")]
    Mautic,
}

impl Tool {
    pub const ALL: [Tool; 4] = [
        Tool::HubSpot,
        Tool::Marketo,
        Tool::AccountEngagement,
        Tool::Mautic,
    ];

    /// The spelling [`FromStr`] accepts and JSON uses.
    pub fn id(self) -> &'static str {
        match self {
            Tool::HubSpot => "hubspot",
            Tool::Marketo => "marketo",
            Tool::AccountEngagement => "account-engagement",
            Tool::Mautic => "mautic",
        }
    }

    /// The tool's name as its users know it.
    pub fn name(self) -> &'static str {
        match self {
            Tool::HubSpot => "HubSpot",
            Tool::Marketo => "Marketo Engage",
            Tool::AccountEngagement => "Salesforce Account Engagement (Pardot)",
            Tool::Mautic => "Mautic",
        }
    }

    /// Whether the tool's points are whole numbers, so the table rounds them.
    fn whole_points(self) -> bool {
        !matches!(self, Tool::HubSpot)
    }
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A tool name [`Tool::from_str`] does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{given}' is not a tool the points table knows: use hubspot, marketo, account-engagement \
     (or pardot) or mautic"
)]
pub struct UnknownTool {
    pub given: String,
}

impl FromStr for Tool {
    type Err = UnknownTool;

    fn from_str(s: &str) -> Result<Tool, UnknownTool> {
        let key: String = s
            .trim()
            .to_ascii_lowercase()
            .chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .collect();
        match key.as_str() {
            "hubspot" => Ok(Tool::HubSpot),
            "marketo" | "marketoengage" => Ok(Tool::Marketo),
            "accountengagement" | "pardot" | "mcae" => Ok(Tool::AccountEngagement),
            "mautic" => Ok(Tool::Mautic),
            _ => Err(UnknownTool {
                given: s.trim().to_string(),
            }),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The table.

/// What a row's points count in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointsUnit {
    Points,
    /// Thirds of a letter grade (Account Engagement grading): +2 raises the grade by 2/3 of a
    /// letter when the criterion matches, -1 lowers it by 1/3 when it does not.
    GradeThirds,
}

/// One criterion as the admin enters it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointsRow {
    /// Where in the tool: a score's group, a smart campaign, an automation rule, a segment.
    pub section: String,
    /// The score the points go to ("Fit score", "Behavior Score", "Grade", "Contact points").
    pub score: String,
    /// The CRM field the criterion reads: the export column the mapping fills the model field
    /// from, else the model field itself.
    pub field: String,
    /// The operator in the tool's words. Two-ended ranges read "… and …", the values filling
    /// the gaps in order.
    pub operator: String,
    /// The CRM's own values (any of them matches); empty for "is known" and the like.
    pub values: Vec<String>,
    /// What to enter: rounded to whole points where the tool needs them; signed.
    pub points: f64,
    pub unit: PointsUnit,
    /// The rule's points in the model.
    pub model_points: f64,
    pub kind: ScoreKind,
    /// The model rule the row comes from.
    pub rule: String,
}

/// A scoring model as criteria for one tool, with what the tool cannot express.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointsTable {
    pub tool: Tool,
    pub rows: Vec<PointsRow>,
    pub notes: Vec<String>,
}

/// The model's rules as criteria for `tool`, reading fields and values through `mapping`.
///
/// A rule over a mapped field names the export column and lists every export value that
/// translates to a value the rule matches (the first matching translation wins, as in the
/// import). When no translation gives such a value, values kept as exported are what the rule
/// reads, so the rule's own condition is used on the column; an exported value spelled like a
/// model value that is also reached by translations is left out, since the CRM's values are the
/// export's. A rule can become several rows (translations by exact value and by words), and a
/// rule no export value can reach becomes none; the notes say so.
pub fn points_table(model: &ScoringModel, mapping: Option<&Mapping>, tool: Tool) -> PointsTable {
    let mut b = Builder {
        tool,
        model,
        rows: Vec::new(),
        notes: Vec::new(),
        unmapped: Vec::new(),
        used: Used::default(),
    };
    for rule in &model.rules {
        b.rule(rule, mapping);
    }
    b.finish()
}

// ---------------------------------------------------------------------------------------------
// A rule's condition on the CRM's field.

/// A test on one CRM field, before it is put in a tool's words.
#[derive(Clone, Debug, PartialEq)]
enum Test {
    AnyOf(Vec<String>),
    /// Has a value, and not one of these.
    NoneOf(Vec<String>),
    Flag(bool),
    ContainsAny(Vec<String>),
    /// `min ≤ x < max`.
    Range {
        min: Option<f64>,
        max: Option<f64>,
    },
    Known,
}

impl Test {
    fn of(cond: &Condition) -> Test {
        match cond {
            Condition::Equals {
                value: Literal::Bool(b),
            } => Test::Flag(*b),
            Condition::Equals { value } => Test::AnyOf(vec![value.to_string()]),
            Condition::OneOf { values } => {
                Test::AnyOf(distinct(values.iter().map(|l| l.to_string())))
            }
            Condition::Range { min, max } => Test::Range {
                min: *min,
                max: *max,
            },
            Condition::Contains { words } => {
                Test::ContainsAny(distinct(words.iter().map(|w| w.trim().to_string())))
            }
            Condition::Present => Test::Known,
        }
    }
}

/// Non-empty texts in first-seen order, repeats (ignoring case) dropped.
fn distinct(items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in items {
        let s = s.trim().to_string();
        if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&s)) {
            out.push(s);
        }
    }
    out
}

fn literal_value(l: &Literal) -> Value {
    match l {
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Number(x) => Value::Number(*x),
        Literal::Text(s) => Value::Text(s.trim().to_string()),
    }
}

/// The tests on the export column that make `rule` fire once `fm` has translated the column,
/// with notes on what the CRM cannot be told.
fn export_tests(rule: &Rule, fm: &FieldMap, notes: &mut Vec<String>) -> Vec<Test> {
    // Without translations the import copies values as they are (`otherwise` is not used).
    if fm.values.is_empty() || matches!(rule.when, Condition::Present) {
        return vec![Test::of(&rule.when)];
    }
    let column = fm.column.trim();
    // The import reads translated columns as text, so the test is on the text a value becomes.
    let hits = |to: &str| matches(&rule.when, &Value::Text(to.trim().to_string()));
    // A listed value counts only if the first translation it meets gives a matching value.
    let reaches = |l: &Literal| fm.translate(&literal_value(l)).is_some_and(hits);
    let (mut literals, mut words, mut others) = (Vec::new(), Vec::new(), Vec::new());
    let mut shadowed = false;
    for (i, vm) in fm.values.iter().enumerate() {
        if !hits(&vm.to) {
            continue;
        }
        let earlier_elsewhere = fm.values[..i].iter().any(|e| !hits(&e.to));
        match &vm.when {
            Condition::Equals { value } => {
                if reaches(value) {
                    literals.push(value.to_string());
                }
            }
            Condition::OneOf { values } => {
                literals.extend(values.iter().filter(|l| reaches(l)).map(|l| l.to_string()))
            }
            Condition::Contains { words: w } => {
                words.extend(w.iter().map(|w| w.trim().to_string()));
                shadowed |= earlier_elsewhere;
            }
            Condition::Range { min, max } => {
                others.push(Test::Range {
                    min: *min,
                    max: *max,
                });
                shadowed |= earlier_elsewhere;
            }
            Condition::Present => {
                others.push(Test::Known);
                shadowed |= earlier_elsewhere;
            }
        }
    }
    let mut tests = Vec::new();
    let literals = distinct(literals);
    if !literals.is_empty() {
        tests.push(Test::AnyOf(literals));
    }
    let words = distinct(words);
    if !words.is_empty() {
        tests.push(Test::ContainsAny(words));
    }
    tests.extend(others);
    match fm.otherwise.as_deref().map(str::trim) {
        // Every value no translation matches scores too: when the translations list values,
        // the values that do not score are the listed ones whose translation misses the rule.
        Some(o) if hits(o) => {
            let listed = |vm: &crate::mapping::ValueMap| match &vm.when {
                Condition::Equals { value } => Some(vec![value.clone()]),
                Condition::OneOf { values } => Some(values.clone()),
                _ => None,
            };
            match fm.values.iter().map(listed).collect::<Option<Vec<_>>>() {
                Some(all) => {
                    let misses = distinct(
                        all.iter()
                            .flatten()
                            .filter(|l| !reaches(l))
                            .map(|l| l.to_string()),
                    );
                    tests = vec![if misses.is_empty() {
                        Test::Known
                    } else {
                        Test::NoneOf(misses)
                    }];
                    notes.push(format!(
                        "rule '{}': values of column {column} that no translation matches \
                         become '{o}', which the rule scores, so the criterion lists the values \
                         that do not score; check that it leaves out leads with no value",
                        rule.name
                    ));
                }
                None => notes.push(format!(
                    "rule '{}': values of column {column} that no translation matches become \
                     '{o}', which the rule scores; the table lists only the translated values, \
                     so add the other values the CRM holds to the criterion by hand",
                    rule.name
                )),
            }
        }
        // Untranslated values are kept as exported, as text: the rule reads them as they are.
        None if tests.is_empty() && !matches!(rule.when, Condition::Range { .. }) => {
            tests.push(Test::of(&rule.when))
        }
        _ => {}
    }
    if shadowed {
        notes.push(format!(
            "rule '{}': the mapping tries column {column}'s translations in order and a value \
             that matches an earlier one becomes that one's value; a CRM criterion cannot say \
             \"unless an earlier translation matched\", so check the values it catches",
            rule.name
        ));
    }
    if tests.is_empty() {
        notes.push(format!(
            "rule '{}' cannot fire on this export: no value of column {column} translates to a \
             value it matches, so the table leaves it out",
            rule.name
        ));
    }
    tests
}

// ---------------------------------------------------------------------------------------------
// Building the table.

/// Which kinds of criteria the table used, for the notes that explain them once.
#[derive(Default)]
struct Used {
    contains: bool,
    range: bool,
    flag: bool,
    negative: bool,
    split: Vec<String>,
    rounded: Vec<String>,
}

struct Builder<'a> {
    tool: Tool,
    model: &'a ScoringModel,
    rows: Vec<PointsRow>,
    notes: Vec<String>,
    unmapped: Vec<String>,
    used: Used,
}

/// Account Engagement's grades from the worst, and where a prospect starts (D).
const AE_GRADES: [&str; 13] = [
    "F", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+",
];
const AE_START: i64 = 2;

impl Builder<'_> {
    fn rule(&mut self, rule: &Rule, mapping: Option<&Mapping>) {
        let fm = mapping.and_then(|m| {
            m.fields
                .iter()
                .find(|f| f.field.trim().eq_ignore_ascii_case(rule.field.trim()))
        });
        let (field, tests) = match fm {
            Some(fm) => (
                fm.column.trim().to_string(),
                export_tests(rule, fm, &mut self.notes),
            ),
            None => {
                let field = rule.field.trim().to_string();
                if !self.unmapped.iter().any(|u| u.eq_ignore_ascii_case(&field)) {
                    self.unmapped.push(field.clone());
                }
                (field, vec![Test::of(&rule.when)])
            }
        };
        if tests.len() > 1 {
            self.used
                .split
                .push(format!("'{}' ({})", rule.name, tests.len()));
        }
        if rule.points < 0.0 {
            self.used.negative = true;
        }
        let (points, unit) = self.points(rule);
        for test in tests {
            match test {
                Test::ContainsAny(_) => self.used.contains = true,
                Test::Range { .. } => self.used.range = true,
                Test::Flag(_) => self.used.flag = true,
                _ => {}
            }
            let (operator, values) = words(self.tool, &test);
            let (section, score) = self.place(rule);
            self.rows.push(PointsRow {
                section,
                score,
                field: field.clone(),
                operator,
                values,
                points,
                unit,
                model_points: rule.points,
                kind: rule.kind,
                rule: rule.name.clone(),
            });
        }
    }

    /// What the admin enters for a rule's points, in the tool's unit.
    fn points(&mut self, rule: &Rule) -> (f64, PointsUnit) {
        if self.tool == Tool::AccountEngagement && rule.kind == ScoreKind::Fit {
            let exact = self.thirds(rule.points.abs());
            let steps = exact.round().clamp(1.0, 3.0);
            if (steps - exact).abs() > 1e-9 {
                self.used.rounded.push(format!(
                    "'{}' ({} fit points, about {} thirds of a letter; entered as {}/3{})",
                    rule.name,
                    plain(rule.points),
                    plain((exact * 10.0).round() / 10.0),
                    plain(steps),
                    if exact.round() > 3.0 {
                        ", the most one criterion moves"
                    } else if exact.round() < 1.0 {
                        ", the least one criterion moves"
                    } else {
                        ""
                    }
                ));
            }
            return (steps.copysign(rule.points), PointsUnit::GradeThirds);
        }
        if !self.tool.whole_points() {
            return (rule.points, PointsUnit::Points);
        }
        let whole = rule.points.round();
        if whole != rule.points {
            self.used.rounded.push(format!(
                "'{}' ({} points, entered as {}{})",
                rule.name,
                plain(rule.points),
                plain(whole),
                if whole == 0.0 {
                    ": it adds nothing in the tool, so scale the model's points up"
                } else {
                    ""
                }
            ));
        }
        (whole + 0.0, PointsUnit::Points)
    }

    /// Model fit points per Account Engagement letter grade: the model's fit letters span
    /// (A cut − C cut) / 2 points each. A letter is three thirds.
    fn grade_letter(&self) -> f64 {
        let [a, _, c] = self.model.grades.fit;
        let letter = (a - c) / 2.0;
        if letter > 0.0 {
            letter
        } else {
            3.0
        }
    }

    /// How many thirds of a letter `points` fit points make, unrounded.
    fn thirds(&self, points: f64) -> f64 {
        points * 3.0 / self.grade_letter()
    }

    /// The Account Engagement grade a prospect with `points` fit points would have.
    fn ae_grade(&self, points: f64) -> &'static str {
        let steps = self.thirds(points).round() as i64;
        AE_GRADES[(AE_START + steps).clamp(0, 12) as usize]
    }

    /// The section of the tool a rule's criterion goes to, and the score it changes.
    fn place(&self, rule: &Rule) -> (String, String) {
        let kind = rule.kind;
        match self.tool {
            Tool::HubSpot => {
                let score = hubspot_score(kind);
                (
                    format!("{score} › property group '{}'", hubspot_group(rule)),
                    score.to_string(),
                )
            }
            Tool::Marketo => {
                let score = marketo_score(kind);
                (
                    format!("Smart campaign › Change Score on {score}"),
                    score.to_string(),
                )
            }
            Tool::AccountEngagement => match kind {
                ScoreKind::Fit => (
                    "Grading profile criterion (set by an automation rule: Change profile \
                     criteria)"
                        .to_string(),
                    "Grade".to_string(),
                ),
                ScoreKind::Engagement => (
                    "Automation rule › Adjust prospect score".to_string(),
                    "Prospect score".to_string(),
                ),
            },
            Tool::Mautic => (
                "Segment filter + campaign action › Adjust contact's points".to_string(),
                "Contact points".to_string(),
            ),
        }
    }

    fn finish(mut self) -> PointsTable {
        let tool = self.tool;
        let mut notes = std::mem::take(&mut self.notes);
        if !self.unmapped.is_empty() {
            notes.push(format!(
                "the mapping fills no model field {} from an export column, so the table names \
                 the model field: pick the {} field that holds it",
                self.unmapped.join(", "),
                tool.name()
            ));
        }
        if !self.used.split.is_empty() {
            notes.push(format!(
                "rules that became several rows: {}; a lead meeting more than one of a rule's \
                 rows would get its points more than once, which the model never gives: {}",
                self.used.split.join(", "),
                match tool {
                    Tool::HubSpot =>
                        "put the rows in one rule joined by OR if the tool offers it, else keep \
                         one row (check in the tool)",
                    Tool::Marketo =>
                        "put the rows as filters of one smart campaign with ANY logic (advanced \
                         filter logic)",
                    Tool::AccountEngagement => "put the rows in one automation rule with Match any",
                    Tool::Mautic => "put the rows in one segment, joined by Or",
                }
            ));
        }
        if !self.used.rounded.is_empty() {
            notes.push(match tool {
                Tool::AccountEngagement if self.used.rounded.iter().any(|r| r.contains("fit")) => {
                    format!(
                        "grades move in thirds of a letter (1/3 to 3/3 per criterion) and scores in \
                         whole points, so these rules changed: {}",
                        self.used.rounded.join("; ")
                    )
                }
                _ => format!(
                    "{} takes whole points, so the table rounds these rules: {}",
                    tool.name(),
                    self.used.rounded.join("; ")
                ),
            });
        }
        if tool == Tool::HubSpot
            && self
                .model
                .rules
                .iter()
                .any(|r| r.points != r.points.round())
        {
            notes.push(
                "some rules have fractional points; whether HubSpot's rules take them was not \
                 found in its documentation: check in the tool, and round if it refuses them"
                    .to_string(),
            );
        }
        if tool == Tool::AccountEngagement {
            notes.push(self.grade_note());
        }
        notes.extend(self.kind_notes());
        notes.extend(self.cap_notes());
        notes.extend(self.limit_notes());
        if self.used.negative {
            notes.push(self.negative_note());
        }
        if self.used.contains {
            notes.push(contains_note(tool));
        }
        if self.used.range {
            notes.push(range_note(tool));
        }
        if self.used.flag {
            notes.push(
                "a yes/no field is shown as true or false: pick the tool's checked (true) or \
                 unchecked (false) option"
                    .to_string(),
            );
        }
        if tool != Tool::HubSpot {
            notes.push(format!(
                "the model scores the values a lead has now; {} adds points when a criterion \
                 first matches and does not take them back when the field changes: {}",
                tool.name(),
                match tool {
                    Tool::Marketo =>
                        "add campaigns that subtract the points when the value changes away, or \
                         rescore with recurring batch campaigns that reset the score with \"=0\" \
                         first",
                    Tool::AccountEngagement =>
                        "a rule without \"Repeat rule\" matches a prospect once, and undoing a \
                         match needs a rule of its own",
                    _ => "add a campaign on the opposite filter that subtracts the points",
                }
            ));
        }
        if let Some(d) = &self.model.decay {
            notes.push(decay_note(tool, &d.field, d.half_life_days));
        }
        notes.push(self.threshold_note());
        PointsTable {
            tool,
            rows: self.rows,
            notes,
        }
    }

    /// How HubSpot and Account Engagement take the model's split into fit and engagement.
    fn kind_notes(&self) -> Vec<String> {
        let engagement = self
            .model
            .rules
            .iter()
            .any(|r| r.kind == ScoreKind::Engagement);
        match self.tool {
            Tool::HubSpot if engagement => vec![
                "HubSpot's engagement scores count events (event groups), while this model's \
                 engagement rules read fields: enter them as property rules of a combined score \
                 (Marketing Hub Enterprise), or of a second score built like the fit score, or \
                 rebuild them as event rules (check in the tool)"
                    .to_string(),
            ],
            _ => Vec::new(),
        }
    }

    /// Where the model's fit cut-offs land on Account Engagement's letter grades.
    fn grade_note(&self) -> String {
        let letter = self.grade_letter();
        let cuts = self.model.grades.fit;
        let shown: Vec<String> = ["A", "B", "C"]
            .iter()
            .zip(cuts)
            .map(|(name, cut)| {
                format!(
                    "Fit {name} (at least {} points) ≈ {}",
                    plain(cut),
                    self.ae_grade(cut)
                )
            })
            .collect();
        format!(
            "Account Engagement grades fit as a letter, not points: every prospect starts at D \
             and each profile criterion moves the grade by 1/3, 2/3 or 3/3 of a letter, up when \
             it matches and down when it doesn't. The table counts one letter as {} model fit \
             points (the span of the model's Fit A to Fit C cut-offs over two letters), so a third \
             is {} points; {}. A criterion cannot be worth more than a whole letter",
            plain(round2(letter)),
            plain(round2(letter / 3.0)),
            shown.join(", ")
        )
    }

    /// The model's caps, and whether the tool can hold them.
    fn cap_notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        for cap in &self.model.caps {
            let rules: Vec<&Rule> = self
                .model
                .rules
                .iter()
                .filter(|r| r.group.as_deref() == Some(cap.group.as_str()))
                .collect();
            let names = rules
                .iter()
                .map(|r| format!("'{}'", r.name))
                .collect::<Vec<_>>()
                .join(", ");
            let max = plain(cap.max);
            let g = &cap.group;
            out.push(match self.tool {
                Tool::HubSpot => format!(
                    "cap: the model adds at most {max} points from group '{g}' ({names}); set \
                     the maximum points of HubSpot property group '{g}' to {max}"
                ),
                Tool::Marketo => format!(
                    "cap: the model adds at most {max} points from group '{g}' ({names}); \
                     Change Score has no limit per group: keep the group's points in a score \
                     field of its own and add a campaign that sets it back to \"={max}\" when it \
                     goes above, or accept the overshoot (check in the tool)"
                ),
                Tool::AccountEngagement => format!(
                    "cap: the model adds at most {max} points from group '{g}' ({names}); \
                     grading criteria and score adjustments add up without a limit per group: \
                     give the group's rules one criterion or automation rule between them \
                     (Match any), or accept the overshoot"
                ),
                Tool::Mautic => format!(
                    "cap: the model adds at most {max} points from group '{g}' ({names}); Mautic \
                     has no limit per group of point changes that its documentation names: add a \
                     campaign condition on the points so the group's actions stop at {max}, or \
                     accept the overshoot (check in the tool)"
                ),
            });
        }
        out
    }

    /// The score limits a tool documents, against the most the model can give.
    fn limit_notes(&self) -> Vec<String> {
        if self.tool != Tool::HubSpot {
            return Vec::new();
        }
        let mut out = Vec::new();
        for kind in [ScoreKind::Fit, ScoreKind::Engagement] {
            let most = self.most_points(kind);
            if most > 100.0 {
                out.push(format!(
                    "the model's {} rules can add up to {} points, more than HubSpot's default \
                     score limit of 100 (the limit caps the score and the groups' maximums must \
                     fit in it): raise the score limit where the subscription allows (Marketing \
                     Hub Enterprise; check in the tool), or scale the points down",
                    kind_word(kind),
                    plain(most)
                ));
            }
        }
        if let Qualify::Score { threshold } = self.model.qualify {
            if threshold > 100.0 {
                out.push(format!(
                    "the MQL threshold ({}) is above HubSpot's default score limit of 100",
                    plain(threshold)
                ));
            }
        }
        out
    }

    /// The most points a kind of rules can add, each cap group held to its cap.
    fn most_points(&self, kind: ScoreKind) -> f64 {
        let mut groups: Vec<(&str, f64)> = Vec::new();
        let mut loose = 0.0;
        for r in self.model.rules.iter().filter(|r| r.kind == kind) {
            let p = r.points.max(0.0);
            match r.group.as_deref() {
                Some(g) => match groups.iter_mut().find(|(n, _)| *n == g) {
                    Some((_, sum)) => *sum += p,
                    None => groups.push((g, p)),
                },
                None => loose += p,
            }
        }
        loose
            + groups
                .iter()
                .map(|(g, sum)| {
                    let cap = self
                        .model
                        .caps
                        .iter()
                        .find(|c| c.group == *g)
                        .map(|c| c.max);
                    cap.map_or(*sum, |m| sum.min(m))
                })
                .sum::<f64>()
    }

    fn negative_note(&self) -> String {
        let names: Vec<String> = self
            .model
            .rules
            .iter()
            .filter(|r| r.points < 0.0)
            .map(|r| format!("'{}'", r.name))
            .collect();
        let how = match self.tool {
            Tool::HubSpot => "choose to subtract points in the rule",
            Tool::Marketo => "enter the change with a minus sign (\"-20\"); Change Score takes it",
            Tool::AccountEngagement => {
                "a negative fit rule sets its criterion to \"doesn't match\", which lowers the \
                 grade; a negative engagement rule adjusts the score by a negative number"
            }
            Tool::Mautic => "enter the change with a minus sign, or choose subtract in the action",
        };
        format!("negative points ({}): {how}", names.join(", "))
    }

    /// How the model's MQL rule is set up in the tool.
    fn threshold_note(&self) -> String {
        match &self.model.qualify {
            Qualify::Score { threshold } => {
                let t = *threshold;
                let whole = t.ceil();
                let entered = if self.tool.whole_points() { whole } else { t };
                let rounded = if entered != t {
                    format!(
                        " (the model's threshold is {}; with whole points, at least {} is the \
                         same test)",
                        plain(t),
                        plain(whole)
                    )
                } else {
                    String::new()
                };
                let e = plain(entered);
                let how = match self.tool {
                    Tool::HubSpot => format!(
                        "a combined score (Marketing Hub Enterprise) gives the total; with \
                         separate fit and engagement scores, add a property that sums them (check \
                         in the tool). Then set a threshold on the score, or build a workflow \
                         that enrolls contacts whose total score is greater than or equal to {e} \
                         and marks them MQL"
                    ),
                    Tool::Marketo => format!(
                        "give every campaign a second Change Score step with the same change on \
                         the total score field (Lead Score), then build a smart campaign \
                         triggered when Lead Score changes (Score is Changed) with the filter \
                         Lead Score at least {e}, whose flow marks the person MQL"
                    ),
                    Tool::AccountEngagement => {
                        let [a, b, c] = self.model.grades.fit;
                        // For each grade's lower end (D being no fit points), the engagement a
                        // prospect there still needs; a grade needing no less than a lower one
                        // adds nothing.
                        let needs: Vec<(f64, f64)> = [a, b, c, 0.0]
                            .iter()
                            .map(|cut| (*cut, (t - cut).max(0.0).ceil()))
                            .collect();
                        let rules: Vec<String> = needs
                            .iter()
                            .enumerate()
                            .filter(|(i, (_, need))| !needs[i + 1..].iter().any(|(_, n)| n <= need))
                            .map(|(_, (cut, need))| {
                                let grade = format!("grade {} or better", self.ae_grade(*cut));
                                if *need > 0.0 {
                                    format!("{grade} and score at least {}", plain(*need))
                                } else {
                                    grade
                                }
                            })
                            .collect();
                        format!(
                            "fit is a grade there, not points, so fit + engagement cannot be \
                             added up; build automation rules (Match any) that mark the \
                             prospect MQL on {} (fit points stand in for the grade's lower \
                             end; check the cut-offs against the engine). \"Greater than\" \
                             excludes its number, so enter one less for \"at least\"",
                            rules.join("; or ")
                        )
                    }
                    Tool::Mautic => format!(
                        "create a point trigger (Points > Manage Triggers) with a minimum of {e} \
                         points, turn on triggering for contacts already there, and add an event \
                         that marks them (modify segments, or push the contact to the CRM \
                         integration)"
                    ),
                };
                format!(
                    "MQL threshold: the model makes a lead an MQL when fit + engagement is at \
                     least {}{rounded}; {how}",
                    plain(t)
                )
            }
            Qualify::Grid { cells } => {
                let g = &self.model.grades;
                let band = |cuts: &[f64; 3], i: u8| {
                    let i = i as usize;
                    match i {
                        0 => format!("at least {}", plain(cuts[0])),
                        3 => format!("below {}", plain(cuts[2])),
                        _ => format!(
                            "at least {} and below {}",
                            plain(cuts[i]),
                            plain(cuts[i - 1])
                        ),
                    }
                };
                let shown: Vec<String> = cells
                    .iter()
                    .filter_map(|c| Grade::parse(c))
                    .map(|cell| {
                        format!(
                            "{cell}: fit {}, engagement {}",
                            band(&g.fit, cell.fit),
                            band(&g.engagement, cell.engagement)
                        )
                    })
                    .collect();
                let how = match self.tool {
                    Tool::HubSpot => {
                        "a combined score (Marketing Hub Enterprise) shows fit and engagement \
                         together; otherwise a workflow on the two scores with one branch per \
                         cell"
                    }
                    Tool::Marketo => {
                        "a smart campaign on Demographic Score and Behavior Score with one \
                         filter pair per cell (ANY of the pairs)"
                    }
                    Tool::AccountEngagement => {
                        "automation rules on grade and score, one rule group per cell (the fit \
                         ranges read as grades, see the grading note)"
                    }
                    Tool::Mautic => {
                        "Mautic keeps one points score per contact: put fit and engagement \
                         points in two Point Groups (Mautic 5) and use point triggers or segment \
                         filters on them, one per cell (check in the tool)"
                    }
                };
                format!(
                    "MQL threshold: the model makes a lead an MQL by its grade cell, not a total \
                     score: {}; set it up as {how}",
                    shown.join("; ")
                )
            }
        }
    }
}

fn kind_word(kind: ScoreKind) -> &'static str {
    match kind {
        ScoreKind::Fit => "fit",
        ScoreKind::Engagement => "engagement",
    }
}

fn hubspot_score(kind: ScoreKind) -> &'static str {
    match kind {
        ScoreKind::Fit => "Fit score",
        ScoreKind::Engagement => "Engagement score",
    }
}

fn hubspot_group(rule: &Rule) -> String {
    match rule.group.as_deref().map(str::trim) {
        Some(g) if !g.is_empty() => g.to_string(),
        _ => match rule.kind {
            ScoreKind::Fit => "Fit".to_string(),
            ScoreKind::Engagement => "Engagement".to_string(),
        },
    }
}

fn marketo_score(kind: ScoreKind) -> &'static str {
    match kind {
        ScoreKind::Fit => "Demographic Score",
        ScoreKind::Engagement => "Behavior Score",
    }
}

/// A test in the tool's words: the operator and the values.
fn words(tool: Tool, test: &Test) -> (String, Vec<String>) {
    let (op, values): (&str, Vec<String>) = match (tool, test) {
        (_, Test::Range { min, max }) => {
            let (at_least, below) = match tool {
                Tool::HubSpot => ("is greater than or equal to", "is less than"),
                Tool::Marketo => ("at least", "less than"),
                Tool::AccountEngagement => ("is greater than", "is less than"),
                Tool::Mautic => ("greater than or equal", "less than"),
            };
            // Account Engagement's "greater than" leaves its number out: one below a whole
            // lower end is the same test on whole numbers.
            let low = |x: f64| match tool {
                Tool::AccountEngagement if x == x.trunc() => x - 1.0,
                _ => x,
            };
            return match (min, max) {
                (Some(lo), Some(hi)) => (
                    format!("{at_least} … and {below} …"),
                    vec![plain(low(*lo)), plain(*hi)],
                ),
                (Some(lo), None) => (at_least.to_string(), vec![plain(low(*lo))]),
                (None, Some(hi)) => (below.to_string(), vec![plain(*hi)]),
                (None, None) => (
                    match tool {
                        Tool::HubSpot => "is known",
                        _ => "is not empty",
                    }
                    .to_string(),
                    Vec::new(),
                ),
            };
        }
        (Tool::HubSpot, Test::AnyOf(v)) => ("is any of", v.clone()),
        (Tool::Marketo | Tool::AccountEngagement, Test::AnyOf(v)) => ("is", v.clone()),
        (Tool::Mautic, Test::AnyOf(v)) => ("includes any of", v.clone()),
        (Tool::HubSpot, Test::NoneOf(v)) => ("is none of", v.clone()),
        (Tool::Marketo, Test::NoneOf(v)) => ("is not", v.clone()),
        (Tool::AccountEngagement, Test::NoneOf(v)) => ("isn't", v.clone()),
        (Tool::Mautic, Test::NoneOf(v)) => ("excludes any of", v.clone()),
        (Tool::HubSpot | Tool::Mautic, Test::Flag(b)) => ("is equal to", vec![b.to_string()]),
        (_, Test::Flag(b)) => ("is", vec![b.to_string()]),
        (Tool::HubSpot, Test::ContainsAny(w)) => ("contains any of", w.clone()),
        (_, Test::ContainsAny(w)) => ("contains", w.clone()),
        (Tool::HubSpot, Test::Known) => ("is known", Vec::new()),
        (_, Test::Known) => ("is not empty", Vec::new()),
    };
    (op.to_string(), values)
}

fn contains_note(tool: Tool) -> String {
    let how = match tool {
        Tool::HubSpot => {
            "the rows use \"contains any of\"; whether HubSpot matches inside longer words was \
             not found in its documentation: check in the tool"
        }
        Tool::Marketo => {
            "Marketo's \"contains\" matches any letters (\"for\" matches \"california\"), so \
             \"vp\" also catches \"SVP\"; enter the words as values of one filter, and add \
             \"not contains\" filters for the words it should not catch"
        }
        Tool::AccountEngagement => {
            "enter the words in one line separated by semicolons, which means any of them; \
             \"contains\" matches part of a value, so \"vp\" also catches \"SVP\""
        }
        Tool::Mautic => {
            "add one \"contains\" filter per word, joined by Or; \"contains\" matches part of a \
             value, so \"vp\" also catches \"SVP\" (a \"matches pattern\" filter with a regular \
             expression can ask for whole words)"
        }
    };
    format!(
        "words: the model matches whole words and phrases (\"vp\" matches \"VP, Sales\" but not \
         \"SVP\"); {how}"
    )
}

fn range_note(tool: Tool) -> String {
    let how = match tool {
        Tool::HubSpot => "enter both ends as two criteria of one rule, joined by AND",
        Tool::Marketo => {
            "enter both ends as two filters of one smart campaign (ALL filters); \"between\" \
             includes both ends, so it would need the upper end minus one"
        }
        Tool::AccountEngagement => {
            "enter both ends as two criteria of one automation rule (Match all); the lower end \
             is one less because \"greater than\" leaves its number out (check in the tool)"
        }
        Tool::Mautic => "enter both ends as two filters of one segment, joined by And",
    };
    format!("ranges: the model's ranges include the lower end and leave out the upper one; {how}")
}

fn decay_note(tool: Tool, field: &str, half_life: f64) -> String {
    let h = plain(half_life);
    let how = match tool {
        Tool::HubSpot => format!(
            "HubSpot can decay event groups of engagement scores, by a share of each event's \
             points as time passes since it; that is not the same curve, so pick the share and \
             period nearest to halving every {h} days, or leave decay off (check in the tool)"
        ),
        Tool::Marketo => format!(
            "Change Score has no decay; Adobe's behaviour scoring template lowers the score with \
             \"Decrease Score - No Activity\" campaigns: run a recurring batch campaign that \
             subtracts points from people with no activity for {h} days"
        ),
        Tool::AccountEngagement => format!(
            "there is no built-in half-life: build an automation rule (with Repeat rule) that \
             lowers the score of prospects with no activity for {h} days (check the criteria in \
             the tool)"
        ),
        Tool::Mautic => format!(
            "point actions do not decay: build a campaign on a segment of contacts whose date \
             last active is more than {h} days ago, with the action Adjust contact's points \
             dividing by 2"
        ),
    };
    format!(
        "decay: the model halves engagement points every {h} days since the last activity \
         (field {field}); {how}"
    )
}

/// A number as an admin types it: no grouping, no trailing zeros, a plain minus.
fn plain(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

// ---------------------------------------------------------------------------------------------
// Output.

impl PointsRow {
    /// The criterion as a sentence: "Industry is any of Computer Software; Internet".
    pub fn condition(&self) -> String {
        if self.operator.contains('…') {
            let mut out = String::new();
            let mut values = self.values.iter();
            for (i, part) in self.operator.split('…').enumerate() {
                if i > 0 {
                    out.push_str(values.next().map_or("?", String::as_str));
                }
                out.push_str(part);
            }
            return format!("{} {}", self.field, out.trim_end());
        }
        if self.values.is_empty() {
            format!("{} {}", self.field, self.operator)
        } else {
            format!(
                "{} {} {}",
                self.field,
                self.operator,
                self.values.join("; ")
            )
        }
    }
}

impl PointsTable {
    /// What to enter for a row's points, as the tool asks for it.
    fn change(&self, row: &PointsRow) -> String {
        let n = plain(row.points.abs());
        let up = row.points >= 0.0;
        match (self.tool, row.unit) {
            (_, PointsUnit::GradeThirds) => format!(
                "{n}/3 letter grade, criterion {}",
                if up { "matches" } else { "doesn't match" }
            ),
            (Tool::Marketo, _) => format!("{}{n}", if up { "+" } else { "-" }),
            (Tool::AccountEngagement, _) => {
                format!("adjust score by {}{n}", if up { "+" } else { "-" })
            }
            (Tool::HubSpot | Tool::Mautic, _) => {
                format!("{} {n}", if up { "add" } else { "subtract" })
            }
        }
    }

    /// How a row's values are separated in one cell: as the tool takes several values where
    /// its documentation says (Account Engagement semicolons, Mautic "|"), else "; ".
    fn joined(&self, row: &PointsRow) -> String {
        let values = &row.values;
        // A range's two ends are not alternatives: the operator says which is which.
        if row.operator.contains('…') {
            return values.join("; ");
        }
        match self.tool {
            Tool::AccountEngagement => values
                .iter()
                .map(|v| {
                    if v.contains(';') {
                        format!("\"{v}\"")
                    } else {
                        v.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join("; "),
            Tool::Mautic => values.join("|"),
            _ => values.join("; "),
        }
    }

    /// The rows as CSV with a header: section, score, field, operator, values, change, points,
    /// unit, rule. Cells holding names or values from the model or the export are escaped so
    /// that a spreadsheet shows a text starting with `=`, `+`, `-` or `@` instead of running it.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header = [
            "Section", "Score", "Field", "Operator", "Values", "Change", "Points", "Unit", "Rule",
        ];
        // Writing to a Vec cannot fail; an error here would be a bug in the csv crate.
        w.write_record(header).expect("CSV into memory");
        for row in &self.rows {
            let unit = match row.unit {
                PointsUnit::Points => "points",
                PointsUnit::GradeThirds => "grade thirds",
            };
            let safe = |s: &str| spreadsheet_safe(s).into_owned();
            w.write_record([
                safe(&row.section),
                safe(&row.score),
                safe(&row.field),
                safe(&row.operator),
                safe(&self.joined(row)),
                // Made here from numbers: a leading minus is a negative number, not a formula.
                self.change(row),
                plain(row.points),
                unit.to_string(),
                safe(&row.rule),
            ])
            .expect("CSV into memory");
        }
        let bytes = w.into_inner().expect("CSV into memory");
        String::from_utf8(bytes).expect("CSV of UTF-8 text")
    }

    /// Step-by-step instructions for the admin: where to go in the tool, every row to enter,
    /// then the notes.
    pub fn to_text(&self) -> String {
        let mut out = format!("Points table for {}\n\n", self.tool.name());
        out.push_str("Steps:\n");
        let mut step = 0;
        let mut say = |out: &mut String, text: String| {
            step += 1;
            out.push_str(&format!("{step}. {text}\n"));
        };
        for intro in self.intro() {
            say(&mut out, intro);
        }
        for row in &self.rows {
            say(&mut out, self.row_step(row));
        }
        if !self.notes.is_empty() {
            out.push_str("\nNotes:\n");
            for n in &self.notes {
                out.push_str(&format!("- {n}\n"));
            }
        }
        out
    }

    fn intro(&self) -> Vec<String> {
        let has = |kind| self.rows.iter().any(|r| r.kind == kind);
        match self.tool {
            Tool::HubSpot => {
                let mut v = vec![
                    "In HubSpot, go to Marketing > Lead Scoring and click Create \
                                  score; choose a contact fit score (a combined score, on \
                                  Marketing Hub Enterprise, holds fit and engagement together)."
                        .to_string(),
                ];
                let mut groups: Vec<String> = Vec::new();
                for r in &self.rows {
                    let g = r.section.clone();
                    if !groups.contains(&g) {
                        groups.push(g);
                    }
                }
                if !groups.is_empty() {
                    v.push(format!(
                        "Click + Add property group for each group below, name it, and enter its \
                         maximum points (see the cap notes): {}.",
                        groups.join("; ")
                    ));
                }
                v
            }
            Tool::Marketo => {
                let mut fields = Vec::new();
                if has(ScoreKind::Fit) {
                    fields.push("Demographic Score");
                }
                if has(ScoreKind::Engagement) {
                    fields.push("Behavior Score");
                }
                vec![
                    format!(
                        "In Marketo Engage Admin > Field Management, create custom fields of type \
                         Score: {} (skip any that exist).",
                        fields.join(", ")
                    ),
                    "For each row below, create a smart campaign: in Smart List add the trigger \
                     Data Value Changes on the row's field and the row's filter (run it once as a \
                     batch campaign too, for people who already match); in Flow add Change Score \
                     on the row's score with the row's change; in Schedule, let each person run \
                     through the flow once."
                        .to_string(),
                ]
            }
            Tool::AccountEngagement => {
                let mut v = Vec::new();
                if has(ScoreKind::Fit) {
                    v.push(
                        "In Account Engagement, open the grading profile (the Default profile \
                         unless prospects get another) and add one criterion per fit row below, \
                         named after its rule, weighted by the row's thirds of a letter."
                            .to_string(),
                    );
                }
                v.push(
                    "For each row below, add an automation rule (Automation Rules > + Add \
                     Automation Rule) whose rule is the row's Prospect default or custom field \
                     criterion and whose action is the row's change (Change profile criteria for \
                     grades, Adjust prospect score for scores). Rules start paused: preview the \
                     matches, then resume."
                        .to_string(),
                );
                v
            }
            Tool::Mautic => vec![
                "Make each contact field below available for segments (Custom Fields: Available \
                 for Segments = Yes)."
                    .to_string(),
                "For each row below, create a dynamic segment (Segments > New, Filters tab) with \
                 the row's filter, then a campaign with that segment as its contact source and \
                 the action Adjust contact's points with the row's change."
                    .to_string(),
            ],
        }
    }

    fn row_step(&self, row: &PointsRow) -> String {
        format!(
            "{}: {} → {} (rule '{}'{})",
            row.section,
            row.condition(),
            self.change(row),
            row.rule,
            if row.unit == PointsUnit::Points && row.points != row.model_points {
                format!(", {} points in the model", plain(row.model_points))
            } else {
                String::new()
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::ValueMap;
    use crate::scoring::{Cap, Decay, Grades};

    fn text(s: &str) -> Literal {
        Literal::Text(s.into())
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
        use ScoreKind::*;
        let mut senior = rule(
            "Senior title",
            Fit,
            "title",
            Condition::Contains {
                words: vec!["vp".into(), "vice president".into()],
            },
            12.5,
        );
        senior.group = Some("persona".into());
        let mut student = rule(
            "Student",
            Fit,
            "title",
            Condition::Contains {
                words: vec!["student".into()],
            },
            -20.0,
        );
        student.group = Some("persona".into());
        ScoringModel {
            rules: vec![
                rule(
                    "Software industry",
                    Fit,
                    "industry",
                    Condition::Equals {
                        value: text("software"),
                    },
                    20.0,
                ),
                rule(
                    "Target regions",
                    Fit,
                    "region",
                    Condition::OneOf {
                        values: vec![text("emea"), text("na")],
                    },
                    10.0,
                ),
                rule(
                    "Mid-market",
                    Fit,
                    "company_size",
                    Condition::Range {
                        min: Some(50.0),
                        max: Some(1000.0),
                    },
                    15.0,
                ),
                senior,
                student,
                rule(
                    "Webinar attendee",
                    Engagement,
                    "webinar_attended",
                    Condition::Equals {
                        value: Literal::Bool(true),
                    },
                    7.5,
                ),
                rule(
                    "APAC",
                    Fit,
                    "region",
                    Condition::Equals {
                        value: text("apac"),
                    },
                    5.0,
                ),
            ],
            caps: vec![Cap {
                group: "persona".into(),
                max: 15.0,
            }],
            decay: Some(Decay {
                field: "days_since_activity".into(),
                half_life_days: 30.0,
            }),
            grades: Grades {
                fit: [60.0, 40.0, 20.0],
                engagement: [30.0, 20.0, 10.0],
            },
            qualify: Qualify::Score { threshold: 40.0 },
        }
    }

    fn to(when: Condition, to: &str) -> ValueMap {
        ValueMap {
            when,
            to: to.into(),
        }
    }

    fn is(s: &str) -> Condition {
        Condition::Equals { value: text(s) }
    }

    fn copied(field: &str, column: &str) -> FieldMap {
        FieldMap {
            field: field.into(),
            column: column.into(),
            values: vec![],
            otherwise: None,
        }
    }

    fn mapping() -> Mapping {
        Mapping {
            types: Vec::new(),
            fields: vec![
                FieldMap {
                    field: "industry".into(),
                    column: "Industry".into(),
                    values: vec![
                        to(is("Computer Software"), "software"),
                        to(is("Banking"), "finance"),
                        to(is("Information Technology and Services"), "software"),
                    ],
                    otherwise: Some("other".into()),
                },
                FieldMap {
                    field: "region".into(),
                    column: "Country/Region".into(),
                    values: vec![
                        to(
                            Condition::OneOf {
                                values: vec![text("Germany"), text("France")],
                            },
                            "emea",
                        ),
                        to(is("United States"), "na"),
                        to(is("=cmd"), "apac"),
                    ],
                    otherwise: None,
                },
                copied("company_size", "Number of Employees"),
                copied("title", "Job Title"),
                copied("webinar_attended", "Attended Webinar"),
            ],
            outcome: None,
        }
    }

    fn row<'a>(t: &'a PointsTable, rule: &str) -> &'a PointsRow {
        let found: Vec<&PointsRow> = t.rows.iter().filter(|r| r.rule == rule).collect();
        assert_eq!(found.len(), 1, "one row for rule {rule} in {:?}", t.rows);
        found[0]
    }

    fn notes_with<'a>(t: &'a PointsTable, word: &str) -> Vec<&'a String> {
        t.notes.iter().filter(|n| n.contains(word)).collect()
    }

    #[test]
    fn tools_parse_by_their_names() {
        for tool in Tool::ALL {
            assert_eq!(tool.id().parse::<Tool>(), Ok(tool));
        }
        assert_eq!("Pardot".parse::<Tool>(), Ok(Tool::AccountEngagement));
        assert_eq!(" HubSpot ".parse::<Tool>(), Ok(Tool::HubSpot));
        assert_eq!(
            "account_engagement".parse::<Tool>(),
            Ok(Tool::AccountEngagement)
        );
        let err = "salesforce".parse::<Tool>().unwrap_err().to_string();
        for name in [
            "'salesforce'",
            "hubspot",
            "marketo",
            "account-engagement",
            "pardot",
            "mautic",
        ] {
            assert!(err.contains(name), "{err} names {name}");
        }
    }

    #[test]
    fn fields_are_export_columns_and_values_the_exports() {
        for tool in Tool::ALL {
            let t = points_table(&model(), Some(&mapping()), tool);
            assert_eq!(t.tool, tool);
            assert_eq!(t.rows.len(), 7, "{tool}: {:?}", t.rows);
            let industry = row(&t, "Software industry");
            assert_eq!(industry.field, "Industry");
            // Every export value that becomes `software`, and not Banking (finance).
            assert_eq!(
                industry.values,
                ["Computer Software", "Information Technology and Services"]
            );
            let regions = row(&t, "Target regions");
            assert_eq!(regions.field, "Country/Region");
            assert_eq!(regions.values, ["Germany", "France", "United States"]);
            let size = row(&t, "Mid-market");
            assert_eq!(size.field, "Number of Employees");
            assert!(size.operator.contains(" and "), "{}", size.operator);
            let title = row(&t, "Senior title");
            assert_eq!(title.field, "Job Title");
            assert_eq!(title.values, ["vp", "vice president"]);
            assert!(title.operator.contains("contains"), "{}", title.operator);
            let webinar = row(&t, "Webinar attendee");
            assert_eq!(webinar.field, "Attended Webinar");
            assert_eq!(webinar.values, ["true"]);
            assert_eq!(webinar.kind, ScoreKind::Engagement);
            assert!(t
                .rows
                .iter()
                .all(|r| r.field != "industry" && r.field != "region"));
        }
    }

    #[test]
    fn operators_are_in_each_tools_words() {
        let op = |tool, rule: &str| {
            let t = points_table(&model(), Some(&mapping()), tool);
            let r = row(&t, rule);
            r.condition()
        };
        assert_eq!(
            op(Tool::HubSpot, "Software industry"),
            "Industry is any of Computer Software; Information Technology and Services"
        );
        assert_eq!(
            op(Tool::HubSpot, "Mid-market"),
            "Number of Employees is greater than or equal to 50 and is less than 1000"
        );
        assert_eq!(
            op(Tool::Marketo, "Mid-market"),
            "Number of Employees at least 50 and less than 1000"
        );
        // "Greater than" leaves its number out, so the whole lower end moves down by one.
        assert_eq!(
            op(Tool::AccountEngagement, "Mid-market"),
            "Number of Employees is greater than 49 and is less than 1000"
        );
        assert_eq!(
            op(Tool::Marketo, "Senior title"),
            "Job Title contains vp; vice president"
        );
        assert_eq!(
            op(Tool::Mautic, "Target regions"),
            "Country/Region includes any of Germany; France; United States"
        );
    }

    #[test]
    fn points_are_whole_where_the_tool_needs_them() {
        let hub = points_table(&model(), Some(&mapping()), Tool::HubSpot);
        assert_eq!(row(&hub, "Senior title").points, 12.5);
        assert_eq!(row(&hub, "Student").points, -20.0);
        assert_eq!(row(&hub, "Webinar attendee").points, 7.5);
        assert_eq!(notes_with(&hub, "fractional").len(), 1, "{:#?}", hub.notes);
        for tool in [Tool::Marketo, Tool::Mautic] {
            let t = points_table(&model(), Some(&mapping()), tool);
            assert_eq!(row(&t, "Senior title").points, 13.0);
            assert_eq!(row(&t, "Senior title").model_points, 12.5);
            assert_eq!(row(&t, "Webinar attendee").points, 8.0);
            assert_eq!(row(&t, "Student").points, -20.0);
            assert_eq!(row(&t, "Software industry").points, 20.0);
            let rounding = notes_with(&t, "whole points");
            assert!(
                rounding.iter().any(
                    |n| n.contains("'Senior title' (12.5 points, entered as 13)")
                        && n.contains("'Webinar attendee' (7.5 points, entered as 8)")
                ),
                "{tool}: {:#?}",
                t.notes
            );
            assert!(t.rows.iter().all(|r| r.points == r.points.round()));
        }
    }

    #[test]
    fn account_engagement_grades_fit_in_thirds_and_scores_engagement() {
        let t = points_table(&model(), Some(&mapping()), Tool::AccountEngagement);
        // One letter is (60 - 20) / 2 = 20 fit points, a third 6.67.
        let thirds = |rule: &str| {
            let r = row(&t, rule);
            assert_eq!(r.unit, PointsUnit::GradeThirds, "{rule}");
            assert_eq!(r.score, "Grade");
            r.points
        };
        assert_eq!(thirds("Software industry"), 3.0);
        assert_eq!(thirds("Target regions"), 2.0);
        assert_eq!(thirds("Mid-market"), 2.0);
        assert_eq!(thirds("Senior title"), 2.0);
        assert_eq!(thirds("Student"), -3.0);
        assert_eq!(thirds("APAC"), 1.0);
        let webinar = row(&t, "Webinar attendee");
        assert_eq!(webinar.unit, PointsUnit::Points);
        assert_eq!(webinar.score, "Prospect score");
        assert_eq!(webinar.points, 8.0);
        assert!(notes_with(&t, "starts at D").len() == 1, "{:#?}", t.notes);
        assert!(
            notes_with(&t, "'Webinar attendee' (7.5 points, entered as 8)").len() == 1,
            "{:#?}",
            t.notes
        );
        let csv = t.to_csv();
        assert!(csv.contains("2/3 letter grade, criterion matches"), "{csv}");
        assert!(
            csv.contains("3/3 letter grade, criterion doesn't match"),
            "{csv}"
        );
    }

    #[test]
    fn caps_threshold_decay_and_the_rest_are_noted() {
        for tool in Tool::ALL {
            let t = points_table(&model(), Some(&mapping()), tool);
            let caps = notes_with(&t, "group 'persona'");
            assert_eq!(caps.len(), 1, "{tool}: {:#?}", t.notes);
            assert!(caps[0].contains("at most 15 points"), "{}", caps[0]);
            assert!(caps[0].contains("'Senior title', 'Student'"), "{}", caps[0]);
            let mql = notes_with(&t, "MQL threshold");
            assert_eq!(mql.len(), 1, "{tool}: {:#?}", t.notes);
            assert!(mql[0].contains("at least 40"), "{}", mql[0]);
            let how = match tool {
                Tool::HubSpot => "workflow",
                Tool::Marketo => "smart campaign",
                Tool::AccountEngagement => "automation rules",
                Tool::Mautic => "point trigger",
            };
            assert!(mql[0].contains(how), "{tool}: {}", mql[0]);
            if tool == Tool::AccountEngagement {
                // Fit A (60) ≈ A, B (40) ≈ B, C (20) ≈ C, no fit points = D; threshold 40.
                assert!(
                    mql[0].contains(
                        "on grade B or better; or grade C or better and score at least 20; or \
                         grade D or better and score at least 40 ("
                    ),
                    "{}",
                    mql[0]
                );
            }
            assert_eq!(notes_with(&t, "decay").len(), 1, "{tool}: {:#?}", t.notes);
            assert!(notes_with(&t, "halves engagement points every 30 days")
                .iter()
                .any(|n| n.contains("days_since_activity")));
            assert_eq!(notes_with(&t, "negative points").len(), 1, "{tool}");
            assert!(notes_with(&t, "negative points")[0].contains("'Student'"));
            assert_eq!(notes_with(&t, "whole words").len(), 1, "{tool}");
            assert_eq!(notes_with(&t, "ranges:").len(), 1, "{tool}");
        }
        let hub = points_table(&model(), Some(&mapping()), Tool::HubSpot);
        assert!(
            notes_with(
                &hub,
                "maximum points of HubSpot property group 'persona' to 15"
            )
            .len()
                == 1
        );
        assert_eq!(
            row(&hub, "Senior title").section,
            "Fit score › property group 'persona'"
        );
        let marketo = points_table(&model(), Some(&mapping()), Tool::Marketo);
        assert!(notes_with(&marketo, "\"for\" matches \"california\"").len() == 1);
        assert_eq!(
            row(&marketo, "Software industry").score,
            "Demographic Score"
        );
        assert_eq!(row(&marketo, "Webinar attendee").score, "Behavior Score");
    }

    #[test]
    fn csv_reads_back_and_escapes_formulas() {
        for tool in Tool::ALL {
            let t = points_table(&model(), Some(&mapping()), tool);
            let csv = t.to_csv();
            let mut reader = csv::Reader::from_reader(csv.as_bytes());
            let header = reader.headers().unwrap().clone();
            assert_eq!(&header[2], "Field");
            let records: Vec<csv::StringRecord> =
                reader.records().collect::<Result<_, _>>().unwrap();
            assert_eq!(records.len(), t.rows.len(), "{tool}: {csv}");
            let apac = records.iter().find(|r| &r[8] == "APAC").unwrap();
            assert_eq!(&apac[2], "Country/Region");
            assert_eq!(&apac[4], "'=cmd", "{tool}: {csv}");
            assert!(
                !csv.lines().any(|l| l.starts_with('=') || l.contains(",=")),
                "{csv}"
            );
            // Numbers stay numbers: a negative change is not escaped like a formula.
            let student = records.iter().find(|r| &r[8] == "Student").unwrap();
            assert!(student[6].starts_with('-'), "{tool}: {:?}", student);
            // Several values in one cell, as the tool takes them.
            let regions = records.iter().find(|r| &r[8] == "Target regions").unwrap();
            let want = match tool {
                Tool::Mautic => "Germany|France|United States",
                _ => "Germany; France; United States",
            };
            assert_eq!(&regions[4], want);
            let size = records.iter().find(|r| &r[8] == "Mid-market").unwrap();
            let low = if tool == Tool::AccountEngagement {
                "49"
            } else {
                "50"
            };
            assert_eq!(&size[4], format!("{low}; 1000"));
        }
    }

    #[test]
    fn json_and_text_carry_the_table() {
        let t = points_table(&model(), Some(&mapping()), Tool::AccountEngagement);
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["tool"], "account-engagement");
        assert_eq!(json["rows"][0]["field"], "Industry");
        assert_eq!(json["rows"][0]["unit"], "grade_thirds");
        let back: PointsTable = serde_json::from_value(json).unwrap();
        assert_eq!(back, t);
        let hub = points_table(&model(), Some(&mapping()), Tool::HubSpot);
        let text = hub.to_text();
        assert!(text.contains("Marketing > Lead Scoring"), "{text}");
        assert!(
            text.contains(
                "Industry is any of Computer Software; Information Technology and Services → \
                 add 20"
            ),
            "{text}"
        );
        assert!(
            text.contains("Job Title contains any of student → subtract 20"),
            "{text}"
        );
        assert!(text.contains("Notes:\n- "), "{text}");
        let steps = text
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert_eq!(steps, 2 + hub.rows.len(), "{text}");
    }

    #[test]
    fn without_a_mapping_the_model_fields_are_named() {
        let t = points_table(&model(), None, Tool::Mautic);
        assert_eq!(row(&t, "Software industry").field, "industry");
        assert_eq!(row(&t, "Software industry").values, ["software"]);
        let unmapped = notes_with(&t, "fills no model field");
        assert_eq!(unmapped.len(), 1, "{:#?}", t.notes);
        assert!(unmapped[0].contains("industry, region, company_size, title"));
    }

    #[test]
    fn translations_by_words_order_and_fallback_are_followed() {
        let model = ScoringModel {
            rules: vec![
                rule(
                    "Leaders",
                    ScoreKind::Fit,
                    "seniority",
                    Condition::OneOf {
                        values: vec![text("vp"), text("c_level")],
                    },
                    10.0,
                ),
                rule(
                    "Other industry",
                    ScoreKind::Fit,
                    "industry",
                    is("other"),
                    -5.0,
                ),
                rule("Retail", ScoreKind::Fit, "industry", is("retail"), 5.0),
                rule("Gov", ScoreKind::Fit, "industry", is("government"), 5.0),
            ],
            ..model()
        };
        let mapping = Mapping {
            types: Vec::new(),
            fields: vec![
                FieldMap {
                    field: "seniority".into(),
                    column: "Job Title".into(),
                    values: vec![
                        to(
                            Condition::Contains {
                                words: vec!["assistant".into()],
                            },
                            "individual",
                        ),
                        to(
                            Condition::Contains {
                                words: vec!["vp".into(), "vice president".into()],
                            },
                            "vp",
                        ),
                        to(is("CEO"), "c_level"),
                        to(
                            Condition::Contains {
                                words: vec!["chief".into()],
                            },
                            "c_level",
                        ),
                    ],
                    otherwise: Some("individual".into()),
                },
                FieldMap {
                    field: "industry".into(),
                    column: "Industry".into(),
                    values: vec![
                        to(is("Computer Software"), "software"),
                        // "Computer Software" meets the first translation: never `retail`.
                        to(
                            Condition::OneOf {
                                values: vec![text("Retail"), text("Computer Software")],
                            },
                            "retail",
                        ),
                    ],
                    otherwise: Some("other".into()),
                },
            ],
            outcome: None,
        };
        let t = points_table(&model, Some(&mapping), Tool::HubSpot);
        let leaders: Vec<&PointsRow> = t.rows.iter().filter(|r| r.rule == "Leaders").collect();
        assert_eq!(leaders.len(), 2, "{:?}", t.rows);
        assert_eq!(leaders[0].operator, "is any of");
        assert_eq!(leaders[0].values, ["CEO"]);
        assert_eq!(leaders[1].operator, "contains any of");
        assert_eq!(leaders[1].values, ["vp", "vice president", "chief"]);
        assert_eq!(notes_with(&t, "rule 'Leaders': the mapping tries").len(), 1);
        assert_eq!(notes_with(&t, "'Leaders' (2)").len(), 1, "{:#?}", t.notes);
        // `other` is what every untranslated value becomes: the values that don't score.
        let other = row(&t, "Other industry");
        assert_eq!(other.operator, "is none of");
        assert_eq!(other.values, ["Computer Software", "Retail"]);
        assert_eq!(notes_with(&t, "become 'other'").len(), 1, "{:#?}", t.notes);
        // Only Retail was listed for `retail`, and it meets the software translation first.
        assert_eq!(row(&t, "Retail").values, ["Retail"]);
        // `government` comes from no translation and untranslated values become `other`.
        assert!(t.rows.iter().all(|r| r.rule != "Gov"));
        assert_eq!(notes_with(&t, "rule 'Gov' cannot fire").len(), 1);
    }

    #[test]
    fn grid_qualification_lists_each_cells_ranges() {
        let model = ScoringModel {
            qualify: Qualify::Grid {
                cells: vec!["A1".into(), "B2".into()],
            },
            ..model()
        };
        let t = points_table(&model, Some(&mapping()), Tool::Marketo);
        let mql = notes_with(&t, "MQL threshold");
        assert_eq!(mql.len(), 1);
        assert!(
            mql[0].contains("A1: fit at least 60, engagement at least 30"),
            "{}",
            mql[0]
        );
        assert!(
            mql[0]
                .contains("B2: fit at least 40 and below 60, engagement at least 20 and below 30"),
            "{}",
            mql[0]
        );
    }
}
