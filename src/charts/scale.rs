//! Scales, ticks and label placement shared by the charts: numbers in, coordinates out.
//!
//! Nothing here knows about yew or the DOM, so all of it is tested natively. Nothing here
//! formats a metric either: labels that show a metric's value come from the caller's formatter.

/// Rounds a coordinate to a tenth of a unit: finer than any screen shows, and coarse enough
/// that tests can compare coordinates exactly and the DOM does not carry 17-digit numbers.
pub fn px(x: f64) -> f64 {
    let r = (x * 10.0).round() / 10.0;
    // `-0` would print as "-0" in a path string.
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A linear map from a domain of values to a range of coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearScale {
    d0: f64,
    d1: f64,
    r0: f64,
    r1: f64,
}

impl LinearScale {
    pub fn new((d0, d1): (f64, f64), (r0, r1): (f64, f64)) -> LinearScale {
        LinearScale { d0, d1, r0, r1 }
    }

    /// The coordinate of `v`, rounded with [`px`]. A degenerate domain (all values equal) maps
    /// everything to the middle of the range, which is where a single bar belongs.
    pub fn map(&self, v: f64) -> f64 {
        if self.d1 == self.d0 {
            return px((self.r0 + self.r1) / 2.0);
        }
        px(self.r0 + (v - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0))
    }
}

/// A base-10 logarithmic map over whole decades, `10^lo_exp ..= 10^hi_exp`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogScale {
    lo_exp: i32,
    hi_exp: i32,
    r0: f64,
    r1: f64,
}

/// Slack for `log10` of exact powers of ten, which may land an ulp off the integer.
const LOG_EPS: f64 = 1e-9;

impl LogScale {
    /// The smallest run of whole decades that gives every positive finite value a visible
    /// length: the bottom is the largest power of ten strictly below the smallest value (so a
    /// value of exactly 10 is not drawn as an empty bar), the top the smallest power of ten
    /// at or above the largest. Without any positive value the decade 1..10 stands in.
    pub fn covering(values: impl IntoIterator<Item = f64>, range: (f64, f64)) -> LogScale {
        let (mut min, mut max) = (f64::INFINITY, 0.0f64);
        for v in values.into_iter().filter(|v| v.is_finite() && *v > 0.0) {
            min = min.min(v);
            max = max.max(v);
        }
        let (lo_exp, hi_exp) = if max > 0.0 {
            let lo = (min.log10() - LOG_EPS).ceil() as i32 - 1;
            let hi = (max.log10() - LOG_EPS).ceil() as i32;
            (lo, hi.max(lo + 1))
        } else {
            (0, 1)
        };
        LogScale {
            lo_exp,
            hi_exp,
            r0: range.0,
            r1: range.1,
        }
    }

    /// The coordinate of `v`; zero, negative and undefined values sit at the start of the
    /// range, where a bar of them has no length.
    pub fn map(&self, v: f64) -> f64 {
        if !(v.is_finite() && v > 0.0) {
            return px(self.r0);
        }
        let t = (v.log10() - self.lo_exp as f64) / (self.hi_exp - self.lo_exp) as f64;
        px(self.r0 + t.clamp(0.0, 1.0) * (self.r1 - self.r0))
    }

    /// The powers of ten from the bottom to the top of the scale.
    pub fn decades(&self) -> Vec<f64> {
        (self.lo_exp..=self.hi_exp).map(|e| 10f64.powi(e)).collect()
    }
}

/// Between three and five round tick values (1, 2 or 5 times a power of ten) inside
/// `[lo, hi]`; the single value when `lo == hi`; nothing when either end is undefined.
/// When no round step gives three ticks, the ends and the middle stand in.
pub fn nice_ticks(lo: f64, hi: f64) -> Vec<f64> {
    nice_ticks_up_to(lo, hi, 5)
}

/// As [`nice_ticks`], with up to `max` ticks (at least 3) for wide axes.
pub fn nice_ticks_up_to(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) {
        return Vec::new();
    }
    if lo == hi {
        return vec![lo];
    }
    let max = max.max(3);
    let (lo, hi) = if lo < hi { (lo, hi) } else { (hi, lo) };
    let fallback = vec![lo, (lo + hi) / 2.0, hi];
    // A step of a thousandth of the span gives a thousand ticks, more than anyone asks for,
    // so the first step from there that gives `max` or fewer is the finest acceptable one.
    let e0 = (hi - lo).log10().floor() as i32 - 3;
    for e in e0..=e0 + 4 {
        for m in [1i64, 2, 5] {
            let ticks = ticks_with_step(lo, hi, m, e, max);
            if ticks.len() <= max {
                return if ticks.len() >= 3 { ticks } else { fallback };
            }
        }
    }
    fallback
}

