//! `src/api/mod.rs` (the module list and the API-wide conventions) and `src/api/types/mod.rs`.

use super::syntax::{Attr, Expr, Field, Fields, File, Fn, GenericArg, ImplItem, Item, Path, Receiver, Stmt, Str, Type};
use super::{derive, docs, ident, inner_docs, rt};
use crate::ir::{Gate, Ir};

/// The runtime items a caller may name, documented in the generated crate (a re-export of another
/// crate's items is documented in place), so that its docs alone show the builder's methods and
/// `Request`.
pub const RUNTIME_ITEMS: &[&str] = &[
    "AttemptOutcome",
    "AttemptRequest",
    "BoxFuture",
    "Call",
    "Client",
    "ClientBuilder",
    "Data",
    "Endpoint",
    "EnvelopeMode",
    "Hook",
    "Method",
    "NoData",
    "Operation",
    "PagedCall",
    "Request",
    "RetryPolicy",
    "StatusCode",
];

/// `src/api/runtime.rs`: [`RUNTIME_ITEMS`], inlined, and the HTTP client crate underneath.
pub fn runtime_mod() -> File<'static> {
    let attrs = inner_docs([
        Str::from("The runtime every call goes through (the `axero-runtime` crate): the client underneath"),
        Str::from("([`Client::runtime`](crate::Client::runtime)), the builder's methods ([`ClientBuilder`]), and"),
        Str::from("[`Request`] to call an endpoint the spec lacks through the same auth, retries and rate limits."),
    ]);
    let inline = Attr::List { inner: false, path: "doc", metas: vec![super::syntax::Meta::Path("inline".into())] };
    // A few names per `use`, so that each fits on a line as prettyplease lays it out.
    let mut items: Vec<Item<'static>> = RUNTIME_ITEMS
        .chunks(4)
        .map(|names| Item::Use {
            attrs: vec![inline.clone()],
            vis: true,
            tree: match names {
                [one] => format!("{}::{one}", super::RT),
                _ => format!("{}::{{{}}}", super::RT, names.join(", ")),
            }
            .into(),
        })
        .collect();
    items.push(Item::Use {
        attrs: docs([Str::from("The HTTP client underneath, for [`ClientBuilder::configure_http`].")]),
        vis: true,
        tree: format!("{}::reqwest", super::RT).into(),
    });
    File { attrs, items }
}

