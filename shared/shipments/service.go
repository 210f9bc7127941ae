package shipments

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/carriers"
	"aftersales/shared/ledger"
	"aftersales/shared/money"
	"aftersales/shared/notices"
	"aftersales/shared/orders"
)

// Sender sends a queued e-mail once (notices.Post).
type Sender interface {
	Send(ctx context.Context, m notices.Mail) error
}

// Arrivals tells when a dispatched parcel arrived: from its carrier's
// tracking, or at dispatch plus the carrier's transit days (carriers.Book).
// A carrier's failure comes back beside the answer, wrapping
// carriers.ErrNoAnswer.
type Arrivals interface {
	Arrived(ctx context.Context, carrierName, number string, dispatched, now time.Time) (carriers.Arrival, bool, error)
}

// Service carries out what managers, centres and the weekly batch do to
// orders and shipments. Every method takes the caller the authorizer
// established and checks its scope before it reveals or changes anything.
type Service struct {
	store     Store
	directory notices.Directory
	post      Sender
	letters   notices.Letters
	arrivals  Arrivals
	window    time.Duration
	now       auth.Clock
	newID     auth.IDGen
	loc       *time.Location
}

// Config holds the service's dependencies.
type Config struct {
	Store     Store
	Directory notices.Directory
	Post      Sender
	Letters   notices.Letters
	// Arrivals, when set, lets Settle deliver dispatched shipments nobody
	// confirmed; only the hourly job sets it (and links the carriers'
	// adapters).
	Arrivals Arrivals
	// ClaimWindow is how long a centre has after delivery to claim a
	// mismatch (timers.Policy.SilentDelivery), as the texts say it.
	ClaimWindow time.Duration
	Clock       auth.Clock
	NewID       auth.IDGen
	// Location is the business time zone: it decides the ISO week of the
	// batch and the months of the compensation report.
	Location *time.Location
}

// NewService checks the configuration and returns the service.
func NewService(c Config) (*Service, error) {
	if c.Store == nil || c.Directory == nil || c.Post == nil || c.Location == nil || c.ClaimWindow <= 0 {
		return nil, errors.New("shipments: Store, Directory, Post, Location and ClaimWindow are required")
	}
	c.Clock, c.NewID = c.Clock.OrNow(), c.NewID.OrULID()
	return &Service{store: c.Store, directory: c.Directory, post: c.Post, letters: c.Letters, arrivals: c.Arrivals, window: c.ClaimWindow,
		now: c.Clock, newID: c.NewID, loc: c.Location}, nil
}

// MaxUrgent bounds an urgent shipment: it is made in one transaction.
const MaxUrgent = MaxBatch

var (
	errStaleShipment = apperr.New(apperr.Conflict,
		"Отгрузку только что изменил кто-то другой: обновите страницу и повторите",
		"The shipment was just changed by someone else: reload it and try again")
	errOrderMoved = apperr.New(apperr.Conflict,
		"Заказ уже в другой отгрузке или отменён: обновите страницу и повторите",
		"The order is already in another shipment or cancelled: reload and try again")
	errClaimedCarrier = apperr.New(apperr.Conflict,
		"По этой отгрузке претензия перевозчику уже выставлена", "The shipment's carrier has already been claimed from")
)

// invalidField is the 400 of one field whose value the service does not take.
func invalidField(field, ru, en string) *apperr.Error {
	return apperr.Field(field, "invalid_value", ru, en)
}

// checkStatus refuses a list's status filter that is not one of the
// statuses of what the list holds (named in Russian and English); no
// filter is fine.
func checkStatus[S interface {
	~string
	Valid() bool
}](status S, ru, en string) error {
	if status == "" || status.Valid() {
		return nil
	}
	return invalidField("status", fmt.Sprintf("Неизвестный статус %s «%s»", ru, status), fmt.Sprintf("Unknown %s status %q", en, status))
}

// storeError turns a store error into what callers see.
func storeError(err error, what string) error {
	switch {
	case errors.Is(err, ErrStale), errors.Is(err, ErrExists):
		return errStaleShipment
	case errors.Is(err, ErrOrderMoved):
		return errOrderMoved
	case errors.Is(err, ledger.ErrClaimed):
		return ledger.ErrClaimed
	case errors.Is(err, ledger.ErrExists):
		return errClaimedCarrier
	}
	return auth.StoreError(err, what)
}

// ---------------------------------------------------------------- orders

