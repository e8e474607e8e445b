//! `cargo xtask setup`: install the tools the tests and the app need, skipping what is present.
//!
//! Each tool is one [`Item`] in a table: a name and a `plan` function that probes the machine and
//! answers "present", "skip (why)" or "install with these commands". Probing is separate from
//! installing so that a warm machine prints one `ok` line per tool and runs nothing, and so that
//! after installing we can probe again and catch an install that did not give what we need.
//! Versions are pinned here (or read from Cargo.lock) because TOOLCHAIN.md records which
//! versions work with this Rust; this module must not pick "latest" of anything.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::shell::{display, is_file, probe, run, Ctx};

/// Trunk 0.22 needs a newer rustc than the project's 1.95 (TOOLCHAIN.md).
const TRUNK_VERSION: &str = "0.21.14";
/// Debian's binaryen is too old for what rustc 1.95 emits; npm's 132 is the checked one.
const BINARYEN_VERSION: &str = "132.0.0";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// What one item needs done.
enum Plan {
    /// Already there; the text says what was found.
    Present(String),
    /// Cannot or need not be done now; the text says why.
    Skip(String),
    /// Run these commands in order; `what` is the one-line summary printed first.
    Install { what: String, cmds: Vec<Command> },
}

struct Item {
    name: &'static str,
    plan: fn(&Ctx) -> Result<Plan>,
}

/// What `cargo xtask test` needs: the engine's tests compiled to wasm32 and run under Node.
const TEST_ITEMS: &[Item] = &[
    Item {
        name: "wasm32 target",
        plan: wasm_target,
    },
    Item {
        name: "wasm-bindgen CLI",
        plan: wasm_bindgen_cli,
    },
    Item {
        name: "Node.js",
        plan: node,
    },
];

/// What the yew app needs on top (Trunk build, wasm-opt in release, browser tests).
const APP_ITEMS: &[Item] = &[
    Item {
        name: "Trunk.toml pins",
        plan: trunk_toml_pins,
    },
    Item {
        name: "Trunk",
        plan: trunk,
    },
    Item {
        name: "binaryen (wasm-opt)",
        plan: binaryen,
    },
    Item {
        name: "Chromium + driver",
        plan: chromium,
    },
];

/// Bring the machine up to what the tests (and with `app`, the app) need.
pub fn setup(ctx: &Ctx, app: bool) -> Result<()> {
    let extra: &[Item] = if app { APP_ITEMS } else { &[] };
    for item in TEST_ITEMS.iter().chain(extra) {
        ensure(ctx, item).with_context(|| format!("setting up {} failed", item.name))?;
    }
    Ok(())
}

fn ensure(ctx: &Ctx, item: &Item) -> Result<()> {
    let name = item.name;
    match (item.plan)(ctx)? {
        Plan::Present(found) => println!("setup: {name:<22} ok ({found})"),
        Plan::Skip(why) => println!("setup: {name:<22} skipped: {why}"),
        Plan::Install { what, cmds } => {
            println!("setup: {name:<22} installing {what}");
            for mut cmd in cmds {
                run(&mut cmd)?;
            }
            // An install can "succeed" yet leave the wrong version first on PATH.
            match (item.plan)(ctx)? {
                Plan::Present(found) => println!("setup: {name:<22} ok ({found})"),
                Plan::Skip(why) => println!("setup: {name:<22} skipped: {why}"),
                Plan::Install { .. } => bail!("{name} is still missing or wrong after installing"),
            }
        }
    }
    Ok(())
}

fn wasm_target(ctx: &Ctx) -> Result<Plan> {
    // Ask rustc's sysroot rather than `rustup target list`: it is the toolchain cargo will use.
    let sysroot = probe(ctx.cmd("rustc").args(["--print", "sysroot"]))
        .context("`rustc --print sysroot` failed")?;
    let lib = Path::new(&sysroot)
        .join("lib/rustlib")
        .join(WASM_TARGET)
        .join("lib");
    if lib.is_dir() {
        return Ok(Plan::Present(WASM_TARGET.into()));
    }
    let mut cmd = ctx.cmd("rustup");
    cmd.args(["target", "add", WASM_TARGET]);
    Ok(Plan::Install {
        what: format!("with `{}`", display(&cmd)),
        cmds: vec![cmd],
    })
}

