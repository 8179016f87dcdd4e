//! Lint: what an accepted spec says that is probably not what it means. Each is a warning with a code;
//! `cargo xtask gen` shows warnings and goes on, `cargo xtask check` (CI) fails on them. A spec that
//! does mean it says so where the warning is: `# allow(<code>)` in a comment on the warning's line or
//! the line above.
//!
//! - `id-wire-mismatch`: a field or parameter whose wire name carries one id (`PollID`: `PollId`)
//!   declared as another (`SurveyId`): the ids would be mixed up, which is what id types prevent.
//! - `id-wide-wire`: a field or parameter whose wire name carries an id declared `i64`: ids are `i32`,
//!   and the type loses the id.
//! - `json-string-example`: an endpoint that returns `json` with a text example: the mock answers a
//!   JSON string, which is rarely what such an endpoint sends.

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::ids::Ids;
use crate::load::Source;
use crate::spec::{ExampleValue, Spanned, Spec, TypeExpr, TypeKind};

/// The code of a field or parameter whose wire name carries one id, declared as another.
pub const ID_WIRE_MISMATCH: &str = "id-wire-mismatch";
/// The code of an id carried on a wire declared `i64`.
pub const ID_WIDE_WIRE: &str = "id-wide-wire";
/// The code of a text example on an endpoint that returns `json`.
pub const JSON_STRING_EXAMPLE: &str = "json-string-example";

/// The warnings of `spec`, but those allowed in `sources` where they are.
pub fn lint(spec: &Spec, sources: &[Source]) -> Diagnostics {
    let ids = Ids::new(&spec.api.ids);
    let mut found = Vec::new();
    let fields = std::iter::once(&spec.api.types)
        .chain(spec.categories.iter().map(|c| &c.types))
        .flatten()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => Some(fields),
            TypeKind::Enum { .. } => None,
        })
        .flatten()
        .map(|f| (&f.wire, &f.ty));
    let params = spec
        .categories
        .iter()
        .flat_map(|c| &c.endpoints)
        .flat_map(|e| e.path_params.iter().chain(&e.query).chain(&e.headers))
        .map(|p| (&p.wire, &p.ty));
    for (wire, ty) in fields.chain(params) {
        id_wire(&ids, wire, ty, &mut found);
    }
    for e in spec.categories.iter().flat_map(|c| &c.endpoints) {
        let returns_json = matches!(&e.returns, Some(r) if matches!(&r.value, TypeExpr::Name(n) if n.value == "json"));
        if let Some(example) = &e.example
            && returns_json
            && matches!(example.value, ExampleValue::String(_))
        {
            found.push(warning(
                &example.pos,
                JSON_STRING_EXAMPLE,
                format!("`{}` returns `json`, but its example is text", e.name.value),
                "the mock answers this example: give the JSON the endpoint sends (an object or a list)".to_owned(),
            ));
        }
    }
    let mut out = Diagnostics::default();
    for d in found.into_iter().filter(|d| !allowed(d, sources)) {
        out.push(d);
    }
    for s in sources {
        out.add_source(&s.display, &s.text);
    }
    out.sorted()
}

/// A warning with its code.
fn warning(pos: &Pos, code: &'static str, message: String, help: String) -> Diagnostic {
    let mut d = Diagnostic::new(pos, message).help(help);
    d.warning = Some(code);
    d
}

/// The id checks of one field or parameter.
fn id_wire(ids: &Ids, wire: &Spanned<String>, ty: &Spanned<TypeExpr>, found: &mut Vec<Diagnostic>) {
    let (inner, list) = match ty.value.strip_optional().0 {
        TypeExpr::List(t) | TypeExpr::Csv(t) => (t.strip_optional().0, true),
        other => (other, false),
    };
    let TypeExpr::Name(name) = inner else { return };
    let Some(carried) = ids.carried_by(&wire.value, list) else { return };
    if ids.is_id(&name.value) && name.value != *carried {
        found.push(warning(
            &name.pos,
            ID_WIRE_MISMATCH,
            format!("`{}` carries a `{carried}` (api.yaml), but is declared `{}`", wire.value, name.value),
            format!(
                "write `{carried}`; if this wire name really carries a `{}`, say so with `# allow({ID_WIRE_MISMATCH})`",
                name.value
            ),
        ));
    } else if name.value == "i64" {
        found.push(warning(
            &name.pos,
            ID_WIDE_WIRE,
            format!("`{}` carries a `{carried}`, but is declared `i64`", wire.value),
            format!("write `i32` (it becomes `{carried}`); if the API really sends 64-bit numbers here, `# allow({ID_WIDE_WIRE})`"),
        ));
    }
}

/// Whether `# allow(code)` is on the warning's line, or the line above, of its file.
fn allowed(d: &Diagnostic, sources: &[Source]) -> bool {
    let (Some(code), Some(source)) = (d.warning, sources.iter().find(|s| *s.display == *d.pos.file)) else {
        return false;
    };
    let marker = format!("allow({code})");
    let line = d.pos.line as usize;
    source
        .text
        .lines()
        .enumerate()
        .filter(|(i, _)| *i + 1 == line || *i + 2 == line)
        .any(|(_, l)| l.split_once('#').is_some_and(|(_, comment)| comment.contains(&marker)))
}

#[cfg(test)]
mod tests {
    use crate::load::test_sources;

    fn warnings(files: &[(&str, &str)]) -> Vec<String> {
        let sources = test_sources(files);
        let spec = crate::check_sources(&sources).unwrap_or_else(|d| panic!("{d}"));
        super::lint(&spec, &sources).items.iter().map(ToString::to_string).collect()
    }

    const API: &str = "base_url: https://{site}\nauth: {bearer: {header: Authorization}}\n\
        envelope: {error: IsError, message: ResponseMessage, total: TotalRecords, data: ResponseData}\n\
        paging: {page: StartPage, size: PageLength, first_page: 1, default_size: 30}\n\
        ids:\n  PollId: {wire: [PollID]}\n  SurveyId: {wire: [SurveyID]}\n";

    #[test]
    fn an_id_declared_against_its_wire_name_warns_unless_allowed() {
        let spec = "types:\n  Vote:\n    fields:\n      PollID: SurveyId?\n      SurveyID: i64?\n";
        let found = warnings(&[("api", API), ("polls", spec)]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("warning[id-wire-mismatch]: `PollID` carries a `PollId`"), "{found:?}");
        assert!(found[1].contains("warning[id-wide-wire]: `SurveyID` carries a `SurveyId`"), "{found:?}");
        let allowed = "types:\n  Vote:\n    fields:\n      # allow(id-wire-mismatch): the API sends a survey here\n      PollID: SurveyId?\n      SurveyID: {type: i64?} # allow(id-wide-wire)\n";
        assert_eq!(warnings(&[("api", API), ("polls", allowed)]), Vec::<String>::new());
    }

    #[test]
    fn a_text_example_on_a_json_endpoint_warns() {
        let spec = "endpoints:\n  get_poll:\n    get: /api/polls/one\n    returns: json\n    example: \"a poll\"\n";
        let found = warnings(&[("api", API), ("polls", spec)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("warning[json-string-example]"), "{found:?}");
    }
}
