//! OpenAPI export: the IR as an OpenAPI 3.1 (or 3.0) document, so that the API this spec describes can
//! feed Swagger UI, schemathesis, Postman and other languages' generators. Like the emitter it reads
//! only the IR; `cargo xtask gen` writes the 3.1 document as `openapi.yaml` next to the generated code,
//! and `cargo xtask openapi` writes either version anywhere.
//!
//! The document describes the wire as it is, not the Rust client: responses are the envelope around the
//! data (or the bare value where the spec says `envelope: never`), numbers sent as strings are strings,
//! lists sent as comma-separated text are strings (in a body) or `style: form, explode: false` arrays
//! (in a query), and the error statuses carry the envelope. Facts that OpenAPI has no word for are kept
//! in `x-` extensions: `x-axero-id` (typed ids), `x-unverified` (what a live server has not confirmed),
//! `x-axero-csv`, `x-axero-as-string`, `x-axero-json-string`, `x-axero-date-format`, and
//! `x-axero-methods` where several client methods share one operation.
//!
//! One method and path is one OpenAPI operation, but a spec may give it several client methods (`feature`
//! and `unfeature` send one `PUT` with another constant; an upload may be multipart or raw bytes), and two
//! paths may differ only in the name of a placeholder (`/api/content/{ContentID}` and
//! `/api/content/{UserID}`), which OpenAPI counts as one path. Such endpoints are merged into one
//! operation: constants become an `enum` of their values, differing schemas an `anyOf`, differing bodies
//! one media type each, and a placeholder takes the name of the first path (sorted) that has it.

mod schema;
mod value;

use std::collections::BTreeMap;

pub use value::{Map, Value};

use crate::ir::{BodyIr, Category, Docs, EndpointIr, EnvelopeMode, Ir, Location, Method, PagingIr, ParamIr, Ty};
use crate::provenance::{COMMAND, Comment, GeneratedFile, every_file, header, spec_hash};
use schema::{Schemas, Wire, typed};

/// The file `cargo xtask gen` writes, relative to the output crate.
pub const FILE: &str = "openapi.yaml";

/// The OpenAPI version of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// OpenAPI 3.0 (3.0.3): `nullable`, `enum` of one value, `x-enum-varnames`.
    V3_0,
    /// OpenAPI 3.1 (3.1.0), the default: JSON Schema 2020-12, `const`, `oneOf` of titled constants.
    V3_1,
}

impl Version {
    /// `3.0` or `3.1`.
    pub fn parse(text: &str) -> Option<Version> {
        match text {
            "3.0" => Some(Version::V3_0),
            "3.1" => Some(Version::V3_1),
            _ => None,
        }
    }

    /// The `openapi:` field.
    pub fn number(self) -> &'static str {
        match self {
            Version::V3_0 => "3.0.3",
            Version::V3_1 => "3.1.0",
        }
    }

    /// The command that writes a document of this version, named in its header.
    fn command(self) -> String {
        match self {
            Version::V3_1 => COMMAND.to_owned(),
            Version::V3_0 => "cargo xtask openapi --version 3.0".to_owned(),
        }
    }
}

/// The 3.1 document as the file `cargo xtask gen` writes.
pub fn file(ir: &Ir) -> Result<GeneratedFile, String> {
    Ok(GeneratedFile { path: FILE.to_owned(), text: yaml(ir, Version::V3_1)? })
}

/// The document as YAML, with the do-not-edit header as a comment.
pub fn yaml(ir: &Ir, version: Version) -> Result<String, String> {
    let body = value::to_yaml(&document(ir, version))?;
    let command = version.command();
    Ok(format!("{}{body}", header(Comment::Hash, &command, &every_file(ir), &spec_hash(ir))))
}

/// The document as a tree.
pub fn document(ir: &Ir, version: Version) -> Value {
    let doc = Doc { ir, schemas: Schemas::new(ir, version) };
    Map::new()
        .with("openapi", version.number())
        .with("info", doc.info())
        .with("servers", vec![doc.server()])
        .with("security", doc.security())
        .with("tags", doc.tags())
        .with("paths", doc.paths())
        .with(
            "components",
            Map::new()
                .with("schemas", doc.schemas.components(&ir.ids.ids))
                .with("responses", doc.error_responses())
                .with("securitySchemes", doc.security_schemes()),
        )
        .into()
}

