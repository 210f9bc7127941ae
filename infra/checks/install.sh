#!/usr/bin/env bash
# Installs the template checkers, pinned, into their own virtualenv under the
# stack cache (separate from the SAM CLI's, whose pins they would fight).
# Prints the venv's bin folder. Idempotent: a second run only checks a marker.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${AFTERSALES_CACHE:-$ROOT/.local}"
CFN_LINT_VERSION=1.58.0
CHECKOV_VERSION=3.3.30
TRANSLATOR_VERSION=1.115.0
VENV="$CACHE/checks-venv"
MARK="$VENV/.versions-$CFN_LINT_VERSION-$CHECKOV_VERSION-$TRANSLATOR_VERSION"
if [ ! -f "$MARK" ]; then
  echo "[checks] installing cfn-lint $CFN_LINT_VERSION, checkov $CHECKOV_VERSION, aws-sam-translator $TRANSLATOR_VERSION into $VENV (first run only)" >&2
  python3 -m venv "$VENV"
  timeout 900 "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "cfn-lint==$CFN_LINT_VERSION" "checkov==$CHECKOV_VERSION" "aws-sam-translator==$TRANSLATOR_VERSION" PyYAML >&2
  touch "$MARK"
fi
echo "$VENV/bin"
