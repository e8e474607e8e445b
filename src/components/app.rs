//! The page: the store, the simulation worker, and the layout.

use std::rc::Rc;

use gloo_worker::Spawnable;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::editors::{MarketEditor, ProcessEditor, ScoringEditor};
use super::readiness::ReadinessChecklist;
use super::results::{
    Distributions, Explanations, FunnelPanel, Headlines, Outcomes, RunFooter, RunStatus,
    ScorePanel, SpeedPanel, Warnings,
};
use super::{use_store, Store};
use crate::state::{Action, AppState};
use crate::worker::{JsCodec, Request, Response, SimWorker};

/// Where Trunk puts the worker's script, next to the page.
const WORKER_PATH: &str = "./worker.js";

#[component]
pub fn App() -> Html {
    let store = use_reducer(AppState::default);

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
                    })
                })
                .spawn(WORKER_PATH)
        })
    };

    // Every accepted change of the scenario starts a run that supersedes the one in flight.
    {
        let bridge = bridge.clone();
        let scenario = store.scenario.clone();
        use_effect_with(store.revision, move |revision| {
            bridge.send(Request::Run {
                id: *revision,
                trials: scenario.trials,
                seed: scenario.seed,
                scenario: Box::new(scenario),
            });
        });
    }

    html! {
        <ContextProvider<Store> context={store}>
            <Page />
        </ContextProvider<Store>>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Scoring,
    Process,
    Market,
}

impl Tab {
    fn id(self) -> &'static str {
        match self {
            Tab::Scoring => "tab-scoring",
            Tab::Process => "tab-process",
            Tab::Market => "tab-market",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Tab::Scoring => "Scoring model",
            Tab::Process => "Process & SLAs",
            Tab::Market => "Market",
        }
    }
}

#[component]
fn Page() -> Html {
    let store = use_store();
    let tab = use_state(|| Tab::Scoring);
    const ALL: [Tab; 3] = [Tab::Scoring, Tab::Process, Tab::Market];
    let tabs = ALL.map(|t| {
        let selected = *tab == t;
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
                aria-selected={selected.to_string()} {onclick} {onkeydown}>{ t.label() }</button>
        }
    });
    html! {
        <>
            <header class="topbar">
                <div class="brand">
                    <h1>{ "Funnel Lab" }</h1>
                    <p class="tagline">{ &store.scenario.description }</p>
                </div>
                <PresetPicker />
                <RunStatus />
            </header>
            <Headlines />
            <Warnings />
            <main class="layout">
                <section class="results" aria-label="Projected results">
                    <FunnelPanel />
                    <Outcomes />
                    <SpeedPanel />
                    <ScorePanel />
                </section>
                <aside class="workbench" aria-label="Assumptions">
                    <ReadinessChecklist />
                    <div role="tablist" class="tabs" aria-label="Edit">{ for tabs }</div>
                    <div role="tabpanel" id="workbench-panel" class="tabpanel" aria-labelledby={tab.id()}>
                        {
                            match *tab {
                                Tab::Scoring => html! { <ScoringEditor /> },
                                Tab::Process => html! { <ProcessEditor /> },
                                Tab::Market => html! { <MarketEditor /> },
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
        </>
    }
}

#[component]
fn PresetPicker() -> Html {
    let store = use_store();
    let onchange = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            store.dispatch(Action::LoadPreset(select.value()));
        })
    };
    let options = funnel_engine::presets::NAMES.map(|name| {
        html! { <option value={name} selected={store.preset == name}>{ preset_label(name) }</option> }
    });
    html! {
        <div class="preset">
            <label for="preset">{ "Team" }</label>
            <select id="preset" data-testid="preset-select" {onchange}>{ for options }</select>
        </div>
    }
}

fn preset_label(name: &str) -> &'static str {
    match name {
        "default" => "Typical team",
        "siloed" => "Siloed teams",
        "aligned" => "Aligned teams",
        _ => "Custom",
    }
}
