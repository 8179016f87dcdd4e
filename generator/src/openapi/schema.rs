//! Types as JSON Schema, in the dialect of each OpenAPI version: the declared types and ids as named
//! schemas, and the schema of a value where a parameter, field, body or response holds one.

use std::collections::BTreeMap;

use super::Version;
use super::value::{Map, Value};
use crate::ir::{DateFormat, Docs, FieldIr, IdIr, Ir, NamedKind, Ty, TypeIr, TypeIrKind};

/// Where named schemas live.
pub const COMPONENTS: &str = "#/components/schemas/";

/// How a value travels, beyond its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wire {
    /// How a date is written.
    pub format: DateFormat,
    /// Numbers, booleans and enums travel as JSON strings.
    pub as_string: bool,
}

impl Wire {
    /// A value as JSON writes it.
    pub const PLAIN: Wire = Wire { format: DateFormat::Iso, as_string: false };
}

/// Builds schemas for one document.
pub struct Schemas<'a> {
    /// The OpenAPI version whose dialect is written.
    pub version: Version,
    /// The declared types by name.
    types: BTreeMap<&'a str, &'a TypeIr>,
}

impl<'a> Schemas<'a> {
    /// Schemas of `ir`'s types in `version`'s dialect.
    pub fn new(ir: &'a Ir, version: Version) -> Self {
        let types = ir
            .common
            .types
            .iter()
            .chain(ir.categories.iter().flat_map(|c| c.types.types.iter()))
            .map(|t| (t.name.as_str(), t))
            .collect();
        Schemas { version, types }
    }

    /// Every named schema, sorted by name: the declared types and the ids.
    pub fn components(&self, ids: &[IdIr]) -> Map {
        let mut named: BTreeMap<&str, Value> = self.types.iter().map(|(name, t)| (*name, self.declared(t))).collect();
        for id in ids {
            named.insert(&id.name, id_schema(id));
        }
        named.into_iter().map(|(name, schema)| (name.to_owned(), schema)).collect()
    }

    /// The schema of a value of type `ty` travelling as `wire` says. `Option` is left to the caller
    /// (a field that is not required, a parameter that is not), so it adds nothing here.
    pub fn ty(&self, ty: &Ty, wire: Wire) -> Value {
        if wire.as_string
            && let Some(s) = self.as_string(ty)
        {
            return s;
        }
        let schema = match ty {
            Ty::String => typed("string"),
            Ty::Bool => typed("boolean"),
            Ty::I32 => typed("integer").with("format", "int32"),
            Ty::I64 => typed("integer").with("format", "int64"),
            Ty::F64 => typed("number").with("format", "double"),
            Ty::Date => date(wire.format),
            Ty::DateTime => date_time(),
            Ty::Json => Map::new(),
            Ty::File => binary(),
            Ty::Id(name) | Ty::Named { name, .. } => return reference(name),
            Ty::List(item) => typed("array").with("items", self.ty(item, wire)),
            Ty::Map(item) => typed("object").with("additionalProperties", self.ty(item, wire)),
            Ty::Csv(item) => typed("string").with("x-axero-csv", ty_text(item)),
            Ty::Option(inner) => return self.ty(inner, wire),
        };
        schema.into()
    }

    /// The schema of a value sent as a JSON string (`as_string`): numbers, booleans and numeric enums
    /// as their text; `None` for a type that is not sent differently.
    fn as_string(&self, ty: &Ty) -> Option<Value> {
        let digits = || typed("string").with("pattern", "^-?[0-9]+$");
        let schema = match ty {
            Ty::I32 | Ty::I64 => digits(),
            Ty::Id(name) => digits().with("x-axero-id", name),
            Ty::F64 => typed("string").with("pattern", "^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$"),
            Ty::Bool => typed("string").with("enum", vec![Value::from("true"), Value::from("false")]),
            Ty::Named { name, kind: NamedKind::IntEnum } => {
                let values = match self.types.get(name.as_str()).map(|t| &t.kind) {
                    Some(TypeIrKind::IntEnum(vs)) => vs.iter().map(|v| Value::from(v.value.to_string())).collect(),
                    _ => Vec::new(),
                };
                typed("string").with("enum", values).with("x-axero-enum", name)
            }
            Ty::Option(inner) => return self.as_string(inner),
            Ty::List(item) => return Some(typed("array").with("items", self.as_string(item)?).into()),
            _ => return None,
        };
        Some(schema.with("x-axero-as-string", true).into())
    }

