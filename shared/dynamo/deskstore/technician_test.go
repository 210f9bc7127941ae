package deskstore

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
)

func TestATechnicianSeesOnlyTheOrdersTheyExecuteOverdueFirstAndNoCustomers(t *testing.T) {
	e := newEnv(t)
	t.Parallel()
	ctx := context.Background()
	cu := e.customer(t, north, "Петров Иван", "+7 934 734-12-34")
	mineLater := e.intake(t, north, cu, "T-1", "tech-north") // accepted 09:00, due 13:00
	e.now = at.Add(-3 * time.Hour)
	mineEarlier := e.intake(t, north, cu, "T-2", "tech-north") // accepted 06:00, due 10:00
	notMine := e.intake(t, north, cu, "T-3", "")
	e.now = at.Add(3 * time.Hour) // 12:00: only T-2 is overdue

	ids := func(p auth.Page[desk.RepairView]) []string {
		var out []string
		for _, r := range p.Items {
			out = append(out, r.ID)
		}
		return out
	}
	want := []string{mineEarlier.ID, mineLater.ID}
	for _, f := range []desk.RepairFilter{{}, {ExecutorID: desk.ExecutorMe}, {ExecutorID: "tech-north"}} {
		p, err := e.svc.Repairs(ctx, techNorth, f)
		if err != nil || !slices.Equal(ids(p), want) {
			t.Errorf("the technician's list with %+v: %v, %v; want %v (overdue first)", f, ids(p), err, want)
		}
	}
	if p, err := e.svc.Repairs(ctx, north, desk.RepairFilter{ExecutorID: desk.ExecutorMe}); err != nil || len(p.Items) != 0 {
		t.Errorf("the admin's «my orders» (none assigned): %v, %v", ids(p), err)
	}
	if p, err := e.svc.Overdue(ctx, techNorth, desk.RepairFilter{}); err != nil || !slices.Equal(ids(p), []string{mineEarlier.ID}) {
		t.Errorf("the technician's overdue orders: %v, %v", ids(p), err)
	}
	if p, err := e.svc.Overdue(ctx, north, desk.RepairFilter{ExecutorID: "tech-north"}); err != nil || !slices.Equal(ids(p), []string{mineEarlier.ID}) {
		t.Errorf("one executor's overdue orders as the admin sees them: %v, %v", ids(p), err)
	}
	for _, f := range []desk.RepairFilter{{ExecutorID: "someone-else"}, {Status: desk.StatusAccepted}} {
		if _, err := e.svc.Repairs(ctx, techNorth, f); code(err) != apperr.Forbidden {
			t.Errorf("the technician listed %+v: %v", f, err)
		}
	}
	if _, err := e.svc.Repair(ctx, techNorth, mineLater.ID); err != nil {
		t.Errorf("the technician reads their order: %v", err)
	}
	if _, err := e.svc.Repair(ctx, techNorth, notMine.ID); code(err) != apperr.NotFound {
		t.Errorf("the technician read another's order: %v", err)
	}
	if _, err := e.svc.Move(ctx, techNorth, notMine.ID, desk.StatusMove{Status: desk.StatusDiagnostics, Version: notMine.Version}); code(err) != apperr.NotFound {
		t.Errorf("the technician moved another's order: %v", err)
	}
	if _, err := e.svc.Search(ctx, techNorth, "7341234"); code(err) != apperr.Forbidden {
		t.Errorf("the technician searched customers: %v", err)
	}
	if _, err := e.svc.Card(ctx, techNorth, cu.ID); code(err) != apperr.Forbidden {
		t.Errorf("the technician read a customer's card: %v", err)
	}
	if _, err := e.svc.Device(ctx, techNorth, mineLater.DeviceID); code(err) != apperr.Forbidden {
		t.Errorf("the technician read a device's card: %v", err)
	}
	if _, err := e.svc.DeviceBySerial(ctx, techNorth, "T-1"); code(err) != apperr.Forbidden {
		t.Errorf("the technician looked a serial up: %v", err)
	}
}

func TestTheFrontDeskReassignsAnOrderAndItMovesBetweenTheTechniciansLists(t *testing.T) {
	e := newEnv(t)
	t.Parallel()
	ctx := context.Background()
	cu := e.customer(t, north, "Петров Иван", "+7 934 734-12-34")
	r := e.intake(t, north, cu, "X-1", "")
	mine := func() int {
		t.Helper()
		p, err := e.svc.Repairs(ctx, techNorth, desk.RepairFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Items)
	}
	if n := mine(); n != 0 {
		t.Fatalf("the technician has %d orders before any is assigned", n)
	}
	if _, err := e.svc.AssignExecutor(ctx, techNorth, r.ID, desk.ExecutorChange{ExecutorID: "tech-north", Version: r.Version}); code(err) != apperr.Forbidden {
		t.Errorf("a technician assigned an order: %v", err)
	}
	if _, err := e.svc.AssignExecutor(ctx, north, r.ID, desk.ExecutorChange{ExecutorID: "tech-south", Version: r.Version}); code(err) != apperr.Invalid {
		t.Errorf("another centre's technician assigned: %v", err)
	}
	v, err := e.svc.AssignExecutor(ctx, asRole(north, auth.CentreReception), r.ID, desk.ExecutorChange{ExecutorID: "tech-north", Version: r.Version})
	if err != nil || v.ExecutorID != "tech-north" {
		t.Fatalf("reception assigned: %+v, %v", v.ExecutorID, err)
	}
	if n := mine(); n != 1 {
		t.Errorf("the technician has %d orders after the assignment, want 1", n)
	}
	if _, err := e.svc.AssignExecutor(ctx, north, r.ID, desk.ExecutorChange{Version: v.Version}); err != nil {
		t.Fatal(err)
	}
	if n := mine(); n != 0 {
		t.Errorf("the technician still has %d orders after the order was taken off them", n)
	}
	card, err := e.svc.Repair(ctx, north, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, ev := range card.History {
		kinds = append(kinds, ev.Kind+": "+ev.Text)
	}
	if want := []string{"created", "executor", "executor"}; len(kinds) != 3 || !strings.HasPrefix(kinds[1], "executor: Исполнитель: ") || kinds[2] != "executor: Исполнитель снят" {
		t.Errorf("history %v, want %v", kinds, want)
	}
}
