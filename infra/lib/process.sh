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

# stop_server GRACE_SECONDS PID_FILE [WIPE_DIR]: stops what the caller's `running_pid` finds, forgets its pid file and,
# when WIPE_DIR is given, deletes that directory (the server's data).
stop_server() {
  local grace="$1" pid_file="$2" wipe_dir="${3:-}" pid
  if pid="$(running_pid)"; then
    terminate_pid "$pid" "$grace"
  else
    log "not running"
  fi
  rm -f "$pid_file"
  if [[ -n "$wipe_dir" ]]; then
    log "deleting $wipe_dir"
    rm -rf "$wipe_dir"
  fi
}

# launched_alive PID_FILE: whether the process just started in the background is still alive. Used while waiting for
# readiness instead of `running_pid`, whose command-line check races the exec: for a few milliseconds after
# `setsid prog &` the process is still `setsid`, which once made a healthy start look like a crash.
launched_alive() {
  local pid
  pid="$(cat "$1" 2>/dev/null)" && [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}
