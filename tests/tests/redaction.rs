//! A property test of redaction over loopback: random tokens, echoed by a server in random encodings
//! (raw, JSON-escaped, percent-encoded, both) at random places, many of them across the 1 KiB cut of
//! error snippets, never show in `Display` or `Debug` of an error, whole or as a run of 8 or more of
//! their characters.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axero::runtime::{Method, Request};
use axero::{Error, RetryPolicy};
use axero_tests::{TestServer, assert_no_secret, raw, with_header};
use proptest::prelude::*;

/// What the server answers next: status, content type, body, and an optional `Location`.
#[derive(Clone, Default)]
struct Reply {
    status: u16,
    content_type: String,
    body: String,
    location: Option<String>,
}

struct Fixture {
    runtime: tokio::runtime::Runtime,
    server: TestServer,
    reply: Arc<Mutex<Reply>>,
}

/// The tests of this file share one server whose next reply a case sets: one case at a time.
fn one_case_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One server for every case; the case says what it answers.
fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let reply = Arc::new(Mutex::new(Reply::default()));
        let shared = Arc::clone(&reply);
        let server = runtime.block_on(TestServer::start(move |_, _| {
            let reply = shared.lock().unwrap().clone();
            async move {
                let response = raw(reply.status, &reply.content_type, reply.body);
                match &reply.location {
                    Some(location) => with_header(response, "location", location),
                    None => response,
                }
            }
        }));
        Fixture { runtime, server, reply }
    })
}

/// The characters of a Bearer token (RFC 6750's b64token), and `%`, which percent-encoding escapes.
const TOKEN_CHARS: &[char] = &[
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W',
    'X', 'Y', 'Z', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't',
    'u', 'v', 'w', 'x', 'y', 'z', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '.', '_', '~', '+', '/', '=',
    '%',
];

/// How the server writes its copy of the token.
#[derive(Debug, Clone, Copy)]
enum Encoding {
    Raw,
    /// Each character raw or as `\uXXXX` (either hex case); `/` also as `\/`.
    Json,
    /// Each character raw (when unreserved) or as `%XX` (either hex case).
    Percent,
    /// Percent-encoded, then each `%` written as `\u0025`.
    PercentInJson,
}

/// `token` in `encoding`; `choices` picks, per character, which of the allowed forms.
fn encode(token: &str, encoding: Encoding, choices: &[u8]) -> String {
    let mut out = String::new();
    for (i, c) in token.chars().enumerate() {
        let choice = choices.get(i % choices.len().max(1)).copied().unwrap_or(0);
        let upper = choice & 1 == 0;
        let hex = |n: u32, width: usize| {
            let s = format!("{n:0width$x}");
            if upper { s.to_uppercase() } else { s }
        };
        let percent = |c: char| {
            let unreserved = c.is_ascii_alphanumeric() || "-._~".contains(c);
            if unreserved && choice & 2 == 0 { c.to_string() } else { format!("%{}", hex(c as u32, 2)) }
        };
        match encoding {
            Encoding::Raw => out.push(c),
            Encoding::Json => match (c, choice % 3) {
                ('/', 0) => out.push_str("\\/"),
                (_, 0) => out.push(c),
                _ => out.push_str(&format!("\\u{}", hex(c as u32, 4))),
            },
            Encoding::Percent => out.push_str(&percent(c)),
            Encoding::PercentInJson => out.push_str(&percent(c).replace('%', "\\u0025")),
        }
    }
    out
}

fn token_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKEN_CHARS), 8..48)
        .prop_map(|chars| chars.into_iter().collect())
        // A token cannot be empty and must be sendable; `%` alone in a run is fine.
        .prop_filter("a token of graphic ASCII", |t: &String| t.chars().all(|c| c.is_ascii_graphic()))
}

fn encoding_strategy() -> impl Strategy<Value = Encoding> {
    prop_oneof![Just(Encoding::Raw), Just(Encoding::Json), Just(Encoding::Percent), Just(Encoding::PercentInJson)]
}

/// A client that sends `token`, never retries, and does not hold itself back after a 429.
fn client_for(token: &str) -> axero::Client {
    let no_wait = RetryPolicy { base_delay: Duration::ZERO, ..RetryPolicy::none() };
    fixture().server.builder().bearer_token(token).retry_policy(no_wait).build().unwrap()
}

