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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_bools_become_strings() {
        assert_eq!(serde_json::to_string(&AsString(1496)).unwrap(), "\"1496\"");
        assert_eq!(serde_json::to_string(&AsString(false)).unwrap(), "\"false\"");
    }
}
