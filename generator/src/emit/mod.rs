//! Emit: the IR to Rust source text. Each generated file is built as a small syntax tree (`syntax.rs`),
//! laid out as prettyplease would lay it out (`layout.rs`; no parsing, no token streams), given blank
//! lines between items (`format.rs`) and its do-not-edit header. Files are emitted in parallel. The
//! emitter decides nothing: names, order and types come from the IR.

mod api_md;
pub mod cli;
mod endpoints;
mod format;
mod ids;
mod layout;
mod mock;
mod modules;
#[cfg(test)]
mod prettyplease_tests;
mod syntax;
mod types;

pub(crate) use syntax::Type;
use syntax::{Attr, File, Item, Meta, Path, Str};

use crate::ir::{Category, Docs, Gate, Ir, NamedKind, Ty};
use crate::provenance::{COMMAND, GeneratedFile};
use crate::provenance::{Comment, every_file, gated_hash, header, modules_hash, spec_hash, text_file};

/// Emits every Rust file for `ir`, in path order. Files are independent, so they are emitted in parallel.
pub fn emit(ir: &Ir) -> Vec<GeneratedFile> {
    let mut files = crate::parallel::map(&jobs(ir), Job::cost, |job| job.emit(ir));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// `API.md`: the public API of the generated crate, one sorted line per item ([`crate::listing`]).
pub fn api_md(ir: &Ir) -> GeneratedFile {
    // Hashed by what it lists, so that a change of docs alone leaves it alone.
    let api = api_md::api_md(ir);
    text_file("API.md", &every_file(ir), &crate::provenance::hash(&api), &api)
}

/// The command table of the `axero` binary, `src/commands.rs` of the `axero-cli` crate.
pub fn cli_commands(ir: &Ir) -> GeneratedFile {
    text_file("src/commands.rs", &every_file(ir), &spec_hash(ir), &cli::commands(ir))
}

/// The mock server's endpoint table, `src/endpoints.rs` of the `axero-mock` crate: what it needs to
/// know of every endpoint (method, path, required parameters, paging, envelope, example answer).
pub fn mock_endpoints(ir: &Ir) -> GeneratedFile {
    let hash = spec_hash(ir);
    text_file("src/endpoints.rs", &every_file(ir), &hash, &mock::endpoints(ir, &hash))
}

/// One job per generated file.
fn jobs(ir: &Ir) -> Vec<Job<'_>> {
    let mut jobs = vec![Job::ApiMod, Job::TypesMod, Job::Runtime, Job::Common, Job::Ids];
    for c in &ir.categories {
        jobs.push(Job::Endpoints(c));
        if !c.types.types.is_empty() {
            jobs.push(Job::Types(c));
        }
    }
    jobs
}

/// Every file's syntax as [`syntax::File::print_flat`] writes it, in the order of [`emit`].
#[cfg(test)]
fn emit_flat(ir: &Ir) -> Vec<String> {
    let mut files: Vec<(String, String)> =
        jobs(ir).iter().map(|job| job.syntax(ir)).map(|(p, f)| (p, f.print_flat())).collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.into_iter().map(|(_, text)| text).collect()
}

/// One generated file to emit.
enum Job<'a> {
    ApiMod,
    TypesMod,
    Runtime,
    Common,
    Ids,
    Endpoints(&'a Category),
    Types(&'a Category),
}

impl<'a> Job<'a> {
    /// About how much work the file is.
    fn cost(&self) -> usize {
        match self {
            Job::ApiMod | Job::TypesMod | Job::Runtime | Job::Ids => 1,
            Job::Common => 2,
            Job::Endpoints(c) => 4 * c.endpoints.len(),
            Job::Types(c) => 3 * c.types.types.len(),
        }
    }

    fn emit(&self, ir: &'a Ir) -> GeneratedFile {
        let (path, syntax) = self.syntax(ir);
        // The module files depend on api.yaml and on which files the spec folder holds.
        let (source, hash) = match self {
            Job::ApiMod | Job::TypesMod | Job::Runtime => (every_file(ir), modules_hash(ir)),
            Job::Common => (ir.common.source.clone(), gated_hash(&ir.common.hash, types_gates(&ir.common))),
            Job::Ids => {
                (ir.ids.source.clone(), gated_hash(&ir.ids.hash, ir.ids.ids.iter().map(|i| (i.name.as_str(), &i.gate))))
            }
            Job::Endpoints(c) => (c.source.clone(), c.hash.clone()),
            Job::Types(c) => (c.source.clone(), gated_hash(&c.types.hash, types_gates(&c.types))),
        };
        GeneratedFile { text: format::format(header(Comment::Slashes, COMMAND, &source, &hash), &syntax), path }
    }

    /// The file's path and syntax.
    fn syntax(&self, ir: &'a Ir) -> (String, File<'a>) {
        match *self {
            Job::ApiMod => ("src/api/mod.rs".to_owned(), modules::api_mod(ir)),
            Job::TypesMod => ("src/api/types/mod.rs".to_owned(), modules::types_mod(ir)),
            Job::Runtime => ("src/api/runtime.rs".to_owned(), modules::runtime_mod()),
            Job::Common => ("src/api/types/common.rs".to_owned(), types::types_module(&ir.common)),
            Job::Ids => ("src/api/ids.rs".to_owned(), ids::ids_module(&ir.ids)),
            Job::Endpoints(c) => (format!("src/api/{}.rs", c.module), endpoints::category(c)),
            Job::Types(c) => (format!("src/api/types/{}.rs", c.module), types::types_module(&c.types)),
        }
    }
}

/// Each type of `m` with its gate.
fn types_gates(m: &crate::ir::TypesModule) -> impl Iterator<Item = (&str, &Gate)> {
    m.types.iter().map(|t| (t.name.as_str(), &t.gate))
}

/// The path of the runtime crate, `::axero_runtime`, that generated code calls.
pub(crate) fn rt() -> Path<'static> {
    Path::new(RT)
}

