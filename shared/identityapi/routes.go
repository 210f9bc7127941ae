package identityapi

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/httpapi"
	"aftersales/shared/identity"
)

// API serves IdentityApiFunction's routes.
type API struct {
	Auth      *identity.Service
	Directory *identity.Directory
	// SecureCookie marks the session cookie Secure; off only when run
	// locally over plain http.
	SecureCookie bool
}

var (
	everyone = auth.Roles
	admins   = []auth.Role{auth.RoleAdmin}
)

// Routes registers every route; template.yaml declares the same ones (a
// test compares them both ways).
func (a *API) Routes(rt *httpapi.Router) {
	rt.Public("POST /api/auth/login", a.login)
	rt.HandleDuringPasswordChange("POST /api/auth/logout", everyone, a.logout)
	rt.HandleDuringPasswordChange("GET /api/me", everyone, a.me)
	rt.HandleDuringPasswordChange("POST /api/me/password", everyone, a.changePassword)
	rt.Handle("PUT /api/me/mail", everyone, a.setMailMode)

	for _, k := range []struct {
		path string
		kind auth.TenantKind
	}{{"/api/admin/service-centers", auth.KindServiceCenter}, {"/api/admin/distributors", auth.KindDistributor}} {
		rt.Handle("GET "+k.path, admins, a.listTenants(k.kind))
		rt.Handle("POST "+k.path, admins, a.createTenant(k.kind))
		rt.Handle("POST "+k.path+"/{id}/disable", admins, a.setTenantDisabled(k.kind, true))
		rt.Handle("POST "+k.path+"/{id}/enable", admins, a.setTenantDisabled(k.kind, false))
	}

	// Managers read the centres (names, contacts); admins manage them above.
	rt.Handle("GET /api/service-centers", auth.StaffRoles, listed(a.Directory.ListServiceCentres, newTenant))

	rt.Handle("GET /api/admin/users", admins, a.listUsers)
	rt.Handle("POST /api/admin/users", admins, a.createUser)
	rt.Handle("POST /api/admin/users/{id}/disable", admins, setDisabled(a.Directory.SetUserDisabled, true))
	rt.Handle("POST /api/admin/users/{id}/enable", admins, setDisabled(a.Directory.SetUserDisabled, false))
	rt.Handle("POST /api/admin/users/{id}/password", admins, resetPassword(a.Directory.ResetPassword))
	rt.Handle("POST /api/admin/users/{id}/unlock", admins, onID(a.Directory.Unlock))

	rt.Handle("GET /api/admin/audit", admins, listed(a.Directory.ListAudit, newAudit))
	a.staffRoutes(rt)
}

// ---------------------------------------------------------------- sign in and out

type loginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

type loginResponse struct {
	User      sessionUser `json:"user"`
	Token     string      `json:"token"`
	ExpiresAt time.Time   `json:"expiresAt"`
	// PasswordChangeRequired: an admin reset the password; only POST
	// /api/me/password (and /api/me, logout) answer until a new one is set.
	PasswordChangeRequired bool `json:"passwordChangeRequired"`
}

func (a *API) login(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in loginRequest
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	res, err := a.Auth.Login(ctx, in.Login, in.Password)
	if err != nil {
		return nil, err
	}
	resp := httpapi.JSON(http.StatusOK, loginResponse{User: newSessionUser(res.User, res.Tenant), Token: res.Token, ExpiresAt: res.Session.ExpiresAt.UTC(),
		PasswordChangeRequired: res.Session.PasswordChangeRequired})
	resp.Cookies = []string{a.cookie(res.Token, int(res.Session.ExpiresAt.Sub(res.Session.CreatedAt).Seconds()))}
	return resp, nil
}

func (a *API) logout(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	if err := a.Auth.Logout(ctx, r.Caller); err != nil {
		return nil, err
	}
	resp := httpapi.NoContent()
	resp.Cookies = []string{a.cookie("", 0)}
	return resp, nil
}

// cookie is the session cookie: HttpOnly (no script reads it), SameSite=
// Strict (no other site sends it), scoped to the API's path.
func (a *API) cookie(token string, maxAge int) string {
	c := fmt.Sprintf("%s=%s; Path=/api; Max-Age=%d; HttpOnly; SameSite=Strict", CookieName, token, maxAge)
	if a.SecureCookie {
		c += "; Secure"
	}
	return c
}

// account is who a user is, as both the signed-in user and the admins'
// list show them.
type account struct {
	ID     string    `json:"id"`
	Login  string    `json:"login"`
	Name   string    `json:"name"`
	Email  string    `json:"email,omitempty"`
	Role   auth.Role `json:"role"`
	Tenant string    `json:"tenant,omitempty"`
	// CentreRole is a service-centre user's role there (centreRole).
	CentreRole auth.CentreRole `json:"centreRole,omitempty"`
}

func newAccount(u auth.User) account {
	return account{ID: u.ID, Login: u.Login, Name: u.FullName, Email: u.Email, Role: u.Role, Tenant: u.Tenant,
		CentreRole: centreRole(u)}
}

