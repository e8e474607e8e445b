//! The process editor: routing, CRM sync, reps, working hours, SLAs and the response-decay
//! curve.

use funnel_engine::calendar::Weekday;
use funnel_engine::generator::COLUMNS;
use funnel_engine::leads::FieldKind;
use funnel_engine::process::{Balance, Rep, RoutingMode};
use yew::prelude::*;

use super::{
    explain, help, join_list, on, on_click, optional_text, options, parse_list, Dispatcher,
};
use crate::components::fields::{
    format_number, CheckboxField, FieldError, NumberField, SelectField, TextField,
};
use crate::components::use_store;

const TEXT_FIELDS_LIST: &str = "lead-text-fields";
/// A year of minutes, the engine's longest delay.
const YEAR_MINUTES: f64 = 365.0 * 1440.0;

const WEEK: [(Weekday, &str); 7] = [
    (Weekday::Mon, "Mon"),
    (Weekday::Tue, "Tue"),
    (Weekday::Wed, "Wed"),
    (Weekday::Thu, "Thu"),
    (Weekday::Fri, "Fri"),
    (Weekday::Sat, "Sat"),
    (Weekday::Sun, "Sun"),
];

/// Turns a working day on or off, keeping the days in week order.
pub fn toggle_day(days: &[Weekday], day: Weekday, on: bool) -> Vec<Weekday> {
    WEEK.iter()
        .map(|(d, _)| *d)
        .filter(|d| if *d == day { on } else { days.contains(d) })
        .collect()
}

/// A rep to add: a name of its own and the last rep's capacity.
pub fn new_rep(reps: &[Rep]) -> Rep {
    let name = (reps.len() + 1..)
        .map(|n| format!("Rep {n}"))
        .find(|n| reps.iter().all(|r| &r.name != n))
        .unwrap_or_default();
    Rep {
        name,
        territories: Vec::new(),
        touches_per_day: reps.last().map_or(8.0, |r| r.touches_per_day),
    }
}

/// A point to add to the decay curve: twice as late, half the odds.
pub fn next_point(points: &[[f64; 2]]) -> [f64; 2] {
    match points.last() {
        Some([m, x]) => [(m * 2.0).min(YEAR_MINUTES), (x / 2.0).max(1e-6)],
        None => [5.0, 1.0],
    }
}

#[component]
pub fn ProcessEditor() -> Html {
    html! {
        <div class="editor editor-process">
            <datalist id={TEXT_FIELDS_LIST}>
                for (name, kind) in COLUMNS {
                    if kind == FieldKind::Text {
                        <option value={name} />
                    }
                }
            </datalist>
            <RoutingEditor />
            <RepsEditor />
            <HoursEditor />
            <SlaEditor />
            <DecayCurveEditor />
        </div>
    }
}

