//! Keeping the secret out of errors, errors small, and terminals safe. Every string an error keeps from
//! the server (body, message, content type, JSON path, `Location`, transport message) passes through
//! [`Redactor`], which replaces each copy of the secret with `[redacted]` first, escapes control
//! characters (C0, DEL, C1, and the bidirectional overrides that reorder a line) as `\u{1b}`, so that
//! no server text can move a cursor, retitle a window or forge a log line, and only then cuts the text
//! to [`LIMIT`] bytes with a marker, so that a copy across the cut cannot survive in part.
//!
//! A copy is recognised in the forms a server or a proxy writes it: raw; JSON-escaped (any character
//! as `\uXXXX` in either hex case, a surrogate pair beyond the BMP, or a short escape such as `\/`);
//! percent-encoded (any byte as `%XX` in either hex case, `+` for a space, and `%` itself as
//! `\u0025` inside JSON); or any mix of these, character by character. A secret shorter than 8
//! characters is replaced only where it stands as a whole token (no letter or digit right before or
//! after it), so that a one-letter test token does not turn every `t` into `[redacted]`.

/// The most bytes of server text an error keeps (a little more when it ends in `[redacted]`).
pub(crate) const LIMIT: usize = 1024;

/// What a copy of the secret becomes.
pub(crate) const REDACTED: &str = "[redacted]";

/// What the generated `Debug` of a struct shows in place of a field the spec marks `sensitive:` (a
/// password): `[redacted]`, as for the client's own secrets.
#[derive(Clone, Copy)]
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(REDACTED)
    }
}

/// Secrets shorter than this are replaced only as whole tokens.
const WHOLE_TOKEN_BELOW: usize = 8;

/// The longest form of one character: four UTF-8 bytes, each as `\u0025` and two hex digits.
const MAX_FORM_LEN: usize = 32;

/// The most `[redacted]` an output of LIMIT bytes holds (one per 10 bytes, and one past the end).
const MAX_COPIES: usize = LIMIT.div_ceil(REDACTED.len()) + 1;

/// Replaces the secret in server text and bounds its length.
#[derive(Clone, Copy)]
pub(crate) struct Redactor<'a> {
    secret: &'a str,
}

impl<'a> Redactor<'a> {
    /// A redactor for `secret` (an empty secret replaces nothing).
    pub(crate) fn new(secret: &'a str) -> Self {
        Redactor { secret }
    }

    /// `text` with every copy of the secret replaced, cut to [`LIMIT`] bytes.
    pub(crate) fn text(&self, text: &str) -> String {
        self.scan(text, text.len())
    }

    /// The start of `body` as text (invalid UTF-8 replaced), redacted and cut like [`text`](Self::text).
    pub(crate) fn bytes(&self, body: &[u8]) -> String {
        // Enough input for LIMIT bytes of output: 4 bytes per character kept, and every
        // `[redacted]` (at most one per 10 bytes of output, plus one at the end) replacing a copy of
        // at most MAX_FORM_LEN bytes per character, read ahead in full.
        let copy_len = self.secret.chars().count().saturating_mul(MAX_FORM_LEN);
        let needed = LIMIT.saturating_mul(4).saturating_add(MAX_COPIES.saturating_mul(copy_len));
        let prefix = body.get(..needed).unwrap_or(body);
        self.scan(&String::from_utf8_lossy(prefix), body.len())
    }

    /// Copies `text` up to LIMIT bytes of output, replacing copies of the secret; `total` is the size
    /// of the whole input, for the marker.
    fn scan(&self, text: &str, total: usize) -> String {
        let secret: Vec<char> = self.secret.chars().collect();
        let whole_only = secret.len() < WHOLE_TOKEN_BELOW;
        let mut out = String::with_capacity(text.len().min(LIMIT.saturating_add(REDACTED.len())));
        let mut at = 0;
        let mut before: Option<char> = None;
        while at < text.len() {
            if out.len() >= LIMIT {
                out.push_str(&format!("…[cut: {total} bytes in all]"));
                return out;
            }
            let rest = text.get(at..).unwrap_or_default();
            let found = if secret.is_empty() { None } else { copy_at(rest, &secret) };
            if let Some(len) = found {
                let after = rest.get(len..).and_then(|r| r.chars().next());
                if !whole_only || (!is_word(before) && !is_word(after)) {
                    out.push_str(REDACTED);
                    at = at.saturating_add(len);
                    before = rest.get(..len).and_then(|m| m.chars().next_back());
                    continue;
                }
            }
            let Some(c) = rest.chars().next() else { break };
            push_escaped(&mut out, c);
            before = Some(c);
            at = at.saturating_add(c.len_utf8());
        }
        out
    }
}

