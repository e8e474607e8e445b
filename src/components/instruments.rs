//! The workshop's instruments on the page: the threshold sweep and the comparison with a
//! pinned baseline. Both run in the worker on request, with progress, on the same random
//! numbers as the projection (common random numbers), and say when the scenario has changed
//! since they ran.

use funnel_engine::explore::{levers, Comparison, Difference, Sensitivity, Sweep};
use funnel_engine::scoring::{Qualify, ScoringModel};
use yew::prelude::*;

use super::editors::slider_bounds;
use super::fields::format_number;
use super::use_store;
use crate::charts::{OverlayChart, SweepChart, SweepInput, TornadoChart, TornadoInput, SERIES};
use crate::diff::scenario_diff;
use crate::format;
use crate::state::{Action, Edit, ToolRun};

/// Trials per threshold in the page's sweep: enough for the curve's shape, which common random
/// numbers keep smooth.
pub const SWEEP_TRIALS: u32 = 200;
/// Trials per lever end in the page's sensitivity table (about 60 runs of the scenario):
/// paired on common random numbers, the ranking settles well before the means do.
pub const SENSITIVITY_TRIALS: u32 = 60;
/// Trials per flipped check in the checklist's worth.
pub const CHECKLIST_TRIALS: u32 = 200;
/// Rows drawn in the tornado chart; the table lists them all.
const TORNADO_ROWS: usize = 12;
/// About this many thresholds, at a round step.
const SWEEP_POINTS: f64 = 15.0;

/// The thresholds the page sweeps: the slider's range, at a round step giving about 15 points.
pub fn sweep_thresholds(model: &ScoringModel) -> Vec<f64> {
    let current = match model.qualify {
        Qualify::Score { threshold } => threshold,
        Qualify::Grid { .. } => 50.0,
    };
    let (lo, hi) = slider_bounds(model, current);
    let raw = (hi - lo) / SWEEP_POINTS;
    let step = [
        1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 500.0, 1000.0,
    ]
    .into_iter()
    .find(|s| *s >= raw)
    .unwrap_or(raw.ceil());
    funnel_engine::explore::thresholds(lo, hi, step, 64).unwrap_or_else(|| vec![current])
}

/// A metric's mean at a sweep point, formatted.
fn at(sweep: &Sweep, i: usize, name: &str) -> String {
    sweep.points[i].metrics.get(name).map_or_else(
        || format::UNDEFINED.to_string(),
        |s| format::for_metric(name, s.mean),
    )
}

/// What the sweep says, in two or three sentences: where revenue peaks against today's
/// threshold, and what goes wrong on either side.
pub fn sweep_sentence(sweep: &Sweep, current: Option<f64>) -> String {
    let Some(best) = sweep.best else {
        return "No threshold in the range wins a deal with this team: the scoring or the \
                process must change first."
            .into();
    };
    let p = &sweep.points[best];
    let mut out = format!(
        "Revenue peaks at a threshold of {} points: {} (9 runs in 10: {} to {}).",
        format_number(p.threshold),
        at(sweep, best, "revenue"),
        format::money(p.metrics.revenue.p05),
        format::money(p.metrics.revenue.p95),
    );
    if let Some(i) = current.and_then(|t| sweep.points.iter().position(|q| q.threshold == t)) {
        if i != best {
            out.push_str(&format!(
                " At today's {} points: {}.",
                format_number(sweep.points[i].threshold),
                at(sweep, i, "revenue")
            ));
        }
    }
    let last = sweep.points.len() - 1;
    if best > 0 {
        out.push_str(&format!(
            " Lower, more MQLs reach the same reps: at {} points, {} within the SLA and {} \
             never contacted.",
            format_number(sweep.points[0].threshold),
            at(sweep, 0, "sla_compliance"),
            at(sweep, 0, "never_contacted"),
        ));
    }
    if best < last {
        out.push_str(&format!(
            " Higher, the pipeline starves: at {} points, {} MQLs and {} SQLs.",
            format_number(sweep.points[last].threshold),
            at(sweep, last, "mqls"),
            at(sweep, last, "sqls"),
        ));
    }
    out
}

/// A progress bar for an instrument's run.
fn progress(run_label: &str, testid: &str, run: &(u32, u32)) -> Html {
    let pct = if run.1 > 0 {
        100.0 * run.0 as f64 / run.1 as f64
    } else {
        0.0
    };
    html! {
        <div class="tool-progress">
            <div class="progress" data-testid={testid.to_string()} role="progressbar"
                aria-label={run_label.to_string()} aria-valuemin="0" aria-valuemax="100"
                aria-valuenow={format!("{pct:.0}")}>
                <div class="progress-fill" style={format!("width: {pct:.1}%")}></div>
            </div>
            <span class="run-text">{ format!("{run_label}… {pct:.0} %") }</span>
        </div>
    }
}

/// An instrument's state as data for scripts: idle, running or done.
fn tool_state<T>(run: &ToolRun<T>) -> &'static str {
    if run.running {
        "running"
    } else if run.result.is_some() {
        "done"
    } else {
        "idle"
    }
}

fn out_of_date<T>(run: &ToolRun<T>, revision: u64) -> bool {
    run.result.is_some() && !run.running && !run.current(revision)
}

