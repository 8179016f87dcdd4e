//! Lower: a validated spec to the IR. Rust names are decided here (and clashes between them reported),
//! types resolved, and everything sorted so that the output does not depend on the order of the YAML.

use std::collections::{BTreeMap, BTreeSet};

use crate::provenance::hash;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::ids::Ids;
use crate::ir::*;
use crate::naming;
use crate::spec::{self, Spanned, Spec, TypeExpr};

/// Lowers `spec`, which `validate` has passed.
pub fn lower(spec: &Spec) -> Result<Ir, Diagnostics> {
    let mut diags = Diagnostics::default();
    let kinds: BTreeMap<String, NamedKind> = spec
        .api
        .types
        .iter()
        .chain(spec.categories.iter().flat_map(|c| c.types.iter()))
        .map(|t| {
            let kind = match &t.kind {
                spec::TypeKind::Struct { .. } => NamedKind::Struct,
                spec::TypeKind::Enum { repr, .. } if repr.value == spec::EnumRepr::Int => NamedKind::IntEnum,
                spec::TypeKind::Enum { .. } => NamedKind::StrEnum,
            };
            (t.name.value.clone(), kind)
        })
        .collect();
    let ids = Ids::new(&spec.api.ids);
    let boxed = recursive_fields(spec);
    // `category.method` → the type one of whose sources says it shows that response, with the sources
    // of that type that do.
    let mut shown_by: BTreeMap<String, (String, Vec<SourceIr>)> = BTreeMap::new();
    for t in spec.api.types.iter().chain(spec.categories.iter().flat_map(|c| c.types.iter())) {
        for s in &t.provenance.sources {
            for e in &s.shows {
                let entry = shown_by.entry(e.value.clone()).or_insert_with(|| (t.name.value.clone(), Vec::new()));
                if entry.0 == t.name.value {
                    entry.1.push(SourceIr { kind: s.kind, locator: s.locator.clone() });
                }
            }
        }
    }
    let mut l = Lowerer { kinds, ids, boxed, shown_by, diags: &mut diags };
    let api = l.api(&spec.api);
    let common = TypesModule {
        module: "common".to_owned(),
        source: spec.api.file.clone(),
        hash: hash(&spec.api.canonical_types),
        types: l.types(&spec.api.types),
    };
    let mut ids: Vec<IdIr> = spec
        .api
        .ids
        .iter()
        .map(|id| {
            let wire: Vec<String> = id.wire.iter().map(|w| format!("`{}`", w.value)).collect();
            let carried = (!wire.is_empty()).then(|| format!("Carried by {}.", wire.join(", ")));
            IdIr {
                name: id.name.value.clone(),
                docs: docs(&id.notes, carried.into_iter().collect()),
                gate: Gate::Always,
            }
        })
        .collect();
    ids.sort_by(|a, b| a.name.cmp(&b.name));
    let ids = IdsModule { source: spec.api.file.clone(), hash: hash(&spec.api.canonical_ids), ids };
    let categories = spec.categories.iter().map(|c| l.category(c, &api.paging)).collect();
    // Validation reported the twin's problems; what it accepted is all that is left here.
    let twin = crate::twin::collections(&spec.api, &spec.categories, &mut Diagnostics::default());
    let mut ir = diags.into_result(Ir { api, common, ids, categories, twin })?;
    crate::features::assign(&mut ir);
    Ok(ir)
}

/// The page length streams fetch when the spec does not say how large a page the API accepts.
const DEFAULT_MAX_PAGE_SIZE: u32 = 100;

struct Lowerer<'a> {
    kinds: BTreeMap<String, NamedKind>,
    ids: Ids,
    /// (type, wire name) of the fields through which a type contains itself: they are boxed.
    boxed: BTreeSet<(String, String)>,
    /// `category.method` → the type one of whose sources shows that response, and those sources.
    shown_by: BTreeMap<String, (String, Vec<SourceIr>)>,
    diags: &'a mut Diagnostics,
}

/// Marks a name in a [`Scope`] that no wire name may take.
const RESERVED: &str = "\u{0}reserved:";

