//! `src/api/ids.rs`: one newtype per entity id (`UserId(pub i32)`), so that a method taking a space
//! and a user cannot be called with the two swapped.

use super::syntax::{Attr, Field, Fields, File, Item, Meta, Type};
use super::{derive, doc_attrs, ident, inner_docs, rt_alias};
use crate::ir::{Gate, IdIr, IdsModule};

/// `src/api/ids.rs`.
pub fn ids_module(m: &IdsModule) -> File<'_> {
    let attrs = inner_docs(
        [
            "The API's entity ids, one type each, so that ids of different kinds cannot be mixed up.",
            "Each is a `Copy` newtype of `i32` that prints, serializes and compares like the number,",
            "and decodes from a number or a string holding one.",
        ]
        .map(Into::into),
    );
    let mut items = Vec::with_capacity(m.ids.len() * 2 + 1);
    // `rt` is the runtime's private module here: the ids name only its lenient reader and `impl_id!`.
    if !m.ids.is_empty() {
        let mut uses = super::use_rt_private();
        super::gate(&mut uses, &Gate::any(m.ids.iter().map(|i| &i.gate)));
        items.push(uses);
    }
    for id in &m.ids {
        id_items(&mut items, id);
    }
    File { attrs, items }
}

fn id_items<'a>(items: &mut Vec<Item<'a>>, id: &'a IdIr) {
    let name = ident(&id.name);
    let mut attrs = doc_attrs(&id.docs, format!("An id of the `{}` kind.", id.name));
    attrs.push(derive(&["Debug", "Clone", "Copy", "PartialEq", "Eq", "Hash", "PartialOrd", "Ord"]));
    attrs.push(derive(&["::serde::Serialize", "::serde::Deserialize"]));
    attrs.push(Attr::List { inner: false, path: "serde", metas: vec![Meta::Path("transparent".into())] });
    let lenient = Attr::List {
        inner: false,
        path: "serde",
        metas: vec![Meta::NameValue(
            "deserialize_with",
            format!("{}::lenient::de", crate::naming::RUNTIME_ALIAS).into(),
        )],
    };
    let mut id_struct = Item::Struct {
        attrs,
        vis: true,
        name: name.clone(),
        generics: Vec::new(),
        fields: Fields::Unnamed(vec![Field { attrs: vec![lenient], vis: true, name: None, ty: Type::path("i32") }]),
    };
    let mut impls = Item::Macro { attrs: Vec::new(), path: rt_alias().join("impl_id"), arg: name };
    for item in [&mut id_struct, &mut impls] {
        super::gate(item, &id.gate);
    }
    items.extend([id_struct, impls]);
}
