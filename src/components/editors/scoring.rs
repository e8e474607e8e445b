//! The scoring model's editor: rules, caps, decay, grades and how a lead becomes an MQL.

use funnel_engine::generator::COLUMNS;
use funnel_engine::leads::FieldKind;
use funnel_engine::presets;
use funnel_engine::scoring::{
    Cap, Condition, Grade, Literal, Qualify, Rule, ScoreKind, ScoringModel,
};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{
    explain, help, join_list, on, on_click, optional_text, options, parse_list, Dispatcher,
};
use crate::components::fields::{
    format_number, CheckboxField, FieldError, NumberField, OptionalNumberField, SelectField,
    TextField,
};
use crate::components::use_store;
use crate::state::{self, Action};

/// The widest points, cap or threshold the engine takes.
const POINTS: f64 = funnel_engine::scoring::MAX_POINTS;

/// The id of the `<datalist>` of the generated sample's fields.
const FIELDS_LIST: &str = "lead-fields";
const NUMBER_FIELDS_LIST: &str = "lead-number-fields";
const GROUPS_LIST: &str = "rule-groups";

#[component]
pub fn ScoringEditor() -> Html {
    html! {
        <div class="editor editor-scoring">
            <datalist id={FIELDS_LIST}>
                for (name, _) in COLUMNS {
                    <option value={name} />
                }
            </datalist>
            <datalist id={NUMBER_FIELDS_LIST}>
                for (name, kind) in COLUMNS {
                    if kind == FieldKind::Number {
                        <option value={name} />
                    }
                }
            </datalist>
            <QualifyEditor />
            <RuleTable />
            <Caps />
            <DecayEditor />
            <GradesEditor />
        </div>
    }
}

// ---- rules ----

/// How a condition is named in the kind select.
fn condition_kind(c: &Condition) -> &'static str {
    match c {
        Condition::Equals { .. } => "equals",
        Condition::OneOf { .. } => "one_of",
        Condition::Range { .. } => "range",
        Condition::Present => "present",
    }
}

/// A literal as typed: `true`/`false`, a number, or else text.
pub fn parse_literal(text: &str) -> Literal {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        return Literal::Bool(true);
    }
    if t.eq_ignore_ascii_case("false") {
        return Literal::Bool(false);
    }
    let numeric = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    match t.parse::<f64>() {
        Ok(x) if numeric && x.is_finite() => Literal::Number(x),
        _ => Literal::Text(t.to_string()),
    }
}

pub fn literal_text(l: &Literal) -> String {
    match l {
        Literal::Bool(b) => b.to_string(),
        Literal::Number(x) => format_number(*x),
        Literal::Text(s) => s.clone(),
    }
}

fn literal_number(l: &Literal) -> Option<f64> {
    match l {
        Literal::Number(x) => Some(*x),
        _ => None,
    }
}

/// The condition of another kind that keeps as much of `c` as it can.
pub fn convert_condition(c: &Condition, kind: &str) -> Condition {
    if condition_kind(c) == kind {
        return c.clone();
    }
    let first: Option<Literal> = match c {
        Condition::Equals { value } => Some(value.clone()),
        Condition::OneOf { values } => values.first().cloned(),
        Condition::Range { min, max } => min.or(*max).map(Literal::Number),
        Condition::Present => None,
    };
    match kind {
        "equals" => Condition::Equals {
            value: first.unwrap_or(Literal::Bool(true)),
        },
        "one_of" => Condition::OneOf {
            values: vec![first.unwrap_or(Literal::Bool(true))],
        },
        "range" => Condition::Range {
            min: Some(first.as_ref().and_then(literal_number).unwrap_or(1.0)),
            max: None,
        },
        _ => Condition::Present,
    }
}

/// A rule to start from: a plausible engagement rule with a name of its own.
pub fn new_rule(existing: &[Rule]) -> Rule {
    let name = (1..)
        .map(|n| {
            if n == 1 {
                "New rule".to_string()
            } else {
                format!("New rule {n}")
            }
        })
        .find(|n| existing.iter().all(|r| &r.name != n))
        .unwrap_or_default();
    Rule {
        name,
        kind: ScoreKind::Engagement,
        field: "web_visits".into(),
        when: Condition::Range {
            min: Some(1.0),
            max: None,
        },
        points: 5.0,
        group: None,
    }
}

