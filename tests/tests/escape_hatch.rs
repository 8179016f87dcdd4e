//! The escape hatch over loopback: a request built at run time (an owned path and names), its own
//! timeout and headers, headers sent with every request, and a caller's changes to the reqwest client
//! that cannot undo the runtime's redirect and credential rules.

use std::time::{Duration, Instant};

use axero::runtime::{Method, Request};
use axero::{Error, RetryPolicy};
use axero_tests::{TOKEN, TestServer, envelope, raw, with_header};
use serde_json::json;

#[tokio::test]
async fn a_request_built_at_run_time_takes_owned_paths_and_names() {
    let server = TestServer::start(|_, _| async { envelope(json!({"UserID": 7})) }).await;
    let client = server.client();
    let id = 7;
    let template = format!("/api/users/{id}/details");
    let name = String::from("Fields");
    let request = Request::new(Method::GET, template).query(name, "a").query(String::from("Fields"), "b");
    let user: serde_json::Value = client.runtime().send(request).await.unwrap();
    assert_eq!(user, json!({"UserID": 7}));
    let r = server.only_request();
    assert_eq!(r.path, "/api/users/7/details");
    assert_eq!(r.query.as_deref(), Some("Fields=b"), "setting a parameter again replaces it");
}

#[tokio::test]
async fn a_request_may_have_its_own_timeout_and_headers() {
    let server = TestServer::start(|_, _| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        envelope(json!(null))
    })
    .await;
    let client = server.builder().timeout(Duration::from_secs(30)).retry_policy(RetryPolicy::none()).build().unwrap();
    let started = Instant::now();
    let request = Request::new(Method::GET, "/api/slow").timeout(Duration::from_millis(200)).header("X-Trace", "one");
    let err = client.runtime().send::<serde_json::Value>(request.header("x-trace", "two")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "the request's timeout, not the client's 30 s");
    assert_eq!(server.only_request().header("x-trace"), Some("two"), "a header set twice keeps the last value");
}

#[tokio::test]
async fn default_headers_go_with_every_request_unless_the_request_sets_its_own() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let client = server.builder().default_header("X-Tenant", "north").build().unwrap();
    client.runtime().send_ignoring_data(Request::new(Method::GET, "/a")).await.unwrap();
    client.runtime().send_ignoring_data(Request::new(Method::GET, "/b").header("X-Tenant", "south")).await.unwrap();
    let reqs = server.requests();
    assert_eq!(reqs[0].header("x-tenant"), Some("north"));
    assert_eq!(reqs[1].header("x-tenant"), Some("south"));
    assert_eq!(reqs[1].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));

    let err = server.builder().default_header("Authorization", "Bearer other").build().unwrap_err();
    assert!(matches!(&err, Error::Config { message } if message.contains("carries the credentials")), "{err:?}");
    let err = server.builder().default_header("X-Bad", "a\r\nX-Evil: 1").build().unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
}

/// A caller's reqwest settings apply (here a proxy), but turning reqwest's own redirects back on does
/// not: the runtime still decides each hop, so a POST's body never goes to another origin (reqwest
/// would re-send it after a 307) and the token never leaves the base URL's origin.
#[tokio::test]
async fn configure_http_cannot_undo_the_redirect_and_credential_rules() {
    let other = TestServer::start(|_, _| async { envelope(json!({"UserID": 1})) }).await;
    let target = format!("{}/elsewhere", other.url);
    let server = TestServer::start(move |req, _| {
        let target = target.clone();
        let status = if req.method == "POST" { 307 } else { 302 };
        async move { with_header(raw(status, "text/plain", ""), "location", &target) }
    })
    .await;
    // A "proxy" that forwards nothing: it answers as the server would, and records what it got.
    let proxy = TestServer::start(|_, _| async { envelope(json!({"UserID": 2})) }).await;

    let client = server
        .builder()
        .configure_http(|http| http.redirect(axero::runtime::reqwest::redirect::Policy::limited(10)))
        .build()
        .unwrap();
    let post = Request::new(Method::POST, "/start").json(&json!({"secret": "form"}));
    let err = client.runtime().send::<serde_json::Value>(post).await.unwrap_err();
    assert!(matches!(err, Error::Redirect { .. }), "{err:?}");
    assert!(other.requests().is_empty(), "the body was not sent to another origin");
    let _: serde_json::Value = client.runtime().send(Request::new(Method::GET, "/start")).await.unwrap();
    assert_eq!(server.requests().len(), 2);
    let hop = other.only_request();
    assert_eq!(hop.path, "/elsewhere");
    assert_eq!(hop.header("authorization"), None, "the token never goes to another origin");

    // The caller's proxy is used.
    let proxy_url = proxy.url.clone();
    let client = server
        .builder()
        .configure_http(move |http| http.proxy(axero::runtime::reqwest::Proxy::http(&proxy_url).expect("a proxy URL")))
        .build()
        .unwrap();
    let user: serde_json::Value = client.runtime().send(Request::new(Method::GET, "/via-proxy")).await.unwrap();
    assert_eq!(user, json!({"UserID": 2}));
    assert_eq!(proxy.only_request().path, "/via-proxy");
    assert_eq!(server.requests().len(), 2, "the request went through the proxy");
}