/// Whether `c` could change what a terminal shows or how a log reads: a control character (C0, DEL,
/// C1) or a bidirectional formatting character (Trojan Source).
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Pushes `c`, or `\u{…}` for a character that [`is_unsafe`].
fn push_escaped(out: &mut String, c: char) {
    if is_unsafe(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// The length of a copy of `secret` at the start of `text`, in any mix of the recognised forms.
fn copy_at(text: &str, secret: &[char]) -> Option<usize> {
    let bytes = text.as_bytes();
    // Every form starts with the raw character, `\`, `%` or `+`: most positions fail here.
    let first = *bytes.first()?;
    let raw_first = secret.first().map(|c| {
        let mut utf8 = [0u8; 4];
        c.encode_utf8(&mut utf8).as_bytes().first().copied().unwrap_or_default()
    });
    if Some(first) != raw_first && !matches!(first, b'\\' | b'%' | b'+') {
        return None;
    }
    // Every way of reading the first k characters ends at one of these offsets.
    let mut ends: Vec<usize> = vec![0];
    for &c in secret {
        let mut next: Vec<usize> = Vec::new();
        for &end in &ends {
            let tail = bytes.get(end..).unwrap_or_default();
            for len in forms(tail, c) {
                let e = end.saturating_add(len);
                if !next.contains(&e) {
                    next.push(e);
                }
            }
        }
        if next.is_empty() {
            return None;
        }
        ends = next;
    }
    // Ends at a character boundary: every form is whole characters or ASCII escapes.
    ends.into_iter().filter(|&e| text.is_char_boundary(e)).max()
}

/// The lengths of the forms of `c` that `text` starts with.
fn forms(text: &[u8], c: char) -> Vec<usize> {
    let mut found = Vec::new();
    let mut utf8 = [0u8; 4];
    let raw = c.encode_utf8(&mut utf8).as_bytes();
    if text.starts_with(raw) {
        found.push(raw.len());
    }
    if json_short_escape(c).is_some_and(|short| text.starts_with(short)) {
        found.push(2);
    }
    if let Some(len) = json_unicode_escape(text, c) {
        found.push(len);
    }
    if let Some(len) = percent_escape(text, raw) {
        found.push(len);
    }
    if c == ' ' && text.first() == Some(&b'+') {
        found.push(1);
    }
    found
}

fn json_short_escape(c: char) -> Option<&'static [u8]> {
    Some(match c {
        '"' => b"\\\"",
        '\\' => b"\\\\",
        '/' => b"\\/",
        '\u{8}' => b"\\b",
        '\u{c}' => b"\\f",
        '\n' => b"\\n",
        '\r' => b"\\r",
        '\t' => b"\\t",
        _ => return None,
    })
}

/// `\uXXXX` (or a surrogate pair of them) that means `c`.
fn json_unicode_escape(text: &[u8], c: char) -> Option<usize> {
    let mut units = [0u16; 2];
    let units = c.encode_utf16(&mut units);
    let mut at = 0usize;
    for &unit in units.iter() {
        let escape = text.get(at..at.checked_add(6)?)?;
        let (prefix, digits) = escape.split_at(2);
        if prefix != b"\\u" || hex_value(digits)? != u32::from(unit) {
            return None;
        }
        at = at.checked_add(6)?;
    }
    Some(at)
}

/// `c`'s UTF-8 bytes as `%XX` each (either case; `%` also as `\u0025`).
fn percent_escape(text: &[u8], utf8: &[u8]) -> Option<usize> {
    let mut at = 0usize;
    for &byte in utf8 {
        let tail = text.get(at..)?;
        let sign: usize = if tail.starts_with(b"%") {
            1
        } else if tail.len() >= 6 && tail.get(..6).is_some_and(|t| t.eq_ignore_ascii_case(b"\\u0025")) {
            6
        } else {
            return None;
        };
        let digits = tail.get(sign..sign.checked_add(2)?)?;
        if hex_value(digits)? != u32::from(byte) {
            return None;
        }
        at = at.checked_add(sign)?.checked_add(2)?;
    }
    Some(at)
}

fn hex_value(digits: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(digits).ok()?;
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(text, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(secret: &str, s: &str) -> String {
        Redactor::new(secret).text(s)
    }

    #[test]
    fn replaces_raw_escaped_and_encoded_copies() {
        let secret = "tok+en/ABC-123";
        for copy in [
            "tok+en/ABC-123",
            r"tok\u002Ben\/ABC-123",
            r"tok\u002ben\u002FABC-123",
            "tok%2Ben%2fABC-123",
            "%74%6F%6B%2B%65%6E%2F%41%42%43%2D%31%32%33",
            r"tok\u00252Ben\u00252FABC-123",
        ] {
            assert_eq!(text(secret, &format!("a {copy} b")), "a [redacted] b", "{copy}");
        }
        assert_eq!(text("a b+c&d", "x=a+b%2Bc%26d;"), "x=[redacted];", "`+` is a space in a form");
        assert_eq!(text("p\u{1F600}q-long-enough", r"p\uD83D\uDE00q-long-enough"), "[redacted]");
        assert_eq!(text("p\u{e9}q-long-enough", "p%C3%A9q-long-enough"), "[redacted]");
    }

    #[test]
    fn short_secrets_only_as_whole_tokens() {
        assert_eq!(text("t", "the token t is wrong"), "the token [redacted] is wrong");
        assert_eq!(text("abc123", "token=abc123 xabc123"), "token=[redacted] xabc123");
        assert_eq!(text("abcdefgh", "xabcdefghx"), "x[redacted]x", "8 characters or more: everywhere");
    }

    #[test]
    fn redacts_before_cutting_and_marks_the_cut() {
        let secret = "secret-token-0123456789";
        let body = format!("{}{secret}{}", "x".repeat(LIMIT - 5), "y".repeat(3000));
        let out = Redactor::new(secret).bytes(body.as_bytes());
        assert!(out.contains("xxxxx[redacted]"), "{out}");
        assert!(out.ends_with(&format!("…[cut: {} bytes in all]", body.len())), "{out}");
        assert!(out.len() < LIMIT + 64);
        assert_eq!(text("", "short"), "short");
        let cut = text("", &"é".repeat(2000));
        assert!(cut.starts_with('é') && cut.contains("[cut"), "cut at a character boundary");
    }

    /// The token alphabet of RFC 6750 (b64token), with `%` and `\` for the escapes.
    fn token() -> impl Strategy<Value = String> {
        let chars: Vec<char> = ('A'..='Z').chain('a'..='z').chain('0'..='9').chain("-._~+/=%\\\"".chars()).collect();
        prop::collection::vec(prop::sample::select(chars), 8..40).prop_map(|c| c.into_iter().collect())
    }

    /// `secret` with each character written in the form `choices` picks.
    fn echo(secret: &str, choices: &[u8]) -> String {
        let mut out = String::new();
        for (i, c) in secret.chars().enumerate() {
            let pick = choices.get(i % choices.len().max(1)).copied().unwrap_or(0);
            let hex = |n: u32, w: usize| {
                let s = format!("{n:0w$x}");
                if pick & 8 == 0 { s.to_uppercase() } else { s }
            };
            match pick % 5 {
                0 => out.push(c),
                1 => out.push_str(&format!("\\u{}", hex(c as u32, 4))),
                2 => out.push_str(&format!("%{}", hex(c as u32, 2))),
                3 => out.push_str(&format!("\\u0025{}", hex(c as u32, 2))),
                _ => match json_short_escape(c) {
                    Some(e) => out.push_str(std::str::from_utf8(e).unwrap()),
                    None => out.push(c),
                },
            }
        }
        out
    }

    fn assert_no_run(shown: &str, secret: &str) {
        let chars: Vec<char> = secret.chars().collect();
        for w in chars.windows(8) {
            let run: String = w.iter().collect();
            assert!(!shown.contains(&run), "{run:?} in {shown}");
        }
    }

    proptest! {
        #[test]
        fn no_copy_survives_in_whole_or_in_part(
            secret in token(),
            choices in prop::collection::vec(any::<u8>(), 1..12),
            before in 0usize..1100,
            copies in 1usize..4,
        ) {
            let copy = echo(&secret, &choices);
            let body = format!("{}{}{}", "*".repeat(before), [copy.as_str(); 4][..copies].join("*"), "*".repeat(50));
            let out = Redactor::new(&secret).bytes(body.as_bytes());
            assert_no_run(&out, &secret);
            assert!(out.len() <= LIMIT + REDACTED.len() + 40, "{}", out.len());
        }
    }
}
