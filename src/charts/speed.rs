//! Qualification by response time: for each response-time bucket of the report, the share of
//! its MQLs that became SQLs, as a vertical bar, with the bucket's MQL count under its name.
//!
//! This is the comparison the response-time studies made, measured in the simulated quarter:
//! the bars fall steeply from left to right when speed to lead acts at the published strength.
//! Buckets without an MQL are left out (the description says which), so an empty "over 7 days"
//! takes no room; the y axis is linear, from 0 to a round value above the tallest bar, so that
//! a bar ten times shorter looks ten times shorter.
//!
//! The texts of a bucket (its rate, name and MQL count) share its slot. With seven or eight
//! buckets a slot is too narrow for "touched" at the usual size, so those texts get smaller,
//! never under 12 units, and the chart's `min-width` grows so that they stay 12 px or more.

use funnel_engine::metrics::SPEED_BUCKETS;
use funnel_engine::report::SpeedRow;
use yew::prelude::*;

use super::scale::{nice_ticks, percent, px, text_width, LinearScale};
use super::{
    min_render_width, min_width_style, num, use_chart_ids, use_scroll_region, Rect, ACCENT, GRID,
    INK, INK_SOFT, SR_ONLY,
};

/// viewBox width: about the results column at 1280 px, where one unit is about a pixel.
pub(super) const WIDTH: f64 = 488.0;
/// Room on the left for the y labels ("0.20 %") and the "MQLs" row caption.
const PLOT_LEFT: f64 = 60.0;
const PLOT_RIGHT: f64 = 484.0;
/// Room above the tallest bar for its value label.
const TOP: f64 = 28.0;
const BASELINE: f64 = 176.0;
/// The y labels, and a bucket's texts when its slot has room for them.
const FONT: f64 = 15.0;
/// The smallest a bucket's texts get in a crowded chart.
const MIN_FONT: f64 = 12.0;
/// Every font of the chart, for the readability test in `charts`: the usual first. A bucket's
/// font lies between the two, and the geometry's `min_width` follows it.
#[cfg(test)]
pub(super) const FONTS: [f64; 2] = [FONT, MIN_FONT];
/// Horizontal room left between the texts of neighbouring buckets.
const PAD: f64 = 2.0;
/// Share of a bucket's slot its bar fills.
const BAR_SHARE: f64 = 0.62;

/// A bucket's bar and its labels.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeedBar {
    /// The bucket's name, in as many lines as its slot needs (one or two).
    pub label: Vec<String>,
    /// The horizontal centre of the bar and of every text about it.
    pub x: f64,
    pub rect: Rect,
    /// The SQL rate, above the bar.
    pub value: String,
    pub value_y: f64,
    /// MQLs in the bucket per trial, formatted by the caller ("579"), on the row captioned
    /// "MQLs".
    pub count: String,
}

