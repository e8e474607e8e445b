//! Labelled form fields for the editors: text, numbers, choices and switches.
//!
//! Every field is described by one [`Field`] (its label, the place in the scenario it edits,
//! its help) and read through one hook, [`use_field`], which finds its element id and any
//! refused value filed under its key. A field keeps the text being typed (so a half-typed "1e"
//! or "0." survives) but holds no part of the scenario: it shows the scenario's value whenever
//! it is neither focused nor refused. By default a field sets its own place in the scenario
//! (`Edit::Set`); an editor that must turn the value into something else passes `on_commit`.
//! Text that cannot be read as a number in range is refused here (`Action::Refuse`); everything
//! else is checked by the engine in the reducer. Either way the message shows under the field.

use gloo_timers::callback::Timeout;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{use_store, Store};
use crate::explain;
use crate::state::{Action, At, Edit};

/// How long typing rests before a field's text is read: long enough that "40" is one edit and
/// the "1" of "1e" is never committed, short enough to feel immediate.
const TYPING_PAUSE_MS: u32 = 250;

/// The element id of a field, from its scenario path: `scoring.rules[0].points` →
/// `f-scoring-rules-0-points`.
pub fn field_id(path: &str) -> String {
    let mut id = String::with_capacity(path.len() + 2);
    id.push_str("f-");
    let mut dash = false;
    for c in path.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if dash {
                id.push('-');
                dash = false;
            }
            id.push(c);
        } else {
            dash = !id.ends_with('-') && id.len() > 2;
        }
    }
    id
}

/// A scenario path without its list indices, as [`explain::setting`] knows it:
/// `process.reps[2].touches_per_day` → `process.reps.touches_per_day`.
pub fn explain_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The path [`explain::setting`] knows a place by: `process.reps.touches_per_day` for a rep's
/// capacity, `scoring.grades.fit` for one of the fit cut-offs.
pub fn explained_path(at: &At) -> String {
    match at.row {
        None => explain_path(&at.field),
        Some((list, _)) if at.field.is_empty() => list.path().to_string(),
        Some((list, _)) => format!("{}.{}", list.path(), explain_path(&at.field)),
    }
}

/// The tooltip of a field that is itself an explained setting: how it is used and its source.
fn setting_help(path: &str) -> Option<AttrValue> {
    let p = explain_path(path);
    if !explain::SETTINGS.contains(&p.as_str()) {
        return None;
    }
    explain::setting(&p).map(|e| format!("{} Source: {}", e.formula, e.source).into())
}

/// A number for people to read and edit: no float noise (`7.000000000000001` → `7`), no
/// exponent, no trailing `.0`.
pub fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    // Round to 12 significant digits, then print the shortest text that reads back the same.
    let rounded: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    let s = format!("{rounded}");
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// What the user may type into a number field, in the units shown.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bounds {
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// The least value itself is refused: "more than 0".
    pub above: bool,
}

impl Bounds {
    pub const OPEN: Bounds = Bounds {
        min: None,
        max: None,
        above: false,
    };

    pub fn new(min: Option<f64>, max: Option<f64>) -> Bounds {
        Bounds {
            min,
            max,
            above: false,
        }
    }

    fn admits(&self, x: f64) -> bool {
        let low = match self.min {
            Some(lo) if self.above => x > lo,
            Some(lo) => x >= lo,
            None => true,
        };
        low && self.max.is_none_or(|hi| x <= hi)
    }

    /// What to type, in the field's unit: "enter a number between 0 and 1440 min".
    pub fn message(&self, unit: Option<&str>) -> String {
        let n = |x: f64| match unit {
            Some(u) => format!("{} {u}", format_number(x)),
            None => format_number(x),
        };
        match (self.min, self.max, self.above) {
            (Some(lo), Some(hi), false) => {
                format!("enter a number between {} and {}", format_number(lo), n(hi))
            }
            (Some(lo), Some(hi), true) => {
                format!("enter a number more than {} and at most {}", n(lo), n(hi))
            }
            (Some(lo), None, false) => format!("enter a number of at least {}", n(lo)),
            (Some(lo), None, true) => format!("enter a number more than {}", n(lo)),
            (None, Some(hi), _) => format!("enter a number of at most {}", n(hi)),
            (None, None, _) => "enter a number".into(),
        }
    }
}

