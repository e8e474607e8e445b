//! The simulation worker: runs the engine off the page's thread.
//!
//! The page sends one [`Request::Run`] per scenario revision. The worker answers with a quick
//! preview (a few trials), then progress as the full run goes, then the full results. Between
//! chunks of trials it yields to its event loop, so that a newer request can arrive and
//! supersede the run in flight: a superseded run stops at its next chunk.

use std::cell::RefCell;
use std::rc::Rc;

use funnel_engine::backtest::{backtest, Backtest};
use funnel_engine::conditions::Condition;
use funnel_engine::crm_rules::{points_table, Tool as CrmTool};
use funnel_engine::csv_leads::{parse_csv, parse_csv_with_progress, CsvLeads, CsvOptions};
use funnel_engine::examples::{example_from_lead, Example, Expect};
use funnel_engine::explore::{
    best_revenue, check_worth, checklist_flips, differences, levers, point, sensitivity_table,
    with_threshold, CheckWorth, Comparison, Sensitivity, Sweep, SweepPoint,
};
use funnel_engine::export;
use funnel_engine::fit::{fit, held_out, FitOptions, Fitted};
use funnel_engine::learn::{learn_market, outcome_stage, LearnOptions, LearntMarket};
use funnel_engine::mapping::{Mapping, Outcomes};
use funnel_engine::profile::{profile, rule_matches, ColumnProfile};
use funnel_engine::report::histogram;
use funnel_engine::scenario::LeadsSource;
use funnel_engine::scoring::Qualify;
use funnel_engine::scoring::{score_all, ScoringModel};
use funnel_engine::sim::{run_trials, TrialOutcome};
use funnel_engine::{prepare, scenario_sample, Prepared, Report, Sample, Scenario};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

/// Messages between page and worker as JavaScript values (serde-wasm-bindgen). The default
/// bincode codec cannot carry a scenario: conditions and literals are tagged and untagged enums,
/// which need a self-describing format; and NaN (an undefined rate) must survive the trip.
pub struct JsCodec;

impl gloo_worker::Codec for JsCodec {
    fn encode<I: Serialize>(input: I) -> wasm_bindgen::JsValue {
        let serializer =
            serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true);
        input
            .serialize(&serializer)
            .expect("worker messages are plain data")
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: wasm_bindgen::JsValue) -> O {
        serde_wasm_bindgen::from_value(input).expect("worker messages come from this program")
    }
}

/// Trials in the preview that answers an edit at once.
pub const PREVIEW_TRIALS: u32 = 50;
/// Trials per chunk between two yields (about 15–30 ms of work in a browser).
const CHUNK: u32 = 50;
/// Bins of the score distribution.
pub const SCORE_BINS: usize = 40;
/// Rows of an export shown before it is mapped.
pub const PREVIEW_ROWS: usize = 5;

/// A size in megabytes for people: "48.2 MB".
fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    Run {
        id: u64,
        scenario: Box<Scenario>,
        trials: u32,
        seed: u64,
    },
    /// The scenario at each threshold, on the same random numbers.
    Sweep {
        id: u64,
        scenario: Box<Scenario>,
        thresholds: Vec<f64>,
        trials: u32,
        seed: u64,
    },
    /// A batch of variants of the scenario on the same trials: every lever's two ends
    /// (`Tool::Sensitivity`) or every readiness check flipped (`Tool::Checklist`).
    Batch {
        tool: Tool,
        id: u64,
        scenario: Box<Scenario>,
        trials: u32,
        seed: u64,
    },
    /// One sample lead, scored and explained.
    Inspect {
        id: u64,
        scenario: Box<Scenario>,
        query: LeadQuery,
    },
    /// A CRM export to read, map and keep as the sample of scenarios that import their leads.
    Import {
        id: u64,
        name: String,
        /// The browser's `File`, passed through as it is; the worker reads it.
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: wasm_bindgen::JsValue,
        arrival_column: Option<String>,
    },
    /// Points learnt from the imported leads' outcomes, judged on held-out leads.
    Fit { id: u64, scenario: Box<Scenario> },
    /// A file to save: the scenario's leads scored, its trials, or its rules for a CRM.
    Export {
        id: u64,
        kind: ExportKind,
        scenario: Box<Scenario>,
    },
    /// A baseline and the current scenario on the same trials.
    Compare {
        id: u64,
        baseline: Box<Scenario>,
        scenario: Box<Scenario>,
        trials: u32,
        seed: u64,
    },
}

/// Which sample lead to show in the inspector.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LeadQuery {
    /// The lead at this place in the sample (0 is the first).
    At(usize),
    /// The first lead from `from` on (wrapping around) whose fields hold every word.
    Find { words: String, from: usize },
    /// The first lead from `from` on (wrapping around) that is (or is not) an MQL.
    Mql { mql: bool, from: usize },
    /// The first lead from `from` on (wrapping around) scoring `lo ≤ total ≤ hi` (a bin of the
    /// score chart).
    Score { lo: f64, hi: f64, from: usize },
}

/// One sample lead, as the scoring model sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadView {
    pub index: usize,
    pub of: usize,
    /// Every field, as the sample holds it.
    pub fields: Vec<(String, String)>,
    pub fit: f64,
    pub engagement: f64,
    pub total: f64,
    pub grade: String,
    pub mql: bool,
    /// Every rule that fired, cap and decay, with its points.
    pub lines: Vec<(String, f64)>,
    /// The lead captured as an example (expecting what it is now), to keep as an agreed one.
    pub example: Option<Example>,
    /// What happened to it in the first run, when it is an MQL.
    pub journey: Option<funnel_engine::sim::Journey>,
}

