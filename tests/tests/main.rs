//! The integration tests of the `axero-tests` crate, one module per subject, built as one test binary
//! (one link instead of one per file). Run one subject with `cargo test -p axero-tests --test integration
//! hostile::`. The tracing test is a binary of its own (`tests/tracing.rs`): it sets the global
//! subscriber, which would see the spans of every other test here.

mod api_listing;
mod codegen;
mod conform;
mod endpoints;
mod errors;
mod escape_hatch;
mod examples;
mod fidelity;
mod hostile;
mod obstacle;
mod openapi;
mod redaction;
mod runtime;
mod streams;
mod uploads;
