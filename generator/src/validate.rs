//! Validate: the meaning of a loaded spec. Every type named exists, paths and their parameters agree,
//! names have the shape the language asks for and do not meet in one Rust name (nor in a name the
//! generator owns, [`naming`]), and each construct is used where the API allows it. Everything wrong is
//! reported at once, located, with a suggestion (and its mechanical fix) where one is obvious; a spec
//! that passes lowers without error and builds.

use std::collections::{BTreeMap, BTreeSet};

use crate::conform::{Mismatch, Problem, Schema};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::ids::Ids;
use crate::load::Loaded;
use crate::naming;
use crate::spec::*;

/// The builtin type names.
pub const BUILTINS: &[&str] = &["string", "bool", "i32", "i64", "f64", "date", "datetime", "json", "file"];

/// What a type name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A builtin scalar (`string`, `i32`, `date`, …).
    Scalar,
    /// `json`.
    Json,
    /// `file`.
    File,
    /// A declared struct.
    Struct,
    /// A declared enum.
    Enum,
    /// A declared id (a newtype of `i32`).
    Id,
}

/// Every type name the spec knows, with its kind and where it was declared.
pub struct Names {
    declared: BTreeMap<String, (Kind, Pos)>,
    int_enums: BTreeSet<String>,
}

impl Names {
    /// Collects the declared types (of `api.yaml`, then of the categories), reporting duplicates and badly
    /// formed names.
    pub fn collect<'a>(types: impl IntoIterator<Item = &'a TypeDef>, diags: &mut Diagnostics) -> Names {
        let mut int_enums = BTreeSet::new();
        let mut declared: BTreeMap<String, (Kind, Pos)> = BTreeMap::new();
        for t in types {
            let name = &t.name.value;
            let pascal = naming::pascal(name);
            let rename = |d: Diagnostic| {
                if naming::is_pascal(&pascal) && !naming::is_keyword(&pascal) {
                    d.replace_token(format!("name it `{pascal}`"), &t.name.pos, name, &pascal)
                } else {
                    d.help("choose a PascalCase name")
                }
            };
            if BUILTINS.contains(&name.as_str()) {
                diags.push(rename(Diagnostic::new(
                    &t.name.pos,
                    format!("`{name}` is a builtin type and cannot be declared"),
                )));
                continue;
            }
            if naming::is_keyword(name) {
                diags.push(
                    Diagnostic::new(&t.name.pos, format!("type name `{name}` is a Rust keyword"))
                        .help("choose another name"),
                );
            } else if !naming::is_pascal(name) {
                diags.push(rename(Diagnostic::new(&t.name.pos, format!("type name `{name}` is not PascalCase"))));
            }
            let kind = match t.kind {
                TypeKind::Struct { .. } => Kind::Struct,
                TypeKind::Enum { .. } => Kind::Enum,
            };
            if let TypeKind::Enum { repr, .. } = &t.kind
                && repr.value == EnumRepr::Int
            {
                int_enums.insert(name.clone());
            }
            if let Some((_, first)) = declared.get(name) {
                diags.push(
                    Diagnostic::new(&t.name.pos, format!("type `{name}` is declared twice"))
                        .label("declared again here")
                        .related(first, "first declared here")
                        .help("type names are global across files; rename one of them"),
                );
            } else {
                declared.insert(name.clone(), (kind, t.name.pos.clone()));
            }
        }
        Names { declared, int_enums }
    }

    /// Adds the declared ids (`ids:` of `api.yaml`), reporting badly formed and duplicate names.
    pub fn add_ids(&mut self, ids: &[IdDef], diags: &mut Diagnostics) {
        let declared = &mut self.declared;
        for id in ids {
            let name = &id.name.value;
            if !naming::is_pascal(name) || !name.ends_with("Id") || name == "Id" {
                diags.push(
                    Diagnostic::new(&id.name.pos, format!("id name `{name}` must be PascalCase and end in `Id`"))
                        .help(format!("name it `{}Id`", naming::pascal(name.trim_end_matches("Id")))),
                );
            }
            if let Some((kind, first)) = declared.get(name) {
                // A type named like an id: the type is what reads wrong (`returns: UserId` would mean
                // the id), so it is reported where the type is declared.
                let d = if *kind == Kind::Id {
                    Diagnostic::new(&id.name.pos, format!("`{name}` is declared twice"))
                        .help(format!("the first declaration is at {first}; rename one of them"))
                } else {
                    // A new name for the type that no other type has.
                    let stem = name.strip_suffix("Id").filter(|s| !s.is_empty()).unwrap_or(name);
                    let free = [stem.to_owned(), format!("{stem}Ref"), format!("{stem}Info")]
                        .into_iter()
                        .find(|n| !declared.contains_key(n));
                    let rename =
                        free.map(|n| format!("rename the type (`{n}`, which no other type has) ")).unwrap_or_default();
                    Diagnostic::new(first, format!("type `{name}` has the name of an id"))
                        .label("a type, declared here")
                        .related(&id.name.pos, "the id, declared here")
                        .help(format!(
                            "ids are declared only under `ids:` in api.yaml; {rename}or drop the type and use the id"
                        ))
                };
                diags.push(d);
            } else {
                declared.insert(name.clone(), (Kind::Id, id.name.pos.clone()));
            }
        }
    }

    /// The kind of `name`, if it names a type.
    pub fn kind(&self, name: &str) -> Option<Kind> {
        match name {
            "json" => Some(Kind::Json),
            "file" => Some(Kind::File),
            n if BUILTINS.contains(&n) => Some(Kind::Scalar),
            n => self.declared.get(n).map(|(k, _)| *k),
        }
    }

    fn candidates(&self) -> impl Iterator<Item = &str> {
        BUILTINS.iter().copied().chain(self.declared.keys().map(String::as_str))
    }
}

/// Where a type expression is used; each place allows a different set of types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Field,
    PathParam,
    QueryParam,
    Header,
    FormPart,
    Body,
    Returns,
}

/// Checks `spec`; returns every problem found.
pub fn validate(spec: &Spec) -> Diagnostics {
    check(Some(&spec.api), &spec.api.types, &spec.api.ids, &spec.categories, &[])
}

/// Checks whatever [`crate::load::load`] could read, so that meaning errors come in the same run as the
/// loading errors of other files; the types of a file that could not be read are unknown, and an unknown
/// type says so.
pub fn validate_loaded(loaded: &Loaded) -> Diagnostics {
    check(loaded.api.as_ref(), loaded.api_types(), loaded.api_ids(), &loaded.categories, &loaded.unreadable)
}

fn check(
    api: Option<&ApiFile>,
    api_types: &[TypeDef],
    api_ids: &[IdDef],
    categories: &[CategoryFile],
    unreadable: &[String],
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut names = Names::collect(api_types.iter().chain(categories.iter().flat_map(|c| c.types.iter())), &mut diags);
    names.add_ids(api_ids, &mut diags);
    ids(api_ids, &names, &mut diags);
    let api_paging = api
        .map(|a| [&a.paging.page, &a.paging.size].into_iter().flatten().map(|s| s.value.clone()).collect())
        .unwrap_or_default();
    let auth_headers = api
        .map(|a| std::iter::once(&a.auth.bearer).chain(&a.auth.legacy).map(|s| s.header.value.clone()).collect())
        .unwrap_or_default();
    let ids = Ids::new(api_ids);
    // Each enum's variants (name, wire value), for the constants that name one.
    let enum_values: BTreeMap<String, Vec<(String, String)>> = api_types
        .iter()
        .chain(categories.iter().flat_map(|c| c.types.iter()))
        .filter_map(|t| match &t.kind {
            TypeKind::Enum { variants, .. } => {
                let pairs = variants.iter().map(|v| (v.name.value.clone(), v.value.value.clone())).collect();
                Some((t.name.value.clone(), pairs))
            }
            TypeKind::Struct { .. } => None,
        })
        .collect();
    let mut v = Validator { names: &names, ids, api_paging, auth_headers, enum_values, unreadable, diags: &mut diags };
    for t in api_types {
        v.type_def(t);
    }
    if let Some(api) = api {
        v.notes_of_auth(&api.auth);
    }
    for c in categories {
        v.category(c);
    }
    links(api_types, api_ids, categories, &mut diags);
    let schema = Schema::new(api_types.iter().chain(categories.iter().flat_map(|c| c.types.iter())), api_ids);
    examples(&schema, api_types.iter().chain(categories.iter().flat_map(|c| c.types.iter())), categories, &mut diags);
    let reported =
        provenance(api_types.iter().chain(categories.iter().flat_map(|c| c.types.iter())), categories, &mut diags);
    // In a file with `provenance: required`, every type it declares says what it rests on.
    let api_required = api.is_some_and(|a| a.provenance_required.is_some());
    let declared = std::iter::once((api_required, api_types))
        .chain(categories.iter().map(|c| (c.provenance_required.is_some(), c.types.as_slice())));
    for (required, types) in declared {
        for t in types.iter().filter(|t| required && !t.provenance.is_stated() && !reported.contains(&t.name.value)) {
            diags.push(
                Diagnostic::new(&t.name.pos, format!("`{}` says not what it rests on", t.name.value))
                    .label("this file has `provenance: required`")
                    .help("add `source: [...]` naming what shows it, or `inferred: …` saying what it is inferred from"),
            );
        }
    }
    if let Some(api) = api {
        crate::twin::collections(api, categories, &mut diags);
    }
    diags.sorted()
}

