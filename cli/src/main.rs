//! `axero`: the Axero intranet REST API from a shell. Every endpoint of the spec is a command
//! (`axero <category> <command> [ARGS] [--options]`), from a table `cargo xtask gen` writes
//! ([`commands`]); every call goes through the runtime client (auth, retries, rate limits, redaction).
//!
//! Exit codes: 0 done; 2 usage; 3 not found; 4 unauthorized or forbidden; 5 rate-limited; 6 a server
//! error; 7 the network or a timeout; 8 an answer that does not decode; 1 anything else (a refused
//! confirmation, a file that cannot be read, a bad config).

#![forbid(unsafe_code)]

#[rustfmt::skip] // Generated: a table written by `cargo xtask gen`, checked by `cargo xtask check`.
mod commands;
mod config;
mod line;
mod output;
mod table;

use std::io::IsTerminal;
use std::process::ExitCode;

use axero_runtime::{Error, Method, Request, Upload};
use futures_util::StreamExt;
use serde_json::Value;

use crate::output::Format;
use crate::table::{Body, Command, Kind, Place};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("axero: {}", failure.message);
            }
            ExitCode::from(failure.code)
        }
    }
}

/// Why a run failed, with its exit code.
pub struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn other(message: impl Into<String>) -> Failure {
        Failure { code: 1, message: message.into() }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        let code = match &e {
            Error::NotFound { .. } => 3,
            Error::Unauthorized { .. } | Error::Forbidden { .. } => 4,
            Error::RateLimited { .. } => 5,
            Error::Server { .. } => 6,
            Error::Timeout { .. } | Error::Transport { .. } => 7,
            Error::Decode { .. } => 8,
            _ => 1,
        };
        // The runtime's messages are redacted (no token) and free of control characters.
        Failure { code, message: e.to_string() }
    }
}

async fn run() -> Result<(), Failure> {
    let matches = match line::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            // Help and the version go to stdout and succeed; a usage error is clap's own message.
            let _ = e.print();
            return if e.use_stderr() { Err(Failure { code: 2, message: String::new() }) } else { Ok(()) };
        }
    };
    let (category, sub) = matches.subcommand().ok_or_else(|| Failure { code: 2, message: "no command".into() })?;
    match category {
        "completions" => {
            let shell = sub.get_one::<String>("shell").cloned().unwrap_or_default();
            return line::completions(&shell).map_err(Failure::other);
        }
        "man" => return line::man().map_err(Failure::other),
        "commands" => {
            for c in &commands::COMMANDS {
                println!("{} {} {} {}", c.method, c.path, c.category, c.name);
            }
            return Ok(());
        }
        "login" => return config::login(&matches, sub).map_err(Failure::other),
        _ => {}
    }
    let settings = config::Settings::resolve(&matches).map_err(|m| Failure { code: 2, message: m })?;
    let format = Format::choose(matches.get_one::<String>("output").map(String::as_str))?;
    let fields: Option<Vec<String>> =
        matches.get_one::<String>("fields").map(|f| f.split(',').map(|s| s.trim().to_owned()).collect());
    // What `--dry-run` adds to the curl command besides the URL: headers, the body, form parts.
    let mut shown = Vec::new();
    let (request, paging, method_name) = if category == "api" {
        (
            raw_request(sub, &mut shown)?,
            None,
            sub.get_one::<String>("method").cloned().unwrap_or_default().to_uppercase(),
        )
    } else {
        let (name, args) = sub.subcommand().ok_or_else(|| Failure { code: 2, message: "no command".into() })?;
        let command = commands::COMMANDS
            .iter()
            .find(|c| c.category == category && c.name == name)
            .ok_or_else(|| Failure { code: 2, message: format!("no command {category} {name}") })?;
        (request(command, args, &mut shown)?, command.paging, command.method.to_owned())
    };
    if matches.get_flag("dry-run") {
        println!("{}", curl(&settings.base_url, &request, &shown));
        return Ok(());
    }
    if method_name != "GET" && !matches.get_flag("yes") {
        confirm(&method_name, request.filled_path())?;
    }
    let client = axero_runtime::ClientBuilder::<axero_runtime::Client>::new(axero::CONVENTIONS)
        .base_url(settings.base_url.clone())
        .bearer_token(settings.token.clone())
        .allow_insecure_http(
            settings.base_url.starts_with("http://127.0.0.1") || settings.base_url.starts_with("http://localhost"),
        )
        .build()?;
    let mut out = std::io::stdout().lock();
    match paging {
        Some(_) if matches.get_flag("all") => {
            let mut stream = client.stream::<Value>(request);
            let mut writer = output::Writer::new(format, fields, &mut out);
            let progress = std::io::stderr().is_terminal();
            let mut count: u64 = 0;
            while let Some(item) = stream.next().await {
                writer.item(&item?).map_err(|e| Failure::other(e.to_string()))?;
                count = count.saturating_add(1);
                if progress && count.is_multiple_of(100) {
                    eprint!("\r{count} items");
                }
            }
            if progress {
                eprintln!("\r{count} items");
            }
            writer.finish().map_err(|e| Failure::other(e.to_string()))
        }
        _ => {
            let value: Value = client.send(request).await?;
            output::write(format, fields.as_deref(), &value, &mut out).map_err(|e| Failure::other(e.to_string()))
        }
    }
}

