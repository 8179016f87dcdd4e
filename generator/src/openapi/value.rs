//! The document as a tree whose mappings keep the order they were built in, written as YAML by
//! serde-saphyr.
//!
//! `serde_json::Value` would sort the keys (`components` before `info` before `openapi`), and its
//! `preserve_order` feature would change `serde_json::Map` for every crate of the workspace, the runtime
//! included; this tree is the few lines an ordered document needs. Keys and strings borrow what is
//! static (`type`, `string`, `int32`, …), so that building the document allocates little.

use std::borrow::Cow;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// A key or a string of the document.
pub type Text = Cow<'static, str>;

/// A JSON value whose mappings keep their order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A string.
    Str(Text),
    /// A sequence.
    List(Vec<Value>),
    /// A mapping.
    Map(Map),
}

/// A mapping whose keys keep the order they were inserted in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map(Vec<(Text, Value)>);

impl Map {
    /// An empty mapping.
    pub fn new() -> Self {
        Map(Vec::new())
    }

    /// Sets `key` to `value`: in place when the key is there, else at the end.
    pub fn insert(&mut self, key: impl Into<Text>, value: impl Into<Value>) -> &mut Self {
        let (key, value) = (key.into(), value.into());
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
        self
    }

    /// `self` with `key` set to `value` (see [`Map::insert`]).
    pub fn with(mut self, key: impl Into<Text>, value: impl Into<Value>) -> Self {
        self.insert(key, value);
        self
    }

    /// `self` with `key` set to `value` when there is one.
    pub fn with_opt(mut self, key: impl Into<Text>, value: Option<impl Into<Value>>) -> Self {
        if let Some(value) = value {
            self.insert(key, value);
        }
        self
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let i = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(i).1)
    }

    /// Whether it has no key.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The keys and values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_ref())
    }
}

impl IntoIterator for Map {
    type Item = (Text, Value);
    type IntoIter = std::vec::IntoIter<(Text, Value)>;

    /// The keys and values, in order.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<K: Into<Text>, V: Into<Value>> FromIterator<(K, V)> for Map {
    /// Collects pairs in order; a key seen again replaces the first one's value in its place.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        // An index by key, so that collecting the paths or schemas of a large API stays linear.
        let mut pairs: Vec<(Text, Value)> = Vec::new();
        let mut index: std::collections::HashMap<Text, usize> = std::collections::HashMap::new();
        for (k, v) in iter {
            let (k, v) = (k.into(), v.into());
            match index.get(&k) {
                Some(&i) => pairs[i].1 = v,
                None => {
                    index.insert(k.clone(), pairs.len());
                    pairs.push((k, v));
                }
            }
        }
        Map(pairs)
    }
}

impl Value {
    /// The value of `key`, when this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_map()?.get(key)
    }

    /// The mapping, when this is one.
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The items, when this is a sequence.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The text, when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl From<Map> for Value {
    fn from(m: Map) -> Self {
        Value::Map(m)
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Self {
        Value::List(items)
    }
}

impl From<&'static str> for Value {
    fn from(s: &'static str) -> Self {
        Value::Str(Cow::Borrowed(s))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(Cow::Owned(s))
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::Str(Cow::Owned(s.clone()))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Self {
        Value::Int(i64::from(n))
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(n) => serializer.serialize_i64(*n),
            Value::Str(s) => serializer.serialize_str(s),
            Value::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Map(m) => m.serialize(serializer),
        }
    }
}

impl Serialize for Map {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// `value` as YAML.
pub fn to_yaml(value: &Value) -> Result<String, String> {
    serde_saphyr::to_string(value).map_err(|e| format!("cannot write the OpenAPI document as YAML: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_keep_their_order_and_a_key_set_again_keeps_its_place() {
        let mut m = Map::new().with("openapi", "3.1.0").with("info", Map::new()).with("paths", Map::new());
        m.insert("info", "replaced");
        assert_eq!(m.keys().collect::<Vec<_>>(), ["openapi", "info", "paths"]);
        assert_eq!(m.get("info"), Some(&Value::from("replaced")));
        let yaml = to_yaml(&Value::Map(m)).unwrap();
        assert_eq!(yaml, "openapi: \"3.1.0\"\ninfo: replaced\npaths: {}\n");
    }

    #[test]
    fn collected_pairs_keep_their_order_and_a_key_seen_again_keeps_its_place() {
        let m: Map = [("b", 1i64), ("a", 2), ("b", 3), ("c", 4)].into_iter().collect();
        assert_eq!(m.keys().collect::<Vec<_>>(), ["b", "a", "c"]);
        assert_eq!(m.get("b"), Some(&Value::from(3i64)));
    }

    /// Strings a YAML 1.1 reader (PyYAML, which openapi-spec-validator uses) would take for something
    /// else are quoted, and the text reads back as the same strings.
    #[test]
    fn strings_that_look_like_other_scalars_stay_strings() {
        let tricky = ["1.10", "010", "true", "yes", "on", "null", "~", "12:30", "2025-10-20", "", "#x", "a: b", "-"];
        let list = Value::List(tricky.iter().map(|s| Value::from(*s)).collect());
        let yaml = to_yaml(&list).unwrap();
        let back: Vec<String> = serde_saphyr::from_str(&yaml).unwrap();
        assert_eq!(back, tricky);
        for line in yaml.lines() {
            assert!(line.starts_with("- '") || line.starts_with("- \""), "unquoted: {line}");
        }
    }
}
