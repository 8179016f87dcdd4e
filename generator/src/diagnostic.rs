//! Located errors in the spec: what is wrong, where (`file:line:col` and the span), how to fix it, and
//! the rendering of them all, like rustc's (source line, caret, `help:`) or one line each for CI logs.
//!
//! Rendering is annotate-snippets, the renderer rustc itself uses (ARCHITECTURE.md says why it was
//! chosen over codespan-reporting and miette); only [`Diagnostics::render`] names it.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Patch, Renderer, Snippet};

/// A place in a spec file: the file as shown to the user, a 1-based line and column (in characters), and
/// how many characters the span covers on that line (0: a point).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos {
    /// The spec file, e.g. `spec/users.yaml`.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
    /// The span's length in characters (0: a point).
    pub len: u32,
}

impl Pos {
    /// A point at `line:col` of `file`.
    pub fn new(file: &Arc<str>, line: u32, col: u32) -> Self {
        Pos { file: Arc::clone(file), line, col, len: 0 }
    }

    /// The same start, covering `len` characters.
    pub fn with_len(mut self, len: u32) -> Self {
        self.len = len;
        self
    }

    /// The part of this span that starts `offset` characters in and covers `len` characters.
    pub fn sub(&self, offset: u32, len: u32) -> Pos {
        Pos { file: Arc::clone(&self.file), line: self.line, col: self.col + offset, len }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// A fix that a tool (or the corpus test that checks every help) can apply without thinking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fix {
    /// Replace the text at `pos` (its `len` characters) with `with`.
    Replace {
        /// What to replace.
        pos: Pos,
        /// The replacement text.
        with: String,
    },
    /// Rename the spec file `file` to `to` (a file name such as `two_fa.yaml`).
    Rename {
        /// The file, as shown.
        file: Arc<str>,
        /// The new file name.
        to: String,
    },
}

/// How sure a [`Fix`] is, as rustc marks its suggestions: `cargo xtask gen --fix` applies only the
/// certain ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Applicability {
    /// Certainly what was meant: a word of the spec language itself misspelt (a key, a mode, a format),
    /// with one closest candidate not already used, or a mechanical rewrite that keeps the meaning
    /// (quoting, a file's name, a leading `/`).
    Certain,
    /// Probably what was meant, but it may give an accepted spec that means something else: a name the
    /// spec declares (a type, a field, a parameter) close to the one written. A person checks it.
    #[default]
    Maybe,
}

impl Applicability {
    /// `certain` or `maybe`, as the JSON form writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Certain => "certain",
            Applicability::Maybe => "maybe",
        }
    }
}

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// A short text under the caret.
    pub label: Option<String>,
    /// Other places that explain this one, e.g. where a name was first declared.
    pub related: Vec<(Pos, String)>,
    /// Facts that explain the problem.
    pub notes: Vec<String>,
    /// How to fix it, when that is known.
    pub help: Option<String>,
    /// The fix `help` describes, when it is mechanical.
    pub fix: Option<Fix>,
    /// How sure `fix` is ([`Applicability::Maybe`] unless a check made it certain).
    pub applicability: Applicability,
    /// For a warning (probably wrong, but a spec may mean it), its code: `allow(code)` in a comment on
    /// its line or the line above allows it ([`crate::lint`]). `None` for an error.
    pub warning: Option<&'static str>,
}

