//! Dates as the API writes them: no offset in responses, and one of several formats in requests.

use std::fmt;

/// A calendar date (`2025-10-20`).
pub type Date = chrono::NaiveDate;

/// A date and time as the API sent it.
///
/// The API writes date-times in several forms: ISO 8601 without an offset (`2025-10-20T16:07:36.817`,
/// the captured `content/list` answers), with an offset or `Z`, with or without a fraction, .NET's
/// `/Date(1760976456817)/`, and the `MM/dd/yyyy hh:mm tt` and `MM/dd/yyyy` forms of its `…String` fields
/// and of Postman's bodies (`10/20/2025 11:07 AM`, `3/5/2025`). A value in any of them is
/// [`At`](Self::At); a value in none of them is kept as [`Text`](Self::Text), so that one odd value never
/// costs its item. Read it with [`naive`](Self::naive) (`None` for text) or match on it:
///
/// ```
/// use axero_runtime::DateTime;
/// let known = DateTime::parse("10/20/2025 11:07 AM");
/// assert_eq!(known.naive().map(|t| t.to_string()).as_deref(), Some("2025-10-20 11:07:00"));
/// let odd = DateTime::parse("next Tuesday");
/// assert_eq!((odd.naive(), odd.text()), (None, Some("next Tuesday")));
/// ```
///
/// The API does not say which zone a value without an offset is in; the plain fields appear to be UTC
/// (unverified). A value sent with an offset is converted to UTC.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DateTime {
    /// A value in one of the known forms: the wall-clock time it names.
    At(chrono::NaiveDateTime),
    /// A value in none of the known forms, as the text sent.
    Text(String),
}

impl DateTime {
    /// Reads `text` in any of the known forms, or keeps it as [`Text`](Self::Text).
    pub fn parse(text: &str) -> DateTime {
        match crate::lenient::parse_datetime(text.trim()) {
            Some(at) => DateTime::At(at),
            None => DateTime::Text(text.to_owned()),
        }
    }

    /// The date and time, when the value was in a known form.
    pub fn naive(&self) -> Option<chrono::NaiveDateTime> {
        match self {
            DateTime::At(at) => Some(*at),
            DateTime::Text(_) => None,
        }
    }

    /// The text as sent, when the value was in none of the known forms.
    pub fn text(&self) -> Option<&str> {
        match self {
            DateTime::At(_) => None,
            DateTime::Text(text) => Some(text),
        }
    }
}

impl From<chrono::NaiveDateTime> for DateTime {
    fn from(at: chrono::NaiveDateTime) -> Self {
        DateTime::At(at)
    }
}

/// ISO 8601 without an offset (`2025-10-20T16:07:36.817`), or the text as it came.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateTime::At(at) => write!(f, "{}", at.format("%Y-%m-%dT%H:%M:%S%.f")),
            DateTime::Text(text) => f.write_str(text),
        }
    }
}

/// Written as its [`Display`](fmt::Display) text, the form the API sends.
impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Read leniently: any string (see [`DateTime::parse`]), or a number kept as its text.
impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::de(deserializer)
    }
}

/// How an endpoint wants a date written in a query string or form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// `2025-10-20` (analytics).
    Iso,
    /// `10/20/2025` (events, tasks, spaces).
    Us,
    /// `20251020` (search, recognition activity).
    Compact,
}

/// A date printed in a [`DateFormat`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormattedDate(pub Date, pub DateFormat);

impl fmt::Display for FormattedDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pattern = match self.1 {
            DateFormat::Iso => "%Y-%m-%d",
            DateFormat::Us => "%m/%d/%Y",
            DateFormat::Compact => "%Y%m%d",
        };
        write!(f, "{}", self.0.format(pattern))
    }
}

/// `serialize_with` for a date field the API wants as `10/20/2025`.
pub fn us<S: serde::Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&FormattedDate(*date, DateFormat::Us))
}

/// `serialize_with` for an optional date field the API wants as `10/20/2025`.
pub fn us_opt<S: serde::Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => us(d, serializer),
        None => serializer.serialize_none(),
    }
}

/// `serialize_with` for a date field the API wants as `20251020`.
pub fn compact<S: serde::Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&FormattedDate(*date, DateFormat::Compact))
}

/// `serialize_with` for an optional date field the API wants as `20251020`.
pub fn compact_opt<S: serde::Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => compact(d, serializer),
        None => serializer.serialize_none(),
    }
}

/// A date-time printed as ISO 8601 without an offset or fraction (`2024-09-01T19:30:00`), as query
/// strings and forms take it; a [`DateTime::Text`] as its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormattedDateTime(pub DateTime);

impl fmt::Display for FormattedDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            DateTime::At(at) => write!(f, "{}", at.format("%Y-%m-%dT%H:%M:%S")),
            DateTime::Text(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let d = Date::from_ymd_opt(2025, 3, 7).unwrap();
        assert_eq!(FormattedDate(d, DateFormat::Iso).to_string(), "2025-03-07");
        assert_eq!(FormattedDate(d, DateFormat::Us).to_string(), "03/07/2025");
        assert_eq!(FormattedDate(d, DateFormat::Compact).to_string(), "20250307");
        let dt = d.and_hms_opt(19, 30, 5).unwrap();
        assert_eq!(FormattedDateTime(dt.into()).to_string(), "2025-03-07T19:30:05");
        #[derive(serde::Serialize)]
        struct Row {
            #[serde(serialize_with = "us")]
            a: Date,
            #[serde(serialize_with = "compact_opt")]
            b: Option<Date>,
            #[serde(serialize_with = "us_opt")]
            c: Option<Date>,
        }
        let row = Row { a: d, b: Some(d), c: None };
        assert_eq!(serde_json::to_string(&row).unwrap(), r#"{"a":"03/07/2025","b":"20250307","c":null}"#);
    }

    #[test]
    fn a_date_time_in_no_known_form_keeps_its_text() {
        let at = Date::from_ymd_opt(2025, 10, 20).unwrap().and_hms_opt(11, 7, 0).unwrap();
        for text in ["10/20/2025 11:07 AM", "10/20/2025 11:07:00 AM", "2025-10-20T11:07:00", "2025-10-20T11:07:00Z"] {
            assert_eq!(DateTime::parse(text), DateTime::At(at), "{text}");
        }
        let odd: DateTime = serde_json::from_str(r#""sometime in 2025""#).unwrap();
        assert_eq!(odd.text(), Some("sometime in 2025"));
        assert_eq!(serde_json::to_string(&odd).unwrap(), r#""sometime in 2025""#, "written back as it came");
        let number: DateTime = serde_json::from_str("1760976456").unwrap();
        assert_eq!(number.text(), Some("1760976456"), "a number is kept as its text");
        assert_eq!(serde_json::to_string(&DateTime::At(at)).unwrap(), r#""2025-10-20T11:07:00""#);
        assert!(serde_json::from_str::<DateTime>("true").is_err(), "a boolean is no date");
    }
}
