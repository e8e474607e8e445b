//! Numbers formatted for people: money, shares, counts, durations and score points.
//!
//! Every function is pure and total: a value that is not finite (an undefined rate, a trial
//! without a closed deal) prints as "—". Negative values take the typographic minus (U+2212),
//! thousands are grouped with commas, and a value that rounds to zero never shows a minus.
//!
//! Precision is chosen by size so that a figure carries two or three significant digits, and a
//! value that rounds up into the next tier is printed in that tier (999.96 k is "$1.0M", not
//! "$1000.0k"). Measurement tiers keep their decimal ("$1.0M", "5.0 %", "2.0 min") so the ends
//! of a band line up; counts, days and points drop a trailing ".0" ("2", "1 day", "+15").
//! Magnitudes of 10¹⁵ and more fall back to scientific notation ("1.2e15").

/// Shown for a value that is not a number or infinite.
pub const UNDEFINED: &str = "—";

const MINUS: char = '\u{2212}';

/// At this magnitude and above, numbers are written in scientific notation.
const HUGE: f64 = 1e15;

/// `x` rounded to `decimals` decimals, half away from zero.
fn rounded(x: f64, decimals: u32) -> f64 {
    let scale = 10f64.powi(decimals as i32);
    (x * scale).round() / scale
}

