//! The "Your leads" tab: a CRM export chosen or dropped, read in the worker, previewed, and
//! mapped onto the model's fields, with the column that says which leads converted.
//!
//! The file is read by the browser and handed to the worker; it never leaves the tab, and it is
//! never part of the scenario (a scenario file or a link carries the mapping, not the leads).

use std::rc::Rc;

use funnel_engine::conditions::{Condition, Literal};
use funnel_engine::leads::{FieldKind, Value};
use funnel_engine::mapping::{model_fields, ColumnType, FieldMap, Mapping, Outcome, ValueMap};
use funnel_engine::profile::ColumnProfile;
use funnel_engine::scenario::LeadsSource;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::use_store;
use crate::format::count;
use crate::state::{Action, PendingFile};
use crate::worker::ImportView;

/// The largest file the page reads: beyond it a browser tab runs short of memory.
pub const MAX_FILE_BYTES: f64 = 200e6;

/// Hands a chosen file to the reducer, which has the worker read it; a file too large for a
/// tab is refused here, before anything is read.
fn read_file(file: web_sys::File, dispatch: Callback<Action>) {
    let name = file.name();
    if file.size() > MAX_FILE_BYTES {
        dispatch.emit(Action::ImportRefused(format!(
            "{name} is {:.0} MB; the page reads exports of up to {:.0} MB: export fewer \
             columns or a shorter period, or use the command line (funnel-lab score --leads)",
            file.size() / 1e6,
            MAX_FILE_BYTES / 1e6
        )));
        return;
    }
    dispatch.emit(Action::StartImport(Rc::new(PendingFile {
        name,
        file: file.into(),
    })));
}

