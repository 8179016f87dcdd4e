//! The crate generated from the naming obstacle course (`tests/fixtures/obstacle`) is fresh, builds
//! with `#![deny(warnings)]` (it is a workspace member), and its awkward names still send the right
//! wire names.

use std::path::Path;

use axero_codegen::{Mode, Paths};
use axero_obstacle::types;
use axero_tests::{TOKEN, TestServer, envelope};
use serde_json::json;

#[test]
fn the_obstacle_crate_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths = Paths {
        spec_dir: &root.join("fixtures/obstacle/spec"),
        spec_display: "tests/fixtures/obstacle/spec",
        out_dir: &root.join("fixtures/obstacle/crate"),
        out_display: "tests/fixtures/obstacle/crate",
    };
    let stale = axero_codegen::run(&paths, Mode::Check).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        stale.is_empty(),
        "run `cargo xtask gen --spec tests/fixtures/obstacle/spec --out tests/fixtures/obstacle/crate`: {stale:?}"
    );
}

#[tokio::test]
async fn keyword_and_symbol_names_keep_their_wire_names() {
    let server =
        TestServer::start(|_, _| async { envelope(json!({"Some": [{"None": "inner"}], "None": "outer"})) }).await;
    let client = axero_obstacle::Client::builder().base_url(&server.url).bearer_token(TOKEN).build().unwrap();
    let option = client
        .obstacles()
        .new("a b/c", 5)
        .ref_(&[1, 2])
        ._2fa(true)
        .first_name("Zoë")
        .fn_(false)
        .match_(types::Result::Err)
        .params_value(9)
        .request("r")
        .await
        .unwrap();
    assert_eq!(option.none.as_deref(), Some("outer"));
    assert_eq!(option.some[0].none.as_deref(), Some("inner"));
    let r = server.only_request();
    assert_eq!(r.path, "/api/new/a%20b%2Fc/5");
    let mut q = r.query_pairs();
    q.sort();
    let want: Vec<(String, String)> = [
        ("$ref", "1,2"),
        ("2fa", "true"),
        ("First name", "Zoë"),
        ("fn", "false"),
        ("match", "1"),
        ("params", "9"),
        ("request", "r"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(q, want);
}

#[tokio::test]
async fn enums_named_after_the_prelude_round_trip() {
    let server =
        TestServer::start(|_, _| async { envelope(json!({"a": "from", "b": "display value", "c": "new"})) }).await;
    let client = axero_obstacle::Client::builder().base_url(&server.url).bearer_token(TOKEN).build().unwrap();
    let map = client.obstacles().strings(&[types::String::AsStr, types::String::Display]).await.unwrap();
    assert_eq!(map["a"], types::String::From);
    assert_eq!(map["b"], types::String::Display);
    assert_eq!(map["c"], types::String::Unknown("new".into()));
    assert_eq!(server.only_request().body_json(), json!(["as_str", "display value"]));
    assert_eq!(i32::from(types::Result::Into), 5);
    assert_eq!(types::Result::from(2), types::Result::None);
}
