#!/usr/bin/env bash
# make test: the deploy script's publishing step against moto (MOTO_PORT).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
venv="${AFTERSALES_CACHE:-$PWD/.local}/venv"
export AWS_ENDPOINT_URL="http://127.0.0.1:${MOTO_PORT:?}" AWS_DEFAULT_REGION=eu-central-1 \
  AWS_ACCESS_KEY_ID=dryrun AWS_SECRET_ACCESS_KEY=dryrun
timeout 900 "$venv/bin/python" infra/checks/deploy_dryrun.py
