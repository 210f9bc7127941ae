// Package agenda is the service centre's field-visit agenda: visits at a
// customer's site (diagnostics, repair, installation, delivery…) with a
// responsible technician, a time, an address and a contact, optionally
// linked to a repair order. One technician's planned and done visits never
// overlap: the store books a visit's time in the technician's day
// schedules in the same conditional write as the visit, so of two
// concurrent bookings of one slot exactly one wins. The customer is
// reminded the day before, and each technician may subscribe to an
// iCalendar feed of their visits by an unguessable link.
//
// It is plain Go with no infrastructure imports; another centre's visit
// answers NotFound.
package agenda

import (
	"fmt"
	"time"

	"aftersales/shared/apperr"
)

// Kind is what the technician goes to do.
type Kind string

// The kinds of visit (service-centre.md «Agenda», seed 001 «Tipo de Compromisso»).
const (
	KindDiagnostics  Kind = "diagnostics"
	KindRepair       Kind = "repair"
	KindInstallation Kind = "installation"
	KindMaintenance  Kind = "maintenance"
	KindDelivery     Kind = "delivery"
)

// KindNames are the kinds as people read them, in the order forms list them.
var KindNames = []struct {
	Kind Kind
	Name string
}{
	{KindDiagnostics, "Диагностика на месте"},
	{KindRepair, "Ремонт на месте"},
	{KindInstallation, "Установка и запуск"},
	{KindMaintenance, "Техобслуживание"},
	{KindDelivery, "Доставка"},
}

// Name is the kind in Russian.
func (k Kind) Name() string {
	for _, n := range KindNames {
		if n.Kind == k {
			return n.Name
		}
	}
	return string(k)
}

func (k Kind) valid() bool { return k.Name() != string(k) }

// Status is where a visit stands. A cancelled visit frees its time; a done
// one keeps it (the technician was there).
type Status string

const (
	StatusPlanned   Status = "planned"
	StatusDone      Status = "done"
	StatusCancelled Status = "cancelled"
)

// Busy reports whether a visit in the status occupies its technician's time.
func (s Status) Busy() bool { return s == StatusPlanned || s == StatusDone }

// Contact is who meets the technician.
type Contact struct {
	Name string `json:"name"`
	// Phone is E.164.
	Phone string `json:"phone"`
}

// Visit is one trip of a technician to a customer's site.
type Visit struct {
	ID           string    `json:"id"`
	CentreID     string    `json:"serviceCenterId"`
	Kind         Kind      `json:"kind"`
	TechnicianID string    `json:"technicianId"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	Address      string    `json:"address"`
	Contact      Contact   `json:"contact"`
	// RepairID is the linked repair order, if any; CustomerID its customer
	// (or the customer chosen without an order): the reminder goes to them
	// if they consented.
	RepairID   string    `json:"repairId,omitempty"`
	CustomerID string    `json:"customerId,omitempty"`
	Notes      string    `json:"notes,omitempty"`
	Status     Status    `json:"status"`
	Version    int       `json:"version"`
	CreatedBy  string    `json:"createdBy"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
}

