//! The one error type of the client. Each variant is a situation a caller may want to handle apart.
//! Every variant that comes from a call names its [`Endpoint`] (method and path template, never the
//! filled-in path or query); every variant that comes from a response keeps the status and the start
//! of the body, redacted and bounded.

use std::fmt;
use std::time::Duration;

use reqwest::{Method, StatusCode};

/// The result of every client call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The most of any server text (a body, a message, a header) an error keeps; longer text is cut and
/// ends with a marker that says so.
pub const SNIPPET_LIMIT: usize = crate::redact::LIMIT;

/// The endpoint a call went to, as the spec writes it: `GET /api/users/{UserID}/details`. Errors name
/// it instead of the filled-in path or the query, which may hold ids, names or search terms.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/api/users/{UserID}/details`.
    pub template: std::borrow::Cow<'static, str>,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.template)
    }
}

/// Everything that can go wrong in a call.
///
/// Match on the situation and ignore the rest with `..`: `Err(Error::NotFound { .. })`. The endpoint
/// is boxed to keep the error (and so every `Result` of the client) small.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// 401: the token is missing, wrong or expired.
    Unauthorized {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// The server's message: the envelope's `ResponseMessage`, or ASP.NET's `Message`.
        message: Option<String>,
        /// The start of the body.
        body: String,
    },
    /// 403: the token's user may not do this.
    Forbidden {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// The server's message: the envelope's `ResponseMessage`, or ASP.NET's `Message`.
        message: Option<String>,
        /// The start of the body.
        body: String,
    },
    /// 404: no such endpoint or item.
    NotFound {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// The server's message: the envelope's `ResponseMessage`, or ASP.NET's `Message`.
        message: Option<String>,
        /// The start of the body.
        body: String,
    },
    /// 429: too many requests, after the retries the policy allows, or with a `Retry-After` longer than
    /// the policy waits.
    RateLimited {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// The wait the server asked for.
        retry_after: Option<Duration>,
        /// The server's message: the envelope's `ResponseMessage`, or ASP.NET's `Message`.
        message: Option<String>,
        /// The start of the body.
        body: String,
    },
    /// 5xx, after the retries the policy allows.
    Server {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// The status.
        status: StatusCode,
        /// The server's message: the envelope's `ResponseMessage`, or ASP.NET's `Message`.
        message: Option<String>,
        /// The start of the body.
        body: String,
    },
    /// The API reported an error with a message: `IsError: true` (on a 2xx or a 4xx not listed above),
    /// or another 4xx whose body has a message.
    Api {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// The status.
        status: StatusCode,
        /// The server's message: the envelope's `ResponseMessage`, or ASP.NET's `Message`.
        message: String,
    },
    /// A redirect the client does not follow: from `https` to `http`, a body to another origin, a
    /// `Location` that is not an HTTP URL, or too many hops.
    Redirect {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// The status of the redirect.
        status: StatusCode,
        /// Why it was not followed.
        reason: String,
    },
    /// Any other unsuccessful status (400, 405, 409…).
    Http {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// The status.
        status: StatusCode,
        /// The start of the body.
        body: String,
    },
    /// The response, or one item of a page, could not be decoded into the expected type.
    ///
    /// For an item of a page, [`page`](Self::Decode::page) and [`index`](Self::Decode::index) say which,
    /// `body` is the item itself, and the other items of the page are not lost: a
    /// [`Page`](crate::Page) keeps it among its [`rejected`](crate::Page::rejected) items and a
    /// [`PageStream`](crate::PageStream) yields this error in the item's place and goes on.
    Decode {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// The status.
        status: StatusCode,
        /// The `Content-Type` header.
        content_type: Option<String>,
        /// The start of the body, or of the item when `index` is set.
        body: String,
        /// Where in the JSON decoding failed, e.g. `ResponseData[2].UserID`.
        path: String,
        /// What was wrong there.
        message: String,
        /// The page (from 1) of a paged call, when the error concerns one page or one of its items.
        page: Option<std::num::NonZeroU32>,
        /// The item's index on its page (from 0), when the error concerns one item.
        index: Option<u32>,
    },
    /// An attempt (connect, send, redirects and the whole response) took longer than its timeout, and
    /// the retries the policy allows did too.
    Timeout {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// The limit the last attempt ran past: the client's `timeout`, or `connect_timeout` when
        /// the connection did not open in time.
        after: Duration,
        /// How many attempts were made.
        attempts: u32,
        /// The time from the first attempt to the end of the last, waits between them included.
        elapsed: Duration,
    },
    /// The connection failed or broke (DNS, refused, reset, a body cut short).
    Transport {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// What happened.
        message: String,
        /// Whether nothing of the call was sent: the connection of the first hop never opened. Only
        /// then is a POST retried; after a redirect, the first hop had already reached the server.
        connect: bool,
        /// The HTTP client's error, without its URL (which holds the filled-in path and query); also
        /// what [`source`](std::error::Error::source) returns.
        source: Option<Box<reqwest::Error>>,
    },
    /// The request could not be built or sent as asked (a body that does not serialize, a path value
    /// of `..`, a header with a line break), and nothing was sent.
    Request {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// What was wrong.
        message: String,
    },
    /// The client could not be built: a token with bytes invalid in a header, an insecure base URL…
    Config {
        /// What was wrong and how to fix it.
        message: String,
    },
    /// A paged stream reached the client's page cap before the last page.
    PageLimit {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// The cap.
        pages: u32,
        /// How many items the stream had yielded.
        items: u64,
    },
    /// The response body was larger than the client accepts (`max_response_bytes`).
    ResponseTooLarge {
        /// The endpoint called.
        endpoint: Box<Endpoint>,
        /// The status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
}