fn wasm_bindgen_cli(ctx: &Ctx) -> Result<Plan> {
    let lock_path = ctx.root.join("Cargo.lock");
    let lock = match fs::read_to_string(&lock_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Plan::Skip("no Cargo.lock yet".into()))
        }
        Err(e) => return Err(e).with_context(|| format!("reading {}", lock_path.display())),
    };
    // The CLI must match the library exactly: the runner refuses a schema from another version.
    let version = match lock_versions(&lock, "wasm-bindgen").as_slice() {
        [] => return Ok(Plan::Skip("no wasm-bindgen in Cargo.lock yet".into())),
        [one] => one.clone(),
        many => bail!(
            "Cargo.lock has several wasm-bindgen versions ({}); one CLI can serve only one",
            many.join(", ")
        ),
    };
    let found = probe(ctx.cmd("wasm-bindgen").arg("--version"))
        .map(|v| v.trim_start_matches("wasm-bindgen ").to_owned());
    let runner = ctx.on_path("wasm-bindgen-test-runner");
    if found.as_deref() == Some(version.as_str()) && runner {
        return Ok(Plan::Present(format!("{version}, matching Cargo.lock")));
    }
    // No --locked: with it the install fails here, a locked dependency version is missing from
    // the registry (TOOLCHAIN.md). cargo install replaces another installed version by itself.
    let mut cmd = ctx.cargo();
    cmd.args(["install", "wasm-bindgen-cli", "--version", &version]);
    Ok(Plan::Install {
        what: format!(
            "{version} (found {}) with `{}`, about 2.5 minutes",
            found.as_deref().unwrap_or("none"),
            display(&cmd)
        ),
        cmds: vec![cmd],
    })
}

fn node(ctx: &Ctx) -> Result<Plan> {
    // wasm-bindgen-test-runner runs non-browser tests under Node. The project's machines ship
    // it, so there is nothing to install; say so plainly rather than fail deep in cargo test.
    match probe(ctx.cmd("node").arg("--version")) {
        Some(v) => Ok(Plan::Present(v)),
        None => bail!("`node` not found: the wasm tests run under Node.js; install it first"),
    }
}

fn trunk(ctx: &Ctx) -> Result<Plan> {
    let found =
        probe(ctx.cmd("trunk").arg("--version")).map(|v| v.trim_start_matches("trunk ").to_owned());
    if found.as_deref() == Some(TRUNK_VERSION) {
        return Ok(Plan::Present(TRUNK_VERSION.into()));
    }
    // --locked is fine for Trunk (checked) and keeps its many dependencies reproducible.
    let mut cmd = ctx.cargo();
    cmd.args(["install", "--locked", &format!("trunk@{TRUNK_VERSION}")]);
    Ok(Plan::Install {
        what: format!(
            "{TRUNK_VERSION} (found {}) with `{}`, about 8 minutes",
            found.as_deref().unwrap_or("none"),
            display(&cmd)
        ),
        cmds: vec![cmd],
    })
}

/// Trunk.toml pins the wasm-bindgen and wasm-opt versions Trunk accepts; with `offline = true`
/// a pin that differs from what setup installs fails the build deep inside Trunk. Catch it here
/// with the fix in the message instead (a wasm-bindgen bump in Cargo.lock needs both).
fn trunk_toml_pins(ctx: &Ctx) -> Result<Plan> {
    let path = ctx.root.join("Trunk.toml");
    let toml = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let lock = fs::read_to_string(ctx.root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    let wanted_opt = format!("version_{major}");
    let wanted_bindgen = match lock_versions(&lock, "wasm-bindgen").as_slice() {
        [one] => one.clone(),
        other => bail!("expected one wasm-bindgen in Cargo.lock, found {other:?}"),
    };
    for (key, wanted) in [("wasm_bindgen", &wanted_bindgen), ("wasm_opt", &wanted_opt)] {
        let found = toml_string(&toml, key);
        if found.as_deref() != Some(wanted.as_str()) {
            bail!(
                "Trunk.toml [tools] {key} is {} but must be \"{wanted}\" (what setup installs): \
                 set `{key} = \"{wanted}\"`",
                found.map_or("missing".into(), |f| format!("\"{f}\""))
            );
        }
    }
    Ok(Plan::Present(format!(
        "wasm-bindgen {wanted_bindgen}, wasm-opt {wanted_opt}"
    )))
}

/// The string value of the first `key = "value"` line, ignoring sections: good enough for the
/// two unique keys above without a TOML parser.
fn toml_string(toml: &str, key: &str) -> Option<String> {
    toml.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        if k.trim() != key {
            return None;
        }
        let v = v.split('#').next()?.trim();
        Some(v.strip_prefix('"')?.strip_suffix('"')?.to_owned())
    })
}

