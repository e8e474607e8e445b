//! The ROC curve of a backtest: for every threshold on a scoring model, the share of the past
//! leads that converted which it would have caught against the share of those that did not
//! which it would have flagged, for one model or two ("Today" solid, "Proposed" dashed).
//!
//! The chance diagonal runs corner to corner: a model that ranks leads at random lies on it,
//! and the higher a curve bows above it the better the model ranks converters first. The
//! point the model's current MQL threshold reaches is marked. The chart computes no rate and
//! no AUC: the engine's backtest does, and this module only places them. Its labels are
//! placed so that they stay inside the plot and do not write over each other.

use yew::prelude::*;

use super::scale::{percent as tick_percent, px, text_width, LinearScale};
use super::speed::YTick;
use super::{
    min_render_width, min_width_style, num, use_chart_ids, use_scroll_region, Rect, Tick, ACCENT,
    GRID, INK, INK_SOFT, MUTED, SR_ONLY,
};

/// viewBox width, chosen so that the chart's `min-width` (296 px) fits a 300 px cell of the
/// backtest's chart grid.
pub(super) const WIDTH: f64 = 370.0;
const PLOT_LEFT: f64 = 52.0;
const PLOT_RIGHT: f64 = 352.0;
/// Room above the plot for the y axis caption, in two lines.
const PLOT_TOP: f64 = 50.0;
/// A square plot: the diagonal is at 45°, as readers of ROC curves expect.
const PLOT_BOTTOM: f64 = PLOT_TOP + (PLOT_RIGHT - PLOT_LEFT);
const FONT: f64 = 15.0;
const LINE: f64 = 18.0;
#[cfg(test)]
pub(super) const FONTS: [f64; 1] = [FONT];
const TITLE: &str = "ROC curve: converters caught against non-converters flagged";
const X_CAPTION: &str = "Share of non-converters flagged (false positives)";
const Y_CAPTION: &str = "Share of converters caught (true positives)";
const CHANCE: &str = "chance (AUC 0.5)";
const THRESHOLD: &str = "MQL threshold";
/// At most this many curves are drawn; further ones are left out.
pub const MAX_CURVES: usize = 2;
/// Each curve's class, colour (above 3:1 on white) and dash pattern.
const STYLES: [(&str, &str, Option<&str>); MAX_CURVES] = [
    ("curve first", ACCENT, None),
    ("curve second", "var(--mql, #0f766e)", Some("7 4")),
];
/// The shares of non-converters flagged at which the hidden table reads each curve.
const READ_AT: [f64; 3] = [0.1, 0.25, 0.5];

/// One model's ROC curve, as the backtest measured it.
#[derive(Clone, Debug, PartialEq)]
pub struct RocCurve {
    /// "Today", "Proposed".
    pub label: String,
    /// (false positive rate, true positive rate), each in 0..1, in ascending order.
    pub points: Vec<(f64, f64)>,
    pub auc: f64,
    /// The point that the model's current MQL threshold reaches.
    pub marker: Option<(f64, f64)>,
}

/// A line segment, in viewBox units.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
}

/// A text and where it starts (`text-anchor="start"`, alphabetic baseline at `y`).
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

impl Label {
    /// The box the text covers, roughly: from its cap height to a little under its baseline.
    fn bounds(&self) -> Rect {
        Rect {
            x: self.x,
            y: self.y - FONT * 0.8,
            width: text_width(&self.text, FONT),
            height: FONT,
        }
    }
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

fn inside(a: &Rect, frame: &Rect) -> bool {
    a.x >= frame.x
        && a.y >= frame.y
        && a.x + a.width <= frame.x + frame.width
        && a.y + a.height <= frame.y + frame.height
}

/// One curve, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct RocLine {
    /// `curve first` or `curve second`, for the stylesheet.
    pub class: &'static str,
    pub color: &'static str,
    pub dash: Option<&'static str>,
    /// SVG polyline points, from (0, 0) to (1, 1).
    pub points: String,
    /// The MQL threshold's point, and its label.
    pub marker: Option<(f64, f64)>,
    pub marker_label: Option<Label>,
}

