//! "On your past leads": the scoring model judged against the imported leads' outcomes (ROC
//! and AUC, lift and capture by decile, every threshold, conversion by grade), and weights
//! learnt from those outcomes, judged beside today's model on the same held-out leads.

use std::rc::Rc;

use funnel_engine::backtest::{Backtest, ThresholdRow};
use yew::prelude::*;

use super::exports::SaveChart;
use super::use_store;
use crate::charts::{decile_label, DecileBar, LiftChart, RocChart, RocCurve};
use crate::format::{count, percent, points};
use crate::state::Action;
use crate::worker::FitView;

/// A backtest's headline in words, for the room.
pub fn backtest_sentence(b: &Backtest) -> String {
    let top = b.deciles.first();
    let mut s = format!(
        "The model ranks a lead that converted above one that did not {} of the time (AUC {:.2}; \
         0.50 is a coin toss).",
        percent(b.auc),
        b.auc
    );
    if let Some(d) = top {
        s.push_str(&format!(
            " The top tenth of scores converted at {}, {:.1}× the average {}.",
            percent(d.rate),
            d.lift,
            percent(b.base_rate)
        ));
    }
    s
}

/// What the scenario's own MQL threshold catches, in words.
pub fn threshold_sentence(row: &ThresholdRow, converters: usize) -> String {
    match row.precision {
        Some(p) => format!(
            "Its MQLs ({} leads, {} of all) hold {} of the {} leads that converted; {} of MQLs converted.",
            count(row.mqls as f64),
            percent(row.mql_share),
            percent(row.recall),
            count(converters as f64),
            percent(p)
        ),
        None => "No lead is an MQL under this model, so it catches none of the leads that converted."
            .to_string(),
    }
}

fn curve(label: &str, b: &Backtest) -> RocCurve {
    let converters = b.converters.max(1) as f64;
    let others = (b.leads - b.converters).max(1) as f64;
    // The model's own MQLs as a point on the curve.
    let marker = (b.current.mqls > 0).then(|| {
        let caught = b.current.converters as f64;
        (
            (b.current.mqls as f64 - caught) / others,
            caught / converters,
        )
    });
    RocCurve {
        label: label.to_string(),
        points: b
            .roc
            .iter()
            .map(|p| (p.false_positive_rate, p.true_positive_rate))
            .collect(),
        auc: b.auc,
        marker,
    }
}

fn bars(b: &Backtest) -> Vec<DecileBar> {
    b.deciles
        .iter()
        .map(|d| DecileBar {
            decile: d.decile as u32,
            rate: d.rate,
            lift: d.lift,
            capture: d.cumulative_capture,
        })
        .collect()
}

