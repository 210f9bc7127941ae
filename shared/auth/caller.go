// Package auth is the kernel every domain shares: who is calling (roles, the
// caller the authorizer hands to handlers, tenant scope), the directory's
// plain records (users, tenants), list paging, the injected clock and id
// generator, and the store errors (one ErrNotFound). It has no dependencies
// beyond apperr and ulid; signing in, tokens, passwords and lockout live in
// shared/identity, which only the authorizer and the identity API link.
package auth

// Role is a user's one role. A user has exactly one.
type Role string

// The four roles of identity.md.
const (
	RoleServiceCenter Role = "service_center"
	RoleManager       Role = "manager"
	RoleKeyUser       Role = "key_user"
	RoleAdmin         Role = "admin"
)

// Roles lists every role, for tables that must cover all of them.
var Roles = []Role{RoleServiceCenter, RoleManager, RoleKeyUser, RoleAdmin}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool {
	switch r {
	case RoleServiceCenter, RoleManager, RoleKeyUser, RoleAdmin:
		return true
	}
	return false
}

// Staff reports whether the role sees the whole wholesaler (managers and admins).
func (r Role) Staff() bool { return r == RoleManager || r == RoleAdmin }

// Caller is the authenticated user of a request. It reaches handlers only from
// the authorizer's verdict, never from the request body.
type Caller struct {
	UserID string
	Role   Role
	// Tenant is the service centre id for service_center users, the distributor
	// id for key_user users, and empty for staff.
	Tenant string
	// SessionID identifies the token so logout can revoke it.
	SessionID string
	// Name is the person as the history credits them: full name, else login
	// (empty for the system and for sessions opened before names were carried).
	Name string
	// PasswordChangeRequired: the session may only set a new password (or end).
	PasswordChangeRequired bool
}
