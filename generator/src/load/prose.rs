//! Spec prose (`doc:`, `deprecated:`, `unverified:`) made safe for rustdoc, which reads it as Markdown
//! with `-D warnings` and runs its Rust code blocks as doc-tests. Prose that reads well as Markdown keeps
//! its meaning; what rustdoc would reject or run is neutralised:
//!
//! - a fenced block with no language, or one rustdoc would test (`rust`, `no_run`, …), becomes `text`;
//! - an indented code block (which rustdoc would test) becomes a fenced `text` block;
//! - `[x]` outside code is escaped unless it is a link to a URL or an explicit intra-doc link to a Rust
//!   path (`[text](Self::get)`, `[text](crate::types::User)`): rustdoc would resolve a bare `[x]` as an
//!   intra-doc link and fail on a broken one;
//! - `<` outside code is escaped unless it opens an autolink (`<https://…>`), so that `List<User>` is
//!   not an unclosed HTML tag;
//! - a bare URL is put in `<…>` (rustdoc's `bare_urls` lint).

/// The Rust paths of the explicit intra-doc links of `text` (`[text](crate::types::User)`), which
/// [`rustdoc_safe`] keeps and rustdoc resolves.
pub fn rust_links(text: &str) -> Vec<String> {
    text.match_indices("](")
        .filter_map(|(i, _)| {
            let rest = &text[i + 2..];
            let path = &rest[..rest.find(')')?];
            is_rust_path(path).then(|| path.to_owned())
        })
        .collect()
}

/// `text` with everything rustdoc would fail on or run neutralised.
pub fn rustdoc_safe(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let base = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| indent(l)).min().unwrap_or(0);
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut fence: Option<(char, usize)> = None;
    let mut indented_block = false;
    for (i, line) in lines.iter().enumerate() {
        if let Some((c, n)) = fence {
            out.push((*line).to_owned());
            if is_closing_fence(line, c, n) {
                fence = None;
            }
            continue;
        }
        let blank_before = i == 0 || lines[i - 1].trim().is_empty();
        let deep = !line.trim().is_empty() && indent(line) >= base + 4;
        if indented_block {
            if deep
                || (line.trim().is_empty()
                    && lines[i + 1..].iter().find(|l| !l.trim().is_empty()).is_some_and(|l| indent(l) >= base + 4))
            {
                out.push(strip_indent(line, base + 4));
                continue;
            }
            out.push(format!("{}```", " ".repeat(base)));
            indented_block = false;
        }
        if deep && blank_before {
            out.push(format!("{}```text", " ".repeat(base)));
            out.push(strip_indent(line, base + 4));
            indented_block = true;
            continue;
        }
        if let Some((c, n, info)) = opening_fence(line) {
            fence = Some((c, n));
            let lead = &line[..line.len() - line.trim_start().len()];
            let info = if runs_as_rust(info) { "text" } else { info };
            out.push(format!("{lead}{}{info}", c.to_string().repeat(n)));
            continue;
        }
        out.push(inline(line));
    }
    if indented_block {
        out.push(format!("{}```", " ".repeat(base)));
    }
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    joined
}

fn indent(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ' || *c == '\t').map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

fn strip_indent(line: &str, n: usize) -> String {
    let mut removed = 0;
    let mut rest = line;
    while removed < n {
        match rest.chars().next() {
            Some(' ') => removed += 1,
            Some('\t') => removed += 4,
            _ => break,
        }
        rest = &rest[1..];
    }
    rest.to_owned()
}

/// ```` ```lang ```` or `~~~lang` indented at most three spaces: the fence character, its length and the
/// info string.
fn opening_fence(line: &str) -> Option<(char, usize, &str)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = trimmed.chars().take_while(|x| *x == c).count();
    let info = trimmed[n..].trim();
    (n >= 3 && !(c == '`' && info.contains('`'))).then_some((c, n, info))
}

fn is_closing_fence(line: &str, c: char, n: usize) -> bool {
    let t = line.trim();
    t.chars().take_while(|x| *x == c).count() >= n && t.chars().all(|x| x == c)
}

/// Whether rustdoc would compile (and run) a code block with this info string.
fn runs_as_rust(info: &str) -> bool {
    const RUST: &[&str] =
        &["rust", "ignore", "should_panic", "no_run", "compile_fail", "test_harness", "standalone_crate", "allow_fail"];
    info.split([',', ' ', '\t'])
        .filter(|t| !t.is_empty())
        .all(|t| RUST.contains(&t) || t.starts_with("edition") || t.starts_with("ignore-") || t.starts_with('{'))
}

