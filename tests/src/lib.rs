//! What the tests share: a loopback HTTP server that the test starts, which records every request and
//! answers with whatever the test says, and a raw TCP server for replies no HTTP library would send.

#![forbid(unsafe_code)]

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::response::Response;
use bytes::Bytes;

/// The README's example, compiled (not run) as a doctest so that it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExample;

/// The crate page's example (`generated/README.md`), compiled the same way.
#[cfg(doctest)]
#[doc = include_str!("../../generated/README.md")]
pub struct CratePageExample;

/// The token the test clients send.
pub const TOKEN: &str = "test-token-8f2c1d";

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The HTTP method.
    pub method: Method,
    /// The path, without the query.
    pub path: String,
    /// The raw query string.
    pub query: Option<String>,
    /// Every header.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
    /// When it arrived.
    pub at: Instant,
}

impl Recorded {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The query string decoded into pairs, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let Some(q) = &self.query else {
            return Vec::new();
        };
        q.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    /// The body as text.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn body_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// `application/x-www-form-urlencoded` decoding (`+` is a space).
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

type Handler = Arc<dyn Fn(Recorded, usize) -> Pin<Box<dyn Future<Output = Response> + Send>> + Send + Sync>;

/// A loopback HTTP server that answers every request with the test's handler and records it.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// The address it listens on.
    pub addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

struct State {
    handler: Handler,
    requests: Mutex<Vec<Recorded>>,
    calls: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl TestServer {
    /// Starts a server on a free loopback port. `handler(request, n)` answers the `n`-th request (from 0).
    pub async fn start<F, Fut>(handler: F) -> TestServer
    where
        F: Fn(Recorded, usize) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Response> + Send + 'static,
    {
        let handler: Handler = Arc::new(move |r, n| Box::pin(handler(r, n)));
        let state = Arc::new(State {
            handler,
            requests: Mutex::new(Vec::new()),
            calls: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        let app_state = Arc::clone(&state);
        let app = axum::Router::new().fallback(move |req: Request<Body>| {
            let state = Arc::clone(&app_state);
            async move { serve(state, req).await }
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        TestServer { url: format!("http://{addr}"), addr, state, task }
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The one request so far (panics unless there was exactly one).
    pub fn only_request(&self) -> Recorded {
        let mut all = self.requests();
        assert_eq!(all.len(), 1, "expected exactly one request, got {}", all.len());
        all.remove(0)
    }

    /// The most requests that were being handled at the same moment.
    pub fn max_in_flight(&self) -> usize {
        self.state.max_in_flight.load(Ordering::SeqCst)
    }

    /// A client for this server with the test token and fast retries (10 ms base backoff).
    pub fn client(&self) -> axero::Client {
        self.builder().build().expect("client builds")
    }

    /// The builder behind [`client`](Self::client), to adjust.
    pub fn builder(&self) -> axero::ClientBuilder {
        axero::Client::builder().base_url(&self.url).bearer_token(TOKEN).retry_policy(fast_retries())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The default policy with 10 ms backoff instead of 500 ms, so that tests of retries are quick.
pub fn fast_retries() -> axero::RetryPolicy {
    axero::RetryPolicy {
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        ..Default::default()
    }
}

async fn serve(state: Arc<State>, req: Request<Body>) -> Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 64 << 20).await.unwrap_or_default();
    let recorded = Recorded {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
        at: Instant::now(),
    };
    let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    state.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let n = state.calls.fetch_add(1, Ordering::SeqCst);
    if let Ok(mut all) = state.requests.lock() {
        all.push(recorded.clone());
    }
    let response = (state.handler)(recorded, n).await;
    state.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

/// A response with `status` and a JSON body.
pub fn json(status: u16, value: serde_json::Value) -> Response {
    raw(status, "application/json; charset=utf-8", value.to_string())
}

/// A 200 with the envelope around `data`.
pub fn envelope(data: serde_json::Value) -> Response {
    json(200, serde_json::json!({"IsError": false, "ResponseMessage": "", "ResponseData": data}))
}

/// A 200 with the envelope around a page of `data` and `total`.
pub fn page(data: serde_json::Value, total: u64) -> Response {
    json(200, serde_json::json!({"IsError": false, "ResponseMessage": "", "TotalRecords": total, "ResponseData": data}))
}

/// A response with any status, content type and body.
pub fn raw(status: u16, content_type: &str, body: impl Into<Body>) -> Response {
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("content-type", content_type)
        .body(body.into())
        .unwrap_or_default()
}

/// `response` with one more header.
pub fn with_header(mut response: Response, name: &'static str, value: &str) -> Response {
    if let Ok(v) = value.parse() {
        response.headers_mut().insert(name, v);
    }
    response
}

/// ring's crypto provider, as the runtime's default TLS uses (rustls 0.23.48 deprecates its
/// `default_provider` for want of post-quantum key exchange, which a loopback test does not need).
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// The CA that signed the certificate of [`raw_tls_server`]: give it to
/// `ClientBuilder::root_certificate_pem` to trust that server (see `tests/fixtures/tls/README.md`).
pub const TLS_ROOT_PEM: &[u8] = include_bytes!("../fixtures/tls/ca.pem");

/// An `https://127.0.0.1:<port>` server that reads one request per connection and writes `reply`
/// verbatim, then closes; its certificate is signed by [`TLS_ROOT_PEM`].
pub async fn raw_tls_server(reply: &'static [u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::rustls;
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(include_bytes!("../fixtures/tls/server.pem")).flatten().collect();
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("../fixtures/tls/server.key")).expect("the fixture key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(ring_provider()))
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(certs, key))
        .expect("a TLS server configuration");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else { return };
                let mut buf = vec![0u8; 8192];
                let _ = tls.read(&mut buf).await;
                let _ = tls.write_all(reply).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    format!("https://{addr}")
}

/// `http://127.0.0.1:<port>` of a port that was just free and is closed: a connection there is refused.
pub async fn closed_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
    let addr = listener.local_addr().expect("local address");
    drop(listener);
    format!("http://{addr}")
}

/// Panics if `text` holds `secret`, or any run of 8 or more of its characters (the whole secret when
/// it is shorter).
pub fn assert_no_secret(text: &str, secret: &str) {
    let chars: Vec<char> = secret.chars().collect();
    if chars.is_empty() {
        return;
    }
    let run = chars.len().min(8);
    for start in 0..=chars.len() - run {
        let piece: String = chars[start..start + run].iter().collect();
        assert!(!text.contains(&piece), "{piece:?} (part of the secret) leaked into:\n{text}");
    }
}

/// A TCP server on loopback that reads one request and writes `reply` verbatim, then closes: for
/// replies that break HTTP (a body shorter than its `Content-Length`).
pub async fn raw_tcp_server(reply: &'static [u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = vec![0u8; 8192];
            let _ = socket.read(&mut buf).await;
            let _ = socket.write_all(reply).await;
            let _ = socket.shutdown().await;
        }
    });
    format!("http://{addr}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_query_strings() {
        assert_eq!(decode("a+b%26c%2C"), "a b&c,");
        assert_eq!(decode("100%"), "100%");
    }
}
