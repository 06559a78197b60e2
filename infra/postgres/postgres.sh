#!/usr/bin/env bash
# Runs a project-local PostgreSQL 15 server for tests and the distributed profile.
#
#   infra/postgres/postgres.sh start          initialise once, start, wait until ready, print DATABASE_URL
#   infra/postgres/postgres.sh stop [--wipe]  fast shutdown; --wipe also deletes the data directory
#   infra/postgres/postgres.sh status         exit 0 when running, 3 when stopped
#
# Environment: PGPORT_VIGIE (default 15432), VIGIE_STATE_DIR (default <repo>/.vigie),
# VIGIE_PG_FAST=1 (fsync/synchronous_commit off: faster CI, a crash can lose or corrupt data),
# VIGIE_PG_BINDIR (use these server binaries instead of searching /usr/lib/postgresql).
#
# The server listens on 127.0.0.1 only. Administration goes through a Unix socket in a 0700 directory
# owned by the server's OS user, so `trust` there admits nobody else; TCP clients need a password.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Only ports_free, poll_until and fail_with_logs from there: pg_ctl runs the server (its own pid file, start-up wait
# and shutdown modes), so this script keeps its own start, stop and status rather than server_main's.
# shellcheck source=SCRIPTDIR/../lib/server.sh
source "$SCRIPT_DIR/../lib/server.sh"
PORT="${PGPORT_VIGIE:-15432}"
HOST=127.0.0.1
SERVER_PORTS=("$PORT:PGPORT_VIGIE")  # what ports_free checks
STATE_DIR="$STATE_ROOT"
# Keyed by the state directory (the repository's by default) so two checkouts never share a cluster.
HASH="$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-12)"
SOCKET_DIR="/tmp/vigie-pg-$HASH-$PORT"
DATABASE_URL="postgres://vigie:vigie@127.0.0.1:$PORT/vigie"
IS_ROOT=0; [[ "$(id -u)" == 0 ]] && IS_ROOT=1

