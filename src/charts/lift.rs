//! The decile chart of a backtest: the past leads in ten equal groups by score, the top-scored
//! tenth first, each with the share of its leads that converted, as a bar labelled with its
//! lift (its rate over the average), and the average itself as a dashed line. A second model
//! (a proposed one) is drawn as a narrower bar under each of the first's.
//!
//! The deciles are rows, the top tenth at the top, and the rate runs along the x axis: ten
//! columns in a 300–400 px column leave under 40 px each, where neither "Bottom 10 %" nor two
//! lift labels fit at 12 px, while ten rows give every label its full width. The cumulative
//! capture is left to the hidden table and the description rather than drawn as a second scale
//! that would crowd the bars. The chart computes no rate, lift or capture: the engine's
//! backtest does.

use yew::prelude::*;

use super::roc::Label;
use super::scale::{percent as tick_percent, px, text_width, LinearScale};
use super::{
    fitting_ticks, min_render_width, min_width_style, num, use_chart_ids, use_scroll_region, Rect,
    Tick, ACCENT, GRID, INK, INK_SOFT, SR_ONLY,
};

/// viewBox width, chosen so that the chart's `min-width` (296 px) fits a 300 px cell of the
/// backtest's chart grid.
pub(super) const WIDTH: f64 = 370.0;
/// The decile names end here (`text-anchor="end"`): "Bottom 10 %" fits to its left.
const NAME_RIGHT: f64 = 104.0;
const PLOT_LEFT: f64 = 112.0;
/// Room on the right of the longest bar for its lift ("10.0×").
const PLOT_RIGHT: f64 = 318.0;
/// Room above the rows for the average's label.
const PLOT_TOP: f64 = 30.0;
const FONT: f64 = 15.0;
#[cfg(test)]
pub(super) const FONTS: [f64; 1] = [FONT];
/// A row's height and its bar's thickness with one model; with two, the first's bar and the
/// second's, narrower, under it.
const ROW: f64 = 26.0;
const BAR: f64 = 18.0;
const ROW_TWO: f64 = 38.0;
const BAR_SECOND: f64 = 12.0;
/// Rows' worth of room an empty chart keeps for its "no data" line.
const EMPTY_ROWS: f64 = 3.0;
const TITLE: &str = "Conversion rate by tenth of scores";
const SECOND_COLOR: &str = "var(--mql, #0f766e)";

/// One tenth of the past leads by score, as the backtest measured it.
#[derive(Clone, Debug, PartialEq)]
pub struct DecileBar {
    /// 1 is the top-scored tenth.
    pub decile: u32,
    /// The share of its leads that converted, 0..1.
    pub rate: f64,
    /// Its rate over the average rate.
    pub lift: f64,
    /// The share of all converters in this tenth and the ones above it, 0..1.
    pub capture: f64,
}

/// A bar and the lift written after it.
#[derive(Clone, Debug, PartialEq)]
pub struct LiftBar {
    pub rect: Rect,
    pub lift: Label,
}

/// One decile's row.
#[derive(Clone, Debug, PartialEq)]
pub struct DecileRow {
    /// "Top 10 %", "2nd", …, "Bottom 10 %", ending at [`NAME_RIGHT`] on baseline `name_y`.
    pub name: String,
    pub name_y: f64,
    pub bar: LiftBar,
    /// The second model's bar for the same decile, when it has one.
    pub second: Option<LiftBar>,
}

/// The average conversion rate: a dashed vertical line over the rows, labelled above them.
#[derive(Clone, Debug, PartialEq)]
pub struct BaseLine {
    pub x: f64,
    pub y1: f64,
    pub y2: f64,
    pub label: Label,
}

