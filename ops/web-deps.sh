#!/usr/bin/env bash
# Installs the web console's browser libraries from npm (package-lock.json) and copies the files it serves into
# wwwroot/lib, so the console works offline: no CDN, no tile server. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/../src/MaritimeCoord.Server"
if [ ! -d node_modules/maplibre-gl ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
mkdir -p wwwroot/lib/maplibre wwwroot/lib/signalr
cp node_modules/maplibre-gl/dist/maplibre-gl.mjs node_modules/maplibre-gl/dist/maplibre-gl-shared.mjs \
   node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs node_modules/maplibre-gl/dist/maplibre-gl.css wwwroot/lib/maplibre/
cp node_modules/@microsoft/signalr/dist/browser/signalr.min.js \
   node_modules/@microsoft/signalr-protocol-msgpack/dist/browser/signalr-protocol-msgpack.min.js wwwroot/lib/signalr/
cp node_modules/maplibre-gl/LICENSE.txt wwwroot/lib/maplibre/LICENSE.txt 2>/dev/null || true
cp node_modules/@microsoft/signalr/LICENSE* wwwroot/lib/signalr/ 2>/dev/null || true
# The CoT tests' independent peer (@tak-ps/node-cot, tests/cot-harness).
if [ ! -d ../../tests/cot-harness/node_modules/@tak-ps/node-cot ] || [ ../../tests/cot-harness/package-lock.json -nt ../../tests/cot-harness/node_modules/.package-lock.json ]; then
  (cd ../../tests/cot-harness && npm ci --no-audit --no-fund --loglevel=error)
fi
# The console's script checks (tests/console-scripts: TypeScript for tsc over wwwroot/js, ConsoleScriptTests).
if [ ! -d ../../tests/console-scripts/node_modules/typescript ] || [ ../../tests/console-scripts/package-lock.json -nt ../../tests/console-scripts/node_modules/.package-lock.json ]; then
  (cd ../../tests/console-scripts && npm ci --no-audit --no-fund --loglevel=error)
fi
