//! A scenario: one serializable value holding everything a run needs but the seed's trials.
//!
//! `Scenario` is the wire format (JSON in files, share links and the browser); parsing checks
//! its shape with the path of any bad field, then [`Scenario::validate`] checks every range, so
//! code past this module only ever sees valid scenarios.

use serde::{Deserialize, Serialize};

use crate::examples::Example;
use crate::generator::GeneratorConfig;
use crate::mapping::Mapping;
use crate::market::MarketModel;
use crate::process::Process;
use crate::scoring::ScoringModel;
use crate::validate::{above, in_range, invalid, not_blank, Checked, Invalid, Unit, DAYS};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The version of the scenario format; files without one are version 1 and are migrated
    /// on loading ([`Scenario::load`]).
    pub schema: u32,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub leads: LeadsSource,
    /// How an imported export's columns and values become the model's fields, and which column
    /// says a lead converted. Not written when empty (generated leads need none).
    #[serde(default, skip_serializing_if = "Mapping::is_empty")]
    pub mapping: Mapping,
    pub scoring: ScoringModel,
    pub market: MarketModel,
    pub process: Process,
    pub horizon: Horizon,
    /// What the quarter's leads cost to win; optional, and only used for CAC.
    #[serde(default)]
    pub costs: Costs,
    /// Monte Carlo trials per run.
    #[serde(default = "default_trials")]
    pub trials: u32,
    /// The run's seed: the same scenario and seed give the same results, bit for bit.
    #[serde(default)]
    pub seed: u64,
    /// Leads the room agreed must, or must not, be MQLs, checked against the scoring model at
    /// every change (`funnel-lab check`). Not written when there are none, so files without
    /// examples read and write as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

fn default_trials() -> u32 {
    1000
}

/// Where the leads come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawLeadsSource", into = "RawLeadsSource")]
pub enum LeadsSource {
    /// The built-in generator.
    Generated(GeneratorConfig),
    /// A CRM export supplied alongside the scenario (`--leads FILE.csv`, or a file dropped on
    /// the page).
    Imported {
        /// The date column that says when each lead arrived; found by name when left out.
        arrival_column: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum SourceKind {
    Generated,
    Imported,
}

/// The wire shape of [`LeadsSource`]: a plain struct rather than a tagged enum, so that a bad
/// value inside the generator's settings is reported with its full path
/// (`leads.generator.seed`), which serde cannot do inside internally tagged enums.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLeadsSource {
    source: SourceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    generator: Option<GeneratorConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    arrival_column: Option<String>,
}

impl TryFrom<RawLeadsSource> for LeadsSource {
    type Error = String;

