//! The runtime against a hostile or broken server (issue 7): values that would leave the path
//! template, replays after redirects, secrets and huge strings in errors, numbers that overflow,
//! header and multipart injection, redirects that downgrade or change origin, lying `Retry-After` and
//! paging, and rate-limiter slots. Each test starts its own loopback server.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axero::runtime::{Method, Request};
use axero::{Error, PageRequest, RetryPolicy, Upload};
use axero_tests::{
    TLS_ROOT_PEM, TOKEN, TestServer, assert_no_secret, closed_url, envelope, fast_retries, json, page, raw,
    raw_tls_server, with_header,
};
use futures_util::TryStreamExt;
use serde_json::json;

type Value = serde_json::Value;

fn user(id: i64) -> Value {
    json!({"UserID": id, "Email": "ada@example.com"})
}

/// `Display` and `Debug` of an error, where a leak would show.
fn shown(e: &Error) -> String {
    format!("{e}\n{e:?}")
}

/// A client of `server` authenticated with `token`, without retries.
fn client_with_token(server: &TestServer, token: &str) -> axero::Client {
    server.builder().bearer_token(token).retry_policy(RetryPolicy::none()).build().unwrap()
}

fn get(path: &'static str) -> Request {
    Request::new(Method::GET, path)
}

// 1. Dot segments and empty path values.

#[tokio::test]
async fn dot_segments_and_empty_path_values_are_refused_before_sending() {
    let server = TestServer::start(|_, _| async { envelope(user(1)) }).await;
    let client = server.client();
    for value in ["..", ".", ""] {
        let request = get("/api/users/byusername/{Username}").path("Username", value);
        let err = client.runtime().send::<Value>(request).await.unwrap_err();
        assert!(matches!(err, Error::Request { .. }), "{value:?}: {err:?}");
        assert!(!err.is_retryable());
    }
    // A placeholder left unfilled is refused too.
    let err = client.runtime().send::<Value>(get("/api/users/{UserID}/details")).await.unwrap_err();
    assert!(matches!(&err, Error::Request { message, .. } if message.contains("{UserID}")), "{err:?}");
    assert_eq!(server.requests().len(), 0, "nothing was sent");
    // Dots that are not a whole segment are ordinary values.
    for value in ["...", ".x", "a..b"] {
        let request = get("/api/users/byusername/{Username}").path("Username", value);
        client.runtime().send::<Value>(request).await.unwrap();
    }
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/api/users/byusername/...", "/api/users/byusername/.x", "/api/users/byusername/a..b"]);
}

// 2. No replay of a POST after a redirect.

#[tokio::test]
async fn a_post_is_not_replayed_when_a_later_hop_does_not_connect() {
    for status in [303u16, 307, 302] {
        let target = format!("{}/next", closed_url().await);
        let server = TestServer::start(move |_, _| {
            let target = target.clone();
            async move { with_header(raw(status, "text/plain", ""), "location", &target) }
        })
        .await;
        let request = Request::new(Method::POST, "/api/comments").json(&json!({"CommentText": "once"}));
        let err = server.client().runtime().send_ignoring_data(request).await.unwrap_err();
        assert_eq!(server.requests().len(), 1, "{status}: the POST reached the server more than once ({err:?})");
    }
}

// 3. Every server-derived string is redacted.

#[tokio::test]
async fn the_token_never_reaches_the_content_type_the_json_path_or_a_bad_location() {
    let header_echo = TestServer::start(|_, _| async {
        raw(
            200,
            &format!("application/json; charset=utf-8; x={TOKEN}"),
            "{\"IsError\": false, \"ResponseData\": {oops}",
        )
    })
    .await;
    let err = header_echo.client().runtime().send::<Value>(get("/api/users/me")).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_no_secret(&shown(&err), TOKEN);

    let key_echo = TestServer::start(|_, _| async { envelope(json!({ TOKEN: "not a number" })) }).await;
    let err = key_echo.client().runtime().send::<HashMap<String, i32>>(get("/api/x")).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_no_secret(&shown(&err), TOKEN);

    let location_echo = TestServer::start(|_, _| async {
        with_header(raw(302, "text/plain", ""), "location", &format!("http://[{TOKEN}/"))
    })
    .await;
    let err = location_echo.client().runtime().send::<Value>(get("/api/users/me")).await.unwrap_err();
    assert!(matches!(err, Error::Redirect { .. }), "{err:?}");
    assert!(err.status().is_some_and(|s| s.as_u16() == 302), "{err:?}");
    assert_no_secret(&shown(&err), TOKEN);

    // A Location whose scheme is the token: a valid URL, but not HTTP.
    let scheme_echo = TestServer::start(|_, _| async {
        with_header(raw(302, "text/plain", ""), "location", &format!("x{TOKEN}:rest"))
    })
    .await;
    let err = scheme_echo.client().runtime().send::<Value>(get("/api/users/me")).await.unwrap_err();
    assert!(matches!(&err, Error::Redirect { reason, .. } if reason.contains("not http or https")), "{err:?}");
    assert_no_secret(&shown(&err), TOKEN);
}

