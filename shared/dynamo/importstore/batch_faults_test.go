package importstore_test

import (
	"context"
	"fmt"
	"testing"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/importstore"
	"aftersales/shared/imports"
)

// TestALoadLosesNoRowToUnprocessedItemsOrThrottling: in AWS, BatchWriteItem
// and BatchGetItem may process part of a request and return the rest, and
// throttle calls; DynamoDB Local does neither, so the faults are injected on
// the real client. Every row written must be stored, and every stored
// outlet read back, when every other batch call defers half its items and
// every third is throttled once.
func TestALoadLosesNoRowToUnprocessedItemsOrThrottling(t *testing.T) {
	t.Parallel()
	const rows = 1000
	f := &localaws.BatchFaults{DeferEvery: 2, ThrottleEvery: 3}
	// The same fresh table through the real client with f installed and through a clean one.
	_, table := dynamotest.Table(t)
	faulty, clean := dynamo.New(dynamotest.ClientWith(f.Option()), table), dynamo.New(dynamotest.Client(), table)
	in := make([]imports.StoredOutlet, rows)
	codes := make([]string, rows)
	for n := range in {
		codes[n] = fmt.Sprintf("T%05d", n)
		in[n] = outlet("D1", codes[n], "Магазин "+codes[n], "Москва", imports.Stamp{LoadID: "l1"})
	}
	write(t, importstore.New(faulty), in)
	written := f.Stats()

	stored, err := importstore.New(clean).Outlets(context.Background(), codes)
	if err != nil {
		t.Fatal(err)
	}
	read, err := importstore.New(faulty).Outlets(context.Background(), codes)
	if err != nil {
		t.Fatal(err)
	}
	all := f.Stats()
	t.Logf("rows in %d, rows stored %d, read back under faults %d; BatchWriteItem calls %d (%d returned %d items unprocessed, retried), "+
		"BatchGetItem calls %d, %d keys unprocessed in all, %d attempts throttled and retried by the SDK",
		rows, len(stored), len(read), written.Calls["BatchWriteItem"], written.DeferredCalls, written.Deferred,
		all.Calls["BatchGetItem"], all.Deferred-written.Deferred, all.Throttled)
	if len(stored) != rows || len(read) != rows {
		t.Errorf("rows in %d, stored %d, read back %d; want all of them", rows, len(stored), len(read))
	}
	if written.Deferred == 0 || all.Deferred == written.Deferred || all.Throttled == 0 {
		t.Errorf("faults injected: %+v; the test must exercise every retry path", all)
	}
	if minCalls := rows / 25; written.Calls["BatchWriteItem"] <= minCalls {
		t.Errorf("%d BatchWriteItem calls for %d rows: the unprocessed items were never sent again", written.Calls["BatchWriteItem"], rows)
	}
}
