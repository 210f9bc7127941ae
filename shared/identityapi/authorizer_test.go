package identityapi

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/auth"
	"aftersales/shared/httpapi"
)

const secret = "identityapi-test-secret-0123456789abcdef"

// sessions is a LoginStore that only keeps sessions; anything else a test
// did not expect panics through the nil embedded interface.
type sessions struct {
	auth.LoginStore
	m map[string]auth.Session
}

func (s sessions) Session(_ context.Context, id string) (auth.Session, error) {
	if x, ok := s.m[id]; ok {
		return x, nil
	}
	return auth.Session{}, auth.ErrNotFound
}

type plain struct{}

func (plain) Hash(p string) (string, error)    { return p, nil }
func (plain) Verify(e, p string) (bool, error) { return e == p, nil }
func (plain) Dummy() string                    { return "\x00" }

// protected answers 200 with the caller for any role, 401 without one.
func protected() *httpapi.Router {
	rt := httpapi.NewRouter()
	rt.Handle("GET /api/me", auth.Roles, func(_ context.Context, r *httpapi.Request) (*httpapi.Response, error) {
		return httpapi.JSON(http.StatusOK, map[string]string{"user": r.Caller.UserID, "tenant": r.Caller.Tenant}), nil
	})
	return rt
}

func TestBadTokensGetA401WithAJSONErrorNeverA500(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	tokens, err := auth.NewTokens(secret, clock)
	if err != nil {
		t.Fatal(err)
	}
	store := sessions{m: map[string]auth.Session{}}
	svc, err := auth.NewService(auth.ServiceConfig{Store: store, Hasher: plain{}, Tokens: tokens, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	live := auth.Session{ID: "live", UserID: "u1", Role: auth.RoleServiceCenter, Tenant: "sc1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	store.m[live.ID] = live
	// issue fails the test rather than let a check pass on an empty token.
	issue := func(tk *auth.Tokens, s auth.Session) string {
		t.Helper()
		tok, err := tk.Issue(s)
		if err != nil || tok == "" {
			t.Fatalf("issue a token for %s: %q, %v", s.ID, tok, err)
		}
		return tok
	}
	good := issue(tokens, live)
	revoked := issue(tokens, auth.Session{ID: "gone", UserID: "u1", Role: auth.RoleServiceCenter, Tenant: "sc1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
	expiredSess := auth.Session{ID: "old", UserID: "u1", Role: auth.RoleServiceCenter, Tenant: "sc1", CreatedAt: now.Add(-13 * time.Hour), ExpiresAt: now.Add(-time.Hour)}
	store.m[expiredSess.ID] = expiredSess
	expired := issue(tokens, expiredSess)
	otherTokens, err := auth.NewTokens("a-different-secret-a-different-secret", clock)
	if err != nil {
		t.Fatal(err)
	}
	wrongSig := issue(otherTokens, live)
	b64 := base64.RawURLEncoding.EncodeToString
	payload := strings.Split(good, ".")[1]
	algNone := b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + payload + "."

	authorizer := Authorizer{Auth: svc}
	rt := protected()
	cases := []struct {
		name    string
		headers map[string]string
		cookies []string
		status  int
	}{
		{"a valid bearer token", map[string]string{"authorization": "Bearer " + good}, nil, 200},
		{"a valid session cookie", nil, []string{"theme=dark", "session=" + good}, 200},
		{"no token", nil, nil, 401},
		{"an expired token", map[string]string{"authorization": "Bearer " + expired}, nil, 401},
		{"a wrong signature", map[string]string{"authorization": "Bearer " + wrongSig}, nil, 401},
		{"alg none", map[string]string{"authorization": "Bearer " + algNone}, nil, 401},
		{"garbage", map[string]string{"authorization": "Bearer %%%garbage"}, nil, 401},
		{"another scheme", map[string]string{"authorization": "Basic dXNlcjpwYXNz"}, nil, 401},
		{"a revoked session", map[string]string{"authorization": "Bearer " + revoked}, nil, 401},
		{"garbage in the cookie", nil, []string{"session=garbage"}, 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			verdict, err := authorizer.Handle(context.Background(), events.APIGatewayV2CustomAuthorizerV2Request{
				RouteKey: "GET /api/me", Headers: c.headers, Cookies: c.cookies})
			if err != nil || !verdict.IsAuthorized {
				t.Fatalf("authorizer: %+v %v; it must allow and leave the decision to the router", verdict, err)
			}
			ev := events.APIGatewayV2HTTPRequest{RouteKey: "GET /api/me"}
			ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: verdict.Context}
			resp, _ := rt.Serve(context.Background(), ev)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, c.status, resp.Body)
			}
			var body map[string]any
			if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
				t.Fatalf("body is not JSON: %q", resp.Body)
			}
			if c.status == 401 {
				e, _ := body["error"].(map[string]any)
				if e["code"] != "unauthorized" || e["message"] == "" {
					t.Errorf("401 body %v", body)
				}
			} else if body["user"] != "u1" || body["tenant"] != "sc1" {
				t.Errorf("caller did not reach the handler: %v", body)
			}
		})
	}
}

type failing struct{}

func (failing) Authenticate(context.Context, string) (auth.Caller, error) {
	return auth.Caller{}, errors.New("dynamodb: throttled")
}

func TestAnUnreachableSessionStoreIsAnErrorNotASignOut(t *testing.T) {
	_, err := Authorizer{Auth: failing{}}.Handle(context.Background(), events.APIGatewayV2CustomAuthorizerV2Request{
		Headers: map[string]string{"authorization": "Bearer x"}})
	if err == nil {
		t.Error("a store failure was swallowed")
	}
}

func TestTheHeaderWinsOverTheCookie(t *testing.T) {
	if got := TokenFrom(map[string]string{"authorization": "bearer  abc "}, []string{"session=def"}); got != "abc" {
		t.Errorf("got %q", got)
	}
	if got := TokenFrom(nil, []string{"sessionx=1", "session=def"}); got != "def" {
		t.Errorf("got %q", got)
	}
}
