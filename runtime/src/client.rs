//! The client: configuration, and the one path every call takes (rate limit, send, follow redirects
//! without leaking the token, retry, decode).

use std::fmt;
use std::marker::PhantomData;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_ENCODING, CONTENT_TYPE, HeaderName, HeaderValue, LOCATION, RETRY_AFTER};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use tracing::field::Empty;

use super::Conventions;
use super::auth::{Credentials, Secret};
use super::envelope::{self, Decoded};
use super::error::{Error, Result};
use super::headers;
use super::hook::{AttemptOutcome, AttemptRequest, Hook};
use super::limit::{Limiter, instant_after};
use super::paging::{Page, PageRequest, PageStream, Rejected};
use super::redact::Redactor;
use super::redirect;
use super::request::{Body, Part, Request};
use super::retry::{RetryPolicy, parse_retry_after};

/// The most redirects one attempt follows.
const MAX_REDIRECTS: usize = 5;

/// The default page cap of a stream: 200,000 items at 100 a page.
const DEFAULT_MAX_PAGES: u32 = 2_000;

/// A client for one site of the API. Cheap to clone; clones share the connection pool and the rate
/// limits.
///
/// A generated crate wraps it in its own `Client`, which adds one accessor per category; this one
/// sends any [`Request`], for an endpoint the spec lacks:
///
/// ```no_run
/// # async fn demo(conventions: axero_runtime::Conventions) -> axero_runtime::Result<()> {
/// use axero_runtime::{Client, Method, Request};
///
/// let client: Client = Client::builder(conventions)
///     .base_url("https://yoursite.axero.com")
///     .bearer_token(std::env::var("AXERO_TOKEN").unwrap_or_default())
///     .build()?;
/// let user_id = 42;
/// let request = Request::new(Method::GET, "/api/users/{UserID}/details").path("UserID", user_id);
/// let user: serde_json::Value = client.send(request).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    credentials: Credentials,
    retry: RetryPolicy,
    limiter: Limiter,
    timeout: Duration,
    connect_timeout: Duration,
    max_pages: u32,
    max_response_bytes: usize,
    allow_insecure_http: bool,
    conventions: Conventions,
    hooks: Vec<Arc<dyn Hook>>,
}

/// A response read to the end.
#[derive(Debug)]
pub(crate) struct Response {
    status: StatusCode,
    /// `Content-Type`, kept for decode errors.
    content_type: Option<HeaderValue>,
    /// `Retry-After`, kept for retries.
    retry_after: Option<HeaderValue>,
    /// Whether the answer came from the base URL's origin (not from another one a redirect led to).
    from_base_origin: bool,
    /// A `Content-Encoding` other than `identity` (redacted), which the client does not undo.
    encoding: Option<String>,
    body: Bytes,
}

impl Client {
    /// A builder for an API with these `conventions` (a generated crate passes its own), with the
    /// defaults: Bearer auth, 10 s connect and 30 s request timeouts, 2 retries, 3 requests in flight,
    /// a 2,000-page cap for streams.
    pub fn builder(conventions: Conventions) -> ClientBuilder {
        ClientBuilder::new(conventions)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// Sends `request` and decodes the response data as `T`.
    pub async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        let response = self.execute(&request).await?;
        self.decode(&request, &response).map(|(value, _)| value)
    }

    /// Sends `request`; succeeds unless the call fails or the API says `IsError: true`. The data, if any,
    /// is not decoded.
    pub async fn send_ignoring_data(&self, request: Request) -> Result<()> {
        let response = self.execute(&request).await?;
        self.readable(&request, &response, None)?;
        let fields = &self.inner.conventions.envelope;
        match envelope::check(&response.body, request.envelope, fields) {
            Ok(None) => Ok(()),
            Ok(Some(message)) => Err(self.api_error(&request, &response, &message)),
            Err(failure) => {
                let body = self.redactor().bytes(&response.body);
                Err(self.decode_error(&request, &response, failure, body, (None, None)))
            }
        }
    }

