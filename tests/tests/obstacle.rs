//! The crate generated from the naming obstacle course (`tests/fixtures/obstacle`) is fresh, builds
//! with `#![deny(warnings)]` (it is a workspace member), and its awkward names still send the right
//! wire names.

use std::path::PathBuf;

use axero_codegen::{Mode, Paths};
use axero_obstacle::types;
use axero_tests::{TOKEN, TestServer, envelope};
use serde_json::json;

/// This package's folder in the checkout the test runs in (cargo's run-time `CARGO_MANIFEST_DIR`), not
/// the one the binary was compiled in.
fn tests_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_else(|| std::env::current_dir().unwrap())
}

#[test]
fn the_obstacle_crate_is_fresh() {
    let root = &tests_dir();
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

/// The recursive type of `spec/README.md` is in the obstacle course as written there (so it builds with
/// clippy and rustdoc in CI), and a value nests as deep as the JSON does.
#[test]
#[allow(deprecated)] // the README's `Manager` is deprecated, to show `deprecated:`
fn the_recursive_example_of_the_spec_readme_builds_and_nests() {
    let readme = std::fs::read_to_string(tests_dir().parent().unwrap().join("spec/README.md")).unwrap();
    let fixture = std::fs::read_to_string(tests_dir().join("fixtures/obstacle/spec/readme.yaml")).unwrap();
    let example = readme
        .split("```yaml\n")
        .filter_map(|b| b.split("```").next())
        .find(|b| b.contains("Manager:"))
        .expect("the README's types example");
    assert_eq!(example, fixture, "tests/fixtures/obstacle/spec/readme.yaml is the README's example");

    let user: types::User = serde_json::from_value(json!({
        "UserID": 1, "Manager": {"UserID": 2, "Manager": {"UserID": 3}}
    }))
    .unwrap();
    let manager = user.manager_user.as_deref().unwrap();
    assert_eq!(manager.user_id, 2);
    assert_eq!(manager.manager_user.as_ref().unwrap().user_id, 3);
    let person = types::Person { manager: Some(Box::new(types::Person::default())), ..Default::default() };
    assert_eq!(serde_json::to_value(&person).unwrap(), json!({"Manager": {}}));
    let right = types::Right::new(Box::default());
    assert_eq!(serde_json::to_value(&right).unwrap(), json!({"Left": {}}));
}

/// Values YAML would read as numbers are sent as written: `1.10`, not `1.1`.
#[test]
fn enum_values_are_the_text_the_maintainer_wrote() {
    let sent: Vec<&str> = [types::Version::V110, types::Version::V010, types::Version::Hex, types::Version::Two]
        .iter()
        .map(|v| v.as_str())
        .collect::<Vec<_>>();
    assert_eq!(sent, ["1.10", "010", "0x1F", "2.0"]);
    assert_eq!(types::Version::Yes.as_str(), "yes");
    assert_eq!([types::Level::Five, types::Level::Ten, types::Level::Zero].map(i32::from), [5, 10, 0]);
}

/// Parameters whose wire names have no letter, and optional date-times, reach the server as written.
#[tokio::test]
async fn wire_names_without_letters_and_optional_datetimes() {
    let server = TestServer::start(|_, _| async { envelope(json!({"Name": "n"})) }).await;
    let client = axero_obstacle::Client::builder().base_url(&server.url).bearer_token(TOKEN).build().unwrap();
    let at = |h| axero::DateTime::parse(&format!("2025-10-20 {h}:00:00"));
    let person = client.std().since(at(9)).from(at(8)).x(1).x_2(2).await.unwrap();
    assert_eq!(person.name.as_deref(), Some("n"));
    let mut q = server.only_request().query_pairs();
    q.sort();
    let want: Vec<(String, String)> =
        [("2", "2"), ("From", "2025-10-20T08:00:00"), ("Until", "2025-10-20T09:00:00"), ("_", "1")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    assert_eq!(q, want);
}

/// `names.yaml` of the obstacle course takes every one-letter name (as optional and as required
/// parameters), every Rust keyword and every name the emitted code binds (`naming::EMITTED_BINDINGS`) as
/// parameters, and all of them as fields; every letter and every such binding as a category (a module,
/// a feature and an accessor), keywords and reserved names refused as categories; the crate it
/// generates is a workspace member, built with
/// `#![deny(warnings)]` and linted by CI's clippy with `-D warnings`, each category alone too. This
/// keeps the course complete as the lists grow.
#[test]
fn the_names_category_takes_every_name_the_emitted_code_could_meet() {
    use axero_codegen::naming::{EMITTED_BINDINGS, KEYWORDS};
    let sources = axero_codegen::load::read_dir(&tests_dir().join("fixtures/obstacle/spec"), "spec").unwrap();
    let ir = axero_codegen::lower_sources(&sources).unwrap_or_else(|d| panic!("{d}"));
    let names = ir.categories.iter().find(|c| c.module == "names").expect("the names category");
    let params = |endpoint: &str, required: bool| -> Vec<String> {
        let e = names.endpoints.iter().find(|e| e.rust == endpoint).unwrap_or_else(|| panic!("{endpoint}"));
        e.params.iter().filter(|p| p.required == required).map(|p| p.wire.clone()).collect()
    };
    let letters: Vec<String> = ('a'..='z').map(String::from).collect();
    let missing = |want: &[String], have: &[String]| -> Vec<String> {
        want.iter().filter(|w| !have.contains(w)).cloned().collect()
    };
    assert_eq!(missing(&letters, &params("list_letters", false)), Vec::<String>::new(), "optional letters");
    assert_eq!(missing(&letters, &params("get_letters", true)), Vec::<String>::new(), "required letters");
    let keywords: Vec<String> = KEYWORDS.iter().map(|k| k.to_string()).collect();
    assert_eq!(missing(&keywords, &params("list_keywords", false)), Vec::<String>::new(), "keywords");
    let bindings: Vec<String> = EMITTED_BINDINGS.iter().map(|b| b.to_string()).collect();
    assert_eq!(missing(&bindings, &params("list_internal", false)), Vec::<String>::new(), "optional bindings");
    assert_eq!(missing(&bindings, &params("update_internal", true)), Vec::<String>::new(), "required bindings");
    let fields: Vec<String> = match &names.types.types.iter().find(|t| t.name == "Names").expect("Names").kind {
        axero_codegen::ir::TypeIrKind::Struct { fields, .. } => fields.iter().map(|f| f.wire.clone()).collect(),
        _ => panic!("Names is a struct"),
    };
    let every: Vec<String> = letters.iter().chain(&keywords).chain(&bindings).cloned().collect();
    assert_eq!(missing(&every, &fields), Vec::<String>::new(), "fields");
    // Categories: every letter and every binding (but those reserved, which are refused) is one, with a
    // parameter of its own name; a keyword is refused (with the help of a name it may take).
    let modules: Vec<String> = ir.categories.iter().map(|c| c.module.clone()).collect();
    let free: Vec<String> = letters
        .iter()
        .chain(&bindings)
        .filter(|n| axero_codegen::naming::reserved_category(n).is_none())
        .cloned()
        .collect();
    assert_eq!(missing(&free, &modules), Vec::<String>::new(), "categories");
    for name in &free {
        let c = ir.categories.iter().find(|c| c.module == *name).unwrap();
        assert!(c.endpoints.iter().any(|e| e.params.iter().any(|p| p.rust == *name)), "{name}: a parameter `{name}`");
    }
    let api = sources.iter().find(|s| s.stem == "api").unwrap().clone();
    for name in keywords.iter().chain(bindings.iter().filter(|b| !free.contains(b))) {
        let category = axero_codegen::load::Source {
            display: format!("spec/{name}.yaml"),
            stem: name.clone(),
            text: "endpoints:\n  get: {get: /api/x, returns: i32}\n".into(),
        };
        let Err(d) = axero_codegen::lower_sources(&[api.clone(), category]) else {
            panic!("a category named `{name}` is accepted")
        };
        assert!(d.iter().any(|x| x.help.as_deref().is_some_and(|h| h.starts_with("rename the file"))), "{name}: {d}");
    }
}

/// A setter for a parameter named `r` once met the closure's own `r` (the request) and did not compile;
/// it sends its value.
#[tokio::test]
async fn one_letter_parameters_send_their_values() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let client = axero_obstacle::Client::builder().base_url(&server.url).bearer_token(TOKEN).build().unwrap();
    client.names().list_letters().r(5).a(1).v(2).await.unwrap();
    let mut q = server.only_request().query_pairs();
    q.sort();
    assert_eq!(q, [("a", "1"), ("r", "5"), ("v", "2")].map(|(k, v)| (k.to_owned(), v.to_owned())));
}

/// A required (positional) parameter cannot carry `#[deprecated]`; its note reaches the method's docs,
/// on the argument's line (`request` of `send` in the obstacle course is deprecated).
#[test]
fn a_deprecated_argument_s_note_reaches_the_method_docs() {
    let file = std::fs::read_to_string(tests_dir().join("fixtures/obstacle/crate/src/api/obstacles.rs")).unwrap();
    assert!(file.contains("/// - `request`: **Deprecated:** Send it in the body instead."), "{file}");
}
