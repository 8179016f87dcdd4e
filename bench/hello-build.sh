#!/usr/bin/env bash
# What depending on `axero` costs a user's cold build: three hello-world crates built one after the
# other in one run, each cold (an empty target folder; the crates.io cache warm), in debug as
# `cargo build` builds them:
#   plain         reqwest + tokio + serde_json, with the TLS and reqwest features axero's runtime uses
#   axero-all     `axero` with its default features (every category)
#   axero-lean    `axero` with `default-features = false, features = ["rustls", "users", "content"]`
# It prints each one's CPU time (user + sys, cargo and the compilers it runs), its wall time, and the
# CPU ratio of each axero crate to the plain one. Issue 19's targets: lean <= 1.15x, all <= 1.3x.
#   bash bench/hello-build.sh            # all three
#   bash bench/hello-build.sh plain      # some of them, in the order given
#   AXERO_REPO=../other-checkout bash bench/hello-build.sh axero-all   # axero from another checkout
# Needs cargo, GNU time (/usr/bin/time) and bc. Nothing is left in the repository: the crates live under
# ${TMPDIR:-/tmp}/axero-hello-build.
set -euo pipefail
repo="$(cd "${AXERO_REPO:-$(dirname "$0")/..}" && pwd)"
work="${TMPDIR:-/tmp}/axero-hello-build"
kinds=("${@:-plain axero-all axero-lean}")
read -r -a kinds <<<"${kinds[*]}"

# The dependency lines of each crate, and its main.rs. All three send one GET and decode its answer.
dependencies() {
  case "$1" in
    plain) cat <<TOML
reqwest = { version = "0.13", default-features = false, features = ["multipart", "stream", "rustls-no-provider"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }
serde_json = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
TOML
      ;;
    axero-all) cat <<TOML
axero = { path = "$repo/generated" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
TOML
      ;;
    axero-lean) cat <<TOML
axero = { path = "$repo/generated", default-features = false, features = ["rustls", "users", "content"] }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
TOML
      ;;
    *) echo "unknown crate '$1' (plain, axero-all, axero-lean)" >&2; exit 2 ;;
  esac
}

main_rs() {
  case "$1" in
    plain) cat <<'RS'
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder().build()?;
    let body = client.get("http://127.0.0.1:9/api/users/me").bearer_auth("t").send().await?.bytes().await?;
    let me: serde_json::Value = serde_json::from_slice(&body)?;
    println!("{:?}", me.get("ResponseData").and_then(|d| d.get("UserID")));
    Ok(())
}
RS
      ;;
    *) cat <<'RS'
#[tokio::main]
async fn main() -> axero::Result<()> {
    let client = axero::Client::builder().base_url("http://127.0.0.1:9").bearer_token("t").build()?;
    println!("{:?}", client.users().me().await.map(|me| me.user_id));
    Ok(())
}
RS
      ;;
  esac
}

declare -A cpu wall
printf '%-12s %8s %8s %6s\n' crate cpu_s wall_s deps
for kind in "${kinds[@]}"; do
  dir="$work/$kind"
  rm -rf "$dir" && mkdir -p "$dir/src"
  { printf '[package]\nname = "hello-%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[workspace]\n\n[dependencies]\n' "$kind"
    dependencies "$kind"; } >"$dir/Cargo.toml"
  main_rs "$kind" >"$dir/src/main.rs"
  (cd "$dir" && { cargo generate-lockfile --offline >/dev/null 2>&1 || cargo generate-lockfile >/dev/null 2>&1; })
  (cd "$dir" && cargo fetch --quiet)
  deps=$(cd "$dir" && cargo tree -e normal,build --prefix none --offline 2>/dev/null | sed 's/ (\*)//' | sort -u | wc -l)
  start=$(date +%s.%N)
  times=$( { cd "$dir" && CARGO_TARGET_DIR="$dir/target" /usr/bin/time -f '%U %S' cargo build --quiet --offline 2>&1 >/dev/null; } | tail -1)
  end=$(date +%s.%N)
  wall[$kind]=$(echo "$end - $start" | bc)
  cpu[$kind]=$(echo "$times" | awk '{print $1 + $2}')
  printf '%-12s %8.1f %8.1f %6s\n' "$kind" "${cpu[$kind]}" "${wall[$kind]}" "$deps"
done
if [ -n "${cpu[plain]:-}" ]; then
  for kind in axero-lean axero-all; do
    if [ -n "${cpu[$kind]:-}" ]; then
      printf '%s / plain: %.2fx CPU, %.2fx wall\n' "$kind" "$(echo "${cpu[$kind]} / ${cpu[plain]}" | bc -l)" \
        "$(echo "${wall[$kind]} / ${wall[plain]}" | bc -l)"
    fi
  done
fi
