//! `src/api/mod.rs` (the module list and the API-wide conventions) and `src/api/types/mod.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, rt};
use crate::ir::Ir;

/// `src/api/mod.rs`.
pub fn api_mod(ir: &Ir) -> TokenStream {
    let rt = rt();
    // Each module's docs are its own file's `//!` lines; an outer doc here would repeat them.
    let modules = ir.categories.iter().map(|c| {
        let m = ident(&c.module);
        quote!(pub mod #m;)
    });
    let api = &ir.api;
    let base_url = &api.base_url;
    let bearer = &api.bearer_header;
    let some = |s: Option<&String>| match s {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    };
    let legacy = some(api.legacy_header.as_ref().map(|(h, _)| h));
    let legacy_note = some(api.legacy_header.as_ref().and_then(|(_, note)| note.as_ref()));
    let [error, message, total, data] = &api.envelope;
    let paging = paging_tokens(&api.paging);
    let doc = super::doc_text(&api.doc, "The API, one module per category.");
    quote! {
        #(#![doc = #doc])*

        pub mod ids;
        pub mod types;
        #(#modules)*

        /// A client for one site: one accessor per category (`client.users()`), one method per
        /// endpoint. Cheap to clone; clones share the connection pool and the rate limits.
        ///
        /// Build one with [`Client::builder`]; the token is never shown (`Debug`, errors, traces) and
        /// never sent to another origin.
        #[derive(Debug, Clone)]
        pub struct Client {
            runtime: #rt::Client,
        }

        /// Configures a [`Client`]: base URL, credentials, timeouts, retries, rate limits.
        pub type ClientBuilder = #rt::ClientBuilder<Client>;

        impl Client {
            /// A builder with the API's conventions and the runtime's defaults.
            pub fn builder() -> ClientBuilder {
                #rt::ClientBuilder::new(CONVENTIONS)
            }

            /// The runtime client underneath, to send a [`Request`](#rt::Request) for an
            /// endpoint the spec lacks through the same auth, retries and rate limits.
            pub fn runtime(&self) -> &#rt::Client {
                &self.runtime
            }
        }

        impl ::std::convert::From<#rt::Client> for Client {
            fn from(runtime: #rt::Client) -> Self {
                Client { runtime }
            }
        }

        /// The API-wide conventions of `api.yaml`, which the runtime follows.
        pub const CONVENTIONS: #rt::Conventions = #rt::Conventions {
            base_url: #base_url,
            bearer_header: #bearer,
            legacy_header: #legacy,
            legacy_note: #legacy_note,
            envelope: #rt::EnvelopeFields {
                error: #error,
                message: #message,
                total: #total,
                data: #data,
            },
            paging: #paging,
        };
    }
}

/// A `#rt::Paging` literal.
pub fn paging_tokens(p: &crate::ir::PagingIr) -> TokenStream {
    let rt = rt();
    let (page, size) = (&p.page, &p.size);
    let first = proc_macro2::Literal::u32_unsuffixed(p.first_page);
    let default = proc_macro2::Literal::u32_unsuffixed(p.default_size);
    let max = proc_macro2::Literal::u32_unsuffixed(p.max_size);
    quote! {
        #rt::Paging { page: #page, size: #size, first_page: #first, default_size: #default, max_size: #max }
    }
}

/// `src/api/types/mod.rs`: every type under one path, `axero::types`.
pub fn types_mod(ir: &Ir) -> TokenStream {
    // A file that declares no types has no module here (an empty glob re-export would warn).
    let modules: Vec<_> = std::iter::once(&ir.common)
        .chain(ir.categories.iter().map(|c| &c.types))
        .filter(|t| !t.types.is_empty())
        .map(|t| ident(&t.module))
        .collect();
    quote! {
        //! Every type of the API, whichever spec file declares it.

        #(mod #modules;)*
        #(pub use self::#modules::*;)*
    }
}
