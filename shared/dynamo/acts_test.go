package dynamo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/dynamo"
	"aftersales/shared/dynamo/idemstore"
	"aftersales/shared/httpapi"
	"aftersales/shared/orders"
	"aftersales/shared/timers"
)

// actsEnv is a fresh table with the acts store on a client that counts calls.
type actsEnv struct {
	db    *dynamodb.Client
	table string
	store *dynamo.Acts
	calls *localaws.CallCounter
}

func newActsEnv(t *testing.T) *actsEnv {
	t.Helper()
	_, table := dynamotest.Table(t)
	t.Parallel()
	calls := localaws.NewCallCounter()
	db := dynamotest.ClientWith(calls.Option())
	return &actsEnv{db: db, table: table, store: dynamo.New(db, table).WithDue(timers.DefaultPolicy.DueAt).Acts(), calls: calls}
}

var base = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// act is a draft of centre created at base plus minutes.
func act(id, centre string, minutes int, f acts.Fields) acts.Act {
	at := base.Add(time.Duration(minutes) * time.Minute)
	return acts.Act{ID: id, Number: fmt.Sprintf("2026-%06d", minutes+1), ServiceCenterID: centre, Status: acts.StatusDraft,
		Version: 1, Fields: f, CreatedBy: "u-" + centre, CreatedAt: at, UpdatedAt: at, StatusChangedAt: at}
}

func (e *actsEnv) create(t *testing.T, a acts.Act) acts.Act {
	t.Helper()
	ev := acts.Event{ID: "ev-" + a.ID, ActID: a.ID, At: a.CreatedAt, ActorID: a.CreatedBy, ActorRole: auth.RoleServiceCenter, Type: acts.EventCreated, To: acts.StatusDraft}
	if err := e.store.Write(context.Background(), acts.Write{ActID: a.ID, After: &a, Events: []acts.Event{ev}}); err != nil {
		t.Fatal(err)
	}
	return a
}

// approval stores draft and returns it as stored and as approved (version
// 2) with order orderID, the approval not yet written.
func (e *actsEnv) approval(t *testing.T, draft acts.Act, orderID string) (stored, approved acts.Act) {
	t.Helper()
	stored = e.create(t, draft)
	approved = stored
	approved.Version, approved.Status, approved.OrderIDs = 2, acts.StatusApproved, []string{orderID}
	return stored, approved
}

// move stores a in status to (as the next version) and returns it.
func (e *actsEnv) move(t *testing.T, a acts.Act, to acts.Status, at time.Time) acts.Act {
	t.Helper()
	next := a
	next.Status, next.Version, next.StatusChangedAt = to, a.Version+1, at
	if to == acts.StatusSubmitted {
		next.SubmittedAt = &at
	}
	if err := e.store.Write(context.Background(), acts.Write{ActID: a.ID, Before: &a, After: &next}); err != nil {
		t.Fatal(err)
	}
	return next
}

func ids(list []acts.Act) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.ID
	}
	return out
}

func TestAnActIsReadWithEverythingUnderItInOneQuery(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	f := acts.Fields{Article: new("ЭГК-1500 Энергопром"), SaleDate: new(acts.NewDate(2023, 6, 1)),
		Parts: []acts.Part{{Name: "Коленвал", Quantity: 1, OwnPart: true, Price: 78000}}, Diagnosis: new(`<script>alert("x")</script>`)}
	a := e.create(t, act("a1", "sc1", 0, f))
	next := a
	next.Version = 2
	at := base.Add(time.Hour)
	err := e.store.Write(ctx, acts.Write{ActID: a.ID, Before: &a, After: &next,
		Events: []acts.Event{{ID: "ev2", ActID: a.ID, At: at, ActorID: "m1", ActorRole: auth.RoleManager, Type: acts.EventEdited,
			Changes: []acts.FieldChange{{Field: "mechanic", Old: nil, New: "Петров"}}}},
		Comments: []acts.Comment{{ID: "c1", ActID: a.ID, At: at, AuthorID: "m1", AuthorRole: auth.RoleManager, Text: "Фото?", InfoRequest: true, ReplyDeadline: &at}},
		NewFiles: []acts.File{{ID: "f1", ActID: a.ID, Kind: acts.FileDefect, ContentType: acts.TypeJPEG, Size: 10, Status: acts.FilePending, UploadedBy: "u1", UploaderRole: auth.RoleServiceCenter, CreatedAt: at}}})
	if err != nil {
		t.Fatal(err)
	}
	e.calls.Snapshot()
	rec, err := e.store.Record(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if calls := e.calls.Snapshot(); calls["DynamoDB.Query"] != 1 || len(calls) != 1 {
		t.Errorf("calls = %v, want one Query", calls)
	}
	if rec.Act.Version != 2 || *rec.Act.Diagnosis != `<script>alert("x")</script>` || rec.Act.Parts[0].Price != 78000 || *rec.Act.SaleDate != acts.NewDate(2023, 6, 1) {
		t.Errorf("act = %+v", rec.Act)
	}
	if len(rec.History) != 2 || rec.History[1].Changes[0].New != "Петров" || len(rec.Comments) != 1 || !rec.Comments[0].InfoRequest || len(rec.Files) != 1 {
		t.Errorf("record: %d events (%+v), %d comments, %d files", len(rec.History), rec.History, len(rec.Comments), len(rec.Files))
	}
	if _, err := e.store.Record(ctx, "nope"); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("a missing act: %v, want ErrNotFound", err)
	}
}

