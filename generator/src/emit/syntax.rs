//! The Rust the emitter writes, as a small syntax tree, and how each construct is laid out: the same
//! boxes and breaks as prettyplease uses for it (its `item.rs`, `expr.rs`, `attr.rs`, …), fed to
//! [`layout`](super::layout). Only the constructs generated code uses are here; the emitter builds them
//! from the IR, and nothing parses text back.
//!
//! Names are taken as they come: the emitter passes only identifiers it made valid (`super::ident`) and
//! literals it escaped ([`lit_str`]).

use std::borrow::Cow;

use super::layout::{Break, Doc, INDENT};

/// Text borrowed from the IR where it can be, owned where the emitter composed it.
pub type Str<'a> = Cow<'a, str>;

/// A whole file: inner attributes (`//!` docs, `#![allow]`), then items.
#[derive(Debug, Default)]
pub struct File<'a> {
    pub attrs: Vec<Attr<'a>>,
    pub items: Vec<Item<'a>>,
}

/// An attribute. Doc attributes print as `///` or `//!` lines.
#[derive(Debug, Clone)]
pub enum Attr<'a> {
    /// One doc line, `#[doc = " text"]` (inner: `#![doc = …]`): the text after `/// `, empty for a
    /// blank line.
    Doc { inner: bool, text: Str<'a> },
    /// `#[path(a, b = "c", d::e)]`.
    List { inner: bool, path: &'static str, metas: Vec<Meta<'a>> },
    /// `#[path = "value"]`: the value as a string literal.
    NameValue { path: &'static str, value: Str<'a> },
    /// `#[path]`.
    Word { path: &'static str },
}

/// One entry of an attribute list.
#[derive(Debug, Clone)]
pub enum Meta<'a> {
    /// `Debug`, `clippy::too_many_arguments`, `::serde::Serialize`.
    Path(Str<'a>),
    /// `rename = "UserID"`: the name and the value of the string literal.
    NameValue(&'static str, Str<'a>),
    /// `any(feature = "a", feature = "b")`.
    List(&'static str, Vec<Meta<'a>>),
}

/// An item.
#[derive(Debug)]
pub enum Item<'a> {
    /// `use <tree>;`, the tree as written (`::axero_runtime as rt`, `self::users::*`).
    Use {
        attrs: Vec<Attr<'a>>,
        vis: bool,
        tree: Str<'a>,
    },
    /// `mod name;`
    Mod {
        attrs: Vec<Attr<'a>>,
        vis: bool,
        name: Str<'a>,
    },
    Struct {
        attrs: Vec<Attr<'a>>,
        vis: bool,
        name: Str<'a>,
        generics: Vec<Generic>,
        fields: Fields<'a>,
    },
    Enum {
        attrs: Vec<Attr<'a>>,
        vis: bool,
        name: Str<'a>,
        variants: Vec<Variant<'a>>,
    },
    Impl {
        attrs: Vec<Attr<'a>>,
        generics: Vec<Generic>,
        trait_: Option<Path<'a>>,
        self_ty: Type<'a>,
        items: Vec<ImplItem<'a>>,
    },
    /// `type Name = Type;`
    Type {
        attrs: Vec<Attr<'a>>,
        vis: bool,
        name: Str<'a>,
        ty: Type<'a>,
    },
    /// `const NAME: Type = expr;`
    Const {
        attrs: Vec<Attr<'a>>,
        vis: bool,
        name: Str<'a>,
        ty: Type<'a>,
        expr: Expr<'a>,
    },
    /// `path!(ident);`
    Macro {
        attrs: Vec<Attr<'a>>,
        path: Path<'a>,
        arg: Str<'a>,
    },
}

/// The fields of a struct.
#[derive(Debug)]
pub enum Fields<'a> {
    Named(Vec<Field<'a>>),
    Unnamed(Vec<Field<'a>>),
}

/// A field: named (`pub name: Type`) or not (`pub Type`).
#[derive(Debug)]
pub struct Field<'a> {
    pub attrs: Vec<Attr<'a>>,
    pub vis: bool,
    pub name: Option<Str<'a>>,
    pub ty: Type<'a>,
}