/// Removes rule `i` and the caps left with no rule in their group.
pub fn remove_rule(model: &mut ScoringModel, i: usize) {
    if i >= model.rules.len() {
        return;
    }
    model.rules.remove(i);
    let rules = &model.rules;
    model
        .caps
        .retain(|c| rules.iter().any(|r| r.group.as_deref() == Some(&c.group)));
}

/// The groups rules belong to, in order of first use.
pub fn rule_groups(model: &ScoringModel) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for g in model.rules.iter().filter_map(|r| r.group.as_ref()) {
        if !out.contains(g) {
            out.push(g.clone());
        }
    }
    out
}

fn rule_label(rule: &Rule, i: usize) -> String {
    if rule.name.trim().is_empty() {
        format!("rule {}", i + 1)
    } else {
        rule.name.clone()
    }
}

fn rule_path(i: usize, field: &str) -> String {
    format!("scoring.rules[{i}].{field}")
}

#[component]
fn RuleTable() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let model = &store.scenario.scoring;
    let n = model.rules.len();
    let add = on_click(&d, "scoring.rules", |s| {
        let r = new_rule(&s.scoring.rules);
        s.scoring.rules.push(r);
    });
    html! {
        <fieldset class="rules">
            <legend>{ "Scoring rules" }</legend>
            { help("Each rule adds its points when a lead's field meets the condition. Fit rules say who the lead is, engagement rules what they did.") }
            <datalist id={GROUPS_LIST}>
                for g in rule_groups(model) {
                    <option value={g} />
                }
            </datalist>
            <div class="table-wrap">
                <table class="rule-table">
                    <thead>
                        <tr>
                            <th scope="col">{ "Rule" }</th>
                            <th scope="col">{ "Kind" }</th>
                            <th scope="col">{ "Field" }</th>
                            <th scope="col">{ "Condition" }</th>
                            <th scope="col">{ "Value" }</th>
                            <th scope="col">{ "Points" }</th>
                            <th scope="col">{ "Group" }</th>
                            <th scope="col"><span class="sr-only">{ "Actions" }</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        for (i, rule) in model.rules.iter().enumerate() {
                            { rule_row(&d, i, n, rule) }
                        }
                    </tbody>
                </table>
            </div>
            <FieldError path="scoring.rules" />
            <div class="actions">
                <button type="button" class="btn" data-testid="rule-add" onclick={add}>
                    { "Add rule" }
                </button>
            </div>
        </fieldset>
    }
}

