package imports

import (
	"testing"
	"time"
)

func TestParseDecimalTakesACommaOrAPoint(t *testing.T) {
	tests := []struct {
		in     string
		want   float64
		wantOK bool
	}{
		{"55.7558", 55.7558, true},
		{"55,7558", 55.7558, true},
		{"-0,5", -0.5, true},
		{"1", 1, true},
		{"1,234.5", 0, false},
		{"1 234", 0, false},
		{"1e5", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"0x1p3", 0, false},
		{".", 0, false},
		{"-", 0, false},
		{"1.2.3", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseDecimal(tt.in)
		if ok != tt.wantOK || got != tt.want {
			t.Errorf("parseDecimal(%q): got %v %v, want %v %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestParseDateReadsRussianAndISODates(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Time
		wantOK bool
	}{
		{"01.02.2025", time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), true},
		{"1.2.2025", time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), true},
		{"2025-02-01", time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), true},
		{"31.02.2025", time.Time{}, false},
		{"01/02/2025", time.Time{}, false},
		{"завтра", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if ok != tt.wantOK || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q): got %v %v, want %v %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestParseVisitDaysReadsEverySpelling(t *testing.T) {
	monWedFri := weekdayBit(time.Monday) | weekdayBit(time.Wednesday) | weekdayBit(time.Friday)
	workdays := Weekdays(0b0011111)
	tests := []struct {
		in   string
		want Weekdays
	}{
		{"Пн,Ср,Пт", monWedFri},
		{"пн ср пт", monWedFri},
		{"1,3,5", monWedFri},
		{"1;3;5", monWedFri},
		{"Mon,Wed,Fri", monWedFri},
		{"Monday, Wednesday, Friday", monWedFri},
		{"понедельник, среда, пятница", monWedFri},
		{"ПН/СР/ПТ", monWedFri},
		{"пт, пн, ср, пн", monWedFri},
		{"Пн-Пт", workdays},
		{"пн - пт", workdays},
		{"1-5", workdays},
		{"mon–fri", workdays},
		{"1.3", weekdayBit(time.Monday) | weekdayBit(time.Wednesday)}, // Russian Excel turned "1,3" into 1.3
		{"Вс", weekdayBit(time.Sunday)},
		{"ежедневно", 0b1111111},
	}
	for _, tt := range tests {
		got, why := parseVisitDays(tt.in)
		if why != "" || got != tt.want {
			t.Errorf("parseVisitDays(%q): got %v %q, want %v", tt.in, got, why, tt.want)
		}
	}
	for _, bad := range []string{"8", "пн,ху", "Пт-Пн", "0", ",", "пн-", "ежедневно-пт"} {
		if got, why := parseVisitDays(bad); why == "" {
			t.Errorf("parseVisitDays(%q): got %v, want an error", bad, got)
		}
	}
}

func TestWeekdaysStringWritesDaysAsKeyUsersDo(t *testing.T) {
	d, _ := parseVisitDays("5,1,3")
	if got := d.String(); got != "Пн,Ср,Пт" {
		t.Errorf("got %q, want %q", got, "Пн,Ср,Пт")
	}
	if !d.Has(time.Friday) || d.Has(time.Sunday) {
		t.Errorf("got Has(Friday)=%v Has(Sunday)=%v, want true false", d.Has(time.Friday), d.Has(time.Sunday))
	}
}
