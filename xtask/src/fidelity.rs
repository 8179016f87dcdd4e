//! `cargo xtask fidelity`: how much of what the public sources show about the API the spec holds.
//!
//! Four measures, each a count over a total:
//! - **a. Postman query parameters present**: every query parameter of every request of the Postman
//!   collection, looked up under its exact wire name on the spec endpoint the request matches (method and
//!   path; placeholders and literal ids stand for any `{Placeholder}`). Paging parameters count when the
//!   endpoint pages with them.
//! - **b. Captured response keys kept**: every distinct key path of the captured `GET /api/content/list`
//!   responses, resolved through the return type of `content.list`: typed (a declared field), kept untyped
//!   (under `additional_fields` or a `json` value), or dropped.
//! - **c. Ionic-app fields typed**: the (endpoint, field path) pairs of the facts file
//!   `xtask/fidelity/ionic-fields.txt` whose field is a declared field of the endpoint's return type.
//! - **d. Untyped data-returning endpoints**: endpoints whose return type is `json` at the top (`json`,
//!   `[json]`, `map<json>`), over every endpoint that returns something.
//!
//! And **provenance** (spec/README.md, "Provenance"): the data-returning endpoints by what their response
//! rests on (each kind of source, inference, or nothing; `json` apart), the types likewise, and every
//! endpoint whose shape is unverified (inferred, unstated or `json`) without an `unverified:` note.
//!
//! The Postman collection and the captures are read from `../shared/reference/` beside the workspace; the
//! facts files (`xtask/fidelity/`) are facts taken from public code, written by hand. Field paths are
//! dot-separated keys; lists are transparent (`Comments.Author` is the `Author` of each comment).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use axero_codegen::ir::{BodyIr, EndpointIr, EnvelopeMode, Ir, Location, Provenance, Ty, TypeIrKind};
use axero_codegen::spec::SourceKind;
use serde_json::{Value, json};

/// The Postman collection, in the reference folder.
const COLLECTION: &str = "axero-postman-collection.json";
/// The captured `GET /api/content/list` responses, in the reference folder.
const CAPTURES: [&str; 2] = ["captured/content-list-1.json", "captured/content-list-2.json"];
/// The endpoint whose responses were captured: category and method name.
const CAPTURED_ENDPOINT: (&str, &str) = ("content", "list");
/// Response fields the Ionic app reads, relative to the workspace root.
const IONIC_FIELDS: &str = "xtask/fidelity/ionic-fields.txt";
/// Response fields the page-builder scripts read, relative to the workspace root.
const PAGE_BUILDER_FIELDS: &str = "xtask/fidelity/page-builder-fields.txt";
/// Envelope and body facts of the public clients, relative to the workspace root.
const WIRE_FACTS: &str = "xtask/fidelity/wire-facts.txt";

/// Runs `cargo xtask fidelity [--json] [--spec DIR]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let root = crate::checkout::workspace_root()?;
    let mut spec_dir = root.join("spec");
    let mut as_json = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => as_json = true,
            "--spec" => {
                let dir = it.next().ok_or("`--spec` needs a folder")?;
                spec_dir = std::env::current_dir().map_err(|e| e.to_string())?.join(dir);
            }
            other => return Err(format!("unknown option `{other}` (fidelity takes --json and --spec DIR)")),
        }
    }
    let reference = root.join("../shared/reference");
    if !reference.is_dir() {
        return Err(format!(
            "{} not found: `cargo xtask fidelity` reads the Postman collection and the captured responses \
             from ../shared/reference beside the workspace",
            reference.display()
        ));
    }
    let sources =
        axero_codegen::load::read_dir(&spec_dir, &spec_dir.display().to_string()).map_err(|d| d.to_string())?;
    let ir =
        axero_codegen::lower_sources(&sources).map_err(|d| format!("{d}{} error(s) in the spec", d.items.len()))?;

    let collection = read_json(&reference.join(COLLECTION))?;
    let captures = CAPTURES.iter().map(|c| read_json(&reference.join(c))).collect::<Result<Vec<_>, _>>()?;
    let ionic = parse_field_facts(&read_text(&root.join(IONIC_FIELDS))?).map_err(|e| format!("{IONIC_FIELDS}:{e}"))?;
    let page_builder = parse_field_facts(&read_text(&root.join(PAGE_BUILDER_FIELDS))?)
        .map_err(|e| format!("{PAGE_BUILDER_FIELDS}:{e}"))?;
    let wire = parse_wire_facts(&read_text(&root.join(WIRE_FACTS))?).map_err(|e| format!("{WIRE_FACTS}:{e}"))?;

    let report = Report {
        params: measure_params(&ir, &postman_requests(&collection)),
        keys: measure_captured_keys(&ir, &captures)?,
        ionic: measure_fields(&ir, &ionic),
        page_builder: measure_fields(&ir, &page_builder),
        untyped: measure_untyped(&ir),
        wire: check_wire_facts(&ir, &wire),
        provenance: measure_provenance(&ir),
    };
    if as_json {
        let text = serde_json::to_string_pretty(&report.to_json()).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        print!("{}", report.to_text());
    }
    Ok(())
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_json(path: &Path) -> Result<Value, String> {
    serde_json::from_str(&read_text(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

// ---- Paths and endpoints ---------------------------------------------------------------------------

/// Whether a path segment is a placeholder: `{X}`, `{{x}}` or `:x`.
fn is_placeholder(segment: &str) -> bool {
    (segment.starts_with('{') && segment.ends_with('}')) || segment.starts_with(':')
}

/// The segments of a URL or path template: without scheme, host, a leading `{{host}}` variable or the
/// query; a placeholder glued to the next word (`{ContentID}attachments`, a typo in the collection) is
/// split in two.
fn path_segments(url: &str) -> Vec<String> {
    let mut rest = url.split(['?', '#']).next().unwrap_or_default();
    if let Some((_, after)) = rest.split_once("://") {
        rest = after.split_once('/').map_or("", |(_, path)| path);
    }
    if rest.starts_with("{{")
        && let Some(end) = rest.find("}}")
    {
        rest = &rest[end + 2..];
    }
    let mut segments = Vec::new();
    for segment in rest.split('/').filter(|s| !s.is_empty()) {
        let close = if segment.starts_with("{{") { segment.find("}}").map(|i| i + 2) } else { None };
        let close = close.or_else(|| segment.strip_prefix('{').and_then(|s| s.find('}')).map(|i| i + 2));
        match close {
            Some(end) if end < segment.len() => {
                segments.push(segment[..end].to_owned());
                segments.push(segment[end..].to_owned());
            }
            _ => segments.push(segment.to_owned()),
        }
    }
    segments
}

/// How well a spec path template matches the segments of a request: `None` when it does not, else the
/// number of literal segments that agree. A spec placeholder matches a placeholder or a numeric id; a
/// literal matches the same word, case-insensitively.
fn match_score(template: &str, segments: &[String]) -> Option<usize> {
    let spec = path_segments(template);
    if spec.len() != segments.len() {
        return None;
    }
    let mut literal = 0;
    for (s, r) in spec.iter().zip(segments) {
        if is_placeholder(s) {
            if !(is_placeholder(r) || (!r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()))) {
                return None;
            }
        } else if s.eq_ignore_ascii_case(r) {
            literal += 1;
        } else {
            return None;
        }
    }
    Some(literal)
}

/// The query parameter names of a URL (`/api/content/{UserID}?ContentTypeID=15` → `ContentTypeID`): facts
/// name them where two endpoints share a path.
fn query_keys(url: &str) -> Vec<String> {
    let Some((_, query)) = url.split_once('?') else { return Vec::new() };
    query.split('&').filter_map(|pair| pair.split('=').next()).filter(|k| !k.is_empty()).map(str::to_owned).collect()
}

/// One spec endpoint and its category.
#[derive(Clone, Copy)]
struct Endpoint<'a> {
    category: &'a str,
    ir: &'a EndpointIr,
}

impl Endpoint<'_> {
    /// `content.list (GET /api/content/list)`.
    fn label(&self) -> String {
        format!("{}.{} ({} {})", self.category, self.ir.rust, self.ir.method.as_upper(), self.ir.path)
    }
}

