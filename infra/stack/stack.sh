#!/usr/bin/env bash
# Installs, starts and stops the local AWS stand-ins: DynamoDB Local (Java) and
# moto server (S3, SES, SQS). Everything is cached under .local/ so a second run
# reuses it. Ports and paths can be overridden through the environment.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${AFTERSALES_CACHE:-$ROOT/.local}"
DDB_PORT="${DDB_PORT:-8000}"
MOTO_PORT="${MOTO_PORT:-5000}"
DDB_VERSION=2.6.1
MOTO_VERSION=5.2.5
SAM_VERSION=1.170.0
# openpyxl reads back a written report in one Go test, as a second reader
# beside excelize.
OPENPYXL_VERSION=3.1.5
VENV="$CACHE/venv"
DDB_DIR="$CACHE/dynamodb-local-$DDB_VERSION"
RUN_DIR="${STACK_RUN_DIR:-$CACHE/run}"

log() { printf '[stack] %s\n' "$*" >&2; }

install_python() {
  if [ -x "$VENV/bin/moto_server" ] && [ -x "$VENV/bin/sam" ] && [ -f "$VENV/.versions-$MOTO_VERSION-$SAM_VERSION" ]; then
    return
  fi
  log "installing moto $MOTO_VERSION and SAM CLI $SAM_VERSION into $VENV (first run only)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "moto[server]==$MOTO_VERSION" "aws-sam-cli==$SAM_VERSION"
  touch "$VENV/.versions-$MOTO_VERSION-$SAM_VERSION"
}

# Kept apart from the step above so that adding it to an existing venv
# installs openpyxl alone, not moto and SAM again.
install_openpyxl() {
  if [ -f "$VENV/.openpyxl-$OPENPYXL_VERSION" ]; then
    return
  fi
  log "installing openpyxl $OPENPYXL_VERSION into $VENV (first run only)"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "openpyxl==$OPENPYXL_VERSION"
  touch "$VENV/.openpyxl-$OPENPYXL_VERSION"
}

install_dynamodb() {
  if [ -f "$DDB_DIR/.complete" ]; then
    return
  fi
  log "installing DynamoDB Local $DDB_VERSION from Maven Central (first run only)"
  mkdir -p "$DDB_DIR"
  cat >"$DDB_DIR/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local</groupId><artifactId>ddb</artifactId><version>1</version>
<dependencies><dependency><groupId>com.amazonaws</groupId><artifactId>DynamoDBLocal</artifactId><version>$DDB_VERSION</version></dependency></dependencies>
</project>
POM
  (cd "$DDB_DIR" && mvn -q -B dependency:copy-dependencies -DoutputDirectory="$DDB_DIR/lib" -Dmaven.repo.local="$CACHE/m2")
  touch "$DDB_DIR/.complete"
}

install_all() {
  mkdir -p "$CACHE"
  install_python
  install_openpyxl
  install_dynamodb
}

wait_port() { # name url
  local name=$1 url=$2
  for _ in $(seq 1 150); do
    if curl -s -o /dev/null "$url"; then return 0; fi
    sleep 0.2
  done
  log "$name did not answer on $url"; return 1
}

start() {
  install_all
  mkdir -p "$RUN_DIR"
  local persist=()
  if [ "${STACK_PERSIST:-0}" = 1 ]; then
    mkdir -p "$CACHE/ddb-data"
    persist=(-sharedDb -dbPath "$CACHE/ddb-data")
  else
    persist=(-inMemory -sharedDb)
  fi
  if ! curl -s -o /dev/null "http://127.0.0.1:$DDB_PORT"; then
    log "starting DynamoDB Local on 127.0.0.1:$DDB_PORT"
    # DynamoDB Local writes a metadata file into its working folder: keep it out of the repo.
    # exec: the recorded pid must be java's own, so `down` stops it.
    (cd "$RUN_DIR" && exec java -Xmx1g -Djava.library.path="$DDB_DIR/lib" -cp "$DDB_DIR/lib/*" \
      com.amazonaws.services.dynamodbv2.local.main.ServerRunner -port "$DDB_PORT" "${persist[@]}" \
      >"$RUN_DIR/dynamodb.log" 2>&1) &
    echo $! >"$RUN_DIR/dynamodb.pid"
  fi
  if ! curl -s -o /dev/null "http://127.0.0.1:$MOTO_PORT/moto-api/"; then
    log "starting moto on 127.0.0.1:$MOTO_PORT"
    nohup "$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" >"$RUN_DIR/moto.log" 2>&1 &
    echo $! >"$RUN_DIR/moto.pid"
  fi
  wait_port "DynamoDB Local" "http://127.0.0.1:$DDB_PORT"
  wait_port "moto" "http://127.0.0.1:$MOTO_PORT/moto-api/"
  log "DynamoDB Local http://127.0.0.1:$DDB_PORT, moto http://127.0.0.1:$MOTO_PORT"
}

stop() {
  for name in dynamodb moto; do
    local pidfile="$RUN_DIR/$name.pid"
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
  log "stopped"
}

case "${1:-}" in
  install) install_all ;;
  up) start ;;
  down) stop ;;
  sam) shift; install_python; exec "$VENV/bin/sam" "$@" ;;
  *) echo "usage: $0 install|up|down|sam ARGS" >&2; exit 2 ;;
esac
