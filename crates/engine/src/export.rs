//! What leaves Funnel Lab as CSV, the same from the command line and the page: leads (as
//! generated, or scored with the rules that fired) and every trial's results, for an audit
//! trail. Every cell a spreadsheet would run as a formula is written as text
//! ([`spreadsheet_safe`]), headers and rule names included.

use std::io::Write;

use crate::csv_leads::{format_timestamp, spreadsheet_safe};
use crate::leads::{FieldKind, LeadTable, Value};
use crate::metrics::{TrialMetrics, TrialOutcome};
use crate::scoring::{Scorer, ScoringModel};

/// The columns `score` adds after a lead's own.
pub const SCORED_COLUMNS: [&str; 6] = ["fit", "engagement", "score", "grade", "mql", "rules"];

fn cell(v: &Value, kind: FieldKind) -> String {
    match (v, kind) {
        (Value::Number(m), FieldKind::Time) => format_timestamp(*m as i64),
        (Value::Text(t), _) => spreadsheet_safe(t).into_owned(),
        _ => v.to_string(),
    }
}

fn safe(cells: impl IntoIterator<Item = String>) -> Vec<String> {
    cells
        .into_iter()
        .map(|c| spreadsheet_safe(&c).into_owned())
        .collect()
}

/// The leads as CSV, each row followed by `extra(i)` under `extra_header`. The extra cells go
/// out as given: the caller makes its text cells safe, so that a negative number stays one.
pub fn write_leads<W: Write>(
    out: W,
    table: &LeadTable,
    extra_header: &[&str],
    mut extra: impl FnMut(usize) -> Vec<String>,
) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(out);
    let header = table
        .columns()
        .iter()
        .map(|c| c.name.clone())
        .chain(extra_header.iter().map(|h| h.to_string()));
    out.write_record(safe(header))?;
    for (i, row) in table.rows().enumerate() {
        let mut record: Vec<String> = row
            .iter()
            .zip(table.columns())
            .map(|(v, c)| cell(v, c.kind))
            .collect();
        record.extend(extra(i));
        out.write_record(&record)?;
    }
    out.flush()?;
    Ok(())
}

/// Two decimals at most, as a person would write a score.
fn round(x: f64) -> String {
    format!("{}", (x * 100.0).round() / 100.0)
}

/// The leads scored by `model`: each lead's columns, then fit, engagement, score, grade,
/// whether it is an MQL, and the rules that fired with their points.
pub fn write_scored_leads<W: Write>(
    out: W,
    model: &ScoringModel,
    table: &LeadTable,
) -> csv::Result<()> {
    let scorer = Scorer::new(model, table);
    write_leads(out, table, &SCORED_COLUMNS, |i| {
        let (s, lines) = scorer.explain(table.row(i));
        let rules = lines
            .iter()
            .map(|l| format!("{} ({:+})", l.label, (l.points * 100.0).round() / 100.0))
            .collect::<Vec<_>>()
            .join("; ");
        vec![
            round(s.fit),
            round(s.engagement),
            round(s.total),
            s.grade.to_string(),
            s.mql.to_string(),
            spreadsheet_safe(&rules).into_owned(),
        ]
    })
}

/// One row per trial: the seed, the trial's number and every metric of [`TrialMetrics`], in
/// full precision (a metric a trial cannot define, such as a win rate without deals, is
/// empty). With the scenario and the seed, anyone can rerun a row and get the same numbers.
pub fn write_trials<W: Write>(
    out: W,
    seed: u64,
    first_trial: u32,
    outcomes: &[TrialOutcome],
) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(out);
    let header = ["seed", "trial"]
        .into_iter()
        .chain(TrialMetrics::NAMES.iter().copied());
    out.write_record(header)?;
    for (k, t) in outcomes.iter().enumerate() {
        let mut record = vec![
            seed.to_string(),
            (first_trial as u64 + k as u64).to_string(),
        ];
        record.extend(t.metrics.values().into_iter().map(|v| {
            if v.is_finite() {
                v.to_string()
            } else {
                String::new()
            }
        }));
        out.write_record(&record)?;
    }
    out.flush()?;
    Ok(())
}

/// [`write_scored_leads`] into a string, for the page's download.
pub fn scored_leads_csv(model: &ScoringModel, table: &LeadTable) -> String {
    let mut buf = Vec::new();
    write_scored_leads(&mut buf, model, table).expect("writing CSV into memory cannot fail");
    String::from_utf8(buf).expect("the CSV writer writes the UTF-8 it is given")
}

/// [`write_trials`] into a string, for the page's download.
pub fn trials_csv(seed: u64, outcomes: &[TrialOutcome]) -> String {
    let mut buf = Vec::new();
    write_trials(&mut buf, seed, 0, outcomes).expect("writing CSV into memory cannot fail");
    String::from_utf8(buf).expect("the CSV writer writes the UTF-8 it is given")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leads::Column;
    use crate::presets;
    use crate::sim::{prepare, run_trials, scenario_sample};

    fn read(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn formula_cells_are_text_in_headers_values_and_rules() {
        let table = LeadTable::new(
            vec![Column {
                name: "=HYPERLINK(\"x\")".into(),
                kind: FieldKind::Text,
            }],
            vec![vec![Value::Text("@SUM(A1)".into())]],
            vec![0.0],
        )
        .unwrap();
        let mut model = presets::preset("default").unwrap().scoring;
        model.rules[0].name = "+1 for all".into();
        model.rules[0].field = "=HYPERLINK(\"x\")".into();
        model.rules[0].when = crate::conditions::Condition::Present;
        let rows = read(&scored_leads_csv(&model, &table));
        assert_eq!(rows[0][0], "'=HYPERLINK(\"x\")");
        assert_eq!(rows[1][0], "'@SUM(A1)");
        let rules = rows[1].last().unwrap();
        assert!(rules.starts_with("'+1 for all ("), "{rules}");
        assert_eq!(rows[0].len(), 1 + SCORED_COLUMNS.len());
        // A negative score is a number, not a formula.
        model.rules[0].points = -5.0;
        let rows = read(&scored_leads_csv(&model, &table));
        let score = SCORED_COLUMNS.iter().position(|c| *c == "score").unwrap() + 1;
        assert_eq!(rows[1][score], "-5");
    }

    #[test]
    fn trials_read_back_as_the_metrics_they_were() {
        let s = presets::preset("default").unwrap();
        let p = prepare(&s, &scenario_sample(&s).unwrap()).unwrap();
        let outcomes = run_trials(&p, 7, 0..5);
        let rows = read(&trials_csv(7, &outcomes));
        assert_eq!(rows.len(), 6);
        assert_eq!(rows[0][..2], ["seed", "trial"]);
        assert_eq!(rows[0].len(), 2 + TrialMetrics::NAMES.len());
        for (k, (row, t)) in rows[1..].iter().zip(&outcomes).enumerate() {
            assert_eq!(row[0], "7");
            assert_eq!(row[1], k.to_string());
            for (cell, v) in row[2..].iter().zip(t.metrics.values()) {
                if v.is_finite() {
                    assert_eq!(cell.parse::<f64>().unwrap(), v, "bit for bit");
                } else {
                    assert!(cell.is_empty());
                }
            }
        }
    }
}
