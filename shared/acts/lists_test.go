package acts

import (
	"testing"
	"time"

	"aftersales/shared/apperr"
)

// TestAListsPeriodIsWholeBusinessDaysInTheBusinessTimeZone: "from 1 to 31
// March" means from Moscow midnight on the 1st up to (not including) Moscow
// midnight on 1 April, whatever the server's zone.
func TestAListsPeriodIsWholeBusinessDaysInTheBusinessTimeZone(t *testing.T) {
	e := newEnv(t)
	from, to := NewDate(2026, 3, 1), NewDate(2026, 3, 31)
	if _, _, err := e.svc.List(ctx, managerUser, ListRequest{From: &from, To: &to}); err != nil {
		t.Fatal(err)
	}
	q := e.store.lastQuery
	wantFrom, wantBefore := time.Date(2026, 3, 1, 0, 0, 0, 0, moscow), time.Date(2026, 4, 1, 0, 0, 0, 0, moscow)
	if !q.CreatedFrom.Equal(wantFrom) || !q.CreatedBefore.Equal(wantBefore) {
		t.Errorf("period [%s, %s), want [%s, %s)", q.CreatedFrom, q.CreatedBefore, wantFrom, wantBefore)
	}
	if _, _, err := e.svc.List(ctx, managerUser, ListRequest{From: &to}); err != nil || !e.store.lastQuery.CreatedBefore.IsZero() {
		t.Errorf("only a start: %v, before %s; want no end", err, e.store.lastQuery.CreatedBefore)
	}
	if _, _, err := e.svc.List(ctx, managerUser, ListRequest{From: &to, To: &from}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a period ending before it starts: %v, want invalid", err)
	}
	same := NewDate(2026, 3, 31)
	if _, _, err := e.svc.List(ctx, centreUser, ListRequest{From: &same, To: &same}); err != nil {
		t.Fatalf("a one-day period: %v", err)
	}
	if q := e.store.lastQuery; q.CreatedBefore.Sub(q.CreatedFrom) != 24*time.Hour || q.ServiceCenter != centreUser.Tenant {
		t.Errorf("one day: [%s, %s) of %q, want 24 h of the centre's own acts", q.CreatedFrom, q.CreatedBefore, q.ServiceCenter)
	}
}

// TestAnExportHoldsAtMostTheCap: the store is asked for the cap and reads
// one past it; exactly ExportCap acts are exported, one more is refused.
func TestAnExportHoldsAtMostTheCap(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct {
		rows int
		ok   bool
	}{{ExportCap, true}, {ExportCap + 1, false}} {
		e.store.exportRows = tt.rows
		got, err := e.svc.Export(ctx, managerUser, ListRequest{Cursor: "left over from a list"})
		switch {
		case tt.ok && (err != nil || len(got) != ExportCap):
			t.Errorf("%d matching acts: %d exported, %v; want all of them", tt.rows, len(got), err)
		case !tt.ok && apperr.CodeOf(err) != apperr.TooMany:
			t.Errorf("%d matching acts: %v, want too_many", tt.rows, err)
		}
		if e.store.exportLimit != ExportCap || e.store.lastQuery.Cursor != "" {
			t.Errorf("the store was asked for %d from cursor %q, want %d from the start", e.store.exportLimit, e.store.lastQuery.Cursor, ExportCap)
		}
	}
	if ExportCap != 10000 {
		t.Errorf("ExportCap = %d, seed 004 says 10,000", ExportCap)
	}
}
