package dynamo

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/money"
	"aftersales/shared/notices"
	"aftersales/shared/orders"
	"aftersales/shared/shipments"
)

// Shipments is the storage of orders and shipments: the order items the
// acts store creates on a decision, the shipments that carry them, and the
// act moves a shipment's dispatch or delivery makes.
type Shipments struct {
	s *Store
	a *Acts
}

// Shipments returns the orders-and-shipments storage of the store's table.
func (s *Store) Shipments() *Shipments { return &Shipments{s: s, a: s.Acts()} }

var _ shipments.Store = (*Shipments)(nil)

type lineItem struct {
	Name         string
	SchemeNumber string `dynamodbav:",omitempty"`
	Quantity     int
	Price        int64 // kopecks
}

func lineItems(lines []orders.Line) []lineItem {
	out := make([]lineItem, len(lines))
	for i, l := range lines {
		out[i] = lineItem{Name: l.Name, SchemeNumber: l.SchemeNumber, Quantity: l.Quantity, Price: int64(l.Price)}
	}
	return out
}

// orderItem is an order. The acts store writes it with the decision that
// makes it; shipments then change its status with updates that keep its
// GSI2 partition (orders in a status) in step. An order with compensation
// lines is on the sparse GSI3 COMPENSATION partition until it is cancelled.
// A decision that ships nothing is stored in the same layout as a
// compensation record (COMP#<id>), outside the order lists.
type orderItem struct {
	PK, SK string
	// The order lists' keys; a compensation record has none.
	GSI1PK          string `dynamodbav:",omitempty"`
	GSI1SK          string `dynamodbav:",omitempty"`
	GSI2PK          string `dynamodbav:",omitempty"`
	GSI2SK          string `dynamodbav:",omitempty"`
	GSI3PK          string `dynamodbav:",omitempty"`
	GSI3SK          string `dynamodbav:",omitempty"`
	Entity          string
	ID              string
	ActID           string
	ActNumber       string
	ServiceCenterID string
	Payer           string
	Status          string
	Lines           []lineItem
	Compensation    []lineItem
	CreatedBy       string
	CreatedAt       time.Time
	UpdatedAt       *time.Time `dynamodbav:",omitempty"`
	ShipmentID      string     `dynamodbav:",omitempty"`
	CancelReason    string     `dynamodbav:",omitempty"`
	CancelledBy     string     `dynamodbav:",omitempty"`
	PreSale         bool       `dynamodbav:",omitempty"`
}

// newOrderItem is a new order's item — or, for a decision that ships
// nothing, a compensation record's: its own key and no order index, so no
// order read or list finds it; the compensation report's index does.
func newOrderItem(o orders.Order) orderItem {
	it := orderItem{Entity: "order", ID: o.ID, ActID: o.ActID, ActNumber: o.ActNumber, ServiceCenterID: o.ServiceCenterID,
		Payer: string(o.Payer), Status: string(o.Status), Lines: lineItems(o.Lines), Compensation: lineItems(o.Compensation),
		CreatedBy: o.CreatedBy, CreatedAt: o.CreatedAt, ShipmentID: o.ShipmentID, PreSale: o.PreSale}
	if o.ShipsNothing() {
		k := compensationKey(o.ID)
		it.PK, it.SK, it.Entity = k.PK, k.SK, "compensation"
	} else {
		k := orderKey(o.ID)
		it.PK, it.SK = k.PK, k.SK
		it.GSI1PK, it.GSI1SK = centrePK(o.ServiceCenterID), centreOrderSK(o.CreatedAt, o.ID)
		it.GSI2PK, it.GSI2SK = ordersPK(string(o.Status)), actsSK(o.CreatedAt, o.ID)
	}
	if len(o.Compensation) > 0 && o.Status != orders.StatusCancelled {
		it.GSI3PK, it.GSI3SK = compensationPK, compensationSK(o.CreatedAt, o.ID)
	}
	return it
}

