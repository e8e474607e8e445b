//! Validation of scenario values, done once at the edge.
//!
//! Each section of a scenario checks itself and names the offending field by its path in the
//! scenario file (`process.reps[2].touches_per_day`), with a message for people: the page shows
//! it under the field (without the path), the command line after the path. A message names the
//! setting as the page labels it (never by its field name), gives the values with their units
//! (rates in percent), states exactly the range that is accepted and, where it can, what to do.
//! Code past the edge may then rely on the invariants checked here instead of re-checking them.

use std::fmt;

/// A value that is out of its allowed range, with its path in the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

pub type Checked = Result<(), Invalid>;

pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Invalid {
    Invalid {
        path: path.into(),
        message: message.into(),
    }
}

/// A year of minutes: the longest any single delay may be.
pub const YEAR_MINUTES: f64 = 365.0 * 1440.0;

/// The unit a value is written in, in the page's style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A plain number: a spread on the log scale, a relative weight.
    Number,
    /// A share or a rate, stored as a fraction and shown in percent: 0.015 is "1.5 %".
    Percent,
    /// The spread of a rate, stored as a fraction and shown in percentage points: 0.05 is
    /// "5 percentage points".
    PercentagePoints,
    /// A multiplier: "100×".
    Times,
    /// Money: "$1,000".
    Dollars,
    /// A quantity with its singular and plural: "1 minute", "5 minutes".
    Of(&'static str, &'static str),
}

pub const MINUTES: Unit = Unit::Of("minute", "minutes");
pub const HOURS: Unit = Unit::Of("hour", "hours");
pub const DAYS: Unit = Unit::Of("day", "days");
pub const POINTS: Unit = Unit::Of("point", "points");

const MINUS: char = '\u{2212}';

/// `x` rounded to `digits` significant digits.
fn significant(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    // Rounding through the decimal text avoids the float noise of scaling by powers of ten.
    format!("{x:.*e}", (digits - 1) as usize)
        .parse()
        .unwrap_or(x)
}

/// A number for people: no float noise (`0.30000000000000004` is "0.3"), thousands grouped
/// ("10,000"), the typographic minus, and the exponent only for the huge and the tiny ("1e15").
pub fn number(x: f64) -> String {
    if x.is_nan() {
        return "not a number".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "infinity"
        } else {
            "minus infinity"
        }
        .into();
    }
    let r = significant(x, 12);
    let a = r.abs();
    let body = if a == 0.0 {
        "0".to_string()
    } else if !(1e-4..1e15).contains(&a) {
        format!("{a:e}")
    } else {
        let text = format!("{a}");
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut grouped = String::with_capacity(text.len() + int.len() / 3);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if frac.is_empty() {
            grouped
        } else {
            format!("{grouped}.{frac}")
        }
    };
    if r < 0.0 {
        format!("{MINUS}{body}")
    } else {
        body
    }
}

/// `x` in `unit`: "1.5 %", "30 minutes", "$1,000", "100×".
pub fn show(x: f64, unit: Unit) -> String {
    match unit {
        Unit::Number => number(x),
        Unit::Percent => format!("{} %", number(x * 100.0)),
        Unit::PercentagePoints => {
            let n = number(x * 100.0);
            let points = if n == "1" { "point" } else { "points" };
            format!("{n} percentage {points}")
        }
        Unit::Times => format!("{}×", number(x)),
        Unit::Dollars => {
            let n = number(x);
            match n.strip_prefix(MINUS) {
                Some(a) => format!("{MINUS}${a}"),
                None => format!("${n}"),
            }
        }
        Unit::Of(one, many) => {
            let n = number(x);
            format!("{n} {}", if n == "1" { one } else { many })
        }
    }
}

/// A limit of a range: [`show`], and what a long duration amounts to ("8,760 hours (a year)").
fn limit(x: f64, unit: Unit) -> String {
    let s = show(x, unit);
    let amounts = match unit {
        _ if unit == MINUTES && x == YEAR_MINUTES => Some("a year"),
        _ if unit == HOURS && x == YEAR_MINUTES / 60.0 => Some("a year"),
        _ if unit == DAYS && x == 3650.0 => Some("10 years"),
        _ => None,
    };
    match amounts {
        Some(a) => format!("{s} ({a})"),
        None => s,
    }
}

