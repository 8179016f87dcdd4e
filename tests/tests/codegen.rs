//! The generator: a snapshot of the public API of every category (what a reviewer reads), freshness of
//! the committed bytes (the same check as `cargo xtask check`), determinism, the rendered diagnostics of
//! every bad spec in `tests/bad-specs/` (never a panic), and a check that every mechanical help, applied,
//! makes its error go away.
//!
//! Every path is taken at run time from the checkout the test runs in (cargo sets `CARGO_MANIFEST_DIR`
//! when it runs a test), never from where the binary was compiled: with a target folder shared by two
//! clones, one clone's test binary may run in the other, and it must read and write that other one.

use std::collections::BTreeSet;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use axero_codegen::load::{self, Source, yaml};
use axero_codegen::{Diagnostics, Format, Mode, Paths};

/// The checkout this test runs in.
fn root() -> PathBuf {
    let tests = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::current_dir().expect("current folder"));
    tests.parent().expect("workspace root").to_path_buf()
}

fn spec_sources() -> Vec<Source> {
    load::read_dir(&root().join("spec"), "spec").expect("spec folder reads")
}

/// Compares each `(name, text)` with its snapshot in `tests/tests/snapshots/<dir>/`, and fails once, at
/// the end, naming every stale snapshot, and every snapshot no case produces any more; so one run shows
/// (and, with `INSTA_UPDATE=always` or `cargo insta test`, writes) them all.
fn assert_snapshots(dir: &str, cases: &[(String, String)]) {
    let path = root().join("tests/tests/snapshots").join(dir);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(&path);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut stale = Vec::new();
    for (name, text) in cases {
        let checked = std::panic::catch_unwind(AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(name.as_str(), text));
        }));
        if checked.is_err() {
            stale.push(format!("{dir}/{name}.snap"));
        }
    }
    let names: BTreeSet<&str> = cases.iter().map(|(n, _)| n.as_str()).collect();
    for entry in std::fs::read_dir(&path).into_iter().flatten() {
        let file = entry.expect("snapshot folder reads").path();
        if let Some(stem) = file.file_name().and_then(|f| f.to_str()).and_then(|f| f.strip_suffix(".snap"))
            && !names.contains(stem)
        {
            stale.push(format!("{dir}/{stem}.snap (nothing produces it any more: delete it)"));
        }
    }
    assert!(
        stale.is_empty(),
        "{} stale snapshot(s):\n  {}\nreview with `cargo insta review`, or accept all with \
         `INSTA_UPDATE=always cargo test -p axero-tests --test integration codegen::` and read `git diff`",
        stale.len(),
        stale.join("\n  ")
    );
}

/// One snapshot per spec file: the public API it generates, one line per item. A spec change is
/// reviewed here as the few lines it changes; the bytes are guarded by `generated_crate_is_fresh`.
#[test]
fn every_category_api_matches_its_snapshot() {
    let ir = axero_codegen::lower_sources(&spec_sources()).unwrap_or_else(|d| panic!("the spec has errors:\n{d}"));
    let cases: Vec<(String, String)> = axero_codegen::listing::listing(&ir)
        .into_iter()
        .map(|(category, lines)| (category, lines.join("\n") + "\n"))
        .collect();
    assert!(cases.len() >= 4);
    assert_snapshots("api", &cases);
}

/// The same functions `cargo xtask check` runs: the committed `generated/` is what the spec generates,
/// `spec/spec.schema.json` what the loader's key tables give, and `cli/src/commands.rs` the command table.
#[test]
fn generated_crate_is_fresh() {
    let root = root();
    let paths = Paths {
        spec_dir: &root.join("spec"),
        spec_display: "spec",
        out_dir: &root.join("generated"),
        out_display: "generated",
    };
    let mut stale = axero_codegen::run(&paths, Mode::Check).unwrap_or_else(|e| panic!("{e}"));
    stale.extend(axero_codegen::run_schema(&paths, Mode::Check).unwrap_or_else(|e| panic!("{e}")));
    let cli = root.join("cli");
    let cli_paths = Paths { out_dir: &cli, out_display: "cli", ..paths };
    stale.extend(axero_codegen::run_cli(&cli_paths, Mode::Check).unwrap_or_else(|e| panic!("{e}")));
    let lines: Vec<String> = stale.iter().map(ToString::to_string).collect();
    assert!(
        stale.is_empty(),
        "generated/ or spec/spec.schema.json is stale; run `cargo xtask gen`:\n{}",
        lines.join("\n")
    );
}

