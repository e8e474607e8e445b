//! The process editor: routing, CRM sync, reps, working hours, the queue, SLAs and what their
//! breaches do, recycling, and speed to lead (its strength and its curve).

use funnel_engine::calendar::Weekday;
use funnel_engine::generator::COLUMNS;
use funnel_engine::leads::FieldKind;
use funnel_engine::process::{
    Balance, DispositionBreach, QueueOrder, Rep, ResponseBreach, RoutingMode, SpeedPoint, Strength,
};
use funnel_engine::Scenario;
use yew::prelude::*;

use super::{
    explain, help, join_list, on, on_click, optional_text, options, parse_list, Dispatcher,
};
use crate::components::fields::{
    format_number, CheckboxField, FieldError, NumberField, SelectField, TextField,
};
use crate::components::use_store;
use crate::format;

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
            <QueueEditor />
            <SlaEditor />
            <RecyclingEditor />
            <SpeedToLeadEditor />
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
                    unit={minutes_unit(p.sync_latency_minutes)}
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
fn QueueEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let q = &store.scenario.process.queue;
    let order = on(&d, "process.queue.order", |s, v: String| {
        s.process.queue.order = match v.as_str() {
            "newest_first" => QueueOrder::NewestFirst,
            "highest_score" => QueueOrder::HighestScore,
            _ => QueueOrder::OldestFirst,
        };
    });
    html! {
        <fieldset class="queue">
            <legend>{ "Queue" }</legend>
            { help("How a free rep picks the next waiting lead, and how long a lead waits before it goes cold.") }
            <div class="field-row">
                <SelectField label="Reps work" path="process.queue.order" testid="queue-order"
                    value={queue_order_value(q.order)}
                    options={options(&[
                        ("oldest_first", "Oldest lead first (first come, first served)"),
                        ("newest_first", "Newest lead first (cherry-picking)"),
                        ("highest_score", "Highest score first"),
                    ])}
                    on_commit={order} />
                <NumberField label="Patience" path="process.queue.patience_hours"
                    value={q.patience_hours} min={1.0} max={YEAR_MINUTES / 60.0} step={24.0}
                    unit="h" testid="patience"
                    help="Leads not touched within this many hours go cold: no rep ever contacts them"
                    on_commit={on(&d, "process.queue.patience_hours", |s, v: f64| s.process.queue.patience_hours = v)} />
            </div>
            <p class="help">{ format!("Leads not touched within {} go cold.", format::setting_duration(q.patience_hours * 60.0)) }</p>
            { explain(&["process.queue.order", "process.queue.patience_hours"]) }
        </fieldset>
    }
}

/// The unit beside a field in minutes, with the value as people say it once it is an hour or
/// more: "min = 24 h", "min = 7 days".
pub fn minutes_unit(m: f64) -> AttrValue {
    if m >= 60.0 {
        format!("min = {}", format::setting_duration(m)).into()
    } else {
        AttrValue::from("min")
    }
}

/// The select value of a queue order (the engine's snake_case name).
fn queue_order_value(o: QueueOrder) -> &'static str {
    match o {
        QueueOrder::OldestFirst => "oldest_first",
        QueueOrder::NewestFirst => "newest_first",
        QueueOrder::HighestScore => "highest_score",
    }
}

