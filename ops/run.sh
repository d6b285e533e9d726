#!/usr/bin/env bash
# The main job, on a fresh machine: installs and starts PostgreSQL+PostGIS, RabbitMQ and Redis on loopback, builds,
# migrates, loads the sample SAR regions, starts the server and a live sample feed of sightings, and prints the URL
# with a token. Ctrl+C stops the server and the feed (the database keeps its data; ops/services.sh stop stops servers).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="$ROOT/ops/.state"
PORT="${MCOORD_PORT:-5080}"
URL="http://127.0.0.1:$PORT"
mkdir -p "$STATE"

"$ROOT/ops/services.sh" start
"$ROOT/ops/web-deps.sh"

# A development signing key per machine, never committed (ops/.state is ignored by git).
[ -s "$STATE/signing-key" ] || { head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > "$STATE/signing-key"; chmod 600 "$STATE/signing-key"; }
export Auth__SigningKey="$(cat "$STATE/signing-key")"
# The key ring that encrypts personal data: outside the database and outside the repository (docs/personal-data.md).
export PersonalData__KeyDirectory="${PersonalData__KeyDirectory:-$STATE/personal-data-keys}"
export ConnectionStrings__Maritime="${ConnectionStrings__Maritime:-Host=127.0.0.1;Port=5432;Database=maritimecoord;Username=maritime;Password=maritime}"
# One machine needs neither a broker between nodes nor a backplane: the in-memory bus is the default here.
# Messaging__Transport=RabbitMq ConnectionStrings__Redis=127.0.0.1:6379 ops/run.sh runs the multi-node wiring.
export Messaging__Transport="${Messaging__Transport:-InMemory}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "[run] building (Release)…"
for project in Server Cli; do
  dotnet build "$ROOT/src/MaritimeCoord.$project/MaritimeCoord.$project.csproj" -c Release -v q -nologo > "$STATE/build.log" 2>&1 ||
    { grep -E " error " "$STATE/build.log" | sort -u; echo "[run] build failed (ops/.state/build.log)"; exit 1; }
done
MCOORD="dotnet $ROOT/src/MaritimeCoord.Cli/bin/Release/net10.0/mcoord.dll"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# Run from the project folder: that is the content root (wwwroot, ../../samples/geo).
(cd "$ROOT/src/MaritimeCoord.Server" && exec dotnet bin/Release/net10.0/MaritimeCoord.Server.dll --urls "$URL") \
  > "$STATE/server.log" 2>&1 &
pids+=($!)
echo "[run] server starting (log: ops/.state/server.log)…"
for _ in $(seq 1 120); do curl -fs "$URL/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$URL/health/ready" >/dev/null || { echo "[run] server did not become ready:"; tail -40 "$STATE/server.log"; exit 1; }

ADMIN_TOKEN=$($MCOORD token issue --role admin --centre JRCC-AUS --name "Demo administrator")
OPERATOR_TOKEN=$($MCOORD token issue --role operator --centre BASARNAS-IDN --name "Demo operator, BASARNAS")
LIAISON_TOKEN=$($MCOORD token issue --role liaison --centre BASARNAS-IDN --name "Demo liaison officer")
printf '%s\n' "$ADMIN_TOKEN" > "$STATE/admin-token"; printf '%s\n' "$OPERATOR_TOKEN" > "$STATE/operator-token"

$MCOORD feed sightings "$ROOT/samples/sightings/bali-process-demo.ndjson" --url "$URL/" --token "$LIAISON_TOKEN" \
  --interval "${MCOORD_FEED_INTERVAL:-6}" --loop > "$STATE/feed.log" 2>&1 &
pids+=($!)

cat <<MSG

  MaritimeCoord is running: $URL
  Live map (administrator, every centre):  $URL/#token=$ADMIN_TOKEN
  Live map (operator, BASARNAS-IDN only):  $URL/#token=$OPERATOR_TOKEN
  API token (administrator):               $ADMIN_TOKEN
  A sample feed posts a sighting every ${MCOORD_FEED_INTERVAL:-6} s (log: ops/.state/feed.log). Ctrl+C stops.

MSG
wait "${pids[0]}"