#[component]
fn RoutingEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let p = &store.scenario.process;
    let r = &p.routing;
    let mode = on(&d, "process.routing.mode", |s, v: String| {
        s.process.routing.mode = if v == "manual" {
            RoutingMode::Manual
        } else {
            RoutingMode::Automatic
        };
    });
    let balance = on(&d, "process.routing.balance", |s, v: String| {
        s.process.routing.balance = if v == "first_available" {
            Balance::FirstAvailable
        } else {
            Balance::RoundRobin
        };
    });
    html! {
        <fieldset class="routing">
            <legend>{ "Routing" }</legend>
            <div class="field-row">
                <SelectField label="Assignment" path="process.routing.mode"
                    value={if r.mode == RoutingMode::Manual { "manual" } else { "automatic" }}
                    options={options(&[("automatic", "Automatic (rules)"), ("manual", "Manual (a manager)")])}
                    on_commit={mode} />
                if r.mode == RoutingMode::Manual {
                    <NumberField label="Manager's delay" path="process.routing.manual_delay_hours"
                        value={r.manual_delay_hours} min={0.0} max={2000.0} step={0.5}
                        unit="working h"
                        on_commit={on(&d, "process.routing.manual_delay_hours", |s, v: f64| {
                            s.process.routing.manual_delay_hours = v
                        })} />
                }
                <SelectField label="Balance" path="process.routing.balance"
                    value={if r.balance == Balance::FirstAvailable { "first_available" } else { "round_robin" }}
                    options={options(&[("round_robin", "Round robin"), ("first_available", "First available rep")])}
                    on_commit={balance} />
            </div>
            <div class="field-row">
                <TextField label="Territory field" path="process.routing.territory_field"
                    value={r.territory_field.clone().unwrap_or_default()}
                    list={TEXT_FIELDS_LIST} placeholder="none: one pool"
                    help="The lead field matched against reps' territories; leave empty to route every lead to all reps"
                    on_commit={on(&d, "process.routing.territory_field", |s, v: String| {
                        s.process.routing.territory_field = optional_text(&v)
                    })} />
                <NumberField label="CRM sync latency" path="process.sync_latency_minutes"
                    value={p.sync_latency_minutes} min={0.0} max={YEAR_MINUTES} step={1.0}
                    unit="min"
                    on_commit={on(&d, "process.sync_latency_minutes", |s, v: f64| {
                        s.process.sync_latency_minutes = v
                    })} />
            </div>
            { explain(&["process.routing.mode", "process.routing.manual_delay_hours", "process.routing.balance", "process.sync_latency_minutes"]) }
        </fieldset>
    }
}

#[component]
fn RepsEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let reps = &store.scenario.process.reps;
    let total: f64 = reps.iter().map(|r| r.touches_per_day).sum();
    let add = on_click(&d, "process.reps", |s| {
        let r = new_rep(&s.process.reps);
        s.process.reps.push(r);
    });
    html! {
        <fieldset class="reps">
            <legend>{ "Reps and capacity" }</legend>
            { help("First touches each rep can make in a working day; territories are values of the territory field (empty: leads no one else covers).") }
            <div class="table-wrap">
                <table class="rep-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Rep" }</th>
                            <th scope="col">{ "Territories" }</th>
                            <th scope="col">{ "Touches / day" }</th>
                            <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        for (i, rep) in reps.iter().enumerate() {
                            { rep_row(&d, i, rep, reps.len()) }
                        }
                    </tbody>
                </table>
            </div>
            <FieldError path="process.reps" />
            <div class="actions">
                <button type="button" class="btn" data-testid="rep-add" onclick={add}>{ "Add rep" }</button>
                <span class="muted">
                    { format!("{} reps · {} first touches a working day", reps.len(), format_number(total)) }
                </span>
            </div>
            { explain(&["process.reps"]) }
        </fieldset>
    }
}

fn rep_row(d: &Dispatcher, i: usize, rep: &Rep, n: usize) -> Html {
    let label = if rep.name.trim().is_empty() {
        format!("rep {}", i + 1)
    } else {
        rep.name.clone()
    };
    let path = |f: &str| format!("process.reps[{i}].{f}");
    let remove = on_click(d, "process.reps", move |s| {
        if i < s.process.reps.len() {
            s.process.reps.remove(i);
        }
    });
    html! {
        <tr key={i} data-testid="rep-row">
            <td>
                <TextField label={format!("Rep {} name", i + 1)} hide_label=true
                    path={path("name")} value={rep.name.clone()}
                    on_commit={on(d, path("name"), move |s, v: String| {
                        if let Some(r) = s.process.reps.get_mut(i) { r.name = v }
                    })} />
            </td>
            <td>
                <TextField label={format!("{label}: territories (separate with commas)")}
                    hide_label=true path={path("territories")}
                    value={join_list(&rep.territories)} placeholder="any"
                    on_commit={on(d, path("territories"), move |s, v: String| {
                        if let Some(r) = s.process.reps.get_mut(i) { r.territories = parse_list(&v) }
                    })} />
            </td>
            <td>
                <NumberField label={format!("{label}: first touches per day")} hide_label=true
                    path={path("touches_per_day")} value={rep.touches_per_day}
                    min={0.0} max={10_000.0} step={1.0} testid="rep-touches"
                    on_commit={on(d, path("touches_per_day"), move |s, v: f64| {
                        if let Some(r) = s.process.reps.get_mut(i) { r.touches_per_day = v }
                    })} />
            </td>
            <td class="row-actions">
                <button type="button" class="btn-icon" disabled={n <= 1} onclick={remove}
                    aria-label={format!("Remove rep {label}")} title="Remove">
                    <span aria-hidden="true">{ "×" }</span>
                </button>
            </td>
        </tr>
    }
}

