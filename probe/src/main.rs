//! `axero-probe`: how far a live Axero site has drifted from the spec, and spec types learnt from its
//! answers.
//!
//! - `axero-probe --base-url URL [--json] [--learn DIR] [--spec DIR] …` (token in `AXERO_TOKEN`): calls
//!   every GET endpoint of the spec and reports, per endpoint, OK, an HTTP error or drift (`probe.rs`);
//!   with `--learn DIR`, a proposed spec fragment for each untyped or drifted endpoint (`learn.rs`).
//!   Exits 1 on drift.
//!
//! In a checkout, `cargo xtask probe …` runs this binary (the launcher, `xtask/launcher`, starts it with
//! `cargo run -p axero-probe`), so that `xtask`, which generates the client, builds no HTTP client;
//! `cargo install --path probe` installs it. Without `--spec`, the spec is the `spec/` folder of the
//! checkout the probe is run from (any folder inside it), found at run time by walking up.

#![forbid(unsafe_code)]

mod learn;
mod probe;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match probe::run(&args) {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::FAILURE,
        Err(message) => {
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::FAILURE
        }
    }
}

/// The spec of the checkout the probe runs in: `spec/` of the nearest folder, from the current one up,
/// whose `Cargo.toml` declares a `[workspace]` and which has a `spec/` folder.
fn checkout_spec() -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    cwd.ancestors()
        .find(|dir| {
            dir.join("spec").is_dir()
                && std::fs::read_to_string(dir.join("Cargo.toml"))
                    .is_ok_and(|toml| toml.lines().any(|l| l.trim() == "[workspace]"))
        })
        .map(|root| root.join("spec"))
        .ok_or_else(|| {
            format!(
                "error: {} is not inside an axero-rs checkout (no Cargo.toml with [workspace] next to a spec/ folder above it); `--spec DIR` names the spec folder",
                cwd.display()
            )
        })
}

/// How to show `path`: relative to the current folder (`spec`, or `../spec` from `generator/`) when the
/// two share a root, else as given.
fn display(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let common = cwd.components().zip(path.components()).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return path.display().to_string();
    }
    let mut shown = PathBuf::new();
    for _ in common..cwd.components().count() {
        shown.push("..");
    }
    shown.extend(path.components().skip(common));
    let s = shown.display().to_string();
    if s.is_empty() { ".".to_owned() } else { s }
}
