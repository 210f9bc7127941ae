package deskstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
)

var _ desk.RepairStore = (*Desk)(nil)

const (
	entitySettings = "desk-settings"
	entityRepair   = "repair"
	entityEvent    = "repair-event"
	entityRef      = "repair-ref"
	entityCounter  = "counter"
)

type settingsItem struct {
	PK, SK   string
	Entity   string
	Settings desk.Settings
	Version  int
}

type repairItem struct {
	PK, SK string
	Entity string
	GSI1PK string
	GSI1SK string
	GSI2PK string `dynamodbav:",omitempty"`
	GSI2SK string `dynamodbav:",omitempty"`
	GSI3PK string `dynamodbav:",omitempty"`
	GSI3SK string `dynamodbav:",omitempty"`
	// Repair is the order as the domain has it; no query looks inside.
	Repair  desk.Repair
	Version int
}

type eventItem struct {
	PK, SK string
	Entity string
	Event  desk.Event
}

type refItem struct {
	PK, SK   string
	Entity   string
	RepairID string
}

type counterItem struct {
	PK, SK string
	Entity string
	Seq    int
}

func toRepairItem(r desk.Repair, due *time.Time) repairItem {
	r.ActID = "" // read from the act's link item, never stored with the order
	k := dynamo.RepairKey(r.ID)
	it := repairItem{PK: k.PK, SK: k.SK, Entity: entityRepair, Repair: r, Version: r.Version,
		GSI1PK: dynamo.RepairsInStatusPK(r.CentreID, string(r.Status)), GSI1SK: dynamo.RepairSinceSK(r.StatusSince, r.ID)}
	if r.Status != desk.StatusHandedOver {
		it.GSI3PK, it.GSI3SK = dynamo.OpenRepairsPK(r.CentreID), dynamo.RepairDueSK(due, r.StatusSince, r.ID)
		if r.ExecutorID != "" {
			it.GSI2PK, it.GSI2SK = dynamo.ExecutorRepairsPK(r.CentreID, r.ExecutorID), it.GSI3SK
		}
	}
	return it
}

// Settings reads a centre's settings; auth.ErrNotFound before it saved any.
func (d *Desk) Settings(ctx context.Context, centre string) (desk.Settings, error) {
	var it settingsItem
	if err := d.s.Get(ctx, dynamo.DeskSettingsKey(centre), &it); err != nil {
		return desk.Settings{}, err
	}
	it.Settings.Version = it.Version
	return it.Settings, nil
}

// PutSettings writes s on condition the stored version is still before
// (0: none stored yet).
func (d *Desk) PutSettings(ctx context.Context, centre string, before int, s desk.Settings) error {
	k := dynamo.DeskSettingsKey(centre)
	return d.putVersioned(ctx, "save desk settings of "+centre, before,
		settingsItem{PK: k.PK, SK: k.SK, Entity: entitySettings, Settings: s, Version: s.Version})
}

// putVersioned writes a centre's document (settings, price list, message
// templates) on condition its stored Version is still before (0: none
// stored yet); auth.ErrStale otherwise.
func (d *Desk) putVersioned(ctx context.Context, what string, before int, item any) error {
	put, err := putAfter(d.s.Table(), item, before)
	if err != nil {
		return err
	}
	return d.s.Transact(ctx, what, []types.TransactWriteItem{put}, func(int) error { return auth.ErrStale })
}

// putAfter is the put of item on condition the stored Version is still
// before (0: nothing stored yet).
func putAfter(table string, item any, before int) (types.TransactWriteItem, error) {
	av, err := attributevalue.MarshalMap(item)
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return conditionalPut(table, av, dynamo.StillAt(before))
}

func conditionalPut(table string, av map[string]types.AttributeValue, cond expression.ConditionBuilder) (types.TransactWriteItem, error) {
	expr, err := expression.NewBuilder().WithCondition(cond).Build()
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Put: &types.Put{TableName: aws.String(table), Item: av,
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()}}, nil
}

// numberAttempts bounds the retries when another order of the same centre
// took the number read; each retry waits dynamo.Backoff, so a dozen desks
// taking orders at the same instant all get theirs.
const numberAttempts = 20