/// Reads a number field's text: a finite number within `bounds`, `Ok(None)` for empty text
/// when `optional`. Thousands separators (`600,000`) and a trailing `%` are allowed; a decimal
/// comma is not (it would be read a thousand times too big).
pub fn parse_number(
    text: &str,
    bounds: Bounds,
    optional: bool,
    unit: Option<&str>,
) -> Result<Option<f64>, String> {
    let t = text.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    if t.is_empty() {
        return if optional {
            Ok(None)
        } else {
            Err(bounds.message(unit))
        };
    }
    let plain;
    let t = if t.contains(',') {
        if !thousands_grouped(t) {
            return Err(format!(
                "{} (use a point for decimals, as in 0.5)",
                bounds.message(unit)
            ));
        }
        plain = t.replace(',', "");
        plain.as_str()
    } else {
        t
    };
    // Rust also reads "inf" and "NaN", which are not numbers a user means.
    let ok_chars = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    match t.parse::<f64>() {
        Ok(x) if ok_chars && x.is_finite() && bounds.admits(x) => Ok(Some(x)),
        _ => Err(bounds.message(unit)),
    }
}

/// `1,234,567.5` (groups of three after the first): commas that separate thousands.
fn thousands_grouped(t: &str) -> bool {
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let int = t.split('.').next().unwrap_or("");
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
        && !t[int.len()..].contains(',')
}

/// What every field has: its label, the place in the scenario it edits, and how it is
/// described. Built with [`Field::new`] and a few setters.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub label: AttrValue,
    pub at: At,
    /// A short explanation, shown on hover; by default the setting's explanation, if any.
    pub help: Option<AttrValue>,
    /// Overrides the element id made from the key.
    pub id: Option<AttrValue>,
    pub testid: Option<AttrValue>,
    /// The label is read by screen readers only (in tables, where the column says it).
    pub hide_label: bool,
}

impl Field {
    pub fn new(label: impl Into<AttrValue>, at: impl Into<At>) -> Field {
        Field {
            label: label.into(),
            at: at.into(),
            help: None,
            id: None,
            testid: None,
            hide_label: false,
        }
    }

    pub fn hidden(mut self) -> Field {
        self.hide_label = true;
        self
    }

    pub fn help(mut self, text: impl Into<AttrValue>) -> Field {
        self.help = Some(text.into());
        self
    }

    pub fn testid(mut self, testid: impl Into<AttrValue>) -> Field {
        self.testid = Some(testid.into());
        self
    }

    pub fn id(mut self, id: impl Into<AttrValue>) -> Field {
        self.id = Some(id.into());
        self
    }
}

/// A field as rendered: its element ids, its tooltip and the refused value filed under it.
pub struct FieldView {
    pub id: String,
    pub error_id: String,
    pub error: Option<String>,
    pub help: Option<AttrValue>,
    pub store: Store,
    key: String,
}

