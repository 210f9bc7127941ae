package mailstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/mailstore"
	"aftersales/shared/mailer"
)

// at is when the ledger's writes happen.
var at = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func TestAnEventsMailIsClaimedOnceUntilItFails(t *testing.T) {
	db, table := dynamotest.Table(t)
	t.Parallel()
	l := mailstore.New(dynamo.New(db, table))
	ctx := context.Background()
	if err := l.Claim(ctx, "e1", at, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := l.Claim(ctx, "e1", at, time.Minute); !errors.Is(err, mailer.ErrInFlight) {
		t.Errorf("a second claim: %v", err)
	}
	if err := l.Claim(ctx, "e1", at.Add(2*time.Minute), time.Minute); err != nil {
		t.Errorf("a stale claim was not taken over: %v", err)
	}
	if err := l.Failed(ctx, "e1", "ses down", at); err != nil {
		t.Fatal(err)
	}
	if err := l.Claim(ctx, "e1", at, time.Minute); err != nil {
		t.Errorf("a failed mail was not claimable: %v", err)
	}
	if err := l.Sent(ctx, "e1", "msg-1", at); err != nil {
		t.Fatal(err)
	}
	if err := l.Claim(ctx, "e1", at.Add(time.Hour), time.Minute); !errors.Is(err, mailer.ErrAlreadySent) {
		t.Errorf("a sent mail was claimed again: %v", err)
	}
}
