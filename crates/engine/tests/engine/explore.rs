//! The workshop instruments against independent computations: a sweep point is exactly the run
//! of its threshold, a comparison's differences are exactly the trial-by-trial differences of
//! two separate runs, and common random numbers make paired differences far narrower than the
//! metric's own spread.

use funnel_engine::explore::{compare, differences, sweep, thresholds, with_threshold};
use funnel_engine::report::Summary;
use funnel_engine::{prepare, run_trials, scenario_sample, simulate};

use super::common::pinned_scenario;

const TRIALS: u32 = 40;
const SEED: u64 = 5;

#[test]
fn a_sweep_point_is_the_run_of_its_threshold() {
    let s = pinned_scenario();
    let sample = scenario_sample(&s).unwrap();
    let ts = thresholds(35.0, 65.0, 15.0, 10).unwrap();
    let mut seen = Vec::new();
    let sw = sweep(&s, &sample, &ts, TRIALS, SEED, |done, of| {
        seen.push((done, of))
    })
    .unwrap();
    assert_eq!(seen, [(1, 3), (2, 3), (3, 3)], "progress after each point");
    for (t, point) in ts.iter().zip(&sw.points) {
        let alone = simulate(
            &prepare(&with_threshold(&s, *t), &sample).unwrap(),
            SEED,
            TRIALS,
        );
        assert_eq!(point.digest, alone.digest, "threshold {t}");
        assert_eq!(point.metrics, alone.metrics, "threshold {t}");
    }
    // A higher threshold never makes more MQLs.
    let mqls: Vec<f64> = sw.points.iter().map(|p| p.metrics.mqls.mean).collect();
    assert!(mqls.windows(2).all(|w| w[1] <= w[0]), "{mqls:?}");
    let best = sw.best.expect("some threshold wins deals");
    let top = sw.points[best].metrics.revenue.mean;
    assert!(sw.points.iter().all(|p| p.metrics.revenue.mean <= top));
    assert!(sw
        .points
        .iter()
        .all(|p| p.rep_load.is_finite() && p.rep_load >= 0.0));
}

#[test]
fn a_comparison_is_the_trial_by_trial_difference_of_two_runs() {
    let a = pinned_scenario();
    let mut b = a.clone();
    b.process.response_sla_minutes = 30.0;
    b.process.on_response_breach = funnel_engine::process::ResponseBreach::Reassign;
    let sa = scenario_sample(&a).unwrap();
    let sb = scenario_sample(&b).unwrap();
    let c = compare(&[(&a, &sa), (&b, &sb)], TRIALS, SEED).unwrap();
    assert_eq!(c.reports.len(), 2);
    assert_eq!(c.differences.len(), 1);
    // Independently: each scenario's trials on their own, subtracted here.
    let ta = run_trials(&prepare(&a, &sa).unwrap(), SEED, 0..TRIALS);
    let tb = run_trials(&prepare(&b, &sb).unwrap(), SEED, 0..TRIALS);
    let sqls = c.differences[0]
        .iter()
        .find(|d| d.metric == "sqls")
        .unwrap();
    let expected = Summary::of(
        ta.iter()
            .zip(&tb)
            .map(|(x, y)| y.metrics.sqls - x.metrics.sqls),
    );
    assert_eq!(sqls.diff, expected);
    let wins = ta
        .iter()
        .zip(&tb)
        .map(|(x, y)| {
            if y.metrics.sqls > x.metrics.sqls {
                1.0
            } else if y.metrics.sqls == x.metrics.sqls {
                0.5
            } else {
                0.0
            }
        })
        .sum::<f64>()
        / TRIALS as f64;
    assert_eq!(sqls.p_b_higher, wins);
    assert_eq!(
        c.reports[0].digest,
        simulate(&prepare(&a, &sa).unwrap(), SEED, TRIALS).digest
    );
}

#[test]
fn a_scenario_compared_with_itself_differs_in_nothing() {
    let a = pinned_scenario();
    let sa = scenario_sample(&a).unwrap();
    let c = compare(&[(&a, &sa), (&a, &sa)], 20, SEED).unwrap();
    for d in &c.differences[0] {
        if d.diff.mean.is_nan() {
            continue; // a metric undefined in every trial
        }
        assert_eq!((d.diff.min, d.diff.max), (0.0, 0.0), "{}", d.metric);
        assert_eq!(d.p_b_higher, 0.5, "{}", d.metric);
    }
}

