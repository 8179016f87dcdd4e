//! Features: every category of the spec is a cargo feature of the generated crate, and this step decides
//! which features compile each declared type and each id. A category's endpoints compile with its
//! feature; a type or an id compiles when any category that uses it is on: one of whose endpoints names
//! it (a parameter, the body, the answer, a paged item), or a type such an endpoint reaches through its
//! fields. A type declared in a category's file compiles with that category too (its own types are
//! always there), and what no category uses compiles always.
//!
//! The gates are part of what a types file or the ids file is made of, so the emitter folds them into
//! that file's header hash: a change in one category that changes another file's gates changes that
//! file's header too.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{BodyIr, Gate, Ir, Ty, TypeIrKind};

/// The feature of the generated crate that turns every category on; its `default` names it. (It and the
/// features the crate's `Cargo.toml` defines by hand are reserved category names, `naming::RESERVED_CATEGORIES`.)
pub const FULL: &str = "full";

/// Sets the gate of every type and id of `ir`.
pub fn assign(ir: &mut Ir) {
    let categories = ir.categories.len();
    // Every declared type: what its fields name.
    let mut fields_of: BTreeMap<&str, Vec<&Ty>> = BTreeMap::new();
    for m in std::iter::once(&ir.common).chain(ir.categories.iter().map(|c| &c.types)) {
        for t in &m.types {
            let tys = match &t.kind {
                TypeIrKind::Struct { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
                TypeIrKind::IntEnum(_) | TypeIrKind::StrEnum(_) => Vec::new(),
            };
            fields_of.insert(t.name.as_str(), tys);
        }
    }
    // Type or id name → the categories that use it.
    let mut types_used: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut ids_used: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for c in &ir.categories {
        let mut roots: Vec<&Ty> = Vec::new();
        for e in &c.endpoints {
            roots.extend(e.params.iter().map(|p| &p.ty));
            if let Some(BodyIr::Json { ty, .. }) = &e.body {
                roots.push(ty);
            }
            roots.extend(e.returns.iter());
            roots.extend(e.paging.iter().map(|p| &p.item));
        }
        let (types, ids) = reached(&roots, &fields_of);
        for t in types {
            types_used.entry(t.to_owned()).or_default().insert(c.module.clone());
        }
        for id in ids {
            ids_used.entry(id.to_owned()).or_default().insert(c.module.clone());
        }
        // A category's own types compile with it.
        for t in &c.types.types {
            types_used.entry(t.name.clone()).or_default().insert(c.module.clone());
        }
    }
    let gate = |used: Option<&BTreeSet<String>>| match used {
        Some(used) if used.len() < categories => Gate::AnyOf(used.iter().cloned().collect()),
        _ => Gate::Always,
    };
    for m in std::iter::once(&mut ir.common).chain(ir.categories.iter_mut().map(|c| &mut c.types)) {
        for t in &mut m.types {
            t.gate = gate(types_used.get(&t.name));
        }
    }
    for id in &mut ir.ids.ids {
        id.gate = gate(ids_used.get(&id.name));
    }
}

/// The declared types and the ids that `roots` name, directly or through the fields of the types they
/// name.
fn reached<'a>(roots: &[&'a Ty], fields_of: &BTreeMap<&str, Vec<&'a Ty>>) -> (BTreeSet<&'a str>, BTreeSet<&'a str>) {
    let (mut types, mut ids) = (BTreeSet::new(), BTreeSet::new());
    let mut todo: Vec<&'a Ty> = roots.to_vec();
    while let Some(ty) = todo.pop() {
        match ty {
            Ty::Id(name) => {
                ids.insert(name.as_str());
            }
            Ty::Named { name, .. } => {
                if types.insert(name.as_str())
                    && let Some(fields) = fields_of.get(name.as_str())
                {
                    todo.extend(fields.iter().copied());
                }
            }
            Ty::List(t) | Ty::Map(t) | Ty::Csv(t) | Ty::Option(t) => todo.push(t),
            Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Date | Ty::DateTime | Ty::Json | Ty::File => {}
        }
    }
    (types, ids)
}

#[cfg(test)]
mod tests {
    use crate::ir::Gate;

