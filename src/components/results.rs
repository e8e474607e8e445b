//! The results side of the page: run status, headline cards, the funnel, distributions, the
//! score distribution, and the notes that say how every number is made.

use yew::prelude::*;

use super::cards::MetricCard;
use super::use_store;
use crate::charts::{FunnelChart, FunnelStage, HistogramChart, ScoreChart};
use crate::explain;
use crate::format;
use crate::state::Phase;

fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Starting => "starting",
        Phase::Preview => "preview",
        Phase::Ready => "ready",
        Phase::Failed => "failed",
    }
}

#[component]
pub fn RunStatus() -> Html {
    let store = use_store();
    let (done, total) = store.progress;
    let pct = if total > 0 {
        100.0 * done as f64 / total as f64
    } else {
        0.0
    };
    let text = match store.phase {
        Phase::Starting => "Simulating…".to_string(),
        Phase::Preview => format!(
            "Preview of {} trials · full run {:.0} %",
            crate::worker::PREVIEW_TRIALS,
            pct
        ),
        Phase::Ready => format!("{} trials", store.scenario.trials),
        Phase::Failed => "Could not run".to_string(),
    };
    html! {
        <div class="run-status" data-testid="status" data-phase={phase_name(store.phase)}
            data-revision={store.revision.to_string()} aria-live="polite">
            <div class="progress" data-testid="progress" role="progressbar"
                aria-label="Simulation progress" aria-valuemin="0" aria-valuemax="100"
                aria-valuenow={format!("{pct:.0}")}>
                <div class="progress-fill" style={format!("width: {pct:.1}%")}></div>
            </div>
            <span class="run-text">{ text }</span>
            if let Some(e) = &store.run_error {
                <p class="run-error" role="alert">{ e }</p>
            }
        </div>
    }
}

#[component]
pub fn Headlines() -> Html {
    let store = use_store();
    let stale = !store.results_current;
    let m = store.results.as_ref().map(|r| r.report.metrics.clone());
    let get = |name: &str| m.as_ref().and_then(|m| m.get(name).cloned());
    let sla = get("sla_compliance").map(|s| {
        format!(
            "{} within the {} SLA",
            format::percent(s.mean),
            format::duration_minutes(store.scenario.process.response_sla_minutes)
        )
    });
    let sla_mean = get("sla_compliance").map(|s| (AttrValue::from("sla_compliance"), s.mean));
    let card = |name: &'static str, label: &'static str, note: Option<String>| {
        let note_metric = if note.is_some() {
            sla_mean.clone()
        } else {
            None
        };
        html! { <MetricCard name={name} label={label} summary={get(name)} note={note.map(AttrValue::from)} {note_metric} {stale} /> }
    };
    html! {
        <section class="headlines" aria-label="Headline metrics">
            { card("mql_to_sql_rate", "MQL → SQL", None) }
            { card("acceptance_rate", "Accepted by sales", None) }
            { card("win_rate", "Win rate", None) }
            { card("response_minutes", "First response", sla) }
            { card("cycle_days", "Sales cycle", None) }
            { card("pipeline_velocity", "Pipeline velocity", None) }
            { card("revenue", "Revenue won", None) }
            { card("cac", "CAC", None) }
        </section>
    }
}

const STAGES: [(&str, &str); 6] = [
    ("Leads", "leads"),
    ("MQL", "mqls"),
    ("SAL", "sals"),
    ("SQL", "sqls"),
    ("Opportunity", "opportunities"),
    ("Won", "won"),
];

