#!/usr/bin/env bash
# Nearest-responder load (docs/responders-performance.md): fresh database, Release server, 200,000 synthetic AIS
# vessels + 2,000 assets, then `mcoord-dev load responders` at 200 requests/s for 60 s (HTTP and the statement alone).
# Needs the services of ops/services.sh and a Release build of the server and the developer tool (dotnet build -c Release).
#
# Side by side (the same generator against two server builds, one after the other, in one sitting):
#   SERVER_ROOT=/path/to/old/checkout ops/load-responders.sh; ops/load-responders.sh
# SERVER_ROOT / CLI_ROOT: checkouts whose Release output serves / generates the load (default: this one).
# DB / PORT / SERVER_LOG: the database (dropped and created), the server's port and its log, so runs can share a machine.
# SERVER_ENV: extra VAR=value settings for the server only, e.g. SERVER_ENV="DOTNET_gcServer=0" to try a runtime knob.
# The server's own CPU per request (user + system, from /proc) is printed after the run.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
SERVER_ROOT=${SERVER_ROOT:-$HERE}; CLI_ROOT=${CLI_ROOT:-$HERE}
DB=${DB:-mcoord_resp_load}; PORT=${PORT:-5391}; SERVER_LOG=${SERVER_LOG:-/tmp/resp-server-$PORT.log}
RATE=${RATE:-200}; DURATION=${DURATION:-60}; WARMUP=${WARMUP:-5}
export PGPASSWORD=maritime
CS="Host=127.0.0.1;Port=5432;Database=$DB;Username=maritime;Password=maritime"
psql -X -q -h 127.0.0.1 -U maritime -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export Auth__SigningKey="$(head -c 48 /dev/urandom | base64 -w0)"
cd "$SERVER_ROOT/src/MaritimeCoord.Server"
# shellcheck disable=SC2086 # SERVER_ENV is a list of VAR=value words
env ConnectionStrings__Maritime="$CS" Samples__LoadOnStartup=true ConnectionStrings__Redis="" Server__Jobs=false Jobs__Enabled=false \
  Security__RateLimiting__Enabled=false Logging__LogLevel__Default=Warning ${SERVER_ENV:-} \
  dotnet bin/Release/net10.0/MaritimeCoord.Server.dll --urls "http://127.0.0.1:$PORT" > "$SERVER_LOG" 2>&1 &
SERVER=$!
cd "$CLI_ROOT"
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null; do kill -0 $SERVER; sleep 0.3; done
MCOORD_DEV="dotnet src/MaritimeCoord.DevTools/bin/Release/net10.0/mcoord-dev.dll"
# Checkouts from before the developer tool was split out carry the load commands in the shipped CLI.
[ -f src/MaritimeCoord.DevTools/bin/Release/net10.0/mcoord-dev.dll ] || MCOORD_DEV="dotnet src/MaritimeCoord.Cli/bin/Release/net10.0/mcoord.dll"
commit() { git -C "$1" log -1 --format='%h %cs %s' 2>/dev/null | cut -c1-90 || echo "not a git checkout"; }
echo "server: $SERVER_ROOT ($(commit "$SERVER_ROOT")) ${SERVER_ENV:-}"
echo "generator: $CLI_ROOT ($(commit "$CLI_ROOT")); $(nproc) cores; load average before the seed: $(cut -d' ' -f1-3 /proc/loadavg)"
$MCOORD_DEV load seed-responders --connection "$CS" --vessels 200000 --assets 2000
SEEDED=$(psql -X -Atq -h 127.0.0.1 -U maritime -d "$DB" -c "SELECT now()")
# Builds with the snapshot of dead-reckoned positions (docs/responders-performance.md) refresh it every minute: wait for
# one taken after the seed, so the measured phase searches it rather than the fallback (older builds: nothing to wait for).
if [ -n "$(psql -X -Atq -h 127.0.0.1 -U maritime -d "$DB" -c "SELECT to_regclass('responder_snapshot')")" ]; then
  for _ in $(seq 120); do
    SNAP=$(psql -X -Atq -h 127.0.0.1 -U maritime -d "$DB" -c "SELECT fixes || ' fixes, taken at ' || taken_at FROM responder_snapshot WHERE taken_at > '$SEEDED'")
    [ -n "$SNAP" ] && break; sleep 1
  done
  echo "snapshot of dead-reckoned positions: ${SNAP:-none after 120 s (the run searches the fixes)}"
fi
echo "load average after the seed: $(cut -d' ' -f1-3 /proc/loadavg)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
# The server's CPU during the measured phase only: from the tool's "measuring:" line to the first line it prints after
# the last answer (the query-alone phase, or the report).
CPU_MARKS=$(mktemp); trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true; rm -f "$CPU_MARKS"' EXIT
$MCOORD_DEV load responders --url "http://127.0.0.1:$PORT" --rate "$RATE" --duration "$DURATION" --incidents 50 --warmup "$WARMUP" \
  --connection "$CS" --key "$Auth__SigningKey" | while IFS= read -r line; do
    printf '%s\n' "$line"
    case "$line" in
      "  measuring:"*) cpu_ticks > "$CPU_MARKS" ;;
      *"sequential runs"*|*"requests:"*) if [ "$(wc -l < "$CPU_MARKS")" = 1 ]; then cpu_ticks >> "$CPU_MARKS"; fi ;;
    esac
  done
awk -v hz="$(getconf CLK_TCK)" -v n="$(( RATE * DURATION ))" 'NR == 1 { a = $1 } NR == 2 { b = $1 }
  END { if (NR == 2) printf "  server CPU per measured request (user+system from /proc, incl. its background work): %.2f ms\n", (b - a) * 1000 / hz / n }' "$CPU_MARKS"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; $(nproc) cores)"
echo "server log ($SERVER_LOG): $(grep -c "fail:" "$SERVER_LOG" || true) lines with fail:"
