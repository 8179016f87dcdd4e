//! A twin of an Axero site that knows the spec, for testing code that uses the `axero` client (or any
//! client, in any language) without a site: real sockets on loopback, every endpoint of the spec, the
//! collections the spec declares seeded and kept as requests change them, faults matched on a request,
//! and an admin API under `/__mock/` (see `admin.rs`: faults, the request log, reset).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use axero_mock::{MockServer, Reply};
//!
//! let mock = MockServer::start().await;
//! let client = mock.client()?;
//! let me = client.users().me().await?; // the spec's example user
//!
//! // Any endpoint can be told to answer otherwise: a status, a body, a delay, a `Retry-After`.
//! mock.override_reply("users.me", Reply::status(429).retry_after("1").times(1))?;
//! mock.override_reply("GET /api/users/42/details", Reply::data(serde_json::json!({"UserID": 42})))?;
//! mock.override_reply("spaces.list", Reply::ok().delay(Duration::from_millis(200)))?;
//!
//! // And every request it received can be read back.
//! assert_eq!(mock.requests()[0].endpoint, Some("users.me"));
//! # let _ = me; Ok(()) }
//! ```
//!
//! What it does, from the spec (`cargo xtask gen` writes [`endpoints`] from it):
//! - a request without the token (`Authorization: Bearer <token>`, or the legacy API key header) gets
//!   `401` before its body is read (the log keeps it without its body); a body over
//!   [`MockBuilder::max_body`] (64 MiB by default) gets `413` and is not kept; a request without a required query parameter, header or form part, or without its body, gets
//!   `400`; both with the envelope's `IsError: true` and a message;
//! - a path parameter that is an id or an integer and whose segment is not an integer (`null,null`,
//!   `1.5`, `abc`, a number too large for it; white space and a sign are read as .NET reads them) gets
//!   `400` with the envelope's message naming the parameter, never an answer carrying the text as the
//!   id. 400 and not 404 is assumed, not captured: the path matches a route and only the value fails to
//!   bind, which ASP.NET Web API (the framework of the API's `{Message, MessageDetail}` errors) answers
//!   with 400 unless the route constrains the type; the exported OpenAPI document lists 400 for every
//!   operation;
//! - every endpoint answers its example (the spec's `example:`, or a value built from the returned
//!   type), inside the envelope unless the spec says the endpoint answers bare; path parameters that are
//!   fields of the answer carry the value asked for (`GET /api/users/42/details` answers user 42);
//! - the answer of an endpoint whose shape the spec marks unverified (the endpoint's `unverified:`
//!   note, else that of the type it returns) carries an `X-Axero-Mock-Unverified` header
//!   ([`facts::UNVERIFIED_HEADER`]) with the note's first sentence, in printable ASCII and at most 200
//!   bytes: the example is a guess there;
//! - paged endpoints page a list of [`MockBuilder::items`] items (50 by default), the item's own id
//!   numbered so that items are distinct, with the total in the envelope;
//! - the endpoints that name a collection of the twin (`twin:` in the spec) read and write it instead:
//!   seeded from [`MockBuilder::seed`] (ids counting up from the example's, varied fields, relations that hold), lists filtered
//!   by the query parameters that name a field or a kept attribute and paged honestly, creates appearing
//!   in later lists under the id they answered, updates, deletes (then `404`), [`MockServer::reset`];
//! - a request with a token the mock is told lacks rights ([`MockBuilder::token_without_rights`]) gets
//!   `403`;
//! - an unknown path gets `404`, a known path with another method `405`.
//!
//! Every answer conforms to the exported OpenAPI document (3.1 and 3.0): CI calls every operation and
//! validates each answer with openapi-core (`mock/conformance/conform.py`).
//!
//! `cargo xtask mock [--port N]` runs it standalone and prints its base URL and the demo token.

#![forbid(unsafe_code)]

mod admin;
mod answer;
#[rustfmt::skip] // Generated: a table written by `cargo xtask gen`, checked by `cargo xtask check`.
pub mod endpoints;
pub mod facts;
mod routes;
mod twin;

