//! What takes a scenario out of the tab: the share link, the scenarios saved in this browser,
//! scenario files, the embed snippet and the printed hand-out; and the notices that say what
//! happened to stored or linked work.

use funnel_engine::link;
use funnel_engine::readiness::{Checklist, CHECKS};
use funnel_engine::scoring::Qualify;
use funnel_engine::Scenario;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::boot::page_address;
use super::embed::{Control, CONTROLS};
use super::summary::HEADLINES;
use super::use_store;
use crate::format;
use crate::state::{preset_label, Action};

/// The largest scenario file the page opens: as large as a link may unpack to.
const MAX_FILE: f64 = link::MAX_JSON as f64;

/// The share link of `s` on this page.
pub fn share_url(base: &str, s: &Scenario) -> String {
    format!("{base}#scenario={}", link::encode(s))
}

/// The embedded view of `s` with these controls.
pub fn embed_url(base: &str, s: &Scenario, controls: &[Control]) -> String {
    let mut url = format!("{base}?embed#scenario={}", link::encode(s));
    if !controls.is_empty() {
        let names: Vec<&str> = controls.iter().map(|c| c.name()).collect();
        url.push_str("&controls=");
        url.push_str(&names.join(","));
    }
    url
}

/// The HTML to paste into a wiki page or an internal doc.
pub fn iframe_snippet(url: &str, title: &str) -> String {
    let title = title
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!(
        "<iframe src=\"{url}\" title=\"Funnel Lab: {title}\" width=\"100%\" height=\"620\" \
         style=\"border:0;max-width:1024px\" loading=\"lazy\"></iframe>"
    )
}

/// A file name for the scenario: its name in lower case, words joined by dashes.
pub fn file_name(name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
    if slug.is_empty() {
        "scenario.json".into()
    } else {
        format!("{}.json", slug.join("-"))
    }
}

/// The messages about stored and linked work, each dismissable.
#[component]
pub fn Notices() -> Html {
    let store = use_store();
    let items = store.notices.iter().map(|n| {
        let id = n.id;
        let dismiss = {
            let store = store.clone();
            Callback::from(move |_: MouseEvent| store.dispatch(Action::Dismiss(id)))
        };
        html! {
            <li key={id} class={classes!("notice", n.problem.then_some("problem"))}
                data-testid="notice" data-problem={n.problem.to_string()}>
                <span class="notice-text">{ &n.text }</span>
                <button class="notice-close" onclick={dismiss} aria-label="Dismiss this message">{ "×" }</button>
            </li>
        }
    });
    // The live region is there from the start, so that a notice added later is announced.
    html! {
        <div role="status" aria-live="polite" data-testid="notices">
            if !store.notices.is_empty() {
                <ul class="notices">{ for items }</ul>
            }
        </div>
    }
}

/// Copies `text` to the clipboard: the asynchronous clipboard where the page may use it,
/// otherwise by selecting `field` and the older copy command.
fn copy(text: &str, field: Option<web_sys::HtmlElement>) -> bool {
    let window = web_sys::window();
    let clipboard = window.as_ref().and_then(|w| {
        js_sys::Reflect::get(&w.navigator(), &"clipboard".into())
            .ok()
            .filter(|c| !c.is_undefined() && !c.is_null())
    });
    if let Some(clipboard) = clipboard {
        if let Ok(f) = js_sys::Reflect::get(&clipboard, &"writeText".into()) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                if f.call1(&clipboard, &text.into()).is_ok() {
                    return true;
                }
            }
        }
    }
    let Some(field) = field else {
        return false;
    };
    if let Some(i) = field.dyn_ref::<HtmlInputElement>() {
        i.select();
    } else if let Some(t) = field.dyn_ref::<HtmlTextAreaElement>() {
        t.select();
    }
    window
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false)
}

