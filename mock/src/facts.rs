//! What the mock knows of each endpoint: the types of the table that `cargo xtask gen` writes into
//! [`crate::endpoints`] from the spec.

use serde::de::DeserializeOwned;

/// The API-wide conventions of the spec (`api.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conventions {
    /// The header that carries `Bearer <token>`.
    pub bearer_header: &'static str,
    /// The legacy API key header, which the mock accepts with the same token.
    pub legacy_header: Option<&'static str>,
    /// The envelope's field names: error flag, message, total, data.
    pub envelope: [&'static str; 4],
    /// The default paging.
    pub paging: Paging,
}

/// How an endpoint pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// The query parameter with the page number.
    pub page: &'static str,
    /// The query parameter with the page length.
    pub size: &'static str,
    /// The number of the first page.
    pub first_page: u32,
    /// The page length when none is sent.
    pub default_size: u32,
}

/// Whether an answer is wrapped in the envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// Always (the spec's default).
    Always,
    /// Never: the body is the data.
    Never,
    /// The API sends either; the mock wraps it.
    Either,
}

/// Where a required parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// The query string (names compared without regard to case, as the API does).
    Query,
    /// A request header.
    Header,
    /// A part of a multipart body.
    Form,
}

/// A parameter a request must carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Required {
    /// Where.
    pub location: Location,
    /// Its wire name.
    pub wire: &'static str,
}

/// The request body an endpoint takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// None.
    None,
    /// JSON.
    Json,
    /// A multipart form.
    Multipart,
    /// Raw bytes.
    Binary,
}

/// How wide an integer path parameter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// 32 bits: an id or an `i32`.
    I32,
    /// 64 bits: an `i64`.
    I64,
}

/// A path parameter that must be an integer (an id, an `i32` or an `i64`): a request whose segment is not
/// one (`null`, `1.5`, `a,b`, a number too large) gets `400`, as the API's model binding answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathInteger {
    /// Its wire name, as in the path template.
    pub wire: &'static str,
    /// Its width.
    pub width: Width,
}

impl PathInteger {
    /// Whether `segment` (percent-decoded) is an integer of this width, read as .NET reads one: white
    /// space around it and a sign allowed.
    pub fn accepts(&self, segment: &str) -> bool {
        let text = segment.trim();
        match self.width {
            Width::I32 => text.parse::<i32>().is_ok(),
            Width::I64 => text.parse::<i64>().is_ok(),
        }
    }
}

/// The header of an answer whose shape the spec marks unverified; its value says why.
pub const UNVERIFIED_HEADER: &str = "x-axero-mock-unverified";

/// Decodes an answer's data (what `ResponseData` holds) into the generated type, as the client does.
pub type Decode = fn(&[u8]) -> Result<(), String>;

/// One endpoint of the spec.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// `category.method`, e.g. `users.me`.
    pub name: &'static str,
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// The path template, e.g. `/api/users/{UserID}/details`.
    pub path: &'static str,
    /// The parameters a request must carry (path parameters are part of the route).
    pub required: &'static [Required],
    /// The body it takes.
    pub body: BodyKind,
    /// Whether its answer is wrapped in the envelope.
    pub envelope: Envelope,
    /// How it pages, when it does.
    pub paging: Option<Paging>,
    /// Its answer's data as JSON: the spec's example, or a value built from the returned type.
    pub example: Option<&'static str>,
    /// For a paged endpoint, the field that is each item's own id (`UserID`): numbered 1, 2, … so that
    /// the items of the mock's pages are distinct.
    pub item_id: Option<&'static str>,
    /// Path parameters that are fields of the answer too: the answer carries the value asked for.
    pub echo: &'static [&'static str],
    /// Path parameters that must be integers.
    pub integers: &'static [PathInteger],
    /// Why the answer's shape is unverified, when the spec says it is (the endpoint's `unverified:` note,
    /// else that of the type it returns), as a short ASCII text: the mock sends it in the
    /// [`UNVERIFIED_HEADER`] header of the endpoint's answers.
    pub unverified: Option<&'static str>,
    /// Decodes an answer's data into the generated return type.
    pub decode: Option<Decode>,
    /// The collection of the twin it reads or writes, and how (`twin:` in the spec).
    pub twin: Option<Twin>,
}

/// What an endpoint does in a collection of the twin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TwinOp {
    /// The items, filtered by the query, paged.
    List,
    /// One item by the id in the path, or 404.
    Get,
    /// A new item from the body; the answer is its id.
    Create,
    /// The body's fields over the item's.
    Update,
    /// The item is gone.
    Delete,
}

/// An endpoint's part in the twin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Twin {
    /// The collection's name.
    pub collection: &'static str,
    /// What the endpoint does there.
    pub op: TwinOp,
}

/// A collection of the twin, as the spec declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Collection {
    /// Its name.
    pub name: &'static str,
    /// How many items the seed makes.
    pub size: u32,
    /// The field that is each item's id.
    pub id: &'static str,
    /// Attributes kept but not shown in answers, with the values the seed gives them in turn.
    pub keeps: &'static [(&'static str, &'static [&'static str])],
}

impl Endpoint {
    /// The example answer's data as JSON (`None` when the endpoint returns nothing).
    pub fn example_value(&self) -> Option<serde_json::Value> {
        self.example.and_then(|text| serde_json::from_str(text).ok())
    }
}

/// Decodes `json` as `T` the way the client decodes response data (numbers and booleans as strings
/// accepted, and so on).
pub fn decode<T: DeserializeOwned>(json: &[u8]) -> Result<(), String> {
    axero_runtime::__private::loose::from_slice::<T>(json).map(drop).map_err(|e| e.to_string())
}
