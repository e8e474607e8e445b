//! The market editor: how buyers behave whatever the scoring says (stage rates and their
//! uncertainty, the reported alignment effects, who converts better, deal sizes and cycles),
//! the horizon and the costs.

use funnel_engine::market::{Multiplier, Segment, Stage, Uncertain, STAGES};
use funnel_engine::readiness::Checklist;
use funnel_engine::report::Report;
#[cfg(test)]
use funnel_engine::Scenario;
use yew::prelude::*;

use super::rules::describe_condition;
use super::{explain, help, remove_button, Dispatcher};
use crate::components::fields::{
    CheckboxField, Field, NumberField, OptionalNumberField, TextField,
};
use crate::components::use_store;
use crate::format;
use crate::state::{At, Edit, List, RowId};

/// The stage's name in scenario paths, and what it means on the page.
pub fn stage_names(s: Stage) -> (&'static str, &'static str) {
    match s {
        Stage::Accept => ("accept", "MQL → SAL (accepted)"),
        Stage::Qualify => ("qualify", "SAL → SQL (qualified)"),
        Stage::Opportunity => ("opportunity", "SQL → opportunity"),
        Stage::Win => ("win", "Opportunity → won"),
    }
}

#[cfg(test)]
fn rate_mut(s: &mut Scenario, stage: Stage) -> &mut Uncertain {
    let r = &mut s.market.stages;
    match stage {
        Stage::Accept => &mut r.accept,
        Stage::Qualify => &mut r.qualify,
        Stage::Opportunity => &mut r.opportunity,
        Stage::Win => &mut r.win,
    }
}

/// A stage's rate as the last run measured it over these MQLs: the base rate moved by each
/// lead's fit and intent, by response times, by the alignment effects. `None` before a run.
pub fn effective_rate(report: &Report, stage: Stage) -> Option<f64> {
    let m = &report.metrics;
    let mean = |name: &str| m.get(name).map(|s| s.mean);
    let rate = match stage {
        Stage::Accept => mean("acceptance_rate")?,
        Stage::Qualify => mean("sal_to_sql_rate")?,
        Stage::Opportunity => mean("opportunities")? / mean("sqls")?,
        Stage::Win => mean("win_rate")?,
    };
    rate.is_finite().then_some(rate)
}

#[component]
pub fn MarketEditor() -> Html {
    html! {
        <div class="editor editor-market">
            <StageRatesEditor />
            <AlignmentEditor />
            <TruthEditor />
            <MultipliersEditor />
            <SegmentsEditor />
            <HorizonCosts />
        </div>
    }
}

#[component]
fn StageRatesEditor() -> Html {
    let store = use_store();
    let m = &store.scenario.market;
    let report = store.results.as_ref().map(|r| &r.report);
    html! {
        <fieldset class="stage-rates">
            <legend>{ "Stage conversion rates" }</legend>
            { help("Base rates: for a lead of average fit and intent, answered within 5 minutes. Each lead's own odds, its response time and the alignment effects move them, so the rates the projection shows differ (right column). The spread is how unsure the base rate is: each trial draws it around the base rate (0 fixes it).") }
            <table class="rate-table">
                <thead>
                    <tr>
                        <th scope="col">{ "Stage" }</th>
                        <th scope="col">{ "Base rate" }</th>
                        <th scope="col">{ "Unsure by ±" }</th>
                        <th scope="col">{ "On these MQLs" }</th>
                    </tr>
                </thead>
                <tbody>
                    for stage in STAGES {
                        { rate_row(stage, m.stages.get(stage), report.and_then(|r| effective_rate(r, stage))) }
                    }
                </tbody>
            </table>
            <NumberField field={Field::new("Acceptance odds without agreed definitions", "market.acceptance_without_agreed_definitions")}
                value={m.acceptance_without_agreed_definitions} min={0.0} above=true max={10_000.0}
                step={0.01} unit="×" />
            { explain(&["market.stages.accept", "market.stages.qualify", "market.stages.opportunity", "market.stages.win", "market.acceptance_without_agreed_definitions"]) }
        </fieldset>
    }
}

fn rate_row(stage: Stage, rate: Uncertain, effective: Option<f64>) -> Html {
    let (key, label) = stage_names(stage);
    html! {
        <tr key={key}>
            <th scope="row">{ label }</th>
            <td>
                <NumberField field={Field::new(format!("{label}: base rate"), format!("market.stages.{key}.mean"))
                        .hidden().testid(format!("rate-{key}-mean"))}
                    value={rate.mean} percent=true min={0.0} max={100.0} step={1.0} />
            </td>
            <td>
                <NumberField field={Field::new(format!("{label}: how unsure the base rate is (standard deviation)"), format!("market.stages.{key}.sd")).hidden()}
                    value={rate.sd} percent=true min={0.0} max={50.0} step={0.5} />
            </td>
            <td class="effective" data-testid={format!("rate-{key}-effective")}>
                { effective.map(format::percent).unwrap_or_else(|| "…".into()) }
            </td>
        </tr>
    }
}

