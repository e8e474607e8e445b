//! The page's state: one scenario plus its latest results, changed only through [`Action`]s.
//!
//! Everything a user edits lives in `scenario`; components hold no part of it. Edits are plain
//! data ([`Edit`]) naming rows by id ([`Rows`]), applied to a copy and validated by the engine; a
//! refused edit leaves the scenario (and the results on screen) as they were and records a
//! message under the edit's key. Every accepted change can be undone ([`History`]).

mod boot;
mod edit;
mod history;
mod rows;

pub use boot::{Boot, Stored};

pub use edit::{apply, check_name, row_key, At, Edit};
pub use history::{History, Snapshot};
pub use rows::{List, RowId, Rows};

use std::collections::BTreeMap;
use std::rc::Rc;

use funnel_engine::explore::{CheckWorth, Sensitivity, Sweep};
use funnel_engine::scenario::LeadsSource;
use funnel_engine::{presets, Scenario};
use yew::Reducible;

use crate::explain;
use crate::persist::{Kept, Named, Working, SAVED_MAX};
use crate::worker::{
    CompareResult, Download, ExportKind, FitView, ImportView, LeadQuery, LeadView, Results, Tool,
};

/// Where a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for the first answer to the current revision.
    Starting,
    /// A preview of the current revision is on screen; the full run goes on.
    Preview,
    /// The full run of the current revision is on screen.
    Ready,
    /// The current revision could not run; the message is in `run_error`.
    Failed,
}

/// An instrument's run beside the projection: which request is current, how far it got, and
/// what it found.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolRun<T> {
    /// The current request's id; 0 before the first.
    pub id: u64,
    /// The scenario revision it ran on: its result is out of date once the scenario changes.
    pub revision: u64,
    pub running: bool,
    pub progress: (u32, u32),
    pub result: Option<Rc<T>>,
    pub error: Option<String>,
}

impl<T> Default for ToolRun<T> {
    fn default() -> Self {
        ToolRun {
            id: 0,
            revision: 0,
            running: false,
            progress: (0, 0),
            result: None,
            error: None,
        }
    }
}

impl<T> ToolRun<T> {
    fn start(&mut self, revision: u64) {
        self.id += 1;
        self.revision = revision;
        self.running = true;
        self.progress = (0, 0);
        self.error = None;
    }

    fn finish(&mut self, result: Rc<T>) {
        self.running = false;
        self.progress = (1, 1);
        self.result = Some(result);
    }

    fn fail(&mut self, message: String) {
        self.running = false;
        self.error = Some(message);
    }

    /// Whether its result answers the scenario of `revision`.
    pub fn current(&self, revision: u64) -> bool {
        self.result.is_some() && self.revision == revision
    }
}

/// What the team agreed to aim for in the horizon, for the chance of reaching it and the
/// reverse funnel.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Targets {
    pub revenue: Option<f64>,
    pub pipeline: Option<f64>,
}

/// A CRM export being read, or read: kept beside the scenario, never in it (a scenario file or
/// link never carries a team's leads).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Import {
    /// The current request's id; 0 before the first.
    pub id: u64,
    pub running: bool,
    /// What the worker is doing, in words.
    pub stage: Option<String>,
    /// The file to send to the worker: set when chosen, taken by the request.
    pub pending: Option<Rc<PendingFile>>,
    pub view: Option<Rc<ImportView>>,
    pub error: Option<String>,
}

/// A file the user chose. The worker reads it: a large export never passes through the page's
/// thread.
#[derive(Debug, PartialEq)]
pub struct PendingFile {
    pub name: String,
    /// The browser's `File` (a `Blob`), as a plain JavaScript value.
    pub file: wasm_bindgen::JsValue,
}

/// The scenario a comparison measures against ("today"), kept while the current one changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    pub scenario: Scenario,
    /// What the room calls it: the preset's name when pinned, "edited" if it was.
    pub label: String,
}

/// A message for the user that stays until dismissed: what was restored, what could not be
/// opened, what could not be kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub text: String,
    /// Something went wrong (rather than something to know).
    pub problem: bool,
}

