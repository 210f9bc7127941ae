package dynamo

import (
	"context"

	"aftersales/shared/acts"
	"aftersales/shared/orders"
)

// AddEvent writes one history entry of an act that changes nothing on the
// act (a document e-mailed), on condition the act exists. Its key is its
// time and id, so it never takes another's place.
func (a *Acts) AddEvent(ctx context.Context, e acts.Event) error {
	it, err := newEventItem(e)
	if err != nil {
		return err
	}
	return a.s.PutUnder(ctx, "add event to act "+e.ActID, it, actKey(e.ActID))
}

// Compensation reads the compensation record of an approval that shipped
// nothing (acts.Act.CompensationID), in an order's shape.
func (sh *Shipments) Compensation(ctx context.Context, id string) (orders.Order, error) {
	var it orderItem
	if err := sh.s.get(ctx, compensationKey(id), &it); err != nil {
		return orders.Order{}, err
	}
	return it.order(), nil
}
