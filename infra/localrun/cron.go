package localrun

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// schedule decides whether an EventBridge expression fires at a given minute.
// It understands rate(N unit) and the six-field cron(min hour dom month dow year)
// with *, ?, lists, ranges, steps and day names — what template.yaml uses.
type schedule struct {
	every  time.Duration // for rate()
	fields [6]func(int) bool
	loc    *time.Location
}

func parseSchedule(expr, tz string) (*schedule, error) {
	loc := time.UTC
	if tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil {
			return nil, err
		}
		loc = l
	}
	switch {
	case strings.HasPrefix(expr, "rate(") && strings.HasSuffix(expr, ")"):
		parts := strings.Fields(expr[5 : len(expr)-1])
		if len(parts) != 2 {
			return nil, fmt.Errorf("bad rate %q", expr)
		}
		n, err := strconv.Atoi(parts[0])
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad rate %q", expr)
		}
		unit := map[string]time.Duration{"minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}[strings.TrimSuffix(parts[1], "s")]
		if unit == 0 {
			return nil, fmt.Errorf("bad rate unit %q", expr)
		}
		return &schedule{every: time.Duration(n) * unit, loc: loc}, nil
	case strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")"):
		parts := strings.Fields(expr[5 : len(expr)-1])
		if len(parts) != 6 {
			return nil, fmt.Errorf("cron needs 6 fields: %q", expr)
		}
		s := &schedule{loc: loc}
		names := [6]map[string]int{
			4: {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7},
			3: {"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12},
		}
		for i, p := range parts {
			m, err := cronField(p, names[i])
			if err != nil {
				return nil, fmt.Errorf("%q field %d: %w", expr, i+1, err)
			}
			s.fields[i] = m
		}
		return s, nil
	}
	return nil, fmt.Errorf("unknown schedule expression %q", expr)
}

func cronField(spec string, names map[string]int) (func(int) bool, error) {
	if spec == "*" || spec == "?" {
		return func(int) bool { return true }, nil
	}
	num := func(s string) (int, error) {
		if v, ok := names[strings.ToUpper(s)]; ok {
			return v, nil
		}
		return strconv.Atoi(s)
	}
	var preds []func(int) bool
	for _, item := range strings.Split(spec, ",") {
		step := 1
		if base, st, ok := strings.Cut(item, "/"); ok {
			n, err := strconv.Atoi(st)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("bad step %q", item)
			}
			item, step = base, n
		}
		lo, hi := 0, 1<<30
		if item != "*" {
			a, b, isRange := strings.Cut(item, "-")
			var err error
			if lo, err = num(a); err != nil {
				return nil, fmt.Errorf("bad value %q", item)
			}
			hi = lo
			if isRange {
				if hi, err = num(b); err != nil {
					return nil, fmt.Errorf("bad value %q", item)
				}
			} else if step > 1 {
				hi = 1 << 30
			}
		}
		preds = append(preds, func(v int) bool { return v >= lo && v <= hi && (v-lo)%step == 0 })
	}
	return func(v int) bool {
		for _, p := range preds {
			if p(v) {
				return true
			}
		}
		return false
	}, nil
}

// due reports whether the schedule fires in the minute starting at t; start
// is when the runner began, the origin of rate() schedules.
func (s *schedule) due(t, start time.Time) bool {
	if s.every > 0 {
		elapsed := t.Truncate(time.Minute).Sub(start.Truncate(time.Minute))
		return elapsed > 0 && elapsed%s.every == 0
	}
	lt := t.In(s.loc)
	vals := [6]int{lt.Minute(), lt.Hour(), lt.Day(), int(lt.Month()), int(lt.Weekday()) + 1, lt.Year()}
	for i, f := range s.fields {
		if !f(vals[i]) {
			return false
		}
	}
	return true
}
