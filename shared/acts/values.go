package acts

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"aftersales/shared/apperr"
	"aftersales/shared/money"
)

// Date is a calendar day with no time or zone, as the act form asks for it
// (sale date, acceptance date). It travels in JSON as "YYYY-MM-DD" so a day
// never shifts when a client and the server disagree about time zones.
type Date struct {
	t time.Time // midnight UTC of the day; comparable with ==
}

// NewDate returns the given day; out-of-range values normalise as time.Date does.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar day of t in t's own location. Callers pass a
// time already in the business zone (Europe/Moscow by default) so "today"
// is the wholesaler's today.
func DateOf(t time.Time) Date { return NewDate(t.Date()) }

// ParseDate reads "YYYY-MM-DD" strictly (no missing zeros, no impossible days).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, apperr.New(apperr.Invalid,
			fmt.Sprintf("Дата «%s» должна быть в формате ГГГГ-ММ-ДД", s),
			fmt.Sprintf("Date %q must be YYYY-MM-DD", s))
	}
	return Date{t}, nil
}

// String returns "YYYY-MM-DD", the API form.
func (d Date) String() string { return d.t.Format(time.DateOnly) }

// Year is the year of d.
func (d Date) Year() int { return d.t.Year() }

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d.t.Before(o.t) }

// DaysAfter returns how many days d is after o (negative when before), which is
// how the 14-day refusal rule counts.
func (d Date) DaysAfter(o Date) int { return int((d.t.Unix() - o.t.Unix()) / 86400) }

// MarshalJSON writes "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "YYYY-MM-DD". Anything else is a
// *json.UnmarshalTypeError, which the decoder fills with the field's path;
// JSONFormat says what the value must look like.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[Date]()}
	}
	parsed, err := ParseDate(s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[Date]()}
	}
	*d = parsed
	return nil
}

// JSONFormat says, in Russian and English, what a date looks like.
func (Date) JSONFormat() (ru, en string) {
	return "дата в формате ГГГГ-ММ-ДД, например 2026-11-30", "a date as YYYY-MM-DD, e.g. 2026-11-30"
}

// Money is the act form's amount of roubles, held as integer kopecks; see
// money.RUB, which it is, for the exact JSON form (780, 780.5, 780.05).
type Money = money.RUB