#[component]
fn SlaEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let p = &store.scenario.process;
    let response_breach = on(&d, "process.on_response_breach", |s, v: String| {
        s.process.on_response_breach = if v == "reassign" {
            ResponseBreach::Reassign
        } else {
            ResponseBreach::Measure
        };
    });
    let disposition_breach = on(&d, "process.on_disposition_breach", |s, v: String| {
        s.process.on_disposition_breach = if v == "return_to_marketing" {
            DispositionBreach::ReturnToMarketing
        } else {
            DispositionBreach::Measure
        };
    });
    html! {
        <fieldset class="slas">
            <legend>{ "Service levels" }</legend>
            <div class="field-row">
                <NumberField label="First-response SLA" path="process.response_sla_minutes"
                    value={p.response_sla_minutes} min={0.0} max={YEAR_MINUTES} step={5.0}
                    unit={minutes_unit(p.response_sla_minutes)} testid="response-sla"
                    on_commit={on(&d, "process.response_sla_minutes", |s, v: f64| s.process.response_sla_minutes = v)} />
                <SelectField label="When it passes" path="process.on_response_breach"
                    testid="response-breach"
                    value={if p.on_response_breach == ResponseBreach::Reassign { "reassign" } else { "measure" }}
                    options={options(&[
                        ("measure", "Measure only"),
                        ("reassign", "Reassign to the next free rep, then the team"),
                    ])}
                    on_commit={response_breach} />
            </div>
            <div class="field-row">
                <NumberField label="Disposition SLA" path="process.disposition_sla_hours"
                    value={p.disposition_sla_hours} min={0.0} max={8760.0} step={1.0} unit="h"
                    on_commit={on(&d, "process.disposition_sla_hours", |s, v: f64| s.process.disposition_sla_hours = v)} />
                <SelectField label="When it passes" path="process.on_disposition_breach"
                    testid="disposition-breach"
                    value={if p.on_disposition_breach == DispositionBreach::ReturnToMarketing { "return_to_marketing" } else { "measure" }}
                    options={options(&[
                        ("measure", "Measure only"),
                        ("return_to_marketing", "Return the lead to marketing"),
                    ])}
                    on_commit={disposition_breach} />
            </div>
            <CheckboxField label="Marketing and sales agreed on one MQL and SQL definition"
                path="process.definitions_agreed" checked={p.definitions_agreed}
                testid="definitions-agreed"
                on_commit={on(&d, "process.definitions_agreed", |s, v: bool| s.process.definitions_agreed = v)} />
            <CheckboxField label="One full-funnel report, first touch to closed deal"
                path="process.full_funnel_reporting" checked={p.full_funnel_reporting}
                testid="full-funnel-reporting"
                on_commit={on(&d, "process.full_funnel_reporting", |s, v: bool| s.process.full_funnel_reporting = v)} />
            { explain(&["process.response_sla_minutes", "process.on_response_breach", "process.disposition_sla_hours", "process.on_disposition_breach", "process.definitions_agreed", "process.full_funnel_reporting"]) }
        </fieldset>
    }
}

#[component]
fn RecyclingEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let r = &store.scenario.process.recycling;
    html! {
        <fieldset class="recycling">
            <legend>{ "Recycling" }</legend>
            { help("MQLs sales does not accept go back to marketing's nurture or are closed; some recycled leads qualify again later.") }
            <div class="field-row">
                <NumberField label="Not accepted, recycled" path="process.recycling.share"
                    value={r.share} percent=true min={0.0} max={100.0} step={5.0}
                    help="Of the MQLs sales does not accept, the share sent back to nurture; the rest are closed"
                    on_commit={on(&d, "process.recycling.share", |s, v: f64| s.process.recycling.share = v)} />
                <NumberField label="Nurture" path="process.recycling.nurture_days"
                    value={r.nurture_days} min={0.0} max={3650.0} step={5.0} unit="days"
                    help="Days in nurture before a recycled lead can qualify again"
                    on_commit={on(&d, "process.recycling.nurture_days", |s, v: f64| s.process.recycling.nurture_days = v)} />
                <NumberField label="Re-qualify" path="process.recycling.requalify_share"
                    value={r.requalify_share} percent=true min={0.0} max={100.0} step={5.0}
                    help="Share of recycled leads that come back as MQLs after nurture (once at most)"
                    on_commit={on(&d, "process.recycling.requalify_share", |s, v: f64| s.process.recycling.requalify_share = v)} />
            </div>
            { explain(&["process.recycling"]) }
        </fieldset>
    }
}

/// The speed-to-lead strengths as offered: the engine's name, a label, and the consequence in
/// one sentence.
pub const STRENGTHS: [(Strength, &str, &str, &str); 3] = [
    (
        Strength::Published,
        "published",
        "Published",
        "The studies' effect in full: answering at 30 minutes instead of 5 cuts the odds of \
         reaching a lead about 100× and of qualifying it about 21×.",
    ),
    (
        Strength::Half,
        "half",
        "Half",
        "Half the effect on the log-odds scale: answered at 30 minutes instead of 5, leads are \
         reached 10× less often in odds (not 100×) and become SQLs 2.5× less often (not 18×).",
    ),
    (
        Strength::None,
        "none",
        "None",
        "Response time changes nothing: a lead answered after a day qualifies as often as one \
         answered in 5 minutes, which shows what the rest of the process is worth alone.",
    ),
];

