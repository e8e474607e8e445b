//! The process between the teams: routing, CRM sync, reps and their capacity, SLAs, and how the
//! chance to qualify a lead fades while it waits for a first response.
//!
//! Response time is not an input: it comes out of the queue simulated in `sim`.

use serde::{Deserialize, Serialize};

use crate::calendar::WorkingHours;
use crate::validate::{above, in_range, invalid, not_blank, probability, Checked};

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

/// A year of minutes: the longest any single delay may be.
const YEAR_MINUTES: f64 = 365.0 * 1440.0;

impl Process {
    pub fn validate(&self, path: &str) -> Checked {
        let r = &self.routing;
        in_range(
            &format!("{path}.routing.manual_delay_hours"),
            r.manual_delay_hours,
            0.0,
            2000.0,
            "a delay in working hours",
        )?;
        if let Some(f) = &r.territory_field {
            not_blank(
                &format!("{path}.routing.territory_field"),
                f,
                "a field name",
            )?;
        }
        in_range(
            &format!("{path}.sync_latency_minutes"),
            self.sync_latency_minutes,
            0.0,
            YEAR_MINUTES,
            "a latency in minutes",
        )?;
        if self.reps.is_empty() {
            return Err(invalid(
                format!("{path}.reps"),
                "at least one rep is needed",
            ));
        }
        if self.reps.len() > 10_000 {
            return Err(invalid(format!("{path}.reps"), "at most 10000 reps"));
        }
        for (i, rep) in self.reps.iter().enumerate() {
            let p = format!("{path}.reps[{i}]");
            not_blank(&format!("{p}.name"), &rep.name, "a rep name")?;
            above(
                &format!("{p}.touches_per_day"),
                rep.touches_per_day,
                0.0,
                10_000.0,
                "a capacity in first touches per day",
            )?;
        }
        let h = &self.hours;
        if h.days.is_empty() {
            return Err(invalid(
                format!("{path}.hours.days"),
                "at least one working day is needed",
            ));
        }
        in_range(
            &format!("{path}.hours.start_hour"),
            h.start_hour,
            0.0,
            23.5,
            "an hour of the day",
        )?;
        in_range(
            &format!("{path}.hours.end_hour"),
            h.end_hour,
            0.5,
            24.0,
            "an hour of the day",
        )?;
        if h.end_hour - h.start_hour < 0.5 {
            return Err(invalid(
                format!("{path}.hours"),
                format!(
                    "end_hour must be at least half an hour after start_hour, got start_hour {} and end_hour {}",
                    h.start_hour, h.end_hour
                ),
            ));
        }
        above(
            &format!("{path}.response_sla_minutes"),
            self.response_sla_minutes,
            0.0,
            YEAR_MINUTES,
            "an SLA in minutes",
        )?;
        above(
            &format!("{path}.disposition_sla_hours"),
            self.disposition_sla_hours,
            0.0,
            8760.0,
            "an SLA in hours",
        )?;
        in_range(
            &format!("{path}.queue.patience_hours"),
            self.queue.patience_hours,
            1.0,
            YEAR_MINUTES / 60.0,
            "a patience in hours",
        )?;
        let r = &self.recycling;
        probability(&format!("{path}.recycling.share"), r.share)?;
        in_range(
            &format!("{path}.recycling.nurture_days"),
            r.nurture_days,
            0.0,
            3650.0,
            "a number of days",
        )?;
        probability(
            &format!("{path}.recycling.requalify_share"),
            r.requalify_share,
        )?;
        let st = &self.speed_to_lead;
        in_range(
            &format!("{path}.speed_to_lead.spread"),
            st.spread,
            0.0,
            1.0,
            "a spread (standard deviation of the log effect)",
        )?;
        above(
            &format!("{path}.speed_to_lead.contact_rate"),
            st.contact_rate,
            0.0,
            1.0,
            "a probability",
        )?;
        if st.points.is_empty() {
            return Err(invalid(
                format!("{path}.speed_to_lead.points"),
                "at least one point is needed",
            ));
        }
        let mut last = 0.0;
        for (i, pt) in st.points.iter().enumerate() {
            let p = format!("{path}.speed_to_lead.points[{i}]");
            if !(pt.minutes.is_finite() && pt.minutes > last && pt.minutes <= YEAR_MINUTES) {
                return Err(invalid(
                    format!("{p}.minutes"),
                    format!(
                        "minutes must be above 0, at most a year, and rise from point to point, got {} after {last}",
                        pt.minutes
                    ),
                ));
            }
            above(
                &format!("{p}.contact"),
                pt.contact,
                0.0,
                1e3,
                "an odds multiplier",
            )?;
            above(
                &format!("{p}.qualify"),
                pt.qualify,
                0.0,
                1e3,
                "an odds multiplier",
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
