//! Civil dates: the proleptic Gregorian calendar as minutes since 1970-01-01 00:00.
//!
//! Exports hold dates as text, and the engine holds them as whole minutes since 1970-01-01 00:00
//! (see [`FieldKind::Time`](crate::leads::FieldKind::Time)). This module converts between the
//! two, and does the day arithmetic that needs (leap years, weekdays, the Monday of a week).
//! Working time (hours, working days) is [`calendar`](crate::calendar)'s job, not this one's.
//!
//! What this module must not do: read the clock (there is no "today" in the engine), know about
//! time zones beyond applying an offset written in the text, or panic on any input.

use crate::leads::MINUTES_PER_DAY;

/// [`MINUTES_PER_DAY`] for integer minute counts.
pub(crate) const MINUTES_PER_DAY_I: i64 = MINUTES_PER_DAY as i64;

/// Reads a date or date-time as minutes since 1970-01-01 00:00.
///
/// Accepted: `YYYY-MM-DD` or `YYYY/MM/DD`, optionally followed by a space or `T` and `HH:MM`,
/// `HH:MM:SS` or `HH:MM:SS.fff`, then optionally `Z` or an offset `+HH:MM`, `-HH:MM`, `+HHMM`,
/// `+HH` (the result is then UTC). Seconds are dropped. Month, day and hour may have one digit.
/// Anything else, including impossible dates such as 2023-02-29, gives `None`.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let mut cur = Cursor::new(s.trim());
    let year = cur.digits(4, 4)?;
    let sep = cur.one_of(b"-/")?;
    let month = cur.digits(1, 2)?;
    cur.expect(sep)?;
    let day = cur.digits(1, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut minutes = days_from_civil(year, month, day) * MINUTES_PER_DAY_I;
    if cur.at_end() {
        return Some(minutes);
    }

    cur.one_of(b"Tt ")?;
    let hour = cur.digits(1, 2)?;
    cur.expect(b':')?;
    let minute = cur.digits(2, 2)?;
    // A leap second (":60") is real in some logs; the minute is all we keep anyway.
    let mut second = 0;
    if cur.eat(b':') {
        second = cur.digits(2, 2)?;
        if cur.eat(b'.') || cur.eat(b',') {
            cur.digits(1, usize::MAX)?;
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    minutes += hour * 60 + minute;

    match cur.peek() {
        None => {}
        Some(b'Z' | b'z') => cur.bump(),
        Some(sign @ (b'+' | b'-')) => {
            cur.bump();
            let off_hour = cur.digits(2, 2)?;
            let colon = cur.eat(b':');
            let off_minute = if colon || !cur.at_end() {
                cur.digits(2, 2)?
            } else {
                0
            };
            if off_hour > 23 || off_minute > 59 {
                return None;
            }
            let offset = off_hour * 60 + off_minute;
            // The text is local time at `offset` from UTC; UTC is local minus the offset.
            minutes += if sign == b'+' { -offset } else { offset };
        }
        Some(_) => return None,
    }
    cur.at_end().then_some(minutes)
}

/// Writes minutes since 1970-01-01 00:00 as `YYYY-MM-DD HH:MM`.
pub fn format_timestamp(minutes: i64) -> String {
    let in_day = minutes.rem_euclid(MINUTES_PER_DAY_I);
    format!(
        "{} {:02}:{:02}",
        format_date(minutes),
        in_day / 60,
        in_day % 60
    )
}

/// Writes the day holding `minutes` (since 1970-01-01 00:00) as `YYYY-MM-DD`.
pub fn format_date(minutes: i64) -> String {
    let (y, m, d) = civil_from_days(minutes.div_euclid(MINUTES_PER_DAY_I));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Monday 00:00 of the week holding `minutes` (both minutes since 1970-01-01 00:00).
pub fn monday_on_or_before(minutes: i64) -> i64 {
    let day = minutes.div_euclid(MINUTES_PER_DAY_I);
    (day - weekday(day)) * MINUTES_PER_DAY_I
}

/// Day of the week counted from Monday = 0, for a count of days since 1970-01-01 (a Thursday).
pub fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

pub fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1–12) of `year`.
pub fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
///
/// The trick is to start each year on 1 March, which puts the leap day last: the days before a
/// month are then a fixed linear formula, and a 400-year cycle always has 146 097 days, so years
/// split into whole cycles plus a year-of-cycle without any table.
pub const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let cycle = year.div_euclid(400);
    let year_of_cycle = year - cycle * 400; // 0..=399
    let march_based_month = (month + 9) % 12; // March = 0 .. February = 11
    let day_of_year = (153 * march_based_month + 2) / 5 + day - 1;
    let day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;
    // 719 468 days separate 0000-03-01, where cycle 0 starts, from 1970-01-01.
    cycle * 146_097 + day_of_cycle - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month, day).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let cycle = shifted.div_euclid(146_097);
    let day_of_cycle = shifted - cycle * 146_097; // 0..=146_096

    // Drop the leap days accumulated so far to count plain 365-day years.
    let year_of_cycle =
        (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36_524 - day_of_cycle / 146_096) / 365;
    let day_of_year =
        day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
    let march_based_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_based_month + 2) / 5 + 1;
    let month = if march_based_month < 10 {
        march_based_month + 3
    } else {
        march_based_month - 9
    };
    let year = year_of_cycle + cycle * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

