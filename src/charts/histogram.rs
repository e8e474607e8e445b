//! One metric's distribution over the trials: the engine's histogram as bars, with the 5th,
//! 50th and 95th percentiles marked.
//!
//! Bar heights are relative to the fullest bin; the y axis carries no numbers because what a
//! reader needs is the shape and the marked percentiles, not the count of trials in a bin.

use funnel_engine::report::Summary;
use yew::prelude::*;

use super::scale::{fit_label, percent, px, text_width, Anchor, LinearScale};
use super::{
    fitting_ticks, min_render_width, min_width_style, num, use_chart_ids, use_scroll_region,
    x_axis, Rect, Tick, ACCENT, INK, INK_SOFT, SR_ONLY,
};

/// viewBox width: drawn in a cell of `.hist-grid`, at least 320 px wide (the grid wraps
/// rather than go narrower), where the 15-unit font is 12 px; wider cells only make the text
/// larger.
pub(super) const WIDTH: f64 = 400.0;
/// Room on the left for the rotated "share of runs" caption.
const PLOT_LEFT: f64 = 30.0;
const PLOT_RIGHT: f64 = 386.0;
/// Two rows of marker labels above the bars: P50 on the first, P5 and P95 on the second,
/// so that close percentiles do not write over each other.
const ROW1_Y: f64 = 16.0;
const ROW2_Y: f64 = 34.0;
const TOP: f64 = 44.0;
const BASELINE: f64 = 180.0;
const TICK_Y: f64 = 200.0;
const HEIGHT: f64 = 210.0;
const FONT: f64 = 15.0;
/// Every font of the chart: the smallest sets its `min-width`.
pub(super) const FONTS: [f64; 1] = [FONT];
/// Gap between neighbouring bars, so that a run of equal bins still reads as bins.
const GAP: f64 = 1.0;

/// A vertical line at a percentile, with its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// `p05`, `p50` or `p95`: the second CSS class of the line and its label.
    pub class: &'static str,
    pub x: f64,
    pub y1: f64,
    pub y2: f64,
    pub label: String,
    /// Where the label starts (`text-anchor="start"`), already kept inside the frame.
    pub label_x: f64,
    pub label_y: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HistogramGeometry {
    pub width: f64,
    pub height: f64,
    pub plot_left: f64,
    pub plot_right: f64,
    pub baseline: f64,
    pub bars: Vec<Rect>,
    pub markers: Vec<Marker>,
    pub ticks: Vec<Tick>,
    pub tick_y: f64,
}

/// Whether the summary has anything to draw: some defined trial and finite bounds.
fn has_data(s: &Summary) -> bool {
    let h = &s.histogram;
    h.lo.is_finite() && h.hi.is_finite() && h.counts.iter().any(|c| *c > 0) && s.p50.is_finite()
}

/// The chart's geometry, or `None` when no trial gave the metric a value.
pub fn histogram_geometry(s: &Summary, format: fn(f64) -> String) -> Option<HistogramGeometry> {
    if !has_data(s) {
        return None;
    }
    let h = &s.histogram;
    let (lo, hi) = (h.lo.min(h.hi), h.lo.max(h.hi));
    let scale = LinearScale::new((lo, hi), (PLOT_LEFT, PLOT_RIGHT));
    let max = h.counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let height_of = |c: u32| px(c as f64 / max * (BASELINE - TOP));
    let bars = if lo == hi {
        // Every trial gave the same value: one bar of all of them, centred, a fifth as wide
        // as the plot so that it reads as a bar and not as a line.
        let width = px((PLOT_RIGHT - PLOT_LEFT) / 5.0);
        vec![Rect {
            x: px(scale.map(lo) - width / 2.0),
            y: TOP,
            width,
            height: BASELINE - TOP,
        }]
    } else {
        let bin = (hi - lo) / h.counts.len() as f64;
        h.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, c)| {
                let x0 = scale.map(lo + i as f64 * bin);
                let x1 = scale.map(lo + (i + 1) as f64 * bin);
                let height = height_of(*c);
                Rect {
                    x: px(x0 + GAP / 2.0),
                    y: px(BASELINE - height),
                    width: px((x1 - x0 - GAP).max(0.0)),
                    height,
                }
            })
            .collect()
    };
    let marker = |class: &'static str, v: f64, label: String, anchor: Anchor, row: f64| {
        let x = scale.map(v);
        let nudge = match anchor {
            Anchor::Start => 4.0,
            Anchor::Middle => 0.0,
            Anchor::End => -4.0,
        };
        let label_x = fit_label(x + nudge, text_width(&label, FONT), anchor, 0.0, WIDTH);
        Marker {
            class,
            x,
            y1: TOP - 4.0,
            y2: BASELINE,
            label,
            label_x,
            label_y: row,
        }
    };
    let mut markers = Vec::new();
    // P5 leans left and P95 right, so their labels stay apart even when the lines are close.
    if s.p05.is_finite() {
        markers.push(marker("p05", s.p05, "P5".into(), Anchor::End, ROW2_Y));
    }
    markers.push(marker(
        "p50",
        s.p50,
        format!("P50 {}", format(s.p50)),
        Anchor::Middle,
        ROW1_Y,
    ));
    if s.p95.is_finite() {
        markers.push(marker("p95", s.p95, "P95".into(), Anchor::Start, ROW2_Y));
    }
    let ticks = fitting_ticks((lo, hi), 5, |t| scale.map(t), format, FONT, WIDTH);
    Some(HistogramGeometry {
        width: WIDTH,
        height: HEIGHT,
        plot_left: PLOT_LEFT,
        plot_right: PLOT_RIGHT,
        baseline: BASELINE,
        bars,
        markers,
        ticks,
        tick_y: TICK_Y,
    })
}

