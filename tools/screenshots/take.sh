#!/usr/bin/env bash
# Refreshes docs/screenshots: starts the server with --demo on a fresh data folder, lets the drill run a while, and
# captures the dashboard, the volunteer app and an after-action report at 1440x900 and 390x844 in Chinese and English.
# On demand (not part of tools/ci/test.sh). Needs Debian's Chromium (tools/ci/browser.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${PORT:-5097}"
WARMUP="${WARMUP:-90}"
DATA="$(mktemp -d)"
OUT="$PWD/docs/screenshots"

dotnet build tests/Browser.Tests -c Release -nologo -v quiet
dotnet run --project src/Api -c Release --no-build -- --urls "http://127.0.0.1:$PORT" --data "$DATA" --demo > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -rf "$DATA"' EXIT

for _ in $(seq 120); do
  [[ -s "$DATA/administrator.token" ]] && curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break
  sleep 1
done
TOKEN="$(cat "$DATA/administrator.token")"
echo "server ready; letting the demo drill run ${WARMUP}s"
sleep "$WARMUP"
node tools/screenshots/screenshots.mjs "http://127.0.0.1:$PORT" "$TOKEN" \
  "$PWD/tests/Browser.Tests/bin/Release/net10.0/.playwright/package" "$OUT"
