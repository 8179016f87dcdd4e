//! The types of the command table that `cargo xtask gen` writes into [`crate::commands`] from the spec.

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A part of a multipart body.
    Form,
    /// A field of the JSON body.
    Body,
}

/// How a value is read from the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An integer (an id, an integer enum).
    Int,
    /// A number (no parameter of today's spec is one).
    #[allow(dead_code)]
    Number,
    /// `true` or `false`.
    Bool,
    /// Text (a string, a date, a text enum).
    Text,
    /// A comma-separated list.
    List,
    /// A file, by its path (`-`: standard input).
    File,
    /// JSON.
    Json,
}

/// A positional argument or an option.
#[derive(Debug, Clone, Copy)]
pub struct Arg {
    /// The wire name.
    pub wire: &'static str,
    /// The option's name (`role-id`), or the argument's value name.
    pub flag: &'static str,
    /// Where it travels.
    pub place: Place,
    /// How it is read.
    pub kind: Kind,
    /// The first line of its docs.
    pub help: &'static str,
}

/// A command's request body.
#[derive(Debug, Clone, Copy)]
pub enum Body {
    /// None.
    None,
    /// JSON: `--body FILE|-` or a JSON text; `as_string`: the JSON text sent as a JSON string.
    Json {
        /// Sent as a JSON string holding the JSON.
        as_string: bool,
        /// The body's scalar fields, as options: without `--body`, the body is the object they make.
        fields: &'static [Arg],
    },
    /// A scalar, the last positional argument (`as_string`: sent as a JSON string).
    Scalar {
        /// The argument's name.
        name: &'static str,
        /// How it is read.
        kind: Kind,
        /// Sent as a JSON string.
        as_string: bool,
    },
    /// Always this JSON text.
    Constant(&'static str),
    /// A multipart form of the command's form options.
    Multipart,
    /// Raw bytes: `--file PATH|-`.
    Binary,
}

/// One endpoint as a command.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// The category (`users`).
    pub category: &'static str,
    /// The command (`list`, `add-member`).
    pub name: &'static str,
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// The path template.
    pub path: &'static str,
    /// The first line of its docs.
    pub about: &'static str,
    /// The positional arguments, in the method's order.
    pub args: &'static [Arg],
    /// The options.
    pub options: &'static [Arg],
    /// Parameters always sent with a constant value.
    pub constants: &'static [(&'static str, Place, &'static str)],
    /// The body.
    pub body: Body,
    /// How it pages, when it does.
    pub paging: Option<axero_runtime::Paging>,
    /// Whether the answer comes in the envelope.
    pub envelope: axero_runtime::EnvelopeMode,
    /// Deprecated in the spec.
    pub deprecated: bool,
}

/// The API's paging, as the client follows it.
pub const API_PAGING: axero_runtime::Paging = axero::CONVENTIONS.paging;
