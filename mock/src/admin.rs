//! The admin API, under the reserved prefix `/__mock/`, for tests in any language: faults (overrides
//! with request matching), the request log, and the twin's reset. It needs no token (the mock listens on
//! loopback only), and its requests are not logged.
//!
//! - `POST /__mock/faults` with a JSON rule: `method` and `path` (a template or a concrete path), or
//!   `endpoint` (`comments.create`); optional `query` (an object of parameters to match), `body` (JSON the
//!   request's body must hold), `nth` (only the nth matching request); the reply: `status` (default 200),
//!   `headers` (an object), `reply_body` (JSON data: in the envelope, as the endpoint answers), `delay_ms`,
//!   `times` (how many requests it holds for), `drop` (drop the connection). Answers `201`.
//! - `GET /__mock/faults`: the rules in force; `DELETE /__mock/faults`: none any more.
//! - `GET /__mock/requests`: every request received, in order (`method`, `path`, `query` as an object,
//!   `body` as JSON when it is, else as text, `endpoint`, `status`); `DELETE /__mock/requests` forgets them.
//! - `GET /__mock/collections`: each collection of the twin, its id field and its items' ids.
//! - `POST /__mock/reset`: the twin's collections back as the seed made them (faults stay).

use std::time::Duration;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value, json};

use crate::{Body, Match, Reply, State, lock};

/// The prefix of the admin API's paths.
pub const PREFIX: &str = "/__mock/";

/// The answer to an admin request.
pub(crate) fn handle(state: &State, method: &str, path: &str, body: &[u8]) -> Response {
    let route = path.strip_prefix(PREFIX).unwrap_or("").trim_end_matches('/');
    match (method, route) {
        ("POST", "faults") => match add(state, body) {
            Ok(()) => reply(StatusCode::CREATED, json!({"added": lock(&state.overrides).len()})),
            Err(message) => reply(StatusCode::BAD_REQUEST, json!({"error": message})),
        },
        ("GET", "faults") => {
            let rules: Vec<Value> = lock(&state.overrides)
                .iter()
                .map(|o| {
                    let query: Map<String, Value> =
                        o.when.query.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
                    json!({"target": o.text, "query": query, "body": o.when.body, "nth": o.when.nth,
                        "status": o.reply.status, "times": o.reply.times, "matched": o.seen, "used": o.used})
                })
                .collect();
            reply(StatusCode::OK, Value::Array(rules))
        }
        ("DELETE", "faults") => {
            lock(&state.overrides).clear();
            empty()
        }
        ("GET", "requests") => {
            let log: Vec<Value> = lock(&state.requests)
                .iter()
                .map(|r| {
                    let query: Map<String, Value> =
                        r.query.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
                    let body = match serde_json::from_slice::<Value>(&r.body) {
                        Ok(v) => v,
                        Err(_) if r.body.is_empty() => Value::Null,
                        Err(_) => Value::String(String::from_utf8_lossy(&r.body).into_owned()),
                    };
                    json!({"method": r.method, "path": r.path, "query": query, "body": body,
                        "endpoint": r.endpoint, "status": r.status})
                })
                .collect();
            reply(StatusCode::OK, Value::Array(log))
        }
        ("DELETE", "requests") => {
            lock(&state.requests).clear();
            empty()
        }
        ("GET", "collections") => reply(StatusCode::OK, lock(&state.twin).summary()),
        ("POST", "reset") => {
            lock(&state.twin).reset();
            empty()
        }
        _ => reply(
            StatusCode::NOT_FOUND,
            json!({"error": format!("no admin route {method} {path}: faults, requests, reset under {PREFIX}")}),
        ),
    }
}

/// Adds the rule `body` holds.
pub(crate) fn add(state: &State, body: &[u8]) -> Result<(), String> {
    let (target, when, reply) = rule(body)?;
    state.add_override(&target, when, reply).map_err(|e| e.to_string())
}

/// A rule's target, match and reply, from its JSON.
pub(crate) fn rule(body: &[u8]) -> Result<(String, Match, Reply), String> {
    let rule: Map<String, Value> = match serde_json::from_slice(body) {
        Ok(Value::Object(m)) => m,
        _ => return Err("a rule is a JSON object: {\"method\", \"path\", \"status\", …}".into()),
    };
    let text = |k: &str| rule.get(k).and_then(Value::as_str).map(str::to_owned);
    let count = |k: &str| rule.get(k).and_then(Value::as_u64);
    let target = match (text("endpoint"), text("method"), text("path")) {
        (Some(endpoint), _, _) => endpoint,
        (None, Some(method), Some(path)) => format!("{method} {path}"),
        _ => return Err("a rule names `method` and `path`, or `endpoint`".into()),
    };
    let mut when = Match::any();
    if let Some(Value::Object(query)) = rule.get("query") {
        for (k, v) in query {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            when = when.query(k.clone(), v);
        }
    }
    if let Some(subset) = rule.get("body") {
        when = when.body(subset.clone());
    }
    if let Some(n) = count("nth") {
        when = when.nth(usize::try_from(n).map_err(|_| "`nth` is too large")?);
    }
    let status = u16::try_from(count("status").unwrap_or(200)).map_err(|_| "`status` is not an HTTP status")?;
    if !(100..=599).contains(&status) {
        return Err(format!("`status` {status} is not an HTTP status"));
    }
    let mut reply = Reply::status(status);
    if let Some(data) = rule.get("reply_body") {
        reply.body = Some(Body::Data(data.clone()));
    }
    if let Some(Value::Object(headers)) = rule.get("headers") {
        for (k, v) in headers {
            let v = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            reply = reply.header(k.clone(), v);
        }
    }
    if let Some(ms) = count("delay_ms") {
        reply = reply.delay(Duration::from_millis(ms));
    }
    if let Some(n) = count("times") {
        reply = reply.times(usize::try_from(n).map_err(|_| "`times` is too large")?);
    }
    if rule.get("drop").and_then(Value::as_bool) == Some(true) {
        reply = reply.drop_connection();
    }
    Ok((target, when, reply))
}

fn reply(status: StatusCode, body: Value) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8")
        .body(axum::body::Body::from(body.to_string()))
        .unwrap_or_default()
}

fn empty() -> Response {
    Response::builder().status(StatusCode::NO_CONTENT).body(axum::body::Body::empty()).unwrap_or_default()
}
