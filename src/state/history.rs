//! Undo and redo: the states before each change, with what the change was.
//!
//! A step keeps the whole scenario (a few kilobytes) rather than an inverse edit: restoring is
//! then exact by construction, including a removed rule's id, and a state whose full results
//! were on screen brings them back at once.

use std::rc::Rc;

use funnel_engine::Scenario;

use super::rows::Rows;
use crate::worker::Results;

/// Steps kept; older ones are forgotten.
pub const DEPTH: usize = 200;

/// A state the page can return to.
#[derive(Clone, PartialEq)]
pub struct Snapshot {
    pub scenario: Scenario,
    pub rows: Rows,
    pub preset: String,
    /// The full results of exactly this scenario, when they were on screen.
    pub results: Option<Rc<Results>>,
}

#[derive(Clone, PartialEq)]
struct Step {
    before: Snapshot,
    /// What the change did, in words: "remove rule “Mid-market”".
    what: String,
}

#[derive(Clone, Default, PartialEq)]
pub struct History {
    past: Vec<Step>,
    future: Vec<Step>,
    /// The key of the field the last change set: more changes of the same field (typing,
    /// dragging a slider) join that step instead of making new ones.
    open: Option<String>,
}

impl History {
    /// A history with these steps, oldest first: `past` are the states undo returns to with
    /// the change away from each, `future` the states redo goes to with the change it does.
    pub fn from_steps(past: Vec<(Snapshot, String)>, future: Vec<(Snapshot, String)>) -> History {
        let step = |(before, what)| Step { before, what };
        History {
            past: past.into_iter().map(step).collect(),
            future: future.into_iter().map(step).collect(),
            open: None,
        }
    }

    /// The undo steps, oldest first: the state and the change away from it.
    pub fn past(&self) -> impl Iterator<Item = (&Snapshot, &str)> {
        self.past.iter().map(|s| (&s.before, s.what.as_str()))
    }

    /// The redo steps, oldest first (the next redo is the last).
    pub fn future(&self) -> impl Iterator<Item = (&Snapshot, &str)> {
        self.future.iter().map(|s| (&s.before, s.what.as_str()))
    }

    /// Records a change from `before`; `key` names the field when the change set one field.
    pub fn record(&mut self, before: Snapshot, what: String, key: Option<String>) {
        self.future.clear();
        let joins = key.is_some() && key == self.open && !self.past.is_empty();
        if joins {
            if let Some(step) = self.past.last_mut() {
                step.what = what;
            }
        } else {
            self.past.push(Step { before, what });
            if self.past.len() > DEPTH {
                self.past.remove(0);
            }
        }
        self.open = key;
    }

    /// The state before the last change, trading it for `now`.
    pub fn undo(&mut self, now: Snapshot) -> Option<Snapshot> {
        let step = self.past.pop()?;
        self.open = None;
        self.future.push(Step {
            before: now,
            what: step.what,
        });
        Some(step.before)
    }

    /// The state the last undo left, trading it for `now`.
    pub fn redo(&mut self, now: Snapshot) -> Option<Snapshot> {
        let step = self.future.pop()?;
        self.open = None;
        self.past.push(Step {
            before: now,
            what: step.what,
        });
        Some(step.before)
    }

    /// What undo would take back.
    pub fn undo_label(&self) -> Option<&str> {
        self.past.last().map(|s| s.what.as_str())
    }

    /// What redo would do again.
    pub fn redo_label(&self) -> Option<&str> {
        self.future.last().map(|s| s.what.as_str())
    }

    /// Ends the open step: the next change of the same field is a step of its own.
    pub fn close(&mut self) {
        self.open = None;
    }

    /// Whether the last change may still grow (a field being typed into).
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }
}
