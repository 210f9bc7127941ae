package shipments_test

import (
	"slices"
	"testing"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/orders"
)

// approvedPreSale files a pre-sale act of centre (the product is still
// unsold), puts it in review and has the manager approve it.
func approvedPreSale(e *fulfiltest.Env, centre auth.Caller) acts.Act {
	e.T.Helper()
	f := fulfiltest.Fields()
	f.Appearance = new(acts.AppearancePreSale)
	a, refused, err := e.Acts.Create(e.Ctx, centre, f)
	e.Must(err, "create")
	if len(refused) > 0 {
		e.T.Fatalf("fields refused: %+v", refused)
	}
	now := e.Clock.Now()
	next := a
	next.Status, next.Version, next.SubmittedAt, next.StatusChangedAt = acts.StatusSubmitted, a.Version+1, &now, now
	// Numbered as a first submission is, in the same write.
	e.Must(e.F.Store.Acts().Write(e.Ctx, acts.Write{ActID: a.ID, Before: &a, After: &next, NumberYear: now.Year()}), "submit")
	return e.Move(e.Manager, next, acts.Move{Action: acts.ActionApprove})
}

func TestAManagerShipsThePreSaleOrdersAheadOfTheWeeklyBatchMarkedAsSuch(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north, south := e.Centre("north"), e.Centre("south")
	early := []acts.Act{approvedPreSale(e, north), approvedPreSale(e, north), approvedPreSale(e, south)}
	usual, _ := e.Approved(north)
	for _, a := range early {
		o, err := e.F.Shipments.Order(e.Ctx, e.Manager, a.OrderIDs[0])
		e.Must(err, "read order")
		if !o.PreSale {
			t.Errorf("the order of pre-sale act %s is not marked", a.Number)
		}
	}
	made, err := e.F.Shipments.ShipPreSale(e.Ctx, e.Manager)
	e.Must(err, "ship pre-sale")
	if len(made) != 2 {
		t.Fatalf("%d shipments, want one per centre with pre-sale orders", len(made))
	}
	for _, sh := range made {
		want := map[string]int{north.Tenant: 2, south.Tenant: 1}[sh.ServiceCenterID]
		if sh.Kind != orders.KindUrgent || !sh.PreSale || len(sh.Items) != want {
			t.Errorf("shipment %s: %s, preSale %v, %d items; want urgent, marked, %d", sh.ID, sh.Kind, sh.PreSale, len(sh.Items), want)
		}
		for _, it := range sh.Items {
			if !it.PreSale || !slices.ContainsFunc(early, func(a acts.Act) bool { return a.ID == it.ActID }) {
				t.Errorf("shipment %s carries %s (preSale %v)", sh.ID, it.ActNumber, it.PreSale)
			}
		}
	}
	o, err := e.F.Shipments.Order(e.Ctx, e.Manager, usual.OrderIDs[0])
	e.Must(err, "read the usual order")
	if o.Status != orders.StatusAwaitingShipment || o.PreSale {
		t.Errorf("the usual order is %s (preSale %v), want it left for the weekly batch", o.Status, o.PreSale)
	}
	again, err := e.F.Shipments.ShipPreSale(e.Ctx, e.Manager)
	e.Must(err, "ship pre-sale again")
	if len(again) != 0 {
		t.Errorf("a second call made %d shipments, want none", len(again))
	}
	r, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now())
	e.Must(err, "weekly batch")
	if r.Orders != 1 {
		t.Errorf("the weekly batch placed %d orders, want the usual one", r.Orders)
	}
}