fn endpoints(ir: &Ir) -> Vec<Endpoint<'_>> {
    ir.categories.iter().flat_map(|c| c.endpoints.iter().map(|e| Endpoint { category: &c.module, ir: e })).collect()
}

/// The spec endpoint a request of `method` on `segments` with the query parameters `query` reaches: the
/// one with the most literal segments in common, then (two endpoints may share a path and differ by their
/// query) the one that lists the most of `query`; the first in spec order on a tie.
fn find_endpoint<'a>(
    all: &[Endpoint<'a>],
    method: &str,
    segments: &[String],
    query: &[String],
) -> Option<Endpoint<'a>> {
    let mut best: Option<((usize, usize), Endpoint<'a>)> = None;
    for e in all.iter().filter(|e| e.ir.method.as_upper().eq_ignore_ascii_case(method)) {
        let Some(literal) = match_score(&e.ir.path, segments) else { continue };
        let listed = query.iter().filter(|q| e.ir.params.iter().any(|p| p.wire == **q)).count();
        if best.is_none_or(|(b, _)| (literal, listed) > b) {
            best = Some(((literal, listed), *e));
        }
    }
    best.map(|(_, e)| e)
}

/// The paging parameters an endpoint sends: page number and page length.
fn paging_params<'a>(ir: &'a Ir, e: &'a EndpointIr) -> Option<(&'a str, &'a str)> {
    let paged = e.paging.as_ref()?;
    let p = paged.custom.as_ref().unwrap_or(&ir.api.paging);
    Some((p.page.as_str(), p.size.as_str()))
}

// ---- a. Postman query parameters -------------------------------------------------------------------

/// One request of the Postman collection.
#[derive(Debug, Clone, PartialEq)]
struct PostmanRequest {
    name: String,
    method: String,
    segments: Vec<String>,
    /// Query parameter names, each once, in collection order (disabled ones included: the collection
    /// lists every parameter a request takes and enables the ones of its example).
    query: Vec<String>,
}

/// Every request of a Postman (v2.1) collection, folders flattened. Requests without a URL are skipped.
fn postman_requests(collection: &Value) -> Vec<PostmanRequest> {
    fn walk(items: &Value, out: &mut Vec<PostmanRequest>) {
        for item in items.as_array().into_iter().flatten() {
            if item.get("item").is_some() {
                walk(&item["item"], out);
                continue;
            }
            let request = &item["request"];
            let url = &request["url"];
            let Some(raw) = url.as_str().or_else(|| url["raw"].as_str()) else { continue };
            let mut query = Vec::new();
            let keys: Vec<&str> = match url["query"].as_array() {
                Some(list) => list.iter().filter_map(|q| q["key"].as_str()).collect(),
                None => raw
                    .split_once('?')
                    .map(|(_, q)| q.split('&').map(|pair| pair.split('=').next().unwrap_or_default()).collect())
                    .unwrap_or_default(),
            };
            for key in keys.into_iter().map(str::trim).filter(|k| !k.is_empty()) {
                if !query.iter().any(|q| q == key) {
                    query.push(key.to_owned());
                }
            }
            out.push(PostmanRequest {
                name: item["name"].as_str().unwrap_or_default().to_owned(),
                method: request["method"].as_str().unwrap_or("GET").to_ascii_uppercase(),
                segments: path_segments(raw),
                query,
            });
        }
    }
    let mut out = Vec::new();
    walk(&collection["item"], &mut out);
    out
}

/// Measure a.
#[derive(Debug, Default, PartialEq)]
struct ParamReport {
    total: usize,
    present: usize,
    /// (endpoint, Postman request, parameter) for each parameter not present.
    missing: Vec<(String, String, String)>,
    /// (endpoint, parameter): spec query parameters no Postman request of that endpoint lists.
    guesses: Vec<(String, String)>,
    /// (Postman request, method and path) that no spec endpoint matches.
    unmatched: Vec<(String, String)>,
}

