//! `src/endpoints.rs` of the `axero-mock` crate: every endpoint of the spec as the mock server serves
//! it. Facts only (method, path, required parameters, body, paging, envelope, the example answer, and a
//! function that decodes an answer into the generated type); the server that uses them is hand-written
//! (`mock/src/`).

use std::fmt::Write as _;

use super::owned;
use super::syntax::push_lit_str;
use crate::examples::Types;
use crate::ir::{BodyIr, Category, EndpointIr, EnvelopeMode, Ir, Location, PagedIr, PagingIr, Ty, TypeIrKind};

/// The table's text (a table of data, written as text and kept out of rustfmt by the `mod`'s
/// `#[rustfmt::skip]`); `hash` is the spec hash of the header.
pub fn endpoints(ir: &Ir, hash: &str) -> String {
    let types = Types::of(ir);
    let returns = ir.categories.iter().flat_map(|c| c.endpoints.iter().filter_map(|e| e.returns.as_ref()));
    let (ids, named) = returns.map(Ty::mentions).fold((false, false), |a, b| (a.0 || b.0, a.1 || b.1));
    let api = &ir.api;
    let mut out = String::from("//! The spec's endpoints as the mock server serves them.\n\n");
    out.push_str(
        "use crate::facts::{decode, BodyKind, Conventions, Endpoint, Envelope, Location, Paging, Required};\n",
    );
    if ids {
        out.push_str("use ::axero::ids;\n");
    }
    if named {
        out.push_str("use ::axero::types;\n");
    }
    let legacy = match &api.legacy_header {
        Some((header, _)) => format!("Some({})", lit(header)),
        None => "None".to_owned(),
    };
    let envelope: Vec<String> = api.envelope.iter().map(|s| lit(s)).collect();
    let count: usize = ir.categories.iter().map(|c| c.endpoints.len()).sum();
    let _ = write!(
        out,
        "\n/// The hash of the spec this table was generated from, as in the header.\n\
         pub const SPEC_HASH: &str = {hash};\n\n\
         /// The API-wide conventions: credentials' headers, envelope field names, default paging.\n\
         pub const CONVENTIONS: Conventions = Conventions {{\n    \
             bearer_header: {bearer},\n    \
             legacy_header: {legacy},\n    \
             envelope: [{envelope}],\n    \
             paging: {paging},\n\
         }};\n\n\
         /// Every endpoint of the spec, by category and method name.\n\
         pub static ENDPOINTS: [Endpoint; {count}] = [\n",
        hash = lit(hash),
        bearer = lit(&api.bearer_header),
        envelope = envelope.join(", "),
        paging = paging(&api.paging),
    );
    for c in &ir.categories {
        for e in &c.endpoints {
            entry(&mut out, c, e, &types);
        }
    }
    out.push_str("];\n");
    out
}

/// `s` as a string literal.
fn lit(s: &str) -> String {
    let mut out = String::new();
    push_lit_str(&mut out, s);
    out
}

fn paging(p: &PagingIr) -> String {
    format!(
        "Paging {{ page: {}, size: {}, first_page: {}, default_size: {} }}",
        lit(&p.page),
        lit(&p.size),
        p.first_page,
        p.default_size
    )
}

/// `Some(x)` or `None`.
fn option(x: Option<String>) -> String {
    x.map_or_else(|| "None".to_owned(), |x| format!("Some({x})"))
}

