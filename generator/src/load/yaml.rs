//! YAML text to a [`Node`] tree in which every value and every mapping key keeps its position.
//!
//! This is the only file that names the YAML crate (serde-saphyr; ARCHITECTURE.md says why), so that a
//! later swap touches nothing else.

use std::fmt;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Pos};

/// A YAML value with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value starts.
    pub pos: Pos,
    /// The value.
    pub value: Value,
    /// Whether YAML reads this scalar as a number or a boolean (`42`, `1.5`, `true`, written without
    /// quotes) rather than as text. Only examples care (`example:` values are JSON); everywhere else the
    /// text as written is what counts.
    pub typed: bool,
}

/// A YAML value. Scalars keep their text: the spec decides what a scalar means, not YAML's type guessing.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// Any scalar, as text.
    Scalar(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in the order written; keys are unique (duplicates are a load error).
    Map(Vec<(Key, Node)>),
}

/// A mapping key and its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key's text.
    pub name: String,
    /// Where the key is.
    pub pos: Pos,
}

/// Parses one YAML document. Syntax errors and resource limits (alias bombs, deep nesting) become a
/// located diagnostic, and the file has no tree; a key written twice in one mapping is reported at the
/// second, pointing at the first, and the first is kept, so that the rest of the file is still read.
/// Nothing panics.
pub fn parse(file: &Arc<str>, text: &str) -> Result<(Node, Vec<Diagnostic>), Box<Diagnostic>> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
    };
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(text, options) {
        Ok(root) => {
            let mut problems = Vec::new();
            let node = Converter { file, text, problems: &mut problems }.node(root);
            Ok((node, problems))
        }
        Err(err) => {
            let (line, col) = err.location().map(|l| (l.line() as u32, l.column() as u32)).unwrap_or((1, 1));
            let pos = Pos::new(file, line.max(1), col.max(1)).with_len(1);
            let message = yaml_message(&err);
            Err(Box::new(
                unquoted_list_type(text, &pos).or_else(|| unknown_anchor(text, &pos, &message)).unwrap_or_else(|| {
                    Diagnostic::new(&pos, message).help(
                        "YAML nests by indentation: line this up with the keys beside it (spaces, not tabs), and \
                         quote a value that holds `: ` or starts with `[`, `{`, `*`, `&`, `!` or `?`",
                    )
                }),
            ))
        }
    }
}

/// `returns: [User]?` is a YAML list followed by a stray `?`, which the parser reports as "mapping keys
/// are not allowed here"; what the maintainer needs to hear is to quote the type.
fn unquoted_list_type(text: &str, pos: &Pos) -> Option<Diagnostic> {
    let line = text.lines().nth(pos.line as usize - 1)?;
    let chars: Vec<char> = line.chars().collect();
    let q = pos.col as usize - 1;
    if chars.get(q) != Some(&'?') || q == 0 || chars[q - 1] != ']' {
        return None;
    }
    // The list starts after the `: ` or `- ` that introduces the value.
    let start = (0..q).rev().find(|&i| chars[i] == '[' && (i == 0 || chars[i - 1] == ' ' || chars[i - 1] == '-'))?;
    let written: String = chars[start..=q].iter().collect();
    let span = pos.sub(0, 0);
    let span = Pos { col: start as u32 + 1, len: (q - start + 1) as u32, ..span };
    Some(
        Diagnostic::new(&span, format!("`{written}` is read by YAML as a list and a stray `?`"))
            .label("a type that ends a list with `?` must be quoted")
            .replace(format!("quote it: `\"{written}\"`"), &span, format!("\"{written}\""))
            .certain(),
    )
}