/// "Share & save": the link, saving in this browser, scenario files, the embed snippet, print.
#[component]
pub fn SharePanel() -> Html {
    let store = use_store();
    let open = use_state(|| false);
    let copied = use_state(String::new);
    let controls = use_state(|| vec![Control::Threshold, Control::Sla]);
    let name = use_state(String::new);
    let link_ref = use_node_ref();
    let snippet_ref = use_node_ref();

    // Compressing the scenario costs a few milliseconds: only while the panel is open.
    let links = {
        let scenario = store.scenario.clone();
        let title = store.title();
        let controls = (*controls).clone();
        use_memo(
            (*open, store.revision, controls.clone()),
            move |(open, _, _)| {
                open.then(|| {
                    let base = page_address();
                    let share = share_url(&base, &scenario);
                    let embed = embed_url(&base, &scenario, &controls);
                    (share, iframe_snippet(&embed, &title))
                })
            },
        )
    };
    let details = use_node_ref();
    // A popover: Escape or a click elsewhere on the page closes it.
    {
        let details = details.clone();
        use_effect_with(*open, move |open| {
            let listener = open.then(|| {
                let details = details.clone();
                wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(
                    move |e: web_sys::Event| {
                        let Some(el) = details.cast::<web_sys::HtmlDetailsElement>() else {
                            return;
                        };
                        let escape = e
                            .dyn_ref::<KeyboardEvent>()
                            .is_some_and(|k| k.key() == "Escape");
                        let outside = e.type_() == "mousedown"
                            && e.target()
                                .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                                .is_some_and(|t| !el.contains(Some(&t)));
                        if escape || outside {
                            el.set_open(false);
                            if escape {
                                if let Some(summary) = el
                                    .first_element_child()
                                    .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
                                {
                                    let _ = summary.focus();
                                }
                            }
                        }
                    },
                )
            });
            let document = web_sys::window().and_then(|w| w.document());
            if let (Some(d), Some(l)) = (&document, &listener) {
                for kind in ["keydown", "mousedown"] {
                    let _ = d.add_event_listener_with_callback(kind, l.as_ref().unchecked_ref());
                }
            }
            move || {
                if let (Some(d), Some(l)) = (document, listener) {
                    for kind in ["keydown", "mousedown"] {
                        let _ =
                            d.remove_event_listener_with_callback(kind, l.as_ref().unchecked_ref());
                    }
                }
            }
        });
    }
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            open.set(el.open());
        })
    };
    let copy_button = |what: &'static str, text: String, field: NodeRef, testid: &'static str| {
        let copied = copied.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let done = copy(&text, field.cast::<web_sys::HtmlElement>());
            copied.set(if done {
                format!("The {what} is copied.")
            } else {
                format!("Select the {what} and copy it (the browser did not allow copying).")
            });
        });
        html! { <button type="button" class="btn" data-testid={testid} {onclick}>{ format!("Copy {what}") }</button> }
    };

    let (share, snippet) = links.as_ref().clone().unwrap_or_default();
    let save_name = if name.is_empty() {
        store.title()
    } else {
        (*name).clone()
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_save = {
        let store = store.clone();
        let save_name = save_name.clone();
        let name = name.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            store.dispatch(Action::SaveAs(save_name.clone()));
            name.set(String::new());
        })
    };
    let saved = store.saved.iter().enumerate().map(|(i, n)| {
        let current = n.scenario == store.scenario;
        let open_it = {
            let store = store.clone();
            Callback::from(move |_: MouseEvent| store.dispatch(Action::OpenSaved(i)))
        };
        let delete = {
            let store = store.clone();
            Callback::from(move |_: MouseEvent| store.dispatch(Action::DeleteSaved(i)))
        };
        html! {
            <li key={n.name.clone()} data-testid="saved-scenario">
                <span class="saved-name">{ &n.name }</span>
                if current { <span class="saved-current">{ " (on screen)" }</span> }
                <button type="button" class="btn btn-small" onclick={open_it} disabled={current}
                    aria-label={format!("Open “{}”", n.name)}>{ "Open" }</button>
                <button type="button" class="btn btn-small" onclick={delete}
                    aria-label={format!("Delete “{}”", n.name)}>{ "Delete" }</button>
            </li>
        }
    });
    let on_file = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let store = store.clone();
            wasm_bindgen_futures::spawn_local(async move {
                store.dispatch(open_scenario_file(&file).await);
            });
        })
    };
    let on_download = {
        let scenario = store.scenario.clone();
        Callback::from(move |_: MouseEvent| {
            crate::download::save(
                &file_name(&scenario.name),
                "application/json",
                &scenario.to_json(),
            );
        })
    };
    let control_boxes = CONTROLS.iter().map(|c| {
        let c = *c;
        let checked = controls.contains(&c);
        let onchange = {
            let controls = controls.clone();
            Callback::from(move |_: Event| {
                let mut next: Vec<Control> = (*controls).clone();
                if checked {
                    next.retain(|x| *x != c);
                } else {
                    next.push(c);
                    next.sort();
                }
                controls.set(next);
            })
        };
        html! {
            <label class="inline-check">
                <input type="checkbox" {checked} {onchange} data-testid={format!("embed-control-{}", c.name())} />
                { c.label() }
            </label>
        }
    });
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });

    html! {
        <details class="share" data-testid="share" ref={details} {ontoggle}>
            <summary class="btn">{ "Share & save" }</summary>
            <div class="share-body">
                <section aria-labelledby="share-link-title">
                    <h2 id="share-link-title">{ "Link to this scenario" }</h2>
                    <p class="hint">{ "Whoever opens it sees these numbers exactly. It carries the whole scenario, never imported leads." }</p>
                    <div class="copy-row">
                        <label for="share-link" class="sr-only">{ "Share link" }</label>
                        <input id="share-link" type="text" readonly=true value={share.clone()}
                            data-testid="share-link" ref={link_ref.clone()} />
                        { copy_button("link", share, link_ref, "copy-link") }
                    </div>
                </section>
                <section aria-labelledby="save-title">
                    <h2 id="save-title">{ "Saved in this browser" }</h2>
                    <form class="copy-row" onsubmit={on_save}>
                        <label for="save-name" class="sr-only">{ "Name to save under" }</label>
                        <input id="save-name" type="text" value={save_name} oninput={on_name}
                            data-testid="save-name" maxlength="120" />
                        <button type="submit" class="btn" data-testid="save-as">{ "Save" }</button>
                    </form>
                    if store.saved.is_empty() {
                        <p class="hint">{ "Nothing saved yet. Your working scenario is kept anyway, with its undo steps." }</p>
                    } else {
                        <ul class="saved-list">{ for saved }</ul>
                    }
                </section>
                <section aria-labelledby="file-title">
                    <h2 id="file-title">{ "Scenario file" }</h2>
                    <p class="hint">{ "The same JSON file the funnel-lab command line reads and writes." }</p>
                    <div class="copy-row">
                        <label class="btn file-button">
                            { "Open a file…" }
                            <input type="file" accept=".json,application/json" class="sr-only"
                                data-testid="open-scenario-file" onchange={on_file} />
                        </label>
                        <button type="button" class="btn" data-testid="save-scenario-file"
                            onclick={on_download}>{ "Save as file" }</button>
                        <button type="button" class="btn" onclick={print}>{ "Print summary" }</button>
                    </div>
                </section>
                <section aria-labelledby="embed-title">
                    <h2 id="embed-title">{ "Embed in a document" }</h2>
                    <fieldset class="embed-controls">
                        <legend>{ "Controls readers may move" }</legend>
                        { for control_boxes }
                    </fieldset>
                    <label for="embed-snippet" class="sr-only">{ "Embed snippet" }</label>
                    <textarea id="embed-snippet" readonly=true rows="4" value={snippet.clone()}
                        data-testid="embed-snippet" ref={snippet_ref.clone()} />
                    { copy_button("snippet", snippet, snippet_ref, "copy-snippet") }
                </section>
                <p class="copied" role="status" aria-live="polite">{ (*copied).clone() }</p>
            </div>
        </details>
    }
}