/// `src/api/mod.rs`.
pub fn api_mod<'a>(ir: &'a Ir) -> File<'a> {
    // Each module's docs are its own file's `//!` lines; an outer doc here would repeat them.
    let attrs = inner_docs(super::doc_text(&ir.api.doc, "The API, one module per category."));
    let mut items = vec![
        Item::Mod { attrs: Vec::new(), vis: true, name: "ids".into() },
        Item::Mod { attrs: Vec::new(), vis: true, name: "runtime".into() },
        Item::Mod { attrs: Vec::new(), vis: true, name: "types".into() },
    ];
    for c in &ir.categories {
        let mut module = Item::Mod { attrs: Vec::new(), vis: true, name: ident(&c.module) };
        super::gate(&mut module, &Gate::AnyOf(vec![c.module.clone()]));
        items.push(module);
    }
    let api = &ir.api;
    let rt_client = || Type::Path(rt().join("Client"));
    let lines = |lines: &[&'static str]| docs(lines.iter().map(|l| Str::from(l.strip_prefix(' ').unwrap_or(l))));
    items.push(Item::Struct {
        attrs: [
            lines(&[
                " A client for one site: one accessor per category (`client.users()`), one method per",
                " endpoint. Cheap to clone; clones share the connection pool and the rate limits.",
                "",
                " Build one with [`Client::builder`]; the token is never shown (`Debug`, errors, traces) and",
                " never sent to another origin.",
            ]),
            vec![derive(&["Debug", "Clone"])],
        ]
        .concat(),
        vis: true,
        name: "Client".into(),
        generics: Vec::new(),
        fields: Fields::Named(vec![Field {
            attrs: Vec::new(),
            vis: false,
            name: Some("runtime".into()),
            ty: rt_client(),
        }]),
    });
    items.push(Item::Type {
        attrs: lines(&[
            " Configures a [`Client`]: base URL, credentials, timeouts, retries, rate limits. Its methods",
            " (`base_url`, `bearer_token`, `min_interval`, `configure_http`, …) are documented on",
            " [`runtime::ClientBuilder`].",
        ]),
        vis: true,
        name: "ClientBuilder".into(),
        ty: Type::Path(rt().join("ClientBuilder").args(vec![GenericArg::Type(Type::path("Client"))])),
    });
    let method = |doc: &[&'static str], name: &'static str, receiver, ret, body| {
        ImplItem::Fn(Fn {
            attrs: lines(doc),
            vis: true,
            is_async: false,
            name: name.into(),
            generics: Vec::new(),
            receiver,
            args: Vec::new(),
            ret: Some(ret),
            body: vec![Stmt::Tail(body)],
        })
    };
    items.push(Item::Impl {
        attrs: Vec::new(),
        generics: Vec::new(),
        trait_: None,
        self_ty: Type::path("Client"),
        items: vec![
            method(
                &[" A builder with the API's conventions and the runtime's defaults."],
                "builder",
                None,
                Type::path("ClientBuilder"),
                Expr::Path(rt().join("ClientBuilder").join("new")).call(vec![Expr::path("CONVENTIONS")]),
            ),
            method(
                &[
                    " The runtime client underneath, to send a [`Request`](runtime::Request) for an",
                    " endpoint the spec lacks through the same auth, retries and rate limits.",
                ],
                "runtime",
                Some(Receiver::Ref),
                rt_client().reference(),
                Expr::path("self").field("runtime").reference(),
            ),
            ImplItem::Fn(Fn {
                attrs: lines(&[
                    " The endpoint a request line from a log or a browser names, and the call that sends it:",
                    " `Client::find_endpoint(\"GET /api/users/42/details\")` gives the endpoint",
                    " `GET /api/users/{UserID}/details` and its method's call. The method, the site, the query",
                    " and the leading `/` may be left out; a `{placeholder}` of the path template takes any",
                    " segment. Every endpoint of the spec is listed, whatever features are on.",
                ]),
                vis: true,
                is_async: false,
                name: "find_endpoint".into(),
                generics: Vec::new(),
                receiver: None,
                args: vec![("line".into(), Type::path("&str"))],
                ret: Some(Type::generic("::std::option::Option", vec![Type::Path(rt().join("Operation"))])),
                body: vec![Stmt::Tail(
                    Expr::Path(super::private(rt()).join("find"))
                        .call(vec![Expr::path("ENDPOINTS"), Expr::path("line")]),
                )],
            }),
        ],
    });
    items.push(Item::Const {
        attrs: lines(&[" Every endpoint: its HTTP method, its path template and the call that sends it."]),
        vis: false,
        name: "ENDPOINTS".into(),
        ty: Type::path("&[&str]"),
        // One line each: `GET /api/users/{UserID}/details users().get`.
        expr: Expr::Ref(Box::new(Expr::Array(
            ir.categories
                .iter()
                .flat_map(|c| c.endpoints.iter().map(move |e| (c, e)))
                .map(|(c, e)| Expr::Str(format!("{} {} {}().{}", e.method.as_upper(), e.path, c.module, e.rust).into()))
                .collect(),
        ))),
    });
    items.push(Item::Impl {
        attrs: Vec::new(),
        generics: Vec::new(),
        trait_: Some(Path::new("::std::convert::From").args(vec![GenericArg::Type(rt_client())])),
        self_ty: Type::path("Client"),
        items: vec![ImplItem::Fn(Fn {
            attrs: Vec::new(),
            vis: false,
            is_async: false,
            name: "from".into(),
            generics: Vec::new(),
            receiver: None,
            args: vec![("runtime".into(), rt_client())],
            ret: Some(Type::path("Self")),
            body: vec![Stmt::Tail(Expr::Struct(Path::new("Client"), vec![("runtime".into(), None)]))],
        })],
    });
    let some = |s: Option<&'a String>| match s {
        Some(s) => Expr::path("::std::option::Option::Some").call(vec![Expr::str(s.as_str())]),
        None => Expr::path("::std::option::Option::None"),
    };
    let [error, message, total, data] = &api.envelope;
    let field = |name: &'static str, value: Expr<'a>| (Str::from(name), Some(value));
    let conventions = Expr::Struct(
        rt().join("Conventions"),
        vec![
            field("base_url", Expr::str(api.base_url.as_str())),
            field("bearer_header", Expr::str(api.bearer_header.as_str())),
            field("legacy_header", some(api.legacy_header.as_ref().map(|(h, _)| h))),
            field("legacy_note", some(api.legacy_header.as_ref().and_then(|(_, note)| note.as_ref()))),
            field(
                "envelope",
                Expr::Struct(
                    rt().join("EnvelopeFields"),
                    vec![
                        field("error", Expr::str(error.as_str())),
                        field("message", Expr::str(message.as_str())),
                        field("total", Expr::str(total.as_str())),
                        field("data", Expr::str(data.as_str())),
                    ],
                ),
            ),
            field("paging", paging_expr(&api.paging)),
        ],
    );
    items.push(Item::Const {
        attrs: lines(&[" The API-wide conventions of `api.yaml`, which the runtime follows."]),
        vis: true,
        name: "CONVENTIONS".into(),
        ty: Type::Path(rt().join("Conventions")),
        expr: conventions,
    });
    File { attrs, items }
}

/// A `::axero_runtime::Paging` literal.
pub fn paging_expr(p: &crate::ir::PagingIr) -> Expr<'_> {
    let field = |name: &'static str, value: Expr<'static>| (Str::from(name), Some(value));
    Expr::Struct(
        rt().join("Paging"),
        vec![
            field("page", Expr::str(p.page.clone())),
            field("size", Expr::str(p.size.clone())),
            field("first_page", Expr::Lit(p.first_page.to_string().into())),
            field("default_size", Expr::Lit(p.default_size.to_string().into())),
            field("max_size", Expr::Lit(p.max_size.to_string().into())),
        ],
    )
}

/// `src/api/types/mod.rs`: every type under one path, `axero::types`.
pub fn types_mod(ir: &Ir) -> File<'_> {
    // A file that declares no types has no module here (an empty glob re-export would warn); a module
    // compiles when any of its types does.
    let modules: Vec<(Str<'_>, Gate)> = std::iter::once(&ir.common)
        .chain(ir.categories.iter().map(|c| &c.types))
        .filter(|t| !t.types.is_empty())
        .map(|t| (ident(&t.module), Gate::any(t.types.iter().map(|t| &t.gate))))
        .collect();
    let mut items: Vec<Item<'_>> = Vec::new();
    for (m, gate) in &modules {
        let mut module = Item::Mod { attrs: Vec::new(), vis: false, name: m.clone() };
        super::gate(&mut module, gate);
        items.push(module);
    }
    for (m, gate) in &modules {
        let mut glob = Item::Use { attrs: Vec::new(), vis: true, tree: format!("self::{m}::*").into() };
        super::gate(&mut glob, gate);
        items.push(glob);
    }
    File {
        attrs: vec![Attr::Doc { inner: true, text: "Every type of the API, whichever spec file declares it.".into() }],
        items,
    }
}
