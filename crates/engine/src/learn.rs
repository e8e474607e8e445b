//! The market model learnt from outcomes: how each field value of a CRM export converts,
//! as odds multipliers with their uncertainty, so that imported leads stop all having the base
//! rates.
//!
//! The estimate is a logistic regression over the same indicator features as the suggested
//! weights ([`crate::fit`]), fitted on every lead: the log odds ratio of each value is the
//! posterior mode under a normal prior centred on "no effect" (sd [`LearnOptions::prior_sd`]),
//! which pulls rare values towards the base rate, and its spread is the standard error of that
//! value's own evidence ([`conditional_sd`]). Each multiplier is drawn per trial from that
//! spread, so what the export cannot tell shows in the bands. The features are fitted jointly, so two correlated columns do not count the same
//! evidence twice.

use serde::{Deserialize, Serialize};

use crate::conditions::{matches, Condition};
use crate::fit::{features, logistic, FitError, FitOptions};
use crate::leads::LeadTable;
use crate::mapping::Outcome;
use crate::market::{Multiplier, Stage};

#[derive(Clone, Debug, PartialEq)]
pub struct LearnOptions {
    /// Columns never learnt from (the outcome, anything filled in after it).
    pub exclude: Vec<String>,
    /// Leads a value needs to be learnt.
    pub min_leads: usize,
    /// The prior's standard deviation of a log odds ratio: 1 says a value rarely moves the
    /// odds by more than e² ≈ 7× either way before the data says so.
    pub prior_sd: f64,
    /// The stage whose odds the multipliers move: the one the outcome measures.
    pub stage: Stage,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions {
            exclude: Vec::new(),
            min_leads: 30,
            prior_sd: 1.0,
            stage: Stage::Qualify,
        }
    }
}

/// One learnt multiplier with the evidence behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Learnt {
    /// "Industry is Computer Software", "Number of Employees 50 to under 200".
    pub label: String,
    pub multiplier: Multiplier,
    /// Leads with the value, and how many of them converted.
    pub leads: usize,
    pub converters: usize,
    pub rate: f64,
}

