package eligibility

import (
	"testing"
	"time"
	_ "time/tzdata" // the test compares DefaultZone with the tz database wherever it runs
)

func TestAddMonthsClampsToTheLastDayOfAShorterMonth(t *testing.T) {
	for _, c := range []struct {
		from Day
		n    int
		want string
	}{
		{NewDay(2026, 1, 31), 1, "28.02.2026"},
		{NewDay(2028, 1, 31), 1, "29.02.2028"},
		{NewDay(2024, 2, 29), 12, "28.02.2025"},
		{NewDay(2026, 3, 31), -1, "28.02.2026"},
		{NewDay(2025, 12, 31), 2, "28.02.2026"},
		{NewDay(2025, 8, 31), 1, "30.09.2025"},
		{NewDay(2025, 3, 14), 12, "14.03.2026"},
		{NewDay(2025, 2, 1), 18, "01.08.2026"},
		{NewDay(2025, 1, 15), 0, "15.01.2025"},
	} {
		if got := c.from.AddMonths(c.n).String(); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

func TestDayOfTakesTheCalendarDayOfTheBusinessZone(t *testing.T) {
	moscow := mustMoscow(t)
	for _, c := range []struct {
		at   string
		loc  *time.Location
		want string
	}{
		{"2026-03-14T23:30:00Z", moscow, "15.03.2026"},
		{"2026-03-14T23:30:00Z", time.UTC, "14.03.2026"},
		{"2026-03-14T20:59:59Z", moscow, "14.03.2026"},
		{"2026-03-14T21:00:00Z", moscow, "15.03.2026"},
		{"2026-03-14T21:00:00Z", nil, "15.03.2026"},
	} {
		at, err := time.Parse(time.RFC3339, c.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := DayOf(at, c.loc).String(); got != c.want {
			t.Errorf("DayOf(%s, %v) = %s, want %s", c.at, c.loc, got, c.want)
		}
	}
}

func TestDefaultZoneGivesTheSameDaysAsEuropeMoscow(t *testing.T) {
	moscow := mustMoscow(t)
	for at := time.Date(2015, 1, 1, 20, 30, 0, 0, time.UTC); at.Year() < 2031; at = at.Add(7*24*time.Hour + 17*time.Minute) {
		if got, want := DayOf(at, DefaultZone), DayOf(at, moscow); got != want {
			t.Fatalf("at %s DefaultZone says %s, Europe/Moscow %s", at, got, want)
		}
	}
}

func TestDaysCompareAsCalendarDays(t *testing.T) {
	a, b := NewDay(2026, 3, 14), NewDay(2026, 3, 15)
	if !a.Before(b) || a.After(b) || b.Before(a) || !b.After(a) || a.Before(a) || a.After(a) {
		t.Error("Before/After disagree with the calendar")
	}
	if a.AddDays(1) != b || b.AddDays(-1) != a {
		t.Error("AddDays does not step one calendar day")
	}
	if !(Day{}).IsZero() || a.IsZero() {
		t.Error("IsZero is wrong")
	}
}

func mustMoscow(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestADayRoundTripsThroughISOAndTheUnknownDayIsEmpty(t *testing.T) {
	d := NewDay(2024, time.February, 29)
	got, err := ParseISO(d.ISO())
	if err != nil || got != d || d.ISO() != "2024-02-29" {
		t.Errorf("got %v %q %v", got, d.ISO(), err)
	}
	if z, err := ParseISO(""); err != nil || !z.IsZero() || (Day{}).ISO() != "" {
		t.Errorf("unknown day: %v %v", z, err)
	}
	if _, err := ParseISO("29.02.2024"); err == nil {
		t.Error("a Russian-written day was read as ISO")
	}
}
