//! Labelled form fields for the editors: text, numbers, choices and switches.
//!
//! A field keeps the text being typed (so a half-typed "1e" or "0." survives) but holds no part
//! of the scenario: it shows the scenario's value whenever it is neither focused nor refused,
//! and hands every reading of its text to the editor through `on_commit`. Text that cannot be
//! read as a number in range is refused here (`Action::Refuse`); everything else is checked by
//! the engine when the editor dispatches its edit. Either way the message shows under the field,
//! found by the field's scenario path.

use gloo_timers::callback::Timeout;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::use_store;
use crate::explain;
use crate::state::Action;

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
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Bounds {
    fn message(&self) -> String {
        match (self.min, self.max) {
            (Some(lo), Some(hi)) => format!(
                "enter a number between {} and {}",
                format_number(lo),
                format_number(hi)
            ),
            (Some(lo), None) => format!("enter a number of at least {}", format_number(lo)),
            (None, Some(hi)) => format!("enter a number of at most {}", format_number(hi)),
            (None, None) => "enter a number".into(),
        }
    }
}

/// Reads a number field's text: a finite number within `bounds`, `Ok(None)` for empty text
/// when `optional`. Thousands separators (`600,000`) and a trailing `%` are allowed; a decimal
/// comma is not (it would be read a thousand times too big).
pub fn parse_number(text: &str, bounds: Bounds, optional: bool) -> Result<Option<f64>, String> {
    let t = text.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    if t.is_empty() {
        return if optional {
            Ok(None)
        } else {
            Err(bounds.message())
        };
    }
    let plain;
    let t = if t.contains(',') {
        if !thousands_grouped(t) {
            return Err(format!(
                "{} (use a point for decimals, as in 0.5)",
                bounds.message()
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
        Ok(x)
            if ok_chars
                && x.is_finite()
                && bounds.min.is_none_or(|lo| x >= lo)
                && bounds.max.is_none_or(|hi| x <= hi) =>
        {
            Ok(Some(x))
        }
        _ => Err(bounds.message()),
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

/// The message under a field, if its last edit was refused.
#[derive(Properties, PartialEq)]
pub struct FieldErrorProps {
    /// The scenario path the message is filed under.
    pub path: AttrValue,
    /// The element id, for the field's `aria-describedby`.
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

#[component]
pub fn FieldError(props: &FieldErrorProps) -> Html {
    let store = use_store();
    match store.error_at(&props.path) {
        Some(message) => html! {
            <p class="field-error" role="alert" data-testid="field-error"
                id={props.id.clone().unwrap_or_else(|| format!("{}-error", field_id(&props.path)).into())}>
                { message.to_string() }
            </p>
        },
        None => Html::default(),
    }
}

/// A number in the scenario; see [`OptionalNumberField`] for one that may be left empty.
#[derive(Properties, PartialEq, Clone)]
pub struct NumberFieldProps {
    pub label: AttrValue,
    /// The scenario path (`process.reps[2].touches_per_day`): where refusals are filed.
    pub path: AttrValue,
    pub value: f64,
    /// Bounds and step in the units shown (percent for a `percent` field).
    #[prop_or_default]
    pub min: Option<f64>,
    #[prop_or_default]
    pub max: Option<f64>,
    /// The change made by the arrow keys.
    #[prop_or_default]
    pub step: Option<f64>,
    #[prop_or_default]
    pub unit: Option<AttrValue>,
    /// Shows a share held as 0–1 as 0–100 %.
    #[prop_or_default]
    pub percent: bool,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// The label is read by screen readers only (in tables, where the column says it).
    #[prop_or_default]
    pub hide_label: bool,
    /// A short explanation, shown on hover.
    #[prop_or_default]
    pub help: Option<AttrValue>,
    /// Overrides the id derived from the path.
    #[prop_or_default]
    pub id: Option<AttrValue>,
    pub on_commit: Callback<f64>,
}

#[component]
pub fn NumberField(props: &NumberFieldProps) -> Html {
    let on_commit = props.on_commit.clone();
    let core = NumberCoreProps {
        label: props.label.clone(),
        path: props.path.clone(),
        value: Some(props.value),
        optional: false,
        min: props.min,
        max: props.max,
        step: props.step,
        unit: props.unit.clone(),
        percent: props.percent,
        testid: props.testid.clone(),
        hide_label: props.hide_label,
        help: props.help.clone(),
        id: props.id.clone(),
        placeholder: None,
        on_commit: Callback::from(move |v: Option<f64>| {
            if let Some(v) = v {
                on_commit.emit(v)
            }
        }),
    };
    html! { <NumberCore ..core /> }
}

/// A number that may be left empty (an open end of a range, the last segment's size).
#[derive(Properties, PartialEq, Clone)]
pub struct OptionalNumberFieldProps {
    pub label: AttrValue,
    pub path: AttrValue,
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
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub hide_label: bool,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Shown while empty, e.g. "any" or "none".
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    pub on_commit: Callback<Option<f64>>,
}

#[component]
pub fn OptionalNumberField(props: &OptionalNumberFieldProps) -> Html {
    let core = NumberCoreProps {
        label: props.label.clone(),
        path: props.path.clone(),
        value: props.value,
        optional: true,
        min: props.min,
        max: props.max,
        step: props.step,
        unit: props.unit.clone(),
        percent: props.percent,
        testid: props.testid.clone(),
        hide_label: props.hide_label,
        help: props.help.clone(),
        id: props.id.clone(),
        placeholder: props.placeholder.clone(),
        on_commit: props.on_commit.clone(),
    };
    html! { <NumberCore ..core /> }
}

#[derive(Properties, PartialEq, Clone)]
struct NumberCoreProps {
    label: AttrValue,
    path: AttrValue,
    value: Option<f64>,
    optional: bool,
    min: Option<f64>,
    max: Option<f64>,
    step: Option<f64>,
    unit: Option<AttrValue>,
    percent: bool,
    testid: Option<AttrValue>,
    hide_label: bool,
    help: Option<AttrValue>,
    id: Option<AttrValue>,
    placeholder: Option<AttrValue>,
    on_commit: Callback<Option<f64>>,
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

/// Moves a shown value by one step with the arrow keys, within bounds, without float noise.
pub fn step_value(shown: f64, step: f64, up: bool, bounds: Bounds) -> f64 {
    let next = if up { shown + step } else { shown - step };
    let next: f64 = format_number(next).parse().unwrap_or(next);
    let next = bounds.min.map_or(next, |lo| next.max(lo));
    bounds.max.map_or(next, |hi| next.min(hi))
}

/// What a text-like field shows: while the user types, or while their text stands refused,
/// their own text; otherwise the scenario's value (which may change under the field: a preset,
/// a moved row). Focus copies the shown value into the typed text.
struct TypedText {
    text: UseStateHandle<String>,
    display: String,
    onfocus: Callback<FocusEvent>,
    onblur: Callback<FocusEvent>,
}

#[hook]
fn use_typed_text(value: String, refused: bool) -> TypedText {
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
    let onblur = Callback::from(move |_: FocusEvent| focused.set(false));
    TypedText {
        text,
        display,
        onfocus,
        onblur,
    }
}

#[component]
fn NumberCore(props: &NumberCoreProps) -> Html {
    let help = props.help.clone().or_else(|| setting_help(&props.path));
    let store = use_store();
    let pending = use_mut_ref(|| None::<Timeout>);
    let error = store.error_at(&props.path).map(str::to_string);
    let TypedText {
        text,
        display,
        onfocus,
        onblur,
    } = use_typed_text(shown(props.value, props.percent), error.is_some());
    let bounds = Bounds {
        min: props.min,
        max: props.max,
    };

    // Reads the input's text and commits or refuses it. A number input whose text is not a
    // number (a half-typed "1e") reports an empty value and fails its validity check.
    let read = {
        let store = store.clone();
        let path = props.path.clone();
        let on_commit = props.on_commit.clone();
        let (optional, percent) = (props.optional, props.percent);
        move |t: &str, junk: bool| {
            let parsed = if junk {
                Err(bounds.message())
            } else {
                parse_number(t, bounds, optional)
            };
            match parsed {
                Ok(x) => on_commit.emit(stored(x, percent)),
                Err(message) => store.dispatch(Action::Refuse {
                    path: path.to_string(),
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
            let (Some(step), Ok(Some(x))) = (step, parse_number(&display, bounds, true)) else {
                return;
            };
            e.prevent_default();
            drop(pending.borrow_mut().take());
            let next = format_number(step_value(x, step, up, bounds));
            read(&next, false);
            text.set(next);
        })
    };

    let id = props
        .id
        .clone()
        .unwrap_or_else(|| field_id(&props.path).into());
    let unit = if props.percent {
        Some(AttrValue::from("%"))
    } else {
        props.unit.clone()
    };
    let unit_id = format!("{id}-unit");
    let error_id = format!("{id}-error");
    let described = [
        unit.as_ref().map(|_| unit_id.clone()),
        error.as_ref().map(|_| error_id.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        <div class={classes!("field", "field-number", error.is_some().then_some("field-invalid"))}>
            <label for={id.clone()} class={classes!(props.hide_label.then_some("sr-only"))}
                title={help.clone()}>{ props.label.clone() }</label>
            <span class="field-control">
                <input type="number" step="any" id={id.clone()} value={display}
                    min={props.min.map(format_number)} max={props.max.map(format_number)}
                    autocomplete="off"
                    placeholder={props.placeholder.clone()}
                    title={help.clone()}
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={(!described.is_empty()).then_some(described)}
                    data-testid={props.testid.clone()}
                    {oninput} {onchange} {onkeydown} {onfocus} {onblur} />
                if let Some(unit) = unit {
                    <span class="field-unit" id={unit_id}>{ unit }</span>
                }
            </span>
            <FieldError path={props.path.clone()} id={AttrValue::from(error_id)} />
        </div>
    }
}

/// A line of text in the scenario (a name, a field, a comma-separated list).
#[derive(Properties, PartialEq, Clone)]
pub struct TextFieldProps {
    pub label: AttrValue,
    pub path: AttrValue,
    pub value: AttrValue,
    /// The id of a `<datalist>` of suggestions.
    #[prop_or_default]
    pub list: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub hide_label: bool,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    pub on_commit: Callback<String>,
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let help = props.help.clone().or_else(|| setting_help(&props.path));
    let store = use_store();
    let error = store.error_at(&props.path).map(str::to_string);
    let TypedText {
        text,
        display,
        onfocus,
        onblur,
    } = use_typed_text(props.value.to_string(), error.is_some());
    let pending = use_mut_ref(|| None::<Timeout>);
    let oninput = {
        let (text, pending, on_commit) = (text.clone(), pending.clone(), props.on_commit.clone());
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            let (on_commit, t) = (on_commit.clone(), v.clone());
            *pending.borrow_mut() = Some(Timeout::new(TYPING_PAUSE_MS, move || on_commit.emit(t)));
            text.set(v);
        })
    };
    // `change` (leaving the field, Enter, WebDriver's clear()) commits at once.
    let onchange = {
        let (text, pending, on_commit) = (text.clone(), pending.clone(), props.on_commit.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            drop(pending.borrow_mut().take());
            on_commit.emit(v.clone());
            text.set(v);
        })
    };
    let id = props
        .id
        .clone()
        .unwrap_or_else(|| field_id(&props.path).into());
    let error_id = format!("{id}-error");
    html! {
        <div class={classes!("field", "field-text", error.is_some().then_some("field-invalid"))}>
            <label for={id.clone()} class={classes!(props.hide_label.then_some("sr-only"))}
                title={help.clone()}>{ props.label.clone() }</label>
            <input type="text" id={id} value={display} list={props.list.clone()}
                autocomplete="off" spellcheck="false"
                placeholder={props.placeholder.clone()}
                title={help.clone()}
                aria-invalid={error.is_some().then_some("true")}
                aria-describedby={error.is_some().then(|| error_id.clone())}
                data-testid={props.testid.clone()}
                {oninput} {onchange} {onfocus} {onblur} />
            <FieldError path={props.path.clone()} id={AttrValue::from(error_id)} />
        </div>
    }
}

/// One choice out of a few.
#[derive(Properties, PartialEq, Clone)]
pub struct SelectFieldProps {
    pub label: AttrValue,
    pub path: AttrValue,
    /// The value of the selected option.
    pub value: AttrValue,
    /// `(value, label)` of each option.
    pub options: Vec<(AttrValue, AttrValue)>,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub hide_label: bool,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    pub on_commit: Callback<String>,
}

#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let help = props.help.clone().or_else(|| setting_help(&props.path));
    let store = use_store();
    let error = store.error_at(&props.path).is_some();
    let onchange = {
        let on_commit = props.on_commit.clone();
        Callback::from(move |e: Event| {
            on_commit.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let id = props
        .id
        .clone()
        .unwrap_or_else(|| field_id(&props.path).into());
    let error_id = format!("{id}-error");
    html! {
        <div class={classes!("field", "field-select", error.then_some("field-invalid"))}>
            <label for={id.clone()} class={classes!(props.hide_label.then_some("sr-only"))}
                title={help.clone()}>{ props.label.clone() }</label>
            <select id={id} title={help.clone()}
                aria-invalid={error.then_some("true")}
                aria-describedby={error.then(|| error_id.clone())}
                data-testid={props.testid.clone()} {onchange}>
                for (value, label) in props.options.iter().cloned() {
                    <option selected={value == props.value} value={value.clone()}>{ label }</option>
                }
            </select>
            <FieldError path={props.path.clone()} id={AttrValue::from(error_id)} />
        </div>
    }
}

/// A yes/no setting.
#[derive(Properties, PartialEq, Clone)]
pub struct CheckboxFieldProps {
    pub label: AttrValue,
    pub path: AttrValue,
    pub checked: bool,
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    #[prop_or_default]
    pub hide_label: bool,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Leave the message to a [`FieldError`] shared by a group of boxes.
    #[prop_or_default]
    pub no_error: bool,
    pub on_commit: Callback<bool>,
}

#[component]
pub fn CheckboxField(props: &CheckboxFieldProps) -> Html {
    let help = props.help.clone().or_else(|| setting_help(&props.path));
    let store = use_store();
    let error = !props.no_error && store.error_at(&props.path).is_some();
    let onchange = {
        let on_commit = props.on_commit.clone();
        Callback::from(move |e: Event| {
            on_commit.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let id = props
        .id
        .clone()
        .unwrap_or_else(|| field_id(&props.path).into());
    let error_id = format!("{id}-error");
    html! {
        <div class={classes!("field", "field-check", error.then_some("field-invalid"))}>
            <input type="checkbox" id={id.clone()} checked={props.checked}
                title={help.clone()}
                aria-invalid={error.then_some("true")}
                aria-describedby={error.then(|| error_id.clone())}
                data-testid={props.testid.clone()} {onchange} />
            <label for={id} class={classes!(props.hide_label.then_some("sr-only"))}
                title={help.clone()}>{ props.label.clone() }</label>
            if !props.no_error {
                <FieldError path={props.path.clone()} id={AttrValue::from(error_id)} />
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERCENT: Bounds = Bounds {
        min: Some(0.0),
        max: Some(100.0),
    };
    const OPEN: Bounds = Bounds {
        min: None,
        max: None,
    };

    fn check(text: &str, bounds: Bounds, optional: bool, expected: Result<Option<f64>, &str>) {
        let got = parse_number(text, bounds, optional);
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
        let day = Bounds {
            min: Some(0.0),
            max: Some(1440.0),
        };
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
        check(
            "-3",
            Bounds {
                min: Some(0.0),
                max: None,
            },
            false,
            Err("at least 0"),
        );
        check(
            "3",
            Bounds {
                min: None,
                max: Some(1.0),
            },
            false,
            Err("at most 1"),
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
            let back = stored(parse_number(&text, PERCENT, false).unwrap(), true);
            assert_eq!(back, Some(share), "{text}");
        }
    }

    #[test]
    fn arrow_keys_step_within_bounds() {
        let b = Bounds {
            min: Some(0.0),
            max: Some(24.0),
        };
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
