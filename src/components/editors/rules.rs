//! The rule table: one readable line per rule (what it looks for, its points, how many sample
//! leads it matches), opened into a form to edit it.
//!
//! Fields are picked from the sample's columns and categorical values from the values present,
//! with their counts, so a typo cannot be typed; a rule loaded from a file that names a field or
//! a value the sample lacks says so on its line. Keyboard: each rule is one tab stop; ↑/↓,
//! Home and End move between rules, ←/→ between a rule's toggle and its remove button.

use funnel_engine::conditions::{Condition, Literal};
use funnel_engine::generator::COLUMNS;
use funnel_engine::leads::FieldKind;
use funnel_engine::profile::{ColumnProfile, ValueCount};
use funnel_engine::scoring::{Rule, ScoreKind, ScoringModel, MAX_POINTS};
use yew::prelude::*;

use super::{edit_with, focus_later, help, join_list, options, remove_button, Dispatcher};
use crate::components::fields::{
    format_number, CheckboxField, Field, FieldError, NumberField, OptionalNumberField, SelectField,
    TextField, TextShape,
};
use crate::components::use_store;
use crate::format;
use crate::state::{Action, At, Edit, List, RowId};
use crate::worker::SampleView;

/// The id of the `<datalist>` of the groups rules use.
const GROUPS_LIST: &str = "rule-groups";

/// One column a rule can read: its name and type, and what the sample holds (when a run has
/// profiled it).
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub kind: FieldKind,
    pub profile: Option<ColumnProfile>,
}

/// The columns of the sample, profiled when a run has answered, else the generator's names.
pub fn columns(sample: Option<&SampleView>) -> Vec<Column> {
    match sample {
        Some(s) => s
            .columns
            .iter()
            .map(|c| Column {
                name: c.name.clone(),
                kind: c.kind,
                profile: Some(c.clone()),
            })
            .collect(),
        None => COLUMNS
            .iter()
            .map(|(name, kind)| Column {
                name: name.to_string(),
                kind: *kind,
                profile: None,
            })
            .collect(),
    }
}

/// A type as people say it.
pub fn kind_word(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "text",
        FieldKind::Number => "number",
        FieldKind::Bool => "yes/no",
        FieldKind::Time => "date",
    }
}

/// A column in the field picker: "industry · text: software, fintech, …",
/// "employees · number, 1 to 5,000".
pub fn column_label(c: &Column) -> String {
    let kind = kind_word(c.kind);
    let Some(p) = &c.profile else {
        return format!("{} · {kind}", c.name);
    };
    match (c.kind, p.range) {
        (FieldKind::Number, Some((lo, hi))) => {
            format!("{} · number, {} to {}", c.name, num(lo), num(hi))
        }
        (FieldKind::Text, _) => {
            let shown: Vec<String> = p
                .values
                .iter()
                .take(3)
                .map(|v| v.value.to_string())
                .collect();
            let more = if p.distinct > shown.len() {
                ", …"
            } else {
                ""
            };
            format!("{} · text: {}{more}", c.name, shown.join(", "))
        }
        _ => format!("{} · {kind}", c.name),
    }
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format::count(x)
    } else {
        format_number(x)
    }
}

/// A literal as a yes/no column says it.
fn literal_words(l: &Literal) -> String {
    match l {
        Literal::Bool(true) => "yes".into(),
        Literal::Bool(false) => "no".into(),
        Literal::Number(x) => num(*x),
        Literal::Text(s) => s.trim().to_string(),
    }
}