// OrderFilter is an order list as a client asks for it.
type OrderFilter struct {
	Status orders.Status
	// ServiceCenter narrows a staff list to one centre; a centre's list is
	// always its own.
	ServiceCenter string
	Limit         int
	Cursor        string
}

// Orders returns one page of the orders the caller may see: a centre's
// own, newest first; for staff one centre's, or by default the orders
// awaiting shipment across centres, oldest first.
func (s *Service) Orders(ctx context.Context, c auth.Caller, f OrderFilter) (auth.Page[orders.Order], error) {
	if err := checkStatus(f.Status, "заказа", "order"); err != nil {
		return auth.Page[orders.Order]{}, err
	}
	q := OrderQuery{ServiceCenter: c.ListTenant(f.ServiceCenter), Status: f.Status, Limit: f.Limit, Cursor: f.Cursor}
	if q.ServiceCenter == "" && q.Status == "" {
		q.Status = orders.StatusAwaitingShipment
	}
	page, err := s.store.ListOrders(ctx, q)
	return page, storeError(err, "list orders")
}

// Order returns one order the caller may see.
func (s *Service) Order(ctx context.Context, c auth.Caller, id string) (orders.Order, error) {
	o, err := s.store.Order(ctx, id)
	if err != nil {
		return orders.Order{}, storeError(err, "read order "+id)
	}
	return o, c.CheckTenant(o.ServiceCenterID)
}

// CancelOrder stops an order that has not left, with the manager's reason;
// the act's thread says so, and the centre is e-mailed once per address
// (queued with the cancellation, sent right after it). An order already in
// a shipment being collected leaves its packing list.
func (s *Service) CancelOrder(ctx context.Context, c auth.Caller, id, reason string) (orders.Order, error) {
	reason = strings.TrimSpace(reason)
	if errs := orders.CheckReason(reason); len(errs) > 0 {
		return orders.Order{}, apperr.WithFields(errs)
	}
	o, err := s.Order(ctx, c, id)
	if err != nil {
		return orders.Order{}, err
	}
	if err := o.CheckCancel(); err != nil {
		return orders.Order{}, err
	}
	now := s.now()
	next := o
	next.Status, next.CancelReason, next.CancelledBy, next.UpdatedAt = orders.StatusCancelled, reason, c.UserID, now
	cm := acts.Comment{ID: s.newID(), ActID: o.ActID, At: now, AuthorID: c.UserID, AuthorRole: c.Role,
		Text: notices.OrderCancelledComment(reason)}
	ev := acts.Event{ID: s.newID(), ActID: o.ActID, At: now, ActorID: c.UserID, ActorRole: c.Role, ActorName: c.Name,
		Type: acts.EventComment, CommentID: cm.ID, OrderID: o.ID}
	centre, err := notices.NewPeople(s.directory).Centre(ctx, o.ServiceCenterID)
	if err != nil {
		return orders.Order{}, apperr.Wrap(err, "read the centre of order "+id)
	}
	mails := s.letters.OrderCancelled(next, centre, now)
	err = s.store.CancelOrder(ctx, o, next, cm, ev, mails)
	if errors.Is(err, ErrStale) {
		return orders.Order{}, orders.ErrNotCollected
	}
	if err != nil {
		return orders.Order{}, storeError(err, "cancel order "+id)
	}
	// The cancellation stands; a mail that fails now stays queued for the
	// hourly job.
	for _, m := range mails {
		_ = s.post.Send(ctx, m)
	}
	return next, nil
}

// ---------------------------------------------------------------- shipments

// ShipmentFilter is a shipment list as a client asks for it.
type ShipmentFilter struct {
	Status        orders.ShipmentStatus
	ServiceCenter string
	Limit         int
	Cursor        string
}

// Shipments returns one page of the shipments the caller may see, newest first.
func (s *Service) Shipments(ctx context.Context, c auth.Caller, f ShipmentFilter) (auth.Page[orders.Shipment], error) {
	if err := checkStatus(f.Status, "отгрузки", "shipment"); err != nil {
		return auth.Page[orders.Shipment]{}, err
	}
	q := ShipmentQuery{ServiceCenter: c.ListTenant(f.ServiceCenter), Status: f.Status, Limit: f.Limit, Cursor: f.Cursor}
	page, err := s.store.ListShipments(ctx, q)
	return page, storeError(err, "list shipments")
}

