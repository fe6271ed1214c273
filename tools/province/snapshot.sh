#!/usr/bin/env bash
# One line per process start.sh started (CPU seconds so far, RSS) and the schema's table counters, so that two
# snapshots around a phase give cores used per process and PostgreSQL reads and writes per second.
# Usage: tools/province/snapshot.sh LABEL >> $RUN/snapshots.txt
RUN=${RUN:-/tmp/province-run}
SCHEMA=${SCHEMA:-province}
label=${1:-snapshot}
tck=$(getconf CLK_TCK)
echo "== $label $(date -u +%FT%T.%3NZ) epoch $(date +%s.%N) load $(cut -d' ' -f1-3 /proc/loadavg)"
for f in "$RUN"/*.pid; do
  pid=$(cat "$f"); name=$(basename "$f" .pid)
  [[ -r /proc/$pid/stat ]] || { echo "$name not-running"; continue; }
  cpu=$(awk -v t="$tck" '{printf "%.2f", ($14 + $15) / t}' "/proc/$pid/stat")
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  echo "$name cpu_s $cpu rss_mib $rss peak_mib $hwm"
done
PGPASSWORD=mobilize psql -h 127.0.0.1 -U mobilize mobilize_test -Atc "
  SELECT 'pg ' || relname || ' ins ' || n_tup_ins || ' upd ' || n_tup_upd || ' del ' || n_tup_del || ' idx_scan ' || coalesce(idx_scan, 0)
  FROM pg_stat_user_tables WHERE schemaname = '$SCHEMA' ORDER BY relname;
  SELECT 'pg size_bytes ' || sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = '$SCHEMA' AND c.relkind = 'r';"
