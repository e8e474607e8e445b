//! The market model: how buyers actually behave, whatever the scoring model says.
//!
//! Each lead has a true chance to be accepted by sales, to qualify, to become an opportunity and
//! to be won, a deal size and a sales cycle. A stage's chance for one lead is its base rate,
//! drawn per trial from a Beta distribution (what we do not know), moved by the lead's own odds
//! multiplier (who the lead is). For generated leads the multiplier comes from the generator's
//! hidden fit and intent; for imported leads from stated per-field multipliers.

use serde::{Deserialize, Serialize};

use crate::conditions::{matches, Condition};
use crate::leads::{LeadTable, Value};
use crate::validate::{
    above, in_range, invalid, not_blank, probability, round_down, show, Checked, Unit, DAYS,
};

/// The stages whose outcome is uncertain for each lead, in funnel order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// MQL → SAL: a rep reviews the lead and accepts it.
    Accept,
    /// SAL → SQL: the rep reaches the lead and confirms budget, authority, need, timeline.
    Qualify,
    /// SQL → opportunity.
    Opportunity,
    /// Opportunity → closed won.
    Win,
}

pub const STAGES: [Stage; 4] = [
    Stage::Accept,
    Stage::Qualify,
    Stage::Opportunity,
    Stage::Win,
];

/// A probability we are unsure of: its mean and standard deviation. Sampled per trial from the
/// Beta distribution with that mean and spread; a spread of 0 fixes it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Uncertain {
    pub mean: f64,
    pub sd: f64,
}

impl Uncertain {
    pub const fn fixed(mean: f64) -> Uncertain {
        Uncertain { mean, sd: 0.0 }
    }

    /// Beta(α, β) with this mean and sd, or `None` when the value is fixed.
    /// Method of moments: κ = m(1−m)/sd² − 1, α = mκ, β = (1−m)κ.
    pub fn beta_params(&self) -> Option<(f64, f64)> {
        if self.sd == 0.0 {
            return None;
        }
        let m = self.mean;
        let kappa = m * (1.0 - m) / (self.sd * self.sd) - 1.0;
        Some((m * kappa, (1.0 - m) * kappa))
    }

    /// The largest standard deviation a rate with this mean may have: the Beta distribution's
    /// α and β must both stay at least 0.05 (smaller ones pile nearly all trials on 0 or 1).
    pub fn max_sd(mean: f64) -> f64 {
        let m = mean;
        (m * (1.0 - m) / (1.0 + 0.05 / m.min(1.0 - m))).sqrt()
    }

