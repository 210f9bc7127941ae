package deskstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/agenda"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
)

var (
	_ agenda.Store = (*Desk)(nil)
	_ agenda.Feeds = (*Desk)(nil)
)

const (
	entityVisit   = "visit"
	entityDay     = "technician-day"
	entityFeed    = "ical-feed"
	entityFeedRef = "ical-feed-ref"
)

type visitItem struct {
	PK, SK         string
	Entity         string
	GSI1PK, GSI1SK string
	GSI2PK, GSI2SK string
	// Visit is the visit as the domain has it; queries read only the keys.
	Visit   agenda.Visit
	Version int
}

func toVisitItem(v agenda.Visit) visitItem {
	k := dynamo.VisitKey(v.ID)
	sk := dynamo.VisitStartSK(v.Start, v.ID)
	return visitItem{PK: k.PK, SK: k.SK, Entity: entityVisit, Visit: v, Version: v.Version,
		GSI1PK: dynamo.TechnicianVisitsPK(v.CentreID, v.TechnicianID), GSI1SK: sk,
		GSI2PK: dynamo.CentreVisitsPK(v.CentreID), GSI2SK: sk}
}

// dayItem is one technician's busy slots of one UTC day.
type dayItem struct {
	PK, SK  string
	Entity  string
	Slots   []agenda.Slot
	Version int
}

// dayRef names a technician's day.
type dayRef struct{ centre, technician, day string }

func (r dayRef) key() dynamo.Key { return dynamo.TechnicianDayKey(r.centre, r.technician, r.day) }

// daysOf are the UTC days a busy visit's time touches (none when it is not busy).
func daysOf(v *agenda.Visit) []dayRef {
	if v == nil || !v.Status.Busy() {
		return nil
	}
	var out []dayRef
	last := v.End.Add(-time.Nanosecond).UTC().Format(time.DateOnly)
	for d := v.Start.UTC(); ; d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		out = append(out, dayRef{v.CentreID, v.TechnicianID, day})
		if day >= last {
			return out
		}
	}
}

// bookAttempts bounds the retries when another booking changed one of the
// days read; each waits dynamo.Backoff, so a burst of bookings of one
// technician all get their answer.
const bookAttempts = 20

var errDayMoved = errors.New("a day schedule changed")

// SaveVisit writes next and moves its slot between the technicians' day
// items, re-reading them when another booking got there first.
func (d *Desk) SaveVisit(ctx context.Context, prev *agenda.Visit, next agenda.Visit) error {
	refs := daysOf(prev)
	for _, r := range daysOf(&next) {
		if !slices.Contains(refs, r) {
			refs = append(refs, r)
		}
	}
	for attempt := range bookAttempts {
		if attempt > 0 {
			if err := dynamo.Backoff(ctx, min(attempt-1, 4)); err != nil {
				return err
			}
		}
		err := d.book(ctx, prev, next, refs)
		if !errors.Is(err, errDayMoved) {
			return err
		}
	}
	return fmt.Errorf("book visit %s: %d attempts lost to other bookings", next.ID, bookAttempts)
}

