// Package dailydigestfn builds DailyDigestFunction: the managers' overdue
// acts, each centre's acts waiting for its reply, and each centre's repair
// orders past their status norm.
package dailydigestfn

import (
	"context"
	"errors"
	"time"

	"aftersales/shared/deskdigest"
	"aftersales/shared/dynamo/deskstore"
	"aftersales/shared/fn"
	"aftersales/shared/fn/fulfilfn"
	"aftersales/shared/timers"
)

// report is one morning's counts, acts and repair orders.
type report struct {
	Acts    timers.DigestReport
	Repairs deskdigest.Report
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
	run := func(ctx context.Context, now time.Time) (report, error) {
		// Both run whatever the other's outcome; the ledger keeps a retry
		// from mailing anyone twice.
		a, errActs := d.Run(ctx, now)
		r, errRepairs := dd.Run(ctx, now)
		return report{Acts: a, Repairs: r}, errors.Join(errActs, errRepairs)
	}
	return fn.Scheduled(e, "daily digest", run), nil
}
