package dynamo

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/acts"
	"aftersales/shared/notices"
	"aftersales/shared/timers"
)

// Timers is the storage side of the hourly job and the morning digest: the
// sparse due index and the conditional writes of reminders and automatic
// closes.
type Timers struct {
	s *Store
	a *Acts
}

// Timers returns the timer storage of the store's table.
func (s *Store) Timers() *Timers { return &Timers{s: s, a: s.Acts()} }

var (
	_ timers.Store       = (*Timers)(nil)
	_ timers.DigestStore = (*Timers)(nil)
)

// reminderKept is how long a reminder's marker outlives its deadline
// (TTL): long enough that no retry or stale index entry comes later.
const reminderKept = 30 * 24 * time.Hour

// Due queries each shard of the due index up to now. The index is keys
// only and sparse, so a run reads one small entry per due item, however
// many acts the table holds.
func (ti *Timers) Due(ctx context.Context, now time.Time) ([]timers.Due, error) {
	return ti.due(ctx, expression.Key("DueAt").LessThanEqual(expression.Value(sortableTime(now))))
}

// due reads every shard of the due index with a DueAt condition.
func (ti *Timers) due(ctx context.Context, at expression.KeyConditionBuilder) ([]timers.Due, error) {
	var out []timers.Due
	for shard := range dueShards {
		pk := dueShardPK(shard)
		keys, err := readAll(ctx, ti.s, listQuery{query: query{index: indexDue, pkName: "DuePK", pkValue: pk, forward: true},
			key: expression.Key("DuePK").Equal(expression.Value(pk)).And(at)}, decodeKey)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if d, ok := dueOf(k); ok {
				out = append(out, d)
			}
		}
	}
	return out, nil
}

func decodeKey(av map[string]types.AttributeValue) (key, error) {
	var k key
	if err := attributevalue.UnmarshalMap(av, &k); err != nil {
		return key{}, fmt.Errorf("decode due entry: %w", err)
	}
	return k, nil
}

// dueOf tells what a due-index entry stands for by its table key.
func dueOf(k key) (timers.Due, bool) {
	for _, p := range []struct {
		prefix, sk string
		kind       timers.DueKind
	}{
		{"ACT#", skMeta, timers.DueAct},
		{"SHIP#", skMeta, timers.DueShipment},
		{"OUTBOX#", skOutbox, timers.DueMail},
	} {
		if id, ok := strings.CutPrefix(k.PK, p.prefix); ok && k.SK == p.sk {
			return timers.Due{Kind: p.kind, ID: id}, true
		}
	}
	return timers.Due{}, false
}

// Act reads an act item alone, strongly consistent: one item per due act.
func (ti *Timers) Act(ctx context.Context, id string) (acts.Act, error) { return ti.s.act(ctx, id) }

// Remind is one transaction: the act's due time moves to the deadline (on
// condition it is still at the version and status read — without a new
// version, so nobody's open form goes stale), the reminder's marker for this
// deadline (on condition there is none: never two reminders), the comment,
// its event and the queued e-mail.
func (ti *Timers) Remind(ctx context.Context, r timers.Reminder) error {
	t := &txn{}
	a := r.Act
	item, err := ti.s.updateIf(actKey(a.ID), expression.Set(expression.Name("DueAt"), expression.Value(sortableTime(r.Deadline))),
		versionIs(a.Version).And(statusIs(string(a.Status))))
	t.add(item, err, acts.ErrStale)
	mk := reminderKey(a.ID, r.Deadline)
	item, err = ti.a.putIf(reminderItem{PK: mk.PK, SK: mk.SK, Entity: "act_reminder", At: r.Comment.At,
		ExpiresAt: r.Deadline.Add(reminderKept).Unix()}, notExists)
	t.add(item, err, timers.ErrReminded)
	ev, err := newEventItem(r.Event)
	if err != nil {
		return err
	}
	item, err = ti.s.put(ev)
	t.add(item, err, nil)
	item, err = ti.s.put(newCommentItem(r.Comment))
	t.add(item, err, nil)
	if item, ok, err := ti.s.queueMail(r.Mail); ok || err != nil {
		t.add(item, err, timers.ErrReminded)
	}
	return ti.a.commit(ctx, "remind act "+a.ID, t)
}

// reminderItem marks that an act's deadline had its reminder.
type reminderItem struct {
	PK, SK    string
	Entity    string
	At        time.Time
	ExpiresAt int64
}

// Close writes an automatic move and queues its e-mail in one transaction.
func (ti *Timers) Close(ctx context.Context, w acts.Write, m notices.Mail) error {
	t := &txn{}
	if err := ti.a.actChange(t, w); err != nil {
		return err
	}
	if item, ok, err := ti.s.queueMail(m); ok || err != nil {
		t.add(item, err, acts.ErrStale)
	}
	return ti.a.commit(ctx, "close act "+w.ActID, t)
}

// Postpone sets an act's due time, unless it changed since it was read or
// left the index.
func (ti *Timers) Postpone(ctx context.Context, a acts.Act, at time.Time) error {
	expr, err := expression.NewBuilder().
		WithUpdate(expression.Set(expression.Name("DueAt"), expression.Value(sortableTime(at)))).
		WithCondition(versionIs(a.Version).And(expression.AttributeExists(expression.Name("DuePK")))).Build()
	if err != nil {
		return err
	}
	_, err = ti.s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(ti.s.table), Key: ti.s.keyAV(actKey(a.ID)),
		UpdateExpression: expr.Update(), ConditionExpression: expr.Condition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	})
	if err != nil && !isConditionFailed(err) {
		return fmt.Errorf("postpone act %s: %w", a.ID, err)
	}
	return nil
}

// Overdue reads the review queue (GSI3) up to the cutoff twice: pre-sale
// acts ("0#…") and the rest ("1#…"), each oldest first — exactly the acts
// over the review target.
func (ti *Timers) Overdue(ctx context.Context, submittedBefore time.Time) ([]acts.Act, error) {
	var out []acts.Act
	for _, rank := range []string{"0#", "1#"} {
		list, err := readAll(ctx, ti.s, listQuery{query: query{index: indexGSI3, pkName: "GSI3PK", pkValue: queuePK, forward: true},
			key: expression.Key("GSI3PK").Equal(expression.Value(queuePK)).
				And(expression.Key("GSI3SK").Between(expression.Value(rank), expression.Value(rank+sortableTime(submittedBefore))))}, decodeAct)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	return out, nil
}

// Timed reads every act with a running timer: the act entries of the whole
// due index, then their items in batches of 100 (the imports' batch reader).
func (ti *Timers) Timed(ctx context.Context) ([]acts.Act, error) {
	all, err := ti.due(ctx, expression.Key("DueAt").GreaterThanEqual(expression.Value("0")))
	if err != nil {
		return nil, err
	}
	var keys []key
	for _, d := range all {
		if d.Kind == timers.DueAct {
			keys = append(keys, actKey(d.ID))
		}
	}
	var mu sync.Mutex
	var out []acts.Act
	err = ti.s.BatchGet(ctx, DefaultWorkers, keys, nil, func(av map[string]types.AttributeValue) error {
		a, err := decodeAct(av)
		mu.Lock()
		out = append(out, a)
		mu.Unlock()
		return err
	})
	return out, err
}
