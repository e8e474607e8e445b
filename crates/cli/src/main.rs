//! `funnel-lab`: the command line over Funnel Lab's engine, for scripts and CI.
//!
//! A thin front end: it reads files, parses arguments, splits trials over threads and prints.
//! Everything it reports is computed by `funnel-engine`, exactly as the browser app does.
//!
//! Exit codes: 0 success, 2 bad input (arguments, scenario file, leads file), 1 anything else.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use funnel_engine::csv_leads::{format_timestamp, parse_csv, CsvOptions};
use funnel_engine::leads::{FieldKind, LeadTable, Value};
use funnel_engine::scenario::LeadsSource;
use funnel_engine::scoring::Scorer;
use funnel_engine::sim::{run_trials, TrialOutcome};
use funnel_engine::{generator, presets, Prepared, Report, Sample, Scenario};

const USAGE: &str = "\
funnel-lab: project a sales funnel from a lead-scoring model, an SLA and a team

usage:
  funnel-lab preset NAME
      print a complete scenario as JSON (NAME: default, siloed, aligned)
  funnel-lab simulate SCENARIO.json [--leads FILE.csv] [--trials N] [--seed S] [--threads T]
      run the Monte Carlo simulation and print a JSON report
  funnel-lab score SCENARIO.json --leads FILE.csv
      print the leads as CSV with fit, engagement, score, grade, mql and the rules that fired
  funnel-lab leads SCENARIO.json
      print the scenario's generated sample leads as CSV

The same scenario and seed always give the same report, whatever the number of threads.";

/// A problem with what the user gave us: exit code 2.
#[derive(Debug)]
struct BadInput(String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

fn bad(msg: impl Into<String>) -> anyhow::Error {
    BadInput(msg.into()).into()
}

/// Writes one line to stderr. Unlike `eprintln!`, a closed stderr (`2>&1 | head`) is not a
/// panic: the exit code still tells what happened.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "funnel-lab: {line}");
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            say(&format!("{e:#}"));
            if e.downcast_ref::<BadInput>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

struct Args {
    command: String,
    target: Option<String>,
    leads: Option<PathBuf>,
    trials: Option<u32>,
    seed: Option<u64>,
    threads: Option<usize>,
}

fn parse_args() -> Result<Args> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_env();
    let mut positional = Vec::new();
    let mut args = Args {
        command: String::new(),
        target: None,
        leads: None,
        trials: None,
        seed: None,
        threads: None,
    };
    let number = |v: std::ffi::OsString, flag: &str| -> Result<u64> {
        let s = v.to_string_lossy().to_string();
        s.parse::<u64>()
            .map_err(|_| bad(format!("{flag} takes a whole number, got '{s}'")))
    };
    while let Some(arg) = p.next().map_err(|e| bad(e.to_string()))? {
        match arg {
            Long("leads") => args.leads = Some(p.value().map_err(|e| bad(e.to_string()))?.into()),
            Long("trials") => {
                let n = number(p.value().map_err(|e| bad(e.to_string()))?, "--trials")?;
                if n == 0 || n > funnel_engine::scenario::MAX_TRIALS as u64 {
                    return Err(bad(format!(
                        "--trials must be between 1 and {}, got {n}",
                        funnel_engine::scenario::MAX_TRIALS
                    )));
                }
                args.trials = Some(n as u32);
            }
            Long("seed") => {
                args.seed = Some(number(
                    p.value().map_err(|e| bad(e.to_string()))?,
                    "--seed",
                )?)
            }
            Long("threads") => {
                let n = number(p.value().map_err(|e| bad(e.to_string()))?, "--threads")?;
                if n == 0 || n > 1024 {
                    return Err(bad(format!(
                        "--threads must be between 1 and 1024, got {n}"
                    )));
                }
                args.threads = Some(n as usize);
            }
            Short('h') | Long("help") => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            Long("version") => {
                println!("funnel-lab {}", env!("CARGO_PKG_VERSION"));
                std::process::exit(0);
            }
            Value(v) => positional.push(v.to_string_lossy().to_string()),
            other => return Err(bad(format!("{}\n\n{USAGE}", other.unexpected()))),
        }
    }
    let mut it = positional.into_iter();
    args.command = it
        .next()
        .ok_or_else(|| bad(format!("no command given\n\n{USAGE}")))?;
    args.target = it.next();
    if let Some(extra) = it.next() {
        return Err(bad(format!("unexpected argument '{extra}'\n\n{USAGE}")));
    }
    Ok(args)
}

