//! A [`Node`] tree to the spec model ([`crate::spec`]): the right keys, the right kinds of value.
//! Every problem becomes a located diagnostic; decoding goes on after one, so that a single run reports
//! as much as it can.

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::load::language;
use crate::load::prose::rustdoc_safe;
use crate::load::yaml::{Key, Node, Value};
use crate::spec::*;

/// How deep a type expression may nest (`[map<[i32]>]?` is 4): deep enough for any real API, shallow
/// enough that nothing downstream recurses dangerously.
pub const MAX_TYPE_DEPTH: usize = 16;

/// What an `api.yaml` that could not be read completely still declares: its types and its ids.
pub type Declared = (Vec<TypeDef>, Vec<IdDef>);

/// Decodes `api.yaml`. When a required part is missing or wrong, the types and ids it declares are
/// returned instead, so that validation still knows them: one typo in the envelope is one error, not
/// one for every use of an id in every file.
pub fn api_file(file: &str, root: &Node, diags: &mut Diagnostics) -> Result<ApiFile, Declared> {
    let Some(mut m) = MapReader::new(root, "api.yaml", diags) else {
        return Err((Vec::new(), Vec::new()));
    };
    let doc = m.opt_text("doc").map(|d| rustdoc_safe(&d));
    let base_url = m.req_text("base_url");
    let auth = m.req_map("auth").and_then(|n| auth(n, m.diags));
    let envelope = m.req_map("envelope").and_then(|n| envelope(n, m.diags));
    let paging = m.req_map("paging").and_then(|n| paging(n, m.diags, true));
    let types = m.opt_map("types").map(|n| type_defs(n, m.diags)).unwrap_or_default();
    let ids = m.opt_map("ids").map(|n| id_defs(n, m.diags)).unwrap_or_default();
    let twin = m.opt_map("twin").map(|n| twin_collections(n, m.diags)).unwrap_or_default();
    let provenance_required = provenance_setting(&mut m);
    m.finish_file(
        &language::API_FILE.names(),
        &[("endpoints", "endpoints belong in a category file (`spec/<category>.yaml`), not in `api.yaml`")],
    );
    let (Some(base_url), Some(auth), Some(envelope), Some(paging)) = (base_url, auth, envelope, paging) else {
        return Err((types, ids));
    };
    Ok(ApiFile {
        file: file.to_owned(),
        doc,
        base_url,
        auth,
        envelope,
        paging,
        types,
        ids,
        canonical: canonical_except(root, &["types", "ids"]),
        canonical_types: canonical_of(root, "types"),
        canonical_ids: canonical_of(root, "ids"),
        provenance_required,
        twin,
    })
}

/// `twin:` of `api.yaml`: the mock's collections.
fn twin_collections(node: &Node, diags: &mut Diagnostics) -> Vec<TwinCollection> {
    map_entries(node, diags)
        .iter()
        .filter_map(|(key, value)| {
            let name = Spanned::new(key.name.clone(), key.pos.clone());
            let mut m = MapReader::new(value, "twin collection", diags)?;
            let size = m.opt_u32("size");
            let keeps = match m.opt_map("keeps") {
                Some(n) => map_entries(n, m.diags)
                    .iter()
                    .map(|(k, v)| {
                        let values = match &v.value {
                            Value::Seq(items) => items
                                .iter()
                                .filter_map(|i| match &i.value {
                                    Value::Scalar(s) => Some(Spanned::new(s.clone(), i.pos.clone())),
                                    _ => None,
                                })
                                .collect(),
                            Value::Scalar(s) => vec![Spanned::new(s.clone(), v.pos.clone())],
                            _ => Vec::new(),
                        };
                        (Spanned::new(k.name.clone(), k.pos.clone()), values)
                    })
                    .collect(),
                None => Vec::new(),
            };
            m.finish(&language::TWIN_COLLECTION.names());
            Some(TwinCollection { name, size, keeps })
        })
        .collect()
}

fn id_defs(node: &Node, diags: &mut Diagnostics) -> Vec<IdDef> {
    map_entries(node, diags).iter().filter_map(|(k, v)| id_def(k, v, diags)).collect()
}

fn id_def(key: &Key, node: &Node, diags: &mut Diagnostics) -> Option<IdDef> {
    let name = Spanned::new(key.name.clone(), key.pos.clone());
    let mut m = MapReader::new(node, "id", diags)?;
    let notes = m.notes();
    let wire = m.opt_text_list("wire");
    let within = m.opt_text_list("in");
    m.finish(&language::ID.names());
    Some(IdDef { name, notes, wire, within })
}

/// Decodes a category file such as `users.yaml`; `name` is its file stem.
pub fn category_file(file: &str, name: Spanned<String>, root: &Node, diags: &mut Diagnostics) -> Option<CategoryFile> {
    let mut m = MapReader::new(root, "category file", diags)?;
    let doc = m.opt_text("doc").map(|d| rustdoc_safe(&d));
    let endpoints = match m.opt_map("endpoints") {
        Some(node) => map_entries(node, m.diags).iter().filter_map(|(k, v)| endpoint(k, v, m.diags)).collect(),
        None => Vec::new(),
    };
    let types = m.opt_map("types").map(|n| type_defs(n, m.diags)).unwrap_or_default();
    let provenance_required = provenance_setting(&mut m);
    const API_WIDE: &str = "belongs in `api.yaml`, with what is API-wide";
    m.finish_file(
        &language::CATEGORY_FILE.names(),
        &[
            ("ids", "ids are declared once for the whole API, in `api.yaml`"),
            ("base_url", API_WIDE),
            ("auth", API_WIDE),
            (
                "envelope",
                "the API's envelope belongs in `api.yaml`; an endpoint's own `envelope:` goes under the endpoint",
            ),
            ("paging", "the API's paging belongs in `api.yaml`; an endpoint's own `paged:` goes under the endpoint"),
        ],
    );
    Some(CategoryFile {
        file: file.to_owned(),
        name,
        doc,
        endpoints,
        types,
        canonical: canonical_except(root, &["types"]),
        canonical_types: canonical_of(root, "types"),
        provenance_required,
    })
}

