//! `axero-probe --learn DIR` (`cargo xtask probe --learn DIR`): for each endpoint whose answer the spec
//! leaves untyped (`json`) or that drifted, a proposed spec fragment, `DIR/<category>.<method>.yaml`,
//! for a maintainer to review and paste: the endpoint's `returns:` and the types that describe what the
//! site answered.
//!
//! Every value of the answer is an observation (each item of a list, each object in it): a field's
//! type is what all its values have in common (integers that fit 32 bits `i32`, else `i64`; numbers
//! with a fraction `f64`; text that always reads as a date `date`, as a date-time `datetime`; text and
//! numbers mixed `string`, as the client reads a number as text; anything else `json`); a field is
//! optional (`?`) when some object lacks it, or has it `null` or `""`. Objects become struct types
//! named after their field (a list's items after the singular), or after the endpoint at the top; a
//! name the spec already uses gets its parent's name in front, except where the spec declares that
//! very type at that place (a drifted `User` is proposed as `User`, to replace it). Numbers that look
//! like an enum (a field named `…Type`, `…Status` and the like, with few values) stay numbers, with
//! the values seen in a comment. Nothing of the answer's content is copied into the fragment.
//!
//! The probe hands each answer to a [`Learner`] as it arrives, which keeps only its shape; the answer
//! is then dropped. What a fragment writes must load: field names that are not plain words are written
//! as YAML double-quoted keys with every control or invisible character escaped (DEL as `\u007F`); a
//! name too long for a YAML key (1,024 characters) is left out, and the fragment and stderr say how
//! many were; a struct keeps at most [`MAX_FIELDS`] field names.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use axero_codegen::conform::{is_date, parse_datetime};
use axero_codegen::naming;
use axero_codegen::spec::{Spec, TypeDef, TypeExpr, TypeKind};
use serde_json::Value;

use crate::probe::{Outcome, Probed, is_unsafe};

/// How many distinct integers are remembered per field, for the enum note.
const DISTINCT: usize = 12;

/// How many field names are kept per struct; more are counted and said, not kept.
pub const MAX_FIELDS: usize = 1_000;

/// The longest mapping key a fragment writes, quotes and escapes included: YAML allows 1,024
/// characters for a key written without `?`, and the spec loader reads no other kind.
const MAX_KEY: usize = 1_000;

/// The longest type name taken from a field name; a longer one is named after its parent.
const MAX_TYPE_NAME: usize = 64;

/// What `--learn` keeps of the answers it is shown: per endpoint, the shape of its answer (not the
/// answer), to write as a fragment at the end.
#[derive(Debug)]
pub struct Learner<'s> {
    spec: &'s Spec,
    observed: BTreeMap<String, Observed<'s>>,
}

/// One endpoint's answer, as its shape.
#[derive(Debug)]
struct Observed<'s> {
    probed: Probed,
    returns: &'s TypeExpr,
    shape: Shape,
    /// `12 item(s)` or `one value`.
    observations: String,
}

/// What [`Learner::write`] wrote, and what it has to say about it (fields left out).
#[derive(Debug, Default)]
pub struct Written {
    /// The fragments.
    pub files: Vec<PathBuf>,
    /// One line per fragment that left something out.
    pub notes: Vec<String>,
}

impl<'s> Learner<'s> {
    /// A learner for endpoints of `spec`.
    pub fn new(spec: &'s Spec) -> Self {
        Learner { spec, observed: BTreeMap::new() }
    }

    /// Takes in the answer `data` of the endpoint `p` when it is untyped or drifted: its shape only.
    pub fn observe(&mut self, p: &Probed, data: &Value) {
        let Some(returns) = returns_of(self.spec, &p.category, &p.method) else { return };
        if !(returns.is_untyped() || matches!(p.outcome, Outcome::Drift(_))) {
            return;
        }
        let mut shape = Shape::default();
        shape.observe(data);
        let observations = match data {
            Value::Array(items) => format!("{} item(s)", items.len()),
            _ => "one value".to_owned(),
        };
        // The outcome's findings are the report's; the fragment needs only the names.
        let probed = Probed {
            name: p.name.clone(),
            category: p.category.clone(),
            method: p.method.clone(),
            path: p.path.clone(),
            outcome: Outcome::Ok,
        };
        self.observed.insert(p.name.clone(), Observed { probed, returns, shape, observations });
    }

