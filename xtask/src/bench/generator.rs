//! `cargo xtask bench generator`: the generator against progenitor on the same API.
//!
//! For the Axero spec and synthetic specs of 100, 1,000 and 10,000 endpoints ([`super::synthetic`]):
//! - ours: the Rust client generated in process from the spec's text (load, validate, lower, emit; the
//!   OpenAPI export is not part of it), median of 21 runs after one untimed run;
//! - progenitor (crates.io, `bench/progenitor-compare`, a workspace of its own) from our OpenAPI 3.0
//!   export of the same spec, in its builder and positional styles, timed in its process the same way
//!   (the document's text to formatted code, as progenitor's README does it);
//! - lines per endpoint of what each writes;
//! - `cargo check` and a debug `cargo build` of each generated crate alone, its dependencies built
//!   first (scratch crates under the target folder; [`super::compile`]).
//!
//! Everything runs in a release build of xtask (`cargo xtask bench` builds one and runs it).

use std::path::{Path, PathBuf};
use std::time::Instant;

use axero_codegen::load::Source;
use serde_json::{Value, json};

use super::compile::{self, Compiled};
use super::mix::Mix;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Fewer runs and sizes, for a look rather than a figure.
    pub quick: bool,
    /// Leave progenitor out.
    pub no_progenitor: bool,
    /// Leave `cargo check` and `cargo build` out.
    pub no_compile: bool,
    /// Synthetic sizes to compile too (besides the Axero spec).
    pub compile_at: Vec<usize>,
    /// Synthetic sizes to generate (default: 100, 1,000 and 10,000; with `quick`, 100 and 1,000).
    pub sizes: Option<Vec<usize>>,
}

/// The two interface styles of progenitor.
pub const STYLES: [&str; 2] = ["builder", "positional"];

/// One generator's figures on one spec.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// Timed runs.
    pub runs: usize,
    /// Median generation time, milliseconds.
    pub median_ms: f64,
    /// Lines written (Rust only).
    pub lines: usize,
    /// Endpoints (ours: methods; progenitor: operations).
    pub endpoints: usize,
    /// `cargo check` and debug `cargo build` of the generated crate, when measured.
    pub compiled: Option<Compiled>,
}

impl Figures {
    /// Lines per endpoint.
    pub fn lines_per_endpoint(&self) -> f64 {
        self.lines as f64 / self.endpoints.max(1) as f64
    }

    fn json(&self) -> Value {
        json!({
            "runs": self.runs,
            "median_ms": self.median_ms,
            "lines": self.lines,
            "endpoints": self.endpoints,
            "lines_per_endpoint": self.lines_per_endpoint(),
            "compiled": self.compiled.as_ref().map(Compiled::json),
        })
    }
}

/// Every generator's figures on one spec.
#[derive(Debug, Clone)]
pub struct SpecFigures {
    /// `axero` or `synthetic 1000`.
    pub name: String,
    /// Endpoints in the spec.
    pub endpoints: usize,
    pub ours: Figures,
    /// Our OpenAPI 3.0 export of the same IR, median milliseconds (not part of `ours`).
    pub openapi_ms: f64,
    /// Per style, when progenitor ran.
    pub progenitor: Vec<(String, Figures)>,
    /// The one-minute load average before and after this spec's measurements.
    pub load: (Option<f64>, Option<f64>),
}

/// The generator section's results.
#[derive(Debug, Clone)]
pub struct Report {
    pub specs: Vec<SpecFigures>,
    /// The changes made to the exported document for progenitor (the Axero spec's).
    pub changes: Vec<String>,
    /// The mix of the Axero spec and of the synthetic spec of 1,000 endpoints.
    pub mix: Vec<(String, Mix)>,
    /// Threads the generator may use.
    pub threads: usize,
    /// Whether peak memory could be measured.
    pub memory_measured: bool,
}

