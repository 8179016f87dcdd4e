//! `cargo xtask check --message-format json`: one JSON object per problem, per line, with its place and
//! the mechanical fix, for tools; applying the fix removes the problem.

use std::process::Command;

use crate::support::repo;

/// A fresh folder `name-<pid>` in the temporary folder with an empty `spec/` and an `out/` crate.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    std::fs::create_dir_all(dir.join("out")).unwrap();
    std::fs::write(dir.join("out/Cargo.toml"), "[package]\nname = \"out\"\n").unwrap();
    dir
}

#[test]
fn json_messages_give_the_place_and_a_fix_that_works() {
    let dir = scratch("axero-xtask-messages");
    std::fs::copy(repo().join("tests/fixtures/obstacle/spec/api.yaml"), dir.join("spec/api.yaml")).unwrap();
    std::fs::write(dir.join("spec/things.yaml"), "endpoints:\n  count:\n    get: /api/things/count\n    retuns: i32\n")
        .unwrap();
    let check = || {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .current_dir(&dir)
            .args(["check", "--spec", "spec", "--out", "out", "--message-format", "json"])
            .output()
            .unwrap()
    };
    let out = check();
    assert!(!out.status.success());
    let text = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<serde_json::Value> =
        text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert_eq!(lines.len(), 1, "one problem, one line, nothing else: {text}");
    let d = &lines[0];
    assert_eq!(
        (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("spec/things.yaml"), Some(4), Some(5))
    );
    assert_eq!(d["message"], "unknown key `retuns`");
    assert_eq!(d["fix"]["kind"], "replace");
    assert_eq!(d["fix"]["with"], "returns");
    // Apply the fix as a tool would: the characters at line/column/length become `with`.
    let path = dir.join("spec/things.yaml");
    let source = std::fs::read_to_string(&path).unwrap();
    let fixed: Vec<String> = source
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i + 1 != d["fix"]["line"].as_u64().unwrap() as usize {
                return line.to_owned();
            }
            let chars: Vec<char> = line.chars().collect();
            let at = d["fix"]["column"].as_u64().unwrap() as usize - 1;
            let len = d["fix"]["length"].as_u64().unwrap() as usize;
            let with = d["fix"]["with"].as_str().unwrap();
            format!("{}{with}{}", chars[..at].iter().collect::<String>(), chars[at + len..].iter().collect::<String>())
        })
        .collect();
    std::fs::write(&path, fixed.join("\n") + "\n").unwrap();
    let after = String::from_utf8(check().stderr).unwrap();
    assert!(!after.contains("\"severity\""), "the fix removes the problem: {after}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A warning: `gen` shows it and writes the crate, `check` (CI) fails on it with its code, and
/// `# allow(<code>)` on its line makes both quiet.
#[test]
fn warnings_show_in_gen_fail_check_and_can_be_allowed() {
    let dir = scratch("axero-xtask-warnings");
    let api = "base_url: https://{site}\nauth: {bearer: {header: Authorization}}\n\
        envelope: {error: IsError, message: ResponseMessage, total: TotalRecords, data: ResponseData}\n\
        paging: {page: StartPage, size: PageLength, first_page: 1, default_size: 30}\n\
        ids:\n  PollId: {wire: [PollID]}\n  SurveyId: {wire: [SurveyID]}\n";
    std::fs::write(dir.join("spec/api.yaml"), api).unwrap();
    let polls = "types:\n  Vote:\n    fields:\n      PollID: SurveyId?\n";
    std::fs::write(dir.join("spec/polls.yaml"), polls).unwrap();
    let run = |command: &str| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .current_dir(&dir)
            .args([command, "--spec", "spec", "--out", "out", "--message-format", "short"])
            .output()
            .unwrap()
    };
    let generated = run("gen");
    let shown = String::from_utf8_lossy(&generated.stderr).into_owned();
    assert!(generated.status.success(), "gen goes on: {shown}");
    assert!(shown.contains("spec/polls.yaml:4:15: warning[id-wire-mismatch]: `PollID` carries a `PollId`"), "{shown}");
    let checked = run("check");
    let said = String::from_utf8_lossy(&checked.stderr).into_owned();
    assert!(!checked.status.success() && said.contains("the spec has 1 warning"), "check fails: {said}");
    let allowed = "types:\n  Vote:\n    fields:\n      PollID: SurveyId? # allow(id-wire-mismatch): the API sends a survey's id\n";
    std::fs::write(dir.join("spec/polls.yaml"), allowed).unwrap();
    assert!(run("gen").status.success());
    let checked = run("check");
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `gen --fix` applies the certain fixes (a key of the language misspelt) to the spec file, says so and
/// generates; it leaves a "maybe" (a type close to a removed one, which may mean another thing) for a
/// person, and the errors left say how many certain fixes there were. JSON gives each fix's certainty.
#[test]
fn gen_fix_applies_only_the_certain_fixes() {
    let dir = scratch("axero-xtask-fix");
    std::fs::copy(repo().join("tests/fixtures/obstacle/spec/api.yaml"), dir.join("spec/api.yaml")).unwrap();
    let polls = "endpoints:\n  create:\n    post: /api/polls\n    body: NewPoll\n    retuns: i32\n  \
        create_role:\n    post: /api/roles\n    body: NewRole\n    returns: i32\n\
        types:\n  NewRole:\n    fields:\n      Name: string\n";
    std::fs::write(dir.join("spec/polls.yaml"), polls).unwrap();
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_xtask")).current_dir(&dir).args(args).output().unwrap();

    let json = run(&["check", "--spec", "spec", "--out", "out", "--message-format", "json"]);
    let lines: Vec<serde_json::Value> =
        String::from_utf8(json.stderr).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let certainty: Vec<(&str, &str)> = lines
        .iter()
        .map(|d| (d["message"].as_str().unwrap(), d["fix"]["applicability"].as_str().unwrap_or("none")))
        .collect();
    assert_eq!(certainty, [("unknown type `NewPoll`", "maybe"), ("unknown key `retuns`", "certain")]);

    let out = run(&["gen", "--spec", "spec", "--out", "out", "--fix", "--message-format", "short"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success(), "the maybe is left, so the spec still has an error: {stderr}");
    assert!(stderr.contains("fixed: spec/polls.yaml:5:5: did you mean `returns`?"), "{stderr}");
    assert!(stderr.contains("unknown type `NewPoll`; help: did you mean `NewRole`?"), "{stderr}");
    assert!(
        stderr.contains("error: the spec has 1 error\n") || stderr.ends_with("error: the spec has 1 error"),
        "{stderr}"
    );
    let fixed = std::fs::read_to_string(dir.join("spec/polls.yaml")).unwrap();
    assert_eq!(fixed, polls.replace("retuns", "returns"), "only the certain fix is applied");

    let before = run(&["check", "--spec", "spec", "--out", "out", "--message-format", "short"]);
    std::fs::write(dir.join("spec/polls.yaml"), polls).unwrap();
    let again = run(&["check", "--spec", "spec", "--out", "out", "--message-format", "short"]);
    let said = String::from_utf8(again.stderr).unwrap();
    assert!(said.contains("2 errors; 1 with a certain fix (`cargo xtask gen --fix` applies it)"), "{said}");
    assert!(!String::from_utf8(before.stderr).unwrap().contains("certain fix"));
    let _ = std::fs::remove_dir_all(&dir);
}
