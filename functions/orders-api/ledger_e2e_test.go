package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"aftersales/infra/localaws/fulfiltest"
	"aftersales/shared/ledger"
	"aftersales/shared/orders"
	"aftersales/shared/sheets/sheetstest"
	"aftersales/shared/xlsxwrite"
)

type entry struct {
	ID, Kind, Serial, ActNumber, ServiceCenterID, ShipmentID, Party, Month string
	Payer                                                                  orders.Payer
	Amount                                                                 float64
	Version                                                                int
	Recovery                                                               *struct {
		State                 ledger.State
		ClaimNumber           string
		Recovered, WrittenOff float64
		Reason                string
	}
	History []struct{ ActorID, From, To string }
}

type payerStatement struct {
	Entries                                   []entry
	Total, Recovered, WrittenOff, Outstanding float64
}

// thisMonth is the current month in the business time zone, the month of
// every entry the tests make (the runner keeps real time).
func thisMonth() string {
	return time.Now().In(h.Srv.Env().Config.Location).Format("2006-01")
}

// The recovery walk over HTTP, through the authorizer: a factory's month
// lists the entries, they are claimed in one document (.xlsx, read back by
// excelize), one is partly recovered and its rest written off with a
// reason, each step credited to the manager; a stale step, a second claim
// and the cancellation of a claimed order are refused with 409; the centre
// reads its own statement and no other.
func TestAFactoryClaimIsClaimedPartlyRecoveredAndTheRestWrittenOff(t *testing.T) {
	north, south := newCentre(t, "north"), newCentre(t, "south")
	t.Parallel()
	month := thisMonth()
	first, firstOrder := approvedFor(t, north, fulfiltest.Fields(), orders.PayerFactory)
	approvedFor(t, north, fulfiltest.Fields(), orders.PayerFactory)
	approvedFor(t, south, fulfiltest.Fields(), orders.PayerFactory)
	approved(t, north, fulfiltest.Fields()) // the wholesaler's: not in the factory's month
	ours := func(st payerStatement) (n int, total float64, northIDs []string) {
		for _, en := range st.Entries {
			if en.ServiceCenterID != north.Tenant && en.ServiceCenterID != south.Tenant {
				continue // another test's centre on the runner's table
			}
			n, total = n+1, total+en.Amount
			if en.Recovery == nil || en.Recovery.State != ledger.StateToClaim || en.Month != month {
				t.Errorf("entry %+v", en)
			}
			if en.ServiceCenterID == north.Tenant {
				northIDs = append(northIDs, en.ID)
			}
		}
		return n, total, northIDs
	}

	if got := call(t, north.Account, "GET", "/api/ledger/payers/factory?month="+month, nil); got.Status != http.StatusForbidden {
		t.Errorf("a centre reading the factory's month: %d", got.Status)
	}
	var st payerStatement
	call(t, h.manager, "GET", "/api/ledger/payers/factory?month="+month, nil).Decode(t, &st)
	n, total, northIDs := ours(st)
	if n != 6 || total != 3*(780+300) || len(northIDs) != 4 {
		t.Fatalf("the factory's month holds %d of our entries totalling %v (north's %d)", n, total, len(northIDs))
	}

	party := "Завод «Энергопром» " + north.Tenant
	claim := map[string]any{"entryIds": northIDs, "claimNumber": "П-2026-11-01", "claimDate": "2026-11-24",
		"document": "Претензия №1", "party": party}
	if got := call(t, h.manager, "POST", "/api/ledger/claims", map[string]any{"entryIds": northIDs,
		"claimNumber": "П-1", "claimDate": "2026-11-24"}); got.Status != http.StatusBadRequest || !strings.Contains(string(got.Raw), "завод") {
		t.Errorf("a factory claim naming no factory: %d %s", got.Status, got.Raw)
	}
	if got := call(t, north.Account, "POST", "/api/ledger/claims", claim); got.Status != http.StatusForbidden {
		t.Errorf("a centre claiming: %d", got.Status)
	}
	var claimed struct{ Items []entry }
	call(t, h.manager, "POST", "/api/ledger/claims", claim).Decode(t, &claimed)
	if len(claimed.Items) != 4 {
		t.Fatalf("claimed %d entries, want north's 4", len(claimed.Items))
	}
	for _, en := range claimed.Items {
		if en.Recovery.State != ledger.StateClaimed || en.Party != party || en.Version != 2 ||
			len(en.History) != 1 || en.History[0].ActorID != h.manager.ID || en.History[0].To != "claimed" {
			t.Errorf("claimed entry %+v", en)
		}
	}
	if got := call(t, h.manager, "POST", "/api/ledger/claims", claim); got.Status != http.StatusConflict {
		t.Errorf("claimed twice: %d", got.Status)
	}
	cancel := call(t, h.manager, "POST", "/api/orders/"+firstOrder+"/cancel", map[string]string{"reason": "дубль"})
	if cancel.Status != http.StatusConflict || !strings.Contains(string(cancel.Raw), "претензии") {
		t.Errorf("cancelling a claimed order: %d %s", cancel.Status, cancel.Raw)
	}

	part := firstOrder + ".parts_shipped"
	if got := call(t, north.Account, "POST", "/api/ledger/entries/"+part+"/recover",
		map[string]any{"amount": 100, "date": "2026-11-25"}); got.Status != http.StatusForbidden {
		t.Errorf("a centre recovering: %d", got.Status)
	}
	var en entry
	call(t, h.manager, "POST", "/api/ledger/entries/"+part+"/recover",
		map[string]any{"amount": 120.50, "date": "2026-11-25", "version": 2}).Decode(t, &en)
	if en.Recovery.State != ledger.StateClaimed || en.Recovery.Recovered != 120.50 || en.Version != 3 {
		t.Fatalf("a partial recovery: %+v", en.Recovery)
	}
	if got := call(t, h.manager, "POST", "/api/ledger/entries/"+part+"/recover",
		map[string]any{"amount": 300, "date": "2026-11-25", "version": 3}); got.Status != http.StatusBadRequest {
		t.Errorf("recovering more than outstanding: %d %s", got.Status, got.Raw)
	}
	if got := call(t, h.manager, "POST", "/api/ledger/entries/"+part+"/write-off",
		map[string]any{"reason": "Завод признал часть", "version": 2}); got.Status != http.StatusConflict {
		t.Errorf("a step from a stale version: %d %s", got.Status, got.Raw)
	}
	if got := call(t, h.manager, "POST", "/api/ledger/entries/"+part+"/write-off",
		map[string]any{"reason": " ", "version": 3}); got.Status != http.StatusBadRequest {
		t.Errorf("a write-off without a reason: %d", got.Status)
	}
	call(t, h.manager, "POST", "/api/ledger/entries/"+part+"/write-off",
		map[string]any{"reason": "Завод признал часть", "version": 3}).Decode(t, &en)
	if en.Recovery.State != ledger.StateWrittenOff || en.Recovery.WrittenOff != 300-120.50 || en.Recovery.Reason != "Завод признал часть" ||
		len(en.History) != 3 || en.History[2].From != "claimed" || en.History[2].To != "written_off" {
		t.Fatalf("the write-off: %+v %+v", en.Recovery, en.History)
	}

	byParty := "/api/ledger/payers/factory?month=" + month + "&party=" + url.QueryEscape(party)
	var one payerStatement
	call(t, h.manager, "GET", byParty, nil).Decode(t, &one)
	if len(one.Entries) != 4 || one.Total != 2*(780+300) || one.Recovered != 120.50 || one.WrittenOff != 179.50 || one.Outstanding != 2*(780+300)-300 {
		t.Errorf("the factory's statement: %d entries, %v total, %v recovered, %v written off, %v outstanding",
			len(one.Entries), one.Total, one.Recovered, one.WrittenOff, one.Outstanding)
	}

	doc := call(t, h.manager, "GET", "/api/ledger/payers/factory/claim-document?month="+month+"&party="+url.QueryEscape(party), nil)
	if doc.Status != http.StatusOK || !strings.Contains(doc.Header.Get("Content-Disposition"), "pretenziya-factory-"+month+".xlsx") {
		t.Fatalf("claim document: %d %v", doc.Status, doc.Header)
	}
	book := sheetstest.Open(t, doc.Raw)
	rows := book.Rows(t)
	if len(rows) != 1+4+1 {
		t.Fatalf("%d rows, want the header, 4 parts and the total: %v", len(rows), rows)
	}
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	for _, want := range []string{first.Number + "|", "|" + north.name + "|01.234.09274|ЭГК-1500 Энергопром|Коленвал|", "|Свеча|",
		"|П-2026-11-01|списано|"} {
		if !strings.Contains(text, want) {
			t.Errorf("the document lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, south.name) {
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
	call(t, north.Account, "GET", "/api/ledger/centre-statement?month="+month, nil).Decode(t, &own)
	// north: two factory acts and one of the wholesaler's, 780 ₽ of own part each.
	if own.ServiceCenterID != north.Tenant || len(own.Entries) != 6 || own.Owed != 3*780 || own.Owes != 0 {
		t.Errorf("north's own statement: %+v", own)
	}
	if got := call(t, north.Account, "GET", "/api/ledger/centre-statement?month="+month+"&serviceCenter="+south.Tenant, nil); got.Status != http.StatusNotFound {
		t.Errorf("north reading south's statement: %d", got.Status)
	}
	if got := call(t, h.manager, "GET", "/api/ledger/centre-statement?month="+month, nil); got.Status != http.StatusBadRequest {
		t.Errorf("a manager naming no centre: %d", got.Status)
	}
	var theirs centreStatement
	call(t, h.manager, "GET", "/api/ledger/centre-statement?month="+month+"&serviceCenter="+south.Tenant, nil).Decode(t, &theirs)
	if len(theirs.Entries) != 2 || theirs.Owed != 780 {
		t.Errorf("south's statement for the manager: %+v", theirs)
	}
}

// A dispatch's shipping cost is an entry of its payer; a parcel lost in
// transit is claimed from its carrier once.
func TestShippingCostsAndCarrierClaimsAreEntries(t *testing.T) {
	north := newCentre(t, "north")
	t.Parallel()
	month := thisMonth()
	_, order := approved(t, north, fulfiltest.Fields())
	var sh struct{ ID string }
	call(t, h.manager, "POST", "/api/shipments", map[string]any{"orderIds": []string{order}}).Decode(t, &sh)
	claimPath := "/api/shipments/" + sh.ID + "/carrier-claim"
	lost := map[string]any{"amount": 300, "reason": "Посылка утеряна"}
	if got := call(t, h.manager, "POST", claimPath, lost); got.Status != http.StatusConflict {
		t.Errorf("a claim on a parcel that never left: %d %s", got.Status, got.Raw)
	}
	if got := call(t, h.manager, "POST", "/api/shipments/"+sh.ID+"/dispatch",
		map[string]any{"carrier": "СДЭК", "trackingNumber": "1234567890", "shippingCost": 450.5, "shippingPayer": "mystery"}); got.Status != http.StatusBadRequest {
		t.Errorf("a dispatch with an unknown payer: %d", got.Status)
	}
	if got := call(t, h.manager, "POST", "/api/shipments/"+sh.ID+"/dispatch",
		map[string]any{"carrier": "СДЭК", "trackingNumber": "1234567890", "shippingCost": 450.5}); got.Status != http.StatusOK {
		t.Fatalf("dispatch: %d %s", got.Status, got.Raw)
	}
	var whole payerStatement
	call(t, h.manager, "GET", "/api/ledger/payers/wholesaler?month="+month, nil).Decode(t, &whole)
	var mine float64
	shipping := 0
	for _, en := range whole.Entries {
		if en.ServiceCenterID != north.Tenant {
			continue
		}
		mine += en.Amount
		if en.Kind == "shipping" {
			shipping++
			if en.Amount != 450.5 || en.Party != "СДЭК" || en.ShipmentID != sh.ID || en.Recovery != nil {
				t.Errorf("shipping entry %+v", en)
			}
		}
	}
	if shipping != 1 || mine != 780+300+450.5 {
		t.Errorf("north's part of the wholesaler's month: %d shipping entries, total %v", shipping, mine)
	}
	if got := call(t, north.Account, "POST", claimPath, lost); got.Status != http.StatusForbidden {
		t.Errorf("a centre claiming from the carrier: %d", got.Status)
	}
	var c entry
	got := call(t, h.manager, "POST", claimPath, lost)
	got.Decode(t, &c)
	if got.Status != http.StatusCreated || c.Payer != orders.PayerCarrier || c.Party != "СДЭК" || c.Recovery.State != ledger.StateToClaim || c.Amount != 300 {
		t.Fatalf("carrier claim: %d %s", got.Status, got.Raw)
	}
	if got := call(t, h.manager, "POST", claimPath, lost); got.Status != http.StatusConflict {
		t.Errorf("a second claim on the parcel: %d", got.Status)
	}
	var carrier payerStatement
	call(t, h.manager, "GET", "/api/ledger/payers/carrier?month="+month+"&state=to_claim", nil).Decode(t, &carrier)
	found := 0
	for _, en := range carrier.Entries {
		if en.ShipmentID == sh.ID {
			found++
			if en.Kind != "carrier_claim" || en.Amount != 300 {
				t.Errorf("the carrier's entry %+v", en)
			}
		}
	}
	if found != 1 {
		t.Errorf("the carrier's month holds the claim %d times", found)
	}
}
