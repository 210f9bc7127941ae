package auth

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/oklog/ulid/v2"
)

// Clock tells the time. Services take one so tests can move time (lockouts,
// token expiry) without sleeping.
type Clock func() time.Time

// IDGen makes new object ids. ULIDs in production (sortable, unguessable
// enough for ids that are never secrets); a counter in tests.
type IDGen func() string

// NewULID is the production IDGen.
func NewULID() string { return ulid.Make().String() }

// newSessionID returns 128 random bits: a session id is carried inside a
// signed token, but it is also the key logout deletes, so it must not be
// predictable from another session's id the way sequential ULIDs can be.
func newSessionID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// TenantKind tells service centres from distributors. Users of each kind are
// scoped to one tenant of that kind, so the kind follows from the role.
type TenantKind string

// The two kinds of tenant of identity.md.
const (
	KindServiceCenter TenantKind = "service_center"
	KindDistributor   TenantKind = "distributor"
)

// TenantKindOf returns the kind of tenant a role belongs to; staff belong to none.
func TenantKindOf(r Role) (TenantKind, bool) {
	switch r {
	case RoleServiceCenter:
		return KindServiceCenter, true
	case RoleKeyUser:
		return KindDistributor, true
	}
	return "", false
}

// Tenant is a service centre or a distributor: the organisation whose users
// see only its own data.
type Tenant struct {
	ID        string
	Kind      TenantKind
	Name      string
	City      string
	Email     string
	Phone     string
	Disabled  bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// User is an account. PasswordHash never leaves the auth and store packages.
type User struct {
	ID       string
	Login    string // lower case, unique
	Email    string // lower case, unique when set; may be used to sign in
	FullName string
	Role     Role
	// Tenant is fixed by an admin at creation: a service centre id for
	// service_center users, a distributor id for key_user users, empty for staff.
	Tenant       string
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Caller returns the identity a session of this user carries.
func (u User) Caller(sessionID string) Caller {
	return Caller{UserID: u.ID, Role: u.Role, Tenant: u.Tenant, SessionID: sessionID}
}

// Session is one signed-in token's server-side record; logout deletes it, so
// a token without its session is refused even before it expires.
type Session struct {
	ID        string
	UserID    string
	Role      Role
	Tenant    string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// AuditEntry records one administrative action: who, when, what, on what.
// It is written in the same transaction as the action, so neither exists
// without the other.
type AuditEntry struct {
	ID         string
	At         time.Time
	ActorID    string
	ActorLogin string
	ActorRole  Role
	Action     string // e.g. "user.create", see the Action… constants
	TargetType string // "service_center", "distributor", "user"
	TargetID   string
	// Details are non-secret facts about the action (never a password).
	Details map[string]string
}

// The audited actions.
const (
	ActionTenantCreate  = "tenant.create"
	ActionTenantDisable = "tenant.disable"
	ActionTenantEnable  = "tenant.enable"
	ActionUserCreate    = "user.create"
	ActionUserDisable   = "user.disable"
	ActionUserEnable    = "user.enable"
	ActionPasswordReset = "user.password_reset"
	ActionUserUnlock    = "user.unlock"
)

// ListOptions pages a list: at most Limit items after the opaque Cursor a
// previous page returned.
type ListOptions struct {
	Limit  int
	Cursor string
}

// Page is one page of a list; Next is empty on the last page.
type Page[T any] struct {
	Items []T
	Next  string
}

// Store errors: the contract between the services here and their adapters.
var (
	// ErrNotFound: no such item.
	ErrNotFound = errors.New("not found")
	// ErrStale: a conditional write lost to a concurrent one; re-read and retry.
	ErrStale = errors.New("stale version")
	// ErrLoginTaken: another user has this login.
	ErrLoginTaken = errors.New("login taken")
	// ErrEmailTaken: another user has this e-mail.
	ErrEmailTaken = errors.New("email taken")
	// ErrTenantUnavailable: the tenant does not exist or is disabled.
	ErrTenantUnavailable = errors.New("tenant unavailable")
	// ErrBadCursor: a page cursor that this list did not hand out.
	ErrBadCursor = errors.New("bad cursor")
)

// timeNow is the default Clock.
func timeNow() time.Time { return time.Now() }