    fn ir(files: &[(&str, &str)]) -> crate::ir::Ir {
        crate::lower_sources(&crate::load::test_sources(files)).unwrap_or_else(|d| panic!("{d}"))
    }

    const API: &str = "\
base_url: https://{site}
auth: {bearer: {header: Authorization}}
envelope: {error: IsError, message: ResponseMessage, total: TotalRecords, data: ResponseData}
paging: {page: StartPage, size: PageLength, first_page: 1, default_size: 30}
ids:
  UserId: {wire: [UserID]}
  SpaceId: {wire: [SpaceID]}
  LonelyId: {}
types:
  Shared: {fields: {Owner: Owner?}}
  Owner: {fields: {UserID: i32?}}
  Unused: {fields: {Name: string?}}
";

    const USERS: &str = "\
types:
  Profile: {fields: {Name: string?}}
endpoints:
  get:
    get: /api/users/{UserID}
    path: {UserID: i32}
    returns: Shared
";

    const SPACES: &str = "\
types:
  Room: {fields: {Profile: Profile?}}
endpoints:
  get:
    get: /api/spaces/{SpaceID}
    path: {SpaceID: i32}
    returns: Room
";

    const WALL: &str = "\
endpoints:
  post:
    post: /api/wall
    body: {type: Shared, name: post}
";

    #[test]
    fn a_type_compiles_with_every_category_that_reaches_it_and_its_own() {
        let ir = ir(&[("api", API), ("users", USERS), ("spaces", SPACES), ("wall", WALL)]);
        let gate = |name: &str| {
            std::iter::once(&ir.common)
                .chain(ir.categories.iter().map(|c| &c.types))
                .flat_map(|m| &m.types)
                .find(|t| t.name == name)
                .map(|t| t.gate.clone())
                .unwrap_or_else(|| panic!("no type {name}"))
        };
        let any = |names: &[&str]| Gate::AnyOf(names.iter().map(|n| (*n).to_owned()).collect());
        // Reached by users (its answer) and wall (its body), through a field of Shared: the same.
        assert_eq!(gate("Shared"), any(&["users", "wall"]));
        assert_eq!(gate("Owner"), any(&["users", "wall"]));
        // Declared in users, reached by spaces through Room.
        assert_eq!(gate("Profile"), any(&["spaces", "users"]));
        assert_eq!(gate("Room"), any(&["spaces"]));
        // In api.yaml and used by nobody: always there.
        assert_eq!(gate("Unused"), Gate::Always);
        let id = |name: &str| ir.ids.ids.iter().find(|i| i.name == name).map(|i| i.gate.clone());
        // UserId: the users path parameter and Owner's field (users, wall); SpaceId: spaces' path.
        assert_eq!(id("UserId"), Some(any(&["users", "wall"])));
        assert_eq!(id("SpaceId"), Some(any(&["spaces"])));
        assert_eq!(id("LonelyId"), Some(Gate::Always));
    }

    #[test]
    fn what_every_category_uses_compiles_always() {
        let shared = |ir: &crate::ir::Ir| ir.common.types.iter().find(|t| t.name == "Shared").map(|t| t.gate.clone());
        assert_eq!(shared(&ir(&[("api", API), ("users", USERS)])), Some(Gate::Always), "users is the only category");
        let two = ir(&[("api", API), ("users", USERS), ("wall", WALL)]);
        assert_eq!(shared(&two), Some(Gate::Always), "both categories use it");
    }

    /// The header hash of the common types file, as emitted.
    fn common_header(ir: &crate::ir::Ir) -> String {
        let file = crate::emit::emit(ir).into_iter().find(|f| f.path == "src/api/types/common.rs").unwrap();
        file.text.lines().next().unwrap().to_owned()
    }

    #[test]
    fn a_change_of_gates_changes_the_header_of_the_file_that_holds_them() {
        let two = ir(&[("api", API), ("users", USERS), ("wall", WALL)]);
        let three = ir(&[("api", API), ("users", USERS), ("wall", WALL), ("spaces", SPACES)]);
        // api.yaml is the same; Shared's gate is `always` with two categories, users + wall with three.
        assert_ne!(common_header(&two), common_header(&three));
        let one = ir(&[("api", API), ("users", USERS)]);
        assert_eq!(common_header(&one), common_header(&two), "every gate is `always` in both");
    }
}
