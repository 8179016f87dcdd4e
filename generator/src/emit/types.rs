//! A types module: structs and forward-compatible enums, with serde wiring into the runtime's lenient
//! decoders.

use super::syntax::{
    Attr, Expr, Field, Fields, File, Fn, Generic, GenericArg, ImplItem, Item, Meta, Pat, Path, Receiver, Stmt, Str,
    Type, Variant,
};
use super::{derive, doc, doc_attrs, ident, owned, private, rt};
use crate::ir::{FieldIr, Gate, Ty, TypeIr, TypeIrKind, TypesModule, VariantIr};

/// One `src/api/types/<module>.rs`.
pub fn types_module(m: &TypesModule) -> File<'_> {
    let attrs = vec![
        Attr::Doc { inner: true, text: format!("Types declared in `{}`.", m.source).into() },
        super::allow_deprecated(),
    ];
    let mut items = Vec::new();
    // Per `use`: the gates of the types that need it (`rt`, `ids`, `types`).
    let mut needs: [Vec<&Gate>; 3] = Default::default();
    for t in &m.types {
        let start = items.len();
        match &t.kind {
            TypeIrKind::Struct { fields, default, additional } => {
                struct_items(&mut items, t, fields, *default, *additional);
            }
            TypeIrKind::IntEnum(variants) => int_enum(&mut items, t, variants),
            TypeIrKind::StrEnum(variants) => str_enum(&mut items, t, variants),
        }
        let mine = &mut items[start..];
        if uses_rt(mine) {
            needs[0].push(&t.gate);
        }
        if let TypeIrKind::Struct { fields, .. } = &t.kind {
            let (ids, types) = Ty::mentions_any(fields.iter().map(|f| &f.ty));
            if ids {
                needs[1].push(&t.gate);
            }
            if types {
                needs[2].push(&t.gate);
            }
        }
        for item in mine {
            super::gate(item, &t.gate);
        }
    }
    let mut uses = Vec::new();
    for (need, mut item) in needs.iter().zip([super::use_rt_private(), super::use_ids(), super::use_types()]) {
        if !need.is_empty() {
            super::gate(&mut item, &Gate::any(need.iter().copied()));
            uses.push(item);
        }
    }
    uses.extend(items);
    File { attrs, items: uses }
}

/// `#[serde(..)]`
fn serde(metas: Vec<Meta<'_>>) -> Attr<'_> {
    Attr::List { inner: false, path: "serde", metas }
}

fn struct_items<'a>(items: &mut Vec<Item<'a>>, t: &'a TypeIr, fields: &'a [FieldIr], default: bool, additional: bool) {
    let name = ident(&t.name);
    let mut attrs = doc_attrs(&t.docs, format!("The `{}` object.", t.name));
    // A struct with a `sensitive:` field gets its own `Debug`, which shows `[redacted]` in its place.
    let sensitive = fields.iter().any(|f| f.sensitive);
    let derives: Vec<&'static str> =
        ["Debug", "Clone", "PartialEq", "Default", "::serde::Serialize", "::serde::Deserialize"]
            .into_iter()
            .filter(|d| (*d != "Debug" || !sensitive) && (*d != "Default" || default))
            .collect();
    attrs.push(derive(&derives));
    let mut struct_fields: Vec<Field<'_>> = fields.iter().map(field).collect();
    if additional {
        struct_fields.push(Field {
            attrs: vec![
                doc("The fields the spec does not list, kept as the JSON text they came as so that a"),
                doc("read-modify-write loses nothing; set entries here to send fields the spec does not know."),
                serde(vec![Meta::Path("flatten".into())]),
            ],
            vis: true,
            name: Some("additional_fields".into()),
            ty: Type::generic(
                "::std::collections::BTreeMap",
                vec![Type::path("::std::string::String"), Type::path("::axero_runtime::RawJson")],
            ),
        });
    }
    items.push(Item::Struct {
        attrs,
        vis: true,
        name: name.clone(),
        generics: Vec::new(),
        fields: Fields::Named(struct_fields),
    });
    if sensitive {
        items.push(redacting_debug(&t.name, name, fields, additional));
    }
    if !default {
        items.push(constructor(t, fields, additional));
    }
}

