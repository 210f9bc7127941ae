#!/usr/bin/env bash
# Template checks of `make test`: the SAM translation of template.yaml, the
# template tests over it, cfn-lint with every rule and checkov on both the
# template and the translation (and on infra/waf.yaml, the optional WAF), judged against infra/checks/baseline.txt.
# Tools are pinned in install.sh. Optional argument: another template (to
# measure the findings of an older one).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
template="${1:-template.yaml}"
bin=$(bash infra/checks/install.sh)
out=.local/checks
mkdir -p "$out"
export AWS_DEFAULT_REGION=eu-central-1

echo "== template: SAM translation ($template)"
timeout 120 "$bin/python" infra/checks/translate.py "$template" "$out/translated.json"

echo "== template tests (translated template)"
"$bin/python" infra/checks/template_test.py "$out/translated.json"

echo "== cfn-lint (all rules) and checkov"
set +e
timeout 300 "$bin/cfn-lint" --include-checks I --include-experimental --format json -- "$template" "$out/translated.json" infra/waf.yaml >"$out/cfn-lint.json"
lint=$?
# No network here: --skip-download keeps checkov from fetching guidelines.
BC_SKIP_MAPPING=TRUE timeout 600 "$bin/checkov" -f "$template" -f "$out/translated.json" -f infra/waf.yaml --framework cloudformation \
  --skip-download --quiet --compact -o json >"$out/checkov.json" 2>"$out/checkov.log"
cov=$?
set -e
# cfn-lint exits with a bit mask of the levels found (2, 4, 8); 1 or 124+ is a crash or a timeout.
if [ $lint -eq 1 ] || [ $lint -ge 16 ]; then echo "cfn-lint failed ($lint)"; cat "$out/cfn-lint.json"; exit 1; fi
if [ $cov -gt 1 ]; then echo "checkov failed ($cov)"; tail -20 "$out/checkov.log"; exit 1; fi
"$bin/python" infra/checks/findings.py infra/checks/baseline.txt "$out/cfn-lint.json" "$out/checkov.json"
