// Package autoclosefn builds AutoCloseFunction: reminders and automatic
// closes of acts whose timers are due, unfinished shipments and unsent
// e-mails, and loads a crash left processing.
package autoclosefn

import (
	"aftersales/shared/fn"
	"aftersales/shared/fn/fulfilfn"
	"aftersales/shared/fn/importloadfn"
	"aftersales/shared/fn/importsfn"
	"aftersales/shared/imports"
)

// New builds the scheduled handler.
func New(e *fn.Env) (fn.ScheduledHandler, error) {
	f, err := fulfilfn.New(e)
	if err != nil {
		return nil, err
	}
	job := f.AutoClose()
	// The hourly job also sweeps loads a crash left processing, so it
	// builds the loader too (and links S3 and the sheet reader).
	loader, err := importloadfn.Loader(e)
	if err != nil {
		return nil, err
	}
	st, err := importsfn.New(e)
	if err != nil {
		return nil, err
	}
	job.Loads = imports.Sweeper{Loader: loader, Loads: st.Imports}
	return fn.Scheduled(e, "auto-close", job.Run), nil
}