/// Trials the summary covers: those with a value and those without.
fn trials(s: &Summary) -> u32 {
    s.histogram.counts.iter().sum::<u32>() + s.undefined
}

/// The distribution in a sentence or two, for the SVG's `<desc>`.
pub fn histogram_description(s: &Summary, label: &str, format: fn(f64) -> String) -> String {
    let n = trials(s);
    if !has_data(s) {
        return format!("{label}: no data, none of the {n} runs gave a value.");
    }
    let mut d = format!(
        "{label} over {n} runs: median {}; 90 % of runs between {} and {}; mean {}.",
        format(s.p50),
        format(s.p05),
        format(s.p95),
        format(s.mean)
    );
    if s.undefined > 0 {
        let trials = if s.undefined == 1 { "run" } else { "runs" };
        d.push_str(&format!(" {} {trials} had no value.", s.undefined));
    }
    d
}

/// Bins of the histogram as (from, to, share of the trials with a value), empty ones left out.
fn bins(s: &Summary) -> Vec<(f64, f64, f64)> {
    let h = &s.histogram;
    let total = h.counts.iter().sum::<u32>().max(1) as f64;
    let bin = (h.hi - h.lo) / h.counts.len().max(1) as f64;
    h.counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .map(|(i, c)| {
            let from = h.lo + i as f64 * bin;
            (from, from + bin, *c as f64 / total)
        })
        .collect()
}

#[derive(Properties)]
pub struct HistogramChartProps {
    pub summary: Summary,
    /// The metric's name, as in the card that shows the chart.
    pub label: String,
    /// Formats a value of the metric for ticks, labels, description and table.
    pub format: fn(f64) -> String,
}

// By hand because of the function pointer: `fn_addr_eq` says what is meant (the same
// function), and a false "different" only costs one extra render.
impl PartialEq for HistogramChartProps {
    fn eq(&self, other: &Self) -> bool {
        self.summary == other.summary
            && self.label == other.label
            && std::ptr::fn_addr_eq(self.format, other.format)
    }
}

