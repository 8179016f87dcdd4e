//! `src/api/ids.rs`: one newtype per entity id (`UserId(pub i32)`), so that a method taking a space
//! and a user cannot be called with the two swapped.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, rt, rt_path};
use crate::ir::{IdIr, IdsModule};

/// `src/api/ids.rs`.
pub fn ids_module(m: &IdsModule) -> TokenStream {
    let items = m.ids.iter().map(id_item);
    quote! {
        //! The API's entity ids, one type each, so that ids of different kinds cannot be mixed up.
        //! Each is a `Copy` newtype of `i32` that prints, serializes and compares like the number,
        //! and decodes from a number or a string holding one.

        #(#items)*
    }
}

fn id_item(id: &IdIr) -> TokenStream {
    let rt = rt();
    let name = ident(&id.name);
    let docs = doc_attrs(&id.docs, &format!("An id of the `{}` kind.", id.name));
    let lenient = rt_path("lenient::de");
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(#[serde(deserialize_with = #lenient)] pub i32);

        #rt::impl_id!(#name);
    }
}
