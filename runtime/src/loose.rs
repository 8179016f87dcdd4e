//! A serde `Deserializer` adapter that reads scalars loosely, the way the Axero API writes them: a
//! number or a boolean sent as a string (`"1496"`, `"false"`), a number where a string is expected,
//! `1`/`0` for a boolean. It wraps the JSON deserializer of every response, so the leniency reaches
//! everything: list items (`["1","2"]`), map values (`{"create":"true"}`), a bare scalar in
//! `ResponseData`, as well as struct fields. Everything else passes through unchanged.
//!
//! Struct fields keep their own `axero_runtime::lenient` helpers too, for what a deserializer cannot
//! know (an empty string meaning "absent", dates with or without an offset).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

/// Wraps a deserializer so that scalars are read loosely.
#[derive(Debug)]
pub struct Loose<D>(pub D);

/// The scalar the target type asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Bool,
    Int,
    Float,
    Str,
}

macro_rules! scalar_methods {
    ($($method:ident => $want:expr),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.0.deserialize_any(Scalar { want: $want, inner: visitor })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Loose<D> {
    type Error = D::Error;

    scalar_methods! {
        deserialize_bool => Want::Bool,
        deserialize_i8 => Want::Int, deserialize_i16 => Want::Int, deserialize_i32 => Want::Int,
        deserialize_i64 => Want::Int, deserialize_i128 => Want::Int,
        deserialize_u8 => Want::Int, deserialize_u16 => Want::Int, deserialize_u32 => Want::Int,
        deserialize_u64 => Want::Int, deserialize_u128 => Want::Int,
        deserialize_f32 => Want::Float, deserialize_f64 => Want::Float,
        deserialize_str => Want::Str, deserialize_string => Want::Str,
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_any(Wrap(visitor))
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_char(Wrap(visitor))
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_bytes(Wrap(visitor))
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_byte_buf(Wrap(visitor))
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_option(Wrap(visitor))
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_unit(Wrap(visitor))
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_unit_struct(name, Wrap(visitor))
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(visitor))
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_seq(Wrap(visitor))
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple(len, Wrap(visitor))
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(Wrap(visitor))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_struct(name, fields, Wrap(visitor))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, Wrap(visitor))
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_identifier(Wrap(visitor))
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_ignored_any(visitor)
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Passes every value through to the inner visitor, wrapping nested deserializers and accesses so
/// that the leniency reaches inside lists, maps, options and enums.
struct Wrap<V>(V);

/// The visitor methods for plain values, forwarded unchanged.
macro_rules! forward_values {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward_values! {
        visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64), visit_i128(i128),
        visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64), visit_u128(u128),
        visit_f32(f32), visit_f64(f64), visit_char(char), visit_str(&str), visit_string(String),
        visit_bytes(&[u8]), visit_byte_buf(Vec<u8>),
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        self.0.visit_borrowed_str(v)
    }
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        self.0.visit_borrowed_bytes(v)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(Loose(d))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_newtype_struct(Loose(d))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(LooseSeq(seq))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(LooseMap(map))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(LooseEnum(data))
    }
}

/// Converts the scalar that arrived into the one that was asked for, when the text allows it; anything
/// else goes to the inner visitor as it came, which reports the mismatch in its own words.
struct Scalar<V> {
    want: Want,
    inner: V,
}

