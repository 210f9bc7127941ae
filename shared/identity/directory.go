package identity

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/phone"
)

// Directory is the administrators' side of identity: organisations, users,
// password resets and unlocks. Every change is audited in the same write.
// Each method checks the actor is an admin, whatever the route said.
type Directory struct {
	store   DirectoryStore
	hasher  PasswordHasher
	now     auth.Clock
	ids     auth.IDGen
	lockout Lockout
}

// DirectoryConfig is what NewDirectory needs; nil Clock and IDs take the defaults.
type DirectoryConfig struct {
	Store  DirectoryStore
	Hasher PasswordHasher
	Clock  auth.Clock
	IDs    auth.IDGen
}

// NewDirectory builds the directory service.
func NewDirectory(c DirectoryConfig) (*Directory, error) {
	if c.Store == nil || c.Hasher == nil {
		return nil, errors.New("directory needs a store and a hasher")
	}
	d := &Directory{store: c.Store, hasher: c.Hasher, now: c.Clock, ids: c.IDs, lockout: DefaultLockout}
	d.now, d.ids = d.now.OrNow(), d.ids.OrULID()
	return d, nil
}

var errAdminOnly = apperr.New(apperr.Forbidden, "Недостаточно прав", "Your role may not do this")

var (
	errNoUser   = apperr.New(apperr.NotFound, "Пользователь не найден", "No such user")
	errNoTenant = apperr.New(apperr.NotFound, "Организация не найдена", "No such organisation")
)

func (d *Directory) audit(ctx context.Context, actor auth.Caller, action, targetType, targetID string, details map[string]string) auth.AuditEntry {
	a := auth.AuditEntry{ID: d.ids(), At: d.now(), ActorID: actor.UserID, ActorRole: actor.Role,
		Action: action, TargetType: targetType, TargetID: targetID, Details: details}
	if u, err := d.store.User(ctx, actor.UserID); err == nil {
		a.ActorLogin = u.Login
	}
	return a
}

// NewTenant is an organisation as an admin enters it.
type NewTenant struct {
	Name, City, Email, Phone string
}

// CreateTenant adds a service centre or a distributor.
func (d *Directory) CreateTenant(ctx context.Context, actor auth.Caller, kind auth.TenantKind, in NewTenant) (auth.Tenant, error) {
	if actor.Role != auth.RoleAdmin {
		return auth.Tenant{}, errAdminOnly
	}
	t := auth.Tenant{ID: d.ids(), Kind: kind, Name: strings.TrimSpace(in.Name), City: strings.TrimSpace(in.City),
		Email: NormalizeLogin(in.Email)}
	var fields []apperr.FieldError
	fields = append(fields, checkText("name", t.Name, true, 200)...)
	fields = append(fields, checkText("city", t.City, false, 100)...)
	if t.Email != "" && !emailRe.MatchString(t.Email) {
		fields = append(fields, badEmail("email"))
	}
	if p := strings.TrimSpace(in.Phone); p != "" {
		n, err := phone.Normalize(p)
		if err != nil {
			fields = append(fields, apperr.FieldError{Field: "phone", Code: "invalid",
				Message: "Неверный номер телефона", MessageEN: "Not a valid phone number"})
		}
		t.Phone = n
	}
	if len(fields) > 0 {
		return auth.Tenant{}, apperr.WithFields(fields)
	}
	t.CreatedAt, t.UpdatedAt = d.now(), d.now()
	a := d.audit(ctx, actor, auth.ActionTenantCreate, string(kind), t.ID, map[string]string{"name": t.Name})
	if err := d.store.CreateTenant(ctx, t, a); err != nil {
		return auth.Tenant{}, apperr.Wrap(err, "create "+string(kind))
	}
	return t, nil
}

// ListTenants pages through service centres or distributors by name.
func (d *Directory) ListTenants(ctx context.Context, actor auth.Caller, kind auth.TenantKind, o auth.ListOptions) (auth.Page[auth.Tenant], error) {
	if actor.Role != auth.RoleAdmin {
		return auth.Page[auth.Tenant]{}, errAdminOnly
	}
	p, err := d.store.ListTenants(ctx, kind, o)
	return p, listError(err, "list "+string(kind))
}