/// Tracks the Rust names given in one scope and reports two wire names that become the same one.
struct Scope {
    what: &'static str,
    taken: BTreeMap<String, String>,
}

impl Scope {
    fn new(what: &'static str) -> Self {
        Scope { what, taken: BTreeMap::new() }
    }

    /// Reserves `rust` for `wire`; a clash is reported at `pos`.
    fn claim(&mut self, rust: &str, wire: &str, pos: &Pos, diags: &mut Diagnostics) {
        if let Some(why) = self.taken.get(rust).and_then(|first| first.strip_prefix(RESERVED)) {
            diags.push(
                Diagnostic::new(
                    pos,
                    format!("{} `{wire}` becomes `{rust}`, which the method uses for {why}", self.what),
                )
                .help(format!("give `{wire}` another name with `rust: …`")),
            );
        } else if let Some(first) = self.taken.get(rust) {
            diags.push(
                Diagnostic::new(pos, format!("{} `{wire}` and `{first}` both become `{rust}` in Rust", self.what))
                    .help(format!("give `{wire}` another name with `rust: …`")),
            );
        } else {
            self.taken.insert(rust.to_owned(), wire.to_owned());
        }
    }
}

impl Lowerer<'_> {
    fn api(&mut self, api: &spec::ApiFile) -> ApiIr {
        let text = |s: &Option<Spanned<String>>| s.as_ref().map(|s| s.value.clone()).unwrap_or_default();
        let num = |s: &Option<Spanned<u32>>| s.as_ref().map(|s| s.value).unwrap_or(1);
        ApiIr {
            source: api.file.clone(),
            hash: hash(&api.canonical),
            doc: doc_lines(api.doc.as_deref()),
            base_url: api.base_url.value.clone(),
            bearer_header: api.auth.bearer.header.value.clone(),
            legacy_header: api.auth.legacy.as_ref().map(|l| (l.header.value.clone(), l.notes.deprecated.clone())),
            envelope: [
                api.envelope.error.value.clone(),
                api.envelope.message.value.clone(),
                api.envelope.total.value.clone(),
                api.envelope.data.value.clone(),
            ],
            paging: PagingIr {
                page: text(&api.paging.page),
                size: text(&api.paging.size),
                first_page: num(&api.paging.first_page),
                default_size: num(&api.paging.default_size),
                max_size: api.paging.max_size.as_ref().map_or(DEFAULT_MAX_PAGE_SIZE, |s| s.value),
            },
        }
    }

    fn category(&mut self, c: &spec::CategoryFile, api_paging: &PagingIr) -> Category {
        let module = c.name.value.clone();
        let mut endpoints: Vec<EndpointIr> =
            c.endpoints.iter().map(|e| self.endpoint(&c.name.value, e, api_paging)).collect();
        endpoints.sort_by(|a, b| a.rust.cmp(&b.rust));
        // Method names, and the names of the request values they return.
        let mut methods = Scope::new("endpoint");
        let mut structs = Scope::new("endpoint");
        for (e, spec_e) in endpoints.iter().zip(sorted_by_name(&c.endpoints)) {
            methods.claim(&e.rust, &spec_e.name.value, &spec_e.name.pos, self.diags);
            if let Some(s) = &e.request_struct {
                structs.claim(s, &spec_e.name.value, &spec_e.name.pos, self.diags);
            }
        }
        Category {
            // `UsersApi`: never the name of a type (`axero::types::Content` and `axero::content::ContentApi`).
            accessor: naming::accessor(&module),
            source: c.file.clone(),
            hash: hash(&c.canonical),
            doc: doc_lines(c.doc.as_deref()),
            endpoints,
            types: TypesModule {
                module: module.clone(),
                source: c.file.clone(),
                hash: hash(&c.canonical_types),
                types: self.types(&c.types),
            },
            module,
        }
    }

    fn endpoint(&mut self, category: &str, e: &spec::Endpoint, api_paging: &PagingIr) -> EndpointIr {
        let mut params = Vec::new();
        // Path parameters in the order the path names them.
        let order = |p: &spec::Param| e.path.value.find(&format!("{{{}}}", p.wire.value)).unwrap_or(usize::MAX);
        let mut path_params: Vec<&spec::Param> = e.path_params.iter().collect();
        path_params.sort_by_key(|p| order(p));
        for p in path_params {
            params.push(self.param(p, Location::Path));
        }
        let mut others: Vec<ParamIr> = e.query.iter().map(|p| self.param(p, Location::Query)).collect();
        others.extend(e.headers.iter().map(|p| self.param(p, Location::Header)));
        let body = match &e.body {
            None => None,
            Some(spec::Body::Json { ty, name, as_string, value, json_string, notes, .. }) => Some(BodyIr::Json {
                arg: name.as_ref().map_or_else(|| "body".to_owned(), |n| n.value.clone()),
                ty: self.ty(&ty.value),
                as_string: *as_string,
                constant: value.as_ref().map(|v| v.value.clone()),
                json_string: *json_string,
                docs: docs(notes, Vec::new()),
            }),
            Some(spec::Body::Multipart { parts, .. }) => {
                for p in parts {
                    let is_file = matches!(p.ty.value.strip_optional().0, TypeExpr::Name(n) if n.value == "file");
                    others.push(self.param(p, if is_file { Location::FormFile } else { Location::FormText }));
                }
                Some(BodyIr::Multipart)
            }
            Some(spec::Body::Binary { name, notes, .. }) => Some(BodyIr::Binary {
                arg: name.as_ref().map_or_else(|| "file".to_owned(), |n| n.value.clone()),
                docs: docs(notes, Vec::new()),
            }),
        };
        others.sort_by(|a, b| a.wire.cmp(&b.wire).then(a.rust.cmp(&b.rust)));
        params.extend(others);
        // `args:` puts the parameters it names first, in its order; the rest keep theirs.
        let rank = |p: &ParamIr| e.args.iter().position(|a| a.value == p.wire).unwrap_or(usize::MAX);
        params.sort_by_key(rank);
        self.order_ids(&mut params);

        // Argument and setter names: parameters, the body, and the names of the request value's own
        // methods.
        let mut args = Scope::new("parameter");
        for (reserved, why) in naming::request_methods(e.paged.is_some()) {
            args.taken.insert((*reserved).to_owned(), format!("{RESERVED}{why}"));
        }
        let spec_params: Vec<&spec::Param> = e
            .path_params
            .iter()
            .chain(&e.query)
            .chain(&e.headers)
            .chain(match &e.body {
                Some(spec::Body::Multipart { parts, .. }) => parts.as_slice(),
                _ => &[],
            })
            .collect();
        for p in params.iter().filter(|p| p.constant.is_none()) {
            let pos = spec_params
                .iter()
                .find(|s| s.wire.value == p.wire)
                .map_or_else(|| e.name.pos.clone(), |s| s.wire.pos.clone());
            args.claim(&p.rust, &p.wire, &pos, self.diags);
        }
        if let (Some(BodyIr::Json { arg, constant: None, .. } | BodyIr::Binary { arg, .. }), Some(spec_body)) =
            (&body, &e.body)
        {
            let pos = match spec_body {
                spec::Body::Json { pos, .. } | spec::Body::Multipart { pos, .. } | spec::Body::Binary { pos, .. } => {
                    pos
                }
            };
            args.claim(arg, "(the body)", pos, self.diags);
        }

        let returns = e.returns.as_ref().map(|r| self.ty(&r.value));
        let paging = e.paged.as_ref().map(|p| {
            let own = &p.value;
            let custom = (own != &spec::Paging::default()).then(|| PagingIr {
                page: own.page.as_ref().map_or_else(|| api_paging.page.clone(), |s| s.value.clone()),
                size: own.size.as_ref().map_or_else(|| api_paging.size.clone(), |s| s.value.clone()),
                first_page: own.first_page.as_ref().map_or(api_paging.first_page, |s| s.value),
                default_size: own.default_size.as_ref().map_or(api_paging.default_size, |s| s.value),
                max_size: own.max_size.as_ref().map_or(api_paging.max_size, |s| s.value),
            });
            let item = match &returns {
                Some(Ty::List(item)) => (**item).clone(),
                _ => Ty::Json,
            };
            PagedIr { custom, item }
        });
        let rust = e.name.value.clone();
        let request_struct =
            (paging.is_some() || params.iter().any(ParamIr::is_optional)).then(|| naming::request_struct(&rust));
        let arity = 1
            + params.iter().filter(|p| p.is_arg()).count()
            + usize::from(matches!(body, Some(BodyIr::Json { constant: None, .. } | BodyIr::Binary { .. })));
        let allow = [
            (rust == "new", "clippy::new_ret_no_self"),
            (rust.starts_with("from_") || rust.starts_with("into_"), "clippy::wrong_self_convention"),
            (arity > 7, "clippy::too_many_arguments"),
        ]
        .into_iter()
        .filter(|(needed, _)| *needed)
        .map(|(_, lint)| lint.to_owned())
        .collect();
        // A response rests on its own `source:`/`inferred:`, or on the sources of its type that name it.
        let mut provenance = Provenance {
            sources: sources(&e.provenance),
            inferred: e.provenance.inferred.as_ref().map(|i| i.value.clone()),
            via_type: None,
        };
        if returns.is_some()
            && !e.provenance.is_stated()
            && let Some((ty, sources)) = self.shown_by.get(&format!("{category}.{}", e.name.value))
        {
            provenance.sources.clone_from(sources);
            provenance.via_type = Some(ty.clone());
        }
        let mut generated = vec![format!("`{} {}`", e.method.value.as_upper(), e.path.value)];
        generated.extend(provenance.inferred.as_ref().map(|i| format!("The response's shape is inferred from {i}")));
        EndpointIr {
            method: e.method.value,
            path: e.path.value.clone(),
            docs: docs(&e.notes, generated),
            provenance,
            params,
            request_struct,
            body,
            returns,
            envelope: e.envelope.as_ref().map_or(EnvelopeMode::Always, |m| m.value),
            paging,
            allow,
            example: e.example.as_ref().map(spec::Example::to_json),
            rust,
            twin: e.twin.as_ref().and_then(|t| Some((t.value.clone(), crate::twin::op(e).ok()?.0))),
        }
    }

    /// Positional ids come first and go from the container to the contained (a space, then a user in
    /// it); the other arguments follow in their order. (Validation refused an `args:` that names a
    /// contained id before its container.)
    fn order_ids(&self, params: &mut [ParamIr]) {
        let id_of = |p: &ParamIr| match &p.ty {
            Ty::Id(id) if p.is_arg() => Some(id.clone()),
            _ => None,
        };
        let slots: Vec<usize> = (0..params.len()).filter(|&i| id_of(&params[i]).is_some()).collect();
        // A stable topological order: each time, the first remaining id that nothing remaining contains.
        let mut rest: Vec<(String, ParamIr)> =
            slots.iter().filter_map(|&i| Some((id_of(&params[i])?, params[i].clone()))).collect();
        let mut ids: Vec<ParamIr> = Vec::with_capacity(rest.len());
        while !rest.is_empty() {
            let free = (0..rest.len())
                .find(|&i| !rest.iter().any(|(other, _)| self.ids.contains(other, &rest[i].0)))
                .unwrap_or(0);
            ids.push(rest.remove(free).1);
        }
        // The ids take the first positional places; the other parameters keep their order after them.
        let others: Vec<ParamIr> =
            params.iter().enumerate().filter(|(i, _)| !slots.contains(i)).map(|(_, p)| p.clone()).collect();
        for (place, p) in params.iter_mut().zip(ids.into_iter().chain(others)) {
            *place = p;
        }
    }

    fn param(&mut self, p: &spec::Param, location: Location) -> ParamIr {
        let (inner, optional) = p.ty.value.strip_optional();
        ParamIr {
            wire: p.wire.value.clone(),
            rust: p.rust.as_ref().map_or_else(|| naming::snake(&p.wire.value), |r| r.value.clone()),
            ty: self.ids.infer(&p.wire.value, self.ty(inner)),
            required: !optional,
            location,
            format: p.format.as_ref().map_or(DateFormat::Iso, |f| f.value),
            constant: p.value.as_ref().map(|v| v.value.clone()),
            docs: docs(&p.notes, Vec::new()),
        }
    }

    fn types(&mut self, defs: &[spec::TypeDef]) -> Vec<TypeIr> {
        let mut out: Vec<TypeIr> = defs.iter().map(|t| self.type_def(t)).collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn type_def(&mut self, t: &spec::TypeDef) -> TypeIr {
        let kind = match &t.kind {
            spec::TypeKind::Struct { fields, additional_fields } => {
                let mut scope = Scope::new("field");
                if *additional_fields {
                    scope.taken.insert(
                        naming::ADDITIONAL_FIELDS.to_owned(),
                        format!("{RESERVED}the fields the spec does not list"),
                    );
                }
                let mut sorted: Vec<&spec::Field> = fields.iter().collect();
                sorted.sort_by(|a, b| a.wire.value.cmp(&b.wire.value));
                let fields: Vec<FieldIr> = sorted
                    .into_iter()
                    .map(|f| {
                        let rust = f.rust.as_ref().map_or_else(|| naming::snake(&f.wire.value), |r| r.value.clone());
                        scope.claim(&rust, &f.wire.value, &f.wire.pos, self.diags);
                        let ty = self.ids.infer(&f.wire.value, self.ty(&f.ty.value));
                        // Callers never unwrap an `Option` of a collection: absent is empty.
                        let (ty, empty_when_absent) = match ty {
                            Ty::Option(inner) if matches!(*inner, Ty::List(_) | Ty::Map(_) | Ty::Csv(_)) => {
                                (*inner, true)
                            }
                            other => (other, false),
                        };
                        FieldIr {
                            wire: f.wire.value.clone(),
                            rust,
                            ty,
                            empty_when_absent,
                            nullable: f.nullable,
                            as_string: f.as_string,
                            format: f.format.as_ref().map_or(DateFormat::Iso, |f| f.value),
                            constant: f.value.as_ref().map(|v| v.value.clone()),
                            boxed: self.boxed.contains(&(t.name.value.clone(), f.wire.value.clone())),
                            sensitive: f.sensitive,
                            docs: docs(&f.notes, Vec::new()),
                        }
                    })
                    .collect();
                let default =
                    fields.iter().all(|f| matches!(f.ty, Ty::Option(_)) || f.empty_when_absent || f.constant.is_some());
                TypeIrKind::Struct { fields, default, additional: *additional_fields }
            }
            spec::TypeKind::Enum { repr, variants } => {
                let lower_variant =
                    |v: &spec::Variant| (v.name.value.clone(), v.value.value.clone(), docs(&v.notes, Vec::new()));
                if repr.value == spec::EnumRepr::Int {
                    let mut vs: Vec<VariantIr<i64>> = variants
                        .iter()
                        .map(lower_variant)
                        .map(|(name, value, docs)| VariantIr { name, value: value.parse().unwrap_or_default(), docs })
                        .collect();
                    vs.sort_by(|a, b| a.value.cmp(&b.value).then_with(|| a.name.cmp(&b.name)));
                    TypeIrKind::IntEnum(vs)
                } else {
                    let mut vs: Vec<VariantIr<String>> = variants
                        .iter()
                        .map(lower_variant)
                        .map(|(name, value, docs)| VariantIr { name, value, docs })
                        .collect();
                    vs.sort_by(|a, b| a.value.cmp(&b.value).then_with(|| a.name.cmp(&b.name)));
                    TypeIrKind::StrEnum(vs)
                }
            }
        };
        let inferred = t.provenance.inferred.as_ref().map(|i| i.value.clone());
        TypeIr {
            name: t.name.value.clone(),
            docs: docs(&t.notes, inferred.iter().map(|i| format!("The shape is inferred from {i}")).collect()),
            kind,
            example: t.example.as_ref().map(spec::Example::to_json),
            provenance: Provenance { sources: sources(&t.provenance), inferred, via_type: None },
            gate: Gate::Always,
        }
    }

    fn ty(&self, t: &TypeExpr) -> Ty {
        match t {
            TypeExpr::Name(n) => match n.value.as_str() {
                "string" => Ty::String,
                "bool" => Ty::Bool,
                "i32" => Ty::I32,
                "i64" => Ty::I64,
                "f64" => Ty::F64,
                "date" => Ty::Date,
                "datetime" => Ty::DateTime,
                "json" => Ty::Json,
                "file" => Ty::File,
                other if self.ids.is_id(other) => Ty::Id(other.to_owned()),
                other => Ty::Named {
                    name: other.to_owned(),
                    kind: self.kinds.get(other).copied().unwrap_or(NamedKind::Struct),
                },
            },
            TypeExpr::List(e) => Ty::List(Box::new(self.ty(e))),
            TypeExpr::Map(e) => Ty::Map(Box::new(self.ty(e))),
            TypeExpr::Csv(e) => Ty::Csv(Box::new(self.ty(e))),
            TypeExpr::Optional(e) => Ty::Option(Box::new(self.ty(e))),
        }
    }
}