/// A legend entry: a swatch of the bar's colour and thickness, then the model's name.
#[derive(Clone, Debug, PartialEq)]
pub struct LiftLegendEntry {
    pub swatch: Rect,
    pub label: Label,
    pub class: &'static str,
    pub color: &'static str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LiftGeometry {
    pub width: f64,
    pub height: f64,
    pub plot: Rect,
    pub name_right: f64,
    pub rows: Vec<DecileRow>,
    /// `None` when the base rate is undefined.
    pub base: Option<BaseLine>,
    pub ticks: Vec<Tick>,
    pub tick_y: f64,
    pub caption: Label,
    /// Only when a second model is drawn.
    pub legend: Vec<LiftLegendEntry>,
    /// Where "no data" goes in an empty chart.
    pub empty_label: Option<Label>,
    pub min_width: f64,
}

/// A decile's name: "Top 10 %", "2nd", "3rd", …, "9th", "Bottom 10 %".
pub fn decile_label(d: u32) -> String {
    match d {
        1 => "Top 10 %".into(),
        10 => "Bottom 10 %".into(),
        _ => {
            let suffix = match (d % 10, d % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{d}{suffix}")
        }
    }
}

/// A lift as people say it: "2.4×"; "—" when undefined.
pub fn lift_label(lift: f64) -> String {
    if lift.is_finite() {
        format!("{:.1}×", lift.max(0.0))
    } else {
        crate::format::UNDEFINED.into()
    }
}

/// A rate that can be drawn: undefined and negative rates are drawn as no bar.
fn drawable(rate: f64) -> f64 {
    if rate.is_finite() {
        rate.max(0.0)
    } else {
        0.0
    }
}

/// The top of the rate axis: a round value at or above `max` (a tenth without any rate).
fn axis_top(max: f64) -> f64 {
    if !(max.is_finite() && max > 0.0) {
        return 0.1;
    }
    let inside = super::scale::nice_ticks(0.0, max);
    let step = match inside.as_slice() {
        [a, b, ..] => b - a,
        _ => max,
    };
    let n = (max / step - 1e-9).ceil().max(1.0);
    ((n * step) * 1e9).round() / 1e9
}

/// Text centred vertically on `centre`, as an alphabetic baseline.
fn baseline(centre: f64) -> f64 {
    px(centre + FONT * 0.35)
}

/// The chart's geometry. `second` is matched to `deciles` by decile number; `names` are the
/// two models' names for the legend ("Today", "Proposed"); `format` writes the average's
/// label ("average 12.3 %").
pub fn lift_geometry(
    deciles: &[DecileBar],
    second: Option<&[DecileBar]>,
    base_rate: f64,
    names: (&str, &str),
    format: fn(f64) -> String,
) -> LiftGeometry {
    let two = second.is_some();
    let row = if two { ROW_TWO } else { ROW };
    let max = deciles
        .iter()
        .chain(second.unwrap_or_default())
        .map(|d| drawable(d.rate))
        .chain([drawable(base_rate)])
        .fold(0.0, f64::max);
    let top = axis_top(max);
    let x = LinearScale::new((0.0, top), (PLOT_LEFT, PLOT_RIGHT));
    let bar = |rate: f64, y: f64, thickness: f64, lift: f64| {
        let end = x.map(drawable(rate));
        LiftBar {
            rect: Rect {
                x: PLOT_LEFT,
                y: px(y),
                width: px(end - PLOT_LEFT),
                height: thickness,
            },
            lift: Label {
                x: px(end + 5.0),
                y: baseline(y + thickness / 2.0),
                text: lift_label(lift),
            },
        }
    };
    let rows: Vec<DecileRow> = deciles
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let row_top = PLOT_TOP + i as f64 * row;
            let first_y = row_top + (if two { 2.0 } else { (ROW - BAR) / 2.0 });
            DecileRow {
                name: decile_label(d.decile),
                name_y: baseline(row_top + row / 2.0),
                bar: bar(d.rate, first_y, BAR, d.lift),
                second: second
                    .and_then(|s| s.iter().find(|e| e.decile == d.decile))
                    .map(|e| bar(e.rate, first_y + BAR + 2.0, BAR_SECOND, e.lift)),
            }
        })
        .collect();
    let rows_height = if rows.is_empty() {
        EMPTY_ROWS * row
    } else {
        rows.len() as f64 * row
    };
    let plot_bottom = px(PLOT_TOP + rows_height);
    let plot = Rect {
        x: PLOT_LEFT,
        y: PLOT_TOP,
        width: PLOT_RIGHT - PLOT_LEFT,
        height: px(rows_height),
    };
    let base = (base_rate.is_finite() && base_rate >= 0.0).then(|| {
        let bx = x.map(base_rate);
        let text = format!("average {}", format(base_rate));
        let w = text_width(&text, FONT);
        BaseLine {
            x: bx,
            y1: PLOT_TOP - 4.0,
            y2: plot_bottom,
            label: Label {
                x: px((bx - w / 2.0).clamp(0.0, WIDTH - w)),
                y: px(PLOT_TOP - 10.0),
                text,
            },
        }
    });
    let ticks = fitting_ticks((0.0, top), 6, |t| x.map(t), tick_percent, FONT, WIDTH);
    let tick_y = px(plot_bottom + 20.0);
    let caption_text = "Conversion rate";
    let caption = Label {
        x: px((PLOT_LEFT + PLOT_RIGHT - text_width(caption_text, FONT)) / 2.0),
        y: px(tick_y + 22.0),
        text: caption_text.into(),
    };
    let legend_y = caption.y + 24.0;
    let mut legend = Vec::new();
    if two {
        let mut lx = PLOT_LEFT;
        for (name, thickness, class, color) in [
            (names.0, BAR, "bar first", ACCENT),
            (names.1, BAR_SECOND, "bar second", SECOND_COLOR),
        ] {
            legend.push(LiftLegendEntry {
                swatch: Rect {
                    x: px(lx),
                    y: px(legend_y - FONT * 0.35 - thickness / 2.0),
                    width: 16.0,
                    height: thickness,
                },
                label: Label {
                    x: px(lx + 22.0),
                    y: px(legend_y),
                    text: name.to_string(),
                },
                class,
                color,
            });
            lx += 22.0 + text_width(name, FONT) + 18.0;
        }
    }
    let empty_label = rows.is_empty().then(|| {
        let text = "no past leads with an outcome";
        Label {
            x: px((PLOT_LEFT + PLOT_RIGHT - text_width(text, FONT)) / 2.0),
            y: baseline(PLOT_TOP + rows_height / 2.0),
            text: text.into(),
        }
    });
    let last_y = legend.first().map_or(caption.y, |e| e.label.y);
    LiftGeometry {
        width: WIDTH,
        height: px(last_y + 8.0),
        plot,
        name_right: NAME_RIGHT,
        rows,
        base,
        ticks,
        tick_y,
        caption,
        legend,
        empty_label,
        min_width: min_render_width(WIDTH, &[FONT]),
    }
}

