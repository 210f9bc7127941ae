package ledger

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/money"
	"aftersales/shared/orders"
)

// Store errors: the contract between the service and its storage adapter.
var (
	// ErrStale: an entry changed since it was read; nothing was written.
	ErrStale = errors.New("stale ledger entry")
	// ErrExists: an entry with this id was already recorded.
	ErrExists = errors.New("ledger entry exists")
)

// Store keeps the ledger's entries.
type Store interface {
	// CentreMonth is a centre's entries of a month (YYYY-MM).
	CentreMonth(ctx context.Context, centre, month string) ([]Entry, error)
	// PayerMonth is a payer's entries of a month, every centre's.
	PayerMonth(ctx context.Context, payer orders.Payer, month string) ([]Entry, error)
	// Entry reads one entry, strongly consistent; auth.ErrNotFound.
	Entry(ctx context.Context, id string) (Entry, error)
	// Save writes after in one transaction, each entry on condition it is
	// still at its version in before; ErrStale otherwise.
	Save(ctx context.Context, before, after []Entry) error
}

// MaxClaim is the most entries one claim takes: they are written in one
// transaction (at most 100 items).
const MaxClaim = 100

// Service is the managers' recovery of costs and everyone's statements.
// Every method takes the caller the authorizer established.
type Service struct {
	store Store
	now   auth.Clock
}

// NewService returns the service on store.
func NewService(store Store, now auth.Clock) *Service {
	return &Service{store: store, now: now.OrNow()}
}

var (
	errStaff = apperr.New(apperr.Forbidden, "Взыскание расходов доступно менеджерам", "Recovery is for managers")
	errStale = apperr.New(apperr.Conflict,
		"Запись только что изменил кто-то другой: обновите страницу и повторите",
		"The entry was just changed by someone else: reload and try again")
)

func storeError(err error, what string) error {
	if errors.Is(err, ErrStale) {
		return errStale
	}
	return auth.StoreError(err, what)
}

func checkPayer(p orders.Payer) error {
	if !p.Valid() {
		return apperr.Field("payer", "invalid_value",
			fmt.Sprintf("Неизвестный плательщик «%s»", p), fmt.Sprintf("Unknown payer %q", p))
	}
	return nil
}

// Payer is a payer's statement of a month (managers and admins), narrowed
// to one factory or carrier when party is given, to one state when state is.
func (s *Service) Payer(ctx context.Context, c auth.Caller, payer orders.Payer, party, month string, state State) (PayerStatement, error) {
	if !c.Role.Staff() {
		return PayerStatement{}, errStaff
	}
	if err := checkPayer(payer); err != nil {
		return PayerStatement{}, err
	}
	if state != "" && !state.Valid() {
		return PayerStatement{}, apperr.Field("state", "invalid_value",
			fmt.Sprintf("Неизвестное состояние «%s»", state), fmt.Sprintf("Unknown state %q", state))
	}
	m, err := orders.ParseMonth(month)
	if err != nil {
		return PayerStatement{}, err
	}
	es, err := s.store.PayerMonth(ctx, payer, m.String())
	if err != nil {
		return PayerStatement{}, storeError(err, "read the payer's month")
	}
	if state != "" {
		es = slices.DeleteFunc(es, func(e Entry) bool { return e.Recovery == nil || e.Recovery.State != state })
	}
	return PayerMonth(payer, party, m.String(), es), nil
}

// Centre is a centre's statement of a month. A centre reads its own only
// (another's answers 404, as if it did not exist); staff read any.
func (s *Service) Centre(ctx context.Context, c auth.Caller, centre, month string) (Statement, error) {
	if c.Role == auth.RoleServiceCenter && centre == "" {
		centre = c.Tenant
	}
	if centre == "" {
		return Statement{}, apperr.Field("serviceCenter", "required", "Укажите сервисный центр", "Give the service centre")
	}
	if err := c.CheckTenant(centre); err != nil {
		return Statement{}, err
	}
	if c.Role != auth.RoleServiceCenter && !c.Role.Staff() {
		return Statement{}, auth.NotFound()
	}
	m, err := orders.ParseMonth(month)
	if err != nil {
		return Statement{}, err
	}
	es, err := s.store.CentreMonth(ctx, centre, m.String())
	if err != nil {
		return Statement{}, storeError(err, "read the centre's month")
	}
	st := CentreStatement(centre, m.String(), es)
	if st.Entries == nil {
		st.Entries = []Entry{}
	}
	return st, nil
}