    /// Fetches one page of a paged request.
    pub async fn page<T: DeserializeOwned>(&self, request: Request, page: PageRequest) -> Result<Page<T>> {
        let paging = request.paging.unwrap_or(self.inner.conventions.paging);
        let length = page.length.unwrap_or(paging.default_size).max(1);
        let number = page.number.max(1);
        // Page `number` counts from 1; the API's own numbering starts at `first_page`.
        let Some(wire_number) = number.saturating_sub(1).checked_add(paging.first_page) else {
            return Err(Error::Request {
                endpoint: request.error_endpoint(),
                message: format!("page {number} is past the largest page number the API can be sent ({})", u32::MAX),
            });
        };
        let request = request.with_page(&paging, wire_number, length);
        let response = self.execute(&request).await?;
        self.readable(&request, &response, NonZeroU32::new(number))?;
        let fields = &self.inner.conventions.envelope;
        let ((raw_items, list), total) = match envelope::items(&response.body, request.envelope, fields) {
            Ok(Decoded::Value(items, total)) => (items, total),
            Ok(Decoded::ApiError(message)) => return Err(self.api_error(&request, &response, &message)),
            Err(failure) => {
                let body = self.redactor().bytes(&response.body);
                return Err(self.decode_error(&request, &response, failure, body, (NonZeroU32::new(number), None)));
            }
        };
        // Each item on its own: one that does not decode is kept, with why, beside the others.
        let mut items = Vec::with_capacity(raw_items.len());
        let mut rejected = Vec::new();
        for (index, raw) in raw_items.into_iter().enumerate() {
            match envelope::item::<T>(raw, list, index) {
                Ok(item) => items.push(item),
                Err(failure) => {
                    let raw = self.redactor().text(raw.get());
                    let at = (NonZeroU32::new(number), Some(u32::try_from(index).unwrap_or(u32::MAX)));
                    let error = self.decode_error(&request, &response, failure, raw.clone(), at);
                    rejected.push(Rejected { index, raw, error });
                }
            }
        }
        Ok(Page { items, rejected, total: total.and_then(|t| u64::try_from(t).ok()), number, length })
    }

