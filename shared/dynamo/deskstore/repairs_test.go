package deskstore

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/money"
)

func (e *env) intake(t testing.TB, c auth.Caller, customer desk.Customer, serial, executor string) desk.RepairView {
	t.Helper()
	r, err := e.svc.CreateRepair(context.Background(), c, desk.NewRepair{CustomerID: customer.ID,
		Device:     &desk.DeviceInput{Category: "Газонокосилка", Maker: "Энергопром", Model: "ГК-1500", Serial: serial},
		Intake:     desk.Intake{Complaint: "Не заводится", Completeness: "Травосборник"},
		ExecutorID: executor})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRepairNumbersAreGapFreePerCentreAndYearEvenWhenTakenAtOnce(t *testing.T) {
	e := newEnv(t)
	t.Parallel()
	cu := e.customer(t, north, "Петров Иван", "+7 934 734-12-34")
	const n = 12
	numbers := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := e.svc.CreateRepair(context.Background(), north, desk.NewRepair{CustomerID: cu.ID,
				Device: &desk.DeviceInput{Category: "Триммер", Model: "Т-1"}, Intake: desk.Intake{Complaint: "Шумит"}})
			if err != nil {
				t.Error(err)
				return
			}
			numbers[i] = r.Number
		}()
	}
	wg.Wait()
	slices.Sort(numbers)
	for i, got := range numbers {
		if want := desk.RepairNumber("СЦ", 2026, i+1); got != want {
			t.Errorf("numbers %v: #%d is %s, want %s", numbers, i, got, want)
			break
		}
	}
	other := e.customer(t, south, "Клиент юга", "+7 934 000-11-22")
	if r := e.intake(t, south, other, "", ""); r.Number != "СЦ-2026-000001" {
		t.Errorf("another centre's first order is %s", r.Number)
	}
	e.now = time.Date(2027, 1, 1, 0, 30, 0, 0, time.UTC)
	if r := e.intake(t, north, cu, "", ""); r.Number != "СЦ-2027-000001" {
		t.Errorf("the first order of a new year is %s", r.Number)
	}
}

