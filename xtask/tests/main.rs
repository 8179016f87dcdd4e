//! The integration tests of `cargo xtask`, run as its users run it (the built binary), one module per
//! subject, built as one test binary. The probe's are in its own crate (`probe/tests/`).

mod support;

mod breaking;
mod clones;
mod messages;
