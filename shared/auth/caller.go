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

// The role sets the APIs' routes admit, named once so that every API means
// the same by them.
var (
	// CentreRoles are a service centre's own users.
	CentreRoles = []Role{RoleServiceCenter}
	// StaffRoles are the wholesaler's managers and admins (Role.Staff).
	StaffRoles = []Role{RoleManager, RoleAdmin}
	// ActRoles work warranty acts and what follows from them (orders,
	// shipments, documents, statements): a centre and the staff.
	ActRoles = []Role{RoleServiceCenter, RoleManager, RoleAdmin}
)

// CentreRole is a service-centre user's part in their centre
// (service-centre.md «Roles»): the front desk decides what each may do.
type CentreRole string

// The centre roles. Accounts made before roles existed have none and are
// centre admins (CentreRoleOf), so no data needs migrating.
const (
	CentreAdmin      CentreRole = "centre_admin" // the chain, norms, settings, staff; everything reception does
	CentreReception  CentreRole = "reception"    // customers, orders, payments
	CentreTechnician CentreRole = "technician"   // their own orders: status changes, work lines
)

// Valid reports whether r is one of the centre roles.
func (r CentreRole) Valid() bool {
	return r == CentreAdmin || r == CentreReception || r == CentreTechnician
}

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
	// CentreRole is a service_center user's role in the centre; empty for
	// older accounts (see InCentre) and for everybody else.
	CentreRole CentreRole
}

// InCentre is the caller's centre role: an account without one is the
// centre's admin, as every centre account was before roles existed.
func (c Caller) InCentre() CentreRole {
	if c.CentreRole == "" {
		return CentreAdmin
	}
	return c.CentreRole
}
