package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
	"aftersales/shared/mailer"
	"aftersales/shared/notices"
)

// The states of an e-mail ledger entry (shared/dynamo/mailstore writes
// them; the outbox checks that a mail was sent).
const (
	MailSending = "sending"
	MailSent    = "sent"
	MailFailed  = "failed"
)

// Outbox keeps each e-mail queued in the same transaction as the change it
// reports (OUTBOX#<event key>) until the e-mail ledger (MailLedger) says it
// was sent. While unsent it carries due-index keys, so the hourly job finds
// a mail whose send failed or never happened; the ledger keeps the job and
// the first sender from both sending it.
type Outbox struct {
	s *Store
}

// Outbox returns the e-mail outbox of the store's table.
func (s *Store) Outbox() *Outbox { return &Outbox{s: s} }

var _ notices.Outbox = (*Outbox)(nil)

const (
	// outboxKept is how long a sent mail's copy stays (TTL), for support.
	outboxKept = 30 * 24 * time.Hour
	// maxMailAttempts is how often a queued mail is tried before it leaves
	// the due index; it stays in the table, failed in the ledger, for
	// people to see, instead of being retried every hour for ever.
	maxMailAttempts = 5
)

type outboxItem struct {
	PK, SK    string
	Entity    string
	Key       string
	To        []string
	Subject   string
	Text      string
	QueuedAt  time.Time
	Attempts  int
	DuePK     string `dynamodbav:",omitempty"`
	DueAt     string `dynamodbav:",omitempty"`
	ExpiresAt int64  `dynamodbav:",omitempty"`
}

// queueMail is the transaction item that queues m, on condition that its
// event has no mail queued yet. ok is false for a mail without recipients,
// which is not queued at all.
func (s *Store) queueMail(m notices.Mail) (item types.TransactWriteItem, ok bool, err error) {
	if len(m.Message.To) == 0 {
		return types.TransactWriteItem{}, false, nil
	}
	if m.Digest != "" {
		item, err = s.putNew(newHeldItem(m))
		return item, true, err
	}
	k := outboxKey(m.Key)
	it := outboxItem{PK: k.PK, SK: k.SK, Entity: "outbox", Key: m.Key, To: m.Message.To, Subject: m.Message.Subject,
		Text: m.Message.Text, QueuedAt: m.At, DuePK: duePK(k.PK), DueAt: sortableTime(m.At)}
	item, err = s.putNew(it)
	return item, true, err
}

// Queued reads back a queued mail; notices.ErrNotQueued when there is none.
func (o *Outbox) Queued(ctx context.Context, eventKey string) (notices.Mail, error) {
	var it outboxItem
	err := o.s.get(ctx, outboxKey(eventKey), &it)
	if errors.Is(err, auth.ErrNotFound) {
		return notices.Mail{}, notices.ErrNotQueued
	}
	if err != nil {
		return notices.Mail{}, err
	}
	return notices.Mail{Key: eventKey, At: it.QueuedAt, Message: mailer.Message{To: it.To, Subject: it.Subject, Text: it.Text}}, nil
}

// Done takes a mail off the due index, on condition that the ledger records
// it as sent: a sender that merely found the mail in flight elsewhere must
// not dequeue it, since that other attempt may still fail.
func (o *Outbox) Done(ctx context.Context, eventKey string, now time.Time) error {
	sent, err := o.s.check(MailKey(eventKey), expression.Name("State").Equal(expression.Value(MailSent)))
	if err != nil {
		return err
	}
	expr, err := expression.NewBuilder().WithCondition(exists).WithUpdate(
		expression.Remove(expression.Name("DuePK")).Remove(expression.Name("DueAt")).
			Set(expression.Name("ExpiresAt"), expression.Value(now.Add(outboxKept).Unix()))).Build()
	if err != nil {
		return err
	}
	dequeue := types.TransactWriteItem{Update: &types.Update{
		TableName: aws.String(o.s.table), Key: o.s.keyAV(outboxKey(eventKey)),
		UpdateExpression: expr.Update(), ConditionExpression: expr.Condition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	}}
	err = o.s.transact(ctx, "dequeue e-mail "+eventKey, []types.TransactWriteItem{sent, dequeue}, func(int) error { return errNotDone })
	if errors.Is(err, errNotDone) {
		return nil
	}
	return err
}

