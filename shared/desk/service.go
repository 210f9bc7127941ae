package desk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
)

// Store keeps customers, devices and their search keys. A customer's
// search keys (one per phone, one per name word) are written in the same
// transaction as the customer; a device's serial key in the device's.
type Store interface {
	CreateCustomer(ctx context.Context, c Customer) error
	// UpdateCustomer writes after on condition the stored customer is still
	// at before.Version (auth.ErrStale otherwise), moving its search keys.
	UpdateCustomer(ctx context.Context, before, after Customer) error
	Customer(ctx context.Context, id string) (Customer, error)
	// CreateDevice returns a *SerialTakenError when the centre already has a
	// device with the serial.
	CreateDevice(ctx context.Context, d Device) error
	Device(ctx context.Context, id string) (Device, error)
	DeviceBySerial(ctx context.Context, centre, serial string) (Device, error)
	// CustomerDevices are a customer's devices, newest first.
	CustomerDevices(ctx context.Context, customerID string) ([]Device, error)
	// Search runs q's lookups within one centre.
	Search(ctx context.Context, centre string, q Query, limit int) (Found, error)
}

// SerialTakenError says which device already carries a serial in a centre.
type SerialTakenError struct{ DeviceID string }

func (e *SerialTakenError) Error() string { return "serial taken by device " + e.DeviceID }

// Service is the front desk's rules over the store. Every method takes the
// caller the authorizer established; only a service centre's own users
// reach its desk, and another centre's objects answer NotFound.
type Service struct {
	store   Store
	repairs RepairStore
	staff   Staff
	phones  Phones
	now     auth.Clock
	newID   auth.IDGen
	region  string
	loc     *time.Location
	msg     *Messenger
}

// Config holds the service's dependencies; Clock, NewID and Region default
// to the wall clock, ULIDs and DefaultRegion.
type Config struct {
	Store   Store
	Repairs RepairStore
	Staff   Staff
	Phones  Phones
	Clock   auth.Clock
	NewID   auth.IDGen
	Region  string
	// Location is the business time zone: it decides an order number's year.
	Location *time.Location
	// Messages tells customers of their orders' status changes and serves
	// the status links; nil: no messages, no links (tests of other rules).
	Messages *Messenger
}

// NewService checks the configuration and returns the service.
func NewService(c Config) (*Service, error) {
	if c.Store == nil || c.Repairs == nil || c.Staff == nil || c.Phones == nil || c.Location == nil {
		return nil, errors.New("desk: Store, Repairs, Staff, Phones and Location are required")
	}
	c.Clock, c.NewID = c.Clock.OrNow(), c.NewID.OrULID()
	if c.Region == "" {
		c.Region = DefaultRegion
	}
	return &Service{store: c.Store, repairs: c.Repairs, staff: c.Staff, phones: c.Phones, now: c.Clock, newID: c.NewID, region: c.Region, loc: c.Location, msg: c.Messages}, nil
}

var errNoCentre = apperr.New(apperr.Forbidden, "Раздел доступен сотрудникам сервисного центра", "Only a service centre's staff use the front desk")

// centre is the caller's own service centre: the only one whose desk it sees.
func centre(c auth.Caller) (string, error) {
	if c.Role != auth.RoleServiceCenter || c.Tenant == "" {
		return "", errNoCentre
	}
	return c.Tenant, nil
}

// frontDesk are the centre roles that take customers, devices, orders and
// payments in; a technician works on their own orders.
var frontDesk = []auth.CentreRole{auth.CentreAdmin, auth.CentreReception}

// allow refuses a caller whose centre role is not among roles.
func allow(c auth.Caller, roles ...auth.CentreRole) error {
	if slices.Contains(roles, c.InCentre()) {
		return nil
	}
	if c.InCentre() == auth.CentreTechnician {
		return apperr.New(apperr.Forbidden, "Мастер меняет только свои заказы: статус и работы", "A technician changes only their own orders")
	}
	return apperr.New(apperr.Forbidden, "Это делает администратор сервисного центра", "Only the centre's admin does this")
}

