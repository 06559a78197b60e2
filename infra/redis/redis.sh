#!/usr/bin/env bash
# A real Redis for the distributed profile's cache and the integration tests: Debian's redis-server (7.0), started
# by hand on a loopback port with its own config and directory, never as the system service.
#
#   infra/redis/redis.sh start          start (or reuse), wait until it answers PING, print REDIS_URL
#   infra/redis/redis.sh status         exit 0 when running, 3 when not
#   infra/redis/redis.sh stop [--wipe]  SHUTDOWN (SIGTERM, SIGKILL after 10 s); --wipe also deletes the state directory
#
# Environment: REDIS_PORT (16379), VIGIE_STATE_DIR (<repo>/.vigie), REDIS_PERSIST (unset: a pure cache, nothing
# written to disk; 1: RDB snapshots + AOF in the state directory), REDIS_MAXMEMORY (256mb, LRU eviction beyond it),
# REDIS_START_TIMEOUT (15 seconds), REDIS_SERVER (redis-server on PATH, else /usr/bin/redis-server).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../lib/server.sh
source "$SCRIPT_DIR/../lib/server.sh"
STATE_DIR="$STATE_ROOT/infra/redis"
DATA_DIR="$STATE_DIR/data"
CONF_FILE="$STATE_DIR/redis.conf"
LOG_FILE="$STATE_DIR/redis.log"
PID_FILE="$STATE_DIR/redis.pid"
HOST=127.0.0.1
PORT="${REDIS_PORT:-16379}"
TIMEOUT="${REDIS_START_TIMEOUT:-15}"
MAXMEMORY="${REDIS_MAXMEMORY:-256mb}"
URL="redis://$HOST:$PORT"
# The server as infra/lib/server.sh runs it.
SERVER_PORTS=("$PORT:REDIS_PORT")
SERVER_LOGS=("$LOG_FILE")
SERVER_GRACE=10
SERVER_WIPE="$STATE_DIR"

log() { echo "[redis] $*" >&2; }

server_bin() {
  local bin="${REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}"
  [[ -x "$bin" ]] || { log "redis-server not found: apt-get install redis-server (Debian 12 ships 7.0)"; exit 1; }
  echo "$bin"
}

running_pid() { pid_running_as "$PID_FILE" redis-server; }

# RESP over bash's /dev/tcp: no redis-cli needed (Debian ships it in redis-tools, which a minimal host may lack).
answers_ping() {
  # A subshell, so the descriptor and the silenced stderr never leak into this shell.
  (
    exec 3<>"/dev/tcp/$HOST/$PORT" || exit 1
    printf 'PING\r\n' >&3
    IFS= read -r -t 2 reply <&3 && [[ "$reply" == "+PONG"* ]]
  ) 2>/dev/null
}

write_config() {
  mkdir -p "$DATA_DIR"
  local persistence='save ""
appendonly no'
  if [[ "${REDIS_PERSIST:-0}" == "1" ]]; then
    persistence='save 900 1 300 10 60 10000
appendonly yes
appendfsync everysec'
  fi
  # daemonize no + setsid below: we keep the pid ourselves rather than trusting a daemon's pid file.
  cat >"$CONF_FILE" <<CONF
bind $HOST
port $PORT
protected-mode yes
daemonize no
dir $DATA_DIR
logfile $LOG_FILE
$persistence
maxmemory $MAXMEMORY
maxmemory-policy allkeys-lru
lazyfree-lazy-user-del yes
CONF
}

wait_ready() { await_ready "$TIMEOUT" 0.1 redis-server "PONG on $HOST:$PORT" answers_ping; }

endpoint() { echo "REDIS_URL=$URL"; }

launch() {
  local bin version
  bin="$(server_bin)"
  write_config
  version="$("$bin" --version | cut -d' ' -f3)"
  log "starting redis-server ${version#v=} on $HOST:$PORT (persistence: ${REDIS_PERSIST:-0}, state $STATE_DIR)"
  # Running as root is fine: it listens on loopback only, and the state directory is ours.
  launch_detached "$LOG_FILE" "$bin" "$CONF_FILE"
}

server_main "$@"
