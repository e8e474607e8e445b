//! The browser app's steps: Trunk builds and serves, the browser tests, the end-to-end run.
//!
//! Trunk reads `Trunk.toml` (offline, pinned wasm-bindgen and wasm-opt), so it must find both
//! tools on the `PATH` that [`Ctx`] hands to children and must never download anything. The
//! end-to-end test is `tests/e2e/e2e.mjs` (Node + playwright-core driving the system Chromium)
//! against `dist/` served by [`StaticServer`]. This module runs programs; it decides nothing
//! about what the app shows, which is the test's business.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result};

use crate::shell::{run, Ctx};
use crate::static_server::StaticServer;

/// Where Debian's chromium-driver puts the driver (`setup --app` installs it).
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Trunk.toml's `[serve]` address; printed for the user, Trunk itself reads Trunk.toml.
pub const SERVE_URL: &str = "http://127.0.0.1:8080/";
/// Written into `node_modules` after a successful `npm ci`: the lock it installed.
const NPM_STAMP: &str = ".xtask-installed-lock.json";

/// `trunk ARGS`, from the workspace root so Trunk finds Trunk.toml.
pub fn trunk(ctx: &Ctx, args: &[&str]) -> Command {
    let mut cmd = ctx.cmd("trunk");
    cmd.args(args);
    cmd
}

/// `cargo fetch`: Trunk.toml makes Trunk run cargo with `--offline` (so that it never downloads
/// a tool), which needs every crate in the local registry first. Quick when they are.
pub fn fetch_crates(ctx: &Ctx) -> Command {
    let mut cmd = ctx.cargo();
    cmd.arg("fetch");
    cmd
}

/// The app's wasm-bindgen-test suites in headless Chromium through chromedriver.
///
/// wasm-bindgen-test-runner 0.2.130 adds `headless`, `no-sandbox` and `disable-dev-shm-usage`
/// itself and reads further capabilities (the Chromium binary, the quieting flags from
/// TOOLCHAIN.md) from `webdriver.json`; we name that file explicitly so the result does not
/// depend on the runner's working directory.
pub fn browser_tests(ctx: &Ctx) -> Command {
    let mut cmd = ctx.cargo();
    cmd.args([
        "test",
        "-p",
        "funnel-lab-app",
        "--target",
        "wasm32-unknown-unknown",
    ])
    .env("CHROMEDRIVER", CHROMEDRIVER)
    .env(
        "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
        ctx.root.join("webdriver.json"),
    )
    .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
    // chromedriver can take more than the default 5 s to bind on a busy 2-core machine.
    .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "30");
    cmd
}

/// `npm ci` in tests/e2e, unless node_modules already holds exactly this package-lock.json.
pub fn npm_ci(ctx: &Ctx) -> Result<()> {
    let dir = e2e_dir(ctx);
    let lock_path = dir.join("package-lock.json");
    let lock = fs::read(&lock_path).with_context(|| format!("reading {}", lock_path.display()))?;
    let stamp = dir.join("node_modules").join(NPM_STAMP);
    if fs::read(&stamp).ok().as_deref() == Some(lock.as_slice()) {
        println!("tests/e2e/node_modules is current with package-lock.json; npm ci skipped");
        return Ok(());
    }
    let mut cmd = ctx.cmd("npm");
    cmd.current_dir(&dir)
        .args(["ci", "--no-audit", "--no-fund"])
        // playwright-core installs no browser, but say so twice: we use /usr/bin/chromium.
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    run(&mut cmd)?;
    fs::write(&stamp, &lock).with_context(|| format!("writing {}", stamp.display()))
}

/// Serve `dist/` on a free loopback port and run the end-to-end test against it.
pub fn e2e(ctx: &Ctx, cli: PathBuf) -> Result<()> {
    let dist = ctx.root.join("dist");
    let server = StaticServer::start(&dist)?;
    let url = server.url();
    println!("serving {} at {url}/", dist.display());
    let mut cmd = ctx.cmd("node");
    cmd.arg(e2e_dir(ctx).join("e2e.mjs"))
        .arg(format!("{url}/"))
        .env("FUNNEL_LAB_CLI", cli)
        .env("FUNNEL_LAB_SUB_PATH", crate::static_server::SUB_PATH)
        .env("FUNNEL_LAB_TARGET_DIR", ctx.target_dir());
    let mut result = run(&mut cmd);
    if result.is_ok() {
        // Lighthouse on the same served page: accessibility 1, best practices at least 0.95.
        let mut lh = ctx.cmd("node");
        lh.arg(e2e_dir(ctx).join("lighthouse.mjs"))
            .arg(format!("{url}/"))
            .env("CHROME_PATH", "/usr/bin/chromium")
            .env("FUNNEL_LAB_TARGET_DIR", ctx.target_dir());
        result = run(&mut lh);
    }
    drop(server);
    result
}

fn e2e_dir(ctx: &Ctx) -> PathBuf {
    ctx.root.join("tests").join("e2e")
}
