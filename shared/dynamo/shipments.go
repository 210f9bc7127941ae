package dynamo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/ledger"
	"aftersales/shared/money"
	"aftersales/shared/notices"
	"aftersales/shared/orders"
	"aftersales/shared/shipments"
)

// shipmentItem is a shipment without its packing list, which lies beside
// it in its partition (shipmentLineItem). While it is settling it carries
// due-index keys, so the hourly job finishes what a request left; and so
// does it while dispatched, so the hourly job asks its carrier whether it
// arrived (one entry per parcel in transit).
type shipmentItem struct {
	PK, SK          string
	GSI1PK, GSI1SK  string
	GSI2PK, GSI2SK  string
	Entity          string
	ID              string
	ServiceCenterID string
	Kind            string
	Week            string `dynamodbav:",omitempty"`
	Status          string
	Version         int
	OrderCount      int
	PreSale         bool   `dynamodbav:",omitempty"`
	Carrier         string `dynamodbav:",omitempty"`
	TrackingNumber  string `dynamodbav:",omitempty"`
	ShippingCost    int64  `dynamodbav:",omitempty"`
	ShippingPayer   string `dynamodbav:",omitempty"`
	CreatedBy       string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	DispatchedBy    string     `dynamodbav:",omitempty"`
	DispatchedAt    *time.Time `dynamodbav:",omitempty"`
	DeliveredBy     string     `dynamodbav:",omitempty"`
	DeliveredByRole string     `dynamodbav:",omitempty"`
	DeliveredByName string     `dynamodbav:",omitempty"`
	DeliveredAt     *time.Time `dynamodbav:",omitempty"`
	DeliverySource  string     `dynamodbav:",omitempty"`
	Settling        bool
	DuePK           string `dynamodbav:",omitempty"`
	DueAt           string `dynamodbav:",omitempty"`
}

func newShipmentItem(s orders.Shipment) shipmentItem {
	k := shipmentKey(s.ID)
	it := shipmentItem{PK: k.PK, SK: k.SK,
		GSI1PK: centrePK(s.ServiceCenterID), GSI1SK: centreShipmentSK(s.CreatedAt, s.ID),
		GSI2PK: shipmentsPK, GSI2SK: shipmentsSK(s.CreatedAt, s.ID),
		Entity: "shipment", ID: s.ID, ServiceCenterID: s.ServiceCenterID, Kind: string(s.Kind), Week: s.Week,
		Status: string(s.Status), Version: s.Version, OrderCount: s.OrderCount, PreSale: s.PreSale, Carrier: s.Carrier,
		TrackingNumber: s.TrackingNumber, ShippingCost: int64(s.ShippingCost), ShippingPayer: string(s.ShippingPayer),
		CreatedBy: s.CreatedBy, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt,
		DispatchedBy: s.DispatchedBy, DispatchedAt: s.DispatchedAt, DeliveredBy: s.DeliveredBy,
		DeliveredByRole: string(s.DeliveredByRole), DeliveredByName: s.DeliveredByName, DeliveredAt: s.DeliveredAt, DeliverySource: s.DeliverySource, Settling: s.Settling}
	if s.Settling || s.Status == orders.ShipmentDispatched {
		it.DuePK, it.DueAt = duePK(k.PK), sortableTime(s.UpdatedAt)
	}
	return it
}

func (it shipmentItem) shipment() orders.Shipment {
	return orders.Shipment{ID: it.ID, ServiceCenterID: it.ServiceCenterID, Kind: orders.ShipmentKind(it.Kind), Week: it.Week,
		Status: orders.ShipmentStatus(it.Status), Version: it.Version, OrderCount: it.OrderCount, PreSale: it.PreSale, Items: []orders.Item{},
		Carrier: it.Carrier, TrackingNumber: it.TrackingNumber, ShippingCost: money.RUB(it.ShippingCost),
		ShippingPayer: orders.Payer(it.ShippingPayer), CreatedBy: it.CreatedBy, CreatedAt: it.CreatedAt,
		UpdatedAt: it.UpdatedAt, DispatchedBy: it.DispatchedBy, DispatchedAt: it.DispatchedAt, DeliveredBy: it.DeliveredBy,
		DeliveredByRole: auth.Role(it.DeliveredByRole), DeliveredByName: it.DeliveredByName, DeliveredAt: it.DeliveredAt, DeliverySource: it.DeliverySource, Settling: it.Settling}
}

func decodeShipment(av map[string]types.AttributeValue) (orders.Shipment, error) {
	var it shipmentItem
	if err := attributevalue.UnmarshalMap(av, &it); err != nil {
		return orders.Shipment{}, fmt.Errorf("decode shipment: %w", err)
	}
	return it.shipment(), nil
}

