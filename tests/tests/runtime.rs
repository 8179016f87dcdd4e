//! The runtime's behaviour over real HTTP on loopback: auth, typed errors, retries and `Retry-After`,
//! rate limits, timeouts, redirects, lenient decoding and redaction. Each test starts its own server.

use std::time::{Duration, Instant, SystemTime};

use axero::ids::{ContentId, UserId};
use axero::runtime::{Method, Request};
use axero::{Error, RetryPolicy};
use axero_tests::{TOKEN, TestServer, envelope, json, raw, raw_tcp_server, with_header};
use serde_json::json;

fn user(id: serde_json::Value) -> serde_json::Value {
    json!({"UserID": id, "UserInfoDisplayName": "Ada Lovelace", "Email": "ada@example.com"})
}

#[tokio::test]
async fn sends_the_bearer_token_and_decodes_the_envelope() {
    let server = TestServer::start(|_, _| async { envelope(user(json!(7))) }).await;
    let me = server.client().users().me().await.unwrap();
    assert_eq!(me.user_id, UserId(7));
    assert_eq!(me.user_info_display_name.as_deref(), Some("Ada Lovelace"));
    let req = server.only_request();
    assert_eq!(req.method, "GET");
    assert_eq!(req.path, "/api/users/me");
    assert_eq!(req.header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    assert_eq!(req.header("accept"), Some("application/json"));
    assert!(req.header("user-agent").unwrap_or("").starts_with("axero-rs/"));
}

#[tokio::test]
async fn users_me_also_accepts_a_bare_object() {
    let server = TestServer::start(|_, _| async { json(200, user(json!(9))) }).await;
    assert_eq!(server.client().users().me().await.unwrap().user_id, UserId(9));
}

#[tokio::test]
#[allow(deprecated)]
async fn the_legacy_key_goes_in_its_own_header() {
    let server = TestServer::start(|_, _| async { envelope(user(json!(1))) }).await;
    let client = axero::Client::builder().base_url(&server.url).legacy_api_key("legacy-key-1").build().unwrap();
    client.users().me().await.unwrap();
    let req = server.only_request();
    assert_eq!(req.header("rest-api-key"), Some("legacy-key-1"));
    assert_eq!(req.header("authorization"), None);
}

#[tokio::test]
async fn status_codes_become_typed_errors() {
    for (status, check) in [
        (401u16, (|e: &Error| matches!(e, Error::Unauthorized { .. })) as fn(&Error) -> bool),
        (403, |e| matches!(e, Error::Forbidden { .. })),
        (404, |e| matches!(e, Error::NotFound { .. })),
        (400, |e| matches!(e, Error::Api { message, .. } if message == "Invalid request")),
        (409, |e| matches!(e, Error::Api { .. })),
    ] {
        let server = TestServer::start(move |_, _| async move {
            json(status, json!({"IsError": true, "ResponseMessage": "Invalid request", "ResponseData": null}))
        })
        .await;
        let err = server.client().users().me().await.unwrap_err();
        assert!(check(&err), "{status}: {err:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert!(!err.is_retryable());
        assert_eq!(server.requests().len(), 1, "{status} is not retried");
        if status == 401 {
            assert!(err.to_string().contains("Invalid request"), "{err}");
        }
    }
}

#[tokio::test]
async fn is_error_on_200_is_an_api_error() {
    let server = TestServer::start(|_, _| async {
        json(
            200,
            json!({"IsError": true, "ResponseMessage": "You do not have access to this space.", "ResponseData": null}),
        )
    })
    .await;
    match server.client().users().get(UserId(5)).await.unwrap_err() {
        Error::Api { status, message, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(message, "You do not have access to this space.");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_429_with_retry_after_seconds_is_waited_out() {
    let server = TestServer::start(|_, n| async move {
        if n == 0 { with_header(json(429, json!({})), "retry-after", "1") } else { envelope(user(json!(3))) }
    })
    .await;
    let t0 = Instant::now();
    let me = server.client().users().me().await.unwrap();
    assert_eq!(me.user_id, UserId(3));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs[1].at - reqs[0].at >= Duration::from_millis(950), "waited {:?}", reqs[1].at - reqs[0].at);
    assert!(t0.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_429_with_retry_after_as_a_date_is_waited_out() {
    let server = TestServer::start(|_, n| async move {
        if n == 0 {
            let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
            with_header(json(429, json!({})), "retry-after", &when)
        } else {
            envelope(user(json!(4)))
        }
    })
    .await;
    assert_eq!(server.client().users().me().await.unwrap().user_id, UserId(4));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    // An HTTP date has whole seconds: two seconds from now is at least one second away.
    assert!(reqs[1].at - reqs[0].at >= Duration::from_millis(950), "waited {:?}", reqs[1].at - reqs[0].at);
}

#[tokio::test]
async fn a_retry_after_past_the_cap_fails_at_once_as_rate_limited() {
    let server = TestServer::start(|_, _| async { with_header(json(429, json!({})), "retry-after", "120") }).await;
    let t0 = Instant::now();
    match server.client().users().me().await.unwrap_err() {
        Error::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, Some(Duration::from_secs(120)))
        }
        other => panic!("{other:?}"),
    }
    assert!(t0.elapsed() < Duration::from_secs(2), "did not sleep");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_429_holds_back_the_whole_client() {
    let server = TestServer::start(|_, n| async move {
        if n == 0 { with_header(json(429, json!({})), "retry-after", "1") } else { envelope(user(json!(1))) }
    })
    .await;
    let client = server.client();
    let first = {
        let c = client.clone();
        tokio::spawn(async move { c.users().me().await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    // Another call (on a clone) after the 429: it must wait for the hold too.
    client.users().get(UserId(2)).await.unwrap();
    first.await.unwrap().unwrap();
    let reqs = server.requests();
    let limited_at = reqs[0].at;
    let details = reqs.iter().find(|r| r.path == "/api/users/2/details").unwrap();
    assert!(
        details.at - limited_at >= Duration::from_millis(950),
        "started {:?} after the 429",
        details.at - limited_at
    );
}

#[tokio::test]
async fn a_500_then_200_is_retried() {
    let server =
        TestServer::start(|_, n| async move { if n == 0 { json(500, json!({})) } else { envelope(user(json!(8))) } })
            .await;
    assert_eq!(server.client().users().me().await.unwrap().user_id, UserId(8));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn three_500s_fail_after_three_attempts() {
    let server = TestServer::start(|_, _| async {
        json(500, json!({"IsError": true, "ResponseMessage": "Object reference not set"}))
    })
    .await;
    match server.client().users().me().await.unwrap_err() {
        Error::Server { status, message, .. } => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(message.as_deref(), Some("Object reference not set"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_post_answered_500_is_not_retried() {
    let server = TestServer::start(|_, _| async { json(500, json!({})) }).await;
    let request = Request::new(Method::POST, "/api/comments").json(&json!({"CommentText": "hi"}));
    let err = server.client().runtime().send_ignoring_data(request).await.unwrap_err();
    assert!(matches!(err, Error::Server { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1);
    // Unless the caller opts in.
    let server =
        TestServer::start(|_, n| async move { if n == 0 { json(503, json!({})) } else { envelope(json!(11)) } }).await;
    let client = server
        .builder()
        .retry_policy(RetryPolicy { retry_non_idempotent: true, ..axero_tests::fast_retries() })
        .build()
        .unwrap();
    let id: i32 = client.runtime().send(Request::new(Method::POST, "/api/comments").json(&json!({}))).await.unwrap();
    assert_eq!(id, 11);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_status_type_and_snippet() {
    let server = TestServer::start(|_, _| async {
        raw(200, "application/json", "{\"IsError\": false, \"ResponseData\": {oops}")
    })
    .await;
    match server.client().users().me().await.unwrap_err() {
        Error::Decode { status, content_type, body, .. } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(content_type.as_deref(), Some("application/json"));
            assert!(body.contains("{oops}"), "{body}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_wrong_field_type_names_its_json_path() {
    let server =
        TestServer::start(|_, _| async { envelope(json!([user(json!(1)), {"UserID": "not a number"}])) }).await;
    let page = server.client().users().list().await.unwrap();
    assert_eq!(page.items.len(), 1, "the good item is kept");
    let [bad] = &page.rejected[..] else { panic!("{page:?}") };
    assert_eq!(bad.index, 1);
    assert!(bad.raw.contains("not a number"), "{}", bad.raw);
    match &bad.error {
        Error::Decode { path, message, page, index, .. } => {
            assert_eq!(path, "ResponseData[1].UserID");
            assert!(message.contains("expected an integer"), "{message}");
            assert_eq!((page.map(|p| p.get()), *index), (Some(1), Some(1)));
        }
        other => panic!("{other:?}"),
    }
    // A single value has no other items to keep: its bad field fails the call.
    let server = TestServer::start(|_, _| async { envelope(json!({"UserID": "not a number"})) }).await;
    match server.client().users().get(axero::ids::UserId(1)).await.unwrap_err() {
        Error::Decode { path, page: None, index: None, .. } => assert_eq!(path, "ResponseData.UserID"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_body_cut_short_is_an_error_not_a_panic() {
    static REPLY: &[u8] =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"IsError\":false,\"ResponseData\":{\"UserID\":";
    let url = raw_tcp_server(REPLY).await;
    let client =
        axero::Client::builder().base_url(url).bearer_token(TOKEN).retry_policy(RetryPolicy::none()).build().unwrap();
    let err = client.users().me().await.unwrap_err();
    assert!(matches!(err, Error::Transport { connect: false, .. } | Error::Decode { .. }), "{err:?}");
    // A body that is complete but ends mid-JSON is a decode error.
    static SHORT_JSON: &[u8] =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 31\r\n\r\n{\"IsError\":false,\"ResponseData\"";
    let url = raw_tcp_server(SHORT_JSON).await;
    let client =
        axero::Client::builder().base_url(url).bearer_token(TOKEN).retry_policy(RetryPolicy::none()).build().unwrap();
    assert!(matches!(client.users().me().await.unwrap_err(), Error::Decode { .. }));
}

#[tokio::test]
async fn an_unknown_enum_value_is_kept() {
    let server = TestServer::start(|_, _| async {
        envelope(json!({"ContentID": 110086, "EntityType": 99, "ContentTypeID": "3", "StatusID": 1}))
    })
    .await;
    let content: axero::types::Content = server
        .client()
        .runtime()
        .send(Request::new(Method::GET, "/api/content/{ContentID}").path("ContentID", 110086))
        .await
        .unwrap();
    assert_eq!(content.entity_type, Some(axero::types::EntityType::Unknown(99)));
    assert_eq!(content.content_type_id, Some(axero::types::EntityType::Article), "a numeric enum sent as a string");
    assert_eq!(content.status_id, Some(axero::types::EntityStatus::Published));
}

#[tokio::test]
async fn ids_and_booleans_sent_as_strings_are_accepted() {
    let server = TestServer::start(|_, _| async {
        envelope(json!({"ContentID": "110086", "IsFeatured": "true", "ViewCount": "12", "DateCreated": "2025-10-20T16:07:36.817"}))
    })
    .await;
    let content: axero::types::Content =
        server.client().runtime().send(Request::new(Method::GET, "/api/content/1")).await.unwrap();
    assert_eq!(content.content_id, ContentId(110086));
    assert_eq!(content.is_featured, Some(true));
    assert_eq!(content.view_count, Some(12));
    assert_eq!(content.date_created.map(|d| d.to_string()).as_deref(), Some("2025-10-20T16:07:36.817"));
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = TestServer::start(|_, _| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        envelope(user(json!(1)))
    })
    .await;
    let client =
        server.builder().timeout(Duration::from_millis(300)).retry_policy(RetryPolicy::none()).build().unwrap();
    let t0 = Instant::now();
    let err = client.users().me().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { after, attempts: 1, .. } if after == Duration::from_millis(300)), "{err:?}");
    assert!(err.is_retryable());
    assert!(t0.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_redirect_to_another_port_drops_the_token() {
    let other = TestServer::start(|_, _| async { envelope(user(json!(2))) }).await;
    let target = format!("{}/api/users/me", other.url);
    let server = TestServer::start(move |_, _| {
        let target = target.clone();
        async move { with_header(raw(302, "text/plain", ""), "location", &target) }
    })
    .await;
    let me = server.client().users().me().await.unwrap();
    assert_eq!(me.user_id, UserId(2));
    assert_eq!(server.only_request().header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
    let followed = other.only_request();
    assert_eq!(followed.header("authorization"), None, "the token must not reach another origin");
    assert!(!format!("{:?}", followed.headers).contains(TOKEN));
}

#[tokio::test]
async fn a_redirect_on_the_same_origin_keeps_the_token() {
    let server = TestServer::start(|req, _| async move {
        if req.path == "/old" {
            with_header(raw(301, "text/plain", ""), "location", "/api/users/me")
        } else {
            envelope(user(json!(6)))
        }
    })
    .await;
    let me: axero::types::User = server.client().runtime().send(Request::new(Method::GET, "/old")).await.unwrap();
    assert_eq!(me.user_id, UserId(6));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_1000_requests_never_exceeds_the_in_flight_limit() {
    let server = TestServer::start(|req, _| async move {
        tokio::time::sleep(Duration::from_millis(1)).await;
        let id: i32 = req.path.trim_start_matches("/api/users/").trim_end_matches("/details").parse().unwrap_or(0);
        envelope(user(json!(id)))
    })
    .await;
    let client = server.client();
    let mut tasks = Vec::new();
    for i in 0..1000 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move { c.users().get(UserId(i)).await.map(|u| (i, u.user_id.0)) }));
    }
    for t in tasks {
        let (asked, got) = t.await.unwrap().unwrap();
        assert_eq!(asked, got);
    }
    assert_eq!(server.requests().len(), 1000, "none lost, none repeated");
    let max = server.max_in_flight();
    assert!(max <= 3, "{max} requests were in flight at once; the default limit is 3");
    assert!(max >= 2, "the limit is a cap, not serialisation ({max})");
}

#[tokio::test]
async fn min_interval_spaces_request_starts() {
    let server = TestServer::start(|_, _| async { envelope(user(json!(1))) }).await;
    let client = server.builder().min_interval(Duration::from_millis(100)).build().unwrap();
    for _ in 0..4 {
        client.users().me().await.unwrap();
    }
    let reqs = server.requests();
    // Starts are 100 ms apart; arrivals can differ by the first connection's set-up, so the span of the
    // four is checked rather than each gap (the limiter's unit tests check exact spacing).
    let span = reqs[3].at - reqs[0].at;
    assert!(span >= Duration::from_millis(250), "4 requests arrived within {span:?}");
}

#[tokio::test]
async fn the_token_never_shows_in_debug_display_or_errors() {
    // A server that echoes the token back everywhere it can.
    let echo = format!("Bearer {TOKEN}");
    let mut errors: Vec<Error> = Vec::new();
    for status in [401u16, 403, 404, 429, 500, 400, 200] {
        let echo = echo.clone();
        let server = TestServer::start(move |_, _| {
            let body = json!({"IsError": true, "ResponseMessage": format!("bad {echo}"), "ResponseData": echo.clone()});
            async move { json(status, body) }
        })
        .await;
        let client = server.builder().retry_policy(RetryPolicy::none()).build().unwrap();
        errors.push(client.users().me().await.unwrap_err());
        let shown = format!("{client:?}");
        assert!(!shown.contains(TOKEN), "{shown}");
    }
    let decode =
        TestServer::start(|_, _| async { raw(200, "application/json", format!("{{\"token\":\"{TOKEN}\"")) }).await;
    errors.push(decode.client().users().me().await.unwrap_err());
    let slow = TestServer::start(|_, _| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        envelope(json!(null))
    })
    .await;
    let client = slow.builder().timeout(Duration::from_millis(100)).retry_policy(RetryPolicy::none()).build().unwrap();
    errors.push(client.users().me().await.unwrap_err());
    let refused = axero::Client::builder()
        .base_url("http://127.0.0.1:9")
        .bearer_token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    errors.push(refused.users().me().await.unwrap_err());
    errors.push(
        axero::Client::builder()
            .base_url("http://127.0.0.1:9")
            .bearer_token(format!("{TOKEN}\r\nX: y"))
            .build()
            .unwrap_err(),
    );
    errors.push(axero::Client::builder().base_url("http://example.com").bearer_token(TOKEN).build().unwrap_err());
    let kinds: Vec<String> =
        errors.iter().map(|e| format!("{e:?}").split([' ', '{']).next().unwrap_or("").to_owned()).collect();
    for kind in [
        "Unauthorized",
        "Forbidden",
        "NotFound",
        "RateLimited",
        "Server",
        "Api",
        "Decode",
        "Timeout",
        "Transport",
        "Config",
    ] {
        assert!(kinds.iter().any(|k| k == kind), "no {kind} error produced: {kinds:?}");
    }
    for e in &errors {
        let (display, debug) = (e.to_string(), format!("{e:?}"));
        assert!(!display.contains(TOKEN) && !debug.contains(TOKEN), "{display}\n{debug}");
    }
}

#[tokio::test]
async fn a_response_over_the_size_limit_fails_without_retrying() {
    let big = "x".repeat(4096);
    let server = TestServer::start(move |_, _| {
        let body = big.clone();
        async move { envelope(json!({"UserID": 1, "Email": body})) }
    })
    .await;
    let client = server.builder().max_response_bytes(1024).build().unwrap();
    match client.users().me().await.unwrap_err() {
        Error::ResponseTooLarge { status, limit, .. } => assert_eq!((status.as_u16(), limit), (200, 1024)),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
    // Chunked, with no Content-Length: the limit holds while reading.
    let mut reply = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..3 {
        reply.extend_from_slice(format!("c8\r\n{}\r\n", " ".repeat(200)).as_bytes());
    }
    reply.extend_from_slice(b"0\r\n\r\n");
    let reply: &'static [u8] = Box::leak(reply.into_boxed_slice());
    let url = raw_tcp_server(reply).await;
    let client = axero::Client::builder()
        .base_url(url)
        .bearer_token(TOKEN)
        .retry_policy(RetryPolicy::none())
        .max_response_bytes(300)
        .build()
        .unwrap();
    let err = client.users().me().await.unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { limit: 300, .. }), "{err:?}");
}

#[tokio::test]
async fn a_chunked_body_is_read_whole() {
    let json = r#"{"IsError":false,"ResponseData":{"UserID":42,"Email":"chunks@example.com"}}"#;
    let mut reply = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for piece in [&json[..10], &json[10..40], &json[40..]] {
        reply.extend_from_slice(format!("{:x}\r\n{piece}\r\n", piece.len()).as_bytes());
    }
    reply.extend_from_slice(b"0\r\n\r\n");
    let url = raw_tcp_server(Box::leak(reply.into_boxed_slice())).await;
    let client = axero::Client::builder().base_url(url).bearer_token(TOKEN).build().unwrap();
    let me = client.users().me().await.unwrap();
    assert_eq!((me.user_id, me.email.as_deref()), (UserId(42), Some("chunks@example.com")));
}