/// What a rule looks for, as a sentence: "industry is software, fintech or saas",
/// "employees from 200 to under 1,000", "demo requested is yes".
pub fn describe_condition(field: &str, when: &Condition) -> String {
    let field = field.replace('_', " ");
    match when {
        Condition::Equals { value } => format!("{field} is {}", literal_words(value)),
        Condition::OneOf { values } => {
            let words: Vec<String> = values.iter().map(literal_words).collect();
            match words.split_last() {
                None => format!("{field} is one of (nothing)"),
                Some((last, [])) => format!("{field} is {last}"),
                Some((last, init)) => format!("{field} is {} or {last}", init.join(", ")),
            }
        }
        Condition::Range { min, max } => match (min, max) {
            (Some(lo), Some(hi)) => format!("{field} from {} to under {}", num(*lo), num(*hi)),
            (Some(lo), None) => format!("{field} at least {}", num(*lo)),
            (None, Some(hi)) => format!("{field} under {}", num(*hi)),
            (None, None) => format!("{field} is any number"),
        },
        Condition::Contains { words } => {
            let words: Vec<String> = words.iter().map(|w| format!("“{}”", w.trim())).collect();
            match words.split_last() {
                None => format!("{field} contains (nothing)"),
                Some((last, [])) => format!("{field} contains {last}"),
                Some((last, init)) => format!("{field} contains {} or {last}", init.join(", ")),
            }
        }
        Condition::Present => format!("{field} is filled in"),
    }
}

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The closest of `candidates` to `typed`, when it is close enough to be a typo.
pub fn closest<'a>(typed: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let t = typed.trim().to_lowercase();
    candidates
        .map(|c| (distance(&t, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4) && *d > 0)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn same_value(a: &Literal, b: &Literal) -> bool {
    match (a, b) {
        (Literal::Text(x), Literal::Text(y)) => x.trim().eq_ignore_ascii_case(y.trim()),
        (Literal::Number(x), Literal::Number(y)) => x == y,
        (Literal::Bool(x), Literal::Bool(y)) => x == y,
        _ => false,
    }
}

/// What is wrong with a rule against the sample, in words, or `None`: a field the sample does
/// not have, a value no lead holds (with the likely intended one), a range over text, a rule
/// that matches no lead.
pub fn rule_problem(
    rule: &Rule,
    columns: &[Column],
    matched: Option<Option<usize>>,
) -> Option<String> {
    let Some(col) = columns.iter().find(|c| c.name == rule.field) else {
        let hint = closest(&rule.field, columns.iter().map(|c| c.name.as_str()))
            .map(|c| format!("; did you mean “{c}”?"))
            .unwrap_or_else(|| "; pick one of the sample's fields".into());
        return Some(format!("the sample has no field “{}”{hint}", rule.field));
    };
    if matches!(rule.when, Condition::Range { .. }) && col.kind == FieldKind::Text {
        return Some(format!(
            "{} is text: a range matches no lead; use “is one of”",
            col.name
        ));
    }
    let literals: &[Literal] = match &rule.when {
        Condition::Equals { value } => std::slice::from_ref(value),
        Condition::OneOf { values } => values,
        _ => &[],
    };
    if let Some(p) = col
        .profile
        .as_ref()
        .filter(|p| p.values.len() == p.distinct)
    {
        for l in literals {
            if p.values.iter().any(|v| same_value(&v.value, l)) {
                continue;
            }
            if col.kind == FieldKind::Bool {
                return Some(format!(
                    "{} is yes/no: “{}” is neither; choose yes or no",
                    col.name,
                    literal_words(l)
                ));
            }
            let known: Vec<String> = p.values.iter().map(|v| v.value.to_string()).collect();
            let hint = closest(&l.to_string(), known.iter().map(String::as_str))
                .map(|c| format!("; did you mean “{c}”?"))
                .unwrap_or_default();
            return Some(format!(
                "no lead has {} “{}”{hint}",
                col.name,
                literal_words(l)
            ));
        }
    }
    match matched {
        Some(Some(0)) => Some("matches no lead of the sample".into()),
        _ => None,
    }
}

/// How a condition is named in the kind select.
pub fn condition_kind(c: &Condition) -> &'static str {
    match c {
        Condition::Equals { .. } => "equals",
        Condition::OneOf { .. } => "one_of",
        Condition::Range { .. } => "range",
        Condition::Contains { .. } => "contains",
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
        Condition::Contains { words } => words.first().map(|w| Literal::Text(w.clone())),
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
        "contains" => Condition::Contains {
            words: vec![first
                .as_ref()
                .map(literal_text)
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| "vp".into())],
        },
        _ => Condition::Present,
    }
}