/// An agreed example checked against the scoring model on screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExampleCheck {
    pub name: String,
    pub expect_mql: bool,
    pub holds: bool,
    pub total: f64,
    pub grade: String,
    /// "must be an MQL but scores 42 (threshold 55)".
    pub summary: String,
    /// Fields the rules read that the example lacks.
    pub missing: Vec<String>,
}

/// Every example of the scenario, checked.
pub fn check_examples(s: &Scenario) -> Vec<ExampleCheck> {
    funnel_engine::examples::check(&s.scoring, &s.examples)
        .into_iter()
        .map(|r| ExampleCheck {
            name: r.name,
            expect_mql: r.expect.is_mql(),
            holds: r.holds,
            total: r.explanation.total,
            grade: r.explanation.grade,
            summary: r.summary,
            missing: r.explanation.missing_fields,
        })
        .collect()
}

/// The lead a query names, in `table` scored by `scorer`.
pub fn find_lead(
    table: &funnel_engine::leads::LeadTable,
    scorer: &funnel_engine::scoring::Scorer,
    query: &LeadQuery,
) -> Option<usize> {
    let n = table.len();
    if n == 0 {
        return None;
    }
    let order = |from: usize| (0..n).map(move |k| (from + k) % n);
    match query {
        LeadQuery::At(i) => (*i < n).then_some(*i),
        LeadQuery::Find { words, from } => {
            let words: Vec<String> = words.split_whitespace().map(|w| w.to_lowercase()).collect();
            order(*from).find(|i| {
                let text = table
                    .row(*i)
                    .iter()
                    .map(|v| v.to_string().to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" ");
                words.iter().all(|w| text.contains(w.as_str()))
            })
        }
        LeadQuery::Mql { mql, from } => {
            order(*from).find(|i| scorer.score(table.row(*i)).mql == *mql)
        }
        LeadQuery::Score { lo, hi, from } => order(*from).find(|i| {
            let t = scorer.score(table.row(*i)).total;
            t >= *lo && t <= *hi
        }),
    }
}

/// The inspector's view of lead `i`.
pub fn lead_view(
    table: &funnel_engine::leads::LeadTable,
    scorer: &funnel_engine::scoring::Scorer,
    i: usize,
) -> LeadView {
    let row = table.row(i);
    let (score, lines) = scorer.explain(row);
    LeadView {
        index: i,
        of: table.len(),
        fields: table
            .columns()
            .iter()
            .zip(row)
            .map(|(c, v)| {
                let text = match (v, c.kind) {
                    (
                        funnel_engine::leads::Value::Number(m),
                        funnel_engine::leads::FieldKind::Time,
                    ) => funnel_engine::civil::format_timestamp(*m as i64),
                    _ => v.to_string(),
                };
                (c.name.clone(), text)
            })
            .collect(),
        fit: score.fit,
        engagement: score.engagement,
        total: score.total,
        grade: score.grade.to_string(),
        mql: score.mql,
        lines: lines.into_iter().map(|l| (l.label, l.points)).collect(),
        example: example_from_lead(table, i, &format!("Lead {}", i + 1), Expect::of(score.mql)),
        journey: None,
    }
}

/// The instruments that run beside the projection, each with its own requests and answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tool {
    Sweep,
    Compare,
    Sensitivity,
    Checklist,
    Inspect,
}

/// The distribution of the sample's scores, MQLs apart, for the chart under the rule table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreView {
    pub lo: f64,
    pub hi: f64,
    pub all: Vec<u32>,
    pub mql: Vec<u32>,
    pub threshold: Option<f64>,
    pub leads: usize,
    pub mqls: usize,
}

impl ScoreView {
    pub fn of(prepared: &Prepared, qualify: &Qualify) -> ScoreView {
        let mut totals: Vec<f64> = prepared.scores.iter().map(|s| s.total).collect();
        totals.sort_by(f64::total_cmp);
        let all = histogram(&totals, SCORE_BINS);
        let (lo, hi) = (all.lo, all.hi);
        let width = (hi - lo) / SCORE_BINS as f64;
        let mut mql = vec![0u32; SCORE_BINS];
        for s in prepared.scores.iter().filter(|s| s.mql) {
            let i = if width > 0.0 {
                ((s.total - lo) / width) as usize
            } else {
                0
            };
            mql[i.min(SCORE_BINS - 1)] += 1;
        }
        ScoreView {
            lo,
            hi,
            all: all.counts,
            mql,
            threshold: match qualify {
                Qualify::Score { threshold } => Some(*threshold),
                Qualify::Grid { .. } => None,
            },
            leads: prepared.leads,
            mqls: prepared.mql_count(),
        }
    }
}

/// What the sample holds, for the rule table: each column's values and how many leads each
/// rule matches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleView {
    pub leads: usize,
    pub columns: Vec<ColumnProfile>,
    /// How many leads each rule's condition matches, found by the rule's field and condition
    /// (so that a count never lands on another rule while the rules change).
    pub rule_matches: Vec<RuleMatch>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleMatch {
    pub field: String,
    pub when: Condition,
    /// `None` when the field is not in the sample.
    pub leads: Option<usize>,
}

impl SampleView {
    pub fn of(scenario: &Scenario, sample: &Sample, columns: &[ColumnProfile]) -> SampleView {
        SampleView {
            leads: sample.table.len(),
            columns: columns.to_vec(),
            rule_matches: scenario
                .scoring
                .rules
                .iter()
                .zip(rule_matches(&scenario.scoring, &sample.table))
                .map(|(r, leads)| RuleMatch {
                    field: r.field.clone(),
                    when: r.when.clone(),
                    leads,
                })
                .collect(),
        }
    }

    pub fn column(&self, name: &str) -> Option<&ColumnProfile> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// How many leads of the sample meet `when` on `field`, if this run counted it.
    pub fn matches(&self, field: &str, when: &Condition) -> Option<Option<usize>> {
        self.rule_matches
            .iter()
            .find(|m| m.field == field && &m.when == when)
            .map(|m| m.leads)
    }
}

