//! Built-in scenarios: `default` (a typical team), `siloed` and `aligned`.
//!
//! Figures that come from publications are named with their source in `docs/model.md`; the
//! rest are the project's stated assumptions, chosen so the presets land inside the published
//! ranges for their kind of team.

use crate::calendar::{Weekday, WorkingHours};
use crate::generator::GeneratorConfig;
use crate::mapping::Mapping;
use crate::market::{
    AlignmentEffects, MarketModel, Segment, Spread, StageRates, TruthEffects, Uncertain,
};
use crate::process::{
    Balance, DispositionBreach, Process, Queue, QueueOrder, Recycling, Rep, ResponseBreach,
    Routing, RoutingMode, SpeedPoint, SpeedToLead, Strength,
};
use crate::scenario::{Costs, Horizon, LeadsSource, Scenario, SCHEMA};
use crate::scoring::{
    Cap, Condition, Decay, Grades, Literal, Qualify, Rule, ScoreKind, ScoringModel,
};

pub const NAMES: [&str; 3] = ["default", "siloed", "aligned"];

pub fn preset(name: &str) -> Option<Scenario> {
    match name {
        "default" => Some(default()),
        "siloed" => Some(siloed()),
        "aligned" => Some(aligned()),
        _ => None,
    }
}

fn rule(
    name: &str,
    kind: ScoreKind,
    field: &str,
    when: Condition,
    points: f64,
    group: Option<&str>,
) -> Rule {
    Rule {
        name: name.into(),
        kind,
        field: field.into(),
        when,
        points,
        group: group.map(Into::into),
    }
}

fn one_of(values: &[&str]) -> Condition {
    Condition::OneOf {
        values: values.iter().map(|v| Literal::Text((*v).into())).collect(),
    }
}

fn at_least(min: f64) -> Condition {
    Condition::Range {
        min: Some(min),
        max: None,
    }
}

fn is_true() -> Condition {
    Condition::Equals {
        value: Literal::Bool(true),
    }
}

pub fn scoring_model() -> ScoringModel {
    use ScoreKind::*;
    ScoringModel {
        rules: vec![
            rule(
                "Target industry",
                Fit,
                "industry",
                one_of(&["software", "financial_services", "healthcare"]),
                20.0,
                None,
            ),
            rule(
                "Mid-market (100–999 staff)",
                Fit,
                "company_size",
                Condition::Range {
                    min: Some(100.0),
                    max: Some(1000.0),
                },
                10.0,
                Some("size"),
            ),
            rule(
                "Enterprise (1,000+ staff)",
                Fit,
                "company_size",
                at_least(1000.0),
                20.0,
                Some("size"),
            ),
            rule(
                "Very small company (< 10 staff)",
                Fit,
                "company_size",
                Condition::Range {
                    min: None,
                    max: Some(10.0),
                },
                -10.0,
                Some("size"),
            ),
            rule(
                "Decision maker",
                Fit,
                "seniority",
                one_of(&["c_level", "vp", "director"]),
                15.0,
                None,
            ),
            rule("Manager", Fit, "seniority", one_of(&["manager"]), 5.0, None),
            rule(
                "Core region",
                Fit,
                "region",
                one_of(&["north_america", "emea"]),
                5.0,
                None,
            ),
            rule(
                "Student",
                Fit,
                "seniority",
                one_of(&["student"]),
                -30.0,
                None,
            ),
            rule(
                "Personal e-mail address",
                Fit,
                "email_domain",
                one_of(&["personal", "edu"]),
                -10.0,
                None,
            ),
            rule("Competitor", Fit, "is_competitor", is_true(), -100.0, None),
            rule(
                "Demo or trial request",
                Engagement,
                "demo_requested",
                is_true(),
                30.0,
                None,
            ),
            rule(
                "Visited pricing page",
                Engagement,
                "pricing_page_visits",
                at_least(1.0),
                10.0,
                Some("web"),
            ),
            rule(
                "Visited pricing page 3+ times",
                Engagement,
                "pricing_page_visits",
                at_least(3.0),
                10.0,
                Some("web"),
            ),
            rule(
                "5+ web visits",
                Engagement,
                "web_visits",
                at_least(5.0),
                5.0,
                Some("web"),
            ),
            rule(
                "Attended a webinar",
                Engagement,
                "webinar_attended",
                is_true(),
                10.0,
                None,
            ),
            rule(
                "Downloaded content",
                Engagement,
                "content_downloads",
                at_least(1.0),
                5.0,
                None,
            ),
            rule(
                "3+ e-mail clicks",
                Engagement,
                "email_clicks",
                at_least(3.0),
                5.0,
                None,
            ),
        ],
        caps: vec![Cap {
            group: "web".into(),
            max: 20.0,
        }],
        decay: Some(Decay {
            field: "days_since_last_activity".into(),
            half_life_days: 30.0,
        }),
        grades: Grades {
            fit: [35.0, 20.0, 5.0],
            engagement: [40.0, 20.0, 10.0],
        },
        qualify: Qualify::Score { threshold: 55.0 },
    }
}

