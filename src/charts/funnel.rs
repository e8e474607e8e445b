//! The funnel: one horizontal bar per stage on a logarithmic axis, with its P5–P95 whisker.
//!
//! Counts fall from about ten thousand leads to a few dozen deals, so a linear axis would
//! squeeze the bottom stages into slivers; on a log axis every stage is visible and equal
//! ratios look equal. The cost is that bar length is not proportional to count, which is why
//! every bar carries its count in words, and every gap its conversion rate.

use yew::prelude::*;

use super::scale::{decade_label, fit_label, percent, px, text_width, Anchor, LogScale};
use super::{num, use_chart_ids, Rect, ACCENT, GRID, INK, INK_SOFT, SR_ONLY};

/// One stage of the funnel: its mean count over the trials and the 5th and 95th percentiles.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelStage {
    pub label: String,
    pub mean: f64,
    pub p05: f64,
    pub p95: f64,
}

/// viewBox width. Rendered at 800 px wide, one unit is one pixel, so the 14–16 unit fonts
/// below are 14–16 px: readable from the back of a room with a projector.
const WIDTH: f64 = 800.0;
/// Stage names are right-aligned just left of the plot; "Opportunity" at 16 px needs ~110.
const PLOT_LEFT: f64 = 140.0;
/// Room on the right for the count that follows the longest bar.
const PLOT_RIGHT: f64 = 700.0;
const TOP: f64 = 12.0;
const ROW: f64 = 56.0;
const BAR_H: f64 = 30.0;
/// Half the height of a whisker's end caps: inside the bar, so caps never touch the rate
/// labels in the gaps.
const CAP: f64 = 8.0;
const LABEL_FONT: f64 = 16.0;
const SMALL_FONT: f64 = 14.0;

/// A vertical gridline at a power of ten and its label under the plot.
#[derive(Clone, Debug, PartialEq)]
pub struct Gridline {
    pub x: f64,
    pub y1: f64,
    pub y2: f64,
    pub label: String,
    pub label_y: f64,
}

/// A stage's bar with its labels.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelBar {
    /// The stage name, right-aligned at `label_x`.
    pub label: String,
    pub label_x: f64,
    pub rect: Rect,
    /// The vertical centre of the bar, where all its texts are centred.
    pub centre_y: f64,
    /// SVG path of the P5–P95 whisker with end caps; `None` when either end is undefined.
    pub whisker: Option<String>,
    /// The mean count, formatted, starting at `value_x` past the bar and whisker.
    pub value: String,
    pub value_x: f64,
}

/// The conversion rate from one stage to the next, in the gap between their bars.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLabel {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunnelGeometry {
    pub width: f64,
    pub height: f64,
    pub grid: Vec<Gridline>,
    pub bars: Vec<FunnelBar>,
    pub rates: Vec<RateLabel>,
}

/// Share of a stage's mean that reaches the next; `None` when it is not defined.
fn conversion(from: f64, to: f64) -> Option<f64> {
    (from.is_finite() && from > 0.0 && to.is_finite()).then(|| to / from)
}

/// Formats a count, or a dash when the count is undefined (no trial had it).
fn count(format: fn(f64) -> String, v: f64) -> String {
    if v.is_finite() {
        format(v)
    } else {
        "–".into()
    }
}

