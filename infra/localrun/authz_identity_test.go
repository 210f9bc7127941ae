package localrun

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"aftersales/shared/auth"
)

// passwordChangeRoutes stay open to a session that must first choose a new password.
var passwordChangeRoutes = map[string]bool{"POST /api/me/password": true, "GET /api/me": true, "POST /api/auth/logout": true}

// Every route of the matrix, for every signed-in role, refuses a session that
// must change its password with 403 password_change_required, except the
// three that let the user do so and the public ones (login, health, the
// document, the catch-alls' 405); those answer as for any session of the role.
func TestAuthorizationMatrixForASessionThatMustChangeItsPassword(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	ctx := context.Background()
	var problems []string
	for _, r := range loadMatrix(t) {
		for _, role := range matrixCallers[1:] {
			tok, err := e.session(ctx, auth.Role(role), true)
			if err != nil {
				t.Fatal(err)
			}
			got, body, err := e.doWith(ctx, web.URL, r, tok, e.own)
			if err != nil {
				t.Fatalf("%s as %s: %v", r.route, role, err)
			}
			want, wantBody := 403, `"password_change_required"`
			if public := r.own["anonymous"] != 401; public || passwordChangeRoutes[r.route] {
				want, wantBody = r.own[role], ""
			}
			if got != want || !strings.Contains(body, wantBody) {
				problems = append(problems, fmt.Sprintf("  %s as %s: got %d, want %d %s: %.200s", r.route, role, got, want, wantBody, body))
			}
		}
	}
	if len(problems) > 0 {
		t.Errorf("sessions that must change their password:\n%s", strings.Join(problems, "\n"))
	}
}

// An admin resets a password over the API; the user signs in with it, is
// told to change it, can do nothing else until they do, sets their own, and
// then works as before.
func TestAfterAnAdminResetTheUserMustSetTheirOwnPasswordBeforeAnythingElse(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	ctx := context.Background()
	u, err := e.newUser(ctx, auth.RoleServiceCenter, e.own.ServiceCenter)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := e.token(ctx, auth.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	const given, own = "admin-given-pass-1", "my-own-password-22"
	if a := call(t, "POST", web.URL+"/api/admin/users/"+u.ID+"/password", `{"password":"`+given+`"}`,
		"Authorization", "Bearer "+admin, "Content-Type", "application/json"); a.status != 204 {
		t.Fatalf("reset: %d %s", a.status, a.rawBody)
	}
	login := func(password string) (string, bool) {
		a := call(t, "POST", web.URL+"/api/auth/login", `{"login":"`+u.Login+`","password":"`+password+`"}`)
		if a.status != 200 {
			t.Fatalf("login: %d %s", a.status, a.rawBody)
		}
		tok, _ := a.body["token"].(string)
		required, ok := a.body["passwordChangeRequired"].(bool)
		if !ok {
			t.Fatalf("login answer without passwordChangeRequired: %s", a.rawBody)
		}
		return tok, required
	}
	tok, required := login(given)
	if !required {
		t.Fatal("login after an admin reset does not ask for a change")
	}
	bearer := []string{"Authorization", "Bearer " + tok}
	if a := call(t, "GET", web.URL+"/api/acts", "", bearer...); a.status != 403 || a.code() != "password_change_required" ||
		!strings.Contains(a.body["error"].(map[string]any)["message"].(string), "пароль") {
		t.Errorf("acts before the change: %d %s, want 403 password_change_required in Russian", a.status, a.rawBody)
	}
	if a := call(t, "GET", web.URL+"/api/me", "", bearer...); a.status != 200 || a.body["passwordChangeRequired"] != true {
		t.Errorf("me before the change: %d %s", a.status, a.rawBody)
	}
	if a := call(t, "POST", web.URL+"/api/me/password", `{"currentPassword":"`+given+`","newPassword":"`+own+`"}`,
		append(bearer, "Content-Type", "application/json")...); a.status != 204 {
		t.Fatalf("own password: %d %s", a.status, a.rawBody)
	}
	tok, required = login(own)
	if required {
		t.Error("the user's own password still asks for a change")
	}
	if a := call(t, "GET", web.URL+"/api/acts", "", "Authorization", "Bearer "+tok); a.status != 200 {
		t.Errorf("acts after the change: %d %s", a.status, a.rawBody)
	}
}

// The admin's user list says who is locked out (and until when), so the
// screen offers «Разблокировать» only there; unlocking clears it.
func TestTheUserListMarksLockedUsers(t *testing.T) {
	e := matrix(t)
	_, web := integration(t)
	ctx := context.Background()
	sc, err := e.newTenant(ctx, auth.KindServiceCenter)
	if err != nil {
		t.Fatal(err)
	}
	locked, err := e.newUser(ctx, auth.RoleServiceCenter, sc)
	if err != nil {
		t.Fatal(err)
	}
	free, err := e.newUser(ctx, auth.RoleServiceCenter, sc)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		call(t, "POST", web.URL+"/api/auth/login", `{"login":"`+locked.Login+`","password":"wrong-password-9"}`)
	}
	admin, err := e.token(ctx, auth.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	list := func() map[string]map[string]any {
		a := call(t, "GET", web.URL+"/api/admin/users?tenant="+sc, "", "Authorization", "Bearer "+admin)
		if a.status != 200 {
			t.Fatalf("list: %d %s", a.status, a.rawBody)
		}
		byID := map[string]map[string]any{}
		items, _ := a.body["items"].([]any)
		for _, it := range items {
			u, _ := it.(map[string]any)
			byID[u["id"].(string)] = u
		}
		return byID
	}
	users := list()
	if u := users[locked.ID]; u["locked"] != true || u["lockedUntil"] == nil {
		t.Errorf("the locked user: %v, want locked with lockedUntil", u)
	}
	if u := users[free.ID]; u["locked"] != false || u["lockedUntil"] != nil {
		t.Errorf("the other user: %v, want not locked", u)
	}
	if a := call(t, "POST", web.URL+"/api/admin/users/"+locked.ID+"/unlock", "", "Authorization", "Bearer "+admin); a.status != 204 {
		t.Fatalf("unlock: %d %s", a.status, a.rawBody)
	}
	if u := list()[locked.ID]; u["locked"] != false {
		t.Errorf("after unlock: %v, want not locked", u)
	}
}
