//! The IR: the API as the emitter needs it. Every Rust name is decided, every type resolved, every list in
//! its final order; the emitter makes no decisions and reads nothing else.

pub use crate::spec::{DateFormat, EnvelopeMode, Method};

/// The whole API.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// API-wide facts.
    pub api: ApiIr,
    /// Types declared in `api.yaml`, shared by every category.
    pub common: TypesModule,
    /// The entity ids declared in `api.yaml`.
    pub ids: IdsModule,
    /// One per category file, sorted by module name.
    pub categories: Vec<Category>,
    /// The collections of the mock's twin of a site.
    pub twin: Vec<crate::twin::Collection>,
}

/// API-wide facts, consumed by the runtime through generated constants.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiIr {
    /// The spec file these come from.
    pub source: String,
    /// Hash of the canonical spec text this module depends on.
    pub hash: String,
    /// What the API is.
    pub doc: Vec<String>,
    /// Base URL template, e.g. `https://{site}`.
    pub base_url: String,
    /// The Bearer token header.
    pub bearer_header: String,
    /// The legacy API key header and its deprecation note.
    pub legacy_header: Option<(String, Option<String>)>,
    /// Envelope field names: error flag, message, total, data.
    pub envelope: [String; 4],
    /// The default paging convention.
    pub paging: PagingIr,
}

/// How one endpoint pages.
#[derive(Debug, Clone, PartialEq)]
pub struct PagingIr {
    /// Page number parameter.
    pub page: String,
    /// Page length parameter.
    pub size: String,
    /// The first page's number.
    pub first_page: u32,
    /// The server's default page length.
    pub default_size: u32,
    /// The largest page length the API accepts; streams fetch pages of this length.
    pub max_size: u32,
}

/// The types of one spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct TypesModule {
    /// Module name under `types/` (the category name, or `common`).
    pub module: String,
    /// The spec file.
    pub source: String,
    /// Hash of the canonical spec text.
    pub hash: String,
    /// Sorted by name.
    pub types: Vec<TypeIr>,
}

/// The entity ids: `src/api/ids.rs`.
#[derive(Debug, Clone, PartialEq)]
pub struct IdsModule {
    /// The spec file.
    pub source: String,
    /// Hash of the canonical text of `ids:`.
    pub hash: String,
    /// Sorted by name.
    pub ids: Vec<IdIr>,
}

/// One id newtype, e.g. `UserId(pub i32)`.
#[derive(Debug, Clone, PartialEq)]
pub struct IdIr {
    /// Rust name.
    pub name: String,
    /// Docs (with the wire names that carry it).
    pub docs: Docs,
    /// The features that compile it.
    pub gate: Gate,
}

/// Which cargo features of the generated crate compile an item ([`crate::features`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gate {
    /// Compiled whatever the features.
    #[default]
    Always,
    /// Compiled when any of these category features is on (sorted, never empty).
    AnyOf(Vec<String>),
}

impl Gate {
    /// What compiles when any of `gates` does: always, if one of them is.
    pub fn any<'a>(gates: impl IntoIterator<Item = &'a Gate>) -> Gate {
        let mut features = std::collections::BTreeSet::new();
        for gate in gates {
            match gate {
                Gate::Always => return Gate::Always,
                Gate::AnyOf(f) => features.extend(f.iter().cloned()),
            }
        }
        if features.is_empty() { Gate::Always } else { Gate::AnyOf(features.into_iter().collect()) }
    }
}

/// One category: a module with an accessor struct on `Client`.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Module and accessor method name, e.g. `users`.
    pub module: String,
    /// Accessor struct name, e.g. `UsersApi`.
    pub accessor: String,
    /// The spec file.
    pub source: String,
    /// Hash of the canonical spec text.
    pub hash: String,
    /// Doc lines.
    pub doc: Vec<String>,
    /// Sorted by Rust name.
    pub endpoints: Vec<EndpointIr>,
    /// The types the file declares.
    pub types: TypesModule,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `String`
    String,
    /// `bool`
    Bool,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `f64`
    F64,
    /// A calendar date.
    Date,
    /// A date and time without offset.
    DateTime,
    /// Any JSON.
    Json,
    /// An upload (multipart file part or binary body).
    File,
    /// An entity id: a newtype of `i32` in `crate::ids`.
    Id(String),
    /// A declared type.
    Named {
        /// Its Rust name.
        name: String,
        /// What it is.
        kind: NamedKind,
    },
    /// `Vec<T>`
    List(Box<Ty>),
    /// `BTreeMap<String, T>`
    Map(Box<Ty>),
    /// `Vec<T>` sent as one comma-separated string.
    Csv(Box<Ty>),
    /// `Option<T>`
    Option(Box<Ty>),
}

