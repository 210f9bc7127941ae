package localrun

import (
	"strings"
	"testing"

	"aftersales/shared/auth"
)

// TestAFormPostWithTheSessionCookieChangesNothing: another site's page can
// make a signed-in browser post a text/plain form (no preflight) with the
// session cookie; only the web client's own JSON requests may change data.
func TestAFormPostWithTheSessionCookieChangesNothing(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	_, a := loggedIn(t, e, web.URL, auth.RoleServiceCenter, e.own.ServiceCenter)
	session := strings.SplitN(a.header.Get("Set-Cookie"), ";", 2)[0]
	const webClient = "http://localhost:3000" // the runner's WEB_BASE_URL
	draft := call(t, "POST", web.URL+"/api/acts", `{"article":"CSRF-1"}`, "Cookie", session, "Origin", webClient, "Content-Type", "application/json")
	if draft.status != 201 {
		t.Fatalf("create a draft from the web client: %d %s", draft.status, draft.rawBody)
	}
	comments := web.URL + "/api/acts/" + draft.body["id"].(string) + "/comments"
	for _, tt := range []struct {
		name, origin, contentType string
		status                    int
	}{
		{"a text/plain form on another site", "https://evil.example", "text/plain", 403},
		{"a text/plain post without Origin", "", "text/plain", 403},
		{"JSON from another site", "https://evil.example", "application/json", 403},
		{"a text/plain post from the web client's origin", webClient, "text/plain", 415},
	} {
		headers := []string{"Cookie", session, "Content-Type", tt.contentType}
		if tt.origin != "" {
			headers = append(headers, "Origin", tt.origin)
		}
		if got := call(t, "POST", comments, `{"text":"подделка"}`, headers...); got.status != tt.status {
			t.Errorf("%s: %d %s, want %d", tt.name, got.status, got.rawBody, tt.status)
		}
	}
	if list := call(t, "GET", comments, "", "Cookie", session); list.status != 200 || len(list.body["items"].([]any)) != 0 {
		t.Fatalf("comments after the forged posts: %d %s, want none", list.status, list.rawBody)
	}
	if ok := call(t, "POST", comments, `{"text":"настоящий"}`, "Cookie", session, "Origin", webClient, "Content-Type", "application/json"); ok.status != 201 {
		t.Errorf("the web client's own comment: %d %s", ok.status, ok.rawBody)
	}
}
