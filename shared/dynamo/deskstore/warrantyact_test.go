package deskstore

import (
	"context"
	"errors"
	"testing"

	"aftersales/infra/localaws"
	"aftersales/shared/acts"
	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
	"aftersales/shared/timers"
)

// fileAct writes a draft act of centre filed from order repair, as the act
// service's create does (the link goes in the act's own transaction).
func (e *env) fileAct(t *testing.T, id, centre, repair string) error {
	t.Helper()
	store := dynamo.New(e.db, e.table).WithDue(timers.DefaultPolicy.DueAt).Acts()
	a := acts.Act{ID: id, ServiceCenterID: centre, Status: acts.StatusDraft, Version: 1, CreatedAt: e.now, UpdatedAt: e.now,
		StatusChangedAt: e.now, RepairID: repair, Fields: acts.Fields{Parts: []acts.Part{{Name: "Нож", Quantity: 2}}}}
	return store.Write(context.Background(), acts.Write{ActID: id, After: &a})
}

func TestAnOrderShowsItsActWithOneExtraReadAndNoScan(t *testing.T) {
	e := newEnv(t)
	t.Parallel()
	ctx := context.Background()
	cu := e.customer(t, north, "Петров Иван", "+7 934 734-12-34")
	r := e.intake(t, north, cu, "W-1", "")
	if err := e.fileAct(t, "act-w1", "north", r.ID); err != nil {
		t.Fatal(err)
	}
	e.calls.Snapshot()
	card, err := e.svc.Repair(ctx, north, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	calls := e.calls.Snapshot()
	if card.Act == nil || card.Act.ID != "act-w1" || card.Act.StatusName != "Черновик" || len(card.Act.Parts) != 1 || card.Act.Parts[0].Quantity != 2 {
		t.Fatalf("the order's act: %+v", card.Act)
	}
	// The order's Query (order, history, link), its centre's settings, the act's item.
	if calls["DynamoDB.Query"] != 1 || calls["DynamoDB.GetItem"] != 2 || localaws.Count(calls, "DynamoDB") != 3 {
		t.Errorf("reading an order with its act made %v, want 1 Query and 2 GetItem", calls)
	}
	// A write of the order keeps the link (it is not part of the order's item).
	v, err := e.svc.AddPayment(ctx, north, r.ID, desk.PaymentInput{Amount: 100_00, Method: desk.PayCash, Version: card.Repair.Version})
	if err != nil {
		t.Fatal(err)
	}
	if again, err := e.svc.Repair(ctx, north, r.ID); err != nil || again.Act == nil || v.ActID != "act-w1" {
		t.Errorf("after a payment the order shows act %+v (%v)", again.Act, err)
	}

	// Another centre's order, and a second act of the same order, are refused in the act's write.
	sc := e.customer(t, south, "Клиент юга", "+7 934 000-11-22")
	rs := e.intake(t, south, sc, "", "")
	for _, c := range []struct{ id, centre, repair string }{{"act-x", "north", rs.ID}, {"act-y", "north", r.ID}, {"act-z", "north", "no-such-order"}} {
		if err := e.fileAct(t, c.id, c.centre, c.repair); !errors.Is(err, acts.ErrRepairUnavailable) {
			t.Errorf("act %s on order %s: %v, want ErrRepairUnavailable", c.id, c.repair, err)
		}
	}
	if card, err := e.svc.Repair(ctx, south, rs.ID); err != nil || card.Act != nil {
		t.Errorf("the other centre's order shows %+v (%v)", card.Act, err)
	}
}
