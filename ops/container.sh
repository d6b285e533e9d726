#!/usr/bin/env bash
# The container image of ops/Dockerfile, built and started without a container registry (docs/operations.md,
# "The container image"). Docker users build it from the official .NET images with `docker compose up --build`; the
# development machines and CI reach no registry, so here:
#   base  an ASP.NET Core runtime image (the layout of mcr.microsoft.com/dotnet/aspnet:10.0) from Debian 12 packages
#         (apt-get download: libc, libstdc++, OpenSSL, zlib, tzdata, busybox for /bin/sh) and this machine's .NET runtime
#   build the server and mcoord published on this machine into artifacts/container, then ops/Dockerfile with
#         APP_FROM=prebuilt on that base (podman build; the Dockerfile's own SDK and Node stages are skipped)
#   test  build, then start the image against the loopback PostgreSQL (host network) on a fresh database, wait for
#         /health/ready and the image's HEALTHCHECK, and check the image holds no development keys, samples or load tools
# Needs podman (MCOORD_WITH_PODMAN=1 ops/services.sh installs it) and the services of ops/services.sh; runs as root.
# Usage: ops/container.sh base|build|test
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BASE_IMAGE="${MCOORD_BASE_IMAGE:-localhost/maritimecoord-aspnet:10.0}"
IMAGE="${MCOORD_IMAGE:-localhost/maritimecoord-server:local}"
ART="$ROOT/artifacts/container"
log() { printf '[container] %s\n' "$*" >&2; }

# Podman's defaults for this sandbox-like machine (a container or VM without CAP_SYS_RESOURCE, cgroup v1/v2 hybrid):
# runc, since crun refuses hybrid cgroups ("cgroups in hybrid mode not supported"), and resource limits no higher than
# this shell's, since raising them fails ("setrlimit RLIMIT_NOFILE: Operation not permitted"; RLIMIT_NPROC was
# refused above 32768 here even under the hard limit). A machine with its own containers.conf keeps it.
if [ -z "${CONTAINERS_CONF:-}" ] && [ ! -e /etc/containers/containers.conf ]; then
  CONTAINERS_CONF="$(mktemp /tmp/mcoord-containers.XXXX.conf)"
  nproc_limit=$(ulimit -Hu); [ "$nproc_limit" = unlimited ] || [ "$nproc_limit" -gt 32768 ] && nproc_limit=32768
  cat > "$CONTAINERS_CONF" <<CONF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=$nproc_limit:$nproc_limit"]
[engine]
runtime = "runc"
CONF
  export CONTAINERS_CONF
fi

base() {
  if podman image exists "$BASE_IMAGE"; then log "base image $BASE_IMAGE exists"; return; fi
  local dotnet_root runtime work rootfs
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  runtime="$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" { v = $2 } END { print v }')"
  [ -n "$runtime" ] || { log "no ASP.NET Core runtime on this machine"; exit 1; }
  work="$(mktemp -d /var/tmp/mcoord-base.XXXX)"; rootfs="$work/rootfs"; chmod 755 "$work"   # apt downloads as _apt
  trap 'rm -rf "$work"' RETURN
  # What the .NET runtime loads on Linux (ICU is not needed: InvariantGlobalization), and a shell for compose's
  # one-line services; apt-get download takes them from the configured Debian mirror, without installing them here.
  (cd "$work" && apt-get download -q libc6 libgcc-s1 libstdc++6 libssl3 zlib1g tzdata busybox >/dev/null)
  for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
  mkdir -p "$rootfs"/{bin,etc/ssl/certs,tmp,usr/share/dotnet/shared,usr/bin,home/app}
  chmod 1777 "$rootfs/tmp"
  for tool in sh sleep cat ls env id wget mkdir chown; do ln -sf busybox "$rootfs/bin/$tool"; done
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
  # The user of the official images (uid 1654), so `USER app` means the same in both.
  printf 'root:x:0:0:root:/root:/bin/sh\napp:x:1654:1654:app:/home/app:/bin/sh\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\napp:x:1654:\n' > "$rootfs/etc/group"
  chown 1654:1654 "$rootfs/home/app"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$rootfs/usr/share/dotnet/"
  cp -a "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$rootfs/usr/share/dotnet/" 2>/dev/null || true
  for fw in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    mkdir -p "$rootfs/usr/share/dotnet/shared/$fw"; cp -a "$dotnet_root/shared/$fw/$runtime" "$rootfs/usr/share/dotnet/shared/$fw/"
  done
  ln -sf /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
  ldconfig -r "$rootfs"
  tar -C "$rootfs" -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV APP_UID=1654' --change 'ENV ASPNETCORE_HTTP_PORTS=8080' --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' \
    --change "ENV DOTNET_VERSION=$runtime" --change "ENV ASPNET_VERSION=$runtime" \
    - "$BASE_IMAGE" >/dev/null
  log "base image $BASE_IMAGE: Debian 12 libraries + ASP.NET Core $runtime ($(podman image inspect -f '{{.Size}}' "$BASE_IMAGE") bytes)"
}

