//! `cargo xtask`: the maintainers' commands.
//!
//! - `cargo xtask gen [--spec DIR] [--out DIR]`: generate the client from the spec.
//! - `cargo xtask check [--spec DIR] [--out DIR]`: fail, changing nothing, when the output is stale or the
//!   spec has errors; one line per stale file or per error.
//! - `cargo xtask coverage [--spec DIR]`: the endpoints per category (method, path, Rust method) and totals.
//! - `cargo xtask bench`: the client benchmark, and the ratio of its medians to plain reqwest + serde_json.
//! - `cargo xtask fidelity [--json]`: how much of what the public sources show the spec holds (`xtask/src/fidelity.rs`).

#![forbid(unsafe_code)]

mod fidelity;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use axero_codegen::{Mode, Paths, RunError};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  gen        generate generated/src/api/ from spec/
  check      exit non-zero if generated/ is stale or the spec has errors (changes nothing)
  coverage   list the endpoints per category (method, path, Rust method) and the totals
  bench      run the client benchmark; print axero / plain reqwest+serde_json median ratios
  fidelity   measure the spec against ../shared/reference and xtask/fidelity/ (--json, --spec DIR)

options (gen, check, coverage):
  --spec DIR   the spec folder (default: spec/ of this workspace)
  --out DIR    the crate folder to generate into (default: generated/ of this workspace)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let result = match command.as_str() {
        "gen" => generate(rest, Mode::Write),
        "check" => generate(rest, Mode::Check),
        "coverage" => coverage(rest),
        "bench" => bench(rest),
        "fidelity" => fidelity::run(rest),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: the parent of this crate's folder.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Options shared by `gen` and `check`.
struct Options {
    spec: PathBuf,
    out: PathBuf,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let root = workspace_root();
    let mut options = Options { spec: root.join("spec"), out: root.join("generated") };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let slot = match arg.as_str() {
            "--spec" => &mut options.spec,
            "--out" => &mut options.out,
            other => return Err(format!("unknown option `{other}`\n\n{USAGE}")),
        };
        let value = it.next().ok_or_else(|| format!("`{arg}` needs a folder\n\n{USAGE}"))?;
        *slot = std::env::current_dir().map_err(|e| e.to_string())?.join(value);
    }
    Ok(options)
}

/// How to show `path`: relative to the current folder when it is inside it, else as given.
fn display(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let shown = path.strip_prefix(&cwd).unwrap_or(path);
    let s = shown.display().to_string();
    if s.is_empty() { ".".to_owned() } else { s }
}

fn generate(args: &[String], mode: Mode) -> Result<(), String> {
    let options = parse_options(args)?;
    let (spec_display, out_display) = (display(&options.spec), display(&options.out));
    let paths = Paths {
        spec_dir: &options.spec,
        spec_display: &spec_display,
        out_dir: &options.out,
        out_display: &out_display,
    };
    let changes = axero_codegen::run(&paths, mode).map_err(|e| match e {
        RunError::Spec(d) => format!("{d}{} error(s) in the spec", d.0.len()),
        RunError::Io(e) => format!("error: {e}"),
    })?;
    match mode {
        Mode::Write => {
            for c in &changes {
                println!("{}: {}", c.path(), c.done());
            }
            if changes.is_empty() {
                println!("{out_display}: up to date");
            }
            Ok(())
        }
        Mode::Check if changes.is_empty() => Ok(()),
        Mode::Check => {
            let lines: Vec<String> = changes.iter().map(ToString::to_string).collect();
            Err(format!("{}\n{} file(s) stale: run `cargo xtask gen`", lines.join("\n"), changes.len()))
        }
    }
}

fn coverage(args: &[String]) -> Result<(), String> {
    let options = parse_options(args)?;
    let sources = axero_codegen::load::read_dir(&options.spec, &display(&options.spec)).map_err(|d| d.to_string())?;
    let ir = axero_codegen::lower_sources(&sources).map_err(|d| format!("{d}{} error(s) in the spec", d.0.len()))?;
    let mut pairs = std::collections::BTreeSet::new();
    let mut total = 0;
    let mut summary = Vec::new();
    for c in &ir.categories {
        println!("{} ({} endpoints, client.{}())", c.module, c.endpoints.len(), c.module);
        for e in &c.endpoints {
            let paged = if e.paging.is_some() { format!("  (+ {}_stream)", e.rust) } else { String::new() };
            let deprecated = if e.docs.deprecated.is_some() { "  [deprecated]" } else { "" };
            println!("  {:<6} {:<58} {}{paged}{deprecated}", e.method.as_upper(), e.path, e.rust);
            pairs.insert((e.method.as_upper(), e.path.to_ascii_lowercase()));
        }
        println!();
        total += c.endpoints.len();
        summary.push(format!("{} {}", c.module, c.endpoints.len()));
    }
    println!("{}", summary.join(", "));
    println!(
        "total: {total} endpoints in {} categories; {} distinct method and path pairs",
        ir.categories.len(),
        pairs.len()
    );
    Ok(())
}

/// Runs the criterion benchmark of the client and prints, per group, the medians and their ratio.
fn bench(args: &[String]) -> Result<(), String> {
    let root = workspace_root();
    let status = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&root)
        .args(["bench", "-p", "axero-tests", "--bench", "client", "--"])
        .args(args.iter().filter(|a| *a != "--"))
        .status()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if !status.success() {
        return Err("cargo bench failed".into());
    }
    println!();
    for group in ["users_get", "content_list_25", "decode_content_25"] {
        let median = |id: &str| -> Result<f64, String> {
            let path = root.join("target/criterion").join(group).join(id).join("new/estimates.json");
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            json_number_after(&text, "\"median\"").ok_or_else(|| format!("{}: no median", path.display()))
        };
        let (ours, plain) = (median("axero")?, median("reqwest_serde_json")?);
        println!(
            "{group}: axero {:.1} µs, reqwest+serde_json {:.1} µs, ratio {:.3} (target ≤ 1.05)",
            ours / 1000.0,
            plain / 1000.0,
            ours / plain
        );
    }
    Ok(())
}

/// The `point_estimate` of the object that follows `key` in criterion's `estimates.json`.
fn json_number_after(text: &str, key: &str) -> Option<f64> {
    let rest = &text[text.find(key)?..];
    let rest = &rest[rest.find("\"point_estimate\"")? + "\"point_estimate\"".len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let end =
        rest.find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))).unwrap_or(rest.len());
    rest[..end].parse().ok()
}
