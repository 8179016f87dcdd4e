//! `cargo xtask msrv`: the published crates' minimum supported Rust version holds for what they
//! depend on. The workspace states `rust-version`; this checks that every crate `axero` and
//! `axero-runtime` build with (normal and build dependencies, with their default features) declares a
//! `rust-version` no newer than it. With clippy's `incompatible_msrv` lint (on in CI), which refuses
//! standard-library items newer than the stated version, that is what can be checked where only one
//! toolchain is installed.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

/// The crates users depend on.
const PUBLISHED: &[&str] = &["axero", "axero-runtime"];

/// Checks; `Err` lists the crates whose declared MSRV is newer than the workspace's.
pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(other) = args.first() {
        return Err(format!("`cargo xtask msrv` takes no options (got `{other}`)"));
    }
    let output = Command::new(crate::checkout::cargo())
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(crate::checkout::workspace_root()?)
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    let metadata: Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata is not JSON: {e}"))?;
    let report = check(&metadata)?;
    println!("MSRV {}: {} crates checked", report.msrv, report.checked);
    if report.newer.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = report.newer.iter().map(|(name, v)| format!("  {name} needs Rust {v}")).collect();
    Err(format!("dependencies need a newer Rust than the stated {}:\n{}", report.msrv, lines.join("\n")))
}

/// What [`check`] found.
#[derive(Debug, PartialEq)]
struct Report {
    /// The workspace's `rust-version`.
    msrv: String,
    /// How many crates the published ones build with (themselves included).
    checked: usize,
    /// `name version` → its declared `rust-version`, where newer than `msrv`.
    newer: BTreeMap<String, String>,
}

fn check(metadata: &Value) -> Result<Report, String> {
    let packages: BTreeMap<&str, &Value> = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata has no packages")?
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: BTreeMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .ok_or("cargo metadata has no resolved graph")?
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let roots: Vec<&str> = packages
        .iter()
        .filter(|(_, p)| PUBLISHED.contains(&p["name"].as_str().unwrap_or("")))
        .map(|(id, _)| *id)
        .collect();
    let msrv = roots
        .first()
        .and_then(|id| packages.get(id))
        .and_then(|p| p["rust_version"].as_str())
        .ok_or("the published crates state no rust-version")?
        .to_owned();
    // Every crate reachable through normal and build dependencies (not dev-dependencies).
    let mut seen = BTreeSet::new();
    let mut todo = roots;
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes.get(id).and_then(|n| n["deps"].as_array()).into_iter().flatten() {
            let kinds = dep["dep_kinds"].as_array().into_iter().flatten();
            let used = kinds.clone().any(|k| k["kind"].is_null() || k["kind"] == "build");
            if let (true, Some(pkg)) = (used, dep["pkg"].as_str()) {
                todo.push(pkg);
            }
        }
    }
    let mut newer = BTreeMap::new();
    for id in &seen {
        let Some(p) = packages.get(id) else { continue };
        if let Some(v) = p["rust_version"].as_str()
            && newer_than(v, &msrv)
        {
            newer.insert(
                format!("{} {}", p["name"].as_str().unwrap_or("?"), p["version"].as_str().unwrap_or("?")),
                v.to_owned(),
            );
        }
    }
    Ok(Report { msrv, checked: seen.len(), newer })
}

/// Whether version `a` (`1.85`, `1.85.1`) is newer than `b`.
fn newer_than(a: &str, b: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.parse().unwrap_or(0)).collect() };
    let (mut a, mut b) = (parts(a), parts(b));
    let len = a.len().max(b.len());
    a.resize(len, 0);
    b.resize(len, 0);
    a > b
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_compare_as_numbers() {
        assert!(newer_than("1.90", "1.89") && newer_than("1.89.1", "1.89") && newer_than("2.0", "1.100"));
        assert!(!newer_than("1.89", "1.89.0") && !newer_than("1.70", "1.89") && !newer_than("1.9", "1.89"));
    }

    #[test]
    fn reports_a_normal_dependency_that_needs_newer_rust_and_ignores_dev_dependencies() {
        let pkg =
            |id: &str, name: &str, rv: &str| json!({"id": id, "name": name, "version": "1.0.0", "rust_version": rv});
        let dep = |pkg: &str, kind: Value| json!({"pkg": pkg, "dep_kinds": [{"kind": kind}]});
        let metadata = json!({
            "packages": [pkg("a", "axero", "1.89"), pkg("r", "axero-runtime", "1.89"), pkg("n", "new", "1.91"),
                         pkg("d", "devonly", "1.99"), pkg("o", "old", "1.60")],
            "resolve": {"nodes": [
                {"id": "a", "deps": [dep("r", Value::Null), dep("d", json!("dev"))]},
                {"id": "r", "deps": [dep("n", Value::Null), dep("o", json!("build"))]},
                {"id": "n", "deps": []}, {"id": "o", "deps": []}, {"id": "d", "deps": []},
            ]}
        });
        let report = check(&metadata).unwrap();
        assert_eq!(report.msrv, "1.89");
        assert_eq!(report.checked, 4, "axero, the runtime, new and old; not the dev-dependency");
        assert_eq!(report.newer, BTreeMap::from([("new 1.0.0".to_owned(), "1.91".to_owned())]));
    }
}