impl Learnt {
    /// The multiplier's 90 % interval (P5, P95).
    pub fn interval(&self) -> (f64, f64) {
        let m = &self.multiplier;
        let z = 1.6448536269514722 * m.odds_sd;
        (m.odds * libm::exp(-z), m.odds * libm::exp(z))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LearntMarket {
    pub leads: usize,
    pub converters: usize,
    pub base_rate: f64,
    pub stage: Stage,
    /// Strongest effect first.
    pub learnt: Vec<Learnt>,
    pub warnings: Vec<String>,
}

impl LearntMarket {
    pub fn multipliers(&self) -> Vec<Multiplier> {
        self.learnt.iter().map(|l| l.multiplier.clone()).collect()
    }
}

/// The largest spread a multiplier may carry (the scenario's limit).
const MAX_SD: f64 = 3.0;

/// Learns odds multipliers per field value from the leads' outcomes.
pub fn learn_market(
    table: &LeadTable,
    converted: &[bool],
    options: &LearnOptions,
) -> Result<LearntMarket, FitError> {
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
    let pos = converted.iter().filter(|c| **c).count();
    if pos == 0 || pos == n {
        return Err(FitError::OneClass);
    }
    let all: Vec<usize> = (0..n).collect();
    let fit_options = FitOptions {
        exclude: options.exclude.clone(),
        min_leads: options.min_leads,
        ..FitOptions::default()
    };
    let mut warnings = Vec::new();
    let feats = features(table, &all, &fit_options, &mut warnings);
    if feats.is_empty() {
        return Err(FitError::NoFeatures(options.min_leads));
    }
    let x: Vec<Vec<usize>> = all
        .iter()
        .map(|&i| {
            feats
                .iter()
                .enumerate()
                .filter(|(_, f)| matches(&f.when, &table.row(i)[f.column]))
                .map(|(j, _)| j)
                .collect()
        })
        .collect();
    let l2 = 1.0 / (options.prior_sd * options.prior_sd);
    let beta = logistic(&x, converted, feats.len(), l2);
    let sd = conditional_sd(&x, &beta, feats.len(), l2);

    let mut learnt: Vec<Learnt> = Vec::new();
    for (j, f) in feats.iter().enumerate() {
        if !beta[j].is_finite() {
            continue;
        }
        let leads = x.iter().filter(|r| r.contains(&j)).count();
        let converters = x
            .iter()
            .zip(converted)
            .filter(|(r, c)| **c && r.contains(&j))
            .count();
        learnt.push(Learnt {
            label: f.name.clone(),
            multiplier: Multiplier {
                field: table.columns()[f.column].name.clone(),
                when: f.when.clone(),
                stage: options.stage,
                odds: libm::exp(beta[j]),
                odds_sd: sd[j].min(MAX_SD),
            },
            leads,
            converters,
            rate: converters as f64 / leads.max(1) as f64,
        });
    }
    learnt.sort_by(|a, b| {
        libm::log(b.multiplier.odds)
            .abs()
            .total_cmp(&libm::log(a.multiplier.odds).abs())
            .then(a.label.cmp(&b.label))
    });
    Ok(LearntMarket {
        leads: n,
        converters: pos,
        base_rate: pos as f64 / n as f64,
        stage: options.stage,
        learnt,
        warnings,
    })
}

/// Each coefficient's spread given the others: `1 / √(curvature of the penalised
/// log-likelihood along it)`, which for a value held by `n` leads converting at `p` is
/// `1 / √(n p (1 − p) + 1 / prior_sd²)`, the familiar standard error of a log odds. (The joint
/// posterior's marginal spread would add the direction in which every value of one column
/// moves against the base rate, which no lead tells apart and no lead's odds feel.)
fn conditional_sd(x: &[Vec<usize>], beta: &[f64], k: usize, l2: f64) -> Vec<f64> {
    let mut curvature = vec![l2; k];
    for row in x {
        let eta = beta[k] + row.iter().map(|&j| beta[j]).sum::<f64>();
        let p = 1.0 / (1.0 + libm::exp(-eta));
        for &j in row {
            curvature[j] += p * (1.0 - p);
        }
    }
    curvature.iter().map(|c| 1.0 / c.sqrt()).collect()
}

/// The stage an outcome measures, from its column and the values that mean success: the
/// earliest stage they name. A lifecycle stage of SQL or later (which lists opportunity and
/// customer too) or "Converted" is qualification; opportunities or later, the opportunity
/// stage; only a won deal or a customer, the win.
pub fn outcome_stage(outcome: &Outcome) -> Stage {
    let mut text = outcome.column.to_lowercase();
    text.push(' ');
    text.push_str(&condition_text(&outcome.when).to_lowercase());
    let names = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if names(&[
        "sql",
        "salesqualified",
        "sales qualified",
        "convert",
        "qualified",
    ]) {
        Stage::Qualify
    } else if names(&["opportunit"]) {
        Stage::Opportunity
    } else if names(&["customer", "won"]) {
        Stage::Win
    } else {
        Stage::Qualify
    }
}

fn condition_text(c: &Condition) -> String {
    serde_json::to_string(c).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conditions::Literal;

    fn outcome(column: &str, value: &str) -> Outcome {
        Outcome {
            column: column.into(),
            when: Condition::Equals {
                value: Literal::Text(value.into()),
            },
        }
    }

    #[test]
    fn the_outcome_names_its_stage() {
        assert_eq!(
            outcome_stage(&outcome("Lifecycle Stage", "salesqualifiedlead")),
            Stage::Qualify
        );
        assert_eq!(outcome_stage(&outcome("Stage", "Closed Won")), Stage::Win);
        assert_eq!(
            outcome_stage(&outcome("Became a Customer Date", "x")),
            Stage::Win
        );
        assert_eq!(
            outcome_stage(&outcome("Lifecycle Stage", "opportunity")),
            Stage::Opportunity
        );
        assert_eq!(outcome_stage(&outcome("Converted", "true")), Stage::Qualify);
        let sql_or_later = Outcome {
            column: "Lifecycle Stage".into(),
            when: Condition::OneOf {
                values: ["salesqualifiedlead", "opportunity", "customer"]
                    .map(|v| Literal::Text(v.into()))
                    .to_vec(),
            },
        };
        assert_eq!(outcome_stage(&sql_or_later), Stage::Qualify);
    }
}
