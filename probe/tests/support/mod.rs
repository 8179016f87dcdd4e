//! What the probe's integration tests share: the checkout they run in, the built `axero-probe` binary,
//! and the spec's GET endpoints a probe calls without filling anything in.

use std::path::PathBuf;
use std::process::{Command, Output};

use axero_codegen::spec::{Method, TypeExpr};

/// The checkout these tests run in (cargo's run-time `CARGO_MANIFEST_DIR` is `probe/`).
pub fn repo() -> PathBuf {
    let probe = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap();
    probe.parent().unwrap().to_path_buf()
}

/// Runs the `axero-probe` binary against `url` with `token`, from the checkout's root, off the async
/// runtime so that a server in this process keeps serving.
pub async fn probe(url: &str, token: &str, args: &[&str]) -> Output {
    let mut all = vec!["--base-url".to_owned(), url.to_owned()];
    all.extend(["--interval-ms", "0"].map(str::to_owned));
    all.extend(args.iter().map(|a| (*a).to_owned()));
    let token = token.to_owned();
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_axero-probe"))
            .args(&all)
            .env("AXERO_TOKEN", token)
            .current_dir(repo())
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

/// A GET endpoint of the spec that needs no parameter, does not page and returns something.
pub struct PlainEndpoint {
    /// Its category's name.
    pub category: String,
    /// Its method's name.
    pub name: String,
    /// Whether the spec leaves its answer untyped (`returns: json`).
    pub untyped: bool,
}

impl PlainEndpoint {
    /// `category.method`, as the mock names it.
    pub fn full_name(&self) -> String {
        format!("{}.{}", self.category, self.name)
    }
}

/// Every GET endpoint of the checkout's spec that needs no parameter (no path parameter, only optional
/// query parameters), does not page and returns something, in the spec's order.
pub fn plain_endpoints() -> Vec<PlainEndpoint> {
    let sources = axero_codegen::load::read_dir(&repo().join("spec"), "spec").unwrap();
    let spec = axero_codegen::check_sources(&sources).unwrap_or_else(|d| panic!("{d}"));
    spec.categories
        .iter()
        .flat_map(|c| c.endpoints.iter().map(move |e| (c, e)))
        .filter(|(_, e)| {
            e.method.value == Method::Get
                && e.path_params.is_empty()
                && e.query.iter().all(|q| matches!(q.ty.value, TypeExpr::Optional(_)))
                && e.paged.is_none()
                && e.returns.is_some()
        })
        .map(|(c, e)| PlainEndpoint {
            category: c.name.value.clone(),
            name: e.name.value.clone(),
            untyped: matches!(&e.returns, Some(r) if matches!(&r.value, TypeExpr::Name(n) if n.value == "json")),
        })
        .collect()
}