/// The notes of a type, its fields and its variants.
fn type_notes(t: &TypeDef) -> Vec<&Notes> {
    let mut all = vec![&t.notes];
    match &t.kind {
        TypeKind::Struct { fields, .. } => all.extend(fields.iter().map(|f| &f.notes)),
        TypeKind::Enum { variants, .. } => all.extend(variants.iter().map(|v| &v.notes)),
    }
    all
}

/// Every explicit intra-doc link in spec prose names an item the generated crate has, reported at its
/// note (rustdoc would otherwise fail on it in a generated file, far from the spec): `crate::types::T`
/// (and `::Variant` of an enum), `crate::ids::I`, `crate::<category>::<Accessor>` (and `::method`), and
/// in an endpoint's notes `Self::method` of its category. Paths into the hand-written crate root
/// (`crate::ClientBuilder`, …) are not the spec's to check.
fn links(api_types: &[TypeDef], api_ids: &[IdDef], categories: &[CategoryFile], diags: &mut Diagnostics) {
    let types: BTreeMap<&str, &TypeDef> = api_types
        .iter()
        .chain(categories.iter().flat_map(|c| c.types.iter()))
        .map(|t| (t.name.value.as_str(), t))
        .collect();
    let ids: BTreeSet<&str> = api_ids.iter().map(|i| i.name.value.as_str()).collect();
    let methods = |c: &CategoryFile| -> Vec<String> { c.endpoints.iter().map(|e| e.name.value.clone()).collect() };
    let modules: BTreeMap<&str, &CategoryFile> = categories.iter().map(|c| (c.name.value.as_str(), c)).collect();
    // Why `path` names nothing, with what it may have meant; `None` when it resolves (or is not ours).
    let check = |path: &str, own: Option<&CategoryFile>| -> Option<(String, Option<String>)> {
        let segments: Vec<&str> = path.split("::").collect();
        let near = |name: &str, among: Vec<String>| {
            crate::diagnostic::closest(name, among.iter().map(String::as_str)).map(str::to_owned)
        };
        match segments.as_slice() {
            ["Self", method, ..] => {
                let c = own?;
                (!c.endpoints.iter().any(|e| e.name.value == *method)).then(|| {
                    let meant = near(method, methods(c)).map(|m| format!("Self::{m}"));
                    (format!("`{path}`: `{}` has no endpoint `{method}`", c.name.value), meant)
                })
            }
            ["crate", "types", name, rest @ ..] => match types.get(name) {
                None => {
                    let meant =
                        near(name, types.keys().map(|k| k.to_string()).collect()).map(|t| format!("crate::types::{t}"));
                    Some((format!("`{path}`: no type `{name}`"), meant))
                }
                Some(t) => match (&t.kind, rest) {
                    (TypeKind::Enum { variants, .. }, [variant, ..])
                        if !variants.iter().any(|v| v.name.value == *variant) =>
                    {
                        let names = variants.iter().map(|v| v.name.value.clone()).collect();
                        let meant = near(variant, names).map(|v| format!("crate::types::{name}::{v}"));
                        Some((format!("`{path}`: `{name}` has no variant `{variant}`"), meant))
                    }
                    _ => None,
                },
            },
            ["crate", "ids", name, ..] => (!ids.contains(name)).then(|| {
                let meant = near(name, ids.iter().map(|i| i.to_string()).collect()).map(|i| format!("crate::ids::{i}"));
                (format!("`{path}`: no id `{name}`"), meant)
            }),
            ["crate", module, rest @ ..] => {
                let c = modules.get(module)?;
                let accessor = naming::accessor(module);
                match rest {
                    [] => None,
                    [name, ..] if *name != accessor => Some((
                        format!("`{path}`: the `{module}` endpoints are `{accessor}`"),
                        Some(format!("crate::{module}::{accessor}")),
                    )),
                    [_, method, ..] if !c.endpoints.iter().any(|e| e.name.value == *method) => {
                        let meant = near(method, methods(c)).map(|m| format!("crate::{module}::{accessor}::{m}"));
                        Some((format!("`{path}`: `{module}` has no endpoint `{method}`"), meant))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    };
    let mut report = |notes: &Notes, own: Option<&CategoryFile>| {
        for link in &notes.links {
            if let Some((message, meant)) = check(&link.value, own) {
                let d = Diagnostic::new(&link.pos, format!("broken link in the docs: {message}"));
                diags.push(match meant {
                    Some(m) => d.help(format!("did you mean `{m}`?")),
                    None => {
                        d.help("link to a type (`crate::types::…`), an id (`crate::ids::…`) or an endpoint (`Self::…`)")
                    }
                });
            }
        }
    };
    for t in api_types {
        for n in type_notes(t) {
            report(n, None);
        }
    }
    for id in api_ids {
        report(&id.notes, None);
    }
    for c in categories {
        for t in &c.types {
            for n in type_notes(t) {
                report(n, None);
            }
        }
        for e in &c.endpoints {
            report(&e.notes, Some(c));
            for p in e.path_params.iter().chain(&e.query).chain(&e.headers) {
                report(&p.notes, Some(c));
            }
        }
    }
}

/// Every `example:` fits its type: a type's example the type, an endpoint's the type it returns.
fn examples<'a>(
    schema: &Schema<'_>,
    types: impl Iterator<Item = &'a TypeDef>,
    categories: &[CategoryFile],
    diags: &mut Diagnostics,
) {
    for t in types {
        if let Some(example) = &t.example {
            for m in schema.check_type(&example.to_json(), t) {
                diags.push(example_mismatch(example, &m));
            }
        }
    }
    for e in categories.iter().flat_map(|c| &c.endpoints) {
        let Some(example) = &e.example else { continue };
        match &e.returns {
            Some(returns) => {
                for m in schema.check(&example.to_json(), &returns.value) {
                    diags.push(example_mismatch(example, &m));
                }
            }
            None => diags.push(
                Diagnostic::new(&example.pos, format!("`{}` has an example but no `returns:`", e.name.value))
                    .label("an endpoint's example shows the data it returns")
                    .help("add `returns: …`, or remove the example"),
            ),
        }
    }
}

/// A part of an example that does not fit, located where the example wrote it.
fn example_mismatch(example: &Example, m: &Mismatch) -> Diagnostic {
    let field = m.field().unwrap_or_default();
    match &m.problem {
        Problem::Missing { type_name, ty } => {
            let optional = if ty.ends_with('?') { ty.clone() } else { format!("{ty}?") };
            Diagnostic::new(
                example.pos_at(&m.path, false),
                format!("the example has no `{field}`, a required field of `{type_name}`"),
            )
            .label(format!("`{}` is missing here", m.path_text()))
            .help(format!(
                "add `{field}: …` to the example, or make the field optional (`{optional}`) if the API may leave it out"
            ))
        }
        Problem::Type { expected, found } => Diagnostic::new(
            example.pos_at(&m.path, false),
            format!("example value {found} does not fit: expected {expected}"),
        )
        .label(format!("at `{}`", m.path_text()))
        .help(format!("write {expected} here, or change the type if the API sends {found}")),
        Problem::UnknownValue { enum_name, value, known } => {
            Diagnostic::new(example.pos_at(&m.path, false), format!("{value} is not a value of `{enum_name}`"))
                .label(format!("at `{}`", m.path_text()))
                .help(format!("the values are {}; use one of them, or add this one to the enum", known.join(", ")))
        }
        Problem::Undeclared { type_name, unwritten } => {
            let pos = example.pos_at(&m.path, true);
            let d = Diagnostic::new(pos, format!("`{field}` is not a declared field of `{type_name}`"))
                .label(format!("at `{}`", m.path_text()));
            match crate::diagnostic::closest(field, unwritten.iter().map(String::as_str)) {
                Some(best) => d.replace_token(format!("did you mean `{best}`?"), pos, field, best),
                None => d.help(format!(
                    "declare `{field}` under `fields:` of `{type_name}`, or leave it out: an example shows only \
                     declared fields (the mock answers with it, and the probe reports an undeclared field as drift)"
                )),
            }
        }
    }
}

/// Every declared type `ty` reaches through the fields of structs, `ty`'s own top type first.
fn reachable<'a>(ty: &TypeExpr, types: &BTreeMap<&str, &'a TypeDef>) -> Vec<&'a TypeDef> {
    let mut out: Vec<&TypeDef> = Vec::new();
    let mut todo = vec![ty.top_name().value.as_str()];
    while let Some(name) = todo.pop() {
        let Some(t) = types.get(name) else { continue };
        if out.iter().any(|o| o.name.value == t.name.value) {
            continue;
        }
        out.push(t);
        if let TypeKind::Struct { fields, .. } = &t.kind {
            todo.extend(fields.iter().rev().map(|f| f.ty.value.top_name().value.as_str()));
        }
    }
    out
}

/// The fields of a struct that an answer must carry: not optional, not a constant.
fn required_fields(t: &TypeDef) -> impl Iterator<Item = &Field> {
    let fields = match &t.kind {
        TypeKind::Struct { fields, .. } => fields.as_slice(),
        TypeKind::Enum { .. } => &[],
    };
    fields.iter().filter(|f| f.value.is_none() && !matches!(f.ty.value, TypeExpr::Optional(_)))
}

/// Provenance (spec/README.md, "Provenance"): what a type or a response rests on.
///
/// - A type that rests only on inference has no required field (an answer of another shape would
///   fail to decode), nor does anything a response resting only on inference returns.
/// - A type's source names, in parentheses, endpoints that return the type: their responses rest on it.
/// - In a file with `provenance: required`, every typed response rests on a source or an inference,
///   its own or a source of its type that names it, and so does every declared type it returns.
///
/// Returns the types reported for saying nothing.
fn provenance<'a>(
    types: impl Iterator<Item = &'a TypeDef>,
    categories: &[CategoryFile],
    diags: &mut Diagnostics,
) -> BTreeSet<String> {
    let mut by_name: BTreeMap<&str, &TypeDef> = BTreeMap::new();
    for t in types {
        by_name.entry(t.name.value.as_str()).or_insert(t);
    }
    let endpoints: BTreeMap<String, &Endpoint> = categories
        .iter()
        .flat_map(|c| c.endpoints.iter().map(move |e| (format!("{}.{}", c.name.value, e.name.value), e)))
        .collect();

    for t in by_name.values() {
        if t.provenance.only_inferred() {
            for f in required_fields(t) {
                let wrong = f.ty.value.to_string();
                let n = wrong.chars().count() as u32;
                let d = Diagnostic::new(
                    &f.ty.pos,
                    format!("`{}` is required, but `{}` rests only on inference", f.wire.value, t.name.value),
                )
                .label("an answer without it would fail to decode")
                .related(t.provenance.inferred.as_ref().map_or(&t.name.pos, |i| &i.pos), "inferred here");
                let help = "make it optional: what rests on inference is read leniently";
                // Certain: the only spec this rule accepts for the field.
                diags.push(match f.ty.pos.len {
                    len if len == n + 2 => d.replace(help, &f.ty.pos.sub(1, n), format!("{wrong}?")).certain(),
                    len if len == n && wrong.starts_with('[') => {
                        d.replace(help, &f.ty.pos, format!("\"{wrong}?\"")).certain()
                    }
                    len if len == n => d.replace(help, &f.ty.pos, format!("{wrong}?")).certain(),
                    _ => d.help(help),
                });
            }
        }
        for s in t.provenance.sources.iter().flat_map(|r| &r.shows) {
            let returns_it =
                |e: &Endpoint| e.returns.as_ref().is_some_and(|r| r.value.top_name().value == t.name.value);
            // A spec may be read in parts (a category file beside `api.yaml`): an endpoint of a category
            // that is not loaded is not checked.
            let category = s.value.split_once('.').map_or(s.value.as_str(), |(c, _)| c);
            let loaded = categories.iter().any(|c| c.name.value == category);
            match endpoints.get(&s.value) {
                None if !loaded && s.value.contains('.') => {}
                None => {
                    let returning: Vec<&str> =
                        endpoints.iter().filter(|(_, e)| returns_it(e)).map(|(k, _)| k.as_str()).collect();
                    let d = Diagnostic::new(&s.pos, format!("`{}` is not an endpoint", s.value))
                        .label("a source names the endpoints it shows as `category.method`");
                    diags.push(match crate::diagnostic::closest(&s.value, returning.iter().copied()) {
                        Some(best) => d.replace_token(format!("did you mean `{best}`?"), &s.pos, &s.value, best),
                        None => d.help(format!("list endpoints that return `{}`", t.name.value)),
                    });
                }
                Some(e) if !returns_it(e) => diags.push(
                    Diagnostic::new(&s.pos, format!("`{}` does not return `{}`", s.value, t.name.value))
                        .label("a type's source names only endpoints that return the type")
                        .help("remove it from the parentheses, or give that endpoint a `source:` of its own"),
                ),
                Some(_) => {}
            }
        }
    }

    let mut unstated: BTreeSet<&str> = BTreeSet::new();
    for c in categories {
        for e in &c.endpoints {
            let Some(returns) = &e.returns else { continue };
            if returns.value.is_untyped() {
                continue;
            }
            let key = format!("{}.{}", c.name.value, e.name.value);
            let top = by_name.get(returns.value.top_name().value.as_str());
            let inherited =
                top.is_some_and(|t| t.provenance.sources.iter().flat_map(|s| &s.shows).any(|s| s.value == key));
            if e.provenance.only_inferred() {
                for t in reachable(&returns.value, &by_name) {
                    if let Some(f) = required_fields(t).next() {
                        diags.push(
                            Diagnostic::new(
                                &returns.value.top_name().pos,
                                format!(
                                    "the response of `{}` rests only on inference, but `{}` has the required field `{}`",
                                    e.name.value, t.name.value, f.wire.value
                                ),
                            )
                            .label("an answer of another shape would fail to decode")
                            .related(&f.wire.pos, "required here")
                            .help(
                                "return a type whose fields are all optional, or `json` if even its shape is a guess; \
                                 or name a source that shows this response (`source:`)",
                            ),
                        );
                        break;
                    }
                }
            }
            if c.provenance_required.is_none() {
                continue;
            }
            if !e.provenance.is_stated() && !inherited {
                let mut d = Diagnostic::new(
                    &returns.value.top_name().pos,
                    format!("the response of `{}` rests on no source and says so nowhere", e.name.value),
                )
                .label(format!("`{}` is typed", returns.value))
                .help(
                    "name what shows this response (`source: ionic src/pages/…`), or say what its shape is \
                     inferred from (`inferred: …`); return `json` when even the shape is a guess",
                );
                if let Some(t) = top.filter(|t| !t.provenance.sources.is_empty()) {
                    d = d.note(format!(
                        "`{}` has sources: if one shows this response, name `{key}` after it in parentheses",
                        t.name.value
                    ));
                }
                diags.push(d);
            }
            for t in reachable(&returns.value, &by_name) {
                if !t.provenance.is_stated() && unstated.insert(t.name.value.as_str()) {
                    diags.push(
                        Diagnostic::new(
                            &t.name.pos,
                            format!("`{}` says not what it rests on, and `{key}` returns it", t.name.value),
                        )
                        .help("add `source: [...]` naming what shows it, or `inferred: …` saying what it is inferred from"),
                    );
                }
            }
        }
    }
    unstated.into_iter().map(str::to_owned).collect()
}

