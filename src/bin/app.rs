//! The page's entry point, and the JavaScript API a docs page imports from the same module.
//! The app itself lives in the library.
fn main() {
    console_error_panic_hook::set_once();
    // A page that imports this module for the API (not the app's own page) renders nothing
    // until it asks.
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .filter(|b| b.get_attribute("data-funnel-lab").as_deref() == Some("app"));
    if let Some(body) = root {
        funnel_lab_app::components::render_page(body.into());
    }
}

use wasm_bindgen::prelude::*;

/// `simulate(scenario, options?)`: a promise of the report `funnel-lab simulate` prints, for a
/// preset's name, a share link or its token, scenario JSON or a scenario object. Options:
/// `trials`, `seed`, `base` (the folder with Funnel Lab's files when the page is elsewhere).
#[wasm_bindgen]
pub fn simulate(scenario: JsValue, options: JsValue) -> js_sys::Promise {
    funnel_lab_app::api::simulate(scenario, options)
}

/// `mount(element, scenario, options?)`: the embedded view, live, in `element`. Options as
/// `simulate`'s, and `controls` (`["threshold", "sla", "disposition", "sync"]`).
#[wasm_bindgen]
pub fn mount(
    element: web_sys::Element,
    scenario: JsValue,
    options: JsValue,
) -> Result<(), JsError> {
    funnel_lab_app::api::mount(element, scenario, options)
}