/// Multiples of `m · 10^e` inside `[lo, hi]`, computed as integer over power of ten so that
/// 0.3 comes out as 0.3 and not 0.30000000000000004. More than `max` come back as a
/// placeholder of `max + 1` zeros: the caller only needs to know there are too many.
fn ticks_with_step(lo: f64, hi: f64, m: i64, e: i32, max: usize) -> Vec<f64> {
    let step = m as f64 * 10f64.powi(e);
    let first = (lo / step - LOG_EPS).ceil() as i64;
    let last = (hi / step + LOG_EPS).floor() as i64;
    if last - first + 1 > max as i64 {
        return vec![0.0; max + 1];
    }
    (first..=last)
        .map(|k| {
            if e >= 0 {
                (k * m) as f64 * 10f64.powi(e)
            } else {
                (k * m) as f64 / 10f64.powi(-e)
            }
        })
        .collect()
}

/// How a label hangs from its x coordinate, as SVG's `text-anchor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// Rough width of a label in a proportional sans-serif: about 0.6 em a character. Only used
/// to keep labels inside the frame, where an estimate is enough.
pub fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().count() as f64 * font_size * 0.6
}

/// The x at which a label of `width`, meant to hang from `x` by `anchor`, starts once moved
/// inside `[left, right]`. The result is used with `text-anchor="start"`.
pub fn fit_label(x: f64, width: f64, anchor: Anchor, left: f64, right: f64) -> f64 {
    let start = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - width / 2.0,
        Anchor::End => x - width,
    };
    px(start.min(right - width).max(left))
}

