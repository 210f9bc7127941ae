package desk

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"aftersales/shared/money"
)

// Repair is a repair order (заказ): one visit of one device, from intake
// to hand-over. Number is gap-free per centre and year.
type Repair struct {
	ID       string `json:"id"`
	CentreID string `json:"serviceCenterId"`
	Number   string `json:"number"` // e.g. СЦ-2026-000123
	Year     int    `json:"year"`
	Seq      int    `json:"seq"`

	CustomerID string `json:"customerId"`
	DeviceID   string `json:"deviceId"`
	// Copies shown in lists without reading the customer and device.
	CustomerName string `json:"customerName"`
	DeviceTitle  string `json:"deviceTitle"`
	Serial       string `json:"serial,omitempty"`

	Intake
	ExecutorID string `json:"executorId,omitempty"`

	Status      Status    `json:"status"`
	StatusSince time.Time `json:"statusSince"`

	Works    []Line    `json:"works"`
	Parts    []Line    `json:"parts"`
	Payments []Payment `json:"payments"`

	Version      int        `json:"version"`
	CreatedBy    string     `json:"createdBy"`
	CreatedAt    time.Time  `json:"createdAt"`
	UpdatedAt    time.Time  `json:"updatedAt"`
	HandedOverAt *time.Time `json:"handedOverAt,omitempty"`
	// StatusToken opens the order's public status page (/s/<token>):
	// unguessable, made with the order; empty for orders older than links.
	StatusToken string `json:"statusToken,omitempty"`
	// ActID is the warranty act filed from the order, as the store reads
	// the link the act's creation wrote beside the order (never written
	// with the order itself).
	ActID string `json:"actId,omitempty"`
}

// Intake is what the front desk writes down when a device is left.
type Intake struct {
	Complaint     string    `json:"complaint"`
	Appearance    string    `json:"appearance,omitempty"`
	Completeness  string    `json:"completeness,omitempty"`
	Urgent        bool      `json:"urgent"`
	EstimatedCost money.RUB `json:"estimatedCost"`
	ExpectedDate  string    `json:"expectedDate,omitempty"` // YYYY-MM-DD
}

// Line is a work or a part on an order; Price is per unit.
type Line struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	Quantity   int       `json:"quantity"`
	Price      money.RUB `json:"price"`
	ExecutorID string    `json:"executorId,omitempty"`
	// Code is the price list's code of a work picked from it.
	Code string `json:"code,omitempty"`
}

// PaymentMethod is how the customer paid.
type PaymentMethod string

// The methods of service-centre.md; fiscal receipts are out of scope.
const (
	PayCash     PaymentMethod = "cash"
	PayCard     PaymentMethod = "card"
	PayTransfer PaymentMethod = "transfer"
)

// Payment is money taken (a prepayment or the final one), or returned
// when Amount is negative.
type Payment struct {
	ID     string        `json:"id"`
	Amount money.RUB     `json:"amount"`
	Method PaymentMethod `json:"method"`
	At     time.Time     `json:"at"`
	By     string        `json:"by"`
}

// Total is the price of every work and part.
func (r Repair) Total() money.RUB { return sum(r.Works) + sum(r.Parts) }

// Paid is what the customer has paid so far.
func (r Repair) Paid() money.RUB {
	var p money.RUB
	for _, x := range r.Payments {
		p += x.Amount
	}
	return p
}

// Balance is what the customer still owes (negative: owed to them).
func (r Repair) Balance() money.RUB { return r.Total() - r.Paid() }

func sum(lines []Line) money.RUB {
	var t money.RUB
	for _, l := range lines {
		t += l.Price * money.RUB(l.Quantity)
	}
	return t
}

// RepairNumber formats a centre's order number: prefix, year, six digits.
func RepairNumber(prefix string, year, seq int) string {
	return fmt.Sprintf("%s-%d-%06d", prefix, year, seq)
}

// RepairView is an order as shown: with its sums, its norm and how long it
// has been in its status at the time it was read.
type RepairView struct {
	Repair
	StatusName      string     `json:"statusName"`
	Total           money.RUB  `json:"total"`
	Paid            money.RUB  `json:"paid"`
	Balance         money.RUB  `json:"balance"`
	DueAt           *time.Time `json:"dueAt,omitempty"`
	Overdue         bool       `json:"overdue"`
	MinutesInStatus int        `json:"minutesInStatus"`
}

