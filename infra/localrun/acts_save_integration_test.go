package localrun

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"aftersales/shared/auth"
)

// refusedFields maps each refused field of a save answer to its code@step.
func refusedFields(t *testing.T, a apiAnswer) map[string]string {
	t.Helper()
	list, ok := a.body["fieldErrors"].([]any)
	if !ok {
		t.Fatalf("no fieldErrors in %d %s", a.status, a.rawBody)
	}
	out := map[string]string{}
	for _, v := range list {
		e, _ := v.(map[string]any)
		field, _ := e["field"].(string)
		code, _ := e["code"].(string)
		step, _ := e["step"].(string)
		if msg, _ := e["message"].(string); msg == "" || strings.ContainsAny(msg, "abcdefghijklmnopqrstuvwxyz") && !strings.Contains(msg, "ГГГГ") {
			t.Errorf("field %s: message %q, want a Russian one", field, msg)
		}
		out[field] = code + "@" + step
	}
	return out
}

// TestTheSeedActWithADuplicateInternalNumberIsFiledWithEveryOtherField is
// the seed's trap through the runner: an internal number already used, a
// future «Принято в ремонт» and a date typed as «01.06.23» cost only those
// fields; the act is created with the rest, and each refused field is named
// with its step. Before, the whole create was refused and nothing stored.
func TestTheSeedActWithADuplicateInternalNumberIsFiledWithEveryOtherField(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	token, err := e.token(context.Background(), auth.RoleServiceCenter)
	if err != nil {
		t.Fatal(err)
	}
	auth := []string{"Authorization", "Bearer " + token, "Content-Type", "application/json"}
	internal := "12833-во-" + randomHex(3)
	first := call(t, "POST", web.URL+"/api/acts", `{"article":"ЭГК-1500 Энергопром","internalNumber":"`+internal+`"}`, auth...)
	if first.status != 201 || len(refusedFields(t, first)) != 0 {
		t.Fatalf("the first act: %d %s", first.status, first.rawBody)
	}
	future := time.Now().AddDate(0, 0, 10).Format(time.DateOnly)
	body := `{"article":"ЭГК-1500 Энергопром","serialNumber":"01.234.09274","complaint":"Не работает",
		"internalNumber":"` + strings.ToUpper(internal) + `","mechanic":"Иванов Иван","acceptedDate":"` + future + `",
		"saleDate":"01.06.23","customerName":"Иванович Дмитрий","customerPhone":"89347341234",
		"parts":[{"name":"Коленвал","quantity":1,"ownPart":true,"price":780}]}`
	a := call(t, "POST", web.URL+"/api/acts", body, auth...)
	if a.status != 201 {
		t.Fatalf("create: %d %s, want 201 with the refused fields", a.status, a.rawBody)
	}
	got := refusedFields(t, a)
	want := map[string]string{"internalNumber": "duplicate@diagnostics", "acceptedDate": "in_future@product", "saleDate": "invalid_format@product"}
	if len(got) != len(want) {
		t.Errorf("refused = %v, want %v", got, want)
	}
	for f, w := range want {
		if got[f] != w {
			t.Errorf("refused %s = %q, want %q", f, got[f], w)
		}
	}
	id, _ := a.body["id"].(string)
	read := call(t, "GET", web.URL+"/api/acts/"+id, "", auth...)
	for field, want := range map[string]any{"mechanic": "Иванов Иван", "customerPhone": "+79347341234", "number": "",
		"internalNumber": nil, "acceptedDate": nil, "saleDate": nil} {
		if got := read.body[field]; got != want {
			t.Errorf("stored %s = %v, want %v", field, got, want)
		}
	}
	if parts, _ := read.body["parts"].([]any); len(parts) != 1 {
		t.Errorf("stored parts = %v, want the one row", read.body["parts"])
	}

	// The fix on step 2 and a two-digit year sent as 0023: the number is
	// stored, the year refused with a message that says what to type.
	version := strconv.Itoa(int(read.body["version"].(float64)))
	fix := call(t, "PATCH", web.URL+"/api/acts/"+id, `{"internalNumber":"`+internal+`-2","saleDate":"0023-06-01"}`,
		append(auth, "If-Match", `"`+version+`"`)...)
	if fix.status != 200 || fix.body["internalNumber"] != internal+"-2" || refusedFields(t, fix)["saleDate"] != "short_year@product" {
		t.Errorf("the fix: %d %s", fix.status, fix.rawBody)
	}
	errs, _ := json.Marshal(fix.body["fieldErrors"])
	if !strings.Contains(string(errs), "2023") {
		t.Errorf("the two-digit year's message %s does not suggest 2023", errs)
	}

	for _, bad := range []string{"null", "[]", `{"article":null}`, `{"nonsense":1}`} {
		if r := call(t, "POST", web.URL+"/api/acts", bad, auth...); r.status != 400 {
			t.Errorf("create with %s: %d %s, want 400", bad, r.status, r.rawBody)
		}
	}
}
