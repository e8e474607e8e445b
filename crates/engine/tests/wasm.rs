//! The cross-target proof: the pinned run, compiled to wasm32, gives the native digest.
#![cfg(target_arch = "wasm32")]

mod common;

use funnel_engine::{prepare, scenario_sample, simulate};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn pinned_run_matches_native_digest() {
    let s = common::pinned_scenario();
    let sample = scenario_sample(&s).unwrap();
    let p = prepare(&s, &sample).unwrap();
    let report = simulate(&p, common::PINNED_SEED, common::PINNED_TRIALS);
    assert_eq!(report.digest, common::PINNED_DIGEST);
}

#[wasm_bindgen_test]
fn presets_parse_and_run_in_wasm() {
    for name in funnel_engine::presets::NAMES {
        let s = funnel_engine::presets::preset(name).unwrap();
        let back = funnel_engine::Scenario::from_json(&s.to_json()).unwrap();
        let p = prepare(&back, &scenario_sample(&back).unwrap()).unwrap();
        let r = simulate(&p, 1, 3);
        assert_eq!(r.trials, 3);
    }
}
