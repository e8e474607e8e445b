//! Two distributions of one metric over the same trials, on common bins: the baseline's as an
//! outline, the scenario on screen's as filled bars, so the room sees how far apart they are
//! and how much they overlap.

use yew::prelude::*;

use super::scale::{px, LinearScale};
use super::{
    min_render_width, min_width_style, num, use_chart_ids, use_scroll_region, Rect, Tick, INK,
    INK_SOFT, SR_ONLY,
};

pub(super) const WIDTH: f64 = 488.0;
const HEIGHT: f64 = 170.0;
const LEFT: f64 = 16.0;
const RIGHT: f64 = 472.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 130.0;
const FONT: f64 = 15.0;
#[cfg(test)]
pub(super) const FONTS: [f64; 1] = [FONT];
const BINS: usize = 24;
const NOW: &str = "#1d4ed8";
const BASE: &str = "#334155";

#[derive(Clone, Debug, PartialEq)]
pub struct OverlayGeometry {
    /// The scenario on screen, filled.
    pub now: Vec<Rect>,
    /// The baseline, as one outline path.
    pub baseline: String,
    pub ticks: Vec<Tick>,
    pub min_width: f64,
}

/// Shares of `values` in each of `bins` equal bins over `[lo, hi]` (the last closed).
pub fn shares(values: &[f64], lo: f64, hi: f64, bins: usize) -> Vec<f64> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let mut counts = vec![0.0; bins];
    if finite.is_empty() {
        return counts;
    }
    let width = (hi - lo) / bins as f64;
    for v in &finite {
        let i = if width > 0.0 {
            ((v - lo) / width) as usize
        } else {
            0
        };
        counts[i.min(bins - 1)] += 1.0;
    }
    counts.iter().map(|c| c / finite.len() as f64).collect()
}

pub fn overlay_geometry(
    baseline: &[f64],
    now: &[f64],
    format: fn(f64) -> String,
) -> Option<OverlayGeometry> {
    let all = baseline
        .iter()
        .chain(now)
        .copied()
        .filter(|v| v.is_finite());
    let (lo, hi) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    if !lo.is_finite() {
        return None;
    }
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let (sb, sn) = (shares(baseline, lo, hi, BINS), shares(now, lo, hi, BINS));
    let top = sb.iter().chain(&sn).copied().fold(0.0, f64::max).max(1e-9);
    let x = LinearScale::new((lo, hi), (LEFT, RIGHT));
    let y = LinearScale::new((0.0, top), (BOTTOM, TOP));
    let w = (RIGHT - LEFT) / BINS as f64;
    let now_rects = sn
        .iter()
        .enumerate()
        .map(|(i, s)| Rect {
            x: px(LEFT + i as f64 * w + 0.5),
            y: px(y.map(*s)),
            width: px(w - 1.0),
            height: px(BOTTOM - y.map(*s)),
        })
        .collect();
    let mut path = format!("M{LEFT},{BOTTOM}");
    for (i, s) in sb.iter().enumerate() {
        let yy = px(y.map(*s));
        path.push_str(&format!(
            " L{},{yy} L{},{yy}",
            px(LEFT + i as f64 * w),
            px(LEFT + (i + 1) as f64 * w)
        ));
    }
    path.push_str(&format!(" L{RIGHT},{BOTTOM}"));
    let ticks = [lo, (lo + hi) / 2.0, hi]
        .into_iter()
        .map(|v| Tick::new(px(x.map(v)), format(v), FONT, WIDTH))
        .collect();
    Some(OverlayGeometry {
        now: now_rects,
        baseline: path,
        ticks,
        min_width: min_render_width(WIDTH, &[FONT]),
    })
}

#[derive(Properties)]
pub struct OverlayChartProps {
    pub title: AttrValue,
    pub baseline: Vec<f64>,
    pub now: Vec<f64>,
    pub format: fn(f64) -> String,
}

impl PartialEq for OverlayChartProps {
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title
            && self.baseline == other.baseline
            && self.now == other.now
            && std::ptr::fn_addr_eq(self.format, other.format)
    }
}

#[component]
pub fn OverlayChart(props: &OverlayChartProps) -> Html {
    let (title_id, desc_id) = use_chart_ids("overlay");
    let wrapper = use_node_ref();
    let region = use_scroll_region(wrapper.clone(), &props.title);
    let Some(g) = overlay_geometry(&props.baseline, &props.now, props.format) else {
        return Html::default();
    };
    html! {
        <div ref={wrapper} class="chart overlay-chart" tabindex={region.tabindex} role={region.role}
            aria-label={region.label}>
            <svg class="chart-svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} width="100%"
                style={min_width_style(g.min_width)} role="img"
                aria-labelledby={format!("{title_id} {desc_id}")}>
                <title id={title_id}>{ props.title.clone() }</title>
                <desc id={desc_id}>{ "Filled bars: the scenario on screen; outline: the baseline; each as a share of its runs." }</desc>
                <rect x={num(LEFT)} y="4" width="14" height="14" fill={NOW} fill-opacity="0.6" />
                <text x={num(LEFT + 20.0)} y="16" font-size={num(FONT)} fill={INK}>{ "now" }</text>
                <path d="M80,11 L100,11" stroke={BASE} stroke-width="2.5" fill="none" />
                <text x="106" y="16" font-size={num(FONT)} fill={INK}>{ "baseline" }</text>
                for r in &g.now {
                    <rect class="bar" x={num(r.x)} y={num(r.y)} width={num(r.width)} height={num(r.height)}
                        fill={NOW} fill-opacity="0.6" />
                }
                <path class="baseline" d={g.baseline.clone()} fill="none" stroke={BASE} stroke-width="2.5" />
                <line x1={num(LEFT)} x2={num(RIGHT)} y1={num(BOTTOM)} y2={num(BOTTOM)} stroke={INK} stroke-width="1" />
                for t in &g.ticks {
                    <text x={num(t.label_x)} y={num(BOTTOM + 20.0)} font-size={num(FONT)} fill={INK_SOFT}>{ t.label.clone() }</text>
                }
            </svg>
            <p class="sr-only" style={SR_ONLY}>{ format!("{} runs of each.", props.now.len()) }</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(x: f64) -> String {
        format!("{x:.0}")
    }

    #[test]
    fn both_distributions_share_their_bins() {
        let base: Vec<f64> = (0..100).map(|i| i as f64).collect();
        let now: Vec<f64> = (50..150).map(|i| i as f64).collect();
        let s = shares(&now, 0.0, 150.0, 3);
        assert_eq!(s, [0.0, 0.5, 0.5]);
        assert!((shares(&base, 0.0, 150.0, 3).iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let g = overlay_geometry(&base, &now, fmt).unwrap();
        assert_eq!(g.now.len(), BINS);
        // The scenario on screen has nothing in the lowest bins, the baseline has.
        assert_eq!(g.now[0].height, 0.0);
        assert!(g.baseline.starts_with(&format!("M{LEFT},{BOTTOM}")));
        assert_eq!(g.ticks[0].label, "0");
        assert_eq!(g.ticks[2].label, "149");
        assert!(overlay_geometry(&[], &[f64::NAN], fmt).is_none());
    }
}
