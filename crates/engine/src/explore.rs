//! The workshop's instruments over one engine: a threshold sweep and a paired comparison of
//! scenarios.
//!
//! Both rest on common random numbers: trial `t` of any scenario draws its stage rates and
//! effect sizes from `trial_rng(seed, t)`, and each MQL its journey from its own
//! `lead_rng(seed, t, lead)`. Two scenarios run with one seed therefore meet the same market in
//! every trial, and a lead both make an MQL gets the same uniforms in both: the difference of
//! two runs, trial by trial, is the effect of what differs, not fresh noise. That is what makes
//! a sweep's curve smooth and a comparison's band narrow.
//!
//! What this module must not do: run anything in parallel or read a clock. Callers split
//! trials (`run_trials` over ranges) as they like; the results are the same.

use serde::{Deserialize, Serialize};

use crate::metrics::{MetricSummaries, TrialMetrics, TrialOutcome};
use crate::report::{Report, Summary};
use crate::scenario::Scenario;
use crate::scoring::Qualify;
use crate::sim::{prepare, run_trials, PrepareError, Prepared, Sample};

/// The metrics a sweep follows, in the order a chart draws them.
pub const SWEEP_METRICS: [&str; 10] = [
    "mqls",
    "acceptance_rate",
    "mql_to_sql_rate",
    "sla_compliance",
    "response_minutes",
    "never_contacted",
    "went_cold",
    "sqls",
    "won",
    "revenue",
];

/// One threshold of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    pub threshold: f64,
    pub metrics: MetricSummaries,
    /// The mean first touches per rep per working day, over the team: how loaded the reps are.
    pub rep_load: f64,
    pub warnings: Vec<String>,
    pub digest: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    pub seed: u64,
    pub trials: u32,
    pub points: Vec<SweepPoint>,
    /// The point with the most revenue (mean), if any threshold let a deal through.
    pub best: Option<usize>,
}

/// The thresholds from `from` to `to` (both included, when `to` is on the grid) by `step`;
/// `None` when the range is empty, backwards, or longer than `max_points`.
pub fn thresholds(from: f64, to: f64, step: f64, max_points: usize) -> Option<Vec<f64>> {
    if !(from.is_finite() && to.is_finite() && step.is_finite()) || step <= 0.0 || to < from {
        return None;
    }
    let n = libm::floor((to - from) / step + 1e-9) as usize + 1;
    if n > max_points {
        return None;
    }
    // Each point from its index, so that no rounding error accumulates along the grid.
    Some((0..n).map(|i| from + step * i as f64).collect())
}

/// The scenario with an MQL threshold of `t` (a grid becomes a threshold).
pub fn with_threshold(s: &Scenario, t: f64) -> Scenario {
    let mut s = s.clone();
    s.scoring.qualify = Qualify::Score { threshold: t };
    s
}

/// The mean load per rep: first touches a rep makes in a working day, averaged over reps.
fn rep_load(report: &Report, working_days: f64) -> f64 {
    if report.reps.is_empty() || working_days <= 0.0 {
        return f64::NAN;
    }
    let touches: f64 = report.reps.iter().map(|r| r.first_touches.mean).sum();
    touches / report.reps.len() as f64 / working_days
}

/// Runs `s` at every threshold on the same sample, seed and trials: common random numbers
/// along the whole curve. `progress` is told after each point.
pub fn sweep(
    s: &Scenario,
    sample: &Sample,
    thresholds: &[f64],
    trials: u32,
    seed: u64,
    mut progress: impl FnMut(usize, usize),
) -> Result<Sweep, PrepareError> {
    let mut points = Vec::with_capacity(thresholds.len());
    for (i, t) in thresholds.iter().enumerate() {
        let scenario = with_threshold(s, *t);
        let p = prepare(&scenario, sample)?;
        let outcomes = run_trials(&p, seed, 0..trials);
        points.push(point(*t, &p, seed, &outcomes));
        progress(i + 1, thresholds.len());
    }
    let best = best_revenue(&points);
    Ok(Sweep {
        seed,
        trials,
        points,
        best,
    })
}

/// A sweep point from a prepared scenario's trials (the page's worker runs them in chunks).
pub fn point(threshold: f64, p: &Prepared, seed: u64, outcomes: &[TrialOutcome]) -> SweepPoint {
    let report = Report::new(&p.labels(), seed, outcomes);
    SweepPoint {
        threshold,
        rep_load: rep_load(&report, p.working_days()),
        metrics: report.metrics,
        warnings: report.warnings,
        digest: report.digest,
    }
}

