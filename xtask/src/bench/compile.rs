//! `cargo check` and a debug `cargo build` of a generated crate alone: each generated client goes into a
//! scratch crate of its own under the target folder (its own workspace, one shared target folder), its
//! dependencies are built once untimed, then the crate is compiled again and again (its `lib.rs`
//! touched, incremental compilation off, so that each run compiles the whole crate), timed, with the
//! peak memory of the largest process (rustc) from GNU time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Instant, SystemTime};

use serde_json::{Value, json};

/// One kind of compilation: median time and the peak memory of its run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run {
    /// Median wall time, seconds.
    pub seconds: f64,
    /// The largest peak resident memory of the runs, megabytes (when GNU time is there).
    pub max_rss_mb: Option<f64>,
}

/// `cargo check` and debug `cargo build` of one generated crate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Compiled {
    pub check: Run,
    pub build: Run,
    pub runs: usize,
}

impl Compiled {
    /// As JSON.
    pub fn json(&self) -> Value {
        json!({
            "runs": self.runs,
            "check_s": self.check.seconds,
            "check_max_rss_mb": self.check.max_rss_mb,
            "build_s": self.build.seconds,
            "build_max_rss_mb": self.build.max_rss_mb,
        })
    }
}

const GNU_TIME: &str = "/usr/bin/time";

/// Whether GNU time can report peak memory here.
pub fn memory_measurable() -> bool {
    Command::new(GNU_TIME)
        .args(["-f", "%M", "true"])
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stderr).trim().parse::<u64>().is_ok())
}

/// The scratch crate of our client for the spec `slug`, generated from `ir`.
pub fn ours_crate(root: &Path, work: &Path, slug: &str, ir: &axero_codegen::ir::Ir) -> Result<PathBuf, String> {
    let dir = work.join("crates").join(format!("axero-{slug}"));
    let runtime = root.join("runtime");
    let manifest = format!(
        "[package]\nname = \"bench-axero-{slug}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\naxero-runtime = {{ path = {:?} }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n\n\
         [features]\ndefault = [\"full\"]\n{}",
        runtime.display().to_string(),
        // One feature per category, as `generated/Cargo.toml` has them: generated code is gated by them.
        axero_codegen::manifest::block(ir)
    );
    // As `generated/src/lib.rs` and every `--out` crate: the API module, the runtime's names re-exported.
    let lib = "#[rustfmt::skip]\nmod api;\n\npub use api::*;\npub use axero_runtime::{Error, Page, PageRequest, PageStream, Result, Upload};\n";
    scratch_crate(&dir, &manifest, lib, Some(&root.join("Cargo.lock")))?;
    let files = axero_codegen::emit::emit(ir);
    axero_codegen::write::write(&dir, &dir.display().to_string(), &files, axero_codegen::Mode::Write)
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

/// The scratch crate of progenitor's client `code` (a file) in `style`, with the crates it uses.
pub fn progenitor_crate(root: &Path, work: &Path, name: &str, code: &Path, deps: &[String]) -> Result<PathBuf, String> {
    let dir = work.join("crates").join(format!("progenitor-{name}"));
    let mut manifest = format!(
        "[package]\nname = \"bench-progenitor-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [workspace]\n\n[dependencies]\n\
         # What progenitor's README lists for a generated client.\n\
         progenitor-client = \"0.15.1\"\nfutures = \"0.3\"\n\
         reqwest = {{ version = \"0.13\", features = [\"json\", \"query\", \"stream\"] }}\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n"
    );
    for dep in deps {
        manifest.push_str(match dep.as_str() {
            "chrono" => "chrono = { version = \"0.4\", default-features = false, features = [\"serde\"] }\n",
            "uuid" => "uuid = { version = \"1\", features = [\"serde\", \"v4\"] }\n",
            "regress" => "regress = \"0.12\"\n",
            "base64" => "base64 = \"0.22\"\n",
            "rand" => "rand = \"0.9\"\n",
            _ => "",
        });
    }
    let lib = std::fs::read_to_string(code).map_err(|e| format!("{}: {e}", code.display()))?;
    let lock = root.join("bench/progenitor-compare/Cargo.lock");
    scratch_crate(&dir, &manifest, &lib, Some(&lock))?;
    Ok(dir)
}

/// Writes a crate: `Cargo.toml`, `src/lib.rs`, and a lock file to start from (cargo keeps what fits).
fn scratch_crate(dir: &Path, manifest: &str, lib: &str, lock: Option<&Path>) -> Result<(), String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let write = |path: PathBuf, text: &str| std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()));
    write(dir.join("Cargo.toml"), manifest)?;
    write(src.join("lib.rs"), lib)?;
    if let Some(lock) = lock
        && !dir.join("Cargo.lock").exists()
        && let Ok(text) = std::fs::read_to_string(lock)
    {
        write(dir.join("Cargo.lock"), &text)?;
    }
    Ok(())
}

/// Compiles the crate at `dir` once per kind untimed (building its dependencies), then `runs` times per
/// kind, timed.
pub fn measure(dir: &Path, work: &Path, runs: usize) -> Result<Compiled, String> {
    let target = work.join("target");
    let mut compiled = Compiled { runs, ..Compiled::default() };
    for (kind, slot) in [("check", &mut compiled.check), ("build", &mut compiled.build)] {
        cargo(dir, &target, kind, None)?;
        let mut times = Vec::new();
        let mut rss: Option<f64> = None;
        for _ in 0..runs {
            touch(&dir.join("src/lib.rs"))?;
            let (seconds, mb) = cargo(dir, &target, kind, Some(&work.join("time.txt")))?;
            times.push(seconds);
            rss = match (rss, mb) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
        times.sort_by(f64::total_cmp);
        *slot = Run { seconds: times.get(times.len() / 2).copied().unwrap_or(f64::NAN), max_rss_mb: rss };
    }
    Ok(compiled)
}

/// Marks a file changed, so that cargo compiles its crate again.
fn touch(path: &Path) -> Result<(), String> {
    std::fs::File::options()
        .append(true)
        .open(path)
        .and_then(|f| f.set_modified(SystemTime::now()))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// `cargo <kind>` of the crate at `dir`: wall seconds, and peak memory (MB) when `time_file` is given and
/// GNU time is there.
fn cargo(dir: &Path, target: &Path, kind: &str, time_file: Option<&Path>) -> Result<(f64, Option<f64>), String> {
    let gnu_time = time_file.filter(|_| memory_measurable());
    let mut command = match gnu_time {
        Some(file) => {
            let mut c = Command::new(GNU_TIME);
            c.args(["-f", "%M", "-o"]).arg(file).arg(crate::checkout::cargo());
            c
        }
        None => Command::new(crate::checkout::cargo()),
    };
    command
        .args([kind, "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
    let started = Instant::now();
    let output = command.output().map_err(|e| format!("cannot run cargo {kind}: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "cargo {kind} of {} failed:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr).lines().take(40).collect::<Vec<_>>().join("\n")
        ));
    }
    let mb = gnu_time
        .and_then(|file| std::fs::read_to_string(file).ok())
        .and_then(|text| text.lines().last().and_then(|l| l.trim().parse::<f64>().ok()))
        .map(|kb| kb / 1024.0);
    Ok((seconds, mb))
}
