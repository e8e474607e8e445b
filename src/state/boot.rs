//! The page's first state: what the browser's storage kept, then the link it was opened with.
//!
//! Pure, so that every way a start can go (nothing stored, damaged storage, an old link, a
//! broken one) is tested natively; the app reads storage and the address once and hands the
//! results here.

use funnel_engine::link::LinkError;
use funnel_engine::scenario::{LeadsSource, Loaded};
use funnel_engine::{presets, Scenario};

use super::{preset_label, AppState, History, Rows, Snapshot};
use crate::persist::{Kept, Named, Working};

/// What one storage entry held.
pub enum Stored<T> {
    /// Nothing was stored (a first visit, or storage turned off).
    Nothing,
    /// Read, with what could not be kept of it, one sentence each.
    Read(T, Vec<String>),
    /// Unreadable: why, and the key the text was moved to.
    Damaged { error: String, aside: String },
}

/// Everything the page starts from.
pub struct Boot {
    pub working: Stored<Working>,
    pub saved: Stored<Vec<Named>>,
    /// The scenario in the address's fragment, if it has one.
    pub link: Option<Result<Loaded, LinkError>>,
}

impl AppState {
    pub fn boot(boot: Boot) -> AppState {
        let mut state = AppState::default();
        let mut made_with_import = None;

        match boot.working {
            Stored::Nothing => {}
            Stored::Read(working, notes) => {
                let (now, imported) = without_import(working.now);
                if imported {
                    made_with_import = Some(now.scenario.name.clone());
                }
                let mut rows = Rows::of(&now.scenario);
                let mut steps = |list: Vec<Kept>| -> Vec<(Snapshot, String)> {
                    list.into_iter()
                        .map(|k| {
                            let (k, _) = without_import(k);
                            rows = rows.renew(&k.scenario);
                            let snap = Snapshot {
                                rows: rows.clone(),
                                scenario: k.scenario,
                                preset: k.preset,
                                results: None,
                            };
                            (snap, k.what)
                        })
                        .collect()
                };
                let past = steps(working.undo);
                let future = steps(working.redo);
                let restored = !past.is_empty() || !future.is_empty();
                state.history = History::from_steps(past, future);
                state.rows = rows.renew(&now.scenario);
                state.scenario = now.scenario;
                state.preset = now.preset;
                if restored || state.edited() {
                    state.notify(
                        "Your last work in this browser was restored; Undo steps back through \
                         its changes."
                            .into(),
                        false,
                    );
                }
                for note in notes {
                    state.notify(format!("Of your autosaved work, {note}."), true);
                }
            }
            Stored::Damaged { error, aside } => state.notify(
                format!(
                    "Your autosaved work could not be read: {error}. It is kept in this \
                     browser's storage under “{aside}”; the page starts from “{}”.",
                    preset_label(&state.preset)
                ),
                true,
            ),
        }

        match boot.saved {
            Stored::Nothing => {}
            Stored::Read(saved, notes) => {
                state.saved = saved;
                for note in notes {
                    state.notify(format!("Of your saved scenarios, {note}."), true);
                }
            }
            Stored::Damaged { error, aside } => state.notify(
                format!(
                    "Your saved scenarios could not be read: {error}. They are kept in this \
                     browser's storage under “{aside}”."
                ),
                true,
            ),
        }

        match boot.link {
            None => {}
            Some(Ok(loaded)) => {
                let had_work = state.edited() || state.history.undo_label().is_some();
                let preset = preset_named_like(&loaded.scenario).unwrap_or(&state.preset);
                let (kept, imported) = without_import(Kept {
                    what: String::new(),
                    preset: preset.to_string(),
                    scenario: loaded.scenario,
                });
                made_with_import = imported.then(|| kept.scenario.name.clone());
                let what = format!("open the shared link “{}”", kept.scenario.name);
                if kept.scenario != state.scenario {
                    let rows = state.rows.renew(&kept.scenario);
                    state.accept(kept.scenario, rows, what, None);
                    state.preset = kept.preset;
                    // The first run of a new page is a start, not a change to compare with.
                    state.last_change = None;
                }
                if had_work {
                    state.notify(
                        "The page opened the scenario in the link; Undo goes back to your own \
                         work."
                            .into(),
                        false,
                    );
                }
                for note in loaded.notes {
                    state.notify(
                        format!("The link was made by an older Funnel Lab and brought up to date: {note}."),
                        false,
                    );
                }
            }
            Some(Err(e)) => {
                let instead = if state.edited() || state.history.undo_label().is_some() {
                    "your last work".to_string()
                } else {
                    format!("“{}”", preset_label(&state.preset))
                };
                state.notify(
                    format!("The link could not be opened: {e}. The page shows {instead} instead."),
                    true,
                );
            }
        }

        if let Some(name) = made_with_import {
            state.notify(
                format!(
                    "“{name}” was made with an imported CRM export, which is never stored or \
                     shared: it runs on generated sample leads until you import the file again \
                     on the Your leads tab (its column mapping is kept)."
                ),
                false,
            );
        }
        state
    }
}

