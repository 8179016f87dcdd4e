//! The mix of an API: how many endpoints have path parameters, optional parameters, bodies of each kind,
//! paging, and what they return; how many types, fields and ids per endpoint. Computed from the IR, for the
//! real spec and for a synthetic one alike, so that the bench shows the two side by side.

use axero_codegen::ir::{BodyIr, EndpointIr, Ir, Location, Method, NamedKind, Ty, TypeIrKind};

/// The mix, as labelled figures: shares are fractions of the endpoints (or of the fields), the others
/// counts or means per endpoint (or per struct).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mix(pub Vec<(&'static str, f64)>);

impl Mix {
    /// The mix of `ir`.
    pub fn of(ir: &Ir) -> Mix {
        let endpoints: Vec<&EndpointIr> = ir.categories.iter().flat_map(|c| &c.endpoints).collect();
        let n = endpoints.len().max(1) as f64;
        let share = |f: &dyn Fn(&EndpointIr) -> bool| endpoints.iter().filter(|e| f(e)).count() as f64 / n;
        let mean = |f: &dyn Fn(&EndpointIr) -> usize| endpoints.iter().map(|e| f(e)).sum::<usize>() as f64 / n;
        let path = |e: &EndpointIr| e.params.iter().filter(|p| p.location == Location::Path && p.is_arg()).count();
        let types: Vec<_> =
            std::iter::once(&ir.common).chain(ir.categories.iter().map(|c| &c.types)).flat_map(|m| &m.types).collect();
        let structs: Vec<_> = types
            .iter()
            .filter_map(|t| match &t.kind {
                TypeIrKind::Struct { fields, .. } => Some(fields),
                _ => None,
            })
            .collect();
        let fields: usize = structs.iter().map(|f| f.len()).sum();
        let optional = structs
            .iter()
            .flat_map(|f| f.iter())
            .filter(|f| matches!(f.ty, Ty::Option(_)) || f.empty_when_absent)
            .count();
        let returns = |e: &EndpointIr| match &e.returns {
            None => "nothing",
            Some(Ty::Json) => "json",
            Some(Ty::List(_)) => "list",
            Some(Ty::Named { kind: NamedKind::Struct, .. }) => "struct",
            Some(_) => "scalar",
        };
        Mix(vec![
            ("endpoints", endpoints.len() as f64),
            ("categories", ir.categories.iter().filter(|c| !c.endpoints.is_empty()).count() as f64),
            ("GET", share(&|e| e.method == Method::Get)),
            ("POST", share(&|e| e.method == Method::Post)),
            ("PUT", share(&|e| e.method == Method::Put)),
            ("DELETE", share(&|e| e.method == Method::Delete)),
            ("with a path parameter", share(&|e| path(e) > 0)),
            ("path parameters per endpoint", mean(&path)),
            (
                "with a required query or header",
                share(&|e| {
                    e.params.iter().any(|p| p.is_arg() && matches!(p.location, Location::Query | Location::Header))
                }),
            ),
            ("with optional parameters", share(&|e| e.params.iter().any(|p| p.is_optional()))),
            ("optional parameters per endpoint", mean(&|e| e.params.iter().filter(|p| p.is_optional()).count())),
            ("paged", share(&|e| e.paging.is_some())),
            ("body: a declared type", share(&|e| matches!(&e.body, Some(BodyIr::Json { ty: Ty::Named { .. }, .. })))),
            (
                "body: other JSON",
                share(&|e| matches!(&e.body, Some(BodyIr::Json { ty, .. }) if !matches!(ty, Ty::Named { .. }))),
            ),
            ("body: multipart", share(&|e| matches!(e.body, Some(BodyIr::Multipart)))),
            ("body: binary", share(&|e| matches!(e.body, Some(BodyIr::Binary { .. })))),
            ("returns a struct", share(&|e| returns(e) == "struct")),
            ("returns a list", share(&|e| returns(e) == "list")),
            ("returns a scalar", share(&|e| returns(e) == "scalar")),
            ("returns json", share(&|e| returns(e) == "json")),
            ("returns nothing", share(&|e| returns(e) == "nothing")),
            ("structs per endpoint", structs.len() as f64 / n),
            ("enums per endpoint", (types.len() - structs.len()) as f64 / n),
            ("fields per struct", fields as f64 / structs.len().max(1) as f64),
            ("optional fields", optional as f64 / fields.max(1) as f64),
            ("ids", ir.ids.ids.len() as f64),
        ])
    }

    /// The figure labelled `label`.
    #[cfg(test)]
    pub fn get(&self, label: &str) -> Option<f64> {
        self.0.iter().find(|(l, _)| *l == label).map(|(_, v)| *v)
    }

    /// As JSON.
    pub fn json(&self) -> serde_json::Value {
        self.0.iter().map(|(k, v)| ((*k).to_owned(), serde_json::json!(v))).collect::<serde_json::Map<_, _>>().into()
    }
}

/// Two mixes side by side, one figure a line.
pub fn render(a: &Mix, b: &Mix) -> String {
    let mut out = String::new();
    for ((label, x), (_, y)) in a.0.iter().zip(&b.0) {
        let show = |v: f64| if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.2}") };
        out.push_str(&format!("  {label:<34} {:>8} | {:>8}\n", show(*x), show(*y)));
    }
    out
}
