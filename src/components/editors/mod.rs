//! The scenario's editors: the scoring model, the process between the teams, and the market.
//!
//! Each editor reads the one state through [`use_store`](super::use_store) and changes the
//! scenario only by dispatching [`Edit`]s, plain data that name the place they change (a
//! scenario path, and a row by its id), so that the engine's verdict (and any refusal) lands
//! on that field and follows its row. The editors keep no part of the scenario; the fields keep
//! only the text being typed.

mod market;
mod process;
mod rules;
mod scoring;

pub use market::{stage_names, MarketEditor};
pub use process::{minutes_unit, ProcessEditor};
pub use scoring::{slider_bounds, threshold_inputs, ScoringEditor};

use yew::prelude::*;

use crate::explain;
use crate::state::{Action, AppState, Edit};

type Dispatcher = UseReducerDispatcher<AppState>;

/// A button's callback: one fixed edit.
fn click(d: &Dispatcher, edit: Edit) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |_: MouseEvent| d.dispatch(Action::Edit(edit.clone())))
}

/// A callback that turns what it is given into an edit.
fn edit_with<T: 'static>(d: &Dispatcher, f: impl Fn(T) -> Edit + 'static) -> Callback<T> {
    let d = d.clone();
    Callback::from(move |v: T| d.dispatch(Action::Edit(f(v))))
}

/// Moves focus, once the page shows the change just dispatched, to the first element that
/// `selector` finds: the next row after a removal, the new row after an addition.
pub fn focus_later(selector: String) {
    gloo_timers::callback::Timeout::new(0, move || {
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok());
        if let Some(el) = el {
            let _ = el.focus();
        }
    })
    .forget();
}

/// A button that removes a row, then gives focus to `then` (a CSS selector), so that pressing
/// Enter again never removes a second row. Out of the tab order in a table whose rows are one
/// tab stop each (its arrow keys reach it).
fn remove_button(
    d: &Dispatcher,
    edit: Edit,
    label: String,
    disabled: bool,
    then: String,
    tab_stop: bool,
) -> Html {
    let onclick = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| {
            d.dispatch(Action::Edit(edit.clone()));
            focus_later(then.clone());
        })
    };
    html! {
        <button type="button" class="btn-icon" {disabled} {onclick}
            tabindex={(!tab_stop).then_some("-1")}
            aria-label={label} title="Remove" data-testid="row-remove">
            <span aria-hidden="true">{ "×" }</span>
        </button>
    }
}

/// The engine's name of a choice (`round_robin`), the value of its option in a select.
pub fn wire_name(v: impl serde::Serialize) -> AttrValue {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(|s| AttrValue::from(s.to_string())))
        .unwrap_or_default()
}

/// A list for display and editing as comma-separated text.
pub fn join_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `(value, label)` pairs for a [`SelectField`](super::fields::SelectField).
fn options(pairs: &[(&'static str, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    pairs
        .iter()
        .map(|(v, l)| (AttrValue::from(*v), AttrValue::from(*l)))
        .collect()
}

/// How the settings of a fieldset are used and where their defaults come from, folded away
/// under the fieldset (from [`explain::setting`]).
fn explain(paths: &[&str]) -> Html {
    let items: Vec<Html> = paths
        .iter()
        .filter_map(|p| explain::setting(p))
        .map(|e| {
            html! {
                <div class="explain-item">
                    <dt>{ e.title }</dt>
                    <dd>{ e.formula }<br /><span class="source">{ e.source }</span></dd>
                </div>
            }
        })
        .collect();
    if items.is_empty() {
        return Html::default();
    }
    html! {
        <details class="explain">
            <summary>{ "How this is used, and sources" }</summary>
            <dl>{ for items }</dl>
        </details>
    }
}

/// A short help line under a fieldset's legend.
fn help(text: &'static str) -> Html {
    html! { <p class="help">{ text }</p> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::fields::{text_value, TextShape};

    #[test]
    fn lists_print_as_they_are_typed() {
        assert_eq!(join_list(&["a", "b"]), "a, b");
        let back = text_value(&join_list(&["north america", "emea"]), TextShape::List);
        assert_eq!(back, serde_json::json!(["north america", "emea"]));
    }
}