#[component]
fn HoursEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let h = &store.scenario.process.hours;
    html! {
        <fieldset class="hours">
            <legend>{ "Working hours" }</legend>
            { help("When reps (and managers who route by hand) work; hours after midnight, 8.5 is 08:30.") }
            <div class="field-row">
                <NumberField label="Day starts" path="process.hours.start_hour"
                    value={h.start_hour} min={0.0} max={23.5} step={0.5} unit="h"
                    on_commit={on(&d, "process.hours.start_hour", |s, v: f64| s.process.hours.start_hour = v)} />
                <NumberField label="Day ends" path="process.hours.end_hour"
                    value={h.end_hour} min={0.5} max={24.0} step={0.5} unit="h"
                    on_commit={on(&d, "process.hours.end_hour", |s, v: f64| s.process.hours.end_hour = v)} />
            </div>
            <fieldset class="weekdays">
                <legend>{ "Working days" }</legend>
                <div class="check-row">
                    for (day, name) in WEEK {
                        <CheckboxField label={name} path="process.hours.days" no_error=true
                            id={format!("day-{}", name.to_lowercase())}
                            checked={h.days.contains(&day)}
                            on_commit={on(&d, "process.hours.days", move |s, v: bool| {
                                s.process.hours.days = toggle_day(&s.process.hours.days, day, v)
                            })} />
                    }
                </div>
                <FieldError path="process.hours.days" />
            </fieldset>
            { explain(&["process.hours"]) }
        </fieldset>
    }
}

#[component]
fn SlaEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let p = &store.scenario.process;
    html! {
        <fieldset class="slas">
            <legend>{ "Service levels" }</legend>
            <div class="field-row">
                <NumberField label="First-response SLA" path="process.response_sla_minutes"
                    value={p.response_sla_minutes} min={0.0} max={YEAR_MINUTES} step={5.0}
                    unit="min" testid="response-sla"
                    on_commit={on(&d, "process.response_sla_minutes", |s, v: f64| s.process.response_sla_minutes = v)} />
                <NumberField label="Disposition SLA" path="process.disposition_sla_hours"
                    value={p.disposition_sla_hours} min={0.0} max={8760.0} step={1.0} unit="h"
                    on_commit={on(&d, "process.disposition_sla_hours", |s, v: f64| s.process.disposition_sla_hours = v)} />
                <NumberField label="Recycled to nurture" path="process.recycle_share"
                    value={p.recycle_share} percent=true min={0.0} max={100.0} step={5.0}
                    on_commit={on(&d, "process.recycle_share", |s, v: f64| s.process.recycle_share = v)} />
            </div>
            <CheckboxField label="Marketing and sales agreed on one MQL and SQL definition"
                path="process.definitions_agreed" checked={p.definitions_agreed}
                testid="definitions-agreed"
                on_commit={on(&d, "process.definitions_agreed", |s, v: bool| s.process.definitions_agreed = v)} />
            { explain(&["process.response_sla_minutes", "process.disposition_sla_hours", "process.recycle_share", "process.definitions_agreed"]) }
        </fieldset>
    }
}

