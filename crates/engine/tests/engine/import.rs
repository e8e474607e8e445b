//! The CRM export fixtures (`tests/fixtures/crm`, written by `make_fixtures.py`) imported as a
//! user imports them, with nothing but the suggested mapping: which columns fill which model
//! fields, whether every lead's mapped values and outcome are what the generator meant (its
//! truth files), and whether a model fitted on the export ranks held-out leads nearly as well as
//! their true probabilities do.

use std::collections::HashMap;

use funnel_engine::backtest::auc;
use funnel_engine::csv_leads::CsvOptions;
use funnel_engine::fit::{fit, held_out, FitOptions};
use funnel_engine::leads::{LeadTable, Value};
use funnel_engine::mapping::{import, outcome_from, Imported, Mapping};

/// The model fields each truth file gives per lead, in the generator's vocabulary.
const FIELDS: [&str; 5] = ["industry", "company_size", "seniority", "region", "channel"];

struct Fixture {
    export: &'static str,
    /// Files giving, per lead (joined on `id`), the true probability and the truth's fields.
    truth: &'static [&'static str],
    id: &'static str,
    probability: &'static str,
    /// (model field, export column) as the suggestion should map them, in order.
    mapping: &'static [(&'static str, &'static str)],
    outcome_column: &'static str,
    /// The export's title column and the titles whose seniority the words cannot settle: the
    /// only leads allowed to disagree with the truth, and on seniority only.
    title: &'static str,
    ambiguous_titles: &'static [&'static str],
}

const HUBSPOT: Fixture = Fixture {
    export: "hubspot_contacts.csv",
    truth: &["hubspot_contacts.truth.csv", "hubspot_contacts.fields.csv"],
    id: "Record ID",
    probability: "p_sql",
    mapping: &[
        ("industry", "Industry"),
        ("company_size", "Number of Employees"),
        ("seniority", "Job Title"),
        ("region", "Country/Region"),
        ("channel", "Original Source"),
        ("days_since_last_activity", "Last Activity Date"),
        ("email_clicks", "Marketing emails clicked"),
        ("web_visits", "Number of Sessions"),
        ("content_downloads", "Number of Form Submissions"),
    ],
    outcome_column: "Lifecycle Stage",
    title: "Job Title",
    ambiguous_titles: &[],
};

const SALESFORCE: Fixture = Fixture {
    export: "salesforce_leads.csv",
    truth: &["salesforce_leads.truth.csv"],
    id: "Lead ID",
    probability: "p_convert",
    mapping: &[
        ("industry", "Industry"),
        ("company_size", "No. of Employees"),
        ("seniority", "Title"),
        ("region", "Country"),
        ("channel", "Lead Source"),
        ("days_since_last_activity", "Last Activity"),
    ],
    outcome_column: "Converted",
    title: "Title",
    // The generator means the head of the firm (c_level); by its words it is a director.
    ambiguous_titles: &["Managing Director"],
};