fn measure_params(ir: &Ir, requests: &[PostmanRequest]) -> ParamReport {
    let all = endpoints(ir);
    let mut report = ParamReport::default();
    // Per matched endpoint (by label): the endpoint and every parameter name Postman gives it.
    let mut seen: BTreeMap<String, (Endpoint<'_>, BTreeSet<&str>)> = BTreeMap::new();
    let mut matched = Vec::new();
    for request in requests {
        let Some(e) = find_endpoint(&all, &request.method, &request.segments, &request.query) else {
            let shown = format!("{} /{}", request.method, request.segments.join("/"));
            report.unmatched.push((request.name.clone(), shown));
            for key in &request.query {
                report.total += 1;
                report.missing.push(("(no spec endpoint)".into(), request.name.clone(), key.clone()));
            }
            continue;
        };
        let entry = seen.entry(e.label()).or_insert_with(|| (e, BTreeSet::new()));
        entry.1.extend(request.query.iter().map(String::as_str));
        matched.push((request, e));
    }
    for (request, e) in matched {
        let paging = paging_params(ir, e.ir);
        let postman_names = &seen[&e.label()].1;
        for key in &request.query {
            report.total += 1;
            let listed = e.ir.params.iter().any(|p| p.location == Location::Query && p.wire == *key);
            let paged = paging.is_some_and(|(page, size)| key == page || key == size);
            // Postman spells one parameter two ways in two requests of the same endpoint (`ReqType` and
            // `reqType`): the spec can send only one, and one of Postman's spellings is present.
            let respelled = !listed
                && e.ir.params.iter().any(|p| {
                    p.location == Location::Query
                        && p.wire.eq_ignore_ascii_case(key)
                        && postman_names.contains(p.wire.as_str())
                });
            if listed || paged || respelled {
                report.present += 1;
            } else {
                report.missing.push((e.label(), request.name.clone(), key.clone()));
            }
        }
    }
    for (label, (e, keys)) in &seen {
        for p in e.ir.params.iter().filter(|p| p.location == Location::Query && !keys.contains(p.wire.as_str())) {
            report.guesses.push((label.clone(), p.wire.clone()));
        }
        if let Some((page, size)) = paging_params(ir, e.ir)
            && !keys.contains(page)
            && !keys.contains(size)
        {
            report.guesses.push((label.clone(), format!("(paging {page}/{size})")));
        }
    }
    report.missing.sort();
    report.unmatched.sort();
    report
}

// ---- b. and c. Response fields ---------------------------------------------------------------------

/// What becomes of a response key when the spec's type decodes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kept {
    /// A declared field (at every level).
    Typed,
    /// Kept in the `additional_fields` map of a struct that does not declare it.
    Additional,
    /// Kept inside a `json` value.
    Untyped,
    /// Lost: a struct without `additional_fields` that does not declare it, or a key under a scalar.
    Dropped,
}

/// Declared types by name: what a `Ty::Named` refers to.
fn type_table(ir: &Ir) -> BTreeMap<&str, &TypeIrKind> {
    let modules = std::iter::once(&ir.common).chain(ir.categories.iter().map(|c| &c.types));
    modules.flat_map(|m| m.types.iter().map(|t| (t.name.as_str(), &t.kind))).collect()
}

/// Resolves a key path (lists transparent, map keys as any segment) through `ty`.
fn classify(types: &BTreeMap<&str, &TypeIrKind>, ty: &Ty, path: &[String]) -> Kept {
    let mut ty = ty;
    for key in path {
        while let Ty::Option(inner) | Ty::List(inner) = ty {
            ty = inner;
        }
        ty = match ty {
            Ty::Map(inner) => inner,
            Ty::Json => return Kept::Untyped,
            Ty::Named { name, .. } => match types.get(name.as_str()) {
                Some(TypeIrKind::Struct { fields, additional, .. }) => match fields.iter().find(|f| f.wire == *key) {
                    Some(field) => &field.ty,
                    None if *additional => return Kept::Additional,
                    None => return Kept::Dropped,
                },
                _ => return Kept::Dropped,
            },
            _ => return Kept::Dropped,
        };
    }
    Kept::Typed
}

/// Every distinct key path of a JSON value (lists transparent).
fn key_paths(value: &Value, prefix: &mut Vec<String>, out: &mut BTreeSet<Vec<String>>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                prefix.push(key.clone());
                out.insert(prefix.clone());
                key_paths(inner, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => items.iter().for_each(|item| key_paths(item, prefix, out)),
        _ => {}
    }
}

/// Measure b: key paths per outcome.
#[derive(Debug, Default, PartialEq)]
struct KeyReport {
    by_kept: BTreeMap<Kept, Vec<String>>,
}

impl KeyReport {
    fn count(&self, kept: Kept) -> usize {
        self.by_kept.get(&kept).map_or(0, Vec::len)
    }

    fn total(&self) -> usize {
        self.by_kept.values().map(Vec::len).sum()
    }
}

fn measure_captured_keys(ir: &Ir, captures: &[Value]) -> Result<KeyReport, String> {
    let (category, method) = CAPTURED_ENDPOINT;
    let endpoint = ir
        .categories
        .iter()
        .filter(|c| c.module == category)
        .flat_map(|c| &c.endpoints)
        .find(|e| e.rust == method)
        .ok_or_else(|| format!("the spec has no `{category}.{method}`, whose responses were captured"))?;
    let data_key = &ir.api.envelope[3];
    let mut paths = BTreeSet::new();
    for capture in captures {
        let data = capture.get(data_key.as_str()).ok_or_else(|| format!("a capture has no `{data_key}`"))?;
        key_paths(data, &mut Vec::new(), &mut paths);
    }
    let types = type_table(ir);
    let mut report = KeyReport::default();
    for path in paths {
        let kept = endpoint.returns.as_ref().map_or(Kept::Dropped, |ty| classify(&types, ty, &path));
        report.by_kept.entry(kept).or_default().push(path.join("."));
    }
    Ok(report)
}

/// One line of a field facts file: a response field a client reads.
#[derive(Debug, Clone, PartialEq)]
struct FieldFact {
    method: String,
    path: String,
    field: Vec<String>,
    note: String,
}

/// Parses `METHOD PATH FIELD.PATH NOTE…` lines; blank lines and `#` comments are skipped.
fn parse_field_facts(text: &str) -> Result<Vec<FieldFact>, String> {
    let mut facts = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(method), Some(path), Some(field)) = (words.next(), words.next(), words.next()) else {
            return Err(format!("{}: expected `METHOD PATH FIELD [NOTE]`, found `{line}`", number + 1));
        };
        facts.push(FieldFact {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            field: field.split('.').map(str::to_owned).collect(),
            note: words.collect::<Vec<_>>().join(" "),
        });
    }
    Ok(facts)
}

/// Measure c: distinct (endpoint, field) pairs, typed or not, per category.
#[derive(Debug, Default, PartialEq)]
struct FieldReport {
    /// Category → (typed, total).
    per_category: BTreeMap<String, (usize, usize)>,
    /// `METHOD PATH FIELD` → why it is not typed.
    untyped: Vec<(String, String)>,
}

impl FieldReport {
    fn typed(&self) -> usize {
        self.per_category.values().map(|(t, _)| t).sum()
    }

    fn total(&self) -> usize {
        self.per_category.values().map(|(_, n)| n).sum()
    }
}

