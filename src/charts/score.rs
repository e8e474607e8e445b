//! The sample's lead scores: one stacked bar per score bin, MQLs at the bottom in the accent
//! colour and the rest above in a muted one, with the MQL threshold marked.
//!
//! MQLs sit on the baseline because they are the part a reader compares between bins; the
//! threshold widens the axis when it lies outside the scores, since "no lead reaches the
//! threshold" is exactly what the chart must show.

use yew::prelude::*;

use super::scale::{fit_label, percent, px, text_width, Anchor, LinearScale};
use super::{
    fitting_ticks, min_render_width, min_width_style, num, use_chart_ids, use_scroll_region,
    x_axis, Rect, Tick, ACCENT, INK, INK_SOFT, MUTED, SR_ONLY,
};
use crate::worker::ScoreView;

/// viewBox width: about the results column at 1280 px, where one unit is about a pixel; never
/// drawn narrower than 384 px, where the 15-unit text is 12 px.
pub(super) const WIDTH: f64 = 480.0;
const PLOT_LEFT: f64 = 20.0;
const PLOT_RIGHT: f64 = 460.0;
/// The legend on the first row, the threshold's label on the second, then the bars.
const LEGEND_Y: f64 = 16.0;
const THRESHOLD_Y: f64 = 40.0;
const TOP: f64 = 52.0;
const BASELINE: f64 = 156.0;
const TICK_Y: f64 = 178.0;
const CAPTION_Y: f64 = 200.0;
const HEIGHT: f64 = 208.0;
const FONT: f64 = 16.0;
const SMALL_FONT: f64 = 15.0;
/// Every font of the chart: the smallest sets its `min-width`.
pub(super) const FONTS: [f64; 2] = [FONT, SMALL_FONT];
const SWATCH: f64 = 14.0;
const GAP: f64 = 1.0;

/// The threshold line and its label.
#[derive(Clone, Debug, PartialEq)]
pub struct ThresholdLine {
    pub x: f64,
    pub y1: f64,
    pub y2: f64,
    pub label: String,
    /// Where the label starts (`text-anchor="start"`).
    pub label_x: f64,
    pub label_y: f64,
}

/// A legend entry: a swatch and its text, centred on `label_y`.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    /// `mql` or `rest`, as on the bars it explains.
    pub class: &'static str,
    pub swatch: Rect,
    pub label: &'static str,
    pub label_x: f64,
    pub label_y: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScoreGeometry {
    pub width: f64,
    pub height: f64,
    pub plot_left: f64,
    pub plot_right: f64,
    pub baseline: f64,
    /// The MQL part of each bin that has any, on the baseline.
    pub mql: Vec<Rect>,
    /// The part of each bin that is not MQL, stacked on the MQL part.
    pub rest: Vec<Rect>,
    pub threshold: Option<ThresholdLine>,
    pub ticks: Vec<Tick>,
    pub tick_y: f64,
    pub legend: Vec<LegendItem>,
    /// Each bin's whole column, with its score range, for picking a lead in it.
    pub hits: Vec<(Rect, (f64, f64))>,
}

/// Score points as a label: whole points without decimals, as thresholds are usually set.
fn points(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}

fn has_data(s: &ScoreView) -> bool {
    s.lo.is_finite() && s.hi.is_finite() && s.all.iter().any(|c| *c > 0)
}

/// MQLs in bin `i`, never more than the bin holds.
fn mql_in(s: &ScoreView, i: usize) -> u32 {
    s.mql.get(i).copied().unwrap_or(0).min(s.all[i])
}

