package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/acts"
	"aftersales/shared/dynamo"
	"aftersales/shared/imports"
)

// faultyStore is a store on a fresh DynamoDB Local table through the real
// SDK client with f installed, and the same table through a clean client.
func faultyStore(t *testing.T, f *localaws.BatchFaults) (faulty, clean *dynamo.Store) {
	t.Helper()
	_, table := dynamotest.Table(t)
	cfg := aws.Config{}
	f.Option()(&cfg)
	db := dynamodb.New(dynamotest.Client().Options(), func(o *dynamodb.Options) {
		o.APIOptions = append(o.APIOptions, cfg.APIOptions...)
	})
	return dynamo.New(db, table), dynamo.New(dynamotest.Client(), table)
}

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
	faulty, clean := faultyStore(t, f)
	in := make([]imports.StoredOutlet, rows)
	codes := make([]string, rows)
	for n := range in {
		codes[n] = fmt.Sprintf("T%05d", n)
		in[n] = outlet("D1", codes[n], "Магазин "+codes[n], "Москва", imports.Stamp{LoadID: "l1"})
	}
	write(t, faulty.Imports(), in)
	written := f.Stats()

	stored, err := clean.Imports().Outlets(context.Background(), codes)
	if err != nil {
		t.Fatal(err)
	}
	read, err := faulty.Imports().Outlets(context.Background(), codes)
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

// TestATransactionConflictIsRetriedNotReportedAsAChangedAct: DynamoDB
// cancels a transaction that meets another one on the same item in flight
// (TransactionConflict); nothing was written and nothing was decided, so
// the write is retried. Only a failed version condition means the act
// changed (acts.ErrStale, 412).
func TestATransactionConflictIsRetriedNotReportedAsAChangedAct(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tt := range []struct {
		name      string
		conflicts int
		stale     bool // the write is based on an old version
		wantErr   func(error) bool
	}{
		{"two conflicts, then the write goes through", 2, false, func(err error) bool { return err == nil }},
		{"a real version mismatch is stale", 0, true, func(err error) bool { return errors.Is(err, acts.ErrStale) }},
		{"a conflict that never ends is not called stale", 100, false, func(err error) bool { return err != nil && !errors.Is(err, acts.ErrStale) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &localaws.BatchFaults{}
			faulty, clean := faultyStore(t, f)
			a := act("a1", "sc1", 0, acts.Fields{})
			if err := clean.Acts().Write(ctx, acts.Write{ActID: a.ID, After: &a}); err != nil {
				t.Fatal(err)
			}
			before := a
			if tt.stale {
				before.Version = 7
			}
			next := a
			next.Version, next.Status = a.Version+1, acts.StatusSubmitted
			f.ConflictFirst = tt.conflicts
			err := faulty.Acts().Write(ctx, acts.Write{ActID: a.ID, Before: &before, After: &next})
			if !tt.wantErr(err) {
				t.Errorf("write after %d conflicts: %v", tt.conflicts, err)
			}
			rec, rerr := clean.Acts().Record(ctx, a.ID)
			if rerr != nil {
				t.Fatal(rerr)
			}
			if want := map[bool]acts.Status{true: acts.StatusSubmitted, false: acts.StatusDraft}[err == nil]; rec.Act.Status != want {
				t.Errorf("stored status %s, want %s", rec.Act.Status, want)
			}
			t.Logf("%d TransactWriteItems calls, %d cancelled by injected conflicts", f.Stats().Calls["TransactWriteItems"], f.Stats().Conflicts)
		})
	}
}
