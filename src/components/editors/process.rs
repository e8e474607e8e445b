//! The process editor: routing, CRM sync, reps, working hours, the queue, SLAs and what their
//! breaches do, recycling, and speed to lead (its strength and its curve).

use funnel_engine::calendar::Weekday;
use funnel_engine::generator::COLUMNS;
use funnel_engine::leads::FieldKind;
use funnel_engine::process::{QueueOrder, Rep, RoutingMode, SpeedPoint, Strength};
use yew::prelude::*;

use super::{
    click, edit_with, explain, help, join_list, options, remove_button, wire_name, Dispatcher,
};
use crate::components::fields::{
    format_number, CheckboxField, Field, FieldError, NumberField, SelectField, TextField, TextShape,
};
use crate::components::use_store;
use crate::format;
use crate::state::{At, Edit, List, RowId};

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
    let p = &store.scenario.process;
    let r = &p.routing;
    html! {
        <fieldset class="routing">
            <legend>{ "Routing" }</legend>
            <div class="field-row">
                <SelectField field={Field::new("Assignment", "process.routing.mode")}
                    value={wire_name(r.mode)}
                    options={options(&[("automatic", "Automatic (rules)"), ("manual", "Manual (a manager)")])} />
                if r.mode == RoutingMode::Manual {
                    <NumberField field={Field::new("Manager's delay", "process.routing.manual_delay_hours")}
                        value={r.manual_delay_hours} min={0.0} max={2000.0} step={0.5}
                        unit="working h" />
                }
                <SelectField field={Field::new("Balance", "process.routing.balance")}
                    value={wire_name(r.balance)}
                    options={options(&[("round_robin", "Round robin"), ("first_available", "First available rep")])} />
            </div>
            <div class="field-row">
                <TextField field={Field::new("Territory field", "process.routing.territory_field")
                        .help("The lead field matched against reps' territories; leave empty to route every lead to all reps")}
                    value={r.territory_field.clone().unwrap_or_default()} shape={TextShape::Optional}
                    list={TEXT_FIELDS_LIST} placeholder="none: one pool" />
                <NumberField field={Field::new("CRM sync latency", "process.sync_latency_minutes")}
                    value={p.sync_latency_minutes} min={0.0} max={YEAR_MINUTES} step={1.0}
                    unit={minutes_unit(p.sync_latency_minutes)} />
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
    let ids = store.rows.ids(List::Reps);
    let total: f64 = reps.iter().map(|r| r.touches_per_day).sum();
    let add = {
        let d = d.clone();
        let rep = new_rep(reps);
        Callback::from(move |_: MouseEvent| {
            d.dispatch(crate::state::Action::Edit(Edit::add(List::Reps, &rep)));
            super::focus_later(".rep-table tbody tr:last-child input".into());
        })
    };
    let rows = reps.iter().zip(ids).enumerate().map(|(i, (rep, id))| {
        // After a removal, focus goes to the next row (or the one before the last).
        let then = match ids.get(i + 1).or(i.checked_sub(1).and_then(|k| ids.get(k))) {
            Some(next) => format!("#{} input", rep_row_id(*next)),
            None => "[data-testid=rep-add]".into(),
        };
        rep_row(&d, *id, i, rep, reps.len(), then)
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
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <FieldError at={At::field(List::Reps.path())} />
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

fn rep_row_id(id: RowId) -> String {
    format!("rep-{id}")
}

fn rep_row(d: &Dispatcher, id: RowId, i: usize, rep: &Rep, n: usize, then: String) -> Html {
    let label = if rep.name.trim().is_empty() {
        format!("rep {}", i + 1)
    } else {
        rep.name.clone()
    };
    let at = |f: &str| At::row(List::Reps, id, f);
    html! {
        <tr key={id} id={rep_row_id(id)} data-testid="rep-row">
            <td>
                <TextField field={Field::new(format!("Rep {} name", i + 1), at("name")).hidden()}
                    value={rep.name.clone()} />
            </td>
            <td>
                <TextField field={Field::new(format!("{label}: territories (separate with commas)"), at("territories")).hidden()}
                    value={join_list(&rep.territories)} shape={TextShape::List} placeholder="any" />
            </td>
            <td>
                <NumberField field={Field::new(format!("{label}: first touches per day"), at("touches_per_day"))
                        .hidden().testid("rep-touches")}
                    value={rep.touches_per_day} min={0.0} above=true max={10_000.0} step={1.0}
                    unit="a day" />
            </td>
            <td class="row-actions">
                { remove_button(d, Edit::Remove { list: List::Reps, id }, format!("Remove rep {label}"), n <= 1, then, true) }
            </td>
        </tr>
    }
}

#[component]
fn HoursEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let h = &store.scenario.process.hours;
    let days = h.days.clone();
    html! {
        <fieldset class="hours">
            <legend>{ "Working hours" }</legend>
            { help("When reps (and managers who route by hand) work; hours after midnight, 8.5 is 08:30.") }
            <div class="field-row">
                <NumberField field={Field::new("Day starts", "process.hours.start_hour")}
                    value={h.start_hour} min={0.0} max={23.5} step={0.5} unit="h" />
                <NumberField field={Field::new("Day ends", "process.hours.end_hour")}
                    value={h.end_hour} min={0.5} max={24.0} step={0.5} unit="h" />
            </div>
            <fieldset class="weekdays">
                <legend>{ "Working days" }</legend>
                <div class="check-row">
                    for (day, name) in WEEK {
                        <CheckboxField field={Field::new(name, "process.hours.days").id(format!("day-{}", name.to_lowercase()))}
                            no_error=true checked={h.days.contains(&day)}
                            on_commit={{
                                let days = days.clone();
                                edit_with(&d, move |on: bool| Edit::set("process.hours.days", toggle_day(&days, day, on)))
                            }} />
                    }
                </div>
                <FieldError at={At::field("process.hours.days")} />
            </fieldset>
            { explain(&["process.hours"]) }
        </fieldset>
    }
}

#[component]
fn QueueEditor() -> Html {
    let store = use_store();
    let q = &store.scenario.process.queue;
    html! {
        <fieldset class="queue">
            <legend>{ "Queue" }</legend>
            { help("How a free rep picks the next waiting lead, and how long a lead waits before it goes cold.") }
            <div class="field-row">
                <SelectField field={Field::new("Reps work", "process.queue.order").testid("queue-order")}
                    value={queue_order_value(q.order)}
                    options={options(&[
                        ("oldest_first", "Oldest lead first (first come, first served)"),
                        ("newest_first", "Newest lead first (cherry-picking)"),
                        ("highest_score", "Highest score first"),
                    ])} />
                <NumberField field={Field::new("Patience", "process.queue.patience_hours").testid("patience")
                        .help("Leads not touched within this many hours go cold: no rep ever contacts them")}
                    value={q.patience_hours} min={1.0} max={YEAR_MINUTES / 60.0} step={24.0}
                    unit="h" />
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
    let p = &store.scenario.process;
    html! {
        <fieldset class="slas">
            <legend>{ "Service levels" }</legend>
            <div class="field-row">
                <NumberField field={Field::new("First-response SLA", "process.response_sla_minutes").testid("response-sla")}
                    value={p.response_sla_minutes} min={0.0} above=true max={YEAR_MINUTES} step={5.0}
                    unit={minutes_unit(p.response_sla_minutes)} />
                <SelectField field={Field::new("When it passes", "process.on_response_breach").testid("response-breach")}
                    value={wire_name(p.on_response_breach)}
                    options={options(&[
                        ("measure", "Measure only"),
                        ("reassign", "Reassign to the next free rep, then the team"),
                    ])} />
            </div>
            <div class="field-row">
                <NumberField field={Field::new("Disposition SLA", "process.disposition_sla_hours")}
                    value={p.disposition_sla_hours} min={0.0} above=true max={8760.0} step={1.0} unit="h" />
                <SelectField field={Field::new("When it passes", "process.on_disposition_breach").testid("disposition-breach")}
                    value={wire_name(p.on_disposition_breach)}
                    options={options(&[
                        ("measure", "Measure only"),
                        ("return_to_marketing", "Return the lead to marketing"),
                    ])} />
            </div>
            <CheckboxField field={Field::new("Marketing and sales agreed on one MQL and SQL definition", "process.definitions_agreed").testid("definitions-agreed")}
                checked={p.definitions_agreed} />
            <CheckboxField field={Field::new("One full-funnel report, first touch to closed deal", "process.full_funnel_reporting").testid("full-funnel-reporting")}
                checked={p.full_funnel_reporting} />
            { explain(&["process.response_sla_minutes", "process.on_response_breach", "process.disposition_sla_hours", "process.on_disposition_breach", "process.definitions_agreed", "process.full_funnel_reporting"]) }
        </fieldset>
    }
}

#[component]
fn RecyclingEditor() -> Html {
    let store = use_store();
    let r = &store.scenario.process.recycling;
    html! {
        <fieldset class="recycling">
            <legend>{ "Recycling" }</legend>
            { help("MQLs sales does not accept go back to marketing's nurture or are closed; some recycled leads qualify again later.") }
            <div class="field-row">
                <NumberField field={Field::new("Not accepted, recycled", "process.recycling.share")
                        .help("Of the MQLs sales does not accept, the share sent back to nurture; the rest are closed")}
                    value={r.share} percent=true min={0.0} max={100.0} step={5.0} />
                <NumberField field={Field::new("Nurture", "process.recycling.nurture_days")
                        .help("Days in nurture before a recycled lead can qualify again")}
                    value={r.nurture_days} min={0.0} max={3650.0} step={5.0} unit="days" />
                <NumberField field={Field::new("Re-qualify", "process.recycling.requalify_share")
                        .help("Share of recycled leads that come back as MQLs after nurture (once at most)")}
                    value={r.requalify_share} percent=true min={0.0} max={100.0} step={5.0} />
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
    let ids = store.rows.ids(List::SpeedPoints);
    let n = st.points.len();
    let add = {
        let d = d.clone();
        let p = next_speed_point(&st.points);
        Callback::from(move |_: MouseEvent| {
            d.dispatch(crate::state::Action::Edit(Edit::add(List::SpeedPoints, p)));
            super::focus_later(".speed-table tbody tr:last-child input".into());
        })
    };
    let strength = |which: Strength| click(&d, Edit::set("process.speed_to_lead.strength", which));
    let rows = st
        .points
        .iter()
        .copied()
        .zip(ids)
        .enumerate()
        .map(|(i, (pt, id))| {
            let then = match ids.get(i + 1).or(i.checked_sub(1).and_then(|k| ids.get(k))) {
                Some(next) => format!("#speed-point-{next} input"),
                None => "[data-testid=speed-point-add]".into(),
            };
            speed_point_row(&d, *id, i, pt, n, then)
        });
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
                <NumberField field={Field::new("Reached when answered within 5 min", "process.speed_to_lead.contact_rate")}
                    value={st.contact_rate} percent=true min={0.0} above=true max={100.0} step={5.0} />
                <NumberField field={Field::new("How unsure the effect is", "process.speed_to_lead.spread")
                        .help("How much the effect's size varies from trial to trial, as a spread on a log scale: 0.07 means about ±7 %")}
                    value={st.spread} min={0.0} max={1.0} step={0.01} />
            </div>
            <p class="help">{ "How much lower the odds are than for a touch within the first point's minutes: 0.01 means 100 times lower odds. Between points the curve runs straight on log scales; beyond the ends it stays flat." }</p>
            <table class="speed-table">
                <thead>
                    <tr>
                        <th scope="col">{ "First touch after" }</th>
                        <th scope="col">{ "Reach odds ×" }</th>
                        <th scope="col">{ "Qualify odds ×" }</th>
                        <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
            <FieldError at={At::field(List::SpeedPoints.path())} />
            <div class="actions">
                <button type="button" class="btn" data-testid="speed-point-add" onclick={add}>{ "Add point" }</button>
            </div>
            { explain(&["process.speed_to_lead", "process.speed_to_lead.strength", "process.speed_to_lead.contact_rate", "process.speed_to_lead.spread"]) }
        </fieldset>
    }
}

fn speed_point_row(
    d: &Dispatcher,
    id: RowId,
    i: usize,
    pt: SpeedPoint,
    n: usize,
    then: String,
) -> Html {
    let at = |f: &str| At::row(List::SpeedPoints, id, f);
    let after = format::duration_minutes(pt.minutes);
    html! {
        <tr key={id} id={format!("speed-point-{id}")} data-testid="speed-point-row">
            <td>
                <NumberField field={Field::new(format!("Point {}: minutes to first touch", i + 1), at("minutes")).hidden()}
                    value={pt.minutes} min={0.0} max={YEAR_MINUTES} step={5.0} unit={minutes_unit(pt.minutes)} />
            </td>
            <td>
                <NumberField field={Field::new(format!("After {after}: odds multiplier of reaching the lead"), at("contact")).hidden()}
                    value={pt.contact} min={0.0} above=true max={1000.0} step={0.0001} />
            </td>
            <td>
                <NumberField field={Field::new(format!("After {after}: odds multiplier of qualifying"), at("qualify")).hidden()}
                    value={pt.qualify} min={0.0} above=true max={1000.0} step={0.01} />
            </td>
            <td class="row-actions">
                { remove_button(d, Edit::Remove { list: List::SpeedPoints, id }, format!("Remove point {} ({after})", i + 1), n <= 1, then, true) }
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::presets;
    use funnel_engine::process::{DispositionBreach, ResponseBreach};

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
        assert_eq!(wire_name(ResponseBreach::Reassign), "reassign");
        assert_eq!(
            wire_name(DispositionBreach::ReturnToMarketing),
            "return_to_marketing"
        );
        assert_eq!(wire_name(RoutingMode::Manual), "manual");
        assert_eq!(
            wire_name(funnel_engine::process::Balance::FirstAvailable),
            "first_available"
        );
    }
}
