package identity

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// answer is what a client would see of an error: status and JSON body.
func answer(t *testing.T, err error) (int, string) {
	t.Helper()
	if err == nil {
		return 200, ""
	}
	e := apperr.As(err)
	b, _ := json.Marshal(struct {
		Code             apperr.Code
		Message, English string
		Fields           []apperr.FieldError
		Details          map[string]any
	}{e.Code, e.Message, e.MessageEN, e.Fields, e.Details})
	return apperr.Status(e.Code), string(b)
}

func login(t *testing.T, w testWorld, user, password string) (int, string) {
	t.Helper()
	_, err := w.svc.Login(context.Background(), user, password)
	return answer(t, err)
}

func TestThreeWrongPasswordsLockTheAccountForFifteenMinutesFromTheLastFailure(t *testing.T) {
	w := newTestWorld(t, plainHasher{})
	for i, want := range []int{401, 401, 423} {
		if got, body := login(t, w, "manager", "wrong-password"); got != want {
			t.Fatalf("wrong password #%d: status %d, want %d (%s)", i+1, got, want, body)
		}
		w.clock.Advance(time.Minute) // failures at 12:00, 12:01, 12:02 Moscow
	}
	// The lock runs 15 minutes from the last failure: until 12:17 Moscow.
	w.clock.Advance(5 * time.Minute) // 12:08
	_, err := w.svc.Login(context.Background(), "manager", "right-password")
	e := apperr.As(err)
	if e.Code != apperr.Locked {
		t.Fatalf("the right password during the lock: %v, want locked", err)
	}
	if got, want := e.Details["retryAt"], "2026-03-10T09:17:00Z"; got != want {
		t.Errorf("retryAt = %v, want %v", got, want)
	}
	if !strings.Contains(e.Message, "12:17 10.03.2026 (МСК)") {
		t.Errorf("message does not say when in Moscow time: %q", e.Message)
	}
	w.clock.Advance(8*time.Minute + 59*time.Second) // 12:16:59
	if got, _ := login(t, w, "manager", "right-password"); got != 423 {
		t.Fatalf("a second before the lock ends: %d, want 423", got)
	}
	w.clock.Advance(time.Second) // 12:17:00
	if got, body := login(t, w, "manager", "right-password"); got != 200 {
		t.Fatalf("when the lock ends: %d, want 200 (%s)", got, body)
	}
	if st, _ := w.store.LockState(context.Background(), userLockKey("u-manager")); st.Version != 0 {
		t.Errorf("the streak was not cleared by a successful login: %+v", st)
	}
}

func TestASuccessfulLoginResetsTheCounter(t *testing.T) {
	w := newTestWorld(t, plainHasher{})
	for _, step := range []struct {
		password string
		want     int
	}{{"wrong-1", 401}, {"wrong-2", 401}, {"right-password", 200}, {"wrong-3", 401}, {"wrong-4", 401}, {"right-password", 200}} {
		if got, body := login(t, w, "manager", step.password); got != step.want {
			t.Fatalf("%s: %d, want %d (%s)", step.password, got, step.want, body)
		}
	}
}

func TestAfterTheLockEndsTheCountStartsAgain(t *testing.T) {
	w := newTestWorld(t, plainHasher{})
	for range 3 {
		login(t, w, "manager", "wrong")
	}
	w.clock.Advance(15 * time.Minute)
	if got, _ := login(t, w, "manager", "wrong"); got != 401 {
		t.Fatalf("first failure after the lock: %d, want 401 (a fresh streak)", got)
	}
}

func TestLoginNameAndEmailShareOneStreak(t *testing.T) {
	w := newTestWorld(t, plainHasher{})
	login(t, w, "manager", "wrong")
	login(t, w, "MANAGER@example.com", "wrong")
	if got, _ := login(t, w, " manager ", "wrong"); got != 423 {
		t.Fatalf("third failure across login and e-mail: %d, want 423", got)
	}
}

func TestUnknownLoginsAnswerAndLockExactlyLikeWrongPasswords(t *testing.T) {
	w := newTestWorld(t, plainHasher{})
	for i := range 4 {
		known, knownBody := login(t, w, "manager", "wrong-password")
		unknown, unknownBody := login(t, w, "nobody", "wrong-password")
		if known != unknown || knownBody != unknownBody {
			t.Fatalf("attempt %d differs:\n known   %d %s\n unknown %d %s", i+1, known, knownBody, unknown, unknownBody)
		}
	}
}

// countingHasher counts password verifications and records the argon2id
// parameters of each hash verified against.
type countingHasher struct {
	PasswordHasher
	mu       sync.Mutex
	verifies int
	params   []Argon2id
}

func (c *countingHasher) Verify(encoded, password string) (bool, error) {
	c.mu.Lock()
	c.verifies++
	p, _, _, err := ParseArgon2id(encoded)
	c.params = append(c.params, p)
	c.mu.Unlock()
	if err != nil {
		return false, err
	}
	return c.PasswordHasher.Verify(encoded, password)
}

func (c *countingHasher) reset() (int, []Argon2id, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, p := c.verifies, c.params
	c.verifies, c.params = 0, nil
	return n, p, 0
}

