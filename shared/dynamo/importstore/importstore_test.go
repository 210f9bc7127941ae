package importstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/importstore"
	"aftersales/shared/imports"
)

// These tests run every access pattern of the loads (keys.go) against
// DynamoDB Local.

// newImports is the loads' storage on a fresh table, through a client that
// counts its calls.
func newImports(t *testing.T) (*importstore.Imports, *localaws.CallCounter) {
	t.Helper()
	s, calls := countedStore(t)
	return importstore.New(s), calls
}

func countedStore(t *testing.T) (*dynamo.Store, *localaws.CallCounter) {
	t.Helper()
	_, table := dynamotest.Table(t)
	t.Parallel()
	calls := localaws.NewCallCounter()
	db := dynamotest.ClientWith(calls.Option())
	return dynamo.New(db, table), calls
}

var loadBase = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func protocol(distributor, upload string, seq int, created time.Time) imports.Protocol {
	obj := imports.Object{Bucket: "b", Key: imports.Key(imports.OutletsUpdate, false, distributor, upload, "Outlets.xlsx"), VersionID: "v1"}
	return imports.Protocol{ID: obj.ProtocolID(), Seq: seq, Distributor: distributor, Procedure: imports.OutletsUpdate,
		FileName: "Outlets.xlsx", UploadID: upload, Object: obj, Status: imports.LoadProcessing, CreatedAt: created, Attempts: 1,
		Lease: imports.Lease{Owner: "owner-" + upload, Until: created.Add(time.Minute)}}
}

