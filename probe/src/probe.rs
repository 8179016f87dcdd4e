//! `axero-probe --base-url URL` (`cargo xtask probe` in a checkout): how far a live site has drifted
//! from the spec.
//!
//! Every GET endpoint of the spec that can be called is called through the runtime client (its
//! retries, its in-flight limit, and a minimum interval between requests, 200 ms unless told
//! otherwise, as Axero advises for bulk work). Path and required query parameters are filled with
//! values learnt from earlier answers: an id seen under any wire name that carries it (`UserID`,
//! `AuthorID` for `{UserID}`), else a value seen under the parameter's own name; an enum takes its first
//! value, a date a fixed one, a number that is no id 1 when none was seen. Endpoints are called in rounds until a round learns nothing new. Each
//! answer's data is checked against the type the spec says it returns ([`axero_codegen::conform`]: a
//! missing required field, a value of another type, an enum value the spec does not list, a field the
//! type does not declare, each with its JSON path). Nothing but GET is ever sent.
//!
//! The checker reads values the way the generated client does (it is held to the runtime's rules by
//! tests, and every example the mock serves is decoded with the generated types by the mock's tests);
//! the probe does not link the generated crate itself, so that it still builds when the generated code
//! does not (a spec being corrected from what a site answered, say).
//!
//! With `--learn DIR`, each endpoint whose answer the spec leaves untyped (`json`) or that drifted gets
//! a proposed spec fragment in `DIR` ([`crate::learn`]).
//!
//! A site is not trusted:
//! - Every answer is dropped once used: what the report needs (the outcome and the checker's findings),
//!   the few values kept to fill later parameters (only under wire names some parameter has, at most
//!   three each) and, with `--learn`, the answer's shape ([`crate::learn::Learner`]) are taken from it
//!   as it arrives; so two 8 MiB answers cost one at a time, not both until the end.
//! - Each call has `--endpoint-timeout` (retries included), and the whole probe `--deadline`; what the
//!   deadline left uncalled is reported as not probed.
//! - Server text (messages, values, field names, JSON paths) reaches the terminal only escaped: every
//!   control character (C0, DEL, C1) and every invisible formatting or bidirectional character becomes
//!   `\u{1b}` in the text report and `\u001b` in the JSON report ([`clean`], [`json_text`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use axero_codegen::conform::{Mismatch, Schema};
use axero_codegen::ids::Ids;
use axero_codegen::ir::{Category, EndpointIr, Ir, Location, Method, Ty, TypeIrKind};
use axero_codegen::spec::{Spec, TypeExpr};
use serde_json::{Value, json};

const USAGE: &str = "\
usage: axero-probe --base-url URL [--json] [--learn DIR] [--spec DIR] [--interval-ms N] [--page-length N]
                   [--deadline DURATION] [--endpoint-timeout DURATION]
       (in a checkout, `cargo xtask probe …` runs it)

Calls every GET endpoint of the spec on a live site (token from AXERO_TOKEN) and reports, per endpoint,
OK, an HTTP error, or drift from the spec with the JSON path of each difference. Exits 1 on drift.
  --base-url URL     the site, e.g. https://yoursite.axero.com
  --json             one JSON report instead of text
  --learn DIR        write a proposed spec fragment for each untyped or drifted endpoint into DIR
  --spec DIR         the spec folder (default: spec/ of this checkout)
  --interval-ms N    the least time between two requests (default 200)
  --page-length N    the page length asked of paged endpoints (default 25)
  --deadline D       stop calling once D has passed since the start (default 10m); what was not called
                     is reported as not probed. Durations as `90s`, `10m`, `1h 30m`, `500ms`
  --endpoint-timeout D
                     give up on one endpoint after D, its retries included (default 60s)
";

/// The whole probe's time unless `--deadline` says otherwise.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(10 * 60);

/// One endpoint's time, retries included, unless `--endpoint-timeout` says otherwise.
const DEFAULT_ENDPOINT_TIMEOUT: Duration = Duration::from_secs(60);