// Claim is a claim sent to a liable party for some of its entries.
type Claim struct {
	EntryIDs []string  `json:"entryIds"`
	Number   string    `json:"claimNumber"`
	Date     time.Time `json:"claimDate"`
	Document string    `json:"document"`
	// Party is the factory claimed (carrier entries name theirs).
	Party string `json:"party"`
}

// Claim marks entries claimed, all or none, each on condition it is still
// as read.
func (s *Service) Claim(ctx context.Context, c auth.Caller, cl Claim) ([]Entry, error) {
	if len(cl.EntryIDs) == 0 || len(cl.EntryIDs) > MaxClaim || len(slices.Compact(slices.Sorted(slices.Values(cl.EntryIDs)))) != len(cl.EntryIDs) {
		return nil, apperr.Field("entryIds", "invalid_value", fmt.Sprintf("Выберите от 1 до %d разных записей", MaxClaim),
			fmt.Sprintf("Choose 1 to %d distinct entries", MaxClaim))
	}
	return s.step(ctx, c, cl.EntryIDs, 0, 0, cl.Number, func(e *Entry) error {
		return e.Claim(cl.Number, cl.Document, cl.Party, cl.Date)
	})
}

// Recover records a payment against one claimed entry read at version (0:
// as it is now).
func (s *Service) Recover(ctx context.Context, c auth.Caller, id string, version int, amount money.RUB, date time.Time) (Entry, error) {
	es, err := s.step(ctx, c, []string{id}, version, amount, "", func(e *Entry) error { return e.Recover(amount, date) })
	if err != nil {
		return Entry{}, err
	}
	return es[0], nil
}

// WriteOff gives up what is outstanding on one claimed entry, with a reason.
func (s *Service) WriteOff(ctx context.Context, c auth.Caller, id string, version int, reason string) (Entry, error) {
	es, err := s.step(ctx, c, []string{id}, version, 0, reason, func(e *Entry) error {
		before := e.Outstanding()
		if err := e.WriteOff(reason); err != nil {
			return err
		}
		e.History[len(e.History)-1].Amount = before
		return nil
	})
	if err != nil {
		return Entry{}, err
	}
	return es[0], nil
}

// step reads the entries, applies fn to each and records the step in its
// history, then saves them all on condition none changed meanwhile.
func (s *Service) step(ctx context.Context, c auth.Caller, ids []string, version int, amount money.RUB, note string, fn func(*Entry) error) ([]Entry, error) {
	if !c.Role.Staff() {
		return nil, errStaff
	}
	now := s.now()
	before := make([]Entry, 0, len(ids))
	after := make([]Entry, 0, len(ids))
	for _, id := range ids {
		e, err := s.store.Entry(ctx, id)
		if err != nil {
			return nil, storeError(err, "read ledger entry "+id)
		}
		if version != 0 && e.Version != version {
			return nil, errStale
		}
		next := e
		if e.Recovery != nil {
			r := *e.Recovery
			next.Recovery = &r
		}
		next.History = slices.Clone(e.History)
		from := State("")
		if e.Recovery != nil {
			from = e.Recovery.State
		}
		next.History = append(next.History, Change{At: now, ActorID: c.UserID, ActorRole: string(c.Role), ActorName: c.Name,
			From: from, Amount: amount, Note: note})
		if err := fn(&next); err != nil {
			return nil, err
		}
		next.History[len(next.History)-1].To = next.Recovery.State
		next.Version = e.Version + 1
		before, after = append(before, e), append(after, next)
	}
	if err := s.store.Save(ctx, before, after); err != nil {
		return nil, storeError(err, "save recovery step")
	}
	return after, nil
}
