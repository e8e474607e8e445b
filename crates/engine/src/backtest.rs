//! A scoring model judged against what happened to past leads: ROC and AUC, lift and capture by
//! score decile, precision, recall and MQL volume at every threshold, the score distributions
//! of converters and the rest, and conversion by grade.
//!
//! Input is the leads' scores (from [`crate::scoring::score_all`]) and one flag per lead saying
//! whether it converted ([`crate::mapping::Outcomes`]). What this module must not do: decide
//! what converting means (the mapping does) or fit anything (that is [`crate::fit`]).

use serde::{Deserialize, Serialize};

use crate::scoring::Score;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    pub leads: usize,
    pub converters: usize,
    pub base_rate: f64,
    /// The chance that a converter scores above a non-converter, ties counting half.
    pub auc: f64,
    pub roc: Vec<RocPoint>,
    pub deciles: Vec<Decile>,
    /// Ascending by threshold.
    pub thresholds: Vec<ThresholdRow>,
    /// The model's own MQLs (its threshold or grid).
    pub current: ThresholdRow,
    pub distribution: ScoreDistribution,
    /// A1, A2, …, D4.
    pub grades: Vec<GradeRow>,
    /// How well the grade alone ranks them (A1 best).
    pub grade_auc: Option<f64>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RocPoint {
    pub threshold: f64,
    pub false_positive_rate: f64,
    pub true_positive_rate: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Decile {
    /// 1 is the highest-scored tenth.
    pub decile: usize,
    pub leads: usize,
    pub converters: usize,
    pub rate: f64,
    /// `rate / base_rate`.
    pub lift: f64,
    /// Share of all converters in deciles 1 to this one.
    pub cumulative_capture: f64,
    pub min_score: f64,
    pub max_score: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ThresholdRow {
    /// MQL at a total score of at least this; `None` for the model's own rule.
    pub threshold: Option<f64>,
    pub mqls: usize,
    pub mql_share: f64,
    /// Converted MQLs.
    pub converters: usize,
    /// Converted MQLs / MQLs; `None` without MQLs.
    pub precision: Option<f64>,
    /// Converted MQLs / all converters.
    pub recall: f64,
    pub lift: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreDistribution {
    pub edges: Vec<f64>,
    pub converters: Vec<usize>,
    pub others: Vec<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GradeRow {
    pub grade: String,
    pub leads: usize,
    pub converters: usize,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BacktestError {
    #[error("there are {scores} scores for {outcomes} outcomes, which is a bug in Funnel Lab")]
    Lengths { scores: usize, outcomes: usize },
    #[error("there are no leads to judge the model on")]
    NoLeads,
    #[error(
        "none of the {0} leads converted, so the model cannot be judged on them; check the \
         outcome column and the values that mean success"
    )]
    NoConverters(usize),
    #[error(
        "every one of the {0} leads converted, so the model cannot be judged on them; check the \
         outcome column and the values that mean success"
    )]
    AllConverted(usize),
}

/// Most points a ROC curve keeps, and thresholds a table lists before it samples quantiles.
const MAX_ROC_POINTS: usize = 200;
const MAX_THRESHOLDS: usize = 200;
const QUANTILE_THRESHOLDS: usize = 100;
const BINS: usize = 20;

/// Area under the ROC curve by ranks (Mann–Whitney U, ties counting half); `None` without
/// converters or without non-converters.
pub fn auc(scores: &[f64], converted: &[bool]) -> Option<f64> {
    let n = scores.len().min(converted.len());
    let pos = converted[..n].iter().filter(|c| **c).count();
    let neg = n - pos;
    if pos == 0 || neg == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    // Sum of the converters' ranks (1-based, ties averaged).
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        let pos_here = order[i..=j].iter().filter(|&&k| converted[k]).count();
        rank_sum += avg * pos_here as f64;
        i = j + 1;
    }
    let u = rank_sum - (pos * (pos + 1)) as f64 / 2.0;
    Some(u / (pos as f64 * neg as f64))
}

fn row(
    threshold: Option<f64>,
    mqls: usize,
    hits: usize,
    leads: usize,
    converters: usize,
) -> ThresholdRow {
    let base = converters as f64 / leads as f64;
    let precision = (mqls > 0).then(|| hits as f64 / mqls as f64);
    ThresholdRow {
        threshold,
        mqls,
        mql_share: mqls as f64 / leads as f64,
        converters: hits,
        precision,
        recall: hits as f64 / converters as f64,
        lift: precision.map(|p| p / base),
    }
}