// errTechnicianOwnOnly refuses a technician what is not one of their orders.
var errTechnicianOwnOnly = apperr.New(apperr.Forbidden, "Мастер видит только свои заказы", "A technician sees only their own orders")

// seesCustomers lets the front desk (admin, reception) read customers and
// devices; a technician sees only the orders they execute
// (service-centre.md «Roles»), not the centre's customer base.
func seesCustomers(c auth.Caller) error {
	if c.InCentre() == auth.CentreTechnician {
		return errTechnicianOwnOnly
	}
	return nil
}

// adminCentre is the caller's centre when they are its admin: only the
// admin changes the centre's settings, message templates and price list.
func adminCentre(c auth.Caller) (string, error) {
	sc, err := centre(c)
	if err != nil {
		return "", err
	}
	return sc, allow(c, auth.CentreAdmin)
}

// The refusals of a save of the centre's own lists when another admin
// saved since the version the edit is based on.
var (
	errStaleSettings  = apperr.New(apperr.Conflict, "Настройки уже изменили: обновите страницу", "Settings changed meanwhile: reload")
	errStaleTemplates = apperr.New(apperr.Conflict, "Шаблоны уже изменили: обновите страницу", "Templates changed meanwhile: reload")
	errStalePriceList = apperr.New(apperr.Conflict, "Прейскурант уже изменили: обновите страницу", "The price list changed meanwhile: reload")
)

// saved is what a conditional save of the centre's own lists answers:
// stale when another admin saved first, the store's failure wrapped.
func saved(err, stale error, what string) error {
	switch {
	case errors.Is(err, auth.ErrStale):
		return stale
	case err != nil:
		return apperr.Wrap(err, what)
	}
	return nil
}

// lookup is the centre whose customers and devices c looks up by the text
// typed into field: the front desk's (a technician sees only their own
// orders), and no text longer than any name the desk keeps.
func lookup(c auth.Caller, field, text string) (string, error) {
	sc, err := centre(c)
	if err != nil {
		return "", err
	}
	if err := seesCustomers(c); err != nil {
		return "", err
	}
	if len([]rune(text)) > MaxName {
		return "", apperr.Field(field, CodeTooLong, "Не длиннее "+strconv.Itoa(MaxName)+" символов", "Too long")
	}
	return sc, nil
}

// CreateCustomer registers a customer of the caller's centre.
func (s *Service) CreateCustomer(ctx context.Context, c auth.Caller, in CustomerInput) (Customer, error) {
	sc, err := centre(c)
	if err != nil {
		return Customer{}, err
	}
	in, err = s.customerInput(c, in)
	if err != nil {
		return Customer{}, err
	}
	now := s.now().UTC()
	cu := Customer{ID: s.newID(), CentreID: sc, CreatedBy: c.UserID, CreatedAt: now, UpdatedAt: now, Version: 1}
	cu.apply(in)
	if err := s.store.CreateCustomer(ctx, cu); err != nil {
		return Customer{}, apperr.Wrap(err, "create customer")
	}
	return cu, nil
}

// customerInput is what the front desk typed about a customer, normalised;
// only the front desk writes customers.
func (s *Service) customerInput(c auth.Caller, in CustomerInput) (CustomerInput, error) {
	if err := allow(c, frontDesk...); err != nil {
		return CustomerInput{}, err
	}
	return normalizeCustomer(in, s.region, s.phones)
}

func (cu *Customer) apply(in CustomerInput) {
	cu.Name, cu.Phones, cu.Email, cu.Address, cu.Notes = in.Name, in.Phones, in.Email, in.Address, in.Notes
	cu.ConsentSMS, cu.ConsentEmail = in.ConsentSMS, in.ConsentEmail
}

