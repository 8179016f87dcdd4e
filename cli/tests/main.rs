//! The built `axero` binary, run as users run it (assert_cmd), against the mock on loopback.

mod commands;
mod readme;
