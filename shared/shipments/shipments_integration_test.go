package shipments_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/fn/fulfilfn"
	"aftersales/shared/orders"
	"aftersales/shared/shipments"
)

// approvedActs files and approves n acts of centre, each with an order.
func approvedActs(e *fulfiltest.Env, centre auth.Caller, n int) []acts.Act {
	out := make([]acts.Act, n)
	for i := range out {
		out[i], _ = e.Approved(centre)
	}
	return out
}

// shipmentsOf lists every shipment as the manager sees them.
func shipmentsOf(e *fulfiltest.Env) []orders.Shipment {
	e.T.Helper()
	page, err := e.F.Shipments.Shipments(e.Ctx, e.Manager, shipments.ShipmentFilter{Limit: 200})
	e.Must(err, "list shipments")
	return page.Items
}

// placed checks that every order of list is in exactly one shipment's
// packing list, and that it is the shipment the order names.
func placed(t *testing.T, e *fulfiltest.Env, list []acts.Act) {
	t.Helper()
	seen := map[string]string{}
	for _, s := range shipmentsOf(e) {
		full, err := e.F.Shipments.Shipment(e.Ctx, e.Manager, s.ID)
		e.Must(err, "read shipment %s", s.ID)
		if len(full.Items) != full.OrderCount {
			t.Errorf("shipment %s: %d items, OrderCount %d", s.ID, len(full.Items), full.OrderCount)
		}
		for _, it := range full.Items {
			if prev, dup := seen[it.OrderID]; dup {
				t.Errorf("order %s is in shipments %s and %s", it.OrderID, prev, s.ID)
			}
			seen[it.OrderID] = s.ID
		}
	}
	for _, a := range list {
		o, err := e.F.Shipments.Order(e.Ctx, e.Manager, a.OrderIDs[0])
		e.Must(err, "read order")
		if o.Status != orders.StatusInShipment || seen[o.ID] != o.ShipmentID || o.ShipmentID == "" {
			t.Errorf("order %s: %s in %q, packing list says %q", o.ID, o.Status, o.ShipmentID, seen[o.ID])
		}
	}
}

func TestRunningTheBatchTwiceForOneWeekMakesOneShipmentPerCentre(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north, south := e.Centre("north"), e.Centre("south")
	all := append(approvedActs(e, north, 3), approvedActs(e, south, 2)...)
	first, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now())
	e.Must(err, "first run")
	second, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now().Add(2*time.Hour))
	e.Must(err, "second run")
	if first.Shipments != 2 || first.Orders != 5 || second.Orders != 0 || first.Week != "2026-W48" {
		t.Errorf("runs: %+v then %+v", first, second)
	}
	got := shipmentsOf(e)
	if len(got) != 2 {
		t.Fatalf("%d shipments, want one per centre", len(got))
	}
	for _, s := range got {
		want := map[string]int{north.Tenant: 3, south.Tenant: 2}[s.ServiceCenterID]
		if s.OrderCount != want || s.Kind != orders.KindWeekly || s.ID != "2026-W48-"+s.ServiceCenterID {
			t.Errorf("shipment %+v, want %d orders", s, want)
		}
	}
	placed(t, e, all)
}

func TestABatchKilledHalfWayIsFinishedByTheNextRunWithoutDuplicates(t *testing.T) {
	for _, writes := range []int{0, 1, 2, 3, 5} {
		t.Run(fmt.Sprintf("after %d writes", writes), func(t *testing.T) {
			e := fulfiltest.New(t)
			t.Parallel()
			var all []acts.Act
			for _, name := range []string{"a", "b", "c"} {
				all = append(all, approvedActs(e, e.Centre(name), 2)...)
			}
			e.Faults.FailAfter(writes)
			if _, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now()); err == nil {
				t.Fatal("the killed run reported no error")
			}
			e.Faults.Heal()
			_, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now().Add(time.Minute))
			e.Must(err, "the next run")
			if got := len(shipmentsOf(e)); got != 3 {
				t.Errorf("%d shipments, want 3", got)
			}
			placed(t, e, all)
		})
	}
}