/// The top decile (decile 1, else the first given) and the bottom one (the highest number).
fn ends(deciles: &[DecileBar]) -> Option<(&DecileBar, &DecileBar)> {
    let top = deciles.iter().find(|d| d.decile == 1).or(deciles.first())?;
    let bottom = deciles.iter().max_by_key(|d| d.decile)?;
    Some((top, bottom))
}

/// The chart in one sentence, for its `<desc>`: how the top tenth converts against the
/// average, how many converters it holds, how the bottom tenth does, and the second model's
/// top tenth when there is one. Rates and shares are formatted by `format`.
pub fn lift_description(
    deciles: &[DecileBar],
    second: Option<&[DecileBar]>,
    base_rate: f64,
    second_name: &str,
    format: fn(f64) -> String,
) -> String {
    let Some((top, bottom)) = ends(deciles) else {
        return "No deciles: no past lead with a known outcome to test the model on.".into();
    };
    let mut d = format!(
        "The top tenth of scores converts at {} the average ({} against {}) and holds {} of \
         converters",
        lift_label(top.lift),
        format(top.rate),
        format(base_rate),
        format(top.capture)
    );
    if bottom.decile != top.decile {
        d.push_str(&format!(
            ", the bottom tenth at {}",
            lift_label(bottom.lift)
        ));
    }
    if let Some((s, _)) = second.and_then(ends) {
        d.push_str(&format!(
            "; with {second_name}, the top tenth converts at {} the average and holds {} of \
             converters",
            lift_label(s.lift),
            format(s.capture)
        ));
    }
    d.push('.');
    d
}

