//! What an endpoint method builds: method, path template (kept for tracing), filled path, query, body,
//! and how to read the response. Building never fails; a problem (a body that does not serialize) is
//! kept and reported when the request is sent.

use std::borrow::Cow;
use std::fmt::Display;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use serde::Serialize;

use super::envelope::EnvelopeMode;
use super::error::Endpoint;
use super::retry::RetryPolicy;
use super::upload::Upload;
use super::{Paging, csv};

/// Everything but RFC 3986's unreserved characters is escaped in a path segment, so that a value can
/// never add a segment, a query or another host.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A request to one endpoint.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) template: Name,
    pub(crate) path: String,
    pub(crate) query: Vec<(Name, String)>,
    pub(crate) headers: Vec<(Name, String)>,
    pub(crate) body: Body,
    pub(crate) envelope: EnvelopeMode,
    pub(crate) paging: Option<Paging>,
    pub(crate) problem: Option<String>,
    /// This request's own timeout for an attempt, instead of the client's.
    pub(crate) timeout: Option<Duration>,
    /// This request's own retry policy, instead of the client's.
    pub(crate) retry: Option<RetryPolicy>,
}

/// A path template or a parameter name: a literal in generated code, or a `String` built at run time
/// (`Request::new(Method::GET, format!(…))`).
pub type Name = Cow<'static, str>;

/// A request body.
#[derive(Debug, Clone, Default)]
pub(crate) enum Body {
    /// No body.
    #[default]
    Empty,
    /// Serialized JSON.
    Json(Bytes),
    /// Raw bytes.
    Binary(Upload),
    /// `multipart/form-data` parts.
    Multipart(Vec<(Name, Part)>),
}

/// One multipart part.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    Text(String),
    File(Upload),
}

impl Request {
    /// A request for `template`, a path such as `/api/users/{UserID}/details`: a literal or a `String`.
    pub fn new(method: Method, template: impl Into<Name>) -> Self {
        let template = template.into();
        Request {
            method,
            path: template.to_string(),
            template,
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::Empty,
            envelope: EnvelopeMode::Always,
            paging: None,
            problem: None,
            timeout: None,
            retry: None,
        }
    }

    /// Fills the `{name}` placeholder with `value`, percent-encoded. An empty value, `.` or `..` is
    /// refused (the call fails with [`Error::Request`](crate::Error::Request) before anything is sent):
    /// URL normalisation would drop such a segment, or the one before it, and the request would go to
    /// another path than its template says; percent-encoding cannot help, as `%2e` is a dot to a URL
    /// parser too.
    pub fn path(mut self, name: &str, value: impl Display) -> Self {
        let placeholder = format!("{{{name}}}");
        let value = value.to_string();
        let refused = match value.as_str() {
            "" => Some("empty"),
            "." | ".." => Some("a dot segment, which URL normalisation would remove with the path around it"),
            _ => None,
        };
        if let Some(why) = refused {
            self.problem.get_or_insert_with(|| format!("the path parameter `{name}` is {why} (`{value}`)"));
            return self;
        }
        let encoded = utf8_percent_encode(&value, SEGMENT).to_string();
        if self.path.contains(&placeholder) {
            self.path = self.path.replace(&placeholder, &encoded);
        } else {
            self.problem.get_or_insert_with(|| format!("the path {} has no placeholder {placeholder}", self.template));
        }
        self
    }

