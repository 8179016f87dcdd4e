//! The probe against a hostile or dead site (issue 18), run as users run it: the `axero-probe` binary
//! over loopback against a server each test starts.
//!
//! - Server text (values, field names, messages, error bodies) carrying ESC, BEL, CR, LF, DEL and C1
//!   control characters never reaches the report, text or JSON, or stderr raw.
//! - A site that never answers costs the probe its `--deadline`, not hours; what was not probed is
//!   reported.
//! - `--learn` from answers with hostile keys writes fragments the generator's own loader reads without
//!   a diagnostic.

use std::io::Read as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use axero_mock::{MockServer, Reply};
use serde_json::{Map, Value, json};

use crate::support;

use support::{plain_endpoints, probe, repo};

/// Every control character (C0 but LF, DEL, C1) in `bytes`, with its offset; LF is checked apart.
fn raw_controls(bytes: &[u8]) -> Vec<(usize, char)> {
    String::from_utf8_lossy(bytes).char_indices().filter(|(_, c)| c.is_control() && *c != '\n').collect()
}

/// Hostile text: a window title change, a "conceal" sequence, a bell, a carriage return that would
/// overwrite the line, a line feed that would forge a report line, DEL and the C1 CSI.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[8mhidden\rOK\nFORGED line\u{7f}\u{9b}31m\u{85}end";

#[tokio::test(flavor = "multi_thread")]
async fn control_characters_from_the_server_never_reach_the_report_raw() {
    let mock = MockServer::start().await;
    // users.me drifts: an undeclared field named with the hostile text, a wrong type whose value is
    // shown, a field name that holds a line feed.
    let me = axero_mock::all_endpoints().iter().find(|e| e.name == "users.me").unwrap();
    let mut user = me.example_value().unwrap();
    user[HOSTILE] = json!(1);
    user["UserName"] = json!([HOSTILE]);
    user["UserID"] = json!(HOSTILE);
    user["X\nDRIFT   forged.endpoint  GET /forged"] = json!(2);
    mock.override_reply("users.me", Reply::data(user)).unwrap();
    // An HTTP error whose message is hostile, a body that is not JSON, an envelope error.
    let plain: Vec<String> =
        plain_endpoints().iter().map(support::PlainEndpoint::full_name).filter(|n| n != "users.me").collect();
    assert!(plain.len() >= 3, "{plain:?}");
    mock.override_reply(&plain[0], Reply::json(500, json!({"IsError": true, "ResponseMessage": HOSTILE}))).unwrap();
    mock.override_reply(&plain[1], Reply::text(200, format!("not json {HOSTILE}"))).unwrap();
    mock.override_reply(&plain[2], Reply::json(400, json!({"Message": HOSTILE, "MessageDetail": HOSTILE}))).unwrap();

    for args in [&[][..], &["--json"][..]] {
        let out = probe(mock.url(), mock.token(), args).await;
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert_eq!(out.status.code(), Some(1), "users.me drifted\n{stdout}\n{stderr}");
        assert_eq!(raw_controls(&out.stdout), [], "{args:?}: raw control characters in the report");
        assert_eq!(raw_controls(&out.stderr), [], "{args:?}: raw control characters on stderr");
        // No line feed from the server: no report line is forged.
        assert!(
            !stdout.lines().any(|l| l.trim_start().starts_with("FORGED")
                || l.contains("forged.endpoint  GET") && l.starts_with("DRIFT")),
            "{stdout}"
        );
        // The text is still there, escaped, for a reader to see.
        if args.is_empty() {
            assert!(stdout.contains(r"\u{1b}]0;pwned\u{7}"), "{stdout}");
            assert!(stdout.contains(r"\u{9b}31m"), "{stdout}");
        } else {
            let report: Value = serde_json::from_slice(&out.stdout).unwrap();
            let me = report["endpoints"].as_array().unwrap().iter().find(|e| e["endpoint"] == "users.me").unwrap();
            assert_eq!(me["status"], "drift");
            // JSON keeps the text exactly (serde_json and the probe escape it), so a program reading it
            // sees what the server sent.
            let messages: Vec<&str> =
                me["drift"].as_array().unwrap().iter().filter_map(|d| d["message"].as_str()).collect();
            assert!(messages.iter().any(|m| m.contains(HOSTILE)), "{messages:?}");
        }
    }
}

