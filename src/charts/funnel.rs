//! The funnel: one horizontal bar per stage on a linear axis from zero, with its P5–P95
//! whisker.
//!
//! Bar length is proportional to the count, so 72 won deals out of 10,002 leads look like
//! the sliver they are: a log axis made them look like a fifth. Every bar says its count and
//! the conversion from the stage above in words, on its own line above the bar, so a label
//! never has to squeeze into a short bar; a bar too short to see keeps a minimum width.

use yew::prelude::*;

use super::scale::{fit_label, nice_ticks_up_to, percent, px, text_width, Anchor, LinearScale};
use super::{
    min_render_width, min_width_style, num, use_chart_ids, use_scroll_region, Rect, ACCENT, GRID,
    INK, INK_SOFT, SR_ONLY,
};

/// One stage of the funnel: its mean count over the trials and the 5th and 95th percentiles.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelStage {
    pub label: String,
    pub mean: f64,
    pub p05: f64,
    pub p95: f64,
}

/// viewBox width: about the results column at 1280 px, where one unit is about a pixel.
pub(super) const WIDTH: f64 = 480.0;
/// Bars and their labels start here; the right end leaves room for the last tick's label.
const PLOT_LEFT: f64 = 12.0;
const PLOT_RIGHT: f64 = 448.0;
const TOP: f64 = 4.0;
/// One stage: its label line, then its bar, then a gap.
const ROW: f64 = 60.0;
/// The label's centre, and the bar's top, below the top of the row.
const LABEL_DY: f64 = 10.0;
const BAR_DY: f64 = 22.0;
const BAR_H: f64 = 24.0;
/// Half the height of a whisker's end caps: inside the bar.
const CAP: f64 = 7.0;
/// A count above zero is never drawn shorter than this, so that it stays visible; its
/// label, above the bar, says how small it is.
pub(super) const MIN_BAR: f64 = 4.0;
const LABEL_FONT: f64 = 16.0;
const TICK_FONT: f64 = 15.0;
/// Every font of the chart: the smallest sets its `min-width`.
pub(super) const FONTS: [f64; 2] = [LABEL_FONT, TICK_FONT];

/// A vertical gridline at a round count and its label under the plot.
#[derive(Clone, Debug, PartialEq)]
pub struct Gridline {
    pub x: f64,
    pub y1: f64,
    pub y2: f64,
    pub label: String,
    /// Where the label starts (`text-anchor="start"`), centred under the line when it fits.
    pub label_x: f64,
    pub label_y: f64,
}

/// A stage's bar with its label.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelBar {
    /// The mean count and what it counts ("1,857 MQLs"), in bold.
    pub count: String,
    /// The conversion from the stage above (" · 18.6 % of leads", its first space a no-break
    /// one); empty for the first stage and when the conversion is undefined.
    pub conversion: String,
    /// Where the label starts (`text-anchor="start"`) and its vertical centre, above the bar.
    pub label_x: f64,
    pub label_y: f64,
    /// From zero to the mean: proportional to the count, at least [`MIN_BAR`] above zero.
    pub rect: Rect,
    /// The vertical centre of the bar, where the whisker runs.
    pub centre_y: f64,
    /// SVG path of the P5–P95 whisker with end caps; `None` when either end is undefined.
    pub whisker: Option<String>,
}