#[derive(Properties)]
pub struct LiftChartProps {
    /// The first (current) model's deciles, the top-scored tenth first.
    pub deciles: Vec<DecileBar>,
    /// The conversion rate over all the past leads.
    pub base_rate: f64,
    /// A second (proposed) model's deciles, drawn as narrower bars.
    #[prop_or_default]
    pub second: Option<Vec<DecileBar>>,
    /// The models' names, for the legend and the hidden table when there are two.
    #[prop_or(AttrValue::Static("Today"))]
    pub first_name: AttrValue,
    #[prop_or(AttrValue::Static("Proposed"))]
    pub second_name: AttrValue,
    /// Formats a rate or a share: "12.3 %".
    pub format: fn(f64) -> String,
}

// By hand because of the function pointer, as for the other charts.
impl PartialEq for LiftChartProps {
    fn eq(&self, other: &Self) -> bool {
        self.deciles == other.deciles
            && self.base_rate.to_bits() == other.base_rate.to_bits()
            && self.second == other.second
            && self.first_name == other.first_name
            && self.second_name == other.second_name
            && std::ptr::fn_addr_eq(self.format, other.format)
    }
}

fn text(l: &Label, class: &'static str, fill: &'static str) -> Html {
    html! {
        <text class={class} x={num(l.x)} y={num(l.y)} font-size={num(FONT)} fill={fill}>
            { l.text.clone() }
        </text>
    }
}

fn bar(b: &LiftBar, class: &'static str, color: &'static str) -> Html {
    html! {
        <>
            <rect class={class} x={num(b.rect.x)} y={num(b.rect.y)} width={num(b.rect.width)}
                height={num(b.rect.height)} rx="2" fill={color} />
            { text(&b.lift, "lift", INK) }
        </>
    }
}