build() {
  base
  "$ROOT/ops/web-deps.sh" >/dev/null
  rm -rf "$ART"; mkdir -p "$ART"
  # The Dockerfile's build stage, on this machine: framework-dependent Release builds of the server and of mcoord.
  dotnet publish "$ROOT/src/MaritimeCoord.Server/MaritimeCoord.Server.csproj" -c Release -o "$ART/app" -nologo -v q
  dotnet publish "$ROOT/src/MaritimeCoord.Cli/MaritimeCoord.Cli.csproj" -c Release -o "$ART/app/cli" -nologo -v q
  # --format docker keeps HEALTHCHECK (the OCI image format has no field for it).
  podman build --format docker -f "$ROOT/ops/Dockerfile" --build-arg APP_FROM=prebuilt --build-arg RUNTIME_IMAGE="$BASE_IMAGE" \
    -t "$IMAGE" "$ROOT" >&2
  log "image $IMAGE ($(podman image inspect -f '{{.Size}}' "$IMAGE") bytes)"
}

test_image() {
  local started; started=$(date +%s)
  build
  db="mcoord_container_$$" port="${MCOORD_CONTAINER_PORT:-$((5900 + RANDOM % 90))}" name="mcoord-container-$$"
  export PGPASSWORD=maritime
  psql -X -q -h 127.0.0.1 -U maritime -d postgres -c "CREATE DATABASE $db"
  trap 'podman rm -f "$name" >/dev/null 2>&1 || true; psql -X -q -h 127.0.0.1 -U maritime -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true' EXIT
  # Production settings: no --demo, an empty database, a fresh key ring in the image's volume, a random signing key.
  podman run -d --name "$name" --network host \
    -e ConnectionStrings__Maritime="Host=127.0.0.1;Port=5432;Database=$db;Username=maritime;Password=maritime" \
    -e ASPNETCORE_HTTP_PORTS="$port" -e Auth__SigningKey="$(head -c 48 /dev/urandom | base64 -w0)" \
    -e Server__Ingest=false "$IMAGE" >/dev/null
  local ready=""
  for _ in $(seq 1 240); do
    if curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null; then ready=1; break; fi
    [ "$(podman inspect -f '{{.State.Running}}' "$name")" = true ] || break
    sleep 0.5
  done
  [ -n "$ready" ] || { podman logs "$name" | tail -40; log "FAIL: the server in the container did not become ready"; exit 1; }
  log "ready: GET /health/ready = $(curl -fs "http://127.0.0.1:$port/health/ready") after $(( $(date +%s) - started )) s (incl. build)"
  podman exec "$name" sh -c "wget -q -O /dev/null http://127.0.0.1:$port/health/ready" \
    || { log "FAIL: /health/ready from inside the container"; exit 1; }
  podman healthcheck run "$name" || { log "FAIL: the image's HEALTHCHECK"; exit 1; }
  log "HEALTHCHECK passed"
  # The server migrated the empty database and asks for reference data instead of loading samples.
  [ "$(psql -X -q -h 127.0.0.1 -U maritime -d "$db" -Atc "SELECT count(*) FROM sar_regions")" = 0 ] \
    || { log "FAIL: the production image loaded SAR regions into an empty database"; exit 1; }

  local files; files="$(mktemp)"
  podman export "$name" | tar -t > "$files"
  local failed=0
  check_absent() { # check_absent WHAT REGEX
    if grep -E "$2" "$files" >/dev/null; then log "FAIL: image contains $1: $(grep -E "$2" "$files" | head -3 | tr '\n' ' ')"; failed=1
    else log "ok: no $1"; fi
  }
  check_absent "sample data" '(^|/)samples/'
  check_absent "development keys (ops/.state, key rings, signing keys, certificates)" '(\.state/|personal-data-keys/.+|signing-key|\.pfx$|\.pem$|key-ring)'
  check_absent "load or seed tools" '(mcoord-dev|MaritimeCoord\.DevTools|/Load/)'
  check_absent "test assemblies" '(\.Tests\.dll|IntegrationTests|BrowserTests|FaultTests|xunit)'
  grep -qx 'app/MaritimeCoord.Server.dll' "$files" && grep -qx 'app/cli/mcoord.dll' "$files" \
    || { log "FAIL: server or mcoord missing from /app"; failed=1; }
  # No load or seed command in the shipped CLI, and no sample path in the image's configuration.
  if podman run --rm --entrypoint dotnet "$IMAGE" /app/cli/mcoord.dll --help | grep -E '^\s+load\b'; then
    log "FAIL: mcoord in the image has a load command"; failed=1; else log "ok: mcoord has no load command"; fi
  if podman image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$IMAGE" | grep -E '^Samples__|ops/\.state'; then
    log "FAIL: image environment names samples or ops/.state"; failed=1; else log "ok: image environment names no samples"; fi
  podman exec "$name" sh -c 'test -w /var/lib/maritimecoord/personal-data-keys' \
    || { log "FAIL: the key ring directory is not writable by the server's user"; failed=1; }
  rm -f "$files"
  [ "$failed" = 0 ] || exit 1
  log "PASS in $(( $(date +%s) - started )) s"
}

case "${1:-test}" in
  base) base ;;
  build) build ;;
  test) test_image ;;
  *) echo "usage: $0 base|build|test" >&2; exit 2 ;;
esac
