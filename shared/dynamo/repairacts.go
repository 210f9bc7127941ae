package dynamo

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"

	"aftersales/shared/acts"
)

// An act filed from a front-desk repair order («Оформить гарантийный акт»)
// and the order point at each other: the act carries RepairID, and the
// order's partition a link item (RepairActKey) written in the act's
// creating transaction, which the order's one Query reads with it.

// EntityRepairAct marks the link item in an order's partition.
const EntityRepairAct = "repair-act"

// repairActLink is the link item: the act filed from the order.
type repairActLink struct {
	PK, SK string
	Entity string
	ActID  string
}

// linkRepair adds to t what links a new act to its repair order: a check
// that the order exists and is the act's centre's, and the link, on
// condition the order has none yet. Either failing is ErrRepairUnavailable.
func (a *Acts) linkRepair(t *txn, act acts.Act) {
	check, err := a.s.check(RepairKey(act.RepairID), exists.And(
		expression.Name("Repair.CentreID").Equal(expression.Value(act.ServiceCenterID))))
	t.add(check, err, acts.ErrRepairUnavailable)
	k := RepairActKey(act.RepairID)
	link, err := a.putIf(repairActLink{PK: k.PK, SK: k.SK, Entity: EntityRepairAct, ActID: act.ID}, notExists)
	t.add(link, err, acts.ErrRepairUnavailable)
}

// unlinkRepair adds to t the removal of a deleted draft's link from its
// order, so the order can have its act filed again.
func (a *Acts) unlinkRepair(t *txn, act acts.Act) {
	if act.RepairID == "" {
		return
	}
	mine := expression.Name("ActID").Equal(expression.Value(act.ID))
	item, err := a.deleteIf(RepairActKey(act.RepairID), &mine)
	t.add(item, err, nil)
}

// Act reads an act's own item only — no history, comments or files: what
// another domain shows of an act (the order's act: number, status, parts,
// parcels) in one GetItem.
func (s *Store) Act(ctx context.Context, id string) (acts.Act, error) {
	var it actItem
	if err := s.get(ctx, actKey(id), &it); err != nil {
		return acts.Act{}, fmt.Errorf("read act %s: %w", id, err)
	}
	return it.act()
}