func TestAWriteBasedOnAnOldVersionIsRefused(t *testing.T) {
	e := newActsEnv(t)
	a := e.create(t, act("a1", "sc1", 0, acts.Fields{}))
	e.move(t, a, acts.StatusSubmitted, base)
	stale := a
	stale.Version = 2
	if err := e.store.Write(context.Background(), acts.Write{ActID: a.ID, Before: &a, After: &stale}); !errors.Is(err, acts.ErrStale) {
		t.Errorf("Write = %v, want ErrStale", err)
	}
	if err := e.store.Write(context.Background(), acts.Write{ActID: "ghost", Comments: []acts.Comment{{ID: "c", ActID: "ghost", At: base}}}); !errors.Is(err, acts.ErrStale) {
		t.Errorf("a comment on a missing act = %v, want ErrStale", err)
	}
}

func TestOfTwentyConcurrentWritesOfOneVersionExactlyOneWins(t *testing.T) {
	e := newActsEnv(t)
	a := e.create(t, act("a1", "sc1", 0, acts.Fields{}))
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Go(func() {
			next := a
			next.Version, next.Fields.Mechanic = 2, new(fmt.Sprint("Механик ", i))
			errs[i] = e.store.Write(context.Background(), acts.Write{ActID: a.ID, Before: &a, After: &next})
		})
	}
	wg.Wait()
	won, stale := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case errors.Is(err, acts.ErrStale):
			stale++
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if won != 1 || stale != 19 {
		t.Errorf("%d won, %d stale; want 1 and 19", won, stale)
	}
}

func TestConcurrentSubmissionsTakeDistinctConsecutiveNumbersAndAStaleOneTakesNone(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	const n = 40
	drafts := make([]acts.Act, n)
	for i := range drafts {
		d := act(fmt.Sprintf("n%02d", i), "sc1", i, acts.Fields{})
		d.Number = ""
		drafts[i] = e.create(t, d)
	}
	stale := drafts[0]
	stale.Version = 7
	staleNext := stale
	if err := e.store.Write(ctx, acts.Write{ActID: stale.ID, Before: &stale, After: &staleNext, NumberYear: 2026}); !errors.Is(err, acts.ErrStale) || staleNext.Number != "" {
		t.Fatalf("a stale write: %v, number %q; want ErrStale and no number", err, staleNext.Number)
	}
	got := make([]string, n)
	var wg sync.WaitGroup
	for i := range drafts {
		wg.Go(func() {
			before, next := drafts[i], drafts[i]
			next.Status, next.Version = acts.StatusSubmitted, before.Version+1
			if err := e.store.Write(ctx, acts.Write{ActID: before.ID, Before: &before, After: &next, NumberYear: 2026}); err != nil {
				t.Error(err)
			}
			got[i] = next.Number
		})
	}
	wg.Wait()
	slices.Sort(got)
	for i, num := range got {
		if want := acts.FormatNumber(2026, i+1); num != want {
			t.Fatalf("sorted numbers[%d] = %s, want %s (numbers %v)", i, num, want, got)
		}
	}
	rec, err := e.store.Record(ctx, drafts[3].ID)
	if err != nil || rec.Act.Number == "" || !slices.Contains(got, rec.Act.Number) {
		t.Errorf("stored act number %q (%v), want one of the numbers given", rec.Act.Number, err)
	}
	first := act("y27", "sc1", 99, acts.Fields{})
	first.Number = ""
	if err := e.store.Write(ctx, acts.Write{ActID: first.ID, After: &first, NumberYear: 2027}); err != nil || first.Number != "2027-000001" {
		t.Errorf("the first number of 2027 = %q (%v), want 2027-000001", first.Number, err)
	}
}