// View is r as shown at now under the centre's settings.
func (s Settings) View(r Repair, now time.Time) RepairView {
	v := RepairView{Repair: r, Total: r.Total(), Paid: r.Paid(), Balance: r.Balance(),
		MinutesInStatus: int(now.Sub(r.StatusSince) / time.Minute)}
	if d, ok := s.Def(r.Status); ok {
		v.StatusName = d.Name
	}
	if due, ok := s.DueAt(r.Status, r.StatusSince); ok {
		v.DueAt = &due
		v.Overdue = now.After(due)
	}
	if v.Works == nil {
		v.Works = []Line{}
	}
	if v.Parts == nil {
		v.Parts = []Line{}
	}
	if v.Payments == nil {
		v.Payments = []Payment{}
	}
	return v
}

// Event is one entry of an order's history: who changed what, when.
type Event struct {
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Kind string    `json:"kind"` // created, status, work, part, payment, executor, document (a PDF e-mailed)
	Text string    `json:"text"` // in Russian, as the history shows it
}

// NewRepair is the one-screen intake: a found or new customer, a found or
// new device (a serial the centre knows links to its device), the intake
// fields and the executor.
type NewRepair struct {
	CustomerID string         `json:"customerId"`
	Customer   *CustomerInput `json:"customer"`
	DeviceID   string         `json:"deviceId"`
	Device     *DeviceInput   `json:"device"`
	Intake
	ExecutorID string `json:"executorId"`
}

func normalizeIntake(in Intake) (Intake, error) {
	var errs fieldErrors
	errs.text("complaint", &in.Complaint, 1000, true)
	errs.text("appearance", &in.Appearance, MaxText, false)
	errs.text("completeness", &in.Completeness, MaxText, false)
	if in.EstimatedCost < 0 {
		errs.add("estimatedCost", CodeOutOfRange, "Сумма не может быть отрицательной", "Must not be negative")
	}
	errs.date("expectedDate", in.ExpectedDate)
	return in, errs.err()
}

// LineInput adds a work or a part.
type LineInput struct {
	Kind       string     `json:"kind"` // work | part
	Name       string     `json:"name"`
	Quantity   int        `json:"quantity"`
	Price      *money.RUB `json:"price"` // required: a free line is 0, said so
	ExecutorID string     `json:"executorId"`
	Version    int        `json:"version"`
	// WorkID picks a work of the centre's price list: its name and price
	// unless Name and Price are given (pickWork).
	WorkID string `json:"workId"`
}

// MaxLines bounds an order's works and parts together.
const MaxLines = 100

func normalizeLine(in LineInput) (LineInput, error) {
	var errs fieldErrors
	if in.Kind != "work" && in.Kind != "part" {
		errs.add("kind", CodeRequired, "Работа или запчасть", "work or part")
	}
	errs.text("name", &in.Name, MaxName, true)
	errs.version(in.Version)
	if in.Quantity < 1 || in.Quantity > 999 {
		errs.add("quantity", CodeOutOfRange, "Количество от 1 до 999", "1 to 999")
	}
	if in.Price == nil {
		errs.add("price", CodeRequired, "Укажите цену (0 — бесплатно)", "Price is required")
	} else if *in.Price < 0 || *in.Price > MaxPrice {
		errs.add("price", CodeOutOfRange, "Цена от 0 до 100 000 000 ₽", "0 to 100,000,000")
	}
	return in, errs.err()
}

// PaymentInput records money taken (negative: returned).
type PaymentInput struct {
	Amount  money.RUB     `json:"amount"`
	Method  PaymentMethod `json:"method"`
	Version int           `json:"version"`
}

func normalizePayment(in PaymentInput) (PaymentInput, error) {
	var errs fieldErrors
	errs.version(in.Version)
	if in.Amount == 0 || in.Amount > 100_000_000_00 || in.Amount < -100_000_000_00 {
		errs.add("amount", CodeOutOfRange, "Сумма не ноль и не больше 100 000 000 ₽", "Non-zero, at most 100,000,000")
	}
	switch in.Method {
	case PayCash, PayCard, PayTransfer:
	default:
		errs.add("method", CodeRequired, "Наличные, карта или перевод", "cash, card or transfer")
	}
	return in, errs.err()
}

func rub(m money.RUB) string { return strings.Replace(m.String(), ".", ",", 1) + " ₽" }

func qty(n int) string { return strconv.Itoa(n) }