fn measure_fields(ir: &Ir, facts: &[FieldFact]) -> FieldReport {
    let all = endpoints(ir);
    let types = type_table(ir);
    let mut report = FieldReport::default();
    let mut seen = BTreeSet::new();
    for fact in facts {
        let shown = format!("{} {} {}", fact.method, fact.path, fact.field.join("."));
        if !seen.insert(shown.to_ascii_lowercase()) {
            continue;
        }
        let endpoint = find_endpoint(&all, &fact.method, &path_segments(&fact.path), &query_keys(&fact.path));
        let category = endpoint.map_or("(no spec endpoint)", |e| e.category).to_owned();
        let kept = match endpoint.and_then(|e| e.ir.returns.as_ref()) {
            Some(ty) => classify(&types, ty, &fact.field),
            None => Kept::Dropped,
        };
        let counts = report.per_category.entry(category).or_default();
        counts.1 += 1;
        if kept == Kept::Typed {
            counts.0 += 1;
        } else {
            let why = match (endpoint, kept) {
                (None, _) => "no spec endpoint".to_owned(),
                (Some(e), _) if e.ir.returns.is_none() => format!("{} returns nothing", e.label()),
                (Some(e), Kept::Additional) => format!("{}: only in additional_fields", e.label()),
                (Some(e), Kept::Untyped) => format!("{}: inside json", e.label()),
                (Some(e), _) => format!("{}: not declared", e.label()),
            };
            report.untyped.push((shown, why));
        }
    }
    report.untyped.sort();
    report
}

// ---- d. Untyped endpoints --------------------------------------------------------------------------

/// Whether a return type is `json` at the top: `json`, `[json]`, `map<json>`, optional or not.
fn is_untyped(ty: &Ty) -> bool {
    match ty {
        Ty::Json => true,
        Ty::Option(inner) | Ty::List(inner) | Ty::Map(inner) => is_untyped(inner),
        _ => false,
    }
}

/// Measure d.
#[derive(Debug, Default, PartialEq)]
struct UntypedReport {
    returning: usize,
    untyped: Vec<String>,
}

fn measure_untyped(ir: &Ir) -> UntypedReport {
    let mut report = UntypedReport::default();
    for e in endpoints(ir) {
        if let Some(ty) = &e.ir.returns {
            report.returning += 1;
            if is_untyped(ty) {
                report.untyped.push(e.label());
            }
        }
    }
    report
}

// ---- Provenance ------------------------------------------------------------------------------------

/// What the data-returning endpoints and the declared types rest on.
#[derive(Debug, Default, PartialEq)]
struct ProvenanceReport {
    /// Endpoints that return something.
    returning: usize,
    /// Typed endpoints with at least one source of each kind (one endpoint may count under several).
    by_kind: BTreeMap<&'static str, usize>,
    /// Typed endpoints that rest on a source (of any kind).
    sourced: Vec<String>,
    /// Typed endpoints that rest only on inference, with what it is inferred from.
    inferred: Vec<(String, String)>,
    /// Typed endpoints that say nothing.
    unstated: Vec<String>,
    /// Untyped (`json`) endpoints.
    untyped: usize,
    /// Endpoints whose shape is unverified (inferred, unstated or `json`) and that carry no `unverified:`.
    without_note: Vec<String>,
    /// Declared types: (sourced, inferred, unstated).
    types: (usize, usize, Vec<String>),
    /// Required fields of types that rest only on inference (`Type.Field`): validation refuses them.
    inferred_required: Vec<String>,
}

fn measure_provenance(ir: &Ir) -> ProvenanceReport {
    let mut report = ProvenanceReport::default();
    for e in endpoints(ir) {
        let Some(ty) = &e.ir.returns else { continue };
        report.returning += 1;
        let p: &Provenance = &e.ir.provenance;
        let unverified_shape = if is_untyped(ty) {
            report.untyped += 1;
            true
        } else if !p.sources.is_empty() {
            let kinds: BTreeSet<&'static str> = p.sources.iter().map(|s| s.kind.word()).collect();
            for kind in kinds {
                *report.by_kind.entry(kind).or_default() += 1;
            }
            report.sourced.push(e.label());
            false
        } else if let Some(reason) = &p.inferred {
            report.inferred.push((e.label(), reason.clone()));
            true
        } else {
            report.unstated.push(e.label());
            true
        };
        if unverified_shape && e.ir.docs.unverified.is_none() {
            report.without_note.push(e.label());
        }
    }
    for module in std::iter::once(&ir.common).chain(ir.categories.iter().map(|c| &c.types)) {
        for t in &module.types {
            if !t.provenance.sources.is_empty() {
                report.types.0 += 1;
            } else if t.provenance.inferred.is_some() {
                report.types.1 += 1;
                if let TypeIrKind::Struct { fields, .. } = &t.kind {
                    report.inferred_required.extend(
                        fields
                            .iter()
                            .filter(|f| !matches!(f.ty, Ty::Option(_)) && !f.empty_when_absent && f.constant.is_none())
                            .map(|f| format!("{}.{}", t.name, f.wire)),
                    );
                }
            } else {
                report.types.2.push(t.name.clone());
            }
        }
    }
    report.types.2.sort();
    report
}

// ---- Wire facts ------------------------------------------------------------------------------------

/// What a public client shows about an endpoint's wire form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WireKind {
    /// The response body is the data itself, not the envelope.
    Bare,
    /// The response body is the envelope.
    Enveloped,
    /// The request body is a JSON string that holds the JSON object.
    StringBody,
    /// The request body is a plain JSON object.
    ObjectBody,
}

/// One line of the wire facts file.
#[derive(Debug, Clone, PartialEq)]
struct WireFact {
    method: String,
    path: String,
    kind: WireKind,
    note: String,
}

/// Parses `METHOD PATH KIND NOTE…` lines, KIND one of `bare`, `enveloped`, `string-body`, `object-body`.
fn parse_wire_facts(text: &str) -> Result<Vec<WireFact>, String> {
    let fields = parse_field_facts(text)?;
    fields
        .into_iter()
        .map(|f| {
            let kind = match f.field.join(".").as_str() {
                "bare" => WireKind::Bare,
                "enveloped" => WireKind::Enveloped,
                "string-body" => WireKind::StringBody,
                "object-body" => WireKind::ObjectBody,
                other => {
                    return Err(format!(
                        " `{} {}`: unknown kind `{other}` (bare, enveloped, string-body, object-body)",
                        f.method, f.path
                    ));
                }
            };
            Ok(WireFact { method: f.method, path: f.path, kind, note: f.note })
        })
        .collect()
}

/// Envelope and body facts, and those the spec contradicts.
#[derive(Debug, Default, PartialEq)]
struct WireReport {
    envelope_facts: usize,
    envelope_contradicted: Vec<String>,
    bodies: Vec<String>,
    /// Body facts whose endpoint sends the other form (a plain object where a client sends a JSON
    /// string, or the reverse): where sources disagree, the spec's choice shows up here.
    bodies_contradicted: Vec<String>,
    /// Body facts the spec contradicts because a newer source does (`superseded by …` in the note).
    bodies_superseded: Vec<String>,
}

/// Whether an endpoint sends its JSON body as a JSON string (`encoding: json-string`); `None` when it
/// has no JSON body.
fn sends_json_string(e: &EndpointIr) -> Option<bool> {
    match &e.body {
        Some(BodyIr::Json { json_string, .. }) => Some(*json_string),
        _ => None,
    }
}