    /// A constant of type `ty` written as `text`: the type's schema limited to that one value.
    pub fn constant(&self, ty: &Ty, wire: Wire, text: &str) -> Value {
        self.one_of_values(ty, wire, &[text])
    }

    /// The type's schema limited to `texts`: `const` for one value in 3.1, `enum` otherwise.
    pub fn one_of_values(&self, ty: &Ty, wire: Wire, texts: &[&str]) -> Value {
        let base = self.ty(ty, wire);
        let mut schema = match base {
            // A declared enum, or an id: its own schema's type, since a `$ref` takes no siblings in 3.0.
            Value::Map(m) if m.get("$ref").is_some() => match ty {
                Ty::Named { name, kind: NamedKind::StrEnum } => typed("string").with("x-axero-enum", name),
                Ty::Named { name, kind: NamedKind::IntEnum } => {
                    typed("integer").with("format", "int32").with("x-axero-enum", name)
                }
                Ty::Id(name) => typed("integer").with("format", "int32").with("x-axero-id", name),
                _ => m,
            },
            Value::Map(m) => m,
            _ => Map::new(),
        };
        schema.remove("enum");
        let values: Vec<Value> = texts.iter().map(|t| typed_value(&schema, t)).collect();
        match (self.version, values.as_slice()) {
            (Version::V3_1, [one]) => schema.insert("const", one.clone()),
            _ => schema.insert("enum", values),
        };
        schema.into()
    }

    /// `schema` that also accepts `null`.
    pub fn nullable(&self, schema: Value) -> Value {
        let Value::Map(mut m) = schema else { return schema };
        match self.version {
            Version::V3_0 if is_reference(&m) => Map::new().with("allOf", vec![Value::Map(m)]).with("nullable", true),
            Version::V3_0 => m.with("nullable", true),
            Version::V3_1 => match m.get("type").and_then(Value::as_str).map(str::to_owned) {
                Some(t) if m.get("enum").is_none() && m.get("const").is_none() => {
                    m.insert("type", vec![Value::from(t), Value::from("null")]);
                    m
                }
                _ => Map::new().with("anyOf", vec![Value::Map(m), typed("null").into()]),
            },
        }
        .into()
    }

    /// `schema` with the description, deprecation and unverified note of `docs` (and `extra` lines after
    /// the docs). A `$ref` takes no siblings in 3.0, so there it is wrapped in `allOf`.
    pub fn described(&self, schema: Value, docs: &Docs, extra: &[String]) -> Value {
        let meta = meta(docs, extra);
        if meta.is_empty() {
            return schema;
        }
        let Value::Map(m) = schema else { return schema };
        let mut out = if self.version == Version::V3_0 && is_reference(&m) {
            Map::new().with("allOf", vec![Value::Map(m)])
        } else {
            m
        };
        for (k, v) in meta {
            match (out.get(&k).and_then(Value::as_str), v.as_str()) {
                (Some(own), Some(new)) if k == "description" => {
                    let joined = format!("{new}\n\n{own}");
                    out.insert(k, joined)
                }
                _ => out.insert(k, v),
            };
        }
        out.into()
    }

