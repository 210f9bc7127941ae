package localrun

import (
	"testing"

	"aftersales/shared/auth"
)

// The history credits the person, not only their role: a centre user signs
// in, creates an act, and its «created» event carries their full name.
func TestTheActHistoryCreditsThePersonByName(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	u, in := loggedIn(t, e, web.URL, auth.RoleServiceCenter, e.own.ServiceCenter)
	tok, _ := in.body["token"].(string)
	if tok == "" {
		t.Fatalf("login without a token: %s", in.rawBody)
	}
	bearer := []string{"Authorization", "Bearer " + tok, "Content-Type", "application/json"}
	created := call(t, "POST", web.URL+"/api/acts", `{"article":"ЭГК-1500 Энергопром"}`, bearer...)
	id, _ := created.body["id"].(string)
	if created.status != 201 || id == "" {
		t.Fatalf("create: %d %s", created.status, created.rawBody)
	}
	h := call(t, "GET", web.URL+"/api/acts/"+id+"/history", "", bearer...)
	items, _ := h.body["items"].([]any)
	if h.status != 200 || len(items) == 0 {
		t.Fatalf("history: %d %s", h.status, h.rawBody)
	}
	first, _ := items[0].(map[string]any)
	if first["actorName"] != u.FullName || first["actorId"] != u.ID || first["actorRole"] != "service_center" {
		t.Errorf("first event %v, want it credited to %q (%s)", first, u.FullName, u.ID)
	}
}