#[test]
fn common_random_numbers_narrow_the_difference() {
    // Moving the threshold by one point changes a few MQLs; with common random numbers the
    // paired difference in SQLs is far narrower than SQLs' own spread over trials.
    let s = pinned_scenario();
    let sample = scenario_sample(&s).unwrap();
    let a = run_trials(
        &prepare(&with_threshold(&s, 55.0), &sample).unwrap(),
        SEED,
        0..TRIALS,
    );
    let b = run_trials(
        &prepare(&with_threshold(&s, 56.0), &sample).unwrap(),
        SEED,
        0..TRIALS,
    );
    let d = differences(&a, &b);
    let sqls = d.iter().find(|d| d.metric == "sqls").unwrap();
    let own = Summary::of(a.iter().map(|t| t.metrics.sqls));
    assert!(
        sqls.diff.sd < 0.5 * own.sd,
        "paired sd {} vs own sd {}",
        sqls.diff.sd,
        own.sd
    );
    // Fresh noise (another seed for B) would not be narrower.
    let fresh = run_trials(
        &prepare(&with_threshold(&s, 56.0), &sample).unwrap(),
        SEED + 1,
        0..TRIALS,
    );
    let unpaired = differences(&a, &fresh);
    let unpaired = unpaired.iter().find(|d| d.metric == "sqls").unwrap();
    assert!(
        sqls.diff.sd < 0.5 * unpaired.diff.sd,
        "{} vs {}",
        sqls.diff.sd,
        unpaired.diff.sd
    );
}

#[test]
fn sensitivity_ranks_the_levers_by_what_they_move() {
    use funnel_engine::explore::{levers, sensitivity};
    let s = pinned_scenario();
    let sample = scenario_sample(&s).unwrap();
    let sens = sensitivity(&s, &sample, 30, SEED).unwrap();
    let ls = levers(&s);
    assert_eq!(sens.rows.len(), ls.len());
    let swing =
        |r: &funnel_engine::explore::SensitivityRow| r.revenue.0.abs().max(r.revenue.1.abs());
    assert!(
        sens.rows.windows(2).all(|w| swing(&w[0]) >= swing(&w[1])),
        "biggest first"
    );
    // A row is the difference of means of separate runs of its two ends and the base.
    let mean_sqls = |sc: &funnel_engine::Scenario| {
        let t = run_trials(&prepare(sc, &sample).unwrap(), SEED, 0..30);
        Summary::of(t.iter().map(|o| o.metrics.sqls)).mean
    };
    let base = mean_sqls(&s);
    assert_eq!(sens.base_sqls, base);
    let cap = sens
        .rows
        .iter()
        .find(|r| r.lever == "Reps' capacity")
        .unwrap();
    let lever = &ls[cap.index];
    assert_eq!(cap.sqls.0, mean_sqls(&lever.low.scenario) - base);
    assert_eq!(cap.sqls.1, mean_sqls(&lever.high.scenario) - base);
    // Less capacity never buys more SQLs; more never fewer (common random numbers).
    assert!(cap.sqls.0 <= 0.0 && cap.sqls.1 >= 0.0, "{cap:?}");
    let reps = sens
        .rows
        .iter()
        .find(|r| r.lever == "Number of reps")
        .unwrap();
    assert!(reps.sqls.0 <= 0.0 && reps.sqls.1 >= 0.0, "{reps:?}");
}

#[test]
fn each_check_is_worth_the_paired_difference_of_its_flip() {
    use funnel_engine::explore::checklist_worth;
    use funnel_engine::readiness::{Check, CHECKS};
    let s = pinned_scenario();
    let sample = scenario_sample(&s).unwrap();
    let worth = checklist_worth(&s, &sample, 30, SEED).unwrap();
    assert_eq!(worth.len(), CHECKS.len());
    for w in &worth {
        assert_eq!(w.passes, w.check.passes(&s), "{:?}", w.check);
    }
    // Automated routing passes in the default team: failing it (a manager assigns by hand,
    // hours later) costs SQLs in (nearly) every paired run.
    let routing = worth
        .iter()
        .find(|w| w.check == Check::AutomatedRouting)
        .unwrap();
    assert!(routing.passes);
    assert!(
        routing.sqls.diff.mean < 0.0 && routing.sqls.p_b_higher < 0.2,
        "{routing:?}"
    );
    // And the difference is the one of two separate runs.
    let mut flipped = s.clone();
    funnel_engine::readiness::answer(&mut flipped, Check::AutomatedRouting, false);
    let a = run_trials(&prepare(&s, &sample).unwrap(), SEED, 0..30);
    let b = run_trials(&prepare(&flipped, &sample).unwrap(), SEED, 0..30);
    let d = differences(&a, &b);
    assert_eq!(
        d.iter().find(|x| x.metric == "sqls").unwrap(),
        &routing.sqls
    );
}