    /// Writes a fragment for each endpoint observed into `dir`.
    pub fn write(self, dir: &Path) -> Result<Written, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let mut written = Written::default();
        for o in self.observed.values() {
            let file = format!("{}.{}.yaml", o.probed.category, o.probed.method);
            let path = dir.join(&file);
            let (text, left_out) = propose(self.spec, &o.probed, o.returns, &o.shape, &o.observations);
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            if let Some(note) = left_out.note() {
                written.notes.push(format!("{file}: {note}"));
            }
            written.files.push(path);
        }
        Ok(written)
    }
}

fn returns_of<'s>(spec: &'s Spec, category: &str, method: &str) -> Option<&'s TypeExpr> {
    let c = spec.categories.iter().find(|c| c.name.value == category)?;
    let e = c.endpoints.iter().find(|e| e.name.value == method)?;
    e.returns.as_ref().map(|r| &r.value)
}

/// What every value seen at one place had.
#[derive(Debug, Default)]
struct Shape {
    nulls: usize,
    empty_texts: usize,
    bools: usize,
    ints: usize,
    floats: usize,
    texts: usize,
    dates: usize,
    date_times: usize,
    lists: usize,
    objects: usize,
    small: bool,
    distinct: BTreeSet<i64>,
    items: Option<Box<Shape>>,
    fields: BTreeMap<String, Shape>,
    /// Field names seen beyond [`MAX_FIELDS`], not kept.
    more_fields: usize,
}

impl Shape {
    fn observe(&mut self, value: &Value) {
        match value {
            Value::Null => self.nulls += 1,
            Value::Bool(_) => self.bools += 1,
            Value::Number(n) => match n.as_i64() {
                Some(i) => {
                    self.ints += 1;
                    if self.ints == 1 {
                        self.small = true;
                    }
                    self.small &= i32::try_from(i).is_ok();
                    if self.distinct.len() < DISTINCT {
                        self.distinct.insert(i);
                    }
                }
                None => self.floats += 1,
            },
            Value::String(s) if s.is_empty() => self.empty_texts += 1,
            Value::String(s) => {
                self.texts += 1;
                let s = s.trim();
                if chrono_date_only(s) {
                    self.dates += 1;
                } else if parse_datetime(s).is_some() && !s.chars().all(|c| c.is_ascii_digit()) {
                    self.date_times += 1;
                }
            }
            Value::Array(items) => {
                self.lists += 1;
                let shape = self.items.get_or_insert_with(Box::default);
                for item in items {
                    shape.observe(item);
                }
            }
            Value::Object(fields) => {
                self.objects += 1;
                for (k, v) in fields {
                    if let Some(field) = self.fields.get_mut(k) {
                        field.observe(v);
                    } else if self.fields.len() < MAX_FIELDS {
                        self.fields.entry(k.clone()).or_default().observe(v);
                    } else {
                        self.more_fields = self.more_fields.saturating_add(1);
                    }
                }
            }
        }
    }

    /// How many times a value (of any kind) was seen here.
    fn present(&self) -> usize {
        self.nulls + self.empty_texts + self.bools + self.ints + self.floats + self.texts + self.lists + self.objects
    }

    fn kinds(&self) -> usize {
        [self.bools, self.ints + self.floats, self.texts, self.lists, self.objects].iter().filter(|n| **n > 0).count()
    }
}

/// A date without a time: `2025-10-20`, `10/20/2025`.
fn chrono_date_only(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    (s.len() == 10 && digits == 8) && is_date(s)
}

/// The proposal being written: the types so far, the names taken, and what was left out.
struct Proposal<'s> {
    spec_types: BTreeMap<&'s str, &'s TypeDef>,
    taken: BTreeSet<String>,
    types: Vec<(String, Vec<String>)>,
    left_out: LeftOut,
}

