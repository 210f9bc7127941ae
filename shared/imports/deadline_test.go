package imports

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// An import whose invocation is about to time out stops Margin before the
// deadline and records a failed protocol with one e-mail, instead of being
// cut off with the protocol left processing.
func TestALoadThatRunsOutOfTimeEndsFailedWithOneEmail(t *testing.T) {
	w := newWorld(t)
	w.loader.timing.Margin = 300 * time.Millisecond
	w.directory.stall = true
	o := w.put("outlets-first-load/D1/u1/Outlets.xlsx", "v1", outletsFile(t, outletLine("A-1", "Ромашка", "Москва", "ТТ")), "u-ku")
	ctx, cancel := context.WithTimeout(context.Background(), time.Second) // an injected short Lambda deadline
	defer cancel()
	p, err := w.loader.Process(ctx, o)
	if ctx.Err() != nil {
		t.Fatal("the load used the whole invocation: nothing could be recorded after it")
	}
	if !errors.Is(err, ErrRecorded) {
		t.Fatalf("want the failure recorded (not retried), got %v", err)
	}
	stored := w.protocols.items[o.ProtocolID()]
	if stored.Status != LoadFailed || p.Status != LoadFailed || !strings.Contains(stored.Reason, "не успел") {
		t.Fatalf("stored %s (%s), returned %s", stored.Status, stored.Reason, p.Status)
	}
	if m := w.mail.only(t); !strings.Contains(m.Subject, "Сбой загрузки") || !strings.Contains(m.Text, "Разделите") {
		t.Errorf("mail %q: %s", m.Subject, m.Text)
	}
	// A retried delivery of the same event finds the protocol final and
	// sends nothing more.
	w.directory.stall = false
	if p := w.process(t, o); p.Status != LoadFailed {
		t.Errorf("retry: %s", p.Status)
	}
	w.mail.only(t)
}

// Without a deadline (a test, the local runner) a load is not cut short.
func TestALoadWithoutADeadlineIsNotCutShort(t *testing.T) {
	w := newWorld(t)
	o := w.put("outlets-first-load/D1/u1/Outlets.xlsx", "v1", outletsFile(t, outletLine("A-1", "Ромашка", "Москва", "ТТ")), "u-ku")
	if p := w.process(t, o); p.Status != LoadSucceeded {
		t.Fatalf("%s: %s", p.Status, p.Reason)
	}
}
