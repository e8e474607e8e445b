//! The process between the teams: routing, CRM sync, reps and their capacity, SLAs, and how the
//! chance to qualify a lead fades while it waits for a first response.
//!
//! Response time is not an input: it comes out of the queue simulated in `sim`.

use serde::{Deserialize, Serialize};

use crate::calendar::WorkingHours;
use crate::validate::{
    above, between, clock, duration, in_range, invalid, more_than, not_blank, number, probability,
    show, Checked, Unit, DAYS, HOURS, MINUTES, YEAR_MINUTES,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoutingMode {
    /// Rules assign the lead the moment it lands in the CRM.
    Automatic,
    /// A manager assigns leads by hand, during working hours, after a delay.
    Manual,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Balance {
    /// Each rep of the pool takes the next lead in turn.
    RoundRobin,
    /// The rep of the pool whose queue clears first takes the lead.
    FirstAvailable,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routing {
    pub mode: RoutingMode,
    /// Mean working hours a manager takes to assign a lead (manual routing only).
    pub manual_delay_hours: f64,
    /// The lead field matched against reps' territories (e.g. `region`); `None` routes every
    /// lead to one pool of all reps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory_field: Option<String>,
    pub balance: Balance,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rep {
    pub name: String,
    /// Values of the territory field this rep covers; empty covers leads no one else covers.
    #[serde(default)]
    pub territories: Vec<String>,
    /// First touches this rep can make in a working day (the rest of the day goes to deals).
    pub touches_per_day: f64,
}

/// The order in which a rep works the leads waiting for a first touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueOrder {
    /// The lead that has waited longest first (first come, first served).
    OldestFirst,
    /// The freshest lead first: reps who cherry-pick new leads.
    NewestFirst,
    /// The lead with the highest score first.
    HighestScore,
}

/// How reps work their queue, and how long a lead waits before it goes cold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    pub order: QueueOrder,
    /// A lead not touched this many hours (wall-clock) after it arrived goes cold: no rep ever
    /// contacts it.
    pub patience_hours: f64,
}

/// What happens when the first-response SLA passes with the lead still waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseBreach {
    /// Nothing: the SLA is only measured.
    Measure,
    /// The lead is taken from its rep and given to the next free rep of its pool, then, once a
    /// second SLA period has passed, to any free rep of the team (the overflow pool).
    Reassign,
}

/// What happens when the disposition SLA passes with the lead still waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispositionBreach {
    /// Nothing: the SLA is only measured.
    Measure,
    /// The lead goes back to marketing's nurture, as a recycled lead.
    ReturnToMarketing,
}

/// Recycled leads: not accepted (or returned undispositioned), back to nurture, and some of them
/// qualify again later.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recycling {
    /// Share of the MQLs sales does not accept that go back to nurture rather than being closed
    /// out.
    pub share: f64,
    /// Days in nurture before a recycled lead can qualify again.
    pub nurture_days: f64,
    /// Share of recycled leads that qualify again after nurture (once at most).
    pub requalify_share: f64,
}

/// How strongly the response time acts: the published effect, half of it (on the log-odds
/// scale), or none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    Published,
    Half,
    None,
}

impl Strength {
    /// The exponent applied to every log multiplier of the speed-to-lead curve.
    pub fn exponent(self) -> f64 {
        match self {
            Strength::Published => 1.0,
            Strength::Half => 0.5,
            Strength::None => 0.0,
        }
    }
}

/// One point of the speed-to-lead curve: odds multipliers for a first touch `minutes` after the
/// lead arrived, relative to a touch within the first point.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeedPoint {
    pub minutes: f64,
    /// Odds multiplier of reaching the lead at all.
    pub contact: f64,
    /// Odds multiplier of qualifying a lead the rep reached.
    pub qualify: f64,
}

/// Speed to lead: how the chance to reach a lead, and to qualify it once reached, fall with the
/// first-response time. Interpolated linearly in log(minutes) and log(multiplier), flat beyond
/// the ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeedToLead {
    pub strength: Strength,
    /// Standard deviation of the log of the effect's size, drawn once per trial: how unsure the
    /// published ratios are.
    pub spread: f64,
    /// Chance that a rep reaches an accepted lead touched within the first point's minutes.
    pub contact_rate: f64,
    pub points: Vec<SpeedPoint>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    pub routing: Routing,
    /// Mean minutes for a new lead to reach the CRM from marketing automation.
    pub sync_latency_minutes: f64,
    pub reps: Vec<Rep>,
    pub hours: WorkingHours,
    pub queue: Queue,
    /// The first-response SLA, in minutes (wall-clock).
    pub response_sla_minutes: f64,
    pub on_response_breach: ResponseBreach,
    /// The disposition SLA (accept, reject or recycle), in hours (wall-clock).
    pub disposition_sla_hours: f64,
    pub on_disposition_breach: DispositionBreach,
    pub recycling: Recycling,
    /// Marketing and sales documented one MQL and SQL definition and use it in the CRM.
    pub definitions_agreed: bool,
    /// One report follows every lead from first touch to closed deal, so marketing sees what
    /// sales did with its leads.
    pub full_funnel_reporting: bool,
    pub speed_to_lead: SpeedToLead,
}