fn binaryen(ctx: &Ctx) -> Result<Plan> {
    // Probe our copy by path: a Debian wasm-opt elsewhere on PATH would be too old.
    let wasm_opt = ctx.tools_dir.join("node_modules/.bin/wasm-opt");
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    if is_file(&wasm_opt) {
        if let Some(v) = probe(ctx.cmd(&wasm_opt).arg("--version")) {
            if v.starts_with(&format!("wasm-opt version {major}")) {
                return Ok(Plan::Present(format!("{v}, in .tools/")));
            }
        }
    }
    // npm creates the --prefix folder and its package.json itself.
    let mut cmd = ctx.cmd("npm");
    cmd.arg("install")
        .arg("--prefix")
        .arg(&ctx.tools_dir)
        .args(["--no-audit", "--no-fund", "--save-exact"])
        .arg(format!("binaryen@{BINARYEN_VERSION}"));
    Ok(Plan::Install {
        what: format!("{BINARYEN_VERSION} into .tools/ with `{}`", display(&cmd)),
        cmds: vec![cmd],
    })
}

fn chromium(ctx: &Ctx) -> Result<Plan> {
    // The paths the browser tests and TOOLCHAIN.md use; Debian installs exactly these.
    let browser = Path::new("/usr/bin/chromium");
    let driver = Path::new("/usr/bin/chromedriver");
    if is_file(browser) && is_file(driver) {
        return Ok(Plan::Present(
            "/usr/bin/chromium, /usr/bin/chromedriver".into(),
        ));
    }
    let cmds = vec![
        apt_get(ctx, &["update"])?,
        apt_get(ctx, &["install", "-y", "chromium", "chromium-driver"])?,
    ];
    Ok(Plan::Install {
        what: "Debian chromium + chromium-driver with apt-get".into(),
        cmds,
    })
}

/// `apt-get ARGS`, never prompting (CI has no stdin), through `sudo -n` when we are not root.
fn apt_get(ctx: &Ctx, args: &[&str]) -> Result<Command> {
    let root = probe(ctx.cmd("id").arg("-u")).as_deref() == Some("0");
    let mut cmd = if root {
        let mut cmd = ctx.cmd("apt-get");
        cmd.env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    } else if ctx.on_path("sudo") {
        // sudo drops most of the environment, so pass DEBIAN_FRONTEND through `env`;
        // -n makes a password prompt an error instead of a hang.
        let mut cmd = ctx.cmd("sudo");
        cmd.args(["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        cmd
    } else {
        bail!("apt-get needs root, and sudo is not installed");
    };
    cmd.args(args);
    Ok(cmd)
}

/// The versions of every `[[package]]` called `name` in Cargo.lock's text.
///
/// A hand parser rather than a TOML crate: the lock's layout is regular and xtask stays on
/// anyhow + std.
fn lock_versions(lock: &str, name: &str) -> Vec<String> {
    let wanted = format!("name = \"{name}\"");
    lock.split("[[package]]")
        .skip(1)
        .filter(|block| block.lines().any(|l| l.trim() == wanted))
        .filter_map(|block| {
            block.lines().find_map(|l| {
                let v = l.trim().strip_prefix("version = \"")?;
                v.strip_suffix('"').map(str::to_owned)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{lock_versions, toml_string};

    #[test]
    fn reads_trunk_toml_pins() {
        let toml = "[build]\ntarget = \"index.html\"\n\n[tools]\n\
                    wasm_bindgen = \"0.2.130\"  # = Cargo.lock\nwasm_opt=\"version_132\"\n";
        assert_eq!(
            toml_string(toml, "wasm_bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            toml_string(toml, "wasm_opt").as_deref(),
            Some("version_132")
        );
        assert_eq!(toml_string(toml, "sass"), None);
    }

    fn check(lock: &str, expected: &[&str]) {
        assert_eq!(lock_versions(lock, "wasm-bindgen"), expected);
    }

    #[test]
    fn finds_exact_package_only() {
        let lock = r#"
version = 4

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.130"
dependencies = [
 "wasm-bindgen",
]

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;
        check(lock, &["0.2.130"]);
    }

    #[test]
    fn none_and_several() {
        check("version = 4\n", &[]);
        check(
            "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.1\"\n\n\
             [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.2\"\n",
            &["0.2.1", "0.2.2"],
        );
    }
}