impl Diagnostic {
    /// The problem as one JSON object ([`Format::Json`]).
    pub fn to_json(&self) -> serde_json::Value {
        let place =
            |p: &Pos| serde_json::json!({"file": p.file.as_ref(), "line": p.line, "column": p.col, "length": p.len});
        let mut v = place(&self.pos);
        v["severity"] = if self.warning.is_some() { "warning" } else { "error" }.into();
        if let Some(code) = self.warning {
            v["code"] = code.into();
        }
        v["message"] = self.message.as_str().into();
        if let Some(label) = &self.label {
            v["label"] = label.as_str().into();
        }
        if let Some(help) = &self.help {
            v["help"] = help.as_str().into();
        }
        if !self.notes.is_empty() {
            v["notes"] = self.notes.clone().into();
        }
        if !self.related.is_empty() {
            let related: Vec<serde_json::Value> = self
                .related
                .iter()
                .map(|(p, label)| {
                    let mut r = place(p);
                    r["label"] = label.as_str().into();
                    r
                })
                .collect();
            v["related"] = related.into();
        }
        match &self.fix {
            Some(Fix::Replace { pos, with }) => {
                let mut f = place(pos);
                f["kind"] = "replace".into();
                f["with"] = with.as_str().into();
                f["applicability"] = self.applicability.as_str().into();
                v["fix"] = f;
            }
            Some(Fix::Rename { file, to }) => {
                v["fix"] = serde_json::json!({"kind": "rename", "file": file.as_ref(), "to": to,
                    "applicability": self.applicability.as_str()});
            }
            None => {}
        }
        v
    }

    /// A problem at `pos`.
    pub fn new(pos: &Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            pos: pos.clone(),
            message: message.into(),
            label: None,
            related: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
            applicability: Applicability::Maybe,
            warning: None,
        }
    }

    /// Marks the fix certain: applying it gives the spec that was meant ([`Applicability::Certain`]).
    pub fn certain(mut self) -> Self {
        self.applicability = Applicability::Certain;
        self
    }

    /// True when there is a fix and it is certain.
    pub fn has_certain_fix(&self) -> bool {
        self.fix.is_some() && self.applicability == Applicability::Certain
    }

    /// Adds a suggestion.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a text under the caret.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a related place, e.g. the first declaration of a name declared twice.
    pub fn related(mut self, pos: &Pos, text: impl Into<String>) -> Self {
        self.related.push((pos.clone(), text.into()));
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Adds the help `help` with the mechanical fix of writing `with` in place of `pos`.
    pub fn replace(mut self, help: impl Into<String>, pos: &Pos, with: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self.fix = Some(Fix::Replace { pos: pos.clone(), with: with.into() });
        self
    }

    /// Adds the help of renaming the file to `to`, with that fix: certain when `to` is the same name
    /// respelt (`SpaceRoles.yaml` → `space_roles.yaml`, `users.yml` → `users.yaml`), a "maybe" when it
    /// is a new name (`async.yaml` → `api_async.yaml`: the category's module would be named otherwise).
    pub fn rename(mut self, to: impl Into<String>) -> Self {
        let to = to.into();
        let words = |file: &str| {
            let name = file.rsplit('/').next().unwrap_or(file);
            let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
            stem.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>()
        };
        let respelt = words(&self.pos.file) == words(&to);
        self.help = Some(format!("rename the file to `{to}`"));
        self.fix = Some(Fix::Rename { file: Arc::clone(&self.pos.file), to });
        if respelt { self.certain() } else { self }
    }

    /// Adds "did you mean `x`?" when one of `candidates`, names the spec declares, is close to `wrong`,
    /// the text at this diagnostic's position; the fix replaces it when the position covers exactly that
    /// text. It is a "maybe": a removed name's nearest neighbour is often another thing.
    pub fn suggest<'a>(self, wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        let pos = self.pos.clone();
        self.suggest_at(&pos, wrong, candidates)
    }

    /// [`Self::suggest`] for a `wrong` text written at `pos`.
    pub fn suggest_at<'a>(self, pos: &Pos, wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        match closest(wrong, candidates) {
            Some(best) => self.replace_token(format!("did you mean `{best}`?"), pos, wrong, best),
            None => self,
        }
    }

    /// [`Self::suggest`] among `words` of the spec language itself (keys, modes, formats): certain when
    /// one of them is closer than every other, a "maybe" when two are as close.
    pub fn suggest_word<'a>(self, pos: &Pos, wrong: &str, words: impl IntoIterator<Item = &'a str> + Clone) -> Self {
        match closest(wrong, words.clone()) {
            Some(best) => {
                let d = self.replace_token(format!("did you mean `{best}`?"), pos, wrong, best);
                if closest_is_unique(wrong, words) { d.certain() } else { d }
            }
            None => self,
        }
    }

    /// Adds `help` when there is none yet (e.g. when [`Self::suggest_word`] found no close word).
    pub fn or_help(self, help: impl Into<String>) -> Self {
        if self.help.is_some() { self } else { self.help(help) }
    }

    /// Adds `help`, with the fix of writing `with` in place of `wrong` when `pos` covers exactly `wrong`
    /// (or `wrong` in quotes); otherwise the help alone.
    pub fn replace_token(self, help: impl Into<String>, pos: &Pos, wrong: &str, with: &str) -> Self {
        let n = wrong.chars().count() as u32;
        match pos.len {
            len if len == n => self.replace(help, pos, with),
            len if len == n + 2 => self.replace(help, &pos.sub(1, n), with),
            _ => self.help(help),
        }
    }
}