fn rule_row(d: &Dispatcher, i: usize, n: usize, rule: &Rule) -> Html {
    let label = rule_label(rule, i);
    let with = move |f: fn(&mut Rule, String)| {
        move |s: &mut funnel_engine::Scenario, v: String| {
            if let Some(r) = s.scoring.rules.get_mut(i) {
                f(r, v)
            }
        }
    };
    let name = on(d, rule_path(i, "name"), with(|r, v| r.name = v));
    let kind = on(
        d,
        rule_path(i, "kind"),
        with(|r, v| {
            r.kind = if v == "fit" {
                ScoreKind::Fit
            } else {
                ScoreKind::Engagement
            }
        }),
    );
    let field = on(d, rule_path(i, "field"), with(|r, v| r.field = v));
    let cond = on(
        d,
        rule_path(i, "when"),
        with(|r, v| r.when = convert_condition(&r.when, &v)),
    );
    let points = on(d, rule_path(i, "points"), move |s, v: f64| {
        if let Some(r) = s.scoring.rules.get_mut(i) {
            r.points = v
        }
    });
    let group = on(
        d,
        rule_path(i, "group"),
        with(|r, v| r.group = optional_text(&v)),
    );
    let swap = |a: usize, b: usize| {
        on_click(d, "scoring.rules", move |s| {
            if a < s.scoring.rules.len() && b < s.scoring.rules.len() {
                s.scoring.rules.swap(a, b)
            }
        })
    };
    let up = swap(i, i.saturating_sub(1));
    let down = swap(i, i + 1);
    let remove = on_click(d, "scoring.rules", move |s| remove_rule(&mut s.scoring, i));
    let kind_value = match rule.kind {
        ScoreKind::Fit => "fit",
        ScoreKind::Engagement => "engagement",
    };
    html! {
        <tr data-testid="rule-row" key={i}>
            <td class="rule-name">
                <TextField label={format!("Rule {} name", i + 1)} hide_label=true
                    path={rule_path(i, "name")} value={rule.name.clone()} on_commit={name} />
            </td>
            <td class="rule-kind">
                <SelectField label={format!("{label}: kind")} hide_label=true
                    path={rule_path(i, "kind")} value={kind_value}
                    options={options(&[("fit", "Fit"), ("engagement", "Engagement")])}
                    on_commit={kind} />
            </td>
            <td class="rule-field">
                <TextField label={format!("{label}: lead field")} hide_label=true
                    path={rule_path(i, "field")} value={rule.field.clone()}
                    list={FIELDS_LIST} on_commit={field} />
            </td>
            <td class="rule-cond">
                <SelectField label={format!("{label}: condition")} hide_label=true
                    path={rule_path(i, "when")} value={condition_kind(&rule.when)}
                    options={options(&[
                        ("equals", "equals"),
                        ("one_of", "one of"),
                        ("range", "in range"),
                        ("present", "is present"),
                    ])}
                    on_commit={cond} />
            </td>
            <td class="rule-value">{ condition_inputs(d, i, &label, &rule.when) }</td>
            <td class="rule-points">
                <NumberField label={format!("{label}: points")} hide_label=true
                    path={rule_path(i, "points")} value={rule.points}
                    min={-POINTS} max={POINTS} step={1.0}
                    testid="rule-points" on_commit={points} />
            </td>
            <td class="rule-group">
                <TextField label={format!("{label}: cap group")} hide_label=true
                    path={rule_path(i, "group")}
                    value={rule.group.clone().unwrap_or_default()}
                    list={GROUPS_LIST} placeholder="none" on_commit={group} />
            </td>
            <td class="row-actions">
                <button type="button" class="btn-icon" disabled={i == 0}
                    aria-label={format!("Move rule {label} up")} title="Move up"
                    onclick={up}><span aria-hidden="true">{ "↑" }</span></button>
                <button type="button" class="btn-icon" disabled={i + 1 == n}
                    aria-label={format!("Move rule {label} down")} title="Move down"
                    onclick={down}><span aria-hidden="true">{ "↓" }</span></button>
                <button type="button" class="btn-icon"
                    aria-label={format!("Remove rule {label}")} title="Remove"
                    onclick={remove}><span aria-hidden="true">{ "×" }</span></button>
            </td>
        </tr>
    }
}

/// The inputs for a condition's values.
fn condition_inputs(d: &Dispatcher, i: usize, label: &str, when: &Condition) -> Html {
    match when {
        Condition::Equals { value } => {
            let path = rule_path(i, "when.value");
            let commit = {
                let d = d.clone();
                let path = path.clone();
                Callback::from(move |text: String| {
                    if text.trim().is_empty() {
                        d.dispatch(Action::Refuse {
                            path: path.clone(),
                            message: "enter a value to compare with, such as software or true"
                                .into(),
                        });
                        return;
                    }
                    let lit = parse_literal(&text);
                    d.dispatch(state::edit(path.clone(), move |s| {
                        if let Some(r) = s.scoring.rules.get_mut(i) {
                            r.when = Condition::Equals { value: lit.clone() };
                        }
                    }));
                })
            };
            html! {
                <TextField label={format!("{label}: equals")} hide_label=true
                    path={path} value={literal_text(value)} on_commit={commit} />
            }
        }
        Condition::OneOf { values } => {
            let commit = on(d, rule_path(i, "when.values"), move |s, text: String| {
                if let Some(r) = s.scoring.rules.get_mut(i) {
                    r.when = Condition::OneOf {
                        values: parse_list(&text).iter().map(|t| parse_literal(t)).collect(),
                    };
                }
            });
            let text: Vec<String> = values.iter().map(literal_text).collect();
            html! {
                <TextField label={format!("{label}: one of (separate with commas)")}
                    hide_label=true path={rule_path(i, "when.values")}
                    value={join_list(&text)} placeholder="a, b, c" on_commit={commit} />
            }
        }
        Condition::Range { min, max } => {
            let (lo, hi) = (*min, *max);
            let set_min = on(d, rule_path(i, "when.min"), move |s, v: Option<f64>| {
                if let Some(r) = s.scoring.rules.get_mut(i) {
                    if let Condition::Range { min, .. } = &mut r.when {
                        *min = v;
                    }
                }
            });
            let set_max = on(d, rule_path(i, "when.max"), move |s, v: Option<f64>| {
                if let Some(r) = s.scoring.rules.get_mut(i) {
                    if let Condition::Range { max, .. } = &mut r.when {
                        *max = v;
                    }
                }
            });
            html! {
                <div class="range-inputs">
                    <OptionalNumberField label={format!("{label}: at least")} hide_label=true
                        path={rule_path(i, "when.min")} value={lo} min={-1e15} max={1e15}
                        step={1.0} placeholder="from" on_commit={set_min} />
                    <span aria-hidden="true">{ "–" }</span>
                    <OptionalNumberField label={format!("{label}: below")} hide_label=true
                        path={rule_path(i, "when.max")} value={hi} min={-1e15} max={1e15}
                        step={1.0} placeholder="to" on_commit={set_max} />
                </div>
            }
        }
        Condition::Present => html! { <span class="muted">{ "any value" }</span> },
    }
}