pub use twin::DEFAULT_SEED;

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Body as HttpBody;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode};
use axum::response::Response;
use serde_json::Value;

pub use facts::Endpoint;

use crate::endpoints::CONVENTIONS;
use crate::facts::{BodyKind, Location};
use crate::routes::{Found, Routes};

/// The token the mock accepts unless told another: `Authorization: Bearer axero-mock-demo-token`.
pub const DEMO_TOKEN: &str = "axero-mock-demo-token";

/// How many items a paged list has unless told otherwise.
pub const DEFAULT_ITEMS: usize = 50;

/// Every endpoint the mock serves: the spec's, in category and method order.
pub fn all_endpoints() -> &'static [Endpoint] {
    &endpoints::ENDPOINTS
}

/// A running mock server. It stops when dropped.
pub struct MockServer {
    url: String,
    addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer").field("url", &self.url).finish_non_exhaustive()
    }
}

/// Configures a [`MockServer`] before it starts.
#[derive(Debug, Clone)]
pub struct MockBuilder {
    items: usize,
    token: String,
    port: u16,
    max_body: usize,
    seed: u64,
    sizes: BTreeMap<String, u32>,
    without_rights: Vec<String>,
}

/// The largest request body the mock reads unless told otherwise (64 MiB, the client's own cap on
/// answers); a larger one gets `413`.
pub const DEFAULT_MAX_BODY: usize = 64 << 20;

impl Default for MockBuilder {
    fn default() -> Self {
        MockBuilder {
            items: DEFAULT_ITEMS,
            token: DEMO_TOKEN.to_owned(),
            port: 0,
            max_body: DEFAULT_MAX_BODY,
            seed: DEFAULT_SEED,
            sizes: BTreeMap::new(),
            without_rights: Vec::new(),
        }
    }
}

impl MockBuilder {
    /// How many items every paged list has (default 50).
    pub fn items(mut self, items: usize) -> Self {
        self.items = items;
        self
    }

    /// The seed of the twin's collections (default [`DEFAULT_SEED`]): the same seed makes the same site.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// How many items the seed makes in the twin's collection `name` (`users`, `comments`, … as the
    /// spec's `twin:` names them), instead of the spec's size.
    pub fn size(mut self, name: &str, items: u32) -> Self {
        self.sizes.insert(name.to_owned(), items);
        self
    }

    /// A token the site knows but that lacks the rights to anything: a request carrying it gets `403`
    /// (as a signed-in user without a right does; the message is assumed, not captured).
    pub fn token_without_rights(mut self, token: impl Into<String>) -> Self {
        self.without_rights.push(token.into());
        self
    }

    /// The token requests must carry (default [`DEMO_TOKEN`]).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = token.into();
        self
    }

    /// The loopback port to listen on (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The largest request body to read (default [`DEFAULT_MAX_BODY`]); a larger one is answered `413`
    /// and not kept.
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Starts the server on `127.0.0.1`.
    ///
    /// # Errors
    ///
    /// When the port cannot be bound (it is taken, or not allowed).
    pub async fn start(self) -> std::io::Result<MockServer> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State {
            routes: Routes::new(&endpoints::ENDPOINTS),
            items: self.items,
            token: self.token,
            max_body: self.max_body,
            overrides: Mutex::new(Vec::new()),
            requests: Mutex::new(Vec::new()),
            twin: Mutex::new(twin::Twin::seeded(self.seed, &self.sizes)),
            without_rights: self.without_rights,
        });
        let app_state = Arc::clone(&state);
        let app = axum::Router::new().fallback(move |request: Request<HttpBody>| {
            let state = Arc::clone(&app_state);
            async move { serve(&state, request).await }
        });
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(MockServer { url: format!("http://{addr}"), addr, state, task })
    }
}

impl MockServer {
    /// Starts a mock with the defaults (any free loopback port, [`DEMO_TOKEN`], 50 items per list).
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound; [`MockBuilder::start`] returns that error instead.
    pub async fn start() -> MockServer {
        match MockServer::builder().start().await {
            Ok(server) => server,
            Err(e) => panic!("the mock server cannot listen on loopback: {e}"),
        }
    }

