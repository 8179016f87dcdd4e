//! A typed client for the [Axero](https://axerosolutions.com) intranet REST API.
//!
//! ```no_run
//! # async fn demo() -> axero::Result<()> {
//! let client = axero::Client::builder()
//!     .base_url("https://yoursite.axero.com")
//!     .bearer_token(std::env::var("AXERO_TOKEN").unwrap_or_default())
//!     .build()?;
//!
//! let me = client.users().me().await?;
//! println!("signed in as {:?}", me.user_info_display_name);
//! # Ok(()) }
//! ```
//!
//! - One accessor per category on [`Client`] (`client.users()`, `client.spaces()`, …), one method per
//!   endpoint. Required parameters are arguments; optional ones are fields of a `…Params` struct that
//!   implements `Default`.
//! - Every request and response type is in [`types`]. Enums keep values this version does not know in
//!   an `Unknown(..)` variant; ids and booleans that arrive as strings are accepted.
//! - Paged endpoints have a method for one [`Page`] and a `…_stream` method that yields every item.
//! - Every call goes through one runtime ([`runtime`], the `axero-runtime` crate): Bearer auth, retries
//!   with backoff and `Retry-After`, a client-wide limit on requests in flight, timeouts, and one
//!   [`Error`] type.
//!
//! Everything but this file is generated from the spec in `spec/` by `cargo xtask gen`.

#![forbid(unsafe_code)]

#[rustfmt::skip] // Generated: formatted by prettyplease, checked by `cargo xtask check`.
mod api;

pub use api::*;
/// The runtime every call goes through: [`runtime::Request`] and [`Client::runtime`] call an endpoint
/// the spec lacks.
pub use axero_runtime as runtime;
pub use axero_runtime::{
    Date, DateTime, Error, Page, PageRequest, PageStream, Result, RetryPolicy, StatusCode, Upload,
};
