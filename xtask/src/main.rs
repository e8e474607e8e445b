//! `cargo xtask`: Funnel Lab's own scripts, in Rust so they run the same on every machine.
//!
//! - `setup [--app]` installs what the tests (and with `--app`, the yew app) need, skipping
//!   whatever is already present;
//! - `test` is the whole check CI runs (`.ci/run`): set-up, fmt, clippy, native tests, the
//!   engine's tests on wasm32 under Node, a release build and a smoke run of the CLI;
//! - `serve` shows the default scenario (the CLI for now, the app once it exists);
//! - `bench` runs the engine's criterion benchmarks.
//!
//! xtask only orchestrates other programs; it holds no project logic, so nothing here may
//! depend on the engine or the CLI crates.

mod setup;
mod shell;

use std::fs;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use shell::{display, run, run_capture, Ctx};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  setup [--app]    install the wasm32 target and the wasm-bindgen CLI (with --app also Trunk,
                   binaryen and Chromium); skips what is present
  test             setup, fmt, clippy, tests (native and wasm32), release build, smoke run
  serve            build the CLI and simulate the default preset
  bench [ARGS..]   cargo bench -p funnel-engine (ARGS go to criterion)";

fn main() -> ExitCode {
    match xtask() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One readable chain ("step 2/7 failed …: `cargo clippy …` failed …") rather than
            // anyhow's Debug form, which adds a backtrace whenever RUST_BACKTRACE is set.
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn xtask() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ctx = Ctx::new()?;
    match args.first().map(String::as_str) {
        Some("setup") => match &args[1..] {
            [] => setup::setup(&ctx, false),
            [flag] if flag == "--app" => setup::setup(&ctx, true),
            other => bail!("setup: unexpected arguments {other:?}\n\n{USAGE}"),
        },
        Some("test") if args.len() == 1 => test(&ctx),
        Some("serve") if args.len() == 1 => serve(&ctx),
        Some("bench") => bench(&ctx, &args[1..]),
        Some("help" | "-h" | "--help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(_) => bail!("unknown task or arguments {args:?}\n\n{USAGE}"),
    }
}

/// The full check, failing at the first step that fails. The order is cheapest-first so a
/// formatting slip is reported in seconds, not after a release build.
fn test(ctx: &Ctx) -> Result<()> {
    let mut times = Vec::new();

    let start = Instant::now();
    println!("==> step 0: setup");
    setup::setup(ctx, false).context("step 0 (setup) failed")?;
    times.push(("setup".to_owned(), start.elapsed()));

    let mut steps: Vec<Command> = Vec::new();
    let mut cargo = |args: &[&str]| {
        let mut cmd = ctx.cargo();
        cmd.args(args);
        steps.push(cmd);
    };
    cargo(&["fmt", "--all", "--", "--check"]);
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    cargo(&["test", "--workspace"]);
    // The runner comes from .cargo/config.toml (wasm-bindgen-test-runner); Ctx puts
    // ~/.cargo/bin on the child's PATH so it is found even from a bare CI shell.
    cargo(&[
        "test",
        "-p",
        "funnel-engine",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    cargo(&["build", "--release", "--workspace"]);
    // Smoke: the release binary starts and prints the default preset. Its JSON is not shown,
    // only whether it exits 0.
    let mut smoke = ctx.cmd(release_bin(ctx));
    smoke.args(["preset", "default"]).stdout(Stdio::null());
    steps.push(smoke);

    let total = steps.len();
    for (i, mut cmd) in steps.into_iter().enumerate() {
        let n = i + 1;
        let shown = display(&cmd);
        println!("==> step {n}/{total}");
        let start = Instant::now();
        let result = run(&mut cmd);
        let took = start.elapsed();
        result.with_context(|| format!("step {n}/{total} failed after {}", secs(took)))?;
        println!("<== step {n}/{total} ok in {}", secs(took));
        times.push((shown, took));
    }

    println!("\nall steps passed:");
    for (name, took) in &times {
        println!("  {:>8}  {name}", secs(*took));
    }
    let all: Duration = times.iter().map(|(_, t)| *t).sum();
    println!("  {:>8}  total", secs(all));
    Ok(())
}

/// Show the default scenario.
///
/// Until the yew app exists this is the CLI stand-in below. When the app lands it becomes
/// `setup::setup(ctx, true)` (Trunk, binaryen, Chromium) followed by `trunk serve` from the
/// workspace root; Ctx's PATH already carries `.tools/node_modules/.bin` for Trunk's wasm-opt.
fn serve(ctx: &Ctx) -> Result<()> {
    run(ctx
        .cargo()
        .args(["build", "--release", "-p", "funnel-lab-cli"]))?;
    let bin = release_bin(ctx);
    let preset = ctx.target_dir().join("default.json");
    let json = run_capture(ctx.cmd(&bin).args(["preset", "default"]))?;
    fs::write(&preset, json).with_context(|| format!("writing {}", preset.display()))?;
    println!("wrote {}", preset.display());
    run(ctx.cmd(&bin).arg("simulate").arg(&preset))
}

fn bench(ctx: &Ctx, extra: &[String]) -> Result<()> {
    let mut cmd = ctx.cargo();
    cmd.args(["bench", "-p", "funnel-engine"]);
    if !extra.is_empty() {
        cmd.arg("--").args(extra);
    }
    run(&mut cmd)
}

fn release_bin(ctx: &Ctx) -> PathBuf {
    ctx.target_dir().join("release").join("funnel-lab")
}

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}
