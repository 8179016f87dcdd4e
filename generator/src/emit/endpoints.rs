//! A category module: the accessor struct, one method per endpoint, and the request values of the
//! endpoints that have optional parameters or pages. Each method only states the endpoint's facts; the
//! runtime does the work.
//!
//! The call shape: required parameters are positional arguments, and every method returns a request
//! value, sent when awaited. An endpoint with optional parameters or paging has its own, with one
//! setter per optional parameter (and `page`, `page_length`, `stream` when it pages) besides the
//! runtime's `timeout`, `retry` and `decode_as`; any other endpoint returns the runtime's `Call`, which
//! has those three.

use super::syntax::{
    Attr, Expr, Field, Fields, File, Fn, Generic, GenericArg, ImplItem, Item, Meta, Path, Receiver, Stmt, Str, Type,
};
use super::{borrowed, doc, doc_attrs, doc_text, ident, inner_docs, owned, private, rt_alias as rt, use_rt};
use crate::ir::{BodyIr, Category, DateFormat, EndpointIr, EnvelopeMode, Location, PagedIr, ParamIr, Ty};

/// One `src/api/<category>.rs`.
pub fn category(c: &Category) -> File<'_> {
    let mut attrs = inner_docs(doc_text(&c.doc, format!("The `{}` endpoints.", c.module)));
    if c.endpoints.is_empty() {
        // A file of types only: no accessor (it would have nothing to call, and its field would be dead).
        return File { attrs, items: Vec::new() };
    }
    attrs.push(super::allow_deprecated());
    let accessor = ident(&c.accessor);
    let module = ident(&c.module);
    let accessor_doc =
        format!("The `{}` endpoints; get one with [`Client::{}`](crate::Client::{}).", c.module, c.module, c.module);
    let mut items = vec![use_rt()];
    items.extend(super::use_modules(c.endpoints.iter().flat_map(|e| {
        let body = match &e.body {
            Some(BodyIr::Json { ty, .. }) => Some(ty),
            _ => None,
        };
        e.params.iter().map(|p| &p.ty).chain(body).chain(&e.returns)
    })));
    let accessor_path = Path::new(accessor.clone());
    items.push(Item::Impl {
        attrs: Vec::new(),
        generics: Vec::new(),
        trait_: None,
        self_ty: Type::path("crate::Client"),
        items: vec![ImplItem::Fn(Fn {
            attrs: vec![doc(format!("The `{}` endpoints.", c.module))],
            vis: true,
            is_async: false,
            name: module,
            generics: Vec::new(),
            receiver: Some(Receiver::Ref),
            args: Vec::new(),
            ret: Some(Type::Path(accessor_path.clone().args(vec![GenericArg::Lifetime("'_")]))),
            body: vec![Stmt::Tail(Expr::Struct(
                accessor_path.clone(),
                vec![("client".into(), Some(Expr::path("self").field("runtime").reference()))],
            ))],
        })],
    });
    items.push(Item::Struct {
        attrs: vec![doc(accessor_doc), super::derive(&["Debug", "Clone", "Copy"])],
        vis: true,
        name: accessor,
        generics: vec![Generic::Lifetime("'a")],
        fields: Fields::Named(vec![Field {
            attrs: Vec::new(),
            vis: false,
            name: Some("client".into()),
            ty: Type::Ref(Some("'a"), Box::new(Type::Path(rt().join("Client")))),
        }]),
    });
    items.push(Item::Impl {
        attrs: Vec::new(),
        generics: vec![Generic::Lifetime("'a")],
        trait_: None,
        self_ty: Type::Path(accessor_path.args(vec![GenericArg::Lifetime("'a")])),
        items: c.endpoints.iter().map(|e| ImplItem::Fn(method(e))).collect(),
    });
    for e in &c.endpoints {
        items.extend(request_value(c, e));
    }
    File { attrs, items }
}

/// What awaiting the endpoint's call gives.
fn output(e: &EndpointIr) -> Type<'static> {
    match (&e.paging, &e.returns) {
        (Some(PagedIr { item, .. }), _) => rt_type("Page", vec![owned(item)]),
        (None, Some(t)) => owned(t),
        (None, None) => Type::Unit,
    }
}