// shipmentLineItem is one order of a packing list, copied from the order
// when it joins the shipment (orders do not change after that).
type shipmentLineItem struct {
	PK, SK    string
	Entity    string
	OrderID   string
	ActID     string
	ActNumber string
	Payer     string
	Lines     []lineItem
	PreSale   bool `dynamodbav:",omitempty"`
}

func newShipmentLineItem(shipmentID string, o orders.Order) shipmentLineItem {
	k := shipmentItemKey(shipmentID, o.ID)
	return shipmentLineItem{PK: k.PK, SK: k.SK, Entity: "shipment_item", OrderID: o.ID, ActID: o.ActID,
		ActNumber: o.ActNumber, Payer: string(o.Payer), Lines: lineItems(o.Lines), PreSale: o.PreSale}
}

// Shipment reads a shipment and its packing list with one strongly
// consistent Query of its partition; the list comes in act-number order.
func (sh *Shipments) Shipment(ctx context.Context, id string) (orders.Shipment, error) {
	kc, err := expression.NewBuilder().WithKeyCondition(expression.Key("PK").Equal(expression.Value(shipmentPK(id)))).Build()
	if err != nil {
		return orders.Shipment{}, err
	}
	pages := dynamodb.NewQueryPaginator(sh.s.db, &dynamodb.QueryInput{
		TableName: aws.String(sh.s.table), KeyConditionExpression: kc.KeyCondition(),
		ExpressionAttributeNames: kc.Names(), ExpressionAttributeValues: kc.Values(), ConsistentRead: aws.Bool(true),
	})
	var out orders.Shipment
	var items []orders.Item
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return orders.Shipment{}, fmt.Errorf("read shipment %s: %w", id, err)
		}
		for _, av := range page.Items {
			sk, _ := av["SK"].(*types.AttributeValueMemberS)
			switch {
			case sk == nil:
			case sk.Value == skMeta:
				if out, err = decodeShipment(av); err != nil {
					return orders.Shipment{}, err
				}
			case strings.HasPrefix(sk.Value, prefixShipmentItem):
				var li shipmentLineItem
				if err := attributevalue.UnmarshalMap(av, &li); err != nil {
					return orders.Shipment{}, fmt.Errorf("decode packing list of shipment %s: %w", id, err)
				}
				items = append(items, orders.Item{OrderID: li.OrderID, ActID: li.ActID, ActNumber: li.ActNumber,
					Payer: orders.Payer(li.Payer), Lines: domainLines(li.Lines), PreSale: li.PreSale})
			}
		}
	}
	if out.ID == "" {
		return orders.Shipment{}, auth.ErrNotFound
	}
	slices.SortFunc(items, func(a, b orders.Item) int { return strings.Compare(a.ActNumber, b.ActNumber) })
	if items != nil {
		out.Items = items
	}
	return out, nil
}

// ListShipments reads one centre's shipments (GSI1) or everybody's (GSI2),
// newest first; the status is a filter.
func (sh *Shipments) ListShipments(ctx context.Context, q shipments.ShipmentQuery) (auth.Page[orders.Shipment], error) {
	lq := listQuery{query: query{index: indexGSI2, pkName: "GSI2PK", pkValue: shipmentsPK, keyAttrs: gsi2KeyAttrs},
		key: expression.Key("GSI2PK").Equal(expression.Value(shipmentsPK))}
	if q.ServiceCenter != "" {
		lq = centreList(q.ServiceCenter, prefixCentreShipment)
	}
	if q.Status != "" {
		lq.filters = append(lq.filters, statusIs(string(q.Status)))
	}
	return listPage(ctx, sh.s, lq, q.Limit, q.Cursor, decodeShipment)
}

// PutShipment stores a new shipment on condition its id is free.
func (sh *Shipments) PutShipment(ctx context.Context, s orders.Shipment) error {
	item, err := sh.a.putIf(newShipmentItem(s), notExists)
	t := &txn{}
	t.add(item, err, shipments.ErrExists)
	return sh.a.commit(ctx, "create shipment "+s.ID, t)
}

// shipmentGrows counts n more orders in a shipment. It moves the version
// too, so a dispatch based on the packing list read before fails instead
// of leaving the new order behind.
func shipmentGrows(n int, now time.Time) expression.UpdateBuilder {
	return expression.Add(expression.Name("OrderCount"), expression.Value(n)).
		Add(expression.Name("Version"), expression.Value(1)).
		Set(expression.Name("UpdatedAt"), expression.Value(now))
}