#[component]
pub fn SweepPanel() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let run = &store.sweep;
    let current = match store.scenario.scoring.qualify {
        Qualify::Score { threshold } => Some(threshold),
        Qualify::Grid { .. } => None,
    };
    let start = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::StartSweep))
    };
    let pick = {
        let d = d.clone();
        Callback::from(move |t: f64| {
            d.dispatch(Action::Edit(Edit::set("scoring.qualify.threshold", t)))
        })
    };
    let thresholds = sweep_thresholds(&store.scenario.scoring);
    let plan =
        format!(
        "Runs this team at {} thresholds from {} to {} points, {} runs each, on the same random \
         numbers, so the curves differ only by the threshold.",
        thresholds.len(),
        thresholds.first().map_or(String::new(), |t| format_number(*t)),
        thresholds.last().map_or(String::new(), |t| format_number(*t)),
        SWEEP_TRIALS
    );
    let body = match &run.result {
        Some(sweep) => {
            let points: Vec<SweepInput> = sweep
                .points
                .iter()
                .map(|p| SweepInput {
                    threshold: p.threshold,
                    values: SERIES
                        .iter()
                        .map(|(name, _, _)| {
                            p.metrics
                                .get(name)
                                .map_or((f64::NAN, f64::NAN, f64::NAN), |s| (s.mean, s.p05, s.p95))
                        })
                        .collect(),
                })
                .collect();
            let rows: Vec<Vec<String>> = (0..sweep.points.len())
                .map(|i| {
                    SERIES
                        .iter()
                        .map(|(name, _, _)| at(sweep, i, name))
                        .collect()
                })
                .collect();
            let legend_at = sweep.best.unwrap_or(0);
            html! {
                <>
                    <p class="takeaway" data-testid="sweep-best"
                        data-threshold={sweep.best.map(|i| sweep.points[i].threshold.to_string())}>
                        { sweep_sentence(sweep, current) }
                    </p>
                    <SweepChart points={points} {current} best={sweep.best} rows={rows.clone()} on_pick={pick.clone()} />
                    <ul class="sweep-legend">
                        for (k, (_, label, color)) in SERIES.iter().enumerate() {
                            <li>
                                <span class="swatch" style={format!("background:{color}")} aria-hidden="true"></span>
                                { format!("{label}: {} at the best threshold", rows[legend_at][k]) }
                            </li>
                        }
                    </ul>
                    <details class="sweep-table">
                        <summary>{ "Every threshold, to pick one" }</summary>
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">{ "Threshold" }</th>
                                    for (_, label, _) in SERIES {
                                        <th scope="col" class="num">{ label }</th>
                                    }
                                    <th scope="col" class="num">{ "Accepted" }</th>
                                    <th scope="col" class="num">{ "MQL → SQL" }</th>
                                    <th scope="col" class="num">{ "Touches a rep a day" }</th>
                                    <th scope="col"><span class="sr-only">{ "Use" }</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                for (i, p) in sweep.points.iter().enumerate() {
                                    <tr class={classes!((Some(i) == sweep.best).then_some("best"), (Some(p.threshold) == current).then_some("current"))}
                                        data-testid="sweep-row" data-threshold={p.threshold.to_string()}
                                        data-revenue={p.metrics.revenue.mean.to_string()}
                                        data-sqls={p.metrics.sqls.mean.to_string()}>
                                        <th scope="row">{ format_number(p.threshold) }</th>
                                        for cell in &rows[i] {
                                            <td class="num">{ cell.clone() }</td>
                                        }
                                        <td class="num">{ at(sweep, i, "acceptance_rate") }</td>
                                        <td class="num">{ at(sweep, i, "mql_to_sql_rate") }</td>
                                        <td class="num">{ if p.rep_load.is_finite() { format!("{:.1}", p.rep_load) } else { format::UNDEFINED.to_string() } }</td>
                                        <td>
                                            {{
                                                let (pick, t) = (pick.clone(), p.threshold);
                                                html! {
                                                    <button type="button" class="btn btn-small" data-testid="sweep-use"
                                                        disabled={Some(t) == current}
                                                        aria-label={format!("Use a threshold of {}", format_number(t))}
                                                        onclick={Callback::from(move |_: MouseEvent| pick.emit(t))}>
                                                        { "Use" }
                                                    </button>
                                                }
                                            }}
                                        </td>
                                    </tr>
                                }
                            </tbody>
                        </table>
                    </details>
                </>
            }
        }
        None => html! { <p class="help">{ plan.clone() }</p> },
    };
    html! {
        <section class="panel sweep-panel" id="sweep" data-testid="sweep" aria-labelledby="sweep-title"
            data-state={tool_state(run)}>
            <h2 id="sweep-title">{ "Which threshold?" }
                <span class="subtle">{ " · revenue, SQLs and the team's load at every MQL threshold" }</span></h2>
            if run.running {
                { progress("Sweeping thresholds", "sweep-progress", &run.progress) }
            }
            if let Some(e) = &run.error {
                <p class="run-error" role="alert">{ e.clone() }</p>
            }
            if out_of_date(run, store.revision) {
                <p class="stale-note" role="status">{ "The scenario changed since this sweep: run it again to see the curves for the scenario on screen." }</p>
            }
            { body }
            if current.is_none() {
                <p class="help">{ "The scenario qualifies by a grade grid: the sweep shows what a score threshold would do instead." }</p>
            }
            <div class="actions">
                <button type="button" class="btn btn-primary" data-testid="sweep-run" onclick={start}
                    disabled={run.running}>
                    { if run.result.is_some() { "Sweep again" } else { "Sweep thresholds" } }
                </button>
                if run.result.is_some() {
                    <span class="muted">{ plan }</span>
                }
            </div>
        </section>
    }
}

/// The metrics the comparison shows, with what they are called.
const COMPARED: [(&str, &str); 9] = [
    ("revenue", "Revenue won"),
    ("won", "Deals won"),
    ("sqls", "SQLs"),
    ("mqls", "MQLs"),
    ("mql_to_sql_rate", "MQL → SQL"),
    ("response_minutes", "First response (median)"),
    ("sla_compliance", "SLA compliance"),
    ("never_contacted", "Never contacted"),
    ("cac", "CAC"),
];

/// A difference as read: "+38", and its band "+12 to +61" (9 runs in 10).
pub fn difference_parts(name: &str, d: &Difference) -> (String, String) {
    let signed = |x: f64| {
        if !x.is_finite() {
            return format::UNDEFINED.to_string();
        }
        let size = match format::unit_of(name) {
            Some(format::Unit::Percent) => format!("{:.1} pts", x.abs() * 100.0),
            _ => format::for_metric(name, x.abs()),
        };
        if x > 0.0 {
            format!("+{size}")
        } else if x < 0.0 {
            format!("−{size}")
        } else {
            size
        }
    };
    (
        signed(d.diff.mean),
        format!("{} to {}", signed(d.diff.p05), signed(d.diff.p95)),
    )
}

/// The same in one line: "+38 (9 runs in 10: +12 to +61)".
pub fn difference_text(name: &str, d: &Difference) -> String {
    let (mean, band) = difference_parts(name, d);
    format!("{mean} (9 runs in 10: {band})")
}

/// The comparison in one sentence: how often the current scenario beats the baseline on SQLs
/// and on revenue, run for run.
pub fn compare_sentence(c: &Comparison) -> Option<String> {
    let diffs = c.differences.first()?;
    let p = |name: &str| {
        diffs
            .iter()
            .find(|d| d.metric == name)
            .map(|d| d.p_b_higher)
    };
    let (sqls, revenue) = (p("sqls")?, p("revenue")?);
    Some(format!(
        "Run for run on the same random numbers, the scenario on screen has more SQLs than the \
         baseline in {} of runs and more revenue in {}.",
        format::percent(sqls),
        format::percent(revenue)
    ))
}

