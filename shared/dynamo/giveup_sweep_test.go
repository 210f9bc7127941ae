package dynamo

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/imports"
	"aftersales/shared/mailer"
	"aftersales/shared/notices"
)

// A queued e-mail whose sends keep failing leaves the due index on its
// fifth failure, and that failure, only that one, says it gave up.
func TestAnEmailAbandonedAfterItsLastAttemptSaysItGaveUp(t *testing.T) {
	_, table := dynamotest.Table(t)
	t.Parallel()
	s := New(dynamotest.Client(), table)
	ctx := context.Background()
	m := notices.Mail{Key: "act/A1/refused", At: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC),
		Message: mailer.Message{To: []string{"sc@shop.test"}, Subject: "s", Text: "t"}}
	item, _, err := s.queueMail(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.transact(ctx, "queue", []types.TransactWriteItem{item}, nil); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= maxMailAttempts+1; i++ {
		err := s.Outbox().Failed(ctx, m.Key)
		gaveUp := errors.Is(err, notices.ErrGaveUp)
		if gaveUp != (i == maxMailAttempts) || (err != nil && !gaveUp) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	var it outboxItem
	if err := s.get(ctx, outboxKey(m.Key), &it); err != nil || it.DuePK != "" {
		t.Fatalf("abandoned mail still due (%q) or gone: %v", it.DuePK, err)
	}
}

// The sweep's query finds exactly the loads still processing since a time.
func TestProcessingListsOnlyLoadsStillProcessingSinceATime(t *testing.T) {
	_, table := dynamotest.Table(t)
	t.Parallel()
	im := New(dynamotest.Client(), table).Imports()
	ctx := context.Background()
	base := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	mk := func(key string, created time.Time, status imports.LoadStatus) imports.Protocol {
		o := imports.Object{Bucket: "b", Key: key, VersionID: "v1"}
		p := imports.Protocol{ID: o.ProtocolID(), Object: o, FileName: "Outlets.xlsx", Status: imports.LoadProcessing,
			CreatedAt: created, Attempts: 1, Lease: imports.Lease{Owner: "o-" + key, Until: created.Add(time.Minute)}}
		if _, won, err := im.ClaimProtocol(ctx, p); err != nil || !won {
			t.Fatalf("claim %s: %v", key, err)
		}
		if status != imports.LoadProcessing {
			p.Status = status
			if err := im.SaveProtocol(ctx, p, p.Lease.Owner); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	mk("old", base.Add(-8*24*time.Hour), imports.LoadProcessing)
	stuck := mk("stuck", base.Add(-2*time.Hour), imports.LoadProcessing)
	mk("done", base.Add(-time.Hour), imports.LoadSucceeded)
	live := mk("live", base, imports.LoadProcessing)
	got, err := im.Processing(ctx, base.Add(-7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != stuck.ID || got[1].ID != live.ID {
		t.Fatalf("got %d loads: %+v", len(got), got)
	}
}
