package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
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
	a, next := e.approval(t, act("a1", "sc1", 0, acts.Fields{}), "o1")
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
	a, next := e.approval(t, act("a1", "sc1", 0, acts.Fields{}), "o1")
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

// approve writes an approval of a new act of centre with its order o.
func approve(t *testing.T, e *actsEnv, id string, o orders.Order) {
	t.Helper()
	a, next := e.approval(t, act(id, o.ServiceCenterID, 0, acts.Fields{SerialNumber: ptr("SN-" + id), Article: ptr("ART-1")}), o.ID)
	o.ActID = a.ID
	if err := e.store.Write(context.Background(), acts.Write{ActID: a.ID, Before: &a, After: &next, Order: &o}); err != nil {
		t.Fatal(err)
	}
}

// A cost at 23:30 UTC on 30 November is 02:30 on 1 December in Moscow: the
// centre's December partition and the payer's December index hold it, the
// November ones do not.
func TestALedgerMonthIsMoscowsNotUTCs(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	book := dynamo.New(e.db, e.table)
	late := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC)
	approve(t, e, "a1", orders.Order{ID: "o1", ServiceCenterID: "sc1", Payer: orders.PayerFactory,
		Status: orders.StatusAwaitingShipment, CreatedAt: late, Lines: []orders.Line{{Name: "Свеча", Quantity: 1, Price: 15000}}})
	for month, want := range map[string]int{"2026-11": 0, "2026-12": 1} {
		got, err := book.LedgerMonth(ctx, "sc1", month)
		if err != nil || len(got) != want {
			t.Errorf("centre's %s holds %+v (%v), want %d", month, got, err, want)
		}
		pay, err := book.Ledger().PayerMonth(ctx, orders.PayerFactory, month)
		if err != nil || len(pay) != want {
			t.Errorf("factory's %s holds %+v (%v), want %d", month, pay, err, want)
		}
	}
	got, _ := book.LedgerMonth(ctx, "sc1", "2026-12")
	if len(got) == 1 && (got[0].Serial != "SN-a1" || got[0].Article != "ART-1") {
		t.Errorf("the entry does not name the act's product: %+v", got[0])
	}
}

// A recovery step is written on condition of the version it read: a
// second step from the same reading is refused and changes nothing; and
// once an entry is claimed its order can no longer be cancelled.
func TestRecoveryStepsAreConditionalAndAClaimedOrderStays(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	book := dynamo.New(e.db, e.table)
	l := book.Ledger()
	o := orders.Order{ID: "o1", ServiceCenterID: "sc1", Payer: orders.PayerFactory, Status: orders.StatusAwaitingShipment,
		CreatedAt: base, Lines: []orders.Line{{Name: "Свеча", Quantity: 2, Price: 15000}}}
	approve(t, e, "a1", o)
	read, err := l.Entry(ctx, "o1.parts_shipped")
	if err != nil || read.Amount != 30000 || read.Version != 1 {
		t.Fatalf("entry by id: %+v %v", read, err)
	}
	if _, err := l.Entry(ctx, "o9.parts_shipped"); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("an unknown id: %v", err)
	}
	claimed := read
	claimed.Recovery = &ledger.Recovery{State: ledger.StateToClaim}
	if err := claimed.Claim("П-1", "", "Завод", base); err != nil {
		t.Fatal(err)
	}
	claimed.Version = 2
	if err := l.Save(ctx, []ledger.Entry{read}, []ledger.Entry{claimed}); err != nil {
		t.Fatal(err)
	}
	again := claimed
	again.Recovery = &ledger.Recovery{State: ledger.StateWrittenOff}
	if err := l.Save(ctx, []ledger.Entry{read}, []ledger.Entry{again}); !errors.Is(err, ledger.ErrStale) {
		t.Fatalf("a step from a stale reading = %v, want ErrStale", err)
	}
	if now, _ := l.Entry(ctx, "o1.parts_shipped"); now.Recovery.State != ledger.StateClaimed || now.Version != 2 {
		t.Fatalf("after the refused step: %+v", now.Recovery)
	}

	stored, err := book.Shipments().Order(ctx, "o1")
	if err != nil {
		t.Fatal(err)
	}
	cancelled := stored
	cancelled.Status, cancelled.CancelReason, cancelled.UpdatedAt = orders.StatusCancelled, "дубль", base.Add(time.Hour)
	cm := acts.Comment{ID: "c1", ActID: stored.ActID, At: cancelled.UpdatedAt, Text: "дубль"}
	ev := acts.Event{ID: "e1", ActID: stored.ActID, At: cancelled.UpdatedAt, Type: acts.EventComment, CommentID: "c1"}
	if err := book.Shipments().CancelOrder(ctx, stored, cancelled, cm, ev, nil); !errors.Is(err, ledger.ErrClaimed) {
		t.Fatalf("cancelling a claimed order = %v, want ErrClaimed", err)
	}
	if o, _ := book.Shipments().Order(ctx, "o1"); o.Status != orders.StatusAwaitingShipment {
		t.Errorf("the refused cancellation moved the order to %s", o.Status)
	}
	if got, _ := book.LedgerMonth(ctx, "sc1", ledger.MonthOf(base, ledger.Moscow)); len(got) != 1 {
		t.Errorf("the refused cancellation left %d entries", len(got))
	}
}