/// Runs the section in the checkout at `root`, with its target folder `target`.
pub fn run(root: &Path, target: &Path, options: &Options) -> Result<Report, String> {
    let work = target.join("bench-generator");
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let compare = if options.no_progenitor { None } else { Some(build_progenitor_compare(root, target)?) };
    let sizes: &[usize] = match (&options.sizes, options.quick) {
        (Some(sizes), _) => sizes,
        (None, true) => &[100, 1_000],
        (None, false) => &[100, 1_000, 10_000],
    };
    let mut inputs = vec![(
        "axero".to_owned(),
        axero_codegen::load::read_dir(&root.join("spec"), "spec").map_err(|d| d.to_string())?,
    )];
    inputs.extend(sizes.iter().map(|&n| (format!("synthetic {n}"), super::synthetic::spec(n))));
    let mut report = Report {
        specs: Vec::new(),
        changes: Vec::new(),
        mix: Vec::new(),
        threads: std::thread::available_parallelism().map_or(1, usize::from),
        memory_measured: compile::memory_measurable(),
    };
    for (name, sources) in &inputs {
        let ir = axero_codegen::lower_sources(sources).map_err(|d| d.to_string())?;
        if name == "axero" || name == "synthetic 1000" {
            report.mix.push((name.clone(), Mix::of(&ir)));
        }
        let slug = name.replace(' ', "-");
        let dir = work.join(&slug);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let large = ir.categories.iter().map(|c| c.endpoints.len()).sum::<usize>() > 5_000;
        let runs = match (options.quick, large) {
            (true, _) => 5,
            (false, true) => 11,
            (false, false) => 21,
        };
        let load_before = super::load();
        eprintln!("bench: {name}: ours, {runs} runs");
        let ours = time_ours(sources, runs)?;
        let openapi_ms = time_openapi(&ir, runs)?;
        let mut figures = SpecFigures {
            name: name.clone(),
            endpoints: ours.endpoints,
            ours,
            openapi_ms,
            progenitor: Vec::new(),
            load: (load_before, None),
        };
        let compile_this = !options.no_compile
            && (name == "axero" || options.compile_at.iter().any(|n| *name == format!("synthetic {n}")));
        if compile_this {
            eprintln!("bench: {name}: cargo check and build of ours");
            let krate = compile::ours_crate(root, &work, &slug, &ir)?;
            figures.ours.compiled = Some(compile::measure(&krate, &work, if options.quick { 1 } else { 3 })?);
        }
        if let Some(compare) = &compare {
            let document = dir.join("openapi-3.0.json");
            let text =
                serde_json::to_string(&axero_codegen::openapi::document(&ir, axero_codegen::openapi::Version::V3_0))
                    .map_err(|e| e.to_string())?;
            std::fs::write(&document, text).map_err(|e| format!("{}: {e}", document.display()))?;
            for style in STYLES {
                let out = dir.join(format!("progenitor-{style}.rs"));
                let (runs, seconds) = if options.quick { (3, 5.0) } else { (21, 30.0) };
                eprintln!("bench: {name}: progenitor {style}, up to {runs} runs");
                let (mut p, result) = time_progenitor(compare, &document, style, &out, runs, seconds)?;
                if name == "axero" {
                    report.changes = result["changes"]
                        .as_array()
                        .map(|c| c.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
                        .unwrap_or_default();
                }
                if compile_this {
                    eprintln!("bench: {name}: cargo check and build of progenitor {style}");
                    let deps: Vec<String> = result["dependencies"]
                        .as_array()
                        .map(|d| d.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
                        .unwrap_or_default();
                    let krate = compile::progenitor_crate(root, &work, &format!("{style}-{slug}"), &out, &deps)?;
                    p.compiled = Some(compile::measure(&krate, &work, if options.quick { 1 } else { 3 })?);
                }
                figures.progenitor.push((style.to_owned(), p));
            }
        }
        figures.load.1 = super::load();
        report.specs.push(figures);
    }
    Ok(report)
}

/// The median of `times`.
fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Our generator in process: the spec's text (already read) to the Rust files, `runs` times after one
/// untimed run.
fn time_ours(sources: &[Source], runs: usize) -> Result<Figures, String> {
    let generate = || -> Result<Vec<axero_codegen::GeneratedFile>, String> {
        let ir = axero_codegen::lower_sources(std::hint::black_box(sources)).map_err(|d| d.to_string())?;
        Ok(axero_codegen::emit::emit(&ir))
    };
    let files = generate()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(generate()?);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let ir = axero_codegen::lower_sources(sources).map_err(|d| d.to_string())?;
    Ok(Figures {
        runs,
        median_ms: median(&mut times),
        lines: files.iter().map(|f| f.text.lines().count()).sum(),
        endpoints: ir.categories.iter().map(|c| c.endpoints.len()).sum(),
        compiled: None,
    })
}

/// Our OpenAPI 3.0 export of `ir` (the document as JSON text, as progenitor reads it), median of `runs`.
fn time_openapi(ir: &axero_codegen::ir::Ir, runs: usize) -> Result<f64, String> {
    let export = || {
        let document = axero_codegen::openapi::document(ir, axero_codegen::openapi::Version::V3_0);
        serde_json::to_string(&document).map_err(|e| e.to_string())
    };
    export()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        std::hint::black_box(export()?);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(median(&mut times))
}

/// Builds `bench/progenitor-compare` (release, its own lock file) and returns its binary.
fn build_progenitor_compare(root: &Path, target: &Path) -> Result<PathBuf, String> {
    eprintln!("bench: building bench/progenitor-compare (progenitor from crates.io; the first time takes minutes)");
    let manifest = root.join("bench/progenitor-compare/Cargo.toml");
    let status = std::process::Command::new(crate::checkout::cargo())
        .current_dir(root)
        .args(["build", "--release", "--locked", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cannot run cargo build: {e}"))?;
    if !status.success() {
        return Err("building bench/progenitor-compare failed".into());
    }
    Ok(target.join("release").join(format!("progenitor-compare{}", std::env::consts::EXE_SUFFIX)))
}

/// Progenitor in its own process on `document`: its figures and its report.
fn time_progenitor(
    compare: &Path,
    document: &Path,
    style: &str,
    out: &Path,
    runs: usize,
    seconds: f64,
) -> Result<(Figures, Value), String> {
    let output = std::process::Command::new(compare)
        .arg("--spec")
        .arg(document)
        .args(["--style", style, "--runs", &runs.to_string(), "--seconds", &seconds.to_string(), "--out"])
        .arg(out)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", compare.display()))?;
    if !output.status.success() {
        return Err(format!("progenitor ({style}) failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let result: Value = serde_json::from_slice(&output.stdout).map_err(|e| format!("progenitor-compare: {e}"))?;
    let number = |key: &str| result[key].as_f64().unwrap_or(f64::NAN);
    let figures = Figures {
        runs: number("runs") as usize,
        median_ms: number("median_ms"),
        lines: number("lines") as usize,
        endpoints: number("operations") as usize,
        compiled: None,
    };
    Ok((figures, result))
}

/// The targets on the Axero spec, as the highest ratio ours/builder: generation time, lines per endpoint,
/// and each figure of `cargo check` and `cargo build`.
const GENERATION: f64 = 0.05;
const LINES: f64 = 0.25;
const COMPILE: f64 = 0.3;

/// One figure of the table: its label, JSON key, unit, how to read it, its target on the Axero spec
/// (the highest ratio ours/builder), and whether a ratio means anything.
struct Measure {
    label: &'static str,
    key: &'static str,
    unit: &'static str,
    get: fn(&Figures) -> Option<f64>,
    target: Option<f64>,
    ratio: bool,
}

const MEASURES: [Measure; 7] = [
    Measure {
        label: "generation",
        key: "generation_ms",
        unit: "ms",
        get: |f| Some(f.median_ms),
        target: Some(GENERATION),
        ratio: true,
    },
    Measure { label: "lines", key: "lines", unit: "", get: |f| Some(f.lines as f64), target: None, ratio: true },
    Measure {
        label: "lines per endpoint",
        key: "lines_per_endpoint",
        unit: "1",
        get: |f| Some(f.lines_per_endpoint()),
        target: Some(LINES),
        ratio: true,
    },
    Measure {
        label: "cargo check",
        key: "check_s",
        unit: "s",
        get: |f| Some(f.compiled?.check.seconds),
        target: Some(COMPILE),
        ratio: true,
    },
    Measure {
        label: "cargo check peak memory",
        key: "check_max_rss_mb",
        unit: "MB",
        get: |f| f.compiled?.check.max_rss_mb,
        target: Some(COMPILE),
        ratio: true,
    },
    Measure {
        label: "debug build",
        key: "build_s",
        unit: "s",
        get: |f| Some(f.compiled?.build.seconds),
        target: Some(COMPILE),
        ratio: true,
    },
    Measure {
        label: "debug build peak memory",
        key: "build_max_rss_mb",
        unit: "MB",
        get: |f| f.compiled?.build.max_rss_mb,
        target: Some(COMPILE),
        ratio: true,
    },
];

/// The ratios ours/progenitor of one spec, per style and figure, with the targets (Axero spec only).
fn ratios_json(s: &SpecFigures) -> Value {
    let mut styles = serde_json::Map::new();
    for (style, theirs) in &s.progenitor {
        let mut figures = serde_json::Map::new();
        for m in MEASURES.iter().filter(|m| m.ratio) {
            if let (Some(a), Some(b)) = ((m.get)(&s.ours), (m.get)(theirs)) {
                let target = m.target.filter(|_| s.name == "axero" && style == "builder");
                figures.insert(m.key.into(), json!({"ratio": ratio(a, b), "target": target}));
            }
        }
        styles.insert(style.clone(), figures.into());
    }
    styles.into()
}

fn verdict(ratio: f64, max: f64) -> &'static str {
    if ratio.is_nan() {
        "n/a"
    } else if ratio <= max {
        "met"
    } else {
        "MISSED"
    }
}

fn ratio(ours: f64, theirs: f64) -> f64 {
    if theirs > 0.0 { ours / theirs } else { f64::NAN }
}

/// The report as a table: each figure for ours and both styles, the ratios, and each target.
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let line = |out: &mut String, text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    line(
        &mut out,
        format!(
            "generator (release build, in process, medians; {} thread(s) available; progenitor {}):",
            r.threads, "0.15.1 from crates.io"
        ),
    );
    for s in &r.specs {
        let get = |style: &str| s.progenitor.iter().find(|(n, _)| n == style).map(|(_, f)| f);
        let (builder, positional) = (get("builder"), get("positional"));
        let operations =
            builder.map(|b| format!(", {} operations in the OpenAPI document", b.endpoints)).unwrap_or_default();
        line(&mut out, format!("\n{} ({} endpoints{operations})", s.name, s.endpoints));
        line(
            &mut out,
            format!(
                "  {:<28} {:>11} {:>11} {:>11}   {:>18} {:>12}",
                "", "ours", "builder", "positional", "ours/builder", "ours/posit."
            ),
        );
        let row = |out: &mut String,
                   label: &str,
                   unit: &str,
                   f: &dyn Fn(&Figures) -> Option<f64>,
                   target: Option<f64>,
                   ratios: bool| {
            let Some(ours) = f(&s.ours) else {
                return;
            };
            let b = builder.and_then(f);
            let p = positional.and_then(f);
            let show = |v: Option<f64>| match v {
                Some(v) if v.is_finite() => format_value(v, unit),
                _ => "-".to_owned(),
            };
            let rb = b.filter(|_| ratios).map(|b| ratio(ours, b));
            let rp = p.filter(|_| ratios).map(|p| ratio(ours, p));
            let ratio_b = match (rb, target) {
                (Some(x), Some(t)) => format!("{x:.3} (≤{t}: {})", verdict(x, t)),
                (Some(x), None) => format!("{x:.3}"),
                (None, _) => String::new(),
            };
            line(
                out,
                format!(
                    "  {label:<28} {:>11} {:>11} {:>11}   {ratio_b:>18} {:>12}",
                    show(Some(ours)),
                    show(b),
                    show(p),
                    rp.map_or(String::new(), |x| format!("{x:.3}"))
                ),
            );
        };
        let axero = s.name == "axero";
        for m in MEASURES {
            row(&mut out, m.label, m.unit, &m.get, m.target.filter(|_| axero), m.ratio);
            if m.key == "generation_ms" {
                row(&mut out, "  (timed runs)", "", &|f| Some(f.runs as f64), None, false);
            }
        }
        line(
            &mut out,
            format!(
                "  ours, OpenAPI 3.0 export of the same spec (not in `generation`): {}; load average {} → {}",
                format_value(s.openapi_ms, "ms"),
                s.load.0.map_or("?".to_owned(), |l| format!("{l:.2}")),
                s.load.1.map_or("?".to_owned(), |l| format!("{l:.2}")),
            ),
        );
    }
    let ours = |name: &str| r.specs.iter().find(|s| s.name == name).map(|s| s.ours.median_ms);
    line(&mut out, "\nabsolute targets (ours):".to_owned());
    if let Some(a) = ours("axero") {
        line(&mut out, format!("  Axero spec in process: {} (≤ 25 ms: {})", format_value(a, "ms"), verdict(a, 25.0)));
    }
    if let Some(t) = ours("synthetic 10000") {
        line(
            &mut out,
            format!("  10,000 endpoints: {} (≤ 1.5 s: {})", format_value(t, "ms"), verdict(t / 1000.0, 1.5)),
        );
        if let Some(k) = ours("synthetic 1000") {
            line(&mut out, format!("  10,000 / 1,000: {:.2} (linear: ≤ 11: {})", t / k, verdict(t / k, 11.0)));
        }
    }
    if !r.changes.is_empty() {
        line(&mut out, "\nprogenitor reads a copy of our OpenAPI 3.0 export, changed where it refuses it:".to_owned());
        for c in &r.changes {
            line(&mut out, format!("  - {c}"));
        }
    }
    if !r.memory_measured {
        line(&mut out, "\npeak memory: not measured (needs GNU time as /usr/bin/time)".to_owned());
    }
    line(
        &mut out,
        "\ngeneration, ours: the spec's text (in memory) to the Rust files (load, validate, lower, emit; no file \
         read or written; the OpenAPI export, which `cargo xtask gen` also writes, is not included and is timed \
         on its own). Progenitor: the document's text to formatted code (serde_json, generate_tokens, syn, \
         prettyplease), in its own process. Lines per endpoint: ours per method, progenitor per operation. \
         cargo check/build: the generated crate alone, dependencies built, CARGO_INCREMENTAL=0, median of the \
         runs; peak memory: the largest process (rustc), the highest of the runs."
            .to_owned(),
    );
    if r.mix.len() == 2 {
        line(
            &mut out,
            format!("\nmix (real spec | synthetic 1,000):\n{}", super::mix::render(&r.mix[0].1, &r.mix[1].1)),
        );
    }
    out
}

fn format_value(v: f64, unit: &str) -> String {
    match unit {
        "ms" if v >= 1000.0 => format!("{:.2} s", v / 1000.0),
        "ms" => format!("{v:.1} ms"),
        "s" => format!("{v:.2} s"),
        "MB" => format!("{v:.0} MB"),
        "1" => format!("{v:.1}"),
        _ => format!("{v:.0}"),
    }
}

/// The report as JSON.
pub fn json(r: &Report) -> Value {
    let specs: Vec<Value> = r
        .specs
        .iter()
        .map(|s| {
            let progenitor: serde_json::Map<String, Value> =
                s.progenitor.iter().map(|(style, f)| (style.clone(), f.json())).collect();
            json!({
                "name": s.name,
                "endpoints": s.endpoints,
                "ours": s.ours.json(),
                "ours_openapi_export_ms": s.openapi_ms,
                "progenitor": progenitor,
                "ratios_ours_over_progenitor": ratios_json(s),
                "load_before": s.load.0,
                "load_after": s.load.1,
            })
        })
        .collect();
    json!({
        "threads": r.threads,
        "progenitor_version": "0.15.1",
        "specs": specs,
        "progenitor_document_changes": r.changes,
        "mix": r.mix.iter().map(|(name, m)| json!({"spec": name, "mix": m.json()})).collect::<Vec<_>>(),
    })
}
