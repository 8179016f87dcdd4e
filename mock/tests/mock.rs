//! The mock server over real HTTP on loopback: what every endpoint answers (its example, decoded by the
//! generated types and fitting its spec type), the token, required parameters, pages, overrides and
//! the request log.

use std::path::PathBuf;
use std::time::Duration;

use axero::ids::{EventId, UserId};
use axero::runtime::Method;
use axero_mock::{MockServer, Reply};
use futures_util::TryStreamExt;
use serde_json::json;

/// The checkout this test runs in.
fn root() -> PathBuf {
    let mock = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).expect("cargo sets CARGO_MANIFEST_DIR");
    mock.parent().expect("the workspace").to_path_buf()
}

/// The same check as `cargo xtask check`: the committed table is what the spec generates.
#[test]
fn the_endpoint_table_is_fresh() {
    let root = root();
    let paths = axero_codegen::Paths {
        spec_dir: &root.join("spec"),
        spec_display: "spec",
        out_dir: &root.join("mock"),
        out_display: "mock",
    };
    let stale = axero_codegen::run_mock(&paths, axero_codegen::Mode::Check).unwrap_or_else(|e| panic!("{e}"));
    assert!(stale.is_empty(), "mock/src/endpoints.rs is stale; run `cargo xtask gen`: {stale:?}");
}

#[test]
fn the_table_knows_every_endpoint_of_the_spec() {
    let sources = axero_codegen::load::read_dir(&root().join("spec"), "spec").unwrap();
    let ir = axero_codegen::lower_sources(&sources).unwrap_or_else(|d| panic!("{d}"));
    let spec: Vec<String> = ir
        .categories
        .iter()
        .flat_map(|c| c.endpoints.iter().map(move |e| format!("{}.{}", c.module, e.rust)))
        .collect();
    let table: Vec<&str> = axero_mock::all_endpoints().iter().map(|e| e.name).collect();
    assert_eq!(table, spec);
}

/// The generated types decode every answer the mock gives, as the client would.
#[test]
fn every_answer_decodes_into_its_generated_type() {
    let mut decoded = 0;
    for e in axero_mock::all_endpoints() {
        if let (Some(decode), Some(example)) = (e.decode, e.example) {
            decode(example.as_bytes()).unwrap_or_else(|err| panic!("{}: {err}\n{example}", e.name));
            decoded += 1;
        }
    }
    assert!(decoded > 150, "{decoded} answers decoded");
}

/// The categories of Axero's guide to its REST API (`using-the-rest-api.txt`); `cargo xtask coverage`
/// reports the same figure for them.
const GUIDE_CATEGORIES: [&str; 8] =
    ["users", "content", "spaces", "chat", "comments", "permissions", "recognition", "analytics"];

/// Every endpoint of the guide's categories that returns data answers with what the spec shows: its own
/// example or that of the type it returns, never a value the mock builds from the types alone.
#[test]
fn every_data_returning_endpoint_of_the_guide_has_an_example() {
    let sources = axero_codegen::load::read_dir(&root().join("spec"), "spec").unwrap();
    let ir = axero_codegen::lower_sources(&sources).unwrap_or_else(|d| panic!("{d}"));
    let types = axero_codegen::examples::Types::of(&ir);
    let mut missing = Vec::new();
    for module in GUIDE_CATEGORIES {
        let c = ir.categories.iter().find(|c| c.module == module).unwrap_or_else(|| panic!("no category {module}"));
        let returning: Vec<_> = c.endpoints.iter().filter(|e| e.returns.is_some()).collect();
        assert!(!returning.is_empty(), "{module} returns data somewhere");
        missing.extend(returning.iter().filter(|e| !types.has_example(e)).map(|e| format!("{module}.{}", e.rust)));
    }
    assert!(missing.is_empty(), "no `example:` (own, or of the type returned) for: {}", missing.join(", "));
}