impl FieldView {
    /// The ids that describe the input: `extra` (a unit) and the message, when there is one.
    pub fn described_by(&self, extra: Option<&str>) -> Option<String> {
        let ids: Vec<&str> = extra
            .into_iter()
            .chain(self.error.as_ref().map(|_| self.error_id.as_str()))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    /// The message under the field, if its last value was refused.
    pub fn message(&self) -> Html {
        match &self.error {
            Some(message) => html! {
                <p class="field-error" role="alert" data-testid="field-error" id={self.error_id.clone()}>
                    { message.clone() }
                </p>
            },
            None => Html::default(),
        }
    }

    fn label(&self, f: &Field) -> Html {
        html! {
            <label for={self.id.clone()} class={classes!(f.hide_label.then_some("sr-only"))}
                title={self.help.clone()}>{ f.label.clone() }</label>
        }
    }

    fn classes(&self, kind: &'static str) -> Classes {
        classes!(
            "field",
            kind,
            self.error.is_some().then_some("field-invalid")
        )
    }
}

/// The one hook every field uses: ids, tooltip and refused value of `f`.
#[hook]
pub fn use_field(f: &Field) -> FieldView {
    let store = use_store();
    let key = f.at.key();
    let id =
        f.id.as_ref()
            .map(|i| i.to_string())
            .unwrap_or_else(|| field_id(&key));
    FieldView {
        error_id: format!("{id}-error"),
        error: store.error_at(&key).map(str::to_string),
        help: f
            .help
            .clone()
            .or_else(|| setting_help(&explained_path(&f.at))),
        id,
        store,
        key,
    }
}

/// The message filed under a key that no single field shows (a list, a group of boxes).
#[derive(Properties, PartialEq)]
pub struct FieldErrorProps {
    pub at: At,
}

#[component]
pub fn FieldError(props: &FieldErrorProps) -> Html {
    let store = use_store();
    let key = props.at.key();
    match store.error_at(&key) {
        Some(message) => html! {
            <p class="field-error" role="alert" data-testid="field-error"
                id={format!("{}-error", field_id(&key))}>
                { message.to_string() }
            </p>
        },
        None => Html::default(),
    }
}

/// A number in the scenario; see [`OptionalNumberField`] for one that may be left empty.
#[derive(Properties, PartialEq, Clone)]
pub struct NumberFieldProps {
    pub field: Field,
    pub value: f64,
    /// Bounds and step in the units shown (percent for a `percent` field).
    #[prop_or_default]
    pub min: Option<f64>,
    #[prop_or_default]
    pub max: Option<f64>,
    /// The least value itself is refused ("more than 0").
    #[prop_or_default]
    pub above: bool,
    /// The change made by the arrow keys.
    #[prop_or_default]
    pub step: Option<f64>,
    #[prop_or_default]
    pub unit: Option<AttrValue>,
    /// Shows a share held as 0–1 as 0–100 %.
    #[prop_or_default]
    pub percent: bool,
    /// Instead of setting the field's place to the value.
    #[prop_or_default]
    pub on_commit: Option<Callback<f64>>,
}

#[component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    let core = NumberCoreProps {
        field: props.field.clone(),
        value: Some(props.value),
        optional: false,
        bounds: Bounds {
            min: props.min,
            max: props.max,
            above: props.above,
        },
        step: props.step,
        unit: props.unit.clone(),
        percent: props.percent,
        placeholder: None,
        on_commit: props.on_commit.clone().map(|c| {
            Callback::from(move |v: Option<f64>| {
                if let Some(v) = v {
                    c.emit(v)
                }
            })
        }),
    };
    html! { <NumberCore ..core /> }
}

/// A number that may be left empty (an open end of a range, the last segment's size).
#[derive(Properties, PartialEq, Clone)]
pub struct OptionalNumberFieldProps {
    pub field: Field,
    pub value: Option<f64>,
    #[prop_or_default]
    pub min: Option<f64>,
    #[prop_or_default]
    pub max: Option<f64>,
    #[prop_or_default]
    pub step: Option<f64>,
    #[prop_or_default]
    pub unit: Option<AttrValue>,
    #[prop_or_default]
    pub percent: bool,
    /// Shown while empty, e.g. "any" or "none".
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub on_commit: Option<Callback<Option<f64>>>,
}

#[component]
pub fn OptionalNumberField(props: &OptionalNumberFieldProps) -> Html {
    let core = NumberCoreProps {
        field: props.field.clone(),
        value: props.value,
        optional: true,
        bounds: Bounds::new(props.min, props.max),
        step: props.step,
        unit: props.unit.clone(),
        percent: props.percent,
        placeholder: props.placeholder.clone(),
        on_commit: props.on_commit.clone(),
    };
    html! { <NumberCore ..core /> }
}

