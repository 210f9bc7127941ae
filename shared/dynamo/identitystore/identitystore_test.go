package identitystore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/identity"
)

// plainHasher keeps these tests about storage, not argon2's cost.
type plainHasher struct{}

func (plainHasher) Hash(p string) (string, error)    { return "plain:" + p, nil }
func (plainHasher) Verify(e, p string) (bool, error) { return e == "plain:"+p, nil }
func (plainHasher) Dummy() string                    { return "plain:\x00" }

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var admin = auth.Caller{UserID: "test-admin", Role: auth.RoleAdmin}

type env struct {
	db    *dynamodb.Client
	table string
	store *identitystore.Store
	dir   *identity.Directory
	svc   *identity.Service
	clock *clock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db, table := dynamotest.Table(t)
	t.Parallel()
	e := &env{db: db, table: table, store: identitystore.New(dynamo.New(db, table)),
		clock: &clock{now: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}}
	n := 0
	var mu sync.Mutex
	ids := func() string { mu.Lock(); defer mu.Unlock(); n++; return fmt.Sprintf("id%04d", n) }
	var err error
	if e.dir, err = identity.NewDirectory(identity.DirectoryConfig{Store: e.store, Hasher: plainHasher{}, Clock: e.clock.Now, IDs: ids}); err != nil {
		t.Fatal(err)
	}
	tokens, err := identity.NewTokens("dynamo-test-secret-0123456789abcdef", e.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if e.svc, err = identity.NewService(identity.ServiceConfig{Store: e.store, Hasher: plainHasher{}, Tokens: tokens, Clock: e.clock.Now}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) tenant(t *testing.T, kind auth.TenantKind, name string) auth.Tenant {
	t.Helper()
	tn, err := e.dir.CreateTenant(context.Background(), admin, kind, identity.NewTenant{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

func (e *env) user(t *testing.T, in identity.NewUser) auth.User {
	t.Helper()
	if in.Password == "" {
		in.Password = "right-password"
	}
	if in.FullName == "" {
		in.FullName = "Тест"
	}
	u, _, err := e.dir.CreateUser(context.Background(), admin, in)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestUserByIDLoginAndEmail(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.user(t, identity.NewUser{Login: "ivan", Email: "Ivan@Example.com", Role: auth.RoleManager})
	for _, find := range []func() (auth.User, error){
		func() (auth.User, error) { return e.store.User(ctx, u.ID) },
		func() (auth.User, error) { return e.store.UserByLogin(ctx, "ivan") },
		func() (auth.User, error) { return e.store.UserByLogin(ctx, "ivan@example.com") },
	} {
		got, err := find()
		if err != nil || got.ID != u.ID || got.PasswordHash != "plain:right-password" || !got.CreatedAt.Equal(u.CreatedAt) {
			t.Errorf("got %+v, %v; want %+v", got, err, u)
		}
	}
	if _, err := e.store.UserByLogin(ctx, "nobody"); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("unknown login: %v", err)
	}
}

func TestUsersAreListedAllOrPerTenantByLoginAcrossPages(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sc := e.tenant(t, auth.KindServiceCenter, "СЦ 1")
	for _, l := range []string{"dora", "carl", "bob", "anna"} {
		e.user(t, identity.NewUser{Login: l, Role: auth.RoleServiceCenter, Tenant: sc.ID})
	}
	e.user(t, identity.NewUser{Login: "boss", Role: auth.RoleManager})

	collect := func(tenant string) []string {
		var logins []string
		o := auth.ListOptions{Limit: 2}
		for {
			p, err := e.store.ListUsers(ctx, tenant, o)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range p.Items {
				logins = append(logins, u.Login)
			}
			if p.Next == "" {
				return logins
			}
			o.Cursor = p.Next
		}
	}
	if got, want := collect(""), []string{"anna", "bob", "boss", "carl", "dora"}; !slices.Equal(got, want) {
		t.Errorf("all users: %v, want %v", got, want)
	}
	if got, want := collect(sc.ID), []string{"anna", "bob", "carl", "dora"}; !slices.Equal(got, want) {
		t.Errorf("the centre's users: %v, want %v", got, want)
	}
	first, _ := e.store.ListUsers(ctx, "", auth.ListOptions{Limit: 1})
	for _, bad := range []string{first.Next + "x", "not base64!", "e30"} {
		if _, err := e.store.ListUsers(ctx, sc.ID, auth.ListOptions{Cursor: bad}); !errors.Is(err, auth.ErrBadCursor) {
			t.Errorf("cursor %q: %v, want ErrBadCursor", bad, err)
		}
	}
	if _, err := e.store.ListUsers(ctx, sc.ID, auth.ListOptions{Cursor: first.Next}); !errors.Is(err, auth.ErrBadCursor) {
		t.Errorf("a cursor of another list: %v, want ErrBadCursor", err)
	}
}

func TestTenantsByIDAndByName(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	b := e.tenant(t, auth.KindServiceCenter, "бета")
	e.tenant(t, auth.KindServiceCenter, "Альфа")
	d := e.tenant(t, auth.KindDistributor, "Дистрибьютор")
	got, err := e.store.Tenant(ctx, auth.KindServiceCenter, b.ID)
	if err != nil || got.Name != "бета" || got.Kind != auth.KindServiceCenter {
		t.Errorf("service centre by id: %+v %v", got, err)
	}
	if _, err := e.store.Tenant(ctx, auth.KindDistributor, b.ID); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("a service centre read as a distributor: %v", err)
	}
	scs, _ := e.store.ListTenants(ctx, auth.KindServiceCenter, auth.ListOptions{})
	if len(scs.Items) != 2 || scs.Items[0].Name != "Альфа" || scs.Items[1].Name != "бета" {
		t.Errorf("service centres by name: %+v", scs.Items)
	}
	ds, _ := e.store.ListTenants(ctx, auth.KindDistributor, auth.ListOptions{})
	if len(ds.Items) != 1 || ds.Items[0].ID != d.ID {
		t.Errorf("distributors: %+v", ds.Items)
	}
	if err := e.dir.SetTenantDisabled(ctx, admin, auth.KindServiceCenter, "missing", true); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("disable a missing centre: %v", err)
	}
}

func TestNewUsersNeedAFreeLoginAFreeEmailAndAnEnabledTenantOfTheirKind(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sc := e.tenant(t, auth.KindServiceCenter, "СЦ")
	d := e.tenant(t, auth.KindDistributor, "Д")
	e.user(t, identity.NewUser{Login: "ivan", Email: "ivan@example.com", Role: auth.RoleManager})
	cases := []struct {
		name  string
		in    identity.NewUser
		field string
	}{
		{"taken login", identity.NewUser{Login: "IVAN", Role: auth.RoleManager}, "login"},
		{"taken e-mail", identity.NewUser{Login: "petr", Email: "ivan@example.com", Role: auth.RoleManager}, "email"},
		{"missing centre", identity.NewUser{Login: "petr", Role: auth.RoleServiceCenter, Tenant: "nope"}, "tenant"},
		{"a distributor as a centre", identity.NewUser{Login: "petr", Role: auth.RoleServiceCenter, Tenant: d.ID}, "tenant"},
		{"a centre as a distributor", identity.NewUser{Login: "petr", Role: auth.RoleKeyUser, Tenant: sc.ID}, "tenant"},
	}
	for _, c := range cases {
		c.in.FullName, c.in.Password = "Пётр", "right-password"
		_, _, err := e.dir.CreateUser(ctx, admin, c.in)
		if f := apperr.As(err).Fields; len(f) != 1 || f[0].Field != c.field {
			t.Errorf("%s: %v, want a %s field error", c.name, err, c.field)
		}
	}
	if _, err := e.store.UserByLogin(ctx, "petr"); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("a refused user left its login behind: %v", err)
	}
	if err := e.dir.SetTenantDisabled(ctx, admin, auth.KindServiceCenter, sc.ID, true); err != nil {
		t.Fatal(err)
	}
	_, _, err := e.dir.CreateUser(ctx, admin, identity.NewUser{Login: "petr", FullName: "П", Role: auth.RoleServiceCenter, Tenant: sc.ID, Password: "right-password"})
	if f := apperr.As(err).Fields; len(f) != 1 || f[0].Field != "tenant" {
		t.Errorf("user of a disabled centre: %v", err)
	}
}

func TestSessionsExpireByTTLAndAreRevokedPerUser(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.user(t, identity.NewUser{Login: "ivan", Role: auth.RoleManager})
	a, err := e.svc.Login(ctx, "ivan", "right-password")
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.Login(ctx, "ivan", "right-password")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := e.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String(e.table), ConsistentRead: aws.Bool(true),
		Key: map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "SESSION#" + a.Session.ID}, "SK": &types.AttributeValueMemberS{Value: "SESSION"}}})
	if err != nil {
		t.Fatal(err)
	}
	if ttl, ok := raw.Item["ExpiresAt"].(*types.AttributeValueMemberN); !ok || ttl.Value != fmt.Sprint(a.Session.ExpiresAt.Unix()) {
		t.Errorf("ExpiresAt is %#v, want the epoch seconds %d as a number", raw.Item["ExpiresAt"], a.Session.ExpiresAt.Unix())
	}
	if _, err := e.svc.Authenticate(ctx, a.Token); err != nil {
		t.Fatalf("fresh session refused: %v", err)
	}
	if err := e.dir.SetUserDisabled(ctx, admin, u.ID, true); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{a.Token, b.Token} {
		if _, err := e.svc.Authenticate(ctx, tok); !errors.Is(err, identity.ErrBadToken) {
			t.Errorf("session of a disabled user: %v, want ErrBadToken", err)
		}
	}
}

