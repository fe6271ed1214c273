#!/usr/bin/env bash
# RSS (and the peak, VmHWM) of every process start.sh started, with the load average.
RUN=${RUN:-/tmp/province-run}
echo "$(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
for f in "$RUN"/*.pid; do
  pid=$(cat "$f")
  [[ -r /proc/$pid/status ]] || { echo "$(basename "$f" .pid): not running"; continue; }
  awk -v name="$(basename "$f" .pid)" '/VmRSS/ {rss=$2} /VmHWM/ {hwm=$2} END {printf "%s: RSS %.0f MiB, peak %.0f MiB\n", name, rss/1024, hwm/1024}' "/proc/$pid/status"
done