    /// Every item of a paged request, as a stream of pages of the largest length the API accepts
    /// ([`Paging::max_size`](crate::Paging::max_size)); see [`PageStream`].
    pub fn stream<T: DeserializeOwned + Send + 'static>(&self, request: Request) -> PageStream<T> {
        let paging = request.paging.unwrap_or(self.inner.conventions.paging);
        PageStream::new(self.clone(), request, self.inner.max_pages, paging.max_size)
    }

    fn decode<T: DeserializeOwned>(&self, request: &Request, response: &Response) -> Result<(T, Option<i64>)> {
        self.readable(request, response, None)?;
        match envelope::decode::<T>(&response.body, request.envelope, &self.inner.conventions.envelope) {
            Ok(Decoded::Value(value, total)) => Ok((value, total)),
            Ok(Decoded::ApiError(message)) => Err(self.api_error(request, response, &message)),
            Err(failure) => {
                let body = self.redactor().bytes(&response.body);
                Err(self.decode_error(request, response, failure, body, (None, None)))
            }
        }
    }

    /// Whether the body can be read at all: one in a `Content-Encoding` the client does not undo (it asks
    /// for none) is a decode error that names the encoding, not a confusing JSON error.
    fn readable(&self, request: &Request, response: &Response, page: Option<NonZeroU32>) -> Result<()> {
        let Some(encoding) = &response.encoding else { return Ok(()) };
        let failure = envelope::Failure {
            path: String::new(),
            message: format!("the body is in the `{encoding}` Content-Encoding, which the client does not undo"),
        };
        Err(self.decode_error(request, response, failure, String::new(), (page, None)))
    }

    /// `IsError: true` on a successful status.
    fn api_error(&self, request: &Request, response: &Response, message: &str) -> Error {
        Error::Api {
            endpoint: request.error_endpoint(),
            status: response.status,
            message: self.redactor().text(message),
        }
    }

    /// A decode error: `body` is the response's (or the item's) text, already redacted; `at` the page
    /// and item index it concerns, if any.
    fn decode_error(
        &self,
        request: &Request,
        response: &Response,
        failure: envelope::Failure,
        body: String,
        at: (Option<NonZeroU32>, Option<u32>),
    ) -> Error {
        let redactor = self.redactor();
        Error::Decode {
            endpoint: request.error_endpoint(),
            status: response.status,
            content_type: response.content_type.as_ref().map(|v| redactor.bytes(v.as_bytes())),
            body,
            path: redactor.text(&failure.path),
            message: redactor.text(&failure.message),
            page: at.0,
            index: at.1,
        }
    }

    /// What every string an error keeps from the server passes through: the secret replaced, then
    /// the text cut to [`SNIPPET_LIMIT`](crate::error::SNIPPET_LIMIT).
    fn redactor(&self) -> Redactor<'_> {
        Redactor::new(self.inner.credentials.secret())
    }

    /// Runs one call: waits for the rate limiter, sends, retries as the policy allows. One tracing span
    /// per call records the method, the path template, the attempt, the status and the elapsed time.
    async fn execute(&self, request: &Request) -> Result<Response> {
        if let Some(problem) = &request.problem {
            return Err(Error::Request { endpoint: request.error_endpoint(), message: problem.clone() });
        }
        if let Some(open) = request.path.find('{') {
            let placeholder = request.path.get(open..).and_then(|p| p.split_inclusive('}').next()).unwrap_or("{");
            return Err(Error::Request {
                endpoint: request.error_endpoint(),
                message: format!("the path placeholder {placeholder} was not filled"),
            });
        }
        let span = tracing::debug_span!(
            "axero.request",
            method = %request.method,
            path = request.template(),
            attempt = Empty,
            status = Empty,
            elapsed_ms = Empty,
        );
        self.execute_with_retries(request).instrument(span).await
    }

    async fn execute_with_retries(&self, request: &Request) -> Result<Response> {
        let inner = &*self.inner;
        let policy = request.retry.as_ref().unwrap_or(&inner.retry);
        let span = tracing::Span::current();
        let started = tokio::time::Instant::now();
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            span.record("attempt", attempt);
            let attempt_started = tokio::time::Instant::now();
            let outcome = {
                let _permit = inner.limiter.acquire().await;
                // The timeout covers the whole attempt: every redirect hop and reading the body. A
                // request may set its own.
                let timeout = request.timeout.unwrap_or(inner.timeout);
                match tokio::time::timeout(timeout, self.attempt(request, attempt)).await {
                    Ok(outcome) => outcome,
                    Err(_) => Err(self.timeout_error(request, timeout)),
                }
            };
            span.record("elapsed_ms", millis(started.elapsed()));
            let seen = AttemptOutcome {
                method: &request.method,
                template: request.template(),
                attempt,
                status: outcome.as_ref().ok().map(|r| r.status),
                error: outcome.as_ref().err(),
                elapsed: attempt_started.elapsed(),
            };
            inner.hooks.iter().for_each(|h| h.after_attempt(&seen));
            // Asked only where a retry is in question: an error, or an unsuccessful status.
            let succeeded = seen.status.is_some_and(|s| s.is_success());
            let hooks_allow_retry = succeeded || inner.hooks.iter().all(|h| h.allow_retry(&seen));
            // A streamed upload is gone once sent: such a request gets no second attempt.
            let retries_left = attempt <= policy.max_retries && request.is_replayable() && hooks_allow_retry;
            let response = match outcome {
                Ok(response) => response,
                Err(error) => {
                    // A connection that never opened sent nothing, so even a POST may be retried.
                    let connect = matches!(error, Error::Transport { connect: true, .. });
                    if error.is_retryable() && retries_left && (connect || policy.allows(&request.method)) {
                        let delay = policy.backoff(attempt);
                        tracing::debug!(%error, delay_ms = millis(delay), "retrying");
                        tokio::time::sleep(delay).await;
                        continue;
                    }
                    // A timeout says how many attempts ran out, and how long the call took in all.
                    return Err(match error {
                        Error::Timeout { endpoint, after, .. } => {
                            Error::Timeout { endpoint, after, attempts: attempt, elapsed: started.elapsed() }
                        }
                        other => other,
                    });
                }
            };
            span.record("status", response.status.as_u16());
            if response.status.is_success() {
                return Ok(response);
            }
            let retry_after = response.retry_after.as_ref().and_then(|v| parse_retry_after(v, SystemTime::now()));
            let too_long = retry_after.is_some_and(|d| d > policy.max_retry_after);
            if response.status == StatusCode::TOO_MANY_REQUESTS && !too_long && response.from_base_origin {
                // The whole client waits, not only this call, for as long as the policy would wait
                // itself. A wait past the cap fails this call at once, and holds nobody back; so does a
                // 429 from another origin a redirect led to, which does not speak for the API.
                let hold = retry_after.unwrap_or_else(|| policy.backoff(attempt));
                inner.limiter.hold(instant_after(tokio::time::Instant::now(), hold));
            }
            let retryable = policy.retries_response(&request.method, response.status, retry_after.is_some());
            if retryable && retries_left && !too_long {
                let delay = retry_after.unwrap_or_else(|| policy.backoff(attempt));
                tracing::debug!(status = response.status.as_u16(), delay_ms = millis(delay), "retrying");
                tokio::time::sleep(delay).await;
                continue;
            }
            return Err(self.status_error(request, &response, retry_after));
        }
    }

    /// One attempt: send, following redirects by hand (see [`redirect`](super::redirect)) so that
    /// credentials go only to the base URL's origin (scheme, host and port) and a body never leaves it.
    ///
    /// A connection error is reported with `connect: true` only on the first hop, where nothing of
    /// the request was sent yet: after a redirect, the first hop already reached the server.
    async fn attempt(&self, request: &Request, number: u32) -> Result<Response> {
        let inner = &*self.inner;
        let mut url = self.url_for(request)?;
        let hook_headers = self.hook_headers(request, &url, number);
        let mut method = request.method.clone();
        let mut send_body = true;
        let mut last_status = StatusCode::OK;
        for hop in 0..=MAX_REDIRECTS {
            let same_origin = url.origin() == inner.base.origin();
            let mut builder = inner.http.request(method.clone(), url.clone()).header(ACCEPT, "application/json");
            let refused = |message: String| Error::Request { endpoint: request.error_endpoint(), message };
            for (name, value) in &request.headers {
                let (name, value) = headers::pair(name, value).map_err(refused)?;
                if name == inner.credentials.header().0 {
                    return Err(refused(format!("the `{name}` header carries the credentials; the client sets it")));
                }
                builder = builder.header(name, value);
            }
            if same_origin {
                let (name, value) = inner.credentials.header();
                builder = builder.header(name, value);
                for (name, value) in &hook_headers {
                    builder = builder.header(name, value);
                }
            }
            if send_body {
                builder = attach_body(builder, &request.body).map_err(refused)?;
            }
            let response = builder.send().await.map_err(|e| match self.transport_error(request, e) {
                Error::Transport { endpoint, message, connect: true, source } if hop > 0 => {
                    Error::Transport { endpoint, message, connect: false, source }
                }
                other => other,
            })?;
            let status = response.status();
            let location = response.headers().get(LOCATION).and_then(|l| l.to_str().ok()).map(str::to_owned);
            if let (true, Some(location)) = (status.is_redirection(), location) {
                let has_body = send_body && !matches!(request.body, Body::Empty);
                let next = redirect::next_hop(
                    &url,
                    &location,
                    status,
                    &method,
                    has_body,
                    &inner.base,
                    inner.allow_insecure_http,
                )
                .map_err(|refusal| Error::Redirect {
                    endpoint: request.error_endpoint(),
                    status,
                    // Redacted as a whole: the server chose the location, and so the scheme named.
                    reason: self.redactor().text(&refusal.describe(&location)),
                })?;
                url = next.url;
                method = next.method;
                send_body = next.send_body;
                last_status = status;
                continue;
            }
            let content_type = response.headers().get(CONTENT_TYPE).cloned();
            let retry_after = response.headers().get(RETRY_AFTER).cloned();
            let encoding = response
                .headers()
                .get(CONTENT_ENCODING)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
                .filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case("identity"))
                .map(|e| self.redactor().text(&e));
            let body = without_bom(self.read_body(request, status, response).await?);
            return Ok(Response { status, content_type, retry_after, from_base_origin: same_origin, encoding, body });
        }
        Err(Error::Redirect {
            endpoint: request.error_endpoint(),
            status: last_status,
            reason: format!("more than {MAX_REDIRECTS} redirects"),
        })
    }

    /// The headers the hooks add to attempt `number`, sent to the base URL's origin only.
    fn hook_headers(&self, request: &Request, url: &Url, number: u32) -> Vec<(HeaderName, HeaderValue)> {
        let inner = &*self.inner;
        if inner.hooks.is_empty() {
            return Vec::new();
        }
        let mut attempt = AttemptRequest {
            method: &request.method,
            template: request.template(),
            url,
            attempt: number,
            body: match &request.body {
                Body::Json(bytes) => Some(&bytes[..]),
                _ => None,
            },
            credentials_header: inner.credentials.header().0,
            headers: Vec::new(),
        };
        inner.hooks.iter().for_each(|h| h.before_attempt(&mut attempt));
        attempt.headers
    }

    /// Reads the body to the end, refusing more than `max_response_bytes`, so that a runaway reply
    /// cannot exhaust memory.
    async fn read_body(&self, request: &Request, status: StatusCode, mut response: reqwest::Response) -> Result<Bytes> {
        let limit = self.inner.max_response_bytes;
        let too_large = || Error::ResponseTooLarge { endpoint: request.error_endpoint(), status, limit };
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(too_large());
        }
        let first = response.chunk().await.map_err(|e| self.transport_error(request, e))?.unwrap_or_default();
        let Some(second) = response.chunk().await.map_err(|e| self.transport_error(request, e))? else {
            // The usual case: one chunk, kept without a copy.
            return if first.len() > limit { Err(too_large()) } else { Ok(first) };
        };
        // Sized once when the length is known, so that a large body is not copied as it grows.
        let known = response.content_length().and_then(|n| usize::try_from(n).ok()).unwrap_or(0).min(limit);
        let mut body = bytes::BytesMut::with_capacity(known.max(first.len().saturating_add(second.len())));
        body.extend_from_slice(&first);
        body.extend_from_slice(&second);
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport_error(request, e))? {
            if body.len().saturating_add(chunk.len()) > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        if body.len() > limit { Err(too_large()) } else { Ok(body.freeze()) }
    }

    fn url_for(&self, request: &Request) -> Result<Url> {
        let base = &self.inner.base;
        let mut url = base.clone();
        let prefix = base.path().trim_end_matches('/');
        url.set_path(&format!("{prefix}{}", request.path));
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    /// A timeout of one attempt; the retry loop fills in the attempts and the time in all.
    fn timeout_error(&self, request: &Request, after: Duration) -> Error {
        Error::Timeout { endpoint: request.error_endpoint(), after, attempts: 1, elapsed: after }
    }

    fn transport_error(&self, request: &Request, e: reqwest::Error) -> Error {
        // The attempt's timeout is the client's own (around `attempt`); reqwest's is the connect one.
        let connect = e.is_connect();
        if e.is_timeout() || (connect && e.to_string().contains("timed out")) {
            return self.timeout_error(request, self.inner.connect_timeout);
        }
        // Without the URL: it holds the filled-in path and query, or a `Location` from the server.
        // The error chain says what broke.
        let e = e.without_url();
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            message.push_str(": ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        let message = self.redactor().text(&message);
        if e.is_builder() {
            // Nothing was sent, and sending it again would fail the same way.
            return Error::Request { endpoint: request.error_endpoint(), message };
        }
        Error::Transport { endpoint: request.error_endpoint(), message, connect, source: Some(Box::new(e)) }
    }

    fn status_error(&self, request: &Request, response: &Response, retry_after: Option<Duration>) -> Error {
        let endpoint = request.error_endpoint();
        let redactor = self.redactor();
        let body = redactor.bytes(&response.body);
        let message =
            envelope::error_message(&response.body, &self.inner.conventions.envelope).map(|m| redactor.text(&m));
        let status = response.status;
        match status {
            StatusCode::UNAUTHORIZED => Error::Unauthorized { endpoint, message, body },
            StatusCode::FORBIDDEN => Error::Forbidden { endpoint, message, body },
            StatusCode::NOT_FOUND => Error::NotFound { endpoint, message, body },
            StatusCode::TOO_MANY_REQUESTS => Error::RateLimited { endpoint, retry_after, message, body },
            s if s.is_server_error() => Error::Server { endpoint, status, message, body },
            _ => match message {
                Some(message) => Error::Api { endpoint, status, message },
                None => Error::Http { endpoint, status, body },
            },
        }
    }
}

/// `body` without a UTF-8 byte order mark at its start, which JSON does not allow but some servers send.
fn without_bom(body: Bytes) -> Bytes {
    if body.starts_with(b"\xEF\xBB\xBF") { body.slice(3..) } else { body }
}

/// `builder` with `body`, or what is wrong with the body (a media type that cannot be sent).
fn attach_body(builder: reqwest::RequestBuilder, body: &Body) -> std::result::Result<reqwest::RequestBuilder, String> {
    Ok(match body {
        Body::Empty => builder,
        Body::Json(bytes) => builder.header(CONTENT_TYPE, "application/json").body(bytes.clone()),
        Body::Binary(upload) => {
            let (body, len) = upload.body()?;
            let builder = builder.header(CONTENT_TYPE, headers::media_type(upload.media_type())?);
            let builder = match len {
                Some(len) => builder.header(reqwest::header::CONTENT_LENGTH, len),
                None => builder,
            };
            builder.body(body)
        }
        Body::Multipart(parts) => {
            let mut form = reqwest::multipart::Form::new();
            for (name, part) in parts {
                form = match part {
                    Part::Text(text) => form.text(name.clone(), text.clone()),
                    Part::File(upload) => {
                        let part = match upload.body()? {
                            (body, Some(len)) => reqwest::multipart::Part::stream_with_length(body, len),
                            (body, None) => reqwest::multipart::Part::stream(body),
                        };
                        let part = part
                            .file_name(headers::multipart_file_name(&upload.file_name))
                            .mime_str(upload.media_type())
                            .map_err(|_| format!("invalid media type {:?}", upload.media_type()))?;
                        form.part(name.clone(), part)
                    }
                };
            }
            builder.multipart(form)
        }
    })
}

/// Never shows the token.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base.as_str())
            .field("credentials", &inner.credentials)
            .field("retry", &inner.retry)
            .field("max_in_flight", &inner.limiter.max_in_flight())
            .field("min_interval", &inner.limiter.min_interval())
            .field("timeout", &inner.timeout)
            .field("connect_timeout", &inner.connect_timeout)
            .field("max_pages", &inner.max_pages)
            .field("max_response_bytes", &inner.max_response_bytes)
            .finish()
    }
}

