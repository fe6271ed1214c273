#!/usr/bin/env bash
# Gives the cluster tests and tools/cluster a Redis on 127.0.0.1:6379 (Orleans' membership table).
# Idempotent: safe to run on a fresh Debian 12 and again where it already ran. Runs as root.
set -euo pipefail

PORT=6379

if [[ $(id -u) -ne 0 ]]; then
  echo "redis.sh must run as root (it installs packages and starts the server)." >&2
  exit 1
fi

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends redis-server
fi

if [[ $(redis-cli -h 127.0.0.1 -p "${PORT}" ping 2>/dev/null || true) != PONG ]]; then
  # Containers and CI have no systemd; the package's service may not run there, so start it directly.
  # Membership rows are rewritten every few seconds by live silos, so nothing here needs to survive a restart.
  mkdir -p /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 --port "${PORT}" --save '' --appendonly no \
    --logfile /var/log/redis/redis-mobilize.log --dir /tmp
fi

for _ in $(seq 1 60); do
  if [[ $(redis-cli -h 127.0.0.1 -p "${PORT}" ping 2>/dev/null || true) == PONG ]]; then
    echo "Redis ready: 127.0.0.1:${PORT}"
    exit 0
  fi
  sleep 0.5
done
echo "Redis did not answer PING on 127.0.0.1:${PORT} within 30 s." >&2
exit 1