/// `rt::<name><args>`
fn rt_type(name: &str, args: Vec<Type<'static>>) -> Type<'static> {
    Type::Path(rt().join(name).args(args.into_iter().map(GenericArg::Type).collect()))
}

/// The endpoint's method: an `async fn`, or a plain `fn` returning its request value.
fn method(e: &EndpointIr) -> Fn<'_> {
    let mut attrs = method_docs(e);
    if !e.allow.is_empty() {
        let lints = e.allow.iter().filter(|l| is_path(l)).map(|l| Meta::Path(l.as_str().into())).collect();
        attrs.push(Attr::List { inner: false, path: "allow", metas: lints });
    }
    let request = || Expr::path("request");
    let client = || Expr::path("self").field("client");
    let inner = if e.paging.is_some() { "PagedCall" } else { "Call" };
    let call = Expr::Path(rt().join(inner).join("new")).call(vec![client(), request()]);
    let (ret, tail) = match &e.request_struct {
        None => (inner_call(e), call),
        Some(request_struct) => {
            let name = Path::new(ident(request_struct));
            (Type::Path(name.clone().args(vec![GenericArg::Lifetime("'a")])), Expr::Path(name).call(vec![call]))
        }
    };
    Fn {
        attrs,
        vis: true,
        is_async: false,
        name: ident(&e.rust),
        generics: Vec::new(),
        receiver: Some(Receiver::Ref),
        args: arguments(e),
        ret: Some(ret),
        body: vec![Stmt::Let("request", build_request(e)), Stmt::Tail(tail)],
    }
}

/// Whether a lint name is a path (`clippy::new_ret_no_self`).
fn is_path(lint: &str) -> bool {
    lint.split("::").all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

fn method_docs(e: &EndpointIr) -> Vec<Attr<'_>> {
    // An argument's docs on one line of the list (its paragraphs joined).
    let one_line = |lines: &[String]| lines.iter().filter(|l| !l.is_empty()).cloned().collect::<Vec<_>>().join(" ");
    let mut attrs = super::docs(e.docs.lines.iter().map(|l| Str::Borrowed(l.as_str())));
    // A positional argument cannot carry `#[deprecated]`: its deprecation note goes on its line here.
    let described: Vec<String> = e
        .params
        .iter()
        .filter(|p| p.is_arg() && (!p.docs.lines.is_empty() || p.docs.deprecated.is_some()))
        .map(|p| {
            let text = one_line(&p.docs.lines);
            match &p.docs.deprecated {
                Some(note) if text.is_empty() => format!("- `{}`: **Deprecated:** {note}", p.rust),
                Some(note) => format!("- `{}`: {text} **Deprecated:** {note}", p.rust),
                None => format!("- `{}`: {text}", p.rust),
            }
        })
        .chain(match &e.body {
            Some(BodyIr::Json { arg, docs, constant: None, .. } | BodyIr::Binary { arg, docs })
                if !docs.lines.is_empty() =>
            {
                Some(format!("- `{arg}`: {}", one_line(&docs.lines)))
            }
            _ => None,
        })
        .collect();
    if !described.is_empty() {
        attrs.push(doc(""));
        attrs.extend(described.into_iter().map(doc));
    }
    // A heading may follow a paragraph directly, and a paragraph the heading.
    attrs.push(doc("# Errors"));
    attrs.push(doc(errors_doc(e)));
    if let Some(note) = &e.docs.deprecated {
        attrs.push(Attr::List {
            inner: false,
            path: "deprecated",
            metas: vec![Meta::NameValue("note", note.as_str().into())],
        });
    }
    // rustdoc search finds the method by its HTTP method and path, by the path alone, and by the path
    // without its placeholders (`/api/users/details`).
    let path = &e.path;
    let bare = path.split('/').filter(|s| !s.starts_with('{')).collect::<Vec<_>>().join("/");
    let mut aliases: Vec<Str<'_>> = vec![format!("{} {path}", e.method.as_upper()).into(), path.as_str().into()];
    if bare != *path {
        aliases.push(bare.into());
    }
    for alias in aliases.into_iter().filter(|a| !a.contains(['"', '\'', '\t', '\n'])) {
        attrs.push(Attr::List { inner: false, path: "doc", metas: vec![Meta::NameValue("alias", alias)] });
    }
    attrs
}

