//! `skip_serializing_if` predicates for generated types: a field that is absent when read stays
//! absent when written, instead of becoming `null` or `[]`.
//!
//! Generated types name these through their file's `rt` alias (`"rt::skip::none"`): standard paths
//! would have to be spelled absolutely (a spec type may be named `Option`), and the shorter attribute
//! fits on one line.

use std::collections::BTreeMap;

/// Whether an optional field is unset.
pub fn none<T>(value: &Option<T>) -> bool {
    value.is_none()
}

/// Whether a list field is empty.
pub fn empty<T>(value: &[T]) -> bool {
    value.is_empty()
}

/// Whether a map field is empty.
pub fn empty_map<K, V>(value: &BTreeMap<K, V>) -> bool {
    value.is_empty()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    struct Fields {
        #[serde(skip_serializing_if = "super::none")]
        a: Option<i32>,
        #[serde(skip_serializing_if = "super::empty")]
        b: Vec<i32>,
        #[serde(skip_serializing_if = "super::empty_map")]
        c: BTreeMap<String, i32>,
    }

    #[test]
    fn unset_fields_are_left_out_and_set_ones_written() {
        let empty = Fields { a: None, b: Vec::new(), c: BTreeMap::new() };
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
        let full = Fields { a: Some(1), b: vec![2], c: BTreeMap::from([("k".to_owned(), 3)]) };
        assert_eq!(serde_json::to_string(&full).unwrap(), r#"{"a":1,"b":[2],"c":{"k":3}}"#);
    }
}
