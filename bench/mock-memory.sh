#!/usr/bin/env bash
# The mock's resident memory after large request bodies (issue 18, item 2): three 100 MiB POSTs without
# the token, then three with it. Usage: bash bench/mock-memory.sh [MOCK_BINARY]
# (default: the debug build of this checkout's `axero-mock`, built first). Needs curl. Linux only.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
  cargo build --quiet -p axero-mock
  bin="${CARGO_TARGET_DIR:-target}/debug/axero-mock"
fi
port=18765
"$bin" --port "$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$body"' EXIT
body=$(mktemp)
head -c $((100 << 20)) /dev/zero >"$body"
sleep 1
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
echo "start: $(rss) KiB"
for _ in 1 2 3; do
  curl -s -o /dev/null -w '%{http_code} ' -X POST --data-binary @"$body" "http://127.0.0.1:$port/api/comments"
done
echo
echo "after three 100 MiB POSTs without the token: $(rss) KiB"
for _ in 1 2 3; do
  curl -s -o /dev/null -w '%{http_code} ' -X POST -H "Authorization: Bearer axero-mock-demo-token" \
    -H "Content-Type: application/json" --data-binary @"$body" "http://127.0.0.1:$port/api/comments"
done
echo
echo "after three more with the token: $(rss) KiB"
