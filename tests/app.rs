//! The app in a real browser (headless Chromium via wasm-bindgen-test): the page renders, edits
//! go through the reducer, refused edits leave the scenario alone and say why, a refused value
//! and its text stay with their row when rows above go, focus after a removal never lets a
//! second Enter remove another row, undo and redo (buttons and Ctrl+Z) restore what changed.
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

/// Renders a fresh App into its own element and waits for it. The browser's storage is
/// emptied first: the App restores what an earlier test's App autosaved.
async fn mount() -> Element {
    if let Some(storage) = web_sys::window().unwrap().local_storage().unwrap() {
        storage.clear().unwrap();
    }
    mount_keeping_storage().await
}

/// Renders an App as a reload would: on what the browser's storage holds.
async fn mount_keeping_storage() -> Element {
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
    let tabs = root
        .query_selector_all("[aria-label=Edit] [role=tab]")
        .unwrap();
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
        root.query_selector("[aria-label=Edit] [role=tab][aria-selected=true]")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert!(selected(&root).contains("Scoring"));
    let tab = root
        .query_selector("[aria-label=Edit] [role=tab][aria-selected=true]")
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
    let tabs = root
        .query_selector_all("[aria-label=Edit] [role=tab]")
        .unwrap();
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

// ---------------------------------------------------------------------------------------------
// Rows with identity, focus after a removal, undo and redo, presets over edits.

/// Waits `ms` milliseconds (timers of the page, such as the 0 ms focus move, run meanwhile).
async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Polls `ready` (rendering between tries) until it holds, for at most two seconds; whether it
/// did.
async fn poll(ready: impl Fn() -> bool) -> bool {
    for _ in 0..200 {
        yew::scheduler::flush().await;
        if ready() {
            return true;
        }
        sleep(10).await;
    }
    false
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.dyn_into::<Element>().unwrap())
        .collect()
}

fn html_element(el: Element) -> web_sys::HtmlElement {
    el.dyn_into().unwrap()
}

fn input_in(el: &Element, testid: &str) -> HtmlInputElement {
    find(el, testid)
        .unwrap_or_else(|| panic!("no [data-testid={testid}]"))
        .dyn_into()
        .unwrap()
}

/// The rule names in the table, in order.
fn rule_names(root: &Element) -> Vec<String> {
    all(root, "tr[data-testid=rule-row]")
        .iter()
        .map(|r| r.get_attribute("data-rule").unwrap())
        .collect()
}

/// Each rule's name and the points its line shows, in order.
fn shown_points(root: &Element) -> Vec<(String, String)> {
    all(root, "tr[data-testid=rule-row]")
        .iter()
        .map(|r| {
            let points = find(r, "rule-points-shown").expect("a rule line shows its points");
            (
                r.get_attribute("data-rule").unwrap(),
                points.text_content().unwrap().trim().to_string(),
            )
        })
        .collect()
}

/// The line of the rule named `name`.
fn rule_line(root: &Element, name: &str) -> Element {
    let rows: Vec<Element> = all(root, "tr[data-testid=rule-row]")
        .into_iter()
        .filter(|r| r.get_attribute("data-rule").as_deref() == Some(name))
        .collect();
    assert_eq!(rows.len(), 1, "one line for rule {name:?}");
    rows.into_iter().next().unwrap()
}

/// The opened editor of the rule named `name`: the row right under its line.
fn rule_editor(root: &Element, name: &str) -> Element {
    let editor = rule_line(root, name)
        .next_element_sibling()
        .unwrap_or_else(|| panic!("nothing under rule {name:?}"));
    assert!(
        editor
            .class_name()
            .split_whitespace()
            .any(|c| c == "rule-editor-row"),
        "the editor of rule {name:?} is open under its line"
    );
    editor
}

/// Opens the editor of the rule named `name`.
async fn open_rule(root: &Element, name: &str) -> Element {
    html_element(find(&rule_line(root, name), "rule-toggle").unwrap()).click();
    yew::scheduler::flush().await;
    rule_editor(root, name)
}

/// Types into a number field text that it keeps as typed (a number input empties text that is
/// no number at all, such as "1e", when a script sets it).
async fn type_number(input: &HtmlInputElement, text: &str) {
    type_into(input, text).await;
    assert_eq!(input.value(), text, "the input holds the typed text");
}