/// The ids' wire names are unique, and their `in:` lists name ids without a cycle.
fn ids(ids: &[IdDef], names: &Names, diags: &mut Diagnostics) {
    let mut wire_names: BTreeMap<String, &str> = BTreeMap::new();
    for id in ids {
        for w in &id.wire {
            if let Some(other) = wire_names.insert(w.value.to_ascii_lowercase(), &id.name.value) {
                diags.push(Diagnostic::new(
                    &w.pos,
                    format!("the wire name `{}` is listed for both `{other}` and `{}`", w.value, id.name.value),
                ));
            }
        }
        for c in &id.within {
            if names.kind(&c.value) != Some(Kind::Id) {
                let candidates = ids.iter().map(|i| i.name.value.as_str());
                diags.push(
                    Diagnostic::new(&c.pos, format!("`{}` in `in:` is not a declared id", c.value))
                        .suggest(&c.value, candidates),
                );
            } else if c.value == id.name.value {
                diags.push(Diagnostic::new(&c.pos, format!("`{}` cannot contain itself", c.value)));
            }
        }
    }
    // A cycle (`A in B`, `B in A`) would leave no order for the arguments.
    let within: BTreeMap<&str, Vec<&str>> =
        ids.iter().map(|i| (i.name.value.as_str(), i.within.iter().map(|c| c.value.as_str()).collect())).collect();
    for id in ids {
        let mut seen = BTreeSet::new();
        // An id naming itself is reported above; a cycle goes through another id.
        let mut todo: Vec<&str> =
            within.get(id.name.value.as_str()).into_iter().flatten().copied().filter(|c| *c != id.name.value).collect();
        while let Some(next) = todo.pop() {
            if next == id.name.value {
                diags.push(
                    Diagnostic::new(&id.name.pos, format!("`{}` is, through `in:`, inside itself", id.name.value))
                        .help("remove one of the `in:` entries of the cycle"),
                );
                break;
            }
            if seen.insert(next) {
                todo.extend(within.get(next).into_iter().flatten());
            }
        }
    }
}

