#!/usr/bin/env bash
# The web client (web/): install what it needs, build it, test it.
#
#   infra/web.sh install   Debian's chromium (for the browser tests) and web/node_modules
#   infra/web.sh build     web/dist, only when its sources or the OpenAPI document changed;
#                          prints the gzipped size of the login page's initial JS
#   infra/web.sh test      unit tests (vitest) and browser tests (Chromium via playwright-core)
#                          against a runner this script starts on 127.0.0.1:3100, or against
#                          WEB_BASE_URL when that is set; writes .local/web.summary
#
# `make run` calls build; `make test` calls test after the emulators are up
# (DDB_PORT and MOTO_PORT point at them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WEB="$ROOT/web"
LOCAL="$ROOT/.local"
TEST_PORT="${WEB_TEST_PORT:-3100}"

log() { printf '[web] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_browser() {
  [ -x /usr/bin/chromium ] && return
  log "installing Debian's chromium for the browser tests (first run only)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

install_node() {
  local want have
  want=$(sha256sum "$WEB/package-lock.json" | cut -d' ' -f1)
  have=$(cat "$WEB/node_modules/.lock-hash" 2>/dev/null || true)
  if [ -d "$WEB/node_modules" ] && [ "$want" = "$have" ]; then
    return
  fi
  log "npm ci (node_modules missing or package-lock.json changed)"
  (cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$WEB/node_modules/.lock-hash"
}

# sources_hash fingerprints everything the build reads (tsc checks the tests
# too): the client's sources and configuration, and the OpenAPI document its
# types are generated from.
sources_hash() {
  local paths=() p
  for p in web/src web/e2e web/public web/scripts web/api-pending web/index.html web/package.json \
    web/package-lock.json web/tsconfig.json web/vite.config.ts web/vitest.config.ts \
    web/vitest.browser.config.ts shared/openapi/openapi.yaml; do
    [ -e "$ROOT/$p" ] && paths+=("$p")
  done
  (cd "$ROOT" && find "${paths[@]}" -type f ! -path web/src/api/schema.d.ts -print0 |
    sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}

build() {
  install_node
  local stamp="$WEB/node_modules/.build-hash" want
  want=$(sources_hash)
  if [ -f "$WEB/dist/index.html" ] && [ "$(cat "$stamp" 2>/dev/null || true)" = "$want" ]; then
    log "web/dist is up to date"
  else
    log "building web/dist"
    rm -f "$stamp"
    (cd "$WEB" && npm run --silent build)
    echo "$want" >"$stamp"
  fi
  (cd "$WEB" && node scripts/size.mjs)
}

# shellcheck source=infra/runner-control.sh
. "$ROOT/infra/runner-control.sh"

# count REPORT prints "passed failed skipped" from a vitest JSON report.
count() {
  node -e '
    const fs = require("fs");
    try {
      const r = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
      // A suite that failed to load counts as one failure.
      const broken = (r.testResults || []).filter((f) => f.status === "failed" && (f.assertionResults || []).length === 0).length;
      console.log(`${r.numPassedTests} ${r.numFailedTests + broken} ${skipped}`);
    } catch { console.log("0 1 0"); }
  ' "$1"
}

run_tests() {
  install_browser
  install_node
  build
  mkdir -p "$LOCAL" "$WEB/test-results"
  rm -f "$WEB/test-results/unit.json" "$WEB/test-results/browser.json"
  rm -rf "$WEB/test-results/screenshots"

  log "unit tests"
  local unit_status=0 browser_status=0
  (cd "$WEB" && npm run --silent test:unit) || unit_status=$?

  log "browser tests"
  local base="${WEB_BASE_URL:-}"
  if [ -z "$base" ]; then
    trap stop_runner EXIT INT TERM
    if start_runner "$TEST_PORT" "web-test-$$" web/dist "$LOCAL/web-runner.log"; then
      base="http://127.0.0.1:$TEST_PORT"
    else
      browser_status=1
    fi
  fi
  # The runner's log names the demo accounts; with WEB_BASE_URL the caller may pass WEB_RUNNER_LOG.
  local runner_log="${WEB_RUNNER_LOG:-}"
  [ -n "$runner_pid" ] && runner_log="$LOCAL/web-runner.log"
  if [ -n "$base" ]; then
    # Strict: a real-API test that cannot run (no login API, no demo accounts) fails instead of skipping.
    (cd "$WEB" && WEB_BASE_URL="$base" WEB_RUNNER_LOG="$runner_log" WEB_TEST_STRICT=1 npm run --silent test:browser) || browser_status=$?
  fi
  stop_runner

  local up uf us bp bf bs
  read -r up uf us < <(count "$WEB/test-results/unit.json")
  read -r bp bf bs < <(count "$WEB/test-results/browser.json")
  # No browser test may be skipped here: that is how a real-API test would turn green without running.
  local passed=$((up + bp)) failed=$((uf + bf + bs)) skipped=$((us + bs))
  # A step that failed without a failed test in its report still fails the run.
  if [ $failed -eq 0 ] && { [ $unit_status -ne 0 ] || [ $browser_status -ne 0 ]; }; then failed=1; fi
  local line="web: $passed passed, $failed failed"
  [ $skipped -gt 0 ] && line="$line, $skipped skipped"
  [ $bs -gt 0 ] && line="$line (the $bs skipped browser tests are counted as failed)"
  echo "$line" | tee "$LOCAL/web.summary"
  log "screenshots in web/test-results/screenshots"
  [ $failed -eq 0 ]
}

case "${1:-}" in
  install) install_browser; install_node ;;
  build) build ;;
  test) run_tests ;;
  *) echo "usage: $0 install|build|test" >&2; exit 2 ;;
esac