#[component]
pub fn ComparePanel() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let act = |a: fn() -> Action| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(a()))
    };
    let run = &store.comparison;
    let Some(baseline) = &store.baseline else {
        return html! {
            <section class="panel compare-panel" data-testid="compare" aria-labelledby="compare-title">
                <h2 id="compare-title">{ "Against today" }
                    <span class="subtle">{ " · what a change is worth" }</span></h2>
                <p class="help">{ "Pin the scenario on screen as the baseline (\"today\"), change it, then compare: every number's difference, from runs on the same random numbers, and how often the change wins." }</p>
                <div class="actions">
                    <button type="button" class="btn btn-primary" data-testid="pin-baseline"
                        onclick={act(|| Action::PinBaseline)}>{ "Pin as baseline" }</button>
                </div>
            </section>
        };
    };
    let changes = scenario_diff(&baseline.scenario, &store.scenario);
    let result = run.result.as_ref().map(|r| {
        let c = &r.comparison;
        let diffs = c.differences.first().cloned().unwrap_or_default();
        let rows = COMPARED.iter().filter_map(|(name, label)| {
            let a = c.reports.first()?.metrics.get(name)?;
            let b = c.reports.get(1)?.metrics.get(name)?;
            let diff = diffs.iter().find(|x| x.metric == *name)?;
            Some(html! {
                <tr data-testid={format!("compare-{name}")} data-diff={diff.diff.mean.to_string()}
                    data-p-higher={diff.p_b_higher.to_string()}>
                    <th scope="row">{ *label }</th>
                    <td class="num">{ format::for_metric(name, a.mean) }</td>
                    <td class="num">{ format::for_metric(name, b.mean) }</td>
                    <td class="num diff-cell" title={difference_text(name, diff)}>
                        {{
                            let (mean, band) = difference_parts(name, diff);
                            html! {
                                <>
                                    <span class="diff-mean">{ mean }</span>
                                    <span class="diff-band"><span class="sr-only">{ "9 runs in 10: " }</span>{ band }</span>
                                </>
                            }
                        }}
                    </td>
                    <td class="num">{ if diff.p_b_higher.is_finite() { format::percent(diff.p_b_higher) } else { format::UNDEFINED.into() } }</td>
                </tr>
            })
        });
        html! {
            <>
                if let Some(s) = compare_sentence(c) {
                    <p class="takeaway" data-testid="compare-sentence">{ s }</p>
                }
                if let (Some(a), Some(b)) = (r.values.first(), r.values.get(1)) {
                    <OverlayChart title="Revenue won over the runs: baseline and now"
                        baseline={a.revenue.clone()} now={b.revenue.clone()}
                        format={format::money as fn(f64) -> String} />
                }
                <table class="compare-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Metric" }</th>
                            <th scope="col" class="num">{ "Baseline" }</th>
                            <th scope="col" class="num">{ "Now" }</th>
                            <th scope="col" class="num">{ "Now − baseline (9 runs in 10)" }</th>
                            <th scope="col" class="num">{ "Now higher in" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <details class="sweep-table">
                    <summary>{ "Every metric" }</summary>
                    <table class="compare-table">
                        <thead>
                            <tr>
                                <th scope="col">{ "Metric" }</th>
                                <th scope="col" class="num">{ "Now − baseline (9 runs in 10)" }</th>
                                <th scope="col" class="num">{ "Now higher in" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            for d in diffs.iter().filter(|d| d.diff.mean.is_finite()) {
                                <tr>
                                    <th scope="row">{ crate::explain::metric(&d.metric).map_or_else(|| d.metric.replace('_', " "), |e| e.title.to_string()) }</th>
                                    <td class="num">{ difference_text(&d.metric, d) }</td>
                                    <td class="num">{ format::percent(d.p_b_higher) }</td>
                                </tr>
                            }
                        </tbody>
                    </table>
                </details>
            </>
        }
    });
    html! {
        <section class="panel compare-panel" data-testid="compare" aria-labelledby="compare-title"
            data-state={tool_state(run)}>
            <h2 id="compare-title">{ "Against today" }
                <span class="subtle">{ format!(" · baseline: {}", baseline.label) }</span></h2>
            if changes.is_empty() {
                <p class="help" data-testid="compare-changes">{ "Nothing changed since the baseline was pinned: change a setting, then compare." }</p>
            } else {
                <div data-testid="compare-changes">
                    <p class="help">{ match changes.len() { 1 => "1 change since the baseline:".to_string(), n => format!("{n} changes since the baseline:") } }</p>
                    <ul class="changes">
                        for line in changes.iter().take(12) {
                            <li>{ line.clone() }</li>
                        }
                        if changes.len() > 12 {
                            <li>{ format!("and {} more", changes.len() - 12) }</li>
                        }
                    </ul>
                </div>
            }
            if run.running {
                { progress("Comparing", "compare-progress", &run.progress) }
            }
            if let Some(e) = &run.error {
                <p class="run-error" role="alert">{ e.clone() }</p>
            }
            if out_of_date(run, store.revision) {
                <p class="stale-note" role="status">{ "The scenario changed since this comparison: compare again." }</p>
            }
            { result.unwrap_or_default() }
            <div class="actions">
                <button type="button" class="btn btn-primary" data-testid="compare-run"
                    disabled={run.running || changes.is_empty()} onclick={act(|| Action::StartCompare)}>
                    { "Compare with the baseline" }
                </button>
                <button type="button" class="btn" data-testid="pin-baseline"
                    onclick={act(|| Action::PinBaseline)}>{ "Pin this instead" }</button>
                <button type="button" class="btn" data-testid="clear-baseline"
                    onclick={act(|| Action::ClearBaseline)}>{ "Forget the baseline" }</button>
            </div>
        </section>
    }
}

/// The instruments, one at a time under tabs, so that the page stays one the room can scroll.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instrument {
    Targets,
    Threshold,
    Compare,
    Levers,
    Leads,
    Channels,
}

impl Instrument {
    pub const ALL: [Instrument; 6] = [
        Instrument::Targets,
        Instrument::Threshold,
        Instrument::Compare,
        Instrument::Levers,
        Instrument::Leads,
        Instrument::Channels,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Instrument::Targets => "Targets",
            Instrument::Threshold => "Which threshold?",
            Instrument::Compare => "Against today",
            Instrument::Levers => "Which lever?",
            Instrument::Leads => "Look at a lead",
            Instrument::Channels => "By channel",
        }
    }

    fn id(self) -> String {
        format!(
            "instrument-{}",
            self.label()
                .to_lowercase()
                .replace([' ', '?'], "-")
                .trim_end_matches('-')
        )
    }
}

