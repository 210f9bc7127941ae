// Package autoclosefn builds AutoCloseFunction: reminders and automatic
// closes of acts whose timers are due, unfinished shipments and unsent
// e-mails.
package autoclosefn

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/fulfilfn"
)

// New builds the scheduled handler.
func New(e *fn.Env) (fn.ScheduledHandler, error) {
	f, err := fulfilfn.New(e)
	if err != nil {
		return nil, err
	}
	return fn.Scheduled(e, "auto-close", f.AutoClose().Run), nil
}
