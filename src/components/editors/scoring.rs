//! The scoring model's editor: how a lead becomes an MQL, the rules, caps, decay and grades.

use funnel_engine::generator::COLUMNS;
use funnel_engine::leads::FieldKind;
use funnel_engine::presets;
use funnel_engine::scoring::{Cap, Grade, Qualify, ScoringModel};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::rules::{rule_groups, RuleTable};
use super::{click, edit_with, explain, help, remove_button, Dispatcher};
use crate::components::fields::{
    format_number, CheckboxField, Field, FieldError, NumberField, SelectField,
};
use crate::components::use_store;
use crate::state::{Action, At, Edit, List, RowId};

/// The widest points, cap or threshold the engine takes.
const POINTS: f64 = funnel_engine::scoring::MAX_POINTS;

#[component]
pub fn ScoringEditor() -> Html {
    html! {
        <div class="editor editor-scoring">
            <QualifyEditor />
            <RuleTable />
            <Caps />
            <DecayEditor />
            <GradesEditor />
        </div>
    }
}

// ---- caps ----

#[component]
fn Caps() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let model = &store.scenario.scoring;
    let ids = store.rows.ids(List::Caps);
    let groups = rule_groups(model);
    let free = groups
        .iter()
        .find(|g| model.caps.iter().all(|c| &c.group != *g))
        .cloned();
    let add = match &free {
        Some(g) => click(
            &d,
            Edit::add(
                List::Caps,
                Cap {
                    group: g.clone(),
                    max: 20.0,
                },
            ),
        ),
        None => Callback::noop(),
    };
    html! {
        <fieldset class="caps">
            <legend>{ "Caps per group" }</legend>
            { help("The most points the rules of one group may add together, so that one kind of activity cannot qualify a lead on its own.") }
            if model.caps.is_empty() {
                <p class="muted">{ "No caps." }</p>
            } else {
                <table class="cap-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Group" }</th>
                            <th scope="col">{ "At most" }</th>
                            <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        for (cap, id) in model.caps.iter().zip(ids) {
                            { cap_row(&d, *id, cap, &groups) }
                        }
                    </tbody>
                </table>
            }
            <FieldError at={At::field(List::Caps.path())} />
            <div class="actions">
                <button type="button" class="btn" onclick={add} disabled={free.is_none()} data-testid="cap-add"
                    title={free.is_none().then_some("Give rules a group first; each group takes one cap")}>
                    { "Add cap" }
                </button>
            </div>
        </fieldset>
    }
}

fn cap_row(d: &Dispatcher, id: RowId, cap: &Cap, groups: &[String]) -> Html {
    let mut choices: Vec<(AttrValue, AttrValue)> = groups
        .iter()
        .map(|g| (AttrValue::from(g.clone()), AttrValue::from(g.clone())))
        .collect();
    if !groups.contains(&cap.group) {
        choices.insert(0, (cap.group.clone().into(), cap.group.clone().into()));
    }
    let at = |f: &str| At::row(List::Caps, id, f);
    html! {
        <tr key={id} id={format!("cap-{id}")}>
            <td>
                <SelectField field={Field::new(format!("Cap on group {}", cap.group), at("group")).hidden()}
                    value={cap.group.clone()} options={choices} />
            </td>
            <td>
                <NumberField field={Field::new(format!("Most points for group {}", cap.group), at("max")).hidden()}
                    value={cap.max} min={0.0} max={POINTS} step={1.0} unit="pts" />
            </td>
            <td class="row-actions">
                { remove_button(d, Edit::Remove { list: List::Caps, id }, format!("Remove cap on {}", cap.group), false, "[data-testid=cap-add]".into(), true) }
            </td>
        </tr>
    }
}

// ---- decay and grades ----

#[component]
fn DecayEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let decay = store.scenario.scoring.decay.clone();
    let toggle = {
        let current = decay.clone();
        edit_with(&d, move |on: bool| {
            let next = if on {
                current.clone().or(presets::scoring_model().decay)
            } else {
                None
            };
            Edit::set("scoring.decay", next)
        })
    };
    let mut number_fields: Vec<(AttrValue, AttrValue)> = COLUMNS
        .iter()
        .filter(|(_, k)| *k == FieldKind::Number)
        .map(|(n, _)| (AttrValue::from(*n), AttrValue::from(*n)))
        .collect();
    if let Some(dc) = &decay {
        if !number_fields.iter().any(|(v, _)| v == dc.field.as_str()) {
            number_fields.insert(
                0,
                (
                    dc.field.clone().into(),
                    format!("{} · not in the sample", dc.field).into(),
                ),
            );
        }
    }
    html! {
        <fieldset class="decay">
            <legend>{ "Engagement decay" }</legend>
            <CheckboxField field={Field::new("Engagement points fade while a lead is inactive", "scoring.decay")}
                checked={decay.is_some()} on_commit={toggle} />
            if let Some(dc) = decay {
                <div class="field-row">
                    <SelectField field={Field::new("Days-inactive field", "scoring.decay.field")}
                        value={dc.field.clone()} options={number_fields} />
                    <NumberField field={Field::new("Half-life", "scoring.decay.half_life_days")}
                        value={dc.half_life_days} min={0.0} above=true max={3650.0} step={1.0} unit="days" />
                </div>
            }
            { explain(&["scoring.decay.half_life_days"]) }
        </fieldset>
    }
}

