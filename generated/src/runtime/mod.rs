//! The hand-written runtime that every generated endpoint method calls: the client and its builder,
//! authentication, requests, the response envelope, errors, retries, rate limiting, paging, and the
//! lenient decoding the API needs. Generated code only states each endpoint's facts.
//!
//! Most users need only what the crate root re-exports. [`Request`] and [`Client::send`](crate::Client::send)
//! are public too, so that an endpoint missing from the spec can be called through the same auth, retry
//! and rate-limit machinery.

pub mod auth;
pub mod client;
pub mod csv;
pub mod dates;
pub mod envelope;
pub mod error;
pub mod lenient;
pub mod limit;
pub mod loose;
pub mod paging;
pub mod request;
pub mod retry;
pub mod upload;
pub mod wire;

pub use dates::{Date, DateFormat, DateTime, FormattedDate, FormattedDateTime};
pub use envelope::EnvelopeMode;
pub use request::Request;
pub use reqwest::Method;

/// API-wide facts from `spec/api.yaml`, emitted into `crate::api::CONVENTIONS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conventions {
    /// Base URL template, with `{site}` for the customer's host.
    pub base_url: &'static str,
    /// The header that carries `Bearer <token>`.
    pub bearer_header: &'static str,
    /// The legacy API key header.
    pub legacy_header: Option<&'static str>,
    /// Why the legacy header is deprecated and what to use instead; logged when a client uses it.
    pub legacy_note: Option<&'static str>,
    /// The response envelope's field names.
    pub envelope: EnvelopeFields,
    /// The default paging convention.
    pub paging: Paging,
}

/// Names of the envelope's fields: `{IsError, ResponseMessage, TotalRecords, ResponseData}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvelopeFields {
    /// The flag that says the call failed.
    pub error: &'static str,
    /// The message.
    pub message: &'static str,
    /// The total number of records across all pages.
    pub total: &'static str,
    /// The payload.
    pub data: &'static str,
}

/// How an endpoint pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The page number parameter (`StartPage`).
    pub page: &'static str,
    /// The page length parameter (`PageLength`).
    pub size: &'static str,
    /// The first page's number (1).
    pub first_page: u32,
    /// The page length the server uses when none is sent (30).
    pub default_size: u32,
}