fn run() -> Result<()> {
    let args = parse_args()?;
    match args.command.as_str() {
        "preset" => {
            let name = args
                .target
                .as_deref()
                .ok_or_else(|| bad("preset needs a name: default, siloed or aligned"))?;
            let s = presets::preset(name).ok_or_else(|| {
                bad(format!(
                    "no preset named '{name}'; the presets are: {}",
                    presets::NAMES.join(", ")
                ))
            })?;
            println!("{}", s.to_json());
            Ok(())
        }
        "simulate" => simulate(&args),
        "score" => score(&args),
        "leads" => leads(&args),
        other => Err(bad(format!("unknown command '{other}'\n\n{USAGE}"))),
    }
}

fn read_scenario(args: &Args) -> Result<Scenario> {
    let path = args.target.as_deref().ok_or_else(|| {
        bad(format!(
            "{} needs a scenario file (make one with `funnel-lab preset default`)",
            args.command
        ))
    })?;
    let text = std::fs::read_to_string(path)
        .map_err(|e| bad(format!("cannot read scenario file {path}: {e}")))?;
    let loaded = Scenario::load(&text).map_err(|e| bad(format!("{path}: {e}")))?;
    for note in &loaded.notes {
        say(&format!("note: {path}: {note}"));
    }
    Ok(loaded.scenario)
}

/// The leads to run over: the CSV given with `--leads`, or the scenario's generated sample.
fn load_sample(args: &Args, scenario: &Scenario) -> Result<Sample> {
    match (&args.leads, &scenario.leads) {
        (Some(path), source) => {
            let text = std::fs::read(path)
                .map_err(|e| bad(format!("cannot read leads file {}: {e}", path.display())))?;
            let text = String::from_utf8(text).map_err(|e| {
                bad(format!(
                    "{}: the file is not UTF-8 text (byte {}); save it as CSV UTF-8",
                    path.display(),
                    e.utf8_error().valid_up_to()
                ))
            })?;
            let arrival_column = match source {
                LeadsSource::Imported { arrival_column } => arrival_column.clone(),
                LeadsSource::Generated(_) => None,
            };
            let parsed = parse_csv(&text, &CsvOptions { arrival_column })
                .map_err(|e| bad(format!("{}: {e}", path.display())))?;
            for w in &parsed.warnings {
                say(&format!("warning: {}: {w}", path.display()));
            }
            Ok(Sample::imported(parsed.table))
        }
        (None, LeadsSource::Generated(cfg)) => Ok(generator::generate(cfg).into()),
        (None, LeadsSource::Imported { .. }) => Err(bad(format!(
            "scenario '{}' takes its leads from a CSV file: give one with --leads FILE.csv",
            scenario.name
        ))),
    }
}

fn prepare(scenario: &Scenario, sample: &Sample) -> Result<Prepared> {
    let p = funnel_engine::prepare(scenario, sample).map_err(|e| bad(e.to_string()))?;
    for w in &p.warnings {
        say(&format!("warning: {w}"));
    }
    Ok(p)
}