/// The struct fields through which a type contains itself, directly (`Manager: User?` in `User`) or
/// through other structs (`A.b: B?`, `B.a: A?`): each is boxed, as typify's `break_cycles` does, so that
/// the type has a size. A field holds a struct by value when its type is the struct or `T?` of it; lists
/// and maps already hold their items on the heap. A field is boxed when its struct can reach the field's
/// owner again by value.
fn recursive_fields(spec: &Spec) -> BTreeSet<(String, String)> {
    let all = spec.api.types.iter().chain(spec.categories.iter().flat_map(|c| c.types.iter()));
    let mut edges: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for t in all {
        if let spec::TypeKind::Struct { fields, .. } = &t.kind {
            let by_value = fields.iter().filter_map(|f| match f.ty.value.strip_optional().0 {
                TypeExpr::Name(n) => Some((f.wire.value.as_str(), n.value.as_str())),
                _ => None,
            });
            edges.insert(t.name.value.as_str(), by_value.collect());
        }
    }
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(n) = todo.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n) {
                todo.extend(edges.get(n).into_iter().flatten().map(|(_, target)| *target));
            }
        }
        false
    };
    let mut boxed = BTreeSet::new();
    for (owner, fields) in &edges {
        for (wire, target) in fields {
            if edges.contains_key(target) && reaches(target, owner) {
                boxed.insert(((*owner).to_owned(), (*wire).to_owned()));
            }
        }
    }
    boxed
}