/// One `Endpoint { .. },` of the table.
fn entry(out: &mut String, c: &Category, e: &EndpointIr, types: &Types<'_>) {
    let required: Vec<String> = e
        .params
        .iter()
        .filter(|p| p.required || p.constant.is_some())
        .filter_map(|p| {
            let location = match p.location {
                Location::Path => return None,
                Location::Query => "Query",
                Location::Header => "Header",
                Location::FormText | Location::FormFile => "Form",
            };
            Some(format!("Required {{ location: Location::{location}, wire: {} }}", lit(&p.wire)))
        })
        .collect();
    let body = match &e.body {
        None => "None",
        Some(BodyIr::Json { .. }) => "Json",
        Some(BodyIr::Multipart) => "Multipart",
        Some(BodyIr::Binary { .. }) => "Binary",
    };
    let envelope = match e.envelope {
        EnvelopeMode::Always => "Always",
        EnvelopeMode::Never => "Never",
        EnvelopeMode::Either => "Either",
    };
    let page = e.paging.as_ref().map(|p| match p {
        PagedIr { custom: Some(own), .. } => paging(own),
        PagedIr { custom: None, .. } => "CONVENTIONS.paging".to_owned(),
    });
    let example = types.response(e).map(|value| raw_string(&value.to_string()));
    let item_id = item_id(e, types).map(lit);
    let echo: Vec<String> = echo(e, types).into_iter().map(lit).collect();
    let decode = e.returns.as_ref().map(|ty| format!("decode::<{}>", owned(ty).to_text()));
    let _ = write!(
        out,
        "    Endpoint {{\n        \
                 name: {name},\n        \
                 method: {method},\n        \
                 path: {path},\n        \
                 required: &[{required}],\n        \
                 body: BodyKind::{body},\n        \
                 envelope: Envelope::{envelope},\n        \
                 paging: {page},\n        \
                 example: {example},\n        \
                 item_id: {item_id},\n        \
                 echo: &[{echo}],\n        \
                 decode: {decode},\n    \
             }},\n",
        name = lit(&format!("{}.{}", c.module, e.rust)),
        method = lit(e.method.as_upper()),
        path = lit(&e.path),
        required = required.join(", "),
        page = option(page),
        example = option(example),
        item_id = option(item_id),
        echo = echo.join(", "),
        decode = option(decode),
    );
}

/// `text` as a raw string literal, with as many `#` as it needs.
fn raw_string(text: &str) -> String {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}")
}

/// The struct a value of `ty` is, through `Option`.
fn struct_fields<'t>(ty: &Ty, types: &Types<'t>) -> Option<(&'t str, &'t [crate::ir::FieldIr])> {
    match ty {
        Ty::Option(inner) => struct_fields(inner, types),
        Ty::Named { name, .. } => match &types.get(name)?.kind {
            TypeIrKind::Struct { fields, .. } => Some((types.get(name)?.name.as_str(), fields.as_slice())),
            _ => None,
        },
        _ => None,
    }
}

/// The field of a paged endpoint's items that is the item's own id (`UserID` of a `User`): the mock
/// numbers it so that the items of its pages are distinct.
fn item_id<'t>(e: &EndpointIr, types: &Types<'t>) -> Option<&'t str> {
    let (name, fields) = struct_fields(&e.paging.as_ref()?.item, types)?;
    let own = [format!("{name}ID"), format!("{name}Id")];
    fields.iter().find(|f| own.contains(&f.wire) && is_integer(&f.ty)).map(|f| f.wire.as_str())
}

/// The path parameters that are fields of the returned object too (`UserID` of `GET
/// /api/users/{UserID}/details`): the mock answers with the value asked for.
fn echo<'e>(e: &'e EndpointIr, types: &Types<'_>) -> Vec<&'e str> {
    let Some((_, fields)) = e.returns.as_ref().and_then(|r| struct_fields(r, types)) else {
        return Vec::new();
    };
    e.params
        .iter()
        .filter(|p| p.location == Location::Path)
        .filter(|p| fields.iter().any(|f| f.wire == p.wire && is_integer(&f.ty)))
        .map(|p| p.wire.as_str())
        .collect()
}

/// An integer or an id, optional or not.
fn is_integer(ty: &Ty) -> bool {
    match ty {
        Ty::Option(inner) => is_integer(inner),
        Ty::Id(_) | Ty::I32 | Ty::I64 => true,
        _ => false,
    }
}
