# shellcheck shell=bash
# Shared by the infra scripts that run one server process each (sourced, not run): the `start`, `stop [--wipe]` and
# `status` commands, the readiness wait and the failure report, written once. A script sources this file, describes
# its server, defines five functions and ends with `server_main "$@"`:
#
#   HOST                 the loopback address the server listens on
#   PID_FILE             the pid of the process `launch` started (launch_detached writes it)
#   SERVER_PORTS=(…)     PORT:VARIABLE pairs, each port the server listens on with the variable that moves it
#   SERVER_LOGS=(…)      the log files whose last lines explain a failed start
#   SERVER_GRACE         seconds `stop` waits after SIGTERM before SIGKILL
#   SERVER_WIPE          the directory `stop --wipe` deletes (the server's data)
#   SERVER_GROUP=1       optional: `stop` signals the server's whole process group (a server that forks workers)
#   SERVER_COMMANDS=(…)  optional NAME=FUNCTION pairs: commands beyond start, stop and status
#
#   log MESSAGE…         one line to stderr, prefixed with the server's name
#   running_pid          prints the server's pid and succeeds while it runs (pid_running_as does the checks)
#   launch               checks prerequisites, installs or builds what is missing, writes the configuration and
#                        starts the server in the background (launch_detached)
#   wait_ready           returns once the server serves requests (await_ready)
#   endpoint             prints the NAME=value lines clients need (the test command parses them from `start`)
#
# Exit codes: 0 done (`status`: running), 1 failed, 2 usage, 3 `status`: not running.

# shellcheck source=SCRIPTDIR/process.sh
source "$(dirname "${BASH_SOURCE[0]}")/process.sh"

# The repository, and where the scripts keep their servers' state: VIGIE_STATE_DIR, by default <repo>/.vigie (each
# server in infra/<name> below it).
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck disable=SC2034 # read by the scripts that source this file
STATE_ROOT="${VIGIE_STATE_DIR:-$REPO_ROOT/.vigie}"
SERVER_GROUP=""
SERVER_COMMANDS=()

# tcp_open HOST PORT: whether something accepts TCP connections there (bash's /dev/tcp, no client needed).
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# fail_with_logs MESSAGE: logs MESSAGE and the last lines of SERVER_LOGS, then exits 1.
fail_with_logs() {
  if ((${#SERVER_LOGS[@]} == 1)); then
    log "$1; last lines of ${SERVER_LOGS[0]}:"
  else
    log "$1; last lines of its logs:"
  fi
  tail -n 40 "${SERVER_LOGS[@]}" >&2 2>/dev/null || true
  exit 1
}

# poll_until TIMEOUT INTERVAL PROBE [ARG...]: runs PROBE every INTERVAL seconds until it succeeds (returns 0) or
# TIMEOUT seconds have passed (returns 1).
poll_until() {
  local deadline=$((SECONDS + $1)) interval="$2"
  shift 2
  while ((SECONDS < deadline)); do
    "$@" && return 0
    sleep "$interval"
  done
  return 1
}

# await_ready TIMEOUT INTERVAL WHO WHAT PROBE [ARG...]: polls PROBE until it succeeds. Exits 1 with the logs' tail when
# the process launched into PID_FILE dies first ("WHO exited during start-up") or after TIMEOUT seconds ("no WHAT").
await_ready() {
  local timeout="$1" interval="$2" who="$3" what="$4"
  shift 4
  poll_until "$timeout" "$interval" launched_then "$who" "$@" || fail_with_logs "no $what after ${timeout}s"
}

# launched_then WHO PROBE [ARG...]: one poll of await_ready.
launched_then() {
  launched_alive "$PID_FILE" || fail_with_logs "$1 exited during start-up"
  shift
  "$@"
}

# ports_free: exits 1 when a port of SERVER_PORTS is taken, naming the variables that move them.
ports_free() {
  local spec taken=0 ports="" variables=""
  for spec in "${SERVER_PORTS[@]}"; do
    tcp_open "$HOST" "${spec%%:*}" && taken=1
    ports+="${ports:+ or }${spec%%:*}"
    variables+="${variables:+ / }${spec#*:}"
  done
  ((taken == 0)) || { log "port $ports is taken by another process; set $variables"; exit 1; }
}

# server_start: the `start` command, idempotent. A server already running is only waited for; otherwise a stale pid
# file is forgotten, the ports are checked, and the server is launched and waited for. Prints `endpoint` once ready.
server_start() {
  local pid
  if pid="$(running_pid)"; then
    log "already running (pid $pid)"
  else
    rm -f "$PID_FILE"
    ports_free
    launch
  fi
  server_wait
}

# server_wait: waits until the server, started by this script, serves (wait_ready), then prints `endpoint`.
server_wait() {
  wait_ready
  endpoint
}

# server_stop [--wipe]: the `stop` command: SIGTERM, SIGKILL after SERVER_GRACE seconds; --wipe also deletes SERVER_WIPE.
server_stop() {
  local pid
  if pid="$(running_pid)"; then
    terminate_pid "${SERVER_GROUP:+-}$pid" "$SERVER_GRACE"
  else
    log "not running"
  fi
  rm -f "$PID_FILE"
  if [[ "${1:-}" == "--wipe" ]]; then
    log "deleting $SERVER_WIPE"
    rm -rf "$SERVER_WIPE"
  fi
}

# server_status: the `status` command: exit 0 and `endpoint` when running, exit 3 when not.
server_status() {
  local pid
  if pid="$(running_pid)"; then
    log "running (pid $pid)"
    endpoint
    exit 0
  fi
  log "not running"
  exit 3
}

# server_main "$@": runs the command the script was given; an unknown one prints the usage and exits 2.
server_main() {
  local spec extra=""
  case "${1:-}" in
    start) server_start ;;
    stop) server_stop "${2:-}" ;;
    status) server_status ;;
    *)
      for spec in "${SERVER_COMMANDS[@]}"; do
        if [[ -n "${1:-}" && "$1" == "${spec%%=*}" ]]; then
          "${spec#*=}"
          return
        fi
        extra+="|${spec%%=*}"
      done
      echo "usage: $0 start|status|stop [--wipe]$extra" >&2
      exit 2
      ;;
  esac
}
