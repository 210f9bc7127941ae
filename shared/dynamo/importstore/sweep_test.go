package importstore_test

import (
	"context"
	"testing"
	"time"

	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/importstore"
	"aftersales/shared/imports"
)

// The sweep's query finds exactly the loads still processing since a time.
func TestProcessingListsOnlyLoadsStillProcessingSinceATime(t *testing.T) {
	_, table := dynamotest.Table(t)
	t.Parallel()
	im := importstore.New(dynamo.New(dynamotest.Client(), table))
	ctx := context.Background()
	base := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	mk := func(key string, created time.Time, status imports.LoadStatus) imports.Protocol {
		o := imports.Object{Bucket: "b", Key: key, VersionID: "v1"}
		p := imports.Protocol{ID: o.ProtocolID(), Object: o, FileName: "Outlets.xlsx", Status: imports.LoadProcessing,
			CreatedAt: created, Attempts: 1, Lease: imports.Lease{Owner: "o-" + key, Until: created.Add(time.Minute)}}
		if _, won, err := im.ClaimProtocol(ctx, p); err != nil || !won {
			t.Fatalf("claim %s: %v", key, err)
		}
		if status != imports.LoadProcessing {
			p.Status = status
			if err := im.SaveProtocol(ctx, p, p.Lease.Owner); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	mk("old", base.Add(-8*24*time.Hour), imports.LoadProcessing)
	stuck := mk("stuck", base.Add(-2*time.Hour), imports.LoadProcessing)
	mk("done", base.Add(-time.Hour), imports.LoadSucceeded)
	live := mk("live", base, imports.LoadProcessing)
	got, err := im.Processing(ctx, base.Add(-7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != stuck.ID || got[1].ID != live.ID {
		t.Fatalf("got %d loads: %+v", len(got), got)
	}
}
