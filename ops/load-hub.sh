#!/usr/bin/env bash
# Live-picture load (docs/realtime.md): fresh database, Release server (api + hub + ingest, RabbitMQ bus) with a TCP
# feed, then `mcoord load hub` in its own process: N SignalR clients over WebSockets with random viewports while
# synthetic AIS is pushed into the feed at a constant rate. Needs the services of ops/services.sh.
# Usage: ops/load-hub.sh [mcoord load hub options, e.g. --clients 1000 --rate 10000 --duration 60 --protocol json]
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-mcoord_hubload}
FEED_PORT=${FEED_PORT:-$((10300 + RANDOM % 500))}
HTTP_PORT=${HTTP_PORT:-$((5300 + RANDOM % 500))}
PUBLISH_INTERVAL=${PUBLISH_INTERVAL:-00:00:00.200}
export PGPASSWORD=maritime
CS="Host=127.0.0.1;Port=5432;Database=$DB;Username=maritime;Password=maritime"
KEY=$(head -c 48 /dev/urandom | base64 -w0)

[ -n "${SKIP_BUILD:-}" ] || dotnet build -c Release -nologo -v q src/MaritimeCoord.Server >/dev/null
[ -n "${SKIP_BUILD:-}" ] || dotnet build -c Release -nologo -v q src/MaritimeCoord.Cli >/dev/null
psql -X -q -h 127.0.0.1 -U maritime -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

LOG=$(mktemp /tmp/mcoord-hubload-server.XXXX.log)
cd src/MaritimeCoord.Server
ConnectionStrings__Maritime="$CS" ConnectionStrings__Redis="" Server__Ingest=true Server__Jobs=false Jobs__Enabled=false \
  Auth__SigningKey="$KEY" Logging__LogLevel__Default=Warning \
  Messaging__Transport=RabbitMq Messaging__RabbitMqHost=127.0.0.1 Messaging__EndpointPrefix="hubload$$-" Messaging__TemporaryEndpoints=true \
  Ingest__Feeds__0__Port=$FEED_PORT Ingest__Feeds__1__Port=0 Ingest__PublishInterval=$PUBLISH_INTERVAL \
  dotnet bin/Release/net10.0/MaritimeCoord.Server.dll --urls "http://127.0.0.1:$HTTP_PORT" >"$LOG" 2>&1 &
SERVER=$!
cd ../..
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$HTTP_PORT/health/ready" >/dev/null; do
  kill -0 $SERVER 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.5
done
echo "server pid $SERVER ready on $HTTP_PORT, feed $FEED_PORT (log $LOG); uptime: $(uptime)"
src/MaritimeCoord.Cli/bin/Release/net10.0/mcoord load hub --url "http://127.0.0.1:$HTTP_PORT" --key "$KEY" \
  --ingest-tcp "127.0.0.1:$FEED_PORT" --server-pid $SERVER "$@"
status=$?
echo "uptime after: $(uptime)"
exit $status
