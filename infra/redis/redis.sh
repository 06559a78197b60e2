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
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
# shellcheck source=../lib/process.sh
source "$SCRIPT_DIR/../lib/process.sh"
STATE_DIR="${VIGIE_STATE_DIR:-$REPO_ROOT/.vigie}/infra/redis"
DATA_DIR="$STATE_DIR/data"
CONF_FILE="$STATE_DIR/redis.conf"
LOG_FILE="$STATE_DIR/redis.log"
PID_FILE="$STATE_DIR/redis.pid"
HOST=127.0.0.1
PORT="${REDIS_PORT:-16379}"
TIMEOUT="${REDIS_START_TIMEOUT:-15}"
MAXMEMORY="${REDIS_MAXMEMORY:-256mb}"
URL="redis://$HOST:$PORT"

log() { echo "[redis] $*" >&2; }

server_bin() {
  local bin="${REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}"
  [[ -x "$bin" ]] || { log "redis-server not found: apt-get install redis-server (Debian 12 ships 7.0)"; exit 1; }
  echo "$bin"
}

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  # A pid file left by a crash may name a recycled pid: check that it is still a redis-server.
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

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

wait_ready() {
  local deadline=$((SECONDS + TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! launched_alive "$PID_FILE"; then
      log "redis-server exited during start-up; last lines of $LOG_FILE:"
      tail -n 30 "$LOG_FILE" >&2 || true
      exit 1
    fi
    if answers_ping; then
      echo "REDIS_URL=$URL"
      return 0
    fi
    sleep 0.1
  done
  log "no PONG on $HOST:$PORT after ${TIMEOUT}s; last lines of $LOG_FILE:"
  tail -n 30 "$LOG_FILE" >&2 || true
  exit 1
}

start() {
  if running_pid >/dev/null; then
    log "already running (pid $(running_pid))"
    wait_ready
    return 0
  fi
  rm -f "$PID_FILE"
  if port_open; then
    log "port $PORT is taken by another process; set REDIS_PORT"
    exit 1
  fi
  local bin
  bin="$(server_bin)"
  write_config
  local version
  version="$("$bin" --version | cut -d' ' -f3)"
  log "starting redis-server ${version#v=} on $HOST:$PORT (persistence: ${REDIS_PERSIST:-0}, state $STATE_DIR)"
  # setsid: the server must outlive the shell (and the test runner) that started it. Running as root is fine: it
  # listens on loopback only, and the state directory is ours.
  setsid "$bin" "$CONF_FILE" </dev/null >>"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  wait_ready
}

stop() {
  local wipe=""
  [[ "${1:-}" == "--wipe" ]] && wipe="$STATE_DIR"
  stop_server 10 "$PID_FILE" "$wipe"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "${1:-}" ;;
  status) if pid="$(running_pid)"; then log "running (pid $pid) on $URL"; exit 0; else log "not running"; exit 3; fi ;;
  *) echo "usage: $0 start|status|stop [--wipe]" >&2; exit 2 ;;
esac
