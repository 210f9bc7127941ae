package eligibility

import (
	"fmt"
	"time"
)

// DefaultZone is the business time zone when none is configured: Moscow.
// Moscow has kept UTC+3 with no daylight saving since 26 October 2014, so a
// fixed zone gives the same calendar days as the tz database for any act this
// system sees, and it needs no zoneinfo files, which a bare provided.al2023
// Lambda does not ship.
var DefaultZone = time.FixedZone("MSK", 3*60*60)

// Day is a calendar day with no time or zone. Warranty periods are counted in
// whole days of the business time zone, so an instant becomes a Day once
// (DayOf) and instants are never compared with each other. The zero Day means
// "not known".
type Day struct {
	t time.Time // midnight UTC of the day, so == and Before compare days
}

// NewDay returns the given day; out-of-range values normalise as time.Date
// does (32 January is 1 February).
func NewDay(year int, month time.Month, day int) Day {
	return Day{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DayOf returns the calendar day that instant t falls on in loc: 23:30 UTC is
// already the next day in Moscow. A nil loc means DefaultZone.
func DayOf(t time.Time, loc *time.Location) Day {
	if loc == nil {
		loc = DefaultZone
	}
	return NewDay(t.In(loc).Date())
}

// IsZero reports whether d is the unknown day.
func (d Day) IsZero() bool { return d.t.IsZero() }

// Before reports whether d is an earlier day than o.
func (d Day) Before(o Day) bool { return d.t.Before(o.t) }

// After reports whether d is a later day than o.
func (d Day) After(o Day) bool { return d.t.After(o.t) }

// AddDays returns the day n days after d (before it when n is negative).
func (d Day) AddDays(n int) Day { return Day{d.t.AddDate(0, 0, n)} }

// AddMonths returns the same day number n months later, clamped to the last
// day of that month when it has no such day (31 January + 1 month is 28 or 29
// February), which is how the Civil Code (art. 192) ends a period counted in
// months. Warranty ends are this day inclusive: a 12-month warranty from a
// sale on 14.03.2025 covers 14.03.2026 and not 15.03.2026.
func (d Day) AddMonths(n int) Day {
	y, m, day := d.t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return NewDay(first.Year(), first.Month(), min(day, last))
}

// String is the day as Russian users write it, 14.03.2026: reasons quote it.
func (d Day) String() string { return d.t.Format("02.01.2006") }

// ISO is the day as YYYY-MM-DD, the form storage and the API keep, or ""
// for the unknown day.
func (d Day) ISO() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// ParseISO reads a day written YYYY-MM-DD; "" is the unknown day.
func ParseISO(s string) (Day, error) {
	if s == "" {
		return Day{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Day{}, fmt.Errorf("read day %q: %w", s, err)
	}
	return Day{t}, nil
}