func TestLockStateWritesOnlyOverTheVersionRead(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	now := e.clock.Now()
	s1 := auth.LockState{Failures: 1, LastFailure: now}
	if err := e.store.SaveLockState(ctx, "login:x", 0, s1, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := e.store.SaveLockState(ctx, "login:x", 0, s1, now.Add(time.Hour)); !errors.Is(err, auth.ErrStale) {
		t.Errorf("second create: %v, want ErrStale", err)
	}
	got, _ := e.store.LockState(ctx, "login:x")
	if got.Version != 1 || got.Failures != 1 || !got.LastFailure.Equal(now) {
		t.Errorf("read back %+v", got)
	}
	if err := e.store.ClearLockState(ctx, "login:x", 7); !errors.Is(err, auth.ErrStale) {
		t.Errorf("clear over a stale version: %v", err)
	}
	if err := e.store.ClearLockState(ctx, "login:x", 1); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.store.LockState(ctx, "login:x"); got != (auth.LockState{}) {
		t.Errorf("after clearing: %+v", got)
	}
}

func TestAuditIsNewestFirstAndRecordsWhoWhenWhat(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sc := e.tenant(t, auth.KindServiceCenter, "СЦ")
	e.clock.Advance(time.Minute)
	u := e.user(t, identity.NewUser{Login: "ivan", Role: auth.RoleServiceCenter, Tenant: sc.ID})
	e.clock.Advance(time.Minute)
	if _, err := e.dir.ResetPassword(ctx, admin, u.ID, ""); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Minute)
	if err := e.dir.Unlock(ctx, admin, u.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.dir.Unlock(ctx, admin, "nobody"); apperr.CodeOf(err) != apperr.NotFound {
		t.Errorf("unlock unknown user: %v", err)
	}
	p, err := e.store.ListAudit(ctx, auth.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range p.Items {
		actions = append(actions, a.Action)
		if a.ActorID != admin.UserID || a.At.IsZero() {
			t.Errorf("entry without who or when: %+v", a)
		}
	}
	want := []string{auth.ActionUserUnlock, auth.ActionPasswordReset, auth.ActionUserCreate, auth.ActionTenantCreate}
	if !slices.Equal(actions, want) {
		t.Errorf("audit %v, want %v", actions, want)
	}
	if p.Items[0].TargetID != u.ID || p.Items[2].Details["login"] != "ivan" {
		t.Errorf("what and on what: %+v", p.Items)
	}
}

func TestLockoutWithAnInjectedClock(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.user(t, identity.NewUser{Login: "ivan", Role: auth.RoleManager})
	status := func(password string) int {
		_, err := e.svc.Login(ctx, "ivan", password)
		if err == nil {
			return 200
		}
		return apperr.Status(apperr.CodeOf(err))
	}
	for i, want := range []int{401, 401, 423} {
		if got := status("wrong-password"); got != want {
			t.Fatalf("failure %d: %d, want %d", i+1, got, want)
		}
	}
	if got := status("right-password"); got != 423 {
		t.Fatalf("the right password during the lock: %d, want 423", got)
	}
	e.clock.Advance(15*time.Minute - time.Second)
	if got := status("right-password"); got != 423 {
		t.Fatalf("a second before the end: %d, want 423", got)
	}
	e.clock.Advance(time.Second)
	if got := status("right-password"); got != 200 {
		t.Fatalf("after 15 minutes: %d, want 200", got)
	}
}

func TestTenConcurrentWrongPasswordsLeaveTheAccountLockedWithAConsistentCounter(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.user(t, identity.NewUser{Login: "ivan", Role: auth.RoleManager})
	results := make(chan int, 10)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 10 {
		wg.Go(func() {
			<-start
			_, err := e.svc.Login(ctx, "ivan", "wrong-password")
			results <- apperr.Status(apperr.CodeOf(err))
		})
	}
	close(start)
	wg.Wait()
	close(results)
	count := map[int]int{}
	for s := range results {
		count[s]++
	}
	st, err := e.store.LockState(ctx, "user:"+u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Failures != 3 || st.Version != 3 || !st.LockedUntil.Equal(e.clock.Now().Add(15*time.Minute)) {
		t.Errorf("stored state %+v: want 3 failures written as versions 1..3 and a 15-minute lock", st)
	}
	if count[401] != 2 || count[423] != 8 {
		t.Errorf("answers %v: want two 401s and eight 423s", count)
	}
	if _, err := e.svc.Login(ctx, "ivan", "right-password"); apperr.CodeOf(err) != apperr.Locked {
		t.Errorf("the right password afterwards: %v, want locked", err)
	}
}

func TestDisablingAnOrganisationSignsItsUsersOutAndKeepsThemOut(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sc := e.tenant(t, auth.KindServiceCenter, "СЦ")
	other := e.tenant(t, auth.KindServiceCenter, "Другой СЦ")
	e.user(t, identity.NewUser{Login: "ivan", Role: auth.RoleServiceCenter, Tenant: sc.ID})
	e.user(t, identity.NewUser{Login: "olga", Role: auth.RoleServiceCenter, Tenant: other.ID})
	ivan, err := e.svc.Login(ctx, "ivan", "right-password")
	if err != nil {
		t.Fatal(err)
	}
	olga, err := e.svc.Login(ctx, "olga", "right-password")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.dir.SetTenantDisabled(ctx, admin, auth.KindServiceCenter, sc.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Authenticate(ctx, ivan.Token); !errors.Is(err, identity.ErrBadToken) {
		t.Errorf("session of a disabled centre's user: %v", err)
	}
	if _, err := e.svc.Login(ctx, "ivan", "right-password"); apperr.CodeOf(err) != apperr.Forbidden {
		t.Errorf("login to a disabled centre: %v, want forbidden", err)
	}
	if _, err := e.svc.Authenticate(ctx, olga.Token); err != nil {
		t.Errorf("another centre's user was signed out: %v", err)
	}
	if err := e.dir.SetTenantDisabled(ctx, admin, auth.KindServiceCenter, sc.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Login(ctx, "ivan", "right-password"); err != nil {
		t.Errorf("login after enabling again: %v", err)
	}
}

// A user stored before the choice existed reads as immediate; the choice is
// kept with the user (read by id and in the lists the mail jobs page
// through) and audited; an unknown user is not found.
func TestAUsersMailChoiceIsStoredAuditedAndListed(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u := e.user(t, identity.NewUser{Login: "olga", Email: "olga@example.com", Role: auth.RoleManager})
	if got, _ := e.store.User(ctx, u.ID); got.Mail != "" || got.MailMode() != auth.MailImmediate {
		t.Fatalf("default %+v", got)
	}
	if _, err := e.dir.SetOwnMailMode(ctx, u.Caller("s"), auth.MailDigest); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.store.User(ctx, u.ID); got.MailMode() != auth.MailDigest {
		t.Errorf("by id: %+v", got)
	}
	page, err := e.store.ListUsers(ctx, "", auth.ListOptions{Limit: 10})
	if err != nil || len(page.Items) != 1 || page.Items[0].MailMode() != auth.MailDigest {
		t.Errorf("listed: %+v %v", page.Items, err)
	}
	audit, err := e.store.ListAudit(ctx, auth.ListOptions{Limit: 1})
	if err != nil || len(audit.Items) != 1 || audit.Items[0].Action != auth.ActionMailMode || audit.Items[0].Details["mail"] != "digest" {
		t.Errorf("audit %+v %v", audit.Items, err)
	}
	if err := e.store.SetMailMode(ctx, "nobody", auth.MailDigest, e.clock.Now(), auth.AuditEntry{ID: "x"}); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
}