/// Each trial's revenue and pipeline, in trial order: what a target's chance is counted from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrialValues {
    pub revenue: Vec<f64>,
    pub pipeline: Vec<f64>,
}

impl TrialValues {
    pub fn of(outcomes: &[TrialOutcome]) -> TrialValues {
        TrialValues {
            revenue: outcomes.iter().map(|t| t.metrics.revenue).collect(),
            pipeline: outcomes.iter().map(|t| t.metrics.pipeline).collect(),
        }
    }
}

/// A comparison and each scenario's trial values (the baseline's first).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompareResult {
    pub comparison: Comparison,
    pub values: Vec<TrialValues>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub report: Report,
    pub scores: ScoreView,
    pub sample: SampleView,
    pub values: TrialValues,
    pub examples: Vec<ExampleCheck>,
    /// For imported leads: the mapping's notes and the backtest against the outcome column.
    pub imported: Option<ImportedRun>,
    /// Wall time of the run inside the worker, in milliseconds.
    pub millis: f64,
}

impl Results {
    /// The results of a scenario's first `trials` trials, run in this thread: what the worker
    /// would answer, for tests.
    pub fn run_here(scenario: &Scenario, trials: u32) -> Result<Results, String> {
        let sample = scenario_sample(scenario).ok_or("no generated sample")?;
        let prepared = prepare(scenario, &sample).map_err(|e| e.to_string())?;
        let outcomes = run_trials(&prepared, scenario.seed, 0..trials);
        Ok(Results {
            report: Report::new(&prepared.labels(), scenario.seed, &outcomes),
            scores: ScoreView::of(&prepared, &scenario.scoring.qualify),
            sample: SampleView::of(scenario, &sample, &profile(&sample.table)),
            values: TrialValues::of(&outcomes),
            examples: check_examples(scenario),
            imported: None,
            millis: 0.0,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Exported {
        id: u64,
        result: Result<Download, String>,
    },
    Preview {
        id: u64,
        results: Box<Results>,
    },
    Progress {
        id: u64,
        done: u32,
        total: u32,
    },
    Done {
        id: u64,
        results: Box<Results>,
    },
    Failed {
        id: u64,
        message: String,
    },
    ToolProgress {
        tool: Tool,
        id: u64,
        done: u32,
        total: u32,
    },
    ToolFailed {
        tool: Tool,
        id: u64,
        message: String,
    },
    SweepDone {
        id: u64,
        sweep: Box<Sweep>,
    },
    CompareDone {
        id: u64,
        result: Box<CompareResult>,
    },
    SensitivityDone {
        id: u64,
        sensitivity: Box<Sensitivity>,
    },
    /// The inspected lead; `None` when no lead answers the query.
    Inspected {
        id: u64,
        lead: Option<Box<LeadView>>,
    },
    ChecklistDone {
        id: u64,
        worth: Vec<CheckWorth>,
    },
    /// How far reading an export got, in words ("Reading 12,000 rows…").
    ImportProgress {
        id: u64,
        stage: String,
    },
    Imported {
        id: u64,
        view: Box<ImportView>,
    },
    ImportFailed {
        id: u64,
        message: String,
    },
    Fitted {
        id: u64,
        fit: Box<FitView>,
    },
}

/// An export as read, before the mapping: what the import panel shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    pub name: String,
    pub bytes: usize,
    pub leads: usize,
    /// Every column of the file, profiled: its kind and values, for picking and mapping.
    pub columns: Vec<ColumnProfile>,
    /// The first rows as the file gives them, column by column.
    pub preview: Vec<Vec<String>>,
    /// What the reader worked around, one sentence each.
    pub warnings: Vec<String>,
    /// The column the arrivals were read from; `None` when the file has no dates.
    pub arrival_column: Option<String>,
    /// The mapping Funnel Lab proposes for these headers.
    pub suggested: Mapping,
    pub millis: f64,
}

/// An imported run's view of its leads: how the mapping fell and how the model does against
/// the outcome column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedRun {
    /// How each mapped field's values translated, one sentence each.
    pub notes: Vec<String>,
    pub outcome_column: Option<String>,
    pub converters: usize,
    pub backtest: Option<Backtest>,
    /// Why there is no backtest (no converter, every lead converted).
    pub backtest_error: Option<String>,
}

/// What the page offers to save.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportKind {
    /// Every lead with its fit, engagement, score, grade, MQL and the rules that fired.
    ScoredLeads,
    /// Every trial's metrics, with the seed: the audit trail behind the bands.
    Trials,
    /// The rules as a points table for a CRM or marketing automation tool.
    Points(CrmTool),
}

/// A file for the page to save: its name, type and text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Download {
    pub filename: String,
    pub mime: String,
    pub text: String,
}

/// Suggested weights, with today's model judged on the same held-out leads beside them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitView {
    pub fitted: Fitted,
    /// The scenario's own scoring model on the held-out leads the proposal was judged on.
    pub today: Option<Backtest>,
    /// The scoring model the proposal would put in place (rules, grades, threshold).
    pub scoring: ScoringModel,
    /// How each field value converts, learnt from every lead, as the market's multipliers;
    /// or why it could not be learnt.
    pub market: Result<LearntMarket, String>,
    pub error: Option<String>,
}

/// A batch in flight: the base scenario first, then its variants, each over the same trials.
struct BatchJob {
    id: u64,
    handler: HandlerId,
    tool: Tool,
    base: Scenario,
    variants: Vec<Scenario>,
    sample: Rc<Sample>,
    trials: u32,
    seed: u64,
    runs: Vec<Vec<TrialOutcome>>,
    current: Option<(Prepared, Vec<TrialOutcome>)>,
}

