#!/usr/bin/env bash
# History figures of issue 6 (docs/history.md): a database with 10,000,000 positions over 30 days (seeded once by
# `mcoord-dev load seed-history` if it holds fewer), the Release server on it with a TCP feed, then `mcoord-dev load history`:
# one-hour 500 km windows through the API vs the bare statement, and ingest alone vs with an analyst querying.
# INGEST_RATE=0 replays as fast as possible; a fixed rate (default 10,000 lines/s, the live-picture load of issue 5)
# shows whether ingest keeps up while analysts query (committed rate and lag behind the last line sent).
# POSITIONS (default 10,000,000) sizes the seeded history; a smaller one makes a quick check from a fresh clone, e.g.
# DB=history_check POSITIONS=200000 QUERIES=20 DURATION=5 ops/load-history.sh
# Needs the services of ops/services.sh; builds the server and the developer tool (Release) if they are not built yet.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
DB=${DB:-history_bench}; PORT=${PORT:-5731}; FEED=${FEED:-10731}
POSITIONS=${POSITIONS:-10000000}; QUERIES=${QUERIES:-200}; INGEST_RATE=${INGEST_RATE:-10000}; ANALYST_RATE=${ANALYST_RATE:-0}; DURATION=${DURATION:-30}
export PGPASSWORD=maritime
CS="Host=127.0.0.1;Port=5432;Database=$DB;Username=maritime;Password=maritime"
MCOORD_DEV="dotnet $HERE/src/MaritimeCoord.DevTools/bin/Release/net10.0/mcoord-dev.dll"
for project in MaritimeCoord.DevTools MaritimeCoord.Server; do   # a fresh clone has no build yet
  ls "$HERE/src/$project/bin/Release/net10.0/"*.dll >/dev/null 2>&1 || dotnet build "$HERE/src/$project" -c Release -nologo -v q
done
psql -X -q -h 127.0.0.1 -U maritime -d postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
  || psql -X -q -h 127.0.0.1 -U maritime -d postgres -c "CREATE DATABASE $DB"
# A fresh database has no ais_positions yet (the seeder migrates it): ask whether the table exists first, in its own
# statement, since PostgreSQL plans (and so resolves) every relation of a statement before running any of it.
stored=0
if [ "$(psql -X -q -h 127.0.0.1 -U maritime -d "$DB" -Atc "SELECT to_regclass('ais_positions') IS NOT NULL")" = t ]; then
  stored=$(psql -X -q -h 127.0.0.1 -U maritime -d "$DB" -Atc "SELECT count(*) FROM ais_positions WHERE observed_at < '2026-11-28'")
fi
if [ "$stored" -lt "$POSITIONS" ]; then
  $MCOORD_DEV load seed-history --connection "$CS" --positions "$POSITIONS" --days 30 --last-day 2026-11-27 --truncate
fi
export Auth__SigningKey="$(head -c 48 /dev/urandom | base64 -w0)"
cd "$HERE/src/MaritimeCoord.Server"
ConnectionStrings__Maritime="$CS" Samples__LoadOnStartup=true ConnectionStrings__Redis="" Server__Ingest=true Server__Jobs=false Jobs__Enabled=false \
  Security__RateLimiting__Enabled=false Logging__LogLevel__Default=Warning \
  Ingest__Feeds__0__Port="$FEED" Ingest__Feeds__1__Port=0 \
  dotnet bin/Release/net10.0/MaritimeCoord.Server.dll --urls "http://127.0.0.1:$PORT" > /tmp/history-server.log 2>&1 &
SERVER=$!
cd "$HERE"
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null; do kill -0 $SERVER; sleep 0.3; done
echo "commit $(git -C "$HERE" rev-parse --short HEAD); $(nproc) cores; ingest rate ${INGEST_RATE} lines/s (0 = max); analysts ${ANALYST_RATE} queries/s (0 = back to back)"
uptime
$MCOORD_DEV load history --url "http://127.0.0.1:$PORT" --connection "$CS" --key "$Auth__SigningKey" --queries "$QUERIES" \
  --ingest-tcp "127.0.0.1:$FEED" --ingest-duration "$DURATION" --ingest-rate "$INGEST_RATE" --analyst-rate "$ANALYST_RATE" \
  --capture-lines 2000000
uptime
grep -c "fail:" /tmp/history-server.log || true
