//! Every example of the `axero` crate (`generated/examples/`), built by cargo and run as a user runs it
//! against the mock server: `AXERO_BASE_URL` and `AXERO_TOKEN` in the environment, arguments on the
//! command line. What each prints, and what the mock received, is checked.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Output};

use axero_mock::MockServer;

/// The checkout this test runs in.
fn root() -> PathBuf {
    let tests = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).expect("cargo sets CARGO_MANIFEST_DIR");
    tests.parent().expect("the workspace").to_path_buf()
}

/// Builds the examples and returns each one of the `axero` crate's executable, by name, as cargo reports
/// it (other crates' examples, such as the tests' `decode_peak`, are not the crate's). It asks for
/// what `cargo test --workspace` builds (the examples among it), with the same features, so that under
/// `cargo test --workspace` (CI) it is a no-op; `cargo build --examples` would resolve features
/// differently and build TLS and the client a second time.
fn examples() -> BTreeMap<String, PathBuf> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    // What cargo sets for this test (`CARGO_PKG_NAME`, `CARGO_MANIFEST_DIR`, `OUT_DIR`, …) must not reach
    // the inner cargo: build scripts that watch those variables (ring's) would run again, and rebuild
    // TLS and everything above it, twice over (once here, once for the next outer cargo command).
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        let set_for_tests = ["CARGO_PKG_", "CARGO_MANIFEST_", "CARGO_BIN_EXE_"].iter().any(|p| name.starts_with(p))
            || [
                "CARGO_CRATE_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_TARGET_TMPDIR",
                "CARGO_RUSTC_CURRENT_DIR",
                "OUT_DIR",
            ]
            .contains(&name.as_ref());
        if set_for_tests {
            command.env_remove(name.as_ref());
        }
    }
    let out = command
        .args(["test", "--workspace", "--no-run", "--locked", "--message-format=json-render-diagnostics"])
        .current_dir(root())
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "the examples build:\n{}", String::from_utf8_lossy(&out.stderr));
    let mut found = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        let is_example = message["target"]["kind"].as_array().is_some_and(|k| k.iter().any(|k| k == "example"))
            && message["target"]["src_path"].as_str().is_some_and(|p| p.contains("generated/examples"));
        if let (true, Some(name), Some(exe)) =
            (is_example, message["target"]["name"].as_str(), message["executable"].as_str())
        {
            found.insert(name.to_owned(), PathBuf::from(exe));
        }
    }
    found
}

/// Runs `example` with `args` against `mock` (with `token`), off the async runtime.
async fn run(exe: &PathBuf, mock: &MockServer, token: &str, args: &[&str]) -> Output {
    let mut command = Command::new(exe);
    command.args(args).env("AXERO_BASE_URL", mock.url()).env("AXERO_TOKEN", token);
    tokio::task::spawn_blocking(move || command.output().expect("the example runs")).await.unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_example_runs_against_the_mock() {
    let examples = examples();
    let names: Vec<&str> = examples.keys().map(String::as_str).collect();
    assert_eq!(names, ["my_spaces", "post_comment", "space_articles", "upload_file", "whoami"]);
    let mock = MockServer::builder().items(7).size("content", 7).size("spaces", 1).start().await.unwrap();
    let token = mock.token().to_owned();
    let example_user =
        axero_mock::all_endpoints().iter().find(|e| e.name == "users.me").unwrap().example_value().unwrap();

    let whoami = stdout(&run(&examples["whoami"], &mock, &token, &[]).await);
    assert!(whoami.starts_with("signed in as "), "{whoami}");
    assert!(whoami.trim_end().ends_with(&format!("(user {})", example_user["UserID"])), "{whoami}");

    let spaces = stdout(&run(&examples["my_spaces"], &mock, &token, &[]).await);
    assert!(spaces.ends_with("7 spaces\n"), "{spaces}");

    // The twin's one space holds its seven articles (content's `SpaceID` names one of its spaces).
    mock.clear_requests();
    let space = axero_mock::all_endpoints().iter().find(|e| e.name == "spaces.list").unwrap().example_value().unwrap()
        [0]["SpaceID"]
        .to_string();
    let articles = stdout(&run(&examples["space_articles"], &mock, &token, &[&space]).await);
    assert!(articles.ends_with(&format!("7 articles in space {space}\n")), "{articles}");
    let list = &mock.requests()[0];
    assert_eq!(
        (list.endpoint, list.query("SpaceID"), list.query("EntityType")),
        (Some("content.list"), Some(space.as_str()), Some("3"))
    );

    mock.clear_requests();
    let comment = stdout(&run(&examples["post_comment"], &mock, &token, &["12", "Nice article!"]).await);
    assert!(comment.starts_with("posted comment ") && comment.contains(" on content 12"), "{comment}");
    let posted = mock.requests()[0].json().unwrap();
    assert_eq!((posted["CommentText"].as_str(), posted["EntityID"].as_i64()), (Some("Nice article!"), Some(12)));

    let file = std::env::temp_dir().join(format!("axero-example-{}.txt", std::process::id()));
    std::fs::write(&file, "quarterly numbers").unwrap();
    mock.clear_requests();
    let upload = stdout(&run(&examples["upload_file"], &mock, &token, &["3", file.to_str().unwrap()]).await);
    let _ = std::fs::remove_file(&file);
    assert!(upload.contains("(17 bytes) into folder 3"), "{upload}");
    let sent = &mock.requests()[0];
    assert_eq!((sent.method.as_str(), sent.endpoint), ("POST", Some("files.upload")));
    assert!(sent.text().contains("quarterly numbers"), "the file's bytes are in the form");

    let refused = run(&examples["whoami"], &mock, "not-the-token", &[]).await;
    assert!(!refused.status.success(), "a wrong token fails the example");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Unauthorized"));
}