/// A required `bool` argument reads badly where it is called (`set_featured(user, true)`). A path
/// parameter cannot be optional, so its help offers only what works there.
fn bare_bool(pos: &Pos, what: &str, in_path: bool) -> Diagnostic {
    let d =
        Diagnostic::new(pos, format!("`{what}` would be a bare `bool` argument, which reads badly where it is called"));
    if in_path {
        d.help(format!(
            "split the endpoint in two, one with `true` written into its path in place of `{{{what}}}` and one with `false` (a path parameter can be neither optional nor a constant)"
        ))
    } else {
        d.help(
            "make it optional (`bool?`, a setter), or split the endpoint in two with `value: true` and `value: false`",
        )
    }
}

/// Verbs that change something: a GET endpoint's name may not start with one.
const WRITE_VERBS: &[&str] = &[
    "set",
    "create",
    "update",
    "delete",
    "add",
    "remove",
    "send",
    "upload",
    "mark",
    "move",
    "copy",
    "rename",
    "restore",
    "assign",
    "give",
    "invite",
    "approve",
    "decline",
    "activate",
    "deactivate",
    "enable",
    "disable",
    "like",
    "unlike",
    "dislike",
    "follow",
    "unfollow",
    "vote",
    "report",
    "answer",
    "build",
    "undo",
];

/// Verbs that only read: only a GET endpoint's name may start with one, but for a search: an API
/// that takes its query as a body searches with a POST, which reads all the same.
const READ_VERBS: &[&str] = &["get", "list", "count", "find", "search"];

/// The read verbs a POST may take (its body is the query).
const POST_READ_VERBS: &[&str] = &["find", "search"];

/// The naming rule (spec/README.md, "Names"): one verb per meaning, reads are GETs and GETs read (a
/// POST may search), counts are `count_<things>`. The help says what to name the endpoint instead.
fn naming_rule(e: &Endpoint) -> Option<Diagnostic> {
    let name = e.name.value.as_str();
    let verb = name.split('_').next().unwrap_or(name);
    let rest = name.strip_prefix(verb).unwrap_or("").trim_start_matches('_');
    // `verb_rest`, or the verb alone when nothing follows it (`create`, never `create_`).
    let with = |verb: &str| if rest.is_empty() { verb.to_owned() } else { format!("{verb}_{rest}") };
    let method = e.method.value;
    let problem = |message: String, better: String| {
        Some(Diagnostic::new(&e.name.pos, message).help(format!("name it `{better}` (or another name that fits)")))
    };
    if method == Method::Get
        && let Some(stem) = rest.strip_suffix("_count").or_else(|| (rest == "count").then_some(""))
        && matches!(verb, "get" | "list")
    {
        let better = if stem.is_empty() { "count".to_owned() } else { format!("count_{stem}") };
        return problem(format!("`{name}` returns a count; counts are named `count_<things>`"), better);
    }
    if method == Method::Get && WRITE_VERBS.contains(&verb) {
        return problem(format!("`{name}` is a GET, which reads; `{verb}_` says it changes something"), with("get"));
    }
    if method == Method::Post && POST_READ_VERBS.contains(&verb) {
        return None;
    }
    if method == Method::Post && READ_VERBS.contains(&verb) {
        // Whether it reads (a query in the body) or creates, only the spec's author knows.
        return Some(Diagnostic::new(&e.name.pos, format!("`{name}` is a POST; `{verb}_` is for a GET")).help(
            format!(
                "if it reads, with its query in the body, name it `{}`; if it creates something, `{}`",
                with("search"),
                with("create")
            ),
        ));
    }
    if method != Method::Get && READ_VERBS.contains(&verb) {
        let better = match method {
            Method::Delete => with("delete"),
            _ => with("update"),
        };
        return problem(
            format!("`{name}` is a {}, which changes something; `{verb}_` says it only reads", method.as_upper()),
            better,
        );
    }
    None
}

struct Validator<'a> {
    names: &'a Names,
    /// Which wire names carry which id, and which id contains which.
    ids: Ids,
    /// The API-wide paging parameter names.
    api_paging: Vec<String>,
    /// The headers that carry credentials.
    auth_headers: Vec<String>,
    /// Each enum's variants: name and wire value.
    enum_values: BTreeMap<String, Vec<(String, String)>>,
    /// Spec files that could not be read (their types are unknown).
    unreadable: &'a [String],
    diags: &'a mut Diagnostics,
}

/// The Rust names given in one scope (a struct's fields, an endpoint's arguments, a category's
/// methods): two spec names that become one Rust name, or a spec name that becomes a name the generator
/// owns, are reported.
struct Claims {
    what: &'static str,
    help: &'static str,
    taken: BTreeMap<String, Claim>,
}

enum Claim {
    /// The generator's own name, and what it is for.
    Reserved(&'static str),
    /// A spec name and where it was written.
    Spec(String, Pos),
}

impl Claims {
    fn new(what: &'static str, help: &'static str) -> Self {
        Claims { what, help, taken: BTreeMap::new() }
    }

    fn reserve(&mut self, rust: &str, why: &'static str) {
        self.taken.insert(rust.to_owned(), Claim::Reserved(why));
    }

    /// Gives `rust` to the spec name `name` written at `pos`.
    fn claim(&mut self, rust: &str, name: &str, pos: &Pos, diags: &mut Diagnostics) {
        let what = self.what;
        match self.taken.get(rust) {
            // One name here, not two: the help says how to rename this one.
            Some(Claim::Reserved(why)) => diags.push(
                Diagnostic::new(
                    pos,
                    format!("{what} `{name}` becomes `{rust}`, which the generated code uses for {why}"),
                )
                .help(format!(
                    "give it another Rust name with `rust: …`, e.g. `{name}: {{type: …, rust: {rust}_value}}`"
                )),
            ),
            Some(Claim::Spec(first, first_pos)) => diags.push(
                Diagnostic::new(pos, format!("{what}s `{first}` and `{name}` both become `{rust}` in Rust"))
                    .label(format!("becomes `{rust}`"))
                    .related(first_pos, format!("`{first}` becomes `{rust}` too"))
                    .help(self.help),
            ),
            None => {
                self.taken.insert(rust.to_owned(), Claim::Spec(name.to_owned(), pos.clone()));
            }
        }
    }
}

/// The Rust name of a field or parameter: its `rust:` or the one derived from its wire name.
fn rust_name(wire: &str, rust: Option<&Spanned<String>>) -> String {
    rust.map_or_else(|| naming::snake(wire), |r| r.value.clone())
}

impl Validator<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn notes_of_auth(&mut self, auth: &Auth) {
        for scheme in std::iter::once(&auth.bearer).chain(auth.legacy.as_ref()) {
            if scheme.header.value.trim().is_empty() || scheme.header.value.contains(char::is_whitespace) {
                self.push(Diagnostic::new(
                    &scheme.header.pos,
                    "an auth header name must be one word, e.g. `Authorization`",
                ));
            }
        }
    }

