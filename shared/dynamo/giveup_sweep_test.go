package dynamo

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/infra/localaws/dynamotest"
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
