#!/usr/bin/env bash
# `make test`: everything that proves the system works. Starts its own
# emulators on separate ports (so a running `make run` is untouched) and stops
# them at the end, whatever happens.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DDB_PORT="${TEST_DDB_PORT:-8100}" MOTO_PORT="${TEST_MOTO_PORT:-5100}"
export STACK_RUN_DIR="$PWD/.local/run-test" SAM_CLI_TELEMETRY=0
export AFTERSALES_INTEGRATION=1
stack=infra/stack/stack.sh
mkdir -p .local

cleanup() { trap - EXIT INT TERM; bash "$stack" down; }
trap cleanup EXIT INT TERM

echo "== lint: gofmt, go vet"
unformatted=$(gofmt -l $(git ls-files '*.go' | grep -v '^web/'))
if [ -n "$unformatted" ]; then echo "gofmt needed: $unformatted"; exit 1; fi
go vet ./...

echo "== template: sam validate --lint"
bash "$stack" sam validate --lint
bash infra/checks/run.sh

echo "== emulators"
bash "$stack" up

echo "== go test (unit + integration against DynamoDB Local and moto)"
bash infra/tools/poppler.sh # pdftotext: the document tests read their PDFs back
set +e
go test -count=1 -timeout 20m -json ./... > .local/gotest.json
go_status=$?
set -e
go run ./infra/testsummary -label go < .local/gotest.json | tee .local/gotest.summary
[ $go_status -eq 0 ] || { echo "go test failed"; exit 1; }

echo "== schemathesis: the served OpenAPI document against the server, every role, all checks"
bash infra/schemathesis.sh | tee .local/schemathesis.log
grep '^schemathesis: ' .local/schemathesis.log >.local/schemathesis.summary

echo "== fuzz (bounded)"
bash infra/fuzz.sh

echo "== template: sam build (every function)"
bash "$stack" sam build --build-in-source --parallel --cached >.local/sam-build.log 2>&1 || { tail -40 .local/sam-build.log; exit 1; }
want=$(go run ./infra/samtemplate/functions)
for fn in $want; do
  [ -s ".aws-sam/build/$fn/bootstrap" ] || { echo "sam build made no bootstrap for $fn"; exit 1; }
done
echo "sam build: $(echo $want | wc -w) functions built"

if [ -f web/package.json ]; then
  echo "== web client (unit tests and browser tests in Chromium)"
  bash infra/web.sh test
  echo "== deploy script, dry run against moto (web upload + CloudFront invalidation)"
  bash infra/checks/deploy_dryrun.sh
fi

echo "== summary"
cat .local/gotest.summary .local/web.summary 2>/dev/null | grep -E '^[a-z]+: [0-9]+ passed' || true
cat .local/schemathesis.summary 2>/dev/null || true