/// A legend entry: a short stroke in the curve's style, then its text.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    pub swatch: Segment,
    pub label: Label,
    pub color: &'static str,
    pub dash: Option<&'static str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RocGeometry {
    pub width: f64,
    pub height: f64,
    /// The plot's frame.
    pub plot: Rect,
    /// The chance line, from the bottom-left corner to the top-right one.
    pub diagonal: Segment,
    pub chance_label: Label,
    pub curves: Vec<RocLine>,
    pub x_ticks: Vec<Tick>,
    pub y_ticks: Vec<YTick>,
    /// The axes' captions, a line each: the y caption above the plot, the x caption under it.
    pub y_caption: Vec<Label>,
    pub x_caption: Vec<Label>,
    /// The legend's background (in the plot's bottom-right corner, under the diagonal) and its
    /// entries; `None` without a curve.
    pub legend_box: Option<Rect>,
    pub legend: Vec<LegendEntry>,
    pub min_width: f64,
}

/// An AUC as people quote it: "0.71"; "—" when undefined.
pub fn auc_label(auc: f64) -> String {
    if auc.is_finite() {
        format!("{auc:.2}")
    } else {
        crate::format::UNDEFINED.into()
    }
}

/// "Today · AUC 0.71".
fn legend_text(c: &RocCurve) -> String {
    format!("{} · AUC {}", c.label, auc_label(c.auc))
}

/// A caption in as many lines as `room` needs: split before its parenthesis when it has one,
/// else at the space nearest its middle.
fn caption_lines(text: &str, room: f64) -> Vec<String> {
    if text_width(text, FONT) <= room {
        return vec![text.to_string()];
    }
    match text.find(" (") {
        Some(i) => vec![text[..i].to_string(), text[i + 1..].to_string()],
        None => super::speed::wrap_label(text, room, FONT),
    }
}

/// A curve's points clamped to the unit square, without undefined ones, starting at (0, 0)
/// and ending at (1, 1) as every ROC curve does (flagging no lead catches none, flagging all
/// catches all), in case the input leaves the ends out.
fn unit_points(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = points
        .iter()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|(x, y)| (x.clamp(0.0, 1.0), y.clamp(0.0, 1.0)))
        .collect();
    if out.first() != Some(&(0.0, 0.0)) {
        out.insert(0, (0.0, 0.0));
    }
    if out.last() != Some(&(1.0, 1.0)) {
        out.push((1.0, 1.0));
    }
    out
}

/// The true positive rate of a curve where it flags `fpr` of the non-converters, read
/// linearly between its points (the highest, where the curve rises straight up there).
pub fn tpr_at(points: &[(f64, f64)], fpr: f64) -> f64 {
    let pts = unit_points(points);
    let mut best = f64::NAN;
    for w in pts.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if fpr < x0 || fpr > x1 {
            continue;
        }
        let y = if x1 > x0 {
            y0 + (fpr - x0) / (x1 - x0) * (y1 - y0)
        } else {
            y0.max(y1)
        };
        best = if best.is_nan() { y } else { best.max(y) };
    }
    best
}

/// Where a marker's label goes: beside its dot, on the first side that keeps it inside the
/// plot and off the texts already placed (`taken`); to the right and under the dot when none
/// does, moved inside the plot.
fn place_marker_label(dot: (f64, f64), plot: &Rect, taken: &[Rect]) -> Label {
    let w = text_width(THRESHOLD, FONT);
    let (x, y) = dot;
    let candidates = [
        (x + 9.0, y + FONT + 2.0),     // right, below: under a rising curve
        (x - 9.0 - w, y - 8.0),        // left, above: over it
        (x + 9.0, y - 8.0),            // right, above
        (x - 9.0 - w, y + FONT + 2.0), // left, below
    ];
    let labels = candidates.map(|(lx, ly)| Label {
        x: px(lx),
        y: px(ly),
        text: THRESHOLD.into(),
    });
    labels
        .iter()
        .find(|l| {
            let b = l.bounds();
            inside(&b, plot) && !taken.iter().any(|t| overlap(&b, t))
        })
        .cloned()
        .unwrap_or_else(|| Label {
            x: px((x + 9.0).min(plot.x + plot.width - w).max(plot.x)),
            y: px((y + FONT + 2.0).min(plot.y + plot.height - 4.0)),
            text: THRESHOLD.into(),
        })
}