    /// Sets a query parameter, replacing an earlier value of the same name (so that calling a setter
    /// twice sends the last value).
    pub fn query(mut self, name: impl Into<Name>, value: impl Display) -> Self {
        let name = name.into();
        let value = value.to_string();
        match self.query.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.query.push((name, value)),
        }
        self
    }

    /// Adds a list as one comma-separated query parameter (`UserIDCSV=1,2,3`).
    pub fn query_csv<T: Display>(self, name: impl Into<Name>, values: &[T]) -> Self {
        match csv::join(values) {
            Ok(joined) => self.query(name, joined),
            Err(problem) => self.refuse(problem),
        }
    }

    /// Sets a request header, replacing an earlier value of the same name (the credentials' header is
    /// the client's, and cannot be set here). A value with a line break or another control character
    /// fails the call with [`Error::Request`](crate::Error::Request); a value with non-ASCII characters
    /// (a file name such as `résumé.pdf`) is sent percent-encoded as UTF-8 (`r%C3%A9sum%C3%A9.pdf`, with
    /// `%`, `+` and spaces escaped too), an ASCII value as it is.
    pub fn header(mut self, name: impl Into<Name>, value: impl Display) -> Self {
        let name = name.into();
        let value = value.to_string();
        match self.headers.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            Some(slot) => slot.1 = value,
            None => self.headers.push((name, value)),
        }
        self
    }

    /// This request's timeout for an attempt (connect, send, redirects, reading the answer), instead of
    /// the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// This request's retry policy, instead of the client's ([`RetryPolicy::none`] for no retry at all).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sets the body to `value` as JSON.
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.body = Body::Json(bytes.into()),
            Err(e) => self.problem = Some(format!("the body does not serialize to JSON: {e}")),
        }
        self
    }

    /// Sets the body to `value`'s JSON text sent as a JSON string (`"{\"Title\":\"x\"}"`), which
    /// some endpoints want instead of the object itself.
    pub fn json_string<T: Serialize + ?Sized>(self, value: &T) -> Self {
        match serde_json::to_string(value) {
            Ok(text) => self.json(&text),
            Err(e) => Request { problem: Some(format!("the body does not serialize to JSON: {e}")), ..self },
        }
    }

    /// Sets the body to a JSON string holding a comma-separated list (`"1,3"`).
    pub fn json_csv<T: Display>(self, values: &[T]) -> Self {
        match csv::join(values) {
            Ok(joined) => self.json(&joined),
            Err(problem) => self.refuse(problem),
        }
    }

    /// Sets the body to raw bytes, sent with the upload's media type.
    pub fn binary(mut self, upload: Upload) -> Self {
        self.body = Body::Binary(upload);
        self
    }

    fn part(mut self, name: impl Into<Name>, part: Part) -> Self {
        let name = name.into();
        match &mut self.body {
            Body::Multipart(parts) => parts.push((name, part)),
            _ => self.body = Body::Multipart(vec![(name, part)]),
        }
        self
    }

    /// Adds a multipart text part.
    pub fn form(self, name: impl Into<Name>, value: impl Display) -> Self {
        self.part(name, Part::Text(value.to_string()))
    }

    /// Adds a list as one comma-separated multipart text part.
    pub fn form_csv<T: Display>(self, name: impl Into<Name>, values: &[T]) -> Self {
        match csv::join(values) {
            Ok(joined) => self.form(name, joined),
            Err(problem) => self.refuse(problem),
        }
    }

    /// Keeps the first problem: the call fails with it before anything is sent.
    fn refuse(self, problem: String) -> Self {
        Request { problem: self.problem.or(Some(problem)), ..self }
    }

    /// Adds a multipart file part.
    pub fn file(self, name: impl Into<Name>, upload: Upload) -> Self {
        self.part(name, Part::File(upload))
    }

    /// Says whether the response is wrapped in the envelope (it is, unless told otherwise).
    pub fn envelope(mut self, mode: EnvelopeMode) -> Self {
        self.envelope = mode;
        self
    }

    /// Marks the endpoint as paged with `paging`'s parameters.
    pub fn paged(mut self, paging: Paging) -> Self {
        self.paging = Some(paging);
        self
    }

    /// Whether the request can be sent again (a retry, or a redirect that re-sends the body): not when
    /// it uploads a stream, which is read once.
    pub fn is_replayable(&self) -> bool {
        match &self.body {
            Body::Binary(upload) => upload.is_replayable(),
            Body::Multipart(parts) => parts.iter().all(|(_, part)| match part {
                Part::File(upload) => upload.is_replayable(),
                Part::Text(_) => true,
            }),
            Body::Empty | Body::Json(_) => true,
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path template, as in the spec.
    pub fn template(&self) -> &str {
        &self.template
    }

    /// The endpoint: method and path template, as errors name it.
    pub fn endpoint(&self) -> Endpoint {
        Endpoint { method: self.method.clone(), template: self.template.clone() }
    }

    /// The endpoint, as an error keeps it.
    pub(crate) fn error_endpoint(&self) -> Box<Endpoint> {
        Box::new(self.endpoint())
    }

    /// The path with its parameters filled in.
    pub fn filled_path(&self) -> &str {
        &self.path
    }

    /// The query parameters, in order.
    pub fn query_pairs(&self) -> &[(Name, String)] {
        &self.query
    }

    /// This request for page `number` of length `length`, replacing any page parameters already set.
    pub(crate) fn with_page(&self, paging: &Paging, number: u32, length: u32) -> Request {
        let mut r = self.clone();
        r.query.retain(|(k, _)| !k.eq_ignore_ascii_case(paging.page) && !k.eq_ignore_ascii_case(paging.size));
        r.query.push((paging.page.into(), number.to_string()));
        r.query.push((paging.size.into(), length.to_string()));
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_values_cannot_escape_their_segment() {
        let r = Request::new(Method::GET, "/api/users/byusername/{Username}").path("Username", "a/b?c#d@evil.com");
        assert_eq!(r.filled_path(), "/api/users/byusername/a%2Fb%3Fc%23d%40evil.com");
        assert!(r.problem.is_none());
        let r = Request::new(Method::GET, "/api/x/{Id}").path("Other", 1);
        assert!(r.problem.is_some());
    }

    #[test]
    fn empty_and_dot_segments_are_refused() {
        for value in ["", ".", ".."] {
            let r = Request::new(Method::GET, "/api/users/byusername/{Username}").path("Username", value);
            assert!(r.problem.as_deref().is_some_and(|p| p.contains("`Username`")), "{value:?}: {r:?}");
        }
        for value in ["...", ".x", "a..b", "%2e"] {
            let r = Request::new(Method::GET, "/api/users/byusername/{Username}").path("Username", value);
            assert!(r.problem.is_none(), "{value:?}");
        }
        let r = Request::new(Method::GET, "/api/users/byusername/{Username}").path("Username", "%2e%2E");
        assert_eq!(r.filled_path(), "/api/users/byusername/%252e%252E", "a percent sign is escaped itself");
    }

    #[test]
    fn query_and_csv() {
        let r = Request::new(Method::GET, "/api/users")
            .query("RoleID", 3)
            .query("IsBanned", false)
            .query_csv("UserIDCSV", &[1, 2, 3]);
        let pairs: Vec<(&str, &str)> = r.query_pairs().iter().map(|(k, v)| (k.as_ref(), v.as_str())).collect();
        assert_eq!(pairs, [("RoleID", "3"), ("IsBanned", "false"), ("UserIDCSV", "1,2,3")]);
    }

    #[test]
    fn bodies() {
        let r = Request::new(Method::PUT, "/api/users/activate").json(&42);
        assert!(matches!(&r.body, Body::Json(b) if &b[..] == b"42"));
        let r = Request::new(Method::POST, "/api/chat/threads/{id}/participants").json_csv(&[1, 3]);
        assert!(matches!(&r.body, Body::Json(b) if &b[..] == b"\"1,3\""));
        let r = Request::new(Method::PUT, "/api/content/{ContentID}").json_string(&serde_json::json!({"A": "b\"c"}));
        assert!(matches!(&r.body, Body::Json(b) if &b[..] == br#""{\"A\":\"b\\\"c\"}""#), "{r:?}");
        let r =
            Request::new(Method::POST, "/api/videos").form("SpaceID", 5).file("file", Upload::new("a.mp4", &b"x"[..]));
        assert!(matches!(&r.body, Body::Multipart(p) if p.len() == 2));
    }

    #[test]
    fn page_parameters_replace_earlier_ones() {
        let paging = Paging { page: "StartPage", size: "PageLength", first_page: 1, default_size: 30, max_size: 100 };
        let r = Request::new(Method::GET, "/api/users").query("startpage", 9).query("RoleID", 2);
        let p = r.with_page(&paging, 3, 50);
        let pairs: Vec<(&str, &str)> = p.query_pairs().iter().map(|(k, v)| (k.as_ref(), v.as_str())).collect();
        assert_eq!(pairs, [("RoleID", "2"), ("StartPage", "3"), ("PageLength", "50")]);
    }
}