// CreateRepair numbers r without gaps — the counter moves from the number
// read to the next in the order's own transaction, so a number is used
// exactly when its order exists — and writes it with its first history
// entry and its entries under the device and the customer.
func (d *Desk) CreateRepair(ctx context.Context, r desk.Repair, due *time.Time, prefix string, ev desk.Event, tell func(desk.Repair) []desk.Message) (desk.Repair, error) {
	ck := dynamo.RepairCounterKey(r.CentreID, r.Year)
	for attempt := range numberAttempts {
		if attempt > 0 {
			if err := dynamo.Backoff(ctx, min(attempt-1, 4)); err != nil {
				return desk.Repair{}, err
			}
		}
		var c counterItem
		switch err := d.s.Get(ctx, ck, &c); {
		case errors.Is(err, auth.ErrNotFound):
		case err != nil:
			return desk.Repair{}, err
		}
		r.Seq = c.Seq + 1
		r.Number = desk.RepairNumber(prefix, r.Year, r.Seq)
		cav, err := attributevalue.MarshalMap(counterItem{PK: ck.PK, SK: ck.SK, Entity: entityCounter, Seq: r.Seq})
		if err != nil {
			return desk.Repair{}, err
		}
		cond := expression.Name("Seq").Equal(expression.Value(c.Seq))
		if c.Seq == 0 {
			cond = expression.AttributeNotExists(expression.Name("PK"))
		}
		counter, err := conditionalPut(d.s.Table(), cav, cond)
		if err != nil {
			return desk.Repair{}, err
		}
		items := []types.TransactWriteItem{counter}
		for _, it := range []any{toRepairItem(r, due), historyItem(r.ID, ev, r.Version, 0),
			refItem{PK: dynamo.DeviceKey(r.DeviceID).PK, SK: dynamo.RepairRefKey(dynamo.DeviceKey(r.DeviceID).PK, r.CreatedAt, r.ID).SK, Entity: entityRef, RepairID: r.ID},
			refItem{PK: dynamo.CustomerKey(r.CustomerID).PK, SK: dynamo.RepairRefKey(dynamo.CustomerKey(r.CustomerID).PK, r.CreatedAt, r.ID).SK, Entity: entityRef, RepairID: r.ID},
		} {
			w, err := d.s.PutNew(it)
			if err != nil {
				return desk.Repair{}, err
			}
			items = append(items, w)
		}
		if r.StatusToken != "" {
			w, err := d.link(r)
			if err != nil {
				return desk.Repair{}, err
			}
			items = append(items, w)
		}
		if tell != nil {
			msgs, err := d.queue(tell(r))
			if err != nil {
				return desk.Repair{}, err
			}
			items = append(items, msgs...)
		}
		err = d.s.Transact(ctx, "create repair order "+r.ID, items, func(i int) error {
			if i == 0 {
				return errNumberTaken
			}
			return nil
		})
		if !errors.Is(err, errNumberTaken) {
			return r, err
		}
	}
	return desk.Repair{}, fmt.Errorf("number a repair order of %s: %d attempts lost to others", r.CentreID, numberAttempts)
}

var errNumberTaken = errors.New("number taken")

// link is the transaction item of r's status link, on condition the token
// is new (160 random bits: a clash is a bug, not bad luck).
func (d *Desk) link(r desk.Repair) (types.TransactWriteItem, error) {
	k := dynamo.StatusLinkKey(r.StatusToken)
	return d.s.PutNew(linkItem{PK: k.PK, SK: k.SK, Entity: entityLink, RepairID: r.ID})
}

func historyItem(id string, ev desk.Event, version, n int) eventItem {
	k := dynamo.RepairHistoryKey(id, ev.At, version, n)
	return eventItem{PK: k.PK, SK: k.SK, Entity: entityEvent, Event: ev}
}

// UpdateRepair writes after on condition of before's version, with events.
func (d *Desk) UpdateRepair(ctx context.Context, before, after desk.Repair, due *time.Time, events []desk.Event, msgs []desk.Message) error {
	av, err := attributevalue.MarshalMap(toRepairItem(after, due))
	if err != nil {
		return err
	}
	put, err := conditionalPut(d.s.Table(), av, expression.Name("Version").Equal(expression.Value(before.Version)))
	if err != nil {
		return err
	}
	items := []types.TransactWriteItem{put}
	for n, ev := range events {
		w, err := d.s.Put(historyItem(after.ID, ev, after.Version, n))
		if err != nil {
			return err
		}
		items = append(items, w)
	}
	queued, err := d.queue(msgs)
	if err != nil {
		return err
	}
	items = append(items, queued...)
	if before.StatusToken == "" && after.StatusToken != "" {
		w, err := d.link(after)
		if err != nil {
			return err
		}
		items = append(items, w)
	}
	return d.s.Transact(ctx, "update repair order "+after.ID, items, func(i int) error {
		if i == 0 {
			return auth.ErrStale
		}
		return nil
	})
}

