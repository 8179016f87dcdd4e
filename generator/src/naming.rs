//! Rust names from wire names: casing, acronyms, keywords; and the names the generator owns. Every Rust
//! name the emitter prints is decided here, once, during lowering, and validation checks the spec's names
//! against the same lists, so that a name the generator needs is never taken by the spec.

use heck::{ToPascalCase, ToSnakeCase};

/// Acronyms the API runs together (`ContentIDCSV`, `URLID`); a run of capitals made only of these is split
/// into words, so `ContentIDCSV` becomes `content_id_csv` instead of `content_idcsv`.
const ACRONYMS: &[&str] = &["API", "CSV", "HTML", "ID", "ISO", "JSON", "SAML", "SSO", "UI", "URL", "XML"];

/// Words Rust reserves; a name equal to one gets a trailing underscore.
pub const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The crate generated code calls for everything that is not endpoint-specific.
pub const RUNTIME_CRATE: &str = "axero_runtime";

/// The name endpoint files give the runtime crate (`use ::axero_runtime as rt;`), and types files its
/// private module (`use ::axero_runtime::__private as rt;`: they name only its serde helpers, in
/// attributes kept short, `with = "rt::lenient::opt"`); no category may take it.
pub const RUNTIME_ALIAS: &str = "rt";

/// The runtime's module of what only generated code calls (`axero_runtime::__private`: serde helpers,
/// the id macro); hidden from its docs and outside its semver.
pub const RUNTIME_PRIVATE: &str = "__private";

/// The methods of a generated request value besides its setters, with what each is for; the first
/// three only on a paged endpoint's. No parameter may take these names.
const REQUEST_METHODS: &[(&str, &str)] = &[
    ("page", "the page to fetch"),
    ("page_length", "the page length"),
    ("stream", "streaming every item"),
    ("into_future", "sending the request"),
    ("timeout", "the call's own timeout"),
    ("retry", "the call's own retry policy"),
    ("decode_as", "decoding the data as another type"),
];

/// The names a request value's own methods take, for a paged endpoint or not.
pub fn request_methods(paged: bool) -> &'static [(&'static str, &'static str)] {
    if paged { REQUEST_METHODS } else { &REQUEST_METHODS[3..] }
}

/// The request value an endpoint method returns: `list` → `ListRequest`.
pub fn request_struct(method: &str) -> String {
    format!("{}Request", pascal(method))
}

/// Names a category may not take, and why: the category's file name becomes a module of the generated
/// crate (re-exported at its root) and an accessor method of its `Client`. So it may not be a module the
/// crate has already, a crate the root re-exports from, a method of `Client` (its own, or one of the
/// traits it implements or gets for free), or a name that stands for the generated code itself. A test
/// checks the `Client` methods against the emitted `api/mod.rs`.
pub const RESERVED_CATEGORIES: &[(&str, &str)] = &[
    ("api", "the module that holds the generated code"),
    ("types", "the module of every type (`crate::types`)"),
    ("ids", "the module of the id types (`crate::ids`)"),
    ("rt", "the name endpoint files give the runtime crate"),
    ("common", "the module of the types of `api.yaml` (`types::common`)"),
    ("runtime", "`Client::runtime` and the `runtime` re-export"),
    ("builder", "`Client::builder`"),
    ("find_endpoint", "`Client::find_endpoint`"),
    ("axero_runtime", "the runtime crate, which the crate root re-exports from"),
    ("default", "a cargo feature of the generated crate (each category is one)"),
    ("full", "the cargo feature that turns every category on"),
    ("rustls", "the cargo feature of the default TLS backend (each category is a feature)"),
    ("serde", "a crate the generated code names"),
    ("serde_json", "a crate the generated code names"),
    ("clone", "`Clone::clone` of `Client`"),
    ("clone_from", "`Clone::clone_from` of `Client`"),
    ("clone_into", "`ToOwned::clone_into` of `Client`"),
    ("to_owned", "`ToOwned::to_owned` of `Client`"),
    ("fmt", "`Debug::fmt` of `Client`"),
    ("from", "`From::from` of `Client`"),
    ("into", "`Into::into` of `Client`"),
    ("try_from", "`TryFrom::try_from` of `Client`"),
    ("try_into", "`TryInto::try_into` of `Client`"),
    ("borrow", "`Borrow::borrow` of `Client`"),
    ("borrow_mut", "`BorrowMut::borrow_mut` of `Client`"),
    ("type_id", "`Any::type_id` of `Client`"),
    ("eq", "a method of `PartialEq`"),
    ("ne", "a method of `PartialEq`"),
    ("hash", "a method of `Hash`"),
    ("cmp", "a method of `Ord`"),
    ("partial_cmp", "a method of `PartialOrd`"),
    ("default", "a method of `Default`"),
    ("to_string", "a method of `ToString`"),
    ("deref", "a method of `Deref`"),
    ("drop", "a method of `Drop`"),
];

