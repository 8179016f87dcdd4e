//! `cargo xtask` works in the checkout it is run from. With a target folder shared by two clones, one
//! xtask binary serves both: built once here, it is run inside two scratch clones, and each run changes
//! only the clone it ran in, from any folder of it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support;

use support::repo;

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}

/// A scratch clone: a workspace `Cargo.toml`, the spec, the generated crate, and a `generator/` folder
/// to run from.
fn clone(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("axero-xtask-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let parts = [
        "Cargo.toml",
        "spec",
        "generated/Cargo.toml",
        "generated/API.md",
        "generated/src/api",
        "generated/openapi.yaml",
    ];
    for part in parts {
        copy(&repo().join(part), &dir.join(part));
    }
    std::fs::create_dir_all(dir.join("generator")).unwrap();
    dir
}

fn xtask(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).current_dir(cwd).output().unwrap()
}

/// Every file of the clone's generated API, with its bytes.
fn generated(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&dir.join("generated/src/api"), &mut out);
    let openapi = dir.join("generated/openapi.yaml");
    out.push((openapi.clone(), std::fs::read(&openapi).unwrap()));
    out.sort();
    out
}

#[test]
fn two_clones_sharing_one_binary_never_write_into_each_other() {
    let (a, b) = (clone("a"), clone("b"));
    let spec = a.join("spec/polls.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, text.replacen("\n    doc: ", "\n    doc: Edited in clone A. ", 1)).unwrap();
    let (a_before, b_before) = (generated(&a), generated(&b));

    let generated_run = xtask(&a.join("generator"), &["gen"]);
    assert!(generated_run.status.success(), "{}", String::from_utf8_lossy(&generated_run.stderr));
    assert_eq!(String::from_utf8_lossy(&generated_run.stdout).lines().count(), 2, "polls.rs and openapi.yaml");
    let a_after = generated(&a);
    let changed: Vec<_> = a_before.iter().zip(&a_after).filter(|(x, y)| x != y).map(|(x, _)| &x.0).collect();
    let expected = [&a.join("generated/openapi.yaml"), &a.join("generated/src/api/polls.rs")];
    assert_eq!(changed, expected, "clone A's own output changed");
    assert!(std::fs::read_to_string(expected[1]).unwrap().contains("Edited in clone A."));
    assert_eq!(generated(&b), b_before, "clone B untouched");
    assert_eq!(generated(&repo()).len(), a_after.len(), "and the checkout the binary was built in has its own files");
    assert!(!std::fs::read_to_string(repo().join("generated/src/api/polls.rs")).unwrap().contains("clone A"));

    // `check` from a subfolder of each clone: clean, whatever folder it runs in.
    for dir in [&a, &b] {
        let check = xtask(&dir.join("generator"), &["check"]);
        assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    }
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn errors_name_spec_files_relative_to_where_the_command_ran() {
    let dir = clone("errors");
    let spec = dir.join("spec/polls.yaml");
    std::fs::write(&spec, "endpoints:\n  me:\n    get: /api/polls\n    retuns: Poll\n").unwrap();
    let short = xtask(&dir.join("generator"), &["check", "--message-format", "short"]);
    assert!(!short.status.success());
    let stderr = String::from_utf8_lossy(&short.stderr);
    assert!(
        stderr.starts_with("../spec/polls.yaml:4:5: error: unknown key `retuns`; help: did you mean `returns`?\n"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("error: the spec has 1 error; 1 with a certain fix (`cargo xtask gen --fix` applies it)\n"),
        "{stderr}"
    );
    let human = xtask(&dir, &["check"]);
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(stderr.contains(" --> spec/polls.yaml:4:5\n"), "{stderr}");
    assert!(stderr.contains("4 |     retuns: Poll\n  |     ^^^^^^"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn outside_a_checkout_it_says_so_and_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("axero-xtask-nowhere-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = xtask(&dir, &["gen"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not inside an axero-rs checkout"));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}