// Shipment returns one shipment with its packing list.
func (s *Service) Shipment(ctx context.Context, c auth.Caller, id string) (orders.Shipment, error) {
	sh, err := s.store.Shipment(ctx, id)
	if err != nil {
		return orders.Shipment{}, storeError(err, "read shipment "+id)
	}
	return sh, c.CheckTenant(sh.ServiceCenterID)
}

// Urgent puts chosen orders of one centre into a new shipment at once («при
// срочной необходимости можем выслать раньше»), in one transaction.
func (s *Service) Urgent(ctx context.Context, c auth.Caller, orderIDs []string) (orders.Shipment, error) {
	if len(orderIDs) == 0 || len(orderIDs) > MaxUrgent || hasDuplicates(orderIDs) {
		return orders.Shipment{}, invalidField("orderIds",
			fmt.Sprintf("Выберите от 1 до %d разных заказов", MaxUrgent), fmt.Sprintf("Choose 1 to %d distinct orders", MaxUrgent))
	}
	list := make([]orders.Order, 0, len(orderIDs))
	for _, id := range orderIDs {
		o, err := s.Order(ctx, c, id)
		if err != nil {
			return orders.Shipment{}, err
		}
		if o.Status != orders.StatusAwaitingShipment {
			return orders.Shipment{}, errOrderMoved
		}
		if len(list) > 0 && o.ServiceCenterID != list[0].ServiceCenterID {
			return orders.Shipment{}, invalidField("orderIds",
				"В одну отгрузку попадают заказы одного сервисного центра", "One shipment carries the orders of one service centre")
		}
		list = append(list, o)
	}
	now := s.now()
	sh := orders.Shipment{ID: s.newID(), ServiceCenterID: list[0].ServiceCenterID, Kind: orders.KindUrgent,
		Status: orders.ShipmentCollected, Version: 1, CreatedBy: c.UserID, CreatedAt: now, UpdatedAt: now}
	if err := s.store.AddOrders(ctx, sh, list, true, now); err != nil {
		return orders.Shipment{}, storeError(err, "make urgent shipment")
	}
	return s.Shipment(ctx, c, sh.ID)
}

// ShipPreSale ships the orders of pre-sale acts ahead of the weekly batch,
// when a manager chooses to: every such order awaiting shipment goes into
// an urgent shipment of its centre (one per centre, more when a centre has
// over MaxUrgent). It returns the shipments made, none when nothing waits.
func (s *Service) ShipPreSale(ctx context.Context, c auth.Caller) ([]orders.Shipment, error) {
	awaiting, err := s.store.AwaitingOrders(ctx)
	if err != nil {
		return nil, storeError(err, "list orders awaiting shipment")
	}
	byCentre := map[string][]string{}
	var centres []string
	for _, o := range awaiting {
		if !o.PreSale {
			continue
		}
		if _, ok := byCentre[o.ServiceCenterID]; !ok {
			centres = append(centres, o.ServiceCenterID)
		}
		byCentre[o.ServiceCenterID] = append(byCentre[o.ServiceCenterID], o.ID)
	}
	made := []orders.Shipment{}
	for _, centre := range centres {
		for ids := range slices.Chunk(byCentre[centre], MaxUrgent) {
			sh, err := s.Urgent(ctx, c, ids)
			if err != nil {
				return made, err
			}
			made = append(made, sh)
		}
	}
	return made, nil
}

func hasDuplicates(ids []string) bool {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	return len(slices.Compact(sorted)) != len(ids)
}