fn auth(node: &Node, diags: &mut Diagnostics) -> Option<Auth> {
    let mut m = MapReader::new(node, "auth", diags)?;
    let bearer = m.req_map("bearer").and_then(|n| auth_scheme(n, m.diags));
    let legacy = m.opt_map("legacy").and_then(|n| auth_scheme(n, m.diags));
    m.finish(&language::AUTH.names());
    Some(Auth { bearer: bearer?, legacy })
}

fn auth_scheme(node: &Node, diags: &mut Diagnostics) -> Option<AuthScheme> {
    let mut m = MapReader::new(node, "auth scheme", diags)?;
    let header = m.req_text("header");
    let notes = m.notes();
    m.finish(&language::AUTH_SCHEME.names());
    Some(AuthScheme { header: header?, notes })
}

fn envelope(node: &Node, diags: &mut Diagnostics) -> Option<Envelope> {
    let mut m = MapReader::new(node, "envelope", diags)?;
    let error = m.req_text("error");
    let message = m.req_text("message");
    let total = m.req_text("total");
    let data = m.req_text("data");
    m.finish(&language::ENVELOPE.names());
    Some(Envelope { error: error?, message: message?, total: total?, data: data? })
}

/// `paging:` in `api.yaml` (every key required) or on an endpoint (only what differs from the default).
fn paging(node: &Node, diags: &mut Diagnostics, api_wide: bool) -> Option<Paging> {
    let mut m = MapReader::new(node, "paging", diags)?;
    let paging = if api_wide {
        // Every part read before any is found missing, so that one run names all that are.
        let (page, size) = (m.req_text("page"), m.req_text("size"));
        let (first_page, default_size) = (m.req_u32("first_page"), m.req_u32("default_size"));
        let max_size = m.opt_u32("max_size");
        let (Some(page), Some(size), Some(first_page), Some(default_size)) = (page, size, first_page, default_size)
        else {
            m.finish(&language::API_PAGING.names());
            return None;
        };
        Paging {
            page: Some(page),
            size: Some(size),
            first_page: Some(first_page),
            default_size: Some(default_size),
            max_size,
        }
    } else {
        Paging {
            page: m.opt_text_spanned("page"),
            size: m.opt_text_spanned("size"),
            first_page: m.opt_u32("first_page"),
            default_size: m.opt_u32("default_size"),
            max_size: m.opt_u32("max_size"),
        }
    };
    if let (Some(default), Some(max)) = (&paging.default_size, &paging.max_size)
        && default.value > max.value
    {
        m.diags.push(
            Diagnostic::new(
                &default.pos,
                format!("`default_size` {} is above `max_size` {}", default.value, max.value),
            )
            .help(format!("a page the client asks for by default can be at most `max_size`: lower it to {} or below, or raise `max_size`", max.value)),
        );
    }
    m.finish(&language::API_PAGING.names());
    Some(paging)
}

fn endpoint(key: &Key, node: &Node, diags: &mut Diagnostics) -> Option<Endpoint> {
    let name = Spanned::new(key.name.clone(), key.pos.clone());
    let mut m = MapReader::new(node, "endpoint", diags)?;
    let mut method = None;
    for (meth, word) in Method::ALL {
        if let Some(path) = m.opt_text_spanned(word) {
            if method.is_some() {
                m.diags.push(
                    Diagnostic::new(&path.pos, format!("endpoint `{}` has more than one HTTP method", name.value))
                        .help("give each method its own endpoint"),
                );
            } else {
                method = Some((Spanned::new(meth, path.pos.clone()), path));
            }
        }
    }
    let notes = m.notes();
    let path_params = m.opt_map("path").map(|n| params(n, m.diags)).unwrap_or_default();
    let query = m.opt_map("query").map(|n| params(n, m.diags)).unwrap_or_default();
    let headers = m.opt_map("headers").map(|n| params(n, m.diags)).unwrap_or_default();
    let body = m.take("body").and_then(|n| body(n, m.diags));
    let returns = m.take("returns").and_then(|n| type_expr(n, m.diags));
    let envelope = m.opt_text_spanned("envelope").and_then(|s| {
        let mode = match s.value.as_str() {
            "always" => EnvelopeMode::Always,
            "never" => EnvelopeMode::Never,
            "either" => EnvelopeMode::Either,
            other => {
                let d = Diagnostic::new(&s.pos, format!("unknown envelope mode `{other}`"));
                let meant = match other {
                    "true" | "yes" | "wrapped" => Some("always"),
                    "false" | "none" | "no" | "bare" | "raw" => Some("never"),
                    _ => None,
                };
                m.diags.push(match meant {
                    Some(w) => d.replace_token(format!("write `{w}`"), &s.pos, other, w).certain(),
                    None => d
                        .suggest_word(&s.pos, other, ["always", "never", "either"])
                        .or_help("write `always` (the default), `never` or `either`"),
                });
                return None;
            }
        };
        Some(Spanned::new(mode, s.pos))
    });
    let args = match m.take("args") {
        None => Vec::new(),
        Some(Node { value: Value::Seq(items), .. }) => items
            .iter()
            .filter_map(|item| match &item.value {
                Value::Scalar(s) => Some(Spanned::new(s.clone(), item.pos.clone())),
                _ => {
                    m.diags.push(Diagnostic::new(&item.pos, "`args` lists parameter wire names, one per item"));
                    None
                }
            })
            .collect(),
        Some(other) => {
            m.diags.push(
                Diagnostic::new(&other.pos, "`args` must be a list of parameter wire names")
                    .help("write `args: [SpaceID, StartDate, EndDate]`"),
            );
            Vec::new()
        }
    };
    let example = m.take("example").and_then(|n| example(n, m.diags));
    let provenance = m.provenance();
    let twin = m.opt_text_spanned("twin");
    let paged = m.take("paged").and_then(|n| match &n.value {
        Value::Scalar(s) if s == "true" => Some(Spanned::new(Paging::default(), n.pos.clone())),
        Value::Scalar(s) if s == "false" => None,
        Value::Map(_) => paging(n, m.diags, false).map(|p| Spanned::new(p, n.pos.clone())),
        _ => {
            m.diags.push(
                Diagnostic::new(&n.pos, "`paged` must be `true`, `false` or a mapping of paging parameters")
                    .help("write `paged: true` for the API's default paging"),
            );
            None
        }
    });
    m.finish(&language::ENDPOINT.names());
    let Some((method, path)) = method else {
        diags.push(
            Diagnostic::new(&key.pos, format!("endpoint `{}` has no HTTP method", name.value))
                .help("add one of `get:`, `post:`, `put:`, `patch:` or `delete:` with the path"),
        );
        return None;
    };
    Some(Endpoint {
        name,
        method,
        path,
        notes,
        path_params,
        query,
        headers,
        body,
        returns,
        envelope,
        paged,
        args,
        example,
        provenance,
        twin,
    })
}

