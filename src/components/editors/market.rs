//! The market editor: how buyers behave whatever the scoring says (stage rates and their
//! uncertainty, the reported alignment effects, who converts better, deal sizes and cycles),
//! the horizon and the costs.

use funnel_engine::market::{Segment, Stage, Uncertain, STAGES};
use funnel_engine::readiness::Checklist;
use funnel_engine::Scenario;
use yew::prelude::*;

use super::{explain, help, on, Dispatcher};
use crate::components::fields::{CheckboxField, NumberField, OptionalNumberField, TextField};
use crate::components::use_store;

/// The stage's name in scenario paths, and what it means on the page.
pub fn stage_names(s: Stage) -> (&'static str, &'static str) {
    match s {
        Stage::Accept => ("accept", "MQL → SAL (accepted)"),
        Stage::Qualify => ("qualify", "SAL → SQL (qualified)"),
        Stage::Opportunity => ("opportunity", "SQL → opportunity"),
        Stage::Win => ("win", "Opportunity → won"),
    }
}

fn rate_mut(s: &mut Scenario, stage: Stage) -> &mut Uncertain {
    let r = &mut s.market.stages;
    match stage {
        Stage::Accept => &mut r.accept,
        Stage::Qualify => &mut r.qualify,
        Stage::Opportunity => &mut r.opportunity,
        Stage::Win => &mut r.win,
    }
}

#[component]
pub fn MarketEditor() -> Html {
    html! {
        <div class="editor editor-market">
            <StageRatesEditor />
            <AlignmentEditor />
            <TruthEditor />
            <SegmentsEditor />
            <HorizonCosts />
        </div>
    }
}

#[component]
fn StageRatesEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let m = &store.scenario.market;
    html! {
        <fieldset class="stage-rates">
            <legend>{ "Stage conversion rates" }</legend>
            { help("Base rates for a lead of average fit and intent answered within 5 minutes. The spread is what we do not know: each trial draws the rate from a Beta distribution with this mean and standard deviation (0 fixes it).") }
            <table class="rate-table">
                <thead>
                    <tr>
                        <th scope="col">{ "Stage" }</th>
                        <th scope="col">{ "Mean" }</th>
                        <th scope="col">{ "Spread (sd)" }</th>
                    </tr>
                </thead>
                <tbody>
                    for stage in STAGES {
                        { rate_row(&d, stage, m.stages.get(stage)) }
                    }
                </tbody>
            </table>
            <NumberField label="Acceptance odds without agreed definitions"
                path="market.acceptance_without_agreed_definitions"
                value={m.acceptance_without_agreed_definitions} min={0.0} max={10_000.0}
                step={0.01} unit="×"
                on_commit={on(&d, "market.acceptance_without_agreed_definitions", |s, v: f64| {
                    s.market.acceptance_without_agreed_definitions = v
                })} />
            { explain(&["market.stages.accept", "market.stages.qualify", "market.stages.opportunity", "market.stages.win", "market.acceptance_without_agreed_definitions"]) }
        </fieldset>
    }
}

fn rate_row(d: &Dispatcher, stage: Stage, rate: Uncertain) -> Html {
    let (key, label) = stage_names(stage);
    let mean_path = format!("market.stages.{key}.mean");
    let sd_path = format!("market.stages.{key}.sd");
    html! {
        <tr key={key}>
            <th scope="row">{ label }</th>
            <td>
                <NumberField label={format!("{label}: mean rate")} hide_label=true
                    path={mean_path.clone()} value={rate.mean} percent=true
                    min={0.0} max={100.0} step={1.0} testid={format!("rate-{key}-mean")}
                    on_commit={on(d, mean_path, move |s, v: f64| rate_mut(s, stage).mean = v)} />
            </td>
            <td>
                <NumberField label={format!("{label}: standard deviation")} hide_label=true
                    path={sd_path.clone()} value={rate.sd} percent=true
                    min={0.0} max={50.0} step={0.5}
                    on_commit={on(d, sd_path, move |s, v: f64| rate_mut(s, stage).sd = v)} />
            </td>
        </tr>
    }
}

