//! The response envelope `{IsError, ResponseMessage, TotalRecords, ResponseData}`: scanned once, with
//! only `ResponseData` decoded into the endpoint's type, loosely (see [`super::loose`]). Field names come from the spec
//! ([`Conventions`](crate::Conventions)) and are matched without regard to case.

use std::fmt;

use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::EnvelopeFields;
use super::lenient::{self, Lenient as _, Scalar};
use super::loose::{Loose, LooseValue};

/// Whether an endpoint's response is wrapped in the envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EnvelopeMode {
    /// Always wrapped (nearly every endpoint).
    #[default]
    Always,
    /// Never wrapped: the body is the value.
    Never,
    /// Either (e.g. `GET /api/users/me`, which is seen both ways): a JSON object with the envelope's
    /// `IsError` or `ResponseData` is unwrapped, anything else is the value.
    Either,
}

/// The envelope's parts; `D` is `ResponseData` as read (raw, or already decoded).
#[derive(Debug)]
pub struct Parts<D> {
    /// `IsError`.
    pub is_error: Option<bool>,
    /// `ResponseMessage`.
    pub message: Option<String>,
    /// `TotalRecords`.
    pub total: Option<i64>,
    /// `ResponseData`.
    pub data: Option<D>,
}

impl<D> Parts<D> {
    /// Whether the object had the envelope's error flag or data field.
    pub fn is_envelope(&self) -> bool {
        self.is_error.is_some() || self.data.is_some()
    }
}

/// A decoded response.
#[derive(Debug)]
pub enum Decoded<T> {
    /// The value and `TotalRecords`, when the envelope had it.
    Value(T, Option<i64>),
    /// `IsError: true`, with `ResponseMessage`.
    ApiError(String),
}

/// Why a body did not decode: where (a JSON path) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// JSON path of the failing value, e.g. `ResponseData[2].UserID`; empty for the whole body.
    pub path: String,
    /// What was wrong.
    pub message: String,
}

/// Scans `body` as an envelope. `Ok(None)` when the body is JSON but not an object.
pub fn scan<'a>(body: &'a [u8], fields: &EnvelopeFields) -> Result<Option<Parts<&'a RawValue>>, serde_json::Error> {
    read::<&RawValue>(body, fields)
}

/// Reads `body` as an envelope whose `ResponseData` is read as `D`. `Ok(None)` when the body is JSON but
/// not an object.
fn read<'a, D: Deserialize<'a>>(
    body: &'a [u8],
    fields: &EnvelopeFields,
) -> Result<Option<Parts<D>>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let parts = de.deserialize_any(EnvelopeVisitor { fields, data: PhantomData })?;
    de.end()?;
    Ok(parts)
}

/// The message of an error body: `ResponseMessage`, when the body is an envelope that says
/// `IsError: true` or carries a non-empty message; otherwise ASP.NET's own error body
/// `{"Message": "...", "MessageDetail": "..."}`, which the API's framework sends for errors that happen
/// before an endpoint runs (no route, a bad request body).
pub fn error_message(body: &[u8], fields: &EnvelopeFields) -> Option<String> {
    let parts = scan(body, fields).ok()??;
    let message = parts.message.filter(|m| !m.is_empty() || parts.is_error == Some(true));
    message.or_else(|| asp_net_message(body))
}

/// `Message` of ASP.NET's error body, with `MessageDetail` after it when there is one.
fn asp_net_message(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct AspNetError {
        #[serde(rename = "Message", alias = "message")]
        message: Option<String>,
        #[serde(rename = "MessageDetail", alias = "messageDetail")]
        detail: Option<String>,
    }
    let error: AspNetError = serde_json::from_slice(body).ok()?;
    let message = error.message.filter(|m| !m.trim().is_empty())?;
    Some(match error.detail.filter(|d| !d.trim().is_empty()) {
        Some(detail) => format!("{message} ({detail})"),
        None => message,
    })
}

/// Decodes a successful response's body as `T`, according to `mode`.
///
/// The common case takes one pass with no bookkeeping. Should it fail, the body is read again the
/// careful way, which finds `IsError` wherever it is and the JSON path of a bad value.
pub fn decode<T: DeserializeOwned>(
    body: &[u8],
    mode: EnvelopeMode,
    fields: &EnvelopeFields,
) -> Result<Decoded<T>, Failure> {
    match quick::<T>(body, mode, fields) {
        Some(decoded) => Ok(decoded),
        None => careful::<T>(body, mode, fields),
    }
}