/// The `# Errors` paragraph: what is particular to this endpoint (the variants only it can meet, and
/// whether the default retry policy sends it again), then one link to [`Error`](rt::Error), whose page
/// lists what every call can fail with. Only what differs per endpoint is written here.
fn errors_doc(e: &EndpointIr) -> String {
    let mut specific = Vec::new();
    if e.params.iter().any(|p| p.location == Location::Path && p.constant.is_none()) {
        specific.push("[`NotFound`](rt::Error::NotFound) when the path names something that does not exist");
    }
    if e.returns.is_some() {
        specific.push("[`Decode`](rt::Error::Decode) when the reply does not have the expected shape");
    }
    if e.paging.is_some() {
        specific.push("[`PageLimit`](rt::Error::PageLimit) when a stream reaches the client's page cap");
    }
    let mut out = specific.join("; ");
    out.push_str(if specific.is_empty() {
        "Any [`Error`](rt::Error) a call can fail with."
    } else {
        "; or any other [`Error`](rt::Error)."
    });
    // What the default `RetryPolicy` does with this method (`RetryPolicy::allows`).
    out.push_str(match e.method {
        crate::spec::Method::Post | crate::spec::Method::Patch => {
            " Not sent again once sent, but after a 429 or a 503 with `Retry-After` ([`RetryPolicy`](rt::RetryPolicy))."
        }
        _ => " Retried after a 408, 429 or 5xx, a timeout or a connection error ([`RetryPolicy`](rt::RetryPolicy)).",
    });
    out
}

/// The positional arguments, as name and type: required parameters, then the body.
fn arguments(e: &EndpointIr) -> Vec<(Str<'_>, Type<'static>)> {
    let mut out: Vec<_> = e.params.iter().filter(|p| p.is_arg()).map(|p| (ident(&p.rust), borrowed(&p.ty))).collect();
    match &e.body {
        Some(BodyIr::Json { arg, ty, constant: None, .. }) => out.push((ident(arg), borrowed(ty))),
        Some(BodyIr::Binary { arg, .. }) => out.push((ident(arg), Type::Path(rt().join("Upload")))),
        Some(BodyIr::Json { constant: Some(_), .. } | BodyIr::Multipart) | None => {}
    }
    out
}

/// `Request::new(..).path(..).query(..)...` with the constants and required parameters.
fn build_request(e: &EndpointIr) -> Expr<'_> {
    let method = Expr::Path(rt().join("Method").join(&ident(e.method.as_upper())));
    let mut request = Expr::Path(rt().join("Request").join("new")).call(vec![method, Expr::str(e.path.as_str())]);
    for p in e.params.iter().filter(|p| !p.is_optional()) {
        request = param_step(p, request);
    }
    match &e.body {
        Some(BodyIr::Json { constant: Some(constant), .. }) => {
            let value: Str<'_> = match constant.as_str() {
                "true" | "false" => constant.as_str().into(),
                n => n.parse::<i64>().unwrap_or_default().to_string().into(),
            };
            request = request.method("json", vec![Expr::Lit(value).reference()]);
        }
        Some(BodyIr::Json { arg, ty, as_string, constant: None, json_string, .. }) => {
            let n = Expr::path(ident(arg));
            let value = if matches!(ty, Ty::String) || !ty.is_copy() { n.clone() } else { n.clone().reference() };
            request = match (ty, as_string, json_string) {
                (Ty::Csv(_), _, _) => request.method("json_csv", vec![n]),
                (_, true, _) => {
                    let wrapped = Expr::Path(private(rt()).join("wire").join("AsString")).call(vec![n]);
                    request.method("json", vec![wrapped.reference()])
                }
                (_, false, true) => request.method("json_string", vec![value]),
                _ => request.method("json", vec![value]),
            };
        }
        Some(BodyIr::Binary { arg, .. }) => request = request.method("binary", vec![Expr::path(ident(arg))]),
        Some(BodyIr::Multipart) | None => {}
    }
    let envelope = |mode: &str| Expr::Path(rt().join("EnvelopeMode").join(mode));
    match e.envelope {
        EnvelopeMode::Always => {}
        EnvelopeMode::Never => request = request.method("envelope", vec![envelope("Never")]),
        EnvelopeMode::Either => request = request.method("envelope", vec![envelope("Either")]),
    }
    match &e.paging {
        Some(PagedIr { custom: Some(paging), .. }) => {
            request = request.method("paged", vec![super::modules::paging_expr(paging)]);
        }
        Some(PagedIr { custom: None, .. }) => {
            request = request.method("paged", vec![Expr::path("crate::api::CONVENTIONS").field("paging")]);
        }
        None => {}
    }
    request
}

