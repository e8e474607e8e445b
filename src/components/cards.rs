//! A headline metric: its mean in large type, its P5–P95 band, and what it means.

use funnel_engine::report::Summary;
use yew::prelude::*;

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
}

#[component]
pub fn MetricCard(props: &MetricCardProps) -> Html {
    let name = props.name.as_str();
    let info = explain::metric(name);
    let title = props.label.as_str();
    let help_id = format!("help-{name}");
    let (value, band, mean) = match &props.summary {
        Some(s) if s.mean.is_finite() => (
            format::for_metric(name, s.mean),
            band_text(name, s),
            s.mean.to_string(),
        ),
        // A run that left the metric undefined says so: no silent dash.
        Some(_) => (
            format::UNDEFINED.to_string(),
            "undefined in every trial".to_string(),
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
                    <span class="info" tabindex="0" role="note"
                        title={format!("{}\n{}", i.formula, i.source)}
                        aria-label={format!("About {}", i.title)}>{ "i" }</span>
                }
            </h2>
            <p class="card-value">{ value }</p>
            <p class="card-band">{ band }</p>
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
        1 => format!("{band} · undefined in 1 trial"),
        n => format!("{band} · undefined in {n} trials"),
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
            "P5–P95: 20.5 % – 29.5 % · undefined in 1 trial"
        );
        let s = Summary::of([7.0, 7.0].into_iter());
        assert_eq!(band_text("won", &s), "P5 = P95: 7");
    }
}
