//! A headline metric: its mean in large type, its P5–P95 band, and what it means.
//!
//! What it means sits behind an "i" button: a disclosure that shows a small popover under the
//! card's title. A click toggles it; keyboard focus opens it, so that tabbing through the
//! cards reads them; Escape and leaving the button close it. Screen readers get the same text
//! as the card's description, whether the popover is open or not.

use funnel_engine::report::Summary;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::summary::{change, delta_chip};
use crate::explain;
use crate::format;

#[derive(Properties, PartialEq)]
pub struct MetricCardProps {
    /// The metric's name in the report (`mql_to_sql_rate`).
    pub name: AttrValue,
    /// A short title for the card; the full one is in the explanation.
    pub label: AttrValue,
    pub summary: Option<Summary>,
    /// A second line under the band, e.g. the SLA compliance under the response time.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// The metric the note shows, and its mean, as data for scripts (`metric-NAME`).
    #[prop_or_default]
    pub note_metric: Option<(AttrValue, f64)>,
    /// Shown dimmed while the numbers answer an earlier version of the scenario.
    #[prop_or_default]
    pub stale: bool,
    /// The mean of the run before, for the change since.
    #[prop_or_default]
    pub before: Option<f64>,
}

/// An open-or-closed popover and the handlers of the button that shows it.
pub struct Disclosure {
    pub open: bool,
    /// Whether the button lies in the right half of the window, so that its popover opens
    /// leftwards (class `end`) and stays on screen whatever the number of cards in a row.
    pub end: bool,
    /// The button's: attach it so that focus can tell a keyboard from a pointer.
    pub button: NodeRef,
    pub onclick: Callback<MouseEvent>,
    pub onfocus: Callback<FocusEvent>,
    pub onblur: Callback<FocusEvent>,
    pub onkeydown: Callback<KeyboardEvent>,
}

/// Whether the middle of `el` lies in the right half of the window.
fn in_right_half(el: &HtmlElement) -> bool {
    let mut x = f64::from(el.offset_width()) / 2.0;
    let mut at = Some(el.clone());
    while let Some(e) = at {
        x += f64::from(e.offset_left());
        at = e
            .offset_parent()
            .and_then(|p| p.dyn_into::<HtmlElement>().ok());
    }
    let window = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64());
    window.is_some_and(|w| x > w / 2.0)
}

/// State and handlers for an info button: a click toggles, keyboard focus opens, Escape and
/// blur close.
#[hook]
pub fn use_disclosure() -> Disclosure {
    let open = use_state_eq(|| false);
    let end = use_state_eq(|| false);
    let button = use_node_ref();
    // Opens on the side with room, measured now: the layout may have changed since the last
    // time.
    let show = {
        let (open, end, button) = (open.clone(), end.clone(), button.clone());
        move || {
            if let Some(b) = button.cast::<HtmlElement>() {
                end.set(in_right_half(&b));
            }
            open.set(true);
        }
    };
    let onclick = {
        let (open, show) = (open.clone(), show.clone());
        Callback::from(move |_: MouseEvent| {
            if *open {
                open.set(false);
            } else {
                show();
            }
        })
    };
    let onfocus = {
        let button = button.clone();
        Callback::from(move |_: FocusEvent| {
            // A click focuses the button as well, then toggles it: only a keyboard's focus
            // (the one browsers mark `:focus-visible`) opens the popover by itself.
            let by_keyboard = button
                .cast::<Element>()
                .is_some_and(|b| b.matches(":focus-visible").unwrap_or(false));
            if by_keyboard {
                show();
            }
        })
    };
    let onblur = {
        let open = open.clone();
        Callback::from(move |_: FocusEvent| open.set(false))
    };
    let onkeydown = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && *open {
                e.prevent_default();
                open.set(false);
            }
        })
    };
    Disclosure {
        open: *open,
        end: *end,
        button,
        onclick,
        onfocus,
        onblur,
        onkeydown,
    }
}

