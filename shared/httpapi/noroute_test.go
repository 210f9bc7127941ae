package httpapi

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestTheCatchAllAnswers405WithAllowOnKnownPathsAnd404Elsewhere(t *testing.T) {
	rt := NewRouter()
	rt.Public("ANY /api/{proxy+}", NoRoute(map[string][]string{
		"/api/acts":        {"GET", "POST"},
		"/api/acts/{id}":   {"DELETE", "GET", "PATCH"},
		"/api/acts/export": {"GET"},
	}))
	tests := []struct {
		method, path string
		status       int
		allow, code  string
	}{
		{"PUT", "/api/acts", 405, "GET, POST", "method_not_allowed"},
		{"POST", "/api/acts/01J0ACT", 405, "DELETE, GET, PATCH", "method_not_allowed"},
		{"OPTIONS", "/api/acts/01J0ACT/", 405, "DELETE, GET, PATCH", "method_not_allowed"},
		{"OPTIONS", "/api/acts/export", 405, "GET", "method_not_allowed"}, // the literal template, not {id}'s
		{"GET", "/api/acts/01J0ACT/extra", 404, "", "not_found"},
		{"GET", "/api/nothing-here", 404, "", "not_found"},
		{"DELETE", "/api/act", 404, "", "not_found"},
	}
	for _, tt := range tests {
		ev := events.APIGatewayV2HTTPRequest{RouteKey: "ANY /api/{proxy+}", RawPath: tt.path}
		ev.RequestContext.HTTP.Method = tt.method
		resp, err := rt.Serve(context.Background(), ev)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Error struct{ Code string } `json:"error"`
		}
		if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
			t.Fatalf("%s %s: body is not JSON: %q", tt.method, tt.path, resp.Body)
		}
		if resp.StatusCode != tt.status || resp.Headers["allow"] != tt.allow || body.Error.Code != tt.code {
			t.Errorf("%s %s: %d allow %q code %q; want %d allow %q code %q", tt.method, tt.path,
				resp.StatusCode, resp.Headers["allow"], body.Error.Code, tt.status, tt.allow, tt.code)
		}
	}
}