/// A listener that accepts connections and never answers: a site that hangs.
fn never_answers() -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { break };
            let mut buf = [0u8; 1024];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(50)));
            let _ = stream.read(&mut buf);
            held.push(stream);
        }
    });
    (url, handle)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_site_that_never_answers_costs_the_deadline_and_what_was_not_probed_is_reported() {
    let (url, _server) = never_answers();
    let started = Instant::now();
    let out = probe(&url, "token", &["--json", "--deadline", "3s", "--endpoint-timeout", "1s"]).await;
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(took < Duration::from_secs(20), "the probe took {took:?}\n{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{stderr}", String::from_utf8_lossy(&out.stdout)));
    let endpoints = report["endpoints"].as_array().unwrap();
    let status = |s: &str| endpoints.iter().filter(|e| e["status"] == s).count();
    // A few were called and timed out on their own limit; every other one is reported as not probed.
    let called = status("error");
    assert!((1..=6).contains(&called), "{called} called: {report}");
    let timed_out = |e: &&Value| {
        let message = e["message"].as_str().unwrap();
        message.contains("within 1s (--endpoint-timeout)") || message.contains("before the deadline passed")
    };
    assert!(endpoints.iter().filter(|e| e["status"] == "error").all(|e| timed_out(&e)), "{report}");
    assert!(status("not_probed") >= 100, "{report}");
    let first = endpoints.iter().find(|e| e["status"] == "not_probed").unwrap();
    assert!(first["message"].as_str().unwrap().contains("deadline"), "{first}");
    assert_eq!(report["summary"]["not_probed"], json!(status("not_probed")));
    assert_eq!(report["deadline_passed"], json!(true), "{report}");
    assert!(stderr.contains("deadline"), "{stderr}");

    // The text report says so too.
    let out = probe(&url, "token", &["--deadline", "2s", "--endpoint-timeout", "500ms"]).await;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l.starts_with("NOT PROBED") || l.starts_with("NOT_PROBED")), "{text}");
    assert!(text.contains("not probed"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_durations_are_refused_not_panicked_on() {
    for bad in ["", "ten minutes", "-1s", "99999999999999999999h"] {
        let out = probe("http://127.0.0.1:9", "token", &["--deadline", bad]).await;
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--deadline"), "{bad:?}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("unknown option"), "{stderr}");
    }
}

/// Keys a hostile site may send: control characters, a 2,000-character key, keys YAML reads as
/// syntax, the empty key, text that looks like escapes.
fn hostile_keys() -> Vec<String> {
    let mut keys: Vec<String> = [
        "del\u{7f}",
        "bell\u{7}",
        "esc\u{1b}[8m",
        "cr\rx",
        "lf\nx: 1",
        "c1\u{9b}",
        "nel\u{85}",
        "nul\u{0}",
        "tab\tx",
        "- x",
        ":",
        "#",
        "&a",
        "*a",
        "!tag",
        "? q",
        "",
        " ",
        "a: b",
        "a #c",
        "%YAML",
        "@at",
        "`bt",
        "|",
        ">",
        "'q'",
        "\"dq\"",
        "{a}",
        "[b]",
        "true",
        "~",
        "null",
        "yes",
        "\\x41 \\u0041 \\",
        "\u{2028}ls",
        "\u{feff}bom",
        "\u{202e}rtl",
        "\u{fffe}",
        "é ü",
        "ItemID",
    ]
    .map(str::to_owned)
    .to_vec();
    keys.push("k".repeat(2000));
    keys.push("Nested".repeat(300));
    keys
}

#[tokio::test(flavor = "multi_thread")]
async fn what_learn_writes_from_hostile_keys_loads_without_a_diagnostic() {
    let untyped: Vec<String> =
        plain_endpoints().iter().filter(|e| e.untyped).map(support::PlainEndpoint::full_name).collect();
    assert!(!untyped.is_empty());
    let mock = MockServer::start().await;
    let mut item = Map::new();
    for (i, key) in hostile_keys().into_iter().enumerate() {
        let value = match i % 4 {
            0 => json!(HOSTILE),
            1 => json!(i),
            2 => json!({ "Inner\u{7f}": HOSTILE, "k".repeat(1500): 1, "- y": [HOSTILE] }),
            _ => json!([{ "\u{9b}": 1, "": null }]),
        };
        item.insert(key, value);
    }
    // An object under a 2,000-character key (its type would be named after it) and under `- x`.
    item.insert("z".repeat(2000), json!({"A": 1}));
    item.insert("- obj".to_owned(), json!({"B": HOSTILE}));
    // Objects nested 100 deep: type names built from their parents' must stay short enough to load.
    let mut deep = json!({"Leaf": 1});
    for i in 0..100 {
        deep = json!({ format!("Level{i}With A Long Name Of Its Own"): deep, "Other": [{"X": i}] });
    }
    item.insert("Deep".to_owned(), deep);
    let answer = json!([Value::Object(item.clone()), Value::Object(item)]);
    mock.override_reply(&untyped[0], Reply::data(answer.clone())).unwrap();
    mock.override_reply("users.me", Reply::data(answer)).unwrap();

    let dir = std::env::temp_dir().join(format!("axero-learn-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let dir_arg = dir.to_string_lossy().into_owned();
    let out = probe(mock.url(), mock.token(), &["--json", "--learn", &dir_arg]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(raw_controls(&out.stderr), [], "{stderr}");
    let written: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    for name in [&untyped[0], &"users.me".to_owned()] {
        assert!(written.contains(&dir.join(format!("{name}.yaml"))), "{name}: {written:?}\n{stderr}");
    }
    for file in &written {
        check_loads(file);
    }
    // What could not be written is said, without the key itself.
    assert!(stderr.contains("left out"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Loads `fragment` with the generator's own loader, as a category file next to the real `api.yaml`,
/// and fails on any diagnostic. The fragment's endpoint holds only `returns:` (a maintainer pastes it
/// into the endpoint), so it is given a method and path here.
fn check_loads(fragment: &Path) {
    let written = std::fs::read_to_string(fragment).unwrap();
    let mut text = String::new();
    let mut in_endpoints = false;
    for line in written.lines() {
        text.push_str(line);
        text.push('\n');
        if line == "endpoints:" {
            in_endpoints = true;
        } else if in_endpoints && line.starts_with("  ") && !line.starts_with("   ") && line.ends_with(':') {
            text.push_str("    get: /api/learnt\n");
            in_endpoints = false;
        }
    }
    let api = std::fs::read_to_string(repo().join("spec/api.yaml")).unwrap();
    let sources = vec![
        axero_codegen::load::Source { display: "spec/api.yaml".into(), stem: "api".into(), text: api },
        axero_codegen::load::Source { display: "learnt/learnt.yaml".into(), stem: "learnt".into(), text: text.clone() },
    ];
    let loaded = axero_codegen::load::load(&sources);
    assert!(loaded.problems.is_empty(), "{}\n{}", loaded.problems, text);
    assert_eq!(loaded.categories.len(), 1, "{text}");
}
