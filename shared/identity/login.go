package identity

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// DefaultTokenTTL is a working day with margin, inside identity.md's 12 hours.
const DefaultTokenTTL = 12 * time.Hour

// maxLockRetries bounds how often a login re-reads a lock state that a
// concurrent attempt changed; each retry means another attempt made progress.
const maxLockRetries = 32

// Service signs people in and out and checks tokens.
type Service struct {
	store   LoginStore
	hasher  PasswordHasher
	dummy   string
	tokens  *Tokens
	lockout Lockout
	now     auth.Clock
	ttl     time.Duration
	loc     *time.Location
}

// ServiceConfig is what NewService needs; zero Lockout, TokenTTL, Clock and
// Location take the defaults.
type ServiceConfig struct {
	Store    LoginStore
	Hasher   PasswordHasher
	Tokens   *Tokens
	Lockout  Lockout
	TokenTTL time.Duration
	Clock    auth.Clock
	// Location is the business time zone the lockout message shows times in.
	Location *time.Location
}

// NewService checks the configuration and builds the service.
func NewService(c ServiceConfig) (*Service, error) {
	if c.Store == nil || c.Hasher == nil || c.Tokens == nil {
		return nil, errors.New("auth service needs a store, a hasher and a token signer")
	}
	if c.Lockout == (Lockout{}) {
		c.Lockout = DefaultLockout
	}
	if c.TokenTTL == 0 {
		c.TokenTTL = DefaultTokenTTL
	}
	if c.TokenTTL > MaxTokenTTL {
		return nil, fmt.Errorf("token TTL %s over the %s limit", c.TokenTTL, MaxTokenTTL)
	}
	c.Clock = c.Clock.OrNow()
	if c.Location == nil {
		c.Location = time.UTC
	}
	return &Service{store: c.Store, hasher: c.Hasher, dummy: c.Hasher.Dummy(), tokens: c.Tokens,
		lockout: c.Lockout, now: c.Clock, ttl: c.TokenTTL, loc: c.Location}, nil
}

// LoginResult is a new session, its token and who signed in.
type LoginResult struct {
	Token   string
	Session auth.Session
	User    auth.User
	// Tenant is the user's organisation; nil for staff.
	Tenant *auth.Tenant
}

// ErrBadCredentials is the one answer for an unknown login and for a wrong
// password, so that logins cannot be enumerated.
var ErrBadCredentials = apperr.New(apperr.Unauthorized, "Неверный логин или пароль", "Wrong login or password")

var (
	errUserDisabled   = apperr.New(apperr.Forbidden, "Учётная запись отключена. Обратитесь к администратору", "This account is disabled; contact an administrator")
	errTenantDisabled = apperr.New(apperr.Forbidden, "Организация отключена. Обратитесь к администратору", "This organisation is disabled; contact an administrator")
)

