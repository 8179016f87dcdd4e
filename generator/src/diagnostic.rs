//! Located errors in the spec: what is wrong, where (`file:line:col`), and how to fix it.

use std::fmt;
use std::sync::Arc;

/// A position in a spec file: the file as the user would type it, and a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos {
    /// The spec file, e.g. `spec/users.yaml`.
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

impl Pos {
    /// A position at `line:col` of `file`.
    pub fn new(file: &Arc<str>, line: u32, col: u32) -> Self {
        Pos { file: Arc::clone(file), line, col }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when that is obvious.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem at `pos`.
    pub fn new(pos: &Pos, message: impl Into<String>) -> Self {
        Diagnostic { pos: pos.clone(), message: message.into(), help: None }
    }

    /// Adds a suggestion.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean `x`?" when one of `candidates` is close to `wrong`.
    pub fn suggest<'a>(self, wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        match closest(wrong, candidates) {
            Some(best) => self.help(format!("did you mean `{best}`?")),
            None => self,
        }
    }
}

/// One line: `spec/users.yaml:41:15: error: unknown type `Usr`; help: did you mean `User`?`
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.pos, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "; help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in a spec, in file, line and column order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorted by position, duplicates removed, so that output is stable.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| (&a.pos, &a.message).cmp(&(&b.pos, &b.message)));
        self.0.dedup();
        self
    }

    /// `Ok(value)` when nothing was recorded, else the sorted problems.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() { Ok(value) } else { Err(self.sorted()) }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The candidate closest to `wrong` by edit distance (case-insensitive), if it is close enough to be a
/// plausible typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_ascii_lowercase();
    let limit = (wrong.chars().count() / 3).max(1) + 1;
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&wrong_lower, &c.to_ascii_lowercase()), c))
        .filter(|&(d, c)| d <= limit && d < c.chars().count())
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_name() {
        assert_eq!(closest("Usr", ["Space", "User", "Users"]), Some("User"));
        assert_eq!(closest("retuns", ["returns", "query", "doc"]), Some("returns"));
        assert_eq!(closest("string", ["User"]), None);
        assert_eq!(closest("i23", ["i32", "i64"]), Some("i32"));
    }

    #[test]
    fn renders_on_one_line() {
        let file: Arc<str> = Arc::from("spec/users.yaml");
        let d = Diagnostic::new(&Pos::new(&file, 41, 15), "unknown type `Usr`").suggest("Usr", ["User"]);
        assert_eq!(d.to_string(), "spec/users.yaml:41:15: error: unknown type `Usr`; help: did you mean `User`?");
    }
}
