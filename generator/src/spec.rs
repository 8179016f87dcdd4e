//! The spec language as data: what `load` reads out of the YAML, with the position of everything a
//! diagnostic may need to point at. Nothing here is checked beyond its shape; `validate` does the rest.
//!
//! `spec/README.md` is the reference for the language; this module mirrors it.

use crate::diagnostic::Pos;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub pos: Pos,
}

impl<T> Spanned<T> {
    /// Wraps `value` written at `pos`.
    pub fn new(value: T, pos: Pos) -> Self {
        Spanned { value, pos }
    }
}

/// Every spec file of one API.
#[derive(Debug, Clone)]
pub struct Spec {
    /// `api.yaml`: what is API-wide.
    pub api: ApiFile,
    /// One per category file, sorted by name.
    pub categories: Vec<CategoryFile>,
}

/// Texts that may annotate endpoints, types, fields and parameters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    /// Documentation (Markdown).
    pub doc: Option<String>,
    /// Set when the item is deprecated: what to use instead.
    pub deprecated: Option<String>,
    /// Set when a fact about the item is not verified against a live server: which fact, and the evidence.
    pub unverified: Option<String>,
    /// The Rust paths of the explicit intra-doc links in the three (`[text](crate::types::User)`), each
    /// at the place of its note, so that validation checks them where they are written.
    pub links: Vec<Spanned<String>>,
}

/// `api.yaml`.
#[derive(Debug, Clone)]
pub struct ApiFile {
    /// The file as shown in diagnostics.
    pub file: String,
    /// What the API is.
    pub doc: Option<String>,
    /// Base URL, with `{site}` where the customer's host goes.
    pub base_url: Spanned<String>,
    /// How requests authenticate.
    pub auth: Auth,
    /// Names of the response envelope's fields.
    pub envelope: Envelope,
    /// The default paging convention.
    pub paging: Paging,
    /// Types shared by every category.
    pub types: Vec<TypeDef>,
    /// The entity ids: newtypes that fields and parameters carrying them take.
    pub ids: Vec<IdDef>,
    /// A canonical text (keys sorted) of everything but `types` and `ids`, hashed into the module headers.
    pub canonical: String,
    /// A canonical text of `types`, hashed into the header of the shared types' file.
    pub canonical_types: String,
    /// A canonical text of `ids`, hashed into the header of the ids file.
    pub canonical_ids: String,
    /// `provenance: required`: every type the file declares says what it rests on.
    pub provenance_required: Option<Pos>,
    /// The collections of the mock's twin of a site.
    pub twin: Vec<TwinCollection>,
}

/// One entity id, e.g. `UserId`: a newtype of `i32`.
#[derive(Debug, Clone)]
pub struct IdDef {
    /// The Rust type name (PascalCase, ending in `Id`).
    pub name: Spanned<String>,
    /// Documentation and notes.
    pub notes: Notes,
    /// The wire names that carry this id: an `i32` parameter or field with one of these names (or the
    /// name with `CSV`/`s` after it, for a list) takes the id's type.
    pub wire: Vec<Spanned<String>>,
    /// The ids that contain this one (a user is in a space): as positional arguments, a container comes
    /// before what it contains.
    pub within: Vec<Spanned<String>>,
}

/// The authentication schemes.
#[derive(Debug, Clone)]
pub struct Auth {
    /// Bearer token: the header that carries `Bearer <token>`.
    pub bearer: AuthScheme,
    /// The legacy API key header, if the API has one.
    pub legacy: Option<AuthScheme>,
}

/// One authentication scheme.
#[derive(Debug, Clone)]
pub struct AuthScheme {
    /// The header name.
    pub header: Spanned<String>,
    /// Documentation and deprecation.
    pub notes: Notes,
}

/// The response envelope `{IsError, ResponseMessage, TotalRecords, ResponseData}`.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// The boolean that says the call failed.
    pub error: Spanned<String>,
    /// The message.
    pub message: Spanned<String>,
    /// The total number of records across all pages.
    pub total: Spanned<String>,
    /// The payload.
    pub data: Spanned<String>,
}

/// How pages are requested. In `api.yaml` every part is required; on an endpoint, a part left out is
/// taken from `api.yaml`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paging {
    /// Query parameter with the page number.
    pub page: Option<Spanned<String>>,
    /// Query parameter with the page length.
    pub size: Option<Spanned<String>>,
    /// The number of the first page (1 for Axero).
    pub first_page: Option<Spanned<u32>>,
    /// The page length the server uses when none is sent.
    pub default_size: Option<Spanned<u32>>,
    /// The largest page length the API accepts: streams fetch pages of this length (default 100).
    pub max_size: Option<Spanned<u32>>,
}

