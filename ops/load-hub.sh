#!/usr/bin/env bash
# Live-picture load (docs/realtime.md): fresh database, Release server (api + hub + ingest, RabbitMQ bus) with a TCP
# feed, then `mcoord-dev load hub` in its own process: N SignalR clients over WebSockets with random viewports while
# synthetic AIS is pushed into the feed at a constant rate. Needs the services of ops/services.sh.
# Usage: ops/load-hub.sh [mcoord-dev load hub options, e.g. --clients 1000 --rate 10000 --duration 60 --protocol json]
# SERVER_DIR=/path/to/other/checkout/src/MaritimeCoord.Server runs that (already built) server instead, e.g. the
# baseline exported with `mkdir /tmp/base && git archive <commit> | tar -x -C /tmp/base && echo <commit> >/tmp/base/COMMIT`
# and built there, with this checkout's load tool: a side-by-side comparison.
# NODES=2: two server nodes on one PostgreSQL, RabbitMQ and Redis (the SignalR backplane): node A runs api + hub +
# ingest, node B api + hub; the clients alternate between them, the sightings too (issue 5: "Two nodes").
# Prints, besides the tool's figures: the commit of server and tool, cores, uptime before/after, and the CPU seconds
# the server and the load tool used during the run, with the server's CPU per delivered position (comparable across
# runs on a shared machine, where latency is not).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-mcoord_hubload}
FEED_PORT=${FEED_PORT:-$((10300 + RANDOM % 500))}
HTTP_PORT=${HTTP_PORT:-$((5300 + RANDOM % 500))}
PUBLISH_INTERVAL=${PUBLISH_INTERVAL:-00:00:00.100}
NODES=${NODES:-1}
# One node: auto-deleted exclusive queues. Two: the incident-event queues are shared by both nodes (competing
# consumers), which exclusive queues refuse, so they are ordinary ones, deleted after the run.
case "$NODES" in
  1) REDIS=""; TEMPORARY=true ;;
  2) REDIS="127.0.0.1:6379"; TEMPORARY=false ;;
  *) echo "NODES must be 1 or 2" >&2; exit 2 ;;
esac
PREFIX="hubload$$-"
delete_queues() {
  [ "$TEMPORARY" = false ] || return 0
  rabbitmqctl -q -n rabbit@localhost list_queues name 2>/dev/null | grep "^$PREFIX" | while read -r q; do
    rabbitmqctl -q -n rabbit@localhost delete_queue "$q" </dev/null >/dev/null 2>&1 || true   # it reads stdin: the list
  done
}
export PGPASSWORD=maritime
CS="Host=127.0.0.1;Port=5432;Database=$DB;Username=maritime;Password=maritime"
KEY=$(head -c 48 /dev/urandom | base64 -w0)

SERVER_DIR=$(cd "${SERVER_DIR:-src/MaritimeCoord.Server}" && pwd)
[ -n "${SKIP_BUILD:-}" ] || dotnet build -c Release -nologo -v q "$SERVER_DIR" >/dev/null
[ -n "${SKIP_BUILD:-}" ] || dotnet build -c Release -nologo -v q src/MaritimeCoord.DevTools >/dev/null
psql -X -q -h 127.0.0.1 -U maritime -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

