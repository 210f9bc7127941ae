package identity

import (
	"context"
	"time"

	"aftersales/shared/auth"
)

// The ports of this package, declared here where they are used and
// implemented by shared/dynamo. Each is as small as its service needs.

// SessionStore keeps the server side of tokens.
type SessionStore interface {
	CreateSession(ctx context.Context, s auth.Session) error
	// Session returns ErrNotFound for a revoked (or never created) session.
	Session(ctx context.Context, id string) (auth.Session, error)
	DeleteSession(ctx context.Context, id string) error
}

// LoginStore is what signing in needs.
type LoginStore interface {
	SessionStore
	// UserByLogin finds a user by login or e-mail (already normalised);
	// ErrNotFound when none. It costs the same reads either way.
	UserByLogin(ctx context.Context, login string) (auth.User, error)
	// User finds a user by id; ErrNotFound when none.
	User(ctx context.Context, id string) (auth.User, error)
	// Tenant finds a service centre or distributor; ErrNotFound when none.
	Tenant(ctx context.Context, kind auth.TenantKind, id string) (auth.Tenant, error)
	// LockState reads a lock key's state (Version 0 when none is stored).
	LockState(ctx context.Context, key string) (auth.LockState, error)
	// SaveLockState writes next as version expect+1, only if the stored
	// version is still expect; ErrStale otherwise. expiresAt lets the store
	// drop the item once it no longer matters.
	SaveLockState(ctx context.Context, key string, expect int64, next auth.LockState, expiresAt time.Time) error
	// ClearLockState deletes the state only if its version is still expect; ErrStale otherwise.
	ClearLockState(ctx context.Context, key string, expect int64) error
}

// DirectoryStore is what administering organisations and users needs. Every
// change takes the AuditEntry that records it and writes both atomically.
type DirectoryStore interface {
	User(ctx context.Context, id string) (auth.User, error)
	UserByLogin(ctx context.Context, login string) (auth.User, error)
	Tenant(ctx context.Context, kind auth.TenantKind, id string) (auth.Tenant, error)

	// CreateTenant fails with ErrTenantUnavailable if the id is taken.
	CreateTenant(ctx context.Context, t auth.Tenant, a auth.AuditEntry) error
	ListTenants(ctx context.Context, kind auth.TenantKind, o auth.ListOptions) (auth.Page[auth.Tenant], error)
	// SetTenantDisabled returns ErrNotFound for an unknown tenant.
	SetTenantDisabled(ctx context.Context, kind auth.TenantKind, id string, disabled bool, at time.Time, a auth.AuditEntry) error

	// CreateUser fails with ErrLoginTaken, ErrEmailTaken or ErrTenantUnavailable
	// (the user's tenant is missing or disabled).
	CreateUser(ctx context.Context, u auth.User, a auth.AuditEntry) error
	// ListUsers lists all users, or only one tenant's when tenant is set.
	ListUsers(ctx context.Context, tenant string, o auth.ListOptions) (auth.Page[auth.User], error)
	// SetUserDisabled and SetPasswordHash return ErrNotFound for an unknown user.
	SetUserDisabled(ctx context.Context, id string, disabled bool, at time.Time, a auth.AuditEntry) error
	// changeRequired makes the user choose their own password at next sign-in.
	SetPasswordHash(ctx context.Context, id, hash string, changeRequired bool, at time.Time, a auth.AuditEntry) error
	// SetMailMode stores the user's choice of immediate mails or the daily
	// digest; ErrNotFound for an unknown user.
	SetMailMode(ctx context.Context, id string, mode auth.MailMode, at time.Time, a auth.AuditEntry) error
	// LockStates reads many lock keys' states; keys with none stored are absent.
	LockStates(ctx context.Context, keys []string) (map[string]auth.LockState, error)
	// Unlock deletes a user's lock state; ErrNotFound for an unknown user.
	Unlock(ctx context.Context, userID, lockKey string, a auth.AuditEntry) error
	// SetStaffAccess writes a centre user's centre role and disabled flag
	// with its audit entry, on condition that the user guardAdmin is still an
	// enabled centre admin of tenant, so a centre keeps an admin whatever
	// runs at once; ErrNotFound for an unknown user, ErrStale when the
	// guard no longer is one.
	SetStaffAccess(ctx context.Context, id string, role auth.CentreRole, disabled bool, tenant, guardAdmin string, at time.Time, a auth.AuditEntry) error
	// RevokeSessions deletes every session of a user.
	RevokeSessions(ctx context.Context, userID string) error

	ListAudit(ctx context.Context, o auth.ListOptions) (auth.Page[auth.AuditEntry], error)
}
