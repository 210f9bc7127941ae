package russian

import (
	"testing"
	"time"
)

func TestPluralFollowsTheLastTwoDigits(t *testing.T) {
	for n, want := range map[int]string{0: "актов", 1: "акт", 2: "акта", 4: "акта", 5: "актов", 11: "актов", 14: "актов",
		21: "акт", 22: "акта", 25: "актов", 101: "акт", 111: "актов"} {
		if got := Plural(n, "акт", "акта", "актов"); got != want {
			t.Errorf("Plural(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestPeriodsAreSaidInTheirSentencesCase(t *testing.T) {
	day := 24 * time.Hour
	for _, tt := range []struct {
		d                    time.Duration
		nominative, genitive string
	}{
		{3 * day, "3 дня", "3 дней"}, {day, "1 день", "1 дня"}, {5 * day, "5 дней", "5 дней"},
		{21 * day, "21 день", "21 дня"}, {36 * time.Hour, "36 часов", "36 часов"}, {21 * time.Hour, "21 час", "21 часа"},
	} {
		if got := Period(tt.d); got != tt.nominative {
			t.Errorf("Period(%v) = %s, want %s", tt.d, got, tt.nominative)
		}
		if got := PeriodGenitive(tt.d); got != tt.genitive {
			t.Errorf("PeriodGenitive(%v) = %s, want %s", tt.d, got, tt.genitive)
		}
	}
}