impl Error {
    /// The HTTP status of the response this error came from, if any.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Unauthorized { .. } => Some(StatusCode::UNAUTHORIZED),
            Error::Forbidden { .. } => Some(StatusCode::FORBIDDEN),
            Error::NotFound { .. } => Some(StatusCode::NOT_FOUND),
            Error::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Error::Server { status, .. }
            | Error::Api { status, .. }
            | Error::Http { status, .. }
            | Error::Redirect { status, .. }
            | Error::Decode { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Timeout { .. }
            | Error::Transport { .. }
            | Error::Request { .. }
            | Error::Config { .. }
            | Error::PageLimit { .. } => None,
        }
    }

    /// The endpoint of the call this error came from (`None` for [`Error::Config`]).
    pub fn endpoint(&self) -> Option<&Endpoint> {
        match self {
            Error::Unauthorized { endpoint, .. }
            | Error::Forbidden { endpoint, .. }
            | Error::NotFound { endpoint, .. }
            | Error::RateLimited { endpoint, .. }
            | Error::Server { endpoint, .. }
            | Error::Api { endpoint, .. }
            | Error::Redirect { endpoint, .. }
            | Error::Http { endpoint, .. }
            | Error::Decode { endpoint, .. }
            | Error::Timeout { endpoint, .. }
            | Error::Transport { endpoint, .. }
            | Error::Request { endpoint, .. }
            | Error::PageLimit { endpoint, .. }
            | Error::ResponseTooLarge { endpoint, .. } => Some(&**endpoint),
            Error::Config { .. } => None,
        }
    }

    /// Whether trying the same call again later may succeed: rate limits, server errors, 408, timeouts and
    /// broken connections.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. } | Error::Server { .. } | Error::Timeout { .. } | Error::Transport { .. } => true,
            Error::Http { status, .. } => *status == StatusCode::REQUEST_TIMEOUT,
            _ => false,
        }
    }
}

fn with_detail(f: &mut fmt::Formatter<'_>, message: &Option<String>, body: &str) -> fmt::Result {
    match message {
        Some(m) if !m.is_empty() => write!(f, ": {m}"),
        _ if !body.is_empty() => write!(f, "; body: {body}"),
        _ => Ok(()),
    }
}

