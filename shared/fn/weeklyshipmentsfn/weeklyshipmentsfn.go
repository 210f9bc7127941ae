// Package weeklyshipmentsfn builds WeeklyShipmentsFunction: one shipment
// per service centre for the ISO week of the schedule's time.
package weeklyshipmentsfn

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
	return fn.Scheduled(e, "weekly shipments", f.Shipments.Batch), nil
}
