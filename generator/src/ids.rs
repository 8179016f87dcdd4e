//! The ids' rules, shared by validation and lowering: which wire names carry which id (`UserID`,
//! `AuthorID` → `UserId`; `UserIDCSV` → a list of them), and which id contains which (a user is in a
//! space), which orders positional arguments from the container to the contained.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::Ty;
use crate::spec::{self, TypeExpr};

/// The declared ids: which wire names carry which, and which contain which.
pub struct Ids {
    /// Lower-case wire name → id name.
    by_wire: BTreeMap<String, String>,
    /// Id name → every id that contains it, directly or not.
    containers: BTreeMap<String, BTreeSet<String>>,
}

impl Ids {
    /// The rules of the ids `defs` declare.
    pub fn new(defs: &[spec::IdDef]) -> Ids {
        let by_wire = defs
            .iter()
            .flat_map(|d| d.wire.iter().map(move |w| (w.value.to_ascii_lowercase(), d.name.value.clone())))
            .collect();
        let within: BTreeMap<&str, Vec<&str>> =
            defs.iter().map(|d| (d.name.value.as_str(), d.within.iter().map(|c| c.value.as_str()).collect())).collect();
        let containers = defs
            .iter()
            .map(|d| {
                let mut all = BTreeSet::new();
                let mut todo: Vec<&str> = within.get(d.name.value.as_str()).cloned().unwrap_or_default();
                while let Some(c) = todo.pop() {
                    if all.insert(c.to_owned()) {
                        todo.extend(within.get(c).into_iter().flatten());
                    }
                }
                (d.name.value.clone(), all)
            })
            .collect();
        Ids { by_wire, containers }
    }

    /// Whether id `outer` contains id `inner`, directly or not.
    pub fn contains(&self, outer: &str, inner: &str) -> bool {
        self.containers.get(inner).is_some_and(|c| c.contains(outer))
    }

    /// The id a wire name carries: `UserID` → `UserId`; for a list, also `UserIDCSV`, `UserIDs`.
    pub fn carried_by(&self, wire: &str, list: bool) -> Option<&String> {
        let lower = wire.to_ascii_lowercase();
        if let Some(id) = self.by_wire.get(&lower) {
            return Some(id);
        }
        if !list {
            return None;
        }
        let stem = lower.strip_suffix("csv").unwrap_or(&lower);
        self.by_wire.get(stem).or_else(|| self.by_wire.get(stem.strip_suffix('s')?))
    }

    /// `ty` with its `i32` replaced by the id `wire` carries, if any.
    pub fn infer(&self, wire: &str, ty: Ty) -> Ty {
        match ty {
            Ty::I32 => self.carried_by(wire, false).map_or(Ty::I32, |id| Ty::Id(id.clone())),
            Ty::Option(inner) => Ty::Option(Box::new(self.infer(wire, *inner))),
            Ty::Csv(inner) if *inner == Ty::I32 => {
                Ty::Csv(Box::new(self.carried_by(wire, true).map_or(Ty::I32, |id| Ty::Id(id.clone()))))
            }
            Ty::List(inner) if *inner == Ty::I32 => {
                Ty::List(Box::new(self.carried_by(wire, true).map_or(Ty::I32, |id| Ty::Id(id.clone()))))
            }
            other => other,
        }
    }

    /// Whether `name` is a declared id.
    pub fn is_id(&self, name: &str) -> bool {
        self.containers.contains_key(name)
    }

    /// The id a spec parameter carries: its type when that names an id, or what its wire name says
    /// when its type is `i32`.
    pub fn of_param(&self, p: &spec::Param) -> Option<String> {
        match p.ty.value.strip_optional().0 {
            TypeExpr::Name(n) if self.is_id(&n.value) => Some(n.value.clone()),
            TypeExpr::Name(n) if n.value == "i32" => self.carried_by(&p.wire.value, false).cloned(),
            _ => None,
        }
    }
}
