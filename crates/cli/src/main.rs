//! `funnel-lab`: the command line over Funnel Lab's engine, for scripts and CI.
//!
//! A thin front end: it reads files, parses arguments, splits trials over threads and prints.
//! Everything it reports is computed by `funnel-engine`, exactly as the browser app does.
//!
//! Exit codes: 0 success, 2 bad input (arguments, scenario file, leads file), 1 anything else.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};

mod args;
mod crm;
use args::{Args, Request};
use funnel_engine::scenario::LeadsSource;
use funnel_engine::scoring::Scorer;
use funnel_engine::sim::{run_trials, TrialOutcome};
use funnel_engine::{explore, export, generator, presets, Prepared, Report, Sample, Scenario};

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
        Err(e) if e.downcast_ref::<ReaderGone>().is_some() => ExitCode::SUCCESS,
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

fn run() -> Result<()> {
    let args = match args::parse(std::env::args_os().skip(1)).map_err(bad)? {
        Request::Run(args) => args,
        Request::Help(text) => return out(&format!("{text}\n"), "the usage"),
        Request::Version => {
            return out(
                &format!("funnel-lab {}\n", env!("CARGO_PKG_VERSION")),
                "the version",
            )
        }
    };
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
            out(&format!("{}\n", s.to_json()), "the scenario")
        }
        "simulate" => simulate(&args),
        "score" => score(&args),
        "leads" => leads(&args),
        "sweep" => sweep(&args),
        "compare" => compare(&args),
        "sensitivity" => sensitivity(&args),
        "checklist" => checklist(&args),
        "target" => target(&args),
        "check" => check(&args),
        "backtest" => crm::backtest(&args),
        "fit" => crm::fit(&args),
        "trials" => trials(&args),
        "points" => points(&args),
        "link" => link(&args),
        other => Err(anyhow::anyhow!(
            "`{other}` is defined in args::COMMANDS but has no handler, which is a bug"
        )),
    }
}

fn read_scenario(args: &Args) -> Result<Scenario> {
    let path = args.target.as_deref().ok_or_else(|| {
        bad(format!(
            "{} needs a scenario file (make one with `funnel-lab preset default`)",
            args.command
        ))
    })?;
    read_scenario_file(path)
}

/// A scenario file, or a share link (`…#scenario=TOKEN`) when no file has that name.
fn read_scenario_file(path: &str) -> Result<Scenario> {
    let token = funnel_engine::link::token_in(path)
        .filter(|_| path.contains("scenario=") && !std::path::Path::new(path).exists());
    let loaded = match token {
        Some(token) => funnel_engine::link::decode(token).map_err(|e| bad(e.to_string()))?,
        None => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| bad(format!("cannot read scenario file {path}: {e}")))?;
            Scenario::load(&text).map_err(|e| bad(format!("{path}: {e}")))?
        }
    };
    for note in &loaded.notes {
        say(&format!("note: {path}: {note}"));
    }
    Ok(loaded.scenario)
}

/// The leads to run over: the CSV given with `--leads`, mapped by the scenario, or the
/// scenario's generated sample.
fn load_sample(args: &Args, scenario: &Scenario) -> Result<Sample> {
    match (&args.leads, &scenario.leads) {
        (Some(path), _) => Ok(Sample::imported(
            crm::import(path, scenario, &scenario.mapping)?.leads.table,
        )),
        (None, LeadsSource::Generated(cfg)) => Ok(generator::generate(cfg).into()),
        (None, LeadsSource::Imported { .. }) => Err(bad(format!(
            "scenario '{}' takes its leads from a CSV file: give one with --leads FILE.csv",
            scenario.name
        ))),
    }
}

/// `link`: the scenario as a share link the page opens.
fn link(args: &Args) -> Result<()> {
    let scenario = read_scenario(args)?;
    let token = funnel_engine::link::encode(&scenario);
    let base = args.base.as_deref().unwrap_or("");
    let base = base.split('#').next().unwrap_or(base);
    if matches!(scenario.leads, LeadsSource::Imported { .. }) {
        say("note: the link carries the scenario and its mapping, never the leads: whoever opens it imports their own export");
    }
    out(&format!("{base}#scenario={token}\n"), "the link")
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
    let outcomes = run_parallel(&prepared, seed, trials, threads(args));
    let report = Report::new(&prepared.labels(), seed, &outcomes);
    // What the trials showed (a growing queue, leads gone cold); the set-up's own warnings
    // were printed before the run.
    for w in report.warnings.iter().skip(prepared.warnings.len()) {
        say(&format!("warning: {w}"));
    }
    print_json(&report, "writing the report")?;
    Ok(())
}