// collected approves n acts of centre and runs the weekly batch, which
// collects their orders into the centre's shipment of the week.
func collected(e *fulfiltest.Env, centre auth.Caller, n int) []acts.Act {
	e.T.Helper()
	list := approvedActs(e, centre, n)
	_, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now())
	e.Must(err, "batch")
	return list
}

// dispatched batches the centre's approved acts and dispatches the shipment.
func dispatched(e *fulfiltest.Env, centre auth.Caller, n int) (orders.Shipment, []acts.Act) {
	e.T.Helper()
	list := collected(e, centre, n)
	e.Clock.Set(e.Clock.Now().Add(3 * time.Hour))
	sh, err := e.F.Shipments.Dispatch(e.Ctx, e.Manager, "2026-W48-"+centre.Tenant, orders.Dispatch{Carrier: "СДЭК", TrackingNumber: "ra 123456789 ru"})
	e.Must(err, "dispatch")
	return sh, list
}

func TestDispatchShipsEveryOrderCommentsEveryActOnceAndMailsTheCentreOnce(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north := e.Centre("north")
	sh, list := dispatched(e, north, 2)
	if sh.Status != orders.ShipmentDispatched || sh.TrackingNumber != "RA123456789RU" || sh.Settling {
		t.Errorf("shipment %+v", sh)
	}
	again, err := e.F.Shipments.Dispatch(e.Ctx, e.Manager, sh.ID, orders.Dispatch{Carrier: "СДЭК", TrackingNumber: "RA123456789RU"})
	if err != nil || again.Version != sh.Version {
		t.Errorf("repeating the dispatch: %+v, %v", again, err)
	}
	_, err = e.F.Shipments.Dispatch(e.Ctx, e.Manager, sh.ID, orders.Dispatch{Carrier: "Почта", TrackingNumber: "X1"})
	if apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("dispatching again with another number: %v, want a conflict", err)
	}
	e.WantActs(list, acts.StatusPartsShipped, "Запчасти отгружены, трек-номер RA123456789RU")
	for _, a := range list {
		o, _ := e.F.Shipments.Order(e.Ctx, e.Manager, a.OrderIDs[0])
		if o.Status != orders.StatusShipped {
			t.Errorf("order %s is %s", o.ID, o.Status)
		}
	}
	mails := e.Mails()
	if len(mails) != 1 {
		t.Fatalf("%d e-mails, want one for the shipment", len(mails))
	}
	m := mails[0]
	for _, want := range []string{list[0].Number, list[1].Number, "RA123456789RU"} {
		if !strings.Contains(m.Subject+m.Text, want) {
			t.Errorf("the e-mail lacks %s: %s\n%s", want, m.Subject, m.Text)
		}
	}
	if m.To[0] != e.Address("north") {
		t.Errorf("sent to %v", m.To)
	}
}

func TestADispatchKilledHalfWayIsFinishedByTheHourlyJobWithoutDuplicates(t *testing.T) {
	for _, writes := range []int{1, 2, 3, 4} {
		t.Run(fmt.Sprintf("after %d writes", writes), func(t *testing.T) {
			e := fulfiltest.New(t)
			t.Parallel()
			north := e.Centre("north")
			list := collected(e, north, 3)
			e.Faults.FailAfter(writes)
			_, err := e.F.Shipments.Dispatch(e.Ctx, e.Manager, "2026-W48-"+north.Tenant, orders.Dispatch{Carrier: "СДЭК", TrackingNumber: "RA1"})
			if err == nil {
				t.Fatal("the killed dispatch reported no error")
			}
			e.Faults.Heal()
			job := e.F.AutoClose()
			for range 2 {
				_, err := job.Run(e.Ctx, e.Clock.Now().Add(time.Hour))
				e.Must(err, "hourly run")
			}
			e.WantActs(list, acts.StatusPartsShipped, "трек-номер RA1")
			if n := len(e.Mails()); n != 1 {
				t.Errorf("%d e-mails, want 1", n)
			}
		})
	}
}

