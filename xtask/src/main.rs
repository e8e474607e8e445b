//! `cargo xtask`: Funnel Lab's own scripts, in Rust so they run the same on every machine.
//!
//! - `setup [--app]` installs what the tests (and with `--app`, the yew app) need, skipping
//!   whatever is already present;
//! - `test` is the whole check CI runs (`.ci/run`): the full set-up, fmt, clippy, native tests,
//!   the engine's tests on wasm32 under Node, a release build and a smoke run of the CLI, then
//!   the app: its browser tests in headless Chromium, a release `trunk build` into `dist/`,
//!   and the end-to-end test of that `dist/` served on 127.0.0.1;
//! - `serve` serves the app with `trunk serve --release` at <http://127.0.0.1:8080/>;
//! - `dist` builds the app in release into `dist/`;
//! - `e2e` is the last part of `test` alone (release builds, then the end-to-end test), for
//!   working on the page without waiting for everything before it;
//! - `bench` runs the engine's criterion benchmarks.
//!
//! xtask only orchestrates other programs; it holds no project logic, so nothing here may
//! depend on the engine, the CLI or the app crates.

mod app;
mod setup;
mod shell;
mod static_server;

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use shell::{display, run, Ctx};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  setup [--app]    install the wasm32 target and the wasm-bindgen CLI (with --app also Trunk,
                   binaryen and Chromium); skips what is present
  test             setup --app, fmt, clippy, tests (native, wasm32 under Node, the app in
                   headless Chromium), release builds, the end-to-end test of dist/
  serve            setup --app, then serve the app at http://127.0.0.1:8080/ (trunk serve)
  dist             setup --app, then build the app in release into dist/ (trunk build)
  e2e              setup --app, release builds of the CLI and dist/, then the end-to-end test
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
        Some("dist") if args.len() == 1 => dist(&ctx),
        Some("e2e") if args.len() == 1 => e2e(&ctx),
        Some("bench") => bench(&ctx, &args[1..]),
        Some("help" | "-h" | "--help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(_) => bail!("unknown task or arguments {args:?}\n\n{USAGE}"),
    }
}

/// One step of `test`: what to show, and what to do.
struct Step<'a> {
    name: String,
    action: Box<dyn FnOnce() -> Result<()> + 'a>,
}

impl<'a> Step<'a> {
    fn cmd(mut cmd: Command) -> Self {
        Self {
            name: display(&cmd),
            action: Box::new(move || run(&mut cmd)),
        }
    }

    fn with(name: &str, action: impl FnOnce() -> Result<()> + 'a) -> Self {
        Self {
            name: name.to_owned(),
            action: Box::new(action),
        }
    }
}

/// The full check, failing at the first step that fails. The order is cheapest-first so a
/// formatting slip is reported in seconds, not after a release build; the browser steps come
/// last because they need everything before them (the CLI for the digest, dist/ for e2e).
fn test(ctx: &Ctx) -> Result<()> {
    let mut times = Vec::new();

    let start = Instant::now();
    println!("==> step 0: setup --app");
    setup::setup(ctx, true).context("step 0 (setup --app) failed")?;
    times.push(("setup --app".to_owned(), start.elapsed()));

    let mut steps: Vec<Step> = Vec::new();
    let mut cargo = |args: &[&str]| {
        let mut cmd = ctx.cargo();
        cmd.args(args);
        steps.push(Step::cmd(cmd));
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
    // Most of the app only compiles for wasm32 (cfg-gated browser code and tests), so lint it
    // there too.
    cargo(&[
        "clippy",
        "-p",
        "funnel-lab-app",
        "--target",
        "wasm32-unknown-unknown",
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
    // The app's release build is Trunk's (wasm32, below); a native one would be wasted time.
    cargo(&[
        "build",
        "--release",
        "--workspace",
        "--exclude",
        "funnel-lab-app",
    ]);
    // Smoke: the release binary starts and prints the default preset. Its JSON is not shown,
    // only whether it exits 0.
    let mut smoke = ctx.cmd(release_bin(ctx));
    smoke.args(["preset", "default"]).stdout(Stdio::null());
    steps.push(Step::cmd(smoke));

    // The app: component and state tests in headless Chromium, then the built page end to end.
    steps.push(Step::cmd(app::browser_tests(ctx)));
    steps.push(Step::cmd(app::fetch_crates(ctx)));
    steps.push(Step::cmd(app::trunk(ctx, &["build", "--release"])));
    steps.push(Step::with("npm ci in tests/e2e", || app::npm_ci(ctx)));
    steps.push(Step::with(
        "end-to-end: dist/ on 127.0.0.1, node tests/e2e/e2e.mjs",
        || app::e2e(ctx, release_bin(ctx)),
    ));

    let total = steps.len();
    for (i, step) in steps.into_iter().enumerate() {
        let n = i + 1;
        println!("==> step {n}/{total}: {}", step.name);
        let start = Instant::now();
        let result = (step.action)();
        let took = start.elapsed();
        result.with_context(|| format!("step {n}/{total} failed after {}", secs(took)))?;
        println!("<== step {n}/{total} ok in {}", secs(took));
        times.push((step.name, took));
    }

    println!("\nall steps passed:");
    for (name, took) in &times {
        println!("  {:>8}  {name}", secs(*took));
    }
    let all: Duration = times.iter().map(|(_, t)| *t).sum();
    println!("  {:>8}  total", secs(all));
    Ok(())
}

/// Serve the app with live rebuilds. Release, because a debug build of the engine is far too
/// slow for the page's "numbers within a second", and the release build is what users get.
fn serve(ctx: &Ctx) -> Result<()> {
    setup::setup(ctx, true)?;
    run(&mut app::fetch_crates(ctx))?;
    println!(
        "serving Funnel Lab at {} once the first build is done (Ctrl-C to stop)",
        app::SERVE_URL
    );
    run(&mut app::trunk(ctx, &["serve", "--release"]))
}

/// Build the app in release into dist/, ready for any static file host.
fn dist(ctx: &Ctx) -> Result<()> {
    setup::setup(ctx, true)?;
    run(&mut app::fetch_crates(ctx))?;
    run(&mut app::trunk(ctx, &["build", "--release"]))?;
    println!("built the app into {}", ctx.root.join("dist").display());
    Ok(())
}

/// Only the end-to-end part of `test`, with what it needs built first.
fn e2e(ctx: &Ctx) -> Result<()> {
    dist(ctx)?;
    run(ctx
        .cargo()
        .args(["build", "--release", "-p", "funnel-lab-cli"]))?;
    app::npm_ci(ctx)?;
    app::e2e(ctx, release_bin(ctx))
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
