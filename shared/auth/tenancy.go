package auth

// Scope is what a caller may see, as a value a feature can hold and pass
// around: Check for one object, TenantFilter for lists. It applies the same
// rule as Caller.Sees — staff see every tenant; a service_center user only
// its service centre's objects, a key_user only its distributor's; a
// tenant-scoped caller without a tenant sees nothing — and answers another
// tenant's object with NotFound (404), never 403, so ids cannot be probed.
type Scope struct {
	caller Caller
}

// Scope derives the caller's scope from the authorizer's verdict.
func (c Caller) Scope() Scope { return Scope{caller: c} }

// CanSee reports whether an object owned by ownerTenant is visible.
func (s Scope) CanSee(ownerTenant string) bool { return s.caller.Sees(ownerTenant) }

// Check returns nil when the object is visible and NotFound otherwise. Call
// it after loading an object and before using or revealing anything of it.
func (s Scope) Check(ownerTenant string) error { return s.caller.CheckTenant(ownerTenant) }

// TenantFilter tells a list what to return: every tenant's items when all is
// true, otherwise only tenant's. When all is false and tenant is empty the
// list must be empty — never read an empty tenant as "no filter".
func (s Scope) TenantFilter() (tenant string, all bool) {
	if s.caller.Role.Staff() {
		return "", true
	}
	return s.caller.Tenant, false
}

// Tenant is the caller's own tenant: the owner to stamp on objects it
// creates (empty for staff). Never take an owner from the request body.
func (s Scope) Tenant() string { return s.caller.Tenant }
