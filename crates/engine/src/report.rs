//! Summaries of a run: each metric's distribution over the trials, per-rep load, a digest.

use serde::{Deserialize, Serialize};

use crate::metrics::{
    BreakdownLabels, GroupCounts, MetricSummaries, RunLabels, TrialOutcome, SPEED_BUCKETS,
};

/// Bins in every histogram.
pub const HISTOGRAM_BINS: usize = 20;

/// Equal-width bins over `[lo, hi]`; the last bin is closed on the right.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    pub lo: f64,
    pub hi: f64,
    pub counts: Vec<u32>,
}

/// A metric's distribution over trials. Trials where the metric is undefined (NaN) are left
/// out and counted in `undefined`; with no defined trial, every statistic is NaN (JSON `null`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub mean: f64,
    pub sd: f64,
    pub p05: f64,
    pub p50: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub undefined: u32,
    pub histogram: Histogram,
}

fn is_zero(x: &u32) -> bool {
    *x == 0
}

/// Quantile of sorted data by linear interpolation between order statistics (Hyndman and Fan's
/// type 7, the default of R and NumPy).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = libm::floor(h) as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

pub fn histogram(sorted: &[f64], bins: usize) -> Histogram {
    let (lo, hi) = match (sorted.first(), sorted.last()) {
        (Some(a), Some(b)) => (*a, *b),
        _ => {
            return Histogram {
                lo: f64::NAN,
                hi: f64::NAN,
                counts: vec![0; bins],
            }
        }
    };
    let mut counts = vec![0u32; bins];
    let width = (hi - lo) / bins as f64;
    for x in sorted {
        let i = if width > 0.0 {
            ((x - lo) / width) as usize
        } else {
            0
        };
        counts[i.min(bins - 1)] += 1;
    }
    Histogram { lo, hi, counts }
}

impl Summary {
    pub fn of(values: impl Iterator<Item = f64>) -> Summary {
        let mut undefined = 0u32;
        let mut xs: Vec<f64> = values
            .filter(|x| {
                let ok = x.is_finite();
                undefined += !ok as u32;
                ok
            })
            .collect();
        xs.sort_by(f64::total_cmp);
        let n = xs.len() as f64;
        let mean = if xs.is_empty() {
            f64::NAN
        } else {
            xs.iter().sum::<f64>() / n
        };
        let sd = if xs.len() > 1 {
            libm::sqrt(xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0))
        } else {
            f64::NAN
        };
        Summary {
            mean,
            sd,
            p05: quantile(&xs, 0.05),
            p50: quantile(&xs, 0.5),
            p95: quantile(&xs, 0.95),
            min: xs.first().copied().unwrap_or(f64::NAN),
            max: xs.last().copied().unwrap_or(f64::NAN),
            undefined,
            histogram: histogram(&xs, HISTOGRAM_BINS),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepReport {
    pub name: String,
    pub first_touches: Summary,
    /// Share of the rep's working time in the lead window spent on first touches.
    pub utilization: Summary,
}

/// One response-time bucket of the speed-to-lead breakdown, pooled over the trials.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpeedRow {
    pub bucket: String,
    /// MQLs first touched within the bucket, per trial (mean).
    pub mqls: f64,
    /// Of them, SQLs per trial (mean).
    pub sqls: f64,
    /// SQLs / MQLs over all trials; `None` (null) when the bucket is empty.
    pub sql_rate: Option<f64>,
}

/// One group of leads (a source channel, a company-size segment) through the funnel: each
/// count's distribution over the trials. Leads and MQLs are the same in every trial.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupReport {
    pub name: String,
    pub leads: Summary,
    pub mqls: Summary,
    pub sqls: Summary,
    pub won: Summary,
    pub revenue: Summary,
    /// The marketing spend put on the group: the scenario's spend split by each group's share
    /// of the sample's leads, since the scenario has no spend per channel. Absent without a
    /// marketing spend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spend: Option<f64>,
    /// That spend divided by the group's SQLs, per trial (undefined in a trial without an SQL
    /// from the group): the average cost of a lead times the group's leads per SQL. Absent
    /// without a marketing spend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_per_sql: Option<Summary>,
}

/// The funnel broken down by one lead field. Every lead is in exactly one group, so the
/// groups' counts add up to the run's, trial by trial.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// The lead field the groups come from; `null` when the leads have none (then there are
    /// no groups, and `note` says so).
    pub field: Option<String>,
    /// What a reader must know about the groups: no such column, leads without a value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub groups: Vec<GroupReport>,
}

