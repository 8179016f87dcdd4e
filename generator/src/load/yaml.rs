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

/// Parses one YAML document. Syntax errors, duplicate keys and resource limits (alias bombs, deep nesting)
/// become a located diagnostic; nothing panics.
pub fn parse(file: &Arc<str>, text: &str) -> Result<Node, Diagnostic> {
    let options = serde_saphyr::options! { strict_booleans: true };
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(text, options) {
        Ok(root) => Ok(convert(file, root)),
        Err(err) => {
            let (line, col) = err.location().map(|l| (l.line() as u32, l.column() as u32)).unwrap_or((1, 1));
            Err(Diagnostic::new(&Pos::new(file, line.max(1), col.max(1)), yaml_message(&err)))
        }
    }
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
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(", set DuplicateKeyPolicy").next().unwrap_or(key);
        return format!("duplicate key `{key}`: a key may appear only once in a mapping");
    }
    format!("invalid YAML: {message}")
}

fn convert(file: &Arc<str>, raw: Spanned<Raw>) -> Node {
    let pos = Pos::new(file, raw.referenced.line() as u32, raw.referenced.column() as u32);
    let value = match raw.value {
        Raw::Null => Value::Null,
        Raw::Scalar(s) => Value::Scalar(s),
        Raw::Seq(items) => Value::Seq(items.into_iter().map(|i| convert(file, i)).collect()),
        Raw::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let key = Key {
                        name: k.value,
                        pos: Pos::new(file, k.referenced.line() as u32, k.referenced.column() as u32),
                    };
                    (key, convert(file, v))
                })
                .collect(),
        ),
    };
    Node { pos, value }
}

/// The shape serde-saphyr fills in; converted to [`Node`] straight away.
enum Raw {
    Null,
    Scalar(String),
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
        Ok(Raw::Scalar(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Scalar(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(Raw::Scalar(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw, E> {
        Ok(Raw::Scalar(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw, E> {
        Ok(Raw::Scalar(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Scalar(v.to_string()))
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

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let node = parse(&file(), "a: 1\nb:\n  c: [x, \"y\"]\n").unwrap();
        let Value::Map(entries) = &node.value else { panic!("not a map") };
        assert_eq!(entries[0].0.name, "a");
        assert_eq!((entries[1].0.pos.line, entries[1].0.pos.col), (2, 1));
        let Value::Map(inner) = &entries[1].1.value else { panic!("not a map") };
        assert_eq!((inner[0].0.pos.line, inner[0].0.pos.col), (3, 3));
        let Value::Seq(items) = &inner[0].1.value else { panic!("not a seq") };
        assert_eq!(items[1].value, Value::Scalar("y".into()));
        assert_eq!((items[1].pos.line, items[1].pos.col), (3, 10));
    }

    #[test]
    fn scalars_stay_text() {
        let node = parse(&file(), "a: yes\nb: 12\nc: ~\n").unwrap();
        let Value::Map(e) = node.value else { panic!() };
        assert_eq!(e[0].1.value, Value::Scalar("yes".into()));
        assert_eq!(e[1].1.value, Value::Scalar("12".into()));
        assert_eq!(e[2].1.value, Value::Null);
    }

    #[test]
    fn indentation_error_is_located() {
        let err = parse(&file(), "a:\n  b: 1\n c: 2\n").unwrap_err();
        assert_eq!(err.pos.line, 3, "{err}");
        assert!(err.message.starts_with("invalid YAML: "), "{err}");
        assert!(!err.message.contains('\n'));
    }

    #[test]
    fn duplicate_keys_are_an_error() {
        let err = parse(&file(), "a: 1\na: 2\n").unwrap_err();
        assert_eq!(err.pos.line, 2, "{err}");
        assert_eq!(err.message, "duplicate key `a`: a key may appear only once in a mapping");
    }
}
