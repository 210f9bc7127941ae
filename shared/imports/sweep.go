package imports

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ProcessingLister finds the loads still processing among those created
// since a time (shared/dynamo reads them off the loads-by-time index).
type ProcessingLister interface {
	Processing(ctx context.Context, since time.Time) ([]Protocol, error)
}

// SweepWindow is how far back the sweep looks: a load stays processing only
// while a live invocation renews its lease, so an hourly sweep finds every
// stuck one long before it falls out of a week.
const SweepWindow = 7 * 24 * time.Hour

// RetryWindow is how long after its claim a load may still see a retried
// event: Lambda drops an event older than an hour (template.yaml:
// MaximumEventAgeInSeconds 3600 on ImportLoadFunction), and the last
// attempt runs at most 15 minutes.
const RetryWindow = 75 * time.Minute

// Sweeper fails the loads a crash left processing: their holder died (the
// lease ran out) and no retried event will come for them, because every
// attempt was used or the events' age limit has passed. Each gets the
// failed protocol and its one e-mail, as if its last attempt had failed.
type Sweeper struct {
	Loader *Loader
	Loads  ProcessingLister
}

// Sweep handles the stuck loads at now and returns how many it failed.
// One load's failure does not stop the others.
func (s Sweeper) Sweep(ctx context.Context, now time.Time) (int, error) {
	loads, err := s.Loads.Processing(ctx, now.Add(-SweepWindow))
	if err != nil {
		return 0, fmt.Errorf("find loads left processing: %w", err)
	}
	failed := 0
	var errs []error
	for _, p := range loads {
		if !stuck(p, now) {
			continue
		}
		switch err := s.Loader.failStuck(ctx, p, now); {
		case err == nil:
			failed++
		case errors.Is(err, ErrLeaseLost): // a retry took it over meanwhile
		default:
			errs = append(errs, err)
		}
	}
	return failed, errors.Join(errs...)
}

// stuck reports whether nobody holds p and nobody will.
func stuck(p Protocol, now time.Time) bool {
	if p.Status != LoadProcessing || p.Lease.Until.After(now) {
		return false
	}
	return p.Attempts >= maxAttempts || now.Sub(p.CreatedAt) >= RetryWindow
}

// failStuck takes p over from its dead holder, records it failed and sends
// its e-mail (the ledger sends it at most once).
func (l *Loader) failStuck(ctx context.Context, p Protocol, now time.Time) error {
	next := p
	next.Lease = Lease{Owner: l.newID(), Until: now.Add(l.timing.Lease)}
	if err := l.protocols.TakeOver(ctx, next, p.Lease); err != nil {
		return err
	}
	next.Status = LoadFailed
	next.Reason = systemFailure
	next.FinishedAt = now
	next.Lease.Until = time.Time{}
	if err := l.protocols.SaveProtocol(ctx, next, next.Lease.Owner); err != nil {
		return fmt.Errorf("record the failure of stuck load %s: %w", p.ID, err)
	}
	return l.notify(ctx, next)
}
