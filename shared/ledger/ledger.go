// Package ledger turns the network's costs into entries with a payer and,
// where the wholesaler pays first but someone else is liable, a recovery
// state (eligibility-ledger.md, «The ledger»). It is pure domain: the
// store writes an order's entries in the transaction that creates the
// order and deletes them in the one that cancels it.
package ledger

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"aftersales/shared/apperr"
	"aftersales/shared/money"
	"aftersales/shared/orders"
)

// Kind is what the cost was.
type Kind string

const (
	KindPartsShipped Kind = "parts_shipped" // parts sent to a centre for an act
	KindOwnPart      Kind = "own_part"      // a centre's own part, owed back to it
	KindShipping     Kind = "shipping"      // a shipment's carriage, entered at dispatch
	KindCarrierClaim Kind = "carrier_claim" // a parcel lost or damaged in transit
)

// State is where the recovery of a cost from its liable party stands.
type State string

const (
	StateToClaim    State = "to_claim"
	StateClaimed    State = "claimed"
	StateRecovered  State = "recovered"
	StateWrittenOff State = "written_off"
)

// Recovery follows to_claim → claimed → recovered | written_off. A claim
// may be paid in parts: Recovered grows while the entry stays claimed, and
// it is recovered once paid in full, or the rest is written off.
type Recovery struct {
	State       State      `json:"state"`
	ClaimNumber string     `json:"claimNumber,omitempty"`
	ClaimDate   *time.Time `json:"claimDate,omitempty"`
	Document    string     `json:"document,omitempty"`
	Recovered   money.RUB  `json:"recovered"`
	RecoveredAt *time.Time `json:"recoveredAt,omitempty"`
	WrittenOff  money.RUB  `json:"writtenOff"`
	Reason      string     `json:"reason,omitempty"`
}

// Entry is one cost: an amount in kopecks and who carries it. Party names
// the liable party within its payer kind: the carrier of a shipment, the
// factory a claim is addressed to (the registry names no maker, so the
// manager names it when claiming).
type Entry struct {
	ID              string       `json:"id"`
	Kind            Kind         `json:"kind"`
	OrderID         string       `json:"orderId,omitempty"`
	ShipmentID      string       `json:"shipmentId,omitempty"`
	ActID           string       `json:"actId,omitempty"`
	ActNumber       string       `json:"actNumber,omitempty"`
	Serial          string       `json:"serial,omitempty"`
	Article         string       `json:"article,omitempty"`
	ServiceCenterID string       `json:"serviceCenterId"`
	Payer           orders.Payer `json:"payer"`
	Party           string       `json:"party,omitempty"`
	Amount          money.RUB    `json:"amount"`
	// Lines are the parts the amount is made of, for claim documents.
	Lines []orders.Line `json:"lines,omitempty"`
	Note  string        `json:"note,omitempty"`
	At    time.Time     `json:"at"`
	// Month is At's month in the business time zone (YYYY-MM): a cost at
	// 23:30 UTC on the last day is the next month's in Moscow.
	Month string `json:"month"`
	// Version grows with every recovery step, each written on condition
	// of the version it was read at.
	Version  int       `json:"version"`
	Recovery *Recovery `json:"recovery,omitempty"`
	History  []Change  `json:"history,omitempty"`
}

// Change is one recovery step, credited to the person who took it.
type Change struct {
	At        time.Time `json:"at"`
	ActorID   string    `json:"actorId"`
	ActorRole string    `json:"actorRole"`
	ActorName string    `json:"actorName,omitempty"`
	From      State     `json:"from"`
	To        State     `json:"to"`
	// Amount is what a recovery step recovered or wrote off.
	Amount money.RUB `json:"amount,omitempty"`
	Note   string    `json:"note,omitempty"`
}

// Moscow is the business time zone when none is configured: UTC+3 all
// year since 2014, so no zone database is needed.
var Moscow = time.FixedZone("MSK", 3*60*60)

