#!/usr/bin/env bash
# A project-local Mosquitto broker for the MQTT integration tests and local runs (never the system service).
#
#   infra/mosquitto/mosquitto.sh start    idempotent; prints MQTT_URL=mqtt://127.0.0.1:<port> once it accepts connections
#   infra/mosquitto/mosquitto.sh stop [--wipe]  SIGTERM, SIGKILL after 10 s; --wipe also deletes the state directory
#   infra/mosquitto/mosquitto.sh status   exit 0 when running, 3 when not
#
# Environment: MQTT_PORT (11883), VIGIE_STATE_DIR (<repo>/.vigie), MOSQUITTO_BIN (mosquitto on PATH or /usr/sbin).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/process.sh
source "$SCRIPT_DIR/../lib/process.sh"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
STATE_DIR="${VIGIE_STATE_DIR:-$REPO_ROOT/.vigie}/infra/mosquitto"
PORT="${MQTT_PORT:-11883}"
HOST=127.0.0.1
CONF="$STATE_DIR/mosquitto.conf"
PID_FILE="$STATE_DIR/mosquitto.pid"
LOG_FILE="$STATE_DIR/mosquitto.log"

log() { echo "[mosquitto] $*" >&2; }

find_bin() {
  local bin
  for bin in "${MOSQUITTO_BIN:-}" "$(command -v mosquitto 2>/dev/null || true)" /usr/sbin/mosquitto; do
    [[ -n "$bin" && -x "$bin" ]] && { echo "$bin"; return 0; }
  done
  log "mosquitto not found: install it (Debian, as root: apt-get install -y mosquitto, then keep the system"
  log "service off: systemctl disable --now mosquitto) or set MOSQUITTO_BIN"
  exit 1
}

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  # A pid file left by a crash may name a recycled pid: check it is still our broker with our config.
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-c $CONF"; then
    echo "$pid"
    return 0
  fi
  return 1
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

cmd_start() {
  local bin pid
  bin="$(find_bin)"
  mkdir -p "$STATE_DIR"
  if pid="$(running_pid)"; then
    log "already running (pid $pid)"
  else
    port_open && { log "port $PORT is already taken by another process: set MQTT_PORT"; exit 1; }
    sed "s/@PORT@/$PORT/g" "$SCRIPT_DIR/mosquitto.conf.template" >"$CONF"
    nohup "$bin" -c "$CONF" >>"$LOG_FILE" 2>&1 &
    echo $! >"$PID_FILE"
    local i
    for i in $(seq 1 50); do
      port_open && break
      if ! launched_alive "$PID_FILE"; then log "exited at start; last lines of $LOG_FILE:"; tail -n 20 "$LOG_FILE" >&2; exit 1; fi
      (( i == 50 )) && { log "not listening on $HOST:$PORT after 10 s"; exit 1; }
      sleep 0.2
    done
    log "running (pid $(cat "$PID_FILE")), log $LOG_FILE"
  fi
  echo "MQTT_URL=mqtt://$HOST:$PORT"
}

cmd_stop() {
  local pid wipe=0
  [[ "${1:-}" == --wipe ]] && wipe=1
  if pid="$(running_pid)"; then
    terminate_pid "$pid" 10
    log "stopped"
  else
    log "not running"
  fi
  rm -f "$PID_FILE"
  # The broker keeps no data (persistence false): --wipe only removes the generated config and the log.
  if (( wipe )); then rm -rf "$STATE_DIR"; log "removed $STATE_DIR"; fi
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then echo "running (pid $pid) on $HOST:$PORT"; echo "MQTT_URL=mqtt://$HOST:$PORT"
  else echo "stopped"; exit 3; fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) shift; cmd_stop "$@" ;;
  status) cmd_status ;;
  *) echo "usage: $0 start | stop [--wipe] | status" >&2; exit 2 ;;
esac