/// Field names a fragment could not write.
#[derive(Debug, Default, Clone, Copy)]
struct LeftOut {
    /// Too long for a YAML key.
    long: usize,
    /// Beyond [`MAX_FIELDS`] in one struct.
    many: usize,
}

impl LeftOut {
    /// What was left out, in words; `None` when nothing was.
    fn note(self) -> Option<String> {
        let mut parts = Vec::new();
        if self.long > 0 {
            parts.push(format!(
                "{} field(s) left out: the name is longer than a YAML key may be (1,024 characters)",
                self.long
            ));
        }
        if self.many > 0 {
            parts.push(format!("{} field name(s) left out: more than {MAX_FIELDS} in one object", self.many));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// The fragment for one endpoint, and what it left out.
fn propose(spec: &Spec, p: &Probed, returns: &TypeExpr, shape: &Shape, observations: &str) -> (String, LeftOut) {
    let spec_types: BTreeMap<&str, &TypeDef> = spec
        .api
        .types
        .iter()
        .chain(spec.categories.iter().flat_map(|c| c.types.iter()))
        .map(|t| (t.name.value.as_str(), t))
        .collect();
    let mut taken: BTreeSet<String> = spec_types.keys().map(|k| (*k).to_owned()).collect();
    taken.extend(spec.api.ids.iter().map(|i| i.name.value.clone()));
    let mut proposal = Proposal { spec_types, taken, types: Vec::new(), left_out: LeftOut::default() };
    let hint = top_name(&p.category, &p.method);
    let (ty, note) = proposal.ty(shape, &hint, "", Some(returns));
    let mut out = String::new();
    let _ = writeln!(out, "# Proposed by `cargo xtask probe --learn` from the answer of GET {}", p.path);
    let _ = writeln!(out, "# ({}.{}, {observations}; the spec says `{returns}`).", p.category, p.method);
    let _ = writeln!(
        out,
        "# Review it, then paste it into spec/{}.yaml: the `returns:` line into the endpoint,",
        p.category
    );
    let _ = writeln!(out, "# the types under `types:` (a type named as one the spec declares replaces it). Only what");
    let _ = writeln!(out, "# the answer showed is here; types, optionality and enums are guesses from it. The");
    let _ = writeln!(out, "# endpoint's `example:` must fit the new type: rewrite it with made-up values, or drop it.");
    if let Some(note) = proposal.left_out.note() {
        let _ = writeln!(out, "# Not written: {note}.");
    }
    let _ = writeln!(out, "endpoints:");
    let _ = writeln!(out, "  {}:", p.method);
    let _ = writeln!(out, "    returns: {}{}", yaml_type(&ty), comment(&note));
    if !proposal.types.is_empty() {
        let _ = writeln!(out, "types:");
        let top = ty.trim_start_matches('[').trim_end_matches(['?', ']']);
        for (name, fields) in &proposal.types {
            let _ = writeln!(out, "  {name}:");
            // What the type rests on (spec/README.md, "Provenance"): the answer the probe read.
            if name == top {
                let _ = writeln!(out, "    source: probe GET {} ({}.{})", p.path, p.category, p.method);
            } else {
                let _ = writeln!(out, "    source: probe GET {}", p.path);
            }
            if fields.is_empty() {
                // Only empty objects (or only fields that could not be written) were seen.
                let _ = writeln!(out, "    fields: {{}}");
                continue;
            }
            let _ = writeln!(out, "    fields:");
            for line in fields {
                let _ = writeln!(out, "      {line}");
            }
        }
    }
    (out, proposal.left_out)
}

/// The name of the type at the top: the endpoint's name without its verb (`list_abuse_types` →
/// `AbuseTypes`), or the category and endpoint when that leaves nothing.
fn top_name(category: &str, method: &str) -> String {
    let rest = ["get_", "list_", "find_", "search_", "count_"].iter().find_map(|v| method.strip_prefix(v));
    match rest {
        Some(rest) if !rest.is_empty() => naming::pascal(rest),
        _ => naming::pascal(&format!("{category}_{method}")),
    }
}

/// `Items` → `Item`, `Categories` → `Category`; other names as they are.
fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if name.ends_with('s') && !name.ends_with("ss") && name.len() > 1 {
        name[..name.len() - 1].to_owned()
    } else {
        name.to_owned()
    }
}

fn comment(note: &Option<String>) -> String {
    note.as_ref().map(|n| format!("  # {n}")).unwrap_or_default()
}

/// A type expression as YAML: quoted when YAML would read it as something else.
fn yaml_type(ty: &str) -> String {
    if ty.starts_with('[') { format!("\"{ty}\"") } else { ty.to_owned() }
}

/// Whether YAML (1.1 or 1.2) reads `word`, written plain, as null or a boolean.
fn is_yaml_word(word: &str) -> bool {
    matches!(word.to_ascii_lowercase().as_str(), "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n")
}

/// A mapping key as YAML: as it is when it is a plain word, else double-quoted (see [`yaml_quoted`]).
fn yaml_key(key: &str) -> String {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !is_yaml_word(key);
    if plain { key.to_owned() } else { yaml_quoted(key) }
}

/// `text` as a YAML double-quoted scalar that holds exactly `text`: `"` and `\` escaped, tab, line
/// feed and carriage return as `\t`, `\n`, `\r`, and every other control or invisible character
/// (DEL, C1, bidirectional marks, the byte order mark, U+FFFE), which YAML does not allow raw or which
/// would hide text from a reviewer, as `\uXXXX`. (serde_json's quoting, used before, leaves DEL and C1
/// raw, which the spec loader refuses.)
fn yaml_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len().saturating_add(2));
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            // Every such character is in the Basic Multilingual Plane: one `\uXXXX` each.
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl<'s> Proposal<'s> {
    /// The declared struct the spec has at this place, if any (through `?` and lists).
    fn declared_struct(&self, existing: Option<&TypeExpr>) -> Option<&'s TypeDef> {
        match existing? {
            TypeExpr::Optional(t) | TypeExpr::List(t) => self.declared_struct(Some(t)),
            TypeExpr::Name(n) => {
                self.spec_types.get(n.value.as_str()).copied().filter(|t| matches!(t.kind, TypeKind::Struct { .. }))
            }
            _ => None,
        }
    }

