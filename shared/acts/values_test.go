package acts

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"
)

func TestDateTravelsAsADayInJSON(t *testing.T) {
	d := NewDate(2023, time.June, 1)
	b, err := json.Marshal(d)
	if err != nil || string(b) != `"2023-06-01"` {
		t.Fatalf("Marshal = %s, %v; want \"2023-06-01\"", b, err)
	}
	var back Date
	if err := json.Unmarshal(b, &back); err != nil || back != d {
		t.Errorf("Unmarshal = %v, %v; want %v", back, err, d)
	}
}

func TestDateRejectsWhatIsNotADay(t *testing.T) {
	for _, in := range []string{`"2023-6-1"`, `"01.06.2023"`, `"2023-02-30"`, `""`, `20230601`, `"2023-06-01T00:00:00Z"`} {
		t.Run("the date "+in+" is refused", func(t *testing.T) {
			var d Date
			err := json.Unmarshal([]byte(in), &d)
			var typeErr *json.UnmarshalTypeError
			if !errors.As(err, &typeErr) || typeErr.Type != reflect.TypeFor[Date]() {
				t.Errorf("Unmarshal(%s) error = %v, want a type error of Date (the decoder names the field)", in, err)
			}
		})
	}
}

func TestDateOfTakesTheDayInTheGivenZone(t *testing.T) {
	moscow := time.FixedZone("MSK", 3*60*60)
	lateUTC := time.Date(2026, 3, 9, 22, 30, 0, 0, time.UTC)
	if got, want := DateOf(lateUTC.In(moscow)), NewDate(2026, 3, 10); got != want {
		t.Errorf("DateOf(22:30 UTC in Moscow) = %v, want %v", got, want)
	}
}

func TestDaysAfter(t *testing.T) {
	sale := NewDate(2023, 6, 1)
	tests := []struct {
		name string
		d    Date
		want int
	}{
		{"the same day is zero days after", sale, 0},
		{"two weeks later is fourteen days", NewDate(2023, 6, 15), 14},
		{"across a month end days still count", NewDate(2023, 7, 1), 30},
		{"an earlier day is negative", NewDate(2023, 5, 31), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.DaysAfter(sale); got != tt.want {
				t.Errorf("%v.DaysAfter(%v) = %d, want %d", tt.d, sale, got, tt.want)
			}
		})
	}
}
