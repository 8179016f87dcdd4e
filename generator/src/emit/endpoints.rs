//! A category module: the accessor struct, one method per endpoint, and the request values of the
//! endpoints that have optional parameters or pages. Each method only states the endpoint's facts; the
//! runtime does the work.
//!
//! The call shape: required parameters are positional arguments; an endpoint with optional parameters
//! or paging returns a request value with one setter per optional parameter (and `page`,
//! `page_length`, `stream` when it pages), sent when awaited; any other endpoint is an `async fn`.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::{borrowed, doc_attrs, doc_text, ident, owned, rt_alias as rt, use_rt};
use crate::ir::{BodyIr, Category, DateFormat, EndpointIr, EnvelopeMode, Location, PagedIr, ParamIr, Ty};

/// One `src/api/<category>.rs`.
pub fn category(c: &Category) -> TokenStream {
    let rt = rt();
    let module_doc = doc_text(&c.doc, &format!("The `{}` endpoints.", c.module));
    let accessor = ident(&c.accessor);
    let module = ident(&c.module);
    let accessor_doc =
        format!(" The `{}` endpoints; get one with [`Client::{}`](crate::Client::{}).", c.module, c.module, c.module);
    let client_doc = format!(" The `{}` endpoints.", c.module);
    if c.endpoints.is_empty() {
        // A file of types only: no accessor (it would have nothing to call, and its field would be dead).
        return quote! { #(#![doc = #module_doc])* };
    }
    let methods = c.endpoints.iter().map(method);
    let requests = c.endpoints.iter().filter_map(|e| request_value(c, e));
    let use_rt = use_rt();
    let uses = super::use_modules(c.endpoints.iter().flat_map(|e| {
        let body = match &e.body {
            Some(BodyIr::Json { ty, .. }) => Some(ty),
            _ => None,
        };
        e.params.iter().map(|p| &p.ty).chain(body).chain(&e.returns)
    }));
    quote! {
        #(#![doc = #module_doc])*
        #![allow(deprecated)]

        #use_rt
        #uses

        impl crate::Client {
            #[doc = #client_doc]
            pub fn #module(&self) -> #accessor<'_> {
                #accessor { client: &self.runtime }
            }
        }

        #[doc = #accessor_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #accessor<'a> {
            client: &'a #rt::Client,
        }

        impl<'a> #accessor<'a> {
            #(#methods)*
        }

        #(#requests)*
    }
}

