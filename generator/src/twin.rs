//! The mock's twin of a site, as the spec declares it: the collections of `twin:` in `api.yaml`, and
//! what each endpoint that names one (`twin: comments`) does there, which follows from its method and
//! path. One rule, for validation (located errors) and for the IR the mock's table is emitted from.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::spec::{ApiFile, CategoryFile, Endpoint, Method, TypeExpr};

/// The items a collection seeds when the spec does not say.
pub const DEFAULT_SIZE: u32 = 40;

/// What an endpoint does in its collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Op {
    /// `GET` of a list: the items, filtered by the query parameters that name a field or a kept
    /// attribute, paged.
    List,
    /// `GET` with the id in the path: one item, or 404.
    Get,
    /// `POST`: a new item from the body, with the next id, which the answer carries.
    Create,
    /// `PUT` (or `PATCH`) with the id in the path: the body's fields over the item's.
    Update,
    /// `DELETE` with the id in the path: the item is gone (a later get is 404).
    Delete,
}

impl Op {
    /// The word the mock's table writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::List => "List",
            Op::Get => "Get",
            Op::Create => "Create",
            Op::Update => "Update",
            Op::Delete => "Delete",
        }
    }
}

/// The path's last placeholder: the id of the item an endpoint reads or writes.
fn last_placeholder(path: &str) -> Option<&str> {
    path.rsplit('/').find_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
}

/// What `e` does in its collection, or why that does not follow from its method and path.
pub fn op(e: &Endpoint) -> Result<(Op, Option<&str>), String> {
    let id = last_placeholder(&e.path.value);
    let is_list = matches!(e.returns.as_ref().map(|r| &r.value), Some(TypeExpr::List(_)));
    match (e.method.value, id) {
        (Method::Get, _) if is_list => Ok((Op::List, None)),
        (Method::Get, Some(id)) => Ok((Op::Get, Some(id))),
        (Method::Post, _) => Ok((Op::Create, None)),
        (Method::Put | Method::Patch, Some(id)) => Ok((Op::Update, Some(id))),
        (Method::Delete, Some(id)) => Ok((Op::Delete, Some(id))),
        (Method::Get, None) => {
            Err("a GET that names a collection returns a list, or has the item's id in its path".into())
        }
        (_, None) => {
            Err(format!("a {} that names a collection has the item's id in its path", e.method.value.as_upper()))
        }
    }
}

/// A collection, as the mock's table holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection {
    /// Its name.
    pub name: String,
    /// How many items the seed makes.
    pub size: u32,
    /// The field that is each item's id (the placeholder of its endpoints' paths, `CommentID`).
    pub id: String,
    /// Attributes kept but not shown, with the values the seed gives them in turn.
    pub keeps: Vec<(String, Vec<String>)>,
}

/// The collections of `api`, each with the id its endpoints name; and the problems: an endpoint naming
/// a collection not declared, one whose method and path say nothing it could do, endpoints of one
/// collection naming two ids, a collection without an endpoint that names its id.
pub fn collections(api: &ApiFile, categories: &[CategoryFile], diags: &mut Diagnostics) -> Vec<Collection> {
    let declared: Vec<&str> = api.twin.iter().map(|c| c.name.value.as_str()).collect();
    let mut ids: BTreeMap<&str, (&str, &Endpoint)> = BTreeMap::new();
    let mut named: Vec<&str> = Vec::new();
    for e in categories.iter().flat_map(|c| &c.endpoints) {
        let Some(twin) = &e.twin else { continue };
        named.push(&twin.value);
        if !declared.contains(&twin.value.as_str()) {
            let d = Diagnostic::new(&twin.pos, format!("`{}` is not a collection of `twin:` in api.yaml", twin.value));
            diags
                .push(d.suggest(&twin.value, declared.iter().copied()).or_help("declare it under `twin:` in api.yaml"));
            continue;
        }
        match op(e) {
            Err(why) => {
                diags.push(Diagnostic::new(&twin.pos, why).help("remove `twin:`, or give the path the item's id"))
            }
            Ok((_, Some(id))) => match ids.get(twin.value.as_str()) {
                Some((other, first)) if *other != id => diags.push(
                    Diagnostic::new(
                        &e.path.pos,
                        format!("`{}` names the item's id `{id}`, another endpoint `{other}`", twin.value),
                    )
                    .related(&first.path.pos, "here")
                    .help("a collection's endpoints name one id"),
                ),
                Some(_) => {}
                None => {
                    ids.insert(twin.value.as_str(), (id, e));
                }
            },
            Ok((_, None)) => {}
        }
    }
    api.twin
        .iter()
        .filter_map(|c| match ids.get(c.name.value.as_str()) {
            Some((id, _)) => Some(Collection {
                name: c.name.value.clone(),
                size: c.size.as_ref().map_or(DEFAULT_SIZE, |s| s.value),
                id: (*id).to_owned(),
                keeps: c
                    .keeps
                    .iter()
                    .map(|(k, v)| (k.value.clone(), v.iter().map(|v| v.value.clone()).collect()))
                    .collect(),
            }),
            // A collection no endpoint read names may belong to a category not read (a spec read in
            // parts, as the probe's learner does): not an error here, and not in the mock's table.
            None if !named.contains(&c.name.value.as_str()) => None,
            None => {
                diags.push(
                    Diagnostic::new(
                        &c.name.pos,
                        format!("no endpoint has the id of an item of `{}` in its path", c.name.value),
                    )
                    .help("name the collection (`twin:`) on its get, update or delete endpoint"),
                );
                None
            }
        })
        .collect()
}
