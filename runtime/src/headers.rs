//! Header values and multipart file names as they go on the wire: checked, so that a value cannot
//! smuggle in a header, and encoded, so that the server can read what it gets.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use reqwest::header::{HeaderName, HeaderValue};

/// What a header value with non-ASCII characters escapes besides them: controls, the space (which
/// would be trimmed at the ends), `%` itself, and `+` (a space to a form decoder).
const HEADER_VALUE: &AsciiSet = &CONTROLS.add(b' ').add(b'%').add(b'+');

/// A request header that can be sent, or why it cannot (the call then fails with
/// [`Error::Request`](crate::Error::Request)).
///
/// A value with a line break or another control character is refused (it would smuggle a header in).
/// A value with non-ASCII characters (a file name such as `résumé.pdf`) is sent percent-encoded as
/// UTF-8 (`r%C3%A9sum%C3%A9.pdf`, with `%`, `+`, spaces and controls escaped too), since HTTP header
/// values are not UTF-8 and servers read raw bytes as Latin-1; an ASCII value is sent as it is.
pub(crate) fn pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let bad = |what: &str| format!("the header `{name}` has {what}");
    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad("an invalid name"))?;
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(bad("a value that cannot be sent (a line break or a control character)"));
    }
    let value = if value.is_ascii() {
        HeaderValue::from_str(value)
    } else {
        HeaderValue::from_str(&utf8_percent_encode(value, HEADER_VALUE).to_string())
    };
    let value = value.map_err(|_| bad("a value that cannot be sent"))?;
    Ok((header, value))
}

/// The `Content-Type` of an upload, or why it cannot be sent (it is not plain ASCII without control
/// characters).
pub(crate) fn media_type(value: &str) -> Result<HeaderValue, String> {
    let bad = || format!("the upload's media type {value:?} cannot be sent in a header");
    if !value.is_ascii() || value.chars().any(|c| c.is_control()) {
        return Err(bad());
    }
    HeaderValue::from_str(value).map_err(|_| bad())
}

/// A multipart file name as browsers send it: `"` as `%22`, CR as `%0D`, LF as `%0A`, so that it
/// can neither end its quoted string nor the part's header.
pub(crate) fn multipart_file_name(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_values_as_they_are_others_percent_encoded() {
        assert_eq!(pair("fileName", "cover 1.jpg").unwrap().1, "cover 1.jpg");
        assert_eq!(pair("fileName", "résumé 100%+ü.jpg").unwrap().1, "r%C3%A9sum%C3%A9%20100%25%2B%C3%BC.jpg");
        for bad in ["a\r\nX-Evil: 1", "a\nb", "é\r\n", "a\u{0}b"] {
            assert!(pair("fileName", bad).unwrap_err().contains("line break"), "{bad:?}");
        }
        assert!(pair("bad name", "x").unwrap_err().contains("invalid name"));
    }

    #[test]
    fn media_types_and_file_names() {
        assert_eq!(media_type("image/png").unwrap(), "image/png");
        assert!(media_type("image/png\r\nX-Evil: 1").is_err());
        assert!(media_type("imagé/png").is_err());
        assert_eq!(multipart_file_name("a\"b\r\nc.txt"), "a%22b%0D%0Ac.txt");
        assert_eq!(multipart_file_name("plain name.txt"), "plain name.txt");
    }
}
