package deskstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"aftersales/infra/localaws"
	"aftersales/shared/agenda"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/phone"
)

var msk = func() *time.Location {
	l, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		panic(err)
	}
	return l
}()

// agendaStaff are the users of the agenda's tests: two technicians and a
// receptionist in north, one technician in south, one disabled in north.
var agendaStaff = map[string]auth.User{
	"tech-1":   {ID: "tech-1", FullName: "Иван Мастеров", Role: auth.RoleServiceCenter, Tenant: "north", CentreRole: auth.CentreTechnician},
	"tech-2":   {ID: "tech-2", FullName: "Пётр Выездной", Role: auth.RoleServiceCenter, Tenant: "north", CentreRole: auth.CentreTechnician},
	"desk-1":   {ID: "desk-1", FullName: "Анна Приёмщица", Role: auth.RoleServiceCenter, Tenant: "north", CentreRole: auth.CentreReception},
	"tech-s":   {ID: "tech-s", FullName: "Южный Мастер", Role: auth.RoleServiceCenter, Tenant: "south", CentreRole: auth.CentreTechnician},
	"tech-off": {ID: "tech-off", FullName: "Уволен", Role: auth.RoleServiceCenter, Tenant: "north", CentreRole: auth.CentreTechnician, Disabled: true},
}

type agendaStaffDir struct{}

func (agendaStaffDir) User(_ context.Context, id string) (auth.User, error) {
	if u, ok := agendaStaff[id]; ok {
		return u, nil
	}
	return auth.User{}, auth.ErrNotFound
}

func (agendaStaffDir) ListUsers(_ context.Context, tenant string, _ auth.ListOptions) (auth.Page[auth.User], error) {
	var p auth.Page[auth.User]
	for _, u := range agendaStaff {
		if u.Tenant == tenant {
			p.Items = append(p.Items, u)
		}
	}
	return p, nil
}

type agendaEnv struct {
	*env
	agenda *agenda.Service
	store  *Desk
}

func newAgendaEnv(t testing.TB) *agendaEnv {
	e := newEnv(t)
	store := New(dynamo.New(e.db, e.table))
	var n atomic.Int64
	svc, err := agenda.NewService(agenda.Config{Store: store, Feeds: store, Staff: agendaStaffDir{}, Desk: store,
		Phones: phone.Parse, Location: msk, Clock: func() time.Time { return e.now },
		NewID: func() string { return fmt.Sprintf("v%04d", n.Add(1)) }})
	if err != nil {
		t.Fatal(err)
	}
	return &agendaEnv{env: e, agenda: svc, store: store}
}

func staffCaller(id string) auth.Caller {
	u := agendaStaff[id]
	return auth.Caller{UserID: u.ID, Role: u.Role, Tenant: u.Tenant, CentreRole: u.CentreRole}
}

var reception = staffCaller("desk-1")

// mskAt is a time of 4 March 2026 in Moscow.
func mskAt(hour, minute int) time.Time { return time.Date(2026, 3, 4, hour, minute, 0, 0, msk) }

func visitInput(tech string, from, to time.Time, address string) agenda.Input {
	return agenda.Input{Kind: agenda.KindRepair, TechnicianID: tech, Start: from, End: to, Address: address,
		Contact: agenda.Contact{Name: "Сергей", Phone: "8 (912) 345-67-89"}}
}