#[derive(Properties, PartialEq, Clone)]
struct NumberCoreProps {
    field: Field,
    value: Option<f64>,
    optional: bool,
    bounds: Bounds,
    step: Option<f64>,
    unit: Option<AttrValue>,
    percent: bool,
    placeholder: Option<AttrValue>,
    on_commit: Option<Callback<Option<f64>>>,
}

fn shown(value: Option<f64>, percent: bool) -> String {
    match value {
        Some(v) if percent => format_number(v * 100.0),
        Some(v) => format_number(v),
        None => String::new(),
    }
}

/// The scenario's value for what is shown: percent back to a share.
fn stored(x: Option<f64>, percent: bool) -> Option<f64> {
    x.map(|x| if percent { x / 100.0 } else { x })
}

/// A note under a percent field whose text looks like a share typed as a fraction: "0.7" in a
/// field that reads percent is 0.7 %, which is rarely what was meant.
pub fn percent_hint(text: &str, percent: bool) -> Option<String> {
    if !percent {
        return None;
    }
    let x = parse_number(text, Bounds::OPEN, true, None)
        .ok()
        .flatten()?;
    (x > 0.0 && x < 1.0).then(|| {
        format!(
            "read as {} %; for {} %, type {}",
            format_number(x),
            format_number(x * 100.0),
            format_number(x * 100.0)
        )
    })
}

/// Moves a shown value by one step with the arrow keys, within bounds, without float noise.
pub fn step_value(shown: f64, step: f64, up: bool, bounds: Bounds) -> f64 {
    let next = if up { shown + step } else { shown - step };
    let next: f64 = format_number(next).parse().unwrap_or(next);
    let next = bounds.min.map_or(next, |lo| next.max(lo));
    bounds.max.map_or(next, |hi| next.min(hi))
}

/// What a text-like field shows: while the user types, or while their text stands refused,
/// their own text; otherwise the scenario's value (which may change under the field: a preset,
/// an undo). Focus copies the shown value into the typed text.
struct TypedText {
    text: UseStateHandle<String>,
    display: String,
    onfocus: Callback<FocusEvent>,
    onblur: Callback<FocusEvent>,
}

#[hook]
fn use_typed_text(value: String, refused: bool) -> TypedText {
    let store = use_store();
    let text = use_state(String::new);
    let focused = use_state(|| false);
    let display = if *focused || refused {
        (*text).clone()
    } else {
        value
    };
    let onfocus = {
        let (text, focused, display) = (text.clone(), focused.clone(), display.clone());
        Callback::from(move |_: FocusEvent| {
            text.set(display.clone());
            focused.set(true);
        })
    };
    // Leaving the field ends its step in the history: typing "4", "40" is one step, coming
    // back later to type "45" is another.
    let onblur = Callback::from(move |_: FocusEvent| {
        focused.set(false);
        store.dispatch(Action::FieldLeft);
    });
    TypedText {
        text,
        display,
        onfocus,
        onblur,
    }
}

