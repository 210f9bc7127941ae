package localrun

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/orders"
)

// TestAnActFiledFromAnOrderShowsOnTheOrderThroughApprovalAndShipment is
// «Оформить гарантийный акт» end to end through the runner: the act is
// filed from an order (POST /api/acts?repair=), the two are linked in the
// act's write, and the order — read through DeskApiFunction — shows the
// act's number, status, parts and parcel as they move on. Another centre's
// order, and an order that already has an act, are refused.
func TestAnActFiledFromAnOrderShowsOnTheOrderThroughApprovalAndShipment(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	ctx := context.Background()
	token, err := e.tokenOf(ctx, string(auth.RoleServiceCenter))
	if err != nil {
		t.Fatal(err)
	}
	do := bearer(t, web.URL, token)
	repair, err := matrixRepair(ctx, e, e.own, "")
	if err != nil {
		t.Fatal(err)
	}
	if card := do("GET", "/api/desk/repairs/"+repair, "", http.StatusOK); card["act"] != nil {
		t.Fatalf("a new order shows an act: %v", card["act"])
	}

	fields, err := seedFields()
	if err != nil {
		t.Fatal(err)
	}
	fields.InternalNumber = nil
	fields.Parts = []acts.Part{{Name: "Свеча зажигания", Quantity: 2}}
	body, _ := json.Marshal(fields)
	created := do("POST", "/api/acts?repair="+repair, string(body), http.StatusCreated)
	actID, _ := created["id"].(string)
	if created["repairId"] != repair {
		t.Errorf("the act's repairId is %v, want %s", created["repairId"], repair)
	}
	do("POST", "/api/acts?repair="+repair, string(body), http.StatusBadRequest) // one act per order
	otherRepair, err := matrixRepair(ctx, e, e.other, "")
	if err != nil {
		t.Fatal(err)
	}
	do("POST", "/api/acts?repair="+otherRepair, string(body), http.StatusBadRequest) // another centre's order
	do("POST", "/api/acts?repair=no-such-order", string(body), http.StatusBadRequest)

	shown := func() map[string]any {
		t.Helper()
		act, _ := do("GET", "/api/desk/repairs/"+repair, "", http.StatusOK)["act"].(map[string]any)
		if act == nil || act["id"] != actID {
			t.Fatalf("the order shows act %v, want %s", act, actID)
		}
		return act
	}
	if act := shown(); act["status"] != "draft" || act["statusName"] != "Черновик" || act["number"] != nil {
		t.Errorf("the order's act while a draft: %v", act)
	}

	// Submitted (as a complete filing would), approved, shipped with tracking.
	svc, err := matrixActs(e)
	if err != nil {
		t.Fatal(err)
	}
	f, err := matrixFulfilment(e)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := svc.Get(ctx, matrixManager, actID)
	if err != nil {
		t.Fatal(err)
	}
	now, next := time.Now(), rec.Act
	next.Status, next.Version, next.SubmittedAt, next.StatusChangedAt, next.Number = acts.StatusSubmitted, next.Version+1, &now, now, "2026-990001"
	if err := f.Store.Acts().Write(ctx, acts.Write{ActID: actID, Before: &rec.Act, After: &next}); err != nil {
		t.Fatal(err)
	}
	approved, err := svc.Do(ctx, matrixManager, actID, acts.Move{Action: acts.ActionApprove, Version: next.Version})
	if err != nil {
		t.Fatal(err)
	}
	if act := shown(); act["status"] != "approved" || act["number"] != "2026-990001" {
		t.Errorf("the order's act once approved: %v", act)
	}
	sh, err := f.Shipments.Urgent(ctx, matrixManager, approved.OrderIDs)
	if err != nil {
		t.Fatal(err)
	}
	tracking := "RA" + strings.ToUpper(randomHex(5)) // as dispatch stores it
	if _, err := f.Shipments.Dispatch(ctx, matrixManager, sh.ID, orders.Dispatch{Carrier: "СДЭК", TrackingNumber: tracking}); err != nil {
		t.Fatal(err)
	}
	act := shown()
	parts, _ := act["parts"].([]any)
	parcels, _ := act["parcels"].([]any)
	if act["status"] != "parts_shipped" || act["statusName"] != "Запчасти отгружены" || len(parts) != 1 || len(parcels) != 1 {
		t.Fatalf("the order's act once shipped: %v", act)
	}
	if p := parts[0].(map[string]any); p["name"] != "Свеча зажигания" || p["quantity"] != 2.0 {
		t.Errorf("the act's part on the order: %v", p)
	}
	if p := parcels[0].(map[string]any); p["trackingNumber"] != tracking || p["carrier"] != "СДЭК" {
		t.Errorf("the act's parcel on the order: %v", p)
	}

	// A deleted draft frees its order for another act.
	again, err := matrixRepair(ctx, e, e.own, "")
	if err != nil {
		t.Fatal(err)
	}
	draft := do("POST", "/api/acts?repair="+again, string(body), http.StatusCreated)
	version := int(draft["version"].(float64))
	if err := svc.Delete(ctx, matrixCentre(e.own), draft["id"].(string), &version); err != nil {
		t.Fatal(err)
	}
	if card := do("GET", "/api/desk/repairs/"+again, "", http.StatusOK); card["act"] != nil {
		t.Errorf("the order still shows its deleted draft: %v", card["act"])
	}
	do("POST", "/api/acts?repair="+again, string(body), http.StatusCreated)

	// The order still changes as usual (its writes keep the link).
	card := do("GET", "/api/desk/repairs/"+repair, "", http.StatusOK)["repair"].(map[string]any)
	do("POST", "/api/desk/repairs/"+repair+"/status", `{"status":"diagnostics","version":`+jsonNumber(card["version"])+`}`, http.StatusOK)
	shown()
}

func jsonNumber(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
