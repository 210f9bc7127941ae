package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/acts"
	"aftersales/shared/sheets/sheetstest"
	"aftersales/shared/xlsxwrite"
)

func TestTheOrdersAPIAnswersAsItsDocumentSaysFromOrderToDelivery(t *testing.T) {
	north, south := newCentre(t, "north"), newCentre(t, "south")
	t.Parallel()
	act, order := approved(t, north, fulfiltest.Fields())

	var list struct{ Items []struct{ ID, Status string } }
	call(t, north.Account, "GET", "/api/orders?limit=5", nil).Decode(t, &list)
	if len(list.Items) != 1 || list.Items[0].ID != order || list.Items[0].Status != "awaiting_shipment" {
		t.Errorf("the centre's orders: %+v", list.Items)
	}
	if got := call(t, south.Account, "GET", "/api/orders/"+order, nil); got.Status != http.StatusNotFound {
		t.Errorf("another centre's order: %d", got.Status)
	}
	if got := call(t, h.manager, "GET", "/api/orders?status=lost", nil); got.Status != http.StatusBadRequest {
		t.Errorf("an unknown status: %d", got.Status)
	}

	created := call(t, h.manager, "POST", "/api/shipments", map[string]any{"orderIds": []string{order}})
	var sh struct {
		ID, Status string
		Items      []struct{ ActNumber string }
	}
	created.Decode(t, &sh)
	if created.Status != http.StatusCreated || sh.Status != "collected" || len(sh.Items) != 1 || sh.Items[0].ActNumber != act.Number {
		t.Fatalf("urgent shipment: %d %s", created.Status, created.Raw)
	}
	for _, path := range []string{"/api/shipments/" + sh.ID, "/api/shipments"} {
		if got := call(t, north.Account, "GET", path, nil); got.Status != http.StatusOK {
			t.Errorf("GET %s: %d %s", path, got.Status, got.Raw)
		}
	}
	if got := call(t, h.manager, "POST", "/api/shipments/"+sh.ID+"/dispatch",
		map[string]string{"carrier": "", "trackingNumber": ""}); got.Status != http.StatusBadRequest {
		t.Errorf("a dispatch without carrier and number: %d", got.Status)
	}
	dispatched := call(t, h.manager, "POST", "/api/shipments/"+sh.ID+"/dispatch",
		map[string]string{"carrier": "СДЭК", "trackingNumber": "RA 123 RU"})
	if dispatched.Status != http.StatusOK {
		t.Fatalf("dispatch: %d %s", dispatched.Status, dispatched.Raw)
	}
	if got := call(t, south.Account, "POST", "/api/shipments/"+sh.ID+"/deliver", nil); got.Status != http.StatusNotFound {
		t.Errorf("another centre confirming the parcel: %d", got.Status)
	}
	delivered := call(t, north.Account, "POST", "/api/shipments/"+sh.ID+"/deliver", nil)
	if delivered.Status != http.StatusOK {
		t.Fatalf("deliver: %d %s", delivered.Status, delivered.Raw)
	}
	var after acts.Act
	call(t, north.Account, "GET", "/api/acts/"+act.ID, nil).Decode(t, &after)
	if after.Status != acts.StatusPartsDelivered {
		t.Errorf("the act is %s", after.Status)
	}

	_, other := approved(t, south, fulfiltest.Fields())
	if got := call(t, north.Account, "POST", "/api/orders/"+other+"/cancel", map[string]string{"reason": "x"}); got.Status != http.StatusForbidden {
		t.Errorf("a centre cancelling: %d", got.Status)
	}
	var cancelled struct{ Status, CancelReason string }
	call(t, h.manager, "POST", "/api/orders/"+other+"/cancel",
		map[string]string{"reason": "Клиент забрал изделие"}).Decode(t, &cancelled)
	if cancelled.Status != "cancelled" || cancelled.CancelReason != "Клиент забрал изделие" {
		t.Errorf("cancelled: %+v", cancelled)
	}
}

func TestTheCompensationReportListsOwnPartsPerCentreWithFormulasNeutralised(t *testing.T) {
	north := newCentre(t, "north")
	t.Parallel()
	first, _ := approved(t, north, fulfiltest.Fields())
	second, _ := approved(t, north, fulfiltest.Fields())
	// A part name a spreadsheet would run as a formula.
	approved(t, north, acts.Fields{Parts: []acts.Part{{Name: "=1+2", Quantity: 1, OwnPart: true, Price: 50000}}})
	month := time.Now().In(h.Srv.Env().Config.Location).Format("2006-01")

	if got := call(t, h.manager, "GET", "/api/reports/compensation?month=11.2026", nil); got.Status != http.StatusBadRequest {
		t.Errorf("a malformed month: %d", got.Status)
	}
	if got := call(t, north.Account, "GET", "/api/reports/compensation?month="+month, nil); got.Status != http.StatusForbidden {
		t.Errorf("a centre asking: %d", got.Status)
	}
	rep := call(t, h.manager, "GET", "/api/reports/compensation?month="+month, nil)
	if rep.Status != http.StatusOK || !strings.Contains(rep.Header.Get("Content-Disposition"), "kompensaciya-"+month+".xlsx") {
		t.Fatalf("report: %d %v", rep.Status, rep.Header)
	}
	book := sheetstest.Open(t, rep.Raw)
	// The runner's table holds the other tests' centres too: this test
	// reads the header, its centre's rows and its total.
	all := book.Rows(t)
	var rows []int // 1-based row numbers of this centre's rows
	text := ""
	for i, r := range all {
		if i == 0 || r[0] == north.name || r[0] == "Итого: "+north.name {
			rows = append(rows, i+1)
			text += strings.Join(r, "|") + "\n"
		}
	}
	total := "Итого: " + north.name + "|||||||2,060.00 ₽"
	for _, want := range []string{first.Number + "|", second.Number + "|", "|Коленвал|", "|'=1+2|", total} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
	if len(rows) != 1+3+1 {
		t.Fatalf("%d rows, want the header, 3 parts and 1 total:\n%s", len(rows), text)
	}
	// Cell by cell, what excelize reads: the header, the kinds of the part
	// rows' cells, and the total in roubles.
	for i, head := range []string{"Сервисный центр", "Акт", "Дата решения", "Запчасть", "Номер по схеме", "Количество", "Цена, ₽", "Сумма, ₽", "Плательщик"} {
		if c := book.Cell(t, i, 1); c.Raw != head || !c.Bold {
			t.Errorf("header %d: got %+v, want bold %q", i+1, c, head)
		}
	}
	for _, row := range rows[1:4] {
		if c := book.Cell(t, 2, row); !strings.HasPrefix(c.Format, "dd.mm.yyyy") {
			t.Errorf("row %d: the decision date is %+v, want a date cell", row, c)
		}
		if all[row-1][3] == "'=1+2" {
			book.Want(t, 5, row, 1)
			book.Want(t, 6, row, xlsxwrite.Money(50000))
			book.Want(t, 7, row, xlsxwrite.Money(50000))
		}
	}
	book.Want(t, 0, rows[4], "Итого: "+north.name)
	book.Want(t, 7, rows[4], xlsxwrite.Money(206000))
	empty := call(t, h.manager, "GET", "/api/reports/compensation?month=2025-10", nil)
	if rows := sheetstest.Open(t, empty.Raw).Rows(t); len(rows) != 1 {
		t.Errorf("October 2025 has %d rows, want only the header", len(rows))
	}
}