// ListServiceCentres pages through the service centres by name for staff:
// managers read a centre's name and contacts (acts show centres by name),
// though only admins manage them.
func (d *Directory) ListServiceCentres(ctx context.Context, actor auth.Caller, o auth.ListOptions) (auth.Page[auth.Tenant], error) {
	if !actor.Role.Staff() {
		return auth.Page[auth.Tenant]{}, errAdminOnly
	}
	p, err := d.store.ListTenants(ctx, auth.KindServiceCenter, o)
	return p, listError(err, "list service centres")
}

// SetTenantDisabled disables (or enables again) an organisation. Disabling
// signs its users out at once; they cannot sign in while it stays disabled.
func (d *Directory) SetTenantDisabled(ctx context.Context, actor auth.Caller, kind auth.TenantKind, id string, disabled bool) error {
	if actor.Role != auth.RoleAdmin {
		return errAdminOnly
	}
	action := auth.ActionTenantEnable
	if disabled {
		action = auth.ActionTenantDisable
	}
	a := d.audit(ctx, actor, action, string(kind), id, nil)
	err := d.store.SetTenantDisabled(ctx, kind, id, disabled, d.now(), a)
	if errors.Is(err, auth.ErrNotFound) {
		return errNoTenant
	}
	if err != nil {
		return apperr.Wrap(err, "set "+string(kind)+" disabled")
	}
	if !disabled {
		return nil
	}
	for u, err := range auth.Walk(100, func(o auth.ListOptions) (auth.Page[auth.User], error) {
		return d.store.ListUsers(ctx, id, o)
	}) {
		if err != nil {
			return apperr.Wrap(err, "list users of disabled "+string(kind))
		}
		if err := d.store.RevokeSessions(ctx, u.ID); err != nil {
			return apperr.Wrap(err, "sign out user "+u.ID)
		}
	}
	return nil
}

// NewUser is an account as an admin enters it. An empty Password asks for a
// generated one, returned once by CreateUser.
type NewUser struct {
	Login, Email, FullName string
	Role                   auth.Role
	Tenant                 string
	Password               string
	// CentreRole is a service_center user's role in the centre; empty: admin.
	CentreRole auth.CentreRole
}

