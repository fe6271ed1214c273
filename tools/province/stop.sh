#!/usr/bin/env bash
# Stops exactly the processes start.sh started (by their pids), Api nodes first.
RUN=${RUN:-/tmp/province-run}
for name in api1 api2 silo1 silo2 silo3; do
  f=$RUN/$name.pid
  [[ -f $f ]] || continue
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null && echo "stopped $name ($pid)"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null && echo "killed $name ($pid) after 30 s"
  rm -f "$f"
done