    /// A builder, to set the item count, the token or the port.
    pub fn builder() -> MockBuilder {
        MockBuilder::default()
    }

    /// The base URL: `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token it accepts.
    pub fn token(&self) -> &str {
        &self.state.token
    }

    /// An `axero` client for this server, with its token.
    ///
    /// # Errors
    ///
    /// Never for a running mock; the builder's error otherwise.
    pub fn client(&self) -> axero::Result<axero::Client> {
        axero::Client::builder().base_url(&self.url).bearer_token(self.token()).build()
    }

    /// From now on, requests for `target` get `reply` (for the next [`Reply::times`] requests, or until
    /// [`clear_overrides`](Self::clear_overrides)). `target` is an endpoint (`users.me`), a method and
    /// a path template of the spec (`GET /api/users/{UserID}/details`), or a method and a concrete
    /// path (`GET /api/users/42/details`; any path, even one the spec lacks). A later override of the
    /// same target comes first; a concrete path comes before an endpoint.
    ///
    /// # Errors
    ///
    /// When `target` names no endpoint of the spec, or is not `METHOD /path`.
    pub fn override_reply(&self, target: &str, reply: Reply) -> Result<(), UnknownTarget> {
        self.override_matching(target, Match::any(), reply)
    }

    /// [`Self::override_reply`] for only the requests to `target` that `when` matches: query
    /// parameters, a JSON subset of the body, the nth such request.
    ///
    /// # Errors
    ///
    /// When `target` names no endpoint of the spec, or is not `METHOD /path`.
    pub fn override_matching(&self, target: &str, when: Match, reply: Reply) -> Result<(), UnknownTarget> {
        self.state.add_override(target, when, reply)
    }

    /// Removes every override: every endpoint answers as the spec says again.
    pub fn clear_overrides(&self) {
        lock(&self.state.overrides).clear();
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<Received> {
        lock(&self.state.requests).clone()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        lock(&self.state.requests).clear();
    }

    /// Puts the twin's collections back as the seed made them (overrides and the request log stay).
    pub fn reset(&self) {
        lock(&self.state.twin).reset();
    }

    /// Adds a fault from its JSON rule, as `POST /__mock/faults` takes it (the binary's `--fault`).
    ///
    /// # Errors
    ///
    /// When the rule is not one (what it lacks, or names no endpoint).
    pub fn add_fault(&self, rule: &str) -> Result<(), String> {
        admin::add(&self.state, rule.as_bytes())
    }

    /// The admin API's base URL: `http://127.0.0.1:<port>/__mock/`.
    pub fn admin_url(&self) -> String {
        format!("{}{}", self.url, admin::PREFIX)
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Locks `m`, also after a panic elsewhere (the data stays usable).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What an overridden endpoint answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The status (default 200).
    pub status: u16,
    /// The body; `None`: the endpoint's usual answer for a 2xx status, an envelope with `IsError: true`
    /// and the status' reason for any other.
    pub body: Option<Body>,
    /// How long to wait before answering (default none).
    pub delay: Duration,
    /// A `Retry-After` header, as written (`"2"`, or an HTTP date).
    pub retry_after: Option<String>,
    /// For how many requests the override holds (`None`: until cleared).
    pub times: Option<usize>,
    /// Response headers to add.
    pub headers: Vec<(String, String)>,
    /// Drop the connection instead of sending a body.
    pub drop_connection: bool,
}

/// The body of a [`Reply`].
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Data: in the envelope when the endpoint answers in it, bare otherwise.
    Data(Value),
    /// Exactly this JSON.
    Json(Value),
    /// Text, with its content type.
    Text {
        /// The `Content-Type`.
        content_type: String,
        /// The text.
        text: String,
    },
}

impl Default for Reply {
    fn default() -> Self {
        Reply {
            status: 200,
            body: None,
            delay: Duration::ZERO,
            retry_after: None,
            times: None,
            headers: Vec::new(),
            drop_connection: false,
        }
    }
}

impl Reply {
    /// 200 with the endpoint's usual answer (to add a delay or a header to it).
    pub fn ok() -> Self {
        Reply::default()
    }