/// One pass: `ResponseData` is decoded where it stands. `None` when anything is off.
fn quick<T: DeserializeOwned>(body: &[u8], mode: EnvelopeMode, fields: &EnvelopeFields) -> Option<Decoded<T>> {
    match mode {
        EnvelopeMode::Never => super::loose::from_slice::<T>(body).ok().map(|v| Decoded::Value(v, None)),
        EnvelopeMode::Either => None,
        EnvelopeMode::Always => {
            let parts = read::<LooseValue<T>>(body, fields).ok()??;
            if !parts.is_envelope() {
                return None;
            }
            if parts.is_error == Some(true) {
                return Some(Decoded::ApiError(parts.message.unwrap_or_default()));
            }
            let value = match parts.data {
                Some(LooseValue(v)) => v,
                None => super::loose::from_slice::<T>(b"null").ok()?,
            };
            Some(Decoded::Value(value, parts.total))
        }
    }
}

/// Two passes: the envelope with `ResponseData` raw, then the data with its path tracked.
fn careful<T: DeserializeOwned>(
    body: &[u8],
    mode: EnvelopeMode,
    fields: &EnvelopeFields,
) -> Result<Decoded<T>, Failure> {
    match data(body, mode, fields)? {
        Decoded::Value((raw, path), total) => value::<T>(raw, path).map(|v| Decoded::Value(v, total)),
        Decoded::ApiError(message) => Ok(Decoded::ApiError(message)),
    }
}

/// Where a successful response's data is, according to `mode`: `ResponseData` of the envelope (`null`
/// when absent) with its JSON path and `TotalRecords`, or the whole body for a bare answer (empty path);
/// or the API's error when the envelope says `IsError: true`. A body that is not the expected envelope
/// is a [`Failure`] of the whole response.
fn data<'a>(
    body: &'a [u8],
    mode: EnvelopeMode,
    fields: &EnvelopeFields,
) -> Result<Decoded<(&'a [u8], &'static str)>, Failure> {
    if mode == EnvelopeMode::Never {
        return Ok(Decoded::Value((body, ""), None));
    }
    let parts = scan(body, fields).map_err(|e| Failure { path: String::new(), message: e.to_string() })?;
    match parts {
        Some(parts) if parts.is_envelope() => {
            if parts.is_error == Some(true) {
                return Ok(Decoded::ApiError(parts.message.unwrap_or_default()));
            }
            let raw = parts.data.map_or("null", RawValue::get);
            Ok(Decoded::Value((raw.as_bytes(), fields.data), parts.total))
        }
        _ if mode == EnvelopeMode::Either => Ok(Decoded::Value((body, ""), None)),
        _ => Err(Failure {
            path: String::new(),
            message: format!(
                "expected the response envelope {{{}, {}, {}, {}}}",
                fields.error, fields.message, fields.total, fields.data
            ),
        }),
    }
}

/// The items of a list response, each left raw for [`item`] to decode on its own, so that one bad item
/// costs only itself, with the JSON path of the list (`ResponseData`, or empty for a bare answer). An
/// absent or `null` list has no items. A body that is not the expected envelope, or whose data is not a
/// list, is a [`Failure`] of the whole response.
pub fn items<'a>(
    body: &'a [u8],
    mode: EnvelopeMode,
    fields: &EnvelopeFields,
) -> Result<Decoded<(Vec<&'a RawValue>, &'static str)>, Failure> {
    let (raw, path, total) = match data(body, mode, fields)? {
        Decoded::Value((raw, path), total) => (raw, path, total),
        Decoded::ApiError(message) => return Ok(Decoded::ApiError(message)),
    };
    let items = serde_json::from_slice::<Option<Vec<&'a RawValue>>>(raw)
        .map(Option::unwrap_or_default)
        .map_err(|e| Failure { path: path.to_owned(), message: format!("expected a list: {e}") })?;
    Ok(Decoded::Value((items, path), total))
}

/// Decodes item `index` of the list at `list` (a JSON path, see [`items`]) as `T`, loosely. The common
/// case takes one pass without bookkeeping; a failure is read again for its path
/// (`ResponseData[3].UserID`).
pub fn item<T: DeserializeOwned>(raw: &RawValue, list: &str, index: usize) -> Result<T, Failure> {
    match super::loose::from_slice::<T>(raw.get().as_bytes()) {
        Ok(value) => Ok(value),
        Err(_) => value::<T>(raw.get().as_bytes(), &format!("{list}[{index}]")),
    }
}