/// The condition a rule gets when its field changes to `col`: the kind that suits the column,
/// with its commonest value.
pub fn condition_for(col: &Column) -> Condition {
    let first = col
        .profile
        .as_ref()
        .and_then(|p| p.values.first())
        .map(|v| v.value.clone());
    match col.kind {
        FieldKind::Bool => Condition::Equals {
            value: Literal::Bool(true),
        },
        FieldKind::Text => Condition::OneOf {
            values: first.into_iter().collect(),
        },
        FieldKind::Number | FieldKind::Time => Condition::Range {
            min: col.profile.as_ref().and_then(|p| p.range).map(|(lo, hi)| {
                let mid = (lo + hi) / 2.0;
                if mid.abs() >= 1.0 {
                    mid.round()
                } else {
                    mid
                }
            }),
            max: None,
        },
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

fn row_dom_id(id: RowId) -> String {
    format!("rule-{id}")
}

/// Moves focus between the rules' toggles (↑/↓, Home, End) and within a rule (←/→).
fn row_keys(ids: Vec<RowId>, id: RowId) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        let Some(i) = ids.iter().position(|x| *x == id) else {
            return;
        };
        let target = match e.key().as_str() {
            "ArrowDown" => ids
                .get(i + 1)
                .map(|n| format!("#{} .rule-toggle", row_dom_id(*n))),
            "ArrowUp" => i
                .checked_sub(1)
                .map(|k| format!("#{} .rule-toggle", row_dom_id(ids[k]))),
            "Home" => ids
                .first()
                .map(|n| format!("#{} .rule-toggle", row_dom_id(*n))),
            "End" => ids
                .last()
                .map(|n| format!("#{} .rule-toggle", row_dom_id(*n))),
            "ArrowRight" => Some(format!("#{} [data-testid=row-remove]", row_dom_id(id))),
            "ArrowLeft" => Some(format!("#{} .rule-toggle", row_dom_id(id))),
            _ => return,
        };
        // Arrow keys inside the row's own inputs are theirs.
        let on_button = e
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok())
            .is_some_and(|el| el.tag_name() == "BUTTON");
        if !on_button {
            return;
        }
        if let Some(sel) = target {
            e.prevent_default();
            focus_later(sel);
        }
    })
}

