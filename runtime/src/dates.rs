//! Dates as the API writes them: no offset in responses, and one of several formats in requests.

use std::fmt;

/// A calendar date (`2025-10-20`).
pub type Date = chrono::NaiveDate;

/// A date and time without an offset, as the API sends them (`2025-10-20T16:07:36.817`). The API does not
/// say which zone; the plain fields appear to be UTC (unverified).
pub type DateTime = chrono::NaiveDateTime;

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

/// A date-time printed as ISO 8601 without an offset (`2024-09-01T19:30:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormattedDateTime(pub DateTime);

impl fmt::Display for FormattedDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S"))
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
        assert_eq!(FormattedDateTime(dt).to_string(), "2025-03-07T19:30:05");
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
}