    fn category(&mut self, c: &CategoryFile) {
        let name = &c.name.value;
        let rename =
            |d: Diagnostic| d.rename(format!("{}.{}", naming::category_name_like(name), crate::load::EXTENSION));
        if naming::is_keyword(name) {
            self.push(rename(Diagnostic::new(
                &c.name.pos,
                format!("the file name `{name}` is a Rust keyword and cannot be a module name"),
            )));
        } else if !naming::is_snake(name) {
            self.push(rename(Diagnostic::new(
                &c.name.pos,
                format!("the file name `{name}` is not a snake_case module name"),
            )));
        } else if let Some(why) = naming::reserved_category(name) {
            self.push(rename(Diagnostic::new(
                &c.name.pos,
                format!("the file name `{name}` is taken: the generated crate has {why}"),
            )));
        } else if name.starts_with("into_") || name.starts_with("from_") {
            self.push(rename(Diagnostic::new(
                &c.name.pos,
                format!("the file name `{name}` would make `Client::{name}(&self)`, against Rust's naming conventions"),
            )));
        }
        for t in &c.types {
            self.type_def(t);
        }
        for e in &c.endpoints {
            self.endpoint(e);
        }
        self.method_names(c);
    }

    /// Endpoint methods and the request values they return: one name each.
    fn method_names(&mut self, c: &CategoryFile) {
        let mut methods = Claims::new("endpoint", "rename one of the endpoints");
        let mut structs = Claims::new("endpoint", "rename one of the endpoints");
        let mut sorted: Vec<&Endpoint> = c.endpoints.iter().collect();
        sorted.sort_by(|a, b| a.name.value.cmp(&b.name.value));
        for e in &sorted {
            methods.claim(&e.name.value, &e.name.value, &e.name.pos, self.diags);
        }
        for e in &sorted {
            let has_optional = e
                .path_params
                .iter()
                .chain(&e.query)
                .chain(&e.headers)
                .chain(multipart_parts(e))
                .any(|p| p.value.is_none() && matches!(p.ty.value, TypeExpr::Optional(_)));
            if has_optional || e.paged.is_some() {
                structs.claim(&naming::request_struct(&e.name.value), &e.name.value, &e.name.pos, self.diags);
            }
        }
    }

    fn type_def(&mut self, t: &TypeDef) {
        match &t.kind {
            TypeKind::Struct { fields, additional_fields } => {
                let mut names = Claims::new("field", "give one of them another Rust name with `rust: …`");
                if *additional_fields {
                    names.reserve(naming::ADDITIONAL_FIELDS, "the fields the spec does not list");
                }
                let mut sorted: Vec<&Field> = fields.iter().collect();
                sorted.sort_by(|a, b| a.wire.value.cmp(&b.wire.value));
                for f in sorted {
                    names.claim(&rust_name(&f.wire.value, f.rust.as_ref()), &f.wire.value, &f.wire.pos, self.diags);
                }
                for f in fields {
                    self.type_expr(&f.ty, Place::Field);
                    if let Some(format) = &f.format
                        && !matches!(f.ty.value.strip_optional().0, TypeExpr::Name(n) if n.value == "date")
                    {
                        self.push(Diagnostic::new(&format.pos, "`format` applies only to `date` fields"));
                    }
                    if f.as_string && !self.is_scalar_like(f.ty.value.strip_optional().0) {
                        self.push(Diagnostic::new(
                            &f.wire.pos,
                            "`as_string` applies only to numbers, booleans and enums",
                        ));
                    }
                    if f.nullable && !matches!(f.ty.value, TypeExpr::Optional(_)) {
                        self.push(
                            Diagnostic::new(
                                &f.wire.pos,
                                format!("field `{}` is nullable but not optional", f.wire.value),
                            )
                            .help("add `?` to its type: a nullable field may be `None`"),
                        );
                    }
                    self.rust_override(f.rust.as_ref());
                    if let Some(v) = &f.value {
                        let ok = match &f.ty.value {
                            TypeExpr::Name(n) if n.value == "bool" => matches!(v.value.as_str(), "true" | "false"),
                            TypeExpr::Name(n) if n.value == "i32" || self.names.int_enums.contains(&n.value) => {
                                v.value.parse::<i32>().is_ok()
                            }
                            _ => false,
                        };
                        if !ok {
                            self.push(
                                Diagnostic::new(
                                    &v.pos,
                                    format!("`{}` is not a constant of type `{}`", v.value, f.ty.value),
                                )
                                .help("a constant field is a `bool`, an `i32` or a numeric enum, and is not optional"),
                            );
                        }
                    }
                }
            }
            TypeKind::Enum { repr, variants } => {
                // Integers are compared as numbers: `05` and `5` are one value.
                let mut values: BTreeMap<String, (String, Pos)> = BTreeMap::new();
                if variants.is_empty() {
                    self.push(
                        Diagnostic::new(&t.name.pos, format!("enum `{}` has no values", t.name.value))
                            .help("add `values: {Name: value, ...}`"),
                    );
                }
                for v in variants {
                    if !naming::is_pascal(&v.name.value) {
                        let pascal = naming::pascal(&v.name.value);
                        let d =
                            Diagnostic::new(&v.name.pos, format!("variant name `{}` is not PascalCase", v.name.value));
                        self.push(if naming::is_pascal(&pascal) && !naming::is_keyword(&pascal) {
                            d.replace_token(format!("name it `{pascal}`"), &v.name.pos, &v.name.value, &pascal)
                        } else {
                            d.help("choose a PascalCase name")
                        });
                    }
                    if v.name.value == "Unknown" {
                        self.push(
                            Diagnostic::new(&v.name.pos, "`Unknown` is the variant that keeps unlisted values")
                                .replace_token(
                                    "rename it, e.g. `Unrecognised`",
                                    &v.name.pos,
                                    "Unknown",
                                    "Unrecognised",
                                ),
                        );
                    }
                    let key = if repr.value == EnumRepr::Int {
                        match v.value.value.parse::<i32>() {
                            Ok(n) => n.to_string(),
                            Err(_) => {
                                self.push(
                                    Diagnostic::new(
                                        &v.value.pos,
                                        format!("`{}` is not a 32-bit integer", v.value.value),
                                    )
                                    .help("a numeric enum (`enum: i32`) takes whole numbers"),
                                );
                                continue;
                            }
                        }
                    } else {
                        v.value.value.clone()
                    };
                    if let Some((first, first_pos)) = values.get(&key) {
                        self.push(
                            Diagnostic::new(
                                &v.value.pos,
                                format!("variants `{first}` and `{}` have the same value `{key}`", v.name.value),
                            )
                            .related(first_pos, format!("`{first}` has it first"))
                            .help("give each variant its own value"),
                        );
                    } else {
                        values.insert(key, (v.name.value.clone(), v.value.pos.clone()));
                    }
                }
            }
        }
    }

