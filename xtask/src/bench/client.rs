//! `cargo xtask bench client`: the criterion benchmark of the client (`tests/benches/client.rs`), and the
//! ratio of its medians to plain reqwest + serde_json, read from criterion's results.

use std::path::Path;

/// The groups of the benchmark and their medians: (group, axero µs, reqwest + serde_json µs).
pub type Medians = Vec<(String, f64, f64)>;

/// Runs the benchmark in the checkout at `root` (extra `args` go to criterion) and reads the medians.
/// With `quiet`, criterion's report goes to stderr, so that stdout holds only the JSON.
pub fn run(root: &Path, target: &Path, args: &[String], quiet: bool) -> Result<Medians, String> {
    let mut command = std::process::Command::new(crate::checkout::cargo());
    command
        .current_dir(root)
        .args(["bench", "-p", "axero-tests", "--features", "bench", "--bench", "client", "--"])
        .args(args);
    if quiet {
        command.stdout(std::io::stderr());
    }
    let status = command.status().map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if !status.success() {
        return Err("cargo bench failed".into());
    }
    let mut medians = Vec::new();
    for group in ["users_get", "content_list_25", "decode_content_25"] {
        let median = |id: &str| -> Result<f64, String> {
            let path = target.join("criterion").join(group).join(id).join("new/estimates.json");
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let estimates: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            estimates["median"]["point_estimate"].as_f64().ok_or_else(|| format!("{}: no median", path.display()))
        };
        medians.push((group.to_owned(), median("axero")? / 1000.0, median("reqwest_serde_json")? / 1000.0));
    }
    Ok(medians)
}

/// The medians as lines, with the target.
pub fn render(medians: &Medians) -> String {
    medians
        .iter()
        .map(|(group, ours, plain)| {
            format!(
                "{group}: axero {ours:.1} µs, reqwest+serde_json {plain:.1} µs, ratio {:.3} (target ≤ 1.05)\n",
                ours / plain
            )
        })
        .collect()
}

/// The medians as JSON.
pub fn json(medians: &Medians) -> serde_json::Value {
    medians
        .iter()
        .map(|(group, ours, plain)| {
            serde_json::json!({"group": group, "axero_us": ours, "reqwest_serde_json_us": plain, "ratio": ours / plain})
        })
        .collect()
}