// book is one attempt: read the days, refuse an overlap, write the visit
// and the days on condition nothing changed since the read.
func (d *Desk) book(ctx context.Context, prev *agenda.Visit, next agenda.Visit, refs []dayRef) error {
	days := make([]dayItem, len(refs))
	for i, r := range refs {
		switch err := d.s.Get(ctx, r.key(), &days[i]); {
		case errors.Is(err, auth.ErrNotFound):
			k := r.key()
			days[i] = dayItem{PK: k.PK, SK: k.SK, Entity: entityDay}
		case err != nil:
			return fmt.Errorf("read schedule %s: %w", r.key().PK, err)
		}
	}
	nextDays := daysOf(&next)
	for i, r := range refs {
		if !slices.Contains(nextDays, r) {
			continue
		}
		if other, busy := agenda.Overlap(days[i].Slots, next); busy {
			return &agenda.BusyError{Other: other}
		}
	}
	av, err := attributevalue.MarshalMap(toVisitItem(next))
	if err != nil {
		return err
	}
	cond := expression.AttributeNotExists(expression.Name("PK"))
	if prev != nil {
		cond = expression.Name("Version").Equal(expression.Value(prev.Version))
	}
	put, err := conditionalPut(d.s.Table(), av, cond)
	if err != nil {
		return err
	}
	items := []types.TransactWriteItem{put}
	for i, r := range refs {
		it := days[i]
		read := it.Version
		it.Slots = slices.DeleteFunc(slices.Clone(it.Slots), func(s agenda.Slot) bool { return s.VisitID == next.ID })
		if slices.Contains(nextDays, r) {
			it.Slots = append(it.Slots, agenda.SlotOf(next))
			slices.SortFunc(it.Slots, func(a, b agenda.Slot) int { return a.Start.Compare(b.Start) })
		}
		it.Version = read + 1
		w, err := putAfter(d.s.Table(), it, read)
		if err != nil {
			return err
		}
		items = append(items, w)
	}
	return d.s.Transact(ctx, "save visit "+next.ID, items, func(i int) error {
		if i == 0 {
			if prev == nil {
				return fmt.Errorf("visit id %s taken", next.ID)
			}
			return auth.ErrStale
		}
		return errDayMoved
	})
}

// Visit reads one visit.
func (d *Desk) Visit(ctx context.Context, id string) (agenda.Visit, error) {
	var it visitItem
	if err := d.s.Get(ctx, dynamo.VisitKey(id), &it); err != nil {
		return agenda.Visit{}, err
	}
	return it.visit(), nil
}

func (it visitItem) visit() agenda.Visit {
	v := it.Visit
	v.Version = it.Version
	return v
}

// Visits are one Query: a technician's on GSI1, a centre's on GSI2.
func (d *Desk) Visits(ctx context.Context, centre, technician string, from, to time.Time) ([]agenda.Visit, error) {
	p, skName := dynamo.OnGSI2(dynamo.CentreVisitsPK(centre), true), "GSI2SK"
	if technician != "" {
		p, skName = dynamo.OnGSI1(dynamo.TechnicianVisitsPK(centre, technician), true), "GSI1SK"
	}
	cond := p.Whole().And(expression.Key(skName).Between(
		expression.Value(dynamo.SortableTime(from)), expression.Value(dynamo.SortableTime(to))))
	vs, err := dynamo.ExportAll(ctx, d.s, dynamo.NewList(p, cond), func([]agenda.Visit) bool { return false },
		func(av map[string]types.AttributeValue) (agenda.Visit, error) {
			var it visitItem
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return agenda.Visit{}, fmt.Errorf("decode visit: %w", err)
			}
			return it.visit(), nil
		})
	if vs == nil {
		vs = []agenda.Visit{}
	}
	return vs, err
}

// ---------------------------------------------------------------- iCalendar feeds

type feedItem struct {
	PK, SK       string
	Entity       string
	Hash         string
	CentreID     string
	TechnicianID string
	CreatedBy    string
	CreatedAt    time.Time
}

func (it feedItem) feed() agenda.Feed {
	return agenda.Feed{Hash: it.Hash, CentreID: it.CentreID, TechnicianID: it.TechnicianID, CreatedBy: it.CreatedBy, CreatedAt: it.CreatedAt}
}

func toFeedItems(f agenda.Feed) (feed, ref feedItem) {
	feed = feedItem{Entity: entityFeed, Hash: f.Hash, CentreID: f.CentreID, TechnicianID: f.TechnicianID, CreatedBy: f.CreatedBy, CreatedAt: f.CreatedAt}
	ref = feed
	k, rk := dynamo.FeedKey(f.Hash), dynamo.TechnicianFeedKey(f.TechnicianID)
	feed.PK, feed.SK = k.PK, k.SK
	ref.PK, ref.SK, ref.Entity = rk.PK, rk.SK, entityFeedRef
	return feed, ref
}