fn fixture_path(name: &str) -> String {
    format!("{}/tests/fixtures/crm/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// One truth row: the file's header names to the row's cells.
type Truth = HashMap<String, String>;

/// Every truth file of `f`, joined on the lead id, in the export's order of leads.
fn truth(f: &Fixture, ids: &[String]) -> Vec<Truth> {
    let mut by_id: HashMap<String, Truth> = HashMap::new();
    for file in f.truth {
        let text = read(file);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        for record in reader.records() {
            let record = record.unwrap();
            let row: Truth = header
                .iter()
                .cloned()
                .zip(record.iter().map(String::from))
                .collect();
            by_id.entry(row[f.id].clone()).or_default().extend(row);
        }
    }
    assert_eq!(
        by_id.len(),
        ids.len(),
        "{}: one truth row per lead",
        f.export
    );
    ids.iter()
        .map(|id| {
            by_id
                .remove(id)
                .unwrap_or_else(|| panic!("{}: no truth for lead {id}", f.export))
        })
        .collect()
}

/// The export read with the suggested mapping (the scenario maps nothing), and its truth.
fn imported(f: &Fixture) -> (Imported, Vec<Truth>) {
    let imported = import(&read(f.export), &CsvOptions::default(), &Mapping::default())
        .unwrap_or_else(|e| panic!("{}: {e}", f.export));
    assert!(imported.suggested);
    let ids: Vec<String> = texts(&imported.leads.table, f.id);
    let truth = truth(f, &ids);
    (imported, truth)
}

/// A column's values as the truth files write them: empty for no value, whole numbers without
/// a fraction ("250").
fn texts(table: &LeadTable, column: &str) -> Vec<String> {
    let c = table
        .column_index(column)
        .unwrap_or_else(|| panic!("no column {column}"));
    table.column_values(c).map(Value::to_string).collect()
}

fn converted_in_truth(truth: &[Truth]) -> Vec<bool> {
    truth
        .iter()
        .map(|t| match t["converted"].as_str() {
            "1" => true,
            "0" => false,
            other => panic!("converted is {other:?}"),
        })
        .collect()
}

#[test]
fn the_suggested_mapping_reads_the_usual_columns() {
    for f in [&HUBSPOT, &SALESFORCE] {
        let (imported, _) = imported(f);
        let got: Vec<(&str, &str)> = imported
            .mapping
            .fields
            .iter()
            .map(|m| (m.field.as_str(), m.column.as_str()))
            .collect();
        assert_eq!(got, f.mapping, "{}", f.export);
        let outcome = imported.mapping.outcome.as_ref().expect("an outcome");
        assert_eq!(outcome.column, f.outcome_column, "{}", f.export);
        // A field whose values all fell through would be named in a note.
        assert!(
            !imported.notes.iter().any(|n| n.starts_with("no value")),
            "{}: {:?}",
            f.export,
            imported.notes
        );
    }
}

#[test]
fn mapped_values_agree_with_what_the_generator_meant() {
    for f in [&HUBSPOT, &SALESFORCE] {
        let (imported, truth) = imported(f);
        let table = &imported.leads.table;
        let titles = texts(table, f.title);
        let mapped: Vec<Vec<String>> = FIELDS.iter().map(|field| texts(table, field)).collect();
        let mut agreeing = 0;
        for (i, t) in truth.iter().enumerate() {
            let mut all = true;
            for (field, values) in FIELDS.iter().zip(&mapped) {
                if values[i] == t[*field] {
                    continue;
                }
                all = false;
                assert!(
                    *field == "seniority" && f.ambiguous_titles.contains(&titles[i].as_str()),
                    "{} lead {} ({} {:?}): {field} is {:?}, the truth says {:?}",
                    f.export,
                    t[f.id],
                    f.title,
                    titles[i],
                    values[i],
                    t[*field]
                );
            }
            agreeing += usize::from(all);
        }
        let share = agreeing as f64 / truth.len() as f64;
        println!(
            "{}: {agreeing} of {} leads agree on every mapped field ({:.1} %)",
            f.export,
            truth.len(),
            share * 100.0
        );
        if f.ambiguous_titles.is_empty() {
            assert_eq!(agreeing, truth.len(), "{}", f.export);
        } else {
            assert!(share >= 0.9, "{}: {share}", f.export);
        }
    }
}

#[test]
fn the_suggested_outcome_is_the_truth_for_every_lead() {
    for f in [&HUBSPOT, &SALESFORCE] {
        let (imported, truth) = imported(f);
        let want = converted_in_truth(&truth);
        let outcomes = imported.outcomes.as_ref().expect("outcomes");
        assert_eq!(outcomes.column, f.outcome_column);
        assert_eq!(outcomes.converted, want, "{}", f.export);
        assert!(outcomes.successes() > 0 && outcomes.successes() < want.len());
    }
    // Salesforce's status, named as the outcome on the command line, says the same as its flag.
    let (imported, truth) = imported(&SALESFORCE);
    let table = &imported.leads.table;
    let by_status = Mapping {
        types: Vec::new(),
        fields: vec![],
        outcome: Some(outcome_from(table, "Lead Status", &[]).unwrap()),
    };
    assert_eq!(
        by_status.outcomes(table).unwrap().unwrap().converted,
        converted_in_truth(&truth)
    );
}

#[test]
fn a_fitted_model_ranks_held_out_leads_nearly_as_well_as_the_truth() {
    for f in [&HUBSPOT, &SALESFORCE] {
        let (imported, truth) = imported(f);
        let table = &imported.leads.table;
        let converted = imported.outcomes.as_ref().unwrap().converted.clone();
        // As `funnel-lab fit` does: seed 0, nothing learnt from the outcome or what follows it.
        let options = FitOptions {
            exclude: imported.mapping.not_predictors(table),
            ..FitOptions::default()
        };
        let fitted = fit(table, &converted, &options).unwrap();
        for r in &fitted.rules {
            assert!(
                !options
                    .exclude
                    .iter()
                    .any(|e| e.eq_ignore_ascii_case(&r.field)),
                "{}: rule {} reads an excluded column",
                f.export,
                r.name
            );
        }
        let held = held_out(table.len(), &options);
        let idx: Vec<usize> = (0..table.len()).filter(|&i| held[i]).collect();
        let p: Vec<f64> = idx
            .iter()
            .map(|&i| truth[i][f.probability].parse().unwrap())
            .collect();
        let y: Vec<bool> = idx.iter().map(|&i| converted[i]).collect();
        let oracle = auc(&p, &y).unwrap();
        let b = fitted.held_out.as_ref().expect("a held-out backtest");
        assert_eq!(b.leads, idx.len());
        println!(
            "{}: held-out AUC {:.3} on {} leads, oracle {oracle:.3}",
            f.export, b.auc, b.leads
        );
        assert!(
            (b.auc - oracle).abs() < 0.05,
            "{}: fitted {} vs oracle {oracle}",
            f.export,
            b.auc
        );
    }
}
