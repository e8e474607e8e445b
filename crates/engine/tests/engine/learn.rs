//! The market model learnt from outcomes: odds multipliers against a known logistic signal,
//! their spread against the spread of the estimate itself, and the spread in the bands.

use funnel_engine::leads::{Column, FieldKind, LeadTable, Value};
use funnel_engine::learn::{learn_market, LearnOptions, LearntMarket};
use funnel_engine::market::Stage;
use funnel_engine::rng::generator_rng;
use funnel_engine::sim::run_trials;
use funnel_engine::{prepare, Report, Sample};
use rand::Rng;

use super::common;

/// True log odds by industry: Software converts at e^1.0 ≈ 2.7× Retail's odds.
const TRUTH: [(&str, f64); 3] = [("Software", 1.0), ("Retail", 0.0), ("Banking", -0.7)];
const BASE_LOGIT: f64 = -1.5;

/// `n` leads with an industry from [`TRUTH`] and their outcomes, plus `rare` leads of
/// "Aerospace", three in four of which convert.
fn leads(seed: u64, n: usize, rare: usize) -> (LeadTable, Vec<bool>) {
    let mut rng = generator_rng(seed);
    let (mut rows, mut converted) = (Vec::new(), Vec::new());
    for _ in 0..n {
        let (industry, effect) = TRUTH[rng.random_range(0..TRUTH.len())];
        let p = 1.0 / (1.0 + (-(BASE_LOGIT + effect)).exp());
        converted.push(rng.random::<f64>() < p);
        rows.push(vec![Value::Text(industry.into())]);
    }
    for i in 0..rare {
        converted.push(i % 4 != 0);
        rows.push(vec![Value::Text("Aerospace".into())]);
    }
    let len = rows.len();
    let table = LeadTable::new(
        vec![Column {
            name: "Industry".into(),
            kind: FieldKind::Text,
        }],
        rows,
        vec![0.0; len],
    )
    .unwrap();
    (table, converted)
}

fn log_odds(m: &LearntMarket, label: &str) -> (f64, f64) {
    let l = m
        .learnt
        .iter()
        .find(|l| l.label == format!("Industry is {label}"))
        .unwrap_or_else(|| panic!("nothing learnt for {label}: {:?}", m.learnt));
    (l.multiplier.odds.ln(), l.multiplier.odds_sd)
}

#[test]
fn multipliers_recover_a_known_signal_and_their_spread_is_the_estimates_own() {
    // Over 60 exports drawn from the same truth, the learnt log odds ratio Software / Retail
    // averages the true 1.0, and its spread from export to export is the spread each export
    // reports (two independent groups: the variances add).
    let (mut diffs, mut reported) = (Vec::new(), Vec::new());
    for seed in 0..60 {
        let (table, converted) = leads(seed, 3000, 0);
        let m = learn_market(&table, &converted, &LearnOptions::default()).unwrap();
        assert_eq!(m.stage, Stage::Qualify);
        let (s, s_sd) = log_odds(&m, "Software");
        let (r, r_sd) = log_odds(&m, "Retail");
        diffs.push(s - r);
        reported.push((s_sd * s_sd + r_sd * r_sd).sqrt());
    }
    let n = diffs.len() as f64;
    let mean = diffs.iter().sum::<f64>() / n;
    let sd = (diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let said = reported.iter().sum::<f64>() / n;
    assert!(
        (mean - 1.0).abs() < 3.0 * sd / n.sqrt() + 0.02,
        "mean log odds ratio {mean} (sd {sd})"
    );
    assert!(
        (sd / said - 1.0).abs() < 0.25,
        "export-to-export sd {sd} vs the reported {said}"
    );
}

#[test]
fn a_rare_value_is_pulled_towards_the_base_rate_and_is_less_sure() {
    let (table, converted) = leads(7, 3000, 40);
    let m = learn_market(&table, &converted, &LearnOptions::default()).unwrap();
    let (rare, rare_sd) = log_odds(&m, "Aerospace");
    let (_, common_sd) = log_odds(&m, "Software");
    // Raw: 30 of 40 convert against the export's base rate.
    let odds = |p: f64| p / (1.0 - p);
    let raw = (odds(0.75) / odds(m.base_rate)).ln();
    assert!(rare > 0.0 && rare < 0.8 * raw, "learnt {rare}, raw {raw}");
    assert!(rare_sd > 2.0 * common_sd, "{rare_sd} vs {common_sd}");
    // Below the minimum a value is not learnt at all.
    let (table, converted) = leads(7, 3000, 20);
    let m = learn_market(&table, &converted, &LearnOptions::default()).unwrap();
    assert!(m.learnt.iter().all(|l| !l.label.contains("Aerospace")));
}

#[test]
fn learnt_spreads_widen_the_bands_and_leave_fixed_runs_alone() {
    // Imported leads of three industries, the learnt multipliers on the qualification stage.
    let (table, converted) = leads(3, 600, 0);
    let m = learn_market(&table, &converted, &LearnOptions::default()).unwrap();
    let arrivals: Vec<f64> = (0..table.len()).map(|i| i as f64 * 50.0).collect();
    let mut t = common::leads_at(&arrivals, &["x"]);
    let industries: Vec<Value> = table.column_values(0).cloned().collect();
    t.set_column(
        Column {
            name: "Industry".into(),
            kind: FieldKind::Text,
        },
        industries,
    )
    .unwrap();
    let sample = Sample::imported(t);
    let mut s = common::analytic_scenario(0.8, 0.4, 0.7, 0.25);
    s.market.multipliers = m.multipliers();
    let mut fixed = s.clone();
    for x in &mut fixed.market.multipliers {
        x.odds_sd = 0.0;
    }
    let run = |s: &funnel_engine::Scenario| {
        let p = prepare(s, &sample).unwrap();
        let trials = run_trials(&p, 9, 0..400);
        let r = Report::new(&p.labels(), 9, &trials);
        (trials, r)
    };
    let (ut, u) = run(&s);
    let (ft, f) = run(&fixed);
    let width = |r: &Report| r.metrics.sqls.p95 - r.metrics.sqls.p05;
    assert!(
        width(&u) > 1.1 * width(&f),
        "P5–P95 of SQLs: {} drawn vs {} fixed",
        width(&u),
        width(&f)
    );
    // The medians agree: the draws spread the multipliers around what was learnt.
    let rel = (u.metrics.sqls.mean / f.metrics.sqls.mean - 1.0).abs();
    assert!(
        rel < 0.08,
        "{} vs {}",
        u.metrics.sqls.mean,
        f.metrics.sqls.mean
    );
    // The draws come from a stream of their own: every other draw is as it was, so the
    // acceptance stage (no multiplier on it) is the same trial by trial.
    for (a, b) in ut.iter().zip(&ft) {
        assert_eq!(a.metrics.sals, b.metrics.sals);
    }
    // And split over workers, the same bits.
    let p = prepare(&s, &sample).unwrap();
    let mut parts = run_trials(&p, 9, 0..150);
    parts.extend(run_trials(&p, 9, 150..400));
    assert_eq!(parts, ut);
}