/// The kind of a declared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    /// A struct.
    Struct,
    /// An integer enum (`Copy`).
    IntEnum,
    /// A string enum.
    StrEnum,
}

impl Ty {
    /// Whether this type, or one inside it, is an id or a declared type: (`ids`, `types`).
    pub fn mentions(&self) -> (bool, bool) {
        match self {
            Ty::Id(_) => (true, false),
            Ty::Named { .. } => (false, true),
            Ty::List(t) | Ty::Map(t) | Ty::Csv(t) | Ty::Option(t) => t.mentions(),
            _ => (false, false),
        }
    }

    /// [`Ty::mentions`] of any of `tys`: whether one of them is, or holds, an id or a declared type.
    pub fn mentions_any<'a>(tys: impl IntoIterator<Item = &'a Ty>) -> (bool, bool) {
        tys.into_iter().map(Ty::mentions).fold((false, false), |a, b| (a.0 || b.0, a.1 || b.1))
    }

    /// Whether a value of this type is cheap to copy (passed by value rather than by reference).
    pub fn is_copy(&self) -> bool {
        match self {
            Ty::Bool | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Date | Ty::DateTime | Ty::Id(_) => true,
            Ty::Named { kind, .. } => *kind == NamedKind::IntEnum,
            _ => false,
        }
    }
}

/// Doc text, deprecation and unverified facts of an item.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Docs {
    /// Doc lines (Markdown), including any generated lines.
    pub lines: Vec<String>,
    /// The deprecation note.
    pub deprecated: Option<String>,
    /// What is not verified against a live server (also the last of `lines`, for rustdoc).
    pub unverified: Option<String>,
}

/// What an item rests on: the public sources that show it, or what it is inferred from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Provenance {
    /// The sources that show it (the item's own `source:`, or its type's for a response listed in the
    /// type's `shows:`).
    pub sources: Vec<SourceIr>,
    /// What it is inferred from, when it rests only on inference (also in the docs).
    pub inferred: Option<String>,
    /// For a response: the type whose `source:` it rests on, through that type's `shows:`.
    pub via_type: Option<String>,
}

/// One source reference: `ionic src/pages/login/login.ts`.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceIr {
    /// The kind of source.
    pub kind: crate::spec::SourceKind,
    /// Where in it.
    pub locator: String,
}

/// A declared type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeIr {
    /// Rust name.
    pub name: String,
    /// Docs.
    pub docs: Docs,
    /// Struct or enum.
    pub kind: TypeIrKind,
    /// The spec's example value (checked against the type by validation).
    pub example: Option<serde_json::Value>,
    /// What the type rests on.
    pub provenance: Provenance,
    /// The features that compile it.
    pub gate: Gate,
}

/// What a declared type is.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeIrKind {
    /// A struct; `default` when every field may be absent.
    Struct {
        /// Fields, sorted by wire name.
        fields: Vec<FieldIr>,
        /// Derive `Default`.
        default: bool,
        /// Keep unlisted fields in `additional_fields`.
        additional: bool,
    },
    /// An integer enum, variants sorted by value.
    IntEnum(Vec<VariantIr<i64>>),
    /// A string enum, variants sorted by value.
    StrEnum(Vec<VariantIr<String>>),
}

/// One enum variant.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantIr<V> {
    /// Rust name.
    pub name: String,
    /// Wire value.
    pub value: V,
    /// Docs.
    pub docs: Docs,
}

