//! A file's syntax tree to readable text: laid out as prettyplease lays it out ([`super::syntax`]), then
//! given a blank line between items so that reviewers read (and diff) one item at a time.

use super::syntax::File;

/// Formats a whole file after `header`.
pub fn format(header: String, file: &File) -> String {
    let text = file.print();
    let mut out = header;
    out.reserve(text.len() + text.len() / 16);
    space_items(&text, &mut out);
    out
}

/// Appends `text` to `out`, inserting a blank line after an item's closing brace when another item
/// follows at the same depth, and after the inner attributes at the top of the file. The emitter writes
/// no multi-line literals, so a line holding only `}` is always the end of a block. Lines are indented
/// with spaces only (the layout writes no other).
pub(super) fn space_items(text: &str, out: &mut String) {
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.peek() else {
            continue;
        };
        let (indent, body) = split_indent(line);
        let (next_indent, next_body) = split_indent(next);
        // A doc line may end with `}` too (`/// {"a": 1}`); it never ends a block.
        let is_comment = body.starts_with("//");
        let trimmed = line.trim_end();
        let closes = !is_comment && (trimmed.ends_with('}') || trimmed.ends_with("};"));
        // A one-line declaration (a tuple struct, a type alias, a `use`, a macro call) ends an item too;
        // the `use` lines stay together, gated or not (a gated item has its docs before its `#[cfg]`).
        let declared = line.ends_with(';')
            && ["pub struct ", "pub type ", "use ", "::"].iter().any(|p| body.starts_with(p))
            && !(body.starts_with("use ") && (next_body.starts_with("use ") || next_body.starts_with("#[cfg(")));
        let header_ends = (line.starts_with("#![") && !next.starts_with("#!["))
            || (line.starts_with("//!") && !next.starts_with("//!") && !next.starts_with("#!["));
        let item_starts = ["///", "#[", "pub ", "fn ", "impl", "mod ", "const ", "pub(crate) "]
            .iter()
            .any(|p| next_body.starts_with(p));
        if ((closes || declared) && indent == next_indent && item_starts) || header_ends {
            out.push('\n');
        }
    }
}

/// A line's indentation (in spaces) and the rest.
fn split_indent(line: &str) -> (usize, &str) {
    let indent = line.bytes().take_while(|&b| b == b' ').count();
    (indent, &line[indent..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_items() {
        let mut text = String::new();
        space_items(
            "#![allow(deprecated)]\n/// A.\npub struct A {}\nimpl A {\n    /// One.\n    pub fn one(&self) {}\n    /// Two.\n    pub fn two(&self) {\n        let _ = 1;\n    }\n    /// Three.\n    pub fn three(&self) {}\n}\n",
            &mut text,
        );
        assert_eq!(
            text,
            "#![allow(deprecated)]\n\n/// A.\npub struct A {}\n\nimpl A {\n    /// One.\n    pub fn one(&self) {}\n\n    /// Two.\n    pub fn two(&self) {\n        let _ = 1;\n    }\n\n    /// Three.\n    pub fn three(&self) {}\n}\n"
        );
    }

    #[test]
    fn a_doc_line_ending_with_a_brace_is_not_the_end_of_a_block() {
        let mut text = String::new();
        space_items("/// {\"a\": 1}\n/// more\npub struct A {}\n", &mut text);
        assert_eq!(text, "/// {\"a\": 1}\n/// more\npub struct A {}\n");
    }
}