#[component]
pub fn Instruments() -> Html {
    let store = use_store();
    let open = use_state(|| Instrument::Targets);
    // Asking for a lead anywhere on the page (a bin of the score chart) opens its tab.
    {
        let open = open.clone();
        use_effect_with(store.inspect.id, move |id| {
            if *id > 0 {
                open.set(Instrument::Leads);
            }
        });
    }
    let running = |i: Instrument| match i {
        Instrument::Threshold => store.sweep.running,
        Instrument::Compare => store.comparison.running,
        Instrument::Levers => store.sensitivity.running,
        _ => false,
    };
    let tabs = Instrument::ALL.map(|t| {
        let selected = *open == t;
        let onclick = {
            let open = open.clone();
            Callback::from(move |_: MouseEvent| open.set(t))
        };
        let onkeydown = {
            let open = open.clone();
            Callback::from(move |e: KeyboardEvent| {
                let all = Instrument::ALL;
                let i = all.iter().position(|x| *x == t).unwrap_or(0);
                let next = match e.key().as_str() {
                    "ArrowRight" => all[(i + 1) % all.len()],
                    "ArrowLeft" => all[(i + all.len() - 1) % all.len()],
                    "Home" => all[0],
                    "End" => all[all.len() - 1],
                    _ => return,
                };
                e.prevent_default();
                open.set(next);
                super::editors::focus_later(format!("#{}", next.id()));
            })
        };
        html! {
            <button role="tab" id={t.id()} aria-controls="instrument-panel"
                class={classes!("tab", selected.then_some("selected"))}
                tabindex={if selected { "0" } else { "-1" }} data-testid={format!("instrument-{}", t.id().trim_start_matches("instrument-"))}
                aria-selected={selected.to_string()} {onclick} {onkeydown}>
                { t.label() }
                if running(t) {
                    <span class="tab-running" aria-hidden="true">{ " …" }</span>
                }
            </button>
        }
    });
    html! {
        <div class="instruments">
            <div role="tablist" class="tabs instrument-tabs" aria-label="Workshop instruments">{ for tabs }</div>
            <div role="tabpanel" id="instrument-panel" aria-labelledby={open.id()}>
                {
                    match *open {
                        Instrument::Targets => html! { <TargetsPanel /> },
                        Instrument::Threshold => html! { <SweepPanel /> },
                        Instrument::Compare => html! { <ComparePanel /> },
                        Instrument::Levers => html! { <SensitivityPanel /> },
                        Instrument::Leads => html! { <InspectorPanel /> },
                        Instrument::Channels => html! { <super::breakdown::BreakdownPanel /> },
                    }
                }
            </div>
        </div>
    }
}

/// A signed change of money: "+$0.4M", "−$120k".
pub fn signed_money(x: f64) -> String {
    if !x.is_finite() {
        return format::UNDEFINED.into();
    }
    let m = format::money(x.abs());
    if x > 0.0 {
        format!("+{m}")
    } else if x < 0.0 {
        format!("−{m}")
    } else {
        m
    }
}

/// A signed change of a count: "+38", "−4.5".
pub fn signed_count(x: f64) -> String {
    if !x.is_finite() {
        return format::UNDEFINED.into();
    }
    let c = format::count(x.abs());
    if x > 0.0 {
        format!("+{c}")
    } else if x < 0.0 {
        format!("−{c}")
    } else {
        c
    }
}

/// What the table says first: the lever with the widest swing and what it does.
pub fn sensitivity_sentence(s: &Sensitivity) -> Option<String> {
    let top = s.rows.first()?;
    let (better, worse) = if top.revenue.1 >= top.revenue.0 {
        ((&top.high, top.revenue.1), (&top.low, top.revenue.0))
    } else {
        ((&top.low, top.revenue.0), (&top.high, top.revenue.1))
    };
    Some(format!(
        "{} matters most: {} gives {} revenue, {} gives {}, against {} today.",
        top.lever,
        better.0,
        signed_money(better.1),
        worse.0,
        signed_money(worse.1),
        format::money(s.base_revenue)
    ))
}

#[component]
pub fn SensitivityPanel() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let run = &store.sensitivity;
    let current = run.current(store.revision);
    let start = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::StartSensitivity))
    };
    let body = run.result.as_ref().map(|sens| {
        let shown: Vec<_> = sens.rows.iter().take(TORNADO_ROWS).collect();
        let inputs: Vec<TornadoInput> = shown
            .iter()
            .map(|r| TornadoInput {
                lever: r.lever.clone(),
                low: (r.low.clone(), r.revenue.0),
                high: (r.high.clone(), r.revenue.1),
            })
            .collect();
        // Applying an end replaces the scenario with that variant; only while the table
        // answers the scenario on screen.
        let apply = {
            let (d, scenario) = (d.clone(), store.scenario.clone());
            let indices: Vec<usize> = sens.rows.iter().map(|r| r.index).collect();
            Callback::from(move |(row, high): (usize, bool)| {
                if !current {
                    return;
                }
                let ls = levers(&scenario);
                if let Some(l) = indices.get(row).and_then(|i| ls.get(*i)) {
                    let end = if high { &l.high } else { &l.low };
                    d.dispatch(Action::Apply(
                        Box::new(end.scenario.clone()),
                        format!("{}: {}", l.name, end.label),
                    ));
                }
            })
        };
        html! {
            <>
                if let Some(t) = sensitivity_sentence(sens) {
                    <p class="takeaway" data-testid="sensitivity-top" data-lever={sens.rows.first().map(|r| r.lever.clone())}>{ t }</p>
                }
                <TornadoChart rows={inputs} format={signed_money as fn(f64) -> String} on_pick={apply.clone()} />
                <p class="help">{ "Green: more revenue than today; red: less. Click a bar to apply that change (Undo takes it back)." }</p>
                <details class="sweep-table">
                    <summary>{ format!("All {} levers, with SQLs", sens.rows.len()) }</summary>
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">{ "Lever" }</th>
                                <th scope="col">{ "One end" }</th>
                                <th scope="col" class="num">{ "SQLs" }</th>
                                <th scope="col" class="num">{ "Revenue" }</th>
                                <th scope="col">{ "Other end" }</th>
                                <th scope="col" class="num">{ "SQLs" }</th>
                                <th scope="col" class="num">{ "Revenue" }</th>
                            </tr>
                        </thead>
                        <tbody>
                            for (i, r) in sens.rows.iter().enumerate() {
                                <tr data-testid="sensitivity-row" data-lever={r.lever.clone()}>
                                    <th scope="row">{ r.lever.clone() }</th>
                                    <td>
                                        <button type="button" class="btn btn-small" disabled={!current}
                                            aria-label={format!("Apply {}: {}", r.lever, r.low)}
                                            onclick={{ let a = apply.clone(); Callback::from(move |_: MouseEvent| a.emit((i, false))) }}>
                                            { r.low.clone() }
                                        </button>
                                    </td>
                                    <td class="num">{ signed_count(r.sqls.0) }</td>
                                    <td class="num">{ signed_money(r.revenue.0) }</td>
                                    <td>
                                        <button type="button" class="btn btn-small" disabled={!current}
                                            aria-label={format!("Apply {}: {}", r.lever, r.high)}
                                            onclick={{ let a = apply.clone(); Callback::from(move |_: MouseEvent| a.emit((i, true))) }}>
                                            { r.high.clone() }
                                        </button>
                                    </td>
                                    <td class="num">{ signed_count(r.sqls.1) }</td>
                                    <td class="num">{ signed_money(r.revenue.1) }</td>
                                </tr>
                            }
                        </tbody>
                    </table>
                </details>
            </>
        }
    });
    html! {
        <section class="panel sensitivity-panel" data-testid="sensitivity" aria-labelledby="sensitivity-title"
            data-state={tool_state(run)}>
            <h2 id="sensitivity-title">{ "Which lever matters most?" }
                <span class="subtle">{ " · each input moved over a stated range, on the same random numbers" }</span></h2>
            if run.running {
                { progress("Moving every lever", "sensitivity-progress", &run.progress) }
            }
            if let Some(e) = &run.error {
                <p class="run-error" role="alert">{ e.clone() }</p>
            }
            if out_of_date(run, store.revision) {
                <p class="stale-note" role="status">{ "The scenario changed since this table: run it again before applying a change." }</p>
            }
            { body.unwrap_or_else(|| html! {
                <p class="help">{ format!("Moves the threshold (±10 points), the SLA (half, double), capacity (±25 %), one rep fewer or more, CRM sync, the queue's order, the speed-to-lead strength, each stage's base rate (±20 %) and each rule's points (±50 %), {SENSITIVITY_TRIALS} runs each, and ranks them by what they do to revenue.") }</p>
            }) }
            <div class="actions">
                <button type="button" class="btn btn-primary" data-testid="sensitivity-run"
                    disabled={run.running} onclick={start}>
                    { if run.result.is_some() { "Rank the levers again" } else { "Rank the levers" } }
                </button>
            </div>
        </section>
    }
}