    fn try_from(raw: RawLeadsSource) -> Result<Self, String> {
        match (raw.source, raw.generator, raw.arrival_column) {
            (SourceKind::Generated, Some(g), None) => Ok(LeadsSource::Generated(g)),
            (SourceKind::Generated, None, _) => {
                Err("generated leads need a \"generator\" section (see `funnel-lab preset default`)".into())
            }
            (SourceKind::Generated, Some(_), Some(_)) => {
                Err("arrival_column is for imported leads; generated leads arrive on their own".into())
            }
            (SourceKind::Imported, None, arrival_column) => Ok(LeadsSource::Imported { arrival_column }),
            (SourceKind::Imported, Some(_), _) => {
                Err("imported leads take no \"generator\" section; set source to \"generated\" to use it".into())
            }
        }
    }
}

impl From<LeadsSource> for RawLeadsSource {
    fn from(l: LeadsSource) -> Self {
        match l {
            LeadsSource::Generated(g) => RawLeadsSource {
                source: SourceKind::Generated,
                generator: Some(g),
                arrival_column: None,
            },
            LeadsSource::Imported { arrival_column } => RawLeadsSource {
                source: SourceKind::Imported,
                generator: None,
                arrival_column,
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    /// Days from the start of the horizon during which deals may close and count.
    pub close_days: f64,
}

/// Spend behind the sample's leads, in the scenario's currency, over the lead window. CAC is
/// (marketing spend + sales cost + cost per rep × reps) / deals won, and undefined while all
/// are 0.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    pub marketing_spend: f64,
    /// Sales costs that do not depend on the number of reps (tools, management).
    pub sales_cost: f64,
    /// What one rep costs over the window, fully loaded: CAC follows the team's size.
    #[serde(default)]
    pub per_rep_cost: f64,
}

impl Costs {
    /// Everything the window's leads cost to work with a team of `reps`.
    pub fn total(&self, reps: usize) -> f64 {
        self.marketing_spend + self.sales_cost + self.per_rep_cost * reps as f64
    }
}

/// The version of the scenario format this engine writes.
pub const SCHEMA: u32 = 2;

/// A scenario read from a file, with what had to change to bring an older file up to date.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub scenario: Scenario,
    /// One sentence per change made by migration; empty for a current file.
    pub notes: Vec<String>,
}

/// The most trials one run may ask for.
pub const MAX_TRIALS: u32 = 1_000_000;

impl Scenario {
    pub fn validate(&self) -> Checked {
        if self.schema != SCHEMA {
            return Err(invalid(
                "schema",
                format!(
                    "this is scenario format {}, and this version of Funnel Lab reads formats 1 to {SCHEMA}",
                    self.schema
                ),
            ));
        }
        not_blank("name", &self.name, "the scenario has no name: enter one")?;
        if let LeadsSource::Generated(g) = &self.leads {
            g.validate("leads.generator")?;
        }
        self.mapping.validate("mapping")?;
        self.scoring.validate("scoring")?;
        self.market.validate("market")?;
        self.process.validate("process")?;
        above(
            "horizon.close_days",
            self.horizon.close_days,
            0.0,
            3650.0,
            "the time within which deals must close to count",
            DAYS,
        )?;
        in_range(
            "costs.marketing_spend",
            self.costs.marketing_spend,
            0.0,
            1e13,
            "the marketing spend",
            Unit::Dollars,
        )?;
        in_range(
            "costs.sales_cost",
            self.costs.sales_cost,
            0.0,
            1e13,
            "the sales cost",
            Unit::Dollars,
        )?;
        in_range(
            "costs.per_rep_cost",
            self.costs.per_rep_cost,
            0.0,
            1e11,
            "the cost of one rep",
            Unit::Dollars,
        )?;
        in_range(
            "trials",
            self.trials as f64,
            1.0,
            MAX_TRIALS as f64,
            "the number of trials",
            Unit::Number,
        )?;
        crate::examples::validate("examples", &self.examples)?;
        Ok(())
    }

    /// Parses and validates a scenario file, migrating an older format.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::load(text).map(|l| l.scenario)
    }

    /// Parses and validates a scenario file; a file in an older format is migrated, and the
    /// notes say what changed.
    pub fn load(text: &str) -> Result<Loaded, ScenarioError> {
        let syntax = |e: serde_json::Error| ScenarioError::Syntax {
            line: e.line(),
            column: e.column(),
            message: plain(&e.to_string()),
        };
        let mut value: serde_json::Value = serde_json::from_str(text).map_err(syntax)?;
        // Files written before the format had a version say nothing; "schema": 1 means the same.
        let notes = match value.as_object().map(|o| o.get("schema")) {
            Some(None) => crate::migrate::from_v1(&mut value),
            Some(Some(v)) if v.as_u64() == Some(1) => crate::migrate::from_v1(&mut value),
            _ => Vec::new(),
        };
        if let Some(v) = value.get("schema").and_then(|v| v.as_u64()) {
            if v > SCHEMA as u64 {
                return Err(ScenarioError::Field(invalid(
                    "schema",
                    format!(
                        "this file is scenario format {v}, written by a newer Funnel Lab; this version reads formats 1 to {SCHEMA}"
                    ),
                )));
            }
        }
        let scenario: Scenario = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            ScenarioError::Field(invalid(
                if path == "." {
                    "scenario".to_string()
                } else {
                    path
                },
                plain(&inner.to_string()),
            ))
        })?;
        scenario.validate().map_err(ScenarioError::Field)?;
        Ok(Loaded { scenario, notes })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serializes")
    }
}

