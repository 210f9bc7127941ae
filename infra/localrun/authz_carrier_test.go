package localrun

import (
	"context"
)

// The carrier rows of the authorization matrix (the act-level delivery
// confirmation) take this fixture.
func init() {
	// shippedAct is an act whose parts are on their way: the act of a
	// fresh dispatched shipment.
	registerFixture("shippedAct", func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		id, err := authzFixtures["dispatchedShipment"](ctx, e, w)
		if err != nil {
			return "", err
		}
		f, err := matrixFulfilment(e)
		if err != nil {
			return "", err
		}
		sh, err := f.Shipments.Shipment(ctx, matrixManager, id)
		if err != nil {
			return "", err
		}
		return sh.Items[0].ActID, nil
	})
}