    /// `status`, with an error envelope unless it is a 2xx (then the usual answer).
    pub fn status(status: u16) -> Self {
        Reply { status, ..Reply::default() }
    }

    /// 200 with `data` as the answer's data.
    pub fn data(data: Value) -> Self {
        Reply { body: Some(Body::Data(data)), ..Reply::default() }
    }

    /// `status` with exactly `body`.
    pub fn json(status: u16, body: Value) -> Self {
        Reply { status, body: Some(Body::Json(body)), ..Reply::default() }
    }

    /// `status` with `text` as `text/plain`.
    pub fn text(status: u16, text: impl Into<String>) -> Self {
        let body = Body::Text { content_type: "text/plain; charset=utf-8".to_owned(), text: text.into() };
        Reply { status, body: Some(body), ..Reply::default() }
    }

    /// Waits `delay` before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Adds `Retry-After: <value>`.
    pub fn retry_after(mut self, value: impl Into<String>) -> Self {
        self.retry_after = Some(value.into());
        self
    }

    /// Holds for the next `n` requests only; then the endpoint answers as before.
    pub fn times(mut self, n: usize) -> Self {
        self.times = Some(n);
        self
    }

    /// Adds a response header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Drops the connection instead of answering: the status line goes out, then the connection
    /// closes before the body (a client sees a transport error).
    pub fn drop_connection(mut self) -> Self {
        self.drop_connection = true;
        self
    }
}

/// Which requests to an override's target it applies to: every one by default; or only those whose
/// query has each of these parameters with this value (names without regard to case), whose JSON body
/// holds this JSON (an object's keys at any depth, other values equal), and only the nth of those.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Match {
    query: Vec<(String, String)>,
    body: Option<Value>,
    nth: Option<usize>,
}

impl Match {
    /// Every request.
    pub fn any() -> Match {
        Match::default()
    }

    /// Only requests whose query has `name=value`.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Match {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Only requests whose JSON body holds `subset`.
    pub fn body(mut self, subset: Value) -> Match {
        self.body = Some(subset);
        self
    }

    /// Only the `n`th matching request (from 1).
    pub fn nth(mut self, n: usize) -> Match {
        self.nth = Some(n);
        self
    }

    fn fits(&self, query: &[(String, String)], body: &[u8]) -> bool {
        let query_fits =
            self.query.iter().all(|(k, v)| query.iter().any(|(qk, qv)| qk.eq_ignore_ascii_case(k) && qv == v));
        let body_fits = self
            .body
            .as_ref()
            .is_none_or(|subset| serde_json::from_slice::<Value>(body).is_ok_and(|whole| holds(&whole, subset)));
        query_fits && body_fits
    }
}

/// Whether `whole` holds `part`: every key of an object with a value `whole` holds there; anything
/// else equal.
fn holds(whole: &Value, part: &Value) -> bool {
    match (whole, part) {
        (Value::Object(w), Value::Object(p)) => p.iter().all(|(k, v)| w.get(k).is_some_and(|wv| holds(wv, v))),
        _ => whole == part,
    }
}

/// An override's target names no endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTarget {
    target: String,
    suggestion: Option<&'static str>,
}

