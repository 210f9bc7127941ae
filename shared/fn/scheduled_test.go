package fn_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"aftersales/shared/fn"
	"aftersales/shared/notices"
)

type report struct{ abandoned bool }

func (r report) GaveUp() bool { return r.abandoned }

// TestAScheduledRunThatGaveUpIsLoggedForTheAlarm: the template's metric
// filter counts {$.gaveUp IS TRUE}; a run whose error wraps
// notices.ErrGaveUp, or whose report says it gave up, logs exactly one such
// line, and a run that did its work logs none.
func TestAScheduledRunThatGaveUpIsLoggedForTheAlarm(t *testing.T) {
	var buf bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	defer slog.SetDefault(prev)
	env := &fn.Env{Clock: func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }}
	for _, c := range []struct {
		name   string
		rep    report
		err    error
		gaveUp bool
	}{
		{"an abandoned e-mail", report{}, fmt.Errorf("e-mail x abandoned after 5 attempts: %w", notices.ErrGaveUp), true},
		{"a report that gave up", report{abandoned: true}, nil, true},
		{"a run that did its work", report{}, nil, false},
		{"a run that failed and will be retried", report{}, fmt.Errorf("dynamodb down"), false},
	} {
		buf.Reset()
		h := fn.Scheduled(env, "job", func(context.Context, time.Time) (report, error) { return c.rep, c.err })
		_ = h(context.Background(), events.EventBridgeEvent{})
		if got := strings.Count(buf.String(), `"gaveUp":true`); got != map[bool]int{true: 1, false: 0}[c.gaveUp] {
			t.Errorf("%s: %d gave-up lines in %s", c.name, got, buf.String())
		}
	}
}
