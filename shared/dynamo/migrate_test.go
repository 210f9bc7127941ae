package dynamo_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/orders"
	"aftersales/shared/timers"
)

// TestMigrateBringsOldItemsUpToDateOnce stores items as earlier releases
// did — a dispatched shipment without due-index keys (before the hourly job
// tracked parcels in transit) and a delivered order of own parts only
// (before such approvals stopped making orders) — and migrates twice: the
// shipment is then due for the hourly job, the order is a compensation
// record that no order read finds while the compensation report still does,
// and the act names the record instead of an order at its next version. The
// second run changes nothing; shipments already tracked or delivered are
// left alone.
func TestMigrateBringsOldItemsUpToDateOnce(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	store := dynamo.New(e.db, e.table)
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	n := func(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
	at := base.UTC().Format("2006-01-02T15:04:05.000000000Z")
	shipment := func(id, status string, extra map[string]types.AttributeValue) {
		item := map[string]types.AttributeValue{"PK": s("SHIP#" + id), "SK": s("META"), "GSI1PK": s("SC#sc1"), "GSI1SK": s("SHIP#" + at + "#" + id),
			"GSI2PK": s("SHIPMENTS"), "GSI2SK": s(at + "#" + id), "Entity": s("shipment"), "ID": s(id), "ServiceCenterID": s("sc1"),
			"Kind": s("weekly"), "Status": s(status), "Version": n("3"), "OrderCount": n("1"), "Carrier": s("СДЭК"), "TrackingNumber": s("1234"),
			"CreatedBy": s("m1"), "CreatedAt": s(at), "UpdatedAt": s(at), "DispatchedAt": s(at), "Settling": &types.AttributeValueMemberBOOL{Value: false}}
		for k, v := range extra {
			item[k] = v
		}
		if _, err := e.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(e.table), Item: item}); err != nil {
			t.Fatal(err)
		}
	}
	shipment("old", "dispatched", nil)
	shipment("gone", "delivered", nil)
	shipment("tracked", "dispatched", map[string]types.AttributeValue{"DuePK": s("DUE#1"), "DueAt": s("2099-01-01T00:00:00.000000000Z")})

	a, approved := e.approval(t, act("a1", "sc1", 0, acts.Fields{}), "oc")
	if err := e.store.Write(ctx, acts.Write{ActID: a.ID, Before: &a, After: &approved}); err != nil {
		t.Fatal(err)
	}
	order := map[string]types.AttributeValue{"PK": s("ORDER#oc"), "SK": s("META"), "GSI1PK": s("SC#sc1"), "GSI1SK": s("ORDER#" + at + "#oc"),
		"GSI2PK": s("ORDERS#delivered"), "GSI2SK": s(at + "#oc"), "GSI3PK": s("COMPENSATION"), "GSI3SK": s(at + "#oc"),
		"Entity": s("order"), "ID": s("oc"), "ActID": s("a1"), "ActNumber": s(a.Number), "ServiceCenterID": s("sc1"), "Payer": s("wholesaler"),
		"Status": s("delivered"), "Lines": &types.AttributeValueMemberL{Value: []types.AttributeValue{}},
		"Compensation": &types.AttributeValueMemberL{Value: []types.AttributeValue{&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"Name": s("Коленвал"), "Quantity": n("1"), "Price": n("78000")}}}},
		"CreatedBy": s("m1"), "CreatedAt": s(at)}
	if _, err := e.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(e.table), Item: order}); err != nil {
		t.Fatal(err)
	}

	due := func() map[string]bool {
		list, err := store.WithDue(timers.DefaultPolicy.DueAt).Timers().Due(ctx, base.AddDate(1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, d := range list {
			out[d.ID] = true
		}
		return out
	}
	if due()["old"] {
		t.Fatal("the old shipment is due before the migration")
	}
	r, err := store.Migrate(ctx)
	if err != nil || r.Tracked != 1 || r.Compensations != 1 {
		t.Fatalf("first run %+v, %v; want one shipment tracked and one order moved", r, err)
	}
	if d := due(); !d["old"] || d["gone"] {
		t.Errorf("due after the migration: %v, want the dispatched shipment and not the delivered one", d)
	}
	if _, err := store.Shipments().Order(ctx, "oc"); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("the order is still readable: %v", err)
	}
	got, err := store.Shipments().Act(ctx, "a1")
	if err != nil || len(got.OrderIDs) != 0 || got.CompensationID != "oc" || got.Version != 3 {
		t.Errorf("act %+v (%v), want no orders, compensation oc, version 3", got, err)
	}
	comp, err := store.Shipments().CompensationOrders(ctx, base.Add(-1), base.AddDate(0, 1, 0))
	if err != nil || len(comp) != 1 || comp[0].ID != "oc" || orders.Sum(comp[0].Compensation) != 78000 {
		t.Errorf("compensation report's records %+v (%v)", comp, err)
	}
	if r, err := store.Migrate(ctx); err != nil || r != (dynamo.MigrateReport{}) {
		t.Errorf("second run %+v, %v; want nothing changed", r, err)
	}
}
