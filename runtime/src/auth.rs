//! Authentication: a Bearer token (the default) or the legacy `rest-api-key` header. The secret is kept
//! in a sensitive header value, shown as `[redacted]` everywhere, and refused at build time when it holds
//! bytes that cannot travel in a header.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue};

use super::error::Error;

/// A secret string: its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub(crate) fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call only where it must be sent.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::redact::REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(crate::redact::REDACTED)
    }
}

/// The scheme a client authenticates with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// The legacy API key header (`rest-api-key: <key>`). Axero's guide asks integrations to move to
    /// Bearer tokens.
    LegacyKey,
}

/// A validated credential, ready to send.
#[derive(Clone)]
pub(crate) struct Credentials {
    scheme: Scheme,
    name: HeaderName,
    value: HeaderValue,
    secret: Secret,
}

impl Credentials {
    /// A Bearer token sent in `header` (`Authorization`).
    pub(crate) fn bearer(token: &str, header: &str) -> Result<Self, Error> {
        check(token, "bearer token")?;
        Self::build(Scheme::Bearer, header, format!("Bearer {token}"), token)
    }

    /// A legacy API key sent in `header` (`rest-api-key`).
    pub(crate) fn legacy_key(key: &str, header: &str) -> Result<Self, Error> {
        check(key, "API key")?;
        Self::build(Scheme::LegacyKey, header, key.to_owned(), key)
    }

    fn build(scheme: Scheme, header: &str, value: String, secret: &str) -> Result<Self, Error> {
        let name = HeaderName::from_bytes(header.as_bytes())
            .map_err(|_| Error::Config { message: format!("`{header}` is not a valid header name") })?;
        let mut value = HeaderValue::from_str(&value)
            .map_err(|_| Error::Config { message: "the credential is not a valid header value".into() })?;
        value.set_sensitive(true);
        Ok(Credentials { scheme, name, value, secret: Secret::new(secret) })
    }

    /// The header to send.
    pub(crate) fn header(&self) -> (&HeaderName, &HeaderValue) {
        (&self.name, &self.value)
    }

    /// The secret, for scrubbing it out of error snippets.
    pub(crate) fn secret(&self) -> &str {
        self.secret.expose()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("scheme", &self.scheme)
            .field("header", &self.name)
            .field("secret", &self.secret)
            .finish()
    }
}

/// Refuses secrets that are empty or hold bytes a header cannot carry (CR, LF, other control
/// characters, spaces, non-ASCII). The message says where, never what.
fn check(secret: &str, what: &str) -> Result<(), Error> {
    if secret.is_empty() {
        return Err(Error::Config { message: format!("the {what} is empty") });
    }
    if let Some((i, c)) = secret.char_indices().find(|(_, c)| !c.is_ascii_graphic()) {
        let kind = match c {
            '\r' | '\n' => "a line break",
            ' ' | '\t' => "white space",
            c if c.is_control() => "a control character",
            _ => "a non-ASCII character",
        };
        return Err(Error::Config {
            message: format!(
                "the {what} contains {kind} at byte {i}, which cannot be sent in a header; check for stray characters copied with it"
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_header_breaking_tokens_without_echoing_them() {
        for bad in ["abc\r\nX-Evil: 1", "abc\n", "a b", "tok\u{7f}", "tøken", ""] {
            let err = Credentials::bearer(bad, "Authorization").unwrap_err();
            let text = format!("{err} {err:?}");
            assert!(matches!(err, Error::Config { .. }));
            if bad.len() > 3 {
                assert!(!text.contains(bad), "{text}");
            }
        }
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let c = Credentials::bearer("s3cr3t-JWT.value", "Authorization").unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("[redacted]"));
        let (name, value) = c.header();
        assert_eq!(name, "authorization");
        assert_eq!(value.to_str().unwrap(), "Bearer s3cr3t-JWT.value");
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("s3cr3t"));
    }
}