/// One struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldIr {
    /// JSON name.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// Type (with `Option` when it may be absent, except for collections: see `empty_when_absent`).
    pub ty: Ty,
    /// An optional list or map: absent and `null` decode as empty (never an `Option` of a collection),
    /// and an empty one is left out when sending.
    pub empty_when_absent: bool,
    /// Serialize `None` as `null` instead of leaving the field out.
    pub nullable: bool,
    /// Numbers and booleans travel as JSON strings.
    pub as_string: bool,
    /// How a date field is written.
    pub format: DateFormat,
    /// A constant (integer or boolean literal): the field is a zero-sized marker that always sends it.
    pub constant: Option<String>,
    /// Held in a `Box`: the type contains itself through this field (`Option<Box<User>>` in `User`).
    pub boxed: bool,
    /// A secret: the struct's `Debug` shows `[redacted]` in its place.
    pub sensitive: bool,
    /// Docs.
    pub docs: Docs,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// A text part of a multipart body.
    FormText,
    /// A file part of a multipart body.
    FormFile,
    /// A request header.
    Header,
}

/// A path, query or form parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamIr {
    /// Wire name.
    pub wire: String,
    /// Rust name (argument or `…Params` field).
    pub rust: String,
    /// Type, without the outer `Option`.
    pub ty: Ty,
    /// Required parameters are positional arguments; the others are setters of the request value.
    pub required: bool,
    /// Where it travels.
    pub location: Location,
    /// Date format on the wire.
    pub format: DateFormat,
    /// A constant value: always sent, never an argument.
    pub constant: Option<String>,
    /// Docs.
    pub docs: Docs,
}

impl ParamIr {
    /// Whether the caller passes it as a positional argument.
    pub fn is_arg(&self) -> bool {
        self.required && self.constant.is_none()
    }

    /// Whether the caller may set it with a setter of the request value.
    pub fn is_optional(&self) -> bool {
        !self.required && self.constant.is_none()
    }
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyIr {
    /// JSON.
    Json {
        /// Argument name.
        arg: String,
        /// Type.
        ty: Ty,
        /// Numbers and booleans sent as JSON strings.
        as_string: bool,
        /// A constant body (`true`): always sent, not an argument.
        constant: Option<String>,
        /// The JSON text is sent as a JSON string.
        json_string: bool,
        /// Docs for the argument.
        docs: Docs,
    },
    /// Multipart: the parts are `Location::FormText`/`FormFile` parameters.
    Multipart,
    /// Raw bytes.
    Binary {
        /// Argument name.
        arg: String,
        /// Docs for the argument.
        docs: Docs,
    },
}

/// One endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointIr {
    /// Method name.
    pub rust: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as written, e.g. `/api/users/{UserID}/details`.
    pub path: String,
    /// Docs (the generated lines included).
    pub docs: Docs,
    /// Parameters: path parameters in path order, then the others sorted by wire name.
    pub params: Vec<ParamIr>,
    /// Name of the request value the method returns, when the endpoint has optional parameters or
    /// pages (`ListRequest`): one setter per optional parameter, sent when awaited. Without one, the
    /// method is an `async fn`.
    pub request_struct: Option<String>,
    /// The body.
    pub body: Option<BodyIr>,
    /// What the call returns (`None`: nothing).
    pub returns: Option<Ty>,
    /// Envelope mode.
    pub envelope: EnvelopeMode,
    /// Paging, when the endpoint is paged.
    pub paging: Option<PagedIr>,
    /// Clippy lints the endpoint's methods must allow, because of their name or arity (`new` that does
    /// not return `Self`, `from_`/`into_` taking `&self`, more than seven arguments).
    pub allow: Vec<String>,
    /// The spec's example of the response data (checked against `returns` by validation).
    pub example: Option<serde_json::Value>,
    /// What the response rests on; empty when the endpoint returns nothing or says not.
    pub provenance: Provenance,
    /// The collection of the mock's twin it reads or writes, and how.
    pub twin: Option<(String, crate::twin::Op)>,
}

/// How a paged endpoint pages.
#[derive(Debug, Clone, PartialEq)]
pub struct PagedIr {
    /// The endpoint's own paging parameters; `None` for the API's convention.
    pub custom: Option<PagingIr>,
    /// The type of one item.
    pub item: Ty,
}
