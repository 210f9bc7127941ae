#!/usr/bin/env bash
# Installs Debian's poppler-utils when pdftotext is missing: the document
# tests (shared/documents, the documents function's e-mail test) read every
# rendered PDF back with `pdftotext -layout`. Bounded: apt gets 5 minutes.
set -euo pipefail
command -v pdftotext >/dev/null && exit 0
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}
echo "[poppler] installing Debian's poppler-utils (pdftotext, pdftoppm) for the document tests" >&2
as_root timeout 300 apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
command -v pdftotext >/dev/null
