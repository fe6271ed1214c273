#!/usr/bin/env bash
# Gives the test suite a real PostgreSQL 15 (with PostGIS) on this machine.
# Idempotent: safe to run on a fresh Debian 12 and again on a machine where it already ran.
# Runs as root. Afterwards the tests connect with the default
#   Host=127.0.0.1;Port=5432;Username=mobilize;Password=mobilize;Database=mobilize_test
set -euo pipefail

PG_VERSION=15
CLUSTER=main
ROLE=mobilize
PASSWORD=mobilize
DATABASE=mobilize_test

if [[ $(id -u) -ne 0 ]]; then
  echo "postgres.sh must run as root (it installs packages and starts the cluster)." >&2
  exit 1
fi

as_postgres() {
  if command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  fi
}

psql_admin() {
  as_postgres psql --no-psqlrc -v ON_ERROR_STOP=1 -p 5432 "$@"
}

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! dpkg -s "postgresql-${PG_VERSION}-postgis-3" >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends postgresql "postgresql-${PG_VERSION}-postgis-3"
fi

# The Debian package creates the cluster; a stripped image may not have one.
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "${PG_VERSION} ${CLUSTER}"; then
  pg_createcluster "${PG_VERSION}" "${CLUSTER}"
fi

# Already running is fine: pg_ctlcluster exits 2 in that case.
pg_ctlcluster "${PG_VERSION}" "${CLUSTER}" start || {
  rc=$?
  pg_lsclusters -h | awk -v v="${PG_VERSION}" -v c="${CLUSTER}" '$1==v && $2==c {print $4}' | grep -q online || exit "$rc"
}

wait_ready() {
  for _ in $(seq 1 60); do
    if pg_isready -q -h 127.0.0.1 -p 5432; then break; fi
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p 5432
}
wait_ready

# The suite runs its test assemblies side by side, and the cluster tests start five processes with a connection pool
# each: Debian's 100 connections run out. Raised once; a restart is needed for it to count.
MAX_CONNECTIONS=400
if [[ $(psql_admin -tAc "SHOW max_connections") -lt ${MAX_CONNECTIONS} ]]; then
  psql_admin -c "ALTER SYSTEM SET max_connections = ${MAX_CONNECTIONS}"
  pg_ctlcluster "${PG_VERSION}" "${CLUSTER}" restart
  wait_ready
fi

role_exists=$(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}'")
if [[ "${role_exists}" != "1" ]]; then
  psql_admin -c "CREATE ROLE ${ROLE} WITH LOGIN CREATEDB PASSWORD '${PASSWORD}'"
else
  psql_admin -c "ALTER ROLE ${ROLE} WITH LOGIN CREATEDB PASSWORD '${PASSWORD}'"
fi

db_exists=$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'")
if [[ "${db_exists}" != "1" ]]; then
  psql_admin -c "CREATE DATABASE ${DATABASE} OWNER ${ROLE}"
fi

# CREATE EXTENSION postgis needs a superuser; the tests then create their own schemas as the owner.
psql_admin -d "${DATABASE}" -c "CREATE EXTENSION IF NOT EXISTS postgis"
psql_admin -d "${DATABASE}" -c "GRANT ALL ON SCHEMA public TO ${ROLE}"

echo "PostgreSQL ${PG_VERSION} ready: Host=127.0.0.1;Port=5432;Username=${ROLE};Password=${PASSWORD};Database=${DATABASE}"