#[component]
pub fn LiftChart(props: &LiftChartProps) -> Html {
    let (title_id, desc_id) = use_chart_ids("lift");
    let wrapper = use_node_ref();
    let region = use_scroll_region(wrapper.clone(), TITLE);
    let format = props.format;
    let second = props.second.as_deref();
    let g = lift_geometry(
        &props.deciles,
        second,
        props.base_rate,
        (&props.first_name, &props.second_name),
        format,
    );
    let desc = lift_description(
        &props.deciles,
        second,
        props.base_rate,
        &props.second_name,
        format,
    );
    let p = &g.plot;
    let find = |d: u32| second.and_then(|s| s.iter().find(|e| e.decile == d));
    let cells = |d: Option<&DecileBar>| match d {
        Some(d) => html! {
            <>
                <td>{ format(d.rate) }</td>
                <td>{ lift_label(d.lift) }</td>
                <td>{ format(d.capture) }</td>
            </>
        },
        None => html! { <><td /><td /><td /></> },
    };
    let prefix = |name: &AttrValue| {
        if second.is_some() {
            format!("{name}: ")
        } else {
            String::new()
        }
    };
    html! {
        <div ref={wrapper} class="chart lift-chart" tabindex={region.tabindex} role={region.role}
            aria-label={region.label}>
            <svg class="chart-svg" viewBox={format!("0 0 {} {}", g.width, g.height)} width="100%"
                style={min_width_style(g.min_width)} role="img"
                aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ TITLE }</title>
                <desc id={desc_id}>{ desc }</desc>
                for t in &g.ticks {
                    <line class="grid" x1={num(t.x)} x2={num(t.x)} y1={num(p.y)}
                        y2={num(p.y + p.height)} stroke={GRID} stroke-width="1" />
                    <text class="tick" x={num(t.label_x)} y={num(g.tick_y)}
                        font-size={num(FONT)} fill={INK_SOFT}>{ t.label.clone() }</text>
                }
                <line class="axis" x1={num(p.x)} x2={num(p.x)} y1={num(p.y)}
                    y2={num(p.y + p.height)} stroke={INK} stroke-width="1" />
                { text(&g.caption, "axis-caption", INK) }
                for r in &g.rows {
                    <text class="decile" x={num(g.name_right)} y={num(r.name_y)}
                        text-anchor="end" font-size={num(FONT)} fill={INK}>
                        { r.name.clone() }
                    </text>
                    { bar(&r.bar, "bar first", ACCENT) }
                    if let Some(s) = &r.second {
                        { bar(s, "bar second", SECOND_COLOR) }
                    }
                }
                if let Some(b) = &g.base {
                    <line class="base-rate" x1={num(b.x)} x2={num(b.x)} y1={num(b.y1)}
                        y2={num(b.y2)} stroke={INK_SOFT} stroke-width="1.5"
                        stroke-dasharray="5 4" />
                    { text(&b.label, "base-rate-label", INK_SOFT) }
                }
                if let Some(l) = &g.empty_label {
                    { text(l, "no-data", INK_SOFT) }
                }
                for e in &g.legend {
                    <rect class={e.class} x={num(e.swatch.x)} y={num(e.swatch.y)}
                        width={num(e.swatch.width)} height={num(e.swatch.height)} rx="2"
                        fill={e.color} />
                    { text(&e.label, "legend-label", INK) }
                }
            </svg>
            <div class="sr-only" style={SR_ONLY}><table>
                <caption>{ format!("{TITLE}; on average {}", format(props.base_rate)) }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "Tenth of scores" }</th>
                        <th scope="col">{ format!("{}Conversion rate", prefix(&props.first_name)) }</th>
                        <th scope="col">{ format!("{}Lift", prefix(&props.first_name)) }</th>
                        <th scope="col">{ format!("{}Converters caught so far", prefix(&props.first_name)) }</th>
                        if second.is_some() {
                            <th scope="col">{ format!("{}Conversion rate", prefix(&props.second_name)) }</th>
                            <th scope="col">{ format!("{}Lift", prefix(&props.second_name)) }</th>
                            <th scope="col">{ format!("{}Converters caught so far", prefix(&props.second_name)) }</th>
                        }
                    </tr>
                </thead>
                <tbody>
                    for d in &props.deciles {
                        <tr>
                            <th scope="row">{ decile_label(d.decile) }</th>
                            { cells(Some(d)) }
                            if second.is_some() {
                                { cells(find(d.decile)) }
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

    /// Ten deciles over 1,000 leads and 123 converters, falling from the top.
    fn deciles() -> Vec<DecileBar> {
        let converters = [30.0, 22.0, 17.0, 14.0, 11.0, 9.0, 8.0, 6.0, 4.0, 2.0];
        let base = 0.123;
        let mut caught = 0.0;
        converters
            .iter()
            .enumerate()
            .map(|(i, c)| {
                caught += c;
                DecileBar {
                    decile: i as u32 + 1,
                    rate: c / 100.0,
                    lift: c / 100.0 / base,
                    capture: caught / 123.0,
                }
            })
            .collect()
    }

    fn geometry(second: Option<&[DecileBar]>) -> LiftGeometry {
        lift_geometry(&deciles(), second, 0.123, ("Today", "Proposed"), pct)
    }

    fn assert_finite(g: &LiftGeometry) {
        let text = format!("{g:?}");
        assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
    }

    #[test]
    fn bars_are_as_long_as_their_rate() {
        let g = geometry(None);
        assert_eq!(g.rows.len(), 10);
        // The top of the axis is a round value above the highest rate (30 %): 30 % itself.
        let per_unit = g.rows[0].bar.rect.width / 0.30;
        assert_eq!(g.rows[0].bar.rect.width, PLOT_RIGHT - PLOT_LEFT);
        for (r, d) in g.rows.iter().zip(deciles()) {
            assert_eq!(r.bar.rect.x, PLOT_LEFT);
            assert!(
                (r.bar.rect.width - d.rate * per_unit).abs() <= 0.1,
                "{r:?} for {d:?}"
            );
            assert!(r.second.is_none());
        }
        // The top tenth on top, rows one under the other.
        for w in g.rows.windows(2) {
            assert!(w[0].bar.rect.y + w[0].bar.rect.height <= w[1].bar.rect.y);
        }
        assert_finite(&g);
    }

    #[test]
    fn each_bar_is_labelled_with_its_lift_and_decile() {
        let g = geometry(None);
        let names: Vec<&str> = g.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Top 10 %",
                "2nd",
                "3rd",
                "4th",
                "5th",
                "6th",
                "7th",
                "8th",
                "9th",
                "Bottom 10 %"
            ]
        );
        assert_eq!(g.rows[0].bar.lift.text, "2.4×");
        assert_eq!(g.rows[9].bar.lift.text, "0.2×");
        for r in &g.rows {
            let b = &r.bar;
            assert_eq!(b.lift.x, px(b.rect.x + b.rect.width + 5.0));
            assert!(b.lift.x + text_width("10.0×", FONT) <= WIDTH, "{r:?}");
            assert!(text_width(&r.name, FONT) <= NAME_RIGHT, "{r:?}");
            // The lift's text sits on its bar's middle.
            let middle = b.rect.y + b.rect.height / 2.0;
            assert!(b.lift.y > middle && b.lift.y < b.rect.y + b.rect.height + 2.0);
        }
    }

    #[test]
    fn the_base_line_sits_at_the_base_rate() {
        let g = geometry(None);
        let b = g.base.clone().unwrap();
        let x = LinearScale::new((0.0, 0.3), (PLOT_LEFT, PLOT_RIGHT));
        assert_eq!(b.x, x.map(0.123));
        assert_eq!((b.y1, b.y2), (PLOT_TOP - 4.0, g.plot.y + g.plot.height));
        assert_eq!(b.label.text, "average 12.3 %");
        assert!(b.label.x >= 0.0 && b.label.x + text_width(&b.label.text, FONT) <= WIDTH);
        assert!(b.label.y < PLOT_TOP - 4.0);
        // A decile converting at the base rate ends exactly on the line.
        let at_base = [DecileBar {
            decile: 1,
            rate: 0.123,
            lift: 1.0,
            capture: 1.0,
        }];
        let g = lift_geometry(&at_base, None, 0.123, ("a", "b"), pct);
        let b = g.base.unwrap();
        assert_eq!(g.rows[0].bar.rect.x + g.rows[0].bar.rect.width, b.x);
        assert_eq!(g.rows[0].bar.lift.text, "1.0×");
    }

    #[test]
    fn ticks_are_percentages_that_do_not_touch() {
        let g = geometry(None);
        assert_eq!(g.ticks[0].x, PLOT_LEFT);
        assert_eq!(g.ticks[0].label, "0 %");
        assert!(g.ticks.len() >= 3);
        for w in g.ticks.windows(2) {
            assert!(
                w[0].label_x + text_width(&w[0].label, FONT) < w[1].label_x,
                "{w:?}"
            );
        }
        assert!(g.tick_y > g.plot.y + g.plot.height && g.caption.y > g.tick_y);
        assert!(g.caption.y < g.height);
    }

    #[test]
    fn a_second_model_gets_a_narrower_bar_under_each() {
        let proposed: Vec<DecileBar> = deciles()
            .into_iter()
            .rev()
            .enumerate()
            .map(|(i, d)| DecileBar {
                decile: i as u32 + 1,
                rate: d.rate * 1.5,
                lift: d.lift * 1.5,
                capture: d.capture,
            })
            .filter(|d| d.decile != 5)
            .collect();
        let g = geometry(Some(&proposed));
        // The axis now reaches the proposed model's highest rate: 45 %, rounded up to 50 %.
        let x = LinearScale::new((0.0, 0.5), (PLOT_LEFT, PLOT_RIGHT));
        assert_eq!(g.rows[0].bar.rect.width, px(x.map(0.3) - PLOT_LEFT));
        for r in &g.rows {
            let Some(s) = &r.second else {
                assert_eq!(r.name, "5th", "matched by decile number");
                continue;
            };
            assert!(s.rect.height < r.bar.rect.height);
            assert!(s.rect.y >= r.bar.rect.y + r.bar.rect.height);
            // The two lifts' texts do not overlap.
            assert!(s.lift.y - r.bar.lift.y >= FONT);
        }
        let first = g.rows[0].second.as_ref().unwrap();
        assert_eq!(first.rect.width, px(x.map(0.03) - PLOT_LEFT));
        assert_eq!(first.lift.text, lift_label(0.02 / 0.123 * 1.5));
        let legend: Vec<&str> = g.legend.iter().map(|e| e.label.text.as_str()).collect();
        assert_eq!(legend, ["Today", "Proposed"]);
        assert_eq!(g.legend[1].class, "bar second");
        assert!(g.legend[1].label.y < g.height);
        // Every row still fits the plot.
        let last = &g.rows[9];
        assert!(last.second.as_ref().unwrap().rect.y + BAR_SECOND <= g.plot.y + g.plot.height);
        assert_finite(&g);
    }

    #[test]
    fn empty_and_undefined_inputs_draw_an_empty_chart() {
        let g = lift_geometry(&[], None, f64::NAN, ("a", "b"), pct);
        assert!(g.rows.is_empty() && g.base.is_none() && g.legend.is_empty());
        assert!(g.empty_label.is_some());
        assert!(g.plot.height > 0.0 && g.height > g.plot.y + g.plot.height);
        assert_finite(&g);
        let odd = [DecileBar {
            decile: 1,
            rate: f64::NAN,
            lift: f64::INFINITY,
            capture: f64::NAN,
        }];
        let g = lift_geometry(&odd, Some(&[]), 0.0, ("a", "b"), pct);
        assert_eq!(g.rows[0].bar.rect.width, 0.0);
        assert_eq!(g.rows[0].bar.lift.text, "—");
        assert_eq!(g.rows[0].second, None);
        assert_finite(&g);
    }

    #[test]
    fn deciles_are_named() {
        let names: Vec<String> = [1, 2, 3, 4, 9, 10, 11, 12, 21].map(decile_label).to_vec();
        assert_eq!(
            names,
            [
                "Top 10 %",
                "2nd",
                "3rd",
                "4th",
                "9th",
                "Bottom 10 %",
                "11th",
                "12th",
                "21st"
            ]
        );
        assert_eq!(lift_label(2.449), "2.4×");
        assert_eq!(lift_label(f64::NAN), "—");
        assert_eq!(axis_top(0.3), 0.3);
        assert_eq!(axis_top(0.45), 0.5);
        assert_eq!(axis_top(0.0), 0.1);
    }

    #[test]
    fn descriptions() {
        let d = deciles();
        assert_eq!(
            lift_description(&d, None, 0.123, "Proposed", pct),
            "The top tenth of scores converts at 2.4× the average (30.0 % against 12.3 %) and \
             holds 24.4 % of converters, the bottom tenth at 0.2×."
        );
        let better: Vec<DecileBar> = d
            .iter()
            .map(|x| DecileBar {
                lift: x.lift * 1.25,
                capture: (x.capture * 1.25).min(1.0),
                ..x.clone()
            })
            .collect();
        assert_eq!(
            lift_description(&d, Some(&better), 0.123, "Proposed", pct),
            "The top tenth of scores converts at 2.4× the average (30.0 % against 12.3 %) and \
             holds 24.4 % of converters, the bottom tenth at 0.2×; with Proposed, the top \
             tenth converts at 3.0× the average and holds 30.5 % of converters."
        );
        assert_eq!(
            lift_description(&[], None, 0.1, "Proposed", pct),
            "No deciles: no past lead with a known outcome to test the model on."
        );
    }
}
