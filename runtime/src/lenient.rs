//! Decoding where the API is loose: numbers and booleans that arrive as strings, dates with or without
//! an offset, empty strings for absent values. Generated fields use these through `deserialize_with`.

use std::fmt;

use chrono::{DateTime as ZonedDateTime, NaiveDate, NaiveDateTime, NaiveTime};
use serde::de::{self, Deserializer, Visitor};

/// One JSON scalar as it arrived.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar<'a> {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A signed integer.
    Int(i64),
    /// An unsigned integer too large for `i64`.
    UInt(u64),
    /// A number with a fraction.
    Float(f64),
    /// A string.
    Str(std::borrow::Cow<'a, str>),
}

/// A type that can be read from any JSON scalar the API might send for it.
#[doc(hidden)]
pub trait Lenient: Sized {
    /// What the type is, for error messages ("an integer").
    const EXPECTING: &'static str;
    /// Converts the scalar; `None` when it cannot mean a value of this type.
    fn from_scalar(s: &Scalar<'_>) -> Option<Self>;
}

macro_rules! lenient_int {
    ($($t:ty),*) => {$(
        impl Lenient for $t {
            const EXPECTING: &'static str = "an integer (or a string holding one)";
            fn from_scalar(s: &Scalar<'_>) -> Option<Self> {
                match s {
                    Scalar::Int(i) => <$t>::try_from(*i).ok(),
                    Scalar::UInt(u) => <$t>::try_from(*u).ok(),
                    // Only where a float holds every integer exactly (the cast would saturate).
                    Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => <$t>::try_from(*f as i64).ok(),
                    Scalar::Str(s) => s.trim().parse().ok(),
                    _ => None,
                }
            }
        }
    )*};
}
lenient_int!(i32, i64, u32, u64);

impl Lenient for f64 {
    const EXPECTING: &'static str = "a number (or a string holding one)";
    fn from_scalar(s: &Scalar<'_>) -> Option<Self> {
        match s {
            Scalar::Int(i) => Some(*i as f64),
            Scalar::UInt(u) => Some(*u as f64),
            Scalar::Float(f) => Some(*f),
            Scalar::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

impl Lenient for bool {
    const EXPECTING: &'static str = "a boolean (or \"true\"/\"false\", 1/0)";
    fn from_scalar(s: &Scalar<'_>) -> Option<Self> {
        match s {
            Scalar::Bool(b) => Some(*b),
            Scalar::Int(0) => Some(false),
            Scalar::Int(1) => Some(true),
            Scalar::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Some(true),
                "false" | "0" | "no" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

impl Lenient for NaiveDateTime {
    const EXPECTING: &'static str = "a date-time such as 2025-10-20T16:07:36.817";
    fn from_scalar(s: &Scalar<'_>) -> Option<Self> {
        match s {
            Scalar::Str(s) => parse_datetime(s.trim()),
            _ => None,
        }
    }
}

/// Any string: in a known form, or kept as its text; a number kept as its text.
impl Lenient for crate::DateTime {
    const EXPECTING: &'static str = "a date-time (a string)";
    fn from_scalar(s: &Scalar<'_>) -> Option<Self> {
        match s {
            Scalar::Str(s) => Some(crate::DateTime::parse(s)),
            Scalar::Int(_) | Scalar::UInt(_) | Scalar::Float(_) => String::from_scalar(s).map(crate::DateTime::Text),
            Scalar::Null | Scalar::Bool(_) => None,
        }
    }
}

impl Lenient for NaiveDate {
    const EXPECTING: &'static str = "a date such as 2025-10-20";
    fn from_scalar(s: &Scalar<'_>) -> Option<Self> {
        match s {
            Scalar::Str(s) => {
                let s = s.trim();
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .ok()
                    .or_else(|| NaiveDate::parse_from_str(s, "%m/%d/%Y").ok())
                    .or_else(|| (s.len() == 8).then(|| NaiveDate::parse_from_str(s, "%Y%m%d").ok()).flatten())
                    .or_else(|| parse_datetime(s).map(|dt| dt.date()))
            }
            _ => None,
        }
    }
}

impl Lenient for String {
    const EXPECTING: &'static str = "a string";
    fn from_scalar(s: &Scalar<'_>) -> Option<Self> {
        match s {
            Scalar::Str(s) => Some(s.to_string()),
            Scalar::Int(i) => Some(i.to_string()),
            Scalar::UInt(u) => Some(u.to_string()),
            Scalar::Float(f) => Some(f.to_string()),
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Null => None,
        }
    }
}

/// Parses the date-time forms seen from the API: ISO 8601 with or without fraction, with or without an
/// offset (an offset is converted to UTC), a space instead of `T`, a bare date (midnight), .NET's
/// `/Date(1700000000000)/`, and the US forms of the `…String` fields and Postman's bodies
/// (`10/20/2025 11:07 AM`, `10/20/2025 11:07:36 AM`, `10/20/2025 16:07`, `3/5/2025`).
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    if let Some(inner) = s.strip_prefix("/Date(").and_then(|r| r.strip_suffix(")/")) {
        // Milliseconds since the epoch (UTC), optionally followed by an offset that does not change them.
        let (sign, digits) = match inner.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, inner),
        };
        let end = digits.find(['+', '-']).unwrap_or(digits.len());
        let ms: i64 = digits.get(..end)?.parse().ok()?;
        return ZonedDateTime::from_timestamp_millis(ms.checked_mul(sign)?).map(|d| d.naive_utc());
    }
    for pattern in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, pattern) {
            return Some(dt);
        }
    }
    if let Ok(dt) = ZonedDateTime::parse_from_rfc3339(s) {
        return Some(dt.naive_utc());
    }
    if let Ok(dt) = ZonedDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Some(dt.naive_utc());
    }
    for pattern in ["%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, pattern) {
            return Some(dt);
        }
    }
    ["%Y-%m-%d", "%m/%d/%Y"]
        .iter()
        .find_map(|pattern| NaiveDate::parse_from_str(s, pattern).ok())
        .map(|d| d.and_time(NaiveTime::MIN))
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON scalar")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).map_or(Scalar::UInt(v), Scalar::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(v.into()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(v.to_owned().into()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar::Str(v.into()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

/// Reads one scalar.
pub fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar<'de>, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

fn describe(s: &Scalar<'_>) -> String {
    match s {
        Scalar::Null => "null".to_owned(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Int(i) => i.to_string(),
        Scalar::UInt(u) => u.to_string(),
        Scalar::Float(f) => f.to_string(),
        // A long string is not shown at all: a prefix of it could be the start of a secret, which the
        // redaction of error messages would then not recognise.
        Scalar::Str(s) if s.chars().count() > 64 => format!("a string of {} characters", s.chars().count()),
        Scalar::Str(s) => format!("{s:?}"),
    }
}

/// `deserialize_with` for a required lenient field.
pub fn de<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<T, D::Error> {
    let s = scalar(d)?;
    T::from_scalar(&s).ok_or_else(|| de::Error::custom(format!("expected {}, got {}", T::EXPECTING, describe(&s))))
}

/// `deserialize_with` for an optional lenient field: `null` and `""` are `None`.
pub fn de_opt<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Option<T>, D::Error> {
    let s = scalar(d)?;
    match &s {
        Scalar::Null => Ok(None),
        Scalar::Str(text) if text.trim().is_empty() => Ok(None),
        _ => T::from_scalar(&s)
            .map(Some)
            .ok_or_else(|| de::Error::custom(format!("expected {}, got {}", T::EXPECTING, describe(&s)))),
    }
}

/// `with` for an optional lenient field that is written as serde writes an `Option`: read with
/// [`de_opt`]. One attribute instead of two keeps a generated field's attributes on one line.
pub mod opt {
    use serde::{Deserializer, Serialize, Serializer};

    use super::Lenient;

    /// Writes the value as it is.
    pub fn serialize<S: Serializer, T: Serialize>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        value.serialize(s)
    }

    /// Reads the value leniently, as [`de_opt`](super::de_opt).
    pub fn deserialize<'de, D: Deserializer<'de>, T: Lenient>(d: D) -> Result<Option<T>, D::Error> {
        super::de_opt(d)
    }
}

/// `deserialize_with` for a list or map that may be absent or `null`: both decode as empty, so that
/// callers never unwrap an `Option` of a collection.
pub fn or_empty<'de, D: Deserializer<'de>, T: serde::Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(<Option<T> as serde::Deserialize>::deserialize(d)?.unwrap_or_default())
}

