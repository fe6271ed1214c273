#!/usr/bin/env bash
# Starts 3 silos and 2 Api nodes on loopback over a seeded province schema (tools/Mobilize.ProvinceSeed), and prints
# each silo's time to "Silo ready" (its dispatch directory rebuilt from every stored team) and each process's RSS.
# Processes, logs and pids go to $RUN; stop.sh kills exactly those pids.
# Usage: tools/province/start.sh   (SCHEMA=province CLUSTER_ID=province RUN=/tmp/province-run by default)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCHEMA=${SCHEMA:-province}
CLUSTER_ID=${CLUSTER_ID:-province}
RUN=${RUN:-/tmp/province-run}
# Npgsql pools up to 100 connections per silo by default; three silos activating grains at once then ask for more
# than PostgreSQL's default max_connections (100, shared here with every other engineer) and connects time out.
# Each silo opens three pools with it (grain state, reminders, idempotency journal): 3 silos x 3 x 8 = 72 at most.
PG=${PG:-"Host=127.0.0.1;Port=5432;Username=mobilize;Password=mobilize;Database=mobilize_test;Maximum Pool Size=8"}
SILO=$ROOT/src/Silo/bin/Release/net10.0/Mobilize.Silo.dll
API=$ROOT/src/Api/bin/Release/net10.0/Mobilize.Api.dll
mkdir -p "$RUN"
redis-cli ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no
COMMON=(--Cluster:Redis=127.0.0.1:6379 --Silo:Storage=Postgres "--Silo:PostgresConnectionString=$PG" "--Silo:PostgresSchema=$SCHEMA" "--Silo:ClusterId=$CLUSTER_ID")

rss() { awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$1/status"; }

echo "load before start: $(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s.%N)
for n in 1 2 3; do
  dotnet "$SILO" "${COMMON[@]}" --Silo:SiloPort=1121$n --Silo:GatewayPort=3021$n --Silo:Name=silo$n >"$RUN/silo$n.log" 2>&1 &
  echo $! >"$RUN/silo$n.pid"
done
for n in 1 2 3; do
  until grep -q "Silo ready" "$RUN/silo$n.log"; do
    kill -0 "$(cat "$RUN/silo$n.pid")" 2>/dev/null || { echo "silo$n exited:"; tail -20 "$RUN/silo$n.log"; exit 1; }
    sleep 0.5
  done
  echo "silo$n ready $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s after start (or earlier: polled in order), RSS $(rss "$(cat "$RUN/silo$n.pid")")"
done
grep -h "Dispatch directory rebuilt" "$RUN"/silo*.log || true

# One signing key for both nodes, so a token from either is good on both.
KEY=$(head -c 32 /dev/urandom | base64)
for n in 1 2; do
  mkdir -p "$RUN/api$n"
  dotnet "$API" --urls "http://127.0.0.1:52${n}1" --Api:Silo=Remote "${COMMON[@]}" --data "$RUN/api$n" "--Auth:SigningKey=$KEY" \
    --RateLimit:PermitsPerSecond 1000000 --RateLimit:Burst 1000000 --Logging:LogLevel:Default=Warning >"$RUN/api$n.log" 2>&1 &
  echo $! >"$RUN/api$n.pid"
done
for n in 1 2; do
  until curl -sf "http://127.0.0.1:52${n}1/health/ready" >/dev/null; do
    kill -0 "$(cat "$RUN/api$n.pid")" 2>/dev/null || { echo "api$n exited:"; tail -20 "$RUN/api$n.log"; exit 1; }
    sleep 0.5
  done
  echo "api$n ready on http://127.0.0.1:52${n}1, RSS $(rss "$(cat "$RUN/api$n.pid")")"
done
echo "all ready $(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s after start; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "token: $RUN/api1/administrator.token"
