//! `cargo xtask mock [--port N] [--token T] [--items N]`: runs the mock server of the `axero-mock`
//! crate (`mock/`) standalone, until Ctrl-C; it prints its base URL and the demo token.
//!
//! It runs the crate's binary through cargo rather than linking the mock into xtask: the mock is
//! built on the generated crate, and `cargo xtask gen` must build even when the generated code does not.

use std::process::Command;

/// Runs `cargo run -p axero-mock -- <args>` in this checkout.
pub fn run(args: &[String]) -> Result<(), String> {
    let root = crate::workspace_root()?;
    let status = Command::new(crate::cargo())
        .current_dir(&root)
        .args(["run", "--quiet", "--package", "axero-mock", "--bin", "axero-mock", "--"])
        .args(args)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() { Ok(()) } else { Err("the mock server stopped with an error".to_owned()) }
}