pub fn funnel_geometry(stages: &[FunnelStage], format: fn(f64) -> String) -> FunnelGeometry {
    let scale = LogScale::covering(
        stages.iter().flat_map(|s| [s.mean, s.p05, s.p95]),
        (PLOT_LEFT, PLOT_RIGHT),
    );
    let n = stages.len().max(1) as f64;
    let plot_bottom = TOP + (n - 1.0) * ROW + BAR_H;
    let grid_bottom = plot_bottom + 6.0;
    let grid = scale
        .decades()
        .into_iter()
        .map(|d| Gridline {
            x: scale.map(d),
            y1: TOP - 4.0,
            y2: grid_bottom,
            label: decade_label(d),
            label_y: grid_bottom + 20.0,
        })
        .collect();
    let bars = stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let y = TOP + i as f64 * ROW;
            let centre_y = px(y + BAR_H / 2.0);
            let end = scale.map(s.mean);
            let whisker = (s.p05.is_finite() && s.p95.is_finite()).then(|| {
                let (a, b) = (scale.map(s.p05), scale.map(s.p95));
                let (top, bottom) = (px(centre_y - CAP), px(centre_y + CAP));
                format!("M{a} {top}V{bottom}M{a} {centre_y}H{b}M{b} {top}V{bottom}")
            });
            let reach = if whisker.is_some() {
                end.max(scale.map(s.p95))
            } else {
                end
            };
            let value = count(format, s.mean);
            let value_x = fit_label(
                reach + 8.0,
                text_width(&value, LABEL_FONT),
                Anchor::Start,
                0.0,
                WIDTH,
            );
            FunnelBar {
                label: s.label.clone(),
                label_x: PLOT_LEFT - 12.0,
                rect: Rect {
                    x: PLOT_LEFT,
                    y: px(y),
                    width: px(end - PLOT_LEFT),
                    height: BAR_H,
                },
                centre_y,
                whisker,
                value,
                value_x,
            }
        })
        .collect();
    let rates = stages
        .windows(2)
        .enumerate()
        .filter_map(|(i, w)| {
            let rate = conversion(w[0].mean, w[1].mean)?;
            Some(RateLabel {
                x: PLOT_LEFT + 6.0,
                y: px(TOP + i as f64 * ROW + BAR_H + (ROW - BAR_H) / 2.0),
                text: format!("{} →", percent(rate)),
            })
        })
        .collect();
    FunnelGeometry {
        width: WIDTH,
        height: grid_bottom + 30.0,
        grid,
        bars,
        rates,
    }
}

/// The chart in one sentence per stage, for the SVG's `<desc>`.
pub fn funnel_description(stages: &[FunnelStage], format: fn(f64) -> String) -> String {
    if stages.is_empty() {
        return "No funnel stages to show.".into();
    }
    let parts: Vec<String> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut part = format!(
                "{} {} ({}–{})",
                s.label,
                count(format, s.mean),
                count(format, s.p05),
                count(format, s.p95)
            );
            if let Some(prev) = i.checked_sub(1).map(|j| &stages[j]) {
                if let Some(rate) = conversion(prev.mean, s.mean) {
                    part.push_str(&format!(", {} of {}", percent(rate), prev.label));
                }
            }
            part
        })
        .collect();
    format!(
        "Mean count per stage over the trials, 5th to 95th percentile in brackets, on a \
         logarithmic axis: {}.",
        parts.join("; ")
    )
}

#[derive(Properties)]
pub struct FunnelChartProps {
    /// Top of the funnel first: Leads, MQL, SAL, SQL, Opportunity, Won.
    pub stages: Vec<FunnelStage>,
    /// Formats a count (mean or percentile) for labels, description and table.
    pub format: fn(f64) -> String,
}

// By hand because of the function pointer: `fn_addr_eq` says what is meant (the same
// function), and a false "different" only costs one extra render.
impl PartialEq for FunnelChartProps {
    fn eq(&self, other: &Self) -> bool {
        self.stages == other.stages && std::ptr::fn_addr_eq(self.format, other.format)
    }
}

const TITLE: &str = "Sales funnel: mean count per stage, logarithmic axis";