/// The request `command` sends with what the command line gave.
fn request(command: &Command, args: &clap::ArgMatches, shown: &mut Vec<String>) -> Result<Request, Failure> {
    let method = Method::from_bytes(command.method.as_bytes()).map_err(|e| Failure::other(e.to_string()))?;
    let mut r = Request::new(method, command.path).envelope(command.envelope);
    if let Some(paging) = command.paging {
        r = r.paged(paging);
    }
    for (wire, place, value) in command.constants {
        r = put(r, wire, *place, Kind::Text, value, shown)?;
    }
    for a in command.args.iter().chain(command.options) {
        if let Some(value) = args.get_one::<String>(a.flag) {
            r = put(r, a.wire, a.place, a.kind, value, shown)?;
        }
    }
    if let Some(page) = args.try_get_one::<String>("page").ok().flatten() {
        let paging = command.paging.unwrap_or(table::API_PAGING);
        r = r.query(paging.page, page);
    }
    if let Some(length) = args.try_get_one::<String>("page-length").ok().flatten() {
        let paging = command.paging.unwrap_or(table::API_PAGING);
        r = r.query(paging.size, length);
    }
    match command.body {
        Body::None => {}
        Body::Constant(text) => {
            shown.push(data(text));
            r = r.json(&json_of(text)?);
        }
        Body::Scalar { name, kind, as_string } => {
            let text = args
                .get_one::<String>(name)
                .ok_or_else(|| Failure { code: 2, message: format!("<{name}> is required") })?;
            let value = match kind {
                _ if as_string => Value::String(text.clone()),
                Kind::Int | Kind::Bool | Kind::Number => json_of(text)?,
                _ => Value::String(text.clone()),
            };
            shown.push(data(&value.to_string()));
            r = r.json(&value);
        }
        Body::Json { as_string, fields } => {
            let value = match args.get_one::<String>("body") {
                Some(text) => json_of(&read_text(text)?)?,
                None => body_of(fields, args)?,
            };
            shown.push(data(&if as_string { Value::String(value.to_string()).to_string() } else { value.to_string() }));
            r = if as_string { r.json_string(&value) } else { r.json(&value) };
        }
        Body::Multipart => {}
        Body::Binary => {
            let path = args
                .get_one::<String>("file")
                .ok_or_else(|| Failure { code: 2, message: "--file is required".into() })?;
            shown.push(format!("--data-binary {}", quote(&format!("@{path}"))));
            r = r.binary(upload(path)?);
        }
    }
    Ok(r)
}

/// The object the body's field options make: a number or a boolean as JSON, text as a string.
fn body_of(fields: &[table::Arg], args: &clap::ArgMatches) -> Result<Value, Failure> {
    let mut object = serde_json::Map::new();
    for f in fields {
        if let Some(v) = args.try_get_one::<String>(f.flag).ok().flatten() {
            let v = match f.kind {
                Kind::Int | Kind::Bool | Kind::Number => json_of(v)?,
                _ => Value::String(v.clone()),
            };
            object.insert(f.wire.to_owned(), v);
        }
    }
    if object.is_empty() {
        return Err(Failure { code: 2, message: "give --body, or the body's fields as options (see --help)".into() });
    }
    Ok(Value::Object(object))
}