// sessionUser is who is signed in, with their organisation for the header
// of every screen (openapi.yaml: User).
type sessionUser struct {
	account
	TenantKind auth.TenantKind `json:"tenantKind,omitempty"`
	TenantName string          `json:"tenantName,omitempty"`
	// Mail: a mail per act event, or the events in the daily digest.
	Mail auth.MailMode `json:"mail"`
}

func newSessionUser(u auth.User, t *auth.Tenant) sessionUser {
	m := sessionUser{account: newAccount(u), Mail: u.MailMode()}
	if t != nil {
		m.TenantKind, m.TenantName = t.Kind, t.Name
	}
	return m
}

type meResponse struct {
	User                   sessionUser `json:"user"`
	PasswordChangeRequired bool        `json:"passwordChangeRequired"`
}

func (a *API) me(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	u, t, err := a.Auth.Me(ctx, r.Caller)
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusOK, meResponse{User: newSessionUser(u, t), PasswordChangeRequired: r.Caller.PasswordChangeRequired}), nil
}

// ---------------------------------------------------------------- organisations

type tenantBody struct {
	ID        string          `json:"id"`
	Kind      auth.TenantKind `json:"kind"`
	Name      string          `json:"name"`
	City      string          `json:"city,omitempty"`
	Email     string          `json:"email,omitempty"`
	Phone     string          `json:"phone,omitempty"`
	Disabled  bool            `json:"disabled"`
	CreatedAt time.Time       `json:"createdAt"`
}

func newTenant(t auth.Tenant) tenantBody {
	return tenantBody{ID: t.ID, Kind: t.Kind, Name: t.Name, City: t.City, Email: t.Email, Phone: t.Phone,
		Disabled: t.Disabled, CreatedAt: t.CreatedAt.UTC()}
}

type tenantRequest struct {
	Name  string `json:"name"`
	City  string `json:"city"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

// listed is the handler of a list of the directory: read reads the page
// the request's ?limit= and ?cursor= ask for, show shows each item.
func listed[S, T any](read func(ctx context.Context, actor auth.Caller, o auth.ListOptions) (auth.Page[S], error), show func(S) T) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
		n, err := httpapi.LimitOf(r)
		if err != nil {
			return nil, err
		}
		p, err := read(ctx, r.Caller, auth.ListOptions{Limit: n, Cursor: r.Query("cursor")})
		if err != nil {
			return nil, err
		}
		return httpapi.JSON(http.StatusOK, httpapi.ListOf(p, show)), nil
	}
}

// onID is the handler of a route that acts on the object its path names
// and answers 204.
func onID(do func(ctx context.Context, actor auth.Caller, id string) error) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
		if err := do(ctx, r.Caller, r.Param("id")); err != nil {
			return nil, err
		}
		return httpapi.NoContent(), nil
	}
}

// setDisabled is the handler of a disable (or enable) route of set.
func setDisabled(set func(ctx context.Context, actor auth.Caller, id string, disabled bool) error, disabled bool) httpapi.HandlerFunc {
	return onID(func(ctx context.Context, actor auth.Caller, id string) error { return set(ctx, actor, id, disabled) })
}

func (a *API) listTenants(kind auth.TenantKind) httpapi.HandlerFunc {
	return listed(func(ctx context.Context, actor auth.Caller, o auth.ListOptions) (auth.Page[auth.Tenant], error) {
		return a.Directory.ListTenants(ctx, actor, kind, o)
	}, newTenant)
}

func (a *API) createTenant(kind auth.TenantKind) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
		var in tenantRequest
		if err := r.Decode(&in); err != nil {
			return nil, err
		}
		t, err := a.Directory.CreateTenant(ctx, r.Caller, kind, identity.NewTenant{Name: in.Name, City: in.City, Email: in.Email, Phone: in.Phone})
		if err != nil {
			return nil, err
		}
		return httpapi.JSON(http.StatusCreated, newTenant(t)), nil
	}
}

func (a *API) setTenantDisabled(kind auth.TenantKind, disabled bool) httpapi.HandlerFunc {
	return setDisabled(func(ctx context.Context, actor auth.Caller, id string, disabled bool) error {
		return a.Directory.SetTenantDisabled(ctx, actor, kind, id, disabled)
	}, disabled)
}

// ---------------------------------------------------------------- users

type userBody struct {
	account
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"createdAt"`
	// Locked and LockedUntil: only in the list (a lockout after failed logins).
	Locked      *bool      `json:"locked,omitempty"`
	LockedUntil *time.Time `json:"lockedUntil,omitempty"`
}

func newUser(u auth.User) userBody {
	return userBody{account: newAccount(u), Disabled: u.Disabled, CreatedAt: u.CreatedAt.UTC()}
}

// centreRole is a service-centre user's role there as it applies (an
// account without one is the centre's admin); empty for everybody else.
func centreRole(u auth.User) auth.CentreRole {
	if u.Role != auth.RoleServiceCenter {
		return ""
	}
	return u.Caller("").InCentre()
}