pub fn roc_geometry(curves: &[RocCurve]) -> RocGeometry {
    let x = LinearScale::new((0.0, 1.0), (PLOT_LEFT, PLOT_RIGHT));
    let y = LinearScale::new((0.0, 1.0), (PLOT_BOTTOM, PLOT_TOP));
    let plot = Rect {
        x: PLOT_LEFT,
        y: PLOT_TOP,
        width: PLOT_RIGHT - PLOT_LEFT,
        height: PLOT_BOTTOM - PLOT_TOP,
    };
    let shown = &curves[..curves.len().min(MAX_CURVES)];

    // The legend, bottom right: under the diagonal, where a curve better than chance never goes.
    let swatch = 22.0;
    let legend_w = shown
        .iter()
        .map(|c| text_width(&legend_text(c), FONT))
        .fold(0.0, f64::max)
        + swatch
        + 6.0
        + 12.0;
    let legend_h = shown.len() as f64 * 20.0 + 8.0;
    let legend_box = (!shown.is_empty()).then(|| Rect {
        x: px(PLOT_RIGHT - 6.0 - legend_w),
        y: px(PLOT_BOTTOM - 6.0 - legend_h),
        width: px(legend_w),
        height: px(legend_h),
    });
    let legend: Vec<LegendEntry> = legend_box
        .iter()
        .flat_map(|b| {
            shown
                .iter()
                .zip(STYLES)
                .enumerate()
                .map(move |(i, (c, s))| {
                    let line_y = px(b.y + 14.0 + i as f64 * 20.0);
                    LegendEntry {
                        swatch: Segment {
                            x1: px(b.x + 6.0),
                            y1: line_y,
                            x2: px(b.x + 6.0 + swatch),
                            y2: line_y,
                        },
                        label: Label {
                            x: px(b.x + 12.0 + swatch),
                            y: px(line_y + 5.0),
                            text: legend_text(c),
                        },
                        color: s.1,
                        dash: s.2,
                    }
                })
        })
        .collect();

    // The chance label, just under the diagonal a little before its middle.
    let at = 0.45;
    let chance_label = Label {
        x: px(x.map(at) + 8.0),
        y: px(y.map(at) + FONT + 2.0),
        text: CHANCE.into(),
    };
    let mut taken: Vec<Rect> = legend_box.iter().cloned().collect();
    taken.push(chance_label.bounds());

    let lines = shown
        .iter()
        .zip(STYLES)
        .map(|(c, (class, color, dash))| {
            let points = unit_points(&c.points)
                .iter()
                .map(|(fx, ty)| format!("{},{}", x.map(*fx), y.map(*ty)))
                .collect::<Vec<_>>()
                .join(" ");
            let marker = c
                .marker
                .filter(|(fx, ty)| fx.is_finite() && ty.is_finite())
                .map(|(fx, ty)| (x.map(fx.clamp(0.0, 1.0)), y.map(ty.clamp(0.0, 1.0))));
            let marker_label = marker.map(|dot| {
                let label = place_marker_label(dot, &plot, &taken);
                taken.push(label.bounds());
                label
            });
            RocLine {
                class,
                color,
                dash,
                points,
                marker,
                marker_label,
            }
        })
        .collect();

    let ticks = [0.0, 0.25, 0.5, 0.75, 1.0];
    let x_ticks = ticks
        .iter()
        .map(|t| Tick::new(x.map(*t), tick_percent(*t), FONT, WIDTH))
        .collect();
    let y_ticks = ticks
        .iter()
        .map(|t| YTick {
            y: y.map(*t),
            label: tick_percent(*t),
        })
        .collect();
    let y_caption = caption_lines(Y_CAPTION, WIDTH - 8.0)
        .into_iter()
        .enumerate()
        .map(|(i, text)| Label {
            x: 4.0,
            y: px(16.0 + i as f64 * LINE),
            text,
        })
        .collect();
    let x_caption: Vec<Label> = caption_lines(X_CAPTION, PLOT_RIGHT - PLOT_LEFT)
        .into_iter()
        .enumerate()
        .map(|(i, text)| {
            let w = text_width(&text, FONT);
            Label {
                x: px(((PLOT_LEFT + PLOT_RIGHT - w) / 2.0).clamp(0.0, WIDTH - w)),
                y: px(PLOT_BOTTOM + 24.0 + FONT + 4.0 + i as f64 * LINE),
                text,
            }
        })
        .collect();
    let height = px(x_caption.last().map_or(PLOT_BOTTOM + 24.0, |l| l.y) + 8.0);
    RocGeometry {
        width: WIDTH,
        height,
        plot,
        diagonal: Segment {
            x1: x.map(0.0),
            y1: y.map(0.0),
            x2: x.map(1.0),
            y2: y.map(1.0),
        },
        chance_label,
        curves: lines,
        x_ticks,
        y_ticks,
        y_caption,
        x_caption,
        legend_box,
        legend,
        min_width: min_render_width(WIDTH, &[FONT]),
    }
}

