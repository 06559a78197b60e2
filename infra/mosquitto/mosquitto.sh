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
# shellcheck source=SCRIPTDIR/../lib/server.sh
source "$SCRIPT_DIR/../lib/server.sh"
STATE_DIR="$STATE_ROOT/infra/mosquitto"
PORT="${MQTT_PORT:-11883}"
HOST=127.0.0.1
CONF="$STATE_DIR/mosquitto.conf"
PID_FILE="$STATE_DIR/mosquitto.pid"
LOG_FILE="$STATE_DIR/mosquitto.log"
# The broker as infra/lib/server.sh runs it. It keeps no data (persistence false): --wipe only removes the generated
# config and the log.
SERVER_PORTS=("$PORT:MQTT_PORT")
SERVER_LOGS=("$LOG_FILE")
SERVER_GRACE=10
SERVER_WIPE="$STATE_DIR"

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

# Our broker is the one reading our config: a recycled pid, or a broker of another state directory, is not.
running_pid() { pid_running_as "$PID_FILE" "-c $CONF"; }

wait_ready() { await_ready 10 0.2 mosquitto "listener on $HOST:$PORT" tcp_open "$HOST" "$PORT"; }

endpoint() { echo "MQTT_URL=mqtt://$HOST:$PORT"; }

launch() {
  local bin
  bin="$(find_bin)"
  mkdir -p "$STATE_DIR"
  sed "s/@PORT@/$PORT/g" "$SCRIPT_DIR/mosquitto.conf.template" >"$CONF"
  log "starting $bin on $HOST:$PORT (log $LOG_FILE)"
  launch_detached "$LOG_FILE" "$bin" -c "$CONF"
}

server_main "$@"