/// A point to add to the speed-to-lead curve: twice as late as the last, with its multipliers.
/// The curve is flat beyond its last point, so the new point changes nothing until edited.
pub fn next_speed_point(points: &[SpeedPoint]) -> SpeedPoint {
    match points.last() {
        Some(last) => SpeedPoint {
            minutes: (last.minutes * 2.0).min(YEAR_MINUTES),
            ..*last
        },
        None => SpeedPoint {
            minutes: 5.0,
            contact: 1.0,
            qualify: 1.0,
        },
    }
}

#[component]
fn SpeedToLeadEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let st = &store.scenario.process.speed_to_lead;
    let n = st.points.len();
    let add = on_click(&d, "process.speed_to_lead.points", |s| {
        let p = next_speed_point(&s.process.speed_to_lead.points);
        s.process.speed_to_lead.points.push(p);
    });
    let strength = |which: Strength| {
        on_click(&d, "process.speed_to_lead.strength", move |s| {
            s.process.speed_to_lead.strength = which
        })
    };
    html! {
        <fieldset class="speed-to-lead">
            <legend>{ "Speed to lead" }</legend>
            { help("The longer a lead waits for its first touch, the less likely a rep reaches it, and the less likely it qualifies once reached.") }
            <div class="strengths" role="radiogroup" aria-label="Strength of the response-time effect">
                for (which, value, label, consequence) in STRENGTHS {
                    <label class="radio-card">
                        <input type="radio" name="speed-strength" {value}
                            checked={st.strength == which}
                            data-testid={format!("speed-strength-{value}")}
                            onclick={strength(which)} />
                        <span><strong>{ label }</strong>{ ": " }{ consequence }</span>
                    </label>
                }
            </div>
            <div class="field-row">
                <NumberField label="Reached when answered within 5 min" path="process.speed_to_lead.contact_rate"
                    value={st.contact_rate} percent=true min={0.0} max={100.0} step={5.0}
                    on_commit={on(&d, "process.speed_to_lead.contact_rate", |s, v: f64| s.process.speed_to_lead.contact_rate = v)} />
                <NumberField label="Uncertainty (sd of log effect)" path="process.speed_to_lead.spread"
                    value={st.spread} min={0.0} max={1.0} step={0.01}
                    on_commit={on(&d, "process.speed_to_lead.spread", |s, v: f64| s.process.speed_to_lead.spread = v)} />
            </div>
            <p class="help">{ "Odds multipliers relative to a touch within the first point: 0.01 means 100 times lower odds. Log-log between points, flat beyond the ends." }</p>
            <table class="speed-table">
                <thead>
                    <tr>
                        <th scope="col">{ "First touch after" }</th>
                        <th scope="col">{ "Reach odds ×" }</th>
                        <th scope="col">{ "Qualify odds ×" }</th>
                        <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                    </tr>
                </thead>
                <tbody>
                    for (i, pt) in st.points.iter().copied().enumerate() {
                        { speed_point_row(&d, i, pt, n) }
                    }
                </tbody>
            </table>
            <FieldError path="process.speed_to_lead.points" />
            <div class="actions">
                <button type="button" class="btn" data-testid="speed-point-add" onclick={add}>{ "Add point" }</button>
            </div>
            { explain(&["process.speed_to_lead", "process.speed_to_lead.strength", "process.speed_to_lead.contact_rate", "process.speed_to_lead.spread"]) }
        </fieldset>
    }
}

