//! The caller's hook around every attempt ([`Hook`]).

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

use super::error::Error;

/// A seam for the caller's own policy around every attempt: log or meter it, add a header, sign a
/// request, veto a retry. A [`Hook`] is added with [`ClientBuilder::hook`](crate::ClientBuilder::hook);
/// it sees each attempt before it is sent and after it ends, and may say no to a retry.
///
/// The runtime's own rules stay its own: a hook cannot change the method, the URL or the body, cannot
/// set the credentials' header (or `Host`, `Content-Length`, `Content-Type`, `Transfer-Encoding`), cannot
/// make the runtime retry what its policy would not, and its headers go only to the base URL's origin,
/// as the credentials do.
///
/// ```
/// use std::sync::atomic::{AtomicU32, Ordering};
/// use axero_runtime::{AttemptOutcome, AttemptRequest, Hook};
///
/// /// Counts attempts, tags each with a request id, and never retries a DELETE.
/// #[derive(Default)]
/// struct Audit(AtomicU32);
///
/// impl Hook for Audit {
///     fn before_attempt(&self, attempt: &mut AttemptRequest<'_>) {
///         let n = self.0.fetch_add(1, Ordering::Relaxed);
///         attempt.header("X-Request-Id", &format!("audit-{n}")).expect("a header a hook may set");
///     }
///     fn allow_retry(&self, outcome: &AttemptOutcome<'_>) -> bool {
///         outcome.method() != axero_runtime::Method::DELETE
///     }
/// }
/// ```
///
/// Every method has a default that does nothing, so a hook implements only what it needs. A hook must
/// not block: it runs on the call's task.
pub trait Hook: Send + Sync + 'static {
    /// Called before each attempt is sent (a retry is a new attempt; the hops of a redirect are one).
    fn before_attempt(&self, attempt: &mut AttemptRequest<'_>) {
        let _ = attempt;
    }

    /// Called after each attempt, with its status or its error.
    fn after_attempt(&self, outcome: &AttemptOutcome<'_>) {
        let _ = outcome;
    }

    /// Whether the runtime may retry after this attempt, when its policy would. `false` vetoes the
    /// retry (the call then fails with this attempt's error); `true` cannot make the runtime retry what
    /// its policy does not.
    fn allow_retry(&self, outcome: &AttemptOutcome<'_>) -> bool {
        let _ = outcome;
        true
    }
}

/// Headers a hook may not set: the credentials' header (checked by name at run time) and those the
/// HTTP layer owns.
const OWNED_HEADERS: &[&str] = &["host", "content-length", "content-type", "transfer-encoding", "authorization"];

/// An attempt about to be sent, as a hook sees it.
pub struct AttemptRequest<'a> {
    pub(crate) method: &'a Method,
    pub(crate) template: &'a str,
    pub(crate) url: &'a reqwest::Url,
    pub(crate) attempt: u32,
    pub(crate) body: Option<&'a [u8]>,
    pub(crate) credentials_header: &'a HeaderName,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
}

impl AttemptRequest<'_> {
    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method.clone()
    }

    /// The endpoint's path template, as the spec writes it (`/api/users/{UserID}/details`).
    pub fn template(&self) -> &str {
        self.template
    }

    /// The URL the attempt goes to, with the filled-in path and the query.
    pub fn url(&self) -> &reqwest::Url {
        self.url
    }

    /// The attempt's number, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The body, when it is JSON bytes in memory (not for uploads and forms), for a hook that signs it.
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }

    /// Adds a header to this attempt (sent to the base URL's origin only). Refused, with why: a name or
    /// value that is not a valid header, or a header the runtime owns (the credentials', `Host`,
    /// `Content-Length`, `Content-Type`, `Transfer-Encoding`, `Authorization`).
    pub fn header(&mut self, name: &str, value: &str) -> Result<(), String> {
        let name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|e| format!("`{name}` is not a header name: {e}"))?;
        if OWNED_HEADERS.contains(&name.as_str()) || name == *self.credentials_header {
            return Err(format!("the `{name}` header is the runtime's, and a hook cannot set it"));
        }
        let value = HeaderValue::from_str(value).map_err(|e| format!("not a value for `{name}`: {e}"))?;
        self.headers.push((name, value));
        Ok(())
    }
}

impl fmt::Debug for AttemptRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttemptRequest")
            .field("method", self.method)
            .field("template", &self.template)
            .field("attempt", &self.attempt)
            .field("headers_added", &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// How an attempt ended, as a hook sees it.
#[derive(Debug)]
pub struct AttemptOutcome<'a> {
    pub(crate) method: &'a Method,
    pub(crate) template: &'a str,
    pub(crate) attempt: u32,
    pub(crate) status: Option<StatusCode>,
    pub(crate) error: Option<&'a Error>,
    pub(crate) elapsed: Duration,
}

impl AttemptOutcome<'_> {
    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method.clone()
    }

    /// The endpoint's path template, as the spec writes it.
    pub fn template(&self) -> &str {
        self.template
    }

    /// The attempt's number, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The status of the answer, when one came.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The error, when the attempt got no answer (a timeout, a broken connection, a refused redirect).
    pub fn error(&self) -> Option<&Error> {
        self.error
    }

    /// How long the attempt took.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
}