#[component]
pub fn RuleTable() -> Html {
    let store = use_store();
    let d = store.dispatcher();
    let open = use_state(|| None::<RowId>);
    let model = &store.scenario.scoring;
    let ids = store.rows.ids(List::Rules).to_vec();
    let sample = store.results.as_ref().map(|r| &r.sample);
    let cols = columns(sample);
    let add = {
        let (d, open) = (d.clone(), open.clone());
        let rule = new_rule(&model.rules);
        // The new row's id is the next one the rows hand out; open it once it is there.
        Callback::from(move |_: MouseEvent| {
            d.dispatch(Action::Edit(Edit::add(List::Rules, &rule)));
            open.set(Some(RowId::MAX));
            focus_later(".rule-table tbody tr.rule-editor-row input".into());
        })
    };
    // `RowId::MAX` stands for "the newest row", resolved now that it exists.
    let open_id = match *open {
        Some(RowId::MAX) => ids.last().copied(),
        other => other,
    };
    let problems = model
        .rules
        .iter()
        .filter(|r| {
            rule_problem(r, &cols, sample.and_then(|s| s.matches(&r.field, &r.when))).is_some()
        })
        .count();
    let rows = model
        .rules
        .iter()
        .zip(&ids)
        .enumerate()
        .map(|(i, (rule, id))| {
            let then = match ids.get(i + 1).or(i.checked_sub(1).and_then(|k| ids.get(k))) {
                Some(next) => format!("#{} .rule-toggle", row_dom_id(*next)),
                None => "[data-testid=rule-add]".into(),
            };
            let props = RowProps {
                d: d.clone(),
                id: *id,
                i,
                rule,
                cols: &cols,
                sample,
                leads: sample.map_or(0, |s| s.leads),
                open: open_id == Some(*id),
                on_toggle: {
                    let (open, id) = (open.clone(), *id);
                    Callback::from(move |_: MouseEvent| {
                        open.set(if open_id == Some(id) { None } else { Some(id) })
                    })
                },
                keys: row_keys(ids.clone(), *id),
                then,
            };
            rule_row(props)
        });
    html! {
        <fieldset class="rules">
            <legend>{ "Scoring rules" }</legend>
            { help("Each rule adds its points when a lead's field meets its condition. Fit rules say who the lead is, engagement rules what they did. Open a rule to change it.") }
            if problems > 0 {
                <p class="rules-problems" role="status" data-testid="rule-problems">
                    { match problems { 1 => "1 rule needs attention: it matches no lead as written.".to_string(), n => format!("{n} rules need attention: they match no lead as written.") } }
                </p>
            }
            <datalist id={GROUPS_LIST}>
                for g in rule_groups(model) {
                    <option value={g} />
                }
            </datalist>
            <table class="rule-table">
                <thead>
                    <tr>
                        <th scope="col">{ "Rule" }</th>
                        <th scope="col" class="num">{ "Points" }</th>
                        <th scope="col" class="num">{ "Matches" }</th>
                        <th scope="col"><span class="sr-only">{ "Remove" }</span></th>
                    </tr>
                </thead>
                <tbody>{ for rows }</tbody>
            </table>
            <FieldError at={At::field(List::Rules.path())} />
            <div class="actions">
                <button type="button" class="btn" data-testid="rule-add" onclick={add}>
                    { "Add rule" }
                </button>
            </div>
        </fieldset>
    }
}

struct RowProps<'a> {
    d: Dispatcher,
    id: RowId,
    i: usize,
    rule: &'a Rule,
    cols: &'a [Column],
    sample: Option<&'a SampleView>,
    leads: usize,
    open: bool,
    on_toggle: Callback<MouseEvent>,
    keys: Callback<KeyboardEvent>,
    then: String,
}

fn rule_row(p: RowProps) -> Html {
    let RowProps {
        d,
        id,
        i,
        rule,
        cols,
        sample,
        leads,
        open,
        on_toggle,
        keys,
        then,
    } = p;
    let label = rule_label(rule, i);
    let matched = sample.and_then(|s| s.matches(&rule.field, &rule.when));
    let problem = rule_problem(rule, cols, matched);
    let editor_id = format!("{}-editor", row_dom_id(id));
    let kind = match rule.kind {
        ScoreKind::Fit => "Fit",
        ScoreKind::Engagement => "Engagement",
    };
    let matches_text = match matched {
        Some(Some(n)) if leads > 0 => format!(
            "{} · {}",
            format::count(n as f64),
            format::percent(n as f64 / leads as f64)
        ),
        Some(Some(n)) => format::count(n as f64),
        Some(None) => "no field".into(),
        None => "…".into(),
    };
    html! {
        <>
            <tr key={format!("r{id}")} id={row_dom_id(id)} data-testid="rule-row" data-rule={rule.name.clone()}
                class={classes!("rule-line", open.then_some("open"), problem.is_some().then_some("has-problem"))}
                onkeydown={keys}>
                <td class="rule-what">
                    <button type="button" class="rule-toggle" aria-expanded={open.to_string()}
                        aria-controls={editor_id.clone()} onclick={on_toggle}
                        data-testid="rule-toggle">
                        <span class="rule-name">{ label.clone() }</span>
                        <span class="rule-kind">{ kind }{ rule.group.as_ref().map(|g| format!(" · {g}")).unwrap_or_default() }</span>
                        <span class="rule-when">{ describe_condition(&rule.field, &rule.when) }</span>
                    </button>
                    if let Some(problem) = &problem {
                        <p class="rule-problem" data-testid="rule-problem">{ problem.clone() }</p>
                    }
                </td>
                <td class="num rule-points" data-testid="rule-points-shown">{ format::points(rule.points) }</td>
                <td class={classes!("num", "rule-matches", matches!(matched, Some(Some(0)) | Some(None)).then_some("warn"))}
                    data-testid="rule-matches">{ matches_text }</td>
                <td class="row-actions">
                    { remove_button(&d, Edit::Remove { list: List::Rules, id }, format!("Remove rule {label}"), false, then, false) }
                </td>
            </tr>
            if open {
                <tr key={format!("e{id}")} class="rule-editor-row">
                    <td colspan="4">
                        <div class="rule-editor" id={editor_id} role="group" aria-label={format!("Edit rule {label}")}>
                            { rule_form(&d, id, &label, rule, cols) }
                        </div>
                    </td>
                </tr>
            }
        </>
    }
}

