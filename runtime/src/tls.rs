//! The TLS backend, chosen with cargo features: `rustls` (rustls with the ring provider, the default),
//! `rustls-aws-lc` (rustls with aws-lc-rs), `native-tls` (the platform's TLS), or none (plain HTTP
//! only, for tests on loopback).

/// Whether this build can speak HTTPS.
pub const AVAILABLE: bool = cfg!(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls"));

/// Readies the backend before a `reqwest::Client` is built. With the `rustls` feature, reqwest has no
/// crypto provider of its own: ring's becomes the process default, unless the program installed
/// another one first (which is then kept).
pub(crate) fn prepare() {
    #[cfg(all(feature = "rustls", not(feature = "rustls-aws-lc")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may install one at the same moment; either provider will do.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_default_build_has_tls() {
        assert_eq!(super::AVAILABLE, cfg!(feature = "rustls"));
    }
}
