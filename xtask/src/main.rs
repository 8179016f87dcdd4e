//! `cargo xtask`: the maintainers' commands.
//!
//! - `cargo xtask gen [--spec DIR] [--out DIR] [--fix]`: generate the client from the spec (`--fix` first
//!   applies the certain fixes of the spec's problems).
//! - `cargo xtask check [--spec DIR] [--out DIR]`: fail, changing nothing, when the output is stale or the
//!   spec has errors; one line per stale file or per error.
//! - `cargo xtask coverage [--spec DIR]`: the endpoints per category (method, path, Rust method) and totals,
//!   and how many of the endpoints that return data have an example in the spec.
//! - `cargo xtask openapi [--version 3.0|3.1] [--out FILE] [--spec DIR]`: the spec as an OpenAPI document
//!   (3.1 by default, as committed in `generated/openapi.yaml`), to the file or to stdout.
//! - `cargo xtask bench [client|generator] [--json] [--quick]`: the client against plain reqwest + serde_json,
//!   and the generator against progenitor on the same API (`xtask/src/bench/`).
//! - `cargo xtask msrv`: every dependency of the published crates supports the stated `rust-version`.
//! - `cargo xtask breaking <git-rev>`: what changed for callers since that revision, and the semver
//!   verdict (`xtask/src/breaking.rs`).
//! - `cargo xtask fidelity [--json]`: how much of what the public sources show the spec holds (`xtask/src/fidelity.rs`).
//! - `cargo xtask mock [--port N]`: the mock server of the `axero-mock` crate, standalone; the launcher
//!   (`xtask/launcher`, what the `cargo xtask` alias runs) runs the mock's own binary, so that this
//!   package and the generator are not built for it.
//! - `cargo xtask probe --base-url URL [--json] [--learn DIR]`: drift of a live site from the spec, and
//!   spec types learnt from its answers; the launcher runs the `axero-probe` binary (crate `probe/`), so
//!   that this package builds no HTTP client (no reqwest, hyper, rustls or tokio).
//!
//! Every command works in the checkout it is run from (any folder inside it): the root is found at run
//! time, never taken from where this binary was compiled, so that with a target folder shared by several
//! clones, a binary built in one never writes into another (`checkout.rs`).

#![forbid(unsafe_code)]

mod bench;
mod breaking;
mod checkout;
mod fidelity;
mod msrv;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use axero_codegen::{Diagnostics, Format, Mode, Paths, RunError};

use checkout::{display, workspace_root};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  gen        generate generated/src/api/ from spec/
  check      exit non-zero if generated/ is stale or the spec has errors (changes nothing)
  coverage   list the endpoints per category (method, path, Rust method) and the totals, and how
             many data-returning endpoints have an example
  openapi    write the spec as an OpenAPI document: --version 3.0|3.1 (default 3.1), --out FILE
             (default: stdout); `gen` also writes the 3.1 document as generated/openapi.yaml
  bench      benchmarks: `bench client` (axero / plain reqwest+serde_json median ratios), `bench
             generator` (generation time, lines, cargo check/build of the generated crate, against
             progenitor on the same API; --json, --quick, --compile-at N), or both (the default)
  fidelity   measure the spec against ../shared/reference and xtask/fidelity/ (--json, --spec DIR)
  msrv       check that what axero and axero-runtime build with supports the stated rust-version
  breaking   what changed for callers since a git revision (`breaking <rev>`, --spec DIR): the API
             lines gone or changed (breaking) and new (additive), and the semver verdict
  mock       run the mock server that knows the spec (--port N, default 8765); prints its URL and token
  probe      call every GET endpoint of a live site (--base-url URL, token in AXERO_TOKEN) and report
             drift from the spec (--json; --learn DIR proposes spec types); exits 1 on drift. It is the
             `axero-probe` binary (probe/), which the launcher runs; `probe --help` lists its options

