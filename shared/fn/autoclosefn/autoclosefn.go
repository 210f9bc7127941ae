// Package autoclosefn builds AutoCloseFunction: reminders and automatic
// closes of acts whose timers are due, unfinished shipments, parcels in
// transit (delivered from their carrier's tracking or transit days),
// unsent e-mails, and loads a crash left processing.
package autoclosefn

import (
	"context"

	"aftersales/shared/fn"
	"aftersales/shared/fn/carriersfn"
	"aftersales/shared/fn/fulfilfn"
	"aftersales/shared/fn/importloadfn"
	"aftersales/shared/fn/importsfn"
	"aftersales/shared/imports"
)

// New builds the scheduled handler.
func New(e *fn.Env) (fn.ScheduledHandler, error) {
	book, err := carriersfn.Book(context.Background(), e)
	if err != nil {
		return nil, err
	}
	f, err := fulfilfn.NewTracking(e, book)
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