/// The error statuses every operation may answer, each with the envelope: (status, component name,
/// what it means).
const ERRORS: [(&str, &str, &str); 6] = [
    (
        "400",
        "BadRequest",
        "The request is malformed: a required parameter or the body is missing, or a value is not of its type \
         (a path id that is not an integer).",
    ),
    ("401", "Unauthorized", "The credentials are missing, wrong or expired."),
    ("403", "Forbidden", "The credentials do not allow this call."),
    ("404", "NotFound", "Nothing is there (or the caller may not know that it is)."),
    ("429", "TooManyRequests", "Too many requests: wait for `Retry-After` before the next one."),
    ("5XX", "ServerError", "The server failed."),
];

/// The security scheme names.
const BEARER: &str = "bearerAuth";
const LEGACY: &str = "legacyApiKey";

/// One endpoint in an operation, with the names its path placeholders take in the document's path.
struct Member<'a> {
    category: &'a Category,
    endpoint: &'a EndpointIr,
    /// (its placeholder, the document's) where they differ.
    renames: Vec<(String, String)>,
}

impl Member<'_> {
    /// `users.get`: the operation id, and how several client methods of one operation are named.
    fn id(&self) -> String {
        format!("{}.{}", self.category.module, self.endpoint.rust)
    }

    /// The endpoint's docs without the generated `` `GET /path` `` line, which the document says anyway.
    fn docs(&self) -> Docs {
        let e = self.endpoint;
        let marker = format!("`{} {}`", e.method.as_upper(), e.path);
        let mut lines: Vec<String> = Vec::new();
        for line in e.docs.lines.iter().filter(|l| **l != marker) {
            if !(line.is_empty() && lines.last().is_none_or(String::is_empty)) {
                lines.push(line.clone());
            }
        }
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        Docs { lines, ..e.docs.clone() }
    }

    /// The first sentence of the written docs.
    fn summary(&self) -> Option<String> {
        let docs = self.docs();
        let paragraph: Vec<&str> = docs.lines.iter().map(|l| l.trim()).take_while(|l| !l.is_empty()).collect();
        let text = schema::plain_links(&paragraph.join(" "));
        if text.is_empty() || text.starts_with("**Unverified:**") {
            return None;
        }
        // A sentence ends at a full stop before a capital letter (`e.g. \`x\`` does not end one).
        let end =
            text.match_indices(". ").map(|(i, _)| i).find(|&i| text[i + 2..].starts_with(|c: char| c.is_uppercase()));
        let sentence = end.map_or(text.as_str(), |end| &text[..end]);
        Some(sentence.trim_end_matches('.').to_owned())
    }
}

/// Builds one document.
struct Doc<'a> {
    ir: &'a Ir,
    schemas: Schemas<'a>,
}