impl fmt::Display for UnknownTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an endpoint of the spec: write `category.method` (`users.me`), or a method and a path \
             (`GET /api/users/{{UserID}}/details`, `GET /api/users/42/details`)",
            self.target
        )?;
        if let Some(s) = self.suggestion {
            write!(f, "; did you mean `{s}`?")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownTarget {}

/// What an override applies to.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    /// An endpoint, by name.
    Endpoint(&'static str),
    /// A method and a concrete path.
    Path(String, String),
}

impl Target {
    fn parse(text: &str) -> Result<Target, UnknownTarget> {
        let unknown = |suggestion| UnknownTarget { target: text.to_owned(), suggestion };
        let text = text.trim();
        match text.split_once(' ') {
            Some((method, path)) if path.trim().starts_with('/') => {
                let (method, path) = (method.to_ascii_uppercase(), path.trim());
                if !path.contains('{') {
                    return Ok(Target::Path(method, path.to_owned()));
                }
                all_endpoints()
                    .iter()
                    .find(|e| e.method == method && e.path.eq_ignore_ascii_case(path))
                    .map(|e| Target::Endpoint(e.name))
                    .ok_or_else(|| unknown(None))
            }
            Some(_) => Err(unknown(None)),
            None => match all_endpoints().iter().find(|e| e.name == text) {
                Some(e) => Ok(Target::Endpoint(e.name)),
                None => Err(unknown(closest(text))),
            },
        }
    }

    fn applies(&self, endpoint: Option<&Endpoint>, method: &str, path: &str) -> bool {
        match self {
            Target::Endpoint(name) => endpoint.is_some_and(|e| e.name == *name),
            Target::Path(m, p) => {
                m.eq_ignore_ascii_case(method)
                    && p.trim_end_matches('/').eq_ignore_ascii_case(path.trim_end_matches('/'))
            }
        }
    }
}

/// The endpoint name closest to `wrong`, when one is close.
fn closest(wrong: &str) -> Option<&'static str> {
    let distance = |a: &str, b: &str| {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + usize::from(ca != cb));
                prev = row[j + 1];
                row[j + 1] = next;
            }
        }
        row[b.len()]
    };
    all_endpoints()
        .iter()
        .map(|e| (distance(wrong, e.name), e.name))
        .filter(|(d, name)| *d <= 2.max(name.len() / 5))
        .min()
        .map(|(_, name)| name)
}

#[derive(Debug)]
struct Override {
    /// As given, for the admin API's listing.
    text: String,
    target: Target,
    when: Match,
    reply: Reply,
    /// Requests it matched so far (for `nth`).
    seen: usize,
    /// Requests it answered so far (for `times`).
    used: usize,
}

/// One request the mock received.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// The headers (names in lower case), in order.
    pub headers: Vec<(String, String)>,
    /// The body, as read: empty for a request without the token (not read) or over the size cap.
    pub body: Vec<u8>,
    /// The endpoint it was routed to (`users.me`), if any.
    pub endpoint: Option<&'static str>,
    /// The status the mock answered with.
    pub status: u16,
}

impl Received {
    /// A header's value (name without regard to case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// A query parameter's value (name without regard to case, as the API reads it).
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

struct State {
    routes: Routes,
    items: usize,
    token: String,
    max_body: usize,
    overrides: Mutex<Vec<Override>>,
    requests: Mutex<Vec<Received>>,
    twin: Mutex<twin::Twin>,
    without_rights: Vec<String>,
}

impl State {
    /// Whether the request carries the token, in the bearer header or the legacy one.
    fn authorized(&self, headers: &HeaderMap) -> bool {
        self.carries(headers, &self.token)
    }

    /// Whether the request carries a token the site knows but that lacks rights.
    fn without_rights(&self, headers: &HeaderMap) -> bool {
        self.without_rights.iter().any(|t| self.carries(headers, t))
    }

    /// Whether the request carries `token`, in the bearer header or the legacy one.
    fn carries(&self, headers: &HeaderMap, token: &str) -> bool {
        let conventions = &CONVENTIONS;
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let bearer = header(conventions.bearer_header).and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
        let legacy = conventions.legacy_header.and_then(header);
        bearer == Some(token) || legacy == Some(token)
    }

    fn add_override(&self, target: &str, when: Match, reply: Reply) -> Result<(), UnknownTarget> {
        let parsed = Target::parse(target)?;
        let text = target.trim().to_owned();
        lock(&self.overrides).push(Override { text, target: parsed, when, reply, seen: 0, used: 0 });
        Ok(())
    }

