//! Which endpoint a request is for: its method, and its path against each path template (literal
//! segments compared without regard to case, as the API does; a `{Placeholder}` takes any one
//! segment). A literal segment wins over a placeholder (`/api/users/me` over `/api/users/{UserID}`);
//! of endpoints with the same method and template, the one whose required query parameters the
//! request carries wins.

use std::collections::BTreeMap;

use crate::facts::{Endpoint, Location};

/// One segment of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Placeholder(String),
}

/// The routes of a set of endpoints.
#[derive(Debug)]
pub struct Routes {
    routes: Vec<(Vec<Segment>, &'static Endpoint)>,
}

/// What routing found.
#[derive(Debug)]
pub enum Found {
    /// The endpoint, and the path parameters by name.
    Endpoint(&'static Endpoint, BTreeMap<String, String>),
    /// The path is an endpoint's, but not for this method.
    WrongMethod,
    /// No endpoint has this path.
    Nothing,
}

fn segments(template: &str) -> Vec<Segment> {
    template
        .trim_matches('/')
        .split('/')
        .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => Segment::Placeholder(name.to_owned()),
            None => Segment::Literal(s.to_ascii_lowercase()),
        })
        .collect()
}

impl Routes {
    /// The routes of `endpoints`.
    pub fn new(endpoints: &'static [Endpoint]) -> Self {
        Routes { routes: endpoints.iter().map(|e| (segments(e.path), e)).collect() }
    }

    /// The endpoint for `method` and `path` (percent-decoded segments); `query` names the query
    /// parameters the request carries.
    pub fn find(&self, method: &str, path: &str, query: &[(String, String)]) -> Found {
        let parts: Vec<String> = path.trim_matches('/').split('/').map(percent_decode).collect();
        let matching: Vec<&(Vec<Segment>, &'static Endpoint)> =
            self.routes.iter().filter(|(segs, _)| matches(segs, &parts)).collect();
        if matching.is_empty() {
            return Found::Nothing;
        }
        let best = matching.iter().filter(|(_, e)| e.method.eq_ignore_ascii_case(method)).max_by(|(a, ea), (b, eb)| {
            specificity(a)
                .cmp(&specificity(b))
                .then_with(|| query_fit(ea, query).cmp(&query_fit(eb, query)))
                // The first in the table wins a tie (`max_by` keeps the last of equals).
                .then_with(|| eb.name.cmp(ea.name))
        });
        let Some((segs, endpoint)) = best else {
            return Found::WrongMethod;
        };
        let params = segs
            .iter()
            .zip(&parts)
            .filter_map(|(s, p)| match s {
                Segment::Placeholder(name) => Some((name.clone(), p.clone())),
                Segment::Literal(_) => None,
            })
            .collect();
        Found::Endpoint(endpoint, params)
    }
}

fn matches(template: &[Segment], parts: &[String]) -> bool {
    template.len() == parts.len()
        && template.iter().zip(parts).all(|(s, p)| match s {
            Segment::Literal(l) => l.eq_ignore_ascii_case(p),
            Segment::Placeholder(_) => !p.is_empty(),
        })
}

/// Literal segments first: compared segment by segment, a literal beats a placeholder.
fn specificity(template: &[Segment]) -> Vec<bool> {
    template.iter().map(|s| matches!(s, Segment::Literal(_))).collect()
}

/// How well the request's query fits an endpoint's required query parameters: all present first, then
/// the most of them.
fn query_fit(e: &Endpoint, query: &[(String, String)]) -> (bool, usize) {
    let required: Vec<&str> = e.required.iter().filter(|r| r.location == Location::Query).map(|r| r.wire).collect();
    let present = required.iter().filter(|w| query.iter().any(|(k, _)| k.eq_ignore_ascii_case(w))).count();
    (present == required.len(), present)
}

/// Percent-decoding of one path segment or query part (`+` is kept: it is a space only in forms).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let hex = (byte == b'%').then(|| bytes.get(i + 1..i + 3)).flatten();
        match hex.and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(decoded) => {
                out.push(decoded);
                i += 3;
            }
            None => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A query string as pairs, decoded (`+` is a space).
pub fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(&k.replace('+', " ")), percent_decode(&v.replace('+', " ")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{BodyKind, Envelope, Required};

    const fn endpoint(
        name: &'static str,
        method: &'static str,
        path: &'static str,
        required: &'static [Required],
    ) -> Endpoint {
        Endpoint {
            name,
            method,
            path,
            required,
            body: BodyKind::None,
            envelope: Envelope::Always,
            paging: None,
            example: None,
            item_id: None,
            echo: &[],
            integers: &[],
            unverified: None,
            decode: None,
            twin: None,
        }
    }

    static TABLE: [Endpoint; 5] = [
        endpoint("users.get", "GET", "/api/users/{UserID}", &[]),
        endpoint("users.me", "GET", "/api/users/me", &[]),
        endpoint("roles.list", "GET", "/api/spaces/{SpaceID}/roles", &[]),
        endpoint(
            "roles.find",
            "GET",
            "/api/spaces/{SpaceID}/roles",
            &[Required { location: Location::Query, wire: "RoleName" }],
        ),
        endpoint("users.delete", "DELETE", "/api/users/{UserID}", &[]),
    ];

    fn find(method: &str, path: &str, query: &str) -> String {
        match Routes::new(&TABLE).find(method, path, &query_pairs(Some(query))) {
            Found::Endpoint(e, params) => format!("{} {params:?}", e.name),
            Found::WrongMethod => "405".to_owned(),
            Found::Nothing => "404".to_owned(),
        }
    }

    #[test]
    fn literals_beat_placeholders_and_parameters_are_read() {
        assert_eq!(find("GET", "/api/users/me", ""), "users.me {}");
        assert_eq!(find("GET", "/API/Users/ME/", ""), "users.me {}");
        assert_eq!(find("GET", "/api/users/42", ""), "users.get {\"UserID\": \"42\"}");
        assert_eq!(find("DELETE", "/api/users/a%20b", ""), "users.delete {\"UserID\": \"a b\"}");
        assert_eq!(find("PUT", "/api/users/42", ""), "405");
        assert_eq!(find("GET", "/api/users/42/x", ""), "404");
    }

    #[test]
    fn the_same_route_is_told_apart_by_its_required_query() {
        assert_eq!(find("GET", "/api/spaces/7/roles", ""), "roles.list {\"SpaceID\": \"7\"}");
        assert_eq!(find("GET", "/api/spaces/7/roles", "rolename=Admin"), "roles.find {\"SpaceID\": \"7\"}");
    }
}