impl AppState {
    /// An embedded view's state: `scenario` as given, no history, and `notices` to show (a
    /// link that could not be opened). Nothing of it is stored.
    pub fn embedded(scenario: Scenario, notices: Vec<String>) -> AppState {
        let mut state = AppState::default();
        let preset = preset_named_like(&scenario).unwrap_or("default");
        let (kept, imported) = without_import(Kept {
            what: String::new(),
            preset: preset.to_string(),
            scenario,
        });
        state.rows = state.rows.renew(&kept.scenario);
        state.scenario = kept.scenario;
        state.preset = kept.preset;
        for n in notices {
            state.notify(n, true);
        }
        if imported {
            state.notify(
                "This scenario was made with an imported CRM export, which is never shared: \
                 it runs on generated sample leads."
                    .into(),
                false,
            );
        }
        state
    }
}

/// A kept state whose leads were an import the page no longer has runs on its preset's
/// generated sample instead; the mapping stays, for when the file is imported again.
fn without_import(mut k: Kept) -> (Kept, bool) {
    if !matches!(k.scenario.leads, LeadsSource::Imported { .. }) {
        return (k, false);
    }
    let generated = presets::preset(&k.preset)
        .or_else(|| presets::preset("default"))
        .expect("the default preset exists")
        .leads;
    k.scenario.leads = generated;
    (k, true)
}