/// Checks a successful response whose data the caller does not want: only `IsError` matters.
pub fn check(body: &[u8], mode: EnvelopeMode, fields: &EnvelopeFields) -> Result<Option<String>, Failure> {
    if mode == EnvelopeMode::Never || body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match scan(body, fields) {
        Ok(Some(parts)) if parts.is_error == Some(true) => Ok(Some(parts.message.unwrap_or_default())),
        Ok(_) => Ok(None),
        Err(e) if mode == EnvelopeMode::Always => Err(Failure { path: String::new(), message: e.to_string() }),
        Err(_) => Ok(None),
    }
}

/// Decodes `json` as `T`, reporting the path of a failure under `prefix`.
fn value<T: DeserializeOwned>(json: &[u8], prefix: &str) -> Result<T, Failure> {
    let mut de = serde_json::Deserializer::from_slice(json);
    let result: Result<T, _> = serde_path_to_error::deserialize(Loose(&mut de));
    match result {
        Ok(v) => de.end().map(|()| v).map_err(|e| Failure { path: prefix.to_owned(), message: e.to_string() }),
        Err(e) => {
            let inner = e.path().to_string();
            let path = match (prefix.is_empty(), inner.as_str()) {
                (_, ".") => prefix.to_owned(),
                (true, p) => p.to_owned(),
                (false, p) if p.starts_with('[') => format!("{prefix}{p}"),
                (false, p) => format!("{prefix}.{p}"),
            };
            Err(Failure { path, message: e.into_inner().to_string() })
        }
    }
}

struct EnvelopeVisitor<'f, D> {
    fields: &'f EnvelopeFields,
    data: PhantomData<D>,
}

impl<'de, D: Deserialize<'de>> Visitor<'de> for EnvelopeVisitor<'_, D> {
    type Value = Option<Parts<D>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    /// Reads the envelope's fields, matched without regard to case. A field that comes twice (also in
    /// another case: `IsError` and `isError`) makes the envelope ambiguous, and an `IsError` that is not
    /// a boolean (`"error"`, `2`) says nothing either way: both are errors, never read as "no error".
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut parts = Parts { is_error: None, message: None, total: None, data: None };
        let mut seen = [false; 4];
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.0.as_ref();
            let names = [self.fields.error, self.fields.message, self.fields.total, self.fields.data];
            let Some(field) = names.iter().position(|name| key.eq_ignore_ascii_case(name)) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if let Some(first) = seen.get_mut(field) {
                if *first {
                    return Err(de::Error::custom(format!(
                        "the envelope is ambiguous: `{}` comes twice (matched without regard to case)",
                        names.get(field).copied().unwrap_or_default()
                    )));
                }
                *first = true;
            }
            match field {
                0 => {
                    let value = map.next_value_seed(ScalarSeed)?;
                    parts.is_error =
                        match &value {
                            Scalar::Null => None,
                            other => Some(bool::from_scalar(other).ok_or_else(|| {
                                de::Error::custom(format!("`{}` is not a boolean", self.fields.error))
                            })?),
                        };
                }
                1 => parts.message = map.next_value_seed(LenientSeed::<String>::default())?,
                2 => parts.total = map.next_value_seed(LenientSeed::<i64>::default())?,
                _ => parts.data = Some(map.next_value::<D>()?),
            }
        }
        Ok(Some(parts))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// A map key, borrowed when it has no escapes.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(v.into()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(v.to_owned().into()))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// One scalar, as it came.
struct ScalarSeed;

impl<'de> DeserializeSeed<'de> for ScalarSeed {
    type Value = Scalar<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Scalar<'de>, D::Error> {
        lenient::scalar(d)
    }
}

/// A lenient optional scalar (`null` → `None`).
struct LenientSeed<T>(std::marker::PhantomData<T>);

impl<T> Default for LenientSeed<T> {
    fn default() -> Self {
        LenientSeed(std::marker::PhantomData)
    }
}

