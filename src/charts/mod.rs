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
//!
//! A viewBox scales its text with the chart, so a font size in viewBox units says nothing on
//! its own: 16 units in an 800-unit chart drawn 520 px wide is 10.4 px. Each chart therefore
//! sets a CSS `min-width` on its SVG, [`min_render_width`] of its viewBox width and its
//! smallest font, below which it scrolls sideways in its wrapper instead of shrinking: no
//! chart text is ever drawn smaller than [`MIN_TEXT_PX`]. The widths are chosen so that, at
//! a 1024 px wide window (a common projector), no chart needs to scroll.

mod funnel;
mod histogram;
mod lift;
mod overlay;
mod roc;
mod scale;
mod score;
mod speed;
mod sweep;
mod tornado;

use std::sync::atomic::{AtomicU32, Ordering};

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

pub use funnel::{
    funnel_description, funnel_geometry, FunnelBar, FunnelChart, FunnelChartProps, FunnelGeometry,
    FunnelStage, Gridline,
};
pub use histogram::{
    histogram_description, histogram_geometry, HistogramChart, HistogramChartProps,
    HistogramGeometry, Marker,
};
pub use lift::{
    decile_label, lift_description, lift_geometry, lift_label, DecileBar, LiftChart,
    LiftChartProps, LiftGeometry,
};
pub use overlay::{overlay_geometry, OverlayChart, OverlayChartProps};
pub use roc::{
    auc_label, roc_description, roc_geometry, RocChart, RocChartProps, RocCurve, RocGeometry,
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
pub use sweep::{sweep_geometry, SweepChart, SweepChartProps, SweepGeometry, SweepInput, SERIES};
pub use tornado::{tornado_geometry, TornadoChart, TornadoChartProps, TornadoInput};

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
    /// Where the label starts (`text-anchor="start"`): centred under the tick, or moved inside
    /// the frame at its ends, since the chart's scrolling wrapper clips what spills out.
    pub label_x: f64,
}

