//! The `funnel-lab` command line, driven as a user or a CI script drives it: the real binary,
//! real files, exit codes and stdout/stderr. Exit codes: 0 success, 2 bad input, 1 other.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

const PRESETS: [&str; 3] = ["default", "siloed", "aligned"];

/// The funnel stages, widest first.
const FUNNEL: [&str; 6] = ["leads", "mqls", "sals", "sqls", "opportunities", "won"];

/// Metrics every report must carry, each with mean/p05/p50/p95.
const METRICS: [&str; 14] = [
    "leads",
    "mqls",
    "sals",
    "sqls",
    "opportunities",
    "won",
    "revenue",
    "mql_to_sql_rate",
    "acceptance_rate",
    "win_rate",
    "cycle_days",
    "pipeline_velocity",
    "sla_compliance",
    "response_minutes",
];

/// Metrics that are shares, so within [0, 1].
const RATES: [&str; 4] = [
    "mql_to_sql_rate",
    "acceptance_rate",
    "win_rate",
    "sla_compliance",
];

/// Columns `score` appends to the leads, in this order.
const SCORE_COLUMNS: [&str; 6] = ["fit", "engagement", "score", "grade", "mql", "rules"];

/// A hand-written CRM export: 20 leads, header on line 1, so lead `i` (from 1) is on line `i + 1`.
const SMALL_CSV: &str = "\
created_at,industry,company_size,region,seniority,demo_requested,pricing_page_visits,web_visits,email_domain,is_competitor,days_since_last_activity
2026-02-02 09:15,software,5,north_america,vp,true,0,0,business,false,0
2026-02-03 10:15,healthcare,50,emea,manager,false,1,1,business,false,1
2026-02-04 11:15,retail,250,apac,individual,false,2,2,business,false,2
2026-02-05 12:15,manufacturing,2500,latam,director,true,3,3,business,false,3
2026-02-06 13:15,software,5,north_america,vp,false,4,4,personal,false,4
2026-02-07 14:15,healthcare,50,emea,manager,false,0,5,business,false,5
2026-02-08 15:15,retail,250,apac,individual,true,1,6,business,false,6
2026-02-09 16:15,manufacturing,2500,latam,director,false,2,0,business,false,7
2026-02-10 09:15,software,5,north_america,vp,false,3,1,business,false,8
2026-02-11 10:15,healthcare,50,emea,manager,true,4,2,business,true,9
2026-02-12 11:15,retail,250,apac,individual,false,0,3,business,false,0
2026-02-13 12:15,manufacturing,2500,latam,director,false,1,4,business,false,1
2026-02-14 13:15,software,5,north_america,vp,true,2,5,business,false,2
2026-02-15 14:15,healthcare,50,emea,manager,false,3,6,edu,false,3
2026-02-16 15:15,retail,250,apac,individual,false,4,0,business,false,4
2026-02-17 16:15,manufacturing,2500,latam,director,true,0,1,business,false,5
2026-02-18 09:15,software,1200,north_america,c_level,true,5,2,business,false,6
2026-02-19 10:15,healthcare,400,emea,vp,false,1,3,business,false,7
2026-02-20 11:15,financial_services,800,north_america,director,true,6,4,business,false,8
2026-02-21 12:15,software,3000,emea,c_level,true,7,5,business,false,9
";

/// What one run of the binary gave back.
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    /// Asserts exit 0 and returns the run.
    fn ok(self) -> Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success; stderr:\n{}",
            self.stderr
        );
        self
    }

    fn stdout(&self) -> &str {
        std::str::from_utf8(&self.stdout).expect("stdout is UTF-8")
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}",
                String::from_utf8_lossy(&self.stdout)
            )
        })
    }

    /// Asserts the run was rejected as bad input: exit 2, nothing on stdout, one clear message on
    /// stderr (no panic) that contains every one of `needles`.
    fn bad_input(&self, needles: &[&str]) {
        assert_eq!(
            self.code,
            Some(2),
            "expected exit 2 (bad input); stderr:\n{}",
            self.stderr
        );
        assert!(
            self.stdout.is_empty(),
            "bad input printed to stdout:\n{}",
            String::from_utf8_lossy(&self.stdout)
        );
        assert!(
            !self.stderr.contains("panicked"),
            "bad input panicked:\n{}",
            self.stderr
        );
        assert!(
            self.stderr.starts_with("funnel-lab: ") && self.stderr.trim().len() > 20,
            "no clear message on stderr:\n{}",
            self.stderr
        );
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr does not mention {needle:?}:\n{}",
                self.stderr
            );
        }
    }
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_funnel-lab"))
        .args(args)
        .output()
        .expect("the funnel-lab binary runs");
    Run {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A folder of its own under the system temp dir for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "funnel-lab-cli-test-{}-{}-{test}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the scratch folder");
        Scratch(dir)
    }

    /// The path of `name` in this folder, as a string for the command line.
    fn path(&self, name: &str) -> String {
        self.0
            .join(name)
            .to_str()
            .expect("the temp dir path is UTF-8")
            .to_string()
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("write a scratch file");
        path
    }

    fn write_json(&self, name: &str, value: &Value) -> String {
        self.write(name, serde_json::to_string_pretty(value).unwrap())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn preset(name: &str) -> Value {
    run(&["preset", name]).ok().json()
}

/// Writes preset `name` into `scratch` and returns its path.
fn preset_file(scratch: &Scratch, name: &str) -> String {
    scratch.write_json(&format!("{name}.json"), &preset(name))
}

fn simulate(scenario: &str, extra: &[&str]) -> Value {
    let mut args = vec!["simulate", scenario];
    args.extend_from_slice(extra);
    run(&args).ok().json()
}

fn metric<'a>(report: &'a Value, name: &str) -> &'a Value {
    let m = &report["metrics"][name];
    assert!(m.is_object(), "report has no metric {name}: {report:#}");
    m
}

fn stat(report: &Value, name: &str, which: &str) -> f64 {
    metric(report, name)[which]
        .as_f64()
        .unwrap_or_else(|| panic!("metric {name} has no number {which}"))
}