/// An enum variant: `Name` or `Name(Type)`.
#[derive(Debug)]
pub struct Variant<'a> {
    pub attrs: Vec<Attr<'a>>,
    pub name: Str<'a>,
    pub fields: Vec<Type<'a>>,
}

/// A generic parameter: `'a`, or `T: Bound`.
#[derive(Debug, Clone)]
pub enum Generic {
    Lifetime(&'static str),
    Type { name: &'static str, bound: Path<'static> },
}

/// An item of an `impl` block.
#[derive(Debug)]
pub enum ImplItem<'a> {
    Fn(Fn<'a>),
    /// `type Name = Type;`
    Type {
        name: &'static str,
        ty: Type<'a>,
    },
}

/// A function or method.
#[derive(Debug)]
pub struct Fn<'a> {
    pub attrs: Vec<Attr<'a>>,
    pub vis: bool,
    pub is_async: bool,
    pub name: Str<'a>,
    pub generics: Vec<Generic>,
    pub receiver: Option<Receiver>,
    pub args: Vec<(Str<'a>, Type<'a>)>,
    pub ret: Option<Type<'a>>,
    pub body: Vec<Stmt<'a>>,
}

/// `&self` or `self`.
#[derive(Debug, Clone, Copy)]
pub enum Receiver {
    Ref,
    Value,
}

/// A statement: `let name = expr;`, or the block's value.
#[derive(Debug)]
pub enum Stmt<'a> {
    Let(&'static str, Expr<'a>),
    Tail(Expr<'a>),
}

/// A path, `::`-separated as written, and the generic arguments of its last segment (the only one
/// generated code gives arguments): `::std::option::Option<T>`, `rt::Method::GET`.
#[derive(Debug, Clone)]
pub struct Path<'a> {
    pub text: Str<'a>,
    pub args: Vec<GenericArg<'a>>,
}