/// What the probe found for one endpoint.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The answer fits the spec.
    Ok,
    /// The answer does not fit the spec.
    Drift(Vec<Mismatch>),
    /// The site answered with an error status.
    Http {
        /// The status.
        status: u16,
        /// The error as the client reports it.
        message: String,
    },
    /// The call failed otherwise (transport, or a body that is not JSON).
    Failed(String),
    /// Not called: a parameter could not be filled.
    Skipped(String),
    /// Not called: the deadline passed first.
    NotProbed(String),
}

impl Outcome {
    fn label(&self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Drift(_) => "drift",
            Outcome::Http { .. } => "http_error",
            Outcome::Failed(_) => "error",
            Outcome::Skipped(_) => "skipped",
            Outcome::NotProbed(_) => "not_probed",
        }
    }

    /// The label at the head of a line of the text report.
    fn heading(&self) -> String {
        self.label().replace('_', " ").to_uppercase()
    }
}

/// One endpoint's result. The answer itself is not kept: see [`crate::learn::Learner`] for what
/// `--learn` takes from it.
#[derive(Debug, Clone)]
pub struct Probed {
    /// `category.method`.
    pub name: String,
    /// The category.
    pub category: String,
    /// The method name.
    pub method: String,
    /// The path template.
    pub path: String,
    /// What happened.
    pub outcome: Outcome,
}

struct Options {
    base_url: String,
    json: bool,
    learn: Option<PathBuf>,
    spec: Option<PathBuf>,
    interval: Duration,
    page_length: u32,
    limits: Limits,
}

/// How long the probe may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The whole probe.
    pub deadline: Duration,
    /// One endpoint, retries included.
    pub endpoint: Duration,
}

/// A duration as people write it (`90s`, `10m`, `1h 30m`), or what is wrong with it.
fn duration(flag: &str, text: &str) -> Result<Duration, String> {
    match humantime::parse_duration(text) {
        Ok(d) if !d.is_zero() => Ok(d),
        Ok(_) => Err(format!("{flag}: must be more than zero")),
        Err(e) => Err(format!("{flag}: `{}`: {e} (write e.g. `90s`, `10m`, `1h 30m`)", clean(text))),
    }
}

fn parse(args: &[String]) -> Result<Options, String> {
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let mut o = Options {
        base_url: String::new(),
        json: false,
        learn: None,
        spec: None,
        interval: Duration::from_millis(200),
        page_length: 25,
        limits: Limits { deadline: DEFAULT_DEADLINE, endpoint: DEFAULT_ENDPOINT_TIMEOUT },
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("`{arg}` needs a value\n\n{USAGE}"));
        match arg.as_str() {
            "--base-url" => o.base_url = value()?.clone(),
            "--json" => o.json = true,
            "--learn" => o.learn = Some(cwd.join(value()?)),
            "--spec" => o.spec = Some(cwd.join(value()?)),
            "--interval-ms" => {
                o.interval = Duration::from_millis(value()?.parse().map_err(|e| format!("--interval-ms: {e}"))?)
            }
            "--page-length" => o.page_length = value()?.parse().map_err(|e| format!("--page-length: {e}"))?,
            "--deadline" => o.limits.deadline = duration(arg, value()?)?,
            "--endpoint-timeout" => o.limits.endpoint = duration(arg, value()?)?,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown option `{}`\n\n{USAGE}", clean(other))),
        }
    }
    if o.base_url.is_empty() {
        return Err(format!("`--base-url` is required\n\n{USAGE}"));
    }
    Ok(o)
}