/// A share as a percentage with a thin rounding rule: whole percents from 10 %, one decimal
/// below (a 4.2 % win rate should not read as 4 %), two below 1 %.
pub fn percent(share: f64) -> String {
    if !share.is_finite() {
        return "–".into();
    }
    let p = share * 100.0;
    if p == 0.0 {
        "0 %".into()
    } else if p.abs() >= 9.95 {
        format!("{p:.0} %")
    } else if p.abs() >= 0.995 {
        format!("{p:.1} %")
    } else {
        format!("{p:.2} %")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_maps_ends_and_middle() {
        let s = LinearScale::new((0.0, 10.0), (100.0, 300.0));
        assert_eq!(s.map(0.0), 100.0);
        assert_eq!(s.map(10.0), 300.0);
        assert_eq!(s.map(2.5), 150.0);
        // A degenerate domain centres everything.
        let flat = LinearScale::new((5.0, 5.0), (100.0, 300.0));
        assert_eq!(flat.map(5.0), 200.0);
        assert_eq!(flat.map(-1e9), 200.0);
    }

    #[test]
    fn log_scale_covers_whole_decades() {
        fn check(values: &[f64], want: (i32, i32)) {
            let s = LogScale::covering(values.iter().copied(), (0.0, 1.0));
            assert_eq!((s.lo_exp, s.hi_exp), want, "{values:?}");
        }
        check(&[10_000.0, 1_200.0, 70.0], (1, 4));
        // Exactly 10 must not sit on the bottom of the scale (an empty bar).
        check(&[10.0, 1_000.0], (0, 3));
        check(&[9_999.0, 10_001.0, 65.0], (1, 5));
        // All equal to a power of ten still spans a decade.
        check(&[100.0, 100.0], (1, 2));
        check(&[0.3, 2.0], (-1, 1));
        // Zero and NaN are ignored; nothing positive gives 1..10.
        check(&[0.0, f64::NAN, 50.0], (1, 2));
        check(&[], (0, 1));
        check(&[0.0, f64::NAN, -3.0], (0, 1));
    }

    #[test]
    fn log_scale_maps_decades_evenly_and_clamps() {
        let s = LogScale::covering([10.0, 10_000.0], (100.0, 700.0));
        assert_eq!(s.decades(), [1.0, 10.0, 100.0, 1_000.0, 10_000.0]);
        let xs: Vec<f64> = s.decades().into_iter().map(|d| s.map(d)).collect();
        assert_eq!(xs, [100.0, 250.0, 400.0, 550.0, 700.0]);
        assert_eq!(s.map(0.0), 100.0);
        assert_eq!(s.map(f64::NAN), 100.0);
        assert_eq!(s.map(-5.0), 100.0);
        assert_eq!(s.map(1e9), 700.0);
        let mut last = f64::NEG_INFINITY;
        for v in [1.5, 3.0, 9.0, 11.0, 70.0, 999.0, 5_000.0] {
            let x = s.map(v);
            assert!(x > last, "{v} → {x}");
            last = x;
        }
    }

    #[test]
    fn nice_ticks_are_round_and_three_to_five() {
        fn check(lo: f64, hi: f64, want: &[f64]) {
            assert_eq!(nice_ticks(lo, hi), want, "[{lo}, {hi}]");
        }
        check(0.0, 100.0, &[0.0, 50.0, 100.0]);
        check(0.0, 1.0, &[0.0, 0.5, 1.0]);
        check(0.1, 0.29, &[0.1, 0.15, 0.2, 0.25]);
        check(12.0, 87.0, &[20.0, 40.0, 60.0, 80.0]);
        check(1_234.0, 5_678.0, &[2_000.0, 3_000.0, 4_000.0, 5_000.0]);
        check(0.2, 0.7, &[0.2, 0.4, 0.6]);
        check(-30.0, 30.0, &[-20.0, 0.0, 20.0]);
        check(7.0, 7.0, &[7.0]);
        check(f64::NAN, 1.0, &[]);
        // Reversed ends are accepted.
        check(100.0, 0.0, &[0.0, 50.0, 100.0]);
        // Wider axes may ask for more.
        assert_eq!(
            nice_ticks_up_to(0.0, 100.0, 11),
            [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0]
        );
        assert_eq!(
            nice_ticks_up_to(3.0, 97.0, 10),
            [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0]
        );
        assert_eq!(nice_ticks_up_to(0.0, 100.0, 1), [0.0, 50.0, 100.0]);
    }

    #[test]
    fn nice_ticks_hold_their_bounds_over_many_spans() {
        for i in 0..2_000 {
            let max = 3 + i as usize % 9;
            let lo = (i as f64 * 0.37).sin() * 10f64.powi(i % 7 - 2);
            let hi = lo + (1.0 + (i as f64 * 0.11).cos().abs() * 9.0) * 10f64.powi(i % 5 - 1);
            let t = nice_ticks_up_to(lo, hi, max);
            assert!((3..=max).contains(&t.len()), "[{lo}, {hi}] → {t:?}");
            assert!(t.windows(2).all(|w| w[0] < w[1]), "[{lo}, {hi}] → {t:?}");
            let slack = (hi - lo) * 1e-9;
            assert!(
                t[0] >= lo - slack && t[t.len() - 1] <= hi + slack,
                "[{lo}, {hi}] → {t:?}"
            );
        }
    }

    #[test]
    fn labels_stay_inside_the_frame() {
        assert_eq!(fit_label(100.0, 40.0, Anchor::Start, 0.0, 400.0), 100.0);
        assert_eq!(fit_label(100.0, 40.0, Anchor::Middle, 0.0, 400.0), 80.0);
        assert_eq!(fit_label(100.0, 40.0, Anchor::End, 0.0, 400.0), 60.0);
        assert_eq!(fit_label(10.0, 40.0, Anchor::End, 0.0, 400.0), 0.0);
        assert_eq!(fit_label(390.0, 40.0, Anchor::Start, 0.0, 400.0), 360.0);
        // Wider than the frame: starts at the left edge.
        assert_eq!(fit_label(200.0, 500.0, Anchor::Middle, 0.0, 400.0), 0.0);
        assert_eq!(text_width("P50", 10.0), 18.0);
    }

    #[test]
    fn percent_labels() {
        let cases = [
            (0.86, "86 %"),
            (0.1, "10 %"),
            (0.042, "4.2 %"),
            (0.0042, "0.42 %"),
            (0.0, "0 %"),
            (1.0, "100 %"),
            (f64::NAN, "–"),
        ];
        for (share, want) in cases {
            assert_eq!(percent(share), want, "{share}");
        }
    }
}