impl Doc<'_> {
    fn info(&self) -> Map {
        let doc = schema::plain_links(self.ir.api.doc.join("\n").trim());
        let first = doc.split("\n\n").next().unwrap_or("").replace('\n', " ");
        let title = first.split([':', '.']).next().unwrap_or("").trim();
        Map::new()
            .with("title", if title.is_empty() { "API".to_owned() } else { title.to_owned() })
            .with("version", format!("spec {}", spec_hash(self.ir)))
            .with_opt("description", (!doc.is_empty()).then_some(doc))
    }

    /// The base URL, with a variable for each `{placeholder}` in it.
    fn server(&self) -> Value {
        let url = &self.ir.api.base_url;
        let variables: Map = placeholders(url)
            .into_iter()
            .map(|name| {
                let v = Map::new()
                    .with("default", name.to_owned())
                    .with("description", format!("The `{{{name}}}` part of the base URL: your site."));
                (name.to_owned(), v)
            })
            .collect();
        Map::new().with("url", url).with_opt("variables", (!variables.is_empty()).then_some(variables)).into()
    }

    /// Either credential will do.
    fn security(&self) -> Vec<Value> {
        let mut schemes = vec![Value::from(Map::new().with(BEARER, Vec::new()))];
        if self.ir.api.legacy_header.is_some() {
            schemes.push(Map::new().with(LEGACY, Vec::new()).into());
        }
        schemes
    }

    fn security_schemes(&self) -> Map {
        let header = &self.ir.api.bearer_header;
        let bearer = if header.eq_ignore_ascii_case("authorization") {
            typed("http").with("scheme", "bearer").with("description", format!("`{header}: Bearer <token>`."))
        } else {
            typed("apiKey")
                .with("in", "header")
                .with("name", header)
                .with("description", format!("`{header}: Bearer <token>`."))
        };
        let mut schemes = Map::new().with(BEARER, bearer);
        if let Some((name, note)) = &self.ir.api.legacy_header {
            let note = note.as_deref().unwrap_or("Use the Bearer token instead.");
            let legacy = typed("apiKey")
                .with("in", "header")
                .with("name", name)
                .with("description", format!("**Deprecated:** {note}"))
                .with("x-deprecated", true);
            schemes.insert(LEGACY, legacy);
        }
        schemes
    }

    fn tags(&self) -> Vec<Value> {
        let tag = |c: &Category| {
            let doc = schema::plain_links(c.doc.join("\n").trim());
            Map::new().with("name", &c.module).with_opt("description", (!doc.is_empty()).then_some(doc)).into()
        };
        self.ir.categories.iter().map(tag).collect()
    }

    /// Every operation, by path (sorted) and method (in OpenAPI's order).
    fn paths(&self) -> Map {
        let all: Vec<(&Category, &EndpointIr)> =
            self.ir.categories.iter().flat_map(|c| c.endpoints.iter().map(move |e| (c, e))).collect();
        // OpenAPI counts paths that differ only in placeholder names as one: the first (sorted) names it.
        let mut canonical: BTreeMap<String, &str> = BTreeMap::new();
        for (_, e) in &all {
            let slot = canonical.entry(shape(&e.path)).or_insert(&e.path);
            if e.path.as_str() < *slot {
                *slot = &e.path;
            }
        }
        let mut operations: BTreeMap<&str, BTreeMap<usize, Vec<Member>>> = BTreeMap::new();
        for (category, endpoint) in all {
            let path = canonical.get(&shape(&endpoint.path)).copied().unwrap_or(&endpoint.path);
            let renames = placeholders(&endpoint.path)
                .into_iter()
                .zip(placeholders(path))
                .filter(|(own, doc)| own != doc)
                .map(|(own, doc)| (own.to_owned(), doc.to_owned()))
                .collect();
            let member = Member { category, endpoint, renames };
            operations.entry(path).or_default().entry(method_rank(endpoint.method)).or_default().push(member);
        }
        operations
            .into_iter()
            .map(|(path, methods)| {
                let item: Map = methods
                    .into_values()
                    .filter_map(|members| {
                        let method = members.first()?.endpoint.method;
                        Some((method_key(method), self.operation(&members)))
                    })
                    .collect();
                (path.to_owned(), item)
            })
            .collect()
    }

    fn operation(&self, members: &[Member]) -> Map {
        let (first, merged) = match members {
            [one] => (one, false),
            [first, ..] => (first, true),
            [] => return Map::new(),
        };
        let tags: Vec<Value> = {
            let mut tags: Vec<&str> = members.iter().map(|m| m.category.module.as_str()).collect();
            tags.dedup();
            tags.into_iter().map(|t| Value::from(t.to_owned())).collect()
        };
        let (summary, description) = if merged {
            let summaries: Vec<String> = members.iter().filter_map(Member::summary).collect();
            let parts: Vec<String> = members
                .iter()
                .map(|m| {
                    let d = schema::description(&m.docs());
                    if d.is_empty() { format!("`{}`.", m.id()) } else { format!("`{}`: {d}", m.id()) }
                })
                .collect();
            let intro = "Several client methods send this request:";
            ((!summaries.is_empty()).then(|| summaries.join("; ")), format!("{intro}\n\n{}", parts.join("\n\n")))
        } else {
            (first.summary(), schema::description(&first.docs()))
        };
        let unverified: Vec<String> = members
            .iter()
            .filter_map(|m| {
                let note = m.endpoint.docs.unverified.as_ref()?;
                Some(if merged { format!("`{}`: {note}", m.id()) } else { note.clone() })
            })
            .collect();
        let parameters = self.parameters(members);
        Map::new()
            .with("operationId", first.id())
            .with("tags", tags)
            .with_opt("summary", summary)
            .with_opt("description", (!description.is_empty()).then_some(description))
            .with_opt("deprecated", members.iter().all(|m| m.endpoint.docs.deprecated.is_some()).then_some(true))
            .with_opt(
                "x-axero-methods",
                merged.then(|| members.iter().map(|m| Value::from(m.id())).collect::<Vec<_>>()),
            )
            .with_opt("x-unverified", (!unverified.is_empty()).then(|| unverified.join("\n")))
            .with_opt("parameters", (!parameters.is_empty()).then_some(parameters))
            .with_opt("requestBody", self.request_body(members))
            .with("responses", self.responses(members))
    }

    /// Path, query and header parameters (and the paging ones) of the members, merged by place and name:
    /// path parameters in path order, then the others by place and name, paging last.
    fn parameters(&self, members: &[Member]) -> Vec<Value> {
        let mut slots: BTreeMap<(u8, String), Slot> = BTreeMap::new();
        for m in members {
            let placeholders = placeholders(&m.endpoint.path);
            for p in &m.endpoint.params {
                let (place, rank) = match p.location {
                    Location::Path => ("path", 0),
                    Location::Query => ("query", 1),
                    Location::Header => ("header", 2),
                    Location::FormText | Location::FormFile => continue,
                };
                let name = m.renames.iter().find(|(own, _)| *own == p.wire).map_or(p.wire.as_str(), |(_, d)| d);
                // Path parameters keep the path's order.
                let order =
                    placeholders.iter().position(|n| *n == p.wire).map_or(p.wire.clone(), |i| format!("{i:03}"));
                let slot = slots.entry((rank, order)).or_insert_with(|| Slot::new(place, name));
                slot.add(
                    self.param_schema(p),
                    p,
                    (name != p.wire).then(|| format!("`{}` sends its `{}` here.", m.id(), p.wire)),
                );
            }
            let paging = m.endpoint.paging.as_ref().map(|p| p.custom.as_ref().unwrap_or(&self.ir.api.paging));
            for (i, (name, schema, text)) in paging.map(paging_params).into_iter().flatten().enumerate() {
                let slot = slots.entry((3, format!("{i}{name}"))).or_insert_with(|| Slot::new("query", &name));
                slot.add_paging(schema, text);
            }
        }
        slots.into_values().map(|s| self.parameter(s, members.len())).collect()
    }

    fn param_schema(&self, p: &ParamIr) -> Alternative {
        let wire = Wire { format: p.format, as_string: false };
        match (&p.ty, &p.constant) {
            (ty, Some(c)) => self.constant(ty, wire, c),
            // In a query or a header a list is one comma-separated value: an array, not exploded.
            (Ty::Csv(item), None) => Alternative::new(typed("array").with("items", self.schemas.ty(item, wire)).into()),
            (ty, None) => Alternative::new(self.schemas.ty(ty, wire)),
        }
    }

    /// A constant of type `ty`, remembered as one so that merged constants become one `enum`.
    fn constant(&self, ty: &Ty, wire: Wire, text: &str) -> Alternative {
        Alternative {
            schema: self.schemas.constant(ty, wire, text),
            constant: Some((ty.clone(), wire, text.to_owned())),
        }
    }

    /// What several members send in one place: the type's schema with an `enum` of their values when
    /// each sends a constant of one type, else each distinct schema (`anyOf` when there are several).
    fn merge(&self, alternatives: &[Alternative]) -> Value {
        let constants: Option<Vec<&(Ty, Wire, String)>> = alternatives.iter().map(|a| a.constant.as_ref()).collect();
        match constants {
            Some(cs) if cs.len() > 1 && cs.iter().all(|(ty, w, _)| (ty, w) == (&cs[0].0, &cs[0].1)) => {
                let mut texts: Vec<&str> = Vec::new();
                for (_, _, text) in &cs {
                    if !texts.contains(&text.as_str()) {
                        texts.push(text);
                    }
                }
                self.schemas.one_of_values(&cs[0].0, cs[0].1, &texts)
            }
            _ => any_of(alternatives.iter().map(|a| a.schema.clone()).collect()),
        }
    }

    fn parameter(&self, slot: Slot, members: usize) -> Value {
        let required = slot.place == "path" || (slot.present == members && slot.required);
        let schema = self.merge(&slot.schemas);
        let docs = slot.docs.unwrap_or_default();
        let meta = schema::meta(&docs, &slot.notes);
        let mut p = Map::new().with("name", slot.name).with("in", slot.place);
        if let Some(d) = meta.get("description") {
            p.insert("description", d.clone());
        }
        p.insert("required", required);
        if slot.deprecated == members && members > 0 {
            p.insert("deprecated", true);
        }
        p.insert("schema", schema);
        if slot.csv && slot.place == "query" {
            p.insert("style", "form").insert("explode", false);
        }
        if let Some(u) = meta.get("x-unverified") {
            p.insert("x-unverified", u.clone());
        }
        p.into()
    }

    /// The body of each member, by media type.
    fn request_body(&self, members: &[Member]) -> Option<Map> {
        let mut content: Vec<(&str, Vec<Alternative>)> = Vec::new();
        let mut required = true;
        let mut docs: Option<Docs> = None;
        let mut extra: Vec<String> = Vec::new();
        for m in members {
            let Some(body) = &m.endpoint.body else {
                required = false;
                continue;
            };
            let (media, schema) = match body {
                BodyIr::Json { ty, as_string, constant, json_string, docs: d, .. } => {
                    let wire = Wire { as_string: *as_string, ..Wire::PLAIN };
                    required &= !matches!(ty, Ty::Option(_));
                    docs.get_or_insert_with(|| d.clone());
                    let schema = match (constant, json_string) {
                        (Some(c), _) => self.constant(ty, wire, c),
                        (None, true) => {
                            extra.push(json_string_note(ty));
                            Alternative::new(self.json_string(ty))
                        }
                        (None, false) => Alternative::new(self.schemas.ty(ty, wire)),
                    };
                    ("application/json", schema)
                }
                BodyIr::Multipart => ("multipart/form-data", Alternative::new(self.multipart(m.endpoint))),
                BodyIr::Binary { docs: d, .. } => {
                    docs.get_or_insert_with(|| d.clone());
                    ("application/octet-stream", Alternative::new(schema::binary().into()))
                }
            };
            match content.iter_mut().find(|(k, _)| *k == media) {
                Some((_, schemas)) => schemas.push(schema),
                None => content.push((media, vec![schema])),
            }
        }
        if content.is_empty() {
            return None;
        }
        let meta = schema::meta(&docs.unwrap_or_default(), &extra);
        let content: Map = content
            .into_iter()
            .map(|(media, schemas)| (media, Map::new().with("schema", self.merge(&schemas))))
            .collect();
        let mut body = Map::new();
        if let Some(d) = meta.get("description") {
            body.insert("description", d.clone());
        }
        body.insert("required", required).insert("content", content);
        if let Some(u) = meta.get("x-unverified") {
            body.insert("x-unverified", u.clone());
        }
        Some(body)
    }

    /// A JSON value sent as the text of a JSON string: a string, with what it holds in `x-axero-json-string`
    /// (and, in 3.1, `contentMediaType` and `contentSchema`).
    fn json_string(&self, ty: &Ty) -> Value {
        let mut s = typed("string").with("description", json_string_note(ty));
        if self.schemas.version == Version::V3_1 {
            s.insert("contentMediaType", "application/json").insert("contentSchema", self.schemas.ty(ty, Wire::PLAIN));
        }
        s.with("x-axero-json-string", schema::ty_text(ty)).into()
    }

    /// `multipart/form-data`: one property per part, files as binary strings.
    fn multipart(&self, e: &EndpointIr) -> Value {
        let mut parts: Vec<&ParamIr> =
            e.params.iter().filter(|p| matches!(p.location, Location::FormText | Location::FormFile)).collect();
        parts.sort_by(|a, b| a.wire.cmp(&b.wire));
        let required: Vec<Value> =
            parts.iter().filter(|p| p.required || p.constant.is_some()).map(|p| Value::from(&p.wire)).collect();
        let properties: Map = parts
            .iter()
            .map(|p| {
                let wire = Wire { format: p.format, as_string: false };
                let schema = match &p.constant {
                    Some(c) => self.schemas.constant(&p.ty, wire, c),
                    None => self.schemas.ty(&p.ty, wire),
                };
                (p.wire.clone(), self.schemas.described(schema, &p.docs, &[]))
            })
            .collect();
        let mut s = typed("object");
        if !required.is_empty() {
            s.insert("required", required);
        }
        s.with("properties", properties).into()
    }

    /// `200` with what each member reads, and the error statuses.
    fn responses(&self, members: &[Member]) -> Map {
        let mut schemas = Vec::new();
        for m in members {
            if let Some(s) = self.success(m.endpoint)
                && !schemas.contains(&s)
            {
                schemas.push(s);
            }
        }
        let [error, message, ..] = &self.ir.api.envelope;
        let data = &self.ir.api.envelope[3];
        let description = match members.first().map(|m| m.endpoint.envelope) {
            Some(EnvelopeMode::Never) => "Success: the body is the result itself, without the envelope.".to_owned(),
            Some(EnvelopeMode::Either) => {
                format!("Success: the result, in `{data}` of the envelope or bare (the server sends both).")
            }
            _ => format!(
                "Success: the result is `{data}` of the envelope. A `{error}: true` envelope is a failure even \
                 with this status; `{message}` says why."
            ),
        };
        let mut ok = Map::new().with("description", description);
        if !schemas.is_empty() {
            ok.insert("content", Map::new().with("application/json", Map::new().with("schema", any_of(schemas))));
        }
        let mut responses = Map::new().with("200", ok);
        for (status, name, _) in ERRORS {
            responses.insert(status, Map::new().with("$ref", format!("#/components/responses/{name}")));
        }
        responses
    }

    /// The body of a successful response: the envelope around the data, the bare data, or either; `None`
    /// when the body is not read at all.
    fn success(&self, e: &EndpointIr) -> Option<Value> {
        let data = match &e.returns {
            Some(ty @ Ty::Option(_)) => Some(self.schemas.nullable(self.schemas.ty(ty, Wire::PLAIN))),
            Some(ty) => Some(self.schemas.ty(ty, Wire::PLAIN)),
            None => None,
        };
        let wrapped = || self.envelope(data.clone(), true);
        match (e.envelope, &data) {
            (EnvelopeMode::Always, _) => Some(wrapped()),
            (EnvelopeMode::Never, data) => data.clone(),
            // `anyOf`, not `oneOf`: an envelope is often a valid bare value too (a struct whose fields are
            // all optional and that keeps unlisted ones, or any JSON), and `oneOf` would refuse such an answer.
            (EnvelopeMode::Either, Some(bare)) => Some(any_of(vec![wrapped(), bare.clone()])),
            (EnvelopeMode::Either, None) => Some(wrapped()),
        }
    }

    /// `{IsError, ResponseMessage, TotalRecords, ResponseData}` (names from the spec) around `data`.
    fn envelope(&self, data: Option<Value>, success: bool) -> Value {
        let [error, message, total, data_name] = &self.ir.api.envelope;
        let s = &self.schemas;
        let mut required = vec![Value::from(error)];
        if success && data.is_some() {
            required.push(Value::from(data_name));
        }
        let mut envelope = typed("object");
        if success {
            envelope.insert("required", required);
        }
        let properties = Map::new()
            .with(error.clone(), typed("boolean"))
            .with(message.clone(), s.nullable(typed("string").into()))
            .with(total.clone(), s.nullable(typed("integer").with("format", "int64").into()))
            .with(data_name.clone(), data.unwrap_or_else(|| Map::new().into()));
        envelope.with("properties", properties).into()
    }

    /// The error responses the operations refer to, each with the envelope.
    fn error_responses(&self) -> Map {
        let [_, message, ..] = &self.ir.api.envelope;
        ERRORS
            .iter()
            .map(|(_, name, what)| {
                let description = format!(
                    "{what} `{message}` says why; some errors come as ASP.NET's `{{Message, MessageDetail}}` instead."
                );
                let mut response = Map::new().with("description", description);
                if *name == "TooManyRequests" {
                    let retry = Map::new()
                        .with("description", "Seconds to wait, or an HTTP date.")
                        .with("schema", typed("string"));
                    response.insert("headers", Map::new().with("Retry-After", retry));
                }
                let schema = self.envelope(None, false);
                response.insert("content", Map::new().with("application/json", Map::new().with("schema", schema)));
                (*name, response)
            })
            .collect()
    }
}

