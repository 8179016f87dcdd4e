//! The one error type of the client. Each variant is a situation a caller may want to handle apart;
//! every variant that comes from a response keeps the status and a snippet of the body.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;

/// The result of every client call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The most of any server text (a body, a message, a header) an error keeps; longer text is cut and
/// ends with a marker that says so.
pub const SNIPPET_LIMIT: usize = crate::redact::LIMIT;

/// Everything that can go wrong in a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// 401: the token is missing, wrong or expired.
    Unauthorized {
        /// `ResponseMessage`, when the body is the envelope.
        message: Option<String>,
        /// The start of the body.
        body: String,
    },
    /// 403: the token's user may not do this.
    Forbidden {
        /// `ResponseMessage`, when the body is the envelope.
        message: Option<String>,
        /// The start of the body.
        body: String,
    },
    /// 404: no such endpoint or item.
    NotFound {
        /// `ResponseMessage`, when the body is the envelope.
        message: Option<String>,
        /// The start of the body.
        body: String,
    },
    /// 429: too many requests, after the retries the policy allows, or with a `Retry-After` longer than
    /// the policy waits.
    RateLimited {
        /// The wait the server asked for.
        retry_after: Option<Duration>,
        /// The start of the body.
        body: String,
    },
    /// 5xx, after the retries the policy allows.
    Server {
        /// The status.
        status: StatusCode,
        /// `ResponseMessage`, when the body is the envelope.
        message: Option<String>,
        /// The start of the body.
        body: String,
    },
    /// The API said `IsError: true` (on a 2xx or a 4xx not listed above).
    Api {
        /// The status.
        status: StatusCode,
        /// `ResponseMessage`.
        message: String,
    },
    /// A redirect the client does not follow: from `https` to `http`, a body to another origin, a
    /// `Location` that is not an HTTP URL, or too many hops.
    Redirect {
        /// The status of the redirect.
        status: StatusCode,
        /// Why it was not followed.
        reason: String,
    },
    /// Any other unsuccessful status (400, 405, 409…).
    Http {
        /// The status.
        status: StatusCode,
        /// The start of the body.
        body: String,
    },
    /// The response could not be decoded into the expected type.
    Decode {
        /// The status.
        status: StatusCode,
        /// The `Content-Type` header.
        content_type: Option<String>,
        /// The start of the body.
        body: String,
        /// Where in the JSON decoding failed, e.g. `ResponseData[2].UserID`.
        path: String,
        /// What was wrong there.
        message: String,
    },
    /// The request (connect or whole exchange) took longer than the client's timeout.
    Timeout {
        /// The timeout that ran out.
        after: Duration,
    },
    /// The connection failed or broke (DNS, refused, reset, a body cut short).
    Transport {
        /// What happened.
        message: String,
        /// Whether nothing of the call was sent: the connection of the first hop never opened. Only
        /// then is a POST retried; after a redirect, the first hop had already reached the server.
        connect: bool,
    },
    /// The request could not be built (a body that does not serialize, a bad path).
    Request {
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
        /// The cap.
        pages: u32,
    },
    /// The response body was larger than the client accepts (`max_response_bytes`).
    ResponseTooLarge {
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unauthorized { message, body } => {
                f.write_str("401 Unauthorized: the token was refused (missing, wrong or expired)")?;
                with_detail(f, message, body)
            }
            Error::Forbidden { message, body } => {
                f.write_str("403 Forbidden: the token's user may not do this")?;
                with_detail(f, message, body)
            }
            Error::NotFound { message, body } => {
                f.write_str("404 Not Found")?;
                with_detail(f, message, body)
            }
            Error::RateLimited { retry_after, body } => {
                f.write_str("429 Too Many Requests")?;
                if let Some(d) = retry_after {
                    write!(f, " (the server asked to wait {} s)", d.as_secs_f64())?;
                }
                with_detail(f, &None, body)
            }
            Error::Server { status, message, body } => {
                write!(f, "server error {status}")?;
                with_detail(f, message, body)
            }
            Error::Api { status, message } => {
                write!(f, "the API reported an error (HTTP {status}): {message}")
            }
            Error::Http { status, body } => {
                write!(f, "unexpected HTTP status {status}")?;
                with_detail(f, &None, body)
            }
            Error::Redirect { status, reason } => write!(f, "redirect not followed (HTTP {status}): {reason}"),
            Error::Decode { status, content_type, body, path, message } => {
                let at = if path.is_empty() { String::new() } else { format!(" at `{path}`") };
                let ct = content_type.as_deref().unwrap_or("no content type");
                write!(f, "cannot decode the response (HTTP {status}, {ct}){at}: {message}; body: {body}")
            }
            Error::Timeout { after } => {
                write!(f, "the request timed out after {} s", after.as_secs_f64())
            }
            Error::Transport { message, .. } => write!(f, "connection error: {message}"),
            Error::Request { message } => write!(f, "invalid request: {message}"),
            Error::Config { message } => write!(f, "invalid client configuration: {message}"),
            Error::PageLimit { pages } => write!(
                f,
                "stopped after {pages} pages (the client's page cap); raise it with `max_pages` if this is expected"
            ),
            Error::ResponseTooLarge { status, limit } => write!(
                f,
                "the response (HTTP {status}) is larger than {limit} bytes, the client's limit; raise it with `max_response_bytes`"
            ),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_and_retryable() {
        let e = Error::Server { status: StatusCode::BAD_GATEWAY, message: None, body: String::new() };
        assert_eq!(e.status(), Some(StatusCode::BAD_GATEWAY));
        assert!(e.is_retryable());
        let e = Error::Api { status: StatusCode::OK, message: "nope".into() };
        assert_eq!(e.status(), Some(StatusCode::OK));
        assert!(!e.is_retryable());
        assert!(Error::Http { status: StatusCode::REQUEST_TIMEOUT, body: String::new() }.is_retryable());
        assert_eq!(Error::Timeout { after: Duration::from_secs(1) }.status(), None);
    }
}
