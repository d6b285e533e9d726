#!/usr/bin/env bash
# The main job, on a fresh machine: installs and starts PostgreSQL+PostGIS, RabbitMQ and Redis on loopback, builds,
# starts the server in demo mode (migrations, sample SAR regions and fictional assets on an empty database, AIS ingest on
# 127.0.0.1:10110), then two demo feeds: AIS traffic for the region and sightings. Prints one sign-in URL per role.
# Ctrl+C stops the server and the feeds (the database keeps its data; ops/services.sh stop stops the servers).
# Tool output goes to ops/.state/*.log; only failures are shown here.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="$ROOT/ops/.state"
PORT="${MCOORD_PORT:-5080}"
URL="http://127.0.0.1:$PORT"
AIS_FEED="127.0.0.1:10110"   # the TcpServer feed of appsettings.json (Ingest:Feeds)
mkdir -p "$STATE"

quietly() { # quietly LOG COMMAND...: run, keep the output in ops/.state/LOG, show its tail only when it fails
  local log="$STATE/$1"; shift
  "$@" > "$log" 2>&1 || { tail -30 "$log"; echo "[run] failed: $* (log: ops/.state/${log##*/})"; exit 1; }
}

echo "[run] starting PostgreSQL, RabbitMQ and Redis…"
quietly services.log "$ROOT/ops/services.sh" start
quietly web-deps.log "$ROOT/ops/web-deps.sh"

# A development signing key per machine, never committed (ops/.state is ignored by git).
[ -s "$STATE/signing-key" ] || { head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > "$STATE/signing-key"; chmod 600 "$STATE/signing-key"; }
export Auth__SigningKey="$(cat "$STATE/signing-key")"
# The key ring that encrypts personal data: outside the database and outside the repository (docs/personal-data.md).
export PersonalData__KeyDirectory="${PersonalData__KeyDirectory:-$STATE/personal-data-keys}"
# ...whose keys are encrypted at rest with a per-machine certificate.
[ -s "$STATE/personal-data-keys.pfx" ] || quietly openssl.log sh -c "openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
  -subj /CN=maritimecoord-key-ring -keyout '$STATE/key-ring.key' -out '$STATE/key-ring.crt' && openssl pkcs12 -export \
  -inkey '$STATE/key-ring.key' -in '$STATE/key-ring.crt' -out '$STATE/personal-data-keys.pfx' -passout pass: && rm '$STATE/key-ring.key'"
export PersonalData__KeyCertificatePath="${PersonalData__KeyCertificatePath:-$STATE/personal-data-keys.pfx}"
export ConnectionStrings__Maritime="${ConnectionStrings__Maritime:-Host=127.0.0.1;Port=5432;Database=maritimecoord;Username=maritime;Password=maritime}"
# One machine needs neither a broker between nodes nor a backplane: the in-memory bus is the default here.
# Messaging__Transport=RabbitMq ConnectionStrings__Redis=127.0.0.1:6379 ops/run.sh runs the multi-node wiring.
export Messaging__Transport="${Messaging__Transport:-InMemory}"
export Server__Ingest=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "[run] building (Release)…"
for project in Server Cli; do
  quietly build.log dotnet build "$ROOT/src/MaritimeCoord.$project/MaritimeCoord.$project.csproj" -c Release -v q -nologo
done
MCOORD="dotnet $ROOT/src/MaritimeCoord.Cli/bin/Release/net10.0/mcoord.dll"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# Run from the project folder: that is the content root (wwwroot, ../../samples/geo). --demo: samples into an empty
# database (a production start loads nothing and says what to load).
(cd "$ROOT/src/MaritimeCoord.Server" && exec dotnet bin/Release/net10.0/MaritimeCoord.Server.dll --urls "$URL" --demo) \
  > "$STATE/server.log" 2>&1 &
pids+=($!)
echo "[run] server starting (log: ops/.state/server.log)…"
for _ in $(seq 1 120); do curl -fs "$URL/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$URL/health/ready" >/dev/null || { echo "[run] server did not become ready:"; tail -40 "$STATE/server.log"; exit 1; }

token() { $MCOORD token issue --role "$1" ${2:+--centre "$2"} --name "$3"; }
LIAISON_TOKEN=$(token liaison BASARNAS-IDN "Demo liaison officer, Banyuwangi")
printf '%s\n' "$(token admin JRCC-AUS "Demo administrator")" > "$STATE/admin-token"
printf '%s\n' "$(token operator BASARNAS-IDN "Demo operator, BASARNAS")" > "$STATE/operator-token"

$MCOORD feed demo --tcp "$AIS_FEED" > "$STATE/ais-feed.log" 2>&1 &
pids+=($!)
$MCOORD feed sightings "$ROOT/samples/sightings/bali-process-demo.ndjson" --url "$URL/" --token "$LIAISON_TOKEN" \
  --interval "${MCOORD_FEED_INTERVAL:-6}" --loop > "$STATE/feed.log" 2>&1 &
pids+=($!)

# A supervisor is a role of its own in the token; the server adds the operator role to it (SupervisorClaimsTransformation).
cat <<MSG

  MaritimeCoord is running: $URL   (Ctrl+C stops; logs in ops/.state/)
  Sign in as
    operator,   BASARNAS-IDN   $URL/#token=$(cat "$STATE/operator-token")
    supervisor, BASARNAS-IDN   $URL/#token=$(token supervisor BASARNAS-IDN "Demo supervisor, BASARNAS")
    liaison,    BASARNAS-IDN   $URL/#token=$LIAISON_TOKEN
    analyst                    $URL/#token=$(token analyst "" "Demo analyst")
    admin (every centre)       $URL/#token=$(cat "$STATE/admin-token")
  Demo feeds: AIS for the region (about 3,000 vessels, detections off Kupang; ais-feed.log) and a sighting every
  ${MCOORD_FEED_INTERVAL:-6} s (feed.log). API tokens: ops/.state/admin-token, ops/.state/operator-token.

MSG
wait "${pids[0]}"