func newListedUser(u identity.ListedUser) userBody {
	b := newUser(u.User)
	locked := !u.LockedUntil.IsZero()
	b.Locked = &locked
	if locked {
		until := u.LockedUntil.UTC()
		b.LockedUntil = &until
	}
	return b
}

type createUserRequest struct {
	Login  string    `json:"login"`
	Email  string    `json:"email"`
	Name   string    `json:"name"`
	Role   auth.Role `json:"role"`
	Tenant string    `json:"tenant"`
	// CentreRole is for service-centre users; left out: centre admin.
	CentreRole auth.CentreRole `json:"centreRole"`
	// Password may be left out: one is generated and returned once.
	Password *string `json:"password"`
}

type createUserResponse struct {
	User userBody `json:"user"`
	// GeneratedPassword is set only when the request gave no password.
	GeneratedPassword string `json:"generatedPassword,omitempty"`
}

func (a *API) createUser(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in createUserRequest
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	password, err := givenPassword(in.Password)
	if err != nil {
		return nil, err
	}
	u, generated, err := a.Directory.CreateUser(ctx, r.Caller, identity.NewUser{Login: in.Login, Email: in.Email,
		FullName: in.Name, Role: in.Role, Tenant: in.Tenant, Password: password, CentreRole: in.CentreRole})
	if err != nil {
		return nil, err
	}
	return httpapi.JSON(http.StatusCreated, createUserResponse{User: newUser(u), GeneratedPassword: generated}), nil
}

// listUsers lists all users, or one tenant's (?tenant=).
func (a *API) listUsers(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	return listed(func(ctx context.Context, actor auth.Caller, o auth.ListOptions) (auth.Page[identity.ListedUser], error) {
		return a.Directory.ListUsers(ctx, actor, r.Query("tenant"), o)
	}, newListedUser)(ctx, r)
}

type resetPasswordRequest struct {
	// Password may be left out: one is generated and returned once.
	Password *string `json:"password"`
}

// givenPassword is the password a request set, "" when it left the field
// out (the directory then generates one). A password sent empty is not
// "left out": it is refused by the policy like any other short one.
func givenPassword(p *string) (string, error) {
	switch {
	case p == nil:
		return "", nil
	case *p == "":
		return "", apperr.WithFields(identity.CheckPassword("password", "", ""))
	}
	return *p, nil
}

type resetPasswordResponse struct {
	GeneratedPassword string `json:"generatedPassword"`
}

// resetPassword is the handler of a password reset by reset (an admin's of
// anyone, a centre admin's of their staff).
func resetPassword(reset func(ctx context.Context, actor auth.Caller, id, password string) (string, error)) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
		var in resetPasswordRequest
		if r.Event.Body != "" { // no body: generate one
			if err := r.Decode(&in); err != nil {
				return nil, err
			}
		}
		password, err := givenPassword(in.Password)
		if err != nil {
			return nil, err
		}
		generated, err := reset(ctx, r.Caller, r.Param("id"), password)
		if err != nil {
			return nil, err
		}
		if generated == "" {
			return httpapi.NoContent(), nil
		}
		return httpapi.JSON(http.StatusOK, resetPasswordResponse{GeneratedPassword: generated}), nil
	}
}

type changePasswordRequest struct {
	CurrentPassword string `json:"currentPassword"`
	NewPassword     string `json:"newPassword"`
}

// changePassword sets the caller's own password; the session ends with it
// (the client signs in again with the new one).
func (a *API) changePassword(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in changePasswordRequest
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if err := a.Directory.ChangeOwnPassword(ctx, r.Caller, in.CurrentPassword, in.NewPassword); err != nil {
		return nil, err
	}
	return httpapi.NoContent(), nil
}

type mailModeRequest struct {
	Mail auth.MailMode `json:"mail"`
}

// setMailMode stores the caller's choice of immediate mails or the daily
// digest and answers as GET /api/me does.
func (a *API) setMailMode(ctx context.Context, r *httpapi.Request) (*httpapi.Response, error) {
	var in mailModeRequest
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if _, err := a.Directory.SetOwnMailMode(ctx, r.Caller, in.Mail); err != nil {
		return nil, err
	}
	return a.me(ctx, r)
}

// ---------------------------------------------------------------- audit

type auditBody struct {
	ID         string            `json:"id"`
	At         time.Time         `json:"at"`
	ActorID    string            `json:"actorId"`
	ActorLogin string            `json:"actorLogin,omitempty"`
	ActorRole  auth.Role         `json:"actorRole"`
	Action     string            `json:"action"`
	TargetType string            `json:"targetType"`
	TargetID   string            `json:"targetId"`
	Details    map[string]string `json:"details,omitempty"`
}

func newAudit(e auth.AuditEntry) auditBody {
	return auditBody{ID: e.ID, At: e.At.UTC(), ActorID: e.ActorID, ActorLogin: e.ActorLogin, ActorRole: e.ActorRole,
		Action: e.Action, TargetType: e.TargetType, TargetID: e.TargetID, Details: e.Details}
}
