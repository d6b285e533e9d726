#!/usr/bin/env bash
# End-to-end AIS ingest load (docs/performance.md): fresh database, Release server with a TCP server-mode feed,
# `mcoord-dev load ingest` (max-rate replay for DURATION s, DB count check, peak RSS, raw psql COPY limit), then stop.
# Needs the services of ops/services.sh. Usage: ops/load-ingest.sh [extra mcoord-dev load ingest options]
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-mcoord_load}
FEED_PORT=${FEED_PORT:-10190}
HTTP_PORT=${HTTP_PORT:-5190}
DURATION=${DURATION:-60}
export PGPASSWORD=maritime
CS="Host=127.0.0.1;Port=5432;Database=$DB;Username=maritime;Password=maritime"

dotnet build -c Release -nologo -v q src/MaritimeCoord.Server >/dev/null
dotnet build -c Release -nologo -v q src/MaritimeCoord.DevTools >/dev/null
psql -X -q -h 127.0.0.1 -U maritime -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

LOG=$(mktemp /tmp/mcoord-load-server.XXXX.log)
cd src/MaritimeCoord.Server
ConnectionStrings__Maritime="$CS" Samples__LoadOnStartup=true ConnectionStrings__Redis="" Server__Ingest=true Server__Jobs=false Jobs__Enabled=false \
  Auth__SigningKey="$(head -c 48 /dev/urandom | base64 -w0)" Logging__LogLevel__Default=Warning \
  Ingest__Feeds__0__Port=$FEED_PORT Ingest__Feeds__1__Port=0 \
  dotnet bin/Release/net10.0/MaritimeCoord.Server.dll --urls "http://127.0.0.1:$HTTP_PORT" >"$LOG" 2>&1 &
SERVER=$!
cd ../..
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$HTTP_PORT/health/live" >/dev/null; do
  kill -0 $SERVER 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.3
done
echo "server pid $SERVER ready (log $LOG)"
src/MaritimeCoord.DevTools/bin/Release/net10.0/mcoord-dev load ingest --tcp "127.0.0.1:$FEED_PORT" --db "$CS" --server-pid $SERVER --duration "$DURATION" "$@"
