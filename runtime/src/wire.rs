//! Values that the API wants as JSON strings even when they are numbers or booleans (`"1496"`, `"false"`).

use std::fmt::Display;

use serde::{Serialize, Serializer};

/// Serializes a value as the JSON string of its `Display` form.
#[derive(Debug, Clone, Copy)]
pub struct AsString<T>(pub T);

impl<T: Display> Serialize for AsString<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// `serialize_with` for a field sent as a string.
pub fn as_string<T: Display, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// `serialize_with` for an optional field sent as a string.
pub fn as_string_opt<T: Display, S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.collect_str(v),
        None => serializer.serialize_none(),
    }
}

/// A field that always holds the integer `N` (`"EntityType": 39` in a task followers body): it has no
/// data, sends `N`, and accepts whatever the server sends back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ConstInt<const N: i64>;

impl<const N: i64> Serialize for ConstInt<N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(N)
    }
}

impl<'de, const N: i64> serde::Deserialize<'de> for ConstInt<N> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| ConstInt)
    }
}

/// A field that always holds the boolean `B` (`"IsCustom": true`), like [`ConstInt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ConstBool<const B: bool>;

impl<const B: bool> Serialize for ConstBool<B> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(B)
    }
}

impl<'de, const B: bool> serde::Deserialize<'de> for ConstBool<B> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(d).map(|_| ConstBool)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_bools_become_strings() {
        assert_eq!(serde_json::to_string(&AsString(1496)).unwrap(), "\"1496\"");
        assert_eq!(serde_json::to_string(&AsString(false)).unwrap(), "\"false\"");
    }

    #[test]
    fn constants_always_send_their_value() {
        #[derive(Serialize, serde::Deserialize, Default, Debug, PartialEq)]
        struct Body {
            #[serde(rename = "EntityType", default)]
            entity_type: ConstInt<39>,
            #[serde(rename = "IsCustom", default)]
            is_custom: ConstBool<true>,
        }
        assert_eq!(serde_json::to_string(&Body::default()).unwrap(), r#"{"EntityType":39,"IsCustom":true}"#);
        let back: Body = serde_json::from_str(r#"{"EntityType":"5","IsCustom":null}"#).unwrap();
        assert_eq!(back, Body::default());
        assert_eq!(serde_json::from_str::<Body>("{}").unwrap(), Body::default());
    }
}
