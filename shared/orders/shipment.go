package orders

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/carriers"
	"aftersales/shared/money"
)

// ShipmentStatus is where a parcel stands: collected (orders are being put
// into it), dispatched (a carrier has it, with a tracking number), delivered
// (the centre has it).
type ShipmentStatus string

// The shipment statuses, in life order.
const (
	ShipmentCollected  ShipmentStatus = "collected"
	ShipmentDispatched ShipmentStatus = "dispatched"
	ShipmentDelivered  ShipmentStatus = "delivered"
)

var shipmentLabels = labels[ShipmentStatus]{
	ShipmentCollected:  "Собирается",
	ShipmentDispatched: "Отправлена",
	ShipmentDelivered:  "Получена",
}

// Valid reports whether s is one of the shipment statuses.
func (s ShipmentStatus) Valid() bool { return shipmentLabels.valid(s) }

// Label is the shipment status as Russian users read it.
func (s ShipmentStatus) Label() string { return shipmentLabels[s] }

// ShipmentKind tells the weekly parcel from one a manager sent early.
type ShipmentKind string

// The shipment kinds: the weekly batch (one per centre per ISO week) and an
// urgent one («при срочной необходимости можем выслать раньше»).
const (
	KindWeekly ShipmentKind = "weekly"
	KindUrgent ShipmentKind = "urgent"
)

// Shipment is one parcel to one service centre. Its Items are the packing
// list: one per order, with the act it is for, so the centre can tell which
// parts belong to which repair.
type Shipment struct {
	ID              string         `json:"id"`
	ServiceCenterID string         `json:"serviceCenterId"`
	Kind            ShipmentKind   `json:"kind"`
	Week            string         `json:"week,omitempty"`
	Status          ShipmentStatus `json:"status"`
	// Version grows with every change of the shipment itself, so two
	// managers dispatching at once cannot both win.
	Version        int    `json:"version"`
	Items          []Item `json:"items"`
	Carrier        string `json:"carrier,omitempty"`
	TrackingNumber string `json:"trackingNumber,omitempty"`
	// ShippingCost is what the carriage cost, entered at dispatch (0: not
	// entered); ShippingPayer carries it, the wholesaler unless said.
	ShippingCost  money.RUB  `json:"shippingCost,omitempty"`
	ShippingPayer Payer      `json:"shippingPayer,omitempty"`
	CreatedBy     string     `json:"createdBy"`
	CreatedAt     time.Time  `json:"createdAt"`
	UpdatedAt     time.Time  `json:"updatedAt"`
	DispatchedBy  string     `json:"dispatchedBy,omitempty"`
	DispatchedAt  *time.Time `json:"dispatchedAt,omitempty"`
	DeliveredBy   string     `json:"deliveredBy,omitempty"`
	// DeliveredByRole is the role the delivery was confirmed with: the
	// acts move to parts_delivered as that person's action.
	DeliveredByRole auth.Role `json:"-"`
	// DeliveredByName is that person's name, for the acts' history.
	DeliveredByName string `json:"-"`
	// DeliveredAt is when the parcel arrived, as the one who confirmed it said.
	DeliveredAt *time.Time `json:"deliveredAt,omitempty"`
	// DeliverySource says how the system knows of an arrival nobody
	// confirmed: "carrier" (its tracking) or "transit" (dispatch plus the
	// carrier's transit days); empty when a person confirmed it.
	DeliverySource string `json:"deliverySource,omitempty"`
	// Settling is true between a dispatch or delivery and the moment its
	// orders, acts and e-mail have all been written; the hourly job finishes
	// what an interrupted request left.
	Settling bool `json:"settling"`
	// OrderCount is how many orders the packing list holds; lists show it
	// without reading the items.
	OrderCount int `json:"orderCount"`
	// PreSale is true when an order of a pre-sale act is in it, so lists
	// mark it without reading the items.
	PreSale bool `json:"preSale"`
}

// MarshalJSON adds trackingUrl, the carrier's tracking page for the
// number (none for a carrier the system does not know), so every client
// shows the number as a link.
func (s Shipment) MarshalJSON() ([]byte, error) {
	type plain Shipment
	return json.Marshal(struct {
		plain
		TrackingURL string `json:"trackingUrl,omitempty"`
	}{plain(s), carriers.TrackingURL(s.Carrier, s.TrackingNumber)})
}

// Item is one order in a shipment's packing list.
type Item struct {
	OrderID   string `json:"orderId"`
	ActID     string `json:"actId"`
	ActNumber string `json:"actNumber"`
	Payer     Payer  `json:"payer"`
	Lines     []Line `json:"lines"`
	PreSale   bool   `json:"preSale"`
}

// Week is an ISO week of the business calendar: the weekly batch makes at
// most one shipment per centre in each.
type Week struct{ Year, Number int }

// WeekOf is the ISO week t falls in, in the business time zone.
func WeekOf(t time.Time, loc *time.Location) Week {
	y, w := t.In(loc).ISOWeek()
	return Week{y, w}
}

