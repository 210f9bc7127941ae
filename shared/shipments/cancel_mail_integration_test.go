package shipments_test

import (
	"strings"
	"testing"
	"time"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// TestACancelledOrderIsMailedToTheCentreOncePerAddress: the acts spec lists
// «order cancellation» among the events the centre is e-mailed at once.
// The centre's address and its user get one mail each, naming the act, the
// reason and what will not come, with the act's link; a user who chose the
// daily digest gets it there instead. A refused second cancellation, the
// hourly job and a second digest send nothing more. Before, no mail went.
// The history credits the manager by name, not only the role.
func TestACancelledOrderIsMailedToTheCentreOncePerAddress(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	north := e.Centre("north")
	clerk := e.User(auth.RoleServiceCenter, north.Tenant)
	reader := e.User(auth.RoleServiceCenter, north.Tenant)
	if _, err := e.Dir.SetOwnMailMode(e.Ctx, reader, auth.MailDigest); err != nil {
		t.Fatal(err)
	}
	a, o := e.Approved(north)
	manager := e.Manager
	manager.Name = "Мария Менеджерова"
	_, err := e.F.Shipments.CancelOrder(e.Ctx, manager, o.ID, "Запчасть снята с производства")
	e.Must(err, "cancel")
	if _, err := e.F.Shipments.CancelOrder(e.Ctx, manager, o.ID, "ещё раз"); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("cancelling twice: %v, want a conflict", err)
	}
	_, err = e.F.AutoClose().Run(e.Ctx, e.Clock.Now())
	e.Must(err, "hourly job")

	cancelled := func() map[string][]string {
		got := map[string][]string{}
		for _, m := range e.Mails() {
			if strings.Contains(m.Subject, "заказ запчастей отменён") {
				got[m.To[0]] = append(got[m.To[0]], m.Text)
			}
		}
		return got
	}
	got := cancelled()
	clerkAddr, readerAddr := addressOf(e, clerk), addressOf(e, reader)
	for _, addr := range []string{e.Address("north"), clerkAddr} {
		if len(got[addr]) != 1 {
			t.Fatalf("%s got %d cancellation mails, want 1: %v", addr, len(got[addr]), got)
		}
		text := got[addr][0]
		for _, want := range []string{a.Number, "«Запчасть снята с производства»", "Свеча ×2", "https://portal.example/acts/" + a.ID} {
			if !strings.Contains(text, want) {
				t.Errorf("the mail to %s lacks %q:\n%s", addr, want, text)
			}
		}
	}
	if len(got[readerAddr]) != 0 {
		t.Errorf("the digest reader got the cancellation at once: %v", got[readerAddr])
	}
	e.Clock.Set(e.Clock.Now().Add(20 * time.Hour))
	for range 2 {
		_, err := e.F.Digest().Run(e.Ctx, e.Clock.Now())
		e.Must(err, "digest")
	}
	n := 0
	for _, m := range e.Mails() {
		if m.To[0] == readerAddr && strings.HasPrefix(m.Subject, "Сводка событий") {
			n++
			if !strings.Contains(m.Text, "заказ запчастей отменён") || !strings.Contains(m.Text, "Запчасть снята с производства") {
				t.Errorf("the digest lacks the cancellation:\n%s", m.Text)
			}
		}
	}
	if n != 1 {
		t.Errorf("the digest reader got %d digests, want 1", n)
	}

	var ev *acts.Event
	for _, h := range e.Act(a.ID).History {
		if h.OrderID == o.ID {
			ev = &h
		}
	}
	if ev == nil || ev.ActorName != "Мария Менеджерова" {
		t.Errorf("the cancellation's history event %+v, want it credited to Мария Менеджерова", ev)
	}
}

func addressOf(e *fulfiltest.Env, c auth.Caller) string {
	e.T.Helper()
	u, err := e.F.People.User(e.Ctx, c.UserID)
	e.Must(err, "read user")
	return u.Email
}

// TestADeliveryIsCreditedInTheActsHistoryToThePersonWhoConfirmedIt: the
// acts move to parts_delivered as the confirming person's action after the
// request (the shipment settles them), so the person's name travels with
// the shipment. Before, the event carried the role only.
func TestADeliveryIsCreditedInTheActsHistoryToThePersonWhoConfirmedIt(t *testing.T) {
	e := fulfiltest.New(t)
	t.Parallel()
	first, second, id := dispatchedTo(e, "СДЭК")
	centre := e.User(auth.RoleServiceCenter, e.Act(first.ID).Act.ServiceCenterID)
	centre.Name = "Иван Приёмщиков"
	_, err := e.F.Shipments.Deliver(e.Ctx, centre, id, nil)
	e.Must(err, "deliver")
	for _, a := range []acts.Act{first, second} {
		found := false
		for _, h := range e.Act(a.ID).History {
			if h.Type == acts.EventStatus && h.Action == acts.ActionDeliver {
				found = true
				if h.ActorName != "Иван Приёмщиков" || h.ActorID != centre.UserID {
					t.Errorf("act %s: delivery event %+v, want it credited to Иван Приёмщиков", a.Number, h)
				}
			}
		}
		if !found {
			t.Errorf("act %s has no delivery event", a.Number)
		}
	}
}
