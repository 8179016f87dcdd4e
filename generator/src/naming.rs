//! Rust names from wire names: casing, acronyms, keywords. Every Rust name the emitter prints is decided
//! here, once, during lowering.

use heck::{ToPascalCase, ToSnakeCase};

/// Acronyms the API runs together (`ContentIDCSV`, `URLID`); a run of capitals made only of these is split
/// into words, so `ContentIDCSV` becomes `content_id_csv` instead of `content_idcsv`.
const ACRONYMS: &[&str] = &["API", "CSV", "HTML", "ID", "ISO", "JSON", "SAML", "SSO", "UI", "URL", "XML"];

/// Words Rust reserves; a name equal to one gets a trailing underscore.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The crate generated code calls for everything that is not endpoint-specific.
pub const RUNTIME_CRATE: &str = "axero_runtime";

/// The name endpoint files give the runtime crate (`use ::axero_runtime as rt;`); no category may take it.
pub const RUNTIME_ALIAS: &str = "rt";

/// The methods of a generated request value besides its setters, with what each is for; the first
/// three only on a paged endpoint's. No parameter may take these names.
const REQUEST_METHODS: &[(&str, &str)] = &[
    ("page", "the page to fetch"),
    ("page_length", "the page length"),
    ("stream", "streaming every item"),
    ("into_future", "sending the request"),
];

/// The names a request value's own methods take, for a paged endpoint or not.
pub fn request_methods(paged: bool) -> &'static [(&'static str, &'static str)] {
    if paged { REQUEST_METHODS } else { &REQUEST_METHODS[3..] }
}

/// The request value an endpoint method returns: `list` → `ListRequest`.
pub fn request_struct(method: &str) -> String {
    format!("{}Request", pascal(method))
}

/// `UserIDCSV` → `user_id_csv`, `type` → `type_`, `2fa` → `_2fa`, `First name` → `first_name`.
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
    if name.is_empty() {
        "_".to_owned()
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
            ("$$$", "_"),
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
    fn recognises_shapes() {
        assert!(is_snake("me") && is_snake("list_v2") && !is_snake("List") && !is_snake("a__b") && !is_snake("_x"));
        assert!(is_pascal("User") && is_pascal("V2") && !is_pascal("user") && !is_pascal("User_Name"));
    }
}