/// One line: `spec/users.yaml:41:15: error: unknown type `Usr`; help: did you mean `User`?`
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.warning {
            Some(code) => write!(f, "{}: warning[{code}]: {}", self.pos, self.message)?,
            None => write!(f, "{}: error: {}", self.pos, self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, "; help: {help}")?;
        }
        Ok(())
    }
}

/// How [`Diagnostics::render`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Like rustc: the message, the source line with a caret under the span, related places, notes,
    /// and `help:` with the fix shown in the source. `color` adds ANSI colours.
    Human {
        /// Colour the output (for a terminal).
        color: bool,
    },
    /// One line per problem, `file:line:col: error: message; help: …`, for CI logs and editors.
    Short,
    /// One JSON object per line per problem, for tools: `file`, `line`, `column`, `length` (characters),
    /// `severity`, `message`, and where known `label`, `help`, `notes`, `related` places and the `fix`
    /// (`{"kind": "replace", file, line, column, length, "with"}` or `{"kind": "rename", file, "to"}`).
    Json,
}

/// Every problem found in a spec, and the text of the files they point into (for the source lines).
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    /// The problems, in file, line and column order once [`Self::sorted`].
    pub items: Vec<Diagnostic>,
    /// File (as shown) → its text.
    sources: BTreeMap<Arc<str>, Arc<str>>,
}

impl PartialEq for Diagnostics {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records every problem of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        self.sources.extend(other.sources);
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many problems were recorded.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The problems.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Keeps the text of `file` for rendering source lines.
    pub fn add_source(&mut self, file: &str, text: &str) {
        self.sources.insert(Arc::from(file), Arc::from(text));
    }

    /// The text of `file`, when known.
    pub fn source(&self, file: &str) -> Option<&str> {
        self.sources.get(file).map(|s| &**s)
    }

