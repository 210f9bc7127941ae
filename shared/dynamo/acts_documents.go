package dynamo

import (
	"context"

	"aftersales/shared/acts"
)

// AddEvent writes one history entry of an act that changes nothing on the
// act (a document e-mailed), on condition the act exists. Its key is its
// time and id, so it never takes another's place.
func (a *Acts) AddEvent(ctx context.Context, e acts.Event) error {
	it, err := newEventItem(e)
	if err != nil {
		return err
	}
	return a.s.PutUnder(ctx, "add event to act "+e.ActID, it, actKey(e.ActID))
}