    /// `what` names the rate as the page does ("the win rate (opportunity → won)").
    fn validate(&self, path: &str, what: &str) -> Checked {
        probability(
            &format!("{path}.mean"),
            self.mean,
            &format!("the mean of {what}"),
        )?;
        in_range(
            &format!("{path}.sd"),
            self.sd,
            0.0,
            0.5,
            &format!("the uncertainty (sd) of {what}"),
            Unit::PercentagePoints,
        )?;
        if self.sd > 0.0 {
            if self.mean <= 0.0 || self.mean >= 1.0 {
                return Err(invalid(
                    format!("{path}.sd"),
                    format!(
                        "a rate of {} cannot be uncertain: set the uncertainty of {what} to 0, \
                         or its mean above 0 % and below 100 %",
                        show(self.mean, Unit::Percent)
                    ),
                ));
            }
            let max_sd = (self.mean * (1.0 - self.mean)).sqrt();
            let (a, b) = self.beta_params().unwrap_or((1.0, 1.0));
            if self.sd >= max_sd || a < 0.05 || b < 0.05 {
                return Err(invalid(
                    format!("{path}.sd"),
                    format!(
                        "with a mean of {}, the uncertainty of {what} can be at most {}, not \
                         {}: lower the uncertainty, or move the mean away from 0 % and 100 %",
                        show(self.mean, Unit::Percent),
                        show(
                            round_down(Uncertain::max_sd(self.mean)),
                            Unit::PercentagePoints
                        ),
                        show(self.sd, Unit::PercentagePoints)
                    ),
                ));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageRates {
    pub accept: Uncertain,
    pub qualify: Uncertain,
    pub opportunity: Uncertain,
    pub win: Uncertain,
}

impl StageRates {
    pub fn get(&self, s: Stage) -> Uncertain {
        match s {
            Stage::Accept => self.accept,
            Stage::Qualify => self.qualify,
            Stage::Opportunity => self.opportunity,
            Stage::Win => self.win,
        }
    }
}

/// How strongly a generated lead's hidden fit and intent move its odds at each stage: odds
/// ratios per standard deviation of fit and of intent (1 = no effect).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TruthEffects {
    pub fit: [f64; 4],
    pub intent: [f64; 4],
}

/// For imported leads: multiply a stage's odds by `odds` when a field matches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Multiplier {
    pub field: String,
    pub when: Condition,
    pub stage: Stage,
    /// The multiplier's median.
    pub odds: f64,
    /// How unsure `odds` is: the standard deviation of its natural logarithm, drawn per trial
    /// (0 fixes it). Learnt multipliers carry their estimate's standard error here.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub odds_sd: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// A number we are unsure of, drawn per trial from a normal distribution with this mean and
/// standard deviation (then kept within the range the field allows).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spread {
    pub mean: f64,
    pub sd: f64,
}

/// Effects of alignment that industry articles on sales–marketing alignment report and no study
/// established: reported, not established. They act in proportion to the share of the readiness
/// checklist the scenario passes (all five checks: the full effect; none: no effect).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlignmentEffects {
    /// The off switch.
    pub enabled: bool,
    /// Relative rise of the win rate of a fully aligned team (0.38: 38 % higher).
    pub win_rate_uplift: Spread,
    /// Relative shortening of the sales cycle of a fully aligned team (0.175: 17.5 % shorter).
    pub cycle_reduction: Spread,
}

/// Deal size and cycle length for companies below a size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    pub name: String,
    /// Companies with fewer employees than this belong here; `None` for the last segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below_employees: Option<f64>,
    /// Median deal size, in the scenario's currency.
    pub deal_median: f64,
    /// Spread of ln(deal size).
    pub deal_sigma: f64,
    pub cycle_median_days: f64,
    pub cycle_sigma: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketModel {
    /// Base rates for a lead of average fit and intent, answered within 5 minutes.
    pub stages: StageRates,
    /// Odds multiplier on acceptance when marketing and sales have no agreed MQL definition.
    pub acceptance_without_agreed_definitions: f64,
    pub truth: TruthEffects,
    #[serde(default)]
    pub multipliers: Vec<Multiplier>,
    /// What alignment between the teams is reported to do to win rate and cycle length.
    pub alignment: AlignmentEffects,
    /// The numeric field holding company size (employees); leads without it fall in the first
    /// segment.
    pub size_field: String,
    pub segments: Vec<Segment>,
}

const MAX_ODDS: f64 = 1e4;
/// A log-odds spread of 3 already spans a factor of 400 either way between P5 and P95.
const MAX_ODDS_SD: f64 = 3.0;

impl Stage {
    /// The stage's rate as messages name it: "the win rate (opportunity → won)".
    pub fn rate_name(self) -> &'static str {
        match self {
            Stage::Accept => "the acceptance rate (MQL → SAL)",
            Stage::Qualify => "the qualification rate (SAL → SQL)",
            Stage::Opportunity => "the opportunity rate (SQL → opportunity)",
            Stage::Win => "the win rate (opportunity → won)",
        }
    }

    /// The stage as the page's tables name it: "MQL → SAL".
    fn step(self) -> &'static str {
        match self {
            Stage::Accept => "MQL → SAL",
            Stage::Qualify => "SAL → SQL",
            Stage::Opportunity => "SQL → opportunity",
            Stage::Win => "opportunity → won",
        }
    }
}