fn params(node: &Node, diags: &mut Diagnostics) -> Vec<Param> {
    map_entries(node, diags).iter().filter_map(|(k, v)| param(k, v, diags)).collect()
}

fn param(key: &Key, node: &Node, diags: &mut Diagnostics) -> Option<Param> {
    let wire = Spanned::new(key.name.clone(), key.pos.clone());
    if !matches!(node.value, Value::Map(_)) {
        let ty = type_expr(node, diags)?;
        return Some(Param { wire, ty, rust: None, format: None, value: None, notes: Notes::default() });
    }
    let mut m = MapReader::new(node, "parameter", diags)?;
    let ty = m.take("type").and_then(|n| type_expr(n, m.diags));
    let rust = m.opt_text_spanned("rust");
    let format = date_format(&mut m);
    let value = m.opt_text_spanned("value");
    let notes = m.notes();
    m.finish(&language::PARAM.names());
    // A constant needs no type: it is sent as written.
    let ty = ty.or_else(|| {
        let v = value.as_ref()?;
        Some(Spanned::new(TypeExpr::Name(Spanned::new("string".into(), v.pos.clone())), v.pos.clone()))
    });
    let Some(ty) = ty else {
        diags.push(
            Diagnostic::new(&node.pos, format!("parameter `{}` has no `type`", wire.value))
                .help("add `type: …`, e.g. `type: string`"),
        );
        return None;
    };
    Some(Param { wire, ty, rust, format, value, notes })
}

/// `format: iso | us | compact`.
fn date_format(m: &mut MapReader<'_, '_>) -> Option<Spanned<DateFormat>> {
    let s = m.opt_text_spanned("format")?;
    let f = match s.value.as_str() {
        "iso" => DateFormat::Iso,
        "us" => DateFormat::Us,
        "compact" => DateFormat::Compact,
        other => {
            let d = Diagnostic::new(&s.pos, format!("unknown date format `{other}`"));
            m.diags.push(
                d.suggest_word(&s.pos, other, ["iso", "us", "compact"])
                    .or_help("use `iso` (2025-10-20), `us` (10/20/2025) or `compact` (20251020)"),
            );
            return None;
        }
    };
    Some(Spanned::new(f, s.pos))
}

fn body(node: &Node, diags: &mut Diagnostics) -> Option<Body> {
    let pos = node.pos.clone();
    match &node.value {
        Value::Scalar(s) if s == "binary" => Some(Body::Binary { name: None, notes: Notes::default(), pos }),
        Value::Map(_) => {
            let mut m = MapReader::new(node, "body", diags)?;
            let notes = m.notes();
            if let Some(parts) = m.opt_map("multipart") {
                let parts = params(parts, m.diags);
                m.finish(&["multipart", "doc", "deprecated", "unverified"]);
                return Some(Body::Multipart { parts, pos });
            }
            let ty_node = m.take("type");
            let name = m.opt_text_spanned("name");
            let as_string = m.opt_bool("as_string").unwrap_or(false);
            let value = m.opt_text_spanned("value");
            let json_string = match m.opt_text_spanned("encoding") {
                None => false,
                Some(e) if e.value == "json" => false,
                Some(e) if e.value == "json-string" => true,
                Some(e) => {
                    m.diags.push(
                        Diagnostic::new(&e.pos, format!("unknown body encoding `{}`", e.value))
                            .help("use `json` (the default) or `json-string` (the JSON text sent as a JSON string)"),
                    );
                    false
                }
            };
            m.finish(&language::BODY.names());
            let Some(ty_node) = ty_node else {
                diags.push(
                    Diagnostic::new(&pos, "a body mapping needs `type` or `multipart`").help(
                        "write `body: TypeName`, `body: {type: i32, name: user_id}` or `body: {multipart: {...}}`",
                    ),
                );
                return None;
            };
            if matches!(&ty_node.value, Value::Scalar(s) if s == "binary") {
                return Some(Body::Binary { name, notes, pos });
            }
            let ty = type_expr(ty_node, diags)?;
            Some(Body::Json { ty, name, as_string, value, json_string, notes, pos })
        }
        _ => {
            let ty = type_expr(node, diags)?;
            Some(Body::Json {
                ty,
                name: None,
                as_string: false,
                value: None,
                json_string: false,
                notes: Notes::default(),
                pos,
            })
        }
    }
}