/// The chart's geometry, or `None` when the sample has no scored lead.
pub fn score_geometry(s: &ScoreView) -> Option<ScoreGeometry> {
    if !has_data(s) {
        return None;
    }
    let (lo, hi) = (s.lo.min(s.hi), s.lo.max(s.hi));
    let threshold = s.threshold.filter(|t| t.is_finite());
    let domain = match threshold {
        Some(t) => (lo.min(t), hi.max(t)),
        None => (lo, hi),
    };
    let scale = LinearScale::new(domain, (PLOT_LEFT, PLOT_RIGHT));
    let max = s.all.iter().copied().max().unwrap_or(0).max(1) as f64;
    let height_of = |c: u32| px(c as f64 / max * (BASELINE - TOP));
    // Each bin's horizontal extent: the engine's bins when the scores spread, one bar a fifth
    // of the plot wide when they are all equal (a bin of zero width would be invisible).
    let n = s.all.len();
    let extent = |i: usize| -> (f64, f64) {
        if lo == hi {
            let width = px((PLOT_RIGHT - PLOT_LEFT) / 5.0);
            let x = (scale.map(lo) - width / 2.0).clamp(PLOT_LEFT, PLOT_RIGHT - width);
            (px(x), width)
        } else {
            let bin = (hi - lo) / n as f64;
            let x0 = scale.map(lo + i as f64 * bin);
            let x1 = scale.map(lo + (i + 1) as f64 * bin);
            (px(x0 + GAP / 2.0), px((x1 - x0 - GAP).max(0.0)))
        }
    };
    let hits = if lo < hi {
        let bin = (hi - lo) / n as f64;
        (0..n)
            .filter(|i| s.all[*i] > 0)
            .map(|i| {
                let (a, b) = (lo + i as f64 * bin, lo + (i + 1) as f64 * bin);
                let (x0, x1) = (px(scale.map(a)), px(scale.map(b)));
                let r = Rect {
                    x: x0,
                    y: TOP,
                    width: px(x1 - x0),
                    height: px(BASELINE - TOP),
                };
                (r, (a, b))
            })
            .collect()
    } else {
        Vec::new()
    };
    let (mut mql, mut rest) = (Vec::new(), Vec::new());
    for i in (0..n).filter(|i| s.all[*i] > 0) {
        let (x, width) = extent(i);
        let m = mql_in(s, i);
        let (hm, hr) = (height_of(m), height_of(s.all[i] - m));
        if m > 0 {
            mql.push(Rect {
                x,
                y: px(BASELINE - hm),
                width,
                height: hm,
            });
        }
        if s.all[i] > m {
            rest.push(Rect {
                x,
                y: px(BASELINE - hm - hr),
                width,
                height: hr,
            });
        }
    }
    let threshold = threshold.map(|t| {
        let x = scale.map(t);
        let label = format!("MQL threshold {}", points(t));
        // The label hangs away from the middle, where there is more room for it.
        let (at, anchor) = if x > (PLOT_LEFT + PLOT_RIGHT) / 2.0 {
            (x - 6.0, Anchor::End)
        } else {
            (x + 6.0, Anchor::Start)
        };
        ThresholdLine {
            x,
            y1: TOP - 4.0,
            y2: BASELINE,
            label_x: fit_label(at, text_width(&label, FONT), anchor, 0.0, WIDTH),
            label,
            label_y: THRESHOLD_Y,
        }
    });
    // Up to eleven ticks: the plot is wide, and thresholds are read off in points.
    let ticks = fitting_ticks(domain, 11, |t| scale.map(t), points, SMALL_FONT, WIDTH);
    let mut legend = Vec::new();
    let mut x = PLOT_LEFT;
    for (class, label) in [("mql", "MQL"), ("rest", "not MQL")] {
        legend.push(LegendItem {
            class,
            swatch: Rect {
                x,
                y: LEGEND_Y - SWATCH / 2.0,
                width: SWATCH,
                height: SWATCH,
            },
            label,
            label_x: x + SWATCH + 6.0,
            label_y: LEGEND_Y,
        });
        x = px(x + SWATCH + 6.0 + text_width(label, FONT) + 20.0);
    }
    Some(ScoreGeometry {
        width: WIDTH,
        height: HEIGHT,
        plot_left: PLOT_LEFT,
        plot_right: PLOT_RIGHT,
        baseline: BASELINE,
        mql,
        rest,
        threshold,
        ticks,
        tick_y: TICK_Y,
        legend,
        hits,
    })
}

