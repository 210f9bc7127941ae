package agenda

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
)

// Store keeps visits and their technicians' day schedules.
type Store interface {
	// SaveVisit writes next — new when prev is nil, else on condition the
	// stored visit is still at prev.Version (auth.ErrStale otherwise) — and
	// moves its time in the technicians' day schedules in the same
	// transaction: prev's slot is freed, a busy next is booked. When another
	// busy visit of next's technician overlaps it, nothing is written and
	// the error is a *BusyError naming that visit.
	SaveVisit(ctx context.Context, prev *Visit, next Visit) error
	Visit(ctx context.Context, id string) (Visit, error)
	// Visits are a centre's visits (technician "") or one technician's
	// that start in [from, to), by start.
	Visits(ctx context.Context, centre, technician string, from, to time.Time) ([]Visit, error)
}

// Staff reads the centre's users: who may be responsible for a visit.
type Staff interface {
	User(ctx context.Context, id string) (auth.User, error)
	ListUsers(ctx context.Context, tenant string, o auth.ListOptions) (auth.Page[auth.User], error)
}

// Desk reads the front desk's orders and customers a visit links to.
type Desk interface {
	Repair(ctx context.Context, id string) (desk.Repair, []desk.Event, error)
	Customer(ctx context.Context, id string) (desk.Customer, error)
}

// Service is the agenda's rules over the store. Every method takes the
// caller the authorizer established: a service centre's own staff only.
type Service struct {
	store  Store
	feeds  Feeds
	staff  Staff
	desk   Desk
	phones Phones
	now    auth.Clock
	newID  auth.IDGen
	token  func() string
	loc    *time.Location
}

// Config holds the service's dependencies; Clock, NewID and NewToken
// default to the wall clock, ULIDs and 256 random bits.
type Config struct {
	Store    Store
	Feeds    Feeds
	Staff    Staff
	Desk     Desk
	Phones   Phones
	Clock    auth.Clock
	NewID    auth.IDGen
	NewToken func() string
	// Location is the business time zone: days of the views and messages.
	Location *time.Location
}

// NewService checks the configuration and returns the service.
func NewService(c Config) (*Service, error) {
	if c.Store == nil || c.Feeds == nil || c.Staff == nil || c.Desk == nil || c.Phones == nil || c.Location == nil {
		return nil, errors.New("agenda: Store, Feeds, Staff, Desk, Phones and Location are required")
	}
	c.Clock, c.NewID = c.Clock.OrNow(), c.NewID.OrULID()
	if c.NewToken == nil {
		c.NewToken = NewFeedToken
	}
	return &Service{store: c.Store, feeds: c.Feeds, staff: c.Staff, desk: c.Desk, phones: c.Phones, now: c.Clock,
		newID: c.NewID, token: c.NewToken, loc: c.Location}, nil
}

var errNoCentre = apperr.New(apperr.Forbidden, "Раздел доступен сотрудникам сервисного центра", "Only a service centre's staff use the agenda")

// centre is the caller's own service centre.
func centre(c auth.Caller) (string, error) {
	if c.Role != auth.RoleServiceCenter || c.Tenant == "" {
		return "", errNoCentre
	}
	return c.Tenant, nil
}

// planners plan anybody's visits; a technician plans and changes only
// their own.
var planners = []auth.CentreRole{auth.CentreAdmin, auth.CentreReception}

func plansAll(c auth.Caller) bool { return slices.Contains(planners, c.InCentre()) }

var errOwnOnly = apperr.New(apperr.Forbidden, "Мастер видит и меняет только свои выезды", "A technician sees and changes only their own visits")

// mayTouch lets planners at any visit and a technician at their own.
func mayTouch(c auth.Caller, technician string) error {
	if plansAll(c) || technician == c.UserID {
		return nil
	}
	return errOwnOnly
}

// Create plans a visit.
func (s *Service) Create(ctx context.Context, c auth.Caller, in Input) (Visit, error) {
	sc, err := centre(c)
	if err != nil {
		return Visit{}, err
	}
	in, err = s.check(ctx, c, sc, in)
	if err != nil {
		return Visit{}, err
	}
	now := s.now().UTC()
	v := Visit{ID: s.newID(), CentreID: sc, Status: StatusPlanned, Version: 1, CreatedBy: c.UserID, CreatedAt: now, UpdatedAt: now}
	v.apply(in)
	return v, s.save(ctx, nil, v)
}