fn type_defs(node: &Node, diags: &mut Diagnostics) -> Vec<TypeDef> {
    map_entries(node, diags).iter().filter_map(|(k, v)| type_def(k, v, diags)).collect()
}

fn type_def(key: &Key, node: &Node, diags: &mut Diagnostics) -> Option<TypeDef> {
    let name = Spanned::new(key.name.clone(), key.pos.clone());
    let mut m = MapReader::new(node, "type", diags)?;
    let notes = m.notes();
    let fields = m.opt_map("fields");
    let additional_fields = m.opt_bool("additional_fields").unwrap_or(true);
    let repr = m.opt_text_spanned("enum");
    let values = m.take("values");
    let example = m.take("example").and_then(|n| example(n, m.diags));
    let provenance = m.provenance();
    // A typo of `fields` or `enum` is reported as an unknown key; saying the type has neither too is noise.
    let kind_typo = m.entries.iter().any(|(k, _)| {
        !["fields", "enum", "values"].contains(&k.name.as_str())
            && crate::diagnostic::closest(&k.name, ["fields", "enum", "values"]).is_some()
    });
    m.finish(&language::TYPE.names());
    let kind = match (fields, repr) {
        (Some(fields), None) => {
            if let Some(v) = values {
                diags.push(Diagnostic::new(&v.pos, "`values` belongs to an enum, not a struct with `fields`"));
            }
            TypeKind::Struct {
                fields: map_entries(fields, diags).iter().filter_map(|(k, v)| field(k, v, diags)).collect(),
                additional_fields,
            }
        }
        (None, Some(repr)) => {
            // A wrong representation is reported and the enum kept, so that its uses are not reported too.
            let r = match repr.value.as_str() {
                "i32" => EnumRepr::Int,
                "string" => EnumRepr::String,
                other => {
                    let d = Diagnostic::new(&repr.pos, format!("unknown enum representation `{other}`"));
                    // `i64` or `u32` may mean a width the language does not have: a "maybe".
                    let (meant, certain) = match other {
                        "int" | "integer" | "number" => (Some("i32"), true),
                        "i64" | "u32" => (Some("i32"), false),
                        "str" | "String" | "text" => (Some("string"), true),
                        _ => (None, false),
                    };
                    diags.push(match meant {
                        Some(w) => {
                            let d = d.replace_token(format!("write `{w}`"), &repr.pos, other, w);
                            if certain { d.certain() } else { d }
                        }
                        None => d.help("use `enum: i32` for numeric enums or `enum: string`"),
                    });
                    EnumRepr::String
                }
            };
            // No `values` is reported by validation, as an enum without values.
            let variants = match values {
                Some(values) => map_entries(values, diags).iter().filter_map(|(k, v)| variant(k, v, diags)).collect(),
                None => Vec::new(),
            };
            TypeKind::Enum { repr: Spanned::new(r, repr.pos), variants }
        }
        (Some(f), Some(e)) => {
            diags.push(
                Diagnostic::new(&e.pos, format!("type `{}` has both `fields` and `enum`", name.value))
                    .related(&f.pos, "`fields` makes it a struct")
                    .help("a type is a struct (`fields:`) or an enum (`enum:` and `values:`), not both"),
            );
            TypeKind::Struct { fields: Vec::new(), additional_fields }
        }
        (None, None) if kind_typo => TypeKind::Struct { fields: Vec::new(), additional_fields },
        (None, None) => {
            diags.push(
                Diagnostic::new(&key.pos, format!("type `{}` has neither `fields` nor `enum`", name.value))
                    .help("a struct takes `fields:`; an enum takes `enum: i32` or `enum: string` and `values:`"),
            );
            TypeKind::Struct { fields: Vec::new(), additional_fields }
        }
    };
    Some(TypeDef { name, notes, kind, example, provenance })
}

fn variant(key: &Key, node: &Node, diags: &mut Diagnostics) -> Option<Variant> {
    let name = Spanned::new(key.name.clone(), key.pos.clone());
    match &node.value {
        Value::Scalar(s) => {
            Some(Variant { name, value: Spanned::new(s.clone(), node.pos.clone()), notes: Notes::default() })
        }
        Value::Map(_) => {
            let mut m = MapReader::new(node, "enum value", diags)?;
            let value = m.req_text("value");
            let notes = m.notes();
            m.finish(&language::VARIANT.names());
            Some(Variant { name, value: value?, notes })
        }
        _ => {
            diags.push(
                Diagnostic::new(&node.pos, format!("enum value `{}` must be a scalar or a mapping", name.value))
                    .help("write `Name: 1`, or `Name: {value: 1, doc: ...}`"),
            );
            None
        }
    }
}

fn field(key: &Key, node: &Node, diags: &mut Diagnostics) -> Option<Field> {
    let wire = Spanned::new(key.name.clone(), key.pos.clone());
    if !matches!(node.value, Value::Map(_)) {
        let ty = type_expr(node, diags)?;
        let notes = Notes::default();
        return Some(Field {
            wire,
            ty,
            rust: None,
            nullable: false,
            as_string: false,
            format: None,
            value: None,
            sensitive: false,
            notes,
        });
    }
    let mut m = MapReader::new(node, "field", diags)?;
    let ty = m.take("type").and_then(|n| type_expr(n, m.diags));
    let rust = m.opt_text_spanned("rust");
    let nullable = m.opt_bool("nullable").unwrap_or(false);
    let as_string = m.opt_bool("as_string").unwrap_or(false);
    let sensitive = m.opt_bool("sensitive").unwrap_or(false);
    let format = date_format(&mut m);
    let value = m.opt_text_spanned("value");
    let notes = m.notes();
    m.finish(&language::FIELD.names());
    // A constant's type, when not written, follows from its value.
    let ty = ty.or_else(|| {
        let v = value.as_ref()?;
        let name = if matches!(v.value.as_str(), "true" | "false") { "bool" } else { "i32" };
        Some(Spanned::new(TypeExpr::Name(Spanned::new(name.into(), v.pos.clone())), v.pos.clone()))
    });
    let Some(ty) = ty else {
        diags.push(
            Diagnostic::new(&node.pos, format!("field `{}` has no `type`", wire.value))
                .help("add `type: …`, e.g. `type: string?`"),
        );
        return None;
    };
    Some(Field { wire, ty, rust, nullable, as_string, format, value, sensitive, notes })
}