/// One category file, e.g. `users.yaml`.
#[derive(Debug, Clone)]
pub struct CategoryFile {
    /// The file as shown in diagnostics.
    pub file: String,
    /// The file stem: the module and accessor name.
    pub name: Spanned<String>,
    /// What the category is for.
    pub doc: Option<String>,
    /// Endpoints, in the order written (lowering sorts them).
    pub endpoints: Vec<Endpoint>,
    /// Types declared by this category.
    pub types: Vec<TypeDef>,
    /// A canonical text (keys sorted) of everything but `types`, hashed into the endpoint file's header.
    pub canonical: String,
    /// A canonical text of `types`, hashed into the types file's header.
    pub canonical_types: String,
    /// `provenance: required`: every typed response of the file, every type it returns and every type
    /// it declares says what it rests on (`source:` or `inferred:`). Where the key was written, when it was.
    pub provenance_required: Option<Pos>,
}

/// The kinds of public source a `source:` reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    /// A captured response of a real site (`capture content-list`).
    Capture,
    /// A request of Axero's public Postman collection, by name (`postman "Get User Details"`).
    Postman,
    /// A file of the 2018 Ionic mobile app and its web chat client (`ionic src/pages/login/login.ts`).
    Ionic,
    /// A file of the Page Builder scripts (`page-builder scripts/list-widget-ids.js`).
    PageBuilder,
    /// A page of Axero's documentation (`docs view/105780`).
    Docs,
    /// An answer of a live site read by `cargo xtask probe --learn` (`probe GET /api/…`).
    Probe,
}

impl SourceKind {
    /// Every kind, with the word that names it in a reference.
    pub const ALL: [(SourceKind, &'static str); 6] = [
        (SourceKind::Capture, "capture"),
        (SourceKind::Postman, "postman"),
        (SourceKind::Ionic, "ionic"),
        (SourceKind::PageBuilder, "page-builder"),
        (SourceKind::Docs, "docs"),
        (SourceKind::Probe, "probe"),
    ];

    /// The word that names the kind in a reference (`ionic`).
    pub fn word(self) -> &'static str {
        Self::ALL.iter().find(|(k, _)| *k == self).map_or("", |(_, w)| w)
    }
}

/// One reference of a `source:` list: `<kind> <where>`, e.g. `ionic src/pages/login/login.ts`.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRef {
    /// The kind of source.
    pub kind: SourceKind,
    /// Where in it: a file, a request name, a page, a capture.
    pub locator: String,
    /// On a type's reference: the endpoints (`category.method`) whose responses this source shows,
    /// written after it in parentheses (`ionic src/pages/login/login.ts (users.me)`). They rest on it
    /// without a `source:` of their own.
    pub shows: Vec<Spanned<String>>,
    /// Where the reference was written.
    pub pos: Pos,
}

/// What an item (a type, or an endpoint's response) rests on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provenance {
    /// `source:`: the public sources that show it.
    pub sources: Vec<SourceRef>,
    /// Where `source:` was written.
    pub source_pos: Option<Pos>,
    /// `inferred:`: what it is inferred from, when no source shows it.
    pub inferred: Option<Spanned<String>>,
}

impl Provenance {
    /// Whether the item says what it rests on.
    pub fn is_stated(&self) -> bool {
        self.source_pos.is_some() || self.inferred.is_some()
    }