#[component]
fn AlignmentEditor() -> Html {
    let store = use_store();
    let a = &store.scenario.market.alignment;
    let level = crate::explain::alignment_level(&Checklist::of(&store.scenario), a.enabled);
    let cell = |path: &'static str, label: &'static str, value: f64, max: f64, step: f64| {
        html! {
            <NumberField field={Field::new(label, path).hidden()} {value} percent=true
                min={0.0} {max} {step} />
        }
    };
    html! {
        <fieldset class="alignment" data-testid="alignment-effects">
            <legend>{ "Alignment effects " }<span class="tag-reported">{ "reported, not established" }</span></legend>
            { help("Industry blog posts on sales–marketing alignment report 38 % higher win rates and 15–20 % shorter sales cycles for aligned teams. No controlled study established them, so they can be switched off; each trial draws their size around the figure below.") }
            <CheckboxField field={Field::new("Apply the reported alignment effects", "market.alignment.enabled").testid("alignment-enabled")}
                checked={a.enabled} />
            <table class="alignment-table">
                <thead>
                    <tr>
                        <th scope="col">{ "For a fully aligned team" }</th>
                        <th scope="col">{ "Reported" }</th>
                        <th scope="col">{ "Unsure by ±" }</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">{ "Win rate higher by" }</th>
                        <td>{ cell("market.alignment.win_rate_uplift.mean", "Win rate uplift", a.win_rate_uplift.mean, 300.0, 1.0) }</td>
                        <td>{ cell("market.alignment.win_rate_uplift.sd", "Win rate uplift: how unsure", a.win_rate_uplift.sd, 100.0, 1.0) }</td>
                    </tr>
                    <tr>
                        <th scope="row">{ "Sales cycle shorter by" }</th>
                        <td>{ cell("market.alignment.cycle_reduction.mean", "Cycle reduction", a.cycle_reduction.mean, 90.0, 0.5) }</td>
                        <td>{ cell("market.alignment.cycle_reduction.sd", "Cycle reduction: how unsure", a.cycle_reduction.sd, 50.0, 0.5) }</td>
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
    let t = &store.scenario.market.truth;
    let cell = |which: &'static str, k: usize, value: f64, stage_label: &str| {
        let trait_name = if which == "fit" {
            "fit"
        } else {
            "buying intent"
        };
        html! {
            <NumberField field={Field::new(format!("{stage_label}: odds × for a lead one step better in {trait_name}"), format!("market.truth.{which}[{k}]")).hidden()}
                {value} min={0.01} max={100.0} above=true step={0.1} unit="×" />
        }
    };
    html! {
        <fieldset class="truth">
            <legend>{ "Who converts better" }</legend>
            { help("For generated leads: how much better a lead converts at each stage when its hidden fit or buying intent is one step above average (a step is one standard deviation; 1 means it makes no difference, 2 doubles the odds).") }
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

/// Who converts better among imported leads: the odds multipliers, learnt from the export's
/// outcomes or entered by hand, each with the spread it is drawn with per trial.
#[component]
fn MultipliersEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let multipliers = &store.scenario.market.multipliers;
    let ids = store.rows.ids(List::Multipliers);
    html! {
        <fieldset class="multipliers" data-testid="multipliers" data-count={multipliers.len().to_string()}>
            <legend>{ "Who converts better (imported leads)" }</legend>
            if multipliers.is_empty() {
                { help("For imported leads, nothing here yet: every MQL has the same chances at each stage. Import your leads with an outcome column, then “Suggest weights” learns how each value converts; “Use in the projection” puts those multipliers here, where you can change or remove each one.") }
            } else {
                { help("Each line multiplies a stage's odds for the leads it matches (2 doubles them, 0.5 halves them). The spread says how unsure the multiplier is: each trial draws it on a log scale with that standard deviation, so the bands show it (0 fixes it).") }
                <div class="table-wrap">
                    <table class="multiplier-table">
                        <thead>
                            <tr>
                                <th scope="col">{ "Leads where" }</th>
                                <th scope="col">{ "Stage" }</th>
                                <th scope="col">{ "Odds ×" }</th>
                                <th scope="col">{ "Spread" }</th>
                                <th scope="col"><span class="sr-only">{ "Remove" }</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            for (m, id) in multipliers.iter().zip(ids) {
                                { multiplier_row(&d, *id, m) }
                            }
                        </tbody>
                    </table>
                </div>
            }
            { explain(&["market.multipliers"]) }
        </fieldset>
    }
}

fn multiplier_row(d: &Dispatcher, id: RowId, m: &Multiplier) -> Html {
    let label = describe_condition(&m.field, &m.when);
    let at = |f: &str| At::row(List::Multipliers, id, f);
    html! {
        <tr key={id}>
            <th scope="row">{ label.clone() }</th>
            <td>{ stage_names(m.stage).1 }</td>
            <td>
                <NumberField field={Field::new(format!("{label}: odds multiplier"), at("odds")).hidden()}
                    value={m.odds} min={0.0} above=true max={1e4} step={0.05} />
            </td>
            <td>
                <NumberField field={Field::new(format!("{label}: spread of the multiplier (sd on a log scale)"), at("odds_sd")).hidden()}
                    value={m.odds_sd} min={0.0} max={3.0} step={0.05} />
            </td>
            <td class="row-actions">
                { remove_button(d, Edit::Remove { list: List::Multipliers, id }, format!("Remove the multiplier for {label}"), false, "[data-testid=multipliers] legend".into(), true) }
            </td>
        </tr>
    }
}

#[component]
fn SegmentsEditor() -> Html {
    let store = use_store();
    let segments = &store.scenario.market.segments;
    let ids = store.rows.ids(List::Segments);
    html! {
        <fieldset class="segments">
            <legend>{ "Deal size and sales cycle" }</legend>
            { help("Per segment of company size: the typical (median) deal and sales cycle, and how widely they vary (0.5 means most deals fall between about 60 % and 165 % of the median). The last segment takes every larger company.") }
            <div class="table-wrap">
                <table class="segment-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Segment" }</th>
                            <th scope="col">{ "Fewer staff than" }</th>
                            <th scope="col">{ "Median deal" }</th>
                            <th scope="col">{ "Deal varies" }</th>
                            <th scope="col">{ "Median cycle" }</th>
                            <th scope="col">{ "Cycle varies" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        for (i, (seg, id)) in segments.iter().zip(ids).enumerate() {
                            { segment_row(*id, i, seg) }
                        }
                    </tbody>
                </table>
            </div>
            { explain(&["market.segments"]) }
        </fieldset>
    }
}

fn segment_row(id: RowId, i: usize, seg: &Segment) -> Html {
    let label = if seg.name.trim().is_empty() {
        format!("segment {}", i + 1)
    } else {
        seg.name.clone()
    };
    let at = |f: &str| At::row(List::Segments, id, f);
    html! {
        <tr key={id}>
            <td>
                <TextField field={Field::new(format!("Segment {} name", i + 1), at("name")).hidden()}
                    value={seg.name.clone()} />
            </td>
            <td>
                <OptionalNumberField field={Field::new(format!("{label}: companies with fewer employees than"), at("below_employees")).hidden()}
                    value={seg.below_employees} min={0.0} max={1e9} step={10.0} placeholder="any size" />
            </td>
            <td>
                <NumberField field={Field::new(format!("{label}: median deal size"), at("deal_median")).hidden()}
                    value={seg.deal_median} min={0.0} above=true max={1e10} step={1000.0} unit="$" />
            </td>
            <td>
                <NumberField field={Field::new(format!("{label}: how widely deal sizes vary (spread on a log scale)"), at("deal_sigma")).hidden()}
                    value={seg.deal_sigma} min={0.0} max={3.0} step={0.05} />
            </td>
            <td>
                <NumberField field={Field::new(format!("{label}: median sales cycle"), at("cycle_median_days")).hidden()}
                    value={seg.cycle_median_days} min={0.0} above=true max={3650.0} step={1.0} unit="days" />
            </td>
            <td>
                <NumberField field={Field::new(format!("{label}: how widely cycles vary (spread on a log scale)"), at("cycle_sigma")).hidden()}
                    value={seg.cycle_sigma} min={0.0} max={3.0} step={0.05} />
            </td>
        </tr>
    }
}

#[component]
fn HorizonCosts() -> Html {
    let store = use_store();
    let s = &store.scenario;
    html! {
        <fieldset class="horizon-costs">
            <legend>{ "Horizon and costs" }</legend>
            <div class="field-row">
                <NumberField field={Field::new("Deals count if they close within", "horizon.close_days")}
                    value={s.horizon.close_days} min={0.0} above=true max={3650.0} step={10.0} unit="days" />
                <NumberField field={Field::new("Marketing spend", "costs.marketing_spend")
                        .help("Spend behind the sample's leads over the lead window; used for CAC")}
                    value={s.costs.marketing_spend} min={0.0} max={1e13} step={10_000.0} unit="$" />
                <NumberField field={Field::new("Cost per rep", "costs.per_rep_cost")
                        .help("What one rep costs over the same window, fully loaded; adding a rep adds it to CAC")}
                    value={s.costs.per_rep_cost} min={0.0} max={1e11} step={5_000.0} unit="$" />
                <NumberField field={Field::new("Other sales cost", "costs.sales_cost")
                        .help("Sales costs that do not change with the number of reps (tools, management); used for CAC")}
                    value={s.costs.sales_cost} min={0.0} max={1e13} step={10_000.0} unit="$" />
            </div>
            <p class="help" data-testid="cost-total">{ format!(
                "With {} reps the window costs {} in all.",
                s.process.reps.len(),
                format::money(s.costs.total(s.process.reps.len()))
            ) }</p>
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