options (gen, check, coverage, openapi):
  --fix                     (gen) first apply the certain fixes of the spec's errors and warnings to
                            its files, and say which; a \"maybe\" (a declared name close to the one
                            written, which may mean something else) is left for you to check
  --spec DIR                the spec folder (default: spec/ of this checkout)
  --out DIR                 the crate to generate into (default: generated/ of this checkout); it must
                            have a Cargo.toml, and only files with the generated header are removed
  --message-format FORMAT   how spec errors are shown: `human` (source line, caret and help, like
                            rustc; the default), `short` (one line each, for CI logs and editors) or
                            `json` (one object per line, with the fix, for tools)
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
        "openapi" => openapi(rest),
        "bench" => bench::run(rest),
        "fidelity" => fidelity::run(rest),
        "msrv" => msrv::run(rest),
        "breaking" => breaking::run(rest),
        "mock" => {
            Err("`mock` is run by `cargo xtask mock` (xtask/launcher), which starts the mock's own binary".to_owned())
        }
        "probe" => {
            Err("`probe` is run by `cargo xtask probe` (xtask/launcher), which starts the probe's binary".to_owned())
        }
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

/// Options shared by `gen`, `check` and `coverage`.
struct Options {
    spec: PathBuf,
    out: PathBuf,
    /// The mock server's crate, whose endpoint table is generated too (when `--out` is not given).
    mock: Option<PathBuf>,
    /// The command line's crate, whose command table is generated too (when `--out` is not given).
    cli: Option<PathBuf>,
    format: Format,
    /// `--fix`: apply the certain fixes to the spec files first.
    fix: bool,
    /// Whether the spec folder is this checkout's `spec/`, where the JSON Schema of the spec language is
    /// written (`spec/spec.schema.json`).
    schema: bool,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let (mut spec, mut out, mut format, mut fix) = (None, None, None, false);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if arg == "--fix" {
            fix = true;
            continue;
        }
        let value = it.next().ok_or_else(|| format!("`{arg}` needs a value\n\n{USAGE}"))?;
        match arg.as_str() {
            "--spec" => spec = Some(cwd.join(value)),
            "--out" => out = Some(cwd.join(value)),
            "--message-format" => {
                format = Some(match value.as_str() {
                    "human" => Format::Human { color: std::io::stderr().is_terminal() },
                    "short" => Format::Short,
                    "json" => Format::Json,
                    other => return Err(format!("unknown message format `{other}`: use `human`, `short` or `json`")),
                })
            }
            other => return Err(format!("unknown option `{other}`\n\n{USAGE}")),
        }
    }
    let format = format.unwrap_or(Format::Human { color: std::io::stderr().is_terminal() });
    let schema = spec.is_none();
    let cli = match &out {
        None => workspace_root().ok().map(|r| r.join("cli")).filter(|c| c.join("Cargo.toml").is_file()),
        Some(_) => None,
    };
    let (spec, out, mock) = match (spec, out) {
        (Some(spec), Some(out)) => (spec, out, None),
        (spec, out) => {
            let root = workspace_root()?;
            let mock = (out.is_none() && root.join("mock/Cargo.toml").is_file()).then(|| root.join("mock"));
            (spec.unwrap_or_else(|| root.join("spec")), out.unwrap_or_else(|| root.join("generated")), mock)
        }
    };
    Ok(Options { spec, out, mock, cli, format, fix, schema })
}

/// Spec errors as the maintainer asked for them, and a closing count.
fn spec_errors(d: &Diagnostics, format: Format) -> String {
    if format == Format::Json {
        // Nothing but the objects, one per line, for the tool that reads them.
        return d.render(format);
    }
    let n = d.len();
    let certain = axero_codegen::fix::certain(d).len();
    let fixable = match certain {
        0 => String::new(),
        c => format!("; {c} with a certain fix (`cargo xtask gen --fix` applies it)"),
    };
    format!("{}error: the spec has {n} error{}{fixable}", d.render(format), if n == 1 { "" } else { "s" })
}