func TestDeliveryMovesEachActToPartsDeliveredAndOnlyItsCentreOrAManagerConfirms(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north, south := e.Centre("north"), e.Centre("south")
	sh, list := dispatched(e, north, 2)
	e.Clock.Set(e.Clock.Now().Add(48 * time.Hour))
	arrived := e.Clock.Now().Add(-20 * time.Hour)
	if _, err := e.F.Shipments.Deliver(e.Ctx, south, sh.ID, nil); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("another centre confirming: %v, want 404", err)
	}
	got, err := e.F.Shipments.Deliver(e.Ctx, north, sh.ID, &arrived)
	e.Must(err, "deliver")
	if got.Status != orders.ShipmentDelivered || !got.DeliveredAt.Equal(arrived) || got.Settling {
		t.Errorf("shipment %+v", got)
	}
	e.WantActs(list, acts.StatusPartsDelivered, "Запчасти получены 24.11.2026")
	// Delivered acts have the quiet-delivery timer running: they are on
	// the due index from their reminder (3 days − 24 h after the move).
	due, err := e.F.Store.Timers().Due(e.Ctx, e.Clock.Now().Add(48*time.Hour))
	e.Must(err, "due")
	if len(due) != 2 {
		t.Errorf("due two days on: %+v, want both acts", due)
	}
	if _, err := e.F.Shipments.Deliver(e.Ctx, north, sh.ID, nil); err != nil {
		t.Errorf("confirming twice: %v", err)
	}
}

func TestCancellingAnOrderInACollectedShipmentTakesItOffThePackingList(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north := e.Centre("north")
	list := collected(e, north, 2)
	o, err := e.F.Shipments.CancelOrder(e.Ctx, e.Manager, list[0].OrderIDs[0], "  ")
	if apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("cancelling without a reason: %v", err)
	}
	o, err = e.F.Shipments.CancelOrder(e.Ctx, e.Manager, list[0].OrderIDs[0], "Клиент забрал изделие")
	e.Must(err, "cancel")
	if o.Status != orders.StatusCancelled || o.CancelReason != "Клиент забрал изделие" {
		t.Errorf("order %+v", o)
	}
	sh, err := e.F.Shipments.Shipment(e.Ctx, e.Manager, "2026-W48-"+north.Tenant)
	e.Must(err, "read shipment")
	if sh.OrderCount != 1 || len(sh.Items) != 1 || sh.Items[0].OrderID != list[1].OrderIDs[0] {
		t.Errorf("shipment %+v", sh)
	}
	if n := e.CommentsWith(list[0].ID, "Клиент забрал изделие"); n != 1 {
		t.Errorf("%d cancellation comments", n)
	}
	_, err = e.F.Shipments.Dispatch(e.Ctx, e.Manager, sh.ID, orders.Dispatch{Carrier: "СДЭК", TrackingNumber: "RA2"})
	e.Must(err, "dispatch")
	if _, err := e.F.Shipments.CancelOrder(e.Ctx, e.Manager, list[1].OrderIDs[0], "поздно"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("cancelling a shipped order: %v, want a conflict", err)
	}
}

func TestAnUrgentShipmentTakesChosenOrdersOfOneCentreAtOnce(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north, south := e.Centre("north"), e.Centre("south")
	n, s := approvedActs(e, north, 2), approvedActs(e, south, 1)
	_, err := e.F.Shipments.Urgent(e.Ctx, e.Manager, []string{n[0].OrderIDs[0], s[0].OrderIDs[0]})
	if apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("orders of two centres: %v", err)
	}
	sh, err := e.F.Shipments.Urgent(e.Ctx, e.Manager, []string{n[0].OrderIDs[0]})
	e.Must(err, "urgent shipment")
	if sh.Kind != orders.KindUrgent || sh.OrderCount != 1 || len(sh.Items) != 1 || sh.Items[0].ActNumber != n[0].Number {
		t.Errorf("shipment %+v", sh)
	}
	if _, err := e.F.Shipments.Urgent(e.Ctx, e.Manager, []string{n[0].OrderIDs[0]}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("an order already shipped urgently: %v", err)
	}
	r, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now())
	e.Must(err, "batch")
	if r.Orders != 2 {
		t.Errorf("the weekly batch took %d orders, want the 2 left", r.Orders)
	}
}

