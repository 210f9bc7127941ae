package identity

import (
	"context"
	"strings"
	"testing"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// fakeDirectory is a DirectoryStore built from function fields; a method a
// test did not expect panics through the nil embedded interface.
type fakeDirectory struct {
	DirectoryStore
	createUser      func(auth.User, auth.AuditEntry) error
	setPasswordHash func(id, hash string, a auth.AuditEntry) error
	changeRequired  bool // the last SetPasswordHash's flag
	revoked         []string
	users           map[string]auth.User
	audits          []auth.AuditEntry
}

func (f *fakeDirectory) User(_ context.Context, id string) (auth.User, error) {
	if u, ok := f.users[id]; ok {
		return u, nil
	}
	return auth.User{}, auth.ErrNotFound
}
func (f *fakeDirectory) CreateUser(_ context.Context, u auth.User, a auth.AuditEntry) error {
	return f.createUser(u, a)
}
func (f *fakeDirectory) SetPasswordHash(_ context.Context, id, hash string, changeRequired bool, _ time.Time, a auth.AuditEntry) error {
	f.changeRequired = changeRequired
	return f.setPasswordHash(id, hash, a)
}
func (f *fakeDirectory) SetMailMode(_ context.Context, id string, mode auth.MailMode, _ time.Time, a auth.AuditEntry) error {
	u, ok := f.users[id]
	if !ok {
		return auth.ErrNotFound
	}
	u.Mail = mode
	f.users[id] = u
	f.audits = append(f.audits, a)
	return nil
}
func (f *fakeDirectory) RevokeSessions(_ context.Context, id string) error {
	f.revoked = append(f.revoked, id)
	return nil
}

var admin = auth.Caller{UserID: "a1", Role: auth.RoleAdmin, SessionID: "s"}

func newTestDirectory(t *testing.T, store DirectoryStore) *Directory {
	t.Helper()
	n := 0
	d, err := NewDirectory(DirectoryConfig{Store: store, Hasher: plainHasher{},
		Clock: func() time.Time { return time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC) },
		IDs:   func() string { n++; return "id" + string(rune('0'+n)) }})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestOnlyAdminsAdministerWhateverTheRouteSays(t *testing.T) {
	d := newTestDirectory(t, &fakeDirectory{})
	ctx := context.Background()
	for _, r := range []auth.Role{auth.RoleManager, auth.RoleServiceCenter, auth.RoleKeyUser} {
		c := auth.Caller{UserID: "x", Role: r, Tenant: "t"}
		_, err1 := d.CreateTenant(ctx, c, auth.KindServiceCenter, NewTenant{Name: "x"})
		_, _, err2 := d.CreateUser(ctx, c, NewUser{})
		_, err3 := d.ResetPassword(ctx, c, "u", "")
		err4 := d.Unlock(ctx, c, "u")
		_, err5 := d.ListAudit(ctx, c, auth.ListOptions{})
		for i, err := range []error{err1, err2, err3, err4, err5} {
			if apperr.CodeOf(err) != apperr.Forbidden {
				t.Errorf("%s, call %d: %v, want forbidden", r, i+1, err)
			}
		}
	}
}

func TestNewUsersAreValidatedBeforeAnythingIsWritten(t *testing.T) {
	d := newTestDirectory(t, &fakeDirectory{})
	cases := []struct {
		name  string
		in    NewUser
		field string
	}{
		{"login with a space", NewUser{Login: "ivan petrov", FullName: "И", Role: auth.RoleManager, Password: "long-enough-1"}, "login"},
		{"login that is an e-mail", NewUser{Login: "ivan@example.com", FullName: "И", Role: auth.RoleManager, Password: "long-enough-1"}, "login"},
		{"bad e-mail", NewUser{Login: "ivan", Email: "ivan@", FullName: "И", Role: auth.RoleManager, Password: "long-enough-1"}, "email"},
		{"no name", NewUser{Login: "ivan", Role: auth.RoleManager, Password: "long-enough-1"}, "name"},
		{"unknown role", NewUser{Login: "ivan", FullName: "И", Role: "root", Password: "long-enough-1"}, "role"},
		{"centre user without a centre", NewUser{Login: "ivan", FullName: "И", Role: auth.RoleServiceCenter, Password: "long-enough-1"}, "tenant"},
		{"manager with a tenant", NewUser{Login: "ivan", FullName: "И", Role: auth.RoleManager, Tenant: "sc1", Password: "long-enough-1"}, "tenant"},
		{"short password", NewUser{Login: "ivan", FullName: "И", Role: auth.RoleManager, Password: "short"}, "password"},
		{"manager with a centre role", NewUser{Login: "ivan", FullName: "И", Role: auth.RoleManager, Password: "long-enough-1", CentreRole: auth.CentreReception}, "centreRole"},
		{"unknown centre role", NewUser{Login: "ivan", FullName: "И", Role: auth.RoleServiceCenter, Tenant: "sc1", Password: "long-enough-1", CentreRole: "boss"}, "centreRole"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := d.CreateUser(context.Background(), admin, c.in)
			e := apperr.As(err)
			if e.Code != apperr.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != c.field {
				t.Errorf("got %v (%+v), want an invalid %s", err, e.Fields, c.field)
			}
		})
	}
}