func TestUnknownLoginAndWrongPasswordDoTheSameHashWork(t *testing.T) {
	h := &countingHasher{PasswordHasher: OWASP}
	w := newTestWorld(t, h)
	h.reset()
	readsBefore := w.store.reads

	_, wrongBody := login(t, w, "manager", "wrong-password")
	wrongN, wrongParams, _ := h.reset()
	wrongReads := w.store.reads - readsBefore

	_, unknownBody := login(t, w, "nobody-at-all", "wrong-password")
	unknownN, unknownParams, _ := h.reset()
	unknownReads := w.store.reads - readsBefore - wrongReads

	if wrongN != 1 || unknownN != 1 {
		t.Fatalf("verifications: wrong password %d, unknown login %d; want one each", wrongN, unknownN)
	}
	if wrongParams[0] != unknownParams[0] || wrongParams[0] != OWASP {
		t.Errorf("hash parameters differ: wrong password %+v, unknown login %+v, want %+v", wrongParams[0], unknownParams[0], OWASP)
	}
	if wrongReads != unknownReads {
		t.Errorf("user lookups: wrong password %d, unknown login %d", wrongReads, unknownReads)
	}
	if wrongBody != unknownBody {
		t.Errorf("answers differ:\n wrong   %s\n unknown %s", wrongBody, unknownBody)
	}
}

func TestConcurrentWrongPasswordsNeverSlipPastTheLimit(t *testing.T) {
	w := newTestWorld(t, plainHasher{})
	statuses := make(chan int, 10)
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			got, _ := login(t, w, "centre", "wrong-password")
			statuses <- got
		})
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	st, _ := w.store.LockState(context.Background(), userLockKey("u-sc"))
	if st.Failures != 3 || st.Version != 3 || st.LockedUntil.IsZero() {
		t.Errorf("lock state after 10 concurrent failures: %+v, want exactly 3 failures in 3 writes and a lock", st)
	}
	if count[401] != 2 || count[423] != 8 {
		t.Errorf("answers %v, want 2×401 then 8×423", count)
	}
}

func TestDisabledAccountsAndOrganisationsCannotSignIn(t *testing.T) {
	w := newTestWorld(t, plainHasher{})
	u, _ := w.store.User(context.Background(), "u-manager")
	u.Disabled = true
	w.store.addUser(u)
	if got, _ := login(t, w, "manager", "right-password"); got != 403 {
		t.Errorf("disabled user: %d, want 403", got)
	}
	if got, _ := login(t, w, "manager", "wrong"); got != 401 {
		t.Errorf("disabled user with a wrong password: %d, want 401 like anyone", got)
	}
	w.store.addTenant(auth.Tenant{ID: "sc1", Kind: auth.KindServiceCenter, Name: "СЦ Север", Disabled: true})
	if got, _ := login(t, w, "centre", "right-password"); got != 403 {
		t.Errorf("user of a disabled service centre: %d, want 403", got)
	}
}

func TestEmptyOrOversizedCredentialsAreA400(t *testing.T) {
	w := newTestWorld(t, plainHasher{})
	for _, c := range [][2]string{{"", "x"}, {"manager", ""}, {strings.Repeat("a", 300), "x"}, {"manager", strings.Repeat("p", 300)}} {
		if got, _ := login(t, w, c[0], c[1]); got != 400 {
			t.Errorf("login %.10q password %.10q: %d, want 400", c[0], c[1], got)
		}
	}
}

func TestAnOverlongPasswordIsCalledTooLongNotMissing(t *testing.T) {
	w := newTestWorld(t, plainHasher{})
	_, err := w.svc.Login(context.Background(), "manager", strings.Repeat("p", MaxPasswordLen+1))
	e := apperr.As(err)
	if e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "password" || e.Fields[0].Code != "too_long" ||
		!strings.Contains(e.Fields[0].Message, "не длиннее 256") {
		t.Errorf("a 257-character password: %v %+v, want password:too_long saying at most 256", e.Code, e.Fields)
	}
}

func TestASessionWorksUntilLogoutOrExpiry(t *testing.T) {
	w := newTestWorld(t, plainHasher{})
	ctx := context.Background()
	res, err := w.svc.Login(ctx, "centre", "right-password")
	if err != nil {
		t.Fatal(err)
	}
	if res.Tenant == nil || res.Tenant.Name != "СЦ Север" {
		t.Errorf("login did not return the organisation: %+v", res.Tenant)
	}
	c, err := w.svc.Authenticate(ctx, res.Token)
	if err != nil || c.UserID != "u-sc" || c.Role != auth.RoleServiceCenter || c.Tenant != "sc1" || c.SessionID != res.Session.ID {
		t.Fatalf("Authenticate = %+v, %v", c, err)
	}
	if err := w.svc.Logout(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Authenticate(ctx, res.Token); !errors.Is(err, ErrBadToken) {
		t.Errorf("after logout: %v, want ErrBadToken", err)
	}

	res, _ = w.svc.Login(ctx, "centre", "right-password")
	w.clock.Advance(DefaultTokenTTL + time.Minute)
	if _, err := w.svc.Authenticate(ctx, res.Token); !errors.Is(err, ErrBadToken) {
		t.Errorf("after expiry: %v, want ErrBadToken", err)
	}
}

func TestATokenWhoseSessionDisagreesIsRefused(t *testing.T) {
	w := newTestWorld(t, plainHasher{})
	ctx := context.Background()
	res, err := w.svc.Login(ctx, "centre", "right-password")
	if err != nil || res.Token == "" {
		t.Fatalf("login: %+v, %v", res, err)
	}
	if _, err := w.svc.Authenticate(ctx, res.Token); err != nil {
		t.Fatalf("the token before its session was changed: %v", err)
	}
	s := res.Session
	s.Tenant = "sc2" // the stored session says another tenant
	if err := w.store.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Authenticate(ctx, res.Token); !errors.Is(err, ErrBadToken) {
		t.Errorf("got %v, want ErrBadToken", err)
	}
}
