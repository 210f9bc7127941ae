#!/usr/bin/env bash
# Runs every Go fuzz target for a bounded time; their corpora live in testdata/fuzz.
# A failure stops the run loudly: the fuzzer's own report, the failing input
# it saved (under the package's testdata/fuzz/<target>/, kept so that plain
# `go test` replays it from now on) and the command that reproduces it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FUZZTIME="${FUZZTIME:-10s}"  # FUZZ_PKGS narrows the packages (default ./shared/...)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for pkg in $(go list ${FUZZ_PKGS:-./shared/...}); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -h -o '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //'); do
    echo "fuzz $pkg $target ($FUZZTIME)"
    if go test -run='^$' -fuzz="^${target}\$" -fuzztime="$FUZZTIME" "$pkg" >"$log" 2>&1; then
      continue
    fi
    # Go's fuzzing engine ends with "context deadline exceeded" and no input
    # when its time runs out while a slow worker is still between inputs
    # (FuzzOpen runs a few inputs a second under coverage). That is no
    # finding: run the target once more, and fail if anything goes wrong then.
    if grep -q 'context deadline exceeded' "$log" && ! grep -q "testdata/fuzz/$target/" "$log"; then
      echo "fuzz $pkg $target: the engine's time ran out between inputs; running it once more"
      if go test -run='^$' -fuzz="^${target}\$" -fuzztime="$FUZZTIME" "$pkg" >"$log" 2>&1; then
        continue
      fi
    fi
    echo "FAIL: fuzz target $target in $pkg found a failing input" >&2
    grep -v '^fuzz: elapsed' "$log" | tail -n 60 >&2
    input=$(grep -o 'testdata/fuzz/'"$target"'/[0-9a-f]*' "$log" | tail -n 1 || true)
    if [ -n "$input" ] && [ -f "$dir/$input" ]; then
      echo "--- failing input $dir/$input:" >&2
      head -c 4096 "$dir/$input" >&2
      echo >&2
      echo "--- reproduce: go test -run='^${target}\$/$(basename "$input")\$' $pkg" >&2
    fi
    exit 1
  done
done
