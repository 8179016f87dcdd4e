//! Load: spec files on disk to the spec model. YAML syntax errors and wrongly shaped keys are reported
//! here, located; meaning (do types exist, do names clash) is `validate`'s job.

pub mod decode;
pub mod yaml;

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::spec::{Spanned, Spec};

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

/// The name of the API-wide file.
pub const API_FILE: &str = "api";

/// Reads every `*.yaml` file of `dir`. `display_dir` is how the folder is shown in diagnostics.
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
        let (Some(stem), Some("yaml")) =
            (path.file_stem().and_then(|s| s.to_str()), path.extension().and_then(|s| s.to_str()))
        else {
            continue;
        };
        let display = format!("{}/{}.yaml", display_dir.trim_end_matches('/'), stem);
        let text = std::fs::read_to_string(&path).map_err(|e| fail(format!("cannot read {display}: {e}")))?;
        sources.push(Source { display, stem: stem.to_owned(), text });
    }
    sources.sort_by(|a, b| a.stem.cmp(&b.stem));
    Ok(sources)
}

/// Parses and decodes every source. `api.yaml` must be among them.
pub fn load(sources: &[Source]) -> Result<Spec, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut api = None;
    let mut categories = Vec::new();
    let mut api_seen = false;
    for source in sources {
        let file: Arc<str> = Arc::from(source.display.as_str());
        let root = match yaml::parse(&file, &source.text) {
            Ok(root) => root,
            Err(d) => {
                diags.push(d);
                api_seen |= source.stem == API_FILE;
                continue;
            }
        };
        if source.stem == API_FILE {
            api_seen = true;
            api = decode::api_file(&source.display, &root, &mut diags);
        } else {
            let name = Spanned::new(source.stem.clone(), Pos::new(&file, 1, 1));
            if let Some(c) = decode::category_file(&source.display, name, &root, &mut diags) {
                categories.push(c);
            }
        }
    }
    if !api_seen {
        let where_ = sources.first().map(|s| s.display.clone()).unwrap_or_else(|| "spec".into());
        let file: Arc<str> = Arc::from(where_.as_str());
        diags.push(
            Diagnostic::new(&Pos::new(&file, 1, 1), "the spec has no `api.yaml`")
                .help("add api.yaml with base_url, auth, envelope and paging (see spec/README.md)"),
        );
    }
    categories.sort_by(|a, b| a.name.value.cmp(&b.name.value));
    match api {
        Some(api) if diags.is_empty() => Ok(Spec { api, categories }),
        _ => Err(diags.sorted()),
    }
}
