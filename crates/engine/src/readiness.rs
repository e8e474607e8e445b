//! The readiness checklist: five pass/fail checks of how ready marketing and sales are to work
//! leads together, read from the scenario's own inputs.
//!
//! The checklist is not stored beside the inputs it stands for, so it can never disagree with
//! them: each check is computed from the scenario ([`Checklist::of`]), and answering a check
//! ([`answer`]) sets those inputs. The share of checks passed is the scenario's alignment level,
//! which scales the reported alignment effects (`market.alignment`).

use serde::{Deserialize, Serialize};

use crate::process::{DispositionBreach, ResponseBreach, RoutingMode};
use crate::scenario::Scenario;

/// The five checks, in the checklist's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// MQL and SQL definitions documented and used in the CRM.
    AgreedDefinitions,
    /// Marketing automation reaches the CRM in under 5 minutes.
    DataIntegration,
    /// Automated routing rules assign leads (no manager assigning by hand).
    AutomatedRouting,
    /// A formal follow-up SLA under 24 hours, enforced: breached leads are reassigned.
    FollowUpSla,
    /// One full-funnel report from first touch to closed deal.
    FullFunnelReporting,
}

pub const CHECKS: [Check; 5] = [
    Check::AgreedDefinitions,
    Check::DataIntegration,
    Check::AutomatedRouting,
    Check::FollowUpSla,
    Check::FullFunnelReporting,
];

/// Sync latency below which data integration passes (minutes).
pub const SYNC_PASS_BELOW_MINUTES: f64 = 5.0;
/// The longest first-response SLA that passes (minutes): 24 hours.
pub const SLA_PASS_AT_MOST_MINUTES: f64 = 1440.0;

/// What answering a check sets. Passing values are the ones the check names; failing values
/// stand for the failure the checklist describes (a batch export every few hours, a manager
/// assigning by hand during the working day).
pub const SYNC_WHEN_PASSED_MINUTES: f64 = 2.0;
pub const SYNC_WHEN_FAILED_MINUTES: f64 = 240.0;
pub const MANUAL_DELAY_WHEN_FAILED_HOURS: f64 = 7.5;

impl Check {
    pub fn title(self) -> &'static str {
        match self {
            Check::AgreedDefinitions => "Lead definitions agreed",
            Check::DataIntegration => "CRM sync under 5 minutes",
            Check::AutomatedRouting => "Automated lead routing",
            Check::FollowUpSla => "Follow-up SLA under 24 h, enforced",
            Check::FullFunnelReporting => "Full-funnel reporting",
        }
    }

    /// Whether the scenario passes this check.
    pub fn passes(self, s: &Scenario) -> bool {
        let p = &s.process;
        match self {
            Check::AgreedDefinitions => p.definitions_agreed,
            Check::DataIntegration => p.sync_latency_minutes < SYNC_PASS_BELOW_MINUTES,
            Check::AutomatedRouting => p.routing.mode == RoutingMode::Automatic,
            Check::FollowUpSla => {
                p.response_sla_minutes <= SLA_PASS_AT_MOST_MINUTES
                    && p.on_response_breach == ResponseBreach::Reassign
            }
            Check::FullFunnelReporting => p.full_funnel_reporting,
        }
    }
}

/// The checklist as a scenario answers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub passed: [bool; 5],
}

impl Checklist {
    pub fn of(s: &Scenario) -> Checklist {
        Checklist {
            passed: CHECKS.map(|c| c.passes(s)),
        }
    }

    pub fn passed_count(&self) -> usize {
        self.passed.iter().filter(|p| **p).count()
    }

    /// The share of checks passed, from 0 to 1: how much of the reported alignment effects
    /// apply.
    pub fn level(&self) -> f64 {
        self.passed_count() as f64 / CHECKS.len() as f64
    }
}

/// Sets the inputs a check stands for so that the scenario passes it (`pass`) or fails it.
/// Inputs that already give the asked answer are left as they are.
pub fn answer(s: &mut Scenario, check: Check, pass: bool) {
    if check.passes(s) == pass {
        return;
    }
    let p = &mut s.process;
    match (check, pass) {
        (Check::AgreedDefinitions, _) => p.definitions_agreed = pass,
        (Check::FullFunnelReporting, _) => p.full_funnel_reporting = pass,
        (Check::DataIntegration, true) => p.sync_latency_minutes = SYNC_WHEN_PASSED_MINUTES,
        (Check::DataIntegration, false) => p.sync_latency_minutes = SYNC_WHEN_FAILED_MINUTES,
        (Check::AutomatedRouting, true) => p.routing.mode = RoutingMode::Automatic,
        (Check::AutomatedRouting, false) => {
            p.routing.mode = RoutingMode::Manual;
            if p.routing.manual_delay_hours == 0.0 {
                p.routing.manual_delay_hours = MANUAL_DELAY_WHEN_FAILED_HOURS;
            }
        }
        (Check::FollowUpSla, true) => {
            p.response_sla_minutes = p.response_sla_minutes.min(SLA_PASS_AT_MOST_MINUTES);
            p.on_response_breach = ResponseBreach::Reassign;
            p.on_disposition_breach = DispositionBreach::ReturnToMarketing;
        }
        (Check::FollowUpSla, false) => {
            p.on_response_breach = ResponseBreach::Measure;
            p.on_disposition_breach = DispositionBreach::Measure;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn presets_answer_the_checklist() {
        let cases = [
            ("siloed", [false, false, false, false, false]),
            ("default", [true, true, true, false, false]),
            ("aligned", [true, true, true, true, true]),
        ];
        for (name, want) in cases {
            let s = presets::preset(name).unwrap();
            assert_eq!(Checklist::of(&s).passed, want, "{name}");
        }
    }

    /// Every answer, from every preset, sets inputs that give that answer and touches no other
    /// check; the result stays a valid scenario.
    #[test]
    fn answering_sets_the_inputs_it_stands_for() {
        for name in presets::NAMES {
            for check in CHECKS {
                for pass in [true, false] {
                    let mut s = presets::preset(name).unwrap();
                    let before = Checklist::of(&s);
                    answer(&mut s, check, pass);
                    let after = Checklist::of(&s);
                    s.validate().unwrap();
                    for (i, c) in CHECKS.iter().enumerate() {
                        let want = if *c == check { pass } else { before.passed[i] };
                        assert_eq!(after.passed[i], want, "{name}: {check:?} → {pass}, {c:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn answers_set_the_documented_values() {
        let mut s = presets::preset("aligned").unwrap();
        answer(&mut s, Check::DataIntegration, false);
        assert_eq!(s.process.sync_latency_minutes, SYNC_WHEN_FAILED_MINUTES);
        answer(&mut s, Check::AutomatedRouting, false);
        assert_eq!(s.process.routing.mode, RoutingMode::Manual);
        assert_eq!(
            s.process.routing.manual_delay_hours,
            MANUAL_DELAY_WHEN_FAILED_HOURS
        );
        let mut s = presets::preset("siloed").unwrap();
        answer(&mut s, Check::FollowUpSla, true);
        assert_eq!(s.process.response_sla_minutes, 1440.0);
        assert_eq!(s.process.on_response_breach, ResponseBreach::Reassign);
        answer(&mut s, Check::DataIntegration, true);
        assert_eq!(s.process.sync_latency_minutes, SYNC_WHEN_PASSED_MINUTES);
        assert_eq!(Checklist::of(&s).level(), 0.4);
    }
}