async fn select_preset(root: &Element, name: &str) {
    let select: HtmlSelectElement = find(root, "preset-select").unwrap().dyn_into().unwrap();
    select.set_value(name);
    assert_eq!(select.value(), name, "the select offers {name}");
    let init = EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    yew::scheduler::flush().await;
}

async fn press_on_document(key: &str, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(true);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    let e = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    document().dispatch_event(&e).unwrap();
    yew::scheduler::flush().await;
}

fn default_rule_names() -> Vec<String> {
    funnel_engine::presets::preset("default")
        .unwrap()
        .scoring
        .rules
        .into_iter()
        .map(|r| r.name)
        .collect()
}

/// A refused value belongs to its rule, not to a place in the table: removing the rule above
/// leaves the message and the typed text with the same rule, and the next value lands on it.
#[wasm_bindgen_test]
async fn a_refused_value_stays_with_its_rule_when_a_row_above_goes() {
    let root = mount().await;
    let target = "Decision maker";
    let names = rule_names(&root);
    assert_eq!(names, default_rule_names());
    let k = names.iter().position(|n| n == target).expect("the rule");
    assert!(k > 0, "a rule above {target:?}");
    let above = names[k - 1].clone();
    let editor = open_rule(&root, target).await;
    let before = revision(&root);
    let points_before = shown_points(&root);

    // More than the engine's largest points: refused at the field, text kept as typed.
    let refused = "2000000";
    type_number(&input_in(&editor, "rule-points"), refused).await;
    assert_eq!(revision(&root), before, "nothing changed");
    assert!(
        find(&editor, "field-error").is_some(),
        "the message is in the rule's editor"
    );
    assert_eq!(all(&root, "[data-testid=field-error]").len(), 1);
    assert_eq!(shown_points(&root), points_before);

    html_element(find(&rule_line(&root, &above), "row-remove").unwrap()).click();
    yew::scheduler::flush().await;
    sleep(20).await;
    yew::scheduler::flush().await;
    let mut expected = points_before.clone();
    expected.retain(|(n, _)| *n != above);
    assert_eq!(
        shown_points(&root),
        expected,
        "no other rule's points moved"
    );
    let editor = rule_editor(&root, target);
    let error = find(&editor, "field-error").expect("the message stayed with its rule");
    assert!(!error.text_content().unwrap().trim().is_empty());
    assert_eq!(
        all(&root, "[data-testid=field-error]").len(),
        1,
        "and is nowhere else"
    );
    assert_eq!(
        input_in(&editor, "rule-points").value(),
        refused,
        "the typed text stayed with its rule"
    );
    assert_eq!(all(&root, "tr.rule-editor-row").len(), 1);

    // A good value lands on that rule and on no other.
    let after_remove = revision(&root);
    type_number(&input_in(&editor, "rule-points"), "3").await;
    assert!(revision(&root) > after_remove);
    assert!(find(&root, "field-error").is_none());
    let now = shown_points(&root);
    for ((name, shown), (name_before, shown_before)) in now.iter().zip(&expected) {
        assert_eq!(name, name_before);
        if name == target {
            assert_eq!(shown, "+3", "{name}");
        } else {
            assert_eq!(shown, shown_before, "{name}");
        }
    }
    assert_eq!(now.len(), expected.len());
    root.remove();
}

fn rep_name(row: &Element) -> String {
    row.query_selector("td:first-child input")
        .unwrap()
        .expect("a rep's name input")
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .value()
}

/// Each rep's name and the capacity its field shows, in order.
fn reps(root: &Element) -> Vec<(String, String)> {
    all(root, "tr[data-testid=rep-row]")
        .iter()
        .map(|r| (rep_name(r), input_in(r, "rep-touches").value()))
        .collect()
}