// 4. Redaction: first, then the cut; escaped and percent-encoded copies; short secrets.

#[tokio::test]
async fn a_token_across_the_snippet_cut_is_redacted_before_the_cut() {
    for offset in [1000usize, 1015, 1020, 1023] {
        let body = format!("{}{TOKEN}{}", "x".repeat(offset), "y".repeat(200));
        let server = TestServer::start(move |_, _| {
            let body = body.clone();
            async move { raw(404, "text/plain", body) }
        })
        .await;
        let err = client_with_token(&server, TOKEN).runtime().send::<Value>(get("/api/x")).await.unwrap_err();
        assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
        assert_no_secret(&shown(&err), TOKEN);
    }
}

#[tokio::test]
async fn a_long_token_in_a_lenient_field_does_not_survive_in_part() {
    let token = "lenient-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let server = TestServer::start(move |_, _| async move { envelope(json!({"UserID": token})) }).await;
    let err = client_with_token(&server, token).users().me().await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_no_secret(&shown(&err), token);
}

#[tokio::test]
async fn json_escaped_and_percent_encoded_copies_are_redacted() {
    let token = "tok+en/ABC-123456789";
    let echoes = [
        r#"{"Message":"tok\u002Ben\/ABC-123456789"}"#.to_owned(),
        r#"{"Message":"tok\u002ben\u002fABC-123456789"}"#.to_owned(),
        r#"{"Message":"\u0074\u006F\u006b\u002B\u0065\u006e\/\u0041BC-123456789"}"#.to_owned(),
        "callback?t=tok%2Ben%2FABC-123456789".to_owned(),
        "callback?t=tok%2ben%2fABC-123456789".to_owned(),
        "callback?t=%74%6F%6b%2B%65%6e%2F%41%42%43%2D%31%32%33%34%35%36%37%38%39".to_owned(),
    ];
    for echo in echoes {
        let server = TestServer::start(move |_, _| {
            let echo = echo.clone();
            async move { raw(500, "text/plain", echo) }
        })
        .await;
        let err = client_with_token(&server, token).runtime().send::<Value>(get("/api/x")).await.unwrap_err();
        assert!(matches!(err, Error::Server { .. }), "{err:?}");
        assert_no_secret(&shown(&err), token);
    }
}

#[tokio::test]
async fn a_short_secret_is_redacted_only_as_a_whole_token() {
    let server = TestServer::start(|_, _| async { raw(404, "text/plain", "the token t is wrong") }).await;
    let err = client_with_token(&server, "t").runtime().send::<Value>(get("/api/x")).await.unwrap_err();
    match &err {
        Error::NotFound { body, .. } => assert_eq!(body, "the token [redacted] is wrong"),
        other => panic!("{other:?}"),
    }
}

// 5. No panic from numbers a server or a configuration can choose.