/// An `example:` value as JSON. A scalar YAML reads as a number or a boolean is one; quoted text, and
/// any other plain scalar, is a string. A number JSON cannot write (`0x1F`, `010`, `.inf`) is reported
/// and the example dropped, so that it is not checked against its type as well.
fn example(node: &Node, diags: &mut Diagnostics) -> Option<Example> {
    let value = match &node.value {
        Value::Null => ExampleValue::Null,
        Value::Scalar(s) if node.typed && (s == "true" || s == "false") => ExampleValue::Bool(s == "true"),
        Value::Scalar(s) if node.typed => match serde_json::from_str::<serde_json::Number>(s) {
            Ok(n) => ExampleValue::Number(n),
            Err(_) => {
                diags.push(
                    Diagnostic::new(&node.pos, format!("`{s}` is not a number JSON can hold"))
                        .label("examples are JSON")
                        .help("write the number in decimal (`31`, `1.5`, `-2`), or quote it to make it text"),
                );
                return None;
            }
        },
        Value::Scalar(s) => ExampleValue::String(s.clone()),
        Value::Seq(items) => {
            let items: Vec<Option<Example>> = items.iter().map(|i| example(i, diags)).collect();
            ExampleValue::List(items.into_iter().collect::<Option<Vec<_>>>()?)
        }
        Value::Map(entries) => {
            let mut out = Vec::with_capacity(entries.len());
            let mut whole = true;
            for (k, v) in entries {
                match example(v, diags) {
                    Some(v) => out.push((Spanned::new(k.name.clone(), k.pos.clone()), v)),
                    None => whole = false,
                }
            }
            if !whole {
                return None;
            }
            ExampleValue::Object(out)
        }
    };
    Some(Example { pos: node.pos.clone(), value })
}

/// A type expression from a scalar (`User`, `"[User]?"`, `map<bool>`) or a one-item YAML list (`[User]`).
fn type_expr(node: &Node, diags: &mut Diagnostics) -> Option<Spanned<TypeExpr>> {
    type_expr_at(node, diags, 0)
}

fn type_expr_at(node: &Node, diags: &mut Diagnostics, depth: usize) -> Option<Spanned<TypeExpr>> {
    let expr = match &node.value {
        Value::Scalar(s) => parse_type_expr_at(s, &content_pos(&node.pos, s), depth),
        _ if depth >= MAX_TYPE_DEPTH => Err(Some(too_deep())),
        Value::Seq(items) if items.len() == 1 => {
            type_expr_at(&items[0], diags, depth + 1).map(|t| TypeExpr::List(Box::new(t.value))).ok_or(None)
        }
        Value::Seq(_) => Err(Some("a list type takes exactly one item type, e.g. `[User]`".to_owned())),
        Value::Null => Err(Some("a type is missing here".to_owned())),
        Value::Map(_) => Err(Some("a type must be a name or a list such as `[User]`; maps are `map<T>`".to_owned())),
    };
    match expr {
        Ok(t) => Some(Spanned::new(t, node.pos.clone())),
        Err(Some(message)) => {
            diags.push(Diagnostic::new(&node.pos, message));
            None
        }
        Err(None) => None,
    }
}

fn too_deep() -> String {
    format!("a type expression may nest at most {MAX_TYPE_DEPTH} levels")
}

/// Where the text `s` of a scalar written at `pos` starts, when the scalar is written as `s` or as `s` in
/// quotes: then names inside it can be pointed at exactly. Otherwise (escapes, several lines) `pos`.
fn content_pos(pos: &Pos, s: &str) -> Pos {
    let n = s.chars().count() as u32;
    if pos.len == n {
        pos.clone()
    } else if pos.len == n + 2 {
        pos.sub(1, n)
    } else {
        pos.clone().with_len(0)
    }
}

/// Parses the text form of a type expression written at `pos` (names inside point at themselves when
/// `pos` covers exactly the text, else at `pos`).
pub fn parse_type_expr(text: &str, pos: &Pos) -> Result<TypeExpr, Option<String>> {
    parse_type_expr_at(text, pos, 0)
}

fn parse_type_expr_at(text: &str, pos: &Pos, depth: usize) -> Result<TypeExpr, Option<String>> {
    let exact = pos.len as usize == text.chars().count();
    parse_part(text, 0, pos, exact, depth)
}

