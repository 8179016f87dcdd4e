//! `cargo xtask breaking <git-rev> [--spec DIR]`: what changed for callers of the generated crate since
//! `<git-rev>`, from the spec alone. Both specs, the one at the revision (read with `git show`) and the
//! one in the working tree, become the API listing (`axero_codegen::listing`: one line per type, field,
//! variant, id, constructor and method with its signature); a line the revision has and the working
//! tree does not is breaking (something removed or renamed, a type or a signature changed, a parameter
//! made required: the old line goes), a line only the working tree has is additive. The verdict is the
//! version bump semver asks for: while the crate is 0.x, breaking changes bump the minor version.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use axero_codegen::load::Source;

/// Runs the command; `Err` says why it could not compare.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut rev = None;
    let mut spec = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--spec" => spec = Some(it.next().ok_or("`--spec` needs a folder")?.clone()),
            other if other.starts_with('-') => return Err(format!("unknown option `{other}` of `breaking`")),
            other if rev.is_none() => rev = Some(other.to_owned()),
            other => return Err(format!("`breaking` takes one revision (got `{other}` too)")),
        }
    }
    let rev = rev.ok_or("usage: cargo xtask breaking <git-rev> [--spec DIR]")?;
    let root = crate::checkout::workspace_root()?;
    let spec = spec.unwrap_or_else(|| "spec".to_owned());
    let before = listing(&sources_at(&root, &rev, &spec)?, &format!("the spec at `{rev}`"))?;
    let display = spec.trim_end_matches('/').to_owned();
    let now_sources = axero_codegen::load::read_dir(&root.join(&spec), &display)
        .map_err(|d| format!("the spec in the working tree has errors:\n{d}"))?;
    let now = listing(&now_sources, "the spec in the working tree")?;
    let report = compare(&before, &now);
    print!("{}", report.render(&rev));
    Ok(())
}

/// The spec files of `dir` at `rev`, as the loader takes them.
fn sources_at(root: &Path, rev: &str, dir: &str) -> Result<Vec<Source>, String> {
    let git = |args: &[&str]| -> Result<String, String> {
        let out =
            Command::new("git").current_dir(root).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
        if !out.status.success() {
            return Err(format!("git {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()));
        }
        String::from_utf8(out.stdout).map_err(|_| format!("git {}: not UTF-8", args.join(" ")))
    };
    let dir = dir.trim_end_matches('/');
    let names = git(&["ls-tree", "--name-only", &format!("{rev}:{dir}")])?;
    let mut sources = Vec::new();
    for name in names.lines().filter(|n| n.ends_with(".yaml")) {
        let text = git(&["show", &format!("{rev}:{dir}/{name}")])?;
        let stem = name.trim_end_matches(".yaml").to_owned();
        sources.push(Source { display: format!("{rev}:{dir}/{name}"), stem, text });
    }
    if sources.is_empty() {
        return Err(format!("`{dir}` holds no spec files at `{rev}`"));
    }
    Ok(sources)
}

/// Every line of the listing of `sources`, each prefixed with its file's listing name.
fn listing(sources: &[Source], what: &str) -> Result<BTreeSet<String>, String> {
    let ir = axero_codegen::lower_sources(sources).map_err(|d| format!("{what} has errors:\n{d}"))?;
    let mut lines = BTreeSet::new();
    for (file, items) in axero_codegen::listing::listing(&ir) {
        lines.extend(items.into_iter().map(|line| format!("[{file}] {line}")));
    }
    Ok(lines)
}

/// What changed between two listings.
#[derive(Debug, PartialEq)]
struct Report {
    /// Lines only the revision has.
    removed: Vec<String>,
    /// Lines only the working tree has.
    added: Vec<String>,
}

fn compare(before: &BTreeSet<String>, now: &BTreeSet<String>) -> Report {
    Report { removed: before.difference(now).cloned().collect(), added: now.difference(before).cloned().collect() }
}

impl Report {
    /// The verdict: `breaking`, `additive` or `none`.
    fn verdict(&self) -> &'static str {
        if !self.removed.is_empty() {
            "breaking"
        } else if !self.added.is_empty() {
            "additive"
        } else {
            "none"
        }
    }

    fn render(&self, rev: &str) -> String {
        let mut out = String::new();
        if !self.removed.is_empty() {
            out.push_str(&format!(
                "breaking: {} line(s) of the API at `{rev}` are gone or changed\n",
                self.removed.len()
            ));
            for line in &self.removed {
                out.push_str(&format!("  - {line}\n"));
            }
        }
        if !self.added.is_empty() {
            out.push_str(&format!("additive: {} new line(s)\n", self.added.len()));
            for line in &self.added {
                out.push_str(&format!("  + {line}\n"));
            }
        }
        out.push_str(&match self.verdict() {
            "breaking" => "verdict: breaking (a minor version bump while 0.x, a major one from 1.0)\n".to_owned(),
            "additive" => "verdict: additive (a minor version bump from 1.0, a patch while 0.x)\n".to_owned(),
            _ => format!("verdict: no change to the API since `{rev}`\n"),
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(lines: &[&str]) -> BTreeSet<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_line_gone_is_breaking_a_line_new_is_additive() {
        let before = set(&["[users] types::User.name: String", "[users] types::User.id: i32"]);
        let renamed = set(&["[users] types::User.full_name: String", "[users] types::User.id: i32"]);
        let r = compare(&before, &renamed);
        assert_eq!(r.verdict(), "breaking");
        assert_eq!(r.removed, ["[users] types::User.name: String"]);
        assert_eq!(r.added, ["[users] types::User.full_name: String"]);
        let grown = set(&["[users] types::User.name: String", "[users] types::User.id: i32", "[users] x"]);
        assert_eq!(compare(&before, &grown).verdict(), "additive");
        assert_eq!(compare(&before, &before).verdict(), "none");
    }
}
