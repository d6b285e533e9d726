#!/usr/bin/env bash
# CoT out under load (docs/tak.md § Figures): fresh database, Release server with CoT on for one centre whose units
# report through its CoT listener (ShareUnitTracks) and whose TAK endpoints are `mcoord-dev load cot` itself: N streaming
# TCP readers plus slow ones that never read. Needs the services of ops/services.sh (PostgreSQL).
# Usage: ops/load-cot.sh [mcoord-dev load cot options, e.g. --tracks 5000 --clients 50 --slow 1 --duration 60]
# Prints, besides the tool's figures: commit, cores, uptime before/after, the server's CPU seconds during the run and
# how often the server logged that it dropped a slow reader.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-mcoord_cotload}
HTTP_PORT=${HTTP_PORT:-$((5800 + RANDOM % 100))}
LISTEN_PORT=${LISTEN_PORT:-$((11000 + RANDOM % 500))}
FIRST_ENDPOINT=${FIRST_ENDPOINT:-$((12000 + RANDOM % 500))}
CLIENTS=${CLIENTS:-50}
SLOW=${SLOW:-1}
TRACKS=${TRACKS:-5000}
CENTRE=BASARNAS-IDN
export PGPASSWORD=maritime
CS="Host=127.0.0.1;Port=5432;Database=$DB;Username=maritime;Password=maritime"
KEY=$(head -c 48 /dev/urandom | base64 -w0)

[ -n "${SKIP_BUILD:-}" ] || dotnet build -c Release -nologo -v q src/MaritimeCoord.Server >/dev/null
[ -n "${SKIP_BUILD:-}" ] || dotnet build -c Release -nologo -v q src/MaritimeCoord.Cli >/dev/null
[ -n "${SKIP_BUILD:-}" ] || dotnet build -c Release -nologo -v q src/MaritimeCoord.DevTools >/dev/null
psql -X -q -h 127.0.0.1 -U maritime -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

STATE=$(mktemp -d /tmp/mcoord-cotload.XXXX)
UNITS=$STATE/units.csv
seq 0 $((TRACKS - 1)) | awk '{ printf "LOAD%05d,LOADASSET%05d\n", $1, $1 }' >"$UNITS"
# The centre's endpoints: tak01…takN then slow1…, on consecutive ports (the tool listens there).
ENDPOINTS=()
for i in $(seq 0 $((CLIENTS + SLOW - 1))); do
  if [ "$i" -lt "$CLIENTS" ]; then name=$(printf 'tak%02d' $((i + 1))); else name="slow$((i - CLIENTS + 1))"; fi
  ENDPOINTS+=("Cot__Centres__0__Endpoints__${i}__Name=$name" "Cot__Centres__0__Endpoints__${i}__Transport=Tcp"
              "Cot__Centres__0__Endpoints__${i}__Host=127.0.0.1" "Cot__Centres__0__Endpoints__${i}__Port=$((FIRST_ENDPOINT + i))")
done
LOG=$STATE/server.log
ROOT=$(pwd)
cd src/MaritimeCoord.Server
env ConnectionStrings__Maritime="$CS" Samples__LoadOnStartup=true Server__Ingest=false Server__Jobs=false Jobs__Enabled=false \
  Auth__SigningKey="$KEY" Logging__LogLevel__Default=Warning Messaging__Transport=InMemory \
  Cot__Enabled=true Cot__MaxReconnectDelay=00:00:02 Cot__Centres__0__Centre=$CENTRE Cot__Centres__0__UnitsFile="$UNITS" \
  Cot__Centres__0__Listener__Host=127.0.0.1 Cot__Centres__0__Listener__Port=$LISTEN_PORT \
  Cot__Centres__0__Listener__MaxEventsPerSecondPerConnection=2000 Cot__Centres__0__Listener__MaxConnectionsPerAddress=64 \
  "${ENDPOINTS[@]}" \
  dotnet bin/Release/net10.0/MaritimeCoord.Server.dll --urls "http://127.0.0.1:$HTTP_PORT" >"$LOG" 2>&1 &
SERVER=$!
cd "$ROOT"
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$HTTP_PORT/health/live" >/dev/null; do
  kill -0 $SERVER 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.5
done
echo "server pid $SERVER ready, CoT listener 127.0.0.1:$LISTEN_PORT, endpoints from $FIRST_ENDPOINT (log $LOG)"
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' + uncommitted changes'); $(nproc) cores; uptime before: $(uptime)"
TICKS=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
before=$(cpu_ticks $SERVER)
set +e
dotnet src/MaritimeCoord.DevTools/bin/Release/net10.0/mcoord-dev.dll load cot --listener "127.0.0.1:$LISTEN_PORT" --endpoints "127.0.0.1:$FIRST_ENDPOINT" \
  --clients "$CLIENTS" --slow "$SLOW" --tracks "$TRACKS" "$@"
status=$?
set -e
echo "server CPU during the run: $(awk -v a="$before" -v b="$(cpu_ticks $SERVER)" -v t="$TICKS" 'BEGIN { printf "%.1f", (b - a) / t }') s; peak RSS $(awk '/VmHWM/ { printf "%d MiB", $2 / 1024 }' /proc/$SERVER/status)"
echo "server log: slow readers dropped $(grep -c 'is not keeping up' "$LOG" || true) times ($(grep 'is not keeping up' "$LOG" | grep -o 'CoT [^:]*' | sort | uniq -c | tr '\n' ';'))"
echo "uptime after: $(uptime)"
exit $status