/// A string enum's wire value: a string, or a number or boolean taken as its text.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    de::<D, String>(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        #[serde(deserialize_with = "de")]
        id: i32,
        #[serde(default, deserialize_with = "de_opt")]
        flag: Option<bool>,
        #[serde(default, deserialize_with = "de_opt")]
        when: Option<NaiveDateTime>,
    }

    fn row(json: &str) -> Result<Row, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn ids_and_booleans_as_strings() {
        let r = row(r#"{"id":"1496","flag":"True"}"#).unwrap();
        assert_eq!((r.id, r.flag), (1496, Some(true)));
        let r = row(r#"{"id":7,"flag":false,"when":null}"#).unwrap();
        assert_eq!((r.id, r.flag, r.when), (7, Some(false), None));
        assert_eq!(row(r#"{"id":"7","flag":""}"#).unwrap().flag, None);
    }

    #[test]
    fn bad_values_name_what_was_expected() {
        let e = row(r#"{"id":"abc"}"#).unwrap_err().to_string();
        assert!(e.contains("expected an integer") && e.contains("\"abc\""), "{e}");
        assert!(row(r#"{"id":3000000000}"#).is_err(), "out of i32 range");
        assert_eq!(u64::from_scalar(&Scalar::Float(1e19)), None, "not saturated to i64::MAX");
        assert_eq!(i32::from_scalar(&Scalar::Float(12.0)), Some(12));
    }

    #[test]
    fn absent_and_null_collections_are_empty() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Lists {
            #[serde(default, deserialize_with = "or_empty")]
            tags: Vec<String>,
            #[serde(default, deserialize_with = "or_empty")]
            map: std::collections::BTreeMap<String, i32>,
        }
        let empty = Lists { tags: Vec::new(), map: Default::default() };
        assert_eq!(serde_json::from_str::<Lists>("{}").unwrap(), empty);
        assert_eq!(serde_json::from_str::<Lists>(r#"{"tags": null, "map": null}"#).unwrap(), empty);
        let full: Lists = serde_json::from_str(r#"{"tags": ["a"], "map": {"k": 1}}"#).unwrap();
        assert_eq!((full.tags.len(), full.map["k"]), (1, 1));
    }

    #[test]
    fn dates_with_and_without_offset() {
        let expect = NaiveDate::from_ymd_opt(2025, 10, 20).unwrap().and_hms_milli_opt(16, 7, 36, 817).unwrap();
        for s in [
            "2025-10-20T16:07:36.817",
            "2025-10-20T16:07:36.8170000",
            "2025-10-20T16:07:36.817Z",
            "2025-10-20T18:07:36.817+02:00",
            "2025-10-20 16:07:36.817",
            "/Date(1760976456817)/",
        ] {
            assert_eq!(parse_datetime(s), Some(expect), "{s}");
        }
        assert_eq!(
            parse_datetime("2025-10-20"),
            Some(NaiveDate::from_ymd_opt(2025, 10, 20).unwrap().and_time(NaiveTime::MIN))
        );
        let morning = NaiveDate::from_ymd_opt(2025, 10, 20).unwrap().and_hms_opt(11, 7, 0).unwrap();
        assert_eq!(parse_datetime("10/20/2025 11:07 AM"), Some(morning));
        assert_eq!(parse_datetime("10/20/2025 11:07 PM"), Some(morning + chrono::Duration::hours(12)));
        assert_eq!(parse_datetime("3/5/2025").map(|d| d.date()), NaiveDate::from_ymd_opt(2025, 3, 5));
        assert_eq!(parse_datetime("20/10/2025"), None, "day first is not a US date");
        assert_eq!(NaiveDate::from_scalar(&Scalar::Str("10/20/2025".into())), NaiveDate::from_ymd_opt(2025, 10, 20));
    }
}
