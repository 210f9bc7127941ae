package dynamo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"aftersales/shared/acts"
	"aftersales/shared/dynamo"
	"aftersales/shared/timers"
)

// TestTheHourlyQueryFindsWhatIsDueExactlyNow: the index holds when each
// act's next step is due (to the nanosecond); a run at that very moment must
// find it (the policy says a step is due when now is not before it), and an
// act due a nanosecond later must wait for the next run.
func TestTheHourlyQueryFindsWhatIsDueExactlyNow(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	now := base.Add(100 * time.Hour)
	// A delivered act's timer is due (its reminder) SilentDelivery - Reminder
	// after the delivery.
	lead := timers.DefaultPolicy.SilentDelivery - timers.DefaultPolicy.Reminder
	for id, offset := range map[string]time.Duration{"before": -time.Nanosecond, "exactly": 0, "after": time.Nanosecond} {
		a := act(id, "sc1", 0, acts.Fields{})
		a.Status, a.StatusChangedAt = acts.StatusPartsDelivered, now.Add(offset-lead)
		e.create(t, a)
		tm, _ := timers.DefaultPolicy.TimerOf(a)
		if due := timers.DefaultPolicy.RemindAt(tm); !due.Equal(now.Add(offset)) {
			t.Fatalf("%s: due %s, want %s", id, due, now.Add(offset))
		}
	}
	due, err := dynamo.New(e.db, e.table).Timers().Due(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range due {
		got = append(got, d.ID)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"before", "exactly"}) {
		t.Errorf("due at %s: %v, want the act due a nanosecond before and the one due exactly then", now, got)
	}
}