/// [`rt`] as text: `::` and `naming::RUNTIME_CRATE` (a test checks that they agree).
pub(crate) const RT: &str = "::axero_runtime";

/// The runtime crate as an endpoint file names it: `rt`, after [`use_rt`]'s `use` (shorter lines,
/// which prettyplease wraps less).
pub(crate) fn rt_alias() -> Path<'static> {
    Path::new(crate::naming::RUNTIME_ALIAS)
}

/// `use ::axero_runtime as rt;`
pub(crate) fn use_rt() -> Item<'static> {
    Item::Use { attrs: Vec::new(), vis: false, tree: format!("{RT} as {}", crate::naming::RUNTIME_ALIAS).into() }
}

/// `use ::axero_runtime::__private as rt;`, for the serde attributes of a types file (which name
/// nothing else of the runtime through `rt`).
pub(crate) fn use_rt_private() -> Item<'static> {
    let (private, alias) = (crate::naming::RUNTIME_PRIVATE, crate::naming::RUNTIME_ALIAS);
    Item::Use { attrs: Vec::new(), vis: false, tree: format!("{RT}::{private} as {alias}").into() }
}

/// `<runtime>::__private`, through `runtime` (the crate's path or the file's `rt` alias): what only
/// generated code calls ([`crate::naming::RUNTIME_PRIVATE`]).
pub(crate) fn private(runtime: Path<'static>) -> Path<'static> {
    runtime.join(crate::naming::RUNTIME_PRIVATE)
}

/// `use crate::ids;` and `use crate::types;` for a file whose items have `tys` among their types, as
/// far as they need them: [`owned`] names ids and declared types through those two modules (shorter
/// lines than `crate::types::User`, and no spec type is named in lower case, so nothing can shadow
/// them).
pub(crate) fn use_modules<'a>(tys: impl IntoIterator<Item = &'a Ty>) -> Vec<Item<'static>> {
    let (ids, types) = Ty::mentions_any(tys);
    let mut uses = Vec::new();
    if ids {
        uses.push(use_ids());
    }
    if types {
        uses.push(use_types());
    }
    uses
}

/// `use crate::ids;`
pub(crate) fn use_ids() -> Item<'static> {
    Item::Use { attrs: Vec::new(), vis: false, tree: "crate::ids".into() }
}

/// `use crate::types;`
pub(crate) fn use_types() -> Item<'static> {
    Item::Use { attrs: Vec::new(), vis: false, tree: "crate::types".into() }
}

/// `#[cfg(feature = "users")]` (or `#[cfg(any(feature = "users", ..))]`) on `item`, after its docs;
/// nothing for an item that always compiles.
pub(crate) fn gate(item: &mut Item<'_>, gate: &Gate) {
    let Gate::AnyOf(features) = gate else { return };
    let feature = |f: &String| Meta::NameValue("feature", f.clone().into());
    let metas = match features.as_slice() {
        [one] => vec![feature(one)],
        many => vec![Meta::List("any", many.iter().map(feature).collect())],
    };
    let attrs = item.attrs_mut();
    let after_docs = attrs.iter().take_while(|a| matches!(a, Attr::Doc { .. })).count();
    attrs.insert(after_docs, Attr::List { inner: false, path: "cfg", metas });
}