/// The "i" button of a metric's explanation, for a title.
pub fn info_button(d: &Disclosure, popover_id: &str, info: &explain::Explanation) -> Html {
    html! {
        <button ref={d.button.clone()} type="button" class="info"
            aria-expanded={if d.open { "true" } else { "false" }}
            aria-controls={popover_id.to_string()}
            aria-label={format!("About {}", info.title)}
            onclick={d.onclick.clone()}
            onfocus={d.onfocus.clone()}
            onblur={d.onblur.clone()}
            onkeydown={d.onkeydown.clone()}>{ "i" }</button>
    }
}

/// The explanation the "i" button shows, placed against the nearest positioned box.
pub fn info_popover(d: &Disclosure, popover_id: &str, info: &explain::Explanation) -> Html {
    html! {
        <div id={popover_id.to_string()} class={classes!("info-pop", d.end.then_some("end"))}
            hidden={!d.open}>
            <p class="info-pop-title">{ info.title }</p>
            <p>{ info.formula }</p>
            <p class="info-pop-source">{ info.source }</p>
        </div>
    }
}

#[component]
pub fn MetricCard(props: &MetricCardProps) -> Html {
    let name = props.name.as_str();
    let info = explain::metric(name);
    let title = props.label.as_str();
    let help_id = format!("help-{name}");
    let popover_id = format!("info-{name}");
    let disclosure = use_disclosure();
    let (value, band, mean) = match &props.summary {
        Some(s) if s.mean.is_finite() => (
            format::for_metric(name, s.mean),
            band_text(name, s),
            s.mean.to_string(),
        ),
        // A run that left the metric undefined says so: no silent dash.
        Some(_) => (
            format::UNDEFINED.to_string(),
            "undefined in every run".to_string(),
            String::new(),
        ),
        None => (
            format::UNDEFINED.to_string(),
            "no data yet".to_string(),
            String::new(),
        ),
    };
    html! {
        <article class={classes!("card", props.stale.then_some("stale"))}
            data-testid={format!("metric-{name}")} data-mean={mean}
            aria-describedby={help_id.clone()}>
            <h2 class="card-title">
                { title }
                if let Some(i) = &info {
                    { info_button(&disclosure, &popover_id, i) }
                }
            </h2>
            if let Some(i) = &info {
                { info_popover(&disclosure, &popover_id, i) }
            }
            <p class="card-value">{ value }</p>
            <p class="card-band">{ band }</p>
            if let Some(c) = props.summary.as_ref().zip(props.before).filter(|_| !props.stale).and_then(|(s, b)| change(name, s.mean, b)) {
                { delta_chip(&c) }
            }
            if let Some(note) = &props.note {
                <p class="card-note"
                    data-testid={props.note_metric.as_ref().map(|(n, _)| format!("metric-{n}"))}
                    data-mean={props.note_metric.as_ref().map(|(_, m)| m.to_string())}>{ note }</p>
            }
            <p id={help_id} class="sr-only">
                { info.as_ref().map(|i| format!("{} {}", i.formula, i.source)).unwrap_or_default() }
            </p>
        </article>
    }
}

/// The P5–P95 band under a value, and how many trials left the metric undefined (a win rate
/// in a trial where no deal closed).
pub fn band_text(name: &str, s: &Summary) -> String {
    let band = format::band(
        format::for_metric(name, s.p05),
        format::for_metric(name, s.p95),
    );
    match s.undefined {
        0 => band,
        1 => format!("{band} · undefined in 1 run"),
        n => format!("{band} · undefined in {n} runs"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_say_when_trials_had_no_value() {
        let s = Summary::of([0.2, 0.25, f64::NAN, 0.3].into_iter());
        assert_eq!(
            band_text("win_rate", &s),
            "P5–P95: 20.5 % – 29.5 % · undefined in 1 run"
        );
        let s = Summary::of([7.0, 7.0].into_iter());
        assert_eq!(band_text("won", &s), "P5 = P95: 7");
    }
}