// AddOrders is one transaction: the shipment (created, or still collected),
// and for each order its move to in_shipment (on condition it still awaits
// shipment) and its packing-list entry.
func (sh *Shipments) AddOrders(ctx context.Context, s orders.Shipment, list []orders.Order, create bool, now time.Time) error {
	if len(list) > shipments.MaxBatch {
		return fmt.Errorf("add %d orders to shipment %s: at most %d at once", len(list), s.ID, shipments.MaxBatch)
	}
	t := &txn{}
	preSale := slices.ContainsFunc(list, func(o orders.Order) bool { return o.PreSale })
	if create {
		s.OrderCount, s.PreSale = len(list), s.PreSale || preSale
		item, err := sh.a.putIf(newShipmentItem(s), notExists)
		t.add(item, err, shipments.ErrStale)
	} else {
		grows := shipmentGrows(len(list), now)
		if preSale {
			grows = grows.Set(expression.Name("PreSale"), expression.Value(true))
		}
		item, err := sh.s.updateIf(shipmentKey(s.ID), grows, collected)
		t.add(item, err, shipments.ErrStale)
	}
	awaiting := statusIs(string(orders.StatusAwaitingShipment))
	for _, o := range list {
		item, err := sh.s.updateIf(orderKey(o.ID), orderMove(orders.StatusInShipment, now).
			Set(expression.Name("ShipmentID"), expression.Value(s.ID)), awaiting)
		t.add(item, err, shipments.ErrOrderMoved)
		item, err = sh.s.put(newShipmentLineItem(s.ID, o))
		t.add(item, err, nil)
	}
	return sh.a.commit(ctx, "add orders to shipment "+s.ID, t)
}

// UpdateShipment puts after on condition the stored version is before's.
func (sh *Shipments) UpdateShipment(ctx context.Context, before, after orders.Shipment) error {
	item, err := sh.a.putIf(newShipmentItem(after), versionIs(before.Version))
	t := &txn{}
	t.add(item, err, shipments.ErrStale)
	if before.Status == orders.ShipmentCollected && after.Status == orders.ShipmentDispatched {
		// The carriage's cost is recorded with the dispatch that incurs it.
		sh.a.addLedgerEntries(t, ledger.FromShipment(after, sh.s.location()), shipments.ErrStale)
	}
	return sh.a.commit(ctx, "update shipment "+after.ID, t)
}

// SettleOrder moves one order of the shipment and writes its act's move in
// the same transaction, so an act never gets the shipment's comment twice.
func (sh *Shipments) SettleOrder(ctx context.Context, s orders.Shipment, o orders.Order, to orders.Status, w *acts.Write, now time.Time) error {
	t := &txn{}
	cond := statusIs(string(o.Status)).And(expression.Name("ShipmentID").Equal(expression.Value(s.ID)))
	item, err := sh.s.updateIf(orderKey(o.ID), orderMove(to, now), cond)
	t.add(item, err, shipments.ErrOrderMoved)
	if w != nil {
		if err := sh.a.actChange(t, *w); err != nil {
			return err
		}
	}
	return sh.a.commit(ctx, fmt.Sprintf("settle order %s of shipment %s", o.ID, s.ID), t)
}

// FinishSettling clears the settling mark and — unless the shipment is in
// transit, which the hourly job tracks — the due-index keys at the version
// read, queueing m in the same transaction.
func (sh *Shipments) FinishSettling(ctx context.Context, s orders.Shipment, m *notices.Mail) error {
	t := &txn{}
	settled := expression.Set(expression.Name("Settling"), expression.Value(false))
	if s.Status != orders.ShipmentDispatched {
		settled = settled.Remove(expression.Name("DuePK")).Remove(expression.Name("DueAt"))
	}
	item, err := sh.s.updateIf(shipmentKey(s.ID), settled,
		versionIs(s.Version).And(expression.Name("Settling").Equal(expression.Value(true))))
	t.add(item, err, shipments.ErrStale)
	if m != nil {
		item, ok, err := sh.s.queueMail(*m)
		if ok || err != nil {
			t.add(item, err, shipments.ErrStale)
		}
	}
	return sh.a.commit(ctx, "finish shipment "+s.ID, t)
}

// Act reads an act item alone (not its history), strongly consistent.
func (sh *Shipments) Act(ctx context.Context, id string) (acts.Act, error) { return sh.s.act(ctx, id) }

func (s *Store) act(ctx context.Context, id string) (acts.Act, error) {
	var it actItem
	err := s.get(ctx, actKey(id), &it)
	if err != nil {
		return acts.Act{}, err
	}
	return it.act()
}
