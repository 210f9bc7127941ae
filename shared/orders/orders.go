// Package orders is the parts-order model: what an approved or paid act sends
// to its service centre, what the wholesaler owes the centre for its own
// parts, who pays, and where the order stands; and the shipments that carry
// orders to the centres. An order is created in the same transaction as the
// act's decision; shipments move it later. It is plain Go with no
// infrastructure imports.
package orders

import (
	"time"

	"aftersales/shared/money"
)

// Payer is who bears the cost of an order's parts and shipping; every order
// records one (seed 001: the store, the factory, the customer, the carrier).
type Payer string

// The payers of orders-shipments.md.
const (
	PayerWholesaler    Payer = "wholesaler"     // a recognised warranty case
	PayerFactory       Payer = "factory"        // a maker's defect the factory covers
	PayerServiceCenter Payer = "service_center" // a paid order, or parts without the warranty tick
	PayerCustomer      Payer = "customer"
	PayerCarrier       Payer = "carrier" // damage in transit
)

// labels names an enumeration's values for Russian readers; a value is
// valid when it has a label.
type labels[T ~string] map[T]string

func (l labels[T]) valid(v T) bool {
	_, ok := l[v]
	return ok
}

var payerLabels = labels[Payer]{
	PayerWholesaler:    "Оптовая компания",
	PayerFactory:       "Завод-изготовитель",
	PayerServiceCenter: "Сервисный центр",
	PayerCustomer:      "Покупатель",
	PayerCarrier:       "Перевозчик",
}

// Valid reports whether p is one of the payers.
func (p Payer) Valid() bool { return payerLabels.valid(p) }

// Label is the payer as shown in Russian reports and exports.
func (p Payer) Label() string { return payerLabels[p] }

// Status is where an order stands on its way to the centre.
type Status string

// The order statuses: awaiting_shipment → in_shipment → shipped → delivered,
// or cancelled by a manager.
const (
	StatusAwaitingShipment Status = "awaiting_shipment"
	StatusInShipment       Status = "in_shipment"
	StatusShipped          Status = "shipped"
	StatusDelivered        Status = "delivered"
	StatusCancelled        Status = "cancelled"
)

// Statuses lists every order status in life order, for tables that must
// cover all of them.
var Statuses = []Status{StatusAwaitingShipment, StatusInShipment, StatusShipped, StatusDelivered, StatusCancelled}

var statusLabels = labels[Status]{
	StatusAwaitingShipment: "Ожидает отгрузки",
	StatusInShipment:       "В отгрузке",
	StatusShipped:          "Отгружен",
	StatusDelivered:        "Получен",
	StatusCancelled:        "Отменён",
}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool { return statusLabels.valid(s) }

// Label is the status as Russian users read it.
func (s Status) Label() string { return statusLabels[s] }

// Line is one row of an order: a part to ship, or (in Compensation) one of
// the centre's own parts the wholesaler pays back. Price is per unit.
type Line struct {
	Name         string    `json:"name"`
	SchemeNumber string    `json:"schemeNumber,omitempty"`
	Quantity     int       `json:"quantity"`
	Price        money.RUB `json:"price"`
}

// Order is the parts for one act decision. A mismatch claim that ends in a
// new approval makes a new order; the act keeps the ids of all of them.
type Order struct {
	ID              string `json:"id"`
	ActID           string `json:"actId"`
	ActNumber       string `json:"actNumber"`
	ServiceCenterID string `json:"serviceCenterId"`
	Payer           Payer  `json:"payer"`
	Status          Status `json:"status"`
	// Lines are shipped to the centre.
	Lines []Line `json:"lines"`
	// Compensation lines are not shipped: they are owed to the centre at
	// their price, reported per centre per month.
	Compensation []Line    `json:"compensation"`
	CreatedBy    string    `json:"createdBy"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
	// ShipmentID is set once the order is put into a shipment.
	ShipmentID string `json:"shipmentId,omitempty"`
	// CancelReason and CancelledBy say why and by whom a cancelled order was
	// stopped.
	CancelReason string `json:"cancelReason,omitempty"`
	CancelledBy  string `json:"cancelledBy,omitempty"`
	// PreSale marks the order of a pre-sale act (the product is still
	// unsold): the shipments screen shows it, and a manager may ship such
	// orders ahead of the weekly batch.
	PreSale bool `json:"preSale"`
}

// InitialStatus is the status an order starts in: awaiting_shipment when it
// has parts to ship. A decision of compensation only ships nothing (see
// ShipsNothing) and is recorded as delivered: nothing is left to happen.
func InitialStatus(lines []Line) Status {
	if len(lines) > 0 {
		return StatusAwaitingShipment
	}
	return StatusDelivered
}

// ShipsNothing tells a decision that only recognises the centre's own parts
// (acts.md: «creates no order»). It is kept as a compensation record, not
// an order: no order list, shipment, export or act page shows it, while the
// ledger and the compensation report read it like any order's own parts.
func (o Order) ShipsNothing() bool { return len(o.Lines) == 0 }

// Sum is the value of lines: price times quantity, in kopecks.
func Sum(lines []Line) money.RUB {
	var total money.RUB
	for _, l := range lines {
		total += l.Price * money.RUB(l.Quantity)
	}
	return total
}
