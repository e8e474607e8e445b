//! The threshold sweep: what each MQL threshold does to revenue, SQLs, MQLs, SLA compliance and
//! never-contacted leads, as curves with their P5–P95 bands over one threshold axis.
//!
//! The metrics have different units, so each curve is drawn as a share of its own highest
//! value over the sweep (the y axis says so): the shapes and where they peak are what the room
//! reads, the numbers are in the legend and the table beside the chart. The current threshold
//! and the revenue-best one are marked; a click on a threshold's column picks it.

use yew::prelude::*;

use super::scale::{nice_ticks_up_to, px, LinearScale};
use super::{
    min_render_width, min_width_style, num, use_chart_ids, use_scroll_region, Tick, GRID, INK,
    INK_SOFT, SR_ONLY,
};

/// viewBox width: about the results column at 1280 px.
pub(super) const WIDTH: f64 = 488.0;
const HEIGHT: f64 = 260.0;
const PLOT_LEFT: f64 = 52.0;
const PLOT_RIGHT: f64 = 476.0;
const PLOT_TOP: f64 = 24.0;
const PLOT_BOTTOM: f64 = 212.0;
const FONT: f64 = 15.0;
#[cfg(test)]
pub(super) const FONTS: [f64; 1] = [FONT];
const TITLE: &str = "What each MQL threshold does";

/// The curves, in drawing order: metric name, label, colour (each above 3:1 on white).
pub const SERIES: [(&str, &str, &str); 5] = [
    ("revenue", "Revenue won", "#1d4ed8"),
    ("sqls", "SQLs", "#0f766e"),
    ("mqls", "MQLs", "#7c3aed"),
    ("sla_compliance", "SLA compliance", "#b45309"),
    ("never_contacted", "Never contacted", "#b91c1c"),
];