#[wasm_bindgen_test]
async fn a_refused_capacity_stays_with_its_rep_when_a_row_above_goes() {
    let root = mount().await;
    open_tab(&root, "Process").await;
    let start = reps(&root);
    assert!(start.len() >= 3, "{start:?}");
    let target = start[2].0.clone();
    let rows = all(&root, "tr[data-testid=rep-row]");
    let before = revision(&root);
    type_number(&input_in(&rows[2], "rep-touches"), "-3").await;
    assert_eq!(revision(&root), before, "nothing changed");
    assert!(find(&rows[2], "field-error").is_some());

    html_element(find(&rows[0], "row-remove").unwrap()).click();
    yew::scheduler::flush().await;
    sleep(20).await;
    yew::scheduler::flush().await;
    assert!(revision(&root) > before, "the rep was removed");
    let now = reps(&root);
    assert_eq!(now.len(), start.len() - 1);
    let rows = all(&root, "tr[data-testid=rep-row]");
    for (i, (row, (name, touches))) in rows.iter().zip(&now).enumerate() {
        assert_eq!(*name, start[i + 1].0, "the reps below moved up in order");
        if *name == target {
            assert_eq!(touches, "-3", "the typed text stayed with {name}");
            assert!(
                find(row, "field-error").is_some(),
                "the message stayed with {name}"
            );
        } else {
            assert_eq!(*touches, start[i + 1].1, "{name}");
            assert!(find(row, "field-error").is_none(), "no message on {name}");
        }
    }
    assert_eq!(all(&root, "[data-testid=field-error]").len(), 1);
    root.remove();
}

/// Enter on a remove button, then Enter again: the second press lands on the next rule's
/// toggle (focus moves there), so exactly one rule goes.
#[wasm_bindgen_test]
async fn enter_twice_on_remove_removes_one_rule() {
    let root = mount().await;
    let names = rule_names(&root);
    let k = 1;
    let (gone, next) = (names[k].clone(), names[k + 1].clone());
    let button = html_element(find(&rule_line(&root, &gone), "row-remove").unwrap());
    button.focus().unwrap();
    button.click();
    yew::scheduler::flush().await;
    let active = || document().active_element();
    // Focus moves on a 0 ms timeout; wait for it to land on a toggle (or give up and say where
    // it is).
    poll(|| {
        active().is_some_and(|a| a.get_attribute("data-testid").as_deref() == Some("rule-toggle"))
    })
    .await;
    let a = active().expect("an element has focus");
    let desc = || {
        format!(
            "focus is on <{} data-testid={:?}> in {:?}",
            a.tag_name(),
            a.get_attribute("data-testid"),
            a.closest("tr")
                .ok()
                .flatten()
                .and_then(|t| t.get_attribute("data-rule"))
        )
    };
    assert_ne!(
        a.get_attribute("data-testid").as_deref(),
        Some("row-remove"),
        "focus is not on a remove button: {}",
        desc()
    );
    assert_eq!(
        a.get_attribute("data-testid").as_deref(),
        Some("rule-toggle"),
        "{}",
        desc()
    );
    assert!(root.contains(Some(&a)), "focus is in this page");
    let line = a.closest("tr").unwrap().unwrap();
    assert_eq!(
        line.get_attribute("data-rule").as_deref(),
        Some(next.as_str()),
        "focus is on the next rule's toggle: {}",
        desc()
    );

    // The second Enter activates what has focus.
    html_element(a).click();
    yew::scheduler::flush().await;
    sleep(20).await;
    yew::scheduler::flush().await;
    let mut expected = names.clone();
    expected.remove(k);
    assert_eq!(rule_names(&root), expected, "exactly one rule fewer");
    root.remove();
}

#[wasm_bindgen_test]
async fn undo_brings_back_a_removed_rule() {
    let root = mount().await;
    let start = rule_names(&root);
    let undo = html_element(find(&root, "undo").unwrap());
    let redo = html_element(find(&root, "redo").unwrap());
    let gone = start[3].clone();
    html_element(find(&rule_line(&root, &gone), "row-remove").unwrap()).click();
    yew::scheduler::flush().await;
    let mut removed = start.clone();
    removed.remove(3);
    assert_eq!(rule_names(&root), removed);

    let r = revision(&root);
    undo.click();
    yew::scheduler::flush().await;
    assert_eq!(rule_names(&root), start, "the rule is back in its place");
    assert!(revision(&root) > r, "undo is a new revision");

    let r = revision(&root);
    redo.click();
    yew::scheduler::flush().await;
    assert_eq!(rule_names(&root), removed, "redo removes it again");
    assert!(revision(&root) > r);

    let r = revision(&root);
    press_on_document("z", false).await;
    assert_eq!(rule_names(&root), start, "Ctrl+Z undoes");
    assert!(revision(&root) > r);

    let r = revision(&root);
    press_on_document("Z", true).await;
    assert_eq!(rule_names(&root), removed, "Ctrl+Shift+Z redoes");
    assert!(revision(&root) > r);
    root.remove();
}