/// Reads a chosen scenario file as the command line does: the action that opens it, or the
/// notice that says why it cannot be.
async fn open_scenario_file(file: &web_sys::File) -> Action {
    let name = file.name();
    let refuse = |why: String| Action::Notify {
        // Worded as the command line words it: "FILE: what is wrong".
        text: format!("{name}: {why}"),
        problem: true,
    };
    if file.size() > MAX_FILE {
        return refuse(format!(
            "it is {} bytes; a scenario file has at most {} (is it a CRM export? Import those on the Your leads tab)",
            format::count(file.size()),
            format::count(MAX_FILE)
        ));
    }
    let text = match wasm_bindgen_futures::JsFuture::from(file.text()).await {
        Ok(t) => t.as_string().unwrap_or_default(),
        Err(_) => return refuse("the browser could not read it".into()),
    };
    match Scenario::load(&text) {
        Ok(loaded) => {
            if !loaded.notes.is_empty() {
                // The notes come after the scenario opens: dispatched from here they would be
                // lost in the one action, so they ride in the name of the step instead.
                let notes = loaded.notes.join("; ");
                return Action::Replace(
                    Box::new(loaded.scenario),
                    Some(format!(
                        "{name} was made by an older Funnel Lab and brought up to date: {notes}."
                    )),
                );
            }
            Action::Replace(Box::new(loaded.scenario), None)
        }
        Err(e) => refuse(e.to_string()),
    }
}

