package auth

import (
	"errors"
	"iter"
	"time"

	"github.com/oklog/ulid/v2"

	"aftersales/shared/apperr"
)

// Clock tells the time. Services take one so tests can move time (lockouts,
// token expiry) without sleeping.
type Clock func() time.Time

// IDGen makes new object ids. ULIDs in production (sortable, unguessable
// enough for ids that are never secrets); a counter in tests.
type IDGen func() string

// NewULID is the production IDGen.
func NewULID() string { return ulid.Make().String() }

// OrNow is c, or the wall clock when a service's configuration left it out.
func (c Clock) OrNow() Clock {
	if c == nil {
		return time.Now
	}
	return c
}

// OrULID is g, or NewULID when a service's configuration left it out.
func (g IDGen) OrULID() IDGen {
	if g == nil {
		return NewULID
	}
	return g
}

// TenantKind tells service centres from distributors. Users of each kind are
// scoped to one tenant of that kind, so the kind follows from the role.
type TenantKind string

// The two kinds of tenant of identity.md.
const (
	KindServiceCenter TenantKind = "service_center"
	KindDistributor   TenantKind = "distributor"
)

// TenantKindOf returns the kind of tenant a role belongs to; staff belong to none.
func TenantKindOf(r Role) (TenantKind, bool) {
	switch r {
	case RoleServiceCenter:
		return KindServiceCenter, true
	case RoleKeyUser:
		return KindDistributor, true
	}
	return "", false
}

// Tenant is a service centre or a distributor: the organisation whose users
// see only its own data.
type Tenant struct {
	ID        string
	Kind      TenantKind
	Name      string
	City      string
	Email     string
	Phone     string
	Disabled  bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// User is an account. PasswordHash never leaves the auth and store packages.
type User struct {
	ID       string
	Login    string // lower case, unique
	Email    string // lower case, unique when set; may be used to sign in
	FullName string
	Role     Role
	// Tenant is fixed by an admin at creation: a service centre id for
	// service_center users, a distributor id for key_user users, empty for staff.
	Tenant string
	// CentreRole is a service_center user's role in the centre (empty: admin).
	CentreRole   CentreRole
	PasswordHash string
	Disabled     bool
	// PasswordChangeRequired is set by an admin's reset: the user must choose
	// their own password before doing anything else.
	PasswordChangeRequired bool
	// Mail is how the user hears of act events: each at once (the
	// default, also for users stored before the choice) or in the daily digest.
	Mail      MailMode
	CreatedAt time.Time
	UpdatedAt time.Time
}

// MailMode is a user's choice between a mail per event and the daily digest.
type MailMode string

// The two choices; the zero value reads as immediate.
const (
	MailImmediate MailMode = "immediate"
	MailDigest    MailMode = "digest"
)

// Valid tells the two choices from anything else.
func (m MailMode) Valid() bool { return m == MailImmediate || m == MailDigest }

// MailMode is the user's choice, immediate when none was made.
func (u User) MailMode() MailMode {
	if u.Mail == MailDigest {
		return MailDigest
	}
	return MailImmediate
}

// Caller returns the identity a session of this user carries.
func (u User) Caller(sessionID string) Caller {
	return Caller{UserID: u.ID, Role: u.Role, Tenant: u.Tenant, SessionID: sessionID, CentreRole: u.CentreRole}
}

// ListOptions pages a list: at most Limit items after the opaque Cursor a
// previous page returned.
type ListOptions struct {
	Limit  int
	Cursor string
}

// Page is one page of a list; Next is empty on the last page.
type Page[T any] struct {
	Items []T
	Next  string
}

// Walk yields every item of a paged list, reading pages of limit items by
// list as the loop reaches them, so that the items of the pages read are
// used even when a later page fails. A failed read is yielded with a zero
// item and ends the walk.
func Walk[T any](limit int, list func(ListOptions) (Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for o := (ListOptions{Limit: limit}); ; {
			page, err := list(o)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
			if page.Next == "" {
				return
			}
			o.Cursor = page.Next
		}
	}
}

// Store errors: the contract between the services here and their adapters.
var (
	// ErrNotFound: no such item.
	ErrNotFound = errors.New("not found")
	// ErrStale: a conditional write lost to a concurrent one; re-read and retry.
	ErrStale = errors.New("stale version")
	// ErrBadCursor: a page cursor that this list did not hand out.
	ErrBadCursor = errors.New("bad cursor")
)

var errBadCursor = apperr.Field("cursor", "invalid_value", "Неверный курсор страницы", "Invalid page cursor")

// StoreError is what a caller sees of a store's error: NotFound for a
// missing object, a field error for a cursor the list did not hand out,
// and anything else as an internal error wrapped with what was being done;
// nil stays nil. A service maps its own store errors first.
func StoreError(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNotFound):
		return NotFound()
	case errors.Is(err, ErrBadCursor):
		return errBadCursor
	}
	return apperr.Wrap(err, what)
}
