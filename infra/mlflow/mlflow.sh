#!/usr/bin/env bash
# A real MLflow tracking server and model registry for the model-registry port's integration tests (and, later, the
# distributed profile): MLflow from PyPI in a virtualenv of its own, SQLite backend store, artifacts proxied by the
# server into a local directory (`mlflow-artifacts:` URIs), on a loopback port.
#
#   infra/mlflow/mlflow.sh start          install once (cached), start, wait until /health answers, print MLFLOW_URL
#   infra/mlflow/mlflow.sh install        only create (or reuse) the virtualenv; prints its path
#   infra/mlflow/mlflow.sh status         exit 0 when running, 3 when not
#   infra/mlflow/mlflow.sh stop [--wipe]  SIGTERM to the server's process group, SIGKILL after 15 s; --wipe also
#                                         deletes the state directory (backend store and artifacts)
#
# Environment: MLFLOW_PORT (15500), VIGIE_STATE_DIR (<repo>/.vigie), VIGIE_MLFLOW_VENV (~/.cache/vigie/venvs/mlflow),
# MLFLOW_VERSION (3.17.2), VIGIE_PYTHON (python3: builds the virtualenv), MLFLOW_BACKEND_STORE_URI (SQLite in the
# state directory; e.g. postgresql://user:pw@127.0.0.1:15432/mlflow for PostgreSQL, which also needs a driver in the
# virtualenv: MLFLOW_EXTRA_PACKAGES=psycopg[binary]), MLFLOW_EXTRA_PACKAGES (pip requirements added to the virtualenv),
# MLFLOW_START_TIMEOUT (120 seconds).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../lib/server.sh
source "$SCRIPT_DIR/../lib/server.sh"
STATE_DIR="$STATE_ROOT/infra/mlflow"
ARTIFACTS_DIR="$STATE_DIR/artifacts"
LOG_FILE="$STATE_DIR/mlflow.log"
PID_FILE="$STATE_DIR/mlflow.pid"
# Outside the state directory, so a throw-away state directory (the test command's) does not reinstall MLflow.
VENV_DIR="${VIGIE_MLFLOW_VENV:-$HOME/.cache/vigie/venvs/mlflow}"
# 3.18.0 is on PyPI but its pinned mlflow-skinny==3.18.0 is not: 3.17.2 is the newest release that resolves.
VERSION="${MLFLOW_VERSION:-3.17.2}"
EXTRA_PACKAGES="${MLFLOW_EXTRA_PACKAGES:-}"
PYTHON="${VIGIE_PYTHON:-python3}"
HOST=127.0.0.1
PORT="${MLFLOW_PORT:-15500}"
TIMEOUT="${MLFLOW_START_TIMEOUT:-120}"
URL="http://$HOST:$PORT"
# The server as infra/lib/server.sh runs it. SERVER_GROUP: `stop` signals the process group setsid made, the server and
# the web-server workers it spawned.
SERVER_PORTS=("$PORT:MLFLOW_PORT")
SERVER_LOGS=("$LOG_FILE")
SERVER_GRACE=15
SERVER_WIPE="$STATE_DIR"
SERVER_GROUP=1
SERVER_COMMANDS=("install=install")

log() { echo "[mlflow] $*" >&2; }

# The virtualenv counts as installed only once its stamp names this version: an install cut short leaves none.
install() {
  local stamp="$VENV_DIR/.vigie-mlflow-version" wanted="mlflow==$VERSION"
  if [[ -x "$VENV_DIR/bin/python" && "$(cat "$stamp" 2>/dev/null)" == "$wanted" ]]; then
    install_extras
    echo "$VENV_DIR"
    return 0
  fi
  command -v "$PYTHON" >/dev/null || { log "$PYTHON not found: install Python 3.10+ (Debian: apt-get install python3 python3-venv)"; exit 1; }
  # Debian splits ensurepip (what `python3 -m venv` needs) into python3-venv: installed here when we are root.
  if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    [[ "$(id -u)" == 0 ]] || { log "$PYTHON cannot make a virtualenv: apt-get install python3-venv"; exit 1; }
    log "$PYTHON cannot make a virtualenv; installing python3-venv with apt-get"
    apt-get -o DPkg::Lock::Timeout=600 update -q >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends python3-venv >&2 ||
      { log "apt-get could not install python3-venv"; exit 1; }
  fi
  mkdir -p "$(dirname "$VENV_DIR")"
  # Two installs at once (two test runs) would corrupt one virtualenv: the second waits for the first.
  exec 9>"$VENV_DIR.lock"
  flock 9
  if [[ -x "$VENV_DIR/bin/python" && "$(cat "$stamp" 2>/dev/null)" == "$wanted" ]]; then
    install_extras
    echo "$VENV_DIR"
    return 0
  fi
  log "installing $wanted from PyPI into $VENV_DIR (first run only)"
  local started=$SECONDS
  rm -rf "$VENV_DIR"
  "$PYTHON" -m venv "$VENV_DIR" >&2
  "$VENV_DIR/bin/python" -m pip install -q --disable-pip-version-check "$wanted" >&2 || { log "pip install $wanted failed"; exit 1; }
  echo "$wanted" >"$stamp"
  log "installed in $((SECONDS - started)) s ($(du -sh "$VENV_DIR" | cut -f1))"
  install_extras
  echo "$VENV_DIR"
}

# MLFLOW_EXTRA_PACKAGES on top of MLflow (a database driver, say): pip returns at once when they are there already.
install_extras() {
  [[ -n "$EXTRA_PACKAGES" ]] || return 0
  # shellcheck disable=SC2086 # a space-separated list of requirement specifiers
  "$VENV_DIR/bin/python" -m pip install -q --disable-pip-version-check $EXTRA_PACKAGES >&2 ||
    { log "pip install $EXTRA_PACKAGES failed"; exit 1; }
}

running_pid() { pid_running_as "$PID_FILE" mlflow; }

# MLflow's /health answers `OK` once the app serves requests: only then are its REST and artifact routes up.
answers_health() { [[ "$(curl -sf --max-time 2 "$URL/health" 2>/dev/null)" == OK* ]]; }

wait_ready() { await_ready "$TIMEOUT" 0.3 "mlflow server" "/health answer on $URL" answers_health; }

endpoint() { echo "MLFLOW_URL=$URL"; }

launch() {
  command -v curl >/dev/null || { log "curl not found (apt-get install curl): it probes readiness"; exit 1; }
  local venv
  venv="$(install)"
  mkdir -p "$ARTIFACTS_DIR"
  local store="${MLFLOW_BACKEND_STORE_URI:-sqlite:///$STATE_DIR/mlflow.db}"
  log "starting MLflow $VERSION on $URL (backend store ${store%%:*}, artifacts $ARTIFACTS_DIR, log $LOG_FILE)"
  # MLflow runs its web server as a child process, hence SERVER_GROUP. One worker: the tests need no more, and each
  # costs ~150 MB. No telemetry: a test server has nothing to report. No job execution: it serves GenAI features
  # (scorers, prompt optimisation) through seven background worker processes, 1.6 GB resident in all, against
  # ~480 MB for the server without them.
  MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false launch_detached "$LOG_FILE" \
    "$venv/bin/python" -m mlflow server --host "$HOST" --port "$PORT" --workers 1 \
    --backend-store-uri "$store" --serve-artifacts --artifacts-destination "$ARTIFACTS_DIR"
}

server_main "$@"