impl Tick {
    /// A tick at `x` in a chart `width` units wide, its label in a `font`-unit font.
    fn new(x: f64, label: String, font: f64, width: f64) -> Tick {
        let label_x = scale::fit_label(
            x,
            scale::text_width(&label, font),
            scale::Anchor::Middle,
            0.0,
            width,
        );
        Tick { x, label, label_x }
    }
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

/// The smallest text anywhere on the page, in CSS pixels: 0.75rem at the 16 px root, the
/// floor the stylesheet keeps too.
pub const MIN_TEXT_PX: f64 = 12.0;

/// The narrowest, in CSS pixels, that a chart `view_width` units wide may be drawn so that
/// text in every one of `fonts` (in viewBox units) still renders at [`MIN_TEXT_PX`] or more:
/// the SVG's `min-width`.
pub fn min_render_width(view_width: f64, fonts: &[f64]) -> f64 {
    let smallest = fonts.iter().copied().fold(f64::INFINITY, f64::min);
    (view_width * MIN_TEXT_PX / smallest).ceil()
}

/// The SVG's inline style: never narrower than `min_width` CSS pixels (the `.chart` wrapper
/// scrolls sideways when its column is narrower).
fn min_width_style(min_width: f64) -> AttrValue {
    AttrValue::from(format!("min-width:{min_width}px"))
}

/// Whether the element behind `wrapper` is narrower than its content, so that it scrolls.
fn overflows(wrapper: &NodeRef) -> bool {
    wrapper
        .cast::<Element>()
        .is_some_and(|e| e.scroll_width() > e.client_width())
}

/// A chart wrapper's `tabindex`, `role` and `aria-label`: all `None` while it fits.
#[derive(Clone, Debug, Default, PartialEq)]
struct ScrollRegion {
    tabindex: Option<AttrValue>,
    role: Option<AttrValue>,
    label: Option<AttrValue>,
}

/// The attributes a chart's wrapper needs while it scrolls sideways (its column is narrower
/// than the chart's `min-width`): a scrolling region must be reachable by keyboard, and named
/// after the chart (`name`). Checked after every render and when the window is resized;
/// nothing while it fits, so that charts add no tab stops on a wide screen.
#[hook]
fn use_scroll_region(wrapper: NodeRef, name: &str) -> ScrollRegion {
    let scrolls = use_state_eq(|| false);
    {
        let (wrapper, scrolls) = (wrapper.clone(), scrolls.clone());
        use_effect(move || scrolls.set(overflows(&wrapper)));
    }
    {
        let scrolls = scrolls.clone();
        use_effect_with((), move |_| {
            let on_resize = Closure::<dyn Fn()>::new(move || scrolls.set(overflows(&wrapper)));
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w
                    .add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback(
                        "resize",
                        on_resize.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    if *scrolls {
        ScrollRegion {
            tabindex: Some("0".into()),
            role: Some("group".into()),
            label: Some(format!("{name}, scrolls sideways").into()),
        }
    } else {
        ScrollRegion::default()
    }
}

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

/// Up to `max` round ticks over `[lo, hi]`, at `map(value)` and labelled `label(value)` in a
/// `font`-unit font, in a chart `width` units wide; fewer (down to three) when their labels
/// would otherwise touch, as long durations ("1 h 10 min") do on a narrow histogram.
fn fitting_ticks(
    (lo, hi): (f64, f64),
    max: usize,
    map: impl Fn(f64) -> f64,
    label: impl Fn(f64) -> String,
    font: f64,
    width: f64,
) -> Vec<Tick> {
    let mut ticks = Vec::new();
    for m in (3..=max.max(3)).rev() {
        ticks = scale::nice_ticks_up_to(lo, hi, m)
            .into_iter()
            .map(|t| Tick::new(map(t), label(t), font, width))
            .collect();
        let apart = ticks.windows(2).all(|w| {
            w[0].label_x + scale::text_width(&w[0].label, font) + font / 2.0 <= w[1].label_x
        });
        if apart {
            break;
        }
    }
    ticks
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
                <text class="tick" x={num(t.label_x)} y={num(label_y)}
                    font-size={num(font)} fill={INK_SOFT}>
                    { t.label.clone() }
                </text>
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::scale::text_width;
    use super::*;

    /// The content width, in CSS pixels, of a panel in the results column at a 1024 px wide
    /// window with a 15 px scrollbar: (1009 − 2 × 24 − 16) × 0.92 / 2 − 2 × (16 + 1).
    const RESULTS_COLUMN_AT_1024: f64 = 400.0;
    /// The narrowest a histogram's cell gets: `.hist-grid` wraps below 320 px a column.
    const HISTOGRAM_CELL: f64 = 320.0;
    /// The narrowest a backtest chart's cell gets: `.backtest-charts` wraps below 300 px.
    const BACKTEST_CELL: f64 = 300.0;

    /// Every chart's viewBox width, font sizes, and the width it is laid out in.
    fn charts() -> [(&'static str, f64, &'static [f64], f64); 9] {
        [
            (
                "funnel",
                funnel::WIDTH,
                &funnel::FONTS,
                RESULTS_COLUMN_AT_1024,
            ),
            (
                "histogram",
                histogram::WIDTH,
                &histogram::FONTS,
                HISTOGRAM_CELL,
            ),
            ("score", score::WIDTH, &score::FONTS, RESULTS_COLUMN_AT_1024),
            ("speed", speed::WIDTH, &speed::FONTS, RESULTS_COLUMN_AT_1024),
            ("sweep", sweep::WIDTH, &sweep::FONTS, RESULTS_COLUMN_AT_1024),
            (
                "tornado",
                tornado::WIDTH,
                &tornado::FONTS,
                RESULTS_COLUMN_AT_1024,
            ),
            (
                "overlay",
                overlay::WIDTH,
                &overlay::FONTS,
                RESULTS_COLUMN_AT_1024,
            ),
            ("roc", roc::WIDTH, &roc::FONTS, BACKTEST_CELL),
            ("lift", lift::WIDTH, &lift::FONTS, BACKTEST_CELL),
        ]
    }

    #[test]
    fn no_chart_text_is_under_12_px() {
        for (chart, width, fonts, _) in charts() {
            let min_width = min_render_width(width, fonts);
            // No wider than needed: a pixel narrower, the smallest text would be under 12 px.
            let smallest = fonts.iter().copied().fold(f64::INFINITY, f64::min);
            assert!(
                smallest * (min_width - 1.0) / width < MIN_TEXT_PX,
                "{chart}"
            );
            for &font in fonts {
                // In viewBox units, and in CSS pixels at the narrowest the chart is drawn.
                assert!(font >= MIN_TEXT_PX, "{chart}: a {font}-unit font");
                let rendered = font * min_width / width;
                assert!(
                    rendered >= MIN_TEXT_PX,
                    "{chart}: {font} units at {min_width} px is {rendered} px"
                );
            }
        }
        assert_eq!(min_render_width(480.0, &[16.0, 15.0]), 384.0);
    }

    #[test]
    fn charts_fit_their_column_on_a_1024_px_projector() {
        // The smallest font each chart uses in the usual case: the speed chart's buckets
        // shrink theirs when seven or eight of them share the plot (tested in `speed`).
        for (chart, width, fonts, column) in charts() {
            let usual = if chart == "speed" { &fonts[..1] } else { fonts };
            let min_width = min_render_width(width, usual);
            assert!(
                min_width <= column,
                "{chart} needs {min_width} px, its column has {column}"
            );
        }
        assert_eq!(min_width_style(384.0), "min-width:384px");
    }

    #[test]
    fn tick_labels_never_touch() {
        let map = |v: f64| 10.0 + v * 3.8;
        let short = fitting_ticks((0.0, 100.0), 5, map, |v| format!("{v}"), 15.0, 400.0);
        let xs: Vec<f64> = short.iter().map(|t| t.x).collect();
        assert_eq!(xs, [10.0, 200.0, 390.0], "5 ticks at most: 0, 50, 100");
        let eleven = fitting_ticks((0.0, 100.0), 11, map, |v| format!("{v}"), 15.0, 400.0);
        assert_eq!(eleven.len(), 11);
        // Labels 81 units wide cannot sit 38 units apart: fewer, further apart.
        let long = fitting_ticks(
            (0.0, 100.0),
            11,
            map,
            |v| format!("{v} h 10 min"),
            15.0,
            400.0,
        );
        assert!(long.len() < 11 && long.len() >= 3, "{long:?}");
        for w in long.windows(2) {
            assert!(
                w[0].label_x + text_width(&w[0].label, 15.0) < w[1].label_x,
                "{w:?}"
            );
        }
        // Labels that never fit still get three ticks.
        let huge = fitting_ticks((0.0, 100.0), 5, map, |_| "x".repeat(40), 15.0, 400.0);
        assert_eq!(huge.len(), 3);
    }
}
