package localrun

import (
	"context"

	"aftersales/shared/orders"
)

// The carrier rows of the authorization matrix (the act-level delivery
// confirmation) take this fixture.
func init() {
	// shippedAct is an act whose parts are on their way: its order left in
	// a dispatched shipment.
	authzFixtures["shippedAct"] = func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		sh, err := matrixShipment(ctx, e, w)
		if err != nil {
			return "", err
		}
		f, err := matrixFulfilment(e)
		if err != nil {
			return "", err
		}
		sh, err = f.Shipments.Dispatch(ctx, matrixManager, sh.ID, orders.Dispatch{Carrier: "Почта России", TrackingNumber: "RA" + randomHex(4) + "RU"})
		if err != nil {
			return "", err
		}
		return sh.Items[0].ActID, nil
	}
}