/// Configures a [`Client`]; `build` returns `C`, the generated crate's client that wraps it (or the
/// runtime's own [`Client`]).
pub struct ClientBuilder<C = Client> {
    conventions: Conventions,
    base_url: Option<String>,
    bearer: Option<Secret>,
    legacy_key: Option<Secret>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    max_in_flight: usize,
    min_interval: Option<Duration>,
    allow_insecure_http: bool,
    max_pages: u32,
    max_response_bytes: usize,
    user_agent: String,
    root_certificates: Vec<Vec<u8>>,
    default_headers: Vec<(String, String)>,
    configure_http: Option<ConfigureHttp>,
    hooks: Vec<Arc<dyn Hook>>,
    client: PhantomData<fn() -> C>,
}

/// A caller's changes to the `reqwest` client builder (proxies, certificates, …).
type ConfigureHttp = Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>;

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            conventions: self.conventions,
            base_url: self.base_url.clone(),
            bearer: self.bearer.clone(),
            legacy_key: self.legacy_key.clone(),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            retry: self.retry.clone(),
            max_in_flight: self.max_in_flight,
            min_interval: self.min_interval,
            allow_insecure_http: self.allow_insecure_http,
            max_pages: self.max_pages,
            max_response_bytes: self.max_response_bytes,
            user_agent: self.user_agent.clone(),
            root_certificates: self.root_certificates.clone(),
            default_headers: self.default_headers.clone(),
            configure_http: self.configure_http.clone(),
            hooks: self.hooks.clone(),
            client: PhantomData,
        }
    }
}