// A dispatch with a shipping cost records the carriage in its own
// transaction; a stale dispatch records nothing.
func TestADispatchRecordsItsShippingCost(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	book := dynamo.New(e.db, e.table)
	sh := book.Shipments()
	s := orders.Shipment{ID: "2026-W11-sc1", ServiceCenterID: "sc1", Kind: orders.KindWeekly, Status: orders.ShipmentCollected,
		Version: 1, CreatedAt: base, UpdatedAt: base}
	if err := sh.PutShipment(ctx, s); err != nil {
		t.Fatal(err)
	}
	left := base.Add(time.Hour)
	next := s
	next.Status, next.Carrier, next.TrackingNumber, next.DispatchedAt = orders.ShipmentDispatched, "СДЭК", "1234567890", &left
	next.ShippingCost, next.ShippingPayer, next.Version = 45050, orders.PayerServiceCenter, 2
	stale := s
	stale.Version = 9
	if err := sh.UpdateShipment(ctx, stale, next); err == nil {
		t.Fatal("a stale dispatch was written")
	}
	month := ledger.MonthOf(left, ledger.Moscow)
	if got, _ := book.LedgerMonth(ctx, "sc1", month); len(got) != 0 {
		t.Fatalf("a refused dispatch left %+v", got)
	}
	if err := sh.UpdateShipment(ctx, s, next); err != nil {
		t.Fatal(err)
	}
	got, err := book.LedgerMonth(ctx, "sc1", month)
	if err != nil || len(got) != 1 || got[0].Kind != ledger.KindShipping || got[0].Amount != 45050 ||
		got[0].Payer != orders.PayerServiceCenter || got[0].Party != "СДЭК" {
		t.Fatalf("after the dispatch the month holds %+v (%v)", got, err)
	}
	if read, err := sh.Shipment(ctx, s.ID); err != nil || read.ShippingCost != 45050 || read.ShippingPayer != orders.PayerServiceCenter {
		t.Fatalf("the shipment keeps %+v (%v)", read, err)
	}
}

func ptr[T any](v T) *T { return &v }

