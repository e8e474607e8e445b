//! What the page keeps in the browser's storage: the working scenario with its undo history,
//! and the scenarios the user saved by name.
//!
//! The formats are pure functions here, tested natively; [`web`] is the only code that touches
//! `localStorage`, and the app calls it in two places: once when it starts (read) and in one
//! effect after each change (write). Stored data that cannot be read is never dropped: the
//! reader sets it aside under a key of its own and says so.
//!
//! Scenarios are kept as JSON (not as link tokens): compressing the whole history at every
//! change would cost the main thread more than the storage it saves. Imported leads are never
//! stored, only the scenario that maps them.

use funnel_engine::Scenario;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where the working scenario lives.
pub const WORKING_KEY: &str = "funnel-lab.working";
/// Where the named scenarios live.
pub const SAVED_KEY: &str = "funnel-lab.saved";
/// The envelope format this version writes; it reads this one only.
pub const VERSION: u64 = 1;
/// Undo steps kept across a reload (the page keeps more while it is open).
pub const HISTORY_KEPT: usize = 30;
/// The most scenarios a user may save by name.
pub const SAVED_MAX: usize = 100;

/// A state the page can come back to: which preset it started from and the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    /// What the change away from this state did, in words ("remove rule “Mid-market”"); empty
    /// for the working state itself.
    pub what: String,
    pub preset: String,
    pub scenario: Scenario,
}

/// The working scenario and the undo and redo steps around it.
#[derive(Clone, Debug, PartialEq)]
pub struct Working {
    pub now: Kept,
    /// Oldest first, as the history keeps them.
    pub undo: Vec<Kept>,
    pub redo: Vec<Kept>,
}

/// A scenario the user saved under a name.
#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    pub name: String,
    pub scenario: Scenario,
}

#[derive(Serialize, Deserialize)]
struct KeptFile {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    what: String,
    preset: String,
    scenario: Value,
}

#[derive(Serialize, Deserialize)]
struct WorkingFile {
    version: u64,
    #[serde(flatten)]
    now: KeptFile,
    #[serde(default)]
    undo: Vec<KeptFile>,
    #[serde(default)]
    redo: Vec<KeptFile>,
}

#[derive(Serialize, Deserialize)]
struct NamedFile {
    name: String,
    scenario: Value,
}

#[derive(Serialize, Deserialize)]
struct SavedFile {
    version: u64,
    scenarios: Vec<NamedFile>,
}

/// The stored text of `working`, keeping the newest [`HISTORY_KEPT`] undo steps.
pub fn encode_working(working: &Working) -> String {
    let undo = &working.undo[working.undo.len().saturating_sub(HISTORY_KEPT)..];
    let redo = &working.redo[working.redo.len().saturating_sub(HISTORY_KEPT)..];
    let file = WorkingFile {
        version: VERSION,
        now: kept_file(&working.now),
        undo: undo.iter().map(kept_file).collect(),
        redo: redo.iter().map(kept_file).collect(),
    };
    serde_json::to_string(&file).expect("stored state always serializes")
}

/// Reads stored working state back. A damaged history step is dropped (with the ones before
/// it, which undo could no longer reach in order) and said in the notes; a damaged working
/// scenario makes the whole entry unreadable.
pub fn decode_working(text: &str) -> Result<(Working, Vec<String>), String> {
    let file: WorkingFile = envelope(text)?;
    let mut notes = Vec::new();
    let now = read_kept(file.now).map_err(|e| format!("its scenario cannot be used: {e}"))?;
    let undo = read_steps(file.undo, "older undo", &mut notes);
    let redo = read_steps(file.redo, "later redo", &mut notes);
    Ok((Working { now, undo, redo }, notes))
}

/// Reads history steps (oldest first) from the newest back: a damaged step is dropped with
/// the ones before it, which could no longer be reached in order, and said in `notes`.
fn read_steps(steps: Vec<KeptFile>, kind: &str, notes: &mut Vec<String>) -> Vec<Kept> {
    let mut kept = Vec::new();
    for (i, step) in steps.into_iter().enumerate().rev() {
        match read_kept(step) {
            Ok(k) => kept.push(k),
            Err(e) => {
                let (s, were) = if i == 0 { ("", "was") } else { ("s", "were") };
                notes.push(format!(
                    "{} {kind} step{s} could not be read ({e}) and {were} dropped",
                    i + 1
                ));
                break;
            }
        }
    }
    kept.reverse();
    kept
}