/// The chart in one sentence, for its `<desc>`: how often each model ranks a converter above
/// a non-converter (its AUC), and what the first model's MQL threshold catches and flags.
/// Shares are formatted by `format` ("71.0 %").
pub fn roc_description(curves: &[RocCurve], format: fn(f64) -> String) -> String {
    let shown = &curves[..curves.len().min(MAX_CURVES)];
    let Some(first) = shown.first() else {
        return "No ROC curve: no past lead with a known outcome to test the model on.".into();
    };
    let ranks = |c: &RocCurve| format!("{} of the time (AUC {})", format(c.auc), auc_label(c.auc));
    let mut d = match shown.get(1) {
        None => format!(
            "The model ranks converters above non-converters {}",
            ranks(first)
        ),
        Some(second) => format!(
            "{} ranks converters above non-converters {}, {} {}",
            first.label,
            ranks(first),
            second.label,
            ranks(second)
        ),
    };
    if let Some((fpr, tpr)) = first.marker.filter(|(a, b)| a.is_finite() && b.is_finite()) {
        let who = if shown.len() > 1 {
            first.label.as_str()
        } else {
            "it"
        };
        d.push_str(&format!(
            "; at the MQL threshold {who} catches {} of converters and flags {} of non-converters",
            format(tpr),
            format(fpr)
        ));
    }
    d.push('.');
    d
}

#[derive(Properties)]
pub struct RocChartProps {
    /// One or two curves; the first solid, the second dashed.
    pub curves: Vec<RocCurve>,
    /// Formats a share (of converters, of non-converters, the AUC read as one): "71.0 %".
    pub format: fn(f64) -> String,
}

// By hand because of the function pointer, as for the other charts.
impl PartialEq for RocChartProps {
    fn eq(&self, other: &Self) -> bool {
        self.curves == other.curves && std::ptr::fn_addr_eq(self.format, other.format)
    }
}

fn text(l: &Label, class: &'static str, fill: &'static str) -> Html {
    html! {
        <text class={class} x={num(l.x)} y={num(l.y)} font-size={num(FONT)} fill={fill}>
            { l.text.clone() }
        </text>
    }
}

