package identitystore_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/identity"
)

// as is the caller a session of u carries.
func as(u auth.User) auth.Caller { return u.Caller("s-" + u.ID) }

func TestACentreAdminManagesOnlyTheirOwnCentresStaff(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	north := e.tenant(t, auth.KindServiceCenter, "Север")
	south := e.tenant(t, auth.KindServiceCenter, "Юг")
	boss := e.user(t, identity.NewUser{Login: "boss", Role: auth.RoleServiceCenter, Tenant: north.ID}) // no role: centre admin
	clerk := e.user(t, identity.NewUser{Login: "clerk", Role: auth.RoleServiceCenter, Tenant: north.ID, CentreRole: auth.CentreReception})
	stranger := e.user(t, identity.NewUser{Login: "stranger", Role: auth.RoleServiceCenter, Tenant: south.ID})
	manager := e.user(t, identity.NewUser{Login: "manager", Role: auth.RoleManager})

	tech, generated, err := e.dir.CreateStaff(ctx, as(boss), identity.NewStaff{Login: "tech", FullName: "Мастер Пётр", CentreRole: auth.CentreTechnician})
	if err != nil || generated == "" || tech.Tenant != north.ID || tech.Role != auth.RoleServiceCenter || tech.CentreRole != auth.CentreTechnician {
		t.Fatalf("created %+v (password %q), %v", tech, generated, err)
	}
	if _, _, err := e.dir.CreateStaff(ctx, as(clerk), identity.NewStaff{Login: "tech2", FullName: "Ещё", CentreRole: auth.CentreTechnician}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("reception created a colleague: %v", err)
	}
	if _, _, err := e.dir.CreateStaff(ctx, as(boss), identity.NewStaff{Login: "norole", FullName: "Без роли"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a colleague without a centre role: %v", err)
	}

	page, err := e.dir.ListStaff(ctx, as(clerk), auth.ListOptions{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var logins []string
	for _, u := range page.Items {
		logins = append(logins, u.Login)
	}
	if want := []string{"boss", "clerk", "tech"}; len(logins) != 3 || logins[0] != want[0] || logins[1] != want[1] || logins[2] != want[2] {
		t.Errorf("north's staff %v, want %v", logins, want)
	}
	if _, err := e.dir.ListStaff(ctx, as(manager), auth.ListOptions{}); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("a manager listed a centre's staff: %v", err)
	}

	// Another centre's user and the wholesaler's are not there to change.
	for _, id := range []string{stranger.ID, manager.ID, "nobody"} {
		for name, change := range map[string]func() error{
			"block":  func() error { return e.dir.SetStaffDisabled(ctx, as(boss), id, true) },
			"role":   func() error { return e.dir.SetStaffRole(ctx, as(boss), id, auth.CentreReception) },
			"reset":  func() error { _, err := e.dir.ResetStaffPassword(ctx, as(boss), id, ""); return err },
			"enable": func() error { return e.dir.SetStaffDisabled(ctx, as(boss), id, false) },
		} {
			if err := change(); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("%s of %s: %v, want not found", name, id, err)
			}
		}
	}
	if u, _ := e.store.User(ctx, stranger.ID); u.Disabled || u.CentreRole != "" {
		t.Errorf("the other centre's user changed: %+v", u)
	}

	// Block, role and reset sign the colleague out.
	session, err := e.svc.Login(ctx, "clerk", "right-password")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.dir.SetStaffRole(ctx, as(boss), clerk.ID, auth.CentreTechnician); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(ctx, session.Token); !errors.Is(err, identity.ErrBadToken) {
		t.Errorf("the session of a colleague whose role changed: %v", err)
	}
	if u, _ := e.store.User(ctx, clerk.ID); u.CentreRole != auth.CentreTechnician {
		t.Errorf("role after the change: %q", u.CentreRole)
	}
	if err := e.dir.SetStaffDisabled(ctx, as(boss), clerk.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Login(ctx, "clerk", "right-password"); err == nil {
		t.Error("a blocked colleague signed in")
	}
	if err := e.dir.SetStaffDisabled(ctx, as(boss), clerk.ID, false); err != nil {
		t.Fatal(err)
	}
	if p, err := e.dir.ResetStaffPassword(ctx, as(boss), clerk.ID, ""); err != nil || p == "" {
		t.Errorf("reset: %q, %v", p, err)
	}
	if u, _ := e.store.User(ctx, clerk.ID); !u.PasswordChangeRequired || u.Disabled {
		t.Errorf("after the reset: %+v", u)
	}
}

func TestTheLastCentreAdminCannotStepDownOrBlockThemselves(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sc := e.tenant(t, auth.KindServiceCenter, "Север")
	boss := e.user(t, identity.NewUser{Login: "boss", Role: auth.RoleServiceCenter, Tenant: sc.ID, CentreRole: auth.CentreAdmin})
	blocked := e.user(t, identity.NewUser{Login: "old-admin", Role: auth.RoleServiceCenter, Tenant: sc.ID})
	if err := e.dir.SetStaffDisabled(ctx, as(boss), blocked.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := e.dir.SetStaffDisabled(ctx, as(boss), boss.ID, true); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("the admin blocked themselves: %v", err)
	}
	// Unblocking oneself (one is enabled) changes nothing, and is no error.
	if err := e.dir.SetStaffDisabled(ctx, as(boss), boss.ID, false); err != nil {
		t.Errorf("the admin unblocked themselves: %v", err)
	}
	// A blocked admin does not count: boss is the only enabled one.
	if err := e.dir.SetStaffRole(ctx, as(boss), boss.ID, auth.CentreReception); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("the last admin stepped down: %v", err)
	}
	if u, _ := e.store.User(ctx, boss.ID); u.CentreRole != auth.CentreAdmin {
		t.Errorf("the last admin's role is now %q", u.CentreRole)
	}
	second := e.user(t, identity.NewUser{Login: "second", Role: auth.RoleServiceCenter, Tenant: sc.ID, CentreRole: auth.CentreAdmin})
	if err := e.dir.SetStaffRole(ctx, as(boss), boss.ID, auth.CentreReception); err != nil {
		t.Errorf("an admin stepped down while another stays: %v", err)
	}
	if err := e.dir.SetStaffRole(ctx, as(second), second.ID, auth.CentreTechnician); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("then the last one stepped down too: %v", err)
	}
}

func TestTwoAdminsSteppingDownAtOnceLeaveOneAdmin(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sc := e.tenant(t, auth.KindServiceCenter, "Север")
	a := e.user(t, identity.NewUser{Login: "admin-a", Role: auth.RoleServiceCenter, Tenant: sc.ID})
	b := e.user(t, identity.NewUser{Login: "admin-b", Role: auth.RoleServiceCenter, Tenant: sc.ID})
	for range 5 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, u := range []auth.User{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = e.dir.SetStaffRole(ctx, as(u), u.ID, auth.CentreReception)
			}()
		}
		wg.Wait()
		admins := 0
		for _, u := range []auth.User{a, b} {
			if got, _ := e.store.User(ctx, u.ID); got.Caller("").InCentre() == auth.CentreAdmin {
				admins++
			}
		}
		if admins != 1 || (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("after both stepped down at once: %d admins, errors %v", admins, errs)
		}
		// Make both admins again for the next round (as the wholesaler's admin would).
		for _, u := range []auth.User{a, b} {
			if got, _ := e.store.User(ctx, u.ID); got.Caller("").InCentre() != auth.CentreAdmin {
				other := b
				if u.ID == b.ID {
					other = a
				}
				if err := e.dir.SetStaffRole(ctx, as(other), u.ID, auth.CentreAdmin); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