/// `request` with the `.path(..)`, `.query(..)`, `.header(..)`, `.form(..)` or `.file(..)` step that
/// sends `p`: its constant, or the argument (or setter value) of the same name.
fn param_step<'a>(p: &'a ParamIr, request: Expr<'a>) -> Expr<'a> {
    let wire = Expr::str(p.wire.as_str());
    let call = match p.location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::FormText | Location::FormFile => "form",
    };
    if let Some(constant) = &p.constant {
        return request.method(call, vec![wire, Expr::str(constant.as_str())]);
    }
    let n = Expr::path(ident(&p.rust));
    if p.location == Location::FormFile {
        return request.method("file", vec![wire, n]);
    }
    let Ty::Csv(element) = &p.ty else {
        // An optional id's setter takes `impl Into<Id>`.
        let n = if p.is_optional() && matches!(p.ty, Ty::Id(_)) { n.method("into", Vec::new()) } else { n };
        return request.method(call, vec![wire, formatted(&p.ty, p.format, n)]);
    };
    let csv = match p.location {
        Location::FormText | Location::FormFile => "form_csv",
        _ => "query_csv",
    };
    if matches!(**element, Ty::Date | Ty::DateTime) {
        // A `Date` is `Copy`; a `DateTime` (which may hold the text of a form the client does not
        // know) is cloned.
        let item = match **element {
            Ty::DateTime => Expr::path("v").method("clone", Vec::new()),
            _ => Expr::Deref(Box::new(Expr::path("v"))),
        };
        let v = formatted(element, p.format, item);
        let collected = Expr::MethodCall {
            receiver: Box::new(n.method("iter", Vec::new()).method("map", vec![Expr::Closure("v", Box::new(v))])),
            method: "collect",
            turbofish: vec![GenericArg::Type(Type::generic("::std::vec::Vec", vec![Type::Infer]))],
            args: Vec::new(),
        };
        request.method(csv, vec![wire, collected.reference()])
    } else {
        request.method(csv, vec![wire, n])
    }
}

/// `value` wrapped so that a date or date-time prints in the format the endpoint wants.
fn formatted<'a>(ty: &Ty, format: DateFormat, value: Expr<'a>) -> Expr<'a> {
    let format = match format {
        DateFormat::Iso => "Iso",
        DateFormat::Us => "Us",
        DateFormat::Compact => "Compact",
    };
    match ty {
        Ty::Date => {
            Expr::Path(rt().join("FormattedDate")).call(vec![value, Expr::Path(rt().join("DateFormat").join(format))])
        }
        Ty::DateTime => Expr::Path(rt().join("FormattedDateTime")).call(vec![value]),
        _ => value,
    }
}

