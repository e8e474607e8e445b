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

/// One end of a lever's range: what it sets, in words, and the scenario with it set.
#[derive(Clone, Debug, PartialEq)]
pub struct LeverEnd {
    pub label: String,
    pub scenario: Scenario,
}

/// An input the room can move, over a stated range around today's value.
#[derive(Clone, Debug, PartialEq)]
pub struct Lever {
    pub name: String,
    pub low: LeverEnd,
    pub high: LeverEnd,
}

/// Every stage's relative change of its base rate in the sensitivity table: ±20 %.
pub const STAGE_RATE_CHANGE: f64 = 0.2;
/// A rule's points move by half either way.
pub const RULE_POINTS_CHANGE: f64 = 0.5;

fn lever(
    name: impl Into<String>,
    base: &Scenario,
    low: (String, fn(&mut Scenario)),
    high: (String, fn(&mut Scenario)),
) -> Lever {
    let end = |(label, f): (String, fn(&mut Scenario))| {
        let mut s = base.clone();
        f(&mut s);
        LeverEnd { label, scenario: s }
    };
    Lever {
        name: name.into(),
        low: end(low),
        high: end(high),
    }
}

/// A base rate moved by `factor`, its uncertainty kept within what the new mean allows.
fn scale_rate(r: &mut crate::market::Uncertain, factor: f64) {
    r.mean = (r.mean * factor).clamp(0.001, 0.999);
    r.sd = r.sd.min(crate::market::Uncertain::max_sd(r.mean) * 0.999);
}

