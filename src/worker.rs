//! The simulation worker: runs the engine off the page's thread.
//!
//! The page sends one [`Request::Run`] per scenario revision. The worker answers with a quick
//! preview (a few trials), then progress as the full run goes, then the full results. Between
//! chunks of trials it yields to its event loop, so that a newer request can arrive and
//! supersede the run in flight: a superseded run stops at its next chunk.

use std::cell::RefCell;
use std::rc::Rc;

use funnel_engine::conditions::Condition;
use funnel_engine::profile::{profile, rule_matches, ColumnProfile};
use funnel_engine::report::histogram;
use funnel_engine::scenario::LeadsSource;
use funnel_engine::scoring::Qualify;
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    Run {
        id: u64,
        scenario: Box<Scenario>,
        trials: u32,
        seed: u64,
    },
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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub report: Report,
    pub scores: ScoreView,
    pub sample: SampleView,
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
            millis: 0.0,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Preview { id: u64, results: Box<Results> },
    Progress { id: u64, done: u32, total: u32 },
    Done { id: u64, results: Box<Results> },
    Failed { id: u64, message: String },
}

/// A run in flight.
struct Job {
    id: u64,
    handler: HandlerId,
    prepared: Rc<Prepared>,
    scores: ScoreView,
    sample: SampleView,
    seed: u64,
    trials: u32,
    outcomes: Vec<TrialOutcome>,
    started: f64,
}

/// The last generated sample, the settings that made it, and its profile.
type SampleCache = Rc<RefCell<Option<(String, Rc<Sample>, Rc<Vec<ColumnProfile>>)>>>;

pub struct SimWorker {
    job: Option<Job>,
    /// The last generated sample and the settings that made it: generating 10,000 leads costs
    /// more than a quick preview, and most edits do not touch the sample.
    sample: SampleCache,
}

pub enum Step {
    Next(u64),
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
                return Err("this scenario imports its leads; import a CSV file first".into())
            }
        };
        if let Some((k, s, p)) = self.sample.borrow().as_ref() {
            if *k == key {
                return Ok((s.clone(), p.clone()));
            }
        }
        let sample = Rc::new(scenario_sample(scenario).ok_or("no generated sample")?);
        let columns = Rc::new(profile(&sample.table));
        *self.sample.borrow_mut() = Some((key, sample.clone(), columns.clone()));
        Ok((sample, columns))
    }

    fn results(job: &Job, outcomes: &[TrialOutcome]) -> Box<Results> {
        Box::new(Results {
            report: Report::new(&job.prepared.labels(), job.seed, outcomes),
            scores: job.scores.clone(),
            sample: job.sample.clone(),
            millis: now() - job.started,
        })
    }

    fn yield_then_continue(scope: &WorkerScope<Self>, id: u64) {
        // A macrotask boundary (setTimeout), not a microtask: lets a newer request in.
        scope.send_future(async move {
            gloo_timers::future::TimeoutFuture::new(0).await;
            Step::Next(id)
        });
    }
}

impl Worker for SimWorker {
    type Message = Step;
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SimWorker {
            job: None,
            sample: Rc::new(RefCell::new(None)),
        }
    }

    fn update(&mut self, scope: &WorkerScope<Self>, msg: Self::Message) {
        let Step::Next(id) = msg;
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
        let Request::Run {
            id,
            scenario,
            trials,
            seed,
        } = msg;
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
                self.job = Some(Job {
                    id,
                    handler,
                    prepared: Rc::new(prepared),
                    scores,
                    sample,
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
