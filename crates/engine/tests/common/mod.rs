//! Scenarios shared by the native tests and the wasm32 test, so that both run the same thing.
#![allow(dead_code)]

use funnel_engine::calendar::{Weekday, WorkingHours};
use funnel_engine::leads::{Column, FieldKind, LeadTable, Value};
use funnel_engine::market::{Segment, TruthEffects, Uncertain};
use funnel_engine::process::{Balance, Rep, RoutingMode, Strength};
use funnel_engine::scenario::LeadsSource;
use funnel_engine::scoring::{Condition, Grades, Qualify, Rule, ScoreKind, ScoringModel};
use funnel_engine::{presets, Scenario};

/// The pinned run: the default preset with a smaller sample, 40 trials, seed 99. Its digest must
/// be the same natively and in wasm32; a change to the engine that moves it must say why (last
/// moved by: speed to lead with contact, queues with an order and patience, SLAs that act,
/// recycled leads that come back, alignment effects, and recalibrated presets).
pub const PINNED_DIGEST: &str = "3b90a6f2f9aa5874";
pub const PINNED_TRIALS: u32 = 40;
pub const PINNED_SEED: u64 = 99;

pub fn pinned_scenario() -> Scenario {
    let mut s = presets::preset("default").unwrap();
    if let LeadsSource::Generated(g) = &mut s.leads {
        g.leads_per_month = 700.0;
    }
    s
}

/// A scenario with no uncertainty but the stage draws themselves, and everything analytical:
/// fixed base rates, no hidden-trait effects, one segment, round-the-clock reps, no sync delay
/// and no response-time decay. Every lead with `x` present is an MQL.
pub fn analytic_scenario(accept: f64, qualify: f64, opportunity: f64, win: f64) -> Scenario {
    use Weekday::*;
    let mut s = presets::preset("default").unwrap();
    s.name = "analytic".into();
    s.leads = LeadsSource::Imported {
        arrival_column: None,
    };
    s.scoring = ScoringModel {
        rules: vec![Rule {
            name: "has x".into(),
            kind: ScoreKind::Fit,
            field: "x".into(),
            when: Condition::Present,
            points: 10.0,
            group: None,
        }],
        caps: vec![],
        decay: None,
        grades: Grades {
            fit: [30.0, 20.0, 5.0],
            engagement: [30.0, 20.0, 10.0],
        },
        qualify: Qualify::Score { threshold: 5.0 },
    };
    s.market.stages.accept = Uncertain::fixed(accept);
    s.market.stages.qualify = Uncertain::fixed(qualify);
    s.market.stages.opportunity = Uncertain::fixed(opportunity);
    s.market.stages.win = Uncertain::fixed(win);
    s.market.truth = TruthEffects {
        fit: [1.0; 4],
        intent: [1.0; 4],
    };
    s.market.segments = vec![Segment {
        name: "all".into(),
        below_employees: None,
        deal_median: 10_000.0,
        deal_sigma: 0.5,
        cycle_median_days: 30.0,
        cycle_sigma: 0.3,
    }];
    s.process.routing.mode = RoutingMode::Automatic;
    s.process.routing.territory_field = None;
    s.process.routing.balance = Balance::RoundRobin;
    s.process.sync_latency_minutes = 0.0;
    s.process.reps = vec![Rep {
        name: "rep".into(),
        territories: vec![],
        touches_per_day: 1e4,
    }];
    s.process.hours = WorkingHours {
        days: vec![Mon, Tue, Wed, Thu, Fri, Sat, Sun],
        start_hour: 0.0,
        end_hour: 24.0,
    };
    s.process.speed_to_lead.strength = Strength::None;
    s.process.speed_to_lead.contact_rate = 1.0;
    s.process.recycling.requalify_share = 0.0;
    s.market.alignment.enabled = false;
    s.process.definitions_agreed = true;
    s.horizon.close_days = 3650.0;
    s
}

/// `n` leads, each with `x` present and a `region`, arriving at the given minutes.
pub fn leads_at(arrivals: &[f64], regions: &[&str]) -> LeadTable {
    let columns = vec![
        Column {
            name: "x".into(),
            kind: FieldKind::Number,
        },
        Column {
            name: "region".into(),
            kind: FieldKind::Text,
        },
    ];
    let rows = arrivals
        .iter()
        .enumerate()
        .map(|(i, _)| {
            vec![
                Value::Number(1.0),
                Value::Text(regions[i % regions.len()].into()),
            ]
        })
        .collect();
    LeadTable::new(columns, rows, arrivals.to_vec()).unwrap()
}
