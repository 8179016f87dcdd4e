//! `src/commands.rs` of the `axero-cli` crate: every endpoint as a command of the `axero` binary, a
//! table of data (the binary builds its command line from it at run time): category and command names
//! in kebab-case, the method and path, the first line of the docs, the positional arguments (the
//! method's required parameters, in its order), the options (its setters), the body and the paging.

use std::fmt::Write as _;

use super::syntax::lit_text as lit;
use crate::examples::Types;
use crate::ir::{
    BodyIr, Category, EndpointIr, EnvelopeMode, Ir, Location, NamedKind, PagingIr, ParamIr, Ty, TypeIrKind,
};

/// `snake_case` → `kebab-case`.
pub fn kebab(name: &str) -> String {
    name.trim_end_matches('_').replace('_', "-")
}

/// The table's text.
pub fn commands(ir: &Ir) -> String {
    let count: usize = ir.categories.iter().map(|c| c.endpoints.len()).sum();
    let mut out = String::from(
        "//! The spec's endpoints as commands of the `axero` binary.\n\n\
         use crate::table::{Arg, Body, Command, Kind, Place};\n\n",
    );
    let _ = write!(
        out,
        "/// Every endpoint of the spec, by category and command.\npub static COMMANDS: [Command; {count}] = [\n"
    );
    let types = Types::of(ir);
    for c in &ir.categories {
        for e in &c.endpoints {
            command(&mut out, c, e, &types);
        }
    }
    out.push_str("];\n");
    out
}

/// How the command line reads a value of `ty`.
fn kind(ty: &Ty) -> &'static str {
    match ty {
        Ty::Option(t) => kind(t),
        Ty::I32 | Ty::I64 | Ty::Id(_) | Ty::Named { kind: NamedKind::IntEnum, .. } => "Int",
        Ty::F64 => "Number",
        Ty::Bool => "Bool",
        Ty::List(_) | Ty::Csv(_) => "List",
        Ty::File => "File",
        Ty::Json | Ty::Map(_) | Ty::Named { .. } => "Json",
        _ => "Text",
    }
}

fn place(p: &ParamIr) -> &'static str {
    match p.location {
        Location::Path => "Path",
        Location::Query => "Query",
        Location::Header => "Header",
        Location::FormText | Location::FormFile => "Form",
    }
}

fn first_line(lines: &[String]) -> String {
    lines.iter().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or("").to_owned()
}

fn arg(p: &ParamIr) -> String {
    format!(
        "Arg {{ wire: {}, flag: {}, place: Place::{}, kind: Kind::{}, help: {} }}",
        lit(&p.wire),
        lit(&kebab(&p.rust)),
        place(p),
        kind(&p.ty),
        lit(&first_line(&p.docs.lines)),
    )
}

/// The fields of a JSON body of a declared struct, as options (`--comment-text`): each scalar field
/// not a constant.
fn body_fields(e: &EndpointIr, types: &Types<'_>) -> Vec<String> {
    let Some(BodyIr::Json { ty: Ty::Named { name, .. }, json_string: false, constant: None, .. }) = &e.body else {
        return Vec::new();
    };
    let Some(TypeIrKind::Struct { fields, .. }) = types.get(name).map(|t| &t.kind) else { return Vec::new() };
    fields
        .iter()
        .filter(|f| f.constant.is_none() && matches!(kind(&f.ty), "Int" | "Bool" | "Text" | "Number"))
        .map(|f| {
            format!(
                "Arg {{ wire: {}, flag: {}, place: Place::Body, kind: Kind::{}, help: {} }}",
                lit(&f.wire),
                lit(&kebab(&f.rust)),
                kind(&f.ty),
                lit(&first_line(&f.docs.lines)),
            )
        })
        .collect()
}

fn command(out: &mut String, c: &Category, e: &EndpointIr, types: &Types<'_>) {
    let fields = body_fields(e, types);
    let args: Vec<String> = e.params.iter().filter(|p| p.is_arg()).map(arg).collect();
    let options: Vec<String> = e.params.iter().filter(|p| p.is_optional()).map(arg).collect();
    let constants: Vec<String> = e
        .params
        .iter()
        .filter_map(|p| Some(format!("({}, Place::{}, {})", lit(&p.wire), place(p), lit(p.constant.as_ref()?))))
        .collect();
    let body = match &e.body {
        None => "Body::None".to_owned(),
        Some(BodyIr::Json { constant: Some(value), .. }) => format!("Body::Constant({})", lit(value)),
        // A scalar body (a user's id) is the last positional argument: `axero spaces add-member 7 42`.
        Some(BodyIr::Json { arg, ty, as_string, json_string: false, .. })
            if matches!(kind(ty), "Int" | "Bool" | "Text") =>
        {
            format!("Body::Scalar {{ name: {}, kind: Kind::{}, as_string: {as_string} }}", lit(&kebab(arg)), kind(ty))
        }
        Some(BodyIr::Json { json_string, .. }) => {
            format!("Body::Json {{ as_string: {json_string}, fields: &[{}] }}", fields.join(", "))
        }
        Some(BodyIr::Multipart) => "Body::Multipart".to_owned(),
        Some(BodyIr::Binary { .. }) => "Body::Binary".to_owned(),
    };
    let paging = match &e.paging {
        None => "None".to_owned(),
        Some(p) => match &p.custom {
            Some(own) => format!("Some({})", paging(own)),
            None => "Some(crate::table::API_PAGING)".to_owned(),
        },
    };
    let envelope = match e.envelope {
        EnvelopeMode::Always => "Always",
        EnvelopeMode::Never => "Never",
        EnvelopeMode::Either => "Either",
    };
    let _ = write!(
        out,
        "    Command {{\n        category: {},\n        name: {},\n        method: {},\n        path: {},\n        \
         about: {},\n        args: &[{}],\n        options: &[{}],\n        constants: &[{}],\n        body: {body},\n        \
         paging: {paging},\n        envelope: axero_runtime::EnvelopeMode::{envelope},\n        deprecated: {},\n    }},\n",
        lit(&kebab(&c.module)),
        lit(&kebab(&e.rust)),
        lit(e.method.as_upper()),
        lit(&e.path),
        lit(&first_line(&e.docs.lines)),
        args.join(", "),
        options.join(", "),
        constants.join(", "),
        e.docs.deprecated.is_some(),
    );
}

fn paging(p: &PagingIr) -> String {
    format!(
        "axero_runtime::Paging {{ page: {}, size: {}, first_page: {}, default_size: {}, max_size: {} }}",
        lit(&p.page),
        lit(&p.size),
        p.first_page,
        p.default_size,
        p.max_size
    )
}
