//! The app in a real browser (headless Chromium via wasm-bindgen-test): the page renders, edits
//! go through the reducer, refused edits leave the scenario alone and say why.
//!
//! These tests render the whole `App` without its worker script (the test server has none), so
//! they check the page's own behaviour; the end-to-end test (tests/e2e) covers the worker.
#![cfg(target_arch = "wasm32")]

use funnel_lab_app::components::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Renders a fresh App into its own element and waits for it.
async fn mount() -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

fn find(root: &Element, testid: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid={testid}]"))
        .unwrap()
}

fn revision(root: &Element) -> u64 {
    find(root, "status")
        .unwrap()
        .get_attribute("data-revision")
        .unwrap()
        .parse()
        .unwrap()
}

async fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    input
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_page_renders_its_parts() {
    let root = mount().await;
    let status = find(&root, "status").expect("a run status");
    assert_eq!(
        status.get_attribute("data-phase").as_deref(),
        Some("starting")
    );
    assert!(find(&root, "preset-select").is_some());
    assert!(find(&root, "threshold-input").is_some());
    let rules = root.query_selector_all("[data-testid=rule-row]").unwrap();
    assert_eq!(
        rules.length() as usize,
        funnel_engine::presets::scoring_model().rules.len()
    );
    assert!(root.text_content().unwrap().contains("Funnel Lab"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_valid_threshold_is_a_new_revision() {
    let root = mount().await;
    let before = revision(&root);
    let input: HtmlInputElement = find(&root, "threshold-input").unwrap().dyn_into().unwrap();
    type_into(&input, "40").await;
    assert!(revision(&root) > before, "the edit was accepted");
    assert!(find(&root, "field-error").is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn a_bad_threshold_is_refused_at_the_field() {
    let root = mount().await;
    let before = revision(&root);
    let input: HtmlInputElement = find(&root, "threshold-input").unwrap().dyn_into().unwrap();
    type_into(&input, "abc").await;
    assert_eq!(revision(&root), before, "nothing changed");
    let error = find(&root, "field-error").expect("a message at the field");
    assert!(!error.text_content().unwrap().trim().is_empty());
    // A good value clears the message.
    type_into(&input, "50").await;
    assert!(find(&root, "field-error").is_none());
    assert!(revision(&root) > before);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_negative_rep_capacity_is_refused() {
    let root = mount().await;
    // Open the process tab.
    let tabs = root.query_selector_all("[role=tab]").unwrap();
    let process: web_sys::HtmlElement = (0..tabs.length())
        .filter_map(|i| tabs.item(i))
        .map(|n| n.dyn_into::<web_sys::HtmlElement>().unwrap())
        .find(|t| t.text_content().unwrap().contains("Process"))
        .unwrap();
    process.click();
    yew::scheduler::flush().await;
    let before = revision(&root);
    let input: HtmlInputElement = root
        .query_selector("input[id*='touches']")
        .unwrap()
        .expect("a touches-per-day input")
        .dyn_into()
        .unwrap();
    type_into(&input, "-3").await;
    assert_eq!(revision(&root), before);
    assert!(find(&root, "field-error").is_some());
    root.remove();
}

#[wasm_bindgen_test]
async fn switching_presets_replaces_the_scenario() {
    let root = mount().await;
    let before = revision(&root);
    let select: HtmlSelectElement = find(&root, "preset-select").unwrap().dyn_into().unwrap();
    select.set_value("siloed");
    let init = EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
    assert!(revision(&root) > before);
    assert!(
        root.text_content().unwrap().contains("by hand"),
        "the siloed description shows"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn arrow_keys_move_between_tabs() {
    let root = mount().await;
    let selected = |root: &Element| {
        root.query_selector("[role=tab][aria-selected=true]")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert!(selected(&root).contains("Scoring"));
    let tab = root
        .query_selector("[role=tab][aria-selected=true]")
        .unwrap()
        .unwrap();
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("ArrowRight");
    init.set_bubbles(true);
    let e = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    tab.dispatch_event(&e).unwrap();
    yew::scheduler::flush().await;
    assert!(
        selected(&root).contains("Process"),
        "now {}",
        selected(&root)
    );
    assert!(
        root.query_selector("input[id*='touches']")
            .unwrap()
            .is_some(),
        "the process editor shows"
    );
    root.remove();
}

/// Clicks the workbench tab whose label contains `name`.
async fn open_tab(root: &Element, name: &str) {
    let tabs = root.query_selector_all("[role=tab]").unwrap();
    let tab: web_sys::HtmlElement = (0..tabs.length())
        .filter_map(|i| tabs.item(i))
        .map(|n| n.dyn_into::<web_sys::HtmlElement>().unwrap())
        .find(|t| t.text_content().unwrap().contains(name))
        .unwrap_or_else(|| panic!("a tab named {name}"));
    tab.click();
    yew::scheduler::flush().await;
}

fn passed(root: &Element) -> String {
    find(root, "readiness-level")
        .unwrap()
        .get_attribute("data-passed")
        .unwrap()
}

#[wasm_bindgen_test]
async fn the_checklist_toggles_go_through_the_reducer() {
    let root = mount().await;
    let checks = root
        .query_selector_all("[data-testid=readiness-check]")
        .unwrap();
    assert_eq!(checks.length(), 5, "five checks");
    assert_eq!(passed(&root), "3", "the default team passes three");
    let level = find(&root, "readiness-level")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        level.contains("3 of 5 checks pass: 60 % of the reported alignment effects apply"),
        "{level}"
    );
    assert!(root
        .text_content()
        .unwrap()
        .contains("Passing sets CRM sync to 2 min; failing sets 4 h"));

    // Failing the sync check is an edit: a new revision, 2 of 5, and the process editor shows
    // the latency it set.
    let before = revision(&root);
    let sync: HtmlInputElement = find(&root, "readiness-toggle-data_integration")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(sync.checked());
    sync.click();
    yew::scheduler::flush().await;
    assert_eq!(revision(&root), before + 1);
    assert_eq!(passed(&root), "2");
    assert!(!sync.checked());
    open_tab(&root, "Process").await;
    let latency: HtmlInputElement = root
        .query_selector("#f-process-sync_latency_minutes")
        .unwrap()
        .expect("the CRM sync field")
        .dyn_into()
        .unwrap();
    assert_eq!(latency.value(), "240");

    // Passing the follow-up SLA check sets the breach to "reassign" in the process editor.
    let sla: HtmlInputElement = find(&root, "readiness-toggle-follow_up_sla")
        .unwrap()
        .dyn_into()
        .unwrap();
    sla.click();
    yew::scheduler::flush().await;
    assert_eq!(passed(&root), "3");
    let breach: HtmlSelectElement = find(&root, "response-breach").unwrap().dyn_into().unwrap();
    assert_eq!(breach.value(), "reassign");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_process_editor_has_the_new_controls() {
    let root = mount().await;
    open_tab(&root, "Process").await;
    for id in [
        "queue-order",
        "patience",
        "response-breach",
        "disposition-breach",
        "speed-strength-published",
        "speed-strength-half",
        "speed-strength-none",
        "full-funnel-reporting",
    ] {
        assert!(find(&root, id).is_some(), "no [data-testid={id}]");
    }
    let points = || {
        root.query_selector_all("[data-testid=speed-point-row]")
            .unwrap()
            .length()
    };
    let n = points();
    assert_eq!(
        n as usize,
        funnel_engine::presets::speed_to_lead().points.len()
    );
    let before = revision(&root);
    let add: web_sys::HtmlElement = find(&root, "speed-point-add").unwrap().dyn_into().unwrap();
    add.click();
    yew::scheduler::flush().await;
    assert_eq!(points(), n + 1);
    assert_eq!(revision(&root), before + 1);

    // Strength "none" is a choice like any other, and the text says what it does.
    let none: HtmlInputElement = find(&root, "speed-strength-none")
        .unwrap()
        .dyn_into()
        .unwrap();
    none.click();
    yew::scheduler::flush().await;
    assert!(none.checked());
    assert_eq!(revision(&root), before + 2);
    assert!(root
        .text_content()
        .unwrap()
        .contains("Response time changes nothing"));

    // A patience under an hour is refused at its field.
    let patience: HtmlInputElement = find(&root, "patience").unwrap().dyn_into().unwrap();
    type_into(&patience, "0.5").await;
    assert_eq!(revision(&root), before + 2);
    assert!(find(&root, "field-error").is_some());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_market_editor_labels_the_alignment_effects() {
    let root = mount().await;
    open_tab(&root, "Market").await;
    let panel = find(&root, "alignment-effects").expect("the alignment effects");
    let text = panel.text_content().unwrap();
    assert!(text.contains("reported, not established"), "{text}");
    assert!(
        text.contains("60 % of the reported alignment effects apply"),
        "{text}"
    );
    let before = revision(&root);
    let enabled: HtmlInputElement = find(&root, "alignment-enabled")
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(enabled.checked());
    enabled.click();
    yew::scheduler::flush().await;
    assert_eq!(revision(&root), before + 1);
    assert!(find(&root, "readiness-level")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("switched off"));
    root.remove();
}