func (e *agendaEnv) plan(t testing.TB, c auth.Caller, in agenda.Input) agenda.Visit {
	t.Helper()
	v, err := e.agenda.Create(context.Background(), c, in)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestAnOverlappingVisitOfTheSameTechnicianIsRefusedNamingTheOther(t *testing.T) {
	e := newAgendaEnv(t)
	ctx := context.Background()
	first := e.plan(t, reception, visitInput("tech-1", mskAt(10, 0), mskAt(12, 0), "Тверь, ул. Ленина, 1"))

	_, err := e.agenda.Create(ctx, reception, visitInput("tech-1", mskAt(11, 30), mskAt(13, 0), "Тверь, ул. Мира, 5"))
	ae := apperr.As(err)
	if ae.Code != apperr.Conflict {
		t.Fatalf("overlap: %v, want a conflict", err)
	}
	for _, want := range []string{"занят", "04.03.2026 10:00–12:00", "Тверь, ул. Ленина, 1"} {
		if !strings.Contains(ae.Message, want) {
			t.Errorf("message %q does not say %q", ae.Message, want)
		}
	}
	if ae.Details["visitId"] != first.ID {
		t.Errorf("details %v, want the other visit %s", ae.Details, first.ID)
	}
	// Touching ends, another technician, the same time: all fine.
	e.plan(t, reception, visitInput("tech-1", mskAt(12, 0), mskAt(13, 0), "Тверь, ул. Мира, 5"))
	e.plan(t, reception, visitInput("tech-2", mskAt(10, 0), mskAt(12, 0), "Тверь, ул. Мира, 7"))
}

func TestTwoConcurrentBookingsOfOneSlotCannotBothWin(t *testing.T) {
	e := newAgendaEnv(t)
	const n = 8
	var wg sync.WaitGroup
	var won, busy atomic.Int64
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Every booking overlaps every other (each starts 10 minutes later
			// and lasts an hour and a half).
			from := mskAt(9, 0).Add(time.Duration(i) * 10 * time.Minute)
			_, err := e.agenda.Create(context.Background(), reception, visitInput("tech-1", from, from.Add(90*time.Minute), fmt.Sprintf("Адрес %d", i)))
			switch {
			case err == nil:
				won.Add(1)
			case apperr.CodeOf(err) == apperr.Conflict:
				busy.Add(1)
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if won.Load() != 1 || busy.Load() != n-1 {
		t.Errorf("%d bookings won and %d were refused, want 1 and %d", won.Load(), busy.Load(), n-1)
	}
	vs, err := e.agenda.List(context.Background(), reception, agenda.Query{From: "2026-03-04", Days: 1, TechnicianID: "tech-1"})
	if err != nil || len(vs) != 1 {
		t.Errorf("the day holds %d visits (%v), want 1", len(vs), err)
	}
}

func TestMovingOrCancellingAVisitFreesItsTime(t *testing.T) {
	e := newAgendaEnv(t)
	ctx := context.Background()
	v := e.plan(t, reception, visitInput("tech-1", mskAt(10, 0), mskAt(12, 0), "Адрес 1"))

	// Moved to the afternoon: the morning is free, the afternoon is not.
	moved := visitInput("tech-1", mskAt(15, 0), mskAt(16, 0), "Адрес 1")
	moved.Version = v.Version
	v, err := e.agenda.Update(ctx, reception, v.ID, moved)
	if err != nil {
		t.Fatal(err)
	}
	e.plan(t, reception, visitInput("tech-1", mskAt(10, 0), mskAt(12, 0), "Адрес 2"))
	if _, err := e.agenda.Create(ctx, reception, visitInput("tech-1", mskAt(15, 30), mskAt(16, 30), "Адрес 3")); apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("the moved visit's new time: %v, want a conflict", err)
	}
	// Moved to another technician: the first one's afternoon is free.
	other := moved
	other.TechnicianID, other.Version = "tech-2", v.Version
	if v, err = e.agenda.Update(ctx, reception, v.ID, other); err != nil {
		t.Fatal(err)
	}
	e.plan(t, reception, visitInput("tech-1", mskAt(15, 30), mskAt(16, 30), "Адрес 3"))
	// Cancelled: tech-2's afternoon is free too; planned again, it is refused
	// when somebody took the time meanwhile.
	if v, err = e.agenda.SetStatus(ctx, reception, v.ID, agenda.StatusInput{Status: agenda.StatusCancelled, Version: v.Version}); err != nil {
		t.Fatal(err)
	}
	e.plan(t, reception, visitInput("tech-2", mskAt(15, 0), mskAt(16, 0), "Адрес 4"))
	if _, err := e.agenda.SetStatus(ctx, reception, v.ID, agenda.StatusInput{Status: agenda.StatusPlanned, Version: v.Version}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("re-planning over a taken slot: %v, want a conflict", err)
	}
	// A stale edit is refused.
	stale := moved
	stale.Version = 1
	if _, err := e.agenda.Update(ctx, reception, v.ID, stale); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("stale edit: %v, want a conflict", err)
	}
}

func TestAVisitOverMidnightBlocksBothDays(t *testing.T) {
	e := newAgendaEnv(t)
	// 01:30–05:00 Moscow is 22:30–02:00 UTC: two UTC days.
	e.plan(t, reception, visitInput("tech-1", mskAt(1, 30), mskAt(5, 0), "Ночной адрес"))
	_, err := e.agenda.Create(context.Background(), reception, visitInput("tech-1", mskAt(4, 0), mskAt(6, 0), "Другой"))
	if apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("overlap on the second UTC day: %v, want a conflict", err)
	}
}

