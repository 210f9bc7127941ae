package localrun

import (
	"testing"
	"time"
)

func TestSchedulesFireOnTheirMinuteInTheirTimeZone(t *testing.T) {
	msk, _ := time.LoadLocation("Europe/Moscow")
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name, expr, tz string
		at             time.Time
		want           bool
	}{
		{"weekly batch fires Monday 06:00 Moscow", "cron(0 6 ? * MON *)", "Europe/Moscow", time.Date(2026, 11, 23, 6, 0, 0, 0, msk), true},
		{"weekly batch is quiet at 06:00 UTC", "cron(0 6 ? * MON *)", "Europe/Moscow", time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC), false},
		{"weekly batch is quiet on Tuesday", "cron(0 6 ? * MON *)", "Europe/Moscow", time.Date(2026, 11, 24, 6, 0, 0, 0, msk), false},
		{"hourly cron fires on minute 5", "cron(5 * * * ? *)", "", time.Date(2026, 11, 24, 13, 5, 0, 0, time.UTC), true},
		{"weekday range covers Friday", "cron(0 8 ? * MON-FRI *)", "", time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC), true},
		{"weekday range skips Saturday", "cron(0 8 ? * MON-FRI *)", "", time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC), false},
		{"step of 15 minutes fires at 45", "cron(0/15 * * * ? *)", "", time.Date(2026, 11, 24, 13, 45, 0, 0, time.UTC), true},
		{"rate of one hour fires an hour after start", "rate(1 hour)", "", start.Add(time.Hour), true},
		{"rate of one hour is quiet at 30 minutes", "rate(1 hour)", "", start.Add(30 * time.Minute), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := parseSchedule(c.expr, c.tz)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.due(c.at, start); got != c.want {
				t.Errorf("due(%s) = %v, want %v", c.at, got, c.want)
			}
		})
	}
}

func TestMalformedSchedulesAreRefused(t *testing.T) {
	for _, expr := range []string{"cron(0 6 * *)", "rate(0 hours)", "rate(2 weeks)", "every monday", "cron(x 6 ? * MON *)"} {
		if _, err := parseSchedule(expr, ""); err == nil {
			t.Errorf("parseSchedule(%q) succeeded, want an error", expr)
		}
	}
}