fn check_wire_facts(ir: &Ir, facts: &[WireFact]) -> WireReport {
    let all = endpoints(ir);
    let mut report = WireReport::default();
    for fact in facts {
        let endpoint = find_endpoint(&all, &fact.method, &path_segments(&fact.path), &query_keys(&fact.path));
        let shown = |what: &str| match endpoint {
            Some(e) => format!("{}: {what} ({})", e.label(), fact.note),
            None => format!("{} {} (no spec endpoint): {what} ({})", fact.method, fact.path, fact.note),
        };
        let envelope = endpoint.map(|e| e.ir.envelope);
        match fact.kind {
            WireKind::Bare | WireKind::Enveloped => {
                report.envelope_facts += 1;
                let (agrees, seen) = match fact.kind {
                    WireKind::Bare => (envelope.is_some_and(|m| m != EnvelopeMode::Always), "read bare"),
                    _ => (envelope.is_some_and(|m| m != EnvelopeMode::Never), "read in the envelope"),
                };
                if !agrees {
                    let mode = envelope.map_or("none".to_owned(), |m| format!("{m:?}").to_ascii_lowercase());
                    report.envelope_contradicted.push(shown(&format!("{seen}, spec envelope {mode}")));
                }
            }
            WireKind::StringBody | WireKind::ObjectBody => {
                let (string, seen) = match fact.kind {
                    WireKind::StringBody => (true, "body sent as a JSON string"),
                    _ => (false, "body sent as a plain object"),
                };
                report.bodies.push(shown(seen));
                let spec = endpoint.and_then(|e| sends_json_string(e.ir));
                if spec != Some(string) {
                    let sends = match spec {
                        Some(true) => "a JSON string",
                        Some(false) => "a plain object",
                        None => "no JSON body",
                    };
                    let line = shown(&format!("{seen}, spec sends {sends}"));
                    if fact.note.contains("superseded by ") {
                        report.bodies_superseded.push(line);
                    } else {
                        report.bodies_contradicted.push(line);
                    }
                }
            }
        }
    }
    report
}

// ---- Report ----------------------------------------------------------------------------------------

/// Every measure.
struct Report {
    params: ParamReport,
    keys: KeyReport,
    ionic: FieldReport,
    page_builder: FieldReport,
    untyped: UntypedReport,
    wire: WireReport,
    provenance: ProvenanceReport,
}

/// `count/total (p%)`, one decimal; `count/0 (n/a)` when there is nothing to count.
fn ratio(count: usize, total: usize) -> String {
    match percent(count, total) {
        Some(p) => format!("{count}/{total} ({p:.1}%)"),
        None => format!("{count}/{total} (n/a)"),
    }
}

fn percent(count: usize, total: usize) -> Option<f64> {
    (total > 0).then(|| count as f64 * 100.0 / total as f64)
}

/// Appends a titled list, one item a line.
fn section(out: &mut String, title: String, lines: Vec<String>) {
    let _ = writeln!(out, "\n{title} ({}):", lines.len());
    for line in lines {
        let _ = writeln!(out, "  {line}");
    }
}

fn figure(count: usize, total: usize) -> Value {
    json!({ "count": count, "total": total, "percent": percent(count, total).map(|p| (p * 10.0).round() / 10.0) })
}

impl Report {
    fn to_text(&self) -> String {
        let (p, k, u) = (&self.params, &self.keys, &self.untyped);
        let kept = k.total() - k.count(Kept::Dropped);
        let mut out = String::new();
        let _ = writeln!(out, "a. Postman query parameters present: {}", ratio(p.present, p.total));
        let _ = writeln!(
            out,
            "b. captured response keys kept: {}; typed {}, kept only as additional fields {}, inside json {}",
            ratio(kept, k.total()),
            ratio(k.count(Kept::Typed), k.total()),
            k.count(Kept::Additional),
            k.count(Kept::Untyped),
        );
        let _ = writeln!(out, "c. Ionic-app fields typed: {}", ratio(self.ionic.typed(), self.ionic.total()));
        let _ = writeln!(out, "d. untyped data-returning endpoints: {}", ratio(u.untyped.len(), u.returning));
        let _ = writeln!(
            out,
            "   (page-builder fields typed: {}; envelope facts contradicted: {} of {}; body facts contradicted: {} of {}, \
             superseded by newer evidence: {})",
            ratio(self.page_builder.typed(), self.page_builder.total()),
            self.wire.envelope_contradicted.len(),
            self.wire.envelope_facts,
            self.wire.bodies_contradicted.len(),
            self.wire.bodies.len(),
            self.wire.bodies_superseded.len()
        );

        section(
            &mut out,
            "a. Postman parameters missing".into(),
            p.missing.iter().map(|(e, r, q)| format!("{e}  {q}  [{r}]")).collect(),
        );
        section(
            &mut out,
            "a. spec query parameters no Postman request lists".into(),
            p.guesses.iter().map(|(e, q)| format!("{e}  {q}")).collect(),
        );
        section(
            &mut out,
            "a. Postman requests matching no spec endpoint".into(),
            p.unmatched.iter().map(|(r, m)| format!("{m}  [{r}]")).collect(),
        );
        for (kept, title) in [
            (Kept::Dropped, "b. captured keys dropped"),
            (Kept::Additional, "b. captured keys kept only as additional fields"),
            (Kept::Untyped, "b. captured keys kept only inside json"),
        ] {
            section(&mut out, title.into(), k.by_kept.get(&kept).cloned().unwrap_or_default());
        }
        for (name, fields) in [("Ionic-app", &self.ionic), ("page-builder", &self.page_builder)] {
            let per: Vec<String> = fields.per_category.iter().map(|(c, (t, n))| format!("{c} {t} of {n}")).collect();
            let _ = writeln!(out, "\nc. {name} fields typed per category: {}", per.join(", "));
            section(
                &mut out,
                format!("c. {name} fields not typed"),
                fields.untyped.iter().map(|(f, w)| format!("{f}  ({w})")).collect(),
            );
        }
        section(&mut out, "d. untyped data-returning endpoints".into(), u.untyped.clone());
        section(&mut out, "envelope facts the spec contradicts".into(), self.wire.envelope_contradicted.clone());
        section(&mut out, "request bodies as the public clients send them".into(), self.wire.bodies.clone());
        section(&mut out, "body facts the spec contradicts".into(), self.wire.bodies_contradicted.clone());
        section(
            &mut out,
            "body facts a newer source supersedes (the spec follows it)".into(),
            self.wire.bodies_superseded.clone(),
        );
        self.provenance_text(&mut out);
        out
    }