    /// A free type name from `hint`, with `parent` in front when the hint is taken. A hint that gives no
    /// type name, or one longer than [`MAX_TYPE_NAME`], is not used; names stay short enough to be
    /// YAML keys however deep the answer nests.
    fn name(&mut self, hint: &str, parent: &str) -> String {
        let hint = naming::pascal(hint);
        let base = if !naming::is_pascal(&hint) || hint.len() > MAX_TYPE_NAME {
            format!("{parent}Item")
        } else if is_yaml_word(&hint) {
            // `Null`, `True`: YAML would read the type's name as null or a boolean.
            format!("{}{hint}", if parent.is_empty() { "Learnt" } else { parent })
        } else {
            hint
        };
        let mut candidates = vec![base.clone(), format!("{parent}{base}")];
        candidates.extend((2..).take(100).map(|n| format!("{parent}{base}{n}")));
        let fallback = (1..).map(|n| format!("Learnt{n}")).find(|c| !self.taken.contains(c));
        let name = candidates
            .into_iter()
            .find(|c| c.len() <= MAX_TYPE_NAME.saturating_mul(2) && !self.taken.contains(c))
            .or(fallback)
            .unwrap_or(base);
        self.taken.insert(name.clone());
        name
    }

    /// The type expression (without `?`) for the values seen in `shape`, and a note.
    fn ty(&mut self, shape: &Shape, hint: &str, parent: &str, existing: Option<&TypeExpr>) -> (String, Option<String>) {
        if shape.kinds() == 0 {
            return ("json".to_owned(), Some("only null or empty seen: the type is unknown".to_owned()));
        }
        if shape.kinds() > 1 {
            if shape.lists == 0 && shape.objects == 0 && shape.bools == 0 {
                return ("string".to_owned(), Some("text and numbers seen".to_owned()));
            }
            return ("json".to_owned(), Some("values of several kinds seen".to_owned()));
        }
        if let Some(items) = shape.items.as_deref() {
            let inner = match existing {
                Some(TypeExpr::List(t)) => Some(t.as_ref()),
                other => other,
            };
            if items.kinds() == 0 && items.present() == 0 {
                return ("[json]".to_owned(), Some("only empty lists seen: the item type is unknown".to_owned()));
            }
            let (item, note) = self.ty(items, &singular(hint), parent, inner);
            return (format!("[{item}]{}", if optional(items) { "?" } else { "" }), note);
        }
        if shape.objects > 0 {
            return (self.object(shape, hint, parent, existing), None);
        }
        if shape.bools > 0 {
            return ("bool".to_owned(), None);
        }
        if shape.floats > 0 {
            return ("f64".to_owned(), None);
        }
        if shape.ints > 0 {
            let ty = if shape.small { "i32" } else { "i64" };
            return (ty.to_owned(), enum_note(hint, shape));
        }
        if shape.dates == shape.texts {
            return ("date".to_owned(), None);
        }
        if shape.dates + shape.date_times == shape.texts {
            return ("datetime".to_owned(), None);
        }
        ("string".to_owned(), None)
    }

