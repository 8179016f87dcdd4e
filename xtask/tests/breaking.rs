//! `cargo xtask breaking <rev>` in a scratch git repository holding the spec: a field renamed since the
//! commit is reported as breaking, its old line gone and its new line added; a new optional field alone
//! is additive; no change is no change.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::repo;

/// A scratch repository: a workspace `Cargo.toml` and the spec, committed.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("axero-xtask-breaking-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\n").unwrap();
    for entry in std::fs::read_dir(repo().join("spec")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join("spec").join(path.file_name().unwrap())).unwrap();
    }
    for args in
        [&["init", "-q"][..], &["add", "."], &["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "spec"]]
    {
        assert!(Command::new("git").current_dir(&dir).args(args).status().unwrap().success(), "git {args:?}");
    }
    dir
}

fn breaking(dir: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask")).current_dir(dir).args(["breaking", "HEAD"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_renamed_field_is_breaking_and_a_new_optional_one_additive() {
    let dir = scratch();
    assert!(breaking(&dir).contains("verdict: no change to the API since `HEAD`"));
    let users = dir.join("spec/users.yaml");
    let text = std::fs::read_to_string(&users).unwrap();
    // `LogView` of `users.me` becomes `LogViews`.
    let renamed = text.replacen("      LogView: {type: bool?", "      LogViews: {type: bool?", 1);
    assert_ne!(renamed, text, "the spec has the parameter this test renames");
    std::fs::write(&users, &renamed).unwrap();
    let report = breaking(&dir);
    assert!(report.contains("verdict: breaking"), "{report}");
    assert!(report.contains("  - [users] users::MeRequest.log_view(bool)  query LogView\n"), "{report}");
    assert!(report.contains("  + [users] users::MeRequest.log_views(bool)  query LogViews\n"), "{report}");
    // Back to the committed text, plus a new optional parameter: additive only.
    let grown = text.replacen(
        "      LogView: {type: bool?",
        "      ZzNew: {type: i32?, doc: New.}\n      LogView: {type: bool?",
        1,
    );
    std::fs::write(&users, grown).unwrap();
    let report = breaking(&dir);
    assert!(report.contains("verdict: additive") && !report.contains("breaking:"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}
