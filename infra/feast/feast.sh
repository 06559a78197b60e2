#!/usr/bin/env bash
# A real Feast feature server for the distributed profile's feature store and the integration tests: Feast from PyPI
# in a virtualenv of its own, serving the feature repository infra/feast/feature_repo (local provider, SQLite online
# store and registry, file offline store) from a copy in the state directory, on a loopback port.
#
#   infra/feast/feast.sh start          install Feast once, `feast apply`, `feast serve`, wait for /health, print FEAST_URL
#   infra/feast/feast.sh status         exit 0 when running, 3 when not
#   infra/feast/feast.sh stop [--wipe]  SIGTERM (SIGKILL after 20 s); --wipe also deletes the state directory
#
# Environment: FEAST_PORT (16566), VIGIE_STATE_DIR (<repo>/.vigie), VIGIE_FEAST_VENV (~/.cache/vigie/venvs/feast),
# VIGIE_PYTHON (python3: builds the virtualenv), FEAST_START_TIMEOUT (120 seconds, install excluded).
#
# The virtualenv is built from infra/feast/requirements.txt (feast and every dependency pinned) and rebuilt only when
# that file changes: the first start downloads about 60 packages (about a minute here), later ones reuse it.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../lib/server.sh
source "$SCRIPT_DIR/../lib/server.sh"
STATE_DIR="$STATE_ROOT/infra/feast"
FEATURE_REPO="$STATE_DIR/feature_repo"
LOG_FILE="$STATE_DIR/feast.log"
PID_FILE="$STATE_DIR/feast.pid"
VENV="${VIGIE_FEAST_VENV:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/vigie/venvs/feast}"
REQUIREMENTS="$SCRIPT_DIR/requirements.txt"
PYTHON="${VIGIE_PYTHON:-python3}"
HOST=127.0.0.1
PORT="${FEAST_PORT:-16566}"
TIMEOUT="${FEAST_START_TIMEOUT:-120}"
URL="http://$HOST:$PORT"
# The server as infra/lib/server.sh runs it.
SERVER_PORTS=("$PORT:FEAST_PORT")
SERVER_LOGS=("$LOG_FILE")
SERVER_GRACE=20
SERVER_WIPE="$STATE_DIR"
# No usage telemetry (there is no network to send it to anyway); a gunicorn control socket per state directory rather
# than one per user ($HOME/.gunicorn/gunicorn.ctl), so two servers never fight over it.
export FEAST_USAGE=False XDG_RUNTIME_DIR="$STATE_DIR/run" PYTHONUNBUFFERED=1

log() { echo "[feast] $*" >&2; }

running_pid() { pid_running_as "$PID_FILE" feast; }

# GET /health over bash's /dev/tcp (no curl needed): 200 once the registry is loaded.
answers_health() {
  (
    exec 3<>"/dev/tcp/$HOST/$PORT" || exit 1
    printf 'GET /health HTTP/1.0\r\nHost: %s:%s\r\n\r\n' "$HOST" "$PORT" >&3
    IFS= read -r -t 5 status <&3 && [[ "$status" == "HTTP/1."?" 200"* ]]
  ) 2>/dev/null
}

requirements_hash() { sha256sum "$REQUIREMENTS" | cut -c1-64; }

# Builds the virtualenv unless it was built from this very requirements file; a lock keeps two starts from building
# it at once, and the marker is written last, so an interrupted build is redone rather than trusted.
ensure_venv() {
  local marker="$VENV/.vigie-requirements-sha256" want
  want="$(requirements_hash)"
  mkdir -p "$(dirname "$VENV")"
  exec 9>"$VENV.lock"
  flock 9
  if [[ -x "$VENV/bin/feast" && -f "$marker" && "$(cat "$marker")" == "$want" ]]; then
    exec 9>&-
    return 0
  fi
  if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    log "$PYTHON cannot create a virtualenv: on Debian, apt-get install python3-venv (or set VIGIE_PYTHON)"
    exit 1
  fi
  log "installing Feast into $VENV ($("$PYTHON" --version 2>&1), $(grep -m1 '^feast==' "$REQUIREMENTS"))"
  local started=$SECONDS
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$REQUIREMENTS" >&2
  echo "$want" >"$marker"
  log "installed in $((SECONDS - started)) s"
  exec 9>&-
}

# A fresh copy of the definitions at each start (so an edited features.py is applied), next to the data they describe.
prepare_repo() {
  mkdir -p "$FEATURE_REPO/data" "$XDG_RUNTIME_DIR"
  cp "$SCRIPT_DIR/feature_repo/feature_store.yaml" "$SCRIPT_DIR/feature_repo/features.py" "$FEATURE_REPO/"
  if [[ ! -f "$FEATURE_REPO/data/sensor_windows.parquet" ]]; then
    PYTHONPATH="$FEATURE_REPO" "$VENV/bin/python" "$SCRIPT_DIR/create_offline_file.py" "$FEATURE_REPO/data/sensor_windows.parquet"
  fi
  log "feast apply ($FEATURE_REPO)"
  "$VENV/bin/feast" -c "$FEATURE_REPO" apply >>"$LOG_FILE" 2>&1 || fail_with_logs "feast apply failed"
}

wait_ready() { await_ready "$TIMEOUT" 0.2 "feast serve" "answer on $URL/health" answers_health; }

endpoint() { echo "FEAST_URL=$URL"; }

launch() {
  ensure_venv
  prepare_repo
  log "starting feast serve on $HOST:$PORT (state $STATE_DIR)"
  # One worker: the SQLite online store and the offline Parquet file are written by one process. --max-requests 0:
  # gunicorn's default recycles the worker every 1,000 requests, a pause in the middle of a test run.
  launch_detached "$LOG_FILE" "$VENV/bin/feast" -c "$FEATURE_REPO" serve -h "$HOST" -p "$PORT" -w 1 --max-requests 0 --no-access-log
}

server_main "$@"
