//! Reads in every output format, `--all` across pages, writes, an upload, `--dry-run`, errors and
//! their exit codes, `axero api`, a profile from a config file, and every endpoint a command.

use assert_cmd::Command;
use axero_mock::MockServer;
use serde_json::Value;

/// `axero` against `mock`, its base URL and token from the environment (no config file).
fn axero(mock: &MockServer) -> Command {
    let mut cmd = Command::cargo_bin("axero").unwrap();
    cmd.env("AXERO_BASE_URL", mock.url())
        .env("AXERO_TOKEN", mock.token())
        .env("AXERO_CONFIG", "/nonexistent/axero-config.json");
    cmd
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_in_every_output_format() {
    let mock = MockServer::builder().size("users", 9).start().await.unwrap();
    let run = |format: &str| {
        let out = axero(&mock)
            .args(["users", "list", "--role-id", "2", "-o", format, "--fields", "UserID,Email"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        stdout(&out)
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let ids: Vec<i64> = json.as_array().unwrap().iter().map(|u| u["UserID"].as_i64().unwrap()).collect();
    assert_eq!(ids, [1043, 1046, 1049], "role 2: every third user");
    let ndjson = run("ndjson");
    assert_eq!(ndjson.lines().count(), 3);
    assert!(ndjson.lines().all(|l| serde_json::from_str::<Value>(l).is_ok()));
    let csv = run("csv");
    assert_eq!(csv.lines().next(), Some("UserID,Email"));
    assert_eq!(csv.lines().nth(1), Some("1043,jane.doe@example.com"));
    let table = run("table");
    assert!(table.lines().next().unwrap().starts_with("UserID  Email"), "{table}");
    assert_eq!(table.lines().count(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn all_streams_every_page() {
    let mock = MockServer::builder().size("users", 250).start().await.unwrap();
    let out = axero(&mock).args(["users", "list", "--all", "-o", "ndjson"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout(&out).lines().count(), 250);
    let pages: Vec<Option<String>> = mock.requests().iter().map(|r| r.query("StartPage").map(str::to_owned)).collect();
    assert_eq!(pages, [Some("1".into()), Some("2".into()), Some("3".into())], "three pages of 100");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_with_yes_and_without() {
    let mock = MockServer::start().await;
    let body = r#"{"CommentText": "from the shell", "EntityID": 1, "EntityType": 3}"#;
    let refused = axero(&mock).args(["comments", "create", "--body", body]).output().unwrap();
    assert_eq!(refused.status.code(), Some(1), "not a terminal: refused without --yes");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--yes"));
    assert!(mock.requests().is_empty(), "nothing sent");
    let out = axero(&mock).args(["comments", "create", "--body", body, "--yes"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let id: i64 = stdout(&out).trim().parse().unwrap();
    let sent = &mock.requests()[0];
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/api/comments"));
    assert_eq!(sent.json().unwrap()["CommentText"], "from the shell");
    let got = axero(&mock).args(["comments", "get", &id.to_string()]).output().unwrap();
    assert!(stdout(&got).contains("from the shell"), "{}", stdout(&got));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_sends_the_file() {
    let mock = MockServer::start().await;
    let dir = std::env::temp_dir().join(format!("axero-cli-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("notes.txt");
    std::fs::write(&file, "the file's own text").unwrap();
    let out = axero(&mock).args(["cases", "add-attachment", "12", file.to_str().unwrap(), "--yes"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sent = &mock.requests()[0];
    assert_eq!(sent.path, "/api/cases/12/attachments");
    assert!(
        sent.text().contains("the file's own text") && sent.text().contains("filename=\"notes.txt\""),
        "{}",
        sent.text()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn dry_run_prints_curl_sends_nothing_and_hides_the_token() {
    let mock = MockServer::start().await;
    let out = axero(&mock).args(["users", "list", "--role-id", "3", "--dry-run"]).output().unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with(&format!("curl -X GET '{}/api/users?RoleID=3'", mock.url())), "{text}");
    assert!(text.contains("$AXERO_TOKEN") && !text.contains(mock.token()), "{text}");
    // A write: its body is in the command, quoted for the shell; still nothing sent.
    let body = r#"{"CommentText":"it's done","EntityID":1,"EntityType":3}"#;
    let out = axero(&mock).args(["comments", "create", "--body", body, "--dry-run"]).output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("-H 'Content-Type: application/json' --data '{\"CommentText\":\"it'\\''s done\""), "{text}");
    assert!(mock.requests().is_empty(), "nothing sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn errors_have_their_exit_codes_and_no_token() {
    let mock = MockServer::start().await;
    let missing = axero(&mock).args(["users", "get", "99999"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(3), "not found");
    let message = String::from_utf8_lossy(&missing.stderr);
    assert!(message.contains("404") && message.contains("/api/users/{UserID}/details"), "{message}");
    let usage = axero(&mock).args(["users", "get", "abc"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2), "an id must be a number");
    let unauthorized = axero(&mock).args(["users", "me"]).env("AXERO_TOKEN", "wrong-secret-token").output().unwrap();
    assert_eq!(unauthorized.status.code(), Some(4));
    assert!(!String::from_utf8_lossy(&unauthorized.stderr).contains("wrong-secret-token"));
}

#[tokio::test(flavor = "multi_thread")]
async fn api_sends_any_request_through_the_client() {
    let mock = MockServer::start().await;
    let out = axero(&mock).args(["api", "GET", "/api/users/me", "-q", "LogView=true", "-o", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let me: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(me["UserID"], 1042);
    assert_eq!(mock.requests()[0].query("LogView"), Some("true"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_from_the_config_file() {
    let mock = MockServer::start().await;
    let dir = std::env::temp_dir().join(format!("axero-cli-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config.json");
    let mut login = Command::cargo_bin("axero").unwrap();
    login
        .env_remove("AXERO_BASE_URL")
        .env_remove("AXERO_TOKEN")
        .env("AXERO_CONFIG", &config)
        .args(["login", "--profile", "prod", "--base-url", mock.url(), "--token-stdin"])
        .write_stdin(format!("{}\n", mock.token()))
        .assert()
        .success();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&config).unwrap().permissions().mode() & 0o777, 0o600, "owner only");
    }
    let mut cmd = Command::cargo_bin("axero").unwrap();
    let out = cmd
        .env_remove("AXERO_BASE_URL")
        .env_remove("AXERO_TOKEN")
        .env("AXERO_CONFIG", &config)
        .args(["--profile", "prod", "users", "me", "-o", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("\"UserID\": 1042"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every endpoint of the spec (what `cargo xtask coverage` lists) is a command, and nothing else is.
#[test]
fn every_endpoint_is_a_command() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("spec");
    let sources = axero_codegen::load::read_dir(&root, "spec").unwrap();
    let ir = axero_codegen::lower_sources(&sources).unwrap();
    let mut spec: Vec<String> = ir
        .categories
        .iter()
        .flat_map(|c| {
            c.endpoints.iter().map(move |e| {
                let kebab = |s: &str| axero_codegen::emit::cli::kebab(s);
                format!("{} {} {} {}", e.method.as_upper(), e.path, kebab(&c.module), kebab(&e.rust))
            })
        })
        .collect();
    let out = Command::cargo_bin("axero").unwrap().arg("commands").output().unwrap();
    let mut commands: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    spec.sort();
    commands.sort();
    assert_eq!(commands.len(), 365);
    assert_eq!(commands, spec);
}

#[test]
fn completions_and_a_man_page_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = Command::cargo_bin("axero").unwrap().args(["completions", shell]).output().unwrap();
        assert!(out.status.success() && stdout(&out).contains("add-member"), "{shell}");
    }
    let man = Command::cargo_bin("axero").unwrap().arg("man").output().unwrap();
    assert!(stdout(&man).starts_with(".ie") || stdout(&man).contains(".TH axero"), "{}", &stdout(&man)[..200]);
}

/// A JSON body's fields are options too: the body is the object they make.
#[tokio::test(flavor = "multi_thread")]
async fn a_body_from_its_field_options() {
    let mock = MockServer::start().await;
    let out = axero(&mock)
        .args(["comments", "create", "--comment-text", "Done.", "--entity-id", "1", "--entity-type", "3", "--yes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sent = mock.requests()[0].json().unwrap();
    assert_eq!(sent, serde_json::json!({"CommentText": "Done.", "EntityID": 1, "EntityType": 3}));
}