    /// The override for this request, if any: counted as used. Every override this request matches
    /// counts it (for `nth`); the one that answers is the latest matching one for a concrete path, else
    /// the latest for its endpoint.
    fn take_override(
        &self,
        endpoint: Option<&Endpoint>,
        method: &str,
        path: &str,
        query: &[(String, String)],
        body: &[u8],
    ) -> Option<Reply> {
        let mut overrides = lock(&self.overrides);
        let mut applies = Vec::new();
        for (i, o) in overrides.iter_mut().enumerate() {
            if o.target.applies(endpoint, method, path) && o.when.fits(query, body) {
                o.seen += 1;
                if o.when.nth.is_none_or(|n| n == o.seen) {
                    applies.push(i);
                }
            }
        }
        let concrete = |i: &&usize| matches!(overrides[**i].target, Target::Path(..));
        let index = *applies.iter().rfind(concrete).or_else(|| applies.last())?;
        let o = &mut overrides[index];
        o.used += 1;
        let reply = o.reply.clone();
        if o.reply.times.is_some_and(|n| o.used >= n) {
            overrides.remove(index);
        }
        Some(reply)
    }
}

/// An answer: status, body, and extra headers.
struct Answer {
    status: u16,
    body: Body,
    retry_after: Option<String>,
    /// Why the answer's shape is unverified ([`facts::UNVERIFIED_HEADER`]), for an endpoint's own answer.
    unverified: Option<&'static str>,
    /// An override's headers.
    headers: Vec<(String, String)>,
    /// An override's dropped connection.
    drop_connection: bool,
}

async fn serve(state: &State, request: Request<HttpBody>) -> Response {
    let (parts, body) = request.into_parts();
    if parts.uri.path().starts_with(admin::PREFIX) {
        let body = axum::body::to_bytes(body, state.max_body).await.map(|b| b.to_vec()).unwrap_or_default();
        return admin::handle(state, parts.method.as_str(), parts.uri.path(), &body);
    }
    // The token first: a request without it is answered without reading its body, and a body is read
    // only up to the cap, so that no client can make the mock hold what it sends.
    let authorized = state.authorized(&parts.headers);
    let (body, too_large) = if authorized {
        match axum::body::to_bytes(body, state.max_body).await {
            Ok(bytes) => (bytes.to_vec(), false),
            Err(_) => (Vec::new(), true),
        }
    } else {
        (Vec::new(), false)
    };
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let query = routes::query_pairs(parts.uri.query());
    let found = state.routes.find(&method, &path, &query);
    let endpoint = match &found {
        Found::Endpoint(e, _) => Some(*e),
        Found::WrongMethod | Found::Nothing => None,
    };
    let overridden =
        if authorized && !too_large { state.take_override(endpoint, &method, &path, &query, &body) } else { None };
    let answer = match (&overridden, found) {
        _ if state.without_rights(&parts.headers) => error(403, "You do not have permission to do this."),
        _ if !authorized => error(401, "Authorization has been denied for this request."),
        _ if too_large => error(413, &format!("The request body is larger than {} bytes.", state.max_body)),
        (Some(reply), _) if reply.body.is_some() || !(200..300).contains(&reply.status) => {
            let body =
                reply.body.clone().unwrap_or_else(|| Body::Json(answer::error(&CONVENTIONS, reason(reply.status))));
            Answer {
                status: reply.status,
                body: body.in_envelope(endpoint, None),
                retry_after: reply.retry_after.clone(),
                unverified: None,
                headers: Vec::new(),
                drop_connection: false,
            }
        }
        (_, Found::WrongMethod) => {
            error(405, &format!("The requested resource does not support http method '{method}'."))
        }
        (_, Found::Nothing) => error(404, &format!("No endpoint of the spec matches {method} {path}.")),
        (reply, Found::Endpoint(e, params)) => {
            match invalid(e, &params).or_else(|| missing(e, &query, &parts.headers, &body)) {
                Some(message) => error(400, &message),
                None => {
                    let outcome = match e.twin {
                        Some(t) => lock(&state.twin).answer(e, t, &params, &query, &body),
                        None => {
                            let (data, total) = answer::data(e, &params, &query, state.items);
                            twin::Outcome::Data(data, total)
                        }
                    };
                    match outcome {
                        twin::Outcome::NotFound(message) => error(404, &message),
                        twin::Outcome::Data(data, total) => Answer {
                            status: reply.as_ref().map_or(200, |r| r.status),
                            body: Body::Data(data).in_envelope(Some(e), total),
                            retry_after: reply.as_ref().and_then(|r| r.retry_after.clone()),
                            unverified: e.unverified,
                            headers: Vec::new(),
                            drop_connection: false,
                        },
                    }
                }
            }
        }
    };
    let mut answer = answer;
    if let Some(reply) = &overridden {
        answer.headers.clone_from(&reply.headers);
        answer.drop_connection = reply.drop_connection;
    }
    let headers = parts
        .headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    lock(&state.requests).push(Received {
        method,
        path,
        query,
        headers,
        body,
        endpoint: endpoint.map(|e| e.name),
        status: answer.status,
    });
    if let Some(reply) = &overridden
        && !reply.delay.is_zero()
    {
        tokio::time::sleep(reply.delay).await;
    }
    respond(answer)
}

impl Body {
    /// Data in the envelope, unless the endpoint answers bare; anything else as it is.
    fn in_envelope(self, endpoint: Option<&Endpoint>, total: Option<usize>) -> Body {
        match self {
            Body::Data(data) => {
                let envelope = endpoint.map_or(facts::Envelope::Always, |e| e.envelope);
                Body::Json(answer::body(&CONVENTIONS, envelope, data, total))
            }
            other => other,
        }
    }
}

fn error(status: u16, message: &str) -> Answer {
    Answer {
        status,
        body: Body::Json(answer::error(&CONVENTIONS, message)),
        retry_after: None,
        unverified: None,
        headers: Vec::new(),
        drop_connection: false,
    }
}

/// Why a request for `e` is malformed, if it is: a path parameter that must be an integer and is not
/// (the value itself is not repeated: it may be anything).
fn invalid(e: &Endpoint, params: &BTreeMap<String, String>) -> Option<String> {
    e.integers
        .iter()
        .find(|p| params.get(p.wire).is_some_and(|value| !p.accepts(value)))
        .map(|p| format!("The request is invalid: the path parameter `{}` must be an integer.", p.wire))
}

fn reason(status: u16) -> &'static str {
    StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error")
}

