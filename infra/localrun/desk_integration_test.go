package localrun

import (
	"aftersales/infra/pdftext"
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
)

// TestTheFrontDeskWalkThroughTheRunner is issue 14's walk as far as the API
// goes, as sc-north of the demo seed, through the authorizer and
// DeskApiFunction: the walk-in customer found by «7341234», the mower's
// serial typed at intake linking to the unit the centre knows, the order
// moved to «Готов», paid and handed over, and the unit's history showing
// both visits.
func TestTheFrontDeskWalkThroughTheRunner(t *testing.T) {
	srv, web := integration(t)
	do := asDemoCentre(t, srv, web.URL)

	found := do("GET", "/api/desk/search?q=7341234", "", http.StatusOK)
	customers, _ := found["customers"].([]any)
	if len(customers) != 1 {
		t.Fatalf("«7341234» found %v, want the demo's Петров once", customers)
	}
	petrov := customers[0].(map[string]any)
	if petrov["name"] != "Петров Иван Сергеевич" {
		t.Errorf("found %v", petrov["name"])
	}

	order := do("POST", "/api/desk/repairs", fmt.Sprintf(`{"customerId":%q,"device":{"category":"Газонокосилка","model":"ГК-1500","serial":"gk1500-0042"},"complaint":"Снова не заводится"}`, petrov["id"]), http.StatusCreated)
	id, version := order["id"].(string), order["version"].(float64)
	devices := do("GET", "/api/desk/devices?serial=GK1500-0042", "", http.StatusOK)["items"].([]any)
	if len(devices) != 1 || devices[0].(map[string]any)["device"].(map[string]any)["id"] != order["deviceId"] {
		t.Fatalf("the serial typed at intake did not link to the known unit: %v vs order's %v", devices, order["deviceId"])
	}

	v := do("POST", "/api/desk/repairs/"+id+"/status", fmt.Sprintf(`{"status":"ready","version":%v}`, version), http.StatusOK)
	if v["statusName"] != "Готов (можно забирать)" {
		t.Errorf("status name %v", v["statusName"])
	}
	v = do("POST", "/api/desk/repairs/"+id+"/lines", fmt.Sprintf(`{"kind":"work","name":"Чистка карбюратора","quantity":1,"price":1200.5,"version":%v}`, v["version"]), http.StatusOK)
	do("POST", "/api/desk/repairs/"+id+"/status", fmt.Sprintf(`{"status":"handed_over","version":%v}`, v["version"]), http.StatusConflict)
	v = do("POST", "/api/desk/repairs/"+id+"/payments", fmt.Sprintf(`{"amount":1200.5,"method":"card","version":%v}`, v["version"]), http.StatusOK)
	if v["balance"] != 0.0 {
		t.Errorf("balance after paying %v", v["balance"])
	}
	do("POST", "/api/desk/repairs/"+id+"/status", fmt.Sprintf(`{"status":"handed_over","version":%v}`, v["version"]), http.StatusOK)

	card := do("GET", "/api/desk/devices/"+order["deviceId"].(string), "", http.StatusOK)
	history, _ := card["repairs"].([]any)
	if len(history) != 2 || history[0].(map[string]any)["id"] != id || history[1].(map[string]any)["status"] != "accepted" {
		t.Errorf("the unit's history: %v, want this visit then the demo's first", history)
	}
	hist := do("GET", "/api/desk/repairs/"+id, "", http.StatusOK)["history"].([]any)
	if len(hist) != 5 {
		t.Errorf("the order's history has %d entries, want 5 (created, status, work, payment, status)", len(hist))
	}
}

// TestTheDemoCentresReceiptNamesTheCentre: `make run`'s СЦ «Север» has its
// address, hours, legal name and INN, so a demo order's intake receipt, as
// DocumentsApiFunction serves it, shows them in its header.
func TestTheDemoCentresReceiptNamesTheCentre(t *testing.T) {
	srv, web := integration(t)
	if _, err := srv.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := demoSessionOf(t, web.URL, "sc-north")
	items, _ := s.get(t, "/api/desk/repairs")["items"].([]any)
	if len(items) == 0 {
		t.Fatal("the demo centre has no orders")
	}
	id := items[0].(map[string]any)["id"].(string)
	req, err := http.NewRequest("GET", web.URL+"/api/desk/repairs/"+id+"/receipt.pdf", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	pdf, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the receipt: %d %v", resp.StatusCode, err)
	}
	d := demoNorthDetails
	if msg := pdftext.InOrder(pdftext.Text(t, pdf), "СЦ «Север»", d.LegalName+", ИНН "+d.INN, d.CentreAddress,
		"Часы работы: "+d.CentreHours, "КВИТАНЦИЯ О ПРИЁМЕ В РЕМОНТ"); msg != "" {
		t.Fatal(msg)
	}
}
