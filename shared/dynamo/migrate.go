package dynamo

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/orders"
)

// MigrateReport counts what one Migrate changed.
type MigrateReport struct {
	// Tracked: dispatched shipments stored before the due index tracked
	// parcels in transit, now on it.
	Tracked int
	// Compensations: orders of own parts only (nothing to ship) stored
	// before such approvals stopped making orders, now compensation records.
	Compensations int
}

// Migrate brings items stored by earlier releases to today's layout. It
// reads only the partitions that can hold such items (all shipments; the
// delivered orders), never the whole table, and every change is
// conditional on the item still being in its old form, so running it again
// (or beside the functions) changes nothing twice.
func (s *Store) Migrate(ctx context.Context) (MigrateReport, error) {
	var r MigrateReport
	var err error
	if r.Tracked, err = s.trackOldDispatched(ctx); err != nil {
		return r, err
	}
	r.Compensations, err = s.moveCompensationOrders(ctx)
	return r, err
}

// trackOldDispatched puts every dispatched shipment that has no due-index
// keys on the due index, due at once: the hourly job then asks the carrier
// or counts the transit days, so no act stays in parts_shipped for ever.
func (s *Store) trackOldDispatched(ctx context.Context) (int, error) {
	list, err := readAll(ctx, s, listQuery{query: query{index: indexGSI2, pkName: "GSI2PK", pkValue: shipmentsPK},
		key: expression.Key("GSI2PK").Equal(expression.Value(shipmentsPK))},
		func(av map[string]types.AttributeValue) (shipmentItem, error) {
			var it shipmentItem
			return it, attributevalue.UnmarshalMap(av, &it)
		})
	if err != nil {
		return 0, fmt.Errorf("read shipments: %w", err)
	}
	n := 0
	for _, it := range list {
		if it.Status != string(orders.ShipmentDispatched) || it.DuePK != "" {
			continue
		}
		cond := statusIs(it.Status).And(expression.Name("DuePK").AttributeNotExists())
		update := expression.Set(expression.Name("DuePK"), expression.Value(duePK(it.PK))).
			Set(expression.Name("DueAt"), expression.Value(sortableTime(it.UpdatedAt)))
		item, err := s.updateIf(key{it.PK, it.SK}, update, cond)
		t := &txn{}
		t.add(item, err, errMigrated)
		if err := s.migrateOne(ctx, "track shipment "+it.ID, t, &n); err != nil {
			return n, err
		}
	}
	return n, nil
}

// migrateOne writes one item's migration, counting it in n; an item that
// changed since it was read is left as it is now.
func (s *Store) migrateOne(ctx context.Context, what string, t *txn, n *int) error {
	if t.err != nil {
		return t.err
	}
	err := s.transact(ctx, what, t.items, func(i int) error { return t.onFail[i] })
	switch {
	case errors.Is(err, errMigrated):
		return nil
	case err != nil:
		return err
	}
	*n++
	return nil
}

// errMigrated: the item changed since it was read (another run, or the
// functions, brought it up to date).
var errMigrated = errors.New("already migrated")

// moveCompensationOrders turns each delivered order without lines to ship
// into a compensation record: the record put, the order deleted, and the act
// moved from the order to the record at its next version, in one
// transaction. The ledger entries and the compensation report's index stay
// as they are (same id, same creation time).
func (s *Store) moveCompensationOrders(ctx context.Context) (int, error) {
	pk := ordersPK(string(orders.StatusDelivered))
	list, err := readAll(ctx, s, listQuery{query: query{index: indexGSI2, pkName: "GSI2PK", pkValue: pk},
		key: expression.Key("GSI2PK").Equal(expression.Value(pk))}, decodeOrder)
	if err != nil {
		return 0, fmt.Errorf("read delivered orders: %w", err)
	}
	n := 0
	for _, o := range list {
		if !o.ShipsNothing() {
			continue
		}
		var act actItem
		if err := s.get(ctx, actKey(o.ActID), &act); err != nil {
			return n, fmt.Errorf("read act %s of order %s: %w", o.ActID, o.ID, err)
		}
		t := &txn{}
		item, err := s.putNew(newOrderItem(o))
		t.add(item, err, errMigrated)
		noLines := expression.Name("Lines").Size().Equal(expression.Value(0))
		item, err = s.Acts().deleteIf(orderKey(o.ID), &noLines)
		t.add(item, err, errMigrated)
		update := expression.Set(expression.Name("CompensationID"), expression.Value(o.ID)).
			Set(expression.Name("Version"), expression.Value(act.Version+1))
		if rest := slices.DeleteFunc(slices.Clone(act.OrderIDs), func(id string) bool { return id == o.ID }); len(rest) > 0 {
			update = update.Set(expression.Name("OrderIDs"), expression.Value(rest))
		} else {
			update = update.Remove(expression.Name("OrderIDs"))
		}
		item, err = s.updateIf(actKey(o.ActID), update, versionIs(act.Version))
		t.add(item, err, errMigrated)
		if err := s.migrateOne(ctx, "move order "+o.ID+" to a compensation record", t, &n); err != nil {
			return n, err
		}
	}
	return n, nil
}
