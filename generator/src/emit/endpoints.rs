//! A category module: the accessor struct, one method per endpoint (two for a paged one), and the
//! `…Params` structs. Each method only states the endpoint's facts; `crate::runtime` does the work.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{borrowed, doc_attrs, doc_text, ident, owned};
use crate::ir::{BodyIr, Category, DateFormat, EndpointIr, EnvelopeMode, Location, PagedIr, ParamIr, Ty};

/// One `src/api/<category>.rs`.
pub fn category(c: &Category) -> TokenStream {
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
    let methods = c.endpoints.iter().map(methods);
    let params = c.endpoints.iter().filter_map(|e| params_struct(c, e));
    quote! {
        #(#![doc = #module_doc])*
        #![allow(deprecated)]

        impl crate::Client {
            #[doc = #client_doc]
            pub fn #module(&self) -> #accessor<'_> {
                #accessor { client: &self.runtime }
            }
        }

        #[doc = #accessor_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #accessor<'a> {
            client: &'a ::axero_runtime::Client,
        }

        impl #accessor<'_> {
            #(#methods)*
        }

        #(#params)*
    }
}

/// The method (or, for a paged endpoint, the page and stream methods plus the request builder).
fn methods(e: &EndpointIr) -> TokenStream {
    let name = ident(&e.rust);
    let allow = (!e.allow.is_empty()).then(|| {
        let lints: Vec<syn::Path> = e.allow.iter().filter_map(|l| syn::parse_str(l).ok()).collect();
        quote!(#[allow(#(#lints),*)])
    });
    let docs = method_docs(e);
    let docs = quote!(#docs #allow);
    let args = args(e);
    let build = build_request(e);
    match &e.paging {
        None => {
            let (ret, call) = match &e.returns {
                Some(t) => (owned(t), quote!(self.client.send(request).await)),
                None => (quote!(()), quote!(self.client.send_ignoring_data(request).await)),
            };
            quote! {
                #docs
                pub async fn #name(&self, #(#args),*) -> ::axero_runtime::Result<#ret> {
                    let request = #build;
                    #call
                }
            }
        }
        Some(PagedIr { item, .. }) => {
            let item = owned(item);
            let stream = format_ident!("{}_stream", e.rust);
            let request_fn = format_ident!("{}_request", e.rust);
            let arg_names = arg_names(e);
            let stream_doc = format!(
                " Every item of [`{}`](Self::{}), fetched page by page as the stream is read; see [`PageStream`](::axero_runtime::PageStream).",
                e.rust, e.rust
            );
            let deprecated = e.docs.deprecated.as_ref().map(|n| quote!(#[deprecated(note = #n)]));
            quote! {
                #docs
                pub async fn #name(&self, #(#args,)* page: ::axero_runtime::PageRequest) -> ::axero_runtime::Result<::axero_runtime::Page<#item>> {
                    self.client.page(Self::#request_fn(#(#arg_names),*), page).await
                }

                #[doc = #stream_doc]
                #deprecated
                #allow
                pub fn #stream(&self, #(#args),*) -> ::axero_runtime::PageStream<#item> {
                    self.client.stream(Self::#request_fn(#(#arg_names),*))
                }

                #allow
                fn #request_fn(#(#args),*) -> ::axero_runtime::Request {
                    #build
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
            Some(BodyIr::Json { arg, docs, .. } | BodyIr::Binary { arg, docs }) if !docs.lines.is_empty() => {
                Some(format!("- `{arg}`: {}", one_line(&docs.lines)))
            }
            _ => None,
        })
        .collect();
    if !described.is_empty() {
        docs.lines.push(String::new());
        docs.lines.extend(described);
    }
    doc_attrs(&docs, "")
}

/// The positional arguments, as `name: Type`: required parameters, the body, then `params` when some
/// are optional.
fn args(e: &EndpointIr) -> Vec<TokenStream> {
    arguments(e).into_iter().map(|(n, t)| quote!(#n: #t)).collect()
}

/// The same arguments' names, to pass them on.
fn arg_names(e: &EndpointIr) -> Vec<proc_macro2::Ident> {
    arguments(e).into_iter().map(|(n, _)| n).collect()
}

fn arguments(e: &EndpointIr) -> Vec<(proc_macro2::Ident, TokenStream)> {
    let mut out: Vec<_> = e.params.iter().filter(|p| p.is_arg()).map(|p| (ident(&p.rust), borrowed(&p.ty))).collect();
    match &e.body {
        Some(BodyIr::Json { arg, ty, .. }) => out.push((ident(arg), borrowed(ty))),
        Some(BodyIr::Binary { arg, .. }) => out.push((ident(arg), quote!(::axero_runtime::Upload))),
        Some(BodyIr::Multipart) | None => {}
    }
    if let Some(s) = &e.params_struct {
        let s = ident(s);
        out.push((format_ident!("params"), quote!(&#s)));
    }
    out
}

/// `Request::new(..).path(..).query(..)...`
fn build_request(e: &EndpointIr) -> TokenStream {
    let method = format_ident!("{}", e.method.as_upper());
    let path = &e.path;
    let mut steps = Vec::new();
    for p in &e.params {
        steps.push(param_step(p));
    }
    match &e.body {
        Some(BodyIr::Json { arg, ty, as_string, .. }) => {
            let n = ident(arg);
            let value = if matches!(ty, Ty::String) || !ty.is_copy() { quote!(#n) } else { quote!(&#n) };
            steps.push(match (ty, as_string) {
                (Ty::Csv(_), _) => quote!(.json_csv(#n)),
                (_, true) => quote!(.json(&::axero_runtime::wire::AsString(#n))),
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
        EnvelopeMode::Never => steps.push(quote!(.envelope(::axero_runtime::EnvelopeMode::Never))),
        EnvelopeMode::Either => steps.push(quote!(.envelope(::axero_runtime::EnvelopeMode::Either))),
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
        ::axero_runtime::Request::new(::axero_runtime::Method::#method, #path)
            #(#steps)*
    }
}

/// One `.path(..)`, `.query(..)`, `.header(..)`, `.form(..)` or `.file(..)` step.
fn param_step(p: &ParamIr) -> TokenStream {
    let wire = &p.wire;
    if let Some(constant) = &p.constant {
        return match p.location {
            Location::Path => quote!(.path(#wire, #constant)),
            Location::Query => quote!(.query(#wire, #constant)),
            Location::Header => quote!(.header(#wire, #constant)),
            Location::FormText | Location::FormFile => quote!(.form(#wire, #constant)),
        };
    }
    let n = ident(&p.rust);
    let value = if p.required { quote!(#n) } else { quote!(params.#n) };
    let (base, csv) = match p.location {
        Location::Path => ("path", false),
        Location::Query => ("query", matches!(p.ty, Ty::Csv(_))),
        Location::FormText => ("form", matches!(p.ty, Ty::Csv(_))),
        Location::Header => ("header", false),
        Location::FormFile => {
            return if p.required { quote!(.file(#wire, #value)) } else { quote!(.file_opt(#wire, #value.clone())) };
        }
    };
    let element = match &p.ty {
        Ty::Csv(t) => &**t,
        t => t,
    };
    // Dates and date-times are wrapped so that they print in the format the endpoint wants.
    let wrap = |v: TokenStream| match (element, p.format) {
        (Ty::Date, DateFormat::Iso) => {
            quote!(::axero_runtime::FormattedDate(#v, ::axero_runtime::DateFormat::Iso))
        }
        (Ty::Date, DateFormat::Us) => {
            quote!(::axero_runtime::FormattedDate(#v, ::axero_runtime::DateFormat::Us))
        }
        (Ty::Date, DateFormat::Compact) => {
            quote!(::axero_runtime::FormattedDate(#v, ::axero_runtime::DateFormat::Compact))
        }
        (Ty::DateTime, _) => quote!(::axero_runtime::FormattedDateTime(#v)),
        _ => v,
    };
    let dated = matches!(element, Ty::Date | Ty::DateTime);
    match (p.required, csv) {
        (true, false) => {
            let m = format_ident!("{}", base);
            let v = wrap(value);
            quote!(.#m(#wire, #v))
        }
        (false, false) => {
            let m = format_ident!("{}_opt", base);
            if let Ty::DateTime = element {
                // The wrapper itself is the function (a closure would be `clippy::redundant_closure`).
                quote!(.#m(#wire, #value.map(::axero_runtime::FormattedDateTime)))
            } else if dated {
                let v = wrap(quote!(v));
                quote!(.#m(#wire, #value.map(|v| #v)))
            } else {
                quote!(.#m(#wire, #value.as_ref()))
            }
        }
        (true, true) => {
            let m = format_ident!("{}_csv", base);
            if dated {
                let v = wrap(quote!(*v));
                quote!(.#m(#wire, &#value.iter().map(|v| #v).collect::<::std::vec::Vec<_>>()))
            } else {
                quote!(.#m(#wire, #value))
            }
        }
        (false, true) => {
            let m = format_ident!("{}_csv_opt", base);
            if dated {
                let v = wrap(quote!(*v));
                quote!(.#m(#wire, #value.as_ref().map(|vs| vs.iter().map(|v| #v).collect::<::std::vec::Vec<_>>()).as_deref()))
            } else {
                quote!(.#m(#wire, #value.as_deref()))
            }
        }
    }
}

/// The `…Params` struct of an endpoint with optional parameters.
fn params_struct(c: &Category, e: &EndpointIr) -> Option<TokenStream> {
    let name = ident(e.params_struct.as_ref()?);
    let doc = format!(" Optional parameters of [`{}::{}`].", c.accessor, e.rust);
    let fields = e.params.iter().filter(|p| p.is_optional()).map(|p| {
        let n = ident(&p.rust);
        let t = owned(&Ty::Option(Box::new(p.ty.clone())));
        let where_ = match p.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::FormText | Location::FormFile => "form",
            Location::Header => "header",
        };
        let docs = doc_attrs(&p.docs, &format!("`{}` ({where_})", p.wire));
        quote!(#docs pub #n: #t,)
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default)]
        pub struct #name {
            #(#fields)*
        }
    })
}