#[component]
fn AlignmentEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let a = &store.scenario.market.alignment;
    let level = crate::explain::alignment_level(&Checklist::of(&store.scenario), a.enabled);
    html! {
        <fieldset class="alignment" data-testid="alignment-effects">
            <legend>{ "Alignment effects " }<span class="tag-reported">{ "reported, not established" }</span></legend>
            { help("Industry articles on sales–marketing alignment report 38 % higher win rates and 15–20 % shorter sales cycles for aligned teams. No controlled study established them, so they can be switched off; each trial draws their size from a normal distribution with this mean and spread.") }
            <CheckboxField label="Apply the reported alignment effects" path="market.alignment.enabled"
                checked={a.enabled} testid="alignment-enabled"
                on_commit={on(&d, "market.alignment.enabled", |s, v: bool| s.market.alignment.enabled = v)} />
            <table class="alignment-table">
                <thead>
                    <tr>
                        <th scope="col">{ "For a fully aligned team" }</th>
                        <th scope="col">{ "Mean" }</th>
                        <th scope="col">{ "Spread (sd)" }</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">{ "Win rate higher by" }</th>
                        <td>
                            <NumberField label="Win rate uplift: mean" hide_label=true
                                path="market.alignment.win_rate_uplift.mean" value={a.win_rate_uplift.mean}
                                percent=true min={0.0} max={300.0} step={1.0}
                                on_commit={on(&d, "market.alignment.win_rate_uplift.mean", |s, v: f64| s.market.alignment.win_rate_uplift.mean = v)} />
                        </td>
                        <td>
                            <NumberField label="Win rate uplift: standard deviation" hide_label=true
                                path="market.alignment.win_rate_uplift.sd" value={a.win_rate_uplift.sd}
                                percent=true min={0.0} max={100.0} step={1.0}
                                on_commit={on(&d, "market.alignment.win_rate_uplift.sd", |s, v: f64| s.market.alignment.win_rate_uplift.sd = v)} />
                        </td>
                    </tr>
                    <tr>
                        <th scope="row">{ "Sales cycle shorter by" }</th>
                        <td>
                            <NumberField label="Cycle reduction: mean" hide_label=true
                                path="market.alignment.cycle_reduction.mean" value={a.cycle_reduction.mean}
                                percent=true min={0.0} max={90.0} step={0.5}
                                on_commit={on(&d, "market.alignment.cycle_reduction.mean", |s, v: f64| s.market.alignment.cycle_reduction.mean = v)} />
                        </td>
                        <td>
                            <NumberField label="Cycle reduction: standard deviation" hide_label=true
                                path="market.alignment.cycle_reduction.sd" value={a.cycle_reduction.sd}
                                percent=true min={0.0} max={50.0} step={0.5}
                                on_commit={on(&d, "market.alignment.cycle_reduction.sd", |s, v: f64| s.market.alignment.cycle_reduction.sd = v)} />
                        </td>
                    </tr>
                </tbody>
            </table>
            <p class="help" data-testid="alignment-level-market">{ format!("They apply in proportion to the readiness checklist. Now {level}.") }</p>
            { explain(&["market.alignment"]) }
        </fieldset>
    }
}

#[component]
fn TruthEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let t = &store.scenario.market.truth;
    let cell = |which: &'static str, k: usize, value: f64, stage_label: &str| {
        let path = format!("market.truth.{which}[{k}]");
        let commit = on(&d, path.clone(), move |s, v: f64| {
            let arr = if which == "fit" {
                &mut s.market.truth.fit
            } else {
                &mut s.market.truth.intent
            };
            arr[k] = v;
        });
        html! {
            <NumberField label={format!("{stage_label}: odds ratio per sd of {which}")}
                hide_label=true {path} {value} min={0.01} max={100.0} step={0.1} unit="×"
                on_commit={commit} />
        }
    };
    html! {
        <fieldset class="truth">
            <legend>{ "Who converts better" }</legend>
            { help("For generated leads: how much each standard deviation of a lead's hidden fit and buying intent multiplies its odds at each stage (1 = no effect).") }
            <table class="truth-table">
                <thead>
                    <tr>
                        <th scope="col">{ "Stage" }</th>
                        <th scope="col">{ "Fit" }</th>
                        <th scope="col">{ "Intent" }</th>
                    </tr>
                </thead>
                <tbody>
                    for (k, stage) in STAGES.into_iter().enumerate() {
                        <tr key={k}>
                            <th scope="row">{ stage_names(stage).1 }</th>
                            <td>{ cell("fit", k, t.fit[k], stage_names(stage).1) }</td>
                            <td>{ cell("intent", k, t.intent[k], stage_names(stage).1) }</td>
                        </tr>
                    }
                </tbody>
            </table>
        </fieldset>
    }
}

#[component]
fn SegmentsEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let segments = &store.scenario.market.segments;
    html! {
        <fieldset class="segments">
            <legend>{ "Deal size and sales cycle" }</legend>
            { help("Per segment of company size: the median deal and sales cycle, and their log-normal spread (sigma of the logarithm). The last segment takes every larger company.") }
            <div class="table-wrap">
                <table class="segment-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Segment" }</th>
                            <th scope="col">{ "Below staff" }</th>
                            <th scope="col">{ "Deal median" }</th>
                            <th scope="col">{ "Deal σ" }</th>
                            <th scope="col">{ "Cycle median" }</th>
                            <th scope="col">{ "Cycle σ" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        for (i, seg) in segments.iter().enumerate() {
                            { segment_row(&d, i, seg) }
                        }
                    </tbody>
                </table>
            </div>
            { explain(&["market.segments"]) }
        </fieldset>
    }
}