/// The lower end of a range, before its upper end: bare when the unit follows the number
/// ("between 0 and 100 %"), with it when the unit comes first ("between $0 and $1,000").
fn lower(x: f64, unit: Unit) -> String {
    match unit {
        Unit::Dollars => show(x, unit),
        _ => number(x),
    }
}

/// "between 0 and 100 %": the words for `[lo, hi]`.
pub fn between(lo: f64, hi: f64, unit: Unit) -> String {
    format!("between {} and {}", lower(lo, unit), limit(hi, unit))
}

/// "more than 0 and at most 10,000 minutes": the words for `(lo, hi]`.
pub fn more_than(lo: f64, hi: f64, unit: Unit) -> String {
    format!(
        "more than {} and at most {}",
        lower(lo, unit),
        limit(hi, unit)
    )
}

/// `path` must be a finite number within `[lo, hi]`; `what` names the setting as the page does
/// ("the CRM sync latency").
pub fn in_range(path: &str, value: f64, lo: f64, hi: f64, what: &str, unit: Unit) -> Checked {
    if value.is_finite() && value >= lo && value <= hi {
        Ok(())
    } else {
        Err(invalid(
            path,
            format!(
                "{what} must be {}, not {}",
                between(lo, hi, unit),
                show(value, unit)
            ),
        ))
    }
}

/// `path` must be a finite number strictly above `lo` and at most `hi`.
pub fn above(path: &str, value: f64, lo: f64, hi: f64, what: &str, unit: Unit) -> Checked {
    if value.is_finite() && value > lo && value <= hi {
        Ok(())
    } else {
        Err(invalid(
            path,
            format!(
                "{what} must be {}, not {}",
                more_than(lo, hi, unit),
                show(value, unit)
            ),
        ))
    }
}

/// `path` must be a share or a probability: between 0 and 100 %.
pub fn probability(path: &str, value: f64, what: &str) -> Checked {
    in_range(path, value, 0.0, 1.0, what, Unit::Percent)
}

/// `value` must hold more than blanks; `message` says what to enter ("enter the rep's name").
pub fn not_blank(path: &str, value: &str, message: &str) -> Checked {
    if value.trim().is_empty() {
        Err(invalid(path, message))
    } else {
        Ok(())
    }
}

/// `x` rounded down to 3 significant digits: a computed limit shown so that the value shown is
/// itself accepted.
/// A `contains` condition's words: at least one, none blank (a blank word would match nothing,
/// silently). `what` names the condition's owner as messages do ("rule 'VP'").
pub fn words_to_look_for(path: &str, words: &[String], what: &str) -> Checked {
    if words.is_empty() {
        return Err(invalid(
            path,
            format!("{what} looks for no word: enter at least one"),
        ));
    }
    if let Some(i) = words
        .iter()
        .position(|w| crate::conditions::words_of(w).is_empty())
    {
        return Err(invalid(
            format!("{path}[{i}]"),
            format!(
                "word {} of {what} has no letters or digits, so it would match nothing: \
                 enter a word or delete it",
                i + 1
            ),
        ));
    }
    Ok(())
}

pub fn round_down(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(2 - x.log10().floor() as i32);
    let down = (x * scale * (1.0 + 1e-12)).floor() / scale;
    significant(down, 3)
}

