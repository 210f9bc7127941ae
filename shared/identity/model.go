// Package identity is the identity service: signing in (passwords, lockout,
// sessions, signed tokens), the authorizer's token check, and the admin
// directory of organisations and users with its audit log. It builds on the
// auth kernel; only the authorizer, the identity API and the admin tools
// link it (and with it the JWT and Argon2 code).
package identity

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"aftersales/shared/auth"
)

// newSessionID returns 128 random bits: a session id is carried inside a
// signed token, but it is also the key logout deletes, so it must not be
// predictable from another session's id the way sequential ULIDs can be.
func newSessionID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Session is one signed-in token's server-side record; logout deletes it, so
// a token without its session is refused even before it expires.
type Session struct {
	ID        string
	UserID    string
	Role      auth.Role
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
	ActorRole  auth.Role
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

// Store errors of the directory, beside auth's ErrNotFound and ErrStale.
var (
	// ErrLoginTaken: another user has this login.
	ErrLoginTaken = errors.New("login taken")
	// ErrEmailTaken: another user has this e-mail.
	ErrEmailTaken = errors.New("email taken")
	// ErrTenantUnavailable: the tenant does not exist or is disabled.
	ErrTenantUnavailable = errors.New("tenant unavailable")
)
