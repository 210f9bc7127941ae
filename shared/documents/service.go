package documents

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/ledger"
	"aftersales/shared/mailer"
	"aftersales/shared/orders"
)

// The stores the service reads, each as narrow as its use.
type (
	// Repairs reads repair orders with their customer and device, and adds
	// an entry to an order's history without changing the order (a sent
	// document changes nothing on it, and a handed-over order is closed to
	// changes but not to its documents).
	Repairs interface {
		Repair(ctx context.Context, id string) (desk.Repair, []desk.Event, error)
		Customer(ctx context.Context, id string) (desk.Customer, error)
		Device(ctx context.Context, id string) (desk.Device, error)
		AddRepairEvent(ctx context.Context, r desk.Repair, ev desk.Event) error
	}
	// Acts reads an act with everything under it and adds a history entry.
	Acts interface {
		Record(ctx context.Context, id string) (acts.Record, error)
		AddEvent(ctx context.Context, e acts.Event) error
	}
	// Orders reads a parts order, and the compensation record of an
	// approval that shipped nothing.
	Orders interface {
		Order(ctx context.Context, id string) (orders.Order, error)
		Compensation(ctx context.Context, id string) (orders.Order, error)
	}
	// Ledger reads a centre's entries of a month.
	Ledger interface {
		LedgerMonth(ctx context.Context, centre, month string) ([]ledger.Entry, error)
	}
	// Payers reads a payer's month as the caller may see it (the ledger's
	// service: the wholesaler's staff only, the month and payer checked).
	Payers interface {
		Payer(ctx context.Context, c auth.Caller, payer orders.Payer, party, month string, state ledger.State) (ledger.PayerStatement, error)
	}
	// People names staff and reads a centre's record.
	People interface {
		User(ctx context.Context, id string) (auth.User, error)
		Tenant(ctx context.Context, kind auth.TenantKind, id string) (auth.Tenant, error)
	}
	// Details reads what a centre tells customers about itself (address,
	// hours, legal name, INN), which its admin keeps with the message
	// templates: auth.ErrNotFound until they are first saved.
	Details interface {
		MessageSettings(ctx context.Context, centre string) (desk.MessageSettings, error)
	}
)

// Config wires the service.
type Config struct {
	Repairs Repairs
	Acts    Acts
	Orders  Orders
	Ledger  Ledger
	Payers  Payers
	People  People
	Details Details
	Sender  mailer.Sender
	// Wholesaler are the wholesaler's requisites (configuration: it has no
	// organisation record).
	Wholesaler Org
	// StatusURL is the customer's status page of an order; nil or "": none.
	StatusURL func(r desk.Repair) string
	Clock     auth.Clock
	NewID     auth.IDGen
	Location  *time.Location
}

// Service finds what a document shows, as the caller may see it, renders
// it, and e-mails it.
type Service struct{ c Config }

// NewService checks the configuration.
func NewService(c Config) (*Service, error) {
	if c.Repairs == nil || c.Acts == nil || c.Orders == nil || c.Ledger == nil || c.Payers == nil || c.People == nil || c.Details == nil ||
		c.Sender == nil || c.Location == nil {
		return nil, errors.New("documents: Repairs, Acts, Orders, Ledger, Payers, People, Details, Sender and Location are required")
	}
	c.Clock, c.NewID = c.Clock.OrNow(), c.NewID.OrULID()
	if c.Wholesaler.Name == "" {
		c.Wholesaler.Name = "Оптовая компания"
	}
	return &Service{c: c}, nil
}

// File is a rendered document: its file name and bytes.
type File struct {
	Name  string
	Title string
	Data  []byte
}

// RepairDoc names a repair order's documents.
type RepairDoc string

// The repair order's documents.
const (
	DocReceipt    RepairDoc = "receipt"
	DocCompletion RepairDoc = "completion"
)

var repairTitles = map[RepairDoc]string{DocReceipt: "Квитанция о приёме", DocCompletion: "Акт выполненных работ"}

var errNoOrder = apperr.New(apperr.NotFound, "Заказ не найден", "repair order not found")