/// Turns serde's wording into a user's: drops the position (we give the path instead) and
/// names Rust types as the kinds of value a user writes.
fn plain(message: &str) -> String {
    let m = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    m.replace(
        "expected u32",
        "expected a whole number from 0 to 4294967295",
    )
    .replace(
        "expected u64",
        "expected a whole number from 0 to 18446744073709551615",
    )
    .replace("expected f64", "expected a number")
    .replace("expected a boolean", "expected true or false")
    .replace("internally tagged enum", "object with a kind tag")
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    #[error("the scenario is not valid JSON: {message} (line {line}, column {column})")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("scenario field {0}")]
    Field(Invalid),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn presets_round_trip_through_json() {
        for name in presets::NAMES {
            let s = presets::preset(name).unwrap();
            s.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
            let back = Scenario::from_json(&s.to_json()).unwrap();
            assert_eq!(back, s, "{name}");
        }
    }

    /// A broken scenario gets one message naming the field and what is allowed.
    fn check_error(edit: impl Fn(&mut serde_json::Value), expected: &[&str]) {
        let mut v = serde_json::to_value(presets::preset("default").unwrap()).unwrap();
        edit(&mut v);
        let msg = Scenario::from_json(&v.to_string()).unwrap_err().to_string();
        for e in expected {
            assert!(msg.contains(e), "{msg:?} should contain {e:?}");
        }
    }

    #[test]
    fn bad_scenarios_name_the_field() {
        check_error(
            |v| v["scoring"] = "nonsense".into(),
            &["scoring", "invalid type"],
        );
        check_error(|v| v["trials"] = (-3).into(), &["trials", "whole number"]);
        check_error(
            |v| v["trials"] = 0.into(),
            &[
                "trials",
                "the number of trials must be between 1 and 1,000,000, not 0",
            ],
        );
        check_error(
            |v| v["process"]["reps"][1]["touches_per_day"] = (-2.0).into(),
            &[
                "process.reps[1].touches_per_day",
                "more than 0 and at most 10,000, not −2",
            ],
        );
        check_error(
            |v| v["market"]["stages"]["win"]["mean"] = 1.5.into(),
            &[
                "market.stages.win.mean",
                "the mean of the win rate (opportunity → won) must be between 0 and 100 %, \
                 not 150 %",
            ],
        );
        check_error(
            |v| v["scoring"]["rules"][0]["when"]["is"] = "bigger".into(),
            &[
                "scoring.rules[0].when",
                "unknown variant `bigger`",
                "one_of",
            ],
        );
        check_error(
            |v| v["process"]["colour"] = "red".into(),
            &["process", "unknown field `colour`"],
        );
        check_error(
            |v| {
                v["process"].as_object_mut().unwrap().remove("reps");
            },
            &["process", "missing field `reps`"],
        );
        check_error(
            |v| v["leads"]["source"] = "carrier_pigeon".into(),
            &["leads.source", "carrier_pigeon", "generated"],
        );
        check_error(
            |v| v["leads"]["generator"]["seed"] = (-1).into(),
            &["leads.generator.seed", "whole number"],
        );
        check_error(
            |v| {
                v["leads"].as_object_mut().unwrap().remove("generator");
            },
            &["leads", "need a \"generator\" section"],
        );
    }

    #[test]
    fn syntax_errors_give_the_position() {
        let e = Scenario::from_json("{\n  \"name\": \"x\",\n  oops\n}").unwrap_err();
        assert!(matches!(e, ScenarioError::Syntax { line: 3, .. }), "{e}");
        let e = Scenario::from_json("").unwrap_err();
        assert!(e.to_string().contains("not valid JSON"), "{e}");
        let e = Scenario::from_json("[1, 2]").unwrap_err();
        assert!(e.to_string().contains("scenario"), "{e}");
    }
}