/// The levers of a scenario, each over its stated range: the threshold (±10 points), the
/// response SLA (half and double), reps' capacity (±25 %), one rep fewer or more, CRM sync
/// (instant and four hours), the queue's order, the speed-to-lead strength, each stage's base
/// rate (±20 %), and each rule's points (±50 %). Every end is a valid scenario.
pub fn levers(s: &Scenario) -> Vec<Lever> {
    use crate::market::Stage;
    use crate::process::{QueueOrder, Strength};
    let mut out = Vec::new();
    if let Qualify::Score { threshold } = s.scoring.qualify {
        let mut low = s.clone();
        low.scoring.qualify = Qualify::Score {
            threshold: threshold - 10.0,
        };
        let mut high = s.clone();
        high.scoring.qualify = Qualify::Score {
            threshold: threshold + 10.0,
        };
        out.push(Lever {
            name: "MQL threshold".into(),
            low: LeverEnd {
                label: format!("{} points", threshold - 10.0),
                scenario: low,
            },
            high: LeverEnd {
                label: format!("{} points", threshold + 10.0),
                scenario: high,
            },
        });
    }
    let sla = s.process.response_sla_minutes;
    let mut low = s.clone();
    low.process.response_sla_minutes = (sla / 2.0).max(1.0);
    let mut high = s.clone();
    high.process.response_sla_minutes = (sla * 2.0).min(365.0 * 1440.0);
    out.push(Lever {
        name: "First-response SLA".into(),
        low: LeverEnd {
            label: format!("{} min", low.process.response_sla_minutes),
            scenario: low,
        },
        high: LeverEnd {
            label: format!("{} min", high.process.response_sla_minutes),
            scenario: high,
        },
    });
    out.push(lever(
        "Reps' capacity",
        s,
        ("25 % fewer touches a day".into(), |s| {
            s.process
                .reps
                .iter_mut()
                .for_each(|r| r.touches_per_day *= 0.75)
        }),
        ("25 % more touches a day".into(), |s| {
            s.process
                .reps
                .iter_mut()
                .for_each(|r| r.touches_per_day *= 1.25)
        }),
    ));
    if s.process.reps.len() > 1 {
        out.push(lever(
            "Number of reps",
            s,
            ("one rep fewer".into(), |s| {
                s.process.reps.pop();
            }),
            ("one rep more".into(), |s| {
                if let Some(last) = s.process.reps.last().cloned() {
                    s.process.reps.push(crate::process::Rep {
                        name: format!("{} (added)", last.name),
                        ..last
                    });
                }
            }),
        ));
    }
    let sync = s.process.sync_latency_minutes;
    let with_sync = |m: f64, label: String| {
        let mut x = s.clone();
        x.process.sync_latency_minutes = m;
        LeverEnd { label, scenario: x }
    };
    let (fast, slow) = (
        if sync > 0.0 { 0.0 } else { 2.0 },
        if sync < 240.0 { 240.0 } else { sync * 4.0 },
    );
    out.push(Lever {
        name: "CRM sync".into(),
        low: with_sync(
            fast,
            if fast == 0.0 {
                "instant".into()
            } else {
                format!("{fast} min")
            },
        ),
        high: with_sync(slow, format!("{} h batches", slow / 60.0)),
    });
    let order = s.process.queue.order;
    let others: Vec<QueueOrder> = [
        QueueOrder::OldestFirst,
        QueueOrder::NewestFirst,
        QueueOrder::HighestScore,
    ]
    .into_iter()
    .filter(|o| *o != order)
    .collect();
    let name = |o: QueueOrder| match o {
        QueueOrder::OldestFirst => "oldest lead first",
        QueueOrder::NewestFirst => "newest lead first",
        QueueOrder::HighestScore => "highest score first",
    };
    let with_order = |o: QueueOrder| {
        let mut x = s.clone();
        x.process.queue.order = o;
        LeverEnd {
            label: name(o).into(),
            scenario: x,
        }
    };
    out.push(Lever {
        name: "Queue order".into(),
        low: with_order(others[0]),
        high: with_order(others[1]),
    });
    // The two strengths other than today's, weaker first.
    let strengths: Vec<Strength> = [Strength::None, Strength::Half, Strength::Published]
        .into_iter()
        .filter(|x| *x != s.process.speed_to_lead.strength)
        .collect();
    let with_strength = |x: Strength| {
        let mut y = s.clone();
        y.process.speed_to_lead.strength = x;
        let label = match x {
            Strength::Published => "the published strength",
            Strength::Half => "half strength",
            Strength::None => "no effect",
        };
        LeverEnd {
            label: label.into(),
            scenario: y,
        }
    };
    out.push(Lever {
        name: "Speed-to-lead effect".into(),
        low: with_strength(strengths[0]),
        high: with_strength(strengths[1]),
    });
    fn rate(s: &mut Scenario, stage: Stage) -> &mut crate::market::Uncertain {
        let r = &mut s.market.stages;
        match stage {
            Stage::Accept => &mut r.accept,
            Stage::Qualify => &mut r.qualify,
            Stage::Opportunity => &mut r.opportunity,
            Stage::Win => &mut r.win,
        }
    }
    for stage in crate::market::STAGES {
        let mut low = s.clone();
        scale_rate(rate(&mut low, stage), 1.0 - STAGE_RATE_CHANGE);
        let mut high = s.clone();
        scale_rate(rate(&mut high, stage), 1.0 + STAGE_RATE_CHANGE);
        let label = stage.rate_name();
        out.push(Lever {
            name: format!("Base {}", label.trim_start_matches("the ")),
            low: LeverEnd {
                label: format!("{:.1} %", 100.0 * low.market.stages.get(stage).mean),
                scenario: low,
            },
            high: LeverEnd {
                label: format!("{:.1} %", 100.0 * high.market.stages.get(stage).mean),
                scenario: high,
            },
        });
    }
    for (i, r) in s.scoring.rules.iter().enumerate() {
        if r.points == 0.0 {
            continue;
        }
        let at = |f: f64| {
            let mut x = s.clone();
            x.scoring.rules[i].points = r.points * f;
            LeverEnd {
                label: format!("{} points", r.points * f),
                scenario: x,
            }
        };
        out.push(Lever {
            name: format!("Rule “{}”", r.name),
            low: at(1.0 - RULE_POINTS_CHANGE),
            high: at(1.0 + RULE_POINTS_CHANGE),
        });
    }
    out
}

