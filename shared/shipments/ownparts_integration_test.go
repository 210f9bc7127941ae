package shipments_test

import (
	"encoding/json"
	"strings"
	"testing"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/ledger"
	"aftersales/shared/orders"
	"aftersales/shared/shipments"
)

// TestAnApprovalOfOwnPartsOnlyCreatesNoOrderWhileTheCompensationIsOwed is
// the seed's act (780 and 340 ₽, both the centre's own parts) approved:
// acts.md says it «creates no order». No order is on the act (nor in its
// JSON or history), none in the centre's or the managers' order lists, the
// weekly batch ships nothing; yet the compensation is in the month's report
// and the centre's ledger, written with the approval, and the centre marks
// the repair itself. Before, a delivered order with no lines was written and
// listed.
func TestAnApprovalOfOwnPartsOnlyCreatesNoOrderWhileTheCompensationIsOwed(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north := e.Centre("north")
	f := fulfiltest.Fields()
	f.Parts = []acts.Part{{Name: "Коленвал", Quantity: 1, OwnPart: true, Price: 78000}, {Name: "ЦПГ", Quantity: 1, OwnPart: true, Price: 34000}}
	a := e.Move(e.Manager, e.SubmittedWith(north, f), acts.Move{Action: acts.ActionApprove})
	if a.Status != acts.StatusApproved || len(a.OrderIDs) != 0 {
		t.Fatalf("approved act %s with orders %v, want none", a.Status, a.OrderIDs)
	}
	body, err := json.Marshal(e.Act(a.ID).Act)
	e.Must(err, "encode act")
	if strings.Contains(string(body), "orderIds") || strings.Contains(string(body), "compensationId") {
		t.Errorf("the act's JSON names an order: %s", body)
	}
	for _, ev := range e.Act(a.ID).History {
		if ev.OrderID != "" {
			t.Errorf("history event %s names order %s", ev.Action, ev.OrderID)
		}
	}
	for _, q := range []shipments.OrderFilter{{}, {Status: orders.StatusDelivered}, {ServiceCenter: north.Tenant}} {
		page, err := e.F.Shipments.Orders(e.Ctx, e.Manager, q)
		e.Must(err, "list orders")
		if len(page.Items) != 0 {
			t.Errorf("orders %+v list %+v, want none", q, page.Items)
		}
	}
	page, err := e.F.Shipments.Orders(e.Ctx, north, shipments.OrderFilter{})
	e.Must(err, "the centre's orders")
	if len(page.Items) != 0 {
		t.Errorf("the centre sees orders %+v", page.Items)
	}
	r, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now())
	e.Must(err, "batch")
	if r.Orders != 0 || r.Shipments != 0 {
		t.Errorf("the weekly batch %+v, want nothing", r)
	}

	rep, err := e.F.Shipments.Compensation(e.Ctx, e.Manager, "2026-11")
	e.Must(err, "compensation report")
	if len(rep.Centres) != 1 || rep.Centres[0].Total != 112000 || len(rep.Centres[0].Lines) != 2 || rep.Centres[0].Lines[0].ActNumber != a.Number {
		t.Errorf("compensation report %+v, want 1 120,00 ₽ over two lines of %s", rep.Centres, a.Number)
	}
	entries, err := e.F.Store.LedgerMonth(e.Ctx, north.Tenant, "2026-11")
	e.Must(err, "ledger")
	if len(entries) != 1 || entries[0].Kind != ledger.KindOwnPart || entries[0].Amount != 112000 || entries[0].ActID != a.ID {
		t.Errorf("ledger %+v, want one own-part entry of 1 120,00 ₽", entries)
	}
	if got := e.Move(north, a, acts.Move{Action: acts.ActionMarkRepaired}); got.Status != acts.StatusRepaired {
		t.Errorf("the centre marks the repair: %s", got.Status)
	}
}
