//! `axero-codegen`: generates the typed Axero client from the YAML spec.
//!
//! The pipeline, one module per step:
//! [`load`] (YAML with positions → spec model) → [`validate`] (meaning, located diagnostics) →
//! [`lower`] (→ [`ir`], every Rust name decided, and [`features`]: which cargo features compile each item) → [`emit`] (a syntax tree, laid out as prettyplease would) → [`write`](mod@write)
//! (files on disk, or a staleness report). Beside emit, [`openapi`] exports the IR as an OpenAPI document.
//!
//! [`generate`] runs the first four steps (and the export) in memory; [`run`] adds the last, and serves
//! both `cargo xtask gen` and `cargo xtask check` (and the freshness test).

#![forbid(unsafe_code)]

pub mod conform;
pub mod diagnostic;
pub mod emit;
pub mod examples;
pub mod features;
pub mod fix;
pub mod ids;
pub mod ir;
pub mod lint;
pub mod listing;
pub mod load;
pub mod lower;
pub mod manifest;
pub mod naming;
pub mod openapi;
mod parallel;
pub mod provenance;
pub mod schema;
pub mod spec;
pub mod twin;
pub mod validate;
pub mod write;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics, Format};
pub use provenance::GeneratedFile;
pub use write::{Change, Mode};

/// Generates every file from spec sources already in memory: the Rust code, `API.md` and the OpenAPI
/// document, in path order.
pub fn generate_from(sources: &[load::Source]) -> Result<Vec<GeneratedFile>, Diagnostics> {
    files_of(&lower_sources(sources)?, sources)
}

/// [`generate_from`], from the IR.
fn files_of(ir: &ir::Ir, sources: &[load::Source]) -> Result<Vec<GeneratedFile>, Diagnostics> {
    let mut files = emit::emit(ir);
    files.push(emit::api_md(ir));
    files.push(openapi::file(ir).map_err(|message| internal_error(sources, &message))?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// A failure of the emitter (the spec was fine), as a diagnostic.
fn internal_error(sources: &[load::Source], message: &str) -> Diagnostics {
    let file = sources.first().map_or("spec", |s| s.display.as_str());
    let mut d = Diagnostics::default();
    d.push(Diagnostic::new(
        &diagnostic::Pos::new(&std::sync::Arc::from(file), 1, 1),
        format!("internal error, please report it: {message}"),
    ));
    d
}

/// Generates the mock server's endpoint table (`src/endpoints.rs` of the `axero-mock` crate) from spec
/// sources already in memory.
pub fn generate_mock_from(sources: &[load::Source]) -> Result<GeneratedFile, Diagnostics> {
    let ir = lower_sources(sources)?;
    Ok(emit::mock_endpoints(&ir))
}

/// Loads and validates spec sources: the checked spec, or every problem of every file (each with the
/// text of its file, for rendering).
pub fn check_sources(sources: &[load::Source]) -> Result<spec::Spec, Diagnostics> {
    let loaded = load::load(sources);
    let mut problems = validate::validate_loaded(&loaded);
    problems.extend(loaded.problems);
    let problems = with_sources(problems, sources);
    match loaded.api {
        Some(api) if problems.is_empty() => Ok(spec::Spec { api, categories: loaded.categories }),
        _ => Err(problems.sorted()),
    }
}

/// The warnings of spec sources that check ([`lint`]): empty when the spec has errors (those come
/// first).
pub fn warnings(sources: &[load::Source]) -> Diagnostics {
    match check_sources(sources) {
        Ok(spec) => lint::lint(&spec, sources),
        Err(_) => Diagnostics::default(),
    }
}

/// Loads, validates and lowers spec sources: the IR, or every problem found.
pub fn lower_sources(sources: &[load::Source]) -> Result<ir::Ir, Diagnostics> {
    let spec = check_sources(sources)?;
    lower::lower(&spec).map_err(|d| with_sources(d, sources))
}

/// `problems` with the text of every source, so that they render with their source lines.
fn with_sources(mut problems: Diagnostics, sources: &[load::Source]) -> Diagnostics {
    for s in sources {
        problems.add_source(&s.display, &s.text);
    }
    problems
}

/// Generates every file from the spec folder `spec_dir`, shown in diagnostics as `display_dir`.
pub fn generate(spec_dir: &Path, display_dir: &str) -> Result<Vec<GeneratedFile>, Diagnostics> {
    generate_from(&load::read_dir(spec_dir, display_dir)?)
}

/// Why [`run`] failed.
#[derive(Debug)]
pub enum RunError {
    /// The spec has errors.
    Spec(Diagnostics),
    /// The output folder is not a crate (it has no `Cargo.toml`).
    NotACrate(String),
    /// The output crate's `Cargo.toml` cannot take the generated features: the file as shown, and why.
    Manifest(String, String),
    /// Reading or writing files failed.
    Io(std::io::Error),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Spec(d) => write!(f, "{d}"),
            RunError::NotACrate(dir) => write!(
                f,
                "error: `{dir}` is not a crate (it has no Cargo.toml); --out names the crate to generate into"
            ),
            RunError::Manifest(file, why) => write!(f, "error: {file}: {why}"),
            RunError::Io(e) => write!(f, "error: {e}"),
        }
    }
}

