package identity

import (
	"context"
	"sync"
	"time"

	"aftersales/shared/auth"
)

// memStore is an in-memory LoginStore with the same conditional-write
// semantics as the DynamoDB adapter, for fast unit tests.
type memStore struct {
	mu       sync.Mutex
	users    map[string]auth.User // by id
	logins   map[string]string
	tenants  map[string]auth.Tenant
	locks    map[string]auth.LockState
	sessions map[string]auth.Session
	// reads counts UserByLogin reads, to show unknown and known cost the same.
	reads int
}

func newMemStore() *memStore {
	return &memStore{users: map[string]auth.User{}, logins: map[string]string{}, tenants: map[string]auth.Tenant{},
		locks: map[string]auth.LockState{}, sessions: map[string]auth.Session{}}
}

func (m *memStore) addUser(u auth.User) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.users[u.ID] = u
	m.logins[u.Login] = u.ID
	if u.Email != "" {
		m.logins[u.Email] = u.ID
	}
}

func (m *memStore) addTenant(t auth.Tenant) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tenants[string(t.Kind)+"/"+t.ID] = t
}

func (m *memStore) UserByLogin(_ context.Context, login string) (auth.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reads++
	id, ok := m.logins[login]
	if !ok {
		return auth.User{}, auth.ErrNotFound
	}
	return m.users[id], nil
}

func (m *memStore) User(_ context.Context, id string) (auth.User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u, ok := m.users[id]
	if !ok {
		return auth.User{}, auth.ErrNotFound
	}
	return u, nil
}

func (m *memStore) Tenant(_ context.Context, kind auth.TenantKind, id string) (auth.Tenant, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tenants[string(kind)+"/"+id]
	if !ok {
		return auth.Tenant{}, auth.ErrNotFound
	}
	return t, nil
}

func (m *memStore) LockState(_ context.Context, key string) (auth.LockState, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.locks[key], nil
}

func (m *memStore) SaveLockState(_ context.Context, key string, expect int64, next auth.LockState, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.locks[key].Version != expect {
		return auth.ErrStale
	}
	next.Version = expect + 1
	m.locks[key] = next
	return nil
}

func (m *memStore) ClearLockState(_ context.Context, key string, expect int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.locks[key].Version != expect {
		return auth.ErrStale
	}
	delete(m.locks, key)
	return nil
}

func (m *memStore) CreateSession(_ context.Context, s auth.Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sessions[s.ID] = s
	return nil
}

func (m *memStore) Session(_ context.Context, id string) (auth.Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[id]
	if !ok {
		return auth.Session{}, auth.ErrNotFound
	}
	return s, nil
}

func (m *memStore) DeleteSession(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, id)
	return nil
}

var _ LoginStore = (*memStore)(nil)

// fakeClock is a settable clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// plainHasher is a fast stand-in for argon2id where the hash work is not
// what a test is about: "plain:<password>".
type plainHasher struct{}

func (plainHasher) Hash(p string) (string, error) { return "plain:" + p, nil }
func (plainHasher) Verify(encoded, p string) (bool, error) {
	return encoded == "plain:"+p, nil
}
func (plainHasher) Dummy() string { return "plain:\x00nobody" }

const testSecret = "test-secret-test-secret-test-secret!"

// testWorld is a login service over a memStore with a manager, a service
// centre user and a fixed clock at 12:00 Moscow time.
type testWorld struct {
	svc   *Service
	store *memStore
	clock *fakeClock
}

func newTestWorld(t interface{ Fatal(...any) }, hasher PasswordHasher) testWorld {
	msk, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Date(2026, 3, 10, 12, 0, 0, 0, msk)}
	store := newMemStore()
	pw := func(p string) string {
		h, err := hasher.Hash(p)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	store.addTenant(auth.Tenant{ID: "sc1", Kind: auth.KindServiceCenter, Name: "СЦ Север"})
	store.addUser(auth.User{ID: "u-manager", Login: "manager", Email: "manager@example.com", Role: auth.RoleManager, PasswordHash: pw("right-password")})
	store.addUser(auth.User{ID: "u-sc", Login: "centre", Role: auth.RoleServiceCenter, Tenant: "sc1", PasswordHash: pw("right-password")})
	tokens, err := NewTokens(testSecret, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := NewService(ServiceConfig{Store: store, Hasher: hasher, Tokens: tokens, Clock: clock.Now, Location: msk})
	if err != nil {
		t.Fatal(err)
	}
	return testWorld{svc: svc, store: store, clock: clock}
}