/// `impl Debug` for a struct with a `sensitive:` field: what `#[derive(Debug)]` shows, but the runtime's
/// `Redacted` (`[redacted]`) in place of each sensitive field's value.
fn redacting_debug<'a>(type_name: &'a str, name: Str<'a>, fields: &'a [FieldIr], additional: bool) -> Item<'a> {
    let mut chain = Expr::path("f").method("debug_struct", vec![Expr::Str(type_name.into())]);
    let mut shown: Vec<(Str<'a>, Expr<'a>)> = fields
        .iter()
        .map(|f| {
            let field = ident(&f.rust);
            let label: Str<'a> = field.trim_start_matches("r#").to_owned().into();
            let value = if f.sensitive {
                Expr::Path(private(super::rt()).join("Redacted")).reference()
            } else {
                Expr::path("self").field(field).reference()
            };
            (label, value)
        })
        .collect();
    if additional {
        shown.push(("additional_fields".into(), Expr::path("self").field("additional_fields").reference()));
    }
    for (label, value) in shown {
        chain = chain.method("field", vec![Expr::Str(label), value]);
    }
    impl_for(
        Path::new("::std::fmt::Debug"),
        name,
        Vec::new(),
        trait_fn(
            "fmt",
            Vec::new(),
            Some(Receiver::Ref),
            vec![(
                "f".into(),
                Type::RefMut(Box::new(Type::Path(
                    Path::new("::std::fmt::Formatter").args(vec![GenericArg::Lifetime("'_")]),
                ))),
            )],
            Type::path("::std::fmt::Result"),
            chain.method("finish", Vec::new()),
        ),
    )
}

/// A constant field: a zero-sized marker that always sends its value and accepts whatever comes back.
fn constant_field<'a>(f: &'a FieldIr, constant: &'a str) -> Field<'a> {
    let wire = &f.wire;
    let mut attrs = doc_attrs(&f.docs, format!("`{wire}`: always `{constant}`."));
    attrs.push(serde(vec![Meta::NameValue("rename", wire.as_str().into()), Meta::Path("default".into())]));
    let (marker, value): (&str, Str<'_>) = match constant {
        "true" | "false" => ("ConstBool", constant.into()),
        n => ("ConstInt", n.parse::<i64>().unwrap_or_default().to_string().into()),
    };
    let ty = Type::Path(private(rt()).join("wire").join(marker).args(vec![GenericArg::Const(value)]));
    Field { attrs, vis: true, name: Some(ident(&f.rust)), ty }
}

/// `new(required fields…)` for a struct that cannot derive `Default`, so that a caller names only what
/// is required and fills the rest with `..Type::new(..)`.
fn constructor<'a>(t: &'a TypeIr, fields: &'a [FieldIr], additional: bool) -> Item<'a> {
    let name = ident(&t.name);
    let (defaults, fields): (Vec<&FieldIr>, Vec<&FieldIr>) =
        fields.iter().partition(|f| f.constant.is_some() || f.empty_when_absent);
    let (required, optional): (Vec<&FieldIr>, Vec<&FieldIr>) =
        fields.into_iter().partition(|f| !matches!(f.ty, Ty::Option(_)));
    let args = required.iter().map(|f| (ident(&f.rust), field_ty(f))).collect();
    let mut values: Vec<(Str<'_>, Option<Expr<'_>>)> = required.iter().map(|f| (ident(&f.rust), None)).collect();
    values.extend(optional.iter().map(|f| (ident(&f.rust), Some(Expr::path("::std::option::Option::None")))));
    let default = || Expr::path("::std::default::Default::default").call(Vec::new());
    values.extend(defaults.iter().map(|f| (ident(&f.rust), Some(default()))));
    if additional {
        let empty = Expr::path("::std::collections::BTreeMap::new").call(Vec::new());
        values.push(("additional_fields".into(), Some(empty)));
    }
    let mut attrs = vec![doc(format!(
        "A `{}` with the required fields set, every optional field `None` and every list empty.",
        t.name
    ))];
    if required.len() > 7 {
        attrs.push(Attr::List {
            inner: false,
            path: "allow",
            metas: vec![Meta::Path("clippy::too_many_arguments".into())],
        });
    }
    Item::Impl {
        attrs: Vec::new(),
        generics: Vec::new(),
        trait_: None,
        self_ty: Type::Path(Path::new(name)),
        items: vec![ImplItem::Fn(Fn {
            attrs,
            vis: true,
            is_async: false,
            name: "new".into(),
            generics: Vec::new(),
            receiver: None,
            args,
            ret: Some(Type::path("Self")),
            body: vec![Stmt::Tail(Expr::Struct(Path::new("Self"), values))],
        })],
    }
}

