//! The Salesforce-shaped fixture (crates/engine/tests/fixtures/crm/salesforce_leads.csv) through
//! the real `funnel-lab` binary: scored with the default preset through the suggested mapping,
//! backtested against its Converted flag, and fitted into a scenario the other commands take.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

const SALESFORCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../engine/tests/fixtures/crm/salesforce_leads.csv"
);

/// Leads in the fixture.
const LEADS: usize = 1500;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn ok(self) -> Self {
        assert_eq!(self.code, Some(0), "exit code; stderr:\n{}", self.stderr);
        self
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_funnel-lab"))
        .args(args)
        .output()
        .expect("the funnel-lab binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A file under the temp dir for one test, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(test: &str, contents: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "funnel-lab-salesforce-{}-{test}.json",
            std::process::id()
        ));
        std::fs::write(&path, contents).expect("write a temp file");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("the temp dir path is UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `funnel-lab preset default`, written to a temp file.
fn default_preset(test: &str) -> TempFile {
    TempFile::new(test, &run(&["preset", "default"]).ok().stdout)
}

/// The AUC figure in "held-out backtest: AUC 0.745 on 460 leads …".
fn held_out_auc(stderr: &str) -> f64 {
    let after = stderr
        .split("held-out backtest: AUC ")
        .nth(1)
        .unwrap_or_else(|| panic!("no held-out AUC on stderr:\n{stderr}"));
    after
        .split_whitespace()
        .next()
        .and_then(|x| x.parse().ok())
        .unwrap_or_else(|| panic!("the held-out AUC is not a number:\n{stderr}"))
}

#[test]
fn score_maps_the_export_and_some_leads_are_mqls() {
    let scenario = default_preset("score");
    let r = run(&["score", scenario.path(), "--leads", SALESFORCE]).ok();
    assert!(
        r.stderr
            .contains("the scenario maps no column, so the usual export headers were mapped"),
        "{}",
        r.stderr
    );
    for pair in [
        "industry <- Industry",
        "company_size <- No. of Employees",
        "seniority <- Title",
        "region <- Country",
        "channel <- Lead Source",
    ] {
        assert!(r.stderr.contains(pair), "no {pair:?} in:\n{}", r.stderr);
    }
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    let (mql, company) = (col("mql"), col("Company / Account"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), LEADS);
    let mqls = rows.iter().filter(|r| &r[mql] == "true").count();
    assert!(mqls > 0 && mqls < LEADS, "{mqls} MQLs");
    // A quoted company name with a comma stays one cell.
    assert!(rows.iter().any(|r| &r[company] == "Smith, Barney & Co."));
}

#[test]
fn backtest_against_the_converted_flag() {
    let scenario = default_preset("backtest");
    let r = run(&["backtest", scenario.path(), "--leads", SALESFORCE]).ok();
    assert!(
        r.stderr.contains("outcome from column Converted"),
        "{}",
        r.stderr
    );
    let b = r.json();
    assert_eq!(b["leads"], LEADS);
    assert_eq!(b["outcome_column"], "Converted");
    let auc = b["auc"].as_f64().unwrap();
    assert!(auc > 0.5 && auc < 1.0, "{auc}");
    assert_eq!(b["deciles"].as_array().unwrap().len(), 10);
    // The status column, named instead, marks the same leads.
    let by_status = run(&[
        "backtest",
        scenario.path(),
        "--leads",
        SALESFORCE,
        "--outcome",
        "Lead Status",
    ])
    .ok()
    .json();
    assert_eq!(by_status["converters"], b["converters"]);
    assert_eq!(by_status["auc"], b["auc"]);
}

#[test]
fn fit_prints_a_scenario_that_backtest_and_simulate_take() {
    let r = run(&["fit", "--leads", SALESFORCE, "--outcome", "Converted"]).ok();
    let auc = held_out_auc(&r.stderr);
    println!("held-out AUC of the fit: {auc:.3}");
    assert!(auc > 0.6 && auc < 1.0, "{auc}");
    let fitted_json: Value = r.json();
    let description = fitted_json["description"].as_str().unwrap();
    assert!(
        description.contains(&format!("held-out AUC {auc:.3}")),
        "{description}"
    );
    let fitted = TempFile::new("fitted", &r.stdout);

    let b = run(&["backtest", fitted.path(), "--leads", SALESFORCE])
        .ok()
        .json();
    assert_eq!(b["leads"], LEADS);
    assert!(b["auc"].as_f64().unwrap() > 0.6, "{b:#}");

    let report = run(&[
        "simulate",
        fitted.path(),
        "--leads",
        SALESFORCE,
        "--trials",
        "50",
    ])
    .ok()
    .json();
    assert_eq!(report["trials"], 50);
    let mqls = report["metrics"]["mqls"]["mean"].as_f64().unwrap();
    assert!(mqls > 0.0, "{mqls}");
}