/// `text` is the part of the expression that starts `at` characters into it.
fn parse_part(text: &str, at: u32, pos: &Pos, exact: bool, depth: usize) -> Result<TypeExpr, Option<String>> {
    if depth > MAX_TYPE_DEPTH {
        return Err(Some(too_deep()));
    }
    let at = at + (text.chars().count() - text.trim_start().chars().count()) as u32;
    let text = text.trim();
    if let Some(inner) = text.strip_suffix('?') {
        let inner = parse_part(inner, at, pos, exact, depth + 1)?;
        if matches!(inner, TypeExpr::Optional(_)) {
            return Err(Some(format!("`{text}` has `?` twice")));
        }
        return Ok(TypeExpr::Optional(Box::new(inner)));
    }
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return Ok(TypeExpr::List(Box::new(parse_part(inner, at + 1, pos, exact, depth + 1)?)));
    }
    for (prefix, make) in [("map<", TypeExpr::Map as fn(Box<TypeExpr>) -> TypeExpr), ("csv<", TypeExpr::Csv)] {
        if let Some(inner) = text.strip_prefix(prefix).and_then(|t| t.strip_suffix('>')) {
            return Ok(make(Box::new(parse_part(inner, at + 4, pos, exact, depth + 1)?)));
        }
    }
    let is_name = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !text.starts_with(|c: char| c.is_ascii_digit());
    if is_name {
        let name_pos = if exact { pos.sub(at, text.len() as u32) } else { pos.clone() };
        Ok(TypeExpr::Name(Spanned::new(text.to_owned(), name_pos)))
    } else {
        Err(Some(format!(
            "`{text}` is not a type expression; write a name (`User`, `i32`), `[T]`, `map<T>`, `csv<T>`, or any of these with `?`"
        )))
    }
}

fn map_entries<'a>(node: &'a Node, diags: &mut Diagnostics) -> &'a [(Key, Node)] {
    match &node.value {
        Value::Map(entries) => entries,
        Value::Null => &[],
        _ => {
            diags.push(Diagnostic::new(&node.pos, "expected a mapping (`name: value` lines)"));
            &[]
        }
    }
}

/// Reads the keys of one mapping and reports any left unread as unknown, with the closest known key.
struct MapReader<'a, 'd> {
    node: &'a Node,
    what: String,
    entries: &'a [(Key, Node)],
    used: Vec<bool>,
    /// Every key asked for: [`Self::finish`] checks (in debug builds, so in every test) that each is one
    /// the caller lists as known, so that the key tables of [`language`] (and the JSON Schema written
    /// from them) never miss a key the loader reads.
    asked: Vec<String>,
    diags: &'d mut Diagnostics,
}

impl<'a, 'd> MapReader<'a, 'd> {
    fn new(node: &'a Node, what: &str, diags: &'d mut Diagnostics) -> Option<Self> {
        match &node.value {
            Value::Map(entries) => {
                let used = vec![false; entries.len()];
                Some(MapReader { node, what: what.to_owned(), entries, used, asked: Vec::new(), diags })
            }
            _ => {
                diags.push(Diagnostic::new(&node.pos, format!("expected a mapping for the {what}")));
                None
            }
        }
    }