func TestOrdersPastTheirNormAreExactlyTheOverdueOnesAndComeFirst(t *testing.T) {
	e := newEnv(t)
	t.Parallel()
	ctx := context.Background()
	cu := e.customer(t, north, "Петров Иван", "+7 934 734-12-34")
	// Norms: accepted 4 h, diagnostics 24 h.
	a := e.intake(t, north, cu, "A-1", "tech-north") // accepted at 09:00, due 13:00
	e.now = at.Add(time.Hour)
	b := e.intake(t, north, cu, "B-1", "") // accepted at 10:00, due 14:00
	e.now = at.Add(2 * time.Hour)
	c := e.intake(t, north, cu, "C-1", "tech-north")
	if _, err := e.svc.Move(ctx, north, c.ID, desk.StatusMove{Status: desk.StatusDiagnostics, Version: c.Version}); err != nil {
		t.Fatal(err) // in diagnostics from 11:00, due tomorrow 11:00
	}
	e.now = at.Add(4*time.Hour + 30*time.Minute) // 13:30: only a is past its norm
	overdue := func() []string {
		t.Helper()
		p, err := e.svc.Overdue(ctx, north, desk.RepairFilter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range p.Items {
			if !r.Overdue {
				t.Errorf("%s listed as overdue but its view says not", r.Number)
			}
			got = append(got, r.ID)
		}
		return got
	}
	if got := overdue(); !slices.Equal(got, []string{a.ID}) {
		t.Errorf("overdue at 13:30: %v, want [%s]", got, a.ID)
	}
	e.now = at.Add(5 * time.Hour) // 14:00 — b's due instant is not yet past it
	e.now = e.now.Add(time.Second)
	if got := overdue(); !slices.Equal(got, []string{a.ID, b.ID}) {
		t.Errorf("overdue just after 14:00: %v, want [%s %s]", got, a.ID, b.ID)
	}
	all, err := e.svc.Repairs(ctx, north, desk.RepairFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, r := range all.Items {
		order = append(order, r.ID)
	}
	if !slices.Equal(order, []string{a.ID, b.ID, c.ID}) {
		t.Errorf("open orders: %v, want the overdue first: %s %s %s", order, a.ID, b.ID, c.ID)
	}
	if all.Items[0].MinutesInStatus != 5*60 {
		t.Errorf("a has been %d minutes in its status, want 300", all.Items[0].MinutesInStatus)
	}
	mine, err := e.svc.Repairs(ctx, north, desk.RepairFilter{ExecutorID: "tech-north"})
	if err != nil || len(mine.Items) != 2 || mine.Items[0].ID != a.ID || mine.Items[1].ID != c.ID {
		t.Errorf("the technician's orders: %+v, %v", mine.Items, err)
	}
	inDiag, err := e.svc.Repairs(ctx, north, desk.RepairFilter{Status: desk.StatusDiagnostics})
	if err != nil || len(inDiag.Items) != 1 || inDiag.Items[0].ID != c.ID {
		t.Errorf("orders in diagnostics: %+v, %v", inDiag.Items, err)
	}
	if p, err := e.svc.Overdue(ctx, south, desk.RepairFilter{Limit: 50}); err != nil || len(p.Items) != 0 {
		t.Errorf("another centre sees overdue orders: %+v, %v", p.Items, err)
	}

	// A centre with its own norm for «Принят»: orders taken after the change follow it.
	st, err := e.svc.Settings(ctx, north)
	if err != nil {
		t.Fatal(err)
	}
	st.Chain[0].NormHours = 1
	if _, err := e.svc.SaveSettings(ctx, north, st); err != nil {
		t.Fatal(err)
	}
	d := e.intake(t, north, cu, "D-1", "")
	e.now = e.now.Add(61 * time.Minute)
	if got := overdue(); !slices.Contains(got, d.ID) {
		t.Errorf("an order past the centre's own 1-hour norm is not overdue: %v", got)
	}
}

func TestAnOrderRunsFromIntakeToHandOverAndTheDeviceRemembersIt(t *testing.T) {
	e := newEnv(t)
	t.Parallel()
	ctx := context.Background()
	cu := e.customer(t, north, "Петров Иван", "+7 934 734-12-34")
	r := e.intake(t, north, cu, "gk-0042", "tech-north")
	if r.Status != desk.StatusAccepted || r.StatusName != "Принят" || r.Number != "СЦ-2026-000001" {
		t.Errorf("a new order: %s %s %s", r.Number, r.Status, r.StatusName)
	}
	v, err := e.svc.AddLine(ctx, north, r.ID, desk.LineInput{Kind: "work", Name: "Замена свечи", Quantity: 1, Price: rub(50000), Version: r.Version})
	if err != nil {
		t.Fatal(err)
	}
	v, err = e.svc.AddLine(ctx, north, r.ID, desk.LineInput{Kind: "part", Name: "Свеча", Quantity: 2, Price: rub(15000), Version: v.Version})
	if err != nil {
		t.Fatal(err)
	}
	v, err = e.svc.AddPayment(ctx, north, r.ID, desk.PaymentInput{Amount: 30000, Method: desk.PayCash, Version: v.Version})
	if err != nil {
		t.Fatal(err)
	}
	if v.Total != 80000 || v.Paid != 30000 || v.Balance != 50000 {
		t.Errorf("total %v paid %v balance %v, want 800, 300, 500", v.Total, v.Paid, v.Balance)
	}
	if v, err = e.svc.Move(ctx, north, r.ID, desk.StatusMove{Status: desk.StatusReady, Version: v.Version}); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.Move(ctx, north, r.ID, desk.StatusMove{Status: desk.StatusHandedOver, Version: v.Version})
	if apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("handing over with 500 ₽ unpaid: %v, want a conflict", err)
	}
	if _, err := e.svc.AddPayment(ctx, north, r.ID, desk.PaymentInput{Amount: 50000, Method: desk.PayCard, Version: v.Version - 1}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a payment on a stale version: %v", err)
	}
	if v, err = e.svc.AddPayment(ctx, north, r.ID, desk.PaymentInput{Amount: 50000, Method: desk.PayCard, Version: v.Version}); err != nil {
		t.Fatal(err)
	}
	if v, err = e.svc.Move(ctx, north, r.ID, desk.StatusMove{Status: desk.StatusHandedOver, Version: v.Version}); err != nil || v.HandedOverAt == nil {
		t.Fatalf("hand-over after payment: %+v, %v", v, err)
	}
	if _, err := e.svc.AddPayment(ctx, north, r.ID, desk.PaymentInput{Amount: 100, Method: desk.PayCard, Version: v.Version}); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("a change after hand-over: %v", err)
	}
	open, err := e.svc.Repairs(ctx, north, desk.RepairFilter{})
	if err != nil || len(open.Items) != 0 {
		t.Errorf("a handed-over order is still open: %+v, %v", open.Items, err)
	}
	card, err := e.svc.Repair(ctx, north, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, ev := range card.History {
		kinds = append(kinds, ev.Kind)
	}
	if want := []string{"created", "work", "part", "payment", "status", "payment", "status"}; !slices.Equal(kinds, want) {
		t.Errorf("history %v, want %v", kinds, want)
	}

	// A known serial links, but what was typed about the unit is still checked.
	if _, err := e.svc.CreateRepair(ctx, north, desk.NewRepair{CustomerID: cu.ID, Intake: desk.Intake{Complaint: "x"},
		Device: &desk.DeviceInput{Category: "Газонокосилка", Model: "ГК-1500", Serial: "GK-0042", Seller: strings.Repeat("я", 201)}}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a 201-character seller with a known serial: %v, want invalid", err)
	}
	if _, err := e.svc.CreateRepair(ctx, north, desk.NewRepair{CustomerID: cu.ID, DeviceID: r.DeviceID, Intake: desk.Intake{Complaint: "x"},
		Device: &desk.DeviceInput{Category: "Газонокосилка", Model: "ГК-1500", Seller: strings.Repeat("я", 201)}}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a found device and a described one at once: %v, want invalid", err)
	}
	// The second visit: the serial typed at intake is the same unit.
	second := e.intake(t, north, cu, "GK-0042", "")
	if second.DeviceID != r.DeviceID {
		t.Errorf("the second visit registered device %s, not the known %s", second.DeviceID, r.DeviceID)
	}
	found, err := e.svc.Search(ctx, north, "gk-00")
	if err != nil || len(found.Devices) != 1 {
		t.Fatalf("search by serial: %+v, %v", found, err)
	}
	dc, err := e.svc.Device(ctx, north, found.Devices[0].ID)
	if err != nil || len(dc.Repairs) != 2 || dc.Repairs[1].ID != r.ID || dc.Repairs[0].ID != second.ID {
		t.Errorf("the device's history: %+v, %v", dc.Repairs, err)
	}
	if _, err := e.svc.Repair(ctx, south, r.ID); !errors.Is(err, auth.NotFound()) {
		t.Errorf("another centre read the order: %v", err)
	}
	if _, err := e.svc.CreateRepair(ctx, north, desk.NewRepair{CustomerID: cu.ID, DeviceID: r.DeviceID,
		Intake: desk.Intake{Complaint: "x"}, ExecutorID: "tech-south"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("another centre's technician as executor: %v", err)
	}
}

func rub(kopecks int64) *money.RUB {
	m := money.RUB(kopecks)
	return &m
}