// repair reads an order of the caller's own centre with what its documents show.
func (s *Service) repair(ctx context.Context, c auth.Caller, id string) (Repair, error) {
	if c.Role != auth.RoleServiceCenter || c.Tenant == "" {
		return Repair{}, apperr.New(apperr.Forbidden, "Документы заказа доступны сотрудникам сервисного центра", "only a centre's staff")
	}
	o, _, err := s.c.Repairs.Repair(ctx, id)
	// A technician sees only the orders they execute (as on the desk): another's is as if absent.
	if errors.Is(err, auth.ErrNotFound) || err == nil && (o.CentreID != c.Tenant ||
		c.InCentre() == auth.CentreTechnician && o.ExecutorID != c.UserID) {
		return Repair{}, errNoOrder
	}
	if err != nil {
		return Repair{}, apperr.Wrap(err, "read repair order "+id)
	}
	cu, err := s.c.Repairs.Customer(ctx, o.CustomerID)
	if err != nil {
		return Repair{}, apperr.Wrap(err, "read customer "+o.CustomerID)
	}
	dev, err := s.c.Repairs.Device(ctx, o.DeviceID)
	if err != nil {
		return Repair{}, apperr.Wrap(err, "read device "+o.DeviceID)
	}
	centre, err := s.centre(ctx, o.CentreID)
	if err != nil {
		return Repair{}, err
	}
	r := Repair{Centre: centre, Order: o, Customer: cu, Device: dev, AcceptedBy: s.name(ctx, o.CreatedBy),
		ExecutorName: s.name(ctx, o.ExecutorID), At: s.c.Clock(), Location: s.c.Location}
	if s.c.StatusURL != nil {
		r.StatusURL = s.c.StatusURL(o)
	}
	return r, nil
}

// RepairDocument renders one of the caller's centre's orders' documents.
func (s *Service) RepairDocument(ctx context.Context, c auth.Caller, id string, doc RepairDoc) (File, error) {
	r, err := s.repair(ctx, c, id)
	if err != nil {
		return File{}, err
	}
	return renderRepair(r, doc)
}

func renderRepair(r Repair, doc RepairDoc) (File, error) {
	render := Receipt
	if doc == DocCompletion {
		render = Completion
	}
	data, err := render(r)
	if err != nil {
		return File{}, apperr.Wrap(err, "render "+string(doc)+" of "+r.Order.ID)
	}
	// The file name stays ASCII (a header carries it): the number without its prefix.
	return File{Name: fmt.Sprintf("%s-%d-%06d.pdf", doc, r.Order.Year, r.Order.Seq), Title: repairTitles[doc] + " № " + r.Order.Number, Data: data}, nil
}

// Sent says where a document went.
type Sent struct {
	To       string `json:"to"`
	Document string `json:"document"`
}

// EmailRepairDocument mails the document to to, or to the customer's
// address when to is empty, and writes it into the order's history. The
// front desk (the centre's admin and reception) sends documents.
func (s *Service) EmailRepairDocument(ctx context.Context, c auth.Caller, id string, doc RepairDoc, to string) (Sent, error) {
	if c.InCentre() != auth.CentreAdmin && c.InCentre() != auth.CentreReception {
		return Sent{}, apperr.New(apperr.Forbidden, "Документы отправляет администратор или приёмщик", "only the front desk e-mails documents")
	}
	r, err := s.repair(ctx, c, id)
	if err != nil {
		return Sent{}, err
	}
	to, err = address(to, r.Customer.Email, "У клиента нет e-mail: укажите адрес", "the customer has no e-mail address")
	if err != nil {
		return Sent{}, err
	}
	f, err := renderRepair(r, doc)
	if err != nil {
		return Sent{}, err
	}
	text := fmt.Sprintf("Здравствуйте!\n\nВо вложении — %s по заказу № %s (%s).\n\n%s\n%s\n",
		strings.ToLower(repairTitles[doc]), r.Order.Number, r.device(), r.Centre.Name, r.Centre.line())
	if err := s.send(ctx, to, f, text); err != nil {
		return Sent{}, err
	}
	ev := desk.Event{At: s.c.Clock().UTC(), By: c.UserID, Kind: "document", Text: "Документ «" + repairTitles[doc] + "» отправлен на " + to}
	if err := s.c.Repairs.AddRepairEvent(ctx, r.Order, ev); err != nil {
		return Sent{}, apperr.Wrap(err, "record the e-mail in the history of "+id)
	}
	return Sent{To: to, Document: f.Title}, nil
}

// act reads an act as the caller may see it, with its orders and both organisations.
func (s *Service) act(ctx context.Context, c auth.Caller, id string) (Act, error) {
	rec, err := s.c.Acts.Record(ctx, id)
	if errors.Is(err, auth.ErrNotFound) {
		return Act{}, apperr.New(apperr.NotFound, "Акт не найден", "act not found")
	}
	if err != nil {
		return Act{}, apperr.Wrap(err, "read act "+id)
	}
	if err := c.CheckTenant(rec.Act.ServiceCenterID); err != nil {
		return Act{}, err
	}
	centre, err := s.centre(ctx, rec.Act.ServiceCenterID)
	if err != nil {
		return Act{}, err
	}
	in := Act{Wholesaler: s.c.Wholesaler, Centre: centre, Record: rec, At: s.c.Clock(), Location: s.c.Location}
	for _, oid := range rec.Act.OrderIDs {
		o, err := s.c.Orders.Order(ctx, oid)
		if err != nil {
			return Act{}, apperr.Wrap(err, "read order "+oid)
		}
		in.Orders = append(in.Orders, o)
	}
	if id := rec.Act.CompensationID; id != "" {
		o, err := s.c.Orders.Compensation(ctx, id)
		if err != nil {
			return Act{}, apperr.Wrap(err, "read compensation record "+id)
		}
		in.Orders = append(in.Orders, o)
	}
	return in, nil
}

