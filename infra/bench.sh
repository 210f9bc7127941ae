#!/usr/bin/env bash
# `make bench`: prints every figure the issues ask for. Benchmarks are not
# tests: nothing here fails because the machine is slow.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== functions: bootstrap size (arm64, stripped) and start-up to first event"
go run ./infra/bench/coldstart

export DDB_PORT="${BENCH_DDB_PORT:-8200}" MOTO_PORT="${BENCH_MOTO_PORT:-5200}"
export STACK_RUN_DIR="$PWD/.local/run-bench" AFTERSALES_INTEGRATION=1
stack=infra/stack/stack.sh
cleanup() { trap - EXIT INT TERM; bash "$stack" down; }
trap cleanup EXIT INT TERM
bash "$stack" up >/dev/null

# Each package with a benchmark the issues name; -run='^$' skips the tests.
for pkg in $(go list ./shared/... ./infra/...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  if grep -q '^func Benchmark' "$dir"/*_test.go 2>/dev/null; then
    echo "== $pkg"
    go test -run='^$' -bench=. -benchtime="${BENCHTIME:-1x}" -benchmem "$pkg" | grep -vE '^(goos|goarch|pkg|cpu|PASS|ok)'
  fi
done