    fn endpoint(&mut self, e: &Endpoint) {
        let name = &e.name.value;
        if naming::is_keyword(name) {
            self.push(
                Diagnostic::new(&e.name.pos, format!("endpoint name `{name}` is a Rust keyword"))
                    .help("choose another name, e.g. one that starts with a verb"),
            );
        } else if !naming::is_snake(name) {
            let d = Diagnostic::new(&e.name.pos, format!("endpoint name `{name}` is not a snake_case method name"));
            self.push(match naming::snake_like(name) {
                Some(s) => d.replace_token(format!("name it `{s}`"), &e.name.pos, name, &s),
                None => d.help("choose a snake_case name that is not a Rust keyword"),
            });
        }
        if let Some(d) = naming_rule(e) {
            self.push(d);
        }
        self.path(e);
        self.argument_names(e);
        for q in &e.query {
            self.param(q, Place::QueryParam);
        }
        self.args_order(e);
        for h in &e.headers {
            self.param(h, Place::Header);
            let name = &h.wire.value;
            let token =
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !token {
                self.push(Diagnostic::new(&h.wire.pos, format!("`{name}` is not a valid header name")));
            } else if self.auth_headers.iter().any(|a| a.eq_ignore_ascii_case(name)) {
                self.push(
                    Diagnostic::new(&h.wire.pos, format!("`{name}` carries the credentials; the client sets it"))
                        .help("remove it from `headers:`"),
                );
            } else if ["content-type", "content-length", "host"].iter().any(|n| n.eq_ignore_ascii_case(name)) {
                // The HTTP layer sets these from the body and the URL; a second one would contradict it.
                self.push(
                    Diagnostic::new(&h.wire.pos, format!("`{name}` is set by the client from the body and the URL"))
                        .help("remove it from `headers:`; the body's kind (JSON, `multipart`, `binary`) decides the content type"),
                );
            }
        }
        match &e.body {
            Some(Body::Json { ty, as_string, pos, name, value, .. }) => {
                self.rust_override(name.as_ref());
                self.type_expr(ty, Place::Body);
                if *as_string && !self.is_scalar_like(&ty.value) {
                    self.push(Diagnostic::new(pos, "`as_string` applies only to numbers, booleans and enums"));
                }
                let is = |name: &str| matches!(&ty.value, TypeExpr::Name(n) if n.value == name);
                match value {
                    Some(v) => {
                        let ok = (is("bool") && matches!(v.value.as_str(), "true" | "false"))
                            || (is("i32") && v.value.parse::<i32>().is_ok());
                        if !ok {
                            self.push(
                                Diagnostic::new(
                                    &v.pos,
                                    format!("`{}` is not a constant of type `{}`", v.value, ty.value),
                                )
                                .help("a constant body is a `bool` (`true`, `false`) or an `i32`"),
                            );
                        }
                    }
                    None if is("bool") => self.push(bare_bool(pos, name.as_ref().map_or("body", |n| &n.value), false)),
                    None => {}
                }
            }
            Some(Body::Multipart { parts, pos }) => {
                if parts.is_empty() {
                    self.push(Diagnostic::new(pos, "a multipart body needs at least one part"));
                }
                for p in parts {
                    self.param(p, Place::FormPart);
                }
            }
            Some(Body::Binary { name, .. }) => self.rust_override(name.as_ref()),
            None => {}
        }
        if let (Some(body), Method::Get) = (&e.body, e.method.value) {
            let pos = match body {
                Body::Json { pos, .. } | Body::Multipart { pos, .. } | Body::Binary { pos, .. } => pos,
            };
            self.push(
                Diagnostic::new(pos, format!("`{name}` is a GET endpoint and cannot have a body"))
                    .help("send the values as `query:` parameters"),
            );
        }
        if let Some(r) = &e.returns {
            self.type_expr(r, Place::Returns);
        }
        if let Some(paged) = &e.paged {
            let is_list = matches!(e.returns.as_ref().map(|r| &r.value), Some(TypeExpr::List(_)));
            if !is_list {
                self.push(
                    Diagnostic::new(&paged.pos, format!("paged endpoint `{name}` must return a list"))
                        .help("write `returns: [ItemType]`"),
                );
            }
            let own = [&paged.value.page, &paged.value.size];
            let paging_names: Vec<String> = own
                .iter()
                .zip(&self.api_paging)
                .map(|(own, api)| own.as_ref().map_or_else(|| api.clone(), |s| s.value.clone()))
                .collect();
            for q in &e.query {
                let w = q.wire.value.as_str();
                if paging_names.iter().any(|p| p.eq_ignore_ascii_case(w)) {
                    self.push(
                        Diagnostic::new(&q.wire.pos, format!("`{w}` is a paging parameter; the client sends it"))
                            .help("remove it from `query:`; `paged:` covers it"),
                    );
                }
            }
        }
        if let Some(env) = &e.envelope
            && env.value == EnvelopeMode::Never
            && e.paged.is_some()
        {
            self.push(Diagnostic::new(&env.pos, "a paged endpoint needs the envelope for its total count"));
        }
    }

    /// Parameters and the body: one argument name each, none that the method uses itself.
    fn argument_names(&mut self, e: &Endpoint) {
        let mut args = Claims::new("parameter", "give one of them another Rust name with `rust: …`");
        for (name, why) in naming::request_methods(e.paged.is_some()) {
            args.reserve(name, why);
        }
        let mut params: Vec<&Param> = e
            .path_params
            .iter()
            .chain(&e.query)
            .chain(&e.headers)
            .chain(multipart_parts(e))
            .filter(|p| p.value.is_none())
            .collect();
        params.sort_by(|a, b| a.wire.value.cmp(&b.wire.value));
        for p in params {
            args.claim(&rust_name(&p.wire.value, p.rust.as_ref()), &p.wire.value, &p.wire.pos, self.diags);
        }
        match &e.body {
            Some(Body::Json { name, pos, value: None, .. }) => {
                let arg = name.as_ref().map_or("body", |n| n.value.as_str());
                args.claim(arg, "(the body)", name.as_ref().map_or(pos, |n| &n.pos), self.diags);
            }
            Some(Body::Binary { name, pos, .. }) => {
                let arg = name.as_ref().map_or("file", |n| n.value.as_str());
                args.claim(arg, "(the body)", name.as_ref().map_or(pos, |n| &n.pos), self.diags);
            }
            Some(Body::Json { value: Some(_), .. } | Body::Multipart { .. }) | None => {}
        }
    }

    /// `args:` names each positional parameter once.
    fn args_order(&mut self, e: &Endpoint) {
        let positional: Vec<&str> = e
            .path_params
            .iter()
            .chain(&e.query)
            .chain(&e.headers)
            .chain(multipart_parts(e))
            .filter(|p| p.value.is_none() && !matches!(p.ty.value, TypeExpr::Optional(_)))
            .map(|p| p.wire.value.as_str())
            .collect();
        let mut seen = BTreeSet::new();
        for a in &e.args {
            if !positional.contains(&a.value.as_str()) {
                self.push(
                    Diagnostic::new(&a.pos, format!("`{}` is not a required parameter of `{}`", a.value, e.name.value))
                        .suggest(&a.value, positional.iter().copied()),
                );
            } else if !seen.insert(a.value.as_str()) {
                self.push(
                    Diagnostic::new(&a.pos, format!("`{}` is listed twice in `args`", a.value))
                        .help("list each parameter once"),
                );
            }
        }
        // Ids go from the container to the contained: `args:` may not say otherwise.
        let params: Vec<&Param> =
            e.path_params.iter().chain(&e.query).chain(&e.headers).chain(multipart_parts(e)).collect();
        let listed: Vec<(&Spanned<String>, String)> = e
            .args
            .iter()
            .filter_map(|a| Some((a, self.ids.of_param(params.iter().find(|p| p.wire.value == a.value)?)?)))
            .collect();
        for pair in listed.windows(2) {
            let [(first, inner), (second, outer)] = pair else { continue };
            if self.ids.contains(outer, inner) {
                self.push(
                    Diagnostic::new(
                        &first.pos,
                        format!(
                            "`args:` puts `{}` before `{}`, but ids go from the container to the contained",
                            first.value, second.value
                        ),
                    )
                    .help(format!("list `{}` before `{}`", second.value, first.value)),
                );
            }
        }
    }

    fn path(&mut self, e: &Endpoint) {
        let path = &e.path;
        if !path.value.starts_with('/') {
            let fixed = format!("/{}", path.value);
            let d = Diagnostic::new(&path.pos, format!("path `{}` must start with `/`", path.value));
            self.push(d.replace_token(format!("write `{fixed}`"), &path.pos, &path.value, &fixed).certain());
        }
        if path.value.contains('?') || path.value.contains('#') {
            self.push(
                Diagnostic::new(&path.pos, "a path cannot carry a query string or fragment")
                    .help("declare query parameters under `query:`"),
            );
        }
        // Each placeholder, and where it is: inside the path when the path's span is exactly its text.
        let exact = path.pos.len as usize == path.value.chars().count();
        let quoted = path.pos.len as usize == path.value.chars().count() + 2;
        let at = |byte: usize, text: &str| -> Pos {
            let offset = path.value[..byte].chars().count() as u32 + u32::from(quoted);
            if exact || quoted { path.pos.sub(offset, text.chars().count() as u32) } else { path.pos.clone() }
        };
        let mut placeholders: Vec<(&str, Pos)> = Vec::new();
        let mut from = 0;
        while let Some(open) = path.value[from..].find('{').map(|i| from + i) {
            let Some(close) = path.value[open..].find('}').map(|i| open + i) else {
                self.push(Diagnostic::new(&path.pos, "a `{` in the path is not closed").help("close it with `}`"));
                return;
            };
            placeholders.push((&path.value[open + 1..close], at(open + 1, &path.value[open + 1..close])));
            from = close + 1;
        }
        let rest = &path.value[from..];
        if rest.contains('}') {
            self.push(Diagnostic::new(&path.pos, "a `}` in the path has no `{`"));
        }
        let declared: Vec<&str> = e.path_params.iter().map(|p| p.wire.value.as_str()).collect();
        let mut seen = BTreeSet::new();
        for (ph, pos) in &placeholders {
            if !seen.insert(*ph) {
                self.push(
                    Diagnostic::new(pos, format!("placeholder `{{{ph}}}` appears twice in the path"))
                        .help("each path parameter appears once"),
                );
            } else if !declared.contains(ph) {
                let d = Diagnostic::new(pos, format!("path placeholder `{{{ph}}}` is not declared under `path:`"));
                let d = match crate::diagnostic::closest(ph, declared.iter().copied()) {
                    Some(best) if !placeholders.iter().any(|(p, _)| *p == best) => d.suggest_at(pos, ph, [best]),
                    _ => d.help(format!("declare it: `path: {{{ph}: i32}}` (or its real type)")),
                };
                self.push(d);
            }
        }
        let names: Vec<&str> = placeholders.iter().map(|(p, _)| *p).collect();
        for p in &e.path_params {
            if !names.contains(&p.wire.value.as_str()) {
                let d = Diagnostic::new(
                    &p.wire.pos,
                    format!("path parameter `{}` does not appear in the path", p.wire.value),
                );
                let unclaimed = names.iter().copied().filter(|n| !declared.contains(n));
                self.push(match crate::diagnostic::closest(&p.wire.value, unclaimed) {
                    Some(best) => d.suggest(&p.wire.value, [best]),
                    None => d.help(format!("add `{{{}}}` to the path, or remove the parameter", p.wire.value)),
                });
            }
            if let TypeExpr::Optional(inner) = &p.ty.value {
                let written = inner.to_string();
                let d = Diagnostic::new(&p.ty.pos, "a path parameter cannot be optional");
                let help = format!("remove the `?`: `{written}`");
                self.push(d.replace_token(help, &p.ty.pos, &p.ty.value.to_string(), &written).certain());
            }
            self.param(p, Place::PathParam);
        }
    }