LOG=$(mktemp /tmp/mcoord-hubload-server.XXXX.log)
ROOT=$(pwd)
cd "$SERVER_DIR"
# start_node INGEST PORT LOG: one server node (shared database, broker queues prefix and, with two nodes, Redis).
start_node() {
  ConnectionStrings__Maritime="$CS" Samples__LoadOnStartup=true ConnectionStrings__Redis="$REDIS" Realtime__RedisChannelPrefix="hubload$$" \
    Server__Ingest=$1 Server__Jobs=false Jobs__Enabled=false \
    Auth__SigningKey="$KEY" Logging__LogLevel__Default=Warning \
    Messaging__Transport=RabbitMq Messaging__RabbitMqHost=127.0.0.1 Messaging__EndpointPrefix="$PREFIX" Messaging__TemporaryEndpoints=$TEMPORARY \
    Ingest__Feeds__0__Port=$FEED_PORT Ingest__Feeds__1__Port=0 Ingest__PublishInterval=$PUBLISH_INTERVAL \
    dotnet bin/Release/net10.0/MaritimeCoord.Server.dll --urls "http://127.0.0.1:$2" >"$3" 2>&1 &
}
wait_ready() {
  until curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null; do
    kill -0 "$2" 2>/dev/null || { cat "$3"; exit 1; }
    sleep 0.5
  done
}
start_node true "$HTTP_PORT" "$LOG"
SERVER=$!
NODE_B=""
trap 'kill $SERVER $NODE_B 2>/dev/null; wait $SERVER $NODE_B 2>/dev/null || true; delete_queues' EXIT
wait_ready "$HTTP_PORT" $SERVER "$LOG"
URLS="http://127.0.0.1:$HTTP_PORT"
if [ "$NODES" = 2 ]; then
  LOG_B="${LOG%.log}-b.log"
  start_node false $((HTTP_PORT + 1)) "$LOG_B"   # after A has migrated the database
  NODE_B=$!
  wait_ready $((HTTP_PORT + 1)) $NODE_B "$LOG_B"
  URLS="$URLS,http://127.0.0.1:$((HTTP_PORT + 1))"
  echo "node B pid $NODE_B (api + hub) ready on $((HTTP_PORT + 1)) (log $LOG_B)"
fi
cd "$ROOT"
echo "server pid $SERVER ready on $HTTP_PORT, feed $FEED_PORT (log $LOG); uptime: $(uptime)"
commit_of() { git -C "$1" rev-parse --short HEAD 2>/dev/null || cat "$1/../../COMMIT" 2>/dev/null || echo "unknown commit"; }
echo "server: $SERVER_DIR at $(commit_of "$SERVER_DIR"); load tool at $(commit_of .); $(nproc) cores"
TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
server_before=$(cpu_ticks $SERVER)
[ -z "$NODE_B" ] || node_b_before=$(cpu_ticks $NODE_B)
OUT=$(mktemp /tmp/mcoord-hubload-tool.XXXX.log)
set +e
/usr/bin/time -f "%U %S" -o "$OUT.time" src/MaritimeCoord.DevTools/bin/Release/net10.0/mcoord-dev load hub --url "$URLS" --key "$KEY" \
  --ingest-tcp "127.0.0.1:$FEED_PORT" --server-pid $SERVER "$@" | tee "$OUT"
status=${PIPESTATUS[0]}
set -e
server_cpu=$(awk -v a="$server_before" -v b="$(cpu_ticks $SERVER)" -v t="$TICKS" 'BEGIN { printf "%.1f", (b - a) / t }')
if [ -n "$NODE_B" ]; then
  node_b_cpu=$(awk -v a="$node_b_before" -v b="$(cpu_ticks $NODE_B)" -v t="$TICKS" 'BEGIN { printf "%.1f", (b - a) / t }')
  echo "node B: CPU ${node_b_cpu} s, peak RSS $(awk '/VmHWM/ { printf "%d MiB", $2 / 1024 }' /proc/$NODE_B/status)"
  server_cpu=$(awk -v a="$server_cpu" -v b="$node_b_cpu" 'BEGIN { printf "%.1f", a + b }')   # both nodes below
fi
tool_cpu=$(awk '{ printf "%.1f", $1 + $2 }' "$OUT.time")
delivered=$(sed -n 's/.*positions delivered to clients: \([0-9,]*\) in.*/\1/p' "$OUT" | tr -d ,)
echo "CPU during the run: server ${server_cpu} s, load tool ${tool_cpu} s$( [ -n "$delivered" ] && [ "$delivered" -gt 0 ] && \
  awk -v c="$server_cpu" -v d="$delivered" 'BEGIN { printf "; server %.2f us CPU per delivered position", c * 1e6 / d }')"
echo "uptime after: $(uptime)"
rm -f "$OUT" "$OUT.time"
exit $status