/// Never shows the token.
impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("bearer_token", &self.bearer)
            .field("legacy_api_key", &self.legacy_key)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_in_flight", &self.max_in_flight)
            .field("min_interval", &self.min_interval)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("max_pages", &self.max_pages)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("root_certificates", &self.root_certificates.len())
            .field("default_headers", &self.default_headers.iter().map(|(n, _)| n).collect::<Vec<_>>())
            .field("configure_http", &self.configure_http.is_some())
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for an API with these `conventions`, with every default.
    pub fn new(conventions: Conventions) -> Self {
        ClientBuilder {
            conventions,
            base_url: None,
            bearer: None,
            legacy_key: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            max_in_flight: 3,
            min_interval: None,
            allow_insecure_http: false,
            max_pages: DEFAULT_MAX_PAGES,
            max_response_bytes: 64 << 20,
            user_agent: concat!("axero-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
            root_certificates: Vec::new(),
            default_headers: Vec::new(),
            configure_http: None,
            hooks: Vec::new(),
            client: PhantomData,
        }
    }

    /// Adds a [`Hook`] around every attempt of every call: to log or meter attempts, add a header, sign
    /// a request or veto a retry, without undoing the runtime's own rules (see [`Hook`](crate::Hook)).
    /// Hooks run in the order they were added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// The site's base URL, e.g. `https://yoursite.axero.com`. HTTPS is required unless the host is
    /// loopback or [`allow_insecure_http`](Self::allow_insecure_http) is set. With an `https` URL the
    /// environment's proxies (`HTTPS_PROXY`, …) are used, and see only a tunnel; with a plain `http`
    /// one they are not, since the token would reach them in clear (set a proxy explicitly with
    /// [`configure_http`](Self::configure_http) if one is wanted).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The base URL from the spec's template with `{site}` replaced, e.g. `site("yoursite.axero.com")`.
    pub fn site(self, host: &str) -> Self {
        let url = self.conventions.base_url.replace("{site}", host);
        self.base_url(url)
    }

    /// Authenticates with a Bearer token (`Authorization: Bearer …`), as Axero recommends.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(Secret::new(token));
        self.legacy_key = None;
        self
    }

    /// Authenticates with a legacy REST API key sent in the `rest-api-key` header.
    #[deprecated(
        note = "Axero replaced REST API keys with Bearer tokens: create a token in the admin panel and call `bearer_token`; the request format is the only change"
    )]
    pub fn legacy_api_key(mut self, key: impl Into<String>) -> Self {
        self.legacy_key = Some(Secret::new(key));
        self.bearer = None;
        self
    }

    /// The timeout for a whole attempt: connect, send, follow redirects, and read the response
    /// (default 30 s). Each retry gets its own.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The timeout for opening a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The most requests in flight at once, across every clone of the client (default 3).
    pub fn max_in_flight(mut self, n: usize) -> Self {
        self.max_in_flight = n.max(1);
        self
    }

    /// The least time between the starts of two requests (default none; Axero advises 200 ms for bulk
    /// work on a shared intranet).
    pub fn min_interval(mut self, interval: Duration) -> Self {
        self.min_interval = Some(interval);
        self
    }

    /// Allows a plain-HTTP base URL on a host that is not loopback, and redirects from `https` to
    /// `http` (refused otherwise). The token then travels in clear text.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The most pages a [`PageStream`] fetches before it ends with [`Error::PageLimit`] (default 2,000:
    /// a listing of 100,000 items, 1,000 pages of 100, finishes with room to spare, with or without
    /// `TotalRecords`; the cap only stops a server that never stops paging).
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = pages;
        self
    }

    /// The largest response body the client reads (default 64 MiB); a larger one fails the call with
    /// [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// The `User-Agent` header (default `axero-rs/<version>`).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// Also trusts the CA certificate in `pem` (PEM text), besides the system's roots: for an intranet
    /// whose certificate comes from a private CA. May be called more than once.
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// A header sent with every request (to any origin, so never a secret), unless the request sets the
    /// same header itself. The credentials' header cannot be set this way.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Changes the `reqwest` client the runtime builds, for what the runtime has no option for: a
    /// proxy, client certificates, a DNS resolver… The function gets reqwest's builder and returns it;
    /// the runtime then applies its own rules on top, which no setting here can undo: redirects are
    /// followed by the runtime (so credentials only go to the base URL's origin and a body never
    /// leaves it), with its connect timeout, user agent and root certificates. This takes the builder
    /// rather than a built `reqwest::Client`, whose redirect policy could no longer be turned off.
    ///
    /// ```no_run
    /// # fn demo(builder: axero_runtime::ClientBuilder) -> axero_runtime::Result<axero_runtime::Client> {
    /// let proxy = reqwest::Proxy::all("http://proxy.intranet:3128").expect("a proxy URL");
    /// builder.configure_http(move |http| http.proxy(proxy.clone())).build()
    /// # }
    /// ```
    pub fn configure_http(
        mut self,
        configure: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.configure_http = Some(Arc::new(configure));
        self
    }

    /// Builds the client, refusing an invalid or insecure base URL and credentials that cannot be sent.
    pub fn build(self) -> Result<C> {
        let conventions = self.conventions;
        let config = |message: String| Error::Config { message };
        let raw = self
            .base_url
            .ok_or_else(|| config("no base URL: call `base_url(\"https://yoursite.axero.com\")`".into()))?;
        let base = Url::parse(raw.trim()).map_err(|e| config(format!("the base URL {raw:?} is not a URL: {e}")))?;
        check_base(&base, self.allow_insecure_http)?;
        let credentials = match (self.bearer, self.legacy_key) {
            (Some(token), _) => Credentials::bearer(token.expose(), conventions.bearer_header)?,
            (None, Some(key)) => {
                let header =
                    conventions.legacy_header.ok_or_else(|| config("this API has no legacy key header".into()))?;
                if let Some(note) = conventions.legacy_note {
                    tracing::warn!(header, "the legacy API key header is deprecated: {note}");
                }
                Credentials::legacy_key(key.expose(), header)?
            }
            (None, None) => return Err(config("no credentials: call `bearer_token(...)`".into())),
        };
        let mut defaults = reqwest::header::HeaderMap::new();
        for (name, value) in &self.default_headers {
            let (name, value) = headers::pair(name, value)
                .map_err(|message| config(format!("a default header cannot be sent: {message}")))?;
            if name == credentials.header().0 {
                return Err(config(format!("the `{name}` header carries the credentials; the client sets it")));
            }
            defaults.insert(name, value);
        }
        super::tls::prepare();
        let http = reqwest::Client::builder();
        // A plain-http base URL (loopback, or `allow_insecure_http`) would send the token in clear to a
        // proxy named by `HTTP_PROXY`/`ALL_PROXY`, which nobody chose for this client: the environment's
        // proxies are not used then. A proxy set explicitly through `configure_http` still is.
        let http = if base.scheme() == "http" { http.no_proxy() } else { http };
        let http = match &self.configure_http {
            Some(configure) => configure(http),
            None => http,
        };
        let http = super::tls::trust(http, &self.root_certificates).map_err(config)?;
        let http = http
            .default_headers(defaults)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent)
            .build()
            .map_err(|e| config(format!("cannot start the HTTP client: {e}")))?;
        Ok(C::from(Client {
            inner: Arc::new(Inner {
                http,
                base,
                credentials,
                retry: self.retry,
                limiter: Limiter::new(self.max_in_flight, self.min_interval),
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                max_pages: self.max_pages,
                max_response_bytes: self.max_response_bytes,
                allow_insecure_http: self.allow_insecure_http,
                conventions,
                hooks: self.hooks,
            }),
        }))
    }
}

