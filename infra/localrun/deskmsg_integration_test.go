package localrun

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"aftersales/infra/localaws"
)

// TestAStatusChangeTextsTheCustomerThroughTheRunner is the messages' walk
// through the authorizer and DeskApiFunction as built for Lambda: an order
// for a customer who consented to SMS, moved to «Готов», texts them the
// centre's rendered template through SNS, which moto records and the local
// mail page shows; the order lists the message as sent, and its status
// link opens without a session.
func TestAStatusChangeTextsTheCustomerThroughTheRunner(t *testing.T) {
	srv, web := integration(t)
	do := asDemoCentre(t, srv, web.URL)
	phone := fmt.Sprintf("+7934%07d", rand.IntN(10_000_000))
	order := do("POST", "/api/desk/repairs", `{"customer":{"name":"Смирнов Олег","phones":["`+phone+`"],"consentSms":true},`+
		`"device":{"category":"Генератор","model":"БГ-3000"},"complaint":"Не держит напряжение"}`, http.StatusCreated)
	id, link := order["id"].(string), order["statusToken"].(string)
	do("POST", "/api/desk/repairs/"+id+"/status", fmt.Sprintf(`{"status":"ready","version":%v}`, order["version"]), http.StatusOK)

	sms, err := localaws.WaitForSMS(context.Background(), srv.opts.Endpoints.Moto, 2, 5*time.Second,
		func(s localaws.SMS) bool { return s.Phone == phone })
	if err != nil {
		t.Fatal(err)
	}
	if len(sms) != 2 {
		t.Fatalf("moto recorded %d SMS to %s, want the intake's and the ready one", len(sms), phone)
	}
	if want := "СЦ «Север»: Генератор БГ-3000 готово, можно забирать. К оплате 0,00 ₽."; !strings.HasPrefix(sms[1].Text, strings.TrimSuffix(want, ".")) {
		t.Errorf("ready SMS %q, want %q", sms[1].Text, want)
	}
	if !strings.Contains(sms[0].Text, "/s/"+link) {
		t.Errorf("intake SMS %q carries no status link", sms[0].Text)
	}
	// Each event's SMS, then its e-mail, which the customer without an
	// address does not get.
	msgs := do("GET", "/api/desk/repairs/"+id+"/messages", "", http.StatusOK)["items"].([]any)
	if len(msgs) != 4 {
		t.Fatalf("the order lists %d messages, want 4", len(msgs))
	}
	ready, mail := msgs[2].(map[string]any), msgs[3].(map[string]any)
	if ready["result"] != "отправлено" || ready["text"] != sms[1].Text || mail["result"] != "не отправлено: нет e-mail" {
		t.Errorf("the order's messages about «Готов»: %v, %v", ready, mail)
	}
	page := call(t, "GET", web.URL+"/api/public/status/"+link, "")
	if page.status != http.StatusOK || page.body["statusName"] != "Готов (можно забирать)" {
		t.Errorf("the status link without a session: %d %s", page.status, page.rawBody)
	}
	status, _, html := get(t, web.URL+"/_local/mail")
	if status != http.StatusOK || !strings.Contains(html, strings.TrimPrefix(phone, "+")) || !strings.Contains(html, "Генератор БГ-3000 готово") {
		t.Errorf("the local mail page (%d) does not show the SMS to %s", status, phone)
	}
}

// asDemoCentre seeds the demo and signs in as its centre sc-north: do makes
// a request as it and fails the test unless the answer has status want.
func asDemoCentre(t *testing.T, srv *Server, base string) func(method, path, body string, want int) map[string]any {
	t.Helper()
	if _, err := srv.SeedDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	return bearer(t, base, demoSessionOf(t, base, "sc-north").token)
}
