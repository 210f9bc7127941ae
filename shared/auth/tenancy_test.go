package auth

import (
	"testing"

	"aftersales/shared/apperr"
)

func TestScopeShowsStaffEverythingAndTenantsOnlyTheirOwn(t *testing.T) {
	cases := []struct {
		name      string
		caller    Caller
		owner     string
		visible   bool
		filter    string
		filterAll bool
	}{
		{"a manager sees any centre's object", Caller{UserID: "m", Role: RoleManager}, "sc1", true, "", true},
		{"an admin sees any distributor's object", Caller{UserID: "a", Role: RoleAdmin}, "d1", true, "", true},
		{"a centre sees its own object", Caller{UserID: "c", Role: RoleServiceCenter, Tenant: "sc1"}, "sc1", true, "sc1", false},
		{"a centre does not see another centre's", Caller{UserID: "c", Role: RoleServiceCenter, Tenant: "sc1"}, "sc2", false, "sc1", false},
		{"a key user sees its distributor's", Caller{UserID: "k", Role: RoleKeyUser, Tenant: "d1"}, "d1", true, "d1", false},
		{"a key user does not see another distributor's", Caller{UserID: "k", Role: RoleKeyUser, Tenant: "d1"}, "d2", false, "d1", false},
		{"a tenant user without a tenant sees nothing, not everything", Caller{UserID: "x", Role: RoleServiceCenter}, "", false, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := c.caller.Scope()
			if got := s.CanSee(c.owner); got != c.visible {
				t.Errorf("CanSee(%q) = %v", c.owner, got)
			}
			err := s.Check(c.owner)
			if c.visible && err != nil || !c.visible && apperr.Status(apperr.CodeOf(err)) != 404 {
				t.Errorf("Check(%q) = %v, want nil or a 404", c.owner, err)
			}
			if tenant, all := s.TenantFilter(); tenant != c.filter || all != c.filterAll {
				t.Errorf("TenantFilter() = %q, %v", tenant, all)
			}
		})
	}
}