    /// A struct type for the objects seen in `shape`; its name.
    fn object(&mut self, shape: &Shape, hint: &str, parent: &str, existing: Option<&TypeExpr>) -> String {
        let declared = self.declared_struct(existing);
        let name = match declared {
            Some(t) => t.name.value.clone(),
            None => self.name(hint, parent),
        };
        let declared_fields: BTreeMap<&str, &TypeExpr> = match declared.map(|t| &t.kind) {
            Some(TypeKind::Struct { fields, .. }) => {
                fields.iter().map(|f| (f.wire.value.as_str(), &f.ty.value)).collect()
            }
            _ => BTreeMap::new(),
        };
        // Reserve the name before the fields, so that a field cannot take it.
        let index = self.types.len();
        self.types.push((name.clone(), Vec::new()));
        let mut lines = Vec::new();
        self.left_out.many = self.left_out.many.saturating_add(shape.more_fields);
        for (wire, field) in &shape.fields {
            let key = yaml_key(wire);
            if key.chars().count() > MAX_KEY {
                self.left_out.long = self.left_out.long.saturating_add(1);
                continue;
            }
            let existing = declared_fields.get(wire.as_str()).copied();
            let hint =
                if naming::pascal(wire) == name { format!("{name}{}", naming::pascal(wire)) } else { wire.clone() };
            let (ty, note) = self.ty(field, &hint, &name, existing);
            let absent = shape.objects.saturating_sub(field.present());
            let optional = absent > 0 || optional(field);
            let mut notes: Vec<String> = note.into_iter().collect();
            if absent > 0 {
                notes.push(format!("absent in {absent} of {}", shape.objects));
            }
            let ty = if optional && !ty.ends_with('?') { format!("{ty}?") } else { ty };
            lines.push(format!("{key}: {}{}", yaml_type(&ty), comment(&(!notes.is_empty()).then(|| notes.join("; ")))));
        }
        self.types[index].1 = lines;
        name
    }
}

/// Whether a value seen here was ever `null` or `""`.
fn optional(shape: &Shape) -> bool {
    shape.nulls > 0 || shape.empty_texts > 0
}

