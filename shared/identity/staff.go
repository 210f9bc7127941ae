package identity

import (
	"context"
	"errors"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// A centre admin keeps the staff accounts of their own centre
// (service-centre.md «Roles»): reception, technicians and other centre
// admins — never another centre's users nor the wholesaler's. Every centre
// user reads the list (reception picks an order's executor from it); only
// a centre admin changes it. A centre always keeps an enabled admin: an
// admin cannot block themselves, and steps down only while another admin
// stays (SetStaffAccess guards it in the same transaction).

var (
	errCentresOnly     = apperr.New(apperr.Forbidden, "Раздел доступен сотрудникам сервисного центра", "Only a service centre's staff have colleagues here")
	errCentreAdminOnly = apperr.New(apperr.Forbidden, "Сотрудников ведёт администратор сервисного центра", "Only the centre's admin manages its staff")
	errLastAdmin       = apperr.New(apperr.Conflict, "Вы — единственный администратор центра: сначала назначьте администратором другого сотрудника",
		"You are the centre's only admin: make another colleague an admin first")
	errAdminsChanged = apperr.New(apperr.Conflict, "Администраторы центра только что изменились: обновите страницу",
		"The centre's admins changed meanwhile: reload")
)

// staffCentre is the actor's own centre: the only one whose staff they see.
func staffCentre(actor auth.Caller) (string, error) {
	if actor.Role != auth.RoleServiceCenter || actor.Tenant == "" {
		return "", errCentresOnly
	}
	return actor.Tenant, nil
}

// centreAdmin is staffCentre for changes: the actor must be its admin.
func centreAdmin(actor auth.Caller) (string, error) {
	sc, err := staffCentre(actor)
	if err != nil {
		return "", err
	}
	if actor.InCentre() != auth.CentreAdmin {
		return "", errCentreAdminOnly
	}
	return sc, nil
}

// ListStaff pages through the users of the actor's centre by login.
func (d *Directory) ListStaff(ctx context.Context, actor auth.Caller, o auth.ListOptions) (auth.Page[ListedUser], error) {
	sc, err := staffCentre(actor)
	if err != nil {
		return auth.Page[ListedUser]{}, err
	}
	return d.listUsers(ctx, sc, o)
}

// NewStaff is a colleague as a centre admin enters them. An empty Password
// asks for a generated one, returned once by CreateStaff.
type NewStaff struct {
	Login, Email, FullName, Password string
	CentreRole                       auth.CentreRole
}

// CreateStaff adds a user to the actor's centre in the given centre role.
func (d *Directory) CreateStaff(ctx context.Context, actor auth.Caller, in NewStaff) (auth.User, string, error) {
	sc, err := centreAdmin(actor)
	if err != nil {
		return auth.User{}, "", err
	}
	if in.CentreRole == "" {
		return auth.User{}, "", apperr.Field("centreRole", "required",
			"Выберите роль: администратор центра, приёмщик или мастер", "Choose the centre role")
	}
	return d.createUser(ctx, actor, NewUser{Login: in.Login, Email: in.Email, FullName: in.FullName, Password: in.Password,
		Role: auth.RoleServiceCenter, Tenant: sc, CentreRole: in.CentreRole})
}

// staffMember is the user id of centre sc: errNoUser for a missing one
// and for anybody else's alike, so ids of other organisations cannot be
// probed.
func (d *Directory) staffMember(ctx context.Context, sc, id string) (auth.User, error) {
	if id == "" || len(id) > 100 {
		return auth.User{}, errNoUser
	}
	u, err := d.store.User(ctx, id)
	switch {
	case errors.Is(err, auth.ErrNotFound):
		return auth.User{}, errNoUser
	case err != nil:
		return auth.User{}, apperr.Wrap(err, "read user "+id)
	case u.Role != auth.RoleServiceCenter || u.Tenant != sc:
		return auth.User{}, errNoUser
	}
	return u, nil
}

// SetStaffDisabled blocks (or unblocks) a colleague; blocking signs them
// out everywhere. Nobody blocks themselves.
func (d *Directory) SetStaffDisabled(ctx context.Context, actor auth.Caller, id string, disabled bool) error {
	sc, err := centreAdmin(actor)
	if err != nil {
		return err
	}
	u, err := d.staffMember(ctx, sc, id)
	if err != nil {
		return err
	}
	if disabled && id == actor.UserID {
		return apperr.New(apperr.Conflict, "Нельзя отключить собственную учётную запись", "You cannot disable your own account")
	}
	if u.Disabled == disabled {
		return nil // nothing to change (unblocking oneself, a repeated click)
	}
	action := auth.ActionUserEnable
	if disabled {
		action = auth.ActionUserDisable
	}
	return d.setStaffAccess(ctx, actor, u, u.Caller("").InCentre(), disabled, actor.UserID, action)
}

// SetStaffRole changes a colleague's centre role; they are signed out, so
// their next session carries it. An admin steps down only while another
// enabled admin stays.
func (d *Directory) SetStaffRole(ctx context.Context, actor auth.Caller, id string, role auth.CentreRole) error {
	sc, err := centreAdmin(actor)
	if err != nil {
		return err
	}
	if !role.Valid() {
		return apperr.Field("centreRole", "invalid",
			"Роль: администратор центра, приёмщик или мастер", "centre_admin, reception or technician")
	}
	u, err := d.staffMember(ctx, sc, id)
	if err != nil {
		return err
	}
	if u.Caller("").InCentre() == role {
		return nil
	}
	guard := actor.UserID
	if id == actor.UserID {
		if guard, err = d.otherAdmin(ctx, sc, id); err != nil {
			return err
		}
	}
	return d.setStaffAccess(ctx, actor, u, role, u.Disabled, guard, auth.ActionCentreRole)
}

// setStaffAccess stores u's role and flag on condition guard stays an
// enabled admin of the centre, and signs u out.
func (d *Directory) setStaffAccess(ctx context.Context, actor auth.Caller, u auth.User, role auth.CentreRole, disabled bool, guard, action string) error {
	a := d.audit(ctx, actor, action, "user", u.ID, map[string]string{"centreRole": string(role)})
	switch err := d.store.SetStaffAccess(ctx, u.ID, role, disabled, u.Tenant, guard, d.now(), a); {
	case errors.Is(err, auth.ErrNotFound):
		return errNoUser
	case errors.Is(err, auth.ErrStale) && guard != actor.UserID:
		return errLastAdmin
	case errors.Is(err, auth.ErrStale):
		return errAdminsChanged
	case err != nil:
		return apperr.Wrap(err, "change a colleague's access")
	}
	if err := d.store.RevokeSessions(ctx, u.ID); err != nil {
		return apperr.Wrap(err, "sign out user "+u.ID+" after a change of access")
	}
	return nil
}

// otherAdmin is an enabled admin of the centre other than id: errLastAdmin
// when there is none.
func (d *Directory) otherAdmin(ctx context.Context, sc, id string) (string, error) {
	for u, err := range auth.Walk(100, func(o auth.ListOptions) (auth.Page[auth.User], error) {
		return d.store.ListUsers(ctx, sc, o)
	}) {
		if err != nil {
			return "", apperr.Wrap(err, "list the admins of "+sc)
		}
		if u.ID != id && !u.Disabled && u.Caller("").InCentre() == auth.CentreAdmin {
			return u.ID, nil
		}
	}
	return "", errLastAdmin
}

// ResetStaffPassword resets a colleague's password as ResetPassword does.
func (d *Directory) ResetStaffPassword(ctx context.Context, actor auth.Caller, id, password string) (string, error) {
	sc, err := centreAdmin(actor)
	if err != nil {
		return "", err
	}
	u, err := d.staffMember(ctx, sc, id)
	if err != nil {
		return "", err
	}
	return d.resetPassword(ctx, actor, u, password)
}