// ---- caps ----

#[component]
fn Caps() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let model = &store.scenario.scoring;
    let groups = rule_groups(model);
    let free = groups
        .iter()
        .find(|g| model.caps.iter().all(|c| &c.group != *g))
        .cloned();
    let add = {
        let free = free.clone();
        on_click(&d, "scoring.caps", move |s| {
            if let Some(g) = &free {
                s.scoring.caps.push(Cap {
                    group: g.clone(),
                    max: 20.0,
                });
            }
        })
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
                        for (i, cap) in model.caps.iter().enumerate() {
                            { cap_row(&d, i, cap, &groups) }
                        }
                    </tbody>
                </table>
            }
            <FieldError path="scoring.caps" />
            <div class="actions">
                <button type="button" class="btn" onclick={add} disabled={free.is_none()}
                    title={free.is_none().then_some("Give rules a group first; each group takes one cap")}>
                    { "Add cap" }
                </button>
            </div>
        </fieldset>
    }
}

fn cap_row(d: &Dispatcher, i: usize, cap: &Cap, groups: &[String]) -> Html {
    let mut choices: Vec<(AttrValue, AttrValue)> = groups
        .iter()
        .map(|g| (AttrValue::from(g.clone()), AttrValue::from(g.clone())))
        .collect();
    if !groups.contains(&cap.group) {
        choices.insert(0, (cap.group.clone().into(), cap.group.clone().into()));
    }
    let group = on(
        d,
        format!("scoring.caps[{i}].group"),
        move |s, v: String| {
            if let Some(c) = s.scoring.caps.get_mut(i) {
                c.group = v
            }
        },
    );
    let max = on(d, format!("scoring.caps[{i}].max"), move |s, v: f64| {
        if let Some(c) = s.scoring.caps.get_mut(i) {
            c.max = v
        }
    });
    let remove = on_click(d, "scoring.caps", move |s| {
        if i < s.scoring.caps.len() {
            s.scoring.caps.remove(i);
        }
    });
    html! {
        <tr key={i}>
            <td>
                <SelectField label={format!("Cap {} group", i + 1)} hide_label=true
                    path={format!("scoring.caps[{i}].group")} value={cap.group.clone()}
                    options={choices} on_commit={group} />
            </td>
            <td>
                <NumberField label={format!("Most points for group {}", cap.group)}
                    hide_label=true path={format!("scoring.caps[{i}].max")} value={cap.max}
                    min={0.0} max={POINTS} step={1.0} unit="pts" on_commit={max} />
            </td>
            <td class="row-actions">
                <button type="button" class="btn-icon" onclick={remove}
                    aria-label={format!("Remove cap on {}", cap.group)} title="Remove">
                    <span aria-hidden="true">{ "×" }</span>
                </button>
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
    let toggle = on(&d, "scoring.decay", |s, on: bool| {
        s.scoring.decay = if on {
            s.scoring.decay.clone().or(presets::scoring_model().decay)
        } else {
            None
        };
    });
    html! {
        <fieldset class="decay">
            <legend>{ "Engagement decay" }</legend>
            <CheckboxField label="Engagement points fade while a lead is inactive"
                path="scoring.decay" checked={decay.is_some()} on_commit={toggle} />
            if let Some(dc) = decay {
                <div class="field-row">
                    <TextField label="Days-inactive field" path="scoring.decay.field"
                        value={dc.field.clone()} list={NUMBER_FIELDS_LIST}
                        on_commit={on(&d, "scoring.decay.field", |s, v: String| {
                            if let Some(dc) = &mut s.scoring.decay { dc.field = v }
                        })} />
                    <NumberField label="Half-life" path="scoring.decay.half_life_days"
                        value={dc.half_life_days} min={0.0} max={3650.0} step={1.0} unit="days"
                        on_commit={on(&d, "scoring.decay.half_life_days", |s, v: f64| {
                            if let Some(dc) = &mut s.scoring.decay { dc.half_life_days = v }
                        })} />
                </div>
            }
            { explain(&["scoring.decay.half_life_days"]) }
        </fieldset>
    }
}

#[component]
fn GradesEditor() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let g = &store.scenario.scoring.grades;
    let cut = |which: &'static str, k: usize, label: String, value: f64| {
        let path = format!("scoring.grades.{which}[{k}]");
        let commit = on(&d, path.clone(), move |s, v: f64| {
            let cuts = if which == "fit" {
                &mut s.scoring.grades.fit
            } else {
                &mut s.scoring.grades.engagement
            };
            cuts[k] = v;
        });
        html! {
            <NumberField {label} path={path} {value} min={-POINTS} max={POINTS} step={1.0}
                unit="pts" on_commit={commit} />
        }
    };
    html! {
        <fieldset class="grades">
            <legend>{ "Grades" }</legend>
            { help("The least score for each grade: fit A–D from fit points, engagement 1–4 from engagement points. Below the last cut-off is D or 4.") }
            <div class="field-row">
                { cut("fit", 0, "Fit A from".into(), g.fit[0]) }
                { cut("fit", 1, "Fit B from".into(), g.fit[1]) }
                { cut("fit", 2, "Fit C from".into(), g.fit[2]) }
            </div>
            <div class="field-row">
                { cut("engagement", 0, "Engagement 1 from".into(), g.engagement[0]) }
                { cut("engagement", 1, "Engagement 2 from".into(), g.engagement[1]) }
                { cut("engagement", 2, "Engagement 3 from".into(), g.engagement[2]) }
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
        on_click(&d, "scoring.qualify", move |s| {
            let is_score = matches!(s.scoring.qualify, Qualify::Score { .. });
            if score && !is_score {
                s.scoring.qualify = Qualify::Score {
                    threshold: default_threshold(),
                };
            } else if !score && is_score {
                s.scoring.qualify = Qualify::Grid {
                    cells: default_cells(),
                };
            }
        })
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
            <FieldError path="scoring.qualify" />
            { body }
            { explain(&["scoring.qualify.threshold"]) }
        </fieldset>
    }
}