#[component]
fn GradesEditor() -> Html {
    let store = use_store();
    let g = &store.scenario.scoring.grades;
    let cut = |which: &'static str, k: usize, label: &'static str, value: f64| {
        html! {
            <NumberField field={Field::new(label, format!("scoring.grades.{which}[{k}]"))}
                {value} min={-POINTS} max={POINTS} step={1.0} unit="pts" />
        }
    };
    html! {
        <fieldset class="grades">
            <legend>{ "Grades" }</legend>
            { help("The least score for each grade: fit A–D from fit points, engagement 1–4 from engagement points. Below the last cut-off is D or 4.") }
            <div class="field-row">
                { cut("fit", 0, "Fit A from", g.fit[0]) }
                { cut("fit", 1, "Fit B from", g.fit[1]) }
                { cut("fit", 2, "Fit C from", g.fit[2]) }
            </div>
            <div class="field-row">
                { cut("engagement", 0, "Engagement 1 from", g.engagement[0]) }
                { cut("engagement", 1, "Engagement 2 from", g.engagement[1]) }
                { cut("engagement", 2, "Engagement 3 from", g.engagement[2]) }
            </div>
        </fieldset>
    }
}

// ---- qualification ----

/// The most a lead can score: the positive points of each group, capped, added up.
pub fn max_score(model: &ScoringModel) -> f64 {
    let mut free = 0.0;
    let mut groups: Vec<(&str, f64)> = Vec::new();
    for r in model.rules.iter().filter(|r| r.points > 0.0) {
        match &r.group {
            None => free += r.points,
            Some(g) => match groups.iter_mut().find(|(n, _)| n == g) {
                Some((_, sum)) => *sum += r.points,
                None => groups.push((g, r.points)),
            },
        }
    }
    free + groups
        .iter()
        .map(|(g, sum)| {
            let cap = model.caps.iter().find(|c| &c.group == g).map(|c| c.max);
            cap.map_or(*sum, |c| sum.min(c))
        })
        .sum::<f64>()
}

/// The slider's ends for a threshold: 0 (or the threshold, if lower) up to the best score,
/// rounded out to tens.
pub fn slider_bounds(model: &ScoringModel, threshold: f64) -> (f64, f64) {
    let lo = (threshold.min(0.0) / 10.0).floor() * 10.0;
    let hi = (max_score(model).max(threshold).max(10.0) / 10.0).ceil() * 10.0;
    (lo, hi)
}

const LETTERS: [char; 4] = ['A', 'B', 'C', 'D'];

/// Turns one grid cell on or off, keeping the cells valid, unique and in grade order.
pub fn toggle_cell(cells: &[String], cell: &str, on: bool) -> Vec<String> {
    let mut grid = [false; 16];
    let index = |g: Grade| (g.fit * 4 + g.engagement) as usize;
    for g in cells.iter().filter_map(|c| Grade::parse(c)) {
        grid[index(g)] = true;
    }
    if let Some(g) = Grade::parse(cell) {
        grid[index(g)] = on;
    }
    (0..16)
        .filter(|k| grid[*k])
        .map(|k| format!("{}{}", LETTERS[k / 4], k % 4 + 1))
        .collect()
}

/// The cells a new grid starts with: the best fit and engagement.
fn default_cells() -> Vec<String> {
    ["A1", "A2", "B1"].map(String::from).to_vec()
}

fn default_threshold() -> f64 {
    match presets::scoring_model().qualify {
        Qualify::Score { threshold } => threshold,
        Qualify::Grid { .. } => 50.0,
    }
}