/// Scalars whose JSON form the API is loose about (numbers or booleans sent as strings, dates without an
/// offset); they decode through `::axero_runtime::lenient`.
fn is_lenient(ty: &Ty) -> bool {
    matches!(ty, Ty::Bool | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Date | Ty::DateTime | Ty::Id(_))
}

/// A field's Rust type: `Box`ed (inside the `Option`) when the type contains itself through it.
fn field_ty(f: &FieldIr) -> Type<'static> {
    let boxed = |t: &Ty| Type::generic("::std::boxed::Box", vec![owned(t)]);
    match (&f.ty, f.boxed) {
        (_, false) => owned(&f.ty),
        (Ty::Option(inner), true) => Type::generic("::std::option::Option", vec![boxed(inner)]),
        (t, true) => boxed(t),
    }
}

fn field(f: &FieldIr) -> Field<'_> {
    if let Some(constant) = &f.constant {
        return constant_field(f, constant);
    }
    let mut attrs = doc_attrs(&f.docs, format!("`{}`", f.wire));
    let mut serde_metas = vec![Meta::NameValue("rename", f.wire.as_str().into())];
    let (inner, optional) = match &f.ty {
        Ty::Option(inner) => (&**inner, true),
        other => (other, false),
    };
    let path = |s: &'static str| Meta::Path(s.into());
    let skip_if = |predicate: &str| Meta::NameValue("skip_serializing_if", rt_fn(&format!("skip::{predicate}")));
    if optional {
        serde_metas.push(path("default"));
        if !f.nullable {
            serde_metas.push(skip_if("none"));
        }
    }
    if f.empty_when_absent {
        serde_metas.push(path("default"));
        if !f.nullable {
            serde_metas.push(skip_if(if matches!(inner, Ty::Map(_)) { "empty_map" } else { "empty" }));
        }
        if !matches!(inner, Ty::Csv(_)) {
            serde_metas.push(Meta::NameValue("deserialize_with", rt_fn("lenient::or_empty")));
        }
    }
    let suffix = if optional { "_opt" } else { "" };
    let date_format = match f.format {
        crate::ir::DateFormat::Iso => None,
        crate::ir::DateFormat::Us => Some("us"),
        crate::ir::DateFormat::Compact => Some("compact"),
    };
    let serialize_with = if f.as_string {
        Some(format!("wire::as_string{suffix}"))
    } else if let (Some(format), Ty::Date) = (date_format, inner) {
        Some(format!("dates::{format}{suffix}"))
    } else {
        None
    };
    if let Ty::Csv(_) = inner {
        serde_metas.push(Meta::NameValue("with", rt_fn(if optional { "csv::opt" } else { "csv" })));
    } else if is_lenient(inner) && optional && serialize_with.is_none() {
        // One `with` instead of `deserialize_with`: the attributes of most fields fit on one line.
        serde_metas.push(Meta::NameValue("with", rt_fn("lenient::opt")));
    } else if is_lenient(inner) {
        serde_metas.push(Meta::NameValue("deserialize_with", rt_fn(&format!("lenient::de{suffix}"))));
    }
    if let Some(serialize_with) = serialize_with {
        serde_metas.push(Meta::NameValue("serialize_with", rt_fn(&serialize_with)));
    }
    attrs.extend(packed_serde(serde_metas));
    Field { attrs, vis: true, name: Some(ident(&f.rust)), ty: field_ty(f) }
}