#[derive(Clone, PartialEq)]
pub struct AppState {
    pub scenario: Scenario,
    /// The ids of the scenario's rows.
    pub rows: Rows,
    /// The preset the scenario started from.
    pub preset: String,
    /// Bumped at every accepted change of the scenario; the id of the run that answers it.
    pub revision: u64,
    pub phase: Phase,
    /// Trials done and asked for in the run in flight.
    pub progress: (u32, u32),
    /// The latest results, possibly of an earlier revision (kept on screen while a run goes).
    pub results: Option<Rc<Results>>,
    /// Whether `results` answer the current revision.
    pub results_current: bool,
    /// The last full results of an earlier scenario: what the headlines' changes are against.
    pub previous: Option<Rc<Results>>,
    /// What the last change did, in words, for the changes shown against `previous`.
    pub last_change: Option<String>,
    pub run_error: Option<String>,
    /// Refused edits: key (see [`At::key`]) → what is wrong.
    pub field_errors: BTreeMap<String, String>,
    pub history: History,
    pub sweep: ToolRun<Sweep>,
    pub comparison: ToolRun<CompareResult>,
    pub sensitivity: ToolRun<Sensitivity>,
    pub checklist: ToolRun<Vec<CheckWorth>>,
    pub baseline: Option<Baseline>,
    pub targets: Targets,
    /// The lead inspector: the query to answer and the lead found.
    pub inspect: ToolRun<Option<LeadView>>,
    pub inspect_query: LeadQuery,
    /// The imported export, if any.
    pub import: Import,
    /// Suggested weights learnt from the imported leads' outcomes.
    pub fit: ToolRun<FitView>,
    /// The file being prepared to save, and which one it is.
    pub export: ToolRun<Download>,
    pub export_kind: Option<ExportKind>,
    /// Messages on screen, oldest first.
    pub notices: Vec<Notice>,
    notice_seq: u64,
    /// The scenarios saved by name, in the order saved.
    pub saved: Vec<Named>,
    /// Bumped at every change of `saved`: when the page writes them to storage.
    pub saved_revision: u64,
}

pub enum Action {
    /// Replace the scenario with a preset's, whole.
    LoadPreset(String),
    /// Replace the whole scenario (an opened file), validated like any edit, with what was
    /// done to bring an older file up to date.
    Replace(Box<Scenario>, Option<String>),
    /// Replace the scenario with a variant of it (a lever's end), said in words for the
    /// history: "CRM sync: instant".
    Apply(Box<Scenario>, String),
    Edit(Edit),
    Undo,
    Redo,
    /// A field's text could not be read (not a number, out of range) before any edit was made.
    Refuse {
        key: String,
        message: String,
    },
    /// A field's text was put back to the scenario's value: its message goes.
    Clear {
        key: String,
    },
    /// The user left a field (or let go of a slider): the next change of that field is a step
    /// of its own in the history, not part of this one.
    FieldLeft,
    Progress {
        id: u64,
        done: u32,
        total: u32,
    },
    Preview {
        id: u64,
        results: Rc<Results>,
    },
    Done {
        id: u64,
        results: Rc<Results>,
    },
    Failed {
        id: u64,
        message: String,
    },
    /// Run the threshold sweep on the current scenario.
    StartSweep,
    /// Keep the current scenario as the baseline comparisons measure against.
    PinBaseline,
    ClearBaseline,
    /// Compare the current scenario with the baseline.
    StartCompare,
    /// Move every lever of the current scenario over its range.
    StartSensitivity,
    /// Flip each readiness check of the current scenario.
    StartChecklist,
    SensitivityDone {
        id: u64,
        sensitivity: Rc<Sensitivity>,
    },
    ChecklistDone {
        id: u64,
        worth: Rc<Vec<CheckWorth>>,
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
        sweep: Rc<Sweep>,
    },
    CompareDone {
        id: u64,
        comparison: Rc<CompareResult>,
    },
    /// Show a sample lead in the inspector.
    Inspect(LeadQuery),
    Inspected {
        id: u64,
        lead: Option<Rc<LeadView>>,
    },
    /// The team's shared targets (revenue won, pipeline created); `None` clears one.
    SetTargets(Targets),
    /// A CRM export was chosen: read it in the worker.
    StartImport(Rc<PendingFile>),
    ImportProgress {
        id: u64,
        stage: String,
    },
    /// The export was read: its leads become the scenario's, mapped as suggested (one step in
    /// the history).
    Imported {
        id: u64,
        view: Rc<ImportView>,
    },
    ImportFailed {
        id: u64,
        message: String,
    },
    /// A chosen file could not be read (too large, not text): nothing else changes.
    ImportRefused(String),
    /// Back to the scenario's generated sample (the export stays loaded).
    UseGenerated,
    /// Learn points from the imported leads' outcomes.
    StartFit,
    Fitted {
        id: u64,
        fit: Rc<FitView>,
    },
    /// Tell the user something (a file that could not be opened, storage that is full).
    Notify {
        text: String,
        problem: bool,
    },
    /// The user closed a notice.
    Dismiss(u64),
    /// Keep the current scenario under a name (replacing one of the same name).
    SaveAs(String),
    /// Make a saved scenario the current one (a step in the history).
    OpenSaved(usize),
    DeleteSaved(usize),
    /// Prepare a file to save (the worker writes it; the page saves it when it arrives).
    StartExport(ExportKind),
    Exported {
        id: u64,
        result: Result<Rc<Download>, String>,
    },
}

