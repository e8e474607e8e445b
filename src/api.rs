//! The JavaScript API a docs page uses: `simulate(scenario, options)` answers a promise of the
//! report (the same as `funnel-lab simulate` prints), and `mount(element, scenario, options)`
//! shows the embedded view in an element. The entry point (`src/bin/app.rs`) exports them; the
//! reading of their arguments is here, plain and tested.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use funnel_engine::scenario::{Loaded, MAX_TRIALS};
use funnel_engine::{link, presets, Report, Scenario};
use gloo_worker::{Spawnable, WorkerBridge};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::components::embed::{parse_controls, Control, CONTROLS};
use crate::worker::{JsCodec, Request, Response, SimWorker};

/// A scenario as a docs page may give it: a preset's name, a share link (or its token), or a
/// scenario file's JSON. A JavaScript object arrives here as its JSON.
pub fn read_scenario(text: &str) -> Result<Loaded, String> {
    let text = text.trim();
    if let Some(s) = presets::preset(text) {
        return Ok(Loaded {
            scenario: s,
            notes: Vec::new(),
        });
    }
    if text.starts_with('{') {
        return Scenario::load(text).map_err(|e| e.to_string());
    }
    let token = if text.contains('#') || text.contains("scenario=") {
        link::token_in(text).ok_or("the link has no scenario in it (no \"#scenario=\")")?
    } else if text.starts_with('z') {
        text
    } else {
        return Err(format!(
            "“{}” is not a preset ({}), a share link or scenario JSON",
            text.chars().take(40).collect::<String>(),
            presets::NAMES.join(", ")
        ));
    };
    link::decode(token).map_err(|e| e.to_string())
}

/// What a call may set; every field may be left out.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Options {
    /// Simulated runs; the scenario's own number when left out.
    pub trials: Option<f64>,
    pub seed: Option<f64>,
    /// `mount` only: the controls readers may move (`["threshold", "sla"]`).
    #[serde(default)]
    pub controls: Vec<String>,
    /// The folder with Funnel Lab's files (`worker.js`), when the page is elsewhere.
    pub base: Option<String>,
}

/// Options read and checked: the run's trials and seed.
#[derive(Debug, PartialEq)]
pub struct Run {
    pub trials: u32,
    pub seed: u64,
}

impl Options {
    pub fn run(&self, s: &Scenario) -> Result<Run, String> {
        let trials = match self.trials {
            None => s.trials,
            Some(t) if t.fract() == 0.0 && (1.0..=MAX_TRIALS as f64).contains(&t) => t as u32,
            Some(t) => {
                return Err(format!(
                    "options.trials is {t}; it must be a whole number from 1 to {MAX_TRIALS}"
                ))
            }
        };
        let seed = match self.seed {
            None => s.seed,
            Some(x) if x.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&x) => x as u64,
            Some(x) => {
                return Err(format!(
                    "options.seed is {x}; it must be a whole number from 0 to 2^53 − 1"
                ))
            }
        };
        Ok(Run { trials, seed })
    }

    pub fn controls(&self) -> Result<Vec<Control>, String> {
        let (controls, unknown) = parse_controls(&self.controls.join(","));
        match unknown.first() {
            None => Ok(controls),
            Some(u) => Err(format!(
                "options.controls names “{u}”; the controls are {}",
                CONTROLS.map(|c| c.name()).join(", ")
            )),
        }
    }
}

/// Reads a call's scenario argument: a string as [`read_scenario`] takes it, or an object.
pub fn scenario_arg(value: &JsValue) -> Result<Loaded, String> {
    if let Some(text) = value.as_string() {
        return read_scenario(&text);
    }
    if value.is_object() {
        let json = js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or("the scenario object cannot be written as JSON")?;
        return Scenario::load(&json).map_err(|e| e.to_string());
    }
    Err("give a scenario as a preset name, a share link, scenario JSON or an object".into())
}

/// Reads a call's options argument (`undefined` or `null` for none).
pub fn options_arg(value: &JsValue) -> Result<Options, String> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| format!("options: {e}"))
}

type Settle = (js_sys::Function, js_sys::Function);

/// The API's worker and its calls. The worker runs one request at a time (a newer one
/// supersedes the run in flight), so calls wait their turn here.
struct Runner {
    bridge: WorkerBridge<SimWorker>,
    waiting: VecDeque<(Request, Settle)>,
    running: Option<(u64, Settle)>,
    next_id: u64,
}

thread_local! {
    static RUNNER: RefCell<Option<Rc<RefCell<Runner>>>> = const { RefCell::new(None) };
}

fn runner() -> Rc<RefCell<Runner>> {
    RUNNER.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| {
                let bridge = SimWorker::spawner()
                    .encoding::<JsCodec>()
                    .as_module(false)
                    .callback(answered)
                    .spawn(&crate::components::worker_url());
                Rc::new(RefCell::new(Runner {
                    bridge,
                    waiting: VecDeque::new(),
                    running: None,
                    next_id: 0,
                }))
            })
            .clone()
    })
}