/// Inserts thousands separators into a run of ASCII digits.
fn group(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A non-negative finite `x` with exactly `decimals` decimals and grouped thousands; from
/// [`HUGE`] on, scientific notation with one decimal.
fn fixed(x: f64, decimals: u32) -> String {
    if x >= HUGE {
        return format!("{x:.1e}");
    }
    let scale = 10u64.pow(decimals);
    // x < 1e15 and decimals ≤ 2, so the scaled value fits a u64 with room to spare.
    let r = (x * scale as f64).round() as u64;
    let whole = group(&(r / scale).to_string());
    if decimals == 0 {
        whole
    } else {
        format!("{whole}.{:0width$}", r % scale, width = decimals as usize)
    }
}

/// Drops a trailing ".0" (or ".00"): "2.0" → "2", "2.5" → "2.5".
fn trim_zeros(s: String) -> String {
    if !s.contains('.') || s.contains('e') {
        return s;
    }
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Applies `f` to `|x|` and puts the sign back; handles non-finite values.
fn signed(x: f64, f: impl Fn(f64) -> String) -> String {
    if !x.is_finite() {
        return UNDEFINED.to_string();
    }
    let body = f(x.abs());
    let shows_nonzero = body
        .split('e')
        .next()
        .is_some_and(|m| m.chars().any(|c| ('1'..='9').contains(&c)));
    if x < 0.0 && shows_nonzero {
        format!("{MINUS}{body}")
    } else {
        body
    }
}

/// Money in dollars: whole dollars below $1,000 ("$950"), then thousands, millions, billions
/// and trillions with one decimal below 100 of the unit ("$12.4k", "$1.2M") and none from 100
/// on ("$125k").
pub fn money(x: f64) -> String {
    signed(x, |a| {
        if rounded(a, 0) < 1000.0 {
            return format!("${}", fixed(a, 0));
        }
        for (unit, suffix) in [(1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T")] {
            let v = a / unit;
            if rounded(v, 1) < 100.0 {
                return format!("${}{suffix}", fixed(v, 1));
            }
            if rounded(v, 0) < 1000.0 {
                return format!("${}{suffix}", fixed(v, 0));
            }
        }
        format!("${a:.1e}")
    })
}

/// A fraction as a percentage: two decimals below 1 % ("0.04 %"), one below 100 % ("23.4 %",
/// "5.0 %"), none from 100 % on ("100 %"). Exactly zero is "0 %".
pub fn percent(x: f64) -> String {
    if x == 0.0 {
        return "0 %".to_string();
    }
    signed(x * 100.0, |p| {
        let digits = if rounded(p, 2) < 1.0 {
            fixed(p, 2)
        } else if rounded(p, 1) < 100.0 {
            fixed(p, 1)
        } else {
            fixed(p, 0)
        };
        format!("{digits} %")
    })
}

/// A count, usually a mean over trials: one decimal below 10 ("1.5", "2"), whole numbers from
/// 10 on, with thousands grouped ("489", "10,002").
pub fn count(x: f64) -> String {
    signed(x, |a| {
        if rounded(a, 1) < 10.0 {
            trim_zeros(fixed(a, 1))
        } else {
            fixed(a, 0)
        }
    })
}

/// A duration given in minutes: seconds below a minute ("38 s"), one decimal below 10 minutes
/// ("1.9 min"), whole minutes below an hour ("45 min"), hours and minutes below 48 hours
/// ("26 h 51 min"), then days and hours ("2 d 3 h"; days only from 1,000 days). A zero last part
/// is left out ("1 h", "3 d").
pub fn duration_minutes(m: f64) -> String {
    signed(m, |a| {
        let seconds = a * 60.0;
        if rounded(seconds, 0) < 60.0 {
            return format!("{} s", fixed(seconds, 0));
        }
        if rounded(a, 1) < 10.0 {
            return format!("{} min", fixed(a, 1));
        }
        let minutes = rounded(a, 0);
        if minutes < 60.0 {
            return format!("{} min", fixed(minutes, 0));
        }
        if minutes < 48.0 * 60.0 {
            let h = (minutes / 60.0).floor();
            let min = minutes - h * 60.0;
            return join_parts(h, "h", min, "min");
        }
        let hours = rounded(a / 60.0, 0);
        let d = (hours / 24.0).floor();
        if d >= 1000.0 {
            return format!("{} d", fixed(rounded(a / 1440.0, 0), 0));
        }
        join_parts(d, "d", hours - d * 24.0, "h")
    })
}

/// A duration someone set, as they would say it: whole minutes below an hour ("5 min"), whole
/// hours below three days ("48 h"), whole days ("14 days"); anything else as
/// [`duration_minutes`] writes it ("1 h 30 min").
pub fn setting_duration(m: f64) -> String {
    if !m.is_finite() {
        return UNDEFINED.to_string();
    }
    let whole = |x: f64| x.fract() == 0.0;
    if m < 60.0 && whole(m) {
        format!("{} min", fixed(m.abs(), 0))
    } else if whole(m / 60.0) && m < 72.0 * 60.0 {
        format!("{} h", fixed(m / 60.0, 0))
    } else if whole(m / 1440.0) && m > 0.0 {
        days(m / 1440.0)
    } else {
        duration_minutes(m)
    }
}

fn join_parts(big: f64, big_unit: &str, small: f64, small_unit: &str) -> String {
    if small == 0.0 {
        format!("{} {big_unit}", fixed(big, 0))
    } else {
        format!(
            "{} {big_unit} {} {small_unit}",
            fixed(big, 0),
            fixed(small, 0)
        )
    }
}

/// Days: one decimal below 100, dropped when zero ("55 days", "57.5 days", "0.5 days"), whole
/// days from 100 on; "1 day" in the singular.
pub fn days(d: f64) -> String {
    let n = signed(d, |a| {
        if rounded(a, 1) < 100.0 {
            trim_zeros(fixed(a, 1))
        } else {
            fixed(a, 0)
        }
    });
    if n == UNDEFINED {
        n
    } else if n.trim_start_matches(MINUS) == "1" {
        format!("{n} day")
    } else {
        format!("{n} days")
    }
}

/// Money per day, e.g. pipeline velocity: "$75.6k/day".
pub fn money_per_day(x: f64) -> String {
    let m = money(x);
    if m == UNDEFINED {
        m
    } else {
        format!("{m}/day")
    }
}

/// Score points with their sign: "+15", "−10", "0", "+12.5" (one decimal at most).
pub fn points(x: f64) -> String {
    let p = signed(x, |a| trim_zeros(fixed(a, 1)));
    if x > 0.0 && p != "0" && p != UNDEFINED {
        format!("+{p}")
    } else {
        p
    }
}

/// A P5–P95 band from two formatted ends: "P5–P95: $9.5k – $14.3k"; "P5 = P95: …" when the
/// ends print the same.
pub fn band(lo: String, hi: String) -> String {
    if lo == hi {
        format!("P5 = P95: {lo}")
    } else {
        format!("P5–P95: {lo} – {hi}")
    }
}

/// A sentence that starts with a capital: the engine's messages start in lower case so they
/// can follow a colon ("warning: on average …"); on the page they stand alone.
pub fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// How a metric's values are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Count,
    Money,
    Percent,
    Days,
    MoneyPerDay,
    Duration,
}

impl Unit {
    pub fn format(self, x: f64) -> String {
        match self {
            Unit::Count => count(x),
            Unit::Money => money(x),
            Unit::Percent => percent(x),
            Unit::Days => days(x),
            Unit::MoneyPerDay => money_per_day(x),
            Unit::Duration => duration_minutes(x),
        }
    }
}

/// The unit of a metric named as in `funnel_engine::sim::TrialMetrics::NAMES`; `None` for a
/// name it does not know.
pub fn unit_of(name: &str) -> Option<Unit> {
    Some(match name {
        "leads" | "mqls" | "requalified" | "sals" | "sqls" | "opportunities" | "won" | "lost"
        | "open_opportunities" | "recycled" | "returned" | "never_contacted" | "went_cold"
        | "backlog" | "reassigned" => Unit::Count,
        "revenue" | "pipeline" | "cac" => Unit::Money,
        "cycle_days" => Unit::Days,
        "pipeline_velocity" => Unit::MoneyPerDay,
        n if n.ends_with("_rate") || n.ends_with("_compliance") => Unit::Percent,
        n if n.starts_with("response_") => Unit::Duration,
        _ => return None,
    })
}

/// A metric's value in its unit (see [`unit_of`]); an unknown name is shown as a count.
pub fn for_metric(name: &str, x: f64) -> String {
    unit_of(name).unwrap_or(Unit::Count).format(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `f` over a table of `(input, expected)` rows and reports every row that differs.
    #[track_caller]
    fn check(f: fn(f64) -> String, cases: &[(f64, &str)]) {
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(x, want)| f(*x) != *want)
            .map(|(x, want)| format!("{x:?}: got {:?}, want {want:?}", f(*x)))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    const NAN: f64 = f64::NAN;
    const INF: f64 = f64::INFINITY;

    #[test]
    fn money_table() {
        let cases: &[(f64, &str)] = &[
            (0.0, "$0"),
            (-0.0, "$0"),
            (0.4, "$0"),
            (-0.4, "$0"),
            (950.0, "$950"),
            (999.4, "$999"),
            (999.5, "$1.0k"),
            (1_000.0, "$1.0k"),
            (1_234.0, "$1.2k"),
            (9_500.0, "$9.5k"),
            (12_400.0, "$12.4k"),
            (12_449.0, "$12.4k"),
            (12_460.0, "$12.5k"),
            (99_949.0, "$99.9k"),
            (99_960.0, "$100k"),
            (125_000.0, "$125k"),
            (850_000.0, "$850k"),
            (999_499.0, "$999k"),
            (999_500.0, "$1.0M"),
            (1_200_000.0, "$1.2M"),
            (1_249_999.0, "$1.2M"),
            (4_430_000.0, "$4.4M"),
            (26_540_000.0, "$26.5M"),
            (3_400_000_000.0, "$3.4B"),
            (2.5e12, "$2.5T"),
            (999.6e12, "$1.0e15"),
            (1e18, "$1.0e18"),
            (f64::MAX, "$1.8e308"),
            (-950.0, "−$950"),
            (-1_200_000.0, "−$1.2M"),
            (NAN, "—"),
            (INF, "—"),
            (-INF, "—"),
        ];
        check(money, cases);
    }

    #[test]
    fn percent_table() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0 %"),
            (-0.0, "0 %"),
            (0.234, "23.4 %"),
            (0.05, "5.0 %"),
            (1.0, "100 %"),
            (0.0004, "0.04 %"),
            (0.00004, "0.00 %"),
            (-0.00004, "0.00 %"),
            (0.005, "0.50 %"),
            (0.009_94, "0.99 %"),
            (0.009_96, "1.0 %"),
            (0.1857, "18.6 %"),
            (0.9994, "99.9 %"),
            (0.9996, "100 %"),
            (1.5, "150 %"),
            (123.456, "12,346 %"),
            (-0.05, "−5.0 %"),
            (-0.234, "−23.4 %"),
            (1e14, "1.0e16 %"),
            (NAN, "—"),
            (INF, "—"),
            (-INF, "—"),
        ];
        check(percent, cases);
    }

    #[test]
    fn count_table() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (0.04, "0"),
            (-0.04, "0"),
            (1.0, "1"),
            (1.5, "1.5"),
            (1.96, "2"),
            (9.94, "9.9"),
            (9.96, "10"),
            (10.4, "10"),
            (72.3, "72"),
            (489.4, "489"),
            (489.5, "490"),
            (999.5, "1,000"),
            (10_002.0, "10,002"),
            (1_234_567.0, "1,234,567"),
            (-1_234.0, "−1,234"),
            (-2.5, "−2.5"),
            (1e15, "1.0e15"),
            (NAN, "—"),
            (INF, "—"),
            (-INF, "—"),
        ];
        check(count, cases);
    }

    #[test]
    fn duration_table() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0 s"),
            (0.004, "0 s"),
            (0.63, "38 s"),
            (59.4 / 60.0, "59 s"),
            (59.6 / 60.0, "1.0 min"),
            (1.0, "1.0 min"),
            (1.9, "1.9 min"),
            (9.94, "9.9 min"),
            (9.96, "10 min"),
            (45.0, "45 min"),
            (59.4, "59 min"),
            (59.6, "1 h"),
            (60.0, "1 h"),
            (109.0, "1 h 49 min"),
            (1_440.0, "24 h"),
            (1_611.0, "26 h 51 min"),
            (2_879.4, "47 h 59 min"),
            (2_879.6, "2 d"),
            (2_880.0, "2 d"),
            (3_060.0, "2 d 3 h"),
            (5_730.0, "4 d"),
            (5_700.0, "3 d 23 h"),
            (1_000.0 * 1_440.0, "1,000 d"),
            (1e20, "6.9e16 d"),
            (-45.0, "−45 min"),
            (-0.001, "0 s"),
            (NAN, "—"),
            (INF, "—"),
            (-INF, "—"),
        ];
        check(duration_minutes, cases);
    }

    #[test]
    fn setting_duration_table() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0 min"),
            (2.0, "2 min"),
            (5.0, "5 min"),
            (2.5, "2.5 min"),
            (60.0, "1 h"),
            (240.0, "4 h"),
            (1_440.0, "24 h"),
            (2_880.0, "48 h"),
            (4_320.0, "3 days"),
            (336.0 * 60.0, "14 days"),
            (90.0, "1 h 30 min"),
            (450.0, "7 h 30 min"),
            (NAN, "—"),
        ];
        check(setting_duration, cases);
    }

    #[test]
    fn days_table() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0 days"),
            (0.5, "0.5 days"),
            (1.0, "1 day"),
            (1.04, "1 day"),
            (1.06, "1.1 days"),
            (-1.0, "−1 day"),
            (55.0, "55 days"),
            (57.5, "57.5 days"),
            (99.94, "99.9 days"),
            (99.96, "100 days"),
            (130.4, "130 days"),
            (12_345.0, "12,345 days"),
            (NAN, "—"),
            (INF, "—"),
        ];
        check(days, cases);
    }

    #[test]
    fn money_per_day_table() {
        let cases: &[(f64, &str)] = &[
            (75_600.0, "$75.6k/day"),
            (106_400.0, "$106k/day"),
            (0.0, "$0/day"),
            (NAN, "—"),
            (-INF, "—"),
        ];
        check(money_per_day, cases);
    }

    #[test]
    fn points_table() {
        let cases: &[(f64, &str)] = &[
            (15.0, "+15"),
            (-10.0, "−10"),
            (0.0, "0"),
            (-0.0, "0"),
            (0.04, "0"),
            (-0.04, "0"),
            (12.5, "+12.5"),
            (-7.34, "−7.3"),
            (0.96, "+1"),
            (-100.0, "−100"),
            (12_345.0, "+12,345"),
            (NAN, "—"),
            (INF, "—"),
        ];
        check(points, cases);
    }

    #[test]
    fn sentences_start_with_a_capital() {
        assert_eq!(capitalized("on average 539 MQLs"), "On average 539 MQLs");
        assert_eq!(capitalized("élan"), "Élan");
        assert_eq!(capitalized(""), "");
    }

    #[test]
    fn bands() {
        assert_eq!(
            band(money(8_600.0), money(20_900.0)),
            "P5–P95: $8.6k – $20.9k"
        );
        assert_eq!(
            band(duration_minutes(1014.0), duration_minutes(1014.0)),
            "P5 = P95: 16 h 54 min"
        );
        assert_eq!(band("—".into(), "3".into()), "P5–P95: — – 3");
    }

    #[test]
    fn metrics_pick_their_unit() {
        let cases: &[(&str, f64, &str)] = &[
            ("leads", 10_002.0, "10,002"),
            ("sqls", 489.4, "489"),
            ("recycled", 133.2, "133"),
            ("never_contacted", 1_060.7, "1,061"),
            ("went_cold", 0.065, "0.1"),
            ("reassigned", 625.4, "625"),
            ("sal_to_sql_rate", 0.1469, "14.7 %"),
            ("revenue", 4_430_000.0, "$4.4M"),
            ("cac", 13_500.0, "$13.5k"),
            ("mql_rate", 0.1857, "18.6 %"),
            ("win_rate", NAN, "—"),
            ("sla_compliance", 0.886, "88.6 %"),
            ("disposition_compliance", 0.949, "94.9 %"),
            ("cycle_days", 55.0, "55 days"),
            ("pipeline_velocity", 75_600.0, "$75.6k/day"),
            ("response_minutes", 109.0, "1 h 49 min"),
            ("response_p90_minutes", 1_632.0, "27 h 12 min"),
            ("response_mean_minutes", 2_610.0, "43 h 30 min"),
            ("no_such_metric", 2.5, "2.5"),
        ];
        for (name, x, want) in cases {
            assert_eq!(for_metric(name, *x), *want, "{name}");
        }
        for name in funnel_engine::sim::TrialMetrics::NAMES {
            assert!(unit_of(name).is_some(), "no unit for metric {name}");
        }
    }
}
