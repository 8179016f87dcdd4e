//! A value the spec does not declare, kept as the JSON text it came as.
//!
//! Generated structs keep the fields the spec does not list in `additional_fields`, so that nothing a
//! response carries is lost. Holding them as a tree of `serde_json::Value`s cost up to 17 times their
//! text (a list of small numbers is 2 bytes of JSON per item and 32 bytes per `Value`); as text they
//! cost what they weigh, and are parsed only when read.

use std::fmt;

use serde::de::{self, DeserializeOwned};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON value kept as its text: read it with [`value`](Self::value) or [`decode`](Self::decode),
/// make one with [`RawJson::from`] a `serde_json::Value`.
///
/// ```
/// use axero_runtime::RawJson;
/// let raw = RawJson::from(serde_json::json!({"PageTitle": "Home"}));
/// assert_eq!(raw.get(), r#"{"PageTitle":"Home"}"#);
/// assert_eq!(raw.value()["PageTitle"], "Home");
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// The JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// The value, parsed.
    pub fn value(&self) -> serde_json::Value {
        // The text was written by serde_json (or checked by it), so it parses; `Null` otherwise.
        serde_json::from_str(self.get()).unwrap_or_default()
    }

    /// The value decoded as `T`, as loosely as the client decodes responses.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T, crate::DecodeError> {
        crate::decode(self.value())
    }
}

impl From<serde_json::Value> for RawJson {
    fn from(value: serde_json::Value) -> Self {
        // Serializing a `Value` cannot fail, and its text is valid JSON.
        let text = value.to_string();
        RawJson(RawValue::from_string(text).unwrap_or_default())
    }
}

/// Two values are equal when their texts are (`{"a":1}` and `{ "a": 1 }` are not).
impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

/// Written as the JSON it holds.
impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Read from any deserializer (a response, or the buffer serde keeps for a struct's extra fields),
/// written out as JSON text as it is read: no tree of values is built.
impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut text = Vec::new();
        serde_transcode::transcode(deserializer, &mut serde_json::Serializer::new(&mut text))
            .map_err(de::Error::custom)?;
        let text = String::from_utf8(text).map_err(de::Error::custom)?;
        RawValue::from_string(text).map(RawJson).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kept_as_text_and_read_back() {
        #[derive(Deserialize, Serialize, Debug, PartialEq)]
        struct Row {
            #[serde(rename = "A")]
            a: i32,
            #[serde(flatten)]
            rest: std::collections::BTreeMap<String, RawJson>,
        }
        let row: Row = serde_json::from_str(r#"{"A":1,"B":[1, 2,3],"C":{"D":"e\n"},"E":null}"#).unwrap();
        assert_eq!(row.rest["B"].get(), "[1,2,3]");
        assert_eq!(row.rest["C"].value(), json!({"D": "e\n"}));
        assert_eq!(row.rest["E"].get(), "null");
        assert_eq!(serde_json::to_string(&row).unwrap(), r#"{"A":1,"B":[1,2,3],"C":{"D":"e\n"},"E":null}"#);
        assert_eq!(RawJson::from(json!([1])).decode::<Vec<String>>().unwrap(), ["1"], "loosely");
    }
}