// PutFeed writes the feed and the technician's pointer to it, and deletes
// the feed the pointer named before, in one transaction on condition the
// pointer still names it: the old link stops working the moment the new
// one exists, and no link outlives its pointer (which would leave it
// working and impossible to revoke).
func (d *Desk) PutFeed(ctx context.Context, f agenda.Feed) error {
	feed, ref := toFeedItems(f)
	return d.swapFeed(ctx, f.TechnicianID, func(old *agenda.Feed) ([]types.TransactWriteItem, error) {
		put, err := d.s.Put(feed)
		if err != nil {
			return nil, err
		}
		av, err := attributevalue.MarshalMap(ref)
		if err != nil {
			return nil, err
		}
		ptr, err := conditionalPut(d.s.Table(), av, pointsAt(old))
		if err != nil {
			return nil, err
		}
		items := []types.TransactWriteItem{ptr, put}
		if old != nil {
			items = append(items, types.TransactWriteItem{Delete: &types.Delete{TableName: aws.String(d.s.Table()), Key: d.s.KeyAV(dynamo.FeedKey(old.Hash))}})
		}
		return items, nil
	})
}

// DeleteFeed deletes the technician's feed and pointer together, on
// condition the pointer still names that feed.
func (d *Desk) DeleteFeed(ctx context.Context, technician string) error {
	return d.swapFeed(ctx, technician, func(old *agenda.Feed) ([]types.TransactWriteItem, error) {
		if old == nil {
			return nil, nil
		}
		expr, err := expression.NewBuilder().WithCondition(pointsAt(old)).Build()
		if err != nil {
			return nil, err
		}
		return []types.TransactWriteItem{
			{Delete: &types.Delete{TableName: aws.String(d.s.Table()), Key: d.s.KeyAV(dynamo.TechnicianFeedKey(technician)),
				ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()}},
			{Delete: &types.Delete{TableName: aws.String(d.s.Table()), Key: d.s.KeyAV(dynamo.FeedKey(old.Hash))}},
		}, nil
	})
}

// pointsAt is the condition that a technician's pointer is as read: absent
// (old nil) or naming old.
func pointsAt(old *agenda.Feed) expression.ConditionBuilder {
	if old == nil {
		return expression.AttributeNotExists(expression.Name("PK"))
	}
	return expression.Name("Hash").Equal(expression.Value(old.Hash))
}

var errPointerMoved = errors.New("feed pointer moved")

// swapFeed reads the technician's pointer and writes what build makes of
// it, reading again when another change of the pointer came first.
func (d *Desk) swapFeed(ctx context.Context, technician string, build func(old *agenda.Feed) ([]types.TransactWriteItem, error)) error {
	for attempt := range bookAttempts {
		if attempt > 0 {
			if err := dynamo.Backoff(ctx, min(attempt-1, 4)); err != nil {
				return err
			}
		}
		var old *agenda.Feed
		switch f, err := d.TechnicianFeed(ctx, technician); {
		case err == nil:
			old = &f
		case !errors.Is(err, auth.ErrNotFound):
			return err
		}
		items, err := build(old)
		if err != nil || len(items) == 0 {
			return err
		}
		err = d.s.Transact(ctx, "change feed of "+technician, items, func(i int) error {
			if i == 0 {
				return errPointerMoved
			}
			return nil
		})
		if !errors.Is(err, errPointerMoved) {
			return err
		}
	}
	return fmt.Errorf("change feed of %s: %d attempts lost to other changes", technician, bookAttempts)
}

// TechnicianFeed reads the technician's pointer.
func (d *Desk) TechnicianFeed(ctx context.Context, technician string) (agenda.Feed, error) {
	var it feedItem
	if err := d.s.Get(ctx, dynamo.TechnicianFeedKey(technician), &it); err != nil {
		return agenda.Feed{}, err
	}
	return it.feed(), nil
}

// FeedByHash reads a feed by its token's hash.
func (d *Desk) FeedByHash(ctx context.Context, hash string) (agenda.Feed, error) {
	var it feedItem
	if err := d.s.Get(ctx, dynamo.FeedKey(hash), &it); err != nil {
		return agenda.Feed{}, err
	}
	return it.feed(), nil
}