// Repair reads an order, its history (oldest first) and the link to its
// warranty act in one Query.
func (d *Desk) Repair(ctx context.Context, id string) (desk.Repair, []desk.Event, error) {
	var r *desk.Repair
	var events []desk.Event
	var actID string
	_, err := d.s.RunQuery(ctx, dynamo.OnTable(dynamo.RepairPK(id), true), auth.ListOptions{Limit: dynamo.MaxLimit}, func(av map[string]types.AttributeValue) error {
		var head struct{ Entity string }
		if err := attributevalue.UnmarshalMap(av, &head); err != nil {
			return err
		}
		switch head.Entity {
		case entityRepair:
			var it repairItem
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return fmt.Errorf("decode repair order %s: %w", id, err)
			}
			r = &it.Repair
		case entityEvent:
			var it eventItem
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return fmt.Errorf("decode history of %s: %w", id, err)
			}
			events = append(events, it.Event)
		case dynamo.EntityRepairAct:
			var link struct{ ActID string }
			if err := attributevalue.UnmarshalMap(av, &link); err != nil {
				return fmt.Errorf("decode the act link of %s: %w", id, err)
			}
			actID = link.ActID
		}
		return nil
	})
	if err != nil {
		return desk.Repair{}, nil, fmt.Errorf("read repair order %s: %w", id, err)
	}
	if r == nil {
		return desk.Repair{}, nil, auth.ErrNotFound
	}
	r.ActID = actID
	return *r, events, nil
}

// Repairs reads one page of a centre's list: open orders by due time, or
// only those overdue at the filter's time, or one status's, or one
// executor's open orders.
func (d *Desk) Repairs(ctx context.Context, centre string, f desk.RepairFilter) (auth.Page[desk.Repair], error) {
	var l dynamo.List
	switch {
	case f.Status != "":
		p := dynamo.OnGSI1(dynamo.RepairsInStatusPK(centre, string(f.Status)), true)
		l = dynamo.NewList(p, p.Whole())
	case f.ExecutorID != "":
		p := dynamo.OnGSI2(dynamo.ExecutorRepairsPK(centre, f.ExecutorID), true)
		cond := p.Whole()
		if f.OverdueAt != nil {
			cond = cond.And(expression.Key("GSI2SK").LessThan(expression.Value(dynamo.SortableTime(*f.OverdueAt))))
		}
		l = dynamo.NewList(p, cond)
	case f.OverdueAt != nil:
		p := dynamo.OnGSI3(dynamo.OpenRepairsPK(centre), true)
		l = dynamo.NewList(p, p.Whole().And(expression.Key("GSI3SK").LessThan(expression.Value(dynamo.SortableTime(*f.OverdueAt)))))
	default:
		p := dynamo.OnGSI3(dynamo.OpenRepairsPK(centre), true)
		l = dynamo.NewList(p, p.Whole())
	}
	return dynamo.ListPage(ctx, d.s, l, f.Limit, f.Cursor, decodeRepair)
}

func decodeRepair(av map[string]types.AttributeValue) (desk.Repair, error) {
	var it repairItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return desk.Repair{}, fmt.Errorf("decode repair order: %w", err)
	}
	return it.Repair, nil
}

// repairsOf are the orders under a device's or customer's partition
// (ownerPK), newest first: the refs, then the orders in one batch.
func (d *Desk) repairsOf(ctx context.Context, ownerPK string) ([]desk.Repair, error) {
	p := dynamo.OnTable(ownerPK, false)
	l := dynamo.NewList(p, p.Whole().And(expression.Key("SK").BeginsWith(dynamo.PrefixRepairRef)))
	ids, err := dynamo.ExportAll(ctx, d.s, l, func(r []string) bool { return len(r) >= 100 }, func(av map[string]types.AttributeValue) (string, error) {
		var it refItem
		err := attributevalue.UnmarshalMap(av, &it)
		return it.RepairID, err
	})
	if err != nil {
		return nil, fmt.Errorf("repair orders of %s: %w", ownerPK, err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	keys := make([]dynamo.Key, len(ids))
	for i, id := range ids {
		keys[i] = dynamo.RepairKey(id)
	}
	byID := map[string]desk.Repair{}
	err = d.s.BatchGet(ctx, 1, keys, nil, func(av map[string]types.AttributeValue) error {
		r, err := decodeRepair(av)
		byID[r.ID] = r
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]desk.Repair, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r)
		}
	}
	return out, nil
}

// DeviceRepairs are a device's orders, newest first.
func (d *Desk) DeviceRepairs(ctx context.Context, device string) ([]desk.Repair, error) {
	return d.repairsOf(ctx, dynamo.DeviceKey(device).PK)
}

// CustomerRepairs are a customer's orders, newest first.
func (d *Desk) CustomerRepairs(ctx context.Context, customer string) ([]desk.Repair, error) {
	return d.repairsOf(ctx, dynamo.CustomerKey(customer).PK)
}