impl<'de, V: Visitor<'de>> Scalar<V> {
    fn text<E: de::Error>(self, s: &str) -> Result<V::Value, E> {
        let t = s.trim();
        match self.want {
            Want::Bool => match t.to_ascii_lowercase().as_str() {
                "true" | "1" => self.inner.visit_bool(true),
                "false" | "0" => self.inner.visit_bool(false),
                _ => self.inner.visit_str(s),
            },
            Want::Int => {
                if let Ok(i) = t.parse::<i64>() {
                    self.inner.visit_i64(i)
                } else if let Ok(u) = t.parse::<u64>() {
                    self.inner.visit_u64(u)
                } else {
                    self.inner.visit_str(s)
                }
            }
            Want::Float => match t.parse::<f64>() {
                Ok(f) => self.inner.visit_f64(f),
                Err(_) => self.inner.visit_str(s),
            },
            Want::Str => self.inner.visit_str(s),
        }
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Scalar<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        match self.want {
            Want::Str => self.inner.visit_string(v.to_string()),
            _ => self.inner.visit_bool(v),
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        match self.want {
            Want::Bool if v == 0 || v == 1 => self.inner.visit_bool(v == 1),
            Want::Str => self.inner.visit_string(v.to_string()),
            _ => self.inner.visit_i64(v),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match self.want {
            Want::Bool if v <= 1 => self.inner.visit_bool(v == 1),
            Want::Str => self.inner.visit_string(v.to_string()),
            _ => self.inner.visit_u64(v),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        match self.want {
            Want::Int if v.fract() == 0.0 && v.abs() < 9.0e15 => self.inner.visit_i64(v as i64),
            Want::Str => self.inner.visit_string(v.to_string()),
            _ => self.inner.visit_f64(v),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.text(v)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        match self.want {
            Want::Str => self.inner.visit_borrowed_str(v),
            _ => self.text(v),
        }
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        match self.want {
            Want::Str => self.inner.visit_string(v),
            _ => self.text(&v),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_none()
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.inner.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.inner.visit_some(Loose(d))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_seq(LooseSeq(seq))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_map(LooseMap(map))
    }
}

/// A seed whose deserializer is loosened.
struct LooseSeed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for LooseSeed<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Loose(d))
    }
}

struct LooseSeq<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for LooseSeq<A> {
    type Error = A::Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(LooseSeed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct LooseMap<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for LooseMap<A> {
    type Error = A::Error;
    // Keys are JSON strings already: only values are loosened (a key seed through `Loose` cost every
    // field of every item a detour through `deserialize_any`).
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(LooseSeed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct LooseEnum<A>(A);

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for LooseEnum<A> {
    type Error = A::Error;
    type Variant = LooseVariant<A::Variant>;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self::Variant), A::Error> {
        self.0.variant_seed(seed).map(|(value, variant)| (value, LooseVariant(variant)))
    }
}

struct LooseVariant<A>(A);

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for LooseVariant<A> {
    type Error = A::Error;
    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(LooseSeed(seed))
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Wrap(visitor))
    }
}

/// A `T` deserialized loosely wherever it appears (e.g. as one field of a hand-written visitor).
#[derive(Debug)]
pub struct LooseValue<T>(pub T);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for LooseValue<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(Loose(d)).map(LooseValue)
    }
}

/// Decodes `json` as `T` loosely.
pub fn from_slice<'de, T: serde::Deserialize<'de>>(json: &'de [u8]) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let value = T::deserialize(Loose(&mut de))?;
    de.end()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    use super::from_slice;

    #[test]
    fn scalars_inside_lists_maps_and_at_the_top() {
        assert_eq!(from_slice::<Vec<i32>>(br#"[1, "2", " 3 ", 4.0]"#).unwrap(), vec![1, 2, 3, 4]);
        let m: BTreeMap<String, bool> =
            from_slice(br#"{"create": true, "update": "False", "delete": 0, "lock": "1"}"#).unwrap();
        assert!(m["create"]);
        assert_eq!((m["update"], m["delete"], m["lock"]), (false, false, true));
        assert_eq!(from_slice::<i32>(br#""110090""#).unwrap(), 110090);
        assert_eq!(from_slice::<f64>(br#""4.5""#).unwrap(), 4.5);
        assert_eq!(from_slice::<String>(b"42").unwrap(), "42");
        assert_eq!(from_slice::<Option<Vec<i64>>>(br#"["7"]"#).unwrap(), Some(vec![7]));
        assert_eq!(from_slice::<Option<i32>>(b"null").unwrap(), None);
    }

    #[test]
    fn keys_are_read_as_json_gives_them_and_only_values_are_loosened() {
        let m: BTreeMap<i32, i32> = from_slice(br#"{"1": "2", "3": 4}"#).unwrap();
        assert_eq!(m, BTreeMap::from([(1, 2), (3, 4)]));
        let m: BTreeMap<String, String> = from_slice(br#"{"7": 8}"#).unwrap();
        assert_eq!(m["7"], "8");
    }

    #[test]
    fn structs_and_nested_values() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Row {
            id: i32,
            tags: Vec<String>,
            flags: BTreeMap<String, bool>,
            raw: serde_json::Value,
        }
        let r: Row =
            from_slice(br#"{"id":"5","tags":[1,"b"],"flags":{"x":"true"},"raw":{"a":"1"},"extra":[1]}"#).unwrap();
        assert_eq!(
            r,
            Row {
                id: 5,
                tags: vec!["1".into(), "b".into()],
                flags: [("x".to_owned(), true)].into(),
                raw: serde_json::json!({"a": "1"}),
            }
        );
    }

    /// Generated structs keep unknown fields with `#[serde(flatten)]`; the known fields next to the map
    /// are still read through the adapter.
    #[test]
    fn fields_next_to_a_flattened_map_stay_loose() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Row {
            tags: Vec<String>,
            name: Option<String>,
            count: i32,
            #[serde(flatten)]
            rest: BTreeMap<String, serde_json::Value>,
        }
        let body = br#"{"tags": [1, "b"], "name": 7, "count": "3", "other": "kept"}"#;
        let row: Row = from_slice(body).unwrap();
        assert_eq!(row.tags, ["1", "b"]);
        assert_eq!((row.name.as_deref(), row.count), (Some("7"), 3));
        assert_eq!(row.rest, BTreeMap::from([("other".to_owned(), serde_json::json!("kept"))]));
    }

    #[test]
    fn mismatches_still_fail_with_serde_messages() {
        let e = from_slice::<Vec<i32>>(br#"[1, "two"]"#).unwrap_err().to_string();
        assert!(e.contains("invalid type: string \"two\", expected i32"), "{e}");
        assert!(from_slice::<i32>(b"3000000000").is_err(), "out of range");
        assert!(from_slice::<bool>(b"2").is_err());
        assert!(from_slice::<i32>(b"[1]").is_err());
    }
}