// UpdateCustomer changes a customer on condition nobody changed it since
// in.Version.
func (s *Service) UpdateCustomer(ctx context.Context, c auth.Caller, id string, in CustomerInput) (Customer, error) {
	before, err := s.Customer(ctx, c, id)
	if err != nil {
		return Customer{}, err
	}
	in, err = s.customerInput(c, in)
	if err != nil {
		return Customer{}, err
	}
	if in.Version != before.Version {
		return Customer{}, errStale
	}
	after := before
	after.apply(in)
	after.Version, after.UpdatedAt = before.Version+1, s.now().UTC()
	switch err := s.store.UpdateCustomer(ctx, before, after); {
	case errors.Is(err, auth.ErrStale):
		return Customer{}, errStale
	case err != nil:
		return Customer{}, apperr.Wrap(err, "update customer "+id)
	}
	return after, nil
}

var errStale = apperr.New(apperr.Conflict, "Карточку клиента уже изменили: обновите страницу", "The customer was changed meanwhile: reload")

// owned reads the object id of the caller's centre: NotFound for an id
// that cannot exist, a missing object and another centre's alike.
func owned[T any](ctx context.Context, c auth.Caller, id, what string, read func(context.Context, string) (T, error), centreOf func(T) string) (T, error) {
	var zero T
	sc, err := centre(c)
	if err != nil {
		return zero, err
	}
	if !plausibleID(id) {
		return zero, auth.NotFound()
	}
	v, err := read(ctx, id)
	if err != nil {
		return zero, auth.StoreError(err, "read "+what+" "+id)
	}
	if centreOf(v) != sc {
		return zero, auth.NotFound()
	}
	return v, nil
}

// Customer is one customer of the caller's centre.
func (s *Service) Customer(ctx context.Context, c auth.Caller, id string) (Customer, error) {
	if err := seesCustomers(c); err != nil {
		return Customer{}, err
	}
	return owned(ctx, c, id, "customer", s.store.Customer, func(cu Customer) string { return cu.CentreID })
}

// CustomerCard is a customer with their devices and repair orders, newest first.
type CustomerCard struct {
	Customer Customer     `json:"customer"`
	Devices  []Device     `json:"devices"`
	Repairs  []RepairView `json:"repairs"`
}

// Card reads a customer's card.
func (s *Service) Card(ctx context.Context, c auth.Caller, id string) (CustomerCard, error) {
	cu, err := s.Customer(ctx, c, id)
	if err != nil {
		return CustomerCard{}, err
	}
	devs, err := s.store.CustomerDevices(ctx, id)
	if err != nil {
		return CustomerCard{}, apperr.Wrap(err, "read devices of customer "+id)
	}
	repairs, err := s.history(ctx, cu.CentreID, func() ([]Repair, error) { return s.repairs.CustomerRepairs(ctx, id) })
	if err != nil {
		return CustomerCard{}, err
	}
	if devs == nil {
		devs = []Device{}
	}
	return CustomerCard{Customer: cu, Devices: devs, Repairs: repairs}, nil
}

// CreateDevice registers a customer's device. A serial the centre already
// knows is not registered twice: the answer is a conflict naming the
// existing device, which the desk then opens.
func (s *Service) CreateDevice(ctx context.Context, c auth.Caller, in DeviceInput) (Device, error) {
	if _, err := centre(c); err != nil {
		return Device{}, err
	}
	if err := allow(c, frontDesk...); err != nil {
		return Device{}, err
	}
	in, err := normalizeDevice(in)
	if err != nil {
		return Device{}, err
	}
	owner, err := s.Customer(ctx, c, in.CustomerID)
	if errors.Is(err, auth.NotFound()) {
		var errs fieldErrors
		errs.add("customerId", CodeRequired, "Клиент не найден", "No such customer")
		return Device{}, errs.err()
	}
	if err != nil {
		return Device{}, err
	}
	d := Device{ID: s.newID(), CentreID: owner.CentreID, CustomerID: owner.ID, Category: in.Category, Maker: in.Maker,
		Model: in.Model, Serial: in.Serial, SaleDate: in.SaleDate, Seller: in.Seller, WarrantyCard: in.WarrantyCard,
		CreatedBy: c.UserID, CreatedAt: s.now().UTC()}
	var taken *SerialTakenError
	switch err := s.store.CreateDevice(ctx, d); {
	case errors.As(err, &taken):
		return Device{}, serialTaken(in.Serial, taken.DeviceID)
	case err != nil:
		return Device{}, apperr.Wrap(err, "create device")
	}
	return d, nil
}