#[component]
pub fn RocChart(props: &RocChartProps) -> Html {
    let (title_id, desc_id) = use_chart_ids("roc");
    let wrapper = use_node_ref();
    let region = use_scroll_region(wrapper.clone(), TITLE);
    let g = roc_geometry(&props.curves);
    let desc = roc_description(&props.curves, props.format);
    let format = props.format;
    let shown = &props.curves[..props.curves.len().min(MAX_CURVES)];
    let p = &g.plot;
    html! {
        <div ref={wrapper} class="chart roc-chart" tabindex={region.tabindex} role={region.role}
            aria-label={region.label}>
            <svg class="chart-svg" viewBox={format!("0 0 {} {}", g.width, g.height)} width="100%"
                style={min_width_style(g.min_width)} role="img"
                aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ TITLE }</title>
                <desc id={desc_id}>{ desc }</desc>
                for t in &g.y_ticks {
                    <line class="grid" x1={num(p.x)} x2={num(p.x + p.width)}
                        y1={num(t.y)} y2={num(t.y)} stroke={GRID} stroke-width="1" />
                    <text class="tick" x={num(p.x - 6.0)} y={num(t.y)} text-anchor="end"
                        dominant-baseline="central" font-size={num(FONT)} fill={INK_SOFT}>
                        { t.label.clone() }
                    </text>
                }
                for t in &g.x_ticks {
                    <line class="grid" x1={num(t.x)} x2={num(t.x)} y1={num(p.y)}
                        y2={num(p.y + p.height)} stroke={GRID} stroke-width="1" />
                    <text class="tick" x={num(t.label_x)} y={num(p.y + p.height + 20.0)}
                        font-size={num(FONT)} fill={INK_SOFT}>{ t.label.clone() }</text>
                }
                <rect class="frame" x={num(p.x)} y={num(p.y)} width={num(p.width)}
                    height={num(p.height)} fill="none" stroke={INK} stroke-width="1" />
                for l in &g.y_caption { { text(l, "axis-caption", INK) } }
                for l in &g.x_caption { { text(l, "axis-caption", INK) } }
                <line class="chance" x1={num(g.diagonal.x1)} y1={num(g.diagonal.y1)}
                    x2={num(g.diagonal.x2)} y2={num(g.diagonal.y2)} stroke={MUTED}
                    stroke-width="1.5" stroke-dasharray="4 4" />
                { text(&g.chance_label, "chance-label", INK_SOFT) }
                for c in &g.curves {
                    <polyline class={c.class} points={c.points.clone()} fill="none"
                        stroke={c.color} stroke-width="2.5" stroke-linejoin="round"
                        stroke-dasharray={c.dash} />
                }
                for c in &g.curves {
                    if let Some((mx, my)) = c.marker {
                        <circle class={classes!("threshold-dot", c.class.split(' ').nth(1))}
                            cx={num(mx)} cy={num(my)} r="5" fill={c.color} stroke="#fff"
                            stroke-width="1.5" />
                    }
                    if let Some(l) = &c.marker_label { { text(l, "threshold-label", INK) } }
                }
                if let Some(b) = &g.legend_box {
                    <rect class="legend-box" x={num(b.x)} y={num(b.y)} width={num(b.width)}
                        height={num(b.height)} rx="4" fill="var(--panel, #fff)"
                        fill-opacity="0.9" stroke={GRID} />
                }
                for e in &g.legend {
                    <line class="swatch" x1={num(e.swatch.x1)} x2={num(e.swatch.x2)}
                        y1={num(e.swatch.y1)} y2={num(e.swatch.y2)} stroke={e.color}
                        stroke-width="2.5" stroke-dasharray={e.dash} />
                    { text(&e.label, "legend-label", INK) }
                }
            </svg>
            <div class="sr-only" style={SR_ONLY}><table>
                <caption>{ TITLE }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Model" }</th>
                        <th scope="col">{ "AUC" }</th>
                        <th scope="col">{ "At the MQL threshold: non-converters flagged" }</th>
                        <th scope="col">{ "At the MQL threshold: converters caught" }</th>
                        for f in READ_AT {
                            <th scope="col">{ format!("Converters caught with {} of non-converters flagged", format(f)) }</th>
                        }
                    </tr>
                </thead>
                <tbody>
                    for c in shown {
                        <tr>
                            <th scope="row">{ c.label.clone() }</th>
                            <td>{ auc_label(c.auc) }</td>
                            <td>{ c.marker.map_or(crate::format::UNDEFINED.into(), |m| format(m.0)) }</td>
                            <td>{ c.marker.map_or(crate::format::UNDEFINED.into(), |m| format(m.1)) }</td>
                            for f in READ_AT {
                                <td>{ format(tpr_at(&c.points, f)) }</td>
                            }
                        </tr>
                    }
                </tbody>
            </table></div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pct(x: f64) -> String {
        crate::format::percent(x)
    }

    fn curve(label: &str, auc: f64, marker: Option<(f64, f64)>) -> RocCurve {
        RocCurve {
            label: label.into(),
            points: vec![(0.0, 0.0), (0.1, 0.4), (0.3, 0.7), (0.6, 0.9), (1.0, 1.0)],
            auc,
            marker,
        }
    }

    /// The (x, y) pairs of a polyline's points.
    fn parse(points: &str) -> Vec<(f64, f64)> {
        points
            .split(' ')
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    }

    fn assert_finite(g: &RocGeometry) {
        let text = format!("{g:?}");
        assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    }

    #[test]
    fn points_map_onto_the_square_plot() {
        let g = roc_geometry(&[curve("Today", 0.71, Some((0.3, 0.7)))]);
        assert_eq!(g.plot.width, g.plot.height, "a square plot");
        let w = PLOT_RIGHT - PLOT_LEFT;
        let pts = parse(&g.curves[0].points);
        assert_eq!(pts.len(), 5);
        assert_eq!(pts[0], (PLOT_LEFT, PLOT_BOTTOM));
        assert_eq!(pts[1], (px(PLOT_LEFT + 0.1 * w), px(PLOT_BOTTOM - 0.4 * w)));
        assert_eq!(pts[4], (PLOT_RIGHT, PLOT_TOP));
        assert_eq!(g.curves[0].marker, Some(pts[2]));
        assert_eq!(g.curves[0].class, "curve first");
        assert_eq!(g.curves[0].dash, None);
        assert_finite(&g);
    }

    #[test]
    fn the_diagonal_runs_corner_to_corner() {
        let g = roc_geometry(&[]);
        assert_eq!(
            g.diagonal,
            Segment {
                x1: PLOT_LEFT,
                y1: PLOT_BOTTOM,
                x2: PLOT_RIGHT,
                y2: PLOT_TOP
            }
        );
        assert_eq!(g.chance_label.text, "chance (AUC 0.5)");
        // Under the diagonal: at the label's left end the diagonal is above its top.
        let b = g.chance_label.bounds();
        let diagonal_y_at = |x: f64| PLOT_BOTTOM - (x - PLOT_LEFT);
        assert!(diagonal_y_at(b.x) < b.y && inside(&b, &g.plot));
    }

    #[test]
    fn ticks_run_from_0_to_100_percent() {
        let g = roc_geometry(&[]);
        let labels: Vec<&str> = g.x_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["0 %", "25 %", "50 %", "75 %", "100 %"]);
        assert_eq!(g.y_ticks[0].y, PLOT_BOTTOM);
        assert_eq!(g.y_ticks[4].y, PLOT_TOP);
        assert_eq!(g.x_ticks[4].x, PLOT_RIGHT);
        // Every label inside the viewBox.
        for t in &g.x_ticks {
            assert!(t.label_x >= 0.0 && t.label_x + text_width(&t.label, FONT) <= WIDTH);
        }
        let captions: Vec<&str> = g
            .y_caption
            .iter()
            .chain(&g.x_caption)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(
            captions,
            [
                "Share of converters caught",
                "(true positives)",
                "Share of non-converters flagged",
                "(false positives)"
            ]
        );
        for l in g.y_caption.iter().chain(&g.x_caption) {
            assert!(
                l.x >= 0.0 && l.x + text_width(&l.text, FONT) <= WIDTH,
                "{l:?}"
            );
            assert!(l.y <= g.height);
        }
        assert!(g.y_caption[1].y + 4.0 < PLOT_TOP);
    }

    #[test]
    fn two_curves_the_second_dashed_with_a_legend_of_aucs() {
        let g = roc_geometry(&[
            curve("Today", 0.71, Some((0.3, 0.7))),
            curve("Proposed", 0.784, Some((0.1, 0.4))),
            curve("Ignored", 0.5, None),
        ]);
        assert_eq!(g.curves.len(), 2);
        assert_eq!(g.curves[1].class, "curve second");
        assert!(g.curves[1].dash.is_some());
        assert_ne!(g.curves[0].color, g.curves[1].color);
        let legend: Vec<&str> = g.legend.iter().map(|e| e.label.text.as_str()).collect();
        assert_eq!(legend, ["Today · AUC 0.71", "Proposed · AUC 0.78"]);
        assert_eq!(g.legend[1].dash, g.curves[1].dash);
        // The legend fits the plot's bottom right and stays under the diagonal.
        let b = g.legend_box.clone().unwrap();
        assert!(inside(&b, &g.plot));
        assert!(PLOT_BOTTOM - (b.x - PLOT_LEFT) < b.y);
        for e in &g.legend {
            assert!(inside(&e.label.bounds(), &b), "{e:?}");
        }
        // No two labels overlap, and every one stays inside the plot.
        let mut boxes = vec![g.chance_label.bounds(), b];
        for c in &g.curves {
            let l = c.marker_label.as_ref().unwrap();
            assert_eq!(l.text, "MQL threshold");
            let lb = l.bounds();
            assert!(inside(&lb, &g.plot), "{l:?}");
            assert!(!boxes.iter().any(|o| overlap(&lb, o)), "{l:?} on {boxes:?}");
            boxes.push(lb);
        }
        assert_finite(&g);
    }

    #[test]
    fn a_marker_label_moves_to_a_free_side() {
        // A dot at the top right: no room on the right, so the label goes to the left.
        let g = roc_geometry(&[curve("Today", 0.71, Some((0.98, 0.99)))]);
        let l = g.curves[0].marker_label.as_ref().unwrap();
        assert!(inside(&l.bounds(), &g.plot));
        assert!(l.x < g.curves[0].marker.unwrap().0);
    }

    #[test]
    fn curves_are_completed_clamped_and_cleaned() {
        let c = RocCurve {
            label: "Today".into(),
            points: vec![(0.2, 0.5), (f64::NAN, 0.6), (1.3, -0.1)],
            auc: f64::NAN,
            marker: Some((f64::NAN, 0.5)),
        };
        assert_eq!(
            unit_points(&c.points),
            [(0.0, 0.0), (0.2, 0.5), (1.0, 0.0), (1.0, 1.0)]
        );
        let g = roc_geometry(&[c]);
        assert_eq!(g.curves[0].marker, None);
        assert_eq!(g.curves[0].marker_label, None);
        assert_eq!(g.legend[0].label.text, "Today · AUC —");
        assert_finite(&g);
        // An empty curve is the chance-free straight path from (0, 0) to (1, 1).
        let empty = roc_geometry(&[RocCurve {
            label: "x".into(),
            points: vec![],
            auc: 0.5,
            marker: None,
        }]);
        assert_eq!(parse(&empty.curves[0].points).len(), 2);
    }

    #[test]
    fn no_curve_gives_an_empty_frame() {
        let g = roc_geometry(&[]);
        assert!(g.curves.is_empty() && g.legend.is_empty() && g.legend_box.is_none());
        assert_eq!(g.min_width, 296.0);
        assert!(g.height > PLOT_BOTTOM);
        assert_finite(&g);
    }

    #[test]
    fn the_true_positive_rate_is_read_between_points() {
        let pts = curve("Today", 0.7, None).points;
        assert!((tpr_at(&pts, 0.2) - 0.55).abs() < 1e-12);
        assert_eq!(tpr_at(&pts, 0.1), 0.4);
        assert_eq!(tpr_at(&pts, 1.0), 1.0);
        // A vertical step: the top of it.
        assert_eq!(tpr_at(&[(0.0, 0.0), (0.0, 0.5), (1.0, 1.0)], 0.0), 0.5);
    }

    #[test]
    fn descriptions() {
        fn check(curves: &[RocCurve], want: &str) {
            assert_eq!(roc_description(curves, pct), want);
        }
        check(
            &[curve("Today", 0.71, Some((0.2, 0.6)))],
            "The model ranks converters above non-converters 71.0 % of the time (AUC 0.71); \
             at the MQL threshold it catches 60.0 % of converters and flags 20.0 % of \
             non-converters.",
        );
        check(
            &[curve("Today", 0.71, None), curve("Proposed", 0.78, None)],
            "Today ranks converters above non-converters 71.0 % of the time (AUC 0.71), \
             Proposed 78.0 % of the time (AUC 0.78).",
        );
        check(
            &[
                curve("Today", 0.71, Some((0.2, 0.6))),
                curve("Proposed", 0.78, None),
            ],
            "Today ranks converters above non-converters 71.0 % of the time (AUC 0.71), \
             Proposed 78.0 % of the time (AUC 0.78); at the MQL threshold Today catches 60.0 % \
             of converters and flags 20.0 % of non-converters.",
        );
        check(
            &[],
            "No ROC curve: no past lead with a known outcome to test the model on.",
        );
    }
}
