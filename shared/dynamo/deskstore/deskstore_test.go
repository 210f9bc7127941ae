package deskstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/apperr"
	"aftersales/shared/auth"
	"aftersales/shared/desk"
	"aftersales/shared/dynamo"
	"aftersales/shared/phone"
)

var at = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

type env struct {
	now   time.Time
	svc   *desk.Service
	calls *localaws.CallCounter
	db    *dynamodb.Client
	table string
}

func newEnv(t testing.TB) *env {
	_, table := dynamotest.Table(t)
	calls := localaws.NewCallCounter()
	db := dynamotest.ClientWith(calls.Option())
	n := 0
	store := New(dynamo.New(db, table))
	e := &env{calls: calls, db: db, table: table, now: at}
	svc, err := desk.NewService(desk.Config{Store: store, Repairs: store, Staff: staff, Phones: phone.Parse, Location: time.UTC,
		Clock: func() time.Time { return e.now }, NewID: func() string { n++; return fmt.Sprintf("id%04d", n) }})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	return e
}

// staff are the centres' users: one technician in each.
var staff = staffFunc(func(_ context.Context, id string) (auth.User, error) {
	switch id {
	case "tech-north":
		return auth.User{ID: id, Role: auth.RoleServiceCenter, Tenant: "north"}, nil
	case "tech-south":
		return auth.User{ID: id, Role: auth.RoleServiceCenter, Tenant: "south"}, nil
	}
	return auth.User{}, auth.ErrNotFound
})

type staffFunc func(ctx context.Context, id string) (auth.User, error)

func (f staffFunc) User(ctx context.Context, id string) (auth.User, error) { return f(ctx, id) }

func centreCaller(sc string) auth.Caller {
	return auth.Caller{UserID: "u-" + sc, Role: auth.RoleServiceCenter, Tenant: sc}
}

var north, south = centreCaller("north"), centreCaller("south")

// techNorth is north's technician, the executor the tests' intakes name.
var techNorth = auth.Caller{UserID: "tech-north", Role: auth.RoleServiceCenter, Tenant: "north", CentreRole: auth.CentreTechnician}

func (e *env) customer(t testing.TB, c auth.Caller, name string, phones ...string) desk.Customer {
	t.Helper()
	cu, err := e.svc.CreateCustomer(context.Background(), c, desk.CustomerInput{Name: name, Phones: phones, ConsentSMS: true})
	if err != nil {
		t.Fatal(err)
	}
	return cu
}

func ids(cs []desk.Customer) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	sort.Strings(out)
	return out
}

func TestACustomerIsFoundByAnyFormOfAnyOfTheirPhonesAndByNameWithinTheCentreOnly(t *testing.T) {
	e := newEnv(t)
	t.Parallel()
	ctx := context.Background()
	e.customer(t, north, "Петров Иван Сергеевич", "8 (934) 734-12-34", "+375 29 123-45-67")
	e.customer(t, north, "Иванова Анна", "+7 916 734-12-34")
	e.customer(t, north, "Сидоров Пётр", "+7 916 000-00-01")
	e.customer(t, south, "Петров Иван (другой СЦ)", "+7 934 734-12-34")
	for typed, want := range map[string][]string{
		"7341234":           {"Иванова Анна", "Петров Иван Сергеевич"},
		"34":                nil, // too short
		"1234":              {"Иванова Анна", "Петров Иван Сергеевич"},
		"8 934 734 12 34":   {"Петров Иван Сергеевич"},
		"+79347341234":      {"Петров Иван Сергеевич"},
		"123-45-67":         {"Петров Иван Сергеевич"},
		"иван":              {"Иванова Анна", "Петров Иван Сергеевич"},
		"Иван Петр":         {"Петров Иван Сергеевич"},
		"петр":              {"Петров Иван Сергеевич", "Сидоров Пётр"},
		"Сергеевич":         {"Петров Иван Сергеевич"},
		"+7 916 000 00 02":  nil,
		"другой":            nil,
		"Сидоров Пётр Иван": nil,
	} {
		found, err := e.svc.Search(ctx, north, typed)
		if err != nil {
			t.Fatalf("search %q: %v", typed, err)
		}
		if got := ids(found.Customers); !slices.Equal(got, want) {
			t.Errorf("search %q found %v, want %v", typed, got, want)
		}
	}
}