    fn provenance_text(&self, out: &mut String) {
        let p = &self.provenance;
        let typed = p.returning - p.untyped;
        let _ = writeln!(out, "\nprovenance of the {} data-returning endpoints:", p.returning);
        let _ = writeln!(out, "  typed, resting on a source: {}", ratio(p.sourced.len(), typed));
        for (kind, _) in SourceKind::ALL {
            let word = kind.word();
            let _ = writeln!(out, "    {word}: {}", p.by_kind.get(word).copied().unwrap_or_default());
        }
        let _ = writeln!(out, "  typed, inferred: {}", ratio(p.inferred.len(), typed));
        let _ = writeln!(out, "  typed, resting on nothing stated: {}", ratio(p.unstated.len(), typed));
        let _ = writeln!(out, "  untyped (json): {}", ratio(p.untyped, p.returning));
        let _ = writeln!(out, "  unverified shape without an `unverified:` note: {}", p.without_note.len());
        let (sourced, inferred, unstated) = (&p.types.0, &p.types.1, &p.types.2);
        let _ = writeln!(
            out,
            "  types: {sourced} resting on a source, {inferred} inferred, {} stating nothing; required fields in inferred types: {}",
            unstated.len(),
            p.inferred_required.len()
        );
        section(
            out,
            "provenance: inferred responses".into(),
            p.inferred.iter().map(|(e, r)| format!("{e}  (from {r})")).collect(),
        );
        section(out, "provenance: typed responses resting on nothing stated".into(), p.unstated.clone());
        section(out, "provenance: unverified shapes without a note".into(), p.without_note.clone());
        section(out, "provenance: types stating nothing".into(), unstated.clone());
    }