    fn take(&mut self, key: &str) -> Option<&'a Node> {
        if cfg!(debug_assertions) {
            self.asked.push(key.to_owned());
        }
        let i = self.entries.iter().position(|(k, _)| k.name == key)?;
        self.used[i] = true;
        Some(&self.entries[i].1)
    }

    fn opt_map(&mut self, key: &str) -> Option<&'a Node> {
        let node = self.take(key)?;
        match node.value {
            Value::Map(_) => Some(node),
            Value::Null => None,
            _ => {
                self.diags.push(Diagnostic::new(&node.pos, format!("`{key}` must be a mapping")));
                None
            }
        }
    }

    fn req_map(&mut self, key: &str) -> Option<&'a Node> {
        let found = self.opt_map(key);
        if found.is_none() && !self.entries.iter().any(|(k, _)| k.name == key) {
            self.missing(key);
        }
        found
    }

    /// Reports that the required `key` is not in this mapping, unless a key of the mapping is a near
    /// miss of it: that one is reported as unknown, with `key` as its fix, and one mistake is one error.
    fn missing(&mut self, key: &str) {
        let misspelt = self.entries.iter().any(|(k, _)| crate::diagnostic::closest(&k.name, [key]).is_some());
        if misspelt {
            return;
        }
        self.diags.push(
            Diagnostic::new(&self.node.pos, format!("{} needs `{key}`", self.what))
                .help(format!("add `{key}: …` (spec/README.md shows every key)")),
        );
    }

    fn opt_text_spanned(&mut self, key: &str) -> Option<Spanned<String>> {
        let node = self.take(key)?;
        match &node.value {
            Value::Scalar(s) => Some(Spanned::new(s.clone(), node.pos.clone())),
            _ => {
                self.diags.push(Diagnostic::new(&node.pos, format!("`{key}` must be a single value (text)")));
                None
            }
        }
    }

    fn opt_text(&mut self, key: &str) -> Option<String> {
        self.opt_text_spanned(key).map(|s| s.value)
    }

    fn req_text(&mut self, key: &str) -> Option<Spanned<String>> {
        let present = self.entries.iter().any(|(k, _)| k.name == key);
        let found = self.opt_text_spanned(key);
        if !present {
            self.missing(key);
        }
        found
    }

    fn opt_u32(&mut self, key: &str) -> Option<Spanned<u32>> {
        let s = self.opt_text_spanned(key)?;
        match s.value.parse::<u32>() {
            Ok(n) => Some(Spanned::new(n, s.pos)),
            Err(_) => {
                self.diags.push(Diagnostic::new(&s.pos, format!("`{key}` must be a whole number, not `{}`", s.value)));
                None
            }
        }
    }

    fn req_u32(&mut self, key: &str) -> Option<Spanned<u32>> {
        if !self.entries.iter().any(|(k, _)| k.name == key) {
            self.missing(key);
        }
        self.opt_u32(key)
    }

    fn opt_bool(&mut self, key: &str) -> Option<bool> {
        let s = self.opt_text_spanned(key)?;
        match s.value.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            other => {
                self.diags.push(Diagnostic::new(&s.pos, format!("`{key}` must be `true` or `false`, not `{other}`")));
                None
            }
        }
    }

    /// A list of texts (`[a, b]`), or a single text as a list of one.
    fn opt_text_list(&mut self, key: &str) -> Vec<Spanned<String>> {
        let Some(node) = self.take(key) else {
            return Vec::new();
        };
        let items: &[Node] = match &node.value {
            Value::Seq(items) => items,
            Value::Scalar(_) => std::slice::from_ref(node),
            Value::Null => &[],
            Value::Map(_) => {
                self.diags.push(
                    Diagnostic::new(&node.pos, format!("`{key}` must be a list of names"))
                        .help(format!("write `{key}: [A, B]`")),
                );
                return Vec::new();
            }
        };
        items
            .iter()
            .filter_map(|item| match &item.value {
                Value::Scalar(s) => Some(Spanned::new(s.clone(), item.pos.clone())),
                _ => {
                    self.diags.push(Diagnostic::new(&item.pos, format!("`{key}` lists names, one per item")));
                    None
                }
            })
            .collect()
    }

    /// `source:` (a reference or a list of them, each `<kind> <where>`) and `inferred:` (text).
    fn provenance(&mut self) -> Provenance {
        let source_pos = self.entries.iter().find(|(k, _)| k.name == "source").map(|(k, _)| k.pos.clone());
        let refs = self.opt_text_list("source");
        if let (Some(pos), true) = (&source_pos, refs.is_empty()) {
            self.diags.push(
                Diagnostic::new(pos, "`source:` names no source")
                    .help("write a reference such as `source: ionic src/pages/login/login.ts`, or remove the key"),
            );
        }
        let sources = refs.into_iter().filter_map(|r| source_ref(&r, self.diags)).collect();
        let inferred = self.opt_text_spanned("inferred").map(|t| Spanned::new(rustdoc_safe(&t.value), t.pos));
        if let (Some(inferred), Some(source)) = (&inferred, &source_pos) {
            self.diags.push(
                Diagnostic::new(
                    &inferred.pos,
                    "an item rests on sources (`source:`) or on inference (`inferred:`), not both",
                )
                .related(source, "`source:` is here")
                .help("keep `source:` and say what is inferred in `unverified:`, or remove `source:`"),
            );
        }
        Provenance { sources, source_pos, inferred }
    }

    /// `doc`, `deprecated` and `unverified`, made safe for rustdoc, with their explicit intra-doc links. A
    /// note is text that says why: `deprecated: true` would reach the docs as the word "true", so it is
    /// refused.
    fn notes(&mut self) -> Notes {
        let mut links = Vec::new();
        let mut text = |key: &str| {
            let note = self.opt_text_spanned(key)?;
            if matches!(note.value.as_str(), "true" | "false" | "yes" | "no") {
                let what = match key {
                    "deprecated" => "what to use instead, and since when if known",
                    "unverified" => "what is not verified, and what it rests on instead",
                    _ => "what the item is",
                };
                self.diags.push(
                    Diagnostic::new(&note.pos, format!("`{key}: {}` is not a note", note.value))
                        .help(format!("`{key}:` takes text that readers see in the docs: write {what}")),
                );
                return None;
            }
            links.extend(
                crate::load::prose::rust_links(&note.value).into_iter().map(|l| Spanned::new(l, note.pos.clone())),
            );
            Some(rustdoc_safe(&note.value))
        };
        let (doc, deprecated, unverified) = (text("doc"), text("deprecated"), text("unverified"));
        Notes { doc, deprecated, unverified, links }
    }

    /// [`MapReader::finish`] for the top of a spec file: a key that belongs in the other kind of file
    /// (`elsewhere`: the key and where it belongs) is reported as such, not as a typo.
    fn finish_file(mut self, known: &[&str], elsewhere: &[(&str, &str)]) {
        for (i, (key, _)) in self.entries.iter().enumerate() {
            if let Some((_, belongs)) = elsewhere.iter().find(|(k, _)| *k == key.name)
                && !self.used[i]
            {
                self.used[i] = true;
                let d = Diagnostic::new(&key.pos, format!("`{}:` is not read in this file", key.name));
                self.diags.push(d.help(*belongs));
            }
        }
        self.finish(known);
    }

    /// Reports every key not read, suggesting the closest of `known`.
    fn finish(self, known: &[&str]) {
        debug_assert!(
            self.asked.iter().all(|k| known.contains(&k.as_str())),
            "the {} reads a key its table does not list: {:?} not all in {known:?}",
            self.what,
            self.asked
        );
        for ((key, _), used) in self.entries.iter().zip(&self.used) {
            if !used {
                let d = Diagnostic::new(&key.pos, format!("unknown key `{}`", key.name));
                // Only a key this map does not already have: renaming to one it has would clash.
                let free = known.iter().copied().filter(|k| !self.entries.iter().any(|(e, _)| e.name == *k));
                let d = d.suggest_word(&key.pos, &key.name, free.clone());
                self.diags.push(d.or_help(format!("expected one of: {}", known.join(", "))));
            }
        }
    }
}

/// `provenance: required | optional` of a spec file: where `required` was written.
fn provenance_setting(m: &mut MapReader<'_, '_>) -> Option<Pos> {
    let s = m.opt_text_spanned("provenance")?;
    match s.value.as_str() {
        "required" => Some(s.pos),
        "optional" => None,
        other => {
            let d = Diagnostic::new(&s.pos, format!("unknown provenance setting `{other}`"));
            m.diags.push(
                d.suggest_word(&s.pos, other, ["required", "optional"])
                    .or_help("write `provenance: required` (or `optional`, the default)"),
            );
            None
        }
    }
}