impl MarketModel {
    pub fn validate(&self, path: &str) -> Checked {
        for s in STAGES {
            let name = serde_json::to_value(s).ok();
            let name = name.as_ref().and_then(|v| v.as_str()).unwrap_or("stage");
            self.stages
                .get(s)
                .validate(&format!("{path}.stages.{name}"), s.rate_name())?;
        }
        above(
            &format!("{path}.acceptance_without_agreed_definitions"),
            self.acceptance_without_agreed_definitions,
            0.0,
            MAX_ODDS,
            "the acceptance odds without agreed definitions",
            Unit::Times,
        )?;
        let a = &self.alignment;
        in_range(
            &format!("{path}.alignment.win_rate_uplift.mean"),
            a.win_rate_uplift.mean,
            0.0,
            3.0,
            "the win rate uplift of a fully aligned team",
            Unit::Percent,
        )?;
        in_range(
            &format!("{path}.alignment.win_rate_uplift.sd"),
            a.win_rate_uplift.sd,
            0.0,
            1.0,
            "the uncertainty (sd) of the win rate uplift",
            Unit::PercentagePoints,
        )?;
        in_range(
            &format!("{path}.alignment.cycle_reduction.mean"),
            a.cycle_reduction.mean,
            0.0,
            0.9,
            "the sales cycle reduction of a fully aligned team",
            Unit::Percent,
        )?;
        in_range(
            &format!("{path}.alignment.cycle_reduction.sd"),
            a.cycle_reduction.sd,
            0.0,
            0.5,
            "the uncertainty (sd) of the sales cycle reduction",
            Unit::PercentagePoints,
        )?;
        for (which, arr) in [("fit", &self.truth.fit), ("intent", &self.truth.intent)] {
            for (i, x) in arr.iter().enumerate() {
                let stage = STAGES[i].step();
                in_range(
                    &format!("{path}.truth.{which}[{i}]"),
                    *x,
                    0.01,
                    100.0,
                    &format!("the odds ratio per sd of {which} at {stage}"),
                    Unit::Times,
                )?;
            }
        }
        for (i, m) in self.multipliers.iter().enumerate() {
            let p = format!("{path}.multipliers[{i}]");
            not_blank(
                &format!("{p}.field"),
                &m.field,
                &format!(
                    "multiplier {} reads no lead field: enter the field it matches",
                    i + 1
                ),
            )?;
            if let Condition::Contains { words } = &m.when {
                crate::validate::words_to_look_for(
                    &format!("{p}.when.words"),
                    words,
                    &format!("multiplier {}", i + 1),
                )?;
            }
            above(
                &format!("{p}.odds"),
                m.odds,
                0.0,
                MAX_ODDS,
                &format!("the odds multiplier of multiplier {}", i + 1),
                Unit::Times,
            )?;
            in_range(
                &format!("{p}.odds_sd"),
                m.odds_sd,
                0.0,
                MAX_ODDS_SD,
                &format!("the spread of multiplier {} (sd of its log)", i + 1),
                Unit::Number,
            )?;
        }
        not_blank(
            &format!("{path}.size_field"),
            &self.size_field,
            "the company size field is empty: enter the lead field that holds the number of \
             employees",
        )?;
        if self.segments.is_empty() {
            return Err(invalid(
                format!("{path}.segments"),
                "there is no company size segment: add at least one",
            ));
        }
        let mut last = f64::NEG_INFINITY;
        for (i, s) in self.segments.iter().enumerate() {
            let p = format!("{path}.segments[{i}]");
            let n = i + 1;
            not_blank(
                &format!("{p}.name"),
                &s.name,
                &format!("segment {n} has no name: enter one"),
            )?;
            let seg = format!("segment '{}'", s.name);
            above(
                &format!("{p}.deal_median"),
                s.deal_median,
                0.0,
                1e10,
                &format!("the median deal size of {seg}"),
                Unit::Dollars,
            )?;
            in_range(
                &format!("{p}.deal_sigma"),
                s.deal_sigma,
                0.0,
                3.0,
                &format!("the deal size spread (log sigma) of {seg}"),
                Unit::Number,
            )?;
            above(
                &format!("{p}.cycle_median_days"),
                s.cycle_median_days,
                0.0,
                3650.0,
                &format!("the median sales cycle of {seg}"),
                DAYS,
            )?;
            in_range(
                &format!("{p}.cycle_sigma"),
                s.cycle_sigma,
                0.0,
                3.0,
                &format!("the sales cycle spread (log sigma) of {seg}"),
                Unit::Number,
            )?;
            let is_last = i + 1 == self.segments.len();
            let employees = Unit::Of("employee", "employees");
            match (s.below_employees, is_last) {
                (None, true) => {}
                (None, false) => {
                    return Err(invalid(
                        format!("{p}.below_employees"),
                        format!(
                            "{seg} needs a company size limit (companies with fewer employees \
                             than it): only the last segment takes every larger company"
                        ),
                    ))
                }
                (Some(b), _) => {
                    if !(b.is_finite() && b > last) {
                        let message = match i.checked_sub(1).map(|j| &self.segments[j]) {
                            Some(previous) => format!(
                                "the size limit of {seg} must be more than the one of segment \
                                 '{}' ({}), not {}: segments go from the smallest companies to \
                                 the largest",
                                previous.name,
                                show(last, employees),
                                show(b, employees)
                            ),
                            None => {
                                format!("the size limit of {seg} must be a number of employees")
                            }
                        };
                        return Err(invalid(format!("{p}.below_employees"), message));
                    }
                    last = b;
                }
            }
        }
        Ok(())
    }

