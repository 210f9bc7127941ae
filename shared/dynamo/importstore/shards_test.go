package importstore_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/importstore"
	"aftersales/shared/imports"
)

// shardedStore is the loads' storage on a fresh table through a client
// that counts calls, the capacity each call consumes, and the partition
// keys every write lands on.
func shardedStore(t *testing.T) (*importstore.Imports, *localaws.CallCounter, *localaws.CapacityCounter, *localaws.WriteKeyCounter) {
	t.Helper()
	_, table := dynamotest.Table(t)
	t.Parallel()
	calls, capacity := localaws.NewCallCounter(), localaws.NewCapacityCounter()
	keys := localaws.NewWriteKeyCounter(map[string]string{"GSI1": "GSI1PK", "GSI2": "GSI2PK", "GSI3": "GSI3PK"})
	db := dynamotest.ClientWith(calls.Option(), capacity.Option(), keys.Option())
	return importstore.New(dynamo.New(db, table)), calls, capacity, keys
}

// TestAnOutletCostsTwoWriteUnitsNewOrChanged measures, with
// ReturnConsumedCapacity on DynamoDB Local, what one outlet's write costs
// on the table and its indexes: when new, when changed by a later load,
// and when its load stamp alone moves. The former design (a second index
// keyed by change time) cost 3 and 4.
func TestAnOutletCostsTwoWriteUnitsNewOrChanged(t *testing.T) {
	s, _, capacity, _ := shardedStore(t)
	const n = 200
	first := imports.Stamp{LoadID: "L1", LoadSeq: 1, At: loadBase}
	second := imports.Stamp{LoadID: "L2", LoadSeq: 2, At: loadBase.Add(24 * 60 * 60 * 1e9)}
	rows := func(stamp imports.Stamp, name string) []imports.StoredOutlet {
		out := make([]imports.StoredOutlet, n)
		for i := range out {
			o := outlet("D1", fmt.Sprintf("TT-%05d", i), name+" №"+fmt.Sprint(i)+" «Продукты у дома»", "Москва", stamp)
			o.LegalName, o.INN, o.Region, o.Channel, o.LocalCode = "ООО «Торговый дом»", "7707083893", "Москва и область", "Розница", "L-"+fmt.Sprint(i)
			o.HasCoordinates, o.Latitude, o.Longitude = true, 55.7558, 37.6173
			out[i] = o
		}
		return out
	}
	capacity.Take()
	write(t, s, rows(first, "Магазин"))
	_, created := capacity.Take()
	write(t, s, rows(second, "Магазин (изм.)"))
	_, changed := capacity.Take()
	t.Logf("write units per outlet: new %.3f, changed %.3f", created/n, changed/n)
	if created/n > 2 || created/n < 1.9 {
		t.Errorf("a new outlet costs %.3f write units, want at most 2 (table + one index)", created/n)
	}
	if changed/n > 2 || changed/n < 1.9 {
		t.Errorf("a changed outlet costs %.3f write units, want at most 2", changed/n)
	}
}

