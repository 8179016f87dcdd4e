//! Applying the certain fixes of a spec's diagnostics: what `cargo xtask gen --fix` does, and what the
//! corpus test checks the meaning of.
//!
//! Only [`Applicability::Certain`] fixes are applied: a "maybe" (a declared name close to the one
//! written) may give an accepted spec that means something else, so a person applies it.

use crate::diagnostic::{Applicability, Diagnostic, Diagnostics, Fix, byte_range};
use crate::load::Source;

/// The certain fixes of `diagnostics`, in order.
pub fn certain(diagnostics: &Diagnostics) -> Vec<&Diagnostic> {
    diagnostics.iter().filter(|d| d.fix.is_some() && d.applicability == Applicability::Certain).collect()
}

/// `sources` with `fixes` applied. A replacement that overlaps one before it in `fixes` is left out (the
/// next run reports it again); the others are applied from the last in its file to the first, so that
/// each position still holds. A rename changes the file's shown path and stem.
pub fn apply<'a>(sources: &[Source], fixes: impl IntoIterator<Item = &'a Fix>) -> Vec<Source> {
    let fixes: Vec<&Fix> = fixes.into_iter().collect();
    let mut out = sources.to_vec();
    let mut chosen: Vec<(usize, std::ops::Range<usize>, &str)> = Vec::new();
    for fix in &fixes {
        if let Fix::Replace { pos, with } = fix
            && let Some(i) = out.iter().position(|s| *s.display == *pos.file)
        {
            let range = byte_range(&out[i].text, pos);
            if !chosen.iter().any(|(j, r, _)| *j == i && range.start < r.end && r.start < range.end) {
                chosen.push((i, range, with));
            }
        }
    }
    chosen.sort_by_key(|(i, range, _)| std::cmp::Reverse((*i, range.start)));
    for (i, range, with) in chosen {
        out[i].text.replace_range(range, with);
    }
    // Renames last: a replacement names its file as it was shown.
    for fix in &fixes {
        if let Fix::Rename { file, to } = fix
            && let Some(s) = out.iter_mut().find(|s| *s.display == **file)
        {
            let dir = s.display.rsplit_once('/').map_or("", |(dir, _)| dir);
            s.display = if dir.is_empty() { to.clone() } else { format!("{dir}/{to}") };
            s.stem = to.rsplit_once('.').map_or(to.as_str(), |(stem, _)| stem).to_owned();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Pos;
    use std::sync::Arc;

    fn source(text: &str) -> Source {
        Source { display: "spec/users.yaml".into(), stem: "users".into(), text: text.into() }
    }

    fn replace(line: u32, col: u32, len: u32, with: &str) -> Fix {
        let file: Arc<str> = Arc::from("spec/users.yaml");
        Fix::Replace { pos: Pos::new(&file, line, col).with_len(len), with: with.into() }
    }

    #[test]
    fn replacements_on_one_line_apply_from_the_last() {
        let fixes = [replace(1, 1, 6, "returns"), replace(1, 9, 3, "User")];
        let out = apply(&[source("retuns: Usr\n")], &fixes);
        assert_eq!(out[0].text, "returns: User\n");
    }

    #[test]
    fn an_overlapping_replacement_is_left_for_the_next_run() {
        let fixes = [replace(1, 1, 6, "returns"), replace(1, 3, 2, "xx")];
        let out = apply(&[source("retuns: Usr\n")], &fixes);
        assert_eq!(out[0].text, "returns: Usr\n");
    }

    #[test]
    fn a_rename_changes_the_path_and_the_stem() {
        let fix = Fix::Rename { file: Arc::from("spec/users.yaml"), to: "two_fa.yaml".into() };
        let out = apply(&[source("x: 1\n")], [&fix]);
        assert_eq!((out[0].display.as_str(), out[0].stem.as_str()), ("spec/two_fa.yaml", "two_fa"));
    }
}