    /// Whether it rests only on inference.
    pub fn only_inferred(&self) -> bool {
        self.inferred.is_some() && self.source_pos.is_none()
    }
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// Every method, with its spec key.
    pub const ALL: [(Method, &'static str); 5] = [
        (Method::Get, "get"),
        (Method::Post, "post"),
        (Method::Put, "put"),
        (Method::Patch, "patch"),
        (Method::Delete, "delete"),
    ];

    /// `GET`, `POST`, …
    pub fn as_upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Whether a response is wrapped in the envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvelopeMode {
    /// Always wrapped (the default).
    Always,
    /// Never wrapped: the body is the value.
    Never,
    /// Either; the client accepts both.
    Either,
}

/// One endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The key: the Rust method name.
    pub name: Spanned<String>,
    /// The HTTP method.
    pub method: Spanned<Method>,
    /// The path template, e.g. `/api/users/{UserID}/details`.
    pub path: Spanned<String>,
    /// Documentation, deprecation and unverified facts.
    pub notes: Notes,
    /// Path parameters, one per `{placeholder}`.
    pub path_params: Vec<Param>,
    /// Query parameters under their wire names.
    pub query: Vec<Param>,
    /// Request headers under their wire names.
    pub headers: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// The type of the response data; `None` when nothing useful comes back.
    pub returns: Option<Spanned<TypeExpr>>,
    /// Envelope mode, when the endpoint overrides the default.
    pub envelope: Option<Spanned<EnvelopeMode>>,
    /// Paging, when the endpoint is paged.
    pub paged: Option<Spanned<Paging>>,
    /// The order of the positional arguments, by wire name, when the default will not read well.
    pub args: Vec<Spanned<String>>,
    /// An example of the response data (what `returns` describes), checked against it.
    pub example: Option<Example>,
    /// What the response rests on (its own `source:` or `inferred:`).
    pub provenance: Provenance,
    /// The collection of the mock's twin of a site this endpoint reads or writes (`twin: comments`);
    /// what it does there follows from its method and path.
    pub twin: Option<Spanned<String>>,
}

/// One collection of the mock's twin of a site (`twin:` of `api.yaml`): items the mock keeps, seeded,
/// that the endpoints naming it list, get, create, update and delete.
#[derive(Debug, Clone)]
pub struct TwinCollection {
    /// Its name, as endpoints name it.
    pub name: Spanned<String>,
    /// How many items the seed makes.
    pub size: Option<Spanned<u32>>,
    /// Attributes each item keeps that its answers do not show, with the values the seed gives them in
    /// turn (`RoleID: [1, 2, 3]`): what a list's filter of that name selects on, where the item's shape
    /// has no such field.
    pub keeps: Vec<(Spanned<String>, Vec<Spanned<String>>)>,
}

/// A path, query or form parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// The exact wire name.
    pub wire: Spanned<String>,
    /// Its type; `?` makes it optional.
    pub ty: Spanned<TypeExpr>,
    /// The Rust name, when the derived one will not do.
    pub rust: Option<Spanned<String>>,
    /// How a date is written on the wire.
    pub format: Option<Spanned<DateFormat>>,
    /// A constant: the parameter is always sent with this value and is not an argument.
    pub value: Option<Spanned<String>>,
    /// Documentation and notes.
    pub notes: Notes,
}

/// How a `date` is written in a query string, a form or a JSON field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// `2025-10-20` (the default).
    Iso,
    /// `10/20/2025`.
    Us,
    /// `20251020`.
    Compact,
}

/// A request body.
#[derive(Debug, Clone)]
pub enum Body {
    /// JSON: a named type, a list, or a bare scalar.
    Json {
        /// The type.
        ty: Spanned<TypeExpr>,
        /// The Rust argument name (default `body`).
        name: Option<Spanned<String>>,
        /// Numbers and booleans sent as JSON strings (`"1"`).
        as_string: bool,
        /// A constant body (`true`, `5`): always sent, never an argument.
        value: Option<Spanned<String>>,
        /// `encoding: json-string`: the JSON text is sent as a JSON string (`"{\"A\":1}"`), as some
        /// endpoints want.
        json_string: bool,
        /// Documentation.
        notes: Notes,
        /// Where the body was declared.
        pos: Pos,
    },
    /// `multipart/form-data`: text parts and file parts.
    Multipart {
        /// The parts; a part of type `file` carries an upload.
        parts: Vec<Param>,
        /// Where the body was declared.
        pos: Pos,
    },
    /// Raw bytes (`application/octet-stream` unless the upload says otherwise).
    Binary {
        /// The Rust argument name (default `file`).
        name: Option<Spanned<String>>,
        /// Documentation.
        notes: Notes,
        /// Where the body was declared.
        pos: Pos,
    },
}

/// A type expression: `User`, `i32?`, `[User]`, `map<bool>`, `csv<i32>`.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    /// A builtin or a declared type, by name, with the position of the name.
    Name(Spanned<String>),
    /// A list: `[T]`.
    List(Box<TypeExpr>),
    /// A map with string keys: `map<T>`.
    Map(Box<TypeExpr>),
    /// A list sent as one comma-separated string: `csv<T>`.
    Csv(Box<TypeExpr>),
    /// May be absent or null: `T?`.
    Optional(Box<TypeExpr>),
}

impl TypeExpr {
    /// The expression without a trailing `?`, and whether it had one.
    pub fn strip_optional(&self) -> (&TypeExpr, bool) {
        match self {
            TypeExpr::Optional(inner) => (inner, true),
            other => (other, false),
        }
    }

    /// Whether the expression is `json` at the top (`json`, `[json]`, `map<json>`, optional or not): an
    /// untyped value.
    pub fn is_untyped(&self) -> bool {
        match self {
            TypeExpr::Name(n) => n.value == "json",
            TypeExpr::List(t) | TypeExpr::Map(t) | TypeExpr::Optional(t) => t.is_untyped(),
            TypeExpr::Csv(_) => false,
        }
    }

    /// The name at the top of the expression, through `?`, lists, maps and CSV (`[User]?` → `User`).
    pub fn top_name(&self) -> &Spanned<String> {
        match self {
            TypeExpr::Name(n) => n,
            TypeExpr::Optional(inner) | TypeExpr::List(inner) | TypeExpr::Map(inner) | TypeExpr::Csv(inner) => {
                inner.top_name()
            }
        }
    }
}