#[component]
fn NumberCore(props: &NumberCoreProps) -> Html {
    let view = use_field(&props.field);
    let pending = use_mut_ref(|| None::<Timeout>);
    let TypedText {
        text,
        display,
        onfocus,
        onblur,
    } = use_typed_text(shown(props.value, props.percent), view.error.is_some());
    let bounds = props.bounds;
    let unit = if props.percent {
        Some(AttrValue::from("%"))
    } else {
        props.unit.clone()
    };

    // Reads the input's text and commits or refuses it. A number input whose text is not a
    // number (a half-typed "1e") reports an empty value and fails its validity check.
    let read = {
        let (store, at, key) = (view.store.clone(), props.field.at.clone(), view.key.clone());
        let on_commit = props.on_commit.clone();
        let (optional, percent) = (props.optional, props.percent);
        let unit = unit.clone();
        move |t: &str, junk: bool| {
            let unit = unit.as_deref();
            let parsed = if junk {
                Err(bounds.message(unit))
            } else {
                parse_number(t, bounds, optional, unit)
            };
            match parsed {
                Ok(x) => {
                    let x = stored(x, percent);
                    match &on_commit {
                        Some(c) => c.emit(x),
                        None => store.dispatch(Action::Edit(Edit::set(at.clone(), x))),
                    }
                }
                Err(message) => store.dispatch(Action::Refuse {
                    key: key.clone(),
                    message,
                }),
            }
        }
    };
    let value_of = |input: &HtmlInputElement| {
        let v = input.value();
        let junk = v.is_empty() && !input.check_validity();
        (v, junk)
    };
    // While typing, the text is read once it rests for a moment, so that "40" is one run and a
    // "1" on the way to "1e" is never committed; leaving the field (or Enter) reads at once.
    let oninput = {
        let (text, pending, read) = (text.clone(), pending.clone(), read.clone());
        Callback::from(move |e: InputEvent| {
            let (v, junk) = value_of(&e.target_unchecked_into());
            let read = read.clone();
            let t = v.clone();
            *pending.borrow_mut() = Some(Timeout::new(TYPING_PAUSE_MS, move || read(&t, junk)));
            text.set(v);
        })
    };
    // `change` also comes without `input` (WebDriver's clear(), autofill).
    let onchange = {
        let (text, pending, read) = (text.clone(), pending.clone(), read.clone());
        Callback::from(move |e: Event| {
            let (v, junk) = value_of(&e.target_unchecked_into());
            drop(pending.borrow_mut().take());
            read(&v, junk);
            text.set(v);
        })
    };
    let onkeydown = {
        let (text, pending) = (text.clone(), pending.clone());
        let display = display.clone();
        let step = props.step;
        Callback::from(move |e: KeyboardEvent| {
            let up = match e.key().as_str() {
                "ArrowUp" => true,
                "ArrowDown" => false,
                _ => return,
            };
            let (Some(step), Ok(Some(x))) = (step, parse_number(&display, bounds, true, None))
            else {
                return;
            };
            e.prevent_default();
            drop(pending.borrow_mut().take());
            let next = format_number(step_value(x, step, up, bounds));
            read(&next, false);
            text.set(next);
        })
    };

    let unit_id = format!("{}-unit", view.id);
    let hint = percent_hint(&display, props.percent);
    let hint_id = format!("{}-hint", view.id);
    let extra = [
        unit.as_ref().map(|_| unit_id.as_str()),
        hint.as_ref().map(|_| hint_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let described = view.described_by((!extra.is_empty()).then_some(extra.as_str()));
    let f = &props.field;
    html! {
        <div class={view.classes("field-number")}>
            { view.label(f) }
            <span class="field-control">
                <input type="number" step="any" id={view.id.clone()} value={display}
                    min={bounds.min.map(format_number)} max={bounds.max.map(format_number)}
                    autocomplete="off"
                    placeholder={props.placeholder.clone()}
                    title={view.help.clone()}
                    aria-invalid={view.error.is_some().then_some("true")}
                    aria-describedby={described}
                    data-testid={f.testid.clone()}
                    {oninput} {onchange} {onkeydown} {onfocus} {onblur} />
                if let Some(unit) = unit {
                    <span class="field-unit" id={unit_id}>{ unit }</span>
                }
            </span>
            if let Some(hint) = hint {
                <p class="field-hint" id={hint_id}>{ hint }</p>
            }
            { view.message() }
        </div>
    }
}

/// How a text field's text becomes the scenario's value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TextShape {
    /// The text as typed.
    #[default]
    Plain,
    /// Empty text means "none" (`null` in the file).
    Optional,
    /// A comma-separated list.
    List,
}

/// The scenario's value for a text field's text.
pub fn text_value(text: &str, shape: TextShape) -> serde_json::Value {
    use serde_json::Value;
    match shape {
        TextShape::Plain => Value::String(text.to_string()),
        TextShape::Optional => {
            let t = text.trim();
            if t.is_empty() {
                Value::Null
            } else {
                Value::String(t.to_string())
            }
        }
        TextShape::List => Value::Array(
            text.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        ),
    }
}

/// A line of text in the scenario (a name, a comma-separated list).
#[derive(Properties, PartialEq, Clone)]
pub struct TextFieldProps {
    pub field: Field,
    pub value: AttrValue,
    #[prop_or_default]
    pub shape: TextShape,
    /// The id of a `<datalist>` of suggestions.
    #[prop_or_default]
    pub list: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub on_commit: Option<Callback<String>>,
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let view = use_field(&props.field);
    let TypedText {
        text,
        display,
        onfocus,
        onblur,
    } = use_typed_text(props.value.to_string(), view.error.is_some());
    let pending = use_mut_ref(|| None::<Timeout>);
    let commit = {
        let (store, at, shape) = (view.store.clone(), props.field.at.clone(), props.shape);
        let on_commit = props.on_commit.clone();
        Callback::from(move |t: String| match &on_commit {
            Some(c) => c.emit(t),
            None => store.dispatch(Action::Edit(Edit::Set {
                at: at.clone(),
                value: text_value(&t, shape),
            })),
        })
    };
    let oninput = {
        let (text, pending, commit) = (text.clone(), pending.clone(), commit.clone());
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            let (commit, t) = (commit.clone(), v.clone());
            *pending.borrow_mut() = Some(Timeout::new(TYPING_PAUSE_MS, move || commit.emit(t)));
            text.set(v);
        })
    };
    // `change` (leaving the field, Enter, WebDriver's clear()) commits at once.
    let onchange = {
        let (text, pending) = (text.clone(), pending.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            drop(pending.borrow_mut().take());
            commit.emit(v.clone());
            text.set(v);
        })
    };
    let f = &props.field;
    html! {
        <div class={view.classes("field-text")}>
            { view.label(f) }
            <input type="text" id={view.id.clone()} value={display} list={props.list.clone()}
                autocomplete="off" spellcheck="false"
                placeholder={props.placeholder.clone()}
                title={view.help.clone()}
                aria-invalid={view.error.is_some().then_some("true")}
                aria-describedby={view.described_by(None)}
                data-testid={f.testid.clone()}
                {oninput} {onchange} {onfocus} {onblur} />
            { view.message() }
        </div>
    }
}

