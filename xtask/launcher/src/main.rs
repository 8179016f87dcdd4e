//! `cargo xtask …` (the alias in `.cargo/config.toml`) runs this launcher, which has no dependencies and
//! builds in a moment. `cargo xtask mock …` runs the mock server's binary from its own crate, with
//! cargo's progress shown: it builds the client and the mock, never the generator. `cargo xtask probe …`
//! runs the drift probe's binary from its own crate (`probe/`), so that the `xtask` package builds no
//! HTTP client. Every other command runs the `xtask` package's binary (`xtask/src/main.rs`), which holds
//! them.

#![forbid(unsafe_code)]

use std::ffi::OsString;
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // What `cargo run` set for this binary must not reach the inner cargo: build scripts that watch
    // those variables (ring's) would run again and rebuild TLS and all above it, twice (here, and at the
    // next plain cargo command).
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        let set_by_cargo_run = ["CARGO_PKG_", "CARGO_MANIFEST_"].iter().any(|p| name.starts_with(p))
            || ["CARGO_CRATE_NAME", "CARGO_PRIMARY_PACKAGE", "CARGO_RUSTC_CURRENT_DIR"].contains(&name.as_ref());
        if set_by_cargo_run {
            command.env_remove(name.as_ref());
        }
    }
    match args.first().and_then(|a| a.to_str()) {
        // `cargo xtask mock [--port N] [--token T] [--items N]`: until Ctrl-C; it prints its base URL and
        // the demo token.
        Some("mock") => {
            command.args(["run", "--package", "axero-mock", "--bin", "axero-mock", "--"]).args(&args[1..]);
        }
        // `cargo xtask probe --base-url URL [--json] [--learn DIR] …` (token in AXERO_TOKEN): quiet, as
        // when `xtask` held it, so that the report is all there is to read.
        Some("probe") => {
            command.args(["run", "--quiet", "--package", "axero-probe", "--bin", "axero-probe", "--"]).args(&args[1..]);
        }
        _ => {
            command.args(["run", "--quiet", "--package", "xtask", "--"]).args(&args);
        }
    }
    match command.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(status.code().map_or(1, |c| u8::try_from(c).unwrap_or(1))),
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}
