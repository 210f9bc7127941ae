package importstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/importstore"
	"aftersales/shared/imports"
)

// legacyOutletItem is an outlet as stored before the sharded index
// (ad1265a^): one GSI1 partition per distributor, a GSI2 entry by change
// time, the change time as ChangedAt.
type legacyOutletItem struct {
	PK, SK, GSI1PK, GSI1SK, GSI2PK, GSI2SK            string
	Entity, Code, Distributor, Name, NameLower        string
	Address, City, CityLower, Subtype, Status, LoadID string
	Fingerprint                                       uint64
	ChangedAt                                         time.Time
	LoadSeq                                           int
}

func putLegacyOutlet(t *testing.T, db dynamo.API, table, d, code string, changed time.Time) {
	t.Helper()
	k, pk := dynamo.OutletKey(code), dynamo.LegacyDistributorOutletsPK(d)
	av, err := attributevalue.MarshalMap(legacyOutletItem{PK: k.PK, SK: k.SK, GSI1PK: pk, GSI1SK: code,
		GSI2PK: pk, GSI2SK: dynamo.SortableTime(changed) + "#" + code, Entity: "outlet", Code: code, Distributor: d,
		Name: "Старая " + code, NameLower: "старая " + code, Address: "ул. Ленина, 1", City: "Москва", CityLower: "москва",
		Subtype: "outlet", Status: "active", LoadID: "old-load", Fingerprint: 1, ChangedAt: changed, LoadSeq: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String(table), Item: av}); err != nil {
		t.Fatal(err)
	}
}

// stopAfter is the real client, whose UpdateItem calls fail once n have
// been made (a run interrupted part-way); before runs ahead of each call
// that goes through.
type stopAfter struct {
	dynamo.API
	n      atomic.Int32
	before func(in *dynamodb.UpdateItemInput)
}

var errStopped = errors.New("interrupted")

func (s *stopAfter) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	if s.n.Add(-1) < 0 {
		return nil, errStopped
	}
	s.before(in)
	return s.API.UpdateItem(ctx, in, opts...)
}