/// The request value of an endpoint with optional parameters or pages: a newtype around the runtime's
/// `Call` or `PagedCall`, one setter per optional parameter, and `IntoFuture`.
fn request_value<'a>(c: &Category, e: &'a EndpointIr) -> Vec<Item<'a>> {
    let Some(request_struct) = &e.request_struct else {
        return Vec::new();
    };
    let name = ident(request_struct);
    let doc_line = format!(
        "The request [`{}::{}`] returns: set any optional parameter, then `.await` it{}.",
        c.accessor,
        e.rust,
        if e.paging.is_some() { " for one page, or `.stream()` every item" } else { "" }
    );
    let with_lifetime = |l: &'static str| Type::Path(Path::new(name.clone()).args(vec![GenericArg::Lifetime(l)]));
    let inner = inner_call(e);
    let mut methods: Vec<ImplItem<'_>> = e.params.iter().filter(|p| p.is_optional()).map(setter).collect();
    if let Some(PagedIr { item, .. }) = &e.paging {
        let wrap = |method: &'static str, arg: &'static str| {
            Expr::path("Self").call(vec![Expr::path("self").field("0").method(method, vec![Expr::path(arg)])])
        };
        methods.push(self_method(
            "The page to fetch, from 1 (default 1); for a stream, the page it starts at.",
            "page",
            ("number", Type::path("u32")),
            wrap("page", "number"),
        ));
        methods.push(self_method(
            "Items per page (for one page, the API's default; for a stream, the largest it accepts).",
            "page_length",
            ("length", Type::path("u32")),
            wrap("page_length", "length"),
        ));
        methods.push(ImplItem::Fn(Fn {
            attrs: vec![doc("Every item, fetched page by page as the stream is read."), inline()],
            vis: true,
            is_async: false,
            name: "stream".into(),
            generics: Vec::new(),
            receiver: Some(Receiver::Value),
            args: Vec::new(),
            ret: Some(rt_type("PageStream", vec![owned(item)])),
            body: vec![Stmt::Tail(Expr::path("self").field("0").method("stream", Vec::new()))],
        }));
    }
    methods.push(self_method(
        "The longest each attempt of this call may take, instead of the client's timeout.",
        "timeout",
        ("timeout", Type::path("::std::time::Duration")),
        Expr::path("Self").call(vec![Expr::path("self").field("0").method("timeout", vec![Expr::path("timeout")])]),
    ));
    methods.push(self_method(
        "This call's retry policy, instead of the client's (`RetryPolicy::none()` never sends it twice).",
        "retry",
        ("policy", Type::Path(rt().join("RetryPolicy"))),
        Expr::path("Self").call(vec![Expr::path("self").field("0").method("retry", vec![Expr::path("policy")])]),
    ));
    let (decoded, decoded_doc) = match &e.paging {
        Some(_) => (
            "PagedCall",
            "The same request, each item decoded as `T` instead (`serde_json::Value`, or a type of your own), in a page and in a stream.",
        ),
        None => {
            ("Call", "The same request, its data decoded as `T` instead (`serde_json::Value`, or a type of your own).")
        }
    };
    methods.push(ImplItem::Fn(Fn {
        attrs: vec![doc(decoded_doc)],
        vis: true,
        is_async: false,
        name: "decode_as".into(),
        generics: vec![Generic::Type { name: "T", bound: Path::new("::serde::de::DeserializeOwned") }],
        receiver: Some(Receiver::Value),
        args: Vec::new(),
        ret: Some(Type::Path(
            rt().join(decoded).args(vec![GenericArg::Lifetime("'a"), GenericArg::Type(Type::path("T"))]),
        )),
        body: vec![Stmt::Tail(Expr::path("self").field("0").method("decode_as", Vec::new()))],
    }));
    vec![
        Item::Struct {
            attrs: vec![
                doc(doc_line),
                Attr::NameValue { path: "must_use", value: "a request does nothing until it is awaited".into() },
                super::derive(&["Debug"]),
            ],
            vis: true,
            name: name.clone(),
            generics: vec![Generic::Lifetime("'a")],
            fields: Fields::Unnamed(vec![Field { attrs: Vec::new(), vis: false, name: None, ty: inner }]),
        },
        Item::Impl {
            attrs: Vec::new(),
            generics: vec![Generic::Lifetime("'a")],
            trait_: None,
            self_ty: with_lifetime("'a"),
            items: methods,
        },
        Item::Impl {
            attrs: Vec::new(),
            generics: vec![Generic::Lifetime("'a")],
            trait_: Some(Path::new("::std::future::IntoFuture")),
            self_ty: with_lifetime("'a"),
            items: vec![
                ImplItem::Type { name: "Output", ty: rt_type("Result", vec![output(e)]) },
                ImplItem::Type {
                    name: "IntoFuture",
                    ty: Type::Path(
                        rt().join("BoxFuture")
                            .args(vec![GenericArg::Lifetime("'a"), GenericArg::Type(Type::path("Self::Output"))]),
                    ),
                },
                ImplItem::Fn(Fn {
                    attrs: vec![inline()],
                    vis: false,
                    is_async: false,
                    name: "into_future".into(),
                    generics: Vec::new(),
                    receiver: Some(Receiver::Value),
                    args: Vec::new(),
                    ret: Some(Type::path("Self::IntoFuture")),
                    body: vec![Stmt::Tail(Expr::path("self").field("0").method("into_future", Vec::new()))],
                }),
            ],
        },
    ]
}

