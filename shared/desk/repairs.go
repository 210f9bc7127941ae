package desk

import (
	"context"
	"errors"
	"fmt"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// RepairStore keeps repair orders, their history and the centre's settings.
type RepairStore interface {
	// Settings: auth.ErrNotFound until the centre saves its own.
	Settings(ctx context.Context, centre string) (Settings, error)
	// PutSettings writes s on condition the stored version is before (0: none).
	PutSettings(ctx context.Context, centre string, before int, s Settings) error
	// CreateRepair gives r the centre's next number of r.Year without gaps
	// and writes it with ev, its status link (r.StatusToken, when set) and
	// the messages tell composes for the numbered order (tell may be nil);
	// due is when it becomes overdue (nil: no norm).
	CreateRepair(ctx context.Context, r Repair, due *time.Time, prefix string, ev Event, tell func(Repair) []Message) (Repair, error)
	// UpdateRepair writes after on condition of before.Version (auth.ErrStale)
	// with events and the messages it queues, and after's status link when
	// before had none.
	UpdateRepair(ctx context.Context, before, after Repair, due *time.Time, events []Event, msgs []Message) error
	Repair(ctx context.Context, id string) (Repair, []Event, error)
	Repairs(ctx context.Context, centre string, f RepairFilter) (auth.Page[Repair], error)
	DeviceRepairs(ctx context.Context, device string) ([]Repair, error)
	CustomerRepairs(ctx context.Context, customer string) ([]Repair, error)
	// WarrantyAct reads an act as an order shows it; auth.ErrNotFound.
	WarrantyAct(ctx context.Context, id string) (WarrantyAct, error)
	// PriceList: auth.ErrNotFound until the centre saves one.
	PriceList(ctx context.Context, centre string) (PriceList, error)
	// PutPriceList writes p on condition the stored version is before (0: none).
	PutPriceList(ctx context.Context, centre string, before int, p PriceList) error
}

// Staff tells whether a user is one of a centre's staff (an order's executor).
type Staff interface {
	User(ctx context.Context, id string) (auth.User, error)
}

// RepairFilter chooses a list: one status's orders, one executor's open
// orders (those overdue at OverdueAt when set), the open orders overdue at
// OverdueAt, or (none set) every open order — overdue first in all but the
// status list. ExecutorID ExecutorMe is the caller; a technician's list is
// always their own.
type RepairFilter struct {
	Status     Status
	ExecutorID string
	OverdueAt  *time.Time
	Limit      int
	Cursor     string
}

// ExecutorMe names the caller as the executor of a list (?executor=me).
const ExecutorMe = "me"

// Settings are the caller's centre's settings, its defaults until it saves.
func (s *Service) Settings(ctx context.Context, c auth.Caller) (Settings, error) {
	sc, err := centre(c)
	if err != nil {
		return Settings{}, err
	}
	return s.settings(ctx, sc)
}

func (s *Service) settings(ctx context.Context, sc string) (Settings, error) {
	return settingsOf(ctx, s.repairs, sc)
}

// settingsOf are a centre's settings, the defaults until it saves its own.
func settingsOf(ctx context.Context, repairs RepairStore, sc string) (Settings, error) {
	st, err := repairs.Settings(ctx, sc)
	if errors.Is(err, auth.ErrNotFound) {
		return DefaultSettings(), nil
	}
	if err != nil {
		return Settings{}, apperr.Wrap(err, "read desk settings")
	}
	return st, nil
}

// SaveSettings changes the centre's prefix, chain and norms. A changed norm
// applies to an order from its next status change.
func (s *Service) SaveSettings(ctx context.Context, c auth.Caller, in Settings) (Settings, error) {
	sc, err := adminCentre(c)
	if err != nil {
		return Settings{}, err
	}
	in, err = normalizeSettings(in)
	if err != nil {
		return Settings{}, err
	}
	before := in.Version
	in.Version++
	if err := saved(s.repairs.PutSettings(ctx, sc, before, in), errStaleSettings, "save desk settings"); err != nil {
		return Settings{}, err
	}
	return in, nil
}

// CreateRepair takes a device in: it finds or registers the customer and
// the device (a serial the centre knows is its device), numbers the order
// and starts it in the first status of the centre's chain.
func (s *Service) CreateRepair(ctx context.Context, c auth.Caller, in NewRepair) (RepairView, error) {
	sc, err := centre(c)
	if err != nil {
		return RepairView{}, err
	}
	if err := allow(c, frontDesk...); err != nil {
		return RepairView{}, err
	}
	if in.CustomerID != "" && in.Customer != nil {
		return RepairView{}, apperr.Field("customer", CodeDuplicate, "Либо найденный клиент, либо новый — не оба", "Either customerId or customer")
	}
	if in.DeviceID != "" && in.Device != nil {
		return RepairView{}, apperr.Field("device", CodeDuplicate, "Либо найденное изделие, либо новое — не оба", "Either deviceId or device")
	}
	intake, err := normalizeIntake(in.Intake)
	if err != nil {
		return RepairView{}, err
	}
	if err := s.checkExecutor(ctx, sc, in.ExecutorID); err != nil {
		return RepairView{}, err
	}
	cu, err := s.intakeCustomer(ctx, c, in)
	if err != nil {
		return RepairView{}, err
	}
	dev, err := s.intakeDevice(ctx, c, cu, in)
	if err != nil {
		return RepairView{}, err
	}
	st, err := s.settings(ctx, sc)
	if err != nil {
		return RepairView{}, err
	}
	now := s.now().UTC()
	r := Repair{ID: s.newID(), CentreID: sc, Year: now.In(s.loc).Year(), CustomerID: cu.ID, DeviceID: dev.ID,
		CustomerName: cu.Name, DeviceTitle: deviceTitle(dev), Serial: dev.Serial, Intake: intake, ExecutorID: in.ExecutorID,
		Status: st.Chain[0].Code, StatusSince: now, Version: 1, CreatedBy: c.UserID, CreatedAt: now, UpdatedAt: now}
	due := dueOf(st, r)
	var tell func(Repair) []Message
	if s.msg != nil {
		r.StatusToken = s.msg.token()
		t, err := s.msg.teller(ctx, cu)
		if err != nil {
			return RepairView{}, err
		}
		tell = func(r Repair) []Message { return t(StatusOccasion(r), st) }
	}
	r, err = s.repairs.CreateRepair(ctx, r, due, st.Prefix, Event{At: now, By: c.UserID, Kind: "created",
		Text: "Заказ принят: " + r.DeviceTitle + ", " + intake.Complaint}, tell)
	if err != nil {
		return RepairView{}, apperr.Wrap(err, "create repair order")
	}
	if tell != nil {
		s.msg.deliver(ctx, tell(r))
	}
	return st.View(r, now), nil
}

func dueOf(st Settings, r Repair) *time.Time {
	if due, ok := st.DueAt(r.Status, r.StatusSince); ok {
		return &due
	}
	return nil
}

func deviceTitle(d Device) string {
	t := d.Category + " " + d.Model
	if d.Maker != "" {
		t += " " + d.Maker
	}
	return t
}

func (s *Service) intakeCustomer(ctx context.Context, c auth.Caller, in NewRepair) (Customer, error) {
	switch {
	case in.CustomerID != "":
		cu, err := s.Customer(ctx, c, in.CustomerID)
		if errors.Is(err, auth.NotFound()) {
			return Customer{}, apperr.Field("customerId", CodeRequired, "Клиент не найден", "No such customer")
		}
		return cu, err
	case in.Customer != nil:
		return s.CreateCustomer(ctx, c, *in.Customer)
	}
	return Customer{}, apperr.Field("customerId", CodeRequired, "Найдите клиента или заполните нового", "Choose or describe the customer")
}

func (s *Service) intakeDevice(ctx context.Context, c auth.Caller, cu Customer, in NewRepair) (Device, error) {
	switch {
	case in.DeviceID != "":
		card, err := s.Device(ctx, c, in.DeviceID)
		if errors.Is(err, auth.NotFound()) {
			return Device{}, apperr.Field("deviceId", CodeRequired, "Изделие не найдено", "No such device")
		}
		return card.Device, err
	case in.Device != nil:
		d := *in.Device
		d.CustomerID = cu.ID
		d, err := normalizeDevice(d)
		if err != nil {
			return Device{}, err
		}
		if serial := d.Serial; serial != "" {
			// A serial typed anywhere is the unit the centre already knows.
			if known, err := s.store.DeviceBySerial(ctx, cu.CentreID, serial); err == nil {
				return known, nil
			} else if !errors.Is(err, auth.ErrNotFound) {
				return Device{}, apperr.Wrap(err, "find device by serial")
			}
		}
		return s.CreateDevice(ctx, c, d)
	}
	return Device{}, apperr.Field("deviceId", CodeRequired, "Найдите изделие или заполните новое", "Choose or describe the device")
}

// checkExecutor accepts no executor or a user of the centre.
func (s *Service) checkExecutor(ctx context.Context, sc, id string) error {
	if id == "" {
		return nil
	}
	_, err := s.executor(ctx, sc, id)
	return err
}

// executor is the enabled user id of centre sc who may execute an order.
func (s *Service) executor(ctx context.Context, sc, id string) (auth.User, error) {
	if !plausibleID(id) {
		return auth.User{}, apperr.Field("executorId", CodeRequired, "Исполнитель — сотрудник вашего сервисного центра", "The executor must be one of the centre's staff")
	}
	u, err := s.staff.User(ctx, id)
	if errors.Is(err, auth.ErrNotFound) || err == nil && (u.Tenant != sc || u.Role != auth.RoleServiceCenter || u.Disabled) {
		return auth.User{}, apperr.Field("executorId", CodeRequired, "Исполнитель — сотрудник вашего сервисного центра", "The executor must be one of the centre's staff")
	}
	if err != nil {
		return auth.User{}, apperr.Wrap(err, "read executor "+id)
	}
	return u, nil
}

// RepairCard is an order with its history and its warranty act.
type RepairCard struct {
	Repair  RepairView   `json:"repair"`
	History []Event      `json:"history"`
	Act     *WarrantyAct `json:"act,omitempty"`
}

// Repair reads one order of the caller's centre.
func (s *Service) Repair(ctx context.Context, c auth.Caller, id string) (RepairCard, error) {
	r, events, st, err := s.repair(ctx, c, id)
	if err != nil {
		return RepairCard{}, err
	}
	if events == nil {
		events = []Event{}
	}
	act, err := s.warrantyAct(ctx, r)
	if err != nil {
		return RepairCard{}, err
	}
	return RepairCard{Repair: st.View(r, s.now()), History: events, Act: act}, nil
}

func (s *Service) repair(ctx context.Context, c auth.Caller, id string) (Repair, []Event, Settings, error) {
	type withHistory struct {
		r      Repair
		events []Event
	}
	read := func(ctx context.Context, id string) (withHistory, error) {
		r, events, err := s.repairs.Repair(ctx, id)
		return withHistory{r, events}, err
	}
	got, err := owned(ctx, c, id, "repair order", read, func(w withHistory) string { return w.r.CentreID })
	if err != nil {
		return Repair{}, nil, Settings{}, err
	}
	if c.InCentre() == auth.CentreTechnician && got.r.ExecutorID != c.UserID {
		// Another's order is not the technician's to see: as if absent.
		return Repair{}, nil, Settings{}, auth.NotFound()
	}
	st, err := s.settings(ctx, got.r.CentreID)
	return got.r, got.events, st, err
}

// Repairs lists the caller's centre's orders (see RepairFilter).
func (s *Service) Repairs(ctx context.Context, c auth.Caller, f RepairFilter) (auth.Page[RepairView], error) {
	sc, err := centre(c)
	if err != nil {
		return auth.Page[RepairView]{}, err
	}
	st, err := s.settings(ctx, sc)
	if err != nil {
		return auth.Page[RepairView]{}, err
	}
	if len(f.ExecutorID) > MaxID {
		return auth.Page[RepairView]{}, apperr.Field("executor", CodeTooLong, "Неверный исполнитель", "Bad executor")
	}
	if c.InCentre() == auth.CentreTechnician {
		if f.Status != "" || f.ExecutorID != "" && f.ExecutorID != ExecutorMe && f.ExecutorID != c.UserID {
			return auth.Page[RepairView]{}, errTechnicianOwnOnly
		}
		f.ExecutorID = ExecutorMe
	}
	if f.ExecutorID == ExecutorMe {
		f.ExecutorID = c.UserID
	}
	if f.Status != "" {
		if _, ok := st.Def(f.Status); !ok {
			return auth.Page[RepairView]{}, apperr.Field("status", CodeRequired, "Неизвестный статус", "Unknown status")
		}
	}
	page, err := s.repairs.Repairs(ctx, sc, f)
	if errors.Is(err, auth.ErrBadCursor) {
		return auth.Page[RepairView]{}, apperr.Field("cursor", CodeRequired, "Неверная позиция списка", "Bad cursor")
	}
	if err != nil {
		return auth.Page[RepairView]{}, apperr.Wrap(err, "list repair orders")
	}
	now := s.now()
	out := auth.Page[RepairView]{Items: make([]RepairView, 0, len(page.Items)), Next: page.Next}
	for _, r := range page.Items {
		out.Items = append(out.Items, st.View(r, now))
	}
	return out, nil
}

// Overdue lists the caller's centre's (or one executor's) open orders past
// their norm now, the most overdue first.
func (s *Service) Overdue(ctx context.Context, c auth.Caller, f RepairFilter) (auth.Page[RepairView], error) {
	now := s.now()
	f.OverdueAt = &now
	return s.Repairs(ctx, c, f)
}

// OverdueAt is a centre's first limit orders past their norm at at, as
// Overdue lists them: the morning report's list, read without a caller
// (the scheduled job) and without the rest of the desk.
func OverdueAt(ctx context.Context, repairs RepairStore, centre string, at time.Time, limit int) ([]RepairView, bool, error) {
	st, err := settingsOf(ctx, repairs, centre)
	if err != nil {
		return nil, false, err
	}
	page, err := repairs.Repairs(ctx, centre, RepairFilter{OverdueAt: &at, Limit: limit})
	if err != nil {
		return nil, false, fmt.Errorf("overdue orders of %s: %w", centre, err)
	}
	out := make([]RepairView, 0, len(page.Items))
	for _, r := range page.Items {
		out = append(out, st.View(r, at))
	}
	return out, page.Next != "", nil
}

// StatusMove moves an order to another status of the chain.
type StatusMove struct {
	Status  Status `json:"status"`
	Comment string `json:"comment"`
	Version int    `json:"version"`
}

var errClosed = apperr.New(apperr.Conflict, "Заказ уже выдан: изменить его нельзя", "The order was handed over")

// Move changes an order's status. Handing over needs the balance paid.
func (s *Service) Move(ctx context.Context, c auth.Caller, id string, m StatusMove) (RepairView, error) {
	var errs fieldErrors
	errs.text("comment", &m.Comment, MaxText, false)
	errs.version(m.Version)
	if err := errs.err(); err != nil {
		return RepairView{}, err
	}
	return s.change(ctx, c, id, m.Version, func(r *Repair, st Settings, now time.Time) ([]Event, error) {
		if err := ownOrder(c, *r); err != nil {
			return nil, err
		}
		def, ok := st.Def(m.Status)
		if !ok {
			return nil, apperr.Field("status", CodeRequired, "Неизвестный статус", "Unknown status")
		}
		if m.Status == r.Status {
			return nil, apperr.New(apperr.Conflict, "Заказ уже в этом статусе", "Already in this status")
		}
		if m.Status == StatusHandedOver {
			if b := r.Balance(); b > 0 {
				return nil, apperr.New(apperr.Conflict, "Нельзя выдать: к оплате ещё "+rub(b), "Unpaid balance")
			}
			r.HandedOverAt = &now
		}
		from, _ := st.Def(r.Status)
		r.Status, r.StatusSince = m.Status, now
		text := "Статус: " + from.Name + " → " + def.Name
		if m.Comment != "" {
			text += ". " + clip(m.Comment)
		}
		return []Event{{At: now, By: c.UserID, Kind: "status", Text: text}}, nil
	})
}

// AddLine adds a work or a part to an order.
func (s *Service) AddLine(ctx context.Context, c auth.Caller, id string, in LineInput) (RepairView, error) {
	sc, err := centre(c)
	if err != nil {
		return RepairView{}, err
	}
	in, code, err := s.pickWork(ctx, sc, in)
	if err != nil {
		return RepairView{}, err
	}
	in, err = normalizeLine(in)
	if err != nil {
		return RepairView{}, err
	}
	return s.change(ctx, c, id, in.Version, func(r *Repair, _ Settings, now time.Time) ([]Event, error) {
		if err := ownOrder(c, *r); err != nil {
			return nil, err
		}
		if len(r.Works)+len(r.Parts) >= MaxLines {
			return nil, apperr.Field("name", CodeTooMany, "Не больше 100 строк в заказе", "At most 100 lines")
		}
		if err := s.checkExecutor(ctx, r.CentreID, in.ExecutorID); err != nil {
			return nil, err
		}
		l := Line{ID: s.newID(), Name: in.Name, Quantity: in.Quantity, Price: *in.Price, ExecutorID: in.ExecutorID, Code: code}
		what := "Работа"
		if in.Kind == "work" {
			r.Works = append(r.Works, l)
		} else {
			r.Parts = append(r.Parts, l)
			what = "Запчасть"
		}
		return []Event{{At: now, By: c.UserID, Kind: in.Kind, Text: what + ": " + l.Name + " × " + qty(l.Quantity) + " по " + rub(l.Price)}}, nil
	})
}

// AddPayment records money taken or returned.
func (s *Service) AddPayment(ctx context.Context, c auth.Caller, id string, in PaymentInput) (RepairView, error) {
	if err := allow(c, frontDesk...); err != nil {
		return RepairView{}, err
	}
	in, err := normalizePayment(in)
	if err != nil {
		return RepairView{}, err
	}
	return s.change(ctx, c, id, in.Version, func(r *Repair, _ Settings, now time.Time) ([]Event, error) {
		r.Payments = append(r.Payments, Payment{ID: s.newID(), Amount: in.Amount, Method: in.Method, At: now, By: c.UserID})
		return []Event{{At: now, By: c.UserID, Kind: "payment", Text: "Оплата " + rub(in.Amount) + " (" + methodLabels[in.Method] + "), остаток " + rub(r.Balance())}}, nil
	})
}

// ownOrder lets the front desk change any order and a technician only the
// orders they execute.
func ownOrder(c auth.Caller, r Repair) error {
	if c.InCentre() == auth.CentreTechnician && r.ExecutorID == c.UserID {
		return nil
	}
	return allow(c, frontDesk...)
}

var methodLabels = map[PaymentMethod]string{PayCash: "наличные", PayCard: "карта", PayTransfer: "перевод"}

// change applies edit to the order at version and writes it with the
// events edit returns, on condition nobody changed it meanwhile.
func (s *Service) change(ctx context.Context, c auth.Caller, id string, version int,
	edit func(r *Repair, st Settings, now time.Time) ([]Event, error)) (RepairView, error) {
	before, _, st, err := s.repair(ctx, c, id)
	if err != nil {
		return RepairView{}, err
	}
	if before.Status == StatusHandedOver {
		return RepairView{}, errClosed
	}
	if version != before.Version {
		return RepairView{}, errStaleRepair
	}
	now := s.now().UTC()
	after := before
	after.Works, after.Parts, after.Payments = clone(before.Works), clone(before.Parts), clone(before.Payments)
	events, err := edit(&after, st, now)
	if err != nil {
		return RepairView{}, err
	}
	after.Version, after.UpdatedAt = before.Version+1, now
	if s.msg != nil && after.StatusToken == "" {
		// An order older than status links gets one with its next change.
		after.StatusToken = s.msg.token()
	}
	msgs, err := s.statusMessages(ctx, before, after, st)
	if err != nil {
		return RepairView{}, err
	}
	switch err := s.repairs.UpdateRepair(ctx, before, after, dueOf(st, after), events, msgs); {
	case errors.Is(err, auth.ErrStale):
		return RepairView{}, errStaleRepair
	case err != nil:
		return RepairView{}, apperr.Wrap(err, "update repair order "+id)
	}
	s.msg.deliver(ctx, msgs)
	return st.View(after, now), nil
}

// statusMessages are the messages after's status change tells its
// customer (none when the status stayed or nobody tells customers).
func (s *Service) statusMessages(ctx context.Context, before, after Repair, st Settings) ([]Message, error) {
	if s.msg == nil || before.Status == after.Status {
		return nil, nil
	}
	cu, err := s.store.Customer(ctx, after.CustomerID)
	if err != nil {
		return nil, apperr.Wrap(err, "read customer of order "+after.ID)
	}
	tell, err := s.msg.teller(ctx, cu)
	if err != nil {
		return nil, err
	}
	return tell(StatusOccasion(after), st), nil
}

var errStaleRepair = apperr.New(apperr.Conflict, "Заказ уже изменили: обновите страницу", "The order changed meanwhile: reload")

func clone[T any](s []T) []T { return append([]T(nil), s...) }
