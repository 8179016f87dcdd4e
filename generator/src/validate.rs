//! Validate: the meaning of a loaded spec. Every type named exists, paths and their parameters agree,
//! names have the shape the language asks for, and each construct is used where the API allows it.
//! Everything wrong is reported at once, located, with a suggestion where one is obvious.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::naming;
use crate::spec::*;

/// The builtin type names.
pub const BUILTINS: &[&str] = &["string", "bool", "i32", "i64", "f64", "date", "datetime", "json", "file"];

/// Names a category file may not take: modules of the generated crate, and methods `Client` has already
/// (the category's accessor is a method of `Client` named after the file).
const RESERVED_MODULES: &[&str] = &[
    "api",
    "types",
    "ids",
    "rt",
    "runtime",
    "common",
    "prelude",
    "client",
    "error",
    "builder",
    "base_url",
    "send",
    "send_ignoring_data",
    "page",
    "stream",
    "clone",
];

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
    /// Collects the declared types of `spec`, reporting duplicates and badly formed names.
    pub fn collect(spec: &Spec, diags: &mut Diagnostics) -> Names {
        let mut int_enums = BTreeSet::new();
        let mut declared: BTreeMap<String, (Kind, Pos)> = BTreeMap::new();
        let all = spec.api.types.iter().chain(spec.categories.iter().flat_map(|c| c.types.iter()));
        for t in all {
            let name = &t.name.value;
            if BUILTINS.contains(&name.as_str()) {
                diags.push(
                    Diagnostic::new(&t.name.pos, format!("`{name}` is a builtin type and cannot be declared"))
                        .help(format!("name it `{}`", naming::pascal(name))),
                );
                continue;
            }
            if naming::is_keyword(name) {
                diags.push(
                    Diagnostic::new(&t.name.pos, format!("type name `{name}` is a Rust keyword"))
                        .help("choose another name"),
                );
            } else if !naming::is_pascal(name) {
                diags.push(
                    Diagnostic::new(&t.name.pos, format!("type name `{name}` is not PascalCase"))
                        .help(format!("name it `{}`", naming::pascal(name))),
                );
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
                        .help(format!("the first declaration is at {first}; rename one of them")),
                );
            } else {
                declared.insert(name.clone(), (kind, t.name.pos.clone()));
            }
        }
        for id in &spec.api.ids {
            let name = &id.name.value;
            if !naming::is_pascal(name) || !name.ends_with("Id") || name == "Id" {
                diags.push(
                    Diagnostic::new(&id.name.pos, format!("id name `{name}` must be PascalCase and end in `Id`"))
                        .help(format!("name it `{}Id`", naming::pascal(name.trim_end_matches("Id")))),
                );
            }
            if let Some((_, first)) = declared.get(name) {
                diags.push(
                    Diagnostic::new(&id.name.pos, format!("`{name}` is declared twice"))
                        .help(format!("the first declaration is at {first}; rename one of them")),
                );
            } else {
                declared.insert(name.clone(), (Kind::Id, id.name.pos.clone()));
            }
        }
        Names { declared, int_enums }
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
    let mut diags = Diagnostics::default();
    let names = Names::collect(spec, &mut diags);
    ids(&spec.api.ids, &names, &mut diags);
    let api_paging =
        [&spec.api.paging.page, &spec.api.paging.size].into_iter().flatten().map(|s| s.value.clone()).collect();
    let auth = &spec.api.auth;
    let auth_headers = std::iter::once(&auth.bearer).chain(&auth.legacy).map(|s| s.header.value.clone()).collect();
    let mut v = Validator { names: &names, api_paging, auth_headers, diags: &mut diags };
    for t in &spec.api.types {
        v.type_def(t);
    }
    v.notes_of_auth(&spec.api.auth);
    for c in &spec.categories {
        v.category(c);
    }
    diags.sorted()
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
        let mut todo: Vec<&str> = within.get(id.name.value.as_str()).cloned().unwrap_or_default();
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

