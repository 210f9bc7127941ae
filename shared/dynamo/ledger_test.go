package dynamo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/dynamo"
	"aftersales/shared/ledger"
	"aftersales/shared/money"
	"aftersales/shared/orders"
)

// An approval's order and the costs it causes are one transaction: the
// centre's month then holds its entries, and a write refused as stale
// leaves neither the order nor any entry behind.
func TestAnApprovalWritesItsLedgerEntriesInItsOwnTransaction(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	book := dynamo.New(e.db, e.table)
	a := e.create(t, act("a1", "sc1", 0, acts.Fields{}))
	next := a
	next.Version, next.Status, next.OrderIDs = 2, acts.StatusApproved, []string{"o1"}
	o := orders.Order{ID: "o1", ActID: a.ID, ActNumber: a.Number, ServiceCenterID: "sc1", Payer: orders.PayerFactory,
		Status: orders.StatusAwaitingShipment, CreatedAt: base,
		Lines:        []orders.Line{{Name: "Свеча", Quantity: 2, Price: 15050}},
		Compensation: []orders.Line{{Name: "Ремень", Quantity: 1, Price: 99999}}}

	stale := next
	stale.OrderIDs = []string{"o0"}
	staleBefore := a
	staleBefore.Version = 7
	lost := o
	lost.ID = "o0"
	if err := e.store.Write(ctx, acts.Write{ActID: a.ID, Before: &staleBefore, After: &stale, Order: &lost}); !errors.Is(err, acts.ErrStale) {
		t.Fatalf("stale write = %v, want ErrStale", err)
	}
	month := base.UTC().Format("2006-01")
	if got, err := book.LedgerMonth(ctx, "sc1", month); err != nil || len(got) != 0 {
		t.Fatalf("after a refused write the ledger holds %+v (%v)", got, err)
	}

	if err := e.store.Write(ctx, acts.Write{ActID: a.ID, Before: &a, After: &next, Order: &o}); err != nil {
		t.Fatal(err)
	}
	got, err := book.LedgerMonth(ctx, "sc1", month)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("the month holds %d entries, want 2: %+v", len(got), got)
	}
	var sum money.RUB
	for _, en := range got {
		sum += en.Amount
		if en.OrderID != "o1" || en.Payer != orders.PayerFactory || en.Recovery == nil || en.Recovery.State != ledger.StateToClaim {
			t.Errorf("entry %+v", en)
		}
	}
	if want := orders.Sum(o.Lines) + orders.Sum(o.Compensation); sum != want {
		t.Errorf("entries sum to %s, the order to %s", sum, want)
	}
	st := ledger.CentreStatement("sc1", month, got)
	if st.Owed != 99999 || st.Owes != 0 {
		t.Errorf("statement owed %s owes %s, want 999.99 and 0", st.Owed, st.Owes)
	}
	if other, err := book.LedgerMonth(ctx, "sc2", month); err != nil || len(other) != 0 {
		t.Errorf("another centre's month holds %+v (%v)", other, err)
	}
}

// A cancelled order costs nothing: its cancellation deletes its entries
// in the same transaction, so the month still reconciles with its orders.
func TestACancelledOrderTakesItsLedgerEntriesWithIt(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	book := dynamo.New(e.db, e.table)
	a := e.create(t, act("a1", "sc1", 0, acts.Fields{}))
	next := a
	next.Version, next.Status, next.OrderIDs = 2, acts.StatusApproved, []string{"o1"}
	o := orders.Order{ID: "o1", ActID: a.ID, ServiceCenterID: "sc1", Payer: orders.PayerServiceCenter,
		Status: orders.StatusAwaitingShipment, CreatedAt: base, Lines: []orders.Line{{Name: "Свеча", Quantity: 1, Price: 15000}}}
	if err := e.store.Write(ctx, acts.Write{ActID: a.ID, Before: &a, After: &next, Order: &o}); err != nil {
		t.Fatal(err)
	}
	month := base.UTC().Format("2006-01")
	if got, _ := book.LedgerMonth(ctx, "sc1", month); len(got) != 1 {
		t.Fatalf("before the cancellation the month holds %+v", got)
	}
	cancelled := o
	cancelled.Status, cancelled.CancelReason, cancelled.UpdatedAt = orders.StatusCancelled, "дубль", base.Add(time.Hour)
	cm := acts.Comment{ID: "c1", ActID: a.ID, At: cancelled.UpdatedAt, Text: "дубль"}
	ev := acts.Event{ID: "e1", ActID: a.ID, At: cancelled.UpdatedAt, Type: acts.EventComment, CommentID: "c1"}
	if err := book.Shipments().CancelOrder(ctx, o, cancelled, cm, ev, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := book.LedgerMonth(ctx, "sc1", month); err != nil || len(got) != 0 {
		t.Errorf("after the cancellation the month holds %+v (%v)", got, err)
	}
}
