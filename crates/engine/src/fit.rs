//! Suggested weights: points per field value learnt from past leads' outcomes, as a rule set the
//! workshop can read and edit, judged on held-out leads only.
//!
//! The model is an L2-regularised logistic regression over indicator features (a text value, a
//! yes, a quartile of a number), fitted by Newton's method on 70 % of the leads; each
//! coefficient becomes a rule worth 10 points per doubling of the odds. What this module must
//! not do: judge a model on the leads it was fitted on, or learn from a column the caller
//! excludes (the outcome itself, anything filled in after a lead converts).

use serde::{Deserialize, Serialize};

use crate::backtest::{auc, backtest, Backtest};
use crate::conditions::{matches, Condition, Literal};
use crate::leads::{FieldKind, LeadTable, Value};
use crate::scoring::{score_all, Grades, Qualify, Rule, ScoreKind, ScoringModel, MAX_POINTS};

#[derive(Clone, Debug, PartialEq)]
pub struct FitOptions {
    pub seed: u64,
    /// Share of the leads held out to judge the fit.
    pub holdout_share: f64,
    /// Columns never learnt from (compared ignoring case).
    pub exclude: Vec<String>,
    /// Leads a value needs in the training leads to become a feature.
    pub min_leads: usize,
    /// Strength of the L2 penalty on the coefficients.
    pub l2: f64,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            seed: 0,
            holdout_share: 0.3,
            exclude: Vec::new(),
            min_leads: 30,
            l2: 1.0,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub rule: String,
    /// Training leads the rule matches, and how many of them converted.
    pub leads: usize,
    pub converters: usize,
    pub rate: f64,
    /// `rate` over the training leads' base rate.
    pub lift: f64,
    pub coefficient: f64,
    pub points: f64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Fitted {
    pub rules: Vec<Rule>,
    pub evidence: Vec<Evidence>,
    pub threshold: f64,
    pub grades: Option<Grades>,
    pub intercept: f64,
    pub train_leads: usize,
    pub held_out_leads: usize,
    /// The fitted rules judged on the held-out leads only.
    pub held_out: Option<Backtest>,
    pub training_auc: Option<f64>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    #[error("there are no leads to learn from")]
    NoLeads,
    #[error("there are {rows} leads for {outcomes} outcomes, which is a bug in Funnel Lab")]
    Lengths { rows: usize, outcomes: usize },
    #[error(
        "the training leads hold no converted lead (or only converted ones), so nothing can be \
         learnt; check the outcome column and the values that mean success"
    )]
    OneClass,
    #[error(
        "no column has a value shared by at least {0} training leads, so there is nothing to \
         learn points for; map more columns or import more leads"
    )]
    NoFeatures(usize),
}

/// Points per doubling of the odds.
const POINTS_PER_DOUBLING: f64 = 10.0;
/// Values per text column at most (the most frequent).
const MAX_VALUES: usize = 30;