func renderAct(in Act) (File, error) {
	data, err := WarrantyAct(in)
	if err != nil {
		return File{}, apperr.Wrap(err, "render act "+in.Record.Act.ID)
	}
	number := in.Record.Act.Number
	if number == "" {
		number = "черновик"
	}
	return File{Name: "act-" + number + ".pdf", Title: "Гарантийный акт № " + number, Data: data}, nil
}

// ActDocument renders the warranty act.
func (s *Service) ActDocument(ctx context.Context, c auth.Caller, id string) (File, error) {
	in, err := s.act(ctx, c, id)
	if err != nil {
		return File{}, err
	}
	return renderAct(in)
}

// EmailActDocument mails the warranty act to to, or to the centre's own
// address when to is empty, and writes it into the act's history.
func (s *Service) EmailActDocument(ctx context.Context, c auth.Caller, id, to string) (Sent, error) {
	in, err := s.act(ctx, c, id)
	if err != nil {
		return Sent{}, err
	}
	to, err = address(to, in.Centre.Email, "У сервисного центра нет e-mail: укажите адрес", "the centre has no e-mail address")
	if err != nil {
		return Sent{}, err
	}
	f, err := renderAct(in)
	if err != nil {
		return Sent{}, err
	}
	text := fmt.Sprintf("Здравствуйте!\n\nВо вложении — гарантийный акт № %s (%s).\n\n%s\n", in.Record.Act.Number, in.Centre.Name, s.c.Wholesaler.Name)
	if err := s.send(ctx, to, f, text); err != nil {
		return Sent{}, err
	}
	ev := acts.Event{ID: s.c.NewID(), ActID: id, At: s.c.Clock().UTC(), ActorID: c.UserID, ActorRole: c.Role, ActorName: c.Name,
		Type: acts.EventDocumentSent, Reason: "Гарантийный акт отправлен на " + to}
	if err := s.c.Acts.AddEvent(ctx, ev); err != nil {
		return Sent{}, apperr.Wrap(err, "record the e-mail in the history of act "+id)
	}
	return Sent{To: to, Document: f.Title}, nil
}

// Statement renders a centre's monthly compensation statement: a centre
// reads its own (centre may be empty); the wholesaler's staff name one.
func (s *Service) Statement(ctx context.Context, c auth.Caller, centre, month string) (File, error) {
	if _, err := time.Parse("2006-01", month); err != nil || len(month) != 7 {
		return File{}, apperr.Field("month", "invalid", "Месяц в виде ГГГГ-ММ, например 2026-11", "month as YYYY-MM")
	}
	switch {
	case c.Role == auth.RoleServiceCenter && (centre == "" || centre == c.Tenant):
		centre = c.Tenant
	case c.Role == auth.RoleServiceCenter:
		return File{}, apperr.New(apperr.NotFound, "Сервисный центр не найден", "service centre not found")
	case centre == "":
		return File{}, apperr.Field("serviceCenterId", "required", "Выберите сервисный центр", "serviceCenterId is required")
	}
	if err := c.CheckTenant(centre); err != nil {
		return File{}, err
	}
	org, err := s.centre(ctx, centre)
	if err != nil {
		return File{}, err
	}
	entries, err := s.c.Ledger.LedgerMonth(ctx, centre, month)
	if err != nil {
		return File{}, apperr.Wrap(err, "read the ledger of "+centre+" "+month)
	}
	in := Statement{Wholesaler: s.c.Wholesaler, Centre: org, Statement: ledger.CentreStatement(centre, month, entries),
		ActNumbers: map[string]string{}, At: s.c.Clock(), Location: s.c.Location}
	// An entry names its act by id; its number is the act's (an approval of
	// the centre's own parts only has a compensation record, not an order).
	for _, e := range in.Statement.Entries {
		if _, ok := in.ActNumbers[e.ActID]; ok || e.ActID == "" {
			continue // known, or a shipment's cost (carriage, a carrier's claim)
		}
		rec, err := s.c.Acts.Record(ctx, e.ActID)
		if err != nil {
			return File{}, apperr.Wrap(err, "read act "+e.ActID)
		}
		in.ActNumbers[e.ActID] = rec.Act.Number
	}
	data, err := CompensationStatement(in)
	if err != nil {
		return File{}, apperr.Wrap(err, "render the statement of "+centre+" "+month)
	}
	return File{Name: "compensation-" + month + ".pdf", Title: "Сверка компенсаций " + month, Data: data}, nil
}

