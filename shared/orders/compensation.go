package orders

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/money"
)

// Month is a calendar month of the business time zone: the period of a
// compensation report.
type Month struct {
	Year  int
	Month time.Month
}

// ParseMonth reads YYYY-MM.
func ParseMonth(s string) (Month, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Month{}, apperr.Field("month", "invalid_value",
			"Укажите месяц в виде ГГГГ-ММ, например 2026-11", "Give the month as YYYY-MM, e.g. 2026-11")
	}
	return Month{t.Year(), t.Month()}, nil
}

// String is YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Bounds are the month's first instant and the next month's first instant
// in loc: a month in Moscow starts three hours before it does in UTC.
func (m Month) Bounds(loc *time.Location) (from, before time.Time) {
	from = time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 1, 0)
}

// CompensationLine is one own part a centre used and the wholesaler owes it
// for, with the decision it was recognised by.
type CompensationLine struct {
	OrderID   string    `json:"orderId"`
	ActID     string    `json:"actId"`
	ActNumber string    `json:"actNumber"`
	DecidedAt time.Time `json:"decidedAt"`
	Payer     Payer     `json:"payer"`
	Line
	Amount money.RUB `json:"amount"`
}

// CentreCompensation is what one centre is owed for a period.
type CentreCompensation struct {
	ServiceCenterID string             `json:"serviceCenterId"`
	Lines           []CompensationLine `json:"lines"`
	Total           money.RUB          `json:"total"`
}

// Compensation groups the compensation lines of orders per centre, each
// centre's lines in decision order; cancelled orders owe nothing. Centres
// come in id order so the report is stable.
func Compensation(list []Order) []CentreCompensation {
	byCentre := map[string]*CentreCompensation{}
	for _, o := range list {
		if o.Status == StatusCancelled || len(o.Compensation) == 0 {
			continue
		}
		c := byCentre[o.ServiceCenterID]
		if c == nil {
			c = &CentreCompensation{ServiceCenterID: o.ServiceCenterID}
			byCentre[o.ServiceCenterID] = c
		}
		for _, l := range o.Compensation {
			amount := Sum([]Line{l})
			c.Lines = append(c.Lines, CompensationLine{OrderID: o.ID, ActID: o.ActID, ActNumber: o.ActNumber,
				DecidedAt: o.CreatedAt, Payer: o.Payer, Line: l, Amount: amount})
			c.Total += amount
		}
	}
	out := make([]CentreCompensation, 0, len(byCentre))
	for _, c := range byCentre {
		slices.SortStableFunc(c.Lines, func(a, b CompensationLine) int {
			return cmp.Or(a.DecidedAt.Compare(b.DecidedAt), cmp.Compare(a.ActNumber, b.ActNumber))
		})
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b CentreCompensation) int { return cmp.Compare(a.ServiceCenterID, b.ServiceCenterID) })
	return out
}