#[component]
pub fn FunnelPanel() -> Html {
    let store = use_store();
    let Some(results) = store.results.clone() else {
        return html! {
            <section class="panel funnel-panel"><h2>{ "Projected funnel" }</h2>
                <p class="placeholder">{ "Simulating the first projection…" }</p></section>
        };
    };
    let m = &results.report.metrics;
    let stages: Vec<FunnelStage> = STAGES
        .iter()
        .filter_map(|(label, name)| {
            m.get(name).map(|s| FunnelStage {
                label: (*label).to_string(),
                mean: s.mean,
                p05: s.p05,
                p95: s.p95,
            })
        })
        .collect();
    let counts = STAGES.iter().filter_map(|(label, name)| {
        m.get(name).map(|s| {
            html! {
                <li data-testid={format!("metric-{name}")} data-mean={s.mean.to_string()}>
                    <span class="stage-name">{ *label }</span>
                    <span class="stage-count">{ format::count(s.mean) }</span>
                </li>
            }
        })
    });
    html! {
        <section class={classes!("panel", "funnel-panel", (!store.results_current).then_some("stale"))}>
            <h2>{ "Projected funnel" }
                <span class="subtle">{ format!(" · mean of {} trials, bars show P5–P95", results.report.trials) }</span>
            </h2>
            <FunnelChart stages={stages} format={format::count as fn(f64) -> String} />
            // The chart shows these numbers; the list carries them as data for scripts and tests.
            <ul class="stage-counts" hidden=true>{ for counts }</ul>
        </section>
    }
}

#[component]
pub fn Distributions() -> Html {
    let store = use_store();
    let Some(results) = store.results.clone() else {
        return html! {};
    };
    let m = &results.report.metrics;
    let hist = |name: &str, f: fn(f64) -> String| -> Html {
        let title = explain::metric(name).map_or(name.to_string(), |e| e.title.to_string());
        match m.get(name) {
            Some(s) => html! {
                <figure class="hist">
                    <figcaption>{ title.clone() }</figcaption>
                    <HistogramChart summary={s.clone()} label={title} format={f} />
                </figure>
            },
            None => html! {},
        }
    };
    html! {
        <section class="panel distributions" aria-label="Distributions over trials">
            <h2>{ "How sure is this?" }<span class="subtle">{ " · spread over trials, P5 / P50 / P95 marked" }</span></h2>
            <div class="hist-grid">
                { hist("revenue", format::money) }
                { hist("sqls", format::count) }
                { hist("response_minutes", format::duration_minutes) }
            </div>
        </section>
    }
}

#[component]
pub fn ScorePanel() -> Html {
    let store = use_store();
    let Some(results) = store.results.clone() else {
        return html! {};
    };
    let s = &results.scores;
    html! {
        <section class="panel score-panel">
            <h2>{ "Scores of the sample leads" }
                <span class="subtle">{ format!(" · {} of {} leads are MQLs ({})", format::count(s.mqls as f64),
                    format::count(s.leads as f64), format::percent(s.mqls as f64 / s.leads.max(1) as f64)) }</span>
            </h2>
            <ScoreChart scores={s.clone()} />
        </section>
    }
}

#[component]
pub fn RunFooter() -> Html {
    let store = use_store();
    let Some(results) = store.results.clone() else {
        return html! { <footer class="footer"><p>{ "Everything runs in this browser tab; no data leaves it." }</p></footer> };
    };
    let r = &results.report;
    html! {
        <footer class="footer">
            <p>
                { "Everything runs in this browser tab; no data leaves it. " }
                { format!("{} trials, seed {}, in {:.0} ms. Result digest ", r.trials, r.seed, results.millis) }
                <code data-testid="digest" data-seed={r.seed.to_string()} data-trials={r.trials.to_string()}
                    data-millis={format!("{:.0}", results.millis)}>{ &r.digest }</code>
                { ": the same as " }<code>{ format!("funnel-lab simulate --seed {}", r.seed) }</code>{ " gives for this scenario." }
            </p>
            if !r.warnings.is_empty() {
                <ul class="warnings">{ for r.warnings.iter().map(|w| html! { <li>{ w }</li> }) }</ul>
            }
        </footer>
    }
}

#[component]
pub fn Explanations() -> Html {
    let items = funnel_engine::sim::TrialMetrics::NAMES
        .iter()
        .filter_map(|name| {
            explain::metric(name).map(|e| {
                html! {
                    <div class="explain-item">
                        <dt>{ e.title }</dt>
                        <dd>{ e.formula }<br /><span class="source">{ e.source }</span></dd>
                    </div>
                }
            })
        });
    html! {
        <details class="panel explanations">
            <summary>{ "How every number is made" }</summary>
            <dl>{ for items }</dl>
        </details>
    }
}
