package localrun

import (
	"context"
	"sync"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/fn/fulfilfn"
	"aftersales/shared/orders"
)

// The orders and shipments rows of the authorization matrix take these
// fixtures. Each call makes fresh objects owned by the world's service
// centre through the same services the API uses.
func init() {
	// order is a fresh order awaiting shipment: an approved act's.
	registerFixture("order", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		o, err := matrixOrder(ctx, e, w)
		return o.ID, err
	})
	// shipment is a fresh urgent shipment, collected, with one order.
	registerFixture("shipment", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		sh, err := matrixShipment(ctx, e, w)
		return sh.ID, err
	})
	// dispatchedShipment is a fresh shipment on its way.
	registerFixture("dispatchedShipment", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		sh, err := matrixShipment(ctx, e, w)
		if err != nil {
			return "", err
		}
		f, err := matrixFulfilment(e)
		if err != nil {
			return "", err
		}
		sh, err = f.Shipments.Dispatch(ctx, matrixManager, sh.ID, orders.Dispatch{Carrier: "СДЭК", TrackingNumber: "RA" + randomHex(4)})
		return sh.ID, err
	})
}

var matrixManager = auth.Caller{UserID: "authz-matrix-manager", Role: auth.RoleManager}

var (
	matrixFulfilmentOnce sync.Once
	matrixFulfilmentVal  *fulfilfn.Fulfilment
	matrixFulfilmentErr  error
)

// matrixFulfilment is the orders services on the runner's table.
func matrixFulfilment(e *matrixEnv) (*fulfilfn.Fulfilment, error) {
	matrixFulfilmentOnce.Do(func() { matrixFulfilmentVal, matrixFulfilmentErr = fulfilfn.New(e.srv.Env()) })
	return matrixFulfilmentVal, matrixFulfilmentErr
}

// matrixOrder files the seed's act for the world's centre, puts it in review
// as a complete submission would, and has a manager approve it.
func matrixOrder(ctx context.Context, e *matrixEnv, w world) (orders.Order, error) {
	svc, err := matrixActs(e)
	if err != nil {
		return orders.Order{}, err
	}
	f, err := matrixFulfilment(e)
	if err != nil {
		return orders.Order{}, err
	}
	fields, err := seedFields()
	if err != nil {
		return orders.Order{}, err
	}
	fields.Parts = []acts.Part{{Name: "Свеча", Quantity: 1}}
	a, _, err := svc.Create(ctx, matrixCentre(w), fields)
	if err != nil {
		return orders.Order{}, err
	}
	now := time.Now()
	next := a
	next.Status, next.Version, next.SubmittedAt, next.StatusChangedAt = acts.StatusSubmitted, a.Version+1, &now, now
	if err := f.Store.Acts().Write(ctx, acts.Write{ActID: a.ID, Before: &a, After: &next}); err != nil {
		return orders.Order{}, err
	}
	approved, err := svc.Do(ctx, matrixManager, a.ID, acts.Move{Action: acts.ActionApprove, Version: next.Version})
	if err != nil {
		return orders.Order{}, err
	}
	return f.Shipments.Order(ctx, matrixManager, approved.OrderIDs[0])
}

func matrixShipment(ctx context.Context, e *matrixEnv, w world) (orders.Shipment, error) {
	o, err := matrixOrder(ctx, e, w)
	if err != nil {
		return orders.Shipment{}, err
	}
	f, err := matrixFulfilment(e)
	if err != nil {
		return orders.Shipment{}, err
	}
	return f.Shipments.Urgent(ctx, matrixManager, []string{o.ID})
}
