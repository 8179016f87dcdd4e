//! Where things are in the checkout a command runs in, and how to run cargo there. Every command finds
//! the root at run time, never from where this binary was compiled, so that with a target folder shared
//! by several clones, a binary built in one never writes into another.

use std::path::{Path, PathBuf};

/// The root of the checkout the command runs in: the nearest folder, from the current one up, whose
/// `Cargo.toml` declares a `[workspace]` and which has a `spec/` folder.
pub fn workspace_root() -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    cwd.ancestors()
        .find(|dir| {
            dir.join("spec").is_dir()
                && std::fs::read_to_string(dir.join("Cargo.toml"))
                    .is_ok_and(|toml| toml.lines().any(|l| l.trim() == "[workspace]"))
        })
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            format!(
                "error: {} is not inside an axero-rs checkout (no Cargo.toml with [workspace] next to a spec/ folder above it)",
                cwd.display()
            )
        })
}

/// How to show `path`: relative to the current folder (`spec`, or `../spec` from `generator/`) when the
/// two share a root, else as given.
pub fn display(path: &Path) -> String {
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

/// The cargo to run: the one that runs this command (`CARGO`), else `cargo` from the `PATH`.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// The target folder cargo uses for the checkout at `root` (`CARGO_TARGET_DIR`, `build.target-dir` or
/// `<root>/target`), as `cargo metadata` reports it.
pub fn target_dir(root: &Path) -> Result<PathBuf, String> {
    let output = std::process::Command::new(cargo())
        .current_dir(root)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "cargo metadata: no target_directory".to_owned())
}