func TestACentreSeesOnlyItsOwnOrdersAndShipments(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north, south := e.Centre("north"), e.Centre("south")
	n, _ := approvedActs(e, north, 2), approvedActs(e, south, 1)
	_, err := e.F.Shipments.Batch(e.Ctx, e.Clock.Now())
	e.Must(err, "batch")
	page, err := e.F.Shipments.Orders(e.Ctx, north, shipments.OrderFilter{ServiceCenter: south.Tenant})
	e.Must(err, "list")
	if len(page.Items) != 2 || page.Items[0].ServiceCenterID != north.Tenant {
		t.Errorf("north's list: %+v", page.Items)
	}
	if _, err := e.F.Shipments.Order(e.Ctx, south, n[0].OrderIDs[0]); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("south reading north's order: %v", err)
	}
	if _, err := e.F.Shipments.Shipment(e.Ctx, south, "2026-W48-"+north.Tenant); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("south reading north's shipment: %v", err)
	}
	ships, err := e.F.Shipments.Shipments(e.Ctx, south, shipments.ShipmentFilter{})
	e.Must(err, "list shipments")
	if len(ships.Items) != 1 || ships.Items[0].ServiceCenterID != south.Tenant {
		t.Errorf("south's shipments: %+v", ships.Items)
	}
	staff, err := e.F.Shipments.Orders(e.Ctx, e.Manager, shipments.OrderFilter{Status: orders.StatusInShipment})
	e.Must(err, "staff list")
	if len(staff.Items) != 3 {
		t.Errorf("the manager's in_shipment list has %d orders, want 3", len(staff.Items))
	}
}

func TestAFailedDispatchMailLeavesTheDispatchStandingAndTheHourlyJobSendsItOnce(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north := e.Centre("north")
	list := collected(e, north, 1)
	// SES refuses a sender that is not verified: the send fails.
	setup := *e.Env
	setup.Config.SenderEmail = "sender-" + e.Tag + "@unverified.example"
	f, err := fulfilfn.New(&setup)
	e.Must(err, "wire")
	sh, err := f.Shipments.Dispatch(e.Ctx, e.Manager, "2026-W48-"+north.Tenant, orders.Dispatch{Carrier: "СДЭК", TrackingNumber: "RA9"})
	e.Must(err, "dispatch with a failing mail")
	if sh.Status != orders.ShipmentDispatched || e.Act(list[0].ID).Act.Status != acts.StatusPartsShipped {
		t.Errorf("the dispatch did not stand: %s, act %s", sh.Status, e.Act(list[0].ID).Act.Status)
	}
	if n := len(e.Mails()); n != 0 {
		t.Fatalf("%d e-mails went out from an unverified sender", n)
	}
	job := f.AutoClose()
	if _, err := job.Run(e.Ctx, e.Clock.Now().Add(time.Hour)); err == nil {
		t.Error("an hourly run whose send failed reported no error")
	}
	e.Must(localaws.VerifySender(e.Ctx, ses.NewFromConfig(setup.AWS), setup.Config.SenderEmail), "verify the sender")
	for _, at := range []time.Duration{2 * time.Hour, 3 * time.Hour} {
		_, err := job.Run(e.Ctx, e.Clock.Now().Add(at))
		e.Must(err, "hourly run")
	}
	if n := len(e.Mails()); n != 1 {
		t.Errorf("%d e-mails after the retries, want 1", n)
	}
}
