//! Working time: when reps (and managers who route by hand) are at work.
//!
//! Times are minutes from the start of the horizon, which is a Monday 00:00. A rep works the
//! same hours on each working day, in the horizon's one time zone.

use serde::{Deserialize, Serialize};

use crate::leads::MINUTES_PER_DAY;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// Working hours as written in a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkingHours {
    pub days: Vec<Weekday>,
    /// Start of the working day, hours after midnight (9.0 is 09:00, 8.5 is 08:30).
    pub start_hour: f64,
    /// End of the working day, hours after midnight.
    pub end_hour: f64,
}

impl Default for WorkingHours {
    fn default() -> Self {
        use Weekday::*;
        WorkingHours {
            days: vec![Mon, Tue, Wed, Thu, Fri],
            start_hour: 9.0,
            end_hour: 17.0,
        }
    }
}

/// Validated working hours, ready for arithmetic.
#[derive(Clone, Debug, PartialEq)]
pub struct Calendar {
    working: [bool; 7],
    start: f64,
    end: f64,
    per_day: f64,
    per_week: f64,
}

const WEEK: f64 = 7.0 * MINUTES_PER_DAY;

impl Calendar {
    /// Callers validate first (`0 ≤ start < end ≤ 24`, at least one day); see `scenario`.
    pub fn new(hours: &WorkingHours) -> Calendar {
        let mut working = [false; 7];
        for d in &hours.days {
            working[*d as usize] = true;
        }
        let start = hours.start_hour * 60.0;
        let end = hours.end_hour * 60.0;
        let per_day = end - start;
        let days = working.iter().filter(|w| **w).count() as f64;
        Calendar {
            working,
            start,
            end,
            per_day,
            per_week: per_day * days,
        }
    }

    pub fn minutes_per_day(&self) -> f64 {
        self.per_day
    }

    pub fn minutes_per_week(&self) -> f64 {
        self.per_week
    }

    /// Whole working minutes in `[0, t)`.
    pub fn working_minutes_before(&self, t: f64) -> f64 {
        let weeks = libm::floor(t / WEEK);
        let mut total = weeks * self.per_week;
        let mut day_start = weeks * WEEK;
        while day_start < t {
            let day = ((day_start / MINUTES_PER_DAY) as i64).rem_euclid(7) as usize;
            if self.working[day] {
                let open = day_start + self.start;
                let close = day_start + self.end;
                total += (t.min(close) - open).max(0.0);
            }
            day_start += MINUTES_PER_DAY;
        }
        total
    }

    /// The first working minute at or after `t`.
    pub fn next_working(&self, t: f64) -> f64 {
        let mut day_start = libm::floor(t / MINUTES_PER_DAY) * MINUTES_PER_DAY;
        // At most 8 steps: a validated calendar has a working day every week.
        for _ in 0..8 {
            let day = ((day_start / MINUTES_PER_DAY) as i64).rem_euclid(7) as usize;
            if self.working[day] {
                let open = day_start + self.start;
                let close = day_start + self.end;
                if t < close {
                    return t.max(open);
                }
            }
            day_start += MINUTES_PER_DAY;
        }
        t
    }

    /// The moment `d` working minutes after `t` (counting only working time).
    pub fn add_working(&self, t: f64, d: f64) -> f64 {
        let mut t = self.next_working(t);
        let mut left = d.max(0.0);
        // Skip whole weeks first so that a long delay costs no more than a short one.
        if left >= self.per_week {
            let weeks = libm::floor(left / self.per_week);
            t += weeks * WEEK;
            left -= weeks * self.per_week;
            t = self.next_working(t);
        }
        for _ in 0..16 {
            let day_start = libm::floor(t / MINUTES_PER_DAY) * MINUTES_PER_DAY;
            let close = day_start + self.end;
            let today = close - t;
            if left <= today {
                return t + left;
            }
            left -= today;
            t = self.next_working(close);
        }
        t + left
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal() -> Calendar {
        Calendar::new(&WorkingHours::default())
    }

    fn at(day: f64, hour: f64) -> f64 {
        day * MINUTES_PER_DAY + hour * 60.0
    }

    #[test]
    fn next_working_moves_to_opening_time() {
        let c = cal();
        let cases = [
            // (day, hour) -> (day, hour); day 0 is a Monday
            ((0.0, 3.0), (0.0, 9.0)),
            ((0.0, 9.0), (0.0, 9.0)),
            ((0.0, 12.5), (0.0, 12.5)),
            ((0.0, 17.0), (1.0, 9.0)),
            ((4.0, 18.0), (7.0, 9.0)), // Friday evening -> Monday
            ((5.0, 10.0), (7.0, 9.0)), // Saturday
            ((6.0, 23.9), (7.0, 9.0)), // Sunday night
        ];
        for ((d, h), (ed, eh)) in cases {
            assert_eq!(c.next_working(at(d, h)), at(ed, eh), "from day {d} {h}h");
        }
    }

    #[test]
    fn add_working_counts_only_working_time() {
        let c = cal();
        let cases = [
            ((0.0, 9.0), 60.0, (0.0, 10.0)),
            ((0.0, 16.0), 120.0, (1.0, 10.0)),
            ((4.0, 16.0), 120.0, (7.0, 10.0)),
            ((5.0, 12.0), 30.0, (7.0, 9.5)),
            ((0.0, 9.0), 480.0, (0.0, 17.0)),
            ((0.0, 9.0), 5.0 * 480.0, (7.0, 9.0)), // a whole working week later
            ((0.0, 9.0), 5.0 * 480.0 + 1.0, (7.0, 9.0 + 1.0 / 60.0)),
            ((2.0, 13.0), 52.0 * 5.0 * 480.0, (366.0, 13.0)),
        ];
        for ((d, h), add, (ed, eh)) in cases {
            let got = c.add_working(at(d, h), add);
            assert!(
                (got - at(ed, eh)).abs() < 1e-9,
                "day {d} {h}h + {add} min: got {got}, want {}",
                at(ed, eh)
            );
        }
    }

    #[test]
    fn working_minutes_are_counted() {
        let c = cal();
        assert_eq!(c.minutes_per_week(), 2400.0);
        assert_eq!(c.working_minutes_before(at(7.0, 0.0)), 2400.0);
        assert_eq!(c.working_minutes_before(at(0.0, 10.0)), 60.0);
        assert_eq!(c.working_minutes_before(at(91.0, 0.0)), 13.0 * 2400.0);
        // add_working and working_minutes_before agree.
        let t = at(3.0, 11.0);
        let later = c.add_working(t, 1000.0);
        assert!(
            (c.working_minutes_before(later) - c.working_minutes_before(t) - 1000.0).abs() < 1e-9
        );
    }

    #[test]
    fn weekend_shifts_and_round_the_clock() {
        use Weekday::*;
        let c = Calendar::new(&WorkingHours {
            days: vec![Sat, Sun],
            start_hour: 0.0,
            end_hour: 24.0,
        });
        assert_eq!(c.next_working(at(0.0, 10.0)), at(5.0, 0.0));
        assert_eq!(c.add_working(at(6.0, 23.0), 120.0), at(12.0, 1.0));
    }
}