/// A note for integers that may be an enum: a field named like one, with few values.
fn enum_note(name: &str, shape: &Shape) -> Option<String> {
    const ENUM_LIKE: [&str; 9] = ["Type", "Status", "State", "Kind", "Mode", "Level", "Priority", "Role", "Category"];
    let looks_like = ENUM_LIKE.iter().any(|s| name.ends_with(s) || name.ends_with(&s.to_ascii_lowercase()));
    if !looks_like || shape.distinct.len() >= DISTINCT {
        return None;
    }
    let values: Vec<String> = shape.distinct.iter().map(ToString::to_string).collect();
    Some(format!("values seen: {}; perhaps an enum (left a number until its values are known)", values.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The real `api.yaml`, and a category that declares `Owner` (so that a nested `Owner` is renamed).
    fn spec() -> Spec {
        let api = std::fs::read_to_string(crate::checkout_spec().unwrap().join("api.yaml")).unwrap();
        let things =
            "endpoints:\n  list_widgets: {get: /api/widgets, returns: json}\ntypes:\n  Owner: {fields: {X: i32}}\n";
        let sources = vec![
            axero_codegen::load::Source { display: "spec/api.yaml".into(), stem: "api".into(), text: api },
            axero_codegen::load::Source {
                display: "spec/things.yaml".into(),
                stem: "things".into(),
                text: things.into(),
            },
        ];
        axero_codegen::check_sources(&sources).unwrap_or_else(|d| panic!("{d}"))
    }

    #[test]
    fn types_optionality_dates_nesting_and_enum_notes() {
        let spec = spec();
        let data = json!([
            {"WidgetID": 1, "Name": "a", "Created": "2025-10-20T16:07:36.817", "Day": "2025-10-20", "Score": 1.5,
             "WidgetStatus": 1, "Owner": {"UserID": 7, "Email": null}, "Tags": ["x"], "Big": 5_000_000_000i64, "Code": "7"},
            {"WidgetID": 2, "Name": "b", "Created": "", "Day": "2025-10-21", "Score": 2,
             "WidgetStatus": 2, "Owner": {"UserID": 8}, "Tags": [], "Big": 1, "Code": 8},
        ]);
        let p = Probed {
            name: "things.list_widgets".into(),
            category: "things".into(),
            method: "list_widgets".into(),
            path: "/api/widgets".into(),
            outcome: Outcome::Ok,
        };
        let mut shape = Shape::default();
        shape.observe(&data);
        let json = TypeExpr::Name(axero_codegen::spec::Spanned::new("json".into(), dummy()));
        let (text, _) = propose(&spec, &p, &json, &shape, "2 item(s)");
        let body: Vec<&str> = text.lines().skip_while(|l| l.starts_with('#')).collect();
        assert_eq!(
            body,
            [
                "endpoints:",
                "  list_widgets:",
                "    returns: \"[Widget]\"",
                "types:",
                "  Widget:",
                "    source: probe GET /api/widgets (things.list_widgets)",
                "    fields:",
                "      Big: i64",
                "      Code: string  # text and numbers seen",
                "      Created: datetime?",
                "      Day: date",
                "      Name: string",
                "      Owner: WidgetOwner",
                "      Score: f64",
                "      Tags: \"[string]\"",
                "      WidgetID: i32",
                "      WidgetStatus: i32  # values seen: 1, 2; perhaps an enum (left a number until its values are known)",
                "  WidgetOwner:",
                "    source: probe GET /api/widgets",
                "    fields:",
                "      Email: json?  # only null or empty seen: the type is unknown; absent in 1 of 2",
                "      UserID: i32",
            ]
        );
    }

    fn dummy() -> axero_codegen::diagnostic::Pos {
        axero_codegen::diagnostic::Pos::new(&"t".into(), 1, 1)
    }
}

#[cfg(test)]
mod quoting_tests {
    use super::*;
    use axero_codegen::load::yaml::{Value as Yaml, parse};

    /// The key YAML reads back from `<yaml_key(key)>: 1`.
    fn read_back(key: &str) -> String {
        let text = format!("{}: 1\n", yaml_key(key));
        let (node, problems) = parse(&"t.yaml".into(), &text).unwrap_or_else(|d| panic!("{key:?}: {d:?}\n{text}"));
        assert!(problems.is_empty(), "{key:?}: {problems:?}");
        match node.value {
            Yaml::Map(entries) => entries.into_iter().map(|(k, _)| k.name).next().unwrap(),
            other => panic!("{key:?}: {other:?}"),
        }
    }

    #[test]
    fn every_key_a_site_may_send_reads_back_as_itself() {
        let mut keys: Vec<String> = (0..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|c| is_unsafe(*c) || c.is_ascii_punctuation() || *c == ' ')
            .map(|c| format!("{c}"))
            .collect();
        keys.extend(
            ["", "- x", "? q", "&a", "*a", "!tag", "a: b", "a #c", "Null", "TRUE", "No", "~", "'", "\"", "\\", "é"]
                .map(str::to_owned),
        );
        for key in keys {
            assert_eq!(read_back(&key), key, "{:?}", yaml_key(&key));
        }
    }
}
