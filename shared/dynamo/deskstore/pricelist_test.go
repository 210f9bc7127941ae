package deskstore

import (
	"context"
	"errors"
	"testing"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/money"
)

func asRole(c auth.Caller, r auth.CentreRole) auth.Caller { c.CentreRole = r; return c }

func code(err error) apperr.Code {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestTheCentreAdminKeepsThePriceListAndEveryRolePicksAWorkOntoAnOrder(t *testing.T) {
	e := newEnv(t)
	t.Parallel()
	ctx := context.Background()

	empty, err := e.svc.PriceList(ctx, asRole(north, auth.CentreTechnician))
	if err != nil || len(empty.Works) != 0 || empty.Version != 0 {
		t.Fatalf("a new centre's price list: %+v, %v", empty, err)
	}
	edit := desk.PriceListInput{Works: []desk.WorkInput{{Code: "D1", Name: "Диагностика", Price: rub(500_00)}, {Name: "Замена свечи", Price: rub(350_50)}}}
	if _, err := e.svc.SavePriceList(ctx, asRole(north, auth.CentreReception), edit); code(err) != apperr.Forbidden {
		t.Errorf("reception saved the price list: %v", err)
	}
	saved, err := e.svc.SavePriceList(ctx, north, edit)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 1 || saved.Works[0].ID == "" || saved.Works[1].ID == "" {
		t.Fatalf("saved %+v", saved)
	}
	if _, err := e.svc.SavePriceList(ctx, north, edit); code(err) != apperr.Conflict {
		t.Errorf("a save based on version 0 after version 1: %v", err)
	}
	if other, err := e.svc.PriceList(ctx, south); err != nil || len(other.Works) != 0 {
		t.Errorf("another centre sees %+v, %v", other, err)
	}

	cu := e.customer(t, north, "Петров Иван", "+7 934 734-12-34")
	r := e.intake(t, north, cu, "PL-1", "tech-north")
	// Picked as listed: the list's name, price and code.
	v, err := e.svc.AddLine(ctx, techNorth, r.ID, desk.LineInput{Kind: "work", WorkID: saved.Works[0].ID, Quantity: 1, Version: r.Version})
	if err != nil {
		t.Fatal(err)
	}
	if l := v.Works[0]; l.Name != "Диагностика" || l.Price != 500_00 || l.Code != "D1" {
		t.Errorf("picked line %+v", l)
	}
	// Picked and edited: the order keeps what was typed.
	price := money.RUB(300_00)
	v, err = e.svc.AddLine(ctx, north, r.ID, desk.LineInput{Kind: "work", WorkID: saved.Works[1].ID, Name: "Замена свечи (своя)",
		Price: &price, Quantity: 2, Version: v.Version})
	if err != nil {
		t.Fatal(err)
	}
	if l := v.Works[1]; l.Name != "Замена свечи (своя)" || l.Price != 300_00 || v.Total != 1100_00 {
		t.Errorf("edited line %+v, total %v", l, v.Total)
	}
	// A work the list no longer has, and a part picked from the list of works.
	for _, in := range []desk.LineInput{{Kind: "work", WorkID: "gone", Quantity: 1, Version: v.Version},
		{Kind: "part", WorkID: saved.Works[0].ID, Quantity: 1, Version: v.Version}} {
		if _, err := e.svc.AddLine(ctx, north, r.ID, in); code(err) != apperr.Invalid {
			t.Errorf("line %+v: %v, want invalid", in, err)
		}
	}
	// Another centre cannot pick the north's works.
	sc := e.customer(t, south, "Клиент юга", "+7 934 000-11-22")
	rs := e.intake(t, south, sc, "", "")
	if _, err := e.svc.AddLine(ctx, south, rs.ID, desk.LineInput{Kind: "work", WorkID: saved.Works[0].ID, Quantity: 1, Version: rs.Version}); code(err) != apperr.Invalid {
		t.Errorf("south picked north's work: %v", err)
	}
	// Changing the list changes no order.
	again := desk.PriceListInput{Version: saved.Version}
	for _, w := range saved.Works {
		again.Works = append(again.Works, desk.WorkInput{ID: w.ID, Code: w.Code, Name: w.Name, Price: rub(900_00)})
	}
	if _, err := e.svc.SavePriceList(ctx, north, again); err != nil {
		t.Fatal(err)
	}
	card, err := e.svc.Repair(ctx, north, r.ID)
	if err != nil || card.Repair.Works[0].Price != 500_00 {
		t.Errorf("the order after the list changed: %+v, %v", card.Repair.Works, err)
	}
}
