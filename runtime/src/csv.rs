//! Lists that travel as one comma-separated string (`"1,2,3"`), as in `UserIDCSV` or `TagsCSV`.
//! Used with `#[serde(with = "axero_runtime::csv")]`; a JSON array is accepted too.

use std::fmt::{self, Display};
use std::marker::PhantomData;

use serde::Serializer;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

use super::lenient::{Lenient, Scalar};

/// Joins `values` with commas. An item that holds a comma itself would reach the server as two items
/// (`["urgent,confidential"]` would add two tags) and the API documents no escape, so such an item is
/// refused: the error says which.
pub fn join<T: Display>(values: &[T]) -> Result<String, String> {
    let mut out = String::new();
    for (i, v) in values.iter().enumerate() {
        let item = v.to_string();
        if item.contains(',') {
            return Err(format!(
                "list item {i} ({item:?}) holds a comma, the list's separator, and would reach the server as \
                 two items; the API documents no escape for it"
            ));
        }
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item);
    }
    Ok(out)
}

/// Serializes a list as one comma-separated string; an item holding a comma is an error (see [`join`]).
pub fn serialize<T: Display, S: Serializer>(values: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&join(values).map_err(serde::ser::Error::custom)?)
}

/// Reads a comma-separated string (or a JSON array); empty items are skipped.
pub fn deserialize<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Vec<T>, D::Error> {
    d.deserialize_any(CsvVisitor(PhantomData))
}

struct CsvVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for CsvVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a comma-separated string or a list")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<T>, E> {
        v.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                T::from_scalar(&Scalar::Str(s.into()))
                    .ok_or_else(|| E::custom(format!("expected {} in the list, got {s:?}", T::EXPECTING)))
            })
            .collect()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element::<Item<T>>()? {
            out.push(item.0);
        }
        Ok(out)
    }
}

struct Item<T>(T);

impl<'de, T: Lenient> serde::Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::lenient::de(d).map(Item)
    }
}

/// The same, for an optional list: absent or `null` is `None`.
pub mod opt {
    use super::*;

    /// Serializes `Some` as a comma-separated string and `None` as `null`.
    pub fn serialize<T: Display, S: Serializer>(values: &Option<Vec<T>>, serializer: S) -> Result<S::Ok, S::Error> {
        match values {
            Some(v) => super::serialize(v, serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads an optional comma-separated string or list.
    pub fn deserialize<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Option<Vec<T>>, D::Error> {
        d.deserialize_option(OptVisitor(PhantomData))
    }

    struct OptVisitor<T>(PhantomData<T>);

    impl<'de, T: Lenient> Visitor<'de> for OptVisitor<T> {
        type Value = Option<Vec<T>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a comma-separated string, a list, or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            super::deserialize(d).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Row {
        #[serde(with = "super")]
        ids: Vec<i32>,
        #[serde(default, with = "super::opt", skip_serializing_if = "Option::is_none")]
        tags: Option<Vec<String>>,
    }

    #[test]
    fn round_trips() {
        let r = Row { ids: vec![1, 2, 3], tags: Some(vec!["a".into(), "b c".into()]) };
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"ids":"1,2,3","tags":"a,b c"}"#);
        assert_eq!(serde_json::from_str::<Row>(&json).unwrap(), r);
    }

    #[test]
    fn accepts_arrays_spaces_and_empties() {
        let r: Row = serde_json::from_str(r#"{"ids":[1,"2"],"tags":null}"#).unwrap();
        assert_eq!(r, Row { ids: vec![1, 2], tags: None });
        let r: Row = serde_json::from_str(r#"{"ids":" 4, ,5 "}"#).unwrap();
        assert_eq!(r.ids, vec![4, 5]);
        assert!(serde_json::from_str::<Row>(r#"{"ids":"1,x"}"#).is_err());
    }
}
