//! The integration tests of the drift probe, run as its users run it (the built `axero-probe` binary,
//! over real sockets, against the mock server or a listener each test starts), one module per subject,
//! built as one test binary.

mod support;

mod memory;
mod probe;
mod probe_hostile;
