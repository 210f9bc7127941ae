// Package fulfiltest gives integration tests of orders, shipments and the
// scheduled jobs a fresh table on DynamoDB Local and moto's SES, wired
// exactly as the functions are (fulfilfn.New), with a clock the test
// moves, call and item counters, and a fault injector on the table client.
// Its ground floor, FnEnv (the functions' environment on a fresh table of
// the emulators), serves tests that wire other functions the same way.
// Tests are skipped unless AFTERSALES_INTEGRATION=1.
package fulfiltest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ses"

	"aftersales/infra/localaws"
	"aftersales/infra/localaws/dynamotest"
	"aftersales/shared/acts"
	"aftersales/shared/auth"
	"aftersales/shared/awsclient"
	"aftersales/shared/config"
	"aftersales/shared/dynamo"
	"aftersales/shared/fn"
	"aftersales/shared/fn/actsfn"
	"aftersales/shared/fn/fulfilfn"
	"aftersales/shared/identity"
	"aftersales/shared/orders"
)

// Clock is a clock the test sets and moves.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now tells the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.now = t; c.mu.Unlock() }

// Env is one test's world: a table, the wired services, and the people.
type Env struct {
	T     testing.TB
	Ctx   context.Context
	Clock *Clock
	Env   *fn.Env
	F     *fulfilfn.Fulfilment
	// Acts is the acts service on the same table and clock.
	Acts *acts.Service
	Dir  *identity.Directory
	// Faults fails the table client's writes after a number of them.
	Faults *localaws.Faults
	// Capacity adds up the read and write units the clients consume.
	Capacity *localaws.CapacityCounter
	// Tag is unique to the test: its addresses end in @<tag>.example, so
	// the e-mails moto recorded for it can be told from everybody else's.
	Tag     string
	Manager auth.Caller
	Moto    string
}

// Start is the moment every Env's clock starts at: a Monday 09:00 in Moscow.
var Start = time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC)

// New makes a fresh table and wires everything on it.
func New(t testing.TB) *Env {
	t.Helper()
	ctx := context.Background()
	e := &Env{T: t, Ctx: ctx, Clock: &Clock{now: Start}, Faults: localaws.NewFaults(), Capacity: localaws.NewCapacityCounter(), Tag: randomHex(5),
		Moto: localaws.DefaultEndpoints().Moto}
	e.Env = FnEnv(t, config.Config{Stage: "test", PhotosBucket: "fulfiltest-photos", SenderEmail: "no-reply@fulfiltest.example",
		WebBaseURL: "https://portal.example", Location: Moscow(t), S3PathStyle: true}, e.Clock.Now, e.Faults.Option(), e.Capacity.Option())
	if err := localaws.VerifySender(ctx, ses.NewFromConfig(e.Env.AWS), e.Env.Config.SenderEmail); err != nil {
		t.Fatal(err)
	}
	var err error
	if e.F, err = fulfilfn.New(e.Env); err != nil {
		t.Fatal(err)
	}
	if e.Acts, _, err = actsfn.Service(e.Env); err != nil {
		t.Fatal(err)
	}
	if e.Dir, err = identity.NewDirectory(identity.DirectoryConfig{Store: e.F.People, Hasher: plainHasher{}, Clock: e.Clock.Now}); err != nil {
		t.Fatal(err)
	}
	if err := e.Acts.SeedCategories(ctx); err != nil {
		t.Fatal(err)
	}
	m := e.User(auth.RoleManager, "")
	e.Manager = m
	return e
}

