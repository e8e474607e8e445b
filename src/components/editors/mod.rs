//! The scenario's editors: the scoring model, the process between the teams, and the market.
//!
//! Each editor reads the one state through [`use_store`](super::use_store) and changes the
//! scenario only by dispatching [`state::edit`] with the engine's path of the field it changes,
//! so that the engine's verdict (and any refusal) lands on that field. The editors keep no part
//! of the scenario; the fields keep only the text being typed.

mod market;
mod process;
mod scoring;

pub use market::MarketEditor;
pub use process::ProcessEditor;
pub use scoring::ScoringEditor;

use std::rc::Rc;

use funnel_engine::Scenario;
use yew::prelude::*;

use crate::explain;
use crate::state::{self, AppState};

type Dispatcher = UseReducerDispatcher<AppState>;

/// A callback that edits the scenario with the value it is given, filed under `path`.
fn on<T: Clone + 'static>(
    d: &Dispatcher,
    path: impl Into<String>,
    f: impl Fn(&mut Scenario, T) + 'static,
) -> Callback<T> {
    let d = d.clone();
    let path: String = path.into();
    let f = Rc::new(f);
    Callback::from(move |v: T| {
        let f = f.clone();
        d.dispatch(state::edit(path.clone(), move |s| f(s, v.clone())));
    })
}

/// A callback for a button: one fixed edit of the scenario.
fn on_click(
    d: &Dispatcher,
    path: impl Into<String>,
    f: impl Fn(&mut Scenario) + 'static,
) -> Callback<MouseEvent> {
    let d = d.clone();
    let path: String = path.into();
    let f = Rc::new(f);
    Callback::from(move |_: MouseEvent| {
        let f = f.clone();
        d.dispatch(state::edit(path.clone(), move |s| f(s)));
    })
}

/// Splits a comma-separated list, trimming each item and dropping empty ones:
/// `"a, b ,,c "` → `["a", "b", "c"]`.
pub fn parse_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The inverse of [`parse_list`] for display.
pub fn join_list<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Empty text means "none".
fn optional_text(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
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

    #[test]
    fn lists_are_split_on_commas_and_trimmed() {
        let check = |text: &str, expected: &[&str]| {
            assert_eq!(parse_list(text), expected, "{text:?}");
        };
        check("a, b ,c", &["a", "b", "c"]);
        check("software, ", &["software"]);
        check(" ,, ", &[]);
        check("", &[]);
        check("north america,emea", &["north america", "emea"]);
        assert_eq!(join_list(&parse_list("a,b , c")), "a, b, c");
        assert_eq!(optional_text("  "), None);
        assert_eq!(optional_text(" web "), Some("web".into()));
    }
}
