package deskstore

import (
	"context"

	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
)

// documentEvent is the history position of entries that change nothing on
// the order (a document e-mailed): a change's own events are numbered from
// 0, so 900 never meets one of the same version and instant.
const documentEvent = 900

// AddRepairEvent writes one history entry of r without changing r, on
// condition the order exists.
func (d *Desk) AddRepairEvent(ctx context.Context, r desk.Repair, ev desk.Event) error {
	return d.s.PutUnder(ctx, "add event to repair order "+r.ID, historyItem(r.ID, ev, r.Version, documentEvent), dynamo.RepairKey(r.ID))
}
