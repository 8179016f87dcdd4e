//! The TLS backend, chosen with cargo features: `rustls` (rustls with the ring provider, the default),
//! `rustls-aws-lc` (rustls with aws-lc-rs), `native-tls` (the platform's TLS), or none (plain HTTP
//! only, for tests on loopback).

/// Whether this build can speak HTTPS.
pub(crate) const AVAILABLE: bool = cfg!(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls"));

/// Readies the backend before a `reqwest::Client` is built. With the `rustls` feature, reqwest has no
/// crypto provider of its own: ring's becomes the process default, unless the program installed
/// another one first (which is then kept).
pub(crate) fn prepare() {
    #[cfg(all(feature = "rustls", not(feature = "rustls-aws-lc")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // rustls 0.23.48 deprecates ring's provider because ring has no post-quantum key exchange. It
        // stays this build's default for its build time (README, "TLS"); the `rustls-aws-lc` feature is
        // the one with post-quantum key exchange.
        #[allow(deprecated)]
        let provider = rustls::crypto::ring::default_provider();
        // Another thread may install one at the same moment; either provider will do.
        let _ = provider.install_default();
    }
}

/// `builder` trusting the CA certificates `pems` (PEM text) besides the system's roots. A build
/// without TLS has no use for them, and says so.
#[cfg(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls"))]
pub(crate) fn trust(builder: reqwest::ClientBuilder, pems: &[Vec<u8>]) -> Result<reqwest::ClientBuilder, String> {
    let mut roots = Vec::with_capacity(pems.len());
    for pem in pems {
        let cert = reqwest::Certificate::from_pem(pem)
            .map_err(|e| format!("a root certificate is not a PEM certificate: {e}"))?;
        roots.push(cert);
    }
    Ok(builder.tls_certs_merge(roots))
}

/// `builder` trusting the CA certificates `pems` (PEM text) besides the system's roots. A build
/// without TLS has no use for them, and says so.
#[cfg(not(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls")))]
pub(crate) fn trust(builder: reqwest::ClientBuilder, pems: &[Vec<u8>]) -> Result<reqwest::ClientBuilder, String> {
    if pems.is_empty() {
        Ok(builder)
    } else {
        Err("root certificates were given, but this build has no TLS: enable the `rustls` (default) or `native-tls` feature".into())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_default_build_has_tls() {
        assert_eq!(super::AVAILABLE, cfg!(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls")));
    }

    /// Without a TLS backend, an https base URL and root certificates are refused at build time.
    #[test]
    #[cfg(not(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls")))]
    fn a_build_without_tls_refuses_https_and_certificates() {
        let conventions = crate::Conventions {
            base_url: "https://{site}",
            bearer_header: "Authorization",
            legacy_header: None,
            legacy_note: None,
            envelope: crate::EnvelopeFields { error: "e", message: "m", total: "t", data: "d" },
            paging: crate::Paging { page: "p", size: "s", first_page: 1, default_size: 30, max_size: 100 },
        };
        let builder = crate::Client::builder(conventions).bearer_token("tok-123");
        let err = builder.clone().base_url("https://h.example").build().unwrap_err();
        assert!(err.to_string().contains("no TLS"), "{err}");
        let err = builder.base_url("http://127.0.0.1:1").root_certificate_pem("x").build().unwrap_err();
        assert!(err.to_string().contains("no TLS"), "{err}");
    }
}
