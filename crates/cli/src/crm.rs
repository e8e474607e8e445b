//! A team's own CRM export: reading it through the scenario's mapping, `backtest` (the model
//! against what happened to past leads) and `fit` (points, and the market's odds multipliers,
//! learnt from those outcomes).

use std::path::Path;

use anyhow::Result;
use funnel_engine::backtest::{backtest as judge, Backtest};
use funnel_engine::csv_leads::CsvOptions;
use funnel_engine::fit::{fit as learn, FitOptions};
use funnel_engine::learn::{learn_market, outcome_stage, LearnOptions};
use funnel_engine::mapping::{self, Imported, Mapping, Outcomes};
use funnel_engine::scenario::LeadsSource;
use funnel_engine::scoring::score_all;
use funnel_engine::{presets, Scenario};

use crate::{bad, out, print_json, read_scenario, say, Args};

/// Reads an export and maps it for `scenario`, saying on stderr what the reader worked around,
/// which mapping was used when the scenario had none, and how each field's values translated.
pub(crate) fn import(path: &Path, scenario: &Scenario, mapping: &Mapping) -> Result<Imported> {
    let bytes = std::fs::read(path)
        .map_err(|e| bad(format!("cannot read leads file {}: {e}", path.display())))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        bad(format!(
            "{}: the file is not UTF-8 text (byte {}); save it as CSV UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    let arrival_column = match &scenario.leads {
        LeadsSource::Imported { arrival_column } => arrival_column.clone(),
        LeadsSource::Generated(_) => None,
    };
    let imported = mapping::import(
        &text,
        &CsvOptions {
            arrival_column,
            ..CsvOptions::default()
        },
        mapping,
    )
    .map_err(|e| bad(format!("{}: {e}", path.display())))?;
    for w in &imported.leads.warnings {
        say(&format!("warning: {}: {w}", path.display()));
    }
    if imported.suggested && !imported.mapping.fields.is_empty() {
        let pairs: Vec<String> = imported
            .mapping
            .fields
            .iter()
            .map(|f| format!("{} <- {}", f.field, f.column))
            .collect();
        say(&format!(
            "note: the scenario maps no column, so the usual export headers were mapped: {} \
             (write a \"mapping\" in the scenario to change it)",
            pairs.join(", ")
        ));
    }
    for n in &imported.notes {
        say(&format!("note: {n}"));
    }
    Ok(imported)
}

/// The outcome the command line names (`--outcome`, `--success`), in place of the mapping's.
fn name_outcome(args: &Args, imported: &mut Imported, path: &Path) -> Result<()> {
    if let Some(column) = &args.outcome {
        let table = &imported.leads.table;
        let outcome = mapping::outcome_from(table, column, &args.success)
            .map_err(|e| bad(format!("{}: {e}", path.display())))?;
        imported.mapping.outcome = Some(outcome);
        imported.outcomes = imported
            .mapping
            .outcomes(table)
            .map_err(|e| bad(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

fn outcomes_of(imported: &Imported, path: &Path) -> Result<Outcomes> {
    let outcomes = imported.outcomes.clone().ok_or_else(|| {
        bad(format!(
            "{}: no column says which leads converted; name it with --outcome COLUMN (and \
             --success VALUE for the values that mean yes)",
            path.display()
        ))
    })?;
    let n = outcomes.converted.len();
    say(&format!(
        "note: outcome from column {}: {} of {n} leads converted",
        outcomes.column,
        outcomes.successes()
    ));
    Ok(outcomes)
}

#[derive(serde::Serialize)]
struct BacktestOut<'a> {
    scenario: &'a str,
    outcome_column: &'a str,
    #[serde(flatten)]
    backtest: &'a Backtest,
}

pub(crate) fn backtest(args: &Args) -> Result<()> {
    let scenario = read_scenario(args)?;
    let path = args.leads.as_deref().ok_or_else(|| {
        bad("backtest needs the past leads to judge the model on: --leads FILE.csv")
    })?;
    let mut imported = import(path, &scenario, &scenario.mapping)?;
    name_outcome(args, &mut imported, path)?;
    let outcomes = outcomes_of(&imported, path)?;
    let (scores, warnings) = score_all(&scenario.scoring, &imported.leads.table);
    for w in &warnings {
        say(&format!("warning: {w}"));
    }
    let result =
        judge(&scores, &outcomes.converted).map_err(|e| bad(format!("{}: {e}", path.display())))?;
    print_json(
        &BacktestOut {
            scenario: &scenario.name,
            outcome_column: &outcomes.column,
            backtest: &result,
        },
        "writing the backtest",
    )
}

pub(crate) fn fit(args: &Args) -> Result<()> {
    if let Some(t) = &args.target {
        return Err(bad(format!(
            "fit starts from the export alone and takes no scenario file (got '{t}'): \
             funnel-lab fit --leads FILE.csv --outcome COLUMN"
        )));
    }
    let path = args
        .leads
        .as_deref()
        .ok_or_else(|| bad("fit needs the past leads to learn from: --leads FILE.csv"))?;
    let mut scenario = presets::preset("default").expect("the default preset exists");
    scenario.leads = LeadsSource::Imported {
        arrival_column: None,
    };
    let mut imported = import(path, &scenario, &Mapping::default())?;
    name_outcome(args, &mut imported, path)?;
    let outcomes = outcomes_of(&imported, path)?;
    let table = &imported.leads.table;
    let options = FitOptions {
        seed: args.seed.unwrap_or(0),
        exclude: imported.mapping.not_predictors(table),
        ..FitOptions::default()
    };
    let fitted = learn(table, &outcomes.converted, &options)
        .map_err(|e| bad(format!("{}: {e}", path.display())))?;
    for w in &fitted.warnings {
        say(&format!("warning: {w}"));
    }
    say(&format!(
        "fitted on {} leads; {} held out and never fitted on",
        fitted.train_leads, fitted.held_out_leads
    ));
    for e in &fitted.evidence {
        say(&format!(
            "  {:+} points  {}: {} leads, {:.1} % converted, lift {:.2}",
            e.points,
            e.rule,
            e.leads,
            e.rate * 100.0,
            e.lift
        ));
    }
    match &fitted.held_out {
        Some(b) => say(&format!(
            "held-out backtest: AUC {:.3} on {} leads ({} converted); top decile lift {:.2}",
            b.auc,
            b.leads,
            b.converters,
            b.deciles.first().map_or(0.0, |d| d.lift)
        )),
        None => say("held-out backtest: not possible (see the warnings)"),
    }
    let stage = imported
        .mapping
        .outcome
        .as_ref()
        .map_or(LearnOptions::default().stage, outcome_stage);
    let market = LearnOptions {
        exclude: options.exclude.clone(),
        stage,
        ..LearnOptions::default()
    };
    match learn_market(table, &outcomes.converted, &market) {
        Ok(m) => {
            say(&format!(
                "market learnt from all {} leads ({:.1} % converted): odds multipliers on \
                 {} rate, each drawn per trial within its P5-P95",
                m.leads,
                m.base_rate * 100.0,
                stage.rate_name()
            ));
            for l in &m.learnt {
                let (lo, hi) = l.interval();
                say(&format!(
                    "  x{:.2} ({lo:.2}-{hi:.2})  {}: {} leads, {:.1} % converted",
                    l.multiplier.odds,
                    l.label,
                    l.leads,
                    l.rate * 100.0
                ));
            }
            scenario.market.multipliers = m.multipliers();
        }
        Err(e) => say(&format!(
            "warning: the market was not learnt ({e}); every imported lead has the base rates"
        )),
    }
    scenario.name = format!(
        "fitted on {}",
        path.file_name()
            .map_or("an export".into(), |n| n.to_string_lossy())
    );
    scenario.description = format!(
        "Rules and market multipliers learnt by `funnel-lab fit` from {} leads of {} \
         (outcome: column {}), held-out AUC {}.",
        fitted.train_leads + fitted.held_out_leads,
        path.display(),
        outcomes.column,
        fitted
            .held_out
            .as_ref()
            .map_or("not measured".to_string(), |b| format!("{:.3}", b.auc))
    );
    scenario.leads = LeadsSource::Imported {
        arrival_column: imported.leads.arrival_column.clone(),
    };
    scenario.mapping = imported.mapping.clone();
    scenario.scoring = fitted.scoring_model();
    scenario.validate().map_err(|e| {
        anyhow::anyhow!("the fitted scenario does not validate, which is a bug: {e}")
    })?;
    out(&format!("{}\n", scenario.to_json()), "the fitted scenario")
}