/// A duration in seconds for people: `0.3 s`, `12.5 s`.
fn seconds(d: &Duration) -> String {
    let s = d.as_secs_f64();
    if s < 10.0 { format!("{s:.2} s") } else { format!("{s:.1} s") }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(endpoint) = self.endpoint() {
            write!(f, "{endpoint}: ")?;
        }
        match self {
            Error::Unauthorized { message, body, .. } => {
                f.write_str("401 Unauthorized: the token was refused (missing, wrong or expired)")?;
                with_detail(f, message, body)
            }
            Error::Forbidden { message, body, .. } => {
                f.write_str("403 Forbidden: the token's user may not do this")?;
                with_detail(f, message, body)
            }
            Error::NotFound { message, body, .. } => {
                f.write_str("404 Not Found")?;
                with_detail(f, message, body)
            }
            Error::RateLimited { retry_after, message, body, .. } => {
                f.write_str("429 Too Many Requests")?;
                if let Some(d) = retry_after {
                    write!(f, " (the server asked to wait {})", seconds(d))?;
                }
                with_detail(f, message, body)
            }
            Error::Server { status, message, body, .. } => {
                write!(f, "server error {status}")?;
                with_detail(f, message, body)
            }
            Error::Api { status, message, .. } => {
                write!(f, "the API reported an error (HTTP {status}): {message}")
            }
            Error::Http { status, body, .. } => {
                write!(f, "unexpected HTTP status {status}")?;
                with_detail(f, &None, body)
            }
            Error::Redirect { status, reason, .. } => write!(f, "redirect not followed (HTTP {status}): {reason}"),
            Error::Decode { status, content_type, body, path, message, page, index, .. } => {
                let at = if path.is_empty() { String::new() } else { format!(" at `{path}`") };
                let ct = content_type.as_deref().unwrap_or("no content type");
                match (page, index) {
                    (Some(page), Some(index)) => write!(
                        f,
                        "cannot decode item {index} of page {page} (HTTP {status}, {ct}){at}: {message}; item: {body}"
                    ),
                    (Some(page), None) => {
                        write!(f, "cannot decode page {page} (HTTP {status}, {ct}){at}: {message}; body: {body}")
                    }
                    _ => write!(f, "cannot decode the response (HTTP {status}, {ct}){at}: {message}; body: {body}"),
                }
            }
            Error::Timeout { after, attempts, elapsed, .. } => {
                let tries = if *attempts == 1 { "1 attempt".to_owned() } else { format!("{attempts} attempts") };
                write!(
                    f,
                    "timed out: {tries} in {} in all, the last one stopped at its limit of {}",
                    seconds(elapsed),
                    seconds(after)
                )
            }
            Error::Transport { message, .. } => write!(f, "connection error: {message}"),
            Error::Request { message, .. } => write!(f, "invalid request, not sent: {message}"),
            Error::Config { message } => write!(f, "invalid client configuration: {message}"),
            Error::PageLimit { pages, items, .. } => write!(
                f,
                "the stream stopped after {pages} pages and {items} items, the client's page cap; raise it with `max_pages` if this is expected"
            ),
            Error::ResponseTooLarge { status, limit, .. } => write!(
                f,
                "the response (HTTP {status}) is larger than {limit} bytes, the client's limit; raise it with `max_response_bytes`"
            ),
        }
    }
}

impl std::error::Error for Error {
    /// The underlying cause: the HTTP client's error of a [`Transport`](Error::Transport) failure.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source: Some(source), .. } => Some(&**source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint() -> Box<Endpoint> {
        Box::new(Endpoint { method: Method::GET, template: "/api/users/{UserID}/details".into() })
    }

    #[test]
    fn status_endpoint_and_retryable() {
        let e =
            Error::Server { endpoint: endpoint(), status: StatusCode::BAD_GATEWAY, message: None, body: String::new() };
        assert_eq!(e.status(), Some(StatusCode::BAD_GATEWAY));
        assert_eq!(e.endpoint(), Some(&*endpoint()));
        // Under clippy's `result_large_err` threshold (128), so that users' `Result`s pass it.
        assert!(std::mem::size_of::<Error>() < 128, "{} bytes", std::mem::size_of::<Error>());
        assert!(e.is_retryable());
        let e = Error::Api { endpoint: endpoint(), status: StatusCode::OK, message: "nope".into() };
        assert_eq!(e.status(), Some(StatusCode::OK));
        assert!(!e.is_retryable());
        assert!(
            Error::Http { endpoint: endpoint(), status: StatusCode::REQUEST_TIMEOUT, body: String::new() }
                .is_retryable()
        );
        assert_eq!(Error::Config { message: String::new() }.endpoint(), None);
    }

    #[test]
    fn display_names_the_endpoint_and_a_timeout_its_attempts() {
        let e = Error::NotFound { endpoint: endpoint(), message: Some("No such user".into()), body: String::new() };
        assert_eq!(e.to_string(), "GET /api/users/{UserID}/details: 404 Not Found: No such user");
        let e = Error::Timeout {
            endpoint: endpoint(),
            after: Duration::from_millis(300),
            attempts: 3,
            elapsed: Duration::from_millis(1240),
        };
        assert_eq!(
            e.to_string(),
            "GET /api/users/{UserID}/details: timed out: 3 attempts in 1.24 s in all, the last one stopped at its limit of 0.30 s"
        );
        let e = Error::PageLimit { endpoint: endpoint(), pages: 2000, items: 200_000 };
        assert!(e.to_string().contains("after 2000 pages and 200000 items"), "{e}");
    }
}
