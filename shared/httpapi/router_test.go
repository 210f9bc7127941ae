package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

type payload struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func testRouter() *Router {
	rt := NewRouter()
	rt.Public("GET /open", func(context.Context, *Request) (*Response, error) {
		return JSON(200, map[string]string{"ok": "yes"}), nil
	})
	rt.Handle("POST /things", []auth.Role{auth.RoleManager}, func(_ context.Context, r *Request) (*Response, error) {
		var p payload
		if err := r.Decode(&p); err != nil {
			return nil, err
		}
		return JSON(201, map[string]any{"name": p.Name, "by": r.Caller.UserID}), nil
	})
	rt.Handle("GET /boom", []auth.Role{auth.RoleManager}, func(context.Context, *Request) (*Response, error) {
		return nil, errors.New("dynamodb exploded: secret detail")
	})
	return rt
}

func call(t *testing.T, rt *Router, routeKey string, caller *auth.Caller, body string) (int, map[string]any) {
	t.Helper()
	// An API client signed in with a bearer token (csrf_test.go covers the cookie).
	ev := events.APIGatewayV2HTTPRequest{RouteKey: routeKey, Body: body, Headers: map[string]string{"authorization": "Bearer t"}}
	if caller != nil {
		ev.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{Lambda: AuthorizerContext(*caller)}
	}
	resp, err := rt.Serve(context.Background(), ev)
	if err != nil {
		t.Fatalf("Serve returned an error: %v", err)
	}
	var out map[string]any
	if resp.Body != "" {
		if err := json.Unmarshal([]byte(resp.Body), &out); err != nil {
			t.Fatalf("body is not JSON: %q", resp.Body)
		}
	}
	return resp.StatusCode, out
}

func errCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

func errField(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	fields, _ := e["fields"].([]any)
	if len(fields) == 0 {
		return ""
	}
	f, _ := fields[0].(map[string]any)
	s, _ := f["field"].(string)
	return s
}

var manager = &auth.Caller{UserID: "u1", Role: auth.RoleManager}

func TestRoutingAndAccess(t *testing.T) {
	cases := []struct {
		name, route string
		caller      *auth.Caller
		body        string
		status      int
		code        string
	}{
		{"a public route needs no caller", "GET /open", nil, "", 200, ""},
		{"a protected route without a caller is 401", "POST /things", nil, `{"name":"a"}`, 401, "unauthorized"},
		{"a role outside the route's list is 403", "POST /things", &auth.Caller{UserID: "u2", Role: auth.RoleKeyUser, Tenant: "d1"}, `{"name":"a"}`, 403, "forbidden"},
		{"a caller with an invalid role is 401", "POST /things", &auth.Caller{UserID: "u2", Role: "root"}, `{"name":"a"}`, 401, "unauthorized"},
		{"an unknown route is 404", "GET /nothing", manager, "", 404, "not_found"},
		{"the right role gets through", "POST /things", manager, `{"name":"a","count":2}`, 201, ""},
		{"an unexpected error is a 500 with no detail", "GET /boom", manager, "", 500, "internal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := call(t, testRouter(), c.route, c.caller, c.body)
			if status != c.status || errCode(body) != c.code {
				t.Errorf("got %d %q, want %d %q (body %v)", status, errCode(body), c.status, c.code, body)
			}
			if strings.Contains(jsonString(body), "secret detail") {
				t.Errorf("internal detail leaked: %v", body)
			}
		})
	}
}

func TestBadBodiesAreClearFourHundreds(t *testing.T) {
	cases := []struct {
		name, body string
		status     int
		field      string
	}{
		{"malformed JSON", `{"name": "a",`, 400, ""},
		{"not JSON at all", `<html>`, 400, ""},
		{"an unknown field", `{"name":"a","admin":true}`, 400, "admin"},
		{"a wrong type", `{"name":"a","count":"two"}`, 400, "count"},
		{"an empty body", ``, 400, ""},
		{"two objects", `{"name":"a"}{"name":"b"}`, 400, ""},
		{"a body over the limit", `{"name":"` + strings.Repeat("x", MaxBodyBytes) + `"}`, 413, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := call(t, testRouter(), "POST /things", manager, c.body)
			if status != c.status || errField(body) != c.field {
				t.Errorf("got %d field %q, want %d field %q (%v)", status, errField(body), c.status, c.field, body)
			}
			e, _ := body["error"].(map[string]any)
			if msg, _ := e["message"].(string); msg == "" {
				t.Errorf("no human message in %v", body)
			}
		})
	}
}

func TestApplicationErrorsKeepTheirCodeAndFields(t *testing.T) {
	rt := NewRouter()
	rt.Handle("POST /x", []auth.Role{auth.RoleManager}, func(context.Context, *Request) (*Response, error) {
		return nil, apperr.WithFields([]apperr.FieldError{{Field: "serialNumber", Code: "required", Message: "Укажите серийный номер"}})
	})
	status, body := call(t, rt, "POST /x", manager, "")
	if status != 400 || errCode(body) != "invalid" || errField(body) != "serialNumber" {
		t.Errorf("got %d %v", status, body)
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestANullOrNonObjectBodyIsRefusedNotDecodedIntoNothing(t *testing.T) {
	for _, body := range []string{"null", " null ", "[]", `"x"`, "1", "true"} {
		var p payload
		if err := DecodeJSON([]byte(body), &p); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("body %q: %v, want invalid", body, err)
		}
	}
	var p payload
	if err := DecodeJSON([]byte(` {"name":"x"}`), &p); err != nil || p.Name != "x" {
		t.Errorf("an object: %v %+v", err, p)
	}
}

// day is a value type with a JSON form of its own, like acts.Date.
type day struct{}

func (*day) UnmarshalJSON(b []byte) error {
	return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[day]()}
}

