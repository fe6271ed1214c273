#!/usr/bin/env bash
# Installs what the tests need and runs the whole suite. The README's test command and .ci/run call this.
# Runs as root on a fresh Debian 12 with only the .NET SDK, Node and npm present.
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "== PostgreSQL (real server for the storage and API tests)"
bash tools/ci/postgres.sh
export MOBILIZE_TEST_POSTGRES="${MOBILIZE_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=mobilize;Password=mobilize;Database=mobilize_test}"

echo "== Redis (cluster membership for the cluster failure tests)"
bash tools/ci/redis.sh
export MOBILIZE_TEST_REDIS="${MOBILIZE_TEST_REDIS:-127.0.0.1:6379}"

if [[ -x tools/ci/browser.sh ]]; then
  echo "== Browser and JavaScript packages"
  bash tools/ci/browser.sh
fi

echo "== Load driver packages (its smoke run is a browser test)"
(cd tools/load && npm ci --no-audit --no-fund)

echo "== Build"
dotnet build Mobilize.sln -c Release -nologo -v quiet

echo "== Tests"
log=$(mktemp)
# The cluster tests run five server processes per test class; beside the other assemblies on two cores they starve the
# drills' accelerated clocks and the browser, so they run on their own, after the rest.
set +e
status=0
dotnet test Mobilize.sln -c Release --no-build -nologo --blame-hang-timeout 5m --filter "FullyQualifiedName!~Mobilize.Cluster.Tests" 2>&1 | tee "$log"
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
dotnet test tests/Cluster.Tests/Mobilize.Cluster.Tests.csproj -c Release --no-build -nologo --blame-hang-timeout 5m 2>&1 | tee -a "$log"
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
set -e

# One closing line over every test assembly, in the plain form CI reads.
read -r passed failed < <(awk '/^(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1) }
  } END { print p+0, f+0 }' "$log")
echo "Total: ${passed:-0} passed, ${failed:-0} failed"
if [[ $status -ne 0 || ${failed:-0} -ne 0 || ${passed:-0} -eq 0 ]]; then
  exit 1
fi
