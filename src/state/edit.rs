//! Edits as plain data: what changes, named by scenario path and row id, never by position.
//!
//! An [`Edit`] can be logged, serialized, replayed and compared; [`apply`] turns one into the
//! next scenario (validation is the reducer's). Values travel as the scenario file spells them
//! (`serde_json::Value`), so one edit type covers every field the file has, and an edit made on
//! the page is exactly an edit of the file.

use funnel_engine::readiness::{self, Check};
use funnel_engine::scoring::ScoringModel;
use funnel_engine::Scenario;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::rows::{List, RowId, Rows};

/// A place in the scenario: a field of the scenario (`scoring.qualify.threshold`), or a field of
/// one row of a list (`(Rules, 7)`, `points`). Fixed-size arrays keep their indices
/// (`scoring.grades.fit[1]`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct At {
    pub row: Option<(List, RowId)>,
    /// A dotted path, from the scenario or from the row; empty for the whole row.
    pub field: String,
}

impl At {
    pub fn field(path: impl Into<String>) -> At {
        At {
            row: None,
            field: path.into(),
        }
    }

    pub fn row(list: List, id: RowId, field: impl Into<String>) -> At {
        At {
            row: Some((list, id)),
            field: field.into(),
        }
    }

    /// The key a refusal is filed under and element ids are made from:
    /// `scoring.qualify.threshold`, `scoring.rules#7.points`.
    pub fn key(&self) -> String {
        match self.row {
            None => self.field.clone(),
            Some((list, id)) if self.field.is_empty() => format!("{}#{id}", list.path()),
            Some((list, id)) => format!("{}#{id}.{}", list.path(), self.field),
        }
    }
}

impl From<&str> for At {
    fn from(path: &str) -> At {
        At::field(path)
    }
}

impl From<String> for At {
    fn from(path: String) -> At {
        At::field(path)
    }
}

/// The key of everything filed under one row (its prefix), for forgetting a removed row's
/// messages.
pub fn row_key(list: List, id: RowId) -> String {
    format!("{}#{id}", list.path())
}

/// One change to the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Sets the value at a place (a number, a text, a whole condition).
    Set { at: At, value: Value },
    /// Appends a row to a list.
    Add { list: List, value: Value },
    /// Removes a row; removing a scoring rule also drops a cap no rule uses any more.
    Remove { list: List, id: RowId },
    /// Answers a readiness check, which sets the inputs it stands for.
    Answer { check: Check, pass: bool },
}

impl Edit {
    /// Shorthand for [`Edit::Set`] from any value the scenario file can hold.
    pub fn set(at: impl Into<At>, value: impl Serialize) -> Edit {
        Edit::Set {
            at: at.into(),
            value: serde_json::to_value(value).unwrap_or(Value::Null),
        }
    }

    pub fn add(list: List, value: impl Serialize) -> Edit {
        Edit::Add {
            list,
            value: serde_json::to_value(value).unwrap_or(Value::Null),
        }
    }

    /// Where a refusal of this edit is shown.
    pub fn key(&self) -> String {
        match self {
            Edit::Set { at, .. } => at.key(),
            Edit::Add { list, .. } | Edit::Remove { list, .. } => list.path().to_string(),
            Edit::Answer { check, .. } => format!("readiness.{}", check_name(*check)),
        }
    }
}

