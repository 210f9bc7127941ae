package localrun

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"aftersales/shared/auth"
	"aftersales/shared/identity"
)

type apiAnswer struct {
	status  int
	header  http.Header
	body    map[string]any
	rawBody string
}

func (a apiAnswer) code() string {
	e, _ := a.body["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

func call(t *testing.T, method, url, body string, headers ...string) apiAnswer {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := apiAnswer{status: resp.StatusCode, header: resp.Header, rawBody: string(b)}
	if len(b) > 0 {
		if err := json.Unmarshal(b, &a.body); err != nil {
			t.Fatalf("%s %s answered %d with a non-JSON body %q", method, url, resp.StatusCode, b)
		}
	}
	return a
}

// bearer makes JSON calls to base as token's user: each answers its body
// and fails the test unless its status is want.
func bearer(t *testing.T, base, token string) func(method, path, body string, want int) map[string]any {
	return func(method, path, body string, want int) map[string]any {
		t.Helper()
		a := call(t, method, base+path, body, "Authorization", "Bearer "+token, "Content-Type", "application/json")
		if a.status != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, a.status, a.rawBody, want)
		}
		return a.body
	}
}

// loggedIn makes a fresh user of role in tenant and signs them in through
// POST /api/auth/login at base, failing the test unless it answers 200.
func loggedIn(t *testing.T, e *matrixEnv, base string, role auth.Role, tenant string) (auth.User, apiAnswer) {
	t.Helper()
	u, err := e.newUser(context.Background(), role, tenant)
	if err != nil {
		t.Fatal(err)
	}
	a := call(t, "POST", base+"/api/auth/login", `{"login":"`+u.Login+`","password":"`+matrixPassword+`"}`)
	if a.status != 200 {
		t.Fatalf("login: %d %s", a.status, a.rawBody)
	}
	return u, a
}

