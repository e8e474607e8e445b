//! Which lever matters most: a tornado chart, one row per lever, biggest swing first; from a
//! centre line (the scenario as it is), a bar to each end of the lever's range, as long as the
//! change in revenue it makes. A click on a bar applies that end.

use yew::prelude::*;

use super::scale::{px, text_width, LinearScale};
use super::{
    min_render_width, min_width_style, num, use_chart_ids, use_scroll_region, GRID, INK, SR_ONLY,
};

pub(super) const WIDTH: f64 = 488.0;
const LABEL_RIGHT: f64 = 176.0;
const PLOT_LEFT: f64 = 186.0;
const PLOT_RIGHT: f64 = 480.0;
const ROW: f64 = 30.0;
const TOP: f64 = 8.0;
const FONT: f64 = 15.0;
#[cfg(test)]
pub(super) const FONTS: [f64; 1] = [FONT];
const TITLE: &str = "Which lever moves revenue most";
const LOWER: &str = "#b91c1c";
const HIGHER: &str = "#0f766e";

#[derive(Clone, Debug, PartialEq)]
pub struct TornadoInput {
    pub lever: String,
    /// What each end sets, and the change it makes.
    pub low: (String, f64),
    pub high: (String, f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct TornadoBar {
    pub x: f64,
    pub width: f64,
    /// Whether the change is a gain (drawn in green) or a loss (red).
    pub gain: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TornadoRow {
    /// The lever's name, shortened to fit its column; the full one is in the bar's title.
    pub label: String,
    pub y: f64,
    pub low: TornadoBar,
    pub high: TornadoBar,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TornadoGeometry {
    pub rows: Vec<TornadoRow>,
    pub centre: f64,
    pub height: f64,
    pub min_width: f64,
}

/// `text` cut with an ellipsis to fit `width` units in a `font`-unit font.
pub fn fit_text(text: &str, width: f64, font: f64) -> String {
    if text_width(text, font) <= width {
        return text.to_string();
    }
    let mut out: String = String::new();
    for c in text.chars() {
        if text_width(&format!("{out}{c}…"), font) > width {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

fn bar(scale: &LinearScale, centre: f64, delta: f64) -> TornadoBar {
    let end = px(scale.map(delta));
    let (x, width) = if end < centre {
        (end, centre - end)
    } else {
        (centre, end - centre)
    };
    TornadoBar {
        x,
        // A lever that changes nothing still shows where it is, as a hairline.
        width: width.max(1.0),
        gain: delta > 0.0,
    }
}

pub fn tornado_geometry(rows: &[TornadoInput]) -> Option<TornadoGeometry> {
    if rows.is_empty() {
        return None;
    }
    let reach = rows
        .iter()
        .flat_map(|r| [r.low.1, r.high.1])
        .filter(|x| x.is_finite())
        .fold(0.0, |m: f64, x| m.max(x.abs()))
        .max(1e-9);
    let scale = LinearScale::new((-reach, reach), (PLOT_LEFT, PLOT_RIGHT));
    let centre = px(scale.map(0.0));
    let out = rows
        .iter()
        .enumerate()
        .map(|(i, r)| TornadoRow {
            label: fit_text(&r.lever, LABEL_RIGHT - 4.0, FONT),
            y: TOP + i as f64 * ROW,
            low: bar(&scale, centre, r.low.1),
            high: bar(&scale, centre, r.high.1),
        })
        .collect();
    Some(TornadoGeometry {
        rows: out,
        centre,
        height: TOP * 2.0 + rows.len() as f64 * ROW,
        min_width: min_render_width(WIDTH, &[FONT]),
    })
}

#[derive(Properties)]
pub struct TornadoChartProps {
    pub rows: Vec<TornadoInput>,
    /// How a change reads ("+$0.4M").
    pub format: fn(f64) -> String,
    /// Row `i`'s low (false) or high (true) end was picked.
    pub on_pick: Callback<(usize, bool)>,
}

// By hand because of the function pointer, as the funnel chart does.
impl PartialEq for TornadoChartProps {
    fn eq(&self, other: &Self) -> bool {
        self.rows == other.rows
            && std::ptr::fn_addr_eq(self.format, other.format)
            && self.on_pick == other.on_pick
    }
}

#[component]
pub fn TornadoChart(props: &TornadoChartProps) -> Html {
    let (title_id, desc_id) = use_chart_ids("tornado");
    let wrapper = use_node_ref();
    let region = use_scroll_region(wrapper.clone(), TITLE);
    let Some(g) = tornado_geometry(&props.rows) else {
        return Html::default();
    };
    let f = props.format;
    html! {
        <div ref={wrapper} class="chart tornado-chart" tabindex={region.tabindex} role={region.role}
            aria-label={region.label}>
            <svg class="chart-svg" viewBox={format!("0 0 {WIDTH} {}", g.height)} width="100%"
                style={min_width_style(g.min_width)} role="img"
                aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ TITLE }</title>
                <desc id={desc_id}>{ "For each lever, the change in revenue at each end of its range, biggest first." }</desc>
                <line class="axis" x1={num(g.centre)} x2={num(g.centre)} y1="0" y2={num(g.height)}
                    stroke={INK} stroke-width="1" />
                for (i, (row, input)) in g.rows.iter().zip(&props.rows).enumerate() {
                    <line class="grid" x1={num(PLOT_LEFT)} x2={num(PLOT_RIGHT)}
                        y1={num(row.y + ROW - 2.0)} y2={num(row.y + ROW - 2.0)} stroke={GRID} stroke-width="1" />
                    <text x={num(LABEL_RIGHT)} y={num(row.y + ROW / 2.0)} text-anchor="end"
                        dominant-baseline="central" font-size={num(FONT)} fill={INK}>
                        { row.label.clone() }
                    </text>
                    for (high, b, (label, delta)) in [(false, &row.low, &input.low), (true, &row.high, &input.high)] {
                        {{
                            let pick = props.on_pick.clone();
                            html! {
                                <rect class="bar" data-lever={input.lever.clone()} data-end={if high { "high" } else { "low" }}
                                    x={num(b.x)} y={num(row.y + 4.0)} width={num(b.width)} height={num(ROW - 10.0)}
                                    rx="2" fill={if b.gain { HIGHER } else { LOWER }} style="cursor:pointer"
                                    onclick={Callback::from(move |_: MouseEvent| pick.emit((i, high)))}>
                                    <title>{ format!("{}: {} → revenue {} (click to apply)", input.lever, label, f(*delta)) }</title>
                                </rect>
                            }
                        }}
                    }
                }
            </svg>
            <div class="sr-only" style={SR_ONLY}><table>
                <caption>{ TITLE }</caption>
                <thead><tr><th scope="col">{ "Lever" }</th><th scope="col">{ "One end" }</th><th scope="col">{ "Other end" }</th></tr></thead>
                <tbody>
                    for r in &props.rows {
                        <tr>
                            <th scope="row">{ r.lever.clone() }</th>
                            <td>{ format!("{}: {}", r.low.0, f(r.low.1)) }</td>
                            <td>{ format!("{}: {}", r.high.0, f(r.high.1)) }</td>
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

    fn row(name: &str, lo: f64, hi: f64) -> TornadoInput {
        TornadoInput {
            lever: name.into(),
            low: ("low".into(), lo),
            high: ("high".into(), hi),
        }
    }

    #[test]
    fn bars_grow_from_the_centre_in_proportion() {
        let g = tornado_geometry(&[row("a", -200.0, 100.0), row("b", 50.0, -10.0)]).unwrap();
        let centre = (PLOT_LEFT + PLOT_RIGHT) / 2.0;
        assert!((g.centre - centre).abs() < 0.01);
        let a = &g.rows[0];
        assert!(
            (a.low.x + a.low.width - g.centre).abs() < 0.01,
            "a loss ends at the centre"
        );
        assert!((a.low.width - 2.0 * a.high.width).abs() < 0.05);
        assert!(
            (a.low.width - (PLOT_RIGHT - PLOT_LEFT) / 2.0).abs() < 0.05,
            "the biggest reaches the edge"
        );
        assert!(!a.low.gain && a.high.gain);
        assert!(g.rows[1].y > a.y);
        assert!(tornado_geometry(&[]).is_none());
        // No change is a hairline, never a missing bar.
        let z = tornado_geometry(&[row("z", 0.0, 0.0)]).unwrap();
        assert_eq!(z.rows[0].low.width, 1.0);
    }

    #[test]
    fn long_names_are_cut_to_their_column() {
        let t = fit_text(
            "Rule “Very small company (< 10 staff)”",
            LABEL_RIGHT - 4.0,
            FONT,
        );
        assert!(
            t.ends_with('…') && text_width(&t, FONT) <= LABEL_RIGHT - 4.0,
            "{t}"
        );
        assert_eq!(fit_text("CRM sync", 100.0, FONT), "CRM sync");
    }
}