impl Process {
    pub fn validate(&self, path: &str) -> Checked {
        let r = &self.routing;
        in_range(
            &format!("{path}.routing.manual_delay_hours"),
            r.manual_delay_hours,
            0.0,
            2000.0,
            "the manager's delay",
            Unit::Of("working hour", "working hours"),
        )?;
        if let Some(f) = &r.territory_field {
            not_blank(
                &format!("{path}.routing.territory_field"),
                f,
                "the territory field is empty: enter the lead field matched against reps' \
                 territories, or leave it out to route every lead to all reps",
            )?;
        }
        in_range(
            &format!("{path}.sync_latency_minutes"),
            self.sync_latency_minutes,
            0.0,
            YEAR_MINUTES,
            "the CRM sync latency",
            MINUTES,
        )?;
        if self.reps.is_empty() {
            return Err(invalid(
                format!("{path}.reps"),
                "the team has no reps: add at least one",
            ));
        }
        if self.reps.len() > 10_000 {
            return Err(invalid(
                format!("{path}.reps"),
                format!(
                    "the team may have at most 10,000 reps, not {}: remove some",
                    number(self.reps.len() as f64)
                ),
            ));
        }
        for (i, rep) in self.reps.iter().enumerate() {
            let p = format!("{path}.reps[{i}]");
            not_blank(
                &format!("{p}.name"),
                &rep.name,
                &format!("rep {} has no name: enter one", i + 1),
            )?;
            above(
                &format!("{p}.touches_per_day"),
                rep.touches_per_day,
                0.0,
                10_000.0,
                &format!("the first touches per day of rep '{}'", rep.name),
                Unit::Number,
            )?;
        }
        let h = &self.hours;
        if h.days.is_empty() {
            return Err(invalid(
                format!("{path}.hours.days"),
                "no working day is chosen: choose at least one",
            ));
        }
        let hour_of_day = |p: &str, value: f64, lo: f64, hi: f64, what: &str| {
            if value.is_finite() && value >= lo && value <= hi {
                Ok(())
            } else {
                Err(invalid(
                    format!("{path}.hours.{p}"),
                    format!(
                        "{what} must be {} after midnight ({} to {}), not {}",
                        between(lo, hi, HOURS),
                        clock(lo),
                        clock(hi),
                        show(value, HOURS)
                    ),
                ))
            }
        };
        hour_of_day(
            "start_hour",
            h.start_hour,
            0.0,
            23.5,
            "the start of the working day",
        )?;
        hour_of_day(
            "end_hour",
            h.end_hour,
            0.5,
            24.0,
            "the end of the working day",
        )?;
        if h.end_hour - h.start_hour < 0.5 {
            return Err(invalid(
                format!("{path}.hours"),
                format!(
                    "the working day must end at least half an hour after it starts, and it \
                     starts at {} ({}) and ends at {} ({}): make it end later or start earlier",
                    show(h.start_hour, Unit::Of("h", "h")),
                    clock(h.start_hour),
                    show(h.end_hour, Unit::Of("h", "h")),
                    clock(h.end_hour)
                ),
            ));
        }
        above(
            &format!("{path}.response_sla_minutes"),
            self.response_sla_minutes,
            0.0,
            YEAR_MINUTES,
            "the first-response SLA",
            MINUTES,
        )?;
        above(
            &format!("{path}.disposition_sla_hours"),
            self.disposition_sla_hours,
            0.0,
            YEAR_MINUTES / 60.0,
            "the disposition SLA",
            HOURS,
        )?;
        in_range(
            &format!("{path}.queue.patience_hours"),
            self.queue.patience_hours,
            1.0,
            YEAR_MINUTES / 60.0,
            "the patience (how long a lead may wait for a first touch before it goes cold)",
            HOURS,
        )?;
        let r = &self.recycling;
        probability(
            &format!("{path}.recycling.share"),
            r.share,
            "the share of MQLs not accepted that are recycled",
        )?;
        in_range(
            &format!("{path}.recycling.nurture_days"),
            r.nurture_days,
            0.0,
            3650.0,
            "the time in nurture",
            DAYS,
        )?;
        probability(
            &format!("{path}.recycling.requalify_share"),
            r.requalify_share,
            "the share of recycled leads that re-qualify",
        )?;
        let st = &self.speed_to_lead;
        in_range(
            &format!("{path}.speed_to_lead.spread"),
            st.spread,
            0.0,
            1.0,
            "the uncertainty of the response-time effect (sd of its log)",
            Unit::Number,
        )?;
        let first = match st.points.first() {
            Some(p) if p.minutes.is_finite() && p.minutes > 0.0 => duration(p.minutes),
            _ => "the first point's time".into(),
        };
        above(
            &format!("{path}.speed_to_lead.contact_rate"),
            st.contact_rate,
            0.0,
            1.0,
            &format!("the share of leads reached when answered within {first}"),
            Unit::Percent,
        )?;
        if st.points.is_empty() {
            return Err(invalid(
                format!("{path}.speed_to_lead.points"),
                "the speed-to-lead curve has no points: add at least one",
            ));
        }
        let mut last = 0.0;
        for (i, pt) in st.points.iter().enumerate() {
            let p = format!("{path}.speed_to_lead.points[{i}]");
            let n = i + 1;
            if !(pt.minutes.is_finite() && pt.minutes > last && pt.minutes <= YEAR_MINUTES) {
                let message = if i == 0 {
                    format!(
                        "the time to first touch of point 1 must be {}, not {}",
                        more_than(0.0, YEAR_MINUTES, MINUTES),
                        show(pt.minutes, MINUTES)
                    )
                } else if last >= YEAR_MINUTES {
                    format!(
                        "point {n} comes after point {} at {}, the latest allowed: remove it",
                        n - 1,
                        show(YEAR_MINUTES, MINUTES)
                    )
                } else {
                    format!(
                        "the time to first touch of point {n} must be more than point {}'s ({}) \
                         and at most {} (a year), not {}: each point must come after the one \
                         before",
                        n - 1,
                        show(last, MINUTES),
                        show(YEAR_MINUTES, MINUTES),
                        show(pt.minutes, MINUTES)
                    )
                };
                return Err(invalid(format!("{p}.minutes"), message));
            }
            let after = duration(pt.minutes);
            above(
                &format!("{p}.contact"),
                pt.contact,
                0.0,
                1e3,
                &format!("the odds multiplier of reaching the lead after {after}"),
                Unit::Times,
            )?;
            above(
                &format!("{p}.qualify"),
                pt.qualify,
                0.0,
                1e3,
                &format!("the odds multiplier of qualifying after {after}"),
                Unit::Times,
            )?;
            last = pt.minutes;
        }
        Ok(())
    }
}