func serialTaken(serial, deviceID string) error {
	e := apperr.New(apperr.Conflict, "Изделие с серийным номером "+serial+" уже есть в базе: откройте его карточку",
		"A device with this serial is already registered")
	e.Fields = []apperr.FieldError{{Field: "serial", Code: CodeSerialTaken, Message: e.Message, MessageEN: e.MessageEN}}
	e.Details = map[string]any{"deviceId": deviceID}
	return e
}

// DeviceCard is a device with its owner and its whole repair history,
// newest first.
type DeviceCard struct {
	Device   Device       `json:"device"`
	Customer Customer     `json:"customer"`
	Repairs  []RepairView `json:"repairs"`
}

// Device reads a device of the caller's centre with its owner.
func (s *Service) Device(ctx context.Context, c auth.Caller, id string) (DeviceCard, error) {
	if err := seesCustomers(c); err != nil {
		return DeviceCard{}, err
	}
	d, err := owned(ctx, c, id, "device", s.store.Device, func(d Device) string { return d.CentreID })
	if err != nil {
		return DeviceCard{}, err
	}
	owner, err := s.store.Customer(ctx, d.CustomerID)
	if err != nil {
		return DeviceCard{}, apperr.Wrap(err, fmt.Sprintf("read owner %s of device %s", d.CustomerID, id))
	}
	repairs, err := s.history(ctx, d.CentreID, func() ([]Repair, error) { return s.repairs.DeviceRepairs(ctx, id) })
	if err != nil {
		return DeviceCard{}, err
	}
	return DeviceCard{Device: d, Customer: owner, Repairs: repairs}, nil
}

// DeviceBySerial finds the centre's device with a serial, as typed
// anywhere (an order, an act): NotFound when the centre has none.
func (s *Service) DeviceBySerial(ctx context.Context, c auth.Caller, serial string) (DeviceCard, error) {
	sc, err := lookup(c, "serial", serial)
	if err != nil {
		return DeviceCard{}, err
	}
	serial = NormalizeSerial(serial)
	if serial == "" {
		return DeviceCard{}, auth.NotFound()
	}
	d, err := s.store.DeviceBySerial(ctx, sc, serial)
	if err != nil {
		return DeviceCard{}, auth.StoreError(err, "find device by serial")
	}
	return s.Device(ctx, c, d.ID)
}

// Search finds the caller's centre's customers and devices by what was
// typed; text too short to mean anything finds nothing.
func (s *Service) Search(ctx context.Context, c auth.Caller, text string) (Found, error) {
	sc, err := lookup(c, "q", text)
	if err != nil {
		return Found{}, err
	}
	q := ParseQuery(text, s.region, s.phones)
	if q.Empty() {
		return Found{Owners: map[string]Customer{}}, nil
	}
	f, err := s.store.Search(ctx, sc, q, SearchLimit)
	if err != nil {
		return Found{}, apperr.Wrap(err, "search the desk")
	}
	// The store looked the longest typed word up; the others narrow it.
	kept := f.Customers[:0]
	for _, cu := range f.Customers {
		if q.MatchesName(cu.Name) || q.PhoneSuffix != "" {
			kept = append(kept, cu)
		}
	}
	f.Customers = kept
	return f, nil
}

// history reads a customer's or device's orders and shows them as of now.
func (s *Service) history(ctx context.Context, sc string, read func() ([]Repair, error)) ([]RepairView, error) {
	rs, err := read()
	if err != nil {
		return nil, apperr.Wrap(err, "read repair history")
	}
	st, err := s.settings(ctx, sc)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]RepairView, 0, len(rs))
	for _, r := range rs {
		out = append(out, st.View(r, now))
	}
	return out, nil
}