/// What moving one lever to each end of its range does to SQLs and revenue (means, paired
/// with the base run on the same trials).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SensitivityRow {
    pub lever: String,
    pub low: String,
    pub high: String,
    /// Change of mean SQLs at the low and the high end.
    pub sqls: (f64, f64),
    pub revenue: (f64, f64),
    /// Index into [`levers`] of the same scenario, so that a page can apply an end.
    pub index: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    pub seed: u64,
    pub trials: u32,
    pub base_sqls: f64,
    pub base_revenue: f64,
    /// Biggest revenue swing first.
    pub rows: Vec<SensitivityRow>,
}

/// The mean of one metric over trials, undefined ones left out.
fn mean_of(outcomes: &[TrialOutcome], f: impl Fn(&TrialMetrics) -> f64) -> f64 {
    Summary::of(outcomes.iter().map(|t| f(&t.metrics))).mean
}

/// A row from the base run's and one lever's two runs.
pub fn sensitivity_row(
    index: usize,
    lever: &Lever,
    base: &[TrialOutcome],
    low: &[TrialOutcome],
    high: &[TrialOutcome],
) -> SensitivityRow {
    let d = |o: &[TrialOutcome], f: fn(&TrialMetrics) -> f64| mean_of(o, f) - mean_of(base, f);
    SensitivityRow {
        lever: lever.name.clone(),
        low: lever.low.label.clone(),
        high: lever.high.label.clone(),
        sqls: (d(low, |m| m.sqls), d(high, |m| m.sqls)),
        revenue: (d(low, |m| m.revenue), d(high, |m| m.revenue)),
        index,
    }
}

/// Sorts rows by the widest revenue swing, biggest first (ties by name).
pub fn rank(rows: &mut [SensitivityRow]) {
    let swing = |r: &SensitivityRow| r.revenue.0.abs().max(r.revenue.1.abs());
    rows.sort_by(|a, b| {
        swing(b)
            .total_cmp(&swing(a))
            .then_with(|| a.lever.cmp(&b.lever))
    });
}

/// Every lever at both ends against the base, on the same trials and seed.
pub fn sensitivity(
    s: &Scenario,
    sample: &Sample,
    trials: u32,
    seed: u64,
) -> Result<Sensitivity, PrepareError> {
    let run = |x: &Scenario| Ok(run_trials(&prepare(x, sample)?, seed, 0..trials));
    let base = run(s)?;
    let ends = levers(s)
        .iter()
        .flat_map(|l| [&l.low.scenario, &l.high.scenario])
        .map(run)
        .collect::<Result<Vec<_>, PrepareError>>()?;
    Ok(sensitivity_table(s, seed, trials, &base, &ends))
}

/// The sensitivity table from runs done elsewhere (in threads, in a worker): the base's trials
/// and each lever's ends, low then high, in [`levers`] order.
pub fn sensitivity_table(
    s: &Scenario,
    seed: u64,
    trials: u32,
    base: &[TrialOutcome],
    ends: &[Vec<TrialOutcome>],
) -> Sensitivity {
    let mut rows: Vec<SensitivityRow> = levers(s)
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let (low, high) = (ends.get(2 * i)?, ends.get(2 * i + 1)?);
            Some(sensitivity_row(i, l, base, low, high))
        })
        .collect();
    rank(&mut rows);
    Sensitivity {
        seed,
        trials,
        base_sqls: mean_of(base, |m| m.sqls),
        base_revenue: mean_of(base, |m| m.revenue),
        rows,
    }
}

/// What one readiness check is worth: the scenario with it answered the other way, paired with
/// the scenario as it is. For a failing check, what passing it would bring; for a passing one,
/// what failing it would cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckWorth {
    pub check: crate::readiness::Check,
    /// Whether the check passes in the scenario as it is.
    pub passes: bool,
    /// Flipped − as it is, trial by trial.
    pub sqls: Difference,
    pub revenue: Difference,
}

/// The scenarios a checklist's worth runs: each check answered the other way, in
/// [`crate::readiness::CHECKS`] order.
pub fn checklist_flips(s: &Scenario) -> Vec<(crate::readiness::Check, bool, Scenario)> {
    crate::readiness::CHECKS
        .iter()
        .map(|c| {
            let passes = c.passes(s);
            let mut flipped = s.clone();
            crate::readiness::answer(&mut flipped, *c, !passes);
            (*c, passes, flipped)
        })
        .collect()
}