impl std::error::Error for RunError {}

/// Where [`run`] reads and writes, and how to show those places.
#[derive(Debug, Clone)]
pub struct Paths<'a> {
    /// The spec folder.
    pub spec_dir: &'a Path,
    /// How the spec folder is shown, e.g. `spec`.
    pub spec_display: &'a str,
    /// The output crate folder.
    pub out_dir: &'a Path,
    /// How the output folder is shown, e.g. `generated`.
    pub out_display: &'a str,
}

/// Generates from the spec and writes (or, in [`Mode::Check`], only compares) the output crate's files,
/// and the block of features in its `Cargo.toml` ([`manifest`]). Returns what differed; in check mode an
/// empty list means the output is fresh.
pub fn run(paths: &Paths<'_>, mode: Mode) -> Result<Vec<Change>, RunError> {
    let manifest_path = paths.out_dir.join("Cargo.toml");
    if !manifest_path.is_file() {
        return Err(RunError::NotACrate(paths.out_display.to_owned()));
    }
    let sources = load::read_dir(paths.spec_dir, paths.spec_display).map_err(RunError::Spec)?;
    let ir = lower_sources(&sources).map_err(RunError::Spec)?;
    let mut files = files_of(&ir, &sources).map_err(RunError::Spec)?;
    let manifest = std::fs::read_to_string(&manifest_path).map_err(RunError::Io)?;
    let shown = format!("{}/Cargo.toml", paths.out_display.trim_end_matches('/'));
    let text = manifest::splice(&manifest, &manifest::block(&ir)).map_err(|why| RunError::Manifest(shown, why))?;
    files.push(GeneratedFile { path: "Cargo.toml".to_owned(), text });
    write::write(paths.out_dir, paths.out_display, &files, mode).map_err(RunError::Io)
}

/// Writes (or, in [`Mode::Check`], compares) the JSON Schema of the spec language ([`schema`]) in the
/// spec folder `paths.spec_dir`.
pub fn run_schema(paths: &Paths<'_>, mode: Mode) -> Result<Vec<Change>, RunError> {
    write::write(paths.spec_dir, paths.spec_display, &[schema::file()], mode).map_err(RunError::Io)
}

/// [`run`] for the command table of the `axero` binary: `paths.out_dir` is the `axero-cli` crate,
/// whose `src/commands.rs` is written (or, in [`Mode::Check`], compared).
pub fn run_cli(paths: &Paths<'_>, mode: Mode) -> Result<Vec<Change>, RunError> {
    if !paths.out_dir.join("Cargo.toml").is_file() {
        return Err(RunError::NotACrate(paths.out_display.to_owned()));
    }
    let sources = load::read_dir(paths.spec_dir, paths.spec_display).map_err(RunError::Spec)?;
    let ir = lower_sources(&sources).map_err(RunError::Spec)?;
    write::write(paths.out_dir, paths.out_display, &[emit::cli_commands(&ir)], mode).map_err(RunError::Io)
}

/// [`run`] for the mock server's endpoint table: `paths.out_dir` is the `axero-mock` crate, whose
/// `src/endpoints.rs` is written (or, in [`Mode::Check`], compared).
pub fn run_mock(paths: &Paths<'_>, mode: Mode) -> Result<Vec<Change>, RunError> {
    if !paths.out_dir.join("Cargo.toml").is_file() {
        return Err(RunError::NotACrate(paths.out_display.to_owned()));
    }
    let sources = load::read_dir(paths.spec_dir, paths.spec_display).map_err(RunError::Spec)?;
    let file = generate_mock_from(&sources).map_err(RunError::Spec)?;
    write::write(paths.out_dir, paths.out_display, &[file], mode).map_err(RunError::Io)
}
