//! The public API of the generated crate as text a reviewer reads: per spec file, one sorted line per
//! type, field, variant, constructor and method (with its HTTP method, path and signature). A spec change
//! shows as the few lines it changes. The snapshot tests review it, and it can be written next to the
//! generated code; the output depends only on the IR, so it is as deterministic as the generated files.

use crate::emit::Type;
use crate::emit::{borrowed, owned};
use crate::ir::{
    ApiIr, BodyIr, Category, Docs, EndpointIr, FieldIr, IdsModule, Ir, Location, PagedIr, PagingIr, Ty, TypeIr,
    TypeIrKind, TypesModule,
};

/// The listing of `ir`: `("api", …)` for `api.yaml` (the conventions and the shared types), then one entry
/// per category, named by its module, in module order. Each entry's lines are sorted by item.
pub fn listing(ir: &Ir) -> Vec<(String, Vec<String>)> {
    let mut out = vec![("api".to_owned(), sorted(api_lines(&ir.api, &ir.common, &ir.ids)))];
    for c in &ir.categories {
        out.push((c.module.clone(), sorted(category_lines(c))));
    }
    out
}

/// One line with the item it belongs to (the sort key) and its rank under that item (0: the item).
type Line = (String, u8, String);

fn sorted(mut lines: Vec<Line>) -> Vec<String> {
    lines.sort();
    lines.dedup();
    lines.into_iter().map(|(_, _, line)| line).collect()
}

fn api_lines(api: &ApiIr, common: &TypesModule, ids: &IdsModule) -> Vec<Line> {
    let item = "CONVENTIONS".to_owned();
    let mut lines = vec![
        (item.clone(), 1, format!("CONVENTIONS.base_url = {:?}", api.base_url)),
        (item.clone(), 1, format!("CONVENTIONS.bearer_header = {:?}", api.bearer_header)),
        (item.clone(), 1, format!("CONVENTIONS.envelope = {}", api.envelope.join(", "))),
        (item.clone(), 1, format!("CONVENTIONS.paging = {}", paging(&api.paging))),
    ];
    if let Some((header, note)) = &api.legacy_header {
        let note = note.as_ref().map(|n| format!(" (deprecated: {n})")).unwrap_or_default();
        lines.push((item, 1, format!("CONVENTIONS.legacy_header = {header:?}{note}")));
    }
    lines.extend(types_lines(common));
    // Every id, a newtype of `i32`: removing or renaming one breaks callers as a type does.
    for id in &ids.ids {
        let item = format!("ids::{}", id.name);
        lines.push((item.clone(), 0, format!("{item}(pub i32){}", deprecated(&id.docs))));
    }
    lines
}

fn paging(p: &PagingIr) -> String {
    format!(
        "{} & {}, first page {}, default size {}, max size {}",
        p.page, p.size, p.first_page, p.default_size, p.max_size
    )
}

fn category_lines(c: &Category) -> Vec<Line> {
    let accessor = format!("{}::{}", c.module, c.accessor);
    let mut lines = Vec::new();
    if !c.endpoints.is_empty() {
        lines.push((format!("Client::{}", c.module), 0, format!("Client::{}(&self) -> {}<'_>", c.module, accessor)));
    }
    for e in &c.endpoints {
        lines.extend(endpoint_lines(c, &accessor, e));
    }
    lines.extend(types_lines(&c.types));
    lines
}

