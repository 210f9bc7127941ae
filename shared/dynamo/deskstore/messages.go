package deskstore

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
)

var (
	_ desk.MessageStore = (*Desk)(nil)
	_ desk.Limiter      = (*Desk)(nil)
)

const (
	entityMessageSettings = "desk-message-settings"
	entityMessage         = "customer-message"
	entityLink            = "status-link"
	entityRate            = "rate-count"
	// maxMessageAttempts is how often a message is tried before it stops
	// being retried and shows as not sent.
	maxMessageAttempts = 5
)

type messageSettingsItem struct {
	PK, SK   string
	Entity   string
	Settings desk.MessageSettings
	Version  int
}

// messageItem is an order's message; while it waits to be sent it carries
// the CMSGQ keys (GSI1), which the daily job reads.
type messageItem struct {
	PK, SK  string
	Entity  string
	GSI1PK  string `dynamodbav:",omitempty"`
	GSI1SK  string `dynamodbav:",omitempty"`
	Message desk.Message
}

type linkItem struct {
	PK, SK   string
	Entity   string
	RepairID string
}

// MessageSettings reads a centre's templates; auth.ErrNotFound before it saved any.
func (d *Desk) MessageSettings(ctx context.Context, centre string) (desk.MessageSettings, error) {
	var it messageSettingsItem
	if err := d.s.Get(ctx, dynamo.DeskMessageSettingsKey(centre), &it); err != nil {
		return desk.MessageSettings{}, err
	}
	it.Settings.Version = it.Version
	return it.Settings, nil
}

// PutMessageSettings writes s on condition the stored version is still
// before (0: none stored yet).
func (d *Desk) PutMessageSettings(ctx context.Context, centre string, before int, s desk.MessageSettings) error {
	k := dynamo.DeskMessageSettingsKey(centre)
	return d.putVersioned(ctx, "save message templates of "+centre, before,
		messageSettingsItem{PK: k.PK, SK: k.SK, Entity: entityMessageSettings, Settings: s, Version: s.Version})
}

func toMessageItem(m desk.Message) messageItem {
	k := dynamo.RepairMessageKey(m.RepairID, m.Key)
	it := messageItem{PK: k.PK, SK: k.SK, Entity: entityMessage, Message: m}
	if m.State == desk.MessageQueued || m.State == desk.MessageFailed {
		it.GSI1PK, it.GSI1SK = dynamo.PendingMessagesPK, dynamo.PendingMessageSK(m.QueuedAt, m.Key)
	}
	return it
}

// queue is the transaction items that write msgs, each on condition its
// event and channel have no message yet.
func (d *Desk) queue(msgs []desk.Message) ([]types.TransactWriteItem, error) {
	items := make([]types.TransactWriteItem, 0, len(msgs))
	for _, m := range msgs {
		w, err := d.s.PutNew(toMessageItem(m))
		if err != nil {
			return nil, err
		}
		items = append(items, w)
	}
	return items, nil
}

// QueueMessages writes msgs in one transaction: all or, when the event was
// queued before, none (desk.ErrAlreadyQueued).
func (d *Desk) QueueMessages(ctx context.Context, msgs []desk.Message) error {
	items, err := d.queue(msgs)
	if err != nil || len(items) == 0 {
		return err
	}
	return d.s.Transact(ctx, "queue messages "+msgs[0].Key, items, func(int) error { return desk.ErrAlreadyQueued })
}

// RepairMessages reads an order's messages in one Query.
func (d *Desk) RepairMessages(ctx context.Context, repairID string) ([]desk.Message, error) {
	var out []desk.Message
	_, err := d.s.RunQuery(ctx, dynamo.OnTable(dynamo.RepairMessagesPK(repairID), true), auth.ListOptions{Limit: dynamo.MaxLimit},
		func(av map[string]types.AttributeValue) error {
			m, err := decodeMessage(av)
			out = append(out, m)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("read messages of order %s: %w", repairID, err)
	}
	return out, nil
}

func decodeMessage(av map[string]types.AttributeValue) (desk.Message, error) {
	var it messageItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return desk.Message{}, fmt.Errorf("decode message: %w", err)
	}
	return it.Message, nil
}

// MessageSent records m as sent — and off the pending list — in one
// transaction with a check that the e-mail ledger says its key was sent.
func (d *Desk) MessageSent(ctx context.Context, m desk.Message, now time.Time) error {
	sent, err := d.s.Check(dynamo.MailKey(m.Key), expression.Name("State").Equal(expression.Value(dynamo.MailSent)))
	if err != nil {
		return err
	}
	update, err := d.s.UpdateExisting(dynamo.RepairMessageKey(m.RepairID, m.Key), expression.
		Set(expression.Name("Message.State"), expression.Value(desk.MessageSent)).
		Set(expression.Name("Message.Result"), expression.Value(desk.ResultSent)).
		Set(expression.Name("Message.SentAt"), expression.Value(now.UTC())).
		Remove(expression.Name("GSI1PK")).Remove(expression.Name("GSI1SK")))
	if err != nil {
		return err
	}
	err = d.s.Transact(ctx, "record message "+m.Key+" sent", []types.TransactWriteItem{sent, update}, func(int) error { return errNotSent })
	if errors.Is(err, errNotSent) {
		return nil
	}
	return err
}