fn read_csv(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader
        .headers()
        .expect("a CSV header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.expect("a CSV row").iter().map(String::from).collect())
        .collect();
    (header, rows)
}

// Each preset prints a complete scenario that the simulator accepts; unknown names are refused.
mod presets {
    use super::*;

    #[test]
    fn each_preset_prints_json_that_simulate_accepts() {
        let scratch = Scratch::new("presets_accepted");
        for name in PRESETS {
            let scenario = preset(name);
            assert_eq!(scenario["name"], name, "preset {name} names itself");
            let path = scratch.write(&format!("{name}.json"), run(&["preset", name]).stdout);
            let report = simulate(&path, &["--trials", "20", "--seed", "4"]);
            assert_eq!(report["trials"], 20, "preset {name}");
        }
    }

    #[test]
    fn unknown_preset_is_bad_input_naming_the_known_ones() {
        run(&["preset", "nope"]).bad_input(&["nope", "default", "siloed", "aligned"]);
    }

    #[test]
    fn preset_without_a_name_is_bad_input() {
        run(&["preset"]).bad_input(&["default", "siloed", "aligned"]);
    }
}

// The report's shape: the metrics with their quantiles, a funnel that narrows, rates that are rates.
mod report {
    use super::*;

    #[test]
    fn has_every_metric_with_ordered_quantiles() {
        let scratch = Scratch::new("report_metrics");
        let scenario = preset_file(&scratch, "default");
        let report = simulate(&scenario, &["--trials", "40", "--seed", "11"]);
        for name in METRICS {
            let [mean, p05, p50, p95] =
                ["mean", "p05", "p50", "p95"].map(|q| stat(&report, name, q));
            for x in [mean, p05, p50, p95] {
                assert!(
                    x.is_finite(),
                    "{name} is not finite: {}",
                    metric(&report, name)
                );
            }
            assert!(
                p05 <= p50 && p50 <= p95,
                "{name} quantiles out of order: {}",
                metric(&report, name)
            );
        }
    }

    #[test]
    fn funnel_means_never_widen() {
        let scratch = Scratch::new("report_funnel");
        for name in PRESETS {
            let scenario = preset_file(&scratch, name);
            let report = simulate(&scenario, &["--trials", "30", "--seed", "2"]);
            for pair in FUNNEL.windows(2) {
                let (wide, narrow) = (
                    stat(&report, pair[0], "mean"),
                    stat(&report, pair[1], "mean"),
                );
                assert!(
                    narrow <= wide + 1e-9,
                    "preset {name}: {} ({narrow}) > {} ({wide})",
                    pair[1],
                    pair[0]
                );
            }
            assert!(
                stat(&report, "leads", "mean") > 0.0,
                "preset {name} has no leads"
            );
        }
    }

    #[test]
    fn rates_lie_within_zero_and_one() {
        let scratch = Scratch::new("report_rates");
        for name in PRESETS {
            let scenario = preset_file(&scratch, name);
            let report = simulate(&scenario, &["--trials", "30", "--seed", "5"]);
            for rate in RATES {
                for q in ["p05", "p50", "p95"] {
                    let x = stat(&report, rate, q);
                    assert!((0.0..=1.0).contains(&x), "preset {name}: {rate}.{q} = {x}");
                }
                let mean = stat(&report, rate, "mean");
                assert!(
                    (-1e-9..=1.0 + 1e-9).contains(&mean),
                    "preset {name}: {rate}.mean = {mean}"
                );
            }
        }
    }

    #[test]
    fn trials_and_seed_fields_echo_the_flags() {
        let scratch = Scratch::new("report_trials");
        let scenario = preset_file(&scratch, "default");
        for (trials, seed) in [(20, 3), (37, 99)] {
            let report = simulate(
                &scenario,
                &["--trials", &trials.to_string(), "--seed", &seed.to_string()],
            );
            assert_eq!(report["trials"], trials);
            assert_eq!(report["seed"], seed);
        }
    }
}

// Same scenario and seed give the same bytes, whatever the thread count; another seed differs.
mod determinism {
    use super::*;

    #[test]
    fn same_seed_gives_byte_identical_reports() {
        let scratch = Scratch::new("determinism_same_seed");
        let scenario = preset_file(&scratch, "default");
        let args = ["simulate", &scenario, "--trials", "50", "--seed", "7"];
        let first = run(&args).ok();
        let second = run(&args).ok();
        assert!(first.stdout == second.stdout, "same seed, different report");
    }

    #[test]
    fn thread_count_does_not_change_the_report() {
        let scratch = Scratch::new("determinism_threads");
        let scenario = preset_file(&scratch, "default");
        let with_threads = |t: &str| {
            run(&[
                "simulate",
                &scenario,
                "--trials",
                "100",
                "--seed",
                "5",
                "--threads",
                t,
            ])
            .ok()
            .stdout
        };
        let one = with_threads("1");
        assert!(
            one == with_threads("2"),
            "--threads 2 differs from --threads 1"
        );
        assert!(
            one == with_threads("7"),
            "--threads 7 differs from --threads 1"
        );
    }

    #[test]
    fn different_seed_gives_a_different_digest() {
        let scratch = Scratch::new("determinism_other_seed");
        let scenario = preset_file(&scratch, "default");
        let a = simulate(&scenario, &["--trials", "50", "--seed", "7"]);
        let b = simulate(&scenario, &["--trials", "50", "--seed", "8"]);
        let (da, db) = (&a["digest"], &b["digest"]);
        assert!(da.is_string() && db.is_string(), "reports carry a digest");
        assert_ne!(da, db, "seeds 7 and 8 give the same digest");
    }
}

// Agreed definitions and fast routing (aligned) beat the siloed team on speed and SQLs.
mod siloed_vs_aligned {
    use super::*;

    #[test]
    fn aligned_responds_faster_and_makes_more_sqls() {
        let scratch = Scratch::new("siloed_vs_aligned");
        let args = ["--trials", "60", "--seed", "1"];
        let siloed = simulate(&preset_file(&scratch, "siloed"), &args);
        let aligned = simulate(&preset_file(&scratch, "aligned"), &args);
        let (s, a) = (
            stat(&siloed, "response_minutes", "p50"),
            stat(&aligned, "response_minutes", "p50"),
        );
        assert!(
            a < s,
            "aligned median response {a} min is not below siloed {s} min"
        );
        let (s, a) = (
            stat(&siloed, "sqls", "mean"),
            stat(&aligned, "sqls", "mean"),
        );
        assert!(a > s, "aligned mean SQLs {a} is not above siloed {s}");
    }
}

// Bad scenarios and arguments exit 2 with one message naming what is wrong, never a panic.
mod bad_input {
    use super::*;

    #[test]
    fn wrong_types_name_the_field() {
        let scratch = Scratch::new("bad_types");
        let path = scratch.write("bad.json", r#"{"scoring": "nonsense", "trials": -3}"#);
        run(&["simulate", &path]).bad_input(&["scoring"]);
    }

    #[test]
    fn negative_rep_capacity_names_the_path() {
        let scratch = Scratch::new("bad_capacity");
        let mut scenario = preset("default");
        scenario["process"]["reps"][0]["touches_per_day"] = json!(-1);
        let path = scratch.write_json("negative.json", &scenario);
        // The path for scripts, then the message in the user's words.
        run(&["simulate", &path, "--trials", "20"]).bad_input(&[
            "process.reps[0].touches_per_day: the first touches per day of rep",
            "must be more than 0 and at most 10,000, not −1",
        ]);
    }

    #[test]
    fn invalid_json_mentions_the_line() {
        let scratch = Scratch::new("bad_json");
        let path = scratch.write(
            "invalid.json",
            "{\n  \"name\": \"x\",\n  \"trials\": 5,\n}\n",
        );
        run(&["simulate", &path]).bad_input(&["invalid.json", "line"]);
    }

    #[test]
    fn missing_file() {
        let scratch = Scratch::new("bad_missing");
        let path = scratch.path("nowhere.json");
        run(&["simulate", &path]).bad_input(&["nowhere.json"]);
    }

    #[test]
    fn non_utf8_file() {
        let scratch = Scratch::new("bad_utf8");
        let path = scratch.write("latin1.json", b"{\"name\": \"caf\xe9\"}\n");
        run(&["simulate", &path]).bad_input(&["latin1.json", "UTF-8"]);
    }

    #[test]
    fn empty_file() {
        let scratch = Scratch::new("bad_empty");
        let path = scratch.write("empty.json", "");
        run(&["simulate", &path]).bad_input(&["empty.json"]);
    }

    #[test]
    fn bad_numbers_on_the_command_line() {
        let scratch = Scratch::new("bad_numbers");
        let scenario = preset_file(&scratch, "default");
        let cases: [(&str, &str, &[&str]); 4] = [
            ("--trials", "0", &["--trials", "0"]),
            ("--trials", "abc", &["--trials", "abc"]),
            ("--seed", "-1", &["--seed", "-1"]),
            ("--threads", "0", &["--threads"]),
        ];
        for (flag, value, needles) in cases {
            run(&["simulate", &scenario, flag, value]).bad_input(needles);
        }
    }

    #[test]
    fn unknown_command() {
        run(&["frobnicate"]).bad_input(&["frobnicate"]);
    }

    #[test]
    fn unknown_flag() {
        let scratch = Scratch::new("bad_flag");
        let scenario = preset_file(&scratch, "default");
        run(&["simulate", &scenario, "--bogus"]).bad_input(&["--bogus"]);
    }

    #[test]
    fn no_command_and_missing_scenario_argument() {
        run(&[]).bad_input(&["no command"]);
        run(&["simulate"]).bad_input(&["scenario file"]);
    }
}

// Leads as CSV: printing the sample, scoring a file, simulating over one, and refusing bad files.
mod csv_leads {
    use super::*;

    #[test]
    fn leads_prints_the_generated_sample() {
        let scratch = Scratch::new("csv_leads_sample");
        let scenario = preset_file(&scratch, "default");
        let printed = run(&["leads", &scenario]).ok();
        let (header, rows) = read_csv(printed.stdout());
        for column in [
            "created_at",
            "industry",
            "company_size",
            "region",
            "seniority",
        ] {
            assert!(
                header.iter().any(|h| h == column),
                "no column {column}: {header:?}"
            );
        }
        assert!(rows.iter().all(|r| r.len() == header.len()));
        // The same sample `simulate` runs over.
        let report = simulate(&scenario, &["--trials", "20"]);
        assert_eq!(rows.len() as f64, stat(&report, "leads", "mean"));
    }

    #[test]
    fn score_appends_the_scores_to_the_sample() {
        let scratch = Scratch::new("csv_score_sample");
        let scenario_json = preset("default");
        let scenario = scratch.write_json("default.json", &scenario_json);
        let sample = run(&["leads", &scenario]).ok();
        let leads = scratch.write("leads.csv", &sample.stdout);
        let scored = run(&["score", &scenario, "--leads", &leads]).ok();

        let (in_header, in_rows) = read_csv(sample.stdout());
        let (header, rows) = read_csv(scored.stdout());
        let mut expected = in_header.clone();
        expected.extend(SCORE_COLUMNS.map(String::from));
        assert_eq!(header, expected);
        assert_eq!(rows.len(), in_rows.len(), "one scored row per lead");
        let n = in_header.len();
        for (i, (row, original)) in rows.iter().zip(&in_rows).enumerate() {
            assert_eq!(
                &row[..n],
                &original[..],
                "row {i}: original columns changed"
            );
        }

        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (score, mql) = (col("score"), col("mql"));
        let mqls = rows.iter().filter(|r| r[mql] == "true").count();
        assert!(
            rows.iter().all(|r| r[mql] == "true" || r[mql] == "false"),
            "mql is true or false"
        );
        assert!(
            mqls > 0 && mqls < rows.len(),
            "{mqls} of {} are MQLs",
            rows.len()
        );

        let qualify = &scenario_json["scoring"]["qualify"];
        assert_eq!(
            qualify["by"], "score",
            "the default preset qualifies by score"
        );
        let threshold = qualify["threshold"].as_f64().expect("a numeric threshold");
        for (i, r) in rows.iter().enumerate() {
            let s: f64 = r[score].parse().expect("score is a number");
            assert_eq!(
                s >= threshold,
                r[mql] == "true",
                "row {i}: score {s}, threshold {threshold}, mql {}",
                r[mql]
            );
        }
    }

    #[test]
    fn rule_on_a_missing_field_warns_but_succeeds() {
        let scratch = Scratch::new("csv_missing_field");
        let mut scenario = preset("default");
        scenario["scoring"]["rules"]
            .as_array_mut()
            .expect("scoring.rules is a list")
            .push(json!({
                "name": "Budget confirmed",
                "kind": "fit",
                "field": "budget_confirmed",
                "when": {"is": "equals", "value": true},
                "points": 10.0
            }));
        let scenario = scratch.write_json("budget.json", &scenario);
        let leads = scratch.write("small.csv", SMALL_CSV);
        for args in [
            vec!["score", &scenario, "--leads", &leads],
            vec!["simulate", &scenario, "--leads", &leads, "--trials", "20"],
        ] {
            let out = run(&args).ok();
            let warning = out
                .stderr
                .lines()
                .find(|l| l.contains("budget_confirmed"))
                .unwrap_or_else(|| {
                    panic!("{}: no warning naming the field:\n{}", args[0], out.stderr)
                });
            assert!(warning.contains("warning"), "{warning}");
            assert!(!out.stdout.is_empty());
        }
    }

    #[test]
    fn simulate_over_a_small_hand_written_csv() {
        let scratch = Scratch::new("csv_small_simulate");
        let scenario = preset_file(&scratch, "default");
        let leads = scratch.write("small.csv", SMALL_CSV);
        let report = simulate(
            &scenario,
            &["--leads", &leads, "--trials", "50", "--seed", "3"],
        );
        assert_eq!(report["trials"], 50);
        assert_eq!(stat(&report, "leads", "mean"), 20.0);
        let mqls = stat(&report, "mqls", "mean");
        assert!((0.0..=20.0).contains(&mqls), "mqls {mqls}");
    }

    #[test]
    fn ragged_row_names_its_line() {
        let scratch = Scratch::new("csv_ragged");
        let scenario = preset_file(&scratch, "default");
        let mut lines: Vec<&str> = SMALL_CSV.lines().collect();
        lines[5] = "2026-02-06 13:15,software,5,north_america"; // line 6 of the file
        let leads = scratch.write("ragged.csv", lines.join("\n") + "\n");
        run(&["simulate", &scenario, "--leads", &leads, "--trials", "20"])
            .bad_input(&["ragged.csv", "line 6"]);
        run(&["score", &scenario, "--leads", &leads]).bad_input(&["line 6"]);
    }

    #[test]
    fn bad_date_names_line_and_column() {
        let scratch = Scratch::new("csv_bad_date");
        let scenario = preset_file(&scratch, "default");
        let text = SMALL_CSV.replace("2026-02-08 15:15", "2026-13-45 15:15"); // line 8
        let leads = scratch.write("dates.csv", text);
        run(&["simulate", &scenario, "--leads", &leads, "--trials", "20"]).bad_input(&[
            "line 8",
            "created_at",
            "2026-13-45",
        ]);
    }

    #[test]
    fn unreadable_leads_files_are_bad_input() {
        let scratch = Scratch::new("csv_unreadable");
        let scenario = preset_file(&scratch, "default");
        let missing = scratch.path("absent.csv");
        run(&["simulate", &scenario, "--leads", &missing]).bad_input(&["absent.csv"]);
        let latin1 = scratch.write("latin1.csv", b"industry,region\ncaf\xe9,emea\n");
        run(&["simulate", &scenario, "--leads", &latin1]).bad_input(&["latin1.csv", "UTF-8"]);
        let empty = scratch.write("empty.csv", "");
        run(&["simulate", &scenario, "--leads", &empty]).bad_input(&["empty.csv", "empty"]);
        run(&["score", &scenario]).bad_input(&["--leads"]);
    }
}

// A scenario that imports its leads needs a CSV: refused without --leads, run with one.
mod imported {
    use super::*;

    fn imported_scenario(scratch: &Scratch) -> String {
        let mut scenario = preset("default");
        scenario["leads"] = json!({"source": "imported"});
        scratch.write_json("imported.json", &scenario)
    }

    #[test]
    fn simulate_without_leads_asks_for_them() {
        let scratch = Scratch::new("imported_no_leads");
        let scenario = imported_scenario(&scratch);
        run(&["simulate", &scenario, "--trials", "20"]).bad_input(&["--leads"]);
    }

    #[test]
    fn simulate_with_leads_runs() {
        let scratch = Scratch::new("imported_with_leads");
        let scenario = imported_scenario(&scratch);
        let leads = scratch.write("small.csv", SMALL_CSV);
        let report = simulate(&scenario, &["--leads", &leads, "--trials", "20"]);
        assert_eq!(stat(&report, "leads", "mean"), 20.0);
    }

    #[test]
    fn leads_command_has_no_sample_to_print() {
        let scratch = Scratch::new("imported_leads_cmd");
        let scenario = imported_scenario(&scratch);
        run(&["leads", &scenario]).bad_input(&["imports"]);
    }
}

// Files written by the previous release run, with a note per change; runs that cannot work as
// the user hoped still report, and say why on stderr.
mod notes_and_warnings {
    use super::*;

    /// The previous release's `funnel-lab preset NAME` output (the engine's migration fixtures).
    fn v1_fixture(name: &str) -> String {
        format!(
            "{}/../engine/tests/fixtures/v1/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        )
    }

    /// Lines of stderr that start with `funnel-lab: {kind}: `, without that prefix.
    fn said<'a>(run: &'a Run, kind: &str) -> Vec<&'a str> {
        let prefix = format!("funnel-lab: {kind}: ");
        run.stderr
            .lines()
            .filter_map(|l| l.strip_prefix(prefix.as_str()))
            .collect()
    }

    /// The default preset over a smaller sample (2,100 leads), edited by `edit`.
    fn small_default(scratch: &Scratch, edit: impl Fn(&mut Value)) -> String {
        let mut scenario = preset("default");
        scenario["leads"]["generator"]["leads_per_month"] = json!(700.0);
        edit(&mut scenario);
        scratch.write_json("scenario.json", &scenario)
    }

    #[test]
    fn first_format_file_runs_and_says_what_changed() {
        for name in PRESETS {
            let path = v1_fixture(name);
            let text = std::fs::read_to_string(&path).expect("the fixture exists");
            let notes = funnel_engine::Scenario::load(&text).unwrap().notes;
            assert!(notes.len() >= 5, "{name}: {notes:?}");
            let out = run(&["simulate", &path, "--trials", "3", "--seed", "1"]).ok();
            let expected: Vec<String> = notes.iter().map(|n| format!("{path}: {n}")).collect();
            assert_eq!(said(&out, "note"), expected, "{name}");
            let report = out.json();
            assert_eq!(report["trials"], 3);
            assert_eq!(report["scenario"], name);
        }
        // A current file has nothing to note.
        let scratch = Scratch::new("notes_current");
        let out = run(&[
            "simulate",
            &preset_file(&scratch, "default"),
            "--trials",
            "3",
        ])
        .ok();
        assert!(said(&out, "note").is_empty(), "{}", out.stderr);
    }

    #[test]
    fn no_lead_qualifies_warns_and_still_reports() {
        let scratch = Scratch::new("warn_no_mql");
        let scenario = small_default(&scratch, |s| {
            s["scoring"]["qualify"]["threshold"] = json!(1000.0);
        });
        let out = run(&["simulate", &scenario, "--trials", "5", "--seed", "2"]).ok();
        let warning = "no lead qualifies as an MQL (2100 leads scored): every count below is \
                       zero; lower the threshold or check the rules";
        assert_eq!(said(&out, "warning"), [warning], "{}", out.stderr);
        let report = out.json();
        assert_eq!(report["trials"], 5);
        assert_eq!(report["warnings"], json!([warning]));
        for name in ["mqls", "sqls", "won", "revenue"] {
            assert_eq!(stat(&report, name, "max"), 0.0, "{name}");
        }
    }

    #[test]
    fn an_overloaded_team_is_warned_of_leads_gone_cold() {
        let scratch = Scratch::new("warn_overloaded");
        // The horizon ends 9 days after the last lead: leads that arrived within the 14-day
        // patience of its end are still waiting then, and the older ones have gone cold.
        let scenario = small_default(&scratch, |s| {
            s["horizon"]["close_days"] = json!(100.0);
            for rep in s["process"]["reps"].as_array_mut().unwrap() {
                rep["touches_per_day"] = json!(0.05);
            }
        });
        let out = run(&["simulate", &scenario, "--trials", "5", "--seed", "2"]).ok();
        let warnings = said(&out, "warning");
        assert_eq!(
            warnings,
            [
                "the reps' queue is still growing when the horizon ends: on average 20 MQLs \
                 (4.9 %) are still waiting for a first touch; add reps or first touches per day, \
                 raise the threshold, or lengthen the horizon",
                "on average 368 MQLs (89.3 %) wait past the queue's patience and go cold \
                 without a first touch: the team cannot keep up with this many MQLs",
            ],
            "{}",
            out.stderr
        );
        let report = out.json();
        assert_eq!(
            report["warnings"],
            json!(warnings),
            "the report says it too"
        );
    }
}

mod instruments {
    use super::*;

    fn stdout_text(r: &Run) -> String {
        String::from_utf8(r.stdout.clone()).expect("stdout is UTF-8")
    }

    #[test]
    fn sweep_prints_a_row_per_threshold_and_the_best() {
        let scratch = Scratch::new("sweep");
        let file = preset_file(&scratch, "default");
        let r = run(&[
            "sweep", &file, "--from", "40", "--to", "70", "--step", "15", "--trials", "30",
            "--seed", "3",
        ]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let lines: Vec<Value> = stdout_text(&r)
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect();
        assert_eq!(lines.len(), 4, "three thresholds and the best");
        let thresholds: Vec<f64> = lines[..3]
            .iter()
            .map(|l| l["threshold"].as_f64().unwrap())
            .collect();
        assert_eq!(thresholds, [40.0, 55.0, 70.0]);
        // Each row is exactly `simulate` at its threshold, same trials and seed.
        for row in &lines[..3] {
            let t = row["threshold"].as_f64().unwrap();
            let mut s = preset("default");
            s["scoring"]["qualify"] = json!({ "by": "score", "threshold": t });
            let f = scratch.write_json(&format!("t{t}.json"), &s);
            let report = simulate(&f, &["--trials", "30", "--seed", "3"]);
            assert_eq!(row["digest"], report["digest"], "threshold {t}");
            assert_eq!(row["sqls"]["mean"], report["metrics"]["sqls"]["mean"]);
            for key in [
                "mqls",
                "acceptance_rate",
                "sla_compliance",
                "revenue",
                "rep_load",
            ] {
                assert!(row.get(key).is_some(), "row has {key}: {row}");
            }
        }
        let mqls: Vec<f64> = lines[..3]
            .iter()
            .map(|l| l["mqls"]["mean"].as_f64().unwrap())
            .collect();
        assert!(mqls[0] > mqls[1] && mqls[1] > mqls[2], "{mqls:?}");
        let best = lines[3]["best"]["threshold"].as_f64().unwrap();
        let top = lines[..3]
            .iter()
            .max_by(|a, b| {
                a["revenue"]["mean"]
                    .as_f64()
                    .partial_cmp(&b["revenue"]["mean"].as_f64())
                    .unwrap()
            })
            .unwrap();
        assert_eq!(best, top["threshold"].as_f64().unwrap());
    }

    #[test]
    fn sweep_refuses_a_range_that_is_not_one() {
        let scratch = Scratch::new("sweep-bad");
        let file = preset_file(&scratch, "default");
        run(&["sweep", &file, "--from", "70", "--to", "40", "--step", "5"])
            .bad_input(&["--to must be at least --from"]);
        run(&["sweep", &file, "--from", "0", "--to", "40", "--step", "0"])
            .bad_input(&["--step more than 0"]);
        run(&["sweep", &file, "--from", "0", "--to", "40"]).bad_input(&["--step"]);
        run(&["sweep", &file, "--from", "x", "--to", "40", "--step", "5"])
            .bad_input(&["--from takes a number"]);
        run(&["simulate", &file, "--from", "1"]).bad_input(&["(it belongs to `sweep`)"]);
    }

    #[test]
    fn sensitivity_lists_every_lever_biggest_first() {
        let scratch = Scratch::new("sensitivity");
        let file = preset_file(&scratch, "default");
        let r = run(&["sensitivity", &file, "--trials", "20", "--seed", "2"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let t: Value = serde_json::from_slice(&r.stdout).unwrap();
        let rows = t["rows"].as_array().unwrap();
        let rules = preset("default")["scoring"]["rules"]
            .as_array()
            .unwrap()
            .len();
        assert!(rows.len() >= 10 + rules, "{}", rows.len());
        let swing = |r: &Value| {
            let lo = r["revenue"][0].as_f64().unwrap().abs();
            let hi = r["revenue"][1].as_f64().unwrap().abs();
            lo.max(hi)
        };
        assert!(rows.windows(2).all(|w| swing(&w[0]) >= swing(&w[1])));
        for lever in [
            "MQL threshold",
            "First-response SLA",
            "Reps' capacity",
            "Queue order",
        ] {
            assert!(rows.iter().any(|r| r["lever"] == lever), "{lever}");
        }
        let base = simulate(&file, &["--trials", "20", "--seed", "2"]);
        assert_eq!(t["base_sqls"], base["metrics"]["sqls"]["mean"]);
    }

    #[test]
    fn checklist_says_what_each_check_is_worth() {
        let scratch = Scratch::new("checklist");
        let file = preset_file(&scratch, "default");
        let r = run(&["checklist", &file, "--trials", "20", "--seed", "2"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let c: Value = serde_json::from_slice(&r.stdout).unwrap();
        let checks = c["checks"].as_array().unwrap();
        assert_eq!(checks.len(), 5);
        // The default team routes automatically: failing that check costs SQLs.
        let routing = checks
            .iter()
            .find(|w| w["check"] == "automated_routing")
            .unwrap();
        assert_eq!(routing["passes"], true);
        assert!(
            routing["sqls"]["diff"]["mean"].as_f64().unwrap() < 0.0,
            "{routing}"
        );
    }

    #[test]
    fn target_gives_the_chance_and_what_it_would_take() {
        let scratch = Scratch::new("target");
        let file = preset_file(&scratch, "default");
        let r = run(&[
            "target",
            &file,
            "--revenue",
            "1M",
            "--pipeline",
            "600k",
            "--trials",
            "40",
            "--seed",
            "2",
        ]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let t: Value = serde_json::from_slice(&r.stdout).unwrap();
        let chance = t["revenue"]["chance"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&chance));
        assert_eq!(t["revenue"]["target"], 1e6);
        let stages = t["revenue"]["reverse_funnel"].as_array().unwrap();
        assert_eq!(stages[0]["stage"], "Leads");
        // A far higher target is less likely.
        let r2 = run(&[
            "target",
            &file,
            "--revenue",
            "100M",
            "--trials",
            "40",
            "--seed",
            "2",
        ]);
        let t2: Value = serde_json::from_slice(&r2.stdout).unwrap();
        assert!(t2["revenue"]["chance"].as_f64().unwrap() <= chance);
        run(&["target", &file]).bad_input(&["--revenue"]);
        run(&["target", &file, "--revenue", "lots"]).bad_input(&["--revenue takes an amount"]);
        run(&["simulate", &file, "--revenue", "1M"]).bad_input(&["(it belongs to `target`)"]);
    }

    #[test]
    fn compare_pairs_the_trials_of_each_scenario() {
        let scratch = Scratch::new("compare");
        let a = preset_file(&scratch, "default");
        let b = preset_file(&scratch, "aligned");
        let r = run(&["compare", &a, &b, "--trials", "30", "--seed", "4"]);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        let c: Value = serde_json::from_slice(&r.stdout).unwrap();
        let reports = c["reports"].as_array().unwrap();
        assert_eq!(reports.len(), 2);
        let alone = simulate(&b, &["--trials", "30", "--seed", "4"]);
        assert_eq!(reports[1]["digest"], alone["digest"]);
        let diffs = c["differences"][0].as_array().unwrap();
        let sqls = diffs.iter().find(|d| d["metric"] == "sqls").unwrap();
        let mean_diff = stat(&reports[1], "sqls", "mean") - stat(&reports[0], "sqls", "mean");
        assert!((sqls["diff"]["mean"].as_f64().unwrap() - mean_diff).abs() < 1e-9);
        // The aligned team qualifies more leads in (nearly) every paired trial.
        assert!(sqls["p_b_higher"].as_f64().unwrap() > 0.9, "{sqls}");
        run(&["compare", &a]).bad_input(&["second scenario file"]);
        run(&["simulate", &a, &b]).bad_input(&["unexpected argument"]);
    }
}

// `check`: the scenario's example leads against its scoring model, for CI before a rollout.
mod check {
    use super::*;

    /// A lead of the default sample's shape with every field the default model reads.
    fn lead(industry: &str, size: f64, seniority: &str, demo: bool, days: f64) -> Value {
        json!({
            "industry": industry,
            "company_size": size,
            "seniority": seniority,
            "region": "north_america",
            "email_domain": "business",
            "is_competitor": false,
            "demo_requested": demo,
            "pricing_page_visits": 0,
            "web_visits": 1,
            "webinar_attended": false,
            "content_downloads": 0,
            "email_clicks": 0,
            "days_since_last_activity": days,
        })
    }

    fn holding() -> Vec<Value> {
        vec![
            json!({
                "name": "VP at a 500-person fintech who asked for a demo",
                "fields": lead("financial_services", 500.0, "vp", true, 0.0),
                "expect": "mql",
                "note": "the room's textbook MQL",
            }),
            json!({
                "name": "Student at a tiny school",
                "fields": lead("education", 5.0, "student", false, 3.0),
                "expect": "not_mql",
            }),
        ]
    }

    /// Two that the default model gets wrong: a director whose only engagement has faded, and
    /// an individual contributor whose demo request carries them over the threshold.
    fn broken() -> Vec<Value> {
        vec![
            json!({
                "name": "Director at a software firm, demo three months ago",
                "fields": lead("software", 300.0, "director", true, 90.0),
                "expect": "mql",
            }),
            json!({
                "name": "Analyst at a big software firm",
                "fields": lead("software", 2000.0, "individual", true, 0.0),
                "expect": "not_mql",
            }),
        ]
    }

    fn with_examples(scratch: &Scratch, examples: Vec<Value>) -> String {
        let mut s = preset("default");
        s["examples"] = Value::Array(examples);
        scratch.write_json("examples.json", &s)
    }

    /// stderr's lines about examples (not warnings or notes).
    fn example_lines(r: &Run) -> Vec<&str> {
        r.stderr
            .lines()
            .filter(|l| l.starts_with("funnel-lab: example "))
            .collect()
    }

    #[test]
    fn every_example_holding_exits_0_with_a_summary() {
        let scratch = Scratch::new("check-ok");
        let file = with_examples(&scratch, holding());
        let r = run(&["check", &file]).ok();
        assert_eq!(r.stderr, "", "nothing to say when all hold");
        let v = r.json();
        assert_eq!(v["scenario"], "default");
        assert_eq!(
            v["totals"],
            json!({"examples": 2, "holding": 2, "broken": 0})
        );
        assert_eq!(v["qualify"], json!({"by": "score", "threshold": 55.0}));
        let vp = &v["examples"][0];
        assert_eq!(
            vp["name"],
            "VP at a 500-person fintech who asked for a demo"
        );
        assert_eq!(
            (&vp["expected"], &vp["got"], &vp["holds"]),
            (&json!("mql"), &json!("mql"), &json!(true))
        );
        assert_eq!(vp["score"], 80.0);
        assert_eq!(vp["grade"], "A2");
        assert_eq!(vp["note"], "the room's textbook MQL");
        let fired: Vec<&str> = vp["fired"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["label"].as_str().unwrap())
            .collect();
        assert_eq!(
            fired,
            [
                "Target industry",
                "Mid-market (100–999 staff)",
                "Decision maker",
                "Core region",
                "Demo or trial request"
            ]
        );
        let student = &v["examples"][1];
        assert_eq!(
            (&student["expected"], &student["got"], &student["score"]),
            (&json!("not_mql"), &json!("not_mql"), &json!(-35.0))
        );
        assert!(v.get("leads").is_none(), "no leads file, no leads summary");
    }

    #[test]
    fn a_broken_example_exits_1_and_is_listed_on_stderr() {
        let scratch = Scratch::new("check-broken");
        let mut examples = holding();
        examples.extend(broken());
        let file = with_examples(&scratch, examples);
        let r = run(&["check", &file]);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert_eq!(
            example_lines(&r),
            [
                "funnel-lab: example \"Director at a software firm, demo three months ago\" must \
                 be an MQL but scores 53.75 (threshold 55)",
                "funnel-lab: example \"Analyst at a big software firm\" must not be an MQL but \
                 scores 75 (threshold 55)",
            ]
        );
        assert!(
            r.stderr
                .ends_with("funnel-lab: check failed: 2 of 4 examples broken\n"),
            "{}",
            r.stderr
        );
        // The summary is still printed in full, for the CI log.
        let v = r.json();
        assert_eq!(
            v["totals"],
            json!({"examples": 4, "holding": 2, "broken": 2})
        );
        let holds: Vec<&Value> = v["examples"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["holds"])
            .collect();
        assert_eq!(
            holds,
            [&json!(true), &json!(true), &json!(false), &json!(false)]
        );
        assert_eq!(v["examples"][2]["got"], "not_mql");
        assert_eq!(
            v["examples"][2]["summary"],
            "must be an MQL but scores 53.75 (threshold 55)"
        );
    }

    #[test]
    fn a_grid_model_names_the_grade() {
        let scratch = Scratch::new("check-grid");
        let mut s = preset("default");
        s["scoring"]["qualify"] = json!({"by": "grid", "cells": ["A1", "A2", "B1"]});
        s["examples"] = Value::Array(broken());
        let file = scratch.write_json("grid.json", &s);
        let r = run(&["check", &file]);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert_eq!(
            example_lines(&r),
            [
                "funnel-lab: example \"Director at a software firm, demo three months ago\" must \
                 be an MQL but is graded A4 (MQL grades: A1, A2, B1)",
                "funnel-lab: example \"Analyst at a big software firm\" must not be an MQL but \
                 is graded A2 (MQL grades: A1, A2, B1)",
            ]
        );
    }

    #[test]
    fn no_examples_or_bad_ones_are_bad_input() {
        let scratch = Scratch::new("check-bad");
        let plain = preset_file(&scratch, "default");
        run(&["check", &plain]).bad_input(&["has no examples to check", "default.json"]);
        run(&["check"]).bad_input(&["check needs a scenario file"]);
        run(&["check", &scratch.path("nowhere.json")]).bad_input(&["cannot read scenario file"]);
        let mut examples = holding();
        examples[1]["expect"] = "maybe".into();
        let file = with_examples(&scratch, examples);
        run(&["check", &file]).bad_input(&["examples[1].expect", "unknown variant `maybe`"]);
        let mut examples = holding();
        examples[0]["fields"]["founded"] = json!({"date": "2026-02-30"});
        let file = with_examples(&scratch, examples);
        run(&["check", &file]).bad_input(&["examples[0].fields.founded", "is not one"]);
        let file = with_examples(&scratch, holding());
        run(&["check", &file, "--leads", &scratch.path("nowhere.csv")])
            .bad_input(&["cannot read leads file"]);
    }

    #[test]
    fn fields_the_model_reads_but_an_example_lacks_are_warned_of() {
        let scratch = Scratch::new("check-missing");
        let mut examples = holding();
        let fields = examples[0]["fields"].as_object_mut().unwrap();
        fields.remove("email_clicks");
        fields.remove("web_visits");
        let file = with_examples(&scratch, examples);
        let r = run(&["check", &file]).ok();
        assert_eq!(
            r.stderr,
            "funnel-lab: warning: example \"VP at a 500-person fintech who asked for a demo\" \
             lacks fields 'web_visits', 'email_clicks', which the model reads: they count as \
             empty\n"
        );
        assert_eq!(
            r.json()["examples"][0]["missing_fields"],
            json!(["web_visits", "email_clicks"])
        );
    }

    /// An example whose fields are all columns of `SMALL_CSV`.
    fn small_csv_example(name: &str, industry_field: &str, expect: &str) -> Value {
        json!({
            "name": name,
            "fields": {
                industry_field: "software",
                "company_size": 1200,
                "region": "north_america",
                "seniority": "c_level",
                "demo_requested": true,
                "pricing_page_visits": 5,
                "web_visits": 2,
                "email_domain": "business",
                "is_competitor": false,
                "days_since_last_activity": 6,
            },
            "expect": expect,
        })
    }

    #[test]
    fn with_leads_it_counts_their_mqls_and_finds_a_typo_in_a_field() {
        let scratch = Scratch::new("check-leads");
        let leads = scratch.write("leads.csv", SMALL_CSV);
        // The file's MQLs, as `score` counts them.
        let scenario = preset_file(&scratch, "default");
        let scored = run(&["score", &scenario, "--leads", &leads]).ok();
        let (header, rows) = read_csv(scored.stdout());
        let mql = header.iter().position(|h| h == "mql").unwrap();
        let mqls = rows.iter().filter(|r| r[mql] == "true").count();
        assert!(mqls > 0 && mqls < rows.len(), "{mqls}");

        let file = with_examples(
            &scratch,
            vec![small_csv_example(
                "CEO at a big software firm",
                "industry",
                "mql",
            )],
        );
        let r = run(&["check", &file, "--leads", &leads]).ok();
        let v = r.json();
        assert_eq!(
            v["leads"],
            json!({"file": leads, "leads": 20, "mqls": mqls, "mql_rate": mqls as f64 / 20.0})
        );
        assert_eq!(v["totals"]["with_field_problems"], 0);
        assert_eq!(v["examples"][0]["field_problems"], json!([]));
        assert!(example_lines(&r).is_empty(), "{}", r.stderr);

        // A typo in a field: reported with the column meant, and the check fails.
        let file = with_examples(
            &scratch,
            vec![
                small_csv_example("CEO at a big software firm", "industry", "mql"),
                small_csv_example("CEO, spelled badly", "industy", "mql"),
            ],
        );
        let r = run(&["check", &file, "--leads", &leads]);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert_eq!(
            example_lines(&r),
            [format!(
                "funnel-lab: example \"CEO, spelled badly\" has field 'industy', which is not a \
                 column of {leads} (did you mean 'industry'?)"
            )]
        );
        assert!(r.stderr.ends_with(
            "funnel-lab: check failed: 1 of 2 examples with fields that do not fit the leads\n"
        ));
        let v = r.json();
        assert_eq!(
            v["totals"],
            json!({"examples": 2, "holding": 2, "broken": 0, "with_field_problems": 1})
        );
        assert_eq!(
            v["examples"][1]["field_problems"],
            json!(["field 'industy' is not a column of the leads (did you mean 'industry'?)"])
        );
        // Without the leads, the typo shows as a field the model reads and the example lacks.
        let r = run(&["check", &file]).ok();
        assert!(
            r.stderr.contains(
                "example \"CEO, spelled badly\" lacks fields 'industry', 'webinar_attended'"
            ),
            "{}",
            r.stderr
        );
    }
}

// The funnel by channel and by segment in `simulate`'s report: every group's counts add up to
// the run's, for the generated sample and for an imported CSV; no channel column is said.
mod breakdown {
    use super::*;

    /// The stages whose group means must add up to the run's means.
    const ADDED: [&str; 5] = ["leads", "mqls", "sqls", "won", "revenue"];

    fn groups<'a>(report: &'a Value, by: &str) -> &'a Vec<Value> {
        report[by]["groups"]
            .as_array()
            .unwrap_or_else(|| panic!("report has no {by} groups: {:#}", report[by]))
    }

    /// Sums of the groups' means against the run's means, within float tolerance.
    fn adds_up(report: &Value, by: &str) {
        let groups = groups(report, by);
        assert!(!groups.is_empty(), "{by}: no groups");
        for name in ADDED {
            let sum: f64 = groups
                .iter()
                .map(|g| {
                    g[name]["mean"]
                        .as_f64()
                        .unwrap_or_else(|| panic!("{by} group {} has no mean {name}", g["name"]))
                })
                .sum();
            let total = stat(report, name, "mean");
            assert!(
                (sum - total).abs() <= 1e-9 * total.abs().max(1.0),
                "{by}: {name} adds up to {sum}, the run has {total}"
            );
        }
    }

    #[test]
    fn default_preset_groups_add_up_to_the_totals() {
        let scratch = Scratch::new("breakdown_default");
        let scenario = preset_file(&scratch, "default");
        let report = simulate(&scenario, &["--trials", "40", "--seed", "5"]);
        adds_up(&report, "by_channel");
        adds_up(&report, "by_segment");
        assert_eq!(report["by_channel"]["field"], "channel");
        let names: Vec<&str> = groups(&report, "by_channel")
            .iter()
            .map(|g| g["name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 8, "{names:?}");
        assert!(names.contains(&"referral"), "{names:?}");
        let segments: Vec<&str> = groups(&report, "by_segment")
            .iter()
            .map(|g| g["name"].as_str().unwrap())
            .collect();
        assert_eq!(segments, ["SMB", "Mid-market", "Enterprise"]);
        // The preset has a marketing spend: each group carries its share and a cost per SQL.
        for g in groups(&report, "by_channel") {
            assert!(g["spend"].as_f64().unwrap() > 0.0, "{g:#}");
            assert!(g["cost_per_sql"]["mean"].as_f64().unwrap() > 0.0, "{g:#}");
        }
    }

    #[test]
    fn imported_csv_groups_add_up_to_the_totals() {
        let scratch = Scratch::new("breakdown_csv");
        let scenario = preset_file(&scratch, "default");
        // The hand-written export with a Lead Source column, one lead without a value.
        let sources = ["Webinar", "Paid Search", "Referral", "webinar"];
        let text: String = SMALL_CSV
            .lines()
            .enumerate()
            .map(|(i, line)| match i {
                0 => format!("{line},Lead Source\n"),
                6 => format!("{line},\n"),
                _ => format!("{line},{}\n", sources[i % sources.len()]),
            })
            .collect();
        let leads = scratch.write("sourced.csv", text);
        let report = simulate(
            &scenario,
            &["--leads", &leads, "--trials", "60", "--seed", "3"],
        );
        adds_up(&report, "by_channel");
        adds_up(&report, "by_segment");
        // The suggested mapping fills the model's channel from Lead Source, translating
        // Salesforce's values (Webinar → events).
        assert_eq!(report["by_channel"]["field"], "channel");
        let by_name = |name: &str| {
            groups(&report, "by_channel")
                .iter()
                .find(|g| g["name"] == name)
                .unwrap_or_else(|| panic!("no group {name}: {:#}", report["by_channel"]))
                .clone()
        };
        // "Webinar" and "webinar" both translate to events; the empty cell is a group of its own.
        assert_eq!(by_name("events")["leads"]["mean"], 10.0);
        assert_eq!(by_name("no channel given")["leads"]["mean"], 1.0);
        assert!(report["by_channel"]["note"]
            .as_str()
            .unwrap()
            .contains("1 of 20 leads have no value in 'channel'"));
    }

    #[test]
    fn a_csv_without_a_channel_column_says_so() {
        let scratch = Scratch::new("breakdown_no_channel");
        let scenario = preset_file(&scratch, "default");
        let leads = scratch.write("small.csv", SMALL_CSV);
        let report = simulate(
            &scenario,
            &["--leads", &leads, "--trials", "20", "--seed", "3"],
        );
        let b = &report["by_channel"];
        assert_eq!(b["field"], Value::Null);
        assert_eq!(b["groups"], json!([]));
        assert!(
            b["note"].as_str().unwrap().contains("no channel column"),
            "{b:#}"
        );
        adds_up(&report, "by_segment");
    }
}

/// The team's HubSpot-shaped fixture (see crates/engine/tests/fixtures/crm/).
const HUBSPOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../engine/tests/fixtures/crm/hubspot_contacts.csv"
);

#[test]
fn a_hubspot_export_is_mapped_scored_and_backtested() {
    let scratch = Scratch::new("hubspot");
    let scenario = preset_file(&scratch, "default");
    let r = run(&["backtest", &scenario, "--leads", HUBSPOT]);
    assert!(r.stderr.contains("seniority <- Job Title"), "{}", r.stderr);
    assert!(
        r.stderr.contains("outcome from column Lifecycle Stage"),
        "{}",
        r.stderr
    );
    let b = r.ok().json();
    assert_eq!(b["leads"], 2000);
    let auc = b["auc"].as_f64().unwrap();
    assert!(auc > 0.6 && auc < 1.0, "{auc}");
    assert_eq!(b["deciles"].as_array().unwrap().len(), 10);
    assert!(
        b["current"]["mqls"].as_u64().unwrap() > 0,
        "the default rules fire through the mapping"
    );
    // The formula cell of the export is written back as text.
    let scored = run_ok_text(&["score", &scenario, "--leads", HUBSPOT]);
    assert!(scored.contains("'=HYPERLINK"), "formula cell escaped");
    assert!(!scored.contains(",=HYPERLINK"));
}

fn run_ok_text(args: &[&str]) -> String {
    run(args).ok().stdout().to_string()
}

#[test]
fn fit_prints_a_scenario_that_backtest_and_simulate_take() {
    let scratch = Scratch::new("fit");
    let r = run(&["fit", "--leads", HUBSPOT, "--outcome", "Lifecycle Stage"]);
    assert!(r.stderr.contains("held-out backtest: AUC"), "{}", r.stderr);
    let fitted = scratch.write("fitted.json", &r.ok().stdout);
    let b = run(&["backtest", &fitted, "--leads", HUBSPOT]).ok().json();
    assert!(b["auc"].as_f64().unwrap() > 0.65);
    let report = simulate(&fitted, &["--leads", HUBSPOT, "--trials", "20"]);
    assert!(stat(&report, "mqls", "mean") > 0.0);
    run(&["fit", "--leads", HUBSPOT, "--outcome", "Job Title"])
        .bad_input(&["say which values of column 'Job Title' mean a lead converted"]);
    run(&["simulate", &fitted, "--outcome", "x"])
        .bad_input(&["--outcome does not apply to `simulate`"]);
}

#[test]
fn fit_learns_the_market_and_its_spread_widens_the_trials() {
    let scratch = Scratch::new("fit-market");
    let r = run(&["fit", "--leads", HUBSPOT, "--outcome", "Lifecycle Stage"]);
    assert!(
        r.stderr.contains("market learnt from all 2000 leads"),
        "{}",
        r.stderr
    );
    let text = String::from_utf8(r.ok().stdout.clone()).unwrap();
    let fitted: Value = serde_json::from_str(&text).unwrap();
    let multipliers = fitted["market"]["multipliers"].as_array().unwrap();
    assert!(multipliers.len() > 5, "{multipliers:?}");
    // SQL or later is the qualification stage; every multiplier is drawn with a spread.
    assert!(multipliers.iter().all(|m| m["stage"] == "qualify"));
    assert!(multipliers
        .iter()
        .all(|m| m["odds_sd"].as_f64().unwrap() > 0.0));
    // The export's ids are no evidence.
    assert!(!text.contains("Record ID"), "an id column was learnt from");
    // Software converts better than retail in the fixture's truth; so it does as learnt.
    let odds = |value: &str| {
        multipliers
            .iter()
            .find(|m| m["field"] == "industry" && m["when"]["value"] == value)
            .unwrap_or_else(|| panic!("no multiplier for {value}: {multipliers:?}"))["odds"]
            .as_f64()
            .unwrap()
    };
    assert!(odds("software") > 1.2 && odds("retail") < 0.9);
    // Fixed at their medians, the same multipliers give narrower bands.
    let drawn = scratch.write("drawn.json", &text);
    let mut fixed = fitted.clone();
    for m in fixed["market"]["multipliers"].as_array_mut().unwrap() {
        m.as_object_mut().unwrap().remove("odds_sd");
    }
    let fixed = scratch.write("fixed.json", fixed.to_string());
    // Trial by trial on the same random numbers, the draws only add variation: the SQLs'
    // spread from trial to trial grows (the base rates' own uncertainty stays the larger part).
    let sd = |file: &str| {
        let csv = run_ok_text(&["trials", file, "--leads", HUBSPOT, "--trials", "400"]);
        let mut rows = csv::Reader::from_reader(csv.as_bytes());
        let sqls = rows
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "sqls")
            .unwrap();
        let xs: Vec<f64> = rows
            .records()
            .map(|r| r.unwrap()[sqls].parse().unwrap())
            .collect();
        let m = xs.iter().sum::<f64>() / xs.len() as f64;
        (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() as f64 - 1.0)).sqrt()
    };
    let (sd_drawn, sd_fixed) = (sd(&drawn), sd(&fixed));
    assert!(
        sd_drawn > 1.03 * sd_fixed,
        "sd of SQLs over trials: {sd_drawn} drawn, {sd_fixed} fixed"
    );
}

#[test]
fn trials_prints_every_trial_as_the_report_counts_it() {
    let scratch = Scratch::new("trials");
    let scenario = preset_file(&scratch, "default");
    let csv = run_ok_text(&["trials", &scenario, "--trials", "30", "--seed", "4"]);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    assert_eq!(&header[0], "seed");
    assert_eq!(&header[1], "trial");
    let sqls = header.iter().position(|h| h == "sqls").unwrap();
    let values: Vec<f64> = rows
        .records()
        .map(|r| r.unwrap()[sqls].parse().unwrap())
        .collect();
    assert_eq!(values.len(), 30);
    let report = simulate(&scenario, &["--trials", "30", "--seed", "4"]);
    let mean = values.iter().sum::<f64>() / 30.0;
    assert!((mean - stat(&report, "sqls", "mean")).abs() < 1e-9);
    // Split over threads, the same rows.
    let one = run_ok_text(&[
        "trials",
        &scenario,
        "--trials",
        "30",
        "--seed",
        "4",
        "--threads",
        "1",
    ]);
    assert_eq!(one, csv);
    run(&["simulate", &scenario, "--for", "hubspot"]).bad_input(&["(it belongs to `points`)"]);
}

#[test]
fn points_writes_the_rules_in_each_tools_terms_with_the_exports_own_columns() {
    let scratch = Scratch::new("points");
    let scenario = preset_file(&scratch, "default");
    for tool in ["hubspot", "marketo", "account-engagement", "mautic"] {
        let text = run_ok_text(&["points", &scenario, "--for", tool, "--leads", HUBSPOT]);
        // The rule on industry is written on the export's column and its values.
        assert!(text.contains("Industry"), "{tool}: {text}");
        assert!(text.contains("Computer Software"), "{tool}: {text}");
        assert!(
            text.contains("55"),
            "{tool}: the MQL threshold is in the notes"
        );
        let csv = run_ok_text(&["points", &scenario, "--for", tool, "--format", "csv"]);
        let rows = csv::Reader::from_reader(csv.as_bytes()).records().count();
        assert!(rows >= 10, "{tool}: {rows} rows");
        let json = run(&["points", &scenario, "--for", tool, "--format", "json"])
            .ok()
            .json();
        assert_eq!(json["rows"].as_array().unwrap().len(), rows, "{tool}");
    }
    run(&["points", &scenario, "--for", "excel"]).bad_input(&["hubspot", "mautic"]);
    run(&["points", &scenario]).bad_input(&["TOOL: hubspot, marketo"]);
    run(&["points", &scenario, "--for", "mautic", "--format", "xml"])
        .bad_input(&["text, csv or json"]);
}

/// A share link opens wherever a scenario file does, to the same report bit for bit; a
/// damaged one is refused with a message saying so.
#[test]
fn link_prints_a_share_link_that_every_command_takes_as_the_file() {
    let scratch = Scratch::new("link");
    let mut edited = preset("aligned");
    edited["scoring"]["qualify"]["threshold"] = json!(37.5);
    edited["trials"] = json!(40);
    edited["seed"] = json!(9);
    let file = scratch.write_json("edited.json", &edited);
    let out = run(&[
        "link",
        &file,
        "--base",
        "https://wiki.test/tools/funnel-lab/",
    ])
    .ok();
    let url = String::from_utf8(out.stdout.clone())
        .unwrap()
        .trim()
        .to_string();
    assert!(
        url.starts_with("https://wiki.test/tools/funnel-lab/#scenario=z2."),
        "{url}"
    );
    assert!(url.len() < 8_000, "{} characters", url.len());
    let from_file = simulate(&file, &[]);
    let from_link = simulate(&url, &[]);
    assert_eq!(from_link["digest"], from_file["digest"]);
    assert_eq!(from_link, from_file);

    let fragment = String::from_utf8(run(&["link", &file]).ok().stdout).unwrap();
    assert!(fragment.starts_with("#scenario=z2."), "{fragment}");

    let cut = &url[..url.len() - 40];
    run(&["simulate", cut]).bad_input(&["the link is damaged"]);
    run(&["simulate", &file, "--base", "x"]).bad_input(&["(it belongs to `link`)"]);
}

// Standard output that cannot take the report: full, closed, or a reader that left early.
mod unwritable_stdout {
    use super::*;
    use std::process::Stdio;

    fn run_into(args: &[&str], stdout: Stdio) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_funnel-lab"))
            .args(args)
            .stdout(stdout)
            .stderr(Stdio::piped())
            .output()
            .expect("the funnel-lab binary runs");
        Run {
            code: out.status.code(),
            stdout: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    #[test]
    fn a_full_device_is_bad_input_naming_what_was_lost() {
        let scratch = Scratch::new("stdout_full");
        let scenario = preset_file(&scratch, "default");
        for args in [
            vec!["preset", "default"],
            vec!["simulate", &scenario, "--trials", "20"],
            vec!["leads", &scenario],
            vec!["--help"],
        ] {
            let full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .expect("/dev/full opens");
            run_into(&args, full.into()).bad_input(&["cannot write", "No space left"]);
        }
    }

    #[test]
    fn a_closed_stdout_is_no_panic() {
        // Rust's runtime opens a closed descriptor 1 on /dev/null before main: the run
        // succeeds and prints nowhere, as it would with `> /dev/null`.
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "'{}' preset default >&-",
                env!("CARGO_BIN_EXE_funnel-lab")
            ))
            .output()
            .expect("sh runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }

    #[test]
    fn a_reader_that_leaves_early_ends_the_run_quietly() {
        let scratch = Scratch::new("stdout_pipe");
        let scenario = preset_file(&scratch, "default");
        // `leads` writes far more than a pipe holds, so `head` leaves mid-write; `true` leaves
        // at once, before or during the other commands' writes.
        for (command, reader) in [
            (format!("leads '{scenario}'"), "head -c 10 >/dev/null"),
            (format!("simulate '{scenario}' --trials 20"), "true"),
            ("preset default".to_string(), "true"),
            (format!("link '{scenario}'"), "true"),
        ] {
            let out = Command::new("sh")
                .arg("-c")
                .arg(format!(
                    "set -e; '{}' {command} | {reader}",
                    env!("CARGO_BIN_EXE_funnel-lab")
                ))
                .output()
                .expect("sh runs");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{stderr}");
            assert!(!stderr.contains("panicked"), "{command}: {stderr}");
            assert!(!stderr.contains("Broken pipe"), "{command}: {stderr}");
        }
    }
}