fn threshold_inputs(d: &Dispatcher, model: &ScoringModel, threshold: f64) -> Html {
    const PATH: &str = "scoring.qualify.threshold";
    let set = |s: &mut funnel_engine::Scenario, v: f64| {
        if let Qualify::Score { threshold } = &mut s.scoring.qualify {
            *threshold = v;
        }
    };
    let commit = on(d, PATH, set);
    let slide = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let v = input.value_as_number();
            if v.is_finite() {
                d.dispatch(state::edit(PATH, move |s| set(s, v)));
            }
        })
    };
    let (lo, hi) = slider_bounds(model, threshold);
    html! {
        <div class="threshold">
            <NumberField label="MQL when fit + engagement is at least" path={PATH}
                value={threshold} min={-POINTS} max={POINTS} step={1.0} unit="pts"
                testid="threshold-input" on_commit={commit} />
            <label for="threshold-slider" class="sr-only">{ "Threshold (slider)" }</label>
            <input type="range" id="threshold-slider" data-testid="threshold-slider"
                min={format_number(lo)} max={format_number(hi)} step="1"
                value={format_number(threshold)}
                aria-valuetext={format!("{} points", format_number(threshold))}
                oninput={slide} />
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
        on(d, PATH, move |s, checked: bool| {
            if let Qualify::Grid { cells } = &mut s.scoring.qualify {
                *cells = toggle_cell(cells, &cell, checked);
            }
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
                                            <CheckboxField label={format!("Grade {cell} qualifies")}
                                                hide_label=true no_error=true path={PATH}
                                                id={format!("grid-{cell}")}
                                                testid={format!("grid-{cell}")}
                                                checked={is_on(&cell)}
                                                on_commit={on_cell(cell.clone())} />
                                        </td>
                                    }
                                }}
                            }
                        </tr>
                    }
                </tbody>
            </table>
            <FieldError path={PATH} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_read_as_typed() {
        for (text, lit) in [
            ("true", Literal::Bool(true)),
            (" FALSE ", Literal::Bool(false)),
            ("3", Literal::Number(3.0)),
            ("-2.5", Literal::Number(-2.5)),
            ("software", Literal::Text("software".into())),
            (" north_america ", Literal::Text("north_america".into())),
            ("inf", Literal::Text("inf".into())),
            ("1e", Literal::Text("1e".into())),
        ] {
            assert_eq!(parse_literal(text), lit, "{text:?}");
        }
        assert_eq!(literal_text(&Literal::Number(100.0)), "100");
        let values: Vec<Literal> = parse_list("software, 3 ,true")
            .iter()
            .map(|t| parse_literal(t))
            .collect();
        assert_eq!(
            values,
            [
                Literal::Text("software".into()),
                Literal::Number(3.0),
                Literal::Bool(true)
            ]
        );
    }

    #[test]
    fn conditions_convert_keeping_their_value() {
        let one_of = Condition::OneOf {
            values: vec![Literal::Text("a".into()), Literal::Text("b".into())],
        };
        assert_eq!(
            convert_condition(&one_of, "equals"),
            Condition::Equals {
                value: Literal::Text("a".into())
            }
        );
        assert_eq!(convert_condition(&one_of, "one_of"), one_of);
        assert_eq!(
            convert_condition(&one_of, "range"),
            Condition::Range {
                min: Some(1.0),
                max: None
            }
        );
        let range = Condition::Range {
            min: None,
            max: Some(10.0),
        };
        assert_eq!(
            convert_condition(&range, "one_of"),
            Condition::OneOf {
                values: vec![Literal::Number(10.0)]
            }
        );
        assert_eq!(convert_condition(&range, "present"), Condition::Present);
        assert_eq!(
            convert_condition(&Condition::Present, "equals"),
            Condition::Equals {
                value: Literal::Bool(true)
            }
        );
        // Every conversion of a preset's rule stays valid.
        let base = presets::scoring_model();
        for kind in ["equals", "one_of", "range", "present"] {
            let mut m = base.clone();
            for r in &mut m.rules {
                r.when = convert_condition(&r.when, kind);
            }
            m.validate("scoring").unwrap();
        }
    }

    #[test]
    fn new_rules_are_valid_and_named_apart() {
        let mut m = presets::scoring_model();
        for _ in 0..3 {
            let r = new_rule(&m.rules);
            m.rules.push(r);
        }
        m.validate("scoring").unwrap();
        let names: Vec<&str> = m
            .rules
            .iter()
            .rev()
            .take(3)
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(names, ["New rule 3", "New rule 2", "New rule"]);
    }

    #[test]
    fn removing_the_last_rule_of_a_capped_group_drops_its_cap() {
        let mut m = presets::scoring_model();
        let web: Vec<usize> = (0..m.rules.len())
            .filter(|i| m.rules[*i].group.as_deref() == Some("web"))
            .collect();
        assert_eq!(m.caps.len(), 1);
        for i in web.into_iter().rev() {
            remove_rule(&mut m, i);
            m.validate("scoring").unwrap();
        }
        assert!(m.caps.is_empty());
        let n = m.rules.len();
        remove_rule(&mut m, 999);
        assert_eq!(m.rules.len(), n);
    }

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
