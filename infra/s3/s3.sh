#!/usr/bin/env bash
# A real S3-compatible server for the distributed profile and the integration tests: Versity Gateway
# (Apache-2.0) serving S3 over a plain directory. Built from the Go module proxy with `go install`; no download
# of release binaries, no MinIO (AGPL).
#
#   infra/s3/s3.sh start          build once (cached), start, wait until it answers S3, print S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY
#   infra/s3/s3.sh build          only build (or reuse) the binary; prints its path
#   infra/s3/s3.sh status         exit 0 when running, 3 when not
#   infra/s3/s3.sh stop [--wipe]  SIGTERM, SIGKILL after 10 s; --wipe also deletes the stored objects
#
# Environment: S3_PORT (19000), VIGIE_STATE_DIR (<repo>/.vigie), VIGIE_S3_BIN_DIR (<state>/infra/s3/bin),
# VERSITYGW_VERSION (v1.8.0), S3_ACCESS_KEY / S3_SECRET_KEY (local test credentials below),
# S3_START_TIMEOUT (30 seconds).
# The server listens on 127.0.0.1 only. Go's own build cache (GOCACHE) is kept, so a new state directory costs a
# relink rather than a full compile.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../lib/server.sh
source "$SCRIPT_DIR/../lib/server.sh"
STATE_DIR="$STATE_ROOT/infra/s3"
# VIGIE_S3_BIN_DIR lets a runner with a throw-away state directory keep one build across runs.
BIN_DIR="${VIGIE_S3_BIN_DIR:-$STATE_DIR/bin}"
DATA_DIR="$STATE_DIR/data"
LOG_FILE="$STATE_DIR/versitygw.log"
PID_FILE="$STATE_DIR/versitygw.pid"
VERSION="${VERSITYGW_VERSION:-v1.8.0}"
MODULE="github.com/versity/versitygw/cmd/versitygw"
HOST=127.0.0.1
PORT="${S3_PORT:-19000}"
# Local, loopback-only test credentials; set real ones through the environment anywhere else.
ACCESS_KEY="${S3_ACCESS_KEY:-vigie-test-access}"
SECRET_KEY="${S3_SECRET_KEY:-vigie-test-secret-key}"
TIMEOUT="${S3_START_TIMEOUT:-30}"
ENDPOINT="http://$HOST:$PORT"
# Not a valid bucket name (S3 needs 3+ characters), so it can never shadow a bucket.
HEALTH_PATH="_health"
# The gateway as infra/lib/server.sh runs it.
SERVER_PORTS=("$PORT:S3_PORT")
SERVER_LOGS=("$LOG_FILE")
SERVER_GRACE=10
SERVER_WIPE="$DATA_DIR"
SERVER_COMMANDS=("build=build")

log() { echo "[s3] $*" >&2; }

running_pid() { pid_running_as "$PID_FILE" versitygw; }

# The gateway's health route answers once its S3 listener serves requests.
s3_answers() { curl -sf -o /dev/null --max-time 2 "$ENDPOINT/$HEALTH_PATH" 2>/dev/null; }

build() {
  local binary="$BIN_DIR/versitygw" stamp="$BIN_DIR/.version"
  if [[ -x "$binary" && "$(cat "$stamp" 2>/dev/null)" == "$VERSION" ]]; then
    echo "$binary"
    return 0
  fi
  command -v go >/dev/null || { log "go not found: install Go 1.25+ (https://go.dev/dl or Debian golang-go)"; exit 1; }
  mkdir -p "$BIN_DIR"
  log "building $MODULE@$VERSION into $BIN_DIR (first run only; several minutes on 2 cores)"
  local started=$SECONDS
  GOBIN="$BIN_DIR" CGO_ENABLED=0 go install -trimpath "$MODULE@$VERSION" >&2 ||
    { log "go install $MODULE@$VERSION failed"; exit 1; }
  echo "$VERSION" >"$stamp"
  log "built in $((SECONDS - started)) s"
  echo "$binary"
}

wait_ready() { await_ready "$TIMEOUT" 0.2 "the gateway" "S3 answer on $ENDPOINT" s3_answers; }

endpoint() {
  echo "S3_ENDPOINT=$ENDPOINT"
  echo "S3_ACCESS_KEY=$ACCESS_KEY"
  echo "S3_SECRET_KEY=$SECRET_KEY"
}

launch() {
  command -v curl >/dev/null || { log "curl not found (apt-get install curl): it probes readiness"; exit 1; }
  local binary
  binary="$(build)"
  mkdir -p "$DATA_DIR"
  log "starting Versity Gateway $VERSION on $ENDPOINT (objects in $DATA_DIR, log $LOG_FILE)"
  # Credentials go through the environment, not argv, so `ps` does not show the secret. --keep-alive: without it
  # every request pays a new TCP connection; --quiet: no log line per request.
  ROOT_ACCESS_KEY="$ACCESS_KEY" ROOT_SECRET_KEY="$SECRET_KEY" launch_detached "$LOG_FILE" \
    "$binary" --port "$HOST:$PORT" --region us-east-1 --keep-alive --quiet --health "/$HEALTH_PATH" posix "$DATA_DIR"
}

server_main "$@"