// NormalizeLogin is how logins and e-mails are compared and stored.
func NormalizeLogin(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Lock keys: a known user's streak is kept by user id (so login name and
// e-mail share it); an unknown login's by the string tried, so unknown logins
// lock exactly like real ones.
func userLockKey(userID string) string { return "user:" + userID }
func loginLockKey(login string) string { return "login:" + login }

// Login checks a login (or e-mail) and password and opens a session.
//
// Unknown logins and wrong passwords take the same path: one lock-state
// read, one password verification (against a dummy hash with the same
// parameters for unknown logins), one lock-state write, and the same error.
func (s *Service) Login(ctx context.Context, login, password string) (LoginResult, error) {
	id := NormalizeLogin(login)
	var fields []apperr.FieldError
	if id == "" || utf8.RuneCountInString(id) > 254 {
		fields = append(fields, apperr.FieldError{Field: "login", Code: "required", Message: "Введите логин или e-mail", MessageEN: "Enter your login or e-mail"})
	}
	switch {
	case password == "":
		fields = append(fields, apperr.FieldError{Field: "password", Code: "required", Message: "Введите пароль", MessageEN: "Enter your password"})
	case utf8.RuneCountInString(password) > MaxPasswordLen:
		// No account has a longer one; hashing it would only cost time.
		fields = append(fields, CheckPassword("password", password, "")...)
	}
	if len(fields) > 0 {
		return LoginResult{}, apperr.WithFields(fields)
	}
	now := s.now()
	user, err := s.store.UserByLogin(ctx, id)
	known := err == nil
	if err != nil && !errors.Is(err, auth.ErrNotFound) {
		return LoginResult{}, apperr.Wrap(err, "find user to sign in")
	}
	key, hash := loginLockKey(id), s.dummy
	if known {
		key, hash = userLockKey(user.ID), user.PasswordHash
	}
	state, err := s.store.LockState(ctx, key)
	if err != nil {
		return LoginResult{}, apperr.Wrap(err, "read lock state")
	}
	if until, locked := s.lockout.Locked(s.lockout.Current(state, now), now); locked {
		return LoginResult{}, s.lockedError(until)
	}
	ok, err := s.hasher.Verify(hash, password)
	if err != nil {
		return LoginResult{}, apperr.Wrap(err, "verify password of "+key)
	}
	if !ok || !known {
		return LoginResult{}, s.recordFailure(ctx, key, state, now)
	}
	if user.Disabled {
		return LoginResult{}, errUserDisabled
	}
	tenant, err := s.tenantOf(ctx, user)
	if err != nil {
		return LoginResult{}, err
	}
	if tenant != nil && tenant.Disabled {
		return LoginResult{}, errTenantDisabled
	}
	if err := s.recordSuccess(ctx, key, state, now); err != nil {
		return LoginResult{}, err
	}
	sess := auth.Session{ID: newSessionID(), UserID: user.ID, Role: user.Role, Tenant: user.Tenant, CentreRole: user.CentreRole, CreatedAt: now, ExpiresAt: now.Add(s.ttl),
		PasswordChangeRequired: user.PasswordChangeRequired, Name: cmp.Or(user.FullName, user.Login)}
	token, err := s.tokens.Issue(sess)
	if err != nil {
		return LoginResult{}, apperr.Wrap(err, "issue token")
	}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return LoginResult{}, apperr.Wrap(err, "store session")
	}
	return LoginResult{Token: token, Session: sess, User: user, Tenant: tenant}, nil
}

// recordFailure adds one failure to the streak with a conditional write,
// re-reading and recomputing when a concurrent attempt wrote first, so that
// N simultaneous wrong passwords count exactly N — or stop at the lock.
func (s *Service) recordFailure(ctx context.Context, key string, state auth.LockState, now time.Time) error {
	for range maxLockRetries {
		cur := s.lockout.Current(state, now)
		if until, locked := s.lockout.Locked(cur, now); locked {
			return s.lockedError(until) // a concurrent attempt locked it first
		}
		next := s.lockout.Fail(cur, now)
		err := s.store.SaveLockState(ctx, key, state.Version, next, s.lockout.ExpiresAt(next))
		if err == nil {
			if until, locked := s.lockout.Locked(next, now); locked {
				return s.lockedError(until)
			}
			return ErrBadCredentials
		}
		if !errors.Is(err, auth.ErrStale) {
			return apperr.Wrap(err, "record failed login")
		}
		if state, err = s.store.LockState(ctx, key); err != nil {
			return apperr.Wrap(err, "re-read lock state")
		}
	}
	return apperr.Wrap(errors.New("lock state kept changing"), "record failed login for "+key)
}

// recordSuccess ends the streak. If a concurrent wrong password locked the
// key after this attempt read it, the lock wins.
func (s *Service) recordSuccess(ctx context.Context, key string, state auth.LockState, now time.Time) error {
	for range maxLockRetries {
		if state.Version == 0 {
			return nil
		}
		if until, locked := s.lockout.Locked(s.lockout.Current(state, now), now); locked {
			return s.lockedError(until)
		}
		err := s.store.ClearLockState(ctx, key, state.Version)
		if err == nil {
			return nil
		}
		if !errors.Is(err, auth.ErrStale) {
			return apperr.Wrap(err, "reset failed logins")
		}
		if state, err = s.store.LockState(ctx, key); err != nil {
			return apperr.Wrap(err, "re-read lock state")
		}
	}
	return apperr.Wrap(errors.New("lock state kept changing"), "reset failed logins for "+key)
}