impl BatchJob {
    /// The scenario run `k`: the base, then the variants.
    fn scenario(&self, k: usize) -> &Scenario {
        if k == 0 {
            &self.base
        } else {
            &self.variants[k - 1]
        }
    }

    fn count(&self) -> usize {
        1 + self.variants.len()
    }

    /// The answer once every run is done.
    fn finish(self) -> Response {
        let id = self.id;
        match self.tool {
            Tool::Sensitivity => Response::SensitivityDone {
                id,
                sensitivity: Box::new(sensitivity_table(
                    &self.base,
                    self.seed,
                    self.trials,
                    &self.runs[0],
                    &self.runs[1..],
                )),
            },
            _ => Response::ChecklistDone {
                id,
                worth: checklist_flips(&self.base)
                    .into_iter()
                    .enumerate()
                    .map(|(k, (c, passes, _))| {
                        check_worth(c, passes, &self.runs[0], &self.runs[1 + k])
                    })
                    .collect(),
            },
        }
    }
}

/// A sweep in flight: the points done, the one running, the thresholds to go.
struct SweepJob {
    id: u64,
    handler: HandlerId,
    scenario: Scenario,
    sample: Rc<Sample>,
    thresholds: Vec<f64>,
    trials: u32,
    seed: u64,
    points: Vec<SweepPoint>,
    /// The threshold being run, prepared, and its trials so far.
    current: Option<(Prepared, Vec<TrialOutcome>)>,
}

/// A comparison in flight: both scenarios advance over the same trials, chunk by chunk.
struct CompareJob {
    id: u64,
    handler: HandlerId,
    a: Prepared,
    b: Prepared,
    trials: u32,
    seed: u64,
    outcomes_a: Vec<TrialOutcome>,
    outcomes_b: Vec<TrialOutcome>,
}

/// A run in flight.
struct Job {
    id: u64,
    handler: HandlerId,
    prepared: Rc<Prepared>,
    scores: ScoreView,
    sample: SampleView,
    examples: Vec<ExampleCheck>,
    imported: Option<ImportedRun>,
    seed: u64,
    trials: u32,
    outcomes: Vec<TrialOutcome>,
    started: f64,
}

/// The last generated samples, the settings that made them, and their profiles: the current
/// scenario's and a baseline's.
type SampleCache = Rc<RefCell<Vec<(String, Rc<Sample>, Rc<Vec<ColumnProfile>>)>>>;

/// Samples kept: the scenario's and its baseline's.
const SAMPLES_KEPT: usize = 2;

pub struct SimWorker {
    job: Option<Job>,
    sweep: Option<SweepJob>,
    compare: Option<CompareJob>,
    sensitivity: Option<BatchJob>,
    checklist: Option<BatchJob>,
    /// The last generated sample and the settings that made it: generating 10,000 leads costs
    /// more than a quick preview, and most edits do not touch the sample.
    sample: SampleCache,
    /// The imported export, as read, and its leads under the last mapping asked for.
    file: RefCell<Option<ImportedFile>>,
    mapped: RefCell<Option<MappedLeads>>,
}

/// An export as the user gave it: kept whole, so that another arrival column can be read.
struct ImportedFile {
    text: String,
    read: CsvLeads,
    /// The column types it was read with (the scenario's mapping's, when it was last read).
    types: Vec<(String, funnel_engine::leads::FieldKind)>,
}

/// The imported leads under one mapping and arrival column (the key).
struct MappedLeads {
    key: String,
    sample: Rc<Sample>,
    columns: Rc<Vec<ColumnProfile>>,
    outcomes: Option<Rc<Outcomes>>,
    notes: Rc<Vec<String>>,
}

pub enum Step {
    Next(u64),
    Tool(Tool, u64),
    /// A chosen file has been read as text (or could not be).
    FileRead(Box<FileRead>),
}

pub struct FileRead {
    id: u64,
    handler: HandlerId,
    name: String,
    text: Result<String, String>,
    arrival_column: Option<String>,
}

fn now() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| js_sys::Reflect::get(&p, &"now".into()).ok().map(|f| (p, f)))
        .and_then(|(p, f)| {
            f.dyn_into::<js_sys::Function>()
                .ok()
                .and_then(|f| f.call0(&p).ok())
        })
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

use wasm_bindgen::JsCast;

impl SimWorker {
    fn sample_for(
        &self,
        scenario: &Scenario,
    ) -> Result<(Rc<Sample>, Rc<Vec<ColumnProfile>>), String> {
        let key = match &scenario.leads {
            LeadsSource::Generated(g) => serde_json::to_string(g).unwrap_or_default(),
            LeadsSource::Imported { .. } => {
                let m = self.mapped_for(scenario)?;
                return Ok((m.0, m.1));
            }
        };
        let mut cache = self.sample.borrow_mut();
        if let Some(i) = cache.iter().position(|(k, _, _)| *k == key) {
            let hit = cache.remove(i);
            let out = (hit.1.clone(), hit.2.clone());
            cache.push(hit);
            return Ok(out);
        }
        let sample = Rc::new(scenario_sample(scenario).ok_or("no generated sample")?);
        let columns = Rc::new(profile(&sample.table));
        cache.push((key, sample.clone(), columns.clone()));
        if cache.len() > SAMPLES_KEPT {
            cache.remove(0);
        }
        Ok((sample, columns))
    }