func TestAnInternalNumberIsUniqueWithinACentre(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	first := e.create(t, act("a1", "sc1", 0, acts.Fields{InternalNumber: new("12833-во-31")}))
	dup := act("a2", "sc1", 1, acts.Fields{InternalNumber: new("12833-ВО-31")})
	if err := e.store.Write(ctx, acts.Write{ActID: dup.ID, After: &dup}); !errors.Is(err, acts.ErrInternalNumberTaken) {
		t.Errorf("the same number (another case) in the same centre: %v, want ErrInternalNumberTaken", err)
	}
	if _, err := e.store.Record(ctx, dup.ID); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("the refused act was stored: %v", err)
	}
	e.create(t, act("a3", "sc2", 2, acts.Fields{InternalNumber: new("12833-во-31")}))
	renamed := first
	renamed.Version, renamed.InternalNumber = 2, new("12834")
	if err := e.store.Write(ctx, acts.Write{ActID: first.ID, Before: &first, After: &renamed}); err != nil {
		t.Fatal(err)
	}
	e.create(t, act("a4", "sc1", 3, acts.Fields{InternalNumber: new("12833-во-31")}))
}

func TestListsReadTheRightIndexInTheRightOrder(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	preSale := acts.AppearancePreSale
	a1 := e.create(t, act("a1", "sc1", 0, acts.Fields{CustomerPhone: new("+79347341234"), Category: new("Бензопила")}))
	a2 := e.create(t, act("a2", "sc2", 10, acts.Fields{Appearance: &preSale, Category: new("Триммер бензиновый")}))
	a3 := e.create(t, act("a3", "sc1", 20, acts.Fields{SerialNumber: new("01.234.09274")}))
	e.create(t, act("a4", "sc2", 30, acts.Fields{}))
	e.move(t, a1, acts.StatusSubmitted, base.Add(time.Hour))
	e.move(t, a2, acts.StatusSubmitted, base.Add(3*time.Hour))
	e.move(t, a3, acts.StatusSubmitted, base.Add(2*time.Hour))

	tests := []struct {
		name string
		q    acts.ListQuery
		want []string
	}{
		{"a centre's acts, newest first (GSI1)", acts.ListQuery{ServiceCenter: "sc1"}, []string{"a3", "a1"}},
		{"everybody's acts, newest first (GSI2)", acts.ListQuery{}, []string{"a4", "a3", "a2", "a1"}},
		{"the queue: pre-sale first, then the longest waiting (GSI3)", acts.ListQuery{View: acts.ViewQueue}, []string{"a2", "a1", "a3"}},
		{"created within a period", acts.ListQuery{CreatedFrom: base.Add(5 * time.Minute), CreatedBefore: base.Add(25 * time.Minute)}, []string{"a3", "a2"}},
		{"a centre's acts within a period", acts.ListQuery{ServiceCenter: "sc1", CreatedBefore: base.Add(5 * time.Minute)}, []string{"a1"}},
		{"submitted within a period, in the queue", acts.ListQuery{View: acts.ViewQueue, CreatedFrom: base.Add(90 * time.Minute)}, []string{"a2", "a3"}},
		{"one centre's queue", acts.ListQuery{View: acts.ViewQueue, ServiceCenter: "sc1"}, []string{"a1", "a3"}},
		{"by status", acts.ListQuery{Statuses: []acts.Status{acts.StatusDraft}}, []string{"a4"}},
		{"by category", acts.ListQuery{Category: "Бензопила"}, []string{"a1"}},
		{"by phone", acts.ListQuery{Search: []string{"+79347341234"}}, []string{"a1"}},
		{"by a piece of the serial number", acts.ListQuery{Search: []string{"234.092"}}, []string{"a3"}},
		{"by act number", acts.ListQuery{Search: []string{"2026-000021"}}, []string{"a3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.calls.Snapshot()
			page, err := e.store.List(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(page.Acts); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if calls := e.calls.Snapshot(); calls["DynamoDB.Query"] != 1 || len(calls) != 1 {
				t.Errorf("calls = %v, want exactly one Query", calls)
			}
		})
	}
}

func TestAFilteredPageContinuesAfterItsLastAct(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	for i := range 7 {
		a := e.create(t, act(fmt.Sprintf("a%d", i), "sc1", i, acts.Fields{}))
		if i%2 == 0 {
			e.move(t, a, acts.StatusSubmitted, base)
		}
	}
	q := acts.ListQuery{Statuses: []acts.Status{acts.StatusSubmitted}, Limit: 2}
	var got []string
	for range 5 {
		page, err := e.store.List(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ids(page.Acts)...)
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	if want := []string{"a6", "a4", "a2", "a0"}; !slices.Equal(got, want) {
		t.Errorf("pages = %v, want %v", got, want)
	}
	if _, err := e.store.List(ctx, acts.ListQuery{ServiceCenter: "sc2", Cursor: q.Cursor}); !errors.Is(err, auth.ErrBadCursor) {
		t.Errorf("another list's cursor: %v, want ErrBadCursor", err)
	}
}

func TestExportStopsOnceItHasMoreThanTheCap(t *testing.T) {
	e := newActsEnv(t)
	for i := range 5 {
		e.create(t, act(fmt.Sprintf("a%d", i), "sc1", i, acts.Fields{}))
	}
	got, err := e.store.Export(context.Background(), acts.ListQuery{ServiceCenter: "sc1"}, 10)
	if err != nil || len(got) != 5 {
		t.Errorf("Export = %d acts, %v; want 5", len(got), err)
	}
}

func TestAnApprovalStoresItsOrderWhereShipmentsWillFindIt(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	a, next := e.approval(t, act("a1", "sc1", 0, acts.Fields{}), "o1")
	o := orders.Order{ID: "o1", ActID: a.ID, ActNumber: a.Number, ServiceCenterID: "sc1", Payer: orders.PayerWholesaler,
		Status: orders.StatusAwaitingShipment, Lines: []orders.Line{{Name: "Свеча", Quantity: 2, Price: 15000}}, CreatedAt: base}
	if err := e.store.Write(ctx, acts.Write{ActID: a.ID, Before: &a, After: &next, Order: &o}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct{ index, pk, sk string }{
		{"", "PK", "ORDER#o1"},
		{"GSI1", "GSI1PK", "SC#sc1"},
		{"GSI2", "GSI2PK", "ORDERS#awaiting_shipment"},
	} {
		expr, _ := expression.NewBuilder().WithKeyCondition(expression.Key(q.pk).Equal(expression.Value(q.sk))).Build()
		in := &dynamodb.QueryInput{TableName: aws.String(e.table), KeyConditionExpression: expr.KeyCondition(),
			ExpressionAttributeNames: expr.Names(), ExpressionAttributeValues: expr.Values()}
		if q.index != "" {
			in.IndexName = aws.String(q.index)
		}
		out, err := e.db.Query(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, it := range out.Items {
			if e, ok := it["Entity"].(*types.AttributeValueMemberS); ok && e.Value == "order" {
				found++
			}
		}
		if found != 1 {
			t.Errorf("%s %s = %s finds %d orders, want 1", q.index, q.pk, q.sk, found)
		}
	}
	rec, _ := e.store.Record(ctx, a.ID)
	if !slices.Equal(rec.Act.OrderIDs, []string{"o1"}) {
		t.Errorf("act orders = %v", rec.Act.OrderIDs)
	}
}

func TestACheckedFileIsWrittenOnlyOnce(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	a := e.create(t, act("a1", "sc1", 0, acts.Fields{}))
	f := acts.File{ID: "f1", ActID: a.ID, Kind: acts.FileDefect, ContentType: acts.TypeJPEG, Size: 10, Status: acts.FilePending, UploadedBy: "u1", UploaderRole: auth.RoleServiceCenter, CreatedAt: base}
	if err := e.store.Write(ctx, acts.Write{ActID: a.ID, NewFiles: []acts.File{f}}); err != nil {
		t.Fatal(err)
	}
	f.Status = acts.FileAttached
	if err := e.store.Write(ctx, acts.Write{ActID: a.ID, CheckedFiles: []acts.File{f}}); err != nil {
		t.Fatal(err)
	}
	if err := e.store.Write(ctx, acts.Write{ActID: a.ID, CheckedFiles: []acts.File{f}}); !errors.Is(err, acts.ErrFileNotPending) {
		t.Errorf("the second check: %v, want ErrFileNotPending", err)
	}
}

func TestDeletingADraftEmptiesItsPartitionAndFreesItsInternalNumber(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	a := e.create(t, act("a1", "sc1", 0, acts.Fields{InternalNumber: new("77")}))
	var events []acts.Event
	for i := range 120 { // more than one transaction holds
		events = append(events, acts.Event{ID: fmt.Sprintf("e%03d", i), ActID: a.ID, At: base, ActorID: "u", ActorRole: auth.RoleServiceCenter, Type: acts.EventEdited})
	}
	for chunk := range slices.Chunk(events, 90) {
		if err := e.store.Write(ctx, acts.Write{ActID: a.ID, Events: chunk}); err != nil {
			t.Fatal(err)
		}
	}
	rec, err := e.store.Record(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.store.DeleteDraft(ctx, rec); err != nil {
		t.Fatal(err)
	}
	out, err := e.db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(e.table), KeyConditionExpression: aws.String("PK = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: "ACT#a1"}}})
	if err != nil || len(out.Items) != 0 {
		t.Errorf("partition after delete: %d items, %v", len(out.Items), err)
	}
	e.create(t, act("a2", "sc1", 1, acts.Fields{InternalNumber: new("77")}))
}

func TestCategoryNamesAreUniqueIgnoringCase(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	c := acts.Category{ID: "c1", Name: "Бензопила", Active: true, CreatedAt: base, UpdatedAt: base}
	if err := e.store.PutCategory(ctx, c, ""); err != nil {
		t.Fatal(err)
	}
	if err := e.store.PutCategory(ctx, acts.Category{ID: "c2", Name: "БЕНЗОПИЛА", CreatedAt: base}, ""); !errors.Is(err, acts.ErrCategoryTaken) {
		t.Errorf("a duplicate name: %v, want ErrCategoryTaken", err)
	}
	renamed := c
	renamed.Name = "Бензопила цепная"
	if err := e.store.PutCategory(ctx, renamed, c.Name); err != nil {
		t.Fatal(err)
	}
	if err := e.store.PutCategory(ctx, acts.Category{ID: "c3", Name: "Бензопила", CreatedAt: base}, ""); err != nil {
		t.Errorf("the freed name: %v", err)
	}
	list, err := e.store.Categories(ctx)
	if err != nil || len(list) != 2 {
		t.Errorf("Categories = %+v, %v", list, err)
	}
}

func TestOfConcurrentClaimsOfOneIdempotencyKeyOneRuns(t *testing.T) {
	e := newActsEnv(t)
	ctx := context.Background()
	now := base
	idem := idemstore.New(dynamo.New(e.db, e.table), func() time.Time { return now })
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, taken := 0, 0
	for range 20 {
		wg.Go(func() {
			_, err := idem.Claim(ctx, "k1", "fp", now.Add(httpapi.IdempotencyTTL))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case errors.Is(err, httpapi.ErrIdempotencyTaken):
				taken++
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if won != 1 || taken != 19 {
		t.Errorf("%d claims won, %d taken; want 1 and 19", won, taken)
	}
	if err := idem.Complete(ctx, "k1", httpapi.IdempotencyRecord{Fingerprint: "fp", Done: true, Status: 201, Body: []byte(`{"id":"a1"}`),
		Headers: map[string]string{"etag": `"1"`, "location": "/api/acts/a1"}}, now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	prior, err := idem.Claim(ctx, "k1", "fp", now.Add(time.Hour))
	if !errors.Is(err, httpapi.ErrIdempotencyTaken) || !prior.Done || prior.Status != 201 || string(prior.Body) != `{"id":"a1"}` ||
		prior.Headers["etag"] != `"1"` || prior.Headers["location"] != "/api/acts/a1" {
		t.Errorf("replay: %+v, %v", prior, err)
	}
	now = now.Add(2 * time.Hour) // past ExpiresAt: the record no longer counts
	if _, err := idem.Claim(ctx, "k1", "fp2", now.Add(time.Hour)); err != nil {
		t.Errorf("claim after expiry: %v", err)
	}
	if err := idem.Release(ctx, "k1"); err != nil {
		t.Fatal(err)
	}
	if _, err := idem.Claim(ctx, "k1", "fp3", now.Add(time.Hour)); err != nil {
		t.Errorf("claim after release: %v", err)
	}
}
