//! Load: spec files on disk to the spec model. YAML syntax errors and wrongly shaped keys are reported
//! here, located; meaning (do types exist, do names clash) is `validate`'s job. Loading recovers: a file
//! that is not valid YAML is reported and the others are still read, and a bad key is reported and the
//! rest of its mapping still read, so that one run reports everything.

pub mod decode;
pub mod language;
pub mod prose;
pub mod yaml;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::spec::{ApiFile, CategoryFile, IdDef, Spanned, TypeDef};

/// One spec file's text and how to name it.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path shown in diagnostics, e.g. `spec/users.yaml`.
    pub display: String,
    /// The file stem, e.g. `users`; `api` for the API-wide file.
    pub stem: String,
    /// The YAML text.
    pub text: String,
}

impl Source {
    /// The file's name inside the spec folder, e.g. `users.yaml`: what generated text names, so that it
    /// does not depend on where a command ran.
    pub fn file_name(&self) -> String {
        format!("{}.{EXTENSION}", self.stem)
    }

    /// Whether the file is named `<stem>.yaml`, the only extension the generator reads.
    fn has_spec_extension(&self) -> bool {
        self.display.ends_with(&format!(".{EXTENSION}"))
    }
}

/// The name of the API-wide file.
pub const API_FILE: &str = "api";

/// The extension of spec files.
pub const EXTENSION: &str = "yaml";

/// Reads every `*.yaml` file of `dir`, and every file that looks like one under another extension
/// (`.yml`, `.YAML`), so that [`load`] refuses it by name instead of skipping it without a word.
/// `display_dir` is how the folder is shown in diagnostics.
pub fn read_dir(dir: &Path, display_dir: &str) -> Result<Vec<Source>, Diagnostics> {
    let file: Arc<str> = Arc::from(display_dir);
    let fail = |message: String| {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::new(&Pos::new(&file, 1, 1), message));
        d
    };
    let entries = std::fs::read_dir(dir).map_err(|e| fail(format!("cannot read the spec folder: {e}")))?;
    let mut sources = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| fail(format!("cannot read the spec folder: {e}")))?.path();
        let (Some(stem), Some(ext)) =
            (path.file_stem().and_then(|s| s.to_str()), path.extension().and_then(|s| s.to_str()))
        else {
            continue;
        };
        if !matches!(ext.to_ascii_lowercase().as_str(), "yaml" | "yml") || !path.is_file() {
            continue;
        }
        let display = format!("{}/{stem}.{ext}", display_dir.trim_end_matches('/'));
        let text = std::fs::read_to_string(&path).map_err(|e| fail(format!("cannot read {display}: {e}")))?;
        sources.push(Source { display, stem: stem.to_owned(), text });
    }
    sources.sort_by(|a, b| (&a.stem, &a.display).cmp(&(&b.stem, &b.display)));
    Ok(sources)
}

/// Everything [`load`] could read, and what it could not.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// `api.yaml`, when it was read completely.
    pub api: Option<ApiFile>,
    /// The types of an `api.yaml` that could not be read completely (so that validation still knows
    /// them); empty when `api` is set.
    pub orphan_api_types: Vec<TypeDef>,
    /// Its ids, likewise.
    pub orphan_api_ids: Vec<IdDef>,
    /// The category files that were read, sorted by name.
    pub categories: Vec<CategoryFile>,
    /// Files that are not valid YAML: what they declare is unknown.
    pub unreadable: Vec<String>,
    /// The problems found while loading.
    pub problems: Diagnostics,
}

impl Loaded {
    /// The types of `api.yaml`, however far it was read.
    pub fn api_types(&self) -> &[TypeDef] {
        self.api.as_ref().map_or(&self.orphan_api_types, |a| &a.types)
    }

    /// The ids of `api.yaml`, however far it was read.
    pub fn api_ids(&self) -> &[IdDef] {
        self.api.as_ref().map_or(&self.orphan_api_ids, |a| &a.ids)
    }
}

