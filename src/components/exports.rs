//! Taking the work out of the page: the leads scored, every trial, the rules as a CRM points
//! table (files the worker writes and the browser saves), and any chart as an SVG file.

use funnel_engine::crm_rules::Tool as CrmTool;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::use_store;
use crate::state::Action;
use crate::worker::{file_stem, ExportKind};

#[component]
pub fn ExportPanel() -> Html {
    let store = use_store();
    let tool = use_state(|| CrmTool::HubSpot);
    let ask = |kind: ExportKind| {
        let store = store.clone();
        Callback::from(move |_: MouseEvent| store.dispatch(Action::StartExport(kind)))
    };
    let pick = {
        let tool = tool.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                if let Some(t) = CrmTool::ALL.iter().find(|t| t.id() == select.value()) {
                    tool.set(*t);
                }
            }
        })
    };
    let busy = store.export.running;
    let status = match (&store.export.error, busy, &store.export.result) {
        (Some(e), _, _) => {
            html! { <p class="field-error" role="alert">{ format!("The file could not be made: {e}") }</p> }
        }
        (None, true, _) => html! { <p role="status">{ "Preparing the file…" }</p> },
        (None, false, Some(f)) => html! {
            <p role="status" class="help" data-testid="export-done" data-filename={f.filename.clone()}>
                { format!("Saved {} ({}).", f.filename, size(f.text.len())) }
            </p>
        },
        _ => html! {},
    };
    html! {
        <section class="panel export-panel" data-testid="exports">
            <h2>{ "Take it with you" }</h2>
            <p class="help">{ "Files are made in this tab and saved by your browser; nothing is sent anywhere. Cells a spreadsheet would run as a formula are written as text." }</p>
            <div class="export-actions">
                <button type="button" disabled={busy} onclick={ask(ExportKind::ScoredLeads)} data-testid="export-scored">
                    { "Scored leads (CSV)" }
                </button>
                <button type="button" disabled={busy} onclick={ask(ExportKind::Trials)} data-testid="export-trials">
                    { "Every trial, for an audit trail (CSV)" }
                </button>
                <span class="export-points">
                    <label for="export-tool">{ "Rules as a points table for" }</label>
                    <select id="export-tool" onchange={pick} data-testid="export-tool">
                        { for CrmTool::ALL.iter().map(|t| html! {
                            <option value={t.id()} selected={*t == *tool}>{ t.name() }</option>
                        }) }
                    </select>
                    <button type="button" disabled={busy} onclick={ask(ExportKind::Points(*tool))} data-testid="export-points">
                        { "Save (CSV)" }
                    </button>
                </span>
            </div>
            { status }
        </section>
    }
}

fn size(bytes: usize) -> String {
    if bytes < 10_000 {
        format!("{bytes} bytes")
    } else if bytes < 10_000_000 {
        format!("{} KB", bytes / 1000)
    } else {
        format!("{} MB", bytes / 1_000_000)
    }
}

#[derive(Properties, PartialEq)]
pub struct SaveChartProps {
    /// What the chart shows, for the file name: "funnel" → "default-funnel.svg".
    pub name: AttrValue,
}

/// Saves the chart of the panel the button sits in as an SVG file.
#[component]
pub fn SaveChart(props: &SaveChartProps) -> Html {
    let store = use_store();
    let error = use_state(|| None::<String>);
    let filename = format!("{}-{}.svg", file_stem(&store.scenario.name), props.name);
    let onclick = {
        let error = error.clone();
        Callback::from(move |e: MouseEvent| {
            let panel = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|b| b.closest("section, .chart-box").ok().flatten());
            let saved = match panel {
                Some(p) => crate::download::save_chart(&p, &filename),
                None => Err("there is no chart to save yet".into()),
            };
            error.set(saved.err());
        })
    };
    html! {
        <>
            <button type="button" class="save-chart" {onclick} data-testid={format!("save-{}", props.name)}
                title="Save this chart as an SVG file">{ "Save chart (SVG)" }</button>
            if let Some(e) = &*error {
                <span class="field-error" role="alert">{ e.clone() }</span>
            }
        </>
    }
}