/// `--fix`: applies the certain fixes of the spec's errors and warnings to its files, round after round
/// (a fix may let a file be read further), and says what it did. The "maybe" fixes are left to a person.
fn fix_spec(spec: &Path, spec_display: &str) -> Result<(), String> {
    for _ in 0..8 {
        let sources = match axero_codegen::load::read_dir(spec, spec_display) {
            Ok(sources) => sources,
            Err(_) => return Ok(()),
        };
        let found = match axero_codegen::check_sources(&sources) {
            Ok(_) => axero_codegen::warnings(&sources),
            Err(errors) => errors,
        };
        let certain = axero_codegen::fix::certain(&found);
        if certain.is_empty() {
            return Ok(());
        }
        let fixed = axero_codegen::fix::apply(&sources, certain.iter().filter_map(|d| d.fix.as_ref()));
        for (before, after) in sources.iter().zip(&fixed) {
            let file_name = |display: &str| display.rsplit('/').next().unwrap_or(display).to_owned();
            let (old, new) = (spec.join(file_name(&before.display)), spec.join(file_name(&after.display)));
            if before.text != after.text {
                std::fs::write(&old, &after.text).map_err(|e| format!("cannot write {}: {e}", old.display()))?;
            }
            if old != new {
                std::fs::rename(&old, &new).map_err(|e| format!("cannot rename {}: {e}", old.display()))?;
            }
        }
        for d in certain {
            eprintln!("fixed: {}: {}", d.pos, d.help.as_deref().unwrap_or(&d.message));
        }
    }
    Ok(())
}