func TestAPhoneLookupIsAtMostThreeDynamoDBCallsAndNoScan(t *testing.T) {
	e := newEnv(t)
	t.Parallel()
	const n = 2000
	target := seed(t, e, "north", n)
	e.calls.Snapshot()
	found, err := e.svc.Search(context.Background(), north, "7341234")
	if err != nil {
		t.Fatal(err)
	}
	calls := e.calls.Snapshot()
	if got := localaws.Count(calls, "DynamoDB"); got > 3 {
		t.Errorf("a lookup by the last 7 digits made %d DynamoDB calls, want ≤ 3: %v", got, calls)
	}
	if calls["DynamoDB.Scan"] > 0 {
		t.Errorf("the lookup scanned: %v", calls)
	}
	if !slices.ContainsFunc(found.Customers, func(c desk.Customer) bool { return c.ID == target }) {
		t.Errorf("the customer with +79347341234 is not among %d found", len(found.Customers))
	}
	for _, c := range found.Customers {
		if !slices.ContainsFunc(c.Phones, func(p string) bool { return len(p) > 7 && p[len(p)-7:] == "7341234" }) {
			t.Errorf("found %s whose phones %v do not end in 7341234", c.ID, c.Phones)
		}
	}
}

func TestEditingPhonesMovesTheSearchKeysAndAStaleEditIsRefused(t *testing.T) {
	e := newEnv(t)
	t.Parallel()
	ctx := context.Background()
	cu := e.customer(t, north, "Кузнецова Ольга", "+7 934 111-22-33")
	in := desk.CustomerInput{Name: "Смирнова Ольга", Phones: []string{"+7 934 444-55-66"}, Version: cu.Version}
	after, err := e.svc.UpdateCustomer(ctx, north, cu.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != cu.Version+1 {
		t.Errorf("version %d after an edit of %d", after.Version, cu.Version)
	}
	for typed, want := range map[string]int{"1112233": 0, "4445566": 1, "кузнецова": 0, "смирнова": 1, "ольга": 1} {
		found, err := e.svc.Search(ctx, north, typed)
		if err != nil {
			t.Fatal(err)
		}
		if len(found.Customers) != want {
			t.Errorf("after the edit %q finds %d, want %d", typed, len(found.Customers), want)
		}
	}
	if _, err := e.svc.UpdateCustomer(ctx, north, cu.ID, in); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("an edit based on the old version: %v, want a conflict", err)
	}
	if _, err := e.svc.UpdateCustomer(ctx, south, cu.ID, desk.CustomerInput{Name: "x", Phones: []string{"+79340000000"}, Version: 2}); !errors.Is(err, auth.NotFound()) {
		t.Errorf("another centre edited the customer: %v", err)
	}
}

func TestASerialIsRegisteredOncePerCentreAndFoundFromAnywhere(t *testing.T) {
	e := newEnv(t)
	t.Parallel()
	ctx := context.Background()
	owner := e.customer(t, north, "Петров Иван", "+7 934 734-12-34")
	mower, err := e.svc.CreateDevice(ctx, north, desk.DeviceInput{CustomerID: owner.ID, Category: "Газонокосилка",
		Maker: "Энергопром", Model: "ГК-1500", Serial: " gk 1500-0042 "})
	if err != nil {
		t.Fatal(err)
	}
	if mower.Serial != "GK1500-0042" {
		t.Errorf("serial stored as %q", mower.Serial)
	}
	_, err = e.svc.CreateDevice(ctx, north, desk.DeviceInput{CustomerID: owner.ID, Category: "Газонокосилка", Model: "ГК-1500", Serial: "GK1500-0042"})
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Conflict || ae.Details["deviceId"] != mower.ID {
		t.Errorf("the same serial again: %v, want a conflict naming %s", err, mower.ID)
	}
	other := e.customer(t, south, "Клиент юга", "+7 934 000-11-22")
	if _, err := e.svc.CreateDevice(ctx, south, desk.DeviceInput{CustomerID: other.ID, Category: "Газонокосилка", Model: "ГК-1500", Serial: "GK1500-0042"}); err != nil {
		t.Errorf("another centre may have a unit with the same serial: %v", err)
	}
	if _, err := e.svc.CreateDevice(ctx, south, desk.DeviceInput{CustomerID: owner.ID, Category: "Газонокосилка", Model: "ГК-1500"}); apperr.CodeOf(err) != apperr.Invalid {
		t.Errorf("a device for another centre's customer: %v, want invalid", err)
	}
	for i := 0; i < 2; i++ { // units without a serial never collide
		if _, err := e.svc.CreateDevice(ctx, north, desk.DeviceInput{CustomerID: owner.ID, Category: "Триммер", Model: "Т-1", Serial: "Б/Н"}); err != nil {
			t.Errorf("a second unit without serial: %v", err)
		}
	}

	card, err := e.svc.DeviceBySerial(ctx, north, "gk1500-0042")
	if err != nil || card.Device.ID != mower.ID || card.Customer.ID != owner.ID {
		t.Errorf("by serial: %+v, %v", card, err)
	}
	found, err := e.svc.Search(ctx, north, "gk1500")
	if err != nil {
		t.Fatal(err)
	}
	if len(found.Devices) != 1 || found.Devices[0].ID != mower.ID || found.Owners[owner.ID].Name != "Петров Иван" {
		t.Errorf("search by serial's beginning: %+v", found)
	}
	cc, err := e.svc.Card(ctx, north, owner.ID)
	if err != nil || len(cc.Devices) != 3 || cc.Devices[2].ID != mower.ID {
		t.Errorf("the customer's card: %+v, %v", cc, err)
	}
	if _, err := e.svc.Device(ctx, south, mower.ID); !errors.Is(err, auth.NotFound()) {
		t.Errorf("another centre read the device: %v", err)
	}
	if _, err := e.svc.Card(ctx, south, owner.ID); !errors.Is(err, auth.NotFound()) {
		t.Errorf("another centre read the customer: %v", err)
	}
}