/// The hand-out: on paper only (the print stylesheet shows it and hides the page).
#[component]
pub fn PrintSummary() -> Html {
    let store = use_store();
    let s = &store.scenario;
    let metrics = store.results.as_ref().map(|r| &r.report.metrics);
    let decision = match &s.scoring.qualify {
        Qualify::Score { threshold } => format!(
            "A lead is an MQL when its fit + engagement score is at least {} points.",
            super::format_number(*threshold)
        ),
        Qualify::Grid { cells } => format!(
            "A lead is an MQL when its grade is one of {}.",
            cells.join(", ")
        ),
    };
    let rules = s.scoring.rules.iter().map(|r| {
        html! { <li><span>{ &r.name }</span><span class="num">{ format::points(r.points) }</span></li> }
    });
    let rows = HEADLINES
        .iter()
        .chain([
            ("mql_to_sql_rate", "MQL → SQL"),
            ("win_rate", "Win rate"),
            ("cycle_days", "Sales cycle"),
            ("pipeline_velocity", "Pipeline velocity"),
        ].iter())
        .map(|(name, label)| {
            let m = metrics.and_then(|m| m.get(name));
            html! {
                <tr>
                    <th scope="row">{ *label }</th>
                    <td class="num">{ m.map_or("…".into(), |m| format::for_metric(name, m.mean)) }</td>
                    <td class="num">{ m.map_or("…".into(), |m| format!("{} – {}", format::for_metric(name, m.p05), format::for_metric(name, m.p95))) }</td>
                </tr>
            }
        });
    let checklist = Checklist::of(s);
    let checks = CHECKS.iter().zip(checklist.passed).map(|(c, passed)| {
        html! { <li>{ if passed { "✔ " } else { "✘ " } }{ c.title() }</li> }
    });
    let trials = store.results.as_ref().map_or(s.trials, |r| r.report.trials);
    html! {
        <section class="print-only print-summary" aria-hidden="true" data-testid="print-summary">
            <h1>{ format!("Funnel Lab · {}", store.title()) }</h1>
            <p>{ format!("Started from “{}”. {} simulated runs, seed {}.", preset_label(&store.preset), trials, s.seed) }</p>
            <h2>{ "The decision" }</h2>
            <p>{ decision }</p>
            <p>{ format!(
                "Sales responds within {} of a lead becoming an MQL and accepts or rejects it within {}.",
                format::setting_duration(s.process.response_sla_minutes),
                format::setting_duration(s.process.disposition_sla_hours * 60.0)
            ) }</p>
            <h3>{ "Scoring rules and their points" }</h3>
            <ul class="print-rules">{ for rules }</ul>
            <h2>{ format!("The projection over {} days", s.horizon.close_days) }</h2>
            <table class="print-projection">
                <thead><tr><th>{ "" }</th><th>{ "Expected" }</th><th>{ "9 runs in 10 between" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <h2>{ format!("Readiness: {} of {} checks pass", checklist.passed_count(), CHECKS.len()) }</h2>
            <ul class="print-checks">{ for checks }</ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::presets;

    #[test]
    fn links_carry_the_scenario_and_the_chosen_controls() {
        let s = presets::preset("siloed").unwrap();
        let base = "https://wiki.example/tools/funnel-lab/";
        let share = share_url(base, &s);
        assert_eq!(
            link::decode(link::token_in(&share).unwrap())
                .unwrap()
                .scenario,
            s
        );
        let embed = embed_url(base, &s, &[Control::Threshold, Control::Sla]);
        assert!(
            embed.starts_with(&format!("{base}?embed#scenario=z")),
            "{embed}"
        );
        assert!(embed.ends_with("&controls=threshold,sla"), "{embed}");
        assert_eq!(
            link::decode(link::token_in(&embed).unwrap())
                .unwrap()
                .scenario,
            s
        );
    }

    #[test]
    fn the_snippet_escapes_the_title_and_files_get_plain_names() {
        let snippet = iframe_snippet("https://x/?embed#scenario=z2.a", "Q3 \"SLA\" <draft> & co");
        assert!(
            snippet.contains("title=\"Funnel Lab: Q3 &quot;SLA&quot; &lt;draft> &amp; co\""),
            "{snippet}"
        );
        assert_eq!(file_name("Q3 SLA: 15 min!"), "q3-sla-15-min.json");
        assert_eq!(file_name("???"), "scenario.json");
    }
}