impl AppState {
    pub fn new(preset: &str) -> AppState {
        let (preset, scenario) = match presets::preset(preset) {
            Some(s) => (preset, s),
            None => (
                "default",
                presets::preset("default").expect("the default preset exists"),
            ),
        };
        AppState {
            rows: Rows::of(&scenario),
            scenario,
            preset: preset.to_string(),
            revision: 1,
            phase: Phase::Starting,
            progress: (0, 0),
            results: None,
            results_current: false,
            previous: None,
            last_change: None,
            run_error: None,
            field_errors: BTreeMap::new(),
            history: History::default(),
            sweep: ToolRun::default(),
            comparison: ToolRun::default(),
            sensitivity: ToolRun::default(),
            checklist: ToolRun::default(),
            baseline: None,
            targets: Targets::default(),
            inspect: ToolRun::default(),
            inspect_query: LeadQuery::At(0),
            import: Import::default(),
            fit: ToolRun::default(),
            export: ToolRun::default(),
            export_kind: None,
            notices: Vec::new(),
            notice_seq: 0,
            saved: Vec::new(),
            saved_revision: 0,
        }
    }

    /// What storage keeps of the page: the scenario and its history (results and row ids are
    /// made again on reload).
    pub fn working(&self) -> Working {
        let kept = |(snap, what): (&Snapshot, &str)| Kept {
            what: what.to_string(),
            preset: snap.preset.clone(),
            scenario: snap.scenario.clone(),
        };
        Working {
            now: Kept {
                what: String::new(),
                preset: self.preset.clone(),
                scenario: self.scenario.clone(),
            },
            undo: self.history.past().map(kept).collect(),
            redo: self.history.future().map(kept).collect(),
        }
    }

    fn notify(&mut self, text: String, problem: bool) {
        // The same message twice (a write failing at every change) is shown once.
        if self.notices.iter().any(|n| n.text == text) {
            return;
        }
        self.notice_seq += 1;
        self.notices.push(Notice {
            id: self.notice_seq,
            text,
            problem,
        });
    }

    pub fn error_at(&self, key: &str) -> Option<&str> {
        self.field_errors.get(key).map(String::as_str)
    }

    /// Refused values under keys that start with `prefix` (a tab's part of the scenario).
    pub fn errors_under(&self, prefix: &str) -> usize {
        self.field_errors
            .keys()
            .filter(|k| k.starts_with(prefix))
            .count()
    }

    /// What the scenario is called for people: a preset's label for a preset's own name.
    pub fn title(&self) -> String {
        let name = &self.scenario.name;
        if presets::NAMES.contains(&name.as_str()) {
            preset_label(name).to_string()
        } else {
            name.clone()
        }
    }

    /// Whether the scenario differs from the preset it started from.
    pub fn edited(&self) -> bool {
        presets::preset(&self.preset).is_none_or(|p| p != self.scenario)
    }

