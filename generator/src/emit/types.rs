//! A types module: structs and forward-compatible enums, with serde wiring into the runtime's lenient
//! decoders.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, owned, rt, rt_path};
use crate::ir::{FieldIr, Ty, TypeIr, TypeIrKind, TypesModule, VariantIr};

/// One `src/api/types/<module>.rs`.
pub fn types_module(m: &TypesModule) -> TokenStream {
    let doc = format!(" Types declared in `{}`.", m.source);
    let items = m.types.iter().map(type_item);
    let uses = super::use_modules(m.types.iter().flat_map(|t| match &t.kind {
        TypeIrKind::Struct { fields, .. } => fields.iter().map(|f| &f.ty).collect::<Vec<_>>(),
        _ => Vec::new(),
    }));
    quote! {
        #![doc = #doc]
        #![allow(deprecated)]

        #uses

        #(#items)*
    }
}

fn type_item(t: &TypeIr) -> TokenStream {
    match &t.kind {
        TypeIrKind::Struct { fields, default, additional } => struct_item(t, fields, *default, *additional),
        TypeIrKind::IntEnum(variants) => int_enum(t, variants),
        TypeIrKind::StrEnum(variants) => str_enum(t, variants),
    }
}

fn struct_item(t: &TypeIr, fields: &[FieldIr], default: bool, additional: bool) -> TokenStream {
    let name = ident(&t.name);
    let docs = doc_attrs(&t.docs, &format!("The `{}` object.", t.name));
    let derive_default = default.then(|| quote!(Default,));
    let constructor = (!default).then(|| constructor(t, fields, additional));
    let fields = fields.iter().map(field);
    let additional = additional.then(|| {
        quote! {
            /// The fields the spec does not list, kept as they came so that a read-modify-write loses
            /// nothing; set entries here to send fields the spec does not know.
            #[serde(flatten)]
            pub additional_fields: ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>,
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }

        #constructor
    }
}

/// A constant field: a zero-sized marker that always sends its value and accepts whatever comes back.
fn constant_field(f: &FieldIr, constant: &str) -> TokenStream {
    let rt = rt();
    let name = ident(&f.rust);
    let wire = &f.wire;
    let docs = doc_attrs(&f.docs, &format!("`{wire}`: always `{constant}`."));
    let ty = match constant {
        "true" => quote!(#rt::wire::ConstBool<true>),
        "false" => quote!(#rt::wire::ConstBool<false>),
        n => {
            let n = proc_macro2::Literal::i64_unsuffixed(n.parse().unwrap_or_default());
            quote!(#rt::wire::ConstInt<#n>)
        }
    };
    quote! {
        #docs
        #[serde(rename = #wire, default)]
        pub #name: #ty,
    }
}

/// `new(required fields…)` for a struct that cannot derive `Default`, so that a caller names only what
/// is required and fills the rest with `..Type::new(..)`.
fn constructor(t: &TypeIr, fields: &[FieldIr], additional: bool) -> TokenStream {
    let name = ident(&t.name);
    let (defaults, fields): (Vec<&FieldIr>, Vec<&FieldIr>) =
        fields.iter().partition(|f| f.constant.is_some() || f.empty_when_absent);
    let (required, optional): (Vec<&FieldIr>, Vec<&FieldIr>) =
        fields.into_iter().partition(|f| !matches!(f.ty, Ty::Option(_)));
    let default_names = defaults.iter().map(|f| ident(&f.rust));
    let args = required.iter().map(|f| {
        let n = ident(&f.rust);
        let ty = field_ty(f);
        quote!(#n: #ty)
    });
    let required_names = required.iter().map(|f| ident(&f.rust));
    let optional_names = optional.iter().map(|f| ident(&f.rust));
    let doc =
        format!(" A `{}` with the required fields set, every optional field `None` and every list empty.", t.name);
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let additional = additional.then(|| quote!(additional_fields: ::std::collections::BTreeMap::new(),));
    quote! {
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#required_names,)*
                    #(#optional_names: ::std::option::Option::None,)*
                    #(#default_names: ::std::default::Default::default(),)*
                    #additional
                }
            }
        }
    }
}

/// Scalars whose JSON form the API is loose about (numbers or booleans sent as strings, dates without an
/// offset); they decode through `::axero_runtime::lenient`.
fn is_lenient(ty: &Ty) -> bool {
    matches!(ty, Ty::Bool | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Date | Ty::DateTime | Ty::Id(_))
}

/// A field's Rust type: `Box`ed (inside the `Option`) when the type contains itself through it.
fn field_ty(f: &FieldIr) -> TokenStream {
    match (&f.ty, f.boxed) {
        (_, false) => owned(&f.ty),
        (Ty::Option(inner), true) => {
            let t = owned(inner);
            quote!(::std::option::Option<::std::boxed::Box<#t>>)
        }
        (t, true) => {
            let t = owned(t);
            quote!(::std::boxed::Box<#t>)
        }
    }
}

fn field(f: &FieldIr) -> TokenStream {
    let name = ident(&f.rust);
    if let Some(constant) = &f.constant {
        return constant_field(f, constant);
    }
    let ty = field_ty(f);
    let docs = doc_attrs(&f.docs, &format!("`{}`", f.wire));
    let wire = &f.wire;
    let mut serde = vec![quote!(rename = #wire)];
    let (inner, optional) = match &f.ty {
        Ty::Option(inner) => (&**inner, true),
        other => (other, false),
    };
    if optional {
        serde.push(quote!(default));
        if !f.nullable {
            serde.push(quote!(skip_serializing_if = "::std::option::Option::is_none"));
        }
    }
    if f.empty_when_absent {
        serde.push(quote!(default));
        if !f.nullable {
            let is_empty = match inner {
                Ty::Map(_) => "::std::collections::BTreeMap::is_empty",
                _ => "::std::vec::Vec::is_empty",
            };
            serde.push(quote!(skip_serializing_if = #is_empty));
        }
        if !matches!(inner, Ty::Csv(_)) {
            let path = rt_path("lenient::or_empty");
            serde.push(quote!(deserialize_with = #path));
        }
    }
    let suffix = if optional { "_opt" } else { "" };
    if let Ty::Csv(_) = inner {
        let path = rt_path(if optional { "csv::opt" } else { "csv" });
        serde.push(quote!(with = #path));
    } else if is_lenient(inner) {
        let path = rt_path(&format!("lenient::de{suffix}"));
        serde.push(quote!(deserialize_with = #path));
    }
    let date_format = match f.format {
        crate::ir::DateFormat::Iso => None,
        crate::ir::DateFormat::Us => Some("us"),
        crate::ir::DateFormat::Compact => Some("compact"),
    };
    if f.as_string {
        let path = rt_path(&format!("wire::as_string{suffix}"));
        serde.push(quote!(serialize_with = #path));
    } else if let (Some(format), Ty::Date) = (date_format, inner) {
        let path = rt_path(&format!("dates::{format}{suffix}"));
        serde.push(quote!(serialize_with = #path));
    }
    quote! {
        #docs
        #[serde(#(#serde),*)]
        pub #name: #ty,
    }
}

fn variant_docs<V: std::fmt::Display>(v: &VariantIr<V>) -> TokenStream {
    doc_attrs(&v.docs, &format!("`{}`", v.value))
}

fn int_enum(t: &TypeIr, variants: &[VariantIr<i64>]) -> TokenStream {
    let rt = rt();
    let name = ident(&t.name);
    let docs = doc_attrs(&t.docs, &format!("The `{}` values.", t.name));
    let decls = variants.iter().map(|v| {
        let vn = ident(&v.name);
        let d = variant_docs(v);
        quote!(#d #vn,)
    });
    let values: Vec<proc_macro2::Literal> =
        variants.iter().map(|v| proc_macro2::Literal::i64_unsuffixed(v.value)).collect();
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#decls)*
            /// A value this version of the crate does not know; kept so that nothing is lost.
            Unknown(i32),
        }

        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#values => Self::#names,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl ::std::convert::From<#name> for i32 {
            fn from(value: #name) -> i32 {
                match value {
                    #(#name::#names => #values,)*
                    #name::Unknown(other) => other,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&i32::from(*self), f)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i32(i32::from(*self))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #rt::lenient::de::<D, i32>(deserializer).map(Self::from)
            }
        }
    }
}

fn str_enum(t: &TypeIr, variants: &[VariantIr<String>]) -> TokenStream {
    let rt = rt();
    let name = ident(&t.name);
    let docs = doc_attrs(&t.docs, &format!("The `{}` values.", t.name));
    let decls = variants.iter().map(|v| {
        let vn = ident(&v.name);
        let d = variant_docs(v);
        quote!(#d #vn,)
    });
    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
    let names: Vec<_> = variants.iter().map(|v| ident(&v.name)).collect();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#decls)*
            /// A value this version of the crate does not know; kept so that nothing is lost.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #values,)*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#values => Self::#names,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #rt::lenient::string(deserializer).map(|s| Self::from(s.as_str()))
            }
        }
    }
}