/// One choice out of a few.
#[derive(Properties, PartialEq, Clone)]
pub struct SelectFieldProps {
    pub field: Field,
    /// The value of the selected option.
    pub value: AttrValue,
    /// `(value, label)` of each option.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// Instead of setting the field's place to the option's value (as text).
    #[prop_or_default]
    pub on_commit: Option<Callback<String>>,
}

#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let view = use_field(&props.field);
    let onchange = {
        let (store, at) = (view.store.clone(), props.field.at.clone());
        let on_commit = props.on_commit.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            match &on_commit {
                Some(c) => c.emit(v),
                None => store.dispatch(Action::Edit(Edit::set(at.clone(), v))),
            }
        })
    };
    let f = &props.field;
    html! {
        <div class={view.classes("field-select")}>
            { view.label(f) }
            <select id={view.id.clone()} title={view.help.clone()}
                aria-invalid={view.error.is_some().then_some("true")}
                aria-describedby={view.described_by(None)}
                data-testid={f.testid.clone()} {onchange}>
                for (value, label) in props.options.iter().cloned() {
                    <option selected={value == props.value} value={value.clone()}>{ label }</option>
                }
            </select>
            { view.message() }
        </div>
    }
}

/// A yes/no setting.
#[derive(Properties, PartialEq, Clone)]
pub struct CheckboxFieldProps {
    pub field: Field,
    pub checked: bool,
    /// Leave the message to a [`FieldError`] shared by a group of boxes.
    #[prop_or_default]
    pub no_error: bool,
    #[prop_or_default]
    pub on_commit: Option<Callback<bool>>,
}

