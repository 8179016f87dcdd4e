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
//! - Every call goes through one runtime: Bearer auth, retries with backoff and `Retry-After`, a
//!   client-wide limit on requests in flight, timeouts, and one [`Error`] type.
//!
//! The endpoint modules and [`types`] are generated from the spec in `spec/` by `cargo xtask gen`;
//! the runtime (`runtime`) is written by hand.

#![forbid(unsafe_code)]

#[rustfmt::skip] // Generated: formatted by prettyplease, checked by `cargo xtask check`.
mod api;
pub mod runtime;

pub use api::*;
pub use reqwest::StatusCode;
pub use runtime::client::{Client, ClientBuilder};
pub use runtime::error::{Error, Result};
pub use runtime::paging::{Page, PageRequest, PageStream};
pub use runtime::retry::RetryPolicy;
pub use runtime::upload::Upload;
pub use runtime::{Date, DateTime};
