#!/usr/bin/env bash
# `make deploy [ENV=prod]`: everything a deploy needs, in order:
#   1. the parameters without a safe default (SenderEmail, AlarmEmail) come
#      from samconfig.toml, or `sam deploy --guided` asks for them once and
#      saves them there;
#   2. sam build, sam deploy (WebBaseURL = the stack's own WebURL output);
#   3. on the very first deploy the web address exists only afterwards:
#      deploy once more with it, so e-mail links and upload CORS are right;
#   4. build the web client, upload it to the web bucket, invalidate CloudFront.
# DEPLOY_DRY_RUN=1 skips 1–3 and takes the outputs from DEPLOY_OUTPUTS
# ("WebBucketName=… DistributionId=…"): make test runs it against moto.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ENV="${ENV:-default}"
stack=infra/stack/stack.sh
venv="${AFTERSALES_CACHE:-$PWD/.local}/venv"
bash "$stack" install >/dev/null
py() { "$venv/bin/python" infra/deploy/publish.py "$@"; }
out() { sed -n "s/^$1=//p" <<<"$outputs"; }

if [ "${DEPLOY_DRY_RUN:-0}" = 1 ]; then
  outputs=$(tr ' ' '\n' <<<"${DEPLOY_OUTPUTS:?DEPLOY_OUTPUTS is needed for a dry run}")
else
  name=$(py stack-name "$ENV")
  [ -n "$name" ] || { echo "samconfig.toml has no stack_name for [$ENV]"; exit 1; }
  if [ -z "$(py param "$ENV" SenderEmail)" ] || [ -z "$(py param "$ENV" AlarmEmail)" ]; then
    echo "== first deploy of $name: sam asks for the parameters and saves them in samconfig.toml"
    bash "$stack" sam build
    bash "$stack" sam deploy --guided --config-env "$ENV"
  fi
  overrides=$(py overrides "$ENV")
  web=$(py outputs "$name" | sed -n 's/^WebURL=//p')
  bash "$stack" sam build
  bash "$stack" sam deploy --config-env "$ENV" --no-fail-on-empty-changeset \
    --parameter-overrides "$overrides WebBaseURL=$web"
  outputs=$(py outputs "$name")
  if [ "$(out WebURL)" != "$web" ]; then
    echo "== the web address is now known ($(out WebURL)): passing it to the functions"
    bash "$stack" sam deploy --config-env "$ENV" --no-fail-on-empty-changeset --no-confirm-changeset \
      --parameter-overrides "$overrides WebBaseURL=$(out WebURL)"
  fi
fi

echo "== web client"
bash infra/web.sh build
py upload "$(out WebBucketName)" web/dist "$(out DistributionId)"
echo "deployed: $(out WebURL)"
