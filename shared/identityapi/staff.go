package identityapi

import (
	"context"
	"net/http"

	"aftersales/shared/auth"
	"aftersales/shared/httpapi"
	"aftersales/shared/identity"
)

// staffRoutes are a centre's own staff accounts (service-centre.md «Roles»).
// Every centre user reaches them; identity.Directory lets only a centre
// admin change anything there.
func (a *API) staffRoutes(rt *httpapi.Router) {
	rt.Handle("GET /api/staff", auth.CentreRoles, listed(a.Directory.ListStaff, newListedUser))
	rt.Handle("POST /api/staff", auth.CentreRoles, a.createStaff)
	rt.Handle("POST /api/staff/{id}/disable", auth.CentreRoles, setDisabled(a.Directory.SetStaffDisabled, true))
	rt.Handle("POST /api/staff/{id}/enable", auth.CentreRoles, setDisabled(a.Directory.SetStaffDisabled, false))
	rt.Handle("POST /api/staff/{id}/password", auth.CentreRoles, resetPassword(a.Directory.ResetStaffPassword))
	rt.Handle("PUT /api/staff/{id}/role", auth.CentreRoles, a.setStaffRole)
}

type createStaffRequest struct {
	Login      string          `json:"login"`
	Email      string          `json:"email"`
	Name       string          `json:"name"`
	CentreRole auth.CentreRole `json:"centreRole"`
	// Password may be left out: one is generated and returned once.
	Password *string `json:"password"`
}

func (a *API) createStaff(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in createStaffRequest
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	password, err := givenPassword(in.Password)
	if err != nil {
		return nil, err
	}
	u, generated, err := a.Directory.CreateStaff(ctx, r.Caller, identity.NewStaff{Login: in.Login, Email: in.Email,
		FullName: in.Name, Password: password, CentreRole: in.CentreRole})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusCreated, createUserResponse{User: newUser(u), GeneratedPassword: generated}), nil
}

type staffRoleRequest struct {
	CentreRole auth.CentreRole `json:"centreRole"`
}

func (a *API) setStaffRole(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in staffRoleRequest
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if err := a.Directory.SetStaffRole(ctx, r.Caller, r.Param("id"), in.CentreRole); err != nil {
		return nil, err
	}
	return httpapi.NoContent(), nil
}