pub fn market_model() -> MarketModel {
    MarketModel {
        stages: StageRates {
            accept: Uncertain {
                mean: 0.70,
                sd: 0.06,
            },
            qualify: Uncertain {
                mean: 0.235,
                sd: 0.05,
            },
            opportunity: Uncertain {
                mean: 0.60,
                sd: 0.08,
            },
            win: Uncertain {
                mean: 0.11,
                sd: 0.025,
            },
        },
        acceptance_without_agreed_definitions: 0.12,
        truth: TruthEffects {
            fit: [2.5, 1.3, 1.3, 1.5],
            intent: [1.2, 2.0, 1.5, 1.2],
        },
        multipliers: vec![],
        alignment: alignment_effects(),
        size_field: "company_size".into(),
        segments: vec![
            Segment {
                name: "SMB".into(),
                below_employees: Some(100.0),
                deal_median: 9_000.0,
                deal_sigma: 0.6,
                cycle_median_days: 21.0,
                cycle_sigma: 0.4,
            },
            Segment {
                name: "Mid-market".into(),
                below_employees: Some(1000.0),
                deal_median: 32_000.0,
                deal_sigma: 0.6,
                cycle_median_days: 55.0,
                cycle_sigma: 0.45,
            },
            Segment {
                name: "Enterprise".into(),
                below_employees: None,
                deal_median: 120_000.0,
                deal_sigma: 0.7,
                cycle_median_days: 130.0,
                cycle_sigma: 0.45,
            },
        ],
    }
}

/// Alignment effects as the industry articles report them: win rates 38 % higher and cycles
/// 15–20 % shorter for aligned teams. Reported, not established: the spreads say so.
pub fn alignment_effects() -> AlignmentEffects {
    AlignmentEffects {
        enabled: true,
        win_rate_uplift: Spread {
            mean: 0.38,
            sd: 0.12,
        },
        cycle_reduction: Spread {
            mean: 0.175,
            sd: 0.04,
        },
    }
}

/// Speed to lead calibrated to the two response-time studies (see docs/model.md §6 and the
/// calibration test in tests/engine.rs).
pub fn speed_to_lead() -> SpeedToLead {
    let p = |minutes: f64, contact: f64, qualify: f64| SpeedPoint {
        minutes,
        contact,
        qualify,
    };
    SpeedToLead {
        strength: Strength::Published,
        spread: 0.07,
        contact_rate: 0.9,
        points: vec![
            p(5.0, 1.0, 1.0),
            p(30.0, 0.009, 0.5),
            p(120.0, 0.006, 0.3),
            p(1440.0, 0.003, 0.15),
            p(10080.0, 0.0012, 0.08),
            p(43200.0, 0.0006, 0.04),
        ],
    }
}

