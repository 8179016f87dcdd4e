//! Conform: whether a JSON value fits a spec type, read the way the generated client reads it. One
//! checker serves two jobs: `validate` checks every `example:` of the spec with it (each mismatch located
//! where the example wrote it), and `cargo xtask probe` checks a live site's answers (each mismatch with
//! its JSON path).
//!
//! What the client accepts is accepted: a number or a boolean sent as a string, a number where text is
//! expected, `1`/`0` for a boolean, `""` for an absent optional scalar, dates with or without an offset,
//! a comma-separated string or a list for `csv<…>`. What is reported is what breaks decoding (a missing
//! required field, a value of another type) and what the spec does not describe although the client
//! would keep it (an enum value the spec does not list, a field the type does not declare): that is drift.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

use crate::spec::{EnumRepr, IdDef, Spec, TypeDef, TypeExpr, TypeKind};

/// How deep a value is followed; deeper parts are not checked (JSON parsers stop well before).
const MAX_DEPTH: usize = 256;

/// The declared types and ids of a spec, by name.
#[derive(Debug, Clone, Default)]
pub struct Schema<'a> {
    types: BTreeMap<&'a str, &'a TypeDef>,
    ids: BTreeSet<&'a str>,
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// An object's field.
    Key(String),
    /// A list's item.
    Index(usize),
}

/// A JSON path: `$`, `$.Items[0].UserID`, `$["First name"]`.
pub fn path_text(path: &[Step]) -> String {
    let mut out = String::from("$");
    for step in path {
        match step {
            Step::Key(k) if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                out.push('.');
                out.push_str(k);
            }
            Step::Key(k) => out.push_str(&format!("[{}]", Value::String(k.clone()))),
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// One way a value does not fit its type, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// Where: for a missing or undeclared field, the path ends with that field.
    pub path: Vec<Step>,
    /// What.
    pub problem: Problem,
}

/// What does not fit.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// A required field is absent.
    Missing {
        /// The struct.
        type_name: String,
        /// The field's type, as the spec writes it.
        ty: String,
    },
    /// A value of another type.
    Type {
        /// What the spec says, in words (`an integer`).
        expected: String,
        /// What came, shortened (`"abc"`, `an object`).
        found: String,
    },
    /// An enum value the spec does not list (the client keeps it as `Unknown`).
    UnknownValue {
        /// The enum.
        enum_name: String,
        /// The value, as JSON.
        value: String,
        /// The values the spec lists, with their names (`1 (Active)`).
        known: Vec<String>,
    },
    /// A field the struct does not declare (the client keeps it in `additional_fields`).
    Undeclared {
        /// The struct.
        type_name: String,
        /// The fields it declares that this object does not have (what a misspelt key may have meant).
        unwritten: Vec<String>,
    },
}

impl Mismatch {
    /// The JSON path, as text.
    pub fn path_text(&self) -> String {
        path_text(&self.path)
    }

    /// The field a missing or undeclared field problem is about (the last step of the path).
    pub fn field(&self) -> Option<&str> {
        match self.path.last() {
            Some(Step::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// What is wrong, without the path.
    pub fn message(&self) -> String {
        let field = self.field().unwrap_or_default();
        match &self.problem {
            Problem::Missing { type_name, ty } => format!("missing required field `{field}` ({ty}) of `{type_name}`"),
            Problem::Type { expected, found } => format!("expected {expected}, found {found}"),
            Problem::UnknownValue { enum_name, value, .. } => format!("{value} is not a value of `{enum_name}`"),
            Problem::Undeclared { type_name, .. } => format!("`{field}` is not a declared field of `{type_name}`"),
        }
    }

    /// A short name of the kind of problem: `missing`, `type`, `enum`, `undeclared`.
    pub fn kind(&self) -> &'static str {
        match self.problem {
            Problem::Missing { .. } => "missing",
            Problem::Type { .. } => "type",
            Problem::UnknownValue { .. } => "enum",
            Problem::Undeclared { .. } => "undeclared",
        }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path_text(), self.message())
    }
}

impl<'a> Schema<'a> {
    /// The types and ids declared in `types` and `ids`. A name declared twice keeps its first declaration.
    pub fn new(types: impl IntoIterator<Item = &'a TypeDef>, ids: impl IntoIterator<Item = &'a IdDef>) -> Self {
        let mut schema = Schema::default();
        for t in types {
            schema.types.entry(t.name.value.as_str()).or_insert(t);
        }
        schema.ids = ids.into_iter().map(|i| i.name.value.as_str()).collect();
        schema
    }