#[test]
fn every_file_starts_with_the_do_not_edit_header() {
    for f in axero_codegen::generate_from(&spec_sources()).unwrap() {
        let mut lines = f.text.lines();
        let first = lines.next().unwrap_or_default();
        // A comment in the file's language: Rust, or the OpenAPI document's YAML.
        let comment = if f.path.ends_with(".yaml") { "#" } else { "//" };
        assert!(first.starts_with(&format!("{comment} @generated by `cargo xtask gen` from ")), "{}: {first}", f.path);
        assert!(first.contains("(spec hash "), "{}: {first}", f.path);
        assert!(lines.next().unwrap_or_default().contains("Do not edit by hand"), "{}", f.path);
    }
}

/// Generated text names spec files as `users.yaml`, never by a path that depends on where the command
/// ran: generating from `spec` and from `../spec` (as `cd generator && cargo xtask check` shows it)
/// gives the same bytes.
#[test]
fn generated_text_does_not_depend_on_where_the_command_ran() {
    let from_root = axero_codegen::generate(&root().join("spec"), "spec").unwrap();
    let from_sub = axero_codegen::generate(&root().join("spec"), "../spec").unwrap();
    assert_eq!(from_root, from_sub);
    for f in &from_root {
        assert!(!f.text.contains("spec/"), "{} names a path: {}", f.path, f.text.lines().next().unwrap_or(""));
    }
    assert!(from_root.iter().any(|f| f.text.starts_with("// @generated by `cargo xtask gen` from users.yaml ")));
}

#[test]
fn generating_twice_gives_identical_output() {
    let sources = spec_sources();
    assert_eq!(axero_codegen::generate_from(&sources).unwrap(), axero_codegen::generate_from(&sources).unwrap());
}

/// Every spec file rewritten with the keys of every mapping in reverse order (as JSON, which is YAML),
/// and the files read in reverse order: the output must not change by a byte.
#[test]
fn reordering_keys_and_files_changes_nothing() {
    let sources = spec_sources();
    let mut reordered: Vec<Source> = sources
        .iter()
        .map(|s| {
            let file = std::sync::Arc::from(s.display.as_str());
            let (node, _) = yaml::parse(&file, &s.text).unwrap_or_else(|d| panic!("{d}"));
            Source { text: reversed_json(&node), ..s.clone() }
        })
        .collect();
    reordered.reverse();
    assert_ne!(sources[1].text, reordered[reordered.len() - 2].text);
    let a = axero_codegen::generate_from(&sources).unwrap();
    let b = axero_codegen::generate_from(&reordered).unwrap();
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.path, y.path);
        assert!(x.text == y.text, "{} differs after reordering", x.path);
    }
}