#[tokio::test]
async fn a_retry_after_of_u64_max_with_a_policy_that_waits_does_not_panic() {
    let server =
        TestServer::start(|_, _| async { with_header(json(429, json!({})), "retry-after", "18446744073709551615") })
            .await;
    let client = server
        .builder()
        .retry_policy(RetryPolicy { max_retry_after: Duration::MAX, ..fast_retries() })
        .build()
        .unwrap();
    let call = tokio::spawn(async move { client.runtime().send::<Value>(get("/api/x")).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!call.is_finished(), "the call obeys the wait (and did not panic): {:?}", call.await);
    call.abort();
}

#[tokio::test]
async fn max_in_flight_usize_max_and_min_interval_duration_max_do_not_panic() {
    let server = TestServer::start(|_, _| async { envelope(user(1)) }).await;
    let client = server.builder().max_in_flight(usize::MAX).build().unwrap();
    client.runtime().send::<Value>(get("/api/x")).await.unwrap();

    let client = server.builder().min_interval(Duration::MAX).build().unwrap();
    let first = {
        let client = client.clone();
        tokio::spawn(async move { client.runtime().send::<Value>(get("/api/x")).await })
    };
    first.await.expect("no panic").unwrap();
    let second = tokio::spawn(async move { client.runtime().send::<Value>(get("/api/x")).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!second.is_finished(), "the second call waits for the interval (and did not panic)");
    second.abort();
}

#[tokio::test]
async fn page_number_u32_max_does_not_panic() {
    let server = TestServer::start(|_, _| async { page(json!([user(1), user(2)]), 10) }).await;
    let client = server.client();
    let request = || get("/api/users").paged(axero::CONVENTIONS.paging);
    let one = tokio::spawn({
        let client = client.clone();
        async move { client.runtime().page::<Value>(request(), PageRequest::new(u32::MAX, 2)).await }
    });
    let page = one.await.expect("no panic").unwrap();
    assert_eq!((page.number, page.items.len()), (u32::MAX, 2));
    let query = server.requests()[0].query_pairs();
    assert!(query.contains(&("StartPage".to_owned(), u32::MAX.to_string())), "{query:?}");

    // A full last page with no page number after it: the stream ends with an error, not a panic.
    let stream = tokio::spawn(async move {
        let mut stream = client.runtime().stream::<Value>(request()).start_page(u32::MAX).page_length(2);
        let mut seen = Vec::new();
        while let Some(item) = stream.try_next().await.transpose() {
            seen.push(item.is_ok());
        }
        seen
    });
    assert_eq!(stream.await.expect("no panic"), [true, true, false]);
}

// 6. Bounded errors.

#[tokio::test]
async fn an_8_mib_message_or_map_key_gives_a_bounded_error() {
    let huge = "m".repeat(8 << 20);
    let message = huge.clone();
    let server = TestServer::start(move |_, _| {
        let message = message.clone();
        async move { json(400, json!({"IsError": true, "ResponseMessage": message})) }
    })
    .await;
    let err = server.client().runtime().send::<Value>(get("/api/x")).await.unwrap_err();
    assert!(matches!(err, Error::Api { .. }), "{}", &shown(&err)[..200]);
    let text = shown(&err);
    assert!(text.len() < 8 * 1024, "{} bytes", text.len());
    assert!(text.contains("[cut"), "says that it was cut");

    let server = TestServer::start(move |_, _| {
        let key = huge.clone();
        async move { envelope(json!({ key: "not a number" })) }
    })
    .await;
    let err = server.client().runtime().send::<HashMap<String, i32>>(get("/api/x")).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{}", &shown(&err)[..200]);
    let text = shown(&err);
    assert!(text.len() < 8 * 1024, "{} bytes", text.len());
    assert!(text.contains("[cut"), "says that it was cut");
}

// 7. Header and multipart values.

#[tokio::test]
async fn an_upload_media_type_with_a_line_break_is_a_request_error() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let upload = Upload::new("a.png", vec![1u8, 2]).with_content_type("image/png\r\nX-Evil: 1");
    let request = Request::new(Method::PUT, "/api/x").binary(upload);
    let err = server.client().runtime().send_ignoring_data(request).await.unwrap_err();
    assert!(matches!(err, Error::Request { .. }), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(server.requests().len(), 0);
}

#[tokio::test]
async fn multipart_file_names_are_encoded_as_browsers_do() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let upload = Upload::new("a\"b\r\nX-Evil: 1\rc\nd.txt", &b"content"[..]);
    let request = Request::new(Method::POST, "/api/files").form("FileName", "x").file("file", upload);
    server.client().runtime().send_ignoring_data(request).await.unwrap();
    let body = server.only_request().body_text();
    assert!(body.contains("filename=\"a%22b%0D%0AX-Evil: 1%0Dc%0Ad.txt\""), "{body}");
    assert!(!body.contains("\r\nX-Evil"), "{body}");
}

#[tokio::test]
async fn a_non_ascii_header_value_is_sent_percent_encoded() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let image = Upload::new("x", vec![0xffu8, 0xd8]).with_content_type("image/jpeg");
    let request = Request::new(Method::POST, "/api/content/{ContentID}/image")
        .path("ContentID", 1)
        .header("fileName", "résumé 100%+ü.jpg")
        .binary(image);
    server.client().runtime().send_ignoring_data(request).await.unwrap();
    let req = server.only_request();
    assert_eq!(req.header("filename"), Some("r%C3%A9sum%C3%A9%20100%25%2B%C3%BC.jpg"));
    // ASCII values go as they are.
    let request = Request::new(Method::POST, "/api/x").header("fileName", "cover 1.jpg");
    server.client().runtime().send_ignoring_data(request).await.unwrap();
    assert_eq!(server.requests()[1].header("filename"), Some("cover 1.jpg"));
}

