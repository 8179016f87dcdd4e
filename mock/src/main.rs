//! `axero-mock [--port N] [--token TOKEN] [--items N] [--seed N] [--size NAME=N]... [--fault JSON]...`:
//! the mock server, standalone, until Ctrl-C, with its admin API under `/__mock/`. `cargo xtask mock`
//! runs it.

#![forbid(unsafe_code)]

use std::process::ExitCode;

const USAGE: &str = "\
usage: axero-mock [--port N] [--token TOKEN] [--token-without-rights TOKEN] [--items N] [--seed N]
                  [--size NAME=N]... [--fault JSON]...

Serves every endpoint of the spec on http://127.0.0.1:<port> until Ctrl-C: a twin of a site (users,
comments… seeded, kept as requests change them), and an admin API under /__mock/ (faults, the request
log, reset).
  --port N        the port (default 8765; 0: any free port)
  --token TOKEN   the token requests must carry (default: the demo token)
  --token-without-rights TOKEN
                  a token the site knows but that lacks rights: its requests get 403
  --items N       how many items each paged list outside the twin has (default 50)
  --seed N        the twin's seed (default 1): the same seed makes the same site
  --size NAME=N   how many items the twin's collection NAME has (`--size users=200`)
  --fault JSON    a fault from start-up, as POST /__mock/faults takes it, e.g.
                  '{\"method\": \"POST\", \"path\": \"/api/comments\", \"status\": 429,
                  \"headers\": {\"Retry-After\": \"1\"}, \"times\": 1}'
";

/// The port `cargo xtask mock` listens on unless told otherwise, so that the README's commands work
/// as written.
const DEFAULT_PORT: u16 = 8765;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let mut builder = axero_mock::MockServer::builder().port(DEFAULT_PORT);
    let mut faults = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("`{arg}` needs a value\n\n{USAGE}"));
        builder = match arg.as_str() {
            "--port" => builder.port(value()?.parse().map_err(|e| format!("--port: {e}"))?),
            "--token" => builder.token(value()?),
            "--items" => builder.items(value()?.parse().map_err(|e| format!("--items: {e}"))?),
            "--token-without-rights" => builder.token_without_rights(value()?),
            "--seed" => builder.seed(value()?.parse().map_err(|e| format!("--seed: {e}"))?),
            "--size" => {
                let v = value()?;
                let (name, n) = v.split_once('=').ok_or_else(|| format!("--size takes NAME=N, not `{v}`"))?;
                builder.size(name, n.parse().map_err(|e| format!("--size {name}: {e}"))?)
            }
            "--fault" => {
                faults.push(value()?);
                builder
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown option `{other}`\n\n{USAGE}")),
        };
    }
    let mock = builder
        .start()
        .await
        .map_err(|e| format!("cannot listen on loopback: {e} (another port: --port N, or --port 0 for any)"))?;
    for fault in &faults {
        mock.add_fault(fault).map_err(|e| format!("--fault {fault}: {e}"))?;
    }
    println!(
        "axero mock server: {} endpoints of the spec (hash {})",
        axero_mock::all_endpoints().len(),
        axero_mock::endpoints::SPEC_HASH
    );
    println!("base URL: {}", mock.url());
    println!("token:    {}", mock.token());
    println!("admin:    {} (faults, requests, reset)", mock.admin_url());
    println!();
    println!("try:  curl -H 'Authorization: Bearer {}' {}/api/users/me", mock.token(), mock.url());
    println!("or:   AXERO_BASE_URL={} AXERO_TOKEN={} cargo run -p axero --example whoami", mock.url(), mock.token());
    println!("Ctrl-C stops it.");
    // Serves until the process is interrupted (Ctrl-C ends it; nothing needs saving).
    std::future::pending::<()>().await;
    Ok(())
}
