//! Example values: what an endpoint answers in the mock server. The spec's `example:` of the endpoint
//! when it has one; else one built from the type it returns, using the types' own examples where the
//! spec gives them and a small value that fits the type where it does not (required fields only, the
//! first value of an enum). Every value built here fits its type, so the drift probe finds none in the
//! mock's answers.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::ir::{EndpointIr, Ir, Ty, TypeIr, TypeIrKind};

/// How deep a built value goes; a type that requires itself (which no JSON value can fit) stops here.
const MAX_DEPTH: usize = 12;

/// The declared types of an API, by name.
pub struct Types<'a> {
    by_name: BTreeMap<&'a str, &'a TypeIr>,
}

impl<'a> Types<'a> {
    /// Every declared type of `ir`.
    pub fn of(ir: &'a Ir) -> Self {
        let all = ir.common.types.iter().chain(ir.categories.iter().flat_map(|c| c.types.types.iter()));
        Types { by_name: all.map(|t| (t.name.as_str(), t)).collect() }
    }

    /// The declared type `name`.
    pub fn get(&self, name: &str) -> Option<&'a TypeIr> {
        self.by_name.get(name).copied()
    }

    /// What `e` answers: its example, or a value built from the type it returns; `None` when it returns
    /// nothing.
    pub fn response(&self, e: &EndpointIr) -> Option<Value> {
        match (&e.example, &e.returns) {
            (Some(example), _) => Some(example.clone()),
            (None, Some(ty)) => Some(self.value(ty, 0)),
            (None, None) => None,
        }
    }

    /// Whether the spec itself shows what `e` answers: `e` has its own example, or returns a type (or a
    /// list of a type, optional or not) that has one. `false` for an endpoint that returns nothing, and for
    /// one whose answer the mock server would build from the types alone.
    pub fn has_example(&self, e: &EndpointIr) -> bool {
        e.example.is_some() || e.returns.as_ref().is_some_and(|ty| self.shown(ty))
    }

    /// Whether `ty` is a declared type with an example, or a list or option of one.
    fn shown(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Option(inner) | Ty::List(inner) => self.shown(inner),
            Ty::Named { name, .. } => self.get(name).is_some_and(|t| t.example.is_some()),
            _ => false,
        }
    }

    /// A value of `ty`: the type's example when it has one, else a small value that fits.
    pub fn value(&self, ty: &Ty, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        match ty {
            Ty::String => json!("text"),
            Ty::Bool => json!(true),
            Ty::I32 | Ty::I64 | Ty::Id(_) => json!(1),
            Ty::F64 => json!(1.5),
            Ty::Date => json!("2025-01-15"),
            Ty::DateTime => json!("2025-01-15T09:30:00"),
            Ty::Json => json!({}),
            Ty::File => Value::Null,
            Ty::List(item) => Value::Array(vec![self.value(item, depth + 1)]),
            Ty::Map(item) => json!({ "key": self.value(item, depth + 1) }),
            Ty::Csv(item) => match self.value(item, depth + 1) {
                Value::String(s) => Value::String(s),
                other => Value::String(other.to_string()),
            },
            Ty::Option(inner) => self.value(inner, depth),
            Ty::Named { name, .. } => match self.get(name) {
                Some(t) => self.named(t, depth),
                None => Value::Null,
            },
        }
    }

    fn named(&self, t: &TypeIr, depth: usize) -> Value {
        if let Some(example) = &t.example {
            return example.clone();
        }
        match &t.kind {
            TypeIrKind::Struct { fields, .. } => Value::Object(
                fields
                    .iter()
                    .filter(|f| f.constant.is_none() && !f.empty_when_absent && !matches!(f.ty, Ty::Option(_)))
                    .map(|f| (f.wire.clone(), self.value(&f.ty, depth + 1)))
                    .collect(),
            ),
            TypeIrKind::IntEnum(variants) => variants.first().map_or(json!(0), |v| json!(v.value)),
            TypeIrKind::StrEnum(variants) => variants.first().map_or(json!(""), |v| json!(v.value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ir() -> Ir {
        crate::lower_sources(&crate::load::test_sources(&[(
            "users",
            "endpoints:
  me: {get: /api/users/me, returns: User}
  list: {get: /api/users, returns: '[User]', paged: true}
  roles: {get: /api/roles, returns: 'map<Role>'}
  count: {get: /api/users/count, returns: i64, example: 12}
  delete: {delete: '/api/users/{UserID}', path: {UserID: i32}}
types:
  User:
    fields: {UserID: i32, Name: string, Joined: datetime?, Role: Role, Boss: User?, Tags: '[string]?'}
  Role: {enum: string, values: {Guest: guest, Admin: admin}}
",
        )]))
        .unwrap_or_else(|d| panic!("{d}"))
    }

    fn answers(ir: &Ir) -> BTreeMap<String, Option<Value>> {
        let types = Types::of(ir);
        ir.categories[0].endpoints.iter().map(|e| (e.rust.clone(), types.response(e))).collect()
    }

    #[test]
    fn built_from_the_types_when_the_spec_gives_no_example() {
        let ir = ir();
        let a = answers(&ir);
        let user = json!({"UserID": 1, "Name": "text", "Role": "admin"});
        assert_eq!(a["me"], Some(user.clone()), "required fields only; the first enum value by wire value");
        assert_eq!(a["list"], Some(json!([user])));
        assert_eq!(a["roles"], Some(json!({"key": "admin"})));
        assert_eq!(a["count"], Some(json!(12)), "the endpoint's own example");
        assert_eq!(a["delete"], None);
    }

    #[test]
    fn a_type_example_is_used_wherever_the_type_is() {
        let mut ir = ir();
        let user = json!({"UserID": 42, "Name": "Ada"});
        for c in &mut ir.categories {
            for t in &mut c.types.types {
                if t.name == "User" {
                    t.example = Some(user.clone());
                }
            }
        }
        let a = answers(&ir);
        assert_eq!(a["me"], Some(user.clone()));
        assert_eq!(a["list"], Some(json!([user])));
    }

    #[test]
    fn an_endpoint_has_an_example_of_its_own_or_of_the_type_it_returns() {
        let mut ir = ir();
        let has = |ir: &Ir| -> Vec<String> {
            let types = Types::of(ir);
            ir.categories[0].endpoints.iter().filter(|e| types.has_example(e)).map(|e| e.rust.clone()).collect()
        };
        assert_eq!(has(&ir), ["count"], "only its own example; a built value is none");
        for t in &mut ir.categories[0].types.types {
            if t.name == "User" {
                t.example = Some(json!({"UserID": 42, "Name": "Ada"}));
            }
        }
        assert_eq!(has(&ir), ["count", "list", "me"], "a type's example shows the type and a list of it");
    }

    #[test]
    fn every_built_value_fits_its_type() {
        let sources = crate::load::test_sources(&[(
            "users",
            "endpoints:
  me: {get: /api/users/me, returns: User}
types:
  User:
    fields: {UserID: i32, Name: string, Joined: datetime, Day: date, Role: Role, Boss: User?, Tags: 'csv<i32>', M: 'map<[f64]>', B: bool}
  Role: {enum: i32, values: {Guest: 2, Admin: 1}}
",
        )]);
        let spec = crate::check_sources(&sources).unwrap_or_else(|d| panic!("{d}"));
        let ir = crate::lower::lower(&spec).unwrap_or_else(|d| panic!("{d}"));
        let value = Types::of(&ir).response(&ir.categories[0].endpoints[0]).unwrap();
        let returns = spec.categories[0].endpoints[0].returns.as_ref().unwrap();
        assert_eq!(crate::conform::Schema::of(&spec).check(&value, &returns.value), Vec::new(), "{value}");
    }
}
