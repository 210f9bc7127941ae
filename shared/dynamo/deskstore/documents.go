package deskstore

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/auth"
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
	put, err := d.s.PutNew(historyItem(r.ID, ev, r.Version, documentEvent))
	if err != nil {
		return err
	}
	exists, err := d.s.Check(dynamo.RepairKey(r.ID), expression.AttributeExists(expression.Name("PK")))
	if err != nil {
		return err
	}
	return d.s.Transact(ctx, "add event to repair order "+r.ID, []types.TransactWriteItem{put, exists}, func(i int) error {
		if i == 1 {
			return auth.ErrNotFound
		}
		return errors.New("a history entry of " + r.ID + " at the same instant exists")
	})
}