// MonthOf is t's month (YYYY-MM) in the business time zone loc.
func MonthOf(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01") }

// monthOf is the entry's month: its Month, or for an entry made without
// one (by hand, in a test) its time's month in Moscow.
func (e Entry) monthOf() string {
	if e.Month != "" {
		return e.Month
	}
	return MonthOf(e.At, Moscow)
}

// liable says whether payer's costs are paid by the wholesaler first and
// then claimed from the payer.
func liable(p orders.Payer) bool { return p == orders.PayerFactory || p == orders.PayerCarrier }

func newEntry(e Entry, loc *time.Location) Entry {
	e.Month, e.Version = MonthOf(e.At, loc), 1
	if liable(e.Payer) {
		e.Recovery = &Recovery{State: StateToClaim}
	}
	return e
}

// FromOrder is the entries an order's decision causes: its shipped parts
// and its compensation lines, one entry each when they cost anything (a
// part the act requested without a price is priced by the wholesaler's own
// books, not here), in the month
// of its decision in loc. A cancelled order costs nothing. The factory's
// and the carrier's costs are paid by the wholesaler first, so they start
// to_claim.
func FromOrder(o orders.Order, loc *time.Location) []Entry {
	if o.Status == orders.StatusCancelled {
		return nil
	}
	var out []Entry
	for _, part := range []struct {
		kind  Kind
		lines []orders.Line
	}{{KindPartsShipped, o.Lines}, {KindOwnPart, o.Compensation}} {
		if orders.Sum(part.lines) == 0 {
			continue
		}
		out = append(out, newEntry(Entry{ID: o.ID + "." + string(part.kind), Kind: part.kind, OrderID: o.ID, ActID: o.ActID,
			ActNumber: o.ActNumber, ServiceCenterID: o.ServiceCenterID, Payer: o.Payer, Amount: orders.Sum(part.lines),
			Lines: part.lines, At: o.CreatedAt}, loc))
	}
	return out
}

// FromShipment is the entry of a dispatched shipment's carriage, when it
// has a cost: payable by whom the dispatch says, in the month it left.
func FromShipment(sh orders.Shipment, loc *time.Location) []Entry {
	if sh.ShippingCost <= 0 || sh.DispatchedAt == nil {
		return nil
	}
	payer := sh.ShippingPayer
	if payer == "" {
		payer = orders.PayerWholesaler
	}
	return []Entry{newEntry(Entry{ID: sh.ID + "." + string(KindShipping), Kind: KindShipping, ShipmentID: sh.ID,
		ServiceCenterID: sh.ServiceCenterID, Payer: payer, Party: sh.Carrier, Amount: sh.ShippingCost, At: *sh.DispatchedAt}, loc)}
}

// MaxText bounds the texts of claims and write-offs.
const MaxText = 1000

// CarrierClaim is the entry of a parcel lost or damaged in transit: its
// value, payable by the shipment's carrier, to claim from it, in the month
// the parcel left (its id and time come from the shipment, so a second
// claim on it is refused as a duplicate). Only a parcel that left can be
// claimed.
func CarrierClaim(sh orders.Shipment, amount money.RUB, reason string, loc *time.Location) (Entry, error) {
	if sh.Status == orders.ShipmentCollected || sh.DispatchedAt == nil {
		return Entry{}, apperr.New(apperr.Conflict, "Претензию перевозчику можно выставить только по отправленной отгрузке",
			"Only a dispatched shipment can be claimed from its carrier")
	}
	var errs []apperr.FieldError
	if amount <= 0 {
		errs = append(errs, apperr.FieldError{Field: "amount", Code: "range",
			Message: "Сумма претензии должна быть больше нуля", MessageEN: "the claimed amount must be above zero"})
	}
	errs = append(errs, checkText("reason", reason, "Укажите, что случилось с посылкой (утеряна, повреждена)", "the reason is required")...)
	if len(errs) > 0 {
		return Entry{}, apperr.WithFields(errs)
	}
	return newEntry(Entry{ID: sh.ID + "." + string(KindCarrierClaim), Kind: KindCarrierClaim, ShipmentID: sh.ID,
		ServiceCenterID: sh.ServiceCenterID, Payer: orders.PayerCarrier, Party: sh.Carrier, Amount: amount,
		Note: strings.TrimSpace(reason), At: *sh.DispatchedAt}, loc), nil
}

func checkText(field, s, ru, en string) []apperr.FieldError {
	switch s = strings.TrimSpace(s); {
	case s == "":
		return []apperr.FieldError{{Field: field, Code: "required", Message: ru, MessageEN: en}}
	case utf8.RuneCountInString(s) > MaxText:
		return []apperr.FieldError{{Field: field, Code: "too_long",
			Message: fmt.Sprintf("Не длиннее %d символов", MaxText), MessageEN: fmt.Sprintf("at most %d characters", MaxText)}}
	}
	return nil
}

// Claim records the claim sent to the liable party: its number, date and
// document, and (when the entry does not name it yet) the party claimed.
func (e *Entry) Claim(number, document, party string, date time.Time) error {
	if err := e.expect(StateToClaim); err != nil {
		return err
	}
	errs := checkText("claimNumber", number, "Укажите номер претензии", "the claim number is required")
	if e.Party == "" {
		errs = append(errs, checkText("party", party, "Укажите, кому выставлена претензия (завод-изготовитель)", "the claimed party is required")...)
	}
	if utf8.RuneCountInString(document) > MaxText {
		errs = append(errs, apperr.FieldError{Field: "document", Code: "too_long",
			Message: fmt.Sprintf("Не длиннее %d символов", MaxText), MessageEN: fmt.Sprintf("at most %d characters", MaxText)})
	}
	if len(errs) > 0 {
		return apperr.WithFields(errs)
	}
	if e.Party == "" {
		e.Party = strings.TrimSpace(party)
	}
	e.Recovery.State, e.Recovery.ClaimNumber, e.Recovery.Document, e.Recovery.ClaimDate =
		StateClaimed, strings.TrimSpace(number), strings.TrimSpace(document), &date
	return nil
}

// Outstanding is what is still to be recovered: the amount less what was
// recovered and written off.
func (e Entry) Outstanding() money.RUB {
	if e.Recovery == nil {
		return 0
	}
	return e.Amount - e.Recovery.Recovered - e.Recovery.WrittenOff
}

// Recover records a payment of the liable party: the entry is recovered
// once paid in full, and stays claimed, partly recovered, until then.
func (e *Entry) Recover(amount money.RUB, date time.Time) error {
	if err := e.expect(StateClaimed); err != nil {
		return err
	}
	if left := e.Outstanding(); amount <= 0 || amount > left {
		return apperr.Field("recovered", "range",
			"Возмещённая сумма должна быть больше нуля и не больше остатка к возмещению ("+left.String()+" ₽)",
			"the recovered amount must be above zero and at most what is outstanding")
	}
	e.Recovery.Recovered += amount
	e.Recovery.RecoveredAt = &date
	if e.Outstanding() == 0 {
		e.Recovery.State = StateRecovered
	}
	return nil
}

// WriteOff gives up what is still outstanding on a claim, with the reason
// kept; what was recovered before stays recovered.
func (e *Entry) WriteOff(reason string) error {
	if err := e.expect(StateClaimed); err != nil {
		return err
	}
	if errs := checkText("reason", reason, "Укажите причину списания", "the write-off reason is required"); len(errs) > 0 {
		return apperr.WithFields(errs)
	}
	e.Recovery.WrittenOff += e.Outstanding()
	e.Recovery.State, e.Recovery.Reason = StateWrittenOff, strings.TrimSpace(reason)
	return nil
}

func (e *Entry) expect(s State) error {
	if e.Recovery == nil {
		return apperr.New(apperr.Conflict, "По этой записи нечего взыскивать", "this entry has no recovery")
	}
	if e.Recovery.State != s {
		return apperr.New(apperr.Conflict, "Запись уже в состоянии «"+e.Recovery.State.Label()+"»",
			"the entry's recovery is "+string(e.Recovery.State)+", not "+string(s))
	}
	return nil
}

var stateLabels = map[State]string{StateToClaim: "к претензии", StateClaimed: "претензия выставлена",
	StateRecovered: "возмещено", StateWrittenOff: "списано"}

// Label is the state as Russian users read it.
func (s State) Label() string { return stateLabels[s] }

// Valid reports whether s is one of the states.
func (s State) Valid() bool {
	_, ok := stateLabels[s]
	return ok
}

// Claimed reports whether the entry's recovery went past to_claim: its
// cost was put to the liable party, so the order behind it stays.
func (e Entry) Claimed() bool { return e.Recovery != nil && e.Recovery.State != StateToClaim }

// ErrClaimed refuses to cancel an order whose costs were already claimed.
var ErrClaimed = apperr.New(apperr.Conflict,
	"Расходы по этому заказу уже предъявлены к возмещению по претензии: отменить заказ нельзя. Сначала разберитесь с претензией",
	"The order's costs are already claimed from the liable party; it cannot be cancelled")

// Statement is one centre's month: what it is owed for its own parts and
// what it owes for paid orders.
type Statement struct {
	ServiceCenterID string    `json:"serviceCenterId"`
	Month           string    `json:"month"` // YYYY-MM
	Entries         []Entry   `json:"entries"`
	Owed            money.RUB `json:"owed"` // to the centre: own parts others pay for
	Owes            money.RUB `json:"owes"` // by the centre: costs it pays itself
}

// CentreStatement is centre's statement of month (YYYY-MM in the business
// time zone: each entry's Month) out of entries of any centres and months;
// other centres' entries never enter it.
func CentreStatement(centre, month string, entries []Entry) Statement {
	st := Statement{ServiceCenterID: centre, Month: month}
	for _, e := range entries {
		if e.ServiceCenterID != centre || e.monthOf() != month {
			continue
		}
		st.Entries = append(st.Entries, e)
		switch {
		case e.Payer == orders.PayerServiceCenter:
			st.Owes += e.Amount
		case e.Kind == KindOwnPart:
			st.Owed += e.Amount
		}
	}
	sort.SliceStable(st.Entries, func(i, j int) bool { return st.Entries[i].At.Before(st.Entries[j].At) })
	return st
}

// PayerStatement is one payer's month: every entry it is liable for and
// where their recovery stands. Party, when set, narrows it to one factory
// or carrier (a claim document's entries).
type PayerStatement struct {
	Payer       orders.Payer `json:"payer"`
	Party       string       `json:"party,omitempty"`
	Month       string       `json:"month"`
	Entries     []Entry      `json:"entries"`
	Total       money.RUB    `json:"total"`
	Recovered   money.RUB    `json:"recovered"`
	WrittenOff  money.RUB    `json:"writtenOff"`
	Outstanding money.RUB    `json:"outstanding"`
}

// PayerMonth is payer's statement of month out of entries of any payers
// and months, oldest first.
func PayerMonth(payer orders.Payer, party, month string, entries []Entry) PayerStatement {
	st := PayerStatement{Payer: payer, Party: party, Month: month, Entries: []Entry{}}
	for _, e := range entries {
		if e.Payer != payer || e.monthOf() != month || (party != "" && e.Party != party) {
			continue
		}
		st.Entries = append(st.Entries, e)
		st.Total += e.Amount
		if e.Recovery != nil {
			st.Recovered += e.Recovery.Recovered
			st.WrittenOff += e.Recovery.WrittenOff
			st.Outstanding += e.Outstanding()
		}
	}
	sort.SliceStable(st.Entries, func(i, j int) bool { return st.Entries[i].At.Before(st.Entries[j].At) })
	return st
}
