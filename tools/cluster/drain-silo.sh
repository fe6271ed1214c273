#!/usr/bin/env bash
# Stops silo N (default 2) gracefully: SIGTERM, its grains deactivate and move, it leaves the membership table.
# Waits until it has exited (at most 60 s) and the Api nodes see the others only.
source "$(dirname "$0")/lib.sh"
n=${1:-2}
pid=$(running_pid "silo$n")
if [[ -z "$pid" ]]; then echo "silo$n is not running" >&2; exit 1; fi
started=$(date +%s.%N)
kill -TERM "$pid"
for _ in $(seq 1 300); do
  if ! alive "$pid"; then break; fi
  sleep 0.2
done
if alive "$pid"; then echo "silo$n did not stop within 60 s; see $(log_file "silo$n")" >&2; exit 1; fi
rm -f "$(pid_file "silo$n")"
awk -v n="$n" -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "silo%s drained in %.1f s\n", n, b - a }'
wait_active_silos 1 "$(running_silo_count)"
echo "Api node 1 sees $(active_silos 1) active silos"
