//! Tokens to readable text: parsed with `syn` (which also proves the output is valid Rust), printed with
//! `prettyplease`, then given a blank line between items so that reviewers read (and diff) one item at a
//! time.

use proc_macro2::TokenStream;

/// Formats a whole file's tokens.
pub fn format(tokens: &TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens.clone()).map_err(|e| format!("generated code does not parse: {e}"))?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// Inserts a blank line after an item's closing brace when another item follows at the same depth, and
/// after the inner attributes at the top of the file. The emitter writes no multi-line literals, so a
/// line holding only `}` is always the end of a block.
fn space_items(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let Some(next) = lines.get(i + 1) else {
            continue;
        };
        let indent = line.len() - line.trim_start().len();
        let next_indent = next.len() - next.trim_start().len();
        // A doc line may end with `}` too (`/// {"a": 1}`); it never ends a block.
        let is_comment = line.trim_start().starts_with("//");
        let closes = !is_comment && (line.trim_end().ends_with('}') || line.trim_end().ends_with("};"));
        // A one-line declaration (a tuple struct, a type alias, a `use`, a macro call) ends an item too.
        let declared = line.ends_with(';')
            && ["pub struct ", "pub type ", "use ", "::"].iter().any(|p| line.trim_start().starts_with(p))
            && !(line.trim_start().starts_with("use ") && next.trim_start().starts_with("use "));
        let header_ends = (line.starts_with("#![") && !next.starts_with("#!["))
            || (line.starts_with("//!") && !next.starts_with("//!") && !next.starts_with("#!["));
        let item_starts = ["///", "#[", "pub ", "fn ", "impl", "mod ", "const ", "pub(crate) "]
            .iter()
            .any(|p| next.trim_start().starts_with(p));
        if ((closes || declared) && indent == next_indent && item_starts) || header_ends {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn separates_items() {
        let text = format(&quote! {
            #![allow(deprecated)]
            /// A.
            pub struct A {}
            impl A {
                /// One.
                pub fn one(&self) {}
                /// Two.
                pub fn two(&self) {
                    let _ = 1;
                }
                /// Three.
                pub fn three(&self) {}
            }
        })
        .unwrap();
        assert_eq!(
            text,
            "#![allow(deprecated)]\n\n/// A.\npub struct A {}\n\nimpl A {\n    /// One.\n    pub fn one(&self) {}\n\n    /// Two.\n    pub fn two(&self) {\n        let _ = 1;\n    }\n\n    /// Three.\n    pub fn three(&self) {}\n}\n"
        );
    }

    #[test]
    fn a_doc_line_ending_with_a_brace_is_not_the_end_of_a_block() {
        let text = format(&quote! {
            #[doc = " {\"a\": 1}"]
            #[doc = " more"]
            pub struct A {}
        })
        .unwrap();
        assert_eq!(text, "/// {\"a\": 1}\n/// more\npub struct A {}\n");
    }

    #[test]
    fn invalid_tokens_are_an_error_not_a_panic() {
        assert!(format(&quote!(fn fn x() {})).is_err());
    }
}
