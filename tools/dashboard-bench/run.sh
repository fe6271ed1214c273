#!/usr/bin/env bash
# The dashboard benchmark on this machine: a fresh server (no demo, rate limits raised for the seeding burst) and the
# load driver bench.mjs. On demand; figures go to docs/benchmarks.md ("Dashboard with 2,000 teams").
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${PORT:-5098}"
DATA="$(mktemp -d)"
dotnet build tests/Browser.Tests -c Release -nologo -v quiet
dotnet run --project src/Api -c Release --no-build -- --urls "http://127.0.0.1:$PORT" --data "$DATA" \
  --RateLimit:PermitsPerSecond=1000000 --RateLimit:Burst=1000000 > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 120); do
  [[ -s "$DATA/administrator.token" ]] && curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break
  sleep 1
done
node tools/dashboard-bench/bench.mjs "http://127.0.0.1:$PORT" "$(cat "$DATA/administrator.token")" \
  "$PWD/tests/Browser.Tests/bin/Release/net10.0/.playwright/package" "$@"