func (day) JSONFormat() (ru, en string) { return "дата ГГГГ-ММ-ДД", "a date YYYY-MM-DD" }

func TestAValueOfItsOwnFormatNamesItsFieldWhenWrong(t *testing.T) {
	var in struct {
		Rows []struct {
			When day `json:"when"`
		} `json:"rows"`
	}
	e := apperr.As(DecodeJSON([]byte(`{"rows":[{"when":"01.06.2023"}]}`), &in))
	if e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "rows.when" || e.Fields[0].Code != "invalid_format" ||
		!strings.Contains(e.Fields[0].Message, "ГГГГ-ММ-ДД") {
		t.Errorf("got %v %+v, want rows.when:invalid_format saying the format", e.Code, e.Fields)
	}
}

func TestEmptyQueryParametersAreRefusedNamingThem(t *testing.T) {
	rt := testRouter()
	ev := events.APIGatewayV2HTTPRequest{RouteKey: "GET /open", QueryStringParameters: map[string]string{"status": "", "limit": "5", "cursor": ""}}
	resp, _ := rt.Serve(context.Background(), ev)
	var out errorBody
	_ = json.Unmarshal([]byte(resp.Body), &out)
	if resp.StatusCode != 400 || len(out.Error.Fields) != 2 || out.Error.Fields[0].Field != "cursor" || out.Error.Fields[1].Field != "status" {
		t.Errorf("?status=&cursor=: %d %s, want 400 naming cursor and status", resp.StatusCode, resp.Body)
	}
	ev.QueryStringParameters = map[string]string{"limit": "5"}
	if resp, _ := rt.Serve(context.Background(), ev); resp.StatusCode != 200 {
		t.Errorf("?limit=5: %d %s", resp.StatusCode, resp.Body)
	}
}

func TestANullAnywhereInABodyIsRefusedNamingItsField(t *testing.T) {
	var in struct {
		Name  *string `json:"name"`
		Parts []struct {
			Price *int `json:"price"`
		} `json:"parts"`
	}
	for body, field := range map[string]string{
		`{"name": null}`: "name",
		`{"name": "x", "parts": [{"price": null}]}`: "price",
		`{"parts": [null]}`:                         "parts",
	} {
		e := apperr.As(DecodeJSON([]byte(body), &in))
		if e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != field || e.Fields[0].Code != "null" {
			t.Errorf("%s: %v %+v, want %s:null", body, e.Code, e.Fields, field)
		}
	}
	if err := DecodeJSON([]byte(`{"name": "null", "parts": [{"price": 1}]}`), &in); err != nil {
		t.Errorf("the text \"null\" is a value: %v", err)
	}
}

// Behind CloudFront every function refuses a request that did not come
// through it (the execute-api address called directly), public routes too.
func TestARouterRequiringTheOriginHeaderRefusesDirectCalls(t *testing.T) {
	rt := NewRouter()
	rt.Public("GET /health", func(context.Context, *Request) (*Response, error) {
		return JSON(200, map[string]string{"ok": "yes"}), nil
	})
	rt.RequireEdgeHeader("s3cr3t")
	call := func(headers map[string]string) int {
		out, _ := rt.Serve(context.Background(), events.APIGatewayV2HTTPRequest{RouteKey: "GET /health", Headers: headers})
		return out.StatusCode
	}
	if got := call(nil); got != 403 {
		t.Errorf("no header: %d, want 403", got)
	}
	if got := call(map[string]string{"x-origin-verify": "wrong"}); got != 403 {
		t.Errorf("wrong header: %d, want 403", got)
	}
	if got := call(map[string]string{"x-origin-verify": "s3cr3t"}); got != 200 {
		t.Errorf("through CloudFront: %d, want 200", got)
	}
}

func TestASessionThatMustChangeItsPasswordReachesOnlyTheRoutesThatAllowIt(t *testing.T) {
	rt := testRouter()
	rt.HandleDuringPasswordChange("POST /me/password", []auth.Role{auth.RoleManager}, func(_ context.Context, r *Request) (*Response, error) {
		return JSON(200, map[string]any{"by": r.Caller.UserID}), nil
	})
	pending := &auth.Caller{UserID: "u1", Role: auth.RoleManager, PasswordChangeRequired: true}
	status, body := call(t, rt, "POST /things", pending, `{"name":"a"}`)
	if status != 403 || errCode(body) != "password_change_required" {
		t.Errorf("an ordinary route: %d %v, want 403 password_change_required", status, body)
	}
	if status, body = call(t, rt, "POST /me/password", pending, `{}`); status != 200 || body["by"] != "u1" {
		t.Errorf("the password route: %d %v, want 200 for u1", status, body)
	}
	if status, _ = call(t, rt, "POST /things", manager, `{"name":"a"}`); status != 201 {
		t.Errorf("an ordinary session on an ordinary route: %d, want 201", status)
	}
}