/// The point with the most mean revenue; ties go to the lower threshold (fewer MQLs for the
/// same money). `None` when no point has revenue.
pub fn best_revenue(points: &[SweepPoint]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, p) in points.iter().enumerate() {
        let r = p.metrics.revenue.mean;
        if r.is_finite() && r > 0.0 && best.is_none_or(|(_, b)| r > b) {
            best = Some((i, r));
        }
    }
    best.map(|(i, _)| i)
}

/// One metric of a paired comparison: B − A trial by trial.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    pub metric: String,
    /// The distribution of B − A over the trials where both are defined.
    pub diff: Summary,
    /// The share of trials in which B is higher than A (ties count half); NaN with no trial
    /// where both are defined.
    pub p_b_higher: f64,
}

/// Two (or more) scenarios run on the same trials, with what the second and later ones change
/// against the first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub seed: u64,
    pub trials: u32,
    pub reports: Vec<Report>,
    /// For each scenario after the first: every metric's difference from the first.
    pub differences: Vec<Vec<Difference>>,
}

/// Every metric's paired difference between two runs of the same trials (`a[t]` and `b[t]`
/// are trial `t` of each).
pub fn differences(a: &[TrialOutcome], b: &[TrialOutcome]) -> Vec<Difference> {
    let n = a.len().min(b.len());
    let va: Vec<Vec<f64>> = a[..n].iter().map(|t| t.metrics.values()).collect();
    let vb: Vec<Vec<f64>> = b[..n].iter().map(|t| t.metrics.values()).collect();
    TrialMetrics::NAMES
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let pairs: Vec<(f64, f64)> = (0..n)
                .map(|t| (va[t][k], vb[t][k]))
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .collect();
            let wins: f64 = pairs
                .iter()
                .map(|(x, y)| match y.partial_cmp(x) {
                    Some(std::cmp::Ordering::Greater) => 1.0,
                    Some(std::cmp::Ordering::Equal) => 0.5,
                    _ => 0.0,
                })
                .sum();
            Difference {
                metric: (*name).to_string(),
                diff: Summary::of(pairs.iter().map(|(x, y)| y - x)),
                p_b_higher: if pairs.is_empty() {
                    f64::NAN
                } else {
                    wins / pairs.len() as f64
                },
            }
        })
        .collect()
}

/// Runs every scenario on its sample with one seed and the same trials, and compares each
/// with the first.
pub fn compare(
    scenarios: &[(&Scenario, &Sample)],
    trials: u32,
    seed: u64,
) -> Result<Comparison, PrepareError> {
    let mut runs: Vec<(Report, Vec<TrialOutcome>)> = Vec::with_capacity(scenarios.len());
    for (s, sample) in scenarios {
        let p = prepare(s, sample)?;
        let outcomes = run_trials(&p, seed, 0..trials);
        runs.push((Report::new(&p.labels(), seed, &outcomes), outcomes));
    }
    let differences = match runs.split_first() {
        Some((first, rest)) => rest.iter().map(|(_, o)| differences(&first.1, o)).collect(),
        None => Vec::new(),
    };
    Ok(Comparison {
        seed,
        trials,
        reports: runs.into_iter().map(|(r, _)| r).collect(),
        differences,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_cover_the_range_without_drift() {
        assert_eq!(
            thresholds(20.0, 60.0, 10.0, 100).unwrap(),
            [20.0, 30.0, 40.0, 50.0, 60.0]
        );
        assert_eq!(thresholds(0.0, 1.0, 0.1, 100).unwrap().len(), 11);
        assert_eq!(thresholds(0.0, 1.0, 0.1, 100).unwrap()[10], 1.0);
        assert_eq!(thresholds(5.0, 5.0, 1.0, 10).unwrap(), [5.0]);
        assert_eq!(thresholds(0.0, 9.0, 4.0, 10).unwrap(), [0.0, 4.0, 8.0]);
        assert!(thresholds(10.0, 0.0, 1.0, 10).is_none());
        assert!(thresholds(0.0, 10.0, 0.0, 10).is_none());
        assert!(thresholds(0.0, 100.0, 1.0, 50).is_none());
        assert!(thresholds(f64::NAN, 1.0, 1.0, 10).is_none());
    }
}
