#!/usr/bin/env bash
# `make run`: install what is missing, start the emulators, build the web client
# if needed, then serve everything on http://localhost:3000. Ctrl-C stops it all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export STACK_PERSIST=1 SAM_CLI_TELEMETRY=0
export AWS_LAMBDA_LOG_FORMAT=JSON
stack=infra/stack/stack.sh

cleanup() { trap - EXIT INT TERM; bash "$stack" down; }
trap cleanup EXIT INT TERM

bash "$stack" up
if [ -f web/package.json ]; then
  bash infra/web.sh build
fi
mkdir -p .local/bin
go build -o .local/bin/runner ./infra/runner
# Not exec: the trap must still stop the emulators when the runner ends.
.local/bin/runner "$@"
