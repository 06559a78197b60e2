# Shared by the infra scripts (sourced, not run): stopping a server the script started in the background.
# The caller defines `log`.

# terminate_pid PID GRACE_SECONDS: SIGTERM, wait up to GRACE_SECONDS for the process to exit, then SIGKILL.
terminate_pid() {
  local pid="$1" grace="$2" waited=0
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < grace * 5)); do
    sleep 0.2
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after ${grace} s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}