/// A check's worth from the trials of the scenario as it is and of its flip.
pub fn check_worth(
    check: crate::readiness::Check,
    passes: bool,
    base: &[TrialOutcome],
    flipped: &[TrialOutcome],
) -> CheckWorth {
    let d = differences(base, flipped);
    let pick = |name: &str| {
        d.iter()
            .find(|x| x.metric == name)
            .cloned()
            .expect("every metric has a difference")
    };
    CheckWorth {
        check,
        passes,
        sqls: pick("sqls"),
        revenue: pick("revenue"),
    }
}

/// Every readiness check's worth, on the same trials and seed.
pub fn checklist_worth(
    s: &Scenario,
    sample: &Sample,
    trials: u32,
    seed: u64,
) -> Result<Vec<CheckWorth>, PrepareError> {
    let base = run_trials(&prepare(s, sample)?, seed, 0..trials);
    checklist_flips(s)
        .into_iter()
        .map(|(c, passes, flipped)| {
            let f = run_trials(&prepare(&flipped, sample)?, seed, 0..trials);
            Ok(check_worth(c, passes, &base, &f))
        })
        .collect()
}

/// The share of `values` at or above `target` (NaN counts as missed); `None` with no values.
pub fn chance_of(values: &[f64], target: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let hit = values.iter().filter(|v| **v >= target).count();
    Some(hit as f64 / values.len() as f64)
}

/// One stage of the reverse funnel: what the projection makes now, and what the target needs
/// at today's conversion from that stage on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeededStage {
    pub stage: String,
    pub now: f64,
    pub needed: f64,
}

/// Working back from a revenue target with today's rates (means of the run): deals = target ÷
/// average deal, opportunities = deals ÷ win rate, and so on up to leads. `None` when the run
/// has no deal to learn an average from.
pub fn reverse_funnel(m: &MetricSummaries, target: f64) -> Option<Vec<NeededStage>> {
    let (leads, mqls, sqls, opps, won, revenue) = (
        m.leads.mean,
        m.mqls.mean + m.requalified.mean,
        m.sqls.mean,
        m.opportunities.mean,
        m.won.mean,
        m.revenue.mean,
    );
    if !(won > 0.0 && revenue > 0.0 && opps > 0.0 && sqls > 0.0 && mqls > 0.0) {
        return None;
    }
    let deals = target / (revenue / won);
    let need_opps = deals / (won / opps);
    let need_sqls = need_opps / (opps / sqls);
    let need_mqls = need_sqls / (sqls / mqls);
    let need_leads = need_mqls / (mqls / leads.max(1.0));
    Some(vec![
        NeededStage {
            stage: "Leads".into(),
            now: leads,
            needed: need_leads,
        },
        NeededStage {
            stage: "MQLs".into(),
            now: mqls,
            needed: need_mqls,
        },
        NeededStage {
            stage: "SQLs".into(),
            now: sqls,
            needed: need_sqls,
        },
        NeededStage {
            stage: "Opportunities".into(),
            now: opps,
            needed: need_opps,
        },
        NeededStage {
            stage: "Deals won".into(),
            now: won,
            needed: deals,
        },
    ])
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

    #[test]
    fn every_lever_end_is_a_valid_scenario_that_differs() {
        for name in crate::presets::NAMES {
            let s = crate::presets::preset(name).unwrap();
            let ls = levers(&s);
            assert!(
                ls.len() >= 10 + s.scoring.rules.len(),
                "{name}: {}",
                ls.len()
            );
            for l in &ls {
                for end in [&l.low, &l.high] {
                    end.scenario
                        .validate()
                        .unwrap_or_else(|e| panic!("{name} {}: {e}", l.name));
                    assert!(
                        end.scenario != s,
                        "{name} {}: {} changes nothing",
                        l.name,
                        end.label
                    );
                }
            }
        }
    }
}