    /// Whether the worker must run the current revision (it has no full results yet).
    pub fn wants_run(&self) -> bool {
        !(self.phase == Phase::Ready && self.results_current)
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            scenario: self.scenario.clone(),
            rows: self.rows.clone(),
            preset: self.preset.clone(),
            results: (self.phase == Phase::Ready && self.results_current)
                .then(|| self.results.clone())
                .flatten(),
        }
    }

    /// Makes `scenario` current: the change goes into the history, a new run is due.
    fn accept(&mut self, scenario: Scenario, rows: Rows, what: String, key: Option<String>) {
        self.history.record(self.snapshot(), what.clone(), key);
        self.last_change = Some(what);
        self.leave_results();
        self.scenario = scenario;
        self.rows = rows;
        self.revision += 1;
        self.phase = Phase::Starting;
        self.progress = (0, 0);
        self.results_current = false;
        self.run_error = None;
    }

    /// The current full results become what the next ones are compared with.
    fn leave_results(&mut self) {
        if self.phase == Phase::Ready && self.results_current {
            self.previous = self.results.clone();
        }
    }

    fn restore(&mut self, to: Snapshot, what: String) {
        self.leave_results();
        self.last_change = Some(what);
        self.scenario = to.scenario;
        self.rows = to.rows;
        self.preset = to.preset;
        self.revision += 1;
        self.run_error = None;
        self.field_errors.clear();
        match to.results {
            Some(results) => {
                self.progress = (results.report.trials, results.report.trials);
                self.results = Some(results);
                self.results_current = true;
                self.phase = Phase::Ready;
            }
            None => {
                self.progress = (0, 0);
                self.results_current = false;
                self.phase = Phase::Starting;
            }
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new("default")
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::LoadPreset(name) => match presets::preset(&name) {
                Some(s) => {
                    let rows = next.rows.renew(&s);
                    let what = format!("switch to {}", preset_label(&name));
                    next.accept(s, rows, what, None);
                    next.preset = name;
                    next.field_errors.clear();
                }
                None => return self,
            },
            Action::Replace(s, note) => match s.validate() {
                Ok(()) => {
                    let rows = next.rows.renew(&s);
                    let what = format!("open “{}”", s.name);
                    next.accept(*s, rows, what, None);
                    next.field_errors.clear();
                    if let Some(note) = note {
                        next.notify(note, false);
                    }
                }
                Err(e) => {
                    next.notify(format!("“{}” was not opened: {e}", s.name), true);
                }
            },
            Action::Notify { text, problem } => next.notify(text, problem),
            Action::Dismiss(id) => {
                let before = next.notices.len();
                next.notices.retain(|n| n.id != id);
                if next.notices.len() == before {
                    return self;
                }
            }
            Action::SaveAs(name) => {
                let name = name.trim().to_string();
                if name.is_empty() {
                    next.notify("A saved scenario needs a name.".into(), true);
                    return Rc::new(next);
                }
                let named = Named {
                    name: name.clone(),
                    scenario: self.scenario.clone(),
                };
                match next.saved.iter().position(|n| n.name == name) {
                    Some(i) => next.saved[i] = named,
                    None if next.saved.len() >= SAVED_MAX => {
                        next.notify(
                            format!(
                                "“{name}” was not saved: {SAVED_MAX} scenarios are saved already; \
                                 delete one first"
                            ),
                            true,
                        );
                        return Rc::new(next);
                    }
                    None => next.saved.push(named),
                }
                next.saved_revision += 1;
            }
            Action::OpenSaved(i) => {
                let Some(named) = self.saved.get(i) else {
                    return self;
                };
                if named.scenario == self.scenario {
                    return self;
                }
                let rows = next.rows.renew(&named.scenario);
                let what = format!("open saved “{}”", named.name);
                next.accept(named.scenario.clone(), rows, what, None);
                next.field_errors.clear();
            }
            Action::DeleteSaved(i) => {
                if i >= next.saved.len() {
                    return self;
                }
                next.saved.remove(i);
                next.saved_revision += 1;
            }
            Action::Apply(s, what) => match s.validate() {
                Ok(()) if *s != self.scenario => {
                    let mut rows = next.rows.clone();
                    rows.reconcile(&s);
                    next.accept(*s, rows, what, None);
                }
                Ok(()) => return self,
                Err(e) => {
                    next.field_errors.insert("scenario".into(), e.to_string());
                }
            },
            Action::Edit(edit) => {
                let key = edit.key();
                match apply(&next.scenario, &next.rows, &edit) {
                    Ok(None) => return self,
                    Ok(Some((candidate, rows))) => {
                        if candidate == next.scenario {
                            next.field_errors.remove(&key);
                            next.rows = rows;
                            return if next == *self { self } else { Rc::new(next) };
                        }
                        match candidate.validate() {
                            Ok(()) => {
                                next.field_errors.remove(&key);
                                if let Edit::Remove { list, id } = &edit {
                                    let prefix = row_key(*list, *id);
                                    next.field_errors.retain(|k, _| !k.starts_with(&prefix));
                                }
                                let what = describe(&self.scenario, &self.rows, &edit);
                                let joins = matches!(edit, Edit::Set { .. }).then_some(key);
                                next.accept(candidate, rows, what, joins);
                            }
                            Err(e) => {
                                next.field_errors.insert(key, e.message);
                            }
                        }
                    }
                    Err(message) => {
                        next.field_errors.insert(key, message);
                    }
                }
            }
            Action::Undo => {
                let now = next.snapshot();
                let what = next.history.undo_label().map(str::to_string);
                match (next.history.undo(now), what) {
                    (Some(to), Some(what)) => next.restore(to, format!("undo: {what}")),
                    _ => return self,
                }
            }
            Action::Redo => {
                let now = next.snapshot();
                let what = next.history.redo_label().map(str::to_string);
                match (next.history.redo(now), what) {
                    (Some(to), Some(what)) => next.restore(to, what),
                    _ => return self,
                }
            }
            Action::Refuse { key, message } => {
                next.history.close();
                next.field_errors.insert(key, message);
            }
            Action::FieldLeft => {
                if !next.history.is_open() {
                    return self;
                }
                next.history.close();
            }
            Action::Clear { key } => {
                if next.field_errors.remove(&key).is_none() {
                    return self;
                }
            }
            Action::StartSweep => next.sweep.start(self.revision),
            Action::StartSensitivity => next.sensitivity.start(self.revision),
            Action::Inspect(q) => {
                next.inspect_query = q;
                next.inspect.start(self.revision);
            }
            Action::Inspected { id, lead } => {
                if id != self.inspect.id {
                    return self;
                }
                next.inspect.finish(Rc::new(lead.map(|l| (*l).clone())));
            }
            Action::SetTargets(t) => {
                if t == self.targets {
                    return self;
                }
                next.targets = t;
            }
            Action::StartChecklist => next.checklist.start(self.revision),
            Action::SensitivityDone { id, sensitivity } => {
                if id != self.sensitivity.id {
                    return self;
                }
                next.sensitivity.finish(sensitivity);
            }
            Action::ChecklistDone { id, worth } => {
                if id != self.checklist.id {
                    return self;
                }
                next.checklist.finish(worth);
            }
            Action::StartCompare => {
                if next.baseline.is_none() {
                    return self;
                }
                next.comparison.start(self.revision);
            }
            Action::PinBaseline => {
                let label = if self.edited() {
                    format!("{} (edited)", preset_label(&self.preset))
                } else {
                    preset_label(&self.preset).to_string()
                };
                next.baseline = Some(Baseline {
                    scenario: self.scenario.clone(),
                    label,
                });
                next.comparison = ToolRun::default();
            }
            Action::ClearBaseline => {
                next.baseline = None;
                next.comparison = ToolRun::default();
            }
            Action::ToolProgress {
                tool,
                id,
                done,
                total,
            } => {
                let progress = match tool {
                    Tool::Sweep if id == self.sweep.id => &mut next.sweep.progress,
                    Tool::Compare if id == self.comparison.id => &mut next.comparison.progress,
                    Tool::Sensitivity if id == self.sensitivity.id => {
                        &mut next.sensitivity.progress
                    }
                    Tool::Checklist if id == self.checklist.id => &mut next.checklist.progress,
                    _ => return self,
                };
                *progress = (done, total);
            }
            Action::ToolFailed { tool, id, message } => match tool {
                Tool::Sweep if id == self.sweep.id => {
                    next.sweep.running = false;
                    next.sweep.error = Some(message);
                }
                Tool::Compare if id == self.comparison.id => next.comparison.fail(message),
                Tool::Sensitivity if id == self.sensitivity.id => next.sensitivity.fail(message),
                Tool::Checklist if id == self.checklist.id => next.checklist.fail(message),
                Tool::Inspect if id == self.inspect.id => next.inspect.fail(message),
                _ => return self,
            },
            Action::SweepDone { id, sweep } => {
                if id != self.sweep.id {
                    return self;
                }
                next.sweep.running = false;
                next.sweep.progress = (1, 1);
                next.sweep.result = Some(sweep);
            }
            Action::CompareDone { id, comparison } => {
                if id != self.comparison.id {
                    return self;
                }
                next.comparison.running = false;
                next.comparison.progress = (1, 1);
                next.comparison.result = Some(comparison);
            }
            Action::Progress { id, done, total } => {
                if id != self.revision {
                    return self;
                }
                next.progress = (done, total);
            }
            Action::Preview { id, results } => {
                if id != self.revision || self.phase == Phase::Ready {
                    return self;
                }
                next.results = Some(results);
                next.results_current = true;
                next.phase = Phase::Preview;
            }
            Action::Done { id, results } => {
                if id != self.revision {
                    return self;
                }
                next.progress = (results.report.trials, results.report.trials);
                next.results = Some(results);
                next.results_current = true;
                next.phase = Phase::Ready;
            }
            Action::Failed { id, message } => {
                if id != self.revision {
                    return self;
                }
                next.phase = Phase::Failed;
                next.run_error = Some(message);
            }
            Action::StartImport(file) => {
                next.import.id += 1;
                next.import.running = true;
                next.import.error = None;
                next.import.stage = Some(format!("Opening {}…", file.name));
                next.import.pending = Some(file);
            }
            Action::ImportProgress { id, stage } => {
                if id != self.import.id {
                    return self;
                }
                next.import.stage = Some(stage);
            }
            Action::ImportFailed { id, message } => {
                if id != self.import.id {
                    return self;
                }
                // What the user had stays: the scenario, and any export read before.
                next.import.running = false;
                next.import.pending = None;
                next.import.stage = None;
                next.import.error = Some(message);
            }
            Action::Imported { id, view } => {
                if id != self.import.id {
                    return self;
                }
                next.import.running = false;
                next.import.pending = None;
                next.import.stage = None;
                let mut s = self.scenario.clone();
                s.leads = LeadsSource::Imported {
                    arrival_column: view.arrival_column.clone(),
                };
                // A mapping the team made for this export (restored, or from a link) stays when
                // the file has every column it names; otherwise the suggestion for these headers.
                let keeps = !s.mapping.is_empty() && mapping_fits(&s.mapping, &view.columns);
                if !keeps {
                    s.mapping = view.suggested.clone();
                }
                if let Err(e) = s.validate() {
                    next.import.error = Some(format!("{}: {e}", view.name));
                    return Rc::new(next);
                }
                let what = format!("import {}", view.name);
                next.import.view = Some(view);
                next.fit = ToolRun::default();
                let rows = next.rows.clone();
                next.accept(s, rows, what, None);
            }
            Action::ImportRefused(message) => {
                next.import.error = Some(message);
            }
            Action::UseGenerated => {
                let Some(generated) = presets::preset(&self.preset)
                    .or_else(|| presets::preset("default"))
                    .map(|p| p.leads)
                else {
                    return self;
                };
                if matches!(self.scenario.leads, LeadsSource::Generated(_)) {
                    return self;
                }
                let mut s = self.scenario.clone();
                s.leads = generated;
                let rows = next.rows.clone();
                next.accept(s, rows, "use the generated sample".into(), None);
            }
            Action::StartExport(kind) => {
                next.export.start(self.revision);
                next.export_kind = Some(kind);
            }
            Action::Exported { id, result } => {
                if id != self.export.id {
                    return self;
                }
                match result {
                    Ok(d) => next.export.finish(d),
                    Err(e) => next.export.fail(e),
                }
            }
            Action::StartFit => next.fit.start(self.revision),
            Action::Fitted { id, fit } => {
                if id != self.fit.id {
                    return self;
                }
                next.fit.finish(fit);
            }
        }
        Rc::new(next)
    }
}