fn threads(args: &Args) -> usize {
    args.threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The most thresholds one sweep runs.
const MAX_SWEEP_POINTS: usize = 201;

fn sweep(args: &Args) -> Result<()> {
    let scenario = read_scenario(args)?;
    let (Some(from), Some(to), Some(step)) = (args.from, args.to, args.step) else {
        return Err(bad(
            "sweep needs --from, --to and --step (e.g. --from 20 --to 90 --step 5)",
        ));
    };
    let thresholds = explore::thresholds(from, to, step, MAX_SWEEP_POINTS).ok_or_else(|| {
        bad(format!(
            "--from {from} --to {to} --step {step} is no range: --to must be at least --from, \
             --step more than 0, and at most {MAX_SWEEP_POINTS} thresholds"
        ))
    })?;
    let sample = load_sample(args, &scenario)?;
    let trials = args.trials.unwrap_or(scenario.trials);
    let seed = args.seed.unwrap_or(scenario.seed);
    let mut points = Vec::with_capacity(thresholds.len());
    for t in &thresholds {
        let s = explore::with_threshold(&scenario, *t);
        let p = funnel_engine::prepare(&s, &sample).map_err(|e| bad(e.to_string()))?;
        let outcomes = run_parallel(&p, seed, trials, threads(args));
        let point = explore::point(*t, &p, seed, &outcomes);
        out(&format!("{}\n", sweep_row(&point)), "the sweep")?;
        points.push(point);
    }
    match explore::best_revenue(&points) {
        Some(i) => {
            let best = &points[i];
            let best = serde_json::json!({
                "best": { "threshold": best.threshold, "revenue": best.metrics.revenue.mean },
                "trials": trials,
                "seed": seed,
            });
            out(&format!("{best}\n"), "the sweep")?;
        }
        None => {
            say("warning: no threshold in the range wins a deal: there is no best threshold");
            let none = serde_json::json!({ "best": null, "trials": trials, "seed": seed });
            out(&format!("{none}\n"), "the sweep")?;
        }
    }
    Ok(())
}

/// One threshold as a JSON line: each followed metric's mean and P5–P95.
fn sweep_row(p: &explore::SweepPoint) -> serde_json::Value {
    let mut row = serde_json::Map::new();
    row.insert("threshold".into(), p.threshold.into());
    for name in explore::SWEEP_METRICS {
        if let Some(s) = p.metrics.get(name) {
            row.insert(
                name.into(),
                serde_json::json!({ "mean": s.mean, "p05": s.p05, "p95": s.p95 }),
            );
        }
    }
    row.insert("rep_load".into(), serde_json::json!(p.rep_load));
    row.insert("warnings".into(), serde_json::json!(p.warnings));
    row.insert("digest".into(), p.digest.clone().into());
    serde_json::Value::Object(row)
}

fn compare(args: &Args) -> Result<()> {
    let first = args
        .target
        .as_deref()
        .ok_or_else(|| bad("compare needs two scenario files or more: compare A.json B.json"))?;
    if args.more.is_empty() {
        return Err(bad(
            "compare needs a second scenario file: compare A.json B.json",
        ));
    }
    if args.leads.is_some() {
        return Err(bad(
            "compare runs each scenario on its own sample; --leads is not taken here",
        ));
    }
    let paths: Vec<&str> = std::iter::once(first)
        .chain(args.more.iter().map(String::as_str))
        .collect();
    let base = read_scenario_file(first)?;
    let trials = args.trials.unwrap_or(base.trials);
    let seed = args.seed.unwrap_or(base.seed);
    let mut reports = Vec::new();
    let mut runs = Vec::new();
    for path in &paths {
        let s = read_scenario_file(path)?;
        let sample = load_sample(args, &s)?;
        let p = prepare(&s, &sample)?;
        let outcomes = run_parallel(&p, seed, trials, threads(args));
        reports.push(Report::new(&p.labels(), seed, &outcomes));
        runs.push(outcomes);
    }
    let differences: Vec<_> = runs[1..]
        .iter()
        .map(|o| explore::differences(&runs[0], o))
        .collect();
    let comparison = explore::Comparison {
        seed,
        trials,
        reports,
        differences,
    };
    print_json(&comparison, "writing the comparison")?;
    Ok(())
}

fn checklist(args: &Args) -> Result<()> {
    let scenario = read_scenario(args)?;
    let sample = load_sample(args, &scenario)?;
    let trials = args.trials.unwrap_or(SENSITIVITY_TRIALS);
    let seed = args.seed.unwrap_or(scenario.seed);
    let run = |s: &Scenario| -> Result<Vec<TrialOutcome>> {
        let p = funnel_engine::prepare(s, &sample).map_err(|e| bad(e.to_string()))?;
        Ok(run_parallel(&p, seed, trials, threads(args)))
    };
    let base = run(&scenario)?;
    let mut worth = Vec::new();
    for (check, passes, flipped) in explore::checklist_flips(&scenario) {
        worth.push(explore::check_worth(check, passes, &base, &run(&flipped)?));
    }
    print_json(
        &serde_json::json!({ "seed": seed, "trials": trials, "checks": worth }),
        "writing the checklist",
    )?;
    Ok(())
}

fn target(args: &Args) -> Result<()> {
    if args.revenue.is_none() && args.pipeline.is_none() {
        return Err(bad(
            "target needs --revenue AMOUNT and/or --pipeline AMOUNT (e.g. --revenue 1.5M)",
        ));
    }
    let scenario = read_scenario(args)?;
    let sample = load_sample(args, &scenario)?;
    let prepared = prepare(&scenario, &sample)?;
    let trials = args.trials.unwrap_or(scenario.trials);
    let seed = args.seed.unwrap_or(scenario.seed);
    let outcomes = run_parallel(&prepared, seed, trials, threads(args));
    let report = Report::new(&prepared.labels(), seed, &outcomes);
    let revenue: Vec<f64> = outcomes.iter().map(|t| t.metrics.revenue).collect();
    let pipeline: Vec<f64> = outcomes.iter().map(|t| t.metrics.pipeline).collect();
    let mut out = serde_json::Map::new();
    out.insert("trials".into(), trials.into());
    out.insert("seed".into(), seed.into());
    if let Some(t) = args.revenue {
        out.insert(
            "revenue".into(),
            serde_json::json!({
                "target": t,
                "chance": explore::chance_of(&revenue, t),
                "reverse_funnel": explore::reverse_funnel(&report.metrics, t),
            }),
        );
        if explore::reverse_funnel(&report.metrics, t).is_none() {
            say("warning: no deal closes in this projection: there is no conversion to work back from");
        }
    }
    if let Some(t) = args.pipeline {
        out.insert(
            "pipeline".into(),
            serde_json::json!({ "target": t, "chance": explore::chance_of(&pipeline, t) }),
        );
    }
    print_json(&serde_json::Value::Object(out), "writing the target")?;
    Ok(())
}

/// Trials per lever end in `sensitivity` unless `--trials` says otherwise: 2 runs a lever.
const SENSITIVITY_TRIALS: u32 = 200;

fn sensitivity(args: &Args) -> Result<()> {
    let scenario = read_scenario(args)?;
    let sample = load_sample(args, &scenario)?;
    let trials = args.trials.unwrap_or(SENSITIVITY_TRIALS);
    let seed = args.seed.unwrap_or(scenario.seed);
    let run = |s: &Scenario| -> Result<Vec<TrialOutcome>> {
        let p = funnel_engine::prepare(s, &sample).map_err(|e| bad(e.to_string()))?;
        Ok(run_parallel(&p, seed, trials, threads(args)))
    };
    let base = run(&scenario)?;
    let ends = explore::levers(&scenario)
        .iter()
        .flat_map(|l| [&l.low.scenario, &l.high.scenario])
        .map(run)
        .collect::<Result<Vec<_>>>()?;
    let table = explore::sensitivity_table(&scenario, seed, trials, &base, &ends);
    print_json(&table, "writing the table")?;
    Ok(())
}

/// Writes `value` to stdout as pretty JSON and a newline; `what` names it in an error.
fn print_json(value: &impl serde::Serialize, what: &'static str) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value).context(what)?;
    text.push('\n');
    out(&text, what)
}

/// Writes `text` to stdout. A full disk or device is bad input naming what was lost; a pipe
/// whose reader went away (`| head`) ends the run quietly, as other Unix tools do.
fn out(text: &str, what: &'static str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| unwritable(e, what))
}

/// The reader of standard output went away: stop, say nothing, exit 0.
#[derive(Debug)]
struct ReaderGone;

impl std::fmt::Display for ReaderGone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the reader of standard output went away")
    }
}

