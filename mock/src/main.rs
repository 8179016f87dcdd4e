//! `axero-mock [--port N] [--token TOKEN] [--items N]`: the mock server, standalone, until Ctrl-C.
//! `cargo xtask mock` runs it.

#![forbid(unsafe_code)]

use std::process::ExitCode;

const USAGE: &str = "\
usage: axero-mock [--port N] [--token TOKEN] [--items N]

Serves every endpoint of the spec on http://127.0.0.1:<port> until Ctrl-C.
  --port N        the port (default 8765; 0: any free port)
  --token TOKEN   the token requests must carry (default: the demo token)
  --items N       how many items each paged list has (default 50)
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
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("`{arg}` needs a value\n\n{USAGE}"));
        builder = match arg.as_str() {
            "--port" => builder.port(value()?.parse().map_err(|e| format!("--port: {e}"))?),
            "--token" => builder.token(value()?),
            "--items" => builder.items(value()?.parse().map_err(|e| format!("--items: {e}"))?),
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
    println!(
        "axero mock server: {} endpoints of the spec (hash {})",
        axero_mock::all_endpoints().len(),
        axero_mock::endpoints::SPEC_HASH
    );
    println!("base URL: {}", mock.url());
    println!("token:    {}", mock.token());
    println!();
    println!("try:  curl -H 'Authorization: Bearer {}' {}/api/users/me", mock.token(), mock.url());
    println!("or:   AXERO_BASE_URL={} AXERO_TOKEN={} cargo run -p axero --example whoami", mock.url(), mock.token());
    println!("Ctrl-C stops it.");
    // Serves until the process is interrupted (Ctrl-C ends it; nothing needs saving).
    std::future::pending::<()>().await;
    Ok(())
}
