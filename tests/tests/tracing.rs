//! The client's tracing: one span per request, with method, path template, attempt, status and
//! elapsed time, and never the token or a body. In a binary of its own, so that the subscriber is global.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axero::runtime::{Method, Request};
use axero_tests::{TOKEN, TestServer, assert_no_secret, closed_url, envelope, raw, with_header};
use serde_json::json;

#[tokio::test]
async fn one_tracing_span_per_request_without_token_or_body() {
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let sink = Sink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    // The only test in this binary, so a global subscriber sees every span (a thread-local one can
    // miss spans whose callsite interest another thread cached first).
    tracing::subscriber::set_global_default(subscriber).unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let c = Arc::clone(&calls);
    let server = TestServer::start(move |_, _| {
        c.fetch_add(1, Ordering::SeqCst);
        async { envelope(json!({"UserID": 5, "Email": "secret-body@example.com"})) }
    })
    .await;
    server.client().users().get(axero::ids::UserId(5)).await.unwrap();
    let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    let closes: Vec<&str> = log.lines().filter(|l| l.contains("axero.request") && l.contains("close")).collect();
    assert_eq!(closes.len(), 1, "{log}");
    let line = closes[0];
    for field in ["method=GET", "path=\"/api/users/{UserID}/details\"", "attempt=1", "status=200", "elapsed_ms="] {
        assert!(line.contains(field), "missing {field} in {line}");
    }
    assert!(!log.contains(TOKEN) && !log.contains("secret-body"), "{log}");

    // A redirect to a URL that carries a percent-encoded copy of the token, on a port that refuses
    // connections: the GET is retried, and the DEBUG "retrying" event must not show the copy.
    sink.0.lock().unwrap().clear();
    let token = "tok+en/with=chars-0123456789";
    let target = format!("{}/callback?t=tok%2Ben%2Fwith%3Dchars-0123456789", closed_url().await);
    let server = TestServer::start(move |_, _| {
        let target = target.clone();
        async move { with_header(raw(302, "text/plain", ""), "location", &target) }
    })
    .await;
    let client = server.builder().bearer_token(token).build().unwrap();
    let err = client.runtime().send::<serde_json::Value>(Request::new(Method::GET, "/api/x")).await.unwrap_err();
    let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("retrying"), "{log}");
    assert_no_secret(&log, token);
    assert_no_secret(&log, "tok%2Ben%2Fwith%3Dchars-0123456789");
    assert_no_secret(&format!("{err}\n{err:?}"), token);

    // A server whose error text carries control characters (a window-title change, a "conceal"
    // sequence, a forged log line): the DEBUG "retrying" event shows the error escaped.
    sink.0.lock().unwrap().clear();
    let server = TestServer::start(|_, _| async {
        raw(503, "text/plain", "busy\u{1b}]0;pwned\u{7}\u{1b}[8m\r\nFORGED INFO all is well\u{9b}31m\u{202e}")
    })
    .await;
    let client = server.builder().retry_policy(axero_tests::fast_retries()).build().unwrap();
    let err = client.runtime().send::<serde_json::Value>(Request::new(Method::GET, "/api/x")).await.unwrap_err();
    let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("retrying") && log.contains("busy"), "{log}");
    assert!(!log.lines().any(|l| l.starts_with("FORGED")), "a forged line: {log}");
    let raw_control = |c: char| c != '\n' && (c.is_control() || matches!(c, '\u{202a}'..='\u{202e}'));
    assert!(!log.chars().any(raw_control), "{log:?}");
    assert!(!err.to_string().chars().any(|c| c.is_control()), "{err}");

    // The same for random server text (issue 18): words with control characters among them, in the
    // body of a 503 and in the envelope message of a 500, each retried so that the "retrying" event
    // carries the error. Cases are drawn from proptest's strategies (no shrinking: the test is async).
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    let control =
        prop::sample::select(vec!['\u{1b}', '\u{7}', '\r', '\n', '\0', '\u{7f}', '\u{9b}', '\u{85}', '\u{202e}']);
    let piece =
        prop_oneof![3 => "[a-z ]{1,6}", 2 => control.prop_map(String::from), 1 => Just("\u{1b}]0;t\u{7}".to_owned())];
    let text = prop::collection::vec(piece, 1..10).prop_map(|p| p.concat());
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for _ in 0..32 {
        let text = text.new_tree(&mut runner).unwrap().current();
        sink.0.lock().unwrap().clear();
        let body = text.clone();
        let message = serde_json::to_string(&json!({"IsError": true, "ResponseMessage": text})).unwrap();
        let server = TestServer::start(move |_, n| {
            let (body, message) = (body.clone(), message.clone());
            async move { if n % 2 == 0 { raw(503, "text/plain", body) } else { raw(500, "application/json", message) } }
        })
        .await;
        let client = server.builder().retry_policy(axero_tests::fast_retries()).build().unwrap();
        let _ = client.runtime().send::<serde_json::Value>(Request::new(Method::GET, "/api/x")).await;
        let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert!(log.contains("retrying"), "{log}");
        assert!(!log.chars().any(raw_control), "{text:?} reached the log raw: {log:?}");
    }
}
