//! Funnel Lab's simulation engine.
//!
//! Pure functions over one serializable [`Scenario`]: sample leads (generated or imported),
//! score them, and run a Monte Carlo simulation of the funnel (routing, queues for reps,
//! response-time decay, stage outcomes, deals) that projects every metric with its uncertainty.
//!
//! The engine knows nothing of the browser or the terminal: it does no I/O, spawns no threads,
//! reads no clock, and gives the same bits natively and in wasm32 for the same scenario and seed.

pub mod backtest;
pub mod calendar;
pub mod civil;
pub mod conditions;
pub mod crm_rules;
pub mod csv_leads;
pub mod dist;
pub mod examples;
pub mod explore;
pub mod export;
pub mod fit;
pub mod generator;
pub mod leads;
pub mod learn;
pub mod link;
pub mod mapping;
pub mod market;
pub mod metrics;
pub mod migrate;
pub mod presets;
pub mod process;
pub mod profile;
mod queue;
pub mod readiness;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod scoring;
pub mod sim;
pub mod validate;

pub use report::Report;
pub use scenario::{Scenario, ScenarioError};
pub use sim::{prepare, run_trials, scenario_sample, Prepared, Sample};

/// Runs a whole simulation in this thread: the reference that parallel runs must reproduce.
pub fn simulate(p: &Prepared, seed: u64, trials: u32) -> Report {
    Report::new(&p.labels(), seed, &run_trials(p, seed, 0..trials))
}