/// A horizontal gridline with its label on the left.
#[derive(Clone, Debug, PartialEq)]
pub struct YTick {
    pub y: f64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SpeedGeometry {
    pub width: f64,
    pub height: f64,
    pub plot_left: f64,
    pub plot_right: f64,
    pub baseline: f64,
    pub grid: Vec<YTick>,
    pub bars: Vec<SpeedBar>,
    /// The font of the buckets' texts: [`FONT`] when their slots have room, down to
    /// [`MIN_FONT`] when they do not.
    pub font: f64,
    /// Line height of the bucket names.
    pub line: f64,
    /// Where the first line of the bucket names sits (alphabetic baseline).
    pub label_y: f64,
    /// The baseline of the row of MQL counts, under the longest name.
    pub count_y: f64,
    /// The CSS `min-width` of the SVG, in pixels: narrower, its text would be under 12 px.
    pub min_width: f64,
}

/// The buckets that hold MQLs, with their rate (a bucket with MQLs always has one).
fn shown(rows: &[SpeedRow]) -> Vec<(&SpeedRow, f64)> {
    rows.iter()
        .filter(|r| r.mqls > 0.0)
        .filter_map(|r| r.sql_rate.filter(|x| x.is_finite()).map(|x| (r, x)))
        .collect()
}

/// The top of the y axis and its ticks: round values from 0 up to at least `max`.
fn y_axis(max: f64) -> (f64, Vec<f64>) {
    if max.is_nan() || max <= 0.0 {
        return (0.1, vec![0.0, 0.05, 0.1]);
    }
    let inside = nice_ticks(0.0, max);
    let step = match inside.as_slice() {
        [a, b, ..] => b - a,
        _ => max,
    };
    let n = (max / step - 1e-9).ceil().max(1.0) as i64;
    let ticks: Vec<f64> = (0..=n).map(|k| round_tick(k as f64 * step)).collect();
    (ticks[ticks.len() - 1], ticks)
}

/// A tick value without float noise (0.30000000000000004 → 0.3).
fn round_tick(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

/// Splits a label into two lines at the space nearest its middle when it is wider than
/// `width`; a label without a space stays whole.
pub fn wrap_label(text: &str, width: f64, font: f64) -> Vec<String> {
    if text_width(text, font) <= width {
        return vec![text.to_string()];
    }
    let middle = text.chars().count() / 2;
    let split = text
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .min_by_key(|i| text[..*i].chars().count().abs_diff(middle));
    match split {
        Some(i) => vec![text[..i].to_string(), text[i + 1..].to_string()],
        None => vec![text.to_string()],
    }
}

/// The largest font, from [`FONT`] down to [`MIN_FONT`] in half units, at which every text of
/// every bucket fits its slot, with the names wrapped at that font.
fn bucket_font(shown: &[(&SpeedRow, f64)], slot: f64, count: fn(f64) -> String) -> f64 {
    let room = slot - PAD;
    let fits = |font: f64| {
        shown.iter().all(|(row, rate)| {
            let mut texts = wrap_label(&row.bucket, room, font);
            texts.push(percent(*rate));
            texts.push(count(row.mqls));
            texts.iter().all(|t| text_width(t, font) <= room)
        })
    };
    let mut font = FONT;
    while font > MIN_FONT && !fits(font) {
        font -= 0.5;
    }
    font
}

/// The chart's geometry, or `None` when no bucket holds an MQL.
pub fn speed_geometry(rows: &[SpeedRow], count: fn(f64) -> String) -> Option<SpeedGeometry> {
    let shown = shown(rows);
    if shown.is_empty() {
        return None;
    }
    let max = shown.iter().map(|(_, x)| *x).fold(0.0, f64::max);
    let (top, ticks) = y_axis(max);
    let y = LinearScale::new((0.0, top), (BASELINE, TOP));
    let slot = (PLOT_RIGHT - PLOT_LEFT) / shown.len() as f64;
    let bar_width = px(slot * BAR_SHARE);
    let font = bucket_font(&shown, slot, count);
    let line = px(font * 1.2);
    let label_y = px(BASELINE + 6.0 + font);
    let bars: Vec<SpeedBar> = shown
        .iter()
        .enumerate()
        .map(|(i, (row, rate))| {
            let x = px(PLOT_LEFT + slot * (i as f64 + 0.5));
            let bar_top = y.map(*rate);
            SpeedBar {
                label: wrap_label(&row.bucket, slot - PAD, font),
                x,
                rect: Rect {
                    x: px(x - bar_width / 2.0),
                    y: bar_top,
                    width: bar_width,
                    height: px(BASELINE - bar_top),
                },
                value: percent(*rate),
                value_y: px(bar_top - 6.0),
                count: count(row.mqls),
            }
        })
        .collect();
    let lines = bars.iter().map(|b| b.label.len()).max().unwrap_or(1) as f64;
    let count_y = px(label_y + lines * line);
    Some(SpeedGeometry {
        width: WIDTH,
        height: px(count_y + line / 2.0),
        plot_left: PLOT_LEFT,
        plot_right: PLOT_RIGHT,
        baseline: BASELINE,
        grid: ticks
            .into_iter()
            .map(|t| YTick {
                y: y.map(t),
                label: percent(t),
            })
            .collect(),
        bars,
        font,
        line,
        label_y,
        count_y,
        min_width: min_render_width(WIDTH, &[font, FONT]),
    })
}

/// The chart in sentences, for the SVG's `<desc>`.
pub fn speed_description(rows: &[SpeedRow], trials: u32, count: fn(f64) -> String) -> String {
    let shown = shown(rows);
    if shown.is_empty() {
        return "No MQL in any trial, so no response time to compare.".into();
    }
    let parts: Vec<String> = shown
        .iter()
        .map(|(r, rate)| {
            format!(
                "{} {} ({} MQLs a trial)",
                r.bucket,
                percent(*rate),
                count(r.mqls)
            )
        })
        .collect();
    let empty: Vec<&str> = rows
        .iter()
        .filter(|r| r.mqls <= 0.0)
        .map(|r| r.bucket.as_str())
        .collect();
    let mut d = format!(
        "Share of MQLs that became SQLs, by the time to their first touch, over {trials} \
         trials: {}.",
        parts.join("; ")
    );
    if !empty.is_empty() {
        d.push_str(&format!(" No MQLs in: {}.", empty.join("; ")));
    }
    d
}

/// One sentence a reader takes away: the fastest bucket against the later bucket that holds
/// the most MQLs a rep touched. `None` when there is nothing to compare.
pub fn speed_takeaway(rows: &[SpeedRow], count: fn(f64) -> String) -> Option<String> {
    let never = SPEED_BUCKETS[SPEED_BUCKETS.len() - 1].0;
    let touched: Vec<(&SpeedRow, f64)> = shown(rows)
        .into_iter()
        .filter(|(r, _)| r.bucket != never)
        .collect();
    let (fast, fast_rate) = touched.first()?;
    let (slow, slow_rate) = touched[1..]
        .iter()
        .max_by(|a, b| a.0.mqls.total_cmp(&b.0.mqls))?;
    let answered = |bucket: &str| {
        if bucket.starts_with("within") {
            format!("answered {bucket}")
        } else {
            format!("answered in {bucket}")
        }
    };
    Some(format!(
        "{}, {} of MQLs became SQLs; {} ({} MQLs a trial), {}.",
        crate::format::capitalized(&answered(&fast.bucket)),
        percent(*fast_rate),
        answered(&slow.bucket),
        count(slow.mqls),
        percent(*slow_rate)
    ))
}

#[derive(Properties)]
pub struct SpeedChartProps {
    pub rows: Vec<SpeedRow>,
    pub trials: u32,
    /// Formats a count of MQLs or SQLs per trial.
    pub count: fn(f64) -> String,
}

// By hand because of the function pointer, as for the other charts.
impl PartialEq for SpeedChartProps {
    fn eq(&self, other: &Self) -> bool {
        self.rows == other.rows
            && self.trials == other.trials
            && std::ptr::fn_addr_eq(self.count, other.count)
    }
}

const TITLE: &str = "Qualification by response time: share of MQLs that became SQLs";

#[component]
pub fn SpeedChart(props: &SpeedChartProps) -> Html {
    let (title_id, desc_id) = use_chart_ids("speed");
    let wrapper = use_node_ref();
    let count = props.count;
    let desc = speed_description(&props.rows, props.trials, count);
    let geometry = speed_geometry(&props.rows, count);
    let height = geometry.as_ref().map_or(BASELINE, |g| g.height);
    let min_width = geometry
        .as_ref()
        .map_or(min_render_width(WIDTH, &[FONT]), |g| g.min_width);
    let body = match geometry {
        None => html! {
            <text class="no-data" x={num(WIDTH / 2.0)} y={num(BASELINE / 2.0)}
                text-anchor="middle" font-size={num(FONT)} fill={INK_SOFT}>
                { "no MQLs" }
            </text>
        },
        Some(g) => html! {
            <>
                for t in &g.grid {
                    <line class="grid" x1={num(g.plot_left)} x2={num(g.plot_right)}
                        y1={num(t.y)} y2={num(t.y)} stroke={GRID} stroke-width="1" />
                    <text class="tick" x={num(g.plot_left - 6.0)} y={num(t.y)}
                        text-anchor="end" dominant-baseline="central"
                        font-size={num(FONT)} fill={INK_SOFT}>
                        { t.label.clone() }
                    </text>
                }
                <line class="axis" x1={num(g.plot_left)} x2={num(g.plot_right)}
                    y1={num(g.baseline)} y2={num(g.baseline)} stroke={INK} stroke-width="1" />
                <text class="count-caption" x={num(g.plot_left - 6.0)} y={num(g.count_y)}
                    text-anchor="end" font-size={num(g.font)} fill={INK_SOFT}>
                    { "MQLs" }
                </text>
                for bar in &g.bars {
                    <rect class="bar" x={num(bar.rect.x)} y={num(bar.rect.y)}
                        width={num(bar.rect.width)} height={num(bar.rect.height)}
                        rx="2" fill={ACCENT} />
                    <text class="value" x={num(bar.x)} y={num(bar.value_y)}
                        text-anchor="middle" font-size={num(g.font)} font-weight="600"
                        fill={INK}>
                        { bar.value.clone() }
                    </text>
                    for (k, line) in bar.label.iter().enumerate() {
                        <text class="bucket" x={num(bar.x)}
                            y={num(g.label_y + k as f64 * g.line)} text-anchor="middle"
                            font-size={num(g.font)} fill={INK}>
                            { line.clone() }
                        </text>
                    }
                    <text class="count" x={num(bar.x)} y={num(g.count_y)}
                        text-anchor="middle" font-size={num(g.font)} fill={INK_SOFT}>
                        { bar.count.clone() }
                    </text>
                }
            </>
        },
    };
    let region = use_scroll_region(wrapper.clone(), TITLE);
    html! {
        <div ref={wrapper} class="chart speed-chart" tabindex={region.tabindex} role={region.role}
            aria-label={region.label}>
            <svg class="chart-svg" viewBox={format!("0 0 {WIDTH} {height}")} width="100%"
                style={min_width_style(min_width)} role="img"
                aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ TITLE }</title>
                <desc id={desc_id}>{ desc }</desc>
                { body }
            </svg>
            <div class="sr-only" style={SR_ONLY}><table>
                <caption>{ TITLE }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "First touch" }</th>
                        <th scope="col">{ "MQLs a trial" }</th>
                        <th scope="col">{ "SQLs a trial" }</th>
                        <th scope="col">{ "Became SQLs" }</th>
                    </tr>
                </thead>
                <tbody>
                    for r in &props.rows {
                        <tr>
                            <th scope="row">{ r.bucket.clone() }</th>
                            <td>{ count(r.mqls) }</td>
                            <td>{ count(r.sqls) }</td>
                            <td>{ r.sql_rate.map(percent).unwrap_or_else(|| "no MQLs".into()) }</td>
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

    fn row(bucket: &str, mqls: f64, sqls: f64) -> SpeedRow {
        SpeedRow {
            bucket: bucket.into(),
            mqls,
            sqls,
            sql_rate: (mqls > 0.0).then(|| sqls / mqls),
        }
    }

    fn fmt(x: f64) -> String {
        format!("{x:.0}")
    }

    /// The default preset's shape: a cliff after 5 minutes, empty buckets at the end.
    fn rows() -> Vec<SpeedRow> {
        vec![
            row("within 5 min", 580.0, 203.0),
            row("5–30 min", 170.0, 26.0),
            row("30–60 min", 150.0, 2.4),
            row("1–2 h", 190.0, 2.47),
            row("2–24 h", 590.0, 3.2),
            row("1–7 days", 200.0, 0.4),
            row("over 7 days", 0.0, 0.0),
            row("never touched", 0.0, 0.0),
        ]
    }

    #[test]
    fn bars_fill_the_plot_and_share_a_linear_axis() {
        let g = speed_geometry(&rows(), fmt).unwrap();
        assert_eq!(g.bars.len(), 6, "empty buckets are left out");
        // Six slots of 70.7 units over 60..484; bars 43.8 wide, centred in their slots.
        let xs: Vec<f64> = g.bars.iter().map(|b| b.x).collect();
        assert_eq!(xs, [95.3, 166.0, 236.7, 307.3, 378.0, 448.7]);
        assert_eq!(g.bars[0].rect.width, 43.8);
        assert_eq!(g.bars[0].rect.x, 73.4);
        // 35 % is the tallest; the axis tops out at 40 % in steps of 10 %.
        let labels: Vec<&str> = g.grid.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["0 %", "10 %", "20 %", "30 %", "40 %"]);
        assert_eq!(g.grid[0].y, BASELINE);
        assert_eq!(g.grid[4].y, TOP);
        // Heights are proportional to the rates: 35 % on an axis of 40 % over 148 units.
        assert_eq!(g.bars[0].rect.height, 129.5);
        assert_eq!(g.bars[0].rect.y + g.bars[0].rect.height, BASELINE);
        // From 30 minutes on, every bar is under a twentieth of the first: the cliff shows.
        assert!(g.bars[2..]
            .iter()
            .all(|b| b.rect.height < g.bars[0].rect.height / 20.0));
        let values: Vec<&str> = g.bars.iter().map(|b| b.value.as_str()).collect();
        assert_eq!(
            values,
            ["35 %", "15 %", "1.6 %", "1.3 %", "0.54 %", "0.20 %"]
        );
        // Value labels sit just above their bars, and inside the frame.
        for b in &g.bars {
            assert_eq!(b.value_y, px(b.rect.y - 6.0));
            assert!(b.value_y - g.font > 0.0);
        }
        assert_eq!(g.bars[4].count, "590");
        // Six buckets leave room for the full-size font, and no scrolling at 1024 px.
        assert_eq!((g.font, g.line, g.label_y), (FONT, 18.0, 197.0));
        assert_eq!(g.bars[0].label, ["within", "5 min"]);
        assert_eq!(g.count_y, 233.0);
        assert_eq!(g.height, 242.0);
        assert_eq!(g.min_width, 391.0);
    }

    #[test]
    fn texts_fit_their_slots_and_stay_12_px() {
        assert_eq!(wrap_label("1–2 h", 60.0, 12.0), ["1–2 h"]);
        assert_eq!(wrap_label("within 5 min", 60.0, 12.0), ["within", "5 min"]);
        assert_eq!(
            wrap_label("never touched", 60.0, 12.0),
            ["never", "touched"]
        );
        assert_eq!(
            wrap_label("averyverylongword", 20.0, 12.0),
            ["averyverylongword"]
        );
        // With all eight buckets filled, the slots are 53 units wide: "touched" fits at 12
        // units only, and the chart is then never drawn under 488 px.
        let mut full = rows();
        full[6] = row("over 7 days", 10.0, 0.0);
        full[7] = row("never touched", 2_000.0, 0.0);
        let g = speed_geometry(&full, fmt).unwrap();
        assert_eq!(g.bars.len(), 8);
        assert_eq!(g.font, MIN_FONT);
        assert_eq!(g.min_width, 488.0);
        assert_eq!(g.bars[0].label, ["within", "5 min"]);
        assert_eq!(g.bars[7].label, ["never", "touched"]);
        assert_eq!(g.bars[7].value, "0 %");
        assert_eq!(g.bars[7].rect.height, 0.0);
        // Room for two label lines and the count under them.
        assert_eq!(g.count_y, px(g.label_y + 2.0 * g.line));
        assert!(g.height > g.count_y);
        let slot = (PLOT_RIGHT - PLOT_LEFT) / 8.0;
        for b in &g.bars {
            for t in b.label.iter().chain([&b.value, &b.count]) {
                assert!(text_width(t, g.font) <= slot - PAD, "{t}");
            }
        }
        // Seven buckets: a font between the two.
        let seven: Vec<SpeedRow> = full.iter().take(7).cloned().collect();
        let mut seven = seven;
        seven[6] = row("never touched", 40.0, 0.0);
        let g = speed_geometry(&seven, fmt).unwrap();
        assert_eq!(g.font, 13.5);
        assert_eq!(g.min_width, 434.0);
        // Whatever the font, the text renders at 12 px or more at the chart's min-width.
        for g in [speed_geometry(&rows(), fmt).unwrap(), g] {
            assert!(g.font >= MIN_FONT && g.font <= FONT);
            assert!(g.font * g.min_width / g.width >= 12.0);
        }
    }

    #[test]
    fn small_and_flat_rates_get_a_round_axis() {
        assert_eq!(y_axis(0.35), (0.4, vec![0.0, 0.1, 0.2, 0.3, 0.4]));
        assert_eq!(y_axis(0.2), (0.2, vec![0.0, 0.05, 0.1, 0.15, 0.2]));
        assert_eq!(y_axis(0.0063).0, 0.008);
        assert_eq!(y_axis(0.0), (0.1, vec![0.0, 0.05, 0.1]));
        assert_eq!(y_axis(1.0).0, 1.0);
        // A strength of "none": every bucket about the same rate.
        let flat = [row("within 5 min", 100.0, 30.0), row("2–24 h", 100.0, 30.0)];
        let g = speed_geometry(&flat, fmt).unwrap();
        assert_eq!(g.bars[0].rect.height, g.bars[1].rect.height);
        assert_eq!(g.bars[0].rect.y, TOP);
    }

    #[test]
    fn nothing_to_draw_without_mqls() {
        let empty = [
            row("within 5 min", 0.0, 0.0),
            row("never touched", 0.0, 0.0),
        ];
        assert_eq!(speed_geometry(&empty, fmt), None);
        assert_eq!(speed_geometry(&[], fmt), None);
        assert_eq!(
            speed_description(&empty, 50, fmt),
            "No MQL in any trial, so no response time to compare."
        );
        assert_eq!(speed_takeaway(&empty, fmt), None);
        assert_eq!(speed_takeaway(&rows()[..1], fmt), None);
    }

    #[test]
    fn words_carry_the_numbers() {
        assert_eq!(
            speed_description(&rows(), 1000, fmt),
            "Share of MQLs that became SQLs, by the time to their first touch, over 1000 \
             trials: within 5 min 35 % (580 MQLs a trial); 5–30 min 15 % (170 MQLs a trial); \
             30–60 min 1.6 % (150 MQLs a trial); 1–2 h 1.3 % (190 MQLs a trial); 2–24 h 0.54 % \
             (590 MQLs a trial); 1–7 days 0.20 % (200 MQLs a trial). No MQLs in: over 7 days; \
             never touched."
        );
        assert_eq!(
            speed_takeaway(&rows(), fmt).unwrap(),
            "Answered within 5 min, 35 % of MQLs became SQLs; answered in 2–24 h (590 MQLs a \
             trial), 0.54 %."
        );
        // Never-touched leads are no response time to compare with.
        let mut r = rows();
        r.truncate(2);
        r.push(row("never touched", 900.0, 0.0));
        assert_eq!(
            speed_takeaway(&r, fmt).unwrap(),
            "Answered within 5 min, 35 % of MQLs became SQLs; answered in 5–30 min (170 MQLs a \
             trial), 15 %."
        );
    }
}