/// The stored text of the named scenarios.
pub fn encode_saved(saved: &[Named]) -> String {
    let file = SavedFile {
        version: VERSION,
        scenarios: saved
            .iter()
            .map(|n| NamedFile {
                name: n.name.clone(),
                scenario: scenario_value(&n.scenario),
            })
            .collect(),
    };
    serde_json::to_string(&file).expect("stored state always serializes")
}

/// Reads the named scenarios back; one that cannot be used any more is left out and named in
/// the notes.
pub fn decode_saved(text: &str) -> Result<(Vec<Named>, Vec<String>), String> {
    let file: SavedFile = envelope(text)?;
    let mut notes = Vec::new();
    let mut saved = Vec::new();
    for n in file.scenarios.into_iter().take(SAVED_MAX) {
        match load_value(n.scenario) {
            Ok(scenario) => saved.push(Named {
                name: n.name,
                scenario,
            }),
            Err(e) => notes.push(format!(
                "the saved scenario “{}” cannot be used: {e}",
                n.name
            )),
        }
    }
    Ok((saved, notes))
}

/// Parses an envelope, refusing one written by a newer version before reading its fields.
fn envelope<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("it is not valid JSON ({e})"))?;
    match value.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(v) if v > VERSION => {
            return Err(format!(
                "it was written by a newer Funnel Lab (storage format {v}; this version reads {VERSION})"
            ))
        }
        _ => return Err("it does not say its storage format".into()),
    }
    serde_json::from_value(value).map_err(|e| format!("it is not in the expected form ({e})"))
}

fn kept_file(k: &Kept) -> KeptFile {
    KeptFile {
        what: k.what.clone(),
        preset: k.preset.clone(),
        scenario: scenario_value(&k.scenario),
    }
}

fn scenario_value(s: &Scenario) -> Value {
    serde_json::to_value(s).expect("a scenario always serializes")
}

fn read_kept(k: KeptFile) -> Result<Kept, String> {
    Ok(Kept {
        what: k.what,
        preset: k.preset,
        scenario: load_value(k.scenario)?,
    })
}

/// A stored scenario goes through the same reader as a file, so an older one is migrated.
fn load_value(v: Value) -> Result<Scenario, String> {
    Scenario::load(&v.to_string())
        .map(|l| l.scenario)
        .map_err(|e| e.to_string())
}

/// The key a damaged entry is moved to, so that it is kept but no longer read.
pub fn set_aside_key(key: &str) -> String {
    format!("{key}.set-aside")
}

/// The browser's storage: read once at start, written after each change. Outside a browser (or
/// with storage turned off) reads find nothing and writes say why they failed.
pub mod web {
    use super::set_aside_key;

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// The text stored under `key`, if any.
    pub fn read(key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten()
    }

    /// Stores `text` under `key`, or says why it could not (storage full or turned off).
    pub fn write(key: &str, text: &str) -> Result<(), String> {
        let storage = storage().ok_or("the browser's storage is turned off for this page")?;
        storage.set_item(key, text).map_err(|_| {
            "the browser's storage for this page is full; export the scenario to a file to keep it"
                .to_string()
        })
    }

    /// Copies the text under `key` aside (where a later read does not look) and returns the
    /// key of the copy.
    pub fn copy_aside(key: &str, text: &str) -> String {
        let aside = set_aside_key(key);
        if let Some(s) = storage() {
            let _ = s.set_item(&aside, text);
        }
        aside
    }

