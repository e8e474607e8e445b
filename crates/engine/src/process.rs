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

/// How the odds of qualifying fall with the first-response time, as points
/// `[minutes, odds multiplier relative to an answer within the first point]`, interpolated
/// linearly in log(minutes) and log(multiplier), flat beyond the ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseDecay {
    pub points: Vec<[f64; 2]>,
    /// Share of leads whose outcome depends on the response time at all; the rest qualify (or
    /// not) however long they wait.
    pub sensitive_share: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    pub routing: Routing,
    /// Mean minutes for a new lead to reach the CRM from marketing automation.
    pub sync_latency_minutes: f64,
    pub reps: Vec<Rep>,
    pub hours: WorkingHours,
    /// The first-response SLA, in minutes (wall-clock).
    pub response_sla_minutes: f64,
    /// The disposition SLA (accept, reject or recycle), in hours (wall-clock).
    pub disposition_sla_hours: f64,
    /// Share of MQLs sales does not accept that go back to nurture rather than being closed out.
    pub recycle_share: f64,
    /// Marketing and sales documented one MQL and SQL definition and use it in the CRM.
    pub definitions_agreed: bool,
    pub response_decay: ResponseDecay,
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
        probability(&format!("{path}.recycle_share"), self.recycle_share)?;
        let d = &self.response_decay;
        probability(
            &format!("{path}.response_decay.sensitive_share"),
            d.sensitive_share,
        )?;
        if d.points.is_empty() {
            return Err(invalid(
                format!("{path}.response_decay.points"),
                "at least one point is needed",
            ));
        }
        let mut last = 0.0;
        for (i, [minutes, mult]) in d.points.iter().enumerate() {
            let p = format!("{path}.response_decay.points[{i}]");
            if !(minutes.is_finite() && *minutes > last) {
                return Err(invalid(
                    p,
                    format!("minutes must be above 0 and rise from point to point, got {minutes} after {last}"),
                ));
            }
            above(&p, *mult, 0.0, 1e3, "an odds multiplier")?;
            last = *minutes;
        }
        Ok(())
    }
}

/// The response-decay curve, ready for evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct DecayCurve {
    ln_minutes: Vec<f64>,
    ln_mult: Vec<f64>,
}

impl DecayCurve {
    pub fn new(points: &[[f64; 2]]) -> DecayCurve {
        DecayCurve {
            ln_minutes: points.iter().map(|p| libm::log(p[0])).collect(),
            ln_mult: points.iter().map(|p| libm::log(p[1])).collect(),
        }
    }

    /// The odds multiplier for a first response after `minutes`.
    pub fn multiplier(&self, minutes: f64) -> f64 {
        let n = self.ln_minutes.len();
        if minutes <= 0.0 {
            return libm::exp(self.ln_mult[0]);
        }
        let x = libm::log(minutes);
        if x <= self.ln_minutes[0] {
            return libm::exp(self.ln_mult[0]);
        }
        if x >= self.ln_minutes[n - 1] {
            return libm::exp(self.ln_mult[n - 1]);
        }
        let i = self.ln_minutes.partition_point(|m| *m <= x);
        let (x0, x1) = (self.ln_minutes[i - 1], self.ln_minutes[i]);
        let (y0, y1) = (self.ln_mult[i - 1], self.ln_mult[i]);
        libm::exp(y0 + (y1 - y0) * (x - x0) / (x1 - x0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_interpolates_in_log_log() {
        let c = DecayCurve::new(&[[5.0, 1.0], [30.0, 1.0 / 21.0], [1440.0, 0.005]]);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12 * b.max(1.0);
        assert!(close(c.multiplier(0.0), 1.0));
        assert!(close(c.multiplier(2.0), 1.0));
        assert!(close(c.multiplier(5.0), 1.0));
        assert!(close(c.multiplier(30.0), 1.0 / 21.0));
        assert!(close(c.multiplier(1e6), 0.005));
        // Geometric midpoint of 5 and 30 minutes gets the geometric mean of the multipliers.
        let mid = (5.0f64 * 30.0).sqrt();
        assert!(close(c.multiplier(mid), (1.0f64 / 21.0).sqrt()));
        // Monotone between points.
        let mut last = f64::INFINITY;
        for m in (1..3000).map(|i| i as f64) {
            let v = c.multiplier(m);
            assert!(v <= last + 1e-15, "{m}");
            last = v;
        }
    }
}