// lockedError is the 423 answer: when to try again, as a machine-readable
// instant and in people's words in the business time zone.
func (s *Service) lockedError(until time.Time) error {
	shown := until.In(s.loc)
	if shown.Second() > 0 || shown.Nanosecond() > 0 { // never tell people a minute that is still locked
		shown = shown.Truncate(time.Minute).Add(time.Minute)
	}
	at := shown.Format("15:04 02.01.2006")
	return &apperr.Error{
		Code: apperr.Locked,
		Message: fmt.Sprintf("Вход временно заблокирован после %d неудачных попыток подряд. Повторите попытку после %s (%s)",
			s.lockout.MaxFailures, at, zoneLabel(shown)),
		MessageEN: fmt.Sprintf("Sign-in is locked after %d failed attempts in a row. Try again after %s (%s)",
			s.lockout.MaxFailures, at, shown.Format("MST")),
		Details: map[string]any{"retryAt": until.UTC().Format(time.RFC3339)},
	}
}

func zoneLabel(t time.Time) string {
	if t.Location().String() == "Europe/Moscow" {
		return "МСК"
	}
	return t.Format("MST")
}

func (s *Service) tenantOf(ctx context.Context, u auth.User) (*auth.Tenant, error) {
	kind, scoped := auth.TenantKindOf(u.Role)
	if !scoped {
		return nil, nil
	}
	t, err := s.store.Tenant(ctx, kind, u.Tenant)
	if errors.Is(err, auth.ErrNotFound) {
		return nil, apperr.Wrap(err, fmt.Sprintf("user %s has missing %s %s", u.ID, kind, u.Tenant))
	}
	if err != nil {
		return nil, apperr.Wrap(err, "read tenant of user "+u.ID)
	}
	return &t, nil
}

// Authenticate turns a token into its caller, for the authorizer. The token
// must be valid and its session still stored (logout and admin actions
// delete sessions). Every refusal is ErrBadToken; other errors are the
// store's.
func (s *Service) Authenticate(ctx context.Context, token string) (auth.Caller, error) {
	c, err := s.tokens.Parse(token)
	if err != nil {
		return auth.Caller{}, ErrBadToken
	}
	sess, err := s.store.Session(ctx, c.SessionID)
	if errors.Is(err, auth.ErrNotFound) {
		return auth.Caller{}, ErrBadToken
	}
	if err != nil {
		return auth.Caller{}, fmt.Errorf("read session: %w", err)
	}
	if sess.UserID != c.UserID || sess.Role != c.Role || sess.Tenant != c.Tenant || !s.now().Before(sess.ExpiresAt) {
		return auth.Caller{}, ErrBadToken
	}
	if _, scoped := auth.TenantKindOf(c.Role); scoped && c.Tenant == "" {
		return auth.Caller{}, ErrBadToken
	}
	// The centre role lives only in the session, which is read anyway: a
	// token cannot claim one.
	c.CentreRole = sess.CentreRole
	c.PasswordChangeRequired, c.Name = sess.PasswordChangeRequired, sess.Name
	return c, nil
}

// Logout revokes the caller's session.
func (s *Service) Logout(ctx context.Context, c auth.Caller) error {
	if err := s.store.DeleteSession(ctx, c.SessionID); err != nil {
		return apperr.Wrap(err, "delete session")
	}
	return nil
}

// Me returns the signed-in user and their organisation (nil for staff).
func (s *Service) Me(ctx context.Context, c auth.Caller) (auth.User, *auth.Tenant, error) {
	u, err := s.store.User(ctx, c.UserID)
	if errors.Is(err, auth.ErrNotFound) {
		return auth.User{}, nil, apperr.New(apperr.Unauthorized, "Требуется вход в систему", "Sign in first")
	}
	if err != nil {
		return auth.User{}, nil, apperr.Wrap(err, "read user")
	}
	t, err := s.tenantOf(ctx, u)
	return u, t, err
}

// TokenTTL is how long a new session lasts, for the cookie's Max-Age.
func (s *Service) TokenTTL() time.Duration { return s.ttl }
