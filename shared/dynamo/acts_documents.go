package dynamo

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
)

// AddEvent writes one history entry of an act that changes nothing on the
// act (a document e-mailed), on condition the act exists: no entry without
// its act. Its key is its time and id, so it never takes another's place.
func (a *Acts) AddEvent(ctx context.Context, e acts.Event) error {
	it, err := newEventItem(e)
	if err != nil {
		return err
	}
	put, err := a.s.putNew(it)
	if err != nil {
		return err
	}
	exists, err := a.s.check(actKey(e.ActID), exists)
	if err != nil {
		return err
	}
	return a.s.transact(ctx, "add event to act "+e.ActID, []types.TransactWriteItem{put, exists}, func(i int) error {
		if i == 1 {
			return auth.ErrNotFound
		}
		return errors.New("history entry " + e.ID + " already written")
	})
}