    /// The imported leads mapped as `scenario` says, with their outcomes and the mapping's
    /// notes; read again only when the arrival column or the mapping changed.
    #[allow(clippy::type_complexity)]
    fn mapped_for(
        &self,
        scenario: &Scenario,
    ) -> Result<
        (
            Rc<Sample>,
            Rc<Vec<ColumnProfile>>,
            Option<Rc<Outcomes>>,
            Rc<Vec<String>>,
        ),
        String,
    > {
        let LeadsSource::Imported { arrival_column } = &scenario.leads else {
            return Err("this scenario generates its leads".into());
        };
        let key = format!(
            "{arrival_column:?}|{}",
            serde_json::to_string(&scenario.mapping).unwrap_or_default()
        );
        if let Some(m) = self.mapped.borrow().as_ref().filter(|m| m.key == key) {
            return Ok((
                m.sample.clone(),
                m.columns.clone(),
                m.outcomes.clone(),
                m.notes.clone(),
            ));
        }
        let mut file = self.file.borrow_mut();
        let file = file
            .as_mut()
            .ok_or("this scenario imports its leads: choose a CSV file to import first")?;
        let types = scenario.mapping.csv_types();
        if (&file.read.arrival_column != arrival_column && arrival_column.is_some())
            || file.types != types
        {
            let options = CsvOptions {
                arrival_column: arrival_column.clone(),
                types: types.clone(),
            };
            file.read = parse_csv(&file.text, &options).map_err(|e| e.to_string())?;
            file.types = types;
        }
        let mut table = file.read.table.clone();
        let outcomes = scenario
            .mapping
            .outcomes(&table)
            .map_err(|e| e.to_string())?;
        let notes = scenario
            .mapping
            .apply(&mut table)
            .map_err(|e| e.to_string())?;
        let columns = Rc::new(profile(&table));
        let mapped = MappedLeads {
            key,
            sample: Rc::new(Sample::imported(table)),
            columns,
            outcomes: outcomes.map(Rc::new),
            notes: Rc::new(notes),
        };
        let out = (
            mapped.sample.clone(),
            mapped.columns.clone(),
            mapped.outcomes.clone(),
            mapped.notes.clone(),
        );
        *self.mapped.borrow_mut() = Some(mapped);
        Ok(out)
    }

    /// Reads an export, keeps it, and tells the page what it holds.
    fn import(
        &mut self,
        scope: &WorkerScope<Self>,
        handler: HandlerId,
        id: u64,
        name: String,
        text: String,
        arrival_column: Option<String>,
    ) {
        let started = now();
        let stage = |stage: String| {
            scope.respond(handler, Response::ImportProgress { id, stage });
        };
        let size = megabytes(text.len());
        stage(format!("Reading {size} of CSV…"));
        let mut report = |share: f64| {
            stage(format!("Reading {size} of CSV: {:.0} %…", share * 100.0));
        };
        let read = match parse_csv_with_progress(
            &text,
            &CsvOptions {
                arrival_column,
                ..CsvOptions::default()
            },
            &mut report,
        ) {
            Ok(read) => read,
            Err(e) => {
                let message = format!("{name}: {e}");
                return scope.respond(handler, Response::ImportFailed { id, message });
            }
        };
        stage(format!(
            "Profiling {} leads × {} columns…",
            read.table.len(),
            read.table.columns().len()
        ));
        let table = &read.table;
        let preview = (0..table.len().min(PREVIEW_ROWS))
            .map(|i| table.row(i).iter().map(|v| v.to_string()).collect())
            .collect();
        let view = ImportView {
            bytes: text.len(),
            leads: table.len(),
            columns: profile(table),
            preview,
            warnings: read.warnings.clone(),
            arrival_column: read.arrival_column.clone(),
            suggested: funnel_engine::mapping::suggest(table),
            millis: 0.0,
            name,
        };
        *self.file.borrow_mut() = Some(ImportedFile {
            text,
            read,
            types: Vec::new(),
        });
        *self.mapped.borrow_mut() = None;
        let view = Box::new(ImportView {
            millis: now() - started,
            ..view
        });
        scope.respond(handler, Response::Imported { id, view });
    }

    /// The imported run's notes and backtest, for a prepared imported scenario.
    fn imported_run(&self, scenario: &Scenario, prepared: &Prepared) -> Option<ImportedRun> {
        let (_, _, outcomes, notes) = self.mapped_for(scenario).ok()?;
        let (backtest, backtest_error) = match &outcomes {
            Some(o) => match backtest(&prepared.scores, &o.converted) {
                Ok(b) => (Some(b), None),
                Err(e) => (None, Some(e.to_string())),
            },
            None => (None, None),
        };
        Some(ImportedRun {
            notes: notes.to_vec(),
            outcome_column: outcomes.as_ref().map(|o| o.column.clone()),
            converters: outcomes.as_ref().map_or(0, |o| o.successes()),
            backtest,
            backtest_error,
        })
    }

    /// A file of the scenario's: its leads scored, its trials (the same the projection ran),
    /// or its rules as a points table.
    fn export(&self, scenario: &Scenario, kind: ExportKind) -> Result<Download, String> {
        let stem = file_stem(&scenario.name);
        match kind {
            ExportKind::ScoredLeads => {
                let (sample, _) = self.sample_for(scenario)?;
                Ok(Download {
                    filename: format!("{stem}-scored-leads.csv"),
                    mime: "text/csv".into(),
                    text: export::scored_leads_csv(&scenario.scoring, &sample.table),
                })
            }
            ExportKind::Trials => {
                let (sample, _) = self.sample_for(scenario)?;
                let prepared = prepare(scenario, &sample).map_err(|e| e.to_string())?;
                let outcomes = run_trials(&prepared, scenario.seed, 0..scenario.trials);
                Ok(Download {
                    filename: format!("{stem}-trials-seed-{}.csv", scenario.seed),
                    mime: "text/csv".into(),
                    text: export::trials_csv(scenario.seed, &outcomes),
                })
            }
            ExportKind::Points(tool) => {
                let mapping = (!scenario.mapping.is_empty()).then_some(&scenario.mapping);
                let table = points_table(&scenario.scoring, mapping, tool);
                Ok(Download {
                    filename: format!("{stem}-{}-points.csv", tool.id()),
                    mime: "text/csv".into(),
                    text: table.to_csv(),
                })
            }
        }
    }