/// One line of prose outside code blocks.
fn inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                out.push(c);
                out.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let n = chars[i..].iter().take_while(|x| **x == '`').count();
                match find_run(&chars, i + n, n) {
                    Some(end) => {
                        out.extend(&chars[i..end + n]);
                        i = end + n;
                    }
                    None => {
                        out.extend(&chars[i..i + n]);
                        i += n;
                    }
                }
            }
            '[' => match url_link_end(&chars, i) {
                Some(end) => {
                    out.extend(&chars[i..end]);
                    i = end;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            '<' => {
                let rest: String = chars[i + 1..].iter().collect();
                match rest.find('>') {
                    Some(end) if is_url(&rest[..end]) && !rest[..end].contains(char::is_whitespace) => {
                        out.push('<');
                        out.push_str(&rest[..=end]);
                        i += 1 + rest[..=end].chars().count();
                    }
                    _ => {
                        out.push_str("&lt;");
                        i += 1;
                    }
                }
            }
            'h' | 'm' if starts_url(&chars[i..]) && (i == 0 || !chars[i - 1].is_alphanumeric()) => {
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The index of the next run of exactly `n` backticks at or after `from`.
fn find_run(chars: &[char], from: usize, n: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let m = chars[j..].iter().take_while(|x| **x == '`').count();
            if m == n {
                return Some(j);
            }
            j += m;
        } else {
            j += 1;
        }
    }
    None
}

/// For `[text](https://…)` or `[text](crate::path)` starting at `at`, the index just past the `)`.
fn url_link_end(chars: &[char], at: usize) -> Option<usize> {
    let close = at + chars[at..].iter().position(|c| *c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = close + 2 + chars[close + 2..].iter().position(|c| *c == ')')?;
    let target: String = chars[close + 2..end].iter().collect();
    let text: String = chars[at + 1..close].iter().collect();
    ((is_url(target.trim()) || is_rust_path(target.trim())) && !text.contains('[')).then_some(end + 1)
}

/// `Self::get`, `crate::types::User`, `super::x`: an explicit intra-doc link.
pub(crate) fn is_rust_path(s: &str) -> bool {
    let mut segments = s.split("::");
    matches!(segments.next(), Some("Self" | "crate" | "super"))
        && s.contains("::")
        && segments.all(|seg| {
            !seg.is_empty()
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !seg.starts_with(|c: char| c.is_ascii_digit())
        })
}

fn is_url(s: &str) -> bool {
    ["http://", "https://", "mailto:"].iter().any(|p| s.starts_with(p) && s.len() > p.len())
}

fn starts_url(chars: &[char]) -> bool {
    let head: String = chars.iter().take(9).collect();
    ["http://", "https://"].iter().any(|p| head.starts_with(p)) && chars.len() > 8
}

/// Where a bare URL ends: at whitespace or an angle bracket, without trailing punctuation.
fn url_end(chars: &[char], from: usize) -> usize {
    let mut end = from;
    while end < chars.len() && !chars[end].is_whitespace() && !matches!(chars[end], '<' | '>' | '`') {
        end += 1;
    }
    while end > from && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | ')' | '\'' | '"') {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::rustdoc_safe as safe;

    #[test]
    fn brackets_outside_code_are_escaped_links_to_urls_kept() {
        assert_eq!(safe("Returns [Word] or [x][y]."), "Returns \\[Word\\] or \\[x\\]\\[y\\].");
        assert_eq!(safe("See [the guide](https://example.com/a)."), "See [the guide](https://example.com/a).");
        assert_eq!(safe("A `[User]` list."), "A `[User]` list.");
        assert_eq!(safe("Escaped \\[x\\] stays."), "Escaped \\[x\\] stays.");
        assert_eq!(
            safe("[`x`](crate::types::User) and [y](Self::get)"),
            "[`x`](crate::types::User) and [y](Self::get)"
        );
        assert_eq!(safe("[x](not a path)"), "\\[x\\](not a path)");
    }

    #[test]
    fn angle_brackets_and_bare_urls() {
        assert_eq!(safe("A List<User> here."), "A List&lt;User> here.");
        assert_eq!(safe("At <https://example.com>."), "At <https://example.com>.");
        assert_eq!(safe("At https://example.com/x."), "At <https://example.com/x>.");
        assert_eq!(safe("`https://in.code`"), "`https://in.code`");
    }

    #[test]
    fn code_blocks_that_rustdoc_would_run_become_text() {
        assert_eq!(safe("Example:\n```\n{\"a\": [1]}\n```"), "Example:\n```text\n{\"a\": [1]}\n```");
        assert_eq!(safe("```rust\nfn x() {}\n```"), "```text\nfn x() {}\n```");
        assert_eq!(safe("```no_run\nx\n```"), "```text\nx\n```");
        assert_eq!(safe("```json\n[1]\n```"), "```json\n[1]\n```", "another language is kept and not escaped");
        assert_eq!(safe("~~~~\n[x]\n~~~~"), "~~~~text\n[x]\n~~~~");
    }

    #[test]
    fn indented_code_becomes_a_fenced_text_block() {
        assert_eq!(
            safe("Send:\n\n    {\"a\": 1}\n    [2]\n\nDone."),
            "Send:\n\n```text\n{\"a\": 1}\n[2]\n```\n\nDone."
        );
        assert_eq!(safe("    only code"), "    only code", "a text indented as a whole is not code");
        assert_eq!(safe("- item\n  more"), "- item\n  more");
    }

    #[test]
    fn plain_text_is_unchanged() {
        let text = "Create, update and manage users. **Bold**, _em_, 1 < 2 is escaped only once.";
        assert_eq!(safe(text), text.replace('<', "&lt;"));
        assert_eq!(safe("a\n\nb\n"), "a\n\nb\n");
    }
}