/// The speed-to-lead curve, ready for evaluation: log minutes and log multipliers.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeedCurve {
    ln_minutes: Vec<f64>,
    ln_contact: Vec<f64>,
    ln_qualify: Vec<f64>,
}

impl SpeedCurve {
    pub fn new(points: &[SpeedPoint]) -> SpeedCurve {
        SpeedCurve {
            ln_minutes: points.iter().map(|p| libm::log(p.minutes)).collect(),
            ln_contact: points.iter().map(|p| libm::log(p.contact)).collect(),
            ln_qualify: points.iter().map(|p| libm::log(p.qualify)).collect(),
        }
    }

    /// The log odds multipliers (contact, qualify) for a first touch after `minutes`.
    pub fn ln_multipliers(&self, minutes: f64) -> (f64, f64) {
        let n = self.ln_minutes.len();
        if minutes <= 0.0 {
            return (self.ln_contact[0], self.ln_qualify[0]);
        }
        let x = libm::log(minutes);
        if x <= self.ln_minutes[0] {
            return (self.ln_contact[0], self.ln_qualify[0]);
        }
        if x >= self.ln_minutes[n - 1] {
            return (self.ln_contact[n - 1], self.ln_qualify[n - 1]);
        }
        let i = self.ln_minutes.partition_point(|m| *m <= x);
        let (x0, x1) = (self.ln_minutes[i - 1], self.ln_minutes[i]);
        let w = (x - x0) / (x1 - x0);
        let lerp = |y: &[f64]| y[i - 1] + (y[i] - y[i - 1]) * w;
        (lerp(&self.ln_contact), lerp(&self.ln_qualify))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(minutes: f64, contact: f64, qualify: f64) -> SpeedPoint {
        SpeedPoint {
            minutes,
            contact,
            qualify,
        }
    }

    #[test]
    fn curve_interpolates_in_log_log() {
        let c = SpeedCurve::new(&[
            point(5.0, 1.0, 1.0),
            point(30.0, 0.01, 1.0 / 21.0),
            point(1440.0, 0.001, 0.005),
        ]);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12 * b.abs().max(1.0);
        let m = |x: f64| {
            let (c, q) = c.ln_multipliers(x);
            (libm::exp(c), libm::exp(q))
        };
        for x in [0.0, 2.0, 5.0] {
            assert!(close(m(x).0, 1.0) && close(m(x).1, 1.0), "{x}");
        }
        assert!(close(m(30.0).0, 0.01));
        assert!(close(m(30.0).1, 1.0 / 21.0));
        assert!(close(m(1e6).1, 0.005));
        // The geometric midpoint of 5 and 30 minutes gets the geometric mean of the multipliers.
        let mid = (5.0f64 * 30.0).sqrt();
        assert!(close(m(mid).0, 0.1));
        assert!(close(m(mid).1, (1.0f64 / 21.0).sqrt()));
        // Monotone between points.
        let mut last = (f64::INFINITY, f64::INFINITY);
        for x in (1..3000).map(|i| i as f64) {
            let v = m(x);
            assert!(v.0 <= last.0 + 1e-15 && v.1 <= last.1 + 1e-15, "{x}");
            last = v;
        }
    }
}
