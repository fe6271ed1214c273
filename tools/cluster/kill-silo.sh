#!/usr/bin/env bash
# SIGKILL silo N (default 2), as when its machine dies: its grains come back on the others once membership declares it
# dead. Start it again with tools/cluster/add-silo.sh N.
source "$(dirname "$0")/lib.sh"
n=${1:-2}
pid=$(running_pid "silo$n")
if [[ -z "$pid" ]]; then echo "silo$n is not running" >&2; exit 1; fi
kill -KILL "$pid"
for _ in $(seq 1 50); do
  if ! alive "$pid"; then break; fi
  sleep 0.1
done
echo "silo$n (pid $pid) killed at $(date -u +%T.%N | cut -c1-12) UTC"