impl std::error::Error for ReaderGone {}

fn unwritable(e: std::io::Error, what: &str) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        ReaderGone.into()
    } else {
        bad(format!("cannot write {what} to standard output: {e}"))
    }
}

/// A CSV written to stdout, with the same handling of a full or vanished output as [`out`].
fn csv_out(written: csv::Result<()>) -> Result<()> {
    match written {
        Err(e) => match e.into_kind() {
            csv::ErrorKind::Io(io) => Err(unwritable(io, "the CSV")),
            other => Err(anyhow::anyhow!("writing CSV: {other:?}")),
        },
        Ok(()) => Ok(()),
    }
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
    csv_out(export::write_scored_leads(
        std::io::stdout().lock(),
        &scenario.scoring,
        &sample.table,
    ))
}

/// `trials`: every trial's metrics as CSV, for an audit trail or a spreadsheet.
fn trials(args: &Args) -> Result<()> {
    let scenario = read_scenario(args)?;
    let sample = load_sample(args, &scenario)?;
    let prepared = prepare(&scenario, &sample)?;
    let trials = args.trials.unwrap_or(scenario.trials);
    let seed = args.seed.unwrap_or(scenario.seed);
    let outcomes = run_parallel(&prepared, seed, trials, threads(args));
    csv_out(export::write_trials(
        std::io::stdout().lock(),
        seed,
        0,
        &outcomes,
    ))
}