/// A generic argument: a lifetime, a type or a constant (a literal).
#[derive(Debug, Clone)]
pub enum GenericArg<'a> {
    Lifetime(&'static str),
    Type(Type<'a>),
    Const(Str<'a>),
}

/// A type.
#[derive(Debug, Clone)]
pub enum Type<'a> {
    Path(Path<'a>),
    /// `&T`, `&'a T`.
    Ref(Option<&'static str>, Box<Type<'a>>),
    /// `&mut T`
    RefMut(Box<Type<'a>>),
    /// `[T]`
    Slice(Box<Type<'a>>),
    /// `impl Trait`
    Impl(Path<'a>),
    /// `()`
    Unit,
    /// `_`
    Infer,
}

/// An expression.
#[derive(Debug, Clone)]
pub enum Expr<'a> {
    Path(Path<'a>),
    /// A number or a boolean, as written.
    Lit(Str<'a>),
    /// A string literal: its value.
    Str(Str<'a>),
    Call(Box<Expr<'a>>, Vec<Expr<'a>>),
    MethodCall {
        receiver: Box<Expr<'a>>,
        method: &'static str,
        turbofish: Vec<GenericArg<'a>>,
        args: Vec<Expr<'a>>,
    },
    /// `base.member`
    Field(Box<Expr<'a>>, Str<'a>),
    /// `&expr`
    Ref(Box<Expr<'a>>),
    /// `*expr`
    Deref(Box<Expr<'a>>),
    /// `Path { field: value, shorthand }`
    Struct(Path<'a>, Vec<(Str<'a>, Option<Expr<'a>>)>),
    /// `[a, b]`
    Array(Vec<Expr<'a>>),
    /// `|a| body`
    Closure(&'static str, Box<Expr<'a>>),
    Match(Box<Expr<'a>>, Vec<(Pat<'a>, Expr<'a>)>),
}

/// A pattern.
#[derive(Debug, Clone)]
pub enum Pat<'a> {
    /// A binding, a path or a number: printed as written.
    Plain(Str<'a>),
    /// A string literal: its value.
    Str(Str<'a>),
    /// `Path(binding)`
    TupleStruct(Path<'a>, Str<'a>),
}

// ---- Constructors ------------------------------------------------------------------------------

impl<'a> Path<'a> {
    /// A path from its text, without generic arguments: `Path::new("::std::string::String")`.
    pub fn new(text: impl Into<Str<'a>>) -> Path<'a> {
        Path { text: text.into(), args: Vec::new() }
    }

    /// This path with `name` appended.
    pub fn join(self, name: &str) -> Path<'a> {
        let mut text = self.text.into_owned();
        text.push_str("::");
        text.push_str(name);
        Path { text: text.into(), args: self.args }
    }

    /// This path with generic arguments on its last segment.
    pub fn args(mut self, args: Vec<GenericArg<'a>>) -> Path<'a> {
        self.args = args;
        self
    }

    /// Whether this is a single name of at most 4 characters (`self`, `r`): prettyplease does not break
    /// before a method called on one at the start of a line.
    fn is_short_ident(&self) -> bool {
        self.args.is_empty() && self.text.len() as isize <= INDENT && !self.text.contains(':')
    }
}

impl<'a> Type<'a> {
    /// A path type: `Type::path("::std::string::String")`.
    pub fn path(text: impl Into<Str<'a>>) -> Type<'a> {
        Type::Path(Path::new(text))
    }

    /// A path type with generic arguments on its last segment: `::std::vec::Vec<T>`.
    pub fn generic(text: &'static str, args: Vec<Type<'a>>) -> Type<'a> {
        Type::Path(Path::new(text).args(args.into_iter().map(GenericArg::Type).collect()))
    }

    /// `&self`
    pub fn reference(self) -> Type<'a> {
        Type::Ref(None, Box::new(self))
    }
}

impl<'a> Expr<'a> {
    /// A path expression: `Expr::path("rt::Method::GET")`.
    pub fn path(text: impl Into<Str<'a>>) -> Expr<'a> {
        Expr::Path(Path::new(text))
    }

    /// `self(args)`
    pub fn call(self, args: Vec<Expr<'a>>) -> Expr<'a> {
        Expr::Call(Box::new(self), args)
    }

    /// `self.method(args)`
    pub fn method(self, method: &'static str, args: Vec<Expr<'a>>) -> Expr<'a> {
        Expr::MethodCall { receiver: Box::new(self), method, turbofish: Vec::new(), args }
    }

    /// `self.member`
    pub fn field(self, member: impl Into<Str<'a>>) -> Expr<'a> {
        Expr::Field(Box::new(self), member.into())
    }

    /// `&self`
    pub fn reference(self) -> Expr<'a> {
        Expr::Ref(Box::new(self))
    }

    /// A string literal.
    pub fn str(s: impl Into<Str<'a>>) -> Expr<'a> {
        Expr::Str(s.into())
    }
}

/// A string literal as proc-macro2 writes one: `escape_debug` for each character but `'` and NUL.
pub fn push_lit_str(out: &mut String, s: &str) {
    out.push('"');
    // Printable ASCII but `"` and `\` is written as it is (the common case, and the fast one).
    if s.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\') {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\0' if chars.peek().is_some_and(|n| ('0'..='7').contains(n)) => out.push_str("\\x00"),
            '\0' => out.push_str("\\0"),
            '\'' => out.push('\''),
            c => out.extend(c.escape_debug()),
        }
    }
    out.push('"');
}

/// `s` as the text of a string literal (for the tables written as text: the mock's, the CLI's).
pub fn lit_text(s: &str) -> String {
    let mut out = String::new();
    push_lit_str(&mut out, s);
    out
}

/// Writes a string literal of `s`.
fn lit_str(d: &mut Doc, s: &str) {
    d.word_with(|out| push_lit_str(out, s));
}

// ---- Printing ----------------------------------------------------------------------------------

impl File<'_> {
    /// The file's text, laid out as prettyplease lays it out.
    pub fn print(&self) -> String {
        self.doc().print()
    }

    /// The file's text with a line break only where one is required (for the tests: the same syntax as
    /// [`File::print`] writes, for syn to parse and prettyplease to lay out).
    #[cfg(test)]
    pub fn print_flat(&self) -> String {
        self.doc().print_flat()
    }

    fn doc(&self) -> Doc {
        let mut d = Doc::default();
        d.cbox(0);
        attrs(&mut d, &self.attrs);
        for item in &self.items {
            item.print(&mut d);
        }
        d.end();
        d
    }
}

fn attrs(d: &mut Doc, attrs: &[Attr<'_>]) {
    for a in attrs {
        a.print(d);
    }
}

impl Attr<'_> {
    fn print(&self, d: &mut Doc) {
        match self {
            Attr::Doc { inner, text } => doc_attr(d, *inner, text),
            Attr::List { inner, path, metas } => {
                d.word(if *inner { "#![" } else { "#[" });
                meta_list(d, path, metas);
                d.word("]");
                d.space();
            }
            Attr::Word { path } => {
                d.word("#[");
                d.word(path);
                d.word("]");
                d.space();
            }
            Attr::NameValue { path, value } => {
                d.word("#[");
                d.word(path);
                d.word(" = ");
                lit_str(d, value);
                d.word("]");
                d.space();
            }
        }
    }
}

/// `path(meta, meta, ..)`, as prettyplease lays out an attribute's parenthesized tokens.
fn meta_list(d: &mut Doc, path: &str, metas: &[Meta<'_>]) {
    d.word(path);
    d.word("(");
    d.cbox(INDENT);
    d.zerobreak();
    for (i, meta) in metas.iter().enumerate() {
        match meta {
            Meta::Path(p) => d.word(p),
            Meta::NameValue(name, value) => {
                d.word(name);
                d.word(" = ");
                lit_str(d, value);
            }
            Meta::List(path, metas) => meta_list(d, path, metas),
        }
        if i + 1 < metas.len() {
            d.word(",");
            d.space();
        }
    }
    d.zerobreak();
    d.offset(-INDENT);
    d.end();
    d.word(")");
}

/// A doc attribute, `#[doc = " text"]`: a `///` (or `//!`) line; text that a line comment cannot carry is
/// written as the attribute itself.
fn doc_attr(d: &mut Doc, inner: bool, text: &str) {
    let text = text.trim_end_matches(' ');
    if !text.contains('\n') {
        d.word(if inner { "//!" } else { "///" });
        if !text.is_empty() {
            d.word(" ");
            d.word(text);
        }
        d.hardbreak();
    } else {
        d.word(if inner { "#![doc = " } else { "#[doc = " });
        d.word_with(|out| push_lit_str(out, &format!(" {text}")));
        d.word("]");
        d.space();
    }
}

fn vis(d: &mut Doc, public: bool) {
    if public {
        d.word("pub ");
    }
}

fn generics(d: &mut Doc, params: &[Generic]) {
    if params.is_empty() {
        return;
    }
    d.word("<");
    d.cbox(0);
    d.zerobreak();
    // Lifetimes first, whatever the order given.
    let lifetimes = params.iter().filter(|p| matches!(p, Generic::Lifetime(_)));
    let types = params.iter().filter(|p| !matches!(p, Generic::Lifetime(_)));
    let ordered: Vec<&Generic> = lifetimes.chain(types).collect();
    for (i, p) in ordered.iter().enumerate() {
        match p {
            Generic::Lifetime(l) => d.word(l),
            Generic::Type { name, bound } => {
                d.word(name);
                d.ibox(INDENT);
                d.word(": ");
                bound.print(d, PathKind::Type);
                d.end();
            }
        }
        d.trailing_comma(i + 1 == ordered.len());
    }
    d.offset(-INDENT);
    d.end();
    d.word(">");
}

impl<'a> Item<'a> {
    /// The item's outer attributes.
    pub fn attrs_mut(&mut self) -> &mut Vec<Attr<'a>> {
        match self {
            Item::Use { attrs, .. }
            | Item::Mod { attrs, .. }
            | Item::Struct { attrs, .. }
            | Item::Enum { attrs, .. }
            | Item::Impl { attrs, .. }
            | Item::Type { attrs, .. }
            | Item::Const { attrs, .. }
            | Item::Macro { attrs, .. } => attrs,
        }
    }

    fn print(&self, d: &mut Doc) {
        match self {
            Item::Use { attrs: a, vis: public, tree } => {
                attrs(d, a);
                vis(d, *public);
                d.word("use ");
                d.word(tree);
                d.word(";");
                d.hardbreak();
            }
            Item::Mod { attrs: a, vis: public, name } => {
                attrs(d, a);
                d.cbox(INDENT);
                vis(d, *public);
                d.word("mod ");
                d.word(name);
                d.word(";");
                d.end();
                d.hardbreak();
            }
            Item::Struct { attrs: a, vis: public, name, generics: g, fields } => {
                attrs(d, a);
                d.cbox(INDENT);
                vis(d, *public);
                d.word("struct ");
                d.word(name);
                generics(d, g);
                match fields {
                    Fields::Named(fields) => {
                        open_body(d);
                        for f in fields {
                            f.print(d);
                            d.word(",");
                            d.hardbreak();
                        }
                        close_body(d);
                    }
                    Fields::Unnamed(fields) => {
                        unnamed_fields(d, fields.iter(), Field::print);
                        d.word(";");
                        d.end();
                        d.hardbreak();
                    }
                }
            }
            Item::Enum { attrs: a, vis: public, name, variants } => {
                attrs(d, a);
                d.cbox(INDENT);
                vis(d, *public);
                d.word("enum ");
                d.word(name);
                open_body(d);
                for v in variants {
                    attrs(d, &v.attrs);
                    d.word(&v.name);
                    if !v.fields.is_empty() {
                        d.cbox(INDENT);
                        unnamed_fields(d, v.fields.iter(), |t, d| t.print(d));
                        d.end();
                    }
                    d.word(",");
                    d.hardbreak();
                }
                close_body(d);
            }
            Item::Impl { attrs: a, generics: g, trait_, self_ty, items } => {
                attrs(d, a);
                d.cbox(INDENT);
                d.ibox(-INDENT);
                d.cbox(INDENT);
                d.word("impl");
                generics(d, g);
                d.end();
                d.nbsp();
                if let Some(t) = trait_ {
                    t.print(d, PathKind::Type);
                    d.space();
                    d.word("for ");
                }
                self_ty.print(d);
                d.end();
                open_body(d);
                for item in items {
                    match item {
                        ImplItem::Fn(f) => f.print(d),
                        ImplItem::Type { name, ty } => type_alias(d, false, name, ty),
                    }
                }
                close_body(d);
            }
            Item::Type { attrs: a, vis: public, name, ty } => {
                attrs(d, a);
                type_alias(d, *public, name, ty);
            }
            Item::Const { attrs: a, vis: public, name, ty, expr } => {
                attrs(d, a);
                d.cbox(0);
                vis(d, *public);
                d.word("const ");
                d.word(name);
                d.word(": ");
                ty.print(d);
                d.word(" = ");
                d.neverbreak();
                expr.print(d);
                d.word(";");
                d.end();
                d.hardbreak();
            }
            Item::Macro { attrs: a, path, arg } => {
                attrs(d, a);
                path.print(d, PathKind::Simple);
                d.word("!(");
                d.cbox(INDENT);
                d.zerobreak();
                d.ibox(0);
                d.word(arg);
                d.end();
                d.zerobreak();
                d.offset(-INDENT);
                d.end();
                d.word(");");
                d.hardbreak();
            }
        }
    }
}

/// `type Name = Type;`, in an impl block or not.
fn type_alias(d: &mut Doc, public: bool, name: &str, ty: &Type<'_>) {
    d.cbox(INDENT);
    vis(d, public);
    d.word("type ");
    d.word(name);
    d.word(" = ");
    d.neverbreak();
    d.ibox(-INDENT);
    ty.print(d);
    d.end();
    d.word(";");
    d.end();
    d.hardbreak();
}

/// ` {` and a line break, unless the body is empty: the start of a block in the item's box.
fn open_body(d: &mut Doc) {
    d.nbsp();
    d.word("{");
    d.hardbreak_if_nonempty();
}

/// The end of the block [`open_body`] starts, and of the item's box.
fn close_body(d: &mut Doc) {
    d.offset(-INDENT);
    d.end();
    d.word("}");
    d.hardbreak();
}

/// `(a, b)` of a tuple struct or variant, in the enclosing box.
fn unnamed_fields<'a, T: 'a>(
    d: &mut Doc,
    fields: impl ExactSizeIterator<Item = &'a T>,
    print: impl std::ops::Fn(&T, &mut Doc),
) {
    let n = fields.len();
    d.word("(");
    d.zerobreak();
    for (i, f) in fields.enumerate() {
        print(f, d);
        d.trailing_comma(i + 1 == n);
    }
    d.offset(-INDENT);
    d.word(")");
}

impl Field<'_> {
    fn print(&self, d: &mut Doc) {
        attrs(d, &self.attrs);
        vis(d, self.vis);
        if let Some(name) = &self.name {
            d.word(name);
            d.word(": ");
        }
        self.ty.print(d);
    }
}

impl Fn<'_> {
    fn print(&self, d: &mut Doc) {
        attrs(d, &self.attrs);
        d.cbox(INDENT);
        vis(d, self.vis);
        if self.is_async {
            d.word("async ");
        }
        d.word("fn ");
        d.word(&self.name);
        generics(d, &self.generics);
        d.word("(");
        d.neverbreak();
        d.cbox(0);
        d.zerobreak();
        let n = self.args.len() + usize::from(self.receiver.is_some());
        let mut i = 0;
        if let Some(r) = self.receiver {
            d.word(match r {
                Receiver::Ref => "&self",
                Receiver::Value => "self",
            });
            i += 1;
            d.trailing_comma(i == n);
        }
        for (name, ty) in &self.args {
            d.word(name);
            d.word(": ");
            ty.print(d);
            i += 1;
            d.trailing_comma(i == n);
        }
        d.offset(-INDENT);
        d.end();
        d.word(")");
        d.cbox(-INDENT);
        if let Some(ret) = &self.ret {
            d.word(" -> ");
            ret.print(d);
        }
        d.end();
        open_body(d);
        for stmt in &self.body {
            stmt.print(d);
        }
        close_body(d);
    }
}

impl Stmt<'_> {
    fn print(&self, d: &mut Doc) {
        match self {
            Stmt::Let(name, init) => {
                d.ibox(0);
                d.word("let ");
                d.word(name);
                d.word(" = ");
                d.neverbreak();
                init.print(d);
                d.end();
                d.word(";");
                d.hardbreak();
            }
            Stmt::Tail(e) => {
                d.ibox(0);
                e.print_line_start(d);
                d.end();
                d.hardbreak();
            }
        }
    }
}

/// How generic arguments are written on a path: not at all (attributes), `a::B<T>` (types), or with a
/// turbofish, `a::b::<T>` (expressions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Simple,
    Type,
    Expr,
}

impl Path<'_> {
    fn print(&self, d: &mut Doc, kind: PathKind) {
        d.word(&self.text);
        if kind != PathKind::Simple {
            generic_args(d, &self.args, kind);
        }
    }
}

fn generic_args(d: &mut Doc, args: &[GenericArg<'_>], kind: PathKind) {
    if args.is_empty() {
        return;
    }
    if kind == PathKind::Expr {
        d.word("::");
    }
    d.word("<");
    d.cbox(INDENT);
    d.zerobreak();
    let lifetimes = args.iter().filter(|a| matches!(a, GenericArg::Lifetime(_)));
    let types = args.iter().filter(|a| !matches!(a, GenericArg::Lifetime(_)));
    let ordered: Vec<&GenericArg<'_>> = lifetimes.chain(types).collect();
    for (i, a) in ordered.iter().enumerate() {
        match a {
            GenericArg::Lifetime(l) => d.word(l),
            GenericArg::Type(t) => t.print(d),
            GenericArg::Const(c) => d.word(c),
        }
        d.trailing_comma(i + 1 == ordered.len());
    }
    d.offset(-INDENT);
    d.end();
    d.word(">");
}

impl Type<'_> {
    /// Prints the type.
    pub fn print(&self, d: &mut Doc) {
        match self {
            Type::Path(p) => p.print(d, PathKind::Type),
            Type::Ref(lifetime, t) => {
                d.word("&");
                if let Some(l) = lifetime {
                    d.word(l);
                    d.nbsp();
                }
                t.print(d);
            }
            Type::RefMut(t) => {
                d.word("&mut ");
                t.print(d);
            }
            Type::Slice(t) => {
                d.word("[");
                t.print(d);
                d.word("]");
            }
            Type::Impl(p) => {
                d.word("impl ");
                p.print(d, PathKind::Type);
            }
            Type::Unit => {
                // An empty tuple: its box holds only a break, so it vanishes.
                d.word("(");
                d.cbox(INDENT);
                d.zerobreak();
                d.offset(-INDENT);
                d.end();
                d.word(")");
            }
            Type::Infer => d.word("_"),
        }
    }

    /// The type on one line, as text.
    pub fn to_text(&self) -> String {
        let mut d = Doc::default();
        self.print(&mut d);
        d.print_flat()
    }
}

impl Expr<'_> {
    /// Prints the expression where it does not start a line (prettyplease's `expr`).
    fn print(&self, d: &mut Doc) {
        match self {
            Expr::Path(p) => p.print(d, PathKind::Expr),
            Expr::Lit(l) => d.word(l),
            Expr::Str(s) => lit_str(d, s),
            Expr::Call(func, args) => {
                func.print(d);
                d.word("(");
                call_args(d, args);
                d.word(")");
            }
            Expr::MethodCall { .. } | Expr::Field(..) => self.print_chain(d, false),
            Expr::Ref(e) => {
                d.word("&");
                e.print(d);
            }
            Expr::Deref(e) => {
                d.word("*");
                e.print(d);
            }
            Expr::Array(elements) => {
                // prettyplease's `expr_array`.
                d.word("[");
                d.cbox(INDENT);
                d.zerobreak();
                for (i, e) in elements.iter().enumerate() {
                    e.print(d);
                    d.trailing_comma(i + 1 == elements.len());
                }
                d.offset(-INDENT);
                d.end();
                d.word("]");
            }
            Expr::Struct(path, fields) => {
                d.cbox(INDENT);
                d.ibox(-INDENT);
                path.print(d, PathKind::Expr);
                d.end();
                d.word(" {");
                d.space_if_nonempty();
                for (i, (name, value)) in fields.iter().enumerate() {
                    d.word(name);
                    if let Some(value) = value {
                        d.word(": ");
                        d.ibox(0);
                        value.print(d);
                        d.end();
                    }
                    d.trailing_comma_or_space(i + 1 == fields.len());
                }
                d.offset(-INDENT);
                d.end_with_max_width(34);
                d.word("}");
            }
            Expr::Closure(param, body) => {
                d.ibox(0);
                d.cbox(INDENT);
                d.word("|");
                d.zerobreak();
                d.word(param);
                d.word("|");
                d.space();
                d.offset(-INDENT);
                d.end();
                d.neverbreak();
                if body.is_blocklike() || matches!(**body, Expr::Call(..) | Expr::Match(..)) {
                    body.print(d);
                } else {
                    // A body that is not a block, a call or a match is braced when it breaks.
                    d.cbox(INDENT);
                    d.brk(Break { pre_break: Some('{'), ..Break::default() });
                    body.print(d);
                    d.brk(Break { offset: -INDENT as i32, post_break: Some('}'), ..Break::default() });
                    d.end();
                }
                d.end();
            }
            Expr::Match(scrutinee, arms) => {
                d.ibox(0);
                d.word("match ");
                d.cbox(0);
                scrutinee.print(d);
                if scrutinee.needs_newline_if_wrap() {
                    d.space();
                } else {
                    d.nbsp();
                }
                d.end();
                d.word("{");
                d.neverbreak();
                d.cbox(INDENT);
                d.hardbreak_if_nonempty();
                for (pat, body) in arms {
                    d.ibox(0);
                    pat.print(d);
                    d.word(" => ");
                    d.neverbreak();
                    d.cbox(INDENT);
                    d.brk(Break { pre_break: Some('{'), ..Break::default() });
                    body.print_line_start(d);
                    d.brk(Break {
                        offset: -INDENT as i32,
                        post_break: Some('}'),
                        no_break: Some(','),
                        ..Break::default()
                    });
                    d.end();
                    d.end();
                    d.hardbreak();
                }
                d.offset(-INDENT);
                d.end();
                d.word("}");
                d.end();
            }
        }
    }

    /// Prints the expression at the start of a line (a statement, a match arm): a method chain on a short
    /// name (`self`, `r`) does not break after the name.
    fn print_line_start(&self, d: &mut Doc) {
        match self {
            Expr::MethodCall { .. } | Expr::Field(..) => self.print_chain(d, true),
            _ => self.print(d),
        }
    }

    /// A method call or field, in its own box. At the start of a line, the arguments of a method
    /// called on a short name are not indented further.
    fn print_chain(&self, d: &mut Doc, line_start: bool) {
        d.cbox(INDENT);
        match self {
            Expr::MethodCall { receiver, .. } => {
                self.prefix_method_call(d, line_start, line_start && receiver.is_short_ident());
            }
            _ => self.prefix_field(d, line_start),
        }
        d.end();
    }

    /// Prints the expression as the receiver of a method or field (prettyplease's
    /// `prefix_subexpr`): chains continue in the enclosing box.
    fn print_prefix(&self, d: &mut Doc, line_start: bool) {
        match self {
            Expr::Call(func, args) => {
                func.print_prefix(d, false);
                d.word("(");
                call_args(d, args);
                d.word(")");
            }
            Expr::Field(..) => self.prefix_field(d, line_start),
            Expr::MethodCall { .. } => self.prefix_method_call(d, line_start, false),
            _ => {
                d.cbox(-INDENT);
                self.print(d);
                d.end();
            }
        }
    }

    /// The break before `.x` in a chain, unless the receiver is a short name at the start of a line.
    fn dot_break(receiver: &Expr, d: &mut Doc, line_start: bool) {
        if !(line_start && receiver.is_short_ident()) {
            d.zerobreak();
        }
    }

    fn prefix_method_call(&self, d: &mut Doc, line_start: bool, unindent_args: bool) {
        let Expr::MethodCall { receiver, method, turbofish, args } = self else {
            return;
        };
        receiver.print_prefix(d, line_start);
        Expr::dot_break(receiver, d, line_start);
        d.word(".");
        d.word(method);
        generic_args(d, turbofish, PathKind::Expr);
        d.cbox(if unindent_args { -INDENT } else { 0 });
        d.word("(");
        call_args(d, args);
        d.word(")");
        d.end();
    }

    fn prefix_field(&self, d: &mut Doc, line_start: bool) {
        let Expr::Field(base, member) = self else {
            return;
        };
        base.print_prefix(d, line_start);
        Expr::dot_break(base, d, line_start);
        d.word(".");
        d.word(member);
    }

    fn is_short_ident(&self) -> bool {
        matches!(self, Expr::Path(p) if p.is_short_ident())
    }

    /// Closures and struct literals: a lone argument of this kind is not wrapped in the argument box.
    fn is_blocklike(&self) -> bool {
        matches!(self, Expr::Closure(..) | Expr::Struct(..) | Expr::Array(..))
    }

    /// Whether a `match` on this expression puts its `{` on a new line when it wraps.
    fn needs_newline_if_wrap(&self) -> bool {
        match self {
            Expr::Path(_)
            | Expr::Lit(_)
            | Expr::Str(_)
            | Expr::Struct(..)
            | Expr::Array(..)
            | Expr::Closure(..)
            | Expr::Match(..) => false,
            Expr::Field(..) | Expr::MethodCall { .. } => true,
            Expr::Call(e, _) | Expr::Ref(e) | Expr::Deref(e) => e.needs_newline_if_wrap(),
        }
    }
}

fn call_args(d: &mut Doc, args: &[Expr<'_>]) {
    if let [only] = args
        && only.is_blocklike()
    {
        only.print(d);
        return;
    }
    d.cbox(INDENT);
    d.zerobreak();
    for (i, a) in args.iter().enumerate() {
        a.print(d);
        d.trailing_comma(i + 1 == args.len());
    }
    d.offset(-INDENT);
    d.end();
}

impl Pat<'_> {
    fn print(&self, d: &mut Doc) {
        match self {
            Pat::Plain(s) => d.word(s),
            Pat::Str(s) => lit_str(d, s),
            Pat::TupleStruct(path, binding) => {
                path.print(d, PathKind::Expr);
                d.word("(");
                d.cbox(INDENT);
                d.zerobreak();
                d.word(binding);
                d.trailing_comma(true);
                d.offset(-INDENT);
                d.end();
                d.word(")");
            }
        }
    }
}