/// Sends one call that the server answers with `reply`, and returns its error.
fn error_for(client: &axero::Client, reply: Reply, decode_as_map: bool) -> Error {
    let f = fixture();
    *f.reply.lock().unwrap() = reply;
    f.runtime.block_on(async {
        let request = Request::new(Method::GET, "/api/users/{UserID}").path("UserID", 7);
        let result = if decode_as_map {
            client.runtime().send::<HashMap<String, i32>>(request).await.map(drop)
        } else {
            client.runtime().send::<axero::types::User>(request).await.map(drop)
        };
        result.expect_err("the server's reply is an error")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn no_error_shows_the_token(
        token in token_strategy(),
        encoding in encoding_strategy(),
        choices in prop::collection::vec(any::<u8>(), 1..16),
        shift in 0usize..80,
        status in prop::sample::select(vec![400u16, 401, 403, 404, 409, 429, 500, 503]),
    ) {
        let _turn = one_case_at_a_time();
        let echo = encode(&token, encoding, &choices);
        // A filler that no token character can extend, long enough that the copy straddles the 1 KiB cut.
        let filler = "*".repeat(1024usize.saturating_sub(echo.len() / 2 + 40).saturating_add(shift));
        let json = "application/json";
        let replies = [
            // A plain-text body across the cut.
            (Reply { status, content_type: "text/plain".into(), body: format!("{filler}{echo}!!"), location: None }, true),
            // The envelope's message (decoded by JSON), and the raw body with it.
            (Reply { status, content_type: json.into(), body: format!(r#"{{"IsError":true,"ResponseMessage":"{filler}{echo}"}}"#), location: None }, true),
            // ASP.NET's error body.
            (Reply { status, content_type: json.into(), body: format!(r#"{{"Message":"{filler}{echo}"}}"#), location: None }, true),
            // A content type that carries it, on a body that does not decode.
            (Reply { status: 200, content_type: format!("application/json; x={echo}"), body: "{oops".into(), location: None }, true),
            // A map key (the JSON path of the failure) and a lenient field's value.
            (Reply { status: 200, content_type: json.into(), body: format!(r#"{{"IsError":false,"ResponseData":{{"{filler}{echo}":"x"}}}}"#), location: None }, true),
            (Reply { status: 200, content_type: json.into(), body: format!(r#"{{"IsError":false,"ResponseData":{{"UserID":"{filler}{echo}"}}}}"#), location: None }, false),
            // A `Location` that does not parse, and one whose scheme carries it.
            (Reply { status: 302, content_type: "text/plain".into(), body: String::new(), location: Some(format!("http://[{echo}/")) }, true),
            (Reply { status: 302, content_type: "text/plain".into(), body: String::new(), location: Some(format!("x{echo}:rest")) }, true),
            // The same with the token's letters in another case (the URL parser lowercases a scheme).
            (Reply { status: 302, content_type: "text/plain".into(), body: String::new(), location: Some(format!("x{}:rest", echo.to_uppercase())) }, true),
        ];
        let client = client_for(&token);
        for (reply, as_map) in replies {
            let err = error_for(&client, reply, as_map);
            assert_no_secret(&format!("{err}\n{err:?}"), &token);
        }
    }
}

/// Characters that change what a terminal shows or how a log reads: C0 (ESC, BEL, CR, LF, NUL…), DEL,
/// C1 (CSI, NEL…) and the bidirectional overrides.
const CONTROL: &[char] = &[
    '\u{1b}', '\u{7}', '\r', '\n', '\0', '\t', '\u{8}', '\u{7f}', '\u{9b}', '\u{85}', '\u{9d}', '\u{202e}', '\u{2066}',
];

/// Whether `c` is one that no error may show raw.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text of readable words with control characters among them: a window-title change, a "conceal"
/// sequence, a forged log line.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-z ]{1,6}",
        2 => prop::sample::select(CONTROL).prop_map(String::from),
        1 => Just("\u{1b}]0;pwned\u{7}".to_owned()),
        1 => Just("\u{1b}[8m".to_owned()),
        1 => Just("\r\n2026-01-01 INFO forged".to_owned()),
    ];
    prop::collection::vec(piece, 1..12).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Server text with control characters, wherever an error keeps it, is escaped in `Display` and
    /// `Debug` (issue 18, item 1).
    #[test]
    fn no_error_shows_a_control_character_raw(text in hostile_text(), status in prop::sample::select(vec![400u16, 404, 429, 500])) {
        let _turn = one_case_at_a_time();
        let in_json = serde_json::to_string(&text).unwrap();
        let json = "application/json";
        let replies = [
            (Reply { status, content_type: "text/plain".into(), body: text.clone(), location: None }, true),
            (Reply { status, content_type: json.into(), body: format!(r#"{{"IsError":true,"ResponseMessage":{in_json}}}"#), location: None }, true),
            (Reply { status, content_type: json.into(), body: format!(r#"{{"Message":{in_json},"MessageDetail":{in_json}}}"#), location: None }, true),
            (Reply { status: 200, content_type: json.into(), body: format!(r#"{{"IsError":false,"ResponseData":{{{in_json}:"x"}}}}"#), location: None }, true),
            (Reply { status: 200, content_type: json.into(), body: format!(r#"{{"IsError":false,"ResponseData":{{"UserID":{in_json}}}}}"#), location: None }, false),
            (Reply { status: 200, content_type: json.into(), body: format!(r#"{{"IsError":false,"ResponseData":{in_json}}}"#), location: None }, false),
        ];
        let client = client_for("a-token-of-some-length");
        for (reply, as_map) in replies {
            let err = error_for(&client, reply, as_map);
            for shown in [err.to_string(), format!("{err:?}")] {
                prop_assert!(!shown.chars().any(is_unsafe), "{shown:?}");
            }
        }
        // A rejected item of a page: its error and the raw item.
        *fixture().reply.lock().unwrap() = Reply {
            status: 200,
            content_type: json.into(),
            body: format!(r#"{{"IsError":false,"ResponseData":[{{"UserID":{in_json},"Note":{in_json}}}]}}"#),
            location: None,
        };
        let page = fixture().runtime.block_on(async {
            let request = Request::new(Method::GET, "/api/users").paged(axero::CONVENTIONS.paging);
            client.runtime().page::<axero::types::User>(request, axero::PageRequest::first()).await.expect("a page with a bad item")
        });
        for bad in &page.rejected {
            for shown in [bad.to_string(), format!("{bad:?}"), bad.raw.clone()] {
                prop_assert!(!shown.chars().any(is_unsafe), "{shown:?}");
            }
        }
    }
}
