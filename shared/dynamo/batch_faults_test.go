package dynamo_test

import (
	"context"
	"errors"
	"testing"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/acts"
	"aftersales/shared/dynamo"
	"aftersales/shared/timers"
)

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
			// The same fresh table through the real client with f installed and through a clean one.
			_, table := dynamotest.Table(t)
			due := timers.DefaultPolicy.DueAt
			faulty, clean := dynamo.New(dynamotest.ClientWith(f.Option()), table).WithDue(due), dynamo.New(dynamotest.Client(), table).WithDue(due)
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