fn speed_point_row(d: &Dispatcher, i: usize, pt: SpeedPoint, n: usize) -> Html {
    let path = |f: &str| format!("process.speed_to_lead.points[{i}].{f}");
    fn with(i: usize, f: fn(&mut SpeedPoint, f64)) -> impl Fn(&mut Scenario, f64) + 'static {
        move |s, v| {
            if let Some(p) = s.process.speed_to_lead.points.get_mut(i) {
                f(p, v)
            }
        }
    }
    let after = format::duration_minutes(pt.minutes);
    let remove = on_click(d, "process.speed_to_lead.points", move |s| {
        let pts = &mut s.process.speed_to_lead.points;
        if i < pts.len() {
            pts.remove(i);
        }
    });
    html! {
        <tr key={i} data-testid="speed-point-row">
            <td>
                <NumberField label={format!("Point {}: minutes to first touch", i + 1)}
                    hide_label=true path={path("minutes")} value={pt.minutes}
                    min={0.0} max={YEAR_MINUTES} step={5.0} unit={minutes_unit(pt.minutes)}
                    on_commit={on(d, path("minutes"), with(i, |p, v| p.minutes = v))} />
            </td>
            <td>
                <NumberField label={format!("After {after}: odds multiplier of reaching the lead")}
                    hide_label=true path={path("contact")} value={pt.contact}
                    min={0.0} max={1000.0} step={0.0001}
                    on_commit={on(d, path("contact"), with(i, |p, v| p.contact = v))} />
            </td>
            <td>
                <NumberField label={format!("After {after}: odds multiplier of qualifying")}
                    hide_label=true path={path("qualify")} value={pt.qualify}
                    min={0.0} max={1000.0} step={0.01}
                    on_commit={on(d, path("qualify"), with(i, |p, v| p.qualify = v))} />
            </td>
            <td class="row-actions">
                <button type="button" class="btn-icon" disabled={n <= 1} onclick={remove}
                    aria-label={format!("Remove point {} ({after})", i + 1)} title="Remove">
                    <span aria-hidden="true">{ "×" }</span>
                </button>
            </td>
        </tr>
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
        let last = *s.process.speed_to_lead.points.last().unwrap();
        for _ in 0..2 {
            let r = new_rep(&s.process.reps);
            s.process.reps.push(r);
            let p = next_speed_point(&s.process.speed_to_lead.points);
            s.process.speed_to_lead.points.push(p);
        }
        s.validate().unwrap();
        assert_eq!(s.process.reps[6].name, "Rep 7");
        assert_eq!(s.process.reps[7].name, "Rep 8");
        assert_eq!(s.process.reps[7].touches_per_day, 8.0);
        // Twice as late each time, with the last point's multipliers: the curve is unchanged.
        let added = &s.process.speed_to_lead.points[6..];
        assert_eq!(added[0].minutes, last.minutes * 2.0);
        assert_eq!(added[1].minutes, last.minutes * 4.0);
        assert!(added
            .iter()
            .all(|p| (p.contact, p.qualify) == (last.contact, last.qualify)));
        assert_eq!(new_rep(&[]).touches_per_day, 8.0);
        assert_eq!(next_speed_point(&[]).minutes, 5.0);
        // At the longest delay the engine allows, the next point repeats it and is refused.
        let mut s = presets::preset("default").unwrap();
        s.process.speed_to_lead.points.last_mut().unwrap().minutes = YEAR_MINUTES;
        let p = next_speed_point(&s.process.speed_to_lead.points);
        s.process.speed_to_lead.points.push(p);
        let e = s.validate().unwrap_err();
        assert_eq!(e.path, "process.speed_to_lead.points[6].minutes");
    }

    #[test]
    fn minutes_read_as_people_say_them() {
        assert_eq!(minutes_unit(5.0), "min");
        assert_eq!(minutes_unit(1440.0), "min = 24 h");
        assert_eq!(minutes_unit(10080.0), "min = 7 days");
        assert_eq!(minutes_unit(90.0), "min = 1 h 30 min");
    }

    #[test]
    fn choices_name_the_engines_values() {
        // The select and radio values must be the engine's own names, so that a scenario file
        // and the page say the same thing.
        for (strength, value, _, sentence) in STRENGTHS {
            assert_eq!(serde_json::to_value(strength).unwrap(), value);
            assert!(sentence.len() < 220, "{value}: {sentence}");
        }
        for order in [
            QueueOrder::OldestFirst,
            QueueOrder::NewestFirst,
            QueueOrder::HighestScore,
        ] {
            assert_eq!(
                serde_json::to_value(order).unwrap(),
                queue_order_value(order)
            );
        }
        assert_eq!(
            serde_json::to_value(ResponseBreach::Reassign).unwrap(),
            "reassign"
        );
        assert_eq!(
            serde_json::to_value(DispositionBreach::ReturnToMarketing).unwrap(),
            "return_to_marketing"
        );
    }
}
