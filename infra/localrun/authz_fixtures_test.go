package localrun

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"aftersales/shared/auth"
	"aftersales/shared/fn/identityfn"
	"aftersales/shared/identity"
)

// The authorization matrix (testdata/authz_matrix.txt) fills {{name}}
// placeholders in its requests from these fixtures. Each call makes what the
// request needs in one tenant world — "own" (the callers' service centre and
// distributor) or "other" (a second service centre and distributor) — so one
// row is tried against the caller's own tenant and against another's.
//
// A feature whose routes take ids of its own objects registers a fixture
// (registerFixture, from an init in its authz_<feature>_test.go; e.g. "act":
// an act owned by w.ServiceCenter) and uses it in its rows.
// Fixtures make fresh objects when a request changes or deletes them, so
// rows never depend on each other and run in parallel.
var authzFixtures = map[string]fixture{
	// unique is a fresh token for names that must not repeat (logins).
	"unique": func(context.Context, *matrixEnv, world) (string, error) { return randomHex(6), nil },
	// sc and dist are the world's service centre and distributor.
	"sc":   func(_ context.Context, _ *matrixEnv, w world) (string, error) { return w.ServiceCenter, nil },
	"dist": func(_ context.Context, _ *matrixEnv, w world) (string, error) { return w.Distributor, nil },
	// newSC and newDist are fresh organisations (for routes that disable them).
	"newSC": func(ctx context.Context, e *matrixEnv, _ world) (string, error) {
		return e.newTenant(ctx, auth.KindServiceCenter)
	},
	"newDist": func(ctx context.Context, e *matrixEnv, _ world) (string, error) {
		return e.newTenant(ctx, auth.KindDistributor)
	},
	// newUser is a fresh service-centre user of the world's centre;
	// newUserLogin is a fresh one's login (password matrixPassword).
	"newUser": func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		u, err := e.newUser(ctx, auth.RoleServiceCenter, w.ServiceCenter)
		return u.ID, err
	},
	"newUserLogin": func(ctx context.Context, e *matrixEnv, w world) (string, error) {
		u, err := e.newUser(ctx, auth.RoleServiceCenter, w.ServiceCenter)
		return u.Login, err
	},
}

// registerFixture adds f to authzFixtures as name. Feature files register
// their fixtures from init functions; a name taken twice panics at start, as
// a plain assignment would let one file's fixture silently replace another's
// (which of the two depends on the order Go runs the files' inits in).
func registerFixture(name string, f fixture) {
	if _, taken := authzFixtures[name]; taken {
		panic(fmt.Sprintf("authz fixture %q registered twice", name))
	}
	authzFixtures[name] = f
}

func TestRegisterFixtureRefusesATakenNameAndKeepsTheFirst(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal(`registering "sc" a second time did not panic`)
		}
		got, err := authzFixtures["sc"](context.Background(), nil, world{ServiceCenter: "sc-own"})
		if got != "sc-own" || err != nil {
			t.Fatalf(`after the refused registration "sc" gives %q, %v; want the first fixture's "sc-own"`, got, err)
		}
	}()
	registerFixture("sc", func(context.Context, *matrixEnv, world) (string, error) { return "replaced", nil })
}

// matrixPassword is every fixture user's password.
const matrixPassword = "matrix-password-1"

type fixture func(ctx context.Context, e *matrixEnv, w world) (string, error)

// world is one side of the tenant boundary.
type world struct {
	Name                       string // "own" or "other"
	ServiceCenter, Distributor string
}

// matrixEnv is what fixtures build on: the runner's identity services, the
// two worlds, and one user per role. The tenant-scoped callers belong to the
// own world.
type matrixEnv struct {
	srv     *Server
	id      *identityfn.Identity
	tokens  *identity.Tokens
	own     world
	other   world
	callers map[auth.Role]auth.User
}

var matrixActor = auth.Caller{UserID: "authz-matrix", Role: auth.RoleAdmin}

var (
	matrixOnce sync.Once
	matrixVal  *matrixEnv
	matrixErr  error
)

// matrix returns the shared matrix environment on the test runner.
func matrix(t *testing.T) *matrixEnv {
	t.Helper()
	srv, _ := integration(t)
	matrixOnce.Do(func() { matrixVal, matrixErr = newMatrixEnv(context.Background(), srv) })
	if matrixErr != nil {
		t.Fatal(matrixErr)
	}
	return matrixVal
}

func newMatrixEnv(ctx context.Context, srv *Server) (*matrixEnv, error) {
	id, err := identityfn.Services(srv.Env())
	if err != nil {
		return nil, err
	}
	tokens, err := identity.NewTokens(srv.Env().Config.TokenSecret, time.Now)
	if err != nil {
		return nil, err
	}
	e := &matrixEnv{srv: srv, id: id, tokens: tokens, callers: map[auth.Role]auth.User{}}
	for _, w := range []*world{&e.own, &e.other} {
		if w.ServiceCenter, err = e.newTenant(ctx, auth.KindServiceCenter); err != nil {
			return nil, err
		}
		if w.Distributor, err = e.newTenant(ctx, auth.KindDistributor); err != nil {
			return nil, err
		}
	}
	e.own.Name, e.other.Name = "own", "other"
	for _, r := range auth.Roles {
		tenant := ""
		switch r {
		case auth.RoleServiceCenter:
			tenant = e.own.ServiceCenter
		case auth.RoleKeyUser:
			tenant = e.own.Distributor
		}
		if e.callers[r], err = e.newUser(ctx, r, tenant); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func (e *matrixEnv) newTenant(ctx context.Context, kind auth.TenantKind) (string, error) {
	t, err := e.id.Directory.CreateTenant(ctx, matrixActor, kind, identity.NewTenant{Name: "Матрица " + randomHex(4)})
	return t.ID, err
}

func (e *matrixEnv) newUser(ctx context.Context, role auth.Role, tenant string) (auth.User, error) {
	u, _, err := e.id.Directory.CreateUser(ctx, matrixActor, identity.NewUser{Login: "m-" + randomHex(6),
		FullName: "Пользователь матрицы", Role: role, Tenant: tenant, Password: matrixPassword})
	if err != nil {
		return auth.User{}, fmt.Errorf("create %s user: %w", role, err)
	}
	return u, nil
}

// token opens a fresh session for the caller of a role, as login would, so
// that a request which logs out or is refused never affects another.
func (e *matrixEnv) token(ctx context.Context, role auth.Role) (string, error) {
	return e.session(ctx, role, false)
}

// session is token with the forced password change of an admin's reset when changeRequired.
func (e *matrixEnv) session(ctx context.Context, role auth.Role, changeRequired bool) (string, error) {
	u := e.callers[role]
	return e.open(ctx, auth.Session{UserID: u.ID, Role: u.Role, Tenant: u.Tenant, PasswordChangeRequired: changeRequired})
}

// open stores session s under a fresh id for the next hour and issues its
// token, as login does.
func (e *matrixEnv) open(ctx context.Context, s auth.Session) (string, error) {
	now := time.Now()
	s.ID, s.CreatedAt, s.ExpiresAt = "matrix-"+randomHex(16), now, now.Add(time.Hour)
	if err := e.id.Store.CreateSession(ctx, s); err != nil {
		return "", err
	}
	return e.tokens.Issue(s)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