    fn param(&mut self, p: &Param, place: Place) {
        self.type_expr(&p.ty, place);
        if p.value.is_none() && matches!(&p.ty.value, TypeExpr::Name(n) if n.value == "bool") {
            self.push(bare_bool(&p.ty.pos, &p.wire.value, place == Place::PathParam));
        }
        self.rust_override(p.rust.as_ref());
        if let Some(v) = &p.value {
            let (inner, optional) = p.ty.value.strip_optional();
            let parses = match inner {
                TypeExpr::Name(n) => match n.value.as_str() {
                    "i32" => v.value.parse::<i32>().is_ok(),
                    "i64" => v.value.parse::<i64>().is_ok(),
                    "f64" => v.value.parse::<f64>().is_ok(),
                    "bool" => matches!(v.value.as_str(), "true" | "false"),
                    "file" => false,
                    // A constant of an enum is one of its values: a typo would be sent as written.
                    name => self.enum_values.get(name).is_none_or(|vs| vs.iter().any(|(_, value)| *value == v.value)),
                },
                _ => true,
            };
            if place == Place::PathParam {
                self.push(
                    Diagnostic::new(&v.pos, "a path parameter cannot be a constant")
                        .help("write the value into the path"),
                );
            } else if optional {
                self.push(Diagnostic::new(&v.pos, "a constant is always sent; its type cannot be optional"));
            } else if !parses {
                let d = Diagnostic::new(&v.pos, format!("`{}` is not a value of type `{}`", v.value, p.ty.value));
                let values = match inner {
                    TypeExpr::Name(n) => self.enum_values.get(&n.value),
                    _ => None,
                };
                // The value a variant's name (or a near miss of one, or of a value) stands for.
                let meant = values.and_then(|vs| {
                    let by_name = crate::diagnostic::closest(&v.value, vs.iter().map(|(n, _)| n.as_str()))
                        .and_then(|n| vs.iter().find(|(name, _)| name == n));
                    let by_value = crate::diagnostic::closest(&v.value, vs.iter().map(|(_, value)| value.as_str()))
                        .and_then(|x| vs.iter().find(|(_, value)| value == x));
                    by_name.or(by_value)
                });
                self.push(match meant {
                    Some((name, value)) => d.replace_token(
                        format!("`{name}` is `{value}` on the wire: write `{value}`"),
                        &v.pos,
                        &v.value,
                        value,
                    ),
                    None => d,
                });
            }
        }
        if let Some(f) = &p.format {
            let inner = p.ty.value.strip_optional().0;
            let is_date = |t: &TypeExpr| matches!(t, TypeExpr::Name(n) if n.value == "date");
            let ok = is_date(inner) || matches!(inner, TypeExpr::Csv(t) if is_date(t));
            if !ok {
                self.push(Diagnostic::new(&f.pos, "`format` applies only to `date` parameters"));
            }
        }
    }

    fn rust_override(&mut self, rust: Option<&Spanned<String>>) {
        if let Some(r) = rust
            && (!naming::is_snake(&r.value) || naming::is_keyword(&r.value))
        {
            let d = Diagnostic::new(&r.pos, format!("`{}` is not a snake_case Rust name", r.value));
            self.push(match naming::snake_like(&r.value) {
                // Certain: the same name, spelt as the rule wants.
                Some(s) => d.replace_token(format!("write `{s}`"), &r.pos, &r.value, &s).certain(),
                None => d.help("write a snake_case name that is not a Rust keyword, e.g. `value`"),
            });
        }
    }

    fn is_scalar_like(&self, t: &TypeExpr) -> bool {
        match t {
            TypeExpr::Name(n) => {
                matches!(n.value.as_str(), "bool" | "i32" | "i64" | "f64")
                    || matches!(self.names.kind(&n.value), Some(Kind::Enum | Kind::Id))
            }
            _ => false,
        }
    }

    /// Checks that every name in `t` exists and that `t` is allowed at `place`.
    fn type_expr(&mut self, t: &Spanned<TypeExpr>, place: Place) {
        self.names_in(&t.value, place);
        let (inner, optional) = t.value.strip_optional();
        let problem = match place {
            Place::PathParam => (!self.is_simple(inner)).then_some("a path parameter must be a scalar or an enum"),
            Place::Header => (!self.is_simple(inner)).then_some("a header must be a scalar or an enum"),
            Place::QueryParam | Place::FormPart => {
                let file_ok = place == Place::FormPart && self.is_file(inner);
                let csv_ok = matches!(inner, TypeExpr::Csv(e) if self.is_simple(e));
                (!(self.is_simple(inner) || csv_ok || file_ok)).then_some(
                    "a query or form parameter must be a scalar, an enum or `csv<…>` of them (and `file` in multipart)",
                )
            }
            Place::Body => {
                if optional {
                    Some("a body cannot be optional")
                } else if self.contains_file(&t.value) {
                    Some("a JSON body cannot hold `file`; use `body: {multipart: {...}}` or `body: binary`")
                } else {
                    None
                }
            }
            Place::Field | Place::Returns => {
                if self.contains_file(&t.value) {
                    Some("`file` is only for multipart parts")
                } else if place == Place::Returns && optional {
                    Some("a return type cannot be optional; a missing value is an error or `()`")
                } else {
                    None
                }
            }
        };
        if let Some(message) = problem {
            self.push(Diagnostic::new(&t.pos, format!("`{}`: {message}", t.value)));
        }
        if place != Place::Field && place != Place::Returns && place != Place::Body {
            // Nested optionals and lists inside parameters make no sense on the wire.
            if let TypeExpr::Csv(e) = inner
                && matches!(**e, TypeExpr::Optional(_))
            {
                self.push(Diagnostic::new(&t.pos, "`csv<T?>`: the items of a CSV list cannot be optional"));
            }
        }
    }

    /// Reports every unknown name in `t`, suggesting only names that may stand at `place`.
    fn names_in(&mut self, t: &TypeExpr, place: Place) {
        match t {
            TypeExpr::Name(n) => {
                if self.names.kind(&n.value).is_none() {
                    let mut d = Diagnostic::new(&n.pos, format!("unknown type `{}`", n.value));
                    let fits: Vec<&str> = self.names.candidates().filter(|c| self.fits(c, place)).collect();
                    d = match crate::diagnostic::closest(&n.value, fits.iter().copied()) {
                        // `binary` is a kind of body, not a type: a file among other parts is `file`.
                        _ if n.value == "binary" => d.help(
                            "`binary` is a whole body (`body: {type: binary}`); a file part of a multipart form is `file`",
                        ),
                        // A builtin misspelt is a word of the language; a declared name may be another thing.
                        Some(best) if BUILTINS.contains(&best) => d.suggest_word(&n.pos, &n.value, fits.iter().copied()),
                        Some(best) => d.suggest_at(&n.pos, &n.value, [best]),
                        None => d.help("declare it under `types:` or use a builtin: string, bool, i32, i64, f64, date, datetime, json"),
                    };
                    for file in self.unreadable {
                        d = d.note(format!("`{file}` is not valid YAML, so the types it declares are not known"));
                    }
                    self.push(d);
                }
            }
            TypeExpr::List(e) | TypeExpr::Map(e) | TypeExpr::Csv(e) | TypeExpr::Optional(e) => self.names_in(e, place),
        }
    }