log() { echo "postgres.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# Runs a command as the OS user that owns the cluster: initdb and postgres refuse to run as root.
as_server() {
  if (( IS_ROOT )); then
    if command -v runuser >/dev/null; then runuser -u postgres -- "$@"
    else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else "$@"; fi
}

find_bindir() {
  local dir
  for dir in "${VIGIE_PG_BINDIR:-}" /usr/lib/postgresql/15/bin $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
    [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && { echo "$dir"; return 0; }
  done
  return 1
}

ensure_binaries() {
  if BINDIR="$(find_bindir)"; then return; fi
  (( IS_ROOT )) || die "PostgreSQL server binaries not found. Install them (as root: apt-get install -y postgresql-15) or set VIGIE_PG_BINDIR."
  log "PostgreSQL server not installed; installing postgresql-15 with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql-15 >&2 || apt-get install -y -qq postgresql >&2 \
    || die "apt-get could not install postgresql-15 or postgresql"
  BINDIR="$(find_bindir)" || die "installed PostgreSQL but found no initdb under /usr/lib/postgresql/*/bin"
  [[ "$BINDIR" == */15/bin ]] || log "using $BINDIR (PostgreSQL 15 was not available)"
}

ensure_server_user() {
  (( IS_ROOT )) || return 0
  id postgres >/dev/null 2>&1 && return 0
  log "creating system user postgres"
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/sh postgres
}

# Chooses where the cluster lives. As root the server runs as `postgres`, which cannot enter a repository
# under a private home (e.g. /root); then the cluster goes to /var/tmp, keyed by the state directory's path.
resolve_paths() {
  local base="$STATE_DIR/infra"
  if (( IS_ROOT )); then
    mkdir -p "$base"
    if ! as_server test -x "$base" -a -r "$base"; then
      base="/var/tmp/vigie-postgres-$HASH"
      log "user postgres cannot traverse $STATE_DIR; using $base for the data directory"
    fi
  fi
  mkdir -p "$base"
  DATA_DIR="$base/postgres"
  LOG_FILE="$base/postgres.log"
  SERVER_LOGS=("$LOG_FILE")
}

is_running() { [[ -f "$DATA_DIR/PG_VERSION" ]] && as_server "$BINDIR/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; }

init_cluster() {
  [[ -f "$DATA_DIR/PG_VERSION" ]] && return 0
  log "initialising $DATA_DIR"
  mkdir -p "$DATA_DIR"; chmod 700 "$DATA_DIR"
  (( IS_ROOT )) && chown postgres:postgres "$DATA_DIR"
  as_server "$BINDIR/initdb" -D "$DATA_DIR" -U postgres -E UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >>"$LOG_FILE" 2>&1 || fail_with_logs "initdb failed"
  echo "include_if_exists = 'vigie.conf'" | as_server tee -a "$DATA_DIR/postgresql.conf" >/dev/null
}

# Rewritten on every start so that PGPORT_VIGIE and VIGIE_PG_FAST take effect on the next start.
write_settings() {
  local durable=on
  [[ "${VIGIE_PG_FAST:-0}" == 1 ]] && durable=off
  as_server tee "$DATA_DIR/vigie.conf" >/dev/null <<EOF
# Written by infra/postgres/postgres.sh at each start; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKET_DIR'
max_connections = 200
shared_buffers = 128MB
fsync = $durable
synchronous_commit = $durable
full_page_writes = $durable
EOF
}

psql_admin() { as_server "$BINDIR/psql" -h "$SOCKET_DIR" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt; }

ensure_role_and_database() {
  psql_admin >/dev/null <<'SQL' || fail_with_logs "could not create role/database vigie"
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vigie') THEN CREATE ROLE vigie LOGIN CREATEDB PASSWORD 'vigie'; END IF;
  ALTER ROLE vigie CREATEDB;
END $$;
SELECT 'CREATE DATABASE vigie OWNER vigie' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'vigie') \gexec
SQL
}

cmd_start() {
  ensure_binaries; ensure_server_user; resolve_paths
  touch "$LOG_FILE"; (( IS_ROOT )) && chown postgres:postgres "$LOG_FILE"
  init_cluster
  if ! is_running; then
    ports_free
    write_settings
    mkdir -p "$SOCKET_DIR"; chmod 700 "$SOCKET_DIR"; (( IS_ROOT )) && chown postgres:postgres "$SOCKET_DIR"
    as_server "$BINDIR/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 start >/dev/null || fail_with_logs "server did not start"
  fi
  poll_until 30 0.5 "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" || fail_with_logs "server not ready on 127.0.0.1:$PORT after 30 s"
  ensure_role_and_database
  log "running: data $DATA_DIR, log $LOG_FILE"
  echo "DATABASE_URL=$DATABASE_URL"
}

cmd_stop() {
  local wipe=0; [[ "${1:-}" == --wipe ]] && wipe=1
  BINDIR="$(find_bindir)" || { (( wipe )) || die "PostgreSQL binaries not found; nothing to stop"; }
  resolve_paths
  if [[ -n "${BINDIR:-}" ]] && is_running; then
    as_server "$BINDIR/pg_ctl" -D "$DATA_DIR" -m fast -w -t 60 stop >/dev/null || fail_with_logs "pg_ctl stop failed"
    log "stopped"
  else
    log "not running"
  fi
  if (( wipe )); then rm -rf "$DATA_DIR" "$SOCKET_DIR"; log "removed $DATA_DIR"; fi
}

cmd_status() {
  BINDIR="$(find_bindir)" || { echo "stopped (PostgreSQL not installed)"; exit 3; }
  resolve_paths
  if is_running; then echo "running on 127.0.0.1:$PORT (data $DATA_DIR)"; echo "DATABASE_URL=$DATABASE_URL"
  else echo "stopped (data $DATA_DIR)"; exit 3; fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) shift; cmd_stop "$@" ;;
  status) cmd_status ;;
  *) echo "usage: $0 start | stop [--wipe] | status" >&2; exit 2 ;;
esac