/// Every name the emitted code binds in a scope that also holds names from the spec: the request an
/// endpoint method builds (`let request`), the one a setter's closure changes (`r`, see
/// [`setter_request`]), a date in a list being formatted (`v`), and those of the trait impls of enums
/// and ids (`value`, `f`, `s`, `other`, `serializer`, `deserializer`, `runtime`). The naming obstacle
/// course (`tests/fixtures/obstacle/spec/names.yaml`) takes each as a parameter and a field, and a test
/// checks that it does.
pub const EMITTED_BINDINGS: &[&str] =
    &["r", "request", "v", "value", "f", "s", "other", "serializer", "deserializer", "runtime"];

/// The name a setter's closure gives the request it changes (`self.0.map(|r| r.query("R", value))`):
/// `r`, or `request` for a parameter named `r`, which the closure would otherwise shadow.
pub fn setter_request(param: &str) -> &'static str {
    if param == "r" { "request" } else { "r" }
}

/// The field that keeps the fields a spec does not list.
pub const ADDITIONAL_FIELDS: &str = "additional_fields";

/// Why `name` cannot be a category, when it cannot.
pub fn reserved_category(name: &str) -> Option<&'static str> {
    RESERVED_CATEGORIES.iter().find(|(n, _)| *n == name).map(|(_, why)| *why)
}

/// The accessor struct of a category: `users` → `UsersApi` (never the name of a type, which lives in
/// `crate::types`).
pub fn accessor(module: &str) -> String {
    format!("{}Api", pascal(module))
}

/// A name close to `stem` that a category file may take (snake_case, not a keyword, not reserved), to
/// suggest when `stem` may not: `2fa` → `x_2fa`, `async` → `api_async`, `User Groups` → `user_groups`.
pub fn category_name_like(stem: &str) -> String {
    let mut name = identifier(&split_acronyms(&words(stem)).to_snake_case()).trim_matches('_').to_owned();
    if name.is_empty() {
        name = "category".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("x_{name}");
    }
    if is_keyword(&name) || reserved_category(&name).is_some() || name.starts_with("into_") || name.starts_with("from_")
    {
        name = format!("api_{name}");
    }
    name
}

/// A snake_case name close to `name` that is not a keyword, when there is an obvious one.
pub fn snake_like(name: &str) -> Option<String> {
    let s = identifier(&split_acronyms(&words(name)).to_snake_case()).trim_matches('_').to_owned();
    (is_snake(&s) && !is_keyword(&s)).then_some(s)
}

/// `UserIDCSV` → `user_id_csv`, `type` → `type_`, `2fa` → `_2fa`, `First name` → `first_name`, `$` → `x`.
pub fn snake(wire: &str) -> String {
    escape(identifier(&split_acronyms(&words(wire)).to_snake_case()))
}

/// `user-status` → `UserStatus`; acronyms become words (`URLMapper` → `UrlMapper`).
pub fn pascal(wire: &str) -> String {
    escape(identifier(&split_acronyms(&words(wire)).to_pascal_case()))
}

/// Every character that cannot be in an identifier becomes a word break.
fn words(wire: &str) -> String {
    wire.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { ' ' }).collect()
}

/// Only ASCII letters, digits and single underscores, none at either end.
fn identifier(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '_' };
        if !(c == '_' && (out.is_empty() || out.ends_with('_'))) {
            out.push(c);
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// Whether `name` is already a plain snake_case identifier (what endpoint and module names must be).
pub fn is_snake(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.contains("__")
        && !name.ends_with('_')
}

/// Whether `name` is already a PascalCase identifier (what type and variant names must be).
pub fn is_pascal(name: &str) -> bool {
    matches!(name.chars().next(), Some('A'..='Z')) && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether `name` is a Rust keyword (strict, reserved or weak-but-troublesome).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

fn escape(name: String) -> String {
    if !name.chars().any(|c| c.is_ascii_alphabetic()) {
        // `_`, `__` or `_1` would be `just_underscores_and_digits` (or not an identifier at all).
        let digits = name.trim_matches('_');
        if digits.is_empty() { "x".to_owned() } else { format!("x_{digits}") }
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// Inserts word breaks inside runs of capitals that consist of known acronyms (`IDCSV` → `Id Csv`).
fn split_acronyms(wire: &str) -> String {
    // Acronyms are two capitals or more, so a name without two capitals in a row (most names) has none.
    if !wire.as_bytes().windows(2).any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase()) {
        return wire.to_owned();
    }
    let chars: Vec<char> = wire.chars().collect();
    let mut out = String::with_capacity(wire.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_uppercase() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_uppercase() {
            i += 1;
        }
        let whole: String = chars[start..i].iter().collect();
        // `IDs`: an acronym run followed by a plural `s` that ends the word.
        let plural = i < chars.len()
            && chars[i] == 's'
            && chars.get(i + 1).is_none_or(|c| !c.is_ascii_lowercase())
            && segment(&whole).is_some();
        if plural {
            out.push(' ');
            for w in segment(&whole).unwrap_or_default() {
                out.push_str(&title(w));
            }
            out.push_str("s ");
            i += 1;
            continue;
        }
        // In `HTMLFormatted` the last capital starts the next word.
        let end = if i < chars.len() && chars[i].is_ascii_lowercase() && i - start > 1 { i - 1 } else { i };
        let run: String = chars[start..end].iter().collect();
        match segment(&run) {
            Some(words) if words.len() > 1 => {
                for w in words {
                    out.push(' ');
                    out.push_str(&title(w));
                }
                out.push(' ');
            }
            _ => out.push_str(&run),
        }
        out.extend(&chars[end..i]);
    }
    out
}

/// `CSV` → `Csv`.
fn title(word: &str) -> String {
    let mut cs = word.chars();
    cs.next().map(|f| f.to_string() + &cs.as_str().to_ascii_lowercase()).unwrap_or_default()
}

/// Splits `run` into known acronyms, longest first; `None` when it is not made only of them.
fn segment(run: &str) -> Option<Vec<&str>> {
    if run.is_empty() {
        return Some(Vec::new());
    }
    let mut candidates: Vec<&str> = ACRONYMS.iter().copied().filter(|a| run.starts_with(a)).collect();
    candidates.sort_by_key(|a| std::cmp::Reverse(a.len()));
    for a in candidates {
        if let Some(mut rest) = segment(&run[a.len()..]) {
            rest.insert(0, &run[..a.len()]);
            return Some(rest);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `split_acronyms` passes names without two capitals in a row through unchanged.
    #[test]
    fn acronyms_are_two_capitals_or_more() {
        assert!(ACRONYMS.iter().all(|a| a.len() >= 2 && a.chars().all(|c| c.is_ascii_uppercase())));
    }

    #[test]
    fn snake_names() {
        for (wire, rust) in [
            ("UserID", "user_id"),
            ("ContentIDCSV", "content_id_csv"),
            ("ToUserIDCsv", "to_user_id_csv"),
            ("EntityTypeCsv", "entity_type_csv"),
            ("AvatarImageURL", "avatar_image_url"),
            ("AuthorAvatarImageUrl", "author_avatar_image_url"),
            ("CommentTextHtmlFormatted", "comment_text_html_formatted"),
            ("DateCreatedISOString", "date_created_iso_string"),
            ("URLID", "url_id"),
            ("IsChekoutable", "is_chekoutable"),
            ("threadIDCSV", "thread_id_csv"),
            ("linkURL", "link_url"),
            ("Type", "type_"),
            ("self", "self_"),
            ("2fa", "_2fa"),
            ("IDs", "ids"),
            ("UserIDs", "user_ids"),
            ("UserIDsCSV", "user_ids_csv"),
            ("ParticipantsIds", "participants_ids"),
            ("PageLength", "page_length"),
            ("StartPage", "start_page"),
            ("fromDate", "from_date"),
            ("First name", "first_name"),
            ("User<ID", "user_id"),
            ("Prénom", "pr_nom"),
            ("$$$", "x"),
            ("_", "x"),
            ("1", "x_1"),
            ("__2__", "x_2"),
        ] {
            assert_eq!(snake(wire), rust, "{wire}");
        }
    }

    #[test]
    fn pascal_names() {
        assert_eq!(pascal("users"), "Users");
        assert_eq!(pascal("space_roles"), "SpaceRoles");
        assert_eq!(pascal("IsAvaiable"), "IsAvaiable");
    }

    #[test]
    fn category_names_like_an_invalid_one_are_valid() {
        for (stem, like) in [
            ("2fa", "x_2fa"),
            ("async", "api_async"),
            ("types", "api_types"),
            ("from", "api_from"),
            ("User Groups", "user_groups"),
            ("SpaceRoles", "space_roles"),
            ("into_things", "api_into_things"),
            ("$", "category"),
        ] {
            assert_eq!(category_name_like(stem), like, "{stem}");
            assert!(is_snake(like) && !is_keyword(like) && reserved_category(like).is_none(), "{like}");
        }
    }

    #[test]
    fn snake_like_never_suggests_a_keyword_or_an_invalid_name() {
        assert_eq!(snake_like("UserName").as_deref(), Some("user_name"));
        assert_eq!(snake_like("type"), None);
        assert_eq!(snake_like("2fa"), None);
        assert_eq!(snake_like("First name").as_deref(), Some("first_name"));
    }

    #[test]
    fn no_generated_name_is_only_underscores_and_digits() {
        for wire in ["_", "__", "1", "_1", "$", "#1", "2", "\u{e9}"] {
            let n = snake(wire);
            assert!(n.chars().any(|c| c.is_ascii_alphabetic()), "{wire} -> {n}");
        }
    }

    #[test]
    fn recognises_shapes() {
        assert!(is_snake("me") && is_snake("list_v2") && !is_snake("List") && !is_snake("a__b") && !is_snake("_x"));
        assert!(is_pascal("User") && is_pascal("V2") && !is_pascal("user") && !is_pascal("User_Name"));
    }
}
