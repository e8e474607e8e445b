//! Arrivals: which column holds the leads' creation times, and the horizon they start.
//!
//! The arrival column is the one the user named, else one named like a creation date, else the
//! first date column. Arrival times count in minutes from the Monday 00:00 of the week of the
//! earliest one, as the rest of the engine expects. What this module must not do: make up
//! arrival times without saying so; every gap it fills is counted in a warning.

use super::infer::Census;
use super::records::RawTable;
use super::{shown, CsvError, CsvOptions};
use crate::civil::{days_from_civil, monday_on_or_before, MINUTES_PER_DAY_I};
use crate::leads::FieldKind;

/// Column names (lower case, spaces and hyphens as underscores) that CRMs use for a lead's
/// creation time; HubSpot's "Create Date" and Salesforce's "Created Date" normalise into this list.
const ARRIVAL_NAMES: [&str; 12] = [
    "created_at",
    "createdate",
    "create_date",
    "created_date",
    "created",
    "arrival",
    "arrival_time",
    "date_created",
    "lead_created",
    "timestamp",
    "submitted_at",
    "date",
];

/// Working time used when the file has no dates: Mon–Fri 09:00–17:00 for 13 weeks.
const SPREAD_WEEKS: i64 = 13;
const WORKDAY_START: i64 = 9 * 60;
const WORKDAY_MINUTES: i64 = 8 * 60;

/// Horizon start for files without dates. Any Monday would do; a recent one reads more naturally
/// in reports than 1970.
const UNDATED_HORIZON_START: i64 = days_from_civil(2024, 1, 1) * MINUTES_PER_DAY_I;

/// The leads' arrivals, in minutes from `horizon_start`, in file order.
pub(super) struct Arrivals {
    pub(super) horizon_start: i64,
    pub(super) times: Vec<f64>,
    /// The column they were read from, as spelled in the header; `None` when they were spread.
    pub(super) column: Option<String>,
}

/// Arrivals of `n` leads: from `cells` (each row's parsed date, if any) when a column was
/// chosen, else spread over working hours. Every time made up is counted in `warnings`.
pub(super) fn place_arrivals(
    column: Option<String>,
    cells: &[Option<i64>],
    n: usize,
    warnings: &mut Vec<String>,
) -> Result<Arrivals, CsvError> {
    let Some(name) = column else {
        warnings.push(format!(
            "no column holds dates, so the {} spread evenly over the working hours \
             (Monday to Friday, 09:00 to 17:00) of {SPREAD_WEEKS} weeks in file order",
            if n == 1 {
                "1 lead was".to_string()
            } else {
                format!("{n} leads were")
            }
        ));
        return Ok(Arrivals {
            horizon_start: UNDATED_HORIZON_START,
            times: spread_arrivals(n),
            column: None,
        });
    };
    let (horizon_start, times, filled) =
        dated_arrivals(cells).ok_or_else(|| CsvError::NoArrivalDates {
            column: name.clone(),
        })?;
    if filled > 0 {
        warnings.push(format!(
            "{} no {name} value; each was given the arrival time of the row above it \
             (or of the first dated row)",
            if filled == 1 {
                "1 row has".to_string()
            } else {
                format!("{filled} rows have")
            }
        ));
    }
    Ok(Arrivals {
        horizon_start,
        times,
        column: Some(name),
    })
}