    /// Sorted by position, duplicates removed, so that output is stable.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| (&a.pos, &a.message).cmp(&(&b.pos, &b.message)));
        self.items.dedup();
        self
    }

    /// `Ok(value)` when nothing was recorded, else the sorted problems.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() { Ok(value) } else { Err(self.sorted()) }
    }

    /// Every problem, in `format`, each ending with a newline.
    pub fn render(&self, format: Format) -> String {
        let color = match format {
            Format::Short => return self.items.iter().map(|d| format!("{d}\n")).collect(),
            Format::Json => return self.items.iter().map(|d| format!("{}\n", d.to_json())).collect(),
            Format::Human { color } => color,
        };
        let renderer = if color { Renderer::styled() } else { Renderer::plain() };
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&renderer.render(&self.report(d)));
            out.push_str("\n\n");
        }
        out
    }

    /// One diagnostic as annotate-snippets groups: the error with its spans, then the help.
    fn report<'a>(&'a self, d: &'a Diagnostic) -> Vec<Group<'a>> {
        let title = match d.warning {
            Some(code) => Level::WARNING.primary_title(d.message.as_str()).id(code),
            None => Level::ERROR.primary_title(d.message.as_str()),
        };
        let mut spans: Vec<(&Pos, AnnotationKind, Option<&str>)> =
            vec![(&d.pos, AnnotationKind::Primary, d.label.as_deref())];
        spans.extend(d.related.iter().map(|(p, t)| (p, AnnotationKind::Context, Some(t.as_str()))));
        // One snippet per file, the primary file first.
        let mut files: Vec<&Arc<str>> = Vec::new();
        for (p, _, _) in &spans {
            if !files.contains(&&p.file) {
                files.push(&p.file);
            }
        }
        let mut group = Group::with_title(title);
        for file in files {
            let here = spans.iter().filter(|(p, _, _)| &p.file == file);
            match self.sources.get(file) {
                Some(text) => {
                    let annotations = here.map(|(p, kind, label)| {
                        let a = kind.span(byte_range(text, p));
                        match label {
                            Some(l) => a.label(*l),
                            None => a,
                        }
                    });
                    group = group.element(Snippet::source(&**text).path(&**file).annotations(annotations));
                }
                None => {
                    for (p, _, label) in here {
                        group = group.element(Origin::path(&**file).line(p.line as usize).char_column(p.col as usize));
                        if let Some(l) = label {
                            group = group.element(Level::NOTE.message(*l));
                        }
                    }
                }
            }
        }
        for note in &d.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        let mut report = vec![group];
        if let Some(help) = &d.help {
            let help_group = Group::with_title(Level::HELP.secondary_title(help.as_str()));
            let patch = match &d.fix {
                Some(Fix::Replace { pos, with }) => self.sources.get(&pos.file).map(|text| (pos, text, with)),
                _ => None,
            };
            report.push(match patch {
                Some((pos, text, with)) => help_group.element(
                    Snippet::source(&**text).path(&*pos.file).patch(Patch::new(byte_range(text, pos), with.as_str())),
                ),
                None => help_group,
            });
        }
        report
    }
}

/// The rustc-like rendering, without colour.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Format::Human { color: false }))
    }
}

impl std::error::Error for Diagnostics {}

/// The byte range `pos` covers in `text` (clamped to the text; a point covers nothing).
pub fn byte_range(text: &str, pos: &Pos) -> std::ops::Range<usize> {
    let mut line_start = 0;
    for _ in 1..pos.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len()..text.len(),
        }
    }
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let at = |chars: u32| line.char_indices().nth(chars as usize).map_or(line.len(), |(i, _)| i) + line_start;
    let start = at(pos.col.saturating_sub(1));
    let end = at(pos.col.saturating_sub(1) + pos.len);
    start..end
}