    /// Suggested weights from the imported leads' outcomes.
    fn fit(&self, scenario: &Scenario) -> FitView {
        let failed = |error: String| FitView {
            fitted: Fitted::default(),
            today: None,
            scoring: scenario.scoring.clone(),
            market: Err(error.clone()),
            error: Some(error),
        };
        let (sample, _, outcomes, _) = match self.mapped_for(scenario) {
            Ok(m) => m,
            Err(e) => return failed(e),
        };
        let Some(outcomes) = outcomes else {
            return failed(
                "choose the column that says which leads converted before asking for weights"
                    .into(),
            );
        };
        let table = &sample.table;
        let options = FitOptions {
            seed: scenario.seed,
            exclude: scenario.mapping.not_predictors(table),
            ..FitOptions::default()
        };
        let market = LearnOptions {
            exclude: options.exclude.clone(),
            stage: scenario
                .mapping
                .outcome
                .as_ref()
                .map_or(LearnOptions::default().stage, outcome_stage),
            ..LearnOptions::default()
        };
        let market = learn_market(table, &outcomes.converted, &market).map_err(|e| e.to_string());
        match fit(table, &outcomes.converted, &options) {
            Err(e) => failed(e.to_string()),
            Ok(fitted) => {
                // Today's model on exactly the leads the proposal was judged on.
                let held = held_out(table.len(), &options);
                let (scores, _) = score_all(&scenario.scoring, table);
                let pick = |i: usize| held[i];
                let today_scores: Vec<_> = (0..table.len())
                    .filter(|i| pick(*i))
                    .map(|i| scores[i])
                    .collect();
                let today_outcomes: Vec<bool> = (0..table.len())
                    .filter(|i| pick(*i))
                    .map(|i| outcomes.converted[i])
                    .collect();
                let mut scoring = fitted.scoring_model();
                scoring.decay = None;
                FitView {
                    today: backtest(&today_scores, &today_outcomes).ok(),
                    scoring,
                    fitted,
                    market,
                    error: None,
                }
            }
        }
    }

    fn results(job: &Job, outcomes: &[TrialOutcome]) -> Box<Results> {
        Box::new(Results {
            report: Report::new(&job.prepared.labels(), job.seed, outcomes),
            scores: job.scores.clone(),
            sample: job.sample.clone(),
            values: TrialValues::of(outcomes),
            examples: job.examples.clone(),
            imported: job.imported.clone(),
            millis: now() - job.started,
        })
    }

    fn yield_then_continue(scope: &WorkerScope<Self>, id: u64) {
        Self::yield_then(scope, Step::Next(id));
    }

    /// A macrotask boundary (setTimeout), not a microtask: lets a newer request in.
    fn yield_then(scope: &WorkerScope<Self>, step: Step) {
        scope.send_future(async move {
            gloo_timers::future::TimeoutFuture::new(0).await;
            step
        });
    }

    /// One chunk of the sweep: trials of the current threshold, or the next threshold set up.
    fn sweep_step(&mut self, scope: &WorkerScope<Self>, id: u64) {
        let Some(job) = self.sweep.as_mut().filter(|j| j.id == id) else {
            return; // superseded
        };
        match job.current.as_mut() {
            None => {
                let t = job.thresholds[job.points.len()];
                let s = with_threshold(&job.scenario, t);
                match prepare(&s, &job.sample) {
                    Ok(p) => job.current = Some((p, Vec::with_capacity(job.trials as usize))),
                    Err(e) => {
                        let (handler, message) = (job.handler, e.to_string());
                        self.sweep = None;
                        scope.respond(
                            handler,
                            Response::ToolFailed {
                                tool: Tool::Sweep,
                                id,
                                message,
                            },
                        );
                        return;
                    }
                }
            }
            Some((p, outcomes)) => {
                let start = outcomes.len() as u32;
                let end = (start + CHUNK).min(job.trials);
                outcomes.extend(run_trials(p, job.seed, start..end));
                if end >= job.trials {
                    let (p, outcomes) = job.current.take().expect("checked above");
                    let t = job.thresholds[job.points.len()];
                    job.points.push(point(t, &p, job.seed, &outcomes));
                }
            }
        }
        let done_trials = job.points.len() as u32 * job.trials
            + job.current.as_ref().map_or(0, |(_, o)| o.len() as u32);
        let total = job.thresholds.len() as u32 * job.trials;
        if job.points.len() == job.thresholds.len() {
            let job = self.sweep.take().expect("checked above");
            let best = best_revenue(&job.points);
            let sweep = Sweep {
                seed: job.seed,
                trials: job.trials,
                points: job.points,
                best,
            };
            scope.respond(
                job.handler,
                Response::SweepDone {
                    id,
                    sweep: Box::new(sweep),
                },
            );
            return;
        }
        scope.respond(
            job.handler,
            Response::ToolProgress {
                tool: Tool::Sweep,
                id,
                done: done_trials,
                total,
            },
        );
        Self::yield_then(scope, Step::Tool(Tool::Sweep, id));
    }

    fn batch_slot(&mut self, tool: Tool) -> &mut Option<BatchJob> {
        match tool {
            Tool::Sensitivity => &mut self.sensitivity,
            _ => &mut self.checklist,
        }
    }