/// A read position over ASCII text, for the timestamp grammar.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            bytes: s.as_bytes(),
            at: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) {
        self.at += 1;
    }

    fn at_end(&self) -> bool {
        self.at >= self.bytes.len()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.bump();
        }
        hit
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    fn one_of(&mut self, set: &[u8]) -> Option<u8> {
        let b = self.peek().filter(|b| set.contains(b))?;
        self.bump();
        Some(b)
    }

    /// Between `min` and `max` ASCII digits as a number. Digits past the 18th are still consumed
    /// but not added, so a long fraction of a second cannot overflow.
    fn digits(&mut self, min: usize, max: usize) -> Option<i64> {
        let mut value: i64 = 0;
        let mut count = 0;
        while count < max {
            let Some(b) = self.peek().filter(u8::is_ascii_digit) else {
                break;
            };
            if count < 18 {
                value = value * 10 + i64::from(b - b'0');
            }
            self.bump();
            count += 1;
        }
        (count >= min).then_some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        let good = [
            ("1970-01-01", "1970-01-01 00:00"),
            ("2024-02-29", "2024-02-29 00:00"),
            ("2000-02-29 23:59", "2000-02-29 23:59"),
            ("2024/3/5", "2024-03-05 00:00"),
            ("2024-03-05 7:05", "2024-03-05 07:05"),
            ("2024-03-05T10:15", "2024-03-05 10:15"),
            ("2024-03-05t10:15:59", "2024-03-05 10:15"),
            (
                "2024-03-05T10:15:30.123456789012345678901Z",
                "2024-03-05 10:15",
            ),
            ("2024-03-05 10:15:30,5", "2024-03-05 10:15"),
            ("2024-03-05T10:15:00+02:00", "2024-03-05 08:15"),
            ("2024-03-05T10:15:00-05:30", "2024-03-05 15:45"),
            ("2024-03-05T01:00+0230", "2024-03-04 22:30"),
            ("2024-03-05T23:00-03", "2024-03-06 02:00"),
            ("2024-12-31T23:59:60Z", "2024-12-31 23:59"),
            ("  2024-03-05  ", "2024-03-05 00:00"),
            ("1969-12-31 23:59", "1969-12-31 23:59"),
            ("0000-01-01", "0000-01-01 00:00"),
            ("9999-12-31 23:59", "9999-12-31 23:59"),
        ];
        for (input, want) in good {
            let got = parse_timestamp(input).map(format_timestamp);
            assert_eq!(got.as_deref(), Some(want), "{input}");
            let date = parse_timestamp(input).map(format_date);
            assert_eq!(date.as_deref(), want.get(..10), "{input}");
        }
        let bad = [
            "",
            "2024",
            "24-01-01",
            "2024-1",
            "2024-01-",
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-00-10",
            "2024-13-01",
            "2024-01-00",
            "2024-01-32",
            "2024-01/01",
            "2024-01-01 24:00",
            "2024-01-01 10:60",
            "2024-01-01 10:00:61",
            "2024-01-01 10",
            "2024-01-01 10:5",
            "2024-01-01T",
            "2024-01-01 10:00:00.",
            "2024-01-01 10:00+24:00",
            "2024-01-01 10:00+01:60",
            "2024-01-01 10:00+1",
            "2024-01-01 10:00 UTC",
            "2024-01-01Z",
            "2024-01-01 10:00Zx",
            "31/12/2024",
            "12/31/2024",
            "20240101",
            "2024-01-01x",
            "２０２４-01-01",
            "2024-01-01 10:00:00+",
        ];
        for input in bad {
            assert_eq!(parse_timestamp(input), None, "{input} should be rejected");
        }
    }

    #[test]
    fn formatting_never_panics() {
        for extreme in [i64::MIN, i64::MAX, 0, -1] {
            let _ = format_timestamp(extreme);
            let _ = format_date(extreme);
        }
    }

    #[test]
    fn civil_dates_match_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2024, 2, 29), 19_782);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(weekday(0), 3, "1970-01-01 was a Thursday");
        assert_eq!(weekday(days_from_civil(2026, 11, 22)), 6, "a Sunday");
        assert_eq!(weekday(days_from_civil(2024, 1, 1)), 0, "a Monday");
        for days in (-800_000..800_000).step_by(37) {
            let (y, m, d) = civil_from_days(days);
            assert!((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m));
            assert_eq!(days_from_civil(y, m, d), days);
        }
        // Consecutive days step through the calendar without gaps across leap years.
        let mut previous = civil_from_days(days_from_civil(1999, 12, 31));
        for days in days_from_civil(2000, 1, 1)..days_from_civil(2101, 1, 1) {
            let now = civil_from_days(days);
            let expected = if previous.2 < days_in_month(previous.0, previous.1) {
                (previous.0, previous.1, previous.2 + 1)
            } else if previous.1 < 12 {
                (previous.0, previous.1 + 1, 1)
            } else {
                (previous.0 + 1, 1, 1)
            };
            assert_eq!(now, expected);
            previous = now;
        }
    }

    #[test]
    fn mondays() {
        let cases = [
            ("2024-01-01 00:00", "2024-01-01 00:00"),
            ("2024-01-03 10:30", "2024-01-01 00:00"),
            ("2024-01-07 23:59", "2024-01-01 00:00"),
            ("2024-01-08 00:00", "2024-01-08 00:00"),
            ("1970-01-01 00:00", "1969-12-29 00:00"),
            ("1969-12-28 12:00", "1969-12-22 00:00"),
        ];
        for (at, want) in cases {
            let minutes = parse_timestamp(at).expect("a valid date");
            assert_eq!(format_timestamp(monday_on_or_before(minutes)), want, "{at}");
        }
    }
}