fn generate(args: &[String], mode: Mode) -> Result<(), String> {
    let options = parse_options(args)?;
    let (spec_display, out_display) = (display(&options.spec), display(&options.out));
    if options.fix {
        if mode == Mode::Check {
            return Err("`check` changes nothing; `cargo xtask gen --fix` applies the certain fixes".to_owned());
        }
        fix_spec(&options.spec, &spec_display)?;
    }
    let paths = Paths {
        spec_dir: &options.spec,
        spec_display: &spec_display,
        out_dir: &options.out,
        out_display: &out_display,
    };
    let shown = |e: RunError| match e {
        RunError::Spec(d) => spec_errors(&d, options.format),
        other => other.to_string(),
    };
    let mut changes = axero_codegen::run(&paths, mode).map_err(shown)?;
    if let Some(mock) = &options.mock {
        let mock_display = display(mock);
        let paths = Paths { out_dir: mock, out_display: &mock_display, ..paths };
        changes.extend(axero_codegen::run_mock(&paths, mode).map_err(shown)?);
    }
    if let Some(cli) = &options.cli {
        let cli_display = display(cli);
        let paths = Paths { out_dir: cli, out_display: &cli_display, ..paths };
        changes.extend(axero_codegen::run_cli(&paths, mode).map_err(shown)?);
    }
    if options.schema {
        changes.extend(axero_codegen::run_schema(&paths, mode).map_err(shown)?);
    }
    // Warnings: `gen` shows them and goes on; `check` (CI) fails on them.
    let sources = axero_codegen::load::read_dir(&options.spec, &spec_display).map_err(|d| shown(RunError::Spec(d)))?;
    let warnings = axero_codegen::warnings(&sources);
    if !warnings.is_empty() {
        eprint!("{}", warnings.render(options.format));
        if mode == Mode::Check {
            let n = warnings.len();
            return Err(format!(
                "error: the spec has {n} warning{} (`# allow(<code>)` on its line allows one it means)",
                if n == 1 { "" } else { "s" }
            ));
        }
    }
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
    let sources = axero_codegen::load::read_dir(&options.spec, &display(&options.spec))
        .map_err(|d| spec_errors(&d, options.format))?;
    let ir = axero_codegen::lower_sources(&sources).map_err(|d| spec_errors(&d, options.format))?;
    let mut pairs = std::collections::BTreeSet::new();
    let mut total = 0;
    let (mut with_id_args, mut with_id_setters) = (0, 0);
    let mut summary = Vec::new();
    let types = axero_codegen::examples::Types::of(&ir);
    let mut examples = Vec::new();
    for c in &ir.categories {
        let returning: Vec<_> = c.endpoints.iter().filter(|e| e.returns.is_some()).collect();
        let shown = returning.iter().filter(|e| types.has_example(e)).count();
        examples.push((c.module.as_str(), shown, returning.len()));
        println!("{} ({} endpoints, client.{}())", c.module, c.endpoints.len(), c.module);
        for e in &c.endpoints {
            let paged = if e.paging.is_some() { "  (paged)" } else { "" };
            let deprecated = if e.docs.deprecated.is_some() { "  [deprecated]" } else { "" };
            let example = if e.returns.is_some() && !types.has_example(e) { "  (no example)" } else { "" };
            println!("  {:<6} {:<58} {}{paged}{deprecated}{example}", e.method.as_upper(), e.path, e.rust);
            pairs.insert((e.method.as_upper(), e.path.to_ascii_lowercase()));
            let is_id = |ty: &axero_codegen::ir::Ty| ty.mentions().0;
            let body_id =
                matches!(&e.body, Some(axero_codegen::ir::BodyIr::Json { ty, constant: None, .. }) if is_id(ty));
            with_id_args += usize::from(body_id || e.params.iter().any(|p| p.is_arg() && is_id(&p.ty)));
            with_id_setters += usize::from(e.params.iter().any(|p| p.is_optional() && is_id(&p.ty)));
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
    println!("typed ids: {with_id_args} endpoints take one as an argument, {with_id_setters} as a setter");
    println!();
    let line = |name: &str, rows: &[&(&str, usize, usize)]| {
        let (shown, all) = rows.iter().fold((0, 0), |(s, a), (_, shown, all)| (s + shown, a + all));
        println!("examples: {name}: {shown} of {all} data-returning endpoints");
    };
    for row in &examples {
        line(row.0, &[row]);
    }
    let guide: Vec<_> = examples.iter().filter(|(module, ..)| GUIDE_CATEGORIES.contains(module)).collect();
    line("the guide's eight categories", &guide);
    line("total", &examples.iter().collect::<Vec<_>>());
    Ok(())
}

/// The categories of Axero's guide to its REST API (`using-the-rest-api.txt`), whose every
/// data-returning endpoint has an example (`tests/tests/api_listing.rs` checks it).
const GUIDE_CATEGORIES: [&str; 8] =
    ["users", "content", "spaces", "chat", "comments", "permissions", "recognition", "analytics"];

/// Writes the spec as an OpenAPI document: `--version 3.0|3.1` (3.1 by default), `--out FILE` (stdout
/// by default); the other options are those of `gen`.
fn openapi(args: &[String]) -> Result<(), String> {
    let (mut version, mut out, mut rest) = (axero_codegen::openapi::Version::V3_1, None, Vec::new());
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--version" | "--out" => {
                let value = it.next().ok_or_else(|| format!("`{arg}` needs a value\n\n{USAGE}"))?;
                if arg == "--out" {
                    out = Some(value.clone());
                } else {
                    version = axero_codegen::openapi::Version::parse(value)
                        .ok_or_else(|| format!("unknown OpenAPI version `{value}`: use `3.0` or `3.1`"))?;
                }
            }
            _ => rest.push(arg.clone()),
        }
    }
    let options = parse_options(&rest)?;
    let sources = axero_codegen::load::read_dir(&options.spec, &display(&options.spec))
        .map_err(|d| spec_errors(&d, options.format))?;
    let ir = axero_codegen::lower_sources(&sources).map_err(|d| spec_errors(&d, options.format))?;
    let text = axero_codegen::openapi::yaml(&ir, version)?;
    match out {
        None => print!("{text}"),
        Some(file) => {
            let path = std::env::current_dir().map_err(|e| e.to_string())?.join(&file);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            std::fs::write(&path, text).map_err(|e| format!("{file}: {e}"))?;
            eprintln!("{file}: written (OpenAPI {})", version.number());
        }
    }
    Ok(())
}
