//! `axero-runtime`: the hand-written runtime that every endpoint method of the generated `axero` crate
//! calls: the client and its builder, authentication, requests, the response envelope, errors, retries,
//! rate limiting, paging, uploads, and the lenient decoding the API needs. It knows no endpoint: the
//! API-wide conventions ([`Conventions`]) come from the generated crate, and generated code only states
//! each endpoint's facts.
//!
//! Users of the client need only what `axero` re-exports. [`Request`] and [`Client::send`] are public
//! so that an endpoint missing from the spec can be called through the same auth, retry and rate-limit
//! machinery (`axero::Client::runtime` gives the runtime client).

#![forbid(unsafe_code)]
// What is public is API; what only this crate uses says so (`pub(crate)`), so that the two cannot drift.
#![deny(unreachable_pub)]
// Nothing reachable from a response or from the builder's configuration may panic: no unwrap, no
// expect, no panic, no indexing or slicing that can be out of bounds, no arithmetic that can overflow.
// Tests may (they are compiled with `cfg(test)`).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented,
        clippy::unreachable,
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::arithmetic_side_effects,
        clippy::unchecked_time_subtraction,
    )
)]

mod auth;
mod call;
mod client;
mod csv;
mod dates;
mod decode;
mod envelope;
mod error;
mod headers;
mod hook;
mod ids;
mod lenient;
mod limit;
mod loose;
mod operation;
mod paging;
mod raw;
mod redact;
mod redirect;
mod request;
mod retry;
mod skip;
mod tls;
mod upload;
mod wire;

pub use call::{BoxFuture, Call, Data, Fetch, NoData, PagedCall};
pub use client::{Client, ClientBuilder};
pub use dates::{Date, DateFormat, DateTime, FormattedDate, FormattedDateTime};
pub use decode::{DecodeError, decode};
pub use envelope::EnvelopeMode;
pub use error::{Endpoint, Error, Result, SNIPPET_LIMIT};
pub use hook::{AttemptOutcome, AttemptRequest, Hook};
pub use operation::Operation;
pub use paging::{Page, PageRequest, PageStream, Rejected};
pub use raw::RawJson;
pub use request::{Name, Request};
/// The HTTP client underneath, for [`ClientBuilder::configure_http`] (a proxy, client certificates…).
pub use reqwest;
pub use reqwest::{Method, StatusCode};
pub use retry::RetryPolicy;
pub use upload::{StreamError, Upload};

/// What generated code calls and no caller should: not public API, hidden from the docs, and any
/// release may change it (as progenitor-client and smithy-rs keep their runtime crates' codegen
/// helpers). A caller who writes a path into it opts out of semver.
#[doc(hidden)]
pub mod __private {
    /// Lists as one comma-separated text (`with`).
    pub mod csv {
        pub use crate::csv::*;
    }
    /// The lenient readers of scalars (`deserialize_with`).
    pub mod lenient {
        pub use crate::lenient::*;
    }
    /// The `skip_serializing_if` predicates.
    pub mod skip {
        pub use crate::skip::*;
    }
    /// Values written in another form on the wire (as a string, a constant).
    pub mod wire {
        pub use crate::wire::*;
    }

    /// The serializers of dates in the other formats (`serialize_with`).
    pub mod dates {
        pub use crate::dates::{compact, compact_opt, us, us_opt};
    }

    pub use crate::impl_id;

    /// The envelope's reading, for the benchmarks and tests that measure it alone.
    pub mod envelope {
        pub use crate::envelope::{Decoded, Failure, Parts, check, decode, error_message, item, items, scan};
    }

    /// The loose reading of a JSON document, for the mock's check of its own answers.
    pub mod loose {
        pub use crate::loose::{Loose, LooseValue, from_slice};
    }

    pub use crate::operation::find;
    pub use crate::paging::MAX_FAILED_PAGES_IN_A_ROW;
    pub use crate::redact::Redacted;
}

/// API-wide facts from `spec/api.yaml`, which a generated crate passes to [`Client::builder`].
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
    /// The largest page length the API accepts (100); a stream fetches pages of this length unless
    /// told otherwise.
    pub max_size: u32,
}