/// `*name` that no `&name` before it in the file marks: indentation has nothing to do with it. The
/// help names the closest anchor the file does mark, if one is close, or says how anchors work.
fn unknown_anchor(text: &str, pos: &Pos, message: &str) -> Option<Diagnostic> {
    if !message.contains("anchor") {
        return None;
    }
    let line = text.lines().nth(pos.line as usize - 1)?;
    let rest: String = line.chars().skip(pos.col as usize - 1).collect();
    let alias: String =
        rest.strip_prefix('*')?.chars().take_while(|c| c.is_alphanumeric() || "_-".contains(*c)).collect();

    // The anchors marked before the alias (an alias may only repeat what comes before it): `&name` at
    // the start of a value, not an `&` inside some text.
    let name_chars = |c: &char| c.is_alphanumeric() || "_-".contains(*c);
    let mut anchors: Vec<String> = Vec::new();
    for l in text.lines().take(pos.line as usize - 1) {
        for (i, _) in l.match_indices('&') {
            let starts_value = i == 0 || l[..i].ends_with(": ") || l[..i].ends_with("- ") || l[..i].trim().is_empty();
            let name: String = l[i + 1..].chars().take_while(name_chars).collect();
            if starts_value
                && !name.is_empty()
                && l[i + 1 + name.len()..].chars().next().is_none_or(char::is_whitespace)
            {
                anchors.push(name);
            }
        }
    }
    let span = pos.sub(0, alias.len() as u32 + 1);
    let d = Diagnostic::new(&span, format!("no anchor `&{alias}` before this alias"));
    Some(match crate::diagnostic::closest(&alias, anchors.iter().map(String::as_str)) {
        Some(best) => d.replace(format!("did you mean `*{best}`?"), &span, format!("*{best}")),
        None => d.help("an alias `*name` repeats the value that `&name` marks earlier in the same file"),
    })
}

/// The YAML crate's message without its own location prefix and source snippet (we print our own).
fn yaml_message(err: &serde_saphyr::Error) -> String {
    let text = err.without_snippet().to_string();
    let first = text.lines().next().unwrap_or("invalid YAML").trim();
    let message = match first.strip_prefix("error: ") {
        Some(rest) => rest,
        None => first,
    };
    // Drop a leading "line N column M: " that repeats what the diagnostic already says.
    let message = match message.find(": ") {
        Some(i) if message.starts_with("line ") && message[..i].contains(" column ") => &message[i + 2..],
        _ => message,
    };
    // Drop a trailing " at line N, column M" for the same reason.
    let message = match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    };
    format!("invalid YAML: {message}")
}

/// Turns serde-saphyr's tree into ours: positions with lengths, the source text of every scalar YAML
/// would read as a number or boolean, and duplicate keys reported.
struct Converter<'a> {
    file: &'a Arc<str>,
    text: &'a str,
    problems: &'a mut Vec<Diagnostic>,
}

impl Converter<'_> {
    /// The position of a node, covering its text up to the end of its first line.
    fn pos(&self, loc: &serde_saphyr::Location) -> Pos {
        let len = self.slice(loc).map_or(0, |s| s.lines().next().unwrap_or("").chars().count());
        Pos::new(self.file, loc.line() as u32, loc.column() as u32).with_len(len as u32)
    }

    /// The source text a location spans, when the parser knows it.
    fn slice(&self, loc: &serde_saphyr::Location) -> Option<&str> {
        let span = loc.span();
        let start = usize::try_from(span.byte_offset()?).ok()?;
        let len = usize::try_from(span.byte_len()?).ok()?;
        self.text.get(start..start.checked_add(len)?)
    }

    fn node(&mut self, raw: Spanned<Raw>) -> Node {
        let pos = self.pos(&raw.referenced);
        let typed = matches!(raw.value, Raw::Typed(_));
        let value = match raw.value {
            Raw::Null => Value::Null,
            Raw::Scalar(s) => Value::Scalar(s),
            // A number or boolean: the text as written (`1.10`, `010`, `0x1F`), never the parsed value.
            // An alias points at its anchor's text.
            Raw::Typed(parsed) => {
                let written = self.slice(&raw.defined).map(str::trim).filter(|s| is_plain_token(s));
                Value::Scalar(written.map_or(parsed, str::to_owned))
            }
            Raw::Seq(items) => Value::Seq(items.into_iter().map(|i| self.node(i)).collect()),
            Raw::Map(entries) => {
                let mut kept: Vec<(Key, Node)> = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    let key = Key { pos: self.pos(&k.referenced), name: k.value };
                    let node = self.node(v);
                    if let Some((first, _)) = kept.iter().find(|(f, _)| f.name == key.name) {
                        self.problems.push(
                            Diagnostic::new(&key.pos, format!("duplicate key `{}`", key.name))
                                .label("written again here")
                                .related(&first.pos, "first written here")
                                .help("a key may appear only once in a mapping; merge the two or remove one"),
                        );
                    } else {
                        kept.push((key, node));
                    }
                }
                Value::Map(kept)
            }
        };
        Node { pos, value, typed }
    }
}

/// Whether `s` is one plain scalar token (what YAML reads as a number or boolean), not a tag, anchor or
/// quoted text that happens to span it.
fn is_plain_token(s: &str) -> bool {
    !s.is_empty() && !s.contains(char::is_whitespace) && !s.starts_with(['!', '&', '*', '"', '\'', '[', '{'])
}

