//! The embedded view: the headline numbers, the funnel and the few controls the author chose,
//! for an iframe in a wiki page or a docs page's element (through the JavaScript API). It
//! keeps nothing in the browser's storage and links to the full app with its scenario.

use std::rc::Rc;

use funnel_engine::Scenario;
use yew::prelude::*;

use super::app::use_engine;
use super::editors::{minutes_unit, threshold_inputs};
use super::fields::{Field, NumberField};
use super::results::{FunnelPanel, RunFooter};
use super::share::{share_url, Notices};
use super::summary::{SummaryBar, Takeaway};
use super::{use_store, Store};
use crate::state::AppState;
use funnel_engine::scoring::Qualify;

/// A setting a reader of an embedded view may move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Control {
    Threshold,
    Sla,
    Disposition,
    Sync,
}

/// Every control, in the order they are shown.
pub const CONTROLS: [Control; 4] = [
    Control::Threshold,
    Control::Sla,
    Control::Disposition,
    Control::Sync,
];

impl Control {
    /// Its name in the address (`controls=threshold,sla`) and the API's options.
    pub fn name(self) -> &'static str {
        match self {
            Control::Threshold => "threshold",
            Control::Sla => "sla",
            Control::Disposition => "disposition",
            Control::Sync => "sync",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Control::Threshold => "MQL threshold",
            Control::Sla => "First-response SLA",
            Control::Disposition => "Accept-or-reject SLA",
            Control::Sync => "CRM sync delay",
        }
    }

    pub fn named(name: &str) -> Option<Control> {
        CONTROLS
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// The controls a list names (`threshold,sla`), in the shown order, and the names that are
/// not controls.
pub fn parse_controls(list: &str) -> (Vec<Control>, Vec<String>) {
    let mut controls = Vec::new();
    let mut unknown = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match Control::named(name) {
            Some(c) if !controls.contains(&c) => controls.push(c),
            Some(_) => {}
            None => unknown.push(name.to_string()),
        }
    }
    controls.sort();
    (controls, unknown)
}

/// The controls in an address's fragment (`…&controls=threshold,sla`).
pub fn controls_in_fragment(fragment: &str) -> (Vec<Control>, Vec<String>) {
    fragment
        .split('&')
        .find_map(|p| p.strip_prefix("controls="))
        .map_or((Vec::new(), Vec::new()), parse_controls)
}

#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    pub scenario: Rc<Scenario>,
    #[prop_or_default]
    pub controls: Vec<Control>,
    /// Said above the numbers: a link that could not be opened, an unknown control.
    #[prop_or_default]
    pub notices: Vec<String>,
    /// The full app's address, which "Open in Funnel Lab" links to.
    pub app_url: AttrValue,
}

/// An embedded view with a store of its own.
#[component]
pub fn Embed(props: &EmbedProps) -> Html {
    let store = {
        let scenario = (*props.scenario).clone();
        let notices = props.notices.clone();
        use_reducer(move || AppState::embedded(scenario, notices))
    };
    use_engine(&store);
    html! {
        <ContextProvider<Store> context={store}>
            <EmbedView controls={props.controls.clone()} app_url={props.app_url.clone()} />
        </ContextProvider<Store>>
    }
}

#[derive(Properties, PartialEq)]
struct EmbedViewProps {
    controls: Vec<Control>,
    app_url: AttrValue,
}

#[component]
fn EmbedView(props: &EmbedViewProps) -> Html {
    let store = use_store();
    let open = {
        let scenario = store.scenario.clone();
        let app = props.app_url.clone();
        use_memo(store.revision, move |_| share_url(&app, &scenario))
    };
    let controls = props.controls.iter().map(|c| control(&store, *c));
    html! {
        <div class="embed" data-testid="embed">
            <header class="embed-head">
                <h1 class="embed-title">{ store.title() }</h1>
                <a class="btn btn-primary embed-open" href={(*open).clone()} target="_blank" rel="noopener"
                    data-testid="open-in-app">{ "Open in Funnel Lab ↗" }</a>
            </header>
            <Notices />
            <SummaryBar />
            <Takeaway />
            if !props.controls.is_empty() {
                <section class="embed-controls panel" aria-label="Try another setting">
                    { for controls }
                </section>
            }
            <FunnelPanel />
            <RunFooter />
        </div>
    }
}

fn control(store: &Store, c: Control) -> Html {
    let s = &store.scenario;
    let p = &s.process;
    let year = 365.0 * 1440.0;
    match c {
        Control::Threshold => match &s.scoring.qualify {
            Qualify::Score { threshold } => {
                threshold_inputs(&store.dispatcher(), &s.scoring, *threshold)
            }
            Qualify::Grid { .. } => html! {
                <p class="hint">{ "This scenario qualifies leads by grade, not by a threshold: open it in Funnel Lab to change the grades." }</p>
            },
        },
        Control::Sla => html! {
            <NumberField field={Field::new(c.label(), "process.response_sla_minutes").testid("response-sla")}
                value={p.response_sla_minutes} min={0.0} above=true max={year} step={5.0}
                unit={minutes_unit(p.response_sla_minutes)} />
        },
        Control::Disposition => html! {
            <NumberField field={Field::new(c.label(), "process.disposition_sla_hours").testid("disposition-sla")}
                value={p.disposition_sla_hours} min={0.0} above=true max={year / 60.0} step={1.0}
                unit="h" />
        },
        Control::Sync => html! {
            <NumberField field={Field::new(c.label(), "process.sync_latency_minutes").testid("sync-latency")}
                value={p.sync_latency_minutes} min={0.0} max={year} step={1.0}
                unit={minutes_unit(p.sync_latency_minutes)} />
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_read_from_a_list_in_order_and_unknown_names_are_kept() {
        let (c, unknown) = parse_controls("sla, Threshold,,bogus,sla");
        assert_eq!(c, vec![Control::Threshold, Control::Sla]);
        assert_eq!(unknown, vec!["bogus".to_string()]);
        let (c, _) = controls_in_fragment("scenario=z2.abc&controls=sync,disposition");
        assert_eq!(c, vec![Control::Disposition, Control::Sync]);
        assert_eq!(controls_in_fragment("scenario=z2.abc").0, vec![]);
    }

    #[test]
    fn every_control_is_found_by_its_name() {
        for c in CONTROLS {
            assert_eq!(Control::named(c.name()), Some(c));
        }
    }
}
