//! Where a redirect may take a request. The client follows redirects by hand (reqwest's own policy is
//! off) so that it decides, hop by hop, what goes where: credentials only to the base URL's origin
//! (the client's job), a body never to another origin, and never from `https` down to `http`.

use reqwest::{Method, StatusCode, Url};

/// The next hop of a redirect that may be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hop {
    /// Where to go.
    pub url: Url,
    /// With which method (303, and 301/302 after a POST, turn into a GET).
    pub method: Method,
    /// Whether the body is sent again.
    pub send_body: bool,
}

/// Why a redirect is not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `Location` is not a URL.
    InvalidLocation,
    /// The target is not `http` or `https`. The scheme is not kept: the URL parser lowercases it, so a
    /// token in it would no longer match the redaction.
    NotHttp,
    /// From `https` to `http`, which the client does not allow.
    Downgrade,
    /// The body would be sent again to another origin than the base URL's.
    BodyToOtherOrigin,
    /// The target carries a user name or password (`http://user:pass@host/`), which the HTTP client
    /// would turn into an `Authorization: Basic` header: credentials the server chose, sent beside the
    /// client's own or to another origin. The credentials are not kept.
    Userinfo,
}

impl Refusal {
    /// Why, in words; `location` is the `Location` header (server text: redact the result).
    pub(crate) fn describe(&self, location: &str) -> String {
        match self {
            Refusal::InvalidLocation => format!("the redirect's location `{location}` is not a URL"),
            Refusal::NotHttp => "the redirect goes to a URL that is not http or https".to_owned(),
            Refusal::Downgrade => "the redirect goes from https to plain http, where the request and the answer \
                 would travel in clear text; allow it with `allow_insecure_http(true)`"
                .to_owned(),
            Refusal::BodyToOtherOrigin => "the redirect would send the request body again to another origin; \
                 the client sends a body only to the base URL's origin"
                .to_owned(),
            Refusal::Userinfo => "the redirect's target carries a user name or password, which would be sent \
                 as credentials the server chose"
                .to_owned(),
        }
    }
}

/// The hop after `from` answered `status` with `location`, for a request with `method` that sends
/// its body on this hop when `send_body`.
///
/// 303, and 301/302 after a POST (as browsers do), become a GET without body. Any other redirect
/// keeps the method and the body (307 and 308 must): it is refused when the body would go to another
/// origin than `base`'s, rather than followed without it, which would be another request than the
/// one asked for. A redirect from `https` to `http` is refused unless `allow_insecure_http`.
pub(crate) fn next_hop(
    from: &Url,
    location: &str,
    status: StatusCode,
    method: &Method,
    send_body: bool,
    base: &Url,
    allow_insecure_http: bool,
) -> Result<Hop, Refusal> {
    let url = from.join(location).map_err(|_| Refusal::InvalidLocation)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refusal::NotHttp);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refusal::Userinfo);
    }
    if from.scheme() == "https" && url.scheme() == "http" && !allow_insecure_http {
        return Err(Refusal::Downgrade);
    }
    let to_get = status == StatusCode::SEE_OTHER
        || (*method == Method::POST && matches!(status, StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND));
    let (method, send_body) = if to_get { (Method::GET, false) } else { (method.clone(), send_body) };
    if send_body && url.origin() != base.origin() {
        return Err(Refusal::BodyToOtherOrigin);
    }
    Ok(Hop { url, method, send_body })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    fn hop(from: &str, location: &str, status: u16, method: Method, body: bool) -> Result<Hop, Refusal> {
        let status = StatusCode::from_u16(status).unwrap();
        next_hop(&url(from), location, status, &method, body, &url("https://a.example/"), false)
    }

    #[test]
    fn see_other_and_post_after_301_302_become_a_get_without_body() {
        let h = hop("https://a.example/x", "/y", 303, Method::PUT, true).unwrap();
        assert_eq!((h.url.as_str(), h.method, h.send_body), ("https://a.example/y", Method::GET, false));
        let h = hop("https://a.example/x", "https://b.example/y", 302, Method::POST, true).unwrap();
        assert_eq!((h.method, h.send_body), (Method::GET, false), "no body, so another origin is fine");
        let h = hop("https://a.example/x", "/y", 307, Method::POST, true).unwrap();
        assert_eq!((h.method, h.send_body), (Method::POST, true), "307 keeps both on the same origin");
    }

    #[test]
    fn a_body_never_goes_to_another_origin() {
        for status in [301, 302, 307, 308] {
            assert_eq!(
                hop("https://a.example/x", "https://b.example/y", status, Method::PUT, true),
                Err(Refusal::BodyToOtherOrigin),
                "{status}"
            );
        }
        assert_eq!(
            hop("https://a.example/x", "https://a.example:8443/y", 307, Method::POST, true),
            Err(Refusal::BodyToOtherOrigin),
            "another port is another origin"
        );
        assert!(hop("https://a.example/x", "https://b.example/y", 307, Method::GET, false).is_ok());
    }

    #[test]
    fn no_credentials_in_the_target() {
        for location in ["https://u:p@a.example/y", "https://u@a.example/y", "https://:p@b.example/y"] {
            assert_eq!(
                hop("https://a.example/x", location, 302, Method::GET, false),
                Err(Refusal::Userinfo),
                "{location}"
            );
        }
    }

    #[test]
    fn no_downgrade_no_other_schemes_no_garbage() {
        assert_eq!(hop("https://a.example/x", "http://a.example/y", 302, Method::GET, false), Err(Refusal::Downgrade));
        let allowed = next_hop(
            &url("https://a.example/x"),
            "http://a.example/y",
            StatusCode::FOUND,
            &Method::GET,
            false,
            &url("https://a.example/"),
            true,
        );
        assert!(allowed.is_ok());
        assert!(hop("http://a.example/x", "http://a.example/y", 302, Method::GET, false).is_ok());
        assert_eq!(hop("https://a.example/x", "ftp://a.example/y", 302, Method::GET, false), Err(Refusal::NotHttp));
        assert_eq!(hop("https://a.example/x", "http://[bad/", 302, Method::GET, false), Err(Refusal::InvalidLocation));
    }
}