/// A runtime function as a serde attribute names it in a types file: in the runtime's private module,
/// through the file's `rt` alias of it ([`uses_rt`] says when the file needs it), so that attributes
/// stay short.
fn rt_fn(path: &str) -> Str<'static> {
    format!("{}::{path}", crate::naming::RUNTIME_ALIAS).into()
}

/// Whether `items` name runtime functions in serde attributes through `rt` (see [`rt_fn`]).
fn uses_rt(items: &[Item<'_>]) -> bool {
    let prefix = format!("{}::", crate::naming::RUNTIME_ALIAS);
    let names_rt = |a: &Attr<'_>| match a {
        Attr::List { metas, .. } => metas.iter().any(|m| matches!(m, Meta::NameValue(_, v) if v.starts_with(&prefix))),
        _ => false,
    };
    items.iter().any(|item| match item {
        Item::Struct { fields: Fields::Named(fields), .. } => fields.iter().any(|f| f.attrs.iter().any(names_rt)),
        _ => false,
    })
}

/// A field's serde metas as `#[serde(..)]` attributes that each stay on one line: the `rename` first,
/// alone, so that every field reads the same way, then the others, as many to an attribute as fit,
/// rather than one attribute broken over a line per meta.
fn packed_serde(metas: Vec<Meta<'_>>) -> Vec<Attr<'_>> {
    // A field's attribute starts one indent in, and `#[serde(` `)]` take 10 more columns.
    const ROOM: usize = (super::layout::MARGIN - super::layout::INDENT - 10).unsigned_abs();
    fn width(m: &Meta<'_>) -> usize {
        match m {
            Meta::Path(p) => p.len(),
            Meta::NameValue(name, value) => name.len() + 3 + value.escape_debug().count() + 2,
            Meta::List(path, metas) => path.len() + 2 + metas.iter().map(|m| width(m) + 2).sum::<usize>(),
        }
    }
    let mut metas = metas.into_iter();
    let rename = metas.next();
    let mut rest: Vec<Vec<Meta<'_>>> = Vec::new();
    let mut used = 0;
    for meta in metas {
        let w = width(&meta);
        match rest.last_mut() {
            Some(last) if used + 2 + w <= ROOM => {
                last.push(meta);
                used += 2 + w;
            }
            _ => {
                rest.push(vec![meta]);
                used = w;
            }
        }
    }
    let attrs = rename.map(|rename| vec![rename]).into_iter().chain(rest);
    attrs.into_iter().map(serde).collect()
}

fn variants<'a, V: std::fmt::Display>(variants: &'a [VariantIr<V>], unknown: Type<'a>) -> Vec<Variant<'a>> {
    let mut out: Vec<Variant<'_>> = variants
        .iter()
        .map(|v| Variant {
            attrs: doc_attrs(&v.docs, format!("`{}`", v.value)),
            name: ident(&v.name),
            fields: Vec::new(),
        })
        .collect();
    out.push(Variant {
        attrs: vec![doc("A value this version of the crate does not know; kept so that nothing is lost.")],
        name: "Unknown".into(),
        fields: vec![unknown],
    });
    out
}

/// `impl <trait_> for <name> { <item> }`
fn impl_for<'a>(trait_: Path<'a>, name: Str<'a>, generics: Vec<Generic>, item: Fn<'a>) -> Item<'a> {
    Item::Impl {
        attrs: Vec::new(),
        generics,
        trait_: Some(trait_),
        self_ty: Type::Path(Path::new(name)),
        items: vec![ImplItem::Fn(item)],
    }
}

/// A trait method: no visibility, no docs.
fn trait_fn<'a>(
    name: &'static str,
    generics: Vec<Generic>,
    receiver: Option<Receiver>,
    args: Vec<(Str<'a>, Type<'a>)>,
    ret: Type<'a>,
    body: Expr<'a>,
) -> Fn<'a> {
    Fn {
        attrs: Vec::new(),
        vis: false,
        is_async: false,
        name: name.into(),
        generics,
        receiver,
        args,
        ret: Some(ret),
        body: vec![Stmt::Tail(body)],
    }
}