impl std::fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeExpr::Name(n) => f.write_str(&n.value),
            TypeExpr::List(t) => write!(f, "[{t}]"),
            TypeExpr::Map(t) => write!(f, "map<{t}>"),
            TypeExpr::Csv(t) => write!(f, "csv<{t}>"),
            TypeExpr::Optional(t) => write!(f, "{t}?"),
        }
    }
}

/// A declared type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// The Rust type name (PascalCase).
    pub name: Spanned<String>,
    /// Documentation and notes.
    pub notes: Notes,
    /// Struct or enum.
    pub kind: TypeKind,
    /// An example value of the type, checked against it.
    pub example: Option<Example>,
    /// What the type rests on (`source:` or `inferred:`).
    pub provenance: Provenance,
}

/// An `example:` value: JSON written in YAML, with the position of every value and key, so that a
/// part that does not fit its type is reported where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Where the value starts.
    pub pos: Pos,
    /// The value.
    pub value: ExampleValue,
}

/// A JSON value of an example.
#[derive(Debug, Clone, PartialEq)]
pub enum ExampleValue {
    /// `null` (YAML `~`, `null` or nothing).
    Null,
    /// `true` or `false`, unquoted.
    Bool(bool),
    /// An unquoted number.
    Number(serde_json::Number),
    /// Text (quoted, or a plain scalar YAML does not read as a number or boolean).
    String(String),
    /// A list.
    List(Vec<Example>),
    /// An object, keys in the order written.
    Object(Vec<(Spanned<String>, Example)>),
}

impl Example {
    /// The example as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.value {
            ExampleValue::Null => Value::Null,
            ExampleValue::Bool(b) => Value::Bool(*b),
            ExampleValue::Number(n) => Value::Number(n.clone()),
            ExampleValue::String(s) => Value::String(s.clone()),
            ExampleValue::List(items) => Value::Array(items.iter().map(Example::to_json).collect()),
            ExampleValue::Object(entries) => {
                Value::Object(entries.iter().map(|(k, v)| (k.value.clone(), v.to_json())).collect())
            }
        }
    }

    /// Where the part at `path` was written: the value, or, with `key`, the key that holds it; the
    /// deepest part written when the path goes further (a missing field is reported at its object).
    pub fn pos_at(&self, path: &[crate::conform::Step], key: bool) -> &Pos {
        use crate::conform::Step;
        let Some((first, rest)) = path.split_first() else {
            return &self.pos;
        };
        match (&self.value, first) {
            (ExampleValue::List(items), Step::Index(i)) => {
                items.get(*i).map_or(&self.pos, |item| item.pos_at(rest, key))
            }
            (ExampleValue::Object(entries), Step::Key(name)) => match entries.iter().find(|(k, _)| &k.value == name) {
                Some((k, _)) if key && rest.is_empty() => &k.pos,
                Some((_, v)) => v.pos_at(rest, key),
                None => &self.pos,
            },
            _ => &self.pos,
        }
    }
}

/// What a declared type is.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A JSON object.
    Struct {
        /// Its fields.
        fields: Vec<Field>,
        /// Keep the fields the spec does not list (the default; `additional_fields: false` opts out).
        additional_fields: bool,
    },
    /// A closed set of values; unknown values are kept, never an error.
    Enum {
        /// Whether the wire values are integers or strings.
        repr: Spanned<EnumRepr>,
        /// Variant name → wire value.
        variants: Vec<Variant>,
    },
}

/// The wire type of an enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    /// Integers.
    Int,
    /// Strings.
    String,
}

/// One enum variant.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The Rust variant name (PascalCase).
    pub name: Spanned<String>,
    /// The wire value, as written (an integer or a string).
    pub value: Spanned<String>,
    /// Documentation and notes.
    pub notes: Notes,
}

/// One struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// The exact JSON name.
    pub wire: Spanned<String>,
    /// Its type.
    pub ty: Spanned<TypeExpr>,
    /// The Rust name, when the derived one will not do.
    pub rust: Option<Spanned<String>>,
    /// Sent as `null` when absent, instead of being left out.
    pub nullable: bool,
    /// Numbers and booleans sent as JSON strings (`"1496"`, `"false"`).
    pub as_string: bool,
    /// How a `date` field is written (ISO unless set).
    pub format: Option<Spanned<DateFormat>>,
    /// A constant (an integer or a boolean): always sent with this value, never set by the caller.
    pub value: Option<Spanned<String>>,
    /// A secret (a password): shown as `[redacted]` by the generated `Debug`.
    pub sensitive: bool,
    /// Documentation and notes.
    pub notes: Notes,
}
