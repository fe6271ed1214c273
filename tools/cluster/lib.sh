# Shared by the tools/cluster scripts: where things are and how one node starts. Sourced, not run.
# Fixed ports, so the docs and a browser can name them: silo N listens on 11110+N (silo to silo) and 30000+N
# (gateway, for the Api nodes), Api node N on 5100+N.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DATA="${MOBILIZE_CLUSTER_DATA:-$ROOT/cluster-data}"
POSTGRES="${MOBILIZE_CLUSTER_POSTGRES:-Host=127.0.0.1;Port=5432;Username=mobilize;Password=mobilize;Database=mobilize_test}"
SCHEMA="${MOBILIZE_CLUSTER_SCHEMA:-mobilize_cluster}"
REDIS="${MOBILIZE_CLUSTER_REDIS:-127.0.0.1:6379}"
CLUSTER_ID="${MOBILIZE_CLUSTER_ID:-mobilize}"
# Anything else for every node, e.g. "--Cluster:Membership:ProbeTimeout=00:00:01".
read -r -a EXTRA <<< "${MOBILIZE_CLUSTER_ARGS:-}"

SILO_DLL="$ROOT/src/Silo/bin/Release/net10.0/Mobilize.Silo.dll"
API_DLL="$ROOT/src/Api/bin/Release/net10.0/Mobilize.Api.dll"

silo_port() { echo $((11110 + $1)); }
gateway_port() { echo $((30000 + $1)); }
api_port() { echo $((5100 + $1)); }

pid_file() { echo "$DATA/pids/$1.pid"; }
log_file() { echo "$DATA/logs/$1.log"; }

# Whether a process is still running: a zombie (killed, not yet reaped; containers may never reap orphans) is not.
alive() {
  [[ -r /proc/$1/status ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status"
}

# The pid of a running node, or nothing.
running_pid() {
  local file
  file=$(pid_file "$1")
  [[ -f "$file" ]] || return 0
  local pid
  pid=$(cat "$file")
  if alive "$pid"; then echo "$pid"; fi
}

storage_args() {
  echo "--Silo:Storage=Postgres" "--Silo:PostgresConnectionString=$POSTGRES" "--Silo:PostgresSchema=$SCHEMA" \
    "--Cluster:Redis=$REDIS" "--Silo:ClusterId=$CLUSTER_ID" "--Silo:ServiceId=$CLUSTER_ID"
}

# Starts a process detached from this shell, its output appended to its log.
launch() {
  local name=$1
  shift
  mkdir -p "$DATA/pids" "$DATA/logs"
  echo "== $(date -u +%FT%TZ) $*" >> "$(log_file "$name")"
  setsid "$@" >> "$(log_file "$name")" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$name")"
}

node_env() {
  export DOTNET_ENVIRONMENT=Production
  export Logging__LogLevel__Default=Warning
  export Logging__LogLevel__Mobilize=Information
  export Logging__Console__FormatterName=simple
  export Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss.fff "
  export Logging__Console__FormatterOptions__SingleLine=true
}

# Says that node $1 died before $2, with the end of its log.
exited_before() {
  echo "$1 exited before $2; last lines of $(log_file "$1"):" >&2
  tail -n 20 "$(log_file "$1")" >&2
}

# Waits until the log written since offset $2 holds $3, or the process dies, or $4 seconds pass.
wait_for_log() {
  local name=$1 offset=$2 text=$3 seconds=$4
  local pid
  pid=$(cat "$(pid_file "$name")")
  for _ in $(seq 1 $((seconds * 5))); do
    if tail -c +"$((offset + 1))" "$(log_file "$name")" | grep -q "$text"; then return 0; fi
    if ! alive "$pid"; then exited_before "$name" "'$text'"; return 1; fi
    sleep 0.2
  done
  echo "$name did not log '$text' within ${seconds}s; see $(log_file "$name")" >&2
  return 1
}

log_size() {
  local file
  file=$(log_file "$1")
  if [[ -f "$file" ]]; then stat -c %s "$file"; else echo 0; fi
}

start_silo() {
  local n=$1 name="silo$1"
  if [[ -n $(running_pid "$name") ]]; then
    echo "$name is already running (pid $(running_pid "$name"))"
    return 0
  fi
  local offset
  offset=$(log_size "$name")
  node_env
  # shellcheck disable=SC2046
  launch "$name" dotnet "$SILO_DLL" $(storage_args) "--Silo:SiloPort=$(silo_port "$n")" "--Silo:GatewayPort=$(gateway_port "$n")" \
    "--Silo:Name=$name" "${EXTRA[@]}"
  wait_for_log "$name" "$offset" "Silo ready" 120
  echo "$name ready: silo port $(silo_port "$n"), gateway $(gateway_port "$n"), pid $(running_pid "$name")"
}

signing_key() {
  local file="$DATA/signing.key"
  if [[ ! -f "$file" ]]; then
    mkdir -p "$DATA"
    (umask 077 && head -c 32 /dev/urandom | base64 -w0 > "$file")
  fi
  cat "$file"
}

start_api() {
  local n=$1 name="api$1"
  if [[ -n $(running_pid "$name") ]]; then
    echo "$name is already running (pid $(running_pid "$name"))"
    return 0
  fi
  mkdir -p "$DATA/$name"
  node_env
  # Every Api node signs with the same key, so a token from one is good on the other.
  # shellcheck disable=SC2046
  launch "$name" dotnet "$API_DLL" --urls "http://127.0.0.1:$(api_port "$n")" --data "$DATA/$name" --Api:Silo=Remote \
    "--Auth:SigningKey=$(signing_key)" $(storage_args) "${EXTRA[@]}"
}

wait_api_ready() {
  local n=$1 name="api$1"
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$(api_port "$n")/health/ready" >/dev/null 2>&1; then return 0; fi
    if [[ -z $(running_pid "$name") ]]; then exited_before "$name" "being ready"; return 1; fi
    sleep 0.2
  done
  echo "$name was not ready within 120 s; see $(log_file "$name")" >&2
  return 1
}

# How many silos Api node $1 sees active.
active_silos() {
  curl -fsS -H "Authorization: Bearer $(cat "$DATA/api$1/administrator.token")" "http://127.0.0.1:$(api_port "$1")/health/cluster" 2>/dev/null \
    | grep -o '"active": *[0-9]*' | grep -o '[0-9]*$' || echo 0
}

wait_active_silos() {
  local n=$1 expected=$2
  for _ in $(seq 1 300); do
    if [[ $(active_silos "$n") == "$expected" ]]; then return 0; fi
    sleep 0.2
  done
  echo "api$n does not see $expected active silos; /health/cluster says:" >&2
  curl -sS -H "Authorization: Bearer $(cat "$DATA/api$n/administrator.token")" "http://127.0.0.1:$(api_port "$n")/health/cluster" >&2 || true
  return 1
}

# Silo numbers with a pid file, in order.
known_silos() {
  if [[ -d "$DATA/pids" ]]; then
    find "$DATA/pids" -name 'silo*.pid' -printf '%f\n' | sed 's/^silo//; s/\.pid$//' | sort -n
  fi
}

running_silo_count() {
  local count=0
  for n in $(known_silos); do
    if [[ -n $(running_pid "silo$n") ]]; then count=$((count + 1)); fi
  done
  echo "$count"
}