func TestTheDayAndWeekViewsAreOneQueryEachAndATechnicianSeesOnlyTheirOwn(t *testing.T) {
	e := newAgendaEnv(t)
	ctx := context.Background()
	a := e.plan(t, reception, visitInput("tech-1", mskAt(9, 0), mskAt(10, 0), "А"))
	b := e.plan(t, reception, visitInput("tech-2", mskAt(11, 0), mskAt(12, 0), "Б"))
	// The evening before, ending after midnight: part of the 4th.
	late := e.plan(t, reception, visitInput("tech-1", mskAt(-2, 0), mskAt(1, 0), "Поздний"))
	next := e.plan(t, reception, visitInput("tech-1", mskAt(9, 0).AddDate(0, 0, 3), mskAt(10, 0).AddDate(0, 0, 3), "Через три дня"))
	e.plan(t, staffCaller("tech-s"), visitInput("tech-s", mskAt(9, 0), mskAt(10, 0), "Юг"))

	ids := func(vs []agenda.Visit) string {
		var s []string
		for _, v := range vs {
			s = append(s, v.ID)
		}
		return strings.Join(s, ",")
	}
	cases := []struct {
		name   string
		caller auth.Caller
		q      agenda.Query
		want   []agenda.Visit
	}{
		{"the centre's day", reception, agenda.Query{From: "2026-03-04", Days: 1}, []agenda.Visit{late, a, b}},
		{"the centre's week", reception, agenda.Query{From: "2026-03-04", Days: 7}, []agenda.Visit{late, a, b, next}},
		{"a technician's day, asked by reception", reception, agenda.Query{From: "2026-03-04", Days: 1, TechnicianID: "tech-2"}, []agenda.Visit{b}},
		{"a technician's own week", staffCaller("tech-1"), agenda.Query{From: "2026-03-04", Days: 7}, []agenda.Visit{late, a, next}},
		{"the day before", reception, agenda.Query{From: "2026-03-03", Days: 1}, []agenda.Visit{late}},
	}
	for _, c := range cases {
		e.calls.Snapshot()
		got, err := e.agenda.List(ctx, c.caller, c.q)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if ids(got) != ids(c.want) {
			t.Errorf("%s: %s, want %s", c.name, ids(got), ids(c.want))
		}
		if calls := e.calls.Snapshot(); localaws.Count(calls, "DynamoDB") != 1 || calls["DynamoDB.Query"] != 1 {
			t.Errorf("%s: DynamoDB calls %v, want one Query", c.name, calls)
		}
	}
	if _, err := e.agenda.List(ctx, staffCaller("tech-1"), agenda.Query{From: "2026-03-04", Days: 1, TechnicianID: "tech-2"}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a technician asking for another's day: %v, want forbidden", err)
	}
	if _, err := e.agenda.Visit(ctx, staffCaller("tech-1"), b.ID); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a technician reading another's visit: %v, want forbidden", err)
	}
	if _, err := e.agenda.Visit(ctx, staffCaller("tech-s"), a.ID); !errors.Is(err, auth.NotFound()) {
		t.Errorf("another centre's visit: %v, want not found", err)
	}
}