#[component]
pub fn BacktestPanel() -> Html {
    let store = use_store();
    let Some(run) = store.results.as_ref().and_then(|r| r.imported.clone()) else {
        return html! {};
    };
    let Some(b) = run.backtest.clone() else {
        return match run.backtest_error {
            Some(e) => html! {
                <section class="panel backtest-panel" data-testid="backtest">
                    <h2>{ "On your past leads" }</h2>
                    <p class="field-error" role="alert">{ e }</p>
                </section>
            },
            None => html! {},
        };
    };
    let stale = !store.results_current;
    html! {
        <section class={classes!("panel", "backtest-panel", stale.then_some("stale"))}
            aria-labelledby="backtest-title" data-testid="backtest" data-auc={b.auc.to_string()}
            data-leads={b.leads.to_string()} data-converters={b.converters.to_string()}>
            <h2 id="backtest-title">{ "On your past leads" }
                <span class="subtle">{ format!(" · outcome: {}", run.outcome_column.clone().unwrap_or_default()) }</span>
            </h2>
            <p class="takeaway" data-testid="backtest-sentence">{ backtest_sentence(&b) }</p>
            <p>{ threshold_sentence(&b.current, b.converters) }</p>
            <div class="backtest-charts">
                <div class="chart-box">
                    <RocChart curves={vec![curve("Today", &b)]} format={percent as fn(f64) -> String} />
                    <SaveChart name="roc" />
                </div>
                <div class="chart-box">
                    <LiftChart deciles={bars(&b)} base_rate={b.base_rate} format={percent as fn(f64) -> String} />
                    <SaveChart name="lift" />
                </div>
            </div>
            <DecileTable backtest={Rc::new(b.clone())} />
            <ThresholdTable backtest={Rc::new(b.clone())} />
            <GradeTable backtest={Rc::new(b)} />
            <SuggestedWeights />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct TableProps {
    backtest: Rc<Backtest>,
}

#[component]
fn DecileTable(props: &TableProps) -> Html {
    let b = &props.backtest;
    html! {
        <details class="backtest-table" open=true>
            <summary>{ "By score decile" }</summary>
            <div class="table-scroll">
            <table data-testid="decile-table">
                <thead><tr>
                    <th scope="col">{ "Tenth of scores" }</th><th scope="col">{ "Scores" }</th>
                    <th scope="col">{ "Leads" }</th><th scope="col">{ "Converted" }</th>
                    <th scope="col">{ "Rate" }</th><th scope="col">{ "Lift" }</th>
                    <th scope="col">{ "Converters caught so far" }</th>
                </tr></thead>
                <tbody>
                    { for b.deciles.iter().map(|d| html! {
                        <tr>
                            <th scope="row">{ decile_label(d.decile as u32) }</th>
                            <td>{ format!("{} to {}", points(d.min_score), points(d.max_score)) }</td>
                            <td>{ count(d.leads as f64) }</td>
                            <td>{ count(d.converters as f64) }</td>
                            <td>{ percent(d.rate) }</td>
                            <td>{ format!("{:.2}×", d.lift) }</td>
                            <td>{ percent(d.cumulative_capture) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
        </details>
    }
}

#[component]
fn ThresholdTable(props: &TableProps) -> Html {
    let b = &props.backtest;
    html! {
        <details class="backtest-table">
            <summary>{ format!("At every threshold ({})", b.thresholds.len()) }</summary>
            <div class="table-scroll tall">
            <table data-testid="threshold-table">
                <thead><tr>
                    <th scope="col">{ "MQL at a score of" }</th><th scope="col">{ "MQLs" }</th>
                    <th scope="col">{ "Share of leads" }</th><th scope="col">{ "Precision" }</th>
                    <th scope="col">{ "Recall" }</th>
                </tr></thead>
                <tbody>
                    { for b.thresholds.iter().map(|t| html! {
                        <tr>
                            <th scope="row">{ t.threshold.map(points).unwrap_or_default() }</th>
                            <td>{ count(t.mqls as f64) }</td>
                            <td>{ percent(t.mql_share) }</td>
                            <td>{ t.precision.map(percent).unwrap_or_else(|| "no MQL".into()) }</td>
                            <td>{ percent(t.recall) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            <p class="help">{ "Precision: the share of MQLs that converted. Recall: the share of converted leads that were MQLs." }</p>
        </details>
    }
}

#[component]
fn GradeTable(props: &TableProps) -> Html {
    let b = &props.backtest;
    let cell = |fit: usize, engagement: usize| {
        let g = &b.grades[fit * 4 + engagement];
        html! {
            <td title={format!("{}: {} leads, {} converted", g.grade, g.leads, g.converters)}>
                { g.rate.map(percent).unwrap_or_else(|| "–".into()) }
                <span class="count">{ format!(" ({})", count(g.leads as f64)) }</span>
            </td>
        }
    };
    if b.grades.len() != 16 {
        return html! {};
    }
    html! {
        <details class="backtest-table">
            <summary>{ match b.grade_auc {
                Some(a) => format!("By grade: the grade alone ranks them with AUC {a:.2}"),
                None => "By grade".to_string(),
            } }</summary>
            <table data-testid="grade-table" class="grade-grid">
                <caption class="sr-only">{ "Conversion rate by fit letter and engagement digit (leads)" }</caption>
                <thead><tr><th scope="col">{ "Fit \\ engagement" }</th>
                    { for (1..=4).map(|e| html! { <th scope="col">{ e }</th> }) }</tr></thead>
                <tbody>
                    { for (0..4).map(|f| html! {
                        <tr><th scope="row">{ ["A", "B", "C", "D"][f] }</th>
                            { for (0..4).map(|e| cell(f, e)) }</tr>
                    }) }
                </tbody>
            </table>
        </details>
    }
}

/// Weights learnt from the outcomes: asked for, then shown beside today's model on the same
/// held-out leads, with each rule's evidence, and put in place in one undoable step.
#[component]
fn SuggestedWeights() -> Html {
    let store = use_store();
    let start = {
        let store = store.clone();
        Callback::from(move |_| store.dispatch(Action::StartFit))
    };
    let fit = store.fit.result.clone();
    let stale = fit.is_some() && !store.fit.current(store.revision);
    html! {
        <div class="suggested" data-testid="suggested">
            <h3>{ "Suggested weights" }</h3>
            <p class="help">{ "Learn from these outcomes which fields and values go with converting (a regularised logistic regression over 70 % of the leads), as points you can read and edit. It is judged on the other 30 % only, beside today's model on the same leads." }</p>
            <button type="button" onclick={start} disabled={store.fit.running} data-testid="suggest-weights">
                { if fit.is_some() { "Learn again" } else { "Suggest weights from these outcomes" } }
            </button>
            if store.fit.running {
                <span role="status">{ " Learning…" }</span>
            }
            if let Some(f) = fit {
                <FitResult fit={f} stale={stale} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FitProps {
    fit: Rc<FitView>,
    stale: bool,
}

#[component]
fn FitResult(props: &FitProps) -> Html {
    let store = use_store();
    let f = &props.fit;
    if let Some(e) = &f.error {
        return html! { <p class="field-error" role="alert" data-testid="fit-error">{ e.clone() }</p> };
    }
    let fitted = &f.fitted;
    let apply = {
        let (store, scoring) = (store.clone(), f.scoring.clone());
        Callback::from(move |_| {
            let mut s = store.scenario.clone();
            s.scoring = scoring.clone();
            store.dispatch(Action::Apply(
                Box::new(s),
                "use the suggested weights".into(),
            ));
        })
    };
    let mut curves = Vec::new();
    if let Some(t) = &f.today {
        curves.push(curve("Today", t));
    }
    if let Some(h) = &fitted.held_out {
        curves.push(curve("Proposed", h));
    }
    let comparison = match (&f.today, &fitted.held_out) {
        (Some(t), Some(h)) => format!(
            "On the same {} held-out leads: today's model AUC {:.2}, top tenth {:.1}× the average; proposed AUC {:.2}, top tenth {:.1}×.",
            count(h.leads as f64),
            t.auc,
            t.deciles.first().map_or(0.0, |d| d.lift),
            h.auc,
            h.deciles.first().map_or(0.0, |d| d.lift)
        ),
        (None, Some(h)) => format!("Proposed: AUC {:.2} on {} held-out leads.", h.auc, count(h.leads as f64)),
        _ => "The held-out leads lack converters or non-converters, so the proposal could not be judged.".into(),
    };
    html! {
        <div class={classes!("fit-result", props.stale.then_some("stale"))} data-testid="fit-result"
            data-rules={fitted.rules.len().to_string()}
            data-held-out-auc={fitted.held_out.as_ref().map(|h| h.auc.to_string()).unwrap_or_default()}
            data-today-auc={f.today.as_ref().map(|t| t.auc.to_string()).unwrap_or_default()}>
            if props.stale {
                <p class="help">{ "Learnt before the last change; learn again to follow it." }</p>
            }
            <p class="takeaway" data-testid="fit-sentence">{ comparison }</p>
            if !curves.is_empty() {
                <div class="backtest-charts">
                    <RocChart curves={curves} format={percent as fn(f64) -> String} />
                    if let (Some(t), Some(h)) = (&f.today, &fitted.held_out) {
                        <LiftChart deciles={bars(t)} base_rate={t.base_rate} second={Some(bars(h))} format={percent as fn(f64) -> String} />
                    }
                </div>
            }
            if !fitted.warnings.is_empty() {
                <ul class="warnings-list">{ for fitted.warnings.iter().map(|w| html! { <li>{ w.clone() }</li> }) }</ul>
            }
            <div class="table-scroll">
            <table data-testid="fit-rules">
                <caption>{ format!("{} rules, MQL at {} points; fitted on {} leads", fitted.rules.len(), points(fitted.threshold), count(fitted.train_leads as f64)) }</caption>
                <thead><tr><th scope="col">{ "Points" }</th><th scope="col">{ "Rule" }</th>
                    <th scope="col">{ "Leads" }</th><th scope="col">{ "Converted" }</th><th scope="col">{ "Lift" }</th></tr></thead>
                <tbody>
                    { for fitted.evidence.iter().map(|e| html! {
                        <tr>
                            <td class={if e.points < 0.0 { "neg" } else { "pos" }}>{ format!("{:+}", e.points) }</td>
                            <th scope="row">{ e.rule.clone() }</th>
                            <td>{ count(e.leads as f64) }</td>
                            <td>{ percent(e.rate) }</td>
                            <td>{ format!("{:.2}×", e.lift) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            <button type="button" class="primary" onclick={apply} data-testid="use-weights">
                { "Use these rules (undo takes them back)" }
            </button>
            <LearntMarketView fit={props.fit.clone()} stale={props.stale} />
        </div>
    }
}

/// How each field value converts, learnt from every imported lead: the market's odds
/// multipliers with their 90 % ranges, put into the projection in one undoable step (and
/// edited, or removed, in the market editor).
#[component]
fn LearntMarketView(props: &FitProps) -> Html {
    let store = use_store();
    let m = match &props.fit.market {
        Ok(m) => m,
        Err(e) => {
            return html! {
                <p class="help" data-testid="market-error">{ format!("The market could not be learnt from these leads: {e}") }</p>
            }
        }
    };
    let multipliers = m.multipliers();
    let in_use = store.scenario.market.multipliers == multipliers;
    let apply = {
        let (store, multipliers) = (store.clone(), multipliers.clone());
        Callback::from(move |_| {
            let mut s = store.scenario.clone();
            s.market.multipliers = multipliers.clone();
            store.dispatch(Action::Apply(
                Box::new(s),
                "use the market learnt from the leads".into(),
            ));
        })
    };
    let (_, stage) = crate::components::editors::stage_names(m.stage);
    html! {
        <div class="learnt-market" data-testid="learnt-market" data-count={m.learnt.len().to_string()}>
            <h3>{ "Who converts better, learnt from your leads" }</h3>
            <p class="help">{ format!(
                "From all {} leads ({} converted): how each value moves the odds of {stage}, against the average lead. Rare values are pulled towards the average, and each multiplier is drawn per trial within its range, so the bands show what {} leads cannot tell.",
                count(m.leads as f64), percent(m.base_rate), count(m.leads as f64)
            ) }</p>
            <div class="table-scroll tall">
            <table data-testid="learnt-multipliers">
                <thead><tr>
                    <th scope="col">{ "Leads where" }</th><th scope="col">{ "Leads" }</th>
                    <th scope="col">{ "Converted" }</th><th scope="col">{ "Odds ×" }</th>
                    <th scope="col">{ "90 % range" }</th>
                </tr></thead>
                <tbody>
                    { for m.learnt.iter().map(|l| {
                        let (lo, hi) = l.interval();
                        let odds = l.multiplier.odds;
                        html! {
                            <tr>
                                <th scope="row">{ l.label.clone() }</th>
                                <td>{ count(l.leads as f64) }</td>
                                <td>{ percent(l.rate) }</td>
                                <td class={if odds < 1.0 { "neg" } else { "pos" }}>{ format!("{odds:.2}×") }</td>
                                <td>{ format!("{lo:.2}× to {hi:.2}×") }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </div>
            if in_use {
                <p class="help" data-testid="market-in-use">{ "In use in the projection; change or remove each multiplier in the Market tab." }</p>
            } else {
                <button type="button" class="primary" onclick={apply} data-testid="use-market">
                    { "Use in the projection (undo takes it back)" }
                </button>
            }
        </div>
    }
}