/// Whole milliseconds, for tracing fields (`u64::MAX` for a wait longer than that).
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// HTTPS, or HTTP on loopback (or when allowed); a host; no credentials, query or fragment in the URL.
fn check_base(base: &Url, allow_insecure_http: bool) -> Result<()> {
    let config = |message: String| Err(Error::Config { message });
    let Some(host) = base.host_str() else {
        return config(format!("the base URL {} has no host", base.as_str()));
    };
    if !base.username().is_empty() || base.password().is_some() {
        return config("the base URL must not carry credentials; use `bearer_token`".into());
    }
    if base.query().is_some() || base.fragment().is_some() {
        return config("the base URL must not have a query or fragment".into());
    }
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match base.scheme() {
        "https" if !super::tls::AVAILABLE => config(format!(
            "the base URL {} is HTTPS, but this build has no TLS: enable the `rustls` (default) or `native-tls` feature",
            base.as_str()
        )),
        "https" => Ok(()),
        "http" if loopback || allow_insecure_http => Ok(()),
        "http" => config(format!(
            "the base URL {} is not HTTPS, so the token would travel in clear text; use https:// (or `allow_insecure_http(true)` if you must)",
            base.as_str()
        )),
        other => config(format!("the base URL's scheme {other:?} is not HTTP(S)")),
    }
}