func (it orderItem) order() orders.Order {
	o := orders.Order{ID: it.ID, ActID: it.ActID, ActNumber: it.ActNumber, ServiceCenterID: it.ServiceCenterID,
		Payer: orders.Payer(it.Payer), Status: orders.Status(it.Status), Lines: domainLines(it.Lines),
		Compensation: domainLines(it.Compensation), CreatedBy: it.CreatedBy, CreatedAt: it.CreatedAt, UpdatedAt: it.CreatedAt,
		ShipmentID: it.ShipmentID, CancelReason: it.CancelReason, CancelledBy: it.CancelledBy, PreSale: it.PreSale}
	if it.UpdatedAt != nil {
		o.UpdatedAt = *it.UpdatedAt
	}
	return o
}

func domainLines(items []lineItem) []orders.Line {
	out := make([]orders.Line, len(items))
	for i, l := range items {
		out[i] = orders.Line{Name: l.Name, SchemeNumber: l.SchemeNumber, Quantity: l.Quantity, Price: money.RUB(l.Price)}
	}
	return out
}

func decodeOrder(av map[string]types.AttributeValue) (orders.Order, error) {
	var it orderItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return orders.Order{}, fmt.Errorf("decode order: %w", err)
	}
	return it.order(), nil
}

// Order reads an order, strongly consistent.
func (sh *Shipments) Order(ctx context.Context, id string) (orders.Order, error) {
	var it orderItem
	err := sh.s.get(ctx, orderKey(id), &it)
	if err != nil {
		return orders.Order{}, err
	}
	return it.order(), nil
}

// ListOrders reads one centre's orders newest first (GSI1, the status as a
// filter), or one status across centres oldest first (GSI2).
func (sh *Shipments) ListOrders(ctx context.Context, q shipments.OrderQuery) (auth.Page[orders.Order], error) {
	var lq listQuery
	if q.ServiceCenter != "" {
		lq = centreList(q.ServiceCenter, prefixCentreOrder)
		if q.Status != "" {
			lq.filters = append(lq.filters, statusIs(string(q.Status)))
		}
	} else {
		pk := ordersPK(string(q.Status))
		lq = listQuery{query: query{index: indexGSI2, pkName: "GSI2PK", pkValue: pk, forward: true, keyAttrs: gsi2KeyAttrs},
			key: expression.Key("GSI2PK").Equal(expression.Value(pk))}
	}
	return listPage(ctx, sh.s, lq, q.Limit, q.Cursor, decodeOrder)
}

// centreList reads one centre's orders or shipments (prefix) newest first:
// GSI1 keeps each centre's under its partition.
func centreList(centre, prefix string) listQuery {
	pk := centrePK(centre)
	return listQuery{query: query{index: indexGSI1, pkName: "GSI1PK", pkValue: pk, keyAttrs: gsi1KeyAttrs},
		key: expression.Key("GSI1PK").Equal(expression.Value(pk)).And(expression.Key("GSI1SK").BeginsWith(prefix))}
}

// AwaitingOrders reads the whole awaiting_shipment partition of GSI2,
// oldest first: exactly the orders the weekly batch has to place.
func (sh *Shipments) AwaitingOrders(ctx context.Context) ([]orders.Order, error) {
	pk := ordersPK(string(orders.StatusAwaitingShipment))
	return readAll(ctx, sh.s, listQuery{query: query{index: indexGSI2, pkName: "GSI2PK", pkValue: pk, forward: true},
		key: expression.Key("GSI2PK").Equal(expression.Value(pk))}, decodeOrder)
}