fn rule_form(d: &Dispatcher, id: RowId, label: &str, rule: &Rule, cols: &[Column]) -> Html {
    let at = |f: &str| At::row(List::Rules, id, f);
    let col = cols.iter().find(|c| c.name == rule.field);
    let mut field_options: Vec<(AttrValue, AttrValue)> = cols
        .iter()
        .map(|c| (c.name.clone().into(), column_label(c).into()))
        .collect();
    if col.is_none() {
        field_options.insert(
            0,
            (
                rule.field.clone().into(),
                format!("{} · not in the sample", rule.field).into(),
            ),
        );
    }
    // A new field brings a condition that suits it.
    let on_field = {
        let (cols, rule) = (cols.to_vec(), rule.clone());
        edit_with(d, move |name: String| {
            let when = cols
                .iter()
                .find(|c| c.name == name)
                .map(condition_for)
                .unwrap_or(Condition::Present);
            let next = Rule {
                field: name,
                when,
                ..rule.clone()
            };
            Edit::set(At::row(List::Rules, id, ""), next)
        })
    };
    let on_kind = {
        let when = rule.when.clone();
        edit_with(d, move |kind: String| {
            Edit::set(
                At::row(List::Rules, id, "when"),
                convert_condition(&when, &kind),
            )
        })
    };
    let kinds: &[(&str, &str)] = match col.map(|c| c.kind) {
        Some(FieldKind::Text) => &[
            ("one_of", "is one of"),
            ("equals", "is"),
            ("contains", "contains the word"),
            ("present", "is filled in"),
        ],
        Some(FieldKind::Bool) => &[("equals", "is"), ("present", "is yes")],
        Some(FieldKind::Number | FieldKind::Time) => &[
            ("range", "is in a range"),
            ("equals", "equals"),
            ("present", "is filled in"),
        ],
        None => &[
            ("equals", "is"),
            ("one_of", "is one of"),
            ("contains", "contains the word"),
            ("range", "is in a range"),
            ("present", "is filled in"),
        ],
    };
    let mut kinds = options(kinds);
    if !kinds.iter().any(|(v, _)| v == condition_kind(&rule.when)) {
        kinds.push((
            condition_kind(&rule.when).into(),
            condition_kind(&rule.when).replace('_', " ").into(),
        ));
    }
    html! {
        <div class="rule-form">
            <TextField field={Field::new("Name", at("name"))} value={rule.name.clone()} />
            <SelectField field={Field::new("Counts towards", at("kind"))}
                value={match rule.kind { ScoreKind::Fit => "fit", ScoreKind::Engagement => "engagement" }}
                options={options(&[("fit", "Fit: who the lead is"), ("engagement", "Engagement: what they did")])} />
            <SelectField field={Field::new("Lead field", at("field")).testid("rule-field")}
                value={rule.field.clone()} options={field_options} on_commit={on_field} />
            <SelectField field={Field::new("Condition", at("when")).testid("rule-condition")}
                value={condition_kind(&rule.when)} options={kinds} on_commit={on_kind} />
            <div class="rule-values">{ condition_inputs(d, id, label, &rule.when, col) }</div>
            <NumberField field={Field::new("Points", at("points")).testid("rule-points")}
                value={rule.points} min={-MAX_POINTS} max={MAX_POINTS} step={1.0} unit="pts" />
            <TextField field={Field::new("Cap group", at("group"))
                    .help("Rules of one group share a cap on the points they add together")}
                value={rule.group.clone().unwrap_or_default()} shape={TextShape::Optional}
                list={GROUPS_LIST} placeholder="none" />
        </div>
    }
}