/// How a response is read; kept for the tests of this module.
#[cfg(test)]
impl Response {
    pub(crate) fn new(status: StatusCode, body: &str) -> Self {
        Response {
            status,
            content_type: None,
            retry_after: None,
            from_base_origin: true,
            encoding: None,
            body: Bytes::from(body.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    const CONVENTIONS: Conventions = Conventions {
        base_url: "https://{site}",
        bearer_header: "Authorization",
        legacy_header: Some("rest-api-key"),
        legacy_note: None,
        envelope: crate::EnvelopeFields {
            error: "IsError",
            message: "ResponseMessage",
            total: "TotalRecords",
            data: "ResponseData",
        },
        paging: crate::Paging { page: "StartPage", size: "PageLength", first_page: 1, default_size: 30, max_size: 100 },
    };

    fn builder() -> ClientBuilder {
        Client::builder(CONVENTIONS).bearer_token("tok-123")
    }

    #[test]
    #[cfg_attr(
        not(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls")),
        ignore = "an https base URL needs a TLS backend"
    )]
    fn refuses_insecure_or_odd_base_urls() {
        for (url, ok) in [
            ("https://yoursite.axero.com", true),
            ("https://yoursite.axero.com/intranet/", true),
            ("http://127.0.0.1:8080", true),
            ("http://localhost:3000", true),
            ("http://[::1]:3000", true),
            ("http://yoursite.axero.com", false),
            ("https://user:pw@yoursite.axero.com", false),
            ("https://yoursite.axero.com/?x=1", false),
            ("ftp://yoursite.axero.com", false),
            ("yoursite.axero.com", false),
        ] {
            let r = builder().base_url(url).build();
            assert_eq!(r.is_ok(), ok, "{url}: {r:?}");
        }
        assert!(builder().base_url("http://intranet.local").allow_insecure_http(true).build().is_ok());
    }

    #[test]
    #[cfg_attr(
        not(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls")),
        ignore = "an https base URL needs a TLS backend"
    )]
    fn site_fills_the_template() {
        let c = builder().site("yoursite.axero.com").build().unwrap();
        assert_eq!(c.base_url().as_str(), "https://yoursite.axero.com/");
    }

    #[test]
    #[cfg_attr(
        not(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls")),
        ignore = "an https base URL needs a TLS backend"
    )]
    fn urls_keep_the_base_path_and_encode_the_query() {
        let c = builder().base_url("https://h.example/intranet/").build().unwrap();
        let r = Request::new(Method::GET, "/api/users/{UserID}/details").path("UserID", 7).query("Term", "a b&c");
        assert_eq!(c.url_for(&r).unwrap().as_str(), "https://h.example/intranet/api/users/7/details?Term=a+b%26c");
    }