// String is the ISO form, 2026-W48.
func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Number) }

// WeeklyShipmentID is the id of a centre's weekly shipment. It is derived
// from the week and the centre so that a second run of the batch for the
// same week finds the shipment the first one made instead of making another.
func WeeklyShipmentID(centre string, w Week) string { return w.String() + "-" + centre }

// Limits of a dispatch's texts.
const (
	MaxCarrier  = 100
	MaxTracking = 64
	MaxReason   = 1000
)

// Dispatch is what a manager enters when a parcel leaves: the carrier, the
// tracking number and, when known, what the carriage cost and who pays it
// (the wholesaler by default; a centre that ordered outside warranty pays
// its own: seed 000, «отправка будет осуществлена за ВАШ счет»).
type Dispatch struct {
	Carrier        string    `json:"carrier"`
	TrackingNumber string    `json:"trackingNumber"`
	ShippingCost   money.RUB `json:"shippingCost,omitempty"`
	ShippingPayer  Payer     `json:"shippingPayer,omitempty"`
}

// Normalized trims both texts and writes the tracking number without spaces
// in upper case, the way carriers print and search it.
func (d Dispatch) Normalized() Dispatch {
	return Dispatch{
		Carrier:        strings.TrimSpace(d.Carrier),
		TrackingNumber: strings.ToUpper(strings.Join(strings.Fields(d.TrackingNumber), "")),
		ShippingCost:   d.ShippingCost,
		ShippingPayer:  d.ShippingPayer,
	}
}

// Validate lists every problem with a normalized dispatch.
func (d Dispatch) Validate() []apperr.FieldError {
	var errs []apperr.FieldError
	errs = append(errs, checkText("carrier", d.Carrier, MaxCarrier, "перевозчика", "the carrier")...)
	errs = append(errs, checkText("trackingNumber", d.TrackingNumber, MaxTracking, "трек-номер", "the tracking number")...)
	if d.ShippingCost < 0 {
		errs = append(errs, apperr.FieldError{Field: "shippingCost", Code: "range",
			Message: "Стоимость доставки не может быть отрицательной", MessageEN: "The shipping cost cannot be negative"})
	}
	if d.ShippingPayer != "" && !d.ShippingPayer.Valid() {
		errs = append(errs, apperr.FieldError{Field: "shippingPayer", Code: "invalid_value",
			Message: fmt.Sprintf("Неизвестный плательщик «%s»", d.ShippingPayer), MessageEN: fmt.Sprintf("Unknown payer %q", d.ShippingPayer)})
	}
	return errs
}

// CheckReason validates the reason a manager gives for cancelling an order.
func CheckReason(reason string) []apperr.FieldError {
	return checkText("reason", strings.TrimSpace(reason), MaxReason, "причину", "a reason")
}

func checkText(field, s string, max int, ru, en string) []apperr.FieldError {
	switch {
	case s == "":
		return []apperr.FieldError{{Field: field, Code: "required", Message: "Укажите " + ru, MessageEN: "Give " + en}}
	case utf8.RuneCountInString(s) > max:
		return []apperr.FieldError{{Field: field, Code: "too_long",
			Message: fmt.Sprintf("Не длиннее %d символов", max), MessageEN: fmt.Sprintf("At most %d characters", max)}}
	}
	return nil
}

// Errors of order and shipment moves.
var (
	ErrNotCancellable = apperr.New(apperr.Conflict,
		"Отменить можно только заказ, который ещё не отправлен",
		"Only an order that has not left yet can be cancelled")
	ErrNotCollected = apperr.New(apperr.Conflict,
		"Отгрузка уже отправлена", "The shipment has already been dispatched")
	ErrNotDispatched = apperr.New(apperr.Conflict,
		"Подтвердить получение можно только отправленной отгрузки",
		"Only a dispatched shipment can be confirmed as delivered")
	ErrEmptyShipment = apperr.New(apperr.Conflict,
		"В отгрузке нет заказов", "The shipment holds no orders")
)

// CheckCancel reports whether o may be cancelled: only before it leaves.
// An order already in a shipment is taken out of it, which the store allows
// only while that shipment is still being collected.
func (o Order) CheckCancel() error {
	if o.Status != StatusAwaitingShipment && o.Status != StatusInShipment {
		return ErrNotCancellable
	}
	return nil
}

// CheckDelivered validates the time a parcel is said to have arrived: not
// before it left, not in the future.
func (s Shipment) CheckDelivered(at, now time.Time) []apperr.FieldError {
	switch {
	case at.After(now):
		return []apperr.FieldError{{Field: "deliveredAt", Code: "in_future",
			Message: "Дата получения не может быть в будущем", MessageEN: "The delivery time cannot be in the future"}}
	case s.DispatchedAt != nil && at.Before(*s.DispatchedAt):
		return []apperr.FieldError{{Field: "deliveredAt", Code: "before_dispatch",
			Message: "Отгрузка не могла прийти раньше, чем была отправлена", MessageEN: "The parcel cannot arrive before it left"}}
	}
	return nil
}
