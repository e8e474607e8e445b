//! Charts: plain SVG in `html!`, drawn from geometry computed by pure functions.
//!
//! Each chart is two halves. A `*_geometry` function turns numbers into a plain struct of
//! coordinates, path strings and label texts; it knows nothing of yew and is unit-tested
//! natively. A `#[component]` only walks that struct and emits SVG, so nothing worth testing
//! hides in the markup. Charts compute no metric (the engine does) and format no metric on
//! their own: values are formatted by the `format` function the caller passes in.
//!
//! Every chart is a `role="img"` SVG labelled by its `<title>` and `<desc>`, followed by a
//! visually hidden table with the same numbers for screen readers. Elements carry CSS classes
//! (`bar`, `bar mql`, `whisker`, `grid`, `tick`, `marker p50`, …) for the stylesheet, and
//! presentation attributes with `var(--accent, …)`-style fallbacks so that a chart reads
//! correctly before, or without, the stylesheet: presentation attributes lose to any CSS rule.

mod funnel;
mod histogram;
mod scale;
mod score;
mod speed;

use std::sync::atomic::{AtomicU32, Ordering};

use yew::prelude::*;

pub use funnel::{
    funnel_description, funnel_geometry, FunnelBar, FunnelChart, FunnelChartProps, FunnelGeometry,
    FunnelStage, Gridline, RateLabel,
};
pub use histogram::{
    histogram_description, histogram_geometry, HistogramChart, HistogramChartProps,
    HistogramGeometry, Marker,
};
pub use scale::{nice_ticks, nice_ticks_up_to, Anchor, LinearScale, LogScale};
pub use score::{
    score_description, score_geometry, LegendItem, ScoreChart, ScoreChartProps, ScoreGeometry,
    ThresholdLine,
};
pub use speed::{
    speed_description, speed_geometry, speed_takeaway, wrap_label, SpeedBar, SpeedChart,
    SpeedChartProps, SpeedGeometry, YTick,
};

/// A bar or other rectangle, in viewBox units.
#[derive(Clone, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// An x-axis tick: where it sits and what it says.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub x: f64,
    pub label: String,
}

// Paint defaults. Presentation attributes accept `var()`; the literal fallbacks keep the
// charts legible where no custom property is defined.
const ACCENT: &str = "var(--accent, #2563eb)";
const MUTED: &str = "var(--muted, #94a3b8)";
const INK: &str = "var(--ink, #0f172a)";
/// Secondary text (ticks, rates): lighter than ink but still above 4.5:1 on white, which
/// `--muted` is not.
const INK_SOFT: &str = "var(--ink-soft, #475569)";
const GRID: &str = "var(--grid, #e2e8f0)";

/// The usual visually-hidden pattern, inline as well as by class: until the stylesheet
/// lands, a table meant for screen readers must not spill onto the page.
const SR_ONLY: &str = "position:absolute;width:1px;height:1px;padding:0;margin:-1px;\
                       overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0";

static NEXT_ID: AtomicU32 = AtomicU32::new(0);

/// Ids for a chart's `<title>` and `<desc>`, unique on the page and stable across renders:
/// several histograms may share a label, and `aria-labelledby` must point at their own.
#[hook]
fn use_chart_ids(prefix: &'static str) -> (AttrValue, AttrValue) {
    let n = use_memo((), |_| NEXT_ID.fetch_add(1, Ordering::Relaxed));
    (
        AttrValue::from(format!("{prefix}-{n}-title")),
        AttrValue::from(format!("{prefix}-{n}-desc")),
    )
}

/// A number as an SVG attribute value.
fn num(x: f64) -> AttrValue {
    AttrValue::from(x.to_string())
}

/// A horizontal axis at `baseline` with a tick mark and a label per tick: shared by the
/// histogram and the score chart.
fn x_axis(plot: (f64, f64), baseline: f64, label_y: f64, ticks: &[Tick], font: f64) -> Html {
    html! {
        <>
            <line class="axis" x1={num(plot.0)} x2={num(plot.1)}
                y1={num(baseline)} y2={num(baseline)} stroke={INK} stroke-width="1" />
            for t in ticks {
                <line class="tick" x1={num(t.x)} x2={num(t.x)} y1={num(baseline)}
                    y2={num(baseline + 5.0)} stroke={INK} stroke-width="1" />
                <text class="tick" x={num(t.x)} y={num(label_y)} text-anchor="middle"
                    font-size={num(font)} fill={INK_SOFT}>
                    { t.label.clone() }
                </text>
            }
        </>
    }
}
