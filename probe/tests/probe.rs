//! The probe (`axero-probe`, what `cargo xtask probe` runs) and `--learn` against the mock server on
//! loopback: no drift on the spec's own answers; a renamed field and a changed type reported with their
//! JSON paths and a failing exit; and a type learnt from an untyped endpoint's answer that, pasted into
//! a scratch copy of the spec and generated, makes the probe find that endpoint OK.

use std::path::Path;
use std::process::Output;

use axero_mock::{MockServer, Reply};
use serde_json::{Value, json};

use crate::support;

use support::{plain_endpoints, repo};

/// Runs `axero-probe <args>` against `mock`, off the async runtime so the mock keeps serving.
async fn probe(mock: &MockServer, args: &[&str]) -> Output {
    support::probe(mock.url(), mock.token(), args).await
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn report(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(out), String::from_utf8_lossy(&out.stderr)))
}

fn entry<'r>(report: &'r Value, endpoint: &str) -> &'r Value {
    report["endpoints"].as_array().unwrap().iter().find(|e| e["endpoint"] == json!(endpoint)).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_probe_finds_no_drift_in_the_mocks_answers_and_sends_only_gets() {
    let mock = MockServer::start().await;
    let out = probe(&mock, &["--json"]).await;
    assert!(out.status.success(), "{}\n{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    let report = report(&out);
    let summary = &report["summary"];
    let failing: Vec<&Value> = report["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] != "ok" && e["status"] != "skipped")
        .collect();
    for status in ["drift", "http_error", "error"] {
        assert_eq!(summary[status], Value::Null, "no {status}: {summary}: {failing:?}");
    }
    assert!(summary["ok"].as_u64().unwrap() >= 100, "{summary}");
    let requests = mock.requests();
    assert!(requests.len() >= 100);
    assert!(requests.iter().all(|r| r.method == "GET"), "only GET requests");
    // Ids learnt from earlier answers fill the path of later calls.
    assert!(requests.iter().any(|r| r.endpoint == Some("users.get")), "users.get needs a learnt UserID");
    assert_eq!(entry(&report, "users.get")["status"], json!("ok"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_renamed_field_and_a_changed_type_are_drift_with_their_paths() {
    let mock = MockServer::start().await;
    let me = axero_mock::all_endpoints().iter().find(|e| e.name == "users.me").unwrap();
    let mut user = me.example_value().unwrap();
    let id = user.as_object_mut().unwrap().remove("UserID").unwrap();
    user["UserIdentifier"] = id;
    user["UserName"] = json!(["not", "text"]);
    mock.override_reply("users.me", Reply::data(user)).unwrap();

    let out = probe(&mock, &[]).await;
    assert_eq!(out.status.code(), Some(1), "drift fails the probe");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let at = lines.iter().position(|l| l.starts_with("DRIFT") && l.contains("users.me ")).expect(&text);
    let drift: Vec<&str> = lines[at + 1..].iter().take_while(|l| l.starts_with('$')).copied().collect();
    assert_eq!(
        drift,
        [
            "$.UserID: missing required field `UserID` (i32) of `User`",
            "$.UserName: expected text, found a list",
            "$.UserIdentifier: `UserIdentifier` is not a declared field of `User`",
        ],
        "{text}"
    );
    assert!(text.contains("summary: ") && text.contains(" 1 drifted,"), "{text}");

    let json = report(&probe(&mock, &["--json"]).await);
    let me = entry(&json, "users.me");
    assert_eq!(me["status"], json!("drift"));
    let paths: Vec<&str> = me["drift"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["$.UserID", "$.UserName", "$.UserIdentifier"]);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

/// A GET endpoint the spec leaves untyped (`returns: json`) that needs no parameter: (category, name).
fn untyped_endpoint() -> (String, String) {
    plain_endpoints()
        .into_iter()
        .find(|e| e.untyped)
        .map(|e| (e.category, e.name))
        .expect("an untyped GET endpoint without parameters")
}

/// Pastes `fragment` into the category file `text` as its header says: the `returns:` line into the
/// endpoint `name`, the types under `types:`; the endpoint's `example:`, which showed the untyped answer
/// and no longer fits, is dropped (the mock then answers with a value built from the learnt type).
fn paste(text: &str, name: &str, fragment: &str) -> String {
    let lines: Vec<&str> = fragment.lines().filter(|l| !l.starts_with('#')).collect();
    let returns = lines.iter().find(|l| l.trim_start().starts_with("returns:")).unwrap();
    let types: Vec<&str> = lines.iter().skip_while(|l| **l != "types:").skip(1).copied().collect();
    let mut out: Vec<String> = Vec::new();
    let (mut in_endpoint, mut in_example) = (false, false);
    for line in text.lines() {
        if line.starts_with("  ") && !line.starts_with("   ") {
            in_endpoint = line.trim_end() == format!("  {name}:");
        }
        in_example = in_endpoint && (line.starts_with("    example:") || in_example && line.starts_with("     "));
        if in_example {
            continue;
        }
        if in_endpoint && line.trim() == "returns: json" {
            out.push((*returns).to_owned());
        } else {
            out.push(line.to_owned());
        }
        if line == "types:" {
            out.extend(types.iter().map(|t| (*t).to_owned()));
        }
    }
    if !text.lines().any(|l| l == "types:") {
        out.push("types:".to_owned());
        out.extend(types.iter().map(|t| (*t).to_owned()));
    }
    out.join("\n") + "\n"
}

#[tokio::test(flavor = "multi_thread")]
async fn a_type_learnt_from_an_untyped_answer_makes_the_endpoint_ok_once_pasted() {
    let (category, name) = untyped_endpoint();
    let scratch = std::env::temp_dir().join(format!("axero-learn-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let (spec, learnt) = (scratch.join("spec"), scratch.join("learnt"));
    copy_dir(&repo().join("spec"), &spec);

    let mock = MockServer::start().await;
    let answer = json!([
        {"GadgetID": 1, "Title": "First", "Created": "2025-10-20T16:07:36.817", "Score": 1.5, "Kind": 1,
         "Owner": {"UserID": 3, "Email": "a@example.com"}, "Labels": ["x", "y"], "Note": null},
        {"GadgetID": 2, "Title": "Second", "Created": "2025-10-21T08:00:00", "Score": 2, "Kind": 2,
         "Owner": {"UserID": 4}, "Labels": []},
    ]);
    mock.override_reply(&format!("{category}.{name}"), Reply::data(answer)).unwrap();

    let spec_arg = spec.to_string_lossy().into_owned();
    let learn_arg = learnt.to_string_lossy().into_owned();
    let out = probe(&mock, &["--json", "--spec", &spec_arg, "--learn", &learn_arg]).await;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(entry(&report(&out), &format!("{category}.{name}"))["status"], json!("ok"), "json takes anything");
    let fragment = std::fs::read_to_string(learnt.join(format!("{category}.{name}.yaml"))).unwrap();
    assert!(fragment.contains("    returns: \"["), "a list of a learnt type:\n{fragment}");
    assert!(fragment.contains("Created: datetime"), "{fragment}");
    assert!(fragment.contains("Note: json?"), "{fragment}");

    let file = spec.join(format!("{category}.yaml"));
    let pasted = paste(&std::fs::read_to_string(&file).unwrap(), &name, &fragment);
    std::fs::write(&file, pasted).unwrap();
    let files = axero_codegen::generate(&spec, "spec")
        .unwrap_or_else(|d| panic!("the pasted spec is refused:\n{d}\n{fragment}"));
    // The learnt type is a Rust type of the generated crate, which the endpoint now returns.
    let learnt_type = fragment.split("returns: \"[").nth(1).and_then(|r| r.split(']').next()).unwrap();
    let category_types = files.iter().find(|f| f.path == format!("src/api/types/{category}.rs")).unwrap();
    assert!(category_types.text.contains(&format!("pub struct {learnt_type} {{")), "{learnt_type}");
    let endpoints = files.iter().find(|f| f.path == format!("src/api/{category}.rs")).unwrap();
    assert!(endpoints.text.contains(&format!("Vec<types::{learnt_type}>")), "{learnt_type}");

    let out = probe(&mock, &["--json", "--spec", &spec_arg]).await;
    let pasted_report = report(&out);
    let after = entry(&pasted_report, &format!("{category}.{name}"));
    assert_eq!(after["status"], json!("ok"), "{after}\n{fragment}");
    assert!(out.status.success());

    // The learnt type is checked, not waved through: a changed answer is drift now.
    mock.override_reply(&format!("{category}.{name}"), Reply::data(json!([{"GadgetID": "one"}]))).unwrap();
    let out = probe(&mock, &["--json", "--spec", &spec_arg]).await;
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(entry(&report(&out), &format!("{category}.{name}"))["status"], json!("drift"));
    let _ = std::fs::remove_dir_all(&scratch);
}