    /// The segment a lead belongs to, by its company size.
    pub fn segment_of(&self, size: Option<f64>) -> usize {
        match size {
            None => 0,
            Some(x) => self
                .segments
                .iter()
                .position(|s| s.below_employees.is_none_or(|b| x < b))
                .unwrap_or(self.segments.len() - 1),
        }
    }

    /// Each lead's odds multiplier per stage (in [`STAGES`] order): the product of the hidden
    /// truth's effects (generated leads, standardized fit and intent) and the field multipliers.
    pub fn lead_odds(
        &self,
        row: &[Value],
        truth: Option<[f64; 2]>,
        columns: &[Option<usize>],
    ) -> [f64; 4] {
        let mut odds = [1.0; 4];
        if let Some([fit, intent]) = truth {
            for (k, o) in odds.iter_mut().enumerate() {
                *o *= libm::pow(self.truth.fit[k], fit) * libm::pow(self.truth.intent[k], intent);
            }
        }
        for (m, col) in self.multipliers.iter().zip(columns) {
            if let Some(c) = col {
                if matches(&m.when, &row[*c]) {
                    odds[m.stage as usize] *= m.odds;
                }
            }
        }
        odds
    }

    /// The multipliers drawn per trial (a spread above 0) that a lead matches, by index into
    /// `multipliers`: their median is already in [`Self::lead_odds`], their draw is not.
    pub fn spread_hits<'a>(
        &'a self,
        row: &'a [Value],
        columns: &'a [Option<usize>],
    ) -> impl Iterator<Item = usize> + 'a {
        self.multipliers
            .iter()
            .zip(columns)
            .enumerate()
            .filter(move |(_, (m, col))| {
                m.odds_sd > 0.0 && col.is_some_and(|c| matches(&m.when, &row[c]))
            })
            .map(|(j, _)| j)
    }

    /// The table columns each multiplier reads (`None` where the table lacks the field), and
    /// warnings for the missing ones.
    pub fn bind(&self, table: &LeadTable) -> (Vec<Option<usize>>, Vec<String>) {
        let mut warnings = Vec::new();
        let cols = self
            .multipliers
            .iter()
            .map(|m| {
                let c = table.column_index(&m.field);
                if c.is_none() {
                    warnings.push(format!(
                        "market multiplier on field '{}' never applies: the leads do not have that field",
                        m.field
                    ));
                }
                c
            })
            .collect();
        (cols, warnings)
    }
}

/// Probability from odds; infinite odds (a rate of exactly 1) are certainty.
#[inline]
pub fn prob(odds: f64) -> f64 {
    if odds.is_infinite() {
        1.0
    } else {
        odds / (1.0 + odds)
    }
}

