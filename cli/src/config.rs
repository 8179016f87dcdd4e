//! Where the base URL and the token come from: the flags, then the environment (`AXERO_BASE_URL`,
//! `AXERO_TOKEN`), then a profile of the config file (`--profile NAME`, else `default`), a JSON file in
//! the platform's config folder (`AXERO_CONFIG` names another): `{"profiles": {"prod": {"base_url":
//! "…", "token": "…"}}}`, written by `axero login` with owner-only permissions.

use std::path::PathBuf;

use serde_json::{Map, Value, json};

/// The base URL and the token of a run.
pub struct Settings {
    /// The site's base URL.
    pub base_url: String,
    /// The token (never printed).
    pub token: String,
}

/// The config file's path.
fn path() -> Option<PathBuf> {
    std::env::var_os("AXERO_CONFIG")
        .map(PathBuf::from)
        .or_else(|| dirs::config_dir().map(|d| d.join("axero").join("config.json")))
}

fn profiles() -> Result<Map<String, Value>, String> {
    let Some(path) = path() else { return Ok(Map::new()) };
    match std::fs::read_to_string(&path) {
        Ok(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(mut root)) => match root.remove("profiles") {
                Some(Value::Object(p)) => Ok(p),
                _ => Ok(Map::new()),
            },
            _ => Err(format!("{}: not a JSON object with `profiles`", path.display())),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Map::new()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

impl Settings {
    /// The settings the command line, the environment and the config file give.
    pub fn resolve(matches: &clap::ArgMatches) -> Result<Settings, String> {
        let profile_name = matches.get_one::<String>("profile").cloned().unwrap_or_else(|| "default".into());
        let profiles = profiles()?;
        let profile = profiles.get(&profile_name);
        if matches.get_one::<String>("profile").is_some() && profile.is_none() {
            return Err(format!(
                "no profile `{profile_name}` in {}",
                path().map(|p| p.display().to_string()).unwrap_or_default()
            ));
        }
        let pick = |flag: &str, env: &str, key: &str| {
            matches
                .get_one::<String>(flag)
                .cloned()
                .or_else(|| std::env::var(env).ok().filter(|v| !v.is_empty()))
                .or_else(|| profile.and_then(|p| p.get(key)).and_then(Value::as_str).map(str::to_owned))
        };
        let base_url = pick("base-url", "AXERO_BASE_URL", "base_url")
            .ok_or("no base URL: --base-url, AXERO_BASE_URL or a profile (`axero login`)")?;
        let token = pick("token", "AXERO_TOKEN", "token").unwrap_or_default();
        Ok(Settings { base_url, token })
    }
}

/// `axero login [--base-url URL] [--profile NAME] [--token-stdin]`: stores the profile.
pub fn login(matches: &clap::ArgMatches, sub: &clap::ArgMatches) -> Result<(), String> {
    let path = path().ok_or("no config folder on this platform: set AXERO_CONFIG")?;
    let name = matches.get_one::<String>("profile").cloned().unwrap_or_else(|| "default".into());
    let base_url = matches.get_one::<String>("base-url").cloned().ok_or("login needs --base-url")?;
    let token = if sub.get_flag("token-stdin") {
        let mut t = String::new();
        std::io::stdin().read_line(&mut t).map_err(|e| e.to_string())?;
        t.trim().to_owned()
    } else {
        matches
            .get_one::<String>("token")
            .cloned()
            .or_else(|| std::env::var("AXERO_TOKEN").ok())
            .ok_or("login needs a token: --token-stdin, --token or AXERO_TOKEN")?
    };
    let mut profiles = profiles()?;
    profiles.insert(name.clone(), json!({"base_url": base_url, "token": token}));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let text = serde_json::to_string_pretty(&json!({"profiles": profiles})).map_err(|e| e.to_string())?;
    write_private(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("profile `{name}` saved in {} (readable by you only)", path.display());
    Ok(())
}

/// Writes `text` to `path`, readable and writable by its owner only.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    #[cfg(unix)]
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
}