/// `points`: the scoring model as a points table for a CRM or marketing automation tool.
fn points(args: &Args) -> Result<()> {
    use funnel_engine::crm_rules::{points_table, Tool};
    let scenario = read_scenario(args)?;
    let tool: Tool = args
        .tool
        .as_deref()
        .ok_or_else(|| {
            bad("points needs the tool to write for: --for hubspot, marketo, account-engagement or mautic")
        })?
        .parse()
        .map_err(|e| bad(format!("--for: {e}")))?;
    // The mapping says which export column and values each rule reads; with none, the one
    // an export given with --leads suggests.
    let mapping = match (&args.leads, scenario.mapping.is_empty()) {
        (Some(path), true) => Some(crm::import(path, &scenario, &scenario.mapping)?.mapping),
        (_, false) => Some(scenario.mapping.clone()),
        (None, true) => None,
    };
    let table = points_table(&scenario.scoring, mapping.as_ref(), tool);
    match args.format.as_deref().unwrap_or("text") {
        "text" => out(&table.to_text(), "the points table"),
        "csv" => out(&table.to_csv(), "the points table"),
        "json" => print_json(&table, "writing the points table"),
        other => Err(bad(format!(
            "--format takes text, csv or json, got '{other}'"
        ))),
    }
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
    csv_out(export::write_leads(
        std::io::stdout().lock(),
        &g.table,
        &[],
        |_| vec![],
    ))
}