impl<'de, T: lenient::Lenient> DeserializeSeed<'de> for LenientSeed<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        let s = lenient::scalar(d)?;
        Ok(match s {
            Scalar::Null => None,
            other => T::from_scalar(&other),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: EnvelopeFields =
        EnvelopeFields { error: "IsError", message: "ResponseMessage", total: "TotalRecords", data: "ResponseData" };

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct User {
        #[serde(rename = "UserID")]
        id: i32,
    }

    #[test]
    fn unwraps_the_data_and_total() {
        let body =
            br#"{"IsError":false,"ResponseMessage":"","TotalRecords":174,"ResponseData":[{"UserID":1},{"UserID":2}]}"#;
        match decode::<Vec<User>>(body, EnvelopeMode::Always, &FIELDS).unwrap() {
            Decoded::Value(v, total) => {
                assert_eq!(v, vec![User { id: 1 }, User { id: 2 }]);
                assert_eq!(total, Some(174));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_ambiguous_envelope_or_a_non_boolean_flag_is_an_error() {
        for body in [
            &br#"{"IsError":true,"IsError":false,"ResponseData":{"UserID":1}}"#[..],
            br#"{"IsError":true,"isError":false,"ResponseData":{"UserID":1}}"#,
            br#"{"IsError":false,"ResponseData":{"UserID":1},"responsedata":{"UserID":2}}"#,
            br#"{"IsError":false,"ResponseMessage":"a","RESPONSEMESSAGE":"b","ResponseData":{"UserID":1}}"#,
            br#"{"IsError":"error","ResponseData":{"UserID":1}}"#,
            br#"{"IsError":2,"ResponseData":{"UserID":1}}"#,
            br#"{"IsError":[],"ResponseData":{"UserID":1}}"#,
        ] {
            let text = String::from_utf8_lossy(body);
            assert!(decode::<User>(body, EnvelopeMode::Always, &FIELDS).is_err(), "{text}");
            assert!(decode::<User>(body, EnvelopeMode::Either, &FIELDS).is_err(), "{text}");
            assert!(check(body, EnvelopeMode::Always, &FIELDS).is_err(), "{text}");
            assert!(items(body, EnvelopeMode::Always, &FIELDS).is_err(), "{text}");
        }
        for (body, is_error) in [
            (&br#"{"IsError":"True","ResponseData":null}"#[..], true),
            (br#"{"IsError":0,"ResponseData":{"UserID":1}}"#, false),
            (br#"{"IsError":null,"ResponseData":{"UserID":1}}"#, false),
        ] {
            let decoded = decode::<User>(body, EnvelopeMode::Always, &FIELDS).unwrap();
            assert_eq!(matches!(decoded, Decoded::ApiError(_)), is_error, "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn is_error_wins_even_when_the_data_would_not_decode() {
        let body = br#"{"ResponseData":"garbage","IsError":"true","ResponseMessage":"Space not found"}"#;
        match decode::<Vec<User>>(body, EnvelopeMode::Always, &FIELDS).unwrap() {
            Decoded::ApiError(m) => assert_eq!(m, "Space not found"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn failures_carry_the_json_path() {
        let body = br#"{"IsError":false,"ResponseData":[{"UserID":1},{"UserID":"x"}]}"#;
        let f = decode::<Vec<User>>(body, EnvelopeMode::Always, &FIELDS).unwrap_err();
        assert_eq!(f.path, "ResponseData[1].UserID");
        let f = decode::<Vec<User>>(b"[1,2]", EnvelopeMode::Always, &FIELDS).unwrap_err();
        assert!(f.message.contains("expected the response envelope"), "{f:?}");
        let f = decode::<Vec<User>>(br#"{"IsError":false,"ResponseData":[{"UserID":1}"#, EnvelopeMode::Always, &FIELDS)
            .unwrap_err();
        assert!(f.message.contains("EOF"), "{f:?}");
    }

    #[test]
    fn either_mode_accepts_bare_and_wrapped() {
        let bare = br#"{"UserID":5,"Other":1}"#;
        let wrapped = br#"{"isError":false,"responseData":{"UserID":5}}"#;
        for body in [&bare[..], &wrapped[..]] {
            match decode::<User>(body, EnvelopeMode::Either, &FIELDS).unwrap() {
                Decoded::Value(u, _) => assert_eq!(u, User { id: 5 }),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn error_bodies_give_their_message() {
        assert_eq!(
            error_message(br#"{"IsError":true,"ResponseMessage":"Token expired"}"#, &FIELDS).as_deref(),
            Some("Token expired")
        );
        assert_eq!(error_message(b"<html>oops</html>", &FIELDS), None);
        assert_eq!(
            error_message(br#"{"Message":"The request is invalid.","MessageDetail":"No action matches."}"#, &FIELDS)
                .as_deref(),
            Some("The request is invalid. (No action matches.)")
        );
        assert_eq!(
            error_message(br#"{"message":"Authorization has been denied for this request."}"#, &FIELDS).as_deref(),
            Some("Authorization has been denied for this request.")
        );
        assert_eq!(error_message(br#"{"Message":""}"#, &FIELDS), None);
        assert_eq!(
            error_message(br#"{"IsError":true,"ResponseMessage":"Envelope wins","Message":"no"}"#, &FIELDS).as_deref(),
            Some("Envelope wins")
        );
        assert_eq!(
            check(br#"{"IsError":true,"ResponseMessage":"no"}"#, EnvelopeMode::Always, &FIELDS),
            Ok(Some("no".into()))
        );
        assert_eq!(check(b"", EnvelopeMode::Always, &FIELDS), Ok(None));
    }
}
