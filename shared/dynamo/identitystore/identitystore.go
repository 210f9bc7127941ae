package identitystore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
)

// Store is the directory and the identity services' storage on the table:
// users, tenants, sessions, lockout streaks and the audit log.
type Store struct{ t *dynamo.Store }

// New returns the identity storage of the store's table. It serves the
// identity service's ports (identity.LoginStore, DirectoryStore; checked
// where identityfn wires them) without importing the service, so the jobs
// that read the directory link no token or password code.
func New(t *dynamo.Store) *Store { return &Store{t: t} }

type userItem struct {
	PK           string
	SK           string
	GSI1PK       string
	GSI1SK       string
	GSI2PK       string `dynamodbav:",omitempty"`
	GSI2SK       string `dynamodbav:",omitempty"`
	Entity       string
	ID           string
	Login        string
	Email        string `dynamodbav:",omitempty"`
	FullName     string
	Role         string
	Tenant       string `dynamodbav:",omitempty"`
	CentreRole   string `dynamodbav:",omitempty"`
	PasswordHash string
	Disabled     bool
	// PasswordChangeRequired is omitted when false (users stored before it).
	PasswordChangeRequired bool `dynamodbav:",omitempty"`
	// Mail is omitted until the user chooses (immediate mails).
	Mail      string `dynamodbav:",omitempty"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

func newUserItem(u auth.User) userItem {
	k := dynamo.UserKey(u.ID)
	it := userItem{PK: k.PK, SK: k.SK, GSI1PK: dynamo.UsersPK, GSI1SK: u.Login, Entity: "user",
		ID: u.ID, Login: u.Login, Email: u.Email, FullName: u.FullName, Role: string(u.Role), Tenant: u.Tenant,
		CentreRole: string(u.CentreRole), PasswordHash: u.PasswordHash, Disabled: u.Disabled, PasswordChangeRequired: u.PasswordChangeRequired,
		Mail: string(u.Mail), CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
	if u.Tenant != "" {
		it.GSI2PK, it.GSI2SK = dynamo.TenantUsersPK(u.Tenant), u.Login
	}
	return it
}

func (it userItem) user() auth.User {
	return auth.User{ID: it.ID, Login: it.Login, Email: it.Email, FullName: it.FullName, Role: auth.Role(it.Role),
		Tenant: it.Tenant, CentreRole: auth.CentreRole(it.CentreRole), PasswordHash: it.PasswordHash, Disabled: it.Disabled,
		PasswordChangeRequired: it.PasswordChangeRequired, Mail: auth.MailMode(it.Mail), CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt}
}

type aliasItem struct {
	PK, SK string
	UserID string
}

type tenantItem struct {
	PK, SK         string
	GSI1PK, GSI1SK string
	Entity         string
	ID             string
	Kind           string
	Name           string
	City           string `dynamodbav:",omitempty"`
	Email          string `dynamodbav:",omitempty"`
	Phone          string `dynamodbav:",omitempty"`
	Disabled       bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (it tenantItem) tenant() auth.Tenant {
	return auth.Tenant{ID: it.ID, Kind: auth.TenantKind(it.Kind), Name: it.Name, City: it.City, Email: it.Email,
		Phone: it.Phone, Disabled: it.Disabled, CreatedAt: it.CreatedAt, UpdatedAt: it.UpdatedAt}
}

type sessionItem struct {
	PK, SK         string
	GSI1PK, GSI1SK string
	Entity         string
	ID             string
	UserID         string
	Role           string
	Tenant         string `dynamodbav:",omitempty"`
	CentreRole     string `dynamodbav:",omitempty"`
	CreatedAt      time.Time
	// ExpiresAt is the table's TTL attribute: epoch seconds.
	ExpiresAt              int64
	PasswordChangeRequired bool   `dynamodbav:",omitempty"`
	Name                   string `dynamodbav:",omitempty"`
}

type lockItem struct {
	PK, SK      string
	Entity      string
	Failures    int
	LastFailure time.Time
	LockedUntil time.Time
	Version     int64
	ExpiresAt   int64
}

type auditItem struct {
	PK, SK     string
	Entity     string
	ID         string
	At         time.Time
	ActorID    string
	ActorLogin string `dynamodbav:",omitempty"`
	ActorRole  string
	Action     string
	TargetType string
	TargetID   string
	Details    map[string]string `dynamodbav:",omitempty"`
}

func (it auditItem) entry() auth.AuditEntry {
	return auth.AuditEntry{ID: it.ID, At: it.At, ActorID: it.ActorID, ActorLogin: it.ActorLogin,
		ActorRole: auth.Role(it.ActorRole), Action: it.Action, TargetType: it.TargetType, TargetID: it.TargetID, Details: it.Details}
}

func newAuditItem(a auth.AuditEntry) auditItem {
	return auditItem{PK: dynamo.AuditPK, SK: dynamo.AuditSK(a.At, a.ID), Entity: "audit", ID: a.ID, At: a.At,
		ActorID: a.ActorID, ActorLogin: a.ActorLogin, ActorRole: string(a.ActorRole), Action: a.Action,
		TargetType: a.TargetType, TargetID: a.TargetID, Details: a.Details}
}

// ---------------------------------------------------------------- users

// User reads a user by id.
func (s *Store) User(ctx context.Context, id string) (auth.User, error) {
	var it userItem
	if err := s.t.Get(ctx, dynamo.UserKey(id), &it); err != nil {
		return auth.User{}, err
	}
	return it.user(), nil
}

// UserByLogin reads a user by login or e-mail through its alias item. An
// unknown login still costs two reads (the second of a key that cannot
// exist), so its answer takes as long as a known one's.
func (s *Store) UserByLogin(ctx context.Context, login string) (auth.User, error) {
	var alias aliasItem
	err := s.t.Get(ctx, dynamo.AliasKey(login), &alias)
	if errors.Is(err, auth.ErrNotFound) {
		var none userItem
		if err := s.t.Get(ctx, dynamo.UserKey("-"), &none); !errors.Is(err, auth.ErrNotFound) {
			return auth.User{}, fmt.Errorf("equalising read: %w", err)
		}
		return auth.User{}, auth.ErrNotFound
	}
	if err != nil {
		return auth.User{}, err
	}
	return s.User(ctx, alias.UserID)
}

// CreateUser writes the user, its login and e-mail aliases, and the audit
// entry in one transaction that also checks the tenant is enabled.
func (s *Store) CreateUser(ctx context.Context, u auth.User, a auth.AuditEntry) error {
	var items []types.TransactWriteItem
	var errs []error
	add := func(it types.TransactWriteItem, err error, onFail error) error {
		items, errs = append(items, it), append(errs, onFail)
		return err
	}
	user, err := s.t.PutNew(newUserItem(u))
	if err := add(user, err, auth.ErrLoginTaken); err != nil { // a user id collision: report as taken, never overwrite
		return err
	}
	lk := dynamo.AliasKey(u.Login)
	login, err := s.t.PutNew(aliasItem{PK: lk.PK, SK: lk.SK, UserID: u.ID})
	if err := add(login, err, auth.ErrLoginTaken); err != nil {
		return err
	}
	if u.Email != "" {
		ek := dynamo.AliasKey(u.Email)
		email, err := s.t.PutNew(aliasItem{PK: ek.PK, SK: ek.SK, UserID: u.ID})
		if err := add(email, err, auth.ErrEmailTaken); err != nil {
			return err
		}
	}
	if kind, scoped := auth.TenantKindOf(u.Role); scoped {
		cond := expression.AttributeExists(expression.Name("PK")).
			And(expression.Name("Disabled").Equal(expression.Value(false)))
		chk, err := s.t.Check(dynamo.TenantKey(kind, u.Tenant), cond)
		if err := add(chk, err, auth.ErrTenantUnavailable); err != nil {
			return err
		}
	}
	audit, err := s.t.Put(newAuditItem(a))
	if err := add(audit, err, nil); err != nil {
		return err
	}
	return s.t.Transact(ctx, "create user "+u.Login, items, func(i int) error { return errs[i] })
}

// ListUsers pages through all users, or one tenant's, by login.
func (s *Store) ListUsers(ctx context.Context, tenant string, o auth.ListOptions) (auth.Page[auth.User], error) {
	q := dynamo.OnGSI1(dynamo.UsersPK, true)
	if tenant != "" {
		q = dynamo.OnGSI2(dynamo.TenantUsersPK(tenant), true)
	}
	return dynamo.QueryPage(ctx, s.t, q, o, "user", userItem.user)
}

// SetUserDisabled flips a user's Disabled flag with its audit entry.
func (s *Store) SetUserDisabled(ctx context.Context, id string, disabled bool, at time.Time, a auth.AuditEntry) error {
	return s.updateAudited(ctx, "set user disabled", dynamo.UserKey(id),
		expression.Set(expression.Name("Disabled"), expression.Value(disabled)).
			Set(expression.Name("UpdatedAt"), expression.Value(at)), a)
}

// SetStaffAccess writes a centre user's role and disabled flag with its
// audit entry, on condition guardAdmin is still an enabled admin of the
// centre. Two admins demoting or blocking each other at once both touch
// both items, so DynamoDB lets at most one through: a centre never ends
// without an admin.
func (s *Store) SetStaffAccess(ctx context.Context, id string, role auth.CentreRole, disabled bool, tenant, guardAdmin string, at time.Time, a auth.AuditEntry) error {
	upd, err := s.t.UpdateExisting(dynamo.UserKey(id), expression.Set(expression.Name("CentreRole"), expression.Value(string(role))).
		Set(expression.Name("Disabled"), expression.Value(disabled)).Set(expression.Name("UpdatedAt"), expression.Value(at)))
	if err != nil {
		return err
	}
	admin := expression.Name("CentreRole")
	guard, err := s.t.Check(dynamo.UserKey(guardAdmin), expression.Name("Disabled").Equal(expression.Value(false)).
		And(expression.Name("Role").Equal(expression.Value(string(auth.RoleServiceCenter)))).
		And(expression.Name("Tenant").Equal(expression.Value(tenant))).
		And(expression.Or(expression.AttributeNotExists(admin), admin.Equal(expression.Value(string(auth.CentreAdmin))))))
	if err != nil {
		return err
	}
	audit, err := s.t.Put(newAuditItem(a))
	if err != nil {
		return err
	}
	return s.t.Transact(ctx, "set staff access of "+id, []types.TransactWriteItem{upd, guard, audit}, func(i int) error {
		switch i {
		case 0:
			return auth.ErrNotFound
		case 1:
			return auth.ErrStale
		}
		return nil
	})
}

// SetPasswordHash replaces a user's password hash with its audit entry and
// sets or clears the forced-change flag.
func (s *Store) SetPasswordHash(ctx context.Context, id, hash string, changeRequired bool, at time.Time, a auth.AuditEntry) error {
	return s.updateAudited(ctx, "set password", dynamo.UserKey(id),
		expression.Set(expression.Name("PasswordHash"), expression.Value(hash)).
			Set(expression.Name("PasswordChangeRequired"), expression.Value(changeRequired)).
			Set(expression.Name("UpdatedAt"), expression.Value(at)), a)
}

// SetMailMode stores a user's choice of immediate mails or the daily
// digest with its audit entry.
func (s *Store) SetMailMode(ctx context.Context, id string, mode auth.MailMode, at time.Time, a auth.AuditEntry) error {
	return s.updateAudited(ctx, "set mail mode", dynamo.UserKey(id),
		expression.Set(expression.Name("Mail"), expression.Value(string(mode))).
			Set(expression.Name("UpdatedAt"), expression.Value(at)), a)
}

// updateAudited updates an existing item and writes the audit entry
// atomically; auth.ErrNotFound when the item does not exist.
func (s *Store) updateAudited(ctx context.Context, what string, k dynamo.Key, update expression.UpdateBuilder, a auth.AuditEntry) error {
	upd, err := s.t.UpdateExisting(k, update)
	if err != nil {
		return err
	}
	audit, err := s.t.Put(newAuditItem(a))
	if err != nil {
		return err
	}
	return s.t.Transact(ctx, what, []types.TransactWriteItem{upd, audit}, func(i int) error {
		if i == 0 {
			return auth.ErrNotFound
		}
		return nil
	})
}

// ---------------------------------------------------------------- tenants

// Tenant reads a service centre or distributor.
func (s *Store) Tenant(ctx context.Context, kind auth.TenantKind, id string) (auth.Tenant, error) {
	var it tenantItem
	if err := s.t.Get(ctx, dynamo.TenantKey(kind, id), &it); err != nil {
		return auth.Tenant{}, err
	}
	return it.tenant(), nil
}

// ServiceCentreNames reads the names of the given service centres with
// BatchGetItem (one call for up to 100, so a page of acts costs one); a
// centre that is gone is left out.
func (s *Store) ServiceCentreNames(ctx context.Context, ids []string) (map[string]string, error) {
	keys := make([]dynamo.Key, len(ids))
	for i, id := range ids {
		keys[i] = dynamo.TenantKey(auth.KindServiceCenter, id)
	}
	names := make(map[string]string, len(ids))
	var mu sync.Mutex
	err := s.t.BatchGet(ctx, 1, keys, nil, func(av map[string]types.AttributeValue) error {
		var it tenantItem
		if err := attributevalue.UnmarshalMap(av, &it); err != nil {
			return fmt.Errorf("decode service centre: %w", err)
		}
		mu.Lock()
		names[it.ID] = it.Name
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read names of %d service centres: %w", len(ids), err)
	}
	return names, nil
}

// CreateTenant writes a new organisation with its audit entry.
func (s *Store) CreateTenant(ctx context.Context, t auth.Tenant, a auth.AuditEntry) error {
	k := dynamo.TenantKey(t.Kind, t.ID)
	it, err := s.t.PutNew(tenantItem{PK: k.PK, SK: k.SK, GSI1PK: dynamo.TenantsPK(t.Kind), GSI1SK: dynamo.TenantsSK(t.Name, t.ID),
		Entity: string(t.Kind), ID: t.ID, Kind: string(t.Kind), Name: t.Name, City: t.City, Email: t.Email, Phone: t.Phone,
		Disabled: t.Disabled, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt})
	if err != nil {
		return err
	}
	audit, err := s.t.Put(newAuditItem(a))
	if err != nil {
		return err
	}
	return s.t.Transact(ctx, "create "+string(t.Kind), []types.TransactWriteItem{it, audit}, func(i int) error {
		if i == 0 {
			return auth.ErrTenantUnavailable
		}
		return nil
	})
}

// ListTenants pages through one kind of organisation by name.
func (s *Store) ListTenants(ctx context.Context, kind auth.TenantKind, o auth.ListOptions) (auth.Page[auth.Tenant], error) {
	q := dynamo.OnGSI1(dynamo.TenantsPK(kind), true)
	return dynamo.QueryPage(ctx, s.t, q, o, "tenant", tenantItem.tenant)
}

// SetTenantDisabled flips an organisation's Disabled flag with its audit entry.
func (s *Store) SetTenantDisabled(ctx context.Context, kind auth.TenantKind, id string, disabled bool, at time.Time, a auth.AuditEntry) error {
	return s.updateAudited(ctx, "set "+string(kind)+" disabled", dynamo.TenantKey(kind, id),
		expression.Set(expression.Name("Disabled"), expression.Value(disabled)).
			Set(expression.Name("UpdatedAt"), expression.Value(at)), a)
}

// ---------------------------------------------------------------- sessions

// CreateSession stores a new session; its TTL is the token's expiry.
func (s *Store) CreateSession(ctx context.Context, sess auth.Session) error {
	k := dynamo.SessionKey(sess.ID)
	av, err := attributevalue.MarshalMap(sessionItem{PK: k.PK, SK: k.SK,
		GSI1PK: dynamo.UserSessionsPK(sess.UserID), GSI1SK: dynamo.UserSessionsSK(sess.CreatedAt, sess.ID), Entity: "session",
		ID: sess.ID, UserID: sess.UserID, Role: string(sess.Role), Tenant: sess.Tenant,
		CentreRole: string(sess.CentreRole), CreatedAt: sess.CreatedAt, ExpiresAt: sess.ExpiresAt.Unix(),
		PasswordChangeRequired: sess.PasswordChangeRequired, Name: sess.Name})
	if err != nil {
		return err
	}
	expr, err := expression.NewBuilder().WithCondition(expression.AttributeNotExists(expression.Name("PK"))).Build()
	if err != nil {
		return err
	}
	_, err = s.t.DB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.t.Table()), Item: av,
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names()})
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	return nil
}

// Session reads a session; auth.ErrNotFound once it is revoked.
func (s *Store) Session(ctx context.Context, id string) (auth.Session, error) {
	var it sessionItem
	if err := s.t.Get(ctx, dynamo.SessionKey(id), &it); err != nil {
		return auth.Session{}, err
	}
	return auth.Session{ID: it.ID, UserID: it.UserID, Role: auth.Role(it.Role), Tenant: it.Tenant,
		CentreRole: auth.CentreRole(it.CentreRole), CreatedAt: it.CreatedAt, ExpiresAt: time.Unix(it.ExpiresAt, 0),
		PasswordChangeRequired: it.PasswordChangeRequired, Name: it.Name}, nil
}

// DeleteSession revokes a session (a missing one is already revoked).
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.t.DB().DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.t.Table()), Key: s.t.KeyAV(dynamo.SessionKey(id))})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// RevokeSessions deletes every session of a user. The index is eventually
// consistent, so a session opened in the same instant may survive; login
// refuses disabled users, and a reset password makes the old one useless.
func (s *Store) RevokeSessions(ctx context.Context, userID string) error {
	q := dynamo.OnGSI1(dynamo.UserSessionsPK(userID), true)
	o := auth.ListOptions{Limit: dynamo.MaxLimit}
	for {
		var ids []string
		next, err := s.t.RunQuery(ctx, q, o, func(av map[string]types.AttributeValue) error {
			var it sessionItem
			if err := attributevalue.UnmarshalMap(av, &it); err != nil {
				return err
			}
			ids = append(ids, it.ID)
			return nil
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.DeleteSession(ctx, id); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		o.Cursor = next
	}
}

// ---------------------------------------------------------------- lockout

// LockState reads a lock key's failed-login streak.
func (s *Store) LockState(ctx context.Context, k string) (auth.LockState, error) {
	var it lockItem
	err := s.t.Get(ctx, dynamo.LockKey(k), &it)
	if errors.Is(err, auth.ErrNotFound) {
		return auth.LockState{}, nil
	}
	if err != nil {
		return auth.LockState{}, err
	}
	return auth.LockState{Failures: it.Failures, LastFailure: it.LastFailure, LockedUntil: it.LockedUntil, Version: it.Version}, nil
}

// LockStates reads the states of many lock keys in batches; keys with no
// stored state are left out of the answer.
func (s *Store) LockStates(ctx context.Context, keys []string) (map[string]auth.LockState, error) {
	byPK := make(map[string]string, len(keys))
	dk := make([]dynamo.Key, len(keys))
	for i, k := range keys {
		dk[i] = dynamo.LockKey(k)
		byPK[dk[i].PK] = k
	}
	var mu sync.Mutex
	out := map[string]auth.LockState{}
	err := s.t.BatchGet(ctx, 1, dk, nil, func(av map[string]types.AttributeValue) error {
		var it lockItem
		if err := attributevalue.UnmarshalMap(av, &it); err != nil {
			return fmt.Errorf("read lock state: %w", err)
		}
		mu.Lock()
		defer mu.Unlock()
		out[byPK[it.PK]] = auth.LockState{Failures: it.Failures, LastFailure: it.LastFailure, LockedUntil: it.LockedUntil, Version: it.Version}
		return nil
	})
	return out, err
}

// SaveLockState writes the next streak state as version expect+1 on
// condition the stored version is still expect (absent when expect is 0).
func (s *Store) SaveLockState(ctx context.Context, k string, expect int64, next auth.LockState, expiresAt time.Time) error {
	lk := dynamo.LockKey(k)
	av, err := attributevalue.MarshalMap(lockItem{PK: lk.PK, SK: lk.SK, Entity: "lock", Failures: next.Failures,
		LastFailure: next.LastFailure, LockedUntil: next.LockedUntil, Version: expect + 1, ExpiresAt: expiresAt.Unix()})
	if err != nil {
		return err
	}
	expr, err := expression.NewBuilder().WithCondition(dynamo.StillAt(expect)).Build()
	if err != nil {
		return err
	}
	_, err = s.t.DB().PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.t.Table()), Item: av,
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()})
	if dynamo.IsConditionFailed(err) {
		return auth.ErrStale
	}
	if err != nil {
		return fmt.Errorf("save lock state: %w", err)
	}
	return nil
}

// ClearLockState deletes a streak on condition nobody changed it since it was read.
func (s *Store) ClearLockState(ctx context.Context, k string, expect int64) error {
	expr, err := expression.NewBuilder().WithCondition(expression.Name("Version").Equal(expression.Value(expect))).Build()
	if err != nil {
		return err
	}
	_, err = s.t.DB().DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(s.t.Table()), Key: s.t.KeyAV(dynamo.LockKey(k)),
		ConditionExpression: expr.Condition(), ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()})
	if dynamo.IsConditionFailed(err) {
		return auth.ErrStale
	}
	if err != nil {
		return fmt.Errorf("clear lock state: %w", err)
	}
	return nil
}

// Unlock deletes a user's streak with its audit entry; auth.ErrNotFound for an unknown user.
func (s *Store) Unlock(ctx context.Context, userID, k string, a auth.AuditEntry) error {
	chk, err := s.t.Check(dynamo.UserKey(userID), expression.AttributeExists(expression.Name("PK")))
	if err != nil {
		return err
	}
	del := types.TransactWriteItem{Delete: &types.Delete{TableName: aws.String(s.t.Table()), Key: s.t.KeyAV(dynamo.LockKey(k))}}
	audit, err := s.t.Put(newAuditItem(a))
	if err != nil {
		return err
	}
	return s.t.Transact(ctx, "unlock user", []types.TransactWriteItem{chk, del, audit}, func(i int) error {
		if i == 0 {
			return auth.ErrNotFound
		}
		return nil
	})
}

// ---------------------------------------------------------------- audit

// ListAudit pages through the audit log, newest first.
func (s *Store) ListAudit(ctx context.Context, o auth.ListOptions) (auth.Page[auth.AuditEntry], error) {
	q := dynamo.OnTable(dynamo.AuditPK, false)
	return dynamo.QueryPage(ctx, s.t, q, o, "audit entry", auditItem.entry)
}