/// Which leads are held out: a hash of (seed, index), the same natively and in wasm32.
pub fn held_out(n: usize, options: &FitOptions) -> Vec<bool> {
    (0..n)
        .map(|i| {
            let h = splitmix(options.seed ^ splitmix(i as u64));
            ((h >> 11) as f64 / (1u64 << 53) as f64) < options.holdout_share
        })
        .collect()
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A candidate rule: a column and a condition on it.
pub(crate) struct Feature {
    pub(crate) column: usize,
    pub(crate) name: String,
    pub(crate) when: Condition,
}

/// "Record ID", "Lead ID", "contact_id": a number or code given to each lead, whose order
/// says when it was created and nothing about whether it buys.
fn is_identifier(column: &str) -> bool {
    let c = column.trim().to_lowercase();
    c == "id" || c.ends_with(" id") || c.ends_with("_id") || c.ends_with("-id")
}

fn is_engagement(column: &str) -> bool {
    let c = column.to_lowercase();
    if c.contains("domain") || c == "email" || c.contains("e-mail address") {
        return false;
    }
    [
        "visit",
        "session",
        "pageview",
        "page view",
        "click",
        "open",
        "download",
        "form",
        "webinar",
        "demo",
        "activity",
        "trial",
    ]
    .iter()
    .any(|w| c.contains(w))
}

pub(crate) fn features(
    table: &LeadTable,
    train: &[usize],
    options: &FitOptions,
    warnings: &mut Vec<String>,
) -> Vec<Feature> {
    let mut out = Vec::new();
    for (c, col) in table.columns().iter().enumerate() {
        if options
            .exclude
            .iter()
            .any(|e| e.trim().eq_ignore_ascii_case(col.name.trim()))
        {
            continue;
        }
        if is_identifier(&col.name) {
            warnings.push(format!(
                "column {} was not learnt from: it identifies a lead, it does not describe one",
                col.name
            ));
            continue;
        }
        match col.kind {
            FieldKind::Time => {}
            FieldKind::Bool => out.push(Feature {
                column: c,
                name: col.name.clone(),
                when: Condition::Equals {
                    value: Literal::Bool(true),
                },
            }),
            FieldKind::Text => {
                let mut seen: Vec<(String, usize)> = Vec::new();
                let mut present = 0;
                for &i in train {
                    if let Value::Text(s) = &table.row(i)[c] {
                        let s = s.trim();
                        if s.is_empty() {
                            continue;
                        }
                        present += 1;
                        match seen.iter_mut().find(|(t, _)| t.eq_ignore_ascii_case(s)) {
                            Some((_, k)) => *k += 1,
                            None => seen.push((s.to_string(), 1)),
                        }
                    }
                }
                if present > 0 && seen.len() * 2 > present {
                    warnings.push(format!(
                        "column {} was not learnt from: nearly every lead has a value of its own \
                         (an id, a name or an address)",
                        col.name
                    ));
                    continue;
                }
                seen.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                for (value, k) in seen.into_iter().take(MAX_VALUES) {
                    if k >= options.min_leads {
                        out.push(Feature {
                            column: c,
                            name: format!("{} is {value}", col.name),
                            when: Condition::Equals {
                                value: Literal::Text(value),
                            },
                        });
                    }
                }
            }
            FieldKind::Number => {
                let mut xs: Vec<f64> = train
                    .iter()
                    .filter_map(|&i| table.row(i)[c].as_number())
                    .collect();
                xs.sort_by(f64::total_cmp);
                if xs.len() < options.min_leads * 2 {
                    continue;
                }
                let q = |p: f64| xs[((xs.len() - 1) as f64 * p) as usize];
                let mut cuts = vec![q(0.25), q(0.5), q(0.75)];
                cuts.dedup();
                cuts.retain(|&v| v > xs[0]);
                for (k, &lo) in cuts.iter().enumerate() {
                    let hi = cuts.get(k + 1).copied();
                    let name = match hi {
                        Some(h) => format!("{} {} to under {}", col.name, number(lo), number(h)),
                        None => format!("{} {} or more", col.name, number(lo)),
                    };
                    out.push(Feature {
                        column: c,
                        name,
                        when: Condition::Range {
                            min: Some(lo),
                            max: hi,
                        },
                    });
                }
            }
        }
    }
    out
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// Solves `a x = b` for a symmetric positive definite `a` (row-major, k × k) by Cholesky.
fn solve(a: &mut [f64], b: &mut [f64], k: usize) -> bool {
    for j in 0..k {
        let mut d = a[j * k + j];
        for p in 0..j {
            d -= a[j * k + p] * a[j * k + p];
        }
        if d <= 0.0 || !d.is_finite() {
            return false;
        }
        let d = d.sqrt();
        a[j * k + j] = d;
        for i in j + 1..k {
            let mut s = a[i * k + j];
            for p in 0..j {
                s -= a[i * k + p] * a[j * k + p];
            }
            a[i * k + j] = s / d;
        }
    }
    for i in 0..k {
        let mut s = b[i];
        for p in 0..i {
            s -= a[i * k + p] * b[p];
        }
        b[i] = s / a[i * k + i];
    }
    for i in (0..k).rev() {
        let mut s = b[i];
        for p in i + 1..k {
            s -= a[p * k + i] * b[p];
        }
        b[i] = s / a[i * k + i];
    }
    true
}

/// Newton's method for the penalised log-likelihood; `x[r]` lists the features lead `r` has.
pub(crate) fn logistic(x: &[Vec<usize>], y: &[bool], k: usize, l2: f64) -> Vec<f64> {
    let dim = k + 1; // the intercept last, unpenalised
    let mut beta = vec![0.0; dim];
    let p0 = y.iter().filter(|v| **v).count() as f64 / y.len() as f64;
    beta[k] = libm::log(p0 / (1.0 - p0));
    for _ in 0..50 {
        let mut h = vec![0.0; dim * dim];
        let mut g = vec![0.0; dim];
        for (row, &yi) in x.iter().zip(y) {
            let eta = beta[k] + row.iter().map(|&j| beta[j]).sum::<f64>();
            let p = 1.0 / (1.0 + libm::exp(-eta));
            let w = (p * (1.0 - p)).max(1e-12);
            let r = f64::from(u8::from(yi)) - p;
            let idx: Vec<usize> = row.iter().copied().chain(std::iter::once(k)).collect();
            for &a in &idx {
                g[a] += r;
                for &b in &idx {
                    h[a * dim + b] += w;
                }
            }
        }
        for j in 0..k {
            g[j] -= l2 * beta[j];
            h[j * dim + j] += l2;
        }
        if !solve(&mut h, &mut g, dim) {
            break;
        }
        let mut largest: f64 = 0.0;
        for (b, step) in beta.iter_mut().zip(&g) {
            *b += step;
            largest = largest.max(step.abs());
        }
        if largest < 1e-8 {
            break;
        }
    }
    beta
}

pub fn fit(
    table: &LeadTable,
    converted: &[bool],
    options: &FitOptions,
) -> Result<Fitted, FitError> {
    let n = table.len();
    if n == 0 {
        return Err(FitError::NoLeads);
    }
    if converted.len() != n {
        return Err(FitError::Lengths {
            rows: n,
            outcomes: converted.len(),
        });
    }
    let held = held_out(n, options);
    let train: Vec<usize> = (0..n).filter(|i| !held[*i]).collect();
    let test: Vec<usize> = (0..n).filter(|i| held[*i]).collect();
    let y: Vec<bool> = train.iter().map(|&i| converted[i]).collect();
    let pos = y.iter().filter(|v| **v).count();
    if pos == 0 || pos == y.len() {
        return Err(FitError::OneClass);
    }
    let mut warnings = Vec::new();
    let feats = features(table, &train, options, &mut warnings);
    if feats.is_empty() {
        return Err(FitError::NoFeatures(options.min_leads));
    }
    let has = |i: usize| -> Vec<usize> {
        feats
            .iter()
            .enumerate()
            .filter(|(_, f)| matches(&f.when, &table.row(i)[f.column]))
            .map(|(j, _)| j)
            .collect()
    };
    let x: Vec<Vec<usize>> = train.iter().map(|&i| has(i)).collect();
    let beta = logistic(&x, &y, feats.len(), options.l2);
    let base = pos as f64 / y.len() as f64;

    // A feature that alone separates the outcome is likely filled in after it.
    for (j, f) in feats.iter().enumerate() {
        let ind: Vec<f64> = x
            .iter()
            .map(|r| f64::from(u8::from(r.contains(&j))))
            .collect();
        if let Some(a) = auc(&ind, &y) {
            if !(0.05..0.95).contains(&a) {
                warnings.push(format!(
                    "column {} predicts the outcome almost perfectly ({}); if it is filled in \
                     after a lead converts (a stage, a close date), exclude it",
                    table.columns()[f.column].name,
                    f.name
                ));
            }
        }
    }

    let mut scored: Vec<(Rule, Evidence)> = Vec::new();
    for (j, f) in feats.iter().enumerate() {
        let points = (beta[j] * POINTS_PER_DOUBLING / std::f64::consts::LN_2)
            .round()
            .clamp(-MAX_POINTS, MAX_POINTS);
        if points == 0.0 {
            continue;
        }
        let leads = x.iter().filter(|r| r.contains(&j)).count();
        let conv = x
            .iter()
            .zip(&y)
            .filter(|(r, c)| **c && r.contains(&j))
            .count();
        let rate = conv as f64 / leads.max(1) as f64;
        let column = &table.columns()[f.column].name;
        let kind = if is_engagement(column) {
            ScoreKind::Engagement
        } else {
            ScoreKind::Fit
        };
        scored.push((
            Rule {
                name: f.name.clone(),
                kind,
                field: column.clone(),
                when: f.when.clone(),
                points,
                group: None,
            },
            Evidence {
                rule: f.name.clone(),
                leads,
                converters: conv,
                rate,
                lift: rate / base,
                coefficient: beta[j],
                points,
            },
        ));
    }
    scored.sort_by(|a, b| b.1.points.abs().total_cmp(&a.1.points.abs()));
    let (rules, evidence): (Vec<Rule>, Vec<Evidence>) = scored.into_iter().unzip();

    let mut model = ScoringModel {
        rules: rules.clone(),
        caps: vec![],
        decay: None,
        grades: Grades {
            fit: [30.0, 15.0, 5.0],
            engagement: [30.0, 15.0, 5.0],
        },
        qualify: Qualify::Score { threshold: 0.0 },
    };
    let (scores, _) = score_all(&model, table);
    let totals: Vec<f64> = train.iter().map(|&i| scores[i].total).collect();
    let threshold = best_f1(&totals, &y);
    model.grades = grades_from(&train.iter().map(|&i| scores[i]).collect::<Vec<_>>());
    model.qualify = Qualify::Score { threshold };
    let (scores, _) = score_all(&model, table);
    let held_scores: Vec<_> = test.iter().map(|&i| scores[i]).collect();
    let held_outcomes: Vec<bool> = test.iter().map(|&i| converted[i]).collect();
    let held_out = match backtest(&held_scores, &held_outcomes) {
        Ok(b) => Some(b),
        Err(e) => {
            warnings.push(format!("the held-out leads cannot judge the fit: {e}"));
            None
        }
    };
    Ok(Fitted {
        rules,
        evidence,
        threshold,
        grades: Some(model.grades.clone()),
        intercept: beta[feats.len()],
        train_leads: train.len(),
        held_out_leads: test.len(),
        held_out,
        training_auc: auc(&totals, &y),
        warnings,
    })
}

/// The threshold with the best F1 on the training leads (the lowest on a tie).
fn best_f1(totals: &[f64], y: &[bool]) -> f64 {
    let mut cands: Vec<f64> = totals.to_vec();
    cands.sort_by(f64::total_cmp);
    cands.dedup();
    let pos = y.iter().filter(|v| **v).count() as f64;
    let mut best = (f64::NEG_INFINITY, cands.first().copied().unwrap_or(0.0));
    for &t in &cands {
        let (mut tp, mut m) = (0.0, 0.0);
        for (s, c) in totals.iter().zip(y) {
            if *s >= t {
                m += 1.0;
                if *c {
                    tp += 1.0;
                }
            }
        }
        let f1 = if m > 0.0 { 2.0 * tp / (m + pos) } else { 0.0 };
        if f1 > best.0 {
            best = (f1, t);
        }
    }
    best.1
}

/// Grade cut-offs at the 90th, 70th and 40th percentiles of the training leads' fit and
/// engagement, kept strictly falling so the grades validate.
fn grades_from(scores: &[crate::scoring::Score]) -> Grades {
    let cuts = |mut xs: Vec<f64>| -> [f64; 3] {
        xs.sort_by(f64::total_cmp);
        let q = |p: f64| {
            xs.get(((xs.len().max(1) - 1) as f64 * p) as usize)
                .copied()
                .unwrap_or(0.0)
        };
        let a = q(0.9);
        let b = q(0.7).min(a - 1.0);
        let c = q(0.4).min(b - 1.0);
        [a, b, c]
    };
    Grades {
        fit: cuts(scores.iter().map(|s| s.fit).collect()),
        engagement: cuts(scores.iter().map(|s| s.engagement).collect()),
    }
}

impl Fitted {
    /// The fitted rules as a scoring model: no caps, no decay, the fitted grades and threshold.
    pub fn scoring_model(&self) -> ScoringModel {
        ScoringModel {
            rules: self.rules.clone(),
            caps: vec![],
            decay: None,
            grades: self.grades.clone().unwrap_or(Grades {
                fit: [30.0, 15.0, 5.0],
                engagement: [30.0, 15.0, 5.0],
            }),
            qualify: Qualify::Score {
                threshold: self.threshold,
            },
        }
    }
}