/// The number a number field shows.
fn number_in(root: &Element, testid: &str) -> f64 {
    let text = input_in(root, testid).value();
    text.parse()
        .unwrap_or_else(|_| panic!("[data-testid={testid}] shows {text:?}"))
}

fn assert_close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-9, "{what}: {got} instead of {want}");
}

fn preset_edited(root: &Element) -> String {
    root.query_selector("select[data-testid=preset-select]")
        .unwrap()
        .unwrap()
        .get_attribute("data-edited")
        .unwrap()
}

#[wasm_bindgen_test]
async fn switching_presets_after_edits_replaces_everything_and_undo_brings_them_back() {
    use funnel_engine::scoring::Qualify;
    use funnel_lab_app::format;

    let aligned = funnel_engine::presets::preset("aligned").unwrap();
    let Qualify::Score {
        threshold: aligned_threshold,
    } = aligned.scoring.qualify
    else {
        panic!("the aligned preset qualifies by score");
    };
    let aligned_win = aligned.market.stages.win.mean * 100.0;
    let (threshold, points, win) = (42.0, 13.0, 33.0);
    assert_ne!(aligned_threshold, threshold);
    assert_ne!(aligned_win, win);

    let root = mount().await;
    assert_eq!(preset_edited(&root), "false");
    let rule = rule_names(&root)[2].clone();
    assert_ne!(aligned.scoring.rules[2].points, points);

    type_number(&input_in(&root, "threshold-input"), "42").await;
    let editor = open_rule(&root, &rule).await;
    type_number(&input_in(&editor, "rule-points"), "13").await;
    open_tab(&root, "Market").await;
    type_number(&input_in(&root, "rate-win-mean"), "33").await;
    assert!(find(&root, "field-error").is_none(), "every edit was taken");
    assert_eq!(preset_edited(&root), "true");
    let edited_revision = revision(&root);

    select_preset(&root, "aligned").await;
    assert!(revision(&root) > edited_revision);
    assert_eq!(preset_edited(&root), "false");
    assert_close(number_in(&root, "rate-win-mean"), aligned_win, "win rate");
    open_tab(&root, "Scoring").await;
    assert_close(
        number_in(&root, "threshold-input"),
        aligned_threshold,
        "threshold",
    );
    let want: Vec<(String, String)> = aligned
        .scoring
        .rules
        .iter()
        .map(|r| (r.name.clone(), format::points(r.points)))
        .collect();
    assert_eq!(shown_points(&root), want, "the aligned preset's rules");

    // Undo brings every edit back.
    let r = revision(&root);
    html_element(find(&root, "undo").unwrap()).click();
    yew::scheduler::flush().await;
    assert!(revision(&root) > r);
    assert_eq!(preset_edited(&root), "true");
    assert_close(number_in(&root, "threshold-input"), threshold, "threshold");
    let shown = shown_points(&root);
    assert_eq!(shown.len(), want.len());
    for ((name, p), (_, aligned_p)) in shown.iter().zip(&want) {
        if *name == rule {
            assert_eq!(*p, format::points(points), "{name}");
        } else {
            assert_eq!(p, aligned_p, "{name}");
        }
    }
    open_tab(&root, "Market").await;
    assert_close(number_in(&root, "rate-win-mean"), win, "win rate");
    root.remove();
}

/// What one App autosaves, the next one (a reload) starts from, with the undo step.
#[wasm_bindgen_test]
async fn a_reload_restores_the_work_and_its_undo_step() {
    let root = mount().await;
    let input: HtmlInputElement = find(&root, "threshold-input").unwrap().dyn_into().unwrap();
    let was = input.value();
    type_into(&input, "67").await;
    let stored = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("funnel-lab.working")
        .unwrap()
        .expect("the working state is stored after the edit");
    assert!(stored.contains("\"version\":1"), "{stored:.80}");

    let again = mount_keeping_storage().await;
    let restored: HtmlInputElement = find(&again, "threshold-input").unwrap().dyn_into().unwrap();
    assert_eq!(restored.value(), "67");
    assert!(again
        .text_content()
        .unwrap()
        .contains("Your last work in this browser was restored"));
    let undo: web_sys::HtmlElement = find(&again, "undo").unwrap().dyn_into().unwrap();
    undo.click();
    yew::scheduler::flush().await;
    assert_eq!(restored.value(), was);
}