// errNotSent: the ledger does not (yet) record the message as sent (another
// sender holds it), or the message is gone; it stays as it is.
var errNotSent = errors.New("message not recorded as sent")

// MessageFailed counts a failed attempt; the last one takes the message
// off the pending list for good.
func (d *Desk) MessageFailed(ctx context.Context, m desk.Message, reason string, now time.Time) (bool, error) {
	state, result := desk.MessageFailed, "ошибка отправки, повторим: "+clipReason(reason)
	update := expression.Add(expression.Name("Message.Attempts"), expression.Value(1))
	last := m.Attempts+1 >= maxMessageAttempts
	if last {
		state, result = desk.MessageGaveUp, desk.ResultGaveUp+": "+clipReason(reason)
		update = update.Remove(expression.Name("GSI1PK")).Remove(expression.Name("GSI1SK"))
	}
	update = update.Set(expression.Name("Message.State"), expression.Value(state)).
		Set(expression.Name("Message.Result"), expression.Value(result))
	expr, err := expression.NewBuilder().WithUpdate(update).
		WithCondition(expression.AttributeExists(expression.Name("PK"))).Build()
	if err != nil {
		return false, err
	}
	_, err = d.s.DB().UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(d.s.Table()),
		Key: d.s.KeyAV(dynamo.RepairMessageKey(m.RepairID, m.Key)), UpdateExpression: expr.Update(),
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()})
	if err != nil {
		return false, fmt.Errorf("record failed message %s: %w", m.Key, err)
	}
	return last, nil
}

// clipReason keeps a provider's error short enough for the order page.
func clipReason(s string) string {
	if utf8.RuneCountInString(s) <= 200 {
		return s
	}
	return string([]rune(s)[:200]) + "…"
}

// PendingMessages reads the messages queued before t and not yet sent
// (GSI1 CMSGQ), oldest first. The index is eventually consistent, so
// each is read back from the table before it is sent.
func (d *Desk) PendingMessages(ctx context.Context, before time.Time, limit int) ([]desk.Message, error) {
	p := dynamo.OnGSI1(dynamo.PendingMessagesPK, true)
	l := dynamo.NewList(p, p.Whole().And(expression.Key("GSI1SK").LessThan(expression.Value(dynamo.SortableTime(before)))))
	found, err := dynamo.ExportAll(ctx, d.s, l, func(r []desk.Message) bool { return len(r) >= limit }, decodeMessage)
	if err != nil {
		return nil, fmt.Errorf("pending messages: %w", err)
	}
	out := make([]desk.Message, 0, len(found))
	for _, m := range found {
		var it messageItem
		switch err := d.s.Get(ctx, dynamo.RepairMessageKey(m.RepairID, m.Key), &it); {
		case errors.Is(err, auth.ErrNotFound):
		case err != nil:
			return nil, fmt.Errorf("read pending message %s: %w", m.Key, err)
		case it.GSI1PK != "":
			out = append(out, it.Message)
		}
	}
	return out, nil
}

// RepairByToken reads the order a status link opens.
func (d *Desk) RepairByToken(ctx context.Context, token string) (desk.Repair, error) {
	var it linkItem
	if err := d.s.Get(ctx, dynamo.StatusLinkKey(token), &it); err != nil {
		return desk.Repair{}, err
	}
	r, _, err := d.Repair(ctx, it.RepairID)
	return r, err
}

type rateItem struct {
	Count int
}

// Spent reads bucket's count in the window holding now (strongly
// consistent): true when limit requests were counted.
func (d *Desk) Spent(ctx context.Context, bucket string, limit int, window time.Duration, now time.Time) (bool, error) {
	var it rateItem
	err := d.s.Get(ctx, dynamo.RateKey(bucket, now.UTC().Truncate(window)), &it)
	if errors.Is(err, auth.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read the count of %s: %w", bucket, err)
	}
	return it.Count >= limit, nil
}

// Allow counts one request of bucket in the fixed window holding now with
// one conditional UpdateItem (ADD under the limit): a Lambda instance
// keeps no state between requests, so the count lives in the table, and
// TTL deletes it two windows later.
func (d *Desk) Allow(ctx context.Context, bucket string, limit int, window time.Duration, now time.Time) (bool, error) {
	start := now.UTC().Truncate(window)
	expr, err := expression.NewBuilder().
		WithUpdate(expression.Add(expression.Name("Count"), expression.Value(1)).
			Set(expression.Name("Entity"), expression.Value(entityRate)).
			Set(expression.Name("ExpiresAt"), expression.Value(start.Add(2*window).Unix()))).
		WithCondition(expression.AttributeNotExists(expression.Name("Count")).
			Or(expression.Name("Count").LessThan(expression.Value(limit)))).Build()
	if err != nil {
		return false, err
	}
	_, err = d.s.DB().UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(d.s.Table()),
		Key: d.s.KeyAV(dynamo.RateKey(bucket, start)), UpdateExpression: expr.Update(),
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()})
	var cfe *types.ConditionalCheckFailedException
	if errors.As(err, &cfe) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("count a request of %s: %w", bucket, err)
	}
	return true, nil
}
