//! Errors that say where (issue 10): every error of a call names its endpoint as method and path
//! template, never the filled-in path or the query; ASP.NET's `{"Message": ...}` bodies fill
//! `message`; a timeout says how many attempts it made and how long the call took.

use std::time::Duration;

use axero::runtime::{Endpoint, Method, Request};
use axero::{Error, RetryPolicy, Upload};
use axero_tests::{TestServer, closed_url, envelope, json, page, raw, with_header};
use futures_util::TryStreamExt;
use serde_json::json;

type Value = serde_json::Value;

const TEMPLATE: &str = "/api/users/{UserID}/details";
const SECRET_ID: i32 = 424242;
const SECRET_TERM: &str = "confidential-search-term";

/// A call whose path and query hold values that must not show in its error.
fn call() -> Request {
    Request::new(Method::GET, TEMPLATE).path("UserID", SECRET_ID).query("searchText", SECRET_TERM)
}

fn assert_names_the_endpoint(err: &Error, method: &str) {
    let shown = err.to_string();
    let prefix = format!("{method} {TEMPLATE}: ");
    assert!(shown.starts_with(&prefix), "{shown}");
    assert!(!shown.contains(&SECRET_ID.to_string()) && !shown.contains(SECRET_TERM), "{shown}");
    assert_eq!(err.endpoint(), Some(&Endpoint { method: method.parse().unwrap(), template: TEMPLATE.into() }));
}

async fn error_from(server: &TestServer, request: Request) -> Error {
    let client = server.builder().retry_policy(RetryPolicy::none()).build().unwrap();
    client.runtime().send::<Value>(request).await.unwrap_err()
}

#[tokio::test]
async fn every_error_of_a_call_names_the_endpoint_template_not_the_values() {
    let mut errors = Vec::new();
    for status in [400u16, 401, 403, 404, 409, 429, 500] {
        let server = TestServer::start(move |_, _| async move {
            if status == 409 { raw(409, "text/plain", "conflict") } else { json(status, json!({"Message": "no"})) }
        })
        .await;
        errors.push(error_from(&server, call()).await);
    }
    let decode = TestServer::start(|_, _| async { raw(200, "application/json", "{oops") }).await;
    errors.push(error_from(&decode, call()).await);
    let big = TestServer::start(|_, _| async { envelope(json!("x".repeat(4096))) }).await;
    let client = big.builder().max_response_bytes(1024).build().unwrap();
    errors.push(client.runtime().send::<Value>(call()).await.unwrap_err());
    let slow = TestServer::start(|_, _| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        envelope(json!(null))
    })
    .await;
    let client = slow.builder().timeout(Duration::from_millis(100)).retry_policy(RetryPolicy::none()).build().unwrap();
    errors.push(client.runtime().send::<Value>(call()).await.unwrap_err());
    let refused = axero::Client::builder()
        .base_url(closed_url().await)
        .bearer_token("a-token-for-this-test")
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    errors.push(refused.runtime().send::<Value>(call()).await.unwrap_err());
    let bad_header = call().header("X-Note", "a\r\nb");
    errors.push(error_from(&decode, bad_header).await);

    let kinds: Vec<String> =
        errors.iter().map(|e| format!("{e:?}").split([' ', '{']).next().unwrap_or("").to_owned()).collect();
    for kind in [
        "Api",
        "Unauthorized",
        "Forbidden",
        "NotFound",
        "Http",
        "RateLimited",
        "Server",
        "Decode",
        "ResponseTooLarge",
        "Timeout",
        "Transport",
        "Request",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "no {kind} error produced: {kinds:?}");
    }
    for err in &errors {
        assert_names_the_endpoint(err, "GET");
    }

    // A refused redirect, and the page cap of a stream.
    let other = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let target = format!("{}/elsewhere", other.url);
    let redirect = TestServer::start(move |_, _| {
        let target = target.clone();
        async move { with_header(raw(307, "text/plain", ""), "location", &target) }
    })
    .await;
    let put = Request::new(Method::PUT, TEMPLATE).path("UserID", SECRET_ID).binary(Upload::new("a", vec![1u8]));
    let err = redirect.client().runtime().send_ignoring_data(put).await.unwrap_err();
    assert!(matches!(err, Error::Redirect { .. }), "{err:?}");
    assert_names_the_endpoint(&err, "PUT");

    let endless = TestServer::start(|_, _| async { page(json!([{"UserID": 1}, {"UserID": 2}]), 1_000) }).await;
    let stream = endless.client().runtime().stream::<Value>(call().paged(axero::CONVENTIONS.paging));
    let err = stream.page_length(2).max_pages(2).try_collect::<Vec<_>>().await.unwrap_err();
    assert!(matches!(err, Error::PageLimit { pages: 2, items: 4, .. }), "{err:?}");
    assert!(err.to_string().contains("2 pages and 4 items"), "{err}");
    assert_names_the_endpoint(&err, "GET");
}

#[tokio::test]
async fn asp_net_error_bodies_fill_the_message() {
    let server = TestServer::start(|req, _| async move {
        let status = if req.path.ends_with("missing") { 404 } else { 400 };
        json(
            status,
            json!({"Message": "No HTTP resource was found that matches the request URI.",
                   "MessageDetail": "No type was found that matches the controller named 'nope'."}),
        )
    })
    .await;
    let err = error_from(&server, Request::new(Method::GET, "/api/nope/missing")).await;
    match &err {
        Error::NotFound { message: Some(message), .. } => assert_eq!(
            message,
            "No HTTP resource was found that matches the request URI. (No type was found that matches the controller named 'nope'.)"
        ),
        other => panic!("{other:?}"),
    }
    let err = error_from(&server, Request::new(Method::POST, "/api/nope")).await;
    assert!(matches!(&err, Error::Api { message, .. } if message.starts_with("No HTTP resource")), "{err:?}");
    assert!(err.to_string().starts_with("POST /api/nope: the API reported an error (HTTP 400 Bad Request): No HTTP"));
}

#[tokio::test]
async fn a_timeout_says_how_many_attempts_and_how_long_in_all() {
    let server = TestServer::start(|_, _| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        envelope(json!(null))
    })
    .await;
    let client = server.builder().timeout(Duration::from_millis(200)).build().unwrap();
    let err = client.runtime().send::<Value>(call()).await.unwrap_err();
    match &err {
        Error::Timeout { after, attempts, elapsed, .. } => {
            assert_eq!((*after, *attempts), (Duration::from_millis(200), 3));
            assert!(*elapsed >= Duration::from_millis(600), "{elapsed:?}");
        }
        other => panic!("{other:?}"),
    }
    let shown = err.to_string();
    assert!(shown.contains("timed out: 3 attempts in ") && shown.contains("limit of 0.20 s"), "{shown}");
    assert_eq!(server.requests().len(), 3);
}
