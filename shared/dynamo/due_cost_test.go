package dynamo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/identitystore"
	"aftersales/shared/dynamo/mailstore"
	"aftersales/shared/mailer"
	"aftersales/shared/notices"
	"aftersales/shared/sesmail"
	"aftersales/shared/timers"
)

// The cost of the hourly job must follow the work due, not the table: these
// measure it on a table of many acts of which few are due, counting the
// items DynamoDB reads (ScannedCount, items got) and the calls made.

// costWorld is a table of acts of costCentres centres, with a counting
// client and the hourly job on it.
type costWorld struct {
	store *dynamo.Store
	reads *localaws.ReadCounter
	calls *localaws.CallCounter
	job   *timers.AutoClose
	now   time.Time
	// version of the seeded acts: a reseeded act is a new version, with
	// its own e-mail.
	version int
}

// costCentres is how many service centres the acts belong to.
const costCentres = 10

func newCostWorld(t testing.TB) *costWorld {
	_, table := dynamotest.Table(t)
	reads, calls := localaws.NewReadCounter(), localaws.NewCallCounter()
	store := dynamo.New(dynamotest.ClientWith(reads.Option(), calls.Option()), table).WithDue(timers.DefaultPolicy.DueAt)
	people := identitystore.New(store)
	endpoints := localaws.DefaultEndpoints()
	sesClient := ses.New(ses.Options{Region: "eu-central-1", BaseEndpoint: aws.String(endpoints.Moto),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
	from := "no-reply@cost.example"
	if err := localaws.VerifySender(context.Background(), sesClient, from); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	loc, _ := time.LoadLocation("Europe/Moscow")
	post := notices.Post{Once: mailer.Once{Ledger: mailstore.New(store), Sender: sesmail.SES{Client: sesClient, From: from, Now: clock}, Now: clock},
		Outbox: store.Outbox()}
	job := &timers.AutoClose{Store: store.Timers(), Directory: people, Letters: notices.Letters{BaseURL: "https://portal.example", Location: loc},
		Post: post, Policy: timers.DefaultPolicy, NewID: auth.NewULID}
	w := &costWorld{store: store, reads: reads, calls: calls, job: job, now: now, version: 5}
	for c := range costCentres {
		id := fmt.Sprintf("sc%02d", c)
		err := people.CreateTenant(context.Background(), auth.Tenant{ID: id, Kind: auth.KindServiceCenter, Name: "СЦ " + id,
			Email: id + "@cost.example", CreatedAt: now}, auth.AuditEntry{ID: "seed-" + id, At: now, Action: auth.ActionTenantCreate})
		if err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// seed writes total acts with BatchWriteItem (25 a call, a few at once),
// as the store would write them: due of them are past their reply deadline,
// one in twenty of the rest has a timer running that is not due yet, and
// the others have none (closed or waiting for a manager).
func (w *costWorld) seed(t testing.TB, total, due int) {
	ctx := context.Background()
	const batch = 25
	chunks := (total + batch - 1) / batch
	err := dynamo.Parallel(ctx, dynamo.DefaultWorkers, chunks, func(ctx context.Context, chunk int) error {
		var reqs []types.WriteRequest
		for i := chunk * batch; i < min((chunk+1)*batch, total); i++ {
			av, err := w.store.ActItem(w.act(i, due))
			if err != nil {
				return err
			}
			reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: av}})
		}
		req := map[string][]types.WriteRequest{w.store.Table(): reqs}
		for len(req) > 0 {
			out, err := w.store.DB().BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: req})
			if err != nil {
				return err
			}
			req = out.UnprocessedItems
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed %d acts: %v", total, err)
	}
	w.reads.Take()
	w.calls.Snapshot()
}

// act is the i-th seeded act.
func (w *costWorld) act(i, due int) acts.Act {
	a := acts.Act{ID: fmt.Sprintf("act%07d", i), Number: fmt.Sprintf("2026-%06d", i+1), ServiceCenterID: fmt.Sprintf("sc%02d", i%costCentres),
		Status: acts.StatusRepaired, Version: w.version, CreatedBy: "seed", CreatedAt: w.now.Add(-30 * 24 * time.Hour),
		UpdatedAt: w.now.Add(-time.Duration(i) * time.Second), Fields: acts.Fields{Article: new("ЭГК-1500 Энергопром")}}
	a.StatusChangedAt = a.UpdatedAt
	switch {
	case i < due:
		deadline := w.now.Add(-time.Hour)
		a.Status, a.ReplyDeadline = acts.StatusInfoRequested, &deadline
	case i%20 == 0:
		a.Status, a.StatusChangedAt = acts.StatusPartsDelivered, w.now.Add(-time.Hour)
	case i%3 == 0:
		submitted := a.UpdatedAt
		a.Status, a.SubmittedAt = acts.StatusSubmitted, &submitted
	}
	return a
}

// cost is what one measured run read and called.
type cost struct {
	items, calls, scans int
	report              timers.Report
}

func (w *costWorld) run(t testing.TB) cost {
	report, err := w.job.Run(context.Background(), w.now)
	if err != nil {
		t.Fatal(err)
	}
	items, _ := w.reads.Take()
	calls := w.calls.Snapshot()
	return cost{items: items, calls: localaws.Count(calls, "DynamoDB"), scans: calls["DynamoDB.Scan"], report: report}
}

func TestAnHourlyRunReadsAboutAsManyItemsAsAreDueNotTheTable(t *testing.T) {
	w := newCostWorld(t)
	t.Parallel()
	const total, due = 5000, 50
	w.seed(t, total, due)
	c := w.run(t)
	if c.report.Closed != due {
		t.Errorf("closed %d acts, want %d: %+v", c.report.Closed, due, c.report)
	}
	if c.scans != 0 {
		t.Errorf("%d Scan calls", c.scans)
	}
	// Per due act: its index entry and its item; per centre its profile.
	if limit := 2*due + 2*costCentres; c.items > limit {
		t.Errorf("read %d items for %d due acts in a table of %d, want at most %d", c.items, due, total, limit)
	}
	t.Logf("%d acts, %d due: read %d items in %d DynamoDB calls", total, due, c.items, c.calls)
	again := w.run(t)
	if again.report.Closed != 0 || again.items > 2*due {
		t.Errorf("a second run: %+v, %d items read", again.report, again.items)
	}
}

// BenchmarkAutoCloseOf100DueAmong100kActs is the figure make bench prints:
// what one hourly run reads with 100,000 acts of which 100 are due, beside
// what a full Scan of the same table reads. Seeding takes a while.
func BenchmarkAutoCloseOf100DueAmong100kActs(b *testing.B) {
	w := newCostWorld(b)
	const total, due = 100_000, 100
	start := time.Now()
	w.seed(b, total, due)
	b.Logf("seeded %d acts in %s", total, time.Since(start).Round(time.Millisecond))
	var c cost
	b.ResetTimer()
	for i := range b.N {
		if i > 0 {
			b.StopTimer()
			w.version++
			w.seed(b, due, due) // put the first acts back to due, as new versions
			b.StartTimer()
		}
		c = w.run(b)
	}
	b.StopTimer()
	start = time.Now()
	scanItems, scanCalls := w.scan(b)
	b.Logf("a full Scan of the same table took %s", time.Since(start).Round(time.Millisecond))
	b.ReportMetric(float64(c.report.Closed), "closed/op")
	b.ReportMetric(float64(c.items), "items-read/op")
	b.ReportMetric(float64(c.calls), "ddb-calls/op")
	b.ReportMetric(float64(scanItems), "scan-items")
	b.ReportMetric(float64(scanCalls), "scan-calls")
	b.ReportMetric(float64(c.items)/float64(scanItems), "read-ratio")
}

// scan reads the whole table the way a job without the due index would
// have to (never done in production code): the baseline of the benchmark.
func (w *costWorld) scan(b *testing.B) (items, calls int) {
	pages := dynamodb.NewScanPaginator(w.store.DB().(*dynamodb.Client), &dynamodb.ScanInput{TableName: aws.String(w.store.Table()), Select: types.SelectCount})
	for pages.HasMorePages() {
		if _, err := pages.NextPage(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	items, _ = w.reads.Take()
	return items, localaws.Count(w.calls.Snapshot(), "DynamoDB")
}