fn answered(response: Response) {
    let outcome = match response {
        Response::Done { id, results } => (id, Ok(results.report)),
        Response::Failed { id, message } => (id, Err(message)),
        _ => return,
    };
    let runner = runner();
    let settle = {
        let mut r = runner.borrow_mut();
        match r.running.take() {
            Some((id, settle)) if id == outcome.0 => Some(settle),
            other => {
                r.running = other;
                None
            }
        }
    };
    if let Some((resolve, reject)) = settle {
        match outcome.1 {
            Ok(report) => {
                let _ = resolve.call1(&JsValue::NULL, &report_value(&report));
            }
            Err(message) => {
                let _ = reject.call1(&JsValue::NULL, &js_sys::Error::new(&message));
            }
        }
    }
    next(&runner);
}

fn next(runner: &Rc<RefCell<Runner>>) {
    let mut r = runner.borrow_mut();
    if r.running.is_some() {
        return;
    }
    if let Some((request, settle)) = r.waiting.pop_front() {
        if let Request::Run { id, .. } = &request {
            r.running = Some((*id, settle));
        }
        r.bridge.send(request);
    }
}

/// The report as a plain object, as `funnel-lab simulate` prints it.
pub fn report_value(report: &Report) -> JsValue {
    use serde::Serialize;
    report
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// `simulate(scenario, options)`: a promise of the report.
pub fn simulate(scenario: JsValue, options: JsValue) -> js_sys::Promise {
    let prepared = (|| {
        let options = options_arg(&options)?;
        let loaded = scenario_arg(&scenario)?;
        let run = options.run(&loaded.scenario)?;
        if let Some(base) = &options.base {
            crate::components::set_base(base);
        }
        Ok::<_, String>((loaded.scenario, run))
    })();
    let (scenario, run) = match prepared {
        Ok(p) => p,
        Err(message) => return js_sys::Promise::reject(&js_sys::Error::new(&message).into()),
    };
    let runner = runner();
    let mut settle = None;
    let promise = js_sys::Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    if let Some(settle) = settle {
        let mut r = runner.borrow_mut();
        r.next_id += 1;
        let request = Request::Run {
            id: r.next_id,
            scenario: Box::new(scenario),
            trials: run.trials,
            seed: run.seed,
        };
        r.waiting.push_back((request, settle));
    }
    next(&runner);
    promise
}

/// `mount(element, scenario, options)`: the embedded view, live, inside `element`.
pub fn mount(
    element: web_sys::Element,
    scenario: JsValue,
    options: JsValue,
) -> Result<(), JsError> {
    let options = options_arg(&options).map_err(|e| JsError::new(&e))?;
    let loaded = scenario_arg(&scenario).map_err(|e| JsError::new(&e))?;
    let run = options
        .run(&loaded.scenario)
        .map_err(|e| JsError::new(&e))?;
    let controls = options.controls().map_err(|e| JsError::new(&e))?;
    let base = options.base.clone().unwrap_or_else(|| "./".into());
    crate::components::set_base(&base);
    let mut scenario = loaded.scenario;
    scenario.trials = run.trials;
    scenario.seed = run.seed;
    let app_url = format!("{}/", base.trim_end_matches('/'));
    let props = crate::components::embed::EmbedProps {
        scenario: Rc::new(scenario),
        controls,
        notices: Vec::new(),
        app_url: app_url.into(),
    };
    yew::Renderer::<crate::components::embed::Embed>::with_root_and_props(element, props).render();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_are_read_from_names_links_tokens_and_json() {
        let aligned = presets::preset("aligned").unwrap();
        assert_eq!(read_scenario(" aligned ").unwrap().scenario, aligned);
        let token = link::encode(&aligned);
        assert_eq!(read_scenario(&token).unwrap().scenario, aligned);
        let url = format!("https://wiki.example/tools/funnel-lab/#scenario={token}&controls=sla");
        assert_eq!(read_scenario(&url).unwrap().scenario, aligned);
        assert_eq!(read_scenario(&aligned.to_json()).unwrap().scenario, aligned);
    }

    #[test]
    fn what_is_not_a_scenario_is_named() {
        let e = read_scenario("typical").unwrap_err();
        assert!(
            e.contains("“typical” is not a preset (default, siloed, aligned)"),
            "{e}"
        );
        let e = read_scenario("https://x/#controls=sla").unwrap_err();
        assert!(e.contains("no \"#scenario=\""), "{e}");
        assert!(read_scenario("z2.!!!").is_err());
        let e = read_scenario("{\"name\": 3}").unwrap_err();
        assert!(e.contains("name"), "{e}");
    }

    #[test]
    fn options_are_checked() {
        let s = presets::preset("default").unwrap();
        let o = Options::default();
        assert_eq!(
            o.run(&s).unwrap(),
            Run {
                trials: s.trials,
                seed: s.seed
            }
        );
        let o = Options {
            trials: Some(200.0),
            seed: Some(7.0),
            ..Options::default()
        };
        assert_eq!(
            o.run(&s).unwrap(),
            Run {
                trials: 200,
                seed: 7
            }
        );
        for bad in [0.0, 2.5, f64::NAN, 1e12] {
            let o = Options {
                trials: Some(bad),
                ..Options::default()
            };
            assert!(
                o.run(&s).unwrap_err().starts_with("options.trials"),
                "{bad}"
            );
        }
        let o = Options {
            controls: vec!["sla".into(), "speed".into()],
            ..Options::default()
        };
        assert!(o.controls().unwrap_err().contains("“speed”"));
    }
}