    /// The schema of a declared type.
    fn declared(&self, t: &TypeIr) -> Value {
        let schema = match &t.kind {
            TypeIrKind::Struct { fields, additional, .. } => self.object(fields, *additional),
            TypeIrKind::IntEnum(variants) => {
                let mut s = typed("integer").with("format", "int32");
                match self.version {
                    Version::V3_0 => {
                        s.insert("enum", variants.iter().map(|v| Value::Int(v.value)).collect::<Vec<_>>());
                        s.insert("x-enum-varnames", variants.iter().map(|v| Value::from(&v.name)).collect::<Vec<_>>());
                        if variants.iter().any(|v| !description(&v.docs).is_empty()) {
                            let docs = variants.iter().map(|v| Value::from(description(&v.docs))).collect::<Vec<_>>();
                            s.insert("x-enum-descriptions", docs);
                        }
                    }
                    Version::V3_1 => {
                        let one = |v: &crate::ir::VariantIr<i64>| {
                            let d = description(&v.docs);
                            Value::from(
                                Map::new()
                                    .with("const", v.value)
                                    .with("title", &v.name)
                                    .with_opt("description", (!d.is_empty()).then_some(d)),
                            )
                        };
                        if !variants.is_empty() {
                            s.insert("oneOf", variants.iter().map(one).collect::<Vec<_>>());
                        }
                    }
                }
                s
            }
            TypeIrKind::StrEnum(variants) => typed("string")
                .with("enum", variants.iter().map(|v| Value::from(&v.value)).collect::<Vec<_>>())
                .with("x-enum-varnames", variants.iter().map(|v| Value::from(&v.name)).collect::<Vec<_>>()),
        };
        // Its own keys, not a `$ref`: siblings are fine in both versions.
        self.described(schema.into(), &t.docs, &[])
    }

    /// A struct: fields by wire name, the required ones listed, unlisted fields allowed when the type
    /// keeps them.
    fn object(&self, fields: &[FieldIr], additional: bool) -> Map {
        let required: Vec<Value> = fields
            .iter()
            .filter(|f| !matches!(f.ty, Ty::Option(_)) && !f.empty_when_absent && f.constant.is_none())
            .map(|f| Value::from(&f.wire))
            .collect();
        let properties: Map = fields.iter().map(|f| (f.wire.clone(), self.field(f))).collect();
        let mut s = typed("object");
        if !required.is_empty() {
            s.insert("required", required);
        }
        s.insert("properties", properties);
        if additional {
            s.insert("additionalProperties", true);
        }
        s
    }

    fn field(&self, f: &FieldIr) -> Value {
        let wire = Wire { format: f.format, as_string: f.as_string };
        let schema = match &f.constant {
            Some(c) => self.constant(&f.ty, wire, c),
            None => self.ty(&f.ty, wire),
        };
        let schema = if f.nullable { self.nullable(schema) } else { schema };
        self.described(schema, &f.docs, &[])
    }
}

/// An id: an integer with its name in `x-axero-id`.
fn id_schema(id: &IdIr) -> Value {
    let schema = typed("integer").with("format", "int32").with("x-axero-id", &id.name);
    let d = description(&id.docs);
    schema.with_opt("description", (!d.is_empty()).then_some(d)).into()
}

/// `{type: <name>}`.
pub fn typed(name: &'static str) -> Map {
    Map::new().with("type", name)
}

/// `{$ref: '#/components/schemas/<name>'}`.
pub fn reference(name: &str) -> Value {
    Map::new().with("$ref", format!("{COMPONENTS}{name}")).into()
}

/// Raw bytes: a file part or an `application/octet-stream` body.
pub fn binary() -> Map {
    typed("string").with("format", "binary")
}

fn is_reference(m: &Map) -> bool {
    m.get("$ref").is_some() && m.iter().count() == 1
}

/// A date as the spec's format writes it: `format: date` for ISO, a pattern for the others.
fn date(format: DateFormat) -> Map {
    match format {
        DateFormat::Iso => typed("string").with("format", "date"),
        DateFormat::Us => typed("string")
            .with("pattern", "^[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}$")
            .with("x-axero-date-format", "MM/DD/YYYY"),
        DateFormat::Compact => typed("string").with("pattern", "^[0-9]{8}$").with("x-axero-date-format", "YYYYMMDD"),
    }
}