fn endpoint_lines(c: &Category, accessor: &str, e: &EndpointIr) -> Vec<Line> {
    let mut args: Vec<String> =
        e.params.iter().filter(|p| p.is_arg()).map(|p| format!("{}: {}", p.rust, rust(&borrowed(&p.ty)))).collect();
    match &e.body {
        Some(BodyIr::Json { constant: Some(value), .. }) => args.push(format!("body = {value}")),
        Some(BodyIr::Json { arg, ty, as_string, json_string, .. }) => {
            let how = match (as_string, json_string) {
                (true, _) => " (as string)",
                (_, true) => " (as a JSON string)",
                _ => "",
            };
            args.push(format!("{arg}: {}{how}", rust(&borrowed(ty))));
        }
        Some(BodyIr::Binary { arg, .. }) => args.push(format!("{arg}: Upload")),
        Some(BodyIr::Multipart) | None => {}
    }
    let constants: Vec<String> = e
        .params
        .iter()
        .filter_map(|p| p.constant.as_ref().map(|v| format!("{} {}={v}", location(p.location), p.wire)))
        .collect();
    let constants = if constants.is_empty() { String::new() } else { format!(" sends {}", constants.join(", ")) };
    let http = format!("{} {}", e.method.as_upper(), e.path);
    let envelope = match e.envelope {
        crate::ir::EnvelopeMode::Always => "",
        crate::ir::EnvelopeMode::Never => " (no envelope)",
        crate::ir::EnvelopeMode::Either => " (envelope or not)",
    };
    let pages = match &e.paging {
        Some(PagedIr { custom: Some(p), .. }) => format!(" (paged: {})", paging(p)),
        Some(PagedIr { custom: None, .. }) => " (paged)".to_owned(),
        None => String::new(),
    };
    let dep = deprecated(&e.docs);
    let output = match (&e.paging, &e.returns) {
        (Some(PagedIr { item, .. }), _) => format!("Page<{}>", rust(&owned(item))),
        (None, Some(t)) => rust(&owned(t)),
        (None, None) => "()".to_owned(),
    };
    let item = format!("{accessor}::{}", e.rust);
    let signature = format!("{accessor}::{}({})", e.rust, args.join(", "));
    let Some(request) = &e.request_struct else {
        return vec![(item, 0, format!("{signature} -> Result<{output}>  {http}{pages}{constants}{envelope}{dep}"))];
    };
    let request = format!("{}::{request}", c.module);
    let mut lines = vec![
        (item, 0, format!("{signature} -> {request}  {http}{pages}{constants}{envelope}{dep}")),
        (request.clone(), 0, format!("{request}: .await -> Result<{output}>")),
    ];
    for p in e.params.iter().filter(|p| p.is_optional()) {
        let ty = match &p.ty {
            Ty::Id(_) => format!("impl Into<{}>", rust(&owned(&p.ty))),
            other => rust(&borrowed(other)),
        };
        let line = format!("{request}.{}({ty})  {} {}{}", p.rust, location(p.location), p.wire, deprecated(&p.docs));
        lines.push((request.clone(), 1, line));
    }
    if let Some(PagedIr { item, .. }) = &e.paging {
        lines.push((request.clone(), 2, format!("{request}.page(u32)")));
        lines.push((request.clone(), 2, format!("{request}.page_length(u32)")));
        lines.push((request.clone(), 2, format!("{request}.stream() -> PageStream<{}>", rust(&owned(item)))));
    }
    lines
}

fn location(l: Location) -> &'static str {
    match l {
        Location::Path => "path",
        Location::Query => "query",
        Location::FormText | Location::FormFile => "form",
        Location::Header => "header",
    }
}

fn deprecated(docs: &Docs) -> &'static str {
    if docs.deprecated.is_some() { " (deprecated)" } else { "" }
}

fn types_lines(m: &TypesModule) -> Vec<Line> {
    m.types.iter().flat_map(type_lines).collect()
}

fn type_lines(t: &TypeIr) -> Vec<Line> {
    let item = format!("types::{}", t.name);
    let dep = deprecated(&t.docs);
    let mut lines = Vec::new();
    match &t.kind {
        TypeIrKind::Struct { fields, default, additional } => {
            let default_text = if *default { ", Default" } else { "" };
            lines.push((item.clone(), 0, format!("{item}: struct{default_text}{dep}")));
            for f in fields {
                lines.push((item.clone(), 1, field_line(&item, f)));
            }
            if *additional {
                lines.push((
                    item.clone(),
                    1,
                    format!(
                        "{item}.{}: BTreeMap<String, Value> = the fields not listed",
                        crate::naming::ADDITIONAL_FIELDS
                    ),
                ));
            }
            if !default {
                let required: Vec<String> = fields
                    .iter()
                    .filter(|f| f.constant.is_none() && !f.empty_when_absent && !matches!(f.ty, Ty::Option(_)))
                    .map(|f| format!("{}: {}", f.rust, field_type(f)))
                    .collect();
                lines.push((item.clone(), 2, format!("{item}::new({}) -> {}", required.join(", "), t.name)));
            }
        }
        TypeIrKind::IntEnum(variants) => {
            lines.push((item.clone(), 0, format!("{item}: enum of i32{dep}")));
            for v in variants {
                lines.push((item.clone(), 1, format!("{item}::{} = {}{}", v.name, v.value, deprecated(&v.docs))));
            }
            lines.push((item.clone(), 2, format!("{item}::Unknown(i32)")));
        }
        TypeIrKind::StrEnum(variants) => {
            lines.push((item.clone(), 0, format!("{item}: enum of string{dep}")));
            for v in variants {
                lines.push((item.clone(), 1, format!("{item}::{} = {:?}{}", v.name, v.value, deprecated(&v.docs))));
            }
            lines.push((item.clone(), 2, format!("{item}::Unknown(String)")));
        }
    }
    lines
}

