//! The README's one-liners, run as written (through `sh`, with the built `axero` first on `PATH`)
//! against the mock, in a scratch folder: each must succeed.

use axero_mock::MockServer;

#[tokio::test(flavor = "multi_thread")]
async fn the_readme_one_liners_run_against_the_mock() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = readme.split("## The command line").nth(1).expect("the README's command-line section");
    let block = section.split("```sh\n").nth(1).and_then(|b| b.split("```").next()).expect("its sh block");
    let lines: Vec<&str> = block.lines().filter(|l| l.starts_with("axero ")).collect();
    assert_eq!(lines.len(), 5, "five one-liners");
    let mock = MockServer::builder().size("users", 30).start().await.unwrap();
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_axero"));
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let dir = std::env::temp_dir().join(format!("axero-cli-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for line in &lines {
        let out = std::process::Command::new("sh")
            .args(["-c", line])
            .current_dir(&dir)
            .env("PATH", &path)
            .env("AXERO_BASE_URL", mock.url())
            .env("AXERO_TOKEN", mock.token())
            .env("AXERO_CONFIG", dir.join("none.json"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{line}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let csv = std::fs::read_to_string(dir.join("role-3.csv")).unwrap();
    assert_eq!(csv.lines().count(), 11, "a header and the ten users of role 3: {csv}");
    assert!(std::fs::read_to_string(dir.join("articles.ndjson")).unwrap().lines().count() > 0);
    let _ = std::fs::remove_dir_all(&dir);
}