    #[test]
    #[cfg_attr(
        not(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls")),
        ignore = "an https base URL needs a TLS backend"
    )]
    fn debug_hides_the_token() {
        let b = builder().base_url("https://h.example");
        assert!(!format!("{b:?}").contains("tok-123"));
        let c = b.build().unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("tok-123") && shown.contains("[redacted]"), "{shown}");
    }

    #[test]
    #[cfg_attr(
        not(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls")),
        ignore = "an https base URL needs a TLS backend"
    )]
    fn status_errors_are_typed_and_redacted() {
        let c = builder().base_url("https://h.example").build().unwrap();
        let r = Response::new(StatusCode::UNAUTHORIZED, r#"{"IsError":true,"ResponseMessage":"bad token tok-123"}"#);
        let request = Request::new(Method::GET, "/api/users/me");
        match c.status_error(&request, &r, None) {
            Error::Unauthorized { message, body, .. } => {
                assert!(body.contains("[redacted]") && !body.contains("tok-123"), "{body}");
                assert_eq!(message.as_deref(), Some("bad token [redacted]"));
            }
            other => panic!("{other:?}"),
        }
        let r = Response::new(StatusCode::BAD_REQUEST, r#"{"IsError":true,"ResponseMessage":"Invalid SpaceID"}"#);
        assert!(
            matches!(c.status_error(&request, &r, None), Error::Api { message, .. } if message == "Invalid SpaceID")
        );
        let r = Response::new(StatusCode::CONFLICT, "<html>");
        assert!(matches!(c.status_error(&request, &r, None), Error::Http { status: StatusCode::CONFLICT, .. }));
    }
}