/// One member's schema for a value that an operation merges from several members.
struct Alternative {
    schema: Value,
    /// The constant, with its type, when the value is one.
    constant: Option<(Ty, Wire, String)>,
}

impl Alternative {
    fn new(schema: Value) -> Self {
        Alternative { schema, constant: None }
    }
}

/// One parameter of an operation, gathered from its members.
struct Slot {
    place: &'static str,
    name: String,
    /// How many members have it, are required to send it, or deprecate it.
    present: usize,
    required: bool,
    deprecated: usize,
    csv: bool,
    /// Distinct schemas, in member order.
    schemas: Vec<Alternative>,
    /// The first docs with a description.
    docs: Option<Docs>,
    /// Lines for the description: where a member sends it under another name.
    notes: Vec<String>,
}

impl Slot {
    fn new(place: &'static str, name: &str) -> Self {
        Slot {
            place,
            name: name.to_owned(),
            present: 0,
            required: true,
            deprecated: 0,
            csv: false,
            schemas: Vec::new(),
            docs: None,
            notes: Vec::new(),
        }
    }

    fn add(&mut self, schema: Alternative, p: &ParamIr, note: Option<String>) {
        self.present += 1;
        self.required &= p.required || p.constant.is_some();
        self.deprecated += usize::from(p.docs.deprecated.is_some());
        self.csv |= matches!(p.ty, Ty::Csv(_));
        if !self.schemas.iter().any(|s| s.schema == schema.schema) {
            self.schemas.push(schema);
        }
        if self.docs.as_ref().is_none_or(|d| d.lines.is_empty()) && !p.docs.lines.is_empty() {
            self.docs = Some(p.docs.clone());
        }
        self.notes.extend(note);
    }