fn field_line(item: &str, f: &FieldIr) -> String {
    let mut notes = Vec::new();
    if let Some(c) = &f.constant {
        notes.push(format!("always {c}"));
    }
    if f.nullable {
        notes.push("null when None".to_owned());
    }
    if f.as_string {
        notes.push("as string".to_owned());
    }
    if f.format != crate::ir::DateFormat::Iso {
        notes.push(format!("{:?} date", f.format).to_lowercase());
    }
    if f.docs.deprecated.is_some() {
        notes.push("deprecated".to_owned());
    }
    let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
    let ty = if f.constant.is_some() { "constant".to_owned() } else { field_type(f) };
    format!("{item}.{}: {ty} = {:?}{notes}", f.rust, f.wire)
}

fn field_type(f: &FieldIr) -> String {
    let ty = rust(&owned(&f.ty));
    match (&f.ty, f.boxed) {
        (_, false) => ty,
        (Ty::Option(inner), true) => format!("Option<Box<{}>>", rust(&owned(inner))),
        (_, true) => format!("Box<{ty}>"),
    }
}

/// A type as emitted, without the absolute paths the emitter spells out: `Option<Vec<User>>`, `&str`.
fn rust(ty: &Type) -> String {
    let mut text = ty.to_text();
    for prefix in [
        "::std::option::",
        "::std::vec::",
        "::std::string::",
        "::std::collections::",
        "::std::boxed::",
        "types::",
        "ids::",
        "::axero_runtime::",
    ] {
        text = text.replace(prefix, "");
    }
    text.replace("::serde_json::", "serde_json::")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ir(category: &str) -> Ir {
        crate::lower_sources(&crate::load::test_sources(&[("users", category)])).unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn one_sorted_line_per_item_with_http_method_path_and_signature() {
        let ir = ir("endpoints:
  get:
    get: /api/users/{UserID}
    path: {UserID: i32}
    query: {Full: bool?}
    returns: User
  list:
    get: /api/users
    paged: true
    returns: [User]
types:
  User:
    fields:
      UserID: i32
      Manager: User?
      Tags: csv<string>?
  Role: {enum: i32, values: {Admin: 1, Guest: 2}}
");
        let l = listing(&ir);
        assert_eq!(l.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(), ["api", "users"]);
        assert_eq!(
            l[1].1,
            [
                "Client::users(&self) -> users::UsersApi<'_>",
                "types::Role: enum of i32",
                "types::Role::Admin = 1",
                "types::Role::Guest = 2",
                "types::Role::Unknown(i32)",
                "types::User: struct",
                "types::User.additional_fields: BTreeMap<String, Value> = the fields not listed",
                "types::User.manager: Option<Box<User>> = \"Manager\"",
                "types::User.tags: Vec<String> = \"Tags\"",
                "types::User.user_id: i32 = \"UserID\"",
                "types::User::new(user_id: i32) -> User",
                "users::GetRequest: .await -> Result<User>",
                "users::GetRequest.full(bool)  query Full",
                "users::ListRequest: .await -> Result<Page<User>>",
                "users::ListRequest.page(u32)",
                "users::ListRequest.page_length(u32)",
                "users::ListRequest.stream() -> PageStream<User>",
                "users::UsersApi::get(user_id: i32) -> users::GetRequest  GET /api/users/{UserID}",
                "users::UsersApi::list() -> users::ListRequest  GET /api/users (paged)",
            ]
        );
        assert_eq!(l[0].1[0], "CONVENTIONS.base_url = \"https://{site}\"");
    }

    #[test]
    fn the_same_ir_gives_the_same_listing() {
        let ir = ir("endpoints:\n  me: {get: /api/me, returns: json}\n");
        assert_eq!(listing(&ir), listing(&ir.clone()));
    }
}
