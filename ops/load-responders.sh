#!/usr/bin/env bash
# Nearest-responder load (docs/responders-performance.md): fresh database, Release server, 200,000 synthetic AIS
# vessels + 2,000 assets, then `mcoord load responders` at 200 requests/s for 60 s (HTTP and the statement alone).
# Needs the services of ops/services.sh and a Release build (dotnet build -c Release).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-mcoord_resp_load}; PORT=5391
export PGPASSWORD=maritime
CS="Host=127.0.0.1;Port=5432;Database=$DB;Username=maritime;Password=maritime"
psql -X -q -h 127.0.0.1 -U maritime -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export Auth__SigningKey="$(head -c 48 /dev/urandom | base64 -w0)"
cd src/MaritimeCoord.Server
ConnectionStrings__Maritime="$CS" ConnectionStrings__Redis="" Server__Jobs=false Jobs__Enabled=false \
  Security__RateLimiting__Enabled=false Logging__LogLevel__Default=Warning \
  dotnet bin/Release/net10.0/MaritimeCoord.Server.dll --urls "http://127.0.0.1:$PORT" > /tmp/resp-server.log 2>&1 &
SERVER=$!
cd ../..
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null; do kill -0 $SERVER; sleep 0.3; done
MCOORD="dotnet src/MaritimeCoord.Cli/bin/Release/net10.0/mcoord.dll"
uptime
$MCOORD load seed-responders --connection "$CS" --vessels 200000 --assets 2000
uptime
$MCOORD load responders --url http://127.0.0.1:$PORT --rate 200 --duration 60 --incidents 50 --warmup 5 --connection "$CS" --key "$Auth__SigningKey"
uptime
grep -c "fail:" /tmp/resp-server.log || true
