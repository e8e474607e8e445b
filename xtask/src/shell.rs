//! Running child processes: the workspace context every task shares, and the `run` helpers.
//!
//! Every child is built through [`Ctx::cmd`] so that it starts in the workspace root with the
//! same `PATH`: tools installed by `setup` (in `~/.cargo/bin` and `.tools/node_modules/.bin`)
//! must be found by cargo's wasm runner and by Trunk even when the user's shell lacks them.
//! This module must not decide *what* to run; the tasks do.

use std::env;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

/// Where things are, worked out once at start-up.
pub struct Ctx {
    /// The workspace root (the folder holding the root `Cargo.toml` and `Cargo.lock`).
    pub root: PathBuf,
    /// npm tools (binaryen's `wasm-opt`) live here rather than globally, so that a set-up
    /// never needs write access outside the repository and `.gitignore` can cover it.
    pub tools_dir: PathBuf,
    /// The `PATH` handed to every child.
    path: OsString,
}

impl Ctx {
    pub fn new() -> Result<Self> {
        // xtask lives one level below the root; CARGO_MANIFEST_DIR is baked in at compile time,
        // so this works from any current directory.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask's manifest folder has no parent")?
            .to_path_buf();
        // Where `cargo install` puts binaries.
        let cargo_bin = cargo_home()?.join("bin");
        let tools_dir = root.join(".tools");
        // Ours come first: a stale wasm-bindgen elsewhere on PATH must not shadow the pinned one.
        let mut dirs = vec![cargo_bin, tools_dir.join("node_modules").join(".bin")];
        if let Some(existing) = env::var_os("PATH") {
            dirs.extend(env::split_paths(&existing));
        }
        let path = env::join_paths(dirs).context("a PATH entry contains ':'")?;
        Ok(Self {
            root,
            tools_dir,
            path,
        })
    }

    /// A command for `program`, started in the workspace root with our `PATH`.
    ///
    /// On Unix, std looks the program up in the child's `PATH` when it was set, so tools that
    /// `setup` just installed are found even though our own `PATH` lacks them.
    pub fn cmd(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.root).env("PATH", &self.path);
        cmd
    }

    /// `cargo`, the same one that started xtask (cargo sets `CARGO` for `cargo run`), so the
    /// toolchain does not change under us.
    pub fn cargo(&self) -> Command {
        self.cmd(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
    }

    /// Cargo's target folder: `CARGO_TARGET_DIR` if set, else `<root>/target`.
    pub fn target_dir(&self) -> PathBuf {
        match env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => self.root.join(dir),
            None => self.root.join("target"),
        }
    }

    /// Whether `program` is an executable file in one of our `PATH` folders.
    pub fn on_path(&self, program: &str) -> bool {
        env::split_paths(&self.path).any(|dir| is_file(&dir.join(program)))
    }
}

fn cargo_home() -> Result<PathBuf> {
    if let Some(home) = env::var_os("CARGO_HOME") {
        return Ok(PathBuf::from(home));
    }
    let home = env::var_os("HOME").context("neither CARGO_HOME nor HOME is set")?;
    Ok(PathBuf::from(home).join(".cargo"))
}

pub fn is_file(path: &Path) -> bool {
    path.metadata().map(|m| m.is_file()).unwrap_or(false)
}

/// The command as a user would type it, for echoing and for error messages.
pub fn display(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program());
    // `CARGO` is the toolchain's full path; "cargo" is what the user would type.
    let program = if program.file_name() == Some(OsStr::new("cargo")) {
        "cargo".into()
    } else {
        program.to_string_lossy()
    };
    let mut words = vec![program.into_owned()];
    words.extend(cmd.get_args().map(|a| {
        let a = a.to_string_lossy();
        if a.is_empty() || a.contains(char::is_whitespace) {
            format!("'{a}'")
        } else {
            a.into_owned()
        }
    }));
    words.join(" ")
}

/// Echo `cmd`, run it with inherited stdio, and fail unless it exits 0.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = display(cmd);
    println!("$ {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Run a quiet probe such as `tool --version`: its trimmed stdout, or `None` if the program is
/// missing or fails. Not echoed, because probes are how `setup` decides to stay silent.
pub fn probe(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}