// Outlets stored before the sharded index are invisible to the directory
// (its lists read only the shards). The reindex migration moves them, on
// DynamoDB Local: interrupted after 100 outlets it resumes where it
// stopped, a second full run changes nothing, an outlet a load rewrote
// before the run or between its read and its update is left as the load
// wrote it, another distributor's old outlets stay put, and every moved
// outlet is listed with its change time (the "changed since" filter finds
// it) and no GSI2 entry.
func TestTheReindexMovesOldOutletsIntoTheirShardsOnceAndResumes(t *testing.T) {
	db, table := dynamotest.Table(t)
	t.Parallel()
	ctx := context.Background()
	const old = 250
	early, late := loadBase.Add(-48*time.Hour), loadBase.Add(-24*time.Hour)
	for n := range old {
		changed := early
		if n%2 == 1 {
			changed = late
		}
		putLegacyOutlet(t, db, table, "D1", fmt.Sprintf("OLD-%04d", n), changed)
	}
	putLegacyOutlet(t, db, table, "D2", "OTHER-1", early)
	s := importstore.New(dynamo.New(db, table))
	// A load has meanwhile rewritten OLD-0000 in the new format.
	write(t, s, []imports.StoredOutlet{outlet("D1", "OLD-0000", "Новая", "Казань", imports.Stamp{LoadID: "L9", LoadSeq: 9, At: loadBase})})

	list := func(q imports.OutletQuery) []imports.StoredOutlet {
		t.Helper()
		q.Distributor = "D1"
		found, err := s.ExportOutlets(ctx, q, 10_000)
		if err != nil {
			t.Fatal(err)
		}
		return found
	}
	if got := len(list(imports.OutletQuery{})); got != 1 {
		t.Fatalf("before the reindex the directory lists %d outlets, want 1 (the old ones are in no shard)", got)
	}

	// The run is cut after 100 updates; a load rewrites OLD-0001 between
	// the run's read and its update of it.
	var raced atomic.Bool
	raceErr := errors.New("the load never raced the run")
	cut := &stopAfter{API: db, before: func(in *dynamodb.UpdateItemInput) {
		var k dynamo.Key
		if err := attributevalue.UnmarshalMap(in.Key, &k); err == nil && k.PK == dynamo.OutletKey("OLD-0001").PK && !raced.Swap(true) {
			w := s.NewWriter(ctx) // as a load writes (this runs on the reindex's goroutine: no t.Fatal)
			raceErr = errors.Join(w.PutOutlet(outlet("D1", "OLD-0001", "Снова новая", "Тула", imports.Stamp{LoadID: "L9", LoadSeq: 9, At: loadBase})), w.Close())
		}
	}}
	cut.n.Store(100)
	first, err := importstore.New(dynamo.New(cut, table)).ReindexOutlets(ctx, "D1")
	if raceErr != nil {
		t.Fatal(raceErr)
	}
	if !errors.Is(err, errStopped) || first.Moved > 100 {
		t.Fatalf("the interrupted run: %+v, %v", first, err)
	}
	capacity := localaws.NewCapacityCounter()
	rest, err := importstore.New(dynamo.New(dynamotest.ClientWith(capacity.Option()), table)).ReindexOutlets(ctx, "D1")
	if err != nil {
		t.Fatal(err)
	}
	reads, writes := capacity.Take()
	t.Logf("the resumed run: %.2f write units and %.3f read units per moved outlet (table and indexes, ReturnConsumedCapacity)",
		writes/float64(rest.Moved), reads/float64(rest.Moved))
	if per := writes / float64(rest.Moved); per > 4 {
		t.Errorf("a moved outlet costs %.2f write units, want at most 4 (table, GSI1 delete + put, GSI2 delete)", per)
	}
	again, err := s.ReindexOutlets(ctx, "D1")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("interrupted run %+v, resumed %+v, again %+v", first, rest, again)
	if first.Moved+rest.Moved != old-2 || first.Skipped+rest.Skipped != 1 || again != (importstore.Reindexed{}) {
		t.Errorf("moved %d then %d (want %d in all, 1 skipped), then %+v (want nothing)", first.Moved, rest.Moved, old-2, again)
	}

	all := list(imports.OutletQuery{})
	if len(all) != old {
		t.Fatalf("after the reindex the directory lists %d outlets, want %d", len(all), old)
	}
	for _, o := range all {
		var n int
		if _, err := fmt.Sscanf(o.Code, "OLD-%04d", &n); err != nil {
			t.Fatalf("listed %q", o.Code)
		}
		want := early
		switch {
		case n < 2:
			want = loadBase
		case n%2 == 1:
			want = late
		}
		if !o.Changed.At.Equal(want) {
			t.Errorf("%s changed at %v, want %v", o.Code, o.Changed.At, want)
		}
	}
	if o := all[0]; o.Code != "OLD-0000" || o.Name != "Новая" || o.City != "Казань" || o.Changed.LoadSeq != 9 {
		t.Errorf("the outlet a load rewrote before the run: %+v", o)
	}
	if o := all[1]; o.Code != "OLD-0001" || o.Name != "Снова новая" || o.City != "Тула" || o.Changed.LoadSeq != 9 {
		t.Errorf("the outlet a load rewrote during the run: %+v", o)
	}
	// The odd codes changed on the later day, OLD-0000 by the load.
	if got := len(list(imports.OutletQuery{ChangedSince: late})); got != old/2+1 {
		t.Errorf("changed since the later day: %d outlets, want %d", got, old/2+1)
	}
	// No GSI2 entry is left in the old partition; D2's old outlet waits for its own run.
	for _, c := range []struct {
		index, pk string
		want      int32
	}{{dynamo.IndexGSI2, dynamo.LegacyDistributorOutletsPK("D1"), 0}, {dynamo.IndexGSI1, dynamo.LegacyDistributorOutletsPK("D1"), 0},
		{dynamo.IndexGSI1, dynamo.LegacyDistributorOutletsPK("D2"), 1}} {
		out, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(table), IndexName: aws.String(c.index),
			KeyConditionExpression: aws.String("#pk = :pk"), ExpressionAttributeNames: map[string]string{"#pk": c.index + "PK"},
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: c.pk}},
			Select:                    types.SelectCount})
		if err != nil {
			t.Fatal(err)
		}
		if out.Count != c.want {
			t.Errorf("%s %s holds %d items, want %d", c.index, c.pk, out.Count, c.want)
		}
	}
}