/// One `source:` reference: a kind word, then where in that source (`ionic src/pages/login/login.ts`).
fn source_ref(r: &Spanned<String>, diags: &mut Diagnostics) -> Option<SourceRef> {
    let text = r.value.trim();
    let (word, locator) = text.split_once(char::is_whitespace).map_or((text, ""), |(w, l)| (w, l.trim()));
    let kinds = SourceKind::ALL.iter().map(|(_, w)| *w);
    let Some(kind) = SourceKind::ALL.iter().find(|(_, w)| *w == word).map(|(k, _)| *k) else {
        let pos = content_pos(&r.pos, &r.value);
        let at = if pos.len == 0 { pos } else { pos.sub(0, word.chars().count() as u32) };
        let d = Diagnostic::new(&at, format!("unknown kind of source `{word}`"));
        diags.push(d.suggest_word(&at, word, kinds.clone()).or_help(format!(
            "a reference starts with the kind of source: {}",
            kinds.map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        )));
        return None;
    };
    if locator.is_empty() {
        diags.push(
            Diagnostic::new(&r.pos, format!("the `{word}` reference says not where"))
                .help(format!("write the {} after `{word}`", locator_hint(kind))),
        );
        return None;
    }
    // A trailing `(category.method, …)` names the endpoints whose responses the source shows.
    let mut shows = Vec::new();
    let mut locator = locator;
    if let Some(open) = locator.rfind(" (")
        && locator.ends_with(')')
    {
        let inner = &locator[open + 2..locator.len() - 1];
        let names: Vec<&str> = inner.split(',').map(str::trim).collect();
        let endpoint = |n: &str| {
            n.split_once('.').is_some_and(|(c, m)| {
                !c.is_empty()
                    && !m.is_empty()
                    && n.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.')
            })
        };
        if names.iter().all(|n| endpoint(n)) {
            let exact = content_pos(&r.pos, &r.value);
            let text_start = r.value.find(text).unwrap_or(0);
            let mut from = text_start + text.find(locator).unwrap_or(0) + open + 2;
            for n in names {
                let at = r.value[from..].find(n).map_or(from, |i| from + i);
                let pos = if exact.len == 0 {
                    r.pos.clone()
                } else {
                    exact.sub(r.value[..at].chars().count() as u32, n.chars().count() as u32)
                };
                shows.push(Spanned::new(n.to_owned(), pos));
                from = at + n.len();
            }
            locator = locator[..open].trim_end();
        }
    }
    Some(SourceRef { kind, locator: locator.to_owned(), shows, pos: r.pos.clone() })
}

/// What follows the kind word of a reference.
fn locator_hint(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Capture => "capture's name (`capture content-list`)",
        SourceKind::Postman => "request's name (`postman \"Get User Details\"`)",
        SourceKind::Ionic => "file's path in the app (`ionic src/pages/login/login.ts`)",
        SourceKind::PageBuilder => "script's path (`page-builder scripts/list-widget-ids.js`)",
        SourceKind::Docs => "page (`docs view/105780`)",
        SourceKind::Probe => "request the probe read (`probe GET /api/…`)",
    }
}

/// The canonical text of the top-level mapping without `keys`.
fn canonical_except(root: &Node, keys: &[&str]) -> String {
    let mut out = String::new();
    match &root.value {
        Value::Map(entries) => {
            canonical_map(entries.iter().filter(|(k, _)| !keys.contains(&k.name.as_str())), &mut out)
        }
        _ => canonical_walk(root, &mut out),
    }
    out
}

/// The canonical text of the value of the top-level `key` (empty when it is absent).
fn canonical_of(root: &Node, key: &str) -> String {
    match &root.value {
        Value::Map(entries) => {
            entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| canonical(v)).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// The mapping tree as text with every mapping's keys sorted: two specs that differ only in key order or
/// layout have the same canonical text.
pub fn canonical(node: &Node) -> String {
    let mut out = String::new();
    canonical_walk(node, &mut out);
    out
}

fn canonical_walk(node: &Node, out: &mut String) {
    match &node.value {
        Value::Null => out.push('~'),
        Value::Scalar(s) => canonical_string(s, out),
        Value::Seq(items) => {
            out.push('[');
            for item in items {
                canonical_walk(item, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::Map(entries) => canonical_map(entries.iter(), out),
    }
}

fn canonical_map<'a>(entries: impl Iterator<Item = &'a (Key, Node)>, out: &mut String) {
    let mut sorted: Vec<&(Key, Node)> = entries.collect();
    sorted.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    out.push('{');
    for (k, v) in sorted {
        canonical_string(&k.name, out);
        out.push(':');
        canonical_walk(v, out);
        out.push(',');
    }
    out.push('}');
}

/// `"s"` with `\` and `"` escaped.
fn canonical_string(s: &str, out: &mut String) {
    out.push('"');
    if s.contains(['\\', '"']) {
        for c in s.chars() {
            if c == '\\' || c == '"' {
                out.push('\\');
            }
            out.push(c);
        }
    } else {
        out.push_str(s);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn pos() -> Pos {
        Pos::new(&Arc::from("t.yaml"), 1, 1)
    }

    #[test]
    fn parses_type_expressions() {
        let show = |s: &str| parse_type_expr(s, &pos()).map(|t| t.to_string()).map_err(|e| e.unwrap_or_default());
        assert_eq!(show("User").unwrap(), "User");
        assert_eq!(show("[User]?").unwrap(), "[User]?");
        assert_eq!(show("map<bool>").unwrap(), "map<bool>");
        assert_eq!(show("csv<i32>?").unwrap(), "csv<i32>?");
        assert_eq!(show("[map<[i32]>]").unwrap(), "[map<[i32]>]");
        assert!(show("i32??").is_err());
        assert!(show("[User").is_err());
        assert!(show("9lives").is_err());
        assert!(show("").is_err());
    }
}