/// Whether every column `mapping` names is among the file's (compared ignoring case, as the
/// reader does).
fn mapping_fits(
    mapping: &funnel_engine::mapping::Mapping,
    columns: &[funnel_engine::profile::ColumnProfile],
) -> bool {
    let has = |c: &str| columns.iter().any(|p| p.name.eq_ignore_ascii_case(c));
    mapping.fields.iter().all(|f| has(&f.column))
        && mapping.outcome.iter().all(|o| has(&o.column))
        && mapping.types.iter().all(|t| has(&t.column))
}

/// A preset's name for people.
pub fn preset_label(name: &str) -> &'static str {
    match name {
        "default" => "Typical team",
        "siloed" => "Siloed teams",
        "aligned" => "Aligned teams",
        _ => "Custom",
    }
}

/// What an edit does, in words, from the scenario it applies to: "remove rule “Mid-market”",
/// "change the response SLA".
pub fn describe(s: &Scenario, rows: &Rows, edit: &Edit) -> String {
    let row_name = |list: List, id: RowId| -> String {
        let name = rows.index(list, id).and_then(|i| match list {
            List::Rules => s.scoring.rules.get(i).map(|r| r.name.clone()),
            List::Reps => s.process.reps.get(i).map(|r| r.name.clone()),
            List::Segments => s.market.segments.get(i).map(|r| r.name.clone()),
            List::Caps => s.scoring.caps.get(i).map(|c| c.group.clone()),
            List::Examples => s.examples.get(i).map(|e| e.name.clone()),
            List::SpeedPoints | List::Multipliers => None,
        });
        match name.filter(|n| !n.trim().is_empty()) {
            Some(n) => format!("{} “{n}”", list.noun()),
            None => list.noun().to_string(),
        }
    };
    match edit {
        Edit::Set { at, .. } => {
            let field = at.field.rsplit('.').next().unwrap_or("").replace('_', " ");
            match at.row {
                Some((list, id)) if field.is_empty() => format!("change {}", row_name(list, id)),
                Some((list, id)) => format!("change {}: {field}", row_name(list, id)),
                None => match explain::setting(&at.field) {
                    Some(e) => format!("change {}", e.title.to_lowercase()),
                    None => format!("change {field}"),
                },
            }
        }
        Edit::Add { list, .. } => format!("add a {}", list.noun()),
        Edit::Remove { list, id } => format!("remove {}", row_name(*list, *id)),
        Edit::Answer { check, pass } => format!(
            "mark “{}” as {}",
            check.title(),
            if *pass { "passed" } else { "failed" }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::scoring::Qualify;

    fn threshold(s: &AppState) -> f64 {
        match s.scenario.scoring.qualify {
            Qualify::Score { threshold } => threshold,
            Qualify::Grid { .. } => f64::NAN,
        }
    }

    fn set_threshold(t: f64) -> Action {
        Action::Edit(Edit::set("scoring.qualify.threshold", t))
    }

    #[test]
    fn valid_edits_bump_the_revision() {
        let s = Rc::new(AppState::default());
        let s2 = s.clone().reduce(set_threshold(40.0));
        assert_eq!(threshold(&s2), 40.0);
        assert_eq!(s2.revision, s.revision + 1);
        assert_eq!(s2.phase, Phase::Starting);
        assert!(s2.edited() && !s.edited());
    }

    #[test]
    fn invalid_edits_keep_the_scenario_and_say_why() {
        let s = Rc::new(AppState::default());
        let id = s.rows.ids(List::Reps)[0];
        let at = At::row(List::Reps, id, "touches_per_day");
        let s2 = s.clone().reduce(Action::Edit(Edit::set(at.clone(), -3.0)));
        assert_eq!(s2.scenario, s.scenario);
        assert_eq!(s2.revision, s.revision);
        let key = at.key();
        assert!(s2.error_at(&key).is_some(), "{:?}", s2.field_errors);
        // Fixing the field clears the message.
        let s3 = s2.reduce(Action::Edit(Edit::set(at, 12.0)));
        assert!(s3.error_at(&key).is_none());
        assert_eq!(s3.scenario.process.reps[0].touches_per_day, 12.0);
    }

    #[test]
    fn a_refused_value_stays_with_its_row_when_a_row_above_goes() {
        let s = Rc::new(AppState::default());
        let ids = s.rows.ids(List::Rules).to_vec();
        let at = At::row(List::Rules, ids[4], "points");
        let s = s.reduce(Action::Refuse {
            key: at.key(),
            message: "enter a number".into(),
        });
        let s = s.reduce(Action::Edit(Edit::Remove {
            list: List::Rules,
            id: ids[3],
        }));
        assert!(s.error_at(&at.key()).is_some());
        assert_eq!(s.rows.index(List::Rules, ids[4]), Some(3));
        // Removing the refused row forgets its message.
        let s = s.reduce(Action::Edit(Edit::Remove {
            list: List::Rules,
            id: ids[4],
        }));
        assert!(s.field_errors.is_empty(), "{:?}", s.field_errors);
    }

    #[test]
    fn undo_and_redo_walk_the_history() {
        let s0 = Rc::new(AppState::default());
        let ids = s0.rows.ids(List::Rules).to_vec();
        let s1 = s0.clone().reduce(Action::Edit(Edit::Remove {
            list: List::Rules,
            id: ids[1],
        }));
        assert_eq!(
            s1.scenario.scoring.rules.len(),
            s0.scenario.scoring.rules.len() - 1
        );
        assert!(s1
            .history
            .undo_label()
            .unwrap()
            .starts_with("remove rule “"));
        let s2 = s1.clone().reduce(Action::Undo);
        assert_eq!(s2.scenario, s0.scenario);
        assert_eq!(s2.rows, s0.rows, "the rule comes back with its id");
        assert!(s2.revision > s1.revision);
        let s3 = s2.clone().reduce(Action::Redo);
        assert_eq!(s3.scenario, s1.scenario);
        // Nothing more to redo; undo twice goes back to the start and no further.
        assert!(Rc::ptr_eq(&s3, &s3.clone().reduce(Action::Redo)));
        let s4 = s3.reduce(Action::Undo);
        assert_eq!(s4.scenario, s0.scenario);
        assert!(Rc::ptr_eq(&s4, &s4.clone().reduce(Action::Undo)));
    }

    #[test]
    fn typing_into_one_field_is_one_step() {
        let s0 = Rc::new(AppState::default());
        let s = s0
            .clone()
            .reduce(set_threshold(4.0))
            .reduce(set_threshold(40.0))
            .reduce(set_threshold(45.0));
        let s = s.reduce(Action::Edit(Edit::set(
            "process.response_sla_minutes",
            30.0,
        )));
        let back = s.reduce(Action::Undo);
        assert_eq!(threshold(&back), 45.0);
        let back = back.reduce(Action::Undo);
        assert_eq!(back.scenario, s0.scenario);
    }

    #[test]
    fn leaving_a_field_ends_its_step() {
        let s0 = Rc::new(AppState::default());
        let s1 = s0
            .clone()
            .reduce(set_threshold(40.0))
            .reduce(Action::FieldLeft);
        let s2 = s1.clone().reduce(set_threshold(30.0));
        let back = s2.reduce(Action::Undo);
        assert_eq!(
            threshold(&back),
            40.0,
            "two visits to the field are two steps"
        );
        let idle = back.clone().reduce(Action::FieldLeft);
        assert!(
            Rc::ptr_eq(&back, &idle),
            "leaving a field with no open step changes nothing"
        );
    }

    #[test]
    fn undo_brings_back_the_results_that_were_on_screen() {
        let s0 = Rc::new(AppState::default());
        let results = Rc::new(crate::worker::Results::run_here(&s0.scenario, 20).unwrap());
        let s0 = s0.reduce(Action::Done {
            id: 1,
            results: results.clone(),
        });
        assert!(!s0.wants_run());
        let s1 = s0.clone().reduce(set_threshold(30.0));
        assert!(s1.wants_run());
        let s2 = s1.reduce(Action::Undo);
        assert!(
            !s2.wants_run(),
            "no new run: the results are those of this scenario"
        );
        assert!(Rc::ptr_eq(s2.results.as_ref().unwrap(), &results));
        // The edit never finished a run: what the headlines compare with is still the start.
        assert!(Rc::ptr_eq(s2.previous.as_ref().unwrap(), &results));
    }

    #[test]
    fn stale_runs_are_ignored() {
        let s = Rc::new(AppState::default());
        let old = s.revision;
        let s = s.reduce(set_threshold(50.0));
        let s2 = s.clone().reduce(Action::Progress {
            id: old,
            done: 5,
            total: 10,
        });
        assert!(
            Rc::ptr_eq(&s, &s2),
            "a stale progress message changes nothing"
        );
        let s3 = s.clone().reduce(Action::Progress {
            id: s.revision,
            done: 5,
            total: 10,
        });
        assert_eq!(s3.progress, (5, 10));
        let s4 = s3.reduce(Action::Failed {
            id: old,
            message: "x".into(),
        });
        assert_eq!(s4.phase, Phase::Starting);
    }

    #[test]
    fn presets_replace_the_whole_scenario_and_can_be_undone() {
        let s = Rc::new(AppState::default());
        let edited = s
            .clone()
            .reduce(set_threshold(20.0))
            .reduce(Action::Edit(Edit::set("market.stages.win.mean", 0.2)))
            .reduce(Action::Edit(Edit::set(
                "process.response_sla_minutes",
                90.0,
            )));
        let s2 = edited.clone().reduce(Action::LoadPreset("aligned".into()));
        assert_eq!(s2.preset, "aligned");
        assert_eq!(s2.scenario, presets::preset("aligned").unwrap());
        assert!(!s2.edited());
        let back = s2.clone().reduce(Action::Undo);
        assert_eq!(back.scenario, edited.scenario);
        assert_eq!(back.preset, "default");
        let s3 = s2.clone().reduce(Action::LoadPreset("nope".into()));
        assert!(Rc::ptr_eq(&s2, &s3));
    }

    #[test]
    fn instruments_keep_to_their_latest_request() {
        let s = Rc::new(AppState::default());
        let s1 = s.clone().reduce(Action::StartSweep);
        assert!(s1.sweep.running && s1.sweep.id == 1 && s1.sweep.revision == s.revision);
        let s2 = s1.clone().reduce(Action::StartSweep);
        let stale = s2.clone().reduce(Action::ToolProgress {
            tool: Tool::Sweep,
            id: 1,
            done: 3,
            total: 9,
        });
        assert!(
            Rc::ptr_eq(&s2, &stale),
            "an answer to a superseded sweep is dropped"
        );
        let sweep = Rc::new(Sweep {
            seed: 1,
            trials: 1,
            points: Vec::new(),
            best: None,
        });
        let done = s2.reduce(Action::SweepDone { id: 2, sweep });
        assert!(!done.sweep.running && done.sweep.current(done.revision));
        let edited = done.reduce(set_threshold(30.0));
        assert!(
            !edited.sweep.current(edited.revision),
            "an edit leaves it out of date"
        );
        // No comparison without a baseline; pinning one keeps the scenario of that moment.
        assert!(Rc::ptr_eq(
            &edited,
            &edited.clone().reduce(Action::StartCompare)
        ));
        let pinned = edited.reduce(Action::PinBaseline);
        let base = pinned.baseline.clone().unwrap();
        assert_eq!(base.scenario, pinned.scenario);
        assert_eq!(base.label, "Typical team (edited)");
        let moved = pinned
            .reduce(set_threshold(60.0))
            .reduce(Action::StartCompare);
        assert_ne!(moved.baseline.as_ref().unwrap().scenario, moved.scenario);
        assert!(moved.comparison.running);
        let failed = moved.reduce(Action::ToolFailed {
            tool: Tool::Compare,
            id: 1,
            message: "x".into(),
        });
        assert_eq!(failed.comparison.error.as_deref(), Some("x"));
        assert!(failed.reduce(Action::ClearBaseline).baseline.is_none());
    }

    #[test]
    fn a_replayed_log_gives_the_same_scenario() {
        let s0 = Rc::new(AppState::default());
        let ids = s0.rows.ids(List::Rules).to_vec();
        let log = vec![
            Edit::Remove {
                list: List::Rules,
                id: ids[0],
            },
            Edit::set(At::row(List::Rules, ids[5], "points"), 12.0),
            Edit::Answer {
                check: funnel_engine::readiness::Check::FollowUpSla,
                pass: true,
            },
            Edit::set("scoring.qualify.threshold", 35.0),
        ];
        let text = serde_json::to_string(&log).unwrap();
        let run = |edits: Vec<Edit>| {
            edits
                .into_iter()
                .fold(s0.clone(), |s, e| s.reduce(Action::Edit(e)))
        };
        let a = run(log);
        let b = run(serde_json::from_str(&text).unwrap());
        assert_eq!(a.scenario, b.scenario);
        assert_eq!(a.revision, s0.revision + 4, "every edit was accepted");
    }
}