// Slot is a visit as its technician's day schedule keeps it: enough to
// refuse an overlap and say with what.
type Slot struct {
	VisitID string    `json:"visitId"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Address string    `json:"address"`
}

// SlotOf is v's slot.
func SlotOf(v Visit) Slot {
	return Slot{VisitID: v.ID, Start: v.Start, End: v.End, Address: v.Address}
}

// Overlap is the first of busy (other than v itself) whose time overlaps
// v's; touching ends (one ends at 12:00, the next starts at 12:00) do not.
func Overlap(busy []Slot, v Visit) (Slot, bool) {
	for _, s := range busy {
		if s.VisitID != v.ID && s.Start.Before(v.End) && v.Start.Before(s.End) {
			return s, true
		}
	}
	return Slot{}, false
}

// BusyError is the store's refusal of a visit that overlaps another of the
// same technician.
type BusyError struct{ Other Slot }

func (e *BusyError) Error() string { return "technician busy with visit " + e.Other.VisitID }

// Input is what the form sends; Version is the version an edit is based on.
type Input struct {
	Kind         Kind      `json:"kind"`
	TechnicianID string    `json:"technicianId"`
	Start        time.Time `json:"start"`
	End          time.Time `json:"end"`
	Address      string    `json:"address"`
	Contact      Contact   `json:"contact"`
	RepairID     string    `json:"repairId"`
	CustomerID   string    `json:"customerId"`
	Notes        string    `json:"notes"`
	Version      int       `json:"version"`
}

// Limits of a visit.
const (
	// MaxDuration bounds one visit, so that a day's views find every visit
	// reaching into the day by the visits starting up to this long before.
	MaxDuration = 12 * time.Hour
	MaxText     = 2000
	MaxName     = 200
	MaxID       = 100
	MaxVersion  = 999_999_999
)

// Field error codes; stable, clients branch on them.
const (
	CodeRequired   = apperr.FieldRequired
	CodeTooLong    = apperr.FieldTooLong
	CodeInvalid    = "invalid"
	CodeOutOfRange = "out_of_range"
	CodeBusy       = "technician_busy"
)

// Phones reads a typed phone number into E.164 (desk.Phones).
type Phones func(typed, region string) (string, error)

// normalize trims the input, parses the contact's phone and reports every
// problem at once. Times are kept to the minute, in UTC.
func normalize(in Input, parse Phones) (Input, error) {
	var errs apperr.Fields
	if !in.Kind.valid() {
		errs.Add("kind", CodeInvalid, "Выберите тип выезда", "Choose the kind of visit")
	}
	if in.TechnicianID == "" || len(in.TechnicianID) > MaxID {
		errs.Add("technicianId", CodeRequired, "Выберите ответственного мастера", "Choose the technician")
	}
	errs.Text("address", &in.Address, MaxText, true)
	errs.Text("contact.name", &in.Contact.Name, MaxName, true)
	errs.Text("contact.phone", &in.Contact.Phone, MaxName, true)
	errs.Text("notes", &in.Notes, MaxText, false)
	if len(in.RepairID) > MaxID || len(in.CustomerID) > MaxID {
		errs.Add("repairId", CodeInvalid, "Неверная ссылка на заказ или клиента", "Bad order or customer id")
	}
	if in.Version < 0 || in.Version > MaxVersion {
		errs.Add("version", CodeOutOfRange, "Неверная версия", "Version out of range")
	}
	if in.Contact.Phone != "" {
		e164, err := parse(in.Contact.Phone, "RU")
		if err != nil {
			errs.Add("contact.phone", CodeInvalid, "Не похоже на номер телефона", "Not a phone number")
		}
		in.Contact.Phone = e164
	}
	in.Start, in.End = in.Start.UTC().Truncate(time.Minute), in.End.UTC().Truncate(time.Minute)
	switch {
	case in.Start.IsZero() || in.End.IsZero():
		errs.Add("start", CodeRequired, "Укажите начало и окончание", "Start and end are required")
	case in.Start.Year() < 2000 || in.End.Year() > 2100:
		errs.Add("start", CodeOutOfRange, "Дата вне допустимого диапазона", "Date out of range")
	case !in.End.After(in.Start):
		errs.Add("end", CodeInvalid, "Окончание должно быть позже начала", "The end must come after the start")
	case in.End.Sub(in.Start) > MaxDuration:
		errs.Add("end", CodeOutOfRange, fmt.Sprintf("Выезд не длиннее %d часов", int(MaxDuration.Hours())),
			fmt.Sprintf("A visit lasts at most %d hours", int(MaxDuration.Hours())))
	}
	return in, errs.Err()
}

// busyError is the user's message about an overlap: with whom, when, where.
func busyError(other Slot, loc *time.Location) error {
	from, to := other.Start.In(loc), other.End.In(loc)
	when := from.Format("02.01.2006 15:04") + "–" + to.Format("15:04")
	if from.YearDay() != to.YearDay() || from.Year() != to.Year() {
		when = from.Format("02.01.2006 15:04") + " – " + to.Format("02.01.2006 15:04")
	}
	e := apperr.New(apperr.Conflict,
		"Мастер в это время занят: выезд "+when+", "+other.Address+". Выберите другое время или другого мастера",
		"The technician is busy then: visit "+when+", "+other.Address)
	e.Fields = []apperr.FieldError{{Field: "start", Code: CodeBusy, Message: e.Message, MessageEN: e.MessageEN}}
	e.Details = map[string]any{"visitId": other.VisitID}
	return e
}
