// Package ledger turns the network's costs into entries with a payer and,
// where the wholesaler pays first but someone else is liable, a recovery
// state (eligibility-ledger.md, «The ledger»). It is pure domain: the
// store writes an order's entries in the transaction that creates the
// order and deletes them in the one that cancels it.
package ledger

import (
	"sort"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/money"
	"aftersales/shared/orders"
)

// Kind is what the cost was.
type Kind string

const (
	KindPartsShipped Kind = "parts_shipped" // parts sent to a centre for an act
	KindOwnPart      Kind = "own_part"      // a centre's own part, owed back to it
)

// State is where the recovery of a cost from its liable party stands.
type State string

const (
	StateToClaim    State = "to_claim"
	StateClaimed    State = "claimed"
	StateRecovered  State = "recovered"
	StateWrittenOff State = "written_off"
)

// Recovery follows to_claim → claimed → recovered | written_off.
type Recovery struct {
	State       State      `json:"state"`
	ClaimNumber string     `json:"claimNumber,omitempty"`
	ClaimDate   *time.Time `json:"claimDate,omitempty"`
	Document    string     `json:"document,omitempty"`
	Recovered   money.RUB  `json:"recovered,omitempty"`
	RecoveredAt *time.Time `json:"recoveredAt,omitempty"`
	Reason      string     `json:"reason,omitempty"`
}

// Entry is one cost: an amount in kopecks and who carries it.
type Entry struct {
	ID              string       `json:"id"`
	Kind            Kind         `json:"kind"`
	OrderID         string       `json:"orderId"`
	ActID           string       `json:"actId"`
	ServiceCenterID string       `json:"serviceCenterId"`
	Payer           orders.Payer `json:"payer"`
	Amount          money.RUB    `json:"amount"`
	At              time.Time    `json:"at"`
	Recovery        *Recovery    `json:"recovery,omitempty"`
}

// FromOrder is the entries an order's decision causes: its shipped parts
// and its compensation lines, one entry each when not empty. A cancelled
// order costs nothing. The factory's and the carrier's costs are paid by
// the wholesaler first, so they start to_claim.
func FromOrder(o orders.Order) []Entry {
	if o.Status == orders.StatusCancelled {
		return nil
	}
	var out []Entry
	for _, part := range []struct {
		kind  Kind
		lines []orders.Line
	}{{KindPartsShipped, o.Lines}, {KindOwnPart, o.Compensation}} {
		if len(part.lines) == 0 {
			continue
		}
		e := Entry{ID: o.ID + "#" + string(part.kind), Kind: part.kind, OrderID: o.ID, ActID: o.ActID,
			ServiceCenterID: o.ServiceCenterID, Payer: o.Payer, Amount: orders.Sum(part.lines), At: o.CreatedAt}
		if o.Payer == orders.PayerFactory || o.Payer == orders.PayerCarrier {
			e.Recovery = &Recovery{State: StateToClaim}
		}
		out = append(out, e)
	}
	return out
}

// Claim records the claim sent to the liable party.
func (e *Entry) Claim(number, document string, date time.Time) error {
	if err := e.expect(StateToClaim); err != nil {
		return err
	}
	if number == "" {
		return apperr.WithFields([]apperr.FieldError{{Field: "claimNumber", Code: "required",
			Message: "Укажите номер претензии", MessageEN: "the claim number is required"}})
	}
	e.Recovery.State, e.Recovery.ClaimNumber, e.Recovery.Document, e.Recovery.ClaimDate = StateClaimed, number, document, &date
	return nil
}

// Recover records what the liable party paid back.
func (e *Entry) Recover(amount money.RUB, date time.Time) error {
	if err := e.expect(StateClaimed); err != nil {
		return err
	}
	if amount <= 0 || amount > e.Amount {
		return apperr.WithFields([]apperr.FieldError{{Field: "recovered", Code: "range",
			Message:   "Возмещённая сумма должна быть больше нуля и не больше суммы записи (" + e.Amount.String() + " ₽)",
			MessageEN: "the recovered amount must be above zero and at most the entry's amount"}})
	}
	e.Recovery.State, e.Recovery.Recovered, e.Recovery.RecoveredAt = StateRecovered, amount, &date
	return nil
}

// WriteOff gives up a claim, with the reason kept.
func (e *Entry) WriteOff(reason string) error {
	if err := e.expect(StateClaimed); err != nil {
		return err
	}
	if reason == "" {
		return apperr.WithFields([]apperr.FieldError{{Field: "reason", Code: "required",
			Message: "Укажите причину списания", MessageEN: "the write-off reason is required"}})
	}
	e.Recovery.State, e.Recovery.Reason = StateWrittenOff, reason
	return nil
}

func (e *Entry) expect(s State) error {
	if e.Recovery == nil {
		return apperr.New(apperr.Conflict, "По этой записи нечего взыскивать", "this entry has no recovery")
	}
	if e.Recovery.State != s {
		return apperr.New(apperr.Conflict, "Запись уже в состоянии «"+stateLabels[e.Recovery.State]+"»",
			"the entry's recovery is "+string(e.Recovery.State)+", not "+string(s))
	}
	return nil
}

var stateLabels = map[State]string{StateToClaim: "к претензии", StateClaimed: "претензия выставлена",
	StateRecovered: "возмещено", StateWrittenOff: "списано"}

// Statement is one centre's month: what it is owed for its own parts and
// what it owes for paid orders.
type Statement struct {
	ServiceCenterID string    `json:"serviceCenterId"`
	Month           string    `json:"month"` // YYYY-MM
	Entries         []Entry   `json:"entries"`
	Owed            money.RUB `json:"owed"` // to the centre: own parts others pay for
	Owes            money.RUB `json:"owes"` // by the centre: costs it pays itself
}

// CentreStatement is centre's statement of month (YYYY-MM, read from each
// entry's At in the location it carries) out of entries of any centres and
// months; other centres' entries never enter it.
func CentreStatement(centre, month string, entries []Entry) Statement {
	st := Statement{ServiceCenterID: centre, Month: month}
	for _, e := range entries {
		if e.ServiceCenterID != centre || e.At.Format("2006-01") != month {
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