impl Breakdown {
    fn new(
        labels: &BreakdownLabels,
        trials: &[TrialOutcome],
        counts: fn(&TrialOutcome) -> &[GroupCounts],
    ) -> Breakdown {
        let constant = |x: u32| Summary::of(trials.iter().map(|_| x as f64));
        let groups = labels
            .groups
            .iter()
            .enumerate()
            .map(|(g, l)| {
                let each = |f: fn(&GroupCounts) -> f64| {
                    Summary::of(trials.iter().map(|t| f(&counts(t)[g])))
                };
                GroupReport {
                    name: l.name.clone(),
                    leads: constant(l.leads),
                    mqls: constant(l.mqls),
                    sqls: each(|c| c.sqls as f64),
                    won: each(|c| c.won as f64),
                    revenue: each(|c| c.revenue),
                    spend: l.spend,
                    cost_per_sql: l.spend.map(|spend| {
                        Summary::of(trials.iter().map(|t| {
                            let sqls = counts(t)[g].sqls;
                            if sqls > 0 {
                                spend / sqls as f64
                            } else {
                                f64::NAN
                            }
                        }))
                    }),
                }
            })
            .collect();
        Breakdown {
            field: labels.field.clone(),
            note: labels.note.clone(),
            groups,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub scenario: String,
    pub seed: u64,
    pub trials: u32,
    /// FNV-1a hash of every trial's results: equal digests mean bit-identical runs.
    pub digest: String,
    pub metrics: MetricSummaries,
    pub reps: Vec<RepReport>,
    /// Qualification by response time, as the response-time studies measured it.
    pub speed_to_lead: Vec<SpeedRow>,
    /// The funnel by source channel, most leads first: which channels feed the pipeline.
    #[serde(default)]
    pub by_channel: Breakdown,
    /// The funnel by company-size segment, in the scenario's order.
    #[serde(default)]
    pub by_segment: Breakdown,
    pub warnings: Vec<String>,
}

/// FNV-1a over the bits of every trial's results, in trial order.
///
/// It covers each trial's metrics and per-rep touches, not the breakdowns by channel and
/// segment: those split counts the digest already covers (SQLs, won, revenue) by a group fixed
/// in `prepare`, from the same draws, so digests of runs made before the breakdowns existed
/// still compare.
pub fn digest(trials: &[TrialOutcome]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |x: u64| {
        for b in x.to_le_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for t in trials {
        for v in t.metrics.values() {
            eat(v.to_bits());
        }
        for r in &t.rep_touches {
            eat(*r as u64);
        }
    }
    format!("{h:016x}")
}

impl Report {
    pub fn new(labels: &RunLabels, seed: u64, trials: &[TrialOutcome]) -> Report {
        let reps = labels
            .rep_names
            .iter()
            .enumerate()
            .map(|(i, name)| RepReport {
                name: name.clone(),
                first_touches: Summary::of(trials.iter().map(|t| t.rep_touches[i] as f64)),
                utilization: Summary::of(trials.iter().map(|t| t.rep_utilization[i])),
            })
            .collect();
        let n = trials.len().max(1) as f64;
        let speed_to_lead = SPEED_BUCKETS
            .iter()
            .enumerate()
            .map(|(b, (label, _))| {
                let mqls: u64 = trials.iter().map(|t| t.speed[b][0] as u64).sum();
                let sqls: u64 = trials.iter().map(|t| t.speed[b][1] as u64).sum();
                SpeedRow {
                    bucket: (*label).into(),
                    mqls: mqls as f64 / n,
                    sqls: sqls as f64 / n,
                    sql_rate: (mqls > 0).then(|| sqls as f64 / mqls as f64),
                }
            })
            .collect();
        let metrics = MetricSummaries::from_trials(trials);
        let mut warnings = labels.warnings.clone();
        warnings.extend(run_warnings(labels, &metrics));
        Report {
            scenario: labels.scenario.clone(),
            seed,
            trials: trials.len() as u32,
            digest: digest(trials),
            metrics,
            reps,
            speed_to_lead,
            by_channel: Breakdown::new(&labels.by_channel, trials, |t| &t.by_channel),
            by_segment: Breakdown::new(&labels.by_segment, trials, |t| &t.by_segment),
            warnings,
        }
    }
}

/// What the trials show that the user must hear about: a queue still growing when the
/// horizon ends, MQLs lost untouched.
fn run_warnings(labels: &RunLabels, m: &MetricSummaries) -> Vec<String> {
    let mut out = Vec::new();
    let mqls = labels.mqls as f64;
    if mqls == 0.0 {
        return out;
    }
    let share = |x: f64| x / mqls * 100.0;
    let backlog = m.backlog.mean;
    if backlog >= 1.0 && share(backlog) >= 1.0 {
        out.push(format!(
            "the reps' queue is still growing when the horizon ends: on average {:.0} MQLs ({:.1} %) \
             are still waiting for a first touch; add reps or first touches per day, raise the \
             threshold, or lengthen the horizon",
            backlog,
            share(backlog)
        ));
    }
    let cold = m.went_cold.mean;
    if cold >= 1.0 && share(cold) >= 1.0 {
        out.push(format!(
            "on average {:.0} MQLs ({:.1} %) wait past the queue's patience and go cold without \
             a first touch: the team cannot keep up with this many MQLs",
            cold,
            share(cold)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
        let cases = [
            (0.0, 1.0),
            (0.5, 3.0),
            (1.0, 5.0),
            (0.25, 2.0),
            (0.1, 1.4),
            (0.95, 4.8),
        ];
        for (q, want) in cases {
            assert!((quantile(&xs, q) - want).abs() < 1e-12, "q{q}");
        }
        assert!(quantile(&[], 0.5).is_nan());
        assert_eq!(quantile(&[7.0], 0.05), 7.0);
    }

    #[test]
    fn histogram_counts_everything_once() {
        let xs: Vec<f64> = (0..100).map(|i| i as f64).collect();
        let h = histogram(&xs, 20);
        assert_eq!(h.counts.iter().sum::<u32>(), 100);
        assert!(h.counts.iter().all(|c| *c == 5), "{:?}", h.counts);
        let flat = histogram(&[3.0; 10], 4);
        assert_eq!(flat.counts, [10, 0, 0, 0]);
    }

    #[test]
    fn summary_skips_undefined() {
        let s = Summary::of([1.0, f64::NAN, 3.0].into_iter());
        assert_eq!(s.undefined, 1);
        assert_eq!(s.mean, 2.0);
        assert_eq!(s.p50, 2.0);
        let none = Summary::of([f64::NAN].into_iter());
        assert!(none.mean.is_nan());
        let json = serde_json::to_string(&none).unwrap();
        assert!(json.contains("\"mean\":null"), "{json}");
    }
}