/// `check`: the scenario's examples against its scoring model, for CI before a rollout.
fn check(args: &Args) -> Result<()> {
    use funnel_engine::examples::{self, Expect, Misfit};

    /// One example in the summary, in the order a reader wants it.
    #[derive(serde::Serialize)]
    struct Row<'a> {
        name: &'a str,
        expected: Expect,
        got: Expect,
        holds: bool,
        summary: &'a str,
        score: f64,
        fit: f64,
        engagement: f64,
        grade: &'a str,
        fired: Vec<Fired<'a>>,
        missing_fields: &'a [String],
        #[serde(skip_serializing_if = "Option::is_none")]
        field_problems: Option<Vec<&'a str>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<&'a str>,
    }
    #[derive(serde::Serialize)]
    struct Fired<'a> {
        label: &'a str,
        points: f64,
    }
    #[derive(serde::Serialize)]
    struct Totals {
        examples: usize,
        holding: usize,
        broken: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        with_field_problems: Option<usize>,
    }
    #[derive(serde::Serialize)]
    struct Leads {
        file: String,
        leads: usize,
        mqls: usize,
        mql_rate: f64,
    }
    #[derive(serde::Serialize)]
    struct Summary<'a> {
        scenario: &'a str,
        qualify: &'a funnel_engine::scoring::Qualify,
        totals: Totals,
        #[serde(skip_serializing_if = "Option::is_none")]
        leads: Option<Leads>,
        examples: Vec<Row<'a>>,
    }

    let scenario = read_scenario(args)?;
    let path = args.target.as_deref().unwrap_or_default();
    if scenario.examples.is_empty() {
        return Err(bad(format!(
            "{path}: scenario '{}' has no examples to check: add leads the room agreed must or \
             must not be MQLs to its \"examples\" (see docs/model.md, Example leads)",
            scenario.name
        )));
    }
    let results = examples::check(&scenario.scoring, &scenario.examples);
    // With --leads: the file's MQLs, and every example's fields against the file's columns.
    let mut leads = None;
    let mut problems = vec![Vec::new(); results.len()];
    if let Some(file) = &args.leads {
        let sample = load_sample(args, &scenario)?;
        let scorer = Scorer::new(&scenario.scoring, &sample.table);
        for w in scorer.warnings() {
            say(&format!("warning: {w}"));
        }
        let mqls = sample.table.rows().filter(|r| scorer.score(r).mql).count();
        let n = sample.table.len();
        leads = Some(Leads {
            file: file.display().to_string(),
            leads: n,
            mqls,
            mql_rate: mqls as f64 / n as f64,
        });
        for (p, e) in problems.iter_mut().zip(&scenario.examples) {
            *p = examples::field_problems(e, &sample.table);
        }
    }
    let file = args.leads.as_ref().map(|f| f.display().to_string());
    let mut rows = Vec::with_capacity(results.len());
    for ((r, e), misfits) in results.iter().zip(&scenario.examples).zip(&problems) {
        let x = &r.explanation;
        if !x.missing_fields.is_empty() {
            let fields: Vec<String> = x.missing_fields.iter().map(|f| format!("'{f}'")).collect();
            let (noun, they) = match fields.len() {
                1 => ("field", "it counts"),
                _ => ("fields", "they count"),
            };
            say(&format!(
                "warning: example \"{}\" lacks {noun} {}, which the model reads: {they} as empty",
                r.name,
                fields.join(", ")
            ));
        }
        for note in &r.notes {
            say(&format!("note: example \"{}\": {note}", r.name));
        }
        if !r.holds {
            say(&format!("example \"{}\" {}", r.name, r.summary));
        }
        for m in misfits {
            say(&match &m.misfit {
                Misfit::NoSuchColumn { suggestion } => format!(
                    "example \"{}\" has field '{}', which is not a column of {}{}",
                    r.name,
                    m.field,
                    file.as_deref().unwrap_or("the leads"),
                    suggestion
                        .as_ref()
                        .map(|s| format!(" (did you mean '{s}'?)"))
                        .unwrap_or_default()
                ),
                Misfit::OtherKind { .. } => format!("example \"{}\": {}", r.name, m.message),
            });
        }
        rows.push(Row {
            name: &r.name,
            expected: r.expect,
            got: Expect::of(x.mql),
            holds: r.holds,
            summary: &r.summary,
            score: x.total,
            fit: x.fit,
            engagement: x.engagement,
            grade: &x.grade,
            fired: x
                .lines
                .iter()
                .map(|l| Fired {
                    label: &l.label,
                    points: l.points,
                })
                .collect(),
            missing_fields: &x.missing_fields,
            field_problems: file
                .as_ref()
                .map(|_| misfits.iter().map(|m| m.message.as_str()).collect()),
            note: e.note.as_deref(),
        });
    }
    let broken = results.iter().filter(|r| !r.holds).count();
    let misfitting = problems.iter().filter(|p| !p.is_empty()).count();
    let summary = Summary {
        scenario: &scenario.name,
        qualify: &scenario.scoring.qualify,
        totals: Totals {
            examples: results.len(),
            holding: results.len() - broken,
            broken,
            with_field_problems: file.as_ref().map(|_| misfitting),
        },
        leads,
        examples: rows,
    };
    print_json(&summary, "the check")?;
    let n = results.len();
    let failed = match (broken, misfitting) {
        (0, 0) => return Ok(()),
        (b, 0) => format!("{b} of {n} examples broken"),
        (0, m) => format!("{m} of {n} examples with fields that do not fit the leads"),
        (b, m) => format!("{b} of {n} examples broken, {m} with fields that do not fit the leads"),
    };
    Err(anyhow::anyhow!("check failed: {failed}"))
}