/// Every answer fits the type the spec says the endpoint returns, by the checker the generator checks
/// examples with and the probe checks a site with.
#[test]
fn every_answer_fits_its_spec_type() {
    let sources = axero_codegen::load::read_dir(&root().join("spec"), "spec").unwrap();
    let spec = axero_codegen::check_sources(&sources).unwrap_or_else(|d| panic!("{d}"));
    let schema = axero_codegen::conform::Schema::of(&spec);
    for c in &spec.categories {
        for e in &c.endpoints {
            let name = format!("{}.{}", c.name.value, e.name.value);
            let entry = axero_mock::all_endpoints().iter().find(|t| t.name == name).expect("in the table");
            match (&e.returns, entry.example_value()) {
                (Some(returns), Some(example)) => {
                    let problems = schema.check(&example, &returns.value);
                    assert!(problems.is_empty(), "{name}: {problems:?}");
                }
                (None, None) => {}
                (returns, example) => panic!("{name}: returns {returns:?}, answers {example:?}"),
            }
        }
    }
}

#[tokio::test]
async fn the_client_gets_the_examples_and_the_ids_it_asked_for() {
    let mock = MockServer::start().await;
    let client = mock.client().unwrap();
    let me = client.users().me().await.unwrap();
    let example: axero::types::User = serde_json::from_str(
        axero_mock::all_endpoints().iter().find(|e| e.name == "users.me").unwrap().example.unwrap(),
    )
    .unwrap();
    assert_eq!(me, example);
    let event = client.events().get(EventId(42)).await.unwrap();
    assert_eq!(event.event_id, EventId(42), "the path parameter is echoed");
    // A user is an item of the twin: one the seed made is found, one it did not make is 404.
    let user = client.users().get(UserId(1045)).await.unwrap();
    assert_eq!(user.user_id, UserId(1045));
    let missing = client.users().get(UserId(42)).await.unwrap_err();
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404), "{missing}");
}

/// `GET path` without any header but `Host`, over a plain socket: the status and the body.
async fn raw_get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    raw_get_with(addr, path, "").await
}

/// `GET path` with `headers` (each line ending in CRLF) besides `Host`, over a plain socket, as curl
/// sends it: the status and the body.
async fn raw_get_with(addr: std::net::SocketAddr, path: &str, headers: &str) -> (u16, String) {
    let (status, _, body) = raw_exchange(addr, path, headers).await;
    (status, body)
}

/// `GET path` with `headers` over a plain socket: the status, the response's headers (names in lower
/// case) and the body.
async fn raw_exchange(addr: std::net::SocketAddr, path: &str, headers: &str) -> (u16, Vec<(String, String)>, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Connection: close\r\n\r\n");
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    socket.read_to_string(&mut response).await.unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((response.as_str(), ""));
    let head = head
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    (status, head, body.to_owned())
}

/// The `Authorization` line of the demo token.
fn bearer(mock: &MockServer) -> String {
    format!("Authorization: Bearer {}\r\n", mock.token())
}

