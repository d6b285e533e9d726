#!/usr/bin/env bash
# Installs (if missing) and starts PostgreSQL 15 + PostGIS 3, RabbitMQ and Redis on loopback, without systemd or Docker.
# Idempotent: a second run only checks that everything answers. Each step is how these servers start without systemd on Debian 12.
# Usage: ops/services.sh [start|stop|status]
set -euo pipefail

STATE_DIR="${MCOORD_STATE_DIR:-/var/tmp/maritimecoord}"
PG_PORT="${MCOORD_PG_PORT:-5432}"
RABBIT_PORT="${MCOORD_RABBIT_PORT:-5672}"
REDIS_PORT="${MCOORD_REDIS_PORT:-6379}"
DB_USER=maritime
DB_PASSWORD="${MCOORD_DB_PASSWORD:-maritime}"

log() { printf '[services] %s\n' "$*" >&2; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 1 100); do port_open "$1" && return 0; sleep 0.1; done; return 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

export RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$RABBIT_PORT" \
       RABBITMQ_DIST_PORT=25672 ERL_EPMD_ADDRESS=127.0.0.1 \
       RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"

install_missing() {
  local want=()
  dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1 || want+=(postgresql-15 postgresql-15-postgis-3 postgresql-client-15)
  dpkg -s rabbitmq-server >/dev/null 2>&1 || want+=(rabbitmq-server)
  dpkg -s redis-server >/dev/null 2>&1 || want+=(redis-server)
  [ "${MCOORD_WITH_CHROMIUM:-0}" = 1 ] && { dpkg -s chromium >/dev/null 2>&1 || want+=(chromium fonts-dejavu-core); }
  [ "${MCOORD_WITH_GDAL:-0}" = 1 ] && { dpkg -s gdal-bin >/dev/null 2>&1 || want+=(gdal-bin); }
  # ncgen and cdo write the drift forcing tests' NetCDF-4 and GRIB2 files (docs/drift.md).
  [ "${MCOORD_WITH_NETCDF:-0}" = 1 ] && { { dpkg -s netcdf-bin && dpkg -s cdo; } >/dev/null 2>&1 || want+=(netcdf-bin cdo); }
  # Podman builds and starts the container image of ops/Dockerfile (ops/container.sh; runc: crun refuses hybrid cgroups).
  [ "${MCOORD_WITH_PODMAN:-0}" = 1 ] && { { dpkg -s podman && dpkg -s runc; } >/dev/null 2>&1 || want+=(podman runc containernetworking-plugins); }
  # Postfix and Dovecot carry real mail for the e-mail intake tests (docs/intake.md).
  if [ "${MCOORD_WITH_MAIL:-0}" = 1 ] && ! { dpkg -s postfix && dpkg -s dovecot-imapd && dpkg -s dovecot-lmtpd; } >/dev/null 2>&1; then
    printf '%s\n' "postfix postfix/main_mailer_type select Local only" "postfix postfix/mailname string localhost" | as_root debconf-set-selections
    want+=(postfix dovecot-imapd dovecot-lmtpd)
  fi
  if [ ${#want[@]} -gt 0 ]; then
    log "installing: ${want[*]}"
    # Another process may hold the dpkg lock (apt on a busy machine): wait for it instead of failing.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${want[@]}" >/dev/null
  fi
}

# The test suite runs its classes in parallel, each with its own server host and connection pools: 100 connections
# (the default) ran out ("53300: sorry, too many clients already").
PG_MAX_CONNECTIONS="${MCOORD_PG_MAX_CONNECTIONS:-500}"

start_postgres() {
  if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
    log "postgresql already up on 127.0.0.1:$PG_PORT"
    local current; current=$(cd / && as_root runuser -u postgres -- psql -p "$PG_PORT" -qtAc "SHOW max_connections" 2>/dev/null || echo 0)
    if [ "${current:-0}" -lt "$PG_MAX_CONNECTIONS" ]; then
      log "restarting postgresql for max_connections=$PG_MAX_CONNECTIONS (was $current)"
      (cd / && as_root runuser -u postgres -- psql -p "$PG_PORT" -qc "ALTER SYSTEM SET max_connections = $PG_MAX_CONNECTIONS" >/dev/null)
      as_root pg_ctlcluster 15 main restart -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT" || true
      for _ in $(seq 1 150); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.2; done
    fi
  else
    local cluster; cluster=$(pg_lsclusters -h 2>/dev/null | awk '$1==15{print $2; exit}')
    if [ -z "$cluster" ]; then as_root pg_createcluster 15 main -p "$PG_PORT" >/dev/null; cluster=main; fi
    as_root pg_ctlcluster 15 "$cluster" start -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c max_connections=$PG_MAX_CONNECTIONS" || true
    for _ in $(seq 1 150); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.2; done
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || { log "postgresql did not start; see /var/log/postgresql/"; exit 1; }
    log "postgresql started on 127.0.0.1:$PG_PORT"
  fi
  # runuser needs a readable cwd (it runs as postgres).
  (cd / && as_root runuser -u postgres -- psql -p "$PG_PORT" -qtAc "SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'" | grep -q 1) ||
    (cd / && as_root runuser -u postgres -- psql -p "$PG_PORT" -qc "CREATE ROLE $DB_USER LOGIN SUPERUSER PASSWORD '$DB_PASSWORD'")
  # PostGIS is not a trusted extension: put it in template1 so every database the app or the tests create has it.
  (cd / && as_root runuser -u postgres -- env PGOPTIONS='-c client_min_messages=warning' psql -p "$PG_PORT" -d template1 -qc 'CREATE EXTENSION IF NOT EXISTS postgis' >/dev/null)
}

start_rabbitmq() {
  if rabbitmqctl -q -n rabbit@localhost await_startup --timeout 2 >/dev/null 2>&1; then log "rabbitmq already up on 127.0.0.1:$RABBIT_PORT"; return; fi
  mkdir -p "$STATE_DIR"
  setsid nohup rabbitmq-server >"$STATE_DIR/rabbitmq.log" 2>&1 </dev/null &
  # await_startup fails at once until the node has registered with epmd, so loop on it.
  for _ in $(seq 1 90); do rabbitmqctl -q -n rabbit@localhost await_startup --timeout 60 >/dev/null 2>&1 && break; sleep 1; done
  rabbitmqctl -q -n rabbit@localhost await_startup --timeout 5 >/dev/null 2>&1 || { log "rabbitmq did not start; see $STATE_DIR/rabbitmq.log"; exit 1; }
  log "rabbitmq started on 127.0.0.1:$RABBIT_PORT"
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then log "redis already up on 127.0.0.1:$REDIS_PORT"; return; fi
  mkdir -p "$STATE_DIR/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --dir "$STATE_DIR/redis" --logfile "$STATE_DIR/redis/redis.log"
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  log "redis started on 127.0.0.1:$REDIS_PORT"
}

MAIL_DIR="$STATE_DIR/mail"
SMTP_PORT="${MCOORD_SMTP_PORT:-25}"
IMAP_PORT="${MCOORD_IMAP_PORT:-1143}"
LMTP_PORT="${MCOORD_LMTP_PORT:-2424}"

# Test mail on loopback only: every <name>@mcoord.test is a mailbox (a Maildir under $MAIL_DIR), password "mcoord";
# Postfix hands mail for mcoord.test to Dovecot over LMTP, which creates the mailbox on first delivery.
# Postfix's own configuration is edited in place (postconf -e), as PostgreSQL's is; Dovecot runs from its own file.
start_mail() {
  [ "${MCOORD_WITH_MAIL:-0}" = 1 ] || return 0
  as_root mkdir -p "$MAIL_DIR" "$STATE_DIR/dovecot"
  as_root chown mail:mail "$MAIL_DIR"
  as_root postconf -e "inet_interfaces = loopback-only" "inet_protocols = ipv4" "mydestination = localhost" "mynetworks = 127.0.0.0/8" \
    "virtual_mailbox_domains = mcoord.test" "virtual_mailbox_maps = static:any" "virtual_transport = lmtp:inet:127.0.0.1:$LMTP_PORT" \
    "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination" \
    "message_size_limit = 10240000" "maillog_file = $STATE_DIR/postfix.log"
  [ "$SMTP_PORT" = 25 ] || as_root postconf -M "$SMTP_PORT/inet=$SMTP_PORT inet n - y - - smtpd"
  if as_root postfix status >/dev/null 2>&1; then as_root postfix reload >/dev/null 2>&1; log "postfix already up (reloaded)"
  else as_root postfix start >/dev/null 2>&1 || true; fi
  wait_port "$SMTP_PORT" || { log "postfix is not listening on 127.0.0.1:$SMTP_PORT; see $STATE_DIR/postfix.log"; tail -20 "$STATE_DIR/postfix.log" >&2 2>/dev/null; exit 1; }
  log "postfix up on 127.0.0.1:$SMTP_PORT"
  cat <<CONF | as_root tee "$STATE_DIR/dovecot.conf" >/dev/null
protocols = imap lmtp
postmaster_address = postmaster@mcoord.test
listen = 127.0.0.1
base_dir = $STATE_DIR/dovecot/
log_path = $STATE_DIR/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = $(id -u mail)
mail_location = maildir:$MAIL_DIR/%d/%n
passdb {
  driver = static
  args = password=mcoord
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$MAIL_DIR/%d/%n allow_all_users=yes
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $LMTP_PORT
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
CONF
  # A Dovecot that answers is reloaded; anything else (a socket left by a machine restart, a half-dead master) is
  # stopped and started afresh, and the start counts only once both listeners answer.
  if port_open "$IMAP_PORT" && port_open "$LMTP_PORT"; then
    as_root doveadm -c "$STATE_DIR/dovecot.conf" reload >/dev/null 2>&1 || true; log "dovecot already up on 127.0.0.1:$IMAP_PORT"
    return 0
  fi
  as_root doveadm -c "$STATE_DIR/dovecot.conf" stop >/dev/null 2>&1 || true
  as_root pkill -f "dovecot -c $STATE_DIR/dovecot.conf" >/dev/null 2>&1 || true
  as_root rm -rf "$STATE_DIR/dovecot" && as_root mkdir -p "$STATE_DIR/dovecot"
  as_root dovecot -c "$STATE_DIR/dovecot.conf" || true
  { wait_port "$IMAP_PORT" && wait_port "$LMTP_PORT"; } ||
    { log "dovecot is not listening on 127.0.0.1:$IMAP_PORT/$LMTP_PORT; see $STATE_DIR/dovecot.log"; tail -20 "$STATE_DIR/dovecot.log" >&2 2>/dev/null; exit 1; }
  log "dovecot started on 127.0.0.1:$IMAP_PORT (LMTP $LMTP_PORT)"
}

case "${1:-start}" in
  start) install_missing; start_postgres; start_rabbitmq; start_redis; start_mail ;;
  stop)
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    rabbitmqctl -q -n rabbit@localhost stop >/dev/null 2>&1 || true
    as_root pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
    as_root postfix stop >/dev/null 2>&1 || true
    [ -f "$STATE_DIR/dovecot.conf" ] && { as_root doveadm -c "$STATE_DIR/dovecot.conf" stop >/dev/null 2>&1 || true; } ;;
  status)
    pg_isready -h 127.0.0.1 -p "$PG_PORT" || true
    rabbitmqctl -q -n rabbit@localhost await_startup --timeout 2 >/dev/null 2>&1 && echo "rabbitmq: up" || echo "rabbitmq: down"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null || echo "redis: down" ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac
