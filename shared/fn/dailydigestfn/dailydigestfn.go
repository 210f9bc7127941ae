// Package dailydigestfn builds DailyDigestFunction: the managers' overdue
// acts, each centre's acts waiting for its reply, and each centre's repair
// orders past their status norm; and the customers' reminders of
// tomorrow's field visits.
package dailydigestfn

import (
	"context"
	"errors"
	"time"

	"aftersales/shared/agenda"
	"aftersales/shared/deskdigest"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/fulfilfn"
	"aftersales/shared/timers"
)

// report is one morning's counts, acts and repair orders, and the
// reminders of tomorrow's field visits.
type report struct {
	Acts    timers.DigestReport
	Repairs deskdigest.Report
	Visits  agenda.RemindReport
}

// New builds the scheduled handler.
func New(e *fn.Env) (fn.ScheduledHandler, error) {
	f, err := fulfilfn.New(e)
	if err != nil {
		return nil, err
	}
	d := f.Digest()
	repairs := deskstore.New(f.Store)
	dd := &deskdigest.Digest{Repairs: repairs, Centres: f.People, Directory: f.People, Mail: f.Once, Location: e.Config.Location}
	// SMS reminders wait for the customer-message outbox's SMS channel.
	visits := &agenda.Reminders{Visits: repairs, Customers: repairs, Centres: f.People, Email: f.Once, Location: e.Config.Location}
	run := func(ctx context.Context, now time.Time) (report, error) {
		// All run whatever the others' outcome; the ledger keeps a retry
		// from mailing anyone twice.
		a, errActs := d.Run(ctx, now)
		r, errRepairs := dd.Run(ctx, now)
		v, errVisits := visits.Run(ctx, now)
		return report{Acts: a, Repairs: r, Visits: v}, errors.Join(errActs, errRepairs, errVisits)
	}
	return fn.Scheduled(e, "daily digest", run), nil
}