/// The runtime's request value the endpoint's call is: `rt::PagedCall<'a, Item>`, `rt::Call<'a, T>`, or
/// `rt::Call<'a, (), rt::NoData>` when nothing useful comes back.
fn inner_call(e: &EndpointIr) -> Type<'static> {
    let rt_with_lifetime = |name: &str, args: Vec<Type<'static>>| {
        let args = std::iter::once(GenericArg::Lifetime("'a")).chain(args.into_iter().map(GenericArg::Type)).collect();
        Type::Path(rt().join(name).args(args))
    };
    match (&e.paging, &e.returns) {
        (Some(PagedIr { item, .. }), _) => rt_with_lifetime("PagedCall", vec![owned(item)]),
        (None, Some(t)) => rt_with_lifetime("Call", vec![owned(t)]),
        (None, None) => rt_with_lifetime("Call", vec![Type::Unit, Type::Path(rt().join("NoData"))]),
    }
}

/// `#[inline]`, on what sends a request value (`into_future`, `stream`): it is the one non-generic
/// function that instantiates the runtime's whole send-and-decode path for the endpoint's type, and
/// inline, that code is generated in the crate that awaits it, for the endpoints that crate calls,
/// rather than in `axero` for every endpoint (the crate's debug build: 7.9 s → 4.8 s of CPU).
fn inline() -> Attr<'static> {
    Attr::Word { path: "inline" }
}

/// `pub fn name(self, arg: Type) -> Self { body }`
fn self_method<'a>(
    doc_line: &'static str,
    name: &'static str,
    arg: (&'static str, Type<'a>),
    body: Expr<'a>,
) -> ImplItem<'a> {
    ImplItem::Fn(Fn {
        attrs: vec![doc(doc_line)],
        vis: true,
        is_async: false,
        name: name.into(),
        generics: Vec::new(),
        receiver: Some(Receiver::Value),
        args: vec![(arg.0.into(), arg.1)],
        ret: Some(Type::path("Self")),
        body: vec![Stmt::Tail(body)],
    })
}

/// The setter of one optional parameter. A setter names its parameter, so an id setter also takes a
/// plain integer (`role_id(3)`); positional ids take exactly their type, so that a swap cannot compile.
/// (No spec type is in scope in an endpoint file, so the prelude's `Into` is the real one.)
fn setter(p: &ParamIr) -> ImplItem<'_> {
    let n = ident(&p.rust);
    let ty = match &p.ty {
        Ty::Id(_) => Type::Impl(Path::new("Into").args(vec![GenericArg::Type(owned(&p.ty))])),
        other => borrowed(other),
    };
    let where_ = match p.location {
        Location::Path => "path",
        Location::Query => "query",
        Location::FormText | Location::FormFile => "form",
        Location::Header => "header",
    };
    let attrs = doc_attrs(&p.docs, format!("`{}` ({where_})", p.wire));
    let request = crate::naming::setter_request(&p.rust);
    let step = param_step(p, Expr::path(request));
    let body = Expr::path("Self")
        .call(vec![Expr::path("self").field("0").method("map", vec![Expr::Closure(request, Box::new(step))])]);
    ImplItem::Fn(Fn {
        attrs,
        vis: true,
        is_async: false,
        name: n.clone(),
        generics: Vec::new(),
        receiver: Some(Receiver::Value),
        args: vec![(n, ty)],
        ret: Some(Type::path("Self")),
        body: vec![Stmt::Tail(body)],
    })
}