/// The distribution in a sentence, for the SVG's `<desc>`.
pub fn score_description(s: &ScoreView) -> String {
    if !has_data(s) {
        return "Lead scores: no data, the sample has no scored lead.".into();
    }
    let share = if s.leads > 0 {
        percent(s.mqls as f64 / s.leads as f64)
    } else {
        "–".into()
    };
    let rule = match s.threshold {
        Some(t) => format!("the MQL threshold is {} points", points(t)),
        None => "MQLs are chosen by a grid, not by a score threshold".into(),
    };
    format!(
        "Lead scores of the {} leads in the sample, from {} to {} points; {} are MQLs ({share}); \
         {rule}.",
        s.leads,
        points(s.lo),
        points(s.hi),
        s.mqls
    )
}

#[derive(Properties, PartialEq)]
pub struct ScoreChartProps {
    pub scores: ScoreView,
    /// A bin was clicked: its score range, to look at a lead in it.
    #[prop_or_default]
    pub on_pick: Option<Callback<(f64, f64)>>,
}

const TITLE: &str = "Lead scores in the sample, MQLs apart";

#[component]
pub fn ScoreChart(props: &ScoreChartProps) -> Html {
    let (title_id, desc_id) = use_chart_ids("scores");
    let wrapper = use_node_ref();
    let s = &props.scores;
    let desc = score_description(s);
    let body = match score_geometry(s) {
        None => html! {
            <text class="no-data" x={num(WIDTH / 2.0)} y={num(HEIGHT / 2.0)}
                text-anchor="middle" dominant-baseline="central" font-size={num(FONT)}
                fill={INK_SOFT}>
                { "no data" }
            </text>
        },
        Some(g) => html! {
            <>
                for item in &g.legend {
                    <rect class={classes!("swatch", item.class)} x={num(item.swatch.x)}
                        y={num(item.swatch.y)} width={num(item.swatch.width)}
                        height={num(item.swatch.height)}
                        fill={if item.class == "mql" { ACCENT } else { MUTED }} />
                    <text class="legend" x={num(item.label_x)} y={num(item.label_y)}
                        dominant-baseline="central" font-size={num(FONT)} fill={INK}>
                        { item.label }
                    </text>
                }
                for r in &g.rest {
                    <rect class="bar rest" x={num(r.x)} y={num(r.y)} width={num(r.width)}
                        height={num(r.height)} fill={MUTED} />
                }
                for r in &g.mql {
                    <rect class="bar mql" x={num(r.x)} y={num(r.y)} width={num(r.width)}
                        height={num(r.height)} fill={ACCENT} />
                }
                if let Some(pick) = &props.on_pick {
                    for (r, (lo, hi)) in g.hits.iter().cloned() {
                        {{
                            let pick = pick.clone();
                            html! {
                                <rect class="pick" x={num(r.x)} y={num(r.y)}
                                    width={num(r.width)} height={num(r.height)} fill="transparent"
                                    style="cursor:pointer"
                                    onclick={Callback::from(move |_: MouseEvent| pick.emit((lo, hi)))}>
                                    <title>{ format!("Look at a lead scoring {} to {}", points(lo), points(hi)) }</title>
                                </rect>
                            }
                        }}
                    }
                }
                { x_axis((g.plot_left, g.plot_right), g.baseline, g.tick_y, &g.ticks, SMALL_FONT) }
                <text class="axis-caption" x={num((g.plot_left + g.plot_right) / 2.0)}
                    y={num(CAPTION_Y)} text-anchor="middle" font-size={num(SMALL_FONT)}
                    fill={INK_SOFT}>
                    { "score points" }
                </text>
                if let Some(t) = &g.threshold {
                    <line class="threshold" x1={num(t.x)} x2={num(t.x)} y1={num(t.y1)}
                        y2={num(t.y2)} stroke={INK} stroke-width="2" stroke-dasharray="6 4" />
                    <text class="threshold" x={num(t.label_x)} y={num(t.label_y)}
                        dominant-baseline="central" font-size={num(FONT)} font-weight="600"
                        fill={INK}>
                        { t.label.clone() }
                    </text>
                }
            </>
        },
    };
    let bin = (s.hi - s.lo) / s.all.len().max(1) as f64;
    let region = use_scroll_region(wrapper.clone(), TITLE);
    html! {
        <div ref={wrapper} class="chart score-chart" tabindex={region.tabindex} role={region.role}
            aria-label={region.label}>
            <svg class="chart-svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} width="100%"
                style={min_width_style(min_render_width(WIDTH, &FONTS))}
                role="img" aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ TITLE }</title>
                <desc id={desc_id}>{ desc }</desc>
                { body }
            </svg>
            <div class="sr-only" style={SR_ONLY}><table>
                <caption>{ TITLE }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Score points" }</th>
                        <th scope="col">{ "Leads" }</th>
                        <th scope="col">{ "MQL" }</th>
                        <th scope="col">{ "Not MQL" }</th>
                    </tr>
                </thead>
                <tbody>
                    // Bins without a lead are left out: 40 rows of zeros say nothing.
                    for i in (0..s.all.len()).filter(|i| s.all[*i] > 0) {
                        <tr>
                            <th scope="row">{
                                if bin > 0.0 {
                                    let from = s.lo + i as f64 * bin;
                                    format!("{} to {}", points(from), points(from + bin))
                                } else {
                                    points(s.lo)
                                }
                            }</th>
                            <td>{ s.all[i] }</td>
                            <td>{ mql_in(s, i) }</td>
                            <td>{ s.all[i] - mql_in(s, i) }</td>
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

    fn view(lo: f64, hi: f64, all: &[u32], mql: &[u32], threshold: Option<f64>) -> ScoreView {
        ScoreView {
            lo,
            hi,
            all: all.to_vec(),
            mql: mql.to_vec(),
            threshold,
            leads: all.iter().sum::<u32>() as usize,
            mqls: mql.iter().sum::<u32>() as usize,
        }
    }

    fn r(x: f64, y: f64, width: f64, height: f64) -> Rect {
        Rect {
            x,
            y,
            width,
            height,
        }
    }

    #[test]
    fn each_filled_bin_can_be_picked_by_its_score_range() {
        let v = view(0.0, 40.0, &[1, 0, 3, 2], &[0, 0, 1, 2], Some(20.0));
        let g = score_geometry(&v).unwrap();
        let ranges: Vec<(f64, f64)> = g.hits.iter().map(|(_, r)| *r).collect();
        assert_eq!(
            ranges,
            [(0.0, 10.0), (20.0, 30.0), (30.0, 40.0)],
            "empty bins are not offered"
        );
        assert!(g.hits.windows(2).all(|w| w[0].0.x < w[1].0.x));
        assert!(g.hits.iter().all(|(r, _)| r.width > 0.0 && r.height > 0.0));
    }

    #[test]
    fn four_bins_exact_coordinates() {
        // 440 units over [0, 100]: 110 a bin; the fullest bin (4) is 104 high.
        let g =
            score_geometry(&view(0.0, 100.0, &[2, 4, 4, 1], &[0, 0, 3, 1], Some(55.0))).unwrap();
        assert_eq!(
            g.mql,
            [r(240.5, 78.0, 109.0, 78.0), r(350.5, 130.0, 109.0, 26.0)]
        );
        assert_eq!(
            g.rest,
            [
                r(20.5, 104.0, 109.0, 52.0),
                r(130.5, 52.0, 109.0, 104.0),
                r(240.5, 52.0, 109.0, 26.0),
            ]
        );
        // Right of the middle, the label hangs to the left of the line.
        assert_eq!(
            g.threshold,
            Some(ThresholdLine {
                x: 262.0,
                y1: 48.0,
                y2: 156.0,
                label: "MQL threshold 55".into(),
                label_x: 102.4,
                label_y: 40.0,
            })
        );
        let ticks: Vec<(f64, &str)> = g.ticks.iter().map(|t| (t.x, t.label.as_str())).collect();
        assert_eq!(ticks.len(), 11);
        assert_eq!(ticks[..3], [(20.0, "0"), (64.0, "10"), (108.0, "20")]);
        assert_eq!(ticks[10], (460.0, "100"));
        let legend: Vec<(&str, f64, f64)> = g
            .legend
            .iter()
            .map(|l| (l.label, l.swatch.x, l.label_x))
            .collect();
        assert_eq!(legend, [("MQL", 20.0, 40.0), ("not MQL", 88.8, 108.8)]);
    }

    #[test]
    fn stacks_add_up_to_the_bin() {
        let all = [3, 9, 27, 40, 31, 12, 5, 1];
        let mql = [0, 0, 0, 0, 10, 12, 5, 1];
        let g = score_geometry(&view(10.0, 90.0, &all, &mql, Some(52.5))).unwrap();
        assert_eq!(g.rest.len(), 5);
        assert_eq!(g.mql.len(), 4);
        let top_of = |x: f64| {
            let rest = g.rest.iter().find(|r| r.x == x);
            let m = g.mql.iter().find(|r| r.x == x);
            rest.or(m).map(|r| r.y).unwrap()
        };
        // The tallest stack (40) reaches the top; the MQL part sits on the baseline.
        assert_eq!(top_of(g.rest[3].x), TOP);
        for m in &g.mql {
            assert!((m.y + m.height - BASELINE).abs() < 0.11, "{m:?}");
        }
        assert!(g.mql.windows(2).all(|w| w[0].x < w[1].x));
        assert_eq!(g.threshold.as_ref().unwrap().label, "MQL threshold 52.5");
        assert!((3..=11).contains(&g.ticks.len()));
    }

    #[test]
    fn a_threshold_outside_the_scores_widens_the_axis() {
        let g = score_geometry(&view(10.0, 40.0, &[5, 5], &[0, 0], Some(80.0))).unwrap();
        let t = g.threshold.unwrap();
        assert_eq!(t.x, PLOT_RIGHT);
        assert!(t.label_x + text_width(&t.label, FONT) <= WIDTH);
        assert!(g.rest.iter().all(|r| r.x + r.width < PLOT_RIGHT / 2.0));
        // A grid rule has no threshold line.
        let g = score_geometry(&view(10.0, 40.0, &[5, 5], &[1, 2], None)).unwrap();
        assert_eq!(g.threshold, None);
    }

    #[test]
    fn all_equal_scores_make_one_centred_bar() {
        let g = score_geometry(&view(30.0, 30.0, &[10, 0, 0], &[0, 0, 0], None)).unwrap();
        assert_eq!(g.rest, [r(196.0, 52.0, 88.0, 104.0)]);
        assert!(g.mql.is_empty());
        assert_eq!(g.ticks.len(), 1);
        // With a threshold elsewhere the bar moves off-centre but stays inside the plot.
        let g = score_geometry(&view(30.0, 30.0, &[10, 0], &[10, 0], Some(30.0))).unwrap();
        assert_eq!(g.mql, [r(196.0, 52.0, 88.0, 104.0)]);
        let g = score_geometry(&view(30.0, 30.0, &[10, 0], &[0, 0], Some(90.0))).unwrap();
        assert_eq!(g.rest[0].x, PLOT_LEFT);
    }

    #[test]
    fn empty_and_undefined_are_no_data() {
        assert_eq!(
            score_geometry(&view(f64::NAN, f64::NAN, &[0; 4], &[0; 4], Some(55.0))),
            None
        );
        assert_eq!(
            score_geometry(&view(0.0, 10.0, &[0, 0], &[0, 0], None)),
            None
        );
        assert_eq!(
            score_description(&view(f64::NAN, f64::NAN, &[], &[], None)),
            "Lead scores: no data, the sample has no scored lead."
        );
    }

    #[test]
    fn description_carries_the_numbers() {
        let v = view(12.0, 95.5, &[60, 40], &[0, 14], Some(55.0));
        assert_eq!(
            score_description(&v),
            "Lead scores of the 100 leads in the sample, from 12 to 95.5 points; 14 are MQLs \
             (14 %); the MQL threshold is 55 points."
        );
        // More MQLs recorded in a bin than it holds are capped, not subtracted into overflow.
        let odd = view(0.0, 10.0, &[2], &[5], None);
        assert_eq!(mql_in(&odd, 0), 2);
        assert!(score_geometry(&odd).unwrap().rest.is_empty());
    }
}