/// The shape serde-saphyr fills in; converted to [`Node`] straight away.
enum Raw {
    Null,
    /// A string.
    Scalar(String),
    /// A number or boolean, as serde-saphyr printed it back; replaced by the source text.
    Typed(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<String>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Typed(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Typed(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Typed(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw::Typed(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw, E> {
        Ok(Raw::Typed(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Typed(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Scalar(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Scalar(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Raw::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<str> {
        Arc::from("spec/t.yaml")
    }

    fn tree(text: &str) -> Node {
        let (node, problems) = parse(&file(), text).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        node
    }

    fn entries(node: &Node) -> &[(Key, Node)] {
        let Value::Map(entries) = &node.value else { panic!("not a map") };
        entries
    }

    #[test]
    fn keeps_positions_and_lengths_of_keys_and_values() {
        let node = tree("a: 1\nb:\n  c: [x, \"y\"]\n");
        let e = entries(&node);
        assert_eq!(e[0].0.name, "a");
        assert_eq!((e[1].0.pos.line, e[1].0.pos.col, e[1].0.pos.len), (2, 1, 1));
        let inner = entries(&e[1].1);
        assert_eq!((inner[0].0.pos.line, inner[0].0.pos.col), (3, 3));
        let Value::Seq(items) = &inner[0].1.value else { panic!("not a seq") };
        assert_eq!(items[1].value, Value::Scalar("y".into()));
        assert_eq!((items[1].pos.line, items[1].pos.col, items[1].pos.len), (3, 10, 3), "the quotes are in the span");
    }

    #[test]
    fn scalars_keep_the_text_as_written() {
        let node =
            tree("a: yes\nb: 12\nc: ~\nd: 1.10\ne: 010\nf: 0x1F\ng: [2.0, -0, 05]\nh: &n 1.50\ni: *n\nj: True\n");
        let e = entries(&node);
        let text = |i: usize| e[i].1.value.clone();
        assert_eq!(text(0), Value::Scalar("yes".into()));
        assert_eq!(text(1), Value::Scalar("12".into()));
        assert_eq!(text(2), Value::Null);
        assert_eq!(text(3), Value::Scalar("1.10".into()));
        assert_eq!(text(4), Value::Scalar("010".into()));
        assert_eq!(text(5), Value::Scalar("0x1F".into()));
        let Value::Seq(items) = &e[6].1.value else { panic!() };
        let items: Vec<_> = items.iter().map(|i| i.value.clone()).collect();
        assert_eq!(items, ["2.0", "-0", "05"].map(|s| Value::Scalar(s.into())));
        assert_eq!(text(7), Value::Scalar("1.50".into()));
        assert_eq!(text(8), Value::Scalar("1.50".into()), "an alias reads its anchor's text");
        assert_eq!(text(9), Value::Scalar("True".into()));
    }

    #[test]
    fn numbers_and_booleans_are_told_from_quoted_text() {
        let node = tree("a: 42\nb: \"42\"\nc: true\nd: 'true'\ne: 1.5\nf: text\ng: ~\n");
        let typed: Vec<bool> = entries(&node).iter().map(|(_, v)| v.typed).collect();
        assert_eq!(typed, [true, false, true, false, true, false, false]);
    }

    #[test]
    fn indentation_error_is_located() {
        let err = parse(&file(), "a:\n  b: 1\n c: 2\n").unwrap_err();
        assert_eq!(err.pos.line, 3, "{err}");
        assert!(err.message.starts_with("invalid YAML: "), "{err}");
        assert!(!err.message.contains('\n'));
    }

    #[test]
    fn a_duplicate_key_points_at_both_and_the_rest_is_read() {
        let (node, problems) = parse(&file(), "a: 1\nb: 2\na: 3\n").unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].pos.line, 3);
        assert_eq!(problems[0].message, "duplicate key `a`");
        assert_eq!(problems[0].related[0].0.line, 1, "points at the first");
        let e = entries(&node);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].1.value, Value::Scalar("1".into()), "the first is kept");
    }

    #[test]
    fn an_unquoted_optional_list_type_is_told_to_be_quoted() {
        let err = parse(&file(), "e:\n  returns: [User]?\n").unwrap_err();
        assert_eq!(err.message, "`[User]?` is read by YAML as a list and a stray `?`");
        assert_eq!((err.pos.line, err.pos.col, err.pos.len), (2, 12, 7));
        assert_eq!(err.fix, Some(crate::diagnostic::Fix::Replace { pos: err.pos.clone(), with: "\"[User]?\"".into() }));
    }
}
