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

# The figures the issues name, one benchmark each, with enough iterations for
# a median; -run='^$' skips the tests.
bench() { # package pattern benchtime title
  echo "== $4"
  go test -run='^$' -bench="$2" -benchtime="$3" -benchmem "$1" | grep -E '^Benchmark' || true
}
bench ./shared/auth LoginUnknownVsWrong 40x "login: unknown login vs wrong password, same hashing work (medians)"
bench ./shared/sheets WriteXLSXOutletExport 3x "exports: write a 100,000-row outlet export (rows/s, peak heap, workbook size): xlsxwrite.Write beside excelize's stream writer it replaced"
bench ./shared/imports ValidateOutlets 3x "outlet loads: parse and validate a 100,000-row, 16-column Outlets file in process (rows/s, peak heap)"
bench ./functions/import-load LoadOutlets100k 1x "outlet loads: a 100,000-row Outlets file end to end into DynamoDB Local (times, DynamoDB calls, peak memory, share of the raw BatchWriteItem ceiling)"
bench ./functions/import-load LoadSerials300k 1x "serial registry: a 300,000-row Serials file end to end, S3 event to protocol to e-mail (time, DynamoDB calls, write units per row, peak memory, share of the raw BatchWriteItem ceiling)"
echo "== outlet directory: a 60,000-row background export (time, peak memory, the e-mail with its link, the file read back through it)"
go test -run='^$' -bench=BackgroundExport60k -benchtime=1x -benchmem ./functions/import-load | grep -E '^Benchmark|e-mail "' || true
bench ./shared/dynamo AutoCloseOf100DueAmong100kActs 1x "auto-close: one hourly run over 100,000 acts of which 100 are due — items read and DynamoDB calls, beside a full Scan of the same table (read-ratio = run / Scan)"
bench ./shared/dynamo/deskstore PhoneLookupAmong100kCustomers 200x "front desk: a lookup by the last 7 digits among 100,000 customers of one centre — DynamoDB calls per lookup (no Scan) and the median request time against DynamoDB Local"
bench ./shared/documents Render 20x "documents: render each PDF (time per document, bytes/doc; the fonts' character maps are rebuilt once per start)"

echo "== outlet loads under injected unprocessed items and throttling (real SDK client, DynamoDB Local): rows in == rows stored, retries"
go test -count=1 -v -run '^TestALoadLosesNoRowToUnprocessedItemsOrThrottling$' ./shared/dynamo | grep -E 'rows in|^(ok|FAIL|---)' || true

# Mutation test of the core rule packages (infra/mutation): each listed bug
# applied alone through -overlay, its tests run; killed / total and the
# survivors. The emulators are up, so the storage mutants run too.
echo "== mutation score of the core rules (acts, auth, imports, timers, idempotency, storage retries)"
go run ./infra/mutation -integration

echo "== cost model: DynamoDB units measured on DynamoDB Local (ReturnConsumedCapacity), priced for operations.md's workload"
act=$(go test -run='^$' -bench=ActLifecycleCapacity -benchtime=3x ./shared/timers | grep -E '^Benchmark')
rows=$(go test -run='^$' -bench=OutletRowCapacity -benchtime=1x ./functions/import-load | grep -E '^Benchmark')
echo "$act"; echo "$rows"
metric() { awk -v u="$2" '{for (i = 2; i <= NF; i++) if ($i == u) print $(i-1)}' <<<"$1"; }
go run ./infra/bench/cost \
  -act-rru "$(metric "$act" RRU/act)" -act-wru "$(metric "$act" WRU/act)" -get-rru "$(metric "$act" RRU/get)" \
  -list-rru "$(metric "$act" RRU/list)" -mails-act "$(metric "$act" mails/act)" \
  -new-rru "$(metric "$rows" RRU/new-row)" -new-wru "$(metric "$rows" WRU/new-row)" \
  -changed-rru "$(metric "$rows" RRU/changed-row)" -changed-wru "$(metric "$rows" WRU/changed-row)" \
  -unchanged-rru "$(metric "$rows" RRU/unchanged-row)"