fn sorted_by_name(endpoints: &[spec::Endpoint]) -> Vec<&spec::Endpoint> {
    let mut v: Vec<&spec::Endpoint> = endpoints.iter().collect();
    v.sort_by(|a, b| a.name.value.cmp(&b.name.value));
    v
}

/// The source references of `p`, as written.
fn sources(p: &spec::Provenance) -> Vec<SourceIr> {
    p.sources.iter().map(|s| SourceIr { kind: s.kind, locator: s.locator.clone() }).collect()
}

/// Doc text as lines, trailing blank lines dropped.
fn doc_lines(doc: Option<&str>) -> Vec<String> {
    let mut lines: Vec<String> = doc.unwrap_or("").lines().map(|l| l.trim_end().to_owned()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Written docs, a blank line, then generated lines.
fn join_docs(mut written: Vec<String>, generated: Vec<String>) -> Vec<String> {
    for g in generated {
        if !written.is_empty() {
            written.push(String::new());
        }
        written.push(g);
    }
    written
}

/// An item's docs: its `doc`, then the `generated` lines, then its `unverified` note.
fn docs(notes: &spec::Notes, mut generated: Vec<String>) -> Docs {
    if let Some(u) = &notes.unverified {
        generated.push(format!("**Unverified:** {u}"));
    }
    Docs {
        lines: join_docs(doc_lines(notes.doc.as_deref()), generated),
        deprecated: notes.deprecated.clone(),
        unverified: notes.unverified.clone(),
    }
}

#[cfg(test)]
#[path = "lower_tests.rs"]
mod tests;