/// A path id that is not an integer is a malformed request, as the API's model binding answers it: 400
/// with the envelope's message, never an answer that carries the text as the id.
#[tokio::test]
async fn a_path_id_that_is_not_an_integer_gets_400_and_is_never_echoed() {
    let mock = MockServer::start().await;
    let auth = bearer(&mock);
    for id in ["null%2Cnull", "null", "1.5", "4e2", "0x10", "99999999999", "%20", "42abc"] {
        let (status, body) = raw_get_with(mock.addr(), &format!("/api/users/{id}/details"), &auth).await;
        assert_eq!(status, 400, "{id}: {body}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["IsError"], json!(true), "{id}");
        assert_eq!(body["ResponseData"], json!(null), "{id}: nothing is echoed");
        assert_eq!(
            body["ResponseMessage"],
            json!("The request is invalid: the path parameter `UserID` must be an integer."),
            "{id}"
        );
    }
    // Integers are ids, with a sign or white space around them as .NET reads them; the answer of an
    // endpoint outside the twin carries them.
    for (id, echoed) in [("42", 42), ("-3", -3), ("%2042%20", 42), ("2147483647", 2_147_483_647)] {
        let (status, body) = raw_get_with(mock.addr(), &format!("/api/events/{id}"), &auth).await;
        assert_eq!(status, 200, "{id}: {body}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["ResponseData"]["EventID"], json!(echoed), "{id}");
    }
    // The typed client gets an `Api` error with the status, not a made-up user.
    let err = send(&mock.client().unwrap(), Method::GET, "/api/users/abc/details", &[]).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
    // Every id and integer placeholder of the table is checked, and only those: a text one takes text.
    let integers: Vec<_> = axero_mock::all_endpoints().iter().flat_map(|e| e.integers).collect();
    assert!(integers.len() > 150, "{} integer path parameters", integers.len());
    let text = axero_mock::all_endpoints()
        .iter()
        .find(|e| e.method == "GET" && e.path.contains('{') && e.integers.is_empty() && e.required.is_empty())
        .expect("a GET endpoint whose path parameter is text");
    let path = text.path.split('/').map(|s| if s.starts_with('{') { "jdoe" } else { s }).collect::<Vec<_>>().join("/");
    let (status, body) = raw_get_with(mock.addr(), &path, &auth).await;
    assert_eq!(status, 200, "{} {path}: {body}", text.name);
}

/// An endpoint whose answer the spec marks unverified says so in `X-Axero-Mock-Unverified`, with the
/// reason; one the spec does not mark has no such header.
#[tokio::test]
async fn answers_of_unverified_endpoints_say_so_in_a_header() {
    let mock = MockServer::start().await;
    let auth = bearer(&mock);
    let plain_get = |e: &&axero_mock::Endpoint| e.method == "GET" && !e.path.contains('{') && e.required.is_empty();
    let unverified =
        axero_mock::all_endpoints().iter().filter(plain_get).find(|e| e.unverified.is_some()).expect("one unverified");
    let (status, headers, body) = raw_exchange(mock.addr(), unverified.path, &auth).await;
    assert_eq!(status, 200, "{}: {body}", unverified.name);
    let header = headers.iter().find(|(k, _)| k == axero_mock::facts::UNVERIFIED_HEADER).map(|(_, v)| v.as_str());
    assert_eq!(header, unverified.unverified, "{}", unverified.name);

    let verified =
        axero_mock::all_endpoints().iter().filter(plain_get).find(|e| e.unverified.is_none()).expect("one verified");
    let (status, headers, _) = raw_exchange(mock.addr(), verified.path, &auth).await;
    assert_eq!(status, 200, "{}", verified.name);
    assert!(headers.iter().all(|(k, _)| k != axero_mock::facts::UNVERIFIED_HEADER), "{headers:?}");

    // Every note of the table is a header value: one short line of printable ASCII.
    let notes: Vec<&str> = axero_mock::all_endpoints().iter().filter_map(|e| e.unverified).collect();
    assert!(notes.len() > 100, "{} unverified endpoints", notes.len());
    for note in notes {
        assert!(!note.is_empty() && note.len() <= 200, "{note}");
        assert!(note.bytes().all(|b| b == b' ' || b.is_ascii_graphic()), "{note:?}");
    }
}

/// A raw request through the runtime client, for what the typed methods never send.
async fn send(
    client: &axero::Client,
    method: Method,
    path: &'static str,
    query: &[(&'static str, &str)],
) -> axero::Result<serde_json::Value> {
    let mut request = axero::runtime::Request::new(method, path);
    for &(name, value) in query {
        request = request.query(name, value);
    }
    client.runtime().send::<serde_json::Value>(request).await
}

#[tokio::test]
async fn without_the_token_401_with_the_legacy_header_200() {
    let mock = MockServer::builder().token("secret-1").start().await.unwrap();
    // The client always sends credentials; without any, as curl would.
    let (status, body) = raw_get(mock.addr(), "/api/users/me").await;
    assert_eq!(status, 401);
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["IsError"], json!(true));
    assert!(body["ResponseMessage"].as_str().is_some_and(|m| m.contains("denied")), "{body}");
    let wrong = axero::Client::builder().base_url(mock.url()).bearer_token("secret-2").build().unwrap();
    assert!(matches!(wrong.users().me().await, Err(axero::Error::Unauthorized { .. })));
    #[allow(deprecated)]
    let legacy = axero::Client::builder().base_url(mock.url()).legacy_api_key("secret-1").build().unwrap();
    legacy.users().me().await.expect("the legacy header with the token");
    mock.client().unwrap().users().me().await.expect("the bearer token");
    assert_eq!(mock.requests().iter().map(|r| r.status).collect::<Vec<_>>(), [401, 401, 200, 200]);
}

#[tokio::test]
async fn a_missing_required_parameter_gets_400_with_an_envelope_message() {
    let mock = MockServer::start().await;
    let client = mock.client().unwrap();
    let is_query = |r: &&axero_mock::facts::Required| r.location == axero_mock::facts::Location::Query;
    let endpoint = axero_mock::all_endpoints()
        .iter()
        .find(|e| e.method == "GET" && !e.path.contains('{') && e.required.iter().any(|r| is_query(&r)))
        .expect("a GET endpoint with a required query parameter");
    let wire = endpoint.required.iter().find(is_query).unwrap().wire;
    match send(&client, Method::GET, endpoint.path, &[]).await {
        Err(axero::Error::Api { status, message, .. }) => {
            assert_eq!((status.as_u16(), message), (400, format!("Missing the required parameter `{wire}`.")));
        }
        other => panic!("{}: expected a 400 with the envelope's message, got {other:?}", endpoint.name),
    }
    let query: Vec<(&'static str, &str)> = endpoint.required.iter().filter(is_query).map(|r| (r.wire, "1")).collect();
    send(&client, Method::GET, endpoint.path, &query).await.unwrap_or_else(|e| panic!("{}: {e}", endpoint.name));
}

#[tokio::test]
async fn unknown_paths_get_404_and_other_methods_405() {
    let mock = MockServer::start().await;
    let client = mock.client().unwrap();
    let nothing = send(&client, Method::GET, "/api/no/such/thing", &[]).await.unwrap_err();
    assert_eq!(nothing.status().map(|s| s.as_u16()), Some(404));
    let method = send(&client, Method::PATCH, "/api/users/me", &[]).await.unwrap_err();
    assert_eq!(method.status().map(|s| s.as_u16()), Some(405));
}

#[tokio::test]
async fn paged_lists_are_paged_from_the_item_count() {
    let mock = MockServer::builder().items(7).size("users", 7).start().await.unwrap();
    let client = mock.client().unwrap();
    let page = client.users().list().page(2).page_length(3).await.unwrap();
    assert_eq!((page.items.len(), page.total, page.number), (3, Some(7), 2));
    let last = client.users().list().page(3).page_length(3).await.unwrap();
    assert_eq!(last.items.len(), 1);
    let everyone: Vec<_> = client.users().list().stream().try_collect().await.unwrap();
    let ids: std::collections::BTreeSet<UserId> = everyone.iter().map(|u| u.user_id).collect();
    assert_eq!((everyone.len(), ids.len()), (7, 7), "seven distinct users");
    let asked: Vec<(Option<&str>, Option<&str>)> =
        vec![(Some("2"), Some("3")), (Some("3"), Some("3")), (Some("1"), Some("100"))];
    let requests = mock.requests();
    let seen: Vec<(Option<&str>, Option<&str>)> =
        requests.iter().map(|r| (r.query("StartPage"), r.query("PageLength"))).collect();
    assert_eq!(seen, asked);
}

#[tokio::test]
async fn an_override_answers_for_a_number_of_requests_then_the_example_again() {
    let mock = MockServer::start().await;
    mock.override_reply("users.me", Reply::status(429).retry_after("0").times(1)).unwrap();
    let client = axero::Client::builder()
        .base_url(mock.url())
        .bearer_token(mock.token())
        .retry_policy(axero::RetryPolicy { base_delay: Duration::from_millis(5), ..Default::default() })
        .build()
        .unwrap();
    client.users().me().await.expect("the retry gets the example");
    let statuses: Vec<(u16, Option<&str>)> = mock.requests().iter().map(|r| (r.status, r.endpoint)).collect();
    assert_eq!(statuses, [(429, Some("users.me")), (200, Some("users.me"))]);

    mock.override_reply("GET /api/users/{UserID}/details", Reply::data(json!({"UserID": 5, "UserName": "ada"})))
        .unwrap();
    mock.override_reply("GET /api/users/7/details", Reply::status(404)).unwrap();
    let five = client.users().get(UserId(99)).await.unwrap();
    assert_eq!((five.user_id, five.user_name.as_deref()), (UserId(5), Some("ada")));
    assert!(
        matches!(client.users().get(UserId(7)).await, Err(axero::Error::NotFound { .. })),
        "a path beats a template"
    );

    mock.clear_overrides();
    mock.override_reply("users.me", Reply::ok().delay(Duration::from_millis(400))).unwrap();
    let impatient = axero::Client::builder()
        .base_url(mock.url())
        .bearer_token(mock.token())
        .timeout(Duration::from_millis(100))
        .retry_policy(axero::RetryPolicy { max_retries: 0, ..Default::default() })
        .build()
        .unwrap();
    assert!(matches!(impatient.users().me().await, Err(axero::Error::Timeout { .. })));

    mock.override_reply("users.me", Reply::json(500, json!({"Message": "boom"}))).unwrap();
    let err = client.users().me().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
}

#[tokio::test]
async fn a_target_that_names_no_endpoint_is_refused_with_the_closest_one() {
    let mock = MockServer::start().await;
    let err = mock.override_reply("users.mee", Reply::ok()).unwrap_err();
    assert!(err.to_string().contains("did you mean `users.me`?"), "{err}");
    assert!(mock.override_reply("GET /api/users/{Nope}/x", Reply::ok()).is_err());
    assert!(mock.override_reply("users", Reply::ok()).is_err());
}

#[tokio::test]
async fn every_request_is_logged_with_its_endpoint_query_headers_and_body() {
    let mock = MockServer::start().await;
    let client = mock.client().unwrap();
    let comment = axero::types::NewComment::new("Nice!".into(), 12, axero::types::EntityType::Article);
    client.comments().create(&comment).await.unwrap();
    let log = mock.requests();
    let r = &log[0];
    assert_eq!((r.method.as_str(), r.path.as_str(), r.endpoint), ("POST", "/api/comments", Some("comments.create")));
    assert_eq!(r.header("authorization"), Some(format!("Bearer {}", mock.token()).as_str()));
    let body = r.json().unwrap();
    assert_eq!((body["CommentText"].clone(), body["EntityID"].clone()), (json!("Nice!"), json!(12)));
    mock.clear_requests();
    assert!(mock.requests().is_empty());
}

/// `cargo xtask mock` runs this binary: it prints its base URL and token, and answers `curl -H
/// 'Authorization: Bearer <token>' <base>/api/users/me` with the example user, and 401 without it.
#[tokio::test]
async fn the_standalone_server_prints_its_url_and_token_and_answers_curl() {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_axero-mock"))
        .args(["--port", "0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut url, mut token) = (String::new(), String::new());
    while token.is_empty() {
        let line = lines.next().expect("the server prints its URL and token").unwrap();
        if let Some(rest) = line.strip_prefix("base URL:") {
            url = rest.trim().to_owned();
        } else if let Some(rest) = line.strip_prefix("token:") {
            token = rest.trim().to_owned();
        }
    }
    let addr: std::net::SocketAddr = url.strip_prefix("http://").expect(&url).parse().unwrap();
    let signed_in = raw_get_with(addr, "/api/users/me", &format!("Authorization: Bearer {token}\r\n")).await;
    let anonymous = raw_get(addr, "/api/users/me").await;
    child.kill().unwrap();
    child.wait().unwrap();

    assert_eq!(token, "axero-mock-demo-token");
    assert_eq!(signed_in.0, 200, "{}", signed_in.1);
    let body: serde_json::Value = serde_json::from_str(&signed_in.1).unwrap();
    let example = axero_mock::all_endpoints().iter().find(|e| e.name == "users.me").unwrap().example_value();
    assert_eq!(Some(&body["ResponseData"]), example.as_ref());
    assert_eq!(body["ResponseData"]["UserName"], json!("jdoe"), "the spec's example user");
    assert_eq!(anonymous.0, 401, "{}", anonymous.1);
}

/// `POST path` with `headers` and a body of `len` bytes over a plain socket: the status. The server may
/// answer before it has read the body, and close.
async fn raw_post(addr: std::net::SocketAddr, path: &str, headers: &str, len: usize) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head =
        format!("POST {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {len}\r\nConnection: close\r\n\r\n");
    socket.write_all(head.as_bytes()).await.unwrap();
    // The body in chunks; the server may stop reading (and answer) early.
    let chunk = vec![b'x'; 64 << 10];
    let mut sent = 0;
    while sent < len {
        let n = chunk.len().min(len - sent);
        if socket.write_all(&chunk[..n]).await.is_err() {
            break;
        }
        sent += n;
    }
    let mut response = Vec::new();
    let _ = socket.read_to_end(&mut response).await;
    let text = String::from_utf8_lossy(&response);
    text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

/// Issue 18, item 2: the token is checked before a body is read, and a body over the cap is refused
/// without being kept, so that what a client sends cannot pile up in the mock.
#[tokio::test]
async fn bodies_are_read_only_with_the_token_and_up_to_the_cap() {
    let mock = MockServer::builder().max_body(64 << 10).start().await.unwrap();
    let addr = mock.url().trim_start_matches("http://").parse().unwrap();
    assert_eq!(raw_post(addr, "/api/comments", "", 1 << 20).await, 401);
    assert_eq!(raw_post(addr, "/api/comments", &bearer(&mock), 1 << 20).await, 413);
    let log = mock.requests();
    assert_eq!(log.iter().map(|r| (r.status, r.body.len())).collect::<Vec<_>>(), [(401, 0), (413, 0)], "nothing kept");
    let within =
        raw_post(addr, "/api/comments", &format!("{}Content-Type: application/json\r\n", bearer(&mock)), 10).await;
    assert_ne!(within, 413);
}

/// The twin keeps state: a created comment is listed, fetched by the id the create returned, deleted,
/// and then 404; a reset restores the seed.
#[tokio::test]
async fn a_created_comment_is_listed_fetched_deleted_and_reset_restores_the_seed() {
    use axero::types::{EntityType, NewComment};
    let mock = MockServer::start().await;
    let client = mock.client().unwrap();
    let seeded = client.comments().list().page_length(100).await.unwrap();
    let mut comment = NewComment::new("<p>Written by the test.</p>".into(), 3001, EntityType::Article);
    comment.parent_comment_id = None;
    let id = client.comments().create(&comment).await.unwrap();
    let listed = client.comments().list().page_length(100).await.unwrap();
    assert_eq!(listed.total, seeded.total.map(|t| t + 1));
    let new = listed.items.iter().find(|c| c.comment_id == id).expect("the new comment is listed");
    assert_eq!(new.comment_text.as_deref(), Some("<p>Written by the test.</p>"));
    let fetched = client.comments().get(id).await.unwrap();
    assert_eq!(fetched["CommentID"], json!(i32::from(id)));
    client.comments().delete(id).await.unwrap();
    let gone = client.comments().get(id).await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404), "{gone}");
    // Deleting a seeded one, then resetting: the seed is back, the test's comment is not.
    let first = seeded.items[0].comment_id;
    client.comments().delete(first).await.unwrap();
    mock.reset();
    assert_eq!(client.comments().get(first).await.unwrap()["CommentID"], json!(i32::from(first)));
    assert_eq!(client.comments().list().page_length(100).await.unwrap().total, seeded.total);
}

/// A list's filter selects: `users.list`'s `RoleID` returns only that role's users (the role is an
/// attribute the twin keeps, 1, 2 and 3 in turn), and the total counts them.
#[tokio::test]
async fn a_role_filter_returns_only_that_roles_users() {
    let mock = MockServer::start().await;
    let client = mock.client().unwrap();
    let everyone = client.users().list().page_length(100).await.unwrap();
    let role_2 = client.users().list().role_id(2).page_length(100).await.unwrap();
    let expected: Vec<UserId> = everyone.items.iter().skip(1).step_by(3).map(|u| u.user_id).collect();
    assert_eq!(role_2.items.iter().map(|u| u.user_id).collect::<Vec<_>>(), expected);
    assert_eq!(role_2.total, Some(expected.len() as u64));
    assert!(expected.len() >= 10 && expected.len() < everyone.items.len() / 2);
}

/// A fault matched on a query parameter hits only the request that carries it; one matched on a body
/// subset only the body that holds it; `nth` only that request; and a dropped connection is a transport
/// error to the client.
#[tokio::test]
async fn faults_match_the_query_the_body_and_the_nth_request() {
    use axero::types::{EntityType, NewComment};
    use axero_mock::Match;
    let mock = MockServer::start().await;
    let client = mock.client().unwrap();
    mock.override_matching("users.list", Match::any().query("RoleID", "2"), Reply::status(403)).unwrap();
    let refused = client.users().list().role_id(2).await.unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(403), "{refused}");
    client.users().list().role_id(1).await.expect("another role is not matched");
    client.users().list().await.expect("no role is not matched");

    let body = Match::any().body(json!({"CommentText": "spam"}));
    mock.override_matching("POST /api/comments", body, Reply::status(400)).unwrap();
    let spam = NewComment::new("spam".into(), 1, EntityType::Article);
    let ham = NewComment::new("ham".into(), 1, EntityType::Article);
    assert_eq!(client.comments().create(&spam).await.unwrap_err().status().map(|s| s.as_u16()), Some(400));
    client.comments().create(&ham).await.expect("another body is not matched");

    mock.override_matching("users.me", Match::any().nth(2), Reply::status(404)).unwrap();
    client.users().me().await.expect("the first");
    assert_eq!(client.users().me().await.unwrap_err().status().map(|s| s.as_u16()), Some(404), "the second");
    client.users().me().await.expect("the third");

    mock.override_reply("spaces.list", Reply::ok().drop_connection()).unwrap();
    let dropped = client.spaces().list().retry(axero::RetryPolicy::none()).await.unwrap_err();
    assert!(matches!(dropped, axero::Error::Transport { .. } | axero::Error::Decode { .. }), "{dropped:?}");
}

/// The binary as a tester in another language uses it: the admin API adds a 429 with `Retry-After: 1`
/// for `POST /api/comments` once, the client waits and succeeds, the request log shows both POSTs,
/// and `POST /__mock/reset` restores the seed.
#[tokio::test]
async fn the_admin_api_injects_a_fault_shows_the_log_and_resets() {
    use axero::runtime::reqwest;
    use axero::types::{EntityType, NewComment};
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_axero-mock"))
        .args(["--port", "0", "--seed", "3"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut url, mut admin) = (String::new(), String::new());
    while admin.is_empty() {
        let line = lines.next().expect("the server prints its URLs").unwrap();
        if let Some(rest) = line.strip_prefix("base URL:") {
            url = rest.trim().to_owned();
        } else if let Some(rest) = line.strip_prefix("admin:") {
            admin = rest.split_whitespace().next().unwrap().to_owned();
        }
    }
    let http = reqwest::Client::new();
    let json_of = |r: reqwest::Response| async move {
        serde_json::from_str::<serde_json::Value>(&r.text().await.unwrap()).unwrap()
    };
    let rule =
        json!({"method": "POST", "path": "/api/comments", "status": 429, "headers": {"Retry-After": "1"}, "times": 1});
    let added = http.post(format!("{admin}faults")).body(rule.to_string()).send().await.unwrap();
    assert_eq!(added.status().as_u16(), 201);
    let client = axero::Client::builder().base_url(&url).bearer_token(axero_mock::DEMO_TOKEN).build().unwrap();
    let before = client.comments().list().await.unwrap().total;
    let started = std::time::Instant::now();
    let id = client.comments().create(&NewComment::new("after a 429".into(), 1, EntityType::Article)).await.unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(900), "the client waited out Retry-After");
    let log = json_of(http.get(format!("{admin}requests")).send().await.unwrap()).await;
    let posts: Vec<u64> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == "POST" && r["path"] == "/api/comments")
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(posts, [429, 200], "{log}");
    assert_eq!(
        log.as_array().unwrap().iter().find(|r| r["status"] == 200 && r["method"] == "POST").unwrap()["body"]["CommentText"],
        "after a 429"
    );
    assert_eq!(client.comments().list().await.unwrap().total, before.map(|t| t + 1));
    let reset = http.post(format!("{admin}reset")).send().await.unwrap();
    assert_eq!(reset.status().as_u16(), 204);
    assert_eq!(client.comments().list().await.unwrap().total, before, "the seed is back");
    assert_eq!(client.comments().get(id).await.unwrap_err().status().map(|s| s.as_u16()), Some(404));
    let faults = json_of(http.get(format!("{admin}faults")).send().await.unwrap()).await;
    assert_eq!(faults, json!([]), "the fault held once");
    child.kill().unwrap();
    child.wait().unwrap();
}

/// 401 without the token, 403 with a token the twin is told lacks rights.
#[tokio::test]
async fn a_token_without_rights_gets_403() {
    let mock = MockServer::builder().token_without_rights("reader-without-rights").start().await.unwrap();
    let url = mock.url().to_owned();
    let limited = axero::Client::builder().base_url(&url).bearer_token("reader-without-rights").build().unwrap();
    let refused = limited.users().me().await.unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(403), "{refused}");
    let stranger = axero::Client::builder().base_url(&url).bearer_token("nobody").build().unwrap();
    assert_eq!(stranger.users().me().await.unwrap_err().status().map(|s| s.as_u16()), Some(401));
    mock.client().unwrap().users().me().await.expect("the token");
}