/// A time of day from hours after midnight: 8.5 is "08:30".
pub fn clock(hours: f64) -> String {
    if !hours.is_finite() {
        return number(hours);
    }
    let minutes = (hours * 60.0).round() as i64;
    let sign = if minutes < 0 { "−" } else { "" };
    let m = minutes.abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// A duration given in minutes, as someone who set it would say it: "30 minutes", "2 hours",
/// "1 day", "90 minutes".
pub fn duration(minutes: f64) -> String {
    let whole = |x: f64| x.fract() == 0.0;
    if minutes >= 1440.0 && whole(minutes / 1440.0) {
        show(minutes / 1440.0, DAYS)
    } else if minutes >= 60.0 && whole(minutes / 60.0) {
        show(minutes / 60.0, HOURS)
    } else {
        show(minutes, MINUTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_setting_the_range_and_the_value_with_units() {
        let e = in_range(
            "process.sync_latency_minutes",
            -3.0,
            0.0,
            YEAR_MINUTES,
            "the CRM sync latency",
            MINUTES,
        )
        .unwrap_err();
        assert_eq!(e.path, "process.sync_latency_minutes");
        assert_eq!(
            e.to_string(),
            "process.sync_latency_minutes: the CRM sync latency must be between 0 and \
             525,600 minutes (a year), not −3 minutes"
        );
        // A refused 0 is never inside the range the message states.
        let e = above(
            "x",
            0.0,
            0.0,
            1e4,
            "a rep's capacity",
            Unit::Of("touch", "touches"),
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "a rep's capacity must be more than 0 and at most 10,000 touches, not 0 touches"
        );
        let e = probability("x", 1.5, "the win rate").unwrap_err();
        assert_eq!(
            e.message,
            "the win rate must be between 0 and 100 %, not 150 %"
        );
        assert!(in_range("x", f64::NAN, 0.0, 1.0, "v", Unit::Number).is_err());
        assert!(above("x", 0.0, 0.0, 1.0, "v", Unit::Number).is_err());
        assert!(above("x", 1.0, 0.0, 1.0, "v", Unit::Number).is_ok());
        assert!(probability("x", 1.01, "v").is_err());
        assert_eq!(
            not_blank("x", "  ", "enter a name").unwrap_err().message,
            "enter a name"
        );
    }

    #[test]
    fn numbers_read_without_float_noise() {
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(show(0.07, Unit::Percent), "7 %");
        assert_eq!(show(0.015, Unit::Percent), "1.5 %");
        assert_eq!(show(0.01, Unit::PercentagePoints), "1 percentage point");
        assert_eq!(
            show(0.118, Unit::PercentagePoints),
            "11.8 percentage points"
        );
        assert_eq!(number(1e6), "1,000,000");
        assert_eq!(number(-1234.5), "−1,234.5");
        assert_eq!(number(1e300), "1e300");
        assert_eq!(number(1e-300), "1e-300");
        assert_eq!(number(0.0001), "0.0001");
        assert_eq!(number(-0.0), "0");
        assert_eq!(show(-5.0, Unit::Dollars), "−$5");
        assert_eq!(show(1e10, Unit::Dollars), "$10,000,000,000");
        assert_eq!(show(1.0, HOURS), "1 hour");
        assert_eq!(show(0.5, HOURS), "0.5 hours");
        assert_eq!(show(1000.0, Unit::Times), "1,000×");
        assert_eq!(
            between(-1e6, 1e6, POINTS),
            "between −1,000,000 and 1,000,000 points"
        );
        assert_eq!(
            between(0.0, 1e13, Unit::Dollars),
            "between $0 and $10,000,000,000,000"
        );
        assert_eq!(
            more_than(0.0, 3650.0, DAYS),
            "more than 0 and at most 3,650 days (10 years)"
        );
        assert_eq!(clock(8.5), "08:30");
        assert_eq!(clock(24.0), "24:00");
        assert_eq!(duration(30.0), "30 minutes");
        assert_eq!(duration(90.0), "90 minutes");
        assert_eq!(duration(1440.0), "1 day");
        assert_eq!(duration(120.0), "2 hours");
    }

    #[test]
    fn computed_limits_round_down_to_a_value_that_is_accepted() {
        assert_eq!(round_down(0.058_437), 0.0584);
        assert_eq!(round_down(0.3), 0.3);
        assert_eq!(round_down(11.999), 11.9);
        assert_eq!(round_down(0.0), 0.0);
        for x in [0.001_234_9, 0.058_437, 0.49, 0.123, 7.0] {
            assert!(round_down(x) <= x, "{x}");
        }
    }
}
