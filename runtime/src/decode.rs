//! Decoding a JSON value the caller already holds into a type of their own, with the leniency of typed
//! responses: for the endpoints whose response the spec leaves untyped (`serde_json::Value`), a caller
//! who knows the shape decodes it without sending the request again.

use std::fmt;

use serde::de::DeserializeOwned;

use super::loose::Loose;

/// Decodes `value` into `T` as loosely as the client decodes typed responses: a number or a boolean
/// sent as a string (`"1496"`, `"true"`), `1`/`0` for a boolean and a number where a string is expected
/// are all accepted. On failure the error names the JSON path of the
/// value that did not fit, e.g. `Items[2].UserID`.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Vote {
///     #[serde(rename = "VoteCount")]
///     count: i32,
///     #[serde(rename = "IsOpen")]
///     open: bool,
/// }
/// let value = serde_json::json!({"VoteCount": "12", "IsOpen": 1});
/// let vote: Vote = axero_runtime::decode(value).unwrap();
/// assert_eq!((vote.count, vote.open), (12, true));
/// ```
pub fn decode<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(Loose(value)).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        DecodeError { path, message: e.into_inner().to_string() }
    })
}

/// Why [`decode`] failed: where in the value, and what was wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The JSON path of the value that did not fit, e.g. `Items[2].UserID`; empty for the value itself.
    pub path: String,
    /// What was wrong there.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "cannot decode the value: {}", self.message)
        } else {
            write!(f, "cannot decode the value at `{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        #[serde(rename = "ID")]
        id: i64,
        #[serde(rename = "Name")]
        name: String,
        #[serde(rename = "Done", default)]
        done: Option<bool>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Listing {
        #[serde(rename = "Items")]
        items: Vec<Item>,
        #[serde(rename = "Flags", default)]
        flags: BTreeMap<String, bool>,
    }

    #[test]
    fn scalars_are_read_loosely_at_every_depth() {
        let value = json!({
            "Items": [{"ID": "7", "Name": 42, "Done": "true"}, {"ID": 8, "Name": "b", "Done": 0}],
            "Flags": {"create": "false", "update": 1},
        });
        let listing: Listing = decode(value).unwrap();
        assert_eq!(listing.items[0], Item { id: 7, name: "42".into(), done: Some(true) });
        assert_eq!(listing.items[1], Item { id: 8, name: "b".into(), done: Some(false) });
        assert_eq!(listing.flags, BTreeMap::from([("create".into(), false), ("update".into(), true)]));
        let ids: Vec<i32> = decode(json!(["1", 2, "3"])).unwrap();
        assert_eq!(ids, [1, 2, 3]);
        let count: u32 = decode(json!("12")).unwrap();
        assert_eq!(count, 12);
    }

    #[test]
    fn a_failure_names_the_json_path() {
        let value = json!({"Items": [{"ID": 1, "Name": "a"}, {"ID": "seven", "Name": "b"}]});
        let err = decode::<Listing>(value).unwrap_err();
        assert_eq!(err.path, "Items[1].ID");
        assert!(err.message.contains("seven"), "{err}");
        assert!(err.to_string().starts_with("cannot decode the value at `Items[1].ID`: "), "{err}");

        let err = decode::<Vec<i32>>(json!({"not": "a list"})).unwrap_err();
        assert_eq!(err.path, "");
        assert!(err.to_string().starts_with("cannot decode the value: "), "{err}");
    }
}
