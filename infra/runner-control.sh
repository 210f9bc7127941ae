# Starts and stops a local runner for a test step; sourced by infra/web.sh
# and infra/schemathesis.sh. The caller defines ROOT and log().

runner_pid=""

# start_runner PORT PREFIX WEBDIR LOGFILE serves the API (and WEBDIR when it
# holds a built client) on 127.0.0.1:PORT, with a table and buckets of its
# own (named by PREFIX), against the emulators DDB_PORT and MOTO_PORT name.
start_runner() {
  local port=$1 prefix=$2 web=$3 logfile=$4
  mkdir -p "$ROOT/.local/bin"
  log "building and starting the runner on 127.0.0.1:$port"
  (cd "$ROOT" && go build -o .local/bin/runner ./infra/runner)
  (cd "$ROOT" && exec .local/bin/runner -addr "127.0.0.1:$port" -prefix "$prefix" -web "$web") >"$logfile" 2>&1 &
  runner_pid=$!
  for _ in $(seq 1 300); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || true)" = 200 ]; then
      return 0
    fi
    if ! kill -0 "$runner_pid" 2>/dev/null; then
      log "the runner stopped before answering; its log:"
      tail -30 "$logfile" >&2
      return 1
    fi
    sleep 0.2
  done
  log "the runner did not answer 200 on /health within 60 s; its log:"
  tail -30 "$logfile" >&2
  return 1
}

stop_runner() {
  if [ -n "$runner_pid" ] && kill -0 "$runner_pid" 2>/dev/null; then
    kill "$runner_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$runner_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$runner_pid" 2>/dev/null || true
  fi
  runner_pid=""
}