// TestOneDistributorsOutletsSpreadOverShardsAndPageInCodeOrder writes 600
// outlets of one distributor: no partition key takes more than a shard's
// fair part of the index writes, and a list pages through every shard in
// code order, each page bounded in calls, with its cursor bound to the list.
func TestOneDistributorsOutletsSpreadOverShardsAndPageInCodeOrder(t *testing.T) {
	s, calls, _, keys := shardedStore(t)
	ctx := context.Background()
	load := imports.Stamp{LoadID: "L1", LoadSeq: 1, At: loadBase}
	var all []imports.StoredOutlet
	var want, wantKazan []string
	for i := range 600 {
		city := "Москва"
		if i%50 == 7 {
			city = "Казань"
			wantKazan = append(wantKazan, fmt.Sprintf("C-%04d", i))
		}
		all = append(all, outlet("D1", fmt.Sprintf("C-%04d", i), "Точка", city, load))
		want = append(want, fmt.Sprintf("C-%04d", i))
	}
	keys.Take()
	write(t, s, all)
	counts := keys.Take()
	index := map[string]int{}
	for k, n := range counts {
		if strings.HasPrefix(k, "GSI") {
			index[k] = n
		}
		if strings.HasPrefix(k, "GSI2|") {
			t.Errorf("an outlet was written to GSI2: %s", k)
		}
	}
	hot, share := localaws.Hottest(index)
	t.Logf("index partition keys: %d, hottest %s with %.1f %% of index writes; over all writes %.2f %%",
		len(index), hot, 100*share, 100*float64(index[hot])/float64(len(all)*2))
	if len(index) != dynamo.OutletShards || share > 2.0/dynamo.OutletShards {
		t.Errorf("index writes over %d keys, hottest %.1f %%: want %d shards, none above %.1f %%",
			len(index), 100*share, dynamo.OutletShards, 200.0/dynamo.OutletShards)
	}

	list := func(q imports.OutletQuery, limit int) (got []string, pages int) {
		t.Helper()
		q.Distributor, q.Limit = "D1", limit
		for {
			calls.Snapshot()
			page, err := s.ListOutlets(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if n := calls.Snapshot()["DynamoDB.Query"]; n > 4*dynamo.OutletShards {
				t.Fatalf("one page took %d queries", n)
			}
			pages++
			for _, o := range page.Items {
				got = append(got, o.Code)
			}
			if page.Next == "" {
				return got, pages
			}
			q.Cursor = page.Next
		}
	}
	if got, pages := list(imports.OutletQuery{}, 37); !slices.Equal(got, want) {
		t.Errorf("paged by 37: %d codes in %d pages, in order %v", len(got), pages, slices.IsSorted(got))
	}
	if got, _ := list(imports.OutletQuery{City: "казань"}, 5); !slices.Equal(got, wantKazan) {
		t.Errorf("filtered: %v, want %v", got, wantKazan)
	}
	if got, _ := list(imports.OutletQuery{Code: "C-01"}, 20); !slices.Equal(got, want[100:200]) {
		t.Errorf("by code prefix: %d codes", len(got))
	}
	page, err := s.ListOutlets(ctx, imports.OutletQuery{Distributor: "D1", Limit: 10})
	if err != nil || len(page.Items) != 10 {
		t.Fatal(page, err)
	}
	for _, bad := range []imports.OutletQuery{
		{Distributor: "D2", Cursor: page.Next},
		{Distributor: "D1", Code: "C-02", Cursor: page.Next},
		{Distributor: "D1", Cursor: page.Next[:len(page.Next)-2] + "xx"},
	} {
		if _, err := s.ListOutlets(ctx, bad); !errors.Is(err, auth.ErrBadCursor) {
			t.Errorf("cursor of another list %+v: %v", bad, err)
		}
	}
	got, err := s.ExportOutlets(ctx, imports.OutletQuery{Distributor: "D1"}, 1000)
	if err != nil || len(got) != 600 || got[0].Code != "C-0000" || got[599].Code != "C-0599" {
		t.Errorf("export: %d, %v", len(got), err)
	}
}

// «Без привязки» keeps the outlets no local code maps to; a local code
// finds the one it maps to.
func TestOutletsAreFoundByLocalCodeOrAsUnmapped(t *testing.T) {
	s, _, _, _ := shardedStore(t)
	load := imports.Stamp{LoadID: "L1", LoadSeq: 1, At: loadBase}
	mapped := outlet("D1", "M-1", "Точка", "Москва", load)
	mapped.LocalCode = "LOC-7"
	write(t, s, []imports.StoredOutlet{mapped, outlet("D1", "U-1", "Точка", "Москва", load), outlet("D1", "U-2", "Точка", "Москва", load)})
	for _, tt := range []struct {
		q    imports.OutletQuery
		want []string
	}{
		{imports.OutletQuery{Unmapped: true}, []string{"U-1", "U-2"}},
		{imports.OutletQuery{LocalCode: "LOC-7"}, []string{"M-1"}},
		{imports.OutletQuery{LocalCode: "LOC-8"}, nil},
	} {
		tt.q.Distributor = "D1"
		page, err := s.ListOutlets(t.Context(), tt.q)
		var got []string
		for _, o := range page.Items {
			got = append(got, o.Code)
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%+v: %v, %v; want %v", tt.q, got, err, tt.want)
		}
	}
}

// A load asks which stored outlets of its distributor hold the local codes
// its file maps (one pass over every shard): each code's outlets in code
// order, only the distributor's own, only the codes asked about.
func TestALoadFindsTheStoredOutletsThatHoldItsLocalCodes(t *testing.T) {
	s, _, _, _ := shardedStore(t)
	load := imports.Stamp{LoadID: "L1", LoadSeq: 1, At: loadBase}
	var stored []imports.StoredOutlet
	for i, m := range []struct{ d, code, local string }{
		{"D1", "A-1", "LOC-1"}, {"D1", "A-2", "LOC-2"}, {"D1", "A-3", "LOC-1"}, {"D1", "A-4", ""}, {"D2", "B-1", "LOC-1"}, {"D1", "A-5", "LOC-5"},
	} {
		o := outlet(m.d, m.code, fmt.Sprint("Точка ", i), "Москва", load)
		o.LocalCode = m.local
		stored = append(stored, o)
	}
	write(t, s, stored)
	got, err := s.LocalCodeOwners(t.Context(), "D1", []string{"LOC-1", "LOC-2", "LOC-9"})
	want := map[string][]string{"LOC-1": {"A-1", "A-3"}, "LOC-2": {"A-2"}}
	if err != nil || !maps.EqualFunc(got, want, slices.Equal[[]string]) {
		t.Errorf("owners %v, %v; want %v", got, err, want)
	}
}
