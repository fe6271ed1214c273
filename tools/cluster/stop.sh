#!/usr/bin/env bash
# Stops the local cluster gracefully (SIGTERM: Api nodes first, then the silos, which hand their grains over as they
# go), and SIGKILLs whatever has not exited after 60 s. PostgreSQL and Redis keep running.
source "$(dirname "$0")/lib.sh"

stop_all() {
  local names=("$@") pids=()
  for name in "${names[@]}"; do
    local pid
    pid=$(running_pid "$name")
    if [[ -n "$pid" ]]; then kill -TERM "$pid"; pids+=("$pid"); fi
  done
  for _ in $(seq 1 300); do
    local alive=0
    for pid in "${pids[@]}"; do if alive "$pid"; then alive=1; fi; done
    if (( ! alive )); then break; fi
    sleep 0.2
  done
  for pid in "${pids[@]}"; do
    if alive "$pid"; then echo "pid $pid did not stop in 60 s; killing it" >&2; kill -KILL "$pid"; fi
  done
}

apis=()
for file in "$DATA"/pids/api*.pid; do [[ -e "$file" ]] && apis+=("$(basename "$file" .pid)"); done
silos=()
for n in $(known_silos); do silos+=("silo$n"); done
(( ${#apis[@]} )) && stop_all "${apis[@]}"
(( ${#silos[@]} )) && stop_all "${silos[@]}"
rm -f "$DATA"/pids/*.pid
echo "Cluster stopped."