#[component]
pub fn ImportPanel() -> Html {
    let store = use_store();
    let dragging = use_state(|| false);
    let dispatch = {
        let store = store.clone();
        Callback::from(move |a: Action| store.dispatch(a))
    };
    let on_pick = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target_dyn_into();
            if let Some(file) = input
                .as_ref()
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
            {
                read_file(file, dispatch.clone());
            }
            if let Some(i) = input {
                i.set_value(""); // the same file chosen again is read again
            }
        })
    };
    let on_drop = {
        let (dispatch, dragging) = (dispatch.clone(), dragging.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                read_file(file, dispatch.clone());
            }
        })
    };
    let on_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let import = &store.import;
    let imported = matches!(store.scenario.leads, LeadsSource::Imported { .. });
    html! {
        <section class="import" aria-labelledby="import-title" data-testid="import">
            <h2 id="import-title">{ "Your leads" }</h2>
            <p class="privacy">
                { "Your file is read here, in this browser tab: it is never uploaded, and it is not part of the scenario you save or share." }
            </p>
            <div class={classes!("dropzone", dragging.then_some("over"))}
                ondrop={on_drop} ondragover={on_over} ondragleave={on_leave}>
                <label class="button" for="import-file">{ "Choose a CSV export…" }</label>
                <input id="import-file" class="sr-only" type="file" data-testid="import-file"
                    accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values" onchange={on_pick} />
                <span>{ " or drop it here. HubSpot, Salesforce and Marketo exports are recognised; any CSV with a header row works." }</span>
            </div>
            if import.running {
                <div class="import-progress" role="status" data-testid="import-progress">
                    <progress aria-label="Reading the file" />
                    <span>{ import.stage.clone().unwrap_or_default() }</span>
                </div>
            }
            if let Some(e) = &import.error {
                <p class="field-error" role="alert" data-testid="import-error">{ e.clone() }</p>
            }
            if let Some(view) = &import.view {
                <ImportedFile view={view.clone()} imported={imported} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ImportedFileProps {
    view: Rc<ImportView>,
    /// Whether the scenario runs on these leads now.
    imported: bool,
}

#[component]
fn ImportedFile(props: &ImportedFileProps) -> Html {
    let store = use_store();
    let view = &props.view;
    let switch = if props.imported {
        let store = store.clone();
        html! {
            <button type="button" onclick={Callback::from(move |_| store.dispatch(Action::UseGenerated))}>
                { "Run on the generated sample instead" }
            </button>
        }
    } else {
        let (store, view) = (store.clone(), view.clone());
        let label = format!("Run on {} again", view.name);
        html! {
            <button type="button" class="primary" onclick={Callback::from(move |_| {
                store.dispatch(Action::Imported { id: store.import.id, view: view.clone() })
            })}>
                { label }
            </button>
        }
    };
    let notes = store
        .results
        .as_ref()
        .and_then(|r| r.imported.as_ref())
        .map(|i| i.notes.clone())
        .unwrap_or_default();
    html! {
        <div class="imported" data-testid="imported">
            <p data-testid="import-summary">
                <strong>{ view.name.clone() }</strong>
                { format!(
                    ": {} leads, {} columns, read in {}. {}",
                    count(view.leads as f64),
                    view.columns.len(),
                    millis(view.millis),
                    match &view.arrival_column {
                        Some(c) => format!("Arrival times from column {c}."),
                        None => "No date column: arrivals are spread over 13 weeks of working hours.".into(),
                    }
                ) }
            </p>
            { switch }
            if !view.warnings.is_empty() {
                <ul class="warnings-list">
                    { for view.warnings.iter().map(|w| html! { <li>{ w.clone() }</li> }) }
                </ul>
            }
            <Preview view={view.clone()} imported={props.imported} />
            if props.imported {
                <MappingEditor view={view.clone()} imported=true />
                <OutcomeEditor view={view.clone()} imported=true />
                if !notes.is_empty() {
                    <ul class="mapping-notes" data-testid="mapping-notes">
                        { for notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                    </ul>
                }
            }
        </div>
    }
}

fn millis(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{} ms", ms.round())
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

fn kind_word(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Number => "number",
        FieldKind::Bool => "yes/no",
        FieldKind::Text => "text",
        FieldKind::Time => "date",
    }
}

/// A column's type as the scenario's mapping says to read it, `None` for "as inferred".
fn chosen_type(mapping: &Mapping, column: &str) -> Option<FieldKind> {
    mapping
        .types
        .iter()
        .find(|t| t.column.trim().eq_ignore_ascii_case(column.trim()))
        .map(|t| t.kind)
}

/// Reads `column` as `kind` from now on (`None`: as inferred), in one undoable step.
fn choose_type(store: &super::Store, column: &str, kind: Option<FieldKind>) {
    let mut s = store.scenario.clone();
    s.mapping
        .types
        .retain(|t| !t.column.trim().eq_ignore_ascii_case(column.trim()));
    if let Some(kind) = kind {
        s.mapping.types.push(ColumnType {
            column: column.to_string(),
            kind,
        });
    }
    let what = match kind {
        Some(k) => format!("read column {column} as {}", kind_word(k)),
        None => format!("read column {column} as inferred"),
    };
    store.dispatch(Action::Apply(Box::new(s), what));
}

#[component]
fn Preview(props: &ImportedFileProps) -> Html {
    let store = use_store();
    let view = &props.view;
    let header = |i: usize, c: &ColumnProfile| {
        let chosen = chosen_type(&store.scenario.mapping, &c.name);
        let onchange = {
            let (store, name) = (store.clone(), c.name.clone());
            Callback::from(move |e: Event| {
                let Some(select) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                else {
                    return;
                };
                let kind = match select.value().as_str() {
                    "text" => Some(FieldKind::Text),
                    "number" => Some(FieldKind::Number),
                    "bool" => Some(FieldKind::Bool),
                    _ => None,
                };
                choose_type(&store, &name, kind);
            })
        };
        let id = format!("type-{i}");
        html! {
            <th scope="col">
                <label for={id.clone()}>{ c.name.clone() }</label><br />
                <select id={id} class="kind" {onchange} data-testid="column-type" data-column={c.name.clone()}
                    aria-label={format!("Read column {} as", c.name)}>
                    <option value="" selected={chosen.is_none()}>{ format!("{} (as read)", kind_word(c.kind)) }</option>
                    { for [("text", FieldKind::Text), ("number", FieldKind::Number), ("bool", FieldKind::Bool)]
                        .into_iter()
                        .filter(|(_, k)| *k != c.kind || chosen.is_some())
                        .map(|(v, k)| html! {
                            <option value={v} selected={chosen == Some(k)}>{ kind_word(k) }</option>
                        }) }
                </select>
            </th>
        }
    };
    html! {
        <details class="preview">
            <summary data-testid="import-preview-toggle">{ format!("The first {} rows, as read; choose a column's type in its header", view.preview.len()) }</summary>
            <div class="table-scroll">
                <table class="preview-table" data-testid="import-preview">
                    <thead><tr>
                        { for view.columns.iter().enumerate().map(|(i, c)| header(i, c)) }
                    </tr></thead>
                    <tbody>
                        { for view.preview.iter().map(|row| html! {
                            <tr>{ for row.iter().map(|cell| html! { <td>{ clip(cell) }</td> }) }</tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </details>
    }
}

fn clip(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(39).collect::<String>())
    } else {
        s.to_string()
    }
}

/// What a model field is, for people.
fn field_label(field: &str) -> &'static str {
    match field {
        "industry" => "Industry",
        "company_size" => "Company size (employees)",
        "seniority" => "Seniority (from job title)",
        "region" => "Region (from country)",
        "channel" => "Source channel",
        "days_since_last_activity" => "Last activity",
        "email_clicks" => "E-mail clicks",
        "web_visits" => "Web visits",
        "pricing_page_visits" => "Pricing page visits",
        "content_downloads" => "Content downloads",
        "webinar_attended" => "Attended a webinar",
        "demo_requested" => "Requested a demo",
        _ => "Field",
    }
}

/// The model values a field's translations give, in their order: the choices for a value.
fn targets(mapping: &FieldMap) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in &mapping.values {
        if !out.iter().any(|t| t == v.to.trim()) {
            out.push(v.to.trim().to_string());
        }
    }
    if let Some(o) = &mapping.otherwise {
        if !out.iter().any(|t| t == o.trim()) {
            out.push(o.trim().to_string());
        }
    }
    out
}

/// What a value of the export becomes under a field's mapping, as the engine translates it.
pub fn translated(mapping: &FieldMap, value: &Literal) -> Option<String> {
    let v = match value {
        Literal::Text(t) => Value::Text(t.clone()),
        Literal::Number(x) => Value::Number(*x),
        Literal::Bool(b) => Value::Bool(*b),
    };
    mapping.translate(&v).map(str::to_string)
}

/// `mapping` with `value` sent to `to` ahead of every other translation.
pub fn retranslate(mapping: &FieldMap, value: &Literal, to: &str) -> FieldMap {
    let mut next = mapping.clone();
    next.values.insert(
        0,
        ValueMap {
            when: Condition::Equals {
                value: value.clone(),
            },
            to: to.to_string(),
        },
    );
    next
}

#[component]
fn MappingEditor(props: &ImportedFileProps) -> Html {
    let store = use_store();
    let view = &props.view;
    let mapping = store.scenario.mapping.clone();
    let rows = model_fields().map(|(field, _)| {
        let current = mapping.fields.iter().position(|f| f.field == field);
        let on_column = {
            let (store, mapping, view) = (store.clone(), mapping.clone(), view.clone());
            Callback::from(move |e: Event| {
                let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else {
                    return;
                };
                let column = select.value();
                let mut next = mapping.clone();
                let what = if column.is_empty() {
                    next.fields.retain(|f| f.field != field);
                    format!("stop mapping {field}")
                } else {
                    // The suggestion's translations when it proposed this column, else none.
                    let proposed = view
                        .suggested
                        .fields
                        .iter()
                        .find(|f| f.field == field)
                        .filter(|f| f.column == column)
                        .cloned();
                    let map = proposed.unwrap_or(FieldMap {
                        field: field.to_string(),
                        column: column.clone(),
                        values: vec![],
                        otherwise: None,
                    });
                    match next.fields.iter_mut().find(|f| f.field == field) {
                        Some(f) => *f = map,
                        None => next.fields.push(map),
                    }
                    format!("map {field} from {column}")
                };
                let mut s = store.scenario.clone();
                s.mapping = next;
                store.dispatch(Action::Apply(Box::new(s), what));
            })
        };
        let selected = current.map(|i| mapping.fields[i].column.clone());
        let map = current.map(|i| mapping.fields[i].clone());
        let column = map
            .as_ref()
            .and_then(|m| view.columns.iter().find(|c| c.name.eq_ignore_ascii_case(&m.column)));
        let select_id = format!("map-{field}");
        html! {
            <tr data-testid={format!("map-{field}")}>
                <th scope="row"><label for={select_id.clone()}>{ field_label(field) }</label>
                    <br /><code>{ field }</code></th>
                <td>
                    <select id={select_id} onchange={on_column}>
                        <option value="" selected={selected.is_none()}>{ "— not in the file —" }</option>
                        { for view.columns.iter().map(|c| html! {
                            <option value={c.name.clone()}
                                selected={selected.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(&c.name))}>
                                { format!("{} ({})", c.name, kind_word(c.kind)) }
                            </option>
                        }) }
                    </select>
                </td>
                <td>
                    if let (Some(map), Some(col)) = (map, column) {
                        <ValueTranslations map={map} column={col.clone()} />
                    }
                </td>
            </tr>
        }
    });
    html! {
        <div class="mapping">
            <h3>{ "Which column is which" }</h3>
            <p class="help">{ "The rules name the model's fields; pick the export's column for each. Text values are translated into the model's words (open a row's values to change one)." }</p>
            <div class="table-scroll">
                <table class="mapping-table" data-testid="mapping-table">
                    <thead><tr><th scope="col">{ "Model field" }</th><th scope="col">{ "Export column" }</th><th scope="col">{ "Values" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TranslationsProps {
    map: FieldMap,
    column: ColumnProfile,
}

/// The column's commonest values and what each becomes, each changeable.
#[component]
fn ValueTranslations(props: &TranslationsProps) -> Html {
    let store = use_store();
    let map = &props.map;
    if map.values.is_empty() {
        return html! { <span class="help">{ "copied as they are" }</span> };
    }
    let choices = targets(map);
    let rows = props.column.values.iter().take(30).map(|v| {
        let now = translated(map, &v.value);
        let on_change = {
            let (store, map, value) = (store.clone(), map.clone(), v.value.clone());
            Callback::from(move |e: Event| {
                let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else {
                    return;
                };
                let to = select.value();
                let mut s = store.scenario.clone();
                if let Some(f) = s.mapping.fields.iter_mut().find(|f| f.field == map.field) {
                    *f = retranslate(&map, &value, &to);
                }
                let what = format!("translate {} “{}” as {to}", map.field, value);
                store.dispatch(Action::Apply(Box::new(s), what));
            })
        };
        let label = format!("{} → ", v.value);
        html! {
            <li>
                <label>
                    <span>{ label }</span>
                    <select onchange={on_change} aria-label={format!("{} becomes", v.value)}>
                        if now.is_none() {
                            <option value="" selected=true>{ "kept as it is" }</option>
                        }
                        { for choices.iter().map(|t| html! {
                            <option value={t.clone()} selected={now.as_deref() == Some(t.as_str())}>{ t.clone() }</option>
                        }) }
                    </select>
                    <span class="count">{ format!(" {} leads", count(v.leads as f64)) }</span>
                </label>
            </li>
        }
    });
    html! {
        <details class="translations">
            <summary>{ format!("{} translations{}", map.values.len(), map.otherwise.as_ref().map(|o| format!(", else “{o}”")).unwrap_or_default()) }</summary>
            <ul>{ for rows }</ul>
        </details>
    }
}

/// The outcome: which column says a lead converted, and which of its values mean yes.
#[component]
fn OutcomeEditor(props: &ImportedFileProps) -> Html {
    let store = use_store();
    let view = &props.view;
    let outcome = store.scenario.mapping.outcome.clone();
    let on_column = {
        let store = store.clone();
        let view = view.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() else {
                return;
            };
            let column = select.value();
            let mut s = store.scenario.clone();
            s.mapping.outcome = if column.is_empty() {
                None
            } else {
                view.columns
                    .iter()
                    .find(|c| c.name == column)
                    .map(|c| default_outcome(c, &view.suggested))
            };
            let what = if column.is_empty() {
                "no outcome column".to_string()
            } else {
                format!("outcome from {column}")
            };
            store.dispatch(Action::Apply(Box::new(s), what));
        })
    };
    let run = store.results.as_ref().and_then(|r| r.imported.clone());
    let column = outcome.as_ref().and_then(|o| {
        view.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(&o.column))
    });
    html! {
        <div class="outcome" data-testid="outcome">
            <h3><label for="outcome-column">{ "Which leads converted" }</label></h3>
            <p class="help">{ "The column that records what became of each lead: the backtest judges the scoring model against it, and suggested weights are learnt from it." }</p>
            <select id="outcome-column" onchange={on_column} data-testid="outcome-column">
                <option value="" selected={outcome.is_none()}>{ "— no outcome column —" }</option>
                { for view.columns.iter().map(|c| html! {
                    <option value={c.name.clone()}
                        selected={outcome.as_ref().is_some_and(|o| o.column.eq_ignore_ascii_case(&c.name))}>
                        { format!("{} ({})", c.name, kind_word(c.kind)) }
                    </option>
                }) }
            </select>
            if let (Some(o), Some(col)) = (outcome.clone(), column) {
                <SuccessValues outcome={o} column={col.clone()} />
            }
            if let Some(run) = run.filter(|r| r.outcome_column.is_some()) {
                <p data-testid="outcome-count">{ format!(
                    "{} of {} leads converted.",
                    count(run.converters as f64),
                    count(props.view.leads as f64)
                ) }</p>
                if let Some(e) = run.backtest_error {
                    <p class="field-error" role="alert">{ e }</p>
                }
            }
        </div>
    }
}

/// A new outcome column's condition: the suggestion's when it named this column, else what
/// the column's kind means by yes.
fn default_outcome(c: &ColumnProfile, suggested: &Mapping) -> Outcome {
    if let Some(o) = suggested.outcome.as_ref().filter(|o| o.column == c.name) {
        return o.clone();
    }
    let when = match c.kind {
        FieldKind::Bool | FieldKind::Number => Condition::Equals {
            value: Literal::Bool(true),
        },
        FieldKind::Time => Condition::Present,
        FieldKind::Text => Condition::OneOf { values: vec![] },
    };
    Outcome {
        column: c.name.clone(),
        when,
    }
}

#[derive(Properties, PartialEq)]
struct SuccessProps {
    outcome: Outcome,
    column: ColumnProfile,
}

/// The values of a text outcome column, each a checkbox "means converted".
#[component]
fn SuccessValues(props: &SuccessProps) -> Html {
    let store = use_store();
    let o = &props.outcome;
    match &o.when {
        Condition::Present => {
            return html! { <p class="help">{ "A lead converted when this column is filled in." }</p> }
        }
        Condition::Equals {
            value: Literal::Bool(true),
        } => {
            return html! { <p class="help">{ "A lead converted when this column says yes (true, 1)." }</p> }
        }
        _ => {}
    }
    let chosen: Vec<Literal> = match &o.when {
        Condition::OneOf { values } => values.clone(),
        Condition::Equals { value } => vec![value.clone()],
        _ => vec![],
    };
    let boxes = props.column.values.iter().take(30).map(|v| {
        let on = chosen.iter().any(|c| c.to_string().eq_ignore_ascii_case(&v.value.to_string()));
        let onchange = {
            let (store, chosen, value) = (store.clone(), chosen.clone(), v.value.clone());
            Callback::from(move |e: Event| {
                let checked = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .is_some_and(|i| i.checked());
                let mut values: Vec<Literal> = chosen
                    .iter()
                    .filter(|c| !c.to_string().eq_ignore_ascii_case(&value.to_string()))
                    .cloned()
                    .collect();
                if checked {
                    values.push(value.clone());
                }
                let mut s = store.scenario.clone();
                if let Some(o) = s.mapping.outcome.as_mut() {
                    o.when = Condition::OneOf { values };
                }
                let what = format!("outcome: “{value}” {}", if checked { "counts as converted" } else { "does not count" });
                store.dispatch(Action::Apply(Box::new(s), what));
            })
        };
        html! {
            <li><label>
                <input type="checkbox" checked={on} {onchange} />
                { format!(" {} ", v.value) }<span class="count">{ format!("{} leads", count(v.leads as f64)) }</span>
            </label></li>
        }
    });
    html! {
        <fieldset class="success-values" data-testid="success-values">
            <legend>{ "Values that mean the lead converted" }</legend>
            if chosen.is_empty() {
                <p class="field-error" role="alert">{ "Tick at least one value: until then no lead counts as converted." }</p>
            }
            <ul>{ for boxes }</ul>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn industry() -> FieldMap {
        FieldMap {
            field: "industry".into(),
            column: "Industry".into(),
            values: vec![ValueMap {
                when: Condition::OneOf {
                    values: vec![Literal::Text("Computer Software".into())],
                },
                to: "software".into(),
            }],
            otherwise: Some("other".into()),
        }
    }

    #[test]
    fn a_value_translates_as_the_engine_maps_it() {
        let m = industry();
        assert_eq!(
            translated(&m, &Literal::Text("computer software".into())).as_deref(),
            Some("software")
        );
        assert_eq!(
            translated(&m, &Literal::Text("Farming".into())).as_deref(),
            Some("other")
        );
        let m = retranslate(&m, &Literal::Text("Farming".into()), "software");
        assert_eq!(
            translated(&m, &Literal::Text("Farming".into())).as_deref(),
            Some("software")
        );
        assert_eq!(targets(&m), ["software", "other"]);
    }
}