/// The candidate closest to `wrong` by edit distance (case-insensitive), if it is close enough to be a
/// plausible typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_ascii_lowercase();
    let limit = (wrong.chars().count() / 3).max(1) + 1;
    candidates
        .into_iter()
        .filter(|c| *c != wrong)
        .map(|c| (strsim::levenshtein(&wrong_lower, &c.to_ascii_lowercase()), c))
        .filter(|&(d, c)| d <= limit && d < c.chars().count())
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// True when no two candidates are as close to `wrong` as [`closest`]'s answer.
fn closest_is_unique<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> bool {
    let wrong_lower = wrong.to_ascii_lowercase();
    let distances: Vec<usize> = candidates
        .into_iter()
        .filter(|c| *c != wrong)
        .map(|c| strsim::levenshtein(&wrong_lower, &c.to_ascii_lowercase()))
        .collect();
    let best = distances.iter().min();
    best.is_some_and(|b| distances.iter().filter(|d| *d == b).count() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<str> {
        Arc::from("spec/users.yaml")
    }

    #[test]
    fn a_word_of_the_language_is_certain_only_when_one_is_closest() {
        let at = Pos::new(&file(), 1, 1).with_len(4);
        let d = Diagnostic::new(&at, "x").suggest_word(&at, "pagg", ["page", "size"]);
        assert_eq!((d.has_certain_fix(), d.help.as_deref()), (true, Some("did you mean `page`?")));
        let d = Diagnostic::new(&at, "x").suggest_word(&at, "sise", ["size", "side"]);
        assert!(d.fix.is_some() && !d.has_certain_fix(), "two as close: a maybe");
        let at = at.with_len(3);
        let d = Diagnostic::new(&at, "x").suggest_at(&at, "Usr", ["User"]);
        assert!(d.fix.is_some() && !d.has_certain_fix(), "a declared name is a maybe");
    }

    #[test]
    fn a_rename_is_certain_only_when_it_respells_the_name() {
        let at = |f: &str| Pos::new(&Arc::from(f), 1, 1);
        assert!(Diagnostic::new(&at("spec/SpaceRoles.yaml"), "x").rename("space_roles.yaml").has_certain_fix());
        assert!(Diagnostic::new(&at("spec/users.yml"), "x").rename("users.yaml").has_certain_fix());
        assert!(!Diagnostic::new(&at("spec/async.yaml"), "x").rename("api_async.yaml").has_certain_fix());
    }

    #[test]
    fn suggests_the_closest_name() {
        assert_eq!(closest("Usr", ["Space", "User", "Users"]), Some("User"));
        assert_eq!(closest("retuns", ["returns", "query", "doc"]), Some("returns"));
        assert_eq!(closest("string", ["User"]), None);
        assert_eq!(closest("i23", ["i32", "i64"]), Some("i32"));
        assert_eq!(closest("User", ["User"]), None, "never the name itself");
    }

    #[test]
    fn renders_on_one_line() {
        let d = Diagnostic::new(&Pos::new(&file(), 41, 15).with_len(3), "unknown type `Usr`").suggest("Usr", ["User"]);
        assert_eq!(d.to_string(), "spec/users.yaml:41:15: error: unknown type `Usr`; help: did you mean `User`?");
        assert_eq!(d.fix, Some(Fix::Replace { pos: Pos::new(&file(), 41, 15).with_len(3), with: "User".into() }));
    }

    #[test]
    fn a_suggestion_inside_quotes_replaces_the_text_only() {
        let d = Diagnostic::new(&Pos::new(&file(), 1, 10).with_len(5), "x").suggest("Usr", ["User"]);
        assert_eq!(d.fix, Some(Fix::Replace { pos: Pos::new(&file(), 1, 11).with_len(3), with: "User".into() }));
        let d = Diagnostic::new(&Pos::new(&file(), 1, 10).with_len(7), "x").suggest("Usr", ["User"]);
        assert_eq!(d.fix, None, "a span that is not the word itself gets the help alone");
        assert!(d.help.is_some());
    }

    #[test]
    fn renders_like_rustc_with_source_line_caret_and_help() {
        let text = "endpoints:\n  me:\n    get: /api/users/me\n    retuns: User\n";
        let mut ds = Diagnostics::default();
        ds.add_source("spec/users.yaml", text);
        ds.push(
            Diagnostic::new(&Pos::new(&file(), 4, 5).with_len(6), "unknown key `retuns`")
                .suggest("retuns", ["returns", "query"]),
        );
        let out = ds.render(Format::Human { color: false });
        assert_eq!(
            out,
            "error: unknown key `retuns`\n --> spec/users.yaml:4:5\n  |\n4 |     retuns: User\n  |     ^^^^^^\n  |\n\
             help: did you mean `returns`?\n  |\n4 |     returns: User\n  |         +\n\n"
        );
        assert_eq!(
            ds.render(Format::Short),
            "spec/users.yaml:4:5: error: unknown key `retuns`; help: did you mean `returns`?\n"
        );
    }

    #[test]
    fn byte_ranges_count_characters() {
        let text = "a: é\nPrénom: x\n";
        let p = Pos::new(&file(), 2, 1).with_len(6);
        assert_eq!(&text[byte_range(text, &p)], "Prénom");
        assert_eq!(byte_range(text, &Pos::new(&file(), 9, 1)), text.len()..text.len());
    }
}