/// Runs the probe with the command line's `args`. `Ok(true)` when something drifted.
pub fn run(args: &[String]) -> Result<bool, String> {
    let options = parse(args)?;
    let token = std::env::var("AXERO_TOKEN")
        .map_err(|_| "AXERO_TOKEN is not set: the probe sends it as `Authorization: Bearer <token>`".to_owned())?;
    let spec_dir = match &options.spec {
        Some(dir) => dir.clone(),
        None => crate::checkout_spec()?,
    };
    let sources = axero_codegen::load::read_dir(&spec_dir, &crate::display(&spec_dir)).map_err(|d| d.to_string())?;
    let spec = axero_codegen::check_sources(&sources).map_err(|d| format!("{d}the spec has errors"))?;
    let ir = axero_codegen::lower::lower(&spec).map_err(|d| format!("{d}the spec has errors"))?;
    let client = client(&ir, &options.base_url, &token, options.interval)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start an async runtime: {e}"))?;
    let mut learner = options.learn.as_ref().map(|_| crate::learn::Learner::new(&spec));
    let probed = runtime.block_on(probe(&client, &spec, &ir, &options, learner.as_mut()));
    let base_url = clean(&options.base_url);
    if options.json {
        println!("{}", json_text(&report_json(&base_url, &probed, options.limits)));
    } else {
        print!("{}", report_text(&base_url, &probed, options.limits));
    }
    let not_probed = probed.iter().filter(|p| matches!(p.outcome, Outcome::NotProbed(_))).count();
    if not_probed > 0 {
        eprintln!(
            "probe: the deadline ({}) passed: {not_probed} endpoint(s) not probed",
            humantime::format_duration(options.limits.deadline)
        );
    }
    if let (Some(dir), Some(learner)) = (&options.learn, learner) {
        let written = learner.write(dir)?;
        for note in &written.notes {
            eprintln!("learn: {}", clean(note));
        }
        eprintln!("learn: {} proposed fragment(s) in {}", written.files.len(), clean(&crate::display(dir)));
    }
    Ok(probed.iter().any(|p| matches!(p.outcome, Outcome::Drift(_))))
}

/// Whether `c` must not reach a terminal or a log raw: a control character (C0, DEL, C1), or an
/// invisible formatting, bidirectional or line/paragraph separator character that would hide or
/// reorder what a reader sees.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}')
        || matches!(c, '\u{fff9}'..='\u{fffb}' | '\u{fffe}' | '\u{ffff}')
}

