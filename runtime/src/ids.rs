//! What every id newtype of a generated crate (`UserId(pub i32)`) implements besides its derives:
//! `Display` as the number, `From<i32>` and back, and lenient decoding (a string holding the number is
//! accepted). Generated code calls [`impl_id!`](crate::impl_id) once per id, so that this behaviour is
//! written, and tested, here.

/// Implements `Display`, `From<i32>`, `From<$name> for i32` and
/// `Lenient` for an id newtype `$name(pub i32)`. Generated code calls it through `__private`.
#[macro_export]
#[doc(hidden)]
macro_rules! impl_id {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::convert::From<i32> for $name {
            fn from(id: i32) -> Self {
                Self(id)
            }
        }

        impl ::std::convert::From<$name> for i32 {
            fn from(id: $name) -> i32 {
                id.0
            }
        }

        impl $crate::__private::lenient::Lenient for $name {
            const EXPECTING: &'static str = "an integer id (or a string holding one)";
            fn from_scalar(s: &$crate::__private::lenient::Scalar<'_>) -> ::std::option::Option<Self> {
                <i32 as $crate::__private::lenient::Lenient>::from_scalar(s).map(Self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    /// An id as a generated crate declares it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(transparent)]
    struct UserId(#[serde(deserialize_with = "crate::lenient::de")] pub i32);

    crate::impl_id!(UserId);

    #[derive(Debug, PartialEq, Deserialize)]
    struct Row {
        #[serde(rename = "UserID")]
        user: UserId,
        #[serde(rename = "Managers", default, with = "crate::csv::opt")]
        managers: Option<Vec<UserId>>,
    }

    #[test]
    fn prints_converts_and_serializes_as_the_number() {
        let id = UserId::from(42);
        assert_eq!(id.to_string(), "42");
        assert_eq!(i32::from(id), 42);
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert!(UserId(1) < UserId(2));
    }

    #[test]
    fn decodes_numbers_and_strings_alone_and_in_csv_lists() {
        let row: Row = serde_json::from_str(r#"{"UserID": "7", "Managers": "8, 9"}"#).unwrap();
        assert_eq!(row, Row { user: UserId(7), managers: Some(vec![UserId(8), UserId(9)]) });
        assert_eq!(serde_json::from_str::<UserId>("12").unwrap(), UserId(12));
        let err = serde_json::from_str::<UserId>(r#""x""#).unwrap_err().to_string();
        assert!(err.contains("expected an integer"), "{err}");
        let err = serde_json::from_str::<Row>(r#"{"UserID": 1, "Managers": "8,x"}"#).unwrap_err().to_string();
        assert!(err.contains("expected an integer id"), "{err}");
    }
}