// A generated month stored the way the services store it — approvals that
// make orders (some cancelled later), dispatches with a shipping cost,
// carrier claims — reconciles: per payer (GSI1) and per centre (its
// partition) the stored entries sum to their sources read back from the
// table, and no cancelled order leaves a cost.
func TestAStoredMonthReconcilesPerPayerAndPerCentre(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	book := dynamo.New(e.db, e.table)
	sh := book.Shipments()
	rng := rand.New(rand.NewPCG(16, 3))
	payers := []orders.Payer{orders.PayerWholesaler, orders.PayerFactory, orders.PayerServiceCenter, orders.PayerCarrier}
	centres := []string{"sc1", "sc2", "sc3"}
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, ledger.Moscow)
	month := "2026-11"
	at := func() time.Time { return start.Add(time.Duration(rng.Int64N(int64(29 * 24 * time.Hour)))) }
	wantPayer := map[orders.Payer]money.RUB{}
	wantCentre := map[string]money.RUB{}
	var live []string
	for i := range 120 {
		o := orders.Order{ID: fmt.Sprintf("o%03d", i), ServiceCenterID: centres[rng.IntN(3)], Payer: payers[rng.IntN(4)],
			Status: orders.StatusAwaitingShipment, CreatedAt: at()}
		for range rng.IntN(3) + 1 {
			o.Lines = append(o.Lines, orders.Line{Name: "Деталь", Quantity: rng.IntN(3) + 1, Price: money.RUB(rng.Int64N(500_000) + 1)})
		}
		for range rng.IntN(2) {
			o.Compensation = append(o.Compensation, orders.Line{Name: "Своя", Quantity: 1, Price: money.RUB(rng.Int64N(500_000) + 1)})
		}
		approve(t, e, fmt.Sprintf("a%03d", i), o)
		live = append(live, o.ID)
	}
	for _, id := range live[:12] { // a tenth cancelled: their costs go with them
		o, err := sh.Order(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		next := o
		next.Status, next.UpdatedAt = orders.StatusCancelled, o.CreatedAt.Add(time.Minute)
		cm := acts.Comment{ID: "c" + id, ActID: o.ActID, At: next.UpdatedAt, Text: "отмена"}
		ev := acts.Event{ID: "e" + id, ActID: o.ActID, At: next.UpdatedAt, Type: acts.EventComment, CommentID: cm.ID}
		if err := sh.CancelOrder(ctx, o, next, cm, ev, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range live { // the sources, as the table holds them
		o, err := sh.Order(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status != orders.StatusCancelled {
			sum := orders.Sum(o.Lines) + orders.Sum(o.Compensation)
			wantPayer[o.Payer] += sum
			wantCentre[o.ServiceCenterID] += sum
		}
	}
	for i := range 30 {
		s := orders.Shipment{ID: fmt.Sprintf("s%03d", i), ServiceCenterID: centres[rng.IntN(3)], Kind: orders.KindUrgent,
			Status: orders.ShipmentCollected, Version: 1, CreatedAt: start, UpdatedAt: start}
		if err := sh.PutShipment(ctx, s); err != nil {
			t.Fatal(err)
		}
		left := at()
		next := s
		next.Status, next.Carrier, next.TrackingNumber, next.DispatchedAt, next.Version = orders.ShipmentDispatched, "СДЭК", "T", &left, 2
		next.ShippingCost, next.ShippingPayer = money.RUB(rng.Int64N(300_000)+1), payers[rng.IntN(3)]
		if err := sh.UpdateShipment(ctx, s, next); err != nil {
			t.Fatal(err)
		}
		stored, err := sh.Shipment(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantPayer[stored.ShippingPayer] += stored.ShippingCost
		wantCentre[stored.ServiceCenterID] += stored.ShippingCost
		if i%5 == 0 {
			c, err := ledger.CarrierClaim(stored, money.RUB(rng.Int64N(100_000)+1), "утеряна", ledger.Moscow)
			if err != nil {
				t.Fatal(err)
			}
			if err := sh.AddLedgerEntry(ctx, c); err != nil {
				t.Fatal(err)
			}
			wantPayer[orders.PayerCarrier] += c.Amount
			wantCentre[c.ServiceCenterID] += c.Amount
		}
	}
	entries := 0
	for _, p := range payers {
		es, err := book.Ledger().PayerMonth(ctx, p, month)
		if err != nil {
			t.Fatal(err)
		}
		if got := ledger.PayerMonth(p, "", month, es).Total; got != wantPayer[p] {
			t.Errorf("%s: the ledger totals %s, its sources %s", p, got, wantPayer[p])
		}
		entries += len(es)
	}
	inCentres := 0
	for _, c := range centres {
		es, err := book.LedgerMonth(ctx, c, month)
		if err != nil {
			t.Fatal(err)
		}
		var got money.RUB
		for _, en := range es {
			got += en.Amount
		}
		if got != wantCentre[c] {
			t.Errorf("%s: the ledger totals %s, its sources %s", c, got, wantCentre[c])
		}
		inCentres += len(es)
	}
	if entries != inCentres || entries == 0 {
		t.Errorf("the payers' months hold %d entries, the centres' %d", entries, inCentres)
	}
	t.Logf("reconciled %d entries of 120 orders (12 cancelled), 30 shipments, 6 carrier claims", entries)
}