// ClaimDocument renders a payer's (with party, one factory's or carrier's)
// claim of a month: the .xlsx claim's rows as PDF, for the wholesaler's staff.
func (s *Service) ClaimDocument(ctx context.Context, c auth.Caller, payer orders.Payer, party, month string) (File, error) {
	st, err := s.c.Payers.Payer(ctx, c, payer, party, month, "")
	if err != nil {
		return File{}, err
	}
	in := Claim{Wholesaler: s.c.Wholesaler, Statement: st, Centres: map[string]string{}, At: s.c.Clock(), Location: s.c.Location}
	for _, e := range st.Entries {
		if _, ok := in.Centres[e.ServiceCenterID]; !ok {
			t, err := s.tenant(ctx, e.ServiceCenterID)
			if err != nil {
				return File{}, err
			}
			in.Centres[e.ServiceCenterID] = t.Name
		}
	}
	data, err := ClaimDocument(in)
	if err != nil {
		return File{}, apperr.Wrap(err, "render the claim of "+string(payer)+" "+st.Month)
	}
	// The same ASCII name as the .xlsx's, so both sort together.
	return File{Name: "pretenziya-" + string(st.Payer) + "-" + st.Month + ".pdf", Title: "Претензия " + st.Month, Data: data}, nil
}

// centre reads a service centre's requisites: its name, city and e-mail
// from its record, and what its admin tells customers (address, hours,
// phone, legal name, INN) from the same place its messages take them.
func (s *Service) centre(ctx context.Context, id string) (Org, error) {
	t, err := s.tenant(ctx, id)
	if err != nil {
		return Org{}, err
	}
	d, err := s.c.Details.MessageSettings(ctx, id)
	if err != nil && !errors.Is(err, auth.ErrNotFound) {
		return Org{}, apperr.Wrap(err, "read the details of service centre "+id)
	}
	return Org{Name: t.Name, LegalName: d.LegalName, INN: d.INN, Address: d.CentreAddress, City: t.City,
		Phone: d.Phone(t.Phone), Email: t.Email, Hours: d.CentreHours}, nil
}

// tenant reads a service centre's record.
func (s *Service) tenant(ctx context.Context, id string) (auth.Tenant, error) {
	t, err := s.c.People.Tenant(ctx, auth.KindServiceCenter, id)
	if errors.Is(err, auth.ErrNotFound) {
		return auth.Tenant{}, apperr.New(apperr.NotFound, "Сервисный центр не найден", "service centre not found")
	}
	if err != nil {
		return auth.Tenant{}, apperr.Wrap(err, "read service centre "+id)
	}
	return t, nil
}

// name is a staff member's full name, else login; "" when unknown.
func (s *Service) name(ctx context.Context, id string) string {
	if id == "" {
		return ""
	}
	u, err := s.c.People.User(ctx, id)
	if err != nil {
		return ""
	}
	if u.FullName != "" {
		return u.FullName
	}
	return u.Login
}

func (s *Service) send(ctx context.Context, to string, f File, text string) error {
	_, err := s.c.Sender.Send(ctx, mailer.Message{To: []string{to}, Subject: f.Title, Text: text,
		Attachments: []mailer.Attachment{{Name: f.Name, ContentType: "application/pdf", Data: f.Data}}})
	if err != nil {
		return apperr.Wrap(err, "e-mail "+f.Name)
	}
	return nil
}

func badAddress(ru, en string) error { return apperr.Field("to", "invalid", ru, en) }

// address is typed, else fallback, checked to be one plain e-mail address;
// with neither, the refusal says whose address is missing (missingRU, EN).
func address(typed, fallback, missingRU, missingEN string) (string, error) {
	if typed == "" && fallback == "" {
		return "", badAddress(missingRU, missingEN)
	}
	a := strings.TrimSpace(typed)
	if a == "" {
		a = fallback
	}
	p, err := mail.ParseAddress(a)
	if err != nil || p.Address != a || len(a) > 254 || !strings.Contains(a[strings.LastIndex(a, "@")+1:], ".") {
		return "", badAddress("Неверный адрес e-mail: "+a, "not an e-mail address")
	}
	return strings.ToLower(a), nil
}