    /// Moves the damaged text under `key` aside (keeping it) and returns the key it now has.
    pub fn set_aside(key: &str, text: &str) -> String {
        let aside = set_aside_key(key);
        if let Some(s) = storage() {
            if s.set_item(&aside, text).is_ok() {
                let _ = s.remove_item(key);
            }
        }
        aside
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::presets;
    use funnel_engine::scoring::Qualify;

    /// `text` with the JSON value at `path` (keys and indexes) replaced by `to`.
    fn with(text: &str, path: &[&str], to: Value) -> String {
        let mut v: Value = serde_json::from_str(text).unwrap();
        let mut at = &mut v;
        for k in path {
            at = match k.parse::<usize>() {
                Ok(i) => &mut at[i],
                Err(_) => &mut at[*k],
            };
        }
        *at = to;
        v.to_string()
    }

    fn kept(what: &str, preset: &str, threshold: f64) -> Kept {
        let mut scenario = presets::preset(preset).unwrap();
        scenario.scoring.qualify = Qualify::Score { threshold };
        Kept {
            what: what.into(),
            preset: preset.into(),
            scenario,
        }
    }

    #[test]
    fn working_state_round_trips_with_its_history() {
        let w = Working {
            now: kept("", "siloed", 61.0),
            undo: vec![kept("switch to Siloed teams", "default", 50.0)],
            redo: vec![kept("set the MQL threshold to 70", "siloed", 70.0)],
        };
        let (back, notes) = decode_working(&encode_working(&w)).unwrap();
        assert_eq!(back, w);
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn only_the_newest_steps_are_kept() {
        let undo: Vec<Kept> = (0..HISTORY_KEPT + 5)
            .map(|i| kept(&format!("step {i}"), "default", i as f64))
            .collect();
        let w = Working {
            now: kept("", "default", 99.0),
            undo: undo.clone(),
            redo: Vec::new(),
        };
        let (back, _) = decode_working(&encode_working(&w)).unwrap();
        assert_eq!(back.undo.len(), HISTORY_KEPT);
        assert_eq!(back.undo, undo[5..], "the oldest go first");
    }

    #[test]
    fn damage_is_named_and_newer_formats_are_refused() {
        let good = encode_working(&Working {
            now: kept("", "default", 50.0),
            undo: Vec::new(),
            redo: Vec::new(),
        });
        let cases = [
            ("{not json", "not valid JSON"),
            ("[1, 2]", "does not say its storage format"),
            (
                &good.replace("\"version\":1", "\"version\":7"),
                "newer Funnel Lab",
            ),
            (
                &good.replace("\"preset\"", "\"pre\""),
                "not in the expected form",
            ),
            (
                &with(&good, &["scenario", "trials"], Value::from(0)),
                "scenario cannot be used: scenario field trials",
            ),
        ];
        for (text, expected) in cases {
            let e = decode_working(text).unwrap_err();
            assert!(e.contains(expected), "{text:.60}: {e}");
        }
    }

    #[test]
    fn a_damaged_undo_step_drops_only_what_is_behind_it() {
        let w = Working {
            now: kept("", "default", 60.0),
            undo: vec![
                kept("a", "default", 10.0),
                kept("b", "default", 20.0),
                kept("c", "default", 30.0),
            ],
            redo: Vec::new(),
        };
        let text = with(
            &encode_working(&w),
            &["undo", "1", "scenario", "trials"],
            "x".into(),
        );
        let (back, notes) = decode_working(&text).unwrap();
        assert_eq!(
            back.undo,
            w.undo[2..],
            "the step after the damage is still reachable"
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].starts_with("2 older undo steps"), "{}", notes[0]);
    }

    #[test]
    fn saved_scenarios_round_trip_and_a_bad_one_is_named() {
        let saved = vec![
            Named {
                name: "Today".into(),
                scenario: presets::preset("default").unwrap(),
            },
            Named {
                name: "After the SLA".into(),
                scenario: presets::preset("aligned").unwrap(),
            },
        ];
        let text = encode_saved(&saved);
        let (back, notes) = decode_saved(&text).unwrap();
        assert_eq!(back, saved);
        assert!(notes.is_empty());

        let mut value: Value = serde_json::from_str(&text).unwrap();
        value["scenarios"][0]["scenario"]["trials"] = Value::from(0);
        let (back, notes) = decode_saved(&value.to_string()).unwrap();
        assert_eq!(back, saved[1..]);
        assert!(
            notes[0].contains("“Today”") && notes[0].contains("trials"),
            "{notes:?}"
        );
    }
}