    /// One chunk of a batch: trials of the scenario being run, or the next one set up.
    fn batch_step(&mut self, scope: &WorkerScope<Self>, tool: Tool, id: u64) {
        let slot = self.batch_slot(tool);
        let Some(job) = slot.as_mut().filter(|j| j.id == id) else {
            return;
        };
        match job.current.as_mut() {
            None => {
                let k = job.runs.len();
                match prepare(job.scenario(k), &job.sample) {
                    Ok(p) => job.current = Some((p, Vec::with_capacity(job.trials as usize))),
                    Err(e) => {
                        let handler = job.handler;
                        *slot = None;
                        scope.respond(
                            handler,
                            Response::ToolFailed {
                                tool,
                                id,
                                message: e.to_string(),
                            },
                        );
                        return;
                    }
                }
            }
            Some((p, outcomes)) => {
                let start = outcomes.len() as u32;
                let end = (start + CHUNK).min(job.trials);
                outcomes.extend(run_trials(p, job.seed, start..end));
                if end >= job.trials {
                    let (_, outcomes) = job.current.take().expect("checked above");
                    job.runs.push(outcomes);
                }
            }
        }
        let done = job.runs.len() as u32 * job.trials
            + job.current.as_ref().map_or(0, |(_, o)| o.len() as u32);
        let total = job.count() as u32 * job.trials;
        if job.runs.len() == job.count() {
            let job = slot.take().expect("checked above");
            let handler = job.handler;
            scope.respond(handler, job.finish());
            return;
        }
        scope.respond(
            job.handler,
            Response::ToolProgress {
                tool,
                id,
                done,
                total,
            },
        );
        Self::yield_then(scope, Step::Tool(tool, id));
    }

    /// One chunk of a comparison: the same trials of both scenarios.
    fn compare_step(&mut self, scope: &WorkerScope<Self>, id: u64) {
        let Some(job) = self.compare.as_mut().filter(|j| j.id == id) else {
            return;
        };
        let start = job.outcomes_a.len() as u32;
        let end = (start + CHUNK).min(job.trials);
        job.outcomes_a
            .extend(run_trials(&job.a, job.seed, start..end));
        job.outcomes_b
            .extend(run_trials(&job.b, job.seed, start..end));
        if end >= job.trials {
            let job = self.compare.take().expect("checked above");
            let comparison = Comparison {
                seed: job.seed,
                trials: job.trials,
                differences: vec![differences(&job.outcomes_a, &job.outcomes_b)],
                reports: vec![
                    Report::new(&job.a.labels(), job.seed, &job.outcomes_a),
                    Report::new(&job.b.labels(), job.seed, &job.outcomes_b),
                ],
            };
            let values = vec![
                TrialValues::of(&job.outcomes_a),
                TrialValues::of(&job.outcomes_b),
            ];
            scope.respond(
                job.handler,
                Response::CompareDone {
                    id,
                    result: Box::new(CompareResult { comparison, values }),
                },
            );
            return;
        }
        scope.respond(
            job.handler,
            Response::ToolProgress {
                tool: Tool::Compare,
                id,
                done: end,
                total: job.trials,
            },
        );
        Self::yield_then(scope, Step::Tool(Tool::Compare, id));
    }
}

