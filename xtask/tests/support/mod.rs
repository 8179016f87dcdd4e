//! What the xtask integration tests share: the checkout they run in.

use std::path::PathBuf;

/// The checkout these tests run in (cargo's run-time `CARGO_MANIFEST_DIR` is `xtask/`).
pub fn repo() -> PathBuf {
    let xtask = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap();
    xtask.parent().unwrap().to_path_buf()
}