pub fn backtest(scores: &[Score], converted: &[bool]) -> Result<Backtest, BacktestError> {
    if scores.len() != converted.len() {
        return Err(BacktestError::Lengths {
            scores: scores.len(),
            outcomes: converted.len(),
        });
    }
    let n = scores.len();
    if n == 0 {
        return Err(BacktestError::NoLeads);
    }
    let converters = converted.iter().filter(|c| **c).count();
    if converters == 0 {
        return Err(BacktestError::NoConverters(n));
    }
    if converters == n {
        return Err(BacktestError::AllConverted(n));
    }
    let totals: Vec<f64> = scores.iter().map(|s| s.total).collect();
    let base_rate = converters as f64 / n as f64;
    let others = n - converters;

    // Highest score first; ties in file order.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| totals[b].total_cmp(&totals[a]).then(a.cmp(&b)));

    // ROC and thresholds: one step per distinct score, from the top.
    let mut steps: Vec<(f64, usize, usize)> = Vec::new(); // (threshold, mqls, hits)
    let (mut mqls, mut hits) = (0, 0);
    let mut i = 0;
    while i < n {
        let t = totals[order[i]];
        while i < n && totals[order[i]] == t {
            mqls += 1;
            hits += usize::from(converted[order[i]]);
            i += 1;
        }
        steps.push((t, mqls, hits));
    }
    let mut roc = vec![RocPoint {
        threshold: f64::INFINITY,
        false_positive_rate: 0.0,
        true_positive_rate: 0.0,
    }];
    let keep = thin(steps.len(), MAX_ROC_POINTS);
    roc.extend(keep.iter().map(|&k| {
        let (t, m, h) = steps[k];
        RocPoint {
            threshold: t,
            false_positive_rate: (m - h) as f64 / others as f64,
            true_positive_rate: h as f64 / converters as f64,
        }
    }));
    // JSON has no infinity: the first point's threshold is "above the top score".
    roc[0].threshold = steps[0].0 + 1.0;

    let chosen: Vec<usize> = if steps.len() <= MAX_THRESHOLDS {
        (0..steps.len()).collect()
    } else {
        thin(steps.len(), QUANTILE_THRESHOLDS)
    };
    let mut thresholds: Vec<ThresholdRow> = chosen
        .iter()
        .map(|&k| {
            let (t, m, h) = steps[k];
            row(Some(t), m, h, n, converters)
        })
        .collect();
    thresholds.reverse();

    let mqls_now = scores.iter().filter(|s| s.mql).count();
    let hits_now = scores
        .iter()
        .zip(converted)
        .filter(|(s, c)| s.mql && **c)
        .count();
    let current = row(None, mqls_now, hits_now, n, converters);

    // Deciles: as equal as possible, the first n % 10 one lead larger.
    let groups = n.min(10);
    let mut deciles = Vec::with_capacity(groups);
    let (mut start, mut caught) = (0, 0);
    for d in 0..groups {
        let size = n / groups + usize::from(d < n % groups);
        let slice = &order[start..start + size];
        let conv = slice.iter().filter(|&&k| converted[k]).count();
        caught += conv;
        let rate = conv as f64 / size as f64;
        deciles.push(Decile {
            decile: d + 1,
            leads: size,
            converters: conv,
            rate,
            lift: rate / base_rate,
            cumulative_capture: caught as f64 / converters as f64,
            min_score: totals[slice[size - 1]],
            max_score: totals[slice[0]],
        });
        start += size;
    }

    // Distributions on common bins.
    let (lo, hi) = (totals[order[n - 1]], totals[order[0]]);
    let bins = if hi > lo { BINS } else { 1 };
    let width = if hi > lo {
        (hi - lo) / bins as f64
    } else {
        1.0
    };
    let edges: Vec<f64> = (0..=bins).map(|b| lo + width * b as f64).collect();
    let mut dist = ScoreDistribution {
        edges,
        converters: vec![0; bins],
        others: vec![0; bins],
    };
    for (t, c) in totals.iter().zip(converted) {
        let b = (((t - lo) / width) as usize).min(bins - 1);
        if *c {
            dist.converters[b] += 1;
        } else {
            dist.others[b] += 1;
        }
    }

    let mut grades: Vec<GradeRow> = (0..16)
        .map(|k| GradeRow {
            grade: format!("{}{}", (b'A' + (k / 4) as u8) as char, k % 4 + 1),
            ..GradeRow::default()
        })
        .collect();
    let mut ordinal = Vec::with_capacity(n);
    for (s, c) in scores.iter().zip(converted) {
        let k = (s.grade.fit * 4 + s.grade.engagement) as usize;
        grades[k].leads += 1;
        grades[k].converters += usize::from(*c);
        ordinal.push(15.0 - k as f64);
    }
    for g in &mut grades {
        g.rate = (g.leads > 0).then(|| g.converters as f64 / g.leads as f64);
    }

    Ok(Backtest {
        leads: n,
        converters,
        base_rate,
        auc: auc(&totals, converted).expect("both classes are present"),
        roc,
        deciles,
        thresholds,
        current,
        distribution: dist,
        grades,
        grade_auc: auc(&ordinal, converted),
    })
}

/// At most `most` indices of `0..len`, evenly spaced, always with the last.
fn thin(len: usize, most: usize) -> Vec<usize> {
    if len <= most {
        return (0..len).collect();
    }
    let mut out: Vec<usize> = (0..most).map(|k| ((k + 1) * len) / most - 1).collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_of_hand_cases() {
        assert_eq!(
            auc(&[1.0, 2.0, 3.0, 4.0], &[false, false, true, true]),
            Some(1.0)
        );
        assert_eq!(
            auc(&[4.0, 3.0, 2.0, 1.0], &[false, false, true, true]),
            Some(0.0)
        );
        assert_eq!(auc(&[1.0, 1.0, 1.0], &[true, false, false]), Some(0.5));
        // One converter at 2 against non-converters at 1, 2, 3: (1 + 0.5 + 0) / 3.
        assert_eq!(
            auc(&[2.0, 1.0, 2.0, 3.0], &[true, false, false, false]),
            Some(0.5)
        );
        assert_eq!(auc(&[1.0, 2.0], &[true, true]), None);
    }

    #[test]
    fn thinning_keeps_the_end() {
        assert_eq!(thin(3, 5), [0, 1, 2]);
        let t = thin(1000, 200);
        assert_eq!(t.len(), 200);
        assert_eq!(*t.last().unwrap(), 999);
    }
}
