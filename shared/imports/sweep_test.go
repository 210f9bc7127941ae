package imports

import (
	"context"
	"strings"
	"testing"
	"time"
)

// processingOf lists the world's protocols still processing (the fake of
// the store's index query).
type processingOf struct{ m *memProtocols }

func (p processingOf) Processing(_ context.Context, since time.Time) ([]Protocol, error) {
	p.m.mu.Lock()
	defer p.m.mu.Unlock()
	var out []Protocol
	for _, it := range p.m.items {
		if it.Status == LoadProcessing && !it.CreatedAt.Before(since) {
			out = append(out, it)
		}
	}
	return out, nil
}

func (w *world) leftProcessing(key string, created time.Time, attempts int, leaseUntil time.Time) Protocol {
	o := w.put(key, "v1", nil, "u-ku")
	p := Protocol{ID: o.ProtocolID(), Object: o, Status: LoadProcessing, Procedure: OutletsFirstLoad, Distributor: "D1",
		DistributorName: "ООО «Дистрибьютор»", FileName: "Outlets.xlsx", Seq: 1, CreatedAt: created, Attempts: attempts,
		Recipients: []string{"ku@d1.example"}, Lease: Lease{Owner: "crashed", Until: leaseUntil}}
	w.protocols.items[p.ID] = p
	return p
}

// The hourly sweep fails a load whose last attempt crashed and one whose
// retries can no longer come, each with one e-mail; it leaves a load still
// held, and one a retry may yet take over.
func TestTheSweepFailsLoadsACrashLeftProcessing(t *testing.T) {
	w := newWorld(t)
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	lastTry := w.leftProcessing("outlets-first-load/D1/a/Outlets.xlsx", now.Add(-20*time.Minute), maxAttempts, now.Add(-10*time.Minute))
	old := w.leftProcessing("outlets-first-load/D1/b/Outlets.xlsx", now.Add(-2*time.Hour), 1, now.Add(-110*time.Minute))
	held := w.leftProcessing("outlets-first-load/D1/c/Outlets.xlsx", now.Add(-3*time.Hour), 1, now.Add(time.Minute))
	retryDue := w.leftProcessing("outlets-first-load/D1/d/Outlets.xlsx", now.Add(-5*time.Minute), 1, now.Add(-time.Minute))

	s := Sweeper{Loader: w.loader, Loads: processingOf{w.protocols}}
	n, err := s.Sweep(context.Background(), now)
	if err != nil || n != 2 {
		t.Fatalf("swept %d, %v; want 2", n, err)
	}
	for _, p := range []Protocol{lastTry, old} {
		got := w.protocols.items[p.ID]
		if got.Status != LoadFailed || got.Reason == "" || !got.FinishedAt.Equal(now) {
			t.Errorf("%s: %s %q at %v", p.Object.Key, got.Status, got.Reason, got.FinishedAt)
		}
		m, ok := w.mail.sent["import-protocol/"+p.ID]
		if !ok || !strings.Contains(m.Subject, "Сбой загрузки") {
			t.Errorf("%s: no failure e-mail (%q)", p.Object.Key, m.Subject)
		}
	}
	for _, p := range []Protocol{held, retryDue} {
		if got := w.protocols.items[p.ID]; got.Status != LoadProcessing {
			t.Errorf("%s should be left alone, got %s", p.Object.Key, got.Status)
		}
	}
	if len(w.mail.sent) != 2 {
		t.Errorf("%d e-mails, want 2", len(w.mail.sent))
	}
	// A repeated run finds nothing more to do and mails nobody again.
	if n, err := s.Sweep(context.Background(), now.Add(30*time.Second)); err != nil || n != 0 || len(w.mail.sent) != 2 {
		t.Errorf("second sweep: %d, %v, %d e-mails", n, err, len(w.mail.sent))
	}
}