var (
	loginRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,63}$`)
	emailRe = regexp.MustCompile(`^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$`)
)

// CreateUser adds an account. The tenant is fixed here, by an admin, and
// must be an enabled organisation of the role's kind; staff have none. When
// the admin gave no password a generated one is returned (and only then).
func (d *Directory) CreateUser(ctx context.Context, actor auth.Caller, in NewUser) (auth.User, string, error) {
	if actor.Role != auth.RoleAdmin {
		return auth.User{}, "", errAdminOnly
	}
	return d.createUser(ctx, actor, in)
}

// createUser is CreateUser once the actor may create in (a wholesaler's
// admin anyone, a centre admin their centre's staff: CreateStaff).
func (d *Directory) createUser(ctx context.Context, actor auth.Caller, in NewUser) (auth.User, string, error) {
	u := auth.User{ID: d.ids(), Login: NormalizeLogin(in.Login), Email: NormalizeLogin(in.Email),
		FullName: strings.TrimSpace(in.FullName), Role: in.Role, Tenant: strings.TrimSpace(in.Tenant),
		CentreRole: in.CentreRole}
	var fields []apperr.FieldError
	if !loginRe.MatchString(u.Login) {
		fields = append(fields, apperr.FieldError{Field: "login", Code: "invalid",
			Message:   "Логин: от 3 до 64 символов — латинские буквы, цифры, точка, дефис, подчёркивание",
			MessageEN: "Login: 3 to 64 characters — Latin letters, digits, dot, hyphen, underscore"})
	}
	if u.Email != "" && (!emailRe.MatchString(u.Email) || len(u.Email) > 254) {
		fields = append(fields, badEmail("email"))
	}
	fields = append(fields, checkText("name", u.FullName, true, 200)...)
	kind, scoped := auth.TenantKindOf(u.Role)
	switch {
	case !u.Role.Valid():
		fields = append(fields, apperr.FieldError{Field: "role", Code: "invalid",
			Message: "Неизвестная роль", MessageEN: "Unknown role"})
	case scoped && u.Tenant == "":
		fields = append(fields, apperr.FieldError{Field: "tenant", Code: "required",
			Message: "Выберите организацию пользователя", MessageEN: "Choose the user's organisation"})
	case !scoped && u.Tenant != "":
		fields = append(fields, apperr.FieldError{Field: "tenant", Code: "not_allowed",
			Message: "У менеджера и администратора нет организации", MessageEN: "Managers and admins belong to no organisation"})
	}
	if u.CentreRole != "" && (u.Role != auth.RoleServiceCenter || !u.CentreRole.Valid()) {
		fields = append(fields, apperr.FieldError{Field: "centreRole", Code: "invalid",
			Message:   "Роль в сервисном центре: администратор центра, приёмщик или мастер — только для сотрудников СЦ",
			MessageEN: "A centre role (centre_admin, reception, technician) is for service-centre users only"})
	}
	password, generated := in.Password, ""
	if password == "" {
		password = GeneratePassword()
		generated = password
	} else {
		fields = append(fields, CheckPassword("password", password, u.Login)...)
	}
	if len(fields) > 0 {
		return auth.User{}, "", apperr.WithFields(fields)
	}
	hash, err := d.hasher.Hash(password)
	if err != nil {
		return auth.User{}, "", apperr.Wrap(err, "hash password")
	}
	u.PasswordHash = hash
	u.CreatedAt, u.UpdatedAt = d.now(), d.now()
	a := d.audit(ctx, actor, auth.ActionUserCreate, "user", u.ID, map[string]string{
		"login": u.Login, "role": string(u.Role), "tenant": u.Tenant})
	switch err := d.store.CreateUser(ctx, u, a); {
	case errors.Is(err, auth.ErrLoginTaken):
		return auth.User{}, "", apperr.Field("login", "taken", "Этот логин уже занят", "This login is taken")
	case errors.Is(err, auth.ErrEmailTaken):
		return auth.User{}, "", apperr.Field("email", "taken",
			"Этот e-mail уже у другого пользователя", "Another user has this e-mail")
	case errors.Is(err, auth.ErrTenantUnavailable):
		return auth.User{}, "", apperr.Field("tenant", "unavailable",
			fmt.Sprintf("Нет такой действующей организации (%s)", kindRU(kind)),
			fmt.Sprintf("No such enabled %s", strings.ReplaceAll(string(kind), "_", " ")))
	case err != nil:
		return auth.User{}, "", apperr.Wrap(err, "create user")
	}
	return u, generated, nil
}

// ListUsers pages through users by login: all of them, or one organisation's.
func (d *Directory) ListUsers(ctx context.Context, actor auth.Caller, tenant string, o auth.ListOptions) (auth.Page[ListedUser], error) {
	if actor.Role != auth.RoleAdmin {
		return auth.Page[ListedUser]{}, errAdminOnly
	}
	return d.listUsers(ctx, strings.TrimSpace(tenant), o)
}

// listUsers pages through all users or one tenant's, with their lockouts.
func (d *Directory) listUsers(ctx context.Context, tenant string, o auth.ListOptions) (auth.Page[ListedUser], error) {
	p, err := d.store.ListUsers(ctx, tenant, o)
	if err != nil {
		return auth.Page[ListedUser]{}, listError(err, "list users")
	}
	keys := make([]string, len(p.Items))
	for i, u := range p.Items {
		keys[i] = userLockKey(u.ID)
	}
	states, err := d.store.LockStates(ctx, keys)
	if err != nil {
		return auth.Page[ListedUser]{}, apperr.Wrap(err, "read users' lock states")
	}
	now := d.now()
	out := auth.Page[ListedUser]{Items: make([]ListedUser, len(p.Items)), Next: p.Next}
	for i, u := range p.Items {
		out.Items[i].User = u
		if until, locked := d.lockout.Locked(d.lockout.Current(states[keys[i]], now), now); locked {
			out.Items[i].LockedUntil = until
		}
	}
	return out, nil
}

// ListedUser is a user as the admin's list shows them: with the end of a
// current lockout (zero when not locked), so «Разблокировать» is offered
// only where it does something.
type ListedUser struct {
	auth.User
	LockedUntil time.Time
}

// SetUserDisabled disables (or enables again) an account; disabling signs
// the user out everywhere. Admins cannot disable themselves.
func (d *Directory) SetUserDisabled(ctx context.Context, actor auth.Caller, id string, disabled bool) error {
	if actor.Role != auth.RoleAdmin {
		return errAdminOnly
	}
	if disabled && id == actor.UserID {
		return apperr.New(apperr.Conflict, "Нельзя отключить собственную учётную запись", "You cannot disable your own account")
	}
	action := auth.ActionUserEnable
	if disabled {
		action = auth.ActionUserDisable
	}
	err := d.store.SetUserDisabled(ctx, id, disabled, d.now(), d.audit(ctx, actor, action, "user", id, nil))
	if errors.Is(err, auth.ErrNotFound) {
		return errNoUser
	}
	if err != nil {
		return apperr.Wrap(err, "set user disabled")
	}
	if disabled {
		if err := d.store.RevokeSessions(ctx, id); err != nil {
			return apperr.Wrap(err, "sign out disabled user")
		}
	}
	return nil
}

// ResetPassword sets a new password (generated and returned when empty) and
// signs the user out everywhere, so only the new password opens a session —
// and that session may only choose the user's own password (identity.md:
// an admin who knows a password must not leave it in use).
func (d *Directory) ResetPassword(ctx context.Context, actor auth.Caller, id, password string) (string, error) {
	if actor.Role != auth.RoleAdmin {
		return "", errAdminOnly
	}
	u, err := d.store.User(ctx, id)
	if errors.Is(err, auth.ErrNotFound) {
		return "", errNoUser
	}
	if err != nil {
		return "", apperr.Wrap(err, "read user")
	}
	return d.resetPassword(ctx, actor, u, password)
}

// resetPassword is ResetPassword once the actor may reset u's password.
func (d *Directory) resetPassword(ctx context.Context, actor auth.Caller, u auth.User, password string) (string, error) {
	id := u.ID
	generated := ""
	if password == "" {
		password = GeneratePassword()
		generated = password
	} else if f := CheckPassword("password", password, u.Login); len(f) > 0 {
		return "", apperr.WithFields(f)
	}
	hash, err := d.hasher.Hash(password)
	if err != nil {
		return "", apperr.Wrap(err, "hash password")
	}
	err = d.store.SetPasswordHash(ctx, id, hash, true, d.now(), d.audit(ctx, actor, auth.ActionPasswordReset, "user", id, nil))
	if errors.Is(err, auth.ErrNotFound) {
		return "", errNoUser
	}
	if err != nil {
		return "", apperr.Wrap(err, "store password")
	}
	if err := d.store.RevokeSessions(ctx, id); err != nil {
		return "", apperr.Wrap(err, "sign out after password reset")
	}
	return generated, nil
}

// ChangeOwnPassword replaces the caller's password, given the current one,
// and signs the user out everywhere (this session too), so only the new
// password opens a session from now on. It is audited like a reset.
func (d *Directory) ChangeOwnPassword(ctx context.Context, c auth.Caller, current, next string) error {
	u, err := d.store.User(ctx, c.UserID)
	if errors.Is(err, auth.ErrNotFound) {
		return errNoUser
	}
	if err != nil {
		return apperr.Wrap(err, "read user")
	}
	ok, err := d.hasher.Verify(u.PasswordHash, current)
	if err != nil {
		return apperr.Wrap(err, "check current password")
	}
	if !ok {
		return apperr.Field("currentPassword", "wrong_password",
			"Текущий пароль указан неверно", "The current password is wrong")
	}
	if f := CheckPassword("newPassword", next, u.Login); len(f) > 0 {
		return apperr.WithFields(f)
	}
	if next == current {
		return apperr.Field("newPassword", "unchanged",
			"Новый пароль совпадает с текущим", "The new password is the current one")
	}
	hash, err := d.hasher.Hash(next)
	if err != nil {
		return apperr.Wrap(err, "hash password")
	}
	a := d.audit(ctx, c, auth.ActionPasswordChange, "user", u.ID, nil)
	if err := d.store.SetPasswordHash(ctx, u.ID, hash, false, d.now(), a); err != nil {
		return apperr.Wrap(err, "store password")
	}
	if err := d.store.RevokeSessions(ctx, u.ID); err != nil {
		return apperr.Wrap(err, "sign out after password change")
	}
	return nil
}

// SetOwnMailMode records how the caller hears of act events: a mail per
// event, or the events gathered into the daily digest.
func (d *Directory) SetOwnMailMode(ctx context.Context, c auth.Caller, mode auth.MailMode) (auth.User, error) {
	if !mode.Valid() {
		return auth.User{}, apperr.Field("mail", "invalid",
			"Выберите: письмо о каждом событии или ежедневная сводка", "Choose immediate or digest")
	}
	a := d.audit(ctx, c, auth.ActionMailMode, "user", c.UserID, map[string]string{"mail": string(mode)})
	err := d.store.SetMailMode(ctx, c.UserID, mode, d.now(), a)
	if errors.Is(err, auth.ErrNotFound) {
		return auth.User{}, errNoUser
	}
	if err != nil {
		return auth.User{}, apperr.Wrap(err, "store mail mode")
	}
	u, err := d.store.User(ctx, c.UserID)
	if err != nil {
		return auth.User{}, apperr.Wrap(err, "read user")
	}
	return u, nil
}

// Unlock ends a user's lockout (and forgets their failed attempts) at once.
func (d *Directory) Unlock(ctx context.Context, actor auth.Caller, id string) error {
	if actor.Role != auth.RoleAdmin {
		return errAdminOnly
	}
	err := d.store.Unlock(ctx, id, userLockKey(id), d.audit(ctx, actor, auth.ActionUserUnlock, "user", id, nil))
	if errors.Is(err, auth.ErrNotFound) {
		return errNoUser
	}
	if err != nil {
		return apperr.Wrap(err, "unlock user")
	}
	return nil
}

// ListAudit pages through administrative actions, newest first.
func (d *Directory) ListAudit(ctx context.Context, actor auth.Caller, o auth.ListOptions) (auth.Page[auth.AuditEntry], error) {
	if actor.Role != auth.RoleAdmin {
		return auth.Page[auth.AuditEntry]{}, errAdminOnly
	}
	p, err := d.store.ListAudit(ctx, o)
	return p, listError(err, "list audit")
}

// FindUser returns the user with a login or e-mail, for tools (the admin
// CLI, demo seeding) that must not create one twice.
func (d *Directory) FindUser(ctx context.Context, login string) (auth.User, bool, error) {
	u, err := d.store.UserByLogin(ctx, NormalizeLogin(login))
	if errors.Is(err, auth.ErrNotFound) {
		return auth.User{}, false, nil
	}
	return u, err == nil, err
}

func listError(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, auth.ErrBadCursor):
		return apperr.Field("cursor", "invalid", "Неверная ссылка на страницу списка", "Not a cursor this list handed out")
	default:
		return apperr.Wrap(err, what)
	}
}

func checkText(field, v string, required bool, max int) []apperr.FieldError {
	switch {
	case required && v == "":
		return []apperr.FieldError{{Field: field, Code: "required", Message: "Обязательное поле", MessageEN: "Required"}}
	case utf8.RuneCountInString(v) > max:
		return []apperr.FieldError{{Field: field, Code: "too_long",
			Message: fmt.Sprintf("Не длиннее %d символов", max), MessageEN: fmt.Sprintf("At most %d characters", max)}}
	}
	return nil
}

func badEmail(field string) apperr.FieldError {
	return apperr.FieldError{Field: field, Code: "invalid", Message: "Неверный адрес e-mail", MessageEN: "Not a valid e-mail address"}
}

func kindRU(k auth.TenantKind) string {
	if k == auth.KindDistributor {
		return "дистрибьютор"
	}
	return "сервисный центр"
}