// Dispatch records that a collected shipment left with a carrier and a
// tracking number. Then, together: its orders are shipped, each act moves
// to parts_shipped with the system's comment «Запчасти отгружены, трек-номер
// …», and the centre gets one e-mail for the whole shipment. The dispatch is
// committed first; the rest is written order by order and finished by the
// hourly job if this request is cut short. Repeating the same dispatch
// resumes it.
func (s *Service) Dispatch(ctx context.Context, c auth.Caller, id string, d orders.Dispatch) (orders.Shipment, error) {
	d = d.Normalized()
	if errs := d.Validate(); len(errs) > 0 {
		return orders.Shipment{}, apperr.WithFields(errs)
	}
	sh, err := s.Shipment(ctx, c, id)
	if err != nil {
		return orders.Shipment{}, err
	}
	switch {
	case sh.Status == orders.ShipmentDispatched && sh.Carrier == d.Carrier && sh.TrackingNumber == d.TrackingNumber:
		// A retry of this very dispatch: finish what it started.
	case sh.Status != orders.ShipmentCollected:
		return orders.Shipment{}, orders.ErrNotCollected
	case len(sh.Items) == 0:
		return orders.Shipment{}, orders.ErrEmptyShipment
	default:
		now := s.now()
		next := sh
		next.Status, next.Carrier, next.TrackingNumber = orders.ShipmentDispatched, d.Carrier, d.TrackingNumber
		next.ShippingCost, next.ShippingPayer = d.ShippingCost, d.ShippingPayer
		next.DispatchedBy, next.DispatchedAt, next.UpdatedAt = c.UserID, &now, now
		next.Version, next.Settling = sh.Version+1, true
		if err := s.store.UpdateShipment(ctx, sh, next); err != nil {
			return orders.Shipment{}, storeError(err, "dispatch shipment "+id)
		}
		sh = next
	}
	return s.finish(ctx, sh)
}

// CarrierClaim records that a dispatched parcel was lost or damaged: its
// value becomes an entry payable by the shipment's carrier, to claim from
// it (managers; once per shipment).
func (s *Service) CarrierClaim(ctx context.Context, c auth.Caller, id string, amount money.RUB, reason string) (ledger.Entry, error) {
	if !c.Role.Staff() {
		return ledger.Entry{}, apperr.New(apperr.Forbidden, "Претензии перевозчикам выставляют менеджеры", "Carrier claims are for managers")
	}
	sh, err := s.Shipment(ctx, c, id)
	if err != nil {
		return ledger.Entry{}, err
	}
	e, err := ledger.CarrierClaim(sh, amount, reason, s.loc)
	if err != nil {
		return ledger.Entry{}, err
	}
	e.History = []ledger.Change{{At: s.now(), ActorID: c.UserID, ActorRole: string(c.Role), ActorName: c.Name,
		To: ledger.StateToClaim, Amount: amount, Note: e.Note}}
	if err := s.store.AddLedgerEntry(ctx, e); err != nil {
		return ledger.Entry{}, storeError(err, "claim shipment "+id+" from its carrier")
	}
	return e, nil
}

// Deliver records that a dispatched shipment arrived (at, or now): its
// orders are delivered and each act moves to parts_delivered with the
// delivery date, which starts the centre's window to claim a mismatch.
// The centre confirms its own shipments; a manager may for any.
func (s *Service) Deliver(ctx context.Context, c auth.Caller, id string, at *time.Time) (orders.Shipment, error) {
	sh, err := s.Shipment(ctx, c, id)
	if err != nil {
		return orders.Shipment{}, err
	}
	return s.deliver(ctx, c, sh, at, "")
}

// deliver is Deliver once the caller may: by a person (source "") or by
// the system from the carrier's answer or the transit days.
func (s *Service) deliver(ctx context.Context, by auth.Caller, sh orders.Shipment, at *time.Time, source carriers.Source) (orders.Shipment, error) {
	switch sh.Status {
	case orders.ShipmentDelivered:
		// Confirmed already (a retry, or the other side): finish it.
	case orders.ShipmentDispatched:
		now := s.now()
		arrived := now
		if at != nil {
			arrived = *at
		}
		if errs := sh.CheckDelivered(arrived, now); len(errs) > 0 {
			return orders.Shipment{}, apperr.WithFields(errs)
		}
		next := sh
		next.Status, next.DeliveredBy, next.DeliveredByRole, next.DeliverySource = orders.ShipmentDelivered, by.UserID, by.Role, string(source)
		next.DeliveredByName = by.Name
		next.DeliveredAt, next.UpdatedAt, next.Version, next.Settling = &arrived, now, sh.Version+1, true
		if err := s.store.UpdateShipment(ctx, sh, next); err != nil {
			return orders.Shipment{}, storeError(err, "deliver shipment "+sh.ID)
		}
		sh = next
	default:
		return orders.Shipment{}, orders.ErrNotDispatched
	}
	return s.finish(ctx, sh)
}

// errNothingToConfirm: the act has no parcel on its way.
var errNothingToConfirm = apperr.New(apperr.Conflict,
	"По акту нет отправленных запчастей, получение которых можно подтвердить",
	"No parts of this act are on their way to be confirmed")

