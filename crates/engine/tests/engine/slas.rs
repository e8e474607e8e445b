//! SLAs and recycling act, each in the direction it should, with common random numbers: the
//! same leads and seed with the one setting changed.

use funnel_engine::process::{DispositionBreach, ResponseBreach};
use funnel_engine::sim::FEEDBACK_REQUALIFY_FACTOR;
use funnel_engine::{Sample, Scenario};

use crate::capacity::one_slow_rep_and_idle_peers;
use crate::common;
use crate::{check_ladder, Depth, Run, Trend};

const SEED: u64 = 7;
const TRIALS: u32 = 20;

/// Reassignment against measuring only: the slow rep's waiting leads go to its idle peers once
/// the 30-minute SLA passes, so they are answered sooner and more of them qualify.
#[test]
fn reassignment_answers_sooner_and_qualifies_more() {
    let run = |breach: ResponseBreach| {
        let mut s = one_slow_rep_and_idle_peers();
        s.process.response_sla_minutes = 30.0;
        s.process.on_response_breach = breach;
        Run::generated(&s, SEED, TRIALS)
    };
    let (measure, reassign) = (run(ResponseBreach::Measure), run(ResponseBreach::Reassign));
    assert!(
        measure.each("reassigned").iter().all(|x| *x == 0.0),
        "nothing is reassigned when the SLA is only measured"
    );
    assert!(
        reassign.each("reassigned").iter().all(|x| *x > 0.0),
        "{:?}",
        reassign.each("reassigned")
    );
    let (a, b) = (
        measure.report.metrics.response_minutes.p50,
        reassign.report.metrics.response_minutes.p50,
    );
    assert!(b < a, "median response: reassign {b} min, measure {a} min");
    let (a, b) = (measure.mean("sqls"), reassign.mean("sqls"));
    assert!(b > a * 1.05, "SQLs: reassign {b}, measure {a}");
}

/// Returning leads to marketing when the disposition SLA passes. A lead left waiting by the slow
/// rep goes back to nurture after 8 hours instead of waiting out the 14-day patience; with a
/// re-qualification share and a year's horizon, some come back as MQLs. A disposition SLA at or
/// beyond the patience never passes first, so returning changes nothing at all.
#[test]
fn returning_to_marketing_recycles_and_requalifies() {
    let run = |hours: f64, breach: DispositionBreach, requalify: f64| {
        let mut s = one_slow_rep_and_idle_peers();
        s.horizon.close_days = 365.0;
        s.process.disposition_sla_hours = hours;
        s.process.on_disposition_breach = breach;
        s.process.recycling.requalify_share = requalify;
        Run::generated(&s, SEED, TRIALS)
    };
    use DispositionBreach::{Measure, ReturnToMarketing};
    let measure = run(8.0, Measure, 0.3);
    let returned = run(8.0, ReturnToMarketing, 0.3);
    assert!(measure.each("returned").iter().all(|x| *x == 0.0));
    assert!(
        returned.each("returned").iter().all(|x| *x > 0.0),
        "{:?}",
        returned.each("returned")
    );
    for metric in ["recycled", "requalified"] {
        let (a, b) = (measure.mean(metric), returned.mean(metric));
        assert!(b > 2.0 * a, "{metric}: returned {b}, measured {a}");
    }
    // Returned leads are recycled leads: each counts in both.
    for (r, c) in returned
        .each("returned")
        .iter()
        .zip(returned.each("recycled"))
    {
        assert!(c >= *r, "recycled {c} < returned {r}");
    }
    let never = run(8.0, ReturnToMarketing, 0.0);
    assert!(never.each("returned").iter().all(|x| *x > 0.0));
    assert!(never.each("requalified").iter().all(|x| *x == 0.0));

    let patience = one_slow_rep_and_idle_peers().process.queue.patience_hours;
    for hours in [patience, patience + 100.0] {
        assert_eq!(
            run(hours, ReturnToMarketing, 0.3).report.digest,
            run(hours, Measure, 0.3).report.digest,
            "a disposition SLA of {hours} h cannot pass before the {patience} h patience"
        );
    }
}

/// A team that is never busy, 400 MQLs, half of them accepted, half of the others recycled:
/// each recycled lead qualifies again after its 30 days of nurture exactly when its own
/// uniform is below the share, so along a ladder of shares the re-qualified leads of every
/// trial can only grow, and their mean is the share of the 100 recycled leads expected.
fn requalify_scenario(share: f64) -> Scenario {
    let mut s = common::analytic_scenario(0.5, 0.4, 0.7, 0.25);
    s.process.recycling.share = 0.5;
    s.process.recycling.nurture_days = 30.0;
    s.process.recycling.requalify_share = share;
    s
}