// 8. Timeouts and redirects.

#[tokio::test]
async fn the_timeout_covers_the_whole_attempt_with_its_redirects() {
    let server = TestServer::start(|req, _| async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let hop: u32 = req.path.trim_start_matches("/hop/").parse().unwrap_or(0);
        if hop < 4 {
            with_header(raw(302, "text/plain", ""), "location", &format!("/hop/{}", hop + 1))
        } else {
            envelope(user(1))
        }
    })
    .await;
    let client =
        server.builder().timeout(Duration::from_millis(400)).retry_policy(RetryPolicy::none()).build().unwrap();
    let t0 = Instant::now();
    let err = client.runtime().send::<Value>(get("/hop/0")).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(t0.elapsed() < Duration::from_millis(700), "took {:?}", t0.elapsed());
}

#[tokio::test]
async fn a_redirect_from_https_to_http_is_refused_unless_insecure_http_is_allowed() {
    let plain = TestServer::start(|_, _| async { envelope(user(3)) }).await;
    let reply = format!(
        "HTTP/1.1 307 Temporary Redirect\r\nlocation: {}/api/x\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        plain.url
    );
    let tls = raw_tls_server(Box::leak(reply.into_bytes().into_boxed_slice())).await;
    let builder = || {
        axero::Client::builder()
            .base_url(&tls)
            .bearer_token(TOKEN)
            .root_certificate_pem(TLS_ROOT_PEM)
            .retry_policy(RetryPolicy::none())
    };
    let err = builder().build().unwrap().runtime().send::<Value>(get("/api/x")).await.unwrap_err();
    assert!(matches!(&err, Error::Redirect { reason, .. } if reason.contains("https to plain http")), "{err:?}");
    assert!(err.status().is_some_and(|s| s.as_u16() == 307), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(plain.requests().len(), 0, "nothing went out in clear text");

    let allowed = builder().allow_insecure_http(true).build().unwrap();
    allowed.runtime().send::<Value>(get("/api/x")).await.unwrap();
    assert_eq!(plain.only_request().header("authorization"), None);
}

#[tokio::test]
async fn a_body_is_never_resent_to_another_origin() {
    let other = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    for status in [307u16, 308] {
        let target = format!("{}/api/elsewhere", other.url);
        let server = TestServer::start(move |_, _| {
            let target = target.clone();
            async move { with_header(raw(status, "text/plain", ""), "location", &target) }
        })
        .await;
        let request = Request::new(Method::PUT, "/api/x").json(&json!({"secret": "body"}));
        let err = server.client().runtime().send_ignoring_data(request).await.unwrap_err();
        assert!(matches!(err, Error::Redirect { .. }), "{err:?}");
        assert!(err.status().is_some_and(|s| s.as_u16() == status), "{err:?}");
        assert!(!err.is_retryable());
        assert_eq!(server.requests().len(), 1, "not retried");
    }
    assert_eq!(other.requests().len(), 0, "the body never reached the other origin");
}

// 9. Retry-After and paging edge cases; a 429 that gives up at once.

#[tokio::test]
async fn a_retry_after_too_large_for_u64_counts_as_too_long() {
    let server =
        TestServer::start(|_, _| async { with_header(json(429, json!({})), "retry-after", "99999999999999999999999") })
            .await;
    let err = server.client().runtime().send::<Value>(get("/api/x")).await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { retry_after: Some(_), .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1, "not retried");
}

#[tokio::test]
async fn a_total_that_contradicts_the_items_does_not_end_a_stream() {
    let server = TestServer::start(|req, _| async move {
        let number: usize = req
            .query_pairs()
            .into_iter()
            .find(|(k, _)| k == "StartPage")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(1);
        let count = if number < 3 { 10 } else { 5 };
        page(json!((0..count).map(|i| user((number * 100 + i) as i64)).collect::<Vec<_>>()), 0)
    })
    .await;
    let request = get("/api/users").paged(axero::CONVENTIONS.paging);
    let items: Vec<Value> = server.client().runtime().stream(request).page_length(10).try_collect().await.unwrap();
    assert_eq!(items.len(), 25);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_429_past_the_cap_does_not_freeze_the_other_calls() {
    let server = TestServer::start(|req, _| async move {
        if req.path == "/api/limited" {
            with_header(json(429, json!({})), "retry-after", "120")
        } else {
            envelope(user(1))
        }
    })
    .await;
    let client = server
        .builder()
        .retry_policy(RetryPolicy { max_retry_after: Duration::from_secs(2), ..fast_retries() })
        .build()
        .unwrap();
    let err = client.runtime().send::<Value>(get("/api/limited")).await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    let t0 = Instant::now();
    client.runtime().send::<Value>(get("/api/other")).await.unwrap();
    assert!(t0.elapsed() < Duration::from_millis(1000), "the other call waited {:?}", t0.elapsed());
}

// 10. Rate limiter slots.

#[tokio::test]
async fn a_caller_dropped_while_queued_gives_its_start_slot_back() {
    let server = TestServer::start(|_, _| async { envelope(user(1)) }).await;
    let client = server.builder().min_interval(Duration::from_millis(300)).build().unwrap();
    client.runtime().send::<Value>(get("/api/first")).await.unwrap();
    let queued: Vec<_> = (0..3)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.runtime().send::<Value>(get("/api/dropped")).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(50)).await;
    for task in &queued {
        task.abort();
    }
    client.runtime().send::<Value>(get("/api/survivor")).await.unwrap();
    let reqs = server.requests();
    assert!(reqs.iter().all(|r| r.path != "/api/dropped"), "the dropped calls were not sent");
    let gap = reqs[1].at - reqs[0].at;
    assert!(gap < Duration::from_millis(550), "the survivor started {gap:?} after the first call");
}

// Issue 18: the second round.

/// Item 3: a CSV list item holding the separator would reach the server as two items; it is refused
/// before anything is sent, in a query, a form and a body field.
#[tokio::test]
async fn a_csv_item_holding_a_comma_is_refused_before_sending() {
    let server = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let client = server.client();
    let tags = ["fine".to_owned(), "urgent,confidential".to_owned()];
    let err = client
        .content()
        .add_tags(axero::ids::SpaceId(7), 110086, axero::types::EntityType::Article, &tags)
        .await
        .unwrap_err();
    match &err {
        Error::Request { message, .. } => assert!(message.contains("\"urgent,confidential\""), "{message}"),
        other => panic!("{other:?}"),
    }
    let task = axero::types::NewTask {
        follower_user_names_csv: vec!["ada".into(), "bob,eve".into()],
        ..axero::types::NewTask::new("Review".into())
    };
    let err = client.tasks().create(&task).await.unwrap_err();
    assert!(matches!(&err, Error::Request { message, .. } if message.contains("comma")), "{err:?}");
    assert!(server.requests().is_empty(), "nothing was sent");
    // A list without commas inside its items is sent as one comma-separated value.
    client.content().add_tags(axero::ids::SpaceId(7), 1, axero::types::EntityType::Article, &tags[..1]).await.unwrap();
    assert!(server.only_request().query_pairs().contains(&("Tags".into(), "fine".into())));
}

/// Item 4: an envelope whose reads would fail open (a second `IsError` or `ResponseData`, a key
/// differing only in case, a flag that is not a boolean) is an error, never the data.
#[tokio::test]
async fn an_ambiguous_envelope_never_returns_the_data() {
    for body in [
        r#"{"IsError":true,"IsError":false,"ResponseData":{"UserID":1}}"#,
        r#"{"IsError":true,"isError":false,"ResponseData":{"UserID":1}}"#,
        r#"{"IsError":false,"ResponseData":{"UserID":1},"ResponseData":{"UserID":2}}"#,
        r#"{"IsError":"error","ResponseData":{"UserID":1}}"#,
        r#"{"IsError":2,"ResponseData":{"UserID":1}}"#,
    ] {
        let server = TestServer::start(move |_, _| async move { raw(200, "application/json", body) }).await;
        let err = server.client().users().get(axero::ids::UserId(1)).await.unwrap_err();
        assert!(
            matches!(&err, Error::Decode { message, .. } if message.contains("IsError") || message.contains("ResponseData")),
            "{body}: {err:?}"
        );
        let err = server.client().spaces().add_member(axero::ids::SpaceId(1), axero::ids::UserId(1)).await.unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{body}: {err:?}");
    }
}

/// Item 5: a redirect whose target carries a user name or password would become `Authorization:
/// Basic` (two `Authorization` headers on the same origin, server-chosen credentials on another): it
/// is refused, and the credentials appear nowhere in the error.
#[tokio::test]
async fn a_redirect_with_credentials_in_its_target_is_refused() {
    let other = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let other_host = other.url.trim_start_matches("http://").to_owned();
    // Another origin, and the base URL's own (the target is set once the server knows its port).
    let own = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    for to_self in [false, true] {
        let other_target = format!("http://mallory:s3cr3tpass@{other_host}/api/x");
        let own_target = std::sync::Arc::clone(&own);
        let redirecting = TestServer::start(move |req, _| {
            let target = if to_self { own_target.lock().unwrap().clone() } else { other_target.clone() };
            let hops = req.path == "/api/y";
            async move {
                if hops { envelope(json!(null)) } else { with_header(raw(302, "text/plain", ""), "location", &target) }
            }
        })
        .await;
        let host = redirecting.url.trim_start_matches("http://").to_owned();
        *own.lock().unwrap() = format!("http://admin:hunter22@{host}/api/y");
        let err = redirecting.client().runtime().send::<Value>(get("/api/x")).await.unwrap_err();
        assert!(matches!(&err, Error::Redirect { reason, .. } if reason.contains("user name or password")), "{err:?}");
        assert!(!shown(&err).contains("s3cr3tpass") && !shown(&err).contains("hunter22"), "{err:?}");
        assert_eq!(redirecting.requests().len(), 1, "no second hop, and not retried");
    }
    assert!(other.requests().is_empty(), "the other origin was never reached");
}

/// Item 9: a write survives a 429, and a 503 with `Retry-After`, the answers where the server did
/// nothing; it is never sent again after a 500, and `.retry(RetryPolicy::none())` sends it once.
#[tokio::test]
async fn a_write_is_retried_after_a_429_but_never_after_a_5xx() {
    let comment = || axero::types::NewComment::new("<p>Agreed</p>".into(), 110086, axero::types::EntityType::Article);
    let server = TestServer::start(|_, n| async move {
        match n {
            0 => with_header(json(429, json!({})), "retry-after", "0"),
            1 => with_header(json(503, json!({})), "retry-after", "0"),
            _ => envelope(json!(5310)),
        }
    })
    .await;
    let client = server.builder().retry_policy(fast_retries()).build().unwrap();
    let id = client.comments().create(&comment()).await.unwrap();
    assert_eq!((id.0, server.requests().len()), (5310, 3), "two refusals, then the one write");

    for status in [500u16, 502, 503] {
        let server = TestServer::start(move |_, _| async move { json(status, json!({})) }).await;
        let client = server.builder().retry_policy(fast_retries()).build().unwrap();
        let err = client.comments().create(&comment()).await.unwrap_err();
        assert!(matches!(err, Error::Server { .. }), "{err:?}");
        assert_eq!(server.requests().len(), 1, "a POST that got {status} (no Retry-After) is not sent again");
    }

    let server = TestServer::start(|_, _| async { with_header(json(429, json!({})), "retry-after", "0") }).await;
    let client = server.builder().retry_policy(fast_retries()).build().unwrap();
    let err = client.comments().create(&comment()).retry(RetryPolicy::none()).await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1, "this call's own policy: never twice");
}