/// `impl From<from> for name { fn from(value: from) -> Self { body } }`
fn from_impl<'a>(name: Str<'a>, from: Type<'a>, body: Expr<'a>) -> Item<'a> {
    let trait_ = Path::new("::std::convert::From").args(vec![GenericArg::Type(from.clone())]);
    let item = trait_fn("from", Vec::new(), None, vec![("value".into(), from)], Type::path("Self"), body);
    impl_for(trait_, name, Vec::new(), item)
}

/// `Display` through `display`, and serde's `Serialize` (with `serialize`) and `Deserialize` (with
/// `deserialize`) impls of an enum.
fn enum_impls<'a>(
    items: &mut Vec<Item<'a>>,
    name: &Str<'a>,
    display: Expr<'a>,
    serialize: Expr<'a>,
    deserialize: Expr<'a>,
) {
    items.push(impl_for(
        Path::new("::std::fmt::Display"),
        name.clone(),
        Vec::new(),
        trait_fn(
            "fmt",
            Vec::new(),
            Some(Receiver::Ref),
            vec![(
                "f".into(),
                Type::RefMut(Box::new(Type::Path(
                    Path::new("::std::fmt::Formatter").args(vec![GenericArg::Lifetime("'_")]),
                ))),
            )],
            Type::path("::std::fmt::Result"),
            display,
        ),
    ));
    let result = |ok: &'static str, err: &'static str| {
        Type::generic("::std::result::Result", vec![Type::path(ok), Type::path(err)])
    };
    items.push(impl_for(
        Path::new("::serde::Serialize"),
        name.clone(),
        Vec::new(),
        trait_fn(
            "serialize",
            vec![Generic::Type { name: "S", bound: Path::new("::serde::Serializer") }],
            Some(Receiver::Ref),
            vec![("serializer".into(), Type::path("S"))],
            result("S::Ok", "S::Error"),
            serialize,
        ),
    ));
    items.push(impl_for(
        Path::new("::serde::Deserialize").args(vec![GenericArg::Lifetime("'de")]),
        name.clone(),
        vec![Generic::Lifetime("'de")],
        trait_fn(
            "deserialize",
            vec![Generic::Type {
                name: "D",
                bound: Path::new("::serde::Deserializer").args(vec![GenericArg::Lifetime("'de")]),
            }],
            None,
            vec![("deserializer".into(), Type::path("D"))],
            result("Self", "D::Error"),
            deserialize,
        ),
    ));
}

/// `Self::<name>`
fn self_variant(name: &str) -> Expr<'static> {
    Expr::path(format!("Self::{name}"))
}

fn int_enum<'a>(items: &mut Vec<Item<'a>>, t: &'a TypeIr, vs: &'a [VariantIr<i64>]) {
    let name = ident(&t.name);
    let mut attrs = doc_attrs(&t.docs, format!("The `{}` values.", t.name));
    attrs.push(derive(&["Debug", "Clone", "Copy", "PartialEq", "Eq", "Hash"]));
    items.push(Item::Enum { attrs, vis: true, name: name.clone(), variants: variants(vs, Type::path("i32")) });
    let values: Vec<Str<'_>> = vs.iter().map(|v| Str::from(v.value.to_string())).collect();
    let names: Vec<Str<'_>> = vs.iter().map(|v| ident(&v.name)).collect();
    let mut from_i32: Vec<(Pat<'_>, Expr<'_>)> =
        values.iter().zip(&names).map(|(v, n)| (Pat::Plain(v.clone()), self_variant(n))).collect();
    from_i32.push((Pat::Plain("other".into()), self_variant("Unknown").call(vec![Expr::path("other")])));
    items.push(from_impl(name.clone(), Type::path("i32"), Expr::Match(Box::new(Expr::path("value")), from_i32)));
    let mut to_i32: Vec<(Pat<'_>, Expr<'_>)> = names
        .iter()
        .zip(&values)
        .map(|(n, v)| (Pat::Plain(format!("{name}::{n}").into()), Expr::Lit(v.clone())))
        .collect();
    to_i32.push((Pat::TupleStruct(Path::new(format!("{name}::Unknown")), "other".into()), Expr::path("other")));
    items.push(impl_for(
        Path::new("::std::convert::From").args(vec![GenericArg::Type(Type::path(name.clone()))]),
        "i32".into(),
        Vec::new(),
        trait_fn(
            "from",
            Vec::new(),
            None,
            vec![("value".into(), Type::path(name.clone()))],
            Type::path("i32"),
            Expr::Match(Box::new(Expr::path("value")), to_i32),
        ),
    ));
    let as_i32 = || Expr::path("i32::from").call(vec![Expr::Deref(Box::new(Expr::path("self")))]);
    let lenient = private(rt())
        .join("lenient")
        .join("de")
        .args(vec![GenericArg::Type(Type::path("D")), GenericArg::Type(Type::path("i32"))]);
    enum_impls(
        items,
        &name,
        Expr::path("::std::fmt::Display::fmt").call(vec![as_i32().reference(), Expr::path("f")]),
        Expr::path("serializer").method("serialize_i32", vec![as_i32()]),
        Expr::Path(lenient).call(vec![Expr::path("deserializer")]).method("map", vec![Expr::path("Self::from")]),
    );
}