impl FunnelBar {
    /// The whole label, as it reads.
    pub fn label(&self) -> String {
        format!("{}{}", self.count, self.conversion)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunnelGeometry {
    pub width: f64,
    pub height: f64,
    /// The CSS `min-width` of the SVG, in pixels: narrower, its text would be under 12 px.
    pub min_width: f64,
    /// Where the bars and the zero line start, and where the zero line and gridlines end.
    pub plot_left: f64,
    pub grid_bottom: f64,
    pub grid: Vec<Gridline>,
    pub bars: Vec<FunnelBar>,
}

/// Share of a stage's mean that reaches the next; `None` when it is not defined.
fn conversion(from: f64, to: f64) -> Option<f64> {
    (from.is_finite() && from > 0.0 && to.is_finite()).then(|| to / from)
}

/// A conversion with one decimal ("18.6 %", "0.72 %"): the step from SQLs to won deals is
/// read to the tenth of a percent, and stages close to each other should not both say "86 %".
fn rate(share: f64) -> String {
    let p = share * 100.0;
    if !p.is_finite() || p == 0.0 || p.abs() < 0.995 || p.abs() >= 99.95 {
        percent(share)
    } else {
        format!("{p:.1} %")
    }
}

/// Formats a count, or a dash when the count is undefined (no trial had it).
fn count(format: fn(f64) -> String, v: f64) -> String {
    if v.is_finite() {
        format(v)
    } else {
        "–".into()
    }
}

/// What a stage counts, in running text: "MQLs", "leads", "opportunities", "won deals"; the
/// singular when `one`. Acronyms keep their capitals.
fn noun(label: &str, one: bool) -> String {
    let acronym = label.len() > 1 && label.chars().all(|c| c.is_ascii_uppercase());
    if acronym {
        return if one {
            label.into()
        } else {
            format!("{label}s")
        };
    }
    let lower = label.to_lowercase();
    // A stage named by what happened to the deal.
    if matches!(lower.as_str(), "won" | "lost") {
        return format!("{lower} {}", if one { "deal" } else { "deals" });
    }
    match (one, lower.strip_suffix('y'), lower.strip_suffix('s')) {
        (true, _, Some(stem)) => stem.into(),
        (true, _, None) => lower,
        (false, _, Some(_)) => lower,
        (false, Some(stem), None) if !stem.ends_with(['a', 'e', 'o', 'u']) => {
            format!("{stem}ies")
        }
        (false, _, None) => format!("{lower}s"),
    }
}

/// The largest value the axis must reach: every mean and percentile that is defined.
fn axis_top(stages: &[FunnelStage]) -> f64 {
    let top = stages
        .iter()
        .flat_map(|s| [s.mean, s.p05, s.p95])
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    if top > 0.0 {
        top
    } else {
        1.0
    }
}

pub fn funnel_geometry(stages: &[FunnelStage], format: fn(f64) -> String) -> FunnelGeometry {
    let top = axis_top(stages);
    let scale = LinearScale::new((0.0, top), (PLOT_LEFT, PLOT_RIGHT));
    // Zero, negative and undefined values have no length; nothing lies beyond the top.
    let x_of = |v: f64| {
        if v.is_finite() && v > 0.0 {
            scale.map(v.min(top))
        } else {
            PLOT_LEFT
        }
    };
    let n = stages.len() as f64;
    let plot_bottom = TOP + (n - 1.0).max(0.0) * ROW + BAR_DY + BAR_H;
    let grid_bottom = plot_bottom + 6.0;
    let label_y = grid_bottom + 20.0;
    let grid = nice_ticks_up_to(0.0, top, 6)
        .into_iter()
        .map(|t| {
            let x = scale.map(t);
            let label = format(t);
            let width = text_width(&label, TICK_FONT);
            Gridline {
                x,
                y1: TOP,
                y2: grid_bottom,
                label_x: fit_label(x, width, Anchor::Middle, 0.0, WIDTH),
                label,
                label_y,
            }
        })
        .collect();
    let bars = stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let row = TOP + i as f64 * ROW;
            let y = px(row + BAR_DY);
            let centre_y = px(y + BAR_H / 2.0);
            let width = if s.mean.is_finite() && s.mean > 0.0 {
                px((x_of(s.mean) - PLOT_LEFT).max(MIN_BAR))
            } else {
                0.0
            };
            let whisker = (s.p05.is_finite() && s.p95.is_finite()).then(|| {
                let (a, b) = (x_of(s.p05), x_of(s.p95));
                let (top, bottom) = (px(centre_y - CAP), px(centre_y + CAP));
                format!("M{a} {top}V{bottom}M{a} {centre_y}H{b}M{b} {top}V{bottom}")
            });
            let shown = count(format, s.mean);
            let count = format!("{shown} {}", noun(&s.label, shown == "1"));
            let conversion = i
                .checked_sub(1)
                .map(|j| &stages[j])
                .and_then(|prev| {
                    let r = conversion(prev.mean, s.mean)?;
                    // A no-break space: a leading space in a `<tspan>` may be collapsed away.
                    Some(format!(
                        "\u{a0}· {} of {}",
                        rate(r),
                        noun(&prev.label, false)
                    ))
                })
                .unwrap_or_default();
            let label_width = text_width(&format!("{count}{conversion}"), LABEL_FONT);
            FunnelBar {
                label_x: fit_label(PLOT_LEFT, label_width, Anchor::Start, 0.0, WIDTH),
                label_y: px(row + LABEL_DY),
                count,
                conversion,
                rect: Rect {
                    x: PLOT_LEFT,
                    y,
                    width,
                    height: BAR_H,
                },
                centre_y,
                whisker,
            }
        })
        .collect();
    FunnelGeometry {
        width: WIDTH,
        height: label_y + 10.0,
        min_width: min_render_width(WIDTH, &FONTS),
        plot_left: PLOT_LEFT,
        grid_bottom,
        grid,
        bars,
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
                if let Some(r) = conversion(prev.mean, s.mean) {
                    part.push_str(&format!(", {} of {}", rate(r), prev.label));
                }
            }
            part
        })
        .collect();
    format!(
        "Mean count per stage over the runs, 5th to 95th percentile in brackets; bar length \
         is proportional to the count: {}.",
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

const TITLE: &str = "Sales funnel: mean count per stage";

#[component]
pub fn FunnelChart(props: &FunnelChartProps) -> Html {
    let (title_id, desc_id) = use_chart_ids("funnel");
    let wrapper = use_node_ref();
    let g = funnel_geometry(&props.stages, props.format);
    let desc = funnel_description(&props.stages, props.format);
    let format = props.format;
    let region = use_scroll_region(wrapper.clone(), TITLE);
    html! {
        <div ref={wrapper} class="chart funnel-chart" tabindex={region.tabindex} role={region.role}
            aria-label={region.label}>
            <svg class="chart-svg" viewBox={format!("0 0 {} {}", g.width, g.height)}
                width="100%" style={min_width_style(g.min_width)} role="img"
                aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ TITLE }</title>
                <desc id={desc_id}>{ desc }</desc>
                for line in &g.grid {
                    <line class="grid" x1={num(line.x)} x2={num(line.x)} y1={num(line.y1)}
                        y2={num(line.y2)} stroke={GRID} stroke-width="1" />
                    <text class="tick" x={num(line.label_x)} y={num(line.label_y)}
                        font-size={num(TICK_FONT)} fill={INK_SOFT}>
                        { line.label.clone() }
                    </text>
                }
                <line class="axis" x1={num(g.plot_left)} x2={num(g.plot_left)} y1={num(TOP)}
                    y2={num(g.grid_bottom)} stroke={INK} stroke-width="1" />
                for bar in &g.bars {
                    <text class="bar-label" x={num(bar.label_x)} y={num(bar.label_y)}
                        dominant-baseline="central" font-size={num(LABEL_FONT)} fill={INK}>
                        <tspan class="value" font-weight="700">{ bar.count.clone() }</tspan>
                        if !bar.conversion.is_empty() {
                            <tspan class="rate" fill={INK_SOFT}>{ bar.conversion.clone() }</tspan>
                        }
                    </text>
                    <rect class="bar" x={num(bar.rect.x)} y={num(bar.rect.y)}
                        width={num(bar.rect.width)} height={num(bar.rect.height)}
                        rx="2" fill={ACCENT} />
                    if let Some(d) = &bar.whisker {
                        <path class="whisker" d={d.clone()} fill="none" stroke={INK}
                            stroke-width="2" />
                    }
                }
            </svg>
            <div class="sr-only" style={SR_ONLY}><table>
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
                                    .map(rate)
                                    .unwrap_or_else(|| "–".into())
                            }</td>
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

    /// The default preset's funnel, about as the page shows it.
    fn realistic() -> [FunnelStage; 6] {
        [
            stage("Leads", 10_002.0, 10_002.0, 10_002.0),
            stage("MQL", 1_857.0, 1_760.0, 1_950.0),
            stage("SAL", 1_590.0, 1_480.0, 1_700.0),
            stage("SQL", 372.0, 330.0, 415.0),
            stage("Opportunity", 223.0, 190.0, 256.0),
            stage("Won", 72.0, 55.0, 90.0),
        ]
    }

    #[test]
    fn two_stages_exact_coordinates() {
        // 436 units over [0, 1100]; ticks every 200.
        let g = funnel_geometry(
            &[
                stage("Leads", 1000.0, 900.0, 1100.0),
                stage("Won", 10.0, 5.0, 20.0),
            ],
            fmt,
        );
        let xs: Vec<f64> = g.grid.iter().map(|l| l.x).collect();
        assert_eq!(xs, [12.0, 91.3, 170.5, 249.8, 329.1, 408.4]);
        let labels: Vec<&str> = g.grid.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(labels, ["0", "200", "400", "600", "800", "1000"]);
        // Tick labels are centred under their lines, except "0", kept inside the frame.
        assert_eq!(g.grid[0].label_x, 7.5);
        assert_eq!(g.grid[5].label_x, 390.4);
        assert_eq!(
            (g.grid[0].y1, g.grid[0].y2, g.grid[0].label_y),
            (4.0, 116.0, 136.0)
        );
        assert_eq!((g.width, g.height, g.grid_bottom), (480.0, 146.0, 116.0));

        let leads = &g.bars[0];
        assert_eq!(
            leads.rect,
            Rect {
                x: 12.0,
                y: 26.0,
                width: 396.4,
                height: 24.0
            }
        );
        assert_eq!(
            (leads.label_x, leads.label_y, leads.centre_y),
            (12.0, 14.0, 38.0)
        );
        assert_eq!(leads.label(), "1000 leads");
        assert_eq!(
            leads.whisker.as_deref(),
            Some("M368.7 31V45M368.7 38H448M448 31V45")
        );
        let won = &g.bars[1];
        assert_eq!(won.rect.width, 4.0, "10 of 1100 is 4.0 units: the minimum");
        assert_eq!((won.rect.y, won.label_y), (86.0, 74.0));
        assert_eq!(won.count, "10 won deals");
        assert_eq!(won.conversion, "\u{a0}· 1.0 % of leads");
        assert_eq!(
            won.whisker.as_deref(),
            Some("M14 91V105M14 98H19.9M19.9 91V105")
        );
    }

    #[test]
    fn bar_length_is_proportional_to_the_count() {
        let g = funnel_geometry(&realistic(), fmt);
        let leads = g.bars[0].rect.width;
        assert_eq!(
            leads,
            PLOT_RIGHT - PLOT_LEFT,
            "the largest count fills the plot"
        );
        for (s, b) in realistic().iter().zip(&g.bars) {
            assert_eq!(b.rect.x, PLOT_LEFT, "every bar starts at zero");
            let want = (s.mean / 10_002.0 * leads).max(MIN_BAR);
            assert!((b.rect.width - want).abs() <= 0.1, "{}: {b:?}", s.label);
        }
        // On the log axis this chart had (10 to 100,000), MQLs would be 0.76 of the leads'
        // bar and won deals 0.29: (log 1,857 − 1) ÷ (log 10,002 − 1) and so on. Linear, they
        // are 0.19 and under 0.01.
        let mql = g.bars[1].rect.width / leads;
        assert!((mql - 0.1857).abs() < 0.001, "{mql}");
        let won = g.bars[5].rect.width / leads;
        assert!(won < 0.01, "72 won deals look like {won} of the leads");
        // Half the count, half the length; ten times the count, ten times the length.
        let g = funnel_geometry(
            &[
                stage("Leads", 1000.0, 1000.0, 1000.0),
                stage("MQL", 500.0, 500.0, 500.0),
                stage("SQL", 100.0, 100.0, 100.0),
                stage("Won", 10.0, 10.0, 10.0),
            ],
            fmt,
        );
        let w: Vec<f64> = g.bars.iter().map(|b| b.rect.width).collect();
        assert_eq!(w, [436.0, 218.0, 43.6, 4.4]);
        // The whiskers run on the same axis: P5 = P95 = mean sits at the bar's end.
        assert_eq!(
            g.bars[1].whisker.as_deref(),
            Some("M230 91V105M230 98H230M230 91V105")
        );
    }

    #[test]
    fn every_bar_says_its_count_and_step_conversion() {
        let g = funnel_geometry(&realistic(), fmt);
        let labels: Vec<String> = g
            .bars
            .iter()
            .map(|b| b.label().replace('\u{a0}', " "))
            .collect();
        assert_eq!(
            labels,
            [
                "10002 leads",
                "1857 MQLs · 18.6 % of leads",
                "1590 SALs · 85.6 % of MQLs",
                "372 SQLs · 23.4 % of SALs",
                "223 opportunities · 59.9 % of SQLs",
                "72 won deals · 32.3 % of opportunities",
            ]
        );
        for (i, b) in g.bars.iter().enumerate() {
            // Above its own bar, below the bar of the stage above, inside the frame.
            assert!(b.label_y + LABEL_FONT / 2.0 <= b.rect.y, "{b:?}");
            if i > 0 {
                let above = &g.bars[i - 1].rect;
                assert!(
                    b.label_y - LABEL_FONT / 2.0 >= above.y + above.height,
                    "{b:?}"
                );
            }
            assert!(b.label_x >= 0.0);
            assert!(
                b.label_x + text_width(&b.label(), LABEL_FONT) <= g.width,
                "{b:?}"
            );
            assert!(b.rect.x + b.rect.width <= PLOT_RIGHT);
        }
        // The smallest bar is still there to see.
        assert!(g.bars[5].rect.width >= MIN_BAR);
        let ticks: Vec<&str> = g.grid.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(ticks, ["0", "2000", "4000", "6000", "8000", "10000"]);
        for l in &g.grid {
            assert!(l.label_x >= 0.0 && l.label_x + text_width(&l.label, TICK_FONT) <= WIDTH);
        }
    }

    #[test]
    fn nouns_and_rates_read_as_words() {
        assert_eq!(noun("Leads", false), "leads");
        assert_eq!(noun("Leads", true), "lead");
        assert_eq!(noun("MQL", false), "MQLs");
        assert_eq!(noun("MQL", true), "MQL");
        assert_eq!(noun("Opportunity", false), "opportunities");
        assert_eq!(noun("Opportunity", true), "opportunity");
        assert_eq!(noun("Won", false), "won deals");
        assert_eq!(noun("Won", true), "won deal");
        assert_eq!(noun("Stage", false), "stages");
        assert_eq!(noun("Day", false), "days");
        let rates: Vec<String> = [0.1857, 0.0072, 0.0, 1.0, 0.9996, 0.05, f64::NAN]
            .into_iter()
            .map(rate)
            .collect();
        assert_eq!(
            rates,
            ["18.6 %", "0.72 %", "0 %", "100 %", "100 %", "5.0 %", "–"]
        );
        let g = funnel_geometry(
            &[stage("Leads", 2.0, 1.0, 3.0), stage("Won", 1.0, 0.0, 2.0)],
            fmt,
        );
        assert_eq!(g.bars[1].label(), "1 won deal\u{a0}· 50.0 % of leads");
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
        assert_eq!(
            g.bars[1].rect.width, 0.0,
            "zero is no bar, not a minimum one"
        );
        assert_eq!(g.bars[1].label(), "0 won deals\u{a0}· 0 % of leads");
        assert_eq!(g.bars[2].rect.width, 0.0);
        // 0 → NaN is no conversion.
        assert_eq!(g.bars[2].label(), "– lost deals");
        assert_eq!(g.bars[2].whisker, None);
        for b in &g.bars {
            assert!(b.rect.width.is_finite() && b.label_x.is_finite());
        }
    }

    #[test]
    fn no_stages_is_an_empty_plot() {
        let g = funnel_geometry(&[], fmt);
        assert!(g.bars.is_empty());
        assert_eq!(g.grid.len(), 6);
        assert!(g.height > 0.0);
        assert_eq!(funnel_description(&[], fmt), "No funnel stages to show.");
        // Nothing above zero: an axis from 0 to 1 and no bar.
        let g = funnel_geometry(&[stage("Leads", 0.0, 0.0, 0.0)], fmt);
        assert_eq!(g.bars[0].rect.width, 0.0);
    }

    #[test]
    fn text_stays_readable_at_the_narrowest() {
        let g = funnel_geometry(&realistic(), fmt);
        assert_eq!(g.min_width, 384.0);
        for font in FONTS {
            assert!(font * g.min_width / g.width >= 12.0);
        }
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
            "Mean count per stage over the runs, 5th to 95th percentile in brackets; bar \
             length is proportional to the count: Leads 1000 (900–1100); MQL 860 (800–900), \
             86.0 % of Leads."
        );
    }
}