/// The value inputs for a condition: the sample's values to pick from where the column lists
/// them, else typed text or numbers.
fn condition_inputs(
    d: &Dispatcher,
    id: RowId,
    label: &str,
    when: &Condition,
    col: Option<&Column>,
) -> Html {
    let at = |f: &str| At::row(List::Rules, id, f);
    let listed = col.and_then(|c| c.profile.as_ref()).filter(|p| {
        !p.values.is_empty() && p.values.len() == p.distinct && p.kind != FieldKind::Number
    });
    match when {
        Condition::Equals { value } => match listed {
            Some(p) => {
                let mut choices: Vec<(AttrValue, AttrValue)> = p
                    .values
                    .iter()
                    .map(|v| (literal_json(&v.value).into(), value_label(v).into()))
                    .collect();
                if !p.values.iter().any(|v| same_value(&v.value, value)) {
                    choices.insert(
                        0,
                        (
                            literal_json(value).into(),
                            format!("{} (no lead has it)", literal_words(value)).into(),
                        ),
                    );
                }
                let commit = edit_with(d, move |json: String| {
                    let lit = serde_json::from_str::<Literal>(&json).unwrap_or(Literal::Text(json));
                    Edit::set(At::row(List::Rules, id, "when.value"), lit)
                });
                html! {
                    <SelectField field={Field::new("Value", at("when.value")).testid("rule-value")}
                        value={literal_json(value)} options={choices} on_commit={commit} />
                }
            }
            None => {
                let commit = {
                    let d = d.clone();
                    Callback::from(move |text: String| {
                        let key = At::row(List::Rules, id, "when.value").key();
                        if text.trim().is_empty() {
                            d.dispatch(Action::Refuse {
                                key,
                                message: "enter a value to compare with, such as software or true"
                                    .into(),
                            });
                        } else {
                            d.dispatch(Action::Edit(Edit::set(
                                At::row(List::Rules, id, "when.value"),
                                parse_literal(&text),
                            )));
                        }
                    })
                };
                html! {
                    <TextField field={Field::new("Value", at("when.value")).testid("rule-value")}
                        value={literal_text(value)} on_commit={commit} />
                }
            }
        },
        Condition::OneOf { values } => match listed {
            Some(p) => one_of_boxes(d, id, label, values, p),
            None => {
                let commit = edit_with(d, move |text: String| {
                    let values: Vec<Literal> = text
                        .split(',')
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(parse_literal)
                        .collect();
                    Edit::set(At::row(List::Rules, id, "when.values"), values)
                });
                let text: Vec<String> = values.iter().map(literal_text).collect();
                html! {
                    <TextField field={Field::new("Values (separate with commas)", at("when.values")).testid("rule-value")}
                        value={join_list(&text)} placeholder="a, b, c" on_commit={commit} />
                }
            }
        },
        Condition::Range { min, max } => {
            let range = col
                .and_then(|c| c.profile.as_ref())
                .and_then(|p| p.range)
                .map(|(lo, hi)| format!("In the sample: {} to {}.", num(lo), num(hi)));
            html! {
                <>
                    <div class="range-inputs">
                        <OptionalNumberField field={Field::new("At least", at("when.min"))}
                            value={*min} min={-1e15} max={1e15} step={1.0} placeholder="no lower end" />
                        <OptionalNumberField field={Field::new("Below", at("when.max"))}
                            value={*max} min={-1e15} max={1e15} step={1.0} placeholder="no upper end" />
                    </div>
                    if let Some(range) = range {
                        <p class="help">{ range }</p>
                    }
                </>
            }
        }
        Condition::Contains { words } => {
            let commit = edit_with(d, move |text: String| {
                let words: Vec<String> = text
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect();
                Edit::set(At::row(List::Rules, id, "when.words"), words)
            });
            html! {
                <>
                    <TextField field={Field::new("Words or phrases (separate with commas)", at("when.words")).testid("rule-value")}
                        value={join_list(words)} placeholder="vp, vice president, head of" on_commit={commit} />
                    <p class="help">{ "Whole words, ignoring case: “vp” matches “VP, Sales”, not “SVP”." }</p>
                </>
            }
        }
        Condition::Present => html! { <p class="help">{ "Any value counts." }</p> },
    }
}

