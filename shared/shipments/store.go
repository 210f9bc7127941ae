// Package shipments carries parts orders to the service centres
// (orders-shipments.md): the weekly batch that makes one shipment per centre,
// urgent shipments, dispatch with a tracking number and delivery — each of
// which also moves the shipment's orders and acts and tells the centre —
// plus the order list, cancellation and the monthly compensation report.
// Rules about orders and shipments themselves live in shared/orders; this
// package sequences the writes so that any step can be repeated or resumed.
package shipments

import (
	"context"
	"errors"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/ledger"
	"aftersales/shared/notices"
	"aftersales/shared/orders"
)

// Store errors: the contract between the service and its storage adapter.
var (
	// ErrExists: a shipment with this id was already made.
	ErrExists = errors.New("shipment exists")
	// ErrStale: the shipment changed since it was read (another step won),
	// or it is no longer being collected; nothing was written.
	ErrStale = errors.New("stale shipment")
	// ErrOrderMoved: an order is no longer in the status the write expected
	// (another run took it, or a manager cancelled it); nothing was written.
	ErrOrderMoved = errors.New("order moved")
)

// Store keeps orders and shipments.
type Store interface {
	// Order reads an order, strongly consistent; auth.ErrNotFound.
	Order(ctx context.Context, id string) (orders.Order, error)
	// ListOrders returns one page of orders (see OrderQuery).
	ListOrders(ctx context.Context, q OrderQuery) (auth.Page[orders.Order], error)
	// AwaitingOrders lists every order awaiting shipment, oldest first. It
	// reads an index, which may lag: writes check the status again.
	AwaitingOrders(ctx context.Context) ([]orders.Order, error)
	// CancelOrder stores after (cancelled) on condition the order is still
	// as before — and, for an order in a shipment, that the shipment is still
	// being collected; the order leaves its packing list, and its ledger
	// entries are deleted on condition none was claimed (ledger.ErrClaimed).
	// The act gets the comment and its event; mails are queued in the same
	// transaction. ErrOrderMoved or ErrStale otherwise.
	CancelOrder(ctx context.Context, before, after orders.Order, cm acts.Comment, ev acts.Event, mails []notices.Mail) error
	// CompensationOrders lists the orders with compensation lines created
	// in [from, before), except cancelled ones.
	CompensationOrders(ctx context.Context, from, before time.Time) ([]orders.Order, error)

	// Shipment reads a shipment with its packing list; auth.ErrNotFound.
	Shipment(ctx context.Context, id string) (orders.Shipment, error)
	// ListShipments returns one page of shipments without their items.
	ListShipments(ctx context.Context, q ShipmentQuery) (auth.Page[orders.Shipment], error)
	// PutShipment stores a new, empty shipment; ErrExists when its id is taken.
	PutShipment(ctx context.Context, sh orders.Shipment) error
	// AddOrders puts orders (all awaiting shipment, at most MaxBatch) into
	// a collected shipment in one transaction — creating the shipment in the
	// same transaction when create is set. ErrOrderMoved when one of them is
	// no longer awaiting shipment, ErrStale when the shipment is no longer
	// collected (or, with create, exists).
	AddOrders(ctx context.Context, sh orders.Shipment, list []orders.Order, create bool, now time.Time) error
	// UpdateShipment stores after on condition the shipment is still at
	// before's version; ErrStale otherwise. A settling shipment is put on
	// the due index so the hourly job finishes it if the caller cannot.
	UpdateShipment(ctx context.Context, before, after orders.Shipment) error
	// SettleOrder moves one order of a settling shipment to status to and,
	// in the same transaction, writes its act's move (when w is not nil).
	// ErrOrderMoved when the order is not in the shipment in the status
	// before it; acts.ErrStale when the act changed since it was read.
	SettleOrder(ctx context.Context, sh orders.Shipment, o orders.Order, to orders.Status, w *acts.Write, now time.Time) error
	// FinishSettling marks the shipment settled and takes it off the due
	// index, queueing m (when not nil) in the same transaction; ErrStale
	// when it is no longer settling at its version (someone else finished).
	FinishSettling(ctx context.Context, sh orders.Shipment, m *notices.Mail) error

	// AddLedgerEntry records a new ledger entry (a carrier's claim);
	// ledger.ErrExists when its id was recorded already.
	AddLedgerEntry(ctx context.Context, e ledger.Entry) error

	// Act reads an act, strongly consistent; auth.ErrNotFound.
	Act(ctx context.Context, id string) (acts.Act, error)
}

// MaxBatch is the most orders one AddOrders takes: a transaction holds at
// most 100 items, and each order costs two (the order and its packing-list
// entry) besides the shipment's own.
const MaxBatch = 40

// OrderQuery selects orders. The service fills ServiceCenter from the
// caller's scope for centres, never from the request alone.
type OrderQuery struct {
	// ServiceCenter restricts to one centre (newest first); "" lists one
	// status across centres, oldest first (the managers' work list).
	ServiceCenter string
	Status        orders.Status
	Limit         int
	Cursor        string
}

// ShipmentQuery selects shipments, newest first.
type ShipmentQuery struct {
	ServiceCenter string
	Status        orders.ShipmentStatus
	Limit         int
	Cursor        string
}