/// `request` with `value` put where `place` says, read as `kind` (and what curl would send for it).
fn put(
    r: Request,
    wire: &str,
    place: Place,
    kind: Kind,
    value: &str,
    shown: &mut Vec<String>,
) -> Result<Request, Failure> {
    match (place, kind) {
        (Place::Form, Kind::File) => shown.push(format!("-F {}", quote(&format!("{wire}=@{value}")))),
        (Place::Form, _) => shown.push(format!("-F {}", quote(&format!("{wire}={value}")))),
        (Place::Header, _) => shown.push(format!("-H {}", quote(&format!("{wire}: {value}")))),
        (Place::Path | Place::Query | Place::Body, _) => {}
    }
    Ok(match (place, kind) {
        (Place::Form, Kind::File) => r.file(wire.to_owned(), upload(value)?),
        (Place::Path, _) => r.path(wire, value),
        (Place::Query, _) => r.query(wire.to_owned(), value),
        (Place::Header, _) => r.header(wire.to_owned(), value),
        (Place::Form, _) => r.form(wire.to_owned(), value),
        (Place::Body, _) => r,
    })
}

/// A file to upload: a path (streamed), or `-` for standard input.
fn upload(path: &str) -> Result<Upload, Failure> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| Failure::other(format!("stdin: {e}")))?;
        return Ok(Upload::new("stdin", bytes));
    }
    Upload::from_path(path).map_err(|e| Failure::other(format!("{path}: {e}")))
}

/// `text`, or the file it names with `@FILE`, a path that exists, or `-` for standard input.
fn read_text(text: &str) -> Result<String, Failure> {
    let path = text.strip_prefix('@').unwrap_or(text);
    if path == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| Failure::other(format!("stdin: {e}")))?;
        return Ok(s);
    }
    if text.starts_with('@') || std::path::Path::new(path).is_file() {
        return std::fs::read_to_string(path).map_err(|e| Failure::other(format!("{path}: {e}")));
    }
    Ok(text.to_owned())
}

fn json_of(text: &str) -> Result<Value, Failure> {
    serde_json::from_str(text).map_err(|e| Failure { code: 2, message: format!("the body is not JSON: {e}") })
}

/// `axero api METHOD PATH [-q K=V]... [--body JSON]`.
fn raw_request(args: &clap::ArgMatches, shown: &mut Vec<String>) -> Result<Request, Failure> {
    let method = args.get_one::<String>("method").cloned().unwrap_or_default().to_uppercase();
    let method = Method::from_bytes(method.as_bytes()).map_err(|e| Failure { code: 2, message: e.to_string() })?;
    let path = args.get_one::<String>("path").cloned().unwrap_or_default();
    let mut r = Request::new(method, path).envelope(axero_runtime::EnvelopeMode::Either);
    for pair in args.get_many::<String>("query").into_iter().flatten() {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| Failure { code: 2, message: format!("-q takes KEY=VALUE, not `{pair}`") })?;
        r = r.query(k.to_owned(), v);
    }
    if let Some(body) = args.get_one::<String>("body") {
        let value = json_of(&read_text(body)?)?;
        shown.push(data(&value.to_string()));
        r = r.json(&value);
    }
    Ok(r)
}

/// curl's arguments for a JSON body.
fn data(json: &str) -> String {
    format!("-H 'Content-Type: application/json' --data {}", quote(json))
}

/// `text` quoted for a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The request as a `curl` command, the token as `$AXERO_TOKEN` (never its value).
fn curl(base_url: &str, r: &Request, shown: &[String]) -> String {
    let mut url = format!("{}{}", base_url.trim_end_matches('/'), r.filled_path());
    let query: Vec<String> = r.query_pairs().iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    if !query.is_empty() {
        url = format!("{url}?{}", query.join("&"));
    }
    let mut command = format!("curl -X {} {} -H \"Authorization: Bearer $AXERO_TOKEN\"", r.method(), quote(&url));
    for part in shown {
        command.push(' ');
        command.push_str(part);
    }
    command
}

/// Percent-encodes all but the unreserved characters.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// On a terminal, asks before a request that changes something; elsewhere refuses without `--yes`.
fn confirm(method: &str, path: &str) -> Result<(), Failure> {
    if !std::io::stdin().is_terminal() {
        return Err(Failure::other(format!("{method} {path} changes the site: pass --yes to send it")));
    }
    eprint!("Send {method} {path}? [y/N] ");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).map_err(|e| Failure::other(e.to_string()))?;
    if matches!(answer.trim(), "y" | "Y" | "yes") { Ok(()) } else { Err(Failure::other("not sent")) }
}