// Update changes a planned visit — its time, technician, place, contact —
// on condition nobody changed it since in.Version.
func (s *Service) Update(ctx context.Context, c auth.Caller, id string, in Input) (Visit, error) {
	before, err := s.Visit(ctx, c, id)
	if err != nil {
		return Visit{}, err
	}
	if before.Status != StatusPlanned {
		return Visit{}, apperr.New(apperr.Conflict, "Выезд уже выполнен или отменён: его не меняют", "A done or cancelled visit is not changed")
	}
	in, err = s.check(ctx, c, before.CentreID, in)
	if err != nil {
		return Visit{}, err
	}
	if in.Version != before.Version {
		return Visit{}, errStale
	}
	after := before
	after.apply(in)
	after.Version, after.UpdatedAt = before.Version+1, s.now().UTC()
	return after, s.save(ctx, &before, after)
}

// StatusInput marks a visit done or cancelled (or planned again).
type StatusInput struct {
	Status  Status `json:"status"`
	Version int    `json:"version"`
}

// SetStatus moves a visit: cancelling frees its time, planning a cancelled
// visit again books it anew (and may be refused as busy).
func (s *Service) SetStatus(ctx context.Context, c auth.Caller, id string, in StatusInput) (Visit, error) {
	before, err := s.Visit(ctx, c, id)
	if err != nil {
		return Visit{}, err
	}
	switch in.Status {
	case StatusPlanned, StatusDone, StatusCancelled:
	default:
		return Visit{}, apperr.Field("status", CodeInvalid, "Статус: planned, done или cancelled", "Status: planned, done or cancelled")
	}
	if in.Version != before.Version {
		return Visit{}, errStale
	}
	if in.Status == before.Status {
		return before, nil
	}
	after := before
	after.Status, after.Version, after.UpdatedAt = in.Status, before.Version+1, s.now().UTC()
	return after, s.save(ctx, &before, after)
}

var errStale = apperr.New(apperr.Conflict, "Выезд уже изменили: обновите страницу", "The visit changed meanwhile: reload")

func (s *Service) save(ctx context.Context, prev *Visit, v Visit) error {
	var busy *BusyError
	switch err := s.store.SaveVisit(ctx, prev, v); {
	case errors.As(err, &busy):
		return busyError(busy.Other, s.loc)
	case errors.Is(err, auth.ErrStale):
		return errStale
	case err != nil:
		return apperr.Wrap(err, "save visit "+v.ID)
	}
	return nil
}

func (v *Visit) apply(in Input) {
	v.Kind, v.TechnicianID, v.Start, v.End, v.Address = in.Kind, in.TechnicianID, in.Start, in.End, in.Address
	v.Contact, v.RepairID, v.CustomerID, v.Notes = in.Contact, in.RepairID, in.CustomerID, in.Notes
}

// check normalizes the input and checks what it refers to: the technician
// is active staff of the centre (a technician names only themselves), the
// order and the customer are the centre's. An order decides the customer.
func (s *Service) check(ctx context.Context, c auth.Caller, sc string, in Input) (Input, error) {
	in, err := normalize(in, s.phones)
	if err != nil {
		return Input{}, err
	}
	if err := mayTouch(c, in.TechnicianID); err != nil {
		return Input{}, err
	}
	if err := s.checkTechnician(ctx, sc, in.TechnicianID); err != nil {
		return Input{}, err
	}
	if in.RepairID != "" {
		r, _, err := s.desk.Repair(ctx, in.RepairID)
		if errors.Is(err, auth.ErrNotFound) || err == nil && r.CentreID != sc {
			return Input{}, apperr.Field("repairId", CodeInvalid, "Заказ не найден", "No such repair order")
		}
		if err != nil {
			return Input{}, apperr.Wrap(err, "read repair order "+in.RepairID)
		}
		in.CustomerID = r.CustomerID
	}
	if in.CustomerID != "" {
		cu, err := s.desk.Customer(ctx, in.CustomerID)
		if errors.Is(err, auth.ErrNotFound) || err == nil && cu.CentreID != sc {
			return Input{}, apperr.Field("customerId", CodeInvalid, "Клиент не найден", "No such customer")
		}
		if err != nil {
			return Input{}, apperr.Wrap(err, "read customer "+in.CustomerID)
		}
	}
	return in, nil
}