/// One threshold's values for each of [`SERIES`]: (mean, P5, P95).
#[derive(Clone, Debug, PartialEq)]
pub struct SweepInput {
    pub threshold: f64,
    pub values: Vec<(f64, f64, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SweepSeries {
    pub name: &'static str,
    pub label: &'static str,
    pub color: &'static str,
    /// The mean curve, as SVG polyline points.
    pub line: String,
    /// The P5–P95 band, as SVG polygon points.
    pub band: String,
    /// What 100 % on the y axis is for this curve (its highest P95 over the sweep).
    pub top: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SweepGeometry {
    pub series: Vec<SweepSeries>,
    pub ticks: Vec<Tick>,
    pub y_ticks: Vec<(f64, String)>,
    /// The x of each threshold, and the width of its clickable column.
    pub xs: Vec<f64>,
    pub column: f64,
    pub current_x: Option<f64>,
    pub best_x: Option<f64>,
    pub min_width: f64,
}

/// A threshold as people write it: "55", "2.5".
fn label(t: f64) -> String {
    if t.fract() == 0.0 {
        format!("{t:.0}")
    } else {
        format!("{t}")
    }
}

/// A value as a share of `top`, clamped to the plot.
fn share(v: f64, top: f64) -> f64 {
    if top > 0.0 && v.is_finite() {
        (v / top).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

pub fn sweep_geometry(
    points: &[SweepInput],
    current: Option<f64>,
    best: Option<usize>,
) -> Option<SweepGeometry> {
    let (first, last) = (points.first()?, points.last()?);
    let (lo, hi) = (first.threshold, last.threshold);
    let span = if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, hi + 1.0)
    };
    let x = LinearScale::new(span, (PLOT_LEFT, PLOT_RIGHT));
    let y = LinearScale::new((0.0, 1.0), (PLOT_BOTTOM, PLOT_TOP));
    let xs: Vec<f64> = points.iter().map(|p| px(x.map(p.threshold))).collect();
    let series = SERIES
        .iter()
        .enumerate()
        .map(|(k, (name, label, color))| {
            let top = points
                .iter()
                .filter_map(|p| p.values.get(k))
                .map(|(mean, _, p95)| {
                    if p95.is_finite() {
                        p95.max(*mean)
                    } else {
                        *mean
                    }
                })
                .filter(|v| v.is_finite())
                .fold(0.0, f64::max);
            let at = |i: usize, v: f64| format!("{},{}", xs[i], px(y.map(share(v, top))));
            let mean = |p: &SweepInput| p.values.get(k).map_or(f64::NAN, |v| v.0);
            let line = points
                .iter()
                .enumerate()
                .map(|(i, p)| at(i, mean(p)))
                .collect::<Vec<_>>()
                .join(" ");
            let upper = points
                .iter()
                .enumerate()
                .map(|(i, p)| at(i, p.values.get(k).map_or(f64::NAN, |v| v.2)));
            let lower = points
                .iter()
                .enumerate()
                .rev()
                .map(|(i, p)| at(i, p.values.get(k).map_or(f64::NAN, |v| v.1)));
            SweepSeries {
                name,
                label,
                color,
                line,
                band: upper.chain(lower).collect::<Vec<_>>().join(" "),
                top,
            }
        })
        .collect();
    let ticks = nice_ticks_up_to(span.0, span.1, 8)
        .into_iter()
        .map(|t| Tick::new(px(x.map(t)), label(t), FONT, WIDTH))
        .collect();
    let y_ticks = [0.0, 0.5, 1.0]
        .into_iter()
        .map(|s| (px(y.map(s)), format!("{:.0} %", s * 100.0)))
        .collect();
    let column = if xs.len() > 1 {
        (xs[xs.len() - 1] - xs[0]) / (xs.len() - 1) as f64
    } else {
        PLOT_RIGHT - PLOT_LEFT
    };
    Some(SweepGeometry {
        series,
        ticks,
        y_ticks,
        column,
        current_x: current
            .filter(|t| *t >= span.0 && *t <= span.1)
            .map(|t| px(x.map(t))),
        best_x: best.and_then(|i| xs.get(i).copied()),
        xs,
        min_width: min_render_width(WIDTH, &[FONT]),
    })
}

#[derive(Properties, PartialEq)]
pub struct SweepChartProps {
    pub points: Vec<SweepInput>,
    pub current: Option<f64>,
    pub best: Option<usize>,
    /// What each threshold's values read as, for the hidden table: "$2.4M, 234, …".
    pub rows: Vec<Vec<String>>,
    /// A threshold was picked.
    pub on_pick: Callback<f64>,
}

#[component]
pub fn SweepChart(props: &SweepChartProps) -> Html {
    let (title_id, desc_id) = use_chart_ids("sweep");
    let wrapper = use_node_ref();
    let region = use_scroll_region(wrapper.clone(), TITLE);
    let Some(g) = sweep_geometry(&props.points, props.current, props.best) else {
        return Html::default();
    };
    let desc = format!(
        "{} thresholds from {} to {}; each curve is a share of its own highest value.",
        props.points.len(),
        props
            .points
            .first()
            .map_or(String::new(), |p| label(p.threshold)),
        props
            .points
            .last()
            .map_or(String::new(), |p| label(p.threshold)),
    );
    html! {
        <div ref={wrapper} class="chart sweep-chart" tabindex={region.tabindex} role={region.role}
            aria-label={region.label}>
            <svg class="chart-svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} width="100%"
                style={min_width_style(g.min_width)} role="img"
                aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ TITLE }</title>
                <desc id={desc_id}>{ desc }</desc>
                for (y, label) in &g.y_ticks {
                    <line class="grid" x1={num(PLOT_LEFT)} x2={num(PLOT_RIGHT)}
                        y1={num(*y)} y2={num(*y)} stroke={GRID} stroke-width="1" />
                    <text class="tick" x={num(PLOT_LEFT - 6.0)} y={num(*y)} text-anchor="end"
                        dominant-baseline="central" font-size={num(FONT)} fill={INK_SOFT}>
                        { label.clone() }
                    </text>
                }
                for t in &g.ticks {
                    <text class="tick" x={num(t.label_x)} y={num(PLOT_BOTTOM + 18.0)}
                        font-size={num(FONT)} fill={INK_SOFT}>{ t.label.clone() }</text>
                }
                <text class="axis-caption" x={num((PLOT_LEFT + PLOT_RIGHT) / 2.0)} y={num(HEIGHT - 6.0)}
                    text-anchor="middle" font-size={num(FONT)} fill={INK}>
                    { "MQL threshold (points)" }
                </text>
                for s in &g.series {
                    <polygon class="band" points={s.band.clone()} fill={s.color} fill-opacity="0.1" />
                }
                for s in &g.series {
                    <polyline class="curve" data-metric={s.name} points={s.line.clone()}
                        fill="none" stroke={s.color} stroke-width="2.5" />
                }
                if let Some(x) = g.best_x {
                    <line class="marker best" x1={num(x)} x2={num(x)} y1={num(PLOT_TOP - 4.0)}
                        y2={num(PLOT_BOTTOM)} stroke="#1d4ed8" stroke-width="2" stroke-dasharray="2 3" />
                    <text x={num(x)} y={num(PLOT_TOP - 8.0)} text-anchor="middle"
                        font-size={num(FONT)} font-weight="700" fill={INK}>{ "most revenue" }</text>
                }
                if let Some(x) = g.current_x {
                    <line class="marker current" x1={num(x)} x2={num(x)} y1={num(PLOT_TOP)}
                        y2={num(PLOT_BOTTOM)} stroke={INK} stroke-width="2" />
                }
                // Clickable columns, one per threshold (the table below does the same by keyboard).
                for (i, x) in g.xs.iter().enumerate() {
                    {{
                        let t = props.points[i].threshold;
                        let pick = props.on_pick.clone();
                        html! {
                            <rect class="pick" data-threshold={t.to_string()}
                                x={num(x - g.column / 2.0)} y={num(PLOT_TOP)}
                                width={num(g.column)} height={num(PLOT_BOTTOM - PLOT_TOP)}
                                fill="transparent" style="cursor:pointer"
                                onclick={Callback::from(move |_: MouseEvent| pick.emit(t))}>
                                <title>{ format!("Use a threshold of {}", label(t)) }</title>
                            </rect>
                        }
                    }}
                }
            </svg>
            <div class="sr-only" style={SR_ONLY}><table>
                <caption>{ TITLE }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Threshold" }</th>
                        for (_, label, _) in SERIES {
                            <th scope="col">{ label }</th>
                        }
                    </tr>
                </thead>
                <tbody>
                    for (p, row) in props.points.iter().zip(&props.rows) {
                        <tr>
                            <th scope="row">{ label(p.threshold) }</th>
                            for cell in row {
                                <td>{ cell.clone() }</td>
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

    fn input(t: f64, revenue: f64) -> SweepInput {
        SweepInput {
            threshold: t,
            values: vec![
                (revenue, revenue * 0.8, revenue * 1.2),
                (10.0, 8.0, 12.0),
                (100.0 - t, 100.0 - t, 100.0 - t),
                (0.5, 0.4, 0.6),
                (f64::NAN, f64::NAN, f64::NAN),
            ],
        }
    }

    #[test]
    fn thresholds_lie_on_a_linear_axis() {
        let pts: Vec<SweepInput> = [20.0, 30.0, 40.0, 60.0]
            .iter()
            .map(|t| input(*t, 1.0))
            .collect();
        let g = sweep_geometry(&pts, Some(30.0), Some(1)).unwrap();
        let d = |a: usize, b: usize| g.xs[b] - g.xs[a];
        assert!((d(2, 3) - 2.0 * d(0, 1)).abs() < 0.05, "{:?}", g.xs);
        assert_eq!(g.xs[0], PLOT_LEFT);
        assert_eq!(g.xs[3], PLOT_RIGHT);
        assert_eq!(g.current_x, Some(g.xs[1]));
        assert_eq!(g.best_x, Some(g.xs[1]));
        assert_eq!(
            sweep_geometry(&pts, Some(99.0), None).unwrap().current_x,
            None
        );
        assert!(sweep_geometry(&[], None, None).is_none());
    }

    #[test]
    fn each_curve_is_a_share_of_its_own_top() {
        let pts = vec![input(10.0, 2.0), input(20.0, 5.0), input(30.0, 1.0)];
        let g = sweep_geometry(&pts, None, Some(1)).unwrap();
        let revenue = &g.series[0];
        assert_eq!(revenue.top, 6.0, "the highest P95");
        let ys: Vec<f64> = revenue
            .line
            .split(' ')
            .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
            .collect();
        // 5 of 6 is 5/6 of the way up; the lowest point lowest.
        let expected = PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * 5.0 / 6.0;
        assert!((ys[1] - expected).abs() < 0.05, "{ys:?}");
        assert!(ys[2] > ys[0] && ys[0] > ys[1]);
        // A metric undefined everywhere lies flat at the bottom rather than breaking the chart.
        let never = &g.series[4];
        assert!(never
            .line
            .split(' ')
            .all(|p| p.ends_with(&format!(",{PLOT_BOTTOM}"))));
        assert_eq!(revenue.band.split(' ').count(), 6, "upper and lower edges");
    }
}