/// Splits trials into contiguous ranges, one per thread, and joins the outcomes in trial order;
/// the engine seeds each trial from (seed, index), so the result equals a one-thread run.
/// When stderr is a terminal and the run takes more than a moment, a progress line shows there.
fn run_parallel(p: &Prepared, seed: u64, trials: u32, threads: usize) -> Vec<TrialOutcome> {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::{Duration, Instant};
    const CHUNK: u32 = 50;
    let threads = threads.clamp(1, trials.max(1) as usize);
    let per_thread = trials.div_ceil(threads as u32);
    let done = AtomicU32::new(0);
    let show_progress = std::io::stderr().is_terminal();
    let started = Instant::now();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads as u32)
            .map(|i| {
                let range = (i * per_thread).min(trials)..((i + 1) * per_thread).min(trials);
                let done = &done;
                s.spawn(move || {
                    let mut out = Vec::with_capacity(range.len());
                    let mut start = range.start;
                    while start < range.end {
                        let end = (start + CHUNK).min(range.end);
                        out.extend(run_trials(p, seed, start..end));
                        done.fetch_add(end - start, Ordering::Relaxed);
                        start = end;
                    }
                    out
                })
            })
            .collect();
        let mut shown = false;
        while show_progress && !handles.iter().all(|h| h.is_finished()) {
            std::thread::sleep(Duration::from_millis(100));
            if started.elapsed() > Duration::from_millis(500) {
                let n = done.load(Ordering::Relaxed);
                let _ = write!(
                    std::io::stderr(),
                    "\rfunnel-lab: simulating {n}/{trials} trials ({:.0} %)",
                    100.0 * n as f64 / trials as f64
                );
                shown = true;
            }
        }
        if shown {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a simulation thread panicked"))
            .collect()
    })
}

fn simulate(args: &Args) -> Result<()> {
    let scenario = read_scenario(args)?;
    let sample = load_sample(args, &scenario)?;
    let prepared = prepare(&scenario, &sample)?;
    let trials = args.trials.unwrap_or(scenario.trials);
    let seed = args.seed.unwrap_or(scenario.seed);
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let outcomes = run_parallel(&prepared, seed, trials, threads);
    let report = Report::new(&prepared.labels(), seed, &outcomes);
    // What the trials showed (a growing queue, leads gone cold); the set-up's own warnings
    // were printed before the run.
    for w in report.warnings.iter().skip(prepared.warnings.len()) {
        say(&format!("warning: {w}"));
    }
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &report).context("writing the report")?;
    writeln!(out).context("writing the report")?;
    Ok(())
}

fn cell(v: &Value, kind: FieldKind) -> String {
    match (v, kind) {
        (Value::Number(m), FieldKind::Time) => format_timestamp(*m as i64),
        _ => v.to_string(),
    }
}

fn write_table(
    out: &mut csv::Writer<impl Write>,
    table: &LeadTable,
    extra_header: &[&str],
    mut extra: impl FnMut(usize) -> Vec<String>,
) -> Result<()> {
    let mut header: Vec<&str> = table.columns().iter().map(|c| c.name.as_str()).collect();
    header.extend_from_slice(extra_header);
    out.write_record(&header)?;
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

fn score(args: &Args) -> Result<()> {
    let scenario = read_scenario(args)?;
    if args.leads.is_none() {
        return Err(bad("score needs the leads to score: --leads FILE.csv"));
    }
    let sample = load_sample(args, &scenario)?;
    let scorer = Scorer::new(&scenario.scoring, &sample.table);
    for w in scorer.warnings() {
        say(&format!("warning: {w}"));
    }
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    let round = |x: f64| format!("{}", (x * 100.0).round() / 100.0);
    write_table(
        &mut out,
        &sample.table,
        &["fit", "engagement", "score", "grade", "mql", "rules"],
        |i| {
            let (s, lines) = scorer.explain(sample.table.row(i));
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
                rules,
            ]
        },
    )
}

fn leads(args: &Args) -> Result<()> {
    let scenario = read_scenario(args)?;
    let LeadsSource::Generated(cfg) = &scenario.leads else {
        return Err(bad(format!(
            "scenario '{}' imports its leads; there is no generated sample to print",
            scenario.name
        )));
    };
    let g = generator::generate(cfg);
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    write_table(&mut out, &g.table, &[], |_| vec![])
}