// FnEnv is what the functions are built from (fn.Env) on the emulators, as
// in Lambda: cfg with a fresh table of DynamoDB Local as its TableName, the
// SDK configuration read from the environment (awsclient.Load) that points
// it at DynamoDB Local and moto, with opts added (counters, fault
// injection), and clock. It skips the test unless integration tests are
// enabled.
func FnEnv(t testing.TB, cfg config.Config, clock func() time.Time, opts ...func(*aws.Config)) *fn.Env {
	t.Helper()
	_, cfg.TableName = dynamotest.Table(t)
	localaws.DefaultEndpoints().Apply()
	awsCfg, err := awsclient.Load(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return &fn.Env{Config: cfg, AWS: awsCfg, Clock: clock}
}

// Moscow is the stack's business zone, Europe/Moscow (TIME_ZONE's default).
func Moscow(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

var admin = auth.Caller{UserID: "fulfiltest", Role: auth.RoleAdmin}

// Centre makes a service centre whose address is <name>@<tag>.example and
// returns one of its users.
func (e *Env) Centre(name string) auth.Caller {
	e.T.Helper()
	t, err := e.Dir.CreateTenant(e.Ctx, admin, auth.KindServiceCenter, identity.NewTenant{Name: "СЦ «" + name + "»", Email: e.Address(name)})
	if err != nil {
		e.T.Fatal(err)
	}
	return auth.Caller{UserID: "user-" + t.ID, Role: auth.RoleServiceCenter, Tenant: t.ID}
}

// User makes an account of role (with an address) and returns it as a caller.
func (e *Env) User(role auth.Role, tenant string) auth.Caller {
	e.T.Helper()
	login := "u" + randomHex(5)
	u, _, err := e.Dir.CreateUser(e.Ctx, admin, identity.NewUser{Login: login, Email: e.Address(login), FullName: "Мария Менеджерова",
		Role: role, Tenant: tenant, Password: "fulfiltest-password"})
	if err != nil {
		e.T.Fatal(err)
	}
	return u.Caller("")
}

// Address is a mailbox unique to this test.
func (e *Env) Address(name string) string { return strings.ToLower(name) + "@" + e.Tag + ".example" }

// Mails are the e-mails moto recorded to this test's addresses.
func (e *Env) Mails() []localaws.Mail {
	e.T.Helper()
	all, err := localaws.Mails(e.Ctx, e.Moto)
	if err != nil {
		e.T.Fatal(err)
	}
	var out []localaws.Mail
	for _, m := range all {
		for _, to := range m.To {
			if strings.HasSuffix(to, "@"+e.Tag+".example") {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// Fields are the seed's act, complete for submission, with one part to
// ship and one of the centre's own (compensated), and without an internal
// number (unique per centre).
func Fields() acts.Fields {
	return acts.Fields{
		Category: new("Бензиновая газонокосилка на колесах"), Article: new("ЭГК-1500 Энергопром"),
		SerialNumber: new("01.234.09274"), Complaint: new("Не работает"), Appearance: new(acts.AppearanceUsed),
		SaleDate: new(acts.NewDate(2026, 6, 1)), AcceptedDate: new(acts.NewDate(2026, 6, 15)),
		Completeness: new(acts.CompletenessFull), WarrantyCard: new(true),
		Mechanic: new("Иванов Иван"), Diagnosis: new("Коленвал вышел из строя из-за попадания воды в цилиндр"),
		Conclusion: new("Гарантийный случай, нужна замена коленвала"), WarrantyCase: new(true),
		Parts:        []acts.Part{{Name: "Коленвал", Quantity: 1, OwnPart: true, Price: 78000}, {Name: "Свеча", Quantity: 2, Price: 15000}},
		CustomerName: new("Иванович Дмитрий"), CustomerPhone: new("89347341234"), SellerOrganization: new("ООО Планета радости"),
		Complexity: new(2), ProductState: new(acts.ProductLeftAtServiceCenter),
	}
}

// Submitted files a draft for centre and puts it in review at the clock's
// time, as a submission with every photo attached would.
func (e *Env) Submitted(centre auth.Caller) acts.Act {
	e.T.Helper()
	return e.SubmittedWith(centre, Fields())
}

// SubmittedWith is Submitted with the act's fields f.
func (e *Env) SubmittedWith(centre auth.Caller, f acts.Fields) acts.Act {
	e.T.Helper()
	a, _, err := e.Acts.Create(e.Ctx, centre, f)
	if err != nil {
		e.T.Fatal(err)
	}
	next, err := SubmitDirectly(e.Ctx, e.F.Store.Acts(), a, e.Clock.Now())
	if err != nil {
		e.T.Fatal(err)
	}
	return next
}

// SubmitDirectly puts draft a in review at now straight in storage,
// numbered as a first submission is, in the same write: the arrangement of
// a test that starts past the photo checks.
func SubmitDirectly(ctx context.Context, store *dynamo.Acts, a acts.Act, now time.Time) (acts.Act, error) {
	next := a
	next.Status, next.Version, next.SubmittedAt, next.StatusChangedAt = acts.StatusSubmitted, a.Version+1, &now, now
	if err := store.Write(ctx, acts.Write{ActID: a.ID, Before: &a, After: &next, NumberYear: now.Year()}); err != nil {
		return acts.Act{}, fmt.Errorf("submit act %s: %w", a.ID, err)
	}
	return next, nil
}

// Move takes an action through the acts service, as the API does.
func (e *Env) Move(c auth.Caller, a acts.Act, m acts.Move) acts.Act {
	e.T.Helper()
	m.Version = a.Version
	next, err := e.Acts.Do(e.Ctx, c, a.ID, m)
	if err != nil {
		e.T.Fatalf("%s act %s: %v", m.Action, a.ID, err)
	}
	return next
}

// Approved is a submitted act approved by the manager, with its order.
func (e *Env) Approved(centre auth.Caller) (acts.Act, orders.Order) {
	e.T.Helper()
	a := e.Move(e.Manager, e.Submitted(centre), acts.Move{Action: acts.ActionApprove})
	o, err := e.F.Shipments.Order(e.Ctx, e.Manager, a.OrderIDs[len(a.OrderIDs)-1])
	if err != nil {
		e.T.Fatal(err)
	}
	return a, o
}

// Act reads an act with everything under it.
func (e *Env) Act(id string) acts.Record {
	e.T.Helper()
	rec, err := e.Acts.Get(e.Ctx, e.Manager, id)
	if err != nil {
		e.T.Fatal(err)
	}
	return rec
}

// CommentsWith counts an act's comments that contain text.
func (e *Env) CommentsWith(id, text string) int { return commentsWith(e.Act(id), text) }

func commentsWith(rec acts.Record, text string) int {
	n := 0
	for _, c := range rec.Comments {
		if strings.Contains(c.Text, text) {
			n++
		}
	}
	return n
}

// WantActs checks that every act of list is in status st now and has
// exactly one comment that contains comment (the move's, said once).
func (e *Env) WantActs(list []acts.Act, st acts.Status, comment string) {
	e.T.Helper()
	for _, a := range list {
		rec := e.Act(a.ID)
		if rec.Act.Status != st {
			e.T.Errorf("act %s is %s, want %s", a.Number, rec.Act.Status, st)
		}
		if n := commentsWith(rec, comment); n != 1 {
			e.T.Errorf("act %s has %d comments with %q, want 1: %+v", a.Number, n, comment, rec.Comments)
		}
	}
}

type plainHasher struct{}

func (plainHasher) Hash(p string) (string, error)    { return "plain:" + p, nil }
func (plainHasher) Verify(e, p string) (bool, error) { return e == "plain:"+p, nil }
func (plainHasher) Dummy() string                    { return "plain:\x00" }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Must fails the test on err, naming what was being done.
func (e *Env) Must(err error, what string, args ...any) {
	e.T.Helper()
	if err != nil {
		e.T.Fatalf("%s: %v", fmt.Sprintf(what, args...), err)
	}
}