use funnel_engine::explore::{chance_of, reverse_funnel};

/// A money amount typed by a person: "1.5M", "$600k", "1,500,000"; `None` for empty text.
pub fn parse_money(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim().trim_start_matches('$').trim().to_lowercase();
    if t.is_empty() {
        return Ok(None);
    }
    let (num, factor) = match t.chars().last() {
        Some('k') => (&t[..t.len() - 1], 1e3),
        Some('m') => (&t[..t.len() - 1], 1e6),
        Some('b') => (&t[..t.len() - 1], 1e9),
        _ => (t.as_str(), 1.0),
    };
    let plain = num.trim().replace(',', "");
    match plain.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x * factor <= 1e13 => Ok(Some(x * factor)),
        _ => Err(format!(
            "enter an amount in dollars, such as 1,500,000, 1.5M or 600k (not \"{}\")",
            text.trim()
        )),
    }
}

#[derive(Properties, PartialEq)]
struct TargetInputProps {
    id: AttrValue,
    label: AttrValue,
    value: Option<f64>,
    on_set: Callback<Option<f64>>,
}

/// A money target typed as people write amounts; refused text says why and keeps the last
/// target.
#[component]
fn TargetInput(props: &TargetInputProps) -> Html {
    let text = use_state(|| props.value.map(format::money).unwrap_or_default());
    let error = use_state(|| None::<String>);
    let onchange = {
        let (text, error, on_set) = (text.clone(), error.clone(), props.on_set.clone());
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            match parse_money(&v) {
                Ok(x) => {
                    error.set(None);
                    on_set.emit(x);
                }
                Err(m) => error.set(Some(m)),
            }
            text.set(v);
        })
    };
    let error_id = format!("{}-error", props.id);
    html! {
        <div class={classes!("field", "field-text", error.is_some().then_some("field-invalid"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <input type="text" id={props.id.clone()} value={(*text).clone()} inputmode="decimal"
                placeholder="e.g. 1.5M" autocomplete="off" data-testid={props.id.clone()}
                aria-invalid={error.is_some().then_some("true")}
                aria-describedby={error.is_some().then(|| error_id.clone())} {onchange} />
            if let Some(m) = &*error {
                <p class="field-error" role="alert" id={error_id}>{ m.clone() }</p>
            }
        </div>
    }
}

#[component]
pub fn TargetsPanel() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let targets = store.targets;
    let set = |which: fn(&mut crate::state::Targets, Option<f64>)| {
        let d = d.clone();
        Callback::from(move |x: Option<f64>| {
            let mut t = targets;
            which(&mut t, x);
            d.dispatch(Action::SetTargets(t));
        })
    };
    let results = store.results.clone();
    let baseline_values = store
        .comparison
        .result
        .as_ref()
        .filter(|_| store.comparison.current(store.revision))
        .and_then(|r| r.values.first().cloned());
    let chance = |label: &str,
                  target: Option<f64>,
                  pick: fn(&crate::worker::TrialValues) -> &[f64],
                  testid: &'static str|
     -> Html {
        let (Some(t), Some(r)) = (target, results.as_ref()) else {
            return Html::default();
        };
        let Some(p) = chance_of(pick(&r.values), t) else {
            return Html::default();
        };
        let base = baseline_values.as_ref().and_then(|b| chance_of(pick(b), t));
        html! {
            <p class="target-chance" data-testid={testid} data-chance={p.to_string()}>
                <strong>{ format!("{} chance", format::percent(p)) }</strong>
                { format!(" of {label} of {} or more ({} of {} runs)", format::money(t), (p * r.values.revenue.len() as f64).round(), r.values.revenue.len()) }
                if let Some(b) = base {
                    { format!("; the baseline: {}", format::percent(b)) }
                }
            </p>
        }
    };
    let reverse = match (targets.revenue, results.as_ref()) {
        (Some(t), Some(r)) => match reverse_funnel(&r.report.metrics, t) {
            Some(stages) => {
                let rate_needed = stages[2].needed / stages[1].now;
                html! {
                    <>
                        <table class="reverse-funnel" data-testid="reverse-funnel">
                            <caption>{ format!("What {} would take at today's conversion", format::money(t)) }</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{ "Stage" }</th>
                                    <th scope="col" class="num">{ "Projected" }</th>
                                    <th scope="col" class="num">{ "Needed" }</th>
                                    <th scope="col" class="num">{ "×" }</th>
                                </tr>
                            </thead>
                            <tbody>
                                for st in &stages {
                                    <tr data-stage={st.stage.clone()}>
                                        <th scope="row">{ st.stage.clone() }</th>
                                        <td class="num">{ format::count(st.now) }</td>
                                        <td class="num">{ format::count(st.needed) }</td>
                                        <td class="num">{ format!("{:.2}×", st.needed / st.now) }</td>
                                    </tr>
                                }
                            </tbody>
                        </table>
                        <p class="help">{ format!(
                            "Or, with today's {} MQLs: an MQL → SQL rate of {} instead of {}.",
                            format::count(stages[1].now),
                            format::percent(rate_needed),
                            format::percent(stages[2].now / stages[1].now)
                        ) }</p>
                    </>
                }
            }
            None => {
                html! { <p class="help">{ "No deal closes in this projection, so there is no conversion to work back from." }</p> }
            }
        },
        _ => Html::default(),
    };
    html! {
        <section class="panel targets-panel" data-testid="targets" aria-labelledby="targets-title">
            <h2 id="targets-title">{ "Shared targets" }
                <span class="subtle">{ " · what marketing and sales agree to aim for in the horizon" }</span></h2>
            <div class="field-row">
                <TargetInput id="target-revenue" label="Closed-won revenue target" value={targets.revenue}
                    on_set={set(|t, x| t.revenue = x)} />
                <TargetInput id="target-pipeline" label="Pipeline target (opportunities created)" value={targets.pipeline}
                    on_set={set(|t, x| t.pipeline = x)} />
            </div>
            { chance("closed-won revenue", targets.revenue, |v| &v.revenue, "target-revenue-chance") }
            { chance("pipeline", targets.pipeline, |v| &v.pipeline, "target-pipeline-chance") }
            { reverse }
            if targets.revenue.is_none() && targets.pipeline.is_none() {
                <p class="help">{ "For example, $5M of marketing-sourced pipeline converting to $1.5M closed-won: type the amounts to see the chance of reaching them and what it would take." }</p>
            }
        </section>
    }
}

/// A lead's points as read: "+15", "−1.9".
fn points(x: f64) -> String {
    format::points(x)
}

/// Points without a sign, to a tenth: "33.1".
fn plain_points(x: f64) -> String {
    format::points(x).trim_start_matches('+').to_string()
}

#[component]
pub fn InspectorPanel() -> Html {
    use crate::worker::LeadQuery;
    let store = use_store();
    let d = store.dispatcher();
    let words = use_state(String::new);
    let ask = |q: LeadQuery| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Inspect(q.clone())))
    };
    let lead = store.inspect.result.as_ref().and_then(|l| (**l).clone());
    let at = lead.as_ref().map_or(0, |l| l.index);
    let of = lead.as_ref().map_or(0, |l| l.of);
    let find = {
        let (d, words) = (d.clone(), words.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            d.dispatch(Action::Inspect(LeadQuery::Find {
                words: (*words).clone(),
                from: at + 1,
            }));
        })
    };
    let on_words = {
        let words = words.clone();
        Callback::from(move |e: InputEvent| {
            words.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let not_found = store.inspect.result.as_ref().is_some_and(|l| l.is_none());
    html! {
        <section class="panel inspector-panel" data-testid="inspector" aria-labelledby="inspector-title">
            <h2 id="inspector-title">{ "Look at a lead" }
                <span class="subtle">{ " · its fields, the rules that fired, and its score" }</span></h2>
            <form class="field-row inspector-find" onsubmit={find}>
                <div class="field field-text">
                    <label for="inspect-words">{ "Find a lead whose fields hold" }</label>
                    <input type="text" id="inspect-words" data-testid="inspect-words" placeholder="e.g. vp software"
                        value={(*words).clone()} oninput={on_words} autocomplete="off" />
                </div>
                <button type="submit" class="btn" data-testid="inspect-find">{ "Find" }</button>
                <button type="button" class="btn" data-testid="inspect-mql"
                    onclick={ask(LeadQuery::Mql { mql: true, from: at + 1 })}>{ "Next MQL" }</button>
                <button type="button" class="btn" data-testid="inspect-not-mql"
                    onclick={ask(LeadQuery::Mql { mql: false, from: at + 1 })}>{ "Next non-MQL" }</button>
            </form>
            if not_found {
                <p class="help" role="status">{ "No lead of the sample holds all of those words." }</p>
            }
            if let Some(e) = &store.inspect.error {
                <p class="run-error" role="alert">{ e.clone() }</p>
            }
            if let Some(l) = lead {
                <div class="lead-view" data-testid="lead-view" data-lead={l.index.to_string()}
                    data-mql={l.mql.to_string()} data-score={l.total.to_string()}>
                    <p class="lead-verdict">
                        <strong>{ format!("Lead {} of {}", format::count((l.index + 1) as f64), format::count(l.of as f64)) }</strong>
                        { format!(": fit {} + engagement {} = {} points, grade {}: ", plain_points(l.fit), plain_points(l.engagement), plain_points(l.total), l.grade) }
                        <span class={classes!("verdict", if l.mql { "mql" } else { "not-mql" })}>
                            { if l.mql { "an MQL" } else { "not an MQL" } }
                        </span>
                    </p>
                    <div class="lead-columns">
                        <table class="lead-lines">
                            <caption>{ "What made the score" }</caption>
                            <tbody>
                                for (label, pts) in &l.lines {
                                    <tr><th scope="row">{ label.clone() }</th><td class="num">{ points(*pts) }</td></tr>
                                }
                                if l.lines.is_empty() {
                                    <tr><td colspan="2">{ "No rule fired." }</td></tr>
                                }
                            </tbody>
                        </table>
                        <table class="lead-fields">
                            <caption>{ "Its fields" }</caption>
                            <tbody>
                                for (name, value) in &l.fields {
                                    <tr><th scope="row">{ name.replace('_', " ") }</th><td>{ if value.is_empty() { "(empty)".to_string() } else { value.clone() } }</td></tr>
                                }
                            </tbody>
                        </table>
                    </div>
                    if let Some(j) = &l.journey {
                        <div class="journey" data-testid="journey">
                            <h3>{ format!("Its journey in the first of the {} runs", format::count(store.scenario.trials as f64)) }</h3>
                            <ol>
                                for line in journey_sentences(j) {
                                    <li>{ line }</li>
                                }
                            </ol>
                        </div>
                    } else if !l.mql {
                        <p class="help">{ "Not an MQL with these rules: no rep works it." }</p>
                    }
                    if let Some(ex) = l.example.clone() {
                        <div class="actions keep-example">
                            <span class="muted">{ "Keep as an agreed example:" }</span>
                            for mql in [true, false] {
                                {{
                                    let d = d.clone();
                                    let names: Vec<String> = store.scenario.examples.iter().map(|e| e.name.clone()).collect();
                                    let mut ex = ex.clone();
                                    ex.name = unique_name(&ex.name, &names);
                                    ex.expect = funnel_engine::examples::Expect::of(mql);
                                    let onclick = Callback::from(move |_: MouseEvent| {
                                        d.dispatch(Action::Edit(Edit::add(crate::state::List::Examples, &ex)));
                                    });
                                    html! {
                                        <button type="button" class="btn btn-small"
                                            data-testid={if mql { "keep-mql" } else { "keep-not-mql" }} {onclick}>
                                            { if mql { "Must be an MQL" } else { "Must not be an MQL" } }
                                        </button>
                                    }
                                }}
                            }
                        </div>
                    }
                    <div class="actions">
                        <button type="button" class="btn btn-small" disabled={l.index == 0}
                            onclick={ask(LeadQuery::At(l.index.saturating_sub(1)))}>{ "← Previous lead" }</button>
                        <button type="button" class="btn btn-small" disabled={l.index + 1 >= of}
                            onclick={ask(LeadQuery::At(l.index + 1))}>{ "Next lead →" }</button>
                    </div>
                </div>
            } else {
                <div class="actions">
                    <button type="button" class="btn btn-primary" data-testid="inspect-first"
                        onclick={ask(LeadQuery::At(0))}>{ "Show the first lead" }</button>
                </div>
            }
        </section>
    }
}

/// A moment of the horizon (minutes from its first Monday 00:00) as people say it: "day 3,
/// 09:15".
pub fn moment(minutes: f64) -> String {
    let m = minutes.max(0.0).round() as i64;
    format!("day {}, {:02}:{:02}", m / 1440 + 1, (m % 1440) / 60, m % 60)
}

/// What happened to a lead in one run, a sentence per step.
pub fn journey_sentences(j: &funnel_engine::sim::Journey) -> Vec<String> {
    use funnel_engine::sim::{DealResult, UntouchedReason};
    let mut out = vec![format!("Routed to {}.", j.routed_to.join(" or "))];
    let passes =
        std::iter::once((false, &j.first)).chain(j.requalified.as_ref().map(|p| (true, p)));
    for (again, p) in passes {
        if again {
            out.push(format!(
                "After nurture it qualified again, {}.",
                moment(p.arrived_minutes)
            ));
        }
        out.push(format!(
            "MQL {}, ready for a rep {}.",
            moment(p.arrived_minutes),
            moment(p.ready_minutes)
        ));
        match (&p.touch, &p.untouched) {
            (Some(t), _) => out.push(format!(
                "First touched by {} after {} ({} of working time){}, {} the response SLA.",
                t.rep,
                format::duration_minutes(t.wait_minutes),
                format::duration_minutes(t.wait_working_minutes),
                if t.reassigned {
                    ", reassigned to them when the SLA passed"
                } else {
                    ""
                },
                if t.within_response_sla {
                    "within"
                } else {
                    "past"
                }
            )),
            (None, Some(u)) => out.push(match (u.reason, u.at_minutes) {
                (UntouchedReason::WentCold, Some(at)) => {
                    format!("No rep touched it: it went cold, {}.", moment(at))
                }
                (UntouchedReason::ReturnedToMarketing, Some(at)) => {
                    format!(
                        "No rep touched it in time: it went back to marketing, {}.",
                        moment(at)
                    )
                }
                _ => "Still waiting for a first touch when the horizon ended.".to_string(),
            }),
            (None, None) => {}
        }
        if p.touch.is_some() {
            out.push(match (p.accepted, p.contacted, p.sql) {
                (false, _, _) if p.recycled => "Sales did not accept it: back to nurture.".into(),
                (false, _, _) => "Sales did not accept it: closed.".into(),
                (true, false, _) => "Sales accepted it, but the rep never reached the lead.".into(),
                (true, true, false) => "Sales accepted it; reached, it did not qualify.".into(),
                (true, true, true) => "Sales accepted it, and it qualified: an SQL.".into(),
            });
        }
        if let Some(o) = &p.opportunity {
            out.push(format!(
                "It became a {} opportunity that {}.",
                format::money(o.deal_size),
                match o.result {
                    DealResult::Won => format!("was won after {}", format::days(o.cycle_days)),
                    DealResult::Lost => format!("was lost after {}", format::days(o.cycle_days)),
                    DealResult::Open => "was still open when the horizon ended".to_string(),
                }
            ));
        }
    }
    out
}

/// `name`, or `name (2)`, `name (3)`… so that it differs from every one of `taken`.
pub fn unique_name(name: &str, taken: &[String]) -> String {
    let free = |n: &str| !taken.iter().any(|t| t.eq_ignore_ascii_case(n));
    if free(name) {
        return name.to_string();
    }
    (2..)
        .map(|k| format!("{name} ({k})"))
        .find(|n| free(n))
        .unwrap_or_default()
}

/// The agreed examples, re-checked against every edit of the scoring model.
#[component]
pub fn ExamplesPanel() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let examples = &store.scenario.examples;
    let ids = store.rows.ids(crate::state::List::Examples).to_vec();
    let checks = store
        .results
        .as_ref()
        .map(|r| r.examples.clone())
        .unwrap_or_default();
    let broken = checks.iter().filter(|c| !c.holds).count();
    let status = if examples.is_empty() {
        "None yet: look at a lead above and keep it as an example the scoring model must (or must not) make an MQL.".to_string()
    } else if broken == 0 {
        format!(
            "All {} agreed examples hold with these rules.",
            examples.len()
        )
    } else {
        format!(
            "{broken} of {} agreed examples break with these rules.",
            examples.len()
        )
    };
    html! {
        <section class="panel examples-panel" id="examples" data-testid="examples"
            data-broken={broken.to_string()} aria-labelledby="examples-title">
            <h2 id="examples-title">{ "Agreed examples" }
                <span class="subtle">{ " · leads the room agreed must (or must not) be MQLs" }</span></h2>
            <p class={classes!("examples-status", (broken > 0).then_some("broken"))} role="status">{ status }</p>
            <ul class="example-list">
                for (e, id) in examples.iter().zip(&ids) {
                    {{
                        let check = checks.iter().find(|c| c.name == e.name);
                        let holds = check.is_none_or(|c| c.holds);
                        let remove = {
                            let (d, id) = (d.clone(), *id);
                            Callback::from(move |_: MouseEvent| {
                                d.dispatch(Action::Edit(Edit::Remove { list: crate::state::List::Examples, id }))
                            })
                        };
                        html! {
                            <li key={*id} class={classes!("example", if holds { "holds" } else { "breaks" })}
                                data-testid="example" data-holds={holds.to_string()}>
                                <span class="example-mark" aria-hidden="true">{ if holds { "✓" } else { "✗" } }</span>
                                <span class="example-name">{ e.name.clone() }</span>
                                <span class="example-expect">{ if e.expect.is_mql() { " must be an MQL" } else { " must not be an MQL" } }</span>
                                if let Some(c) = check {
                                    <span class="example-got">{ format!(": scores {}, grade {}{}", plain_points(c.total), c.grade, if c.holds { String::new() } else { format!(" ({})", c.summary) }) }</span>
                                }
                                <button type="button" class="btn-icon" aria-label={format!("Forget the example {}", e.name)}
                                    title="Forget" onclick={remove}><span aria-hidden="true">{ "×" }</span></button>
                            </li>
                        }
                    }}
                }
            </ul>
            <p class="help">{ "The examples travel with the scenario file: `funnel-lab check SCENARIO.json` fails (exit 1) when one breaks, so a scoring model can be checked in CI before rollout." }</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::explore::{sweep, with_threshold};
    use funnel_engine::{presets, scenario_sample};

    #[test]
    fn the_page_sweeps_the_sliders_range_at_a_round_step() {
        let m = presets::scoring_model();
        let ts = sweep_thresholds(&m);
        assert_eq!(ts.first(), Some(&0.0));
        assert_eq!(ts.last(), Some(&150.0));
        assert_eq!(ts[1] - ts[0], 10.0);
        assert!((12..=17).contains(&ts.len()), "{ts:?}");
        assert!(ts.contains(&50.0));
    }

    #[test]
    fn the_sweep_reads_as_sentences() {
        let mut s = presets::preset("default").unwrap();
        if let funnel_engine::scenario::LeadsSource::Generated(g) = &mut s.leads {
            g.leads_per_month = 700.0;
        }
        let sample = scenario_sample(&s).unwrap();
        let sw = sweep(&s, &sample, &[10.0, 40.0, 55.0, 90.0], 20, 3, |_, _| {}).unwrap();
        let text = sweep_sentence(&sw, Some(55.0));
        assert!(
            text.starts_with("Revenue peaks at a threshold of "),
            "{text}"
        );
        let best = sw.best.unwrap();
        if best != 2 {
            assert!(text.contains("At today's 55 points"), "{text}");
        }
        if best > 0 {
            assert!(
                text.contains("Lower, more MQLs reach the same reps: at 10 points"),
                "{text}"
            );
        }
        let _ = with_threshold(&s, 1.0);
    }

    #[test]
    fn the_top_lever_is_named_with_both_ends() {
        use funnel_engine::explore::SensitivityRow;
        let row = |lever: &str, lo: f64, hi: f64| SensitivityRow {
            lever: lever.into(),
            low: "fewer".into(),
            high: "more".into(),
            sqls: (0.0, 0.0),
            revenue: (lo, hi),
            index: 0,
        };
        let s = Sensitivity {
            seed: 1,
            trials: 10,
            base_sqls: 200.0,
            base_revenue: 2.4e6,
            rows: vec![row("Reps' capacity", -6e5, 3e5), row("CRM sync", 1e4, -2e4)],
        };
        assert_eq!(
            sensitivity_sentence(&s).unwrap(),
            "Reps' capacity matters most: more gives +$300k revenue, fewer gives −$600k, against $2.4M today."
        );
        assert_eq!(signed_count(-4.0), "−4");
        assert_eq!(signed_money(0.0), "$0");
    }

    #[test]
    fn targets_read_as_people_type_amounts() {
        assert_eq!(parse_money("1.5M"), Ok(Some(1.5e6)));
        assert_eq!(parse_money(" $600k "), Ok(Some(6e5)));
        assert_eq!(parse_money("1,500,000"), Ok(Some(1.5e6)));
        assert_eq!(parse_money(""), Ok(None));
        assert!(parse_money("lots")
            .unwrap_err()
            .contains("such as 1,500,000"));
        assert!(parse_money("-5").is_err());
        assert_eq!(chance_of(&[1.0, 2.0, 3.0, f64::NAN], 2.0), Some(0.5));
        assert_eq!(chance_of(&[], 2.0), None);
    }

    #[test]
    fn the_reverse_funnel_works_back_at_todays_rates() {
        let r = crate::worker::Results::run_here(&presets::preset("default").unwrap(), 30).unwrap();
        let m = &r.report.metrics;
        let stages = reverse_funnel(m, 2.0 * m.revenue.mean).unwrap();
        // Twice the revenue takes twice of everything, at the same rates.
        for st in &stages {
            assert!((st.needed / st.now - 2.0).abs() < 1e-9, "{st:?}");
        }
        let mut none = m.clone();
        none.won = funnel_engine::report::Summary::of([0.0].into_iter());
        assert!(reverse_funnel(&none, 1e6).is_none());
    }

    #[test]
    fn the_inspector_finds_leads_by_words_and_by_verdict() {
        use crate::worker::{find_lead, lead_view, LeadQuery};
        use funnel_engine::scoring::Scorer;
        let s = presets::preset("default").unwrap();
        let sample = scenario_sample(&s).unwrap();
        let scorer = Scorer::new(&s.scoring, &sample.table);
        let t = &sample.table;
        let vp = find_lead(
            t,
            &scorer,
            &LeadQuery::Find {
                words: "VP software".into(),
                from: 0,
            },
        )
        .unwrap();
        let v = lead_view(t, &scorer, vp);
        assert!(
            v.fields.iter().any(|(_, x)| x == "vp")
                && v.fields.iter().any(|(_, x)| x == "software"),
            "{v:?}"
        );
        let m = find_lead(t, &scorer, &LeadQuery::Mql { mql: true, from: 0 }).unwrap();
        let view = lead_view(t, &scorer, m);
        assert!(view.mql);
        // The lines add up to the score (caps and decay are lines too).
        let sum: f64 = view.lines.iter().map(|(_, p)| p).sum();
        assert!((sum - view.total).abs() < 1e-9, "{view:?}");
        let wrap = find_lead(
            t,
            &scorer,
            &LeadQuery::Mql {
                mql: true,
                from: m + 1,
            },
        )
        .unwrap();
        assert_ne!(wrap, m);
        assert_eq!(
            find_lead(
                t,
                &scorer,
                &LeadQuery::Find {
                    words: "zzz-nobody".into(),
                    from: 0
                }
            ),
            None
        );
        assert_eq!(find_lead(t, &scorer, &LeadQuery::At(t.len())), None);
        let hi = find_lead(
            t,
            &scorer,
            &LeadQuery::Score {
                lo: 60.0,
                hi: 70.0,
                from: 0,
            },
        )
        .unwrap();
        let total = scorer.score(t.row(hi)).total;
        assert!((60.0..=70.0).contains(&total), "{total}");
        assert_eq!(points(-10.0), "−10");
        assert_eq!(plain_points(33.0778), "33.1");
    }

    #[test]
    fn a_journey_reads_step_by_step() {
        use crate::worker::{find_lead, LeadQuery};
        use funnel_engine::scoring::Scorer;
        let s = presets::preset("default").unwrap();
        let sample = scenario_sample(&s).unwrap();
        let p = funnel_engine::prepare(&s, &sample).unwrap();
        let scorer = Scorer::new(&s.scoring, &sample.table);
        let mut seen_sql = false;
        let mut from = 0;
        for _ in 0..40 {
            let i = find_lead(&sample.table, &scorer, &LeadQuery::Mql { mql: true, from }).unwrap();
            from = i + 1;
            let j = funnel_engine::sim::trace_lead(&p, s.seed, 0, i).unwrap();
            let lines = journey_sentences(&j);
            assert!(lines[0].starts_with("Routed to "), "{lines:?}");
            assert!(lines[1].starts_with("MQL day "), "{lines:?}");
            seen_sql |= lines.iter().any(|l| l.ends_with("an SQL."));
        }
        assert!(seen_sql, "some of 40 MQLs become SQLs");
        assert_eq!(moment(1440.0 * 2.0 + 9.0 * 60.0 + 15.0), "day 3, 09:15");
    }

    #[test]
    fn example_names_stay_apart() {
        let taken = vec!["Lead 3".to_string(), "lead 3 (2)".to_string()];
        assert_eq!(unique_name("Lead 4", &taken), "Lead 4");
        assert_eq!(unique_name("Lead 3", &taken), "Lead 3 (3)");
    }

    #[test]
    fn differences_say_their_sign_and_range() {
        use funnel_engine::report::Summary;
        let d = Difference {
            metric: "sqls".into(),
            diff: Summary::of([12.0, 30.0, 61.0].into_iter()),
            p_b_higher: 1.0,
        };
        let t = difference_text("sqls", &d);
        assert!(t.starts_with("+34 (9 runs in 10: +"), "{t}");
        let d = Difference {
            metric: "sla_compliance".into(),
            diff: Summary::of([-0.2, -0.1].into_iter()),
            p_b_higher: 0.0,
        };
        assert!(difference_text("sla_compliance", &d).starts_with("−15.0 pts"));
    }
}
