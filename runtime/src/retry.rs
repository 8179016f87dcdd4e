//! When and how long to wait before trying a call again: exponential backoff with full jitter, and the
//! server's `Retry-After` obeyed up to a cap.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderValue;
use reqwest::{Method, StatusCode};

/// The retry policy of a client, or of one call (`.retry(policy)` on a request value).
///
/// The default makes 2 retries (3 attempts in all). Any request, a POST too, is retried after a 429, or
/// a 503 with `Retry-After`: the answers where the server says it did nothing and when to come back.
/// Idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS) are also retried after 408, any other 5xx, a
/// timeout or a connection error; a POST or PATCH only when its connection never opened (nothing was
/// sent), unless `retry_non_idempotent`. It waits a random time between zero and
/// `base_delay · 2^(retry-1)` (capped at `max_delay`), or what `Retry-After` asks for when the server
/// sends it. A `Retry-After` longer than `max_retry_after` is not waited out: the call fails with
/// [`Error::RateLimited`](crate::Error::RateLimited) at once, and the other calls of the client are not
/// held back for it. A 429 within the cap holds the whole client for its `Retry-After`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// The first backoff's upper bound.
    pub base_delay: Duration,
    /// The largest backoff.
    pub max_delay: Duration,
    /// The longest `Retry-After` the client waits out.
    pub max_retry_after: Duration,
    /// Retry POST and PATCH after a 5xx, a timeout or a connection error after sending too. Off by
    /// default: a repeated POST may create a second item. (A 429, or a 503 with `Retry-After`, is retried
    /// for every method whatever this says.)
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// Whether a request with `method` may be retried.
    pub fn allows(&self, method: &Method) -> bool {
        self.retry_non_idempotent
            || matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS)
    }

    /// Whether a response with `status` is worth retrying.
    pub fn retries_status(status: StatusCode) -> bool {
        status == StatusCode::REQUEST_TIMEOUT || status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
    }

    /// Whether a request with `method` that got `status` may be sent again (retries left aside): a 429,
    /// or a 503 with `Retry-After`, for any method, since the server did nothing; any other status
    /// worth retrying only for a method the policy [`allows`](Self::allows).
    pub fn retries_response(&self, method: &Method, status: StatusCode, has_retry_after: bool) -> bool {
        let did_nothing =
            status == StatusCode::TOO_MANY_REQUESTS || (status == StatusCode::SERVICE_UNAVAILABLE && has_retry_after);
        did_nothing || (Self::retries_status(status) && self.allows(method))
    }

    /// The wait before retry number `retry` (1-based): uniform in `[0, min(max_delay, base·2^(retry-1))]`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self.ceiling(retry);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    /// The upper bound of the backoff before retry number `retry`.
    pub fn ceiling(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }
}

/// Reads `Retry-After`: whole seconds, or an HTTP date (a date in the past means "now"). A number of
/// seconds too large for a `u64` is [`Duration::MAX`], which is longer than any policy waits.
pub(crate) fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(text.parse::<u64>().map_or(Duration::MAX, Duration::from_secs));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_jittered_under_an_exponential_cap() {
        let p = RetryPolicy::default();
        assert_eq!(p.ceiling(1), Duration::from_millis(500));
        assert_eq!(p.ceiling(2), Duration::from_secs(1));
        assert_eq!(p.ceiling(5), Duration::from_secs(8));
        assert_eq!(p.ceiling(40), Duration::from_secs(8));
        for retry in 1..6 {
            for _ in 0..50 {
                assert!(p.backoff(retry) <= p.ceiling(retry));
            }
        }
        let samples: std::collections::BTreeSet<_> = (0..20).map(|_| p.backoff(3)).collect();
        assert!(samples.len() > 1, "full jitter varies");
    }

    #[test]
    fn only_idempotent_methods_by_default() {
        let p = RetryPolicy::default();
        assert!(p.allows(&Method::GET) && p.allows(&Method::PUT) && p.allows(&Method::DELETE));
        assert!(!p.allows(&Method::POST) && !p.allows(&Method::PATCH));
        assert!(RetryPolicy { retry_non_idempotent: true, ..p }.allows(&Method::POST));
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after(&HeaderValue::from_static("7"), now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(parse_retry_after(&HeaderValue::from_str(&later).unwrap(), now), Some(Duration::from_secs(30)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&HeaderValue::from_str(&earlier).unwrap(), now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after(&HeaderValue::from_static("soon"), now), None);
        let max = HeaderValue::from_static("18446744073709551615");
        assert_eq!(parse_retry_after(&max, now), Some(Duration::from_secs(u64::MAX)));
        let beyond = HeaderValue::from_static("99999999999999999999999");
        assert_eq!(parse_retry_after(&beyond, now), Some(Duration::MAX), "too long, not absent");
        assert_eq!(parse_retry_after(&HeaderValue::from_static("-1"), now), None);
    }
}