fn literal_json(l: &Literal) -> String {
    serde_json::to_string(l).unwrap_or_default()
}

fn value_label(v: &ValueCount) -> String {
    format!(
        "{} · {} leads",
        literal_words(&v.value),
        format::count(v.leads as f64)
    )
}

/// A box per value of the column (with its count), ticked when the rule lists it; values the
/// rule lists that no lead has stay, marked, until unticked.
fn one_of_boxes(
    d: &Dispatcher,
    id: RowId,
    label: &str,
    values: &[Literal],
    p: &ColumnProfile,
) -> Html {
    let mut all: Vec<(Literal, Option<usize>)> = p
        .values
        .iter()
        .map(|v| (v.value.clone(), Some(v.leads)))
        .collect();
    for l in values {
        if !all.iter().any(|(v, _)| same_value(v, l)) {
            all.push((l.clone(), None));
        }
    }
    let at = At::row(List::Rules, id, "when.values");
    let boxes = all.iter().enumerate().map(|(k, (value, leads))| {
        let checked = values.iter().any(|l| same_value(l, value));
        let commit = {
            let (values, value) = (values.to_vec(), value.clone());
            edit_with(d, move |on: bool| {
                let mut next: Vec<Literal> = values
                    .iter()
                    .filter(|l| !same_value(l, &value))
                    .cloned()
                    .collect();
                if on {
                    next.push(value.clone());
                }
                Edit::set(At::row(List::Rules, id, "when.values"), next)
            })
        };
        let text = match leads {
            Some(n) => format!("{} · {}", literal_words(value), format::count(*n as f64)),
            None => format!("{} · no lead has it", literal_words(value)),
        };
        html! {
            <CheckboxField field={Field::new(text, at.clone()).id(format!("rule-{id}-value-{k}"))}
                no_error=true {checked} on_commit={commit} />
        }
    });
    html! {
        <fieldset class="value-boxes" data-testid="rule-values">
            <legend>{ format!("{label}: any of these values") }</legend>
            <div class="value-grid">{ for boxes }</div>
            <FieldError at={at.clone()} />
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use funnel_engine::presets;
    use funnel_engine::profile::profile;
    use funnel_engine::scenario_sample;

    fn sample_columns() -> Vec<Column> {
        let s = presets::preset("default").unwrap();
        let sample = scenario_sample(&s).unwrap();
        profile(&sample.table)
            .into_iter()
            .map(|p| Column {
                name: p.name.clone(),
                kind: p.kind,
                profile: Some(p),
            })
            .collect()
    }

    #[test]
    fn literals_are_read_as_typed() {
        for (text, lit) in [
            ("true", Literal::Bool(true)),
            (" FALSE ", Literal::Bool(false)),
            ("3", Literal::Number(3.0)),
            ("-2.5", Literal::Number(-2.5)),
            ("software", Literal::Text("software".into())),
            ("inf", Literal::Text("inf".into())),
            ("1e", Literal::Text("1e".into())),
        ] {
            assert_eq!(parse_literal(text), lit, "{text:?}");
        }
        assert_eq!(literal_text(&Literal::Number(100.0)), "100");
    }

    #[test]
    fn conditions_read_as_sentences() {
        let t = |s: &str| Literal::Text(s.into());
        assert_eq!(
            describe_condition(
                "industry",
                &Condition::OneOf {
                    values: vec![t("software"), t("fintech"), t("saas")]
                }
            ),
            "industry is software, fintech or saas"
        );
        assert_eq!(
            describe_condition(
                "company_size",
                &Condition::Range {
                    min: Some(200.0),
                    max: Some(1000.0)
                }
            ),
            "company size from 200 to under 1,000"
        );
        assert_eq!(
            describe_condition(
                "demo_requested",
                &Condition::Equals {
                    value: Literal::Bool(true)
                }
            ),
            "demo requested is yes"
        );
        assert_eq!(
            describe_condition("email", &Condition::Present),
            "email is filled in"
        );
    }

    #[test]
    fn typos_and_unknown_fields_are_named() {
        let cols = sample_columns();
        let mut rule = presets::scoring_model()
            .rules
            .into_iter()
            .find(|r| r.field == "industry")
            .expect("the default model scores industry");
        assert_eq!(rule_problem(&rule, &cols, Some(Some(10))), None);
        rule.when = Condition::OneOf {
            values: vec![Literal::Text("sofware".into())],
        };
        let p = rule_problem(&rule, &cols, Some(Some(0))).unwrap();
        assert_eq!(
            p,
            "no lead has industry “sofware”; did you mean “software”?"
        );
        rule.field = "industy".into();
        let p = rule_problem(&rule, &cols, Some(None)).unwrap();
        assert_eq!(
            p,
            "the sample has no field “industy”; did you mean “industry”?"
        );
        rule.field = "zzz_nothing".into();
        assert!(rule_problem(&rule, &cols, None)
            .unwrap()
            .ends_with("pick one of the sample's fields"));
        // "yes" on a yes/no column.
        let b = cols
            .iter()
            .find(|c| c.kind == FieldKind::Bool)
            .expect("a yes/no column");
        rule.field = b.name.clone();
        rule.when = Condition::Equals {
            value: Literal::Text("yes".into()),
        };
        assert!(rule_problem(&rule, &cols, Some(Some(0)))
            .unwrap()
            .contains("is yes/no"));
        // A range over text.
        rule.field = "industry".into();
        rule.when = Condition::Range {
            min: Some(1.0),
            max: None,
        };
        assert!(rule_problem(&rule, &cols, Some(Some(0)))
            .unwrap()
            .contains("is text"));
        // A rule whose values exist but which matches nobody still says so.
        rule.when = Condition::Present;
        assert_eq!(
            rule_problem(&rule, &cols, Some(Some(0))).unwrap(),
            "matches no lead of the sample"
        );
    }

    #[test]
    fn every_default_rule_is_clean_and_every_column_is_offered() {
        let cols = sample_columns();
        for r in presets::scoring_model().rules {
            assert_eq!(rule_problem(&r, &cols, Some(Some(1))), None, "{}", r.name);
        }
        for (name, _) in COLUMNS {
            assert!(cols.iter().any(|c| c.name == name), "{name}");
        }
        for c in &cols {
            let label = column_label(c);
            assert!(label.starts_with(&c.name) && label.len() < 80, "{label}");
        }
    }

    #[test]
    fn a_new_field_gets_a_condition_that_suits_it() {
        let cols = sample_columns();
        for c in &cols {
            let when = condition_for(c);
            let rule = Rule {
                field: c.name.clone(),
                when,
                ..new_rule(&[])
            };
            let mut m = presets::scoring_model();
            m.rules.push(rule.clone());
            m.validate("scoring").unwrap();
            assert_eq!(rule_problem(&rule, &cols, None), None, "{}", c.name);
        }
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
        assert_eq!(
            convert_condition(&Condition::Present, "equals"),
            Condition::Equals {
                value: Literal::Bool(true)
            }
        );
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
    fn typo_distance() {
        assert_eq!(distance("sofware", "software"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(
            closest("sofware", ["software", "fintech"].into_iter()),
            Some("software")
        );
        assert_eq!(closest("banana", ["software", "fintech"].into_iter()), None);
        assert_eq!(
            closest("software", ["software"].into_iter()),
            None,
            "an exact value is no typo"
        );
    }
}