/// What the API sends for a `datetime`: ISO 8601 without an offset (`2025-10-20T16:07:36.817`; the
/// API does not say in which zone), which is not RFC 3339's `date-time` (an offset is required there), so not
/// `format: date-time`: a string with a pattern and a note. The pattern is ISO 8601's calendar date and
/// time as the API writes it, loose where a real answer may differ without being another form: the
/// seconds and the fraction (any number of digits) may be left out, and an offset (`Z`, `+02:00`) is
/// allowed, though no capture shows one. Forms the client reads that are not ISO 8601 (`/Date(ms)/`,
/// `10/20/2025 11:07 AM`) are not in it: no capture shows them in a `datetime` field.
pub const DATE_TIME_PATTERN: &str =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?$";

/// A `datetime`: see [`DATE_TIME_PATTERN`].
fn date_time() -> Map {
    typed("string").with("pattern", DATE_TIME_PATTERN).with("x-axero-date-format", "YYYY-MM-DDTHH:mm:ss.fff").with(
        "description",
        "ISO 8601 date and time as the API sends it: without an offset (it does not say in which zone), \
             the fraction of a second optional: `2025-10-20T16:07:36.817`. Not RFC 3339, which requires an \
             offset, so not `format: date-time`.",
    )
}

/// `text` as a value of the schema's type: a number for `integer`, a boolean for `boolean`, else the text.
fn typed_value(schema: &Map, text: &str) -> Value {
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => text.parse::<i64>().map_or_else(|_| Value::from(text.to_owned()), Value::Int),
        Some("boolean") => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            other => Value::from(other.to_owned()),
        },
        _ => Value::from(text.to_owned()),
    }
}

/// An item's docs as one Markdown text, with its deprecation note.
pub fn description(docs: &Docs) -> String {
    let mut text = plain_links(docs.lines.join("\n").trim());
    if let Some(note) = &docs.deprecated {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("**Deprecated:** {note}"));
    }
    text
}

/// `description` (with `extra` lines), `deprecated` and `x-unverified` of an item, as far as it has them.
pub fn meta(docs: &Docs, extra: &[String]) -> Map {
    let mut text = description(docs);
    for line in extra {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(line);
    }
    Map::new()
        .with_opt("description", (!text.is_empty()).then_some(text))
        .with_opt("deprecated", docs.deprecated.is_some().then_some(true))
        .with_opt("x-unverified", docs.unverified.clone())
}

/// A type as the spec writes it (`i32`, `UserId`, `[User]`, `csv<i32>`): for `x-` extensions that name a
/// type without being a schema.
pub fn ty_text(ty: &Ty) -> String {
    match ty {
        Ty::String => "string".into(),
        Ty::Bool => "bool".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::F64 => "f64".into(),
        Ty::Date => "date".into(),
        Ty::DateTime => "datetime".into(),
        Ty::Json => "json".into(),
        Ty::File => "file".into(),
        Ty::Id(name) | Ty::Named { name, .. } => name.clone(),
        Ty::List(t) => format!("[{}]", ty_text(t)),
        Ty::Map(t) => format!("map<{}>", ty_text(t)),
        Ty::Csv(t) => format!("csv<{}>", ty_text(t)),
        Ty::Option(t) => format!("{}?", ty_text(t)),
    }
}

/// Markdown with rustdoc's intra-doc links (`` [`get`](Self::get) ``) as their text, since their targets
/// (Rust paths) lead nowhere outside rustdoc; links to URLs are kept.
pub fn plain_links(text: &str) -> String {
    let is_rust_path =
        |t: &str| t.contains("::") && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('[') {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let link = from.find("](").and_then(|close| {
            let label = from.get(1..close)?;
            let after = from.get(close + 2..)?;
            let end = after.find(')')?;
            let (target, tail) = (after.get(..end)?, after.get(end + 1..)?);
            (!label.contains('[') && is_rust_path(target)).then_some((label, tail))
        });
        match link {
            Some((label, tail)) => {
                out.push_str(label);
                rest = tail;
            }
            None => {
                out.push('[');
                rest = from.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}