func TestAnObjectsProtocolIsClaimedOnceAndHeldByOneOwner(t *testing.T) {
	s, _ := newImports(t)
	ctx := context.Background()
	p := protocol("D1", "u1", 1, loadBase)
	if _, won, err := s.ClaimProtocol(ctx, p); err != nil || !won {
		t.Fatalf("first claim: %v %v", won, err)
	}
	rival := p
	rival.Lease.Owner = "rival"
	stored, won, err := s.ClaimProtocol(ctx, rival)
	if err != nil || won || stored.Lease.Owner != p.Lease.Owner || !stored.Lease.Until.Equal(p.Lease.Until) {
		t.Fatalf("second claim: won %v, stored %+v, %v", won, stored.Lease, err)
	}
	if err := s.SaveProtocol(ctx, rival, "rival"); !errors.Is(err, imports.ErrLeaseLost) {
		t.Errorf("a non-owner saved: %v", err)
	}
	if err := s.TakeOver(ctx, rival, imports.Lease{Owner: p.Lease.Owner, Until: p.Lease.Until.Add(time.Second)}); !errors.Is(err, imports.ErrLeaseLost) {
		t.Errorf("took over a renewed lease: %v", err)
	}
	if err := s.RenewLease(ctx, p.ID, imports.Lease{Owner: p.Lease.Owner, Until: loadBase.Add(2 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	rival.Attempts = 2
	if err := s.TakeOver(ctx, rival, imports.Lease{Owner: p.Lease.Owner, Until: loadBase.Add(2 * time.Minute)}); err != nil {
		t.Fatalf("take over the current lease: %v", err)
	}
	rival.Status, rival.Counts = imports.LoadSucceeded, imports.Counts{Total: 3, Created: 3}
	rival.FirstErrors = []imports.RowError{{Row: 2, Column: "Код ГО", Value: "x", Reason: "r"}}
	if err := s.SaveProtocol(ctx, rival, "rival"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveProtocol(ctx, rival, "rival"); !errors.Is(err, imports.ErrLeaseLost) {
		t.Errorf("saved over a final protocol: %v", err)
	}
	got, err := s.Protocol(ctx, p.ID)
	if err != nil || got.Status != imports.LoadSucceeded || got.Attempts != 2 || got.Counts.Created != 3 ||
		got.FirstErrors[0].Column != "Код ГО" || got.Object != p.Object {
		t.Errorf("stored %+v, %v", got, err)
	}
	if _, err := s.Protocol(ctx, "nope"); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("a missing protocol: %v", err)
	}
}

func TestLoadNumbersCountPerDistributor(t *testing.T) {
	s, _ := newImports(t)
	ctx := context.Background()
	var got []int
	for _, d := range []string{"D1", "D1", "D2", "D1"} {
		n, err := s.NextLoadSeq(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	if !slices.Equal(got, []int{1, 2, 1, 3}) {
		t.Errorf("got %v", got)
	}
}

func TestProtocolsAreListedNewestFirstPerDistributorAndForAdmins(t *testing.T) {
	s, _ := newImports(t)
	ctx := context.Background()
	for i := 1; i <= 3; i++ {
		p := protocol("D1", fmt.Sprintf("u%d", i), i, loadBase.Add(time.Duration(i)*time.Minute))
		if _, _, err := s.ClaimProtocol(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.ClaimProtocol(ctx, protocol("D2", "other", 1, loadBase.Add(10*time.Minute))); err != nil {
		t.Fatal(err)
	}
	page, err := s.ListProtocols(ctx, imports.ProtocolQuery{Distributor: "D1", Limit: 2})
	if err != nil || len(page.Items) != 2 || page.Items[0].Seq != 3 || page.Next == "" {
		t.Fatalf("first page %+v, %v", page, err)
	}
	if _, err := s.ListProtocols(ctx, imports.ProtocolQuery{Distributor: "D2", Cursor: page.Next}); !errors.Is(err, auth.ErrBadCursor) {
		t.Errorf("another distributor's cursor: %v", err)
	}
	page, err = s.ListProtocols(ctx, imports.ProtocolQuery{Distributor: "D1", Limit: 2, Cursor: page.Next})
	if err != nil || len(page.Items) != 1 || page.Items[0].Seq != 1 {
		t.Fatalf("second page %+v, %v", page, err)
	}
	page, err = s.ListProtocols(ctx, imports.ProtocolQuery{Distributor: "D1", UploadID: "u2"})
	if err != nil || len(page.Items) != 1 || page.Items[0].UploadID != "u2" {
		t.Errorf("by upload: %+v, %v", page, err)
	}
	all, err := s.ListProtocols(ctx, imports.ProtocolQuery{})
	if err != nil || len(all.Items) != 4 || all.Items[0].Distributor != "D2" {
		t.Errorf("everybody's: %+v, %v", all, err)
	}
	two, err := s.ProtocolBySeq(ctx, "D1", 2)
	if err != nil || two.UploadID != "u2" {
		t.Errorf("by number: %+v, %v", two, err)
	}
	if _, err := s.ProtocolBySeq(ctx, "D1", 9); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("an unknown number: %v", err)
	}
}

func outlet(d, code, name, city string, load imports.Stamp) imports.StoredOutlet {
	return imports.StoredOutlet{Outlet: imports.Outlet{Code: code, Name: name, Address: "ул. Ленина, 1", City: city,
		Subtype: imports.SubtypeOutlet, Status: imports.StatusActive}, Distributor: d, Changed: load}
}

// write puts outlets and routes through one batch writer.
func write(t *testing.T, s *importstore.Imports, outlets []imports.StoredOutlet, routes ...imports.Route) {
	t.Helper()
	w := s.NewWriter(context.Background())
	for _, o := range outlets {
		if err := w.PutOutlet(o); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range routes {
		if err := w.PutRoute(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOutletsAreWrittenInBatchesAndReadBackByCode(t *testing.T) {
	s, calls := newImports(t)
	ctx := context.Background()
	load := imports.Stamp{LoadID: "L1", LoadSeq: 1, At: loadBase}
	var outlets []imports.StoredOutlet
	for i := range 60 {
		outlets = append(outlets, outlet("D1", fmt.Sprintf("C%03d", i), "Магазин", "Москва", load))
	}
	rich := &outlets[7]
	rich.HasCoordinates, rich.Latitude, rich.Longitude = true, 55.75, 37.61
	rich.HasRDCShare, rich.RDCCode, rich.RDCShare, rich.INN = true, "C000", 0.25, "7707083893"
	calls.Snapshot()
	write(t, s, outlets)
	if n := calls.Snapshot()["DynamoDB.BatchWriteItem"]; n != 3 {
		t.Errorf("60 outlets took %d BatchWriteItem calls, want 3", n)
	}
	codes := []string{"C007", "C059", "NOPE"}
	states, err := s.OutletStates(ctx, codes)
	if err != nil || len(states) != 2 || states["C007"].Distributor != "D1" || states["C007"].Fingerprint != rich.Fingerprint() ||
		states["C059"].LoadID != "L1" {
		t.Fatalf("states %+v, %v", states, err)
	}
	full, err := s.Outlets(ctx, codes)
	if got := full["C007"]; err != nil || !got.HasCoordinates || got.Latitude != 55.75 || !got.HasRDCShare || got.RDCShare != 0.25 ||
		got.INN != "7707083893" || !got.Changed.At.Equal(loadBase) {
		t.Errorf("outlet %+v, %v", got, err)
	}
	var many []string
	for i := range 250 {
		many = append(many, fmt.Sprintf("C%03d", i))
	}
	calls.Snapshot()
	if states, err := s.OutletStates(ctx, many); err != nil || len(states) != 60 {
		t.Errorf("250 codes: %d states, %v", len(states), err)
	}
	if n := calls.Snapshot()["DynamoDB.BatchGetItem"]; n != 3 {
		t.Errorf("250 codes took %d BatchGetItem calls, want 3", n)
	}
}

func TestADistributorsOutletsAreListedByCodeChangeOrLoad(t *testing.T) {
	s, _ := newImports(t)
	ctx := context.Background()
	first := imports.Stamp{LoadID: "L1", LoadSeq: 1, At: loadBase}
	second := imports.Stamp{LoadID: "L2", LoadSeq: 2, At: loadBase.Add(24 * time.Hour)}
	write(t, s, []imports.StoredOutlet{
		outlet("D1", "A-1", "Ромашка", "Москва", first), outlet("D1", "A-2", "Лютик", "Казань", first),
		outlet("D1", "B-1", "Ромашка Плюс", "москва", second), outlet("D2", "A-3", "Чужая", "Москва", second),
	})
	codes := func(p auth.Page[imports.StoredOutlet], err error) []string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, o := range p.Items {
			out = append(out, o.Code)
		}
		return out
	}
	tests := []struct {
		name string
		q    imports.OutletQuery
		want []string
	}{
		{"all, by code", imports.OutletQuery{}, []string{"A-1", "A-2", "B-1"}},
		{"a code prefix", imports.OutletQuery{Code: "A-"}, []string{"A-1", "A-2"}},
		{"a part of the name, any case", imports.OutletQuery{Name: "ромашка"}, []string{"A-1", "B-1"}},
		{"a city, any case", imports.OutletQuery{City: "МОСКВА"}, []string{"A-1", "B-1"}},
		{"changed since, newest first", imports.OutletQuery{ChangedSince: loadBase.Add(time.Hour)}, []string{"B-1"}},
		{"by load", imports.OutletQuery{Load: first}, []string{"A-1", "A-2"}},
		{"by load and code", imports.OutletQuery{Load: first, Code: "A-2"}, []string{"A-2"}},
		{"a load before the change date", imports.OutletQuery{Load: first, ChangedSince: second.At}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Distributor = "D1"
			if got := codes(s.ListOutlets(ctx, tt.q)); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	page, err := s.ListOutlets(ctx, imports.OutletQuery{Distributor: "D1", Limit: 2})
	if err != nil || len(page.Items) != 2 || page.Next == "" {
		t.Fatalf("first page %+v, %v", page, err)
	}
	if got := codes(s.ListOutlets(ctx, imports.OutletQuery{Distributor: "D1", Limit: 2, Cursor: page.Next})); !slices.Equal(got, []string{"B-1"}) {
		t.Errorf("second page %v", got)
	}
	if _, err := s.ListOutlets(ctx, imports.OutletQuery{Distributor: "D2", Cursor: page.Next}); !errors.Is(err, auth.ErrBadCursor) {
		t.Errorf("another distributor's cursor: %v", err)
	}
	all, err := s.ExportOutlets(ctx, imports.OutletQuery{Distributor: "D1"}, 1)
	if err != nil || len(all) != 3 {
		t.Errorf("export past the cap read %d, %v", len(all), err)
	}
}

func TestRoutesAreStoredWholeAndListedByCodeAndOutlet(t *testing.T) {
	s, _ := newImports(t)
	ctx := context.Background()
	load := imports.Stamp{LoadID: "L1", LoadSeq: 1, At: loadBase}
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	r1 := imports.Route{Code: "R1", Territory: "T1", Distributor: "D1", Changed: load, Stops: []imports.Stop{
		{OutletCode: "A-1", Agent: "Иванов", VisitDays: 0b10101, Frequency: imports.Weekly, StartDate: start, Order: 1},
		{OutletCode: "A-2", VisitDays: 0b1, Frequency: imports.Monthly}}}
	r2 := imports.Route{Code: "R2", Territory: "T2", Distributor: "D1", Changed: load, Stops: []imports.Stop{
		{OutletCode: "A-3", VisitDays: 0b10, Frequency: imports.Biweekly}}}
	other := imports.Route{Code: "R1", Territory: "T9", Distributor: "D2", Changed: load, Stops: r2.Stops}
	write(t, s, nil, r1, r2, other)
	got, err := s.Routes(ctx, "D1", []string{"R1", "R9"})
	if err != nil || len(got) != 1 || got["R1"].Territory != "T1" || len(got["R1"].Stops) != 2 ||
		got["R1"].Stops[0] != r1.Stops[0] || !got["R1"].Changed.At.Equal(loadBase) {
		t.Fatalf("routes %+v, %v", got, err)
	}
	byOutlet, err := s.ListRoutes(ctx, imports.RouteQuery{Distributor: "D1", Outlet: "A-3"})
	if err != nil || len(byOutlet.Items) != 1 || byOutlet.Items[0].Code != "R2" {
		t.Errorf("by outlet %+v, %v", byOutlet, err)
	}
	byCode, err := s.ListRoutes(ctx, imports.RouteQuery{Distributor: "D1", Code: "R1"})
	if err != nil || len(byCode.Items) != 1 || byCode.Items[0].Distributor != "D1" {
		t.Errorf("by code %+v, %v", byCode, err)
	}
	since, err := s.ListRoutes(ctx, imports.RouteQuery{Distributor: "D1", ChangedSince: loadBase.Add(time.Second)})
	if err != nil || len(since.Items) != 0 {
		t.Errorf("changed since %+v, %v", since, err)
	}
	all, err := s.ExportRoutes(ctx, imports.RouteQuery{Distributor: "D1"}, 1)
	if err != nil || len(all) != 2 {
		t.Errorf("export past the cap read %d, %v", len(all), err)
	}
}
