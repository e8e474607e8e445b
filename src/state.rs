//! The page's state: one scenario plus its latest results, changed only through [`Action`]s.
//!
//! Everything a user edits lives in `scenario`; components hold no part of it. An edit is
//! applied to a copy and validated by the engine; a refused edit leaves the scenario (and the
//! results on screen) as they were and records a message for the field.

use std::collections::BTreeMap;
use std::rc::Rc;

use funnel_engine::{presets, Scenario};
use yew::Reducible;

use crate::worker::Results;

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

#[derive(Clone, PartialEq)]
pub struct AppState {
    pub scenario: Scenario,
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
    pub run_error: Option<String>,
    /// Refused edits: field path → what is wrong.
    pub field_errors: BTreeMap<String, String>,
}

/// A change to the scenario: a field path (for messages) and the edit itself.
pub type EditFn = Rc<dyn Fn(&mut Scenario)>;

pub enum Action {
    LoadPreset(String),
    /// Replace the whole scenario (e.g. an imported file), validated like any edit.
    Replace(Box<Scenario>),
    Edit {
        path: String,
        edit: EditFn,
    },
    /// A field's text could not be read (not a number, out of range) before any edit was made.
    Refuse {
        path: String,
        message: String,
    },
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
}

impl AppState {
    pub fn new(preset: &str) -> AppState {
        let scenario = presets::preset(preset)
            .or_else(|| presets::preset("default"))
            .expect("the default preset exists");
        AppState {
            scenario,
            preset: preset.to_string(),
            revision: 1,
            phase: Phase::Starting,
            progress: (0, 0),
            results: None,
            results_current: false,
            run_error: None,
            field_errors: BTreeMap::new(),
        }
    }

    pub fn error_at(&self, path: &str) -> Option<&str> {
        self.field_errors.get(path).map(String::as_str)
    }

    fn accept(&mut self, scenario: Scenario) {
        self.scenario = scenario;
        self.revision += 1;
        self.phase = Phase::Starting;
        self.progress = (0, 0);
        self.results_current = false;
        self.run_error = None;
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
                    next.preset = name;
                    next.field_errors.clear();
                    next.accept(s);
                }
                None => return self,
            },
            Action::Replace(s) => match s.validate() {
                Ok(()) => {
                    next.field_errors.clear();
                    next.accept(*s);
                }
                Err(e) => {
                    next.field_errors.insert("scenario".into(), e.to_string());
                }
            },
            Action::Edit { path, edit } => {
                let mut candidate = next.scenario.clone();
                edit(&mut candidate);
                if candidate == next.scenario {
                    next.field_errors.remove(&path);
                    return if next == *self { self } else { Rc::new(next) };
                }
                match candidate.validate() {
                    Ok(()) => {
                        next.field_errors.remove(&path);
                        next.accept(candidate);
                    }
                    Err(e) => {
                        next.field_errors.insert(path, e.message);
                    }
                }
            }
            Action::Refuse { path, message } => {
                next.field_errors.insert(path, message);
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
        }
        Rc::new(next)
    }
}

/// Shorthand for an [`Action::Edit`].
pub fn edit(path: impl Into<String>, f: impl Fn(&mut Scenario) + 'static) -> Action {
    Action::Edit {
        path: path.into(),
        edit: Rc::new(f),
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

    #[test]
    fn valid_edits_bump_the_revision() {
        let s = Rc::new(AppState::default());
        let s2 = s.clone().reduce(edit("scoring.qualify.threshold", |sc| {
            sc.scoring.qualify = Qualify::Score { threshold: 40.0 }
        }));
        assert_eq!(threshold(&s2), 40.0);
        assert_eq!(s2.revision, s.revision + 1);
        assert_eq!(s2.phase, Phase::Starting);
    }

    #[test]
    fn invalid_edits_keep_the_scenario_and_say_why() {
        let s = Rc::new(AppState::default());
        let path = "process.reps[0].touches_per_day";
        let s2 = s
            .clone()
            .reduce(edit(path, |sc| sc.process.reps[0].touches_per_day = -3.0));
        assert_eq!(s2.scenario, s.scenario);
        assert_eq!(s2.revision, s.revision);
        assert!(
            s2.error_at(path).unwrap().contains("more than 0"),
            "{:?}",
            s2.field_errors
        );
        // Fixing the field clears the message.
        let s3 = s2.reduce(edit(path, |sc| sc.process.reps[0].touches_per_day = 12.0));
        assert!(s3.error_at(path).is_none());
        assert_eq!(s3.scenario.process.reps[0].touches_per_day, 12.0);
    }

    #[test]
    fn stale_runs_are_ignored() {
        let s = Rc::new(AppState::default());
        let old = s.revision;
        let s = s.reduce(edit("scoring.qualify.threshold", |sc| {
            sc.scoring.qualify = Qualify::Score { threshold: 50.0 }
        }));
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
    fn presets_replace_the_scenario() {
        let s = Rc::new(AppState::default());
        let s2 = s.clone().reduce(Action::LoadPreset("aligned".into()));
        assert_eq!(s2.preset, "aligned");
        assert_eq!(s2.scenario.name, "aligned");
        assert!(s2.revision > s.revision);
        let s3 = s2.clone().reduce(Action::LoadPreset("nope".into()));
        assert!(Rc::ptr_eq(&s2, &s3));
    }
}