// DeliverAct is the centre's confirmation from the act's page that its
// parts arrived (at, or now): every dispatched shipment carrying one of the
// act's orders is delivered as its own confirmation would be — the parcel,
// its orders and all its acts move together. Only the act's own centre
// confirms here; another caller learns nothing of the act (404).
func (s *Service) DeliverAct(ctx context.Context, c auth.Caller, actID string, at *time.Time) ([]orders.Shipment, error) {
	a, err := s.store.Act(ctx, actID)
	if err != nil {
		return nil, storeError(err, "read act "+actID)
	}
	if c.Role != auth.RoleServiceCenter || c.Tenant != a.ServiceCenterID {
		return nil, auth.NotFound()
	}
	delivered := []orders.Shipment{}
	seen := map[string]bool{}
	for _, id := range a.OrderIDs {
		o, err := s.store.Order(ctx, id)
		if err != nil {
			return nil, storeError(err, "read order "+id)
		}
		if o.Status != orders.StatusShipped || o.ShipmentID == "" || seen[o.ShipmentID] {
			continue
		}
		seen[o.ShipmentID] = true
		sh, err := s.Shipment(ctx, c, o.ShipmentID)
		if err != nil {
			return nil, err
		}
		if sh.Status != orders.ShipmentDispatched {
			continue
		}
		if sh, err = s.deliver(ctx, c, sh, at, ""); err != nil {
			return nil, err
		}
		delivered = append(delivered, sh)
	}
	if len(delivered) == 0 {
		return nil, errNothingToConfirm
	}
	return delivered, nil
}

// track delivers a dispatched shipment nobody confirmed once it arrived by
// its carrier's tracking or its transit days; before that it leaves it on
// the due index for the next run. A carrier's failure is returned (wrapping
// carriers.ErrNoAnswer) after the fallback has had its say.
func (s *Service) track(ctx context.Context, sh orders.Shipment) error {
	if s.arrivals == nil || sh.DispatchedAt == nil {
		return nil
	}
	arr, ok, failure := s.arrivals.Arrived(ctx, sh.Carrier, sh.TrackingNumber, *sh.DispatchedAt, s.now())
	if !ok {
		return failure
	}
	if _, err := s.deliver(ctx, notices.System, sh, &arr.At, arr.Source); err != nil {
		// The delivery's own failure decides the run, not the carrier's.
		return fmt.Errorf("deliver shipment %s on its %s: %w", sh.ID, arr.Source, err)
	}
	return failure
}

// finish settles sh for a request and sends its e-mail. A failed send does
// not fail the request: the dispatch stands, the ledger records the
// failure and the queued mail is retried by the hourly job.
func (s *Service) finish(ctx context.Context, sh orders.Shipment) (orders.Shipment, error) {
	sh, mail, err := s.settle(ctx, sh)
	if err != nil {
		return orders.Shipment{}, storeError(err, "settle shipment "+sh.ID)
	}
	if mail != nil {
		_ = s.post.Send(ctx, *mail)
	}
	return sh, nil
}