/// Odds from a probability (infinite at 1).
#[inline]
pub fn odds(p: f64) -> f64 {
    p / (1.0 - p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leads::{Column, FieldKind};

    #[test]
    fn beta_params_reproduce_mean_and_sd() {
        let u = Uncertain {
            mean: 0.2,
            sd: 0.05,
        };
        let (a, b) = u.beta_params().unwrap();
        let mean = a / (a + b);
        let var = a * b / ((a + b).powi(2) * (a + b + 1.0));
        assert!((mean - 0.2).abs() < 1e-12);
        assert!((var.sqrt() - 0.05).abs() < 1e-12);
        assert_eq!(Uncertain::fixed(0.3).beta_params(), None);
    }

    #[test]
    fn uncertain_rates_are_validated() {
        let cases = [
            (0.2, 0.05, true),
            (0.2, 0.0, true),
            (1.0, 0.0, true),
            (1.2, 0.0, false),
            (0.2, 0.4, false), // wider than any Beta with that mean
            (0.0, 0.1, false),
            (0.5, -0.1, false),
        ];
        for (mean, sd, ok) in cases {
            assert_eq!(
                Uncertain { mean, sd }.validate("x", "the rate").is_ok(),
                ok,
                "{mean} ± {sd}"
            );
        }
    }

    /// The largest uncertainty a message states is accepted, and a little more is not.
    #[test]
    fn the_stated_largest_uncertainty_is_the_one_accepted() {
        for mean in [0.001, 0.015, 0.11, 0.235, 0.5, 0.7, 0.98, 0.999] {
            let max = Uncertain::max_sd(mean);
            let stated = round_down(max);
            assert!(
                stated <= max && stated > max * 0.99,
                "{mean}: {stated} vs {max}"
            );
            let ok = |sd: f64| Uncertain { mean, sd }.validate("x", "the rate").is_ok();
            assert!(ok(stated), "{mean} ± {stated}");
            assert!(!ok(max * 1.001), "{mean} ± {}", max * 1.001);
        }
        let e = Uncertain {
            mean: 0.015,
            sd: 0.1,
        }
        .validate("market.stages.win", Stage::Win.rate_name())
        .unwrap_err();
        assert_eq!(e.path, "market.stages.win.sd");
        assert_eq!(
            e.message,
            "with a mean of 1.5 %, the uncertainty of the win rate (opportunity → won) can be at \
             most 5.83 percentage points, not 10 percentage points: lower the uncertainty, or \
             move the mean away from 0 % and 100 %"
        );
    }

    fn seg(name: &str, below: Option<f64>) -> Segment {
        Segment {
            name: name.into(),
            below_employees: below,
            deal_median: 10.0,
            deal_sigma: 0.5,
            cycle_median_days: 30.0,
            cycle_sigma: 0.4,
        }
    }

    fn market() -> MarketModel {
        MarketModel {
            stages: StageRates {
                accept: Uncertain {
                    mean: 0.6,
                    sd: 0.05,
                },
                qualify: Uncertain::fixed(0.5),
                opportunity: Uncertain::fixed(0.7),
                win: Uncertain::fixed(0.25),
            },
            acceptance_without_agreed_definitions: 0.12,
            truth: TruthEffects {
                fit: [2.0, 1.0, 1.0, 1.5],
                intent: [1.0, 3.0, 1.0, 1.0],
            },
            alignment: AlignmentEffects {
                enabled: false,
                win_rate_uplift: Spread {
                    mean: 0.38,
                    sd: 0.1,
                },
                cycle_reduction: Spread {
                    mean: 0.175,
                    sd: 0.03,
                },
            },
            multipliers: vec![Multiplier {
                field: "demo".into(),
                when: Condition::Present,
                stage: Stage::Qualify,
                odds: 2.0,
                odds_sd: 0.0,
            }],
            size_field: "employees".into(),
            segments: vec![
                seg("smb", Some(100.0)),
                seg("mid", Some(1000.0)),
                seg("ent", None),
            ],
        }
    }

    #[test]
    fn segments_by_size() {
        let m = market();
        assert!(m.validate("market").is_ok());
        let cases = [
            (None, 0),
            (Some(5.0), 0),
            (Some(100.0), 1),
            (Some(999.0), 1),
            (Some(1e6), 2),
        ];
        for (size, want) in cases {
            assert_eq!(m.segment_of(size), want, "{size:?}");
        }
        let mut bad = market();
        bad.segments[1].below_employees = Some(50.0);
        assert_eq!(
            bad.validate("market").unwrap_err().path,
            "market.segments[1].below_employees"
        );
        let mut bad = market();
        bad.segments[0].below_employees = None;
        assert_eq!(
            bad.validate("market").unwrap_err().path,
            "market.segments[0].below_employees"
        );
    }

    #[test]
    fn lead_odds_combine_truth_and_fields() {
        let m = market();
        let table = LeadTable::new(
            vec![Column {
                name: "demo".into(),
                kind: FieldKind::Bool,
            }],
            vec![vec![Value::Bool(true)], vec![Value::Bool(false)]],
            vec![0.0, 0.0],
        )
        .unwrap();
        let (cols, warnings) = m.bind(&table);
        assert!(warnings.is_empty());
        let o = m.lead_odds(table.row(0), Some([1.0, -1.0]), &cols);
        let want = [2.0, 2.0 / 3.0, 1.0, 1.5];
        for k in 0..4 {
            assert!((o[k] - want[k]).abs() < 1e-12, "stage {k}: {o:?}");
        }
        assert_eq!(m.lead_odds(table.row(1), None, &cols), [1.0; 4]);
        assert!((prob(odds(0.3)) - 0.3).abs() < 1e-15);
        assert_eq!(prob(odds(1.0)), 1.0);
        assert_eq!(prob(odds(1.0) * 0.5), 1.0);
        assert_eq!(prob(odds(0.0)), 0.0);
    }
}
