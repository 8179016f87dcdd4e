#!/usr/bin/env bash
# The cold `cargo build` time and the dependency count of a hello-world crate that depends on `axero`,
# once per TLS backend (the crates.io cache warm, the target folder empty). Run from the repository:
#   bash bench/tls-build-times.sh            # all backends
#   bash bench/tls-build-times.sh rustls     # one: rustls | rustls-aws-lc | native-tls | none
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${TMPDIR:-/tmp}/axero-tls-build-times"
backends=("${@:-rustls rustls-aws-lc native-tls none}")
read -r -a backends <<<"${backends[*]}"
printf '%-14s %10s %10s %6s\n' backend wall_s cpu_s deps
for backend in "${backends[@]}"; do
  dir="$work/$backend"
  rm -rf "$dir" && mkdir -p "$dir/src"
  case "$backend" in
    none) features='default-features = false' ;;
    rustls) features='' ;;
    *) features="default-features = false, features = [\"$backend\"]" ;;
  esac
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "hello-axero"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
axero = { path = "$repo/generated"${features:+, $features} }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
TOML
  cat >"$dir/src/main.rs" <<'RS'
#[tokio::main]
async fn main() -> axero::Result<()> {
    let client = axero::Client::builder().base_url("http://127.0.0.1:9").bearer_token("t").build()?;
    println!("{:?}", client.users().me().await.map(|me| me.user_id));
    Ok(())
}
RS
  (cd "$dir" && cargo generate-lockfile --offline >/dev/null 2>&1 || cargo generate-lockfile >/dev/null 2>&1)
  deps=$(cd "$dir" && cargo tree -e normal,build --prefix none --offline 2>/dev/null | sed 's/ (\*)//' | sort -u | wc -l)
  start=$(date +%s.%N)
  times=$( { cd "$dir" && /usr/bin/time -f '%U %S' cargo build --quiet --offline 2>&1 >/dev/null; } | tail -1)
  end=$(date +%s.%N)
  wall=$(echo "$end - $start" | bc)
  cpu=$(echo "$times" | awk '{print $1 + $2}')
  printf '%-14s %10.1f %10.1f %6s\n' "$backend" "$wall" "$cpu" "$deps"
done