// errNotDone: the mail is not (yet) recorded as sent, or not queued; it
// stays as it is.
var errNotDone = errors.New("e-mail not done")

// Failed counts a failed attempt; after maxMailAttempts the mail leaves the
// due index and Failed returns notices.ErrGaveUp (once: a later failure of
// a mail already off the index returns nil).
func (o *Outbox) Failed(ctx context.Context, eventKey string) error {
	k := outboxKey(eventKey)
	expr, err := expression.NewBuilder().WithCondition(exists).
		WithUpdate(expression.Add(expression.Name("Attempts"), expression.Value(1))).Build()
	if err != nil {
		return err
	}
	out, err := o.s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(o.s.table), Key: o.s.keyAV(k),
		UpdateExpression: expr.Update(), ConditionExpression: expr.Condition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
		ReturnValues: types.ReturnValueAllNew,
	})
	if isConditionFailed(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("count failed e-mail %s: %w", eventKey, err)
	}
	var it outboxItem
	if err := attributevalue.UnmarshalMap(out.Attributes, &it); err != nil {
		return fmt.Errorf("decode queued e-mail %s: %w", eventKey, err)
	}
	if it.Attempts < maxMailAttempts || it.DuePK == "" {
		return nil
	}
	expr, err = expression.NewBuilder().WithUpdate(expression.Remove(expression.Name("DuePK")).Remove(expression.Name("DueAt"))).Build()
	if err != nil {
		return err
	}
	_, err = o.s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(o.s.table), Key: o.s.keyAV(k),
		UpdateExpression: expr.Update(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	})
	if err != nil {
		return fmt.Errorf("give up e-mail %s: %w", eventKey, err)
	}
	return fmt.Errorf("e-mail %s abandoned after %d attempts: %w", eventKey, it.Attempts, notices.ErrGaveUp)
}

// ---- mails held for a user's daily digest

// newHeldItem is an event's mail to a user who chose the daily digest: the
// outbox's layout without due-index keys (nothing sends it on its own); the
// morning's digest gathers it.
func newHeldItem(m notices.Mail) outboxItem {
	k := heldKey(m.Digest, m.At, m.Key)
	return outboxItem{PK: k.PK, SK: k.SK, Entity: "held_mail", Key: m.Key, To: m.Message.To, Subject: m.Message.Subject,
		Text: m.Message.Text, QueuedAt: m.At}
}

// maxGathered is how many held mails one digest takes: its outbox item and
// their deletions fill one transaction (at most 100 items).
const maxGathered = 99

// Held returns a user's oldest held mails, at most as many as one digest
// takes.
func (o *Outbox) Held(ctx context.Context, user string) ([]notices.Mail, error) {
	var out []notices.Mail
	_, err := o.s.runQuery(ctx, OnTable(heldPK(user), true).q, auth.ListOptions{Limit: maxGathered}, func(av map[string]types.AttributeValue) error {
		var it outboxItem
		if err := attributevalue.UnmarshalMap(av, &it); err != nil {
			return fmt.Errorf("decode held e-mail: %w", err)
		}
		out = append(out, notices.Mail{Key: it.Key, At: it.QueuedAt, Digest: user,
			Message: mailer.Message{To: it.To, Subject: it.Subject, Text: it.Text}})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read e-mails held for %s: %w", user, err)
	}
	return out, nil
}

// Gather queues digest, which lists the held mails, and deletes them, in
// one transaction: a held event is either still held or in a queued digest,
// never both and never neither. ErrGathered when another run took one of
// them first (or queued this digest already).
func (o *Outbox) Gather(ctx context.Context, digest notices.Mail, held []notices.Mail) error {
	if len(held) > maxGathered {
		return fmt.Errorf("gather %d e-mails: at most %d fit one digest", len(held), maxGathered)
	}
	queue, ok, err := o.s.queueMail(digest)
	if err != nil || !ok {
		return err
	}
	items := []types.TransactWriteItem{queue}
	for _, m := range held {
		expr, err := expression.NewBuilder().WithCondition(exists).Build()
		if err != nil {
			return err
		}
		items = append(items, types.TransactWriteItem{Delete: &types.Delete{
			TableName: aws.String(o.s.table), Key: o.s.keyAV(heldKey(m.Digest, m.At, m.Key)),
			ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(),
		}})
	}
	return o.s.transact(ctx, "gather digest "+digest.Key, items, func(int) error { return notices.ErrGathered })
}