/// The preset a shared scenario started from, when its name says so.
fn preset_named_like(s: &Scenario) -> Option<&'static str> {
    presets::NAMES
        .iter()
        .copied()
        .find(|n| presets::preset(n).is_some_and(|p| p.name == s.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::{decode_working, encode_working};
    use crate::state::Action;
    use funnel_engine::scoring::Qualify;
    use std::rc::Rc;
    use yew::Reducible;

    fn threshold(s: &Scenario) -> f64 {
        match s.scoring.qualify {
            Qualify::Score { threshold } => threshold,
            Qualify::Grid { .. } => f64::NAN,
        }
    }

    fn kept(what: &str, threshold: f64) -> Kept {
        let mut scenario = presets::preset("default").unwrap();
        scenario.scoring.qualify = Qualify::Score { threshold };
        Kept {
            what: what.into(),
            preset: "default".into(),
            scenario,
        }
    }

    fn nothing() -> Boot {
        Boot {
            working: Stored::Nothing,
            saved: Stored::Nothing,
            link: None,
        }
    }

    #[test]
    fn a_first_visit_is_the_default_with_nothing_to_say() {
        let s = AppState::boot(nothing());
        assert!(s.scenario == AppState::default().scenario);
        assert!(s.notices.is_empty());
        assert!(s.history.undo_label().is_none());
    }

    #[test]
    fn stored_work_comes_back_with_its_undo_steps() {
        let working = Working {
            now: kept("", 64.0),
            undo: vec![kept("change the MQL threshold", 50.0)],
            redo: vec![kept("change the MQL threshold", 70.0)],
        };
        let (read, notes) = decode_working(&encode_working(&working)).unwrap();
        let s = AppState::boot(Boot {
            working: Stored::Read(read, notes),
            ..nothing()
        });
        assert_eq!(threshold(&s.scenario), 64.0);
        assert_eq!(
            s.working(),
            working,
            "what is stored again is what was read"
        );
        assert_eq!(s.notices.len(), 1);
        assert!(!s.notices[0].problem);

        let undone = Rc::new(s).reduce(Action::Undo);
        assert_eq!(threshold(&undone.scenario), 50.0);
        let redone = undone.reduce(Action::Redo).reduce(Action::Redo);
        assert_eq!(threshold(&redone.scenario), 70.0);
    }

    #[test]
    fn damaged_storage_is_named_and_the_page_starts_clean() {
        let s = AppState::boot(Boot {
            working: Stored::Damaged {
                error: "it is not valid JSON (EOF at line 1 column 3)".into(),
                aside: "funnel-lab.working.set-aside".into(),
            },
            saved: Stored::Read(
                Vec::new(),
                vec!["the saved scenario “Q3” cannot be used: x".into()],
            ),
            link: None,
        });
        assert!(s.scenario == AppState::default().scenario);
        assert_eq!(s.notices.len(), 2);
        assert!(s.notices.iter().all(|n| n.problem));
        assert!(
            s.notices[0].text.contains("funnel-lab.working.set-aside"),
            "{}",
            s.notices[0].text
        );
        assert!(s.notices[1].text.contains("“Q3”"));
    }

    #[test]
    fn a_link_opens_over_stored_work_and_undo_returns_to_it() {
        let mut shared = presets::preset("aligned").unwrap();
        shared.process.response_sla_minutes = 120.0;
        let s = AppState::boot(Boot {
            working: Stored::Read(
                Working {
                    now: kept("", 61.0),
                    undo: Vec::new(),
                    redo: Vec::new(),
                },
                Vec::new(),
            ),
            saved: Stored::Nothing,
            link: Some(Ok(Loaded {
                scenario: shared.clone(),
                notes: vec!["the response SLA moved to process.sla_hours".into()],
            })),
        });
        assert!(s.scenario == shared);
        assert_eq!(s.preset, "aligned");
        assert!(s.notices.iter().any(|n| n.text.contains("Undo goes back")));
        assert!(s
            .notices
            .iter()
            .any(|n| n.text.contains("older Funnel Lab")));
        let back = Rc::new(s).reduce(Action::Undo);
        assert_eq!(threshold(&back.scenario), 61.0);
    }

    #[test]
    fn a_broken_link_says_why_and_keeps_what_was_there() {
        let s = AppState::boot(Boot {
            link: Some(Err(LinkError::Empty)),
            ..nothing()
        });
        assert!(s.scenario == AppState::default().scenario);
        assert_eq!(s.notices.len(), 1);
        let text = &s.notices[0].text;
        assert!(s.notices[0].problem);
        assert!(
            text.starts_with("The link could not be opened: the link holds no scenario"),
            "{text}"
        );
        assert!(text.ends_with("shows “Typical team” instead."), "{text}");
    }

    #[test]
    fn an_imported_scenario_comes_back_on_generated_leads_with_its_mapping() {
        let mut k = kept("", 55.0);
        k.scenario.leads = LeadsSource::Imported {
            arrival_column: Some("Created".into()),
        };
        k.scenario
            .mapping
            .fields
            .push(funnel_engine::mapping::FieldMap {
                field: "industry".into(),
                column: "Sector".into(),
                values: Vec::new(),
                otherwise: None,
            });
        let s = AppState::boot(Boot {
            working: Stored::Read(
                Working {
                    now: k.clone(),
                    undo: vec![k.clone()],
                    redo: Vec::new(),
                },
                Vec::new(),
            ),
            ..nothing()
        });
        assert!(matches!(s.scenario.leads, LeadsSource::Generated(_)));
        assert_eq!(s.scenario.mapping, k.scenario.mapping);
        assert!(s.scenario.validate().is_ok());
        assert!(s
            .notices
            .iter()
            .any(|n| n.text.contains("import the file again")));
        let (before, _) = s.history.past().next().unwrap();
        assert!(matches!(before.scenario.leads, LeadsSource::Generated(_)));
    }
}
