package auth

import (
	"errors"
	"time"
)

// The identity records: plain data that the identity service (shared/identity)
// keeps and its store (shared/dynamo/identitystore) writes. They live in the
// kernel so that the store, which the scheduled jobs use to find whom to
// e-mail, does not pull the token and password code into their binaries.

// Session is one signed-in token's server-side record; logout deletes it, so
// a token without its session is refused even before it expires.
type Session struct {
	ID     string
	UserID string
	Role   Role
	Tenant string
	// CentreRole is copied from the user at login, like Role.
	CentreRole CentreRole
	CreatedAt  time.Time
	ExpiresAt  time.Time
	// PasswordChangeRequired copies the user's flag at sign-in; the change
	// ends every session, so it never has to be cleared on a live one.
	PasswordChangeRequired bool
	// Name is the user's full name (else login) at sign-in, for Caller.Name.
	Name string
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
	// ActionPasswordChange: a user changed their own password.
	ActionPasswordChange = "user.password_change"
	// ActionMailMode: a user chose immediate mails or the daily digest.
	ActionMailMode = "user.mail_mode"
	// ActionCentreRole: a centre admin changed a colleague's centre role.
	ActionCentreRole = "user.centre_role"
)

// LockState is the run of wrong passwords for one lock key (a user, or the
// login string for unknown logins). Version is the store's optimistic-lock
// counter: 0 when nothing is stored, bumped by every write.
type LockState struct {
	Failures    int
	LastFailure time.Time
	LockedUntil time.Time
	Version     int64
}

// Store errors of the directory, beside ErrNotFound and ErrStale.
var (
	// ErrLoginTaken: another user has this login.
	ErrLoginTaken = errors.New("login taken")
	// ErrEmailTaken: another user has this e-mail.
	ErrEmailTaken = errors.New("email taken")
	// ErrTenantUnavailable: the tenant does not exist or is disabled.
	ErrTenantUnavailable = errors.New("tenant unavailable")
)