fn reversed_json(node: &yaml::Node) -> String {
    match &node.value {
        yaml::Value::Null => "null".to_owned(),
        yaml::Value::Scalar(s) => serde_json::to_string(s).unwrap(),
        yaml::Value::Seq(items) => format!("[{}]", items.iter().map(reversed_json).collect::<Vec<_>>().join(", ")),
        yaml::Value::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .rev()
                .map(|(k, v)| format!("{}: {}", serde_json::to_string(&k.name).unwrap(), reversed_json(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A bad spec: `tests/bad-specs/<name>.yaml`, a category file beside the real `api.yaml` (or, named
/// `api_*`, the `api.yaml` itself); or `tests/bad-specs/<name>/`, a whole spec folder (with the real
/// `api.yaml` when it has none).
struct BadSpec {
    name: String,
    sources: Vec<Source>,
}

fn bad_specs() -> Vec<BadSpec> {
    let dir = root().join("tests/bad-specs");
    // A frozen copy of the real api.yaml: the cases' snapshots do not move when spec/api.yaml does.
    let real_api = || {
        let dir = root().join("tests/fixtures/bad-specs-api");
        load::read_dir(&dir, "tests/fixtures/bad-specs-api").unwrap().into_iter().find(|s| s.stem == "api").unwrap()
    };
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if path.is_dir() {
            let mut sources = load::read_dir(&path, &format!("tests/bad-specs/{name}")).unwrap();
            if !sources.iter().any(|s| s.stem == "api") {
                sources.insert(0, real_api());
            }
            cases.push(BadSpec { name, sources });
        } else if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let display = format!("tests/bad-specs/{name}.yaml");
            let sources = if name.starts_with("api_") {
                vec![Source { display, stem: "api".into(), text }]
            } else {
                vec![real_api(), Source { display, stem: name.clone(), text }]
            };
            cases.push(BadSpec { name, sources });
        }
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

fn diagnostics(case: &BadSpec) -> Diagnostics {
    match axero_codegen::generate_from(&case.sources) {
        Ok(_) => panic!("{}: a bad spec was accepted", case.name),
        Err(d) => d,
    }
}

/// Every bad spec is rejected with diagnostics located in its own files (`file:line:col` in the short
/// form), rendered like rustc (snapshotted, so that a change in wording or position is reviewed).
#[test]
fn every_bad_spec_gets_located_rendered_diagnostics() {
    let cases = bad_specs();
    assert!(cases.len() >= 60, "at least 60 bad specs, found {}", cases.len());
    let mut rendered = Vec::new();
    for case in &cases {
        let diags = diagnostics(case);
        let short = diags.render(Format::Short);
        for line in short.lines() {
            let located = line.starts_with(&format!("tests/bad-specs/{}", case.name));
            assert!(located, "{}: not located in the case: {line}", case.name);
            let mut parts = line.splitn(4, ':');
            let (_, l, c) = (parts.next(), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            assert!(l.parse::<u32>().is_ok() && c.parse::<u32>().is_ok(), "{}: no line:col in {line}", case.name);
        }
        let human = diags.render(Format::Human { color: false });
        assert!(!human.contains('\u{1b}'), "no colour in the plain form");
        rendered.push((case.name.clone(), human));
    }
    assert_snapshots("bad-specs", &rendered);
}

/// The promise of a `help:` with a fix: applying it makes that error go away.
#[test]
fn every_mechanical_help_fixes_its_error() {
    let mut applied = 0;
    for case in bad_specs() {
        let before = diagnostics(&case);
        for d in before.iter() {
            let Some(fix) = &d.fix else { continue };
            let fixed = axero_codegen::fix::apply(&case.sources, [fix]);
            let count = |ds: &Diagnostics| ds.iter().filter(|x| x.message == d.message).count();
            let after = match axero_codegen::lower_sources(&fixed) {
                Ok(_) => 0,
                Err(ds) => count(&ds),
            };
            assert!(
                after < count(&before),
                "{}: applying the help of `{d}` ({fix:?}) does not make the error go away",
                case.name
            );
            applied += 1;
        }
    }
    assert!(applied >= 30, "most bad specs have a mechanical help ({applied} applied)");
}

/// The promise of a certain fix (what `cargo xtask gen --fix` applies): applied, it gives the spec the
/// case meant, not only a silent one. A case says what it meant with `# meant: <line>` after a mistaken
/// line (the whole line, as it should read) and `# meant-file: <name>` for a file's name; every case
/// with a certain fix says it. The spec with the certain fixes applied and the spec as meant must then
/// mean the same: the same API listing when both are accepted, the same remaining errors otherwise.
#[test]
fn every_certain_fix_gives_the_spec_the_case_meant() {
    let (mut checked, mut wrong) = (Vec::new(), Vec::new());
    for case in bad_specs() {
        let before = diagnostics(&case);
        let certain = axero_codegen::fix::certain(&before);
        let fixed = axero_codegen::fix::apply(&case.sources, certain.iter().filter_map(|d| d.fix.as_ref()));
        match (certain.is_empty(), meant(&case.sources)) {
            (true, None) => {}
            (true, Some(_)) => wrong.push(format!("{}: says what it meant, but has no certain fix", case.name)),
            (false, None) => wrong.push(format!(
                "{}: a certain fix, but no `# meant:` line:\n{}",
                case.name,
                certain.iter().map(|d| format!("CERTAIN {d} FIX {:?}", d.fix)).collect::<Vec<_>>().join("\n")
            )),
            (false, Some(meant)) if meaning(&fixed) != meaning(&meant) => wrong.push(format!(
                "{}: the certain fixes give another spec than meant:\n{:?}\n!=\n{:?}",
                case.name,
                meaning(&fixed),
                meaning(&meant)
            )),
            (false, Some(_)) => checked.push(case.name),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    assert!(checked.len() >= 15, "at least 15 cases with a certain fix, checked: {checked:?}");
}

/// A help that may mislead is never certain: each `maybe_*` case has a suggestion whose fix, applied,
/// would give an accepted spec meaning something else (a removed type's closest neighbour); its fixes
/// are "maybe" only, so `--fix` leaves them to a person. And a name already used is never offered: a
/// stale field of an example is not pointed at a field the example already writes.
#[test]
fn a_help_that_may_mislead_is_a_maybe() {
    let cases: Vec<BadSpec> = bad_specs().into_iter().filter(|c| c.name.starts_with("maybe_")).collect();
    assert!(!cases.is_empty(), "the maybe_* cases");
    for case in cases {
        let d = diagnostics(&case);
        assert!(d.iter().any(|x| x.fix.is_some()), "{}: a suggestion is offered:\n{d}", case.name);
        assert!(axero_codegen::fix::certain(&d).is_empty(), "{}: no certain fix:\n{d}", case.name);
    }
    let stale = bad_specs().into_iter().find(|c| c.name == "stale_example_field").expect("the case");
    let d = diagnostics(&stale);
    assert!(d.iter().all(|x| !x.help.as_deref().unwrap_or("").contains("StudioID")), "{d}");
    assert!(d.iter().any(|x| x.help.as_deref() == Some("did you mean `StudioTitle`?")), "{d}");
    assert!(axero_codegen::fix::certain(&d).is_empty(), "{d}");
}

/// The case as it meant to be: each line with `# meant: <text>` replaced by its indentation and the text,
/// each file with `# meant-file: <name>` renamed; `None` when the case says neither.
fn meant(sources: &[Source]) -> Option<Vec<Source>> {
    let mut said = false;
    let mut out = sources.to_vec();
    for s in &mut out {
        let mut lines = Vec::new();
        let mut rename = None;
        for line in s.text.lines() {
            if let Some((_, name)) = line.split_once("# meant-file: ") {
                rename = Some(name.trim().to_owned());
                said = true;
                lines.push(line.split_once("# meant-file: ").map_or(line, |(l, _)| l).trim_end().to_owned());
            } else if let Some((_, text)) = line.split_once("# meant: ") {
                let indent = &line[..line.len() - line.trim_start().len()];
                lines.push(format!("{indent}{}", text.trim_end()));
                said = true;
            } else {
                lines.push(line.to_owned());
            }
        }
        s.text = lines.join("\n") + "\n";
        if let Some(to) = rename {
            let dir = s.display.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned();
            s.display = format!("{dir}/{to}");
            s.stem = to.trim_end_matches(".yaml").to_owned();
        }
    }
    said.then_some(out)
}

/// What a spec means, as far as a test can read it: its API listing when it is accepted, else its
/// error messages (without places: a fix and the meant line may differ in spacing).
fn meaning(sources: &[Source]) -> Result<Vec<(String, Vec<String>)>, Vec<String>> {
    match axero_codegen::lower_sources(sources) {
        Ok(ir) => Ok(axero_codegen::listing::listing(&ir)),
        Err(d) => Err(d.iter().map(|x| x.message.clone()).collect()),
    }
}

/// Issue 8's bar: one mistake in each of three files, a YAML syntax error, an unknown key, an unknown type
/// and a name clash, all reported in one run, each with file, line, column, source line, caret and help.
#[test]
fn mistakes_in_three_files_are_reported_in_one_run() {
    let case = bad_specs().into_iter().find(|c| c.name == "three_files").expect("tests/bad-specs/three_files/");
    let diags = diagnostics(&case);
    let short = diags.render(Format::Short);
    for wanted in [
        "tests/bad-specs/three_files/broken.yaml:5:",
        "invalid YAML",
        "tests/bad-specs/three_files/typo.yaml:4:5: error: unknown key `retuns`; help: did you mean `returns`?",
        "tests/bad-specs/three_files/typo.yaml:8:16: error: unknown type `Usr`; help: did you mean `User`?",
        "tests/bad-specs/three_files/clash.yaml:",
        "both become `user_id` in Rust",
    ] {
        assert!(short.contains(wanted), "missing {wanted:?} in:\n{short}");
    }
    let human = diags.to_string();
    assert!(human.contains(" --> tests/bad-specs/three_files/typo.yaml:4:5\n"), "{human}");
    assert!(
        human.contains("4 |     retuns: User  # meant: returns: User\n  |     ^^^^^^"),
        "source line and caret:\n{human}"
    );
    assert_eq!(human.matches("error: ").count(), diags.len());
    assert!(diags.iter().all(|d| d.help.is_some()), "every one has a help:\n{human}");
}

#[test]
fn an_unknown_type_is_reported_where_it_is_with_the_closest_name() {
    let case = bad_specs().into_iter().find(|c| c.name == "unknown_type").unwrap();
    let text = diagnostics(&case).render(Format::Short);
    assert!(
        text.contains("tests/bad-specs/unknown_type.yaml:5:14: error: unknown type `Usr`; help: did you mean `User`?"),
        "{text}"
    );
}

/// Hundreds of random edits of a real spec file: every result is generated code or diagnostics. The
/// rounds are shared out over the cores (each round's edits come from its own seed, so the same rounds
/// run whatever the number of threads).
#[test]
fn mangled_specs_never_panic() {
    const ROUNDS: u64 = 600;
    let sources = spec_sources();
    let api = sources.iter().find(|s| s.stem == "api").unwrap().clone();
    let users = sources.iter().find(|s| s.stem == "users").unwrap().clone();
    let alphabet: Vec<char> = " :-\n\t[]{}\"'|>&*!?#,<>%@`\\aZ1_".chars().collect();
    // Whether round `round` is rejected (its diagnostics rendered, which never panics either).
    let round = |round: u64| {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15 ^ round.wrapping_mul(0x2545_f491_4f6c_dd1d);
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let base = if round.is_multiple_of(2) { &users } else { &api };
        let mut chars: Vec<char> = base.text.chars().collect();
        for _ in 0..1 + next() % 4 {
            let at = (next() as usize) % (chars.len() + 1);
            match next() % 3 {
                0 => chars.insert(at, alphabet[(next() as usize) % alphabet.len()]),
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                _ if at < chars.len() => chars[at] = alphabet[(next() as usize) % alphabet.len()],
                _ => {}
            }
        }
        let mangled = Source { text: chars.into_iter().collect(), ..base.clone() };
        let set = if round.is_multiple_of(2) { vec![api.clone(), mangled] } else { vec![mangled, users.clone()] };
        axero_codegen::generate_from(&set).map_err(|d| d.to_string()).is_err()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    let rejected: usize = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| s.spawn(move || (t..ROUNDS).step_by(threads as usize).filter(|&r| round(r)).count()))
            .collect();
        workers.into_iter().map(|w| w.join().expect("no round panics")).sum()
    });
    assert!(rejected > 100, "most random edits break the spec ({rejected} rejected)");
}

/// Copies `files` (folders or files, relative to the checkout) into a scratch checkout.
fn scratch_copy(name: &str, files: &[&str]) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        if from.is_dir() {
            std::fs::create_dir_all(to).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let entry = entry.unwrap();
                copy(&entry.path(), &to.join(entry.file_name()));
            }
        } else {
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(from, to).unwrap();
        }
    }
    let dir = std::env::temp_dir().join(format!("axero-check-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for f in files {
        copy(&root().join(f), &dir.join(f));
    }
    dir
}

fn check(dir: &Path) -> Vec<String> {
    let paths = Paths {
        spec_dir: &dir.join("spec"),
        spec_display: "spec",
        out_dir: &dir.join("generated"),
        out_display: "generated",
    };
    axero_codegen::run(&paths, Mode::Check).unwrap().iter().map(ToString::to_string).collect()
}

const CRATE: &[&str] =
    &["spec", "generated/Cargo.toml", "generated/API.md", "generated/src/api", "generated/openapi.yaml"];

#[test]
fn check_names_the_file_a_spec_edit_makes_stale_and_changes_nothing() {
    let dir = scratch_copy("spec-edit", CRATE);
    assert_eq!(check(&dir), Vec::<String>::new(), "a fresh copy is clean");
    let spec = dir.join("spec/polls.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    // An endpoint's doc (indented under `endpoints:`), not the file's.
    std::fs::write(&spec, text.replacen("\n    doc: ", "\n    doc: Edited. ", 1)).unwrap();
    let before = std::fs::read_to_string(dir.join("generated/src/api/polls.rs")).unwrap();
    let stale = check(&dir);
    assert!(stale.iter().any(|l| l.starts_with("generated/src/api/polls.rs: stale")), "{stale:?}");
    assert!(stale.iter().any(|l| l.starts_with("generated/openapi.yaml: stale")), "{stale:?}");
    assert_eq!(stale.len(), 2, "only the endpoints file of the edited category, and the OpenAPI document: {stale:?}");
    assert_eq!(std::fs::read_to_string(dir.join("generated/src/api/polls.rs")).unwrap(), before, "check wrote nothing");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A hand-edited generated file is stale; a generated file the spec no longer makes is removed; a file
/// without the generated header is not the generator's, and is left alone.
#[test]
fn check_and_gen_touch_only_generated_files() {
    let dir = scratch_copy("hand-edit", CRATE);
    let file = dir.join("generated/src/api/types/users.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("pub struct", "pub(crate) struct", 1)).unwrap();
    let header = text.lines().take(2).collect::<Vec<_>>().join("\n");
    std::fs::write(dir.join("generated/src/api/gone.rs"), format!("{header}\n// a category since removed\n")).unwrap();
    std::fs::write(dir.join("generated/src/api/notes.rs"), "// hand-written, not generated\n").unwrap();
    assert_eq!(
        check(&dir),
        [
            "generated/src/api/types/users.rs: stale (differs from what the spec generates)",
            "generated/src/api/gone.rs: stale (no longer generated by the spec)",
        ]
    );
    let paths =
        Paths { spec_dir: &dir.join("spec"), spec_display: "spec", out_dir: &dir.join("generated"), out_display: "g" };
    axero_codegen::run(&paths, Mode::Write).unwrap();
    assert_eq!(check(&dir), Vec::<String>::new());
    assert!(!dir.join("generated/src/api/gone.rs").exists());
    assert!(dir.join("generated/src/api/notes.rs").exists(), "a file it did not generate is never deleted");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn out_must_be_a_crate() {
    let dir = scratch_copy("not-a-crate", &["spec"]);
    std::fs::create_dir_all(dir.join("elsewhere/src/api")).unwrap();
    std::fs::write(dir.join("elsewhere/src/api/keep.rs"), "// someone's file\n").unwrap();
    let paths = Paths {
        spec_dir: &dir.join("spec"),
        spec_display: "spec",
        out_dir: &dir.join("elsewhere"),
        out_display: "elsewhere",
    };
    let err = axero_codegen::run(&paths, Mode::Write).unwrap_err().to_string();
    assert!(err.contains("`elsewhere` is not a crate"), "{err}");
    assert_eq!(std::fs::read_dir(dir.join("elsewhere/src/api")).unwrap().count(), 1, "nothing written or removed");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `cargo xtask gen` keeps the block of features in the output crate's `Cargo.toml` (one per category
/// of the spec, between its marker lines, the rest of the file as written); a new category file gains
/// its feature there; a block whose end line was lost is refused with its line, and nothing is written.
#[test]
fn the_features_block_of_cargo_toml_follows_the_categories() {
    let dir = scratch_copy("features-block", &["spec", "generated"]);
    let paths = Paths {
        spec_dir: &dir.join("spec"),
        spec_display: "spec",
        out_dir: &dir.join("generated"),
        out_display: "generated",
    };
    assert!(axero_codegen::run(&paths, Mode::Check).unwrap().is_empty(), "the copy starts fresh");
    std::fs::write(dir.join("spec/zz_feature.yaml"), "endpoints:\n  list: {get: /api/zz}\n").unwrap();
    let changes = axero_codegen::run(&paths, Mode::Write).unwrap();
    assert!(changes.iter().any(|c| c.path() == "generated/Cargo.toml"), "{changes:?}");
    let manifest = std::fs::read_to_string(dir.join("generated/Cargo.toml")).unwrap();
    assert!(manifest.contains("\nzz_feature = []\n"), "{manifest}");
    assert!(manifest.contains(", \"zz_feature\"]\n"), "`full` names it: {manifest}");
    assert!(manifest.contains("default = [\"rustls\", \"full\"]"), "the hand-written part stays: {manifest}");
    let broken = manifest.replace(axero_codegen::manifest::END, "");
    std::fs::write(dir.join("generated/Cargo.toml"), &broken).unwrap();
    std::fs::remove_file(dir.join("spec/zz_feature.yaml")).unwrap();
    let err = axero_codegen::run(&paths, Mode::Write).unwrap_err().to_string();
    assert!(err.contains("generated/Cargo.toml: line ") && err.contains("never end"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.join("generated/Cargo.toml")).unwrap(), broken, "nothing written");
    assert!(dir.join("generated/src/api/zz_feature.rs").exists(), "no generated file removed either");
    let _ = std::fs::remove_dir_all(&dir);
}

/// With a target folder shared by two clones, cargo may run a test binary built in one clone from the
/// other. This runs this very binary as if from another clone (cargo's run-time `CARGO_MANIFEST_DIR` and
/// current folder pointing there) with a spec change: the other clone's snapshot is written, this
/// checkout's is not touched.
#[test]
fn a_test_binary_reads_and_writes_the_checkout_it_runs_in() {
    let other = scratch_copy("other-clone", &["spec", "tests/tests/snapshots/api"]);
    std::fs::write(other.join("spec/zz_clone.yaml"), "types:\n  ZzCloneOnly: {fields: {A: i32?}}\n").unwrap();
    let mine = root().join("tests/tests/snapshots/api");
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "codegen::every_category_api_matches_its_snapshot", "--test-threads", "1", "--quiet"])
        .current_dir(other.join("tests"))
        .env("CARGO_MANIFEST_DIR", other.join("tests"))
        .env("INSTA_UPDATE", "always")
        .env_remove("INSTA_FORCE_PASS")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "the snapshot test runs in the other clone");
    let theirs = std::fs::read_to_string(other.join("tests/tests/snapshots/api/zz_clone.snap")).unwrap();
    assert!(theirs.contains("types::ZzCloneOnly: struct"), "the other clone's snapshot was written");
    assert!(!mine.join("zz_clone.snap").exists(), "this checkout was not touched");
    let _ = std::fs::remove_dir_all(&other);
}

/// A method's `# Errors` says what is particular to it (NotFound for a path, Decode for data, PageLimit
/// for paging, whether the default policy sends it again) and links `Error` for the rest, once: the
/// seven variants every call can meet are listed on `Error`'s page, not on 365 methods.
#[test]
fn the_errors_section_says_what_is_particular_and_links_the_rest() {
    let users = std::fs::read_to_string(root().join("generated/src/api/users.rs")).unwrap();
    let section = |alias: &str| -> String {
        let at = users.find(&format!("#[doc(alias = \"{alias}\")]")).unwrap_or_else(|| panic!("{alias}"));
        let start = users[..at].rfind("/// # Errors").unwrap();
        users[start..at].to_owned()
    };
    let get = section("GET /api/users/{UserID}/details");
    assert!(
        get.contains("[`NotFound`](rt::Error::NotFound)") && get.contains("[`Decode`](rt::Error::Decode)"),
        "{get}"
    );
    assert!(get.contains("or any other [`Error`](rt::Error).") && get.contains("Retried after"), "{get}");
    assert!(!get.contains("Unauthorized"), "the common variants are Error's to list: {get}");
    let list = section("GET /api/users");
    assert!(list.contains("[`PageLimit`](rt::Error::PageLimit)"), "{list}");
    let post = section("POST /api/users");
    assert!(post.contains("Not sent again once sent"), "{post}");
}
