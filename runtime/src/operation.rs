//! Finding the endpoint a request line from a log names (`GET /api/users/42/details`): the generated
//! crate lists its endpoints (method, path template, the call that sends it), and [`find`] matches a
//! concrete path against the templates.

use reqwest::Method;

/// An endpoint of the generated crate, as a lookup found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The HTTP method.
    pub method: Method,
    /// The path template, as the spec writes it: `/api/users/{UserID}/details`.
    pub template: &'static str,
    /// The call that sends it, from the client: `users().get_details`.
    pub call: &'static str,
}

/// The endpoint of `table` (`"<method> <template> <call>"` each, as the generated crate lists them) that
/// `line` names: a request line as a
/// log or a browser shows it, `GET /api/users/42/details`, or only its path, with or without the
/// leading `/`, the site (`https://site/api/…`), the query or a fragment. Path segments compare without
/// regard to case (as the site's routes do); a `{placeholder}` takes any one segment; when several
/// templates fit (`/api/users/me` and `/api/users/{UserID}`), the one with the most literal segments
/// wins. `None` when no endpoint fits (or the method given is not one of any that does).
pub fn find(table: &[&'static str], line: &str) -> Option<Operation> {
    let line = line.trim();
    let (method, target) = match line.split_once(char::is_whitespace) {
        Some((word, rest)) if word.chars().all(|c| c.is_ascii_alphabetic()) => {
            (Some(word.to_ascii_uppercase()), rest.trim())
        }
        _ => (None, line),
    };
    let segments = segments(path_of(target));
    table
        .iter()
        .filter_map(|entry| {
            let mut parts = entry.split(' ');
            Some((parts.next()?, parts.next()?, parts.next()?))
        })
        .filter(|(m, _, _)| method.as_deref().is_none_or(|want| m.eq_ignore_ascii_case(want)))
        .filter_map(|row @ (_, template, _)| fits(&segments, template).map(|literal| (literal, row)))
        .max_by_key(|(literal, _)| *literal)
        .and_then(|(_, (m, template, call))| {
            let method = Method::from_bytes(m.as_bytes()).ok()?;
            Some(Operation { method, template, call })
        })
}

/// The path of a request target: without the scheme and host, the query and the fragment.
fn path_of(target: &str) -> &str {
    let target = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').and_then(|i| rest.get(i..)).unwrap_or(""),
        None => target,
    };
    target.split(['?', '#']).next().unwrap_or("")
}

/// The non-empty segments of a path.
fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// How many literal segments of `template` the path's `segments` match, if they match it whole.
fn fits(segments: &[&str], template: &str) -> Option<usize> {
    let wanted = self::segments(template);
    if wanted.len() != segments.len() {
        return None;
    }
    let placeholder = |want: &str| want.starts_with('{') && want.ends_with('}');
    let fit = wanted.iter().zip(segments).all(|(want, have)| placeholder(want) || want.eq_ignore_ascii_case(have));
    fit.then(|| wanted.iter().filter(|want| !placeholder(want)).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[&str] = &[
        "GET /api/users/{UserID} users().get",
        "GET /api/users/me users().me",
        "GET /api/users/{UserID}/details users().get_details",
        "PUT /api/content/{ContentID}/feature content().feature",
        "DELETE /api/content/{ContentID}/feature content().unfeature",
    ];

    fn call(line: &str) -> Option<&'static str> {
        find(TABLE, line).map(|o| o.call)
    }

    #[test]
    fn a_concrete_path_finds_its_template() {
        let found = find(TABLE, "GET /api/users/42/details").unwrap();
        assert_eq!(
            found,
            Operation { method: Method::GET, template: "/api/users/{UserID}/details", call: "users().get_details" }
        );
    }

    #[test]
    fn the_path_may_come_as_a_log_or_a_browser_writes_it() {
        for line in [
            "/api/users/42/details",
            "api/users/42/details",
            "  get /API/Users/42/Details/  ",
            "https://intranet.example.com/api/users/42/details?LogView=true#top",
            "GET https://intranet.example.com/api/users/42/details",
        ] {
            assert_eq!(call(line), Some("users().get_details"), "{line}");
        }
    }

    #[test]
    fn the_most_literal_template_wins_and_the_method_chooses() {
        assert_eq!(call("/api/users/me"), Some("users().me"));
        assert_eq!(call("/api/users/7"), Some("users().get"));
        assert_eq!(call("DELETE /api/content/3/feature"), Some("content().unfeature"));
        assert_eq!(call("PUT /api/content/3/feature"), Some("content().feature"));
    }

    #[test]
    fn nothing_fits_nothing_is_found() {
        assert_eq!(call("POST /api/users/42/details"), None, "no POST there");
        assert_eq!(call("/api/users/42/details/more"), None);
        assert_eq!(call(""), None);
        assert_eq!(call("https://intranet.example.com"), None);
    }
}
