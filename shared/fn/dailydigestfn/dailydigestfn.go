// Package dailydigestfn builds DailyDigestFunction: the managers' overdue
// acts and each centre's acts waiting for its reply.
package dailydigestfn

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/fulfilfn"
	"aftersales/shared/timers"
)

// New builds the scheduled handler.
func New(e *fn.Env) (fn.ScheduledHandler, error) {
	f, err := fulfilfn.New(e)
	if err != nil {
		return nil, err
	}
	d := &timers.Digest{Store: f.Store.Timers(), Directory: f.People, Letters: f.Letters, Mail: f.Once, Policy: f.Policy}
	return fn.Scheduled(e, "daily digest", d.Run), nil
}