func TestAGeneratedPasswordIsReturnedOnceAndNeverAudited(t *testing.T) {
	var stored auth.User
	var audit auth.AuditEntry
	store := &fakeDirectory{createUser: func(u auth.User, a auth.AuditEntry) error { stored, audit = u, a; return nil }}
	d := newTestDirectory(t, store)
	u, generated, err := d.CreateUser(context.Background(), admin,
		NewUser{Login: " Ivan.Petrov ", Email: "Ivan@Example.com", FullName: "Иван Петров", Role: auth.RoleServiceCenter, Tenant: "sc1"})
	if err != nil {
		t.Fatal(err)
	}
	if u.Login != "ivan.petrov" || u.Email != "ivan@example.com" || u.Tenant != "sc1" {
		t.Errorf("user not normalised: %+v", u)
	}
	if ok, _ := (plainHasher{}).Verify(stored.PasswordHash, generated); !ok || len(generated) != 16 {
		t.Errorf("stored hash %q does not match the generated password %q", stored.PasswordHash, generated)
	}
	if audit.Action != auth.ActionUserCreate || audit.ActorID != "a1" || audit.TargetID != u.ID {
		t.Errorf("audit entry %+v", audit)
	}
	for k, v := range audit.Details {
		if strings.Contains(v, generated) {
			t.Errorf("audit detail %s holds the password", k)
		}
	}
	if _, g, _ := d.CreateUser(context.Background(), admin,
		NewUser{Login: "other", FullName: "И", Role: auth.RoleManager, Password: "chosen-password"}); g != "" {
		t.Errorf("a chosen password came back as generated: %q", g)
	}
}

func TestAPasswordResetSignsTheUserOutEverywhere(t *testing.T) {
	var hash string
	store := &fakeDirectory{users: map[string]auth.User{"u1": {ID: "u1", Login: "ivan"}},
		setPasswordHash: func(id, h string, a auth.AuditEntry) error { hash = h; return nil }}
	d := newTestDirectory(t, store)
	if _, err := d.ResetPassword(context.Background(), admin, "u1", "ivan"); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a password equal to the login: %v, want invalid", err)
	}
	if _, err := d.ResetPassword(context.Background(), admin, "u1", "brand-new-password"); err != nil {
		t.Fatal(err)
	}
	if hash != "plain:brand-new-password" || len(store.revoked) != 1 || store.revoked[0] != "u1" || !store.changeRequired {
		t.Errorf("hash %q, revoked %v, change required %v; want the user to choose their own next", hash, store.revoked, store.changeRequired)
	}
	if _, err := d.ResetPassword(context.Background(), admin, "nobody", ""); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unknown user: %v, want not found", err)
	}
}

func TestAdminsCannotDisableThemselves(t *testing.T) {
	d := newTestDirectory(t, &fakeDirectory{})
	if err := d.SetUserDisabled(context.Background(), admin, admin.UserID, true); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("got %v, want conflict", err)
	}
}

func TestAUserChangesTheirOwnPasswordGivenTheCurrentOne(t *testing.T) {
	var hash string
	var audited auth.AuditEntry
	store := &fakeDirectory{users: map[string]auth.User{"u1": {ID: "u1", Login: "ivan", PasswordHash: "plain:old-password-1"}},
		setPasswordHash: func(id, h string, a auth.AuditEntry) error { hash, audited = h, a; return nil }}
	d := newTestDirectory(t, store)
	me := auth.Caller{UserID: "u1", Role: auth.RoleServiceCenter, Tenant: "sc1", SessionID: "s1"}
	ctx := context.Background()
	for _, tt := range []struct{ current, next, field string }{
		{"wrong-password-1", "new-password-22", "currentPassword"},
		{"old-password-1", "short", "newPassword"},
		{"old-password-1", "old-password-1", "newPassword"},
	} {
		err := d.ChangeOwnPassword(ctx, me, tt.current, tt.next)
		if e := apperr.As(err); e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != tt.field {
			t.Errorf("change %q → %q: %v, want %s refused", tt.current, tt.next, err, tt.field)
		}
	}
	if hash != "" || len(store.revoked) != 0 {
		t.Fatalf("a refused change stored %q and revoked %v", hash, store.revoked)
	}
	store.changeRequired = true // as after an admin's reset
	if err := d.ChangeOwnPassword(ctx, me, "old-password-1", "new-password-22"); err != nil {
		t.Fatal(err)
	}
	if store.changeRequired {
		t.Error("the user's own new password still requires a change")
	}
	if hash != "plain:new-password-22" || audited.Action != auth.ActionPasswordChange || audited.ActorID != "u1" ||
		len(store.revoked) != 1 || store.revoked[0] != "u1" {
		t.Errorf("hash %q, audit %+v, revoked %v; want the new hash, audited, every session ended", hash, audited, store.revoked)
	}
}

func TestAUserChoosesTheDailyDigestOrImmediateMails(t *testing.T) {
	store := &fakeDirectory{users: map[string]auth.User{"u1": {ID: "u1", Login: "centre", Role: auth.RoleServiceCenter}}}
	d := newTestDirectory(t, store)
	ctx := context.Background()
	me := auth.Caller{UserID: "u1", Role: auth.RoleServiceCenter, Tenant: "t"}
	if got := store.users["u1"].MailMode(); got != auth.MailImmediate {
		t.Fatalf("default %q, want immediate", got)
	}
	u, err := d.SetOwnMailMode(ctx, me, auth.MailDigest)
	if err != nil || u.MailMode() != auth.MailDigest {
		t.Fatalf("digest: %+v %v", u, err)
	}
	if len(store.audits) != 1 || store.audits[0].Action != auth.ActionMailMode || store.audits[0].TargetID != "u1" {
		t.Errorf("audit %+v", store.audits)
	}
	if _, err := d.SetOwnMailMode(ctx, me, "weekly"); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("unknown mode: %v, want a validation error", err)
	}
	if store.users["u1"].MailMode() != auth.MailDigest || len(store.audits) != 1 {
		t.Errorf("a refused choice changed something: %+v", store.users["u1"])
	}
	if _, err := d.SetOwnMailMode(ctx, auth.Caller{UserID: "gone", Role: auth.RoleManager}, auth.MailImmediate); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unknown user: %v", err)
	}
}