#[component]
pub fn HistogramChart(props: &HistogramChartProps) -> Html {
    let (title_id, desc_id) = use_chart_ids("histogram");
    let wrapper = use_node_ref();
    let s = &props.summary;
    let format = props.format;
    let title = format!("{}: distribution over the runs", props.label);
    let desc = histogram_description(s, &props.label, format);
    let body = match histogram_geometry(s, format) {
        None => html! {
            <text class="no-data" x={num(WIDTH / 2.0)} y={num(HEIGHT / 2.0)}
                text-anchor="middle" dominant-baseline="central" font-size={num(FONT)}
                fill={INK_SOFT}>
                { "no data" }
            </text>
        },
        Some(g) => html! {
            <>
                <text class="axis-caption" x="0" y="0" text-anchor="middle"
                    transform={format!("translate(14 {}) rotate(-90)", (TOP + BASELINE) / 2.0)}
                    font-size={num(FONT)} fill={INK_SOFT}>
                    { "share of runs" }
                </text>
                for bar in &g.bars {
                    <rect class="bar" x={num(bar.x)} y={num(bar.y)} width={num(bar.width)}
                        height={num(bar.height)} fill={ACCENT} />
                }
                { x_axis((g.plot_left, g.plot_right), g.baseline, g.tick_y, &g.ticks, FONT) }
                for m in &g.markers {
                    // The median is the headline: solid and bold; P5 and P95 are dashed.
                    <line class={classes!("marker", m.class)} x1={num(m.x)} x2={num(m.x)}
                        y1={num(m.y1)} y2={num(m.y2)} stroke={INK}
                        stroke-width={if m.class == "p50" { "2.5" } else { "1.5" }}
                        stroke-dasharray={if m.class == "p50" { None } else { Some("4 3") }} />
                    <text class={classes!("marker", m.class)} x={num(m.label_x)}
                        y={num(m.label_y)} font-size={num(FONT)}
                        font-weight={if m.class == "p50" { "700" } else { "400" }}
                        fill={if m.class == "p50" { INK } else { INK_SOFT }}>
                        { m.label.clone() }
                    </text>
                }
            </>
        },
    };
    let region = use_scroll_region(wrapper.clone(), &title);
    html! {
        <div ref={wrapper} class="chart histogram-chart" tabindex={region.tabindex} role={region.role}
            aria-label={region.label}>
            <svg class="chart-svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} width="100%"
                style={min_width_style(min_render_width(WIDTH, &FONTS))}
                role="img" aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ title.clone() }</title>
                <desc id={desc_id}>{ desc }</desc>
                { body }
            </svg>
            <div class="sr-only" style={SR_ONLY}><table>
                <caption>{ title }</caption>
                <tbody>
                    for (name, v) in [
                        ("5th percentile", s.p05),
                        ("Median", s.p50),
                        ("95th percentile", s.p95),
                        ("Mean", s.mean),
                        ("Minimum", s.min),
                        ("Maximum", s.max),
                    ] {
                        <tr>
                            <th scope="row">{ name }</th>
                            <td>{ if v.is_finite() { format(v) } else { "no data".into() } }</td>
                        </tr>
                    }
                    if s.undefined > 0 {
                        <tr>
                            <th scope="row">{ "Trials without a value" }</th>
                            <td>{ s.undefined }</td>
                        </tr>
                    }
                    for (from, to, share) in bins(s).into_iter().filter(|_| has_data(s)) {
                        <tr>
                            <th scope="row">{
                                if from == to {
                                    format(from)
                                } else {
                                    format!("{} to {}", format(from), format(to))
                                }
                            }</th>
                            <td>{ format!("{} of runs", percent(share)) }</td>
                        </tr>
                    }
                </tbody>
            </table></div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use funnel_engine::report::Histogram;

    use super::*;

    fn fmt(v: f64) -> String {
        format!("{v}")
    }

    fn summary(lo: f64, hi: f64, counts: &[u32], p: [f64; 3]) -> Summary {
        Summary {
            mean: p[1],
            sd: 1.0,
            p05: p[0],
            p50: p[1],
            p95: p[2],
            min: lo,
            max: hi,
            undefined: 0,
            histogram: Histogram {
                lo,
                hi,
                counts: counts.to_vec(),
            },
        }
    }

    #[test]
    fn four_bins_exact_coordinates() {
        // 356 units over [0, 4]: 89 a bin.
        let s = summary(0.0, 4.0, &[1, 3, 0, 2], [0.2, 1.5, 3.8]);
        let g = histogram_geometry(&s, fmt).unwrap();
        let r = |x, y, width, height| Rect {
            x,
            y,
            width,
            height,
        };
        // The empty third bin draws nothing; the fullest bin fills the plot's height.
        assert_eq!(
            g.bars,
            [
                r(30.5, 134.7, 88.0, 45.3),
                r(119.5, 44.0, 88.0, 136.0),
                r(297.5, 89.3, 88.0, 90.7),
            ]
        );
        let xs: Vec<(&str, f64, f64, f64)> = g
            .markers
            .iter()
            .map(|m| (m.class, m.x, m.label_x, m.label_y))
            .collect();
        assert_eq!(
            xs,
            [
                ("p05", 47.8, 25.8, 34.0),
                ("p50", 163.5, 132.0, 16.0),
                ("p95", 368.2, 372.2, 34.0),
            ]
        );
        assert_eq!(g.markers[1].label, "P50 1.5");
        let ticks: Vec<(f64, &str)> = g.ticks.iter().map(|t| (t.x, t.label.as_str())).collect();
        assert_eq!(
            ticks,
            [
                (30.0, "0"),
                (119.0, "1"),
                (208.0, "2"),
                (297.0, "3"),
                (386.0, "4")
            ]
        );
        // Labels are centred under their ticks, and kept inside the frame at its ends.
        let starts: Vec<f64> = g.ticks.iter().map(|t| t.label_x).collect();
        assert_eq!(starts, [25.5, 114.5, 203.5, 292.5, 381.5]);
        // Long labels take fewer ticks, and the last one stays inside the frame.
        let wide = histogram_geometry(&s, |v| format!("{v} h 10 min")).unwrap();
        let labels: Vec<&str> = wide.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["0 h 10 min", "2 h 10 min", "4 h 10 min"]);
        let last = &wide.ticks[2];
        assert_eq!(last.x, 386.0);
        assert_eq!(last.label_x + text_width(&last.label, FONT), WIDTH);
    }

    #[test]
    fn engine_summaries_draw_inside_the_frame() {
        let values = (0..1000).map(|i| 50.0 + ((i * 37) % 101) as f64 * 1.7);
        let s = Summary::of(values);
        let g = histogram_geometry(&s, fmt).unwrap();
        assert!(!g.bars.is_empty());
        for b in &g.bars {
            assert!(
                b.x >= g.plot_left && b.x + b.width <= g.plot_right + 0.05,
                "{b:?}"
            );
            assert!(
                b.y >= TOP && (b.y + b.height - g.baseline).abs() < 0.11,
                "{b:?}"
            );
        }
        assert!(g.bars.windows(2).all(|w| w[0].x < w[1].x));
        assert!((3..=5).contains(&g.ticks.len()), "{:?}", g.ticks);
        assert!(g.ticks.windows(2).all(|w| w[0].x < w[1].x));
        assert!(g.markers.windows(2).all(|w| w[0].x <= w[1].x));
        for m in &g.markers {
            assert!(m.label_x >= 0.0 && m.label_x + text_width(&m.label, FONT) <= WIDTH);
        }
        for t in &g.ticks {
            assert!(t.label_x >= 0.0 && t.label_x + text_width(&t.label, FONT) <= WIDTH);
        }
    }

    #[test]
    fn all_equal_values_make_one_centred_bar() {
        let s = Summary::of([42.0; 30].into_iter());
        let g = histogram_geometry(&s, fmt).unwrap();
        assert_eq!(
            g.bars,
            [Rect {
                x: 172.4,
                y: 44.0,
                width: 71.2,
                height: 136.0
            }]
        );
        assert!(g.markers.iter().all(|m| m.x == 208.0));
        assert_eq!(
            g.ticks,
            [Tick {
                x: 208.0,
                label: "42".into(),
                label_x: 199.0,
            }]
        );
    }

    #[test]
    fn no_defined_trial_is_no_data() {
        let none = Summary::of([f64::NAN, f64::NAN].into_iter());
        assert_eq!(histogram_geometry(&none, fmt), None);
        assert_eq!(
            histogram_description(&none, "Won", fmt),
            "Won: no data, none of the 2 runs gave a value."
        );
        let empty = Summary::of(std::iter::empty());
        assert_eq!(histogram_geometry(&empty, fmt), None);
        // Finite bounds but no counts (not something the engine makes) is no data as well.
        let zero = summary(0.0, 1.0, &[0, 0], [0.1, 0.5, 0.9]);
        assert_eq!(histogram_geometry(&zero, fmt), None);
    }

    #[test]
    fn description_and_bins_carry_the_numbers() {
        let s = Summary::of([1.0, 2.0, 3.0, 4.0, 5.0, f64::NAN].into_iter());
        assert_eq!(
            histogram_description(&s, "Won", fmt),
            "Won over 6 runs: median 3; 90 % of runs between 1.2 and 4.8; mean 3. \
             1 run had no value."
        );
        let b = bins(&s);
        assert_eq!(b.len(), 5);
        assert!((b.iter().map(|x| x.2).sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(b[0].0, 1.0);
    }
}