    fn add_paging(&mut self, schema: Value, text: String) {
        self.present += 1;
        self.required = false;
        if !self.schemas.iter().any(|s| s.schema == schema) {
            self.schemas.push(Alternative::new(schema));
        }
        if self.docs.is_none() {
            self.docs = Some(Docs { lines: vec![text], ..Docs::default() });
        }
    }
}

/// The page number and page length parameters of a paging convention: (name, schema, description).
fn paging_params(p: &PagingIr) -> [(String, Value, String); 2] {
    let int = || typed("integer").with("format", "int32");
    [
        (
            p.page.clone(),
            int().with("minimum", p.first_page).with("default", p.first_page).into(),
            format!("The page to return; the first is {}.", p.first_page),
        ),
        (
            p.size.clone(),
            int().with("minimum", 1u32).with("default", p.default_size).into(),
            format!(
                "How many items a page holds: {} unless set (the client's streams ask for {}).",
                p.default_size, p.max_size
            ),
        ),
    ]
}

fn json_string_note(ty: &Ty) -> String {
    format!(
        "A `{}` as JSON text, sent as one JSON string (`encoding: json-string`): `\"{{\\\"A\\\":1}}\"`, not `{{\"A\":1}}`.",
        schema::ty_text(ty)
    )
}

/// One schema, or `anyOf` several (the values of merged endpoints may overlap, so not `oneOf`).
fn any_of(schemas: Vec<Value>) -> Value {
    let mut distinct: Vec<Value> = Vec::with_capacity(schemas.len());
    for s in schemas {
        if !distinct.contains(&s) {
            distinct.push(s);
        }
    }
    let mut schemas = distinct;
    match schemas.len() {
        1 => schemas.remove(0),
        0 => Map::new().into(),
        _ => Map::new().with("anyOf", schemas).into(),
    }
}

/// The names of the `{placeholders}` of a path, in order.
fn placeholders(path: &str) -> Vec<&str> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

/// A path with its placeholders unnamed: `/api/users/{}`; OpenAPI counts paths of one shape as one.
fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// OpenAPI's order of the methods of a path item.
fn method_rank(m: Method) -> usize {
    match m {
        Method::Get => 0,
        Method::Put => 1,
        Method::Post => 2,
        Method::Delete => 3,
        Method::Patch => 4,
    }
}

fn method_key(m: Method) -> &'static str {
    match m {
        Method::Get => "get",
        Method::Put => "put",
        Method::Post => "post",
        Method::Delete => "delete",
        Method::Patch => "patch",
    }
}

#[cfg(test)]
mod tests;
