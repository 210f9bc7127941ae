package auth

import "aftersales/shared/apperr"

// errNotFound is what a caller sees for an object of another tenant: the same
// answer as for a missing one, so ids cannot be probed.
var errNotFound = apperr.New(apperr.NotFound, "Не найдено", "Not found")

// NotFound returns the error for a missing (or hidden) object.
func NotFound() error { return errNotFound }

// Sees reports whether the caller may see an object owned by ownerTenant
// (a service centre or distributor id). Staff see every service centre's
// objects; tenants only their own.
func (c Caller) Sees(ownerTenant string) bool {
	if c.Role.Staff() {
		return true
	}
	return c.Tenant != "" && c.Tenant == ownerTenant
}

// CheckTenant returns NotFound unless the caller may see the object; use it on
// every get, update, export and presigned URL.
func (c Caller) CheckTenant(ownerTenant string) error {
	if !c.Sees(ownerTenant) {
		return errNotFound
	}
	return nil
}

// TenantFilter is the tenant a list must be restricted to: the caller's own
// for tenant users, "" (everything) for staff. Lists take it from here and
// never from the request.
func (c Caller) TenantFilter() string {
	if c.Role.Staff() {
		return ""
	}
	if c.Tenant == "" {
		// A tenant user without a tenant must see nothing rather than everything.
		return "\x00none"
	}
	return c.Tenant
}

// ListTenant is the tenant a list is narrowed to when the request asks for
// one: staff choose any (or, asking none, all); a tenant user's list is
// always their own (TenantFilter).
func (c Caller) ListTenant(asked string) string {
	if c.Role.Staff() {
		return asked
	}
	return c.TenantFilter()
}