/// What a request for `e` lacks, if anything (a required parameter or the body), as the message.
fn missing(e: &Endpoint, query: &[(String, String)], headers: &HeaderMap, body: &[u8]) -> Option<String> {
    for r in e.required {
        let present = match r.location {
            Location::Query => query.iter().any(|(k, _)| k.eq_ignore_ascii_case(r.wire)),
            Location::Header => headers.contains_key(r.wire),
            Location::Form => contains(body, format!("name=\"{}\"", r.wire).as_bytes()),
        };
        if !present {
            return Some(format!("Missing the required parameter `{}`.", r.wire));
        }
    }
    match e.body {
        BodyKind::Json | BodyKind::Binary if body.is_empty() => Some("Missing the request body.".to_owned()),
        _ => None,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

fn respond(answer: Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (content_type, text) = match answer.body {
        Body::Json(value) | Body::Data(value) => ("application/json; charset=utf-8".to_owned(), value.to_string()),
        Body::Text { content_type, text } => (content_type, text),
    };
    let mut builder = Response::builder().status(status).header("content-type", content_type);
    if let Some(retry_after) = &answer.retry_after {
        builder = builder.header("retry-after", retry_after);
    }
    // The generator writes the note as printable ASCII; a value that were not would be left out rather
    // than fail the answer.
    if let Some(note) = answer.unverified.and_then(|note| HeaderValue::from_str(note).ok()) {
        builder = builder.header(facts::UNVERIFIED_HEADER, note);
    }
    for (name, value) in &answer.headers {
        if let (Ok(name), Ok(value)) = (axum::http::HeaderName::try_from(name.as_str()), HeaderValue::from_str(value)) {
            builder = builder.header(name, value);
        }
    }
    if answer.drop_connection {
        // A body that fails at once: hyper closes the connection after the head.
        let failing = futures_util::stream::once(async {
            Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other("the mock drops the connection"))
        });
        return builder.body(HttpBody::from_stream(failing)).unwrap_or_default();
    }
    builder.body(HttpBody::from(text)).unwrap_or_default()
}
