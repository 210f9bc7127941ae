#!/usr/bin/env bash
# Parses an iCalendar feed (stdin) with the Python icalendar library and
# prints its events as JSON (parse.py). Installs the pinned library from
# requirements.txt into its own virtualenv in the cache on first use, as
# infra/schemathesis.sh does; bounded in time for `make test`.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${AFTERSALES_CACHE:-$ROOT/.local}"
VENV="$CACHE/venv-icalcheck-$(sha256sum "$HERE/requirements.txt" | cut -c1-12)"
if [ ! -x "$VENV/bin/python" ] || [ ! -f "$VENV/.installed" ]; then
  echo "[icalcheck] installing the icalendar parser into $VENV (first run only)" >&2
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  timeout 300 "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
  touch "$VENV/.installed"
fi
exec "$VENV/bin/python" "$HERE/parse.py"
