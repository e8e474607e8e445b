//! Identity for the rows of the scenario's lists.
//!
//! A scenario file keeps rules, reps, segments… as plain arrays; the page needs to know that
//! "Decision maker" is still the same row after the row above it is removed, so that the text
//! being typed into it, a message about it and keyboard focus stay with it. [`Rows`] gives every
//! row of every list an id that never changes and is never reused in the page's life, kept
//! beside the scenario in the state (never in the scenario: the engine and the files know
//! nothing of it).

use std::collections::BTreeMap;

use funnel_engine::Scenario;
use serde::{Deserialize, Serialize};

/// A list in the scenario whose rows have identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum List {
    Rules,
    Caps,
    Reps,
    SpeedPoints,
    Multipliers,
    Segments,
    Examples,
}

impl List {
    pub const ALL: [List; 7] = [
        List::Rules,
        List::Caps,
        List::Reps,
        List::SpeedPoints,
        List::Multipliers,
        List::Segments,
        List::Examples,
    ];

    /// Where the list is in the scenario file.
    pub fn path(self) -> &'static str {
        match self {
            List::Rules => "scoring.rules",
            List::Caps => "scoring.caps",
            List::Reps => "process.reps",
            List::SpeedPoints => "process.speed_to_lead.points",
            List::Multipliers => "market.multipliers",
            List::Segments => "market.segments",
            List::Examples => "examples",
        }
    }

    /// What one row is called in messages and in the undo button.
    pub fn noun(self) -> &'static str {
        match self {
            List::Rules => "rule",
            List::Caps => "cap",
            List::Reps => "rep",
            List::SpeedPoints => "response-time point",
            List::Multipliers => "multiplier",
            List::Segments => "segment",
            List::Examples => "example",
        }
    }

    pub fn len(self, s: &Scenario) -> usize {
        match self {
            List::Rules => s.scoring.rules.len(),
            List::Caps => s.scoring.caps.len(),
            List::Reps => s.process.reps.len(),
            List::SpeedPoints => s.process.speed_to_lead.points.len(),
            List::Multipliers => s.market.multipliers.len(),
            List::Segments => s.market.segments.len(),
            List::Examples => s.examples.len(),
        }
    }
}

/// A row's identity within its list.
pub type RowId = u32;

/// The ids of every list's rows, in the scenario's order.
///
/// Invariant: for every list, `ids(list).len() == list.len(scenario)` for the scenario these
/// rows belong to, and no id appears twice anywhere.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rows {
    ids: BTreeMap<List, Vec<RowId>>,
    next: RowId,
}

impl Rows {
    /// Fresh ids for every row of `s`.
    pub fn of(s: &Scenario) -> Rows {
        let mut rows = Rows::default();
        rows.reconcile(s);
        rows
    }

    /// Fresh ids for every row of `s`, never reusing one of `self`'s (a new scenario replaces
    /// the old one: nothing typed into the old rows may land on the new ones).
    pub fn renew(&self, s: &Scenario) -> Rows {
        let mut rows = Rows {
            ids: BTreeMap::new(),
            next: self.next,
        };
        rows.reconcile(s);
        rows
    }

    pub fn ids(&self, list: List) -> &[RowId] {
        self.ids.get(&list).map_or(&[], Vec::as_slice)
    }

    /// Where row `id` is in its list now.
    pub fn index(&self, list: List, id: RowId) -> Option<usize> {
        self.ids(list).iter().position(|x| *x == id)
    }

    /// A new id at the end of `list`.
    pub fn push(&mut self, list: List) -> RowId {
        let id = self.fresh();
        self.ids.entry(list).or_default().push(id);
        id
    }

    /// Forgets row `id`; its index before it went.
    pub fn remove(&mut self, list: List, id: RowId) -> Option<usize> {
        let ids = self.ids.get_mut(&list)?;
        let i = ids.iter().position(|x| *x == id)?;
        ids.remove(i);
        Some(i)
    }

    /// Forgets the row at index `i`.
    pub fn remove_at(&mut self, list: List, i: usize) {
        if let Some(ids) = self.ids.get_mut(&list) {
            if i < ids.len() {
                ids.remove(i);
            }
        }
    }

    /// Brings every list's ids to the length of the scenario's list, after an edit that did not
    /// name rows (a readiness answer, a list set as a whole): rows keep their ids by place, new
    /// rows at the end get fresh ones, rows gone from the end take theirs with them.
    pub fn reconcile(&mut self, s: &Scenario) {
        for list in List::ALL {
            let want = list.len(s);
            let mut ids = self.ids.remove(&list).unwrap_or_default();
            ids.truncate(want);
            while ids.len() < want {
                ids.push(self.fresh());
            }
            self.ids.insert(list, ids);
        }
    }

    fn fresh(&mut self) -> RowId {
        self.next += 1;
        self.next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::presets;

    #[test]
    fn every_row_has_an_id_of_its_own() {
        let s = presets::preset("default").unwrap();
        let rows = Rows::of(&s);
        let mut all: Vec<RowId> = Vec::new();
        for list in List::ALL {
            assert_eq!(rows.ids(list).len(), list.len(&s), "{list:?}");
            all.extend(rows.ids(list));
        }
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "ids are unique across lists");
        // A renewed set shares no id with the old one.
        let renewed = rows.renew(&s);
        for list in List::ALL {
            for id in renewed.ids(list) {
                assert!(!rows.ids(list).contains(id));
            }
        }
    }

    #[test]
    fn removing_a_row_keeps_the_others_ids() {
        let mut s = presets::preset("default").unwrap();
        let mut rows = Rows::of(&s);
        let before = rows.ids(List::Rules).to_vec();
        assert_eq!(rows.remove(List::Rules, before[2]), Some(2));
        s.scoring.rules.remove(2);
        rows.reconcile(&s);
        let after = rows.ids(List::Rules);
        assert_eq!(after[..2], before[..2]);
        assert_eq!(after[2..], before[3..]);
        let new = rows.push(List::Rules);
        assert!(!before.contains(&new), "ids are never reused");
    }
}
