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
            format!(
                "P5–P95: {} – {}",
                format::for_metric(name, s.p05),
                format::for_metric(name, s.p95)
            ),
            s.mean.to_string(),
        ),
        _ => ("—".to_string(), "no data yet".to_string(), String::new()),
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