// CompensationOrders reads the sparse COMPENSATION partition of GSI3 over
// the creation times [from, before): "<created>#<id>" sorts after "<from>"
// and before "<before>" exactly for those.
func (sh *Shipments) CompensationOrders(ctx context.Context, from, before time.Time) ([]orders.Order, error) {
	return readAll(ctx, sh.s, listQuery{query: query{index: indexGSI3, pkName: "GSI3PK", pkValue: compensationPK, forward: true},
		key: expression.Key("GSI3PK").Equal(expression.Value(compensationPK)).
			And(expression.Key("GSI3SK").Between(expression.Value(sortableTime(from)), expression.Value(sortableTime(before))))}, decodeOrder)
}

// orderMove is the update of an order item to status to, keeping its GSI2
// partition (orders in a status) in step.
func orderMove(to orders.Status, now time.Time) expression.UpdateBuilder {
	return expression.Set(expression.Name("Status"), expression.Value(string(to))).
		Set(expression.Name("GSI2PK"), expression.Value(ordersPK(string(to)))).
		Set(expression.Name("UpdatedAt"), expression.Value(now))
}

// CancelOrder stores the cancellation on condition the order is still as
// read; an order in a shipment leaves it, on condition the shipment is
// still collected. The order also leaves the compensation report, and its
// ledger entries go with it: a cancelled order costs nothing.
func (sh *Shipments) CancelOrder(ctx context.Context, before, after orders.Order, cm acts.Comment, ev acts.Event, mails []notices.Mail) error {
	t := &txn{}
	cond := statusIs(string(before.Status)).And(expression.Name("ShipmentID").AttributeNotExists().Or(
		expression.Name("ShipmentID").Equal(expression.Value(before.ShipmentID))))
	update := orderMove(after.Status, after.UpdatedAt).
		Set(expression.Name("CancelReason"), expression.Value(after.CancelReason)).
		Set(expression.Name("CancelledBy"), expression.Value(after.CancelledBy)).
		Remove(expression.Name("GSI3PK")).Remove(expression.Name("GSI3SK"))
	item, err := sh.s.updateIf(orderKey(before.ID), update, cond)
	t.add(item, err, shipments.ErrOrderMoved)
	if before.Status == orders.StatusInShipment {
		item, err := sh.s.updateIf(shipmentKey(before.ShipmentID), shipmentGrows(-1, after.UpdatedAt), collected)
		t.add(item, err, shipments.ErrStale)
		item, err = sh.a.deleteIf(shipmentItemKey(before.ShipmentID, before.ID), nil)
		t.add(item, err, nil)
	}
	sh.a.deleteOrderEntries(t, before)
	evItem, err := newEventItem(ev)
	if err != nil {
		return err
	}
	item, err = sh.s.put(evItem)
	t.add(item, err, nil)
	item, err = sh.s.put(newCommentItem(cm))
	t.add(item, err, nil)
	for _, m := range mails {
		if item, ok, err := sh.s.queueMail(m); ok || err != nil {
			t.add(item, err, nil)
		}
	}
	return sh.a.commit(ctx, "cancel order "+before.ID, t)
}

// ---------------------------------------------------------------- helpers

var collected = statusIs(string(orders.ShipmentCollected))

func statusIs(s string) expression.ConditionBuilder {
	return expression.Name("Status").Equal(expression.Value(s))
}

// updateIf is a transaction Update of k on condition cond.
func (s *Store) updateIf(k key, update expression.UpdateBuilder, cond expression.ConditionBuilder) (types.TransactWriteItem, error) {
	expr, err := expression.NewBuilder().WithUpdate(update).WithCondition(cond).Build()
	if err != nil {
		return types.TransactWriteItem{}, err
	}
	return types.TransactWriteItem{Update: &types.Update{
		TableName: aws.String(s.table), Key: s.keyAV(k),
		UpdateExpression: expr.Update(), ConditionExpression: expr.Condition(),
		ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values(),
	}}, nil
}

// readAll reads every item lq selects, in index order.
func readAll[T any](ctx context.Context, s *Store, lq listQuery, decode func(map[string]types.AttributeValue) (T, error)) ([]T, error) {
	return exportAll(ctx, s, lq, func([]T) bool { return false }, decode)
}