fn requalify_sample() -> Sample {
    let arrivals: Vec<f64> = (0..400).map(|i| i as f64 * 97.0).collect();
    Sample::imported(common::leads_at(&arrivals, &["x"]))
}

#[test]
fn requalification_follows_its_share() {
    let sample = requalify_sample();
    let rungs: Vec<(f64, Run)> = [0.0, 0.1, 0.3, 0.6, 1.0]
        .iter()
        .map(|&share| {
            (
                share,
                Run::over(&requalify_scenario(share), &sample, SEED, 40),
            )
        })
        .collect();
    assert!(
        rungs[0].1.each("requalified").iter().all(|x| *x == 0.0),
        "a share of 0 re-qualifies no one"
    );
    check_ladder(
        "requalify share",
        &rungs,
        &[("requalified", Trend::NeverFalls, Depth::EveryTrial)],
    );
    for (share, run) in &rungs {
        let xs = run.each("requalified");
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        let sd = (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let want = 400.0 * 0.5 * 0.5 * share;
        assert!(
            (m - want).abs() <= 4.0 * sd / n.sqrt() + 1e-9,
            "share {share}: {m} re-qualified, expected {want}"
        );
    }
}

/// Full-funnel reporting multiplies the re-qualification share by the feedback factor (capped
/// at 1) and does nothing else here (the alignment effects are off): the run is bit for bit
/// the run with the multiplied share. And it raises re-qualification in every trial.
#[test]
fn full_funnel_reporting_raises_requalification_by_the_feedback_factor() {
    let sample = requalify_sample();
    for share in [0.2, 0.4, 0.8] {
        let mut with = requalify_scenario(share);
        with.process.full_funnel_reporting = true;
        let multiplied = requalify_scenario((share * FEEDBACK_REQUALIFY_FACTOR).min(1.0));
        let without = requalify_scenario(share);
        let (w, m, o) = (
            Run::over(&with, &sample, SEED, 40),
            Run::over(&multiplied, &sample, SEED, 40),
            Run::over(&without, &sample, SEED, 40),
        );
        assert_eq!(w.report.digest, m.report.digest, "share {share}");
        for (a, b) in o.each("requalified").iter().zip(w.each("requalified")) {
            assert!(b >= *a, "share {share}: {a} → {b}");
        }
        let ratio = w.mean("requalified") / o.mean("requalified");
        let want = (share * FEEDBACK_REQUALIFY_FACTOR).min(1.0) / share;
        assert!(
            (ratio - want).abs() < 0.1,
            "share {share}: re-qualified ×{ratio}, expected ×{want}"
        );
    }
}

/// The queue's patience: one rep a touch an hour round the clock, 600 leads every 30 minutes,
/// nothing recycled (so every trial is the same queue). The shorter the patience, the more
/// leads go cold. By hand, for a patience of P whole hours (P < 300): at hour k the rep touches
/// lead k while its wait k/2 h is within P (k ≤ 2P), then lead 2(k − P), which has waited
/// exactly P, until the last lead (k = P + 299): P + 300 touched, 300 − P cold. With P beyond
/// the 300 hours the last lead waits, none goes cold.
#[test]
fn shorter_patience_more_leads_go_cold() {
    let mut s = common::analytic_scenario(0.5, 0.5, 0.5, 0.5);
    s.process.reps[0].touches_per_day = 24.0;
    s.process.recycling.share = 0.0;
    let arrivals: Vec<f64> = (0..600).map(|i| i as f64 * 30.0).collect();
    let sample = Sample::imported(common::leads_at(&arrivals, &["x"]));
    let rungs: Vec<(f64, Run)> = [1.0, 4.0, 24.0, 72.0, 168.0, 720.0]
        .iter()
        .map(|&hours| {
            s.process.queue.patience_hours = hours;
            (hours, Run::over(&s, &sample, SEED, 3))
        })
        .collect();
    check_ladder(
        "patience hours",
        &rungs,
        &[("went_cold", Trend::NeverRises, Depth::EveryTrial)],
    );
    for (hours, run) in &rungs {
        let want = (300.0 - hours).max(0.0);
        assert!(
            run.each("went_cold").iter().all(|c| *c == want),
            "patience {hours} h: {:?} cold, expected {want}",
            run.each("went_cold")
        );
    }
}