// Settle finishes a shipment's dispatch or delivery that a request left
// half-written, and delivers a dispatched one that arrived (track); the
// hourly job calls it for every shipment on the due index.
func (s *Service) Settle(ctx context.Context, id string) error {
	sh, err := s.store.Shipment(ctx, id)
	if errors.Is(err, auth.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !sh.Settling && sh.Status == orders.ShipmentDispatched {
		return s.track(ctx, sh)
	}
	_, mail, err := s.settle(ctx, sh)
	if err != nil || mail == nil {
		return err
	}
	return s.post.Send(ctx, *mail)
}

// settleRetries bounds how often one order is retried when its act changes
// under it (a comment, a manager's edit) between the read and the write.
const settleRetries = 3

// settle writes what a dispatch or delivery implies, order by order, each
// with its act's move in one transaction conditioned on both, so a repeat
// skips what is done and never comments twice; then it marks the shipment
// settled, queueing the dispatch e-mail in the same transaction. It returns
// the mail to send, if this call queued one.
func (s *Service) settle(ctx context.Context, sh orders.Shipment) (orders.Shipment, *notices.Mail, error) {
	if !sh.Settling {
		return sh, nil, nil
	}
	from, to := orders.StatusInShipment, orders.StatusShipped
	if sh.Status == orders.ShipmentDelivered {
		from, to = orders.StatusShipped, orders.StatusDelivered
	}
	for _, it := range sh.Items {
		if err := s.settleOrder(ctx, sh, it.OrderID, from, to); err != nil {
			return sh, nil, fmt.Errorf("order %s: %w", it.OrderID, err)
		}
	}
	var mail *notices.Mail
	if sh.Status == orders.ShipmentDispatched {
		centre, err := notices.NewPeople(s.directory).Centre(ctx, sh.ServiceCenterID)
		if err != nil {
			return sh, nil, err
		}
		m := s.letters.Dispatched(sh, centre, s.window, s.now())
		mail = &m
	}
	err := s.store.FinishSettling(ctx, sh, mail)
	if errors.Is(err, ErrStale) {
		// Another request or the job finished it (and queued the mail).
		mail, err = nil, nil
	}
	if err != nil {
		return sh, nil, err
	}
	sh.Settling = false
	return sh, mail, nil
}

// settleOrder moves one order from → to with its act, unless that is done.
func (s *Service) settleOrder(ctx context.Context, sh orders.Shipment, orderID string, from, to orders.Status) error {
	for range settleRetries {
		o, err := s.store.Order(ctx, orderID)
		if err != nil {
			return err
		}
		if o.Status != from || o.ShipmentID != sh.ID {
			return nil // done already, or cancelled before the dispatch
		}
		a, err := s.store.Act(ctx, o.ActID)
		if err != nil && !errors.Is(err, auth.ErrNotFound) {
			return err
		}
		now := s.now()
		var w *acts.Write
		if err == nil {
			w, err = s.actMove(sh, a, now)
			if err != nil {
				return err
			}
		}
		err = s.store.SettleOrder(ctx, sh, o, to, w, now)
		switch {
		case errors.Is(err, ErrOrderMoved):
			return nil
		case errors.Is(err, acts.ErrStale):
			continue
		}
		return err
	}
	return fmt.Errorf("its act kept changing: %w", acts.ErrStale)
}

// actMove is the act's move for a settling shipment, or nil when the act is
// not where the shipment would move it from (it moved on its own: the
// centre confirmed delivery on the act, or a paid order was refused).
func (s *Service) actMove(sh orders.Shipment, a acts.Act, now time.Time) (*acts.Write, error) {
	by, action, text := notices.System, acts.ActionShip, notices.ShippedComment(sh)
	if sh.Status == orders.ShipmentDelivered {
		by = auth.Caller{UserID: sh.DeliveredBy, Role: sh.DeliveredByRole, Name: sh.DeliveredByName}
		action, text = acts.ActionDeliver, s.letters.DeliveredComment(sh, s.window)
	}
	if _, err := a.Next(action, by.Role); err != nil {
		return nil, nil
	}
	w, _, err := notices.Move(a, by, action, text, now, s.newID)
	if err == nil && action == acts.ActionShip {
		// The act shows its parcel's tracking as a link, not only in the comment.
		w.After.Parcels = append(slices.Clone(a.Parcels), acts.Parcel{ShipmentID: sh.ID, Carrier: sh.Carrier,
			TrackingNumber: sh.TrackingNumber, TrackingURL: carriers.TrackingURL(sh.Carrier, sh.TrackingNumber)})
	}
	if err == nil && action == acts.ActionDeliver {
		// The window counts from the parcel's arrival («после поступления
		// … согласно номеру отслеживания»), not from when it was recorded.
		w.After.StatusChangedAt = *sh.DeliveredAt
	}
	return &w, err
}

// ---------------------------------------------------------------- weekly batch

// BatchReport counts what one weekly run did, for the log line at the
// function's edge.
type BatchReport struct {
	Week      string
	Shipments int // shipments that received orders in this run
	Orders    int
	Skipped   int // orders left for next week (their centre's shipment already left)
}

// Batch gathers every order awaiting shipment into one shipment per centre
// for the ISO week of now. The shipment's id comes from the centre and the
// week and every write is conditional, so a second run for the same week
// makes nothing new, and a run cut short is completed by the next.
func (s *Service) Batch(ctx context.Context, now time.Time) (BatchReport, error) {
	week := orders.WeekOf(now, s.loc)
	r := BatchReport{Week: week.String()}
	awaiting, err := s.store.AwaitingOrders(ctx)
	if err != nil {
		return r, fmt.Errorf("list orders awaiting shipment: %w", err)
	}
	byCentre := map[string][]orders.Order{}
	for _, o := range awaiting {
		byCentre[o.ServiceCenterID] = append(byCentre[o.ServiceCenterID], o)
	}
	centres := make([]string, 0, len(byCentre))
	for c := range byCentre {
		centres = append(centres, c)
	}
	slices.Sort(centres)
	for _, centre := range centres {
		sh, err := s.weekly(ctx, centre, week, now)
		if err != nil {
			return r, err
		}
		list := byCentre[centre]
		if sh.Status != orders.ShipmentCollected {
			r.Skipped += len(list)
			continue
		}
		added, err := s.add(ctx, sh, list, now)
		r.Orders += added
		if added > 0 {
			r.Shipments++
		}
		if err != nil {
			return r, fmt.Errorf("fill shipment %s: %w", sh.ID, err)
		}
	}
	return r, nil
}

// weekly returns the centre's shipment of the week, making it if needed.
func (s *Service) weekly(ctx context.Context, centre string, week orders.Week, now time.Time) (orders.Shipment, error) {
	id := orders.WeeklyShipmentID(centre, week)
	sh, err := s.store.Shipment(ctx, id)
	if !errors.Is(err, auth.ErrNotFound) {
		return sh, err
	}
	sh = orders.Shipment{ID: id, ServiceCenterID: centre, Kind: orders.KindWeekly, Week: week.String(),
		Status: orders.ShipmentCollected, Version: 1, CreatedBy: notices.System.UserID, CreatedAt: now, UpdatedAt: now}
	err = s.store.PutShipment(ctx, sh)
	if errors.Is(err, ErrExists) {
		return s.store.Shipment(ctx, id)
	}
	return sh, err
}

// add puts orders into sh, MaxBatch per transaction. When a transaction
// fails because an order moved meanwhile (cancelled, or taken by a
// concurrent run), its orders are added one by one and the moved ones left.
func (s *Service) add(ctx context.Context, sh orders.Shipment, list []orders.Order, now time.Time) (int, error) {
	added := 0
	for chunk := range slices.Chunk(list, MaxBatch) {
		err := s.store.AddOrders(ctx, sh, chunk, false, now)
		if err == nil {
			added += len(chunk)
			continue
		}
		if !errors.Is(err, ErrOrderMoved) {
			return added, err
		}
		for _, o := range chunk {
			switch err := s.store.AddOrders(ctx, sh, []orders.Order{o}, false, now); {
			case err == nil:
				added++
			case !errors.Is(err, ErrOrderMoved):
				return added, err
			}
		}
	}
	return added, nil
}

// ---------------------------------------------------------------- compensation

// CompensationReport is what the wholesaler owes each centre for its own
// parts, for one month.
type CompensationReport struct {
	Month   orders.Month
	Centres []CentreCompensation
}

// CentreCompensation is one centre's part of the report, with its name.
type CentreCompensation struct {
	Name string
	orders.CentreCompensation
}

// CentreName is a service centre's name, as documents show it.
func (s *Service) CentreName(ctx context.Context, id string) (string, error) {
	centre, err := notices.NewPeople(s.directory).Centre(ctx, id)
	if err != nil {
		return "", apperr.Wrap(err, "name service centre "+id)
	}
	return centre.Name, nil
}

// Compensation builds the month's report: the own parts of every decision
// taken in the month (in the business time zone), per centre.
func (s *Service) Compensation(ctx context.Context, c auth.Caller, month string) (CompensationReport, error) {
	if !c.Role.Staff() {
		return CompensationReport{}, apperr.New(apperr.Forbidden, "Отчёт доступен менеджерам", "The report is for managers")
	}
	m, err := orders.ParseMonth(month)
	if err != nil {
		return CompensationReport{}, err
	}
	from, before := m.Bounds(s.loc)
	list, err := s.store.CompensationOrders(ctx, from, before)
	if err != nil {
		return CompensationReport{}, storeError(err, "read compensation of "+month)
	}
	people := notices.NewPeople(s.directory)
	r := CompensationReport{Month: m}
	for _, cc := range orders.Compensation(list) {
		centre, err := people.Centre(ctx, cc.ServiceCenterID)
		if err != nil {
			return CompensationReport{}, apperr.Wrap(err, "name service centre "+cc.ServiceCenterID)
		}
		r.Centres = append(r.Centres, CentreCompensation{Name: centre.Name, CentreCompensation: cc})
	}
	slices.SortStableFunc(r.Centres, func(a, b CentreCompensation) int { return cmp.Compare(a.Name, b.Name) })
	return r, nil
}