/// What awaiting the endpoint's call gives.
fn output(e: &EndpointIr) -> TokenStream {
    let rt = rt();
    match (&e.paging, &e.returns) {
        (Some(PagedIr { item, .. }), _) => {
            let item = owned(item);
            quote!(#rt::Page<#item>)
        }
        (None, Some(t)) => owned(t),
        (None, None) => quote!(()),
    }
}

/// The endpoint's method: an `async fn`, or a plain `fn` returning its request value.
fn method(e: &EndpointIr) -> TokenStream {
    let rt = rt();
    let name = ident(&e.rust);
    let allow = (!e.allow.is_empty()).then(|| {
        let lints: Vec<syn::Path> = e.allow.iter().filter_map(|l| syn::parse_str(l).ok()).collect();
        quote!(#[allow(#(#lints),*)])
    });
    let docs = method_docs(e);
    let args = arguments(e).into_iter().map(|(n, t)| quote!(#n: #t));
    let build = build_request(e);
    match &e.request_struct {
        None => {
            let ret = output(e);
            let call = match &e.returns {
                Some(_) => quote!(self.client.send(request).await),
                None => quote!(self.client.send_ignoring_data(request).await),
            };
            quote! {
                #docs
                #allow
                pub async fn #name(&self, #(#args),*) -> #rt::Result<#ret> {
                    let request = #build;
                    #call
                }
            }
        }
        Some(request_struct) => {
            let request_struct = ident(request_struct);
            let inner = if e.paging.is_some() { quote!(PagedCall) } else { quote!(Call) };
            quote! {
                #docs
                #allow
                pub fn #name(&self, #(#args),*) -> #request_struct<'a> {
                    let request = #build;
                    #request_struct(#rt::#inner::new(self.client, request))
                }
            }
        }
    }
}

fn method_docs(e: &EndpointIr) -> TokenStream {
    // An argument's docs on one line of the list (its paragraphs joined).
    let one_line = |lines: &[String]| lines.iter().filter(|l| !l.is_empty()).cloned().collect::<Vec<_>>().join(" ");
    let mut docs = e.docs.clone();
    let described: Vec<String> = e
        .params
        .iter()
        .filter(|p| p.is_arg() && !p.docs.lines.is_empty())
        .map(|p| format!("- `{}`: {}", p.rust, one_line(&p.docs.lines)))
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
        docs.lines.push(String::new());
        docs.lines.extend(described);
    }
    // A heading may follow a paragraph directly, and a paragraph the heading.
    docs.lines.extend(["# Errors".to_owned(), errors_doc(e)]);
    let attrs = doc_attrs(&docs, "");
    // rustdoc search finds the method by its HTTP method and path, by the path alone, and by the path
    // without its placeholders (`/api/users/details`).
    let path = &e.path;
    let bare = path.split('/').filter(|s| !s.starts_with('{')).collect::<Vec<_>>().join("/");
    let mut aliases = vec![format!("{} {path}", e.method.as_upper()), path.clone()];
    if bare != *path {
        aliases.push(bare);
    }
    let aliases = aliases.iter().filter(|a| !a.contains(['"', '\'', '\t', '\n']));
    quote! {
        #attrs
        #(#[doc(alias = #aliases)])*
    }
}

/// The `# Errors` paragraph: the variants this endpoint's call can fail with.
fn errors_doc(e: &EndpointIr) -> String {
    let link = |variant: &str| format!("[`{variant}`](rt::Error::{variant})");
    let mut specific = Vec::new();
    if e.params.iter().any(|p| p.location == Location::Path && p.constant.is_none()) {
        specific.push(format!("{} when the path names something that does not exist", link("NotFound")));
    }
    if e.returns.is_some() {
        specific.push(format!("{} when the reply does not have the expected shape", link("Decode")));
    }
    if e.paging.is_some() {
        specific.push(format!("{} when a stream reaches the client's page cap", link("PageLimit")));
    }
    let common: Vec<String> = ["Unauthorized", "Forbidden", "Api", "RateLimited", "Server", "Timeout", "Transport"]
        .iter()
        .map(|v| link(v))
        .collect();
    let specific = if specific.is_empty() { String::new() } else { format!("{}; and ", specific.join("; ")) };
    format!("{specific}what any call can fail with: {} (see [`Error`](rt::Error)).", common.join(", "))
}

/// The positional arguments, as name and type: required parameters, then the body.
fn arguments(e: &EndpointIr) -> Vec<(proc_macro2::Ident, TokenStream)> {
    let mut out: Vec<_> = e.params.iter().filter(|p| p.is_arg()).map(|p| (ident(&p.rust), borrowed(&p.ty))).collect();
    match &e.body {
        Some(BodyIr::Json { arg, ty, constant: None, .. }) => out.push((ident(arg), borrowed(ty))),
        Some(BodyIr::Binary { arg, .. }) => {
            let rt = rt();
            out.push((ident(arg), quote!(#rt::Upload)));
        }
        Some(BodyIr::Json { constant: Some(_), .. } | BodyIr::Multipart) | None => {}
    }
    out
}

/// `Request::new(..).path(..).query(..)...` with the constants and required parameters.
fn build_request(e: &EndpointIr) -> TokenStream {
    let rt = rt();
    let method = ident(e.method.as_upper());
    let path = &e.path;
    let mut steps: Vec<TokenStream> = e.params.iter().filter(|p| !p.is_optional()).map(param_step).collect();
    match &e.body {
        Some(BodyIr::Json { constant: Some(constant), .. }) => {
            let value: TokenStream = match constant.as_str() {
                "true" => quote!(true),
                "false" => quote!(false),
                n => proc_macro2::Literal::i64_unsuffixed(n.parse().unwrap_or_default()).into_token_stream(),
            };
            steps.push(quote!(.json(&#value)));
        }
        Some(BodyIr::Json { arg, ty, as_string, constant: None, json_string, .. }) => {
            let n = ident(arg);
            let value = if matches!(ty, Ty::String) || !ty.is_copy() { quote!(#n) } else { quote!(&#n) };
            steps.push(match (ty, as_string, json_string) {
                (Ty::Csv(_), _, _) => quote!(.json_csv(#n)),
                (_, true, _) => quote!(.json(&#rt::wire::AsString(#n))),
                (_, false, true) => quote!(.json_string(#value)),
                _ => quote!(.json(#value)),
            });
        }
        Some(BodyIr::Binary { arg, .. }) => {
            let n = ident(arg);
            steps.push(quote!(.binary(#n)));
        }
        Some(BodyIr::Multipart) | None => {}
    }
    match e.envelope {
        EnvelopeMode::Always => {}
        EnvelopeMode::Never => steps.push(quote!(.envelope(#rt::EnvelopeMode::Never))),
        EnvelopeMode::Either => steps.push(quote!(.envelope(#rt::EnvelopeMode::Either))),
    }
    match &e.paging {
        Some(PagedIr { custom: Some(paging), .. }) => {
            let p = super::modules::paging_tokens(paging);
            steps.push(quote!(.paged(#p)));
        }
        Some(PagedIr { custom: None, .. }) => steps.push(quote!(.paged(crate::api::CONVENTIONS.paging))),
        None => {}
    }
    quote! {
        #rt::Request::new(#rt::Method::#method, #path)
            #(#steps)*
    }
}

/// One `.path(..)`, `.query(..)`, `.header(..)`, `.form(..)` or `.file(..)` step that sends `p`: its
/// constant, or the argument (or setter value) of the same name.
fn param_step(p: &ParamIr) -> TokenStream {
    let wire = &p.wire;
    let call = match p.location {
        Location::Path => quote!(path),
        Location::Query => quote!(query),
        Location::Header => quote!(header),
        Location::FormText | Location::FormFile => quote!(form),
    };
    if let Some(constant) = &p.constant {
        return quote!(.#call(#wire, #constant));
    }
    let n = ident(&p.rust);
    if p.location == Location::FormFile {
        return quote!(.file(#wire, #n));
    }
    let Ty::Csv(element) = &p.ty else {
        // An optional id's setter takes `impl Into<Id>`.
        let n = if p.is_optional() && matches!(p.ty, Ty::Id(_)) { quote!(#n.into()) } else { quote!(#n) };
        let v = formatted(&p.ty, p.format, n);
        return quote!(.#call(#wire, #v));
    };
    let csv = match p.location {
        Location::FormText | Location::FormFile => quote!(form_csv),
        _ => quote!(query_csv),
    };
    if matches!(**element, Ty::Date | Ty::DateTime) {
        let v = formatted(element, p.format, quote!(*v));
        quote!(.#csv(#wire, &#n.iter().map(|v| #v).collect::<::std::vec::Vec<_>>()))
    } else {
        quote!(.#csv(#wire, #n))
    }
}

/// `value` wrapped so that a date or date-time prints in the format the endpoint wants.
fn formatted(ty: &Ty, format: DateFormat, value: TokenStream) -> TokenStream {
    let rt = rt();
    let format = match format {
        DateFormat::Iso => quote!(Iso),
        DateFormat::Us => quote!(Us),
        DateFormat::Compact => quote!(Compact),
    };
    match ty {
        Ty::Date => quote!(#rt::FormattedDate(#value, #rt::DateFormat::#format)),
        Ty::DateTime => quote!(#rt::FormattedDateTime(#value)),
        _ => value,
    }
}

/// The request value of an endpoint with optional parameters or pages: a newtype around the runtime's
/// `Call` or `PagedCall`, one setter per optional parameter, and `IntoFuture`.
fn request_value(c: &Category, e: &EndpointIr) -> Option<TokenStream> {
    let rt = rt();
    let name = ident(e.request_struct.as_ref()?);
    let doc = format!(
        " The request [`{}::{}`] returns: set any optional parameter, then `.await` it{}.",
        c.accessor,
        e.rust,
        if e.paging.is_some() { " for one page, or `.stream()` every item" } else { "" }
    );
    let out = output(e);
    let inner = match (&e.paging, &e.returns) {
        (Some(PagedIr { item, .. }), _) => {
            let item = owned(item);
            quote!(#rt::PagedCall<'a, #item>)
        }
        (None, Some(t)) => {
            let t = owned(t);
            quote!(#rt::Call<'a, #t>)
        }
        (None, None) => quote!(#rt::Call<'a, (), #rt::call::NoData>),
    };
    let setters = e.params.iter().filter(|p| p.is_optional()).map(setter);
    let paging = e.paging.as_ref().map(|PagedIr { item, .. }| {
        let item = owned(item);
        quote! {
            /// The page to fetch, from 1 (default 1); for a stream, the page it starts at.
            pub fn page(self, number: u32) -> Self {
                Self(self.0.page(number))
            }

            /// Items per page (for one page, the API's default; for a stream, the largest it accepts).
            pub fn page_length(self, length: u32) -> Self {
                Self(self.0.page_length(length))
            }

            /// Every item, fetched page by page as the stream is read.
            pub fn stream(self) -> #rt::PageStream<#item> {
                self.0.stream()
            }
        }
    });
    Some(quote! {
        #[doc = #doc]
        #[must_use = "a request does nothing until it is awaited"]
        #[derive(Debug)]
        pub struct #name<'a>(#inner);

        impl #name<'_> {
            #(#setters)*
            #paging
        }

        impl<'a> ::std::future::IntoFuture for #name<'a> {
            type Output = #rt::Result<#out>;
            type IntoFuture = #rt::BoxFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                self.0.into_future()
            }
        }
    })
}

/// The setter of one optional parameter. A setter names its parameter, so an id setter also takes a
/// plain integer (`role_id(3)`); positional ids take exactly their type, so that a swap cannot compile.
/// (No spec type is in scope in an endpoint file, so the prelude's `Into` is the real one.)
fn setter(p: &ParamIr) -> TokenStream {
    let n = ident(&p.rust);
    let ty = match &p.ty {
        Ty::Id(_) => {
            let id = owned(&p.ty);
            quote!(impl Into<#id>)
        }
        other => borrowed(other),
    };
    let where_ = match p.location {
        Location::Path => "path",
        Location::Query => "query",
        Location::FormText | Location::FormFile => "form",
        Location::Header => "header",
    };
    let docs = doc_attrs(&p.docs, &format!("`{}` ({where_})", p.wire));
    let step = param_step(p);
    quote! {
        #docs
        pub fn #n(self, #n: #ty) -> Self {
            Self(self.0.map(|r| r #step))
        }
    }
}
