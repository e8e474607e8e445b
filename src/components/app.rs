//! The page: the store, the simulation worker, and the layout.

use std::rc::Rc;

use gloo_worker::Spawnable;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::boot;
use super::editors::{MarketEditor, ProcessEditor, ScoringEditor};
use super::embed::{controls_in_fragment, Embed, EmbedProps, CONTROLS};
use super::instruments::{
    sweep_thresholds, ExamplesPanel, Instruments, CHECKLIST_TRIALS, SENSITIVITY_TRIALS,
    SWEEP_TRIALS,
};
use super::preset::PresetPicker;
use super::readiness::ReadinessChecklist;
use super::results::{
    Distributions, Explanations, FunnelPanel, Headlines, Outcomes, RunFooter, ScorePanel,
    SpeedPanel, Warnings,
};
use super::share::{Notices, PrintSummary, SharePanel};
use super::summary::{SummaryBar, Takeaway};
use super::{use_store, Store};
use crate::state::{preset_label, Action};
use crate::worker::{JsCodec, Request, Response, SimWorker, Tool};

/// Where Trunk puts the worker's script, next to the page.
const WORKER_PATH: &str = "./worker.js";

thread_local! {
    /// The folder Funnel Lab's files are in, when the page that runs it is elsewhere (a docs
    /// page using the JavaScript API); empty for the app's own page.
    static BASE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Makes workers load from `base` (a URL or path of the folder with `worker.js`).
pub fn set_base(base: &str) {
    BASE.with(|b| *b.borrow_mut() = base.to_string());
}

/// The worker script's address: next to the page, or in the folder [`set_base`] gave.
pub fn worker_url() -> String {
    BASE.with(|b| {
        let base = b.borrow();
        if base.is_empty() {
            WORKER_PATH.to_string()
        } else {
            format!("{}/worker.js", base.trim_end_matches('/'))
        }
    })
}

/// Renders what the page's address asks for into `root`: the embedded view (`?embed`) or the
/// full app.
pub fn render_page(root: web_sys::Element) {
    if !boot::embedded() {
        yew::Renderer::<App>::with_root(root).render();
        return;
    }
    let fragment = boot::fragment().unwrap_or_default();
    let (controls, unknown) = controls_in_fragment(&fragment);
    let names: Vec<&str> = CONTROLS.iter().map(|c| c.name()).collect();
    let mut notices: Vec<String> = unknown
        .iter()
        .map(|u| {
            format!(
                "“{u}” is not a control of the embedded view (it has {}).",
                names.join(", ")
            )
        })
        .collect();
    let default = || funnel_engine::presets::preset("default").expect("the default preset exists");
    let scenario = match funnel_engine::link::token_in(&fragment).map(funnel_engine::link::decode) {
        Some(Ok(loaded)) => loaded.scenario,
        Some(Err(e)) => {
            notices.push(format!(
                "The embedded scenario could not be opened: {e}. This shows the typical team instead."
            ));
            default()
        }
        None => default(),
    };
    let props = EmbedProps {
        scenario: Rc::new(scenario),
        controls,
        notices,
        app_url: boot::page_address().into(),
    };
    yew::Renderer::<Embed>::with_root_and_props(root, props).render();
}

#[component]
pub fn App() -> Html {
    let store = use_reducer(boot::start);
    use_engine(&store);
    boot::use_autosave(&store);
    use_shortcuts(&store);
    html! {
        <ContextProvider<Store> context={store}>
            <Page />
        </ContextProvider<Store>>
    }
}

/// The worker and every request the state asks of it: a run per revision, the instruments,
/// imports, fits and exports. Shared by the full page and the embedded view.
#[hook]
pub fn use_engine(store: &Store) {
    let store = store.clone();
    // One worker for the page's life; its answers go straight to the reducer, which drops
    // answers to superseded revisions.
    let bridge = {
        let dispatcher = store.dispatcher();
        use_memo((), move |_| {
            SimWorker::spawner()
                .encoding::<JsCodec>()
                .as_module(false)
                .callback(move |response| {
                    dispatcher.dispatch(match response {
                        Response::Progress { id, done, total } => {
                            Action::Progress { id, done, total }
                        }
                        Response::Preview { id, results } => Action::Preview {
                            id,
                            results: Rc::new(*results),
                        },
                        Response::Done { id, results } => Action::Done {
                            id,
                            results: Rc::new(*results),
                        },
                        Response::Failed { id, message } => Action::Failed { id, message },
                        Response::ToolProgress {
                            tool,
                            id,
                            done,
                            total,
                        } => Action::ToolProgress {
                            tool,
                            id,
                            done,
                            total,
                        },
                        Response::ToolFailed { tool, id, message } => {
                            Action::ToolFailed { tool, id, message }
                        }
                        Response::SweepDone { id, sweep } => Action::SweepDone {
                            id,
                            sweep: Rc::new(*sweep),
                        },
                        Response::CompareDone { id, result } => Action::CompareDone {
                            id,
                            comparison: Rc::new(*result),
                        },
                        Response::SensitivityDone { id, sensitivity } => Action::SensitivityDone {
                            id,
                            sensitivity: Rc::new(*sensitivity),
                        },
                        Response::Inspected { id, lead } => Action::Inspected {
                            id,
                            lead: lead.map(|l| Rc::new(*l)),
                        },
                        Response::ChecklistDone { id, worth } => Action::ChecklistDone {
                            id,
                            worth: Rc::new(worth),
                        },
                        Response::ImportProgress { id, stage } => {
                            Action::ImportProgress { id, stage }
                        }
                        Response::Imported { id, view } => Action::Imported {
                            id,
                            view: Rc::new(*view),
                        },
                        Response::ImportFailed { id, message } => {
                            Action::ImportFailed { id, message }
                        }
                        Response::Fitted { id, fit } => Action::Fitted {
                            id,
                            fit: Rc::new(*fit),
                        },
                        Response::Exported { id, result } => Action::Exported {
                            id,
                            result: result.map(Rc::new),
                        },
                    })
                })
                .spawn(&worker_url())
        })
    };

    // Every accepted change of the scenario starts a run that supersedes the one in flight.
    {
        let bridge = bridge.clone();
        let scenario = store.scenario.clone();
        // An undo that brought back its results needs no run.
        let wanted = store.wants_run();
        use_effect_with(store.revision, move |revision| {
            if !wanted {
                return;
            }
            bridge.send(Request::Run {
                id: *revision,
                trials: scenario.trials,
                seed: scenario.seed,
                scenario: Box::new(scenario),
            });
        });
    }

    // The instruments run when asked, on the scenario of that moment.
    {
        let bridge = bridge.clone();
        let scenario = store.scenario.clone();
        use_effect_with(store.sweep.id, move |id| {
            if *id > 0 {
                bridge.send(Request::Sweep {
                    id: *id,
                    thresholds: sweep_thresholds(&scenario.scoring),
                    trials: SWEEP_TRIALS,
                    seed: scenario.seed,
                    scenario: Box::new(scenario),
                });
            }
        });
    }
    {
        let bridge = bridge.clone();
        let scenario = store.scenario.clone();
        let baseline = store.baseline.clone();
        use_effect_with(store.comparison.id, move |id| {
            if let (true, Some(b)) = (*id > 0, baseline) {
                bridge.send(Request::Compare {
                    id: *id,
                    trials: scenario.trials,
                    seed: scenario.seed,
                    baseline: Box::new(b.scenario),
                    scenario: Box::new(scenario),
                });
            }
        });
    }

    // A chosen export goes to the worker once; the worker keeps it.
    {
        let bridge = bridge.clone();
        let pending = store.import.pending.clone();
        let arrival_column = match &store.scenario.leads {
            funnel_engine::scenario::LeadsSource::Imported { arrival_column } => {
                arrival_column.clone()
            }
            funnel_engine::scenario::LeadsSource::Generated(_) => None,
        };
        use_effect_with(store.import.id, move |id| {
            if let (true, Some(file)) = (*id > 0, pending) {
                bridge.send(Request::Import {
                    id: *id,
                    name: file.name.clone(),
                    file: file.file.clone(),
                    arrival_column,
                });
            }
        });
    }
    {
        let bridge = bridge.clone();
        let scenario = store.scenario.clone();
        use_effect_with(store.fit.id, move |id| {
            if *id > 0 {
                bridge.send(Request::Fit {
                    id: *id,
                    scenario: Box::new(scenario),
                });
            }
        });
    }

    // A file asked for is written by the worker, then saved by the browser once it arrives.
    {
        let bridge = bridge.clone();
        let scenario = store.scenario.clone();
        let kind = store.export_kind;
        use_effect_with(store.export.id, move |id| {
            if let (true, Some(kind)) = (*id > 0, kind) {
                bridge.send(Request::Export {
                    id: *id,
                    kind,
                    scenario: Box::new(scenario),
                });
            }
        });
    }
    {
        let file = store.export.result.clone();
        use_effect_with(file.as_ref().map(|f| Rc::as_ptr(f) as usize), move |_| {
            if let Some(f) = file {
                crate::download::save(&f.filename, &f.mime, &f.text);
            }
        });
    }

    // The inspector answers its query for the scenario on screen, and again after each edit.
    {
        let bridge = bridge.clone();
        let scenario = store.scenario.clone();
        let query = store.inspect_query.clone();
        let revision = store.revision;
        use_effect_with((store.inspect.id, revision), move |(id, _)| {
            if *id > 0 {
                bridge.send(Request::Inspect {
                    id: *id,
                    query,
                    scenario: Box::new(scenario),
                });
            }
        });
    }
    use_batch(
        bridge.clone(),
        Tool::Sensitivity,
        store.sensitivity.id,
        SENSITIVITY_TRIALS,
        &store.scenario,
    );
    use_batch(
        bridge.clone(),
        Tool::Checklist,
        store.checklist.id,
        CHECKLIST_TRIALS,
        &store.scenario,
    );
}

/// Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) anywhere on the page: undo and redo. A field being
/// typed into is left first, so that it shows the restored value, and focused again after.
#[hook]
fn use_shortcuts(store: &Store) {
    {
        let dispatcher = store.dispatcher();
        use_effect_with((), move |_| {
            let listener = wasm_bindgen::closure::Closure::<dyn Fn(KeyboardEvent)>::new(
                move |e: KeyboardEvent| {
                    let Some(action) =
                        shortcut(&e.key(), e.ctrl_key() || e.meta_key(), e.shift_key())
                    else {
                        return;
                    };
                    e.prevent_default();
                    let focused = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.active_element())
                        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
                    if let Some(el) = &focused {
                        let _ = el.blur();
                    }
                    dispatcher.dispatch(action);
                    if let Some(el) = focused {
                        gloo_timers::callback::Timeout::new(0, move || {
                            let _ = el.focus();
                        })
                        .forget();
                    }
                },
            );
            let document = web_sys::window().and_then(|w| w.document());
            if let Some(d) = &document {
                let _ = d
                    .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(d) = document {
                    let _ = d.remove_event_listener_with_callback(
                        "keydown",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
}

/// Sends a batch of variants of `scenario` to the worker whenever `id` moves on.
#[hook]
fn use_batch(
    bridge: std::rc::Rc<gloo_worker::WorkerBridge<SimWorker>>,
    tool: Tool,
    id: u64,
    trials: u32,
    scenario: &funnel_engine::Scenario,
) {
    let scenario = scenario.clone();
    use_effect_with(id, move |id| {
        if *id > 0 {
            bridge.send(Request::Batch {
                tool,
                id: *id,
                trials,
                seed: scenario.seed,
                scenario: Box::new(scenario),
            });
        }
    });
}

/// The action a key press stands for: Ctrl/⌘+Z undoes, with Shift (or Ctrl+Y) redoes.
pub fn shortcut(key: &str, command: bool, shift: bool) -> Option<Action> {
    if !command {
        return None;
    }
    match (key, shift) {
        ("z" | "Z", false) => Some(Action::Undo),
        ("z" | "Z", true) | ("y" | "Y", false) => Some(Action::Redo),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Scoring,
    Process,
    Market,
    Leads,
}

impl Tab {
    fn id(self) -> &'static str {
        match self {
            Tab::Scoring => "tab-scoring",
            Tab::Process => "tab-process",
            Tab::Market => "tab-market",
            Tab::Leads => "tab-leads",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Scoring => "Scoring model",
            Tab::Process => "Process & SLAs",
            Tab::Market => "Market",
            Tab::Leads => "Your leads",
        }
    }

    /// The parts of the scenario the tab edits, as key prefixes of refused values.
    fn holds(self, key: &str) -> bool {
        match self {
            Tab::Scoring => key.starts_with("scoring."),
            Tab::Process => key.starts_with("process."),
            Tab::Market => ["market.", "horizon.", "costs."]
                .iter()
                .any(|p| key.starts_with(p)),
            Tab::Leads => key.starts_with("mapping.") || key == "import",
        }
    }
}

#[component]
fn Page() -> Html {
    let store = use_store();
    let tab = use_state(|| Tab::Scoring);
    const ALL: [Tab; 4] = [Tab::Scoring, Tab::Process, Tab::Market, Tab::Leads];
    // The preset's own description is true only until the first edit.
    let tagline = if store.edited() {
        format!(
            "Started from “{}” and edited: see what it sets now beside the team picker.",
            preset_label(&store.preset)
        )
    } else {
        store.scenario.description.clone()
    };
    let tabs = ALL.map(|t| {
        let selected = *tab == t;
        let refused = store.field_errors.keys().filter(|k| t.holds(k)).count();
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_| tab.set(t))
        };
        // The tabs pattern: one tab in the focus order, arrow keys move between tabs.
        let onkeydown = {
            let tab = tab.clone();
            Callback::from(move |e: KeyboardEvent| {
                let i = ALL.iter().position(|x| *x == t).unwrap_or(0);
                let next = match e.key().as_str() {
                    "ArrowRight" => ALL[(i + 1) % ALL.len()],
                    "ArrowLeft" => ALL[(i + ALL.len() - 1) % ALL.len()],
                    "Home" => ALL[0],
                    "End" => ALL[ALL.len() - 1],
                    _ => return,
                };
                e.prevent_default();
                tab.set(next);
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(next.id()))
                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = el.focus();
                }
            })
        };
        html! {
            <button role="tab" id={t.id()} aria-controls="workbench-panel"
                class={classes!("tab", selected.then_some("selected"))}
                tabindex={if selected { "0" } else { "-1" }}
                aria-selected={selected.to_string()} {onclick} {onkeydown}>
                { t.label() }
                if refused > 0 {
                    <span class="tab-badge" data-testid="tab-refused"
                        title="A value on this tab was not applied">
                        <span aria-hidden="true">{ "!" }</span>
                        <span class="sr-only">{ format!(" ({refused} value not applied)") }</span>
                    </span>
                }
            </button>
        }
    });
    html! {
        <>
            <nav class="skip-links" aria-label="Skip to">
                <a class="skip-link" href="#results">{ "Skip to the results" }</a>
                <a class="skip-link" href="#workbench">{ "Skip to the assumptions" }</a>
            </nav>
            <header class="topbar">
                <div class="brand">
                    <h1>{ "Funnel Lab" }</h1>
                    <p class="tagline" data-testid="tagline">{ tagline }</p>
                </div>
                <div class="topbar-side">
                    <PresetPicker />
                    <SharePanel />
                </div>
            </header>
            <Notices />
            <SummaryBar />
            <Takeaway />
            <Headlines />
            <Warnings />
            <main class="layout">
                <section class="results" id="results" tabindex="-1" aria-label="Projected results">
                    <FunnelPanel />
                    <super::backtest::BacktestPanel />
                    <Instruments />
                    <ExamplesPanel />
                    <Outcomes />
                    <SpeedPanel />
                    <ScorePanel />
                    <super::exports::ExportPanel />
                </section>
                <aside class="workbench" id="workbench" tabindex="-1" aria-label="Assumptions">
                    <ReadinessChecklist />
                    <div role="tablist" class="tabs" aria-label="Edit">{ for tabs }</div>
                    <div role="tabpanel" id="workbench-panel" class="tabpanel" aria-labelledby={tab.id()}>
                        {
                            match *tab {
                                Tab::Scoring => html! { <ScoringEditor /> },
                                Tab::Process => html! { <ProcessEditor /> },
                                Tab::Market => html! { <MarketEditor /> },
                                Tab::Leads => html! { <super::import::ImportPanel /> },
                            }
                        }
                    </div>
                </aside>
            </main>
            <div class="wide">
                <Distributions />
                <Explanations />
            </div>
            <RunFooter />
            <PrintSummary />
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_undo_and_redo() {
        assert!(matches!(shortcut("z", true, false), Some(Action::Undo)));
        assert!(matches!(shortcut("Z", true, true), Some(Action::Redo)));
        assert!(matches!(shortcut("y", true, false), Some(Action::Redo)));
        assert!(shortcut("z", false, false).is_none(), "a plain z is typing");
        assert!(shortcut("x", true, false).is_none());
    }
}
