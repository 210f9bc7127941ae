package localrun

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"aftersales/shared/auth"
)

// forgedCursor is a page cursor as the lists once issued them (base64url
// JSON of the last key), naming the right partition but a sort key outside
// the query's range: DynamoDB refuses such a start key, which used to
// surface as a 500.
func forgedCursor(key map[string]string) string {
	b, _ := json.Marshal(key)
	return base64.RawURLEncoding.EncodeToString(b)
}

func TestForgedPageCursorsAreRefusedWithA400OnEveryList(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	ctx := context.Background()
	sc, dist := e.own.ServiceCenter, e.own.Distributor
	tests := []struct {
		name  string
		role  auth.Role
		path  string
		query url.Values
		key   map[string]string
	}{
		{"acts", auth.RoleManager, "/api/acts", url.Values{"serviceCenter": {sc}},
			map[string]string{"PK": "ACT#X", "SK": "ACT", "GSI1PK": "SC#" + sc, "GSI1SK": "ZZZ"}},
		{"acts of one period", auth.RoleServiceCenter, "/api/acts", url.Values{"from": {"2026-01-01"}, "to": {"2026-01-31"}},
			map[string]string{"PK": "ACT#X", "SK": "ACT", "GSI1PK": "SC#" + sc, "GSI1SK": "ACT#2025"}},
		{"orders", auth.RoleManager, "/api/orders", url.Values{"serviceCenter": {sc}},
			map[string]string{"PK": "ORDER#X", "SK": "ORDER", "GSI1PK": "SC#" + sc, "GSI1SK": "ZZZ"}},
		{"outlets", auth.RoleKeyUser, "/api/outlets", url.Values{"code": {"A"}},
			map[string]string{"PK": "OUTLET#X", "SK": "OUTLET", "GSI1PK": "DIST#" + dist + "#OUTLETS#00", "GSI1SK": "ZZZ"}},
		{"routes", auth.RoleKeyUser, "/api/routes", url.Values{"code": {"A"}},
			map[string]string{"PK": "ROUTES#" + dist, "SK": "ZZZ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token, err := e.token(ctx, tt.role)
			if err != nil {
				t.Fatal(err)
			}
			tt.query.Set("cursor", forgedCursor(tt.key))
			a := call(t, "GET", web.URL+tt.path+"?"+tt.query.Encode(), "", "Authorization", "Bearer "+token)
			if a.status != 400 || a.code() != "invalid" || !namesField(a, "cursor") {
				t.Errorf("a forged cursor: %d %s, want 400 naming the cursor", a.status, a.rawBody)
			}
		})
	}
}

func TestACursorOpensOnlyTheListThatIssuedIt(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	token, err := e.token(context.Background(), auth.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	list := func(path string) apiAnswer {
		return call(t, "GET", web.URL+path, "", "Authorization", "Bearer "+token)
	}
	first := list("/api/admin/service-centers?limit=1")
	next, _ := first.body["next"].(string)
	if first.status != 200 || next == "" {
		t.Fatalf("first page: %d %s; the test needs two centres", first.status, first.rawBody)
	}
	if a := list("/api/admin/service-centers?limit=1&cursor=" + url.QueryEscape(next)); a.status != 200 {
		t.Errorf("the issued cursor on its own list: %d %s", a.status, a.rawBody)
	}
	for _, path := range []string{"/api/admin/distributors", "/api/admin/users", "/api/admin/audit"} {
		if a := list(path + "?cursor=" + url.QueryEscape(next)); a.status != 400 || !namesField(a, "cursor") {
			t.Errorf("the centres' cursor on %s: %d %s, want 400", path, a.status, a.rawBody)
		}
	}
	tampered := []byte(next)
	tampered[0] ^= 1
	if a := list("/api/admin/service-centers?cursor=" + url.QueryEscape(string(tampered))); a.status != 400 {
		t.Errorf("a tampered cursor: %d %s, want 400", a.status, a.rawBody)
	}
}

// namesField reports whether an error answer lists field among its fields.
func namesField(a apiAnswer, field string) bool {
	e, _ := a.body["error"].(map[string]any)
	fields, _ := e["fields"].([]any)
	for _, f := range fields {
		if m, _ := f.(map[string]any); m["field"] == field {
			return true
		}
	}
	return false
}

func TestAStatusFilterOfManyValuesIsDedupedOrRefusedNeverA500(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	token, err := e.token(context.Background(), auth.RoleManager)
	if err != nil {
		t.Fatal(err)
	}
	list := func(status string) apiAnswer {
		return call(t, "GET", web.URL+"/api/acts?status="+url.QueryEscape(status), "", "Authorization", "Bearer "+token)
	}
	many := strings.TrimSuffix(strings.Repeat("submitted,draft,", 101), ",")
	if a := list(many); a.status != 200 {
		t.Errorf("202 repeats of two statuses: %d %s, want 200 (repeats dropped)", a.status, a.rawBody)
	}
	for _, bad := range []string{strings.Repeat("nonsense,", 120) + "draft", "draft,,submitted", " draft"} {
		if a := list(bad); a.status != 400 || !namesField(a, "status") {
			t.Errorf("status %.30q…: %d %.200s, want 400 naming status", bad, a.status, a.rawBody)
		}
	}
}

func TestAnEmptyPasswordOnResetIsRefusedNotReplacedByAGeneratedOne(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	ctx := context.Background()
	u, err := e.newUser(ctx, auth.RoleManager, "")
	if err != nil {
		t.Fatal(err)
	}
	token, err := e.token(ctx, auth.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	a := call(t, "POST", web.URL+"/api/admin/users/"+u.ID+"/password", `{"password":""}`,
		"Authorization", "Bearer "+token, "Content-Type", "application/json")
	if a.status != 400 || !namesField(a, "password") || a.body["generatedPassword"] != nil {
		t.Errorf(`{"password":""}: %d %s, want 400 naming the password`, a.status, a.rawBody)
	}
	login := `{"login":"` + u.Login + `","password":"` + matrixPassword + `"}`
	if a := call(t, "POST", web.URL+"/api/auth/login", login, "Content-Type", "application/json"); a.status != 200 {
		t.Errorf("the old password no longer signs in: %d %s", a.status, a.rawBody)
	}
	a = call(t, "POST", web.URL+"/api/admin/users", `{"login":"e-`+randomHex(4)+`","name":"Пустой Пароль","role":"manager","password":""}`,
		"Authorization", "Bearer "+token, "Content-Type", "application/json")
	if a.status != 400 || !namesField(a, "password") {
		t.Errorf(`a new user with {"password":""}: %d %s, want 400 naming the password`, a.status, a.rawBody)
	}
}