    fn to_json(&self) -> Value {
        let (p, k, u) = (&self.params, &self.keys, &self.untyped);
        let fields = |f: &FieldReport| {
            json!({
                "typed": figure(f.typed(), f.total()),
                "per_category": f.per_category.iter().map(|(c, (t, n))| (c.clone(), figure(*t, *n))).collect::<BTreeMap<_, _>>(),
                "not_typed": f.untyped.iter().map(|(f, w)| json!({ "field": f, "why": w })).collect::<Vec<_>>(),
            })
        };
        let keys = |kept: Kept| k.by_kept.get(&kept).cloned().unwrap_or_default();
        json!({
            "postman_params": {
                "present": figure(p.present, p.total),
                "missing": p.missing.iter().map(|(e, r, q)| json!({ "endpoint": e, "request": r, "param": q })).collect::<Vec<_>>(),
                "spec_only": p.guesses.iter().map(|(e, q)| json!({ "endpoint": e, "param": q })).collect::<Vec<_>>(),
                "unmatched_requests": p.unmatched.iter().map(|(r, m)| json!({ "request": r, "url": m })).collect::<Vec<_>>(),
            },
            "captured_keys": {
                "kept": figure(k.total() - k.count(Kept::Dropped), k.total()),
                "typed": figure(k.count(Kept::Typed), k.total()),
                "dropped": keys(Kept::Dropped),
                "additional_only": keys(Kept::Additional),
                "json_only": keys(Kept::Untyped),
            },
            "ionic_fields": fields(&self.ionic),
            "page_builder_fields": fields(&self.page_builder),
            "untyped_endpoints": { "untyped": figure(u.untyped.len(), u.returning), "endpoints": u.untyped },
            "provenance": {
                "returning": self.provenance.returning,
                "typed_sourced": figure(self.provenance.sourced.len(), self.provenance.returning - self.provenance.untyped),
                "typed_sourced_by_kind": SourceKind::ALL
                    .iter()
                    .map(|(k, _)| (k.word(), self.provenance.by_kind.get(k.word()).copied().unwrap_or_default()))
                    .collect::<BTreeMap<_, _>>(),
                "typed_inferred": self.provenance.inferred.iter().map(|(e, r)| json!({ "endpoint": e, "inferred_from": r })).collect::<Vec<_>>(),
                "typed_unstated": self.provenance.unstated,
                "untyped": self.provenance.untyped,
                "unverified_without_note": self.provenance.without_note,
                "types": {
                    "sourced": self.provenance.types.0,
                    "inferred": self.provenance.types.1,
                    "unstated": self.provenance.types.2,
                    "inferred_required_fields": self.provenance.inferred_required,
                },
            },
            "wire_facts": {
                "envelope_facts": self.wire.envelope_facts,
                "envelope_contradicted": self.wire.envelope_contradicted,
                "bodies": self.wire.bodies,
                "bodies_contradicted": self.wire.bodies_contradicted,
                "bodies_superseded": self.wire.bodies_superseded,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axero_codegen::load::Source;

    const API: &str = "
base_url: https://{site}
auth: {bearer: {header: Authorization}}
envelope: {error: IsError, message: ResponseMessage, total: TotalRecords, data: ResponseData}
paging: {page: StartPage, size: PageLength, first_page: 1, default_size: 30, max_size: 100}
";

    const CONTENT: &str = "
doc: Content.
endpoints:
  list:
    get: /api/content/list
    query:
      SpaceID: i32?
      Guess: string?
    paged: true
    returns: [Item]
  get:
    get: /api/content/{ContentID}
    path: {ContentID: i32}
    returns: Item
  get_unseen:
    get: /api/content/unseen
    returns: json
  get_profile:
    get: /api/content/{UserID}
    path: {UserID: i32}
    query:
      ContentTypeID: {value: 15}
    returns: json
  list_raw:
    get: /api/content/raw
    returns: [json]
  delete:
    delete: /api/content/{ContentID}
    path: {ContentID: i32}
  bare:
    get: /api/countries
    envelope: never
    returns: [Item]
  update:
    put: /api/content/{ContentID}
    path: {ContentID: i32}
    body: {type: Item, encoding: json-string}
  create:
    post: /api/content
    body: Item
types:
  Item:
    additional_fields: false
    fields:
      ContentID: i32
      Author: Person?
      Tags: '[Person]?'
      Extra: json?
      Counts: map<i32>?
  Person:
    fields:
      Name: string?
";

    fn ir() -> Ir {
        let source = |stem: &str, text: &str| Source {
            display: format!("spec/{stem}.yaml"),
            stem: stem.to_owned(),
            text: text.to_owned(),
        };
        axero_codegen::lower_sources(&[source("api", API), source("content", CONTENT)]).expect("fixture spec lowers")
    }

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn url_segments_lose_host_query_and_glued_placeholders() {
        assert_eq!(
            path_segments("{{site-url}}/api/content/{ContentID}?Culture=en"),
            strings(&["api", "content", "{ContentID}"])
        );
        assert_eq!(
            path_segments("{{site-url}}api/content/{ContentID}attachments"),
            strings(&["api", "content", "{ContentID}", "attachments"])
        );
        assert_eq!(
            path_segments("https://x.example/api/users/{{userId}}/x"),
            strings(&["api", "users", "{{userId}}", "x"])
        );
        assert_eq!(path_segments("/api/users/:id"), strings(&["api", "users", ":id"]));
    }

    #[test]
    fn placeholders_match_placeholders_and_ids_and_literals_win() {
        let ir = ir();
        let all = endpoints(&ir);
        let find = |m: &str, url: &str| find_endpoint(&all, m, &path_segments(url), &[]).map(|e| e.ir.rust.clone());
        assert_eq!(find("GET", "{{site-url}}/api/content/{{contentId}}"), Some("get".into()));
        assert_eq!(find("GET", "/API/Content/:id"), Some("get".into()));
        assert_eq!(find("get", "/api/content/12345"), Some("get".into()));
        // A literal word is not an id: `unseen` is its own endpoint, `raw` too, `other` none.
        assert_eq!(find("GET", "/api/content/unseen"), Some("get_unseen".into()));
        assert_eq!(find("GET", "/api/content/other"), None);
        assert_eq!(find("DELETE", "/api/content/7"), Some("delete".into()));
        assert_eq!(find("POST", "/api/content/7"), None);
        // Two endpoints share a path: the query decides.
        let with_query = find_endpoint(&all, "GET", &path_segments("/api/content/7"), &strings(&["ContentTypeID"]));
        assert_eq!(with_query.map(|e| e.ir.rust.as_str()), Some("get_profile"));
    }

    #[test]
    fn postman_params_are_counted_against_the_matched_endpoint() {
        let collection = json!({ "item": [
            { "name": "Folder", "item": [
                { "name": "List", "request": { "method": "GET", "url": {
                    "raw": "{{site-url}}/api/content/list?SpaceID=1",
                    "query": [
                        { "key": "SpaceID", "value": "1" },
                        { "key": "StartPage", "value": "1", "disabled": true },
                        { "key": "SortOrder", "value": "1" },
                        { "key": "SpaceID", "value": "2" },
                    ] } } },
            ] },
            { "name": "Countries", "request": { "method": "GET", "url": "{{site-url}}/api/countries?PageLength=5" } },
            { "name": "Nowhere", "request": { "method": "GET", "url": "{{site-url}}/api/nowhere?X=1" } },
            { "name": "No url", "request": { "method": "GET" } },
        ] });
        let requests = postman_requests(&collection);
        assert_eq!(requests.len(), 3);
        assert_eq!(requests[0].query, strings(&["SpaceID", "StartPage", "SortOrder"]));
        assert_eq!(requests[1].query, strings(&["PageLength"]));

        let report = measure_params(&ir(), &requests);
        // SpaceID listed, StartPage paged; SortOrder missing; PageLength on an unpaged endpoint; X unmatched.
        assert_eq!((report.present, report.total), (2, 5));
        let missing: Vec<&str> = report.missing.iter().map(|(_, _, q)| q.as_str()).collect();
        assert_eq!(missing, ["X", "PageLength", "SortOrder"], "sorted by endpoint");
        assert_eq!(report.missing[0].0, "(no spec endpoint)");
        assert_eq!(report.guesses, [("content.list (GET /api/content/list)".to_owned(), "Guess".to_owned())]);
        assert_eq!(report.unmatched, [("Nowhere".to_owned(), "GET /api/nowhere".to_owned())]);
    }

    #[test]
    fn a_parameter_postman_spells_two_ways_counts_once_under_either_spelling() {
        let collection = json!({ "item": [
            { "name": "A", "request": { "method": "GET", "url": "{{site-url}}/api/content/list?SpaceID=1" } },
            { "name": "B", "request": { "method": "GET", "url": "{{site-url}}/api/content/list?spaceid=1&guess=x" } },
        ] });
        let report = measure_params(&ir(), &postman_requests(&collection));
        // `spaceid` is present: another request spells it as the spec does. `guess` is missing: no
        // Postman request spells it `Guess`.
        assert_eq!((report.present, report.total), (2, 3));
        let missing: Vec<&str> = report.missing.iter().map(|(_, _, q)| q.as_str()).collect();
        assert_eq!(missing, ["guess"]);
    }

    #[test]
    fn paging_not_in_postman_is_a_candidate_guess() {
        let collection = json!({ "item": [
            { "name": "List", "request": { "method": "GET", "url": "{{site-url}}/api/content/list?SpaceID=1&Guess=x" } },
        ] });
        let report = measure_params(&ir(), &postman_requests(&collection));
        assert_eq!((report.present, report.total), (2, 2));
        assert_eq!(
            report.guesses,
            [("content.list (GET /api/content/list)".to_owned(), "(paging StartPage/PageLength)".to_owned())]
        );
    }

    #[test]
    fn keys_resolve_through_named_types_lists_maps_and_json() {
        let ir = ir();
        let types = type_table(&ir);
        let ty =
            &endpoints(&ir).iter().find(|e| e.ir.rust == "list").expect("list").ir.returns.clone().expect("returns");
        let kept = |path: &str| classify(&types, ty, &strings(&path.split('.').collect::<Vec<_>>()));
        assert_eq!(kept("ContentID"), Kept::Typed);
        assert_eq!(kept("Author.Name"), Kept::Typed);
        assert_eq!(kept("Tags.Name"), Kept::Typed, "lists are transparent");
        assert_eq!(kept("Counts.anything"), Kept::Typed, "a map key is any segment");
        assert_eq!(kept("Author.Email"), Kept::Additional);
        assert_eq!(kept("Author.Email.Deeper"), Kept::Additional);
        assert_eq!(kept("Extra.Whatever"), Kept::Untyped);
        assert_eq!(kept("Unknown"), Kept::Dropped, "Item keeps no additional fields");
        assert_eq!(kept("ContentID.Deeper"), Kept::Dropped, "no key lives under a number");
    }

    #[test]
    fn captured_keys_are_distinct_paths_of_the_data() {
        let capture = json!({ "IsError": false, "ResponseData": [
            { "ContentID": 1, "Author": { "Name": "a", "Email": "e" }, "Lost": true },
            { "ContentID": 2, "Author": { "Name": "b" }, "Extra": { "K": [ { "L": 1 } ] } },
        ] });
        // The fixture's `content.list` returns [Item].
        let report = measure_captured_keys(&ir(), &[capture]).expect("measured");
        let list = |k: Kept| report.by_kept.get(&k).cloned().unwrap_or_default();
        assert_eq!(list(Kept::Typed), strings(&["Author", "Author.Name", "ContentID", "Extra"]));
        assert_eq!(list(Kept::Additional), strings(&["Author.Email"]));
        assert_eq!(list(Kept::Untyped), strings(&["Extra.K", "Extra.K.L"]));
        assert_eq!(list(Kept::Dropped), strings(&["Lost"]));
        assert_eq!(report.total(), 8);
    }

    #[test]
    fn field_facts_parse_and_measure_per_category() {
        let facts = parse_field_facts(
            "# comment\n\nGET /api/content/{ContentID}  Author.Name  src/a.html\n\
             GET /api/content/{ContentID} Author.Name src/b.ts\n\
             GET /api/content/{ID} Author.Email src/b.ts\n\
             GET /api/content/unseen Title src/c.ts\n\
             DELETE /api/content/{ContentID} Title\n\
             GET /api/missing Title src/d.ts\n\
             GET /api/content/{UserID}?ContentTypeID=15 City src/e.ts\n",
        )
        .expect("parses");
        assert_eq!(facts.len(), 7);
        assert_eq!(facts[0].field, strings(&["Author", "Name"]));
        assert_eq!(facts[0].note, "src/a.html");
        let report = measure_fields(&ir(), &facts);
        // The second line repeats the first; Email is additional, Title is inside json, delete returns nothing.
        // The query in the last path picks `get_profile` (json) over `get`, which shares its path.
        assert_eq!((report.typed(), report.total()), (1, 6));
        assert_eq!(report.per_category.get("content"), Some(&(1, 5)));
        assert!(report.untyped.iter().any(|(f, w)| f.ends_with("City") && w.starts_with("content.get_profile")));
        assert_eq!(report.per_category.get("(no spec endpoint)"), Some(&(0, 1)));
        assert!(report.untyped.iter().any(|(f, w)| f.ends_with("Author.Email") && w.contains("additional")));
        assert!(parse_field_facts("GET /api/x\n").unwrap_err().starts_with("1: expected"));
    }

    #[test]
    fn untyped_endpoints_are_json_at_the_top() {
        let report = measure_untyped(&ir());
        assert_eq!(report.returning, 6, "delete returns nothing");
        let names: Vec<&str> = report.untyped.iter().map(|l| l.split(' ').next().unwrap_or_default()).collect();
        assert_eq!(names, ["content.get_profile", "content.get_unseen", "content.list_raw"]);
        assert!(is_untyped(&Ty::Option(Box::new(Ty::Map(Box::new(Ty::Json))))));
        assert!(!is_untyped(&Ty::I32));
    }

    #[test]
    fn wire_facts_check_the_envelope_and_list_bodies() {
        let facts = parse_wire_facts(
            "GET /api/countries bare src/a.ts\nGET /api/content/list bare src/b.ts\n\
             GET /api/content/list enveloped src/b.ts\nPUT /api/content/{ContentID} string-body src/c.ts\n\
             POST /api/content string-body src/d.ts\nDELETE /api/content/{ContentID} object-body src/e.ts\n",
        )
        .expect("parses");
        let report = check_wire_facts(&ir(), &facts);
        assert_eq!(report.envelope_facts, 3);
        assert_eq!(report.envelope_contradicted.len(), 1);
        assert!(
            report.envelope_contradicted[0].contains("content.list")
                && report.envelope_contradicted[0].contains("always")
        );
        assert_eq!(report.bodies.len(), 3);
        // The update sends the string the fact says; the create sends a plain object; the delete none.
        assert_eq!(report.bodies_contradicted.len(), 2, "{:?}", report.bodies_contradicted);
        assert!(
            report.bodies_contradicted[0].contains("content.create")
                && report.bodies_contradicted[0].ends_with("spec sends a plain object (src/d.ts)")
        );
        assert!(report.bodies_contradicted[1].contains("spec sends no JSON body"));
        assert!(parse_wire_facts("GET /api/x sideways\n").unwrap_err().contains("unknown kind"));
        // A fact a newer source supersedes is counted apart.
        let facts = parse_wire_facts("POST /api/content string-body src/d.ts; superseded by postman \"Create\"\n")
            .expect("parses");
        let report = check_wire_facts(&ir(), &facts);
        assert_eq!((report.bodies_contradicted.len(), report.bodies_superseded.len()), (0, 1));
    }

    #[test]
    fn endpoints_are_counted_by_what_their_response_rests_on() {
        let ir = provenance_ir();
        let report = measure_provenance(&ir);
        assert_eq!(report.returning, 5);
        assert_eq!(report.untyped, 1);
        assert_eq!(report.by_kind.get("capture"), Some(&1), "only the reference that names `list` counts for it");
        assert_eq!(report.by_kind.get("ionic"), Some(&2));
        let sourced: Vec<&str> = report.sourced.iter().map(|l| l.split(' ').next().unwrap_or_default()).collect();
        assert_eq!(sourced, ["things.get", "things.list"]);
        assert_eq!(report.inferred.len(), 1);
        assert!(report.inferred[0].0.starts_with("things.count") && report.inferred[0].1.starts_with("the other"));
        assert_eq!(report.unstated.len(), 1, "a file without `provenance: required` may say nothing");
        // `raw` (json) has a note; `count` (inferred) and `bare` (unstated) have none.
        let without: Vec<&str> = report.without_note.iter().map(|l| l.split(' ').next().unwrap_or_default()).collect();
        assert_eq!(without, ["things.bare", "things.count"]);
        assert_eq!(report.types, (1, 1, vec!["Mood".to_owned()]));
        assert!(report.inferred_required.is_empty());
    }

    fn provenance_ir() -> Ir {
        let things = "
doc: Things.
endpoints:
  list:
    get: /api/things
    returns: [Thing]
  get:
    get: /api/things/{ThingID}
    path: {ThingID: i32}
    returns: Thing
  count:
    get: /api/things/count
    inferred: the other counts.
    returns: i32
  bare:
    get: /api/things/bare
    returns: Mood
  raw:
    get: /api/things/raw
    unverified: No response seen.
    returns: json
types:
  Thing:
    source:
      - capture things (things.list)
      - ionic src/pages/things.ts (things.list, things.get)
    fields: {ThingID: i32}
  Guess:
    inferred: nothing at all.
    fields: {X: i32?}
  Mood: {enum: i32, values: {Glad: 1}}
";
        let source = |stem: &str, text: &str| Source {
            display: format!("spec/{stem}.yaml"),
            stem: stem.to_owned(),
            text: text.to_owned(),
        };
        axero_codegen::lower_sources(&[source("api", API), source("things", things)]).expect("fixture spec lowers")
    }

    #[test]
    fn ratios_print_one_decimal_and_survive_zero() {
        assert_eq!(ratio(61, 97), "61/97 (62.9%)");
        assert_eq!(ratio(0, 0), "0/0 (n/a)");
        assert_eq!(figure(1, 3)["percent"], json!(33.3));
    }
}