    /// Every declared type and id of `spec`.
    pub fn of(spec: &'a Spec) -> Self {
        Schema::new(spec.api.types.iter().chain(spec.categories.iter().flat_map(|c| c.types.iter())), &spec.api.ids)
    }

    /// The declared type `name`.
    pub fn type_def(&self, name: &str) -> Option<&'a TypeDef> {
        self.types.get(name).copied()
    }

    /// Every way `value` does not fit `ty`, in the order met (depth first, fields in declared order).
    pub fn check(&self, value: &Value, ty: &TypeExpr) -> Vec<Mismatch> {
        let mut walk = Walk { schema: self, path: Vec::new(), out: Vec::new() };
        walk.value(value, ty);
        walk.out
    }

    /// [`check`](Self::check) against the declared type `t` itself (the types it names are looked up).
    pub fn check_type(&self, value: &Value, t: &TypeDef) -> Vec<Mismatch> {
        let mut walk = Walk { schema: self, path: Vec::new(), out: Vec::new() };
        walk.declared(value, t);
        walk.out
    }
}

struct Walk<'s, 'a> {
    schema: &'s Schema<'a>,
    path: Vec<Step>,
    out: Vec<Mismatch>,
}

impl Walk<'_, '_> {
    fn report(&mut self, problem: Problem) {
        self.out.push(Mismatch { path: self.path.clone(), problem });
    }

    fn wrong(&mut self, expected: impl Into<String>, found: &Value) {
        self.report(Problem::Type { expected: expected.into(), found: describe(found) });
    }

    fn at(&mut self, step: Step, f: impl FnOnce(&mut Self)) {
        self.path.push(step);
        f(self);
        self.path.pop();
    }

    fn value(&mut self, value: &Value, ty: &TypeExpr) {
        if self.path.len() > MAX_DEPTH {
            return;
        }
        match ty {
            TypeExpr::Optional(inner) => {
                let empty_means_absent = value.as_str() == Some("") && self.is_plain_scalar(inner);
                if !value.is_null() && !empty_means_absent {
                    self.value(value, inner);
                }
            }
            TypeExpr::List(item) => match value {
                Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        self.at(Step::Index(i), |w| w.value(v, item));
                    }
                }
                other => self.wrong("a list", other),
            },
            TypeExpr::Map(item) => match value {
                Value::Object(entries) => {
                    for (k, v) in entries {
                        self.at(Step::Key(k.clone()), |w| w.value(v, item));
                    }
                }
                other => self.wrong("an object (a map)", other),
            },
            TypeExpr::Csv(item) => match value {
                Value::Null => {}
                Value::String(s) => {
                    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                        self.value(&Value::String(part.to_owned()), item);
                    }
                }
                Value::Array(items) => {
                    for (i, v) in items.iter().enumerate() {
                        self.at(Step::Index(i), |w| w.value(v, item));
                    }
                }
                other => self.wrong("a comma-separated string", other),
            },
            TypeExpr::Name(name) => self.named(value, &name.value),
        }
    }

    /// A builtin scalar or an enum: what the client reads `""` as absent for, when optional.
    fn is_plain_scalar(&self, ty: &TypeExpr) -> bool {
        match ty {
            TypeExpr::Name(n) => match n.value.as_str() {
                "bool" | "i32" | "i64" | "f64" | "date" | "datetime" => true,
                other => self.schema.ids.contains(other),
            },
            _ => false,
        }
    }

    fn named(&mut self, value: &Value, name: &str) {
        match name {
            "json" | "file" => {}
            "string" => {
                if !matches!(value, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
                    self.wrong("text", value);
                }
            }
            "bool" => {
                if as_bool(value).is_none() {
                    self.wrong("a boolean", value);
                }
            }
            "i32" => {
                if as_int(value).and_then(|i| i32::try_from(i).ok()).is_none() {
                    self.wrong("a 32-bit integer", value);
                }
            }
            "i64" => {
                if as_int(value).is_none() {
                    self.wrong("an integer", value);
                }
            }
            "f64" => {
                if as_float(value).is_none() {
                    self.wrong("a number", value);
                }
            }
            "date" => {
                if value.as_str().is_none_or(|s| !is_date(s.trim())) {
                    self.wrong("a date such as 2025-10-20", value);
                }
            }
            "datetime" => {
                if value.as_str().is_none_or(|s| parse_datetime(s.trim()).is_none()) {
                    self.wrong("a date-time such as 2025-10-20T16:07:36", value);
                }
            }
            id if self.schema.ids.contains(id) => {
                if as_int(value).and_then(|i| i32::try_from(i).ok()).is_none() {
                    self.wrong(format!("an id (`{id}`, a 32-bit integer)"), value);
                }
            }
            declared => {
                // An unknown name is reported by validation where it is written; nothing to check here.
                if let Some(t) = self.schema.type_def(declared) {
                    self.declared(value, t);
                }
            }
        }
    }

    fn declared(&mut self, value: &Value, t: &TypeDef) {
        let name = t.name.value.as_str();
        match &t.kind {
            TypeKind::Struct { fields, .. } => {
                let Value::Object(entries) = value else {
                    return self.wrong(format!("an object (`{name}`)"), value);
                };
                for f in fields {
                    let wire = &f.wire.value;
                    match entries.get(wire) {
                        // A constant accepts whatever comes back.
                        _ if f.value.is_some() => {}
                        Some(v) => self.at(Step::Key(wire.clone()), |w| w.value(v, &f.ty.value)),
                        None if matches!(f.ty.value, TypeExpr::Optional(_)) => {}
                        None => self.at(Step::Key(wire.clone()), |w| {
                            w.report(Problem::Missing { type_name: name.to_owned(), ty: f.ty.value.to_string() })
                        }),
                    }
                }
                let declared: BTreeSet<&str> = fields.iter().map(|f| f.wire.value.as_str()).collect();
                for key in entries.keys().filter(|k| !declared.contains(k.as_str())) {
                    self.at(Step::Key(key.clone()), |w| {
                        w.report(Problem::Undeclared {
                            type_name: name.to_owned(),
                            unwritten: declared
                                .iter()
                                .filter(|d| !entries.contains_key(**d))
                                .map(|d| (*d).to_owned())
                                .collect(),
                        })
                    });
                }
            }
            TypeKind::Enum { repr, variants } => {
                let known = || variants.iter().map(|v| format!("{} ({})", v.value.value, v.name.value)).collect();
                match repr.value {
                    EnumRepr::Int => match as_int(value) {
                        Some(n) if variants.iter().any(|v| v.value.value.parse::<i64>() == Ok(n)) => {}
                        Some(n) => self.report(Problem::UnknownValue {
                            enum_name: name.to_owned(),
                            value: n.to_string(),
                            known: known(),
                        }),
                        None => self.wrong(format!("a value of `{name}` (an integer)"), value),
                    },
                    EnumRepr::String => {
                        let text = match value {
                            Value::String(s) => s.clone(),
                            Value::Number(n) => n.to_string(),
                            Value::Bool(b) => b.to_string(),
                            other => return self.wrong(format!("a value of `{name}` (text)"), other),
                        };
                        if !variants.iter().any(|v| v.value.value == text) {
                            self.report(Problem::UnknownValue {
                                enum_name: name.to_owned(),
                                value: Value::String(text).to_string(),
                                known: known(),
                            });
                        }
                    }
                }
            }
        }
    }
}