fn str_enum<'a>(items: &mut Vec<Item<'a>>, t: &'a TypeIr, vs: &'a [VariantIr<String>]) {
    let name = ident(&t.name);
    let mut attrs = doc_attrs(&t.docs, format!("The `{}` values.", t.name));
    attrs.push(derive(&["Debug", "Clone", "PartialEq", "Eq", "Hash"]));
    items.push(Item::Enum {
        attrs,
        vis: true,
        name: name.clone(),
        variants: variants(vs, Type::path("::std::string::String")),
    });
    let names: Vec<Str<'_>> = vs.iter().map(|v| ident(&v.name)).collect();
    let mut as_str: Vec<(Pat<'_>, Expr<'_>)> = names
        .iter()
        .zip(vs)
        .map(|(n, v)| (Pat::Plain(format!("Self::{n}").into()), Expr::str(v.value.as_str())))
        .collect();
    as_str.push((Pat::TupleStruct(Path::new("Self::Unknown"), "other".into()), Expr::path("other")));
    items.push(Item::Impl {
        attrs: Vec::new(),
        generics: Vec::new(),
        trait_: None,
        self_ty: Type::Path(Path::new(name.clone())),
        items: vec![ImplItem::Fn(Fn {
            attrs: vec![doc("The value as sent on the wire.")],
            vis: true,
            is_async: false,
            name: "as_str".into(),
            generics: Vec::new(),
            receiver: Some(Receiver::Ref),
            args: Vec::new(),
            ret: Some(Type::path("str").reference()),
            body: vec![Stmt::Tail(Expr::Match(Box::new(Expr::path("self")), as_str))],
        })],
    });
    let mut from_str: Vec<(Pat<'_>, Expr<'_>)> =
        vs.iter().zip(&names).map(|(v, n)| (Pat::Str(v.value.as_str().into()), self_variant(n))).collect();
    from_str.push((
        Pat::Plain("other".into()),
        self_variant("Unknown").call(vec![Expr::path("other").method("to_owned", Vec::new())]),
    ));
    let from = Type::path("str").reference();
    items.push(from_impl(name.clone(), from, Expr::Match(Box::new(Expr::path("value")), from_str)));
    let as_str = || Expr::path("self").method("as_str", Vec::new());
    enum_impls(
        items,
        &name,
        Expr::path("f").method("write_str", vec![as_str()]),
        Expr::path("serializer").method("serialize_str", vec![as_str()]),
        Expr::Path(private(rt()).join("lenient").join("string")).call(vec![Expr::path("deserializer")]).method(
            "map",
            vec![Expr::Closure(
                "s",
                Box::new(Expr::path("Self::from").call(vec![Expr::path("s").method("as_str", Vec::new())])),
            )],
        ),
    );
}