#[component]
fn QualifyEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let model = &store.scenario.scoring;
    let by_score = matches!(model.qualify, Qualify::Score { .. });
    let mode = |score: bool| {
        let next = match (&model.qualify, score) {
            (Qualify::Grid { .. }, true) => Qualify::Score {
                threshold: default_threshold(),
            },
            (Qualify::Score { .. }, false) => Qualify::Grid {
                cells: default_cells(),
            },
            (q, _) => q.clone(),
        };
        click(&d, Edit::set("scoring.qualify", next))
    };
    let body = match &model.qualify {
        Qualify::Score { threshold } => threshold_inputs(&d, model, *threshold),
        Qualify::Grid { cells } => grid_inputs(&d, cells),
    };
    html! {
        <fieldset class="qualify">
            <legend>{ "MQL qualification" }</legend>
            <div class="mode-switch" role="radiogroup" aria-label="Qualify leads by">
                <label class="radio">
                    <input type="radio" name="qualify-mode" value="score" checked={by_score}
                        data-testid="qualify-score" onclick={mode(true)} />
                    { "Score threshold" }
                </label>
                <label class="radio">
                    <input type="radio" name="qualify-mode" value="grid" checked={!by_score}
                        data-testid="qualify-grid" onclick={mode(false)} />
                    { "Fit × engagement grid" }
                </label>
            </div>
            <FieldError at={At::field("scoring.qualify")} />
            { body }
            { explain(&["scoring.qualify.threshold"]) }
        </fieldset>
    }
}

/// The threshold's number field and slider (also the embedded view's threshold control).
pub fn threshold_inputs(d: &Dispatcher, model: &ScoringModel, threshold: f64) -> Html {
    const PATH: &str = "scoring.qualify.threshold";
    let slide = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let v = input.value_as_number();
            if v.is_finite() {
                d.dispatch(Action::Edit(Edit::set(PATH, v)));
            }
        })
    };
    let (lo, hi) = slider_bounds(model, threshold);
    html! {
        <div class="threshold">
            <NumberField field={Field::new("MQL when fit + engagement is at least", PATH).testid("threshold-input")}
                value={threshold} min={-POINTS} max={POINTS} step={1.0} unit="pts" />
            <label for="threshold-slider" class="sr-only">{ "Threshold (slider)" }</label>
            <input type="range" id="threshold-slider" data-testid="threshold-slider"
                min={format_number(lo)} max={format_number(hi)} step="1"
                value={format_number(threshold)}
                aria-valuetext={format!("{} points", format_number(threshold))}
                oninput={slide} onchange={{
                    let d = d.clone();
                    Callback::from(move |_: Event| d.dispatch(Action::FieldLeft))
                }} />
            <div class="slider-ends" aria-hidden="true">
                <span>{ format_number(lo) }</span>
                <span>{ format_number(hi) }</span>
            </div>
        </div>
    }
}

fn grid_inputs(d: &Dispatcher, cells: &[String]) -> Html {
    const PATH: &str = "scoring.qualify.cells";
    let on_cell = |cell: String| {
        let cells = cells.to_vec();
        edit_with(d, move |checked: bool| {
            Edit::set(PATH, toggle_cell(&cells, &cell, checked))
        })
    };
    let is_on = |cell: &str| cells.iter().any(|c| c.trim().eq_ignore_ascii_case(cell));
    html! {
        <div class="grid-qualify">
            <table class="grid-toggle">
                <caption>{ "A lead is an MQL when its grade is ticked" }</caption>
                <thead>
                    <tr>
                        <td></td>
                        for e in 1..=4 {
                            <th scope="col">{ format!("Engagement {e}") }</th>
                        }
                    </tr>
                </thead>
                <tbody>
                    for letter in LETTERS {
                        <tr>
                            <th scope="row">{ format!("Fit {letter}") }</th>
                            for e in 1..=4 {
                                {{
                                    let cell = format!("{letter}{e}");
                                    html! {
                                        <td>
                                            <CheckboxField field={Field::new(format!("Grade {cell} qualifies"), PATH)
                                                    .hidden().id(format!("grid-{cell}")).testid(format!("grid-{cell}"))}
                                                no_error=true checked={is_on(&cell)}
                                                on_commit={on_cell(cell.clone())} />
                                        </td>
                                    }
                                }}
                            }
                        </tr>
                    }
                </tbody>
            </table>
            <FieldError at={At::field(PATH)} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_cells_toggle_in_order() {
        let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            toggle_cell(&cells(&["B1", "A1"]), "a2", true),
            cells(&["A1", "A2", "B1"])
        );
        assert_eq!(
            toggle_cell(&cells(&["A1", "A2"]), "A1", false),
            cells(&["A2"])
        );
        assert_eq!(toggle_cell(&cells(&["A1"]), "A1", false), cells(&[]));
        assert_eq!(
            toggle_cell(&cells(&["D4", "D4"]), "Z9", true),
            cells(&["D4"])
        );
    }

    #[test]
    fn the_slider_spans_the_reachable_scores() {
        let m = presets::scoring_model();
        // Fit: 20 + 15 + 5 + 5, and the uncapped size group 10 + 20; engagement: 30 + 10 + 5
        // + 5, and the web group's 25 capped at 20.
        assert_eq!(max_score(&m), 75.0 + 70.0);
        assert_eq!(slider_bounds(&m, 55.0), (0.0, 150.0));
        assert_eq!(slider_bounds(&m, 400.0), (0.0, 400.0));
        assert_eq!(slider_bounds(&m, -15.0), (-20.0, 150.0));
    }
}
