#!/usr/bin/env bash
# A local cluster on loopback: PostgreSQL and Redis (installed from Debian if absent), 3 silos and 2 Api nodes.
# Run as root on Debian 12 with the .NET SDK, Node and npm: bash tools/cluster/start.sh
# Logs, pids, the shared signing key and the Api nodes' data go to ./cluster-data/; docs/deployment.md explains it all.
# Running it again starts only what is not running. Stop with tools/cluster/stop.sh.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

SILOS=${MOBILIZE_CLUSTER_SILOS:-3}
APIS=2

if ! command -v curl >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl
fi
echo "== PostgreSQL (grain state, reminders, idempotency journal)"
bash tools/ci/postgres.sh
echo "== Redis (cluster membership)"
bash tools/ci/redis.sh

if [[ ${1:-} != --no-build ]]; then
  echo "== Build (Release)"
  dotnet build src/Silo -c Release -nologo -v quiet
  dotnet build src/Api -c Release -nologo -v quiet
fi

echo "== Silos"
# On a fresh schema the first alone creates the tables (two creating them at once would collide); later, all start
# together, so that after a crash each marks its own former self dead instead of waiting for the others' to expire.
first=1
if [[ ! -f "$DATA/tables-created" ]]; then
  start_silo 1
  touch "$DATA/tables-created"
  first=2
fi
pids=()
for n in $(seq "$first" "$SILOS"); do
  start_silo "$n" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done

echo "== Api nodes"
for n in $(seq 1 "$APIS"); do start_api "$n"; done
for n in $(seq 1 "$APIS"); do wait_api_ready "$n"; done
for n in $(seq 1 "$APIS"); do wait_active_silos "$n" "$(running_silo_count)"; done

token=$(cat "$DATA/api1/administrator.token")
cat <<MSG

Cluster up: $(running_silo_count) silos, $APIS Api nodes (logs in $DATA/logs).
  Dashboard on node 1: http://127.0.0.1:$(api_port 1)/dashboard/#token=$token
  Dashboard on node 2: http://127.0.0.1:$(api_port 2)/dashboard/#token=$token
  (one administrator token for both: $DATA/api1/administrator.token)
  Membership:          http://127.0.0.1:$(api_port 1)/health/cluster
Kill a silo:  bash tools/cluster/kill-silo.sh 2     Drain one:  bash tools/cluster/drain-silo.sh 2
Add a silo:   bash tools/cluster/add-silo.sh        Stop all:   bash tools/cluster/stop.sh
MSG
