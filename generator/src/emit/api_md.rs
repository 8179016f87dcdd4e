//! `API.md`: the public API of the generated crate, one sorted line per type, field, variant,
//! constructor and method (with its HTTP method, path and signature), per spec file. It is the listing
//! the per-category snapshots show, [`crate::listing::listing`], written next to the crate so that a
//! public-API change is the few lines it changes in review (an endpoint removed: its line removed).

use crate::ir::Ir;

/// The text of `API.md` after the header.
pub fn api_md(ir: &Ir) -> String {
    let mut out = String::from(
        "# Public API\n\n\
         One sorted line per public item, per spec file: types with their fields and variants, \
         constructors, and methods with their HTTP method, path and signature. A spec change shows \
         here as the lines it changes.\n",
    );
    for (file, lines) in crate::listing::listing(ir) {
        out.push_str(&format!("\n## {file}\n\n```text\n"));
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
        out.push_str("```\n");
    }
    out
}
