package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/dynamo/importstore"
	"aftersales/shared/imports"
)

// On DynamoDB Local: without -distributor the command finds every
// distributor of the table (a disabled one too) and moves the old-format
// outlet of one into its shard, where the directory lists it; a second run
// moves nothing. The importstore test covers interruptions and races.
func TestReindexFindsEveryDistributorAndMovesItsOldOutletsOnce(t *testing.T) {
	db, table := dynamotest.Table(t)
	ctx := context.Background()
	store := dynamo.New(db, table)
	people := identitystore.New(store)
	for _, d := range []auth.Tenant{{ID: "D1", Name: "Альфа"}, {ID: "D2", Name: "Бета", Disabled: true}} {
		d.Kind = auth.KindDistributor
		if err := people.CreateTenant(ctx, d, auth.AuditEntry{ID: "a-" + d.ID, At: time.Now(), Action: "distributor.create"}); err != nil {
			t.Fatal(err)
		}
	}
	// An outlet of D2 as the loads stored it before the shards, reduced to
	// what the reindex reads and the list shows.
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	legacy := dynamo.LegacyDistributorOutletsPK("D2")
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: map[string]types.AttributeValue{
		"PK": s(dynamo.OutletKey("OLD-1").PK), "SK": s(dynamo.OutletKey("OLD-1").SK), "GSI1PK": s(legacy), "GSI1SK": s("OLD-1"),
		"GSI2PK": s(legacy), "GSI2SK": s("2026-11-01T09:00:00.000000000Z#OLD-1"), "Entity": s("outlet"), "Code": s("OLD-1"),
		"Distributor": s("D2"), "Name": s("Старая точка"), "ChangedAt": s("2026-11-01T09:00:00Z")}})
	if err != nil {
		t.Fatal(err)
	}
	open := func() (dynamo.API, error) { return db, nil }

	var out bytes.Buffer
	if err := run(ctx, []string{"-table", table}, &out, open); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "D2: moved 1,") || !strings.Contains(out.String(), "2 distributors, 1 outlets moved") {
		t.Errorf("first run printed %q", out.String())
	}
	found, err := importstore.New(store).ExportOutlets(ctx, imports.OutletQuery{Distributor: "D2"}, 10)
	if err != nil || len(found) != 1 || found[0].Name != "Старая точка" || !found[0].Changed.At.Equal(time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("D2's directory after the run: %+v, %v", found, err)
	}
	out.Reset()
	if err := run(ctx, []string{"-table", table, "-distributor", "D1,D2"}, &out, open); err != nil || out.String() != "2 distributors, 0 outlets moved into their shards, 0 rewritten by a load meanwhile\n" {
		t.Errorf("second run: %v, printed %q", err, out.String())
	}
	if err := run(ctx, []string{"-table", ""}, &out, open); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("no table: %v", err)
	}
}