#[component]
fn DecayCurveEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let decay = &store.scenario.process.response_decay;
    let n = decay.points.len();
    let add = on_click(&d, "process.response_decay.points", |s| {
        let p = next_point(&s.process.response_decay.points);
        s.process.response_decay.points.push(p);
    });
    let point = |i: usize, k: usize, value: f64| {
        let path = format!("process.response_decay.points[{i}][{k}]");
        let commit = on(&d, path.clone(), move |s, v: f64| {
            if let Some(p) = s.process.response_decay.points.get_mut(i) {
                p[k] = v;
            }
        });
        if k == 0 {
            html! {
                <NumberField label={format!("Point {}: minutes to first response", i + 1)}
                    hide_label=true {path} {value} min={0.0} max={YEAR_MINUTES} step={5.0}
                    unit="min" on_commit={commit} />
            }
        } else {
            html! {
                <NumberField label={format!("Point {}: odds multiplier", i + 1)}
                    hide_label=true {path} {value} min={0.0} max={1000.0} step={0.01}
                    unit="×" on_commit={commit} />
            }
        }
    };
    html! {
        <fieldset class="response-decay">
            <legend>{ "Response-time decay" }</legend>
            { help("How the odds of qualifying a lead fall with the time to a first response, relative to an answer within the first point; interpolated on log scales, flat beyond the ends.") }
            <table class="decay-table">
                <thead>
                    <tr>
                        <th scope="col">{ "After" }</th>
                        <th scope="col">{ "Odds ×" }</th>
                        <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                    </tr>
                </thead>
                <tbody>
                    for (i, [minutes, mult]) in decay.points.iter().copied().enumerate() {
                        <tr key={i}>
                            <td>{ point(i, 0, minutes) }</td>
                            <td>{ point(i, 1, mult) }</td>
                            <td class="row-actions">
                                <button type="button" class="btn-icon" disabled={n <= 1}
                                    aria-label={format!("Remove point {} ({} min)", i + 1, format_number(minutes))}
                                    title="Remove"
                                    onclick={on_click(&d, "process.response_decay.points", move |s| {
                                        let pts = &mut s.process.response_decay.points;
                                        if i < pts.len() { pts.remove(i); }
                                    })}>
                                    <span aria-hidden="true">{ "×" }</span>
                                </button>
                            </td>
                        </tr>
                    }
                </tbody>
            </table>
            <FieldError path="process.response_decay.points" />
            <div class="actions">
                <button type="button" class="btn" onclick={add}>{ "Add point" }</button>
            </div>
            <NumberField label="Leads sensitive to response time" path="process.response_decay.sensitive_share"
                value={decay.sensitive_share} percent=true min={0.0} max={100.0} step={5.0}
                help="The rest qualify (or not) however long they wait"
                on_commit={on(&d, "process.response_decay.sensitive_share", |s, v: f64| {
                    s.process.response_decay.sensitive_share = v
                })} />
            { explain(&["process.response_decay"]) }
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::presets;

    #[test]
    fn days_toggle_in_week_order() {
        use Weekday::*;
        assert_eq!(toggle_day(&[Fri, Mon], Wed, true), [Mon, Wed, Fri]);
        assert_eq!(toggle_day(&[Mon, Tue], Mon, false), [Tue]);
        assert_eq!(toggle_day(&[Mon], Mon, true), [Mon]);
        assert_eq!(toggle_day(&[Mon, Mon], Sun, false), [Mon]);
    }

    #[test]
    fn added_reps_and_points_keep_the_process_valid() {
        let mut s = presets::preset("default").unwrap();
        for _ in 0..2 {
            let r = new_rep(&s.process.reps);
            s.process.reps.push(r);
            let p = next_point(&s.process.response_decay.points);
            s.process.response_decay.points.push(p);
        }
        s.validate().unwrap();
        assert_eq!(s.process.reps[6].name, "Rep 7");
        assert_eq!(s.process.reps[7].name, "Rep 8");
        assert_eq!(s.process.reps[7].touches_per_day, 8.0);
        assert_eq!(s.process.response_decay.points[5], [5760.0, 0.00125]);
        assert_eq!(new_rep(&[]).touches_per_day, 8.0);
        assert_eq!(next_point(&[]), [5.0, 1.0]);
    }
}