/// Item 8: a 429 from another origin a redirect led to does not hold the whole client.
#[tokio::test]
async fn a_429_from_another_origin_does_not_hold_the_client() {
    let other = TestServer::start(|_, _| async { with_header(json(429, json!({})), "retry-after", "30") }).await;
    let target = format!("{}/elsewhere", other.url);
    let server = TestServer::start(move |req, _| {
        let target = target.clone();
        let redirect = req.path == "/api/moved";
        async move {
            if redirect { with_header(raw(302, "text/plain", ""), "location", &target) } else { envelope(user(1)) }
        }
    })
    .await;
    let client = client_with_token(&server, TOKEN);
    let err = client.runtime().send::<Value>(get("/api/moved")).await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    // Held for its 30 s, this call would not finish within the timeout.
    let next = tokio::time::timeout(Duration::from_secs(10), client.runtime().send::<Value>(get("/api/here")));
    assert!(next.await.expect("not held back by another origin's 429").is_ok());
}

/// Item 10: a hook sees every attempt (before and after), adds a header that goes only to the base
/// URL's origin, may veto a retry but not force one, and cannot set the credentials' header.
#[tokio::test]
async fn a_hook_sees_every_attempt_and_cannot_undo_the_runtimes_rules() {
    use axero::runtime::{AttemptOutcome, AttemptRequest, Hook};
    use std::sync::{Arc, Mutex};

    #[derive(Default)]
    struct Audit {
        seen: Mutex<Vec<String>>,
        refused: Mutex<Vec<String>>,
    }
    struct Shared(Arc<Audit>);
    impl Hook for Shared {
        fn before_attempt(&self, attempt: &mut AttemptRequest<'_>) {
            attempt.header("X-Request-Id", &format!("req-{}", attempt.attempt())).unwrap();
            for owned in ["Authorization", "host", "Content-Length"] {
                if let Err(why) = attempt.header(owned, "mine") {
                    self.0.refused.lock().unwrap().push(why);
                }
            }
        }
        fn after_attempt(&self, outcome: &AttemptOutcome<'_>) {
            let status = outcome.status().map_or("error".to_owned(), |s| s.as_u16().to_string());
            self.0.seen.lock().unwrap().push(format!(
                "{} {} #{} {status}",
                outcome.method(),
                outcome.template(),
                outcome.attempt()
            ));
        }
        fn allow_retry(&self, outcome: &AttemptOutcome<'_>) -> bool {
            outcome.method() != Method::DELETE
        }
    }

    let other = TestServer::start(|_, _| async { envelope(json!(null)) }).await;
    let target = format!("{}/elsewhere", other.url);
    let server = TestServer::start(move |req, n| {
        let target = target.clone();
        let path = req.path.clone();
        async move {
            match path.as_str() {
                "/api/moved" => with_header(raw(302, "text/plain", ""), "location", &target),
                _ if n == 0 => json(503, json!({})),
                _ => envelope(json!(null)),
            }
        }
    })
    .await;
    let audit = Arc::new(Audit::default());
    let client = server.builder().retry_policy(fast_retries()).hook(Shared(Arc::clone(&audit))).build().unwrap();
    // A GET: 503, then retried (the hook allows it), each attempt with its own header.
    client.runtime().send::<Value>(get("/api/x")).await.unwrap();
    let ids: Vec<_> = server.requests().iter().map(|r| r.header("x-request-id").unwrap_or("").to_owned()).collect();
    assert_eq!(ids, ["req-1", "req-2"]);
    assert!(server.requests().iter().all(|r| r.header("authorization") == Some(&*format!("Bearer {TOKEN}"))));
    // A redirect to another origin: the hook's header stays home, like the credentials.
    client.runtime().send::<Value>(get("/api/moved")).await.unwrap();
    assert_eq!(other.only_request().header("x-request-id"), None);
    // A DELETE answered 503: the hook vetoes the retry.
    let server = TestServer::start(|_, _| async { json(503, json!({})) }).await;
    let client = server.builder().retry_policy(fast_retries()).hook(Shared(Arc::clone(&audit))).build().unwrap();
    let err = client.runtime().send_ignoring_data(Request::new(Method::DELETE, "/api/y")).await.unwrap_err();
    assert!(matches!(err, Error::Server { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1, "vetoed");
    let seen = audit.seen.lock().unwrap().clone();
    assert_eq!(seen, ["GET /api/x #1 503", "GET /api/x #2 200", "GET /api/moved #1 200", "DELETE /api/y #1 503"]);
    assert_eq!(audit.refused.lock().unwrap().len(), 3 * 4, "the runtime's headers, refused on every attempt");
}

/// Item 10: `source()` is the HTTP client's error of a transport failure, and a rate limit shows the
/// server's message rather than the raw body.
#[tokio::test]
async fn errors_have_a_source_and_a_rate_limit_its_message() {
    let client = axero::Client::builder()
        .base_url(closed_url().await)
        .bearer_token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.runtime().send::<Value>(get("/api/x")).await.unwrap_err();
    let source = std::error::Error::source(&err).expect("a transport error has a source");
    assert!(source.downcast_ref::<axero::runtime::reqwest::Error>().is_some_and(|e| e.is_connect()), "{source:?}");
    assert!(source.to_string().find("/api/x").is_none(), "no URL in the source: {source}");

    let server = TestServer::start(|_, _| async {
        json(429, json!({"IsError": true, "ResponseMessage": "Slow down: 100 requests per minute", "Padding": "x".repeat(200)}))
    })
    .await;
    let err = client_with_token(&server, TOKEN).runtime().send::<Value>(get("/api/x")).await.unwrap_err();
    match &err {
        Error::RateLimited { message, .. } => {
            assert_eq!(message.as_deref(), Some("Slow down: 100 requests per minute"))
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().ends_with("Slow down: 100 requests per minute"), "{err}");
}

/// Item 8: a server that ignores the page length and sends every item on every page ends the stream
/// after one page, instead of sending the same items again until the page cap.
#[tokio::test]
async fn a_page_larger_than_asked_is_the_last() {
    let server = TestServer::start(|_, _| async { page(json!((1..=250).map(user).collect::<Vec<_>>()), 250) }).await;
    let items: Vec<Value> = server
        .client()
        .runtime()
        .stream(get("/api/users").paged(axero::CONVENTIONS.paging))
        .try_collect()
        .await
        .unwrap();
    assert_eq!((items.len(), server.requests().len()), (250, 1));
}

/// Item 8: a body in a `Content-Encoding` the client does not undo is a decode error that names it; a
/// UTF-8 byte order mark before the JSON is skipped.
#[tokio::test]
async fn an_encoding_not_undone_is_named_and_a_bom_is_skipped() {
    let server = TestServer::start(|_, _| async {
        with_header(raw(200, "application/json", "\u{1f}\u{8b}binary"), "content-encoding", "gzip")
    })
    .await;
    let err = server.client().users().get(axero::ids::UserId(1)).await.unwrap_err();
    assert!(matches!(&err, Error::Decode { message, .. } if message.contains("`gzip` Content-Encoding")), "{err:?}");
    let server = TestServer::start(|_, _| async {
        raw(200, "application/json", "\u{feff}{\"IsError\":false,\"ResponseData\":{\"UserID\":7}}")
    })
    .await;
    assert_eq!(server.client().users().get(axero::ids::UserId(7)).await.unwrap().user_id, axero::ids::UserId(7));
}

/// Item 8: with a plain-http base URL, a proxy named by the environment never sees the request (it
/// would see the token in clear). Run in a child process of this test binary, where `HTTP_PROXY` is set
/// from the start.
#[tokio::test]
async fn an_environment_proxy_never_sees_a_plain_http_request() {
    let proxy = TestServer::start(|_, _| async { envelope(user(666)) }).await;
    let exe = std::env::current_exe().unwrap();
    let proxy_url = proxy.url.clone();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(exe)
            .args(["--exact", "hostile::child_with_an_environment_proxy", "--ignored", "--nocapture"])
            .env("HTTP_PROXY", &proxy_url)
            .env("http_proxy", &proxy_url)
            .env("ALL_PROXY", &proxy_url)
            .env("NO_PROXY", "")
            .env("AXERO_TEST_CHILD", "1")
            .output()
    })
    .await
    .unwrap()
    .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success() && text.contains("1 passed"), "{text}");
    assert!(proxy.requests().is_empty(), "the proxy saw {:?}", proxy.requests());
}

/// The child of [`an_environment_proxy_never_sees_a_plain_http_request`]: a call to a loopback server
/// that must go there directly.
#[tokio::test]
#[ignore = "run by an_environment_proxy_never_sees_a_plain_http_request, with HTTP_PROXY set"]
async fn child_with_an_environment_proxy() {
    assert_eq!(std::env::var("AXERO_TEST_CHILD").as_deref(), Ok("1"), "run by its parent test");
    let server = TestServer::start(|_, _| async { envelope(user(1)) }).await;
    let user = server.client().users().get(axero::ids::UserId(1)).await.unwrap();
    assert_eq!(user.user_id, axero::ids::UserId(1));
    assert_eq!(server.requests().len(), 1, "it went directly");
}
