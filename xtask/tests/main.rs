//! The integration tests of `cargo xtask`, run as its users run it (the built binary, over real
//! sockets), one module per subject, built as one test binary.

mod support;

mod breaking;
mod clones;
mod memory;
mod messages;
mod probe;
mod probe_hostile;
