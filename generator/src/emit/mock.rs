//! `src/endpoints.rs` of the `axero-mock` crate: every endpoint of the spec as the mock server serves
//! it. Facts only (method, path, required parameters, body, paging, envelope, the example answer, and a
//! function that decodes an answer into the generated type); the server that uses them is hand-written
//! (`mock/src/`).

use std::fmt::Write as _;

use super::owned;
use super::syntax::lit_text as lit;
use crate::examples::Types;
use crate::ir::{BodyIr, Category, EndpointIr, EnvelopeMode, Ir, Location, PagedIr, PagingIr, Ty, TypeIrKind};

/// The table's text (a table of data, written as text and kept out of rustfmt by the `mod`'s
/// `#[rustfmt::skip]`); `hash` is the spec hash of the header.
pub fn endpoints(ir: &Ir, hash: &str) -> String {
    let types = Types::of(ir);
    let returns = ir.categories.iter().flat_map(|c| c.endpoints.iter().filter_map(|e| e.returns.as_ref()));
    let (ids, named) = Ty::mentions_any(returns);
    let api = &ir.api;
    let integers = ir.categories.iter().flat_map(|c| &c.endpoints).any(|e| !path_integers(e).is_empty());
    let mut out = String::from("//! The spec's endpoints as the mock server serves them.\n\n");
    let twin = ir.categories.iter().flat_map(|c| &c.endpoints).any(|e| e.twin.is_some());
    let mut names =
        vec!["decode", "BodyKind", "Collection", "Conventions", "Endpoint", "Envelope", "Location", "Paging"];
    names.extend(integers.then_some("PathInteger"));
    names.push("Required");
    names.extend(if twin { &["Twin", "TwinOp"][..] } else { &[] });
    names.extend(integers.then_some("Width"));
    let _ = writeln!(out, "use crate::facts::{{{}}};", names.join(", "));
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
    let _ = write!(
        out,
        "\n/// The collections of the twin of a site (`twin:` in `api.yaml`).\n\
         pub static COLLECTIONS: [Collection; {}] = [\n",
        ir.twin.len()
    );
    for c in &ir.twin {
        let keeps: Vec<String> = c
            .keeps
            .iter()
            .map(|(name, values)| {
                let values: Vec<String> = values.iter().map(|v| lit(v)).collect();
                format!("({}, &[{}])", lit(name), values.join(", "))
            })
            .collect();
        let _ = writeln!(
            out,
            "    Collection {{ name: {}, size: {}, id: {}, keeps: &[{}] }},",
            lit(&c.name),
            c.size,
            lit(&c.id),
            keeps.join(", ")
        );
    }
    out.push_str("];\n");
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
    let integers: Vec<String> = path_integers(e)
        .into_iter()
        .map(|(wire, width)| format!("PathInteger {{ wire: {}, width: Width::{width} }}", lit(wire)))
        .collect();
    let unverified = unverified(e, types).map(|note| lit(&header_text(&note)));
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
                 integers: &[{integers}],\n        \
                 unverified: {unverified},\n        \
                 decode: {decode},\n        \
                 twin: {twin},\n    \
             }},\n",
        name = lit(&format!("{}.{}", c.module, e.rust)),
        method = lit(e.method.as_upper()),
        path = lit(&e.path),
        required = required.join(", "),
        page = option(page),
        example = option(example),
        item_id = option(item_id),
        echo = echo.join(", "),
        integers = integers.join(", "),
        unverified = option(unverified),
        decode = option(decode),
        twin = option(e.twin.as_ref().map(|(c, op)| format!(
            "Twin {{ collection: {}, op: TwinOp::{} }}",
            lit(c),
            op.as_str()
        ))),
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

/// The path parameters that must be integers (ids, `i32`, `i64`), with their width (`I32`, `I64`): the
/// mock answers `400` to a request whose segment is not one, as the API's model binding does.
fn path_integers(e: &EndpointIr) -> Vec<(&str, &'static str)> {
    e.params
        .iter()
        .filter(|p| p.location == Location::Path)
        .filter_map(|p| match &p.ty {
            Ty::Id(_) | Ty::I32 => Some((p.wire.as_str(), "I32")),
            Ty::I64 => Some((p.wire.as_str(), "I64")),
            _ => None,
        })
        .collect()
}

/// Why the shape of `e`'s answer is unverified: its own `unverified:` note, else that of the type it
/// returns (through `?`, lists and maps), prefixed with the type's name.
fn unverified(e: &EndpointIr, types: &Types<'_>) -> Option<String> {
    if let Some(note) = &e.docs.unverified {
        return Some(note.clone());
    }
    e.returns.as_ref()?;
    if let Some(from) = &e.provenance.inferred {
        return Some(format!("The shape is inferred from {from}"));
    }
    let mut ty = e.returns.as_ref()?;
    loop {
        match ty {
            Ty::Option(inner) | Ty::List(inner) | Ty::Map(inner) => ty = inner,
            Ty::Named { name, .. } => {
                let t = types.get(name)?;
                let inferred = t.provenance.inferred.as_ref().map(|from| format!("The shape is inferred from {from}"));
                return t.docs.unverified.clone().or(inferred).map(|note| format!("{}: {note}", t.name));
            }
            _ => return None,
        }
    }
}

/// The most a header note holds, in bytes.
const HEADER_TEXT_MAX: usize = 200;

/// `note` as a header value: its first sentence, on one line, in printable ASCII (typographic dashes and
/// quotes as their ASCII forms, other characters as `?`), at most [`HEADER_TEXT_MAX`] bytes, cut at a
/// word with `...`.
fn header_text(note: &str) -> String {
    let one_line = note.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = match one_line
        .match_indices(". ")
        .find(|(i, _)| one_line[i + 2..].starts_with(|c: char| c.is_uppercase()) && !one_line[..*i].ends_with("e.g"))
    {
        Some((i, _)) => &one_line[..=i],
        None => one_line.as_str(),
    };
    let ascii: String = first
        .chars()
        .map(|c| match c {
            '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2026}' => '.',
            c if c == ' ' || c.is_ascii_graphic() => c,
            _ => '?',
        })
        .collect();
    if ascii.len() <= HEADER_TEXT_MAX {
        return ascii;
    }
    let cut = ascii[..HEADER_TEXT_MAX - 3].rfind(' ').unwrap_or(HEADER_TEXT_MAX - 3);
    format!("{}...", ascii[..cut].trim_end())
}

#[cfg(test)]
mod tests {
    use super::header_text;

    #[test]
    fn a_header_note_is_one_short_line_of_printable_ascii() {
        assert_eq!(
            header_text("The shape is unknown; no source shows it."),
            "The shape is unknown; no source shows it."
        );
        assert_eq!(
            header_text("Seen only in the 2018 app \u{2014} \u{201c}ION\u{201d}.\nIts fields, e.g. `A`. More here."),
            "Seen only in the 2018 app - \"ION\"."
        );
        assert_eq!(header_text("No source, e.g. Postman. Second."), "No source, e.g. Postman.");
        assert_eq!(header_text("Caf\u{e9} \u{1f600}"), "Caf? ?");
        let long = header_text(&"word ".repeat(100));
        assert!(long.len() <= super::HEADER_TEXT_MAX && long.ends_with("word..."), "{long}");
        for text in [header_text(&"\u{e9}".repeat(300)), header_text("a\tb\r\nc")] {
            assert!(text.bytes().all(|b| b == b' ' || b.is_ascii_graphic()), "{text:?}");
        }
    }
}