/// A value as a mismatch shows it: scalars as JSON (long text cut), containers by kind.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        Value::String(s) if s.chars().count() > 40 => {
            let cut: String = s.chars().take(40).collect();
            format!("{}…", Value::String(cut))
        }
        other => other.to_string(),
    }
}

/// A boolean as the client reads one: `true`/`false`, `1`/`0`, or those (or `yes`/`no`) as text.
pub fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_u64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// An integer as the client reads one: a JSON integer, a float without a fraction, or text holding one.
pub fn as_int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            let f = n.as_f64()?;
            (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
        }),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A number as the client reads one: a JSON number or text holding one.
pub fn as_float(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Whether the client reads `s` as a date: `2025-10-20`, `10/20/2025`, `20251020`, or a date-time.
pub fn is_date(s: &str) -> bool {
    use chrono::NaiveDate;
    NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
        || NaiveDate::parse_from_str(s, "%m/%d/%Y").is_ok()
        || (s.len() == 8 && NaiveDate::parse_from_str(s, "%Y%m%d").is_ok())
        || parse_datetime(s).is_some()
}

/// A date-time as the client reads one (the runtime's `lenient::parse_datetime`, which a test holds this
/// to): ISO 8601 with or without a fraction and an offset, a space for the `T`, a bare date, .NET's
/// `/Date(1700000000000)/`, and the US forms (`10/20/2025 11:07 AM`, `3/5/2025`). The client keeps a
/// value in none of these forms as text; the checker reports it.
pub fn parse_datetime(s: &str) -> Option<chrono::NaiveDateTime> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
    if let Some(inner) = s.strip_prefix("/Date(").and_then(|r| r.strip_suffix(")/")) {
        let (sign, digits) = match inner.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, inner),
        };
        let end = digits.find(['+', '-']).unwrap_or(digits.len());
        let ms: i64 = digits.get(..end)?.parse().ok()?;
        return DateTime::from_timestamp_millis(ms.checked_mul(sign)?).map(|d| d.naive_utc());
    }
    for pattern in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, pattern) {
            return Some(dt);
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.naive_utc());
    }
    if let Ok(dt) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%z") {
        return Some(dt.naive_utc());
    }
    for pattern in ["%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, pattern) {
            return Some(dt);
        }
    }
    ["%Y-%m-%d", "%m/%d/%Y"]
        .iter()
        .find_map(|pattern| NaiveDate::parse_from_str(s, pattern).ok())
        .map(|d| d.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Spec {
        crate::check_sources(&crate::load::test_sources(&[(
            "users",
            "types:
  User:
    fields:
      UserID: i32
      Name: string?
      Joined: datetime?
      Status: Status?
      Tags: csv<string>?
      Boss: User?
      Kind: {value: 3}
      Roles: '[Role]?'
  Role: {enum: string, values: {Admin: admin, Guest: guest}}
  Status: {enum: i32, values: {Active: 1, Gone: 2}}
",
        )]))
        .unwrap_or_else(|d| panic!("{d}"))
    }

    fn check(value: Value, ty: &str) -> Vec<String> {
        let spec = spec();
        let ty = crate::load::decode::parse_type_expr(ty, &crate::diagnostic::Pos::new(&"t".into(), 1, 1)).unwrap();
        Schema::of(&spec).check(&value, &ty).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn what_the_client_reads_fits() {
        let user = json!({"UserID": "42", "Name": 7, "Joined": "2025-10-20T16:07:36.817+02:00", "Status": "1",
            "Tags": "a, b", "Boss": {"UserID": 1.0, "Joined": ""}, "Kind": "anything", "Roles": ["admin"]});
        assert_eq!(check(user, "User"), Vec::<String>::new());
        assert_eq!(check(json!([{"UserID": 1}, {"UserID": 2, "Boss": null}]), "[User]"), Vec::<String>::new());
        assert_eq!(check(json!({"a": true, "b": "0", "c": 1}), "map<bool>"), Vec::<String>::new());
        assert_eq!(check(json!("/Date(1700000000000)/"), "datetime"), Vec::<String>::new());
        assert_eq!(check(json!("10/20/2025"), "date"), Vec::<String>::new());
        assert_eq!(check(json!({"whatever": [1, "x"]}), "json"), Vec::<String>::new());
    }

    #[test]
    fn each_kind_of_drift_is_reported_with_its_path() {
        let user = json!({"Name": "x", "Boss": {"UserID": "abc", "Status": 9, "Nmae": 1}, "Roles": ["root"]});
        assert_eq!(
            check(user, "User"),
            [
                "$.UserID: missing required field `UserID` (i32) of `User`",
                "$.Boss.UserID: expected a 32-bit integer, found \"abc\"",
                "$.Boss.Status: 9 is not a value of `Status`",
                "$.Boss.Nmae: `Nmae` is not a declared field of `User`",
                "$.Roles[0]: \"root\" is not a value of `Role`",
            ]
        );
        assert_eq!(
            check(json!([{"UserID": 3_000_000_000u64}]), "[User]"),
            ["$[0].UserID: expected a 32-bit integer, found 3000000000"]
        );
        assert_eq!(check(json!({"UserID": null}), "User"), ["$.UserID: expected a 32-bit integer, found null"]);
        assert_eq!(
            check(json!("yesterday"), "datetime?"),
            ["$: expected a date-time such as 2025-10-20T16:07:36, found \"yesterday\""]
        );
        assert_eq!(check(json!({"First name": []}), "map<string>"), ["$[\"First name\"]: expected text, found a list"]);
        assert_eq!(check(json!("1,x"), "csv<i32>"), ["$: expected a 32-bit integer, found \"x\""]);
    }

    #[test]
    fn empty_text_is_absent_only_for_optional_scalars() {
        assert!(check(json!({"UserID": 1, "Joined": "", "Boss": {"UserID": 2, "Joined": ""}}), "User").is_empty());
        // An enum reads `""` as a value, not as absent.
        assert_eq!(
            check(json!({"UserID": 1, "Status": ""}), "User"),
            ["$.Status: expected a value of `Status` (an integer), found \"\""]
        );
        assert_eq!(check(json!(""), "i32"), ["$: expected a 32-bit integer, found \"\""]);
    }
}