// seed writes n customers of centre straight to the table (BatchWriteItem,
// as the desk would write them, with their phone keys) and returns the id
// of the one whose number is +79347341234; a few others share its last 7
// digits with other codes.
func seed(t testing.TB, e *env, centre string, n int) string {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	var items []any
	target := ""
	for i := range n {
		p := fmt.Sprintf("+79%02d%07d", r.IntN(100), r.IntN(10_000_000))
		switch {
		case i == n/2:
			p = "+79347341234"
		case i%(n/4+1) == 0:
			p = "+79" + strconv.Itoa(10+i%90) + "7341234"
		}
		c := desk.Customer{ID: fmt.Sprintf("c%07d", i), CentreID: centre, Name: "Клиент " + strconv.Itoa(i),
			Phones: []string{p}, Version: 1, CreatedAt: at, UpdatedAt: at}
		if p == "+79347341234" {
			target = c.ID
		}
		items = append(items, toCustomerItem(c))
		for _, k := range searchKeys(c)[:1] { // the phone key: names are not searched here
			items = append(items, searchItem{PK: k.PK, SK: k.SK, Entity: entitySearch, CustomerID: c.ID})
		}
	}
	const workers = 4
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	chunks := make(chan []any)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for chunk := range chunks {
				if err := writeBatch(e.db, e.table, chunk); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 0; i < len(items); i += 25 {
		chunks <- items[i:min(i+25, len(items))]
	}
	close(chunks)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	return target
}

func writeBatch(db *dynamodb.Client, table string, chunk []any) error {
	var reqs []types.WriteRequest
	for _, it := range chunk {
		av, err := attributevalue.MarshalMap(it)
		if err != nil {
			return err
		}
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: av}})
	}
	req := map[string][]types.WriteRequest{table: reqs}
	for attempt := 0; len(req) > 0; attempt++ {
		out, err := db.BatchWriteItem(context.Background(), &dynamodb.BatchWriteItemInput{RequestItems: req})
		if err != nil {
			return err
		}
		req = out.UnprocessedItems
		if attempt > 0 {
			if err := dynamo.Backoff(context.Background(), attempt); err != nil {
				return err
			}
		}
	}
	return nil
}

// BenchmarkPhoneLookupAmong100kCustomers seeds a centre of 100,000
// customers (DESK_BENCH_CUSTOMERS to change) and looks up by the last 7
// digits: DynamoDB calls per lookup and the median request time against
// DynamoDB Local.
func BenchmarkPhoneLookupAmong100kCustomers(b *testing.B) {
	e := newEnv(b)
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("DESK_BENCH_CUSTOMERS")); err == nil && v > 0 {
		n = v
	}
	seed(b, e, "north", n)
	e.calls.Snapshot()
	var took []time.Duration
	var hits int
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		found, err := e.svc.Search(context.Background(), north, "7341234")
		took = append(took, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		hits = len(found.Customers)
	}
	b.StopTimer()
	calls := e.calls.Snapshot()
	slices.Sort(took)
	b.ReportMetric(float64(n), "customers")
	b.ReportMetric(float64(hits), "found")
	b.ReportMetric(float64(localaws.Count(calls, "DynamoDB"))/float64(b.N), "calls/lookup")
	b.ReportMetric(float64(calls["DynamoDB.Scan"]), "scans")
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "ms-median")
}