/// A check's name in the scenario file (`data_integration`).
pub fn check_name(check: Check) -> String {
    serde_json::to_value(check)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The scenario after `edit`, with its rows; `Ok(None)` when the edit names a row that is no
/// longer there (an answer to a field that was removed meanwhile) and so changes nothing.
/// The result is not validated: the reducer does that once for every kind of change.
pub fn apply(s: &Scenario, rows: &Rows, edit: &Edit) -> Result<Option<(Scenario, Rows)>, String> {
    let mut rows = rows.clone();
    let next = match edit {
        Edit::Answer { check, pass } => {
            let mut next = s.clone();
            readiness::answer(&mut next, *check, *pass);
            next
        }
        Edit::Set { at, value } => {
            let mut doc = to_doc(s)?;
            let base = match at.row {
                None => &mut doc,
                Some((list, id)) => {
                    let Some(i) = rows.index(list, id) else {
                        return Ok(None);
                    };
                    let items = list_mut(&mut doc, list)?;
                    let Some(item) = items.get_mut(i) else {
                        return Ok(None);
                    };
                    item
                }
            };
            set(base, &at.field, value.clone())?;
            from_doc(doc)?
        }
        Edit::Add { list, value } => {
            let mut doc = to_doc(s)?;
            list_mut(&mut doc, *list)?.push(value.clone());
            rows.push(*list);
            from_doc(doc)?
        }
        Edit::Remove { list, id } => {
            let Some(i) = rows.remove(*list, *id) else {
                return Ok(None);
            };
            let mut doc = to_doc(s)?;
            let items = list_mut(&mut doc, *list)?;
            if i < items.len() {
                items.remove(i);
            }
            let mut next = from_doc(doc)?;
            if *list == List::Rules {
                for k in orphan_caps(&next.scoring).into_iter().rev() {
                    next.scoring.caps.remove(k);
                    rows.remove_at(List::Caps, k);
                }
            }
            next
        }
    };
    rows.reconcile(&next);
    Ok(Some((next, rows)))
}

/// Caps whose group no rule belongs to any more, in order.
fn orphan_caps(model: &ScoringModel) -> Vec<usize> {
    (0..model.caps.len())
        .filter(|k| {
            let g = &model.caps[*k].group;
            !model.rules.iter().any(|r| r.group.as_ref() == Some(g))
        })
        .collect()
}

fn to_doc(s: &Scenario) -> Result<Value, String> {
    serde_json::to_value(s).map_err(|e| format!("the scenario could not be written: {e}"))
}

fn from_doc(doc: Value) -> Result<Scenario, String> {
    serde_json::from_value(doc).map_err(|e| format!("this value cannot be used here ({e})"))
}

/// The list's array in the file form; a list the file leaves out while empty (the examples)
/// is made.
fn list_mut(doc: &mut Value, list: List) -> Result<&mut Vec<Value>, String> {
    let mut node = doc;
    for key in list.path().split('.') {
        let missing = || format!("the scenario has no {}", list.path());
        node = node
            .as_object_mut()
            .ok_or_else(missing)?
            .entry(key)
            .or_insert_with(|| Value::Array(Vec::new()));
    }
    node.as_array_mut()
        .ok_or_else(|| format!("{} is not a list", list.path()))
}

/// One step of a dotted path: a key, or an index into a fixed array (`fit[1]`).
#[derive(Debug, PartialEq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Result<Vec<Step<'_>>, String> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or_else(|| format!("bad path {path:?}"))?;
            let i = r[..end]
                .parse()
                .map_err(|_| format!("bad index in {path:?}"))?;
            out.push(Step::Index(i));
            rest = &r[end + 1..];
        }
    }
    Ok(out)
}