#[component]
pub fn FunnelChart(props: &FunnelChartProps) -> Html {
    let (title_id, desc_id) = use_chart_ids("funnel");
    let g = funnel_geometry(&props.stages, props.format);
    let desc = funnel_description(&props.stages, props.format);
    let format = props.format;
    html! {
        <div class="chart funnel-chart">
            <svg class="chart-svg" viewBox={format!("0 0 {} {}", g.width, g.height)}
                width="100%" role="img" aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ TITLE }</title>
                <desc id={desc_id}>{ desc }</desc>
                for line in &g.grid {
                    <line class="grid" x1={num(line.x)} x2={num(line.x)} y1={num(line.y1)}
                        y2={num(line.y2)} stroke={GRID} stroke-width="1" />
                    <text class="tick" x={num(line.x)} y={num(line.label_y)}
                        text-anchor="middle" font-size={num(SMALL_FONT)} fill={INK_SOFT}>
                        { line.label.clone() }
                    </text>
                }
                for bar in &g.bars {
                    <text class="stage" x={num(bar.label_x)} y={num(bar.centre_y)}
                        text-anchor="end" dominant-baseline="central"
                        font-size={num(LABEL_FONT)} fill={INK}>
                        { bar.label.clone() }
                    </text>
                    <rect class="bar" x={num(bar.rect.x)} y={num(bar.rect.y)}
                        width={num(bar.rect.width)} height={num(bar.rect.height)}
                        rx="2" fill={ACCENT} />
                    if let Some(d) = &bar.whisker {
                        <path class="whisker" d={d.clone()} fill="none" stroke={INK}
                            stroke-width="2" />
                    }
                    <text class="value" x={num(bar.value_x)} y={num(bar.centre_y)}
                        dominant-baseline="central" font-size={num(LABEL_FONT)}
                        font-weight="600" fill={INK}>
                        { bar.value.clone() }
                    </text>
                }
                for rate in &g.rates {
                    <text class="rate" x={num(rate.x)} y={num(rate.y)}
                        dominant-baseline="central" font-size={num(SMALL_FONT)}
                        fill={INK_SOFT}>
                        { rate.text.clone() }
                    </text>
                }
            </svg>
            <table class="sr-only" style={SR_ONLY}>
                <caption>{ TITLE }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Stage" }</th>
                        <th scope="col">{ "Mean" }</th>
                        <th scope="col">{ "5th percentile" }</th>
                        <th scope="col">{ "95th percentile" }</th>
                        <th scope="col">{ "Conversion from the stage above" }</th>
                    </tr>
                </thead>
                <tbody>
                    for (i, s) in props.stages.iter().enumerate() {
                        <tr>
                            <th scope="row">{ s.label.clone() }</th>
                            <td>{ count(format, s.mean) }</td>
                            <td>{ count(format, s.p05) }</td>
                            <td>{ count(format, s.p95) }</td>
                            <td>{
                                i.checked_sub(1)
                                    .and_then(|j| conversion(props.stages[j].mean, s.mean))
                                    .map(percent)
                                    .unwrap_or_else(|| "–".into())
                            }</td>
                        </tr>
                    }
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(v: f64) -> String {
        format!("{v:.0}")
    }

    fn stage(label: &str, mean: f64, p05: f64, p95: f64) -> FunnelStage {
        FunnelStage {
            label: label.into(),
            mean,
            p05,
            p95,
        }
    }

    #[test]
    fn two_stages_exact_coordinates() {
        // Values 5..1100 span the decades 1..10^4: 560 units over 4 decades, 140 per decade.
        let g = funnel_geometry(
            &[
                stage("Leads", 1000.0, 900.0, 1100.0),
                stage("Won", 10.0, 5.0, 20.0),
            ],
            fmt,
        );
        let xs: Vec<f64> = g.grid.iter().map(|l| l.x).collect();
        assert_eq!(xs, [140.0, 280.0, 420.0, 560.0, 700.0]);
        let labels: Vec<&str> = g.grid.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["1", "10", "100", "1k", "10k"]);
        assert_eq!(
            (g.grid[0].y1, g.grid[0].y2, g.grid[0].label_y),
            (8.0, 104.0, 124.0)
        );
        assert_eq!((g.width, g.height), (800.0, 134.0));

        let leads = &g.bars[0];
        assert_eq!(
            leads.rect,
            Rect {
                x: 140.0,
                y: 12.0,
                width: 420.0,
                height: 30.0
            }
        );
        assert_eq!((leads.label_x, leads.centre_y), (128.0, 27.0));
        assert_eq!(leads.value, "1000");
        let won = &g.bars[1];
        assert_eq!(won.rect.width, 140.0);
        assert_eq!(won.rect.y, 68.0);
        // log10(5) = 0.699 and log10(20) = 1.301 decades above 1.
        assert_eq!(
            won.whisker.as_deref(),
            Some("M237.9 75V91M237.9 83H322.1M322.1 75V91")
        );
        // The count starts past the whisker's end, which reaches beyond the bar.
        assert_eq!(won.value_x, 330.1);

        assert_eq!(
            g.rates,
            [RateLabel {
                x: 146.0,
                y: 55.0,
                text: "1.0 % →".into()
            }]
        );
    }

    #[test]
    fn a_realistic_funnel_narrows_and_labels_every_gap() {
        let stages = [
            stage("Leads", 10_000.0, 10_000.0, 10_000.0),
            stage("MQL", 1_800.0, 1_700.0, 1_900.0),
            stage("SAL", 1_550.0, 1_450.0, 1_650.0),
            stage("SQL", 900.0, 820.0, 980.0),
            stage("Opportunity", 400.0, 350.0, 450.0),
            stage("Won", 70.0, 55.0, 86.0),
        ];
        let g = funnel_geometry(&stages, fmt);
        assert_eq!(g.bars.len(), 6);
        assert!(g.bars.windows(2).all(|w| w[0].rect.width > w[1].rect.width));
        assert!(g.bars.windows(2).all(|w| w[0].rect.y < w[1].rect.y));
        // Even the last stage gets a bar worth seeing.
        assert!(g.bars[5].rect.width > 100.0, "{:?}", g.bars[5].rect);
        let rates: Vec<&str> = g.rates.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(rates, ["18 % →", "86 % →", "58 % →", "44 % →", "18 % →"]);
        // Rate labels sit between the bars they join.
        for (i, r) in g.rates.iter().enumerate() {
            let above = &g.bars[i].rect;
            assert!(r.y > above.y + above.height && r.y < g.bars[i + 1].rect.y);
        }
        // Everything stays inside the viewBox.
        for b in &g.bars {
            assert!(b.value_x + text_width(&b.value, LABEL_FONT) <= g.width);
        }
        let labels: Vec<&str> = g.grid.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["10", "100", "1k", "10k"]);
        // Leads constant at 10,000: the whisker collapses to a point at the bar's end.
        assert_eq!(
            g.bars[0].whisker.as_deref(),
            Some("M700 19V35M700 27H700M700 19V35")
        );
    }

    #[test]
    fn zero_and_undefined_stages_draw_nothing_but_say_so() {
        let g = funnel_geometry(
            &[
                stage("Leads", 500.0, 450.0, 550.0),
                stage("Won", 0.0, 0.0, 0.0),
                stage("Lost", f64::NAN, f64::NAN, f64::NAN),
            ],
            fmt,
        );
        assert_eq!(g.bars[1].rect.width, 0.0);
        assert_eq!(g.bars[1].value, "0");
        assert_eq!(g.bars[2].rect.width, 0.0);
        assert_eq!(g.bars[2].value, "–");
        assert_eq!(g.bars[2].whisker, None);
        // 500 → 0 is a rate (0 %); 0 → NaN is not.
        let rates: Vec<&str> = g.rates.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(rates, ["0 % →"]);
        for b in &g.bars {
            assert!(b.rect.width.is_finite() && b.value_x.is_finite());
        }
    }

    #[test]
    fn no_stages_is_an_empty_plot() {
        let g = funnel_geometry(&[], fmt);
        assert!(g.bars.is_empty() && g.rates.is_empty());
        assert_eq!(g.grid.len(), 2);
        assert!(g.height > 0.0);
        assert_eq!(funnel_description(&[], fmt), "No funnel stages to show.");
    }

    #[test]
    fn description_carries_the_numbers() {
        let d = funnel_description(
            &[
                stage("Leads", 1000.0, 900.0, 1100.0),
                stage("MQL", 860.0, 800.0, 900.0),
            ],
            fmt,
        );
        assert_eq!(
            d,
            "Mean count per stage over the trials, 5th to 95th percentile in brackets, on a \
             logarithmic axis: Leads 1000 (900–1100); MQL 860 (800–900), 86 % of Leads."
        );
    }
}