#[component]
pub fn CheckboxField(props: &CheckboxFieldProps) -> Html {
    let mut view = use_field(&props.field);
    if props.no_error {
        view.error = None;
    }
    let onchange = {
        let (store, at) = (view.store.clone(), props.field.at.clone());
        let on_commit = props.on_commit.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().checked();
            match &on_commit {
                Some(c) => c.emit(v),
                None => store.dispatch(Action::Edit(Edit::set(at.clone(), v))),
            }
        })
    };
    let f = &props.field;
    html! {
        <div class={view.classes("field-check")}>
            <input type="checkbox" id={view.id.clone()} checked={props.checked}
                title={view.help.clone()}
                aria-invalid={view.error.is_some().then_some("true")}
                aria-describedby={view.described_by(None)}
                data-testid={f.testid.clone()} {onchange} />
            { view.label(f) }
            { view.message() }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERCENT: Bounds = Bounds {
        min: Some(0.0),
        max: Some(100.0),
        above: false,
    };
    const OPEN: Bounds = Bounds::OPEN;

    fn check(text: &str, bounds: Bounds, optional: bool, expected: Result<Option<f64>, &str>) {
        let got = parse_number(text, bounds, optional, None);
        match expected {
            Ok(v) => assert_eq!(got, Ok(v), "{text:?}"),
            Err(part) => {
                let msg = got.expect_err(text);
                assert!(
                    msg.contains(part),
                    "{text:?}: {msg:?} should contain {part:?}"
                );
            }
        }
    }

    #[test]
    fn number_text_is_read_within_its_bounds() {
        let day = Bounds::new(Some(0.0), Some(1440.0));
        check("30", day, false, Ok(Some(30.0)));
        check(" 2.5 ", day, false, Ok(Some(2.5)));
        check(".5", day, false, Ok(Some(0.5)));
        check("5.", day, false, Ok(Some(5.0)));
        check("1e3", day, false, Ok(Some(1000.0)));
        check("1e", day, false, Err("enter a number between 0 and 1440"));
        check("", day, false, Err("between 0 and 1440"));
        check("", day, true, Ok(None));
        check("  ", OPEN, true, Ok(None));
        check("1441", day, false, Err("between 0 and 1440"));
        check("-1", day, false, Err("between 0 and 1440"));
        check("abc", OPEN, false, Err("enter a number"));
        check("inf", OPEN, false, Err("enter a number"));
        check("NaN", OPEN, false, Err("enter a number"));
        check("1e400", OPEN, false, Err("enter a number"));
        check("-30", OPEN, false, Ok(Some(-30.0)));
        check("12.5 %", PERCENT, false, Ok(Some(12.5)));
        check("600,000", OPEN, false, Ok(Some(600_000.0)));
        check("1,234,567.25", OPEN, false, Ok(Some(1_234_567.25)));
        check("0,5", PERCENT, false, Err("use a point for decimals"));
        check("1,23", OPEN, false, Err("use a point"));
        check("-3", Bounds::new(Some(0.0), None), false, Err("at least 0"));
        check("3", Bounds::new(None, Some(1.0)), false, Err("at most 1"));
    }

    #[test]
    fn messages_say_what_is_accepted_in_the_fields_unit() {
        let positive = Bounds {
            min: Some(0.0),
            max: Some(10_000.0),
            above: true,
        };
        assert_eq!(parse_number("5", positive, false, None), Ok(Some(5.0)));
        let msg = parse_number("0", positive, false, Some("touches")).unwrap_err();
        assert_eq!(
            msg,
            "enter a number more than 0 touches and at most 10000 touches"
        );
        let msg = parse_number("120", PERCENT, false, Some("%")).unwrap_err();
        assert_eq!(msg, "enter a number between 0 and 100 %");
        let msg = parse_number("-1", Bounds::new(Some(0.0), None), false, Some("min")).unwrap_err();
        assert_eq!(msg, "enter a number of at least 0 min");
    }

    #[test]
    fn a_fraction_in_a_percent_field_is_pointed_out() {
        assert_eq!(
            percent_hint("0.7", true).as_deref(),
            Some("read as 0.7 %; for 70 %, type 70")
        );
        assert_eq!(percent_hint("0.7", false), None);
        assert_eq!(percent_hint("1.5", true), None);
        assert_eq!(percent_hint("0", true), None);
        assert_eq!(percent_hint("abc", true), None);
    }

    #[test]
    fn text_fields_shape_their_value() {
        use serde_json::json;
        assert_eq!(text_value(" a ", TextShape::Plain), json!(" a "));
        assert_eq!(text_value("  ", TextShape::Optional), json!(null));
        assert_eq!(text_value(" web ", TextShape::Optional), json!("web"));
        assert_eq!(
            text_value("emea, north america,,", TextShape::List),
            json!(["emea", "north america"])
        );
        assert_eq!(text_value("", TextShape::List), json!([]));
    }

    #[test]
    fn row_fields_find_their_explanation() {
        use crate::state::List;
        assert_eq!(
            explained_path(&At::row(List::Reps, 9, "touches_per_day")),
            "process.reps.touches_per_day"
        );
        assert_eq!(
            explained_path(&At::field("scoring.grades.fit[1]")),
            "scoring.grades.fit"
        );
    }

    #[test]
    fn numbers_print_without_float_noise() {
        for (x, s) in [
            (7.000000000000001, "7"),
            (0.07 * 100.0, "7"),
            (0.29 * 100.0, "29"),
            (55.0, "55"),
            (-10.0, "-10"),
            (-0.0, "0"),
            (0.125, "0.125"),
            (1.0 / 21.0, "0.047619047619"),
            (600_000.0, "600000"),
            (1e13, "10000000000000"),
            (f64::NAN, ""),
        ] {
            assert_eq!(format_number(x), s, "{x}");
        }
        // A shown percent reads back as the share it came from.
        for share in [0.07, 0.13, 0.3, 0.005, 0.5] {
            let text = shown(Some(share), true);
            let back = stored(parse_number(&text, PERCENT, false, None).unwrap(), true);
            assert_eq!(back, Some(share), "{text}");
        }
    }

    #[test]
    fn arrow_keys_step_within_bounds() {
        let b = Bounds::new(Some(0.0), Some(24.0));
        assert_eq!(step_value(9.0, 0.5, true, b), 9.5);
        assert_eq!(step_value(0.2, 0.5, false, b), 0.0);
        assert_eq!(step_value(23.8, 0.5, true, b), 24.0);
        assert_eq!(step_value(0.1, 0.2, true, OPEN), 0.3);
    }

    #[test]
    fn ids_come_from_paths() {
        assert_eq!(
            field_id("scoring.rules[0].points"),
            "f-scoring-rules-0-points"
        );
        assert_eq!(
            field_id("process.speed_to_lead.points[2].contact"),
            "f-process-speed_to_lead-points-2-contact"
        );
        assert_eq!(field_id("trials"), "f-trials");
        assert_eq!(
            explain_path("process.speed_to_lead.points[2].contact"),
            "process.speed_to_lead.points.contact"
        );
        assert_eq!(
            explain_path("process.reps[0].touches_per_day"),
            "process.reps.touches_per_day"
        );
    }

    #[test]
    fn explained_settings_get_their_tooltip() {
        let t = setting_help("process.response_sla_minutes").unwrap();
        assert!(t.contains("Source: "), "{t}");
        assert!(setting_help("process.reps[0].name").is_none());
        assert!(setting_help("process.queue.patience_hours")
            .unwrap()
            .contains("go cold"));
        assert!(setting_help("market.stages.win.mean").is_none());
    }
}
