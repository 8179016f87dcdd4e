//! The keys of the spec language: every mapping the loader reads, the keys it knows in each, what each
//! holds and what it means. The loader ([`super::decode`]) reports a key not listed here as unknown; the
//! JSON Schema of the language ([`crate::schema`], `spec/spec.schema.json`) is written from these tables,
//! so an editor completes and flags exactly what the loader reads.

/// A mapping of the spec language.
#[derive(Debug)]
pub struct Object {
    /// Its name in the schema's `$defs`.
    pub name: &'static str,
    /// What it is.
    pub about: &'static str,
    /// The keys it takes.
    pub keys: &'static [Key],
    /// The keys it must have.
    pub required: &'static [&'static str],
}

impl Object {
    /// The names of its keys, as the loader checks them.
    pub fn names(&self) -> Vec<&'static str> {
        self.keys.iter().map(|k| k.name).collect()
    }
}

/// One key of a mapping.
#[derive(Debug)]
pub struct Key {
    /// As written in YAML.
    pub name: &'static str,
    /// What its value may be.
    pub value: Shape,
    /// What it means (the schema's description, which editors show).
    pub about: &'static str,
}

/// What a value may be.
#[derive(Debug)]
pub enum Shape {
    /// A YAML scalar: text, a number or a boolean, read as written.
    Text,
    /// One text, or a list of them.
    Texts,
    /// A list of texts.
    TextList,
    /// `true` or `false`.
    Bool,
    /// A count (an integer, 0 or more).
    Count,
    /// One of these words.
    Words(&'static [&'static str]),
    /// A type expression: a name (`User`, `i32?`, `"[User]"`, `map<string>`) or a one-item list (`[User]`).
    Type,
    /// Any YAML value (an example).
    Any,
    /// A mapping of this kind.
    Object(&'static Object),
    /// A mapping of names the spec chooses to values of this shape.
    MapOf(&'static Shape),
    /// Any of these.
    OneOf(&'static [Shape]),
}

const fn key(name: &'static str, value: Shape, about: &'static str) -> Key {
    Key { name, value, about }
}

const DOC: Key = key("doc", Shape::Text, "What it is, for the generated docs.");
const DEPRECATED: Key = key(
    "deprecated",
    Shape::Text,
    "Why it is deprecated: what to use instead, and since when if known (text, not `true`).",
);
const UNVERIFIED: Key =
    key("unverified", Shape::Text, "What is not verified against a real site, and what it rests on instead.");
const SOURCE: Key = key(
    "source",
    Shape::Texts,
    "The public sources that show it: a kind of source, then where in it (`ionic src/pages/login/login.ts`).",
);
const INFERRED: Key = key(
    "inferred",
    Shape::Text,
    "What it is inferred from, when no source shows it (its fields must then be optional).",
);
const PROVENANCE: Key = key(
    "provenance",
    Shape::Words(&["required", "optional"]),
    "`required`: every endpoint and type of this file must say what it rests on (`source:` or `inferred:`).",
);
const FORMAT: Key = key(
    "format",
    Shape::Words(&["iso", "us", "compact"]),
    "How a `date` is written: `iso` (2025-10-20, the default), `us` (10/20/2025) or `compact` (20251020).",
);
const RUST: Key = key("rust", Shape::Text, "The Rust name, when the one derived from the wire name will not do.");

/// `api.yaml`.
pub static API_FILE: Object = Object {
    name: "api_file",
    about: "api.yaml: what is API-wide (base URL, auth, envelope, paging), the ids and the shared types.",
    keys: &[
        DOC,
        key("base_url", Shape::Text, "The base URL, with `{site}` for the site's host."),
        key("auth", Shape::Object(&AUTH), "How requests authenticate."),
        key("envelope", Shape::Object(&ENVELOPE), "The field names of the envelope every answer comes in."),
        key("paging", Shape::Object(&API_PAGING), "How lists are paged."),
        key("types", Shape::MapOf(&Shape::Object(&TYPE)), "The types every category may use."),
        key("ids", Shape::MapOf(&Shape::Object(&ID)), "The typed ids (each a newtype of `i32`)."),
        key(
            "twin",
            Shape::MapOf(&Shape::Object(&TWIN_COLLECTION)),
            "The collections the mock keeps as a twin of a site, by name (endpoints name them in `twin:`).",
        ),
        PROVENANCE,
    ],
    required: &["base_url", "auth", "envelope", "paging"],
};

/// One collection under `twin:` of `api.yaml`.
pub static TWIN_COLLECTION: Object = Object {
    name: "twin_collection",
    about: "A collection of the mock's twin: seeded items that the endpoints naming it read and write.",
    keys: &[
        key("size", Shape::Count, "How many items the seed makes (default 40)."),
        key(
            "keeps",
            Shape::MapOf(&Shape::OneOf(&[Shape::Text, Shape::TextList])),
            "Attributes each item keeps but its answers do not show, with the values the seed gives them in turn \
             (`RoleID: [1, 2, 3]`): a list's filter of that name selects on them. An assumption: say so.",
        ),
    ],
    required: &[],
};

/// A category file (`users.yaml`).
pub static CATEGORY_FILE: Object = Object {
    name: "category_file",
    about: "A category: its endpoints (each a method of `client.<category>()`) and its types.",
    keys: &[
        DOC,
        key("endpoints", Shape::MapOf(&Shape::Object(&ENDPOINT)), "The endpoints, by Rust method name."),
        key("types", Shape::MapOf(&Shape::Object(&TYPE)), "The types, by name (PascalCase)."),
        PROVENANCE,
    ],
    required: &[],
};

/// An id under `ids:`.
pub static ID: Object = Object {
    name: "id",
    about: "A typed id.",
    keys: &[
        key("wire", Shape::Texts, "The wire names that carry this id (`[SpaceID]`)."),
        key("in", Shape::Texts, "The ids this one lives within (a page of a space: `[SpaceId]`)."),
        DOC,
        DEPRECATED,
        UNVERIFIED,
    ],
    required: &[],
};

/// `auth:`.
pub static AUTH: Object = Object {
    name: "auth",
    about: "How requests authenticate.",
    keys: &[
        key("bearer", Shape::Object(&AUTH_SCHEME), "The token's header."),
        key("legacy", Shape::Object(&AUTH_SCHEME), "An older header the API also reads."),
    ],
    required: &["bearer"],
};

/// One scheme of `auth:`.
pub static AUTH_SCHEME: Object = Object {
    name: "auth_scheme",
    about: "A header that carries the token.",
    keys: &[key("header", Shape::Text, "The header's name."), DOC, DEPRECATED, UNVERIFIED],
    required: &["header"],
};

/// `envelope:` of `api.yaml`.
pub static ENVELOPE: Object = Object {
    name: "envelope",
    about: "The field names of the envelope every answer comes in.",
    keys: &[
        key("error", Shape::Text, "The field that is true on an error."),
        key("message", Shape::Text, "The field of the error message."),
        key("total", Shape::Text, "The field of the total count of a list."),
        key("data", Shape::Text, "The field of the answer itself."),
    ],
    required: &["error", "message", "total", "data"],
};

const PAGING_KEYS: &[Key] = &[
    key("page", Shape::Text, "The query parameter of the page number."),
    key("size", Shape::Text, "The query parameter of the page size."),
    key("first_page", Shape::Count, "The number of the first page."),
    key("default_size", Shape::Count, "The page size the client asks for by default (at most `max_size`)."),
    key("max_size", Shape::Count, "The largest page size the API serves."),
];

/// `paging:` of `api.yaml`.
pub static API_PAGING: Object = Object {
    name: "paging",
    about: "How lists are paged.",
    keys: PAGING_KEYS,
    required: &["page", "size", "first_page", "default_size"],
};

/// `paged:` of an endpoint, as a mapping.
pub static ENDPOINT_PAGING: Object = Object {
    name: "endpoint_paging",
    about: "How this endpoint pages, where it differs from the API's paging.",
    keys: PAGING_KEYS,
    required: &[],
};

const PARAMS: Shape = Shape::MapOf(&Shape::OneOf(&[Shape::Type, Shape::Object(&PARAM)]));

/// An endpoint.
pub static ENDPOINT: Object = Object {
    name: "endpoint",
    about: "An endpoint: one HTTP method with its path, what it takes and what it returns.",
    keys: &[
        key("get", Shape::Text, "A GET request to this path (`/api/users/{UserID}`)."),
        key("post", Shape::Text, "A POST request to this path."),
        key("put", Shape::Text, "A PUT request to this path."),
        key("patch", Shape::Text, "A PATCH request to this path."),
        key("delete", Shape::Text, "A DELETE request to this path."),
        DOC,
        DEPRECATED,
        UNVERIFIED,
        key("path", PARAMS, "The path parameters, by wire name: a type, or a mapping with `type:`."),
        key("query", PARAMS, "The query parameters, by wire name (`T?` for an optional one, a setter)."),
        key("headers", PARAMS, "The header parameters, by name."),
        key(
            "body",
            Shape::OneOf(&[Shape::Words(&["binary"]), Shape::Type, Shape::Object(&BODY)]),
            "The body: a type (JSON), `binary`, or a mapping (`type:`, `multipart:`, …).",
        ),
        key("returns", Shape::Type, "What the answer holds (inside the envelope)."),
        key(
            "envelope",
            Shape::Words(&["always", "never", "either"]),
            "Whether the answer comes in the envelope: `always` (the default), `never` or `either`.",
        ),
        key(
            "paged",
            Shape::OneOf(&[Shape::Bool, Shape::Object(&ENDPOINT_PAGING)]),
            "Whether the endpoint pages (`true`: as the API does; a mapping: what differs).",
        ),
        key(
            "args",
            Shape::TextList,
            "The order of the positional arguments, by wire name, when the default reads badly.",
        ),
        key("example", Shape::Any, "An answer, as JSON: checked against `returns:`, and what the mock answers."),
        key(
            "twin",
            Shape::Text,
            "The collection of the mock's twin this endpoint reads or writes; what it does there follows from \
             its method and path (a list, a get, a create, an update or a delete).",
        ),
        SOURCE,
        INFERRED,
    ],
    required: &[],
};

/// A parameter written as a mapping.
pub static PARAM: Object = Object {
    name: "param",
    about: "A parameter, with more than its type.",
    keys: &[
        key("type", Shape::Type, "Its type (`T?` when optional)."),
        RUST,
        FORMAT,
        key("value", Shape::Text, "A constant, always sent as written (no argument, no setter)."),
        DOC,
        DEPRECATED,
        UNVERIFIED,
    ],
    required: &[],
};

/// `body:` written as a mapping.
pub static BODY: Object = Object {
    name: "body",
    about: "A body with more than its type: a name, a constant, an encoding, or multipart parts.",
    keys: &[
        key("type", Shape::OneOf(&[Shape::Words(&["binary"]), Shape::Type]), "Its type, or `binary`."),
        key("name", Shape::Text, "The Rust name of the argument."),
        key("as_string", Shape::Bool, "A number, boolean or enum sent as a JSON string (`\"1\"` rather than `1`)."),
        key("value", Shape::Text, "A constant body, always sent as written."),
        key(
            "encoding",
            Shape::Words(&["json", "json-string"]),
            "`json` (the default) or `json-string` (the JSON text sent as a JSON string).",
        ),
        key("multipart", PARAMS, "A multipart form: its parts, by name (`file` for a file)."),
        DOC,
        DEPRECATED,
        UNVERIFIED,
    ],
    required: &[],
};

/// A type under `types:`.
pub static TYPE: Object = Object {
    name: "type",
    about: "A type: a struct (`fields:`) or an enum (`enum:` and `values:`).",
    keys: &[
        key(
            "fields",
            Shape::MapOf(&Shape::OneOf(&[Shape::Type, Shape::Object(&FIELD)])),
            "A struct's fields, by wire name: a type (`T?` when optional), or a mapping with `type:`.",
        ),
        key("additional_fields", Shape::Bool, "Whether fields the spec does not list are kept (the default)."),
        key("enum", Shape::Words(&["i32", "string"]), "An enum, sent as a number (`i32`) or as text (`string`)."),
        key(
            "values",
            Shape::MapOf(&Shape::OneOf(&[Shape::Text, Shape::Object(&VARIANT)])),
            "An enum's values, by name: the value, or a mapping with `value:`.",
        ),
        key("example", Shape::Any, "A value of this type, as JSON, checked against it."),
        DOC,
        DEPRECATED,
        UNVERIFIED,
        SOURCE,
        INFERRED,
    ],
    required: &[],
};

/// An enum value written as a mapping.
pub static VARIANT: Object = Object {
    name: "variant",
    about: "An enum value, with more than its value.",
    keys: &[key("value", Shape::Text, "The value on the wire."), DOC, DEPRECATED, UNVERIFIED],
    required: &["value"],
};

/// A field written as a mapping.
pub static FIELD: Object = Object {
    name: "field",
    about: "A field, with more than its type.",
    keys: &[
        key("type", Shape::Type, "Its type (`T?` when it may be missing)."),
        RUST,
        key("nullable", Shape::Bool, "It may be `null` on the wire."),
        key("as_string", Shape::Bool, "A number, boolean or enum the API sends as a JSON string."),
        key("sensitive", Shape::Bool, "A secret (a password): the generated `Debug` shows `[redacted]`."),
        FORMAT,
        key("value", Shape::Text, "A constant: always this value."),
        DOC,
        DEPRECATED,
        UNVERIFIED,
    ],
    required: &[],
};

/// Every mapping, in the order the schema lists them.
pub static OBJECTS: &[&Object] = &[
    &API_FILE,
    &CATEGORY_FILE,
    &ID,
    &AUTH,
    &AUTH_SCHEME,
    &ENVELOPE,
    &API_PAGING,
    &ENDPOINT_PAGING,
    &TWIN_COLLECTION,
    &ENDPOINT,
    &PARAM,
    &BODY,
    &TYPE,
    &VARIANT,
    &FIELD,
];