/// `name` as an identifier. Lowering only produces valid names; should one slip through, it is made
/// valid here (raw for a keyword, `_` for other characters) rather than panicking.
pub(crate) fn ident(name: &str) -> Str<'_> {
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name != "_";
    if !valid {
        let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        return format!("_{cleaned}").into();
    }
    match name {
        "self" | "Self" | "crate" | "super" => format!("{name}_").into(),
        n if crate::naming::is_keyword(n) => format!("r#{n}").into(),
        n => n.into(),
    }
}

/// Doc lines (the text after `/// `, empty for a blank line); `fallback` when there is no text.
pub(crate) fn doc_text<'a>(lines: &'a [String], fallback: impl Into<Str<'a>>) -> Vec<Str<'a>> {
    if lines.iter().all(|l| l.is_empty()) {
        return vec![fallback.into()];
    }
    lines.iter().map(|l| Str::Borrowed(l.as_str())).collect()
}

/// Outer doc attributes of `lines`.
pub(crate) fn docs<'a>(lines: impl IntoIterator<Item = Str<'a>>) -> Vec<Attr<'a>> {
    lines.into_iter().map(|text| Attr::Doc { inner: false, text }).collect()
}

/// Inner doc attributes (`//!`) of `lines`.
pub(crate) fn inner_docs<'a>(lines: impl IntoIterator<Item = Str<'a>>) -> Vec<Attr<'a>> {
    lines.into_iter().map(|text| Attr::Doc { inner: true, text }).collect()
}

/// One outer doc attribute.
pub(crate) fn doc<'a>(text: impl Into<Str<'a>>) -> Attr<'a> {
    Attr::Doc { inner: false, text: text.into() }
}

/// `#[doc = "..."]` lines and `#[deprecated]` for an item; `fallback` when the spec gives no text.
pub(crate) fn doc_attrs<'a>(d: &'a Docs, fallback: impl Into<Str<'a>>) -> Vec<Attr<'a>> {
    let mut attrs = docs(doc_text(&d.lines, fallback));
    if let Some(note) = &d.deprecated {
        attrs.push(Attr::List {
            inner: false,
            path: "deprecated",
            metas: vec![Meta::NameValue("note", note.as_str().into())],
        });
    }
    attrs
}

/// `#![allow(deprecated)]`
pub(crate) fn allow_deprecated() -> Attr<'static> {
    Attr::List { inner: true, path: "allow", metas: vec![Meta::Path("deprecated".into())] }
}

/// `#[derive(..)]` of the given paths.
pub(crate) fn derive(paths: &[&'static str]) -> Attr<'static> {
    Attr::List { inner: false, path: "derive", metas: paths.iter().map(|p| Meta::Path((*p).into())).collect() }
}

/// `prefix::name` as a path.
fn prefixed<'a>(prefix: &str, name: &str) -> Path<'a> {
    Path::new(format!("{prefix}::{}", ident(name)))
}

/// The Rust type of a value held in a struct (owned).
pub(crate) fn owned(ty: &Ty) -> Type<'static> {
    match ty {
        Ty::String => Type::path("::std::string::String"),
        Ty::Bool => Type::path("bool"),
        Ty::I32 => Type::path("i32"),
        Ty::I64 => Type::path("i64"),
        Ty::F64 => Type::path("f64"),
        Ty::Date => Type::Path(rt().join("Date")),
        Ty::DateTime => Type::Path(rt().join("DateTime")),
        Ty::File => Type::Path(rt().join("Upload")),
        Ty::Json => Type::path("::serde_json::Value"),
        Ty::Id(name) => Type::Path(prefixed("ids", name)),
        Ty::Named { name, .. } => Type::Path(prefixed("types", name)),
        Ty::List(t) | Ty::Csv(t) => Type::generic("::std::vec::Vec", vec![owned(t)]),
        Ty::Map(t) => {
            Type::generic("::std::collections::BTreeMap", vec![Type::path("::std::string::String"), owned(t)])
        }
        Ty::Option(t) => Type::generic("::std::option::Option", vec![owned(t)]),
    }
}

/// The Rust type of an argument (borrowed where owning would force a clone on the caller).
pub(crate) fn borrowed(ty: &Ty) -> Type<'static> {
    match ty {
        Ty::String => Type::path("str").reference(),
        Ty::List(t) | Ty::Csv(t) => Type::Slice(Box::new(owned(t))).reference(),
        Ty::Named { kind: NamedKind::IntEnum, .. } | Ty::File => owned(ty),
        t if t.is_copy() => owned(t),
        t => owned(t).reference(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_runtime_path_names_the_runtime_crate() {
        assert_eq!(super::RT, format!("::{}", crate::naming::RUNTIME_CRATE));
    }
}
