//! `generated/API.md` is the per-category listing (`axero_codegen::listing::listing`) written next to
//! the crate: removing an endpoint from the spec shows there as its one line removed, and nothing else
//! but the header's hash.

use std::path::PathBuf;

use axero_codegen::load::{self, Source};

/// The checkout this test runs in.
fn root() -> PathBuf {
    let tests = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).expect("cargo sets CARGO_MANIFEST_DIR");
    tests.parent().expect("the workspace").to_path_buf()
}

fn api_md(sources: &[Source]) -> String {
    let files = axero_codegen::generate_from(sources).unwrap_or_else(|d| panic!("{d}"));
    files.into_iter().find(|f| f.path == "API.md").expect("API.md is generated").text
}

/// `text` without the endpoint `name`: its key line and every line indented under it.
fn without_endpoint(text: &str, name: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| l.strip_prefix("  ").is_some_and(|l| l.starts_with(&format!("{name}:"))))?;
    let indent = |l: &str| l.len() - l.trim_start().len();
    let end =
        (start + 1..lines.len()).find(|&i| !lines[i].trim().is_empty() && indent(lines[i]) <= 2).unwrap_or(lines.len());
    let kept: Vec<&str> = lines[..start].iter().chain(&lines[end..]).copied().collect();
    Some(kept.join("\n") + "\n")
}

#[test]
fn the_committed_api_md_is_the_listing_of_the_spec() {
    let sources = load::read_dir(&root().join("spec"), "spec").unwrap();
    let on_disk = std::fs::read_to_string(root().join("generated/API.md")).unwrap();
    assert_eq!(on_disk, api_md(&sources), "generated/API.md is stale; run `cargo xtask gen`");
    let ir = axero_codegen::lower_sources(&sources).unwrap();
    for (category, lines) in axero_codegen::listing::listing(&ir) {
        assert!(on_disk.contains(&format!("\n## {category}\n\n```text\n{}\n```\n", lines.join("\n"))), "{category}");
    }
}

#[test]
fn a_removed_endpoint_is_one_removed_line() {
    let sources = load::read_dir(&root().join("spec"), "spec").unwrap();
    let ir = axero_codegen::lower_sources(&sources).unwrap();
    let users = ir.categories.iter().find(|c| c.module == "users").expect("a users category");
    // An endpoint with no request value is one line of the listing.
    let endpoint = users.endpoints.iter().find(|e| e.request_struct.is_none()).expect("an async fn endpoint");
    let mut edited = sources.clone();
    let file = edited.iter_mut().find(|s| s.stem == "users").unwrap();
    file.text = without_endpoint(&file.text, &endpoint.rust).expect("the endpoint's block in users.yaml");

    let (before, after) = (api_md(&sources), api_md(&edited));
    let body = |text: &str| -> Vec<String> { text.lines().skip(2).map(str::to_owned).collect() };
    let (before_lines, after_lines) = (body(&before), body(&after));
    let removed: Vec<&String> = before_lines.iter().filter(|l| !after_lines.contains(l)).collect();
    let added: Vec<&String> = after_lines.iter().filter(|l| !before_lines.contains(l)).collect();
    assert!(added.is_empty(), "{added:?}");
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert!(removed[0].starts_with(&format!("users::UsersApi::{}(", endpoint.rust)), "{}", removed[0]);
    assert!(removed[0].contains(&format!("{} {}", endpoint.method.as_upper(), endpoint.path)), "{}", removed[0]);
    assert_eq!(before_lines.len(), after_lines.len() + 1);
}