fn normalised_name(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The column to read arrivals from, or `None` to spread them.
///
/// A column the user named, or one whose name says it is the creation date and that is nearly
/// all dates, must be entirely dates: a stray cell there is a typo to report, not a reason to
/// fall back to made-up arrival times.
pub(super) fn choose_arrival(
    raw: &RawTable,
    census: &[Census],
    options: &CsvOptions,
) -> Result<Option<usize>, CsvError> {
    let requested = options
        .arrival_column
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let chosen = match requested {
        Some(wanted) => {
            let found = raw
                .header
                .iter()
                .position(|name| name.eq_ignore_ascii_case(wanted));
            let Some(c) = found else {
                return Err(CsvError::UnknownArrivalColumn {
                    requested: wanted.to_string(),
                    available: raw.header.clone(),
                });
            };
            c
        }
        None => {
            let by_name = raw.header.iter().zip(census).position(|(name, tally)| {
                ARRIVAL_NAMES.contains(&normalised_name(name).as_str()) && tally.mostly_times()
            });
            match by_name {
                Some(c) => c,
                None => {
                    return Ok(census.iter().position(|t| t.kind() == FieldKind::Time));
                }
            }
        }
    };

    let column = raw.header.get(chosen).cloned().unwrap_or_default();
    let tally = census.get(chosen).cloned().unwrap_or_default();
    if tally.present == 0 {
        return Err(CsvError::NoArrivalDates { column });
    }
    if let Some(r) = tally.first_non_time {
        return Err(CsvError::NotADate {
            line: raw.lines.get(r).copied().unwrap_or(0),
            value: raw
                .rows
                .get(r)
                .and_then(|row| row.get(chosen))
                .map_or_else(String::new, |cell| shown(cell)),
            column,
        });
    }
    Ok(Some(chosen))
}

/// Turns each row's arrival date (if any) into minutes from the horizon start. Rows without one
/// inherit the previous row's, so a gap does not move a lead to the start of the horizon.
/// Returns the horizon start, the arrivals and how many rows were filled in; `None` if no row has
/// a date.
fn dated_arrivals(cells: &[Option<i64>]) -> Option<(i64, Vec<f64>, usize)> {
    let first = cells.iter().flatten().next().copied()?;
    let earliest = cells.iter().flatten().min().copied()?;
    let start = monday_on_or_before(earliest);
    let mut previous = first;
    let mut filled = 0;
    let arrivals = cells
        .iter()
        .map(|cell| {
            let t = match cell {
                Some(t) => *t,
                None => {
                    filled += 1;
                    previous
                }
            };
            previous = t;
            (t - start) as f64
        })
        .collect();
    Some((start, arrivals, filled))
}

/// Evenly spaced arrivals over the working hours of the spread horizon, in file order, for files
/// that carry no dates.
fn spread_arrivals(n: usize) -> Vec<f64> {
    let working_minutes = (SPREAD_WEEKS * 5 * WORKDAY_MINUTES) as f64;
    (0..n)
        .map(|i| {
            let w = i as f64 * working_minutes / n as f64;
            let workday = (w / WORKDAY_MINUTES as f64).floor() as i64;
            let into_day = w - (workday * WORKDAY_MINUTES) as f64;
            let day = (workday / 5) * 7 + workday % 5;
            (day * MINUTES_PER_DAY_I + WORKDAY_START) as f64 + into_day
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{kind, parse, parse_ok, values, M};
    use super::*;
    use crate::civil::{format_timestamp, weekday};
    use crate::leads::MINUTES_PER_DAY;

    #[test]
    fn undated_horizon_starts_on_a_monday() {
        assert_eq!(weekday(UNDATED_HORIZON_START / MINUTES_PER_DAY_I), 0);
    }

    #[test]
    fn horizon_starts_on_the_monday_before_the_earliest_arrival() {
        // 2024-01-03 is a Wednesday; the later row comes first in the file.
        let leads = parse_ok("id,created_at\n1,2024-01-09 08:00\n2,2024-01-03 10:30\n");
        assert_eq!(format_timestamp(leads.horizon_start), "2024-01-01 00:00");
        let wednesday = 2.0 * MINUTES_PER_DAY + 10.0 * 60.0 + 30.0;
        assert_eq!(
            leads.table.arrivals(),
            &[wednesday + 6.0 * MINUTES_PER_DAY - 150.0, wednesday]
        );
        assert_eq!(kind(&leads, "created_at"), FieldKind::Time);

        // An offset can move the arrival into the previous week (Sunday 23:00 UTC).
        let leads = parse_ok("id,created_at\n1,2024-01-08T01:00+02:00\n");
        assert_eq!(format_timestamp(leads.horizon_start), "2024-01-01 00:00");
        assert_eq!(
            leads.table.arrivals(),
            &[6.0 * MINUTES_PER_DAY + 23.0 * 60.0]
        );

        let monday = parse_ok("id,created_at\n1,2024-01-08\n");
        assert_eq!(format_timestamp(monday.horizon_start), "2024-01-08 00:00");
        assert_eq!(monday.table.arrivals(), &[0.0]);
    }

    #[test]
    fn arrival_column_choice() {
        let text = "id,updated_at,Create Date,first_touch\n\
                    1,2024-02-01,2024-01-10,2024-01-01\n";
        let cases = [
            (text, None, Some("Create Date")),
            (text, Some("first_touch"), Some("first_touch")),
            (text, Some(" UPDATED_AT "), Some("updated_at")),
            (text, Some("  "), Some("Create Date")),
            (
                "id,first_touch,seen\n1,2024-01-01,2024-01-02\n",
                None,
                Some("first_touch"),
            ),
            // A preferred name that is not a date column does not count.
            ("id,date,seen\n1,soon,2024-01-02\n", None, Some("seen")),
            ("id,name\n1,x\n", None, None),
        ];
        for (text, requested, want) in cases {
            let leads = parse(text, requested).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                leads.arrival_column.as_deref(),
                want,
                "{text:?} {requested:?}"
            );
        }
    }

    #[test]
    fn missing_arrivals_take_the_previous_row() {
        let leads =
            parse_ok("id,created_at\n1,\n2,2024-01-02 09:00\n3,N/A\n4,2024-01-01 09:00\n5,\n");
        let tue = MINUTES_PER_DAY + 540.0;
        let mon = 540.0;
        assert_eq!(leads.table.arrivals(), &[tue, tue, tue, mon, mon]);
        assert_eq!(values(&leads, "created_at")[0], M);
        assert!(
            leads
                .warnings
                .iter()
                .any(|w| w.starts_with("3 rows have no created_at value")),
            "{:?}",
            leads.warnings
        );
    }

    #[test]
    fn without_dates_arrivals_are_spread_over_working_hours() {
        let mut text = String::from("id,name\n");
        let n = 1000;
        for i in 0..n {
            text.push_str(&format!("{i},lead {i}\n"));
        }
        let leads = parse_ok(&text);
        assert_eq!(leads.arrival_column, None);
        assert_eq!(leads.horizon_start, UNDATED_HORIZON_START);
        assert!(leads
            .warnings
            .iter()
            .any(|w| w.contains("1000 leads") && w.contains("13 weeks")));
        let arrivals = leads.table.arrivals();
        assert_eq!(arrivals[0], 9.0 * 60.0);
        assert!(arrivals.windows(2).all(|w| w[0] < w[1]));
        for &a in arrivals {
            let day = (a / MINUTES_PER_DAY).floor();
            let in_day = a - day * MINUTES_PER_DAY;
            assert!(day % 7.0 < 5.0, "{a} is on a weekend");
            assert!(
                (540.0..1020.0).contains(&in_day),
                "{a} is outside 09:00-17:00"
            );
            assert!(a < 13.0 * 7.0 * MINUTES_PER_DAY);
        }
        // The last lead lands in the last working day, so the spread covers all 13 weeks.
        let last_day = (arrivals[n - 1] / MINUTES_PER_DAY).floor();
        assert_eq!(last_day, 12.0 * 7.0 + 4.0);
    }
}
