#!/usr/bin/env bash
# How long the generated crate's debug rebuild takes after a maintainer's small spec change: one
# endpoint gains an optional query parameter (spec/users.yaml, `users.me`), and one endpoint's doc text
# changes. Each is timed as `cargo xtask gen` then `cargo build -p axero` (warm: the crate built just
# before, incremental as cargo's dev profile is), on a scratch checkout of a revision, so that two
# revisions compare side by side in one run:
#   bash bench/rebuild.sh                 # this checkout's HEAD
#   bash bench/rebuild.sh REV [REV...]    # each revision, one after the other
# With AXERO_FEATURES="users content" the crate is built with only those categories (from the revision
# that has per-category features on), and a third change, in a category left out (chat), is timed too.
# Prints the wall time of each rebuild in seconds. Scratch checkouts live under ${TMPDIR:-/tmp}.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
revs=("${@:-HEAD}")
work="${TMPDIR:-/tmp}/axero-rebuild"
features=()
if [ -n "${AXERO_FEATURES:-}" ]; then
  features=(--no-default-features --features "rustls ${AXERO_FEATURES}")
fi

timed() { # prints the wall seconds of "$@"
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  printf '%.1f' "$(echo "$end - $start" | bc)"
}

build() { cargo build --quiet --offline -p axero "${features[@]}"; }
gen_and_build() { cargo run --quiet --offline -p xtask -- gen && build; }

printf '%-10s %-14s %10s %10s %10s\n' rev features endpoint_s doc_s other_s
for rev in "${revs[@]}"; do
  sha=$(git -C "$repo" rev-parse --short "$rev")
  dir="$work/$sha"
  rm -rf "$dir" && git -C "$repo" worktree add --quiet --detach "$dir" "$rev" 2>/dev/null ||
    { rm -rf "$dir"; git clone --quiet "$repo" "$dir" && git -C "$dir" checkout --quiet "$rev"; }
  cd "$dir"
  export CARGO_TARGET_DIR="$dir/target"
  cargo build --quiet --offline -p xtask
  build
  # One endpoint changes: `users.me` gains an optional query parameter.
  sed -i '0,/^      LogView: .*$/s//&\n      ZzBench: {type: i32?, doc: A parameter the benchmark adds.}/' spec/users.yaml
  grep -q ZzBench spec/users.yaml
  endpoint=$(timed gen_and_build)
  # Only docs change: the text of `users.me`.
  sed -i 's|^    doc: The user that the token belongs to.$|    doc: The user that the token belongs to (as the benchmark says).|' spec/users.yaml
  grep -q "as the benchmark says" spec/users.yaml
  doc=$(timed gen_and_build)
  other="-"
  if [ -n "${AXERO_FEATURES:-}" ]; then
    # A category left out changes: one of its endpoints' doc text.
    sed -i '0,/^    doc: /s|^    doc: \(.*\)$|    doc: \1 (as the benchmark says)|' spec/chat.yaml
    other=$(timed gen_and_build)
  fi
  printf '%-10s %-14s %10s %10s %10s\n' "$sha" "${AXERO_FEATURES:-all}" "$endpoint" "$doc" "$other"
  cd "$repo"
  git worktree remove --force "$dir" 2>/dev/null || rm -rf "$dir"
done