/// Parses and decodes every source, recovering from every problem. `api.yaml` must be among them.
/// Files are read in parallel (each on its own), then gathered in the order given.
pub fn load(sources: &[Source]) -> Loaded {
    let mut loaded = Loaded::default();
    let mut api_seen = false;
    for (source, file) in sources.iter().zip(crate::parallel::map(sources, |s| s.text.len(), load_file)) {
        loaded.problems.extend(file.problems);
        match file.read {
            Read::Skipped => {}
            Read::Unreadable => {
                api_seen |= source.stem == API_FILE;
                loaded.unreadable.push(source.file_name());
            }
            Read::Api(api) => {
                api_seen = true;
                match *api {
                    Ok(api) => loaded.api = Some(api),
                    Err((types, ids)) => (loaded.orphan_api_types, loaded.orphan_api_ids) = (types, ids),
                }
            }
            Read::Category(c) => loaded.categories.extend(c.map(|c| *c)),
        }
    }
    if !api_seen {
        let where_ = sources.first().map(|s| s.display.clone()).unwrap_or_else(|| "spec".into());
        let file: Arc<str> = Arc::from(where_.as_str());
        loaded.problems.push(
            Diagnostic::new(&Pos::new(&file, 1, 1), "the spec has no `api.yaml`")
                .help("add api.yaml with base_url, auth, envelope and paging (see spec/README.md)"),
        );
    }
    loaded.categories.sort_by(|a, b| a.name.value.cmp(&b.name.value));
    loaded
}

/// What reading one file gave, and its problems.
struct FileLoad {
    read: Read,
    problems: Diagnostics,
}

enum Read {
    /// Not a spec file: refused by name.
    Skipped,
    /// Not valid YAML.
    Unreadable,
    Api(Box<Result<ApiFile, decode::Declared>>),
    Category(Option<Box<CategoryFile>>),
}

/// Parses and decodes one source.
fn load_file(source: &Source) -> FileLoad {
    let mut problems = Diagnostics::default();
    let file: Arc<str> = Arc::from(source.display.as_str());
    if !source.has_spec_extension() {
        problems.push(
            Diagnostic::new(&Pos::new(&file, 1, 1), "spec files end in `.yaml`; this one is not read")
                .rename(source.file_name()),
        );
        return FileLoad { read: Read::Skipped, problems };
    }
    let root = match yaml::parse(&file, &source.text) {
        Ok((root, found)) => {
            for p in found {
                problems.push(p);
            }
            root
        }
        Err(d) => {
            problems.push(*d);
            return FileLoad { read: Read::Unreadable, problems };
        }
    };
    let read = if source.stem == API_FILE {
        Read::Api(Box::new(decode::api_file(&source.file_name(), &root, &mut problems)))
    } else {
        let name = Spanned::new(source.stem.clone(), Pos::new(&file, 1, 1));
        Read::Category(decode::category_file(&source.file_name(), name, &root, &mut problems).map(Box::new))
    };
    FileLoad { read, problems }
}

/// Sources for unit tests: a minimal `api.yaml` (unless one is given) and the given files, by stem.
#[cfg(test)]
pub(crate) fn test_sources(files: &[(&str, &str)]) -> Vec<Source> {
    const API: &str = "base_url: https://{site}\nauth: {bearer: {header: Authorization}}\n\
        envelope: {error: IsError, message: ResponseMessage, total: TotalRecords, data: ResponseData}\n\
        paging: {page: StartPage, size: PageLength, first_page: 1, default_size: 30}\n";
    let mut sources: Vec<Source> = files
        .iter()
        .map(|(stem, text)| Source {
            display: format!("spec/{stem}.yaml"),
            stem: (*stem).to_owned(),
            text: (*text).to_owned(),
        })
        .collect();
    if !files.iter().any(|(stem, _)| *stem == API_FILE) {
        sources.insert(0, Source { display: "spec/api.yaml".into(), stem: API_FILE.into(), text: API.into() });
    }
    sources
}