impl Worker for SimWorker {
    type Message = Step;
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SimWorker {
            job: None,
            sweep: None,
            compare: None,
            sensitivity: None,
            checklist: None,
            sample: Rc::new(RefCell::new(Vec::new())),
            file: RefCell::new(None),
            mapped: RefCell::new(None),
        }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, msg: Self::Message) {
        let id = match msg {
            Step::Next(id) => id,
            Step::Tool(Tool::Sweep, id) => return self.sweep_step(scope, id),
            Step::Tool(Tool::Compare, id) => return self.compare_step(scope, id),
            Step::Tool(tool, id) => return self.batch_step(scope, tool, id),
            Step::FileRead(read) => {
                let FileRead {
                    id,
                    handler,
                    name,
                    text,
                    arrival_column,
                } = *read;
                return match text {
                    Ok(text) => self.import(scope, handler, id, name, text, arrival_column),
                    Err(message) => scope.respond(handler, Response::ImportFailed { id, message }),
                };
            }
        };
        let Some(job) = self.job.as_mut().filter(|j| j.id == id) else {
            return; // superseded
        };
        let start = job.outcomes.len() as u32;
        let end = (start + CHUNK).min(job.trials);
        job.outcomes
            .extend(run_trials(&job.prepared, job.seed, start..end));
        if end >= job.trials {
            let job = self.job.take().expect("job checked above");
            let results = Self::results(&job, &job.outcomes);
            scope.respond(job.handler, Response::Done { id, results });
            return;
        }
        if start < PREVIEW_TRIALS && end >= PREVIEW_TRIALS {
            let results = Self::results(job, &job.outcomes[..PREVIEW_TRIALS as usize]);
            scope.respond(job.handler, Response::Preview { id, results });
        }
        scope.respond(
            job.handler,
            Response::Progress {
                id,
                done: end,
                total: job.trials,
            },
        );
        Self::yield_then_continue(scope, id);
    }

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, handler: HandlerId) {
        let (id, scenario, trials, seed) = match msg {
            Request::Run {
                id,
                scenario,
                trials,
                seed,
            } => (id, scenario, trials, seed),
            Request::Sweep {
                id,
                scenario,
                thresholds,
                trials,
                seed,
            } => {
                match self.sample_for(&scenario) {
                    Ok((sample, _)) if !thresholds.is_empty() => {
                        self.sweep = Some(SweepJob {
                            id,
                            handler,
                            scenario: *scenario,
                            sample,
                            thresholds,
                            trials: trials.max(1),
                            seed,
                            points: Vec::new(),
                            current: None,
                        });
                        Self::yield_then(scope, Step::Tool(Tool::Sweep, id));
                    }
                    Ok(_) => scope.respond(
                        handler,
                        Response::ToolFailed {
                            tool: Tool::Sweep,
                            id,
                            message: "no threshold to run".into(),
                        },
                    ),
                    Err(message) => {
                        self.sweep = None;
                        scope.respond(
                            handler,
                            Response::ToolFailed {
                                tool: Tool::Sweep,
                                id,
                                message,
                            },
                        );
                    }
                }
                return;
            }
            Request::Batch {
                tool,
                id,
                scenario,
                trials,
                seed,
            } => {
                match self.sample_for(&scenario) {
                    Ok((sample, _)) => {
                        let variants: Vec<Scenario> = match tool {
                            Tool::Sensitivity => levers(&scenario)
                                .into_iter()
                                .flat_map(|l| [l.low.scenario, l.high.scenario])
                                .collect(),
                            _ => checklist_flips(&scenario)
                                .into_iter()
                                .map(|(_, _, s)| s)
                                .collect(),
                        };
                        *self.batch_slot(tool) = Some(BatchJob {
                            id,
                            handler,
                            tool,
                            base: *scenario,
                            variants,
                            sample,
                            trials: trials.max(1),
                            seed,
                            runs: Vec::new(),
                            current: None,
                        });
                        Self::yield_then(scope, Step::Tool(tool, id));
                    }
                    Err(message) => {
                        *self.batch_slot(tool) = None;
                        scope.respond(handler, Response::ToolFailed { tool, id, message });
                    }
                }
                return;
            }
            Request::Inspect {
                id,
                scenario,
                query,
            } => {
                match self.sample_for(&scenario) {
                    Ok((sample, _)) => {
                        let scorer =
                            funnel_engine::scoring::Scorer::new(&scenario.scoring, &sample.table);
                        let lead = find_lead(&sample.table, &scorer, &query).map(|i| {
                            let mut view = lead_view(&sample.table, &scorer, i);
                            // Its journey in the first run, on the projection's own numbers.
                            if view.mql {
                                view.journey = prepare(&scenario, &sample).ok().and_then(|p| {
                                    funnel_engine::sim::trace_lead(&p, scenario.seed, 0, i)
                                });
                            }
                            Box::new(view)
                        });
                        scope.respond(handler, Response::Inspected { id, lead });
                    }
                    Err(message) => scope.respond(
                        handler,
                        Response::ToolFailed {
                            tool: Tool::Inspect,
                            id,
                            message,
                        },
                    ),
                }
                return;
            }
            Request::Import {
                id,
                name,
                file,
                arrival_column,
            } => {
                scope.respond(
                    handler,
                    Response::ImportProgress {
                        id,
                        stage: format!("Opening {name}…"),
                    },
                );
                scope.send_future(async move {
                    let text = match file.dyn_into::<web_sys::Blob>() {
                        Ok(blob) => wasm_bindgen_futures::JsFuture::from(blob.text())
                            .await
                            .ok()
                            .and_then(|t| t.as_string())
                            .ok_or_else(|| {
                                format!(
                                    "{name} could not be read as text; save it as CSV (UTF-8) \
                                     and choose it again"
                                )
                            }),
                        Err(_) => Err(format!("{name} is not a file")),
                    };
                    Step::FileRead(Box::new(FileRead {
                        id,
                        handler,
                        name,
                        text,
                        arrival_column,
                    }))
                });
                return;
            }
            Request::Fit { id, scenario } => {
                let fit = Box::new(self.fit(&scenario));
                scope.respond(handler, Response::Fitted { id, fit });
                return;
            }
            Request::Export { id, kind, scenario } => {
                let result = self.export(&scenario, kind);
                scope.respond(handler, Response::Exported { id, result });
                return;
            }
            Request::Compare {
                id,
                baseline,
                scenario,
                trials,
                seed,
            } => {
                let prepared = |s: &Scenario| {
                    self.sample_for(s)
                        .and_then(|(sample, _)| prepare(s, &sample).map_err(|e| e.to_string()))
                };
                match (prepared(&baseline), prepared(&scenario)) {
                    (Ok(a), Ok(b)) => {
                        self.compare = Some(CompareJob {
                            id,
                            handler,
                            a,
                            b,
                            trials: trials.max(1),
                            seed,
                            outcomes_a: Vec::new(),
                            outcomes_b: Vec::new(),
                        });
                        Self::yield_then(scope, Step::Tool(Tool::Compare, id));
                    }
                    (Err(message), _) | (_, Err(message)) => {
                        self.compare = None;
                        scope.respond(
                            handler,
                            Response::ToolFailed {
                                tool: Tool::Compare,
                                id,
                                message,
                            },
                        );
                    }
                }
                return;
            }
        };
        let started = now();
        let prepared = self.sample_for(&scenario).and_then(|(sample, columns)| {
            let view = SampleView::of(&scenario, &sample, &columns);
            prepare(&scenario, &sample)
                .map(|p| (p, view))
                .map_err(|e| e.to_string())
        });
        match prepared {
            Err(message) => {
                self.job = None;
                scope.respond(handler, Response::Failed { id, message });
            }
            Ok((prepared, sample)) => {
                let scores = ScoreView::of(&prepared, &scenario.scoring.qualify);
                let imported = match scenario.leads {
                    LeadsSource::Imported { .. } => self.imported_run(&scenario, &prepared),
                    LeadsSource::Generated(_) => None,
                };
                self.job = Some(Job {
                    id,
                    handler,
                    prepared: Rc::new(prepared),
                    scores,
                    sample,
                    examples: check_examples(&scenario),
                    imported,
                    seed,
                    trials: trials.max(1),
                    outcomes: Vec::with_capacity(trials as usize),
                    started,
                });
                Self::yield_then_continue(scope, id);
            }
        }
    }
}

/// A scenario's name as the start of a file name: "Default (balanced)" → "default-balanced".
pub fn file_stem(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(60).collect();
    if out.is_empty() {
        "funnel-lab".into()
    } else {
        out
    }
}
