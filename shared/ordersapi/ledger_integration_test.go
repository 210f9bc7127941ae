package ordersapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/ledger"
	"aftersales/shared/orders"
	"aftersales/shared/sheets/sheetstest"
	"aftersales/shared/xlsxwrite"
)

type entry struct {
	ID, Kind, Serial, ActNumber, ServiceCenterID, Party, Month string
	Payer                                                      orders.Payer
	Amount                                                     float64
	Version                                                    int
	Recovery                                                   *struct {
		State                 ledger.State
		ClaimNumber           string
		Recovered, WrittenOff float64
		Reason                string
	}
	History []struct{ ActorID, ActorName, From, To string }
}

type payerStatement struct {
	Entries                                   []entry
	Total, Recovered, WrittenOff, Outstanding float64
}

// The recovery walk over HTTP: a factory's month is listed, its entries
// claimed in one document (.xlsx, read back by excelize), one partly
// recovered and the rest written off with a reason, each step credited to
// the manager; a stale step, a second claim and the cancellation of a
// claimed order are refused with 409; the centre reads its own statement
// and no other.
func TestAFactoryClaimIsClaimedPartlyRecoveredAndTheRestWrittenOff(t *testing.T) {
	a := newAPI(t)
	t.Parallel()
	e := a.e
	north, south := e.Centre("north"), e.Centre("south")
	factory := orders.PayerFactory
	approve := func(c auth.Caller) (acts.Act, orders.Order) {
		act := e.Move(e.Manager, e.Submitted(c), acts.Move{Action: acts.ActionApprove, Payer: &factory})
		o, err := e.F.Shipments.Order(e.Ctx, e.Manager, act.OrderIDs[0])
		e.Must(err, "read order")
		return act, o
	}
	first, firstOrder := approve(north)
	approve(north)
	approve(south)
	e.Approved(north) // the wholesaler's: not in the factory's month

	if got := a.call(north, "GET /api/ledger/payers/{payer}", "/api/ledger/payers/factory?month=2026-11", nil); got.status != http.StatusForbidden {
		t.Errorf("a centre reading the factory's month: %d", got.status)
	}
	var st payerStatement
	a.call(e.Manager, "GET /api/ledger/payers/{payer}", "/api/ledger/payers/factory?month=2026-11", nil).decode(t, &st)
	if len(st.Entries) != 6 || st.Total != 3*(780+300) || st.Outstanding != st.Total {
		t.Fatalf("the factory's November: %d entries, total %v, outstanding %v", len(st.Entries), st.Total, st.Outstanding)
	}
	var northIDs []string
	for _, en := range st.Entries {
		if en.Recovery == nil || en.Recovery.State != ledger.StateToClaim || en.Month != "2026-11" {
			t.Errorf("entry %+v", en)
		}
		if en.ServiceCenterID == north.Tenant {
			northIDs = append(northIDs, en.ID)
		}
	}

	claim := map[string]any{"entryIds": northIDs, "claimNumber": "П-2026-11-01", "claimDate": "2026-11-24",
		"document": "Претензия №1", "party": "Завод «Энергопром»"}
	if got := a.call(e.Manager, "POST /api/ledger/claims", "/api/ledger/claims", map[string]any{"entryIds": northIDs,
		"claimNumber": "П-1", "claimDate": "2026-11-24"}); got.status != http.StatusBadRequest || !strings.Contains(string(got.body), "завод") {
		t.Errorf("a factory claim naming no factory: %d %s", got.status, got.body)
	}
	var claimed struct{ Items []entry }
	a.call(e.Manager, "POST /api/ledger/claims", "/api/ledger/claims", claim).decode(t, &claimed)
	if len(claimed.Items) != 4 {
		t.Fatalf("claimed %d entries, want north's 4", len(claimed.Items))
	}
	for _, en := range claimed.Items {
		if en.Recovery.State != ledger.StateClaimed || en.Party != "Завод «Энергопром»" || en.Version != 2 ||
			len(en.History) != 1 || en.History[0].ActorID != e.Manager.UserID || en.History[0].To != "claimed" {
			t.Errorf("claimed entry %+v", en)
		}
	}
	if got := a.call(e.Manager, "POST /api/ledger/claims", "/api/ledger/claims", claim); got.status != http.StatusConflict {
		t.Errorf("claimed twice: %d", got.status)
	}
	cancel := a.call(e.Manager, "POST /api/orders/{id}/cancel", "/api/orders/"+firstOrder.ID+"/cancel", map[string]string{"reason": "дубль"})
	if cancel.status != http.StatusConflict || !strings.Contains(string(cancel.body), "претензии") {
		t.Errorf("cancelling a claimed order: %d %s", cancel.status, cancel.body)
	}

	part := firstOrder.ID + ".parts_shipped"
	if got := a.call(north, "POST /api/ledger/entries/{id}/recover", "/api/ledger/entries/"+part+"/recover",
		map[string]any{"amount": 100, "date": "2026-11-25"}); got.status != http.StatusForbidden {
		t.Errorf("a centre recovering: %d", got.status)
	}
	var en entry
	a.call(e.Manager, "POST /api/ledger/entries/{id}/recover", "/api/ledger/entries/"+part+"/recover",
		map[string]any{"amount": 120.50, "date": "2026-11-25", "version": 2}).decode(t, &en)
	if en.Recovery.State != ledger.StateClaimed || en.Recovery.Recovered != 120.50 || en.Version != 3 {
		t.Fatalf("a partial recovery: %+v", en.Recovery)
	}
	if got := a.call(e.Manager, "POST /api/ledger/entries/{id}/write-off", "/api/ledger/entries/"+part+"/write-off",
		map[string]any{"reason": "Завод признал часть", "version": 2}); got.status != http.StatusConflict {
		t.Errorf("a step from a stale version: %d %s", got.status, got.body)
	}
	if got := a.call(e.Manager, "POST /api/ledger/entries/{id}/write-off", "/api/ledger/entries/"+part+"/write-off",
		map[string]any{"reason": " ", "version": 3}); got.status != http.StatusBadRequest {
		t.Errorf("a write-off without a reason: %d", got.status)
	}
	a.call(e.Manager, "POST /api/ledger/entries/{id}/write-off", "/api/ledger/entries/"+part+"/write-off",
		map[string]any{"reason": "Завод признал часть", "version": 3}).decode(t, &en)
	if en.Recovery.State != ledger.StateWrittenOff || en.Recovery.WrittenOff != 300-120.50 || en.Recovery.Reason != "Завод признал часть" ||
		len(en.History) != 3 || en.History[2].From != "claimed" || en.History[2].To != "written_off" {
		t.Fatalf("the write-off: %+v %+v", en.Recovery, en.History)
	}

	var one payerStatement
	a.call(e.Manager, "GET /api/ledger/payers/{payer}", "/api/ledger/payers/factory?month=2026-11&party="+url.QueryEscape("Завод «Энергопром»"), nil).decode(t, &one)
	if len(one.Entries) != 4 || one.Total != 2*(780+300) || one.Recovered != 120.50 || one.WrittenOff != 179.50 || one.Outstanding != 2*(780+300)-300 {
		t.Errorf("the factory's statement: %d entries, %v total, %v recovered, %v written off, %v outstanding",
			len(one.Entries), one.Total, one.Recovered, one.WrittenOff, one.Outstanding)
	}

	doc := a.call(e.Manager, "GET /api/ledger/payers/{payer}/claim-document",
		"/api/ledger/payers/factory/claim-document?month=2026-11&party="+url.QueryEscape("Завод «Энергопром»"), nil)
	if doc.status != http.StatusOK || !strings.Contains(doc.header.Get("Content-Disposition"), "pretenziya-factory-2026-11.xlsx") {
		t.Fatalf("claim document: %d %v", doc.status, doc.header)
	}
	book := sheetstest.Open(t, doc.body)
	rows := book.Rows(t)
	if len(rows) != 1+4+1 {
		t.Fatalf("%d rows, want the header, 4 parts and the total: %v", len(rows), rows)
	}
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{first.Number + "|", "|СЦ «north»|01.234.09274|ЭГК-1500 Энергопром|Коленвал|", "|Свеча|",
		"|П-2026-11-01|списано|"} {
		if !strings.Contains(text, want) {
			t.Errorf("the document lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "СЦ «south»") {
		t.Errorf("the document lists another claim's entries:\n%s", text)
	}
	book.Want(t, 9, 6, xlsxwrite.Money(2*(78000+30000)))
	book.Want(t, 12, 6, xlsxwrite.Money(12050))
	book.Want(t, 13, 6, xlsxwrite.Money(17950))

	type centreStatement struct {
		ServiceCenterID string
		Entries         []entry
		Owed, Owes      float64
	}
	var own centreStatement
	a.call(north, "GET /api/ledger/centre-statement", "/api/ledger/centre-statement?month=2026-11", nil).decode(t, &own)
	if own.ServiceCenterID != north.Tenant || len(own.Entries) != 6 || own.Owed != 3*780 || own.Owes != 0 {
		t.Errorf("north's own statement: %+v", own)
	}
	if got := a.call(north, "GET /api/ledger/centre-statement", "/api/ledger/centre-statement?month=2026-11&serviceCenter="+south.Tenant, nil); got.status != http.StatusNotFound {
		t.Errorf("north reading south's statement: %d", got.status)
	}
	var theirs centreStatement
	a.call(e.Manager, "GET /api/ledger/centre-statement", "/api/ledger/centre-statement?month=2026-11&serviceCenter="+south.Tenant, nil).decode(t, &theirs)
	if len(theirs.Entries) != 2 || theirs.Owed != 780 {
		t.Errorf("south's statement for the manager: %+v", theirs)
	}
}

// A dispatch's shipping cost is an entry of its payer; a parcel lost in
// transit is claimed from its carrier once.
func TestShippingCostsAndCarrierClaimsAreEntries(t *testing.T) {
	a := newAPI(t)
	t.Parallel()
	e := a.e
	north := e.Centre("north")
	_, order := e.Approved(north)
	var sh struct{ ID string }
	a.call(e.Manager, "POST /api/shipments", "/api/shipments", map[string]any{"orderIds": []string{order.ID}}).decode(t, &sh)
	if got := a.call(e.Manager, "POST /api/shipments/{id}/carrier-claim", "/api/shipments/"+sh.ID+"/carrier-claim",
		map[string]any{"amount": 300, "reason": "Посылка утеряна"}); got.status != http.StatusConflict {
		t.Errorf("a claim on a parcel that never left: %d %s", got.status, got.body)
	}
	if got := a.call(e.Manager, "POST /api/shipments/{id}/dispatch", "/api/shipments/"+sh.ID+"/dispatch",
		map[string]any{"carrier": "СДЭК", "trackingNumber": "1234567890", "shippingCost": 450.5, "shippingPayer": "mystery"}); got.status != http.StatusBadRequest {
		t.Errorf("a dispatch with an unknown payer: %d", got.status)
	}
	if got := a.call(e.Manager, "POST /api/shipments/{id}/dispatch", "/api/shipments/"+sh.ID+"/dispatch",
		map[string]any{"carrier": "СДЭК", "trackingNumber": "1234567890", "shippingCost": 450.5}); got.status != http.StatusOK {
		t.Fatalf("dispatch: %d %s", got.status, got.body)
	}
	var whole payerStatement
	a.call(e.Manager, "GET /api/ledger/payers/{payer}", "/api/ledger/payers/wholesaler?month=2026-11", nil).decode(t, &whole)
	shipping := 0
	for _, en := range whole.Entries {
		if en.Kind == "shipping" {
			shipping++
			if en.Amount != 450.5 || en.Party != "СДЭК" || en.Recovery != nil {
				t.Errorf("shipping entry %+v", en)
			}
		}
	}
	if shipping != 1 || whole.Total != 780+300+450.5 {
		t.Errorf("the wholesaler's month: %d shipping entries, total %v", shipping, whole.Total)
	}
	if got := a.call(north, "POST /api/shipments/{id}/carrier-claim", "/api/shipments/"+sh.ID+"/carrier-claim",
		map[string]any{"amount": 300, "reason": "Посылка утеряна"}); got.status != http.StatusForbidden {
		t.Errorf("a centre claiming from the carrier: %d", got.status)
	}
	var c entry
	got := a.call(e.Manager, "POST /api/shipments/{id}/carrier-claim", "/api/shipments/"+sh.ID+"/carrier-claim",
		map[string]any{"amount": 300, "reason": "Посылка утеряна"})
	got.decode(t, &c)
	if got.status != http.StatusCreated || c.Payer != orders.PayerCarrier || c.Party != "СДЭК" || c.Recovery.State != ledger.StateToClaim || c.Amount != 300 {
		t.Fatalf("carrier claim: %d %s", got.status, got.body)
	}
	if got := a.call(e.Manager, "POST /api/shipments/{id}/carrier-claim", "/api/shipments/"+sh.ID+"/carrier-claim",
		map[string]any{"amount": 300, "reason": "Посылка утеряна"}); got.status != http.StatusConflict {
		t.Errorf("a second claim on the parcel: %d", got.status)
	}
	var carrier payerStatement
	a.call(e.Manager, "GET /api/ledger/payers/{payer}", "/api/ledger/payers/carrier?month=2026-11&state=to_claim", nil).decode(t, &carrier)
	if len(carrier.Entries) != 1 || carrier.Entries[0].Kind != "carrier_claim" || carrier.Outstanding != 300 {
		t.Errorf("the carrier's month: %+v", carrier)
	}
}