func TestATechnicianPlansOnlyTheirOwnVisitsAndOnlyStaffAreResponsible(t *testing.T) {
	e := newAgendaEnv(t)
	ctx := context.Background()
	e.plan(t, staffCaller("tech-1"), visitInput("tech-1", mskAt(9, 0), mskAt(10, 0), "Сам себе"))
	cases := []struct {
		name   string
		caller auth.Caller
		tech   string
		code   apperr.Code
	}{
		{"a technician for a colleague", staffCaller("tech-1"), "tech-2", apperr.Forbidden},
		{"another centre's technician", reception, "tech-s", apperr.Invalid},
		{"a disabled account", reception, "tech-off", apperr.Invalid},
		{"nobody", reception, "ghost", apperr.Invalid},
	}
	for _, c := range cases {
		_, err := e.agenda.Create(ctx, c.caller, visitInput(c.tech, mskAt(14, 0), mskAt(15, 0), "Адрес"))
		if apperr.CodeOf(err) != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
	bad := visitInput("tech-2", mskAt(15, 0), mskAt(14, 0), " ")
	bad.Kind, bad.Contact.Phone = "party", "12"
	_, err := e.agenda.Create(ctx, reception, bad)
	fields := map[string]bool{}
	for _, f := range apperr.As(err).Fields {
		fields[f.Field] = true
	}
	for _, f := range []string{"kind", "address", "contact.phone", "end"} {
		if !fields[f] {
			t.Errorf("no field error for %s in %v", f, err)
		}
	}
}

func TestAVisitLinkedToAnOrderTakesItsCustomerAndAnotherCentresOrderIsRefused(t *testing.T) {
	e := newAgendaEnv(t)
	ctx := context.Background()
	cu := e.customer(t, north, "Ольга Дачная", "+7 912 000-11-22")
	r := e.intake(t, north, cu, "MOW-1", "")
	in := visitInput("tech-1", mskAt(9, 0), mskAt(10, 0), "Дача")
	in.RepairID = r.ID
	v := e.plan(t, reception, in)
	if v.CustomerID != cu.ID || v.RepairID != r.ID {
		t.Errorf("visit links order %q customer %q, want %s %s", v.RepairID, v.CustomerID, r.ID, cu.ID)
	}
	southCustomer := e.customer(t, south, "Южный клиент", "+7 912 000-11-23")
	southRepair := e.intake(t, south, southCustomer, "MOW-2", "")
	in.RepairID, in.Start, in.End = southRepair.ID, mskAt(11, 0), mskAt(12, 0)
	if _, err := e.agenda.Create(ctx, reception, in); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("another centre's order: %v, want a field error", err)
	}
	in.RepairID, in.CustomerID = "", southCustomer.ID
	if _, err := e.agenda.Create(ctx, reception, in); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("another centre's customer: %v, want a field error", err)
	}
}

func TestABookingIsOneReadPerDayItTouchesAndOneTransaction(t *testing.T) {
	e := newAgendaEnv(t)
	e.calls.Snapshot()
	v := e.plan(t, reception, visitInput("tech-1", mskAt(10, 0), mskAt(12, 0), "Адрес"))
	if calls := e.calls.Snapshot(); calls["DynamoDB.GetItem"] != 1 || calls["DynamoDB.TransactWriteItems"] != 1 || localaws.Count(calls, "DynamoDB") != 2 {
		t.Errorf("a one-day booking made %v, want one GetItem (the day) and one TransactWriteItems", calls)
	}
	// Moved across midnight UTC (01:30–05:00 Moscow): the old day and two new ones.
	in := visitInput("tech-1", mskAt(1, 30), mskAt(5, 0), "Адрес")
	in.Version = v.Version
	if _, err := e.agenda.Update(context.Background(), reception, v.ID, in); err != nil {
		t.Fatal(err)
	}
	if calls := e.calls.Snapshot(); calls["DynamoDB.GetItem"] != 1+2 || calls["DynamoDB.TransactWriteItems"] != 1 {
		t.Errorf("a move over midnight made %v, want 3 GetItem (the visit, its two days: the old day is one of them) and one transaction", calls)
	}
}