/// A required `bool` argument reads badly where it is called (`set_featured(user, true)`).
fn bare_bool(pos: &Pos, what: &str) -> Diagnostic {
    Diagnostic::new(pos, format!("`{what}` would be a bare `bool` argument, which reads badly where it is called"))
        .help(
            "make it optional (`bool?`, a setter), or split the endpoint in two with `value: true` and `value: false`",
        )
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

/// Verbs that only read: only a GET endpoint's name may start with one.
const READ_VERBS: &[&str] = &["get", "list", "count", "find", "search"];

/// The naming rule (spec/README.md, "Names"): one verb per meaning, reads are GETs and GETs read,
/// counts are `count_<things>`. The help says what to name the endpoint instead.
fn naming_rule(e: &Endpoint) -> Option<Diagnostic> {
    let name = e.name.value.as_str();
    let verb = name.split('_').next().unwrap_or(name);
    let rest = name.strip_prefix(verb).unwrap_or("").trim_start_matches('_');
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
        return problem(
            format!("`{name}` is a GET, which reads; `{verb}_` says it changes something"),
            format!("get_{rest}"),
        );
    }
    if method != Method::Get && READ_VERBS.contains(&verb) {
        let better = match method {
            Method::Delete => format!("delete_{rest}"),
            Method::Post => format!("create_{rest}"),
            _ => format!("update_{rest}"),
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
    /// The API-wide paging parameter names.
    api_paging: Vec<String>,
    /// The headers that carry credentials.
    auth_headers: Vec<String>,
    diags: &'a mut Diagnostics,
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
        if !naming::is_snake(name) || naming::is_keyword(name) {
            self.push(
                Diagnostic::new(&c.name.pos, format!("the file name `{name}` cannot be a module name"))
                    .help(format!("rename the file to `{}.yaml`", naming::snake(name).trim_end_matches('_'))),
            );
        } else if RESERVED_MODULES.contains(&name.as_str()) {
            self.push(
                Diagnostic::new(
                    &c.name.pos,
                    format!("`{name}` is a module or `Client` method of the generated crate already"),
                )
                .help("choose another file name"),
            );
        }
        for t in &c.types {
            self.type_def(t);
        }
        for e in &c.endpoints {
            self.endpoint(e);
        }
    }

    fn type_def(&mut self, t: &TypeDef) {
        match &t.kind {
            TypeKind::Struct { fields, .. } => {
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
                let mut values = BTreeMap::new();
                if variants.is_empty() {
                    self.push(Diagnostic::new(&t.name.pos, format!("enum `{}` has no values", t.name.value)));
                }
                for v in variants {
                    if !naming::is_pascal(&v.name.value) {
                        self.push(
                            Diagnostic::new(&v.name.pos, format!("variant name `{}` is not PascalCase", v.name.value))
                                .help(format!("name it `{}`", naming::pascal(&v.name.value))),
                        );
                    }
                    if v.name.value == "Unknown" {
                        self.push(
                            Diagnostic::new(&v.name.pos, "`Unknown` is the variant that keeps unlisted values")
                                .help("name this variant differently"),
                        );
                    }
                    if repr.value == EnumRepr::Int && v.value.value.parse::<i32>().is_err() {
                        self.push(
                            Diagnostic::new(&v.value.pos, format!("`{}` is not a 32-bit integer", v.value.value))
                                .help("a numeric enum (`enum: i32`) takes whole numbers"),
                        );
                    }
                    let key = v.value.value.clone();
                    if let Some(first) = values.insert(key, v.name.value.clone()) {
                        self.push(Diagnostic::new(
                            &v.value.pos,
                            format!(
                                "variants `{first}` and `{}` have the same value `{}`",
                                v.name.value, v.value.value
                            ),
                        ));
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
            self.push(
                Diagnostic::new(&e.name.pos, format!("endpoint name `{name}` is not a snake_case method name"))
                    .help(format!("name it `{}`", naming::snake(name).trim_end_matches('_'))),
            );
        }
        if let Some(d) = naming_rule(e) {
            self.push(d);
        }
        self.path(e);
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
                    None if is("bool") => self.push(bare_bool(pos, name.as_ref().map_or("body", |n| &n.value))),
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

    /// `args:` names each positional parameter once.
    fn args_order(&mut self, e: &Endpoint) {
        let multipart: &[Param] = match &e.body {
            Some(Body::Multipart { parts, .. }) => parts,
            _ => &[],
        };
        let positional: Vec<&str> = e
            .path_params
            .iter()
            .chain(&e.query)
            .chain(&e.headers)
            .chain(multipart)
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
                self.push(Diagnostic::new(&a.pos, format!("`{}` is listed twice in `args`", a.value)));
            }
        }
    }

    fn path(&mut self, e: &Endpoint) {
        let path = &e.path;
        if !path.value.starts_with('/') {
            self.push(
                Diagnostic::new(&path.pos, format!("path `{}` must start with `/`", path.value))
                    .help(format!("write `/{}`", path.value)),
            );
        }
        if path.value.contains('?') || path.value.contains('#') {
            self.push(
                Diagnostic::new(&path.pos, "a path cannot carry a query string or fragment")
                    .help("declare query parameters under `query:`"),
            );
        }
        let mut placeholders = Vec::new();
        let mut rest = path.value.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                self.push(Diagnostic::new(&path.pos, "a `{` in the path is not closed"));
                return;
            };
            placeholders.push(&rest[open + 1..open + close]);
            rest = &rest[open + close + 1..];
        }
        if rest.contains('}') {
            self.push(Diagnostic::new(&path.pos, "a `}` in the path has no `{`"));
        }
        let declared: Vec<&str> = e.path_params.iter().map(|p| p.wire.value.as_str()).collect();
        let mut seen = BTreeSet::new();
        for ph in &placeholders {
            if !seen.insert(*ph) {
                self.push(Diagnostic::new(&path.pos, format!("placeholder `{{{ph}}}` appears twice in the path")));
            } else if !declared.contains(ph) {
                let d =
                    Diagnostic::new(&path.pos, format!("path placeholder `{{{ph}}}` is not declared under `path:`"));
                let d = match crate::diagnostic::closest(ph, declared.iter().copied()) {
                    Some(best) => d.help(format!("did you mean `{{{best}}}`?")),
                    None => d.help(format!("add `path: {{ {ph}: i32 }}` (or its real type)")),
                };
                self.push(d);
            }
        }
        for p in &e.path_params {
            if !placeholders.contains(&p.wire.value.as_str()) {
                self.push(
                    Diagnostic::new(
                        &p.wire.pos,
                        format!("path parameter `{}` does not appear in the path", p.wire.value),
                    )
                    .suggest(&p.wire.value, placeholders.iter().copied()),
                );
            }
            if matches!(p.ty.value, TypeExpr::Optional(_)) {
                self.push(Diagnostic::new(&p.ty.pos, "a path parameter cannot be optional"));
            }
            self.param(p, Place::PathParam);
        }
    }

    fn param(&mut self, p: &Param, place: Place) {
        self.type_expr(&p.ty, place);
        if p.value.is_none() && matches!(&p.ty.value, TypeExpr::Name(n) if n.value == "bool") {
            self.push(bare_bool(&p.ty.pos, &p.wire.value));
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
                    _ => true,
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
                self.push(Diagnostic::new(&v.pos, format!("`{}` is not a value of type `{}`", v.value, p.ty.value)));
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
            self.push(
                Diagnostic::new(&r.pos, format!("`{}` is not a snake_case Rust name", r.value))
                    .help(format!("write `{}`", naming::snake(&r.value))),
            );
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
        self.names_in(&t.value);
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

    fn names_in(&mut self, t: &TypeExpr) {
        match t {
            TypeExpr::Name(n) => {
                if self.names.kind(&n.value).is_none() {
                    let d = Diagnostic::new(&n.pos, format!("unknown type `{}`", n.value));
                    let d = match crate::diagnostic::closest(&n.value, self.names.candidates()) {
                        Some(best) => d.help(format!("did you mean `{best}`?")),
                        None => d.help("declare it under `types:` or use a builtin: string, bool, i32, i64, f64, date, datetime, json"),
                    };
                    self.push(d);
                }
            }
            TypeExpr::List(e) | TypeExpr::Map(e) | TypeExpr::Csv(e) | TypeExpr::Optional(e) => self.names_in(e),
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