fn segment_row(d: &Dispatcher, i: usize, seg: &Segment) -> Html {
    let label = if seg.name.trim().is_empty() {
        format!("segment {}", i + 1)
    } else {
        seg.name.clone()
    };
    let path = |f: &str| format!("market.segments[{i}].{f}");
    fn with<T: 'static>(i: usize, f: fn(&mut Segment, T)) -> impl Fn(&mut Scenario, T) + 'static {
        move |s, v| {
            if let Some(seg) = s.market.segments.get_mut(i) {
                f(seg, v)
            }
        }
    }
    html! {
        <tr key={i}>
            <td>
                <TextField label={format!("Segment {} name", i + 1)} hide_label=true
                    path={path("name")} value={seg.name.clone()}
                    on_commit={on(d, path("name"), with(i, |g, v: String| g.name = v))} />
            </td>
            <td>
                <OptionalNumberField label={format!("{label}: companies with fewer employees than")}
                    hide_label=true path={path("below_employees")} value={seg.below_employees}
                    min={0.0} max={1e9} step={10.0} placeholder="any size"
                    on_commit={on(d, path("below_employees"), with(i, |g, v: Option<f64>| g.below_employees = v))} />
            </td>
            <td>
                <NumberField label={format!("{label}: median deal size")} hide_label=true
                    path={path("deal_median")} value={seg.deal_median} min={0.0} max={1e10}
                    step={1000.0} unit="$"
                    on_commit={on(d, path("deal_median"), with(i, |g, v: f64| g.deal_median = v))} />
            </td>
            <td>
                <NumberField label={format!("{label}: deal size spread (log sigma)")} hide_label=true
                    path={path("deal_sigma")} value={seg.deal_sigma} min={0.0} max={3.0} step={0.05}
                    on_commit={on(d, path("deal_sigma"), with(i, |g, v: f64| g.deal_sigma = v))} />
            </td>
            <td>
                <NumberField label={format!("{label}: median sales cycle")} hide_label=true
                    path={path("cycle_median_days")} value={seg.cycle_median_days}
                    min={0.0} max={3650.0} step={1.0} unit="days"
                    on_commit={on(d, path("cycle_median_days"), with(i, |g, v: f64| g.cycle_median_days = v))} />
            </td>
            <td>
                <NumberField label={format!("{label}: sales cycle spread (log sigma)")} hide_label=true
                    path={path("cycle_sigma")} value={seg.cycle_sigma} min={0.0} max={3.0} step={0.05}
                    on_commit={on(d, path("cycle_sigma"), with(i, |g, v: f64| g.cycle_sigma = v))} />
            </td>
        </tr>
    }
}

#[component]
fn HorizonCosts() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let s = &store.scenario;
    html! {
        <fieldset class="horizon-costs">
            <legend>{ "Horizon and costs" }</legend>
            <div class="field-row">
                <NumberField label="Deals count if they close within" path="horizon.close_days"
                    value={s.horizon.close_days} min={0.0} max={3650.0} step={10.0} unit="days"
                    on_commit={on(&d, "horizon.close_days", |s, v: f64| s.horizon.close_days = v)} />
                <NumberField label="Marketing spend" path="costs.marketing_spend"
                    value={s.costs.marketing_spend} min={0.0} max={1e13} step={10_000.0} unit="$"
                    help="Spend behind the sample's leads over the lead window; used for CAC"
                    on_commit={on(&d, "costs.marketing_spend", |s, v: f64| s.costs.marketing_spend = v)} />
                <NumberField label="Sales cost" path="costs.sales_cost"
                    value={s.costs.sales_cost} min={0.0} max={1e13} step={10_000.0} unit="$"
                    help="Cost of the sales team over the same window; used for CAC"
                    on_commit={on(&d, "costs.sales_cost", |s, v: f64| s.costs.sales_cost = v)} />
            </div>
            { explain(&["horizon.close_days", "costs"]) }
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::presets;

    #[test]
    fn stage_paths_are_the_engines() {
        // A refused edit must be filed under the path the engine names.
        for stage in STAGES {
            let (key, _) = stage_names(stage);
            let mut s = presets::preset("default").unwrap();
            rate_mut(&mut s, stage).mean = 1.5;
            assert_eq!(s.market.stages.get(stage).mean, 1.5);
            let e = s.validate().unwrap_err();
            assert_eq!(e.path, format!("market.stages.{key}.mean"));
        }
    }
}