    /// Whether the type `name` may stand at `place` (a suggestion offers only such names).
    fn fits(&self, name: &str, place: Place) -> bool {
        match (self.names.kind(name), place) {
            (None, _) => false,
            (Some(Kind::File), p) => p == Place::FormPart,
            (Some(Kind::Scalar | Kind::Enum | Kind::Id), _) => true,
            (Some(Kind::Json), p) => {
                !matches!(p, Place::PathParam | Place::Header | Place::QueryParam | Place::FormPart)
            }
            (Some(Kind::Struct), p) => matches!(p, Place::Field | Place::Body | Place::Returns),
        }
    }

    fn is_simple(&self, t: &TypeExpr) -> bool {
        match t {
            TypeExpr::Name(n) => matches!(self.names.kind(&n.value), Some(Kind::Scalar | Kind::Enum | Kind::Id) | None),
            _ => false,
        }
    }

    fn is_file(&self, t: &TypeExpr) -> bool {
        matches!(t, TypeExpr::Name(n) if n.value == "file")
    }

    fn contains_file(&self, t: &TypeExpr) -> bool {
        match t {
            TypeExpr::Name(n) => n.value == "file",
            TypeExpr::List(e) | TypeExpr::Map(e) | TypeExpr::Csv(e) | TypeExpr::Optional(e) => self.contains_file(e),
        }
    }
}

/// The parts of a multipart body (empty for any other body).
fn multipart_parts(e: &Endpoint) -> &[Param] {
    match &e.body {
        Some(Body::Multipart { parts, .. }) => parts,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Fix;
    use crate::load::test_sources;

    /// Every problem of the files, one line each.
    fn problems(files: &[(&str, &str)]) -> Vec<String> {
        match crate::check_sources(&test_sources(files)) {
            Ok(_) => Vec::new(),
            Err(d) => d.iter().map(ToString::to_string).collect(),
        }
    }

    fn one(files: &[(&str, &str)]) -> String {
        let p = problems(files);
        assert_eq!(p.len(), 1, "{p:#?}");
        p[0].clone()
    }

    #[test]
    fn a_valid_spec_passes_and_lowers() {
        let files = [(
            "users",
            "endpoints:\n  get: {get: \"/api/users/{UserID}\", path: {UserID: i32}, returns: User}\n\
             types:\n  User: {fields: {UserID: i32, Manager: User?}}\n",
        )];
        assert_eq!(problems(&files), Vec::<String>::new());
        assert!(crate::lower_sources(&test_sources(&files)).is_ok());
    }

    #[test]
    fn problems_of_every_file_come_in_one_run() {
        let p = problems(&[
            ("broken", "a:\n  b: 1\n c: 2\n"),
            ("typo", "endpoints:\n  me: {get: /api/me, retuns: User}\n"),
            ("unknown", "endpoints:\n  me: {get: /api/me, returns: Usr}\n"),
            ("clash", "types:\n  A: {fields: {UserID: i32, UserId: i32?}}\n"),
        ]);
        assert_eq!(p.len(), 4, "{p:#?}");
        assert!(p[0].starts_with("spec/broken.yaml:3:"), "{}", p[0]);
        assert!(p[1].contains("fields `UserID` and `UserId` both become `user_id`"), "{}", p[1]);
        assert!(p[2].starts_with("spec/typo.yaml:2:22: error: unknown key `retuns`"), "{}", p[2]);
        assert!(p[3].starts_with("spec/unknown.yaml:2:31: error: unknown type `Usr`"), "{}", p[3]);
    }

    #[test]
    fn an_unknown_type_inside_an_expression_is_pointed_at_with_its_fix() {
        let sources =
            test_sources(&[("users", "types:\n  A: {fields: {B: \"[Usr]?\", C: User}}\n  User: {fields: {}}\n")]);
        let d = crate::check_sources(&sources).unwrap_err();
        let d = &d.items[0];
        assert_eq!((d.pos.line, d.pos.col, d.pos.len), (2, 21, 3));
        assert!(matches!(&d.fix, Some(Fix::Replace { with, .. }) if with == "User"));
    }

    #[test]
    fn integer_enum_values_are_compared_as_numbers() {
        let p = one(&[("e", "types:\n  L: {enum: i32, values: {A: 5, B: \"05\"}}\n")]);
        assert!(p.contains("variants `A` and `B` have the same value `5`"), "{p}");
        let p = one(&[("e", "types:\n  L: {enum: i32, values: {A: 0, B: -0}}\n")]);
        assert!(p.contains("the same value `0`"), "{p}");
        assert_eq!(
            problems(&[("e", "types:\n  L: {enum: string, values: {A: \"5\", B: \"05\"}}\n")]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn names_the_generator_owns_are_refused_where_they_are_written() {
        // A paged endpoint's request value has `page`, `page_length` and `stream` of its own.
        let p = one(&[("c", "endpoints:\n  s: {get: /a, paged: true, query: {Stream: i32?}, returns: [i32]}\n")]);
        assert!(p.contains("parameter `Stream` becomes `stream`"), "{p}");
        let p = one(&[("c", "endpoints:\n  s: {get: /a, query: {IntoFuture: i32?}}\n")]);
        assert!(p.contains("parameter `IntoFuture` becomes `into_future`"), "{p}");
        // An endpoint that does not page may take a `Page` parameter.
        assert_eq!(problems(&[("c", "endpoints:\n  s: {get: /a, query: {Page: i32}}\n")]), Vec::<String>::new());
        let p = one(&[("c", "types:\n  T: {fields: {AdditionalFields: json?}}\n")]);
        assert!(p.contains("`additional_fields`"), "{p}");
        let p = one(&[("c", "endpoints:\n  a2: {get: /a, query: {X: i32?}}\n  a_2: {get: /b, query: {X: i32?}}\n")]);
        assert!(p.contains("both become `A2Request`"), "{p}");
    }

    #[test]
    fn every_reserved_category_is_refused_with_a_name_that_is_not() {
        for (name, _) in crate::naming::RESERVED_CATEGORIES.iter().filter(|(n, _)| *n != crate::load::API_FILE) {
            let sources = test_sources(&[(name, "endpoints:\n  x: {get: /x}\n")]);
            let d = crate::check_sources(&sources).unwrap_err();
            let Some(Fix::Rename { to, .. }) = &d.items[0].fix else { panic!("{name}: no rename: {d}") };
            let stem = to.trim_end_matches(".yaml");
            assert!(crate::check_sources(&test_sources(&[(stem, "endpoints:\n  x: {get: /x}\n")])).is_ok(), "{to}");
        }
    }

    /// The list of names the generated `Client` has is checked against what the emitter writes: every
    /// method of `Client` in `api/mod.rs` is reserved, so no category accessor can collide with one.
    #[test]
    fn the_reserved_categories_cover_every_method_the_generated_client_has() {
        let files = crate::generate_from(&test_sources(&[("users", "endpoints:\n  me: {get: /me}\n")])).unwrap();
        let module = files.iter().find(|f| f.path == "src/api/mod.rs").unwrap();
        let parsed: syn::File = syn::parse_str(&module.text).unwrap();
        let mut methods = Vec::new();
        for item in &parsed.items {
            if let syn::Item::Impl(i) = item
                && i.trait_.is_none()
            {
                methods.extend(i.items.iter().filter_map(|m| match m {
                    syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                    _ => None,
                }));
            }
            if let syn::Item::Mod(m) = item
                && m.ident != "users"
            {
                methods.push(m.ident.to_string());
            }
        }
        assert!(methods.contains(&"builder".to_owned()) && methods.contains(&"types".to_owned()), "{methods:?}");
        for m in methods {
            assert!(crate::naming::reserved_category(&m).is_some(), "`{m}` of the generated crate is not reserved");
        }
    }

    #[test]
    fn a_spec_that_validates_lowers_without_clashes() {
        // Clashes used to be found only in lowering, one run later; now validation reports them.
        let files = [("c", "types:\n  P: {fields: {FirstName: string?, firstName: string?}}\n")];
        assert_eq!(problems(&files).len(), 1);
        let fixed =
            [("c", "types:\n  P: {fields: {FirstName: string?, firstName: {type: string?, rust: first_name_2}}}\n")];
        assert_eq!(problems(&fixed), Vec::<String>::new());
        assert!(crate::lower_sources(&test_sources(&fixed)).is_ok());
    }
}