func (s *Service) checkTechnician(ctx context.Context, sc, id string) error {
	u, err := s.staff.User(ctx, id)
	if errors.Is(err, auth.ErrNotFound) || err == nil && !staffOf(u, sc) {
		return apperr.Field("technicianId", CodeInvalid, "Ответственный — сотрудник вашего сервисного центра", "The technician must be one of the centre's staff")
	}
	if err != nil {
		return apperr.Wrap(err, "read technician "+id)
	}
	return nil
}

func staffOf(u auth.User, sc string) bool {
	return u.Tenant == sc && u.Role == auth.RoleServiceCenter && !u.Disabled
}

// Visit reads one visit of the caller's centre; a technician reads only
// their own.
func (s *Service) Visit(ctx context.Context, c auth.Caller, id string) (Visit, error) {
	sc, err := centre(c)
	if err != nil {
		return Visit{}, err
	}
	if id == "" || len(id) > MaxID {
		return Visit{}, auth.NotFound()
	}
	v, err := s.store.Visit(ctx, id)
	if errors.Is(err, auth.ErrNotFound) || err == nil && v.CentreID != sc {
		return Visit{}, auth.NotFound()
	}
	if err != nil {
		return Visit{}, apperr.Wrap(err, "read visit "+id)
	}
	if err := mayTouch(c, v.TechnicianID); err != nil {
		return Visit{}, err
	}
	return v, nil
}

// Query chooses a view: Days days from From (a date of the business time
// zone), of one technician or (TechnicianID empty) the whole centre.
type Query struct {
	From         string
	Days         int
	TechnicianID string
}

// MaxDays is the longest view: a week.
const MaxDays = 7

// List is a day or week view: every visit overlapping the period, by start.
// A technician sees only their own, whatever they ask for.
func (s *Service) List(ctx context.Context, c auth.Caller, q Query) ([]Visit, error) {
	sc, err := centre(c)
	if err != nil {
		return nil, err
	}
	day, err := time.ParseInLocation(time.DateOnly, q.From, s.loc)
	if err != nil {
		return nil, apperr.Field("from", CodeInvalid, "Дата в формате ГГГГ-ММ-ДД", "A date as YYYY-MM-DD")
	}
	if q.Days < 1 || q.Days > MaxDays {
		return nil, apperr.Field("days", CodeOutOfRange, "От 1 до "+strconv.Itoa(MaxDays)+" дней", "1 to 7 days")
	}
	if len(q.TechnicianID) > MaxID {
		return nil, apperr.Field("technician", CodeInvalid, "Неверный мастер", "Bad technician")
	}
	if !plansAll(c) {
		if q.TechnicianID != "" && q.TechnicianID != c.UserID {
			return nil, errOwnOnly
		}
		q.TechnicianID = c.UserID
	}
	from, to := day, day.AddDate(0, 0, q.Days)
	return s.overlapping(ctx, sc, q.TechnicianID, from, to)
}

// overlapping are the visits that overlap [from, to): those starting in
// it, and those starting up to MaxDuration before that are still going on.
func (s *Service) overlapping(ctx context.Context, sc, technician string, from, to time.Time) ([]Visit, error) {
	vs, err := s.store.Visits(ctx, sc, technician, from.Add(-MaxDuration), to)
	if err != nil {
		return nil, apperr.Wrap(err, "list visits")
	}
	out := vs[:0]
	for _, v := range vs {
		if v.End.After(from) {
			out = append(out, v)
		}
	}
	return out, nil
}

// Technician is a staff member a visit can be given to.
type Technician struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	CentreRole auth.CentreRole `json:"centreRole"`
}

// Technicians are the centre's active staff, technicians first, then by
// name; a technician sees only themselves.
func (s *Service) Technicians(ctx context.Context, c auth.Caller) ([]Technician, error) {
	sc, err := centre(c)
	if err != nil {
		return nil, err
	}
	out := []Technician{}
	for u, err := range auth.Walk(200, func(o auth.ListOptions) (auth.Page[auth.User], error) {
		return s.staff.ListUsers(ctx, sc, o)
	}) {
		if err != nil {
			return nil, apperr.Wrap(err, "list staff of "+sc)
		}
		if staffOf(u, sc) && (plansAll(c) || u.ID == c.UserID) {
			out = append(out, Technician{ID: u.ID, Name: u.FullName, CentreRole: auth.Caller{CentreRole: u.CentreRole}.InCentre()})
		}
	}
	slices.SortStableFunc(out, func(a, b Technician) int {
		ta, tb := a.CentreRole == auth.CentreTechnician, b.CentreRole == auth.CentreTechnician
		switch {
		case ta && !tb:
			return -1
		case tb && !ta:
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}
