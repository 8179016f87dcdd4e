//! The drift probe's peak memory with large answers: a measuring helper, not a timed or asserted test
//! (memory depends on the allocator and the machine). Run it by hand:
//!
//! ```text
//! cargo test -p axero-probe --test integration memory:: -- --ignored --nocapture
//! ```
//!
//! `AXERO_PROBE_BIN=/path/to/axero-probe` measures another build of the binary (an older commit's, to
//! compare; with a target folder shared by several clones, a copy is the one sure to be yours).
//!
//! It starts the mock on loopback, makes two GET endpoints that take no parameter answer about 8 MiB
//! each (a list of objects), and runs the `axero-probe` binary under GNU time (`/usr/bin/time -v`), once
//! plain and once with `--learn`, printing the command and its peak resident set size; first, for
//! comparison, once against the mock's usual (small) answers.

use std::process::Command;

use axero_mock::{MockServer, Reply};
use serde_json::{Value, json};

use crate::support;

use support::{plain_endpoints, repo};

/// Two GET endpoints that need no parameter, do not page and are untyped (`returns: json`, so that
/// the answer is no drift and `--learn` learns from it): `category.method`.
fn two_endpoints() -> Vec<String> {
    plain_endpoints().iter().filter(|e| e.untyped).map(|e| e.full_name()).take(2).collect()
}

/// A list of objects whose JSON text is about `bytes` long.
fn answer(bytes: usize) -> Value {
    let item = |i: usize| json!({"ItemID": i, "Title": format!("item {i:08}"), "Body": "x".repeat(100), "Score": 1.5});
    let size = serde_json::to_string(&item(0)).unwrap().len() + 1;
    Value::Array((0..bytes / size).map(item).collect())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement to run by hand, not a test"]
async fn peak_memory_of_a_probe_with_two_8_mib_answers() {
    let mock = MockServer::start().await;
    let endpoints = two_endpoints();
    assert_eq!(endpoints.len(), 2, "{endpoints:?}");
    let learn = std::env::temp_dir().join(format!("axero-memory-{}", std::process::id()));
    let learn_args = vec!["--learn".to_owned(), learn.to_string_lossy().into_owned()];
    for (i, extra) in [vec![], vec![], learn_args].into_iter().enumerate() {
        if i == 0 {
            println!("the mock's usual answers:");
        }
        if i == 1 {
            let big = answer(8 << 20);
            let size = serde_json::to_string(&big).unwrap().len();
            println!("two answers of {size} bytes of JSON each, from {}:", endpoints.join(", "));
            for e in &endpoints {
                mock.override_reply(e, Reply::data(big.clone())).unwrap();
            }
        }
        let bin = std::env::var("AXERO_PROBE_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_axero-probe").to_owned());
        let mut args = vec!["-v".to_owned(), bin];
        args.extend(["--base-url", mock.url(), "--interval-ms", "0", "--json"].map(str::to_owned));
        args.extend(extra);
        let token = mock.token().to_owned();
        let shown = format!("AXERO_TOKEN=… /usr/bin/time {}", args.join(" "));
        let out = tokio::task::spawn_blocking(move || {
            Command::new("/usr/bin/time").args(&args).env("AXERO_TOKEN", token).current_dir(repo()).output().unwrap()
        })
        .await
        .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let peak = stderr.lines().find(|l| l.contains("Maximum resident set size")).unwrap_or("(no figure)");
        println!("{shown}\n  {}", peak.trim());
    }
    let _ = std::fs::remove_dir_all(&learn);
}
