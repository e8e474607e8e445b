//! The results side of the page: run status, headline cards, the run's warnings, the funnel,
//! what happened to the MQLs, qualification by response time, distributions, the score
//! distribution, and the notes that say how every number is made.

use funnel_engine::metrics::MetricSummaries;
use funnel_engine::process::{DispositionBreach, ResponseBreach, Strength};
use funnel_engine::report::Summary;
use yew::prelude::*;

use super::cards::{band_text, info_button, info_popover, use_disclosure, MetricCard};
use super::fields::format_number;
use super::use_store;
use crate::charts::{
    speed_takeaway, FunnelChart, FunnelStage, HistogramChart, ScoreChart, SpeedChart,
};
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
            "Quick look ({} runs) · full run {:.0} %",
            crate::worker::PREVIEW_TRIALS,
            pct
        ),
        Phase::Ready => format!("{} runs", format::count(store.scenario.trials as f64)),
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

/// The rates and costs behind the headline numbers (those are in the summary bar), in the
/// order the room asks about them.
#[component]
pub fn Headlines() -> Html {
    let store = use_store();
    let stale = !store.results_current;
    let m = store.results.as_ref().map(|r| r.report.metrics.clone());
    let get = |name: &str| m.as_ref().and_then(|m| m.get(name).cloned());
    let before = |name: &str| {
        store
            .previous
            .as_ref()
            .and_then(|r| r.report.metrics.get(name).map(|s| s.mean))
    };
    let card = |name: &'static str, label: &'static str| {
        html! { <MetricCard name={name} label={label} summary={get(name)} {stale} before={before(name)} /> }
    };
    html! {
        <section class="headlines" aria-label="Rates and costs">
            { card("mql_to_sql_rate", "MQL → SQL") }
            { card("acceptance_rate", "Accepted by sales") }
            { card("win_rate", "Win rate") }
            { card("cycle_days", "Sales cycle") }
            { card("pipeline_velocity", "Pipeline velocity") }
            { card("cac", "CAC") }
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
    // The summary bar carries its own numbers as data; the others are listed here.
    let in_summary = |name: &str| super::summary::HEADLINES.iter().any(|(n, _)| *n == name);
    let counts = STAGES
        .iter()
        .filter(|(_, name)| !in_summary(name))
        .filter_map(|(label, name)| {
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
                <span class="subtle">{ format!(" · mean of {} runs, bars show P5–P95", format::count(results.report.trials as f64)) }</span>
            </h2>
            <FunnelChart stages={stages} format={format::count as fn(f64) -> String} />
            <super::exports::SaveChart name="funnel" />
            // The chart shows these numbers; the list carries them as data for scripts and tests.
            <ul class="stage-counts" hidden=true>{ for counts }</ul>
        </section>
    }
}

/// What the engine warns about the run on screen: a queue still growing at the horizon's end,
/// leads gone cold, rules that match no lead. Shown under the headline cards, never folded
/// away, so that a number that looks fine is not trusted by accident.
#[component]
pub fn Warnings() -> Html {
    let store = use_store();
    let Some(results) = store.results.clone() else {
        return html! {};
    };
    let warnings = &results.report.warnings;
    if warnings.is_empty() {
        return html! {};
    }
    html! {
        <section class="warnings" role="status" aria-label="Warnings about these results"
            data-testid="warnings" data-count={warnings.len().to_string()}>
            <h2>{ if warnings.len() == 1 { "Read this before trusting the numbers" } else { "Read these before trusting the numbers" } }</h2>
            <ul>
                for w in warnings.iter() {
                    <li data-testid="warning">{ format::capitalized(w) }</li>
                }
            </ul>
        </section>
    }
}

/// MQLs that went through the queue: the first MQLs and the re-qualified ones, the
/// denominator the engine uses for the acceptance and MQL → SQL rates.
fn mqls_entered(m: &MetricSummaries) -> f64 {
    m.mqls.mean + m.requalified.mean
}

/// Never-contacted MQLs that a rep accepted and called but never reached: the ones that are
/// neither cold, nor waiting, nor returned. Exact for means, which add up as the counts do.
pub fn called_never_reached(m: &MetricSummaries) -> f64 {
    (m.never_contacted.mean - m.went_cold.mean - m.backlog.mean - m.returned.mean).max(0.0)
}

#[derive(Properties, PartialEq)]
struct OutcomeProps {
    name: &'static str,
    label: &'static str,
    summary: Summary,
    note: Html,
}

/// One outcome: its value, P5–P95 band and a line saying what it means here.
#[component]
fn Outcome(props: &OutcomeProps) -> Html {
    let (name, s) = (props.name, &props.summary);
    let defined = s.mean.is_finite();
    let info = explain::metric(name);
    let disclosure = use_disclosure();
    let popover_id = format!("info-outcome-{name}");
    html! {
        <article class="outcome" data-testid={format!("metric-{name}")}
            data-mean={defined.then(|| s.mean.to_string())}>
            <h3 class="outcome-title">
                { props.label }
                if let Some(i) = &info {
                    { info_button(&disclosure, &popover_id, i) }
                }
            </h3>
            if let Some(i) = &info {
                { info_popover(&disclosure, &popover_id, i) }
            }
            <p class="outcome-value">{ if defined { format::count(s.mean) } else { format::UNDEFINED.into() } }</p>
            <p class="card-band">{ if defined { band_text(name, s) } else { "undefined in every run".into() } }</p>
            <p class="outcome-note">{ props.note.clone() }</p>
        </article>
    }
}

/// A part of an outcome, with its mean as data for scripts.
fn part(name: &'static str, label: &str, s: &Summary) -> Html {
    html! {
        <span class="part" data-testid={format!("metric-{name}")} data-mean={s.mean.to_string()}>
            { format!("{} {}", format::count(s.mean), label) }
        </span>
    }
}

#[component]
pub fn Outcomes() -> Html {
    let store = use_store();
    let Some(results) = store.results.clone() else {
        return html! {};
    };
    let m = &results.report.metrics;
    let p = &store.scenario.process;
    let share = m.never_contacted.mean / mqls_entered(m);
    let never_note = html! {
        <>
            { format!("{} of MQLs:", format::percent(share)) }
            <span class="parts">
                { part("went_cold", "went cold in the queue", &m.went_cold) }
                { part("backlog", "still waiting at the horizon's end", &m.backlog) }
                <span class="part">{ format!("{} called but never reached", format::count(called_never_reached(m))) }</span>
            </span>
        </>
    };
    let reassigned_note = match p.on_response_breach {
        ResponseBreach::Measure => {
            html! { { "Response-SLA breaches are only measured (Process tab)." } }
        }
        ResponseBreach::Reassign => html! { { format!(
            "Still waiting after the {} response SLA: taken by a pool rep with nothing of their own waiting, then by anyone free.",
            format::setting_duration(p.response_sla_minutes)
        ) } },
    };
    let requalified_note = if p.recycling.share == 0.0 || p.recycling.requalify_share == 0.0 {
        html! { { "Recycling is off: no recycled lead comes back (Process tab)." } }
    } else {
        html! { { format!(
            "Recycled leads back as MQLs after {} of nurture ({} % of them).",
            format::days(p.recycling.nurture_days),
            format_number(p.recycling.requalify_share * 100.0)
        ) } }
    };
    let returned_note = match p.on_disposition_breach {
        DispositionBreach::Measure => {
            html! { { "Disposition-SLA breaches are only measured (Process tab)." } }
        }
        DispositionBreach::ReturnToMarketing => html! { { format!(
            "Untouched when the {} disposition SLA passed: back to nurture.",
            format::setting_duration(p.disposition_sla_hours * 60.0)
        ) } },
    };
    html! {
        <section class={classes!("panel", "outcomes-panel", (!store.results_current).then_some("stale"))}
            aria-labelledby="outcomes-title">
            <h2 id="outcomes-title">{ "What happened to the MQLs" }
                <span class="subtle">{ " · mean a run, P5–P95" }</span></h2>
            <div class="outcomes">
                <Outcome name="never_contacted" label="Never contacted" summary={m.never_contacted.clone()} note={never_note} />
                <Outcome name="reassigned" label="Reassigned" summary={m.reassigned.clone()} note={reassigned_note} />
                <Outcome name="requalified" label="Re-qualified" summary={m.requalified.clone()} note={requalified_note} />
                <Outcome name="returned" label="Returned to marketing" summary={m.returned.clone()} note={returned_note} />
            </div>
        </section>
    }
}

#[component]
pub fn SpeedPanel() -> Html {
    let store = use_store();
    let Some(results) = store.results.clone() else {
        return html! {};
    };
    let r = &results.report;
    let strength = match store.scenario.process.speed_to_lead.strength {
        Strength::Published => "at the published strength",
        Strength::Half => "at half the published strength",
        Strength::None => "switched off",
    };
    html! {
        <section class={classes!("panel", "speed-panel", (!store.results_current).then_some("stale"))}
            data-testid="speed-to-lead" aria-labelledby="speed-title">
            <h2 id="speed-title">{ "Qualification by response time" }
                <span class="subtle">{ " · share of MQLs that became SQLs, by time to first touch" }</span></h2>
            if let Some(t) = speed_takeaway(&r.speed_to_lead, format::count) {
                <p class="takeaway" data-testid="speed-takeaway">{ t }</p>
            }
            <SpeedChart rows={r.speed_to_lead.clone()} trials={r.trials} count={format::count as fn(f64) -> String} />
            <super::exports::SaveChart name="speed-to-lead" />
            <p class="source">{ format!(
                "Speed to lead {strength} (Process tab): contact odds about 100× and qualification odds about 21× lower at 30 than at 5 minutes (Lead Response Management study, Oldroyd with InsideSales.com, 2007)."
            ) }</p>
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
        <section class="panel distributions" aria-label="Distributions over runs">
            <h2>{ "How sure is this?" }<span class="subtle">{ " · spread over runs, P5 / P50 / P95 marked" }</span></h2>
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
            <ScoreChart scores={s.clone()} on_pick={{
                let d = store.dispatcher();
                Callback::from(move |(lo, hi): (f64, f64)| {
                    d.dispatch(crate::state::Action::Inspect(crate::worker::LeadQuery::Score { lo, hi, from: 0 }))
                })
            }} />
            <p class="help">{ "Click a bar to look at a lead with that score." }</p>
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
                { format!("{} runs (Monte Carlo trials), seed {}, in {:.0} ms. Result digest ", format::count(r.trials as f64), r.seed, results.millis) }
                <code data-testid="digest" data-seed={r.seed.to_string()} data-trials={r.trials.to_string()}
                    data-millis={format!("{:.0}", results.millis)}>{ &r.digest }</code>
                { ": the same as " }<code>{ format!("funnel-lab simulate --seed {}", r.seed) }</code>{ " gives for this scenario." }
            </p>
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts of "never contacted" add up, for a small run of two presets.
    #[test]
    fn never_contacted_splits_into_its_causes() {
        for name in ["default", "aligned"] {
            let s = funnel_engine::presets::preset(name).unwrap();
            let sample = funnel_engine::scenario_sample(&s).unwrap();
            let p = funnel_engine::prepare(&s, &sample).unwrap();
            let m = funnel_engine::simulate(&p, 1, 4).metrics;
            let rest = called_never_reached(&m);
            assert!(rest > 0.0, "{name}: {rest}");
            let total = m.went_cold.mean + m.backlog.mean + m.returned.mean + rest;
            assert!((total - m.never_contacted.mean).abs() < 1e-9, "{name}");
            assert!(m.never_contacted.mean < mqls_entered(&m), "{name}");
        }
    }
}
