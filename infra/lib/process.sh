# shellcheck shell=bash
# Shared by the infra scripts (sourced, not run): starting a server in the background, recognising it again from its
# pid file, and stopping it. The caller defines `log`.

# launch_detached LOG_FILE COMMAND [ARG...]: starts COMMAND in the background, stdout and stderr appended to LOG_FILE,
# and writes its pid to PID_FILE (the caller's variable). setsid: the server must outlive the shell (and the test
# runner) that started it, and it leads its own process group, which `terminate_pid -PID` can signal whole.
# Environment assignments before the call (`SECRET=x launch_detached …`) reach COMMAND, not argv, so `ps` hides them.
launch_detached() {
  local log_file="$1"
  shift
  mkdir -p "$(dirname "$PID_FILE")"
  setsid "$@" </dev/null >>"$log_file" 2>&1 &
  echo $! >"$PID_FILE"
}

# pid_running_as PID_FILE NEEDLE: prints the pid in PID_FILE and succeeds when that process is alive and its command
# line (arguments joined by spaces) contains NEEDLE. A pid file left by a crash may name a recycled pid: the command
# line tells ours from a stranger.
pid_running_as() {
  local pid
  [[ -f "$1" ]] || return 1
  pid="$(cat "$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
  echo "$pid"
}

# launched_alive PID_FILE: whether the process just started in the background is still alive. Used while waiting for
# readiness instead of `running_pid`, whose command-line check races the exec: for a few milliseconds after
# `setsid prog &` the process is still `setsid`, which once made a healthy start look like a crash.
launched_alive() {
  local pid
  pid="$(cat "$1" 2>/dev/null)" && [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

# terminate_pid PID GRACE_SECONDS: SIGTERM, wait up to GRACE_SECONDS for the process to exit, then SIGKILL. A negative
# PID names a process group.
terminate_pid() {
  local pid="$1" grace="$2" waited=0
  log "stopping pid $pid"
  kill -TERM -- "$pid" 2>/dev/null || true
  while kill -0 -- "$pid" 2>/dev/null && ((waited < grace * 5)); do
    sleep 0.2
    waited=$((waited + 1))
  done
  if kill -0 -- "$pid" 2>/dev/null; then
    log "still alive after ${grace} s: SIGKILL"
    kill -KILL -- "$pid" 2>/dev/null || true
  fi
}