pub fn recycling() -> Recycling {
    Recycling {
        share: 0.5,
        nurture_days: 30.0,
        requalify_share: 0.2,
    }
}

fn reps(per_region: &[(&str, &[&str], usize)], touches_per_day: f64) -> Vec<Rep> {
    let mut out = Vec::new();
    for (label, territories, count) in per_region {
        for i in 1..=*count {
            out.push(Rep {
                name: format!("{label} {i}"),
                territories: territories.iter().map(|t| (*t).into()).collect(),
                touches_per_day,
            });
        }
    }
    out
}

const TEAM: [(&str, &[&str], usize); 3] = [
    ("Americas", &["north_america", "latam"], 3),
    ("EMEA", &["emea"], 2),
    ("APAC", &["apac"], 1),
];

fn default() -> Scenario {
    Scenario {
        schema: SCHEMA,
        name: "default".into(),
        description:
            "A typical B2B team: 10,002 generated leads over a quarter, automated routing by \
                      region, six reps, a one-day first-response SLA."
                .into(),
        leads: LeadsSource::Generated(GeneratorConfig::default()),
        mapping: Mapping::default(),
        scoring: scoring_model(),
        market: market_model(),
        process: Process {
            routing: Routing {
                mode: RoutingMode::Automatic,
                manual_delay_hours: 0.0,
                territory_field: Some("region".into()),
                balance: Balance::RoundRobin,
            },
            sync_latency_minutes: 2.0,
            reps: reps(&TEAM, 8.0),
            hours: WorkingHours::default(),
            queue: Queue {
                order: QueueOrder::OldestFirst,
                patience_hours: 336.0,
            },
            response_sla_minutes: 1440.0,
            on_response_breach: ResponseBreach::Measure,
            disposition_sla_hours: 48.0,
            on_disposition_breach: DispositionBreach::Measure,
            recycling: recycling(),
            definitions_agreed: true,
            full_funnel_reporting: false,
            speed_to_lead: speed_to_lead(),
        },
        horizon: Horizon { close_days: 180.0 },
        // $60 of marketing per lead and each rep at $50,000 a quarter, fully loaded: the
        // project's assumptions, only there so that CAC has something to divide.
        costs: Costs {
            marketing_spend: 600_000.0,
            sales_cost: 0.0,
            per_rep_cost: 50_000.0,
        },
        trials: 1000,
        seed: 1,
        examples: Vec::new(),
    }
}

fn siloed() -> Scenario {
    let mut s = default();
    s.name = "siloed".into();
    s.description =
        "Marketing and sales apart: leads exported to the CRM in batches, a manager assigns \
                     them by hand, no agreed MQL definition, about 42 hours to a first response."
            .into();
    s.process.routing = Routing {
        mode: RoutingMode::Manual,
        manual_delay_hours: 7.5,
        territory_field: None,
        balance: Balance::RoundRobin,
    };
    s.process.sync_latency_minutes = 240.0;
    s.process.response_sla_minutes = 2880.0;
    s.process.definitions_agreed = false;
    s
}

fn aligned() -> Scenario {
    use Weekday::*;
    let mut s = default();
    s.name = "aligned".into();
    s.description =
        "Marketing and sales aligned: agreed definitions, real-time sync, automated routing to \
                     the first free rep, a 5-minute SLA with longer coverage hours."
            .into();
    s.process.routing.balance = Balance::FirstAvailable;
    s.process.sync_latency_minutes = 1.0;
    s.process.reps = reps(&TEAM, 10.0);
    s.process.hours = WorkingHours {
        days: vec![Mon, Tue, Wed, Thu, Fri],
        start_hour: 7.0,
        end_hour: 20.0,
    };
    s.process.response_sla_minutes = 5.0;
    s.process.on_response_breach = ResponseBreach::Reassign;
    s.process.on_disposition_breach = DispositionBreach::ReturnToMarketing;
    s.process.definitions_agreed = true;
    s.process.full_funnel_reporting = true;
    s
}