/// `text` with every [`is_unsafe`] character written as a Rust escape (`\u{1b}`, `\u{a}` for a line
/// feed), so that server text can neither drive the terminal (a window title, a "conceal" sequence) nor
/// forge a line of the report. Everything else, non-ASCII text included, is kept as it is.
pub fn clean(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len().saturating_add(16));
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// `value` as pretty JSON in which no [`is_unsafe`] character is left raw: serde_json escapes C0
/// controls, not DEL, C1 or the formatting characters, so those become `\u007f`-style JSON escapes.
/// The text reads back as the same value. Outside strings pretty JSON has only ASCII, so the line
/// feeds of its layout are the only ones kept.
pub fn json_text(value: &Value) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c != '\n' && is_unsafe(c) {
            // Every unsafe character is in the Basic Multilingual Plane: one `\uXXXX` each.
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Text that lives as long as the program: the runtime takes templates and names as `&'static str`,
/// and the probe's come from the spec it reads.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

fn client(ir: &Ir, base_url: &str, token: &str, interval: Duration) -> Result<axero_runtime::Client, String> {
    let api = &ir.api;
    let [error, message, total, data] = &api.envelope;
    let conventions = axero_runtime::Conventions {
        base_url: leak(&api.base_url),
        bearer_header: leak(&api.bearer_header),
        legacy_header: api.legacy_header.as_ref().map(|(h, _)| leak(h)),
        legacy_note: None,
        envelope: axero_runtime::EnvelopeFields {
            error: leak(error),
            message: leak(message),
            total: leak(total),
            data: leak(data),
        },
        paging: paging(&api.paging),
    };
    axero_runtime::Client::builder(conventions)
        .base_url(base_url)
        .bearer_token(token)
        .min_interval(interval)
        .build()
        .map_err(|e| format!("cannot build the client: {e}"))
}

fn paging(p: &axero_codegen::ir::PagingIr) -> axero_runtime::Paging {
    axero_runtime::Paging {
        page: leak(&p.page),
        size: leak(&p.size),
        first_page: p.first_page,
        default_size: p.default_size,
        max_size: p.max_size,
    }
}

/// Values learnt from answers: under each wire name (lower case) that some parameter has, and under
/// each id they carry. Nothing else of an answer is kept.
#[derive(Debug, Default)]
struct Learnt {
    /// The wire names (lower case) of the parameters to fill: values under other names are not kept.
    wanted: BTreeSet<String>,
    by_wire: BTreeMap<String, Vec<String>>,
    by_id: BTreeMap<String, Vec<String>>,
}

/// How many values are kept per name.
const KEPT: usize = 3;

impl Learnt {
    /// Learns values for the parameters of `targets`.
    fn new(targets: &[Target<'_>]) -> Self {
        let wanted =
            targets.iter().flat_map(|t| t.endpoint.params.iter()).map(|p| p.wire.to_ascii_lowercase()).collect();
        Learnt { wanted, ..Learnt::default() }
    }

    /// Takes in every scalar of `value` under its key. `true` when something new was learnt.
    fn take_in(&mut self, value: &Value, ids: &Ids) -> bool {
        let mut new = false;
        let mut todo = vec![value];
        while let Some(v) = todo.pop() {
            match v {
                Value::Array(items) => todo.extend(items),
                Value::Object(fields) => {
                    for (key, v) in fields {
                        let text = match v {
                            Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
                            Value::String(s) if !s.trim().is_empty() && s.len() <= 200 => Some(s.trim().to_owned()),
                            Value::Array(_) | Value::Object(_) => {
                                todo.push(v);
                                None
                            }
                            _ => None,
                        };
                        let Some(text) = text else { continue };
                        let wire = key.to_ascii_lowercase();
                        if self.wanted.contains(&wire) {
                            new |= keep(self.by_wire.entry(wire).or_default(), &text);
                        }
                        if text.parse::<i32>().is_ok_and(|n| n > 0)
                            && let Some(id) = ids.carried_by(key, false)
                        {
                            new |= keep(self.by_id.entry(id.clone()).or_default(), &text);
                        }
                    }
                }
                _ => {}
            }
        }
        new
    }
}

fn keep(values: &mut Vec<String>, text: &str) -> bool {
    if values.len() >= KEPT || values.iter().any(|v| v == text) {
        return false;
    }
    values.push(text.to_owned());
    true
}

/// The value to send for a required parameter, or why there is none.
fn fill(p: &axero_codegen::ir::ParamIr, ir: &Ir, learnt: &Learnt) -> Result<String, String> {
    if let Some(constant) = &p.constant {
        return Ok(constant.clone());
    }
    let scalar = match &p.ty {
        Ty::Csv(inner) | Ty::List(inner) | Ty::Option(inner) => inner.as_ref(),
        other => other,
    };
    let learnt_value = |wire: &str| learnt.by_wire.get(&wire.to_ascii_lowercase()).and_then(|v| v.first()).cloned();
    let found = match scalar {
        Ty::Id(id) => learnt.by_id.get(id).and_then(|v| v.first()).cloned().or_else(|| learnt_value(&p.wire)),
        Ty::Named { name, .. } => first_enum_value(ir, name).or_else(|| learnt_value(&p.wire)),
        Ty::Date => Some(fixed_date(&p.wire, p.format)),
        Ty::DateTime => Some(format!("{}T00:00:00", fixed_date(&p.wire, axero_codegen::ir::DateFormat::Iso))),
        // A number that is no id (a count, a level): a value seen, else 1.
        Ty::I32 | Ty::I64 => learnt_value(&p.wire).or_else(|| Some("1".to_owned())),
        _ => learnt_value(&p.wire),
    };
    found.ok_or_else(|| format!("needs `{}` (no value learnt)", p.wire))
}

/// A date for a required date parameter: the start of 2025, or its end for a parameter that ends a
/// range (`EndDate`, `ToDate`).
fn fixed_date(wire: &str, format: axero_codegen::ir::DateFormat) -> String {
    use axero_codegen::ir::DateFormat;
    let lower = wire.to_ascii_lowercase();
    let end = lower.contains("end") || lower.starts_with("to");
    let (m, d) = if end { ("12", "31") } else { ("01", "01") };
    match format {
        DateFormat::Iso => format!("2025-{m}-{d}"),
        DateFormat::Us => format!("{m}/{d}/2025"),
        DateFormat::Compact => format!("2025{m}{d}"),
    }
}

fn first_enum_value(ir: &Ir, name: &str) -> Option<String> {
    let all = ir.common.types.iter().chain(ir.categories.iter().flat_map(|c| c.types.types.iter()));
    all.filter(|t| t.name == name).find_map(|t| match &t.kind {
        TypeIrKind::IntEnum(v) => v.first().map(|v| v.value.to_string()),
        TypeIrKind::StrEnum(v) => v.first().map(|v| v.value.clone()),
        TypeIrKind::Struct { .. } => None,
    })
}

/// What is needed to call one endpoint.
struct Target<'a> {
    category: &'a Category,
    endpoint: &'a EndpointIr,
    returns: Option<&'a TypeExpr>,
}

/// Calls every GET endpoint it can, in rounds, within `options.limits`; each answer is checked, learnt
/// from (parameter values, and its shape for `learner`) and dropped.
async fn probe(
    client: &axero_runtime::Client,
    spec: &Spec,
    ir: &Ir,
    options: &Options,
    mut learner: Option<&mut crate::learn::Learner<'_>>,
) -> Vec<Probed> {
    let started = Instant::now();
    let limits = options.limits;
    let ids = Ids::new(&spec.api.ids);
    let schema = Schema::of(spec);
    let mut pending: Vec<Target<'_>> = Vec::new();
    for c in &ir.categories {
        let spec_category = spec.categories.iter().find(|s| s.name.value == c.module);
        for e in c.endpoints.iter().filter(|e| e.method == Method::Get) {
            let returns = spec_category
                .and_then(|s| s.endpoints.iter().find(|s| s.name.value == e.rust))
                .and_then(|s| s.returns.as_ref())
                .map(|r| &r.value);
            pending.push(Target { category: c, endpoint: e, returns });
        }
    }
    let mut learnt = Learnt::new(&pending);
    let mut done: BTreeMap<String, Probed> = BTreeMap::new();
    let mut out_of_time = false;
    loop {
        let mut progress = false;
        let mut waiting = Vec::new();
        for t in pending {
            let left = limits.deadline.saturating_sub(started.elapsed());
            if left.is_zero() {
                out_of_time = true;
                waiting.push(t);
                continue;
            }
            let filled: Result<Vec<(&axero_codegen::ir::ParamIr, String)>, String> = t
                .endpoint
                .params
                .iter()
                .filter(|p| p.required || p.constant.is_some())
                .map(|p| Ok((p, fill(p, ir, &learnt)?)))
                .collect();
            let Ok(values) = filled else {
                waiting.push(t);
                continue;
            };
            let limit = limits.endpoint.min(left);
            let answered = tokio::time::timeout(limit, call(client, &t, &values, ir, options.page_length)).await;
            let (outcome, data) = match answered {
                Ok(Ok(Some(data))) => {
                    progress |= learnt.take_in(&data, &ids);
                    let mismatches = t.returns.map(|r| schema.check(&data, r)).unwrap_or_default();
                    (if mismatches.is_empty() { Outcome::Ok } else { Outcome::Drift(mismatches) }, Some(data))
                }
                Ok(Ok(None)) => (Outcome::Ok, None),
                Ok(Err(outcome)) => (outcome, None),
                Err(_) if limit < limits.endpoint => (
                    Outcome::Failed(format!(
                        "no answer before the deadline passed (--deadline {})",
                        humantime::format_duration(limits.deadline)
                    )),
                    None,
                ),
                Err(_) => (
                    Outcome::Failed(format!(
                        "no answer within {} (--endpoint-timeout)",
                        humantime::format_duration(limits.endpoint)
                    )),
                    None,
                ),
            };
            let probed = probed(&t, outcome);
            if let (Some(learner), Some(data)) = (learner.as_deref_mut(), &data) {
                learner.observe(&probed, data);
            }
            // The answer is dropped here: only the outcome, the values learnt and the shape are kept.
            drop(data);
            done.insert(probed.name.clone(), probed);
        }
        pending = waiting;
        if !progress || pending.is_empty() || out_of_time {
            break;
        }
    }
    for t in pending {
        let outcome = if out_of_time || started.elapsed() >= limits.deadline {
            Outcome::NotProbed(format!(
                "the deadline ({}) passed before it was called",
                humantime::format_duration(limits.deadline)
            ))
        } else {
            let why = t
                .endpoint
                .params
                .iter()
                .filter(|p| p.required || p.constant.is_some())
                .find_map(|p| fill(p, ir, &learnt).err())
                .unwrap_or_default();
            Outcome::Skipped(why)
        };
        let probed = probed(&t, outcome);
        done.insert(probed.name.clone(), probed);
    }
    done.into_values().collect()
}

fn probed(t: &Target<'_>, outcome: Outcome) -> Probed {
    Probed {
        name: format!("{}.{}", t.category.module, t.endpoint.rust),
        category: t.category.module.clone(),
        method: t.endpoint.rust.clone(),
        path: t.endpoint.path.clone(),
        outcome,
    }
}

/// Calls one endpoint: its data (`None` when the spec says it returns nothing), or the outcome of a
/// failure.
async fn call(
    client: &axero_runtime::Client,
    t: &Target<'_>,
    values: &[(&axero_codegen::ir::ParamIr, String)],
    ir: &Ir,
    page_length: u32,
) -> Result<Option<Value>, Outcome> {
    let e = t.endpoint;
    let mut request = axero_runtime::Request::new(axero_runtime::Method::GET, leak(&e.path));
    for (p, value) in values {
        request = match p.location {
            Location::Path => request.path(&p.wire, value),
            Location::Header => request.header(leak(&p.wire), value),
            _ => request.query(leak(&p.wire), value),
        };
    }
    request = request.envelope(match e.envelope {
        axero_codegen::ir::EnvelopeMode::Always => axero_runtime::EnvelopeMode::Always,
        axero_codegen::ir::EnvelopeMode::Never => axero_runtime::EnvelopeMode::Never,
        axero_codegen::ir::EnvelopeMode::Either => axero_runtime::EnvelopeMode::Either,
    });
    if let Some(paged) = &e.paging {
        let p = paged.custom.as_ref().unwrap_or(&ir.api.paging);
        request = request.query(leak(&p.page), p.first_page).query(leak(&p.size), page_length.min(p.max_size));
    }
    if t.returns.is_none() {
        return client.send_ignoring_data(request).await.map(|()| None).map_err(|err| failure(&err));
    }
    client.send::<Value>(request).await.map(Some).map_err(|err| failure(&err))
}

fn failure(err: &axero_runtime::Error) -> Outcome {
    match err.status() {
        Some(status) if !status.is_success() => Outcome::Http { status: status.as_u16(), message: err.to_string() },
        _ => Outcome::Failed(err.to_string()),
    }
}

/// The report as text: one line per endpoint, the drift under it, a summary. Every server-derived
/// string (messages, the checker's findings, which quote values and field names) goes through
/// [`clean`], so that each line of the report is one the probe wrote.
pub fn report_text(base_url: &str, probed: &[Probed], limits: Limits) -> String {
    let mut out = format!("probe of {}: {} GET endpoints of the spec\n", clean(base_url), probed.len());
    let width = probed.iter().map(|p| p.name.len()).max().unwrap_or(0);
    let label_width = probed.iter().map(|p| p.outcome.heading().len() + 2).max().unwrap_or(0).max(8);
    for p in probed {
        let head = format!("{:<label_width$}{:<width$}  GET {}", p.outcome.heading(), clean(&p.name), clean(&p.path));
        let _ = match &p.outcome {
            Outcome::Ok => writeln!(out, "{head}"),
            Outcome::Drift(ms) => {
                let _ = writeln!(out, "{head}");
                for m in ms {
                    let _ = writeln!(out, "          {}", clean(&m.to_string()));
                }
                Ok(())
            }
            Outcome::Http { message, .. }
            | Outcome::Failed(message)
            | Outcome::Skipped(message)
            | Outcome::NotProbed(message) => {
                writeln!(out, "{head}: {}", clean(message))
            }
        };
    }
    let count = |label: &str| probed.iter().filter(|p| p.outcome.label() == label).count();
    let _ = write!(
        out,
        "summary: {} ok, {} drifted, {} HTTP errors, {} failed, {} skipped",
        count("ok"),
        count("drift"),
        count("http_error"),
        count("error"),
        count("skipped")
    );
    let not_probed = count("not_probed");
    if not_probed > 0 {
        let _ = write!(
            out,
            ", {not_probed} not probed (the deadline of {} passed)",
            humantime::format_duration(limits.deadline)
        );
    }
    out.push('\n');
    out
}

/// The report as JSON. Strings keep the server's text exactly; [`json_text`] writes it without a raw
/// control character.
pub fn report_json(base_url: &str, probed: &[Probed], limits: Limits) -> Value {
    let endpoints: Vec<Value> = probed
        .iter()
        .map(|p| {
            let mut entry = json!({"endpoint": p.name, "method": "GET", "path": p.path, "status": p.outcome.label()});
            match &p.outcome {
                Outcome::Ok => {}
                Outcome::Drift(ms) => {
                    entry["drift"] = ms
                        .iter()
                        .map(|m| json!({"path": m.path_text(), "kind": m.kind(), "message": m.message()}))
                        .collect();
                }
                Outcome::Http { status, message } => {
                    entry["http_status"] = json!(status);
                    entry["message"] = json!(message);
                }
                Outcome::Failed(message) | Outcome::Skipped(message) | Outcome::NotProbed(message) => {
                    entry["message"] = json!(message)
                }
            }
            entry
        })
        .collect();
    let mut summary = BTreeMap::new();
    for p in probed {
        *summary.entry(p.outcome.label()).or_insert(0usize) += 1;
    }
    let deadline_passed = summary.contains_key("not_probed");
    json!({
        "base_url": base_url,
        "endpoints": endpoints,
        "summary": summary,
        "deadline": humantime::format_duration(limits.deadline).to_string(),
        "endpoint_timeout": humantime::format_duration(limits.endpoint).to_string(),
        "deadline_passed": deadline_passed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character the report must not show raw: C0, DEL, C1 and the invisible ones.
    fn unsafe_chars() -> Vec<char> {
        (0..=0x10ffff).filter_map(char::from_u32).filter(|c| is_unsafe(*c)).collect()
    }

    #[test]
    fn clean_escapes_every_unsafe_character_and_keeps_the_rest() {
        let all: String = unsafe_chars().into_iter().collect();
        assert!(all.contains('\u{1b}') && all.contains('\u{7f}') && all.contains('\u{9b}') && all.contains('\u{202e}'));
        let cleaned = clean(&format!("a{all}é"));
        assert!(!cleaned.chars().any(is_unsafe), "{cleaned:?}");
        assert!(cleaned.starts_with(r"a\u{0}\u{1}") && cleaned.ends_with('é'), "{cleaned}");
        assert!(cleaned.contains(r"\u{1b}") && cleaned.contains(r"\u{a}") && cleaned.contains(r"\u{9b}"));
        assert_eq!(clean("plain text, ünïcode"), "plain text, ünïcode");
    }

    #[test]
    fn json_text_leaves_nothing_raw_and_reads_back_as_the_same_value() {
        let all: String = unsafe_chars().into_iter().collect();
        let value = json!({ all.clone(): [all.clone(), "x"], "k": {"\u{7f}\u{85}": all} });
        let text = json_text(&value);
        assert!(!text.chars().any(|c| c != '\n' && is_unsafe(c)), "{text:?}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
    }
}
