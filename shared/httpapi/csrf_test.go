package httpapi

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/auth"
)

// TestCookieSignedChangesComeOnlyFromTheWebClientsPagesAsJSON: a page of
// another site can make a browser post a form (text/plain, or form fields)
// with the session cookie; the router refuses it before any handler runs.
func TestCookieSignedChangesComeOnlyFromTheWebClientsPagesAsJSON(t *testing.T) {
	const web = "https://portal.example"
	ran := 0
	rt := NewRouter()
	rt.AllowOrigins(web + "/")
	roles := []auth.Role{auth.RoleServiceCenter}
	h := func(context.Context, *Request) (*Response, error) { ran++; return JSON(201, "ok"), nil }
	rt.Handle("POST /api/acts/{id}/comments", roles, h)
	rt.Handle("DELETE /api/acts/{id}", roles, h)
	rt.Handle("GET /api/acts", roles, h)
	caller := auth.Caller{UserID: "u1", Role: auth.RoleServiceCenter, Tenant: "sc1"}
	tests := []struct {
		name    string
		route   string
		headers map[string]string
		body    string
		status  int
	}{
		{"a text/plain form from another site", "POST /api/acts/{id}/comments",
			map[string]string{"origin": "https://evil.example", "content-type": "text/plain"}, `{"text":"hi"}`, 403},
		{"a text/plain post from the web client's own origin", "POST /api/acts/{id}/comments",
			map[string]string{"origin": web, "content-type": "text/plain"}, `{"text":"hi"}`, 415},
		{"a form post from the web client's origin", "POST /api/acts/{id}/comments",
			map[string]string{"origin": web, "content-type": "application/x-www-form-urlencoded"}, `text=hi`, 415},
		{"JSON from another site", "POST /api/acts/{id}/comments",
			map[string]string{"origin": "https://evil.example", "content-type": "application/json"}, `{"text":"hi"}`, 403},
		{"JSON with the cookie but no Origin", "POST /api/acts/{id}/comments",
			map[string]string{"content-type": "application/json"}, `{"text":"hi"}`, 403},
		{"JSON from the web client", "POST /api/acts/{id}/comments",
			map[string]string{"origin": web, "content-type": "application/json; charset=utf-8"}, `{"text":"hi"}`, 201},
		{"a bodiless delete from the web client", "DELETE /api/acts/{id}", map[string]string{"origin": web}, "", 201},
		{"a bodiless delete from another site", "DELETE /api/acts/{id}", map[string]string{"origin": "null"}, "", 403},
		{"a read from anywhere", "GET /api/acts", map[string]string{"origin": "https://evil.example"}, "", 201},
		{"a bearer token without Origin", "POST /api/acts/{id}/comments",
			map[string]string{"authorization": "Bearer t", "content-type": "application/json"}, `{"text":"hi"}`, 201},
		{"a bearer token from another site's page", "POST /api/acts/{id}/comments",
			map[string]string{"authorization": "Bearer t", "origin": "https://evil.example", "content-type": "application/json"}, `{"text":"hi"}`, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := ran
			ev := events.APIGatewayV2HTTPRequest{RouteKey: tt.route, Headers: tt.headers, Body: tt.body}
			ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: AuthorizerContext(caller)}
			resp, err := rt.Serve(context.Background(), ev)
			if err != nil || resp.StatusCode != tt.status {
				t.Fatalf("status %d (%v), want %d: %s", resp.StatusCode, err, tt.status, resp.Body)
			}
			if ranNow := ran > before; ranNow != (tt.status == 201) {
				t.Errorf("handler ran = %v with status %d", ranNow, resp.StatusCode)
			}
		})
	}
	if empty := NewRouter(); empty.checkOrigin(&Request{Event: events.APIGatewayV2HTTPRequest{RouteKey: "POST /x",
		Headers: map[string]string{"origin": web, "content-type": "application/json"}}}) == nil {
		t.Error("a router without origins accepted a cookie-signed change")
	}
}