func TestBadTokensAreA401WithAJSONErrorThroughTheRunner(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	ctx := context.Background()
	u := e.callers[auth.RoleServiceCenter]
	now := time.Now()

	// must fails the test on an error or an empty token, so that no check
	// below can pass on a token that was never made.
	must := func(tok string, err error) string {
		t.Helper()
		if err != nil || tok == "" {
			t.Fatalf("make a token: %q, %v", tok, err)
		}
		return tok
	}
	good := must(e.token(ctx, auth.RoleServiceCenter))
	old := auth.Session{ID: "expired-" + randomHex(8), UserID: u.ID, Role: u.Role, Tenant: u.Tenant,
		CreatedAt: now.Add(-13 * time.Hour), ExpiresAt: now.Add(-time.Hour)}
	if err := e.id.Store.CreateSession(ctx, old); err != nil {
		t.Fatal(err)
	}
	expired := must(e.tokens.Issue(old))
	foreign, err := identity.NewTokens(RandomSecret(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	wrongSig := must(foreign.Issue(auth.Session{ID: "x", UserID: u.ID, Role: u.Role, Tenant: u.Tenant, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}))
	payload := strings.Split(good, ".")[1]
	algNone := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + payload + "."
	revoked := must(e.token(ctx, auth.RoleServiceCenter))
	if a := call(t, "POST", web.URL+"/api/auth/logout", "", "Authorization", "Bearer "+revoked); a.status != 204 {
		t.Fatalf("logout: %d %s", a.status, a.rawBody)
	}

	if a := call(t, "GET", web.URL+"/api/me", "", "Authorization", "Bearer "+good); a.status != 200 {
		t.Fatalf("the good token: %d %s", a.status, a.rawBody)
	}
	for name, headers := range map[string][]string{
		"missing":         nil,
		"expired":         {"Authorization", "Bearer " + expired},
		"wrong signature": {"Authorization", "Bearer " + wrongSig},
		"alg none":        {"Authorization", "Bearer " + algNone},
		"garbage":         {"Authorization", "Bearer ¯\\_(ツ)_/¯"},
		"not bearer":      {"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte("admin:demo-password-1"))},
		"revoked":         {"Authorization", "Bearer " + revoked},
		"garbage cookie":  {"Cookie", "session=garbage"},
	} {
		a := call(t, "GET", web.URL+"/api/me", "", headers...)
		if a.status != 401 || a.code() != "unauthorized" || !strings.Contains(a.header.Get("Content-Type"), "json") {
			t.Errorf("%s: %d %q %s, want 401 unauthorized JSON", name, a.status, a.header.Get("Content-Type"), a.rawBody)
		}
	}
}

func TestLoginSetsAStrictHttpOnlyCookieThatAloneSignsInUntilLogout(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	u, err := e.newUser(context.Background(), auth.RoleKeyUser, e.own.Distributor)
	if err != nil {
		t.Fatal(err)
	}
	a := call(t, "POST", web.URL+"/api/auth/login", `{"login":"`+strings.ToUpper(u.Login)+`","password":"`+matrixPassword+`"}`)
	if a.status != 200 || a.body["token"] == "" {
		t.Fatalf("login: %d %s", a.status, a.rawBody)
	}
	user, _ := a.body["user"].(map[string]any)
	if user["role"] != "key_user" || user["tenant"] != e.own.Distributor || user["tenantKind"] != "distributor" || user["tenantName"] == "" {
		t.Errorf("login user %v", user)
	}
	cookie := a.header.Get("Set-Cookie")
	for _, attr := range []string{"session=", "HttpOnly", "SameSite=Strict", "Path=/api", "Max-Age=43200"} {
		if !strings.Contains(cookie, attr) {
			t.Errorf("cookie %q lacks %s", cookie, attr)
		}
	}
	if strings.Contains(cookie, "Secure") {
		t.Errorf("the local (plain http) cookie is Secure, so browsers would drop it: %q", cookie)
	}
	session := strings.SplitN(cookie, ";", 2)[0]
	if me := call(t, "GET", web.URL+"/api/me", "", "Cookie", session); me.status != 200 || me.body["user"].(map[string]any)["id"] != u.ID {
		t.Fatalf("me by cookie: %d %s", me.status, me.rawBody)
	}
	out := call(t, "POST", web.URL+"/api/auth/logout", "", "Cookie", session, "Origin", "http://localhost:3000")
	if out.status != 204 || !strings.Contains(out.header.Get("Set-Cookie"), "Max-Age=0") {
		t.Errorf("logout: %d, cookie %q", out.status, out.header.Get("Set-Cookie"))
	}
	if me := call(t, "GET", web.URL+"/api/me", "", "Cookie", session); me.status != 401 {
		t.Errorf("me after logout: %d", me.status)
	}
}

func TestTheLockoutAnswerSaysWhenToTryAgain(t *testing.T) {
	_, web := integration(t)
	login := `{"login":"nobody-` + randomHex(4) + `","password":"wrong-password"}`
	for i := range 2 {
		if a := call(t, "POST", web.URL+"/api/auth/login", login); a.status != 401 {
			t.Fatalf("failure %d: %d %s", i+1, a.status, a.rawBody)
		}
	}
	a := call(t, "POST", web.URL+"/api/auth/login", login)
	e, _ := a.body["error"].(map[string]any)
	details, _ := e["details"].(map[string]any)
	retry, _ := details["retryAt"].(string)
	at, err := time.Parse(time.RFC3339, retry)
	if a.status != 423 || a.code() != "locked" || err != nil || at.Sub(time.Now()) < 14*time.Minute || at.Sub(time.Now()) > 15*time.Minute {
		t.Errorf("third failure: %d %s", a.status, a.rawBody)
	}
	msk, _ := time.LoadLocation("Europe/Moscow")
	shown := at.In(msk).Truncate(time.Minute).Add(time.Minute).Format("15:04")
	if msg, _ := e["message"].(string); !strings.Contains(msg, shown) || !strings.Contains(msg, "МСК") {
		t.Errorf("message %q does not name %s МСК", msg, shown)
	}
}

func TestDemoSeedingIsIdempotentAndItsLoginsWork(t *testing.T) {
	srv, web := integration(t)
	ctx := context.Background()
	first, err := srv.SeedDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second, err := srv.SeedDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 6 || len(second) != 6 {
		t.Fatalf("seeded %d then %d logins, want 6", len(first), len(second))
	}
	roles := map[string]int{}
	for _, l := range second {
		roles[l.Role]++
		a := call(t, "POST", web.URL+"/api/auth/login", `{"login":"`+l.Login+`","password":"`+l.Password+`"}`)
		if a.status != 200 {
			t.Errorf("demo login %s: %d %s", l.Login, a.status, a.rawBody)
			continue
		}
		user, _ := a.body["user"].(map[string]any)
		if name, _ := user["tenantName"].(string); l.Organisation != "—" && name != l.Organisation {
			t.Errorf("%s belongs to %q, want %q", l.Login, name, l.Organisation)
		}
	}
	if roles["admin"] != 1 || roles["manager"] != 1 || roles["service_center"] != 3 || roles["key_user"] != 1 {
		t.Errorf("demo roles %v", roles)
	}
	id := matrix(t).id
	for _, kind := range []auth.TenantKind{auth.KindServiceCenter, auth.KindDistributor} {
		names := map[string]int{}
		for o := (auth.ListOptions{Limit: 200}); ; {
			p, err := id.Directory.ListTenants(ctx, demoActor, kind, o)
			if err != nil {
				t.Fatal(err)
			}
			for _, tn := range p.Items {
				names[tn.Name]++
			}
			if p.Next == "" {
				break
			}
			o.Cursor = p.Next
		}
		for name, n := range names {
			if strings.Contains(name, "«") && n != 1 {
				t.Errorf("demo organisation %q exists %d times", name, n)
			}
		}
	}
}