/// Sets `value` at `path` under `node`; the last key may be new (an optional field the file
/// leaves out when empty).
fn set(node: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let steps = steps(path)?;
    let Some((last, init)) = steps.split_last() else {
        *node = value;
        return Ok(());
    };
    let mut node = node;
    for step in init {
        node = match step {
            Step::Key(k) => node.get_mut(*k),
            Step::Index(i) => node.get_mut(*i),
        }
        .ok_or_else(|| format!("the scenario has no {path}"))?;
    }
    match (last, node) {
        (Step::Key(k), Value::Object(map)) => {
            map.insert((*k).to_string(), value);
        }
        (Step::Index(i), Value::Array(items)) if *i < items.len() => items[*i] = value,
        _ => return Err(format!("the scenario has no {path}")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::conditions::{Condition, Literal};
    use funnel_engine::presets;

    fn default() -> (Scenario, Rows) {
        let s = presets::preset("default").unwrap();
        let rows = Rows::of(&s);
        (s, rows)
    }

    #[test]
    fn every_preset_survives_the_trip_through_its_file_form() {
        for name in presets::NAMES {
            let s = presets::preset(name).unwrap();
            assert_eq!(from_doc(to_doc(&s).unwrap()).unwrap(), s, "{name}");
        }
    }

    #[test]
    fn paths_split_into_keys_and_indices() {
        assert_eq!(
            steps("scoring.grades.fit[1]").unwrap(),
            [
                Step::Key("scoring"),
                Step::Key("grades"),
                Step::Key("fit"),
                Step::Index(1)
            ]
        );
        assert_eq!(steps("").unwrap(), []);
        assert!(steps("a[x]").is_err());
        assert!(steps("a[1").is_err());
    }

    #[test]
    fn a_row_edit_lands_on_its_row_wherever_it_moved() {
        let (s, rows) = default();
        let target = rows.ids(List::Rules)[4];
        let above = rows.ids(List::Rules)[2];
        let name = s.scoring.rules[4].name.clone();
        let (s, rows) = apply(
            &s,
            &rows,
            &Edit::Remove {
                list: List::Rules,
                id: above,
            },
        )
        .unwrap()
        .unwrap();
        let (s, _) = apply(
            &s,
            &rows,
            &Edit::set(At::row(List::Rules, target, "points"), 3.0),
        )
        .unwrap()
        .unwrap();
        let r = s.scoring.rules.iter().find(|r| r.name == name).unwrap();
        assert_eq!(r.points, 3.0);
        assert_eq!(
            s.scoring.rules.iter().filter(|r| r.points == 3.0).count(),
            1,
            "no other rule changed"
        );
    }

    #[test]
    fn an_edit_of_a_removed_row_changes_nothing() {
        let (s, rows) = default();
        let id = rows.ids(List::Reps)[0];
        let (s, rows) = apply(
            &s,
            &rows,
            &Edit::Remove {
                list: List::Reps,
                id,
            },
        )
        .unwrap()
        .unwrap();
        let edit = Edit::set(At::row(List::Reps, id, "touches_per_day"), 1.0);
        assert_eq!(apply(&s, &rows, &edit), Ok(None));
    }

    #[test]
    fn optional_fields_can_be_set_and_cleared() {
        let (s, rows) = default();
        let id = rows.ids(List::Rules)[0];
        let range = Condition::Range {
            min: Some(1.0),
            max: None,
        };
        let (s, rows) = apply(
            &s,
            &rows,
            &Edit::set(At::row(List::Rules, id, "when"), &range),
        )
        .unwrap()
        .unwrap();
        let (s, rows) = apply(
            &s,
            &rows,
            &Edit::set(At::row(List::Rules, id, "when.max"), 9.0),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            s.scoring.rules[0].when,
            Condition::Range {
                min: Some(1.0),
                max: Some(9.0)
            }
        );
        let none: Option<f64> = None;
        let (s, _) = apply(
            &s,
            &rows,
            &Edit::set(At::row(List::Rules, id, "when.min"), none),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            s.scoring.rules[0].when,
            Condition::Range {
                min: None,
                max: Some(9.0)
            }
        );
        let eq = Condition::Equals {
            value: Literal::Bool(true),
        };
        assert!(apply(
            &s,
            &Rows::of(&s),
            &Edit::set(At::row(List::Rules, id, "when"), eq)
        )
        .is_ok());
    }

    #[test]
    fn removing_the_last_rule_of_a_capped_group_drops_its_cap() {
        let (mut s, mut rows) = default();
        assert_eq!(s.scoring.caps.len(), 1);
        let group = s.scoring.caps[0].group.clone();
        while let Some(i) = s
            .scoring
            .rules
            .iter()
            .position(|r| r.group.as_ref() == Some(&group))
        {
            let id = rows.ids(List::Rules)[i];
            (s, rows) = apply(
                &s,
                &rows,
                &Edit::Remove {
                    list: List::Rules,
                    id,
                },
            )
            .unwrap()
            .unwrap();
        }
        assert!(s.scoring.caps.is_empty());
        assert!(rows.ids(List::Caps).is_empty());
        s.validate().unwrap();
    }

    #[test]
    fn an_example_can_be_added_to_a_scenario_without_any() {
        let (s, rows) = default();
        assert!(s.examples.is_empty());
        let sample = funnel_engine::scenario_sample(&s).unwrap();
        let ex = funnel_engine::examples::example_from_lead(
            &sample.table,
            3,
            "Lead 4",
            funnel_engine::examples::Expect::Mql,
        )
        .unwrap();
        let (s, rows) = apply(&s, &rows, &Edit::add(List::Examples, &ex))
            .unwrap()
            .unwrap();
        assert_eq!(s.examples, [ex]);
        assert_eq!(rows.ids(List::Examples).len(), 1);
        s.validate().unwrap();
    }

    #[test]
    fn edits_are_plain_data() {
        let edit = Edit::set(At::row(List::Rules, 7, "points"), 15.0);
        let text = serde_json::to_string(&edit).unwrap();
        assert_eq!(
            text,
            r#"{"op":"set","at":{"row":["rules",7],"field":"points"},"value":15.0}"#
        );
        assert_eq!(serde_json::from_str::<Edit>(&text).unwrap(), edit);
        assert_eq!(edit.key(), "scoring.rules#7.points");
        assert_eq!(At::field("process.reps").key(), "process.reps");
    }

    #[test]
    fn a_wrong_type_is_refused_with_a_message() {
        let (s, rows) = default();
        let err = apply(
            &s,
            &rows,
            &Edit::set("process.response_sla_minutes", "soon"),
        )
        .unwrap_err();
        assert!(err.contains("cannot be used"), "{err}");
        assert!(apply(&s, &rows, &Edit::set("process.no_such.thing", 1)).is_err());
    }
}
